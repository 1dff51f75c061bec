//===- DesignSpace.h - Architecture design spaces ---------------*- C++ -*-===//
//
// A design space (docs/Explore.md): PE array options, the MAC's energy and
// area, a memory pool (explicit costs, or costs interpolated in a technology
// table of CACTI figures) and, per hierarchy level, the candidate memories,
// how the operands may share them, whether the level may be bypassed and
// the array dims one instance serves; constraints on area and on-chip bits.
// enumerateDesigns() turns it into every valid accelerator, once each, as
// our plain `Hardware` type. Depends on LLVM Support and ZigZagModel only.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_EXPLORE_DESIGNSPACE_H
#define ZIGZAG_EXPLORE_DESIGNSPACE_H

#include "zigzag/Model/Hardware.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zigzag {
namespace explore {

/// SRAM costs per technology node, sizes and bus widths (CACTI's figures):
/// energies per access of one bus-width word in pJ, area in mm².
struct TechnologyTable {
  struct Row {
    int64_t sizeBytes = 0;
    int64_t busBits = 0;
    double readEnergy = 0, writeEnergy = 0, area = 0;
  };
  std::vector<Row> rows; // the node's successful points
};

/// Loads the rows of `nodeNm` from a CACTI table JSON (the format of
/// sram_table.json: {"rows": [{technology_nm, size_byte, bus_width_bit, ok,
/// read_energy_pJ, write_energy_pJ, area_mm2}, ...]}).
llvm::Expected<TechnologyTable> readTechnologyTable(llvm::StringRef path,
                                                    int64_t nodeNm);

/// Read/write energy and area of an SRAM of `sizeBytes` with a `busBits`
/// wide port: bilinear in (log2 size, log2 bus width) between the four
/// surrounding table points (exact on a table point). Fails outside the
/// table or next to a point CACTI could not produce.
struct SramCost {
  double readEnergy = 0, writeEnergy = 0, area = 0;
};
llvm::Expected<SramCost> interpolate(const TechnologyTable &table,
                                     int64_t sizeBytes, int64_t busBits);

/// One memory of the pool, with its costs resolved.
struct PoolMemory {
  std::string name;
  int64_t sizeBits = 0;
  int64_t bandwidthMin = 0, bandwidthMax = 0; // bits/cycle
  double readCost = 0, writeCost = 0, area = 0;
  std::string memType = "sram";
  /// Operands a copy of it may hold (empty = any).
  std::vector<MemOperand> operands;
  /// One read-write port instead of a read and a write port.
  bool readWritePort = false;
};

/// A way to split a level's operands into memories: each group shares one
/// memory.
using Sharing = std::vector<std::vector<MemOperand>>;

struct Level {
  std::string name;
  std::vector<MemOperand> operands; // operands this level may hold
  std::vector<unsigned> candidates; // indices into DesignSpace::pool
  std::vector<Sharing> sharings;    // groups partition `operands`
  bool bypass = false;              // a group may skip the level
  std::vector<std::string> servedDims;
};

struct ArrayOption {
  std::vector<std::string> dimNames;
  std::vector<int64_t> sizes;
};

struct DesignSpace {
  std::string name;
  std::vector<ArrayOption> arrays;
  double macEnergy = 0, macArea = 0;
  std::vector<PoolMemory> pool;
  std::vector<Level> levels; // innermost first; the last is off-chip
  std::optional<double> maxArea;
  std::optional<int64_t> maxOnChipBits;
};

/// Parses the design-space YAML in `bufferId`; technology table paths are
/// relative to the file's directory. Errors go to the source manager at
/// their line:col. Returns std::nullopt if there was one.
std::optional<DesignSpace> parseDesignSpace(llvm::SourceMgr &sourceMgr,
                                            unsigned bufferId);

/// Reads and parses the design space at `path`; the error carries the
/// rendered diagnostics.
llvm::Expected<DesignSpace> readDesignSpaceFile(llvm::StringRef path);

struct Design {
  unsigned id = 0; // position in the enumeration
  Hardware hw;
  double area = 0;
  int64_t onChipBits = 0;
};

struct EnumerationStats {
  uint64_t combinations = 0; // before dedup and constraints
  uint64_t duplicates = 0;
  uint64_t rejectedCapacity = 0;
  uint64_t rejectedArea = 0;
  uint64_t rejectedBits = 0;
};

/// Every valid design of `space`, once each, in a fixed order: arrays in
/// file order, then the levels' choices as digits of a mixed-radix counter
/// (outermost level most significant). Valid: every operand has a memory at
/// the off-chip level, an operand's memory sizes grow strictly outward, the
/// constraints hold; two choices building the same hierarchy (all groups of
/// a level bypassed under different sharings) give one design.
std::vector<Design> enumerateDesigns(const DesignSpace &space,
                                     EnumerationStats *stats = nullptr);

/// Writes `hw` as a ZigZag hardware YAML that --zigzag-attach-hardware and
/// readHardwareYAMLFile read back to an equal Hardware (doubles printed
/// round-trip exact).
std::string toHardwareYAML(const Hardware &hw);

} // namespace explore
} // namespace zigzag

#endif // ZIGZAG_EXPLORE_DESIGNSPACE_H
