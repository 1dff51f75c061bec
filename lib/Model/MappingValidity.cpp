//===- MappingValidity.cpp - What makes a mapping valid -------------------===//

#include "zigzag/Model/MappingValidity.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace zigzag {

int64_t temporalIterations(int64_t size, int64_t spatial) {
  if (spatial <= 0)
    return size;
  return (size + spatial - 1) / spatial;
}

std::vector<int64_t>
spatialLoopProducts(const Workload &w,
                    const std::vector<std::vector<LoopFactor>> &spatial) {
  std::vector<int64_t> products(w.numLoops(), 1);
  for (const std::vector<LoopFactor> &dim : spatial)
    for (const LoopFactor &lf : dim)
      if (lf.loop < products.size() && lf.factor > 0)
        products[lf.loop] *= lf.factor;
  return products;
}

static std::string loopName(const Workload &w, unsigned loop) {
  return loop < w.loopNames.size() ? w.loopNames[loop]
                                   : "d" + std::to_string(loop);
}

/// Whether temporal factors multiplying to `temporal` with outermost factor
/// `outermost` cover `expected` iterations imperfectly without an empty
/// iteration.
static bool isImperfectCover(int64_t expected, int64_t temporal,
                             int64_t outermost) {
  if (outermost < 1 || temporal <= expected || temporal % outermost != 0)
    return false;
  int64_t inner = temporal / outermost;
  return inner < expected && outermost == (expected + inner - 1) / inner;
}

std::string checkLoopCoverage(const Workload &w, unsigned loop, int64_t spatial,
                              int64_t temporal, int64_t outermost) {
  int64_t size = w.loopSizes[loop];
  int64_t expected = temporalIterations(size, spatial);
  if (spatial <= size &&
      (temporal == expected || isImperfectCover(expected, temporal, outermost)))
    return "";
  // Only a failing check builds its message.
  std::ostringstream err;
  if (spatial > size)
    err << "loop '" << loopName(w, loop) << "' of size " << size
        << " is unrolled " << spatial << " times in space";
  else
    err << "the temporal loops of '" << loopName(w, loop) << "' multiply to "
        << temporal << ", expected " << expected << " (size " << size
        << " / spatial " << spatial << ", rounded up)";
  return err.str();
}

bool remainderAdjustedFactors(const LoopFactor *loops, unsigned n,
                              const int64_t *temporalSizes, unsigned numLoops,
                              double *out) {
  // Fixed arrays: the cost model calls this on its hot path.
  int64_t product[kMaxLoops];
  int outermost[kMaxLoops];
  unsigned count = std::min(numLoops, kMaxLoops);
  for (unsigned l = 0; l < count; ++l) {
    product[l] = 1;
    outermost[l] = -1;
  }
  for (unsigned k = 0; k < n; ++k) {
    out[k] = static_cast<double>(loops[k].factor);
    unsigned l = loops[k].loop;
    if (l < count) {
      product[l] *= loops[k].factor;
      outermost[l] = static_cast<int>(k);
    }
  }
  bool imperfect = false;
  for (unsigned l = 0; l < count; ++l) {
    if (outermost[l] < 0 || product[l] <= temporalSizes[l])
      continue;
    const LoopFactor &last = loops[outermost[l]];
    double inner = static_cast<double>(product[l] / last.factor);
    out[outermost[l]] = static_cast<double>(temporalSizes[l]) / inner;
    imperfect = true;
  }
  return imperfect;
}

void normalizeImperfectFactors(LoopFactor *loops, unsigned n,
                               const int64_t *temporalSizes,
                               unsigned numLoops) {
  std::vector<int64_t> product(numLoops, 1);
  std::vector<int> outermost(numLoops, -1);
  for (unsigned k = 0; k < n; ++k)
    if (loops[k].loop < numLoops) {
      product[loops[k].loop] *= loops[k].factor;
      outermost[loops[k].loop] = static_cast<int>(k);
    }
  for (unsigned l = 0; l < numLoops; ++l) {
    if (outermost[l] < 0 || product[l] <= temporalSizes[l])
      continue;
    LoopFactor &last = loops[outermost[l]];
    int64_t inner = product[l] / last.factor;
    last.factor = (temporalSizes[l] + inner - 1) / inner;
  }
}

bool reducesOutput(const Workload &w, unsigned loop) {
  const WorkloadOperand &o = w.operand(MemOperand::O);
  return o.present && loop < o.relevance.size() &&
         o.relevance[loop] == Relevance::Irrelevant && w.loopSizes[loop] != 1;
}

double outputLevelPrecision(const Workload &w, bool partialSums,
                            bool finalOutputs) {
  const WorkloadOperand &o = w.operand(MemOperand::O);
  double bits = 0;
  if (partialSums)
    bits = static_cast<double>(o.precision);
  if (finalOutputs)
    bits = std::max(bits, static_cast<double>(o.finalPrecision));
  return bits;
}

