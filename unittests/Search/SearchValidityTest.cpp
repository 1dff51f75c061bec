//===- SearchValidityTest.cpp - Searches emit only valid mappings ---------===//
//
// Every mapping a search engine returns passes the one rule of
// MappingValidity.h (and so the cost model's check and the rewrite), on
// random layers whose sizes the arrays rarely divide.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Model/MappingValidity.h"
#include "zigzag/Model/SpatialUnrolling.h"
#include "zigzag/Search/Exhaustive.h"
#include "zigzag/Search/Search.h"

#include "../Model/CostModelFixtures.h"

#include <gtest/gtest.h>

#include <random>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

/// A conv with sizes drawn from primes, odd and power-of-two values, and
/// an O_final that is sometimes wider than O.
Workload randomConv(std::mt19937 &rng) {
  static const int64_t sizes[] = {1, 2, 3, 5, 7, 12, 17, 27, 54, 64, 96, 113};
  static const int64_t filters[] = {1, 3, 5, 11};
  auto pick = [&](auto &values) {
    return values[std::uniform_int_distribution<size_t>(0, std::size(values) -
                                                               1)(rng)];
  };
  Workload w = convWorkload(pick(sizes), pick(sizes), pick(sizes), pick(sizes),
                            pick(filters), pick(filters),
                            std::uniform_int_distribution<int>(1, 4)(rng));
  if (std::bernoulli_distribution(0.3)(rng))
    w.operand(MemOperand::O).finalPrecision = 17;
  return w;
}

/// A loop unrolled over several array dims whose size they do not divide.
bool hasPartialSplit(const Workload &w, const Mapping &m) {
  std::vector<int64_t> products = spatialLoopProducts(w, m.spatial);
  for (unsigned l = 0; l < w.numLoops(); ++l) {
    unsigned dims = 0;
    for (const std::vector<LoopFactor> &dim : m.spatial)
      for (const LoopFactor &lf : dim)
        dims += lf.loop == l;
    if (dims > 1 && w.loopSizes[l] % products[l] != 0)
      return true;
  }
  return false;
}

std::string describe(const Workload &w) {
  std::string s;
  for (unsigned l = 0; l < w.numLoops(); ++l)
    s += w.loopNames[l] + "=" + std::to_string(w.loopSizes[l]) + " ";
  return s +
         "O_final=" + std::to_string(w.operand(MemOperand::O).finalPrecision);
}

TEST(SearchValidityTest, LomaResultsPassTheCheckOnRandomLayers) {
  std::mt19937 rng(13);
  std::vector<Hardware> accelerators = {tpuLikeHardware(), gemmL1L3Hardware()};
  unsigned found = 0, partialSplits = 0, wideFinal = 0;
  for (unsigned trial = 0; trial < 60; ++trial) {
    Workload w = randomConv(rng);
    for (const Hardware &hw : accelerators)
      for (bool compat : {true, false}) {
        SearchOptions options;
        options.zigzagCompat = compat;
        options.mixedSpatial = trial % 2 == 1;
        options.lpfLimit = 4;
        SearchResult r = searchLayer(w, hw, nullptr, options);
        if (!r.found)
          continue; // e.g. the layer does not fit: an error, not a mapping
        ++found;
        partialSplits += hasPartialSplit(w, r.mapping);
        wideFinal += w.operand(MemOperand::O).finalPrecision > 16;
        EXPECT_EQ(checkMapping(w, hw, r.mapping), "")
            << describe(w) << " on " << hw.name;
        CostModelOptions cmo;
        cmo.zigzagCompat = compat;
        EXPECT_EQ(CostModel(w, hw, cmo).check(r.mapping), "")
            << describe(w) << " on " << hw.name;
      }
  }
  // Most layers fit (the test checks mappings, not errors), and the cases
  // the rule is about occur.
  EXPECT_GT(found, 200u);
  EXPECT_GT(partialSplits, 0u);
  EXPECT_GT(wideFinal, 0u);
}

TEST(SearchValidityTest, ExhaustiveResultsPassTheCheckOnRandomLayers) {
  std::mt19937 rng(7);
  Hardware hw = tpuLikeHardware();
  unsigned found = 0;
  for (unsigned trial = 0; trial < 15; ++trial) {
    Workload w = randomConv(rng);
    SearchOptions options;
    options.criterion = SearchCriterion::Energy;
    options.lpfLimit = 4;
    ExhaustiveOptions exhaustive;
    exhaustive.maxNodes = 20000;
    SearchResult r = searchLayerExhaustive(w, hw, nullptr, options, exhaustive);
    if (!r.found)
      continue;
    ++found;
    EXPECT_EQ(checkMapping(w, hw, r.mapping), "") << describe(w);
    EXPECT_EQ(CostModel(w, hw).check(r.mapping), "") << describe(w);
  }
  EXPECT_GT(found, 10u);
}

TEST(SearchValidityTest, ImperfectLomaIsValidAndNeverWorse) {
  // imperfect=true searches a superset of the perfect candidates under the
  // same comparator: per layer it can only improve, and what it returns is
  // a valid mapping whose cost the model reproduces. Since the model counts
  // the partial tiles exactly (each rounded to words on its own), imperfect
  // mappings win less often on these small layers than with the averaged
  // count: 24 layers, of which the first 15 let none win.
  std::mt19937 rng(29);
  std::vector<Hardware> accelerators = {tpuLikeHardware(), gemmL1L3Hardware()};
  unsigned compared = 0, better = 0, imperfectChosen = 0;
  for (unsigned trial = 0; trial < 24; ++trial) {
    Workload w = randomConv(rng);
    for (const Hardware &hw : accelerators)
      for (SearchCriterion criterion :
           {SearchCriterion::Latency, SearchCriterion::Energy,
            SearchCriterion::EDP}) {
        SearchOptions options;
        options.criterion = criterion;
        options.zigzagCompat = false;
        options.lpfLimit = 4;
        SearchResult perfect = searchLayer(w, hw, nullptr, options);
        options.imperfect = true;
        SearchResult imperfect = searchLayer(w, hw, nullptr, options);
        ASSERT_EQ(perfect.found, imperfect.found) << describe(w);
        if (!perfect.found)
          continue;
        ++compared;
        EXPECT_GE(imperfect.evaluated, perfect.evaluated);
        auto metric = [&](const Cost &c) {
          return criterion == SearchCriterion::Latency  ? c.latency
                 : criterion == SearchCriterion::Energy ? c.energy
                                                        : c.energy * c.latency;
        };
        EXPECT_LE(metric(imperfect.cost), metric(perfect.cost))
            << describe(w) << " on " << hw.name;
        better += metric(imperfect.cost) < metric(perfect.cost);
        EXPECT_EQ(checkMapping(w, hw, imperfect.mapping), "") << describe(w);
        CostModelOptions cmo;
        cmo.zigzagCompat = false;
        CostModel model(w, hw, cmo);
        EXPECT_EQ(model.check(imperfect.mapping), "") << describe(w);
        Cost again;
        model.evaluate(imperfect.mapping, again);
        EXPECT_DOUBLE_EQ(again.energy, imperfect.cost.energy) << describe(w);
        EXPECT_DOUBLE_EQ(again.latency, imperfect.cost.latency) << describe(w);
        imperfectChosen += isImperfect(w, imperfect.mapping);
      }
  }
  EXPECT_GT(compared, 50u);
  EXPECT_GT(better, 0u);
  EXPECT_GT(imperfectChosen, 0u);
}

} // namespace
