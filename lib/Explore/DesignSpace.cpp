//===- DesignSpace.cpp - Design-space YAML, CACTI table, generator --------===//

#include "zigzag/Explore/DesignSpace.h"
#include "zigzag/Import/YamlTree.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

using namespace llvm;

namespace zigzag {
namespace explore {

//===----------------------------------------------------------------------===//
// Technology table
//===----------------------------------------------------------------------===//

Expected<TechnologyTable> readTechnologyTable(StringRef path, int64_t nodeNm) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer = MemoryBuffer::getFile(path);
  if (!buffer)
    return createStringError(buffer.getError(),
                             "cannot read technology table '" + path +
                                 "': " + buffer.getError().message());
  Expected<json::Value> value = json::parse((*buffer)->getBuffer());
  if (!value)
    return createStringError(
        "technology table '" + path +
        "' is not valid JSON: " + toString(value.takeError()));
  const json::Object *top = value->getAsObject();
  const json::Array *rows = top ? top->getArray("rows") : nullptr;
  if (!rows)
    return createStringError("technology table '" + path +
                             "' has no \"rows\" list");
  TechnologyTable table;
  for (const json::Value &v : *rows) {
    const json::Object *row = v.getAsObject();
    if (!row)
      continue;
    std::optional<int64_t> node = row->getInteger("technology_nm");
    std::optional<bool> ok = row->getBoolean("ok");
    if (!node || *node != nodeNm || !ok || !*ok)
      continue;
    std::optional<int64_t> size = row->getInteger("size_byte");
    std::optional<int64_t> bus = row->getInteger("bus_width_bit");
    std::optional<double> r = row->getNumber("read_energy_pJ");
    std::optional<double> w = row->getNumber("write_energy_pJ");
    std::optional<double> a = row->getNumber("area_mm2");
    if (!size || !bus || !r || !w || !a)
      return createStringError("technology table '" + path +
                               "': a row lacks size_byte, bus_width_bit, "
                               "read_energy_pJ, write_energy_pJ or area_mm2");
    table.rows.push_back({*size, *bus, *r, *w, *a});
  }
  if (table.rows.empty())
    return createStringError("technology table '" + path +
                             "' has no successful rows for " + Twine(nodeNm) +
                             " nm");
  return table;
}

/// The two grid values around `x` (equal when x is on the grid).
static std::optional<std::pair<int64_t, int64_t>>
bracket(const std::vector<int64_t> &grid, int64_t x) {
  for (unsigned i = 0; i < grid.size(); ++i) {
    if (grid[i] == x)
      return std::make_pair(x, x);
    if (grid[i] > x)
      return i == 0 ? std::nullopt
                    : std::optional(std::make_pair(grid[i - 1], grid[i]));
  }
  return std::nullopt;
}

Expected<SramCost> interpolate(const TechnologyTable &table, int64_t sizeBytes,
                               int64_t busBits) {
  std::vector<int64_t> sizes, buses;
  for (const TechnologyTable::Row &row : table.rows) {
    sizes.push_back(row.sizeBytes);
    buses.push_back(row.busBits);
  }
  llvm::sort(sizes);
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  llvm::sort(buses);
  buses.erase(std::unique(buses.begin(), buses.end()), buses.end());
  auto s = bracket(sizes, sizeBytes);
  auto b = bracket(buses, busBits);
  if (!s || !b)
    return createStringError(formatv(
        "{0} B with a {1}-bit bus is outside the technology table ({2} B to "
        "{3} B, {4} to {5} bits)",
        sizeBytes, busBits, sizes.front(), sizes.back(), buses.front(),
        buses.back()));
  auto corner = [&](int64_t size, int64_t bus) -> const TechnologyTable::Row * {
    for (const TechnologyTable::Row &row : table.rows)
      if (row.sizeBytes == size && row.busBits == bus)
        return &row;
    return nullptr;
  };
  // Weight of the upper grid point along one axis, linear in log2.
  auto weight = [](int64_t lo, int64_t hi, int64_t x) {
    return lo == hi ? 0.0
                    : (std::log2(double(x)) - std::log2(double(lo))) /
                          (std::log2(double(hi)) - std::log2(double(lo)));
  };
  double ws = weight(s->first, s->second, sizeBytes);
  double wb = weight(b->first, b->second, busBits);
  SramCost cost;
  for (auto [size, fs] : {std::pair{s->first, 1 - ws}, {s->second, ws}})
    for (auto [bus, fb] : {std::pair{b->first, 1 - wb}, {b->second, wb}}) {
      if (fs * fb == 0)
        continue;
      const TechnologyTable::Row *row = corner(size, bus);
      if (!row)
        return createStringError(formatv(
            "the technology table has no figures for {0} B with a {1}-bit "
            "bus, needed for {2} B with a {3}-bit bus",
            size, bus, sizeBytes, busBits));
      cost.readEnergy += fs * fb * row->readEnergy;
      cost.writeEnergy += fs * fb * row->writeEnergy;
      cost.area += fs * fb * row->area;
    }
  return cost;
}

//===----------------------------------------------------------------------===//
// YAML parser
//===----------------------------------------------------------------------===//

namespace {
class SpaceParser {
public:
  SpaceParser(SourceMgr &sourceMgr, unsigned bufferId)
      : sourceMgr(sourceMgr), bufferId(bufferId) {}

