//===- CostModel.h - ZigZag's loop-relevance cost model ---------*- C++ -*-===//
//
// Energy and latency of one layer (Workload) on one accelerator (Hardware)
// under one mapping (Mapping), computed the way ZigZag 3.8.5 does it
// (docs/CostModel.md). Plain C++: no MLIR or LLVM dependency.
//
// Usage: one CostModel per (layer, accelerator) and per thread; evaluate()
// does not allocate in steady state. A search that evaluates many temporal
// mappings under one spatial mapping calls setSpatial() once and then
// evaluateTemporal() for each candidate.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_MODEL_COSTMODEL_H
#define ZIGZAG_MODEL_COSTMODEL_H

#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Imc.h"
#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/Workload.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace zigzag {

/// Capacity limits of the fixed-size result and scratch arrays.
constexpr unsigned kMaxLevels = 8;          // memory levels per operand
constexpr unsigned kMaxPorts = 32;          // memory ports of an accelerator
constexpr unsigned kMaxLoops = 64;          // loops of a layer; temporal loops
constexpr unsigned kMaxPortActivities = 16; // allocations per port

/// Which tool's single-layer model to reproduce (docs/CostModel.md).
enum class CostModelFlavor : uint8_t {
  ZigZag,  // ZigZag 3.8.5 (zigzagCompat) or its corrected variant
  DeFiNES, // the older ZigZag vendored by DeFiNES (depth-first scheduling)
};

struct CostModelOptions {
  /// Reproduce ZigZag 3.8.5 including its modelling quirks. false: corrected
  /// behaviour (docs/CostModel.md lists each difference).
  bool zigzagCompat = true;
  /// DeFiNES: ZigZag 3.8.5's quirks plus the differences of DeFiNES's cost
  /// model (word accesses, boosts, spatial conversion, stall and on-loading
  /// latency). Requires zigzagCompat; sameDataNoAccess is ignored (false).
  CostModelFlavor flavor = CostModelFlavor::ZigZag;
  /// ZigZag's access_same_data_considered_as_no_access (its API hard-wires
  /// true): an input that stays unchanged at the innermost memory's output
  /// while the MAC-level stationary loops run is transferred once.
  bool sameDataNoAccess = true;
};

/// One periodic transfer of an operand at a memory level in one direction.
struct DataTransfer {
  double amount = 0;      // elements per period
  double period = 0;      // cycles
  double periodCount = 0; // periods over the whole layer
  double precision = 0;   // bits per element (0 = nothing moves)
};

/// Per operand, per memory level of that operand (innermost first).
struct OperandLevelCost {
  unsigned memory = 0;                  // index into Hardware::memories
  double accesses[kNumDirections] = {}; // word accesses per Direction
  double energy = 0;                    // pJ
  /// Transfers of the fractional spatial mapping (used for energy).
  DataTransfer transfer[kNumDirections];
  /// Per-period transfer cycles of the integer spatial mapping (latency).
  double realCycles[kNumDirections] = {};
  double allowedCycles[kNumDirections] = {};
  double unitCount = 0;       // active instances of this memory
  double bitsPerInstance = 0; // data held by one instance (fractional)
  double utilization = 0;     // bitsPerInstance / memory size
  bool doubleBuffered = false;
};

struct OperandCost {
  bool present = false; // false for an operand the layer lacks
  unsigned numLevels = 0;
  OperandLevelCost levels[kMaxLevels];
  double energy = 0; // sum over levels
  /// Cycles the innermost memory's output stays constant (ZigZag's
  /// mac_level_data_stationary_cycle).
  double macStationaryCycles = 1;
};

struct PortCost {
  unsigned memory = 0;   // index into Hardware::memories
  unsigned port = 0;     // index into Memory::ports
  double stallSlack = 0; // stall (> 0) or slack (< 0) cycles; 0 if idle
};

struct Cost {
  double energy = 0, macEnergy = 0, memEnergy = 0; // pJ
  double latency = 0;                              // ZigZag latency_total2
  double latency0 = 0;                             // ideal_temporal + SS_comb
  double latency1 = 0;                             // latency0 + onload
  double idealCycle = 0, idealTemporalCycle = 0;
  double stallSlack = 0; // SS_comb
  double onload = 0, offload = 0;
  double spatialUtilization = 0;
  /// In-memory-computing arrays: macEnergy's terms (zero otherwise), and
  /// the bit-serial cycles per MAC that stretch every temporal cycle count
  /// (1 for a digital MAC array).
  ImcEnergy imcEnergy;
  double cyclesPerOp = 1;
  OperandCost operands[kNumMemOperands]; // indexed by MemOperand
  unsigned numPorts = 0;
  PortCost ports[kMaxPorts]; // every port of the accelerator, memory order

  const OperandCost &operand(MemOperand op) const {
    return operands[static_cast<unsigned>(op)];
  }
};

