//===- passes.cpp - libFuzzer target: search, estimate, apply -------------===//
//
// A structured fuzzer for the passes: the input bytes are decoded into a
// small linalg op (matmul, convolution, depthwise convolution, pooling or an
// elementwise add, with fuzzed extents, strides and dilations), a small
// accelerator (array sizes, memory sizes and bandwidths, which operands get
// registers) and pass options; then zigzag-search-mapping,
// zigzag-estimate-cost and zigzag-apply-mapping run on it. Any of them may
// reject the input with a diagnostic; none may crash, and the rewritten
// module must verify and parse back.
//
// With ZIGZAG_FUZZ_STRICT=1 in the environment, a mapping the search wrote
// that estimate or apply then reject is a finding too (search must only
// emit mappings every other pass accepts).
//
//===----------------------------------------------------------------------===//

#include "FuzzMLIR.h"

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Import/HardwareImport.h"
#include "zigzag/Transforms/Passes.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <string>

static mlir::MLIRContext *getContext() {
  static mlir::MLIRContext *context = [] {
    mlir::DialectRegistry registry;
    mlir::registerAllDialects(registry);
    mlir::registerAllExtensions(registry);
    registry.insert<mlir::zigzag::ZigZagDialect>();
    mlir::zigzag::registerZigZagPasses();
    auto *ctx =
        new mlir::MLIRContext(registry, mlir::MLIRContext::Threading::DISABLED);
    ctx->loadAllAvailableDialects();
    return ctx;
  }();
  return context;
}

/// The function holding one fuzzed linalg op on i8 inputs and an i32 output.
static std::string buildProgram(FuzzedDataProvider &in) {
  auto extent = [&](int64_t max) {
    return in.ConsumeIntegralInRange<int64_t>(1, max);
  };
  switch (in.ConsumeIntegralInRange<int>(0, 4)) {
  case 0: {
    int64_t m = extent(64), k = extent(64), n = extent(64);
    return llvm::formatv(
        R"(func.func @f(%a: tensor<{0}x{1}xi8>, %b: tensor<{1}x{2}xi8>, %c: tensor<{0}x{2}xi32>) -> tensor<{0}x{2}xi32> {
  %0 = linalg.matmul {zigzag.layer_name = "mm"} ins(%a, %b : tensor<{0}x{1}xi8>, tensor<{1}x{2}xi8>) outs(%c : tensor<{0}x{2}xi32>) -> tensor<{0}x{2}xi32>
  return %0 : tensor<{0}x{2}xi32>
})",
        m, k, n);
  }
  case 1:
  case 2:
  case 3: {
    int kind = in.ConsumeIntegralInRange<int>(1, 3);
    int64_t n = extent(2), oh = extent(16), ow = extent(16), c = extent(16),
            k = extent(16), fh = extent(5), fw = extent(5), sh = extent(3),
            sw = extent(3), dh = extent(2), dw = extent(2);
    int64_t ih = (oh - 1) * sh + (fh - 1) * dh + 1;
    int64_t iw = (ow - 1) * sw + (fw - 1) * dw + 1;
    std::string attrs =
        llvm::formatv("{{dilations = dense<[{0}, {1}]> : tensor<2xi64>, "
                      "strides = dense<[{2}, {3}]> : tensor<2xi64>, "
                      "zigzag.layer_name = \"op\"}",
                      dh, dw, sh, sw);
    std::string input =
        llvm::formatv("tensor<{0}x{1}x{2}x{3}xi8>", n, ih, iw, c);
    if (kind == 1) {
      std::string filter =
          llvm::formatv("tensor<{0}x{1}x{2}x{3}xi8>", fh, fw, c, k);
      std::string output =
          llvm::formatv("tensor<{0}x{1}x{2}x{3}xi32>", n, oh, ow, k);
      return llvm::formatv(
          R"(func.func @f(%i: {0}, %w: {1}, %o: {2}) -> {2} {
  %0 = linalg.conv_2d_nhwc_hwcf {3} ins(%i, %w : {0}, {1}) outs(%o : {2}) -> {2}
  return %0 : {2}
})",
          input, filter, output, attrs);
    }
    std::string output =
        llvm::formatv("tensor<{0}x{1}x{2}x{3}xi32>", n, oh, ow, c);
    if (kind == 2) {
      std::string filter = llvm::formatv("tensor<{0}x{1}x{2}xi8>", fh, fw, c);
      return llvm::formatv(
          R"(func.func @f(%i: {0}, %w: {1}, %o: {2}) -> {2} {
  %0 = linalg.depthwise_conv_2d_nhwc_hwc {3} ins(%i, %w : {0}, {1}) outs(%o : {2}) -> {2}
  return %0 : {2}
})",
          input, filter, output, attrs);
    }
    std::string window = llvm::formatv("tensor<{0}x{1}xi8>", fh, fw);
    return llvm::formatv(
        R"(func.func @f(%i: {0}, %w: {1}, %o: {2}) -> {2} {
  %0 = linalg.pooling_nhwc_sum {3} ins(%i, %w : {0}, {1}) outs(%o : {2}) -> {2}
  return %0 : {2}
})",
        input, window, output, attrs);
  }
  default: {
    int64_t m = extent(64), n = extent(64);
    return llvm::formatv(
        R"(func.func @f(%a: tensor<{0}x{1}xi32>, %b: tensor<{0}x{1}xi32>, %c: tensor<{0}x{1}xi32>) -> tensor<{0}x{1}xi32> {
  %0 = linalg.add {zigzag.layer_name = "add"} ins(%a, %b : tensor<{0}x{1}xi32>, tensor<{0}x{1}xi32>) outs(%c : tensor<{0}x{1}xi32>) -> tensor<{0}x{1}xi32>
  return %0 : tensor<{0}x{1}xi32>
})",
        m, n);
  }
  }
}

