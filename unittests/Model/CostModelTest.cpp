//===- CostModelTest.cpp - ZigZag cost model unit tests -------------------===//
//
// The worked examples of the cost-model specification (gemm_l1, gemm_l1_l3,
// a 3x3 conv on tpu_like) with their intermediate terms, the corrected
// (zigzagCompat = false) behaviour and check() diagnostics. Every layer of
// ZigZag's reference runs: unittests/Integration/ReferenceResultsTest.cpp.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Model/CostModel.h"

#include "CostModelFixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

constexpr unsigned kFH = static_cast<unsigned>(Direction::FromHigh);
constexpr unsigned kTL = static_cast<unsigned>(Direction::ToLow);
constexpr unsigned kFL = static_cast<unsigned>(Direction::FromLow);
constexpr unsigned kTH = static_cast<unsigned>(Direction::ToHigh);

void expectNear(double actual, double expected, const std::string &what) {
  double tol = 1e-6 * std::max(1.0, std::abs(expected));
  EXPECT_NEAR(actual, expected, tol) << what;
}

#define EXPECT_REL(actual, expected) expectNear(actual, expected, #actual)

/// Accesses (tl, fl, th, fh) of one operand level.
void expectAccesses(const OperandLevelCost &level, double tl, double fl,
                    double th, double fh) {
  EXPECT_REL(level.accesses[kTL], tl);
  EXPECT_REL(level.accesses[kFL], fl);
  EXPECT_REL(level.accesses[kTH], th);
  EXPECT_REL(level.accesses[kFH], fh);
}

const OperandCost &opCost(const Cost &c, MemOperand op) {
  return c.operand(op);
}

double portStallSlack(const Cost &c, const Hardware &hw,
                      const std::string &memory, const std::string &port) {
  if (const PortCost *found = findPortCost(c, hw, memory, port))
    return found->stallSlack;
  ADD_FAILURE() << "no port " << memory << "." << port;
  return NAN;
}

// gemm_l1 (cost-model.md §4.10): everything in l1, order D1 16, D2 16, D0 16.
Mapping gemmL1Mapping(const Workload &w) {
  return makeMapping(w, {{{"D0", 8}}, {{"D2", 8}}, {{"D1", 8}}},
                     {{"D1", 16}, {"D2", 16}, {"D0", 16}}, {3}, {3}, {0, 3});
}

// gemm_l1_l3 (§4.11): each 16 split into 4 x 4, all in l1.
Mapping gemmL1L3Mapping(const Workload &w) {
  return makeMapping(
      w, {{{"D0", 8}}, {{"D2", 8}}, {{"D1", 8}}},
      {{"D1", 4}, {"D2", 4}, {"D0", 4}, {"D2", 4}, {"D1", 4}, {"D0", 4}},
      {6, 0}, {6, 0}, {0, 6, 0});
}

// 3x3 conv on tpu_like (§4.13): C2 FY3 FX3 OY56 OX56 K2.
Workload conv3x3() { return convWorkload(64, 64, 56, 56, 3, 3, 1); }
Mapping conv3x3Mapping(const Workload &w) {
  return makeMapping(
      w, {{{"K", 32}}, {{"C", 32}}},
      {{"C", 2}, {"FY", 3}, {"FX", 3}, {"OY", 56}, {"OX", 56}, {"K", 2}},
      /*I1=*/{6, 0}, /*I2=*/{6, 0}, /*O=*/{3, 3, 0});
}

