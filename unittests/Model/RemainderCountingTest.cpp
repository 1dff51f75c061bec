//===- RemainderCountingTest.cpp - Imperfect mappings counted exactly -----===//
//
// The cost model's access counts of imperfect mappings (temporal factors
// multiplying to more than a loop's iterations, the last tile partial)
// against a reference that walks the tiled loop nest the rewrite executes:
// for every cut between the loops a memory level holds and those above it,
// every iteration of the loops above transfers the tile below, whose
// elements are counted by enumerating the operand's indices, rounded to
// words per transfer. The two must agree exactly (docs/CostModel.md,
// "Imperfect factorization").
//
//===----------------------------------------------------------------------===//

#include "CostModelFixtures.h"

#include "zigzag/Model/CostModel.h"
#include "zigzag/Model/MappingValidity.h"
#include "zigzag/Model/SpatialUnrolling.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <set>
#include <sstream>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

constexpr MemOperand I1 = MemOperand::I1, I2 = MemOperand::I2,
                     O = MemOperand::O;

Port rwPort(const std::string &name, int64_t bwMin, int64_t bwMax,
            const std::vector<std::pair<MemOperand, Direction>> &allocs) {
  Port p;
  p.name = name;
  p.type = PortType::ReadWrite;
  p.bandwidthMin = bwMin;
  p.bandwidthMax = bwMax;
  for (auto [op, dir] : allocs)
    p.allocations.push_back({op, dir});
  return p;
}

std::vector<std::pair<MemOperand, Direction>>
allDirections(const std::vector<MemOperand> &operands) {
  std::vector<std::pair<MemOperand, Direction>> out;
  for (MemOperand op : operands)
    for (Direction d : {Direction::FromHigh, Direction::ToLow,
                        Direction::FromLow, Direction::ToHigh})
      if (op == O || d == Direction::FromHigh || d == Direction::ToLow)
        out.push_back({op, d});
  return out;
}

/// A memory whose one instance spans the array dims `dims` (there is one
/// instance per lane of the other dims).
Memory memoryOver(const std::string &name, int64_t sizeBits, double cost,
                  std::vector<MemOperand> operands, int64_t bwMin,
                  int64_t bwMax, std::vector<unsigned> dims) {
  Memory m;
  m.name = name;
  m.sizeBits = sizeBits;
  m.readCost = cost;
  m.writeCost = cost;
  m.latency = 1;
  m.operands = operands;
  m.ports = {rwPort(name + "_port", bwMin, bwMax, allDirections(operands))};
  m.servedDims = std::move(dims);
  return m;
}

/// One instance of every memory (each serves every array dim), so the
/// whole spatial unrolling sits below the innermost memory of each operand.
Memory sharedMemory(const std::string &name, int64_t sizeBits, double cost,
                    std::vector<MemOperand> operands, int64_t bwMin,
                    int64_t bwMax, unsigned numDims) {
  std::vector<unsigned> dims;
  for (unsigned d = 0; d < numDims; ++d)
    dims.push_back(d);
  return memoryOver(name, sizeBits, cost, std::move(operands), bwMin, bwMax,
                    std::move(dims));
}

Hardware arrayOf(const std::string &name, std::vector<int64_t> sizes) {
  Hardware hw;
  hw.name = name;
  for (unsigned d = 0; d < sizes.size(); ++d)
    hw.array.dimNames.push_back("D" + std::to_string(d + 1));
  hw.array.sizes = std::move(sizes);
  hw.array.unitEnergy = 0.04;
  hw.array.unitArea = 1;
  return hw;
}

/// Three levels for every operand; narrow ports (several words per tile,
/// bmin < bmax) so the per-transfer rounding shows.
Hardware threeLevels() {
  Hardware hw = arrayOf("three_levels", {4, 4});
  hw.memories = {
      sharedMemory("rf_w", 1 << 20, 0.1, {I2}, 8, 16, 2),
      sharedMemory("rf_o", 1 << 20, 0.1, {O}, 16, 32, 2),
      sharedMemory("rf_i", 1 << 20, 0.1, {I1}, 8, 8, 2),
      sharedMemory("sram", 1 << 24, 1, {I1, I2, O}, 32, 64, 2),
      sharedMemory("dram", int64_t(1) << 40, 10, {I1, I2, O}, 64, 64, 2)};
  return hw;
}

