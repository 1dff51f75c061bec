//===- MaestroMapping.cpp - MAESTRO dataflows <-> #zigzag.mapping ---------===//
//
// The bridge between MAESTRO's directives and our mappings, both ways:
//
// Dataflow -> mapping (after MAESTRO's completion of each cluster level), on
// the MAESTRO-style accelerator (one array dim D1; memories l1, l2, dram):
//   - every level's first SpatialMap unrolls its loop over the level's
//     sub-units (mixed unrolling on D1 when several levels unroll), the
//     spatial folds that do not fit stay as a temporal loop at its position;
//   - TemporalMaps become temporal loops of ceil(tile / offset) iterations,
//     in directive order, outer levels outside inner ones;
//   - the loops of the innermost level are kept in l1, those of the levels
//     above it in l2 (which MAESTRO refills from DRAM).
// Sliding windows in output space (TemporalMap(Sz(R),1) Y) are output-row
// loops. Directives a mapping cannot express are named in `why`: SpatialMaps
// whose sub-units share input halos in a way that is not one output tile
// each, a second SpatialMap at a level (row-stationary Y/R), overlapping
// TemporalMaps on other dimensions.
//
// Mapping -> dataflow: the inverse construction (see dataflowFromMapping).
//
//===----------------------------------------------------------------------===//

#include "zigzag/Dialect/ZigZag/IR/MaestroLayer.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace mlir::zigzag;
namespace ms = ::zigzag::maestro;

StringRef mlir::zigzag::maestroLoopName(ms::LayerType type, ms::Dim d) {
  std::string_view name = ms::loopName(type, d);
  return StringRef(name.data(), name.size());
}

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

FailureOr<MappingAttr>
mlir::zigzag::mappingFromMaestroLayer(Operation *op, const ms::Layer &layer,
                                      const ms::Hardware &hw,
                                      std::string &why) {
  std::string error;
  why.clear();
  std::optional<ms::DataflowLoops> loops =
      ms::lowerDataflow(layer, hw, error, why);
  if (!loops && !error.empty())
    return op->emitError() << "MAESTRO analysis: " << error;
  if (!loops)
    return MappingAttr();
  // The mapping: temporal innermost first; l1 holds the innermost level's
  // loops, l2 the rest.
  MLIRContext *ctx = op->getContext();
  Builder b(ctx);
  SmallVector<SpatialUnrolling> spatialAttr;
  llvm::StringMap<int64_t> merged;
  SmallVector<StringRef> order;
  for (auto [dim, units] : loops->spatial) {
    StringRef loop = maestroLoopName(layer.type, dim);
    if (!merged.count(loop))
      order.push_back(loop);
    merged[loop] = merged.lookup(loop) ? merged[loop] * units : units;
  }
  for (StringRef loop : order)
    spatialAttr.push_back(
        {b.getStringAttr("D1"), b.getStringAttr(loop), merged[loop]});
  SmallVector<TemporalLoop> temporal;
  for (auto [dim, trip] : llvm::reverse(loops->temporal))
    temporal.push_back(
        {b.getStringAttr(maestroLoopName(layer.type, dim)), trip});
  int64_t total = temporal.size();
  int64_t inL1 = static_cast<int64_t>(loops->innermost);
  SmallVector<LevelCut> cuts;
  for (StringRef operand : {"I1", "I2", "O"})
    for (auto [mem, end] : {std::pair<StringRef, int64_t>{"l1", inL1},
                            {"l2", total},
                            {"dram", total}})
      cuts.push_back({b.getStringAttr(operand), b.getStringAttr(mem), end});
  return MappingAttr::get(ctx, spatialAttr, temporal, cuts);
}

/// The importer's loop names of a MAESTRO op kind, in iterator order.
static ArrayRef<StringRef> canonicalLoops(Operation *op) {
  static const StringRef conv[] = {"B", "K", "OY", "OX", "C", "FY", "FX"};
  static const StringRef depthwise[] = {"B", "OY", "OX", "G", "FY", "FX"};
  static const StringRef matmul[] = {"D", "K", "C"};
  StringRef name = op->getName().getStringRef();
  if (name == "linalg.conv_2d_nchw_fchw")
    return conv;
  if (name == "linalg.depthwise_conv_2d_nchw_chw")
    return depthwise;
  if (name == "linalg.matmul")
    return matmul;
  return {};
}