TEST(CostModelTest, GemmL1WorkedExample) {
  Workload w = gemmWorkload();
  Hardware hw = gemmL1Hardware();
  Mapping m = gemmL1Mapping(w);
  CostModel model(w, hw);
  ASSERT_EQ(model.setupError(), "");
  ASSERT_EQ(model.check(m), "");
  Cost c;
  model.evaluate(m, c);

  EXPECT_REL(c.energy, 511349.76);
  EXPECT_REL(c.latency, 8191);
  EXPECT_REL(c.macEnergy, 83886.08);
  EXPECT_REL(c.idealCycle, 4096);
  EXPECT_REL(c.idealTemporalCycle, 4096);
  EXPECT_REL(c.stallSlack, 4094);
  EXPECT_REL(c.onload, 0);
  EXPECT_REL(c.offload, 1);
  EXPECT_REL(c.latency0, 8190);
  EXPECT_REL(c.latency1, 8190);
  EXPECT_REL(c.spatialUtilization, 1);

  const OperandCost &o = opCost(c, MemOperand::O);
  ASSERT_EQ(o.numLevels, 2u);
  expectAccesses(o.levels[0], 262144, 262144, 262144, 262144);
  expectAccesses(o.levels[1], 4096, 4096, 0, 0);
  EXPECT_REL(o.levels[0].energy, 20971.52);
  EXPECT_REL(o.levels[1].energy, 306831.36);
  EXPECT_REL(o.levels[0].unitCount, 64);
  EXPECT_REL(o.levels[1].unitCount, 1);
  EXPECT_FALSE(o.levels[0].doubleBuffered);
  EXPECT_TRUE(o.levels[1].doubleBuffered);

  const OperandCost &i = opCost(c, MemOperand::I1);
  expectAccesses(i.levels[0], 256, 0, 0, 0);
  EXPECT_REL(i.levels[0].energy, 5862.4);
  EXPECT_REL(i.macStationaryCycles, 16);
  // I at l1: 64 elements every mac_st = 16 cycles, 256 periods.
  EXPECT_REL(i.levels[0].transfer[kTL].amount, 64);
  EXPECT_REL(i.levels[0].transfer[kTL].period, 16);
  EXPECT_REL(i.levels[0].transfer[kTL].periodCount, 256);
  EXPECT_REL(i.levels[0].realCycles[kTL], 1);
  EXPECT_REL(i.levels[0].allowedCycles[kTL], 16);

  const OperandCost &wt = opCost(c, MemOperand::I2);
  expectAccesses(wt.levels[0], 4096, 0, 0, 0);
  EXPECT_REL(wt.levels[0].energy, 93798.4);
  EXPECT_REL(wt.macStationaryCycles, 1);

  EXPECT_REL(portStallSlack(c, hw, "l1", "rw_port_1"), -3825);
  EXPECT_REL(portStallSlack(c, hw, "l1", "rw_port_2"), 0);
  EXPECT_REL(portStallSlack(c, hw, "l1", "rw_port_3"), 4094);
}

TEST(CostModelTest, GemmL1L3WorkedExample) {
  Workload w = gemmWorkload();
  Hardware hw = gemmL1L3Hardware();
  Mapping m = gemmL1L3Mapping(w);
  CostModel model(w, hw);
  ASSERT_EQ(model.check(m), "");
  Cost c;
  model.evaluate(m, c);

  EXPECT_REL(c.energy, 19860090.88);
  EXPECT_REL(c.latency, 8194);
  EXPECT_REL(c.memEnergy, 19776204.8);
  EXPECT_REL(c.stallSlack, 4094);
  EXPECT_REL(c.onload, 2);
  EXPECT_REL(c.offload, 2);
  EXPECT_REL(c.latency0, 8190);
  EXPECT_REL(c.latency1, 8192);

  const OperandCost &o = opCost(c, MemOperand::O);
  ASSERT_EQ(o.numLevels, 3u);
  expectAccesses(o.levels[0], 262144, 262144, 262144, 262144);
  expectAccesses(o.levels[1], 4096, 4096, 256, 0);
  expectAccesses(o.levels[2], 0, 256, 0, 0);
  EXPECT_REL(o.levels[0].energy, 3670016);
  EXPECT_REL(o.levels[1].energy, 1093529.6);
  EXPECT_REL(o.levels[2].energy, 6144000);
  // l1 -> l3 moves the whole output once: 16384 elements of 8 bits.
  EXPECT_REL(o.levels[1].transfer[kTH].amount, 16384);
  EXPECT_REL(o.levels[1].transfer[kTH].periodCount, 1);
  EXPECT_REL(o.levels[1].transfer[kTH].precision, 8);
  EXPECT_REL(o.levels[1].realCycles[kTH], 256);
  EXPECT_REL(o.levels[1].allowedCycles[kTH], 4096);

  const OperandCost &i = opCost(c, MemOperand::I1);
  expectAccesses(i.levels[0], 1024, 0, 0, 256);
  expectAccesses(i.levels[1], 256, 0, 0, 0);
  EXPECT_REL(i.levels[0].energy, 157081.6);
  EXPECT_REL(i.levels[1].energy, 4096000);
  EXPECT_REL(i.macStationaryCycles, 4);

  const OperandCost &wt = opCost(c, MemOperand::I2);
  expectAccesses(wt.levels[0], 4096, 0, 0, 256);
  EXPECT_REL(wt.levels[0].energy, 519577.6);
  EXPECT_REL(wt.levels[1].energy, 4096000);

  EXPECT_REL(portStallSlack(c, hw, "l1", "rw_port_1"), -3069);
  EXPECT_REL(portStallSlack(c, hw, "l1", "rw_port_3"), 4094);
  EXPECT_REL(portStallSlack(c, hw, "l1", "rw_port_4"), 0);
}

