//===- ExhaustiveBounds.cpp - Lower bounds of the exhaustive engine -------===//
//
// The bounds the branch-and-bound (Exhaustive.cpp; docs/Search.md,
// "Exhaustive engine") prunes with, and the physical floor. Cuts are
// canonical (right below a loop the operand does not merge down, so
// ZigZag's stationary merge-down never moves them): then every energy term
// and port transfer of a cut depends only on the multiset of loops below
// it. ExhaustiveBound tabulates them over all sub-multisets per spatial
// mapping and solves the open inner part exactly by dynamic programming
// (energy); latency is bounded from the closed transfers and, for the open
// part, from the same programme run per port on busy cycles, stalls and
// loading records (the open cuts' tiles nest in one ordering).
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/Exhaustive.h"

#include "zigzag/Model/MappingValidity.h"
#include "zigzag/Model/SpatialUnrolling.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace zigzag {

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

namespace {
struct PortActivity {
  uint8_t op, level, dir;
};

struct PortInfo {
  double bwMax = 0;
  bool sharedByInputs = false;
  std::vector<PortActivity> acts;
};
} // namespace

static bool isReadDirection(unsigned dir) { return dir == kTL || dir == kTH; }

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
  /// Its allowed cycles when every completion has the same (see
  /// buildTable), else -1.
  double window = -1;
  /// The bits one period moves (its tile; the output's at the smaller of
  /// its two precisions, which the completion picks), -1 if not known.
  double bits = -1;
  /// At least the cycles the transfer may take without stalling.
  double allowed() const { return window >= 0 ? window : period; }
};
} // namespace

