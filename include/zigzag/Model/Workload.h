//===- Workload.h - One layer as a loop nest with loop relevance -*- C++ -*-===//
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
  std::string name; // e.g. "IX", or "d2" for the operand's tensor dim 2
  /// (loop index, coefficient) per term, in expression order.
  std::vector<std::pair<unsigned, int64_t>> terms;
  /// The real extent of the tensor dim (ZigZag's pr_total): tiles are
  /// clipped to it.
  int64_t extent = 0;
};

struct WorkloadOperand {
  std::string name; // the layer's own name for it ("I", "W", "O", ...)
  bool present = true; // false for ops with a single input (no I2)
  bool constant = false; // weights: not produced by another layer
  int64_t precision = 8; // bits; for O: partial-sum precision
  int64_t finalPrecision = 8; // O only: precision of final outputs
  std::vector<Relevance> relevance; // per loop
  std::vector<PrDim> prDims;
};

struct Workload {
  std::string name;   // layer name
  std::string opName; // e.g. "linalg.conv_2d_nchw_fchw"
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
  int findLoop(const std::string &name) const; // -1 if absent
};

/// Number of distinct values of sa*a + sb*b for a in [0, A), b in [0, B)
/// (ZigZag's unique()).
int64_t uniqueExtent(int64_t sa, int64_t A, int64_t sb, int64_t B);

/// Elements of operand `op` touched by a tile with the given size per loop
/// (`tileSizes[l]`, 1 for loops not in the tile): relevant loops multiply,
/// partially relevant dims contribute their clipped unique extent.
int64_t operandTileElements(const Workload &w, MemOperand op,
                            const int64_t *tileSizes);

} // namespace zigzag

#endif // ZIGZAG_MODEL_WORKLOAD_H
