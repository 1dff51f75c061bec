//===- mapping-yaml.cpp - libFuzzer target: mapping YAML reader -----------===//
//
// Feeds arbitrary bytes to the ZigZag mapping YAML reader: bad input must
// give a diagnostic, never a crash.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/MappingYAML.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<zigzag::MappingSpec> spec =
      zigzag::parseMappingYAML(text, "fuzz.yaml");
  if (!spec)
    llvm::consumeError(spec.takeError());
  return 0;
}
