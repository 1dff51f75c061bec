//===- SpatialMappingGeneratorTest.cpp - Spatial mapping candidates -------===//

#include "zigzag/Search/SpatialMappingGenerator.h"

#include "../Model/CostModelFixtures.h"

#include <gtest/gtest.h>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

using Named = std::vector<std::vector<NamedFactor>>;

Named named(const Workload &w, const SpatialMapping &mapping) {
  Named out;
  for (const auto &dim : mapping) {
    out.emplace_back();
    for (const LoopFactor &lf : dim)
      out.back().push_back({w.loopNames[lf.loop], lf.factor});
  }
  return out;
}

MappingSpecEntry entryWith(std::vector<ArrayDimUnrollSpec> spatial) {
  MappingSpecEntry entry;
  entry.name = "default";
  entry.hasSpatialMapping = true;
  entry.spatialMapping = std::move(spatial);
  return entry;
}

/// tpu_like.yaml's entries.
MappingSpecEntry tpuDefault() {
  return entryWith({{"D1", {{"K", 32}}}, {"D2", {{"C", 32}}}});
}

std::vector<Named> generate(const Workload &w, const Hardware &hw,
                            const MappingSpecEntry *entry,
                            SpatialGeneratorOptions options = {},
                            std::string *error = nullptr) {
  SpatialMappingGenerator generator(w, hw, entry, options);
  std::vector<SpatialMapping> mappings;
  std::string message = generator.generate(mappings);
  if (error)
    *error = message;
  else
    EXPECT_EQ(message, "");
  std::vector<Named> out;
  for (const SpatialMapping &m : mappings)
    out.push_back(named(w, m));
  return out;
}

TEST(SpatialMappingGeneratorTest, ResnetConvOnTpuLikeWithTpuLikeMapping) {
  // Every array dim is fixed: the (sanitised) user mapping is the only one.
  Hardware hw = tpuLikeHardware();
  MappingSpecEntry entry = tpuDefault();
  Workload conv = convWorkload(64, 64, 56, 56, 3, 3, 1);
  EXPECT_EQ(generate(conv, hw, &entry),
            (std::vector<Named>{{{{"K", 32}}, {{"C", 32}}}}));
  // conv1 with example_name_of_layer0 (D1 C 32, D2 K 32): C = 3 is clipped.
  MappingSpecEntry layer0 =
      entryWith({{"D1", {{"C", 32}}}, {"D2", {{"K", 32}}}});
  Workload conv1 = convWorkload(64, 3, 112, 112, 7, 7, 2);
  EXPECT_EQ(generate(conv1, hw, &layer0),
            (std::vector<Named>{{{{"C", 3}}, {{"K", 32}}}}));
  // fc: K = 1000 keeps 32 (the cost model makes it 31.25).
  Workload fc = convWorkload(1000, 512, 1, 1, 1, 1, 1);
  EXPECT_EQ(generate(fc, hw, &entry),
            (std::vector<Named>{{{{"K", 32}}, {{"C", 32}}}}));
  // Add entry (D1 G 32, D2 C 1) on an add layer: C does not exist, D2 stays
  // fixed but empty.
  MappingSpecEntry add = entryWith({{"D1", {{"G", 32}}}, {"D2", {{"C", 1}}}});
  EXPECT_EQ(generate(addWorkload(64, 56, 56), hw, &add),
            (std::vector<Named>{{{{"G", 32}}, {}}}));
}

