//===- MemoryAllocator.h - LOMA bottom-up memory allocation -----*- C++ -*-===//
//
// Cuts one loop ordering into memory levels per operand the way ZigZag's
// LOMA allocator does (docs/Search.md, "What the search does"): memories are
// visited inner to outer; each operand may take any prefix of its remaining
// loops whose tile (incl. the spatial unrolling below) fits one instance; a
// memory that holds several operands picks the combination of prefixes that
// fits jointly and minimises the words fetched from the level above (ties go to
// the later combination, i.e. more loops), and an operand's top memory takes
// all that is left. "even" additionally forbids cuts that differ between the
// operands sharing a memory.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_MEMORYALLOCATOR_H
#define ZIGZAG_SEARCH_MEMORYALLOCATOR_H

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

enum class TemporalMappingType : uint8_t {
  Uneven, // every operand cuts the ordering at its own points (default)
  Even,   // operands sharing a memory cut at the same point
};

enum class AllocationStatus : uint8_t {
  Ok,
  /// A memory cannot hold what its operands must keep there (the tiles of
  /// the levels below plus the spatial unrolling): ZigZag's
  /// MemoryTooSmallException.
  MemoryTooSmall,
  /// An operand's top memory cannot hold all remaining loops: ZigZag's
  /// MemoryHierarchyTooSmallException.
  HierarchyTooSmall,
};

/// Why an ordering could not be allocated.
struct AllocationFailure {
  AllocationStatus status = AllocationStatus::Ok;
  unsigned memory = 0;
  MemOperand operand = MemOperand::O;
  double requiredBits = 0; // smallest tile that had to fit
};

class MemoryAllocator {
public:
  /// `w` and `hw` must outlive the allocator. One allocator per thread.
  /// DeFiNES flavour: the output precision ignores spatial reduction above
  /// the memory, tile dims are rounded up to integers before the pr extents
  /// are taken, and a shared memory where no combination fits keeps no loop.
  MemoryAllocator(const Workload &w, const Hardware &hw,
                  TemporalMappingType type = TemporalMappingType::Uneven,
                  CostModelFlavor flavor = CostModelFlavor::ZigZag);

  /// "" if every present operand has at least one memory, else the error.
  const std::string &setupError() const { return error; }

  /// Sets the spatial mapping: `fractionalFactors` =
  /// convertSpatialFactors(w, hw, spatial, false) (ZigZag's LOMA sees the
  /// fractional unrolling).
  void setSpatial(const std::vector<std::vector<LoopFactor>> &spatial,
                  const std::vector<std::vector<double>> &fractionalFactors);

  /// Allocates `ordering[0..n)` (innermost first). On success fills
  /// levelEnds[op] (one end index per memory level of op, Mapping's
  /// convention; cleared for absent operands). No allocation in steady state.
  AllocationStatus
  allocate(const LoopFactor *ordering, unsigned n,
           std::array<std::vector<unsigned>, kNumMemOperands> &levelEnds,
           AllocationFailure *failure = nullptr);

  /// A sentence describing `failure`.
  std::string describe(const AllocationFailure &failure) const;

private:
  /// Incremental tile size of one operand (ZigZag flavour): the product of
  /// its relevant loop sizes and the extent of each pr dim are recomputed
  /// only when a loop they read grows, with the same operations in the same
  /// order as operandTileElements, so every value is the one it returns.
  struct TileWalk {
    double relevant = 1;         // product of the relevant loop sizes
    std::vector<double> extents; // per pr dim
    std::vector<int64_t> terms;  // scratch: truncated term sizes
  };

