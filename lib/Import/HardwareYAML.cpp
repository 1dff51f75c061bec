//===- HardwareYAML.cpp - Read ZigZag hardware YAML files -----------------===//
//
// Two steps. llvm::yaml's single-pass node stream is first copied into a
// small owned tree (zigzag/Import/YamlTree.h), so a mapping can be looked at
// as a whole: a duplicated key keeps its last value (as PyYAML, which ZigZag
// uses; tpu_like.yaml has two `ports:` in sram_2MB) with a warning, and
// duplicated memory names are seen and rejected. The tree is then read
// against ZigZag's hardware schema (docs/Hardware.md, "Importing ZigZag
// hardware YAML"), and the result goes through zigzag::verifyHardware, whose
// errors are reported at the memory, port or value they are about.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/HardwareYAML.h"
#include "zigzag/Import/Precision.h"
#include "zigzag/Import/YamlTree.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace llvm;

namespace zigzag {

/// How a value is named in "expected X, got Y" messages.
static std::string describe(const YamlNode &node) {
  switch (node.kind) {
  case YamlNode::Kind::Null:
    return "nothing";
  case YamlNode::Kind::Scalar:
    return "'" + node.text + "'";
  case YamlNode::Kind::Sequence:
    return "a list";
  case YamlNode::Kind::Mapping:
    return "a mapping";
  }
  return "?";
}

static std::string joinNames(ArrayRef<StringRef> names) {
  return join(names.begin(), names.end(), ", ");
}

static std::string joinNames(const std::vector<std::string> &names) {
  return join(names.begin(), names.end(), ", ");
}

/// " (did you mean 'k'?)" for the valid key closest to a misspelled one, if
/// it is close (at most 2 edits), else "".
static std::string suggestKey(StringRef key, ArrayRef<StringRef> validKeys) {
  StringRef best;
  unsigned bestDistance = 3;
  for (StringRef valid : validKeys) {
    unsigned distance = key.edit_distance(valid, /*AllowReplacements=*/true,
                                          /*MaxEditDistance=*/bestDistance);
    if (distance < bestDistance) {
      best = valid;
      bestDistance = distance;
    }
  }
  return best.empty() ? "" : (" (did you mean '" + best + "'?)").str();
}

/// Keys of the schema (docs/Hardware.md, "Importing ZigZag hardware YAML"),
/// in the order the docs list them.
static constexpr StringRef kTopKeys[] = {"name", "operational_array",
                                         "memories", "dataflows"};
static constexpr StringRef kArrayKeys[] = {
    "dimensions", "sizes",           "unit_energy",
    "unit_area",  "input_precision", "is_imc",
    "imc_type",   "adc_resolution",  "bit_serial_precision"};
static constexpr StringRef kMemoryKeys[] = {"size",
                                            "r_cost",
                                            "w_cost",
                                            "area",
                                            "latency",
                                            "operands",
                                            "ports",
                                            "served_dimensions",
                                            "force_double_buffering",
                                            "mem_type",
                                            "auto_cost_extraction"};
static constexpr StringRef kPortKeys[] = {"name", "type", "bandwidth_min",
                                          "bandwidth_max", "allocation"};

static constexpr const char *kTopLevel = "the hardware description";

/// Keys DeFiNES-derived files carry for completeness; ZigZag has no use for
/// them, neither do we.
static constexpr StringRef kIgnoredKeyPrefix = "defines_";

//===----------------------------------------------------------------------===//
// Parser
//===----------------------------------------------------------------------===//

namespace {
class HardwareYAMLParser {
public:
  HardwareYAMLParser(SourceMgr &sourceMgr, unsigned bufferId)
      : sourceMgr(sourceMgr), bufferId(bufferId) {}

  std::optional<Hardware> parse();

private:
  /// Where the YAML nodes of one memory are, to locate verifier errors.
  struct MemoryNodes {
    SMRange key; // the memory's name
    const YamlNode *map = nullptr;
    std::vector<const YamlNode *> ports;
  };

