//===- MappingYAML.cpp - Read ZigZag mapping YAML files -------------------===//
//
// Schema (ZigZag 3.8, mapping_validator.py):
//   - name: <layer name | operator type | default>      (required)
//     spatial_mapping: {D1: ["K, 16", ...], ...}        (optional, nullable)
//     spatial_mapping_hint: {D1: [K, C], ...}           (optional)
//     memory_operand_links: {O: O, W: I2, I: I1}        (optional; DeFiNES's
//                           {O: O, W: I1, I: I1} is accepted: I1 may be
//                           linked twice)
//     temporal_ordering: [[OX, 112], [K, "*"], ...]     (optional)
//     constraints: {...}                                (optional; ours,
//                           see parseConstraints and docs/Search.md)
// `core_allocation` and `core_allocation_is_fixed` (Stream's extensions) are
// accepted and ignored; any other key is an error, as in ZigZag.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/MappingYAML.h"
#include "zigzag/Import/YamlTree.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace zigzag {

namespace {
class MappingYAMLParser {
public:
  MappingYAMLParser(SourceMgr &sourceMgr, unsigned bufferId)
      : sourceMgr(sourceMgr),
        stream(sourceMgr.getMemoryBuffer(bufferId)->getMemBufferRef(),
               sourceMgr, /*ShowColors=*/false) {}

  std::optional<MappingSpec> parse();

private:
  /// Reports the first error only: later ones are usually consequences.
  bool error(yaml::Node *node, const Twine &message) {
    if (!failed)
      stream.printError(node, message);
    failed = true;
    return false;
  }

  /// A plain or quoted scalar's text; false (with an error) otherwise.
  bool getString(yaml::Node *node, StringRef what, std::string &out);
  bool getInteger(yaml::Node *node, StringRef what, int64_t &out);
  static bool isQuoted(yaml::ScalarNode *scalar) {
    StringRef raw = scalar->getRawValue();
    return raw.starts_with("\"") || raw.starts_with("'");
  }

  bool parseEntry(yaml::MappingNode *map, MappingSpecEntry &entry);
  bool parseSpatialMapping(yaml::Node *node, MappingSpecEntry &entry);
  bool parseUnrolling(yaml::Node *node, SpatialUnrollSpec &out);
  bool parseHints(yaml::Node *node, MappingSpecEntry &entry);
  bool parseLinks(yaml::Node *node, MappingSpecEntry &entry);
  bool parseTemporalOrdering(yaml::Node *node, MappingSpecEntry &entry);
  bool parseConstraints(yaml::Node *node, MappingConstraints &out);
  /// Calls `each` with every key and value of the mapping `node`, in order
  /// (the YAML stream must read a value before the next key).
  bool forEachKey(yaml::Node *node, StringRef what,
                  function_ref<bool(const std::string &, yaml::Node *)> each);
  /// A scalar or a list of scalars.
  bool getStrings(yaml::Node *node, StringRef what,
                  SmallVectorImpl<std::pair<std::string, yaml::Node *>> &out);
  /// "file:line:col" of `node`, for messages given once the layer is known.
  std::string where(yaml::Node *node) const;

  SourceMgr &sourceMgr;
  yaml::Stream stream;
  bool failed = false;
};
} // namespace

static bool isIdentifier(StringRef text) {
  if (text.empty() || !(isAlpha(text.front()) || text.front() == '_'))
    return false;
  return llvm::all_of(text, [](char c) { return isAlnum(c) || c == '_'; });
}

bool MappingYAMLParser::getString(yaml::Node *node, StringRef what,
                                  std::string &out) {
  auto *scalar = dyn_cast_or_null<yaml::ScalarNode>(node);
  if (!scalar)
    return error(node, what + " must be a string");
  SmallString<32> storage;
  out = scalar->getValue(storage).str();
  return true;
}

