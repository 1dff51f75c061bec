//===- ZigZagMaestroTypes.h - parameters of #zigzag.dataflow ----*- C++ -*-===//
//
// One MAESTRO directive as stored in #zigzag.dataflow: sizes are integers or
// Sz(D) (the full size of dimension D, resolved against the op), so the
// attribute prints back what was imported.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGMAESTROTYPES_H
#define ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGMAESTROTYPES_H

#include "zigzag/Model/Maestro.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/Hashing.h"

namespace mlir {
class Operation;
namespace zigzag {

/// `size` / `offset` hold integers when `sizeOf` / `offsetOf` are empty, else
/// they stand for Sz(*sizeOf) / Sz(*offsetOf).
struct DataflowDirective {
  ::zigzag::maestro::DirectiveKind kind;
  int64_t size;
  std::optional<::zigzag::maestro::Dim> sizeOf;
  int64_t offset;
  std::optional<::zigzag::maestro::Dim> offsetOf;
  ::zigzag::maestro::Dim dim;
  bool logical;
  bool operator==(const DataflowDirective &o) const {
    return kind == o.kind && size == o.size && sizeOf == o.sizeOf &&
           offset == o.offset && offsetOf == o.offsetOf && dim == o.dim &&
           logical == o.logical;
  }
};

inline llvm::hash_code hash_value(const DataflowDirective &d) {
  return llvm::hash_combine(static_cast<int>(d.kind), d.size,
                            d.sizeOf ? int(*d.sizeOf) : -1, d.offset,
                            d.offsetOf ? int(*d.offsetOf) : -1,
                            static_cast<int>(d.dim), d.logical);
}

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGMAESTROTYPES_H