TEST(SpatialMappingGeneratorTest, FreeSearchRanksByUtilisationThenOrder) {
  // No entry: both array dims take every loop. All pairs of distinct loops
  // unrolled 32x32 tie; ZigZag's set order of the conv loops (FY FX B OX C
  // K OY) decides: OX on D1 with C, K, OY on D2.
  Hardware hw = tpuLikeHardware();
  Workload conv = convWorkload(64, 64, 56, 56, 3, 3, 1);
  SpatialMappingGenerator generator(conv, hw, nullptr);
  std::vector<SpatialMapping> mappings;
  ASSERT_EQ(generator.generate(mappings), "");
  std::vector<Named> got;
  for (const SpatialMapping &m : mappings)
    got.push_back(named(conv, m));
  EXPECT_EQ(got, (std::vector<Named>{{{{"OX", 32}}, {{"C", 32}}},
                                     {{{"OX", 32}}, {{"K", 32}}},
                                     {{{"OX", 32}}, {{"OY", 32}}}}));
  // 13 unrollings per array dim (divisors of the capped sizes of 7 loops).
  EXPECT_GT(generator.numRanked(), 100u);
  SpatialGeneratorOptions five;
  five.maxCandidates = 5;
  EXPECT_EQ(generate(conv, hw, nullptr, five).size(), 5u);
}

TEST(SpatialMappingGeneratorTest, HintsRestrictTheOpenDims) {
  Hardware hw = tpuLikeHardware();
  Workload conv = convWorkload(64, 64, 56, 56, 3, 3, 1);
  MappingSpecEntry entry = entryWith({{"D1", {{"K", 32}}}});
  entry.spatialMappingHint = {{"D2", {"FX", "FY", "C"}}};
  // D2 from {C, FX, FY} (set order FX, C, FY): C 32 is the only full one.
  std::vector<Named> got = generate(conv, hw, &entry);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], (Named{{{"K", 32}}, {{"C", 32}}}));
  EXPECT_EQ(got[1], (Named{{{"K", 32}}, {{"C", 16}}}));
  EXPECT_EQ(got[2], (Named{{{"K", 32}}, {{"C", 8}}}));
  // Mixed unrolling combines hinted loops on one array dim.
  SpatialGeneratorOptions mixed;
  mixed.mixedUnrolling = true;
  mixed.maxCandidates = 100;
  bool sawMixed = false;
  for (const Named &m : generate(conv, hw, &entry, mixed))
    sawMixed |= m[1].size() > 1;
  EXPECT_TRUE(sawMixed);
  // A hint without any loop of the layer falls back to all loops (in set
  // order OX comes before C).
  entry.spatialMappingHint = {{"D2", {"G"}}};
  EXPECT_EQ(generate(conv, hw, &entry)[0], (Named{{{"K", 32}}, {{"OX", 32}}}));
}

TEST(SpatialMappingGeneratorTest, CheckAndReduceDropsInZigZagSetOrder) {
  Hardware hw = tpuLikeHardware();
  Workload conv = convWorkload(64, 64, 56, 56, 3, 3, 1);
  // D1 over-full (K 32 * C 2 = 64 > 32): the first of {K, C} in set order,
  // K, goes. K on both dims exceeds K = 64: it leaves D1 (first of {D1, D2}).
  MappingSpecEntry entry =
      entryWith({{"D1", {{"K", 32}, {"C", 2}}}, {"D2", {{"OY", 8}}}});
  EXPECT_EQ(generate(conv, hw, &entry)[0], (Named{{{"C", 2}}, {{"OY", 8}}}));
  entry = entryWith({{"D1", {{"K", 32}}}, {"D2", {{"K", 32}}}});
  SpatialMappingGenerator generator(conv, hw, &entry);
  std::vector<SpatialMapping> mappings;
  ASSERT_EQ(generator.generate(mappings), "");
  EXPECT_EQ(named(conv, mappings[0]), (Named{{}, {{"K", 32}}}));
  EXPECT_FALSE(generator.notes().empty());
}

/// A 2-D array whose W register (8 bits, shared along D2) and O register
/// (16 bits, shared along D1) limit what may be unrolled on those dims.
Hardware narrowRegisters() {
  Hardware hw = tpuLikeHardware();
  hw.memories[0].sizeBits = 8;
  hw.memories[0].servedDims = {1};
  hw.memories[1].servedDims = {0};
  return hw;
}

