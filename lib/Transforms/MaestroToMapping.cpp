//===- MaestroToMapping.cpp - --zigzag-maestro-to-mapping -----------------===//
//
// Lowers an op's MAESTRO dataflow (after MAESTRO's completion of each cluster
// level) to a #zigzag.mapping on the MAESTRO-style accelerator (one array
// dim D1 of num_pes PEs; memories l1, l2, dram):
//   - every level's first SpatialMap unrolls its loop over the level's
//     sub-units (mixed unrolling on D1 when several levels unroll), the
//     spatial folds that do not fit stay as a temporal loop at its position;
//   - TemporalMaps become temporal loops of ceil(tile / offset) iterations,
//     in directive order, outer levels outside inner ones;
//   - the loops of the innermost level are kept in l1, those of the levels
//     above it in l2 (which MAESTRO refills from DRAM).
// Sliding windows in output space (TemporalMap(Sz(R),1) Y) are output-row
// loops. Directives a mapping cannot express get a remark naming them and
// leave the op unmapped: SpatialMaps whose sub-units share input halos in a
// way that is not one output tile each, a second SpatialMap at a level
// (row-stationary Y/R), overlapping TemporalMaps on other dimensions.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Dialect/ZigZag/IR/MaestroLayer.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Import/MaestroImport.h"
#include "zigzag/Model/Maestro.h"
#include "zigzag/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringMap.h"

namespace mlir {
namespace zigzag {
#define GEN_PASS_DEF_MAESTROTOMAPPING
#include "zigzag/Transforms/Passes.h.inc"
} // namespace zigzag
} // namespace mlir

using namespace mlir;
using namespace mlir::zigzag;
namespace ms = ::zigzag::maestro;

namespace {
struct MaestroToMappingPass
    : public mlir::zigzag::impl::MaestroToMappingBase<MaestroToMappingPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<ms::Hardware> hw = getMaestroHardware(module);
    if (failed(hw))
      return signalPassFailure();
    bool failedOp = false;
    module.walk([&](Operation *op) {
      auto dataflow =
          op->getAttrOfType<DataflowAttr>(ZigZagDialect::kDataflowAttrName);
      if (dataflow && failed(lower(op, dataflow, *hw)))
        failedOp = true;
    });
    if (failedOp)
      signalPassFailure();
  }

  /// Fails only on errors; an inexpressible dataflow is a remark.
  LogicalResult lower(Operation *op, DataflowAttr dataflow,
                      const ms::Hardware &hw) {
    FailureOr<ms::Layer> layer = maestroLayerFromOp(op, dataflow);
    if (failed(layer))
      return failure();
    std::string why;
    FailureOr<MappingAttr> mapping = mappingFromMaestroLayer(op, *layer, hw, why);
    if (failed(mapping))
      return failure();
    if (!*mapping) {
      op->emitRemark() << "dataflow not lowered to a mapping: " << why;
      return success();
    }
    op->setAttr(ZigZagDialect::kMappingAttrName, *mapping);
    return success();
  }
};
} // namespace
