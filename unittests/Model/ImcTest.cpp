//===- ImcTest.cpp - In-memory-computing macro model ----------------------===//
//
// The worked numbers of ZigZag's IMC macro model on its aimc/dimc macros
// (128 x 128, 8-b weights and activations): primitives, ADC fit, adder-tree
// walk, area, clock period and the compute energy of ResNet-18's first
// layer, as ZigZag computes them; the inter-layer data locality of ZigZag's
// IMC flow.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Model/Imc.h"
#include "zigzag/Model/DataLocality.h"

#include <gtest/gtest.h>

using namespace zigzag;

namespace {

/// Relative comparison: the model must reproduce ZigZag to rounding.
void expectClose(double actual, double expected, double rel = 1e-12) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * rel + 1e-15)
      << "expected " << expected;
}

Hardware macro(ImcType type) {
  Hardware hw;
  hw.name = type == ImcType::Analog ? "aimc" : "dimc";
  // Declared out of name order on purpose: roles come from the sorted names.
  hw.array.dimNames = {"D2", "D1"};
  hw.array.sizes = {128, 128};
  ImcArraySpec spec;
  spec.type = type;
  spec.activationPrecision = 8;
  spec.weightPrecision = 8;
  spec.bitSerialPrecision = type == ImcType::Analog ? 2 : 1;
  spec.adcResolution = type == ImcType::Analog ? 8 : 0;
  hw.array.imc = spec;
  auto memory = [](std::string name, int64_t size, std::vector<MemOperand> ops,
                   std::vector<unsigned> served) {
    Memory m;
    m.name = std::move(name);
    m.sizeBits = size;
    m.operands = ops;
    m.servedDims = std::move(served);
    Port p;
    p.name = "rw_port_1";
    p.bandwidthMin = p.bandwidthMax = 8;
    for (MemOperand op : ops)
      for (Direction d : {Direction::ToLow, Direction::FromHigh})
        p.allocations.push_back({op, d});
    m.ports = {p};
    return m;
  };
  hw.memories = {memory("cells", 8, {MemOperand::I2}, {}),
                 memory("dram", 1 << 30,
                        {MemOperand::I1, MemOperand::I2, MemOperand::O},
                        {0, 1})};
  return hw;
}

/// ResNet-18 conv1: K 64, C 3, OY = OX 112, FY = FX 7 (loops in this order).
Workload conv1() {
  Workload w;
  w.loopNames = {"K", "C", "OY", "OX", "FY", "FX"};
  w.loopSizes = {64, 3, 112, 112, 7, 7};
  using R = Relevance;
  w.operand(MemOperand::O).relevance = {R::Relevant,   R::Irrelevant,
                                        R::Relevant,   R::Relevant,
                                        R::Irrelevant, R::Irrelevant};
  w.operand(MemOperand::I2).relevance = {R::Relevant,   R::Relevant,
                                         R::Irrelevant, R::Irrelevant,
                                         R::Relevant,   R::Relevant};
  WorkloadOperand &in = w.operand(MemOperand::I1);
  in.relevance = {R::Irrelevant, R::Relevant, R::Partial,
                  R::Partial,    R::Partial,  R::Partial};
  in.prDims = {{"IY", {{2, 2}, {4, 1}}, 229}, {"IX", {{3, 2}, {5, 1}}, 229}};
  return w;
}

TEST(Imc, Primitives) {
  ImcPrimitives p = imcPrimitives();
  expectClose(p.fullAdderEnergy, 0.003402);
  expectClose(p.halfAdderEnergy, 0.001701);
  expectClose(p.multiplierEnergy, 0.0002835);
  expectClose(p.registerEnergy, 0.001701);
  expectClose(p.fullAdderArea, 4.7892e-6);
  expectClose(p.multiplierArea, 0.614e-6);
  expectClose(p.registerArea, 3.684e-6);
  expectClose(p.in2SumDelay, 0.22944);
  expectClose(p.in2CoutDelay, 0.21032);
  expectClose(p.cin2CoutDelay, 0.0956);
  expectClose(p.multiplierDelay, 0.0478);
}

