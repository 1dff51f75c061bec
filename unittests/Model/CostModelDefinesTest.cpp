//===- CostModelDefinesTest.cpp - DeFiNES flavour of the cost model -------===//
//
// The formulas in which DeFiNES's vendored ZigZag differs from ZigZag 3.8.5
// (docs/CostModel.md, "DeFiNES flavour"), each on a small hand-computed case.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Model/CostModel.h"
#include "zigzag/Search/MemoryAllocator.h"

#include "CostModelFixtures.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

constexpr unsigned kTL = static_cast<unsigned>(Direction::ToLow);
constexpr unsigned kFH = static_cast<unsigned>(Direction::FromHigh);

CostModelOptions definesOptions() {
  CostModelOptions opts;
  opts.flavor = CostModelFlavor::DeFiNES;
  return opts;
}

LoopFactor factorOf(const Workload &w, const char *loop, int64_t factor) {
  return {static_cast<unsigned>(w.findLoop(loop)), factor};
}

TEST(CostModelDefinesTest, SpatialConversionPerArrayDim) {
  // K = 1000 over 32: 31.25; the integer mapping rounds up (ZigZag: 31).
  Workload fc = convWorkload(1000, 512, 1, 1, 1, 1, 1);
  Hardware hw = tpuLikeHardware();
  std::vector<std::vector<LoopFactor>> spatial = {{factorOf(fc, "K", 32)},
                                                  {factorOf(fc, "C", 32)}};
  EXPECT_EQ(
      convertSpatialFactors(fc, hw, spatial, false, CostModelFlavor::DeFiNES),
      (std::vector<std::vector<double>>{{31.25}, {32}}));
  EXPECT_EQ(
      convertSpatialFactors(fc, hw, spatial, true, CostModelFlavor::DeFiNES),
      (std::vector<std::vector<double>>{{32}, {32}}));
  // K = 50 on both dims: each entry is converted against the whole loop,
  // 50 / ceil(50 / 8) = 50 / 7 on the second (ZigZag leaves it at 8).
  Workload k50 = convWorkload(50, 512, 1, 1, 1, 1, 1);
  spatial = {{factorOf(k50, "K", 32)}, {factorOf(k50, "K", 8)}};
  EXPECT_EQ(
      convertSpatialFactors(k50, hw, spatial, false, CostModelFlavor::DeFiNES),
      (std::vector<std::vector<double>>{{25}, {50.0 / 7}}));
  EXPECT_EQ(
      convertSpatialFactors(k50, hw, spatial, true, CostModelFlavor::DeFiNES),
      (std::vector<std::vector<double>>{{25}, {8}}));
  EXPECT_EQ(convertSpatialFactors(k50, hw, spatial, false),
            (std::vector<std::vector<double>>{{25}, {8}}));
}

TEST(CostModelDefinesTest, BandwidthBoostIsTruncated) {
  // K = 14 over D1 with 4 becomes 14 / ceil(14 / 4) = 3.5: DRAM feeds 3.5
  // distinct per-MAC rf_128B registers holding K4 each, i.e. sends
  // 4 x trunc(3.5) = 12 weights per period (ZigZag: 4 x round(3.5) = 16).
  Workload w = convWorkload(14, 1, 1, 1, 1, 1, 1);
  Hardware hw = tpuLikeHardware();
  Mapping m = makeMapping(w, {{{"K", 4}}}, {{"K", 4}},
                          /*I1=*/{1, 0}, /*I2=*/{1, 0}, /*O=*/{0, 1, 0});
  Cost zz, df;
  CostModel zigzagModel(w, hw);
  ASSERT_EQ(zigzagModel.check(m), "");
  zigzagModel.evaluate(m, zz);
  CostModel definesModel(w, hw, definesOptions());
  ASSERT_EQ(definesModel.check(m), "");
  definesModel.evaluate(m, df);
  const OperandLevelCost &zzDram = zz.operand(MemOperand::I2).levels[1];
  const OperandLevelCost &dfDram = df.operand(MemOperand::I2).levels[1];
  EXPECT_EQ(zzDram.transfer[kTL].amount, 16);
  EXPECT_EQ(dfDram.transfer[kTL].amount, 12);
  // DeFiNES: rf_128B takes 8 b x 3.5 units = 3.5 weights per cycle, so the
  // 12 take ceil(12 / 3.5) = 4 one-word reads (4 x ceil(28 / 64) x 64 / 64,
  // one period); rounding up the boost would give ceil(16 / 3.5) = 5.
  EXPECT_NEAR(dfDram.accesses[kTL], 4, 1e-9);
  EXPECT_EQ(zzDram.accesses[kTL], 2); // ceil(16 x 8 / 64)
}

