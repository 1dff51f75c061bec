//===- ZigZagDialect.cpp - zigzag dialect ---------------------------------===//

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Dialect/ZigZag/IR/MaestroLayer.h"
#include "zigzag/Dialect/ZigZag/IR/WorkloadAttrs.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"

using namespace mlir;
using namespace mlir::zigzag;

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.cpp.inc"

void ZigZagDialect::initialize() { registerAttributes(); }

LogicalResult ZigZagDialect::verifyOperationAttribute(Operation *op,
                                                      NamedAttribute attr) {
  // Other zigzag.* names are checked by their own branches or tolerated.
  if (attr.getName() == kAcceleratorAttrName) {
    if (isa<AcceleratorAttr>(attr.getValue()))
      return success();
    return op->emitError()
           << "'" << kAcceleratorAttrName
           << "' must be a #zigzag.accelerator attribute (e.g. from "
              "zigzag-translate --import-zigzag-hardware), got "
           << attr.getValue();
  }
  if (attr.getName() == kZeroCostAttrName) {
    if (isa<UnitAttr>(attr.getValue()))
      return success();
    return op->emitError() << "'" << kZeroCostAttrName
                           << "' must be a unit attribute";
  }
  if (attr.getName() == kDataflowAttrName) {
    auto dataflow = dyn_cast<DataflowAttr>(attr.getValue());
    if (!dataflow)
      return op->emitError() << "'" << kDataflowAttrName
                             << "' must be a #zigzag.dataflow attribute, got "
                             << attr.getValue();
    return verifyDataflowOnOp(op, dataflow);
  }
  // The results the passes write: the readers rely on their typed kinds.
  auto checkKind = [&](StringRef name, bool isKind,
                       StringRef kind) -> LogicalResult {
    if (isKind)
      return success();
    return op->emitError() << "'" << name << "' must be a #zigzag." << kind
                           << " attribute, got " << attr.getValue();
  };
  if (attr.getName() == kConstraintsAttrName)
    return checkKind(kConstraintsAttrName,
                     isa<ConstraintsAttr>(attr.getValue()), "constraints");
  if (attr.getName() == kSearchAttrName)
    return checkKind(kSearchAttrName, isa<SearchStatsAttr>(attr.getValue()),
                     "search");
  if (attr.getName() == kTilingAttrName) {
    auto tiling = dyn_cast<TilingAttr>(attr.getValue());
    if (!tiling)
      return checkKind(kTilingAttrName, false, "tiling");
    // The sizes are in the loop order of the op they tile.
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    if (!linalgOp || tiling.getLevels().empty() ||
        tiling.getLevels().front().size() ==
            static_cast<int64_t>(linalgOp.getNumLoops()))
      return success();
    return op->emitError() << "'" << kTilingAttrName << "' has "
                           << tiling.getLevels().front().size()
                           << " tile sizes per level, but the op has "
                           << linalgOp.getNumLoops() << " loops";
  }
  if (attr.getName() == kTradeoffsAttrName)
    return checkKind(kTradeoffsAttrName, isa<TradeoffsAttr>(attr.getValue()),
                     "tradeoffs");
  if (attr.getName() == kDepthFirstAttrName)
    return checkKind(kDepthFirstAttrName, isa<DepthFirstAttr>(attr.getValue()),
                     "depth_first");
  if (attr.getName() == kDepthFirstResultAttrName)
    return checkKind(kDepthFirstResultAttrName,
                     isa<DepthFirstResultAttr>(attr.getValue()),
                     "depth_first_result");
  if (isWorkloadAttributeName(attr.getName().getValue()))
    return verifyWorkloadAttribute(op, attr);
  return success();
}