bool MappingYAMLParser::getInteger(yaml::Node *node, StringRef what,
                                   int64_t &out) {
  auto *scalar = dyn_cast_or_null<yaml::ScalarNode>(node);
  SmallString<32> storage;
  if (!scalar || isQuoted(scalar) ||
      scalar->getValue(storage).getAsInteger(10, out))
    return error(node, what + " must be an integer");
  return true;
}

std::optional<MappingSpec> MappingYAMLParser::parse() {
  MappingSpec spec;
  bool sawDocument = false;
  for (yaml::Document &doc : stream) {
    yaml::Node *root = doc.getRoot();
    if (!root || failed || stream.failed())
      break;
    if (isPythonNull(root))
      continue;
    sawDocument = true;
    auto *list = dyn_cast<yaml::SequenceNode>(root);
    if (!list) {
      error(root, "a mapping file must be a list of mapping entries");
      break;
    }
    for (yaml::Node &item : *list) {
      auto *map = dyn_cast<yaml::MappingNode>(&item);
      if (!map) {
        error(&item, "a mapping entry must be a mapping with a 'name' key");
        break;
      }
      MappingSpecEntry entry;
      if (!parseEntry(map, entry))
        break;
      spec.entries.push_back(std::move(entry));
    }
    if (failed)
      break;
  }
  if (failed || stream.failed())
    return std::nullopt;
  (void)sawDocument;
  return spec;
}

bool MappingYAMLParser::parseEntry(yaml::MappingNode *map,
                                   MappingSpecEntry &entry) {
  bool hasName = false;
  SmallVector<std::string> seen;
  for (yaml::KeyValueNode &kv : *map) {
    std::string key;
    if (!getString(kv.getKey(), "a mapping entry key", key))
      return false;
    yaml::Node *value = kv.getValue();
    if (!value)
      return error(kv.getKey(), "missing value for '" + key + "'");
    if (llvm::is_contained(seen, key))
      return error(kv.getKey(), "duplicate key '" + key + "'");
    seen.push_back(key);
    if (key == "name") {
      if (!getString(value, "'name'", entry.name))
        return false;
      if (entry.name.empty())
        return error(value, "'name' must not be empty");
      hasName = true;
    } else if (key == "spatial_mapping") {
      if (!parseSpatialMapping(value, entry))
        return false;
    } else if (key == "spatial_mapping_hint") {
      if (!parseHints(value, entry))
        return false;
    } else if (key == "memory_operand_links") {
      if (!parseLinks(value, entry))
        return false;
    } else if (key == "temporal_ordering") {
      if (!parseTemporalOrdering(value, entry))
        return false;
    } else if (key == "constraints") {
      if (!parseConstraints(value, entry.constraints))
        return false;
    } else if (key == "core_allocation" || key == "core_allocation_is_fixed") {
      value->skip(); // multi-core (Stream) settings: not used here
    } else {
      return error(kv.getKey(),
                   "unknown key '" + key +
                       "' in a mapping entry (expected name, spatial_mapping, "
                       "spatial_mapping_hint, memory_operand_links, "
                       "temporal_ordering or constraints)");
    }
  }
  if (failed)
    return false;
  if (!hasName)
    return error(map, "mapping entry without a 'name'");
  return true;
}

