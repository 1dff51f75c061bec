//===- MappingConstraints.cpp - User constraints on a layer's mapping -----===//

#include "zigzag/Search/MappingConstraints.h"

#include "zigzag/Search/SpatialMappingGenerator.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace zigzag {

void MappingConstraints::append(const MappingConstraints &other) {
  spatial.insert(spatial.end(), other.spatial.begin(), other.spatial.end());
  loopLevels.insert(loopLevels.end(), other.loopLevels.begin(),
                    other.loopLevels.end());
  positions.insert(positions.end(), other.positions.begin(),
                   other.positions.end());
  tiles.insert(tiles.end(), other.tiles.begin(), other.tiles.end());
  operandMemories.insert(operandMemories.end(), other.operandMemories.begin(),
                         other.operandMemories.end());
  if (other.minUtilization > minUtilization) {
    minUtilization = other.minUtilization;
    minUtilizationWhere = other.minUtilizationWhere;
  }
}

/// `text` followed by its source position, if any.
static std::string located(std::string text, const std::string &where) {
  if (!where.empty())
    text += " (" + where + ")";
  return text;
}

static std::string joined(const std::vector<std::string> &names) {
  std::string out;
  for (const std::string &name : names)
    out += (out.empty() ? "" : ", ") + name;
  return out;
}

/// The level range [begin, end) of level `level` given its ends.
static std::pair<unsigned, unsigned> levelRange(const unsigned *ends,
                                                unsigned level) {
  return {level == 0 ? 0 : ends[level - 1], ends[level]};
}

std::vector<ConstraintChecker::MemoryLevel>
ConstraintChecker::levelsOf(unsigned memory) const {
  std::vector<MemoryLevel> out;
  for (MemOperand op : kAllMemOperands) {
    if (!w.operand(op).present)
      continue;
    std::vector<unsigned> chain = hw.hierarchy(op);
    for (unsigned j = 0; j < chain.size(); ++j)
      if (chain[j] == memory)
        out.push_back({op, j});
  }
  return out;
}

