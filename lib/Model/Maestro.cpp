//===- Maestro.cpp - MAESTRO's data-centric cost model --------------------===//
//
// The analysis follows MAESTRO's (commit 4eb08d1) step by step, because its
// published numbers depend on the exact order of its case enumeration and on
// its per-case volume rules, artefacts included (docs/Maestro.md):
//   1. split the directive list into cluster levels and complete each level
//      (input-centric Y/X, inherited and missing directives, outer stride);
//   2. per level, enumerate iteration cases (init/steady/edge of each
//      directive) with their occurrence counts;
//   3. per case, the NoC ingress/egress volumes and partial sums, the
//      sub-level's runtime (recursively, per case) as computation delay, and
//      a double-buffered max of the three delays;
//   4. at the top level, the per-iteration off-chip reload term.
// Maps keyed by dimension default to 0 for a missing key, as MAESTRO's
// std::map::operator[] does.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Model/Maestro.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace zigzag;
using namespace zigzag::maestro;

static constexpr std::string_view kDimNames[kNumDims] = {
    "N", "G", "K", "C", "R", "S", "Y", "X", "Y'", "X'", "M"};

std::string_view maestro::dimName(Dim dim) {
  return kDimNames[static_cast<unsigned>(dim)];
}

std::optional<Dim> maestro::parseDim(std::string_view name) {
  for (unsigned i = 0; i < kNumDims; ++i)
    if (kDimNames[i] == name)
      return static_cast<Dim>(i);
  return std::nullopt;
}

std::string_view maestro::tensorName(unsigned t) {
  static constexpr std::string_view names[kNumTensors] = {"input", "filter",
                                                          "output"};
  return names[t];
}

std::string Directive::str() const {
  if (kind == DirectiveKind::Cluster)
    return "Cluster(" + std::to_string(size) + (logical ? ",L)" : ",P)");
  std::string s =
      kind == DirectiveKind::TemporalMap ? "TemporalMap(" : "SpatialMap(";
  return s + std::to_string(size) + "," + std::to_string(offset) + ") " +
         std::string(dimName(dim));
}

using DimArray = std::array<int64_t, kNumDims>;

static inline unsigned ix(Dim d) { return static_cast<unsigned>(d); }

namespace {
/// The first error wins; later computations may use zeros.
struct Ctx {
  std::string error;
  bool failed() const { return !error.empty(); }
  void fail(const std::string &msg) {
    if (error.empty())
      error = msg;
  }
};

/// A dimension table of one level (MAESTRO's DimensionTable). Convolutions
/// overlap (X, S) and (Y, R): X/Y are the reference dims, S/R sliding.
struct DimTable {
  DimArray size{};
  DimArray stride{};
  std::array<bool, kNumDims> has{};
  bool conv = false;

  void add(Dim d, int64_t sz, int64_t st) {
    if (has[ix(d)])
      return; // std::map::insert keeps the first entry
    has[ix(d)] = true;
    size[ix(d)] = sz;
    stride[ix(d)] = st;
  }
  int64_t get(Dim d, Ctx &ctx) const {
    if (!has[ix(d)]) {
      ctx.fail("dimension " + std::string(dimName(d)) + " is not defined");
      return 0;
    }
    return size[ix(d)];
  }
  int64_t getStride(Dim d, Ctx &ctx) const {
    if (!has[ix(d)]) {
      ctx.fail("dimension " + std::string(dimName(d)) + " is not defined");
      return 1;
    }
    return stride[ix(d)];
  }
  bool isOverlapped(Dim d) const {
    return conv && (d == Dim::X || d == Dim::S || d == Dim::Y || d == Dim::R);
  }
  bool isSliding(Dim d) const { return conv && (d == Dim::S || d == Dim::R); }
  static Dim counterpart(Dim d) {
    switch (d) {
    case Dim::X:
      return Dim::S;
    case Dim::S:
      return Dim::X;
    case Dim::Y:
      return Dim::R;
    default:
      return Dim::Y;
    }
  }
};

struct Dir {
  DirectiveKind kind;
  int64_t size;
  int64_t ofs;
  Dim dim;
  bool spatial() const { return kind == DirectiveKind::SpatialMap; }
};
} // namespace

using DirList = std::vector<Dir>;

static const Dir *findDirective(const DirList &list, Dim d) {
  for (const Dir &dir : list)
    if (dir.dim == d)
      return &dir;
  return nullptr;
}

static int findDirectiveIdx(const DirList &list, Dim d) {
  for (size_t i = 0; i < list.size(); ++i)
    if (list[i].dim == d)
      return static_cast<int>(i);
  return static_cast<int>(list.size());
}

namespace {
/// Tensor coupling per layer type (MAESTRO hard-codes it).
struct Tensors {
  std::array<std::vector<Dim>, kNumTensors> vars;
  bool couples(unsigned t, Dim d) const {
    return std::find(vars[t].begin(), vars[t].end(), d) != vars[t].end();
  }
};
} // namespace

static Tensors makeTensors(LayerType type, bool batch) {
  Tensors t;
  switch (type) {
  case LayerType::DSConv:
    t.vars[Input] = {Dim::C, Dim::Y, Dim::X};
    t.vars[Filter] = {Dim::C, Dim::R, Dim::S};
    t.vars[Output] = {Dim::C, Dim::Y, Dim::X};
    break;
  case LayerType::GEMM:
    t.vars[Input] = {Dim::M, Dim::K};
    t.vars[Filter] = {Dim::K, Dim::N};
    t.vars[Output] = {Dim::M, Dim::N};
    return t;
  case LayerType::Conv:
    t.vars[Input] = {Dim::C, Dim::Y, Dim::X};
    t.vars[Filter] = {Dim::K, Dim::C, Dim::R, Dim::S};
    t.vars[Output] = {Dim::K, Dim::Y, Dim::X};
    break;
  }
  if (batch) {
    t.vars[Input].insert(t.vars[Input].begin(), Dim::N);
    t.vars[Output].insert(t.vars[Output].begin(), Dim::N);
  }
  return t;
}

/// The sorted (by name) union of the input-class tensors' dimensions.
static std::vector<Dim> inputTensorVars(const Tensors &t) {
  std::vector<Dim> vars = t.vars[Input];
  vars.insert(vars.end(), t.vars[Filter].begin(), t.vars[Filter].end());
  std::sort(vars.begin(), vars.end(),
            [](Dim a, Dim b) { return dimName(a) < dimName(b); });
  vars.erase(std::unique(vars.begin(), vars.end()), vars.end());
  return vars;
}

//===----------------------------------------------------------------------===//
// Cluster levels
//===----------------------------------------------------------------------===//

namespace {
struct ClusterUnit {
  int clusterSize = 1;
  DirList dataflow;
  DimTable dims;
  int numSpatialEdgeClusters = 1;
  int spatialIdx = -1;

  int numClusters(bool edge) const {
    return edge ? numSpatialEdgeClusters : clusterSize;
  }

