//===- ExploreTest.cpp - Design evaluation and the Pareto front -----------===//

#include "zigzag/Explore/Explore.h"

#include "../Model/CostModelFixtures.h"
#include "ExploreFixtures.h"

#include <gtest/gtest.h>

#include <random>

using namespace zigzag;
using namespace zigzag::explore;
using zigzag::testing::addWorkload;
using zigzag::testing::convWorkload;
using zigzag::testing::poolingWorkload;

namespace {

TEST(ParetoTest, MarkedIffNotDominated) {
  std::mt19937 rng(7);
  // Few distinct values: many ties and equal points.
  std::uniform_int_distribution<int> value(1, 6);
  for (int round = 0; round < 20; ++round) {
    std::vector<Point> points(60);
    for (unsigned i = 0; i < points.size(); ++i) {
      points[i].id = i;
      points[i].feasible = value(rng) != 1;
      points[i].energy = value(rng);
      points[i].latency = value(rng);
      points[i].area = value(rng);
    }
    markPareto(points);
    for (const Point &p : points) {
      bool dominated = false;
      for (const Point &q : points)
        dominated |= q.feasible && dominates(q, p);
      EXPECT_EQ(p.pareto, p.feasible && !dominated) << "point " << p.id;
    }
  }
}

TEST(ParetoTest, EqualPointsAreBothOnTheFront) {
  std::vector<Point> points(2);
  for (Point &p : points) {
    p.feasible = true;
    p.energy = p.latency = p.area = 1;
  }
  markPareto(points);
  EXPECT_TRUE(points[0].pareto && points[1].pareto);
}

TEST(ResultLogTest, LinesRoundTripExactly) {
  Point p;
  p.id = 42;
  p.feasible = true;
  p.energy = 0.1 + 0.2;
  p.latency = 123456.75;
  p.area = 1.0 / 3;
  p.edp = p.energy * p.latency;
  llvm::Expected<Point> back = pointFromJSONLine(pointToJSONLine(p));
  ASSERT_TRUE(bool(back));
  EXPECT_EQ(back->id, 42u);
  EXPECT_EQ(back->energy, p.energy);
  EXPECT_EQ(back->latency, p.latency);
  EXPECT_EQ(back->area, p.area);
  EXPECT_EQ(back->edp, p.edp);
  Point bad;
  bad.id = 3;
  bad.reason = "layer 'x': no \"mapping\", really";
  back = pointFromJSONLine(pointToJSONLine(bad));
  ASSERT_TRUE(bool(back));
  EXPECT_FALSE(back->feasible);
  EXPECT_EQ(back->reason, bad.reason);
  llvm::Expected<Point> cut = pointFromJSONLine("{\"id\": 4, \"feas");
  EXPECT_FALSE(bool(cut));
  llvm::consumeError(cut.takeError());
}

const char *kSpace = R"(
pe_arrays:
  - {dimensions: [D1, D2], sizes: [4, 4]}
mac: {energy: 0.5, area: 0.001}
memory_pool:
  - {name: reg16, size: 16, bandwidth: 16, r_cost: 0.01, w_cost: 0.02, area: 0.0001}
  - {name: reg256, size: 256, bandwidth: 16, r_cost: 0.03, w_cost: 0.04, area: 0.0003}
  - {name: l1, size: 65536, bandwidth: 128, r_cost: 4, w_cost: 5, area: 0.05}
  - {name: dram, size: 1e10, bandwidth: 64, r_cost: 100, w_cost: 120, area: 0, mem_type: dram}
levels:
  - {name: reg, memories: [reg16, reg256], sharing: [separate]}
  - name: L1
    memories: [l1]
    sharing: [separate, shared]
    bypass: true
    served_dimensions: [D1, D2]
  - {name: off, memories: [dram], served_dimensions: [D1, D2]}
)";

