//===- MappingValidity.h - What makes a mapping valid -----------*- C++ -*-===//
//
// The one definition of a valid mapping, shared by every mapping search
// (LOMA, the exhaustive engine, the spatial generator), the mapping check of
// the cost model (--zigzag-estimate-cost, --zigzag-report) and the rewrite
// (--zigzag-apply-mapping), so that the search only emits mappings the other
// passes accept (docs/CostModel.md, "Valid mappings"):
//
//  - coverage: a loop of size N unrolled U times in space (the product of its
//    integer factors over all array dims, U <= N) runs T = ceil(N / U)
//    temporal iterations. The cost model's fractional unrolling (K = 1000
//    over 32 is 31.25 lanes) describes the same nest: the last tile is
//    partial. Imperfect factorization: the temporal factors may multiply to
//    more than T when the loop's outermost temporal factor is
//    ceil(T / P) for the product P < T of its other temporal factors (7 as
//    3 x 3: tiles 3 + 3 + 1); no iteration is then empty.
//  - splits: every such split is realisable, also over several array dims
//    (the rewrite idles the lanes past the loop's end).
//  - capacity: every memory instance holds the tiles of all operands it
//    keeps; an output level holds partial sums (O bits per element) while a
//    loop irrelevant to O remains at or above it, and final outputs (O_final
//    bits) once none remains above it.
//
// Plain C++, no MLIR/LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_MODEL_MAPPINGVALIDITY_H
#define ZIGZAG_MODEL_MAPPINGVALIDITY_H

#include "zigzag/Model/CostModel.h"
#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/SpatialUnrolling.h"
#include "zigzag/Model/Workload.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace zigzag {

/// Temporal iterations of a loop of `size` unrolled `spatial` times in space:
/// ceil(size / spatial).
int64_t temporalIterations(int64_t size, int64_t spatial);

/// Per loop of `w`: the product of its integer spatial factors over all array
/// dims (1 for loops not unrolled). Factors naming no loop are skipped.
std::vector<int64_t>
spatialLoopProducts(const Workload &w,
                    const std::vector<std::vector<LoopFactor>> &spatial);

/// Coverage of loop `loop` of `w` by `spatial` lanes and `temporal`
/// iterations (the product of its temporal factors, `outermost` the last
/// one; 0 = unknown, only a perfect product is accepted): "" or why not.
std::string checkLoopCoverage(const Workload &w, unsigned loop, int64_t spatial,
                              int64_t temporal, int64_t outermost = 0);

/// Imperfect factorization: the factor each temporal loop of `loops[0..n)`
/// (innermost first) counts for in the tile sizes of the cost model and the
/// capacity rule (the cost model counts the transfers on the real tiles).
/// For a layer loop whose factors multiply to more than its temporal
/// iterations T (temporalSizes[loop]), its outermost factor counts as
/// T / P (P = product of its other factors), so that the nest runs T
/// iterations of that loop in total, like the rewrite's partial last tile;
/// every other factor counts as itself. `out` has n entries. Returns whether
/// some loop is imperfect (some factor was adjusted).
bool remainderAdjustedFactors(const LoopFactor *loops, unsigned n,
                              const int64_t *temporalSizes, unsigned numLoops,
                              double *out);

/// Sets the outermost temporal factor of every layer loop whose factors in
/// `loops` multiply to more than temporalSizes[loop] to ceil(T / P), the
/// iterations it really runs (a search that pads a loop's size to get
/// smaller tiles emits this). Perfect loops are left as they are.
void normalizeImperfectFactors(LoopFactor *loops, unsigned n,
                               const int64_t *temporalSizes, unsigned numLoops);

/// A loop whose iterations accumulate into the same outputs (irrelevant to
/// O and larger than 1, ZigZag's ir set of O).
bool reducesOutput(const Workload &w, unsigned loop);

/// Bits per element an output memory level needs: `partialSums` (a loop
/// reducing O runs at or above the level) needs O's precision, `finalOutputs`
/// (none runs above it) O_final's; both: the wider.
double outputLevelPrecision(const Workload &w, bool partialSums,
                            bool finalOutputs);

/// Bits of operand `op`'s tile with `tileSizes` per loop (fractional spatial
/// unrolling included) at `precision` bits per element. DeFiNES rounds each
/// tile size up first; `scratch` (numLoops entries) avoids allocating.
double operandTileBits(const Workload &w, MemOperand op,
                       const double *tileSizes, double precision,
                       CostModelFlavor flavor, int64_t *scratch);

/// Whether `bits` exceed a memory of `sizeBits` (with a relative tolerance
/// for products of fractional factors taken in different orders). Inline:
/// the mapping searches test it for every candidate tile.
inline bool exceedsCapacity(double bits, int64_t sizeBits) {
  double capacity = static_cast<double>(sizeBits);
  return bits > capacity + 1e-9 * capacity;
}

/// The capacity rule for many temporal mappings under one spatial mapping
/// (the exhaustive engine's leaves): the per-level spatial unrolling is
/// converted once, and memoryBits() does not allocate in steady state.
class MappingCapacity {
public:
  /// `w` and `hw` must outlive this object.
  MappingCapacity(const Workload &w, const Hardware &hw,
                  CostModelFlavor flavor = CostModelFlavor::ZigZag);
  void setSpatial(const std::vector<std::vector<LoopFactor>> &spatial);
  /// The bits per instance that `loops[0..n)` (innermost first), cut per
  /// operand by `levelEnds[op]` (one end per memory level; null for operands
  /// the layer lacks), keep at every memory: bits[i] for hw.memories[i].
  void memoryBits(const LoopFactor *loops, unsigned n,
                  const unsigned *const levelEnds[kNumMemOperands],
                  std::vector<double> &bits);
  /// The first memory whose bits exceed its capacity, or -1.
  int overflowingMemory(const std::vector<double> &bits) const;
  /// Per memory level of `op` (innermost first), its bits in the last
  /// memoryBits() call.
  const std::vector<double> &levelBits(MemOperand op) const {
    return ops[static_cast<unsigned>(op)].bits;
  }

private:
  const Workload &w;
  const Hardware &hw;
  CostModelFlavor flavor;
  struct OperandLevels {
    std::vector<unsigned> memories;                // innermost first
    std::vector<std::vector<LevelFactor>> spatial; // per level, + outside
    /// reducingAbove[l]: the spatial unrolling of levels l.. reduces O.
    std::vector<bool> reducingAbove;
    std::vector<double> bits; // per level, of the last memoryBits()
  };
  std::array<OperandLevels, kNumMemOperands> ops;
  std::vector<bool> reducingFrom;
  std::vector<double> tile;
  std::vector<int64_t> scratch;
  std::vector<int64_t> temporalSizes; // per layer loop, of the last setSpatial
  std::vector<double> factors;        // remainderAdjustedFactors scratch
};

/// The bits per instance mapping `m` keeps at every memory of `hw`
/// (bitsPerMemory[i] for hw.memories[i]); `m` must have passed the
/// structural checks of checkMapping.
void mappingMemoryBits(const Workload &w, const Hardware &hw, const Mapping &m,
                       CostModelFlavor flavor,
                       std::vector<double> &bitsPerMemory);

/// The whole rule: "" if `m` is a valid mapping of `w` on `hw`, else a
/// sentence saying why not (array fit, loops and factors, coverage, level
/// cuts, capacity).
std::string checkMapping(const Workload &w, const Hardware &hw,
                         const Mapping &m,
                         CostModelFlavor flavor = CostModelFlavor::ZigZag);

} // namespace zigzag

#endif // ZIGZAG_MODEL_MAPPINGVALIDITY_H
