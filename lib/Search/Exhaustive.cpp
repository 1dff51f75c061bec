//===- Exhaustive.cpp - Provably optimal temporal mapping search ----------===//
//
// Branch-and-bound over the full temporal space (docs/Search.md, "Exhaustive
// engine"). A partial mapping fixes the outermost loops and, per operand,
// the cuts of its upper memory levels. Cuts are canonical (right below a
// loop the operand does not merge down, so ZigZag's stationary merge-down
// never moves them): then every energy term and port transfer of a cut
// depends only on the multiset of loops below it. ExhaustiveBound tabulates
// them over all sub-multisets per spatial mapping and solves the open inner
// part exactly by dynamic programming (energy); latency is bounded from the
// closed transfers and the least stalls of the open ones.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/Exhaustive.h"

#include "zigzag/Model/MappingValidity.h"
#include "zigzag/Model/SpatialUnrolling.h"
#include "zigzag/Search/Loma.h"
#include "zigzag/Search/SpatialMappingGenerator.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

namespace zigzag {

namespace {

constexpr unsigned kTL = static_cast<unsigned>(Direction::ToLow);
constexpr unsigned kFH = static_cast<unsigned>(Direction::FromHigh);
constexpr unsigned kFL = static_cast<unsigned>(Direction::FromLow);
constexpr unsigned kTH = static_cast<unsigned>(Direction::ToHigh);
constexpr unsigned kOut = static_cast<unsigned>(MemOperand::O);
constexpr unsigned kNoPort = ~0u;
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
/// With a fractional spatial unrolling tile sizes are rounded (Python's
/// round) per level, so a smaller tile refilled more often can cost up to
/// ~3x less per element than the bigger one; open terms are scaled by this.
constexpr double kFractionalSlack = 0.3;
/// Relative rounding slack of the bounds (see ExhaustiveBound::compute).
constexpr double kRoundingSlack = 1e-10;

/// The cost model's loop classes (ZigZag's r / ir / pr sets per operand).
enum class LoopClass : uint8_t { None, R, IR, PR };

/// The class of every loop for every operand, as CostModel computes it.
std::array<std::vector<LoopClass>, kNumMemOperands>
classifyLoops(const Workload &w) {
  std::array<std::vector<LoopClass>, kNumMemOperands> out;
  for (MemOperand op : kAllMemOperands) {
    const WorkloadOperand &wo = w.operand(op);
    std::vector<LoopClass> &cls = out[static_cast<unsigned>(op)];
    cls.assign(w.numLoops(), LoopClass::None);
    if (op != MemOperand::O && !wo.present)
      continue;
    bool hasPr = !wo.prDims.empty();
    std::vector<bool> inPrDim(w.numLoops(), false);
    for (const PrDim &dim : wo.prDims)
      for (const auto &term : dim.terms)
        if (term.first < w.numLoops())
          inPrDim[term.first] = true;
    for (unsigned l = 0; l < w.numLoops(); ++l) {
      Relevance rel =
          l < wo.relevance.size() ? wo.relevance[l] : Relevance::Irrelevant;
      bool unit = w.loopSizes[l] == 1;
      if (inPrDim[l])
        cls[l] = LoopClass::PR;
      else if (rel == Relevance::Relevant)
        cls[l] = (unit && !hasPr) ? LoopClass::None : LoopClass::R;
      else if (rel == Relevance::Irrelevant)
        cls[l] = unit ? LoopClass::None : LoopClass::IR;
      else
        cls[l] = LoopClass::None; // partial without a pr dim
    }
  }
  return out;
}

struct PortActivity {
  uint8_t op, level, dir;
};

struct PortInfo {
  double bwMax = 0;
  bool sharedByInputs = false;
  std::vector<PortActivity> acts;
};

bool isReadDirection(unsigned dir) { return dir == kTL || dir == kTH; }

} // namespace

//===----------------------------------------------------------------------===//
// Physical floor
//===----------------------------------------------------------------------===//

PhysicalFloor physicalFloor(const Workload &w, const Hardware &hw) {
  PhysicalFloor floor;
  double macs = static_cast<double>(w.macs());
  floor.macEnergy = macs * hw.array.unitEnergy;
  floor.cycles = std::ceil(
      macs / static_cast<double>(std::max<int64_t>(1, hw.array.numUnits())));
  for (MemOperand op : kAllMemOperands) {
    const WorkloadOperand &wo = w.operand(op);
    if (!wo.present && op != MemOperand::O)
      continue;
    std::vector<unsigned> levels = hw.hierarchy(op);
    if (levels.empty())
      continue;
    const Memory &top = hw.memories[levels.back()];
    bool output = op == MemOperand::O;
    // Inputs are read out once, outputs written back once (final values).
    const Port *port =
        top.portFor(op, output ? Direction::FromLow : Direction::ToLow);
    if (!port || port->bandwidthMax <= 0)
      continue;
    double bits =
        static_cast<double>(w.operandElements(op)) *
        static_cast<double>(output ? wo.finalPrecision : wo.precision);
    double words = bits / static_cast<double>(port->bandwidthMax);
    floor.memEnergy += words * (output ? top.writeCost : top.readCost);
  }
  floor.energy = floor.macEnergy + floor.memEnergy;
  return floor;
}

//===----------------------------------------------------------------------===//
// ExhaustiveBound
//===----------------------------------------------------------------------===//

namespace {

/// A periodic transfer as the latency model sees it (integer mapping).
struct TransferData {
  double real = 0, count = 0, period = 0;
};

/// Sub-multisets of the temporal loops tabulated at most.
constexpr uint64_t kMaxTableSubsets = 1u << 15;
/// Work of the inner dynamic programme allowed (transitions).
constexpr uint64_t kMaxTableWork = 1ull << 27;

} // namespace

struct ExhaustiveBound::Impl {
  Impl(const Workload &w, const Hardware &hw, CostModelOptions opts)
      : w(w), hw(hw), opts(opts), model(w, hw, opts),
        cost(std::make_unique<Cost>()) {}

  Workload w;
  Hardware hw;
  CostModelOptions opts;
  CostModel model;
  std::string error;

  struct OperandInfo {
    bool present = false;
    unsigned numLevels = 0;
    unsigned memory[kMaxLevels] = {};
    double readCost[kMaxLevels] = {}, writeCost[kMaxLevels] = {};
    double bwMin[kMaxLevels][kNumDirections] = {};
    double bwMax[kMaxLevels][kNumDirections] = {};
    /// The port whose on/off-loading record the cost model keeps (the last
    /// one serving the transfer), kNoPort if none.
    unsigned port[kMaxLevels][kNumDirections];
    std::vector<LoopClass> cls;
    /// First slot (cut) of this operand: slot + j is the cut ending level j.
    unsigned slot = 0;
  };
  OperandInfo ops[kNumMemOperands];
  unsigned numSlots = 0;
  unsigned inputs[2] = {};
  unsigned numInputs = 0;
  std::vector<PortInfo> ports;
  /// O's final precision exceeds its partial-sum precision (then a level
  /// holding final outputs is not the cheaper one).
  bool finalWider = false;

  // Per spatial mapping: the temporal loops and what does not depend on
  // where the cuts are.
  bool sameVariants = true;
  unsigned n = 0;
  double total = 0;
  double fixedEnergy = 0; // MACs and O's traffic at its innermost level
  /// Reads of an input out of its innermost memory: period = MAC-level
  /// stationarity (the bottom run of irrelevant loops).
  struct InnerRead {
    double amount = 0, precision = 0, units = 0, real = 0;
  } innerRead[kNumMemOperands];
  TransferData outputInner[2]; // O's (level 0, tl) and (level 0, fl)
  double topBits[kNumMemOperands] = {};
  bool allIrrelevant[kNumMemOperands] = {};
  bool unitLoops = false; // a temporal loop of size 1 is scheduled

  // Distinct temporal loops and sub-multisets of them ("B": the loops below
  // a cut), by mixed-radix index.
  std::vector<LoopFactor> types;
  std::vector<unsigned> typeCount, stride;
  std::vector<uint8_t> typeIr; // bit o: irrelevant to operand o
  uint64_t numSubsets = 0;
  uint64_t tableLimit = kMaxTableSubsets;
  // Per sub-multiset B and slot (operand o, cut ending level j): the energy
  // of the four transfers of that cut ((o, j, fh/th), (o, j + 1, tl/fl)),
  // the bits memory j keeps, and the four transfers, when B is below it.
  bool haveTable = false;
  std::vector<double> cutEnergy, cutBits;
  std::vector<TransferData> cutTransfer;
  std::vector<double> minCutBits, minCutReal; // per slot (x4 for real)
  std::vector<double> room; // per slot: what the cut's memory can give it
  // Per sub-multiset R, slot and transfer: the least (R - P)(N - 1) and
  // R (N - 1) of that transfer over every cut with B in R that fits.
  std::vector<double> leastStall, leastBusy;
  std::vector<double> subsetProduct;
  std::vector<uint8_t> subsetIrOnly; // bit o: every loop of B irrelevant
  // bestInner[B * numLevelVectors + L]: the least energy of the cuts and
  // innermost reads below the top of B, with levels L at the top of B.
  unsigned levelStride[kNumMemOperands] = {};
  unsigned numLevelVectors = 1;
  std::vector<double> bestInner;

  std::unique_ptr<Cost> cost;
  Result result;