  std::optional<DesignSpace> parse();

private:
  bool error(SMRange range, const Twine &message) {
    sourceMgr.PrintMessage(range.Start, SourceMgr::DK_Error, message, {range});
    failed = true;
    return false;
  }
  bool error(YamlNode *node, const Twine &message) {
    return error(node->range, message);
  }

  /// The entries of a mapping node (key text, key range, value node),
  /// checked against `valid`.
  struct Entry {
    std::string key;
    SMRange keyRange;
    YamlNode *value;
  };
  std::optional<std::vector<Entry>>
  entries(YamlNode *node, ArrayRef<StringRef> valid, StringRef what);
  static YamlNode *find(const std::vector<Entry> &entries, StringRef key) {
    for (const Entry &e : entries)
      if (e.key == key)
        return e.value;
    return nullptr;
  }
  YamlNode *require(const std::vector<Entry> &entries, StringRef key,
                    YamlNode *owner, StringRef what);

  std::optional<std::string> scalar(YamlNode *node, StringRef what);
  std::optional<double> number(YamlNode *node, StringRef what);
  std::optional<int64_t> integer(YamlNode *node, StringRef what);
  std::optional<bool> boolean(YamlNode *node, StringRef what);
  std::optional<std::vector<YamlNode *>> sequence(YamlNode *node,
                                                  StringRef what);
  std::optional<MemOperand> operand(YamlNode *node);
  std::optional<std::vector<MemOperand>> operands(YamlNode *node);

  bool parseArrays(YamlNode *node);
  bool parseMac(YamlNode *node);
  bool parseTechnology(YamlNode *node);
  bool parsePool(YamlNode *node);
  bool parseLevels(YamlNode *node);
  bool parseSharing(YamlNode *node, Level &level);
  bool parseConstraints(YamlNode *node);

