//===- DepthFirstTest.cpp - Depth-first (DeFiNES) model -------------------===//

#include "zigzag/Search/DepthFirst.h"

#include "../Model/CostModelFixtures.h"

#include "gtest/gtest.h"

using namespace zigzag;
using namespace zigzag::testing;

namespace {

/// conv(cIn -> k) followed by conv(k -> k), both 3x3 stride 1, the second
/// producing an `ox` x `oy` output; the first reads network input 0.
DfNetwork convChain(int64_t cIn, int64_t k, int64_t ox, int64_t oy) {
  DfNetwork net;
  net.inputs.push_back({"input", cIn, 8});
  DfLayer a, b;
  a.workload = convWorkload(k, cIn, oy + 2, ox + 2, 3, 3, 1);
  a.workload.name = "a";
  b.workload = convWorkload(k, k, oy, ox, 3, 3, 1);
  b.workload.name = "b";
  for (DfLayer *layer : {&a, &b}) {
    const Workload &w = layer->workload;
    layer->xLoop = w.findLoop("OX");
    layer->yLoop = w.findLoop("OY");
  }
  DfInput in;
  in.operand = MemOperand::I1;
  in.x = {0, 1, static_cast<unsigned>(a.workload.findLoop("OX"))};
  in.y = {1, 1, static_cast<unsigned>(a.workload.findLoop("OY"))};
  in.producer = -1;
  a.inputs.push_back(in);
  in.producer = 0;
  b.inputs.push_back(in);
  net.layers = {a, b};
  return net;
}

DfOptions energyOptions() {
  DfOptions opts;
  opts.search.criterion = SearchCriterion::Energy;
  opts.threads = 1;
  return opts;
}

// A tile as large as the feature map whose maps fit no on-chip memory is
// layer-by-layer: DRAM in, DRAM out, no copies, each layer's own search.
TEST(DepthFirstTest, WholeFeatureMapIsLayerByLayer) {
  Hardware hw = tpuLikeHardware();
  // 32 x 258 x 258 x 8 bit > the 2 MiB activation SRAM.
  DfNetwork net = convChain(32, 32, 256, 256);
  DfSchedule schedule;
  schedule.tileX = 256;
  schedule.tileY = 256;
  schedule.mode = OverlapMode::FullyRecompute;
  schedule.autoStacks = false;
  DfOptions opts = energyOptions();
  DfResult df = evaluateDepthFirst(net, hw, schedule, opts);
  ASSERT_TRUE(df.ok) << df.error;
  double energy = 0, latency = 0;
  for (const DfLayer &layer : net.layers) {
    SearchResult r = searchLayer(layer.workload, hw, nullptr, opts.search);
    ASSERT_TRUE(r.found) << r.error;
    energy += r.cost.energy;
    latency += r.cost.latency1;
  }
  EXPECT_EQ(df.copyEnergy, 0);
  EXPECT_DOUBLE_EQ(df.energy, energy);
  EXPECT_DOUBLE_EQ(df.latency, latency);
  ASSERT_EQ(df.stacks.size(), 1u);
  ASSERT_EQ(df.stacks[0].tileTypes.size(), 1u);
  EXPECT_EQ(df.stacks[0].tileTypes[0].count, 1u);
}

// Leftover tile first, raster order; 9 types when fully cached, the first
// tile alone fetching the weights (DeFiNES's classes, depth-first.md §1.8).
TEST(DepthFirstTest, TileTypesAndBackPropagatedSizes) {
  Hardware hw = tpuLikeHardware();
  DfNetwork net = convChain(4, 8, 20, 10);
  DfSchedule schedule;
  schedule.tileX = 4;
  schedule.tileY = 4;
  schedule.autoStacks = false;
  schedule.mode = OverlapMode::FullyCached;
  DfResult cached = evaluateDepthFirst(net, hw, schedule, energyOptions());
  ASSERT_TRUE(cached.ok) << cached.error;
  std::vector<uint64_t> counts;
  for (const DfTileType &t : cached.stacks[0].tileTypes)
    counts.push_back(t.count);
  EXPECT_EQ(counts, (std::vector<uint64_t>{1, 3, 1, 1, 3, 1, 1, 3, 1}));
  // First row: the leftover height 10 % 4 = 2.
  EXPECT_EQ(cached.stacks[0].tileTypes[0].tileY, 2);
  EXPECT_TRUE(cached.stacks[0].tileTypes[0].weightsFromTop);
  // A middle tile computes only new columns and rows of layer a: 4 x 4.
  const DfTileType &middle = cached.stacks[0].tileTypes[4];
  ASSERT_EQ(middle.layers.size(), 3u); // input, a, b
  EXPECT_EQ(middle.layers[1].tileX, 4);
  EXPECT_EQ(middle.layers[1].tileY, 4);
  EXPECT_EQ(middle.layers[0].tileX, 4); // new input columns only

  schedule.mode = OverlapMode::FullyRecompute;
  DfResult recompute = evaluateDepthFirst(net, hw, schedule, energyOptions());
  ASSERT_TRUE(recompute.ok) << recompute.error;
  counts.clear();
  for (const DfTileType &t : recompute.stacks[0].tileTypes)
    counts.push_back(t.count);
  EXPECT_EQ(counts, (std::vector<uint64_t>{1, 4, 10}));
  // Recomputing: layer a produces the 3x3 halo too (4 + 2), its input 8.
  const DfTileType &inner = recompute.stacks[0].tileTypes[2];
  EXPECT_EQ(inner.layers[1].tileX, 6);
  EXPECT_EQ(inner.layers[1].tileY, 6);
  EXPECT_EQ(inner.layers[0].tileX, 8);
  // Caching never costs more MAC energy than recomputing.
  EXPECT_LT(cached.macEnergy, recompute.macEnergy);
}

// TPU-like keeps weights only in a 128 B register below DRAM: every layer's
// weights overflow it, so each layer is its own stack (DeFiNES's cut).
TEST(DepthFirstTest, AutoStackCutsOnWeightOverflow) {
  Hardware hw = tpuLikeHardware();
  DfNetwork net = convChain(4, 8, 20, 10);
  EXPECT_EQ(autoStackCuts(net, hw), (std::vector<unsigned>{0}));
  DfSchedule schedule;
  schedule.tileX = 4;
  schedule.tileY = 4;
  DfResult df = evaluateDepthFirst(net, hw, schedule, energyOptions());
  ASSERT_TRUE(df.ok) << df.error;
  EXPECT_EQ(df.stacks.size(), 2u);
}

// The same result for any thread count.
TEST(DepthFirstTest, DeterministicAcrossThreads) {
  Hardware hw = tpuLikeHardware();
  DfNetwork net = convChain(4, 8, 20, 10);
  DfSchedule schedule;
  schedule.tileX = 3;
  schedule.tileY = 4;
  schedule.autoStacks = false;
  DfOptions one = energyOptions(), many = energyOptions();
  many.threads = 4;
  DfResult a = evaluateDepthFirst(net, hw, schedule, one);
  DfResult b = evaluateDepthFirst(net, hw, schedule, many);
  ASSERT_TRUE(a.ok && b.ok);
  EXPECT_EQ(a.energy, b.energy);
  EXPECT_EQ(a.latency, b.latency);
}

TEST(DepthFirstTest, TileLargerThanFeatureMapIsAnError) {
  Hardware hw = tpuLikeHardware();
  DfNetwork net = convChain(4, 8, 20, 10);
  DfSchedule schedule;
  schedule.tileX = 21;
  schedule.tileY = 4;
  schedule.autoStacks = false;
  DfResult df = evaluateDepthFirst(net, hw, schedule, energyOptions());
  EXPECT_FALSE(df.ok);
  EXPECT_NE(df.error.find("larger than the output feature map 20x10"),
            std::string::npos)
      << df.error;
}

TEST(DepthFirstTest, OverlapModeNames) {
  for (OverlapMode m :
       {OverlapMode::FullyRecompute, OverlapMode::HCachedVRecompute,
        OverlapMode::FullyCached})
    EXPECT_EQ(parseOverlapMode(toString(m)), m);
  EXPECT_FALSE(parseOverlapMode("cached"));
}

} // namespace