  // Scratch of one compute().
  unsigned lev[kNumMemOperands] = {};
  unsigned ends[kNumMemOperands][kMaxLevels] = {};
  uint64_t below[kNumMemOperands][kMaxLevels] = {}; // B of each fixed cut
  uint64_t remaining = 0;                           // B of the open part
  bool macStKnown[kNumMemOperands] = {};
  double macStBound[kNumMemOperands] = {};
  bool surelyMany[kNumMemOperands] = {};
  std::vector<uint8_t> typeAt, remainingCount; // for the LoopFactor entry

  void initialise();
  bool isIr(unsigned op, const LoopFactor &lf) const {
    return lf.loop < ops[op].cls.size() &&
           ops[op].cls[lf.loop] == LoopClass::IR;
  }
  unsigned typeOf(const LoopFactor &lf) const {
    for (unsigned t = 0; t < types.size(); ++t)
      if (types[t] == lf)
        return t;
    return 0;
  }
  double accessEnergy(const Cost &c, unsigned op, unsigned level,
                      unsigned dir) const {
    const OperandInfo &oi = ops[op];
    return c.operands[op].levels[level].accesses[dir] *
           (isReadDirection(dir) ? oi.readCost[level] : oi.writeCost[level]);
  }
  double innerReadEnergy(unsigned op, double macSt) const;
  void buildTable(const std::vector<LoopFactor> &loops);
  void solveInner();

  /// The transfer (op, level, dir) if it is the same in every completion.
  bool closedTransfer(unsigned op, unsigned level, unsigned dir,
                      TransferData &out) const;
  /// Could an open transfer move its data only once? An open cut ends
  /// right below a loop the operand does not merge down, so at least that
  /// loop iterates above it (unless loops of size 1 are scheduled).
  bool mayBeOnce(unsigned op, unsigned level, unsigned dir) const {
    if (op != kOut && dir == kTL && level == 0)
      return allIrrelevant[op];
    return unitLoops && !surelyMany[op];
  }
  double smallestReal(unsigned op, unsigned level, unsigned dir) const;
  double minimumOnceCycles(unsigned op, const PortInfo &port) const;
  double onceLoad(const PortInfo &port, unsigned op, unsigned level,
                  unsigned dir) const;
  double loadRecord(unsigned op, unsigned level, unsigned dir) const;
  bool sharedRecord(unsigned op, unsigned level, unsigned dir) const {
    unsigned p = ops[op].port[level][dir];
    return p != kNoPort && ports[p].sharedByInputs;
  }
  double energyFromTable() const;
  double energyFromCompletion() const;
  bool fitsBound() const;
  double latencyBound() const;
  /// The capacity rule of MappingValidity.h on a complete mapping.
  bool fitsMemories(const Mapping &m);
  bool fitsMemories(const LoopFactor *loops, unsigned n,
                    const unsigned *const levelEnds[kNumMemOperands]);
  MappingCapacity capacity{w, hw, opts.flavor};
  std::vector<double> memoryBits;
};

void ExhaustiveBound::Impl::initialise() {
  error = model.setupError();
  std::array<std::vector<LoopClass>, kNumMemOperands> cls = classifyLoops(w);
  for (MemOperand op : kAllMemOperands) {
    unsigned o = static_cast<unsigned>(op);
    OperandInfo &oi = ops[o];
    const WorkloadOperand &wo = w.operand(op);
    oi.present = op == MemOperand::O || wo.present;
    oi.cls = cls[o];
    for (unsigned m = 0; m < kMaxLevels; ++m)
      for (unsigned d = 0; d < kNumDirections; ++d)
        oi.port[m][d] = kNoPort;
    if (!oi.present)
      continue;
    std::vector<unsigned> levels = hw.hierarchy(op);
    if (levels.empty() || levels.size() > kMaxLevels) {
      if (error.empty())
        error = std::string("operand ") + toString(op) +
                " has no memory or too many memory levels";
      oi.present = false;
      continue;
    }
    oi.numLevels = levels.size();
    oi.slot = numSlots;
    numSlots += oi.numLevels - 1;
    levelStride[o] = numLevelVectors;
    numLevelVectors *= oi.numLevels;
    for (unsigned m = 0; m < oi.numLevels; ++m) {
      const Memory &mem = hw.memories[levels[m]];
      oi.memory[m] = levels[m];
      oi.readCost[m] = mem.readCost;
      oi.writeCost[m] = mem.writeCost;
      for (unsigned d = 0; d < kNumDirections; ++d)
        if (const Port *port = mem.portFor(op, static_cast<Direction>(d))) {
          oi.bwMin[m][d] = static_cast<double>(port->bandwidthMin);
          oi.bwMax[m][d] = static_cast<double>(port->bandwidthMax);
        }
    }
  }
  finalWider = w.operand(MemOperand::O).finalPrecision >
               w.operand(MemOperand::O).precision;
  // Inputs in layer-operand order, as the on-loading formula takes them.
  for (MemOperand op : w.operandOrder) {
    unsigned o = static_cast<unsigned>(op);
    if (o == kOut || !ops[o].present || numInputs == 2 ||
        std::find(inputs, inputs + numInputs, o) != inputs + numInputs)
      continue;
    inputs[numInputs++] = o;
  }
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    if (o != kOut && ops[o].present && numInputs < 2 &&
        std::find(inputs, inputs + numInputs, o) == inputs + numInputs)
      inputs[numInputs++] = o;
  // Ports in memory order with the transfers they carry (as the cost model).
  for (unsigned m = 0; m < hw.memories.size(); ++m) {
    const Memory &mem = hw.memories[m];
    for (const Port &port : mem.ports) {
      PortInfo info;
      info.bwMax = static_cast<double>(port.bandwidthMax);
      bool servesI1 = false, servesI2 = false;
      for (const PortAllocation &alloc : port.allocations) {
        servesI1 |= alloc.operand == MemOperand::I1;
        servesI2 |= alloc.operand == MemOperand::I2;
        unsigned o = static_cast<unsigned>(alloc.operand);
        const OperandInfo &oi = ops[o];
        if (!oi.present)
          continue;
        for (unsigned lv = 0; lv < oi.numLevels; ++lv)
          if (oi.memory[lv] == m && info.acts.size() < kMaxPortActivities)
            info.acts.push_back({static_cast<uint8_t>(o),
                                 static_cast<uint8_t>(lv),
                                 static_cast<uint8_t>(alloc.direction)});
      }
      info.sharedByInputs = servesI1 && servesI2;
      unsigned index = ports.size();
      for (const PortActivity &a : info.acts)
        ops[a.op].port[a.level][a.dir] = index;
      ports.push_back(std::move(info));
    }
  }
}

double ExhaustiveBound::Impl::innerReadEnergy(unsigned op, double macSt) const {
  const InnerRead &r = innerRead[op];
  double bmin = ops[op].bwMin[0][kTL], bmax = ops[op].bwMax[0][kTL];
  if (r.amount == 0 || r.precision == 0 || bmin <= 0 || bmax <= 0)
    return 0;
  return std::trunc(std::ceil(r.amount * r.precision / bmin) * (bmin / bmax) *
                    std::floor(total / macSt) * r.units) *
         ops[op].readCost[0];
}

void ExhaustiveBound::Impl::buildTable(const std::vector<LoopFactor> &loops) {
  types.clear();
  typeCount.clear();
  typeIr.clear();
  for (const LoopFactor &lf : loops) {
    auto it = std::find(types.begin(), types.end(), lf);
    if (it != types.end()) {
      ++typeCount[it - types.begin()];
      continue;
    }
    types.push_back(lf);
    typeCount.push_back(1);
    uint8_t mask = 0;
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      if (ops[o].present && isIr(o, lf))
        mask |= static_cast<uint8_t>(1u << o);
    typeIr.push_back(mask);
  }
  stride.assign(types.size(), 1);
  numSubsets = 1;
  for (unsigned t = 0; t < types.size(); ++t) {
    stride[t] = static_cast<unsigned>(std::min<uint64_t>(numSubsets, ~0u));
    numSubsets *= typeCount[t] + 1;
    if (numSubsets > tableLimit)
      break;
  }
  uint64_t work = numSubsets * numLevelVectors * numLevelVectors *
                  std::max<size_t>(1, types.size());
  haveTable = numSubsets <= tableLimit && work <= kMaxTableWork;

  // The completion with every loop in the top level: the fixed terms.
  std::vector<LoopFactor> ordering(loops);
  unsigned endsTop[kNumMemOperands][kMaxLevels];
  const unsigned *ptr[kNumMemOperands] = {};
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    if (!ops[o].present)
      continue;
    for (unsigned j = 0; j < ops[o].numLevels; ++j)
      endsTop[o][j] = j + 1 == ops[o].numLevels ? n : 0;
    ptr[o] = endsTop[o];
  }
  model.evaluateTemporal(ordering.data(), n, ptr, *cost);
  total = cost->idealTemporalCycle;
  fixedEnergy = cost->macEnergy + accessEnergy(*cost, kOut, 0, kTL) +
                accessEnergy(*cost, kOut, 0, kFL);
  for (unsigned k = 0; k < 2; ++k) {
    unsigned d = k == 0 ? kTL : kFL;
    const OperandLevelCost &lc = cost->operands[kOut].levels[0];
    outputInner[k] = {lc.realCycles[d], lc.transfer[d].periodCount,
                      lc.transfer[d].period};
  }
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    if (!ops[o].present)
      continue;
    const OperandLevelCost &lc = cost->operands[o].levels[0];
    innerRead[o] = {lc.transfer[kTL].amount, lc.transfer[kTL].precision,
                    lc.unitCount, lc.realCycles[kTL]};
    topBits[o] = cost->operands[o].levels[ops[o].numLevels - 1].bitsPerInstance;
  }
  if (!haveTable)
    return;

  // Every sub-multiset B below every cut at once: the remaining loops on top.
  cutEnergy.assign(numSubsets * numSlots, 0);
  cutBits.assign(numSubsets * numSlots, 0);
  cutTransfer.assign(numSubsets * numSlots * 4, TransferData());
  subsetProduct.assign(numSubsets, 1);
  subsetIrOnly.assign(numSubsets, 0);
  std::vector<unsigned> counts(types.size());
  unsigned endsCut[kNumMemOperands][kMaxLevels];
  for (uint64_t b = 0; b < numSubsets; ++b) {
    unsigned size = 0, top = 0;
    double product = 1;
    uint8_t irOnly = 0xff;
    for (unsigned t = 0; t < types.size(); ++t) {
      counts[t] = static_cast<unsigned>(b / stride[t] % (typeCount[t] + 1));
      for (unsigned c = 0; c < counts[t]; ++c) {
        ordering[size++] = types[t];
        product *= static_cast<double>(types[t].factor);
      }
      if (counts[t])
        irOnly &= typeIr[t];
    }
    subsetProduct[b] = product;
    subsetIrOnly[b] = irOnly;
    // A cut's values need a loop right above it that the operand does not
    // merge down (canonical cuts): one evaluation per choice of that loop.
    uint8_t pending = 0;
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      if (ops[o].present && ops[o].numLevels > 1)
        pending |= static_cast<uint8_t>(1u << o);
    while (pending) {
      int first = -1;
      unsigned served = 0;
      for (unsigned t = 0; t < types.size(); ++t) {
        if (counts[t] == typeCount[t])
          continue;
        unsigned count = __builtin_popcount(pending & ~typeIr[t]);
        if (first < 0 || count > served) {
          first = static_cast<int>(t);
          served = count;
        }
      }
      // Operands served by this order (all of them when no loop remains
      // above B, or none would be canonical: those values are never used).
      uint8_t now = first < 0 || served == 0
                        ? pending
                        : static_cast<uint8_t>(pending & ~typeIr[first]);
      top = size;
      if (first >= 0)
        ordering[top++] = types[first];
      for (unsigned t = 0; t < types.size(); ++t)
        for (unsigned c = counts[t] + (static_cast<int>(t) == first);
             c < typeCount[t]; ++c)
          ordering[top++] = types[t];
      for (unsigned o = 0; o < kNumMemOperands; ++o) {
        if (!ops[o].present)
          continue;
        for (unsigned j = 0; j < ops[o].numLevels; ++j)
          endsCut[o][j] = j + 1 == ops[o].numLevels ? n : size;
        ptr[o] = endsCut[o];
      }
      model.evaluateTemporal(ordering.data(), n, ptr, *cost);
      // Tile bits by the capacity rule the leaves are checked with: exact
      // for the innermost level (its own loops are B) and a lower bound
      // above it (only the loops above B count as reducing there).
      capacity.memoryBits(ordering.data(), n, ptr, memoryBits);
      for (unsigned o = 0; o < kNumMemOperands; ++o) {
        const OperandInfo &oi = ops[o];
        if (!(now >> o & 1))
          continue;
        for (unsigned j = 0; j + 1 < oi.numLevels; ++j) {
          uint64_t s = b * numSlots + oi.slot + j;
          cutEnergy[s] = accessEnergy(*cost, o, j, kFH) +
                         accessEnergy(*cost, o, j, kTH) +
                         accessEnergy(*cost, o, j + 1, kTL) +
                         accessEnergy(*cost, o, j + 1, kFL);
          cutBits[s] = capacity.levelBits(static_cast<MemOperand>(o))[j];
          const unsigned where[4][2] = {
              {j, kFH}, {j, kTH}, {j + 1, kTL}, {j + 1, kFL}};
          for (unsigned k = 0; k < 4; ++k) {
            const OperandLevelCost &lc = cost->operands[o].levels[where[k][0]];
            unsigned d = where[k][1];
            cutTransfer[s * 4 + k] = {lc.realCycles[d],
                                      lc.transfer[d].periodCount,
                                      lc.transfer[d].period};
          }
        }
      }
      pending &= static_cast<uint8_t>(~now);
    }
  }
  minCutBits.assign(numSlots, std::numeric_limits<double>::infinity());
  minCutReal.assign(numSlots * 4, std::numeric_limits<double>::infinity());
  for (uint64_t b = 0; b < numSubsets; ++b)
    for (unsigned s = 0; s < numSlots; ++s) {
      minCutBits[s] = std::min(minCutBits[s], cutBits[b * numSlots + s]);
      for (unsigned k = 0; k < 4; ++k)
        minCutReal[s * 4 + k] =
            std::min(minCutReal[s * 4 + k],
                     cutTransfer[(b * numSlots + s) * 4 + k].real);
    }
  solveInner();
  // Stall terms of open cuts: the least over the sub-multisets of R.
  const double inf = std::numeric_limits<double>::infinity();
  leastStall.assign(numSubsets * numSlots * 4, inf);
  leastBusy.assign(numSubsets * numSlots * 4, inf);
  for (uint64_t b = 0; b < numSubsets; ++b)
    for (unsigned sl = 0; sl < numSlots; ++sl) {
      uint64_t at = (b * numSlots + sl) * 4;
      if (cutBits[b * numSlots + sl] <= room[sl])
        for (unsigned k = 0; k < 4; ++k) {
          const TransferData &t = cutTransfer[at + k];
          double count = std::max(0.0, t.count - 1);
          leastStall[at + k] = std::max(0.0, (t.real - t.period) * count);
          leastBusy[at + k] = t.real * count;
        }
      for (unsigned t = 0; t < types.size(); ++t) {
        if (b / stride[t] % (typeCount[t] + 1) == 0)
          continue;
        uint64_t from = ((b - stride[t]) * numSlots + sl) * 4;
        for (unsigned k = 0; k < 4; ++k) {
          leastStall[at + k] =
              std::min(leastStall[at + k], leastStall[from + k]);
          leastBusy[at + k] = std::min(leastBusy[at + k], leastBusy[from + k]);
        }
      }
    }
}