/// Register files across the array under a shared buffer: one weight and
/// one input register file per PE, one output register file per column
/// (spanning D2), so the unrolled loops index the instances.
Hardware perPE() {
  Hardware hw = arrayOf("per_pe", {4, 3});
  hw.memories = {
      memoryOver("rf_w", 1 << 16, 0.1, {I2}, 8, 16, {}),
      memoryOver("rf_o", 1 << 16, 0.1, {O}, 16, 32, {1}),
      memoryOver("rf_i", 1 << 16, 0.1, {I1}, 8, 8, {}),
      sharedMemory("sram", 1 << 24, 1, {I1, I2, O}, 32, 64, 2),
      sharedMemory("dram", int64_t(1) << 40, 10, {I1, I2, O}, 64, 64, 2)};
  return hw;
}

/// Two levels, one shared register file with a wide port.
Hardware twoLevels() {
  Hardware hw = arrayOf("two_levels", {8, 2});
  hw.memories = {
      sharedMemory("rf", 1 << 22, 0.2, {I1, I2, O}, 24, 48, 2),
      sharedMemory("dram", int64_t(1) << 40, 10, {I1, I2, O}, 128, 256, 2)};
  return hw;
}

/// O[g][oy][ox] += W[g][fy][fx] * I[g][iy][ix]: the pooling layer's loops
/// with a weight per channel.
Workload depthwiseWorkload(int64_t g, int64_t oy, int64_t ox, int64_t f,
                           int64_t stride) {
  Workload w = poolingWorkload(g, oy, ox, f, f, stride);
  WorkloadOperand &wt = w.operand(I2);
  wt.precision = wt.finalPrecision = 8;
  wt.relevance[w.findLoop("G")] = Relevance::Relevant;
  return w;
}

//===----------------------------------------------------------------------===//
// The reference: walk the nest
//===----------------------------------------------------------------------===//

struct Reference {
  const Workload &w;
  const Hardware &hw;
  const Mapping &m;
  std::vector<int64_t> temporalSizes;
  std::vector<int64_t> lanes; // integer spatial unrolling per loop

  Reference(const Workload &w, const Hardware &hw, const Mapping &m)
      : w(w), hw(hw), m(m) {
    temporalLoopSizes(w, m.spatial, temporalSizes);
    lanes = spatialLoopProducts(w, m.spatial);
  }

  /// Per loop, the lanes one instance of memory level `lv` of `op` spans:
  /// those on the array dims its memories up to `lv` serve (the other dims
  /// index the instances).
  std::vector<int64_t> innerLanes(MemOperand op, unsigned lv) const {
    std::vector<unsigned> levels = hw.hierarchy(op);
    std::set<unsigned> dims;
    for (unsigned s = 0; s <= lv && s < levels.size(); ++s)
      for (unsigned d : hw.memories[levels[s]].servedDims)
        dims.insert(d);
    std::vector<int64_t> inner(w.numLoops(), 1);
    for (unsigned d : dims)
      if (d < m.spatial.size())
        for (const LoopFactor &lf : m.spatial[d])
          inner[lf.loop] *= lf.factor;
    return inner;
  }

