//===- SearchBench.cpp - Mapping searches of one layer --------------------===//
//
// One 3x3 conv of ResNet-18 (K64 C64 56x56) on tpu_like with the tpu_like
// spatial mapping (K32 x C32): ZigZag's LOMA search, and the exhaustive
// engine proving the energy optimum or running a latency search under a node
// budget. items_per_second counts complete mappings (LOMA) or partial
// mappings bounded (exhaustive) per second on one core.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/Exhaustive.h"
#include "zigzag/Search/Search.h"

#include "CostModelFixtures.h"

#include <benchmark/benchmark.h>

using namespace zigzag;
using namespace zigzag::testing;

static MappingSpecEntry tpuDefault() {
  MappingSpecEntry entry;
  entry.name = "default";
  entry.hasSpatialMapping = true;
  entry.spatialMapping = {{"D1", {{"K", 32}}}, {"D2", {{"C", 32}}}};
  return entry;
}

static void BM_LomaConvTpuLike(benchmark::State &state) {
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  Hardware hw = tpuLikeHardware();
  MappingSpecEntry entry = tpuDefault();
  uint64_t evaluated = 0;
  for (auto _ : state) {
    SearchResult r = searchLayer(w, hw, &entry, SearchOptions());
    evaluated += r.evaluated;
    benchmark::DoNotOptimize(r.cost.latency);
  }
  state.SetItemsProcessed(static_cast<int64_t>(evaluated));
}
BENCHMARK(BM_LomaConvTpuLike)->Unit(benchmark::kMillisecond);

static void exhaustive(benchmark::State &state, SearchCriterion criterion,
                       uint64_t maxNodes) {
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  Hardware hw = tpuLikeHardware();
  MappingSpecEntry entry = tpuDefault();
  SearchOptions options;
  options.criterion = criterion;
  ExhaustiveOptions budget;
  budget.maxNodes = maxNodes;
  uint64_t nodes = 0;
  bool optimal = true;
  for (auto _ : state) {
    ExhaustiveStats stats;
    SearchResult r =
        searchLayerExhaustive(w, hw, &entry, options, budget, &stats);
    nodes += stats.nodes;
    optimal &= stats.optimal;
    benchmark::DoNotOptimize(r.cost.energy);
  }
  state.SetItemsProcessed(static_cast<int64_t>(nodes));
  state.counters["optimal"] = optimal;
}

/// Proves the energy optimum (8% below LOMA's).
static void BM_ExhaustiveConvEnergy(benchmark::State &state) {
  exhaustive(state, SearchCriterion::Energy, 0);
}
BENCHMARK(BM_ExhaustiveConvEnergy)->Unit(benchmark::kMillisecond);

/// Latency first, 200 000 partial mappings.
static void BM_ExhaustiveConvLatencyBudget(benchmark::State &state) {
  exhaustive(state, SearchCriterion::Latency, 200000);
}
BENCHMARK(BM_ExhaustiveConvLatencyBudget)->Unit(benchmark::kMillisecond);

/// Latency first under growing node budgets (one core) on a 3x3 conv K256
/// C256 14x14, whose proof takes more than 2e7 nodes: the rate must not fall
/// as the budget, hence the frontier of open subtrees, grows.
/// `nodes_per_second` is items_per_second; `stopped` says the budget ended
/// the search (else it proved the optimum before).
static void BM_ExhaustiveNodesPerBudget(benchmark::State &state) {
  Workload w = convWorkload(256, 256, 14, 14, 3, 3, 1);
  Hardware hw = tpuLikeHardware();
  MappingSpecEntry entry = tpuDefault();
  SearchOptions options;
  options.criterion = SearchCriterion::Latency;
  ExhaustiveOptions budget;
  budget.maxNodes = static_cast<uint64_t>(state.range(0));
  uint64_t nodes = 0;
  bool stopped = false;
  for (auto _ : state) {
    ExhaustiveStats stats;
    SearchResult r =
        searchLayerExhaustive(w, hw, &entry, options, budget, &stats);
    nodes += stats.nodes;
    stopped |= !stats.stoppedBy.empty();
    benchmark::DoNotOptimize(r.cost.latency);
  }
  state.SetItemsProcessed(static_cast<int64_t>(nodes));
  state.counters["stopped"] = stopped;
}
BENCHMARK(BM_ExhaustiveNodesPerBudget)
    ->Arg(200000)
    ->Arg(2000000)
    ->Arg(20000000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

/// The bound tables of one spatial mapping (every sub-multiset of the
/// temporal prime factors, and the inner dynamic programme).
static void BM_ExhaustiveBoundTables(benchmark::State &state) {
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  Hardware hw = tpuLikeHardware();
  unsigned k = static_cast<unsigned>(w.findLoop("K"));
  unsigned c = static_cast<unsigned>(w.findLoop("C"));
  std::vector<std::vector<LoopFactor>> spatial = {{{k, 32}}, {{c, 32}}};
  std::vector<LoopFactor> loops;
  for (const char *name : {"K", "C", "FX", "FY"})
    loops.push_back(
        {static_cast<unsigned>(w.findLoop(name)), name[0] == 'F' ? 3 : 2});
  for (const char *name : {"OX", "OY"})
    for (int64_t f : {2, 2, 2, 7})
      loops.push_back({static_cast<unsigned>(w.findLoop(name)), f});
  ExhaustiveBound bound(w, hw);
  for (auto _ : state) {
    bound.setSpatial(spatial, loops);
    benchmark::DoNotOptimize(bound.hasTable());
  }
}
BENCHMARK(BM_ExhaustiveBoundTables)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