TEST(Imc, AdcAndDacFits) {
  AdcCost adc = imcAdcCost(8, 128);
  expectClose(adc.area, 2.1347150992749224 / (8 * 128)); // 0.0020846827
  expectClose(adc.delay, 11.80672);
  expectClose(adc.energy, 0.70108416);
  AdcCost none = imcAdcCost(0, 128);
  EXPECT_EQ(none.area, 0);
  EXPECT_EQ(none.delay, 0);
  EXPECT_EQ(none.energy, 0);
  // A 1-bit ADC is a comparator: no area in the fit, but delay and energy.
  AdcCost one = imcAdcCost(1, 64);
  EXPECT_EQ(one.area, 0);
  expectClose(one.delay, 0.00653 * 64 + 0.640);
  expectClose(one.energy, (100 + 0.004) * 0.81 / 1000);
  expectClose(imcDacEnergy(2), 0.081);
  EXPECT_EQ(imcDacEnergy(1), 0);
}

TEST(Imc, AdderTreeWalk) {
  // ZigZag's values for 8-b inputs into a 128-input tree.
  const std::pair<double, double> cases[] = {
      {1, 0.130977},  {3, 0.173502},  {9, 0.353808},   {27, 0.862407},
      {64, 1.932336}, {96, 2.910411}, {128, 3.864672}, {200, 3.864672}};
  for (auto [active, energy] : cases)
    expectClose(imcAdderTreeEnergy(8, active, 128), energy, 1e-9);
  EXPECT_EQ(imcAdderTreeEnergy(8, 0.5, 128), 0);
}

TEST(Imc, DimensionRolesFollowNames) {
  Hardware hw = macro(ImcType::Analog);
  hw.array.dimNames = {"D3", "D2", "D1"};
  hw.array.sizes = {4, 32, 64};
  ImcMacro m(hw);
  EXPECT_EQ(m.wordLineDim(), 2u);
  EXPECT_EQ(m.bitLineDim(), 1u);
  EXPECT_EQ(m.columns(), 64);
  EXPECT_EQ(m.rows(), 32);
  EXPECT_EQ(m.banks(), 4);
}

TEST(Imc, AnalogAreaAndClock) {
  ImcMacro m(macro(ImcType::Analog));
  EXPECT_EQ(m.cyclesPerOp(), 4);
  ImcArea a = m.area();
  expectClose(a.adcs, 2.1347150992749224);
  expectClose(a.mults, 0.080478208);
  EXPECT_EQ(a.addersRegular, 0);
  expectClose(a.addersPv, 0.0465893376);
  expectClose(a.accumulators, 0.0260296704);
  expectClose(a.total(), 2.2878123152749223);
  ImcDelay d = m.clockPeriod();
  expectClose(d.adcs, 11.80672);
  expectClose(d.mults, 0.0478);
  expectClose(d.addersPv, 1.3384);
  expectClose(d.accumulators, 0.87952);
  expectClose(d.total(), 14.07244);
}

TEST(Imc, DigitalAreaAndClock) {
  ImcMacro m(macro(ImcType::Digital));
  EXPECT_EQ(m.cyclesPerOp(), 8);
  ImcArea a = m.area();
  EXPECT_EQ(a.adcs, 0);
  expectClose(a.mults, 0.080478208);
  expectClose(a.addersRegular, 0.6963879936);
  EXPECT_EQ(a.addersPv, 0);
  expectClose(a.accumulators, 0.0249451008);
  expectClose(a.total(), 0.8018113024);
  ImcDelay d = m.clockPeriod();
  expectClose(d.addersRegular, 2.82976);
  expectClose(d.accumulators, 0.87952);
  expectClose(d.total(), 3.75708);
}