void ExhaustiveBound::Impl::solveInner() {
  // What each cut may keep in its memory: the memory minus the least any
  // other operand there keeps.
  room.assign(numSlots, std::numeric_limits<double>::infinity());
  // The capacity rule charges O_final where the cost model may charge the
  // partial-sum precision: without a bound on it, the output is not pruned.
  bool skipOutput = finalWider;
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    const OperandInfo &oi = ops[o];
    for (unsigned j = 0; oi.present && j + 1 < oi.numLevels; ++j) {
      if (o == kOut && skipOutput)
        continue;
      double others = 0;
      for (unsigned o2 = 0; o2 < kNumMemOperands; ++o2) {
        const OperandInfo &oi2 = ops[o2];
        for (unsigned j2 = 0; o2 != o && oi2.present && j2 < oi2.numLevels;
             ++j2)
          if (oi2.memory[j2] == oi.memory[j])
            others += j2 + 1 == oi2.numLevels ? topBits[o2]
                                              : minCutBits[oi2.slot + j2];
      }
      room[oi.slot + j] =
          static_cast<double>(hw.memories[oi.memory[j]].sizeBits) - others;
    }
  }
  const double inf = std::numeric_limits<double>::infinity();
  bestInner.assign(numSubsets * numLevelVectors, inf);
  bestInner[0] = 0; // nothing placed, every operand in its level 0
  unsigned levels[kNumMemOperands], raised[kNumMemOperands];
  for (uint64_t b = 0; b < numSubsets; ++b) {
    for (unsigned L = 0; L < numLevelVectors; ++L) {
      double start = bestInner[b * numLevelVectors + L];
      if (start == inf)
        continue;
      for (unsigned o = 0; o < kNumMemOperands; ++o)
        levels[o] = ops[o].present ? L / levelStride[o] % ops[o].numLevels : 0;
      for (unsigned t = 0; t < types.size(); ++t) {
        if (b / stride[t] % (typeCount[t] + 1) == typeCount[t])
          continue;
        uint64_t next = b + stride[t];
        // Inputs whose bottom run of irrelevant loops ends below t.
        double cost = start;
        for (unsigned k = 0; k < numInputs; ++k) {
          unsigned o = inputs[k];
          if ((subsetIrOnly[b] >> o & 1) && !(typeIr[t] >> o & 1))
            cost += innerReadEnergy(o, subsetProduct[b]);
        }
        // Cuts at the top of b: only right below a loop the operand does
        // not merge down (canonical).
        for (unsigned o = 0; o < kNumMemOperands; ++o)
          raised[o] = levels[o];
        while (true) {
          double cutCost = cost;
          bool fits = true;
          unsigned L2 = 0;
          for (unsigned o = 0; o < kNumMemOperands && fits; ++o) {
            if (!ops[o].present)
              continue;
            for (unsigned j = levels[o]; j < raised[o]; ++j) {
              uint64_t s = b * numSlots + ops[o].slot + j;
              cutCost += cutEnergy[s];
              fits &= cutBits[s] <= room[ops[o].slot + j];
            }
            L2 += raised[o] * levelStride[o];
          }
          if (fits) {
            double &slot = bestInner[next * numLevelVectors + L2];
            slot = std::min(slot, cutCost);
          }
          // Next combination of raised levels (mixed radix).
          unsigned o = 0;
          for (; o < kNumMemOperands; ++o) {
            if (!ops[o].present || (typeIr[t] >> o & 1))
              continue;
            if (raised[o] + 1 < ops[o].numLevels) {
              ++raised[o];
              break;
            }
            raised[o] = levels[o];
          }
          if (o == kNumMemOperands)
            break;
        }
      }
    }
  }
}