  // Diagnostics. error() returns false so that `return error(...)` reads as
  // "fail here".
  bool error(SMRange range, const Twine &message) {
    report(range, SourceMgr::DK_Error, message);
    failed = true;
    return false;
  }
  void warning(SMRange range, const Twine &message) {
    report(range, SourceMgr::DK_Warning, message);
  }
  void report(SMRange range, SourceMgr::DiagKind kind, const Twine &message) {
    ArrayRef<SMRange> ranges;
    if (range.End.isValid() && range.End != range.Start)
      ranges = range;
    sourceMgr.PrintMessage(range.Start, kind, message, ranges);
  }

  static SMRange rangeOf(const YamlNode &node, SMRange fallback) {
    return node.range.Start.isValid() ? node.range : fallback;
  }

  // Schema helpers.
  bool checkKeys(const YamlNode &map, ArrayRef<StringRef> validKeys);
  static const YamlEntry *lookupEntry(const YamlNode &map, StringRef key);
  const YamlNode *require(const YamlNode &map, SMRange owner, StringRef key,
                          StringRef what);
  bool readInt(const YamlNode &node, SMRange keyRange, StringRef what,
               int64_t &out);
  bool readDouble(const YamlNode &node, SMRange keyRange, StringRef what,
                  double &out);
  bool readBool(const YamlNode &node, SMRange keyRange, StringRef what,
                bool &out);
  bool readString(const YamlNode &node, SMRange keyRange, StringRef what,
                  std::string &out);
  bool expectList(const YamlNode &node, SMRange keyRange, StringRef what);

  /// Reads `key` of `map` with `reader` if present. Returns false on error.
  template <typename T, typename Reader>
  bool readOptional(const YamlNode &map, StringRef key, T &out, Reader reader) {
    const YamlEntry *entry = lookupEntry(map, key);
    return !entry || (this->*reader)(entry->value, entry->keyRange, key, out);
  }
  /// Reads required `key` of `map` with `reader`. Returns false on error.
  template <typename T, typename Reader>
  bool readRequired(const YamlNode &map, SMRange owner, StringRef key,
                    StringRef what, T &out, Reader reader) {
    const YamlNode *node = require(map, owner, key, what);
    return node &&
           (this->*reader)(*node, lookupEntry(map, key)->keyRange, key, out);
  }

  // The schema.
  bool parseTopLevel(const YamlNode &root, Hardware &hw);
  bool parseArray(const YamlNode &map, SMRange owner, OperationalArray &array);
  bool parseMemory(const YamlEntry &entry, const OperationalArray &array,
                   Memory &memory, MemoryNodes &nodes);
  bool parsePort(const YamlNode &map, const std::string &memoryName,
                 Port &port);
  bool parseAllocation(const YamlNode &node, const std::string &portName,
                       PortAllocation &alloc);
  bool parseDataflows(const YamlNode &node, SMRange keyRange);

  /// Reports verifyHardware's errors at their YAML nodes.
  void reportVerifierErrors(const std::vector<HardwareError> &errors);
  SMRange locate(const HardwareError &error) const;

  SourceMgr &sourceMgr;
  unsigned bufferId;
  bool failed = false;
  /// What is being read ("memory 'dram'"), for value errors.
  std::string where = kTopLevel;

