//===- DesignSpaceTest.cpp - Design spaces, CACTI table, generator --------===//

#include "zigzag/Explore/DesignSpace.h"
#include "zigzag/Import/HardwareYAML.h"

#include "ExploreFixtures.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

using namespace zigzag;
using namespace zigzag::explore;
using zigzag::testing::parseSpaceText;

namespace {

/// Registers (16 or 64 bits, per PE), an optional L1 (1 or 4 KiB, shared by
/// the array, separate or shared, bypassable) and DRAM.
const char *kSmallSpace = R"(
name: small
pe_arrays:
  - {dimensions: [D1, D2], sizes: [4, 4]}
mac: {energy: 0.5, area: 0.001}
memory_pool:
  - {name: reg16, size: 16, bandwidth: 16, r_cost: 0.01, w_cost: 0.02, area: 0.0001}
  - {name: reg64, size: 64, bandwidth: 16, r_cost: 0.03, w_cost: 0.04, area: 0.0003}
  - {name: l1_1k, size: 8192, bandwidth: 64, r_cost: 1, w_cost: 2, area: 0.01}
  - {name: l1_4k, size: 32768, bandwidth: 64, r_cost: 2, w_cost: 3, area: 0.03}
  - {name: dram, size: 1e10, bandwidth: 64, r_cost: 100, w_cost: 120, area: 0, mem_type: dram}
levels:
  - name: reg
    memories: [reg16, reg64]
    sharing: [separate]
  - name: L1
    memories: [l1_1k, l1_4k]
    sharing: [separate, shared]
    bypass: true
    served_dimensions: [D1, D2]
  - name: off
    memories: [dram]
    served_dimensions: [D1, D2]
)";

TEST(DesignSpaceTest, EnumeratesEveryHierarchyOnce) {
  std::string errors;
  std::optional<DesignSpace> space = parseSpaceText(kSmallSpace, &errors);
  ASSERT_TRUE(space) << errors;
  EnumerationStats stats;
  std::vector<Design> designs = enumerateDesigns(*space, &stats);
  // reg: 2^3 choices. L1: separate 3^3 (bypass, 1k, 4k per operand) +
  // shared 3, of which all-bypassed is the same hierarchy twice -> 29.
  EXPECT_EQ(stats.combinations, 8u * 30u);
  EXPECT_EQ(stats.duplicates, 8u);
  EXPECT_EQ(designs.size(), 8u * 29u);
  std::set<std::string> texts;
  for (unsigned i = 0; i < designs.size(); ++i) {
    const Design &d = designs[i];
    EXPECT_EQ(d.id, i);
    EXPECT_TRUE(verifyHardware(d.hw).empty());
    // The hierarchy is the identity: names aside, no two designs equal.
    std::string text = toHardwareYAML(d.hw);
    text.erase(0, text.find("operational_array"));
    EXPECT_TRUE(texts.insert(text).second) << text;
    for (MemOperand op : kAllMemOperands) {
      std::vector<unsigned> levels = d.hw.hierarchy(op);
      ASSERT_FALSE(levels.empty());
      EXPECT_EQ(d.hw.memories[levels.back()].memType, "dram");
      for (unsigned k = 1; k < levels.size(); ++k)
        EXPECT_GT(d.hw.memories[levels[k]].sizeBits,
                  d.hw.memories[levels[k - 1]].sizeBits);
    }
    EXPECT_DOUBLE_EQ(d.area, computeArea(d.hw).total);
  }
}

TEST(DesignSpaceTest, CapacitiesMustGrowOutward) {
  std::string text = kSmallSpace;
  // A 64-bit L1 is never larger than a 64-bit register.
  text.replace(text.find("size: 8192"), 10, "size: 64  ");
  std::optional<DesignSpace> space = parseSpaceText(text);
  ASSERT_TRUE(space);
  EnumerationStats stats;
  std::vector<Design> designs = enumerateDesigns(*space, &stats);
  EXPECT_GT(stats.rejectedCapacity, 0u);
  for (const Design &d : designs)
    for (MemOperand op : kAllMemOperands) {
      std::vector<unsigned> levels = d.hw.hierarchy(op);
      for (unsigned k = 1; k < levels.size(); ++k)
        EXPECT_GT(d.hw.memories[levels[k]].sizeBits,
                  d.hw.memories[levels[k - 1]].sizeBits);
    }
}

TEST(DesignSpaceTest, ConstraintsFilterDesigns) {
  std::string text =
      std::string(kSmallSpace) + "constraints: {max_on_chip_bits: 40000}\n";
  std::optional<DesignSpace> space = parseSpaceText(text);
  ASSERT_TRUE(space);
  EnumerationStats stats;
  std::vector<Design> designs = enumerateDesigns(*space, &stats);
  EXPECT_GT(stats.rejectedBits, 0u);
  ASSERT_FALSE(designs.empty());
  for (const Design &d : designs)
    EXPECT_LE(d.onChipBits, 40000);
}

