//===- Exhaustive.cpp - Provably optimal temporal mapping search ----------===//
//
// Branch-and-bound over the full temporal space (docs/Search.md, "Exhaustive
// engine"). A partial mapping fixes the outermost loops and, per operand,
// the cuts of its upper memory levels; ExhaustiveBound (ExhaustiveBounds.cpp)
// bounds every completion of it, and subtrees that cannot beat the best
// mapping found are pruned.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/Exhaustive.h"

#include "zigzag/Model/MappingValidity.h"
#include "zigzag/Model/SpatialUnrolling.h"
#include "zigzag/Search/Loma.h"
#include "zigzag/Search/Parallel.h"
#include "zigzag/Search/SpatialMappingGenerator.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>

namespace zigzag {

//===----------------------------------------------------------------------===//
// The branch-and-bound
//===----------------------------------------------------------------------===//

using Clock = std::chrono::steady_clock;

namespace {
/// A distinct temporal loop (loop, factor) of the space.
struct LoopType {
  LoopFactor loop;
  /// The loop's class for every operand: equal signatures commute.
  uint32_t signature = 0;
  /// Bit o: irrelevant to operand o (no cut of o may sit right below it).
  uint8_t irMask = 0;
};

/// A partial mapping: positions [p, n) placed, cuts at or above p decided.
struct Node {
  uint8_t p = 0;
  uint8_t lev[kNumMemOperands] = {};
  uint8_t ends[kNumMemOperands][kMaxLevels] = {};
  uint8_t seq[kMaxLoops] = {};
  uint8_t count[kMaxLoops] = {};
};

struct Bounds {
  double energy = 0, latency = 0;
  /// Latency of the completions of least energy (ExhaustiveBound::Result).
  double tieLatency = -std::numeric_limits<double>::infinity();
};

/// The best mapping known, with its cost.
struct Incumbent {
  bool valid = false;
  double energy = 0, latency = 0;
  bool fromSearch = false; // false: the LOMA seed
  unsigned spatial = 0;
  Node leaf;
  /// SearchOptions::maxLatency: slower mappings are no candidates.
  double maxLatency = std::numeric_limits<double>::infinity();
};
} // namespace

/// Strictly better by the criterion (isBetter: ties keep the earlier
/// mapping).
static bool better(double energy, double latency, const Incumbent &inc,
                   SearchCriterion criterion) {
  return !inc.valid ||
         isBetter(energy, latency, inc.energy, inc.latency, criterion);
}

/// Bounds and costs add the same terms in different orders, so they agree
/// only up to rounding (relative error far below this for the few hundred
/// terms of a cost): a bound this close to the incumbent is equal to it.
constexpr double kBoundTieTolerance = 1e-12;

/// `bound`, or `incumbent` when the two are equal up to rounding.
static double snapToIncumbent(double bound, double incumbent) {
  return std::abs(bound - incumbent) <= kBoundTieTolerance * std::abs(incumbent)
             ? incumbent
             : bound;
}

/// No completion of a node with these bounds is strictly better than the
/// incumbent by isBetter, the comparator of the leaves. Exact on ties: a
/// subtree whose bound equals the incumbent on the criterion's metric can
/// only tie on it, so it lives on only if its bound on the tie-break metric
/// is lower. (A mapping better than the incumbent by less than the rounding
/// of the sums, kBoundTieTolerance relative, is a tie.)
static bool dominated(const Bounds &b, const Incumbent &inc,
                      SearchCriterion criterion) {
  if (b.latency > inc.maxLatency)
    return true;
  if (!inc.valid)
    return false;
  if (criterion == SearchCriterion::EDP) {
    double product = std::max(0.0, b.energy) * std::max(0.0, b.latency);
    return snapToIncumbent(product, inc.energy * inc.latency) >=
           inc.energy * inc.latency;
  }
  // By energy only a completion of the bound's energy can tie the
  // incumbent, so the tie-break compares that completion's latency.
  double latency = criterion == SearchCriterion::Energy
                       ? std::max(b.latency, b.tieLatency)
                       : b.latency;
  return !isBetter(snapToIncumbent(b.energy, inc.energy),
                   snapToIncumbent(latency, inc.latency), inc.energy,
                   inc.latency, criterion);
}

/// The metric the gap is measured on.
static double primary(const Bounds &b, SearchCriterion criterion) {
  switch (criterion) {
  case SearchCriterion::Latency:
    return b.latency;
  case SearchCriterion::Energy:
    return b.energy;
  case SearchCriterion::EDP:
    return std::max(0.0, b.energy) * std::max(0.0, b.latency);
  }
  return 0;
}

/// Sort key of children: most promising first.
static bool promisingFirst(const Bounds &a, const Bounds &b,
                           SearchCriterion criterion) {
  switch (criterion) {
  case SearchCriterion::Latency:
    if (a.latency != b.latency)
      return a.latency < b.latency;
    return a.energy < b.energy;
  case SearchCriterion::Energy:
    if (a.energy != b.energy)
      return a.energy < b.energy;
    return a.latency < b.latency;
  case SearchCriterion::EDP:
    return primary(a, criterion) < primary(b, criterion);
  }
  return false;
}

namespace {
/// Everything about one spatial candidate's temporal space.
struct Space {
  SearchCriterion criterion = SearchCriterion::Latency;
  TemporalMappingType temporalType = TemporalMappingType::Uneven;
  unsigned n = 0;
  std::vector<LoopType> types;
  std::vector<uint8_t> initialCount; // per type
  /// Per position: the type it must hold (complete temporal_ordering), or
  /// -1.
  std::vector<int> fixedType;
  /// Per position: a temporal_ordering constraint (loop, size; size 0 =
  /// any) or loop -1.
  std::vector<std::pair<int, int64_t>> constraint;
  bool present[kNumMemOperands] = {};
  unsigned numLevels[kNumMemOperands] = {};
  /// Per memory: the (operand, level) pairs it holds (for even mappings).
  std::vector<std::vector<std::pair<unsigned, unsigned>>> memoryLevels;
  /// The user's temporal constraints (null if none) and the spatial mapping
  /// they are checked with: leaves that break them are no mappings.
  const ConstraintChecker *checker = nullptr;
  const SpatialMapping *spatial = nullptr;

