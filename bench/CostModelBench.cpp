//===- CostModelBench.cpp - Cost model evaluations per second -------------===//
//
// Single evaluations of the worked examples (docs/CostModel.md): the spatial
// part is cached, as in a temporal-mapping search. items_per_second is the
// number of evaluations per second on one core.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Model/CostModel.h"

#include "CostModelFixtures.h"

#include <benchmark/benchmark.h>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

struct Case {
  Workload workload;
  Hardware hardware;
  Mapping mapping;
};

} // namespace

static Case convCase() {
  Case c{convWorkload(64, 64, 56, 56, 3, 3, 1), tpuLikeHardware(), {}};
  c.mapping = makeMapping(
      c.workload, {{{"K", 32}}, {{"C", 32}}},
      {{"C", 2}, {"FY", 3}, {"FX", 3}, {"OY", 56}, {"OX", 56}, {"K", 2}},
      {6, 0}, {6, 0}, {3, 3, 0});
  return c;
}

/// K = 1000 over 32: fractional and integer mappings differ (two passes).
static Case fcCase() {
  Case c{convWorkload(1000, 512, 1, 1, 1, 1, 1), tpuLikeHardware(), {}};
  c.mapping =
      makeMapping(c.workload, {{{"K", 32}}, {{"C", 32}}},
                  {{"C", 2}, {"C", 4}, {"C", 2}, {"K", 4}, {"K", 4}, {"K", 2}},
                  {6, 0}, {4, 2}, {3, 3, 0});
  return c;
}

static Case gemmCase() {
  Case c{gemmWorkload(), gemmL1L3Hardware(), {}};
  c.mapping = makeMapping(
      c.workload, {{{"D0", 8}}, {{"D2", 8}}, {{"D1", 8}}},
      {{"D1", 4}, {"D2", 4}, {"D0", 4}, {"D2", 4}, {"D1", 4}, {"D0", 4}},
      {6, 0}, {6, 0}, {0, 6, 0});
  return c;
}

static void runEvaluate(benchmark::State &state, const Case &c, bool compat) {
  CostModelOptions opts;
  opts.zigzagCompat = compat;
  CostModel model(c.workload, c.hardware, opts);
  Cost cost;
  model.evaluate(c.mapping, cost);
  for (auto _ : state) {
    model.evaluate(c.mapping, cost);
    benchmark::DoNotOptimize(cost.latency);
  }
  state.SetItemsProcessed(state.iterations());
}

static void BM_EvaluateConvTpuLike(benchmark::State &state) {
  runEvaluate(state, convCase(), true);
}
static void BM_EvaluateConvTpuLikeCorrected(benchmark::State &state) {
  runEvaluate(state, convCase(), false);
}
static void BM_EvaluateFcFractional(benchmark::State &state) {
  runEvaluate(state, fcCase(), true);
}
/// The corrected model counts its spatial remainder (the last K iteration
/// runs 8 of 32 lanes) tile by tile and per memory instance.
static void BM_EvaluateFcSpatialRemainder(benchmark::State &state) {
  runEvaluate(state, fcCase(), false);
}
static void BM_EvaluateGemmL1L3(benchmark::State &state) {
  runEvaluate(state, gemmCase(), true);
}

/// Changing the spatial mapping: conversion, per-level unrolling, unit
/// counts (allocates; once per spatial candidate).
static void BM_SetSpatialConv(benchmark::State &state) {
  Case c = convCase();
  CostModel model(c.workload, c.hardware);
  for (auto _ : state)
    model.setSpatial(c.mapping.spatial);
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_EvaluateConvTpuLike);
BENCHMARK(BM_EvaluateConvTpuLikeCorrected);
BENCHMARK(BM_EvaluateFcFractional);
BENCHMARK(BM_EvaluateFcSpatialRemainder);
BENCHMARK(BM_EvaluateGemmL1L3);
BENCHMARK(BM_SetSpatialConv);

BENCHMARK_MAIN();