SmallVector<std::string> mlir::zigzag::maestroOpLoopNames(Operation *op) {
  SmallVector<std::string> names;
  size_t n = canonicalLoops(op).size();
  auto attr = op->getAttrOfType<ArrayAttr>(ZigZagDialect::kLoopNamesAttrName);
  for (size_t i = 0; i < n; ++i) {
    StringAttr name =
        attr && i < attr.size() ? dyn_cast<StringAttr>(attr[i]) : StringAttr();
    names.push_back(name ? name.str() : "d" + std::to_string(i));
  }
  return names;
}

StringRef mlir::zigzag::maestroCanonicalLoopName(Operation *op,
                                                 ArrayRef<std::string> opLoops,
                                                 StringRef loop) {
  ArrayRef<StringRef> canonical = canonicalLoops(op);
  for (auto [i, name] : llvm::enumerate(opLoops))
    if (name == loop && i < canonical.size())
      return canonical[i];
  return {};
}

namespace {
/// A temporal loop of the mapping on a MAESTRO dimension.
struct DimLoop {
  ms::Dim dim;
  int64_t trip;
};
} // namespace

/// Splits the innermost level's loops into a prefix whose loops iterate
/// directives (one per dimension) and a suffix of per-PE shares (one per
/// dimension, filter dimensions only here), whose dimensions the lowering
/// orders the same way. nullopt when no split exists.
static std::optional<size_t>
splitInnermost(ArrayRef<DimLoop> loops, function_ref<bool(ms::Dim)> isFilter) {
  for (size_t p = 0; p <= loops.size(); ++p) {
    llvm::SmallSet<unsigned, 8> inA, inB;
    bool ok = true;
    SmallVector<ms::Dim> orderA, orderB;
    for (size_t i = 0; i < loops.size() && ok; ++i) {
      ms::Dim d = loops[i].dim;
      if (i < p) {
        ok = !isFilter(d) && inA.insert(unsigned(d)).second;
        orderA.push_back(d);
      } else {
        ok = inB.insert(unsigned(d)).second;
        orderB.push_back(d);
      }
    }
    if (!ok)
      continue;
    // Dimensions in both parts must keep their relative order.
    SmallVector<ms::Dim> commonA, commonB;
    for (ms::Dim d : orderA)
      if (inB.contains(unsigned(d)))
        commonA.push_back(d);
    for (ms::Dim d : orderB)
      if (inA.contains(unsigned(d)))
        commonB.push_back(d);
    if (commonA == commonB)
      return p;
  }
  return std::nullopt;
}

