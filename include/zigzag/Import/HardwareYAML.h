//===- HardwareYAML.h - Read ZigZag hardware YAML files ---------*- C++ -*-===//
//
// Reads a ZigZag accelerator description (name, operational_array, memories
// with ports; docs/Hardware.md) into a zigzag::Hardware. Every problem gives a
// located diagnostic (`file:line:col: error: ...`) that says what is wrong and
// how to fix it: YAML syntax, unknown keys (keys starting with `defines_` are
// ignored), missing keys, wrong value types, bad operand/direction/dimension
// names, and everything verifyHardware rejects (reported at the memory, port
// or value it is about). Depends on LLVM Support and ZigZagModel only.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_IMPORT_HARDWAREYAML_H
#define ZIGZAG_IMPORT_HARDWAREYAML_H

#include "zigzag/Model/Hardware.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"

#include <optional>

namespace zigzag {

/// Parses the hardware YAML held by buffer `bufferId` of `sourceMgr`.
/// Diagnostics (errors, and warnings such as a duplicated key whose last
/// value wins) go to the source manager: its diagnostic handler if set, else
/// stderr. Returns std::nullopt if there was an error.
std::optional<Hardware> parseHardwareYAML(llvm::SourceMgr &sourceMgr,
                                          unsigned bufferId);

/// Parses `text` named `bufferName`; the error carries all rendered
/// diagnostics (`name:line:col: error: ...` with source line and caret).
/// Warnings are dropped.
llvm::Expected<Hardware> parseHardwareYAML(llvm::StringRef text,
                                           llvm::StringRef bufferName);

/// Reads and parses the hardware file at `path`.
llvm::Expected<Hardware> readHardwareYAMLFile(llvm::StringRef path);

} // namespace zigzag

#endif // ZIGZAG_IMPORT_HARDWAREYAML_H
