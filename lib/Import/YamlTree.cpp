//===- YamlTree.cpp - An owned copy of a YAML document --------------------===//

#include "zigzag/Import/YamlTree.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/YAMLParser.h"

using namespace llvm;

namespace zigzag {

bool isPythonNull(const yaml::Node *node) {
  if (isa<yaml::NullNode>(node))
    return true;
  // The raw value of a quoted scalar keeps its quotes, so "null" is text.
  if (auto *scalar = dyn_cast<yaml::ScalarNode>(node)) {
    StringRef raw = scalar->getRawValue();
    return raw == "null" || raw == "~" || raw == "Null" || raw == "NULL";
  }
  return false;
}

static bool build(yaml::Node *node, YamlNode &out,
                  const YamlTreeOptions &options,
                  function_ref<void(SMRange, const Twine &)> error,
                  unsigned depth) {
  if (!node)
    return false; // the YAML scanner has reported the syntax error
  out.range = node->getSourceRange();
  if (depth > options.maxDepth) {
    error(out.range, "YAML nesting is too deep (more than " +
                         Twine(options.maxDepth) + " levels)");
    return false;
  }

  if (auto *scalar = dyn_cast<yaml::ScalarNode>(node)) {
    SmallString<64> storage;
    StringRef raw = scalar->getRawValue();
    out.text = scalar->getValue(storage).str();
    out.quoted = raw.starts_with("\"") || raw.starts_with("'");
    out.kind = options.pythonNulls && isPythonNull(scalar)
                   ? YamlNode::Kind::Null
                   : YamlNode::Kind::Scalar;
    return true;
  }
  if (auto *block = dyn_cast<yaml::BlockScalarNode>(node);
      block && options.blockScalars) {
    out.kind = YamlNode::Kind::Scalar;
    out.text = block->getValue().str();
    out.quoted = true;
    return true;
  }
  if (isa<yaml::NullNode>(node)) {
    out.kind = YamlNode::Kind::Null;
    return true;
  }
  if (isa<yaml::AliasNode>(node)) {
    error(out.range, "YAML aliases are not supported; write the value out");
    return false;
  }
  if (auto *sequence = dyn_cast<yaml::SequenceNode>(node)) {
    out.kind = YamlNode::Kind::Sequence;
    for (yaml::Node &item : *sequence) {
      out.items.emplace_back();
      if (!build(&item, out.items.back(), options, error, depth + 1))
        return false;
    }
    return !sequence->failed();
  }
  if (auto *mapping = dyn_cast<yaml::MappingNode>(node)) {
    out.kind = YamlNode::Kind::Mapping;
    for (yaml::KeyValueNode &kv : *mapping) {
      auto *key = dyn_cast_or_null<yaml::ScalarNode>(kv.getKey());
      if (!key) {
        if (kv.getKey() && !kv.failed())
          error(kv.getKey()->getSourceRange(),
                "mapping keys must be plain strings");
        return false;
      }
      YamlEntry entry;
      SmallString<32> storage;
      entry.key = key->getValue(storage).str();
      entry.keyRange = key->getSourceRange();
      if (!build(kv.getValue(), entry.value, options, error, depth + 1))
        return false;
      out.entries.push_back(std::move(entry));
    }
    return !mapping->failed();
  }
  error(out.range, "unsupported YAML node");
  return false;
}

bool buildYamlTree(yaml::Node *node, YamlNode &out,
                   const YamlTreeOptions &options,
                   function_ref<void(SMRange, const Twine &)> error) {
  return build(node, out, options, error, /*depth=*/0);
}

} // namespace zigzag
