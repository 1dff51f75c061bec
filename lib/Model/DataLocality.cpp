//===- DataLocality.cpp - inter-layer data locality -----------------------===//

#include "zigzag/Model/DataLocality.h"

#include <algorithm>

using namespace zigzag;

LocalityLayer zigzag::describeLocalityLayer(const Workload &w) {
  LocalityLayer layer;
  const WorkloadOperand &i1 = w.operand(MemOperand::I1);
  const WorkloadOperand &i2 = w.operand(MemOperand::I2);
  auto bits = [&](MemOperand op) {
    const WorkloadOperand &o = w.operand(op);
    return o.present ? w.operandElements(op) * o.precision : 0;
  };
  // The activation is the input another layer produces; with none constant
  // (an Add) ZigZag reads both as activations.
  if (i1.present && i2.present && !i1.constant && !i2.constant) {
    layer.noConstantInput = true;
    layer.inputBits = bits(MemOperand::I1) + bits(MemOperand::I2);
  } else {
    if (i1.constant && i2.present && !i2.constant)
      std::swap(layer.act, layer.weight);
    layer.inputBits = bits(layer.act);
    layer.weightBits = bits(layer.weight);
  }
  layer.outputBits = bits(MemOperand::O);
  return layer;
}

/// The highest memory holding `op`, or -1.
static int topMemory(const Hardware &hw, MemOperand op) {
  std::vector<unsigned> levels = hw.hierarchy(op);
  return levels.empty() ? -1 : static_cast<int>(levels.back());
}

/// Lowers `top` to `level` (ZigZag keeps the lowest level found).
static void lowerTop(int &top, int level) {
  if (top == -1 || top > level)
    top = level;
}

std::vector<OperandTops>
zigzag::searchDataLocality(const Hardware &hw,
                           const std::vector<LocalityLayer> &layers) {
  std::vector<OperandTops> tops(layers.size());
  if (layers.empty())
    return tops;
  for (OperandTops &t : tops)
    t.fill(-1);
  // Every weight of the network counts against a memory that also holds
  // weights: they all stay there between layers.
  int64_t networkWeightBits = 0;
  for (const LocalityLayer &l : layers)
    if (!l.noConstantInput)
      networkWeightBits += l.weightBits;
  const LocalityLayer &first = layers.front();
  int topAct = topMemory(hw, first.act);
  int topOutput = topMemory(hw, first.output);
  int weightTop = topMemory(hw, first.weight);

  for (unsigned i = 0; i < layers.size(); ++i) {
    const LocalityLayer &l = layers[i];
    bool isFirst = i == 0, isFinal = i + 1 == layers.size();
    int &actTop = tops[i][static_cast<unsigned>(l.act)];
    int &outTop = tops[i][static_cast<unsigned>(l.output)];
    // A layer reads its input where its (first) producer left it.
    if (!isFirst && !l.preds.empty()) {
      const LocalityLayer &prev = layers[l.preds.front()];
      lowerTop(actTop,
               tops[l.preds.front()][static_cast<unsigned>(prev.output)]);
    }
    // A residual branch's start and end keep their data at the top: the
    // other branch needs it later.
    bool startsBranch = l.succs.size() > 1;
    bool endsBranch =
        l.succs.size() == 1 && layers[l.succs.front()].preds.size() > 1;
    if (startsBranch || endsBranch) {
      if (isFirst)
        lowerTop(actTop, topAct);
      lowerTop(outTop, topOutput);
      continue;
    }
    MemOperand nextAct =
        !isFinal && !l.succs.empty() ? layers[l.succs.front()].act : l.act;
    for (int mem = static_cast<int>(hw.memories.size()) - 1; mem >= 0; --mem) {
      const Memory &m = hw.memories[mem];
      bool servesIo = m.serves(nextAct) && m.serves(l.output);
      bool servesWeight = m.serves(l.weight);
      if (!servesIo && !servesWeight)
        continue;
      // The activations it holds: this layer's input and output (an Add's
      // two inputs count under its activation operand).
      int64_t required = 0;
      if (servesIo && l.noConstantInput)
        required = l.inputBits + l.outputBits;
      else
        for (MemOperand op : m.operands)
          if (op == l.act)
            required += l.inputBits;
          else if (op == l.output)
            required += l.outputBits;
      if (servesWeight && !(servesIo && l.noConstantInput))
        required += networkWeightBits;
      if (required > m.sizeBits * hw.unrollCount(mem))
        continue;
      if (servesIo) {
        if (isFirst)
          lowerTop(actTop, mem);
        lowerTop(outTop, mem);
      }
      // Weights stay only in a memory every array unit reaches.
      if (servesWeight && mem < weightTop &&
          m.servedDims.size() == hw.array.dimNames.size())
        weightTop = mem;
    }
  }
  for (unsigned i = 0; i < layers.size(); ++i) {
    const LocalityLayer &l = layers[i];
    // An Add's second input follows its first.
    tops[i][static_cast<unsigned>(l.weight)] =
        l.noConstantInput ? tops[i][static_cast<unsigned>(l.act)] : weightTop;
  }
  return tops;
}

Hardware zigzag::pruneAboveTops(const Hardware &hw, const OperandTops &tops) {
  Hardware pruned;
  pruned.name = hw.name;
  pruned.array = hw.array;
  for (unsigned mem = 0; mem < hw.memories.size(); ++mem) {
    Memory memory = hw.memories[mem];
    auto above = [&](MemOperand op) {
      int top = tops[static_cast<unsigned>(op)];
      return top >= 0 && static_cast<int>(mem) > top;
    };
    memory.operands.erase(
        std::remove_if(memory.operands.begin(), memory.operands.end(), above),
        memory.operands.end());
    if (memory.operands.empty())
      continue;
    for (Port &port : memory.ports)
      port.allocations.erase(std::remove_if(port.allocations.begin(),
                                            port.allocations.end(),
                                            [&](const PortAllocation &alloc) {
                                              return above(alloc.operand);
                                            }),
                             port.allocations.end());
    pruned.memories.push_back(std::move(memory));
  }
  return pruned;
}
