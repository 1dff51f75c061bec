//===- ExhaustiveTest.cpp - The exact temporal mapping engine -------------===//
//
// The branch-and-bound against brute force over every mapping of tiny
// layers, its bounds on random partial mappings of real layers, thread-count
// independence, budgets and the gap, and "never worse than LOMA".
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/Exhaustive.h"

#include "zigzag/Import/HardwareYAML.h"
#include "zigzag/Model/MappingValidity.h"
#include "zigzag/Model/SpatialUnrolling.h"
#include "zigzag/Search/Loma.h"
#include "zigzag/Search/Pareto.h"
#include "zigzag/Search/SpatialMappingGenerator.h"

#include "../Model/CostModelFixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <memory>
#include <random>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

MappingSpecEntry fixedSpatial(
    const std::vector<std::pair<std::string, std::vector<SpatialUnrollSpec>>>
        &dims) {
  MappingSpecEntry entry;
  entry.name = "default";
  entry.hasSpatialMapping = true;
  for (const auto &[dim, unrollings] : dims)
    entry.spatialMapping.push_back({dim, unrollings});
  return entry;
}

MappingSpecEntry tpuDefault() {
  return fixedSpatial({{"D1", {{"K", 32}}}, {"D2", {{"C", 32}}}});
}

MappingSpecEntry tpuPooling() {
  // tpu_like.yaml's Pooling/Add entry: C is not a loop of these layers.
  return fixedSpatial({{"D1", {{"G", 32}}}, {"D2", {{"C", 1}}}});
}

MappingSpecEntry gemmEntry() {
  return fixedSpatial(
      {{"D1", {{"D0", 8}}}, {"D2", {{"D2", 8}}}, {"D3", {{"D1", 8}}}});
}

/// The spatial mapping an entry fixes, as the search builds it.
SpatialMapping spatialOf(const Workload &w, const Hardware &hw,
                         const MappingSpecEntry &entry) {
  std::vector<SpatialMapping> out;
  SpatialMappingGenerator generator(w, hw, &entry);
  EXPECT_EQ(generator.generate(out), "");
  EXPECT_EQ(out.size(), 1u);
  return out.empty() ? SpatialMapping() : out[0];
}

/// Every prime factor of every temporal loop under `spatial`, or of the
/// temporal sizes `padded` (a padded space of imperfect=true) if not empty.
std::vector<LoopFactor> primeLoops(const Workload &w, const Hardware &hw,
                                   const SpatialMapping &spatial,
                                   const std::vector<int64_t> &padded = {}) {
  std::vector<int64_t> sizes = padded;
  if (sizes.empty())
    temporalLoopSizes(w, spatial, sizes);
  Loma loma;
  EXPECT_EQ(loma.init(w, sizes, 1000, {}), "");
  return loma.factors();
}

struct Best {
  bool found = false;
  double energy = 0, latency = 0;
};

bool better(double e, double l, const Best &b, SearchCriterion criterion) {
  if (!b.found)
    return true;
  switch (criterion) {
  case SearchCriterion::Latency:
    return l < b.latency || (l == b.latency && e < b.energy);
  case SearchCriterion::Energy:
    return e < b.energy || (e == b.energy && l < b.latency);
  case SearchCriterion::EDP:
    return e * l < b.energy * b.latency;
  }
  return false;
}

/// Calls `visit(ends)` for every monotone list of level ends of `levels`
/// levels over n loops (the last one n).
void forEachCuts(
    unsigned levels, unsigned n,
    const std::function<void(const std::vector<unsigned> &)> &visit) {
  std::vector<unsigned> ends(levels, n);
  std::function<void(unsigned, unsigned)> rec = [&](unsigned j, unsigned from) {
    if (j + 1 == levels) {
      visit(ends);
      return;
    }
    for (unsigned e = from; e <= n; ++e) {
      ends[j] = e;
      rec(j + 1, e);
    }
  };
  rec(0, 0);
}

/// Even mappings: an operand's non-empty level in a shared memory ends no
/// later than the others' levels there.
bool evenOk(const Hardware &hw, const Workload &w, const Mapping &m) {
  for (unsigned mem = 0; mem < hw.memories.size(); ++mem) {
    std::vector<std::pair<unsigned, unsigned>> at;
    for (MemOperand op : kAllMemOperands) {
      if (op != MemOperand::O && !w.operand(op).present)
        continue;
      std::vector<unsigned> levels = hw.hierarchy(op);
      for (unsigned j = 0; j < levels.size(); ++j)
        if (levels[j] == mem)
          at.push_back({static_cast<unsigned>(op), j});
    }
    for (auto [a, ja] : at) {
      unsigned end = m.levelEnds[a][ja];
      unsigned start = ja == 0 ? 0 : m.levelEnds[a][ja - 1];
      if (end == start)
        continue;
      for (auto [b, jb] : at)
        if (b != a && end > m.levelEnds[b][jb])
          return false;
    }
  }
  return true;
}

/// The optimum over every distinct ordering of the prime factors and every
/// choice of level cuts that fits the memories.
/// `costs`, if given, receives (energy, latency) of every fitting mapping.
Best bruteForce(const Workload &w, const Hardware &hw,
                const SpatialMapping &spatial, SearchCriterion criterion,
                bool compat, TemporalMappingType type, uint64_t *count,
                std::vector<std::pair<double, double>> *costs = nullptr,
                const std::vector<int64_t> &padded = {}) {
  CostModelOptions opts;
  opts.zigzagCompat = compat;
  CostModel model(w, hw, opts);
  model.setSpatial(spatial);
  ExhaustiveBound fits(w, hw, opts);
  std::vector<LoopFactor> lpfs = primeLoops(w, hw, spatial, padded);
  std::vector<unsigned> ranks(lpfs.size());
  for (unsigned k = 0; k < lpfs.size(); ++k)
    ranks[k] = (k > 0 && lpfs[k] == lpfs[k - 1]) ? ranks[k - 1] : k;
  MultisetPermutations perms(ranks);
  unsigned n = lpfs.size();
  std::vector<unsigned> order(n);
  Mapping m;
  m.spatial = spatial;
  m.temporal.resize(n);
  Cost cost;
  Best best;
  std::vector<MemOperand> present;
  for (MemOperand op : kAllMemOperands)
    if (op == MemOperand::O || w.operand(op).present)
      present.push_back(op);
  do {
    perms.current(order.data());
    for (unsigned k = 0; k < n; ++k)
      m.temporal[k] = lpfs[order[k]];
    std::function<void(unsigned)> rec = [&](unsigned i) {
      if (i == present.size()) {
        ++*count;
        if (type == TemporalMappingType::Even && !evenOk(hw, w, m))
          return;
        model.evaluateTemporal(m, cost);
        if (costs && fits.fitsMemories(m))
          costs->push_back({cost.energy, cost.latency});
        if (fits.fitsMemories(m) &&
            better(cost.energy, cost.latency, best, criterion)) {
          best.found = true;
          best.energy = cost.energy;
          best.latency = cost.latency;
        }
        return;
      }
      unsigned o = static_cast<unsigned>(present[i]);
      forEachCuts(hw.hierarchy(present[i]).size(), n,
                  [&](const std::vector<unsigned> &ends) {
                    m.levelEnds[o] = ends;
                    rec(i + 1);
                  });
    };
    rec(0);
  } while (perms.next());
  return best;
}