bool MappingYAMLParser::parseUnrolling(yaml::Node *node,
                                       SpatialUnrollSpec &out) {
  StringRef loop;
  // `K, 16` (ZigZag's form) or a flow list `[K, 16]`.
  if (auto *scalar = dyn_cast<yaml::ScalarNode>(node)) {
    SmallString<32> storage;
    StringRef text = scalar->getValue(storage);
    auto [name, factor] = text.split(',');
    name = name.trim();
    factor = factor.trim();
    if (!text.contains(',') || !isIdentifier(name) ||
        factor.getAsInteger(10, out.factor))
      return error(node, "expected '<loop>, <factor>' (e.g. \"K, 16\"), got '" +
                             text + "'");
    out.loop = name.str();
  } else if (auto *seq = dyn_cast<yaml::SequenceNode>(node)) {
    SmallVector<yaml::Node *, 2> items;
    for (yaml::Node &item : *seq)
      items.push_back(&item);
    if (items.size() != 2)
      return error(node, "expected [<loop>, <factor>]");
    if (!getString(items[0], "the unrolled loop", out.loop) ||
        !getInteger(items[1], "the unrolling factor", out.factor))
      return false;
    if (!isIdentifier(out.loop))
      return error(items[0], "'" + out.loop + "' is not a loop name");
  } else {
    return error(node, "expected '<loop>, <factor>' (e.g. \"K, 16\")");
  }
  if (out.factor < 1)
    return error(node, "unrolling factor must be at least 1");
  return true;
}

bool MappingYAMLParser::parseSpatialMapping(yaml::Node *node,
                                            MappingSpecEntry &entry) {
  if (isPythonNull(node))
    return true; // ZigZag: a null spatial_mapping leaves everything open
  auto *map = dyn_cast<yaml::MappingNode>(node);
  if (!map)
    return error(node, "'spatial_mapping' must map array dims to lists of "
                       "'<loop>, <factor>'");
  entry.hasSpatialMapping = true;
  for (yaml::KeyValueNode &kv : *map) {
    ArrayDimUnrollSpec dim;
    if (!getString(kv.getKey(), "an array dim", dim.arrayDim))
      return false;
    for (const ArrayDimUnrollSpec &prev : entry.spatialMapping)
      if (prev.arrayDim == dim.arrayDim)
        return error(kv.getKey(), "duplicate array dim '" + dim.arrayDim + "'");
    yaml::Node *value = kv.getValue();
    if (!value)
      return false;
    auto *list = dyn_cast<yaml::SequenceNode>(value);
    if (!list)
      return error(value, "the unrollings of '" + dim.arrayDim +
                              "' must be a list of '<loop>, <factor>'");
    // The search multiplies the factors of an array dim.
    std::optional<int64_t> product = 1;
    for (yaml::Node &item : *list) {
      SpatialUnrollSpec unroll;
      if (!parseUnrolling(&item, unroll))
        return false;
      product = product ? checkedMul(*product, unroll.factor) : std::nullopt;
      if (!product)
        return error(&item, "the unrolling factors of '" + dim.arrayDim +
                                "' multiply to more than int64 can count");
      dim.unrollings.push_back(std::move(unroll));
    }
    if (failed)
      return false;
    entry.spatialMapping.push_back(std::move(dim));
  }
  return !failed;
}

bool MappingYAMLParser::parseHints(yaml::Node *node, MappingSpecEntry &entry) {
  if (isPythonNull(node))
    return true;
  auto *map = dyn_cast<yaml::MappingNode>(node);
  if (!map)
    return error(node,
                 "'spatial_mapping_hint' must map array dims to loop lists");
  for (yaml::KeyValueNode &kv : *map) {
    ArrayDimHintSpec hint;
    if (!getString(kv.getKey(), "an array dim", hint.arrayDim))
      return false;
    yaml::Node *value = kv.getValue();
    if (!value)
      return false;
    auto *list = dyn_cast<yaml::SequenceNode>(value);
    if (!list)
      return error(value, "the hint of '" + hint.arrayDim +
                              "' must be a list of loop names");
    for (yaml::Node &item : *list) {
      std::string loop;
      if (!getString(&item, "a hinted loop", loop))
        return false;
      if (!isIdentifier(loop))
        return error(&item, "'" + loop + "' is not a loop name");
      hint.loops.push_back(std::move(loop));
    }
    if (failed)
      return false;
    entry.spatialMappingHint.push_back(std::move(hint));
  }
  return !failed;
}