double operandTileBits(const Workload &w, MemOperand op,
                       const double *tileSizes, double precision,
                       CostModelFlavor flavor, int64_t *scratch) {
  if (flavor != CostModelFlavor::DeFiNES)
    return operandTileElements(w, op, tileSizes) * precision;
  // DeFiNES rounds each (fractionally unrolled) tile dim up first; the
  // tolerance absorbs product rounding noise (e.g. 3.6 * 5).
  for (unsigned l = 0; l < w.numLoops(); ++l)
    scratch[l] = static_cast<int64_t>(std::ceil(tileSizes[l] * (1 - 1e-12)));
  return static_cast<double>(operandTileElements(w, op, scratch)) * precision;
}

MappingCapacity::MappingCapacity(const Workload &w, const Hardware &hw,
                                 CostModelFlavor flavor)
    : w(w), hw(hw), flavor(flavor), tile(w.numLoops()), scratch(w.numLoops()) {
  for (MemOperand op : kAllMemOperands)
    if (w.operand(op).present)
      ops[static_cast<unsigned>(op)].memories = hw.hierarchy(op);
}

void MappingCapacity::setSpatial(
    const std::vector<std::vector<LoopFactor>> &spatial) {
  std::vector<std::vector<double>> fractional =
      convertSpatialFactors(w, hw, spatial, /*integer=*/false, flavor);
  temporalLoopSizes(w, spatial, temporalSizes);
  for (MemOperand op : kAllMemOperands) {
    if (!w.operand(op).present)
      continue;
    OperandLevels &levels = ops[static_cast<unsigned>(op)];
    operandLevelUnrolling(hw, op, spatial, fractional, levels.spatial);
    unsigned numLevels = levels.spatial.size();
    levels.reducingAbove.assign(numLevels + 1, false);
    for (unsigned l = numLevels; l-- > 0;) {
      bool reduces = levels.reducingAbove[l + 1];
      for (const LevelFactor &u : levels.spatial[l])
        reduces = reduces || reducesOutput(w, u.loop);
      levels.reducingAbove[l] = reduces;
    }
  }
}

void MappingCapacity::memoryBits(
    const LoopFactor *loops, unsigned n,
    const unsigned *const levelEnds[kNumMemOperands],
    std::vector<double> &bits) {
  bits.assign(hw.memories.size(), 0.0);
  bool defines = flavor == CostModelFlavor::DeFiNES;
  reducingFrom.assign(n + 1, false);
  for (unsigned k = n; k-- > 0;)
    reducingFrom[k] = reducingFrom[k + 1] || reducesOutput(w, loops[k].loop);
  // A padded (imperfect) loop's outer tile holds its real extent.
  factors.resize(n);
  remainderAdjustedFactors(loops, n, temporalSizes.data(),
                           static_cast<unsigned>(temporalSizes.size()),
                           factors.data());
  for (MemOperand op : kAllMemOperands) {
    const unsigned *ends = levelEnds[static_cast<unsigned>(op)];
    OperandLevels &levels = ops[static_cast<unsigned>(op)];
    levels.bits.assign(levels.memories.size(), 0.0);
    if (!w.operand(op).present || !ends || levels.spatial.empty())
      continue;
    // The tile grows as the allocator grows it: the spatial unrolling below
    // a level, then its temporal loops.
    std::fill(tile.begin(), tile.end(), 1.0);
    for (const LevelFactor &u : levels.spatial[0])
      tile[u.loop] *= u.factor;
    unsigned start = 0;
    for (unsigned lv = 0; lv < levels.memories.size(); ++lv) {
      unsigned end = std::max(start, std::min(ends[lv], n));
      for (unsigned k = start; k < end; ++k)
        tile[loops[k].loop] *= factors[k];
      double precision = static_cast<double>(w.operand(op).precision);
      if (op == MemOperand::O) {
        // DeFiNES does not count the spatial reduction above a level.
        bool spatialAbove = !defines && levels.reducingAbove[lv + 1];
        precision = outputLevelPrecision(w, spatialAbove || reducingFrom[start],
                                         !spatialAbove && !reducingFrom[end]);
      }
      levels.bits[lv] = operandTileBits(w, op, tile.data(), precision, flavor,
                                        scratch.data());
      bits[levels.memories[lv]] += levels.bits[lv];
      if (lv + 1 < levels.spatial.size())
        for (const LevelFactor &u : levels.spatial[lv + 1])
          tile[u.loop] *= u.factor;
      start = end;
    }
  }
}

int MappingCapacity::overflowingMemory(const std::vector<double> &bits) const {
  for (unsigned mem = 0; mem < hw.memories.size() && mem < bits.size(); ++mem)
    if (exceedsCapacity(bits[mem], hw.memories[mem].sizeBits))
      return static_cast<int>(mem);
  return -1;
}

void mappingMemoryBits(const Workload &w, const Hardware &hw, const Mapping &m,
                       CostModelFlavor flavor,
                       std::vector<double> &bitsPerMemory) {
  MappingCapacity capacity(w, hw, flavor);
  capacity.setSpatial(m.spatial);
  const unsigned *ends[kNumMemOperands];
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    ends[o] = m.levelEnds[o].empty() ? nullptr : m.levelEnds[o].data();
  capacity.memoryBits(m.temporal.data(),
                      static_cast<unsigned>(m.temporal.size()), ends,
                      bitsPerMemory);
}