  bool constrained(unsigned position) const {
    return position < n &&
           (constraint[position].first >= 0 || fixedType[position] >= 0);
  }
};

/// A child of a node, with its bounds, in generation order.
/// A node's level ends widened to the pointer-per-operand form the bounds
/// and the constraint checker read (null for absent operands).
struct NodeEnds {
  unsigned ends[kNumMemOperands][kMaxLevels];
  const unsigned *ptr[kNumMemOperands] = {};
  NodeEnds(const Space &space, const Node &node) {
    for (unsigned o = 0; o < kNumMemOperands; ++o) {
      if (!space.present[o])
        continue;
      for (unsigned j = 0; j < space.numLevels[o]; ++j)
        ends[o][j] = node.ends[o][j];
      ptr[o] = ends[o];
    }
  }
};

/// The end of a time share, polled by the driver between steps and by the
/// workers every kClockNodes nodes (reading the clock costs far less than
/// bounding that many nodes); the first to see it passed tells the others.
struct Deadline {
  std::function<double()> now; // seconds, any origin
  double at = std::numeric_limits<double>::infinity();
  std::atomic<bool> passed{false};

  void set(double end) {
    at = end;
    passed = false;
  }
  bool check() {
    if (passed.load(std::memory_order_relaxed))
      return true;
    if (now() <= at)
      return false;
    passed = true;
    return true;
  }
};

/// Nodes a worker bounds between two readings of the clock.
constexpr uint64_t kClockNodes = 1024;

struct Child {
  Node node;
  Bounds bounds;
  unsigned order = 0;
};

/// Outcome of one subtree search.
struct TaskResult {
  Incumbent best; // valid only if it improved on the incumbent it started
  uint64_t nodes = 0, leaves = 0;
  bool stopped = false;
  std::vector<Child> open; // unexplored subtrees when stopped
};

class Worker {
public:
  Worker(const Workload &w, const Hardware &hw, const CostModelOptions &cmo)
      : bound(w, hw, cmo) {}

  ExhaustiveBound bound;

  void setSpace(const Space *space, unsigned spatialIndex,
                const std::vector<std::vector<LoopFactor>> &spatial) {
    // Its tables are rebuilt only for another space.
    if (this->space == space && this->spatialIndex == spatialIndex)
      return;
    this->space = space;
    this->spatialIndex = spatialIndex;
    std::vector<LoopFactor> all;
    for (unsigned t = 0; t < space->types.size(); ++t)
      for (unsigned c = 0; c < space->initialCount[t]; ++c)
        all.push_back(space->types[t].loop);
    bound.setSpatial(spatial, all);
    loops.resize(space->n);
    if (children.size() < space->n + 2)
      children.resize(space->n + 2);
  }

  /// The root's children: every combination of cuts above all loops.
  void rootChildren(std::vector<Child> &out) {
    Node root;
    root.p = static_cast<uint8_t>(space->n);
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      if (space->present[o]) {
        root.lev[o] = static_cast<uint8_t>(space->numLevels[o] - 1);
        root.ends[o][space->numLevels[o] - 1] = static_cast<uint8_t>(space->n);
      }
    for (unsigned t = 0; t < space->types.size(); ++t)
      root.count[t] = space->initialCount[t];
    out.clear();
    addCutCombinations(root, /*allowCuts=*/0xff, out);
    sortChildren(out);
  }

  /// Children of `node` (placing position p - 1), bounded, unpromising ones
  /// dropped, complete ones offered to the incumbent; most promising first.
  void expand(const Node &node, std::vector<Child> &out) {
    out.clear();
    unsigned p = node.p, q = p - 1, n = space->n;
    bool cutAtP = false;
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      if (space->present[o])
        for (unsigned j = node.lev[o]; j + 1 < space->numLevels[o]; ++j)
          cutAtP |= node.ends[o][j] == p;
    for (unsigned t = 0; t < space->types.size(); ++t) {
      if (node.count[t] == 0)
        continue;
      if (space->fixedType[q] >= 0 &&
          space->fixedType[q] != static_cast<int>(t))
        continue;
      const auto &c = space->constraint[q];
      const LoopFactor &lf = space->types[t].loop;
      if (c.first >= 0 && (static_cast<int>(lf.loop) != c.first ||
                           (c.second != 0 && lf.factor != c.second)))
        continue;
      // Adjacent loops with the same class for every operand commute when
      // no cut separates them: keep them in type order.
      if (p < n && !cutAtP && !space->constrained(q) &&
          !space->constrained(p) &&
          space->types[t].signature == space->types[node.seq[p]].signature &&
          t > node.seq[p])
        continue;
      Node child = node;
      child.p = static_cast<uint8_t>(q);
      child.seq[q] = static_cast<uint8_t>(t);
      --child.count[t];
      uint8_t irMask = space->types[t].irMask;
      if (q == 0) {
        // The remaining levels are empty: a cut right below an irrelevant
        // loop is the same mapping as one further up (merge-down).
        bool canonical = true;
        for (unsigned o = 0; o < kNumMemOperands; ++o)
          if (space->present[o] && child.lev[o] > 0) {
            canonical &= !(irMask & (1u << o));
            for (unsigned j = 0; j < child.lev[o]; ++j)
              child.ends[o][j] = 0;
            child.lev[o] = 0;
          }
        if (canonical)
          leaf(child);
        continue;
      }
      addCutCombinations(child, static_cast<uint8_t>(~irMask), out);
    }
    sortChildren(out);
  }

