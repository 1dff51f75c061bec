//===- WorkloadYAML.cpp - Read ZigZag workload YAML files -----------------===//
//
// Schema (ZigZag 3.8, workload_validator.py), one list entry per layer:
//   id: int                                  (required)
//   name: str                                (default Layer<id>)
//   operator_type: Conv | Gemm | Add | ...   (required)
//   equation: O[..]..(=|+=) X[..]..(*|+) Y[..]..   (required)
//   dimension_relations: [ix=2*ox+1*fx, ...]
//   loop_dims: [B, K, ...], loop_sizes: [1, 64, ...]   (required)
//   operand_precision: {O: 16, O_final: 8, W: 8, I: 8} (O required)
//   operand_source: {I: <id>, W: <id>}
//   pr_loop_dims: [IX, IY], pr_loop_sizes: [224, 224], padding: [[3, 3], ..]
// `time_dim` is accepted and ignored (ZigZag does not use it either). The
// DeFiNES extensions (converted DeFiNES inputs) are read:
//   defines_input_node: {id: -1, equation: input, loop_dims, loop_sizes,
//                        precision, core_allocation, memory_operand_links,
//                        backpropagated_OX_OY: [OX, OY]}
//   defines_operand_source_dimension_mapping: {I: {IX: OX, C: K}, ...}
//   defines_backpropagated_OX_OY: [OX, OY]
//   defines_operand_names: {W: X, I: Y}
//   defines_core_allocation: int
// other keys starting with `defines_` are ignored; any other key is an error.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/WorkloadYAML.h"
#include "zigzag/Import/Precision.h"
#include "zigzag/Import/YamlTree.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/YAMLParser.h"

using namespace llvm;

namespace zigzag {

int WorkloadLayerSpec::findLoop(const std::string &dim) const {
  for (unsigned i = 0; i < loopDims.size(); ++i)
    if (loopDims[i] == dim)
      return static_cast<int>(i);
  return -1;
}

const DimRelationSpec *
WorkloadLayerSpec::findRelation(const std::string &dim) const {
  for (const DimRelationSpec &relation : relations)
    if (relation.dim == dim)
      return &relation;
  return nullptr;
}

const PrDimSpec *WorkloadLayerSpec::findPrDim(const std::string &dim) const {
  for (const PrDimSpec &pr : prDims)
    if (pr.dim == dim)
      return &pr;
  return nullptr;
}

std::optional<int64_t>
WorkloadLayerSpec::precisionOf(const std::string &operand) const {
  for (const auto &[name, bits] : precisions)
    if (name == operand)
      return bits;
  return std::nullopt;
}

const OperandSourceSpec *
WorkloadLayerSpec::sourceOf(const std::string &operand) const {
  for (const OperandSourceSpec &source : sources)
    if (source.operand == operand)
      return &source;
  return nullptr;
}

const SourceDimMappingSpec *
WorkloadLayerSpec::sourceDimMappingOf(const std::string &operand) const {
  for (const SourceDimMappingSpec &mapping : sourceDimMappings)
    if (mapping.operand == operand)
      return &mapping;
  return nullptr;
}

/// `sizes` (of `dims`) with OX and OY replaced by `oxoy` when given.
static std::vector<int64_t>
replaceOXOY(const std::vector<std::string> &dims, std::vector<int64_t> sizes,
            const std::optional<std::pair<int64_t, int64_t>> &oxoy) {
  if (!oxoy)
    return sizes;
  for (unsigned i = 0; i < dims.size() && i < sizes.size(); ++i) {
    if (dims[i] == "OX")
      sizes[i] = oxoy->first;
    else if (dims[i] == "OY")
      sizes[i] = oxoy->second;
  }
  return sizes;
}

std::vector<int64_t> WorkloadLayerSpec::effectiveLoopSizes() const {
  return replaceOXOY(loopDims, loopSizes, backpropagatedOXOY);
}

int InputNodeSpec::findLoop(const std::string &dim) const {
  for (unsigned i = 0; i < loopDims.size(); ++i)
    if (loopDims[i] == dim)
      return static_cast<int>(i);
  return -1;
}

std::vector<int64_t> InputNodeSpec::effectiveLoopSizes() const {
  return replaceOXOY(loopDims, loopSizes, backpropagatedOXOY);
}

const std::string *
SourceDimMappingSpec::producerDimOf(const std::string &consumerDim) const {
  for (const auto &[consumer, producer] : dims)
    if (consumer == consumerDim)
      return &producer;
  return nullptr;
}

StringRef dimNamingClass(StringRef dim) {
  if (dim == "C" || dim == "K" || dim == "G")
    return "channel";
  if (dim.size() == 2 && (dim[0] == 'I' || dim[0] == 'O'))
    return dim.drop_front();
  return dim;
}

static constexpr StringLiteral kOperatorTypes[] = {
    "Max",  "Conv", "Pooling", "Add",         "Conv_downsample",
    "Gemm", "Pool", "MaxPool", "AveragePool", "GlobalAveragePool",
    "SConv"};

static std::string upper(StringRef text) { return text.upper(); }

static bool isIdentifier(StringRef text) {
  if (text.empty() || !(isAlpha(text.front()) || text.front() == '_'))
    return false;
  return llvm::all_of(text, [](char c) { return isAlnum(c) || c == '_'; });
}

namespace {
/// A cursor over a scalar's text that knows where each character is in the
/// file (for plain scalars and quoted ones without escapes).
class ScalarText {
public:
  ScalarText(yaml::ScalarNode *scalar) : node(scalar) {
    StringRef raw = scalar->getRawValue();
    text = scalar->getValue(storage);
    if (raw == text)
      base = raw.data();
    else if (raw.size() == text.size() + 2 &&
             raw.substr(1, text.size()) == text)
      base = raw.data() + 1;
  }

  StringRef getText() const { return text; }
  /// Location of character `pos` (the scalar's start if it was escaped).
  SMLoc locAt(size_t pos) const {
    if (!base)
      return node->getSourceRange().Start;
    return SMLoc::getFromPointer(base + std::min(pos, text.size()));
  }

private:
  yaml::ScalarNode *node;
  SmallString<64> storage;
  StringRef text;
  const char *base = nullptr;
};

class WorkloadYAMLParser {
public:
  WorkloadYAMLParser(SourceMgr &sourceMgr, unsigned bufferId)
      : sourceMgr(sourceMgr), bufferId(bufferId),
        stream(sourceMgr.getMemoryBuffer(bufferId)->getMemBufferRef(),
               sourceMgr, /*ShowColors=*/false) {}