  /// Elements of `op` one instance touches in a tile: per loop, its indices
  /// i = s + lanes * t (the lanes the least significant digit) for the
  /// instance's lanes s in [digit * inner, (digit + 1) * inner) and the
  /// tile's temporal iterations t in [start, start + ext), i < size; the
  /// operand's tensor dims enumerated from them. An instance with a loop
  /// without an index is idle.
  int64_t tileElements(MemOperand op, const std::vector<int64_t> &start,
                       const std::vector<int64_t> &ext,
                       const std::vector<int64_t> &inner,
                       const std::vector<int64_t> &digit) const {
    std::vector<std::vector<int64_t>> indices(w.numLoops());
    for (unsigned l = 0; l < w.numLoops(); ++l) {
      for (int64_t t = start[l]; t < start[l] + ext[l]; ++t)
        for (int64_t s = digit[l] * inner[l]; s < (digit[l] + 1) * inner[l];
             ++s)
          if (s + lanes[l] * t < w.loopSizes[l])
            indices[l].push_back(s + lanes[l] * t);
      if (indices[l].empty())
        return 0;
    }
    const WorkloadOperand &wo = w.operand(op);
    int64_t elements = 1;
    for (unsigned l = 0; l < w.numLoops(); ++l)
      if (wo.relevance[l] == Relevance::Relevant)
        elements *= static_cast<int64_t>(indices[l].size());
    for (const PrDim &pd : wo.prDims) {
      std::set<int64_t> values = {0};
      for (auto [loop, coef] : pd.terms) {
        std::set<int64_t> next;
        for (int64_t v : values)
          for (int64_t i : indices[loop])
            next.insert(v + coef * i);
        values = std::move(next);
      }
      elements *= static_cast<int64_t>(values.size());
    }
    return elements;
  }

  /// Calls `visit(start, ext)` once per iteration of the loops at positions
  /// >= cut, `start` and `ext` the first and the number of temporal
  /// iterations per loop of the tile below the cut: each temporal loop steps
  /// over the product of the inner factors of its loop and runs as often as
  /// its parent tile needs (the last tile partial).
  void
  walk(unsigned cut,
       const std::function<void(const std::vector<int64_t> &,
                                const std::vector<int64_t> &)> &visit) const {
    std::vector<int64_t> ext = temporalSizes;
    std::vector<int64_t> start(w.numLoops(), 0);
    std::function<void(int)> rec = [&](int k) {
      if (k < static_cast<int>(cut)) {
        visit(start, ext);
        return;
      }
      const LoopFactor &lf = m.temporal[k];
      int64_t step = 1;
      for (int j = 0; j < k; ++j)
        if (m.temporal[j].loop == lf.loop)
          step *= m.temporal[j].factor;
      int64_t parent = ext[lf.loop], parentStart = start[lf.loop];
      int64_t trips = (parent + step - 1) / step;
      EXPECT_LE(trips, lf.factor); // never an empty iteration
      for (int64_t i = 0; i < trips; ++i) {
        ext[lf.loop] = std::min(step, parent - i * step);
        start[lf.loop] = parentStart + i * step;
        rec(k - 1);
      }
      ext[lf.loop] = parent;
      start[lf.loop] = parentStart;
    };
    rec(static_cast<int>(m.temporal.size()) - 1);
  }

  /// The cut of arch level `a` of `op` (a = 0: below the innermost memory).
  /// The memory levels' loops as the model assigns them: a level (above the
  /// innermost) starts at its first loop that is not irrelevant to the
  /// operand (irrelevant loops at its bottom stay with the level below, the
  /// data there being stationary); the inputs' innermost memory keeps its
  /// output constant while the irrelevant loops at the very bottom run.
  unsigned cutOf(MemOperand op, unsigned a) const {
    std::vector<LoopClass> cls = classifyLoops(w, op);
    auto irrelevant = [&](unsigned k) {
      return cls[m.temporal[k].loop] == LoopClass::IR;
    };
    unsigned n = m.temporal.size();
    if (a == 0) {
      unsigned c = 0;
      if (op != O)
        while (c < n && irrelevant(c))
          ++c;
      return c;
    }
    const std::vector<unsigned> &ends = m.levelEnds[static_cast<unsigned>(op)];
    unsigned start = 0;
    for (unsigned level = 1; level <= a; ++level) {
      if (level == ends.size())
        return n;
      unsigned s = ends[level - 1];
      while (s < n && irrelevant(s))
        ++s;
      start = std::max(start, s);
    }
    return start;
  }

