//===- MappingConstraintsTest.cpp - User constraints in every engine ------===//
//
// Each kind of constraint, searched by LOMA and by the exhaustive engine: the
// unconstrained optimum breaks it (so the constraint binds), the constrained
// result satisfies it, checked here on the mapping itself (not with the
// checker the engines use). Conflicts and unknown names are errors that name
// the constraint.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/MappingConstraints.h"

#include "zigzag/Import/MappingYAML.h"
#include "zigzag/Search/Exhaustive.h"
#include "zigzag/Search/Search.h"

#include "../Model/CostModelFixtures.h"

#include "llvm/Support/Error.h"

#include <gtest/gtest.h>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

enum class Engine { Loma, Exhaustive };

SearchResult run(Engine engine, const Workload &w, const Hardware &hw,
                 const MappingSpecEntry *entry) {
  SearchOptions options;
  options.criterion = SearchCriterion::Energy;
  if (engine == Engine::Loma)
    return searchLayer(w, hw, entry, options);
  ExhaustiveOptions budget;
  budget.maxNodes = 20000;
  return searchLayerExhaustive(w, hw, entry, options, budget);
}

MappingSpecEntry withConstraints(const MappingConstraints &c) {
  MappingSpecEntry entry;
  entry.name = "default";
  entry.constraints = c;
  return entry;
}

Workload conv() { return convWorkload(64, 64, 14, 14, 3, 3, 1); }

int64_t spatialFactor(const Mapping &m, const Workload &w, unsigned dim,
                      const std::string &loop) {
  int64_t product = 1;
  for (const LoopFactor &lf : m.spatial[dim])
    if (w.loopNames[lf.loop] == loop)
      product *= lf.factor;
  return product;
}

/// The temporal positions [begin, end) of memory `mem` for operand `op`.
std::pair<unsigned, unsigned> rangeOf(const Mapping &m, const Hardware &hw,
                                      MemOperand op, const std::string &mem) {
  std::vector<unsigned> chain = hw.hierarchy(op);
  const std::vector<unsigned> &ends = m.levelEnds[static_cast<unsigned>(op)];
  for (unsigned j = 0; j < chain.size(); ++j)
    if (hw.memories[chain[j]].name == mem)
      return {j == 0 ? 0 : ends[j - 1], ends[j]};
  ADD_FAILURE() << "no memory " << mem;
  return {0, 0};
}

class ConstraintsTest : public ::testing::TestWithParam<Engine> {
protected:
  /// Searches with and without `c`; the free result must break `holds`, the
  /// constrained one satisfy it.
  void expectHonoured(const Workload &w, const MappingConstraints &c,
                      const std::function<bool(const Mapping &)> &holds,
                      bool binds = true) {
    Hardware hw = tpuLikeHardware();
    SearchResult free = run(GetParam(), w, hw, nullptr);
    ASSERT_TRUE(free.found) << free.error;
    if (binds) {
      EXPECT_FALSE(holds(free.mapping)) << "the constraint does not bind";
    }
    MappingSpecEntry entry = withConstraints(c);
    SearchResult constrained = run(GetParam(), w, hw, &entry);
    ASSERT_TRUE(constrained.found) << constrained.error;
    EXPECT_TRUE(holds(constrained.mapping));
    ConstraintChecker checker(c, w, hw);
    EXPECT_EQ(checker.violated(constrained.mapping), -1);
    // Never better than the free optimum of the same engine's space.
    EXPECT_GE(constrained.cost.energy, free.cost.energy * (1 - 1e-12));
  }
};

TEST_P(ConstraintsTest, FixedSpatialUnrolling) {
  Workload w = conv();
  MappingConstraints c;
  c.spatial.push_back({"D1", "K", 16, false, ""});
  expectHonoured(w, c, [&](const Mapping &m) {
    return spatialFactor(m, w, 0, "K") == 16;
  });
}

TEST_P(ConstraintsTest, ForbiddenSpatialUnrolling) {
  Workload w = conv();
  MappingConstraints c;
  c.spatial.push_back({"D1", "K", 1, true, ""});
  c.spatial.push_back({"D2", "K", 1, true, ""});
  expectHonoured(w, c, [&](const Mapping &m) {
    return spatialFactor(m, w, 0, "K") == 1 && spatialFactor(m, w, 1, "K") == 1;
  });
}

TEST_P(ConstraintsTest, LoopAtLevel) {
  // Every temporal K loop at dram, for I, W and O.
  Workload w = conv();
  Hardware hw = tpuLikeHardware();
  MappingConstraints c;
  c.loopLevels.push_back({"K", "dram", ""});
  expectHonoured(w, c, [&](const Mapping &m) {
    for (MemOperand op : kAllMemOperands) {
      auto [begin, end] = rangeOf(m, hw, op, "dram");
      for (unsigned p = 0; p < m.temporal.size(); ++p)
        if (w.loopNames[m.temporal[p].loop] == "K" &&
            m.temporal[p].factor > 1 && (p < begin || p >= end))
          return false;
    }
    return true;
  });
}