  SourceMgr &sourceMgr;
  unsigned bufferId;
  bool failed = false;
  DesignSpace space;
  std::optional<TechnologyTable> technology;
  YamlNode *constraintsNode = nullptr;
  YamlNode *levelsNode = nullptr;
};
} // namespace

std::optional<std::vector<SpaceParser::Entry>>
SpaceParser::entries(YamlNode *node, ArrayRef<StringRef> valid,
                     StringRef what) {
  if (!node || node->kind != YamlNode::Kind::Mapping) {
    if (node)
      error(node, what + " must be a mapping");
    return std::nullopt;
  }
  std::vector<Entry> result;
  for (YamlEntry &entry : node->entries) {
    const std::string &text = entry.key;
    if (!llvm::is_contained(valid, text)) {
      std::string list;
      for (StringRef v : valid)
        list += (list.empty() ? "" : ", ") + v.str();
      error(entry.keyRange, "unknown key '" + text + "' in " + what +
                                " (expected " + list + ")");
      return std::nullopt;
    }
    if (find(result, text)) {
      error(entry.keyRange, "key '" + text + "' given twice in " + what);
      return std::nullopt;
    }
    result.push_back({text, entry.keyRange, &entry.value});
  }
  return result;
}

YamlNode *SpaceParser::require(const std::vector<Entry> &entries, StringRef key,
                               YamlNode *owner, StringRef what) {
  if (YamlNode *value = find(entries, key))
    return value;
  error(owner, what + " needs '" + key + "'");
  return nullptr;
}

std::optional<std::string> SpaceParser::scalar(YamlNode *node, StringRef what) {
  if (node->kind != YamlNode::Kind::Scalar) {
    error(node, what + " must be a scalar");
    return std::nullopt;
  }
  return node->text;
}

std::optional<double> SpaceParser::number(YamlNode *node, StringRef what) {
  std::optional<std::string> text = scalar(node, what);
  if (!text)
    return std::nullopt;
  double value;
  if (StringRef(*text).getAsDouble(value) || !std::isfinite(value) ||
      value < 0) {
    error(node, what + " must be a non-negative number, got '" + *text + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> SpaceParser::integer(YamlNode *node, StringRef what) {
  std::optional<std::string> text = scalar(node, what);
  if (!text)
    return std::nullopt;
  int64_t value;
  double real;
  // Sizes such as 1e10 are written in floating-point notation.
  if (StringRef(*text).getAsInteger(10, value)) {
    if (StringRef(*text).getAsDouble(real) || real != std::floor(real) ||
        real > 9.2e18) {
      error(node, what + " must be an integer, got '" + *text + "'");
      return std::nullopt;
    }
    value = static_cast<int64_t>(real);
  }
  if (value <= 0) {
    error(node, what + " must be positive, got '" + *text + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> SpaceParser::boolean(YamlNode *node, StringRef what) {
  std::optional<std::string> text = scalar(node, what);
  if (!text)
    return std::nullopt;
  if (*text == "true" || *text == "True")
    return true;
  if (*text == "false" || *text == "False")
    return false;
  error(node, what + " must be true or false, got '" + *text + "'");
  return std::nullopt;
}

std::optional<std::vector<YamlNode *>> SpaceParser::sequence(YamlNode *node,
                                                             StringRef what) {
  if (node->kind != YamlNode::Kind::Sequence) {
    error(node, what + " must be a list");
    return std::nullopt;
  }
  std::vector<YamlNode *> items;
  for (YamlNode &item : node->items)
    items.push_back(&item);
  return items;
}

std::optional<MemOperand> SpaceParser::operand(YamlNode *node) {
  std::optional<std::string> text = scalar(node, "an operand");
  if (!text)
    return std::nullopt;
  if (std::optional<MemOperand> op = parseMemOperand(*text))
    return op;
  error(node, "unknown operand '" + *text + "' (expected I1, I2 or O)");
  return std::nullopt;
}

std::optional<std::vector<MemOperand>> SpaceParser::operands(YamlNode *node) {
  std::optional<std::vector<YamlNode *>> items =
      sequence(node, "an operand list");
  if (!items)
    return std::nullopt;
  std::vector<MemOperand> result;
  for (YamlNode *item : *items) {
    std::optional<MemOperand> op = operand(item);
    if (!op)
      return std::nullopt;
    if (llvm::is_contained(result, *op)) {
      error(item, "operand '" + Twine(toString(*op)) + "' listed twice");
      return std::nullopt;
    }
    result.push_back(*op);
  }
  return result;
}

bool SpaceParser::parseArrays(YamlNode *node) {
  std::optional<std::vector<YamlNode *>> items = sequence(node, "pe_arrays");
  if (!items)
    return false;
  if (items->empty())
    return error(node, "pe_arrays lists no array option");
  for (YamlNode *item : *items) {
    auto map = entries(item, {"dimensions", "sizes"}, "a PE array option");
    if (!map)
      return false;
    YamlNode *dims = require(*map, "dimensions", item, "a PE array option");
    YamlNode *sizes = require(*map, "sizes", item, "a PE array option");
    if (!dims || !sizes)
      return false;
    ArrayOption option;
    auto dimItems = sequence(dims, "dimensions");
    auto sizeItems = sequence(sizes, "sizes");
    if (!dimItems || !sizeItems)
      return false;
    for (YamlNode *d : *dimItems) {
      std::optional<std::string> name = scalar(d, "a dimension name");
      if (!name)
        return false;
      if (llvm::is_contained(option.dimNames, *name))
        return error(d, "dimension '" + *name + "' listed twice");
      option.dimNames.push_back(*name);
    }
    for (YamlNode *s : *sizeItems) {
      std::optional<int64_t> size = integer(s, "an array size");
      if (!size)
        return false;
      option.sizes.push_back(*size);
    }
    if (option.dimNames.empty() ||
        option.dimNames.size() != option.sizes.size())
      return error(item, "a PE array option needs one size per dimension "
                         "and at least one dimension");
    space.arrays.push_back(std::move(option));
  }
  return true;
}

bool SpaceParser::parseMac(YamlNode *node) {
  auto map = entries(node, {"energy", "area"}, "mac");
  if (!map)
    return false;
  YamlNode *energy = require(*map, "energy", node, "mac");
  YamlNode *area = require(*map, "area", node, "mac");
  if (!energy || !area)
    return false;
  auto e = number(energy, "mac energy");
  auto a = number(area, "mac area");
  if (!e || !a)
    return false;
  space.macEnergy = *e;
  space.macArea = *a;
  return true;
}

bool SpaceParser::parseTechnology(YamlNode *node) {
  auto map = entries(node, {"table", "node_nm"}, "technology");
  if (!map)
    return false;
  YamlNode *tableNode = require(*map, "table", node, "technology");
  YamlNode *nodeNode = require(*map, "node_nm", node, "technology");
  if (!tableNode || !nodeNode)
    return false;
  std::optional<std::string> path = scalar(tableNode, "technology table");
  std::optional<int64_t> nm = integer(nodeNode, "node_nm");
  if (!path || !nm)
    return false;
  // Relative to the design space file, so a space names its table once.
  SmallString<256> full(*path);
  if (!sys::path::is_absolute(full)) {
    full = sys::path::parent_path(
        sourceMgr.getMemoryBuffer(bufferId)->getBufferIdentifier());
    sys::path::append(full, *path);
  }
  Expected<TechnologyTable> table = readTechnologyTable(full, *nm);
  if (!table)
    return error(tableNode, toString(table.takeError()));
  technology = std::move(*table);
  return true;
}

bool SpaceParser::parsePool(YamlNode *node) {
  std::optional<std::vector<YamlNode *>> items = sequence(node, "memory_pool");
  if (!items)
    return false;
  if (items->empty())
    return error(node, "the memory pool is empty: list at least the "
                       "off-chip memory");
  for (YamlNode *item : *items) {
    auto map =
        entries(item,
                {"name", "size", "bandwidth", "bandwidth_min", "r_cost",
                 "w_cost", "area", "cacti", "mem_type", "operands", "port"},
                "a pool memory");
    if (!map)
      return false;
    PoolMemory mem;
    YamlNode *name = require(*map, "name", item, "a pool memory");
    YamlNode *size = require(*map, "size", item, "a pool memory");
    YamlNode *bw = require(*map, "bandwidth", item, "a pool memory");
    if (!name || !size || !bw)
      return false;
    auto nameText = scalar(name, "name");
    auto sizeBits = integer(size, "size (bits)");
    auto bandwidth = integer(bw, "bandwidth (bits/cycle)");
    if (!nameText || !sizeBits || !bandwidth)
      return false;
    for (const PoolMemory &other : space.pool)
      if (other.name == *nameText)
        return error(name, "pool memory '" + *nameText + "' defined twice");
    mem.name = *nameText;
    mem.sizeBits = *sizeBits;
    mem.bandwidthMax = *bandwidth;
    mem.bandwidthMin = *bandwidth;
    if (YamlNode *n = find(*map, "bandwidth_min")) {
      auto v = integer(n, "bandwidth_min");
      if (!v)
        return false;
      if (*v > mem.bandwidthMax)
        return error(n, "bandwidth_min exceeds bandwidth");
      mem.bandwidthMin = *v;
    }
    if (YamlNode *n = find(*map, "mem_type")) {
      auto v = scalar(n, "mem_type");
      if (!v)
        return false;
      if (*v != "sram" && *v != "dram")
        return error(n, "mem_type must be sram or dram, got '" + *v + "'");
      mem.memType = *v;
    }
    mem.readWritePort = mem.memType == "dram";
    if (YamlNode *n = find(*map, "port")) {
      auto v = scalar(n, "port");
      if (!v)
        return false;
      if (*v != "rw" && *v != "r_w")
        return error(n, "port must be rw (one read-write port) or r_w (a "
                        "read and a write port), got '" +
                            *v + "'");
      mem.readWritePort = *v == "rw";
    }
    if (YamlNode *n = find(*map, "operands")) {
      auto ops = operands(n);
      if (!ops)
        return false;
      mem.operands = *ops;
    }
    bool cacti = false;
    if (YamlNode *n = find(*map, "cacti")) {
      auto v = boolean(n, "cacti");
      if (!v)
        return false;
      cacti = *v;
    }
    if (cacti) {
      for (StringRef key : {"r_cost", "w_cost", "area"})
        if (YamlNode *n = find(*map, key))
          return error(n, "'" + key +
                              "' conflicts with cacti: true (the "
                              "technology table gives it)");
      if (!technology)
        return error(find(*map, "cacti"),
                     "cacti: true needs a 'technology' table (give it "
                     "before memory_pool)");
      if (mem.sizeBits % 8)
        return error(size, "a CACTI memory's size must be whole bytes");
      Expected<SramCost> cost =
          interpolate(*technology, mem.sizeBits / 8, mem.bandwidthMax);
      if (!cost)
        return error(item, "pool memory '" + mem.name +
                               "': " + toString(cost.takeError()));
      mem.readCost = cost->readEnergy;
      mem.writeCost = cost->writeEnergy;
      mem.area = cost->area;
    } else {
      YamlNode *r = require(*map, "r_cost", item,
                            "a pool memory without "
                            "cacti: true");
      YamlNode *w = require(*map, "w_cost", item,
                            "a pool memory without "
                            "cacti: true");
      YamlNode *a = require(*map, "area", item,
                            "a pool memory without "
                            "cacti: true");
      if (!r || !w || !a)
        return false;
      auto rv = number(r, "r_cost"), wv = number(w, "w_cost"),
           av = number(a, "area");
      if (!rv || !wv || !av)
        return false;
      mem.readCost = *rv;
      mem.writeCost = *wv;
      mem.area = *av;
    }
    space.pool.push_back(std::move(mem));
  }
  return true;
}

bool SpaceParser::parseSharing(YamlNode *node, Level &level) {
  std::optional<std::vector<YamlNode *>> options = sequence(node, "sharing");
  if (!options)
    return false;
  if (options->empty())
    return error(node, "sharing lists no option");
  for (YamlNode *option : *options) {
    Sharing sharing;
    if (option->kind == YamlNode::Kind::Scalar) {
      StringRef text = option->text;
      if (text == "separate") {
        for (MemOperand op : level.operands)
          sharing.push_back({op});
      } else if (text == "shared") {
        sharing.push_back(level.operands);
      } else {
        return error(option, "unknown sharing '" + text +
                                 "' (expected separate, shared or a list of "
                                 "operand groups such as [[I1, I2], [O]])");
      }
    } else {
      auto groups = sequence(option, "a sharing option");
      if (!groups)
        return false;
      std::vector<MemOperand> seen;
      for (YamlNode *g : *groups) {
        auto ops = operands(g);
        if (!ops)
          return false;
        if (ops->empty())
          return error(g, "an operand group is empty");
        for (MemOperand op : *ops) {
          if (!llvm::is_contained(level.operands, op))
            return error(
                g, "level '" + level.name + "' cannot serve " + toString(op) +
                       " (its operands are " +
                       [&] {
                         std::string s;
                         for (MemOperand o : level.operands)
                           s += (s.empty() ? "" : ", ") +
                                std::string(toString(o));
                         return s;
                       }() +
                       ")");
          if (llvm::is_contained(seen, op))
            return error(g, "operand " + Twine(toString(op)) +
                                " is in two groups of one sharing option");
          seen.push_back(op);
        }
        sharing.push_back(*ops);
      }
      if (seen.size() != level.operands.size())
        return error(option, "a sharing option must place every operand of "
                             "level '" +
                                 level.name + "' in a group");
    }
    level.sharings.push_back(std::move(sharing));
  }
  return true;
}

bool SpaceParser::parseLevels(YamlNode *node) {
  levelsNode = node;
  std::optional<std::vector<YamlNode *>> items = sequence(node, "levels");
  if (!items)
    return false;
  if (items->empty())
    return error(node, "levels lists no level");
  for (YamlNode *item : *items) {
    auto map = entries(item,
                       {"name", "operands", "memories", "sharing", "bypass",
                        "served_dimensions"},
                       "a level");
    if (!map)
      return false;
    Level level;
    YamlNode *name = require(*map, "name", item, "a level");
    YamlNode *mems = require(*map, "memories", item, "a level");
    if (!name || !mems)
      return false;
    auto nameText = scalar(name, "level name");
    if (!nameText)
      return false;
    for (const Level &other : space.levels)
      if (other.name == *nameText)
        return error(name, "level '" + *nameText + "' defined twice");
    level.name = *nameText;
    level.operands = {MemOperand::I1, MemOperand::I2, MemOperand::O};
    if (YamlNode *n = find(*map, "operands")) {
      auto ops = operands(n);
      if (!ops)
        return false;
      if (ops->empty())
        return error(n, "a level serves at least one operand");
      level.operands = *ops;
    }
    auto memItems = sequence(mems, "memories");
    if (!memItems)
      return false;
    if (memItems->empty())
      return error(mems, "level '" + level.name + "' has no candidate memory");
    for (YamlNode *m : *memItems) {
      auto memName = scalar(m, "a memory name");
      if (!memName)
        return false;
      auto it = llvm::find_if(
          space.pool, [&](const PoolMemory &p) { return p.name == *memName; });
      if (it == space.pool.end())
        return error(m, "memory '" + *memName + "' is not in the memory pool");
      unsigned index = it - space.pool.begin();
      if (llvm::is_contained(level.candidates, index))
        return error(m, "memory '" + *memName + "' listed twice");
      // A pool memory limited to some operands must still fit one of them.
      if (!it->operands.empty() &&
          llvm::none_of(level.operands, [&](MemOperand op) {
            return llvm::is_contained(it->operands, op);
          }))
        return error(m, "memory '" + *memName +
                            "' holds none of the operands of level '" +
                            level.name + "'");
      level.candidates.push_back(index);
    }
    if (YamlNode *n = find(*map, "sharing")) {
      if (!parseSharing(n, level))
        return false;
    } else {
      level.sharings.push_back({level.operands});
    }
    if (YamlNode *n = find(*map, "bypass")) {
      auto v = boolean(n, "bypass");
      if (!v)
        return false;
      level.bypass = *v;
    }
    if (YamlNode *n = find(*map, "served_dimensions")) {
      auto dims = sequence(n, "served_dimensions");
      if (!dims)
        return false;
      for (YamlNode *d : *dims) {
        auto dim = scalar(d, "a dimension name");
        if (!dim)
          return false;
        for (const ArrayOption &array : space.arrays)
          if (!llvm::is_contained(array.dimNames, *dim))
            return error(d, "served dimension '" + *dim +
                                "' is not a dimension of every PE array "
                                "option");
        level.servedDims.push_back(*dim);
      }
    }
    space.levels.push_back(std::move(level));
  }
  // The off-chip level is where every operand comes from.
  const Level &top = space.levels.back();
  YamlNode *topNode = items->back();
  if (top.bypass)
    return error(topNode, "the outermost level '" + top.name +
                              "' must not be bypassable: every operand "
                              "needs a path to it");
  for (MemOperand op : kAllMemOperands)
    if (!llvm::is_contained(top.operands, op))
      return error(topNode, "the outermost level '" + top.name +
                                "' must hold every operand (I1, I2, O); it "
                                "lacks " +
                                Twine(toString(op)));
  return true;
}

bool SpaceParser::parseConstraints(YamlNode *node) {
  constraintsNode = node;
  auto map = entries(node, {"max_area_mm2", "max_on_chip_bits"}, "constraints");
  if (!map)
    return false;
  if (YamlNode *n = find(*map, "max_area_mm2")) {
    auto v = number(n, "max_area_mm2");
    if (!v)
      return false;
    space.maxArea = *v;
  }
  if (YamlNode *n = find(*map, "max_on_chip_bits")) {
    auto v = integer(n, "max_on_chip_bits");
    if (!v)
      return false;
    space.maxOnChipBits = *v;
  }
  return true;
}

std::optional<DesignSpace> SpaceParser::parse() {
  yaml::Stream stream(sourceMgr.getMemoryBuffer(bufferId)->getMemBufferRef(),
                      sourceMgr);
  yaml::document_iterator doc = stream.begin();
  if (doc == stream.end() || !doc->getRoot()) {
    error(SMRange(), "empty design space");
    return std::nullopt;
  }
  YamlNode tree;
  YamlTreeOptions options;
  options.maxDepth = 32;
  // Design spaces are this project's own format: YAML's plain `null` is
  // only PyYAML's reading, and block scalars have no use in it.
  options.pythonNulls = false;
  options.blockScalars = false;
  if (!buildYamlTree(doc->getRoot(), tree, options,
                     [&](SMRange range, const Twine &message) {
                       error(range, message);
                     }) ||
      failed)
    return std::nullopt;
  YamlNode *root = &tree;
  auto top = entries(root,
                     {"name", "technology", "pe_arrays", "mac", "memory_pool",
                      "levels", "constraints"},
                     "the design space");
  if (!top)
    return std::nullopt;
  // Keys are read in dependency order whatever their order in the file.
  for (StringRef key : {"pe_arrays", "mac", "memory_pool", "levels"})
    if (!require(*top, key, root, "the design space"))
      return std::nullopt;
  if (YamlNode *n = find(*top, "name")) {
    auto v = scalar(n, "name");
    if (!v)
      return std::nullopt;
    space.name = *v;
  }
  if (!parseArrays(find(*top, "pe_arrays")) || !parseMac(find(*top, "mac")))
    return std::nullopt;
  if (YamlNode *n = find(*top, "technology"))
    if (!parseTechnology(n))
      return std::nullopt;
  if (!parsePool(find(*top, "memory_pool")) ||
      !parseLevels(find(*top, "levels")))
    return std::nullopt;
  if (YamlNode *n = find(*top, "constraints"))
    if (!parseConstraints(n))
      return std::nullopt;
  if (failed)
    return std::nullopt;
  EnumerationStats stats;
  if (enumerateDesigns(space, &stats).empty()) {
    if (constraintsNode && (stats.rejectedArea || stats.rejectedBits))
      error(constraintsNode,
            formatv("no design satisfies the constraints ({0} over the "
                    "area, {1} over the on-chip bits, {2} with capacities "
                    "not growing outward)",
                    stats.rejectedArea, stats.rejectedBits,
                    stats.rejectedCapacity)
                .str());
    else
      error(levelsNode, "the levels build no valid hierarchy: every "
                        "combination has an operand whose memory sizes do "
                        "not grow outward");
    return std::nullopt;
  }
  return std::move(space);
}

std::optional<DesignSpace> parseDesignSpace(SourceMgr &sourceMgr,
                                            unsigned bufferId) {
  return SpaceParser(sourceMgr, bufferId).parse();
}

Expected<DesignSpace> readDesignSpaceFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer = MemoryBuffer::getFile(path);
  if (!buffer)
    return createStringError(buffer.getError(),
                             "cannot read design space '" + path +
                                 "': " + buffer.getError().message());
  SourceMgr sourceMgr;
  std::string diagnostics;
  raw_string_ostream os(diagnostics);
  sourceMgr.setDiagHandler(
      [](const SMDiagnostic &diag, void *context) {
        diag.print(nullptr, *static_cast<raw_string_ostream *>(context));
      },
      &os);
  unsigned id = sourceMgr.AddNewSourceBuffer(std::move(*buffer), SMLoc());
  std::optional<DesignSpace> space = parseDesignSpace(sourceMgr, id);
  if (!space)
    return createStringError(os.str());
  return std::move(*space);
}

//===----------------------------------------------------------------------===//
// Generator
//===----------------------------------------------------------------------===//

/// The choice of one level: a sharing option and per group a candidate
/// index, or -1 for bypassed.
namespace {
struct LevelChoice {
  unsigned sharing = 0;
  std::vector<int> memory; // per group
};
} // namespace

/// Every choice of `level`, in a fixed order.
static std::vector<LevelChoice> levelChoices(const DesignSpace &space,
                                             const Level &level) {
  std::vector<LevelChoice> choices;
  for (unsigned s = 0; s < level.sharings.size(); ++s) {
    const Sharing &groups = level.sharings[s];
    // Per group: candidates that may hold all of its operands.
    std::vector<std::vector<int>> options(groups.size());
    for (unsigned g = 0; g < groups.size(); ++g) {
      if (level.bypass)
        options[g].push_back(-1);
      for (unsigned c = 0; c < level.candidates.size(); ++c) {
        const PoolMemory &mem = space.pool[level.candidates[c]];
        if (mem.operands.empty() || llvm::all_of(groups[g], [&](MemOperand op) {
              return llvm::is_contained(mem.operands, op);
            }))
          options[g].push_back(static_cast<int>(c));
      }
    }
    if (llvm::any_of(options, [](const auto &o) { return o.empty(); }))
      continue;
    std::vector<unsigned> digit(groups.size(), 0);
    while (true) {
      LevelChoice choice{s, {}};
      for (unsigned g = 0; g < groups.size(); ++g)
        choice.memory.push_back(options[g][digit[g]]);
      choices.push_back(std::move(choice));
      unsigned g = 0;
      for (; g < groups.size(); ++g) {
        if (++digit[g] < options[g].size())
          break;
        digit[g] = 0;
      }
      if (g == groups.size())
        break;
    }
  }
  return choices;
}

/// A memory built from a pool entry for `operands` at one level.
static Memory buildMemory(const PoolMemory &pool, const Level &level,
                          const std::vector<MemOperand> &operands,
                          const ArrayOption &array) {
  Memory mem;
  mem.name = level.name + "_" + pool.name + "_";
  for (MemOperand op : operands)
    mem.name += toString(op);
  mem.sizeBits = pool.sizeBits;
  mem.readCost = pool.readCost;
  mem.writeCost = pool.writeCost;
  mem.area = pool.area;
  mem.latency = 1;
  mem.memType = pool.memType;
  mem.operands = operands;
  for (const std::string &dim : level.servedDims)
    mem.servedDims.push_back(
        std::find(array.dimNames.begin(), array.dimNames.end(), dim) -
        array.dimNames.begin());
  llvm::sort(mem.servedDims);
  Port read{
      "r_port_1", PortType::Read, pool.bandwidthMin, pool.bandwidthMax, {}};
  Port write{
      "w_port_1", PortType::Write, pool.bandwidthMin, pool.bandwidthMax, {}};
  for (MemOperand op : operands) {
    write.allocations.push_back({op, Direction::FromHigh});
    read.allocations.push_back({op, Direction::ToLow});
    if (op == MemOperand::O) {
      write.allocations.push_back({op, Direction::FromLow});
      read.allocations.push_back({op, Direction::ToHigh});
    }
  }
  if (pool.readWritePort) {
    Port rw{"rw_port_1",
            PortType::ReadWrite,
            pool.bandwidthMin,
            pool.bandwidthMax,
            {}};
    for (const PortAllocation &a : write.allocations)
      rw.allocations.push_back(a);
    for (const PortAllocation &a : read.allocations)
      rw.allocations.push_back(a);
    mem.ports = {rw};
  } else {
    mem.ports = {read, write};
  }
  return mem;
}

std::vector<Design> enumerateDesigns(const DesignSpace &space,
                                     EnumerationStats *stats) {
  EnumerationStats local;
  EnumerationStats &st = stats ? *stats : local;
  std::vector<std::vector<LevelChoice>> choices;
  for (const Level &level : space.levels)
    choices.push_back(levelChoices(space, level));
  std::vector<Design> designs;
  if (llvm::any_of(choices, [](const auto &c) { return c.empty(); }))
    return designs;
  unsigned numLevels = space.levels.size();
  for (unsigned a = 0; a < space.arrays.size(); ++a) {
    const ArrayOption &array = space.arrays[a];
    std::set<std::string> seen;
    std::vector<unsigned> digit(numLevels, 0);
    while (true) {
      ++st.combinations;
      Hardware hw;
      hw.array.dimNames = array.dimNames;
      hw.array.sizes = array.sizes;
      hw.array.unitEnergy = space.macEnergy;
      hw.array.unitArea = space.macArea;
      // Identity of the hierarchy: per level, the memories and what they
      // hold (names of bypassed groups and sharings do not matter).
      std::string key;
      std::array<int64_t, kNumMemOperands> lastSize = {0, 0, 0};
      bool grows = true;
      for (unsigned l = 0; l < numLevels; ++l) {
        const Level &level = space.levels[l];
        const LevelChoice &choice = choices[l][digit[l]];
        const Sharing &groups = level.sharings[choice.sharing];
        key += "|";
        for (unsigned g = 0; g < groups.size(); ++g) {
          if (choice.memory[g] < 0)
            continue;
          const PoolMemory &pool =
              space.pool[level.candidates[choice.memory[g]]];
          key += pool.name + ":";
          for (MemOperand op : groups[g]) {
            key += toString(op);
            int64_t &last = lastSize[static_cast<unsigned>(op)];
            if (pool.sizeBits <= last)
              grows = false;
            last = pool.sizeBits;
          }
          key += ";";
          hw.memories.push_back(buildMemory(pool, level, groups[g], array));
        }
      }
      if (!grows) {
        ++st.rejectedCapacity;
      } else if (!seen.insert(key).second) {
        ++st.duplicates;
      } else {
        Design design;
        design.area = computeArea(hw).total;
        // Saturating: absurd sizes must fail the constraint, not overflow.
        uint64_t bits = 0;
        for (unsigned m = 0; m < hw.memories.size(); ++m)
          if (hw.memories[m].memType != "dram")
            bits = SaturatingMultiplyAdd(
                static_cast<uint64_t>(hw.memories[m].sizeBits),
                static_cast<uint64_t>(hw.unrollCount(m)), bits);
        design.onChipBits = static_cast<int64_t>(
            std::min<uint64_t>(bits, std::numeric_limits<int64_t>::max()));
        if (space.maxArea && design.area > *space.maxArea) {
          ++st.rejectedArea;
        } else if (space.maxOnChipBits &&
                   design.onChipBits > *space.maxOnChipBits) {
          ++st.rejectedBits;
        } else {
          hw.name = space.name.empty() ? "design" : space.name;
          hw.name += "_" + std::to_string(designs.size());
          design.id = designs.size();
          design.hw = std::move(hw);
          designs.push_back(std::move(design));
        }
      }
      // Mixed-radix increment, innermost level least significant.
      unsigned l = 0;
      for (; l < numLevels; ++l) {
        if (++digit[l] < choices[l].size())
          break;
        digit[l] = 0;
      }
      if (l == numLevels)
        break;
    }
  }
  return designs;
}

//===----------------------------------------------------------------------===//
// Hardware YAML writer
//===----------------------------------------------------------------------===//

/// Shortest text that reads back to exactly `x`.
static std::string exact(double x) {
  char buffer[64];
  for (int precision = 1; precision <= 17; ++precision) {
    snprintf(buffer, sizeof(buffer), "%.*g", precision, x);
    if (std::strtod(buffer, nullptr) == x)
      break;
  }
  return buffer;
}

std::string toHardwareYAML(const Hardware &hw) {
  std::string text;
  raw_string_ostream os(text);
  os << "# Written by zigzag-explore: one design of a design space.\n";
  os << "name: " << hw.name << "\n\noperational_array:\n  dimensions: [";
  interleave(hw.array.dimNames, os, ", ");
  os << "]\n  sizes: [";
  interleave(hw.array.sizes, os, ", ");
  os << "]\n  unit_energy: " << exact(hw.array.unitEnergy)
     << "\n  unit_area: " << exact(hw.array.unitArea) << "\n\nmemories:\n";
  for (const Memory &m : hw.memories) {
    os << "  " << m.name << ":\n    size: " << m.sizeBits
       << "\n    r_cost: " << exact(m.readCost)
       << "\n    w_cost: " << exact(m.writeCost)
       << "\n    area: " << exact(m.area) << "\n    latency: " << m.latency
       << "\n    mem_type: " << m.memType << "\n    operands: [";
    interleave(
        m.operands, os, [&](MemOperand op) { os << toString(op); }, ", ");
    os << "]\n    ports:\n";
    for (const Port &p : m.ports) {
      os << "      - {name: " << p.name << ", type: " << toString(p.type)
         << ", bandwidth_min: " << p.bandwidthMin
         << ", bandwidth_max: " << p.bandwidthMax << ", allocation: [";
      interleave(
          p.allocations, os,
          [&](const PortAllocation &a) {
            os << "\"" << toString(a.operand) << ", " << toString(a.direction)
               << "\"";
          },
          ", ");
      os << "]}\n";
    }
    os << "    served_dimensions: [";
    interleave(
        m.servedDims, os, [&](unsigned d) { os << hw.array.dimNames[d]; },
        ", ");
    os << "]\n";
  }
  return text;
}

} // namespace explore
} // namespace zigzag
