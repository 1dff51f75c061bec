//===- PhysicalFloorTest.cpp - The floor is a lower bound of the model ----===//
//
// Property test of the corrected cost model (zigzagCompat = false, the
// passes' default): over random layers on random accelerators, every mapping
// evaluated (random valid mappings and the search's result) costs at least
// physicalFloor() in energy and cycles, has no negative latency term and a
// spatial utilisation in (0, 1]. The compatible model can break the energy
// floor (ZigZag truncates fractional pr extents and word counts); the last
// test shows one such transfer and its corrected count.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/Exhaustive.h"

#include "zigzag/Model/SpatialUnrolling.h"
#include "zigzag/Search/Loma.h"
#include "zigzag/Search/MemoryAllocator.h"
#include "zigzag/Search/Search.h"
#include "zigzag/Search/SpatialMappingGenerator.h"

#include "../Model/CostModelFixtures.h"

#include <gtest/gtest.h>

#include <random>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

using Rng = std::mt19937;

int64_t pick(Rng &rng, std::initializer_list<int64_t> values) {
  std::uniform_int_distribution<size_t> d(0, values.size() - 1);
  return *(values.begin() + d(rng));
}

double scale(Rng &rng) {
  return std::uniform_real_distribution<double>(0.5, 2.0)(rng);
}

/// One of the fixture accelerators with random array sizes, port widths and
/// access energies. Inner (per-PE) memories keep their ports so that every
/// operand still fits one element per PE.
Hardware randomHardware(Rng &rng) {
  Hardware hw;
  switch (pick(rng, {0, 1, 2})) {
  case 0:
    hw = tpuLikeHardware();
    break;
  case 1:
    hw = gemmL1L3Hardware();
    break;
  default:
    hw = gemmL1Hardware();
    break;
  }
  for (int64_t &size : hw.array.sizes)
    size = pick(rng, {1, 2, 3, 4, 6, 7, 8, 12, 16, 32});
  hw.array.unitEnergy *= scale(rng);
  for (Memory &mem : hw.memories) {
    mem.readCost *= scale(rng);
    mem.writeCost *= scale(rng);
    if (mem.servedDims.empty())
      continue;
    for (Port &port : mem.ports) {
      port.bandwidthMin = pick(rng, {8, 16, 32, 64});
      port.bandwidthMax = port.bandwidthMin * pick(rng, {1, 2, 4, 8, 32});
    }
  }
  return hw;
}

/// A random conv, strided pooling, elementwise add or the gemm, with sizes
/// that rarely divide the array (fractional unrollings) and random output
/// precisions.
Workload randomLayer(Rng &rng) {
  Workload w;
  switch (pick(rng, {0, 0, 0, 1, 2, 3})) {
  case 0:
    w = convWorkload(pick(rng, {1, 3, 8, 16, 24, 50}),
                     pick(rng, {1, 3, 16, 32, 40}), pick(rng, {1, 5, 7, 14}),
                     pick(rng, {1, 7, 13, 14}), pick(rng, {1, 3, 5}),
                     pick(rng, {1, 3, 7}), pick(rng, {1, 2}));
    break;
  case 1:
    w = poolingWorkload(pick(rng, {3, 32, 50}), pick(rng, {1, 7, 9}),
                        pick(rng, {1, 7, 13}), pick(rng, {2, 3, 7}),
                        pick(rng, {2, 3, 7}), pick(rng, {1, 2}));
    break;
  case 2:
    w = addWorkload(pick(rng, {5, 32, 96}), pick(rng, {7, 14}),
                    pick(rng, {3, 14}));
    break;
  default:
    w = gemmWorkload();
    break;
  }
  WorkloadOperand &o = w.operand(MemOperand::O);
  o.precision = pick(rng, {16, 24, 32});
  o.finalPrecision = pick(rng, {8, 16});
  return w;
}

/// Asserts the properties on one evaluated mapping; false on a failure.
bool checkCost(const Cost &cost, const PhysicalFloor &floor,
               const std::string &what) {
  SCOPED_TRACE(what);
  EXPECT_GE(cost.energy, floor.energy * (1 - 1e-9));
  EXPECT_GE(cost.latency, floor.cycles);
  EXPECT_GE(cost.latency, cost.idealCycle);
  EXPECT_GE(cost.stallSlack, 0);
  EXPECT_GE(cost.onload, 0);
  EXPECT_GE(cost.offload, 0);
  EXPECT_GE(cost.macEnergy, 0);
  EXPECT_GE(cost.memEnergy, 0);
  EXPECT_GT(cost.spatialUtilization, 0);
  EXPECT_LE(cost.spatialUtilization, 1 + 1e-12);
  for (const OperandCost &oc : cost.operands)
    for (unsigned m = 0; m < oc.numLevels; ++m) {
      EXPECT_GE(oc.levels[m].energy, 0) << "level " << m;
      for (double accesses : oc.levels[m].accesses)
        EXPECT_GE(accesses, 0) << "level " << m;
    }
  return !::testing::Test::HasFailure();
}