  std::optional<std::vector<WorkloadLayerSpec>> parse();

private:
  /// Reports the first error only: later ones are usually consequences.
  bool error(yaml::Node *node, const Twine &message) {
    if (!failed && !stream.failed())
      stream.printError(node, message);
    failed = true;
    return false;
  }
  bool error(SMLoc loc, const Twine &message) {
    if (!failed && !stream.failed())
      sourceMgr.PrintMessage(loc, SourceMgr::DK_Error, message);
    failed = true;
    return false;
  }

  bool getString(yaml::Node *node, StringRef what, std::string &out);
  bool getInteger(yaml::Node *node, StringRef what, int64_t &out);
  bool getList(yaml::Node *node, StringRef what,
               SmallVectorImpl<yaml::Node *> &items);

  bool parseLayer(yaml::MappingNode *map, WorkloadLayerSpec &layer);
  bool parseEquation(yaml::Node *node, WorkloadLayerSpec &layer);
  bool parseRelation(yaml::Node *node, DimRelationSpec &relation);
  bool parseNameIntMap(yaml::Node *node, StringRef what,
                       std::vector<std::pair<std::string, int64_t>> &out,
                       std::vector<SMLoc> &locs);
  bool parseNameNameMap(yaml::Node *node, StringRef what,
                        std::vector<std::pair<std::string, std::string>> &out,
                        std::vector<SMLoc> &keyLocs);
  bool parseDimList(yaml::Node *node, StringRef what,
                    std::vector<std::string> &dims);
  bool parseSizeList(yaml::Node *node, StringRef what,
                     std::vector<int64_t> &sizes);
  bool parseOXOY(yaml::Node *node, StringRef what,
                 std::optional<std::pair<int64_t, int64_t>> &out);
  bool parseInputNode(yaml::Node *node, InputNodeSpec &inputNode);
  bool parseSourceDimMappings(yaml::Node *node, WorkloadLayerSpec &layer);
  bool validateDefines(WorkloadLayerSpec &layer, const std::string &context);
  bool validateLayer(WorkloadLayerSpec &layer);
  bool validateGraph(std::vector<WorkloadLayerSpec> &layers);

