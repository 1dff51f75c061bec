//===- MaestroSearch.cpp - dataflow search under MAESTRO's model ----------===//
//
// The candidate space follows the families of MAESTRO's shipped templates,
// with their free parameters swept:
//   - weight stationary over two levels (kcp_ws / ckp_ws): one of K/C spatial
//     over the clusters, the other within a cluster, its tile and the
//     cluster size swept;
//   - output stationary (yxp_os): output rows spatial over clusters, columns
//     within, K/C tiles and the column tile swept;
//   - input-column parallel (xp_ws) and no-local-reuse (nlr) single levels
//     with K/C tiles swept;
//   - for GEMM, the nmk family (M over clusters, K within) with its tiles.
// An evaluation is a few microseconds, so a few thousand candidates per
// layer cost milliseconds.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/MaestroSearch.h"

#include <algorithm>

using namespace zigzag;
using namespace zigzag::maestro;

std::optional<Objective> maestro::parseObjective(std::string_view text) {
  if (text == "runtime")
    return Objective::Runtime;
  if (text == "energy")
    return Objective::Energy;
  if (text == "edp")
    return Objective::EDP;
  return std::nullopt;
}

double maestro::objectiveValue(const Stats &s, Objective objective) {
  switch (objective) {
  case Objective::Runtime:
    return static_cast<double>(s.runtimeCycles);
  case Objective::Energy:
    return s.energyXMac;
  case Objective::EDP:
    return s.energyXMac * static_cast<double>(s.runtimeCycles);
  }
  return 0;
}

static Directive tmap(int size, int offset, Dim d) {
  return {DirectiveKind::TemporalMap, size, offset, d, false};
}
static Directive smap(int size, int offset, Dim d) {
  return {DirectiveKind::SpatialMap, size, offset, d, false};
}
static Directive cluster(int n) {
  return {DirectiveKind::Cluster, n, 0, Dim::K, false};
}

/// 1, 2, 4, ... up to `limit`, plus `limit` itself.
static std::vector<int> powersUpTo(int limit) {
  std::vector<int> v;
  for (int p = 1; p < limit; p *= 2)
    v.push_back(p);
  v.push_back(std::max(limit, 1));
  return v;
}

static void convCandidates(const Layer &layer, const Hardware &hw,
                           std::vector<std::vector<Directive>> &out) {
  int k = layer.size(Dim::K).value_or(1), c = layer.size(Dim::C).value_or(1);
  int r = layer.size(Dim::R).value_or(1), s = layer.size(Dim::S).value_or(1);
  bool depthwise = layer.type == LayerType::DSConv;
  std::vector<int> clusterSizes;
  for (int n = 2; n <= hw.numPEs; n *= 2)
    clusterSizes.push_back(n);
  Directive fullR = tmap(r, r, Dim::R), fullS = tmap(s, s, Dim::S);
  Directive slideY = tmap(r, 1, Dim::Y), slideX = tmap(s, 1, Dim::X);

  // Weight stationary, two levels: A over clusters, B within.
  std::pair<Dim, Dim> pairs[] = {{Dim::K, Dim::C}, {Dim::C, Dim::K}};
  for (auto [outer, inner] : pairs) {
    if (depthwise && (outer == Dim::K || inner == Dim::K))
      continue;
    int innerSize = inner == Dim::K ? k : c;
    for (int n : clusterSizes)
      for (int t : powersUpTo(innerSize)) {
        if (t < n / 4)
          continue;
        out.push_back({smap(1, 1, outer), tmap(t, t, inner), fullR, fullS,
                       slideY, slideX, cluster(n), smap(1, 1, inner), slideY,
                       slideX, fullR, fullS});
      }
  }
  // Output stationary (yxp_os): output rows over clusters, columns within.
  for (int tk : powersUpTo(std::min(k, 8)))
    for (int tc : powersUpTo(std::min(c, 8)))
      for (int tx : {4, 8, 16, 32}) {
        if (tx > hw.numPEs)
          continue;
        std::vector<Directive> d;
        if (!depthwise)
          d.push_back(tmap(tk, tk, Dim::K));
        d.insert(d.end(), {tmap(tc, tc, Dim::C), smap(r, 1, Dim::Y),
                           tmap(tx + s - 1, tx, Dim::X), fullR, fullS,
                           cluster(tx), smap(s, 1, Dim::X)});
        out.push_back(d);
      }
  // Input-column parallel (xp_ws) and no local reuse (nlr), one level.
  for (int tk : powersUpTo(std::min(k, 16)))
    for (int tc : powersUpTo(std::min(c, 16))) {
      std::vector<Directive> xp, nlr;
      if (!depthwise) {
        xp.push_back(tmap(tk, tk, Dim::K));
        nlr.push_back(tmap(tk, tk, Dim::K));
      }
      xp.insert(xp.end(), {tmap(tc, tc, Dim::C), slideY, smap(s, 1, Dim::X),
                           fullR, fullS});
      nlr.insert(nlr.end(),
                 {slideY, slideX, fullR, fullS, smap(tc, tc, Dim::C)});
      out.push_back(xp);
      out.push_back(nlr);
    }
}

static void gemmCandidates(const Layer &layer, const Hardware &hw,
                           std::vector<std::vector<Directive>> &out) {
  int m = layer.size(Dim::M).value_or(1), n = layer.size(Dim::N).value_or(1),
      kk = layer.size(Dim::K).value_or(1);
  for (int tk : powersUpTo(std::min(kk, hw.numPEs)))
    for (int tm : powersUpTo(std::min(m, 16)))
      for (int tn : powersUpTo(std::min(n, 64))) {
        out.push_back({tmap(tn, tn, Dim::N), smap(tm, tm, Dim::M),
                       tmap(tk, tk, Dim::K), cluster(tk), tmap(tn, tn, Dim::N),
                       tmap(tm, tm, Dim::M), smap(1, 1, Dim::K)});
        out.push_back({tmap(tm, tm, Dim::M), smap(tn, tn, Dim::N),
                       tmap(tk, tk, Dim::K), cluster(tk), tmap(tm, tm, Dim::M),
                       tmap(tn, tn, Dim::N), smap(1, 1, Dim::K)});
      }
}

std::optional<SearchResult>
maestro::searchDataflow(const Layer &layer, const Hardware &hw,
                        const Options &options, Objective objective,
                        const std::vector<std::vector<Directive>> &seeds) {
  std::vector<std::vector<Directive>> candidates = seeds;
  if (layer.type == LayerType::GEMM)
    gemmCandidates(layer, hw, candidates);
  else
    convCandidates(layer, hw, candidates);
  std::optional<SearchResult> best;
  double bestValue = 0;
  int64_t evaluated = 0, rejected = 0;
  Layer candidate = layer;
  std::string error;
  for (size_t i = 0; i < candidates.size(); ++i) {
    candidate.dataflow = candidates[i];
    ++evaluated;
    std::optional<Stats> s = analyzeLayer(candidate, hw, options, error);
    if (!s || s->runtimeCycles <= 0) {
      ++rejected;
      continue;
    }
    double value = objectiveValue(*s, objective);
    // Ties keep the earlier candidate, so a seed wins over an equal
    // generated dataflow.
    if (!best || value < bestValue) {
      best = SearchResult{candidates[i], *s, 0, 0,
                          i < seeds.size() ? static_cast<int>(i) : -1};
      bestValue = value;
    }
  }
  if (best) {
    best->evaluated = evaluated;
    best->rejected = rejected;
  }
  return best;
}
