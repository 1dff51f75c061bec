//===- CostModelAllocationTest.cpp - evaluate() must not allocate ---------===//
//
// Its own binary: it replaces the global operator new to count allocations.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Model/CostModel.h"

#include "CostModelFixtures.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

static std::atomic<size_t> allocationCount{0};

void *operator new(std::size_t size) {
  ++allocationCount;
  if (void *p = std::malloc(size ? size : 1))
    return p;
  std::abort(); // built without exceptions
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

using namespace zigzag;
using namespace zigzag::testing;

namespace {

TEST(CostModelAllocationTest, EvaluateDoesNotAllocate) {
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  Hardware hw = tpuLikeHardware();
  Mapping m = makeMapping(
      w, {{{"K", 32}}, {{"C", 32}}},
      {{"C", 2}, {"FY", 3}, {"FX", 3}, {"OY", 56}, {"OX", 56}, {"K", 2}},
      {6, 0}, {6, 0}, {3, 3, 0});
  for (bool compat : {true, false}) {
    CostModelOptions opts;
    opts.zigzagCompat = compat;
    CostModel model(w, hw, opts);
    auto cost = std::make_unique<Cost>();
    model.evaluate(m, *cost); // the first call caches the spatial part
    size_t before = allocationCount.load();
    for (int k = 0; k < 100; ++k) {
      model.evaluate(m, *cost);
      model.evaluateTemporal(m, *cost);
    }
    EXPECT_EQ(allocationCount.load(), before);
    EXPECT_GT(cost->latency, 112896);
  }
}

/// Evaluates `m` in the corrected model once (sizing the scratch), then 100
/// times more, and returns the cost; the repeated evaluations must not
/// allocate.
std::unique_ptr<Cost> evaluateWithoutAllocating(const Workload &w,
                                                const Hardware &hw,
                                                const Mapping &m) {
  CostModelOptions opts;
  opts.zigzagCompat = false;
  CostModel model(w, hw, opts);
  auto cost = std::make_unique<Cost>();
  model.evaluate(m, *cost);
  size_t before = allocationCount.load();
  for (int k = 0; k < 100; ++k)
    model.evaluate(m, *cost);
  EXPECT_EQ(allocationCount.load(), before);
  return cost;
}

TEST(CostModelAllocationTest, ImperfectEvaluateDoesNotAllocate) {
  // OY = 56 as [OY 5, OY 12] (60 > 56): the exact count of the partial
  // tiles sizes its scratch on the first imperfect evaluation only; with
  // K = 60 over 32 lanes (32 + 28) the lanes are counted per memory
  // instance in the same scratch.
  for (int64_t k : {64, 60}) {
    Workload w = convWorkload(k, 64, 56, 56, 3, 3, 1);
    Mapping m = makeMapping(w, {{{"K", 32}}, {{"C", 32}}},
                            {{"C", 2},
                             {"FY", 3},
                             {"FX", 3},
                             {"OY", 5},
                             {"OX", 56},
                             {"K", 2},
                             {"OY", 12}},
                            {7, 0}, {7, 0}, {3, 4, 0});
    auto cost = evaluateWithoutAllocating(w, tpuLikeHardware(), m);
    EXPECT_EQ(cost->idealTemporalCycle, 2 * 3 * 3 * 56 * 56 * 2) << k;
  }
}

TEST(CostModelAllocationTest, SpatialRemainderEvaluateDoesNotAllocate) {
  // K = 60 over 32 lanes (32 + 28): the corrected model counts the lanes
  // per tile and memory instance in the same scratch.
  Workload w = convWorkload(60, 64, 56, 56, 3, 3, 1);
  Mapping m = makeMapping(
      w, {{{"K", 32}}, {{"C", 32}}},
      {{"C", 2}, {"FY", 3}, {"FX", 3}, {"OY", 56}, {"OX", 56}, {"K", 2}},
      {6, 0}, {6, 0}, {3, 3, 0});
  auto cost = evaluateWithoutAllocating(w, tpuLikeHardware(), m);
  EXPECT_EQ(cost->idealTemporalCycle, 2 * 3 * 3 * 56 * 56 * 2);
}

} // namespace
