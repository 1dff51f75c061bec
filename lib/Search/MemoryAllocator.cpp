//===- MemoryAllocator.cpp - LOMA bottom-up memory allocation -------------===//

#include "zigzag/Search/MemoryAllocator.h"

#include "zigzag/Model/MappingValidity.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace zigzag {

MemoryAllocator::MemoryAllocator(const Workload &w, const Hardware &hw,
                                 TemporalMappingType type,
                                 CostModelFlavor flavor)
    : w(w), hw(hw), type(type), defines(flavor == CostModelFlavor::DeFiNES) {
  scratchIntSizes.resize(w.numLoops());
  irOfOutput.resize(w.numLoops());
  for (unsigned l = 0; l < w.numLoops(); ++l)
    irOfOutput[l] = reducesOutput(w, l);
  for (MemOperand op : kAllMemOperands) {
    OperandState &state = ops[static_cast<unsigned>(op)];
    state.present = w.operand(op).present;
    if (!state.present)
      continue;
    state.levels = hw.hierarchy(op);
    if (state.levels.empty() && error.empty())
      error = std::string("no memory of accelerator '") + hw.name +
              "' holds operand " + toString(op) + " (" + w.operand(op).name +
              ")";
    const WorkloadOperand &operand = w.operand(op);
    state.isRelevant.assign(w.numLoops(), 0);
    state.prDimsOf.assign(w.numLoops(), 0);
    for (unsigned l = 0; l < w.numLoops() && l < operand.relevance.size(); ++l)
      if (operand.relevance[l] == Relevance::Relevant) {
        state.relevantLoops.push_back(l);
        state.isRelevant[l] = 1;
      }
    size_t maxTerms = 0;
    for (unsigned x = 0; x < operand.prDims.size(); ++x) {
      maxTerms = std::max(maxTerms, operand.prDims[x].terms.size());
      for (const auto &term : operand.prDims[x].terms)
        if (term.first < w.numLoops() && x < 32)
          state.prDimsOf[term.first] |= 1u << x;
    }
    state.walk.extents.resize(operand.prDims.size());
    state.walk.terms.resize(maxTerms);
    state.tile.resize(w.numLoops());
  }
  scratchSizes.resize(w.numLoops());
}

void MemoryAllocator::setSpatial(
    const std::vector<std::vector<LoopFactor>> &spatial,
    const std::vector<std::vector<double>> &fractionalFactors) {
  for (MemOperand op : kAllMemOperands) {
    OperandState &state = ops[static_cast<unsigned>(op)];
    if (!state.present)
      continue;
    operandLevelUnrolling(hw, op, spatial, fractionalFactors, state.spatial);
    unsigned numLevels = state.spatial.size();
    state.irSpatialFrom.assign(numLevels + 1, false);
    for (int level = static_cast<int>(numLevels) - 1; level >= 0; --level) {
      bool ir = state.irSpatialFrom[level + 1];
      for (const LevelFactor &unroll : state.spatial[level])
        ir |= irOfOutput[unroll.loop];
      state.irSpatialFrom[level] = ir;
    }
    state.exactTiles = !defines;
    for (const std::vector<LevelFactor> &level : state.spatial)
      for (const LevelFactor &unroll : level)
        state.exactTiles &= unroll.factor == std::trunc(unroll.factor);
  }
  clearTileCaches();
}

/// Sub-multisets of a factor multiset the tile caches index at most.
constexpr unsigned kMaxPrefixCodes = 1u << 12;

void MemoryAllocator::clearTileCaches() {
  for (OperandState &state : ops)
    if (state.present && numCodes > 0)
      state.cachedElements.assign(state.levels.size() * numCodes, -1.0);
}