void expectSameOptimum(const Workload &w, const Hardware &hw,
                       const MappingSpecEntry &entry, SearchCriterion criterion,
                       bool compat = true,
                       TemporalMappingType type = TemporalMappingType::Uneven) {
  SCOPED_TRACE(std::string(toString(criterion)) +
               (compat ? " compat" : " corrected") +
               (type == TemporalMappingType::Even ? " even" : " uneven"));
  uint64_t count = 0;
  Best brute = bruteForce(w, hw, spatialOf(w, hw, entry), criterion, compat,
                          type, &count);
  ASSERT_TRUE(brute.found);
  SearchOptions options;
  options.criterion = criterion;
  options.zigzagCompat = compat;
  options.temporalType = type;
  ExhaustiveOptions exhaustive;
  exhaustive.seedWithLoma = false;
  ExhaustiveStats stats;
  SearchResult r =
      searchLayerExhaustive(w, hw, &entry, options, exhaustive, &stats);
  ASSERT_TRUE(r.found) << r.error;
  EXPECT_TRUE(stats.optimal);
  EXPECT_EQ(stats.gap, 0);
  if (criterion == SearchCriterion::EDP) {
    EXPECT_NEAR(r.cost.energy * r.cost.latency, brute.energy * brute.latency,
                1e-12 * brute.energy * brute.latency);
  } else {
    EXPECT_EQ(r.cost.energy, brute.energy);
    EXPECT_EQ(r.cost.latency, brute.latency);
  }
  // Far fewer complete mappings than brute force, and a valid one.
  EXPECT_LT(stats.leaves, count);
  CostModelOptions opts;
  opts.zigzagCompat = compat;
  CostModel model(w, hw, opts);
  EXPECT_EQ(model.check(r.mapping), "");

  // With the LOMA seed: the same optimum value.
  exhaustive.seedWithLoma = true;
  SearchResult seeded =
      searchLayerExhaustive(w, hw, &entry, options, exhaustive, &stats);
  ASSERT_TRUE(seeded.found);
  EXPECT_TRUE(stats.optimal);
  EXPECT_TRUE(stats.lomaFound);
  if (criterion == SearchCriterion::EDP)
    EXPECT_NEAR(seeded.cost.energy * seeded.cost.latency,
                brute.energy * brute.latency,
                1e-12 * brute.energy * brute.latency);
  else
    EXPECT_EQ(seeded.cost.latency, brute.latency);
}

const SearchCriterion kCriteria[] = {
    SearchCriterion::Latency, SearchCriterion::Energy, SearchCriterion::EDP};

TEST(ExhaustiveTest, SmallConvOnTpuLikeEqualsBruteForce) {
  // K2 C2 OY2 OX2 FY3 after the 32x32 unrolling: 120 orderings x 756 cuts.
  Workload w = convWorkload(64, 64, 2, 2, 3, 1, 1);
  for (SearchCriterion c : kCriteria) {
    expectSameOptimum(w, tpuLikeHardware(), tpuDefault(), c);
    expectSameOptimum(w, tpuLikeHardware(), tpuDefault(), c, false);
  }
  expectSameOptimum(w, tpuLikeHardware(), tpuDefault(),
                    SearchCriterion::Latency, true, TemporalMappingType::Even);
}

TEST(ExhaustiveTest, StridedConvAndPoolingEqualBruteForce) {
  Workload conv = convWorkload(64, 32, 4, 2, 1, 3, 2);
  Workload pool = poolingWorkload(32, 2, 4, 3, 1, 1);
  for (SearchCriterion c : kCriteria) {
    expectSameOptimum(conv, tpuLikeHardware(), tpuDefault(), c);
    expectSameOptimum(pool, tpuLikeHardware(), tpuPooling(), c);
  }
}

TEST(ExhaustiveTest, FractionalUnrollingEqualsBruteForce) {
  // K33 over 32 array rows: 16.5 per row (fractional), 2 temporal.
  Workload w = convWorkload(33, 64, 2, 2, 1, 1, 1);
  for (SearchCriterion c : kCriteria)
    expectSameOptimum(w, tpuLikeHardware(), tpuDefault(), c);
}

TEST(ExhaustiveTest, GemmOnThreeLevelsEqualsBruteForce) {
  // Three levels for every operand: D0 2 2, D1 2, D2 2 after 8x8x8.
  Workload w = gemmWorkload();
  w.loopSizes = {32, 16, 16};
  for (SearchCriterion c : kCriteria) {
    expectSameOptimum(w, gemmL1L3Hardware(), gemmEntry(), c);
    expectSameOptimum(w, gemmL1L3Hardware(), gemmEntry(), c, false);
  }
  expectSameOptimum(w, gemmL1L3Hardware(), gemmEntry(), SearchCriterion::Energy,
                    true, TemporalMappingType::Even);
}

TEST(ExhaustiveTest, TiesOnTheCriterionGoToTheTieBreakAsInBruteForce) {
  // An Add layer: every loop is relevant to every operand, so no ordering
  // reuses data and many mappings share the least energy with different
  // latencies (and the least latency with different energies). The search
  // prunes a subtree only when it cannot be strictly better by isBetter, so
  // the tie-break metric must come out as brute force's.
  Workload w = addWorkload(64, 4, 4);
  for (bool compat : {true, false}) {
    uint64_t count = 0;
    std::vector<std::pair<double, double>> costs;
    Best energy = bruteForce(w, tpuLikeHardware(),
                             spatialOf(w, tpuLikeHardware(), tpuPooling()),
                             SearchCriterion::Energy, compat,
                             TemporalMappingType::Uneven, &count, &costs);
    ASSERT_TRUE(energy.found);
    unsigned slowerTies = 0;
    for (const auto &[e, l] : costs)
      slowerTies += e == energy.energy && l > energy.latency;
    EXPECT_GT(slowerTies, 0u) << "the layer must have ties to break";
    expectSameOptimum(w, tpuLikeHardware(), tpuPooling(),
                      SearchCriterion::Energy, compat);
    expectSameOptimum(w, tpuLikeHardware(), tpuPooling(),
                      SearchCriterion::Latency, compat);
  }
}

/// Is `loop` irrelevant to `op` in the cost model's sense (a loop the
/// stationary merge-down moves)?
bool irrelevantTo(const Workload &w, MemOperand op, unsigned loop) {
  const WorkloadOperand &wo = w.operand(op);
  for (const PrDim &dim : wo.prDims)
    for (const auto &term : dim.terms)
      if (term.first == loop)
        return false;
  return wo.relevance[loop] == Relevance::Irrelevant && w.loopSizes[loop] != 1;
}

/// Random monotone ends of levels [from, to) of operand `o` within [lo, hi],
/// each right below a loop the operand does not merge down (or at n); false
/// if 100 draws found none.
bool randomCuts(std::mt19937 &rng, const Workload &w, unsigned n,
                const std::vector<LoopFactor> &loops, unsigned o,
                std::vector<unsigned> &ends, unsigned from, unsigned to,
                unsigned lo, unsigned hi) {
  for (unsigned attempt = 0; attempt < 100; ++attempt) {
    bool ok = true;
    unsigned at = lo;
    for (unsigned j = from; j < to && ok; ++j) {
      at = ends[j] = std::uniform_int_distribution<unsigned>(at, hi)(rng);
      ok = at == n ||
           !irrelevantTo(w, static_cast<MemOperand>(o), loops[at].loop);
    }
    if (ok)
      return true;
  }
  return false;
}

/// A random partial mapping: the loops shuffled, the first p placed, and per
/// operand an open level with random canonical cuts below it.
struct RandomPartial {
  std::vector<LoopFactor> loops;
  unsigned p = 0;
  unsigned open[kNumMemOperands] = {};
  std::vector<unsigned> ends[kNumMemOperands];
  const unsigned *ptr[kNumMemOperands] = {};
};

/// Draws one with p in [1, maxPlaced]; false if some operand found no cuts.
bool randomPartial(std::mt19937 &rng, const Workload &w,
                   const std::vector<LoopFactor> &lpfs,
                   const unsigned levels[kNumMemOperands], unsigned maxPlaced,
                   RandomPartial &out) {
  auto uniform = [&](unsigned lo, unsigned hi) {
    return std::uniform_int_distribution<unsigned>(lo, hi)(rng);
  };
  unsigned n = lpfs.size();
  out.loops = lpfs;
  std::shuffle(out.loops.begin(), out.loops.end(), rng);
  out.p = uniform(1, maxPlaced);
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    out.open[o] = 0;
    out.ends[o].clear();
    out.ptr[o] = nullptr;
  }
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    if (!levels[o])
      continue;
    out.open[o] = uniform(0, levels[o] - 1);
    out.ends[o].assign(levels[o], n);
    bool ok = randomCuts(rng, w, n, out.loops, o, out.ends[o], out.open[o],
                         levels[o] - 1, out.p, n);
    out.ptr[o] = out.ends[o].data();
    if (!ok)
      return false;
  }
  return true;
}

