//===- DepthFirstSearch.cpp - Depth-first schedule search -----------------===//
//
// Enumerates the candidate schedules, evaluates them through one memo, and
// chooses per formation and per stack (docs/DepthFirst.md, "Search").
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/DepthFirstSearch.h"

#include "zigzag/Search/Parallel.h"

#include <algorithm>
#include <chrono>

namespace zigzag {

std::vector<int64_t> defaultDfTiles(int64_t total) {
  std::vector<int64_t> out;
  for (int64_t t = 1; t < total; t *= 2)
    out.push_back(t);
  out.push_back(total);
  return out;
}

/// The candidates of `space` in enumeration order; `groupStarts` gets the
/// first candidate of each formation and, last, their count.
static std::vector<DfSchedule>
enumerateSchedules(const DfNetwork &net, const DfSearchSpace &space,
                   std::vector<size_t> &groupStarts) {
  std::vector<DfSchedule> schedules;
  // Tiles up to the largest output: smaller stack outputs clamp them.
  int64_t w = 1, h = 1;
  for (const DfLayer &layer : net.layers) {
    if (!layer.spatial)
      continue;
    w = std::max(w, layer.workload.loopSizes[layer.xLoop]);
    h = std::max(h, layer.workload.loopSizes[layer.yLoop]);
  }
  // Layer by layer: whole feature maps, nothing to cache.
  auto wholeMaps = [&](DfSchedule &s) {
    s.tileX = w;
    s.tileY = h;
    s.mode = OverlapMode::FullyRecompute;
  };
  if (!space.search) {
    DfSchedule s = space.formations.front();
    s.mode = space.mode;
    s.tileX = space.tileX;
    s.tileY = space.tileY;
    if (s.layerByLayer)
      wholeMaps(s);
    groupStarts.push_back(0);
    schedules.push_back(s);
    groupStarts.push_back(schedules.size());
    return schedules;
  }
  std::vector<int64_t> xs = space.tileXCandidates, ys = space.tileYCandidates;
  if (xs.empty())
    xs = defaultDfTiles(w);
  if (ys.empty())
    ys = defaultDfTiles(h);
  std::vector<OverlapMode> modes = space.modes;
  if (modes.empty())
    modes = {OverlapMode::FullyRecompute, OverlapMode::HCachedVRecompute,
             OverlapMode::FullyCached};
  for (const DfSchedule &base : space.formations) {
    groupStarts.push_back(schedules.size());
    // Whole feature maps, no overlap: tiles and modes do not apply.
    if (base.layerByLayer) {
      DfSchedule s = base;
      wholeMaps(s);
      schedules.push_back(s);
      continue;
    }
    for (OverlapMode m : modes)
      for (int64_t tx : xs)
        for (int64_t ty : ys) {
          DfSchedule s = base;
          s.mode = m;
          s.tileX = std::min(tx, w);
          s.tileY = std::min(ty, h);
          schedules.push_back(s);
        }
  }
  groupStarts.push_back(schedules.size());
  return schedules;
}

/// Every layer alone on the whole hierarchy, each through the single-layer
/// search.
static DfLayerByLayer layerByLayerReference(const DfNetwork &net,
                                            const Hardware &hw,
                                            const DfOptions &options) {
  DfLayerByLayer ref;
  for (const DfLayer &layer : net.layers) {
    if (layer.zeroCost)
      continue;
    SearchOptions so = options.search;
    so.threads = 1;
    SearchResult r = searchLayer(layer.workload, hw, layer.entry, so);
    if (!r.found) {
      ref.infeasible = r.error;
      ref.energy = ref.latency = ref.latency1 = 0;
      return ref;
    }
    ref.energy += r.cost.energy;
    ref.latency += r.cost.latency;
    ref.latency1 += r.cost.latency1;
  }
  return ref;
}

DfSearchResult searchDepthFirst(const DfNetwork &net, const Hardware &hw,
                                const DfSearchSpace &space,
                                const DfOptions &options) {
  DfSearchResult out;
  if (space.formations.empty()) {
    out.error = "no stack formation to evaluate";
    return out;
  }
  auto start = std::chrono::steady_clock::now();
  // Candidates of formation g: [groupStarts[g], groupStarts[g + 1]).
  std::vector<size_t> groupStarts;
  out.schedules = enumerateSchedules(net, space, groupStarts);
  const std::vector<DfSchedule> &schedules = out.schedules;
  SearchCriterion criterion = options.search.criterion;
  // Totals and stacks are sums in differing orders: equal up to noise.
  auto better = [&](const auto &a, const auto &b) {
    return isBetter(a, b, criterion, TieBreak::OtherMetric,
                    kDepthFirstSumTolerance);
  };

  // Candidates in parallel (each serial inside, unless it is the only one),
  // sharing the search memo.
  DfSearchCache cache;
  std::vector<DfResult> results(schedules.size());
  DfOptions inner = options;
  inner.threads =
      schedules.size() == 1 ? resolveThreadCount(options.threads) : 1;
  parallelFor(options.threads, schedules.size(), [&](size_t i, unsigned) {
    results[i] = evaluateDepthFirst(net, hw, schedules[i], inner, &cache);
  });

  // Per formation: the best candidate or, per stack, each stack's best; then
  // the best formation.
  DfResult &best = out.best;
  std::vector<unsigned> &stackChoice = out.stackChoice;
  // The single-layer flow's cost of each layer, when a formation is layer
  // by layer: a one-layer stack of any formation may take it too (it also
  // reads from and writes to the top memory).
  int singleLayer = -1;
  for (unsigned i = 0; i < schedules.size(); ++i)
    if (schedules[i].layerByLayer && results[i].ok)
      singleLayer = static_cast<int>(i);
  bool perStack =
      space.search && space.perStack && criterion != SearchCriterion::EDP;
  for (unsigned g = 0; g + 1 < groupStarts.size(); ++g) {
    int bestIndex = -1;
    for (unsigned i = groupStarts[g]; i < groupStarts[g + 1]; ++i)
      if (results[i].ok &&
          (bestIndex < 0 || better(results[i], results[bestIndex])))
        bestIndex = static_cast<int>(i);
    if (bestIndex < 0)
      continue;
    std::vector<unsigned> choice(results[bestIndex].stacks.size(), bestIndex);
    DfResult composite = results[bestIndex];
    if (perStack) {
      composite.energy = composite.latency = composite.macEnergy = 0;
      composite.copyEnergy = composite.copyLatency = 0;
      for (unsigned si = 0; si < choice.size(); ++si) {
        for (unsigned i = groupStarts[g]; i < groupStarts[g + 1]; ++i)
          if (results[i].ok &&
              better(results[i].stacks[si], results[choice[si]].stacks[si]))
            choice[si] = i;
        const DfStack *chosen = &results[choice[si]].stacks[si];
        if (singleLayer >= 0 && chosen->layers.size() == 1) {
          const DfStack &alone =
              results[singleLayer].stacks[chosen->layers.front()];
          if (better(alone, *chosen)) {
            chosen = &alone;
            choice[si] = singleLayer;
          }
        }
        const DfStack &stack = *chosen;
        composite.stacks[si] = stack;
        composite.energy += stack.energy;
        composite.latency += stack.latency;
        composite.macEnergy += stack.macEnergy;
        composite.copyEnergy += stack.copyEnergy;
        composite.copyLatency += stack.copyLatency;
      }
    }
    if (stackChoice.empty() || better(composite, best)) {
      best = std::move(composite);
      stackChoice = std::move(choice);
      out.formation = g;
    }
  }
  out.searches = cache.searches();
  out.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (stackChoice.empty()) {
    out.error = results.front().error;
    out.errorLayer = results.front().errorLayer;
    return out;
  }
  out.ok = true;
  if (space.layerByLayerReference)
    out.layerByLayer = layerByLayerReference(net, hw, options);
  return out;
}

} // namespace zigzag