TEST_P(ConstraintsTest, OutermostAndInnermostLoops) {
  Workload w = conv();
  MappingConstraints c;
  c.positions.push_back({{"FX"}, /*outermost=*/true, ""});
  c.positions.push_back({{"OY"}, /*outermost=*/false, ""});
  expectHonoured(w, c, [&](const Mapping &m) {
    std::vector<std::string> loops;
    for (const LoopFactor &lf : m.temporal)
      if (lf.factor > 1)
        loops.push_back(w.loopNames[lf.loop]);
    return !loops.empty() && loops.back() == "FX" && loops.front() == "OY";
  });
}

TEST_P(ConstraintsTest, FixedTileSize) {
  // C covered 32 times (its spatial unrolling only) at or below sram_2MB,
  // for I and O, which it holds.
  Workload w = conv();
  Hardware hw = tpuLikeHardware();
  MappingConstraints c;
  c.tiles.push_back({"C", "sram_2MB", 32, ""});
  expectHonoured(w, c, [&](const Mapping &m) {
    for (MemOperand op : {MemOperand::I1, MemOperand::O}) {
      auto [begin, end] = rangeOf(m, hw, op, "sram_2MB");
      int64_t covered =
          spatialFactor(m, w, 0, "C") * spatialFactor(m, w, 1, "C");
      for (unsigned p = 0; p < end; ++p)
        if (w.loopNames[m.temporal[p].loop] == "C")
          covered *= m.temporal[p].factor;
      if (covered != 32)
        return false;
    }
    return true;
  });
}

TEST_P(ConstraintsTest, OperandHeldWholeInMemory) {
  // The outputs stay in sram_2MB until done: no loop relevant to O above it.
  Workload w = conv();
  Hardware hw = tpuLikeHardware();
  MappingConstraints c;
  c.operandMemories.push_back({"O", "sram_2MB", false, ""});
  expectHonoured(
      w, c,
      [&](const Mapping &m) {
        auto [begin, end] = rangeOf(m, hw, MemOperand::O, "sram_2MB");
        for (unsigned p = end; p < m.temporal.size(); ++p)
          if (m.temporal[p].factor > 1 &&
              w.operand(MemOperand::O).relevance[m.temporal[p].loop] !=
                  Relevance::Irrelevant)
            return false;
        return true;
      },
      /*binds=*/false);
}

TEST_P(ConstraintsTest, OperandKeptOutOfMemory) {
  Workload w = conv();
  Hardware hw = tpuLikeHardware();
  MappingConstraints c;
  c.operandMemories.push_back({"I", "sram_2MB", true, ""});
  expectHonoured(w, c, [&](const Mapping &m) {
    auto [begin, end] = rangeOf(m, hw, MemOperand::I1, "sram_2MB");
    return begin == end;
  });
}

TEST_P(ConstraintsTest, MinimumUtilization) {
  // Hints that allow only C (3) on D2: the ranking would take 3/32 of D2;
  // at least half the array forces another loop there (OX or OY, 16).
  Workload w = convWorkload(64, 3, 16, 16, 3, 3, 1);
  Hardware hw = tpuLikeHardware();
  MappingSpecEntry entry;
  entry.name = "default";
  entry.hasSpatialMapping = true;
  entry.spatialMapping = {{"D2", {{"C", 3}}}};
  SearchResult fixed = run(GetParam(), w, hw, &entry);
  ASSERT_TRUE(fixed.found) << fixed.error;
  entry.constraints.minUtilization = 0.5;
  SearchResult conflict = run(GetParam(), w, hw, &entry);
  EXPECT_FALSE(conflict.found);
  EXPECT_NE(conflict.error.find("no spatial mapping satisfies constraint "
                                "'minimum spatial utilisation 0.5'"),
            std::string::npos)
      << conflict.error;
  MappingConstraints c;
  c.minUtilization = 0.5;
  MappingSpecEntry open = withConstraints(c);
  open.spatialMappingHint = {{"D1", {"K"}}, {"D2", {"C", "OX"}}};
  SearchResult result = run(GetParam(), w, hw, &open);
  ASSERT_TRUE(result.found) << result.error;
  int64_t used = 1;
  for (const auto &dim : result.mapping.spatial)
    for (const LoopFactor &lf : dim)
      used *= lf.factor;
  EXPECT_GE(used * 2, hw.array.numUnits());
}