TEST(CostModelTest, ConvOnTpuLikeWorkedExample) {
  Workload w = conv3x3();
  Hardware hw = tpuLikeHardware();
  Mapping m = conv3x3Mapping(w);
  CostModel model(w, hw);
  ASSERT_EQ(model.check(m), "");
  Cost c;
  model.evaluate(m, c);

  EXPECT_REL(c.energy, 68294568.736);
  EXPECT_REL(c.latency, 113739);
  EXPECT_REL(c.macEnergy, 4624220.16);
  EXPECT_REL(c.idealCycle, 112896);
  EXPECT_REL(c.idealTemporalCycle, 112896);
  EXPECT_REL(c.stallSlack, 0);
  EXPECT_REL(c.onload, 841);
  EXPECT_REL(c.offload, 2);

  // O: rf_2B holds C2 FY3 FX3; classified as final outputs (8 b) upward.
  const OperandCost &o = opCost(c, MemOperand::O);
  ASSERT_EQ(o.numLevels, 3u);
  EXPECT_REL(o.macStationaryCycles, 18);
  expectAccesses(o.levels[0], 115605504, 115605504, 6422528, 0);
  expectAccesses(o.levels[1], 0, 784, 784, 0);
  expectAccesses(o.levels[2], 0, 25088, 0, 0);
  EXPECT_REL(o.levels[0].energy, 4990304.256);
  EXPECT_REL(o.levels[1].energy, 622935.04);
  EXPECT_REL(o.levels[2].energy, 18816000);
  EXPECT_REL(o.levels[0].transfer[kTH].precision, 8);
  EXPECT_REL(o.levels[0].transfer[kTH].period, 18);
  EXPECT_REL(o.levels[0].transfer[kTH].periodCount, 6272);
  EXPECT_REL(o.levels[0].unitCount, 1024);

  const OperandCost &wt = opCost(c, MemOperand::I2);
  expectAccesses(wt.levels[0], 115605504, 0, 0, 36864);
  expectAccesses(wt.levels[1], 4608, 0, 0, 0);
  EXPECT_REL(wt.levels[0].energy, 10986024.96);
  EXPECT_REL(wt.levels[1].energy, 3225600);
  EXPECT_REL(wt.levels[0].bitsPerInstance, 288);

  // I: 32 distinct elements per cycle (C unique, K broadcast), tile 58x58.
  const OperandCost &i = opCost(c, MemOperand::I1);
  expectAccesses(i.levels[0], 14112, 0, 0, 841);
  expectAccesses(i.levels[1], 26912, 0, 0, 0);
  EXPECT_REL(i.levels[0].energy, 6191084.32);
  EXPECT_REL(i.levels[1].energy, 18838400);
  EXPECT_REL(i.levels[0].transfer[kTL].amount, 32);
  EXPECT_REL(i.levels[0].transfer[kFH].amount, 215296);
  EXPECT_REL(i.levels[0].realCycles[kFH], 841);

  EXPECT_REL(portStallSlack(c, hw, "rf_2B", "r_port_2"), -106607);
  EXPECT_REL(portStallSlack(c, hw, "dram", "rw_port_1"), 0);
}