  /// Depth-first search below `node` with the incumbent `inc` (updated).
  void search(const Node &node, unsigned depth) {
    std::vector<Child> &kids = children[depth];
    expand(node, kids);
    for (unsigned k = 0; k < kids.size(); ++k) {
      if (stopNow()) {
        for (unsigned r = k; r < kids.size(); ++r)
          if (!dominated(kids[r].bounds, inc, space->criterion))
            result.open.push_back(kids[r]);
        result.stopped = true;
        return;
      }
      if (dominated(kids[k].bounds, inc, space->criterion))
        continue;
      search(kids[k].node, depth + 1);
    }
  }

  /// Runs one task: the subtree below `node`.
  void runTask(const Node &node, const Incumbent &start, uint64_t cap,
               Deadline *deadline) {
    startTask(start, cap, deadline);
    search(node, 0);
    if (improved)
      result.best = inc;
  }

  /// A capped depth-first search of the whole space that takes, among
  /// children of equal latency bound, those of most energy first: smaller
  /// tiles, which load faster. The search proper (least energy first)
  /// reaches them late where every bound is near the ideal cycles (a layer
  /// streamed on one PE: latency = ideal + loading), so this dive gives it
  /// an incumbent there. Its open subtrees are left to the search proper.
  void dive(const Incumbent &start, uint64_t cap, Deadline *deadline) {
    startTask(start, cap, deadline);
    mostEnergyFirst = true;
    std::vector<Child> roots;
    rootChildren(roots);
    for (const Child &child : roots) {
      if (stopNow())
        break;
      if (!dominated(child.bounds, inc, space->criterion))
        search(child.node, 0);
    }
    mostEnergyFirst = false;
    result.open.clear();
    if (improved)
      result.best = inc;
  }

  Incumbent inc;
  TaskResult result;
  /// The least energy of the complete mappings this worker evaluated.
  double leastEnergy = std::numeric_limits<double>::infinity();
  Deadline *deadline = nullptr;
  uint64_t nodeCap = 0;

private:
  /// The state a task (runTask, dive) starts from.
  void startTask(const Incumbent &start, uint64_t cap, Deadline *deadline) {
    inc = start;
    inc.fromSearch = false;
    result = TaskResult();
    nodeCap = cap;
    this->deadline = deadline;
    // The driver read the clock just before the task started.
    nextClock = kClockNodes;
    improved = false;
  }

  bool stopNow() {
    if (nodeCap && result.nodes >= nodeCap)
      return true;
    if (!deadline)
      return false;
    if (deadline->passed.load(std::memory_order_relaxed))
      return true;
    if (result.nodes < nextClock)
      return false;
    nextClock = result.nodes + kClockNodes;
    return deadline->check();
  }

  uint64_t nextClock = 0; // result.nodes at the next reading of the clock

  void sortChildren(std::vector<Child> &out) const {
    SearchCriterion criterion = space->criterion;
    std::sort(out.begin(), out.end(), [&](const Child &a, const Child &b) {
      if (mostEnergyFirst && a.bounds.latency == b.bounds.latency &&
          a.bounds.energy != b.bounds.energy)
        return a.bounds.energy > b.bounds.energy;
      if (promisingFirst(a.bounds, b.bounds, criterion))
        return true;
      if (promisingFirst(b.bounds, a.bounds, criterion))
        return false;
      return a.order < b.order;
    });
  }
  /// dive(): children of equal latency bound by most energy first.
  bool mostEnergyFirst = false;

  /// Fills `loops` with the node's ordering (remaining loops in type order).
  void materialise(const Node &node) {
    unsigned k = 0;
    for (unsigned t = 0; t < space->types.size(); ++t)
      for (unsigned c = 0; c < node.count[t]; ++c)
        loops[k++] = space->types[t].loop;
    for (unsigned pos = node.p; pos < space->n; ++pos)
      loops[pos] = space->types[node.seq[pos]].loop;
  }

  const ExhaustiveBound::Result &evaluate(const Node &node) {
    // The loops themselves are only needed to evaluate a mapping.
    if (node.p == 0 || !bound.hasTable())
      materialise(node);
    NodeEnds ends(*space, node);
    unsigned lev[kNumMemOperands] = {};
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      if (space->present[o])
        lev[o] = node.lev[o];
    ++result.nodes;
    return bound.compute(node.seq, node.count, loops.data(), space->n, node.p,
                         ends.ptr, lev);
  }