TEST_P(ConstraintsTest, ConflictsNameTheConstraint) {
  Workload w = conv();
  Hardware hw = tpuLikeHardware();
  auto errorOf = [&](const MappingConstraints &c) {
    MappingSpecEntry entry = withConstraints(c);
    SearchResult r = run(GetParam(), w, hw, &entry);
    EXPECT_FALSE(r.found);
    return r.error;
  };
  MappingConstraints tooWide;
  tooWide.spatial.push_back({"D1", "K", 64, false, "m.yaml:3:9"});
  EXPECT_EQ(errorOf(tooWide),
            "layer 'conv': constraint 'spatial unrolling K=64 on D1 "
            "(m.yaml:3:9)' conflicts with the array: spatial unrolling K=64 "
            "exceeds array dim D1=32");
  // rf_2B holds one 16-bit output per PE: 64 * 14 outputs over 1024 PEs
  // need at least one per PE at the final 8 bits, two at 16 do not fit.
  MappingConstraints tile;
  tile.tiles.push_back({"K", "rf_2B", 64, ""});
  tile.tiles.push_back({"OX", "rf_2B", 14, ""});
  tile.tiles.push_back({"OY", "rf_2B", 14, ""});
  EXPECT_EQ(errorOf(tile),
            "layer 'conv': constraint 'tile K=64 at rf_2B' conflicts with "
            "the capacity of rf_2B (needs at least 104 bits, holds 16)");
  MappingConstraints pinned;
  pinned.tiles.push_back({"OX", "sram_2MB", 5, ""});
  EXPECT_EQ(errorOf(pinned),
            "layer 'conv': constraint 'tile OX=5 at sram_2MB' conflicts with "
            "the layer: 5 does not divide loop OX=14");
  MappingConstraints unknown;
  unknown.loopLevels.push_back({"Q", "sram_2MB", "m.yaml:7:12"});
  EXPECT_EQ(errorOf(unknown),
            "layer 'conv': constraints of mapping entry 'default': unknown "
            "loop 'Q' (the layer's loops: B, K, C, OY, OX, FY, FX) "
            "(m.yaml:7:12)");
  MappingConstraints notHeld;
  notHeld.operandMemories.push_back({"W", "sram_2MB", false, ""});
  EXPECT_EQ(errorOf(notHeld),
            "layer 'conv': constraints of mapping entry 'default': memory "
            "'sram_2MB' does not hold operand 'W'");
  // Satisfiable one by one, not together: the search names the constraint
  // that rejected the orderings.
  MappingConstraints both;
  both.positions.push_back({{"K"}, true, ""});
  both.positions.push_back({{"C"}, true, ""});
  std::string error = errorOf(both);
  EXPECT_NE(error.find("satisfies constraint 'outermost loops K'"),
            std::string::npos)
      << error;
}

INSTANTIATE_TEST_SUITE_P(Engines, ConstraintsTest,
                         ::testing::Values(Engine::Loma, Engine::Exhaustive),
                         [](const auto &info) {
                           return info.param == Engine::Loma
                                      ? std::string("Loma")
                                      : std::string("Exhaustive");
                         });

TEST(MappingConstraintsYAML, ParsesEveryKindWithPositions) {
  llvm::Expected<MappingSpec> spec = parseMappingYAML(R"(
- name: default
  constraints:
    spatial: {D1: ["K, 16"]}
    forbid_spatial: {D2: [C, K]}
    loop_levels: {K: dram}
    outermost: [K]
    innermost: FX
    tiles: {sram_2MB: {OX: 7}}
    pin: {O: sram_2MB}
    keep_out: {I: [sram_2MB]}
    max_utilization_loss: 0.25
)",
                                                      "m.yaml");
  ASSERT_TRUE(static_cast<bool>(spec)) << llvm::toString(spec.takeError());
  const MappingConstraints &c = spec->entries[0].constraints;
  ASSERT_EQ(c.spatial.size(), 3u);
  EXPECT_EQ(c.spatial[0].loop, "K");
  EXPECT_EQ(c.spatial[0].factor, 16);
  EXPECT_FALSE(c.spatial[0].forbidden);
  EXPECT_TRUE(c.spatial[2].forbidden);
  EXPECT_EQ(c.spatial[2].where, "m.yaml:5:30");
  ASSERT_EQ(c.positions.size(), 2u);
  EXPECT_EQ(c.positions[1].loops, std::vector<std::string>{"FX"});
  EXPECT_FALSE(c.positions[1].outermost);
  ASSERT_EQ(c.tiles.size(), 1u);
  EXPECT_EQ(c.tiles[0].size, 7);
  ASSERT_EQ(c.operandMemories.size(), 2u);
  EXPECT_TRUE(c.operandMemories[1].keptOut);
  EXPECT_DOUBLE_EQ(c.minUtilization, 0.75);
}

TEST(MappingConstraintsYAML, BadInputIsLocated) {
  auto errorOf = [](const char *text) {
    llvm::Expected<MappingSpec> spec = parseMappingYAML(text, "m.yaml");
    EXPECT_FALSE(static_cast<bool>(spec));
    return spec ? std::string() : llvm::toString(spec.takeError());
  };
  EXPECT_NE(errorOf("- name: default\n  constraints: {pinned: {W: x}}\n")
                .find("m.yaml:2:26: error: unknown constraint 'pinned'"),
            std::string::npos);
  EXPECT_NE(errorOf("- name: default\n  constraints: {tiles: {L1: {C: 0}}}\n")
                .find("m.yaml:2:33: error: a tile size must be at least 1"),
            std::string::npos);
  EXPECT_NE(errorOf("- name: default\n  constraints: {min_utilization: 2}\n")
                .find("'min_utilization' must be a number in [0, 1]"),
            std::string::npos);
}

} // namespace
