//===- HardwareConversionTest.cpp - #zigzag.accelerator <-> Hardware ------===//

#include "zigzag/Analysis/HardwareConversion.h"
#include "zigzag/Import/HardwareYAML.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace mlir;
using mlir::zigzag::AcceleratorAttr;
using mlir::zigzag::convertHardware;
using mlir::zigzag::ZigZagDialect;

namespace {

void expectSameHardware(const ::zigzag::Hardware &a,
                        const ::zigzag::Hardware &b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.array.dimNames, b.array.dimNames);
  EXPECT_EQ(a.array.sizes, b.array.sizes);
  EXPECT_EQ(a.array.unitEnergy, b.array.unitEnergy);
  EXPECT_EQ(a.array.unitArea, b.array.unitArea);
  EXPECT_EQ(a.array.imc, b.array.imc);
  ASSERT_EQ(a.memories.size(), b.memories.size());
  for (size_t m = 0; m < a.memories.size(); ++m) {
    const ::zigzag::Memory &x = a.memories[m], &y = b.memories[m];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.sizeBits, y.sizeBits);
    EXPECT_EQ(x.readCost, y.readCost);
    EXPECT_EQ(x.writeCost, y.writeCost);
    EXPECT_EQ(x.area, y.area);
    EXPECT_EQ(x.latency, y.latency);
    EXPECT_EQ(x.operands, y.operands);
    EXPECT_EQ(x.servedDims, y.servedDims);
    EXPECT_EQ(x.forceDoubleBuffering, y.forceDoubleBuffering);
    EXPECT_EQ(x.memType, y.memType);
    EXPECT_EQ(x.autoCostExtraction, y.autoCostExtraction);
    ASSERT_EQ(x.ports.size(), y.ports.size());
    for (size_t p = 0; p < x.ports.size(); ++p) {
      EXPECT_EQ(x.ports[p].name, y.ports[p].name);
      EXPECT_EQ(x.ports[p].type, y.ports[p].type);
      EXPECT_EQ(x.ports[p].bandwidthMin, y.ports[p].bandwidthMin);
      EXPECT_EQ(x.ports[p].bandwidthMax, y.ports[p].bandwidthMax);
      EXPECT_EQ(x.ports[p].allocations, y.ports[p].allocations);
    }
  }
}

class HardwareConversionTest : public ::testing::Test {
protected:
  HardwareConversionTest() { context.getOrLoadDialect<ZigZagDialect>(); }

  /// Model -> attribute -> text -> attribute -> model; checks each step.
  void roundTrip(const ::zigzag::Hardware &hw) {
    FailureOr<AcceleratorAttr> attr = convertHardware(
        &context, hw, [&] { return emitError(UnknownLoc::get(&context)); });
    ASSERT_TRUE(succeeded(attr));
    expectSameHardware(convertHardware(*attr), hw);

    std::string text;
    llvm::raw_string_ostream os(text);
    Attribute(*attr).print(os);
    Attribute parsed = parseAttribute(text, &context);
    ASSERT_TRUE(parsed) << text;
    EXPECT_EQ(parsed, *attr) << text;
  }

  MLIRContext context;
};

TEST_F(HardwareConversionTest, RoundTripsEveryField) {
  llvm::Expected<::zigzag::Hardware> hw = ::zigzag::parseHardwareYAML(
      R"(name: mixed
operational_array: {dimensions: [D1, D2, D3], sizes: [2, 3, 4], unit_energy: 0.1, unit_area: 2.5}
memories:
  reg:
    size: 16
    r_cost: 0.30000000000000004
    w_cost: 1e-3
    area: 7
    latency: 0
    operands: [I2]
    served_dimensions: [D3]
    ports:
      - {name: p, type: read_write, bandwidth_min: 8, bandwidth_max: 8, allocation: ["I2, tl", "I2, fh"]}
      - {name: unused, type: read, bandwidth_min: 1, bandwidth_max: 2, allocation: []}
  dram:
    size: 10000000000
    r_cost: 700
    w_cost: 750
    area: 0
    latency: 10
    operands: [I1, I2, O]
    served_dimensions: [D3, D1, D2]
    force_double_buffering: true
    mem_type: dram
    auto_cost_extraction: false
    ports:
      - {name: rw, type: read_write, bandwidth_min: 64, bandwidth_max: 64,
         allocation: ["I1, tl", "I2, tl", "I2, fh", "O, fl", "O, th", "O, tl", "O, fh"]}
)",
      "mixed.yaml");
  ASSERT_TRUE(bool(hw)) << llvm::toString(hw.takeError());
  roundTrip(*hw);
}