/// Sub-multisets of the temporal loops tabulated at most.
constexpr uint64_t kMaxTableSubsets = 1u << 15;
/// Idle-lane loops whose inner reads are told apart (their subsets).
constexpr unsigned kMaxIdleLoops = 4;
/// Work of the inner dynamic programme allowed (transitions).
constexpr uint64_t kMaxTableWork = 1ull << 27;
/// Entries of the joint stall and loading table at most.
constexpr uint64_t kMaxJointEntries = 1ull << 21;
/// Entries of the per-port busy programme at most (64 MB), and its values
/// per state at most.
constexpr uint64_t kMaxBusyEntries = 1ull << 23;
constexpr unsigned kMaxBusyWidth = 128;
/// Entries of the tie-break programme at most (16 MB).
constexpr uint64_t kMaxTieEntries = 1ull << 21;

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
  /// Per operand: its innermost memory's instances span the same lanes in
  /// both variants (no array dim it serves is unrolled fractionally), so
  /// its tile, and the cost model's once-transfer minimum, is the same.
  bool innerSameVariants[kNumMemOperands] = {};
  unsigned n = 0;
  double total = 0;
  double fixedEnergy = 0; // MACs and O's traffic at its innermost level
  /// Reads of an input out of its innermost memory: period = MAC-level
  /// stationarity (the bottom run of irrelevant loops).
  struct InnerRead {
    double amount = 0, precision = 0, units = 0, real = 0;
    /// Idle lanes in a perfect space: the accesses one period makes on
    /// average over the busy and idle instances, per set of idle-lane loops
    /// (bits of idleLoops) with a factor inside the period (see buildTable).
    double perPeriod[1u << kMaxIdleLoops] = {};
  } innerRead[kNumMemOperands];
  /// The loops with idle lanes and temporal iterations (lanesOnly), at
  /// most kMaxIdleLoops (the others count as never inside a period).
  std::vector<unsigned> idleLoops;
  /// Per sub-multiset B: the idleLoops it holds a factor of.
  std::vector<uint8_t> subsetIdle;
  /// Per input: the idleLoops with a factor in its bottom run of
  /// irrelevant loops (compute(); 0 unless the run is known).
  uint8_t macStIdle[kNumMemOperands] = {};
  TransferData outputInner[2]; // O's (level 0, tl) and (level 0, fl)
  double topBits[kNumMemOperands] = {};
  /// The least bits any completion keeps in an operand's innermost memory:
  /// its tile with no temporal loop below (tiles grow with the loops below
  /// them), the output's at the smaller of its two precisions.
  double leastInnerBits[kNumMemOperands] = {};
  bool allIrrelevant[kNumMemOperands] = {};
  bool unitLoops = false;   // a temporal loop of size 1 is scheduled
  bool unitFactors = false; // ... not counting remainder factors

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
  /// The tile bits of the cut's lower memory the cost model's double
  /// buffering sees (its bitsPerInstance), per sub-multiset and slot.
  std::vector<double> cutTileBits;
  /// Per operand and level: no other operand or level uses its memory, so
  /// its double buffering is its own tile's alone.
  bool exclusiveMemory[kNumMemOperands][kMaxLevels] = {};
  /// compute(): the placed positions' loop types (typeAt) from `placedFrom`.
  const uint8_t *placedTypes = nullptr;
  unsigned placedFrom = 0;
  double closedWindow(unsigned o, unsigned j, const TransferData &t) const;
  std::vector<TransferData> cutTransfer;
  std::vector<double> minCutBits, minCutReal; // per slot (x4 for real)
  std::vector<double> room; // per slot: what the cut's memory can give it
  // Per sub-multiset R, slot and transfer: the least (R - P)(N - 1) and
  // R (N - 1) of that transfer over every cut with B in R that fits.
  std::vector<double> leastStall, leastBusy;
  // Per sub-multiset R, slot and transfer: the least share of its port's
  // required bandwidth (requiredShare) over every cut with B in R that fits.
  std::vector<double> leastRequired;
  /// The output's smaller precision over its larger one.
  double outputPrecisionRatio = 1;
  // Joint bound of a port's stall and the loading latency (corrected
  // model): latency >= total + positive stall of port p + on-loading of
  // input k + off-loading, and each term is a sum over cuts, so each open
  // cut contributes the least of its own share over the cuts it can still
  // get. A slot's share depends only on which of its four transfers port p
  // carries (mask) and whether its loading counts (input k, or the output);
  // those variants are tabulated per sub-multiset like leastStall.
  // A second family bounds by one port's once-only transfers (see
  // jointLatencyBound): code bit 5, no stall, and those transfers' full
  // cycles in the loading records.
  bool haveJoint = false;
  unsigned numK = 1;                 // input choices (>= 1)
  std::vector<unsigned> variantBase; // per slot
  std::vector<uint8_t> variantCode;  // mask | withLoad << 4 | once << 5
  unsigned numVariants = 0;
  /// Per (port * numK + k) * 2 + once: its group, the pairs with the same
  /// variant of every slot (their open cuts add the same).
  std::vector<unsigned> comboGroup;
  std::vector<unsigned> groupVariant; // group * numSlots + slot
  unsigned numGroups = 0;
  mutable std::vector<double> groupOpen;     // scratch: per group, open cuts
  std::vector<double> leastJoint;            // B * numVariants + variant
  std::vector<uint8_t> slotOperand, slotCut; // per slot
  /// Scratch of latencyBound: per port, the positive stall of its closed
  /// transfers.
  mutable std::vector<double> portClosedStall;
  /// Per port: it carries a transfer of a loading record (once family).
  std::vector<uint8_t> portOnce;
  /// Scratch of latencyBound: the bound of each level pair's loading record
  /// (inputs: fh at m, tl at m + 1; the output: th at m, fl at m + 1).
  mutable double pairRecord[kNumMemOperands][kMaxLevels] = {};
  /// Per sub-multiset B: the product of its loops as the cost model counts
  /// it (remainderProduct).
  std::vector<double> subsetProduct;
  /// Padded spaces, per sub-multiset B: the full tiles a cut with B below
  /// runs, prod floor(T_l / P_l) (the partial tiles are counted apart).
  std::vector<double> subsetFullTiles;
  std::vector<uint8_t> subsetIrOnly; // bit o: every loop of B irrelevant
  // bestInner[B * numLevelVectors + L]: the least energy of the cuts and
  // innermost reads below the top of B, with levels L at the top of B.
  unsigned levelStride[kNumMemOperands] = {};
  unsigned numLevelVectors = 1;
  std::vector<double> bestInner;
  // The same programme per port for the port's busy cycles R (N - 1) and
  // for its stall sum (R - P)(N - 1) > 0 of the open part's transfers (cuts
  // and innermost reads): the open cuts of all operands sit in one ordering
  // of the remaining loops, so their tiles nest, which the per-cut least
  // values (leastBusy, leastStall) do not see.
  // bestBusy[(B * numLevelVectors + L) * busyWidth + p] the busy cycles,
  // + numPorts + p the stall, + (2 + k) * numPorts + p the busy cycles plus
  // the loading records of input k and of the output (corrected model, see
  // busyLoadingBound); empty when too big.
  std::vector<double> bestBusy;
  unsigned busyWidth = 0;
  /// Scratch of latencyBound: per port, the busy cycles of its closed
  /// transfers.
  mutable std::vector<double> portClosedBusy;
  /// Per slot and transfer (fh, th, tl, fl): its port, kNoPort if none.
  std::vector<unsigned> slotPort;
  // The least loading records of the open part among its paths of least
  // energy (corrected model): tieLoad[(B * numLevelVectors + L) * tieWidth
  // + x] the records of input x and the output (x = 0 without inputs).
  // With an energy bound equal to the incumbent only those completions can
  // tie it, and their tiles may load longer than the fastest-loading ones
  // (residual Adds on generic_array_cacti: least energy fills a register
  // file with a whole memory word, the fastest on-loading moves one
  // element). Empty when too big.
  std::vector<double> tieLoad;
  unsigned tieWidth = 0;
  /// Paths within this much energy of a state's least count as least: the
  /// engine's tie tolerance (relative to the layer's energy) with room.
  double tieTolerance = 0;
  double cutRecord(unsigned slot, uint64_t s) const;
  double tieLatencyBound(double stall) const;
  /// Scratch of latencyBound: its tie-break bound (Result::tieLatency).
  mutable double tieLatency = kNegInf;

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

  // Imperfect factorization (padded spaces): per layer loop, its temporal
  // iterations T and the product and number of its factors in the space.
  // The cost model counts a padded loop's outermost factor as T / P, so the
  // loops of l below a canonical cut span T when all of l's factors are
  // there and their plain product (< T) otherwise: a function of the
  // multiset below the cut, as the tables assume. Only the run products
  // taken from the factors themselves need the same rule.
  bool anyPadded = false;
  double paddedTotal = 0;
  std::vector<double> loopReal, loopPadded;
  /// Spatial remainders, counted exactly in padded spaces (the corrected
  /// model): the tile holding the last iteration of a loop whose lanes do
  /// not divide it leaves lanes idle and may move less than any other tile,
  /// like a partial one, so only the lane-full tiles count as full ones.
  std::vector<bool> lanesIdle;
  std::vector<unsigned> loopFactors;
  /// Idle lanes in a perfect space (the corrected model counts them
  /// there too): every period of a cut has the same cycles, and the tiles
  /// a table cut's values describe (its first, a full one in every loop
  /// partly above the cut) are the largest; a tile holding the last
  /// iteration of such a loop (r of its U lanes busy) moves at least r / U
  /// of it. Per sub-multiset B: A for each of idleLoops (1 when all of
  /// it is below the cut); a transfer's tiles fall in classes by the set of
  /// those relevant to its operand with A > 1 at their last iteration, each
  /// keeping the product of their laneShrink (further idle-lane loops:
  /// laneExtra, with one iteration below). laneRho: the product over all
  /// of them with one iteration below.
  bool lanesOnly = false;
  std::vector<double> laneCount, laneRest; // U and r per loop
  /// Per operand, memory level and loop: the loop's lanes inside one
  /// instance of that memory (L <= U; the array dims it and the levels
  /// below it serve).
  std::vector<double> laneInst;
  /// The least fraction of a tile's extent along idle-lane loop l (`len`
  /// of its iterations below the cut) that the tile holding its last
  /// iteration keeps in the largest instance of memory level m (the one a
  /// period waits for): an instance of L <= U lanes spans L * len indices
  /// in a full tile, and the first instance L * (len - 1) + min(r, L) in
  /// that one; a partially relevant extent ((ox - 1) * stride + fx,
  /// clipped) loses at most one index more.
  double laneShrink(unsigned o, unsigned m, unsigned l, double len) const {
    double u = laneCount[l];
    double inst =
        std::min(u, laneInst[(o * kMaxLevels + m) * laneCount.size() + l]);
    double kept = inst * (len - 1) + std::min(laneRest[l], inst) -
                  (ops[o].cls[l] == LoopClass::R ? 0 : 1);
    return std::max(0.0, kept / (inst * len));
  }
  double laneRho[kNumMemOperands][kMaxLevels] = {};
  double laneExtra[kNumMemOperands][kMaxLevels] = {};
  std::vector<double> subsetLaneAbove;
  /// What a transfer's periods but the first (on-loaded) are bounded with:
  /// `full` of them move its `real` cycles, count[c] of them at least
  /// real[c] (c < n).
  struct Periods {
    double full = 0;
    unsigned n = 0;
    double count[1u << kMaxIdleLoops], real[1u << kMaxIdleLoops];
    void add(double periods, double cycles) {
      count[n] = periods;
      real[n++] = cycles;
    }
  };
  /// Cycles of a tile moving at least `rho` of a tile of `real` cycles
  /// (real = ceil(bits / bw), so bits / bw > real - 1).
  static double shrunkReal(double real, double rho) {
    if (rho >= 1 || real <= 0)
      return real;
    return std::max(1.0, std::ceil(rho * (real - 1) - 1e-9));
  }
  /// The idle-lane loops of class `mask` at B = `b` for transfer `t` of
  /// operand o at memory level m: what its tiles keep (the product of
  /// their laneShrink and laneExtra) and their share of the periods; with
  /// `mask` all ones, the least any tile keeps. `tiles`: the product of
  /// their A (a refill count is a multiple of it).
  double laneClass(unsigned o, unsigned m, uint64_t b, unsigned mask,
                   double &share, double &tiles) const {
    double rho = laneExtra[o][m];
    share = 1;
    tiles = 1;
    for (unsigned i = 0; i < idleLoops.size(); ++i) {
      unsigned l = idleLoops[i];
      double above = subsetLaneAbove[b * kMaxIdleLoops + i];
      if (above <= 1 || isIrLoop(o, l)) {
        share = mask >> i & 1 ? 0 : share;
        continue;
      }
      tiles *= above;
      bool last = mask >> i & 1;
      share *= last ? 1 / above : (above - 1) / above;
      rho *= last ? laneShrink(o, m, l, loopReal[l] / above) : 1;
    }
    return rho;
  }
  /// The periods of transfer `t` of operand `o` at memory level `m` at a
  /// cut with B = `b` below it (`known` false: B unknown, every loop may be
  /// above).
  Periods periodsOf(unsigned o, unsigned m, uint64_t b, bool known,
                    const TransferData &t) const {
    Periods p;
    if (!lanesOnly) {
      p.full = std::max(0.0, (known ? fullTiles(b, t) : t.count) - 1);
      return p;
    }
    // Every period but the first may hold a last iteration (B unknown).
    if (!known) {
      p.add(std::max(0.0, t.count - 1), shrunkReal(t.real, laneRho[o][m]));
      return p;
    }
    // The periods come in classes by the loops at their last iteration,
    // each class its share (a refill count is a multiple of their tiles).
    double share, tiles;
    double least = laneClass(o, m, b, ~0u, share, tiles);
    if (t.count < tiles || std::fmod(t.count, tiles) != 0) {
      p.add(std::max(0.0, t.count - 1), shrunkReal(t.real, least));
      return p;
    }
    for (unsigned mask = 0; mask < (1u << idleLoops.size()); ++mask) {
      double rho = laneClass(o, m, b, mask, share, tiles);
      if (share <= 0)
        continue;
      // The first period is on-loaded: it is of class 0 (no loop at its
      // last iteration).
      double periods = std::round(t.count * share) - (mask == 0 ? 1 : 0);
      if (rho >= 1)
        p.full += std::max(0.0, periods);
      else
        p.add(std::max(0.0, periods), shrunkReal(t.real, rho));
    }
    return p;
  }
  /// The stall (window `window`) and busy cycles of those periods.
  static double periodsStall(const Periods &p, double real, double window) {
    double stall = std::max(0.0, real - window) * p.full;
    for (unsigned c = 0; c < p.n; ++c)
      stall += std::max(0.0, p.real[c] - window) * p.count[c];
    return stall;
  }
  static double periodsBusy(const Periods &p, double real) {
    double busy = real * p.full;
    for (unsigned c = 0; c < p.n; ++c)
      busy += p.real[c] * p.count[c];
    return busy;
  }
  /// Idle lanes: per sub-multiset, slot and transfer the stall (window
  /// allowed()) and busy cycles of periodsOf, tabulated once.
  std::vector<double> cutStall, cutBusy;
  /// The stall (window `window`) and busy cycles of transfer k of `slot`
  /// (operand o) with B = b below its cut: `t` is that cut's transfer.
  void periodTerms(unsigned o, uint64_t b, unsigned slot, unsigned k,
                   const TransferData &t, double window, double &stall,
                   double &busy) const {
    if (!cutStall.empty() && window == t.allowed()) {
      uint64_t at = (b * numSlots + slot) * 4 + k;
      stall = cutStall[at];
      busy = cutBusy[at];
      return;
    }
    unsigned m = slot - ops[o].slot + (k >= 2 ? 1 : 0);
    Periods p = periodsOf(o, m, b, true, t);
    stall = periodsStall(p, t.real, window);
    busy = periodsBusy(p, t.real);
  }
  /// A repeated output transfer's off-loading record: its last tile, the
  /// smallest (at least 0 in padded spaces, where it may be partial).
  double lastTileReal(unsigned o, unsigned m, uint64_t b, bool known,
                      const TransferData &t) const {
    if (anyPadded)
      return 0;
    if (!lanesOnly)
      return t.real;
    double share, tiles;
    return shrunkReal(t.real, known ? laneClass(o, m, b, ~0u, share, tiles)
                                    : laneRho[o][m]);
  }
  void setPadding(const std::vector<std::vector<LoopFactor>> &spatial,
                  const std::vector<LoopFactor> &loops);
  bool paddedSurelyMany(unsigned o, const uint8_t *typeAt,
                        const uint8_t *remainingCount, unsigned p,
                        unsigned n) const;
  /// `product` of a run of loops holding `count[l]` factors of each layer
  /// loop l, as the cost model counts it: T_l / P_l more for every padded
  /// loop whose factors are all in the run.
  double remainderProduct(double product, const unsigned *count) const {
    for (unsigned l = 0; l < loopReal.size(); ++l)
      if (loopPadded[l] > loopReal[l] && count[l] == loopFactors[l])
        product *= loopReal[l] / loopPadded[l];
    return product;
  }

  /// The periods of a cut with B below that move a full tile: all of them
  /// in perfect spaces; in padded ones the full tiles (the partial tiles'
  /// shorter periods and tiles are bounded by 0).
  double fullTiles(uint64_t b, const TransferData &t) const {
    return anyPadded ? std::min(t.count, subsetFullTiles[b]) : t.count;
  }

  void initialise();
  bool isIr(unsigned op, const LoopFactor &lf) const {
    return isIrLoop(op, lf.loop);
  }
  bool isIrLoop(unsigned op, unsigned loop) const {
    return loop < ops[op].cls.size() && ops[op].cls[loop] == LoopClass::IR;
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
  /// The innermost reads of input `op` with a bottom run of irrelevant
  /// loops of product `macSt` holding a factor of the idleLoops in `idle`.
  double innerReadEnergy(unsigned op, double macSt, uint8_t idle = 0) const;
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
  void buildJointTable();
  double slotShare(uint64_t b, unsigned slot, uint8_t code) const;
  double jointLatencyBound() const;
  double busyLoadingBound(const double *openBusy) const;
  double loadingPortBound(double stall) const;
  /// At most the average bandwidth a transfer on a port of `bw` bits per
  /// cycle adds to the port's required bandwidth: trunc(tile bits / period)
  /// if it repeats, with more than (real - 1) bw tile bits (the output's at
  /// the level's precision, which may be the smaller of its two); only
  /// valid when a cycle per operation makes periods whole.
  double requiredShare(const TransferData &t, double bw, unsigned op) const {
    if (t.count <= 1 || t.period < 1)
      return 0;
    if (t.bits >= 0)
      return std::floor(t.bits / t.period);
    double bits = std::max(0.0, t.real - 1) * bw;
    if (op == kOut)
      bits *= outputPrecisionRatio;
    return std::floor(bits / t.period);
  }
  /// The bits of one period of a transfer (TransferData::bits). The cost
  /// model's transfers are the fractional spatial mapping's, the average
  /// bandwidth the integer one's: known only when they are the same.
  double transferBits(unsigned op, const DataTransfer &tr) const {
    if (!sameVariants)
      return -1;
    double precision = tr.precision;
    if (op == kOut && precision > 0) {
      const WorkloadOperand &out = w.operand(MemOperand::O);
      precision =
          static_cast<double>(std::min(out.precision, out.finalPrecision));
    }
    return tr.amount * precision;
  }
  bool cyclesPerOpOne = true;
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
  // The search's ties are 1e-12 of the layer's energy (Exhaustive.cpp), at
  // most a few thousand times its physical floor; the absolute part covers
  // a floor of 0.
  tieTolerance = 1e-8 * physicalFloor(w, hw).energy + 1e-9;
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
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    for (unsigned j = 0; ops[o].present && j < ops[o].numLevels; ++j) {
      unsigned users = 0;
      for (unsigned o2 = 0; o2 < kNumMemOperands; ++o2)
        for (unsigned j2 = 0; ops[o2].present && j2 < ops[o2].numLevels; ++j2)
          users += ops[o2].memory[j2] == ops[o].memory[j];
      exclusiveMemory[o][j] = users == 1;
    }
  finalWider = w.operand(MemOperand::O).finalPrecision >
               w.operand(MemOperand::O).precision;
  {
    // Without a loop (temporal or spatial) irrelevant to the output, no
    // level ever holds partial sums: its precision is always the final one.
    bool reduces = false;
    for (unsigned l = 0; l < ops[kOut].cls.size() && l < w.loopSizes.size();
         ++l)
      reduces |= ops[kOut].cls[l] == LoopClass::IR && w.loopSizes[l] > 1;
    const WorkloadOperand &out = w.operand(MemOperand::O);
    outputPrecisionRatio =
        reduces
            ? static_cast<double>(std::min(out.precision, out.finalPrecision)) /
                  static_cast<double>(std::max<int64_t>(
                      1, std::max(out.precision, out.finalPrecision)))
            : 1;
  }
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

double ExhaustiveBound::Impl::innerReadEnergy(unsigned op, double macSt,
                                              uint8_t idle) const {
  const InnerRead &r = innerRead[op];
  double bmin = ops[op].bwMin[0][kTL], bmax = ops[op].bwMax[0][kTL];
  if (r.amount == 0 || r.precision == 0 || bmin <= 0 || bmax <= 0)
    return 0;
  if (lanesOnly)
    return std::floor(total / macSt) * r.perPeriod[idle] * ops[op].readCost[0];
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
  // The programme's transitions: per state (B, L) and loop on top, one per
  // choice of the levels each operand raises to, at most numLevels - L_o
  // each; summed over L that is prod_o n_o (n_o + 1) / 2, not
  // numLevelVectors^2.
  uint64_t raisings = 1;
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    if (ops[o].present)
      raisings *= ops[o].numLevels * (ops[o].numLevels + 1) / 2;
  uint64_t work = numSubsets * raisings * std::max<size_t>(1, types.size());
  haveTable = numSubsets <= tableLimit && work <= kMaxTableWork;
  haveJoint = false;

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
  cyclesPerOpOne = cost->cyclesPerOp == 1;
  // The padded nest's cycles (every loop at its padded size); no bound on
  // the window union when a cycle per operation leaves periods fractional.
  paddedTotal = total;
  for (unsigned l = 0; l < loopReal.size(); ++l)
    paddedTotal *= loopPadded[l] / loopReal[l];
  paddedTotal = cost->cyclesPerOp == 1
                    ? std::ceil(paddedTotal * (1 + 1e-12))
                    : std::numeric_limits<double>::infinity();
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
    leastInnerBits[o] = cost->operands[o].levels[0].bitsPerInstance;
    if (o == kOut) {
      const WorkloadOperand &out = w.operand(MemOperand::O);
      leastInnerBits[o] *=
          static_cast<double>(std::min(out.precision, out.finalPrecision)) /
          static_cast<double>(std::max<int64_t>(
              1, std::max(out.precision, out.finalPrecision)));
    }
  }
  // Idle lanes in a perfect space: the instances read as their lanes run,
  // each tile's words rounded on its own. A period holding a factor of an
  // idle-lane loop (irrelevant to the operand) spans its last iteration and
  // another, so every instance along it reads; with none, the periods of
  // each lane pattern come in their share. Per such set of loops: one
  // factor of each innermost, then a loop relevant to the operand.
  for (unsigned o = 0; o < kNumMemOperands && lanesOnly; ++o) {
    if (o == kOut || !ops[o].present)
      continue;
    unsigned numMasks = 1u << idleLoops.size(), irMask = 0;
    for (unsigned i = 0; i < idleLoops.size(); ++i)
      if (isIrLoop(o, idleLoops[i]))
        irMask |= 1u << i;
    for (unsigned mask = 0; mask < numMasks; ++mask) {
      if (mask & ~irMask)
        continue;
      std::vector<LoopFactor> rest(loops);
      unsigned at = 0;
      auto take = [&](auto pick) {
        auto it = std::find_if(rest.begin(), rest.end(), pick);
        if (it == rest.end())
          return;
        ordering[at++] = *it;
        rest.erase(it);
      };
      for (unsigned i = 0; i < idleLoops.size(); ++i)
        if (mask >> i & 1)
          take([&](const LoopFactor &lf) { return lf.loop == idleLoops[i]; });
      take([&](const LoopFactor &lf) { return !isIr(o, lf); });
      std::copy(rest.begin(), rest.end(), ordering.begin() + at);
      model.evaluateTemporal(ordering.data(), n, ptr, *cost);
      const OperandLevelCost &lc = cost->operands[o].levels[0];
      innerRead[o].perPeriod[mask] =
          lc.transfer[kTL].periodCount > 0
              ? lc.accesses[kTL] / lc.transfer[kTL].periodCount * (1 - 1e-12)
              : 0;
    }
    for (unsigned mask = 0; mask < numMasks; ++mask)
      innerRead[o].perPeriod[mask] = innerRead[o].perPeriod[mask & irMask];
  }
  std::copy(loops.begin(), loops.end(), ordering.begin());
  if (!haveTable)
    return;

  // Every sub-multiset B below every cut at once: the remaining loops on top.
  cutEnergy.assign(numSubsets * numSlots, 0);
  cutBits.assign(numSubsets * numSlots, 0);
  cutTileBits.assign(numSubsets * numSlots, 0);
  cutTransfer.assign(numSubsets * numSlots * 4, TransferData());
  subsetProduct.assign(numSubsets, 1);
  subsetFullTiles.assign(anyPadded ? numSubsets : 0, 0);
  subsetLaneAbove.assign(lanesOnly ? numSubsets * kMaxIdleLoops : 0, 1);
  subsetIrOnly.assign(numSubsets, 0);
  subsetIdle.assign(lanesOnly ? numSubsets : 0, 0);
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
    if (anyPadded) {
      unsigned perLoop[kMaxLoops] = {};
      for (unsigned t = 0; t < types.size(); ++t)
        if (types[t].loop < kMaxLoops)
          perLoop[types[t].loop] += counts[t];
      product = remainderProduct(product, perLoop);
      // P_l below the cut: its plain product, or T_l when all of l is below.
      double part[kMaxLoops];
      std::fill(part, part + kMaxLoops, 1.0);
      for (unsigned t = 0; t < types.size(); ++t)
        if (types[t].loop < kMaxLoops)
          part[types[t].loop] *=
              std::pow(static_cast<double>(types[t].factor), counts[t]);
      double full = 1;
      for (unsigned l = 0; l < loopReal.size(); ++l)
        full *= lanesIdle[l] ? (perLoop[l] == loopFactors[l]
                                    ? 0
                                    : std::ceil(loopReal[l] / part[l]) - 1)
                : perLoop[l] == loopFactors[l]
                    ? 1
                    : std::floor(loopReal[l] / part[l]);
      subsetFullTiles[b] = full;
    }
    if (lanesOnly) {
      unsigned perLoop[kMaxLoops] = {};
      double part[kMaxLoops];
      std::fill(part, part + kMaxLoops, 1.0);
      for (unsigned t = 0; t < types.size(); ++t)
        if (types[t].loop < kMaxLoops) {
          perLoop[types[t].loop] += counts[t];
          part[types[t].loop] *=
              std::pow(static_cast<double>(types[t].factor), counts[t]);
        }
      // A loop all below the cut: every tile holds its last iteration,
      // the first one too (A = 1).
      for (unsigned i = 0; i < idleLoops.size(); ++i) {
        unsigned l = idleLoops[i];
        subsetLaneAbove[b * kMaxIdleLoops + i] =
            perLoop[l] == loopFactors[l] ? 1
                                         : std::round(loopReal[l] / part[l]);
      }
    }
    subsetProduct[b] = product;
    subsetIrOnly[b] = irOnly;
    for (unsigned t = 0; t < types.size() && lanesOnly; ++t)
      for (unsigned i = 0; i < idleLoops.size(); ++i)
        if (counts[t] && types[t].loop == idleLoops[i])
          subsetIdle[b] |= static_cast<uint8_t>(1u << i);
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
          cutTileBits[s] = cost->operands[o].levels[j].bitsPerInstance;
          const unsigned where[4][2] = {
              {j, kFH}, {j, kTH}, {j + 1, kTL}, {j + 1, kFL}};
          // The four transfers of cut 0 may take their whole period only
          // if level 0 is double-buffered, else the period over the
          // irrelevant run on top of level 0. When level 0 holds only loops
          // irrelevant to the operand, that run is all of them in every
          // completion, and no sharing of the memory makes it
          // double-buffered if its own effective utilisation (relevant
          // run on top: none) exceeds a half: then the table's allowed
          // cycles are every completion's.
          const OperandLevelCost &l0 = cost->operands[o].levels[0];
          bool fixedWindow =
              j == 0 && (subsetIrOnly[b] >> o & 1) && !l0.doubleBuffered &&
              std::floor(l0.bitsPerInstance) >
                  0.5 * static_cast<double>(hw.memories[oi.memory[0]].sizeBits);
          for (unsigned k = 0; k < 4; ++k) {
            const OperandLevelCost &lc = cost->operands[o].levels[where[k][0]];
            unsigned d = where[k][1];
            cutTransfer[s * 4 + k] = {lc.realCycles[d],
                                      lc.transfer[d].periodCount,
                                      lc.transfer[d].period};
            cutTransfer[s * 4 + k].bits = transferBits(o, lc.transfer[d]);
            if (fixedWindow)
              cutTransfer[s * 4 + k].window = lc.allowedCycles[d];
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
  cutStall.clear();
  cutBusy.clear();
  if (lanesOnly) {
    cutStall.resize(numSubsets * numSlots * 4);
    cutBusy.resize(numSubsets * numSlots * 4);
    for (uint64_t b = 0; b < numSubsets; ++b)
      for (unsigned o = 0; o < kNumMemOperands; ++o)
        for (unsigned j = 0; ops[o].present && j + 1 < ops[o].numLevels; ++j)
          for (unsigned k = 0; k < 4; ++k) {
            uint64_t at = (b * numSlots + ops[o].slot + j) * 4 + k;
            const TransferData &t = cutTransfer[at];
            Periods p = periodsOf(o, j + (k >= 2 ? 1 : 0), b, true, t);
            cutStall[at] = periodsStall(p, t.real, t.allowed());
            cutBusy[at] = periodsBusy(p, t.real);
          }
  }
  solveInner();
  // Stall terms of open cuts: the least over the sub-multisets of R.
  const double inf = std::numeric_limits<double>::infinity();
  leastStall.assign(numSubsets * numSlots * 4, inf);
  leastBusy.assign(numSubsets * numSlots * 4, inf);
  leastRequired.assign(numSubsets * numSlots * 4, inf);
  for (uint64_t b = 0; b < numSubsets; ++b)
    for (unsigned sl = 0; sl < numSlots; ++sl) {
      uint64_t at = (b * numSlots + sl) * 4;
      if (cutBits[b * numSlots + sl] <= room[sl])
        for (unsigned k = 0; k < 4; ++k) {
          const TransferData &t = cutTransfer[at + k];
          periodTerms(slotOperand[sl], b, sl, k, t,
                      anyPadded ? t.period : t.allowed(), leastStall[at + k],
                      leastBusy[at + k]);
          unsigned q = slotPort[sl * 4 + k];
          leastRequired[at + k] =
              q == kNoPort ? 0
                           : requiredShare(t, ports[q].bwMax, slotOperand[sl]);
        }
      for (unsigned t = 0; t < types.size(); ++t) {
        if (b / stride[t] % (typeCount[t] + 1) == 0)
          continue;
        uint64_t from = ((b - stride[t]) * numSlots + sl) * 4;
        for (unsigned k = 0; k < 4; ++k) {
          leastStall[at + k] =
              std::min(leastStall[at + k], leastStall[from + k]);
          leastBusy[at + k] = std::min(leastBusy[at + k], leastBusy[from + k]);
          leastRequired[at + k] =
              std::min(leastRequired[at + k], leastRequired[from + k]);
        }
      }
    }
  buildJointTable();
}

/// The transfer's load record in the corrected model as far as B decides
/// it: its cycles when it repeats, else at least 0 (a transfer done once is
/// shortened by the port's surplus, down to a minimum the table cannot see).
static double repeatedRecord(const TransferData &t) {
  return t.count > 1 ? t.real : 0;
}

double ExhaustiveBound::Impl::slotShare(uint64_t b, unsigned slot,
                                        uint8_t code) const {
  uint64_t s = b * numSlots + slot;
  if (cutBits[s] > room[slot])
    return std::numeric_limits<double>::infinity();
  const TransferData *t = &cutTransfer[s * 4];
  bool once = code >> 5 & 1;
  double share = 0;
  unsigned op = slotOperand[slot];
  for (unsigned k = 0; k < 4 && !once; ++k)
    if (code >> k & 1) {
      double stall, busy;
      periodTerms(op, b, slot, k, t[k], t[k].allowed(), stall, busy);
      share += stall;
    }
  if (code >> 4 & 1) {
    unsigned o = op, j = slotCut[slot];
    const OperandInfo &oi = ops[o];
    // Inputs load (fh at j, tl at j + 1), the output off-loads (th at j,
    // fl at j + 1); a transfer without a port keeps a record of 0.
    unsigned k1 = o == kOut ? 1 : 0, k2 = o == kOut ? 3 : 2;
    unsigned d1 = o == kOut ? kTH : kFH, d2 = o == kOut ? kFL : kTL;
    auto record = [&](unsigned k) {
      // In the once family, the port's once-only transfers count in full.
      if (once && (code >> k & 1) && t[k].count == 1)
        return t[k].real;
      // The output off-loads its last tile.
      if (o == kOut && t[k].count > 1)
        return lastTileReal(o, j + (k >= 2 ? 1 : 0), b, true, t[k]);
      return repeatedRecord(t[k]);
    };
    double r1 = oi.port[j][d1] != kNoPort ? record(k1) : 0;
    double r2 = oi.port[j + 1][d2] != kNoPort ? record(k2) : 0;
    share += std::max(r1, r2);
  }
  return share;
}

void ExhaustiveBound::Impl::buildJointTable() {
  haveJoint = false;
  if (opts.zigzagCompat || numSlots == 0)
    return; // compat's on-loading sums are not monotone sums of records
  numK = std::max(1u, numInputs);
  portOnce.assign(ports.size(), 0);
  for (unsigned p = 0; p < ports.size(); ++p)
    for (const PortActivity &a : ports[p].acts) {
      bool lowSide = a.dir == kTL || a.dir == kFL;
      bool loadSide = a.op == kOut ? a.dir == kTH || a.dir == kFL
                                   : a.dir == kFH || a.dir == kTL;
      portOnce[p] |= loadSide && !(lowSide && a.level == 0) &&
                     (lowSide ? a.level : a.level + 1u) < ops[a.op].numLevels;
    }
  // The variants each slot needs over every (port, input) pair.
  std::vector<std::vector<uint8_t>> codes(numSlots);
  std::vector<uint8_t> pairCode(ports.size() * numK * 2 * numSlots);
  for (unsigned p = 0; p < ports.size(); ++p)
    for (unsigned k = 0; k < numK * 2; ++k)
      for (unsigned sl = 0; sl < numSlots; ++sl) {
        unsigned o = slotOperand[sl], j = slotCut[sl];
        uint8_t code = 0;
        if (k % 2) {
          // Once family: the transfers whose record port p keeps (the
          // surplus that shortens a record is its recording port's).
          const unsigned where[4][2] = {
              {j, kFH}, {j, kTH}, {j + 1, kTL}, {j + 1, kFL}};
          for (unsigned x = 0; x < 4; ++x)
            if (ops[o].port[where[x][0]][where[x][1]] == p)
              code |= static_cast<uint8_t>(1u << x);
        } else {
          for (const PortActivity &a : ports[p].acts) {
            if (a.op != o)
              continue;
            if (a.level == j && (a.dir == kFH || a.dir == kTH))
              code |= a.dir == kFH ? 1 : 2;
            if (a.level == j + 1 && (a.dir == kTL || a.dir == kFL))
              code |= a.dir == kTL ? 4 : 8;
          }
        }
        if (o == kOut || (numInputs && inputs[k / 2] == o))
          code |= 16;
        if (k % 2)
          code |= 32;
        pairCode[(p * numK * 2 + k) * numSlots + sl] = code;
        if (std::find(codes[sl].begin(), codes[sl].end(), code) ==
            codes[sl].end())
          codes[sl].push_back(code);
      }
  variantBase.assign(numSlots, 0);
  variantCode.clear();
  for (unsigned sl = 0; sl < numSlots; ++sl) {
    variantBase[sl] = variantCode.size();
    variantCode.insert(variantCode.end(), codes[sl].begin(), codes[sl].end());
  }
  numVariants = variantCode.size();
  if (numSubsets * numVariants > kMaxJointEntries)
    return;
  std::vector<unsigned> variantOf(pairCode.size());
  for (unsigned i = 0; i < pairCode.size(); ++i) {
    unsigned sl = i % numSlots;
    auto it = std::find(codes[sl].begin(), codes[sl].end(), pairCode[i]);
    variantOf[i] = variantBase[sl] + (it - codes[sl].begin());
  }
  unsigned numCombos = pairCode.size() / numSlots;
  comboGroup.assign(numCombos, 0);
  groupVariant.clear();
  numGroups = 0;
  for (unsigned c = 0; c < numCombos; ++c) {
    auto row = variantOf.begin() + c * numSlots;
    unsigned g = 0;
    for (; g < numGroups; ++g)
      if (std::equal(row, row + numSlots, groupVariant.begin() + g * numSlots))
        break;
    if (g == numGroups) {
      groupVariant.insert(groupVariant.end(), row, row + numSlots);
      ++numGroups;
    }
    comboGroup[c] = g;
  }
  groupOpen.assign(numGroups, 0);
  // Least share over the sub-multisets of each B (as leastStall).
  leastJoint.assign(numSubsets * numVariants,
                    std::numeric_limits<double>::infinity());
  for (uint64_t b = 0; b < numSubsets; ++b)
    for (unsigned sl = 0; sl < numSlots; ++sl)
      for (unsigned v = variantBase[sl];
           v < (sl + 1 < numSlots ? variantBase[sl + 1] : numVariants); ++v) {
        double &at = leastJoint[b * numVariants + v];
        at = slotShare(b, sl, variantCode[v]);
        for (unsigned t = 0; t < types.size(); ++t)
          if (b / stride[t] % (typeCount[t] + 1) != 0)
            at = std::min(at, leastJoint[(b - stride[t]) * numVariants + v]);
      }
  haveJoint = true;
}

/// The loading record of the cut in `slot` with the sub-multiset of entry
/// `s` below it (inputs: fh, tl; the output: th, fl) as far as its tile
/// decides it (repeatedRecord).
double ExhaustiveBound::Impl::cutRecord(unsigned slot, uint64_t s) const {
  const unsigned *port = &slotPort[slot * 4];
  const TransferData *td = &cutTransfer[s * 4];
  bool out = slotOperand[slot] == kOut;
  // A repeated output transfer off-loads the last tile: possibly partial
  // and smaller than the full one in padded spaces (at least 0), with
  // lanes idle in perfect ones (lastTileReal).
  unsigned k1 = out ? 1 : 0, k2 = out ? 3 : 2;
  unsigned j = slot - ops[slotOperand[slot]].slot;
  auto repeated = [&](const TransferData &t, unsigned m) {
    if (t.count <= 1)
      return 0.0;
    return out ? lastTileReal(kOut, m, s / numSlots, true, t) : t.real;
  };
  double record = 0;
  if (port[k1] != kNoPort)
    record = std::max(record, repeated(td[k1], j));
  if (port[k2] != kNoPort)
    record = std::max(record, repeated(td[k2], j + 1));
  return record;
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
  const unsigned np = ports.size();
  slotPort.assign(numSlots * 4, kNoPort);
  slotOperand.assign(numSlots, 0);
  slotCut.assign(numSlots, 0);
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    for (unsigned j = 0; ops[o].present && j + 1 < ops[o].numLevels; ++j) {
      slotOperand[ops[o].slot + j] = static_cast<uint8_t>(o);
      slotCut[ops[o].slot + j] = static_cast<uint8_t>(j);
      unsigned *at = &slotPort[(ops[o].slot + j) * 4];
      at[0] = ops[o].port[j][kFH];
      at[1] = ops[o].port[j][kTH];
      at[2] = ops[o].port[j + 1][kTL];
      at[3] = ops[o].port[j + 1][kFL];
    }
  const unsigned numLoads = opts.zigzagCompat ? 0 : std::max(1u, numInputs);
  const unsigned width = (2 + numLoads) * np;
  busyWidth = width;
  bool busyTable = np > 0 && width <= kMaxBusyWidth &&
                   numSubsets * numLevelVectors * width <= kMaxBusyEntries;
  bestBusy.clear();
  if (busyTable) {
    bestBusy.assign(numSubsets * numLevelVectors * width, inf);
    std::fill(bestBusy.begin(), bestBusy.begin() + width, 0.0);
  }
  double busy[kMaxBusyWidth];
  const unsigned tieLoads = std::min(numLoads, 2u);
  tieWidth = tieLoads;
  tieLoad.clear();
  if (tieLoads && numSubsets * numLevelVectors * tieLoads <= kMaxTieEntries)
    tieLoad.assign(numSubsets * numLevelVectors * tieLoads, inf);
  if (!tieLoad.empty())
    std::fill(tieLoad.begin(), tieLoad.begin() + tieLoads, 0.0);
  unsigned levels[kNumMemOperands], raised[kNumMemOperands];
  for (uint64_t b = 0; b < numSubsets; ++b) {
    for (unsigned L = 0; L < numLevelVectors; ++L) {
      double start = bestInner[b * numLevelVectors + L];
      if (start == inf)
        continue;
      const double *startBusy =
          busyTable ? &bestBusy[(b * numLevelVectors + L) * width] : nullptr;
      for (unsigned o = 0; o < kNumMemOperands; ++o)
        levels[o] = ops[o].present ? L / levelStride[o] % ops[o].numLevels : 0;
      for (unsigned t = 0; t < types.size(); ++t) {
        if (b / stride[t] % (typeCount[t] + 1) == typeCount[t])
          continue;
        uint64_t next = b + stride[t];
        // Inputs whose bottom run of irrelevant loops ends below t.
        double cost = start;
        if (busyTable)
          std::copy(startBusy, startBusy + width, busy);
        for (unsigned k = 0; k < numInputs; ++k) {
          unsigned o = inputs[k];
          if ((subsetIrOnly[b] >> o & 1) && !(typeIr[t] >> o & 1)) {
            cost += innerReadEnergy(o, subsetProduct[b],
                                    lanesOnly ? subsetIdle[b] : 0);
            unsigned q = ops[o].port[0][kTL];
            // Padded spaces: the innermost reads' tiles are not tabulated
            // (they count 0, as in latencyBound); with idle lanes each read
            // moves at least laneRho of the full one.
            if (busyTable && q != kNoPort && !anyPadded) {
              double count = std::floor(total / subsetProduct[b]) - 1;
              double real = lanesOnly
                                ? shrunkReal(innerRead[o].real, laneRho[o][0])
                                : innerRead[o].real;
              busy[q] += real * std::max(0.0, count);
              for (unsigned k = 0; k < numLoads; ++k)
                busy[(2 + k) * np + q] += real * std::max(0.0, count);
              busy[np + q] +=
                  std::max(0.0, (real - std::trunc(subsetProduct[b])) * count);
            }
          }
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
            if (!tieLoad.empty() && cutCost <= slot + tieTolerance) {
              // Lexicographic: least energy, then least records among the
              // paths within tieTolerance of it (a prefix of such a path is
              // within it of its own state's least too).
              double add[2];
              const double *from =
                  &tieLoad[(b * numLevelVectors + L) * tieLoads];
              std::copy(from, from + tieLoads, add);
              for (unsigned o = 0; o < kNumMemOperands; ++o)
                for (unsigned j = levels[o]; ops[o].present && j < raised[o];
                     ++j) {
                  double record = cutRecord(ops[o].slot + j,
                                            b * numSlots + ops[o].slot + j);
                  for (unsigned x = 0; x < tieLoads; ++x)
                    if (o == kOut || (x < numInputs && inputs[x] == o))
                      add[x] += record;
                }
              double *to = &tieLoad[(next * numLevelVectors + L2) * tieLoads];
              if (cutCost < slot - tieTolerance)
                std::copy(add, add + tieLoads, to);
              else
                for (unsigned x = 0; x < tieLoads; ++x)
                  to[x] = std::min(to[x], add[x]);
            }
            slot = std::min(slot, cutCost);
          }
          if (fits && busyTable) {
            double *to = &bestBusy[(next * numLevelVectors + L2) * width];
            double add[kMaxBusyWidth];
            std::copy(busy, busy + width, add);
            for (unsigned o = 0; o < kNumMemOperands; ++o)
              for (unsigned j = levels[o]; ops[o].present && j < raised[o];
                   ++j) {
                uint64_t s = b * numSlots + ops[o].slot + j;
                const unsigned *port = &slotPort[(ops[o].slot + j) * 4];
                const TransferData *td = &cutTransfer[s * 4];
                for (unsigned k = 0; k < 4; ++k) {
                  unsigned q = port[k];
                  if (q == kNoPort)
                    continue;
                  // Padded spaces: the full tiles' periods but the first,
                  // each in at most its period (latencyBound).
                  double stall, busyCycles;
                  periodTerms(o, b, ops[o].slot + j, k, td[k],
                              anyPadded ? td[k].period : td[k].allowed(), stall,
                              busyCycles);
                  add[q] += busyCycles;
                  add[np + q] += stall;
                  for (unsigned x = 0; x < numLoads; ++x)
                    add[(2 + x) * np + q] += busyCycles;
                }
                double record = cutRecord(ops[o].slot + j, s);
                for (unsigned x = 0; x < numLoads && record > 0; ++x)
                  if (o == kOut || (x < numInputs && inputs[x] == o))
                    for (unsigned q = 0; q < np; ++q)
                      add[(2 + x) * np + q] += record;
              }
            for (unsigned q = 0; q < width; ++q)
              to[q] = std::min(to[q], add[q]);
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
    out.bits = transferBits(op, lc.transfer[dir]);
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
  // (integer mapping); known when the operand has reached its level 0, and
  // at least the least innermost tile before.
  if ((!sameVariants && !innerSameVariants[op]) || port.bwMax <= 0)
    return 0;
  double bits;
  if (lev[op] != 0)
    bits = leastInnerBits[op];
  else if (ops[op].numLevels == 1)
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
  // The output off-loads its last tile, which idle lanes shrink.
  bool last = lanesOnly && op == kOut;
  if (closedTransfer(op, level, dir, t)) {
    if (t.count == 0)
      return 0;
    if (t.count > 1 && last) {
      bool lowSide = dir == kTL || dir == kFL;
      bool known = haveTable && !(lowSide && level == 0);
      unsigned cut = lowSide ? level - 1 : level;
      return lastTileReal(op, level, known ? below[op][cut] : 0, known, t);
    }
    if (t.count > 1)
      return t.real;
    return onceLoad(ports[p], op, level, dir);
  }
  if (mayBeOnce(op, level, dir))
    return kNegInf;
  double least = smallestReal(op, level, dir);
  return last ? shrunkReal(least, laneRho[op][level]) : least;
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
      energy += innerReadEnergy(o, macStBound[o], macStIdle[o]);
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
        // Padded spaces: the model floors a transfer's count (a bigger tile
        // moved 1.67 times counts once), so a bigger tile below an open
        // cut is not always the cheaper one; the table bounds (exact least
        // over the cuts) do not rely on it, this one counts 0. Idle lanes
        // round each tile's words on their own: 0 too.
        if ((o == kOut && finalWider) || anyPadded || lanesOnly)
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

double ExhaustiveBound::Impl::closedWindow(unsigned o, unsigned j,
                                           const TransferData &t) const {
  // The cost model's window of cut j's transfers: the whole period if
  // memory j is double-buffered, else the period over the run of loops
  // irrelevant to the operand at the top of level j. With such a loop
  // placed right below the cut, the top relevant run is empty, so an
  // exclusive memory is double-buffered iff its tile fills at most half of
  // it; the run is at least the placed part of it.
  double window = t.allowed();
  if (!placedTypes || anyPadded || !cyclesPerOpOne || !exclusiveMemory[o][j])
    return window;
  unsigned top = ends[o][j];
  unsigned start = j > lev[o] ? ends[o][j - 1] : 0;
  unsigned from = std::max(start, placedFrom);
  double run = 1;
  for (unsigned k = top; k-- > from && (typeIr[placedTypes[k]] >> o & 1);)
    run *= static_cast<double>(types[placedTypes[k]].factor);
  if (run == 1)
    return window;
  double bits = cutTileBits[below[o][j] * numSlots + ops[o].slot + j];
  double size = static_cast<double>(hw.memories[ops[o].memory[j]].sizeBits);
  if (size <= 0 || std::floor(bits) / size <= 0.5)
    return window;
  return std::min(window, std::trunc(t.period / run));
}

double ExhaustiveBound::Impl::latencyBound() const {
  // Stall: per port, every closed transfer stalls at least (R - P)(N - 1)
  // (its allowed window is at most its period), and all of them together at
  // least sum R (N - 1) - total (the union of windows spans at most the
  // layer's cycles).
  double stall = 0;
  TransferData t;
  portClosedStall.assign(ports.size(), 0);
  portClosedBusy.assign(ports.size(), 0);
  // The open part's least busy cycles per port, all open transfers at once.
  const double *openBusy = nullptr;
  if (haveTable && !bestBusy.empty()) {
    unsigned L = 0;
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      if (ops[o].present)
        L += lev[o] * levelStride[o];
    openBusy = &bestBusy[(remaining * numLevelVectors + L) * busyWidth];
  }
  for (unsigned pi = 0; pi < ports.size(); ++pi) {
    const PortInfo &port = ports[pi];
    double positive = 0, busy = 0, closedBusy = 0;
    for (const PortActivity &a : port.acts) {
      // Padded spaces, counted tile by tile: a port's stall is at least the
      // sum of its transfers' full-tile periods' positive stalls (the
      // partial ones add >= 0), and at least their busy cycles minus the
      // padded nest's cycles, which bound the window union (a cut's full
      // period times its number of tiles is at most the padded product).
      // The transfers no table cut holds count 0.
      if (anyPadded) {
        bool lowSide = a.dir == kTL || a.dir == kFL;
        unsigned cut = lowSide ? a.level - 1 : a.level;
        if (!haveTable || (lowSide && a.level == 0) ||
            cut + 1 >= ops[a.op].numLevels ||
            (a.op == kOut && (a.dir == kTL || a.dir == kFH)))
          continue;
        unsigned k = a.dir == kFH ? 0 : a.dir == kTH ? 1 : a.dir == kTL ? 2 : 3;
        if (closedTransfer(a.op, a.level, a.dir, t)) {
          double own = std::max(
              0.0, (t.real - t.period) *
                       std::max(0.0, fullTiles(below[a.op][cut], t) - 1));
          positive += own;
          portClosedStall[pi] += own;
          double full =
              t.real * std::max(0.0, fullTiles(below[a.op][cut], t) - 1);
          busy += full;
          closedBusy += full;
        } else if (!mayBeOnce(a.op, a.level, a.dir)) {
          uint64_t at = (remaining * numSlots + ops[a.op].slot + cut) * 4 + k;
          positive += leastStall[at];
          busy += leastBusy[at];
        }
        continue;
      }
      if (a.op != kOut && a.dir == kTL && a.level == 0 && !macStKnown[a.op]) {
        double count = std::floor(total / macStBound[a.op]);
        double real = lanesOnly
                          ? shrunkReal(innerRead[a.op].real, laneRho[a.op][0])
                          : innerRead[a.op].real;
        busy += real * std::max(0.0, count - 1);
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
      // The table's cuts know B (their tiles' shares), the innermost ones
      // (and every cut without tables) bound all periods alike.
      bool lowSide = a.dir == kTL || a.dir == kFL;
      bool known = haveTable && !(lowSide && a.level == 0);
      unsigned cut = lowSide ? a.level - 1 : a.level;
      double own, moved;
      if (known) {
        unsigned k = a.dir == kFH ? 0 : a.dir == kTH ? 1 : a.dir == kTL ? 2 : 3;
        periodTerms(a.op, below[a.op][cut], ops[a.op].slot + cut, k, t,
                    closedWindow(a.op, cut, t), own, moved);
      } else {
        Periods p = periodsOf(a.op, a.level, 0, false, t);
        own = periodsStall(p, t.real, t.allowed());
        moved = periodsBusy(p, t.real);
      }
      positive += own;
      portClosedStall[pi] += own;
      busy += moved;
      closedBusy += moved;
    }
    stall =
        std::max({stall, positive, busy - (anyPadded ? paddedTotal : total)});
    portClosedBusy[pi] = closedBusy;

    // The open part's least busy cycles (in padded spaces those of the full
    // tiles, whose windows span at most the padded nest's cycles).
    if (openBusy)
      stall = std::max(
          {stall, closedBusy + openBusy[pi] - (anyPadded ? paddedTotal : total),
           portClosedStall[pi] + openBusy[ports.size() + pi]});
  }

  // On-loading: the cost model's formula on bounds of its records (it is
  // monotone in each record).
  detail::OnloadSums sums;
  for (unsigned k = 0; k < numInputs; ++k) {
    unsigned o = inputs[k];
    for (unsigned m = 0; m + 1 < ops[o].numLevels; ++m) {
      pairRecord[o][m] =
          std::max(loadRecord(o, m, kFH), loadRecord(o, m + 1, kTL));
      sums.add(k, pairRecord[o][m], sharedRecord(o, m, kFH),
               sharedRecord(o, m + 1, kTL), opts.zigzagCompat);
    }
  }
  double onload = sums.total(numInputs, opts.zigzagCompat);
  double offload = 0;
  for (unsigned m = 0; m + 1 < ops[kOut].numLevels; ++m) {
    pairRecord[kOut][m] =
        std::max(loadRecord(kOut, m, kTH), loadRecord(kOut, m + 1, kFL));
    // Padded spaces: a repeated output transfer off-loads the last tile,
    // possibly partial and smaller than any full tile, but not negative.
    if (anyPadded)
      pairRecord[kOut][m] = std::min(0.0, pairRecord[kOut][m]);
    offload += pairRecord[kOut][m];
  }
  double latency = total + stall + onload + offload;
  // The joint bound builds on every tile's stall: perfect spaces only. The
  // busy-plus-loading one counts the full tiles in padded spaces.
  if (!anyPadded)
    latency = std::max(latency, jointLatencyBound());
  latency = std::max(latency, busyLoadingBound(openBusy));
  latency = std::max(latency, loadingPortBound(stall));
  if (std::isnan(latency))
    latency = kNegInf;
  tieLatency = std::max(latency, tieLatencyBound(stall));
  if (std::isnan(tieLatency))
    tieLatency = latency;
  return latency;
}

double ExhaustiveBound::Impl::tieLatencyBound(double stall) const {
  // In the corrected model latency >= total + stall + input k's records +
  // the output's (OnloadSums::total), as busyLoadingBound; the open cuts
  // add the least records of the open part's least-energy paths only, so
  // this bounds the completions of least energy alone.
  if (opts.zigzagCompat || tieLoad.empty())
    return kNegInf;
  unsigned L = 0;
  double closedLoad[kNumMemOperands] = {};
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    if (!ops[o].present)
      continue;
    L += lev[o] * levelStride[o];
    for (unsigned j = lev[o]; j + 1 < ops[o].numLevels; ++j)
      closedLoad[o] += std::max(0.0, pairRecord[o][j]);
  }
  const double *open = &tieLoad[(remaining * numLevelVectors + L) * tieWidth];
  double best = kNegInf;
  for (unsigned k = 0; k < tieWidth; ++k)
    best =
        std::max(best, total + std::max(0.0, stall) + closedLoad[kOut] +
                           (numInputs ? closedLoad[inputs[k]] : 0) + open[k]);
  return best;
}

double ExhaustiveBound::Impl::busyLoadingBound(const double *openBusy) const {
  // In the corrected model, per port p and input k: stall >= busy_p - total
  // (the port's windows span at most the layer) and on-loading >= input k's
  // records, so latency >= busy_p + input k's records + off-loading. A
  // bigger tile moves less often but loads longer: the sum sees both (a
  // layer streaming its weights from DRAM costs all of them, whatever the
  // tile). Closed cuts add their exact terms, the open part the programme's
  // least sum (solveInner).
  if (opts.zigzagCompat || !openBusy)
    return kNegInf;
  // Padded spaces: the busy cycles are the full tiles' and their windows
  // span at most the padded nest's cycles, so the stall is at least busy -
  // paddedTotal: latency >= busy + records + (total - paddedTotal).
  double slack = anyPadded ? total - paddedTotal : 0;
  double closedLoad[kNumMemOperands] = {};
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    for (unsigned j = lev[o]; ops[o].present && j + 1 < ops[o].numLevels; ++j)
      closedLoad[o] += std::max(0.0, pairRecord[o][j]);
  unsigned np = ports.size(), numLoads = std::max(1u, numInputs);
  double best = kNegInf;
  for (unsigned k = 0; k < numLoads; ++k) {
    double load = closedLoad[kOut] + (numInputs ? closedLoad[inputs[k]] : 0);
    for (unsigned p = 0; p < np; ++p)
      best = std::max(best, portClosedBusy[p] + load +
                                openBusy[(2 + k) * np + p] + slack);
  }
  return best;
}

double ExhaustiveBound::Impl::jointLatencyBound() const {
  // In the corrected model on-loading is at least the sum of one input's
  // records (OnloadSums::total), and a port's stall at least the sum of its
  // transfers' positive parts: total + both, plus off-loading, is a bound
  // for every (port, input) pair. Closed cuts add their exact terms, open
  // ones the least share any cut they can still get has (leastJoint).
  if (!haveJoint)
    return kNegInf;
  // The loading records of the closed cuts, per operand (any port).
  double closedLoad[kNumMemOperands] = {};
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    const OperandInfo &oi = ops[o];
    bool loads = o == kOut ||
                 std::find(inputs, inputs + numInputs, o) != inputs + numInputs;
    for (unsigned j = lev[o]; loads && oi.present && j + 1 < oi.numLevels; ++j)
      closedLoad[o] += std::max(0.0, pairRecord[o][j]);
  }
  const double *least = &leastJoint[remaining * numVariants];
  for (unsigned g = 0; g < numGroups; ++g) {
    const unsigned *variant = &groupVariant[g * numSlots];
    double sum = 0;
    for (unsigned o = 0; o < kNumMemOperands; ++o) {
      const OperandInfo &oi = ops[o];
      for (unsigned j = 0; oi.present && j < lev[o] && j + 1 < oi.numLevels;
           ++j)
        sum += least[variant[oi.slot + j]];
    }
    groupOpen[g] = sum;
  }
  double best = kNegInf;
  TransferData t;
  for (unsigned p = 0; p < ports.size(); ++p) {
    // The once family: port p's surplus shortens its once-only transfers
    // by at most the computation cycles C in all (reduce_balanced), and
    // latency = C + on-loading + off-loading, so latency >= those
    // transfers' full cycles + the other records, less the rounding of C.
    // Per level pair (operand o, cut j) with a once-only transfer on p:
    // how much its full cycles exceed the pair's record bound.
    unsigned extraAt[kMaxPortActivities];
    double extra[kMaxPortActivities];
    unsigned numExtra = 0;
    for (const PortActivity &a : ports[p].acts) {
      if (!portOnce[p])
        break;
      unsigned o = a.op;
      bool loadSide = o == kOut ? a.dir == kTH || a.dir == kFL
                                : a.dir == kFH || a.dir == kTL;
      bool lowSide = a.dir == kTL || a.dir == kFL;
      if (!loadSide || (lowSide && a.level == 0))
        continue;
      unsigned j = lowSide ? a.level - 1 : a.level;
      if (j < lev[o] || j + 1 >= ops[o].numLevels ||
          ops[o].port[a.level][a.dir] != p ||
          !closedTransfer(o, a.level, a.dir, t) || t.count != 1)
        continue;
      // A pair's record is the longer of its two transfers: one of them
      // counts (the surplus is shared by all, so each pair takes one).
      double more = t.real - std::max(0.0, pairRecord[o][j]);
      unsigned at = o * kMaxLevels + j, i = 0;
      while (i < numExtra && extraAt[i] != at)
        ++i;
      if (i == numExtra) {
        extraAt[numExtra] = at;
        extra[numExtra++] = 0;
      }
      extra[i] = std::max(extra[i], more);
    }
    double onceExtra[kNumMemOperands] = {};
    for (unsigned i = 0; i < numExtra; ++i)
      onceExtra[extraAt[i] / kMaxLevels] += extra[i];
    for (unsigned k = 0; k < numK * 2; ++k) {
      bool once = k % 2;
      // Without transfers of its own (stall) or once-only ones, the family
      // is no more than the loading records alone, which the others add.
      if (once ? !portOnce[p] : ports[p].acts.empty())
        continue;
      unsigned input = numInputs ? inputs[k / 2] : kOut;
      double sum = once ? onceExtra[kOut] + (numInputs ? onceExtra[input] : 0)
                        : portClosedStall[p];
      sum += closedLoad[kOut] + (numInputs ? closedLoad[input] : 0) +
             groupOpen[comboGroup[p * numK * 2 + k]];
      best =
          std::max(best, once ? sum - (std::ceil(total) - total) : total + sum);
    }
  }
  return best;
}

/// The least on-loading plus off-loading when one port's loading records
/// total `full[k]` cycles for input k and `fullOut` for the output, of which
/// `once[k]` and `onceOut` may be taken off (once-only transfers above
/// their minimum), `budget` cycles in all; on-loading is the longer
/// input's records.
/// A cycle off the output saves a cycle, one off the inputs at most one, so
/// the output goes first; the inputs are then levelled as reduce_balanced
/// levels a port's transfers.
static double leastLoading(const double *full, const double *once,
                           unsigned numInputs, double fullOut, double onceOut,
                           double budget) {
  double offOut = std::min(onceOut, budget);
  double cycles[2], fixed[2];
  for (unsigned k = 0; k < numInputs; ++k) {
    cycles[k] = full[k];
    fixed[k] = full[k] - once[k];
  }
  detail::reduceBalanced(cycles, fixed, numInputs, budget - offOut,
                         /*compat=*/false);
  double longest = 0;
  for (unsigned k = 0; k < numInputs; ++k)
    longest = std::max(longest, cycles[k]);
  return longest + fullOut - offOut;
}

double ExhaustiveBound::Impl::loadingPortBound(double stall) const {
  // Per port p, in the corrected model: latency = C - (ceil(T) - T) +
  // on-loading + off-loading, with C = ceil(T) + stall the computation
  // cycles (T the ideal temporal cycles). The loading records of the
  // transfers p carries are their full cycles, except that reduce_balanced
  // takes off the once-only ones at most p's surplus, a share of C, in all
  // (repeated transfers keep their full cycles); on-loading is at least one
  // input's records (OnloadSums::total). A cycle more of C takes at most a
  // cycle off the records, so the least C (ceil(T) + the stall bound) gives
  // the bound. Open cuts count 0 (only lowering the bound).
  if (opts.zigzagCompat || (numInputs != 1 && numInputs != 2))
    return kNegInf; // compat's on-loading sums are not sums of records
  double computation = std::ceil(total) + std::max(0.0, stall);
  // Every level pair's record bound; a port's own pairs replace theirs.
  double records[kNumMemOperands] = {};
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    for (unsigned m = 0; ops[o].present && m + 1 < ops[o].numLevels; ++m)
      records[o] += std::max(0.0, pairRecord[o][m]);
  bool wholePeriods = cyclesPerOpOne;
  double best = kNegInf;
  TransferData t;
  for (const PortInfo &port : ports) {
    if (port.bwMax <= 0)
      continue;
    double full[kNumMemOperands], once[kNumMemOperands] = {};
    std::copy(records, records + kNumMemOperands, full);
    bool any = false, onPort[kNumMemOperands][kMaxLevels] = {};
    // The port's surplus is (bw - required) / bw of C, required summing the
    // average bandwidth of its repeated transfers: at least that of the
    // closed ones, trunc(tile bits / period) with more than (real - 1) bw
    // tile bits (their period, a product of loop sizes, is whole when the
    // cycles per operation are 1). The output's average counts its tile at
    // the level's precision, which may be the other of its two.
    double required = 0;
    for (const PortActivity &a : port.acts) {
      unsigned o = a.op;
      if (o == kOut && (a.dir == kTL || a.dir == kFH))
        continue; // partial sums: no loading record, not in required
      if (!closedTransfer(o, a.level, a.dir, t)) {
        // An open cut: the least share any cut it can still get has.
        bool inner = a.level == 0 && (a.dir == kTL || a.dir == kFL);
        if (haveTable && wholePeriods && !inner) {
          unsigned cut = a.dir == kTL || a.dir == kFL ? a.level - 1 : a.level;
          unsigned k = a.dir == kFH   ? 0
                       : a.dir == kTH ? 1
                       : a.dir == kTL ? 2
                                      : 3;
          required +=
              leastRequired[(remaining * numSlots + ops[o].slot + cut) * 4 + k];
        }
        continue;
      }
      if (t.count == 0)
        continue;
      if (wholePeriods)
        required += requiredShare(t, port.bwMax, o);
      bool loadSide = o == kOut ? a.dir == kTH || a.dir == kFL
                                : a.dir == kFH || a.dir == kTL;
      bool lowSide = a.dir == kTL || a.dir == kFL;
      if (!loadSide || (lowSide && a.level == 0) ||
          (!lowSide && a.level + 1u >= ops[o].numLevels))
        continue; // no loading record
      unsigned m = lowSide ? a.level - 1 : a.level;
      if (onPort[o][m])
        continue;
      onPort[o][m] = any = true;
      // Padded spaces: a repeated output transfer off-loads the last tile,
      // which may be partial (with idle lanes: smaller); its record keeps
      // its own bound.
      if ((anyPadded || lanesOnly) && o == kOut && t.count > 1)
        continue;
      full[o] += t.real - std::max(0.0, pairRecord[o][m]);
      // reduce_balanced keeps at least min(cycles, minimum) of each.
      if (t.count == 1)
        once[o] += t.real - std::min(t.real, minimumOnceCycles(o, port));
    }
    if (!any)
      continue;
    double surplus = std::max(0.0, (port.bwMax - required) / port.bwMax);
    double inputFull[2] = {}, inputOnce[2] = {};
    for (unsigned k = 0; k < numInputs; ++k) {
      inputFull[k] = full[inputs[k]];
      inputOnce[k] = once[inputs[k]];
    }
    best = std::max(best, total + std::max(0.0, stall) +
                              leastLoading(inputFull, inputOnce, numInputs,
                                           full[kOut], once[kOut],
                                           surplus * computation));
  }
  return best;
}

void ExhaustiveBound::Impl::setPadding(
    const std::vector<std::vector<LoopFactor>> &spatial,
    const std::vector<LoopFactor> &loops) {
  std::vector<int64_t> sizes;
  temporalLoopSizes(w, spatial, sizes);
  unsigned numLoops = std::min<unsigned>(sizes.size(), kMaxLoops);
  loopReal.assign(numLoops, 1);
  loopPadded.assign(numLoops, 1);
  loopFactors.assign(numLoops, 0);
  for (unsigned l = 0; l < numLoops; ++l)
    loopReal[l] = static_cast<double>(sizes[l]);
  for (const LoopFactor &lf : loops)
    if (lf.loop < numLoops) {
      loopPadded[lf.loop] *= static_cast<double>(lf.factor);
      ++loopFactors[lf.loop];
    }
  anyPadded = false;
  for (unsigned l = 0; l < numLoops; ++l)
    anyPadded |= loopPadded[l] > loopReal[l];
  lanesIdle.assign(numLoops, false);
  lanesOnly = false;
  if (!opts.zigzagCompat && opts.flavor != CostModelFlavor::DeFiNES) {
    std::vector<int64_t> lanes = spatialLoopProducts(w, spatial);
    for (unsigned l = 0; l < numLoops; ++l)
      lanesIdle[l] = w.loopSizes[l] % lanes[l] != 0;
    // Padded spaces count only the lane-full tiles (subsetFullTiles);
    // perfect ones bound the others by their busy lanes (periodsOf).
    laneCount.assign(numLoops, 1);
    laneRest.assign(numLoops, 1);
    for (unsigned l = 0; l < numLoops; ++l) {
      laneCount[l] = static_cast<double>(lanes[l]);
      laneRest[l] =
          static_cast<double>(w.loopSizes[l] - lanes[l] * (sizes[l] - 1));
    }
    for (unsigned l = 0; l < numLoops; ++l)
      lanesOnly |= lanesIdle[l] && !anyPadded;
    idleLoops.clear();
    for (unsigned l = 0; l < numLoops && lanesOnly; ++l)
      if (lanesIdle[l] && loopFactors[l] && idleLoops.size() < kMaxIdleLoops)
        idleLoops.push_back(l);
    // The lanes inside one instance of each memory level: the array dims
    // it and the levels below it serve.
    laneInst.assign(kNumMemOperands * kMaxLevels * numLoops, 1);
    std::vector<std::vector<double>> factors(spatial.size());
    for (unsigned d = 0; d < spatial.size(); ++d)
      for (const LoopFactor &lf : spatial[d])
        factors[d].push_back(static_cast<double>(lf.factor));
    std::vector<std::vector<LevelFactor>> levels;
    for (unsigned o = 0; o < kNumMemOperands; ++o) {
      if (!ops[o].present)
        continue;
      operandLevelUnrolling(hw, static_cast<MemOperand>(o), spatial, factors,
                            levels);
      for (unsigned m = 0; m < ops[o].numLevels && m < kMaxLevels; ++m) {
        double *inst = &laneInst[(o * kMaxLevels + m) * numLoops];
        if (m > 0)
          std::copy(inst - numLoops, inst, inst);
        if (m < levels.size())
          for (const LevelFactor &lf : levels[m])
            if (lf.loop < numLoops)
              inst[lf.loop] *= lf.factor;
      }
    }
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      for (unsigned m = 0; m < kMaxLevels; ++m) {
        laneRho[o][m] = laneExtra[o][m] = 1;
        for (unsigned l = 0; l < numLoops && m < ops[o].numLevels; ++l) {
          if (!lanesIdle[l] || !loopFactors[l] || !ops[o].present ||
              isIrLoop(o, l))
            continue;
          double shrink = laneShrink(o, m, l, 1);
          laneRho[o][m] *= shrink;
          if (std::find(idleLoops.begin(), idleLoops.end(), l) ==
              idleLoops.end())
            laneExtra[o][m] *= shrink;
        }
      }
  }
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
  std::vector<std::vector<double>> frac =
      convertSpatialFactors(s.w, s.hw, spatial, false);
  std::vector<std::vector<double>> integer =
      convertSpatialFactors(s.w, s.hw, spatial, true);
  s.sameVariants = frac == integer;
  std::vector<std::vector<LevelFactor>> fracLevels, integerLevels;
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    s.innerSameVariants[o] = s.sameVariants;
    if (s.sameVariants || !s.ops[o].present)
      continue;
    operandLevelUnrolling(s.hw, static_cast<MemOperand>(o), spatial, frac,
                          fracLevels);
    operandLevelUnrolling(s.hw, static_cast<MemOperand>(o), spatial, integer,
                          integerLevels);
    s.innerSameVariants[o] =
        !fracLevels.empty() && !integerLevels.empty() &&
        std::equal(fracLevels[0].begin(), fracLevels[0].end(),
                   integerLevels[0].begin(), integerLevels[0].end(),
                   [](const LevelFactor &a, const LevelFactor &b) {
                     return a.loop == b.loop && a.factor == b.factor;
                   });
  }
  s.n = temporalLoops.size();
  s.unitLoops = false;
  for (const LoopFactor &lf : temporalLoops)
    s.unitLoops |= lf.factor == 1;
  s.unitFactors = s.unitLoops;
  s.setPadding(spatial, temporalLoops);
  // A padded loop's outermost factor counts T / P, possibly below 2 (7 as
  // 2 x 2 x 2: 1.75), and the model floors a transfer's count: like a loop
  // of size 1 it may leave a transfer above it done once.
  s.unitLoops |= s.anyPadded;
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

/// Padded spaces without loops of size 1: whether every open cut of
/// operand `o` surely moves its data more than once. An open cut sits right
/// below a remaining loop the operand does not merge down (canonical), so
/// that loop and every placed loop, of any class, repeat what crosses it:
/// the count is at least their counted product, the placed ones as the
/// cost model counts them and the remaining one at its least (T / P of
/// its factor if its loop may still put its outermost factor there).
bool ExhaustiveBound::Impl::paddedSurelyMany(unsigned o, const uint8_t *typeAt,
                                             const uint8_t *remainingCount,
                                             unsigned p, unsigned n) const {
  const Impl &s = *this;
  double placed = 1;
  unsigned perLoop[kMaxLoops] = {};
  for (unsigned k = p; k < n; ++k) {
    placed *= static_cast<double>(s.types[typeAt[k]].factor);
    if (s.types[typeAt[k]].loop < kMaxLoops)
      ++perLoop[s.types[typeAt[k]].loop];
  }
  for (unsigned l = 0; l < s.loopReal.size(); ++l)
    if (perLoop[l] && s.loopPadded[l] > s.loopReal[l])
      placed *= s.loopReal[l] / s.loopPadded[l];
  double least = std::numeric_limits<double>::infinity();
  for (unsigned t = 0; t < s.types.size(); ++t) {
    if (!remainingCount[t] || (s.typeIr[t] >> o & 1))
      continue;
    unsigned l = s.types[t].loop;
    double v = static_cast<double>(s.types[t].factor);
    if (l < s.loopReal.size() && !perLoop[l] && s.loopPadded[l] > s.loopReal[l])
      v *= s.loopReal[l] / s.loopPadded[l];
    least = std::min(least, v);
  }
  return std::isfinite(least) && placed * least >= 2;
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
  s.placedTypes = typeAt;
  s.placedFrom = p;
  r.complete = p == 0;
  r.cost = nullptr;
  if (r.complete || !s.haveTable) {
    s.model.evaluateTemporal(loops, n, ptr, *s.cost);
    r.cost = s.cost.get();
  }
  if (r.complete) {
    r.energy = s.cost->energy;
    r.latency = s.cost->latency;
    r.tieLatency = r.latency;
    r.fits = s.fitsMemories(loops, n, ptr);
    return r;
  }
  for (unsigned o = 0; o < kNumMemOperands; ++o) {
    if (!s.ops[o].present)
      continue;
    if (s.unitLoops) {
      // A placed loop the operand cannot merge down into its open levels.
      double placed = 1;
      unsigned perLoop[kMaxLoops] = {};
      for (unsigned k = p; k < n; ++k)
        if (!(s.typeIr[typeAt[k]] >> o & 1)) {
          placed *= static_cast<double>(s.types[typeAt[k]].factor);
          if (s.types[typeAt[k]].loop < kMaxLoops)
            ++perLoop[s.types[typeAt[k]].loop];
        }
      // Placed first, a padded loop's outermost factor is among them: it
      // counts T / P (P the product of all of its factors, placed or not).
      if (s.anyPadded)
        for (unsigned l = 0; l < s.loopReal.size(); ++l)
          if (perLoop[l] && s.loopPadded[l] > s.loopReal[l])
            placed *= s.loopReal[l] / s.loopPadded[l];
      s.surelyMany[o] = placed >= 2;
      if (s.anyPadded && !s.unitFactors && !s.surelyMany[o])
        s.surelyMany[o] = s.paddedSurelyMany(o, typeAt, remainingCount, p, n);
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
    if (s.anyPadded) {
      unsigned perLoop[kMaxLoops] = {};
      for (unsigned t = 0; t < s.types.size(); ++t)
        if ((s.typeIr[t] >> o & 1) && s.types[t].loop < kMaxLoops)
          perLoop[s.types[t].loop] += remainingCount[t];
      if (allIr)
        for (unsigned k = p; k < n && (s.typeIr[typeAt[k]] >> o & 1); ++k)
          if (s.types[typeAt[k]].loop < kMaxLoops)
            ++perLoop[s.types[typeAt[k]].loop];
      irProduct = s.remainderProduct(irProduct, perLoop);
    }
    s.macStKnown[o] = allIr;
    s.macStBound[o] = irProduct;
    // The idle-lane loops with a factor in that run, once it is known.
    s.macStIdle[o] = 0;
    auto addIdle = [&](unsigned loop) {
      for (unsigned i = 0; i < s.idleLoops.size(); ++i)
        if (s.idleLoops[i] == loop)
          s.macStIdle[o] |= static_cast<uint8_t>(1u << i);
    };
    if (allIr && s.lanesOnly) {
      for (unsigned t = 0; t < s.types.size(); ++t)
        if (remainingCount[t])
          addIdle(s.types[t].loop);
      for (unsigned k = p; k < n && (s.typeIr[typeAt[k]] >> o & 1); ++k)
        addIdle(s.types[typeAt[k]].loop);
    }
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
  r.tieLatency = s.haveTable ? s.tieLatency : r.latency;
  // No rounding slack: the search compares bounds with costs up to rounding
  // (Exhaustive.cpp, kBoundTieTolerance).
  return r;
}

bool ExhaustiveBound::fitsMemories(const Mapping &m) const {
  return impl->fitsMemories(m);
}

} // namespace zigzag
