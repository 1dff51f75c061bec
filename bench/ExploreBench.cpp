//===- ExploreBench.cpp - Design-space generation and evaluation speed ----===//
//
// Designs enumerated per second (a case-study-sized space) and designs
// evaluated per second on a few ResNet-like conv layers with LOMA
// (docs/performance.md, docs/Explore.md).
//
//===----------------------------------------------------------------------===//

#include "zigzag/Explore/Explore.h"

#include "CostModelFixtures.h"

#include "llvm/Support/MemoryBuffer.h"

#include <benchmark/benchmark.h>

using namespace zigzag;
using namespace zigzag::explore;
using zigzag::testing::convWorkload;

namespace {

/// The case study's shape (docs/Explore.md) with fixed costs instead of the
/// CACTI table, so the benchmark needs no reference data.
const char *kSpace = R"(
pe_arrays:
  - {dimensions: [D1, D2], sizes: [16, 16]}
mac: {energy: 0.2, area: 0.0004}
memory_pool:
  - {name: reg2B, size: 16, bandwidth: 16, r_cost: 0.13, w_cost: 0.13, area: 0.0001}
  - {name: reg32B, size: 256, bandwidth: 16, r_cost: 0.3, w_cost: 0.3, area: 0.0017}
  - {name: reg128B, size: 1024, bandwidth: 16, r_cost: 0.6, w_cost: 0.6, area: 0.0067}
  - {name: l1_8KB, size: 65536, bandwidth: 128, r_cost: 16.7, w_cost: 30, area: 0.14}
  - {name: l1_32KB, size: 262144, bandwidth: 128, r_cost: 43, w_cost: 59, area: 0.47}
  - {name: l2_512KB, size: 4194304, bandwidth: 256, r_cost: 361, w_cost: 347, area: 8.6}
  - {name: l2_2MB, size: 16777216, bandwidth: 256, r_cost: 831, w_cost: 805, area: 30.6}
  - {name: dram, size: 1e10, bandwidth: 64, r_cost: 700, w_cost: 750, area: 0, mem_type: dram}
levels:
  - {name: reg, memories: [reg2B, reg32B, reg128B], sharing: [separate]}
  - name: L1
    memories: [l1_8KB, l1_32KB]
    sharing: [separate, [[I1, I2], [O]], shared]
    bypass: true
    served_dimensions: [D1, D2]
  - name: L2
    memories: [l2_512KB, l2_2MB]
    bypass: true
    served_dimensions: [D1, D2]
  - {name: dram, memories: [dram], served_dimensions: [D1, D2]}
)";

DesignSpace space() {
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(kSpace, "space.yaml"),
      llvm::SMLoc());
  return *parseDesignSpace(sourceMgr, 1);
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

/// Every 64th design of the space on three ResNet-18 conv shapes.
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
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

BENCHMARK_MAIN();
