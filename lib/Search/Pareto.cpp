//===- Pareto.cpp - Energy-latency trade-offs of layers and networks ------===//

#include "zigzag/Search/Pareto.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace zigzag {

ParetoFront paretoFront(const SearchOptions &options,
                        const CappedSearch &search, unsigned maxPoints) {
  ParetoFront front;
  front.exact = true;
  SearchOptions capped = options;
  capped.criterion = SearchCriterion::Energy;
  capped.tieTolerance = 0;
  std::vector<ParetoPoint> slowestFirst;
  while (true) {
    if (maxPoints && slowestFirst.size() == maxPoints) {
      front.truncated = true;
      front.exact = false;
      break;
    }
    bool proven = false;
    SearchResult r = search(capped, proven);
    front.evaluated += r.evaluated;
    front.exact &= proven;
    if (!r.found) {
      if (slowestFirst.empty())
        front.error = r.error;
      break;
    }
    slowestFirst.push_back({r.cost.energy, r.cost.latency, std::move(r)});
    // The next point is strictly faster: the largest double below.
    capped.maxLatency = std::nextafter(
        slowestFirst.back().latency, -std::numeric_limits<double>::infinity());
  }
  if (slowestFirst.empty())
    front.exact = false;
  front.points.assign(std::make_move_iterator(slowestFirst.rbegin()),
                      std::make_move_iterator(slowestFirst.rend()));
  return front;
}

namespace {
/// A partial sum over the first layers, with how it was reached.
struct PartialSum {
  double energy = 0, latency = 0;
  unsigned parent = 0; // index in the previous layer's sums
  unsigned point = 0;  // the point chosen in this layer
};
} // namespace

BudgetSolution
leastEnergyUnderLatency(const std::vector<std::vector<TradeoffPoint>> &fronts,
                        double budget) {
  BudgetSolution solution;
  size_t n = fronts.size();
  // minAfter[i]: the least latency of layers i..n-1.
  std::vector<double> minAfter(n + 1, 0);
  for (size_t i = n; i-- > 0;) {
    double least = std::numeric_limits<double>::infinity();
    for (const TradeoffPoint &p : fronts[i])
      least = std::min(least, p.latency);
    minAfter[i] = minAfter[i + 1] + least;
  }
  // Summed in layer order, as the totals are.
  for (size_t i = 0; i < n; ++i) {
    double least = std::numeric_limits<double>::infinity();
    for (const TradeoffPoint &p : fronts[i])
      least = std::min(least, p.latency);
    solution.minLatency += least;
  }
  if (!(solution.minLatency <= budget))
    return solution;

  std::vector<std::vector<PartialSum>> layers(n + 1);
  layers[0].push_back({});
  std::vector<PartialSum> candidates;
  for (size_t i = 0; i < n; ++i) {
    candidates.clear();
    for (unsigned s = 0; s < layers[i].size(); ++s)
      for (unsigned k = 0; k < fronts[i].size(); ++k) {
        const PartialSum &from = layers[i][s];
        PartialSum to{from.energy + fronts[i][k].energy,
                      from.latency + fronts[i][k].latency, s, k};
        // No completion of it meets the budget (minAfter is summed in
        // another order than the totals: a rounding's worth of slack, the
        // final choice checks the budget exactly).
        if (to.latency + minAfter[i + 1] > budget * (1 + 1e-12))
          continue;
        candidates.push_back(to);
      }
    // Keep the non-dominated sums: by latency, each strictly cheaper than
    // every faster one (the first of equal sums stays).
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const PartialSum &a, const PartialSum &b) {
                       if (a.latency != b.latency)
                         return a.latency < b.latency;
                       return a.energy < b.energy;
                     });
    double cheapest = std::numeric_limits<double>::infinity();
    for (const PartialSum &c : candidates)
      if (c.energy < cheapest) {
        layers[i + 1].push_back(c);
        cheapest = c.energy;
      }
  }
  // The kept sums get cheaper as they get slower (ties went to the faster
  // one): the cheapest within the budget is the last one within it.
  unsigned at = layers[n].size();
  while (at > 0 && layers[n][at - 1].latency > budget)
    --at;
  if (at == 0)
    return solution;
  --at;
  solution.feasible = true;
  solution.energy = layers[n][at].energy;
  solution.latency = layers[n][at].latency;
  solution.choice.assign(n, 0);
  for (size_t i = n; i-- > 0;) {
    solution.choice[i] = layers[i + 1][at].point;
    at = layers[i + 1][at].parent;
  }
  return solution;
}

} // namespace zigzag