TEST_F(HardwareConversionTest, RoundTripsAnImcMacro) {
  // A digital macro, dims written out of name order (roles follow names).
  llvm::Expected<::zigzag::Hardware> hw = ::zigzag::parseHardwareYAML(
      R"(name: dimc
operational_array: {is_imc: true, imc_type: digital, input_precision: [8, 4],
                    bit_serial_precision: 2, dimensions: [D2, D1], sizes: [64, 32]}
memories:
  cells:
    {size: 4, r_cost: 0, w_cost: 0.05, area: 0, latency: 0, operands: [I2], served_dimensions: [],
     ports: [{name: rw, type: read_write, bandwidth_min: 4, bandwidth_max: 4, allocation: ["I2, fh", "I2, tl"]}]}
  dram:
    {size: 100000000, r_cost: 700, w_cost: 750, area: 0, latency: 1, operands: [I1, I2, O],
     served_dimensions: [D1, D2],
     ports: [{name: rw, type: read_write, bandwidth_min: 64, bandwidth_max: 64,
              allocation: ["I1, tl", "I2, tl", "I2, fh", "O, fl", "O, th", "O, tl", "O, fh"]}]}
)",
      "dimc.yaml");
  ASSERT_TRUE(bool(hw)) << llvm::toString(hw.takeError());
  ASSERT_TRUE(hw->array.imc.has_value());
  EXPECT_EQ(hw->array.imc->type, ::zigzag::ImcType::Digital);
  EXPECT_EQ(hw->array.imc->activationPrecision, 8);
  EXPECT_EQ(hw->array.imc->weightPrecision, 4);
  EXPECT_EQ(hw->array.imc->bitSerialPrecision, 2);
  EXPECT_EQ(hw->array.imc->adcResolution, 0);
  EXPECT_EQ(hw->array.unitEnergy, 0); // optional for IMC arrays
  roundTrip(*hw);
}

TEST_F(HardwareConversionTest, RejectsInconsistentHardware) {
  ::zigzag::Hardware hw;
  hw.name = "broken";
  hw.array.dimNames = {"D1"};
  hw.array.sizes = {4};
  ::zigzag::Memory memory;
  memory.name = "m";
  memory.sizeBits = 8;
  memory.operands = {::zigzag::MemOperand::I1};
  memory.ports = {{"p", ::zigzag::PortType::Read, 8, 8, {}}};
  memory.servedDims = {3};
  hw.memories = {memory};

  std::vector<std::string> messages;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    messages.push_back(diag.str());
    return success();
  });
  auto emit = [&] { return emitError(UnknownLoc::get(&context)); };
  EXPECT_TRUE(failed(convertHardware(&context, hw, emit)));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "memory 'm' serves dimension #3, but the "
                         "operational array has 1 dimensions");

  messages.clear();
  hw.memories[0].servedDims = {0};
  EXPECT_TRUE(failed(convertHardware(&context, hw, emit)));
  ASSERT_EQ(messages.size(), 2u); // I2 and O are stored nowhere
  EXPECT_EQ(messages[0], "operand 'I2' is not held by any memory; add it to "
                         "the operands of at least one memory (usually the "
                         "outermost one, e.g. DRAM)");
}

TEST_F(HardwareConversionTest, ReferenceHardwareRoundTrips) {
  const char *dir = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!dir || !llvm::sys::fs::is_directory(dir))
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  for (const char *name : {"tpu_like", "eyeriss_like", "edge_tpu_like",
                           "meta_prototype", "tesla_npu_like", "ascend_like",
                           "gemm_l1", "gemm_l1_l3", "generic_array_cacti"}) {
    SCOPED_TRACE(name);
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, "zigzag-inputs", "hardware",
                            std::string(name) + ".yaml");
    llvm::Expected<::zigzag::Hardware> hw =
        ::zigzag::readHardwareYAMLFile(path);
    ASSERT_TRUE(bool(hw)) << llvm::toString(hw.takeError());
    roundTrip(*hw);
  }
}

} // namespace
