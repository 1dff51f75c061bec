//===- HardwareTest.cpp - Hardware model unit tests -----------------------===//

#include "zigzag/Model/Hardware.h"

#include <gtest/gtest.h>

#include <limits>

using namespace zigzag;

namespace {

TEST(HardwareTest, OperandAndDirectionNamesRoundTrip) {
  for (MemOperand op : kAllMemOperands)
    EXPECT_EQ(parseMemOperand(toString(op)), op);
  EXPECT_EQ(parseDirection("fh"), Direction::FromHigh);
  EXPECT_EQ(parseDirection("th"), Direction::ToHigh);
  EXPECT_FALSE(parseDirection("xx").has_value());
  EXPECT_EQ(parsePortType("read_write"), PortType::ReadWrite);
}

TEST(HardwareTest, UnrollCountIsProductOfUnservedDims) {
  Hardware hw;
  hw.array.dimNames = {"D1", "D2"};
  hw.array.sizes = {32, 16};
  Memory reg;
  reg.name = "reg";
  reg.operands = {MemOperand::O};
  Memory sram;
  sram.name = "sram";
  sram.operands = {MemOperand::I1, MemOperand::O};
  sram.servedDims = {0, 1};
  Memory row;
  row.name = "row";
  row.operands = {MemOperand::I2};
  row.servedDims = {1};
  hw.memories = {reg, sram, row};
  EXPECT_EQ(hw.unrollCount(0), 512);
  EXPECT_EQ(hw.unrollCount(1), 1);
  EXPECT_EQ(hw.unrollCount(2), 32);
  EXPECT_EQ(hw.hierarchy(MemOperand::O), (std::vector<unsigned>{0, 1}));
  EXPECT_EQ(hw.hierarchy(MemOperand::I2), (std::vector<unsigned>{2}));
}

/// A consistent two-level accelerator: per-MAC output registers under a DRAM
/// shared by the whole 4x2 array.
Hardware makeTiny() {
  Hardware hw;
  hw.name = "tiny";
  hw.array.dimNames = {"D1", "D2"};
  hw.array.sizes = {4, 2};
  hw.array.unitEnergy = 0.5;
  hw.array.unitArea = 1;

  Memory reg;
  reg.name = "rf_O";
  reg.sizeBits = 32;
  reg.readCost = 0.02;
  reg.writeCost = 0.03;
  reg.latency = 1;
  reg.operands = {MemOperand::O};
  Port rw{"rw_port_1", PortType::ReadWrite, 16, 16, {}};
  rw.allocations = {{MemOperand::O, Direction::ToLow},
                    {MemOperand::O, Direction::ToHigh},
                    {MemOperand::O, Direction::FromHigh},
                    {MemOperand::O, Direction::FromLow}};
  reg.ports = {rw};

  Memory dram;
  dram.name = "dram";
  dram.sizeBits = 1000000;
  dram.readCost = 100;
  dram.writeCost = 120.5;
  dram.latency = 1;
  dram.operands = {MemOperand::I1, MemOperand::I2, MemOperand::O};
  Port read{"r_port_1", PortType::Read, 8, 64, {}};
  read.allocations = {{MemOperand::I1, Direction::ToLow},
                      {MemOperand::I2, Direction::ToLow},
                      {MemOperand::O, Direction::ToLow},
                      {MemOperand::O, Direction::ToHigh}};
  Port write{"w_port_1", PortType::Write, 8, 64, {}};
  write.allocations = {{MemOperand::O, Direction::FromLow},
                       {MemOperand::O, Direction::FromHigh}};
  dram.ports = {read, write};
  dram.servedDims = {0, 1};
  hw.memories = {reg, dram};
  return hw;
}

/// The only error of `hw`, or a failure if there are none or several.
HardwareError onlyError(const Hardware &hw) {
  std::vector<HardwareError> errors = verifyHardware(hw);
  if (errors.size() != 1)
    for (const HardwareError &e : errors)
      ADD_FAILURE() << "unexpected error: " << e.message;
  EXPECT_EQ(errors.size(), 1u);
  return errors.empty() ? HardwareError{} : errors.front();
}

TEST(VerifyHardwareTest, ConsistentHardwareHasNoErrors) {
  Hardware hw = makeTiny();
  EXPECT_TRUE(verifyHardware(hw).empty());
  EXPECT_EQ(hw.unrollCount(0), 8);
  EXPECT_EQ(hw.unrollCount(1), 1);
  EXPECT_EQ(hw.memories[1].portFor(MemOperand::O, Direction::FromLow)->name,
            "w_port_1");
}

TEST(VerifyHardwareTest, OperandWithoutMemory) {
  Hardware hw = makeTiny();
  hw.memories[1].operands = {MemOperand::I1, MemOperand::O};
  hw.memories[1].ports[0].allocations.erase(
      hw.memories[1].ports[0].allocations.begin() + 1);
  HardwareError e = onlyError(hw);
  EXPECT_EQ(e.message, "operand 'I2' is not held by any memory; add it to the "
                       "operands of at least one memory (usually the "
                       "outermost one, e.g. DRAM)");
  EXPECT_EQ(e.memory, -1);
  EXPECT_EQ(e.field, "memories");
}

TEST(VerifyHardwareTest, AllocationForUnservedOperand) {
  Hardware hw = makeTiny();
  hw.memories[0].ports[0].allocations[1] = {MemOperand::I1, Direction::ToHigh};
  HardwareError e = onlyError(hw);
  EXPECT_EQ(e.message,
            "memory 'rf_O', port 'rw_port_1': allocates operand 'I1', which "
            "the memory does not serve; add 'I1' to the memory's operands or "
            "remove the allocation");
  EXPECT_EQ(e.memory, 0);
  EXPECT_EQ(e.port, 0);
  EXPECT_EQ(e.field, "allocation");
  EXPECT_EQ(e.item, 1);
}

TEST(VerifyHardwareTest, PortTypeMustMatchDirection) {
  Hardware hw = makeTiny();
  hw.memories[1].ports[0].allocations.push_back(
      {MemOperand::O, Direction::FromLow});
  HardwareError e = onlyError(hw);
  EXPECT_EQ(e.message,
            "memory 'dram', port 'r_port_1': a read port cannot carry 'O, "
            "fl' (data written into the memory); make the port 'write' or "
            "'read_write', or move the allocation to a write port");
  EXPECT_EQ(e.item, 4);

  hw = makeTiny();
  hw.memories[1].ports[1].allocations[0].direction = Direction::ToHigh;
  e = onlyError(hw);
  EXPECT_EQ(e.message,
            "memory 'dram', port 'w_port_1': a write port cannot carry 'O, "
            "th' (data read out of the memory); make the port 'read' or "
            "'read_write', or move the allocation to a read port");
  EXPECT_EQ(e.port, 1);
}

TEST(VerifyHardwareTest, Bandwidths) {
  Hardware hw = makeTiny();
  hw.memories[1].ports[0].bandwidthMin = 128;
  HardwareError e = onlyError(hw);
  EXPECT_EQ(e.message, "memory 'dram', port 'r_port_1': bandwidth_min (128) "
                       "is larger than bandwidth_max (64); bandwidth_min is "
                       "the access granularity and cannot exceed the port "
                       "width");
  EXPECT_EQ(e.field, "bandwidth_min");

  hw = makeTiny();
  hw.memories[1].ports[0].bandwidthMin = 0;
  EXPECT_EQ(onlyError(hw).message,
            "memory 'dram', port 'r_port_1': bandwidth_min must be positive "
            "(bits/cycle), got 0");

  // A negative maximum is also below the minimum: both are reported.
  hw = makeTiny();
  hw.memories[0].ports[0].bandwidthMax = -16;
  std::vector<HardwareError> errors = verifyHardware(hw);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "bandwidth_max");
  EXPECT_EQ(errors[1].field, "bandwidth_min");
}

