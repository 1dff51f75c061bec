//===- DepthFirstSearch.h - Depth-first schedule search ---------*- C++ -*-===//
//
// searchDepthFirst picks a network's depth-first schedule: it enumerates the
// candidate schedules (stack formations x overlap modes x tile sizes),
// evaluates them with the depth-first model (DepthFirst.h) in parallel
// through one shared memo of single-layer searches, keeps the best per
// formation (with per-stack choice, the best per stack), then the best
// formation, and costs the layer-by-layer reference. Plain C++ on the model
// types; the result does not depend on the thread count.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_DEPTHFIRSTSEARCH_H
#define ZIGZAG_SEARCH_DEPTHFIRSTSEARCH_H

#include "zigzag/Search/DepthFirst.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zigzag {

/// The candidate schedules of a depth-first search.
struct DfSearchSpace {
  /// One base schedule per stack formation to evaluate (its autoStacks,
  /// layerByLayer or stackCuts); the candidates take tile and mode from
  /// below. At least one.
  std::vector<DfSchedule> formations;
  /// false: one schedule, the first formation with `tileX`, `tileY` and
  /// `mode`. true: per formation every mode x tile X x tile Y candidate, in
  /// that nesting order; a layer-by-layer formation is one schedule.
  bool search = false;
  int64_t tileX = 1, tileY = 1;
  OverlapMode mode = OverlapMode::FullyCached;
  /// Tile candidates, clamped to the largest layer output (empty: powers of
  /// two below it, and it: defaultDfTiles).
  std::vector<int64_t> tileXCandidates, tileYCandidates;
  /// Mode candidates (empty: all three, fewest cached first).
  std::vector<OverlapMode> modes;
  /// With search, each stack keeps the candidate best for it, a one-layer
  /// stack possibly its layer-by-layer cost (stacks are independent in the
  /// model and meet in the top memory, so energy and latency add up; not
  /// for EDP, a product that does not).
  bool perStack = true;
  /// Also cost every layer alone on the whole hierarchy (the single-layer
  /// flow) as the reference the schedule is compared with.
  bool layerByLayerReference = true;
};

/// The layer-by-layer reference: the single-layer search of every layer
/// (ops costing nothing left out) on the whole hierarchy, summed.
struct DfLayerByLayer {
  /// Why a layer fits nowhere ("" if every layer does); then there are no
  /// sums, as a partial sum is not a total.
  std::string infeasible;
  double energy = 0;
  double latency = 0;  // ZigZag's latency_total2
  double latency1 = 0; // DeFiNES's latency_total1
};

struct DfSearchResult {
  /// False when no candidate could be scheduled: `error` and `errorLayer`
  /// are the first candidate's.
  bool ok = false;
  std::string error;
  int errorLayer = -1;
  /// Every candidate in enumeration order (formation by formation).
  std::vector<DfSchedule> schedules;
  /// The chosen schedule: the best candidate of the best formation or,
  /// with per-stack choice, its stacks each from their best candidate, the
  /// totals summed over them.
  DfResult best;
  /// Per stack of `best`: the index into `schedules` of the candidate it
  /// comes from.
  std::vector<unsigned> stackChoice;
  /// The index into DfSearchSpace::formations of the chosen formation.
  unsigned formation = 0;
  /// Single-layer searches run (memo misses) over all candidates.
  uint64_t searches = 0;
  /// Wall time of enumeration and evaluation (not the reference).
  double seconds = 0;
  DfLayerByLayer layerByLayer; // when asked for and `ok`
};

/// Candidate tile sizes over an extent: the powers of two below `total`,
/// and `total`.
std::vector<int64_t> defaultDfTiles(int64_t total);

/// Searches `space` for the best schedule of `net` on `hw` by
/// options.search.criterion (isBetter within kDepthFirstSumTolerance, ties
/// to the earlier candidate); options.threads workers evaluate the
/// candidates.
DfSearchResult searchDepthFirst(const DfNetwork &net, const Hardware &hw,
                                const DfSearchSpace &space,
                                const DfOptions &options);

} // namespace zigzag

#endif // ZIGZAG_SEARCH_DEPTHFIRSTSEARCH_H
