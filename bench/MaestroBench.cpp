//===- MaestroBench.cpp - MAESTRO analysis speed
//---------------------------===//
//
// One layer evaluation (ResNet-50 CONV2_1_1 under kcp_ws, VGG-16 CONV2 under
// ckp_ws, on MAESTRO's accelerator_1) and the whole Resnet50_kcp_ws.m
// network parsed and analysed ($ZIGZAG_REFERENCE_DIR; skipped without it).
// MAESTRO itself takes about 1 ms per layer at -O2 (docs/performance.md).
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/MaestroDFSL.h"
#include "zigzag/Model/Maestro.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace zigzag::maestro;

static Hardware accelerator1() {
  Hardware hw;
  hw.numPEs = 256;
  hw.l1Size = 100;
  hw.l2Size = 3000;
  hw.nocBandwidth = 1000;
  hw.offchipBandwidth = 50;
  return hw;
}

constexpr const char *kResnetConv211 = R"(
Network Resnet50 {
Layer CONV2_1_1 {
  Type: CONV
  Dimensions { K: 64, C: 64, R: 1, S: 1, Y: 56, X: 56 }
  Dataflow {
    SpatialMap(1,1) K;
    TemporalMap(64,64) C;
    TemporalMap(Sz(R),Sz(R)) R;
    TemporalMap(Sz(S),Sz(S)) S;
    TemporalMap(Sz(R),1) Y;
    TemporalMap(Sz(S),1) X;
    Cluster(64, P);
    SpatialMap(1,1) C;
    TemporalMap(Sz(R),1) Y;
    TemporalMap(Sz(S),1) X;
    TemporalMap(Sz(R),Sz(R)) R;
    TemporalMap(Sz(S),Sz(S)) S;
  }
}
})";

constexpr const char *kVggConv2 = R"(
Network vgg16 {
Layer CONV2 {
  Type: CONV
  Dimensions { K 64, C 64, R 3, S 3, Y 224, X 224 }
  Dataflow {
    SpatialMap(1,1) C;
    TemporalMap(64,64) K;
    TemporalMap(3,3) R;
    TemporalMap(3,3) S;
    TemporalMap(1,1) Y';
    TemporalMap(1,1) X';
    Cluster(64, P);
    SpatialMap(1,1) K;
    TemporalMap(3,3) R;
    TemporalMap(3,3) S;
  }
}
})";

static void runLayer(benchmark::State &state, const char *text) {
  SourceError err;
  std::optional<Network> net = parseNetwork(text, err);
  if (!net) {
    state.SkipWithError(err.message.c_str());
    return;
  }
  Hardware hw = accelerator1();
  Options opts;
  std::string error;
  for (auto _ : state) {
    std::optional<Stats> s =
        analyzeLayer(net->layers[0].layer, hw, opts, error);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}

static void BM_MaestroLayerResnetConv2_1_1(benchmark::State &state) {
  runLayer(state, kResnetConv211);
}
BENCHMARK(BM_MaestroLayerResnetConv2_1_1);

static void BM_MaestroLayerVggConv2(benchmark::State &state) {
  runLayer(state, kVggConv2);
}
BENCHMARK(BM_MaestroLayerVggConv2);

/// Parse and analyse every layer of a shipped network file.
static void BM_MaestroNetwork(benchmark::State &state, const char *file) {
  const char *root = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!root) {
    state.SkipWithError("ZIGZAG_REFERENCE_DIR is not set");
    return;
  }
  std::ifstream in(std::string(root) + "/maestro-inputs/mapping/" + file);
  std::stringstream text;
  text << in.rdbuf();
  Hardware hw = accelerator1();
  Options opts;
  std::string error;
  size_t layers = 0;
  for (auto _ : state) {
    SourceError err;
    std::optional<Network> net = parseNetwork(text.str(), err);
    if (!net) {
      state.SkipWithError(err.message.c_str());
      return;
    }
    for (const ParsedLayer &l : net->layers) {
      std::optional<Stats> s = analyzeLayer(l.layer, hw, opts, error);
      benchmark::DoNotOptimize(s);
    }
    layers = net->layers.size();
  }
  state.counters["layers"] = static_cast<double>(layers);
  state.SetItemsProcessed(state.iterations() * layers);
}
BENCHMARK_CAPTURE(BM_MaestroNetwork, Resnet50_kcp_ws, "Resnet50_kcp_ws.m")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MaestroNetwork, MobileNetV2_yxp_os, "MobileNetV2_yxp_os.m")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MaestroNetwork, vgg16_ckp_ws, "vgg16_ckp_ws.m")
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