  /// Every combination of cuts at position node.p (operands whose bit in
  /// `allowCuts` is clear keep their level), bounded.
  void addCutCombinations(const Node &node, uint8_t allowCuts,
                          std::vector<Child> &out) {
    unsigned choices[kNumMemOperands];
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      choices[o] =
          space->present[o] && (allowCuts & (1u << o)) ? node.lev[o] + 1u : 1u;
    unsigned combos = choices[0] * choices[1] * choices[2];
    for (unsigned c = 0; c < combos; ++c) {
      Node child = node;
      unsigned rest = c;
      for (unsigned o = 0; o < kNumMemOperands; ++o) {
        unsigned down = rest % choices[o];
        rest /= choices[o];
        for (unsigned j = node.lev[o] - down; j < node.lev[o]; ++j)
          child.ends[o][j] = node.p;
        child.lev[o] = static_cast<uint8_t>(node.lev[o] - down);
      }
      const ExhaustiveBound::Result &r = evaluate(child);
      if (!r.fits)
        continue;
      Bounds b{r.energy, r.latency, r.tieLatency};
      if (dominated(b, inc, space->criterion))
        continue;
      out.push_back({child, b, static_cast<unsigned>(out.size())});
    }
  }

  /// Whether the complete mapping `node` (its loops materialised by
  /// evaluate) satisfies the user's constraints.
  bool admitted(const Node &node) const {
    NodeEnds ends(*space, node);
    return space->checker->violated(*space->spatial, loops.data(), space->n,
                                    ends.ptr) < 0;
  }

  /// Even mappings: operands sharing a memory cut at the same point.
  bool evenOk(const Node &node) const {
    for (const auto &levels : space->memoryLevels) {
      if (levels.size() < 2)
        continue;
      for (const auto &[a, ja] : levels) {
        unsigned endA = node.ends[a][ja];
        unsigned startA = ja == 0 ? 0 : node.ends[a][ja - 1];
        if (endA == startA)
          continue;
        for (const auto &[b, jb] : levels)
          if (b != a && endA > node.ends[b][jb])
            return false;
      }
    }
    return true;
  }

  void leaf(const Node &node) {
    const ExhaustiveBound::Result &r = evaluate(node);
    ++result.leaves;
    if (!r.fits || r.latency > inc.maxLatency)
      return;
    if (space->temporalType == TemporalMappingType::Even && !evenOk(node))
      return;
    leastEnergy = std::min(leastEnergy, r.energy);
    if (!better(r.energy, r.latency, inc, space->criterion))
      return;
    if (space->checker && !admitted(node))
      return;
    inc.valid = true;
    inc.energy = r.energy;
    inc.latency = r.latency;
    inc.fromSearch = true;
    inc.spatial = spatialIndex;
    inc.leaf = node;
    improved = true;
  }

  const Space *space = nullptr;
  unsigned spatialIndex = 0;
  std::vector<LoopFactor> loops;
  std::vector<std::vector<Child>> children;
  bool improved = false; // this task found a better mapping than `start`
};
} // namespace

namespace {
/// The subtrees left to search, most promising first (promisingFirst), equal
/// bounds in the order they were pushed.
class Frontier {
public:
  explicit Frontier(SearchCriterion criterion) : criterion(criterion) {}

  bool empty() const { return heap.empty(); }
  size_t size() const { return heap.size(); }

  void push(Child child) {
    heap.push_back({std::move(child), pushed++});
    std::push_heap(heap.begin(), heap.end(), worseFirst());
  }

  Child pop() {
    std::pop_heap(heap.begin(), heap.end(), worseFirst());
    Child child = std::move(heap.back().child);
    heap.pop_back();
    return child;
  }

  template <typename F> void forEach(F f) const {
    for (const Entry &e : heap)
      f(e.child);
  }

private:
  struct Entry {
    Child child;
    uint64_t sequence;
  };
  /// std::push_heap keeps the greatest on top: "less" is "less promising".
  struct WorseFirst {
    SearchCriterion criterion;
    bool operator()(const Entry &a, const Entry &b) const {
      if (promisingFirst(b.child.bounds, a.child.bounds, criterion))
        return true;
      if (promisingFirst(a.child.bounds, b.child.bounds, criterion))
        return false;
      return a.sequence > b.sequence;
    }
  };
  WorseFirst worseFirst() const { return {criterion}; }

