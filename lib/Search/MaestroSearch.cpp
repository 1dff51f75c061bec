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
//   - for GEMM, the nmk family (M over clusters, K within) and its N/M
//     swap, with their tiles and cluster sizes.
// An evaluation is a few microseconds, so a few thousand candidates per
// layer cost milliseconds. The user's constraints are checked on each
// candidate's lowering to a mapping (the bridge of --zigzag-maestro-to-
// mapping), so a constraint means on a dataflow what it means on the
// mapping the dataflow stands for; the others are not candidates.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/MaestroSearch.h"

#include <algorithm>
#include <map>

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

static void convCandidates(const Layer &layer, const maestro::Hardware &hw,
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

static void gemmCandidates(const Layer &layer, const maestro::Hardware &hw,
                           std::vector<std::vector<Directive>> &out) {
  int m = layer.size(Dim::M).value_or(1), n = layer.size(Dim::N).value_or(1),
      kk = layer.size(Dim::K).value_or(1);
  // K tiles up to the whole of K, spread over clusters of up to the tile:
  // a cluster smaller than its tile iterates K within it (in l1, once
  // lowered), which K-stationary constraints need.
  for (int tk : powersUpTo(kk))
    for (int c : powersUpTo(std::min(tk, hw.numPEs)))
      for (int tm : powersUpTo(std::min(m, 16)))
        for (int tn : powersUpTo(std::min(n, 64))) {
          out.push_back({tmap(tn, tn, Dim::N), smap(tm, tm, Dim::M),
                         tmap(tk, tk, Dim::K), cluster(c), tmap(tn, tn, Dim::N),
                         tmap(tm, tm, Dim::M), smap(1, 1, Dim::K)});
          out.push_back({tmap(tm, tm, Dim::M), smap(tn, tn, Dim::N),
                         tmap(tk, tk, Dim::K), cluster(c), tmap(tm, tm, Dim::M),
                         tmap(tn, tn, Dim::N), smap(1, 1, Dim::K)});
        }
}

::zigzag::Hardware maestro::mappingAccelerator(const maestro::Hardware &hw,
                                               const std::string &name) {
  ::zigzag::Hardware acc;
  acc.name = name;
  acc.array.dimNames = {"D1"};
  acc.array.sizes = {hw.numPEs};
  acc.array.unitEnergy = 1.0;
  auto port = [](int64_t bits) {
    Port p;
    p.name = "rw_port_1";
    p.type = PortType::ReadWrite;
    p.bandwidthMin = 8;
    p.bandwidthMax = bits;
    for (MemOperand op : {MemOperand::I1, MemOperand::I2}) {
      p.allocations.push_back({op, Direction::FromHigh});
      p.allocations.push_back({op, Direction::ToLow});
    }
    for (Direction d : {Direction::FromHigh, Direction::ToLow,
                        Direction::FromLow, Direction::ToHigh})
      p.allocations.push_back({MemOperand::O, d});
    return p;
  };
  auto memory = [&](const char *memName, int64_t elements, double cost,
                    int64_t bandwidthElems, bool shared) {
    Memory m;
    m.name = memName;
    m.sizeBits = elements * 8;
    m.readCost = m.writeCost = cost;
    m.operands = {MemOperand::I1, MemOperand::I2, MemOperand::O};
    m.ports = {port(std::max<int64_t>(bandwidthElems, 1) * 8)};
    if (shared)
      m.servedDims = {0};
    return m;
  };
  acc.memories.push_back(memory("l1", hw.l1Size, kL1Energy, 1, false));
  acc.memories.push_back(
      memory("l2", hw.l2Size, kL2Energy, hw.nocBandwidth, true));
  acc.memories.push_back(
      memory("dram", int64_t(1) << 40, 0.0, hw.offchipBandwidth, true));
  acc.memories.back().memType = "dram";
  return acc;
}

/// The mapping `loops` stand for, on the loops of `c.workload`: every
/// spatial unrolling on the accelerator's first array dim (merged per loop,
/// as the bridge does), the innermost `loops.innermost` temporal loops in
/// each operand's innermost memory, the others in the next one. nullopt when
/// a loop's dimension has no loop in the workload.
static std::optional<Mapping> toMapping(const DataflowLoops &loops,
                                        const DataflowConstraints &c) {
  Mapping m;
  m.spatial.resize(c.accelerator->array.sizes.size());
  for (auto [dim, units] : loops.spatial) {
    int loop = c.loopOf[static_cast<unsigned>(dim)];
    if (loop < 0 || m.spatial.empty())
      return std::nullopt;
    std::vector<LoopFactor> &on = m.spatial.front();
    auto it = std::find_if(on.begin(), on.end(), [&](const LoopFactor &lf) {
      return lf.loop == static_cast<unsigned>(loop);
    });
    if (it == on.end())
      on.push_back({static_cast<unsigned>(loop), units});
    else
      it->factor *= units;
  }
  for (auto it = loops.temporal.rbegin(); it != loops.temporal.rend(); ++it) {
    int loop = c.loopOf[static_cast<unsigned>(it->first)];
    if (loop < 0)
      return std::nullopt;
    m.temporal.push_back({static_cast<unsigned>(loop), it->second});
  }
  unsigned total = static_cast<unsigned>(m.temporal.size());
  for (MemOperand op : kAllMemOperands) {
    if (!c.workload->operand(op).present)
      continue;
    std::vector<unsigned> &ends = m.levelEnds[static_cast<unsigned>(op)];
    ends.assign(c.accelerator->hierarchy(op).size(), total);
    if (!ends.empty())
      ends.front() = static_cast<unsigned>(loops.innermost);
  }
  return m;
}

std::string
maestro::inapplicableConstraint(const MappingConstraints &c,
                                const ::zigzag::Hardware &accelerator) {
  for (const MappingConstraints::LoopLevel &l : c.loopLevels) {
    std::optional<unsigned> mem = accelerator.findMemory(l.memory);
    if (!mem)
      continue; // the checker names unknown memories
    // Only the innermost memory of each operand (l1) and the next one (l2)
    // hold loops of a lowered dataflow.
    bool holdsLoops = false;
    for (MemOperand op : kAllMemOperands) {
      std::vector<unsigned> chain = accelerator.hierarchy(op);
      for (size_t j = 0; j < chain.size() && j < 2; ++j)
        holdsLoops |= chain[j] == *mem;
    }
    if (holdsLoops)
      continue;
    std::string text = "loop " + l.loop + " at " + l.memory;
    if (!l.where.empty())
      text += " (" + l.where + ")";
    return "constraint '" + text +
           "' has no meaning for a MAESTRO dataflow: its loops are in l1 "
           "(the innermost cluster level) or l2 (the levels above), never "
           "in " +
           l.memory;
  }
  return "";
}

int maestro::violatedConstraint(const Layer &layer, const maestro::Hardware &hw,
                                const DataflowConstraints &constraints,
                                std::string &why) {
  std::string error;
  why.clear();
  std::optional<DataflowLoops> loops = lowerDataflow(layer, hw, error, why);
  if (!loops) {
    if (why.empty())
      why = error;
    return kInexpressible;
  }
  std::optional<Mapping> m = toMapping(*loops, constraints);
  if (!m) {
    why = "a dimension of the dataflow is not a loop of the layer";
    return kInexpressible;
  }
  return constraints.checker->violated(*m);
}

std::optional<SearchResult> maestro::searchDataflow(
    const Layer &layer, const maestro::Hardware &hw, const Options &options,
    Objective objective, const std::vector<std::vector<Directive>> &seeds,
    const DataflowConstraints *constraints, std::string *whyNone) {
  std::vector<std::vector<Directive>> candidates = seeds;
  if (layer.type == LayerType::GEMM)
    gemmCandidates(layer, hw, candidates);
  else
    convCandidates(layer, hw, candidates);
  bool checked =
      constraints && constraints->checker && !constraints->checker->empty();
  std::optional<SearchResult> best;
  double bestValue = 0;
  int64_t evaluated = 0, rejected = 0, excluded = 0;
  // Why candidates were excluded: per constraint, and the first dataflow
  // without a mapping equivalent.
  std::map<int, int64_t> excludedBy;
  std::string firstInexpressible;
  Layer candidate = layer;
  std::string error;
  for (size_t i = 0; i < candidates.size(); ++i) {
    candidate.dataflow = candidates[i];
    ++evaluated;
    if (checked) {
      std::string why;
      int violated = violatedConstraint(candidate, hw, *constraints, why);
      if (violated != -1) {
        ++excluded;
        ++excludedBy[violated];
        if (violated == kInexpressible && firstInexpressible.empty())
          firstInexpressible = why;
        continue;
      }
    }
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
    best->excluded = excluded;
    return best;
  }
  if (whyNone) {
    // Name the constraint that excluded the most candidates (the first in
    // description order among equals).
    int most = kInexpressible;
    int64_t count = 0;
    for (auto [index, n] : excludedBy)
      if (index >= 0 && n > count) {
        most = index;
        count = n;
      }
    if (most >= 0)
      *whyNone = "no MAESTRO dataflow (of the " + std::to_string(evaluated) +
                 " the search tried) satisfies constraint '" +
                 constraints->checker->description(most) + "'";
    else if (excluded > 0)
      *whyNone = "no MAESTRO dataflow the search tried can be checked "
                 "against the constraints: none has a mapping equivalent "
                 "(the first: " +
                 firstInexpressible + ")";
    else
      *whyNone = "no candidate dataflow of this layer can be evaluated on "
                 "the hardware";
  }
  return std::nullopt;
}