TEST(SpatialMappingGeneratorTest, BandwidthOfInnerMemoriesCapsUnrolling) {
  Hardware hw = narrowRegisters();
  Workload conv = convWorkload(64, 64, 56, 56, 3, 3, 1);
  SpatialMappingGenerator generator(conv, hw, nullptr);
  std::vector<SpatialMapping> mappings;
  ASSERT_EQ(generator.generate(mappings), "");
  const auto &maxU = generator.maxUnrolling();
  auto loop = [&](const char *name) { return conv.findLoop(name); };
  // rf_128B (W, 8-bit port, serves D2): W's relevant loops 8/8 = 1 on D2.
  EXPECT_EQ(maxU[1][loop("K")], 1);
  EXPECT_EQ(maxU[1][loop("C")], 1);
  EXPECT_EQ(maxU[1][loop("OX")], 32); // irrelevant for W: broadcast
  // rf_2B (O, 16-bit fl port, 16-bit psums, serves D1): O loops capped to 1.
  EXPECT_EQ(maxU[0][loop("K")], 1);
  EXPECT_EQ(maxU[0][loop("C")], 32);
  EXPECT_EQ(maxU[0][loop("FX")], 3);
  EXPECT_EQ(named(conv, mappings[0]), (Named{{{"C", 32}}, {{"OX", 32}}}));
}

TEST(SpatialMappingGeneratorTest, InnerMemoriesFollowIssue70) {
  Hardware hw = tpuLikeHardware();
  Workload conv = convWorkload(64, 64, 56, 56, 3, 3, 1);
  using Pairs = std::vector<std::pair<unsigned, MemOperand>>;
  // ZigZag: sram_2MB (innermost for I) sits above rf_2B (O): not inner.
  EXPECT_EQ(SpatialMappingGenerator(conv, hw, nullptr).innerMemoryOperands(),
            (Pairs{{0, MemOperand::I2}, {1, MemOperand::O}}));
  SpatialGeneratorOptions fixed;
  fixed.zigzagCompat = false;
  EXPECT_EQ(
      SpatialMappingGenerator(conv, hw, nullptr, fixed).innerMemoryOperands(),
      (Pairs{{0, MemOperand::I2}, {1, MemOperand::O}, {2, MemOperand::I1}}));
}

TEST(SpatialMappingGeneratorTest, CapacityOfInnerMemoriesShrinksUnrolling) {
  // A 4-bit W register shared along D2 holds no full 8-bit element per
  // unrolled W loop... with a 16-bit one, two: K 32 on D2 shrinks to 2.
  Hardware hw = narrowRegisters();
  hw.memories[0].sizeBits = 16;
  hw.memories[0].ports[0].bandwidthMax = 256; // no bandwidth cap
  Workload conv = convWorkload(64, 64, 56, 56, 3, 3, 1);
  MappingSpecEntry entry =
      entryWith({{"D1", {{"C", 32}}}, {"D2", {{"K", 32}}}});
  EXPECT_EQ(generate(conv, hw, &entry)[0], (Named{{{"C", 32}}, {{"K", 2}}}));
  hw.memories[0].sizeBits = 4;
  std::string error;
  generate(conv, hw, &entry, {}, &error);
  EXPECT_NE(error.find("rf_128B"), std::string::npos) << error;
}

TEST(SpatialMappingGeneratorTest, UnknownArrayDimIsAnError) {
  Hardware hw = tpuLikeHardware();
  Workload conv = convWorkload(64, 64, 56, 56, 3, 3, 1);
  MappingSpecEntry entry = entryWith({{"D3", {{"K", 4}}}});
  std::string error;
  generate(conv, hw, &entry, {}, &error);
  EXPECT_EQ(error, "mapping entry 'default': spatial_mapping names array dim "
                   "'D3' but accelerator 'tpu_like' has D1, D2");
}

} // namespace
