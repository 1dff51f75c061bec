//===- Imc.cpp - In-memory-computing macro model --------------------------===//
//
// ZigZag's IMC macro (imc_unit.py / imc_array.py at 3d12a96e), formula for
// formula, so that its results reproduce to the last digit; the quirks kept
// on purpose are listed in docs/Imc.md.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Model/Imc.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace zigzag {

ImcPrimitives imcPrimitives(const ImcTechnology &t) {
  double v2 = t.vdd * t.vdd;
  ImcPrimitives p;
  p.fullAdderEnergy = (3 * t.nd2Cap + 2 * t.xor2Cap) * v2;
  p.halfAdderEnergy = 2 * t.xor2Cap * v2;
  p.multiplierEnergy = 0.5 * t.nd2Cap * v2;
  p.registerEnergy = t.dffCap * v2;
  p.fullAdderArea = 3 * t.nd2Area + 2 * t.xor2Area;
  p.multiplierArea = t.nd2Area;
  p.registerArea = t.dffArea;
  p.in2SumDelay = 2 * t.xor2Delay;
  p.in2CoutDelay = t.xor2Delay + 2 * t.nd2Delay;
  p.cin2CoutDelay = 2 * t.nd2Delay;
  p.multiplierDelay = t.nd2Delay;
  return p;
}

AdcCost imcAdcCost(int64_t resolution, int64_t rows, const ImcTechnology &t) {
  AdcCost c;
  double r = static_cast<double>(resolution);
  if (resolution > 1)
    c.area = std::pow(10.0, -0.0369 * r + 1.206) * std::pow(2.0, r) * 1e-6;
  if (resolution != 0) {
    // The delay grows with the bit-line load (rows), the energy with the
    // comparator steps (k5 = 100 fF per bit, k6 = 0.001 fF per 4^bit).
    c.delay = r * (0.00653 * static_cast<double>(rows) + 0.640);
    c.energy = (100 * r + 0.001 * std::pow(4.0, r)) * t.vdd * t.vdd / 1000;
  }
  return c;
}

double imcDacEnergy(int64_t bits, const ImcTechnology &t) {
  return bits == 1 ? 0 : 50e-3 * static_cast<double>(bits) * t.vdd * t.vdd;
}

double imcAdderTreeEnergy(int64_t precision, double active, int64_t inputs,
                          const ImcTechnology &t) {
  ImcPrimitives prim = imcPrimitives(t);
  double p = static_cast<double>(precision);
  double n = static_cast<double>(inputs);
  double depth = std::floor(std::log2(n));
  if (active < 1)
    return 0;
  double full = 0, half = 0;
  if (active >= n) {
    full = n * (p + 1) - (p + depth + 1);
  } else {
    // Walk down the binary tree: a sub-tree entirely fed is all full
    // adders; one fed partly adds half adders on the idle side (carry-free)
    // and recurses into the fed side.
    double left = active, base = n;
    while (left != 0) {
      base /= 2;
      double ad = std::floor(std::log2(base));
      if (left <= 1 && base == 1) {
        half += p;
        left = 0;
      } else if (left > base) {
        full += base * (p + 1) - (p + ad + 1) + (p + ad);
        left -= base;
      } else if (left < base) {
        half += p + ad;
      } else {
        full += base * (p + 1) - (p + ad + 1);
        half += p + ad;
        left -= base;
      }
    }
  }
  return full * prim.fullAdderEnergy + half * prim.halfAdderEnergy;
}

std::vector<unsigned> imcDimOrder(const OperationalArray &array) {
  std::vector<unsigned> order(array.dimNames.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](unsigned a, unsigned b) {
    return array.dimNames[a] < array.dimNames[b];
  });
  return order;
}

static int64_t log2Exact(int64_t v) {
  int64_t l = 0;
  while ((int64_t{1} << (l + 1)) <= v)
    ++l;
  return l;
}

