//===- Workload.h - One layer as a loop nest with relevance -----*- C++ -*-===//
//
// A layer (one linalg op) in ZigZag's terms: loop dims with sizes, and for
// each operand the relevance of every loop (relevant, irrelevant, partially
// relevant through a compound index such as ix = 2*ox + fx). No MLIR
// dependency: Analysis/ builds it from a LinalgOp's indexing maps.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_MODEL_WORKLOAD_H
#define ZIGZAG_MODEL_WORKLOAD_H

#include "zigzag/Model/Hardware.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace zigzag {

enum class Relevance : uint8_t { Irrelevant = 0, Relevant = 1, Partial = 2 };
const char *toString(Relevance rel); // "ir", "r", "pr"

/// A tensor dim indexed by a sum of loops, e.g. IX = stride*OX + dilation*FX.
struct PrDim {
  std::string name; // e.g. "IX", or "dim2" for the operand's tensor dim 2
  /// (loop index, coefficient) per term, in expression order. ZigZag's
  /// relations have two terms (the output loop with the stride first, the
  /// filter loop with the dilation second); any number is supported.
  std::vector<std::pair<unsigned, int64_t>> terms;
  /// ZigZag's pr_total: how many elements of this dim the whole layer can
  /// touch (the unpadded tensor extent, capped by the unique extent at full
  /// loop sizes). Tile extents are clipped to it; <= 0 means no clipping.
  int64_t extent = 0;
};

struct WorkloadOperand {
  std::string name;      // the layer's own name for it ("I", "W", "O", ...)
  bool present = true;   // false for ops with a single input (no I2)
  bool constant = false; // weights: not produced by another layer
  int64_t precision = 8; // bits; for O: partial-sum precision
  int64_t finalPrecision = 8;       // O only: precision of final outputs
  std::vector<Relevance> relevance; // per loop
  std::vector<PrDim> prDims;
  /// Relevant loops that index a tensor dim alone only because the dim's
  /// relation also named size-1 loops, which the IR leaves out (a 1x1 conv
  /// written ix = 1*ox + 1*fx with FX = 1; `zigzag.unit_term_dims`). Only
  /// the DeFiNES cost model flavour reads it: it keeps such a dim partially
  /// relevant.
  std::vector<unsigned> loopsWithDroppedUnitTerms;
};

struct Workload {
  std::string name;         // layer name
  std::string opName;       // e.g. "linalg.conv_2d_nchw_fchw"
  std::string operatorType; // ZigZag's operator_type ("Conv", ...), or ""
  int64_t layerId = -1;     // ZigZag's layer id for imported layers, else -1
  std::vector<std::string> loopNames;
  std::vector<int64_t> loopSizes;
  std::vector<bool> reduction; // iterator type per loop
  /// Indexed by MemOperand (I1, I2, O).
  std::array<WorkloadOperand, kNumMemOperands> operands;
  /// ZigZag's layer-operand order (its equation order, output first); it
  /// decides the order of some order-dependent steps of the cost model.
  std::array<MemOperand, kNumMemOperands> operandOrder = {
      MemOperand::O, MemOperand::I1, MemOperand::I2};

  unsigned numLoops() const { return loopSizes.size(); }
  const WorkloadOperand &operand(MemOperand op) const {
    return operands[static_cast<unsigned>(op)];
  }
  WorkloadOperand &operand(MemOperand op) {
    return operands[static_cast<unsigned>(op)];
  }
  int64_t macs() const;
  /// Elements of `op` touched by the whole layer (ZigZag's operand_size_elem).
  int64_t operandElements(MemOperand op) const;
  int findLoop(const std::string &name) const; // -1 if absent
};

/// How a loop enters an operand's data reuse, as the cost model counts it
/// (ZigZag's r / ir / pr loop sets).
enum class LoopClass : uint8_t {
  None, // in no set: a size-1 loop ZigZag drops, or a partial loop that
        // indexes no partially relevant dim
  R,    // relevant: indexes a tensor dim alone
  IR,   // irrelevant: the operand does not depend on it (reuse)
  PR,   // partially relevant: a term of a partially relevant dim
};

/// The class of every loop of `w` for operand `op` (all None for an absent
/// input): PR for a loop named in a term of one of its partially relevant
/// dims, else R or IR by its relevance; a size-1 loop is None among the
/// irrelevant ones, and among the relevant ones unless the operand has
/// partially relevant dims; a partial loop outside every such dim is None.
/// The one classification the cost model and the exhaustive engine share.
std::vector<LoopClass> classifyLoops(const Workload &w, MemOperand op);
/// classifyLoops for every operand, indexed by MemOperand.
std::array<std::vector<LoopClass>, kNumMemOperands>
classifyLoops(const Workload &w);

/// Number of distinct values of sa*a + sb*b for a in [0, A), b in [0, B)
/// (ZigZag's unique()). Exact when A >= sb / gcd(sa, sb); for smaller A (an
/// output tile narrower than the dilation) ZigZag's formula over-counts, and
/// this reproduces it (QUIRK, see uniqueExtentExact).
int64_t uniqueExtent(int64_t sa, int64_t A, int64_t sb, int64_t B);
/// The exact count of the same set (the corrected formula).
int64_t uniqueExtentExact(int64_t sa, int64_t A, int64_t sb, int64_t B);
/// unique() for a dim indexed by sum_t coefs[t] * x_t, x_t in [0, sizes[t]):
/// two terms use ZigZag's formula (with |coefs|, in the given order); one term
/// gives its size (0 if its coefficient is 0: 1); three or more are counted
/// exactly when the index span is at most 4096, else bounded by
/// min(span, product of sizes). Allocation-free.
int64_t uniqueExtent(const int64_t *coefs, const int64_t *sizes,
                     unsigned numTerms);

/// Distinct indices of pr dim `dim` touched by a tile whose term loops have
/// `termSizes` (one per term, in term order), clipped to the dim's extent:
/// the factor operandTileElements takes for that dim.
int64_t prDimTileExtent(const PrDim &dim, const int64_t *termSizes);

/// Elements of operand `op` touched by a tile with the given size per loop
/// (`tileSizes[l]`, 1 for loops not in the tile): relevant loops multiply,
/// each partially relevant dim contributes min(uniqueExtent(its terms), its
/// extent). A loop that indexes one tensor dim alone and also appears in a
/// pr dim of the same operand is counted in both (an upper bound).
int64_t operandTileElements(const Workload &w, MemOperand op,
                            const int64_t *tileSizes);
/// The same with fractional tile sizes (ZigZag's fractional spatial
/// unrolling): relevant loops multiply as reals, partially relevant dims use
/// the truncated sizes (as ZigZag's calc_tensor_size).
double operandTileElements(const Workload &w, MemOperand op,
                           const double *tileSizes);

} // namespace zigzag

#endif // ZIGZAG_MODEL_WORKLOAD_H