bool ExhaustiveBound::Impl::closedTransfer(unsigned op, unsigned level,
                                           unsigned dir,
                                           TransferData &out) const {
  const OperandInfo &oi = ops[op];
  if ((dir == kTL || dir == kFL) && level == 0) {
    if (op == kOut) {
      out = outputInner[dir == kTL ? 0 : 1];
      return true;
    }
    if (dir == kFL || !macStKnown[op]) {
      out = TransferData();
      return dir == kFL;
    }
    if (!haveTable) {
      const OperandLevelCost &lc = cost->operands[op].levels[0];
      out = {lc.realCycles[kTL], lc.transfer[kTL].periodCount,
             lc.transfer[kTL].period};
      return true;
    }
    double macSt = macStBound[op];
    out = {innerRead[op].real, std::floor(total / macSt), std::trunc(macSt)};
    return true;
  }
  unsigned cut = (dir == kTL || dir == kFL) ? level - 1 : level;
  if (cut + 1 >= oi.numLevels) { // fh/th of the top memory: never counted
    out = TransferData();
    return true;
  }
  if (cut < lev[op])
    return false;
  if (!haveTable) {
    const OperandLevelCost &lc = cost->operands[op].levels[level];
    out = {lc.realCycles[dir], lc.transfer[dir].periodCount,
           lc.transfer[dir].period};
    return true;
  }
  unsigned k = dir == kFH ? 0 : dir == kTH ? 1 : dir == kTL ? 2 : 3;
  out = cutTransfer[(below[op][cut] * numSlots + oi.slot + cut) * 4 + k];
  return true;
}

double ExhaustiveBound::Impl::smallestReal(unsigned op, unsigned level,
                                           unsigned dir) const {
  // Open cuts: at least the smallest tile any cut there moves.
  if (haveTable) {
    unsigned cut = (dir == kTL || dir == kFL) ? level - 1 : level;
    unsigned k = dir == kFH ? 0 : dir == kTH ? 1 : dir == kTL ? 2 : 3;
    return minCutReal[(ops[op].slot + cut) * 4 + k];
  }
  // At least one element, taking at least a cycle.
  return op == kOut || w.operand(static_cast<MemOperand>(op)).precision > 0 ? 1
                                                                            : 0;
}

double ExhaustiveBound::Impl::minimumOnceCycles(unsigned op,
                                                const PortInfo &port) const {
  // The cost model's once-transfer minimum is the operand's innermost tile
  // (integer mapping); known when the operand has reached its level 0.
  if (!sameVariants || lev[op] != 0 || port.bwMax <= 0)
    return 0;
  double bits;
  if (ops[op].numLevels == 1)
    bits = topBits[op];
  else if (haveTable)
    bits = cutBits[below[op][0] * numSlots + ops[op].slot];
  else
    bits = cost->operands[op].levels[0].bitsPerInstance;
  return std::ceil(bits / port.bwMax);
}

double ExhaustiveBound::Impl::onceLoad(const PortInfo &port, unsigned op,
                                       unsigned level, unsigned dir) const {
  // reduce_balanced over the port's count-1 transfers: element j ends at
  // least at min(c_j, m_j) minus what the others can give up (compat), or at
  // min(c_j, m_j) (corrected).
  double cj = 0, mj = 0, others = 0;
  TransferData t;
  for (const PortActivity &a : port.acts) {
    if (a.op == kOut && (a.dir == kTL || a.dir == kFH))
      continue;
    bool self = a.op == op && a.level == level && a.dir == dir;
    if (!closedTransfer(a.op, a.level, a.dir, t)) {
      if (!mayBeOnce(a.op, a.level, a.dir))
        continue;
      if (a.op != kOut && a.dir == kTL && a.level == 0) {
        others += innerRead[a.op].real; // its whole read, once
        continue;
      }
      return kNegInf;
    }
    if (t.count != 1)
      continue;
    double m = minimumOnceCycles(a.op, port);
    if (self) {
      cj = t.real;
      mj = m;
    } else {
      others += std::max(0.0, t.real - m);
    }
  }
  double floor = std::min(cj, mj);
  return opts.zigzagCompat ? floor - others : floor;
}

double ExhaustiveBound::Impl::loadRecord(unsigned op, unsigned level,
                                         unsigned dir) const {
  unsigned p = ops[op].port[level][dir];
  if (p == kNoPort)
    return 0; // no port: the cost model keeps the record at 0
  TransferData t;
  if (closedTransfer(op, level, dir, t)) {
    if (t.count == 0)
      return 0;
    if (t.count > 1)
      return t.real;
    return onceLoad(ports[p], op, level, dir);
  }
  if (mayBeOnce(op, level, dir))
    return kNegInf;
  return smallestReal(op, level, dir);
}

double ExhaustiveBound::Impl::energyFromTable() const {
  double energy = fixedEnergy;
  unsigned L = 0;
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    const OperandInfo &oi = ops[o];
    if (!oi.present)
      continue;
    L += lev[o] * levelStride[o];
    for (unsigned j = lev[o]; j + 1 < oi.numLevels; ++j)
      energy += cutEnergy[below[o][j] * numSlots + oi.slot + j];
    if (o != kOut && macStKnown[o])
      energy += innerReadEnergy(o, macStBound[o]);
  }
  return energy + bestInner[remaining * numLevelVectors + L];
}

double ExhaustiveBound::Impl::energyFromCompletion() const {
  // The completion's own value for every term: exact for closed cuts, and
  // the least for open ones (a bigger tile below a cut, refilled less
  // often), except the innermost reads of inputs, bounded by the remaining
  // irrelevant loops.
  double energy = cost->energy;
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    const OperandInfo &oi = ops[o];
    if (!oi.present)
      continue;
    for (unsigned m = 0; m < oi.numLevels; ++m) {
      const OperandLevelCost &lc = cost->operands[o].levels[m];
      for (unsigned d = 0; d < kNumDirections; ++d) {
        double acc = lc.accesses[d];
        double unit = isReadDirection(d) ? oi.readCost[m] : oi.writeCost[m];
        if (o != kOut && d == kTL && m == 0) {
          if (!macStKnown[o])
            energy += innerReadEnergy(o, macStBound[o]) - acc * unit;
          continue;
        }
        bool open =
            (d == kTL || d == kFL) ? (m >= 1 && m <= lev[o]) : (m < lev[o]);
        if (!open || acc == 0)
          continue;
        double bound = acc;
        if (o == kOut && finalWider)
          bound = 0;
        else if (!sameVariants)
          bound = std::max(0.0, kFractionalSlack * acc - 1);
        energy -= (acc - bound) * unit;
      }
    }
  }
  return energy;
}

bool ExhaustiveBound::Impl::fitsBound() const {
  if (haveTable) {
    unsigned L = 0;
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      if (ops[o].present)
        L += lev[o] * levelStride[o];
    if (bestInner[remaining * numLevelVectors + L] ==
        std::numeric_limits<double>::infinity())
      return false;
  }
  double bits[64];
  unsigned numMem = std::min<unsigned>(hw.memories.size(), 64);
  std::fill(bits, bits + numMem, 0.0);
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    const OperandInfo &oi = ops[o];
    if (!oi.present || (o == kOut && finalWider))
      continue;
    for (unsigned j = 0; j < oi.numLevels; ++j) {
      if (oi.memory[j] >= numMem)
        continue;
      double b;
      if (j + 1 == oi.numLevels)
        b = topBits[o];
      else if (j < lev[o])
        b = haveTable ? minCutBits[oi.slot + j] : 0;
      else if (haveTable)
        b = cutBits[below[o][j] * numSlots + oi.slot + j];
      else
        b = cost->operands[o].levels[j].bitsPerInstance;
      bits[oi.memory[j]] += b;
    }
  }
  for (unsigned m = 0; m < numMem; ++m)
    if (bits[m] > static_cast<double>(hw.memories[m].sizeBits))
      return false;
  return true;
}