/// Random partial mappings of a layer in the search space (cuts right below
/// loops the operand does not merge down): every completion costs at least
/// the bounds, and none fits when the bound says so.
/// `padding` picks a padded space of imperfect=true: 0 the perfect one, k
/// the k-th of imperfectTemporalSizes (1-based), -1 the last (every loop
/// padded at once).
void checkBounds(const Workload &w, const Hardware &hw,
                 const MappingSpecEntry &entry, bool compat, unsigned seed,
                 bool table = true, int padding = 0) {
  SCOPED_TRACE(w.name + (compat ? " compat" : " corrected") +
               (table ? " table" : " evaluated") + " padding " +
               std::to_string(padding));
  CostModelOptions opts;
  opts.zigzagCompat = compat;
  SpatialMapping spatial = spatialOf(w, hw, entry);
  std::vector<int64_t> padded;
  if (padding != 0) {
    std::vector<int64_t> sizes;
    temporalLoopSizes(w, spatial, sizes);
    std::vector<std::vector<int64_t>> variants = imperfectTemporalSizes(sizes);
    ASSERT_FALSE(variants.empty());
    padded = padding < 0 ? variants.back() : variants.at(padding - 1);
  }
  std::vector<LoopFactor> lpfs = primeLoops(w, hw, spatial, padded);
  unsigned n = lpfs.size();
  ExhaustiveBound bound(w, hw, opts);
  ASSERT_EQ(bound.setupError(), "");
  if (!table)
    bound.setTableLimit(0);
  bound.setSpatial(spatial, lpfs);
  EXPECT_EQ(bound.hasTable(), table);
  CostModel model(w, hw, opts);
  model.setSpatial(spatial);
  std::mt19937 rng(seed);
  unsigned levels[kNumMemOperands] = {};
  for (MemOperand op : kAllMemOperands)
    if (op == MemOperand::O || w.operand(op).present)
      levels[static_cast<unsigned>(op)] = hw.hierarchy(op).size();
  Cost cost;
  unsigned checked = 0, fitting = 0, remainders = 0;
  double tightest = 0; // largest bound / cost seen
  std::vector<double> plainFactors(n), adjusted(n);
  std::vector<int64_t> realSizes;
  temporalLoopSizes(w, spatial, realSizes);
  for (unsigned trial = 0; trial < 600; ++trial) {
    RandomPartial partial;
    if (!randomPartial(rng, w, lpfs, levels, n, partial))
      continue;
    std::vector<LoopFactor> &loops = partial.loops;
    unsigned p = partial.p;
    unsigned (&open)[kNumMemOperands] = partial.open;
    std::vector<unsigned>(&ends)[kNumMemOperands] = partial.ends;
    const unsigned *(&ptr)[kNumMemOperands] = partial.ptr;
    ExhaustiveBound::Result r = bound.compute(loops.data(), n, p, ptr, open);
    Mapping m;
    m.spatial = spatial;
    for (unsigned completion = 0; completion < 40; ++completion) {
      std::vector<LoopFactor> full = loops;
      std::shuffle(full.begin(), full.begin() + p, rng);
      m.temporal = full;
      bool canonical = true;
      for (unsigned o = 0; o < kNumMemOperands && canonical; ++o) {
        if (!levels[o])
          continue;
        m.levelEnds[o] = ends[o];
        // The open level holds the loop at p - 1: lower levels end below.
        canonical = randomCuts(rng, w, n, full, o, m.levelEnds[o], 0, open[o],
                               0, p - 1);
      }
      if (!canonical)
        continue;
      model.evaluateTemporal(m, cost);
      ++checked;
      // In a padded space the cost model counts the outermost factor of
      // each padded loop as the remainder.
      remainderAdjustedFactors(full.data(), n, realSizes.data(),
                               realSizes.size(), adjusted.data());
      for (unsigned k = 0; k < n; ++k)
        remainders += adjusted[k] != static_cast<double>(full[k].factor);
      bool fits = bound.fitsMemories(m);
      if (!r.fits) {
        EXPECT_FALSE(fits) << "trial " << trial;
      }
      // The bounds hold for every completion that fits the memories.
      if (!fits)
        continue;
      ++fitting;
      EXPECT_GE(cost.energy, r.energy - 1e-9 * cost.energy)
          << "trial " << trial << " p " << p;
      if (std::isfinite(r.latency)) {
        EXPECT_GE(cost.latency, r.latency - 1e-9)
            << "trial " << trial << " p " << p;
      }
      // A completion of the bound's energy can tie: the tie-break bound.
      if (cost.energy <= r.energy * (1 + 1e-12)) {
        EXPECT_GE(cost.latency, r.tieLatency - 1e-9)
            << "trial " << trial << " p " << p;
      }
      tightest = std::max(tightest, r.energy / cost.energy);
      if (::testing::Test::HasFailure())
        return;
    }
  }
  EXPECT_GT(checked, 1000u);
  EXPECT_GT(fitting, 100u);
  if (padding != 0) {
    EXPECT_GT(remainders, 0u) << "the completions must count remainders";
  }
  // Some completions come close to the energy bound.
  EXPECT_GT(tightest, 0.9);
  std::cerr << w.name << (compat ? " compat" : " corrected")
            << (table ? " table" : " evaluated") << ": " << fitting
            << " fitting completions, tightest bound/cost " << tightest << "\n";
}

TEST(ExhaustiveTest, BoundsAreAdmissibleOnRandomPartialMappings) {
  for (bool compat : {true, false}) {
    checkBounds(convWorkload(64, 64, 56, 56, 3, 3, 1), tpuLikeHardware(),
                tpuDefault(), compat, 1);
    checkBounds(convWorkload(128, 64, 28, 28, 3, 3, 2), tpuLikeHardware(),
                tpuDefault(), compat, 2);
    checkBounds(convWorkload(1000, 512, 1, 1, 1, 1, 1), tpuLikeHardware(),
                tpuDefault(), compat, 3);
    checkBounds(convWorkload(512, 512, 7, 7, 3, 3, 1), tpuLikeHardware(),
                tpuDefault(), compat, 4);
    checkBounds(poolingWorkload(64, 56, 56, 3, 3, 2), tpuLikeHardware(),
                tpuPooling(), compat, 5);
    checkBounds(addWorkload(64, 56, 56), tpuLikeHardware(), tpuPooling(),
                compat, 6);
    checkBounds(gemmWorkload(), gemmL1L3Hardware(), gemmEntry(), compat, 7);
    checkBounds(gemmWorkload(), gemmL1Hardware(), gemmEntry(), compat, 8);
    // Bounds from one evaluated completion (spaces too large for tables).
    checkBounds(convWorkload(64, 64, 56, 56, 3, 3, 1), tpuLikeHardware(),
                tpuDefault(), compat, 9, /*table=*/false);
    checkBounds(convWorkload(1000, 512, 1, 1, 1, 1, 1), tpuLikeHardware(),
                tpuDefault(), compat, 10, /*table=*/false);
    checkBounds(gemmWorkload(), gemmL1L3Hardware(), gemmEntry(), compat, 11,
                /*table=*/false);
  }
}

Workload oddGemm() {
  // 8 x 8 x 8 lanes leave temporal D0 7, D1 3, D2 5: every loop padded.
  Workload w = gemmWorkload();
  w.loopSizes = {56, 24, 40};
  return w;
}

TEST(ExhaustiveTest, BoundsAreAdmissibleOnPaddedSpaces) {
  // imperfect=true: the spaces of the padded temporal sizes, whose
  // completions count each padded loop's outermost factor as T / P
  // (wherever it lands), against the bounds of their partial mappings.
  for (bool compat : {true, false}) {
    // ResNet-18's 7x7 convs: OY, OX 7 -> 8, 9; FY, FX 3 -> 4, 6.
    checkBounds(convWorkload(512, 512, 7, 7, 3, 3, 1), tpuLikeHardware(),
                tpuDefault(), compat, 21, true, -1);
    checkBounds(convWorkload(512, 512, 7, 7, 3, 3, 1), tpuLikeHardware(),
                tpuDefault(), compat, 22, true, 1);
    checkBounds(convWorkload(64, 64, 56, 56, 3, 3, 1), tpuLikeHardware(),
                tpuDefault(), compat, 23, true, -1);
    checkBounds(convWorkload(128, 64, 27, 27, 3, 3, 2), tpuLikeHardware(),
                tpuDefault(), compat, 24, true, -1);
    checkBounds(poolingWorkload(64, 7, 7, 3, 3, 1), tpuLikeHardware(),
                tpuPooling(), compat, 25, true, -1);
    checkBounds(addWorkload(64, 7, 7), tpuLikeHardware(), tpuPooling(), compat,
                26, true, -1);
    checkBounds(oddGemm(), gemmL1L3Hardware(), gemmEntry(), compat, 27, true,
                -1);
    checkBounds(oddGemm(), gemmL1L3Hardware(), gemmEntry(), compat, 28, true,
                2);
    checkBounds(oddGemm(), gemmL1Hardware(), gemmEntry(), compat, 29, true, -1);
    // Bounds from one evaluated completion.
    checkBounds(convWorkload(512, 512, 7, 7, 3, 3, 1), tpuLikeHardware(),
                tpuDefault(), compat, 30, /*table=*/false, -1);
    checkBounds(oddGemm(), gemmL1L3Hardware(), gemmEntry(), compat, 31,
                /*table=*/false, -1);
  }
}