bool MappingYAMLParser::parseLinks(yaml::Node *node, MappingSpecEntry &entry) {
  auto *map = dyn_cast<yaml::MappingNode>(node);
  if (!map)
    return error(node, "'memory_operand_links' must map layer operands "
                       "(e.g. W) to memory operands (I1, I2, O)");
  entry.memoryOperandLinks.clear();
  for (yaml::KeyValueNode &kv : *map) {
    OperandLinkSpec link;
    std::string memOperand;
    if (!getString(kv.getKey(), "a layer operand", link.layerOperand) ||
        !getString(kv.getValue(), "a memory operand", memOperand))
      return false;
    std::optional<MemOperand> parsed = parseMemOperand(memOperand);
    if (!parsed)
      return error(kv.getValue(), "unknown memory operand '" + memOperand +
                                      "' (expected I1, I2 or O)");
    link.memOperand = *parsed;
    unsigned sameMemOperand = 0;
    bool sharedWithOutput = link.layerOperand == "O";
    for (const OperandLinkSpec &prev : entry.memoryOperandLinks) {
      if (prev.layerOperand == link.layerOperand)
        return error(kv.getKey(),
                     "duplicate layer operand '" + link.layerOperand + "'");
      if (prev.memOperand == link.memOperand) {
        ++sameMemOperand;
        sharedWithOutput |= prev.layerOperand == "O";
      }
    }
    // DeFiNES links both inputs of its Add layers to I1 (the search then
    // gives the second one I2, docs/Search.md); nothing else may share.
    if (sameMemOperand > 0 && (link.memOperand != MemOperand::I1 ||
                               sameMemOperand > 1 || sharedWithOutput))
      return error(kv.getValue(),
                   "memory operand '" + memOperand + "' is linked " +
                       (sameMemOperand > 1 ? "three times" : "twice") +
                       " (only two inputs may share I1, as in DeFiNES's "
                       "Add layers)");
    entry.memoryOperandLinks.push_back(std::move(link));
  }
  return !failed;
}

bool MappingYAMLParser::parseTemporalOrdering(yaml::Node *node,
                                              MappingSpecEntry &entry) {
  if (isPythonNull(node))
    return true;
  auto *list = dyn_cast<yaml::SequenceNode>(node);
  if (!list)
    return error(node, "'temporal_ordering' must be a list of [<loop>, "
                       "<size or \"*\">], innermost first");
  // The search multiplies the fixed sizes.
  std::optional<int64_t> product = 1;
  for (yaml::Node &item : *list) {
    auto *pair = dyn_cast<yaml::SequenceNode>(&item);
    SmallVector<yaml::Node *, 2> parts;
    if (pair)
      for (yaml::Node &part : *pair)
        parts.push_back(&part);
    if (failed)
      return false;
    if (!pair || parts.size() != 2)
      return error(&item, "expected [<loop>, <size or \"*\">]");
    TemporalLoopSpec loop;
    if (!getString(parts[0], "the loop of a temporal_ordering entry",
                   loop.loop))
      return false;
    if (loop.loop != "*" && !isIdentifier(loop.loop))
      return error(parts[0], "'" + loop.loop + "' is not a loop name");
    auto *size = dyn_cast<yaml::ScalarNode>(parts[1]);
    SmallString<16> storage;
    if (size && size->getValue(storage) == "*") {
      // unset size: any
    } else {
      int64_t value;
      if (!getInteger(parts[1],
                      "the size of a temporal_ordering entry "
                      "(an integer or \"*\")",
                      value))
        return false;
      if (value < 1)
        return error(parts[1], "a temporal loop size must be at least 1");
      if (loop.loop == "*")
        return error(parts[1], "a \"*\" loop needs size \"*\"");
      product = product ? checkedMul(*product, value) : std::nullopt;
      if (!product)
        return error(parts[1], "the sizes of temporal_ordering multiply to "
                               "more than int64 can count");
      loop.size = value;
    }
    entry.temporalOrdering.push_back(std::move(loop));
  }
  return !failed;
}

