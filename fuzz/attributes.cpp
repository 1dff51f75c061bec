//===- attributes.cpp - libFuzzer target: zigzag attribute parsers --------===//
//
// Parses arbitrary text as an attribute with the zigzag dialect loaded
// (#zigzag.accelerator, #zigzag.mapping, #zigzag.precision, ... and their
// verifiers). Bad text must give a diagnostic, never a crash; an attribute
// that parses must print into text that parses back to the same attribute.
//
//===----------------------------------------------------------------------===//

#include "FuzzMLIR.h"

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"

#include "mlir/AsmParser/AsmParser.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext *context = [] {
    auto *ctx = new mlir::MLIRContext(mlir::MLIRContext::Threading::DISABLED);
    ctx->loadDialect<mlir::zigzag::ZigZagDialect>();
    return ctx;
  }();
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  // Our parsers only: other attributes would fuzz upstream MLIR's.
  if (!text.starts_with("#zigzag."))
    return 0;
  mlir::Attribute attr;
  {
    zigzag_fuzz::QuietDiagnostics quiet(context);
    attr = mlir::parseAttribute(text, context);
  }
  if (!attr)
    return 0;
  std::string printed;
  llvm::raw_string_ostream os(printed);
  attr.print(os);
  std::string error;
  mlir::ScopedDiagnosticHandler capture(context, [&](mlir::Diagnostic &diag) {
    error += diag.str() + "\n";
    return mlir::success();
  });
  mlir::Attribute reparsed = mlir::parseAttribute(printed, context);
  if (!reparsed)
    zigzag_fuzz::fail("a parsed attribute prints into text that does not "
                      "parse back",
                      printed + "\n" + error);
  if (reparsed != attr) {
    std::string second;
    llvm::raw_string_ostream os2(second);
    reparsed.print(os2);
    zigzag_fuzz::fail("an attribute does not survive print and parse",
                      printed + "\nvs\n" + second);
  }
  return 0;
}