TEST(CostModelDefinesTest, OnloadingTakesTheWholeTopTransfer) {
  // 3x3 conv on tpu_like (CostModelTest.ConvOnTpuLikeWorkedExample). The
  // energy is the same; DeFiNES has no reduce_balanced step, so I's tile
  // (58 x 58 x 64 x 8 b over DRAM's 64 b) loads in 26912 cycles, against
  // W's 36 x 1024 x 8 b / 64 = 4608 on the same port (841 in ZigZag).
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  Hardware hw = tpuLikeHardware();
  Mapping m = makeMapping(
      w, {{{"K", 32}}, {{"C", 32}}},
      {{"C", 2}, {"FY", 3}, {"FX", 3}, {"OY", 56}, {"OX", 56}, {"K", 2}},
      /*I1=*/{6, 0}, /*I2=*/{6, 0}, /*O=*/{3, 3, 0});
  CostModel model(w, hw, definesOptions());
  ASSERT_EQ(model.check(m), "");
  Cost c;
  model.evaluate(m, c);
  EXPECT_NEAR(c.energy, 68294568.736, 1e-3);
  EXPECT_EQ(c.onload, 26912);
  EXPECT_EQ(c.stallSlack, 0);
  EXPECT_EQ(c.latency1, 112896 + 26912);
  const OperandCost &i = c.operand(MemOperand::I1);
  EXPECT_EQ(i.levels[1].realCycles[kTL], 26912);
  EXPECT_EQ(c.operand(MemOperand::I2).levels[1].realCycles[kTL], 4608);
}

/// gemm_l1 with a 1 Mbit buffer for I between the array and l1, and l1's I
/// read port 96 b wide with 64 b granules.
Hardware bufferedGemmHardware() {
  Hardware hw = gemmL1Hardware();
  Memory buf;
  buf.name = "buf_I";
  buf.sizeBits = 1 << 20;
  buf.readCost = 1;
  buf.writeCost = 2;
  buf.latency = 1;
  buf.operands = {MemOperand::I1};
  buf.servedDims = {0, 1, 2};
  Port read, write;
  read.name = "r_port_1";
  read.type = PortType::Read;
  read.bandwidthMin = 64;
  read.bandwidthMax = 512;
  read.allocations = {{MemOperand::I1, Direction::ToLow}};
  write = read;
  write.name = "w_port_1";
  write.type = PortType::Write;
  write.allocations = {{MemOperand::I1, Direction::FromHigh}};
  buf.ports = {read, write};
  hw.memories.insert(hw.memories.begin() + 1, buf);
  Port &l1I = hw.memories[2].ports[0];
  EXPECT_EQ(l1I.allocations.front().operand, MemOperand::I1);
  l1I.bandwidthMin = 64;
  l1I.bandwidthMax = 96;
  Port l1Fill = l1I; // gives buf's fill a port on l1's side as well
  l1Fill.name = "rw_port_4";
  l1Fill.bandwidthMax = 512;
  l1Fill.allocations = {{MemOperand::I1, Direction::FromHigh}};
  hw.memories[2].ports.push_back(l1Fill);
  return hw;
}