ImcMacro::ImcMacro(const Hardware &hw, const ImcTechnology &t)
    : spec(hw.array.imc.value_or(ImcArraySpec{})), tech(t),
      prim(imcPrimitives(t)) {
  std::vector<unsigned> order = imcDimOrder(hw.array);
  if (!order.empty()) {
    wlDim = order[0];
    cols = hw.array.sizes[wlDim];
  }
  if (order.size() > 1) {
    blDim = order[1];
    rowCount = hw.array.sizes[blDim];
  }
  for (unsigned k = 2; k < order.size(); ++k)
    numBanks *= hw.array.sizes[order[k]];
  if (std::optional<unsigned> m = hw.findMemory("cells"))
    cellArea = hw.memories[*m].area;
  adc = imcAdcCost(analog() ? spec.adcResolution : 0, rowCount, tech);
}

double ImcMacro::cyclesPerOp() const {
  return static_cast<double>(spec.activationPrecision) /
         static_cast<double>(spec.bitSerialPrecision);
}

int64_t ImcMacro::pvInputs() const {
  return analog() ? spec.weightPrecision : spec.bitSerialPrecision;
}

int64_t ImcMacro::pvPrecision() const {
  return analog() ? spec.adcResolution : regularOutput();
}

double ImcMacro::pvAdders() const {
  double n = static_cast<double>(pvInputs());
  if (pvInputs() == 1)
    return 0;
  return static_cast<double>(pvPrecision()) * (n - 1) +
         n * (std::log2(n) - 0.5);
}

int64_t ImcMacro::regularDepth() const { return log2Exact(rowCount); }

int64_t ImcMacro::regularOutput() const {
  return spec.weightPrecision + regularDepth();
}

double ImcMacro::regularAdders() const {
  int64_t p = spec.weightPrecision;
  return static_cast<double>(rowCount * (p + 1) - (p + regularDepth() + 1));
}

int64_t ImcMacro::accumulatorBits() const {
  if (spec.bitSerialPrecision == spec.activationPrecision)
    return 0;
  return spec.activationPrecision + spec.weightPrecision +
         (analog() ? spec.adcResolution : regularDepth());
}

ImcArea ImcMacro::area() const {
  double pw = static_cast<double>(spec.weightPrecision);
  double b = static_cast<double>(spec.bitSerialPrecision);
  double c = static_cast<double>(cols), r = static_cast<double>(rowCount),
         nb = static_cast<double>(numBanks);
  ImcArea a;
  a.cells = cellArea * c * r * nb;
  a.dacs = 0; // the DAC fit has no area term
  a.adcs = analog() ? adc.area * pw * c * nb : 0;
  a.mults = prim.multiplierArea * (analog() ? 1 : b) * pw * c * r * nb;
  a.addersRegular =
      analog() ? 0 : prim.fullAdderArea * regularAdders() * (b * c * nb);
  a.addersPv = prim.fullAdderArea * pvAdders() * c * nb;
  a.accumulators = (prim.fullAdderArea + prim.registerArea) *
                   static_cast<double>(accumulatorBits()) * c * nb;
  return a;
}

ImcDelay ImcMacro::clockPeriod() const {
  ImcDelay d;
  d.adcs = analog() ? adc.delay : 0;
  d.mults = prim.multiplierDelay;
  if (!analog())
    d.addersRegular =
        static_cast<double>(regularDepth() - 1) * prim.in2SumDelay +
        prim.in2CoutDelay +
        static_cast<double>(regularOutput() - 2) * prim.cin2CoutDelay;
  int64_t n = pvInputs(), p = pvPrecision();
  int64_t outPv = p;
  if (n > 1) {
    // QUIRK (ZigZag): the tree's output grows by n bits, not log2(n).
    outPv = n + p;
    d.addersPv = static_cast<double>(log2Exact(n) - 1) * prim.in2SumDelay +
                 prim.in2CoutDelay +
                 static_cast<double>(outPv - p - 1) * prim.cin2CoutDelay;
  }
  if (int64_t acc = accumulatorBits())
    d.accumulators = prim.in2CoutDelay +
                     static_cast<double>(acc - outPv - 1) * prim.cin2CoutDelay;
  return d;
}

