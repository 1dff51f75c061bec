//===- ZigZagResultTypes.h - parameters of the result attrs -----*- C++ -*-===//
//
// Parsing and printing of the parameters of the attributes the passes write
// (ZigZagResultAttrs.td): optional doubles, and lists in square brackets that
// can stand among the `key = value` pairs of a struct format.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGRESULTTYPES_H
#define ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGRESULTTYPES_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"

#include <optional>

namespace mlir {
namespace zigzag {

/// Bitwise equality: the attribute storage needs an equivalence relation
/// (NaN == NaN), which APFloat's operator== is not.
inline bool equalOptionalF64(const std::optional<llvm::APFloat> &lhs,
                             const std::optional<llvm::APFloat> &rhs) {
  if (lhs.has_value() != rhs.has_value())
    return false;
  return !lhs || lhs->bitwiseIsEqual(*rhs);
}

inline FailureOr<std::optional<llvm::APFloat>>
parseOptionalF64(AsmParser &parser) {
  double value;
  if (parser.parseFloat(value))
    return failure();
  return std::optional<llvm::APFloat>(llvm::APFloat(value));
}

/// `[e, e, ...]`, each element as its FieldParser reads it.
template <typename T>
FailureOr<SmallVector<T>> parseBracketedList(AsmParser &parser) {
  SmallVector<T> elements;
  if (parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square, [&]() -> ParseResult {
            FailureOr<T> element = FieldParser<T>::parse(parser);
            if (failed(element))
              return failure();
            elements.push_back(std::move(*element));
            return success();
          }))
    return failure();
  return elements;
}

template <typename T>
void printBracketedList(AsmPrinter &printer, ArrayRef<T> elements) {
  printer << '[';
  llvm::interleaveComma(elements, printer);
  printer << ']';
}

/// `[[s, s, ...], ...]`: the tile sizes of each level of a `#zigzag.tiling`.
FailureOr<SmallVector<DenseI64ArrayAttr>> parseTileLevels(AsmParser &parser);
void printTileLevels(AsmPrinter &printer, ArrayRef<DenseI64ArrayAttr> levels);

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGRESULTTYPES_H
