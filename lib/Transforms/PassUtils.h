//===- PassUtils.h - Helpers shared by the ZigZag passes --------*- C++ -*-===//

#ifndef ZIGZAG_LIB_TRANSFORMS_PASSUTILS_H
#define ZIGZAG_LIB_TRANSFORMS_PASSUTILS_H

#include "zigzag/Import/MappingYAML.h"

#include "mlir/IR/BuiltinOps.h"

#include <optional>

namespace mlir {
namespace zigzag {

/// A pass's `mapping-file` option: nullopt when empty, the parsed file, or
/// failure (reported at `module`) when it cannot be read.
inline FailureOr<std::optional<::zigzag::MappingSpec>>
readMappingFileOption(ModuleOp module, StringRef file) {
  if (file.empty())
    return std::optional<::zigzag::MappingSpec>();
  llvm::Expected<::zigzag::MappingSpec> read =
      ::zigzag::readMappingYAMLFile(file);
  if (!read) {
    emitError(module.getLoc(), "cannot read mapping file: ")
        << llvm::toString(read.takeError());
    return failure();
  }
  return std::optional<::zigzag::MappingSpec>(std::move(*read));
}

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_LIB_TRANSFORMS_PASSUTILS_H