void MemoryAllocator::codePrefixes(const LoopFactor *ordering, unsigned n) {
  if (prefixCode.size() < n + 1)
    prefixCode.resize(n + 1);
  prefixCode[0] = 0;
  // The same multiset: as many factors, none more often than before.
  bool same = n == multisetSize;
  if (same) {
    std::fill(letterCount.begin(), letterCount.end(), 0);
    for (unsigned k = 0; k < n; ++k) {
      unsigned i = 0;
      while (i < letters.size() && !(letters[i] == ordering[k]))
        ++i;
      if (i == letters.size() || ++letterCount[i] > multiplicity[i]) {
        same = false;
        break;
      }
      prefixCode[k + 1] = prefixCode[k] + weight[i];
    }
  }
  if (same)
    return;
  multisetSize = n;
  // A new multiset: its letters in order of first appearance.
  letters.clear();
  multiplicity.clear();
  for (unsigned k = 0; k < n; ++k) {
    auto it = std::find(letters.begin(), letters.end(), ordering[k]);
    if (it == letters.end()) {
      letters.push_back(ordering[k]);
      multiplicity.push_back(1);
    } else {
      ++multiplicity[it - letters.begin()];
    }
  }
  weight.resize(letters.size());
  letterCount.assign(letters.size(), 0);
  uint64_t codes = 1;
  for (unsigned i = 0; i < letters.size(); ++i) {
    weight[i] =
        static_cast<unsigned>(std::min<uint64_t>(codes, kMaxPrefixCodes));
    codes =
        std::min<uint64_t>(codes * (multiplicity[i] + 1), kMaxPrefixCodes + 1);
  }
  numCodes = codes <= kMaxPrefixCodes ? static_cast<unsigned>(codes) : 0;
  clearTileCaches();
  if (numCodes == 0)
    return;
  for (unsigned k = 0; k < n; ++k) {
    unsigned i = std::find(letters.begin(), letters.end(), ordering[k]) -
                 letters.begin();
    prefixCode[k + 1] = prefixCode[k] + weight[i];
  }
}

double MemoryAllocator::cachedTileElements(OperandState &state, MemOperand op,
                                           unsigned level, unsigned code,
                                           const double *sizes) {
  double &cached = state.cachedElements[level * numCodes + code];
  if (cached < 0) {
    startWalk(state, op, sizes);
    cached = walkElements(state);
  }
  return cached;
}

double MemoryAllocator::tileBits(MemOperand op,
                                 const std::vector<double> &sizes,
                                 double precision) {
  return operandTileBits(w, op, sizes.data(), precision,
                         defines ? CostModelFlavor::DeFiNES
                                 : CostModelFlavor::ZigZag,
                         scratchIntSizes.data());
}

/// The extent of pr dim `dim` for the tile `sizes`, as operandTileElements
/// takes it (term sizes truncated).
static int64_t walkedExtent(const PrDim &dim, const double *sizes,
                            int64_t *termSizes) {
  for (unsigned t = 0; t < dim.terms.size(); ++t)
    termSizes[t] = static_cast<int64_t>(sizes[dim.terms[t].first]);
  return prDimTileExtent(dim, termSizes);
}

void MemoryAllocator::startWalk(OperandState &state, MemOperand op,
                                const double *sizes) {
  TileWalk &walk = state.walk;
  walk.relevant = 1;
  for (unsigned l : state.relevantLoops)
    walk.relevant *= sizes[l];
  const std::vector<PrDim> &dims = w.operand(op).prDims;
  for (unsigned x = 0; x < dims.size(); ++x)
    walk.extents[x] =
        static_cast<double>(walkedExtent(dims[x], sizes, walk.terms.data()));
}

void MemoryAllocator::growWalk(OperandState &state, MemOperand op,
                               const double *sizes, unsigned loop) {
  TileWalk &walk = state.walk;
  if (state.isRelevant[loop]) {
    walk.relevant = 1;
    for (unsigned l : state.relevantLoops)
      walk.relevant *= sizes[l];
  }
  const std::vector<PrDim> &dims = w.operand(op).prDims;
  // Dims beyond the mask's 32 bits are recomputed every time.
  uint32_t mask = state.prDimsOf[loop];
  for (unsigned x = 0; x < dims.size(); ++x)
    if (x >= 32 || (mask >> x & 1))
      walk.extents[x] =
          static_cast<double>(walkedExtent(dims[x], sizes, walk.terms.data()));
}

double MemoryAllocator::walkElements(const OperandState &state) {
  double elements = state.walk.relevant;
  for (double extent : state.walk.extents)
    elements *= extent;
  return elements;
}