ConstraintChecker::ConstraintChecker(const MappingConstraints &c,
                                     const Workload &w, const Hardware &hw)
    : w(w), hw(hw) {
  auto fail = [&](const std::string &message, const std::string &where) {
    if (setupError.empty())
      setupError = located(message, where);
  };
  auto loopOf = [&](const std::string &name, const std::string &where) {
    int loop = findLoopIgnoreCase(w, name);
    if (loop < 0) {
      std::vector<std::string> names = w.loopNames;
      fail("unknown loop '" + name + "' (the layer's loops: " + joined(names) +
               ")",
           where);
    }
    return loop;
  };
  auto memoryOf = [&](const std::string &name,
                      const std::string &where) -> int {
    std::optional<unsigned> mem = hw.findMemory(name);
    if (!mem) {
      std::vector<std::string> names;
      for (const Memory &m : hw.memories)
        names.push_back(m.name);
      fail("unknown memory '" + name + "' (accelerator '" + hw.name + "' has " +
               joined(names) + ")",
           where);
      return -1;
    }
    return static_cast<int>(*mem);
  };
  auto add = [&](std::string text, const std::string &where) {
    descriptions.push_back(located(std::move(text), where));
    return static_cast<int>(descriptions.size() - 1);
  };

  for (const MappingConstraints::Spatial &s : c.spatial) {
    std::optional<unsigned> dim = hw.array.findDim(s.arrayDim);
    if (!dim) {
      fail("unknown array dim '" + s.arrayDim + "' (accelerator '" + hw.name +
               "' has " + joined(hw.array.dimNames) + ")",
           s.where);
      continue;
    }
    int loop = loopOf(s.loop, s.where);
    if (loop < 0)
      continue;
    if (!s.forbidden && s.factor < 1)
      fail("spatial unrolling factor must be at least 1", s.where);
    spatial.push_back(
        {*dim, static_cast<unsigned>(loop), s.factor, s.forbidden});
    add(s.forbidden
            ? "forbidden spatial unrolling of " + s.loop + " on " + s.arrayDim
            : "spatial unrolling " + s.loop + "=" + std::to_string(s.factor) +
                  " on " + s.arrayDim,
        s.where);
  }
  if (c.minUtilization > 0) {
    if (c.minUtilization > 1)
      fail("minimum utilisation must be in [0, 1]", c.minUtilizationWhere);
    minUtilization = c.minUtilization;
    std::ostringstream text;
    text << "minimum spatial utilisation " << c.minUtilization;
    utilizationIndex = add(text.str(), c.minUtilizationWhere);
  }
  for (const MappingConstraints::LoopLevel &l : c.loopLevels) {
    int loop = loopOf(l.loop, l.where);
    int mem = memoryOf(l.memory, l.where);
    if (loop < 0 || mem < 0)
      continue;
    std::vector<MemoryLevel> at = levelsOf(mem);
    if (at.empty())
      fail("memory '" + l.memory + "' holds no operand of the layer", l.where);
    temporalKinds.push_back(
        {Kind::Level, static_cast<unsigned>(levels.size())});
    levels.push_back({static_cast<unsigned>(loop), std::move(at)});
    add("loop " + l.loop + " at " + l.memory, l.where);
  }
  for (const MappingConstraints::Position &p : c.positions) {
    ResolvedPosition resolved{{}, p.outermost};
    for (const std::string &name : p.loops) {
      int loop = loopOf(name, p.where);
      if (loop >= 0)
        resolved.loops.push_back(static_cast<unsigned>(loop));
    }
    temporalKinds.push_back(
        {Kind::Position, static_cast<unsigned>(positions.size())});
    positions.push_back(std::move(resolved));
    add(std::string(p.outermost ? "outermost" : "innermost") + " loops " +
            joined(p.loops),
        p.where);
  }
  for (const MappingConstraints::Tile &t : c.tiles) {
    int loop = loopOf(t.loop, t.where);
    int mem = memoryOf(t.memory, t.where);
    if (loop < 0 || mem < 0)
      continue;
    if (t.size < 1)
      fail("a tile size must be at least 1", t.where);
    std::vector<MemoryLevel> at = levelsOf(mem);
    if (at.empty())
      fail("memory '" + t.memory + "' holds no operand of the layer", t.where);
    temporalKinds.push_back({Kind::Tile, static_cast<unsigned>(tiles.size())});
    tiles.push_back({static_cast<unsigned>(loop), t.size,
                     static_cast<unsigned>(mem), std::move(at)});
    add("tile " + t.loop + "=" + std::to_string(t.size) + " at " + t.memory,
        t.where);
  }
  for (const MappingConstraints::OperandMemory &o : c.operandMemories) {
    std::optional<MemOperand> op;
    for (MemOperand candidate : kAllMemOperands)
      if (w.operand(candidate).present &&
          w.operand(candidate).name == o.operand)
        op = candidate;
    if (!op)
      if (std::optional<MemOperand> role = parseMemOperand(o.operand);
          role && w.operand(*role).present)
        op = role;
    if (!op) {
      std::vector<std::string> names;
      for (MemOperand candidate : kAllMemOperands)
        if (w.operand(candidate).present)
          names.push_back(w.operand(candidate).name);
      fail("unknown operand '" + o.operand +
               "' (the layer's operands: " + joined(names) + ")",
           o.where);
      continue;
    }
    int mem = memoryOf(o.memory, o.where);
    if (mem < 0)
      continue;
    std::vector<unsigned> chain = hw.hierarchy(*op);
    auto it = std::find(chain.begin(), chain.end(), static_cast<unsigned>(mem));
    if (it == chain.end()) {
      fail("memory '" + o.memory + "' does not hold operand '" + o.operand +
               "'",
           o.where);
      continue;
    }
    unsigned level = static_cast<unsigned>(it - chain.begin());
    if (o.keptOut && level + 1 == chain.size()) {
      fail("operand '" + o.operand + "' cannot be kept out of '" + o.memory +
               "', its top memory",
           o.where);
      continue;
    }
    temporalKinds.push_back(
        {Kind::Operand, static_cast<unsigned>(operands.size())});
    operands.push_back({*op, static_cast<unsigned>(mem), level, o.keptOut});
    add(o.keptOut ? "operand " + o.operand + " kept out of " + o.memory
                  : "operand " + o.operand + " held whole in " + o.memory,
        o.where);
  }
}

