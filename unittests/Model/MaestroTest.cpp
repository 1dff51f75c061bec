//===- MaestroTest.cpp - MAESTRO analysis against MAESTRO's runs ----------===//
//
// Every run of $ZIGZAG_REFERENCE_DIR/maestro/reference-cases.json (MAESTRO at
// commit 4eb08d1): the layer file text recorded there is parsed and
// analysed; MACs, the 12 tensor counts, the size requirements and the
// utilised PEs must be exact, runtime, total energy and the NoC bandwidths
// within 0.1 %. Plus a three-level dataflow against MAESTRO, the corrected
// mode, the errors, the parser and the dataflow search.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Model/Maestro.h"
#include "zigzag/Import/MaestroDFSL.h"
#include "zigzag/Search/MaestroSearch.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

using namespace zigzag;
using namespace zigzag::maestro;

namespace {

// MAESTRO's hardware (MaestroSearch.h also declares zigzag::Hardware).
using zigzag::maestro::Hardware;

Stats analyzeText(const std::string &text, const Hardware &hw,
                  bool compat = true) {
  SourceError err;
  std::optional<Network> net = parseNetwork(text, err);
  EXPECT_TRUE(net.has_value())
      << err.line << ":" << err.column << ": " << err.message;
  if (!net)
    return {};
  EXPECT_EQ(net->layers.size(), 1u);
  std::string error;
  Options opts;
  opts.compat = compat;
  std::optional<Stats> s = analyzeLayer(net->layers[0].layer, hw, opts, error);
  EXPECT_TRUE(s.has_value()) << error;
  return s.value_or(Stats{});
}

void expectNear(double actual, double expected, const std::string &what) {
  EXPECT_NEAR(actual, expected, 1e-3 * std::max(1.0, std::abs(expected)))
      << what;
}

TEST(MaestroReference, EveryRecordedRun) {
  const char *root = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!root)
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR is not set";
  std::string path = std::string(root) + "/maestro/reference-cases.json";
  auto buffer = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(bool(buffer)) << path;
  llvm::Expected<llvm::json::Value> doc =
      llvm::json::parse((*buffer)->getBuffer());
  ASSERT_TRUE(bool(doc)) << llvm::toString(doc.takeError());
  const llvm::json::Array *cases = doc->getAsObject()->getArray("cases");
  ASSERT_TRUE(cases);
  EXPECT_EQ(cases->size(), 8u);
  for (const llvm::json::Value &cv : *cases) {
    const llvm::json::Object &c = *cv.getAsObject();
    std::string id = c.getString("id")->str();
    SCOPED_TRACE(id);
    const llvm::json::Object &in = *c.getObject("input");
    const llvm::json::Object &hwj = *in.getObject("hw");
    Hardware hw;
    hw.numPEs = *hwj.getInteger("num_pes");
    hw.l1Size = *hwj.getInteger("l1_size_cstr");
    hw.l2Size = *hwj.getInteger("l2_size_cstr");
    hw.nocBandwidth = *hwj.getInteger("noc_bw_cstr");
    hw.offchipBandwidth = *hwj.getInteger("offchip_bw_cstr");
    Stats s = analyzeText(in.getString("single_layer_file_text")->str(), hw);
    const llvm::json::Object &out = *c.getObject("output");
    EXPECT_EQ(s.macs, int64_t(*out.getNumber("num_macs")));
    const llvm::json::Object &tensors = *out.getObject("tensors");
    for (unsigned t = 0; t < kNumTensors; ++t) {
      const llvm::json::Object &tj = *tensors.getObject(tensorName(t));
      std::string name(tensorName(t));
      const TensorStats &ts = s.tensors[t];
      EXPECT_EQ(ts.l2Write, int64_t(*tj.getNumber("L2_write"))) << name;
      EXPECT_EQ(ts.l2Read, int64_t(*tj.getNumber("L2_read"))) << name;
      EXPECT_EQ(ts.l1Write, int64_t(*tj.getNumber("L1_write"))) << name;
      EXPECT_EQ(ts.l1Read, int64_t(*tj.getNumber("L1_read"))) << name;
      EXPECT_EQ(ts.l2SizeReq, int64_t(*tj.getNumber("L2_size_req_elems")))
          << name;
      EXPECT_EQ(ts.l1SizeReq, int64_t(*tj.getNumber("L1_size_req_elems")))
          << name;
      expectNear(ts.reuse, *tj.getNumber("reuse_factor_L1read_over_L1write"),
                 name + " reuse");
    }
    expectNear(double(s.runtimeCycles), *out.getNumber("runtime_cycles"),
               "runtime");
    expectNear(s.energyXMac, *out.getObject("energy_xMAC")->getNumber("total"),
               "energy");
    expectNear(double(s.nocBwPeak),
               *out.getNumber("noc_bw_req_peak_elems_per_cycle"), "peak BW");
    expectNear(s.nocBwAvg, *out.getNumber("noc_bw_req_avg_elems_per_cycle"),
               "avg BW");
    expectNear(s.throughput, *out.getNumber("throughput_macs_per_cycle"),
               "throughput");
    expectNear(s.utilizedPEs, *out.getNumber("avg_utilized_pes"), "PEs");
    expectNear(double(s.offchipBwReq),
               *out.getNumber("offchip_bw_req_elems_per_cycle"), "offchip");
    EXPECT_EQ(s.l2SizeReq, int64_t(*out.getNumber("L2_size_req_total_elems")));
    EXPECT_EQ(s.l1SizeReq, int64_t(*out.getNumber("L1_size_req_total_elems")));
    expectNear(s.compute.avg,
               *out.getObject("computation_delay")->getNumber("avg"),
               "compute delay");
    expectNear(s.ingress.max, *out.getObject("ingress_delay")->getNumber("max"),
               "ingress delay");
  }
}

} // namespace