TEST(VerifyHardwareTest, SizesMustBePositive) {
  Hardware hw = makeTiny();
  hw.memories[0].sizeBits = 0;
  HardwareError e = onlyError(hw);
  EXPECT_EQ(e.message, "memory 'rf_O': size must be positive (bits), got 0");
  EXPECT_EQ(e.field, "size");
  EXPECT_EQ(e.port, -1);

  hw = makeTiny();
  hw.array.sizes[1] = -2;
  e = onlyError(hw);
  EXPECT_EQ(e.message,
            "array dimension 'D2' has size -2; sizes must be positive");
  EXPECT_EQ(e.field, "sizes");
  EXPECT_EQ(e.item, 1);
}

TEST(VerifyHardwareTest, DimensionNames) {
  Hardware hw = makeTiny();
  hw.array.dimNames[1] = "D1";
  hw.memories[1].servedDims = {0};
  EXPECT_EQ(onlyError(hw).message, "array dimension 'D1' is declared twice; "
                                   "dimension names must be unique");

  hw = makeTiny();
  hw.memories[1].servedDims = {0, 0};
  HardwareError e = onlyError(hw);
  EXPECT_EQ(e.message, "memory 'dram': lists served dimension 'D1' twice; "
                       "remove the duplicate");
  EXPECT_EQ(e.item, 1);

  hw = makeTiny();
  hw.memories[1].servedDims = {0, 2};
  EXPECT_EQ(onlyError(hw).message,
            "memory 'dram': serves dimension #2, but the operational array "
            "has 2 dimensions");

  hw = makeTiny();
  hw.array.sizes.push_back(3);
  EXPECT_EQ(onlyError(hw).message,
            "the operational array has 2 dimension names but 3 sizes; give "
            "exactly one size per dimension");
}

