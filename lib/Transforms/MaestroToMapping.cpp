//===- MaestroToMapping.cpp - --zigzag-maestro-to-mapping -----------------===//
//
// Lowers each op's MAESTRO dataflow to a #zigzag.mapping on the MAESTRO-style
// accelerator (mappingFromMaestroLayer, lib/Dialect/ZigZag/IR/
// MaestroMapping.cpp, which also describes the translation). A dataflow a
// mapping cannot express gets a remark naming the directive and leaves the
// op unmapped.
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
    FailureOr<MappingAttr> mapping =
        mappingFromMaestroLayer(op, *layer, hw, why);
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
