//===- DepthFirstTest.cpp - Depth-first (DeFiNES) model -------------------===//

#include "zigzag/Search/DepthFirst.h"

#include "../Model/CostModelFixtures.h"
#include "DepthFirstFixtures.h"

#include "gtest/gtest.h"

#include <algorithm>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

/// Tiles of `x` by `y` in `mode`, DeFiNES's automatic stacks.
DfSchedule tileSchedule(int64_t x, int64_t y, OverlapMode mode) {
  DfSchedule schedule;
  schedule.tileX = x;
  schedule.tileY = y;
  schedule.mode = mode;
  return schedule;
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

// DeFiNES applies a mapping entry's spatial mapping as given: an array dim
// the entry leaves out (D2) is not unrolled (missingArrayDimsUnrolled, which
// the pass sets for flavor=defines). Layer b's 4 x 4 tile (K 8, C 8, 3 x 3:
// 9216 MACs) then takes 9216 / 8 = 1152 cycles on K 8 alone; searching an
// unrolling for D2, as ZigZag does, takes fewer.
TEST(DepthFirstTest, ArrayDimsMissingFromTheEntryUnrolledOnce) {
  Hardware hw = tpuLikeHardware();
  DfNetwork net = convChain(4, 8, 20, 10);
  MappingSpecEntry entry;
  entry.name = "default";
  entry.hasSpatialMapping = true;
  entry.spatialMapping = {{"D1", {{"K", 8}}}};
  for (DfLayer &layer : net.layers)
    layer.entry = &entry;
  DfSchedule schedule;
  schedule.tileX = 4;
  schedule.tileY = 4;
  schedule.autoStacks = false;
  schedule.mode = OverlapMode::FullyRecompute;
  auto middleTileOfB = [&](bool missingArrayDimsUnrolled) {
    DfOptions opts = energyOptions();
    opts.search.costModel.flavor = CostModelFlavor::DeFiNES;
    opts.search.missingArrayDimsUnrolled = missingArrayDimsUnrolled;
    DfResult df = evaluateDepthFirst(net, hw, schedule, opts);
    EXPECT_TRUE(df.ok) << df.error;
    const DfTileType &middle = df.stacks.at(0).tileTypes.at(2);
    EXPECT_EQ(middle.count, 10u);
    return *middle.layers.at(2).search; // input, a, b
  };
  SearchResult defines = middleTileOfB(true);
  ASSERT_TRUE(defines.found) << defines.error;
  EXPECT_EQ(defines.cost.idealTemporalCycle, 1152);
  ASSERT_EQ(defines.mapping.spatial.size(), 2u);
  int64_t d2 = 1;
  for (const LoopFactor &lf : defines.mapping.spatial[1])
    d2 *= lf.factor;
  EXPECT_EQ(d2, 1);
  SearchResult searched = middleTileOfB(false);
  ASSERT_TRUE(searched.found) << searched.error;
  EXPECT_LT(searched.cost.idealTemporalCycle, 1152);
}

TEST(DepthFirstTest, OverlapModeNames) {
  for (OverlapMode m :
       {OverlapMode::FullyRecompute, OverlapMode::HCachedVRecompute,
        OverlapMode::FullyCached})
    EXPECT_EQ(parseOverlapMode(toString(m)), m);
  EXPECT_FALSE(parseOverlapMode("cached"));
}

/// Stack layers, energy and latencies of `a` and `b` are identical.
void expectSameResult(const DfResult &a, const DfResult &b) {
  ASSERT_TRUE(a.ok) << a.error;
  ASSERT_TRUE(b.ok) << b.error;
  ASSERT_EQ(a.stacks.size(), b.stacks.size());
  for (unsigned s = 0; s < a.stacks.size(); ++s) {
    EXPECT_EQ(a.stacks[s].layers, b.stacks[s].layers);
    EXPECT_EQ(a.stacks[s].tileTypes.size(), b.stacks[s].tileTypes.size());
  }
  EXPECT_EQ(a.energy, b.energy);
  EXPECT_EQ(a.latency, b.latency);
  EXPECT_EQ(a.copyEnergy, b.copyEnergy);
  EXPECT_EQ(a.copyLatency, b.copyLatency);
}

// A 1 KiB weight register fuses a and b (2304 + 4608 bits) but not c (another
// 4608): DeFiNES cuts after b. Giving that cut gives the same schedule.
TEST(DepthFirstTest, GivenCutsEqualAutomaticCuts) {
  Hardware hw = tpuLikeHardware();
  hw.memories[0].sizeBits = 8192;
  DfNetwork net = convChain(4, 8, 12, 10, 3);
  ASSERT_EQ(autoStackCuts(net, hw), (std::vector<unsigned>{1}));
  DfSchedule schedule = tileSchedule(4, 4, OverlapMode::FullyCached);
  DfResult automatic = evaluateDepthFirst(net, hw, schedule, energyOptions());
  schedule.autoStacks = false;
  schedule.stackCuts = {1};
  DfResult given = evaluateDepthFirst(net, hw, schedule, energyOptions());
  expectSameResult(automatic, given);
  ASSERT_EQ(given.stacks.size(), 2u);
  EXPECT_EQ(given.stacks[0].layers, (std::vector<unsigned>{0, 1}));
  EXPECT_EQ(given.stacks[1].layers, (std::vector<unsigned>{2}));
}

// Cutting after every layer (in any order) is layer by layer: on TPU-like,
// whose weights fit no level below DRAM, DeFiNES's own cut.
TEST(DepthFirstTest, CuttingEveryLayerIsLayerByLayer) {
  Hardware hw = tpuLikeHardware();
  DfNetwork net = convChain(4, 8, 12, 10, 3);
  ASSERT_EQ(autoStackCuts(net, hw), (std::vector<unsigned>{0, 1}));
  DfSchedule schedule = tileSchedule(4, 4, OverlapMode::FullyRecompute);
  DfResult automatic = evaluateDepthFirst(net, hw, schedule, energyOptions());
  schedule.autoStacks = false;
  schedule.stackCuts = {1, 0};
  DfResult given = evaluateDepthFirst(net, hw, schedule, energyOptions());
  expectSameResult(automatic, given);
  ASSERT_EQ(given.stacks.size(), 3u);
  for (unsigned s = 0; s < 3; ++s)
    EXPECT_EQ(given.stacks[s].layers, (std::vector<unsigned>{s}));
  // A layer alone in its stack reads its input from and writes its output to
  // DRAM: layer a's stack costs what the network of a alone costs.
  DfNetwork aAlone = net;
  aAlone.layers.resize(1);
  DfSchedule one = schedule;
  one.stackCuts.clear();
  DfResult alone = evaluateDepthFirst(aAlone, hw, one, energyOptions());
  ASSERT_TRUE(alone.ok) << alone.error;
  EXPECT_EQ(given.stacks[0].energy, alone.energy);
  EXPECT_EQ(given.stacks[0].latency, alone.latency);
}

TEST(DepthFirstTest, GivenCutsAreChecked) {
  DfNetwork net = convChain(4, 8, 12, 10, 3);
  EXPECT_EQ(findDfLayer(net, "b"), 1u);
  EXPECT_EQ(findDfLayer(net, "1"), 1u);
  EXPECT_EQ(findDfLayer(net, "3"), std::nullopt);
  EXPECT_EQ(findDfLayer(net, "99999999999999999999"), std::nullopt);
  EXPECT_EQ(findDfLayer(net, "d"), std::nullopt);
  EXPECT_EQ(findDfLayer(net, ""), std::nullopt);

  EXPECT_FALSE(verifyStackCuts(net, {}));
  EXPECT_FALSE(verifyStackCuts(net, {1, 0}));
  auto problem = [&](const std::vector<unsigned> &cuts) {
    std::optional<DfCutError> e = verifyStackCuts(net, cuts);
    return e ? std::to_string(e->position) + ": " + e->message : "none";
  };
  EXPECT_EQ(problem({0, 5}),
            "1: no layer 5 to cut after (the network has 3 layers)");
  EXPECT_EQ(problem({2}), "0: a cut after the last layer 'c' ends no stack");
  EXPECT_EQ(problem({1, 0, 1}), "2: the cut after 'b' is given twice");

  // c reads a too (a fork): a cut after b leaves a in the stack [a, b]
  // while c, in the next stack, needs its output.
  DfNetwork fork = net;
  fork.layers[2].inputs.front().producer = 0;
  fork.layers[2].workload = fork.layers[1].workload;
  fork.layers[2].workload.name = "c";
  net = fork;
  EXPECT_EQ(problem({0}), "none");
  EXPECT_EQ(problem({1}),
            "0: the cut after 'b' splits a branch: 'a' is inside the stack it "
            "ends but 'c' after it reads its output (only a stack's last "
            "layer can feed later stacks)");
  EXPECT_EQ(problem({0, 1}), "none");

  // evaluateDepthFirst checks given cuts too.
  DfSchedule schedule;
  schedule.tileX = 4;
  schedule.tileY = 4;
  schedule.autoStacks = false;
  schedule.stackCuts = {2};
  DfResult df = evaluateDepthFirst(
      convChain(4, 8, 12, 10, 3), tpuLikeHardware(), schedule, energyOptions());
  EXPECT_FALSE(df.ok);
  EXPECT_EQ(df.error, "a cut after the last layer 'c' ends no stack");
}

// The tile is clamped to each stack's output (DeFiNES: a smaller output is
// one leftover tile); only a tile larger than every stack output is an error.
TEST(DepthFirstTest, TileIsClampedToSmallerStackOutputs) {
  Hardware hw = tpuLikeHardware();
  DfNetwork net = convChain(4, 8, 20, 10); // a: 22 x 12, b: 20 x 10
  DfSchedule schedule;
  schedule.tileX = 21;
  schedule.tileY = 11;
  schedule.autoStacks = false;
  schedule.stackCuts = {0};
  DfResult df = evaluateDepthFirst(net, hw, schedule, energyOptions());
  ASSERT_TRUE(df.ok) << df.error;
  ASSERT_EQ(df.stacks.size(), 2u);
  // a: leftover column 22 % 21 = 1 first, then 21; rows 1, then 11.
  EXPECT_EQ(df.stacks[0].tileTypes.size(), 4u);
  ASSERT_EQ(df.stacks[1].tileTypes.size(), 1u);
  EXPECT_EQ(df.stacks[1].tileTypes[0].tileX, 20);
  EXPECT_EQ(df.stacks[1].tileTypes[0].tileY, 10);
  EXPECT_EQ(df.stacks[1].tileTypes[0].count, 1u);
  schedule.tileX = 23;
  df = evaluateDepthFirst(net, hw, schedule, energyOptions());
  EXPECT_FALSE(df.ok);
  EXPECT_EQ(df.error, "tile 23x11 is larger than the output feature map "
                      "22x12 of layer 'a'");
}

// A consumer that needs its producer's whole output (global pooling, a
// reshape, an FC layer) cannot share its stack: the formations cut there,
// and given cuts that do not are rejected at that consumer.
TEST(DepthFirstTest, NonFusedInputsEndTheStack) {
  Hardware hw = tpuLikeHardware();
  DfNetwork net = convChain(4, 8, 12, 10, 3);
  net.layers[2].inputs.front().fused = false;
  net.layers[2].inputs.front().whyNotFused = "reshaped";
  EXPECT_EQ(requiredStackCuts(net), (std::vector<unsigned>{1}));
  std::optional<DfCutError> missing = verifyStackCuts(net, {0});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->layer, 2);
  EXPECT_EQ(missing->message,
            "'c' needs the whole output of 'b' (reshaped), so a stack must "
            "end after 'b' and before it");
  DfSchedule schedule = tileSchedule(4, 4, OverlapMode::FullyCached);
  schedule.autoStacks = false;
  DfResult one = evaluateDepthFirst(net, hw, schedule, energyOptions());
  EXPECT_FALSE(one.ok);
  schedule.stackCuts = requiredStackCuts(net);
  DfResult df = evaluateDepthFirst(net, hw, schedule, energyOptions());
  ASSERT_TRUE(df.ok) << df.error;
  ASSERT_EQ(df.stacks.size(), 2u);
  EXPECT_EQ(df.stacks[0].layers, (std::vector<unsigned>{0, 1}));
  // c's 4x4 tiles each read b's whole 14x12 map (8 channels, 8 bit).
  for (const DfTileType &t : df.stacks[1].tileTypes) {
    ASSERT_EQ(t.layers.front().layer, 1);
    EXPECT_EQ(t.layers.front().tileX, 14);
    EXPECT_EQ(t.layers.front().tileY, 12);
  }
  // DeFiNES's automatic cut (one layer per stack on TPU-like) has it too.
  std::vector<unsigned> cuts = autoStackCuts(net, hw);
  EXPECT_TRUE(std::binary_search(cuts.begin(), cuts.end(), 1u));
  // A layer without X and Y is a stack of its own.
  DfNetwork flat = convChain(4, 8, 12, 10, 3);
  flat.layers[1].spatial = false;
  flat.layers[1].inputs.front().fused = false;
  flat.layers[2].inputs.front().fused = false;
  EXPECT_EQ(requiredStackCuts(flat), (std::vector<unsigned>{0, 1}));
  std::optional<DfCutError> joined = verifyStackCuts(flat, {0, 1});
  EXPECT_FALSE(joined);
  flat.layers[2].inputs.front().fused = true;
  joined = verifyStackCuts(flat, {0});
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->layer, 1);
  EXPECT_EQ(joined->message, "'b' has no output X and Y and must be a stack "
                             "of its own (cut before and after it)");
}