  SearchCriterion criterion;
  std::vector<Entry> heap;
  uint64_t pushed = 0;
};
} // namespace

/// Subtrees per wave: a constant, so the incumbent each subtree starts from
/// (the best of the earlier waves) does not depend on the thread count.
constexpr unsigned kWaveSize = 16;
/// The frontier is expanded breadth-first until it has this many subtrees.
constexpr unsigned kMinTasks = 48;
/// A subtree gets at least this many nodes of a node budget.
constexpr uint64_t kMinTaskNodes = 256;
/// Nodes of the latency criterion's incumbent dive per space (Worker::dive).
constexpr uint64_t kDiveNodes = 20000;
/// The node rate a time budget assumes before it has measured one: well
/// below the engine's ~2.5 M/s per core, because caps too small only cost
/// a few more waves while caps too large let the first wave's subtrees run
/// depth-first to the deadline (a loaded machine is 10x slower).
constexpr double kAssumedNodesPerSecond = 1e5;

/// Builds the space of one spatial candidate; "" or why it has none.
static std::string
buildSpace(const Workload &w, const std::vector<int64_t> &temporalSizes,
           const std::vector<TemporalOrderingEntry> &entries,
           const std::vector<OrderingConstraint> &constraints, Space &space) {
  std::vector<LoopFactor> factors;
  std::vector<LoopFactor> fixed;
  bool complete = completeTemporalOrdering(entries, temporalSizes, fixed);
  if (complete) {
    factors = fixed;
  } else {
    Loma loma;
    std::string problem = loma.init(
        w, temporalSizes, std::numeric_limits<unsigned>::max(), constraints);
    if (!problem.empty())
      return problem;
    factors = loma.factors();
  }
  if (factors.size() > kMaxLoops)
    return "the full prime factorisation has " +
           std::to_string(factors.size()) + " temporal loops (at most " +
           std::to_string(kMaxLoops) + ")";
  std::array<std::vector<LoopClass>, kNumMemOperands> cls = classifyLoops(w);
  space.n = factors.size();
  space.types.clear();
  space.initialCount.clear();
  space.fixedType.assign(space.n, -1);
  space.constraint.assign(space.n, {-1, 0});
  auto typeOf = [&](const LoopFactor &lf) {
    for (unsigned t = 0; t < space.types.size(); ++t)
      if (space.types[t].loop == lf)
        return t;
    LoopType type;
    type.loop = lf;
    for (unsigned o = 0; o < kNumMemOperands; ++o) {
      if (!space.present[o])
        continue;
      LoopClass c = lf.loop < cls[o].size() ? cls[o][lf.loop] : LoopClass::None;
      type.signature |= static_cast<uint32_t>(c) << (2 * o);
      if (c == LoopClass::IR)
        type.irMask |= static_cast<uint8_t>(1u << o);
    }
    space.types.push_back(type);
    space.initialCount.push_back(0);
    return static_cast<unsigned>(space.types.size() - 1);
  };
  for (unsigned k = 0; k < factors.size(); ++k) {
    unsigned t = typeOf(factors[k]);
    ++space.initialCount[t];
    if (complete)
      space.fixedType[k] = static_cast<int>(t);
  }
  if (!complete)
    for (const OrderingConstraint &c : constraints) {
      int index =
          c.position >= 0 ? c.position : static_cast<int>(space.n) + c.position;
      if (index >= 0 && index < static_cast<int>(space.n))
        space.constraint[index] = {static_cast<int>(c.loop), c.size};
    }
  return "";
}

SearchResult searchLayerExhaustive(const Workload &original,
                                   const Hardware &accelerator,
                                   const MappingSpecEntry *entry,
                                   const SearchOptions &options,
                                   const ExhaustiveOptions &exhaustive,
                                   ExhaustiveStats *statsOut) {
  if (options.tieTolerance > 0) {
    ExhaustiveStats runs[2];
    unsigned count = 0;
    SearchResult r =
        searchWithTieTolerance(options, [&](const SearchOptions &o) {
          return searchLayerExhaustive(original, accelerator, entry, o,
                                       exhaustive, &runs[count++]);
        });
    if (statsOut) {
      // Proven only when both the least latency and the least energy under
      // its cap are; LOMA's cost is that of the latency-criterion seed.
      *statsOut = runs[0];
      if (count == 2) {
        const ExhaustiveStats &capped = runs[1];
        if (statsOut->stoppedBy.empty())
          statsOut->stoppedBy = capped.stoppedBy;
        statsOut->optimal &= capped.optimal;
        statsOut->gap = std::max(statsOut->gap, capped.gap);
        statsOut->nodes += capped.nodes;
        statsOut->leaves += capped.leaves;
        statsOut->improvedOnSeed |= capped.improvedOnSeed;
      }
    }
    return r;
  }
  // DeFiNES's Add layers (both inputs on I1) run where I2 follows I1.
  std::optional<Hardware> sharedHw;
  if (entry && inputsShareI1(original, *entry))
    sharedHw = shareI1ChainWithI2(accelerator);
  const Hardware &hw = sharedHw ? *sharedHw : accelerator;
  ExhaustiveStats stats;
  std::function<double()> now = exhaustive.clock;
  if (!now)
    now = [] {
      return std::chrono::duration<double>(Clock::now().time_since_epoch())
          .count();
    };
  double started = now();
  SearchResult seed;
  if (exhaustive.seedWithLoma) {
    seed = searchLayer(original, hw, entry, options);
    stats.lomaFound = seed.found;
    if (seed.found) {
      stats.lomaEnergy = seed.cost.energy;
      stats.lomaLatency = seed.cost.latency;
    }
  }

  SearchResult result;
  Workload w = original;
  if (entry)
    applyMemoryOperandLinks(w, *entry);
  std::string layerName = !w.name.empty() ? w.name : w.opName;
  auto finish = [&](SearchResult r) {
    if (statsOut)
      *statsOut = stats;
    r.sharedI1 = sharedHw.has_value();
    return r;
  };
  if (exhaustive.seedWithLoma && !seed.found &&
      seed.error.find("no valid mapping") == std::string::npos)
    return finish(seed); // the layer itself cannot be searched

  CostModelOptions costOptions = options.costModel;
  costOptions.zigzagCompat = options.zigzagCompat;
  unsigned numThreads = resolveThreadCount(options.threads);

  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned t = 0; t < numThreads; ++t)
    workers.push_back(std::make_unique<Worker>(w, hw, costOptions));
  if (!workers[0]->bound.setupError().empty()) {
    result.error =
        "layer '" + layerName + "': " + workers[0]->bound.setupError();
    return finish(result);
  }