  void preprocess(Ctx &ctx) {
    // Directive Y'/X' left by an inherited upper level are input-centric now.
    int64_t sizeS = 0, sizeR = 0;
    for (const Dir &d : dataflow) {
      if (d.dim == Dim::S)
        sizeS = d.size;
      else if (d.dim == Dim::R)
        sizeR = d.size;
    }
    for (Dir &d : dataflow) {
      if (d.dim == Dim::OX) {
        d.dim = Dim::X;
        d.size += sizeS - 1;
      } else if (d.dim == Dim::OY) {
        d.dim = Dim::Y;
        d.size += sizeR - 1;
      }
    }
    int numSpatial = 0;
    for (size_t i = 0; i < dataflow.size(); ++i)
      if (dataflow[i].spatial()) {
        if (numSpatial == 0)
          spatialIdx = static_cast<int>(i);
        ++numSpatial;
      }
    if (numSpatial == 0) {
      ctx.fail("a cluster level has no SpatialMap");
      return;
    }
    if (numSpatial > 2) {
      ctx.fail("a cluster level has more than two SpatialMaps");
      return;
    }
    analyzeSpatialEdgeCase(ctx);
  }

  void analyzeSpatialEdgeCase(Ctx &ctx) {
    const Dir &sp = dataflow[spatialIdx];
    int64_t dimSz = dims.get(sp.dim, ctx);
    int64_t mapSize = sp.size, mapOfs = sp.ofs;
    int64_t fullCoverage = mapOfs * (clusterSize - 1) + mapSize;
    if (dimSz > fullCoverage) {
      int64_t steady = ((dimSz - mapSize) / mapOfs + 1) / clusterSize - 1;
      int64_t remaining = dimSz - (steady + 1) * mapOfs * clusterSize;
      numSpatialEdgeClusters =
          remaining < mapSize ? 1 : (remaining - mapSize) / mapOfs + 1;
    } else if (dimSz > mapSize) {
      numSpatialEdgeClusters = (dimSz - mapSize) / mapOfs + 1;
      int64_t coverage = mapOfs * (numSpatialEdgeClusters - 1) + mapSize;
      if (coverage < dimSz)
        ++numSpatialEdgeClusters;
    } else {
      numSpatialEdgeClusters = 1;
    }
    if (dimSz <= mapSize)
      numSpatialEdgeClusters = 1;
  }
};
} // namespace

/// Splits the directive list into levels (index 0 = top) and completes each.
static std::vector<ClusterUnit>
analyzeClusters(const Layer &layer, const Hardware &hw, const Tensors &tensors,
                const DimTable &fullDims, Ctx &ctx) {
  std::vector<Dir> full;
  int64_t uppermost = 1;
  int numLevels = 0;
  int lastClusterSize = hw.numPEs;
  for (const Directive &d : layer.dataflow) {
    full.push_back({d.kind, d.size, d.offset, d.dim});
    if (d.kind == DirectiveKind::Cluster) {
      ++numLevels;
      uppermost *= d.size;
      lastClusterSize = d.size;
      if (uppermost > hw.numPEs) {
        ctx.fail("the Cluster sizes need more PEs than the hardware has");
        return {};
      }
    }
  }
  // The implicit innermost Cluster.
  full.push_back({DirectiveKind::Cluster, lastClusterSize, 0, Dim::K});

  std::vector<ClusterUnit> clusters;
  int numUnits = static_cast<int>(uppermost * (hw.numPEs / uppermost));
  int level = numLevels;
  int lastSize = numUnits;
  std::vector<Dim> inputVars = inputTensorVars(tensors);
  DirList current, prev;
  bool hasPrev = false;
  DimTable dims = fullDims;

  for (const Dir &directive : full) {
    if (directive.kind != DirectiveKind::Cluster) {
      current.push_back(directive);
      continue;
    }
    // Input-centric Y/X: a Y' map becomes a Y map of Y' + R - 1 rows.
    {
      bool hasIX = false, hasIY = false;
      int64_t sizeR = 0, sizeS = 0;
      for (const Dir &d : current) {
        hasIX |= d.dim == Dim::X;
        hasIY |= d.dim == Dim::Y;
        if (d.dim == Dim::R)
          sizeR = d.size;
        if (d.dim == Dim::S)
          sizeS = d.size;
      }
      if (!hasIX) {
        int i = findDirectiveIdx(current, Dim::OX);
        if (i < static_cast<int>(current.size())) {
          current[i].dim = Dim::X;
          current[i].size += sizeS - 1;
        }
      }
      if (!hasIY) {
        int i = findDirectiveIdx(current, Dim::OY);
        if (i < static_cast<int>(current.size())) {
          current[i].dim = Dim::Y;
          current[i].size += sizeR - 1;
        }
      }
    }
    // A dimension the upper level maps but this one does not inherits the
    // upper (size, offset) as an outermost TemporalMap.
    if (hasPrev)
      for (const Dir &upper : prev)
        if (!findDirective(current, upper.dim))
          current.insert(current.begin(),
                         Dir{DirectiveKind::TemporalMap, upper.size, upper.ofs,
                             upper.dim});
    // A dimension mapped nowhere is one full temporal tile.
    for (Dim v : inputVars)
      if (!findDirective(current, v) && dims.has[ix(v)])
        current.push_back(Dir{DirectiveKind::TemporalMap, dims.size[ix(v)],
                              dims.size[ix(v)], v});
    // Outer stride: rescale the maps of strided reference dims (Y, X).
    bool isTop = level == numLevels;
    for (Dir &d : current) {
      int64_t outerStride = dims.getStride(d.dim, ctx);
      if (!dims.isOverlapped(d.dim) || dims.isSliding(d.dim) ||
          outerStride == 1)
        continue;
      int idx = findDirectiveIdx(current, d.dim);
      Dim sliding = DimTable::counterpart(d.dim);
      int64_t slidingSize = fullDims.get(sliding, ctx);
      int64_t mapSize = d.size;
      if (mapSize >= slidingSize) {
        int64_t outMap = (mapSize + outerStride - slidingSize) / outerStride;
        int64_t adjMap = outMap * std::min(outerStride, slidingSize) +
                         std::max<int64_t>(slidingSize - outerStride, 0);
        int64_t adjOfs = outMap * outerStride;
        if (!isTop && slidingSize < outerStride)
          adjOfs = outMap * slidingSize;
        current[idx].size = adjMap;
        current[idx].ofs = adjOfs;
      }
    }
    if (ctx.failed())
      return {};

    int size = isTop ? static_cast<int>(numUnits / uppermost) : lastSize;
    if (size <= 0) {
      ctx.fail("the Cluster sizes need more PEs than the hardware has");
      return {};
    }
    ClusterUnit unit;
    unit.clusterSize = size;
    unit.dataflow = current;
    unit.dims = dims;
    lastSize = static_cast<int>(directive.size);

    // The next level's tile: min(map size, this level's tile) per dim.
    DimTable lower;
    lower.conv = dims.conv;
    for (Dim v : inputVars) {
      const Dir *d = findDirective(current, v);
      if (!d) {
        ctx.fail("dimension " + std::string(dimName(v)) + " is not defined");
        return {};
      }
      lower.add(v, std::min(d->size, dims.get(v, ctx)), dims.getStride(v, ctx));
    }
    unit.preprocess(ctx);
    if (ctx.failed())
      return {};
    clusters.push_back(std::move(unit));
    dims = lower;
    prev = current;
    hasPrev = true;
    current.clear();
    --level;
  }
  return clusters;
}