TEST(DesignSpaceTest, LocatedErrors) {
  std::string errors;
  // A sharing option naming an operand the level cannot serve.
  std::string text = kSmallSpace;
  text.replace(text.find("sharing: [separate, shared]"), 27,
               "operands: [I1, O]\n    sharing: [[[I1, I2], [O]]]");
  EXPECT_FALSE(parseSpaceText(text, &errors));
  EXPECT_NE(errors.find("space.yaml:19:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("level 'L1' cannot serve I2"), std::string::npos)
      << errors;

  EXPECT_FALSE(parseSpaceText("pe_arrays: [{dimensions: [D1], sizes: [2]}]\n"
                              "mac: {energy: 1, area: 1}\nmemory_pool: []\n"
                              "levels: []\n",
                              &errors));
  EXPECT_NE(errors.find("space.yaml:3:15: error: the memory pool is empty"),
            std::string::npos)
      << errors;

  text = std::string(kSmallSpace) + "constraints: {max_area_mm2: 0.00001}\n";
  EXPECT_FALSE(parseSpaceText(text, &errors));
  EXPECT_NE(errors.find("space.yaml:24:15: error: no design satisfies the "
                        "constraints"),
            std::string::npos)
      << errors;

  text = kSmallSpace;
  text.replace(text.find("memories: [dram]"), 16, "memories: [dramm]");
  EXPECT_FALSE(parseSpaceText(text, &errors));
  EXPECT_NE(errors.find("memory 'dramm' is not in the memory pool"),
            std::string::npos)
      << errors;
}

TEST(DesignSpaceTest, InterpolatesInLogSizeAndWidth) {
  TechnologyTable table;
  table.rows = {{1024, 64, 1, 2, 10},
                {4096, 64, 3, 4, 30},
                {1024, 256, 5, 6, 50},
                {4096, 256, 7, 8, 70}};
  llvm::Expected<SramCost> exact = interpolate(table, 4096, 64);
  ASSERT_TRUE(bool(exact));
  EXPECT_DOUBLE_EQ(exact->area, 30);
  // 2 KiB at 128 bits is the middle of both log axes.
  llvm::Expected<SramCost> mid = interpolate(table, 2048, 128);
  ASSERT_TRUE(bool(mid));
  EXPECT_DOUBLE_EQ(mid->readEnergy, 4);
  EXPECT_DOUBLE_EQ(mid->writeEnergy, 5);
  EXPECT_DOUBLE_EQ(mid->area, 40);
  llvm::Expected<SramCost> outside = interpolate(table, 8192, 64);
  EXPECT_FALSE(bool(outside));
  llvm::consumeError(outside.takeError());
  table.rows.pop_back();
  llvm::Expected<SramCost> hole = interpolate(table, 2048, 128);
  EXPECT_FALSE(bool(hole));
  llvm::consumeError(hole.takeError());
}

TEST(DesignSpaceTest, HardwareYAMLReadsBackEqual) {
  std::optional<DesignSpace> space = parseSpaceText(kSmallSpace);
  ASSERT_TRUE(space);
  std::vector<Design> designs = enumerateDesigns(*space);
  for (const Design &d : {designs.front(), designs.back()}) {
    llvm::Expected<Hardware> back =
        parseHardwareYAML(toHardwareYAML(d.hw), "design.yaml");
    ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
    EXPECT_EQ(back->name, d.hw.name);
    EXPECT_EQ(back->array.sizes, d.hw.array.sizes);
    EXPECT_EQ(back->array.unitEnergy, d.hw.array.unitEnergy);
    EXPECT_EQ(back->array.unitArea, d.hw.array.unitArea);
    ASSERT_EQ(back->memories.size(), d.hw.memories.size());
    for (unsigned m = 0; m < d.hw.memories.size(); ++m) {
      const Memory &a = back->memories[m], &b = d.hw.memories[m];
      EXPECT_EQ(a.name, b.name);
      EXPECT_EQ(a.sizeBits, b.sizeBits);
      EXPECT_EQ(a.readCost, b.readCost);
      EXPECT_EQ(a.writeCost, b.writeCost);
      EXPECT_EQ(a.area, b.area);
      EXPECT_EQ(a.operands, b.operands);
      EXPECT_EQ(a.servedDims, b.servedDims);
      ASSERT_EQ(a.ports.size(), b.ports.size());
      for (unsigned p = 0; p < a.ports.size(); ++p)
        EXPECT_EQ(a.ports[p].allocations, b.ports[p].allocations);
    }
    EXPECT_DOUBLE_EQ(computeArea(*back).total, d.area);
  }
}

} // namespace

/// ZIGZAG_REFERENCE_DIR/<relative>, or "" when the reference data is absent.
std::string referencePath(const std::string &relative) {
  const char *dir = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!dir || !llvm::sys::fs::exists(std::string(dir) + "/" + relative))
    return "";
  return std::string(dir) + "/" + relative;
}