std::string ConstraintChecker::description(int index) const {
  if (index < 0 || static_cast<size_t>(index) >= descriptions.size())
    return "";
  return descriptions[index];
}

/// Index of each temporal constraint's description: after the spatial ones
/// and the utilisation, in temporalKinds order.
static int temporalIndex(size_t numSpatial, bool hasUtilization, size_t k) {
  return static_cast<int>(numSpatial + (hasUtilization ? 1 : 0) + k);
}

std::string ConstraintChecker::conflict() const {
  auto named = [&](int index, const std::string &what) {
    return "constraint '" + descriptions[index] + "' " + what;
  };
  std::vector<int64_t> fixedProduct(hw.array.sizes.size(), 1);
  for (unsigned i = 0; i < spatial.size(); ++i) {
    const ResolvedSpatial &s = spatial[i];
    const std::string &dim = hw.array.dimNames[s.dim];
    const std::string &loop = w.loopNames[s.loop];
    if (s.forbidden)
      continue;
    if (s.factor > hw.array.sizes[s.dim])
      return named(i, "conflicts with the array: spatial unrolling " + loop +
                          "=" + std::to_string(s.factor) +
                          " exceeds array dim " + dim + "=" +
                          std::to_string(hw.array.sizes[s.dim]));
    if (w.loopSizes[s.loop] % s.factor != 0)
      return named(i, "conflicts with the layer: " + std::to_string(s.factor) +
                          " does not divide loop " + loop + "=" +
                          std::to_string(w.loopSizes[s.loop]));
    fixedProduct[s.dim] *= s.factor;
    if (fixedProduct[s.dim] > hw.array.sizes[s.dim])
      return named(i, "conflicts with the array: the unrollings fixed on " +
                          dim + " multiply to " +
                          std::to_string(fixedProduct[s.dim]) +
                          ", more than its " +
                          std::to_string(hw.array.sizes[s.dim]) + " units");
    for (unsigned j = 0; j < spatial.size(); ++j)
      if (j != i && spatial[j].dim == s.dim && spatial[j].loop == s.loop &&
          (spatial[j].forbidden || (j < i && spatial[j].factor != s.factor)))
        return named(i, "conflicts with constraint '" + descriptions[j] + "'");
  }

  for (size_t k = 0; k < temporalKinds.size(); ++k) {
    int index = temporalIndex(spatial.size(), utilizationIndex >= 0, k);
    auto [kind, i] = temporalKinds[k];
    if (kind == Kind::Tile) {
      const ResolvedTile &t = tiles[i];
      int64_t size = w.loopSizes[t.loop];
      if (t.size > size || size % t.size != 0)
        return named(index,
                     "conflicts with the layer: " + std::to_string(t.size) +
                         " does not divide loop " + w.loopNames[t.loop] + "=" +
                         std::to_string(size));
      for (size_t k2 = 0; k2 < k; ++k2)
        if (temporalKinds[k2].first == Kind::Tile) {
          const ResolvedTile &other = tiles[temporalKinds[k2].second];
          if (other.loop == t.loop && other.memory == t.memory &&
              other.size != t.size)
            return named(index,
                         "conflicts with constraint '" +
                             descriptions[temporalIndex(
                                 spatial.size(), utilizationIndex >= 0, k2)] +
                             "'");
        }
    }
  }

  // Capacity: the operands' data in a memory is at least the product of the
  // fixed tiles of their relevant loops, or the whole operand when it is
  // held whole, spread at best evenly over the memory's instances.
  for (unsigned mem = 0; mem < hw.memories.size(); ++mem) {
    double instances = static_cast<double>(hw.unrollCount(mem));
    const Memory &memory = hw.memories[mem];
    double bits = 0;
    int culprit = -1;
    for (const MemoryLevel &at : levelsOf(mem)) {
      const WorkloadOperand &operand = w.operand(at.op);
      int64_t precision =
          at.op == MemOperand::O
              ? std::min(operand.precision, operand.finalPrecision)
              : operand.precision;
      double elements = 1;
      for (size_t k = 0; k < temporalKinds.size(); ++k) {
        int index = temporalIndex(spatial.size(), utilizationIndex >= 0, k);
        auto [kind, i] = temporalKinds[k];
        if (kind == Kind::Tile && tiles[i].memory == mem &&
            operand.relevance[tiles[i].loop] == Relevance::Relevant) {
          elements *= static_cast<double>(tiles[i].size);
          culprit = culprit < 0 ? index : culprit;
        }
        if (kind == Kind::Operand && !operands[i].keptOut &&
            operands[i].op == at.op && operands[i].memory == mem) {
          double whole = 1;
          for (unsigned l = 0; l < w.numLoops(); ++l)
            if (operand.relevance[l] == Relevance::Relevant)
              whole *= static_cast<double>(w.loopSizes[l]);
          elements = std::max(elements, whole);
          culprit = index;
        }
      }
      bits += std::ceil(elements / instances) * static_cast<double>(precision);
    }
    if (culprit >= 0 && bits > static_cast<double>(memory.sizeBits)) {
      std::ostringstream text;
      text << "conflicts with the capacity of " << memory.name
           << " (needs at least " << static_cast<uint64_t>(bits)
           << " bits, holds " << memory.sizeBits << ")";
      return named(culprit, text.str());
    }
  }
  return "";
}

