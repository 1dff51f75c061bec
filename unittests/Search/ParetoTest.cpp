//===- ParetoTest.cpp - Least energy under a network latency budget -------===//
//
// leastEnergyUnderLatency against brute force over every choice of one
// point per layer on random small instances, and its edge cases.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/Pareto.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

using namespace zigzag;

namespace {

/// Every choice of one point per layer: the least energy (ties: latency)
/// within the budget, summed in layer order.
BudgetSolution bruteForce(const std::vector<std::vector<TradeoffPoint>> &fronts,
                          double budget) {
  BudgetSolution best;
  std::vector<unsigned> choice(fronts.size(), 0);
  while (true) {
    double energy = 0, latency = 0;
    for (size_t i = 0; i < fronts.size(); ++i) {
      energy += fronts[i][choice[i]].energy;
      latency += fronts[i][choice[i]].latency;
    }
    if (latency <= budget &&
        (!best.feasible || energy < best.energy ||
         (energy == best.energy && latency < best.latency))) {
      best.feasible = true;
      best.energy = energy;
      best.latency = latency;
      best.choice = choice;
    }
    size_t i = 0;
    while (i < fronts.size() && ++choice[i] == fronts[i].size())
      choice[i++] = 0;
    if (i == fronts.size())
      return best;
  }
}

TEST(TradeoffTest, LatencyBudgetEqualsBruteForce) {
  std::mt19937 rng(18);
  for (int instance = 0; instance < 400; ++instance) {
    unsigned layers = 1 + rng() % 5;
    std::vector<std::vector<TradeoffPoint>> fronts(layers);
    double minLatency = 0, maxLatency = 0;
    for (auto &front : fronts) {
      // Any points, dominated ones included: the solver must not rely on
      // its input being a front. Integer values keep sums exact.
      unsigned points = 1 + rng() % 5;
      double least = std::numeric_limits<double>::infinity(), most = 0;
      for (unsigned k = 0; k < points; ++k) {
        TradeoffPoint p{static_cast<double>(1 + rng() % 50),
                        static_cast<double>(1 + rng() % 50)};
        front.push_back(p);
        least = std::min(least, p.latency);
        most = std::max(most, p.latency);
      }
      minLatency += least;
      maxLatency += most;
    }
    for (double budget :
         {minLatency - 1, minLatency, std::floor((minLatency + maxLatency) / 2),
          maxLatency, maxLatency + 10}) {
      SCOPED_TRACE("instance " + std::to_string(instance) + " budget " +
                   std::to_string(budget));
      BudgetSolution expected = bruteForce(fronts, budget);
      BudgetSolution got = leastEnergyUnderLatency(fronts, budget);
      EXPECT_EQ(got.minLatency, minLatency);
      ASSERT_EQ(got.feasible, expected.feasible);
      ASSERT_EQ(got.feasible, budget >= minLatency);
      if (!got.feasible) {
        EXPECT_TRUE(got.choice.empty());
        continue;
      }
      EXPECT_EQ(got.energy, expected.energy);
      EXPECT_EQ(got.latency, expected.latency);
      // The choice adds up to the totals reported.
      ASSERT_EQ(got.choice.size(), layers);
      double energy = 0, latency = 0;
      for (unsigned i = 0; i < layers; ++i) {
        ASSERT_LT(got.choice[i], fronts[i].size());
        energy += fronts[i][got.choice[i]].energy;
        latency += fronts[i][got.choice[i]].latency;
      }
      EXPECT_EQ(energy, got.energy);
      EXPECT_EQ(latency, got.latency);
      EXPECT_LE(latency, budget);
    }
  }
}

TEST(TradeoffTest, TwoLayerExample) {
  // Layer 0: fast and costly or slow and cheap; layer 1 likewise. A budget
  // of 30 cycles allows one slow layer: the one that saves more energy.
  std::vector<std::vector<TradeoffPoint>> fronts = {{{100, 10}, {60, 20}},
                                                    {{50, 10}, {45, 20}}};
  BudgetSolution s = leastEnergyUnderLatency(fronts, 30);
  ASSERT_TRUE(s.feasible);
  EXPECT_EQ(s.choice, (std::vector<unsigned>{1, 0}));
  EXPECT_EQ(s.energy, 110);
  EXPECT_EQ(s.latency, 30);
  EXPECT_FALSE(leastEnergyUnderLatency(fronts, 19).feasible);
  EXPECT_EQ(leastEnergyUnderLatency(fronts, 19).minLatency, 20);
  BudgetSolution loose = leastEnergyUnderLatency(fronts, 1000);
  EXPECT_EQ(loose.energy, 105);
  EXPECT_EQ(loose.latency, 40);
}

TEST(TradeoffTest, FrontStopsAtThePointLimit) {
  // A fake search space of (energy, latency) values: the front is the
  // epsilon-constraint sequence, slowest first, returned fastest first.
  std::vector<TradeoffPoint> space = {{10, 50}, {12, 40}, {12, 45}, {20, 30},
                                      {25, 30}, {40, 10}, {41, 60}};
  CappedSearch search = [&](const SearchOptions &o, bool &proven) {
    proven = true;
    SearchResult r;
    for (const TradeoffPoint &p : space)
      if (p.latency <= o.maxLatency &&
          (!r.found || p.energy < r.cost.energy ||
           (p.energy == r.cost.energy && p.latency < r.cost.latency))) {
        r.found = true;
        r.cost.energy = p.energy;
        r.cost.latency = p.latency;
      }
    if (!r.found)
      r.error = "none";
    return r;
  };
  ParetoFront front = paretoFront(SearchOptions(), search);
  EXPECT_TRUE(front.exact);
  ASSERT_EQ(front.points.size(), 4u);
  double expected[4][2] = {{40, 10}, {20, 30}, {12, 40}, {10, 50}};
  for (unsigned k = 0; k < 4; ++k) {
    EXPECT_EQ(front.points[k].energy, expected[k][0]);
    EXPECT_EQ(front.points[k].latency, expected[k][1]);
  }
  ParetoFront cut = paretoFront(SearchOptions(), search, 2);
  EXPECT_FALSE(cut.exact);
  EXPECT_TRUE(cut.truncated);
  ASSERT_EQ(cut.points.size(), 2u);
  EXPECT_EQ(cut.points[0].latency, 40);
  EXPECT_EQ(cut.points[1].latency, 50);
}

} // namespace