/// A ZigZag hardware YAML: a D1 x D2 array, optional per-PE registers for
/// I1 (served along D2), I2 (along D1) and O, an SRAM and a DRAM.
static std::string buildHardware(FuzzedDataProvider &in) {
  int64_t d1 = in.ConsumeIntegralInRange<int64_t>(1, 16);
  int64_t d2 = in.ConsumeIntegralInRange<int64_t>(1, 16);
  auto bandwidth = [&] {
    return int64_t(8) << in.ConsumeIntegralInRange<int>(0, 7);
  };
  std::string yaml = llvm::formatv(R"(name: fuzz
operational_array:
  unit_energy: 0.04
  unit_area: 1
  dimensions: [D1, D2]
  sizes: [{0}, {1}]
memories:
)",
                                   d1, d2);
  struct Register {
    const char *op;
    const char *served;
  };
  for (Register reg :
       {Register{"I1", "[D2]"}, Register{"I2", "[D1]"}, Register{"O", "[]"}}) {
    if (!in.ConsumeBool())
      continue;
    int64_t size = int64_t(8) << in.ConsumeIntegralInRange<int>(0, 6);
    bool isOutput = std::string(reg.op) == "O";
    std::string allocation =
        isOutput ? R"("O, tl", "O, fl", "O, fh", "O, th")"
                 : llvm::formatv(R"("{0}, tl", "{0}, fh")", reg.op).str();
    yaml += llvm::formatv(R"(  reg_{0}:
    size: {1}
    r_cost: 0.02
    w_cost: 0.02
    area: 0
    latency: 1
    operands: [{0}]
    ports:
      - name: rw_port_1
        type: read_write
        bandwidth_min: {1}
        bandwidth_max: {1}
        allocation: [{2}]
    served_dimensions: {3}
)",
                          reg.op, size, allocation, reg.served);
  }
  int64_t sramSize = int64_t(64) << in.ConsumeIntegralInRange<int>(0, 16);
  int64_t readBw = bandwidth(), writeBw = bandwidth(), dramBw = bandwidth();
  yaml += llvm::formatv(R"(  sram:
    size: {0}
    r_cost: 20
    w_cost: 25
    area: 0
    latency: 1
    operands: [I1, I2, O]
    ports:
      - name: r_port_1
        type: read
        bandwidth_min: 8
        bandwidth_max: {1}
        allocation: ["I1, tl", "I2, tl", "O, tl", "O, th"]
      - name: w_port_1
        type: write
        bandwidth_min: 8
        bandwidth_max: {2}
        allocation: ["I1, fh", "I2, fh", "O, fh", "O, fl"]
    served_dimensions: [D1, D2]
  dram:
    size: 10000000000
    r_cost: 700
    w_cost: 750
    area: 0
    latency: 1
    operands: [I1, I2, O]
    ports:
      - name: rw_port_1
        type: read_write
        bandwidth_min: {3}
        bandwidth_max: {3}
        allocation: ["I1, fh", "I1, tl", "I2, fh", "I2, tl", "O, fh", "O, tl", "O, fl", "O, th"]
    served_dimensions: [D1, D2]
)",
                        sramSize, readBw, writeBw, dramBw);
  return yaml;
}