TEST(Imc, AnalogLayerEnergyWorkedExample) {
  // conv1 mapped {D1: K 64, D2: FX 7, FY 7}: 64 columns, 49 rows.
  Hardware hw = macro(ImcType::Analog);
  ImcMacro m(hw);
  Workload w = conv1();
  std::vector<std::vector<LoopFactor>> spatial(2);
  spatial[1] = {{0, 64}};        // D1 (declared second)
  spatial[0] = {{5, 7}, {4, 7}}; // D2: FX, FY
  ImcOccupancy occ = m.occupancy(w, spatial);
  EXPECT_EQ(occ.cols, 64);
  EXPECT_EQ(occ.rows, 49);
  EXPECT_EQ(occ.macroUnroll, 3136);
  ImcEnergy e = m.layerEnergy(118013952, occ);
  EXPECT_EQ(e.localBlPrecharging, 0);
  expectClose(e.dacs, 597445.6320000001);
  expectClose(e.adcs, 54032791.77547777);
  expectClose(e.mults, 2141245.145088);
  expectClose(e.analogBlAddition, 2796728.352768);
  EXPECT_EQ(e.addersRegular, 0);
  expectClose(e.addersPv, 2490836.1891839993);
  expectClose(e.accumulators, 1179869.7738239998);
  expectClose(e.total(), 63238916.868341774);
}

TEST(Imc, FractionalMacroActivations) {
  // ResNet-18's fc (K 1000, C 512) on {D1: K 64, D2: C 128}: ZigZag charges
  // 512000 / 8192 = 62.5 macro activations although 64 happen.
  ImcMacro m(macro(ImcType::Analog));
  ImcOccupancy occ{128, 128, 64, 8192};
  ImcEnergy e = m.layerEnergy(512000, occ);
  expectClose(e.adcs, 0.70108416 * 8 * 64 * 4 * 62.5);
}

TEST(Imc, DigitalLayerEnergy) {
  ImcMacro m(macro(ImcType::Digital));
  ImcOccupancy occ{27, 27, 64, 64 * 27};
  double macs = 64.0 * 27 * 100;
  ImcEnergy e = m.layerEnergy(macs, occ);
  double cycles = 8 * 100.0;
  EXPECT_EQ(e.dacs, 0);
  EXPECT_EQ(e.adcs, 0);
  EXPECT_EQ(e.analogBlAddition, 0);
  // The whole array multiplies, whatever is mapped.
  expectClose(e.mults, 0.0002835 * (1 * 8 * 128 * 128) * cycles);
  expectClose(e.addersRegular, 0.862407 * 64 * cycles, 1e-9);
  EXPECT_EQ(e.addersPv, 0);
  expectClose(e.accumulators, 0.005103 * 23 * 64 * cycles);
}

TEST(Imc, DiagonalMapping) {
  // OX on the word line next to K, FX on the bit line: each column reads an
  // input window shifted by one, so FX 3 + OX 4 - 1 = 6 rows are used.
  ImcMacro m(macro(ImcType::Analog));
  Workload w = conv1();
  std::vector<std::vector<LoopFactor>> spatial(2);
  spatial[1] = {{0, 16}, {3, 4}}; // D1: K 16, OX 4
  spatial[0] = {{5, 3}, {1, 3}};  // D2: FX 3, C 3
  ImcOccupancy occ = m.occupancy(w, spatial);
  EXPECT_EQ(occ.cols, 64);
  EXPECT_EQ(occ.rows, (3 + 4 - 1) * 3);
  EXPECT_EQ(occ.rowsForAdder, 9);
}