double ExhaustiveBound::Impl::latencyBound() const {
  // Stall: per port, every closed transfer stalls at least (R - P)(N - 1)
  // (its allowed window is at most its period), and all of them together at
  // least sum R (N - 1) - total (the union of windows spans at most the
  // layer's cycles).
  double stall = 0;
  TransferData t;
  for (const PortInfo &port : ports) {
    double positive = 0, busy = 0;
    for (const PortActivity &a : port.acts) {
      if (a.op != kOut && a.dir == kTL && a.level == 0 && !macStKnown[a.op]) {
        double count = std::floor(total / macStBound[a.op]);
        busy += innerRead[a.op].real * std::max(0.0, count - 1);
        continue;
      }
      if (!closedTransfer(a.op, a.level, a.dir, t)) {
        // An open cut: the least any cut it can still get would cost.
        if (haveTable && !mayBeOnce(a.op, a.level, a.dir)) {
          unsigned cut = (a.dir == kTL || a.dir == kFL) ? a.level - 1 : a.level;
          unsigned k = a.dir == kFH   ? 0
                       : a.dir == kTH ? 1
                       : a.dir == kTL ? 2
                                      : 3;
          uint64_t at = (remaining * numSlots + ops[a.op].slot + cut) * 4 + k;
          // Output transfers to below may be off (no partial sums).
          if (!(a.op == kOut && (a.dir == kTL || a.dir == kFH))) {
            positive += leastStall[at];
            busy += leastBusy[at];
          }
        }
        continue;
      }
      if (t.count == 0)
        continue;
      positive += std::max(0.0, (t.real - t.period) * (t.count - 1));
      busy += t.real * (t.count - 1);
    }
    stall = std::max({stall, positive, busy - total});
  }

  // On-loading: the cost model's formula on bounds of its records (it is
  // monotone in each record).
  detail::OnloadSums sums;
  for (unsigned k = 0; k < numInputs; ++k) {
    unsigned o = inputs[k];
    for (unsigned m = 0; m + 1 < ops[o].numLevels; ++m)
      sums.add(k, std::max(loadRecord(o, m, kFH), loadRecord(o, m + 1, kTL)),
               sharedRecord(o, m, kFH), sharedRecord(o, m + 1, kTL),
               opts.zigzagCompat);
  }
  double onload = sums.total(numInputs, opts.zigzagCompat);
  double offload = 0;
  for (unsigned m = 0; m + 1 < ops[kOut].numLevels; ++m)
    offload += std::max(loadRecord(kOut, m, kTH), loadRecord(kOut, m + 1, kFL));
  double latency = total + stall + onload + offload;
  return std::isnan(latency) ? kNegInf : latency;
}

bool ExhaustiveBound::Impl::fitsMemories(const Mapping &m) {
  mappingMemoryBits(w, hw, m, opts.flavor, memoryBits);
  return capacity.overflowingMemory(memoryBits) < 0;
}

bool ExhaustiveBound::Impl::fitsMemories(
    const LoopFactor *loops, unsigned n,
    const unsigned *const levelEnds[kNumMemOperands]) {
  capacity.memoryBits(loops, n, levelEnds, memoryBits);
  return capacity.overflowingMemory(memoryBits) < 0;
}

ExhaustiveBound::ExhaustiveBound(const Workload &w, const Hardware &hw,
                                 CostModelOptions options)
    : impl(std::make_unique<Impl>(w, hw, options)) {
  impl->initialise();
}
ExhaustiveBound::~ExhaustiveBound() = default;
ExhaustiveBound::ExhaustiveBound(ExhaustiveBound &&) noexcept = default;
ExhaustiveBound &
ExhaustiveBound::operator=(ExhaustiveBound &&) noexcept = default;

const std::string &ExhaustiveBound::setupError() const { return impl->error; }

bool ExhaustiveBound::hasTable() const { return impl->haveTable; }

void ExhaustiveBound::setTableLimit(uint64_t maxSubsets) {
  impl->tableLimit = std::min(maxSubsets, kMaxTableSubsets);
}

void ExhaustiveBound::setSpatial(
    const std::vector<std::vector<LoopFactor>> &spatial,
    const std::vector<LoopFactor> &temporalLoops) {
  Impl &s = *impl;
  s.model.setSpatial(spatial);
  s.capacity.setSpatial(spatial);
  s.sameVariants = convertSpatialFactors(s.w, s.hw, spatial, false) ==
                   convertSpatialFactors(s.w, s.hw, spatial, true);
  s.n = temporalLoops.size();
  s.unitLoops = false;
  for (const LoopFactor &lf : temporalLoops)
    s.unitLoops |= lf.factor == 1;
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    s.allIrrelevant[o] = true;
    for (const LoopFactor &lf : temporalLoops)
      s.allIrrelevant[o] &= s.isIr(o, lf);
  }
  s.buildTable(temporalLoops);
}

const ExhaustiveBound::Result &
ExhaustiveBound::compute(const LoopFactor *loops, unsigned n, unsigned p,
                         const unsigned *const levelEnds[kNumMemOperands],
                         const unsigned openLevel[kNumMemOperands]) {
  Impl &s = *impl;
  s.typeAt.resize(n);
  s.remainingCount.assign(s.types.size(), 0);
  for (unsigned k = 0; k < n; ++k) {
    s.typeAt[k] = static_cast<uint8_t>(s.typeOf(loops[k]));
    if (k < p)
      ++s.remainingCount[s.typeAt[k]];
  }
  return compute(s.typeAt.data(), s.remainingCount.data(), loops, n, p,
                 levelEnds, openLevel);
}

const ExhaustiveBound::Result &
ExhaustiveBound::compute(const uint8_t *typeAt, const uint8_t *remainingCount,
                         const LoopFactor *loops, unsigned n, unsigned p,
                         const unsigned *const levelEnds[kNumMemOperands],
                         const unsigned openLevel[kNumMemOperands]) {
  Impl &s = *impl;
  Result &r = s.result;
  const unsigned *ptr[kNumMemOperands] = {};
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    if (!s.ops[o].present)
      continue;
    unsigned top = s.ops[o].numLevels - 1;
    s.lev[o] = std::min(openLevel[o], top);
    for (unsigned j = 0; j <= top; ++j)
      s.ends[o][j] = j < s.lev[o] ? p : levelEnds[o][j];
    ptr[o] = s.ends[o];
  }
  r.complete = p == 0;
  r.cost = nullptr;
  if (r.complete || !s.haveTable) {
    s.model.evaluateTemporal(loops, n, ptr, *s.cost);
    r.cost = s.cost.get();
  }
  if (r.complete) {
    r.energy = s.cost->energy;
    r.latency = s.cost->latency;
    r.fits = s.fitsMemories(loops, n, ptr);
    return r;
  }
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    if (!s.ops[o].present)
      continue;
    if (s.unitLoops) {
      // A placed loop the operand cannot merge down into its open levels.
      double placed = 1;
      for (unsigned k = p; k < n; ++k)
        if (!(s.typeIr[typeAt[k]] >> o & 1))
          placed *= static_cast<double>(s.types[typeAt[k]].factor);
      s.surelyMany[o] = placed >= 2;
    }
    if (o == kOut)
      continue;
    // The bottom run of irrelevant loops: exact once only irrelevant loops
    // remain, else at most the product of the remaining irrelevant ones.
    bool allIr = true;
    double irProduct = 1;
    for (unsigned t = 0; t < s.types.size(); ++t) {
      if (!remainingCount[t])
        continue;
      if (s.typeIr[t] >> o & 1)
        irProduct *=
            std::pow(static_cast<double>(s.types[t].factor), remainingCount[t]);
      else
        allIr = false;
    }
    if (allIr)
      for (unsigned k = p; k < n && (s.typeIr[typeAt[k]] >> o & 1); ++k)
        irProduct *= static_cast<double>(s.types[typeAt[k]].factor);
    s.macStKnown[o] = allIr;
    s.macStBound[o] = irProduct;
  }
  if (s.haveTable) {
    s.remaining = 0;
    for (unsigned t = 0; t < s.types.size(); ++t)
      s.remaining += static_cast<uint64_t>(remainingCount[t]) * s.stride[t];
    for (unsigned o = 0; o < kNumMemOperands; ++o) {
      if (!s.ops[o].present)
        continue;
      uint64_t b = s.remaining;
      unsigned k = p;
      for (unsigned j = s.lev[o]; j + 1 < s.ops[o].numLevels; ++j) {
        for (; k < s.ends[o][j]; ++k)
          b += s.stride[typeAt[k]];
        s.below[o][j] = b;
      }
    }
    r.energy = s.energyFromTable();
  } else {
    r.energy = s.energyFromCompletion();
  }
  r.fits = s.fitsBound();
  r.latency = s.latencyBound();
  // The bounds add the same terms in another order than the cost model: a
  // little slack keeps exact ties with complete mappings explorable.
  r.energy -= kRoundingSlack * std::abs(r.energy);
  r.latency -= kRoundingSlack * std::abs(r.latency);
  return r;
}

bool ExhaustiveBound::fitsMemories(const Mapping &m) const {
  return impl->fitsMemories(m);
}

//===----------------------------------------------------------------------===//
// The branch-and-bound
//===----------------------------------------------------------------------===//