TEST(CostModelTest, EvaluateTemporalReusesTheSpatialPart) {
  Workload w = conv3x3();
  Hardware hw = tpuLikeHardware();
  Mapping m = conv3x3Mapping(w);
  CostModel model(w, hw);
  model.setSpatial(m.spatial);
  Cost c;
  model.evaluateTemporal(m, c);
  EXPECT_REL(c.energy, 68294568.736);
  EXPECT_REL(c.latency, 113739);
  // Raw-array entry point.
  const unsigned *ends[kNumMemOperands] = {
      m.levelEnds[0].data(), m.levelEnds[1].data(), m.levelEnds[2].data()};
  Cost c2;
  model.evaluateTemporal(m.temporal.data(), m.temporal.size(), ends, c2);
  EXPECT_EQ(c2.energy, c.energy);
  EXPECT_EQ(c2.latency, c.latency);
}

TEST(CostModelTest, FractionalSpatialUnrolling) {
  // K = 1000 over 32: 31.25 for energy, 31 for latency (ZigZag's fc layer).
  Workload w = convWorkload(1000, 512, 1, 1, 1, 1, 1);
  Hardware hw = tpuLikeHardware();
  std::vector<std::vector<LoopFactor>> spatial = {
      {{static_cast<unsigned>(w.findLoop("K")), 32}},
      {{static_cast<unsigned>(w.findLoop("C")), 32}}};
  EXPECT_EQ(convertSpatialFactors(w, hw, spatial, false),
            (std::vector<std::vector<double>>{{31.25}, {32}}));
  EXPECT_EQ(convertSpatialFactors(w, hw, spatial, true),
            (std::vector<std::vector<double>>{{31}, {32}}));
  // The reference mapping of that layer (resnet18 layer 30).
  Mapping m =
      makeMapping(w, {{{"K", 32}}, {{"C", 32}}},
                  {{"C", 2}, {"C", 4}, {"C", 2}, {"K", 4}, {"K", 4}, {"K", 2}},
                  /*I1=*/{6, 0}, /*I2=*/{4, 2}, /*O=*/{3, 3, 0});
  CostModel model(w, hw);
  ASSERT_EQ(model.check(m), "");
  Cost c;
  model.evaluate(m, c);
  EXPECT_REL(c.energy, 45108639.12);
  EXPECT_REL(c.latency, 63677);
  EXPECT_REL(c.stallSlack, 55104);
  EXPECT_REL(c.onload, 7936);
  EXPECT_REL(c.offload, 125);
  EXPECT_REL(opCost(c, MemOperand::I2).levels[0].unitCount, 1000);
}

TEST(CostModelTest, CorrectedModeKeepsLoadingNonNegative) {
  Workload w = conv3x3();
  Hardware hw = tpuLikeHardware();
  Mapping m = conv3x3Mapping(w);
  CostModelOptions opts;
  opts.zigzagCompat = false;
  CostModel model(w, hw, opts);
  Cost c;
  model.evaluate(m, c);
  // Same energy; DRAM cannot stream I's 26912-cycle tile "for free" any
  // more, so I's on-loading is the real DRAM transfer.
  EXPECT_REL(c.energy, 68294568.736);
  EXPECT_REL(c.onload, 26912);
  EXPECT_REL(c.offload, 2);
  EXPECT_REL(c.stallSlack, 0);
  EXPECT_REL(c.latency, 112896 + 26912 + 2);
  // rf_2B accumulates C2 FY3 FX3 and feeds the C32 adder tree: partial sums.
  const OperandCost &o = opCost(c, MemOperand::O);
  EXPECT_REL(o.levels[0].transfer[kTH].precision, 16);
  EXPECT_REL(o.levels[0].bitsPerInstance, 16);
  EXPECT_FALSE(o.levels[0].doubleBuffered);
}

TEST(CostModelTest, CorrectedModeOnGemmL1L3) {
  Workload w = gemmWorkload();
  Hardware hw = gemmL1L3Hardware();
  Mapping m = gemmL1L3Mapping(w);
  CostModelOptions opts;
  opts.zigzagCompat = false;
  CostModel model(w, hw, opts);
  Cost c;
  model.evaluate(m, c);
  EXPECT_REL(c.energy, 19860090.88);
  // I and W tiles take 256 cycles each on the shared DMA port.
  EXPECT_REL(c.onload, 512);
  EXPECT_REL(c.offload, 2);
  EXPECT_REL(c.latency, 4096 + 4094 + 512 + 2);
  // l1 accumulates over D2: it holds 32-bit partial sums.
  EXPECT_REL(opCost(c, MemOperand::O).levels[1].bitsPerInstance, 16384 * 32);
}

