//===- DataLocality.h - inter-layer data locality ---------------*- C++ -*-===//
//
// ZigZag's inter-layer data locality (on in its IMC flow): a layer whose
// activations fit in an on-chip memory that also serves the next layer keeps
// its output there, and the next layer reads it from there, so the memory
// levels above disappear for those operands (no DRAM traffic). The rule runs
// on the network graph once, before the layers are searched; each layer is
// then searched and costed on its own pruned hardware (docs/Imc.md).
//
// The graph of a module's linalg ops comes from --zigzag-search-mapping.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_MODEL_DATALOCALITY_H
#define ZIGZAG_MODEL_DATALOCALITY_H

#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Workload.h"

#include <array>
#include <vector>

namespace zigzag {

/// One layer of the network graph (the layers ZigZag simulates), with its
/// memory operands after the mapping file's operand links.
struct LocalityLayer {
  /// The activation input, the weight (the other input) and the output.
  MemOperand act = MemOperand::I1;
  MemOperand weight = MemOperand::I2;
  MemOperand output = MemOperand::O;
  /// Both inputs are produced by other layers (an Add): its inputs count as
  /// activations and it adds no weights to the network's.
  bool noConstantInput = false;
  int64_t inputBits = 0;  // the activation, or both inputs of an Add
  int64_t outputBits = 0; // at the partial-sum precision
  int64_t weightBits = 0;
  /// Indices into the layer list, in the graph's edge order.
  std::vector<unsigned> preds, succs;
};

/// The highest memory (index into Hardware::memories) each memory operand of
/// a layer may use; -1 leaves the operand's hierarchy whole.
using OperandTops = std::array<int, kNumMemOperands>;

/// The layer's LocalityLayer from its workload (roles after the operand
/// links; graph edges left empty).
LocalityLayer describeLocalityLayer(const Workload &w);

/// ZigZag's rule on `layers` (in topological order) on `hw`: per layer, the
/// top memory of its activation, weight and output operands.
std::vector<OperandTops>
searchDataLocality(const Hardware &hw,
                   const std::vector<LocalityLayer> &layers);

/// `hw` without the memory operands above their top: an operand leaves the
/// memories (and their port allocations) above its top; a memory left
/// without operands disappears.
Hardware pruneAboveTops(const Hardware &hw, const OperandTops &tops);

} // namespace zigzag

#endif // ZIGZAG_MODEL_DATALOCALITY_H
