//===- CostAnalysis.cpp - cost of a mapped linalg op ----------------------===//

#include "zigzag/Analysis/CostAnalysis.h"
#include "zigzag/Analysis/HardwareConversion.h"
#include "zigzag/Analysis/MappingConversion.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

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

  MappedOpCost result{std::move(*layer), {}, {}, false};
  const ::zigzag::Workload &w = result.layer.workload;
  // The search mapped DeFiNES's Add layers where I2 follows I1.
  std::optional<::zigzag::Hardware> sharedHw;
  if (op->hasAttr(ZigZagDialect::kInputsShareI1AttrName))
    sharedHw = ::zigzag::shareI1ChainWithI2(accelerator);
  const ::zigzag::Hardware &hw = sharedHw ? *sharedHw : accelerator;
  result.inputsShareI1 = sharedHw.has_value();
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