static bool runPipeline(mlir::ModuleOp module, const std::string &pipeline) {
  mlir::PassManager pm(module->getName());
  if (mlir::failed(mlir::parsePassPipeline(pipeline, pm))) {
    std::fprintf(stderr, "bad pipeline: %s\n", pipeline.c_str());
    std::abort();
  }
  return mlir::succeeded(pm.run(module));
}

static bool envFlag(const char *name) {
  const char *env = std::getenv(name);
  return env && std::string(env) == "1";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const bool strict = envFlag("ZIGZAG_FUZZ_STRICT");
  // ZIGZAG_FUZZ_VERBOSE=1: say how far each input got (to check that the
  // decoding reaches the passes).
  static const bool verbose = envFlag("ZIGZAG_FUZZ_VERBOSE");
  auto stage = [&](const char *reached) {
    if (verbose)
      std::fprintf(stderr, "passes fuzzer: %s\n", reached);
  };
  mlir::MLIRContext *context = getContext();
  FuzzedDataProvider in(data, size);
  std::string program = buildProgram(in);
  std::string hardware = buildHardware(in);
  bool compat = in.ConsumeBool();
  const char *criterion = in.ConsumeBool() ? "latency" : "energy";
  unsigned lpfLimit = in.ConsumeIntegralInRange<unsigned>(1, 4);
  bool stageBuffers = in.ConsumeBool();

  zigzag_fuzz::QuietDiagnostics quiet(context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(program,
                                              mlir::ParserConfig(context));
  if (!module)
    zigzag_fuzz::fail("the fuzzer built a program that does not parse",
                      program);
  llvm::SourceMgr sourceMgr;
  unsigned bufferId = sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(hardware, "fuzz-hardware.yaml"),
      llvm::SMLoc());
  sourceMgr.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  mlir::FailureOr<mlir::zigzag::AcceleratorAttr> accelerator =
      mlir::zigzag::importHardwareYAML(sourceMgr, bufferId, context);
  if (mlir::failed(accelerator)) {
    stage("hardware rejected");
    return 0; // e.g. a register too small for one word
  }
  (*module)->setAttr(mlir::zigzag::ZigZagDialect::kAcceleratorAttrName,
                     *accelerator);

  std::string compatText = compat ? "true" : "false";
  if (!runPipeline(*module,
                   llvm::formatv("builtin.module(zigzag-search-mapping{{"
                                 "criterion={0} lpf-limit={1} threads=1 "
                                 "zigzag-compat={2}})",
                                 criterion, lpfLimit, compatText))) {
    stage("search failed");
    return 0;
  }
  bool ok = runPipeline(
      *module, llvm::formatv("builtin.module(zigzag-estimate-cost{{"
                             "zigzag-compat={0}},zigzag-apply-mapping{{"
                             "stage-buffers={1}})",
                             compatText, stageBuffers ? "true" : "false"));
  if (!ok && strict)
    zigzag_fuzz::fail("estimate or apply rejects what the search chose",
                      program + "\n" + hardware);
  stage(ok ? "applied" : "estimate or apply failed");
  if (ok)
    zigzag_fuzz::checkRoundTrip(*module, "search, estimate and apply");
  return 0;
}