namespace {

Hardware accelerator1() {
  Hardware hw;
  hw.numPEs = 256;
  hw.l1Size = 100;
  hw.l2Size = 3000;
  hw.nocBandwidth = 1000;
  hw.offchipBandwidth = 50;
  return hw;
}

// MAERI's three-level template (two nested Clusters, two SpatialMaps per
// inner level). The expected numbers are those of MAESTRO at commit 4eb08d1
// run on this machine on the same text and accelerator_1.
constexpr const char *kMaeri = R"(
Network t {
Layer L1 {
Type: CONV
Dimensions { K: 16, C: 8, R: 3, S: 3, Y: 30, X: 30 }
Dataflow {
TemporalMap(1,1) C;
SpatialMap(1,1) K;
TemporalMap(1,1) Y';
TemporalMap(1,1) X';
TemporalMap(Sz(R),Sz(R)) R;
TemporalMap(Sz(S),Sz(S)) S;
Cluster(Sz(R),P);
SpatialMap(1,1) Y;
SpatialMap(1,1) R;
Cluster(Sz(S),P);
SpatialMap(1,1) X;
SpatialMap(1,1) S;
}
}
})";

TEST(Maestro, ThreeLevelsAsMaestro) {
  Stats s = analyzeText(kMaeri, accelerator1());
  EXPECT_EQ(s.numLevels, 3u);
  EXPECT_EQ(s.macs, 903168);
  EXPECT_EQ(s.runtimeCycles, 18817);
  EXPECT_EQ(s.tensors[Input].l2Write, 7200);
  EXPECT_EQ(s.tensors[Input].l2Read, 20160);
  EXPECT_EQ(s.tensors[Input].l1Write, 20160);
  EXPECT_EQ(s.tensors[Filter].l2Write, 1152);
  EXPECT_EQ(s.tensors[Filter].l2Read, 1089);
  EXPECT_EQ(s.tensors[Output].l2Write, 94080);
  EXPECT_EQ(s.tensors[Output].l2Read, 12544);
  EXPECT_EQ(s.tensors[Output].l1Write, 903168);
  for (unsigned t = 0; t < kNumTensors; ++t)
    EXPECT_EQ(s.tensors[t].l1Read, 903168);
  EXPECT_EQ(s.l2SizeReq, 336);
  EXPECT_EQ(s.l1SizeReq, 6);
  EXPECT_EQ(s.nocBwPeak, 51);
  expectNear(s.nocBwAvg, 5.05533, "avg BW");
  expectNear(s.energyXMac, 9.5433e+06, "energy");
  expectNear(s.utilizedPEs, 144, "PEs");
}

TEST(Maestro, CompatFalseCorrectsUndercounts) {
  // MAESTRO reads 1089 of the 1152 filter elements from L2 here.
  Stats s = analyzeText(kMaeri, accelerator1(), /*compat=*/false);
  EXPECT_EQ(s.macs, 16 * 8 * 9 * 28 * 28);
  EXPECT_EQ(s.tensors[Filter].l2Read, 1152);
  EXPECT_EQ(s.tensors[Filter].l1Write, 1152);
  EXPECT_EQ(s.tensors[Output].l2Read, 16 * 28 * 28);
  EXPECT_EQ(s.runtimeCycles, 18817);
}

TEST(Maestro, UnevaluableDataflowsAreErrors) {
  SourceError err;
  std::optional<Network> net = parseNetwork(kMaeri, err);
  ASSERT_TRUE(net);
  Layer layer = net->layers[0].layer;
  std::string error;
  Hardware small = accelerator1();
  small.numPEs = 4; // fewer than the 3 x 3 PEs of a cluster
  EXPECT_FALSE(analyzeLayer(layer, small, Options{}, error));
  EXPECT_EQ(error, "the Cluster sizes need more PEs than the hardware has");

  Layer noSpatial = layer;
  noSpatial.dataflow = {{DirectiveKind::TemporalMap, 1, 1, Dim::K}};
  EXPECT_FALSE(analyzeLayer(noSpatial, accelerator1(), Options{}, error));
  EXPECT_EQ(error, "a cluster level has no SpatialMap");

  Layer threeSpatial = layer;
  threeSpatial.dataflow = {{DirectiveKind::SpatialMap, 1, 1, Dim::K},
                           {DirectiveKind::SpatialMap, 1, 1, Dim::C},
                           {DirectiveKind::SpatialMap, 1, 1, Dim::R}};
  EXPECT_FALSE(analyzeLayer(threeSpatial, accelerator1(), Options{}, error));
  EXPECT_EQ(error, "a cluster level has more than two SpatialMaps");

  Layer gemmDim = layer;
  gemmDim.dataflow = {{DirectiveKind::SpatialMap, 1, 1, Dim::M}};
  EXPECT_FALSE(analyzeLayer(gemmDim, accelerator1(), Options{}, error));
  EXPECT_EQ(error, "dimension M is not defined");

  Layer zero = layer;
  zero.dataflow[0].size = 0;
  EXPECT_FALSE(analyzeLayer(zero, accelerator1(), Options{}, error));
  EXPECT_EQ(error, "directive TemporalMap(0,1) C has a non-positive size or "
                   "offset");
}