//===----------------------------------------------------------------------===//
// Iteration cases
//===----------------------------------------------------------------------===//

namespace {
enum class Pos : uint8_t { Init, Steady, Edge };

struct IterState {
  Dim dim;
  Pos pos;
  int64_t occurrences;
  bool unrolled;
  bool initEdge;
  bool spEdgeEdge;
  bool isEdge() const { return pos == Pos::Edge || initEdge; }
};

/// One iteration case: a state per dimension (the last directive of a
/// dimension wins, as in MAESTRO's map) and its occurrence count.
struct IterStatus {
  std::array<const IterState *, kNumDims> states{};
  int64_t occurrences = 1;
  const IterState *get(Dim d, Ctx &ctx) const {
    const IterState *s = states[ix(d)];
    if (!s)
      ctx.fail("dimension " + std::string(dimName(d)) +
               " has no directive at a cluster level");
    return s;
  }
  bool allInit() const {
    for (const IterState *s : states)
      if (s && s->pos != Pos::Init)
        return false;
    return true;
  }
};

struct IterationAnalysis {
  std::vector<std::vector<IterState>> perDirective;
  std::vector<IterStatus> cases;

  IterationAnalysis(const DimTable &dims, const ClusterUnit &cluster,
                    Ctx &ctx) {
    for (const Dir &d : cluster.dataflow) {
      int64_t dimSize = dims.get(d.dim, ctx);
      int64_t mapSize = d.size, mapOfs = d.ofs;
      std::vector<IterState> states;
      if (!d.spatial()) {
        bool initUnroll = dimSize <= mapSize;
        bool initEdge = dimSize < mapSize;
        states.push_back({d.dim, Pos::Init, 1, initUnroll, initEdge, false});
        int64_t steady = (dimSize - mapSize) / mapOfs;
        bool hasSteady = mapSize < dimSize;
        bool hasEdge = steady * mapOfs + mapSize < dimSize;
        if (hasSteady && steady > 0)
          states.push_back({d.dim, Pos::Steady, steady, false, false, false});
        if (!initEdge && hasEdge)
          states.push_back({d.dim, Pos::Edge, 1, false, false, false});
      } else {
        int64_t n = cluster.numClusters(false);
        int64_t coverage = mapSize + mapOfs * (n - 1);
        bool initUnroll = dimSize <= coverage;
        bool initEdge = dimSize < coverage;
        states.push_back({d.dim, Pos::Init, 1, initUnroll, initEdge,
                          /*spEdgeEdge=*/initEdge});
        bool hasSteady = coverage < dimSize;
        int64_t steady = ((dimSize - mapSize) / mapOfs + 1) / n - 1;
        bool hasEdge =
            !initUnroll && ((steady + 1) * (mapOfs * n) + coverage > dimSize &&
                            steady * (mapOfs * n) + coverage != dimSize);
        if (hasSteady && steady > 0)
          states.push_back({d.dim, Pos::Steady, steady, false, false, false});
        bool edgeEdge = false;
        int64_t remaining = dimSize - (steady + 1) * mapOfs * n;
        int64_t active =
            remaining < mapSize ? 1 : (remaining - mapSize) / mapOfs + 1;
        if ((active - 1) * mapOfs + mapSize < remaining)
          edgeEdge = true;
        if (!initEdge && hasEdge)
          states.push_back({d.dim, Pos::Edge, 1, false, false, edgeEdge});
      }
      perDirective.push_back(std::move(states));
    }
    enumerate(ctx);
  }

  static constexpr int64_t kMaxCases = 59049;

  /// MAESTRO's enumeration, kept as is: each counter advances after its
  /// first use and then every `changeFrequency` cases, which is not a plain
  /// odometer when a directive has three states (compat artefact).
  void enumerate(Ctx &ctx) {
    size_t n = perDirective.size();
    int64_t total = 1;
    for (const auto &s : perDirective) {
      total *= static_cast<int64_t>(s.size());
      // 3^10 cases: more directives per level than any real dataflow.
      if (total > kMaxCases) {
        ctx.fail("a cluster level has too many directives (more than " +
                 std::to_string(kMaxCases) + " iteration cases)");
        return;
      }
    }
    std::vector<int64_t> freq(n);
    int64_t acc = 1;
    for (size_t i = n; i-- > 0;) {
      freq[i] = acc;
      acc *= static_cast<int64_t>(perDirective[i].size());
    }
    std::vector<size_t> counters(n, 0);
    cases.reserve(total);
    for (int64_t c = 0; c < total; ++c) {
      IterStatus st;
      int64_t occ = 1;
      for (size_t i = 0; i < n; ++i) {
        size_t s = counters[i];
        const IterState &state = perDirective[i][s];
        st.states[ix(state.dim)] = &state;
        occ *= state.occurrences;
        if (c % freq[i] == 0)
          counters[i] = s + 1 == perDirective[i].size() ? 0 : s + 1;
      }
      st.occurrences = occ;
      cases.push_back(st);
    }
  }
};

//===----------------------------------------------------------------------===//
// Reuse (volumes per case)
//===----------------------------------------------------------------------===//

struct Reuse {
  const ClusterUnit &cl;
  const Tensors &tensors;
  Ctx &ctx;
  DimArray mapped{}, mappedEdge{}, unique{}, uniqueEdge{};

  Reuse(const ClusterUnit &cl, const Tensors &tensors, Ctx &ctx)
      : cl(cl), tensors(tensors), ctx(ctx) {
    for (const Dir &d : cl.dataflow) {
      unsigned v = ix(d.dim);
      int64_t dimSize = cl.dims.get(d.dim, ctx);
      int64_t steady = std::max<int64_t>((dimSize - d.size) / d.ofs, 0);
      bool hasEdge = steady * d.ofs + d.size < dimSize || d.size > dimSize;
      mapped[v] = d.size;
      unique[v] = std::min(d.size, d.ofs);
      if (!d.spatial() && dimSize <= d.size)
        unique[v] = 0;
      int64_t edgeMap = dimSize - (steady + 1) * d.ofs;
      if (edgeMap < 0)
        edgeMap = dimSize;
      int64_t outOfBound = d.size - edgeMap;
      mappedEdge[v] = hasEdge ? edgeMap : d.size;
      uniqueEdge[v] = std::max<int64_t>(d.ofs - outOfBound, 0);
    }
    for (const Dir &d : cl.dataflow) {
      if (!cl.dims.isOverlapped(d.dim) || cl.dims.isSliding(d.dim))
        continue;
      unsigned sl = ix(DimTable::counterpart(d.dim));
      unsigned out = ix(d.dim == Dim::Y ? Dim::OY : Dim::OX);
      unsigned v = ix(d.dim);
      mapped[out] = mapped[v] - mapped[sl] + 1;
      unique[out] = std::min(d.ofs, d.size);
      mappedEdge[out] = mappedEdge[v] - mappedEdge[sl] + 1;
      uniqueEdge[out] = std::min(d.ofs, mappedEdge[out]);
    }
  }

