//===- ExploreBench.cpp - Design-space generation and evaluation speed ----===//
//
// Designs enumerated per second (a case-study-sized space) and designs
// evaluated per second on a few ResNet-like conv layers with LOMA
// (docs/performance.md, docs/Explore.md).
//
//===----------------------------------------------------------------------===//

#include "zigzag/Explore/Explore.h"

#include "CostModelFixtures.h"
#include "ExploreFixtures.h"

#include "llvm/Support/ErrorHandling.h"

#include <benchmark/benchmark.h>

using namespace zigzag;
using namespace zigzag::explore;
using zigzag::testing::convWorkload;

namespace {

DesignSpace space() {
  std::string errors;
  std::optional<DesignSpace> s = zigzag::testing::parseSpaceText(
      zigzag::testing::kCaseStudyShapedSpace, &errors);
  if (!s)
    llvm::report_fatal_error(llvm::Twine("bad bench space: ") + errors);
  return std::move(*s);
}

void BM_EnumerateCaseStudy(benchmark::State &state) {
  DesignSpace s = space();
  size_t designs = 0;
  for (auto _ : state) {
    std::vector<Design> all = enumerateDesigns(s);
    designs += all.size();
    benchmark::DoNotOptimize(all.data());
  }
  state.counters["designs/s"] =
      benchmark::Counter(double(designs), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EnumerateCaseStudy)->Unit(benchmark::kMillisecond);

/// Every 64th design of the space on three ResNet-18 conv shapes; arguments:
/// threads, and whether the designs share spatial candidates and orderings.
void BM_EvaluateDesigns(benchmark::State &state) {
  DesignSpace s = space();
  std::vector<Design> all = enumerateDesigns(s);
  std::vector<const Design *> sample;
  for (unsigned i = 0; i < all.size(); i += 64)
    sample.push_back(&all[i]);
  LayerSet layers = makeLayerSet({convWorkload(64, 64, 56, 56, 3, 3, 1),
                                  convWorkload(128, 128, 28, 28, 3, 3, 1),
                                  convWorkload(512, 512, 7, 7, 3, 3, 1)});
  ExploreOptions options;
  options.search = defaultSearchOptions();
  options.threads = state.range(0);
  options.reuse = state.range(1) != 0;
  size_t designs = 0;
  for (auto _ : state) {
    std::vector<Point> points = evaluateDesigns(sample, layers, options);
    designs += points.size();
    benchmark::DoNotOptimize(points.data());
  }
  state.counters["designs/s"] =
      benchmark::Counter(double(designs), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EvaluateDesigns)
    ->Args({1, 0})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

BENCHMARK_MAIN();