int ConstraintChecker::violatedSpatial(
    const std::vector<std::vector<LoopFactor>> &mapping) const {
  for (unsigned i = 0; i < spatial.size(); ++i) {
    const ResolvedSpatial &s = spatial[i];
    int64_t product = 1;
    if (s.dim < mapping.size())
      for (const LoopFactor &lf : mapping[s.dim])
        if (lf.loop == s.loop)
          product *= lf.factor;
    if (s.forbidden ? product > 1 : product != s.factor)
      return static_cast<int>(i);
  }
  if (utilizationIndex >= 0) {
    double used = 1;
    for (const std::vector<LoopFactor> &dim : mapping)
      for (const LoopFactor &lf : dim)
        used *= static_cast<double>(lf.factor);
    if (used < minUtilization * static_cast<double>(hw.array.numUnits()))
      return utilizationIndex;
  }
  return -1;
}

std::string ConstraintChecker::filterSpatial(
    std::vector<std::vector<std::vector<LoopFactor>>> &candidates) const {
  if (candidates.empty())
    return "";
  int first = violatedSpatial(candidates.front());
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&](const auto &spatial) {
                                    return violatedSpatial(spatial) >= 0;
                                  }),
                   candidates.end());
  if (!candidates.empty())
    return "";
  return "no spatial mapping satisfies constraint '" + description(first) + "'";
}

void ConstraintChecker::lowerCuts(
    const std::vector<std::vector<LoopFactor>> &mapping,
    const LoopFactor *temporal, unsigned n,
    unsigned *const levelEnds[kNumMemOperands]) const {
  // Sets the cut of `level` to at most `end`, and the lower ones with it.
  auto lower = [](unsigned *ends, unsigned level, unsigned end) {
    for (unsigned j = 0; j <= level; ++j)
      ends[j] = std::min(ends[j], end);
  };
  for (auto [kind, i] : temporalKinds) {
    switch (kind) {
    case Kind::Tile: {
      const ResolvedTile &t = tiles[i];
      int64_t spatialProduct = 1;
      for (const std::vector<LoopFactor> &dim : mapping)
        for (const LoopFactor &lf : dim)
          if (lf.loop == t.loop)
            spatialProduct *= lf.factor;
      for (const MemoryLevel &at : t.levels) {
        unsigned *ends = levelEnds[static_cast<unsigned>(at.op)];
        if (!ends)
          continue;
        // The highest cut at or below the current one that covers exactly
        // the tile; none if the prefix never matches.
        int64_t covered = spatialProduct;
        int best = covered == t.size ? 0 : -1;
        for (unsigned p = 0; p < ends[at.level]; ++p) {
          if (temporal[p].loop == t.loop)
            covered *= temporal[p].factor;
          if (covered == t.size)
            best = static_cast<int>(p + 1);
        }
        if (best >= 0)
          lower(ends, at.level, static_cast<unsigned>(best));
      }
      break;
    }
    case Kind::Operand: {
      const ResolvedOperand &o = operands[i];
      unsigned *ends = levelEnds[static_cast<unsigned>(o.op)];
      if (ends && o.keptOut)
        lower(ends, o.level, o.level == 0 ? 0 : ends[o.level - 1]);
      break;
    }
    case Kind::Level:
      // The loop's factors go above the lower levels' cuts.
      for (const MemoryLevel &at : levels[i].levels) {
        unsigned *ends = levelEnds[static_cast<unsigned>(at.op)];
        if (!ends || at.level == 0)
          continue;
        for (unsigned p = 0; p < n; ++p)
          if (temporal[p].loop == levels[i].loop && temporal[p].factor > 1) {
            lower(ends, at.level - 1, p);
            break;
          }
      }
      break;
    case Kind::Position:
      break;
    }
  }
}