TEST(EvaluateTest, SameResultsForAnyThreadCountAndLayerDedup) {
  std::string errors;
  std::optional<DesignSpace> space =
      zigzag::testing::parseSpaceText(kSpace, &errors);
  ASSERT_TRUE(space) << errors;
  std::vector<Design> designs = enumerateDesigns(*space);
  ASSERT_GT(designs.size(), 8u);
  designs.resize(8);
  std::vector<const Design *> todo;
  for (const Design &d : designs)
    todo.push_back(&d);
  Workload conv = convWorkload(16, 8, 8, 8, 3, 3, 1);
  Workload other = convWorkload(8, 16, 4, 4, 1, 1, 1);
  LayerSet layers = makeLayerSet({conv, other, conv});
  EXPECT_EQ(layers.unique, (std::vector<unsigned>{0, 1, 0}));

  ExploreOptions options;
  options.search = defaultSearchOptions();
  options.threads = 1;
  std::vector<Point> serial = evaluateDesigns(todo, layers, options);
  options.threads = 4;
  unsigned callbacks = 0;
  std::vector<Point> parallel = evaluateDesigns(
      todo, layers, options, [&](const Point &) { ++callbacks; });
  EXPECT_EQ(callbacks, todo.size());
  ASSERT_EQ(serial.size(), parallel.size());
  for (unsigned i = 0; i < serial.size(); ++i) {
    ASSERT_TRUE(serial[i].feasible) << serial[i].reason;
    EXPECT_EQ(serial[i].id, designs[i].id);
    EXPECT_EQ(serial[i].energy, parallel[i].energy);
    EXPECT_EQ(serial[i].latency, parallel[i].latency);
    EXPECT_EQ(serial[i].area, designs[i].area);
    EXPECT_EQ(serial[i].edp, serial[i].energy * serial[i].latency);
    // Summed layer by layer as the report does, the duplicate searched once.
    SearchResult a = searchLayer(conv, designs[i].hw, nullptr, options.search);
    SearchResult b = searchLayer(other, designs[i].hw, nullptr, options.search);
    ASSERT_TRUE(a.found && b.found);
    EXPECT_EQ(serial[i].energy, a.cost.energy + b.cost.energy + a.cost.energy);
    EXPECT_EQ(serial[i].latency,
              a.cost.latency + b.cost.latency + a.cost.latency);
  }
}

// The layer that failed last is searched first, and the layers before it are
// then only checked for a mapping: whatever the hint, the point (and its
// reason, that of the first failing layer in workload order) is the one of
// the plain layer-by-layer evaluation.
TEST(EvaluateTest, InfeasibleHintNeverChangesThePoint) {
  // Shared registers too small for one 32-bit output (every layer fails),
  // for some tiles only, or for none.
  const char *text = R"(
pe_arrays:
  - {dimensions: [D1, D2], sizes: [4, 4]}
mac: {energy: 0.5, area: 0.001}
memory_pool:
  - {name: reg16, size: 16, bandwidth: 16, r_cost: 0.01, w_cost: 0.02, area: 0.0001}
  - {name: reg64, size: 64, bandwidth: 32, r_cost: 0.03, w_cost: 0.04, area: 0.0003}
  - {name: reg256, size: 256, bandwidth: 32, r_cost: 0.05, w_cost: 0.06, area: 0.0005}
  - {name: dram, size: 1e10, bandwidth: 64, r_cost: 100, w_cost: 120, area: 0, mem_type: dram}
levels:
  - {name: reg, memories: [reg16, reg64, reg256], sharing: [shared, separate]}
  - {name: off, memories: [dram], served_dimensions: [D1, D2]}
)";
  std::string errors;
  std::optional<DesignSpace> space =
      zigzag::testing::parseSpaceText(text, &errors);
  ASSERT_TRUE(space) << errors;
  std::vector<Design> designs = enumerateDesigns(*space);
  std::vector<Workload> workloads = {
      convWorkload(16, 8, 8, 8, 3, 3, 1), addWorkload(16, 8, 8),
      poolingWorkload(16, 8, 8, 3, 3, 1), convWorkload(8, 16, 4, 4, 1, 1, 1),
      addWorkload(8, 4, 4)};
  for (unsigned k = 0; k < workloads.size(); ++k)
    workloads[k].name = "l" + std::to_string(k);
  LayerSet layers = makeLayerSet(workloads);
  ExploreOptions options;
  options.search = defaultSearchOptions();
  options.threads = 1;
  unsigned n = layers.layers.size();
  unsigned infeasible = 0, hintFailedAfterAnother = 0;
  for (const Design &design : designs) {
    Point plain = evaluateDesign(design, layers, options);
    infeasible += !plain.feasible;
    for (unsigned h = 0; h <= n; ++h) {
      std::atomic<unsigned> hint{h};
      Point hinted = evaluateDesign(design, layers, options, &hint);
      EXPECT_EQ(hinted.feasible, plain.feasible) << design.id << " " << h;
      EXPECT_EQ(hinted.reason, plain.reason) << design.id << " " << h;
      EXPECT_EQ(hinted.energy, plain.energy) << design.id << " " << h;
      EXPECT_EQ(hinted.latency, plain.latency) << design.id << " " << h;
      if (plain.feasible) {
        EXPECT_EQ(hint.load(), h);
        continue;
      }
      // The hint names the failing layer of the point's reason.
      ASSERT_LT(hint.load(), n);
      EXPECT_EQ(plain.reason.rfind(
                    "layer '" + layers.layers[hint.load()].name + "'", 0),
                0u)
          << plain.reason;
      if (h < n && h > hint.load() && layers.unique[h] == h) {
        SearchResult at =
            searchLayer(layers.layers[h], design.hw, nullptr, options.search);
        hintFailedAfterAnother += !at.found;
      }
    }
  }
  // The space has designs that fail, and some on several layers, so the
  // hinted layer failing after an earlier one is exercised.
  EXPECT_GT(infeasible, 0u);
  EXPECT_GT(hintFailedAfterAnother, 0u);
}

