//===- workload-yaml.cpp - libFuzzer target: workload YAML import ---------===//
//
// Feeds arbitrary bytes to the ZigZag workload import (YAML reader and the
// linalg builder behind `zigzag-translate --import-zigzag-workload`). Bad
// input must give a diagnostic, never a crash; an imported module must
// verify and parse back from its printed form.
//
//===----------------------------------------------------------------------===//

#include "FuzzMLIR.h"

#include "zigzag/Import/WorkloadToLinalg.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext *context = [] {
    auto *ctx = new mlir::MLIRContext(mlir::MLIRContext::Threading::DISABLED);
    ctx->allowUnregisteredDialects(false);
    return ctx;
  }();
  llvm::SourceMgr sourceMgr;
  sourceMgr.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.yaml"),
      llvm::SMLoc());
  mlir::OwningOpRef<mlir::ModuleOp> module;
  {
    zigzag_fuzz::QuietDiagnostics quiet(context);
    module = mlir::zigzag::importZigZagWorkload(sourceMgr, context);
  }
  if (module)
    zigzag_fuzz::checkRoundTrip(*module, "the workload importer");
  return 0;
}