  int64_t mappedVolume(unsigned t) const {
    int64_t r = 1;
    for (Dim v : tensors.vars[t])
      if (findDirective(cl.dataflow, v))
        r *= mapped[ix(v)];
    return r;
  }

  DimTable subClusterDims(const IterStatus &st, bool spEdgeEdge) const {
    DimTable ret;
    const DimTable &cur = cl.dims;
    int numEdge = cl.numClusters(true);
    for (const Dir &d : cl.dataflow) {
      const IterState *s = st.get(d.dim, ctx);
      if (!s)
        return ret;
      int64_t sz = 0;
      unsigned v = ix(d.dim);
      if (!d.spatial()) {
        sz = s->isEdge() ? mappedEdge[v] : mapped[v];
      } else if (s->pos == Pos::Init) {
        sz = s->isEdge() && (numEdge == 1 || spEdgeEdge) ? mappedEdge[v]
                                                         : mapped[v];
      } else if (s->pos == Pos::Steady) {
        sz = mapped[v];
      } else {
        sz = numEdge == 1 || spEdgeEdge ? mappedEdge[v] : mapped[v];
      }
      int64_t stride = cur.getStride(d.dim, ctx);
      ret.add(d.dim, sz, stride);
    }
    for (const Dir &d : cl.dataflow) {
      if (d.dim == Dim::Y)
        ret.add(Dim::OY, ret.get(Dim::Y, ctx) - ret.get(Dim::R, ctx) + 1, 1);
      else if (d.dim == Dim::X)
        ret.add(Dim::OX, ret.get(Dim::X, ctx) - ret.get(Dim::S, ctx) + 1, 1);
    }
    ret.conv = cur.conv;
    return ret;
  }

  int innermostUpdatedIdx(const IterStatus &st) const {
    int r = -1;
    for (size_t i = 0; i < cl.dataflow.size(); ++i) {
      const IterState *s = st.get(cl.dataflow[i].dim, ctx);
      if (s && s->pos != Pos::Init)
        r = static_cast<int>(i);
    }
    return r;
  }

  bool tensorInited(unsigned t, const IterStatus &st, int changingIdx) const {
    for (size_t i = 0; i < cl.dataflow.size(); ++i) {
      Dim d = cl.dataflow[i].dim;
      const IterState *s = st.get(d, ctx);
      if (!s)
        return false;
      if (s->pos == Pos::Init && tensors.couples(t, d) &&
          static_cast<int>(i) > changingIdx && !s->unrolled)
        return true;
    }
    return false;
  }

  int64_t peMappedVolume(unsigned t, const IterStatus &st, bool firstPE,
                         bool edgeEdgePE) const {
    int64_t r = 1;
    for (const Dir &d : cl.dataflow) {
      if (!tensors.couples(t, d.dim))
        continue;
      const IterState *s = st.get(d.dim, ctx);
      if (!s)
        return 0;
      unsigned v = ix(d.dim);
      if (!d.spatial()) {
        r *= s->isEdge() ? mappedEdge[v] : mapped[v];
      } else if (s->isEdge()) {
        int active = cl.numClusters(true);
        if (active == 1 && (firstPE || edgeEdgePE))
          r *= mappedEdge[v];
        else if (active > 1)
          r *= edgeEdgePE ? mappedEdge[v] : mapped[v];
      } else {
        r *= mapped[v];
      }
    }
    return r;
  }

  int64_t peIngressVolume(unsigned t, const IterStatus &st, bool firstPE,
                          bool edgeEdgePE) const {
    int changing = innermostUpdatedIdx(st);
    bool inited = tensorInited(t, st, changing);
    if (changing == -1)
      return peMappedVolume(t, st, firstPE, edgeEdgePE);
    bool changingTensor = false;
    int64_t r = 1;
    for (size_t i = 0; i < cl.dataflow.size(); ++i) {
      const Dir &d = cl.dataflow[i];
      if (!tensors.couples(t, d.dim))
        continue;
      const IterState *s = st.get(d.dim, ctx);
      if (!s)
        return 0;
      unsigned v = ix(d.dim);
      bool isChanging = static_cast<int>(i) == changing;
      bool isReset = static_cast<int>(i) > changing;
      if (isChanging)
        changingTensor = true;
      if (!d.spatial()) {
        if (s->pos == Pos::Init)
          r *= s->isEdge() ? mappedEdge[v] : mapped[v];
        else if (isChanging && !inited)
          r *= std::max<int64_t>(unique[v], 1);
        else
          r *= mapped[v];
      } else if (s->pos == Pos::Init) {
        if (firstPE || !isReset)
          r *= edgeEdgePE ? mappedEdge[v] : mapped[v];
        else
          r *= edgeEdgePE ? uniqueEdge[v] : unique[v];
      } else {
        if (!firstPE && !inited && isChanging)
          r *= edgeEdgePE ? uniqueEdge[v] : unique[v];
        else
          r *= edgeEdgePE ? mappedEdge[v] : mapped[v];
      }
    }
    return changingTensor ? r : 0;
  }

  /// The spatial state of tensor t: whether a coupled dim is spatially
  /// mapped, and the state of the last such dim.
  const IterState *spatialState(unsigned t, const IterStatus &st, bool &mapped,
                                bool &edge) const {
    mapped = edge = false;
    const IterState *sp = nullptr;
    for (Dim v : tensors.vars[t]) {
      const IterState *s = st.get(v, ctx);
      const Dir *d = findDirective(cl.dataflow, v);
      if (!s || !d)
        continue;
      if (d->spatial()) {
        mapped = true;
        sp = s;
        if (s->isEdge())
          edge = true;
      }
    }
    return sp;
  }

  template <typename Fn>
  int64_t acrossPEs(const IterState *sp, bool isMapped, bool isEdge,
                    Fn volume) const {
    int n = cl.numClusters(false), nEdge = cl.numClusters(true);
    if (!isMapped)
      return volume(true, false);
    if (!isEdge)
      return volume(true, false) + (n - 1) * volume(false, false);
    bool ee = sp->spEdgeEdge;
    int64_t r = nEdge == 1 && ee ? volume(true, true) : volume(true, false);
    if (nEdge > 1) {
      int numEE = ee ? 1 : 0;
      int full = std::max(nEdge - numEE - 1, 0);
      r += full * volume(false, false);
      r += numEE * volume(false, true);
    }
    return r;
  }

