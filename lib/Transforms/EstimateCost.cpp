//===- EstimateCost.cpp - --zigzag-estimate-cost --------------------------===//
//
// Evaluates every linalg op carrying zigzag.mapping on the module's
// accelerator and writes zigzag.cost.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Analysis/CostAnalysis.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir {
namespace zigzag {
#define GEN_PASS_DEF_ESTIMATECOST
#include "zigzag/Transforms/Passes.h.inc"
} // namespace zigzag
} // namespace mlir

using namespace mlir;
using namespace mlir::zigzag;

namespace {
struct EstimateCostPass
    : public mlir::zigzag::impl::EstimateCostBase<EstimateCostPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> mapped;
    module.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(ZigZagDialect::kMappingAttrName))
        mapped.push_back(op);
    });
    if (mapped.empty())
      return;
    FailureOr<::zigzag::Hardware> hw = getModuleHardware(module);
    if (failed(hw))
      return signalPassFailure();
    ::zigzag::CostModelOptions opts;
    opts.zigzagCompat = zigzagCompat;
    bool failedAny = false;
    for (linalg::LinalgOp op : mapped) {
      FailureOr<MappedOpCost> result = evaluateMappedOp(op, *hw, opts);
      if (failed(result)) {
        failedAny = true;
        continue;
      }
      op->setAttr(ZigZagDialect::kCostAttrName,
                  getCostAttr(&getContext(), result->cost));
    }
    if (failedAny)
      signalPassFailure();
  }
};
} // namespace
