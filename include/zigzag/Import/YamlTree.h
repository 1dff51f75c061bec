//===- YamlTree.h - An owned copy of a YAML document ------------*- C++ -*-===//
//
// llvm::yaml's parser hands out its nodes as a single-pass stream: a mapping
// cannot be looked at twice or read in another order than the file's. The
// readers of whole-document formats (hardware descriptions, design spaces)
// first copy the document into this small owned tree, then read the tree
// against their schema in whatever order their checks need.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_IMPORT_YAMLTREE_H
#define ZIGZAG_IMPORT_YAMLTREE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/SMLoc.h"

#include <string>
#include <vector>

namespace llvm::yaml {
class Node;
} // namespace llvm::yaml

namespace zigzag {

struct YamlEntry;

/// One YAML node: a scalar, a sequence, a mapping or nothing.
struct YamlNode {
  enum class Kind { Null, Scalar, Sequence, Mapping };
  Kind kind = Kind::Null;
  llvm::SMRange range;
  std::string text;    // Scalar: the unescaped value
  bool quoted = false; // Scalar: written in quotes or as a block scalar
  std::vector<YamlNode> items;
  std::vector<YamlEntry> entries; // in file order, duplicates kept

  bool isScalar() const { return kind == Kind::Scalar; }
  bool isSequence() const { return kind == Kind::Sequence; }
  bool isMapping() const { return kind == Kind::Mapping; }
};

/// One key of a mapping with its value.
struct YamlEntry {
  std::string key;
  llvm::SMRange keyRange;
  YamlNode value;
};

/// The corners of YAML in which the formats differ.
struct YamlTreeOptions {
  /// Deeper nesting is an error; it only guards the recursion.
  unsigned maxDepth = 64;
  /// Read the plain scalars null, Null, NULL and ~ as Null, as PyYAML (which
  /// ZigZag uses) does; otherwise they are scalars with that text.
  bool pythonNulls = true;
  /// Read block scalars (`|`, `>`) as quoted scalars; otherwise they are
  /// unsupported nodes.
  bool blockScalars = true;
};

/// Whether `node` is null as PyYAML (which ZigZag uses) reads it: an empty
/// value or one of the plain scalars null, Null, NULL and ~.
bool isPythonNull(const llvm::yaml::Node *node);

/// Copies the YAML node `node` into `out`. Aliases, tags, non-scalar keys and
/// nesting deeper than `options.maxDepth` are reported through `error` at
/// their source range. Returns false after such an error, and when
/// llvm::yaml has reported a syntax error itself (`node` null or a failed
/// collection).
bool buildYamlTree(
    llvm::yaml::Node *node, YamlNode &out, const YamlTreeOptions &options,
    llvm::function_ref<void(llvm::SMRange, const llvm::Twine &)> error);

} // namespace zigzag

#endif // ZIGZAG_IMPORT_YAMLTREE_H