  int64_t spatialIngress(unsigned t, const IterStatus &st) const {
    bool isMapped, isEdge;
    const IterState *sp = spatialState(t, st, isMapped, isEdge);
    return acrossPEs(sp, isMapped, isEdge, [&](bool first, bool ee) {
      return peIngressVolume(t, st, first, ee);
    });
  }

  int64_t peEgressVolume(unsigned t, const IterStatus &st, bool psums,
                         bool firstPE, bool edgeEdgePE,
                         bool reuseAtEdge = true) const {
    int64_t r = 1;
    int active = cl.numClusters(true);
    if (psums) {
      for (const Dir &d : cl.dataflow) {
        if (tensors.couples(t, d.dim))
          continue;
        const IterState *s = st.get(d.dim, ctx);
        if (!s)
          return 0;
        unsigned v = ix(d.dim);
        if (!d.spatial()) {
          r *= s->isEdge() ? mappedEdge[v] : mapped[v];
          continue;
        }
        if (s->pos == Pos::Init) {
          if (s->isEdge() && edgeEdgePE) {
            if (active == 1 && (firstPE || edgeEdgePE))
              r *= mappedEdge[v];
            else if (active > 1) {
              if (edgeEdgePE)
                r *= mappedEdge[v];
              else if (firstPE)
                r *= mapped[v];
              else if (unique[v] != 0)
                r *= unique[v];
            }
          } else if (firstPE) {
            r *= mapped[v];
          } else if (unique[v] != 0) {
            r *= unique[v];
          }
        } else if (s->pos == Pos::Steady) {
          if (firstPE)
            r *= mapped[v];
          else if (unique[v] != 0)
            r *= unique[v];
        } else {
          if (active == 1 && (firstPE || edgeEdgePE))
            r *= mappedEdge[v];
          else if (active > 1) {
            if (edgeEdgePE)
              r *= uniqueEdge[v];
            else if (firstPE)
              r *= mapped[v];
            else if (unique[v] != 0)
              r *= unique[v];
          }
        }
      }
    }
    for (Dim dim : tensors.vars[t]) {
      int idx = findDirectiveIdx(cl.dataflow, dim);
      if (idx >= static_cast<int>(cl.dataflow.size())) {
        ctx.fail("dimension " + std::string(dimName(dim)) +
                 " has no directive at a cluster level");
        return 0;
      }
      const Dir &d = cl.dataflow[idx];
      const IterState *s = st.get(dim, ctx);
      if (!s)
        return 0;
      unsigned a = ix(dim == Dim::Y ? Dim::OY : dim == Dim::X ? Dim::OX : dim);
      if (!d.spatial()) {
        if (s->pos == Pos::Init)
          r *= s->isEdge() ? mappedEdge[a] : mapped[a];
        else if (s->pos == Pos::Steady)
          r *= mapped[a];
        else
          r *= mappedEdge[a];
        continue;
      }
      if (s->pos == Pos::Init) {
        if (s->isEdge() && edgeEdgePE) {
          if (active == 1 && (firstPE || edgeEdgePE))
            r *= mappedEdge[a];
          else if (active > 1) {
            if (edgeEdgePE)
              r *= reuseAtEdge ? uniqueEdge[a] : mappedEdge[a];
            else if (firstPE)
              r *= mapped[a];
            else if (unique[a] != 0)
              r *= unique[a];
          }
        } else if (firstPE) {
          r *= mapped[a];
        } else if (unique[a] != 0) {
          r *= unique[a];
        }
      } else if (s->pos == Pos::Steady) {
        if (firstPE)
          r *= mapped[a];
        else if (unique[a] != 0)
          r *= unique[a];
      } else {
        if (active == 1 && (firstPE || edgeEdgePE))
          r *= mappedEdge[ix(dim)]; // MAESTRO indexes Y/X here, not Y'/X'
        else if (active > 1) {
          if (edgeEdgePE)
            r *= uniqueEdge[a];
          else if (firstPE)
            r *= mapped[a];
          else if (unique[a] != 0)
            r *= unique[a];
        }
      }
    }
    return r;
  }

  int64_t spatialEgress(unsigned t, const IterStatus &st) const {
    bool isMapped, isEdge;
    const IterState *sp = spatialState(t, st, isMapped, isEdge);
    return acrossPEs(sp, isMapped, isEdge, [&](bool first, bool ee) {
      return peEgressVolume(t, st, false, first, ee);
    });
  }

  int64_t criticalPathPsums(unsigned t, const IterStatus &st) const {
    bool isMapped, isEdge;
    const IterState *sp = spatialState(t, st, isMapped, isEdge);
    if (!isMapped || !isEdge)
      return peEgressVolume(t, st, true, true, false);
    bool ee = cl.numClusters(true) == 1 && sp->spEdgeEdge;
    return peEgressVolume(t, st, true, true, ee);
  }

  /// MACs over the sub-cluster array in this case.
  int64_t outputPsumMappingSize(unsigned t, const IterStatus &st) const {
    bool isMapped, isEdge;
    const IterState *sp = spatialState(t, st, isMapped, isEdge);
    // Partial sums: any SpatialMap of the level counts (the last one wins).
    for (const Dir &d : cl.dataflow) {
      if (!d.spatial())
        continue;
      const IterState *s = st.get(d.dim, ctx);
      if (!s)
        return 0;
      isMapped = true;
      sp = s;
      if (s->isEdge())
        isEdge = true;
    }
    int n = cl.numClusters(false), nEdge = cl.numClusters(true);
    if (!isMapped)
      return n * peEgressVolume(t, st, true, true, false);
    if (!isEdge)
      return n * peEgressVolume(t, st, true, true, false);
    bool ee = sp->spEdgeEdge;
    int64_t r = nEdge == 1 && ee ? peEgressVolume(t, st, true, true, true)
                                 : peEgressVolume(t, st, true, true, false);
    if (nEdge > 1) {
      int numEE = ee ? 1 : 0;
      int full = std::max(nEdge - numEE - 1, 0);
      r += full * peEgressVolume(t, st, true, true, false);
      r += numEE * peEgressVolume(t, st, true, false, true, false);
    }
    return r;
  }
};

//===----------------------------------------------------------------------===//
// Cost engine
//===----------------------------------------------------------------------===//

enum { Up = 0, Down = 1 };
enum { Rd = 0, Wr = 1 };
enum { DIn = 0, DEg = 1, DComp = 2 };

struct LevelResult {
  int64_t runtime = 0;
  int64_t numComputations = 0;
  int64_t access[2][2][kNumTensors] = {};
  int64_t sizeReq[2][kNumTensors] = {};
  int64_t peakBw = 0;
  long double avgBw = 0;
  int64_t offchipBw = 0;
  double avgActive = 0;
  int64_t spatialOccurrences = 1;
  long double delay[3][3] = {}; // [type][min,max,avg]
  double arithmeticIntensity = 0;
};

struct Engine {
  const std::vector<ClusterUnit> &clusters;
  const Tensors &tensors;
  const Hardware &hw;
  Ctx &ctx;
  std::vector<LevelResult> ret;
  /// A level's result depends only on the level and its tile (the
  /// sub-cluster dimensions); many cases of the level above share a tile.
  struct CacheEntry {
    size_t idx;
    DimArray size;
    std::array<bool, kNumDims> has;
    LevelResult result;
  };
  std::vector<CacheEntry> cache;