TEST(ExhaustiveTest, BoundsAreAdmissibleWithIdleLanes) {
  // K 54 and C 20 over tpu_like's 32 x 32 lanes: idle lanes in the perfect
  // space (with and without tables) and in padded ones (OY, OX 7).
  for (bool compat : {true, false}) {
    checkBounds(convWorkload(54, 20, 7, 7, 3, 3, 1), tpuLikeHardware(),
                tpuDefault(), compat, 41, true, 0);
    checkBounds(convWorkload(54, 20, 7, 7, 3, 3, 1), tpuLikeHardware(),
                tpuDefault(), compat, 42, /*table=*/false, 0);
    checkBounds(convWorkload(54, 20, 7, 7, 3, 3, 1), tpuLikeHardware(),
                tpuDefault(), compat, 43, true, -1);
    checkBounds(convWorkload(54, 20, 7, 7, 3, 3, 1), tpuLikeHardware(),
                tpuDefault(), compat, 44, true, 1);
  }
}

/// The optimum over the perfect space and every padded space of
/// imperfect=true (imperfectTemporalSizes), each searched by brute force.
Best bruteForceImperfect(const Workload &w, const Hardware &hw,
                         const SpatialMapping &spatial,
                         SearchCriterion criterion, bool compat,
                         uint64_t *count, Best *perfect) {
  *perfect = bruteForce(w, hw, spatial, criterion, compat,
                        TemporalMappingType::Uneven, count);
  Best best = *perfect;
  std::vector<int64_t> sizes;
  temporalLoopSizes(w, spatial, sizes);
  for (const std::vector<int64_t> &padded : imperfectTemporalSizes(sizes)) {
    Best b = bruteForce(w, hw, spatial, criterion, compat,
                        TemporalMappingType::Uneven, count, nullptr, padded);
    if (b.found && better(b.energy, b.latency, best, criterion))
      best = b;
  }
  return best;
}

TEST(ExhaustiveTest, ImperfectEqualsBruteForceOverThePaddedSpaces) {
  // Temporal D0 7, D2 3 after the 8 x 8 x 8 unrolling: besides the perfect
  // space, the spaces of D0 8, 9 and D2 4, 6 (and 8 with 4).
  Workload w = gemmWorkload();
  w.loopSizes = {56, 8, 24};
  MappingSpecEntry entry = gemmEntry();
  SpatialMapping spatial = spatialOf(w, gemmL1L3Hardware(), entry);
  unsigned paddedWins = 0;
  for (bool compat : {true, false})
    for (SearchCriterion c : kCriteria) {
      SCOPED_TRACE(std::string(toString(c)) + (compat ? " compat" : ""));
      uint64_t count = 0;
      Best perfect;
      Best brute = bruteForceImperfect(w, gemmL1L3Hardware(), spatial, c,
                                       compat, &count, &perfect);
      ASSERT_TRUE(brute.found);
      paddedWins += better(brute.energy, brute.latency, perfect, c);
      SearchOptions options;
      options.criterion = c;
      options.zigzagCompat = compat;
      options.imperfect = true;
      ExhaustiveOptions exhaustive;
      exhaustive.seedWithLoma = false;
      ExhaustiveStats stats;
      SearchResult r = searchLayerExhaustive(w, gemmL1L3Hardware(), &entry,
                                             options, exhaustive, &stats);
      ASSERT_TRUE(r.found) << r.error;
      EXPECT_TRUE(stats.optimal);
      EXPECT_LT(stats.leaves, count);
      EXPECT_EQ(r.mapping.spatial, spatial);
      if (c == SearchCriterion::EDP)
        EXPECT_NEAR(r.cost.energy * r.cost.latency,
                    brute.energy * brute.latency,
                    1e-12 * brute.energy * brute.latency);
      else {
        EXPECT_EQ(r.cost.energy, brute.energy);
        EXPECT_EQ(r.cost.latency, brute.latency);
      }
      // The emitted mapping (remainder factors as ceil(T / P)) is valid and
      // costs what the search reports.
      CostModelOptions opts;
      opts.zigzagCompat = compat;
      CostModel model(w, gemmL1L3Hardware(), opts);
      EXPECT_EQ(model.check(r.mapping), "");
      Cost again;
      model.evaluate(r.mapping, again);
      EXPECT_EQ(again.energy, r.cost.energy);
      EXPECT_EQ(again.latency, r.cost.latency);
    }
  // The padded spaces hold strictly better mappings for some criteria.
  EXPECT_GT(paddedWins, 0u);
}

TEST(ExhaustiveTest, ImperfectNeverWorseThanLomaImperfect) {
  // The LOMA imperfect result seeds the incumbent: per layer the exhaustive
  // result is at least as good on the criterion, and proven when the
  // budget suffices.
  const Workload layers[] = {convWorkload(512, 512, 7, 7, 3, 3, 1),
                             convWorkload(128, 64, 27, 27, 3, 3, 2),
                             poolingWorkload(64, 7, 7, 3, 3, 1)};
  const MappingSpecEntry entries[] = {tpuDefault(), tpuDefault(), tpuPooling()};
  unsigned better = 0;
  for (unsigned i = 0; i < 3; ++i)
    for (SearchCriterion c : kCriteria) {
      SCOPED_TRACE(layers[i].name + " " + toString(c));
      SearchOptions options;
      options.criterion = c;
      options.imperfect = true;
      SearchResult loma =
          searchLayer(layers[i], tpuLikeHardware(), &entries[i], options);
      ASSERT_TRUE(loma.found);
      ExhaustiveOptions exhaustive;
      exhaustive.maxNodes = 50000;
      ExhaustiveStats stats;
      SearchResult r =
          searchLayerExhaustive(layers[i], tpuLikeHardware(), &entries[i],
                                options, exhaustive, &stats);
      ASSERT_TRUE(r.found) << r.error;
      EXPECT_EQ(stats.lomaEnergy, loma.cost.energy);
      EXPECT_FALSE(isBetter(loma.cost, r.cost, c));
      better += isBetter(r.cost, loma.cost, c);
      CostModel model(layers[i], tpuLikeHardware());
      EXPECT_EQ(model.check(r.mapping), "");
    }
  EXPECT_GT(better, 0u);
}

TEST(ExhaustiveTest, ImperfectSpendsTheWholeNodeBudget) {
  // imperfect=true splits a layer's node budget over ~10 temporal spaces per
  // spatial candidate, most of them exhausted (or pruned) within a few
  // nodes: what they leave goes to the spaces still open, so an unproven
  // layer has used its budget (it used to stop at a fraction of it).
  // Free spatial search: the later candidates' spaces end early (it used
  // 15 071 of 20 000 nodes).
  Workload w = convWorkload(128, 64, 27, 27, 3, 3, 2);
  SearchOptions options;
  options.criterion = SearchCriterion::Latency;
  options.imperfect = true;
  ExhaustiveOptions exhaustive;
  exhaustive.maxNodes = 20000;
  ExhaustiveStats stats;
  SearchResult r = searchLayerExhaustive(w, tpuLikeHardware(), nullptr, options,
                                         exhaustive, &stats);
  ASSERT_TRUE(r.found) << r.error;
  ASSERT_FALSE(stats.optimal);
  EXPECT_EQ(stats.stoppedBy, "nodes");
  EXPECT_GE(stats.nodes, 19000u);
  EXPECT_LE(stats.nodes, 20000u + 16 * 100u);
}

