//===- DepthFirstBench.cpp - Depth-first schedule evaluation --------------===//
//
// A chain of three 3x3 convs (16 -> 32 -> 32 -> 32 channels, 64x64 output) on
// tpu_like, one thread. BM_DepthFirstSchedule evaluates one schedule from a
// cold memo (items = single-layer searches run); BM_DepthFirstSweep runs
// searchDepthFirst, the search --zigzag-depth-first="search=true" runs, over
// the 27 schedules of 3 modes x tiles {4, 16, 64}^2 (one shared memo, no
// layer-by-layer reference; items = schedules).
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/DepthFirstSearch.h"

#include "CostModelFixtures.h"
#include "DepthFirstFixtures.h"

#include <benchmark/benchmark.h>

using namespace zigzag;
using namespace zigzag::testing;

static DfOptions oneThread() {
  DfOptions opts;
  opts.search.criterion = SearchCriterion::Energy;
  opts.threads = 1;
  return opts;
}

static void BM_DepthFirstSchedule(benchmark::State &state) {
  DfNetwork net = convChain(16, 32, 64, 64, 3);
  Hardware hw = tpuLikeHardware();
  DfSchedule schedule;
  schedule.tileX = schedule.tileY = state.range(0);
  schedule.mode = static_cast<OverlapMode>(state.range(1));
  DfOptions opts = oneThread();
  uint64_t searches = 0;
  for (auto _ : state) {
    DfSearchCache cache;
    DfResult r = evaluateDepthFirst(net, hw, schedule, opts, &cache);
    if (!r.ok)
      state.SkipWithError(r.error.c_str());
    searches += r.searches;
    benchmark::DoNotOptimize(r.energy);
  }
  state.SetItemsProcessed(static_cast<int64_t>(searches));
}
BENCHMARK(BM_DepthFirstSchedule)
    ->ArgsProduct({{4, 16, 64},
                   {static_cast<int64_t>(OverlapMode::FullyRecompute),
                    static_cast<int64_t>(OverlapMode::FullyCached)}})
    ->ArgNames({"tile", "mode"})
    ->Unit(benchmark::kMillisecond);

static void BM_DepthFirstSweep(benchmark::State &state) {
  DfNetwork net = convChain(16, 32, 64, 64, 3);
  Hardware hw = tpuLikeHardware();
  DfOptions opts = oneThread();
  DfSearchSpace space;
  space.formations.emplace_back(); // DeFiNES's automatic cut
  space.search = true;
  space.tileXCandidates = space.tileYCandidates = {4, 16, 64};
  space.layerByLayerReference = false;
  int64_t schedules = 0;
  for (auto _ : state) {
    DfSearchResult r = searchDepthFirst(net, hw, space, opts);
    if (!r.ok)
      state.SkipWithError(r.error.c_str());
    schedules += static_cast<int64_t>(r.schedules.size());
    benchmark::DoNotOptimize(r.best.energy);
  }
  state.SetItemsProcessed(schedules);
}
BENCHMARK(BM_DepthFirstSweep)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
