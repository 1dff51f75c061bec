//===- HardwareTest.cpp - Hardware model unit tests -----------------------===//

#include "zigzag/Model/Hardware.h"

#include <gtest/gtest.h>

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

} // namespace