TEST(ExhaustiveTest, NeverWorseThanLomaAndIndependentOfThreads) {
  Workload w = convWorkload(128, 64, 28, 28, 3, 3, 2);
  MappingSpecEntry entry = tpuDefault();
  for (SearchCriterion c : kCriteria) {
    SCOPED_TRACE(toString(c));
    SearchOptions options;
    options.criterion = c;
    SearchResult loma = searchLayer(w, tpuLikeHardware(), &entry, options);
    ASSERT_TRUE(loma.found);
    ExhaustiveOptions exhaustive;
    exhaustive.maxNodes = 20000;
    ExhaustiveStats one, three;
    SearchResult a = searchLayerExhaustive(w, tpuLikeHardware(), &entry,
                                           options, exhaustive, &one);
    options.threads = 3;
    SearchResult b = searchLayerExhaustive(w, tpuLikeHardware(), &entry,
                                           options, exhaustive, &three);
    ASSERT_TRUE(a.found && b.found);
    EXPECT_EQ(a.cost.energy, b.cost.energy);
    EXPECT_EQ(a.cost.latency, b.cost.latency);
    EXPECT_EQ(a.mapping.temporal, b.mapping.temporal);
    EXPECT_EQ(a.mapping.levelEnds, b.mapping.levelEnds);
    EXPECT_EQ(one.nodes, three.nodes);
    EXPECT_EQ(one.gap, three.gap);
    EXPECT_EQ(one.optimal, three.optimal);
    EXPECT_TRUE(one.lomaFound);
    EXPECT_EQ(one.lomaEnergy, loma.cost.energy);
    EXPECT_EQ(one.lomaLatency, loma.cost.latency);
    switch (c) {
    case SearchCriterion::Latency:
      EXPECT_LE(a.cost.latency, loma.cost.latency);
      break;
    case SearchCriterion::Energy:
      EXPECT_LE(a.cost.energy, loma.cost.energy);
      break;
    case SearchCriterion::EDP:
      EXPECT_LE(a.cost.energy * a.cost.latency,
                loma.cost.energy * loma.cost.latency);
      break;
    }
    CostModel model(w, tpuLikeHardware());
    EXPECT_EQ(model.check(a.mapping), "");
  }
}

TEST(ExhaustiveTest, NodeBudgetReportsTheGap) {
  // A layer where the exact engine beats LOMA (ResNet-18's 7x7 convs): 500
  // nodes leave open subtrees that may still be better.
  Workload w = convWorkload(512, 512, 7, 7, 3, 3, 1);
  MappingSpecEntry entry = tpuDefault();
  SearchOptions options;
  options.criterion = SearchCriterion::Energy;
  ExhaustiveOptions exhaustive;
  exhaustive.maxNodes = 500;
  ExhaustiveStats stats;
  SearchResult r = searchLayerExhaustive(w, tpuLikeHardware(), &entry, options,
                                         exhaustive, &stats);
  ASSERT_TRUE(r.found);
  EXPECT_FALSE(stats.optimal);
  EXPECT_EQ(stats.stoppedBy, "nodes");
  EXPECT_GT(stats.gap, 0);
  EXPECT_LT(stats.gap, 1);
  EXPECT_LE(stats.lowerBound, r.cost.energy);
  // It stops within about one expansion per parallel subtree of the budget.
  EXPECT_LE(stats.nodes, 500u + 16 * 100u);
  EXPECT_LE(r.cost.energy, stats.lomaEnergy);
  // The bound never exceeds what a completed search finds.
  PhysicalFloor floor = physicalFloor(w, tpuLikeHardware());
  EXPECT_LE(floor.energy, r.cost.energy);
}

TEST(ExhaustiveTest, TimeBudgetStopsTheSearch) {
  // Latency first on a 7x7 conv with 512 channels is not proven in 200 000
  // nodes (test/Search/resnet18-exhaustive.test); 20 ms leave LOMA's mapping
  // or better, and a gap.
  Workload w = convWorkload(512, 512, 7, 7, 3, 3, 1);
  MappingSpecEntry entry = tpuDefault();
  ExhaustiveOptions exhaustive;
  exhaustive.maxSeconds = 0.02;
  ExhaustiveStats stats;
  SearchResult r = searchLayerExhaustive(w, tpuLikeHardware(), &entry,
                                         SearchOptions(), exhaustive, &stats);
  ASSERT_TRUE(r.found);
  EXPECT_FALSE(stats.optimal);
  EXPECT_EQ(stats.stoppedBy, "seconds");
  EXPECT_GE(stats.gap, 0);
  EXPECT_LE(r.cost.latency, stats.lomaLatency);

  // Without LOMA's seed, a budget can end before any mapping is found.
  exhaustive.maxSeconds = 0;
  exhaustive.maxNodes = 1;
  exhaustive.seedWithLoma = false;
  r = searchLayerExhaustive(w, tpuLikeHardware(), &entry, SearchOptions(),
                            exhaustive, &stats);
  EXPECT_FALSE(r.found);
  EXPECT_EQ(r.error, "layer 'conv': no mapping found within the budget");
}

TEST(ExhaustiveTest, TimeBudgetIsSplitOverSpatialCandidates) {
  // A free search (the generator's three spatial candidates) of a layer
  // that no candidate finishes within the budget. The time is simulated:
  // the clock advances 1 ms at every reading (the driver's between steps,
  // the worker's every 1024 nodes), which with one thread makes the search
  // deterministic. Each candidate must get a share of the time and use it
  // (before, the first candidate searched until the deadline and the
  // others got nothing but their root), and the nodes the time buys must
  // be spent best-first like a node budget's.
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  auto run = [&](ExhaustiveStats &stats) {
    auto ticks = std::make_shared<uint64_t>(0);
    ExhaustiveOptions exhaustive;
    exhaustive.maxSeconds = 0.15;
    exhaustive.clock = [ticks] {
      return 1e-3 * static_cast<double>((*ticks)++);
    };
    SearchOptions options;
    return searchLayerExhaustive(w, tpuLikeHardware(), nullptr, options,
                                 exhaustive, &stats);
  };
  ExhaustiveStats stats, again;
  SearchResult r = run(stats);
  ASSERT_TRUE(r.found);
  EXPECT_FALSE(stats.optimal);
  EXPECT_EQ(stats.stoppedBy, "seconds");
  EXPECT_GT(stats.gap, 0);
  EXPECT_LE(r.cost.latency, stats.lomaLatency);
  // Two candidates have subtrees that may beat LOMA's mapping (the third's
  // root is pruned by it): each searches well beyond its root (with the
  // incumbent of the latency dive, 7 k and 48 k of 55 k nodes).
  ASSERT_EQ(stats.spatialNodes.size(), 3u);
  uint64_t sum = 0;
  unsigned searched = 0;
  for (uint64_t nodes : stats.spatialNodes) {
    sum += nodes;
    searched += nodes >= stats.nodes / 10;
  }
  EXPECT_EQ(sum, stats.nodes);
  EXPECT_EQ(searched, 2u) << stats.spatialNodes[0] << " "
                          << stats.spatialNodes[1] << " "
                          << stats.spatialNodes[2];
  EXPECT_LT(stats.spatialNodes[2], stats.nodes / 100);
  // A simulated clock makes the time budget reproducible.
  SearchResult s = run(again);
  EXPECT_EQ(again.spatialNodes, stats.spatialNodes);
  EXPECT_EQ(again.gap, stats.gap);
  EXPECT_EQ(s.cost.latency, r.cost.latency);
  EXPECT_EQ(s.mapping.temporal, r.mapping.temporal);
}

TEST(ExhaustiveTest, PhysicalFloorOfAConvOnTpuLike) {
  // cost-model.md §4.13: every operand crosses the DRAM port (64 b) once:
  // I 64*58*58 B, W 64*64*9 B read at 700 pJ, O 64*56*56 B written at 750.
  PhysicalFloor f =
      physicalFloor(convWorkload(64, 64, 56, 56, 3, 3, 1), tpuLikeHardware());
  EXPECT_DOUBLE_EQ(f.macEnergy, 4624220.16);
  EXPECT_DOUBLE_EQ(f.memEnergy, 26912 * 700.0 + 4608 * 700.0 + 25088 * 750.0);
  EXPECT_DOUBLE_EQ(f.energy, f.macEnergy + f.memEnergy);
  EXPECT_DOUBLE_EQ(f.cycles, 112896);
}

/// ZigZag's reference accelerator `name` under ZIGZAG_REFERENCE_DIR `dir`.
llvm::Expected<Hardware> referenceHardware(const char *dir, const char *name) {
  return readHardwareYAMLFile(std::string(dir) + "/zigzag-inputs/hardware/" +
                              name + ".yaml");
}