TEST(CostModelTest, SameDataAccessOption) {
  Workload w = gemmWorkload();
  Hardware hw = gemmL1Hardware();
  Mapping m = gemmL1Mapping(w);
  CostModelOptions opts;
  opts.sameDataNoAccess = false;
  CostModel model(w, hw, opts);
  Cost c;
  model.evaluate(m, c);
  // I is re-read every cycle: 4096 accesses instead of 256.
  expectAccesses(opCost(c, MemOperand::I1).levels[0], 4096, 0, 0, 0);
  EXPECT_REL(c.energy, 511349.76 - 5862.4 + 93798.4);
}

TEST(CostModelTest, CheckReportsInvalidMappings) {
  Workload w = gemmWorkload();
  Hardware hw = gemmL1L3Hardware();
  CostModel model(w, hw);
  Mapping good = gemmL1L3Mapping(w);
  EXPECT_EQ(model.check(good), "");

  Mapping m = good;
  m.temporal[0].factor = 2;
  EXPECT_EQ(model.check(m), "the temporal loops of 'D1' multiply to 8, "
                            "expected 16 (size 128 / spatial 8, rounded up)");

  m = good;
  m.spatial[0][0].factor = 16;
  EXPECT_EQ(model.check(m), "array dim D1 of size 8 is unrolled by 16");

  m = good;
  m.levelEnds[static_cast<unsigned>(MemOperand::O)] = {6, 6};
  EXPECT_EQ(model.check(m), "operand O has 2 level cuts but 3 memory levels");

  m = good;
  m.levelEnds[static_cast<unsigned>(MemOperand::I1)] = {6, 5};
  EXPECT_EQ(model.check(m),
            "level cuts of operand I1 are not monotone within [0, 6]");

  // Everything in the 32-bit output register: a 16x16 tile of outputs
  // that it accumulates over D2 (32-bit partial sums), whatever ZigZag's
  // cost model calls their precision.
  m = good;
  m.levelEnds[static_cast<unsigned>(MemOperand::O)] = {6, 6, 6};
  EXPECT_EQ(model.check(m), "memory 'reg_O' of 32 bits must hold 8192 "
                            "bits per instance");

  // l1 without the port that writes partial sums back.
  Hardware noFl = gemmL1L3Hardware();
  noFl.memories[1].ports[2].allocations = {{MemOperand::O, Direction::ToLow}};
  CostModel broken(w, noFl);
  EXPECT_EQ(broken.check(good),
            "memory 'l1' has no port for operand O direction fl (written "
            "from below), which the mapping needs");

  Hardware noMemory = gemmL1L3Hardware();
  for (Memory &mem : noMemory.memories)
    mem.operands.erase(
        std::remove(mem.operands.begin(), mem.operands.end(), MemOperand::I2),
        mem.operands.end());
  CostModel unusable(w, noMemory);
  EXPECT_EQ(unusable.setupError(), "no memory holds operand I2");
  EXPECT_EQ(unusable.check(good), "no memory holds operand I2");
}

/// ZigZag's indicator-array union, cycle by cycle.
double bruteForceUnion(const std::vector<detail::PortWindow> &windows) {
  for (const detail::PortWindow &w : windows)
    if (w.period == w.allowed)
      return w.period * w.count;
  unsigned longest = 0;
  for (unsigned i = 1; i < windows.size(); ++i)
    if (windows[i].period > windows[longest].period)
      longest = i;
  int64_t covered = 0;
  for (int64_t c = 0; c < windows[longest].period; ++c) {
    bool any = false;
    for (const detail::PortWindow &w : windows)
      any |=
          c % static_cast<int64_t>(w.period) < static_cast<int64_t>(w.allowed);
    covered += any;
  }
  return covered * windows[longest].count;
}