std::string MappingYAMLParser::where(yaml::Node *node) const {
  SMLoc loc = node->getSourceRange().Start;
  unsigned buffer = sourceMgr.FindBufferContainingLoc(loc);
  if (!buffer)
    return "";
  auto [line, column] = sourceMgr.getLineAndColumn(loc, buffer);
  return (sourceMgr.getMemoryBuffer(buffer)->getBufferIdentifier() + ":" +
          Twine(line) + ":" + Twine(column))
      .str();
}

bool MappingYAMLParser::forEachKey(
    yaml::Node *node, StringRef what,
    function_ref<bool(const std::string &, yaml::Node *)> each) {
  auto *map = dyn_cast_or_null<yaml::MappingNode>(node);
  if (!map)
    return error(node, what + " must be a mapping");
  for (yaml::KeyValueNode &kv : *map) {
    std::string key;
    if (!getString(kv.getKey(), (what + " key").str(), key))
      return false;
    if (!kv.getValue())
      return error(kv.getKey(), "missing value for '" + key + "'");
    if (!each(key, kv.getValue()))
      return false;
  }
  return !failed;
}

bool MappingYAMLParser::getStrings(
    yaml::Node *node, StringRef what,
    SmallVectorImpl<std::pair<std::string, yaml::Node *>> &out) {
  if (auto *list = dyn_cast<yaml::SequenceNode>(node)) {
    for (yaml::Node &item : *list) {
      std::string text;
      if (!getString(&item, what, text))
        return false;
      out.push_back({text, &item});
    }
    return !failed;
  }
  std::string text;
  if (!getString(node, what, text))
    return false;
  out.push_back({text, node});
  return true;
}

