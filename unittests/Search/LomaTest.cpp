//===- LomaTest.cpp - LOMA loop orderings ---------------------------------===//

#include "zigzag/Search/Loma.h"

#include "../Model/CostModelFixtures.h"

#include <gtest/gtest.h>

#include <set>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

/// The LPFs as (loop name, factor) pairs.
std::vector<NamedFactor> named(const Workload &w,
                               const std::vector<LoopFactor> &loops) {
  std::vector<NamedFactor> out;
  for (const LoopFactor &lf : loops)
    out.push_back({w.loopNames[lf.loop], lf.factor});
  return out;
}

std::vector<int64_t> sizes(const Workload &w,
                           const std::vector<NamedFactor> &loops) {
  std::vector<int64_t> out(w.numLoops(), 1);
  for (const auto &[name, size] : loops)
    out[w.findLoop(name)] = size;
  return out;
}

std::vector<std::vector<NamedFactor>> orderings(const Workload &w,
                                                const Loma &loma) {
  std::vector<std::vector<NamedFactor>> out;
  loma.forEachOrdering([&](const LoopFactor *loops, unsigned n) {
    out.push_back(named(w, std::vector<LoopFactor>(loops, loops + n)));
    return true;
  });
  return out;
}

TEST(LomaTest, MultisetPermutationsFollowWilliamsOrder) {
  // ZigZag's multipermute on [1, 1, 2, 3].
  MultisetPermutations perms({1, 1, 2, 3});
  std::vector<std::vector<unsigned>> seen;
  do {
    std::vector<unsigned> p(perms.size());
    perms.current(p.data());
    seen.push_back(p);
  } while (perms.next());
  std::vector<std::vector<unsigned>> expected = {
      {3, 2, 1, 1}, {1, 3, 2, 1}, {3, 1, 2, 1}, {1, 3, 1, 2},
      {1, 1, 3, 2}, {3, 1, 1, 2}, {2, 3, 1, 1}, {1, 2, 3, 1},
      {2, 1, 3, 1}, {1, 2, 1, 3}, {1, 1, 2, 3}, {2, 1, 1, 3}};
  EXPECT_EQ(seen, expected);
}

TEST(LomaTest, PermutationCountIsMultinomial) {
  EXPECT_EQ(countMultisetPermutations({0, 1, 2, 3, 4, 5}), 720u);
  EXPECT_EQ(countMultisetPermutations({0, 0, 2, 2, 4, 4}), 90u); // 6!/2!^3
  EXPECT_EQ(countMultisetPermutations({0, 0, 0, 3, 4}), 20u);    // 5!/3!
  EXPECT_EQ(countMultisetPermutations({7}), 1u);
  // Enumeration yields exactly that many distinct permutations.
  for (std::vector<unsigned> ranks : {std::vector<unsigned>{0, 0, 2, 2, 4, 4},
                                      {0, 1, 1, 1, 4, 5, 5},
                                      {3, 3, 3},
                                      {0, 1, 2, 3, 4, 5, 6}}) {
    std::set<std::vector<unsigned>> distinct;
    MultisetPermutations perms(ranks);
    uint64_t count = 0;
    do {
      std::vector<unsigned> p(perms.size());
      perms.current(p.data());
      distinct.insert(p);
      ++count;
    } while (perms.next());
    EXPECT_EQ(count, countMultisetPermutations(ranks));
    EXPECT_EQ(distinct.size(), count);
  }
}

TEST(LomaTest, LpfMergingOfAFullyConnectedLayer) {
  // resnet18 fc on tpu_like: K=1000 over 31.25 -> 32 = 2^5, C=512/32 = 2^4.
  // Merging: K (5 LPFs) 2*2; K and C tie at 4, K first: 2*2; then C twice.
  Workload w = convWorkload(1000, 512, 1, 1, 1, 1, 1);
  Loma loma;
  ASSERT_EQ(loma.init(w, sizes(w, {{"K", 32}, {"C", 16}}), 6, {}), "");
  EXPECT_EQ(named(w, loma.factors()),
            (std::vector<NamedFactor>{
                {"C", 2}, {"C", 2}, {"C", 4}, {"K", 2}, {"K", 4}, {"K", 4}}));
  EXPECT_EQ(loma.numPermutations(), 180u); // 6! / (2! 2!)
}