/// The latency bound of random partial mappings against every ordering of
/// their open loops (brute force, a few canonical cut choices each) on a
/// reference accelerator: no completion that fits is faster than the bound.
/// The partial mappings leave at most 6 loops open, so orderings stay few.
/// The spatial mapping is `fixed`, else one the generator makes; with
/// `prefixOf` (a mapping under `fixed`) the partial mappings are its own
/// outer loops and cuts.
void checkLatencyBound(const Workload &w, const Hardware &hw, bool compat,
                       unsigned seed, unsigned &tight,
                       const SpatialMapping *fixed = nullptr,
                       const Mapping *prefixOf = nullptr) {
  SCOPED_TRACE(hw.name + " " + w.name + (compat ? " compat" : " corrected"));
  CostModelOptions opts;
  opts.zigzagCompat = compat;
  std::vector<SpatialMapping> spatials;
  SpatialMappingGenerator generator(w, hw, nullptr);
  ASSERT_EQ(generator.generate(spatials), "");
  ASSERT_FALSE(spatials.empty());
  const SpatialMapping &spatial =
      fixed ? *fixed : spatials[seed % spatials.size()];
  std::vector<LoopFactor> lpfs = primeLoops(w, hw, spatial);
  unsigned n = lpfs.size();
  ASSERT_GE(n, 4u);
  ExhaustiveBound bound(w, hw, opts);
  ASSERT_EQ(bound.setupError(), "");
  bound.setSpatial(spatial, lpfs);
  ASSERT_TRUE(bound.hasTable());
  CostModel model(w, hw, opts);
  model.setSpatial(spatial);
  std::mt19937 rng(seed);
  unsigned levels[kNumMemOperands] = {};
  for (MemOperand op : kAllMemOperands)
    if (op == MemOperand::O || w.operand(op).present)
      levels[static_cast<unsigned>(op)] = hw.hierarchy(op).size();
  auto lessLoop = [](const LoopFactor &a, const LoopFactor &b) {
    return a.loop != b.loop ? a.loop < b.loop : a.factor < b.factor;
  };
  Cost cost;
  unsigned fitting = 0, partials = 0;
  for (unsigned trial = 0; trial < 200; ++trial) {
    RandomPartial partial;
    if (prefixOf) {
      partial.loops = prefixOf->temporal;
      partial.p = std::uniform_int_distribution<unsigned>(1, 6)(rng);
      for (unsigned o = 0; o < kNumMemOperands; ++o) {
        if (!levels[o])
          continue;
        partial.ends[o] = prefixOf->levelEnds[o];
        // The open level: the one holding position p - 1.
        while (partial.open[o] + 1 < levels[o] &&
               partial.ends[o][partial.open[o]] <= partial.p - 1)
          ++partial.open[o];
        partial.ptr[o] = partial.ends[o].data();
      }
    } else if (!randomPartial(rng, w, lpfs, levels, std::min(n, 6u), partial)) {
      continue;
    }
    std::vector<LoopFactor> &loops = partial.loops;
    unsigned p = partial.p;
    unsigned (&open)[kNumMemOperands] = partial.open;
    std::vector<unsigned>(&ends)[kNumMemOperands] = partial.ends;
    const unsigned *(&ptr)[kNumMemOperands] = partial.ptr;
    ExhaustiveBound::Result r = bound.compute(loops.data(), n, p, ptr, open);
    if (!std::isfinite(r.latency))
      continue;
    ++partials;
    std::vector<LoopFactor> full = loops;
    std::sort(full.begin(), full.begin() + p, lessLoop);
    double least = std::numeric_limits<double>::infinity();
    Mapping m;
    m.spatial = spatial;
    do {
      m.temporal = full;
      for (unsigned cuts = 0; cuts < 4; ++cuts) {
        bool canonical = true;
        for (unsigned o = 0; o < kNumMemOperands && canonical; ++o) {
          if (!levels[o])
            continue;
          m.levelEnds[o] = ends[o];
          canonical = randomCuts(rng, w, n, full, o, m.levelEnds[o], 0, open[o],
                                 0, p - 1);
        }
        if (!canonical || !bound.fitsMemories(m))
          continue;
        model.evaluateTemporal(m, cost);
        ++fitting;
        least = std::min(least, cost.latency);
        ASSERT_GE(cost.latency, r.latency - 1e-9 * cost.latency)
            << "trial " << trial << " p " << p;
        // The latency criterion's tie-break: the energy bound holds too.
        ASSERT_GE(cost.energy, r.energy - 1e-9 * cost.energy)
            << "trial " << trial << " p " << p;
        if (cost.energy <= r.energy * (1 + 1e-12)) {
          ASSERT_GE(cost.latency, r.tieLatency - 1e-9 * cost.latency)
              << "trial " << trial << " p " << p;
        }
      }
    } while (std::next_permutation(full.begin(), full.begin() + p, lessLoop));
    tight += least == std::ceil(r.latency);
  }
  EXPECT_GT(partials, 20u);
  EXPECT_GT(fitting, 100u);
}

/// Every completion of random partial mappings with at most 4 open loops
/// (each ordering, each canonical cut of the open levels): those of the
/// bound's energy, the only ones that can tie an incumbent of that energy,
/// are no faster than the tie-break bound. Returns through `ties` the
/// partial mappings whose least-energy completions reach the energy bound
/// and through `raised` those whose tie-break bound exceeds the latency
/// bound.
void checkTieLatencyBound(const Workload &w, const Hardware &hw,
                          const SpatialMapping &spatial, unsigned seed,
                          unsigned &ties, unsigned &raised) {
  SCOPED_TRACE(hw.name + " " + w.name);
  CostModelOptions opts;
  opts.zigzagCompat = false; // the bound is for the corrected model
  std::vector<LoopFactor> lpfs = primeLoops(w, hw, spatial);
  unsigned n = lpfs.size();
  ExhaustiveBound bound(w, hw, opts);
  ASSERT_EQ(bound.setupError(), "");
  bound.setSpatial(spatial, lpfs);
  ASSERT_TRUE(bound.hasTable());
  CostModel model(w, hw, opts);
  model.setSpatial(spatial);
  std::mt19937 rng(seed);
  unsigned levels[kNumMemOperands] = {};
  for (MemOperand op : kAllMemOperands)
    if (op == MemOperand::O || w.operand(op).present)
      levels[static_cast<unsigned>(op)] = hw.hierarchy(op).size();
  auto lessLoop = [](const LoopFactor &a, const LoopFactor &b) {
    return a.loop != b.loop ? a.loop < b.loop : a.factor < b.factor;
  };
  Cost cost;
  for (unsigned trial = 0; trial < 40; ++trial) {
    RandomPartial partial;
    if (!randomPartial(rng, w, lpfs, levels, std::min(n, 4u), partial))
      continue;
    unsigned p = partial.p;
    ExhaustiveBound::Result r =
        bound.compute(partial.loops.data(), n, p, partial.ptr, partial.open);
    if (!r.fits)
      continue;
    std::vector<LoopFactor> full = partial.loops;
    std::sort(full.begin(), full.begin() + p, lessLoop);
    Mapping m;
    m.spatial = spatial;
    double least = std::numeric_limits<double>::infinity();
    do {
      m.temporal = full;
      // Per operand, every monotone choice of its open levels' ends in
      // [0, p), each right below a loop it does not merge down.
      std::vector<std::vector<std::vector<unsigned>>> choices(kNumMemOperands);
      for (unsigned o = 0; o < kNumMemOperands; ++o) {
        if (!levels[o])
          continue;
        std::vector<unsigned> ends = partial.ends[o];
        std::function<void(unsigned, unsigned)> pick = [&](unsigned j,
                                                           unsigned lo) {
          if (j == partial.open[o]) {
            choices[o].push_back(ends);
            return;
          }
          for (unsigned at = lo; at < p; ++at)
            if (!irrelevantTo(w, static_cast<MemOperand>(o), full[at].loop)) {
              ends[j] = at;
              pick(j + 1, at);
            }
        };
        pick(0, 0);
      }
      unsigned index[kNumMemOperands] = {};
      while (true) {
        bool any = true;
        for (unsigned o = 0; o < kNumMemOperands; ++o)
          if (levels[o]) {
            any &= !choices[o].empty();
            if (any)
              m.levelEnds[o] = choices[o][index[o]];
          }
        if (!any)
          break;
        if (bound.fitsMemories(m)) {
          model.evaluateTemporal(m, cost);
          least = std::min(least, cost.energy);
          if (cost.energy <= r.energy * (1 + 1e-12)) {
            ASSERT_GE(cost.latency, r.tieLatency - 1e-9 * cost.latency)
                << "trial " << trial << " p " << p;
          }
        }
        unsigned o = 0;
        for (; o < kNumMemOperands; ++o) {
          if (!levels[o])
            continue;
          if (++index[o] < choices[o].size())
            break;
          index[o] = 0;
        }
        if (o == kNumMemOperands)
          break;
      }
    } while (std::next_permutation(full.begin(), full.begin() + p, lessLoop));
    ties += least <= r.energy * (1 + 1e-12);
    raised += r.tieLatency > r.latency;
  }
}