  SourceMgr &sourceMgr;
  unsigned bufferId;
  yaml::Stream stream;
  bool failed = false;
  // Per layer: locations of precision keys, of the loop_sizes list, and the
  // raw pr keys before they are combined.
  std::vector<SMLoc> precisionLocs;
  std::vector<SMLoc> definesOperandNameLocs;
  yaml::Node *loopSizesNode = nullptr;
  yaml::Node *precisionNode = nullptr;
  SMLoc precisionKeyLoc, loopSizesKeyLoc;
};
} // namespace

bool WorkloadYAMLParser::getString(yaml::Node *node, StringRef what,
                                   std::string &out) {
  auto *scalar = dyn_cast_or_null<yaml::ScalarNode>(node);
  if (!scalar)
    return error(node, what + " must be a string");
  SmallString<32> storage;
  out = scalar->getValue(storage).str();
  return true;
}

bool WorkloadYAMLParser::getInteger(yaml::Node *node, StringRef what,
                                    int64_t &out) {
  auto *scalar = dyn_cast_or_null<yaml::ScalarNode>(node);
  SmallString<32> storage;
  StringRef raw = scalar ? scalar->getRawValue() : StringRef();
  if (!scalar || raw.starts_with("\"") || raw.starts_with("'") ||
      scalar->getValue(storage).getAsInteger(10, out))
    return error(node, what + " must be an integer");
  return true;
}

bool WorkloadYAMLParser::getList(yaml::Node *node, StringRef what,
                                 SmallVectorImpl<yaml::Node *> &items) {
  auto *list = dyn_cast<yaml::SequenceNode>(node);
  if (!list)
    return error(node, what + " must be a list");
  for (yaml::Node &item : *list)
    items.push_back(&item);
  return !failed;
}

std::optional<std::vector<WorkloadLayerSpec>> WorkloadYAMLParser::parse() {
  std::vector<WorkloadLayerSpec> layers;
  for (yaml::Document &doc : stream) {
    yaml::Node *root = doc.getRoot();
    if (!root || failed || stream.failed())
      break;
    if (isPythonNull(root))
      continue;
    auto *list = dyn_cast<yaml::SequenceNode>(root);
    if (!list) {
      error(root, "a workload file must be a list of layers");
      break;
    }
    for (yaml::Node &item : *list) {
      auto *map = dyn_cast<yaml::MappingNode>(&item);
      if (!map) {
        error(&item, "a layer must be a mapping with 'id', 'operator_type', "
                     "'equation', 'loop_dims', 'loop_sizes' and "
                     "'operand_precision'");
        break;
      }
      WorkloadLayerSpec layer;
      if (!parseLayer(map, layer) || !validateLayer(layer))
        break;
      layers.push_back(std::move(layer));
    }
    if (failed)
      break;
  }
  if (failed || stream.failed())
    return std::nullopt;
  if (layers.empty()) {
    sourceMgr.PrintMessage(
        SMLoc::getFromPointer(
            sourceMgr.getMemoryBuffer(bufferId)->getBufferStart()),
        SourceMgr::DK_Error, "the workload file has no layers");
    return std::nullopt;
  }
  if (!validateGraph(layers))
    return std::nullopt;
  return layers;
}

bool WorkloadYAMLParser::parseLayer(yaml::MappingNode *map,
                                    WorkloadLayerSpec &layer) {
  layer.loc = map->getSourceRange().Start;
  precisionLocs.clear();
  definesOperandNameLocs.clear();
  loopSizesNode = precisionNode = nullptr;
  // pr_loop_dims, pr_loop_sizes and padding may come in any order: read
  // each where it stands (the YAML stream cannot go back), combine after.
  std::optional<SMLoc> prDimsLoc, prSizesLoc, paddingLoc;
  std::vector<int64_t> prSizes;
  std::vector<SMLoc> prSizeLocs, paddingLocs;
  std::vector<std::pair<int64_t, int64_t>> paddings;
  bool hasId = false, hasType = false, hasEquation = false, hasDims = false;
  StringSet<> seen;
  for (yaml::KeyValueNode &kv : *map) {
    std::string key;
    if (!getString(kv.getKey(), "a layer key", key))
      return false;
    yaml::Node *value = kv.getValue();
    if (!value)
      return error(kv.getKey(), "missing value for '" + key + "'");
    if (!seen.insert(key).second)
      return error(kv.getKey(), "duplicate key '" + key + "'");
    if (key == "id") {
      if (!getInteger(value, "'id'", layer.id))
        return false;
      hasId = true;
    } else if (key == "name") {
      if (!isPythonNull(value) && !getString(value, "'name'", layer.name))
        return false;
    } else if (key == "operator_type") {
      if (!getString(value, "'operator_type'", layer.operatorType))
        return false;
      if (!llvm::is_contained(kOperatorTypes, layer.operatorType))
        return error(value, "unknown operator_type '" + layer.operatorType +
                                "' (expected one of " +
                                llvm::join(std::begin(kOperatorTypes),
                                           std::end(kOperatorTypes), ", ") +
                                ")");
      hasType = true;
    } else if (key == "equation") {
      if (!parseEquation(value, layer))
        return false;
      hasEquation = true;
    } else if (key == "dimension_relations") {
      if (isPythonNull(value))
        continue;
      SmallVector<yaml::Node *> items;
      if (!getList(value, "'dimension_relations'", items))
        return false;
      for (yaml::Node *item : items) {
        DimRelationSpec relation;
        if (!parseRelation(item, relation))
          return false;
        layer.relations.push_back(std::move(relation));
      }
    } else if (key == "loop_dims") {
      layer.loopDimsLoc = kv.getKey()->getSourceRange().Start;
      if (!parseDimList(value, "'loop_dims'", layer.loopDims))
        return false;
      hasDims = true;
    } else if (key == "loop_sizes") {
      loopSizesNode = value;
      loopSizesKeyLoc = kv.getKey()->getSourceRange().Start;
      if (!parseSizeList(value, "'loop_sizes'", layer.loopSizes))
        return false;
    } else if (key == "operand_precision") {
      precisionNode = value;
      precisionKeyLoc = kv.getKey()->getSourceRange().Start;
      if (!parseNameIntMap(value, "'operand_precision'", layer.precisions,
                           precisionLocs))
        return false;
    } else if (key == "operand_source") {
      if (isPythonNull(value))
        continue;
      std::vector<std::pair<std::string, int64_t>> sources;
      std::vector<SMLoc> locs;
      if (!parseNameIntMap(value, "'operand_source'", sources, locs))
        return false;
      for (unsigned i = 0; i < sources.size(); ++i)
        layer.sources.push_back({sources[i].first, sources[i].second, locs[i]});
    } else if (key == "pr_loop_dims") {
      if (isPythonNull(value))
        continue;
      prDimsLoc = kv.getKey()->getSourceRange().Start;
      SmallVector<yaml::Node *> items;
      if (!getList(value, "'pr_loop_dims'", items))
        return false;
      for (yaml::Node *item : items) {
        PrDimSpec pr;
        if (!getString(item, "a pr loop dim", pr.dim))
          return false;
        pr.dim = upper(pr.dim);
        pr.loc = item->getSourceRange().Start;
        if (layer.findPrDim(pr.dim))
          return error(item, "duplicate pr loop dim '" + pr.dim + "'");
        layer.prDims.push_back(std::move(pr));
      }
    } else if (key == "pr_loop_sizes") {
      if (isPythonNull(value))
        continue;
      prSizesLoc = kv.getKey()->getSourceRange().Start;
      SmallVector<yaml::Node *> items;
      if (!getList(value, "'pr_loop_sizes'", items))
        return false;
      for (yaml::Node *item : items) {
        int64_t size;
        if (!getInteger(item, "a pr loop size", size))
          return false;
        if (size < 1)
          return error(item, "a pr loop size must be at least 1");
        prSizes.push_back(size);
        prSizeLocs.push_back(item->getSourceRange().Start);
      }
    } else if (key == "padding") {
      if (isPythonNull(value))
        continue;
      paddingLoc = kv.getKey()->getSourceRange().Start;
      // Nested lists must be read while the outer one is walked.
      auto *list = dyn_cast<yaml::SequenceNode>(value);
      if (!list)
        return error(value, "'padding' must be a list of [low, high]");
      for (yaml::Node &entry : *list) {
        yaml::Node *item = &entry;
        SmallVector<yaml::Node *> pair;
        if (!getList(item, "a padding entry", pair))
          return false;
        if (pair.size() != 2)
          return error(item, "a padding entry must be [low, high]");
        int64_t low, high;
        if (!getInteger(pair[0], "a padding", low) ||
            !getInteger(pair[1], "a padding", high))
          return false;
        if (low < 0 || high < 0)
          return error(item, "padding must not be negative");
        paddings.emplace_back(low, high);
        paddingLocs.push_back(item->getSourceRange().Start);
      }
    } else if (key == "defines_input_node") {
      InputNodeSpec inputNode;
      inputNode.loc = kv.getKey()->getSourceRange().Start;
      if (!parseInputNode(value, inputNode))
        return false;
      layer.inputNode = std::move(inputNode);
    } else if (key == "defines_operand_source_dimension_mapping") {
      if (!parseSourceDimMappings(value, layer))
        return false;
    } else if (key == "defines_backpropagated_OX_OY") {
      layer.backpropagatedLoc = kv.getKey()->getSourceRange().Start;
      if (!parseOXOY(value, "'defines_backpropagated_OX_OY'",
                     layer.backpropagatedOXOY))
        return false;
    } else if (key == "defines_operand_names") {
      std::vector<SMLoc> locs;
      if (!parseNameNameMap(value, "'defines_operand_names'",
                            layer.definesOperandNames, locs))
        return false;
      for (unsigned i = 0; i < locs.size(); ++i)
        if (!isIdentifier(layer.definesOperandNames[i].second))
          return error(locs[i], "'" + layer.definesOperandNames[i].second +
                                    "' is not an operand name");
      definesOperandNameLocs = std::move(locs);
    } else if (key == "defines_core_allocation") {
      int64_t core;
      if (!getInteger(value, "'defines_core_allocation'", core))
        return false;
      layer.coreAllocation = core;
    } else if (key == "time_dim" || StringRef(key).starts_with("defines_")) {
      value->skip();
    } else {
      return error(kv.getKey(),
                   "unknown key '" + key +
                       "' in a layer (expected id, name, operator_type, "
                       "equation, dimension_relations, loop_dims, loop_sizes, "
                       "operand_precision, operand_source, pr_loop_dims, "
                       "pr_loop_sizes or padding)");
    }
    if (failed)
      return false;
  }
  if (failed)
    return false;
  if (!hasId)
    return error(map, "layer without an 'id'");
  for (auto [present, key] :
       {std::pair{hasType, "operator_type"}, std::pair{hasEquation, "equation"},
        std::pair{hasDims, "loop_dims"},
        std::pair{loopSizesNode != nullptr, "loop_sizes"},
        std::pair{precisionNode != nullptr, "operand_precision"}})
    if (!present)
      return error(map, "layer " + Twine(layer.id) + " has no '" + key + "'");
  if (layer.name.empty())
    layer.name = "Layer" + std::to_string(layer.id);

  // pr_loop_dims names the dims that pr_loop_sizes and padding describe.
  if ((prSizesLoc || paddingLoc) && !prDimsLoc)
    return error(prSizesLoc ? *prSizesLoc : *paddingLoc,
                 Twine(prSizesLoc ? "'pr_loop_sizes'" : "'padding'") +
                     " needs 'pr_loop_dims' to say which dims it describes");
  if (prSizesLoc) {
    if (prSizes.size() != layer.prDims.size())
      return error(*prSizesLoc, "'pr_loop_sizes' has " + Twine(prSizes.size()) +
                                    " entries but 'pr_loop_dims' has " +
                                    Twine(layer.prDims.size()));
    for (unsigned i = 0; i < prSizes.size(); ++i) {
      layer.prDims[i].size = prSizes[i];
      layer.prDims[i].sizeLoc = prSizeLocs[i];
    }
  }
  if (paddingLoc) {
    if (paddings.size() != layer.prDims.size())
      return error(*paddingLoc, "'padding' has " + Twine(paddings.size()) +
                                    " entries but 'pr_loop_dims' has " +
                                    Twine(layer.prDims.size()));
    for (unsigned i = 0; i < paddings.size(); ++i) {
      std::tie(layer.prDims[i].padLow, layer.prDims[i].padHigh) = paddings[i];
      layer.prDims[i].paddingLoc = paddingLocs[i];
    }
  }
  return true;
}

bool WorkloadYAMLParser::parseNameIntMap(
    yaml::Node *node, StringRef what,
    std::vector<std::pair<std::string, int64_t>> &out,
    std::vector<SMLoc> &locs) {
  auto *map = dyn_cast<yaml::MappingNode>(node);
  if (!map)
    return error(node, what + " must map operand names to integers");
  for (yaml::KeyValueNode &kv : *map) {
    std::string name;
    int64_t value;
    if (!getString(kv.getKey(), "an operand name", name))
      return false;
    if (!kv.getValue())
      return error(kv.getKey(), "missing value for '" + name + "'");
    if (!getInteger(kv.getValue(), (what + " of '" + name + "'").str(), value))
      return false;
    if (llvm::any_of(out, [&](const auto &p) { return p.first == name; }))
      return error(kv.getKey(), "duplicate operand '" + name + "'");
    out.emplace_back(name, value);
    locs.push_back(kv.getKey()->getSourceRange().Start);
  }
  return !failed;
}

bool WorkloadYAMLParser::parseNameNameMap(
    yaml::Node *node, StringRef what,
    std::vector<std::pair<std::string, std::string>> &out,
    std::vector<SMLoc> &keyLocs) {
  auto *map = dyn_cast<yaml::MappingNode>(node);
  if (!map)
    return error(node, what + " must be a mapping of names, such as {W: X}");
  for (yaml::KeyValueNode &kv : *map) {
    std::string key, value;
    if (!getString(kv.getKey(), "a name", key))
      return false;
    if (!kv.getValue())
      return error(kv.getKey(), "missing value for '" + key + "'");
    if (!getString(kv.getValue(), (what + " of '" + key + "'").str(), value))
      return false;
    if (llvm::any_of(out, [&](const auto &p) { return p.first == key; }))
      return error(kv.getKey(), "duplicate key '" + key + "' in " + what);
    out.emplace_back(key, value);
    keyLocs.push_back(kv.getKey()->getSourceRange().Start);
  }
  return !failed;
}

bool WorkloadYAMLParser::parseDimList(yaml::Node *node, StringRef what,
                                      std::vector<std::string> &dims) {
  SmallVector<yaml::Node *> items;
  if (!getList(node, what, items))
    return false;
  for (yaml::Node *item : items) {
    std::string dim;
    if (!getString(item, "a loop dim", dim))
      return false;
    if (!isIdentifier(dim))
      return error(item, "'" + dim + "' is not a loop dim name");
    if (llvm::is_contained(dims, upper(dim)))
      return error(item, "duplicate loop dim '" + dim + "'");
    dims.push_back(upper(dim));
  }
  return true;
}

bool WorkloadYAMLParser::parseSizeList(yaml::Node *node, StringRef what,
                                       std::vector<int64_t> &sizes) {
  SmallVector<yaml::Node *> items;
  if (!getList(node, what, items))
    return false;
  for (yaml::Node *item : items) {
    int64_t size;
    if (!getInteger(item, "a loop size", size))
      return false;
    if (size < 1)
      return error(item, "a loop size must be at least 1");
    sizes.push_back(size);
  }
  return true;
}

bool WorkloadYAMLParser::parseOXOY(
    yaml::Node *node, StringRef what,
    std::optional<std::pair<int64_t, int64_t>> &out) {
  SmallVector<yaml::Node *> items;
  if (!getList(node, what, items))
    return false;
  if (items.size() != 2)
    return error(node, what + " must be [OX, OY], got " + Twine(items.size()) +
                           " entries");
  int64_t ox, oy;
  if (!getInteger(items[0], "OX", ox) || !getInteger(items[1], "OY", oy))
    return false;
  if (ox < 1 || oy < 1)
    return error(ox < 1 ? items[0] : items[1],
                 what + " sizes must be at least 1");
  out = std::make_pair(ox, oy);
  return true;
}

bool WorkloadYAMLParser::parseInputNode(yaml::Node *node,
                                        InputNodeSpec &inputNode) {
  auto *map = dyn_cast<yaml::MappingNode>(node);
  if (!map)
    return error(node, "'defines_input_node' must be a mapping with 'id', "
                       "'loop_dims', 'loop_sizes' and 'precision'");
  SMLoc loopSizesLoc;
  bool hasId = false, hasDims = false, hasSizes = false, hasPrecision = false;
  StringSet<> seen;
  for (yaml::KeyValueNode &kv : *map) {
    std::string key;
    if (!getString(kv.getKey(), "an input node key", key))
      return false;
    yaml::Node *value = kv.getValue();
    if (!value)
      return error(kv.getKey(), "missing value for '" + key + "'");
    if (!seen.insert(key).second)
      return error(kv.getKey(), "duplicate key '" + key + "'");
    if (key == "id") {
      if (!getInteger(value, "the input node's 'id'", inputNode.id))
        return false;
      // operand_source -1 is how the layers refer to it.
      if (inputNode.id != -1)
        return error(value, "DeFiNES's input node is layer -1, got " +
                                Twine(inputNode.id));
      hasId = true;
    } else if (key == "equation") {
      std::string equation;
      if (!getString(value, "the input node's 'equation'", equation))
        return false;
      if (equation != "input")
        return error(value, "the input node's equation must be 'input', got '" +
                                equation + "'");
    } else if (key == "loop_dims") {
      inputNode.loopDimsLoc = kv.getKey()->getSourceRange().Start;
      if (!parseDimList(value, "'loop_dims'", inputNode.loopDims))
        return false;
      hasDims = true;
    } else if (key == "loop_sizes") {
      loopSizesLoc = kv.getKey()->getSourceRange().Start;
      if (!parseSizeList(value, "'loop_sizes'", inputNode.loopSizes))
        return false;
      hasSizes = true;
    } else if (key == "precision") {
      if (!getInteger(value, "the input node's 'precision'",
                      inputNode.precision))
        return false;
      if (inputNode.precision < 1 || inputNode.precision > kMaxPrecisionBits)
        return error(value, "the input node's precision is " +
                                Twine(inputNode.precision) +
                                " bits; it must be between 1 and " +
                                Twine(kMaxPrecisionBits));
      hasPrecision = true;
    } else if (key == "core_allocation") {
      int64_t core;
      if (!getInteger(value, "'core_allocation'", core))
        return false;
      inputNode.coreAllocation = core;
    } else if (key == "memory_operand_links") {
      std::vector<SMLoc> locs;
      if (!parseNameNameMap(value, "'memory_operand_links'",
                            inputNode.memoryOperandLinks, locs))
        return false;
      for (unsigned i = 0; i < locs.size(); ++i) {
        const auto &[operand, memOperand] = inputNode.memoryOperandLinks[i];
        if (operand != "O")
          return error(locs[i], "the input node has only the operand 'O', "
                                "got '" +
                                    operand + "'");
        if (memOperand != "I1" && memOperand != "I2" && memOperand != "O")
          return error(locs[i], "unknown memory operand '" + memOperand +
                                    "' (expected I1, I2 or O)");
      }
    } else if (key == "backpropagated_OX_OY") {
      inputNode.backpropagatedLoc = kv.getKey()->getSourceRange().Start;
      if (!parseOXOY(value, "'backpropagated_OX_OY'",
                     inputNode.backpropagatedOXOY))
        return false;
    } else {
      return error(kv.getKey(),
                   "unknown key '" + key +
                       "' in 'defines_input_node' (expected id, equation, "
                       "loop_dims, loop_sizes, precision, core_allocation, "
                       "memory_operand_links or backpropagated_OX_OY)");
    }
    if (failed)
      return false;
  }
  if (failed)
    return false;
  for (auto [present, key] :
       {std::pair{hasId, "id"}, std::pair{hasDims, "loop_dims"},
        std::pair{hasSizes, "loop_sizes"},
        std::pair{hasPrecision, "precision"}})
    if (!present)
      return error(map, "'defines_input_node' has no '" + Twine(key) + "'");
  if (inputNode.loopDims.size() != inputNode.loopSizes.size())
    return error(loopSizesLoc, "the input node's 'loop_sizes' has " +
                                   Twine(inputNode.loopSizes.size()) +
                                   " entries but its 'loop_dims' has " +
                                   Twine(inputNode.loopDims.size()));
  std::optional<int64_t> elements = 1;
  for (int64_t size : inputNode.loopSizes)
    if (elements)
      elements = llvm::checkedMul(*elements, size);
  if (!elements)
    return error(loopSizesLoc, "the input node's loop sizes multiply to more "
                               "than int64 can count");
  if (inputNode.backpropagatedOXOY &&
      (inputNode.findLoop("OX") < 0 || inputNode.findLoop("OY") < 0))
    return error(inputNode.backpropagatedLoc,
                 "'backpropagated_OX_OY' needs loop dims OX and OY, but the "
                 "input node has " +
                     llvm::join(inputNode.loopDims, ", "));
  return true;
}

bool WorkloadYAMLParser::parseSourceDimMappings(yaml::Node *node,
                                                WorkloadLayerSpec &layer) {
  StringRef what = "'defines_operand_source_dimension_mapping'";
  auto *map = dyn_cast<yaml::MappingNode>(node);
  if (!map)
    return error(node, what + " must map input operands to {consumer dim: "
                              "producer dim}, such as I: {IX: OX, C: K}");
  for (yaml::KeyValueNode &kv : *map) {
    SourceDimMappingSpec mapping;
    if (!getString(kv.getKey(), "an operand name", mapping.operand))
      return false;
    mapping.loc = kv.getKey()->getSourceRange().Start;
    if (!kv.getValue())
      return error(kv.getKey(), "missing value for '" + mapping.operand + "'");
    if (layer.sourceDimMappingOf(mapping.operand))
      return error(kv.getKey(),
                   "duplicate operand '" + mapping.operand + "' in " + what);
    if (!parseNameNameMap(kv.getValue(),
                          "the dimension mapping of '" + mapping.operand + "'",
                          mapping.dims, mapping.dimLocs))
      return false;
    for (unsigned i = 0; i < mapping.dims.size(); ++i) {
      auto &[consumer, producer] = mapping.dims[i];
      if (!isIdentifier(consumer) || !isIdentifier(producer))
        return error(mapping.dimLocs[i],
                     "'" + consumer + ": " + producer +
                         "' does not map a dim name to a dim name");
      consumer = upper(consumer);
      producer = upper(producer);
      for (unsigned j = 0; j < i; ++j) {
        if (mapping.dims[j].first == consumer)
          return error(mapping.dimLocs[i],
                       "dim '" + consumer + "' is mapped twice");
        if (mapping.dims[j].second == producer)
          return error(mapping.dimLocs[i],
                       "'" + mapping.dims[j].first + "' and '" + consumer +
                           "' both map to the producer's '" + producer + "'");
      }
    }
    layer.sourceDimMappings.push_back(std::move(mapping));
  }
  return !failed;
}

bool WorkloadYAMLParser::parseEquation(yaml::Node *node,
                                       WorkloadLayerSpec &layer) {
  auto *scalar = dyn_cast<yaml::ScalarNode>(node);
  if (!scalar)
    return error(node, "'equation' must be a string such as "
                       "O[k][ox]+=W[k][c]*I[c][ox]");
  ScalarText scalarText(scalar);
  StringRef text = scalarText.getText();
  layer.equationLoc = scalarText.locAt(0);
  size_t pos = 0;
  auto skipSpaces = [&]() {
    while (pos < text.size() && isSpace(text[pos]))
      ++pos;
  };
  auto fail = [&](const Twine &message) {
    return error(scalarText.locAt(pos), "malformed equation: " + message);
  };
  auto parseIdentifier = [&](std::string &out) {
    skipSpaces();
    size_t start = pos;
    while (pos < text.size() && (isAlnum(text[pos]) || text[pos] == '_'))
      ++pos;
    out = text.slice(start, pos).str();
    if (!isIdentifier(out)) {
      pos = start;
      return false;
    }
    return true;
  };
  auto parseOperand = [&](EquationOperandSpec &operand, bool allowEmpty) {
    skipSpaces();
    operand.loc = scalarText.locAt(pos);
    if (!parseIdentifier(operand.name))
      return fail("expected an operand name");
    skipSpaces();
    if (pos >= text.size() || text[pos] != '[')
      return fail("expected '[' after operand '" + operand.name + "'");
    while (pos < text.size() && text[pos] == '[') {
      ++pos;
      skipSpaces();
      SMLoc dimLoc = scalarText.locAt(pos);
      std::string dim;
      if (pos < text.size() && text[pos] == ']') {
        if (!allowEmpty)
          return fail("expected an index name in '[]' of the output");
      } else {
        if (!parseIdentifier(dim))
          return fail("expected an index name");
        operand.dims.push_back(upper(dim));
        operand.dimLocs.push_back(dimLoc);
      }
      skipSpaces();
      if (pos >= text.size() || text[pos] != ']')
        return fail("expected ']'");
      ++pos;
      skipSpaces();
    }
    return true;
  };

  if (!parseOperand(layer.output, /*allowEmpty=*/false))
    return false;
  skipSpaces();
  if (text.substr(pos).starts_with("+=")) {
    layer.accumulate = true;
    pos += 2;
  } else if (text.substr(pos).starts_with("=")) {
    pos += 1;
  } else {
    return fail("expected '=' or '+=' after the output operand");
  }
  if (!parseOperand(layer.inputs[0], /*allowEmpty=*/true))
    return false;
  skipSpaces();
  if (pos >= text.size() || (text[pos] != '*' && text[pos] != '+'))
    return fail("expected '*' or '+' between the two input operands");
  layer.combine = text[pos++];
  if (!parseOperand(layer.inputs[1], /*allowEmpty=*/true))
    return false;
  skipSpaces();
  if (pos != text.size())
    return fail("unexpected text after the second input operand");

  if (layer.output.name != "O")
    return error(layer.output.loc,
                 "the output operand must be named 'O', got '" +
                     layer.output.name + "'");
  for (const EquationOperandSpec &input : layer.inputs)
    if (input.name == "O")
      return error(input.loc, "an input operand cannot be named 'O'");
  if (layer.inputs[0].name == layer.inputs[1].name)
    return error(layer.inputs[1].loc,
                 "the two input operands are both named '" +
                     layer.inputs[1].name + "'");
  return true;
}

bool WorkloadYAMLParser::parseRelation(yaml::Node *node,
                                       DimRelationSpec &relation) {
  auto *scalar = dyn_cast<yaml::ScalarNode>(node);
  if (!scalar)
    return error(node, "a dimension relation must be a string such as "
                       "ix=2*ox+1*fx");
  ScalarText scalarText(scalar);
  StringRef text = scalarText.getText();
  relation.loc = scalarText.locAt(0);
  size_t pos = 0;
  auto skipSpaces = [&]() {
    while (pos < text.size() && isSpace(text[pos]))
      ++pos;
  };
  auto fail = [&](const Twine &message) {
    return error(scalarText.locAt(pos),
                 "malformed dimension relation '" + text + "': " + message);
  };
  auto parseToken = [&](bool digits) {
    skipSpaces();
    size_t start = pos;
    while (pos < text.size() &&
           (digits ? isDigit(text[pos])
                   : (isAlnum(text[pos]) || text[pos] == '_')))
      ++pos;
    return text.slice(start, pos);
  };

  StringRef dim = parseToken(false);
  if (!isIdentifier(dim))
    return fail("expected a dimension name");
  relation.dim = upper(dim);
  skipSpaces();
  if (pos >= text.size() || text[pos] != '=')
    return fail("expected '='");
  ++pos;
  while (true) {
    skipSpaces();
    int64_t coef = 1;
    size_t save = pos;
    StringRef number = parseToken(true);
    if (!number.empty()) {
      skipSpaces();
      if (pos >= text.size() || text[pos] != '*')
        return fail("expected '*' after the coefficient " + number);
      ++pos;
      if (number.getAsInteger(10, coef))
        return fail("coefficient " + number + " is too large");
    } else {
      pos = save;
    }
    StringRef loop = parseToken(false);
    if (!isIdentifier(loop))
      return fail("expected a loop name");
    if (coef < 1)
      return fail("coefficients must be positive");
    relation.terms.emplace_back(upper(loop), coef);
    skipSpaces();
    if (pos >= text.size())
      break;
    if (text[pos] != '+')
      return fail("expected '+' between terms");
    ++pos;
  }
  return true;
}

/// An upper bound of the extent of data dim `dim` of `layer`: a loop's size,
/// or what a relation reaches (1 + sum of coef * (size - 1)) or pr_loop_sizes
/// gives, plus padding; nullopt if it overflows int64.
static std::optional<int64_t> getExtentBound(const WorkloadLayerSpec &layer,
                                             const std::string &dim) {
  int loop = layer.findLoop(dim);
  if (loop >= 0)
    return layer.loopSizes[loop];
  std::optional<int64_t> extent = 1;
  for (const auto &[loopName, coef] : layer.findRelation(dim)->terms) {
    std::optional<int64_t> reach =
        llvm::checkedMul(coef, layer.loopSizes[layer.findLoop(loopName)] - 1);
    extent = extent && reach ? llvm::checkedAdd(*extent, *reach) : std::nullopt;
  }
  if (const PrDimSpec *pr = layer.findPrDim(dim)) {
    if (extent && pr->size)
      extent = std::max(*extent, *pr->size);
    if (extent)
      extent = llvm::checkedAdd(*extent, pr->padLow);
    if (extent)
      extent = llvm::checkedAdd(*extent, pr->padHigh);
  }
  return extent;
}

bool WorkloadYAMLParser::validateLayer(WorkloadLayerSpec &layer) {
  std::string context = "layer " + std::to_string(layer.id) + ": ";
  if (layer.loopDims.size() != layer.loopSizes.size())
    return error(loopSizesKeyLoc, context + "'loop_sizes' has " +
                                      Twine(layer.loopSizes.size()) +
                                      " entries but 'loop_dims' has " +
                                      Twine(layer.loopDims.size()));
  if (layer.loopDims.empty())
    return error(layer.loopDimsLoc,
                 context + "a layer needs at least one loop");

  // Relations define data dims from loop dims.
  for (unsigned i = 0; i < layer.relations.size(); ++i) {
    const DimRelationSpec &relation = layer.relations[i];
    if (layer.findLoop(relation.dim) >= 0)
      return error(relation.loc, context + "'" + relation.dim +
                                     "' is a loop dim; a relation defines a "
                                     "data dim such as IX");
    for (unsigned j = 0; j < i; ++j)
      if (layer.relations[j].dim == relation.dim)
        return error(relation.loc,
                     context + "'" + relation.dim + "' is defined twice");
    for (unsigned t = 0; t < relation.terms.size(); ++t) {
      const std::string &loop = relation.terms[t].first;
      if (layer.findLoop(loop) < 0)
        return error(relation.loc, context + "relation of '" + relation.dim +
                                       "' uses '" + loop +
                                       "', which is not in loop_dims");
      for (unsigned u = 0; u < t; ++u)
        if (relation.terms[u].first == loop)
          return error(relation.loc, context + "relation of '" + relation.dim +
                                         "' uses '" + loop + "' twice");
    }
  }

  // Every index of an operand is a loop dim or a related data dim.
  std::vector<bool> indexesDirectly(layer.loopDims.size(), false);
  auto checkOperand = [&](const EquationOperandSpec &operand, bool isOutput) {
    for (unsigned i = 0; i < operand.dims.size(); ++i) {
      const std::string &dim = operand.dims[i];
      for (unsigned j = 0; j < i; ++j)
        if (operand.dims[j] == dim)
          return error(operand.dimLocs[i], context + "operand '" +
                                               operand.name + "' uses index '" +
                                               dim + "' twice");
      int loop = layer.findLoop(dim);
      if (loop >= 0) {
        indexesDirectly[loop] = true;
        continue;
      }
      if (!layer.findRelation(dim))
        return error(operand.dimLocs[i],
                     context + "index '" + dim + "' of operand '" +
                         operand.name +
                         "' is neither in loop_dims nor defined by a "
                         "dimension relation");
      if (isOutput)
        return error(operand.dimLocs[i],
                     context + "the output's index '" + dim +
                         "' must be a loop dim, not a related dim");
    }
    return true;
  };
  if (!checkOperand(layer.output, true) ||
      !checkOperand(layer.inputs[0], false) ||
      !checkOperand(layer.inputs[1], false))
    return false;
  // linalg infers each loop's extent from an operand indexed by it alone.
  for (unsigned l = 0; l < layer.loopDims.size(); ++l)
    if (!indexesDirectly[l] && layer.loopSizes[l] > 1)
      return error(layer.loopDimsLoc,
                   context + "loop '" + layer.loopDims[l] + "' (size " +
                       Twine(layer.loopSizes[l]) +
                       ") is not an index of any operand (only inside "
                       "relations or nowhere): its extent cannot be "
                       "expressed");

  for (const PrDimSpec &pr : layer.prDims)
    if (!layer.findRelation(pr.dim))
      return error(pr.loc, context + "pr loop dim '" + pr.dim +
                               "' is not defined by a dimension relation");

  // The cost model multiplies the loop sizes, the importer builds tensors
  // of every operand's extents: both must be countable in int64.
  std::optional<int64_t> iterations = 1;
  for (int64_t size : layer.loopSizes)
    if (iterations)
      iterations = llvm::checkedMul(*iterations, size);
  if (!iterations)
    return error(loopSizesKeyLoc,
                 context + "the loop sizes multiply to more than int64 can "
                           "count");
  for (const EquationOperandSpec *operand :
       {&layer.output, &layer.inputs[0], &layer.inputs[1]}) {
    std::optional<int64_t> elements = 1;
    for (auto [dim, dimLoc] : llvm::zip(operand->dims, operand->dimLocs)) {
      std::optional<int64_t> extent = getExtentBound(layer, dim);
      if (!extent)
        return error(dimLoc,
                     context + "the extent of '" + dim + "' overflows int64");
      if (elements)
        elements = llvm::checkedMul(*elements, *extent);
    }
    if (!elements)
      return error(operand->loc, context + "operand '" + operand->name +
                                     "' has more elements than int64 can "
                                     "count");
  }

  // Precisions: O (partial sums) and every input; O_final defaults to O.
  // Inputs may have 0 bits (a pooling window: nothing is read).
  bool hasOutput = false;
  for (unsigned i = 0; i < layer.precisions.size(); ++i) {
    const auto &[name, bits] = layer.precisions[i];
    SMLoc loc = precisionLocs[i];
    bool isOutput = name == "O" || name == "O_final";
    if (!isOutput && name != layer.inputs[0].name &&
        name != layer.inputs[1].name)
      return error(loc, context + "operand_precision of '" + name +
                            "', which is not an operand of the equation");
    if (bits < (isOutput ? 1 : 0) || bits > kMaxPrecisionBits)
      return error(loc, context + "the precision of '" + name + "' is " +
                            Twine(bits) + " bits; it must be between " +
                            (isOutput ? "1" : "0") + " and " +
                            Twine(kMaxPrecisionBits));
    if (name == "O_final")
      layer.outputFinalPrecision = bits;
    hasOutput |= name == "O";
  }
  if (!hasOutput)
    return error(precisionKeyLoc, context + "operand_precision has no 'O'");
  for (const EquationOperandSpec &input : layer.inputs)
    if (!layer.precisionOf(input.name))
      return error(precisionKeyLoc,
                   context + "operand_precision has no '" + input.name + "'");
  if (*layer.precisionOf(layer.inputs[0].name) == 0 &&
      *layer.precisionOf(layer.inputs[1].name) == 0)
    return error(precisionKeyLoc,
                 context + "both inputs have precision 0: nothing is computed");
  if (layer.outputFinalPrecision == 0)
    layer.outputFinalPrecision = *layer.precisionOf("O");

  for (const OperandSourceSpec &source : layer.sources)
    if (source.operand != layer.inputs[0].name &&
        source.operand != layer.inputs[1].name)
      return error(source.loc, context + "operand_source of '" +
                                   source.operand +
                                   "', which is not an input of the equation");
  return validateDefines(layer, context);
}

bool WorkloadYAMLParser::validateDefines(WorkloadLayerSpec &layer,
                                         const std::string &context) {
  auto isInput = [&](const std::string &name) {
    return name == layer.inputs[0].name || name == layer.inputs[1].name;
  };
  if (layer.backpropagatedOXOY &&
      (layer.findLoop("OX") < 0 || layer.findLoop("OY") < 0))
    return error(layer.backpropagatedLoc,
                 context +
                     "'defines_backpropagated_OX_OY' needs loop dims OX and "
                     "OY, but the layer has " +
                     llvm::join(layer.loopDims, ", "));
  for (unsigned i = 0; i < layer.definesOperandNames.size(); ++i)
    if (!isInput(layer.definesOperandNames[i].first))
      return error(definesOperandNameLocs[i],
                   context + "defines_operand_names renames '" +
                       layer.definesOperandNames[i].first +
                       "', which is not an input of the equation");
  for (const SourceDimMappingSpec &mapping : layer.sourceDimMappings) {
    if (!isInput(mapping.operand))
      return error(mapping.loc, context + "dimension mapping of '" +
                                    mapping.operand +
                                    "', which is not an input of the equation");
    const OperandSourceSpec *source = layer.sourceOf(mapping.operand);
    if (source && source->layer == layer.id)
      return error(mapping.loc,
                   context + "dimension mapping of '" + mapping.operand +
                       "', a constant operand (its operand_source is the "
                       "layer itself): it has no producer");
  }
  return true;
}

bool WorkloadYAMLParser::validateGraph(std::vector<WorkloadLayerSpec> &layers) {
  for (unsigned i = 0; i < layers.size(); ++i)
    for (unsigned j = 0; j < i; ++j)
      if (layers[i].id == layers[j].id)
        return error(layers[i].loc,
                     "duplicate layer id " + Twine(layers[i].id));
  // One network input: layers that repeat the input node must agree.
  const WorkloadLayerSpec *inputNodeLayer = nullptr;
  for (const WorkloadLayerSpec &layer : layers) {
    if (!layer.inputNode)
      continue;
    if (!inputNodeLayer) {
      inputNodeLayer = &layer;
      continue;
    }
    const InputNodeSpec &first = *inputNodeLayer->inputNode;
    const InputNodeSpec &node = *layer.inputNode;
    if (node.loopDims != first.loopDims || node.loopSizes != first.loopSizes ||
        node.precision != first.precision ||
        node.backpropagatedOXOY != first.backpropagatedOXOY)
      return error(node.loc, "layer " + Twine(layer.id) +
                                 ": this defines_input_node differs from the "
                                 "one given with layer " +
                                 Twine(inputNodeLayer->id) +
                                 " (there is one network input)");
  }
  for (const WorkloadLayerSpec &layer : layers)
    for (const OperandSourceSpec &source : layer.sources) {
      if (source.layer == layer.id || source.layer == -1)
        continue;
      if (llvm::none_of(layers, [&](const WorkloadLayerSpec &other) {
            return other.id == source.layer;
          }))
        return error(source.loc,
                     "layer " + Twine(layer.id) + ": operand '" +
                         source.operand + "' comes from layer " +
                         Twine(source.layer) +
                         ", which does not exist (use the layer's own id for "
                         "a constant operand, -1 for the network input)");
    }

  // Dimension mappings name dims of the producer's output; a dim the operand
  // lacks (MCCNN's `G: K` on a C-indexed input) may only map a size-1 dim.
  for (WorkloadLayerSpec &layer : layers)
    for (SourceDimMappingSpec &mapping : layer.sourceDimMappings) {
      const OperandSourceSpec *source = layer.sourceOf(mapping.operand);
      int64_t producerId = source ? source->layer : -1;
      std::vector<std::string> producerDims;
      std::vector<int64_t> producerSizes;
      std::string producerName;
      if (producerId == -1) {
        if (!inputNodeLayer)
          continue; // no input node: its dims are unknown
        producerDims = inputNodeLayer->inputNode->loopDims;
        producerSizes = inputNodeLayer->inputNode->effectiveLoopSizes();
        producerName = "the input node";
      } else {
        const WorkloadLayerSpec *producer = nullptr;
        for (const WorkloadLayerSpec &other : layers)
          if (other.id == producerId)
            producer = &other;
        std::vector<int64_t> sizes = producer->effectiveLoopSizes();
        for (const std::string &dim : producer->output.dims) {
          producerDims.push_back(dim);
          producerSizes.push_back(sizes[producer->findLoop(dim)]);
        }
        producerName = "layer " + std::to_string(producerId);
      }
      const EquationOperandSpec &operand =
          layer.inputs[0].name == mapping.operand ? layer.inputs[0]
                                                  : layer.inputs[1];
      for (unsigned i = 0; i < mapping.dims.size(); ++i) {
        auto &[consumer, producer] = mapping.dims[i];
        auto it = llvm::find(producerDims, producer);
        if (it == producerDims.end()) {
          // The one output dim of the same naming class no entry names.
          auto sameClass = [&](const std::string &dim) {
            return dimNamingClass(dim) == dimNamingClass(producer) &&
                   llvm::none_of(mapping.dims, [&](const auto &entry) {
                     return entry.second == dim;
                   });
          };
          if (llvm::count_if(producerDims, sameClass) == 1)
            it = llvm::find_if(producerDims, sameClass);
        }
        if (it == producerDims.end())
          return error(mapping.dimLocs[i],
                       "layer " + Twine(layer.id) + ": '" + mapping.operand +
                           "' maps '" + consumer + "' to '" + producer +
                           "', which is not a dim of " + producerName +
                           "'s output (" + llvm::join(producerDims, ", ") +
                           ")");
        producer = *it;
        int64_t size = producerSizes[it - producerDims.begin()];
        if (!llvm::is_contained(operand.dims, consumer) && size != 1)
          return error(mapping.dimLocs[i],
                       "layer " + Twine(layer.id) + ": '" + consumer +
                           "' is not an index of '" + mapping.operand + "' (" +
                           llvm::join(operand.dims, ", ") + ") but maps to " +
                           producerName + "'s '" + producer + "' of size " +
                           Twine(size) +
                           " (only a size-1 dim may be left out)");
      }
    }
  return true;
}

std::optional<std::vector<WorkloadLayerSpec>>
parseWorkloadYAML(SourceMgr &sourceMgr, unsigned bufferId) {
  WorkloadYAMLParser parser(sourceMgr, bufferId);
  return parser.parse();
}

} // namespace zigzag
