//===- CostAnalysis.h - cost of a mapped linalg op --------------*- C++ -*-===//
//
// Ties the IR to the plain cost model: a linalg op carrying zigzag.mapping
// becomes (Workload, Mapping) and is evaluated on the accelerator.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_ANALYSIS_COSTANALYSIS_H
#define ZIGZAG_ANALYSIS_COSTANALYSIS_H

#include "zigzag/Analysis/WorkloadAnalysis.h"
#include "zigzag/Model/CostModel.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir {
namespace zigzag {

class CostAttr;

/// A mapped op with its cost.
struct MappedOpCost {
  LinalgWorkload layer;
  ::zigzag::Mapping mapping;
  ::zigzag::Cost cost;
  /// Evaluated on shareI1ChainWithI2 of the accelerator (the op has
  /// `zigzag.inputs_share_i1`): the memory indices in `cost` refer to it.
  bool inputsShareI1 = false;
  /// The hardware the cost refers to: the accelerator, after the I2 chain
  /// change above and without the memories above the ones the mapping's
  /// levels stop at (inter-layer data locality, DataLocality.h).
  ::zigzag::Hardware hardware;
};

/// The module's `zigzag.accelerator` as the plain model. Emits an error at
/// the module and fails when it is absent.
FailureOr<::zigzag::Hardware> getModuleHardware(ModuleOp module);

/// Evaluates the `zigzag.mapping` of `op` on `hw` (on shareI1ChainWithI2(hw)
/// when the op has `zigzag.inputs_share_i1`; an operand whose mapping levels
/// stop below its top memory loses the memories above them). Emits an error at
/// the op and fails when the op cannot be modelled or the mapping does not fit
/// the op or the accelerator.
FailureOr<MappedOpCost>
evaluateMappedOp(linalg::LinalgOp op, const ::zigzag::Hardware &hw,
                 const ::zigzag::CostModelOptions &opts);

/// The `zigzag.cost` attribute summarising `cost`.
CostAttr getCostAttr(MLIRContext *context, const ::zigzag::Cost &cost);

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_ANALYSIS_COSTANALYSIS_H