TEST(ExhaustiveTest, TieLatencyBoundsHoldOnElementWiseAdds) {
  // ResNet-18's residual Adds and a small one on generic_array_cacti (no
  // spatial unrolling: its default mapping unrolls K and C), where the
  // energy proofs hinge on the tie-break, and on tpu_like.
  const char *dir = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!dir)
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  unsigned seed = 300;
  for (const char *name : {"generic_array_cacti", "tpu_like"}) {
    llvm::Expected<Hardware> hw = referenceHardware(dir, name);
    ASSERT_TRUE(static_cast<bool>(hw)) << llvm::toString(hw.takeError());
    unsigned ties = 0, raised = 0;
    for (const Workload &w : {addWorkload(64, 56, 56), addWorkload(8, 4, 4),
                              addWorkload(128, 28, 28)})
      checkTieLatencyBound(w, *hw, SpatialMapping(), ++seed, ties, raised);
    // The tie-break bound was put to the test, and it is tighter at times.
    EXPECT_GT(ties, 10u) << name;
    EXPECT_GT(raised, 0u) << name;
    std::cerr << name << ": " << ties << " partial mappings reach the energy "
              << "bound, " << raised << " with a higher tie-break bound\n";
  }
}

TEST(ExhaustiveTest, LatencyBoundsHoldOnReferenceAccelerators) {
  const char *dir = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!dir)
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  unsigned seed = 100;
  for (const char *name : {"tpu_like", "edge_tpu_like", "meta_prototype",
                           "tesla_npu_like", "ascend_like"}) {
    llvm::Expected<Hardware> hw = referenceHardware(dir, name);
    ASSERT_TRUE(static_cast<bool>(hw)) << llvm::toString(hw.takeError());
    unsigned tight = 0;
    for (bool compat : {false, true}) {
      checkLatencyBound(convWorkload(64, 32, 14, 14, 3, 3, 1), *hw, compat,
                        ++seed, tight);
      checkLatencyBound(convWorkload(128, 64, 7, 7, 1, 1, 2), *hw, compat,
                        ++seed, tight);
      checkLatencyBound(addWorkload(64, 56, 56), *hw, compat, ++seed, tight);
      checkLatencyBound(addWorkload(128, 28, 28), *hw, compat, ++seed, tight);
      checkLatencyBound(addWorkload(256, 14, 14), *hw, compat, ++seed, tight);
      // Small versions of the layers whose proofs need the busy programme
      // and the once-only minimum: 3x3 convs, a 7x7 one with many output
      // channels, pooling.
      checkLatencyBound(convWorkload(128, 128, 28, 28, 3, 3, 1), *hw, compat,
                        ++seed, tight);
      checkLatencyBound(convWorkload(512, 256, 7, 7, 3, 3, 1), *hw, compat,
                        ++seed, tight);
      checkLatencyBound(poolingWorkload(64, 28, 28, 3, 3, 2), *hw, compat,
                        ++seed, tight);
    }
    // The bound is reached by some completion now and then.
    std::cerr << name << ": " << tight << " partial mappings with a tight "
              << "latency bound\n";
  }
  // generic_array_cacti's 256 x 256 array leaves the small layers hardly a
  // temporal loop: the residual Adds and a small Add without unrolling (its
  // default mapping unrolls K and C, which an Add lacks).
  std::string path =
      std::string(dir) + "/zigzag-inputs/hardware/generic_array_cacti.yaml";
  llvm::Expected<Hardware> cacti = readHardwareYAMLFile(path);
  ASSERT_TRUE(static_cast<bool>(cacti)) << llvm::toString(cacti.takeError());
  unsigned tight = 0;
  SpatialMapping none;
  for (bool compat : {false, true}) {
    checkLatencyBound(addWorkload(64, 56, 56), *cacti, compat, ++seed, tight);
    checkLatencyBound(addWorkload(64, 56, 56), *cacti, compat, ++seed, tight,
                      &none);
    checkLatencyBound(addWorkload(8, 4, 4), *cacti, compat, ++seed, tight,
                      &none);
  }
  std::cerr << "generic_array_cacti: " << tight << " partial mappings with a "
            << "tight latency bound\n";
}

} // namespace

/// The (energy, latency) values no other value dominates, by latency.
static std::vector<std::pair<double, double>>
nonDominated(std::vector<std::pair<double, double>> all) {
  std::sort(all.begin(), all.end(), [](const auto &a, const auto &b) {
    return a.second != b.second ? a.second < b.second : a.first < b.first;
  });
  std::vector<std::pair<double, double>> front;
  for (const auto &p : all)
    if (front.empty() || p.first < front.back().first)
      front.push_back(p);
  return front;
}

/// paretoFront over the exhaustive engine equals the front of every
/// mapping brute force evaluates; returns the number of points.
size_t expectFrontEqualsBruteForce(const Workload &w, const Hardware &hw,
                                   const MappingSpecEntry &entry, bool compat) {
  SCOPED_TRACE(compat ? "compat" : "corrected");
  uint64_t count = 0;
  std::vector<std::pair<double, double>> every;
  bruteForce(w, hw, spatialOf(w, hw, entry), SearchCriterion::Energy, compat,
             TemporalMappingType::Uneven, &count, &every);
  std::vector<std::pair<double, double>> expected = nonDominated(every);
  SearchOptions options;
  options.zigzagCompat = compat;
  ParetoFront front =
      paretoFront(options, [&](const SearchOptions &o, bool &proven) {
        ExhaustiveStats stats;
        SearchResult r = searchLayerExhaustive(w, hw, &entry, o, {}, &stats);
        proven = stats.optimal || (!r.found && stats.stoppedBy.empty());
        return r;
      });
  EXPECT_TRUE(front.exact);
  EXPECT_EQ(front.points.size(), expected.size());
  if (front.points.size() != expected.size())
    return 0;
  CostModelOptions cmo;
  cmo.zigzagCompat = compat;
  CostModel model(w, hw, cmo);
  for (unsigned k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(front.points[k].energy, expected[k].first);
    EXPECT_EQ(front.points[k].latency, expected[k].second);
    // Each point's mapping has that cost and is valid.
    const SearchResult &r = front.points[k].result;
    EXPECT_EQ(r.cost.energy, expected[k].first);
    EXPECT_EQ(r.cost.latency, expected[k].second);
    EXPECT_EQ(model.check(r.mapping), "");
    // Non-dominated by every mapping of the space.
    for (const auto &[e, l] : every)
      EXPECT_FALSE(e <= r.cost.energy && l <= r.cost.latency &&
                   (e < r.cost.energy || l < r.cost.latency));
  }
  return front.points.size();
}

/// The first `most` spatial mappings of `w` on `hw` that leave lanes idle
/// (an unrolled loop the lanes do not divide) and whose spaces have tables
/// (enough temporal loops).
std::vector<SpatialMapping>
idleLaneSpatials(const Workload &w, const Hardware &hw, unsigned most) {
  std::vector<SpatialMapping> spatials, idle;
  SpatialMappingGenerator generator(w, hw, nullptr);
  EXPECT_EQ(generator.generate(spatials), "");
  for (const SpatialMapping &spatial : spatials) {
    if (idle.size() == most)
      break;
    std::vector<int64_t> lanes = spatialLoopProducts(w, spatial);
    bool idleLanes = false;
    for (unsigned l = 0; l < lanes.size(); ++l)
      idleLanes |= w.loopSizes[l] % lanes[l] != 0;
    if (idleLanes && primeLoops(w, hw, spatial).size() >= 4)
      idle.push_back(spatial);
  }
  return idle;
}