  /// analyzeLevel, reusing an earlier result for the same tile.
  void analyzeLevelCached(size_t idx, const DimTable &dims) {
    for (const CacheEntry &e : cache)
      if (e.idx == idx && e.size == dims.size && e.has == dims.has) {
        ret.push_back(e.result);
        return;
      }
    analyzeLevel(idx, dims);
    if (!ctx.failed())
      cache.push_back({idx, dims.size, dims.has, ret.back()});
  }

  int64_t nocDelay(int64_t data) const {
    int64_t bw = hw.nocBandwidth;
    int64_t sends = data / bw + (data % bw != 0 ? 1 : 0);
    return static_cast<int64_t>(hw.nocHops) * hw.nocHopLatency + sends - 1;
  }

  void updateBufferSizeReq(LevelResult &res, const DimTable &dims,
                           const Reuse &ra, const IterStatus &st) {
    for (unsigned t : {unsigned(Input), unsigned(Filter)}) {
      int64_t size = 1;
      for (Dim d : tensors.vars[t])
        size *= dims.get(d, ctx);
      res.sizeReq[Up][t] += ra.spatialIngress(t, st) * 2;
      res.access[Up][Wr][t] = size;
      res.sizeReq[Down][t] += 2 * ra.mappedVolume(t);
    }
    int64_t size = 1;
    for (Dim d : tensors.vars[Output]) {
      if (dims.isOverlapped(d))
        size *= dims.get(d, ctx) - dims.get(DimTable::counterpart(d), ctx) + 1;
      else
        size *= dims.get(d, ctx);
    }
    res.sizeReq[Up][Output] = 2 * ra.spatialEgress(Output, st);
    res.access[Up][Rd][Output] = size;
    res.sizeReq[Down][Output] = 2 * ra.mappedVolume(Output);
  }

  void analyzeLevel(size_t idx, const DimTable &dims) {
    if (ctx.failed())
      return;
    const ClusterUnit &cl = clusters[idx];
    int numSub = cl.numClusters(false), numEdge = cl.numClusters(true);
    Reuse ra(cl, tensors, ctx);
    LevelResult res;
    int64_t peak = 0;
    long double avg = 0;
    int64_t offchip = 0;
    long double delays[3][3];
    for (auto &d : delays) {
      d[0] = std::numeric_limits<long double>::max();
      d[1] = std::numeric_limits<long double>::min();
      d[2] = 0;
    }
    IterationAnalysis ia(dims, cl, ctx);
    if (ctx.failed())
      return;
    const Dir *spmap = nullptr;
    for (const Dir &d : cl.dataflow)
      if (d.spatial()) {
        spmap = &d;
        break;
      }
    int64_t numTotalCases = 0;
    int caseId = 0;
    for (const IterStatus &st : ia.cases) {
      if (caseId == 0)
        updateBufferSizeReq(res, dims, ra, st);
      int64_t occ = st.occurrences;
      int64_t ingress = 0, egress = 0, numPsums = 0, psumMapping = 0;
      {
        int64_t eg = ra.spatialEgress(Output, st);
        psumMapping += ra.outputPsumMappingSize(Output, st);
        egress += eg;
        res.access[Up][Wr][Output] += occ * eg;
        res.access[Down][Wr][Output] += occ * psumMapping;
        res.access[Down][Rd][Output] += occ * psumMapping;
        numPsums += ra.criticalPathPsums(Output, st);
      }
      if (ctx.failed())
        return;
      if (numPsums <= 0)
        continue;
      for (unsigned t : {unsigned(Input), unsigned(Filter)}) {
        int64_t in = ra.spatialIngress(t, st);
        ingress += in;
        int64_t prevRd = res.access[Up][Rd][t];
        res.access[Up][Rd][t] = prevRd + occ * in;
        res.access[Down][Wr][t] = prevRd + occ * in;
        res.access[Down][Rd][t] += occ * psumMapping;
      }
      res.arithmeticIntensity =
          static_cast<double>(psumMapping) / static_cast<double>(ingress);

      int64_t comp = 0;
      std::vector<size_t> subs;
      const IterState *spState = st.get(spmap->dim, ctx);
      if (!spState)
        return;
      int numActive = spState->isEdge() ? numEdge : numSub;
      if (idx + 1 < clusters.size()) {
        auto recurse = [&](bool edgeEdge, int64_t spatialOcc, bool setOcc) {
          DimTable sub = ra.subClusterDims(st, edgeEdge);
          analyzeLevelCached(idx + 1, sub);
          if (ctx.failed())
            return;
          if (setOcc)
            ret.back().spatialOccurrences = spatialOcc;
          subs.push_back(ret.size() - 1);
        };
        if (spState->isEdge()) {
          if (spState->spEdgeEdge) {
            recurse(true, 1, false);
            if (numEdge - 1 > 0)
              recurse(false, numEdge - 1, true);
          } else {
            recurse(false, numEdge, true);
          }
        } else {
          recurse(false, numSub, true);
        }
        if (ctx.failed())
          return;
        for (size_t s : subs)
          comp = std::max(comp, ret[s].runtime);
      } else {
        comp = static_cast<int64_t>(std::ceil(
            static_cast<double>(numPsums) / static_cast<double>(hw.simdLanes)));
      }
      int64_t inDelay = nocDelay(ingress), egDelay = nocDelay(egress);
      int64_t outstanding = st.allInit()
                                ? comp + inDelay
                                : std::max(egDelay, std::max(comp, inDelay));
      if (idx == 0) {
        int64_t obw = hw.offchipBandwidth;
        int64_t outBuf = res.sizeReq[Up][Output] / obw;
        int64_t inBuf =
            (res.sizeReq[Up][Input] + res.sizeReq[Up][Filter]) / obw;
        outstanding = std::max(inBuf / 2, std::max(outstanding, outBuf / 2));
        // MAESTRO divides by a zero delay here and dies of SIGFPE; such a
        // case simply adds no off-chip requirement.
        if (comp != 0) {
          offchip = std::max(offchip, res.sizeReq[Up][Output] / comp);
          offchip = std::max(
              offchip,
              (res.sizeReq[Up][Input] + res.sizeReq[Up][Filter]) / comp);
          offchip /= 2;
        }
        res.offchipBw = offchip;
      }
      res.runtime += occ * outstanding;
      res.numComputations += occ * psumMapping;
      double activeUnits = 0;
      for (size_t s : subs)
        activeUnits += ret[s].avgActive * ret[s].spatialOccurrences;
      if (activeUnits == 0)
        activeUnits = numActive;
      res.avgActive += activeUnits * occ;
      if (comp == 0)
        comp = 1;
      int64_t traffic = std::max(ingress, egress);
      peak = std::max(peak, traffic / comp);
      avg += (occ * traffic) / comp;
      long double vals[3] = {static_cast<long double>(inDelay),
                             static_cast<long double>(egDelay),
                             static_cast<long double>(comp)};
      for (int k = 0; k < 3; ++k) {
        delays[k][2] += occ * vals[k];
        delays[k][0] = std::min(delays[k][0], vals[k]);
        delays[k][1] = std::max(delays[k][1], vals[k]);
      }
      numTotalCases += occ;
      ++caseId;
    }
    if (numTotalCases != 0) {
      avg /= numTotalCases;
      res.avgActive /= numTotalCases;
      for (auto &d : delays)
        d[2] /= numTotalCases;
    }
    res.peakBw = peak;
    res.avgBw = avg;
    for (int k = 0; k < 3; ++k)
      for (int j = 0; j < 3; ++j)
        res.delay[k][j] = delays[k][j];
    ret.push_back(res);
  }
};
} // namespace

