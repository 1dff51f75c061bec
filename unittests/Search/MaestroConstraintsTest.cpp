//===- MaestroConstraintsTest.cpp - Constraints in the MAESTRO search -----===//
//
// Each kind of mapping constraint, searched under MAESTRO's model: the
// unconstrained best dataflow breaks it (so the constraint binds) and the
// constrained one satisfies it. Both are checked here on the dataflow's
// lowering (lowerDataflow) itself, not with the checker the search uses. A
// constraint set no candidate meets is a reason naming the constraint.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/MaestroSearch.h"
#include "zigzag/Search/MappingConstraints.h"

#include "../Model/CostModelFixtures.h"

#include <gtest/gtest.h>

using namespace zigzag;
namespace ms = zigzag::maestro;

namespace {

/// A small MAESTRO machine: 16 PEs, 1 KiB elements of l1 each.
ms::Hardware pe16() {
  ms::Hardware hw;
  hw.numPEs = 16;
  hw.l1Size = 1024;
  hw.l2Size = 65536;
  hw.nocBandwidth = 16;
  hw.offchipBandwidth = 16;
  return hw;
}

/// One layer in both forms: MAESTRO's and the workload the constraints name
/// (the importer's loop names).
struct Case {
  ms::Layer layer;
  Workload w;
  ms::Hardware hw = pe16();
  Hardware accelerator = ms::mappingAccelerator(pe16(), "pe16");

  /// (64 x 32) * (32 x 16): MAESTRO's M N K are the loops D K C.
  static Case gemm() {
    Case c;
    c.layer.name = "mm";
    c.layer.type = ms::LayerType::GEMM;
    c.layer.dims = {{ms::Dim::M, 64}, {ms::Dim::N, 16}, {ms::Dim::K, 32}};
    c.w = zigzag::testing::gemmWorkload();
    c.w.loopNames = {"D", "K", "C"};
    c.w.loopSizes = {64, 16, 32};
    return c;
  }
  /// K = C = 32, 16 x 16 outputs, 3 x 3 filter.
  static Case conv() {
    Case c;
    c.layer.name = "conv";
    c.layer.type = ms::LayerType::Conv;
    c.layer.dims = {{ms::Dim::K, 32}, {ms::Dim::C, 32}, {ms::Dim::R, 3},
                    {ms::Dim::S, 3},  {ms::Dim::Y, 18}, {ms::Dim::X, 18}};
    c.w = zigzag::testing::convWorkload(32, 32, 16, 16, 3, 3, 1);
    return c;
  }

  std::optional<ms::SearchResult>
  search(const MappingConstraints &mc, ms::Objective objective,
         std::string *whyNone = nullptr,
         const std::vector<std::vector<ms::Directive>> &seeds = {}) {
    ConstraintChecker checker(mc, w, accelerator);
    EXPECT_EQ(checker.error(), "");
    EXPECT_EQ(checker.conflict(), "");
    ms::DataflowConstraints constraints;
    constraints.checker = &checker;
    constraints.workload = &w;
    constraints.accelerator = &accelerator;
    for (unsigned d = 0; d < ms::kNumDims; ++d) {
      std::string_view name = ms::loopName(layer.type, static_cast<ms::Dim>(d));
      constraints.loopOf[d] = name.empty() ? -1 : w.findLoop(std::string(name));
    }
    return ms::searchDataflow(layer, hw, {}, objective, seeds, &constraints,
                              whyNone);
  }

  ms::DataflowLoops lowered(const std::vector<ms::Directive> &dataflow) {
    ms::Layer l = layer;
    l.dataflow = dataflow;
    std::string error, why;
    std::optional<ms::DataflowLoops> loops =
        ms::lowerDataflow(l, hw, error, why);
    EXPECT_TRUE(loops) << error << why;
    return loops.value_or(ms::DataflowLoops{});
  }