std::string checkMapping(const Workload &w, const Hardware &hw,
                         const Mapping &m, CostModelFlavor flavor) {
  std::ostringstream err;
  unsigned numLoops = w.numLoops();

  // Spatial part: the factors fit the array dims.
  if (m.spatial.size() > hw.array.sizes.size()) {
    err << "the spatial mapping uses " << m.spatial.size()
        << " array dims but the array has " << hw.array.sizes.size();
    return err.str();
  }
  for (unsigned d = 0; d < m.spatial.size(); ++d) {
    const std::string &dim = d < hw.array.dimNames.size()
                                 ? hw.array.dimNames[d]
                                 : "D" + std::to_string(d + 1);
    int64_t product = 1;
    for (unsigned e = 0; e < m.spatial[d].size(); ++e) {
      const LoopFactor &lf = m.spatial[d][e];
      if (lf.loop >= numLoops) {
        err << "array dim " << dim << " unrolls loop " << lf.loop
            << ", but the layer has " << numLoops << " loops";
        return err.str();
      }
      if (lf.factor < 1 || lf.factor > w.loopSizes[lf.loop]) {
        err << "array dim " << dim << " unrolls " << loopName(w, lf.loop)
            << " by " << lf.factor << ", outside [1, " << w.loopSizes[lf.loop]
            << "]";
        return err.str();
      }
      for (unsigned e2 = 0; e2 < e; ++e2)
        if (m.spatial[d][e2].loop == lf.loop) {
          err << "array dim " << dim << " unrolls " << loopName(w, lf.loop)
              << " twice";
          return err.str();
        }
      product *= lf.factor;
    }
    if (product > hw.array.sizes[d]) {
      err << "array dim " << dim << " of size " << hw.array.sizes[d]
          << " is unrolled by " << product;
      return err.str();
    }
  }

  // Temporal part: loops of the layer, and coverage of every loop.
  if (m.temporal.size() > kMaxLoops) {
    err << "more than " << kMaxLoops << " temporal loops";
    return err.str();
  }
  std::vector<int64_t> temporal(numLoops, 1), outermost(numLoops, 0);
  for (const LoopFactor &lf : m.temporal) {
    if (lf.loop >= numLoops || lf.factor < 1) {
      err << "temporal loop (" << lf.loop << ", " << lf.factor
          << ") is not a loop of the layer with a positive size";
      return err.str();
    }
    temporal[lf.loop] *= lf.factor;
    outermost[lf.loop] = lf.factor;
  }
  std::vector<int64_t> spatial = spatialLoopProducts(w, m.spatial);
  for (unsigned l = 0; l < numLoops; ++l)
    if (std::string problem =
            checkLoopCoverage(w, l, spatial[l], temporal[l], outermost[l]);
        !problem.empty())
      return problem;

  // Level cuts: one per memory level of each operand, monotone, the top
  // level ending at the outermost loop.
  for (MemOperand op : kAllMemOperands) {
    const std::vector<unsigned> &ends = m.levelEnds[static_cast<unsigned>(op)];
    if (!w.operand(op).present) {
      if (!ends.empty()) {
        err << "operand " << toString(op)
            << " is not used by the layer but has level cuts";
        return err.str();
      }
      continue;
    }
    size_t numLevels = hw.hierarchy(op).size();
    if (ends.size() != numLevels) {
      err << "operand " << toString(op) << " has " << ends.size()
          << " level cuts but " << numLevels << " memory levels";
      return err.str();
    }
    for (unsigned k = 0; k < ends.size(); ++k)
      if ((k > 0 && ends[k] < ends[k - 1]) || ends[k] > m.temporal.size()) {
        err << "level cuts of operand " << toString(op)
            << " are not monotone within [0, " << m.temporal.size() << "]";
        return err.str();
      }
    if (ends.empty() || ends.back() != m.temporal.size()) {
      err << "the top memory level of operand " << toString(op)
          << " does not end at the outermost loop";
      return err.str();
    }
  }

  // Capacity of every memory instance.
  MappingCapacity capacity(w, hw, flavor);
  capacity.setSpatial(m.spatial);
  const unsigned *ends[kNumMemOperands];
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    ends[o] = m.levelEnds[o].empty() ? nullptr : m.levelEnds[o].data();
  std::vector<double> bits;
  capacity.memoryBits(m.temporal.data(),
                      static_cast<unsigned>(m.temporal.size()), ends, bits);
  if (int mem = capacity.overflowingMemory(bits); mem >= 0) {
    err << "memory '" << hw.memories[mem].name << "' of "
        << hw.memories[mem].sizeBits << " bits must hold " << bits[mem]
        << " bits per instance";
    return err.str();
  }
  return "";
}

} // namespace zigzag
