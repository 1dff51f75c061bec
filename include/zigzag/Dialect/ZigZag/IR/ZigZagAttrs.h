//===- ZigZagAttrs.h - zigzag attributes ------------------------*- C++ -*-===//

#ifndef ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGATTRS_H
#define ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagEnums.h.inc"
#include "zigzag/Dialect/ZigZag/IR/ZigZagHardwareTypes.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagMaestroTypes.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagMappingTypes.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagResultTypes.h"

#define GET_ATTRDEF_CLASSES
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h.inc"

#endif // ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGATTRS_H