  /// Whether the instances of memory level `lv` of `op` see contiguous
  /// indices of every loop of a partially relevant dim in the tiles of arch
  /// level `a`: not when such a loop has lanes outside the instance and
  /// several temporal iterations in the tile (an instance holding OY 5 and
  /// 9 of lanes 4 apart). The model counts such a dim's values as those of
  /// contiguous indices, the same number of them (docs/CostModel.md), in
  /// perfect mappings as in imperfect ones; the walk compares the rest.
  bool contiguousHalo(MemOperand op, unsigned lv, unsigned a) const {
    std::vector<int64_t> inner = innerLanes(op, lv);
    std::vector<int64_t> below(w.numLoops(), 1);
    for (unsigned k = 0; k < cutOf(op, a); ++k)
      below[m.temporal[k].loop] *= m.temporal[k].factor;
    for (const PrDim &pd : w.operand(op).prDims)
      for (auto [loop, coef] : pd.terms)
        if (inner[loop] < lanes[loop] && below[loop] > 1 &&
            temporalSizes[loop] > 1)
          return false;
    return true;
  }

  /// Word accesses of one transfer of memory level `lv` of `op`, summed
  /// over its instances: `a` is the arch level whose tile moves (the
  /// memory's own for fh/th, a = lv + 1; for tl/fl, a = lv, the tiles of the
  /// lanes below one instance, read once for the lanes that share them).
  double accesses(MemOperand op, unsigned lv, unsigned a, double precision,
                  double bmin, double bmax) const {
    std::vector<int64_t> inner = innerLanes(op, lv);
    double words = 0;
    walk(cutOf(op, a), [&](const std::vector<int64_t> &start,
                           const std::vector<int64_t> &ext) {
      std::vector<int64_t> digit(w.numLoops(), 0);
      while (true) {
        double bits =
            static_cast<double>(tileElements(op, start, ext, inner, digit)) *
            precision;
        words += std::ceil(bits / bmin) * (bmin / bmax);
        unsigned l = 0;
        for (; l < w.numLoops(); ++l) {
          if (++digit[l] < lanes[l] / inner[l])
            break;
          digit[l] = 0;
        }
        if (l == w.numLoops())
          break;
      }
    });
    return words;
  }
};

/// Compares every access count of `m` with the walked nest, exactly.
void expectExactCounts(const Workload &w, const Hardware &hw, const Mapping &m,
                       const std::string &what, unsigned &compared,
                       unsigned &skipped) {
  ASSERT_EQ(checkMapping(w, hw, m), "") << what;
  CostModelOptions opts;
  opts.zigzagCompat = false;
  CostModel model(w, hw, opts);
  ASSERT_EQ(model.check(m), "") << what;
  Cost cost;
  model.evaluate(m, cost);
  Reference ref(w, hw, m);
  for (MemOperand op : kAllMemOperands) {
    const OperandCost &oc = cost.operand(op);
    if (!oc.present)
      continue;
    for (unsigned lv = 0; lv < oc.numLevels; ++lv) {
      const OperandLevelCost &lc = oc.levels[lv];
      const Memory &mem = hw.memories[lc.memory];
      for (unsigned d = 0; d < kNumDirections; ++d) {
        const DataTransfer &tr = lc.transfer[d];
        double expected = 0;
        bool low = d == static_cast<unsigned>(Direction::ToLow) ||
                   d == static_cast<unsigned>(Direction::FromLow);
        if (!ref.contiguousHalo(op, lv, low ? lv : lv + 1)) {
          ++skipped;
          continue;
        }
        ++compared;
        if (tr.amount != 0 && tr.precision != 0) {
          const Port &port = mem.ports[0];
          expected = ref.accesses(op, lv, low ? lv : lv + 1, tr.precision,
                                  port.bandwidthMin, port.bandwidthMax);
        }
        EXPECT_EQ(lc.accesses[d], expected)
            << what << "\n  operand " << toString(op) << " memory " << mem.name
            << " direction " << toString(static_cast<Direction>(d));
      }
    }
  }
  // Every iteration once: the MAC-level cycles.
  double iterations = 1;
  for (int64_t t : ref.temporalSizes)
    iterations *= static_cast<double>(t);
  EXPECT_EQ(cost.idealTemporalCycle, iterations) << what;
}

std::string describe(const Workload &w, const Mapping &m) {
  std::ostringstream os;
  os << w.name << " spatial";
  for (const auto &dim : m.spatial)
    for (const LoopFactor &lf : dim)
      os << " " << w.loopNames[lf.loop] << "x" << lf.factor;
  os << " temporal";
  for (const LoopFactor &lf : m.temporal)
    os << " " << w.loopNames[lf.loop] << lf.factor;
  for (MemOperand op : kAllMemOperands) {
    os << " " << toString(op) << "[";
    for (unsigned e : m.levelEnds[static_cast<unsigned>(op)])
      os << " " << e;
    os << " ]";
  }
  return os.str();
}

