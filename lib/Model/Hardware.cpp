//===- Hardware.cpp - Accelerator description -----------------------------===//

#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Imc.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

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

const char *toString(ImcType type) {
  return type == ImcType::Analog ? "analog" : "digital";
}

std::optional<ImcType> parseImcType(std::string_view text) {
  if (text == "analog")
    return ImcType::Analog;
  if (text == "digital")
    return ImcType::Digital;
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

AreaBreakdown computeArea(const Hardware &hw) {
  AreaBreakdown area;
  // An IMC array's compute area is its macro's (cells, DACs, ADCs, adder
  // trees); its memories count once each, as ZigZag's IMC model sums them.
  bool imc = hw.array.imc.has_value();
  area.macArea =
      imc ? ImcMacro(hw).area().total()
          : static_cast<double>(hw.array.numUnits()) * hw.array.unitArea;
  area.total = area.macArea;
  for (unsigned mem = 0; mem < hw.memories.size(); ++mem) {
    MemoryArea m{mem, imc ? 1 : hw.unrollCount(mem), hw.memories[mem].area};
    area.total += m.total();
    area.memories.push_back(m);
  }
  return area;
}

std::optional<unsigned> Hardware::findMemory(std::string_view name) const {
  for (unsigned i = 0; i < memories.size(); ++i)
    if (memories[i].name == name)
      return i;
  return std::nullopt;
}

Hardware shareI1ChainWithI2(const Hardware &hw) {
  Hardware shared;
  shared.name = hw.name;
  shared.array = hw.array;
  for (const Memory &original : hw.memories) {
    Memory memory = original;
    // Drop I2: a level that held only I2 disappears.
    memory.operands.erase(std::remove(memory.operands.begin(),
                                      memory.operands.end(), MemOperand::I2),
                          memory.operands.end());
    if (memory.operands.empty())
      continue;
    for (Port &port : memory.ports)
      port.allocations.erase(
          std::remove_if(port.allocations.begin(), port.allocations.end(),
                         [](const PortAllocation &alloc) {
                           return alloc.operand == MemOperand::I2;
                         }),
          port.allocations.end());
    // I2 follows I1 through the same ports, appended as DeFiNES does.
    if (memory.serves(MemOperand::I1)) {
      memory.operands.push_back(MemOperand::I2);
      for (Port &port : memory.ports) {
        size_t count = port.allocations.size();
        for (size_t a = 0; a < count; ++a)
          if (port.allocations[a].operand == MemOperand::I1)
            port.allocations.push_back(
                {MemOperand::I2, port.allocations[a].direction});
      }
    }
    shared.memories.push_back(std::move(memory));
  }
  return shared;
}

//===----------------------------------------------------------------------===//
// Verification
//===----------------------------------------------------------------------===//

namespace {
/// Collects errors under a common context ("memory 'sram', port 'r1'") and
/// location (memory/port index).
struct ErrorSink {
  std::vector<HardwareError> &errors;
  std::string context;
  int memory = -1;
  int port = -1;

  void add(const std::string &problem, const std::string &field = "",
           int item = -1) {
    HardwareError error;
    error.message = context.empty() ? problem : context + ": " + problem;
    error.memory = memory;
    error.port = port;
    error.field = field;
    error.item = item;
    errors.push_back(std::move(error));
  }
};
} // namespace

static std::string quote(std::string_view text) {
  return "'" + std::string(text) + "'";
}

static std::string formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

static std::string formatAllocation(const PortAllocation &alloc) {
  return quote(std::string(toString(alloc.operand)) + ", " +
               toString(alloc.direction));
}

static bool isWriteDirection(Direction dir) {
  return dir == Direction::FromHigh || dir == Direction::FromLow;
}

/// Energies and areas: NaN, infinities and negative values are nonsense.
static void checkNonNegative(ErrorSink &sink, const char *field, double value) {
  if (!std::isfinite(value) || value < 0)
    sink.add(std::string(field) +
                 " must be a finite non-negative number, got " +
                 formatNumber(value),
             field);
}

static void checkArray(ErrorSink &sink, const OperationalArray &array) {
  if (array.dimNames.empty())
    sink.add("the operational array has no dimensions; declare at least one "
             "(e.g. dimensions: [D1] with sizes: [16])",
             "dimensions");
  if (array.dimNames.size() != array.sizes.size())
    sink.add("the operational array has " +
                 std::to_string(array.dimNames.size()) +
                 " dimension names but " + std::to_string(array.sizes.size()) +
                 " sizes; give exactly one size per dimension",
             "sizes");
  for (unsigned d = 0; d < array.dimNames.size(); ++d) {
    for (unsigned e = 0; e < d; ++e)
      if (array.dimNames[e] == array.dimNames[d]) {
        sink.add("array dimension " + quote(array.dimNames[d]) +
                     " is declared twice; dimension names must be unique",
                 "dimensions", static_cast<int>(d));
        break;
      }
    if (d < array.sizes.size() && array.sizes[d] <= 0)
      sink.add("array dimension " + quote(array.dimNames[d]) + " has size " +
                   std::to_string(array.sizes[d]) + "; sizes must be positive",
               "sizes", static_cast<int>(d));
  }
  checkNonNegative(sink, "unit_energy", array.unitEnergy);
  checkNonNegative(sink, "unit_area", array.unitArea);
}

static void checkPort(ErrorSink &sink, const Port &port) {
  if (port.bandwidthMin <= 0)
    sink.add("bandwidth_min must be positive (bits/cycle), got " +
                 std::to_string(port.bandwidthMin),
             "bandwidth_min");
  if (port.bandwidthMax <= 0)
    sink.add("bandwidth_max must be positive (bits/cycle), got " +
                 std::to_string(port.bandwidthMax),
             "bandwidth_max");
  if (port.bandwidthMin > port.bandwidthMax)
    sink.add("bandwidth_min (" + std::to_string(port.bandwidthMin) +
                 ") is larger than bandwidth_max (" +
                 std::to_string(port.bandwidthMax) +
                 "); bandwidth_min is the access granularity and cannot "
                 "exceed the port width",
             "bandwidth_min");
  for (unsigned i = 0; i < port.allocations.size(); ++i) {
    const PortAllocation &alloc = port.allocations[i];
    for (unsigned j = 0; j < i; ++j)
      if (port.allocations[j] == alloc) {
        sink.add("allocation " + formatAllocation(alloc) +
                     " is listed twice; remove the duplicate",
                 "allocation", static_cast<int>(i));
        break;
      }
    bool write = isWriteDirection(alloc.direction);
    if (port.type == PortType::Read && write)
      sink.add("a read port cannot carry " + formatAllocation(alloc) +
                   " (data written into the memory); make the port 'write' "
                   "or 'read_write', or move the allocation to a write port",
               "allocation", static_cast<int>(i));
    if (port.type == PortType::Write && !write)
      sink.add("a write port cannot carry " + formatAllocation(alloc) +
                   " (data read out of the memory); make the port 'read' or "
                   "'read_write', or move the allocation to a read port",
               "allocation", static_cast<int>(i));
  }
}

static void checkMemory(std::vector<HardwareError> &errors,
                        const Memory &memory, int memoryIndex) {
  ErrorSink sink{errors, "memory " + quote(memory.name), memoryIndex};
  if (memory.sizeBits <= 0)
    sink.add("size must be positive (bits), got " +
                 std::to_string(memory.sizeBits),
             "size");
  checkNonNegative(sink, "r_cost", memory.readCost);
  checkNonNegative(sink, "w_cost", memory.writeCost);
  checkNonNegative(sink, "area", memory.area);
  if (memory.latency < 0)
    sink.add("latency must be non-negative (cycles), got " +
                 std::to_string(memory.latency),
             "latency");
  if (memory.memType != "sram" && memory.memType != "dram")
    sink.add("mem_type must be 'sram' or 'dram', got " + quote(memory.memType),
             "mem_type");
  if (memory.operands.empty())
    sink.add("holds no operand; list at least one of I1, I2, O in its "
             "operands",
             "operands");
  for (unsigned i = 0; i < memory.operands.size(); ++i)
    for (unsigned j = 0; j < i; ++j)
      if (memory.operands[j] == memory.operands[i]) {
        sink.add(std::string("lists operand '") + toString(memory.operands[i]) +
                     "' twice; remove the duplicate",
                 "operands", static_cast<int>(i));
        break;
      }
  if (memory.ports.empty())
    sink.add("has no ports; add at least one port to move data in and out",
             "ports");

  for (unsigned p = 0; p < memory.ports.size(); ++p) {
    const Port &port = memory.ports[p];
    ErrorSink portSink{
        errors, "memory " + quote(memory.name) + ", port " + quote(port.name),
        memoryIndex, static_cast<int>(p)};
    for (unsigned q = 0; q < p; ++q)
      if (memory.ports[q].name == port.name) {
        portSink.add("another port of this memory has the same name; port "
                     "names must be unique within a memory",
                     "name");
        break;
      }
    checkPort(portSink, port);
    for (unsigned i = 0; i < port.allocations.size(); ++i) {
      MemOperand op = port.allocations[i].operand;
      if (!memory.serves(op))
        portSink.add(std::string("allocates operand '") + toString(op) +
                         "', which the memory does not serve; add '" +
                         toString(op) +
                         "' to the memory's operands or remove the allocation",
                     "allocation", static_cast<int>(i));
    }
  }
}

std::vector<HardwareError>
verifyOperationalArray(const OperationalArray &array) {
  std::vector<HardwareError> errors;
  ErrorSink sink{errors, ""};
  checkArray(sink, array);
  return errors;
}

std::vector<HardwareError> verifyPort(const Port &port) {
  std::vector<HardwareError> errors;
  ErrorSink sink{errors, "port " + quote(port.name)};
  checkPort(sink, port);
  return errors;
}

std::vector<HardwareError> verifyMemory(const Memory &memory) {
  std::vector<HardwareError> errors;
  checkMemory(errors, memory, -1);
  return errors;
}

std::vector<HardwareError> verifyHardware(const Hardware &hw) {
  std::vector<HardwareError> errors;
  ErrorSink hwSink{errors, ""};
  if (hw.name.empty())
    hwSink.add("the accelerator has no name; give it one", "name");
  checkArray(hwSink, hw.array);

  for (unsigned m = 0; m < hw.memories.size(); ++m) {
    const Memory &memory = hw.memories[m];
    ErrorSink sink{errors, "memory " + quote(memory.name), static_cast<int>(m)};
    for (unsigned n = 0; n < m; ++n)
      if (hw.memories[n].name == memory.name) {
        sink.add("another memory (#" + std::to_string(n + 1) +
                     " in declaration order) has the same name; memory names "
                     "must be unique",
                 "name");
        break;
      }
    checkMemory(errors, memory, static_cast<int>(m));
    for (unsigned i = 0; i < memory.servedDims.size(); ++i) {
      unsigned dim = memory.servedDims[i];
      if (dim >= hw.array.dimNames.size()) {
        sink.add("serves dimension #" + std::to_string(dim) +
                     ", but the operational array has " +
                     std::to_string(hw.array.dimNames.size()) + " dimensions",
                 "served_dimensions", static_cast<int>(i));
        continue;
      }
      for (unsigned j = 0; j < i; ++j)
        if (memory.servedDims[j] == dim) {
          sink.add("lists served dimension " + quote(hw.array.dimNames[dim]) +
                       " twice; remove the duplicate",
                   "served_dimensions", static_cast<int>(i));
          break;
        }
    }
  }

  for (MemOperand op : kAllMemOperands)
    if (hw.hierarchy(op).empty())
      hwSink.add(std::string("operand '") + toString(op) +
                     "' is not held by any memory; add it to the operands of "
                     "at least one memory (usually the outermost one, e.g. "
                     "DRAM)",
                 "memories");
  std::vector<HardwareError> imc = verifyImc(hw);
  errors.insert(errors.end(), imc.begin(), imc.end());
  return errors;
}

static bool isPowerOfTwo(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

std::vector<HardwareError> verifyImc(const Hardware &hw) {
  std::vector<HardwareError> errors;
  if (!hw.array.imc)
    return errors;
  const ImcArraySpec &imc = *hw.array.imc;
  ErrorSink sink{errors, "in-memory-computing array"};
  // The macro model gives the first two dims (by name) the roles of word
  // line and bit line; a 1-D array has no bit line.
  if (hw.array.dimNames.size() < 2)
    sink.add("needs at least two dimensions (word line and bit line), got " +
                 std::to_string(hw.array.dimNames.size()),
             "dimensions");
  // Powers of two: the bit-serial cycle count Pa/B and the adder trees'
  // input counts are integral only then (ZigZag asserts the same).
  auto powerOfTwo = [&](int64_t v, const char *what, const char *field,
                        int item) {
    if (!isPowerOfTwo(v))
      sink.add(std::string(what) + " must be a positive power of two, got " +
                   std::to_string(v),
               field, item);
  };
  powerOfTwo(imc.activationPrecision, "the activation precision",
             "input_precision", 0);
  powerOfTwo(imc.weightPrecision, "the weight precision", "input_precision", 1);
  powerOfTwo(imc.bitSerialPrecision, "bit_serial_precision",
             "bit_serial_precision", -1);
  if (imc.bitSerialPrecision > imc.activationPrecision)
    sink.add("bit_serial_precision (" + std::to_string(imc.bitSerialPrecision) +
                 ") exceeds the activation precision (" +
                 std::to_string(imc.activationPrecision) +
                 "); at most all activation bits are applied per cycle",
             "bit_serial_precision");
  if (imc.adcResolution < 0)
    sink.add("adc_resolution must be >= 0 bits, got " +
                 std::to_string(imc.adcResolution),
             "adc_resolution");
  if (imc.type == ImcType::Digital) {
    if (imc.adcResolution != 0)
      sink.add("a digital macro has no ADC; adc_resolution must be 0 (or "
               "absent), got " +
                   std::to_string(imc.adcResolution),
               "adc_resolution");
    // The digital adder tree over the rows is a balanced binary tree.
    std::vector<unsigned> order = imcDimOrder(hw.array);
    if (order.size() >= 2) {
      unsigned rows = order[1];
      if (rows < hw.array.sizes.size() && !isPowerOfTwo(hw.array.sizes[rows]))
        sink.add("a digital macro needs a power-of-two row count for its "
                 "adder tree; dimension '" +
                     hw.array.dimNames[rows] + "' (the bit line) has size " +
                     std::to_string(hw.array.sizes[rows]),
                 "sizes", static_cast<int>(rows));
    }
  }

  std::optional<unsigned> cells = hw.findMemory("cells");
  if (!cells) {
    sink.add("no memory is named 'cells'; an in-memory-computing array "
             "stores its weights (I2) in a memory called 'cells' with "
             "served_dimensions: []",
             "memories");
    return errors;
  }
  const Memory &mem = hw.memories[*cells];
  ErrorSink memSink{errors, "memory 'cells'", static_cast<int>(*cells)};
  if (mem.operands.size() != 1 || mem.operands[0] != MemOperand::I2)
    memSink.add("the cells of an in-memory-computing array hold the weights "
                "only; operands must be [I2]",
                "operands");
  if (!mem.servedDims.empty())
    memSink.add("one group of cells sits at every array unit; "
                "served_dimensions must be []",
                "served_dimensions");
  if (imc.weightPrecision > 0 && mem.sizeBits % imc.weightPrecision != 0)
    memSink.add("size (" + std::to_string(mem.sizeBits) +
                    " bits) must be a multiple of the weight precision (" +
                    std::to_string(imc.weightPrecision) + " bits)",
                "size");
  else if (mem.sizeBits > imc.weightPrecision)
    memSink.add("size (" + std::to_string(mem.sizeBits) +
                    " bits) holds several weights per cell group; only one "
                    "weight per group (size = weight precision, " +
                    std::to_string(imc.weightPrecision) +
                    ") is modelled: deeper groups need a bit-line pre-charge "
                    "model",
                "size");
  return errors;
}

} // namespace zigzag