TEST(DesignSpaceTest, CactiTableFigures) {
  std::string path = referencePath("cacti/sram_table.json");
  if (path.empty())
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR/cacti/sram_table.json not found";
  llvm::Expected<TechnologyTable> table = readTechnologyTable(path, 65);
  ASSERT_TRUE(bool(table)) << llvm::toString(table.takeError());
  // 65 nm, 8 KB with a 128-bit bus: a table point, taken as it is.
  llvm::Expected<SramCost> l1 = interpolate(*table, 8192, 128);
  ASSERT_TRUE(bool(l1));
  EXPECT_DOUBLE_EQ(l1->readEnergy, 16.6672);
  EXPECT_DOUBLE_EQ(l1->writeEnergy, 30.0529);
  EXPECT_DOUBLE_EQ(l1->area, 0.140213);
  // 16 KB lies halfway (in log2) between 8 KB and 32 KB.
  llvm::Expected<SramCost> mid = interpolate(*table, 16384, 128);
  ASSERT_TRUE(bool(mid));
  EXPECT_DOUBLE_EQ(mid->area, (0.140213 + 0.46614) / 2);
  // CACTI produced nothing for 256 B with a 128-bit bus.
  llvm::Expected<SramCost> hole = interpolate(*table, 512, 128);
  EXPECT_FALSE(bool(hole));
  llvm::consumeError(hole.takeError());
}

TEST(DesignSpaceTest, CaseStudySpace) {
  if (referencePath("cacti/sram_table.json").empty())
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR/cacti/sram_table.json not found";
  // The example names the table relative to itself (../shared/reference).
  std::string example =
      std::string(ZIGZAG_SOURCE_DIR) + "/examples/explore/case-study.yaml";
  llvm::Expected<DesignSpace> space = readDesignSpaceFile(example);
  if (!space) {
    std::string message = llvm::toString(space.takeError());
    if (message.find("cannot read technology table") != std::string::npos)
      GTEST_SKIP() << "the checkout has no ../shared beside it";
    FAIL() << message;
  }
  EnumerationStats stats;
  std::vector<Design> designs = enumerateDesigns(*space, &stats);
  // reg 3^3; L1 separate 3^3 + [[I1, I2], [O]] 3^2 + shared 3 = 39, of
  // which 4 repeat a hierarchy (all bypassed, thrice; O alone in an 8 KB or
  // 32 KB L1 under separate and under [[I1, I2], [O]]); L2 bypassed or one
  // of 2. Capacities always grow.
  EXPECT_EQ(stats.combinations, 27u * 39u * 3u);
  EXPECT_EQ(stats.duplicates, 27u * 4u * 3u);
  EXPECT_EQ(stats.rejectedCapacity, 0u);
  EXPECT_EQ(designs.size(), 27u * 35u * 3u);
  const PoolMemory &l1 = space->pool[3];
  EXPECT_EQ(l1.name, "l1_8KB");
  EXPECT_DOUBLE_EQ(l1.readCost, 16.6672);
  EXPECT_DOUBLE_EQ(l1.area, 0.140213);
}

TEST(DesignSpaceTest, ArrayOptionsComeFirst) {
  std::string text = kSmallSpace;
  text.replace(text.find("  - {dimensions: [D1, D2], sizes: [4, 4]}"), 41,
               "  - {dimensions: [D1, D2], sizes: [4, 4]}\n"
               "  - {dimensions: [D2, D1], sizes: [8, 2]}");
  std::string errors;
  std::optional<DesignSpace> space = parseSpaceText(text, &errors);
  ASSERT_TRUE(space) << errors;
  std::vector<Design> designs = enumerateDesigns(*space);
  ASSERT_EQ(designs.size(), 2u * 8u * 29u);
  // Ids run through the first array's designs, then the second's.
  EXPECT_EQ(designs[231].hw.array.sizes, (std::vector<int64_t>{4, 4}));
  EXPECT_EQ(designs[232].hw.array.sizes, (std::vector<int64_t>{8, 2}));
  EXPECT_EQ(designs[232].id, 232u);
  // served_dimensions name dims: [D1, D2] is both dims of either array, so
  // the L1 and DRAM are one instance each and the registers one per PE.
  const Hardware &hw = designs.back().hw;
  for (unsigned m = 0; m < hw.memories.size(); ++m)
    EXPECT_EQ(hw.unrollCount(m),
              hw.memories[m].name.rfind("reg_", 0) == 0 ? 16 : 1)
        << hw.memories[m].name;

  text.replace(text.find("sizes: [8, 2]}"), 14, "sizes: [8]}");
  text.replace(text.find("[D2, D1], sizes"), 8, "[D3]    ");
  EXPECT_FALSE(parseSpaceText(text, &errors));
  EXPECT_NE(errors.find("served dimension 'D1' is not a dimension of every "
                        "PE array option"),
            std::string::npos)
      << errors;
}
