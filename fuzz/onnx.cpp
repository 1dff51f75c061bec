//===- onnx.cpp - libFuzzer target: ONNX import ---------------------------===//
//
// Feeds arbitrary bytes to the ONNX import of `zigzag-translate
// --import-onnx`: the model reader (protobuf parsing, conversion into the
// plain OnnxGraph) and the linalg builder. Bad input must give a
// diagnostic, never a crash; an imported module must verify and parse back.
//
// The importer runs ONNX shape inference in a forked child when some node
// output has no type. Forking per input would make the fuzzer crawl and
// fuzz the ONNX library rather than our code, so inputs that would need it
// are only read (the reader runs in process, without inference) and not
// built; seeds carry their value types, so most mutants keep them. The
// regression run sets ZIGZAG_FUZZ_ONNX_INFER=1: each of its inputs is then
// imported exactly as zigzag-translate does, shape inference included.
//
//===----------------------------------------------------------------------===//

#include "FuzzMLIR.h"

#include "zigzag/Import/OnnxModel.h"
#include "zigzag/Import/OnnxToLinalg.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>
#include <cstdlib>
#include <string>

/// Whether the importer would run shape inference: some node output is
/// missing from the types the file declares.
static bool needsShapeInference(const zigzag::OnnxGraph &graph) {
  for (const zigzag::OnnxNode &node : graph.nodes)
    for (const std::string &output : node.outputs)
      if (!output.empty()) {
        const zigzag::OnnxTensorType *type = graph.findType(output);
        if (!type || !type->hasShape)
          return true;
      }
  return false;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext *context =
      new mlir::MLIRContext(mlir::MLIRContext::Threading::DISABLED);
  static const bool allowInference = [] {
    const char *env = std::getenv("ZIGZAG_FUZZ_ONNX_INFER");
    return env && std::string(env) == "1";
  }();
  if (!allowInference) {
    zigzag::OnnxLoadOptions readOnly;
    readOnly.inferShapes = false;
    zigzag::OnnxGraph graph;
    if (zigzag::readOnnxModel(data, size, readOnly, graph) ||
        needsShapeInference(graph))
      return 0;
  }

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.onnx"),
      llvm::SMLoc());
  // Unsupported operators as opaque ops on every other input, so the ops
  // after an unsupported one are built too.
  mlir::zigzag::OnnxImportOptions options;
  options.allowUnsupported = size % 2;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  {
    zigzag_fuzz::QuietDiagnostics quiet(context);
    module = mlir::zigzag::importOnnxModel(sourceMgr, context, options);
  }
  if (module)
    zigzag_fuzz::checkRoundTrip(*module, "the ONNX importer");
  return 0;
}
