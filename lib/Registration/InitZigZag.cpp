//===- InitZigZag.cpp - register everything zigzag provides ---------------===//

#include "zigzag/InitZigZag.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"

using namespace mlir;

void zigzag::registerZigZagDialects(DialectRegistry &registry) {
  registry.insert<ZigZagDialect>();
}

void zigzag::registerAllZigZagPasses() { registerZigZagPasses(); }

void zigzag::registerZigZagTranslations() {}