TEST(LomaTest, LpfMergingToTheLimit) {
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  std::vector<int64_t> temporal = sizes(
      w, {{"K", 2}, {"C", 2}, {"OY", 56}, {"OX", 56}, {"FY", 3}, {"FX", 3}});
  Loma loma;
  // Default limit 6 = the number of loops: one factor per loop, 6! orders.
  ASSERT_EQ(loma.init(w, temporal, 6, {}), "");
  EXPECT_EQ(loma.factors().size(), 6u);
  EXPECT_EQ(loma.numPermutations(), 720u);
  // Limit 8: 56 = 2*2*2*7 becomes 2*4*7 (OY first on ties), then 7*8.
  ASSERT_EQ(loma.init(w, temporal, 8, {}), "");
  EXPECT_EQ(named(w, loma.factors()), (std::vector<NamedFactor>{{"C", 2},
                                                                {"FX", 3},
                                                                {"FY", 3},
                                                                {"K", 2},
                                                                {"OX", 7},
                                                                {"OX", 8},
                                                                {"OY", 7},
                                                                {"OY", 8}}));
  EXPECT_EQ(loma.numPermutations(), 40320u);
  // A limit below the loop count is raised to it.
  ASSERT_EQ(loma.init(w, temporal, 2, {}), "");
  EXPECT_EQ(loma.factors().size(), 6u);
  // Full factorisation: 12 LPFs, 12! / (3! 3!) orders.
  ASSERT_EQ(loma.init(w, temporal, 100, {}), "");
  EXPECT_EQ(loma.factors().size(), 12u);
  EXPECT_EQ(loma.numPermutations(), 13305600u);
}

TEST(LomaTest, GemmL1OrderingConstraints) {
  // gemm_l1 mapping: [D1, *], [D2, *], [D0, *] fix the three innermost loops.
  Workload w = gemmWorkload();
  MappingSpecEntry entry;
  entry.temporalOrdering = {
      {"D1", std::nullopt}, {"D2", std::nullopt}, {"D0", std::nullopt}};
  std::vector<OrderingConstraint> constraints = orderingConstraints(
      resolveTemporalOrdering(w, entry.temporalOrdering, true, nullptr));
  ASSERT_EQ(constraints.size(), 3u);
  std::vector<int64_t> temporal =
      sizes(w, {{"D0", 16}, {"D1", 16}, {"D2", 16}});

  Loma loma;
  ASSERT_EQ(loma.init(w, temporal, 3, constraints), "");
  EXPECT_EQ(orderings(w, loma), (std::vector<std::vector<NamedFactor>>{
                                    {{"D1", 16}, {"D2", 16}, {"D0", 16}}}));

  // lpf 6: 4*4 per loop, 90 permutations of which 6 keep the prefix, in
  // ZigZag's order.
  ASSERT_EQ(loma.init(w, temporal, 6, constraints), "");
  EXPECT_EQ(loma.numPermutations(), 90u);
  std::vector<std::vector<NamedFactor>> found = orderings(w, loma);
  std::vector<std::vector<std::string>> names;
  for (const auto &ordering : found) {
    names.emplace_back();
    for (const auto &[loop, size] : ordering) {
      EXPECT_EQ(size, 4);
      names.back().push_back(loop);
    }
  }
  EXPECT_EQ(names, (std::vector<std::vector<std::string>>{
                       {"D1", "D2", "D0", "D2", "D1", "D0"},
                       {"D1", "D2", "D0", "D2", "D0", "D1"},
                       {"D1", "D2", "D0", "D0", "D2", "D1"},
                       {"D1", "D2", "D0", "D1", "D2", "D0"},
                       {"D1", "D2", "D0", "D1", "D0", "D2"},
                       {"D1", "D2", "D0", "D0", "D1", "D2"}}));
}