namespace {

using Clock = std::chrono::steady_clock;

/// A distinct temporal loop (loop, factor) of the space.
struct LoopType {
  LoopFactor loop;
  /// The loop's class for every operand: equal signatures commute.
  uint32_t signature = 0;
  /// Bit o: irrelevant to operand o (no cut of o may sit right below it).
  uint8_t irMask = 0;
};

/// A partial mapping: positions [p, n) placed, cuts at or above p decided.
struct Node {
  uint8_t p = 0;
  uint8_t lev[kNumMemOperands] = {};
  uint8_t ends[kNumMemOperands][kMaxLevels] = {};
  uint8_t seq[kMaxLoops] = {};
  uint8_t count[kMaxLoops] = {};
};

struct Bounds {
  double energy = 0, latency = 0;
};

/// The best mapping known, with its cost.
struct Incumbent {
  bool valid = false;
  double energy = 0, latency = 0;
  bool fromSearch = false; // false: the LOMA seed
  unsigned spatial = 0;
  Node leaf;
};

/// Strictly better by the criterion (ties keep the earlier mapping).
bool better(double energy, double latency, const Incumbent &inc,
            SearchCriterion criterion) {
  if (!inc.valid)
    return true;
  switch (criterion) {
  case SearchCriterion::Latency:
    return latency < inc.latency ||
           (latency == inc.latency && energy < inc.energy);
  case SearchCriterion::Energy:
    return energy < inc.energy ||
           (energy == inc.energy && latency < inc.latency);
  case SearchCriterion::EDP:
    return energy * latency < inc.energy * inc.latency;
  }
  return false;
}

/// No completion of a node with these bounds beats the incumbent.
bool dominated(const Bounds &b, const Incumbent &inc,
               SearchCriterion criterion) {
  if (!inc.valid)
    return false;
  switch (criterion) {
  case SearchCriterion::Latency:
    return b.latency > inc.latency ||
           (b.latency >= inc.latency && b.energy >= inc.energy);
  case SearchCriterion::Energy:
    return b.energy > inc.energy ||
           (b.energy >= inc.energy && b.latency >= inc.latency);
  case SearchCriterion::EDP:
    return std::max(0.0, b.energy) * std::max(0.0, b.latency) >=
           inc.energy * inc.latency;
  }
  return false;
}

/// The metric the gap is measured on.
double primary(const Bounds &b, SearchCriterion criterion) {
  switch (criterion) {
  case SearchCriterion::Latency:
    return b.latency;
  case SearchCriterion::Energy:
    return b.energy;
  case SearchCriterion::EDP:
    return std::max(0.0, b.energy) * std::max(0.0, b.latency);
  }
  return 0;
}

/// Sort key of children: most promising first.
bool promisingFirst(const Bounds &a, const Bounds &b,
                    SearchCriterion criterion) {
  switch (criterion) {
  case SearchCriterion::Latency:
    if (a.latency != b.latency)
      return a.latency < b.latency;
    return a.energy < b.energy;
  case SearchCriterion::Energy:
    if (a.energy != b.energy)
      return a.energy < b.energy;
    return a.latency < b.latency;
  case SearchCriterion::EDP:
    return primary(a, criterion) < primary(b, criterion);
  }
  return false;
}

/// Everything about one spatial candidate's temporal space.
struct Space {
  SearchCriterion criterion = SearchCriterion::Latency;
  TemporalMappingType temporalType = TemporalMappingType::Uneven;
  unsigned n = 0;
  std::vector<LoopType> types;
  std::vector<uint8_t> initialCount; // per type
  /// Per position: the type it must hold (complete temporal_ordering), or
  /// -1.
  std::vector<int> fixedType;
  /// Per position: a temporal_ordering constraint (loop, size; size 0 =
  /// any) or loop -1.
  std::vector<std::pair<int, int64_t>> constraint;
  bool present[kNumMemOperands] = {};
  unsigned numLevels[kNumMemOperands] = {};
  /// Per memory: the (operand, level) pairs it holds (for even mappings).
  std::vector<std::vector<std::pair<unsigned, unsigned>>> memoryLevels;

  bool constrained(unsigned position) const {
    return position < n &&
           (constraint[position].first >= 0 || fixedType[position] >= 0);
  }
};

/// A child of a node, with its bounds, in generation order.
struct Child {
  Node node;
  Bounds bounds;
  unsigned order = 0;
};

/// Outcome of one subtree search.
struct TaskResult {
  Incumbent best; // valid only if it improved on the incumbent it started
  uint64_t nodes = 0, leaves = 0;
  bool stopped = false;
  std::vector<Child> open; // unexplored subtrees when stopped
};

class Worker {
public:
  Worker(const Workload &w, const Hardware &hw, const CostModelOptions &cmo)
      : bound(w, hw, cmo) {}

  ExhaustiveBound bound;

  void setSpace(const Space *space, unsigned spatialIndex,
                const std::vector<std::vector<LoopFactor>> &spatial) {
    this->space = space;
    this->spatialIndex = spatialIndex;
    std::vector<LoopFactor> all;
    for (unsigned t = 0; t < space->types.size(); ++t)
      for (unsigned c = 0; c < space->initialCount[t]; ++c)
        all.push_back(space->types[t].loop);
    bound.setSpatial(spatial, all);
    loops.resize(space->n);
    if (children.size() < space->n + 2)
      children.resize(space->n + 2);
  }

  /// The root's children: every combination of cuts above all loops.
  void rootChildren(std::vector<Child> &out) {
    Node root;
    root.p = static_cast<uint8_t>(space->n);
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      if (space->present[o]) {
        root.lev[o] = static_cast<uint8_t>(space->numLevels[o] - 1);
        root.ends[o][space->numLevels[o] - 1] = static_cast<uint8_t>(space->n);
      }
    for (unsigned t = 0; t < space->types.size(); ++t)
      root.count[t] = space->initialCount[t];
    out.clear();
    addCutCombinations(root, /*allowCuts=*/0xff, out);
    sortChildren(out);
  }

  /// Children of `node` (placing position p - 1), bounded, unpromising ones
  /// dropped, complete ones offered to the incumbent; most promising first.
  void expand(const Node &node, std::vector<Child> &out) {
    out.clear();
    unsigned p = node.p, q = p - 1, n = space->n;
    bool cutAtP = false;
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      if (space->present[o])
        for (unsigned j = node.lev[o]; j + 1 < space->numLevels[o]; ++j)
          cutAtP |= node.ends[o][j] == p;
    for (unsigned t = 0; t < space->types.size(); ++t) {
      if (node.count[t] == 0)
        continue;
      if (space->fixedType[q] >= 0 &&
          space->fixedType[q] != static_cast<int>(t))
        continue;
      const auto &c = space->constraint[q];
      const LoopFactor &lf = space->types[t].loop;
      if (c.first >= 0 && (static_cast<int>(lf.loop) != c.first ||
                           (c.second != 0 && lf.factor != c.second)))
        continue;
      // Adjacent loops with the same class for every operand commute when
      // no cut separates them: keep them in type order.
      if (p < n && !cutAtP && !space->constrained(q) &&
          !space->constrained(p) &&
          space->types[t].signature == space->types[node.seq[p]].signature &&
          t > node.seq[p])
        continue;
      Node child = node;
      child.p = static_cast<uint8_t>(q);
      child.seq[q] = static_cast<uint8_t>(t);
      --child.count[t];
      uint8_t irMask = space->types[t].irMask;
      if (q == 0) {
        // The remaining levels are empty: a cut right below an irrelevant
        // loop is the same mapping as one further up (merge-down).
        bool canonical = true;
        for (unsigned o = 0; o < kNumMemOperands; ++o)
          if (space->present[o] && child.lev[o] > 0) {
            canonical &= !(irMask & (1u << o));
            for (unsigned j = 0; j < child.lev[o]; ++j)
              child.ends[o][j] = 0;
            child.lev[o] = 0;
          }
        if (canonical)
          leaf(child);
        continue;
      }
      addCutCombinations(child, static_cast<uint8_t>(~irMask), out);
    }
    sortChildren(out);
  }

  /// Depth-first search below `node` with the incumbent `inc` (updated).
  void search(const Node &node, unsigned depth) {
    std::vector<Child> &kids = children[depth];
    expand(node, kids);
    for (unsigned k = 0; k < kids.size(); ++k) {
      if (stopNow()) {
        for (unsigned r = k; r < kids.size(); ++r)
          if (!dominated(kids[r].bounds, inc, space->criterion))
            result.open.push_back(kids[r]);
        result.stopped = true;
        return;
      }
      if (dominated(kids[k].bounds, inc, space->criterion))
        continue;
      search(kids[k].node, depth + 1);
    }
  }

  /// Runs one task: the subtree below `node`.
  void runTask(const Node &node, const Incumbent &start, uint64_t cap,
               const std::atomic<bool> *deadline) {
    inc = start;
    inc.fromSearch = false;
    result = TaskResult();
    nodeCap = cap;
    this->deadline = deadline;
    improved = false;
    search(node, 0);
    if (improved)
      result.best = inc;
  }

  Incumbent inc;
  TaskResult result;
  const std::atomic<bool> *deadline = nullptr;
  uint64_t nodeCap = 0;

private:
  bool stopNow() const {
    if (nodeCap && result.nodes >= nodeCap)
      return true;
    return deadline && deadline->load(std::memory_order_relaxed);
  }

  void sortChildren(std::vector<Child> &out) const {
    SearchCriterion criterion = space->criterion;
    std::sort(out.begin(), out.end(), [&](const Child &a, const Child &b) {
      if (promisingFirst(a.bounds, b.bounds, criterion))
        return true;
      if (promisingFirst(b.bounds, a.bounds, criterion))
        return false;
      return a.order < b.order;
    });
  }

  /// Fills `loops` with the node's ordering (remaining loops in type order).
  void materialise(const Node &node) {
    unsigned k = 0;
    for (unsigned t = 0; t < space->types.size(); ++t)
      for (unsigned c = 0; c < node.count[t]; ++c)
        loops[k++] = space->types[t].loop;
    for (unsigned pos = node.p; pos < space->n; ++pos)
      loops[pos] = space->types[node.seq[pos]].loop;
  }

