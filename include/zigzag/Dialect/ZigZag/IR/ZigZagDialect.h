//===- ZigZagDialect.h - zigzag dialect -------------------------*- C++ -*-===//

#ifndef ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGDIALECT_H
#define ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGDIALECT_H

#include "mlir/IR/Dialect.h"

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h.inc"

#endif // ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGDIALECT_H
