//===- Pareto.h - Energy-latency trade-offs of layers and networks -*- C++
//-*-===//
//
// The exact energy-latency Pareto front of one layer (epsilon-constraint
// over a search with a latency cap) and the least-energy choice of one
// front point per layer under a network latency budget (a multiple-choice
// knapsack solved exactly over the fronts). Plain C++: no MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_PARETO_H
#define ZIGZAG_SEARCH_PARETO_H

#include "zigzag/Search/Search.h"

#include <functional>
#include <string>
#include <vector>

namespace zigzag {

/// One point of a front: a mapping and its cost.
struct ParetoPoint {
  double energy = 0, latency = 0;
  SearchResult result; // the mapping (found), its cost and search record
};

struct ParetoFront {
  /// Non-dominated points by increasing latency (so decreasing energy);
  /// no two share both energy and latency.
  std::vector<ParetoPoint> points;
  /// Every search behind the front was proven optimal (exhaustive engine
  /// within its budget) and no point limit cut it: the front is the exact
  /// front of the search space.
  bool exact = false;
  /// The point limit stopped the enumeration before the fastest point.
  bool truncated = false;
  /// Mappings evaluated by all the searches.
  uint64_t evaluated = 0;
  /// Why there is no front (the first search found nothing).
  std::string error;
};

/// A search of one layer under `options` (criterion energy, ties lower
/// latency, maxLatency set); sets `proven` when its result is optimal over
/// the whole space and "not found" means no mapping exists under the cap.
using CappedSearch =
    std::function<SearchResult(const SearchOptions &options, bool &proven)>;

/// The energy-latency Pareto front by the epsilon-constraint method: the
/// least-energy mapping (ties: least latency) is the slowest front point;
/// each next point is the least-energy mapping strictly faster than the
/// last one, until none is. Each such lexicographic optimum is
/// non-dominated, and every non-dominated (energy, latency) value is met,
/// so with proven searches the front is exact. At most `maxPoints` points
/// (0: no limit). `options.criterion` and `maxLatency` are overridden.
ParetoFront paretoFront(const SearchOptions &options,
                        const CappedSearch &search, unsigned maxPoints = 0);

/// An (energy, latency) pair of one layer's front.
struct TradeoffPoint {
  double energy = 0, latency = 0;
};

struct BudgetSolution {
  /// A choice meets the budget (else `choice` is empty).
  bool feasible = false;
  /// Per layer, the index of the chosen point in its front.
  std::vector<unsigned> choice;
  /// Sums over the layers, in layer order, of the chosen points.
  double energy = 0, latency = 0;
  /// The least network latency: the sum of each front's least latency.
  double minLatency = 0;
};

/// The least total energy (ties: least total latency) choosing one point
/// per layer with total latency <= `budget`: layer by layer, the
/// non-dominated (energy, latency) sums of the layers so far, without those
/// whose latency plus the least latency of the remaining layers exceeds the
/// budget. Exact: a dominated partial sum never leads to a better total than
/// the partial sum dominating it with the same later choices.
BudgetSolution
leastEnergyUnderLatency(const std::vector<std::vector<TradeoffPoint>> &fronts,
                        double budget);

} // namespace zigzag

#endif // ZIGZAG_SEARCH_PARETO_H
