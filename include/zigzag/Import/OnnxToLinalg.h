//===- OnnxToLinalg.h - ONNX models -> linalg -------------------*- C++ -*-===//
//
// Builds one func.func of linalg (and tensor) ops on tensors from an ONNX
// model (`zigzag-translate --import-onnx`), with ZigZag's view of each layer
// attached (layer names, loop names, operand roles, precisions, zero-cost
// marks). docs/Onnx.md lists the operators and the rules.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_IMPORT_ONNXTOLINALG_H
#define ZIGZAG_IMPORT_ONNXTOLINALG_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
namespace zigzag {

struct OnnxImportOptions {
  /// Import operators without a lowering as opaque
  /// `builtin.unrealized_conversion_cast` ops (the cost passes skip them)
  /// instead of failing.
  bool allowUnsupported = false;
  /// Bits of activations (I, O_final), weights (W) and partial sums (O;
  /// default twice the activation bits). ZigZag's node attributes
  /// `act_size`, `weight_size` and `output_size` override them per node.
  std::optional<int64_t> actBits, weightBits, outputBits;
  /// Values for symbolic dims of the graph inputs ("batch" -> 1).
  std::vector<std::pair<std::string, int64_t>> dimValues;
};

/// Imports the ONNX model in the main buffer of `sourceMgr`; null after an
/// error diagnostic (unreadable file, unsupported operator, dynamic shape).
OwningOpRef<ModuleOp> importOnnxModel(llvm::SourceMgr &sourceMgr,
                                      MLIRContext *context,
                                      const OnnxImportOptions &options);

/// Registers `--import-onnx` and its options with mlir-translate.
void registerImportOnnxTranslation();

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_IMPORT_ONNXTOLINALG_H
