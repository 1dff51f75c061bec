//===- HardwareTest.cpp - Hardware model unit tests -----------------------===//

#include "zigzag/Model/Hardware.h"

#include "CostModelFixtures.h"

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

TEST(HardwareTest, AreaCountsEveryMemoryInstanceAndMac) {
  Hardware hw;
  hw.array.dimNames = {"D1", "D2"};
  hw.array.sizes = {4, 8};
  hw.array.unitArea = 0.5;
  Memory reg; // one per PE: 32 instances
  reg.name = "reg";
  reg.area = 0.25;
  Memory row; // serves D2: one per D1 index, 4 instances
  row.name = "row";
  row.area = 2;
  row.servedDims = {1};
  Memory sram; // shared by the array: one instance
  sram.name = "sram";
  sram.area = 100;
  sram.servedDims = {0, 1};
  hw.memories = {reg, row, sram};
  AreaBreakdown area = computeArea(hw);
  ASSERT_EQ(area.memories.size(), 3u);
  EXPECT_EQ(area.memories[0].instances, 32);
  EXPECT_DOUBLE_EQ(area.memories[0].total(), 8);
  EXPECT_EQ(area.memories[1].instances, 4);
  EXPECT_DOUBLE_EQ(area.memories[1].total(), 8);
  EXPECT_EQ(area.memories[2].instances, 1);
  EXPECT_DOUBLE_EQ(area.memories[2].total(), 100);
  EXPECT_DOUBLE_EQ(area.macArea, 16);
  EXPECT_DOUBLE_EQ(area.total, 8 + 8 + 100 + 16);
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

std::vector<std::string> memoryNames(const Hardware &hw,
                                     const std::vector<unsigned> &indices) {
  std::vector<std::string> names;
  for (unsigned m : indices)
    names.push_back(hw.memories[m].name);
  return names;
}

TEST(HardwareTest, ShareI1ChainWithI2FollowsDeFiNES) {
  // tpu_like: rf_128B [I2], rf_2B [O], sram_2MB [I1, O], dram [I1, I2, O].
  Hardware hw = zigzag::testing::tpuLikeHardware();
  Hardware shared = shareI1ChainWithI2(hw);
  EXPECT_EQ(shared.name, hw.name);
  EXPECT_EQ(shared.array.sizes, hw.array.sizes);
  // The I2-only register is gone; I2 now lives wherever I1 does.
  ASSERT_EQ(shared.memories.size(), 3u);
  EXPECT_EQ(memoryNames(shared, shared.hierarchy(MemOperand::I2)),
            (std::vector<std::string>{"sram_2MB", "dram"}));
  EXPECT_EQ(shared.hierarchy(MemOperand::I2), shared.hierarchy(MemOperand::I1));
  EXPECT_EQ(memoryNames(shared, shared.hierarchy(MemOperand::O)),
            (std::vector<std::string>{"rf_2B", "sram_2MB", "dram"}));
  // I2 is appended after the other operands, with a copy of each I1
  // allocation appended to the same port (the DRAM's own I2 ones dropped).
  const Memory &sram = shared.memories[1];
  EXPECT_EQ(sram.operands, (std::vector<MemOperand>{
                               MemOperand::I1, MemOperand::O, MemOperand::I2}));
  EXPECT_EQ(sram.ports[0].allocations,
            (std::vector<PortAllocation>{{MemOperand::I1, Direction::ToLow},
                                         {MemOperand::O, Direction::ToLow},
                                         {MemOperand::O, Direction::ToHigh},
                                         {MemOperand::I2, Direction::ToLow}}));
  EXPECT_EQ(
      sram.ports[1].allocations,
      (std::vector<PortAllocation>{{MemOperand::I1, Direction::FromHigh},
                                   {MemOperand::O, Direction::FromHigh},
                                   {MemOperand::O, Direction::FromLow},
                                   {MemOperand::I2, Direction::FromHigh}}));
  const Memory &dram = shared.memories[2];
  EXPECT_EQ(dram.operands, (std::vector<MemOperand>{
                               MemOperand::I1, MemOperand::O, MemOperand::I2}));
  EXPECT_EQ(dram.ports[0].allocations,
            (std::vector<PortAllocation>{{MemOperand::I1, Direction::FromHigh},
                                         {MemOperand::I1, Direction::ToLow},
                                         {MemOperand::O, Direction::FromHigh},
                                         {MemOperand::O, Direction::ToLow},
                                         {MemOperand::O, Direction::FromLow},
                                         {MemOperand::O, Direction::ToHigh},
                                         {MemOperand::I2, Direction::FromHigh},
                                         {MemOperand::I2, Direction::ToLow}}));
  EXPECT_TRUE(verifyHardware(shared).empty());
  // Sizes, costs and served dims are untouched.
  EXPECT_EQ(sram.sizeBits, hw.memories[2].sizeBits);
  EXPECT_EQ(sram.servedDims, hw.memories[2].servedDims);
  EXPECT_EQ(dram.readCost, 700);

  // A second application changes nothing.
  Hardware twice = shareI1ChainWithI2(shared);
  ASSERT_EQ(twice.memories.size(), shared.memories.size());
  for (unsigned m = 0; m < twice.memories.size(); ++m) {
    EXPECT_EQ(twice.memories[m].operands, shared.memories[m].operands);
    for (unsigned p = 0; p < twice.memories[m].ports.size(); ++p)
      EXPECT_EQ(twice.memories[m].ports[p].allocations,
                shared.memories[m].ports[p].allocations);
  }
}

TEST(HardwareTest, ShareI1ChainWithI2KeepsSharedI2Levels) {
  // A level holding I2 with another operand loses I2 but stays, with a port
  // that now serves nothing; a level without I1 gets no I2.
  Hardware hw = zigzag::testing::gemmL1Hardware();
  Hardware shared = shareI1ChainWithI2(hw);
  for (const Memory &memory : shared.memories) {
    EXPECT_EQ(memory.serves(MemOperand::I2), memory.serves(MemOperand::I1))
        << memory.name;
    for (const Port &port : memory.ports)
      for (const PortAllocation &alloc : port.allocations) {
        if (alloc.operand == MemOperand::I2)
          EXPECT_NE(memory.portFor(MemOperand::I1, alloc.direction), nullptr)
              << memory.name << " " << port.name;
      }
  }
  // gemm_l1's l1 reads I1 and I2 through separate ports: I2 moves to I1's.
  const Memory &l1 = shared.memories[1];
  EXPECT_EQ(l1.ports[0].allocations,
            (std::vector<PortAllocation>{{MemOperand::I1, Direction::ToLow},
                                         {MemOperand::I2, Direction::ToLow}}));
  EXPECT_TRUE(l1.ports[1].allocations.empty());
  EXPECT_FALSE(shared.memories[0].serves(MemOperand::I2));
  EXPECT_EQ(shared.hierarchy(MemOperand::I2), shared.hierarchy(MemOperand::I1));
  EXPECT_EQ(shared.hierarchy(MemOperand::O), hw.hierarchy(MemOperand::O));
}

} // namespace
