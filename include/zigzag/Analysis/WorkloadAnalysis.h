//===- WorkloadAnalysis.h - linalg op -> zigzag::Workload -------*- C++ -*-===//
//
// Derives ZigZag's view of a linalg op from its indexing maps: loops with
// sizes and iterator types, and for each operand (I1, I2, O) the relevance of
// every loop (r / ir / pr), its partially relevant tensor dims with their
// extents, and precisions. docs/Workloads.md describes the rules.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_ANALYSIS_WORKLOADANALYSIS_H
#define ZIGZAG_ANALYSIS_WORKLOADANALYSIS_H

#include "zigzag/Model/Workload.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Support/LLVM.h"

#include <array>
#include <string>

namespace mlir {
namespace zigzag {

class PrecisionAttr;

/// A linalg op seen as one ZigZag layer.
struct LinalgWorkload {
  ::zigzag::Workload workload;
  /// The DPS operand playing each role, indexed by MemOperand; nullptr for a
  /// role the op does not have (e.g. I2 of an elementwise op on one input).
  std::array<OpOperand *, ::zigzag::kNumMemOperands> operands = {};
  /// Loops of dynamic size, modelled with their `zigzag.assumed_dims` size.
  SmallVector<unsigned> assumedLoops;

  OpOperand *operand(::zigzag::MemOperand role) const {
    return operands[static_cast<unsigned>(role)];
  }
};

/// Builds the workload of `op`. A loop of dynamic size takes its size from
/// `zigzag.assumed_dims`. Fails, with the reason in `whyNot`, for a dynamic
/// loop without an assumed size (or an assumed size for a loop that is not
/// dynamic), indexing maps that are not affine-linear in the loops
/// (symbols, mod, floordiv, ceildiv, products of loops), element types
/// without a bit width, and operand roles that cannot be determined.
FailureOr<LinalgWorkload> analyzeLinalgOp(linalg::LinalgOp op,
                                          std::string &whyNot);

/// The layer name of `op`: `zigzag.layer_name`, else "<op name without its
/// dialect>_<k>" where k counts the ops of the same name before `op` in a
/// pre-order walk of the outermost op (e.g. "matmul_0", "generic_3").
std::string getLayerName(Operation *op);

/// `zigzag.loop_names`, else "d0", "d1", ...
SmallVector<std::string> getLoopNames(linalg::LinalgOp op);

/// `zigzag.precision` of `op`, else of its nearest ancestor; null if none.
PrecisionAttr getPrecisionOverride(Operation *op);

/// Whether every use of `op`'s results is the init (output) operand of
/// another linalg op: a `linalg.fill` or a broadcast bias that only seeds an
/// accumulation, not a layer of its own (ZigZag and DeFiNES have none).
bool onlyInitialisesOutputs(linalg::LinalgOp op);

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_ANALYSIS_WORKLOADANALYSIS_H
