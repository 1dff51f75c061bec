//===- ZigZagPlugin.cpp - mlir-opt plugin entry points --------------------===//
//
// `mlir-opt --load-dialect-plugin=ZigZagPlugin.so` registers the dialect and
// the passes (so it is enough alone); `--load-pass-plugin` registers the
// passes only.
//
//===----------------------------------------------------------------------===//

#include "zigzag/InitZigZag.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

using namespace mlir;

extern "C" LLVM_ATTRIBUTE_WEAK DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "ZigZag", LLVM_VERSION_STRING,
          [](DialectRegistry *registry) {
            zigzag::registerZigZagDialects(*registry);
            zigzag::registerAllZigZagPasses();
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "ZigZag", LLVM_VERSION_STRING,
          []() { zigzag::registerAllZigZagPasses(); }};
}
