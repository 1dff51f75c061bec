//===- Explore.h - Evaluate designs on a workload, Pareto front -*- C++ -*-===//
//
// Each design of a design space x the layers of a workload: the mapping
// search per layer (LOMA, or the exhaustive engine) with the same options
// --zigzag-search-mapping uses, summed like --zigzag-report sums (layers in
// workload order), plus the design's area. Layers with the same shape are
// searched once per design; each layer's spatial candidates and LOMA
// orderings are computed once for all designs that share the facts they
// depend on. Parallel over designs, results independent of the thread
// count. Plain C++: the workload arrives as Workload values.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_EXPLORE_EXPLORE_H
#define ZIGZAG_EXPLORE_EXPLORE_H

#include "zigzag/Explore/DesignSpace.h"
#include "zigzag/Model/Workload.h"
#include "zigzag/Search/Search.h"
#include "zigzag/Search/SearchReuse.h"

#include "llvm/Support/Error.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace zigzag {
namespace explore {

struct ExploreOptions {
  /// The search options; the defaults are --zigzag-search-mapping's (see
  /// defaultSearchOptions).
  SearchOptions search;
  bool exhaustive = false; // engine=exhaustive instead of LOMA
  unsigned threads = 1;    // designs evaluated at once (0 = all cores)
  /// evaluateDesigns shares each layer's spatial candidates and LOMA
  /// orderings between the designs (SearchReuse.h); the points are the
  /// same without.
  bool reuse = true;
};

/// --zigzag-search-mapping's defaults: criterion latency, lpf-limit 6,
/// uneven temporal mapping, 3 spatial candidates, corrected cost model.
SearchOptions defaultSearchOptions();

struct Point {
  unsigned id = 0;
  bool feasible = false;
  std::string reason; // why not, when infeasible
  double energy = 0, latency = 0, area = 0, edp = 0;
  bool pareto = false;
  /// The design's hardware YAML, relative to the output directory (Pareto
  /// points only).
  std::string hardware;
};

/// The layers of a workload with their duplicates found: `unique[k]` is the
/// index of the first layer with the same shape as layer k.
struct LayerSet {
  std::vector<Workload> layers;
  std::vector<unsigned> unique;
};
LayerSet makeLayerSet(std::vector<Workload> layers);

/// The search work each layer of `layers` shares between designs: one
/// SearchReuse per layer (thread-safe, for as long as `layers` lives
/// unmoved).
using LayerReuse = std::vector<std::unique_ptr<SearchReuse>>;
LayerReuse makeLayerReuse(const LayerSet &layers);

/// Evaluates one design: searches every distinct layer and sums in layer
/// order. Infeasible (with the search's reason) when a layer has no mapping:
/// the first such layer in workload order. `infeasibleHint` (optional, shared
/// between designs) names the layer that failed last; it is searched first
/// and updated, which changes the work but never the point. `reuse`
/// (optional, from makeLayerReuse(layers)) likewise.
Point evaluateDesign(const Design &design, const LayerSet &layers,
                     const ExploreOptions &options,
                     std::atomic<unsigned> *infeasibleHint = nullptr,
                     const LayerReuse *reuse = nullptr);

/// Evaluates `designs` in parallel; `done` is called (serialised, in
/// completion order) for each finished point. Returns the points in the
/// order of `designs`. `reuseStats` (optional) receives how often the
/// layers' shared work was found (options.reuse).
std::vector<Point>
evaluateDesigns(const std::vector<const Design *> &designs,
                const LayerSet &layers, const ExploreOptions &options,
                const std::function<void(const Point &)> &done = nullptr,
                SearchReuse::Stats *reuseStats = nullptr);

/// True when `a` dominates `b`: no worse in energy, latency and area and
/// better in one.
bool dominates(const Point &a, const Point &b);

/// Sets `pareto` on every feasible point no other feasible point dominates
/// (infeasible points are never Pareto).
void markPareto(std::vector<Point> &points);

/// One point as a JSON line / parsed back (the resumable results log).
std::string pointToJSONLine(const Point &point);
llvm::Expected<Point> pointFromJSONLine(llvm::StringRef line);

/// DIR/points.json, DIR/points.csv and DIR/pareto.json for `points` (sorted
/// by id, `pareto` and `hardware` set).
llvm::Error writeResults(llvm::StringRef dir, const std::vector<Point> &points);

} // namespace explore
} // namespace zigzag

#endif // ZIGZAG_EXPLORE_EXPLORE_H
