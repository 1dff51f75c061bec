//===- WorkloadAttrs.h - zigzag workload attributes on ops ------*- C++ -*-===//
//
// The discardable attributes that describe an op as a ZigZag layer
// (docs/Workloads.md):
//   zigzag.layer_name    = "conv1"                       layer name
//   zigzag.loop_names    = ["B", "K", "C", ...]          one per loop
//   zigzag.operands      = ["I1", "I2", "O"]             role per DPS operand
//   zigzag.operand_order = ["O", "I2", "I1"]             ZigZag's equation
//   order zigzag.precision     = #zigzag.precision<...>        (op or ancestor)
//   zigzag.operator_type = "Conv", zigzag.layer_id = 0   imported layers
//   zigzag.adapter                                       importer glue ops
//   zigzag.operand_sources = [-1, 0]                     producer per input
//   zigzag.source_dims = [{C = "K", IX = "OX"}, {}]      DeFiNES, per input
//   zigzag.inputs_share_i1                               DeFiNES Add layers
// and their verification (called by the dialect's verifyOperationAttribute).
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_DIALECT_ZIGZAG_IR_WORKLOADATTRS_H
#define ZIGZAG_DIALECT_ZIGZAG_IR_WORKLOADATTRS_H

#include "zigzag/Model/Hardware.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <array>
#include <optional>
#include <string>

namespace mlir {
namespace zigzag {

/// Spelling of an ignored DPS operand in `zigzag.operands`.
constexpr llvm::StringLiteral kIgnoredOperandRole = "-";

/// Role of each DPS operand (inputs, then inits): a memory operand, or
/// std::nullopt for an operand the model ignores.
using OperandRoles = llvm::SmallVector<std::optional<::zigzag::MemOperand>>;

/// The roles of `op`'s DPS operands: `zigzag.operands` if present, else the
/// defaults (input 0 -> I1, input 1 -> I2, init 0 -> O; further inputs are
/// ignored if they are scalars or rank-0 tensors). Fails with `whyNot` set if
/// `op` is not destination-style, the attribute is malformed, or the defaults
/// do not apply (more non-scalar inputs or inits).
FailureOr<OperandRoles> getOperandRoles(Operation *op, std::string &whyNot);

/// ZigZag's layer-operand order of `op` (`zigzag.operand_order`, else
/// O, I1, I2); roles the op does not have come last.
FailureOr<std::array<::zigzag::MemOperand, ::zigzag::kNumMemOperands>>
getOperandOrder(Operation *op, const OperandRoles &roles, std::string &whyNot);

/// True if `name` is one of the workload attributes above.
bool isWorkloadAttributeName(StringRef name);

/// Verifies the shape of a workload attribute on `op` (types, one loop name
/// per loop of a linalg op, valid and consistent roles, ...).
LogicalResult verifyWorkloadAttribute(Operation *op, NamedAttribute attr);

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_DIALECT_ZIGZAG_IR_WORKLOADATTRS_H
