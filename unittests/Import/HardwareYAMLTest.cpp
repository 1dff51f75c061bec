//===- HardwareYAMLTest.cpp - ZigZag hardware YAML reader tests -----------===//

#include "zigzag/Import/HardwareYAML.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

using namespace zigzag;

namespace {

/// A small consistent accelerator (the same as
/// test/Import/hardware/Inputs/tiny.yaml, in flow style).
constexpr const char *kTiny = R"(name: tiny
operational_array: {dimensions: [D1, D2], sizes: [4, 2], unit_energy: 0.5, unit_area: 1}
memories:
  rf_O:
    {size: 32, r_cost: 0.02, w_cost: 0.03, area: 0, latency: 1, operands: [O],
     served_dimensions: [],
     ports: [{name: rw_port_1, type: read_write, bandwidth_min: 16, bandwidth_max: 16,
              allocation: ["O, tl", "O, th", "O, fh", "O, fl"]}]}
  dram:
    {size: 1000000, r_cost: 100, w_cost: 120.5, area: 0, latency: 1, operands: [I1, I2, O],
     served_dimensions: [D1, D2],
     ports: [{name: r_port_1, type: read, bandwidth_min: 8, bandwidth_max: 64,
              allocation: ["I1, tl", "I2, tl", "O, tl", "O, th"]},
             {name: w_port_1, type: write, bandwidth_min: 8, bandwidth_max: 64,
              allocation: ["O, fl", "O, fh"]}]}
)";

/// kTiny with the first occurrence of `from` replaced by `to`.
std::string tinyWith(llvm::StringRef from, llvm::StringRef to) {
  std::string text = kTiny;
  size_t pos = text.find(from.str());
  EXPECT_NE(pos, std::string::npos) << from.str();
  if (pos != std::string::npos)
    text.replace(pos, from.size(), to.str());
  return text;
}

/// The rendered error of parsing `text`, "" if it parses.
std::string errorOf(llvm::StringRef text) {
  llvm::Expected<Hardware> hw = parseHardwareYAML(text, "hw.yaml");
  if (hw)
    return "";
  return llvm::toString(hw.takeError());
}

TEST(HardwareYAMLTest, ReadsEveryField) {
  llvm::Expected<Hardware> hw = parseHardwareYAML(kTiny, "tiny.yaml");
  ASSERT_TRUE(bool(hw)) << llvm::toString(hw.takeError());
  EXPECT_EQ(hw->name, "tiny");
  EXPECT_EQ(hw->array.dimNames, (std::vector<std::string>{"D1", "D2"}));
  EXPECT_EQ(hw->array.sizes, (std::vector<int64_t>{4, 2}));
  EXPECT_DOUBLE_EQ(hw->array.unitEnergy, 0.5);
  ASSERT_EQ(hw->memories.size(), 2u);
  const Memory &dram = hw->memories[1];
  EXPECT_EQ(dram.name, "dram");
  EXPECT_EQ(dram.sizeBits, 1000000);
  EXPECT_DOUBLE_EQ(dram.writeCost, 120.5);
  EXPECT_EQ(dram.servedDims, (std::vector<unsigned>{0, 1}));
  ASSERT_EQ(dram.ports.size(), 2u);
  EXPECT_EQ(dram.ports[0].type, PortType::Read);
  EXPECT_EQ(dram.ports[0].bandwidthMin, 8);
  EXPECT_EQ(dram.ports[0].bandwidthMax, 64);
  EXPECT_EQ(
      dram.ports[1].allocations,
      (std::vector<PortAllocation>{{MemOperand::O, Direction::FromLow},
                                   {MemOperand::O, Direction::FromHigh}}));
  EXPECT_EQ(dram.memType, "sram");
  EXPECT_FALSE(dram.forceDoubleBuffering);
  EXPECT_EQ(hw->hierarchy(MemOperand::O), (std::vector<unsigned>{0, 1}));
  EXPECT_EQ(hw->unrollCount(0), 8);
}

TEST(HardwareYAMLTest, UnknownKeyIsLocatedAndListsValidKeys) {
  // The misspelled key also leaves r_cost missing: both are reported.
  EXPECT_EQ(errorOf(tinyWith("r_cost: 100", "r_kost: 100")),
            "hw.yaml:10:21: error: unknown key 'r_kost' in memory 'dram' (did "
            "you mean 'r_cost'?); valid keys are: size, r_cost, w_cost, area, "
            "latency, operands, ports, served_dimensions, "
            "force_double_buffering, mem_type, auto_cost_extraction (keys "
            "starting with 'defines_' are ignored)\n"
            "    {size: 1000000, r_kost: 100, w_cost: 120.5, area: 0, "
            "latency: 1, operands: [I1, I2, O],\n"
            "                    ^~~~~~\n"
            "hw.yaml:9:3: error: memory 'dram' is missing the required key "
            "'r_cost' (energy per read of bandwidth_max bits)\n"
            "  dram:\n"
            "  ^~~~");
}

TEST(HardwareYAMLTest, DefinesKeysAreIgnored) {
  EXPECT_EQ(errorOf(tinyWith("r_cost: 100", "r_cost: 100, defines_bank: 1")),
            "");
}

TEST(HardwareYAMLTest, DuplicateKeyKeepsTheLastValue) {
  llvm::Expected<Hardware> hw =
      parseHardwareYAML(tinyWith("size: 32,", "size: 8, size: 32,"), "hw.yaml");
  ASSERT_TRUE(bool(hw)) << llvm::toString(hw.takeError());
  EXPECT_EQ(hw->memories[0].sizeBits, 32);
}