  YamlNode root;
  const YamlNode *arrayNode = nullptr;
  std::vector<MemoryNodes> memoryNodes;
};
} // namespace

bool HardwareYAMLParser::checkKeys(const YamlNode &map,
                                   ArrayRef<StringRef> validKeys) {
  bool ok = true;
  for (unsigned i = 0; i < map.entries.size(); ++i) {
    const YamlEntry &entry = map.entries[i];
    if (StringRef(entry.key).starts_with(kIgnoredKeyPrefix))
      continue;
    if (!is_contained(validKeys, StringRef(entry.key))) {
      ok = error(entry.keyRange,
                 "unknown key '" + entry.key + "' in " + where +
                     suggestKey(entry.key, validKeys) + "; valid keys are: " +
                     joinNames(validKeys) + " (keys starting with '" +
                     kIgnoredKeyPrefix + "' are ignored)");
      continue;
    }
    for (unsigned j = i + 1; j < map.entries.size(); ++j)
      if (map.entries[j].key == entry.key) {
        unsigned line =
            sourceMgr.getLineAndColumn(map.entries[j].keyRange.Start, bufferId)
                .first;
        warning(entry.keyRange,
                "duplicate key '" + entry.key + "' in " + where +
                    ": as in YAML, the last value (line " + Twine(line) +
                    ") wins and this one is ignored");
        break;
      }
  }
  return ok;
}

const YamlEntry *HardwareYAMLParser::lookupEntry(const YamlNode &map,
                                                 StringRef key) {
  for (const YamlEntry &entry : llvm::reverse(map.entries))
    if (entry.key == key)
      return &entry;
  return nullptr;
}

const YamlNode *HardwareYAMLParser::require(const YamlNode &map, SMRange owner,
                                            StringRef key, StringRef what) {
  if (const YamlEntry *entry = lookupEntry(map, key))
    return &entry->value;
  error(owner,
        where + " is missing the required key '" + key + "' (" + what + ")");
  return nullptr;
}

bool HardwareYAMLParser::readInt(const YamlNode &node, SMRange keyRange,
                                 StringRef what, int64_t &out) {
  if (!node.isScalar() || node.quoted ||
      StringRef(node.text).getAsInteger(10, out))
    return error(rangeOf(node, keyRange), "'" + what + "' in " + where +
                                              " must be an integer, got " +
                                              describe(node));
  return true;
}

bool HardwareYAMLParser::readDouble(const YamlNode &node, SMRange keyRange,
                                    StringRef what, double &out) {
  if (!node.isScalar() || node.quoted || StringRef(node.text).getAsDouble(out))
    return error(rangeOf(node, keyRange), "'" + what + "' in " + where +
                                              " must be a number, got " +
                                              describe(node));
  return true;
}

bool HardwareYAMLParser::readBool(const YamlNode &node, SMRange keyRange,
                                  StringRef what, bool &out) {
  // YAML 1.2 core schema booleans (PyYAML also reads these).
  StringRef text = node.text;
  if (node.isScalar() && !node.quoted) {
    if (text == "true" || text == "True" || text == "TRUE") {
      out = true;
      return true;
    }
    if (text == "false" || text == "False" || text == "FALSE") {
      out = false;
      return true;
    }
  }
  return error(rangeOf(node, keyRange), "'" + what + "' in " + where +
                                            " must be true or false, got " +
                                            describe(node));
}

bool HardwareYAMLParser::readString(const YamlNode &node, SMRange keyRange,
                                    StringRef what, std::string &out) {
  if (!node.isScalar() || node.text.empty())
    return error(rangeOf(node, keyRange),
                 "'" + what + "' in " + where +
                     " must be a non-empty string, got " + describe(node));
  out = node.text;
  return true;
}

bool HardwareYAMLParser::expectList(const YamlNode &node, SMRange keyRange,
                                    StringRef what) {
  if (node.isSequence())
    return true;
  return error(rangeOf(node, keyRange), "'" + what + "' in " + where +
                                            " must be a list (e.g. [a, b] "
                                            "or '- a' lines), got " +
                                            describe(node));
}

bool HardwareYAMLParser::parseTopLevel(const YamlNode &top, Hardware &hw) {
  if (!top.isMapping())
    return error(top.range, "a hardware file must be a mapping with the keys "
                            "name, operational_array and memories, got " +
                                describe(top));
  where = kTopLevel;
  bool ok = checkKeys(top, kTopKeys);
  SMRange owner = top.range;
  ok &= readRequired(top, owner, "name", "the accelerator's name", hw.name,
                     &HardwareYAMLParser::readString);

  arrayNode = require(top, owner, "operational_array",
                      "the MAC array: dimensions, sizes, unit_energy, "
                      "unit_area");
  // Served dims name array dims: without the array, memories cannot be read.
  if (!arrayNode)
    return false;
  if (!parseArray(*arrayNode, lookupEntry(top, "operational_array")->keyRange,
                  hw.array))
    return false;

  where = kTopLevel;
  const YamlNode *memories =
      require(top, owner, "memories",
              "a mapping from memory name to its description, innermost "
              "memory first");
  if (memories) {
    SMRange memoriesKey = lookupEntry(top, "memories")->keyRange;
    if (!memories->isMapping())
      return error(rangeOf(*memories, memoriesKey),
                   "'memories' must be a mapping from memory name to its "
                   "description (size, r_cost, ..., ports), got " +
                       describe(*memories));
    // Every entry becomes a memory, duplicates included: verifyHardware then
    // rejects a name declared twice (PyYAML would silently keep the last).
    for (const YamlEntry &entry : memories->entries) {
      hw.memories.emplace_back();
      memoryNodes.emplace_back();
      ok &=
          parseMemory(entry, hw.array, hw.memories.back(), memoryNodes.back());
    }
  } else {
    ok = false;
  }

  if (const YamlEntry *dataflows = lookupEntry(top, "dataflows")) {
    where = "dataflows";
    ok &= parseDataflows(dataflows->value, dataflows->keyRange);
  }
  return ok;
}

bool HardwareYAMLParser::parseArray(const YamlNode &map, SMRange owner,
                                    OperationalArray &array) {
  where = "operational_array";
  if (!map.isMapping())
    return error(rangeOf(map, owner),
                 "'operational_array' must be a mapping with the keys "
                 "dimensions, sizes, unit_energy and unit_area, got " +
                     describe(map));
  bool ok = checkKeys(map, kArrayKeys);

  if (const YamlNode *dims =
          require(map, owner, "dimensions",
                  "the array dimension names, e.g. [D1, D2]")) {
    SMRange key = lookupEntry(map, "dimensions")->keyRange;
    if (expectList(*dims, key, "dimensions")) {
      for (const YamlNode &item : dims->items) {
        std::string name;
        ok &= readString(item, key, "dimensions", name);
        array.dimNames.push_back(name);
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const YamlNode *sizes = require(
          map, owner, "sizes", "one size per dimension, e.g. [32, 32]")) {
    SMRange key = lookupEntry(map, "sizes")->keyRange;
    if (expectList(*sizes, key, "sizes")) {
      // The cost model and the search multiply the sizes (MAC units); sizes
      // below 1 are verifyHardware's to report.
      std::optional<int64_t> units = 1;
      for (const YamlNode &item : sizes->items) {
        int64_t size = 0;
        ok &= readInt(item, key, "sizes", size);
        array.sizes.push_back(size);
        if (units && size > 0)
          units = llvm::checkedMul(*units, size);
      }
      if (!units)
        ok = error(rangeOf(*sizes, key),
                   "the array sizes multiply to more MAC units than int64 "
                   "can count");
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }

  // input_precision is read for every array (ZigZag's schema allows it);
  // only an in-memory-computing array uses it.
  std::vector<int64_t> precision;
  const YamlEntry *precisionEntry = lookupEntry(map, "input_precision");
  if (precisionEntry) {
    if (expectList(precisionEntry->value, precisionEntry->keyRange,
                   "input_precision")) {
      for (const YamlNode &item : precisionEntry->value.items) {
        int64_t bits = 0;
        if (!readInt(item, precisionEntry->keyRange, "input_precision", bits))
          ok = false;
        else if (bits < 1 || bits > kMaxPrecisionBits)
          ok =
              error(rangeOf(item, precisionEntry->keyRange),
                    "input_precision must be between 1 and " +
                        Twine(kMaxPrecisionBits) + " bits, got " + Twine(bits));
        else
          precision.push_back(bits);
      }
    } else {
      ok = false;
    }
  }
  bool isImc = false;
  ok &= readOptional(map, "is_imc", isImc, &HardwareYAMLParser::readBool);
  std::string imcType;
  ok &= readOptional(map, "imc_type", imcType, &HardwareYAMLParser::readString);
  // ZigZag's schema types these as floats; a fraction of a bit is meaningless.
  double adcBits = 0, serialBits = 0;
  ok &= readOptional(map, "adc_resolution", adcBits,
                     &HardwareYAMLParser::readDouble);
  ok &= readOptional(map, "bit_serial_precision", serialBits,
                     &HardwareYAMLParser::readDouble);
  auto wholeBits = [&](const char *key, double value, int64_t &out) {
    const YamlEntry *entry = lookupEntry(map, key);
    if (!entry)
      return true;
    if (!(value >= 0 && value <= kMaxPrecisionBits &&
          value == std::floor(value)))
      return error(rangeOf(entry->value, entry->keyRange),
                   Twine(key) +
                       " must be a whole number of bits between 0 "
                       "and " +
                       Twine(kMaxPrecisionBits) + ", got " + entry->value.text);
    out = static_cast<int64_t>(value);
    return true;
  };
  if (!isImc) {
    ok &= readRequired(map, owner, "unit_energy",
                       "energy per MAC, e.g. 0.04 (pJ)", array.unitEnergy,
                       &HardwareYAMLParser::readDouble);
    ok &= readRequired(map, owner, "unit_area", "area per MAC unit",
                       array.unitArea, &HardwareYAMLParser::readDouble);
    return ok; // the IMC keys are checked for type and otherwise unused
  }
  // The macro model prices an IMC array; ZigZag ignores these there.
  ok &= readOptional(map, "unit_energy", array.unitEnergy,
                     &HardwareYAMLParser::readDouble);
  ok &= readOptional(map, "unit_area", array.unitArea,
                     &HardwareYAMLParser::readDouble);

  ImcArraySpec imc;
  SMRange isImcRange = lookupEntry(map, "is_imc")->value.range;
  if (const YamlEntry *type = lookupEntry(map, "imc_type")) {
    if (std::optional<ImcType> parsed = parseImcType(imcType))
      imc.type = *parsed;
    else if (type->value.isScalar())
      ok = error(rangeOf(type->value, type->keyRange),
                 "imc_type must be 'analog' or 'digital', got '" + imcType +
                     "'");
  } else {
    ok = error(isImcRange, "an in-memory-computing array (is_imc: true) "
                           "needs imc_type: analog or digital");
  }
  if (!precisionEntry)
    ok = error(isImcRange, "an in-memory-computing array (is_imc: true) needs "
                           "input_precision: [activation bits, weight bits]");
  else if (precisionEntry->value.isSequence() &&
           precisionEntry->value.items.size() != 2)
    ok = error(rangeOf(precisionEntry->value, precisionEntry->keyRange),
               "input_precision of an in-memory-computing array lists two "
               "precisions (activations, weights), got " +
                   Twine(precisionEntry->value.items.size()));
  else if (precision.size() == 2) {
    imc.activationPrecision = precision[0];
    imc.weightPrecision = precision[1];
  }
  if (!lookupEntry(map, "bit_serial_precision"))
    ok = error(isImcRange, "an in-memory-computing array (is_imc: true) "
                           "needs bit_serial_precision (activation bits "
                           "applied per cycle)");
  ok &= wholeBits("bit_serial_precision", serialBits, imc.bitSerialPrecision);
  ok &= wholeBits("adc_resolution", adcBits, imc.adcResolution);
  array.imc = imc;
  return ok;
}

bool HardwareYAMLParser::parseMemory(const YamlEntry &entry,
                                     const OperationalArray &array,
                                     Memory &memory, MemoryNodes &nodes) {
  memory.name = entry.key;
  nodes.key = entry.keyRange;
  const YamlNode &map = entry.value;
  nodes.map = &map;
  where = "memory '" + memory.name + "'";
  if (!map.isMapping())
    return error(rangeOf(map, entry.keyRange),
                 where +
                     " must be a mapping (size, r_cost, w_cost, area, "
                     "latency, operands, ports, ...), got " +
                     describe(map));
  bool ok = checkKeys(map, kMemoryKeys);
  SMRange owner = entry.keyRange;

  ok &= readRequired(map, owner, "size", "capacity in bits", memory.sizeBits,
                     &HardwareYAMLParser::readInt);
  ok &= readRequired(map, owner, "r_cost",
                     "energy per read of bandwidth_max bits", memory.readCost,
                     &HardwareYAMLParser::readDouble);
  ok &= readRequired(map, owner, "w_cost",
                     "energy per write of bandwidth_max bits", memory.writeCost,
                     &HardwareYAMLParser::readDouble);
  ok &= readRequired(map, owner, "area", "area of one instance", memory.area,
                     &HardwareYAMLParser::readDouble);
  ok &= readRequired(map, owner, "latency", "access latency in cycles",
                     memory.latency, &HardwareYAMLParser::readInt);
  ok &= readOptional(map, "force_double_buffering", memory.forceDoubleBuffering,
                     &HardwareYAMLParser::readBool);
  ok &= readOptional(map, "mem_type", memory.memType,
                     &HardwareYAMLParser::readString);
  ok &= readOptional(map, "auto_cost_extraction", memory.autoCostExtraction,
                     &HardwareYAMLParser::readBool);
  if (memory.autoCostExtraction)
    warning(lookupEntry(map, "auto_cost_extraction")->value.range,
            "auto_cost_extraction (CACTI) is not supported: the given "
            "r_cost, w_cost and area of " +
                where + " are used as they are");

  if (const YamlNode *operands = require(
          map, owner, "operands", "the operands it stores, among I1, I2, O")) {
    SMRange key = lookupEntry(map, "operands")->keyRange;
    if (expectList(*operands, key, "operands")) {
      for (const YamlNode &item : operands->items) {
        std::string name;
        if (!readString(item, key, "operands", name)) {
          ok = false;
          continue;
        }
        if (std::optional<MemOperand> op = parseMemOperand(name))
          memory.operands.push_back(*op);
        else
          ok = error(item.range, "unknown operand '" + name + "' in " + where +
                                     "; valid operands are I1, I2 and O");
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }

  // Optional: a memory without served dims has one instance per MAC unit.
  if (const YamlEntry *served = lookupEntry(map, "served_dimensions")) {
    if (expectList(served->value, served->keyRange, "served_dimensions")) {
      for (const YamlNode &item : served->value.items) {
        std::string name;
        if (!readString(item, served->keyRange, "served_dimensions", name)) {
          ok = false;
          continue;
        }
        if (std::optional<unsigned> dim = array.findDim(name))
          memory.servedDims.push_back(*dim);
        else
          ok = error(item.range, "unknown dimension '" + name +
                                     "' in served_dimensions of " + where +
                                     "; the operational array has " +
                                     joinNames(array.dimNames));
      }
    } else {
      ok = false;
    }
  }

  if (const YamlNode *ports =
          require(map, owner, "ports",
                  "a list of ports with name, type, bandwidth_min, "
                  "bandwidth_max, allocation")) {
    SMRange key = lookupEntry(map, "ports")->keyRange;
    if (expectList(*ports, key, "ports")) {
      for (const YamlNode &item : ports->items) {
        memory.ports.emplace_back();
        nodes.ports.push_back(&item);
        ok &= parsePort(item, memory.name, memory.ports.back());
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  return ok;
}

bool HardwareYAMLParser::parsePort(const YamlNode &map,
                                   const std::string &memoryName, Port &port) {
  where = "a port of memory '" + memoryName + "'";
  if (!map.isMapping())
    return error(map.range, where +
                                " must be a mapping (name, type, "
                                "bandwidth_min, bandwidth_max, "
                                "allocation), got " +
                                describe(map));
  bool ok = checkKeys(map, kPortKeys);
  SMRange owner = map.range;
  if (readRequired(map, owner, "name", "e.g. r_port_1", port.name,
                   &HardwareYAMLParser::readString))
    where = "port '" + port.name + "' of memory '" + memoryName + "'";
  else
    ok = false;

  std::string type;
  if (readRequired(map, owner, "type", "read, write or read_write", type,
                   &HardwareYAMLParser::readString)) {
    if (std::optional<PortType> parsed = parsePortType(type))
      port.type = *parsed;
    else
      ok = error(lookupEntry(map, "type")->value.range,
                 "unknown port type '" + type + "' for " + where +
                     "; valid types are read, write and read_write");
  } else {
    ok = false;
  }
  ok &= readRequired(map, owner, "bandwidth_min",
                     "access granularity in bits/cycle", port.bandwidthMin,
                     &HardwareYAMLParser::readInt);
  ok &= readRequired(map, owner, "bandwidth_max", "port width in bits/cycle",
                     port.bandwidthMax, &HardwareYAMLParser::readInt);
  if (const YamlNode *allocs = require(
          map, owner, "allocation",
          "the (operand, direction) pairs it carries, e.g. [\"I1, tl\"]")) {
    SMRange key = lookupEntry(map, "allocation")->keyRange;
    if (expectList(*allocs, key, "allocation")) {
      for (const YamlNode &item : allocs->items) {
        PortAllocation alloc{};
        if (parseAllocation(item, port.name, alloc))
          port.allocations.push_back(alloc);
        else
          ok = false;
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  return ok;
}

bool HardwareYAMLParser::parseAllocation(const YamlNode &node,
                                         const std::string &portName,
                                         PortAllocation &alloc) {
  static constexpr StringRef kForm =
      "write 'OPERAND, DIRECTION' with OPERAND one of I1, I2, O and DIRECTION "
      "one of fh (from higher level), tl (to lower level), fl (from lower "
      "level), th (to higher level)";
  if (!node.isScalar())
    return error(node.range, "an allocation of port '" + portName +
                                 "' must be a string, got " + describe(node) +
                                 "; " + kForm);
  SmallVector<StringRef, 2> parts;
  StringRef(node.text).split(parts, ',');
  if (parts.size() != 2)
    return error(node.range, "malformed allocation '" + node.text +
                                 "' of port '" + portName + "'; " + kForm);
  StringRef operand = parts[0].trim(), direction = parts[1].trim();
  std::optional<MemOperand> op = parseMemOperand(operand);
  if (!op)
    return error(node.range, "unknown operand '" + operand +
                                 "' in allocation '" + node.text +
                                 "' of port '" + portName +
                                 "'; valid operands are I1, I2 and O");
  std::optional<Direction> dir = parseDirection(direction);
  if (!dir)
    return error(node.range,
                 "unknown direction '" + direction + "' in allocation '" +
                     node.text + "' of port '" + portName +
                     "'; valid directions are fh (from higher level), tl (to "
                     "lower level), fl (from lower level), th (to higher "
                     "level)");
  alloc = {*op, *dir};
  return true;
}

bool HardwareYAMLParser::parseDataflows(const YamlNode &node,
                                        SMRange keyRange) {
  // ZigZag parses `dataflows` into Accelerator.dataflows but no flow uses
  // it; we check its shape ({D1: ["K, 16"], ...}) and drop it.
  if (!node.isMapping())
    return error(rangeOf(node, keyRange),
                 "'dataflows' must be a mapping from array dimension to a "
                 "list of 'LOOP, FACTOR' strings, got " +
                     describe(node));
  bool ok = true;
  for (const YamlEntry &entry : node.entries) {
    if (!expectList(entry.value, entry.keyRange, "dataflows")) {
      ok = false;
      continue;
    }
    for (const YamlNode &item : entry.value.items) {
      std::string text;
      ok &= readString(item, entry.keyRange, "dataflows", text);
    }
  }
  return ok;
}

SMRange HardwareYAMLParser::locate(const HardwareError &error) const {
  // The map to look the field up in, and the fallback location.
  const YamlNode *map = &root;
  SMRange fallback = root.range;
  if (error.memory >= 0 &&
      static_cast<size_t>(error.memory) < memoryNodes.size()) {
    const MemoryNodes &mem = memoryNodes[error.memory];
    map = mem.map;
    fallback = mem.key;
    if (error.field == "name" && error.port < 0)
      return mem.key; // the memory's name is its key
    if (error.port >= 0 && static_cast<size_t>(error.port) < mem.ports.size()) {
      map = mem.ports[error.port];
      fallback = map->range;
    }
  } else if (arrayNode && error.field != "name" && error.field != "memories") {
    map = arrayNode;
    fallback = arrayNode->range;
  }
  if (!map || error.field.empty() || !map->isMapping())
    return fallback;
  const YamlEntry *entry = lookupEntry(*map, error.field);
  if (!entry)
    return fallback;
  if (error.item >= 0 && entry->value.isSequence() &&
      static_cast<size_t>(error.item) < entry->value.items.size())
    return entry->value.items[error.item].range;
  // "memories" problems (an operand nobody holds) point at the key.
  if (error.field == "memories")
    return entry->keyRange;
  return rangeOf(entry->value, entry->keyRange);
}

void HardwareYAMLParser::reportVerifierErrors(
    const std::vector<HardwareError> &errors) {
  for (const HardwareError &e : errors)
    error(locate(e), e.message);
}

std::optional<Hardware> HardwareYAMLParser::parse() {
  const MemoryBuffer *buffer = sourceMgr.getMemoryBuffer(bufferId);
  yaml::Stream stream(buffer->getMemBufferRef(), sourceMgr,
                      /*ShowColors=*/false);
  unsigned documents = 0;
  for (yaml::Document &doc : stream) {
    yaml::Node *node = doc.getRoot();
    if (stream.failed() || !node)
      return std::nullopt;
    if (isa<yaml::NullNode>(node))
      continue; // an empty document (e.g. a trailing `---`)
    if (++documents > 1) {
      error(node->getSourceRange(),
            "a hardware file holds one YAML document, found a second one");
      return std::nullopt;
    }
    if (!buildYamlTree(node, root, YamlTreeOptions(),
                       [&](SMRange range, const Twine &message) {
                         error(range, message);
                       }) ||
        stream.failed())
      return std::nullopt;
  }
  if (stream.failed())
    return std::nullopt;
  if (documents == 0) {
    error(SMRange(SMLoc::getFromPointer(buffer->getBufferStart()),
                  SMLoc::getFromPointer(buffer->getBufferStart())),
          "the hardware file is empty; expected the keys name, "
          "operational_array and memories");
    return std::nullopt;
  }

  Hardware hw;
  if (!parseTopLevel(root, hw) || failed)
    return std::nullopt;
  reportVerifierErrors(verifyHardware(hw));
  if (failed)
    return std::nullopt;
  return hw;
}

std::optional<Hardware> parseHardwareYAML(SourceMgr &sourceMgr,
                                          unsigned bufferId) {
  return HardwareYAMLParser(sourceMgr, bufferId).parse();
}

Expected<Hardware> parseHardwareYAML(StringRef text, StringRef bufferName) {
  SourceMgr sourceMgr;
  unsigned bufferId = sourceMgr.AddNewSourceBuffer(
      MemoryBuffer::getMemBufferCopy(text, bufferName), SMLoc());
  std::string messages;
  sourceMgr.setDiagHandler(
      [](const SMDiagnostic &diag, void *context) {
        if (diag.getKind() != SourceMgr::DK_Error)
          return;
        raw_string_ostream os(*static_cast<std::string *>(context));
        diag.print(/*ProgName=*/nullptr, os, /*ShowColors=*/false);
      },
      &messages);
  std::optional<Hardware> hw = parseHardwareYAML(sourceMgr, bufferId);
  if (!hw)
    return createStringError(inconvertibleErrorCode(),
                             StringRef(messages).rtrim());
  return std::move(*hw);
}

Expected<Hardware> readHardwareYAMLFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return createStringError(buffer.getError(),
                             "cannot read hardware file '" + path +
                                 "': " + buffer.getError().message());
  return parseHardwareYAML((*buffer)->getBuffer(), path);
}

} // namespace zigzag
