//===- FuzzMLIR.h - Shared pieces of the MLIR-facing fuzz targets -*- C++
//-*-===//
//
// One MLIRContext per fuzzing process (creating one per input would cost
// more than the input), diagnostics swallowed (a rejected input is not a
// finding), and the checks every target applies to IR it produced.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_FUZZ_FUZZMLIR_H
#define ZIGZAG_FUZZ_FUZZMLIR_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <string>

/// ASan defaults of the MLIR-facing targets (each includes this header
/// once). allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons the unused
/// part of each slab when inlined into our instrumented code, and Debian's
/// uninstrumented libMLIR then hands out pieces of that slab without
/// unpoisoning them, a false use-after-poison (e.g. in StringAttr::get).
/// detect_leaks=0: the one MLIRContext keeps every uniqued attribute and
/// type by design.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0:detect_leaks=0";
}

namespace zigzag_fuzz {

/// Discards every diagnostic while alive.
struct QuietDiagnostics : mlir::ScopedDiagnosticHandler {
  explicit QuietDiagnostics(mlir::MLIRContext *context)
      : mlir::ScopedDiagnosticHandler(
            context, [](mlir::Diagnostic &) { return mlir::success(); }) {}
};

[[noreturn]] inline void fail(const char *what, const std::string &detail) {
  std::fprintf(stderr, "zigzag fuzz finding: %s\n%s\n", what, detail.c_str());
  std::abort();
}

/// IR our importers or passes produced must verify, and print into text
/// that parses back (an importer that emits e.g. `i100000000` does not).
inline void checkRoundTrip(mlir::ModuleOp module, const char *producer) {
  mlir::MLIRContext *context = module.getContext();
  std::string text;
  {
    QuietDiagnostics quiet(context);
    if (mlir::failed(mlir::verify(module))) {
      llvm::raw_string_ostream os(text);
      module->print(os, mlir::OpPrintingFlags().printGenericOpForm());
      fail(
          (std::string(producer) + " produced IR that does not verify").c_str(),
          text);
    }
  }
  llvm::raw_string_ostream os(text);
  module->print(os);
  std::string error;
  mlir::ScopedDiagnosticHandler capture(context, [&](mlir::Diagnostic &diag) {
    error += diag.str() + "\n";
    return mlir::success();
  });
  mlir::ParserConfig config(context);
  if (!mlir::parseSourceString<mlir::ModuleOp>(text, config))
    fail((std::string(producer) + " produced IR that does not parse back")
             .c_str(),
         error + text);
}

} // namespace zigzag_fuzz

#endif // ZIGZAG_FUZZ_FUZZMLIR_H