void MemoryAllocator::considerCombination(double accesses, double &bestAccesses,
                                          bool &haveBest) {
  if (!(accesses <= bestAccesses))
    return;
  if (type == TemporalMappingType::Even && numNodeOps > 1) {
    // No loop position may be allocated for one operand while it stays
    // unallocated for another.
    for (unsigned a = 0; a < numNodeOps; ++a) {
      const OperandState &sa = ops[static_cast<unsigned>(nodeOps[a])];
      unsigned takeA = sa.offset + digits[a];
      if (takeA == 0)
        continue;
      for (unsigned b = 0; b < numNodeOps; ++b) {
        const OperandState &sb = ops[static_cast<unsigned>(nodeOps[b])];
        if (b != a && sa.position + takeA > sb.position + sb.offset + digits[b])
          return;
      }
    }
  }
  bestAccesses = accesses;
  bestDigits = digits;
  haveBest = true;
}

/// An upper bound of the bits of every tile of `op` whose loop sizes are at
/// most `sizes` (per loop) at a precision of at most `precision`, computed
/// as operandTileBits computes one (same products in the same order, each
/// factor at least as large): a pr dim's extent is clipped to its total
/// extent. Infinite when a pr dim has none.
static double prefixTileBitsBound(const Workload &w, MemOperand op,
                                  const double *sizes, double precision) {
  const WorkloadOperand &operand = w.operand(op);
  double elements = 1;
  for (unsigned l = 0; l < w.numLoops(); ++l)
    if (operand.relevance[l] == Relevance::Relevant)
      elements *= sizes[l];
  for (const PrDim &dim : operand.prDims) {
    if (dim.extent <= 0)
      return std::numeric_limits<double>::infinity();
    elements *= static_cast<double>(dim.extent);
  }
  return elements * precision;
}

