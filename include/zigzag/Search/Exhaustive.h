//===- Exhaustive.h - Provably optimal temporal mapping search --*- C++ -*-===//
//
// The exact engine (docs/Search.md, "Exhaustive engine"): for every spatial
// candidate of the generator, a branch-and-bound over the FULL temporal space
// (every prime factor of every temporal loop, every distinct loop order,
// every per-operand choice of memory-level cuts that fits the memories)
// with admissible lower bounds on energy and latency of partial mappings. It
// proves the returned mapping optimal for the criterion, or stops at a node
// or time budget and reports the gap between the best mapping found and the
// best bound left open. ZigZag's LOMA result seeds the incumbent, so the
// answer is never worse than LOMA's.
//
// Partial mappings are built outermost loop first: at each step every
// operand may close its current memory level (cut) and the next inner loop
// is placed. Closed levels fix the energy terms and port transfers of their
// boundary exactly; ExhaustiveBound adds lower bounds for the open ones.
// Plain C++: no MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_EXHAUSTIVE_H
#define ZIGZAG_SEARCH_EXHAUSTIVE_H

#include "zigzag/Model/CostModel.h"
#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/Workload.h"
#include "zigzag/Search/MappingSpec.h"
#include "zigzag/Search/Search.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace zigzag {

/// The node budget of a search given no budget: about 4 s of one core at
/// the engine's ~2.5 M partial mappings/s, so that no search is unbounded.
constexpr uint64_t kDefaultExhaustiveNodes = 10'000'000;

struct ExhaustiveOptions {
  /// Stop after bounding this many partial mappings (0 = no node limit if
  /// maxSeconds is set, else kDefaultExhaustiveNodes). The split of the
  /// budget over subtrees is fixed, so a node budget keeps results
  /// independent of the thread count.
  uint64_t maxNodes = 0;
  /// Stop after this many seconds (0 = no time limit). Where a time budget
  /// stops the search depends on the machine, so it is not reproducible.
  double maxSeconds = 0;
  /// Seed the incumbent with ZigZag's LOMA search (same options). Off only
  /// in tests that compare with brute force.
  bool seedWithLoma = true;
  /// The clock a time budget reads (seconds, any origin); empty: the
  /// steady clock. Tests give a simulated one to make time budgets
  /// deterministic (with one thread).
  std::function<double()> clock;
};

struct ExhaustiveStats {
  /// The search space was exhausted: the result is optimal for the
  /// criterion (and its tie-break) over the full temporal space of every
  /// spatial candidate searched.
  bool optimal = false;
  /// Relative gap on the primary metric (latency, energy or EDP) between the
  /// result and the smallest lower bound of the subtrees left unexplored:
  /// (best - bound) / best; 0 when optimal.
  double gap = 0;
  /// That smallest bound (the result's own value when optimal).
  double lowerBound = 0;
  /// Partial mappings bounded (each one cost-model evaluation) and complete
  /// mappings evaluated by the branch-and-bound.
  uint64_t nodes = 0, leaves = 0;
  /// Why the search stopped early: "" (it did not), "nodes" or "seconds".
  std::string stoppedBy;
  /// The LOMA seed (valid when lomaFound).
  bool lomaFound = false;
  double lomaEnergy = 0, lomaLatency = 0;
  /// The branch-and-bound found a mapping strictly better than the seed.
  bool improvedOnSeed = false;
  /// Partial mappings bounded per spatial candidate (generator order).
  std::vector<uint64_t> spatialNodes;
};

/// Runs the exact engine on one layer. Same contract as searchLayer (entry,
/// memory operand links, temporal_ordering constraints, spatial candidates,
/// criterion, even/uneven, threads); `evaluated` counts the complete
/// mappings evaluated (LOMA's and the branch-and-bound's leaves).
SearchResult searchLayerExhaustive(const Workload &w, const Hardware &hw,
                                   const MappingSpecEntry *entry,
                                   const SearchOptions &options,
                                   const ExhaustiveOptions &exhaustive,
                                   ExhaustiveStats *stats = nullptr);