TEST(LomaTest, SizedConstraintsAreCarvedOut) {
  Workload w = gemmWorkload();
  std::vector<OrderingConstraint> constraints = {{0, 0 /*D0*/, 8}};
  Loma loma;
  ASSERT_EQ(loma.init(w, sizes(w, {{"D0", 16}, {"D1", 16}}), 3, constraints),
            "");
  // D0: 8 is fixed, 2 remains; D1's 2*2*2*2 merges down to the limit.
  EXPECT_EQ(named(w, loma.factors()),
            (std::vector<NamedFactor>{{"D0", 2}, {"D0", 8}, {"D1", 16}}));
  for (const auto &ordering : orderings(w, loma))
    EXPECT_EQ(ordering[0], (NamedFactor{"D0", 8}));
  EXPECT_EQ(orderings(w, loma).size(), 2u);

  EXPECT_NE(loma.init(w, sizes(w, {{"D0", 16}}), 3, {{0, 0, 3}}), "");
  EXPECT_NE(loma.init(w, sizes(w, {{"D1", 16}}), 3, {{0, 0, 2}}), "");
}

TEST(LomaTest, OuterMarkerPositions) {
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  std::vector<TemporalLoopSpec> spec = {
      {"K", std::nullopt}, {"*", std::nullopt}, {"C", std::nullopt}, {"XX", 4}};
  std::vector<std::string> notes;
  // ZigZag drops the marker (and the unknown loop): C is second innermost.
  auto compat =
      orderingConstraints(resolveTemporalOrdering(w, spec, true, &notes));
  ASSERT_EQ(compat.size(), 2u);
  EXPECT_EQ(compat[1].position, 1);
  EXPECT_EQ(notes.size(), 2u);
  // Corrected: entries after the marker count from the outermost loop.
  auto fixed =
      orderingConstraints(resolveTemporalOrdering(w, spec, false, nullptr));
  ASSERT_EQ(fixed.size(), 2u);
  EXPECT_EQ(fixed[0].position, 0);
  EXPECT_EQ(fixed[1].position, -1);
  EXPECT_EQ(fixed[1].loop, static_cast<unsigned>(w.findLoop("C")));

  Loma loma;
  ASSERT_EQ(loma.init(w, sizes(w, {{"K", 2}, {"C", 2}, {"OX", 3}}), 6, fixed),
            "");
  for (const auto &ordering : orderings(w, loma)) {
    EXPECT_EQ(ordering.front().first, "K");
    EXPECT_EQ(ordering.back().first, "C");
  }
}

TEST(LomaTest, CompleteOrderingBypassesLoma) {
  // tpu_like's example_name_of_layer0 on resnet18 conv1 (C 3 and K 32
  // unrolled): OX 112, OY 112, FX 7, FY 7, K 2 covers every temporal loop.
  Workload w = convWorkload(64, 3, 112, 112, 7, 7, 2);
  std::vector<TemporalLoopSpec> spec = {
      {"OX", 112}, {"OY", 112}, {"FX", 7}, {"FY", 7}, {"K", 2}};
  auto entries = resolveTemporalOrdering(w, spec, true, nullptr);
  std::vector<LoopFactor> ordering;
  std::vector<int64_t> temporal =
      sizes(w, {{"K", 2}, {"OY", 112}, {"OX", 112}, {"FY", 7}, {"FX", 7}});
  ASSERT_TRUE(completeTemporalOrdering(entries, temporal, ordering));
  EXPECT_EQ(named(w, ordering),
            (std::vector<NamedFactor>{
                {"OX", 112}, {"OY", 112}, {"FX", 7}, {"FY", 7}, {"K", 2}}));
  // Not complete when a size is open or a loop is missing.
  temporal[w.findLoop("C")] = 2;
  EXPECT_FALSE(completeTemporalOrdering(entries, temporal, ordering));
  spec.back().size.reset();
  EXPECT_FALSE(completeTemporalOrdering(
      resolveTemporalOrdering(w, spec, true, nullptr), temporal, ordering));
}

TEST(LomaTest, NothingLeftGivesOneDummyLoop) {
  Workload w = gemmWorkload();
  Loma loma;
  ASSERT_EQ(loma.init(w, sizes(w, {}), 6, {}), "");
  EXPECT_EQ(named(w, loma.factors()), (std::vector<NamedFactor>{{"D0", 1}}));
  EXPECT_EQ(orderings(w, loma).size(), 1u);
}

TEST(LomaTest, ConstraintBeyondTheLoopsIsAnError) {
  Workload w = gemmWorkload();
  Loma loma;
  std::string error = loma.init(w, sizes(w, {{"D0", 16}}), 3, {{3, 0, 0}});
  EXPECT_EQ(error, "temporal_ordering fixes loop D0 at position 3 but only 3 "
                   "temporal loops are scheduled");
}

} // namespace