/// The layer's full dimension table: the given dims plus the derived
/// input- or output-side Y/X.
static DimTable buildDimTable(const Layer &layer, Ctx &ctx) {
  DimTable t;
  t.conv = layer.type != LayerType::GEMM;
  if (!t.conv) {
    for (const LayerDim &d : layer.dims)
      t.add(d.dim, d.size, d.stride);
    return t;
  }
  int64_t iy = 0, ixSize = 0, oy = 0, ox = 0, r = 0, s = 0;
  int64_t sy = 1, sx = 1;
  bool hasIY = false, hasIX = false, hasOY = false, hasOX = false;
  for (const LayerDim &d : layer.dims) {
    switch (d.dim) {
    case Dim::Y:
      hasIY = true, iy = d.size, sy = d.stride;
      break;
    case Dim::X:
      hasIX = true, ixSize = d.size, sx = d.stride;
      break;
    case Dim::OY:
      hasOY = true, oy = d.size, sy = d.stride;
      break;
    case Dim::OX:
      hasOX = true, ox = d.size, sx = d.stride;
      break;
    case Dim::R:
      r = d.size;
      break;
    case Dim::S:
      s = d.size;
      break;
    default:
      break;
    }
    t.add(d.dim, d.size, d.stride);
  }
  if ((hasIY && hasOY) || (hasIX && hasOX))
    ctx.fail("both Y and Y' (or X and X') are given");
  if (hasIX && !hasOX)
    t.add(Dim::OX, ixSize - s + 1, sx);
  if (hasIY && !hasOY)
    t.add(Dim::OY, iy - r + 1, sy);
  if (!hasIX && hasOX)
    t.add(Dim::X, ox + s - 1, sx);
  if (!hasIY && hasOY)
    t.add(Dim::Y, oy + r - 1, sy);
  return t;
}

std::optional<Stats> maestro::analyzeLayer(const Layer &layer,
                                           const Hardware &hw,
                                           const Options &options,
                                           std::string &error) {
  Ctx ctx;
  if (hw.numPEs <= 0 || hw.nocBandwidth <= 0 || hw.offchipBandwidth <= 0 ||
      hw.simdLanes <= 0 || hw.nocHops < 0 || hw.nocHopLatency < 0) {
    error = "the hardware needs positive num_pes, NoC and off-chip bandwidths "
            "and SIMD lanes";
    return std::nullopt;
  }
  for (const Directive &d : layer.dataflow)
    if (d.size <= 0 || (d.kind != DirectiveKind::Cluster && d.offset <= 0)) {
      error = "directive " + d.str() + " has a non-positive size or offset";
      return std::nullopt;
    }
  for (const LayerDim &d : layer.dims)
    if (d.size <= 0 || d.stride <= 0) {
      error = "dimension " + std::string(dimName(d.dim)) +
              " has a non-positive size or stride";
      return std::nullopt;
    }
  // Counts are products of dimension sizes: keep them far from overflow.
  double volume = 1;
  for (const LayerDim &d : layer.dims)
    volume *= d.size;
  if (volume > 1e15) {
    error = "the layer is too large to analyse (more than 1e15 MACs)";
    return std::nullopt;
  }
  bool batch = layer.type != LayerType::GEMM && layer.size(Dim::N).has_value();
  Tensors tensors = makeTensors(layer.type, batch);
  DimTable dims = buildDimTable(layer, ctx);
  std::vector<ClusterUnit> clusters;
  if (!ctx.failed())
    clusters = analyzeClusters(layer, hw, tensors, dims, ctx);
  Engine engine{clusters, tensors, hw, ctx, {}};
  if (!ctx.failed())
    engine.analyzeLevel(0, clusters.front().dims);
  if (ctx.failed()) {
    error = ctx.error;
    return std::nullopt;
  }
  const LevelResult &top = engine.ret.back();
  const LevelResult &inner = engine.ret.front();

  Stats s;
  s.numLevels = static_cast<unsigned>(clusters.size());
  s.macs = top.numComputations;
  s.runtimeCycles = top.runtime;
  s.utilizedPEs = top.avgActive;
  double energy = 0;
  for (unsigned t = 0; t < kNumTensors; ++t) {
    TensorStats &ts = s.tensors[t];
    ts.l2Read = top.access[Up][Rd][t];
    ts.l2Write = top.access[Up][Wr][t];
    ts.l1Read = top.access[Down][Rd][t];
    ts.l1Write = top.access[Down][Wr][t];
    ts.l2SizeReq = top.sizeReq[Up][t];
    ts.l1SizeReq = inner.sizeReq[Down][t];
  }
  if (!options.compat) {
    // The corrected counts: the MAC count is the layer's true one (output
    // pixels from the strided output size), every operand is read once per
    // MAC from L1 and the output updated once per MAC, no input or filter
    // element reaches the PEs less than once (L2 read >= tensor size), and
    // the drained output is the strided output.
    int64_t macs = 1, outputs = 1;
    for (const LayerDim &d : layer.dims) {
      int64_t extent = d.size;
      if (layer.type != LayerType::GEMM &&
          (d.dim == Dim::Y || d.dim == Dim::X)) {
        int64_t f = layer.size(d.dim == Dim::Y ? Dim::R : Dim::S).value_or(1);
        extent = (d.size - f) / d.stride + 1;
      }
      macs *= extent;
      if (std::find(tensors.vars[Output].begin(), tensors.vars[Output].end(),
                    d.dim == Dim::OY   ? Dim::Y
                    : d.dim == Dim::OX ? Dim::X
                                       : d.dim) != tensors.vars[Output].end())
        outputs *= extent;
    }
    s.macs = macs;
    for (unsigned t = 0; t < kNumTensors; ++t) {
      TensorStats &ts = s.tensors[t];
      ts.l1Read = macs;
      if (t == Output) {
        ts.l1Write = macs;
        ts.l2Read = outputs;
      } else {
        ts.l2Read = std::max(ts.l2Read, ts.l2Write);
        ts.l1Write = ts.l2Read;
      }
    }
  }
  for (unsigned t = 0; t < kNumTensors; ++t) {
    TensorStats &ts = s.tensors[t];
    ts.reuse = static_cast<double>(ts.l1Read) / static_cast<double>(ts.l1Write);
    energy += ts.l2Write * kL2Energy + ts.l2Read * kL2Energy +
              ts.l1Write * kL1Energy + ts.l1Read * kL1Energy;
    s.l2SizeReq += ts.l2SizeReq;
    s.l1SizeReq += ts.l1SizeReq;
  }
  s.energyXMac = energy + static_cast<double>(s.macs);
  s.throughput =
      static_cast<double>(s.macs) / static_cast<double>(s.runtimeCycles);
  s.nocBwPeak = top.peakBw;
  s.nocBwAvg = static_cast<double>(top.avgBw);
  s.offchipBwReq = top.offchipBw;
  s.ingress = {double(top.delay[DIn][0]), double(top.delay[DIn][1]),
               double(top.delay[DIn][2])};
  s.egress = {double(top.delay[DEg][0]), double(top.delay[DEg][1]),
              double(top.delay[DEg][2])};
  s.compute = {double(top.delay[DComp][0]), double(top.delay[DComp][1]),
               double(top.delay[DComp][2])};
  s.arithmeticIntensity = top.arithmeticIntensity;
  return s;
}