ImcOccupancy
ImcMacro::occupancy(const Workload &w,
                    const std::vector<std::vector<LoopFactor>> &spatial) const {
  ImcOccupancy occ;
  auto at = [&](unsigned dim) -> const std::vector<LoopFactor> * {
    return dim < spatial.size() ? &spatial[dim] : nullptr;
  };
  const std::vector<LoopFactor> *wl = at(wlDim), *bl = at(blDim);
  const WorkloadOperand &weights = w.operand(MemOperand::I2);
  auto weightIrrelevant = [&](unsigned loop) {
    return weights.present && loop < weights.relevance.size() &&
           weights.relevance[loop] == Relevance::Irrelevant;
  };
  bool irOnWordLine = false;
  if (wl)
    for (const LoopFactor &lf : *wl) {
      occ.cols *= static_cast<double>(lf.factor);
      irOnWordLine |= weightIrrelevant(lf.loop);
    }
  double blUnroll = 1;
  if (bl)
    for (const LoopFactor &lf : *bl)
      blUnroll *= static_cast<double>(lf.factor);
  occ.macroUnroll = occ.cols * blUnroll;
  occ.rows = occ.rowsForAdder = std::ceil(blUnroll);
  if (!bl || !irOnWordLine || occ.rows == 1)
    return occ;

  // Diagonal mapping: an output loop on the word line (OX) and its filter
  // loop on the bit line (FX) make the columns read shifted input windows,
  // so the rows used grow by the word-line unrolling minus one. The pair is
  // found through the input's partially relevant dims (IX = OX + FX).
  const WorkloadOperand &input = w.operand(MemOperand::I1);
  double rows = 1;
  for (const LoopFactor &b : *bl) {
    double paired = 1;
    for (const LoopFactor &u : *wl) {
      if (!weightIrrelevant(u.loop))
        continue;
      for (const PrDim &pr : input.prDims) {
        bool hasB = false, hasU = false;
        for (const auto &[loop, coef] : pr.terms) {
          hasB |= loop == b.loop;
          hasU |= loop == u.loop;
        }
        if (hasB && hasU) {
          paired *= static_cast<double>(u.factor);
          break;
        }
      }
    }
    rows *= static_cast<double>(b.factor) + paired - 1;
  }
  occ.rows = std::ceil(rows);
  return occ;
}

ImcEnergy ImcMacro::layerEnergy(double macs, const ImcOccupancy &occ) const {
  double pw = static_cast<double>(spec.weightPrecision);
  double b = static_cast<double>(spec.bitSerialPrecision);
  double c = static_cast<double>(cols), r = static_cast<double>(rowCount);
  double v2 = tech.vdd * tech.vdd;
  // Macro activations, normalised to one macro (fractional when the mapping
  // does not divide the layer: ZigZag charges it so), each taking
  // cyclesPerOp bit-serial cycles.
  double cycles = cyclesPerOp() * (macs / occ.macroUnroll);
  ImcEnergy e;
  if (analog()) {
    e.dacs = imcDacEnergy(spec.bitSerialPrecision, tech) * occ.rows * cycles;
    e.adcs = adc.energy * pw * occ.cols * cycles;
    // Every column of an active row toggles its multipliers.
    e.mults = prim.multiplierEnergy * (pw * c * occ.rows) * cycles;
    // A used column discharges its whole bit line.
    e.analogBlAddition = tech.blCap * v2 * pw * occ.cols * r * cycles;
  } else {
    // The digital array multiplies everywhere, whatever is mapped.
    e.mults = prim.multiplierEnergy * (b * pw * c * r) * cycles;
    e.addersRegular = imcAdderTreeEnergy(spec.weightPrecision, occ.rowsForAdder,
                                         rowCount, tech) *
                      (b * occ.cols) * cycles;
  }
  e.addersPv = prim.fullAdderEnergy * pvAdders() * occ.cols * cycles;
  if (int64_t acc = accumulatorBits())
    e.accumulators = (prim.fullAdderEnergy + prim.registerEnergy) *
                     static_cast<double>(acc) * occ.cols * cycles;
  return e;
}

} // namespace zigzag