// Padding between two layers: a tile never needs more of the producer than
// its whole output (the rest of the window is padding).
TEST(DepthFirstTest, PaddedInputsStopAtTheProducersBorder) {
  Hardware hw = tpuLikeHardware();
  DfNetwork net = convChain(4, 8, 12, 10); // a: 14 x 12, b: 12 x 10
  // b pads its input by one on each side: a computes 12 x 10 too.
  net.layers[0].workload = net.layers[1].workload;
  net.layers[0].workload.name = "a";
  net.layers[0].workload.loopSizes[net.layers[0].workload.findLoop("C")] = 4;
  net.layers[1].inputs.front().x.padded = true;
  net.layers[1].inputs.front().y.padded = true;
  DfSchedule schedule = tileSchedule(12, 10, OverlapMode::FullyRecompute);
  schedule.autoStacks = false;
  DfResult whole = evaluateDepthFirst(net, hw, schedule, energyOptions());
  ASSERT_TRUE(whole.ok) << whole.error;
  const DfTileType &t = whole.stacks[0].tileTypes.at(0);
  ASSERT_EQ(t.layers.size(), 3u); // input, a, b
  EXPECT_EQ(t.layers[1].tileX, 12);
  EXPECT_EQ(t.layers[1].tileY, 10);
  // A 4 x 4 tile of b needs 6 x 6 of a wherever it is (the borders are
  // costed as interior tiles, an upper bound).
  schedule = tileSchedule(4, 4, OverlapMode::FullyRecompute);
  schedule.autoStacks = false;
  DfResult tiled = evaluateDepthFirst(net, hw, schedule, energyOptions());
  ASSERT_TRUE(tiled.ok) << tiled.error;
  const DfTileType &last = tiled.stacks[0].tileTypes.back();
  EXPECT_EQ(last.layers[1].tileX, 6);
  EXPECT_EQ(last.layers[1].tileY, 6);
}

