//===- CostModel.cpp - ZigZag's loop-relevance cost model -----------------===//
//
// The steps follow docs/CostModel.md, "The model in brief", and the quoted
// section names below are the subsections there that give each step's
// equations. Everything that depends on the spatial mapping only is
// computed in setSpatial();
// evaluateTemporal() works on fixed-size arrays and does not allocate.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Model/CostModel.h"
#include "zigzag/Model/MappingValidity.h"
#include "zigzag/Model/SpatialUnrolling.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numeric>

namespace zigzag {

namespace {

constexpr unsigned kNumOps = kNumMemOperands;
constexpr unsigned kMaxArch = kMaxLevels + 1; // MAC level + memory levels
constexpr unsigned kMaxPrDims = 4;
constexpr unsigned kMaxPrTerms = 4;
constexpr unsigned kMaxPrSlots = kMaxPrDims * kMaxPrTerms;
constexpr unsigned kMaxActivities = kMaxPortActivities;

constexpr unsigned kTL = static_cast<unsigned>(Direction::ToLow);
constexpr unsigned kFH = static_cast<unsigned>(Direction::FromHigh);
constexpr unsigned kFL = static_cast<unsigned>(Direction::FromLow);
constexpr unsigned kTH = static_cast<unsigned>(Direction::ToHigh);
constexpr unsigned kOutput = static_cast<unsigned>(MemOperand::O);

} // namespace

/// Python's round(): half to even (the default floating-point rounding mode).
static double pyRound(double x) { return std::nearbyint(x); }
/// Python's round(x, 3).
static double pyRound3(double x) { return std::nearbyint(x * 1000.0) / 1000.0; }

namespace {

/// A partially relevant tensor dim: its terms point at pr-loop slots.
struct PrDimInfo {
  unsigned numTerms = 0;
  unsigned slot[kMaxPrTerms] = {};
  int64_t coef[kMaxPrTerms] = {};
  double extent = 0;
};

struct OperandInfo {
  bool present = false;
  unsigned numLevels = 0;
  unsigned memory[kMaxLevels] = {};
  double bwMin[kMaxLevels][kNumDirections]; // 0 = no port
  double bwMax[kMaxLevels][kNumDirections];
  double memBits[kMaxLevels] = {};
  double readCost[kMaxLevels] = {};
  double writeCost[kMaxLevels] = {};
  double precision = 0;
  double finalPrecision = 0;
  LoopClass cls[kMaxLoops] = {};
  int8_t prSlot[kMaxLoops] = {}; // pr-loop slot of a PR loop, -1 otherwise
  unsigned numPrSlots = 0;
  unsigned numPrDims = 0;
  PrDimInfo prDims[kMaxPrDims];
  double totalElements = 0; // ZigZag's operand_size_elem
};

struct Activity {
  uint8_t op, level, dir;
};

struct PortInfo {
  unsigned memory = 0, port = 0;
  double bwMax = 0;
  bool sharedByInputs = false; // allocations of both I1 and I2
  unsigned numActs = 0;
  Activity acts[kMaxActivities];
};

/// Operands of this layer that share one physical memory.
struct ShareGroup {
  unsigned n = 0;
  uint8_t op[kNumOps] = {};
  uint8_t level[kNumOps] = {};
};

/// Spatial unrolling seen by one operand ("Spatial unrolling per operand",
/// "Spatial conversion"), per arch level a
/// (0 = MAC array, m+1 = memory level m).
struct SpatialOperand {
  double suR[kMaxArch];    // product of relevant factors in SU[a]
  double suIR[kMaxArch];   // product of irrelevant factors in SU[a]
  bool suIrFlag[kMaxArch]; // an irrelevant factor > 1 in SU[a]
  double suRCum[kMaxArch]; // product of suR[0..a]
  double suPrCum[kMaxArch][kMaxPrSlots]; // pr-loop factors over SU[0..a]
  double unitCount[kMaxArch];
  double unitUnique[kMaxArch];
  double boost[kMaxArch]; // mem_bw_boost; boost[M] = 1
};

struct TileClasses;

struct SpatialVariant {
  std::vector<std::vector<double>> factors; // converted, shape of the mapping
  SpatialOperand ops[kNumOps];
  /// Scratch of imperfect mappings: the tile classes under this spatial
  /// mapping, [o * kMaxArch + a]; sized on the first imperfect evaluation.
  mutable std::vector<TileClasses> exact;
};

struct Transfer {
  double amount, period, count, precision, avgBw, window;
};

/// What the temporal mapping alone gives one operand ("Temporal
/// post-processing"), shared by the
/// fractional and the integer spatial mapping.
struct OperandTemporal {
  unsigned start[kMaxLevels + 1]; // level boundaries after merge-down
  double cyc[kMaxLevels];         // cycles covered by memory m and below
  double macSt;
  double topR[kMaxArch];
  double topIr[kMaxArch];
  double rAt[kMaxLevels];               // relevant loops of levels 0..m
  double prAt[kMaxLevels][kMaxPrSlots]; // pr loops of levels 0..m
  double levelIr[kMaxLevels];           // irrelevant loops of level m
  bool levelIrFlag[kMaxLevels];         // an irrelevant loop > 1 in level m
};

/// Imperfect factorization, counted exactly (docs/CostModel.md, "Imperfect
/// factorization"): the tiles one operand sees at one arch level, i.e. at
/// the cut between the loops below the level and those above it. A layer
/// loop with P temporal iterations below the cut and T in all runs
/// ceil(T / P) tiles: all but the last are full (P), the last one holds
/// T - P * (ceil(T / P) - 1) (every partial tile of an outer factor splits
/// that way, as the rewrite runs it); the tiles of the nest are the products
/// of these per-loop choices. A loop is split at a cut when its last tile
/// differs from the others: it is partial, or the loop's lanes do not divide
/// it (its last temporal iteration leaves lanes idle).
constexpr unsigned kMaxSplitLoops = 8;
constexpr unsigned kMaxTileClasses = 1u << kMaxSplitLoops;
/// Memory instances of one TileCut that see different tiles (the long, short
/// and idle lanes of a spatial remainder), summed over its tile classes.
constexpr unsigned kMaxInstanceEntries = 1024;

struct TileCut {
  unsigned numSplit;                  // loops whose last tile differs here
  unsigned splitLoop[kMaxSplitLoops]; // layer loop
  int64_t lastExtent[kMaxSplitLoops]; // temporal iterations of the last tile
  int64_t fullCount[kMaxSplitLoops];  // tiles before the last one
  int64_t extent[kMaxLoops];          // per layer loop, in a full tile (P)
  double baseCount;                   // tiles of the loops that are not split
};

struct Temporal {
  double totalCycle;
  OperandTemporal ops[kNumOps];
  /// Some loop has a remainder the flavour counts exactly (countsExactly),
  /// temporal or spatial: `cuts` holds the tiles per operand and arch level,
  /// [o * kMaxArch + a] (kept out of line: perfect mappings never touch it).
  bool exact;
  /// Exact, and the lanes counted as they run (countsLanes).
  bool lanes;
  const TileCut *cuts;
  /// Some factor counts as a remainder (imperfect factorization).
  bool remainder = false;
  /// A product of factors before it is floored or truncated: with remainder
  /// factors (T / P, inexact) the product of the same factors taken in
  /// another order can miss a whole number by an ulp, and the floor would
  /// then depend on the loop order. Perfect products are whole already.
  double whole(double x) const {
    if (!remainder)
      return x;
    double r = std::nearbyint(x);
    return std::abs(x - r) <= 1e-9 * std::max(1.0, std::abs(x)) ? r : x;
  }
};

/// The classes of tiles of one TileCut under one spatial mapping: class b
/// takes the last tile of split loop i iff bit i of b is set, so class
/// n - 1 is the last tile. Per class, the memory instances are grouped by
/// the elements one transfer of theirs moves: the "high" entries are the
/// instances of arch level a (memory a - 1, its fh/th move their own tile),
/// the "low" entries the instances of memory a, each moving the tiles of the
/// lanes below it (its tl/fl). An entry's `mult` counts its instances; the
/// averaged lanes (countsLanes false) have one entry per class, the instances
/// being the unit count.
struct TileClasses {
  unsigned n;
  unsigned first;    // the class of the first tile (on-loading)
  double stationary; // trunc(top irrelevant run): window = period / this
  double cycles[kMaxTileClasses]; // cycles of one tile (its period)
  double count[kMaxTileClasses];  // tiles of the class over the layer
  unsigned highBegin[kMaxTileClasses + 1], lowBegin[kMaxTileClasses + 1];
  double highMax[kMaxTileClasses], lowMax[kMaxTileClasses]; // largest entry
  double highAmount[kMaxInstanceEntries], highMult[kMaxInstanceEntries];
  double lowAmount[kMaxInstanceEntries], lowMult[kMaxInstanceEntries];
};

/// Terms of one operand under one spatial mapping ("Combined mapping and
/// partially relevant loops" to "Periodic transfers").
struct OperandTerms {
  double eu[kMaxArch];   // elements per instance
  double prec[kMaxArch]; // bits per element
  Transfer t[kMaxLevels][kNumDirections];
};

struct Terms {
  OperandTerms ops[kNumOps];
  /// Imperfect mappings counted exactly: [o * kMaxArch + a], else null.
  const TileClasses *exact;
  bool lanes; // Temporal::lanes
};

struct LoadRecord {
  double cycles;
  bool shared;
};

/// Problems found while evaluating, reported by check().
struct Problems {
  std::string missingPort; // first transfer without an allocated port
};

} // namespace

/// Distinct values of sum_t coef[t] * x_t with fractional term sizes (a
/// fractional spatial unrolling: OX 3.5 is 3 or 4 columns, 3.5 on average):
/// the integer counts interpolated, so that the tiles of a layer together
/// never touch fewer elements than the layer has. Two terms: the exact
/// two-term count A*B - max(0, B - sa/g) * max(0, A - sb/g), which is linear
/// in each size between integers; more terms: the span, bounded by the
/// number of combinations.
static double fractionalUniqueExtent(const int64_t *coefs, const double *sizes,
                                     unsigned numTerms) {
  if (numTerms == 1)
    return coefs[0] == 0 ? 1 : sizes[0];
  if (numTerms == 2) {
    int64_t sa = std::abs(coefs[0]), sb = std::abs(coefs[1]);
    int64_t g = std::gcd(sa, sb);
    if (g == 0)
      return 1;
    double a = sizes[0], b = sizes[1];
    return a * b - std::max(0.0, b - static_cast<double>(sa / g)) *
                       std::max(0.0, a - static_cast<double>(sb / g));
  }
  double span = 1, combinations = 1;
  for (unsigned t = 0; t < numTerms; ++t) {
    if (coefs[t] == 0)
      continue;
    span += static_cast<double>(std::abs(coefs[t])) * (sizes[t] - 1);
    combinations *= sizes[t];
  }
  return std::min(span, combinations);
}

/// Number of distinct values of a sum of loop indices over a tile, clipped
/// to the tensor extent (DeFiNES: not clipped). ZigZag truncates fractional
/// tile sizes first ("Combined mapping and partially relevant loops"), which
/// undercounts (OX 3.5 over a 7-wide layer reads 3 + 3 columns); `exact` (the
/// corrected model) uses the corrected two-term count and keeps fractional
/// sizes.
static double prExtent(const PrDimInfo &d, const double *slotSize, bool exact,
                       bool clip = true) {
  double extent;
  bool fractional = false;
  if (exact)
    for (unsigned t = 0; t < d.numTerms; ++t)
      fractional |= slotSize[d.slot[t]] != std::trunc(slotSize[d.slot[t]]);
  if (fractional) {
    double sizes[kMaxPrTerms];
    for (unsigned t = 0; t < d.numTerms; ++t)
      sizes[t] = slotSize[d.slot[t]];
    extent = fractionalUniqueExtent(d.coef, sizes, d.numTerms);
  } else {
    int64_t sizes[kMaxPrTerms];
    for (unsigned t = 0; t < d.numTerms; ++t)
      sizes[t] = static_cast<int64_t>(slotSize[d.slot[t]]);
    int64_t v = exact && d.numTerms == 2
                    ? uniqueExtentExact(std::abs(d.coef[0]), sizes[0],
                                        std::abs(d.coef[1]), sizes[1])
                    : uniqueExtent(d.coef, sizes, d.numTerms);
    extent = static_cast<double>(v);
  }
  return clip && d.extent > 0 ? std::min(extent, d.extent) : extent;
}

static const char *directionLongName(unsigned dir) {
  switch (dir) {
  case kFH:
    return "fh (written from above)";
  case kTL:
    return "tl (read to below)";
  case kFL:
    return "fl (written from below)";
  default:
    return "th (read to above)";
  }
}

namespace {

/// Uncovered cycles in [0, x) of periodic windows [k*P_j, k*P_j + W_j) of
/// the first `j` activities, sorted by period, each period dividing the next.
struct WindowSet {
  int64_t period[kMaxPortActivities];
  int64_t window[kMaxPortActivities];
  int64_t fullBlock[kMaxPortActivities]; // uncovered(j, period[j-1]) memo
  unsigned n;