/// A random mapping of `w` on `hw`: a factor of some loop per array dim (a
/// divisor or, with probability one half, any size up to the dim's width:
/// a spatial remainder),
/// per loop random temporal factors, imperfect (inner factors of product
/// P < T and an outer ceil(T / P)) with probability one half, interleaved at
/// random, cut at random monotone level ends.
Mapping randomMapping(const Workload &w, const Hardware &hw,
                      std::mt19937 &rng) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  Mapping m;
  std::vector<bool> used(w.numLoops(), false);
  for (int64_t width : hw.array.sizes) {
    std::vector<LoopFactor> dim;
    unsigned l = static_cast<unsigned>(pick(0, w.numLoops() - 1));
    std::vector<int64_t> divisors;
    bool any = pick(0, 1);
    for (int64_t f = 2; f <= std::min(width, w.loopSizes[l]); ++f)
      if (any || w.loopSizes[l] % f == 0)
        divisors.push_back(f);
    if (!used[l] && !divisors.empty() && pick(0, 3) != 0) {
      dim.push_back({l, divisors[pick(0, divisors.size() - 1)]});
      used[l] = true;
    }
    m.spatial.push_back(dim);
  }
  std::vector<int64_t> sizes;
  temporalLoopSizes(w, m.spatial, sizes);
  std::vector<std::vector<int64_t>> factors(w.numLoops());
  for (unsigned l = 0; l < w.numLoops(); ++l) {
    int64_t t = sizes[l];
    if (t == 1)
      continue;
    if (t >= 3 && pick(0, 1)) {
      int64_t p = 1;
      while (true) {
        int64_t f = pick(2, 4);
        if (p * f >= t)
          break;
        p *= f;
        factors[l].push_back(f);
        if (pick(0, 2) == 0)
          break;
      }
      if (p > 1) {
        factors[l].push_back((t + p - 1) / p);
        continue;
      }
    }
    // Perfect: the prime factors of t, neighbours merged at random.
    int64_t rest = t;
    std::vector<int64_t> primes;
    for (int64_t f = 2; f * f <= rest; ++f)
      while (rest % f == 0) {
        primes.push_back(f);
        rest /= f;
      }
    if (rest > 1)
      primes.push_back(rest);
    std::shuffle(primes.begin(), primes.end(), rng);
    int64_t cur = 1;
    for (int64_t p : primes) {
      if (cur > 1 && pick(0, 1)) {
        factors[l].push_back(cur);
        cur = 1;
      }
      cur *= p;
    }
    factors[l].push_back(cur);
  }
  // Random interleaving that keeps each loop's factors in order.
  std::vector<unsigned> next(w.numLoops(), 0);
  while (true) {
    std::vector<unsigned> ready;
    for (unsigned l = 0; l < w.numLoops(); ++l)
      if (next[l] < factors[l].size())
        ready.push_back(l);
    if (ready.empty())
      break;
    unsigned l = ready[pick(0, ready.size() - 1)];
    m.temporal.push_back({l, factors[l][next[l]++]});
  }
  unsigned n = m.temporal.size();
  for (MemOperand op : kAllMemOperands) {
    if (op != O && !w.operand(op).present)
      continue;
    unsigned levels = hw.hierarchy(op).size();
    std::vector<unsigned> ends(levels, static_cast<unsigned>(n));
    for (unsigned lv = 0; lv + 1 < levels; ++lv)
      ends[lv] = static_cast<unsigned>(pick(lv == 0 ? 0 : ends[lv - 1], n));
    m.levelEnds[static_cast<unsigned>(op)] = ends;
  }
  return m;
}

