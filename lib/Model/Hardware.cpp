//===- Hardware.cpp - Accelerator description -----------------------------===//

#include "zigzag/Model/Hardware.h"

#include <algorithm>

namespace zigzag {

const char *toString(MemOperand op) {
  switch (op) {
  case MemOperand::I1:
    return "I1";
  case MemOperand::I2:
    return "I2";
  case MemOperand::O:
    return "O";
  }
  return "?";
}

std::optional<MemOperand> parseMemOperand(std::string_view text) {
  for (MemOperand op : kAllMemOperands)
    if (text == toString(op))
      return op;
  return std::nullopt;
}

const char *toString(Direction dir) {
  switch (dir) {
  case Direction::FromHigh:
    return "fh";
  case Direction::ToLow:
    return "tl";
  case Direction::FromLow:
    return "fl";
  case Direction::ToHigh:
    return "th";
  }
  return "?";
}

std::optional<Direction> parseDirection(std::string_view text) {
  for (Direction dir : {Direction::FromHigh, Direction::ToLow,
                        Direction::FromLow, Direction::ToHigh})
    if (text == toString(dir))
      return dir;
  return std::nullopt;
}

const char *toString(PortType type) {
  switch (type) {
  case PortType::Read:
    return "read";
  case PortType::Write:
    return "write";
  case PortType::ReadWrite:
    return "read_write";
  }
  return "?";
}

std::optional<PortType> parsePortType(std::string_view text) {
  for (PortType type : {PortType::Read, PortType::Write, PortType::ReadWrite})
    if (text == toString(type))
      return type;
  return std::nullopt;
}

bool Memory::serves(MemOperand op) const {
  return std::find(operands.begin(), operands.end(), op) != operands.end();
}

const Port *Memory::portFor(MemOperand op, Direction dir) const {
  for (const Port &port : ports)
    for (const PortAllocation &alloc : port.allocations)
      if (alloc.operand == op && alloc.direction == dir)
        return &port;
  return nullptr;
}

int64_t OperationalArray::numUnits() const {
  int64_t n = 1;
  for (int64_t s : sizes)
    n *= s;
  return n;
}

std::optional<unsigned> OperationalArray::findDim(std::string_view name) const {
  for (unsigned i = 0; i < dimNames.size(); ++i)
    if (dimNames[i] == name)
      return i;
  return std::nullopt;
}

std::vector<unsigned> Hardware::hierarchy(MemOperand op) const {
  std::vector<unsigned> levels;
  for (unsigned i = 0; i < memories.size(); ++i)
    if (memories[i].serves(op))
      levels.push_back(i);
  return levels;
}

int64_t Hardware::unrollCount(unsigned mem) const {
  int64_t count = 1;
  const Memory &m = memories[mem];
  for (unsigned d = 0; d < array.sizes.size(); ++d)
    if (std::find(m.servedDims.begin(), m.servedDims.end(), d) ==
        m.servedDims.end())
      count *= array.sizes[d];
  return count;
}

std::optional<unsigned> Hardware::findMemory(std::string_view name) const {
  for (unsigned i = 0; i < memories.size(); ++i)
    if (memories[i].name == name)
      return i;
  return std::nullopt;
}

} // namespace zigzag