TEST(CostModelDefinesTest, WordAccessesPerCycleToTheLevelBelow) {
  Workload w = gemmWorkload();
  Hardware hw = bufferedGemmHardware();
  // buf_I keeps D1 16, D2 16: 8 x 8 x 16 = 1024 I elements (8192 b), sent
  // 4096 / 256 = 16 times.
  Mapping m = makeMapping(w, {{{"D0", 8}}, {{"D2", 8}}, {{"D1", 8}}},
                          {{"D1", 16}, {"D2", 16}, {"D0", 16}},
                          /*I1=*/{2, 1}, /*I2=*/{3}, /*O=*/{0, 3});
  Cost zz, df;
  CostModel zigzagModel(w, hw);
  ASSERT_EQ(zigzagModel.check(m), "");
  zigzagModel.evaluate(m, zz);
  CostModel definesModel(w, hw, definesOptions());
  definesModel.evaluate(m, df);
  const OperandLevelCost &zzL1 = zz.operand(MemOperand::I1).levels[1];
  const OperandLevelCost &dfL1 = df.operand(MemOperand::I1).levels[1];
  EXPECT_EQ(zzL1.transfer[kTL].amount, 1024);
  EXPECT_EQ(zzL1.transfer[kTL].periodCount, 16);
  // ZigZag: trunc(ceil(8192 / 64) * 64 / 96 * 16) = trunc(1365.33).
  EXPECT_EQ(zzL1.accesses[kTL], 1365);
  // DeFiNES: min(512 / 8, 96 / 8, 1024) = 12 elements per cycle over
  // ceil(1024 / 12) = 86 cycles, each ceil(96 / 64) = 2 granules of 64 b.
  EXPECT_NEAR(dfL1.accesses[kTL], 2 * (64.0 / 96) * 16 * 86, 1e-9);
  // The fill of buf_I (level 0, written from above) is not limited.
  const OperandLevelCost &dfBuf = df.operand(MemOperand::I1).levels[0];
  EXPECT_NEAR(dfBuf.accesses[kFH], 128.0 * 64 / 512 * 16, 1e-9);
  // The array reads I every cycle: 64 elements (512 b) x 4096 cycles.
  EXPECT_NEAR(dfBuf.accesses[kTL], 4096, 1e-9);
}

/// A 1x1 conv as the importer builds DeFiNES's `ix = 1*ox + 1*fx` with
/// FX = FY = 1: the size-1 loops are left out, so I is indexed by OY and OX
/// alone (relevant), and both are listed as having lost their size-1 terms.
Workload pointwiseWorkload(int64_t k, int64_t c, int64_t ox) {
  Workload w;
  w.name = "pointwise";
  w.loopNames = {"B", "K", "C", "OY", "OX"};
  w.loopSizes = {1, k, c, 1, ox};
  w.reduction = {false, false, true, false, false};
  constexpr Relevance R = Relevance::Relevant, I = Relevance::Irrelevant;
  WorkloadOperand &o = w.operand(MemOperand::O);
  o.name = "O";
  o.precision = 16;
  o.finalPrecision = 8;
  o.relevance = {R, R, I, R, R};
  WorkloadOperand &wt = w.operand(MemOperand::I2);
  wt.name = "W";
  wt.constant = true;
  wt.relevance = {I, R, R, I, I};
  WorkloadOperand &in = w.operand(MemOperand::I1);
  in.name = "I";
  in.relevance = {R, I, R, R, R};
  in.loopsWithDroppedUnitTerms = {3, 4};
  w.operandOrder = {MemOperand::O, MemOperand::I2, MemOperand::I1};
  return w;
}

