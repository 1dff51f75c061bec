//===- ZigZagAttrs.cpp - zigzag attributes --------------------------------===//

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::zigzag;

#include "zigzag/Dialect/ZigZag/IR/ZigZagEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.cpp.inc"

LogicalResult
PrecisionAttr::verify(function_ref<InFlightDiagnostic()> emitError, int64_t i1,
                      int64_t i2, int64_t o, int64_t oFinal) {
  // 0 bits is legal: ZigZag gives pooling windows a 0-bit weight operand.
  if (i1 < 0 || i2 < 0 || o <= 0 || oFinal <= 0)
    return emitError() << "precisions must be non-negative (i1, i2) and "
                          "positive (o, o_final), got i1 = "
                       << i1 << ", i2 = " << i2 << ", o = " << o
                       << ", o_final = " << oFinal;
  return success();
}

void ZigZagDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.cpp.inc"
      >();
}
