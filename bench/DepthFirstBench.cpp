//===- DepthFirstBench.cpp - Depth-first schedule evaluation --------------===//
//
// A chain of three 3x3 convs (16 -> 32 -> 32 -> 32 channels, 64x64 output) on
// tpu_like, one thread. BM_DepthFirstSchedule evaluates one schedule from a
// cold memo (items = single-layer searches run); BM_DepthFirstSweep evaluates
// the 27 schedules of 3 modes x tiles {4, 16, 64}^2 through one shared memo,
// as --zigzag-depth-first="search=true" does (items = schedules).
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/DepthFirst.h"

#include "CostModelFixtures.h"
#include "DepthFirstFixtures.h"

#include <benchmark/benchmark.h>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

DfOptions oneThread() {
  DfOptions opts;
  opts.search.criterion = SearchCriterion::Energy;
  opts.threads = 1;
  return opts;
}

void BM_DepthFirstSchedule(benchmark::State &state) {
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

void BM_DepthFirstSweep(benchmark::State &state) {
  DfNetwork net = convChain(16, 32, 64, 64, 3);
  Hardware hw = tpuLikeHardware();
  DfOptions opts = oneThread();
  const int64_t tiles[] = {4, 16, 64};
  const OverlapMode modes[] = {OverlapMode::FullyRecompute,
                               OverlapMode::HCachedVRecompute,
                               OverlapMode::FullyCached};
  int64_t schedules = 0;
  for (auto _ : state) {
    DfSearchCache cache;
    double best = 0;
    for (OverlapMode mode : modes)
      for (int64_t x : tiles)
        for (int64_t y : tiles) {
          DfSchedule schedule;
          schedule.tileX = x;
          schedule.tileY = y;
          schedule.mode = mode;
          DfResult r = evaluateDepthFirst(net, hw, schedule, opts, &cache);
          if (!r.ok)
            state.SkipWithError(r.error.c_str());
          best = best == 0 ? r.energy : std::min(best, r.energy);
          ++schedules;
        }
    benchmark::DoNotOptimize(best);
  }
  state.SetItemsProcessed(schedules);
}
BENCHMARK(BM_DepthFirstSweep)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
