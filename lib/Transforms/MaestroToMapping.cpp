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

/// The op loop name of a MAESTRO dimension (the importer's loop names);
/// empty for a dimension without a loop (a depthwise layer's K).
static StringRef loopOf(ms::LayerType type, ms::Dim d) {
  switch (type) {
  case ms::LayerType::GEMM:
    return d == ms::Dim::M ? "D" : d == ms::Dim::N ? "K" : "C";
  case ms::LayerType::Conv:
  case ms::LayerType::DSConv:
    switch (d) {
    case ms::Dim::N:
      return "B";
    case ms::Dim::K:
      return type == ms::LayerType::DSConv ? "" : "K";
    case ms::Dim::C:
      return type == ms::LayerType::DSConv ? "G" : "C";
    case ms::Dim::R:
      return "FY";
    case ms::Dim::S:
      return "FX";
    case ms::Dim::Y:
      return "OY";
    case ms::Dim::X:
      return "OX";
    default:
      return "";
    }
  }
  return "";
}

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

namespace {
struct Loop {
  StringRef name;
  int64_t trip;
};

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
    std::string error;
    std::optional<std::vector<ms::Level>> levels =
        ms::completeLevels(*layer, hw, error);
    if (!levels)
      return op->emitError() << "MAESTRO analysis: " << error;
    auto inexpressible = [&](const ms::Directive &d, StringRef why) {
      op->emitRemark() << "dataflow not lowered to a mapping: directive "
                       << d.str() << " " << why;
      return success();
    };
    auto stride = [&](ms::Dim d) {
      for (const ms::LayerDim &ld : layer->dims)
        if (ld.dim == d)
          return static_cast<int64_t>(ld.stride);
      return int64_t(1);
    };
    SmallVector<std::pair<StringRef, int64_t>> spatial;
    SmallVector<Loop> outerFirst;
    // One PE's work per innermost iteration: each map's size in loop units.
    SmallVector<Loop> perPE;
    size_t innermostStart = 0;
    for (auto [li, level] : llvm::enumerate(*levels)) {
      bool innermost = li + 1 == levels->size();
      if (innermost)
        innermostStart = outerFirst.size();
      auto tile = [&](ms::Dim d) { return level.tile[unsigned(d)]; };
      bool seenSpatial = false;
      llvm::SmallSet<unsigned, 8> seen;
      for (const ms::Directive &d : level.directives) {
        StringRef loop = loopOf(layer->type, d.dim);
        bool first = seen.insert(unsigned(d.dim)).second;
        bool window = layer->type != ms::LayerType::GEMM &&
                      (d.dim == ms::Dim::Y || d.dim == ms::Dim::X);
        ms::Dim filter = d.dim == ms::Dim::Y ? ms::Dim::R : ms::Dim::S;
        // The extent in loop iterations of this level's tile, and of one
        // map step.
        int64_t extent = tile(d.dim), step = d.offset;
        int64_t size = d.size;
        if (window) {
          int64_t f = tile(filter), st = stride(d.dim);
          if (d.size < f)
            return inexpressible(d, "couples input rows with filter rows "
                                    "(row stationary)");
          if (d.offset % st != 0 || (d.size - f) / st + 1 != d.offset / st)
            return inexpressible(d, "maps overlapping output tiles");
          extent = (tile(d.dim) - f) / st + 1;
          step = d.offset / st;
          size = step;
        } else if (d.kind == ms::DirectiveKind::TemporalMap &&
                   d.size != d.offset) {
          return inexpressible(d, "overlaps its own tiles");
        }
        if (!first) {
          // MAESTRO uses a dimension's first directive; a later one of the
          // same dimension must not iterate.
          if (ceilDiv(extent, step) > 1 ||
              d.kind == ms::DirectiveKind::SpatialMap)
            return inexpressible(d, "maps a dimension mapped before at its "
                                    "level");
          continue;
        }
        if (d.kind == ms::DirectiveKind::SpatialMap) {
          if (seenSpatial)
            return inexpressible(d, "is a second SpatialMap at its level "
                                    "(coupled spatial unrolling)");
          seenSpatial = true;
          if (!window && d.size != d.offset)
            return inexpressible(d, "shares halos between sub-units");
          int64_t units =
              std::min<int64_t>(level.clusterSize, ceilDiv(extent, step));
          if (units > 1 && !loop.empty())
            spatial.push_back({loop, units});
          int64_t fold = ceilDiv(extent, step * level.clusterSize);
          if (fold > 1 && !loop.empty())
            outerFirst.push_back({loop, fold});
        } else {
          int64_t trip = ceilDiv(extent, step);
          if (trip > 1 && !loop.empty())
            outerFirst.push_back({loop, trip});
        }
        int64_t own = std::min(size, extent);
        if (innermost && own > 1 && !loop.empty())
          perPE.push_back({loop, own});
      }
    }
    size_t innermostLoops = outerFirst.size() - innermostStart + perPE.size();
    outerFirst.append(perPE.begin(), perPE.end());
    // The mapping: temporal innermost first; l1 holds the innermost level's
    // loops, l2 the rest.
    MLIRContext *ctx = op->getContext();
    Builder b(ctx);
    SmallVector<SpatialUnrolling> spatialAttr;
    llvm::StringMap<int64_t> merged;
    SmallVector<StringRef> order;
    for (auto [loop, units] : spatial) {
      if (!merged.count(loop))
        order.push_back(loop);
      merged[loop] = merged.lookup(loop) ? merged[loop] * units : units;
    }
    for (StringRef loop : order)
      spatialAttr.push_back(
          {b.getStringAttr("D1"), b.getStringAttr(loop), merged[loop]});
    SmallVector<TemporalLoop> temporal;
    for (const Loop &l : llvm::reverse(outerFirst))
      temporal.push_back({b.getStringAttr(l.name), l.trip});
    int64_t total = temporal.size();
    int64_t inL1 = static_cast<int64_t>(innermostLoops);
    SmallVector<LevelCut> cuts;
    for (StringRef operand : {"I1", "I2", "O"})
      for (auto [mem, end] : {std::pair<StringRef, int64_t>{"l1", inL1},
                              {"l2", total},
                              {"dram", total}})
        cuts.push_back({b.getStringAttr(operand), b.getStringAttr(mem), end});
    op->setAttr(ZigZagDialect::kMappingAttrName,
                MappingAttr::get(ctx, spatialAttr, temporal, cuts));
    return success();
  }
};
} // namespace