TEST(PhysicalFloorTest, NoCorrectedMappingBeatsTheFloor) {
  Rng rng(2026);
  SearchOptions options;
  options.zigzagCompat = false;
  options.lpfLimit = 4;
  options.spatialCandidates = 2;
  CostModelOptions modelOptions;
  modelOptions.zigzagCompat = false;
  unsigned searched = 0, random = 0, belowCompat = 0;
  for (unsigned trial = 0; trial < 60; ++trial) {
    Hardware hw = randomHardware(rng);
    Workload w = randomLayer(rng);
    std::string what =
        "trial " + std::to_string(trial) + ": " + w.name + " on " + hw.name;
    SCOPED_TRACE(what);
    PhysicalFloor floor = physicalFloor(w, hw);
    CostModel model(w, hw, modelOptions);
    ASSERT_EQ(model.setupError(), "");

    // (A search result that check() rejects, e.g. a loop covered more
    // often than its size, is a known bug of the search, not of the floor.)
    SearchResult best = searchLayer(w, hw, nullptr, options);
    if (best.found && model.check(best.mapping).empty()) {
      ++searched;
      if (!checkCost(best.cost, floor, "search result"))
        return;
    }

    // Random mappings: a random spatial candidate, a random order of its
    // temporal prime factors, cut into levels as the search does.
    SpatialGeneratorOptions spatialOptions = spatialGeneratorOptions(options);
    spatialOptions.maxCandidates = 30;
    std::vector<SpatialMapping> spatials;
    if (!SpatialMappingGenerator(w, hw, nullptr, spatialOptions)
             .generate(spatials)
             .empty())
      continue;
    MemoryAllocator allocator(w, hw);
    CostModelOptions compatOptions;
    compatOptions.zigzagCompat = true;
    CostModel compatModel(w, hw, compatOptions);
    Cost cost, compatCost;
    for (unsigned sample = 0; sample < 25; ++sample) {
      Mapping m;
      m.spatial = spatials[rng() % spatials.size()];
      std::vector<std::vector<double>> fractional =
          convertSpatialFactors(w, hw, m.spatial, /*integer=*/false);
      std::vector<int64_t> sizes;
      temporalLoopSizes(w, m.spatial, sizes);
      Loma loma;
      ASSERT_EQ(loma.init(w, sizes, 1000, {}), "");
      m.temporal = loma.factors();
      std::shuffle(m.temporal.begin(), m.temporal.end(), rng);
      allocator.setSpatial(m.spatial, fractional);
      if (allocator.allocate(m.temporal.data(), m.temporal.size(),
                             m.levelEnds) != AllocationStatus::Ok)
        continue;
      if (!model.check(m).empty())
        continue;
      ++random;
      model.evaluate(m, cost);
      if (!checkCost(cost, floor, "random mapping " + std::to_string(sample)))
        return;
      compatModel.evaluate(m, compatCost);
      belowCompat += compatCost.energy < floor.energy * (1 - 1e-9);
    }
  }
  EXPECT_GT(searched, 40u);
  EXPECT_GT(random, 500u);
  std::cerr << searched << " searched and " << random
            << " random mappings at or above the floor; " << belowCompat
            << " of the random ones below it in zigzag-compat mode\n";
}

TEST(PhysicalFloorTest, FractionalPrExtentsAreNotTruncated) {
  // A 7x7 stride-2 3x3 pooling over 8 channels with OX and OY unrolled 2
  // ways: ZigZag's conversion makes them 7 / 4 = 1.75 per PE. The input tile
  // below DRAM is G 8 x the input window of 1.75 x 1.75 outputs; ZigZag
  // truncates 1.75 to 1 before counting it (8 elements, one 64-bit word per
  // OX, OY, FX, FY step: 144 words), fewer than the 15 x 15 x 8 input
  // elements there are (225 words). The corrected model counts the tiles
  // the nest runs: 7 outputs over 2 lanes are 2 + 2 + 2 + 1 per direction,
  // so an input tile is G 8 x 2 x 2, 8 x 2 x 1 or 8 x 1 x 1 elements (4, 2
  // or 1 words): 9 x 4 + 6 x 2 + 1 = 49 words per FX, FY step, 441 in all
  // (the averaged 1.75 x 1.75 lanes gave 24 elements, 3 words, per step:
  // 432).
  Workload w = poolingWorkload(8, 7, 7, 3, 3, 2);
  Hardware hw = tpuLikeHardware();
  Mapping m =
      makeMapping(w, {{{"OX", 2}}, {{"OY", 2}}},
                  {{"G", 8}, {"OX", 4}, {"OY", 4}, {"FX", 3}, {"FY", 3}},
                  {1, 4}, {1, 4}, {0, 1, 4});
  CostModelOptions compat, corrected;
  compat.zigzagCompat = true;
  corrected.zigzagCompat = false;
  CostModel compatModel(w, hw, compat), correctedModel(w, hw, corrected);
  ASSERT_EQ(correctedModel.check(m), "");
  Cost a, b;
  compatModel.evaluate(m, a);
  correctedModel.evaluate(m, b);
  constexpr unsigned kTL = static_cast<unsigned>(Direction::ToLow);
  double inputWords = 15 * 15 * 8 * 8 / 64.0;
  EXPECT_DOUBLE_EQ(a.operand(MemOperand::I1).levels[1].accesses[kTL], 144);
  EXPECT_LT(a.operand(MemOperand::I1).levels[1].accesses[kTL], inputWords);
  EXPECT_DOUBLE_EQ(b.operand(MemOperand::I1).levels[1].accesses[kTL], 441);
  EXPECT_GE(b.energy, physicalFloor(w, hw).energy);
}

} // namespace