TEST(Imc, Validation) {
  Hardware hw = macro(ImcType::Analog);
  EXPECT_TRUE(verifyImc(hw).empty());
  auto firstError = [](const Hardware &h) {
    std::vector<HardwareError> errors = verifyImc(h);
    return errors.empty() ? HardwareError{} : errors.front();
  };
  {
    Hardware h = hw;
    h.array.imc->bitSerialPrecision = 16;
    HardwareError e = firstError(h);
    EXPECT_EQ(e.field, "bit_serial_precision");
    EXPECT_NE(e.message.find("exceeds the activation precision"),
              std::string::npos);
  }
  {
    Hardware h = hw;
    h.array.imc->weightPrecision = 6;
    HardwareError e = firstError(h);
    EXPECT_EQ(e.field, "input_precision");
    EXPECT_EQ(e.item, 1);
  }
  {
    Hardware h = macro(ImcType::Digital);
    h.array.imc->adcResolution = 4;
    EXPECT_EQ(firstError(h).field, "adc_resolution");
  }
  {
    Hardware h = macro(ImcType::Digital);
    h.array.sizes = {96, 128}; // D2 (the bit line) = 96 rows
    HardwareError e = firstError(h);
    EXPECT_EQ(e.field, "sizes");
    EXPECT_EQ(e.item, 0);
  }
  {
    Hardware h = hw; // a 1-D array has no bit line
    h.array.dimNames = {"D1"};
    h.array.sizes = {128};
    EXPECT_EQ(firstError(h).field, "dimensions");
  }
  {
    Hardware h = hw;
    h.array.imc->adcResolution = -1;
    EXPECT_EQ(firstError(h).field, "adc_resolution");
  }
  {
    Hardware h = hw;
    h.array.imc->activationPrecision = 12;
    HardwareError e = firstError(h);
    EXPECT_EQ(e.field, "input_precision");
    EXPECT_EQ(e.item, 0);
  }
  {
    Hardware h = hw;
    h.memories[0].name = "weights";
    EXPECT_EQ(firstError(h).field, "memories");
  }
  {
    Hardware h = hw;
    h.memories[0].servedDims = {0};
    HardwareError e = firstError(h);
    EXPECT_EQ(e.memory, 0);
    EXPECT_EQ(e.field, "served_dimensions");
  }
  {
    Hardware h = hw;
    h.memories[0].sizeBits = 12;
    EXPECT_EQ(firstError(h).field, "size");
  }
}

TEST(Imc, AreaAddsOneInstancePerMemory) {
  Hardware hw = macro(ImcType::Analog);
  hw.memories[0].area = 1e-6; // per cell group: 16384 of them in the macro
  hw.memories[1].area = 0.5;
  expectClose(computeArea(hw).total,
              2.2878123152749223 + 16384e-6 + 1e-6 + 0.5);
}

} // namespace

//===----------------------------------------------------------------------===//
// Inter-layer data locality
//===----------------------------------------------------------------------===//

namespace {

/// The analog macro with a 1000-bit activation SRAM (I1, O) between the
/// cells and DRAM, and with `weightBits` a weight SRAM every unit reaches
/// below the activation SRAM: cells 0, [wsram 1,] sram, dram.
Hardware macroWithSram(int64_t weightBits = 0) {
  Hardware hw = macro(ImcType::Analog);
  Memory sram = hw.memories[1];
  sram.name = "sram";
  sram.sizeBits = 1000;
  sram.operands = {MemOperand::I1, MemOperand::O};
  sram.ports[0].allocations.clear();
  for (MemOperand op : sram.operands)
    sram.ports[0].allocations.push_back({op, Direction::ToLow});
  hw.memories.insert(hw.memories.begin() + 1, sram);
  if (weightBits) {
    Memory wsram = sram;
    wsram.name = "wsram";
    wsram.sizeBits = weightBits;
    wsram.operands = {MemOperand::I2};
    wsram.ports[0].allocations = {{MemOperand::I2, Direction::ToLow}};
    hw.memories.insert(hw.memories.begin() + 1, wsram);
  }
  return hw;
}

LocalityLayer localityLayer(int64_t in, int64_t out, int64_t weights = 64) {
  LocalityLayer l;
  l.inputBits = in;
  l.outputBits = out;
  l.weightBits = weights;
  return l;
}

void connect(std::vector<LocalityLayer> &layers, unsigned from, unsigned to) {
  layers[from].succs.push_back(to);
  layers[to].preds.push_back(from);
}

int top(const OperandTops &tops, MemOperand op) {
  return tops[static_cast<unsigned>(op)];
}

} // namespace