TEST(MaestroDFSL, PrintParsesBack) {
  SourceError err;
  std::optional<Network> net = parseNetwork(kMaeri, err);
  ASSERT_TRUE(net);
  std::string text = printNetwork(*net);
  std::optional<Network> again = parseNetwork(text, err);
  ASSERT_TRUE(again) << err.message << "\n" << text;
  ASSERT_EQ(again->layers.size(), 1u);
  const Layer &a = net->layers[0].layer, &b = again->layers[0].layer;
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.dataflow, b.dataflow);
  ASSERT_EQ(a.dims.size(), b.dims.size());
  for (size_t i = 0; i < a.dims.size(); ++i)
    EXPECT_EQ(a.dims[i].size, b.dims[i].size);
}

TEST(MaestroDFSL, LocatedErrors) {
  struct Case {
    const char *text;
    unsigned line, column;
    const char *message;
  } cases[] = {
      {"Network n {\n Layer A {\n  Type: POOL\n }\n}", 3, 9,
       "unsupported layer type 'POOL' (supported: CONV, DSCONV, GEMM)"},
      {"Network n {\n Layer A {\n  Type: CONV\n  Dimensions { K: 0 }\n }\n}", 4,
       19, "size must be a positive integer, found 0"},
      {"Network n {\n Layer A {\n  Type: GEMM\n  Dimensions { M: 2, Y: 3 }\n "
       "}\n}",
       4, 22, "unknown dimension 'Y' for a GEMM (M, N, K) layer"},
      {"Constant A x;", 1, 12, "constant value must be an integer, found 'x'"},
      {"Network n {\n Layer A {", 2, 1,
       "unexpected end of file, expected '}' closing the layer"},
      {"Layer A {}", 1, 1, "expected 'Network' or 'Constant', found 'Layer'"},
  };
  for (const Case &c : cases) {
    SourceError err;
    EXPECT_FALSE(parseNetwork(c.text, err)) << c.text;
    EXPECT_EQ(err.line, c.line) << c.text;
    EXPECT_EQ(err.column, c.column) << c.text;
    EXPECT_EQ(err.message, c.message) << c.text;
  }
  SourceError err;
  EXPECT_FALSE(parseHardware("num_pes: 4\nnoc_bw: 3\n", err));
  EXPECT_EQ(err.line, 2u);
  EXPECT_EQ(err.column, 1u);
  EXPECT_FALSE(parseHardware("l1_size_cstr: 4\n", err = {}));
  EXPECT_EQ(err.message, "the hardware file has no num_pes");
}

} // namespace

namespace {

TEST(MaestroSearch, NeverWorseThanItsSeeds) {
  SourceError err;
  std::optional<Network> net = parseNetwork(kMaeri, err);
  ASSERT_TRUE(net);
  const Layer &layer = net->layers[0].layer;
  std::string error;
  std::optional<Stats> seed = analyzeLayer(layer, accelerator1(), {}, error);
  ASSERT_TRUE(seed);
  for (Objective o : {Objective::Runtime, Objective::Energy, Objective::EDP}) {
    std::optional<SearchResult> r =
        searchDataflow(layer, accelerator1(), {}, o, {layer.dataflow});
    ASSERT_TRUE(r);
    EXPECT_GT(r->evaluated, 1);
    EXPECT_LE(objectiveValue(r->stats, o), objectiveValue(*seed, o));
    // The reported statistics are those of the returned dataflow.
    Layer best = layer;
    best.dataflow = r->dataflow;
    std::optional<Stats> again = analyzeLayer(best, accelerator1(), {}, error);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->runtimeCycles, r->stats.runtimeCycles);
    EXPECT_EQ(again->macs, 903168);
  }
  // MAERI's three levels are slow on this layer: the search finds a
  // dataflow at least twice as fast.
  std::optional<SearchResult> r = searchDataflow(
      layer, accelerator1(), {}, Objective::Runtime, {layer.dataflow});
  EXPECT_LT(2 * r->stats.runtimeCycles, seed->runtimeCycles);
  EXPECT_EQ(r->seed, -1);
  EXPECT_FALSE(parseObjective("latency"));
}

} // namespace