  const ExhaustiveBound::Result &evaluate(const Node &node) {
    // The loops themselves are only needed to evaluate a mapping.
    if (node.p == 0 || !bound.hasTable())
      materialise(node);
    unsigned ends[kNumMemOperands][kMaxLevels];
    const unsigned *ptr[kNumMemOperands] = {};
    unsigned lev[kNumMemOperands] = {};
    for (unsigned o = 0; o < kNumMemOperands; ++o) {
      if (!space->present[o])
        continue;
      for (unsigned j = 0; j < space->numLevels[o]; ++j)
        ends[o][j] = node.ends[o][j];
      ptr[o] = ends[o];
      lev[o] = node.lev[o];
    }
    ++result.nodes;
    return bound.compute(node.seq, node.count, loops.data(), space->n, node.p,
                         ptr, lev);
  }

  /// Every combination of cuts at position node.p (operands whose bit in
  /// `allowCuts` is clear keep their level), bounded.
  void addCutCombinations(const Node &node, uint8_t allowCuts,
                          std::vector<Child> &out) {
    unsigned choices[kNumMemOperands];
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      choices[o] =
          space->present[o] && (allowCuts & (1u << o)) ? node.lev[o] + 1u : 1u;
    unsigned combos = choices[0] * choices[1] * choices[2];
    for (unsigned c = 0; c < combos; ++c) {
      Node child = node;
      unsigned rest = c;
      for (unsigned o = 0; o < kNumMemOperands; ++o) {
        unsigned down = rest % choices[o];
        rest /= choices[o];
        for (unsigned j = node.lev[o] - down; j < node.lev[o]; ++j)
          child.ends[o][j] = node.p;
        child.lev[o] = static_cast<uint8_t>(node.lev[o] - down);
      }
      const ExhaustiveBound::Result &r = evaluate(child);
      if (!r.fits)
        continue;
      Bounds b{r.energy, r.latency};
      if (dominated(b, inc, space->criterion))
        continue;
      out.push_back({child, b, static_cast<unsigned>(out.size())});
    }
  }

  /// Even mappings: operands sharing a memory cut at the same point.
  bool evenOk(const Node &node) const {
    for (const auto &levels : space->memoryLevels) {
      if (levels.size() < 2)
        continue;
      for (const auto &[a, ja] : levels) {
        unsigned endA = node.ends[a][ja];
        unsigned startA = ja == 0 ? 0 : node.ends[a][ja - 1];
        if (endA == startA)
          continue;
        for (const auto &[b, jb] : levels)
          if (b != a && endA > node.ends[b][jb])
            return false;
      }
    }
    return true;
  }

  void leaf(const Node &node) {
    const ExhaustiveBound::Result &r = evaluate(node);
    ++result.leaves;
    if (!r.fits)
      return;
    if (space->temporalType == TemporalMappingType::Even && !evenOk(node))
      return;
    if (!better(r.energy, r.latency, inc, space->criterion))
      return;
    inc.valid = true;
    inc.energy = r.energy;
    inc.latency = r.latency;
    inc.fromSearch = true;
    inc.spatial = spatialIndex;
    inc.leaf = node;
    improved = true;
  }

  const Space *space = nullptr;
  unsigned spatialIndex = 0;
  std::vector<LoopFactor> loops;
  std::vector<std::vector<Child>> children;
  bool improved = false; // this task found a better mapping than `start`
};

/// Subtrees per wave: a constant, so the incumbent each subtree starts from
/// (the best of the earlier waves) does not depend on the thread count.
constexpr unsigned kWaveSize = 16;
/// The frontier is expanded breadth-first until it has this many subtrees.
constexpr unsigned kMinTasks = 48;
/// A subtree gets at least this many nodes of a node budget.
constexpr uint64_t kMinTaskNodes = 256;

/// Builds the space of one spatial candidate; "" or why it has none.
std::string buildSpace(const Workload &w,
                       const std::vector<int64_t> &temporalSizes,
                       const std::vector<TemporalOrderingEntry> &entries,
                       const std::vector<OrderingConstraint> &constraints,
                       Space &space) {
  std::vector<LoopFactor> factors;
  std::vector<LoopFactor> fixed;
  bool complete = completeTemporalOrdering(entries, temporalSizes, fixed);
  if (complete) {
    factors = fixed;
  } else {
    Loma loma;
    std::string problem = loma.init(
        w, temporalSizes, std::numeric_limits<unsigned>::max(), constraints);
    if (!problem.empty())
      return problem;
    factors = loma.factors();
  }
  if (factors.size() > kMaxLoops)
    return "the full prime factorisation has " +
           std::to_string(factors.size()) + " temporal loops (at most " +
           std::to_string(kMaxLoops) + ")";
  std::array<std::vector<LoopClass>, kNumMemOperands> cls = classifyLoops(w);
  space.n = factors.size();
  space.types.clear();
  space.initialCount.clear();
  space.fixedType.assign(space.n, -1);
  space.constraint.assign(space.n, {-1, 0});
  auto typeOf = [&](const LoopFactor &lf) {
    for (unsigned t = 0; t < space.types.size(); ++t)
      if (space.types[t].loop == lf)
        return t;
    LoopType type;
    type.loop = lf;
    for (unsigned o = 0; o < kNumMemOperands; ++o) {
      if (!space.present[o])
        continue;
      LoopClass c = lf.loop < cls[o].size() ? cls[o][lf.loop] : LoopClass::None;
      type.signature |= static_cast<uint32_t>(c) << (2 * o);
      if (c == LoopClass::IR)
        type.irMask |= static_cast<uint8_t>(1u << o);
    }
    space.types.push_back(type);
    space.initialCount.push_back(0);
    return static_cast<unsigned>(space.types.size() - 1);
  };
  for (unsigned k = 0; k < factors.size(); ++k) {
    unsigned t = typeOf(factors[k]);
    ++space.initialCount[t];
    if (complete)
      space.fixedType[k] = static_cast<int>(t);
  }
  if (!complete)
    for (const OrderingConstraint &c : constraints) {
      int index =
          c.position >= 0 ? c.position : static_cast<int>(space.n) + c.position;
      if (index >= 0 && index < static_cast<int>(space.n))
        space.constraint[index] = {static_cast<int>(c.loop), c.size};
    }
  return "";
}

} // namespace