std::optional<std::vector<Level>> maestro::completeLevels(const Layer &layer,
                                                          const Hardware &hw,
                                                          std::string &error) {
  Ctx ctx;
  bool batch = layer.type != LayerType::GEMM && layer.size(Dim::N).has_value();
  Tensors tensors = makeTensors(layer.type, batch);
  DimTable dims = buildDimTable(layer, ctx);
  std::vector<ClusterUnit> clusters;
  if (!ctx.failed())
    clusters = analyzeClusters(layer, hw, tensors, dims, ctx);
  if (ctx.failed()) {
    error = ctx.error;
    return std::nullopt;
  }
  std::vector<Level> levels;
  for (const ClusterUnit &cl : clusters) {
    Level l;
    l.clusterSize = cl.clusterSize;
    for (const Dir &d : cl.dataflow)
      l.directives.push_back({d.kind, static_cast<int>(d.size),
                              static_cast<int>(d.ofs), d.dim, false});
    l.tile = cl.dims.size;
    l.hasDim = cl.dims.has;
    levels.push_back(std::move(l));
  }
  return levels;
}

std::string_view maestro::loopName(LayerType type, Dim d) {
  switch (type) {
  case LayerType::GEMM:
    return d == Dim::M ? "D" : d == Dim::N ? "K" : "C";
  case LayerType::Conv:
  case LayerType::DSConv:
    switch (d) {
    case Dim::N:
      return "B";
    case Dim::K:
      return type == LayerType::DSConv ? "" : "K";
    case Dim::C:
      return type == LayerType::DSConv ? "G" : "C";
    case Dim::R:
      return "FY";
    case Dim::S:
      return "FX";
    case Dim::Y:
      return "OY";
    case Dim::X:
      return "OX";
    default:
      return "";
    }
  }
  return "";
}

static int64_t ceilDiv64(int64_t a, int64_t b) { return (a + b - 1) / b; }

std::optional<DataflowLoops> maestro::lowerDataflow(const Layer &layer,
                                                    const Hardware &hw,
                                                    std::string &error,
                                                    std::string &why) {
  std::optional<std::vector<Level>> levels = completeLevels(layer, hw, error);
  if (!levels)
    return std::nullopt;
  auto inexpressible = [&](const Directive &d, const char *reason) {
    why = "directive " + d.str() + " " + reason;
    return std::nullopt;
  };
  auto stride = [&](Dim d) {
    for (const LayerDim &ld : layer.dims)
      if (ld.dim == d)
        return static_cast<int64_t>(ld.stride);
    return int64_t(1);
  };
  DataflowLoops out;
  // One PE's work per innermost iteration: each map's size in loop units.
  std::vector<std::pair<Dim, int64_t>> perPE;
  size_t innermostStart = 0;
  for (size_t li = 0; li < levels->size(); ++li) {
    const Level &level = (*levels)[li];
    bool innermost = li + 1 == levels->size();
    if (innermost)
      innermostStart = out.temporal.size();
    auto tile = [&](Dim d) { return level.tile[ix(d)]; };
    bool seenSpatial = false;
    std::array<bool, kNumDims> seen{};
    for (const Directive &d : level.directives) {
      bool hasLoop = !loopName(layer.type, d.dim).empty();
      bool first = !seen[ix(d.dim)];
      seen[ix(d.dim)] = true;
      bool window =
          layer.type != LayerType::GEMM && (d.dim == Dim::Y || d.dim == Dim::X);
      Dim filter = d.dim == Dim::Y ? Dim::R : Dim::S;
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
      } else if (d.kind == DirectiveKind::TemporalMap && d.size != d.offset) {
        return inexpressible(d, "overlaps its own tiles");
      }
      if (!first) {
        // MAESTRO uses a dimension's first directive; a later one of the
        // same dimension must not iterate.
        if (ceilDiv64(extent, step) > 1 || d.kind == DirectiveKind::SpatialMap)
          return inexpressible(d, "maps a dimension mapped before at its "
                                  "level");
        continue;
      }
      if (d.kind == DirectiveKind::SpatialMap) {
        if (seenSpatial)
          return inexpressible(d, "is a second SpatialMap at its level "
                                  "(coupled spatial unrolling)");
        seenSpatial = true;
        if (!window && d.size != d.offset)
          return inexpressible(d, "shares halos between sub-units");
        int64_t units =
            std::min<int64_t>(level.clusterSize, ceilDiv64(extent, step));
        if (units > 1 && hasLoop)
          out.spatial.push_back({d.dim, units});
        int64_t fold = ceilDiv64(extent, step * level.clusterSize);
        if (fold > 1 && hasLoop)
          out.temporal.push_back({d.dim, fold});
      } else {
        int64_t trip = ceilDiv64(extent, step);
        if (trip > 1 && hasLoop)
          out.temporal.push_back({d.dim, trip});
      }
      int64_t own = std::min(size, extent);
      if (innermost && own > 1 && hasLoop)
        perPE.push_back({d.dim, own});
    }
  }
  out.innermost = out.temporal.size() - innermostStart + perPE.size();
  out.temporal.insert(out.temporal.end(), perPE.begin(), perPE.end());
  return out;
}
