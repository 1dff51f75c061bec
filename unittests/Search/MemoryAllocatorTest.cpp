//===- MemoryAllocatorTest.cpp - LOMA bottom-up memory allocation ---------===//

#include "zigzag/Search/MemoryAllocator.h"

#include "zigzag/Model/CostModel.h"
#include "zigzag/Model/SpatialUnrolling.h"
#include "zigzag/Search/Loma.h"

#include "../Model/CostModelFixtures.h"

#include <gtest/gtest.h>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

constexpr unsigned kI1 = static_cast<unsigned>(MemOperand::I1);
constexpr unsigned kI2 = static_cast<unsigned>(MemOperand::I2);
constexpr unsigned kO = static_cast<unsigned>(MemOperand::O);
using Ends = std::vector<unsigned>;

/// Allocates `ordering` under `spatial` and returns the status; `ends`
/// receives the level cuts.
AllocationStatus
allocate(const Workload &w, const Hardware &hw,
         const std::vector<std::vector<NamedFactor>> &spatial,
         const std::vector<NamedFactor> &ordering,
         std::array<Ends, kNumMemOperands> &ends,
         TemporalMappingType type = TemporalMappingType::Uneven,
         AllocationFailure *failure = nullptr,
         MemoryAllocator **keep = nullptr) {
  Mapping m = makeMapping(w, spatial, ordering, {}, {}, {});
  static std::unique_ptr<MemoryAllocator> allocator;
  allocator = std::make_unique<MemoryAllocator>(w, hw, type);
  EXPECT_EQ(allocator->setupError(), "");
  allocator->setSpatial(m.spatial,
                        convertSpatialFactors(w, hw, m.spatial, false));
  if (keep)
    *keep = allocator.get();
  return allocator->allocate(m.temporal.data(), m.temporal.size(), ends,
                             failure);
}

TEST(MemoryAllocatorTest, GemmL1AllLoopsInL1) {
  // cost-model.md §4.10: reg_O holds nothing temporally, l1 everything.
  Workload w = gemmWorkload();
  std::array<Ends, kNumMemOperands> ends;
  ASSERT_EQ(allocate(w, gemmL1Hardware(),
                     {{{"D0", 8}}, {{"D2", 8}}, {{"D1", 8}}},
                     {{"D1", 16}, {"D2", 16}, {"D0", 16}}, ends),
            AllocationStatus::Ok);
  EXPECT_EQ(ends[kO], (Ends{0, 3}));
  EXPECT_EQ(ends[kI1], (Ends{3}));
  EXPECT_EQ(ends[kI2], (Ends{3}));
}

TEST(MemoryAllocatorTest, GemmL1L3L1GetsAllLoops) {
  // cost-model.md §4.11: every loop in l1, nothing in l3.
  Workload w = gemmWorkload();
  std::array<Ends, kNumMemOperands> ends;
  ASSERT_EQ(
      allocate(
          w, gemmL1L3Hardware(), {{{"D0", 8}}, {{"D2", 8}}, {{"D1", 8}}},
          {{"D1", 4}, {"D2", 4}, {"D0", 4}, {"D2", 4}, {"D1", 4}, {"D0", 4}},
          ends),
      AllocationStatus::Ok);
  EXPECT_EQ(ends[kO], (Ends{0, 6, 6}));
  EXPECT_EQ(ends[kI1], (Ends{6, 6}));
  EXPECT_EQ(ends[kI2], (Ends{6, 6}));
}

TEST(MemoryAllocatorTest, ConvOnTpuLike) {
  // cost-model.md §4.13: W all in rf_128B; O: C2 FY3 FX3 in rf_2B, then
  // OY OX K in sram_2MB; I all in sram_2MB.
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  std::array<Ends, kNumMemOperands> ends;
  ASSERT_EQ(
      allocate(
          w, tpuLikeHardware(), {{{"K", 32}}, {{"C", 32}}},
          {{"C", 2}, {"FY", 3}, {"FX", 3}, {"OY", 56}, {"OX", 56}, {"K", 2}},
          ends),
      AllocationStatus::Ok);
  EXPECT_EQ(ends[kI2], (Ends{6, 6}));
  EXPECT_EQ(ends[kO], (Ends{3, 6, 6}));
  EXPECT_EQ(ends[kI1], (Ends{6, 6}));
}