SearchResult searchLayerExhaustive(const Workload &original,
                                   const Hardware &accelerator,
                                   const MappingSpecEntry *entry,
                                   const SearchOptions &options,
                                   const ExhaustiveOptions &exhaustive,
                                   ExhaustiveStats *statsOut) {
  // DeFiNES's Add layers (both inputs on I1) run where I2 follows I1.
  std::optional<Hardware> sharedHw;
  if (entry && inputsShareI1(original, *entry))
    sharedHw = shareI1ChainWithI2(accelerator);
  const Hardware &hw = sharedHw ? *sharedHw : accelerator;
  ExhaustiveStats stats;
  auto started = Clock::now();
  SearchResult seed;
  if (exhaustive.seedWithLoma) {
    seed = searchLayer(original, hw, entry, options);
    stats.lomaFound = seed.found;
    if (seed.found) {
      stats.lomaEnergy = seed.cost.energy;
      stats.lomaLatency = seed.cost.latency;
    }
  }

  SearchResult result;
  Workload w = original;
  if (entry)
    applyMemoryOperandLinks(w, *entry);
  std::string layerName = !w.name.empty() ? w.name : w.opName;
  auto finish = [&](SearchResult r) {
    if (statsOut)
      *statsOut = stats;
    r.sharedI1 = sharedHw.has_value();
    return r;
  };
  if (exhaustive.seedWithLoma && !seed.found &&
      seed.error.find("no valid mapping") == std::string::npos)
    return finish(seed); // the layer itself cannot be searched

  CostModelOptions costOptions = options.costModel;
  costOptions.zigzagCompat = options.zigzagCompat;
  unsigned numThreads = options.threads;
  if (numThreads == 0)
    numThreads = std::max(1u, std::thread::hardware_concurrency());

  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned t = 0; t < numThreads; ++t)
    workers.push_back(std::make_unique<Worker>(w, hw, costOptions));
  if (!workers[0]->bound.setupError().empty()) {
    result.error =
        "layer '" + layerName + "': " + workers[0]->bound.setupError();
    return finish(result);
  }

  SpatialMappingGenerator generator(w, hw, entry,
                                    spatialGeneratorOptions(options));
  std::vector<SpatialMapping> spatialMappings;
  std::string spatialError = generator.generate(spatialMappings);
  result.notes = generator.notes();
  if (!spatialError.empty()) {
    result.error = "layer '" + layerName + "': " + spatialError;
    return finish(result);
  }
  std::vector<TemporalOrderingEntry> orderingEntries;
  if (entry)
    orderingEntries = resolveTemporalOrdering(w, entry->temporalOrdering,
                                              options.zigzagCompat, nullptr);
  std::vector<OrderingConstraint> constraints =
      orderingConstraints(orderingEntries);

  Incumbent incumbent;
  if (seed.found) {
    incumbent.valid = true;
    incumbent.energy = seed.cost.energy;
    incumbent.latency = seed.cost.latency;
  }

  std::atomic<bool> deadlinePassed{false};
  auto checkDeadline = [&] {
    if (exhaustive.maxSeconds > 0 &&
        std::chrono::duration<double>(Clock::now() - started).count() >
            exhaustive.maxSeconds)
      deadlinePassed = true;
    return deadlinePassed.load();
  };
  uint64_t remaining = exhaustive.maxNodes;
  bool limited = exhaustive.maxNodes > 0;
  std::vector<Bounds> openNodes; // of subtrees a budget left unexplored
  std::string firstError;
  std::vector<Space> spaces(spatialMappings.size());
  std::vector<int64_t> temporalSizes;

  for (unsigned s = 0; s < spatialMappings.size(); ++s) {
    const SpatialMapping &spatial = spatialMappings[s];
    ++result.spatialMappings;
    Space &space = spaces[s];
    space.criterion = options.criterion;
    space.temporalType = options.temporalType;
    for (MemOperand op : kAllMemOperands) {
      unsigned o = static_cast<unsigned>(op);
      space.present[o] = op == MemOperand::O || w.operand(op).present;
      space.numLevels[o] = space.present[o] ? hw.hierarchy(op).size() : 0;
    }
    space.memoryLevels.assign(hw.memories.size(), {});
    for (unsigned o = 0; o < kNumMemOperands; ++o) {
      std::vector<unsigned> levels =
          space.present[o] ? hw.hierarchy(static_cast<MemOperand>(o))
                           : std::vector<unsigned>();
      for (unsigned j = 0; j < levels.size(); ++j)
        space.memoryLevels[levels[j]].push_back({o, j});
    }
    temporalLoopSizes(w, spatial, temporalSizes);
    std::string problem =
        buildSpace(w, temporalSizes, orderingEntries, constraints, space);
    if (!problem.empty()) {
      if (firstError.empty())
        firstError = problem;
      continue;
    }
    for (std::unique_ptr<Worker> &worker : workers)
      worker->setSpace(&space, s, spatial);

    // This candidate's share of the node budget.
    uint64_t budget = limited ? remaining / (spatialMappings.size() - s) : 0;
    uint64_t used = 0;
    auto exhausted = [&] {
      return (limited && used >= budget) || checkDeadline();
    };

    // Frontier: breadth-first, in order, until there are enough subtrees.
    Worker &main = *workers[0];
    main.inc = incumbent;
    main.result = TaskResult();
    main.nodeCap = 0;
    main.deadline = nullptr;
    std::vector<Child> queue, next, kids;
    main.rootChildren(queue);
    while (queue.size() < kMinTasks && !exhausted()) {
      next.clear();
      bool grew = false;
      for (const Child &child : queue) {
        if (dominated(child.bounds, main.inc, options.criterion))
          continue;
        if (exhausted()) {
          next.push_back(child);
          continue;
        }
        main.expand(child.node, kids);
        used = main.result.nodes;
        grew = true;
        next.insert(next.end(), kids.begin(), kids.end());
      }
      queue.swap(next);
      if (!grew)
        break;
    }
    used = main.result.nodes;
    stats.nodes += main.result.nodes;
    stats.leaves += main.result.leaves;
    if (main.inc.valid &&
        better(main.inc.energy, main.inc.latency, incumbent, options.criterion))
      incumbent = main.inc;

    // Subtrees in waves, most promising first (a good incumbent early prunes
    // the rest). A subtree that reaches its share of the budget stops; its
    // unexplored children go back into the queue.
    auto byPromise = [&](const Child &a, const Child &b) {
      return promisingFirst(a.bounds, b.bounds, options.criterion);
    };
    std::stable_sort(queue.begin(), queue.end(), byPromise);
    std::vector<TaskResult> results(kWaveSize);
    size_t head = 0;
    while (head < queue.size() && !exhausted()) {
      size_t count = std::min<size_t>(kWaveSize, queue.size() - head);
      uint64_t cap = 0;
      if (limited) {
        // An equal share of what is left, at least kMinTaskNodes (but no
        // more than the wave can afford): the wave stays within the budget
        // up to one expansion per subtree.
        uint64_t left = budget - used;
        cap = std::max<uint64_t>(
            std::max<uint64_t>(1,
                               std::min<uint64_t>(kMinTaskNodes, left / count)),
            left / (queue.size() - head));
      }
      Incumbent start = incumbent;
      std::atomic<size_t> nextTask{0};
      auto run = [&](unsigned workerIndex) {
        Worker &worker = *workers[workerIndex];
        for (size_t k; (k = nextTask.fetch_add(1)) < count;) {
          const Child &task = queue[head + k];
          if (dominated(task.bounds, start, options.criterion)) {
            results[k] = TaskResult();
            continue;
          }
          worker.runTask(task.node, start, cap,
                         exhaustive.maxSeconds > 0 ? &deadlinePassed : nullptr);
          results[k] = std::move(worker.result);
        }
      };
      unsigned helpers = std::min<unsigned>(workers.size(), count) - 1;
      std::vector<std::thread> threads;
      std::atomic<bool> watching{exhaustive.maxSeconds > 0};
      std::thread watchdog;
      if (exhaustive.maxSeconds > 0)
        watchdog = std::thread([&] {
          while (watching && !checkDeadline())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        });
      for (unsigned h = 1; h <= helpers; ++h)
        threads.emplace_back(run, h);
      run(0);
      for (std::thread &thread : threads)
        thread.join();
      watching = false;
      if (watchdog.joinable())
        watchdog.join();
      head += count;
      next.clear();
      for (size_t k = 0; k < count; ++k) {
        TaskResult &r = results[k];
        used += r.nodes;
        stats.nodes += r.nodes;
        stats.leaves += r.leaves;
        next.insert(next.end(), r.open.begin(), r.open.end());
        if (r.best.valid && r.best.fromSearch &&
            better(r.best.energy, r.best.latency, incumbent, options.criterion))
          incumbent = r.best;
      }
      if (!next.empty()) {
        queue.erase(queue.begin(), queue.begin() + head);
        head = 0;
        queue.insert(queue.end(), next.begin(), next.end());
        std::stable_sort(queue.begin(), queue.end(), byPromise);
      }
    }
    for (size_t k = head; k < queue.size(); ++k)
      openNodes.push_back(queue[k].bounds);
    if (limited)
      remaining -= std::min(remaining, used);
  }

  if (!incumbent.valid) {
    if (seed.found)
      return finish(seed);
    result.error =
        "layer '" + layerName + "': no valid mapping" +
        (firstError.empty() ? std::string() : " (" + firstError + ")");
    if (!seed.error.empty() && firstError.empty())
      result.error = seed.error;
    if (!openNodes.empty()) {
      result.error =
          "layer '" + layerName + "': no mapping found within the budget";
      stats.stoppedBy = deadlinePassed ? "seconds" : "nodes";
    }
    return finish(result);
  }

  Bounds best{incumbent.energy, incumbent.latency};
  double bestPrimary = primary(best, options.criterion);
  // Subtrees left unexplored that could still hold a better mapping.
  double openBound = std::numeric_limits<double>::infinity();
  bool open = false;
  for (const Bounds &b : openNodes)
    if (!dominated(b, incumbent, options.criterion)) {
      open = true;
      openBound = std::min(openBound, primary(b, options.criterion));
    }
  stats.optimal = !open;
  stats.stoppedBy = stats.optimal ? "" : deadlinePassed ? "seconds" : "nodes";
  stats.lowerBound = std::min(bestPrimary, std::max(0.0, openBound));
  stats.gap =
      bestPrimary > 0 ? (bestPrimary - stats.lowerBound) / bestPrimary : 0;
  if (stats.gap < 1e-9) // the bounds' rounding slack, not a gap
    stats.gap = 0;
  stats.improvedOnSeed = incumbent.fromSearch;

  if (!incumbent.fromSearch) {
    seed.evaluated += stats.leaves;
    return finish(seed);
  }
  const Space &space = spaces[incumbent.spatial];
  const Node &leaf = incumbent.leaf;
  Mapping mapping;
  mapping.spatial = spatialMappings[incumbent.spatial];
  for (unsigned k = 0; k < space.n; ++k)
    mapping.temporal.push_back(space.types[leaf.seq[k]].loop);
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    if (space.present[o])
      mapping.levelEnds[o].assign(leaf.ends[o],
                                  leaf.ends[o] + space.numLevels[o]);
  // Adjacent factors of one loop that no cut separates are one loop.
  Mapping merged = mapping;
  merged.temporal.clear();
  std::vector<unsigned> newIndex(space.n + 1, 0);
  for (unsigned k = 0; k < space.n; ++k) {
    bool cut = false;
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      for (unsigned e : mapping.levelEnds[o])
        cut |= e == k;
    if (k > 0 && !cut &&
        mapping.temporal[k].loop == merged.temporal.back().loop)
      merged.temporal.back().factor *= mapping.temporal[k].factor;
    else
      merged.temporal.push_back(mapping.temporal[k]);
    newIndex[k + 1] = merged.temporal.size();
  }
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    for (unsigned &e : merged.levelEnds[o])
      e = newIndex[e];
  CostModel model(w, hw, costOptions);
  model.setSpatial(mapping.spatial);
  auto cost = std::make_unique<Cost>();
  model.evaluateTemporal(merged, *cost);
  if (cost->energy != incumbent.energy || cost->latency != incumbent.latency) {
    merged = mapping;
    model.evaluateTemporal(merged, *cost);
  }
  // The leaves follow the rule every other pass applies; this guards the
  // emitted mapping against any that another pass would reject.
  if (std::string problem = model.check(merged); !problem.empty()) {
    result.error = "layer '" + layerName +
                   "': the best mapping breaks the mapping rule: " + problem;
    return finish(result);
  }
  result.found = true;
  result.mapping = std::move(merged);
  result.cost = *cost;
  result.evaluated = seed.evaluated + stats.leaves;
  result.skipped = seed.skipped;
  return finish(result);
}

} // namespace zigzag
