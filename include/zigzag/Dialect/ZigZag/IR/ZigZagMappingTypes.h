//===- ZigZagMappingTypes.h - parameters of #zigzag.mapping -----*- C++ -*-===//

#ifndef ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGMAPPINGTYPES_H
#define ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGMAPPINGTYPES_H

#include "mlir/Dialect/SCF/IR/DeviceMappingInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/Hashing.h"

namespace mlir {
namespace zigzag {

/// Loop `loop` unrolled `factor` times over array dim `arrayDim`.
struct SpatialUnrolling {
  StringAttr arrayDim;
  StringAttr loop;
  int64_t factor;
  bool operator==(const SpatialUnrolling &o) const {
    return arrayDim == o.arrayDim && loop == o.loop && factor == o.factor;
  }
};

/// One temporal loop: `size` iterations of (a tile of) loop `loop`.
struct TemporalLoop {
  StringAttr loop;
  int64_t size;
  bool operator==(const TemporalLoop &o) const {
    return loop == o.loop && size == o.size;
  }
};

/// Memory `memory` of memory operand `operand` holds the temporal loops up to
/// (excluding) position `end`.
struct LevelCut {
  StringAttr operand;
  StringAttr memory;
  int64_t end;
  bool operator==(const LevelCut &o) const {
    return operand == o.operand && memory == o.memory && end == o.end;
  }
};

inline llvm::hash_code hash_value(const SpatialUnrolling &u) {
  return llvm::hash_combine(u.arrayDim, u.loop, u.factor);
}
inline llvm::hash_code hash_value(const TemporalLoop &l) {
  return llvm::hash_combine(l.loop, l.size);
}
inline llvm::hash_code hash_value(const LevelCut &c) {
  return llvm::hash_combine(c.operand, c.memory, c.end);
}

} // namespace zigzag

/// Attribute parameters holding doubles (energies, latencies) as APFloat.
template <> struct FieldParser<llvm::APFloat> {
  static FailureOr<llvm::APFloat> parse(AsmParser &parser) {
    double value;
    if (parser.parseFloat(value))
      return failure();
    return llvm::APFloat(value);
  }
};

} // namespace mlir

#endif // ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGMAPPINGTYPES_H