int ConstraintChecker::violated(const Mapping &m) const {
  const unsigned *ends[kNumMemOperands];
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    ends[o] = m.levelEnds[o].empty() ? nullptr : m.levelEnds[o].data();
  return violated(m.spatial, m.temporal.data(), m.temporal.size(), ends);
}

int ConstraintChecker::violated(
    const std::vector<std::vector<LoopFactor>> &mapping,
    const LoopFactor *temporal, unsigned n,
    const unsigned *const levelEnds[kNumMemOperands]) const {
  if (int s = violatedSpatial(mapping); s >= 0)
    return s;
  auto spatialProduct = [&](unsigned loop) {
    int64_t product = 1;
    for (const std::vector<LoopFactor> &dim : mapping)
      for (const LoopFactor &lf : dim)
        if (lf.loop == loop)
          product *= lf.factor;
    return product;
  };
  for (size_t k = 0; k < temporalKinds.size(); ++k) {
    auto [kind, i] = temporalKinds[k];
    bool ok = true;
    switch (kind) {
    case Kind::Level:
      for (const MemoryLevel &at : levels[i].levels) {
        const unsigned *ends = levelEnds[static_cast<unsigned>(at.op)];
        if (!ends)
          continue;
        auto [begin, end] = levelRange(ends, at.level);
        for (unsigned p = 0; p < n && ok; ++p)
          ok = !(temporal[p].loop == levels[i].loop && temporal[p].factor > 1 &&
                 (p < begin || p >= end));
      }
      break;
    case Kind::Position: {
      // Runs of one loop, from the outside (or inside) in.
      std::vector<unsigned> runs;
      for (unsigned step = 0; step < n; ++step) {
        unsigned p = positions[i].outermost ? n - 1 - step : step;
        if (temporal[p].factor <= 1)
          continue;
        if (runs.empty() || runs.back() != temporal[p].loop)
          runs.push_back(temporal[p].loop);
      }
      const std::vector<unsigned> &want = positions[i].loops;
      ok = runs.size() >= want.size() &&
           std::equal(want.begin(), want.end(), runs.begin());
      break;
    }
    case Kind::Tile:
      for (const MemoryLevel &at : tiles[i].levels) {
        const unsigned *ends = levelEnds[static_cast<unsigned>(at.op)];
        if (!ends)
          continue;
        int64_t covered = spatialProduct(tiles[i].loop);
        for (unsigned p = 0; p < ends[at.level]; ++p)
          if (temporal[p].loop == tiles[i].loop)
            covered *= temporal[p].factor;
        ok &= covered == tiles[i].size;
      }
      break;
    case Kind::Operand: {
      const ResolvedOperand &o = operands[i];
      const unsigned *ends = levelEnds[static_cast<unsigned>(o.op)];
      if (!ends)
        break;
      auto [begin, end] = levelRange(ends, o.level);
      if (o.keptOut) {
        ok = begin == end;
        break;
      }
      const std::vector<Relevance> &relevance = w.operand(o.op).relevance;
      for (unsigned p = end; p < n && ok; ++p)
        ok = temporal[p].factor <= 1 ||
             relevance[temporal[p].loop] == Relevance::Irrelevant;
      break;
    }
    }
    if (!ok)
      return temporalIndex(spatial.size(), utilizationIndex >= 0, k);
  }
  return -1;
}

} // namespace zigzag