TEST(MemoryAllocatorTest, ResnetLayersOnTpuLike) {
  // Temporal mappings of ZigZag's reference run (resnet18 yaml, tpu_like).
  std::array<Ends, kNumMemOperands> ends;
  // Layer16: rf_128B cannot keep K and FX; rf_2B keeps C 8, FY 3.
  Workload conv = convWorkload(256, 256, 14, 14, 3, 3, 1);
  ASSERT_EQ(
      allocate(
          conv, tpuLikeHardware(), {{{"K", 32}}, {{"C", 32}}},
          {{"C", 8}, {"FY", 3}, {"OY", 14}, {"OX", 14}, {"K", 8}, {"FX", 3}},
          ends),
      AllocationStatus::Ok);
  EXPECT_EQ(ends[kI2], (Ends{4, 6}));
  EXPECT_EQ(ends[kO], (Ends{2, 6, 6}));
  EXPECT_EQ(ends[kI1], (Ends{6, 6}));
  // Layer30 (fc, K = 1000 unrolled 31.25 in the fractional mapping).
  Workload fc = convWorkload(1000, 512, 1, 1, 1, 1, 1);
  ASSERT_EQ(
      allocate(fc, tpuLikeHardware(), {{{"K", 32}}, {{"C", 32}}},
               {{"C", 2}, {"C", 4}, {"C", 2}, {"K", 4}, {"K", 4}, {"K", 2}},
               ends),
      AllocationStatus::Ok);
  EXPECT_EQ(ends[kI2], (Ends{4, 6}));
  EXPECT_EQ(ends[kO], (Ends{3, 6, 6}));
  EXPECT_EQ(ends[kI1], (Ends{6, 6}));
}

/// Every LOMA ordering of `w`'s temporal sizes under `spatial` (lpf limit
/// 6), innermost first.
static std::vector<std::vector<LoopFactor>> lomaOrderings(const Workload &w,
                                                          const Mapping &m) {
  std::vector<int64_t> sizes;
  temporalLoopSizes(w, m.spatial, sizes);
  Loma loma;
  EXPECT_EQ(loma.init(w, sizes, 6, {}), "");
  std::vector<std::vector<LoopFactor>> orderings;
  loma.forEachOrdering([&](const LoopFactor *ordering, unsigned n) {
    orderings.emplace_back(ordering, ordering + n);
    return true;
  });
  return orderings;
}

TEST(MemoryAllocatorTest, TileCachesKeepEveryAllocation) {
  // One allocator allocates every ordering of two factor multisets (its
  // prefix-tile caches warm, then restarted); each result must be the one
  // of a fresh allocator that saw that ordering only. The fc layer's
  // fractional unrolling (K 31.25) takes the uncached walk.
  struct Case {
    Workload w;
    std::vector<std::vector<NamedFactor>> spatial;
  };
  std::vector<Case> cases = {
      {convWorkload(64, 64, 56, 56, 3, 3, 1), {{{"K", 32}}, {{"C", 32}}}},
      {convWorkload(256, 128, 28, 28, 3, 3, 2), {{{"K", 32}}, {{"C", 32}}}},
      {convWorkload(1000, 512, 1, 1, 1, 1, 1), {{{"K", 32}}, {{"C", 32}}}}};
  Hardware hw = tpuLikeHardware();
  for (const Case &c : cases) {
    Mapping m = makeMapping(c.w, c.spatial, {}, {}, {}, {});
    std::vector<std::vector<double>> fractional =
        convertSpatialFactors(c.w, hw, m.spatial, false);
    MemoryAllocator warm(c.w, hw);
    warm.setSpatial(m.spatial, fractional);
    std::vector<std::vector<LoopFactor>> orderings = lomaOrderings(c.w, m);
    ASSERT_GT(orderings.size(), 100u);
    unsigned ok = 0;
    for (const std::vector<LoopFactor> &ordering : orderings) {
      MemoryAllocator fresh(c.w, hw);
      fresh.setSpatial(m.spatial, fractional);
      std::array<Ends, kNumMemOperands> warmEnds, freshEnds;
      AllocationStatus warmStatus =
          warm.allocate(ordering.data(), ordering.size(), warmEnds);
      AllocationStatus freshStatus =
          fresh.allocate(ordering.data(), ordering.size(), freshEnds);
      ASSERT_EQ(warmStatus, freshStatus);
      if (warmStatus == AllocationStatus::Ok) {
        ++ok;
        ASSERT_EQ(warmEnds, freshEnds);
      }
    }
    EXPECT_GT(ok, 0u);
  }
}