TEST(RemainderCountingTest, RandomMappingsMatchTheWalkedNest) {
  std::mt19937 rng(18);
  std::vector<Workload> layers = {
      convWorkload(6, 5, 1, 7, 1, 1, 1), // a matmul: O[k][x] = W[k][c] I[c][x]
      convWorkload(5, 3, 5, 7, 3, 3, 2), // strided 3x3 conv (halo)
      depthwiseWorkload(6, 7, 5, 3, 1)}; // depthwise 3x3
  std::vector<Hardware> accelerators = {threeLevels(), twoLevels(), perPE()};
  unsigned imperfect = 0, checked = 0, lanesIdle = 0, both = 0;
  unsigned compared = 0, skipped = 0;
  for (const Workload &w : layers)
    for (const Hardware &hw : accelerators)
      for (unsigned trial = 0; trial < 40; ++trial) {
        Mapping m = randomMapping(w, hw, rng);
        if (checkMapping(w, hw, m) != "")
          continue;
        bool temporalRemainder = isImperfect(w, m);
        std::vector<int64_t> lanes = spatialLoopProducts(w, m.spatial);
        bool spatialRemainder = false;
        for (unsigned l = 0; l < w.numLoops(); ++l)
          spatialRemainder |= w.loopSizes[l] % lanes[l] != 0;
        imperfect += temporalRemainder;
        lanesIdle += spatialRemainder;
        both += temporalRemainder && spatialRemainder;
        ++checked;
        expectExactCounts(w, hw, m, describe(w, m) + " on " + hw.name, compared,
                          skipped);
        if (::testing::Test::HasFailure())
          return;
      }
  EXPECT_GT(checked, 300u);
  EXPECT_GT(imperfect, 120u);
  EXPECT_GT(lanesIdle, 60u);
  EXPECT_GT(both, 30u);
  std::cerr << checked << " mappings, " << imperfect
            << " with a temporal remainder, " << lanesIdle
            << " with a spatial one, " << both << " with both; " << compared
            << " transfers compared, " << skipped
            << " with a non-contiguous halo skipped\n";
  EXPECT_GT(compared, 20 * skipped);
}

} // namespace

namespace {

/// W's level `lv` on threeLevels() (rf_w, sram, dram) under `m` (whose
/// level cuts are loop counts per level, see makeMapping).
const OperandLevelCost &weightLevel(const Workload &w, const Mapping &m,
                                    unsigned lv, Cost &cost) {
  Hardware hw = threeLevels();
  EXPECT_EQ(checkMapping(w, hw, m), "");
  CostModelOptions opts;
  opts.zigzagCompat = false;
  CostModel(w, hw, opts).evaluate(m, cost);
  return cost.operand(I2).levels[lv];
}

constexpr unsigned kFH = static_cast<unsigned>(Direction::FromHigh);
constexpr unsigned kTL = static_cast<unsigned>(Direction::ToLow);

TEST(RemainderCountingTest, SevenAsThreeTimesThree) {
  // K = 7 as [K 3, K 3] above C = 5: W's register file holds C 5 x K 3 and
  // is refilled 3 times, with 15, 15 and 5 weights. Ports (bmin, bmax):
  // rf_w (8, 16), sram (32, 64), dram (64, 64), 8-bit weights.
  Workload w = convWorkload(7, 5, 1, 1, 1, 1, 1);
  Mapping m = makeMapping(w, {{}, {}}, {{"C", 5}, {"K", 3}, {"K", 3}},
                          {0, 0, 3}, {2, 0, 1}, {0, 0, 3});
  Cost cost;
  const OperandLevelCost &rf = weightLevel(w, m, 0, cost);
  EXPECT_EQ(cost.idealTemporalCycle, 35);
  EXPECT_EQ(rf.transfer[kFH].periodCount, 3);
  // (15 + 15 + 5) words of 8 bits, each half an access of the 16-bit port.
  EXPECT_EQ(rf.accesses[kFH], 17.5);
  const OperandLevelCost &sram = cost.operand(I2).levels[1];
  // ceil(120 / 32) + ceil(120 / 32) + ceil(40 / 32) = 10 words of 32 bits,
  // half an access each.
  EXPECT_EQ(sram.accesses[kTL], 5);
  EXPECT_EQ(sram.accesses[kFH], 5);
  // dram: ceil(120 / 64) + ceil(120 / 64) + ceil(40 / 64) = 5.
  EXPECT_EQ(cost.operand(I2).levels[2].accesses[kTL], 5);
}

TEST(RemainderCountingTest, ThirtyOneAsTwoThreeTwoThree) {
  // K = 31 as [K 2, K 3, K 2, K 3]: 3 outer tiles of 12 (the last 7 wide);
  // inside them tiles of 6: 5 full ones and one of 1 (the partial outer
  // tile runs 2 of them, not 7/12 of 2). W's register file holds K 6, the
  // sram K 12.
  Workload w = convWorkload(31, 1, 1, 1, 1, 1, 1);
  Mapping m = makeMapping(w, {{}, {}}, {{"K", 2}, {"K", 3}, {"K", 2}, {"K", 3}},
                          {0, 0, 4}, {2, 1, 1}, {0, 0, 4});
  Cost cost;
  const OperandLevelCost &rf = weightLevel(w, m, 0, cost);
  EXPECT_EQ(cost.idealTemporalCycle, 31);
  EXPECT_EQ(rf.transfer[kFH].periodCount, 6);
  EXPECT_EQ(rf.accesses[kFH], 15.5); // 5 x 6 + 1 words, half an access each
  const OperandLevelCost &sram = cost.operand(I2).levels[1];
  EXPECT_EQ(sram.accesses[kTL], 5.5); // 5 x ceil(48 / 32) + ceil(8 / 32) = 11
  EXPECT_EQ(sram.transfer[kFH].periodCount, 3);
  EXPECT_EQ(sram.accesses[kFH], 4); // ceil(96/32) x 2 + ceil(56/32) = 8
  EXPECT_EQ(cost.operand(I2).levels[2].accesses[kTL], 5); // 2 + 2 + 1
}

} // namespace