TEST(CostModelDefinesTest, UnitTermRelationStaysPartiallyRelevant) {
  // OX = 7 over D1 with 4 becomes 3.5, C 8 over D2. DeFiNES's input dim
  // IX = OX + FX (FX = 1) is partially relevant: the array reads
  // int(3.5) x 8 = 24 distinct inputs per cycle (192 b, 3 granules of 64 b),
  // not 3.5 x 8 = 28 (224 b, 4 granules), from the 2048 b wide sram_2MB,
  // in each of the 2 x 16 = 32 cycles.
  Workload w = pointwiseWorkload(16, 8, 7);
  Workload relevant = w;
  relevant.operand(MemOperand::I1).loopsWithDroppedUnitTerms.clear();
  Hardware hw = tpuLikeHardware();
  Mapping m = makeMapping(w, {{{"OX", 4}}, {{"C", 8}}}, {{"OX", 2}, {"K", 16}},
                          /*I1=*/{2, 0}, /*I2=*/{2, 0}, /*O=*/{0, 2, 0});
  auto evaluate = [&](const Workload &layer, CostModelOptions opts) {
    CostModel model(layer, hw, opts);
    EXPECT_EQ(model.check(m), "");
    Cost c;
    model.evaluate(m, c);
    return c;
  };
  Cost pr = evaluate(w, definesOptions());
  Cost r = evaluate(relevant, definesOptions());
  const OperandLevelCost &prSram = pr.operand(MemOperand::I1).levels[0];
  const OperandLevelCost &rSram = r.operand(MemOperand::I1).levels[0];
  EXPECT_EQ(prSram.transfer[kTL].amount, 24);
  EXPECT_EQ(rSram.transfer[kTL].amount, 28);
  EXPECT_NEAR(prSram.accesses[kTL], 3 * (64.0 / 2048) * 32, 1e-12);
  EXPECT_NEAR(rSram.accesses[kTL], 4 * (64.0 / 2048) * 32, 1e-12);
  // The whole tile is still 8 x (2 x 3.5) = 56 inputs, and nothing else
  // changes: one sram_2MB read (416.16 pJ) less.
  EXPECT_EQ(prSram.transfer[kFH].amount, 56);
  EXPECT_NEAR(r.energy - pr.energy, 416.16, 1e-9);
  // ZigZag's flavour keeps the loops relevant.
  Cost zz = evaluate(w, CostModelOptions());
  EXPECT_EQ(zz.operand(MemOperand::I1).levels[0].transfer[kTL].amount, 28);
}

TEST(CostModelDefinesTest, AllocatorRoundsTileDimsUp) {
  // K = 1000 over 32 (31.25) with C = 1: with K2 allocated, DeFiNES's
  // allocator sizes the output tile of sram_2MB as ceil(62.5) = 63 elements,
  // ZigZag's as 62.5; at 8 b (no ir loop left) that is 504 vs 500 bits.
  Workload w = convWorkload(1000, 1, 1, 1, 1, 1, 1);
  Hardware hw = tpuLikeHardware();
  std::vector<std::vector<LoopFactor>> spatial = {{factorOf(w, "K", 32)}};
  std::vector<LoopFactor> ordering = {factorOf(w, "K", 2),
                                      factorOf(w, "K", 16)};
  auto oCuts = [&](CostModelFlavor flavor) {
    Hardware small = hw;
    small.memories[1].sizeBits = 8;       // rf_2B: one output
    small.memories[2].sizeBits = 500 + 8; // O's K2 tile plus one I element
    MemoryAllocator allocator(w, small, TemporalMappingType::Uneven, flavor);
    allocator.setSpatial(
        spatial, convertSpatialFactors(w, small, spatial, false, flavor));
    std::array<std::vector<unsigned>, kNumMemOperands> ends;
    EXPECT_EQ(allocator.allocate(ordering.data(), ordering.size(), ends),
              AllocationStatus::Ok);
    return ends[static_cast<unsigned>(MemOperand::O)];
  };
  // rf_2B takes nothing; sram_2MB takes K2 in ZigZag, nothing in DeFiNES.
  EXPECT_EQ(oCuts(CostModelFlavor::ZigZag), (std::vector<unsigned>{0, 1, 2}));
  EXPECT_EQ(oCuts(CostModelFlavor::DeFiNES), (std::vector<unsigned>{0, 0, 2}));
}

} // namespace