/// constraints:
///   spatial: {D1: ["K, 16"]}        fixed unrollings (as spatial_mapping)
///   forbid_spatial: {D2: [C]}       loops never unrolled on an array dim
///   loop_levels: {K: GB}            every temporal K loop at memory GB
///   outermost: [K]                  the outermost temporal loops, outside in
///   innermost: [FX, FY]             the innermost temporal loops, inside out
///   tiles: {L1: {C: 32}}            C covered 32 times at or below L1
///   pin: {W: GB}                    W held whole in GB (loaded once)
///   keep_out: {I: [L1]}             I keeps no tile of its own in L1
///   min_utilization: 0.5            least spatial utilisation in (0, 1]
///   max_utilization_loss: 0.5       the same as 1 - min_utilization
/// Names are checked against each layer and the accelerator by the search.
bool MappingYAMLParser::parseConstraints(yaml::Node *node,
                                         MappingConstraints &out) {
  if (isPythonNull(node))
    return true;
  SmallVector<std::string> seen;
  using Strings = SmallVector<std::pair<std::string, yaml::Node *>>;
  return forEachKey(
      node, "'constraints'", [&](const std::string &key, yaml::Node *value) {
        if (llvm::is_contained(seen, key))
          return error(value, "duplicate key '" + key + "'");
        seen.push_back(key);
        if (key == "spatial") {
          MappingSpecEntry scratch;
          if (!parseSpatialMapping(value, scratch))
            return false;
          for (const ArrayDimUnrollSpec &dim : scratch.spatialMapping)
            for (const SpatialUnrollSpec &unroll : dim.unrollings)
              out.spatial.push_back({dim.arrayDim, unroll.loop, unroll.factor,
                                     false, where(value)});
          return true;
        }
        if (key == "forbid_spatial")
          return forEachKey(value, "'forbid_spatial'",
                            [&](const std::string &dim, yaml::Node *loops) {
                              Strings names;
                              if (!getStrings(loops, "a loop name", names))
                                return false;
                              for (auto &[loop, at] : names)
                                out.spatial.push_back(
                                    {dim, loop, 1, true, where(at)});
                              return true;
                            });
        if (key == "loop_levels")
          return forEachKey(value, "'loop_levels'",
                            [&](const std::string &loop, yaml::Node *memory) {
                              std::string name;
                              if (!getString(memory, "a memory name", name))
                                return false;
                              out.loopLevels.push_back(
                                  {loop, name, where(memory)});
                              return true;
                            });
        if (key == "outermost" || key == "innermost") {
          Strings names;
          if (!getStrings(value, "a loop name", names))
            return false;
          MappingConstraints::Position position;
          position.outermost = key == "outermost";
          position.where = where(value);
          for (auto &[loop, at] : names)
            position.loops.push_back(loop);
          out.positions.push_back(std::move(position));
          return true;
        }
        if (key == "tiles")
          return forEachKey(
              value, "'tiles'",
              [&](const std::string &memory, yaml::Node *sizes) {
                return forEachKey(
                    sizes, "the tiles of '" + memory + "'",
                    [&](const std::string &loop, yaml::Node *sizeNode) {
                      int64_t size;
                      if (!getInteger(sizeNode, "a tile size", size))
                        return false;
                      if (size < 1)
                        return error(sizeNode,
                                     "a tile size must be at least 1");
                      out.tiles.push_back(
                          {loop, memory, size, where(sizeNode)});
                      return true;
                    });
              });
        if (key == "pin" || key == "keep_out")
          return forEachKey(
              value, "'" + key + "'",
              [&](const std::string &operand, yaml::Node *memories) {
                Strings names;
                if (!getStrings(memories, "a memory name", names))
                  return false;
                for (auto &[memory, at] : names)
                  out.operandMemories.push_back(
                      {operand, memory, key == "keep_out", where(at)});
                return true;
              });
        if (key == "min_utilization" || key == "max_utilization_loss") {
          auto *scalar = dyn_cast<yaml::ScalarNode>(value);
          SmallString<16> storage;
          double fraction;
          if (!scalar || isQuoted(scalar) ||
              scalar->getValue(storage).getAsDouble(fraction) || fraction < 0 ||
              fraction > 1)
            return error(value, "'" + key + "' must be a number in [0, 1]");
          double minimum = key == "min_utilization" ? fraction : 1 - fraction;
          if (minimum > out.minUtilization) {
            out.minUtilization = minimum;
            out.minUtilizationWhere = where(value);
          }
          return true;
        }
        return error(value,
                     "unknown constraint '" + key +
                         "' (expected spatial, forbid_spatial, "
                         "loop_levels, outermost, innermost, tiles, pin, "
                         "keep_out, min_utilization or "
                         "max_utilization_loss)");
      });
}

std::optional<MappingSpec> parseMappingYAML(SourceMgr &sourceMgr,
                                            unsigned bufferId) {
  MappingYAMLParser parser(sourceMgr, bufferId);
  return parser.parse();
}

Expected<MappingSpec> parseMappingYAML(StringRef text, StringRef bufferName) {
  SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(MemoryBuffer::getMemBufferCopy(text, bufferName),
                               SMLoc());
  std::string message;
  sourceMgr.setDiagHandler(
      [](const SMDiagnostic &diag, void *context) {
        auto *out = static_cast<std::string *>(context);
        if (!out->empty())
          return;
        raw_string_ostream os(*out);
        diag.print(/*ProgName=*/nullptr, os, /*ShowColors=*/false);
      },
      &message);
  std::optional<MappingSpec> spec = parseMappingYAML(sourceMgr, 1);
  if (!spec) {
    if (message.empty())
      message = (bufferName + ": error: invalid mapping YAML").str();
    return createStringError(inconvertibleErrorCode(),
                             StringRef(message).rtrim());
  }
  return std::move(*spec);
}

Expected<MappingSpec> readMappingYAMLFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return createStringError(buffer.getError(),
                             "cannot read mapping file '" + path +
                                 "': " + buffer.getError().message());
  return parseMappingYAML((*buffer)->getBuffer(), path);
}

} // namespace zigzag