TEST(CostModelPortTest, WindowUnion) {
  using W = detail::PortWindow;
  // [0, 8): windows {0, 4} and {0, 1}: 3 cycles, 5 periods of 8.
  std::vector<W> two = {{4, 1, 10}, {8, 2, 5}};
  EXPECT_EQ(detail::windowUnion(two.data(), 2), 15);
  // [0, 12): evens, {0, 1, 6, 7}, {0..4}: 9 cycles, 3 periods of 12.
  std::vector<W> three = {{12, 5, 3}, {2, 1, 18}, {6, 2, 6}};
  EXPECT_EQ(detail::windowUnion(three.data(), 3), 27);
  // A window spanning its whole period covers everything.
  std::vector<W> full = {{4, 1, 10}, {16, 16, 3}, {8, 8, 7}};
  EXPECT_EQ(detail::windowUnion(full.data(), 3), 48);
  // Periods that do not divide each other (not produced by one loop order).
  std::vector<W> odd = {{4, 1, 3}, {6, 2, 2}};
  EXPECT_EQ(detail::windowUnion(odd.data(), 2), 6);
  // Divisor chains against the cycle-by-cycle count.
  const int64_t factors[] = {2, 3, 4, 7};
  for (int64_t f1 : factors)
    for (int64_t f2 : factors)
      for (int64_t w0 = 1; w0 < 3; ++w0)
        for (int64_t w1 = 1; w1 <= f1; w1 += 2) {
          int64_t p0 = 3, p1 = p0 * f1, p2 = p1 * f2;
          std::vector<W> chain = {
              {static_cast<double>(p1), static_cast<double>(w1 * 2), 9},
              {static_cast<double>(p0), static_cast<double>(w0), 100},
              {static_cast<double>(p2), static_cast<double>(p1 + 1), 4}};
          EXPECT_EQ(detail::windowUnion(chain.data(), 3),
                    bruteForceUnion(chain))
              << p0 << " " << p1 << " " << p2 << " " << w0 << " " << w1;
        }
}

TEST(CostModelPortTest, ReduceBalanced) {
  // gemm_l1_l3's DMA port: I, W and O tiles loaded once, 8190 spare cycles.
  double c[3] = {256, 256, 256};
  const double minimum[3] = {256, 256, 1};
  detail::reduceBalanced(c, minimum, 3, 8190, /*compat=*/true);
  EXPECT_EQ(std::vector<double>(c, c + 3), (std::vector<double>{1, 1, 1}));
  double d[3] = {256, 256, 256};
  detail::reduceBalanced(d, minimum, 3, 8190, /*compat=*/false);
  EXPECT_EQ(std::vector<double>(d, d + 3), (std::vector<double>{256, 256, 1}));

  // The conv's DRAM port (I, W, O): ZigZag goes negative.
  const double convMin[3] = {26912, 5, 1};
  double e[3] = {26912, 4608, 25088};
  detail::reduceBalanced(e, convMin, 3, 112896, true);
  EXPECT_EQ(std::vector<double>(e, e + 3),
            (std::vector<double>{-2778, 5, -4602}));
  double f[3] = {26912, 4608, 25088};
  detail::reduceBalanced(f, convMin, 3, 112896, false);
  EXPECT_EQ(std::vector<double>(f, f + 3), (std::vector<double>{26912, 5, 1}));

  // Not enough surplus: the corrected mode levels the largest ones.
  const double zero[3] = {0, 0, 0};
  double g[3] = {10, 8, 2};
  detail::reduceBalanced(g, zero, 3, 5, false);
  EXPECT_EQ(std::vector<double>(g, g + 3), (std::vector<double>{6.5, 6.5, 2}));
  double h[3] = {10, 8, 2};
  detail::reduceBalanced(h, zero, 3, 5, true);
  EXPECT_EQ(std::vector<double>(h, h + 3), (std::vector<double>{5, 8, 2}));
  // A minimum above the transfer itself never raises it (corrected).
  const double high[2] = {50, 0};
  double k[2] = {20, 10};
  detail::reduceBalanced(k, high, 2, 100, false);
  EXPECT_EQ(std::vector<double>(k, k + 2), (std::vector<double>{20, 0}));
}

} // namespace
