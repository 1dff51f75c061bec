//===- MappingSpec.h - User mapping constraints (ZigZag format) -*- C++ -*-===//
//
// The content of a ZigZag mapping file: a list of entries, each naming a
// layer, an operator type or `default`, with an optional fixed spatial
// mapping, hints for the spatial dims left open, the link between the
// layer's operands and the memory operands, and a full or partial temporal
// loop order. Names are kept as written; the search resolves them against a
// layer and an accelerator. Plain C++ (the YAML reader lives in Import/).
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_MAPPINGSPEC_H
#define ZIGZAG_SEARCH_MAPPINGSPEC_H

#include "zigzag/Model/Hardware.h"
#include "zigzag/Search/MappingConstraints.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zigzag {

/// `K, 16` in a spatial_mapping list.
struct SpatialUnrollSpec {
  std::string loop;
  int64_t factor = 1;
};

/// One array dim of spatial_mapping, e.g. `D2: [C, 4], [FX, 3]` (several
/// entries = mixed unrolling).
struct ArrayDimUnrollSpec {
  std::string arrayDim;
  std::vector<SpatialUnrollSpec> unrollings;
};

/// One array dim of spatial_mapping_hint: the loops that may be unrolled on
/// it when spatial_mapping leaves it open.
struct ArrayDimHintSpec {
  std::string arrayDim;
  std::vector<std::string> loops;
};

/// memory_operand_links entry: layer operand name -> memory operand.
struct OperandLinkSpec {
  std::string layerOperand;
  MemOperand memOperand;
};

/// One temporal_ordering entry, innermost first: `[K, 4]` fixes loop and
/// size at that position, `[K, "*"]` only the loop, `["*", "*"]` makes the
/// following entries count from the outermost loop.
struct TemporalLoopSpec {
  std::string loop;            // "*" for the outer-positions marker
  std::optional<int64_t> size; // unset for "*"
  bool isOuterMarker() const { return loop == "*" && !size; }
};

struct MappingSpecEntry {
  std::string name; // layer name, operator type or "default"
  /// spatial_mapping in file order; hasSpatialMapping is false when the key
  /// is absent or null (then the whole spatial mapping is searched).
  bool hasSpatialMapping = false;
  std::vector<ArrayDimUnrollSpec> spatialMapping;
  std::vector<ArrayDimHintSpec> spatialMappingHint;
  /// Defaults to ZigZag's {O: O, I: I1, W: I2}. Two inputs may both link to
  /// I1 (DeFiNES's Add layers; see inputsShareI1 in Search.h).
  std::vector<OperandLinkSpec> memoryOperandLinks = {
      {"O", MemOperand::O}, {"I", MemOperand::I1}, {"W", MemOperand::I2}};
  std::vector<TemporalLoopSpec> temporalOrdering;
  /// The entry's `constraints` (or the op's zigzag.constraints): every
  /// search engine returns only mappings that satisfy them.
  MappingConstraints constraints;

  /// The memory operand linked to `layerOperand`, if any.
  std::optional<MemOperand> linkFor(std::string_view layerOperand) const;
};

struct MappingSpec {
  std::vector<MappingSpecEntry> entries;

  /// ZigZag's entry choice for a layer: the first entry named like the
  /// layer, else the first named like its operator type (e.g. "Conv",
  /// "Add"), else the one named "default"; nullptr if none matches.
  const MappingSpecEntry *lookup(std::string_view layerName,
                                 std::string_view operatorType) const;
};

} // namespace zigzag

#endif // ZIGZAG_SEARCH_MAPPINGSPEC_H