  /// The free search's and the constrained search's lowerings.
  std::pair<ms::DataflowLoops, ms::DataflowLoops>
  compare(const MappingConstraints &mc,
          ms::Objective objective = ms::Objective::Runtime) {
    std::optional<ms::SearchResult> free =
        search(MappingConstraints(), objective);
    std::optional<ms::SearchResult> constrained = search(mc, objective);
    EXPECT_TRUE(free && constrained);
    if (!free || !constrained)
      return {};
    EXPECT_EQ(free->excluded, 0);
    EXPECT_GT(constrained->excluded, 0);
    // The constraint costs something: the free result is at least as good.
    EXPECT_LE(ms::objectiveValue(free->stats, objective),
              ms::objectiveValue(constrained->stats, objective));
    return {lowered(free->dataflow), lowered(constrained->dataflow)};
  }
};

int64_t spatialUnits(const ms::DataflowLoops &l, ms::Dim d) {
  int64_t units = 1;
  for (auto [dim, n] : l.spatial)
    if (dim == d)
      units *= n;
  return units;
}

int64_t allUnits(const ms::DataflowLoops &l) {
  int64_t units = 1;
  for (auto [dim, n] : l.spatial)
    units *= n;
  return units;
}

/// Whether a loop of `d` iterates in l1 (the innermost `innermost` loops)
/// or above it.
bool iteratesIn(const ms::DataflowLoops &l, ms::Dim d, bool inL1) {
  size_t firstL1 = l.temporal.size() - l.innermost;
  for (size_t i = 0; i < l.temporal.size(); ++i)
    if (l.temporal[i].first == d && l.temporal[i].second > 1 &&
        (i >= firstL1) == inL1)
      return true;
  return false;
}

/// Dimensions of the iterating loops from the outside in (runs merged).
std::vector<ms::Dim> outsideIn(const ms::DataflowLoops &l) {
  std::vector<ms::Dim> runs;
  for (auto [dim, trip] : l.temporal)
    if (trip > 1 && (runs.empty() || runs.back() != dim))
      runs.push_back(dim);
  return runs;
}

MappingConstraints::Spatial fixed(const char *loop, int64_t factor) {
  return {"D1", loop, factor, false, ""};
}

TEST(MaestroConstraints, FixedSpatialUnrolling) {
  Case c = Case::gemm();
  MappingConstraints mc;
  mc.spatial.push_back(fixed("K", 4)); // MAESTRO's N
  auto [free, constrained] = c.compare(mc);
  EXPECT_NE(spatialUnits(free, ms::Dim::N), 4);
  EXPECT_EQ(spatialUnits(constrained, ms::Dim::N), 4);
}

TEST(MaestroConstraints, ForbiddenSpatialUnrolling) {
  Case c = Case::gemm();
  MappingConstraints mc;
  mc.spatial.push_back({"D1", "D", 1, true, ""}); // MAESTRO's M
  auto [free, constrained] = c.compare(mc);
  EXPECT_GT(spatialUnits(free, ms::Dim::M), 1);
  EXPECT_EQ(spatialUnits(constrained, ms::Dim::M), 1);
}

TEST(MaestroConstraints, LoopPinnedToL2) {
  Case c = Case::gemm();
  MappingConstraints mc;
  mc.loopLevels.push_back({"K", "l2", ""});
  auto [free, constrained] = c.compare(mc);
  EXPECT_TRUE(iteratesIn(free, ms::Dim::N, /*inL1=*/true));
  EXPECT_FALSE(iteratesIn(constrained, ms::Dim::N, /*inL1=*/true));
}

TEST(MaestroConstraints, OutermostAndInnermostLoops) {
  Case c = Case::gemm();
  MappingConstraints outer;
  outer.positions.push_back({{"C"}, true, ""}); // MAESTRO's K
  auto [free, constrained] = c.compare(outer);
  ASSERT_FALSE(outsideIn(free).empty());
  EXPECT_NE(outsideIn(free).front(), ms::Dim::K);
  ASSERT_FALSE(outsideIn(constrained).empty());
  EXPECT_EQ(outsideIn(constrained).front(), ms::Dim::K);

  MappingConstraints inner;
  inner.positions.push_back({{"K", "D"}, false, ""});
  std::tie(free, constrained) = c.compare(inner);
  std::vector<ms::Dim> freeRuns = outsideIn(free),
                       runs = outsideIn(constrained);
  ASSERT_GE(freeRuns.size(), 2u);
  EXPECT_FALSE(freeRuns.back() == ms::Dim::N &&
               freeRuns[freeRuns.size() - 2] == ms::Dim::M);
  ASSERT_GE(runs.size(), 2u);
  EXPECT_EQ(runs.back(), ms::Dim::N);
  EXPECT_EQ(runs[runs.size() - 2], ms::Dim::M);
}

TEST(MaestroConstraints, TileAtL1) {
  Case c = Case::gemm();
  MappingConstraints mc;
  mc.tiles.push_back({"K", "l1", 4, ""});
  auto tileAtL1 = [](const ms::DataflowLoops &l) {
    int64_t covered = spatialUnits(l, ms::Dim::N);
    for (size_t i = l.temporal.size() - l.innermost; i < l.temporal.size(); ++i)
      if (l.temporal[i].first == ms::Dim::N)
        covered *= l.temporal[i].second;
    return covered;
  };
  auto [free, constrained] = c.compare(mc);
  EXPECT_NE(tileAtL1(free), 4);
  EXPECT_EQ(tileAtL1(constrained), 4);
}

TEST(MaestroConstraints, OperandKeptOutOfL1) {
  Case c = Case::gemm();
  MappingConstraints mc;
  mc.operandMemories.push_back({"I", "l1", true, ""});
  auto [free, constrained] = c.compare(mc);
  EXPECT_GT(free.innermost, 0u);
  EXPECT_EQ(constrained.innermost, 0u);
}

TEST(MaestroConstraints, OperandHeldWholeInL1) {
  // Outputs (D, K) never reloaded into l1: no D or K loop above it.
  Case c = Case::gemm();
  MappingConstraints mc;
  mc.operandMemories.push_back({"O", "l1", false, ""});
  auto [free, constrained] = c.compare(mc, ms::Objective::Energy);
  EXPECT_TRUE(iteratesIn(free, ms::Dim::M, false) ||
              iteratesIn(free, ms::Dim::N, false));
  EXPECT_FALSE(iteratesIn(constrained, ms::Dim::M, false));
  EXPECT_FALSE(iteratesIn(constrained, ms::Dim::N, false));

  // Inputs (D, C): all of C (MAESTRO's K) iterates within one cluster.
  MappingConstraints input;
  input.operandMemories.push_back({"I", "l1", false, ""});
  std::tie(free, constrained) = c.compare(input);
  EXPECT_TRUE(iteratesIn(free, ms::Dim::M, false) ||
              iteratesIn(free, ms::Dim::K, false));
  EXPECT_FALSE(iteratesIn(constrained, ms::Dim::M, false));
  EXPECT_FALSE(iteratesIn(constrained, ms::Dim::K, false));
}

TEST(MaestroConstraints, MinimumUtilization) {
  // The least-energy dataflow of the convolution uses 2 of the 16 PEs.
  Case c = Case::conv();
  MappingConstraints mc;
  mc.minUtilization = 0.5;
  auto [free, constrained] = c.compare(mc, ms::Objective::Energy);
  EXPECT_LT(allUnits(free), 8);
  EXPECT_GE(allUnits(constrained), 8);
}

TEST(MaestroConstraints, SeedsAreCandidatesOnlyWhenAdmitted) {
  Case c = Case::gemm();
  std::optional<ms::SearchResult> free =
      c.search(MappingConstraints(), ms::Objective::Runtime);
  ASSERT_TRUE(free);
  // The free optimum as a seed: it wins without constraints, and is
  // excluded with one it breaks.
  std::optional<ms::SearchResult> seeded = c.search(
      MappingConstraints(), ms::Objective::Runtime, nullptr, {free->dataflow});
  ASSERT_TRUE(seeded);
  EXPECT_EQ(seeded->seed, 0);
  MappingConstraints mc;
  mc.spatial.push_back(fixed("K", 4));
  std::optional<ms::SearchResult> r =
      c.search(mc, ms::Objective::Runtime, nullptr, {free->dataflow});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->seed, -1);
  EXPECT_EQ(spatialUnits(c.lowered(r->dataflow), ms::Dim::N), 4);
}

TEST(MaestroConstraints, NoDataflowNamesTheConstraint) {
  // Every candidate keeps the 3 x 3 window in l1.
  Case c = Case::conv();
  MappingConstraints mc;
  mc.operandMemories.push_back({"I", "l1", true, ""});
  std::string why;
  EXPECT_FALSE(c.search(mc, ms::Objective::Runtime, &why));
  EXPECT_NE(why.find("satisfies constraint 'operand I kept out of l1'"),
            std::string::npos)
      << why;
}

TEST(MaestroConstraints, LoopAtDramHasNoMeaning) {
  Case c = Case::gemm();
  MappingConstraints mc;
  mc.loopLevels.push_back({"K", "dram", "m.yaml:3:4"});
  EXPECT_EQ(ms::inapplicableConstraint(mc, c.accelerator),
            "constraint 'loop K at dram (m.yaml:3:4)' has no meaning for a "
            "MAESTRO dataflow: its loops are in l1 (the innermost cluster "
            "level) or l2 (the levels above), never in dram");
  mc.loopLevels.front().memory = "l2";
  EXPECT_EQ(ms::inapplicableConstraint(mc, c.accelerator), "");
}

} // namespace