AllocationStatus MemoryAllocator::allocate(
    const LoopFactor *ordering, unsigned n,
    std::array<std::vector<unsigned>, kNumMemOperands> &levelEnds,
    AllocationFailure *failure) {
  auto fail = [&](AllocationStatus status, unsigned memory, MemOperand op,
                  double bits) {
    if (failure)
      *failure = {status, memory, op, bits};
    return status;
  };

  // suffixIterations[k] = product of the loop sizes ordering[k..n);
  // reducingFrom[k]: a loop reducing O among ordering[k..n). Scratch
  // vectors only grow (no allocation in steady state).
  if (suffixIterations.size() < n + 1) {
    suffixIterations.resize(n + 1);
    reducingFrom.resize(n + 1);
  }
  suffixIterations[n] = 1;
  reducingFrom[n] = 0;
  for (int k = static_cast<int>(n) - 1; k >= 0; --k) {
    suffixIterations[k] =
        suffixIterations[k + 1] * static_cast<double>(ordering[k].factor);
    reducingFrom[k] = reducingFrom[k + 1] || irOfOutput[ordering[k].loop];
  }

  codePrefixes(ordering, n);

  for (MemOperand op : kAllMemOperands) {
    OperandState &state = ops[static_cast<unsigned>(op)];
    levelEnds[static_cast<unsigned>(op)].clear();
    if (!state.present)
      continue;
    state.position = 0;
    state.level = 0;
    std::fill(state.tile.begin(), state.tile.end(), 1.0);
    for (const LevelFactor &unroll : state.spatial[0])
      state.tile[unroll.loop] *= unroll.factor;
    if (state.sliceBits.size() < n + 1) {
      state.sliceBits.resize(n + 1);
      state.sliceAccesses.resize(n + 1);
    }
  }

  for (unsigned m = 0; m < hw.memories.size(); ++m) {
    const Memory &mem = hw.memories[m];
    numNodeOps = 0;
    for (MemOperand op : mem.operands)
      if (ops[static_cast<unsigned>(op)].present &&
          numNodeOps < kNumMemOperands)
        nodeOps[numNodeOps++] = op;
    if (numNodeOps == 0)
      continue;

    // Tile sizes of every prefix of the remaining loops that fits alone.
    for (unsigned i = 0; i < numNodeOps; ++i) {
      MemOperand op = nodeOps[i];
      OperandState &state = ops[static_cast<unsigned>(op)];
      const WorkloadOperand &operand = w.operand(op);
      bool output = op == MemOperand::O;
      // The output precision rule of MappingValidity.h: partial sums while
      // a loop reducing O remains at or above this memory (in time or in the
      // unrolling above it), final outputs once none remains above the
      // prefix. DeFiNES ignores the spatial reduction.
      bool spatialAbove =
          output && !defines && state.irSpatialFrom[state.level + 1];
      bool partial = spatialAbove || reducingFrom[state.position];
      state.numSlices = 0;
      std::copy(state.tile.begin(), state.tile.end(), scratchSizes.begin());
      bool top = state.levels.back() == m;
      bool cached = state.exactTiles && numCodes > 0;
      if (top && !defines) {
        // The top memory takes every remaining loop when they all fit; when
        // a bound of every prefix's tile fits, only the whole tile is
        // computed (the same value the prefix walk ends with).
        for (unsigned k = state.position; k < n; ++k)
          scratchSizes[ordering[k].loop] *=
              static_cast<double>(ordering[k].factor);
        double precision = output
                               ? outputLevelPrecision(w, partial, !spatialAbove)
                               : static_cast<double>(operand.precision);
        if (!exceedsCapacity(
                prefixTileBitsBound(w, op, scratchSizes.data(), precision),
                mem.sizeBits)) {
          state.offset = n - state.position;
          double elements;
          if (cached) {
            elements = cachedTileElements(state, op, state.level, prefixCode[n],
                                          scratchSizes.data());
          } else {
            startWalk(state, op, scratchSizes.data());
            elements = walkElements(state);
          }
          state.sliceBits[0] = elements * precision;
          state.sliceAccesses[0] = 0.0;
          state.numSlices = 1;
          continue;
        }
        std::copy(state.tile.begin(), state.tile.end(), scratchSizes.begin());
      }
      // The output precision of a prefix: partial sums below the last loop
      // reducing O, both (the wider) or final outputs above it.
      double fixedPrecision = static_cast<double>(operand.precision);
      double precisionFinal = 0, precisionPartial = 0;
      if (output) {
        precisionFinal = outputLevelPrecision(w, partial, !spatialAbove);
        precisionPartial = outputLevelPrecision(w, partial, false);
      }
      if (!defines && !cached)
        startWalk(state, op, scratchSizes.data());
      for (unsigned k = state.position;; ++k) {
        double precision =
            output ? (!spatialAbove && !reducingFrom[k] ? precisionFinal
                                                        : precisionPartial)
                   : fixedPrecision;
        double bits;
        if (defines)
          bits = tileBits(op, scratchSizes, precision);
        else if (cached)
          bits = cachedTileElements(state, op, state.level, prefixCode[k],
                                    scratchSizes.data()) *
                 precision;
        else
          bits = walkElements(state) * precision;
        if (exceedsCapacity(bits, mem.sizeBits)) {
          if (k == state.position)
            return fail(AllocationStatus::MemoryTooSmall, m, op, bits);
          break;
        }
        state.sliceBits[state.numSlices++] = bits;
        if (k == n)
          break;
        unsigned loop = ordering[k].loop;
        scratchSizes[loop] *= static_cast<double>(ordering[k].factor);
        if (!defines && !cached)
          growWalk(state, op, scratchSizes.data(), loop);
      }
      state.offset = 0;
      if (top) {
        // The top memory must take everything that fits (and all must).
        state.offset = state.numSlices - 1;
        state.sliceBits[0] = state.sliceBits[state.numSlices - 1];
        state.numSlices = 1;
      }
      for (unsigned i = 0; i < state.numSlices; ++i)
        state.sliceAccesses[i] =
            top ? 0.0
                : state.sliceBits[i] *
                      suffixIterations[state.position + state.offset + i];
    }

    // Joint choice: mixed radix over the operands (first most significant);
    // minimal accesses, ties to the later combination.
    unsigned numOps = numNodeOps;
    if (!defines) {
      double bits = 0;
      for (unsigned i = 0; i < numOps; ++i)
        bits += ops[static_cast<unsigned>(nodeOps[i])].sliceBits[0];
      if (exceedsCapacity(bits, mem.sizeBits))
        return fail(AllocationStatus::MemoryTooSmall, m, nodeOps[0], bits);
    }
    digits.fill(0);
    bestDigits.fill(0);
    // Sums over the first k operands, added in operand order as a full sum
    // is. Slice bits are not negative, so a prefix over the capacity rules
    // out every combination that extends it: those are skipped unvisited,
    // the others are visited in the same order.
    partialBits[0] = partialAccesses[0] = 0.0;
    bool haveBest = false;
    double bestAccesses = std::numeric_limits<double>::infinity();
    const int last = static_cast<int>(numOps) - 1;
    for (int k = 0; k >= 0;) {
      const OperandState &state = ops[static_cast<unsigned>(nodeOps[k])];
      if (k == last) {
        // Every choice of the last operand after this prefix, in order.
        double bitsBefore = partialBits[k], accessesBefore = partialAccesses[k];
        unsigned choices = state.numSlices;
        for (unsigned d = 0; d < choices; ++d) {
          if (exceedsCapacity(bitsBefore + state.sliceBits[d], mem.sizeBits))
            continue;
          double accesses = accessesBefore + state.sliceAccesses[d];
          if (!(accesses <= bestAccesses))
            continue;
          digits[k] = d;
          considerCombination(accesses, bestAccesses, haveBest);
        }
        digits[k] = choices - 1;
      } else {
        partialBits[k + 1] = partialBits[k] + state.sliceBits[digits[k]];
        partialAccesses[k + 1] =
            partialAccesses[k] + state.sliceAccesses[digits[k]];
        if (!exceedsCapacity(partialBits[k + 1], mem.sizeBits)) {
          digits[++k] = 0;
          continue;
        }
      }
      // The next prefix (skipping one that overflows with every extension).
      while (k >= 0 &&
             ++digits[k] == ops[static_cast<unsigned>(nodeOps[k])].numSlices)
        --k;
    }

    if (!haveBest) {
      // DeFiNES keeps the smallest prefixes even when they overflow the
      // memory; such a mapping breaks the capacity rule, so it is not
      // emitted.
      double bits = 0;
      for (unsigned i = 0; i < numOps; ++i)
        bits += ops[static_cast<unsigned>(nodeOps[i])].sliceBits[0];
      if (exceedsCapacity(bits, mem.sizeBits))
        return fail(AllocationStatus::MemoryTooSmall, m, nodeOps[0], bits);
    }
    for (unsigned k = 0; k < numOps; ++k) {
      MemOperand op = nodeOps[k];
      OperandState &state = ops[static_cast<unsigned>(op)];
      // Without any valid combination ZigZag keeps index 0 without the
      // top-memory offset.
      unsigned take = haveBest ? state.offset + bestDigits[k] : 0;
      for (unsigned i = 0; i < take; ++i) {
        const LoopFactor &loop = ordering[state.position + i];
        state.tile[loop.loop] *= static_cast<double>(loop.factor);
      }
      state.position += take;
      levelEnds[static_cast<unsigned>(op)].push_back(state.position);
      ++state.level;
      for (const LevelFactor &unroll : state.spatial[state.level])
        state.tile[unroll.loop] *= unroll.factor;
      if (state.levels.back() == m && state.position < n)
        return fail(AllocationStatus::HierarchyTooSmall, m, op,
                    tileBits(op, state.tile,
                             static_cast<double>(w.operand(op).precision)));
    }
  }
  return AllocationStatus::Ok;
}

std::string MemoryAllocator::describe(const AllocationFailure &failure) const {
  const Memory &mem = hw.memories[failure.memory];
  std::string what = std::string(toString(failure.operand)) + " (" +
                     w.operand(failure.operand).name + ")";
  std::string bits = std::to_string(static_cast<int64_t>(failure.requiredBits));
  switch (failure.status) {
  case AllocationStatus::Ok:
    return "ok";
  case AllocationStatus::MemoryTooSmall:
    return "memory '" + mem.name + "' (" + std::to_string(mem.sizeBits) +
           " bits) cannot hold the " + what + " tile of the levels below (" +
           bits + " bits)";
  case AllocationStatus::HierarchyTooSmall:
    return "top memory '" + mem.name + "' (" + std::to_string(mem.sizeBits) +
           " bits) of " + what + " cannot hold all its remaining loops";
  }
  return "";
}

} // namespace zigzag