TEST(MemoryAllocatorTest, DuplicateTemporalMappingsAreSkipped) {
  // LOMA orderings that differ only within a memory level give the cost
  // model the same inputs: evaluateTemporalIfNew evaluates the first, skips
  // the others, and each skipped one costs exactly what an earlier
  // evaluated one did.
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  Hardware hw = tpuLikeHardware();
  Mapping m = makeMapping(w, {{{"K", 32}}, {{"C", 32}}}, {}, {}, {}, {});
  MemoryAllocator allocator(w, hw);
  allocator.setSpatial(m.spatial,
                       convertSpatialFactors(w, hw, m.spatial, false));
  CostModel model(w, hw), reference(w, hw);
  model.setSpatial(m.spatial);
  reference.setSpatial(m.spatial);
  std::vector<std::pair<double, double>> evaluated;
  unsigned skipped = 0;
  auto cost = std::make_unique<Cost>(), check = std::make_unique<Cost>();
  std::vector<std::vector<LoopFactor>> orderings = lomaOrderings(w, m);
  const unsigned *first = nullptr;
  std::vector<LoopFactor> firstOrdering;
  std::array<Ends, kNumMemOperands> firstEnds;
  for (const std::vector<LoopFactor> &ordering : orderings) {
    std::array<Ends, kNumMemOperands> ends;
    if (allocator.allocate(ordering.data(), ordering.size(), ends) !=
        AllocationStatus::Ok)
      continue;
    const unsigned *levelEnds[kNumMemOperands];
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      levelEnds[o] = ends[o].empty() ? nullptr : ends[o].data();
    reference.evaluateTemporal(ordering.data(), ordering.size(), levelEnds,
                               *check);
    if (model.evaluateTemporalIfNew(ordering.data(), ordering.size(), levelEnds,
                                    *cost)) {
      EXPECT_EQ(cost->energy, check->energy);
      EXPECT_EQ(cost->latency, check->latency);
      evaluated.emplace_back(check->energy, check->latency);
      if (!first) {
        firstOrdering = ordering;
        firstEnds = ends;
        first = firstEnds[0].data();
      }
      continue;
    }
    ++skipped;
    EXPECT_NE(std::find(evaluated.begin(), evaluated.end(),
                        std::make_pair(check->energy, check->latency)),
              evaluated.end());
  }
  EXPECT_GT(evaluated.size(), 10u);
  EXPECT_GT(skipped, 10u);
  // The record restarts with the spatial mapping.
  ASSERT_NE(first, nullptr);
  const unsigned *levelEnds[kNumMemOperands];
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    levelEnds[o] = firstEnds[o].empty() ? nullptr : firstEnds[o].data();
  EXPECT_FALSE(model.evaluateTemporalIfNew(
      firstOrdering.data(), firstOrdering.size(), levelEnds, *cost));
  model.setSpatial(m.spatial);
  EXPECT_TRUE(model.evaluateTemporalIfNew(
      firstOrdering.data(), firstOrdering.size(), levelEnds, *cost));
  EXPECT_EQ(cost->energy, evaluated.front().first);
}

TEST(MemoryAllocatorTest, OutputPrecisionIsChosenOncePerMemory) {
  // Layer1 (3x3 max-pool, stride 2): FX FY in rf_2B. rf_2B holds 16 bits:
  // the partial-sum precision (16) is chosen because FX/FY remain, so one
  // output element fits; a final precision of 8 is never considered.
  Workload pool = poolingWorkload(64, 56, 56, 3, 3, 2);
  std::array<Ends, kNumMemOperands> ends;
  ASSERT_EQ(
      allocate(
          pool, tpuLikeHardware(), {{{"G", 32}}, {}},
          {{"FX", 3}, {"FY", 3}, {"OY", 56}, {"OX", 8}, {"OX", 7}, {"G", 2}},
          ends),
      AllocationStatus::Ok);
  EXPECT_EQ(ends[kO], (Ends{2, 6, 6}));
  EXPECT_EQ(ends[kI2], (Ends{6, 6})); // W has 0 bits: everything fits
  EXPECT_EQ(ends[kI1], (Ends{6, 6}));
}