TEST(HardwareYAMLTest, DuplicateMemoryNamesAreRejected) {
  std::string error = errorOf(tinyWith("  dram:", "  rf_O:"));
  EXPECT_NE(error.find("hw.yaml:9:3: error: memory 'rf_O': another memory (#1 "
                       "in declaration order) has the same name"),
            std::string::npos)
      << error;
}

TEST(HardwareYAMLTest, ValueErrors) {
  EXPECT_NE(errorOf(tinyWith("size: 32", "size: '32'"))
                .find("hw.yaml:5:12: error: 'size' in memory 'rf_O' must be an "
                      "integer, got '32'"),
            std::string::npos);
  EXPECT_NE(errorOf(tinyWith("\"O, fl\"", "\"O, up\""))
                .find("hw.yaml:8:55: error: unknown direction 'up' in "
                      "allocation 'O, up' of port 'rw_port_1'; valid "
                      "directions are fh (from higher level), tl (to lower "
                      "level), fl (from lower level), th (to higher level)"),
            std::string::npos);
  EXPECT_NE(errorOf(tinyWith("[D1, D2],\n     ports", "[D1, D9],\n     ports"))
                .find("unknown dimension 'D9' in served_dimensions of memory "
                      "'dram'; the operational array has D1, D2"),
            std::string::npos);
  EXPECT_NE(errorOf(tinyWith("size: 32", "size: -32"))
                .find("hw.yaml:5:12: error: memory 'rf_O': size must be "
                      "positive (bits), got -32"),
            std::string::npos);
  EXPECT_NE(errorOf(tinyWith("w_cost: 0.03, ", ""))
                .find("hw.yaml:4:3: error: memory 'rf_O' is missing the "
                      "required key 'w_cost'"),
            std::string::npos);
}

TEST(HardwareYAMLTest, MissingTopLevelKey) {
  EXPECT_EQ(errorOf("name: x\noperational_array: {dimensions: [D1], sizes: "
                    "[2], unit_energy: 1, unit_area: 1}\n"),
            "hw.yaml:1:1: error: the hardware description is missing the "
            "required key 'memories' (a mapping from memory name to its "
            "description, innermost memory first)\n"
            "name: x\n"
            "^");
}

/// ZIGZAG_REFERENCE_DIR/<relative>, or "" when the reference data is absent.
std::string referencePath(llvm::StringRef relative) {
  const char *dir = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!dir || !llvm::sys::fs::is_directory(dir))
    return "";
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, relative);
  return std::string(path);
}

TEST(HardwareYAMLTest, TpuLikeFromTheReference) {
  std::string path = referencePath("zigzag-inputs/hardware/tpu_like.yaml");
  if (path.empty())
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  llvm::Expected<Hardware> hw = readHardwareYAMLFile(path);
  ASSERT_TRUE(bool(hw)) << llvm::toString(hw.takeError());
  // Numbers from cost-model.md §2.3.
  EXPECT_EQ(hw->name, "tpu_like");
  EXPECT_EQ(hw->array.sizes, (std::vector<int64_t>{32, 32}));
  EXPECT_DOUBLE_EQ(hw->array.unitEnergy, 0.04);
  ASSERT_EQ(hw->memories.size(), 4u);
  EXPECT_EQ(hw->memories[0].name, "rf_128B");
  EXPECT_EQ(hw->memories[3].name, "dram");
  EXPECT_EQ(hw->memories[3].sizeBits, 10000000000);
  const Memory &sram = hw->memories[2];
  EXPECT_EQ(sram.name, "sram_2MB");
  EXPECT_EQ(sram.sizeBits, 16777216);
  EXPECT_DOUBLE_EQ(sram.readCost, 416.16);
  EXPECT_DOUBLE_EQ(sram.writeCost, 378.4);
  EXPECT_EQ(sram.operands,
            (std::vector<MemOperand>{MemOperand::I1, MemOperand::O}));
  EXPECT_EQ(sram.servedDims, (std::vector<unsigned>{0, 1}));
  // The duplicated `ports:` key: the second list wins.
  ASSERT_EQ(sram.ports.size(), 2u);
  EXPECT_EQ(sram.ports[0].name, "r_port_1");
  EXPECT_EQ(sram.ports[0].bandwidthMin, 64);
  EXPECT_EQ(sram.ports[0].bandwidthMax, 2048);
  EXPECT_EQ(sram.portFor(MemOperand::O, Direction::FromLow)->name, "w_port_1");
  EXPECT_EQ(hw->hierarchy(MemOperand::O), (std::vector<unsigned>{1, 2, 3}));
  EXPECT_EQ(hw->hierarchy(MemOperand::I1), (std::vector<unsigned>{2, 3}));
  EXPECT_EQ(hw->hierarchy(MemOperand::I2), (std::vector<unsigned>{0, 3}));
  EXPECT_EQ(hw->unrollCount(0), 1024);
  EXPECT_EQ(hw->unrollCount(2), 1);
}

TEST(HardwareYAMLTest, EveryReferenceHardwareFileReads) {
  std::string root = referencePath("");
  if (root.empty())
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  unsigned files = 0;
  for (const char *dir :
       {"zigzag-inputs/hardware", "defines-inputs/hardware"}) {
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(referencePath(dir), ec), end;
         it != end && !ec; it.increment(ec)) {
      if (llvm::sys::path::extension(it->path()) != ".yaml")
        continue;
      llvm::Expected<Hardware> hw = readHardwareYAMLFile(it->path());
      EXPECT_TRUE(bool(hw))
          << it->path() << ": " << (hw ? "" : llvm::toString(hw.takeError()));
      ++files;
    }
  }
  EXPECT_EQ(files, 19u); // 9 ZigZag + 10 DeFiNES accelerators
}

} // namespace
