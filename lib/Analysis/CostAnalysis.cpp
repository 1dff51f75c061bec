//===- CostAnalysis.cpp - cost of a mapped linalg op ----------------------===//

#include "zigzag/Analysis/CostAnalysis.h"
#include "zigzag/Analysis/HardwareConversion.h"
#include "zigzag/Analysis/MappingConversion.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Model/DataLocality.h"

using namespace mlir;
using namespace mlir::zigzag;

FailureOr<::zigzag::Hardware> mlir::zigzag::getModuleHardware(ModuleOp module) {
  auto accelerator = module->getAttrOfType<AcceleratorAttr>(
      ZigZagDialect::kAcceleratorAttrName);
  if (!accelerator)
    return mlir::emitError(module.getLoc(), "module has no '")
           << ZigZagDialect::kAcceleratorAttrName
           << "' attribute; attach one with "
              "--zigzag-attach-hardware=\"file=<hardware.yaml>\"";
  return convertHardware(accelerator);
}

/// `hw` without the memories above the last level the mapping names for an
/// operand, when those levels are the innermost part of its hierarchy: the
/// search kept the operand on chip (inter-layer data locality). Any other
/// level list is left for convertMapping to reject.
static ::zigzag::Hardware pruneToMappingLevels(MappingAttr attr,
                                               const ::zigzag::Workload &w,
                                               const ::zigzag::Hardware &hw) {
  ::zigzag::OperandTops tops;
  tops.fill(-1);
  bool pruned = false;
  for (::zigzag::MemOperand op : ::zigzag::kAllMemOperands) {
    if (!w.operand(op).present)
      continue;
    SmallVector<LevelCut> cuts = attr.getLevelsOf(::zigzag::toString(op));
    std::vector<unsigned> hierarchy = hw.hierarchy(op);
    if (cuts.empty() || cuts.size() >= hierarchy.size())
      continue;
    bool prefix = llvm::all_of(llvm::zip(cuts, hierarchy), [&](auto pair) {
      return std::get<0>(pair).memory.getValue() ==
             hw.memories[std::get<1>(pair)].name;
    });
    if (!prefix)
      continue;
    tops[static_cast<unsigned>(op)] = hierarchy[cuts.size() - 1];
    pruned = true;
  }
  return pruned ? ::zigzag::pruneAboveTops(hw, tops) : hw;
}

FailureOr<MappedOpCost>
mlir::zigzag::evaluateMappedOp(linalg::LinalgOp op,
                               const ::zigzag::Hardware &accelerator,
                               const ::zigzag::CostModelOptions &opts) {
  auto mappingAttr =
      op->getAttrOfType<MappingAttr>(ZigZagDialect::kMappingAttrName);
  if (!mappingAttr)
    return op->emitError("has no '")
           << ZigZagDialect::kMappingAttrName << "' attribute";
  std::string whyNot;
  FailureOr<LinalgWorkload> layer = analyzeLinalgOp(op, whyNot);
  if (failed(layer))
    return op->emitError("cannot model this op: ") << whyNot;

  MappedOpCost result{std::move(*layer), {}, {}, false, {}};
  const ::zigzag::Workload &w = result.layer.workload;
  // The search mapped DeFiNES's Add layers where I2 follows I1.
  std::optional<::zigzag::Hardware> sharedHw;
  if (op->hasAttr(ZigZagDialect::kInputsShareI1AttrName))
    sharedHw = ::zigzag::shareI1ChainWithI2(accelerator);
  result.inputsShareI1 = sharedHw.has_value();
  result.hardware =
      pruneToMappingLevels(mappingAttr, w, sharedHw ? *sharedHw : accelerator);
  const ::zigzag::Hardware &hw = result.hardware;
  FailureOr<::zigzag::Mapping> mapping =
      convertMapping(mappingAttr, w, hw, [&] { return op->emitError(); });
  if (failed(mapping))
    return failure();
  result.mapping = std::move(*mapping);

  ::zigzag::CostModel model(w, hw, opts);
  if (!model.setupError().empty())
    return op->emitError("cannot model layer '")
           << w.name << "' on '" << hw.name << "': " << model.setupError();
  std::string problem = model.check(result.mapping);
  if (!problem.empty())
    return op->emitError("mapping of layer '")
           << w.name << "' does not fit '" << hw.name << "': " << problem;
  model.evaluate(result.mapping, result.cost);
  return result;
}

CostAttr mlir::zigzag::getCostAttr(MLIRContext *context,
                                   const ::zigzag::Cost &c) {
  auto f = [](double v) { return llvm::APFloat(v); };
  return CostAttr::get(context, f(c.energy), f(c.macEnergy), f(c.latency),
                       f(c.idealCycle), f(c.idealTemporalCycle),
                       f(c.stallSlack), f(c.onload), f(c.offload),
                       f(c.spatialUtilization));
}