// Zero-cost layers (compatible mode of an ONNX import) still shape the
// tiles but cost nothing; layer by layer is the single-layer flow: each
// layer searched on the whole hierarchy, zero-cost layers free.
TEST(DepthFirstTest, ZeroCostLayersAndLayerByLayer) {
  Hardware hw = tpuLikeHardware();
  DfNetwork net = convChain(4, 8, 12, 10, 3);
  net.layers[1].zeroCost = true;
  DfSchedule schedule = tileSchedule(4, 4, OverlapMode::FullyRecompute);
  schedule.autoStacks = false;
  DfResult df = evaluateDepthFirst(net, hw, schedule, energyOptions());
  ASSERT_TRUE(df.ok) << df.error;
  const DfTileType &t = df.stacks[0].tileTypes.back();
  ASSERT_EQ(t.layers.size(), 4u);
  EXPECT_EQ(t.layers[2].layer, 1);
  EXPECT_EQ(t.layers[2].search, nullptr);
  EXPECT_EQ(t.layers[2].copyEnergy, 0);
  // c's 4x4 tile needs 6x6 of b, b's window 8x8 of a.
  EXPECT_EQ(t.layers[2].tileX, 6);
  EXPECT_EQ(t.layers[1].tileX, 8);

  // A zero-cost stack output (a ReLU after the last conv) stays where its
  // input is: the conv before it writes to the top memory.
  DfNetwork relu = net;
  relu.layers[1].zeroCost = false;
  relu.layers[2].zeroCost = true;
  DfResult reluDf = evaluateDepthFirst(relu, hw, schedule, energyOptions());
  ASSERT_TRUE(reluDf.ok) << reluDf.error;
  const DfTileType &rt = reluDf.stacks[0].tileTypes.back();
  unsigned dram = hw.hierarchy(MemOperand::O).back();
  EXPECT_EQ(rt.layers[2].top[static_cast<unsigned>(MemOperand::O)],
            static_cast<int>(dram));
  EXPECT_EQ(rt.layers[3].top[static_cast<unsigned>(MemOperand::O)],
            static_cast<int>(dram));
  EXPECT_NE(rt.layers[1].top[static_cast<unsigned>(MemOperand::O)],
            static_cast<int>(dram));

  schedule.layerByLayer = true;
  DfResult lbl = evaluateDepthFirst(net, hw, schedule, energyOptions());
  ASSERT_TRUE(lbl.ok) << lbl.error;
  ASSERT_EQ(lbl.stacks.size(), 3u);
  double energy = 0, latency = 0;
  for (unsigned l : {0u, 2u}) {
    SearchResult r = searchLayer(net.layers[l].workload, hw, nullptr,
                                 energyOptions().search);
    ASSERT_TRUE(r.found) << r.error;
    energy += r.cost.energy;
    latency += r.cost.latency1;
    EXPECT_EQ(lbl.stacks[l].energy, r.cost.energy);
  }
  EXPECT_EQ(lbl.stacks[1].energy, 0);
  EXPECT_EQ(lbl.copyEnergy, 0);
  EXPECT_DOUBLE_EQ(lbl.energy, energy);
  EXPECT_DOUBLE_EQ(lbl.latency, latency);
}

} // namespace
