//===- MappingYAML.h - Read ZigZag mapping YAML files -----------*- C++ -*-===//
//
// Reads a ZigZag mapping file (a list of entries with name, spatial_mapping,
// spatial_mapping_hint, memory_operand_links, temporal_ordering) into a
// zigzag::MappingSpec. Malformed input gives a located diagnostic
// (`file:line:col: error: ...`), never a crash.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_IMPORT_MAPPINGYAML_H
#define ZIGZAG_IMPORT_MAPPINGYAML_H

#include "zigzag/Search/MappingSpec.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"

#include <optional>

namespace zigzag {

/// Parses the mapping YAML held by buffer `bufferId` of `sourceMgr`. Errors
/// go to the source manager (its diagnostic handler, else stderr) at the
/// offending node; returns std::nullopt after an error.
std::optional<MappingSpec> parseMappingYAML(llvm::SourceMgr &sourceMgr,
                                            unsigned bufferId);

/// Parses `text`; an error carries the rendered `name:line:col: error: ...`
/// diagnostic (with the source line and caret).
llvm::Expected<MappingSpec> parseMappingYAML(llvm::StringRef text,
                                             llvm::StringRef bufferName);

/// Reads and parses the mapping file at `path`.
llvm::Expected<MappingSpec> readMappingYAMLFile(llvm::StringRef path);

} // namespace zigzag

#endif // ZIGZAG_IMPORT_MAPPINGYAML_H