TEST(VerifyHardwareTest, DuplicateNames) {
  Hardware hw = makeTiny();
  hw.memories[1].name = "rf_O";
  HardwareError e = onlyError(hw);
  EXPECT_EQ(e.message, "memory 'rf_O': another memory (#1 in declaration "
                       "order) has the same name; memory names must be "
                       "unique");
  EXPECT_EQ(e.memory, 1);
  EXPECT_EQ(e.field, "name");

  hw = makeTiny();
  hw.memories[1].ports[1].name = "r_port_1";
  e = onlyError(hw);
  EXPECT_EQ(e.message, "memory 'dram', port 'r_port_1': another port of this "
                       "memory has the same name; port names must be unique "
                       "within a memory");
  EXPECT_EQ(e.port, 1);
}

TEST(VerifyHardwareTest, CostsAndKinds) {
  Hardware hw = makeTiny();
  hw.memories[0].readCost = -1;
  EXPECT_EQ(onlyError(hw).message, "memory 'rf_O': r_cost must be a finite "
                                   "non-negative number, got -1");
  hw = makeTiny();
  hw.array.unitEnergy = std::numeric_limits<double>::infinity();
  EXPECT_EQ(onlyError(hw).field, "unit_energy");
  hw = makeTiny();
  hw.memories[1].memType = "flash";
  EXPECT_EQ(onlyError(hw).message,
            "memory 'dram': mem_type must be 'sram' or 'dram', got 'flash'");
  hw = makeTiny();
  hw.memories[0].ports.clear();
  EXPECT_EQ(onlyError(hw).message, "memory 'rf_O': has no ports; add at least "
                                   "one port to move data in and out");
}

TEST(VerifyHardwareTest, PartsCheckOnTheirOwn) {
  Hardware hw = makeTiny();
  Port port = hw.memories[1].ports[0];
  port.bandwidthMax = 4;
  std::vector<HardwareError> errors = verifyPort(port);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message,
            "port 'r_port_1': bandwidth_min (8) is larger than bandwidth_max "
            "(4); bandwidth_min is the access granularity and cannot exceed "
            "the port width");

  Memory memory = hw.memories[0];
  memory.operands.push_back(MemOperand::O);
  errors = verifyMemory(memory);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message,
            "memory 'rf_O': lists operand 'O' twice; remove the duplicate");

  OperationalArray array = hw.array;
  array.dimNames.clear();
  array.sizes.clear();
  errors = verifyOperationalArray(array);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "dimensions");
}

} // namespace
