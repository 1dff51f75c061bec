//===- Hardware.h - Accelerator description (plain C++) ---------*- C++ -*-===//
//
// The hardware model of an accelerator in ZigZag's terms: an operational
// (MAC) array and a memory hierarchy with ports, bandwidths and energies.
// No MLIR dependency: the dialect attributes convert to and from this type.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_MODEL_HARDWARE_H
#define ZIGZAG_MODEL_HARDWARE_H

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zigzag {

/// Memory operands: the two inputs and the output as the hardware sees them.
enum class MemOperand : uint8_t { I1 = 0, I2 = 1, O = 2 };
constexpr unsigned kNumMemOperands = 3;
constexpr std::array<MemOperand, kNumMemOperands> kAllMemOperands = {
    MemOperand::I1, MemOperand::I2, MemOperand::O};
const char *toString(MemOperand op);
std::optional<MemOperand> parseMemOperand(std::string_view text);

/// Direction of a data movement through a port, seen from the memory:
/// fh = written from the level above, tl = read out to the level below,
/// fl = written from the level below, th = read out to the level above.
enum class Direction : uint8_t {
  FromHigh = 0,
  ToLow = 1,
  FromLow = 2,
  ToHigh = 3
};
constexpr unsigned kNumDirections = 4;
const char *toString(Direction dir); // "fh", "tl", "fl", "th"
std::optional<Direction> parseDirection(std::string_view text);

enum class PortType : uint8_t { Read, Write, ReadWrite };
const char *toString(PortType type); // "read", "write", "read_write"
std::optional<PortType> parsePortType(std::string_view text);

struct PortAllocation {
  MemOperand operand;
  Direction direction;
  bool operator==(const PortAllocation &o) const {
    return operand == o.operand && direction == o.direction;
  }
};

struct Port {
  std::string name;
  PortType type = PortType::ReadWrite;
  int64_t bandwidthMin = 0; // bits/cycle: access granularity
  int64_t bandwidthMax = 0; // bits/cycle: port width
  std::vector<PortAllocation> allocations;
};

struct Memory {
  std::string name;
  int64_t sizeBits = 0; // per instance
  double readCost = 0;  // energy per full-width (bandwidthMax) access
  double writeCost = 0;
  double area = 0;
  int64_t latency = 0; // parsed, not used by the cost model (as ZigZag)
  std::vector<MemOperand> operands;
  std::vector<Port> ports;
  /// Array dims (indices into OperationalArray::dimNames) over which one
  /// instance of this memory is shared.
  std::vector<unsigned> servedDims;
  bool forceDoubleBuffering = false; // parsed, not used (as ZigZag)
  std::string memType = "sram";
  bool autoCostExtraction = false;

  bool serves(MemOperand op) const;
  /// The port carrying (op, dir), or nullptr if none is allocated.
  const Port *portFor(MemOperand op, Direction dir) const;
};

enum class ImcType : uint8_t { Analog, Digital };
const char *toString(ImcType type); // "analog", "digital"
std::optional<ImcType> parseImcType(std::string_view text);

/// An in-memory-computing macro (ZigZag's `is_imc: true` arrays): the MAC
/// units are weight cells, and the compute cost comes from the macro model
/// in Model/Imc.h instead of unit_energy. The memory named "cells" holds the
/// weights (I2) inside the array.
struct ImcArraySpec {
  ImcType type = ImcType::Analog;
  int64_t activationPrecision = 8; // input_precision[0], bits
  int64_t weightPrecision = 8;     // input_precision[1], bits
  int64_t bitSerialPrecision = 1;  // activation bits applied per cycle
  int64_t adcResolution = 0;       // bits; analog only (0 for digital)
  bool operator==(const ImcArraySpec &o) const {
    return type == o.type && activationPrecision == o.activationPrecision &&
           weightPrecision == o.weightPrecision &&
           bitSerialPrecision == o.bitSerialPrecision &&
           adcResolution == o.adcResolution;
  }
};

struct OperationalArray {
  std::vector<std::string> dimNames; // "D1", "D2", ...
  std::vector<int64_t> sizes;
  double unitEnergy = 0; // per MAC
  double unitArea = 0;   // per MAC unit
  /// Set for an in-memory-computing array (unitEnergy/unitArea unused).
  std::optional<ImcArraySpec> imc;
  int64_t numUnits() const;
  std::optional<unsigned> findDim(std::string_view name) const;
};

/// An accelerator. `memories` are in declaration order: each memory sits
/// directly above the current top-most memory of each operand it serves.
struct Hardware {
  std::string name;
  OperationalArray array;
  std::vector<Memory> memories;

  /// Indices into `memories` of the levels holding `op`, innermost first.
  std::vector<unsigned> hierarchy(MemOperand op) const;
  /// Number of physical instances of memory `mem`: the product of the array
  /// sizes of the dims it does not serve.
  int64_t unrollCount(unsigned mem) const;
  std::optional<unsigned> findMemory(std::string_view name) const;
};

/// Silicon area of one memory of an accelerator: `instances` copies (its
/// unrollCount: one per combination of the array dims it does not serve) of
/// `perInstance` each.
struct MemoryArea {
  unsigned memory = 0;
  int64_t instances = 1;
  double perInstance = 0;
  double total() const { return perInstance * static_cast<double>(instances); }
};

/// Area of an accelerator in the unit of its `area`/`unit_area` fields (mm²
/// for CACTI-derived costs): every memory times its instance count plus every
/// MAC unit of the array times the MAC area.
struct AreaBreakdown {
  std::vector<MemoryArea> memories; // in accelerator order
  double macArea = 0;               // numUnits() * unitArea
  double total = 0;
};
AreaBreakdown computeArea(const Hardware &hw);

/// DeFiNES's accelerator for a layer whose two inputs are both linked to I1
/// (its Add layers, MemOpRenameFor2LayerOpShareSameMemOpStage): I2 is
/// dropped from every memory (a memory that held only I2 disappears), then
/// added after the other operands of every memory that holds I1, with a copy
/// of each I1 port allocation. I2's hierarchy is then I1's.
Hardware shareI1ChainWithI2(const Hardware &hw);

/// A consistency problem found by verifyHardware; `memory`/`port` locate it
/// (-1 = not specific to one).
struct HardwareError {
  std::string message;
  int memory = -1;
  int port = -1;
  /// The ZigZag hardware YAML key holding the offending value ("size",
  /// "bandwidth_min", "allocation", "dimensions", ...), or "" if none; with
  /// `item`, the index inside that key's list (-1 = the whole value). Lets
  /// importers point at the exact value.
  std::string field;
  int item = -1;
};

/// Checks what the cost model relies on: positive sizes and bandwidths,
/// bandwidthMin <= bandwidthMax, unique memory and port names, port types
/// matching their directions, allocations only for served operands, served
/// dims that exist, every operand held by at least one memory. Messages say
/// what is wrong and how to fix it. Empty = consistent.
std::vector<HardwareError> verifyHardware(const Hardware &hw);

/// The parts of verifyHardware that look at one piece only (so a piece can be
/// checked on its own); verifyHardware runs all of them.
/// Dims: at least one, unique names, one positive size each; unit energy and
/// area finite and non-negative.
std::vector<HardwareError>
verifyOperationalArray(const OperationalArray &array);
/// The in-memory-computing rules (arrays with `imc` set; none otherwise):
/// at least two array dims; precisions positive powers of two; bit-serial
/// precision <= activation precision; adc_resolution >= 0; a digital macro
/// has no ADC (adc_resolution 0) and a power-of-two row count; a memory
/// named "cells" exists, stores only I2, serves no array dim and holds
/// exactly one weight (size = weight precision: deeper cell groups need the
/// bit-line pre-charge model, which ZigZag itself cannot run).
std::vector<HardwareError> verifyImc(const Hardware &hw);
/// Positive bandwidths, min <= max, no direction the port type cannot carry,
/// no allocation listed twice.
std::vector<HardwareError> verifyPort(const Port &port);
/// Positive size, finite non-negative costs/area, non-negative latency, at
/// least one operand (none twice), at least one port (unique names, each
/// verifyPort-clean, allocating only served operands), mem_type sram or dram.
/// Served dims need the array: verifyHardware checks them.
std::vector<HardwareError> verifyMemory(const Memory &memory);

} // namespace zigzag

#endif // ZIGZAG_MODEL_HARDWARE_H