namespace {

TEST(RemainderCountingTest, FiftyFourOverSixteenLanesTimesImperfectTemporal) {
  // K = 54 over 16 lanes runs 4 iterations (16 + 16 + 16 + 6), here as
  // [K 3, K 2] (6 > 4): one temporal tile of 3 iterations and one of 1.
  // Both the temporal tiles and the lanes are counted as the nest runs
  // them: W's register file (one instance over all lanes) receives
  // 3 x 16 x 2 = 96 weights, then 1 x 6 x 2 = 12 (ZigZag's fractional
  // lanes, 13.5 per iteration, gave 81 and 27).
  Workload w = convWorkload(54, 2, 1, 1, 1, 1, 1);
  Hardware hw = threeLevels();
  hw.array.sizes = {16, 2};
  Mapping m = makeMapping(w, {{{"K", 16}}, {}}, {{"C", 2}, {"K", 3}, {"K", 2}},
                          {0, 0, 3}, {2, 0, 1}, {0, 0, 3});
  ASSERT_EQ(checkMapping(w, hw, m), "");
  CostModelOptions opts;
  opts.zigzagCompat = false;
  Cost cost;
  CostModel(w, hw, opts).evaluate(m, cost);
  EXPECT_EQ(cost.idealTemporalCycle, 8);
  const OperandLevelCost &rf = cost.operand(I2).levels[0];
  EXPECT_EQ(rf.transfer[kFH].periodCount, 2);
  EXPECT_EQ(rf.transfer[kFH].amount, 96); // the first tile
  EXPECT_EQ(rf.accesses[kFH], (96 + 12) * 0.5);
  // sram: ceil(96 x 8 / 32) + ceil(12 x 8 / 32) = 24 + 3 words, half an
  // access each (the averaged lanes' 81 and 27 weights were 21 + 7).
  EXPECT_EQ(cost.operand(I2).levels[1].accesses[kTL], 13.5);
}

} // namespace