/// What any mapping of a layer must at least cost in this cost model: every
/// operand read (inputs) or written (output, final precision) once at its
/// top memory in full-width words, plus the MAC energy; and the ideal cycles
/// ceil(MACs / array size). No mapping is cheaper in the corrected model
/// (zigzagCompat = false; unittests/Search/PhysicalFloorTest.cpp); ZigZag's
/// truncations of fractional unrollings can undercut it in compat mode.
struct PhysicalFloor {
  double energy = 0, macEnergy = 0, memEnergy = 0;
  double cycles = 0;
};
PhysicalFloor physicalFloor(const Workload &w, const Hardware &hw);

/// Lower bounds of every completion of a partial temporal mapping under one
/// spatial mapping (the search's bounding function, public for its tests).
///
/// A partial mapping is an ordering `loops[0..n)` (innermost first) whose
/// positions [p, n) are fixed and whose positions [0, p) hold the remaining
/// loops in any order; per operand, `openLevel[op]` is the memory level the
/// next inner loop goes to, and `levelEnds[op][j]` (Mapping's convention)
/// is fixed for j >= openLevel[op] (ends of lower levels are ignored); the
/// loop at p - 1 belongs to the open level. With p == 0 the mapping is
/// complete (lower levels empty) and the bounds are its cost.
///
/// The bounds hold for the cost model as implemented (both modes) for every
/// completion in the search space, i.e. with canonical cuts (a cut at
/// position c < n sits right below a loop the operand does not merge down)
/// that fits the memories; every mapping is cost-equivalent to one with
/// canonical cuts. unittests/Search/ExhaustiveTest.cpp checks them on random
/// partial mappings and completions.
class ExhaustiveBound {
public:
  ExhaustiveBound(const Workload &w, const Hardware &hw,
                  CostModelOptions options = {});
  ~ExhaustiveBound();
  ExhaustiveBound(ExhaustiveBound &&) noexcept;
  ExhaustiveBound &operator=(ExhaustiveBound &&) noexcept;

  const std::string &setupError() const;

  /// Sets the spatial mapping and the multiset of temporal loops (any order)
  /// the partial mappings are made of.
  void setSpatial(const std::vector<std::vector<LoopFactor>> &spatial,
                  const std::vector<LoopFactor> &temporalLoops);

  struct Result {
    double energy = 0;  // lower bound on the energy (pJ)
    double latency = 0; // lower bound on the latency; -inf if none
    /// Lower bound on the latency of the completions whose energy is
    /// `energy` (up to rounding), the only ones that can tie an incumbent of
    /// that energy; at least `latency`.
    double tieLatency = 0;
    /// False if no completion fits the memories.
    bool fits = true;
    /// The partial mapping is complete: `cost` is its cost and `fits` exact.
    bool complete = false;
    /// The cost of the complete mapping (null unless `complete`, or when
    /// the bounds came from evaluating a completion, see hasTable()).
    const Cost *cost = nullptr;
  };

  /// Bounds the partial mapping (p <= n; levelEnds[op] points at one entry
  /// per memory level of op, nullptr for absent operands).
  const Result &compute(const LoopFactor *loops, unsigned n, unsigned p,
                        const unsigned *const levelEnds[kNumMemOperands],
                        const unsigned openLevel[kNumMemOperands]);
  /// The same with the loops given as indices into the distinct temporal
  /// loops in the order setSpatial first met them: `typeAt[k]` for the
  /// placed positions k in [p, n), `remainingCount[t]` for the others.
  /// `loops` is only read when p == 0 or !hasTable(). Allocation-free
  /// (the search's path).
  const Result &compute(const uint8_t *typeAt, const uint8_t *remainingCount,
                        const LoopFactor *loops, unsigned n, unsigned p,
                        const unsigned *const levelEnds[kNumMemOperands],
                        const unsigned openLevel[kNumMemOperands]);

  /// Whether every memory holds what mapping `m` puts in it (the capacity
  /// rule of MappingValidity.h, which CostModel::check applies).
  bool fitsMemories(const Mapping &m) const;

  /// The bounds come from tables over every sub-multiset of the temporal
  /// loops (exact least energy of the open part); false when the space is
  /// too large for them: then from one evaluated completion per partial
  /// mapping (weaker).
  bool hasTable() const;
  /// Tabulate at most this many sub-multisets (before setSpatial; tests).
  void setTableLimit(uint64_t maxSubsets);

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

} // namespace zigzag

#endif // ZIGZAG_SEARCH_EXHAUSTIVE_H
