//===- ZigZagDialect.cpp - zigzag dialect ---------------------------------===//

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

using namespace mlir;
using namespace mlir::zigzag;

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.cpp.inc"

void ZigZagDialect::initialize() { registerAttributes(); }

LogicalResult ZigZagDialect::verifyOperationAttribute(Operation *op,
                                                      NamedAttribute attr) {
  return success();
}