  int64_t uncoveredPrefix(unsigned j, int64_t x) {
    if (j == 0 || x <= 0)
      return std::max<int64_t>(x, 0);
    int64_t p = period[j - 1];
    int64_t q = x / p, r = x % p;
    int64_t result = 0;
    if (q > 0) {
      if (fullBlock[j - 1] < 0)
        fullBlock[j - 1] = uncoveredPrefix(j - 1, p) -
                           uncoveredPrefix(j - 1, std::min(window[j - 1], p));
      result = q * fullBlock[j - 1];
    }
    if (r > 0)
      result += uncoveredPrefix(j - 1, r) -
                uncoveredPrefix(j - 1, std::min(r, window[j - 1]));
    return result;
  }
};

} // namespace

/// Stable in-place insertion sort of indices (std::stable_sort may
/// allocate; these arrays hold a handful of port activities).
template <typename Less>
static void stableSortIndices(unsigned *order, unsigned n, Less less) {
  for (unsigned i = 1; i < n; ++i) {
    unsigned v = order[i];
    unsigned j = i;
    for (; j > 0 && less(v, order[j - 1]); --j)
      order[j] = order[j - 1];
    order[j] = v;
  }
}

//===----------------------------------------------------------------------===//
// Port-level helpers ("Latency", steps 4 and 5)
//===----------------------------------------------------------------------===//

double detail::windowUnion(const PortWindow *acts, unsigned n) {
  n = std::min(n, kMaxPortActivities);
  for (unsigned i = 0; i < n; ++i)
    if (acts[i].period == acts[i].allowed)
      return acts[i].period * acts[i].count;
  int64_t maxPeriod = 0;
  unsigned maxIdx = 0;
  for (unsigned i = 0; i < n; ++i) {
    int64_t p = static_cast<int64_t>(acts[i].period);
    if (p > maxPeriod) {
      maxPeriod = p;
      maxIdx = i;
    }
  }
  if (maxPeriod <= 0)
    return 0;
  unsigned order[kMaxPortActivities];
  for (unsigned i = 0; i < n; ++i)
    order[i] = i;
  stableSortIndices(order, n, [&](unsigned a, unsigned b) {
    return acts[a].period < acts[b].period;
  });
  WindowSet set;
  set.n = n;
  bool divisorChain = true;
  for (unsigned k = 0; k < n; ++k) {
    set.period[k] =
        std::max<int64_t>(1, static_cast<int64_t>(acts[order[k]].period));
    set.window[k] =
        std::max<int64_t>(0, static_cast<int64_t>(acts[order[k]].allowed));
    set.fullBlock[k] = -1;
    if (k > 0 && set.period[k] % set.period[k - 1] != 0)
      divisorChain = false;
  }
  int64_t uncovered = 0;
  if (divisorChain) {
    uncovered = set.uncoveredPrefix(n, maxPeriod);
  } else {
    // Periods of one loop order always divide each other; this is a fallback.
    for (int64_t c = 0; c < maxPeriod; ++c) {
      bool covered = false;
      for (unsigned k = 0; k < n && !covered; ++k)
        covered = c % set.period[k] < set.window[k];
      uncovered += covered ? 0 : 1;
    }
  }
  return static_cast<double>(maxPeriod - uncovered) * acts[maxIdx].count;
}

void detail::reduceBalanced(double *c, const double *minimum, unsigned n,
                            double surplus, bool compat) {
  n = std::min(n, kMaxPortActivities);
  if (surplus <= 0 || n == 0)
    return;
  if (compat) {
    unsigned order[kMaxPortActivities];
    for (unsigned i = 0; i < n; ++i)
      order[i] = i;
    stableSortIndices(order, n,
                      [&](unsigned a, unsigned b) { return c[a] > c[b]; });
    double cs[kMaxPortActivities], ms[kMaxPortActivities];
    for (unsigned i = 0; i < n; ++i) {
      cs[i] = c[order[i]];
      ms[i] = minimum[order[i]];
    }
    for (unsigned i = 0; i < n; ++i) {
      double maxReducible = (cs[i] - ms[i]) * (i + 1);
      if (surplus >= maxReducible) {
        double reduction = cs[i] - ms[i];
        for (unsigned j = 0; j <= i; ++j)
          cs[j] -= reduction;
        surplus -= maxReducible;
      } else {
        double reduction = surplus / (i + 1);
        for (unsigned j = 0; j <= i; ++j)
          cs[j] -= reduction;
        break;
      }
    }
    for (unsigned i = 0; i < n; ++i)
      c[order[i]] = cs[i];
    return;
  }
  // Water level L: element i becomes max(floor_i, min(c_i, L)).
  double floorOf[kMaxPortActivities];
  double total = 0;
  for (unsigned i = 0; i < n; ++i) {
    floorOf[i] = std::min(minimum[i], c[i]);
    total += c[i] - floorOf[i];
  }
  auto reductionAt = [&](double level) {
    double r = 0;
    for (unsigned i = 0; i < n; ++i)
      r += c[i] - std::max(floorOf[i], std::min(c[i], level));
    return r;
  };
  double level;
  if (total <= surplus) {
    level = -INFINITY;
  } else {
    // Breakpoints of the piecewise-linear reduction, highest first.
    double points[2 * kMaxPortActivities];
    unsigned np = 0;
    for (unsigned i = 0; i < n; ++i) {
      points[np++] = c[i];
      points[np++] = floorOf[i];
    }
    std::sort(points, points + np, [](double a, double b) { return a > b; });
    double hi = points[0], rHi = 0;
    level = hi;
    for (unsigned k = 1; k < np; ++k) {
      double lo = points[k];
      double rLo = reductionAt(lo);
      if (rLo >= surplus) {
        level =
            rLo == rHi ? lo : hi - (surplus - rHi) * (hi - lo) / (rLo - rHi);
        break;
      }
      hi = lo;
      rHi = rLo;
    }
  }
  for (unsigned i = 0; i < n; ++i)
    c[i] = std::max(floorOf[i], std::min(c[i], level));
}

//===----------------------------------------------------------------------===//
// Spatial conversion ("Spatial conversion")
//===----------------------------------------------------------------------===//

std::vector<std::vector<double>>
convertSpatialFactors(const Workload &w, const Hardware &hw,
                      const std::vector<std::vector<LoopFactor>> &spatial,
                      bool integer, CostModelFlavor flavor) {
  std::vector<std::vector<double>> out(spatial.size());
  for (unsigned d = 0; d < spatial.size(); ++d) {
    out[d].assign(spatial[d].size(), 1.0);
    for (unsigned e = 0; e < spatial[d].size(); ++e) {
      const LoopFactor &lf = spatial[d][e];
      if (lf.loop >= w.loopSizes.size() || lf.factor < 1)
        continue; // invalid: check() reports it
      double u = static_cast<double>(lf.factor);
      if (d < hw.array.sizes.size() &&
          u > static_cast<double>(hw.array.sizes[d]))
        u = static_cast<double>(hw.array.sizes[d]);
      if (flavor == CostModelFlavor::DeFiNES) {
        // Each entry against the whole loop size; the integer mapping
        // rounds a fractional factor up.
        double size = static_cast<double>(w.loopSizes[lf.loop]);
        u = std::min(u, size);
        double v = size / std::ceil(size / u);
        out[d][e] = integer ? std::ceil(v) : v;
        continue;
      }
      // Only the first array dim carrying the largest (unclipped) factor of
      // this loop is adjusted.
      int64_t maxFactor = 0;
      unsigned firstMax = ~0u;
      for (unsigned d2 = 0; d2 < spatial.size(); ++d2)
        for (const LoopFactor &other : spatial[d2])
          if (other.loop == lf.loop) {
            if (other.factor > maxFactor) {
              maxFactor = other.factor;
              firstMax = d2;
            }
            break;
          }
      if (d != firstMax) {
        out[d][e] = u;
        continue;
      }
      double earlier = 1; // converted factors of this loop on earlier dims
      for (unsigned d2 = 0; d2 < d; ++d2)
        for (unsigned e2 = 0; e2 < spatial[d2].size(); ++e2)
          if (spatial[d2][e2].loop == lf.loop)
            earlier *= out[d2][e2];
      double size = static_cast<double>(w.loopSizes[lf.loop]);
      double temporal = std::ceil(size / (u * earlier));
      double v = size / temporal / earlier;
      out[d][e] = integer ? std::trunc(v) : v;
    }
  }
  return out;
}

//===----------------------------------------------------------------------===//
// CostModel::Impl
//===----------------------------------------------------------------------===//

struct CostModel::Impl {
  CostModelOptions opts;
  std::string setupError;
  Workload workload; // copies: the model does not depend on their lifetime
  Hardware hardware;
  unsigned numLoops = 0;
  double macs = 0, unitEnergy = 0, arrayUnits = 1;
  // In-memory computing: the macro prices the MACs (per spatial mapping,
  // set in setSpatial) and stretches each temporal cycle into cpo
  // bit-serial cycles.
  std::optional<ImcMacro> imc;
  ImcEnergy imcEnergy;
  double cpo = 1;

  OperandInfo ops[kNumOps];
  unsigned layerOrder[kNumOps] = {}; // present operands, layer order
  unsigned numLayerOps = 0;
  unsigned inputs[2] = {};
  unsigned numInputs = 0;
  unsigned numPorts = 0;
  PortInfo ports[kMaxPorts];
  std::vector<ShareGroup> share; // per memory

  // Spatial state.
  bool haveSpatial = false;
  std::vector<std::vector<LoopFactor>> spatialKey;
  bool sameVariants = true;
  SpatialVariant frac, integ;
  /// Temporal iterations per layer loop, ceil(size / integer unrolling): an
  /// imperfect loop's outermost factor counts for the remainder of these.
  int64_t temporalSizes[kMaxLoops] = {};
  /// The lanes of each layer loop (product of its spatial factors), the lanes
  /// its last temporal iteration keeps busy (size - lanes * (T - 1)), whether
  /// that leaves some idle (a spatial remainder), and per operand and arch
  /// level a the lanes inside one instance (those of SU[0..a-1]; a = M + 1:
  /// all).
  int64_t laneTotal[kMaxLoops] = {};
  int64_t laneLast[kMaxLoops] = {};
  bool laneSplit[kMaxLoops] = {};
  /// Some loop has a spatial remainder (laneSplit): countsExactly.
  bool spatialRemainder = false;
  int64_t laneIn[kNumOps][kMaxArch + 1][kMaxLoops] = {};

  /// The temporal mappings evaluateTemporalIfNew saw since setSpatial(),
  /// by their model inputs (temporalKey): open addressing over `keys`.
  struct SeenTemporals {
    unsigned keyLength = 0;
    unsigned entries = 0;
    std::vector<double> keys;    // entries x keyLength
    std::vector<uint32_t> slots; // entry + 1; 0 = empty
  } seen;

  // Scratch.
  Temporal temporal;
  /// Imperfect mappings' TileCuts; sized on the first one.
  mutable std::vector<TileCut> tileCuts;
  Terms termsFrac, termsInt;
  LoadRecord load[kNumOps][kMaxLevels][kNumDirections];
  bool doubleBuffer[kNumOps][kMaxArch];
  double effUtil[kNumOps][kMaxLevels], effUtilShared[kNumOps][kMaxLevels];

