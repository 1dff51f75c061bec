//===- MaestroTest.cpp - MAESTRO analysis against MAESTRO's runs ----------===//
//
// Every run of $ZIGZAG_REFERENCE_DIR/maestro/reference-cases.json (MAESTRO at
// commit 4eb08d1): the layer file text recorded there is parsed and
// analysed; MACs, the 12 tensor counts, the size requirements and the
// utilised PEs must be exact, runtime, total energy and the NoC bandwidths
// within 0.1 %. Plus hand-checked small cases and the parser's errors.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/MaestroDFSL.h"
#include "zigzag/Model/Maestro.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

using namespace zigzag;
using namespace zigzag::maestro;

namespace {

Stats analyzeText(const std::string &text, const Hardware &hw,
                  bool compat = true) {
  SourceError err;
  std::optional<Network> net = parseNetwork(text, err);
  EXPECT_TRUE(net.has_value()) << err.line << ":" << err.column << ": "
                               << err.message;
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
    expectNear(s.compute.avg, *out.getObject("computation_delay")->getNumber("avg"),
               "compute delay");
    expectNear(s.ingress.max, *out.getObject("ingress_delay")->getNumber("max"),
               "ingress delay");
  }
}

} // namespace