/// One array dim of 4 units; a per-unit O register, a shared 'buf' holding
/// all three operands and serving the array dim, and a DRAM.
Hardware sharedBufferHardware(int64_t bufBits) {
  Hardware hw = gemmL1L3Hardware();
  hw.name = "shared";
  hw.array.dimNames = {"D1"};
  hw.array.sizes = {4};
  hw.memories[0].servedDims = {};
  hw.memories[1].name = "buf";
  hw.memories[1].sizeBits = bufBits;
  hw.memories[1].servedDims = {0};
  hw.memories[2].servedDims = {0};
  return hw;
}

TEST(MemoryAllocatorTest, EvenAndUnevenDifferOnASharedMemory) {
  // 8x8x8 gemm, d1 unrolled 4; ordering D2 8, D0 8, D1 2. reg_O keeps D2
  // (one 32-bit psum). In buf (1024 bits) the cheapest fitting combination
  // is I: D2 D0 D1 (512 bits), W: D2 D0 (256), O: D0 (256 at final 8 b).
  Workload w = gemmWorkload();
  w.loopSizes = {8, 8, 8};
  std::vector<NamedFactor> ordering = {{"D2", 8}, {"D0", 8}, {"D1", 2}};
  std::array<Ends, kNumMemOperands> uneven, even;
  Hardware hw = sharedBufferHardware(1024);
  ASSERT_EQ(allocate(w, hw, {{{"D1", 4}}}, ordering, uneven),
            AllocationStatus::Ok);
  EXPECT_EQ(uneven[kI1], (Ends{3, 3}));
  EXPECT_EQ(uneven[kI2], (Ends{2, 3}));
  EXPECT_EQ(uneven[kO], (Ends{1, 2, 3}));
  // Even: I may not take D1 while W leaves it to DRAM; the best common cut
  // is after D0 for all three.
  ASSERT_EQ(
      allocate(w, hw, {{{"D1", 4}}}, ordering, even, TemporalMappingType::Even),
      AllocationStatus::Ok);
  EXPECT_EQ(even[kI1], (Ends{2, 3}));
  EXPECT_EQ(even[kI2], (Ends{2, 3}));
  EXPECT_EQ(even[kO], (Ends{1, 2, 3}));
}

TEST(MemoryAllocatorTest, FailuresAreReported) {
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  std::vector<NamedFactor> ordering = {{"C", 2},   {"FY", 3},  {"FX", 3},
                                       {"OY", 56}, {"OX", 56}, {"K", 2}};
  std::array<Ends, kNumMemOperands> ends;
  AllocationFailure failure;
  MemoryAllocator *allocator = nullptr;
  // Without DRAM, an 8 kbit sram_2MB is the top memory of I and O and
  // cannot take the OY/OX loops of I.
  Hardware hw = tpuLikeHardware();
  hw.memories.pop_back();
  hw.memories[2].sizeBits = 8192;
  ASSERT_EQ(allocate(w, hw, {{{"K", 32}}, {{"C", 32}}}, ordering, ends,
                     TemporalMappingType::Uneven, &failure, &allocator),
            AllocationStatus::HierarchyTooSmall);
  EXPECT_EQ(failure.memory, 2u);
  EXPECT_EQ(failure.operand, MemOperand::I1);
  EXPECT_EQ(allocator->describe(failure),
            "top memory 'sram_2MB' (8192 bits) of I1 (I) cannot hold all its "
            "remaining loops");
  // 16 bits cannot even hold the 32 input channels unrolled below it.
  hw.memories[2].sizeBits = 16;
  ASSERT_EQ(allocate(w, hw, {{{"K", 32}}, {{"C", 32}}}, ordering, ends,
                     TemporalMappingType::Uneven, &failure, &allocator),
            AllocationStatus::MemoryTooSmall);
  EXPECT_EQ(failure.memory, 2u);
  EXPECT_EQ(allocator->describe(failure),
            "memory 'sram_2MB' (16 bits) cannot hold the I1 (I) tile of the "
            "levels below (256 bits)");
}

} // namespace