TEST(DataLocality, ChainKeepsActivationsWhereTheyFit) {
  Hardware hw = macroWithSram(); // cells 0, sram 1, dram 2
  // 300 + 300 bits fit the 1000-bit SRAM; 600 + 500 do not.
  std::vector<LocalityLayer> layers = {localityLayer(300, 300),
                                       localityLayer(300, 600),
                                       localityLayer(600, 500)};
  connect(layers, 0, 1);
  connect(layers, 1, 2);
  std::vector<OperandTops> tops = searchDataLocality(hw, layers);
  ASSERT_EQ(tops.size(), 3u);
  EXPECT_EQ(top(tops[0], MemOperand::I1), 1); // the first layer's input too
  EXPECT_EQ(top(tops[0], MemOperand::O), 1);
  EXPECT_EQ(top(tops[1], MemOperand::I1), 1); // read where layer 0 left it
  EXPECT_EQ(top(tops[1], MemOperand::O), 1);  // 300 + 600 fit
  EXPECT_EQ(top(tops[2], MemOperand::I1), 1);
  EXPECT_EQ(top(tops[2], MemOperand::O), 2); // 600 + 500 do not
  // The cells serve no array dim: the weights stay in DRAM.
  for (const OperandTops &t : tops)
    EXPECT_EQ(top(t, MemOperand::I2), 2);
}

TEST(DataLocality, BranchesKeepTheirDataAtTheTop) {
  Hardware hw = macroWithSram();
  // 0 -> 1 -> 2 and 0 -> 2 (a residual): 0 starts a branch, 1 ends one.
  std::vector<LocalityLayer> layers = {localityLayer(100, 100),
                                       localityLayer(100, 100),
                                       localityLayer(100, 100)};
  connect(layers, 0, 1);
  connect(layers, 1, 2);
  connect(layers, 0, 2);
  std::vector<OperandTops> tops = searchDataLocality(hw, layers);
  EXPECT_EQ(top(tops[0], MemOperand::I1), 2);
  EXPECT_EQ(top(tops[0], MemOperand::O), 2);
  EXPECT_EQ(top(tops[1], MemOperand::I1), 2);
  EXPECT_EQ(top(tops[1], MemOperand::O), 2);
  EXPECT_EQ(top(tops[2], MemOperand::I1), 2);
  EXPECT_EQ(top(tops[2], MemOperand::O), 1); // the last layer fits
}

TEST(DataLocality, WeightsStayOnChipWhenTheWholeNetworkFits) {
  std::vector<LocalityLayer> layers = {localityLayer(100, 100, 2000),
                                       localityLayer(100, 100, 2000)};
  connect(layers, 0, 1);
  // cells 0, wsram 1, sram 2, dram 3: 4000 weight bits fit 5000, not 3000.
  std::vector<OperandTops> fits =
      searchDataLocality(macroWithSram(5000), layers);
  EXPECT_EQ(top(fits[0], MemOperand::I2), 1);
  EXPECT_EQ(top(fits[1], MemOperand::I2), 1);
  EXPECT_EQ(top(fits[1], MemOperand::O), 2);
  std::vector<OperandTops> tooSmall =
      searchDataLocality(macroWithSram(3000), layers);
  EXPECT_EQ(top(tooSmall[0], MemOperand::I2), 3);
}

TEST(DataLocality, PruningDropsOperandsAboveTheirTop) {
  Hardware hw = macroWithSram(); // cells 0, sram 1, dram 2
  OperandTops tops;
  tops.fill(-1);
  tops[static_cast<unsigned>(MemOperand::I1)] = 1;
  tops[static_cast<unsigned>(MemOperand::O)] = 1;
  Hardware pruned = pruneAboveTops(hw, tops);
  ASSERT_EQ(pruned.memories.size(), 3u);
  EXPECT_EQ(pruned.memories[2].operands,
            std::vector<MemOperand>{MemOperand::I2});
  for (const PortAllocation &a : pruned.memories[2].ports[0].allocations)
    EXPECT_EQ(a.operand, MemOperand::I2);
  EXPECT_EQ(pruned.hierarchy(MemOperand::I1), std::vector<unsigned>{1});
  EXPECT_EQ(pruned.hierarchy(MemOperand::I2), (std::vector<unsigned>{0, 2}));
  // A memory left without operands disappears.
  tops[static_cast<unsigned>(MemOperand::I2)] = 0;
  Hardware onChip = pruneAboveTops(hw, tops);
  ASSERT_EQ(onChip.memories.size(), 2u);
  EXPECT_EQ(onChip.memories[1].name, "sram");
}