/// Every field of two search results that a caller can see.
static void expectSameSearch(const SearchResult &a, const SearchResult &b,
                             const std::string &where) {
  EXPECT_EQ(a.found, b.found) << where;
  EXPECT_EQ(a.error, b.error) << where;
  EXPECT_EQ(a.notes, b.notes) << where;
  EXPECT_EQ(a.evaluated, b.evaluated) << where;
  EXPECT_EQ(a.skipped, b.skipped) << where;
  EXPECT_EQ(a.spatialMappings, b.spatialMappings) << where;
  EXPECT_EQ(a.cost.energy, b.cost.energy) << where;
  EXPECT_EQ(a.cost.latency, b.cost.latency) << where;
  EXPECT_EQ(a.leastEnergy, b.leastEnergy) << where;
  EXPECT_EQ(a.mapping.spatial, b.mapping.spatial) << where;
  EXPECT_EQ(a.mapping.temporal, b.mapping.temporal) << where;
  EXPECT_EQ(a.mapping.levelEnds, b.mapping.levelEnds) << where;
}

// The work shared between designs (SearchReuse) changes no search and no
// point: every layer search of a sample of the case study's shape (full,
// feasibility-only and with a latency tie tolerance) and every point, with
// and without the sharing, on one and two threads, bit for bit.
TEST(ExploreTest, ReuseAcrossDesignsChangesNothing) {
  std::string errors;
  std::optional<DesignSpace> space = zigzag::testing::parseSpaceText(
      zigzag::testing::kCaseStudyShapedSpace, &errors);
  ASSERT_TRUE(space) << errors;
  std::vector<Design> designs = enumerateDesigns(*space);
  std::vector<const Design *> sample;
  for (unsigned i = 0; i < designs.size(); i += 47)
    sample.push_back(&designs[i]);
  // Two designs where the search fails: a DRAM too small for the layers
  // (no ordering allocates) and a register too small for one word (no
  // spatial candidate; such failures are not kept, their messages name the
  // memory).
  Design smallDram = *sample[1], smallRegister = *sample[2];
  smallDram.hw.memories.back().sizeBits = 1024;
  smallRegister.hw.memories.front().sizeBits = 4;
  sample.push_back(&smallDram);
  sample.push_back(&smallRegister);
  std::vector<Workload> workloads = {
      convWorkload(32, 16, 8, 8, 3, 3, 1), convWorkload(64, 32, 4, 4, 1, 1, 1),
      addWorkload(16, 8, 8), convWorkload(32, 16, 8, 8, 3, 3, 1)};
  for (unsigned k = 0; k < workloads.size(); ++k)
    workloads[k].name = "l" + std::to_string(k);
  LayerSet layers = makeLayerSet(workloads);

  LayerReuse reuse = makeLayerReuse(layers);
  SearchOptions full = defaultSearchOptions();
  SearchOptions check = full;
  check.feasibilityOnly = true;
  SearchOptions tolerant = full;
  tolerant.tieTolerance = 0.05;
  // Imperfect factorization runs LOMA again on padded sizes.
  SearchOptions imperfect = full;
  imperfect.imperfect = true;
  SearchOptions imperfectCheck = check;
  imperfectCheck.imperfect = true;
  unsigned found = 0, notFound = 0;
  for (unsigned i = 0; i < sample.size(); ++i) {
    const Design *design = sample[i];
    std::vector<const SearchOptions *> variants = {&full, &check, &tolerant};
    if (i % 16 == 0 || i + 2 >= sample.size())
      variants.insert(variants.end(), {&imperfect, &imperfectCheck});
    for (unsigned k = 0; k < layers.layers.size(); ++k)
      for (const SearchOptions *options : variants) {
        SearchOptions shared = *options;
        shared.reuse = reuse[k].get();
        SearchResult plain =
            searchLayer(layers.layers[k], design->hw, nullptr, *options);
        SearchResult reused =
            searchLayer(layers.layers[k], design->hw, nullptr, shared);
        expectSameSearch(plain, reused,
                         "design " + std::to_string(design->id) + " layer " +
                             std::to_string(k));
        (plain.found ? found : notFound) += 1;
      }
  }
  EXPECT_GT(found, 0u);
  EXPECT_GT(notFound, 0u);
  SearchReuse::Stats stats = reuse[0]->stats();
  EXPECT_GT(stats.spatialHits, 10 * stats.spatialMisses);
  EXPECT_GT(stats.orderingHits, 10 * stats.orderingMisses);
  // A SearchReuse made for another layer is not used.
  SearchOptions other = full;
  other.reuse = reuse[1].get();
  SearchReuse::Stats before = reuse[1]->stats();
  expectSameSearch(searchLayer(layers.layers[0], sample[0]->hw, nullptr, full),
                   searchLayer(layers.layers[0], sample[0]->hw, nullptr, other),
                   "other");
  SearchReuse::Stats after = reuse[1]->stats();
  EXPECT_EQ(after.spatialHits + after.spatialMisses,
            before.spatialHits + before.spatialMisses);
  EXPECT_EQ(after.orderingHits + after.orderingMisses,
            before.orderingHits + before.orderingMisses);

  ExploreOptions options;
  options.search = defaultSearchOptions();
  options.reuse = false;
  options.threads = 1;
  std::vector<Point> reference = evaluateDesigns(sample, layers, options);
  for (unsigned threads : {1u, 2u}) {
    options.reuse = true;
    options.threads = threads;
    SearchReuse::Stats total;
    std::vector<Point> points =
        evaluateDesigns(sample, layers, options, nullptr, &total);
    ASSERT_EQ(points.size(), reference.size());
    for (unsigned i = 0; i < points.size(); ++i) {
      EXPECT_EQ(points[i].id, reference[i].id);
      EXPECT_EQ(points[i].feasible, reference[i].feasible) << i;
      EXPECT_EQ(points[i].reason, reference[i].reason) << i;
      EXPECT_EQ(points[i].energy, reference[i].energy) << i;
      EXPECT_EQ(points[i].latency, reference[i].latency) << i;
      EXPECT_EQ(points[i].edp, reference[i].edp) << i;
      EXPECT_EQ(points[i].area, reference[i].area) << i;
    }
    EXPECT_GT(total.spatialHits, 0u);
    EXPECT_GT(total.orderingHits, 0u);
  }
}

} // namespace