  SpatialMappingGenerator generator(w, hw, entry,
                                    spatialGeneratorOptions(options));
  std::vector<SpatialMapping> spatialMappings;
  std::string spatialError = generator.generate(spatialMappings);
  result.notes = generator.notes();
  // The same checks of the user's constraints as the LOMA search (which
  // reports them first when it seeds).
  std::optional<ConstraintChecker> checker;
  if (entry && !entry->constraints.empty()) {
    checker.emplace(entry->constraints, w, hw);
    if (!checker->error().empty())
      spatialError = "constraints of mapping entry '" + entry->name +
                     "': " + checker->error();
    else if (std::string conflict = checker->conflict(); !conflict.empty())
      spatialError = conflict;
    else if (spatialError.empty())
      spatialError = checker->filterSpatial(spatialMappings);
  }
  if (!spatialError.empty()) {
    result.error = "layer '" + layerName + "': " + spatialError;
    return finish(result);
  }
  std::vector<TemporalOrderingEntry> orderingEntries;
  if (entry)
    orderingEntries = resolveTemporalOrdering(w, entry->temporalOrdering,
                                              options.zigzagCompat, nullptr);
  std::vector<OrderingConstraint> constraints =
      orderingConstraints(orderingEntries);

  Incumbent incumbent;
  incumbent.maxLatency = options.maxLatency;
  if (seed.found) {
    incumbent.valid = true;
    incumbent.energy = seed.cost.energy;
    incumbent.latency = seed.cost.latency;
  }

  // Without a budget, the default one: no search is unbounded.
  uint64_t remaining = exhaustive.maxNodes == 0 && exhaustive.maxSeconds <= 0
                           ? kDefaultExhaustiveNodes
                           : exhaustive.maxNodes;
  bool limited = remaining > 0;
  // A time budget is spent like a node budget of the nodes it buys: each
  // candidate gets an equal share of the time left (a deadline), and its
  // subtrees get the caps that many nodes would give them at the rate
  // measured so far, so that the frontier is re-prioritised wave by wave.
  bool timed = exhaustive.maxSeconds > 0;
  double endOfBudget = started + exhaustive.maxSeconds;
  Deadline deadline;
  deadline.now = now;
  double searchStarted = now();
  auto nodeRate = [&](double t) {
    double seconds = t - searchStarted;
    // Until there is something to measure, a rate on the low side of the
    // engine's: caps that are too small only cost more waves.
    if (stats.nodes < kClockNodes || seconds <= 0)
      return kAssumedNodesPerSecond;
    return static_cast<double>(stats.nodes) / seconds;
  };
  std::vector<Bounds> openNodes; // of subtrees a budget left unexplored
  std::string firstError;
  // The temporal spaces, per spatial candidate: its perfect factorization
  // and, with imperfect=true, the padded sizes LOMA also searches
  // (imperfectTemporalSizes), so both engines search the same space. A
  // padded space holds the prime factors of the padded sizes; the bounds'
  // cost model counts each padded loop's outermost factor as the remainder.
  struct TemporalSpace {
    unsigned spatial;
    std::vector<int64_t> sizes;
  };
  std::vector<TemporalSpace> temporalSpaces;
  stats.spatialNodes.assign(spatialMappings.size(), 0);

  // Per temporal space, the subtrees left to search (sized below). They are
  // searched in waves, most promising first (a good incumbent early prunes the
  // rest). A subtree that reaches its share of the budget stops; its unexplored
  // children go back into the frontier, a binary heap, so a wave costs O(log
  // frontier) per subtree whatever the budget. Equal bounds go in insertion
  // order, which keeps the order deterministic.
  std::vector<Frontier> frontiers;
  std::vector<Child> wave;
  std::vector<TaskResult> results(kWaveSize);
  // Searches temporal space s's frontier until it is empty or the candidate's
  // share is spent: `budget` nodes (of which `used` are) and the deadline.
  auto searchWaves = [&](unsigned s, uint64_t budget, uint64_t &used) {
    Frontier &frontier = frontiers[s];
    auto exhausted = [&] {
      return (limited && used >= budget) || (timed && deadline.check());
    };
    while (!frontier.empty() && !exhausted()) {
      wave.clear();
      while (wave.size() < kWaveSize && !frontier.empty()) {
        Child task = frontier.pop();
        // Pruned now by an incumbent found after it was queued.
        if (!dominated(task.bounds, incumbent, options.criterion))
          wave.push_back(std::move(task));
      }
      if (wave.empty())
        break;
      size_t count = wave.size();
      uint64_t cap = 0;
      if (limited || timed) {
        // An equal share of what is left, at least kMinTaskNodes (but no
        // more than the wave can afford): the wave stays within the budget
        // up to one expansion per subtree. Under a time budget what is left
        // is the nodes the time left buys at the rate measured so far.
        uint64_t left =
            limited ? budget - used : std::numeric_limits<uint64_t>::max();
        if (timed) {
          double t = now();
          left = std::min<uint64_t>(
              left, static_cast<uint64_t>(std::min(
                        1e18, nodeRate(t) * std::max(0.0, deadline.at - t))));
        }
        cap = std::max<uint64_t>(
            std::max<uint64_t>(1,
                               std::min<uint64_t>(kMinTaskNodes, left / count)),
            left / (frontier.size() + count));
      }
      Incumbent start = incumbent;
      parallelFor(static_cast<unsigned>(workers.size()), count,
                  [&](size_t k, unsigned workerIndex) {
                    Worker &worker = *workers[workerIndex];
                    worker.runTask(wave[k].node, start, cap,
                                   timed ? &deadline : nullptr);
                    results[k] = std::move(worker.result);
                  });
      for (size_t k = 0; k < count; ++k) {
        TaskResult &r = results[k];
        used += r.nodes;
        stats.nodes += r.nodes;
        stats.leaves += r.leaves;
        stats.spatialNodes[temporalSpaces[s].spatial] += r.nodes;
        if (r.best.valid && r.best.fromSearch &&
            better(r.best.energy, r.best.latency, incumbent, options.criterion))
          incumbent = r.best;
        for (Child &child : r.open)
          frontier.push(std::move(child));
      }
    }
  };