namespace {

/// K = 54 over 16 lanes with the temporal loops [C 2, K 4] (perfect), W's
/// register file holding C 2: the mapping of the two tests below.
Mapping fiftyFourOverSixteen(const Workload &w) {
  return makeMapping(w, {{{"K", 16}}, {}}, {{"C", 2}, {"K", 4}}, {0, 0, 2},
                     {1, 0, 1}, {0, 0, 2});
}

TEST(RemainderCountingTest, FiftyFourOverSixteenLanesStallPerTile) {
  // A spatial remainder alone: K = 54 over 16 lanes, 4 iterations of
  // 16, 16, 16 and 6 lanes. W's register file (one instance over all lanes;
  // port 16 bits, 8-bit weights) is refilled per K iteration with C 2 x 16
  // = 32 weights (16 cycles), the last time with 12 (6 cycles), each within
  // its period of 2 cycles (double-buffered); it feeds the array every
  // cycle with 16 weights (8 cycles), 6 in the last K iteration (3 cycles),
  // within 1 cycle. Every period but the first stalls by what it takes
  // beyond its window:
  //   fh: (16 - 2) x 2 + (6 - 2) x 1 = 32,  tl: (8 - 1) x 5 + (3 - 1) x 2 = 39;
  // the two share the port, whose windows cover 8 of the cycles the stalled
  // periods may use, 2 x 2 + 1 x 2 (fh) + 5 x 1 + 2 x 1 (tl) = 13:
  // 71 + (13 - 8) = 76.
  // The averaged lanes (13.5, 13 per transfer) gave fh (13 - 2) x 3 = 33 and
  // tl (7 - 1) x 7 = 42, 75 + (13 - 8) = 80: a full period's 16 lanes
  // stalled more than counted, the last one's 6 less.
  Workload w = convWorkload(54, 2, 1, 1, 1, 1, 1);
  Hardware hw = threeLevels();
  hw.array.sizes = {16, 2};
  Mapping m = fiftyFourOverSixteen(w);
  ASSERT_EQ(checkMapping(w, hw, m), "");
  CostModelOptions opts;
  opts.zigzagCompat = false;
  Cost cost;
  CostModel(w, hw, opts).evaluate(m, cost);
  EXPECT_EQ(cost.idealTemporalCycle, 8);
  const OperandLevelCost &rf = cost.operand(I2).levels[0];
  EXPECT_EQ(rf.transfer[kFH].periodCount, 4);
  EXPECT_EQ(rf.transfer[kFH].amount, 32);
  EXPECT_EQ(rf.accesses[kFH], (3 * 32 + 12) * 0.5);
  EXPECT_EQ(rf.transfer[kTL].amount, 16);
  EXPECT_EQ(rf.accesses[kTL], (6 * 16 + 2 * 6) * 0.5);
  // sram: 3 x ceil(256 / 32) + ceil(96 / 32) = 27 words, half an access each.
  EXPECT_EQ(cost.operand(I2).levels[1].accesses[kTL], 13.5);
  const PortCost *port = findPortCost(cost, hw, "rf_w", "rf_w_port");
  ASSERT_NE(port, nullptr);
  EXPECT_EQ(port->stallSlack, 76);
}

TEST(RemainderCountingTest, CompatKeepsTheFractionalLanes) {
  // ZigZag compatibility keeps ZigZag's fractional lanes (54 / 4 = 13.5 per
  // iteration) for the same mapping: every refill of W's register file
  // moves 27 weights, ceil(27 x 8 / 32) = 7 sram words (half an access
  // each) 4 times: 14 where the nest moves 13.5; the stall takes the integer
  // lanes (13): 80 as derived in FiftyFourOverSixteenLanesStallPerTile.
  Workload w = convWorkload(54, 2, 1, 1, 1, 1, 1);
  Hardware hw = threeLevels();
  hw.array.sizes = {16, 2};
  Mapping m = fiftyFourOverSixteen(w);
  CostModelOptions opts;
  opts.zigzagCompat = true;
  Cost cost;
  CostModel(w, hw, opts).evaluate(m, cost);
  const OperandLevelCost &rf = cost.operand(I2).levels[0];
  EXPECT_EQ(rf.transfer[kFH].periodCount, 4);
  EXPECT_EQ(rf.transfer[kFH].amount, 27);
  EXPECT_EQ(cost.operand(I2).levels[1].accesses[kTL], 14);
  const PortCost *port = findPortCost(cost, hw, "rf_w", "rf_w_port");
  ASSERT_NE(port, nullptr);
  EXPECT_EQ(port->stallSlack, 80);
}

} // namespace