TEST(ExhaustiveTest, LatencyBoundsHoldWithIdleLanesInPerfectSpaces) {
  // Loops whose lanes do not divide them (K 54, C 20, OX/OY 13 over the
  // arrays' 8, 16, 32 lanes...) in perfect temporal spaces, which the
  // corrected model counts tile by tile: the tiles holding the last
  // iteration leave lanes idle and move less than the full ones.
  const char *dir = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!dir)
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  unsigned seed = 500;
  for (const char *name : {"tpu_like", "edge_tpu_like", "meta_prototype",
                           "tesla_npu_like", "ascend_like", "eyeriss_like"}) {
    llvm::Expected<Hardware> hw = referenceHardware(dir, name);
    ASSERT_TRUE(static_cast<bool>(hw)) << llvm::toString(hw.takeError());
    unsigned tight = 0, spaces = 0;
    for (const Workload &w :
         {convWorkload(54, 20, 13, 13, 3, 3, 1),
          convWorkload(100, 24, 7, 7, 1, 1, 1), addWorkload(54, 13, 13)}) {
      for (const SpatialMapping &spatial : idleLaneSpatials(w, *hw, 2)) {
        ++spaces;
        checkLatencyBound(w, *hw, /*compat=*/false, ++seed, tight, &spatial);
      }
    }
    EXPECT_GT(spaces, 0u) << name;
    std::cerr << name << ": " << spaces << " spaces with idle lanes, " << tight
              << " partial mappings with a tight latency bound\n";
  }
}

TEST(ExhaustiveTest, LatencyBoundsHoldWhereRegisterFilesCannotDoubleBuffer) {
  // eyeriss_like's per-PE weight register file (512 bits) holds a 3 x 11
  // weight tile (264 bits) of ResNet-18's 14 x 14 3 x 3 convs: not
  // double-buffered, so its refills must fit the period over the
  // irrelevant loops on top of it (closedWindow).
  const char *dir = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!dir)
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  llvm::Expected<Hardware> hw = referenceHardware(dir, "eyeriss_like");
  ASSERT_TRUE(static_cast<bool>(hw)) << llvm::toString(hw.takeError());
  // The latency-optimal mapping of the K256 C256 one (14 and 12 lanes of
  // K and C), and partial mappings of its outer loops.
  Workload w = convWorkload(256, 256, 14, 14, 3, 3, 1);
  Mapping best = makeMapping(w, {{{"K", 14}}, {{"C", 12}}},
                             {{"FY", 3},
                              {"OY", 7},
                              {"C", 11},
                              {"OX", 7},
                              {"OY", 2},
                              {"FX", 3},
                              {"C", 2},
                              {"OX", 2},
                              {"K", 19}},
                             {2, 7, 0}, {5, 0, 4}, {3, 0, 6, 0});
  unsigned tight = 0;
  checkLatencyBound(w, *hw, /*compat=*/false, 900, tight, &best.spatial, &best);
  EXPECT_GT(tight, 0u);
}

TEST(ExhaustiveTest, TieLatencyBoundsHoldWithIdleLanesInPerfectSpaces) {
  // The energy criterion's tie-break where lanes idle in a perfect space:
  // ResNet-18-like convs and adds whose unrolled loops the lanes do not
  // divide (eyeriss_like's 14 x 12, ascend_like's 16 x 16 x 2 x 2).
  const char *dir = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!dir)
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  unsigned seed = 700, spaces = 0, ties = 0, raised = 0;
  for (const char *name : {"eyeriss_like", "ascend_like"}) {
    llvm::Expected<Hardware> hw = referenceHardware(dir, name);
    ASSERT_TRUE(static_cast<bool>(hw)) << llvm::toString(hw.takeError());
    for (const Workload &w :
         {convWorkload(64, 64, 14, 14, 3, 3, 1), addWorkload(64, 28, 28),
          addWorkload(54, 13, 13)}) {
      for (const SpatialMapping &spatial : idleLaneSpatials(w, *hw, 2)) {
        ++spaces;
        checkTieLatencyBound(w, *hw, spatial, ++seed, ties, raised);
      }
    }
  }
  EXPECT_GT(spaces, 4u);
  // The tie-break bound was put to the test, and it is tighter at times.
  EXPECT_GT(ties, 10u);
  EXPECT_GT(raised, 0u);
  std::cerr << spaces << " spaces with idle lanes: " << ties
            << " partial mappings reach the energy bound, " << raised
            << " with a higher tie-break bound\n";
}

TEST(ExhaustiveTest, ParetoFrontEqualsBruteForceFront) {
  size_t most = 0;
  Workload conv = convWorkload(64, 64, 2, 2, 3, 1, 1);
  Workload strided = convWorkload(64, 32, 4, 2, 1, 3, 2);
  Workload gemm = gemmWorkload();
  gemm.loopSizes = {32, 16, 16};
  for (bool compat : {true, false}) {
    most = std::max(most, expectFrontEqualsBruteForce(conv, tpuLikeHardware(),
                                                      tpuDefault(), compat));
    most =
        std::max(most, expectFrontEqualsBruteForce(strided, tpuLikeHardware(),
                                                   tpuDefault(), compat));
    most = std::max(most, expectFrontEqualsBruteForce(gemm, gemmL1L3Hardware(),
                                                      gemmEntry(), compat));
  }
  // These small layers have one-point fronts on their accelerators; a
  // 16x8x8 matmul on a 4x4 array with an output register trades 2 % latency
  // for 15 % energy (test/Search/Inputs/array4x4.yaml).
  llvm::Expected<Hardware> array = readHardwareYAMLFile(
      std::string(ZIGZAG_SOURCE_DIR) + "/test/Search/Inputs/array4x4.yaml");
  ASSERT_TRUE(bool(array)) << llvm::toString(array.takeError());
  Workload small = gemmWorkload();
  small.operand(MemOperand::O).finalPrecision = 32;
  small.loopSizes = {16, 8, 8};
  MappingSpecEntry entry =
      fixedSpatial({{"D1", {{"D0", 4}}}, {"D2", {{"D1", 4}}}});
  for (bool compat : {true, false})
    most = std::max(most,
                    expectFrontEqualsBruteForce(small, *array, entry, compat));
  // Real trade-offs, not only one-point fronts.
  EXPECT_GE(most, 2u);
}

TEST(ExhaustiveTest, TieToleranceIsLeastEnergyWithinTheLatencySlack) {
  Workload w = convWorkload(64, 64, 2, 2, 3, 1, 1);
  const Hardware &hw = tpuLikeHardware();
  MappingSpecEntry entry = tpuDefault();
  uint64_t count = 0;
  std::vector<std::pair<double, double>> every;
  bruteForce(w, hw, spatialOf(w, hw, entry), SearchCriterion::Latency, true,
             TemporalMappingType::Uneven, &count, &every);
  double fastest = std::numeric_limits<double>::infinity();
  double cheapest = fastest;
  for (const auto &[e, l] : every) {
    fastest = std::min(fastest, l);
    cheapest = std::min(cheapest, e);
  }
  for (double tolerance : {0.0, 0.01, 0.1, 0.5, 10.0}) {
    SCOPED_TRACE(tolerance);
    double expectedEnergy = std::numeric_limits<double>::infinity();
    double expectedLatency = 0;
    for (const auto &[e, l] : every)
      if (l <= fastest * (1 + tolerance) &&
          (e < expectedEnergy ||
           (e == expectedEnergy && l < expectedLatency))) {
        expectedEnergy = e;
        expectedLatency = l;
      }
    SearchOptions options;
    options.tieTolerance = tolerance;
    ExhaustiveStats stats;
    SearchResult r = searchLayerExhaustive(w, hw, &entry, options, {}, &stats);
    ASSERT_TRUE(r.found) << r.error;
    EXPECT_TRUE(stats.optimal);
    EXPECT_EQ(r.cost.energy, expectedEnergy);
    EXPECT_EQ(r.cost.latency, expectedLatency);
    // The least energy found lies between the energy optimum and the
    // result's energy; the cost of the latency choice is the difference.
    EXPECT_GE(r.leastEnergy, cheapest);
    EXPECT_LE(r.leastEnergy, r.cost.energy);
    EXPECT_EQ(r.energyCostOfLatency(), r.cost.energy - r.leastEnergy);
    // A slack larger than every latency is the energy optimum.
    if (tolerance == 10.0) {
      EXPECT_EQ(r.cost.energy, cheapest);
    }

    // LOMA: the least energy among its mappings within the slack of its own
    // fastest one, never slower than that slack allows.
    SearchOptions plain;
    SearchResult loma = searchLayer(w, hw, &entry, plain);
    SearchResult traded = searchLayer(w, hw, &entry, options);
    ASSERT_TRUE(loma.found && traded.found);
    EXPECT_LE(traded.cost.latency, loma.cost.latency * (1 + tolerance));
    EXPECT_LE(traded.cost.energy, loma.cost.energy);
    EXPECT_LE(traded.leastEnergy, traded.cost.energy);
    if (tolerance == 0.0) {
      EXPECT_EQ(traded.cost.energy, loma.cost.energy);
      EXPECT_EQ(traded.cost.latency, loma.cost.latency);
    }
  }
}