/// The spatial mapping as the cost model sees it after ZigZag's conversion:
/// factors clipped to the array dim, and the first array dim carrying the
/// largest unrolling of a loop adjusted so that the temporal remainder is
/// integral (fractional, e.g. K=1000 over 32 becomes 31.25; the integer
/// variant truncates to 31). Same shape as `spatial`.
///
/// DeFiNES flavour: every entry is converted on its own, u = min(u, array
/// dim, loop size), then size / ceil(size / u); the integer variant rounds
/// up (31.25 -> 32).
std::vector<std::vector<double>>
convertSpatialFactors(const Workload &w, const Hardware &hw,
                      const std::vector<std::vector<LoopFactor>> &spatial,
                      bool integer,
                      CostModelFlavor flavor = CostModelFlavor::ZigZag);

/// Port-level steps of the latency model, exposed for testing.
namespace detail {
/// A periodic transfer on a port: it may use the first `allowed` cycles of
/// every `period`, `count` times. (No default initialisers: the model keeps
/// uninitialised scratch arrays of these on its hot path.)
struct PortWindow {
  double period, allowed, count;
};
/// ZigZag's union of the update windows of the transfers sharing a port:
/// the cycles of the longest period (the first, on ties) covered by any
/// window, times that transfer's count; if a window spans its whole period,
/// that period times its count. n <= kMaxPortActivities.
double windowUnion(const PortWindow *windows, unsigned n);
/// ZigZag's reduce_balanced: lowers the largest of `cycles` first, by
/// `surplus` in total, towards `minimum`. compat: only the minimum of the
/// element being levelled is honoured (earlier, larger ones can end below
/// theirs, even negative); otherwise every element stops at its own minimum
/// and none is raised. n <= kMaxPortActivities.
void reduceBalanced(double *cycles, const double *minimum, unsigned n,
                    double surplus, bool compat);

/// ZigZag's on-loading latency of up to two input operands: per operand the
/// longer of each level pair's (fh, tl) transfers, summed by whether the two
/// sides' ports are shared by both inputs, then combined.
struct OnloadSums {
  double individual[2] = {}, shared[2] = {}, half[2] = {};
  /// Adds input `k`'s pair with the longer side `longest`.
  void add(unsigned k, double longest, bool shared1, bool shared2,
           bool compat) {
    if (!shared1 && !shared2)
      individual[k] += longest;
    else if (shared1 && shared2)
      shared[k] += longest;
    else if (compat)
      half[k] = longest; // QUIRK: assignment, not accumulation
    else
      half[k] += longest;
  }
  double total(unsigned numInputs, bool compat) const {
    if (numInputs == 1)
      return compat ? individual[0] : individual[0] + shared[0] + half[0];
    if (numInputs != 2)
      return 0;
    double first = shared[0] + std::max(shared[1] + half[1] + individual[1],
                                        half[0] + individual[0]);
    double second = shared[1] + std::max(shared[0] + half[0] + individual[0],
                                         half[1] + individual[1]);
    return std::min(first, second);
  }
};
} // namespace detail

class CostModel {
public:
  CostModel(const Workload &w, const Hardware &hw, CostModelOptions opts = {});
  ~CostModel();
  CostModel(CostModel &&) noexcept;
  CostModel &operator=(CostModel &&) noexcept;

  /// Non-empty if the workload/hardware pair cannot be modelled at all (an
  /// operand without memory, more levels or ports than the fixed limits).
  const std::string &setupError() const;

  /// Checks a mapping against the workload and hardware: checkMapping
  /// (MappingValidity.h: array fit, coverage, level cuts, capacity) and a
  /// port for every transfer. Returns a human-readable error, or an empty
  /// string if valid. Not on the hot path.
  std::string check(const Mapping &m) const;

  /// Evaluates a valid mapping. Recomputes the spatial part only when
  /// `m.spatial` differs from the last one seen.
  void evaluate(const Mapping &m, Cost &out);

  /// Precomputes everything that depends on the spatial mapping only.
  void setSpatial(const std::vector<std::vector<LoopFactor>> &spatial);
  /// Evaluates `m.temporal`/`m.levelEnds` under the last setSpatial();
  /// `m.spatial` is ignored.
  void evaluateTemporal(const Mapping &m, Cost &out);
  /// Same on raw arrays: `loops[0..numLoops)` innermost first, and per
  /// MemOperand its level ends, one per memory level (nullptr for operands
  /// the layer lacks; for a present operand it puts every loop in its
  /// innermost level).
  void evaluateTemporal(const LoopFactor *loops, unsigned numLoops,
                        const unsigned *const levelEnds[kNumMemOperands],
                        Cost &out);

  /// evaluateTemporal(), unless the mapping gives the model the same inputs
  /// (the per-level loop products it derives from the temporal mapping) as
  /// one this method evaluated since the last setSpatial(): that one's cost
  /// is then this one's, bit for bit, so nothing more is computed, `out` is
  /// left as it is and false is returned. LOMA's orderings often differ
  /// only within a memory level, where the order does not change the cost.
  bool evaluateTemporalIfNew(const LoopFactor *loops, unsigned numLoops,
                             const unsigned *const levelEnds[kNumMemOperands],
                             Cost &out);

  const CostModelOptions &options() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

} // namespace zigzag

#endif // ZIGZAG_MODEL_COSTMODEL_H