  for (unsigned s = 0; s < spatialMappings.size(); ++s) {
    std::vector<int64_t> sizes;
    temporalLoopSizes(w, spatialMappings[s], sizes);
    std::vector<LoopFactor> fixed;
    bool complete = completeTemporalOrdering(orderingEntries, sizes, fixed);
    temporalSpaces.push_back({s, sizes});
    if (options.imperfect && !complete)
      for (std::vector<int64_t> &padded : imperfectTemporalSizes(sizes))
        temporalSpaces.push_back({s, std::move(padded)});
  }
  std::vector<Space> spaces(temporalSpaces.size());
  frontiers.assign(temporalSpaces.size(), Frontier(options.criterion));

  for (unsigned s = 0; s < temporalSpaces.size(); ++s) {
    const SpatialMapping &spatial = spatialMappings[temporalSpaces[s].spatial];
    if (s == 0 || temporalSpaces[s].spatial != temporalSpaces[s - 1].spatial)
      ++result.spatialMappings;
    Space &space = spaces[s];
    space.criterion = options.criterion;
    space.temporalType = options.temporalType;
    for (MemOperand op : kAllMemOperands) {
      unsigned o = static_cast<unsigned>(op);
      space.present[o] = op == MemOperand::O || w.operand(op).present;
      space.numLevels[o] = space.present[o] ? hw.hierarchy(op).size() : 0;
    }
    space.memoryLevels.assign(hw.memories.size(), {});
    for (unsigned o = 0; o < kNumMemOperands; ++o) {
      std::vector<unsigned> levels =
          space.present[o] ? hw.hierarchy(static_cast<MemOperand>(o))
                           : std::vector<unsigned>();
      for (unsigned j = 0; j < levels.size(); ++j)
        space.memoryLevels[levels[j]].push_back({o, j});
    }
    if (checker && checker->constrainsTemporal()) {
      space.checker = &*checker;
      space.spatial = &spatial;
    }
    std::string problem = buildSpace(w, temporalSpaces[s].sizes,
                                     orderingEntries, constraints, space);
    if (!problem.empty()) {
      if (firstError.empty())
        firstError = problem;
      continue;
    }
    for (std::unique_ptr<Worker> &worker : workers)
      worker->setSpace(&space, s, spatial);

    // This space's share of the node budget (padded spaces are spaces of
    // their own: an equal share of what the earlier ones left).
    uint64_t budget = limited ? remaining / (temporalSpaces.size() - s) : 0;
    uint64_t used = 0;
    if (timed) {
      double t = now();
      deadline.set(t + std::max(0.0, endOfBudget - t) /
                           (temporalSpaces.size() - s));
    }
    auto exhausted = [&] {
      return (limited && used >= budget) || (timed && deadline.check());
    };

    Worker &main = *workers[0];
    uint64_t diveNodes = 0;
    if (options.criterion == SearchCriterion::Latency && !exhausted()) {
      main.dive(incumbent,
                limited ? std::min(kDiveNodes, budget / 10 + 1) : kDiveNodes,
                timed ? &deadline : nullptr);
      used = diveNodes = main.result.nodes;
      stats.nodes += main.result.nodes;
      stats.leaves += main.result.leaves;
      stats.spatialNodes[temporalSpaces[s].spatial] += main.result.nodes;
      if (main.result.best.valid && main.result.best.fromSearch &&
          better(main.result.best.energy, main.result.best.latency, incumbent,
                 options.criterion))
        incumbent = main.result.best;
    }

    // Frontier: breadth-first, in order, until there are enough subtrees.
    main.inc = incumbent;
    main.result = TaskResult();
    main.nodeCap = 0;
    main.deadline = nullptr;
    std::vector<Child> queue, next, kids;
    main.rootChildren(queue);
    while (queue.size() < kMinTasks && !exhausted()) {
      next.clear();
      bool grew = false;
      for (const Child &child : queue) {
        if (dominated(child.bounds, main.inc, options.criterion))
          continue;
        if (exhausted()) {
          next.push_back(child);
          continue;
        }
        main.expand(child.node, kids);
        used = diveNodes + main.result.nodes;
        grew = true;
        next.insert(next.end(), kids.begin(), kids.end());
      }
      queue.swap(next);
      if (!grew)
        break;
    }
    used = diveNodes + main.result.nodes;
    stats.nodes += main.result.nodes;
    stats.leaves += main.result.leaves;
    stats.spatialNodes[temporalSpaces[s].spatial] += main.result.nodes;
    if (main.inc.valid &&
        better(main.inc.energy, main.inc.latency, incumbent, options.criterion))
      incumbent = main.inc;

    for (Child &child : queue)
      frontiers[s].push(std::move(child));
    searchWaves(s, budget, used);
    if (limited)
      remaining -= std::min(remaining, used);
  }