  void initialise(const Workload &w, const Hardware &hw);
  void setTemporalSizes(const std::vector<std::vector<LoopFactor>> &spatial);
  void buildVariant(const std::vector<std::vector<LoopFactor>> &spatial,
                    bool integer, SpatialVariant &v) const;
  void computeTemporal(const LoopFactor *loops, unsigned n,
                       const unsigned *const levelEnds[kNumOps],
                       Temporal &temporal) const;
  bool computeTileCuts(const LoopFactor *loops, unsigned n,
                       Temporal &temporal) const;
  void computeTileClasses(const SpatialVariant &sv,
                          const Temporal &temporal) const;
  /// `classes`: tile classes computed already for this temporal mapping
  /// (the lanes as they run do not depend on the spatial variant).
  void computeTerms(const SpatialVariant &sv, const Temporal &temporal,
                    Terms &terms, const TileClasses *classes = nullptr) const;
  void computeEnergy(const SpatialVariant &sv, const Terms &terms, Cost &out,
                     Problems *problems) const;
  bool definesFlavor() const { return opts.flavor == CostModelFlavor::DeFiNES; }
  /// The one rule of when a mapping is counted on the tiles its nest really
  /// runs (docs/CostModel.md, "Imperfect factorization"): a mapping with a
  /// remainder, in every flavour but DeFiNES's (it has no imperfect
  /// mappings of its own to reproduce). The corrected model counts every
  /// remainder, temporal (a padded loop) or spatial (a loop unrolled over
  /// lanes that do not divide it, perfect nest or not); compat counts only
  /// the temporal ones, as ZigZag averages a spatial remainder into
  /// fractional lanes.
  bool countsExactly(bool temporalRemainder) const {
    return !definesFlavor() &&
           (temporalRemainder || (spatialRemainder && !opts.zigzagCompat));
  }
  /// Within an exactly counted mapping, the lanes as they run (each memory
  /// instance its own tiles, idle lanes moving nothing) in the corrected
  /// model; compat keeps ZigZag's fractional lanes.
  bool countsLanes() const { return !opts.zigzagCompat && !definesFlavor(); }
  void setLanes(const std::vector<std::vector<LoopFactor>> &spatial);
  /// Everything that depends on the spatial mapping alone: both variants,
  /// the temporal sizes and the lanes.
  void prepareSpatial(const std::vector<std::vector<LoopFactor>> &spatial) {
    buildVariant(spatial, /*integer=*/false, frac);
    buildVariant(spatial, /*integer=*/true, integ);
    setTemporalSizes(spatial);
    setLanes(spatial);
  }
  double definesAccesses(const OperandInfo &oi, const SpatialOperand &so,
                         unsigned m, unsigned d, const Transfer &tr,
                         double units) const;
  /// Latency, in stages (docs/CostModel.md, "The model in brief"): double
  /// buffers, the cycles of each transfer, port stalls, then on- and
  /// off-loading.
  void computeLatency(const Temporal &temporal, const Terms &fracTerms,
                      const Terms &intTerms, Cost &out);
  void assignDoubleBuffers(const Temporal &temporal, const Terms &fracTerms,
                           Cost &out);
  void computeTransferCycles(const Terms &intTerms, Cost &out);
  double computePortStallSlack(const Terms &intTerms, Cost &out);
  // Imperfect mappings counted exactly (Terms::exact): run after, or
  // instead of, the steps above (the port step branches once per port).
  void applyExactAccesses(const SpatialVariant &sv, const Terms &terms,
                          Cost &out) const;
  double exactPortStallSlack(const PortInfo &pi, const Terms &intTerms,
                             const detail::PortWindow *windows,
                             unsigned n) const;
  double lastTileCycles(const Terms &intTerms, unsigned o, unsigned m,
                        unsigned d) const;
  double exactOffload(const Terms &intTerms) const;
  void computeLoading(double computation, const Terms &intTerms, Cost &out,
                      double &onload, double &offload);
  void evaluate(const SpatialVariant &f, const SpatialVariant &i, bool same,
                const LoopFactor *loops, unsigned n,
                const unsigned *const levelEnds[kNumOps], Temporal &tt,
                Terms &tf, Terms &ti, Cost &out, Problems *problems);
  /// evaluate() after computeTemporal.
  void evaluateFromTemporal(const SpatialVariant &f, const SpatialVariant &i,
                            bool same, Temporal &tt, Terms &tf, Terms &ti,
                            Cost &out, Problems *problems);
  /// Writes the fields of `tt` the steps after computeTemporal read into
  /// `key`; returns their number.
  unsigned temporalKey(const Temporal &tt, double *key) const;
  /// Records `tt`; false if it was recorded since the last setSpatial().
  bool insertTemporal(const Temporal &tt);
};

/// Upper bound of temporalKey's length.
constexpr unsigned kMaxTemporalKey =
    1 + kNumOps * (1 + kMaxArch + 5 * kMaxLevels + kMaxLevels * kMaxPrSlots);
/// Temporal mappings insertTemporal records per spatial mapping at most
/// (later ones are evaluated without the check).
constexpr unsigned kMaxSeenTemporals = 1u << 14;

void CostModel::Impl::initialise(const Workload &w, const Hardware &hw) {
  workload = w;
  hardware = hw;
  auto fail = [&](const std::string &msg) {
    if (setupError.empty())
      setupError = msg;
  };
  numLoops = w.numLoops();
  if (numLoops > kMaxLoops)
    fail("the layer has more than " + std::to_string(kMaxLoops) + " loops");
  numLoops = std::min(numLoops, kMaxLoops);
  macs = 1;
  for (int64_t s : w.loopSizes)
    macs *= static_cast<double>(s);
  unitEnergy = hw.array.unitEnergy;
  arrayUnits = static_cast<double>(hw.array.numUnits());
  if (hw.array.imc) {
    imc.emplace(hw);
    cpo = imc->cyclesPerOp();
  }

  unsigned portCount = 0;
  for (const Memory &mem : hw.memories)
    portCount += mem.ports.size();
  if (portCount > kMaxPorts)
    fail("the accelerator has more than " + std::to_string(kMaxPorts) +
         " memory ports");

  // Operands, their memory levels and the bandwidths of their ports.

  for (MemOperand op : kAllMemOperands) {
    unsigned o = static_cast<unsigned>(op);
    OperandInfo &oi = ops[o];
    const WorkloadOperand &wo = w.operand(op);
    oi.present = op == MemOperand::O || wo.present;
    for (unsigned m = 0; m < kMaxLevels; ++m)
      for (unsigned d = 0; d < kNumDirections; ++d)
        oi.bwMin[m][d] = oi.bwMax[m][d] = 0;
    if (!oi.present)
      continue;
    oi.precision = static_cast<double>(wo.precision);
    oi.finalPrecision = static_cast<double>(
        op == MemOperand::O ? wo.finalPrecision : wo.precision);
    std::vector<unsigned> levels = hw.hierarchy(op);
    if (levels.empty())
      fail(std::string("no memory holds operand ") + toString(op));
    if (levels.size() > kMaxLevels)
      fail(std::string("operand ") + toString(op) + " has more than " +
           std::to_string(kMaxLevels) + " memory levels");
    oi.numLevels = std::min<unsigned>(levels.size(), kMaxLevels);
    for (unsigned m = 0; m < oi.numLevels; ++m) {
      const Memory &mem = hw.memories[levels[m]];
      oi.memory[m] = levels[m];
      oi.memBits[m] = static_cast<double>(mem.sizeBits);
      oi.readCost[m] = mem.readCost;
      oi.writeCost[m] = mem.writeCost;
      for (unsigned d = 0; d < kNumDirections; ++d) {
        const Port *port = mem.portFor(op, static_cast<Direction>(d));
        if (!port)
          continue;
        oi.bwMin[m][d] = static_cast<double>(port->bandwidthMin);
        oi.bwMax[m][d] = static_cast<double>(port->bandwidthMax);
      }
    }

    // Loop classes (ZigZag's LoopRelevancyInfo); pr loops get their slots
    // below.
    std::vector<LoopClass> classes = classifyLoops(w, op);
    for (unsigned l = 0; l < numLoops; ++l) {
      oi.cls[l] = classes[l];
      oi.prSlot[l] = -1;
    }
    if (wo.relevance.size() < numLoops)
      fail(std::string("operand ") + toString(op) +
           " has no relevance for every loop");
    if (wo.prDims.size() > kMaxPrDims)
      fail(std::string("operand ") + toString(op) +
           " has too many partially relevant dims");
    oi.numPrDims = std::min<unsigned>(wo.prDims.size(), kMaxPrDims);
    for (unsigned x = 0; x < oi.numPrDims; ++x) {
      const PrDim &pd = wo.prDims[x];
      PrDimInfo &info = oi.prDims[x];
      info.extent = static_cast<double>(pd.extent);
      if (pd.terms.size() > kMaxPrTerms || pd.terms.empty())
        fail("partially relevant dim " + pd.name + " has " +
             std::to_string(pd.terms.size()) + " terms");
      info.numTerms = std::min<unsigned>(pd.terms.size(), kMaxPrTerms);
      for (unsigned t = 0; t < info.numTerms; ++t) {
        unsigned loop = pd.terms[t].first;
        info.coef[t] = pd.terms[t].second;
        if (loop >= numLoops) {
          fail("partially relevant dim " + pd.name + " names loop " +
               std::to_string(loop) + " which does not exist");
          loop = 0;
        }
        if (oi.prSlot[loop] < 0)
          oi.prSlot[loop] = static_cast<int8_t>(oi.numPrSlots++);
        info.slot[t] = static_cast<unsigned>(oi.prSlot[loop]);
      }
    }
    // DeFiNES keeps ix = ox + fx with FX = 1 partially relevant, so the
    // dim's extent over a fractional unrolling is truncated (OX 3.5 holds
    // int(3.5) = 3 columns) where a relevant loop would count 3.5.
    if (definesFlavor())
      for (unsigned l : wo.loopsWithDroppedUnitTerms) {
        if (l >= numLoops || oi.cls[l] != LoopClass::R ||
            oi.numPrDims >= kMaxPrDims || oi.numPrSlots >= kMaxPrSlots)
          continue;
        PrDimInfo &info = oi.prDims[oi.numPrDims++];
        info.numTerms = 1;
        info.slot[0] = oi.numPrSlots;
        info.coef[0] = 1;
        info.extent = static_cast<double>(w.loopSizes[l]);
        oi.prSlot[l] = static_cast<int8_t>(oi.numPrSlots++);
        oi.cls[l] = LoopClass::PR;
      }

    oi.totalElements = static_cast<double>(w.operandElements(op));
  }

  for (MemOperand op : w.operandOrder) {
    unsigned o = static_cast<unsigned>(op);
    if (!ops[o].present)
      continue;
    bool seen = false;
    for (unsigned k = 0; k < numLayerOps; ++k)
      seen |= layerOrder[k] == o;
    if (seen)
      continue;
    layerOrder[numLayerOps++] = o;
    if (o != kOutput && numInputs < 2)
      inputs[numInputs++] = o;
  }
  for (unsigned o = 0; o < kNumOps; ++o) // operands missing from the order
    if (ops[o].present && std::find(layerOrder, layerOrder + numLayerOps, o) ==
                              layerOrder + numLayerOps) {
      layerOrder[numLayerOps++] = o;
      if (o != kOutput && numInputs < 2)
        inputs[numInputs++] = o;
    }

  // Ports in memory order, with the (operand, level, direction) they serve.
  numPorts = 0;
  share.assign(hw.memories.size(), ShareGroup());
  for (unsigned m = 0; m < hw.memories.size(); ++m) {
    const Memory &mem = hw.memories[m];
    for (unsigned o = 0; o < kNumOps; ++o) {
      const OperandInfo &oi = ops[o];
      for (unsigned lv = 0; lv < oi.numLevels; ++lv)
        if (oi.present && oi.memory[lv] == m) {
          ShareGroup &g = share[m];
          g.op[g.n] = static_cast<uint8_t>(o);
          g.level[g.n] = static_cast<uint8_t>(lv);
          ++g.n;
        }
    }
    for (unsigned p = 0; p < mem.ports.size(); ++p) {
      if (numPorts >= kMaxPorts)
        break;
      PortInfo &pi = ports[numPorts++];
      pi.memory = m;
      pi.port = p;
      pi.bwMax = static_cast<double>(mem.ports[p].bandwidthMax);
      bool servesI1 = false, servesI2 = false;
      for (const PortAllocation &alloc : mem.ports[p].allocations) {
        servesI1 |= alloc.operand == MemOperand::I1;
        servesI2 |= alloc.operand == MemOperand::I2;
        unsigned o = static_cast<unsigned>(alloc.operand);
        const OperandInfo &oi = ops[o];
        if (!oi.present)
          continue;
        for (unsigned lv = 0; lv < oi.numLevels; ++lv)
          if (oi.memory[lv] == m && pi.numActs < kMaxActivities)
            pi.acts[pi.numActs++] = {static_cast<uint8_t>(o),
                                     static_cast<uint8_t>(lv),
                                     static_cast<uint8_t>(alloc.direction)};
      }
      pi.sharedByInputs = servesI1 && servesI2;
    }
  }
}

/// Spatial unrolling per operand and arch level, unit counts and bandwidth
/// boosts ("Spatial unrolling per operand").
void CostModel::Impl::buildVariant(
    const std::vector<std::vector<LoopFactor>> &spatial, bool integer,
    SpatialVariant &v) const {
  v.factors =
      convertSpatialFactors(workload, hardware, spatial, integer, opts.flavor);
  bool defines = opts.flavor == CostModelFlavor::DeFiNES;
  std::vector<std::vector<LevelFactor>> levels;
  for (unsigned o = 0; o < kNumOps; ++o) {
    const OperandInfo &oi = ops[o];
    SpatialOperand &so = v.ops[o];
    if (!oi.present)
      continue;
    unsigned M = oi.numLevels;
    operandLevelUnrolling(hardware, static_cast<MemOperand>(o), spatial,
                          v.factors, levels);
    double prevSz[kMaxPrDims];
    double cum[kMaxPrSlots];
    for (unsigned s = 0; s < kMaxPrSlots; ++s)
      cum[s] = 1;
    for (unsigned x = 0; x < oi.numPrDims; ++x)
      prevSz[x] = 1;
    double ur[kMaxArch], ut[kMaxArch];
    for (unsigned a = 0; a <= M; ++a) {
      double r = 1, ir = 1, all = 1;
      bool irFlag = false;
      static const std::vector<LevelFactor> none;
      for (const LevelFactor &lf : a < levels.size() ? levels[a] : none) {
        if (lf.loop >= numLoops)
          continue;
        double f = lf.factor;
        all *= f;
        switch (oi.cls[lf.loop]) {
        case LoopClass::R:
          r *= f;
          break;
        case LoopClass::IR:
          ir *= f;
          irFlag |= f > 1;
          break;
        case LoopClass::PR:
          cum[oi.prSlot[lf.loop]] *= f;
          break;
        case LoopClass::None:
          break;
        }
      }
      so.suR[a] = r;
      so.suIR[a] = ir;
      so.suIrFlag[a] = irFlag;
      so.suRCum[a] = a == 0 ? r : so.suRCum[a - 1] * r;
      for (unsigned s = 0; s < oi.numPrSlots; ++s)
        so.suPrCum[a][s] = cum[s];
      // pr decoupling of the spatial loops alone: the X_r factors telescope
      // to the extent of the spatial tile.
      double unique = r;
      for (unsigned x = 0; x < oi.numPrDims; ++x) {
        double sz = prExtent(oi.prDims[x], cum, !opts.zigzagCompat, !defines);
        unique *= sz / prevSz[x];
        prevSz[x] = sz;
      }
      ur[a] = unique;
      ut[a] = all;
    }
    for (unsigned a = 0; a <= M; ++a) {
      double total = 1, uniq = 1;
      for (unsigned s = a; s <= M; ++s) {
        total *= ut[s];
        uniq *= ur[s];
      }
      // ZigZag rounds the active instances to an integer (24.5 -> 24, a
      // fractional unrolling's data then falls short of the layer's); the
      // corrected model keeps the average.
      so.unitCount[a] = defines             ? pyRound(total)
                        : opts.zigzagCompat ? pyRound(pyRound3(total))
                                            : total;
      so.unitUnique[a] = uniq;
    }
    // DeFiNES truncates the unique-unit ratio (3.5 -> 3), ZigZag rounds it.
    // The epsilon keeps an integral ratio whose float product came out just
    // below it (our products are not in DeFiNES's order).
    for (unsigned a = 0; a < M; ++a) {
      double ratio = so.unitUnique[a] / so.unitUnique[a + 1];
      so.boost[a] = defines             ? std::trunc(ratio + 1e-9)
                    : opts.zigzagCompat ? pyRound(ratio)
                                        : ratio;
    }
    so.boost[M] = 1;
  }
}

/// Temporal post-processing ("Temporal post-processing") of every operand.
void CostModel::Impl::setTemporalSizes(
    const std::vector<std::vector<LoopFactor>> &spatial) {
  std::vector<int64_t> sizes;
  temporalLoopSizes(workload, spatial, sizes);
  for (unsigned l = 0; l < sizes.size() && l < kMaxLoops; ++l)
    temporalSizes[l] = sizes[l];
}

/// The lanes of every loop and where each operand's instances cut them
/// (the members after temporalSizes).
void CostModel::Impl::setLanes(
    const std::vector<std::vector<LoopFactor>> &spatial) {
  const unsigned numL = std::min(numLoops, kMaxLoops);
  std::vector<int64_t> lanes = spatialLoopProducts(workload, spatial);
  spatialRemainder = false;
  for (unsigned l = 0; l < numL; ++l) {
    laneTotal[l] = lanes[l];
    laneLast[l] = workload.loopSizes[l] - lanes[l] * (temporalSizes[l] - 1);
    laneSplit[l] = laneLast[l] != lanes[l];
    spatialRemainder |= laneSplit[l];
  }
  std::vector<std::vector<double>> factors(spatial.size());
  for (unsigned d = 0; d < spatial.size(); ++d)
    for (const LoopFactor &lf : spatial[d])
      factors[d].push_back(static_cast<double>(lf.factor));
  std::vector<std::vector<LevelFactor>> levels;
  for (unsigned o = 0; o < kNumOps; ++o) {
    const OperandInfo &oi = ops[o];
    if (!oi.present || oi.numLevels == 0)
      continue;
    operandLevelUnrolling(hardware, static_cast<MemOperand>(o), spatial,
                          factors, levels);
    for (unsigned l = 0; l < numL; ++l)
      laneIn[o][0][l] = 1;
    for (unsigned a = 1; a <= oi.numLevels + 1; ++a) {
      std::copy(laneIn[o][a - 1], laneIn[o][a - 1] + numL, laneIn[o][a]);
      if (a - 1 < levels.size())
        for (const LevelFactor &lf : levels[a - 1])
          if (lf.loop < numL)
            laneIn[o][a][lf.loop] *= static_cast<int64_t>(lf.factor);
    }
  }
}

void CostModel::Impl::computeTemporal(const LoopFactor *loops, unsigned n,
                                      const unsigned *const levelEnds[kNumOps],
                                      Temporal &temporal) const {
  // Imperfect factorization: a padded loop's outermost factor counts for
  // the iterations it really runs (docs/CostModel.md, "Imperfect
  // factorization"); perfect factors are used as they are.
  double factor[kMaxLoops];
  bool imperfect = remainderAdjustedFactors(
      loops, n, temporalSizes, std::min(numLoops, kMaxLoops), factor);
  double totalCycle = 1;
  temporal.remainder = false;
  for (unsigned k = 0; k < n; ++k) {
    totalCycle *= factor[k];
    temporal.remainder |= factor[k] != static_cast<double>(loops[k].factor);
  }
  temporal.totalCycle = totalCycle;

  for (unsigned o = 0; o < kNumOps; ++o) {
    const OperandInfo &oi = ops[o];
    if (!oi.present || oi.numLevels == 0)
      continue;
    OperandTemporal &T = temporal.ops[o];
    const unsigned M = oi.numLevels;
    const unsigned *ends = levelEnds[o];

    auto classOf = [&](unsigned k) {
      unsigned loop = loops[k].loop;
      return loop < numLoops ? oi.cls[loop] : LoopClass::None;
    };

    // Stationary merge-down: level m >= 1 starts at the first non-ir loop
    // at or after its original start.
    unsigned nextNonIr[kMaxLoops + 1];
    nextNonIr[n] = n;
    for (unsigned k = n; k-- > 0;)
      nextNonIr[k] = classOf(k) == LoopClass::IR ? nextNonIr[k + 1] : k;
    T.start[0] = 0;
    for (unsigned m = 1; m < M; ++m) {
      unsigned oldStart = ends ? std::min(ends[m - 1], n) : n;
      T.start[m] = std::max(nextNonIr[oldStart], T.start[m - 1]);
    }
    T.start[M] = n;

    double all = 1, rCum = 1, macSt = 1;
    double prCum[kMaxPrSlots];
    for (unsigned s = 0; s < oi.numPrSlots; ++s)
      prCum[s] = 1;
    T.topR[0] = T.topIr[0] = 1;
    for (unsigned m = 0; m < M; ++m) {
      double ir = 1;
      bool irFlag = false;
      for (unsigned k = T.start[m]; k < T.start[m + 1]; ++k) {
        double s = factor[k];
        all *= s;
        if (k < nextNonIr[0])
          macSt *= s;
        switch (classOf(k)) {
        case LoopClass::R:
          rCum *= s;
          break;
        case LoopClass::IR:
          ir *= s;
          irFlag |= s > 1;
          break;
        case LoopClass::PR:
          prCum[oi.prSlot[loops[k].loop]] *= s;
          break;
        case LoopClass::None:
          break;
        }
      }
      T.cyc[m] = all;
      T.rAt[m] = rCum;
      for (unsigned s = 0; s < oi.numPrSlots; ++s)
        T.prAt[m][s] = prCum[s];
      T.levelIr[m] = ir;
      T.levelIrFlag[m] = irFlag;
      // Top relevant / irrelevant runs of the level.
      double topR = 1, topIr = 1;
      for (unsigned k = T.start[m + 1]; k-- > T.start[m];) {
        if (classOf(k) != LoopClass::R)
          break;
        topR *= factor[k];
      }
      for (unsigned k = T.start[m + 1]; k-- > T.start[m];) {
        if (classOf(k) != LoopClass::IR)
          break;
        topIr *= factor[k];
      }
      T.topR[m + 1] = topR;
      T.topIr[m + 1] = topIr;
    }
    T.macSt = macSt;
  }
  temporal.lanes = countsExactly(imperfect) && countsLanes();
  temporal.exact =
      countsExactly(imperfect) && computeTileCuts(loops, n, temporal);
  temporal.lanes &= temporal.exact;
  if (temporal.exact) {
    // The iterations as integers: the product of the counted factors is
    // only equal to them up to rounding (7/6 * 6).
    double iterations = 1;
    for (unsigned l = 0; l < std::min(numLoops, kMaxLoops); ++l)
      iterations *= static_cast<double>(temporalSizes[l]);
    temporal.totalCycle = iterations;
  }
}

/// The tiles of every operand and arch level of an imperfect mapping
/// (TileCut): the cut of arch level a >= 1 is the start of memory level a
/// after the merge-down, that of arch level 0 the MAC-level stationary loops
/// (computeTerms' cycle[0]). False if a cut splits more loops than
/// kMaxSplitLoops (the averaged count is used then).
bool CostModel::Impl::computeTileCuts(const LoopFactor *loops, unsigned n,
                                      Temporal &temporal) const {
  const unsigned numL = std::min(numLoops, kMaxLoops);
  bool splitLanes = temporal.lanes;
  unsigned splitLanesHere = 0;
  tileCuts.resize(kNumOps * kMaxArch); // allocates on the first call only
  temporal.cuts = tileCuts.data();
  for (unsigned o = 0; o < kNumOps; ++o) {
    const OperandInfo &oi = ops[o];
    if (!oi.present || oi.numLevels == 0)
      continue;
    const OperandTemporal &T = temporal.ops[o];
    unsigned cut0 = 0;
    if (o != kOutput && opts.sameDataNoAccess)
      while (cut0 < n && loops[cut0].loop < numLoops &&
             oi.cls[loops[cut0].loop] == LoopClass::IR)
        ++cut0;
    for (unsigned a = 0; a <= oi.numLevels; ++a) {
      unsigned c = a == 0 ? cut0 : T.start[a];
      int64_t below[kMaxLoops];
      for (unsigned l = 0; l < numL; ++l)
        below[l] = 1;
      for (unsigned k = 0; k < c && k < n; ++k)
        if (loops[k].loop < numL)
          below[loops[k].loop] *= loops[k].factor;
      TileCut &cut = tileCuts[o * kMaxArch + a];
      cut.numSplit = 0;
      cut.baseCount = 1;
      for (unsigned l = 0; l < numL; ++l) {
        int64_t total = temporalSizes[l], p = std::min(below[l], total);
        cut.extent[l] = p;
        int64_t tiles = (total + p - 1) / p;
        bool lanes = splitLanes && laneSplit[l];
        if (total % p == 0 && !lanes) {
          cut.baseCount *= static_cast<double>(tiles);
          continue;
        }
        if (cut.numSplit == kMaxSplitLoops)
          return false;
        cut.splitLoop[cut.numSplit] = l;
        cut.fullCount[cut.numSplit] = tiles - 1;
        cut.lastExtent[cut.numSplit] = total - p * (tiles - 1);
        ++cut.numSplit;
        splitLanesHere += lanes;
      }
      // Each split loop doubles the tile classes; the last tile of a loop
      // with idle lanes groups the instances in up to three (long, short,
      // idle lanes).
      if ((1u << (cut.numSplit - splitLanesHere)) *
              (1u << (2 * splitLanesHere)) >
          kMaxInstanceEntries)
        return false;
      splitLanesHere = 0;
    }
  }
  return true;
}

namespace {
/// The instances of one arch level along one layer loop in one tile: up to
/// three groups (lanes all busy, one instance partly busy, idle), each with
/// the loop indices one instance of the group touches and the group's size.
struct LaneGroups {
  unsigned n;
  int64_t indices[3];
  double instances[3];
};
} // namespace

/// The lanes of a loop below an instance are the least significant digit of
/// its index (i = s + lanes * t, as the rewrite runs it): an instance holding
/// `inner` of the loop's `lanes` lanes, in a tile of `len` temporal
/// iterations, touches inner * len indices, except in the loop's last tile
/// (`last`), whose last iteration keeps only `lastLanes` lanes busy: the
/// instances whose lanes all lie below lastLanes touch inner * len, one may
/// keep lastLanes mod inner of its lanes, and the others have an idle last
/// iteration.
static LaneGroups laneGroups(int64_t lanes, int64_t inner, int64_t len,
                             bool last, int64_t lastLanes) {
  LaneGroups g;
  int64_t outer = lanes / inner;
  if (!last || lastLanes == lanes) {
    g.n = 1;
    g.indices[0] = inner * len;
    g.instances[0] = static_cast<double>(outer);
    return g;
  }
  int64_t busy = std::min(outer, lastLanes / inner);
  int64_t partly = busy < outer && lastLanes % inner != 0 ? 1 : 0;
  int64_t idle = outer - busy - partly;
  g.n = 0;
  if (busy > 0) {
    g.indices[g.n] = inner * len;
    g.instances[g.n++] = static_cast<double>(busy);
  }
  if (partly) {
    g.indices[g.n] = inner * (len - 1) + lastLanes % inner;
    g.instances[g.n++] = 1;
  }
  if (idle > 0) {
    g.indices[g.n] = inner * (len - 1);
    g.instances[g.n++] = static_cast<double>(idle);
  }
  return g;
}

/// Appends to `amount` / `mult` (from `e`) one entry per group of instances
/// that see the same elements of operand `oi` in a tile of temporal extents
/// `ext` (`lastBit[l]`: loop l is in its last tile), each instance holding
/// `inner[l]` of the lanes of loop l: the relevant loops' indices, the
/// partially relevant dims' distinct values from their loops' indices (as
/// for a full tile), an idle instance (some irrelevant loop without an index)
/// holding nothing. Returns the largest amount.
static double laneEntries(const OperandInfo &oi, unsigned numL,
                          const int64_t *ext, const bool *lastBit,
                          const int64_t *lanes, const int64_t *lastLanes,
                          const int64_t *inner, double *amount, double *mult,
                          unsigned &e) {
  // The loops whose instances all see the same indices first: their
  // product, once.
  LaneGroups varyingGroups[kMaxSplitLoops];
  unsigned varying[kMaxSplitLoops], numVarying = 0;
  double baseMult = 1, baseElements = 1;
  double prSizes[kMaxPrSlots];
  for (unsigned l = 0; l < numL; ++l) {
    LaneGroups g = lanes[l] == 1 ? LaneGroups{1, {ext[l]}, {1}}
                                 : laneGroups(lanes[l], inner[l], ext[l],
                                              lastBit[l], lastLanes[l]);
    if (g.n > 1) { // only a split loop's last tile varies
      varyingGroups[numVarying] = g;
      varying[numVarying++] = l;
      continue;
    }
    baseMult *= g.instances[0];
    if (oi.cls[l] == LoopClass::R)
      baseElements *= static_cast<double>(g.indices[0]);
    else if (oi.cls[l] == LoopClass::PR)
      prSizes[oi.prSlot[l]] = static_cast<double>(g.indices[0]);
    else if (g.indices[0] == 0)
      baseElements = 0;
  }
  unsigned choice[kMaxSplitLoops] = {};
  double largest = 0;
  while (true) {
    double m = baseMult, elements = baseElements;
    for (unsigned v = 0; v < numVarying; ++v) {
      unsigned l = varying[v];
      int64_t idx = varyingGroups[v].indices[choice[v]];
      m *= varyingGroups[v].instances[choice[v]];
      if (oi.cls[l] == LoopClass::R)
        elements *= static_cast<double>(idx);
      else if (oi.cls[l] == LoopClass::PR)
        prSizes[oi.prSlot[l]] = static_cast<double>(idx);
      else if (idx == 0)
        elements = 0;
    }
    if (oi.numPrDims && elements > 0)
      for (unsigned x = 0; x < oi.numPrDims; ++x)
        elements *= prExtent(oi.prDims[x], prSizes, /*exact=*/true);
    if (elements > 0) {
      amount[e] = elements;
      mult[e++] = m;
      largest = std::max(largest, elements);
    }
    unsigned v = 0;
    for (; v < numVarying; ++v) {
      if (++choice[v] < varyingGroups[v].n)
        break;
      choice[v] = 0;
    }
    if (v == numVarying)
      return largest;
  }
}

/// Per tile class of every TileCut under `sv`: its cycles, its count and
/// what the instances on either side of the cut move per transfer.
void CostModel::Impl::computeTileClasses(const SpatialVariant &sv,
                                         const Temporal &temporal) const {
  const unsigned numL = std::min(numLoops, kMaxLoops);
  bool compat = opts.zigzagCompat;
  bool lanes = temporal.lanes;
  sv.exact.resize(kNumOps * kMaxArch); // allocates on the first call only
  for (unsigned o = 0; o < kNumOps; ++o) {
    const OperandInfo &oi = ops[o];
    if (!oi.present || oi.numLevels == 0)
      continue;
    const SpatialOperand &so = sv.ops[o];
    const unsigned M = oi.numLevels;
    for (unsigned a = 0; a <= M; ++a) {
      const TileCut &cut = temporal.cuts[o * kMaxArch + a];
      TileClasses &tc = sv.exact[o * kMaxArch + a];
      tc.n = 1u << cut.numSplit;
      tc.stationary = std::trunc(temporal.ops[o].topIr[a]);
      tc.first = 0;
      for (unsigned i = 0; i < cut.numSplit; ++i)
        if (cut.fullCount[i] == 0) // the only tile is the last one
          tc.first |= 1u << i;
      unsigned eHigh = 0, eLow = 0;
      int64_t ext[kMaxLoops];
      bool lastBit[kMaxLoops];
      for (unsigned b = 0; b < tc.n; ++b) {
        std::copy(cut.extent, cut.extent + numL, ext);
        std::fill(lastBit, lastBit + numL, false);
        double count = cut.baseCount;
        for (unsigned i = 0; i < cut.numSplit; ++i) {
          if (b >> i & 1) {
            ext[cut.splitLoop[i]] = cut.lastExtent[i];
            lastBit[cut.splitLoop[i]] = true;
          } else {
            count *= static_cast<double>(cut.fullCount[i]);
          }
        }
        double cycles = 1;
        for (unsigned l = 0; l < numL; ++l)
          cycles *= static_cast<double>(ext[l]);
        tc.cycles[b] = cycles;
        tc.count[b] = count;
        tc.highBegin[b] = eHigh;
        tc.lowBegin[b] = eLow;
        if (lanes) {
          // The instances of arch level a (memory a - 1) and those of
          // memory a (arch level a + 1) hold the lanes of the levels below.
          tc.highMax[b] = a == 0
                              ? 0
                              : laneEntries(oi, numL, ext, lastBit, laneTotal,
                                            laneLast, laneIn[o][a],
                                            tc.highAmount, tc.highMult, eHigh);
          tc.lowMax[b] = a == M ? 0
                                : laneEntries(oi, numL, ext, lastBit, laneTotal,
                                              laneLast, laneIn[o][a + 1],
                                              tc.lowAmount, tc.lowMult, eLow);
          continue;
        }
        // Averaged lanes: the tile of one average instance
        // (computeTerms' eu with the class's extents).
        double eu = 1;
        if (a > 0) {
          double v = so.suRCum[a - 1];
          for (unsigned l = 0; l < numL; ++l)
            if (oi.cls[l] == LoopClass::R)
              v *= static_cast<double>(ext[l]);
          if (oi.numPrDims) {
            double sizes[kMaxPrSlots];
            for (unsigned s = 0; s < oi.numPrSlots; ++s)
              sizes[s] = so.suPrCum[a - 1][s];
            for (unsigned l = 0; l < numL; ++l)
              if (oi.prSlot[l] >= 0)
                sizes[oi.prSlot[l]] *= static_cast<double>(ext[l]);
            for (unsigned x = 0; x < oi.numPrDims; ++x)
              v *= prExtent(oi.prDims[x], sizes, !compat, true);
          }
          eu = pyRound(v);
        }
        double low = eu * so.boost[a];
        if (compat && o == kOutput)
          low = std::trunc(low);
        tc.highAmount[eHigh] = tc.highMax[b] = eu;
        tc.highMult[eHigh++] = 1;
        tc.lowAmount[eLow] = tc.lowMax[b] = low;
        tc.lowMult[eLow++] = 1;
      }
      tc.highBegin[tc.n] = eHigh;
      tc.lowBegin[tc.n] = eLow;
    }
  }
}

/// The most elements one instance moves in a transfer of tile class `b`:
/// the arch level's own tile (fh/th of memory a - 1) or the tiles of the
/// lanes below one instance of memory a (its tl/fl).
static double classAmount(const TileClasses &tc, unsigned b, bool lowSide) {
  return lowSide ? tc.lowMax[b] : tc.highMax[b];
}

static bool isLowSide(unsigned dir) { return dir == kTL || dir == kFL; }

/// Combined-mapping products ("Combined mapping and partially relevant
/// loops", "Data per instance and partial sums") and the periodic transfer
/// model ("Periodic transfers") of every operand under one spatial mapping.
void CostModel::Impl::computeTerms(const SpatialVariant &sv,
                                   const Temporal &temporal, Terms &terms,
                                   const TileClasses *classes) const {
  bool compat = opts.zigzagCompat;
  bool clipPr = !definesFlavor(); // DeFiNES never clips pr extents
  double totalCycle = temporal.totalCycle;
  for (unsigned o = 0; o < kNumOps; ++o) {
    const OperandInfo &oi = ops[o];
    if (!oi.present || oi.numLevels == 0)
      continue;
    const SpatialOperand &so = sv.ops[o];
    const OperandTemporal &opTemporal = temporal.ops[o];
    OperandTerms &T = terms.ops[o];
    const unsigned M = oi.numLevels;
    bool isOutput = o == kOutput;
    const double *rAt = opTemporal.rAt;
    const auto &prAt = opTemporal.prAt;
    const double *levelIr = opTemporal.levelIr;
    const bool *levelIrFlag = opTemporal.levelIrFlag;

    // Elements held per instance: r loops of C2[0..a] = TM[0..a-1] and
    // SU[0..a-1], pr dims by their clipped extent.
    T.eu[0] = 1;
    for (unsigned a = 1; a <= M; ++a) {
      double v = rAt[a - 1] * so.suRCum[a - 1];
      if (oi.numPrDims) {
        double sizes[kMaxPrSlots];
        for (unsigned s = 0; s < oi.numPrSlots; ++s)
          sizes[s] = prAt[a - 1][s] * so.suPrCum[a - 1][s];
        for (unsigned x = 0; x < oi.numPrDims; ++x)
          v *= prExtent(oi.prDims[x], sizes, !compat, clipPr);
      }
      T.eu[a] = pyRound(v);
    }

    // Output: partial-sum flags ("Data per instance and partial sums") and
    // the reuse above each level.
    bool psum[kMaxArch + 1] = {};
    double caal[kMaxArch + 2];
    if (isOutput) {
      double ir1[kMaxArch];
      bool flag[kMaxArch];
      double prevReuse = 1;
      for (unsigned a = 0; a <= M; ++a) {
        ir1[a] = (a == 0 ? 1 : levelIr[a - 1]) * so.suIR[a];
        flag[a] = (a > 0 && levelIrFlag[a - 1]) || so.suIrFlag[a];
        if (oi.numPrDims) {
          // Reuse of the pr dims over C1[0..a] (X_ir loops).
          double sizes[kMaxPrSlots];
          double reuse = 1;
          for (unsigned s = 0; s < oi.numPrSlots; ++s)
            sizes[s] = (a == 0 ? 1 : prAt[a - 1][s]) * so.suPrCum[a][s];
          for (unsigned x = 0; x < oi.numPrDims; ++x) {
            double combos = 1;
            for (unsigned t = 0; t < oi.prDims[x].numTerms; ++t)
              combos *= sizes[oi.prDims[x].slot[t]];
            reuse *= combos / prExtent(oi.prDims[x], sizes, !compat, clipPr);
          }
          double ratio = reuse / prevReuse;
          prevReuse = reuse;
          ir1[a] *= ratio;
          flag[a] |= ratio > 1 + 1e-9;
        }
      }
      for (unsigned a = 0; a <= M; ++a) {
        double prod = 1;
        for (unsigned s = a; s <= M; ++s)
          prod *= ir1[s];
        caal[a] = prod;
      }
      caal[M + 1] = caal[M + 2] = 1;
      bool above = false; // an ir loop in arch levels > a
      for (unsigned a = M + 1; a-- > 0;) {
        psum[a] = above;
        bool holdsPsum = compat ? above : (above || flag[a]);
        T.prec[a] = holdsPsum ? oi.precision : oi.finalPrecision;
        above |= flag[a];
      }
    } else {
      for (unsigned a = 0; a <= M; ++a)
        T.prec[a] = oi.precision;
    }

    // Periodic transfers per memory level and direction ("Periodic
    // transfers").
    double cycle[kMaxArch];
    // DeFiNES reads the innermost inputs every cycle (no MAC-level
    // stationarity).
    cycle[0] = (!isOutput && opts.sameDataNoAccess && !definesFlavor())
                   ? opTemporal.macSt
                   : 1;
    for (unsigned a = 1; a <= M; ++a)
      cycle[a] = opTemporal.cyc[a - 1];
    double low[kMaxArch], high[kMaxArch];
    for (unsigned a = 0; a <= M; ++a) {
      low[a] = T.eu[a] * T.prec[a] / cycle[a];
      high[a] = low[a] * so.boost[a];
    }
    for (unsigned m = 0; m < M; ++m) {
      Transfer *t = T.t[m];
      double fLow = std::trunc(temporal.whole(opTemporal.topIr[m]));
      double fHigh = std::trunc(temporal.whole(opTemporal.topIr[m + 1]));
      double pLow = std::trunc(temporal.whole(cycle[m]));
      double pHigh = std::trunc(temporal.whole(cycle[m + 1]));
      double nLow = std::floor(temporal.whole(totalCycle / cycle[m]));
      double nHigh = std::floor(temporal.whole(totalCycle / cycle[m + 1]));
      double wLow = std::trunc(pLow / fLow), wHigh = std::trunc(pHigh / fHigh);
      if (!isOutput) {
        t[kTL] = {T.eu[m] * so.boost[m], pLow, nLow, oi.precision,
                  std::trunc(high[m]),   wLow};
        t[kFH] = {
            T.eu[m + 1], pHigh, nHigh, oi.precision, std::trunc(low[m + 1]),
            wHigh};
        t[kFL] = t[kTH] = {0, 0, 0, 0, 0, 0};
      } else {
        double nTl =
            std::trunc(temporal.whole(oi.totalElements * (caal[m + 1] - 1)));
        double nFh =
            std::trunc(temporal.whole(oi.totalElements * (caal[m + 2] - 1)));
        double pFl = nTl != 0 ? oi.precision : oi.finalPrecision;
        double pTl = nTl != 0 ? oi.precision : 0;
        double pFh = nFh != 0 ? oi.precision : 0;
        double pTh = nFh != 0 ? oi.precision : oi.finalPrecision;
        // Corrected: data leaving memory m upward is partial when the
        // spatial loops right above it still reduce.
        if (!compat && so.suIrFlag[m + 1])
          pTh = oi.precision;
        double upward = T.eu[m] * so.boost[m];
        t[kFL] = {compat ? std::trunc(upward) : upward,
                  pLow,
                  nLow,
                  pFl,
                  std::trunc(high[m]),
                  wLow};
        t[kTH] = {T.eu[m + 1], pHigh, nHigh, pTh, std::trunc(low[m + 1]),
                  wHigh};
        t[kTL] = t[kFL];
        t[kTL].precision = pTl;
        if (!psum[m])
          t[kTL] = {0, 0, 0, pTl, 0, 0};
        t[kFH] = t[kTH];
        t[kFH].precision = pFh;
        if (!psum[m + 1])
          t[kFH] = {0, 0, 0, pFh, 0, 0};
      }
    }
    // No traffic between the top memory and the outside world.
    T.t[M - 1][kTH] = {0, 0, 0, 0, 0, 0};
    T.t[M - 1][kFH] = {0, 0, 0, 0, 0, 0};
  }
  terms.exact = nullptr;
  terms.lanes = temporal.lanes;
  if (!temporal.exact)
    return;
  // Imperfect: the periods a transfer really runs are its tiles, one per
  // iteration of the loops above its cut.
  if (!classes) {
    computeTileClasses(sv, temporal);
    classes = sv.exact.data();
  }
  terms.exact = classes;
  for (unsigned o = 0; o < kNumOps; ++o) {
    const OperandInfo &oi = ops[o];
    if (!oi.present || oi.numLevels == 0)
      continue;
    for (unsigned m = 0; m < oi.numLevels; ++m)
      for (unsigned d = 0; d < kNumDirections; ++d) {
        Transfer &tr = terms.ops[o].t[m][d];
        if (tr.count == 0)
          continue;
        bool low = isLowSide(d);
        const TileClasses &tc = terms.exact[o * kMaxArch + (low ? m : m + 1)];
        double count = 0;
        for (unsigned b = 0; b < tc.n; ++b)
          count += tc.count[b];
        tr.count = count;
        // Split lanes: the first tile's largest transfer, not the averaged
        // lanes' (on-loading, the reported amount), and the bandwidth it
        // takes over its period (the loading balance's share of the port).
        if (temporal.lanes) {
          tr.amount = classAmount(tc, tc.first, low);
          if (tr.period > 0)
            tr.avgBw = std::trunc(
                tr.amount * terms.ops[o].prec[low ? m : m + 1] / tr.period);
        }
      }
  }
}

/// Word accesses of an exactly counted transfer: each tile class's transfer
/// of each group of instances rounded to words on its own (computeEnergy's
/// rule per transfer), times the class's tiles and the group's instances.
static double exactWordAccesses(const TileClasses &tc, bool lowSide,
                                double precision, double bmin, double bmax) {
  const double *amount = lowSide ? tc.lowAmount : tc.highAmount;
  const double *mult = lowSide ? tc.lowMult : tc.highMult;
  const unsigned *begin = lowSide ? tc.lowBegin : tc.highBegin;
  double words = 0;
  for (unsigned b = 0; b < tc.n; ++b)
    for (unsigned e = begin[b]; e < begin[b + 1]; ++e)
      words += std::ceil(amount[e] * precision / bmin) * (bmin / bmax) *
               mult[e] * tc.count[b];
  return words;
}

/// DeFiNES's word accesses of one transfer: not truncated, and a transfer
/// to/from the level below memory m > 0 moves at most what both ends can
/// carry per cycle, each cycle rounded up to whole access granules.
double CostModel::Impl::definesAccesses(const OperandInfo &oi,
                                        const SpatialOperand &so, unsigned m,
                                        unsigned d, const Transfer &tr,
                                        double units) const {
  double bmin = oi.bwMin[m][d], bmax = oi.bwMax[m][d];
  double perCycle = tr.amount, cycles = 1;
  if (m > 0 && (d == kTL || d == kFL)) {
    // The other end: memory m-1's port in the opposite sense.
    double below = oi.bwMax[m - 1][d == kFL ? kTH : kFH];
    perCycle = std::min(bmax / tr.precision, tr.amount);
    if (below > 0)
      perCycle =
          std::min(perCycle, below * (so.unitUnique[m] / so.unitUnique[m + 1]) /
                                 tr.precision);
    cycles = std::ceil(tr.amount / perCycle);
  }
  return std::ceil(perCycle * tr.precision / bmin) * (bmin / bmax) * tr.count *
         cycles * units;
}

/// Word accesses and energy ("Word accesses and energy") from the
/// fractional mapping.
void CostModel::Impl::computeEnergy(const SpatialVariant &sv,
                                    const Terms &terms, Cost &out,
                                    Problems *problems) const {
  bool defines = definesFlavor();
  double memEnergy = 0;
  for (unsigned k = 0; k < numLayerOps; ++k) {
    unsigned o = layerOrder[k];
    const OperandInfo &oi = ops[o];
    const OperandTerms &T = terms.ops[o];
    OperandCost &oc = out.operands[o];
    double opEnergy = 0;
    for (unsigned m = 0; m < oi.numLevels; ++m) {
      OperandLevelCost &lc = oc.levels[m];
      double units = sv.ops[o].unitCount[m + 1];
      for (unsigned d = 0; d < kNumDirections; ++d) {
        const Transfer &tr = T.t[m][d];
        lc.transfer[d] = {tr.amount, tr.period, tr.count, tr.precision};
        double acc = 0;
        if (tr.amount != 0 && tr.precision != 0) {
          double bmin = oi.bwMin[m][d], bmax = oi.bwMax[m][d];
          if (bmin > 0 && bmax > 0 && defines) {
            acc = definesAccesses(oi, sv.ops[o], m, d, tr, units);
          } else if (bmin > 0 && bmax > 0) {
            // ZigZag truncates the fractional word count (8000 bits over a
            // 2048-bit port: 3 words, less than the data); the corrected
            // model keeps it.
            acc = std::ceil(tr.amount * tr.precision / bmin) * (bmin / bmax) *
                  tr.count * units;
            if (opts.zigzagCompat)
              acc = std::trunc(acc);
          } else if (problems && problems->missingPort.empty()) {
            problems->missingPort =
                "memory '" + hardware.memories[oi.memory[m]].name +
                "' has no port for operand " +
                toString(static_cast<MemOperand>(o)) + " direction " +
                directionLongName(d) + ", which the mapping needs";
          }
        }
        lc.accesses[d] = acc;
      }
      double r = oi.readCost[m], w = oi.writeCost[m];
      lc.energy = (lc.accesses[kTH] * r + lc.accesses[kTL] * r) +
                  (lc.accesses[kFH] * w + lc.accesses[kFL] * w);
      lc.unitCount = units;
      lc.bitsPerInstance = T.eu[m + 1] * T.prec[m + 1];
      lc.utilization = lc.bitsPerInstance / oi.memBits[m];
      opEnergy += lc.energy;
      memEnergy += lc.energy;
    }
    oc.energy = opEnergy;
  }
  out.memEnergy = memEnergy;
  out.imcEnergy = imcEnergy;
  out.macEnergy = imc ? imcEnergy.total() : unitEnergy * macs;
  out.energy = out.memEnergy + out.macEnergy;
}

/// Latency ("Latency"): double buffering from the fractional mapping, transfer
/// cycles, port stall/slack, on/off-loading from the integer mapping.
/// Effective utilisation per (operand, level), shared memories summed, and
/// from it which levels double-buffer.
void CostModel::Impl::assignDoubleBuffers(const Temporal &temporal,
                                          const Terms &fracTerms, Cost &out) {
  for (unsigned k = 0; k < numLayerOps; ++k) {
    unsigned o = layerOrder[k];
    const OperandInfo &oi = ops[o];
    const OperandTerms &T = fracTerms.ops[o];
    for (unsigned m = 0; m < oi.numLevels; ++m) {
      double bits = T.eu[m + 1] * T.prec[m + 1];
      effUtil[o][m] =
          std::floor(temporal.whole(bits / temporal.ops[o].topR[m + 1])) /
          oi.memBits[m];
      effUtilShared[o][m] = effUtil[o][m];
    }
  }
  for (const ShareGroup &g : share) {
    if (g.n < 2)
      continue;
    double sum = 0;
    for (unsigned i = 0; i < g.n; ++i)
      sum += effUtil[g.op[i]][g.level[i]];
    for (unsigned i = 0; i < g.n; ++i)
      effUtilShared[g.op[i]][g.level[i]] = sum;
  }
  for (unsigned k = 0; k < numLayerOps; ++k) {
    unsigned o = layerOrder[k];
    const OperandInfo &oi = ops[o];
    doubleBuffer[o][0] = false;
    for (unsigned m = 0; m < oi.numLevels; ++m) {
      bool db;
      if (effUtilShared[o][m] <= 0.5) {
        db = true;
      } else if (effUtil[o][m] <= 1 - effUtilShared[o][m]) {
        db = true;
        // Order-dependent side effect: the space taken by this double
        // buffer is charged to every operand of the memory.
        const ShareGroup &g = share[oi.memory[m]];
        for (unsigned i = 0; i < g.n; ++i)
          effUtilShared[g.op[i]][g.level[i]] += effUtil[o][m];
      } else {
        db = false;
      }
      doubleBuffer[o][m + 1] = db;
      out.operands[o].levels[m].doubleBuffered = db;
    }
  }
}

/// Allowed and real cycles of every transfer.
void CostModel::Impl::computeTransferCycles(const Terms &intTerms, Cost &out) {
  for (unsigned k = 0; k < numLayerOps; ++k) {
    unsigned o = layerOrder[k];
    const OperandInfo &oi = ops[o];
    const OperandTerms &T = intTerms.ops[o];
    for (unsigned m = 0; m < oi.numLevels; ++m) {
      OperandLevelCost &lc = out.operands[o].levels[m];
      for (unsigned d = 0; d < kNumDirections; ++d) {
        const Transfer &tr = T.t[m][d];
        bool db = (d == kTL || d == kFL) ? doubleBuffer[o][m]
                                         : doubleBuffer[o][m + 1];
        lc.allowedCycles[d] = db ? tr.period : tr.window;
        if (cpo != 1)
          lc.allowedCycles[d] = std::ceil(lc.allowedCycles[d] * cpo);
        double bmax = oi.bwMax[m][d];
        lc.realCycles[d] =
            bmax > 0 ? std::ceil(tr.amount * tr.precision / bmax) : 0;
      }
    }
  }
}

/// Port contention: stall (+) or slack (-) per port; ports work in
/// parallel, so the worst port counts. Imperfect mappings count each port
/// per tile class (exactPortStallSlack).
double CostModel::Impl::computePortStallSlack(const Terms &intTerms,
                                              Cost &out) {
  double stallSlack = 0;
  out.numPorts = numPorts;
  for (unsigned p = 0; p < numPorts; ++p) {
    const PortInfo &pi = ports[p];
    detail::PortWindow windows[kMaxActivities];
    double real[kMaxActivities];
    unsigned n = 0;
    for (unsigned i = 0; i < pi.numActs; ++i) {
      const Activity &a = pi.acts[i];
      const Transfer &tr = intTerms.ops[a.op].t[a.level][a.dir];
      if (tr.count == 0)
        continue;
      const OperandLevelCost &lc = out.operands[a.op].levels[a.level];
      real[n] = lc.realCycles[a.dir];
      double period = cpo != 1 ? std::ceil(tr.period * cpo) : tr.period;
      windows[n++] = {period, lc.allowedCycles[a.dir], tr.count};
    }
    double ss = 0;
    if (intTerms.exact) {
      ss = n == 0 ? 0 : exactPortStallSlack(pi, intTerms, windows, n);
    } else if (n == 1) {
      ss = (real[0] - windows[0].allowed) * (windows[0].count - 1);
    } else if (n > 1) {
      double positive = 0, negative = 0, allowed = 0;
      for (unsigned i = 0; i < n; ++i) {
        double s = (real[i] - windows[i].allowed) * (windows[i].count - 1);
        (s > 0 ? positive : negative) += s;
        allowed += windows[i].allowed * (windows[i].count - 1);
      }
      ss = positive +
           std::max(0.0, negative + allowed - detail::windowUnion(windows, n));
    }
    out.ports[p] = {pi.memory, pi.port, ss};
    stallSlack = std::max(stallSlack, ss);
  }
  return stallSlack;
}

/// computeEnergy's word accesses for an imperfect mapping, each tile class
/// rounded on its own, and the energies that follow from them.
void CostModel::Impl::applyExactAccesses(const SpatialVariant &sv,
                                         const Terms &terms, Cost &out) const {
  double memEnergy = 0;
  for (unsigned k = 0; k < numLayerOps; ++k) {
    unsigned o = layerOrder[k];
    const OperandInfo &oi = ops[o];
    OperandCost &oc = out.operands[o];
    double opEnergy = 0;
    for (unsigned m = 0; m < oi.numLevels; ++m) {
      OperandLevelCost &lc = oc.levels[m];
      // Split lanes: the entries count the instances themselves.
      double units = terms.lanes ? 1 : sv.ops[o].unitCount[m + 1];
      for (unsigned d = 0; d < kNumDirections; ++d) {
        const Transfer &tr = terms.ops[o].t[m][d];
        double bmin = oi.bwMin[m][d], bmax = oi.bwMax[m][d];
        if (tr.amount == 0 || tr.precision == 0 || bmin <= 0 || bmax <= 0)
          continue; // no access, or no port: computeEnergy's value stands
        bool low = isLowSide(d);
        double acc =
            exactWordAccesses(terms.exact[o * kMaxArch + (low ? m : m + 1)],
                              low, tr.precision, bmin, bmax) *
            units;
        lc.accesses[d] = opts.zigzagCompat ? std::trunc(acc) : acc;
      }
      double r = oi.readCost[m], w = oi.writeCost[m];
      lc.energy = (lc.accesses[kTH] * r + lc.accesses[kTL] * r) +
                  (lc.accesses[kFH] * w + lc.accesses[kFL] * w);
      opEnergy += lc.energy;
      memEnergy += lc.energy;
    }
    oc.energy = opEnergy;
  }
  out.memEnergy = memEnergy;
  out.energy = out.memEnergy + out.macEnergy;
}

/// The stall (+) or slack (-) of one port for an exactly counted mapping:
/// every period but the first (loaded before the computation starts)
/// transfers its own tile within its own window, a partial tile's window
/// scaled with its shorter period; the instances of a memory transfer in
/// parallel, so a period takes as long as its largest transfer. A period's
/// stall cannot be paid by another's slack, so stalls and slacks are summed
/// apart, per class; a port with any stall reports the stalls, else the slack.
/// Shared ports combine them as the perfect rule does (windowUnion over the
/// full tiles' windows, counted over the real number of periods).
double CostModel::Impl::exactPortStallSlack(const PortInfo &pi,
                                            const Terms &intTerms,
                                            const detail::PortWindow *windows,
                                            unsigned n) const {
  double positive = 0, negative = 0, allowedSum = 0;
  for (unsigned i = 0; i < pi.numActs; ++i) {
    const Activity &a = pi.acts[i];
    const Transfer &tr = intTerms.ops[a.op].t[a.level][a.dir];
    if (tr.count == 0)
      continue;
    const OperandInfo &oi = ops[a.op];
    bool low = isLowSide(a.dir);
    const TileClasses &tc =
        intTerms.exact[a.op * kMaxArch + (low ? a.level : a.level + 1)];
    bool db =
        low ? doubleBuffer[a.op][a.level] : doubleBuffer[a.op][a.level + 1];
    double bmax = oi.bwMax[a.level][a.dir];
    for (unsigned b = 0; b < tc.n; ++b) {
      double periods = tc.count[b] - (b == tc.first ? 1 : 0);
      if (periods <= 0)
        continue;
      double amount = classAmount(tc, b, low);
      double real = bmax > 0 ? std::ceil(amount * tr.precision / bmax) : 0;
      double period = std::trunc(tc.cycles[b]);
      double allowed =
          db ? period : std::trunc(period / std::max(1.0, tc.stationary));
      if (cpo != 1)
        allowed = std::ceil(allowed * cpo);
      double term = (real - allowed) * periods;
      (term > 0 ? positive : negative) += term;
      allowedSum += allowed * periods;
    }
  }
  if (n <= 1)
    return positive > 0 ? positive : negative;
  return positive +
         std::max(0.0, negative + allowedSum - detail::windowUnion(windows, n));
}

/// The transfer cycles of an imperfect mapping's last tile (all loops in
/// their partial tile), which the off-loading moves.
double CostModel::Impl::lastTileCycles(const Terms &intTerms, unsigned o,
                                       unsigned m, unsigned d) const {
  const Transfer &tr = intTerms.ops[o].t[m][d];
  double bmax = ops[o].bwMax[m][d];
  if (bmax <= 0)
    return 0;
  bool low = isLowSide(d);
  const TileClasses &tc = intTerms.exact[o * kMaxArch + (low ? m : m + 1)];
  double amount = classAmount(tc, tc.n - 1, low);
  return std::ceil(amount * tr.precision / bmax);
}

/// computeLoading's off-loading for an imperfect mapping: a periodic output
/// transfer moves the last output tile, the all-partial class.
double CostModel::Impl::exactOffload(const Terms &intTerms) const {
  const OperandTerms &T = intTerms.ops[kOutput];
  double offload = 0;
  for (unsigned m = 0; m + 1 < ops[kOutput].numLevels; ++m) {
    double up = T.t[m][kTH].count > 1
                    ? lastTileCycles(intTerms, kOutput, m, kTH)
                    : load[kOutput][m][kTH].cycles;
    double down = T.t[m + 1][kFL].count > 1
                      ? lastTileCycles(intTerms, kOutput, m + 1, kFL)
                      : load[kOutput][m + 1][kFL].cycles;
    offload += std::max(up, down);
  }
  return offload;
}

/// On- and off-loading per port: the transfers that happen once are
/// balanced against the port's surplus over `computation` cycles.
void CostModel::Impl::computeLoading(double computation, const Terms &intTerms,
                                     Cost &out, double &onload,
                                     double &offload) {
  bool compat = opts.zigzagCompat;
  bool defines = definesFlavor();
  for (unsigned k = 0; k < numLayerOps; ++k)
    for (unsigned m = 0; m < ops[layerOrder[k]].numLevels; ++m)
      for (unsigned d = 0; d < kNumDirections; ++d)
        load[layerOrder[k]][m][d] = {0, false};
  for (unsigned p = 0; p < numPorts; ++p) {
    const PortInfo &pi = ports[p];
    unsigned once[kMaxActivities], many[kMaxActivities];
    unsigned nOnce = 0, nMany = 0;
    for (unsigned i = 0; i < pi.numActs; ++i) {
      const Activity &a = pi.acts[i];
      if (a.op == kOutput && (a.dir == kTL || a.dir == kFH))
        continue; // partial sums do not flow during off-loading
      double count = intTerms.ops[a.op].t[a.level][a.dir].count;
      if (count == 0)
        continue;
      if (count == 1 && !defines) // DeFiNES: no reduce_balanced step
        once[nOnce++] = i;
      else
        many[nMany++] = i;
    }
    double required = 0;
    for (unsigned i = 0; i < nMany; ++i) {
      const Activity &a = pi.acts[many[i]];
      double avgBw = intTerms.ops[a.op].t[a.level][a.dir].avgBw;
      required += cpo != 1 ? std::ceil(avgBw / cpo) : avgBw;
    }
    if (nOnce) {
      double cycles[kMaxActivities], minimum[kMaxActivities];
      for (unsigned i = 0; i < nOnce; ++i) {
        const Activity &a = pi.acts[once[i]];
        const OperandTerms &T = intTerms.ops[a.op];
        // QUIRK kept in both modes: the minimum is one arch-level-1 tile.
        minimum[i] = std::ceil(T.eu[1] * T.prec[1] / pi.bwMax);
        cycles[i] = out.operands[a.op].levels[a.level].realCycles[a.dir];
      }
      double surplus =
          std::max(0.0, (pi.bwMax - required) / pi.bwMax * computation);
      detail::reduceBalanced(cycles, minimum, nOnce, surplus, compat);
      for (unsigned i = 0; i < nOnce; ++i) {
        const Activity &a = pi.acts[once[i]];
        load[a.op][a.level][a.dir] = {cycles[i], pi.sharedByInputs};
      }
    }
    for (unsigned i = 0; i < nMany; ++i) {
      const Activity &a = pi.acts[many[i]];
      // Imperfect: the off-loading moves the last output tile, which is
      // partial (the on-loading's first tile is a full one).
      load[a.op][a.level][a.dir] = {
          out.operands[a.op].levels[a.level].realCycles[a.dir],
          pi.sharedByInputs};
    }
  }

  detail::OnloadSums sums;
  for (unsigned k = 0; k < numInputs; ++k) {
    unsigned o = inputs[k];
    for (unsigned m = 0; m + 1 < ops[o].numLevels; ++m) {
      const LoadRecord &e1 = load[o][m][kFH];
      const LoadRecord &e2 = load[o][m + 1][kTL];
      sums.add(k, std::max(e1.cycles, e2.cycles), e1.shared, e2.shared, compat);
    }
  }
  onload = sums.total(numInputs, compat);
  offload = 0;
  for (unsigned m = 0; m + 1 < ops[kOutput].numLevels; ++m)
    offload += std::max(load[kOutput][m][kTH].cycles,
                        load[kOutput][m + 1][kFL].cycles);
}

void CostModel::Impl::computeLatency(const Temporal &temporal,
                                     const Terms &fracTerms,
                                     const Terms &intTerms, Cost &out) {
  assignDoubleBuffers(temporal, fracTerms, out);
  computeTransferCycles(intTerms, out);
  double stallSlack = computePortStallSlack(intTerms, out);
  double totalCycle = temporal.totalCycle;
  double onload = 0, offload = 0;
  computeLoading(std::ceil(totalCycle * cpo) + stallSlack, intTerms, out,
                 onload, offload);
  if (intTerms.exact)
    offload = exactOffload(intTerms);

  out.idealCycle = std::ceil(std::ceil(macs / arrayUnits) * cpo);
  out.idealTemporalCycle = totalCycle * cpo;
  out.cyclesPerOp = cpo;
  out.stallSlack = stallSlack;
  out.onload = onload;
  out.offload = offload;
  out.latency0 = out.idealTemporalCycle + stallSlack;
  out.latency1 = out.latency0 + onload;
  out.latency = out.latency1 + offload;
  out.spatialUtilization = out.idealCycle / out.idealTemporalCycle;
}

void CostModel::Impl::evaluate(const SpatialVariant &f, const SpatialVariant &i,
                               bool same, const LoopFactor *loops, unsigned n,
                               const unsigned *const levelEnds[kNumOps],
                               Temporal &tt, Terms &tf, Terms &ti, Cost &out,
                               Problems *problems) {
  n = std::min(n, kMaxLoops);
  computeTemporal(loops, n, levelEnds, tt);
  evaluateFromTemporal(f, i, same, tt, tf, ti, out, problems);
}

void CostModel::Impl::evaluateFromTemporal(const SpatialVariant &f,
                                           const SpatialVariant &i, bool same,
                                           Temporal &tt, Terms &tf, Terms &ti,
                                           Cost &out, Problems *problems) {
  computeTerms(f, tt, tf);
  if (!same)
    computeTerms(i, tt, ti, tt.lanes ? tf.exact : nullptr);
  for (unsigned o = 0; o < kNumOps; ++o) {
    OperandCost &oc = out.operands[o];
    oc.present = ops[o].present;
    oc.numLevels = ops[o].present ? ops[o].numLevels : 0;
    oc.macStationaryCycles = ops[o].present ? tt.ops[o].macSt : 1;
    for (unsigned m = 0; m < oc.numLevels; ++m)
      oc.levels[m].memory = ops[o].memory[m];
    if (!oc.present)
      oc.energy = 0;
  }
  computeEnergy(f, tf, out, problems);
  if (tf.exact)
    applyExactAccesses(f, tf, out);
  computeLatency(tt, tf, same ? tf : ti, out);
}

unsigned CostModel::Impl::temporalKey(const Temporal &tt, double *key) const {
  unsigned k = 0;
  key[k++] = tt.totalCycle;
  for (unsigned o = 0; o < kNumOps; ++o) {
    const OperandInfo &oi = ops[o];
    if (!oi.present || oi.numLevels == 0)
      continue;
    const OperandTemporal &T = tt.ops[o];
    const unsigned M = oi.numLevels;
    key[k++] = T.macSt;
    for (unsigned a = 0; a <= M; ++a)
      key[k++] = T.topIr[a];
    for (unsigned m = 0; m < M; ++m) {
      key[k++] = T.cyc[m];
      key[k++] = T.rAt[m];
      key[k++] = T.topR[m + 1];
      for (unsigned s = 0; s < oi.numPrSlots; ++s)
        key[k++] = T.prAt[m][s];
      if (o == kOutput) { // only the output's reuse reads these
        key[k++] = T.levelIr[m];
        key[k++] = T.levelIrFlag[m] ? 1 : 0;
      }
    }
  }
  return k;
}

static uint64_t hashKey(const double *key, unsigned length) {
  uint64_t hash = 0x9e3779b97f4a7c15ull;
  for (unsigned k = 0; k < length; ++k) {
    uint64_t bits;
    std::memcpy(&bits, &key[k], sizeof bits);
    hash = (hash ^ bits) * 0xff51afd7ed558ccdull;
    hash ^= hash >> 29;
  }
  return hash;
}

bool CostModel::Impl::insertTemporal(const Temporal &tt) {
  double key[kMaxTemporalKey];
  unsigned length = temporalKey(tt, key);
  SeenTemporals &set = seen;
  if (set.entries == 0)
    set.keyLength = length;
  if (length != set.keyLength || set.entries >= kMaxSeenTemporals)
    return true;
  // Equal keys are equal bit patterns: the later steps then compute the
  // same values.
  uint64_t hash = hashKey(key, length);
  if (set.slots.empty())
    set.slots.assign(1024, 0);
  size_t mask = set.slots.size() - 1;
  size_t slot = hash & mask;
  for (; set.slots[slot] != 0; slot = (slot + 1) & mask) {
    const double *other =
        set.keys.data() + static_cast<size_t>(set.slots[slot] - 1) * length;
    if (std::memcmp(other, key, length * sizeof(double)) == 0)
      return false;
  }
  set.keys.insert(set.keys.end(), key, key + length);
  set.slots[slot] = ++set.entries;
  if (2 * set.entries > set.slots.size()) {
    // Rehash into twice the slots.
    std::vector<uint32_t> slots(2 * set.slots.size(), 0);
    mask = slots.size() - 1;
    for (uint32_t e = 0; e < set.entries; ++e) {
      size_t s =
          hashKey(set.keys.data() + static_cast<size_t>(e) * length, length) &
          mask;
      while (slots[s] != 0)
        s = (s + 1) & mask;
      slots[s] = e + 1;
    }
    set.slots = std::move(slots);
  }
  return true;
}

//===----------------------------------------------------------------------===//
// CostModel
//===----------------------------------------------------------------------===//

CostModel::CostModel(const Workload &w, const Hardware &hw,
                     CostModelOptions opts)
    : impl(std::make_unique<Impl>()) {
  impl->opts = opts;
  impl->initialise(w, hw);
}

CostModel::~CostModel() = default;
CostModel::CostModel(CostModel &&) noexcept = default;
CostModel &CostModel::operator=(CostModel &&) noexcept = default;

const std::string &CostModel::setupError() const { return impl->setupError; }

const CostModelOptions &CostModel::options() const { return impl->opts; }

void CostModel::setSpatial(
    const std::vector<std::vector<LoopFactor>> &spatial) {
  Impl &s = *impl;
  s.spatialKey = spatial;
  s.haveSpatial = true;
  if (s.seen.entries > 0) {
    s.seen.entries = 0;
    s.seen.keys.clear();
    std::fill(s.seen.slots.begin(), s.seen.slots.end(), 0);
  }
  s.prepareSpatial(spatial);
  s.sameVariants = s.frac.factors == s.integ.factors;
  if (s.imc)
    s.imcEnergy =
        s.imc->layerEnergy(s.macs, s.imc->occupancy(s.workload, spatial));
}

void CostModel::evaluateTemporal(const LoopFactor *loops, unsigned numLoops,
                                 const unsigned *const levelEnds[kNumOps],
                                 Cost &out) {
  Impl &s = *impl;
  if (!s.haveSpatial)
    setSpatial({});
  s.evaluate(s.frac, s.integ, s.sameVariants, loops, numLoops, levelEnds,
             s.temporal, s.termsFrac, s.termsInt, out, nullptr);
}

bool CostModel::evaluateTemporalIfNew(const LoopFactor *loops,
                                      unsigned numLoops,
                                      const unsigned *const levelEnds[kNumOps],
                                      Cost &out) {
  Impl &s = *impl;
  if (!s.haveSpatial)
    setSpatial({});
  s.computeTemporal(loops, std::min(numLoops, kMaxLoops), levelEnds,
                    s.temporal);
  if (!s.insertTemporal(s.temporal))
    return false;
  s.evaluateFromTemporal(s.frac, s.integ, s.sameVariants, s.temporal,
                         s.termsFrac, s.termsInt, out, nullptr);
  return true;
}

void CostModel::evaluateTemporal(const Mapping &m, Cost &out) {
  const unsigned *ends[kNumOps];
  for (unsigned o = 0; o < kNumOps; ++o) // short cut lists: all in level 0
    ends[o] = m.levelEnds[o].size() < impl->ops[o].numLevels
                  ? nullptr
                  : m.levelEnds[o].data();
  evaluateTemporal(m.temporal.data(), static_cast<unsigned>(m.temporal.size()),
                   ends, out);
}

void CostModel::evaluate(const Mapping &m, Cost &out) {
  if (!impl->haveSpatial || m.spatial != impl->spatialKey)
    setSpatial(m.spatial);
  evaluateTemporal(m, out);
}

std::string CostModel::check(const Mapping &m) const {
  const Impl &s = *impl;
  if (!s.setupError.empty())
    return s.setupError;
  // The one rule every pass shares (search, estimate, rewrite).
  if (std::string problem =
          checkMapping(s.workload, s.hardware, m, s.opts.flavor);
      !problem.empty())
    return problem;

  // Ports: evaluate with private scratch and report the first transfer
  // without one.
  auto scratch = std::make_unique<Impl>(s);
  scratch->prepareSpatial(m.spatial);
  auto cost = std::make_unique<Cost>();
  Problems problems;
  const unsigned *ends[kNumOps];
  for (unsigned o = 0; o < kNumOps; ++o)
    ends[o] = m.levelEnds[o].empty() ? nullptr : m.levelEnds[o].data();
  scratch->evaluate(scratch->frac, scratch->integ, false, m.temporal.data(),
                    static_cast<unsigned>(m.temporal.size()), ends,
                    scratch->temporal, scratch->termsFrac, scratch->termsInt,
                    *cost, &problems);
  return problems.missingPort;
}

} // namespace zigzag