  struct OperandState {
    bool present = false;
    std::vector<unsigned> levels; // memory indices, innermost first
    /// Spatial unrolling per level (LevelFactor lists), size levels+1.
    std::vector<std::vector<LevelFactor>> spatial;
    /// Per level: does an ir(O) loop sit in the spatial unrolling at or above
    /// that level? (Output precision choice, O only.)
    std::vector<bool> irSpatialFrom;
    /// The operand's relevant loops (ascending) and, per loop, whether it
    /// is relevant and the pr dims (bit mask) among whose terms it is.
    std::vector<unsigned> relevantLoops;
    std::vector<uint8_t> isRelevant;
    std::vector<uint32_t> prDimsOf;
    TileWalk walk;
    /// Tile elements per (memory level, prefix code) under the current
    /// spatial mapping and factor multiset, -1 = not computed yet. Only
    /// when every spatial factor of the operand is integral (`exactTiles`):
    /// tile sizes are then integers, whose products do not depend on the
    /// order the loops were multiplied in.
    bool exactTiles = false;
    std::vector<double> cachedElements;
    // Allocation state.
    unsigned position = 0;    // loops of the ordering already allocated
    unsigned level = 0;       // memory levels already allocated
    std::vector<double> tile; // per loop: sizes of the allocated loops
    // Scratch for one memory visit: `numSlices` entries are valid.
    std::vector<double> sliceBits, sliceAccesses;
    unsigned numSlices = 0;
    unsigned offset = 0;
  };

  double tileBits(MemOperand op, const std::vector<double> &sizes,
                  double precision);
  /// Starts `state.walk` on the tile `sizes`.
  void startWalk(OperandState &state, MemOperand op, const double *sizes);
  /// Updates `state.walk` after sizes[loop] changed.
  void growWalk(OperandState &state, MemOperand op, const double *sizes,
                unsigned loop);
  /// Elements of the walked tile (operandTileElements of its sizes).
  static double walkElements(const OperandState &state);
  /// Maps `ordering` onto the factor multiset of the orderings before it
  /// (the LOMA orderings of one search are permutations of one multiset):
  /// fills prefixCode; on a new multiset starts over with empty caches.
  void codePrefixes(const LoopFactor *ordering, unsigned n);
  void clearTileCaches();
  /// Tile elements of `op` at memory level `level` for the prefix with code
  /// `code`, whose tile sizes are `sizes` (computed on a miss).
  double cachedTileElements(OperandState &state, MemOperand op, unsigned level,
                            unsigned code, const double *sizes);
  /// Takes the joint choice `digits` (of a memory's operands `nodeOps`,
  /// fitting its capacity, with `accesses`) if it is at least as good as the
  /// best so far and valid for the temporal mapping type.
  void considerCombination(double accesses, double &bestAccesses,
                           bool &haveBest);

  const Workload &w;
  const Hardware &hw;
  TemporalMappingType type;
  bool defines;
  std::string error;
  std::array<OperandState, kNumMemOperands> ops;
  std::vector<uint8_t> irOfOutput; // per loop
  std::vector<double> scratchSizes;
  std::vector<int64_t> scratchIntSizes;
  std::vector<double> suffixIterations;
  std::vector<uint8_t> reducingFrom;
  /// The present operands of the memory being allocated.
  std::array<MemOperand, kNumMemOperands> nodeOps{};
  unsigned numNodeOps = 0;
  /// One digit per operand of a memory (at most all of them): a fixed array,
  /// as the best is copied on every tie of the joint choice.
  std::array<unsigned, kNumMemOperands> digits{}, bestDigits{};
  std::array<double, kNumMemOperands + 1> partialBits{}, partialAccesses{};
  /// The factor multiset: distinct factors, their multiplicities and
  /// mixed-radix weights; a prefix of an ordering is coded by the sum of
  /// its factors' weights (its sub-multiset), prefixCode[k] for the first k.
  std::vector<LoopFactor> letters;
  std::vector<unsigned> multiplicity, weight, letterCount;
  std::vector<unsigned> prefixCode;
  unsigned numCodes = 0; // 0: no cache (too many sub-multisets)
  unsigned multisetSize = ~0u;
};

} // namespace zigzag

#endif // ZIGZAG_SEARCH_MEMORYALLOCATOR_H