  // Time or nodes the candidates left (finished early, or pruned by a better
  // mapping of another) go to those still open, in equal shares again: the
  // padded spaces of imperfect=true leave most of a layer's node budget
  // unspent in their first pass (most are exhausted within a few nodes).
  while (timed || (limited && remaining > 0)) {
    std::vector<unsigned> open;
    for (unsigned s = 0; s < frontiers.size(); ++s)
      if (!frontiers[s].empty())
        open.push_back(s);
    if (open.empty() || (timed && now() >= endOfBudget) ||
        (limited && remaining < open.size()))
      break;
    for (unsigned k = 0; k < open.size(); ++k) {
      unsigned s = open[k];
      for (std::unique_ptr<Worker> &worker : workers)
        worker->setSpace(&spaces[s], s,
                         spatialMappings[temporalSpaces[s].spatial]);
      double t = now();
      deadline.set(t + std::max(0.0, endOfBudget - t) / (open.size() - k));
      uint64_t budget = limited ? remaining / (open.size() - k) : 0;
      uint64_t used = 0;
      searchWaves(s, budget, used);
      if (limited)
        remaining -= std::min(remaining, used);
    }
  }
  bool stoppedByTime = timed && (!limited || remaining > 0);
  for (const Frontier &frontier : frontiers)
    frontier.forEach(
        [&](const Child &child) { openNodes.push_back(child.bounds); });

  double leastEnergy = seed.leastEnergy;
  for (const std::unique_ptr<Worker> &worker : workers)
    leastEnergy = std::min(leastEnergy, worker->leastEnergy);
  seed.leastEnergy = leastEnergy;
  result.leastEnergy = leastEnergy;
  if (!incumbent.valid) {
    if (seed.found)
      return finish(seed);
    result.error =
        "layer '" + layerName + "': no valid mapping" +
        (firstError.empty() ? std::string() : " (" + firstError + ")");
    if (!seed.error.empty() && firstError.empty())
      result.error = seed.error;
    if (!openNodes.empty()) {
      result.error =
          "layer '" + layerName + "': no mapping found within the budget";
      // LOMA's reason (e.g. the constraint no ordering satisfies) says why
      // there was no incumbent to start from.
      if (!seed.error.empty())
        result.error +=
            " (LOMA: " + seed.error.substr(seed.error.find("': ") + 3) + ")";
      stats.stoppedBy = stoppedByTime ? "seconds" : "nodes";
    }
    return finish(result);
  }

  Bounds best{incumbent.energy, incumbent.latency};
  double bestPrimary = primary(best, options.criterion);
  // Subtrees left unexplored that could still hold a better mapping.
  double openBound = std::numeric_limits<double>::infinity();
  bool open = false;
  for (const Bounds &b : openNodes)
    if (!dominated(b, incumbent, options.criterion)) {
      open = true;
      openBound = std::min(openBound, primary(b, options.criterion));
    }
  stats.optimal = !open;
  stats.stoppedBy = stats.optimal ? "" : stoppedByTime ? "seconds" : "nodes";
  stats.lowerBound = std::min(bestPrimary, std::max(0.0, openBound));
  stats.gap =
      bestPrimary > 0 ? (bestPrimary - stats.lowerBound) / bestPrimary : 0;
  if (stats.gap < kBoundTieTolerance) // rounding, not a gap
    stats.gap = 0;
  stats.improvedOnSeed = incumbent.fromSearch;

  if (!incumbent.fromSearch) {
    seed.evaluated += stats.leaves;
    return finish(seed);
  }
  const Space &space = spaces[incumbent.spatial];
  const Node &leaf = incumbent.leaf;
  Mapping mapping;
  mapping.spatial = spatialMappings[temporalSpaces[incumbent.spatial].spatial];
  for (unsigned k = 0; k < space.n; ++k)
    mapping.temporal.push_back(space.types[leaf.seq[k]].loop);
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    if (space.present[o])
      mapping.levelEnds[o].assign(leaf.ends[o],
                                  leaf.ends[o] + space.numLevels[o]);
  // Adjacent factors of one loop that no cut separates are one loop.
  Mapping merged = mapping;
  merged.temporal.clear();
  std::vector<unsigned> newIndex(space.n + 1, 0);
  for (unsigned k = 0; k < space.n; ++k) {
    bool cut = false;
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      for (unsigned e : mapping.levelEnds[o])
        cut |= e == k;
    if (k > 0 && !cut &&
        mapping.temporal[k].loop == merged.temporal.back().loop)
      merged.temporal.back().factor *= mapping.temporal[k].factor;
    else
      merged.temporal.push_back(mapping.temporal[k]);
    newIndex[k + 1] = merged.temporal.size();
  }
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    for (unsigned &e : merged.levelEnds[o])
      e = newIndex[e];
  // A padded loop's outermost factor is emitted as the iterations it really
  // runs, ceil(T / P), as LOMA does (the cost is the same).
  std::vector<int64_t> realSizes;
  temporalLoopSizes(w, mapping.spatial, realSizes);
  auto normalize = [&](Mapping &m) {
    normalizeImperfectFactors(
        m.temporal.data(), static_cast<unsigned>(m.temporal.size()),
        realSizes.data(), static_cast<unsigned>(realSizes.size()));
  };
  normalize(merged);
  CostModel model(w, hw, costOptions);
  model.setSpatial(mapping.spatial);
  auto cost = std::make_unique<Cost>();
  model.evaluateTemporal(merged, *cost);
  if (cost->energy != incumbent.energy || cost->latency != incumbent.latency) {
    merged = mapping;
    normalize(merged);
    model.evaluateTemporal(merged, *cost);
  }
  // The leaves follow the rule every other pass applies; this guards the
  // emitted mapping against any that another pass would reject.
  if (std::string problem = model.check(merged); !problem.empty()) {
    result.error = "layer '" + layerName +
                   "': the best mapping breaks the mapping rule: " + problem;
    return finish(result);
  }
  result.found = true;
  result.mapping = std::move(merged);
  result.cost = *cost;
  result.evaluated = seed.evaluated + stats.leaves;
  result.skipped = seed.skipped;
  return finish(result);
}

} // namespace zigzag