FailureOr<std::vector<ms::Directive>>
mlir::zigzag::dataflowFromMapping(Operation *op, const ms::Layer &layer,
                                  MappingAttr mapping,
                                  std::vector<std::string> &lost) {
  bool gemm = layer.type == ms::LayerType::GEMM;
  auto isWindow = [&](ms::Dim d) {
    return !gemm && (d == ms::Dim::Y || d == ms::Dim::X);
  };
  auto isFilter = [&](ms::Dim d) {
    return !gemm && (d == ms::Dim::R || d == ms::Dim::S);
  };
  auto layerSize = [&](ms::Dim d) -> int64_t {
    return layer.size(d).value_or(1);
  };
  auto stride = [&](ms::Dim d) -> int64_t {
    for (const ms::LayerDim &ld : layer.dims)
      if (ld.dim == d)
        return ld.stride;
    return 1;
  };
  auto filterOf = [](ms::Dim d) {
    return d == ms::Dim::Y ? ms::Dim::R : ms::Dim::S;
  };
  SmallVector<std::string> opLoops = maestroOpLoopNames(op);
  auto dimOf = [&](StringRef loop) -> std::optional<ms::Dim> {
    StringRef canonical = maestroCanonicalLoopName(op, opLoops, loop);
    for (const ms::LayerDim &ld : layer.dims)
      if (!canonical.empty() &&
          maestroLoopName(layer.type, ld.dim) == canonical)
        return ld.dim;
    return std::nullopt;
  };
  auto loopName = [&](ms::Dim d) {
    return maestroLoopName(layer.type, d).str();
  };
  auto unknownLoop = [&](StringRef loop) {
    return op->emitError() << "zigzag.mapping: loop '" << loop
                           << "' has no MAESTRO dimension";
  };

  // Tiles in loop units (output rows/columns for Y/X), top level first.
  std::array<int64_t, ms::kNumDims> tile{};
  for (const ms::LayerDim &ld : layer.dims)
    tile[unsigned(ld.dim)] = ld.size;
  for (ms::Dim d : {ms::Dim::Y, ms::Dim::X})
    if (!gemm && layer.size(d))
      tile[unsigned(d)] =
          (layerSize(d) - layerSize(filterOf(d))) / stride(d) + 1;

  // Spatial unrollings, outer cluster level first.
  SmallVector<DimLoop> spatial;
  SmallVector<StringRef> arrayDims;
  for (const SpatialUnrolling &su : mapping.getSpatial()) {
    if (su.factor <= 1)
      continue;
    std::optional<ms::Dim> d = dimOf(su.loop.getValue());
    if (!d)
      return unknownLoop(su.loop.getValue());
    if (!llvm::is_contained(arrayDims, su.arrayDim.getValue()))
      arrayDims.push_back(su.arrayDim.getValue());
    spatial.push_back({*d, su.factor});
  }
  if (arrayDims.size() > 1)
    lost.push_back("array dims " + llvm::join(arrayDims, ", ") +
                   " become one MAESTRO PE array (one cluster level each)");

  // The innermost memory level of every operand; MAESTRO has one L1 for all.
  ArrayRef<TemporalLoop> temporal = mapping.getTemporal();
  int64_t total = temporal.size();
  llvm::StringMap<SmallVector<LevelCut>> perOperand;
  SmallVector<StringRef> operands;
  for (const LevelCut &c : mapping.getLevels()) {
    if (!perOperand.count(c.operand.getValue()))
      operands.push_back(c.operand.getValue());
    perOperand[c.operand.getValue()].push_back(c);
  }
  int64_t innermostEnd = total;
  bool uneven = false;
  std::string innermostLevels;
  for (auto [i, operand] : llvm::enumerate(operands)) {
    const SmallVector<LevelCut> &cuts = perOperand[operand];
    int64_t end = cuts.front().end;
    if (i > 0 && end != innermostEnd)
      uneven = true;
    innermostEnd = i == 0 ? end : std::min(innermostEnd, end);
    innermostLevels += (i ? ", " : "") + operand.str() + " " +
                       std::to_string(end) + " in '" +
                       cuts.front().memory.getValue().str() + "'";
    for (size_t c = 1; c + 1 < cuts.size(); ++c)
      if (cuts[c].end != total)
        lost.push_back("the loops of " + operand.str() + " above memory '" +
                       cuts[c].memory.getValue().str() + "' (beyond the " +
                       std::to_string(cuts[c].end) +
                       " innermost) are in MAESTRO's L2");
  }
  if (uneven)
    lost.push_back("uneven operand levels (" + innermostLevels +
                   "): every operand keeps the " +
                   std::to_string(innermostEnd) +
                   " innermost loops in MAESTRO's L1");

  // Temporal loops outer first, split at the innermost level.
  SmallVector<DimLoop> upper, inner;
  for (auto [i, t] : llvm::enumerate(temporal)) {
    if (t.size <= 1)
      continue;
    std::optional<ms::Dim> d = dimOf(t.loop.getValue());
    if (!d)
      return unknownLoop(t.loop.getValue());
    (static_cast<int64_t>(i) < innermostEnd ? inner : upper)
        .push_back({*d, t.size});
  }
  std::reverse(upper.begin(), upper.end());
  std::reverse(inner.begin(), inner.end());
  // MAESTRO maps the filter whole: its loops join one per-PE share in L1.
  for (ms::Dim f : {ms::Dim::R, ms::Dim::S}) {
    if (!isFilter(f))
      continue;
    int64_t product = 1, count = 0;
    bool above = false;
    for (const DimLoop &l : upper)
      if (l.dim == f) {
        product *= l.trip;
        ++count;
        above = true;
      }
    for (const DimLoop &l : inner)
      if (l.dim == f) {
        product *= l.trip;
        ++count;
      }
    if (count <= 1 && !above)
      continue;
    lost.push_back("the " + loopName(f) +
                   " loops become one loop in L1 (MAESTRO maps the filter "
                   "whole)");
    llvm::erase_if(upper, [&](const DimLoop &l) { return l.dim == f; });
    llvm::erase_if(inner, [&](const DimLoop &l) { return l.dim == f; });
    inner.push_back({f, product});
  }

  std::vector<ms::Directive> out;
  auto mapOf = [&](ms::DirectiveKind kind, ms::Dim d, int64_t share) {
    ms::Directive dir;
    dir.kind = kind;
    dir.dim = d;
    if (isWindow(d)) {
      int64_t st = stride(d), f = tile[unsigned(filterOf(d))];
      // A filter narrower than the stride leaves rows unread between
      // windows; the map still spans the offset (MAESTRO skips nothing).
      dir.size = static_cast<int>(std::max((share - 1) * st + f, share * st));
      dir.offset = static_cast<int>(share * st);
    } else if (isFilter(d) && kind == ms::DirectiveKind::TemporalMap) {
      dir.size = dir.offset = static_cast<int>(layerSize(d));
    } else {
      dir.size = dir.offset = static_cast<int>(share);
    }
    return dir;
  };
  auto cluster = [&](int64_t n) {
    ms::Directive dir;
    dir.kind = ms::DirectiveKind::Cluster;
    dir.size = static_cast<int>(n);
    return dir;
  };
  // The share below a loop of `trip` iterations over the current tile.
  auto divide = [&](ms::Dim d, int64_t trip) {
    int64_t &t = tile[unsigned(d)];
    if (t % trip != 0)
      lost.push_back("loop " + loopName(d) + " " + std::to_string(trip) +
                     " does not divide its tile of " + std::to_string(t));
    t = ceilDiv(t, trip);
    return t;
  };

  // The top level spreads over whatever PEs the hardware has; it unrolls
  // nothing (a SpatialMap over the whole dimension).
  ms::Dim anchor = layer.dims.front().dim;
  for (const ms::LayerDim &ld : layer.dims)
    if (!isWindow(ld.dim) && !isFilter(ld.dim) &&
        !maestroLoopName(layer.type, ld.dim).empty()) {
      anchor = ld.dim;
      break;
    }
  out.push_back(
      mapOf(ms::DirectiveKind::SpatialMap, anchor, tile[unsigned(anchor)]));
  // MAESTRO completes an unmapped Y/X with the whole input extent, which is
  // not a whole number of output rows with a stride: map them in rows.
  for (ms::Dim d : {ms::Dim::Y, ms::Dim::X})
    if (isWindow(d) && layer.size(d))
      out.push_back(
          mapOf(ms::DirectiveKind::TemporalMap, d, tile[unsigned(d)]));

  // Loops above the innermost level: one-cluster levels, each with at most
  // one loop per dimension (MAESTRO iterates a dimension once per level);
  // the first map of such a level is its SpatialMap, which over one
  // cluster iterates like a TemporalMap.
  for (size_t i = 0; i < upper.size();) {
    out.push_back(cluster(1));
    llvm::SmallSet<unsigned, 8> dims;
    bool firstMap = true;
    for (; i < upper.size() && dims.insert(unsigned(upper[i].dim)).second;
         ++i) {
      ms::Dim d = upper[i].dim;
      int64_t share = divide(d, upper[i].trip);
      out.push_back(mapOf(firstMap ? ms::DirectiveKind::SpatialMap
                                   : ms::DirectiveKind::TemporalMap,
                          d, share));
      firstMap = false;
    }
  }

  // Each unrolling but the last: a cluster level of its units.
  for (size_t j = 0; j + 1 < spatial.size(); ++j) {
    out.push_back(cluster(spatial[j].trip));
    int64_t share = divide(spatial[j].dim, spatial[j].trip);
    out.push_back(mapOf(ms::DirectiveKind::SpatialMap, spatial[j].dim, share));
  }

  // The innermost level: the last unrolling over its cluster, and the loops
  // in L1 as a directive's iterations (A) and per-PE shares (B).
  std::optional<DimLoop> last;
  if (!spatial.empty())
    last = spatial.back();
  out.push_back(cluster(last ? last->trip : 1));
  std::optional<size_t> split = splitInnermost(inner, isFilter);
  if (!split) {
    lost.push_back("the order of the loops in L1 (MAESTRO iterates each "
                   "dimension once per level, then each PE's share)");
    // One per-PE share per dimension, in order of first appearance.
    SmallVector<DimLoop> merged;
    for (const DimLoop &l : inner) {
      auto it = llvm::find_if(merged,
                              [&](const DimLoop &m) { return m.dim == l.dim; });
      if (it == merged.end())
        merged.push_back(l);
      else
        it->trip *= l.trip;
    }
    inner = merged;
    split = 0;
  }
  ArrayRef<DimLoop> partA = ArrayRef<DimLoop>(inner).take_front(*split);
  ArrayRef<DimLoop> partB = ArrayRef<DimLoop>(inner).drop_front(*split);
  auto tripIn = [](ArrayRef<DimLoop> part, ms::Dim d) -> int64_t {
    for (const DimLoop &l : part)
      if (l.dim == d)
        return l.trip;
    return 1;
  };
  // Directive order: both parts' orders merged.
  SmallVector<ms::Dim> order;
  auto add = [&](ms::Dim d) {
    if (!llvm::is_contained(order, d))
      order.push_back(d);
  };
  {
    size_t a = 0, b = 0;
    auto inPart = [](ArrayRef<DimLoop> part, ms::Dim d) {
      return llvm::any_of(part, [&](const DimLoop &l) { return l.dim == d; });
    };
    while (a < partA.size() || b < partB.size()) {
      if (a < partA.size() && !inPart(partB, partA[a].dim)) {
        add(partA[a++].dim);
      } else if (b < partB.size() && !inPart(partA, partB[b].dim)) {
        add(partB[b++].dim);
      } else if (a < partA.size() && b < partB.size() &&
                 partA[a].dim == partB[b].dim) {
        add(partA[a++].dim);
        ++b;
      } else if (b < partB.size()) {
        add(partB[b++].dim);
      } else {
        add(partA[a++].dim);
      }
    }
  }
  // Without an L1 loop, the unrolled dimension's map leads the level.
  if (last && !llvm::is_contained(order, last->dim))
    order.insert(order.begin(), last->dim);
  bool haveSpatial = false;
  for (ms::Dim d : order) {
    int64_t t1 = tripIn(partA, d), t2 = tripIn(partB, d);
    int64_t units = last && last->dim == d ? last->trip : 1;
    int64_t expected = t1 * t2 * units;
    if (tile[unsigned(d)] != expected && !isFilter(d))
      lost.push_back("loop " + loopName(d) + ": the L1 loops cover " +
                     std::to_string(expected) + " of its tile of " +
                     std::to_string(tile[unsigned(d)]));
    bool spatialHere = units > 1 || (!last && !haveSpatial);
    ms::DirectiveKind kind = spatialHere && !haveSpatial
                                 ? ms::DirectiveKind::SpatialMap
                                 : ms::DirectiveKind::TemporalMap;
    haveSpatial |= kind == ms::DirectiveKind::SpatialMap;
    out.push_back(mapOf(kind, d, t2));
  }
  if (!haveSpatial) {
    // A level needs a SpatialMap: one over a single element unrolls and
    // iterates nothing.
    ms::Dim d = anchor;
    for (const ms::LayerDim &ld : layer.dims)
      if (tile[unsigned(ld.dim)] == 1 && !isFilter(ld.dim)) {
        d = ld.dim;
        break;
      }
    out.push_back(mapOf(ms::DirectiveKind::SpatialMap, d,
                        isWindow(d) ? 1 : tile[unsigned(d)]));
  }
  return out;
}
