//===- ZigZagHardwareTypes.h - parameters of the hardware attrs -*- C++ -*-===//
//
// The hardware attributes store the plain model's enums and PortAllocation
// (include/zigzag/Model/Hardware.h) directly. This header makes them usable
// as ODS attribute parameters: parsing (FieldParser), printing, hashing. The
// keywords are the model's toString() names: I1 I2 O, fh tl fl th,
// read write read_write.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGHARDWARETYPES_H
#define ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGHARDWARETYPES_H

#include "zigzag/Model/Hardware.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/Support/raw_ostream.h"

namespace zigzag {

inline llvm::raw_ostream &operator<<(llvm::raw_ostream &os, MemOperand op) {
  return os << toString(op);
}
inline llvm::raw_ostream &operator<<(llvm::raw_ostream &os, Direction dir) {
  return os << toString(dir);
}
inline llvm::raw_ostream &operator<<(llvm::raw_ostream &os, PortType type) {
  return os << toString(type);
}
inline llvm::hash_code hash_value(const PortAllocation &alloc) {
  return llvm::hash_combine(alloc.operand, alloc.direction);
}

} // namespace zigzag

namespace mlir {
namespace zigzag {
namespace detail {
/// Parses a keyword with `parse` (a model parseX function); on an unknown
/// keyword, reports `what` and the valid keywords.
template <typename EnumT>
FailureOr<EnumT>
parseModelKeyword(AsmParser &parser,
                  std::optional<EnumT> (*parse)(std::string_view),
                  llvm::StringRef what, llvm::StringRef valid) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  llvm::StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  if (std::optional<EnumT> value = parse(keyword))
    return *value;
  return parser.emitError(loc) << "unknown " << what << " '" << keyword
                               << "'; expected one of " << valid;
}
} // namespace detail

class OperationalArrayAttr;
class MemoryAttr;

namespace detail {
/// The plain model of the accelerator with these parameters. Fails, through
/// `emitError`, if a memory serves a dimension the array does not have.
/// This is the one attribute -> model conversion: the accelerator's verifier
/// needs it inside the dialect library; everyone else calls
/// convertHardware (zigzag/Analysis/HardwareConversion.h).
FailureOr<::zigzag::Hardware>
buildHardware(llvm::function_ref<InFlightDiagnostic()> emitError,
              llvm::StringRef name, OperationalArrayAttr array,
              llvm::ArrayRef<MemoryAttr> memories);
} // namespace detail

// Custom directives of the hardware attributes' assembly formats.
/// `[D1 = 32, D2 = 32]`
ParseResult parseArrayDims(AsmParser &parser,
                           llvm::SmallVectorImpl<StringAttr> &names,
                           llvm::SmallVectorImpl<int64_t> &sizes);
void printArrayDims(AsmPrinter &printer, llvm::ArrayRef<StringAttr> names,
                    llvm::ArrayRef<int64_t> sizes);
/// `[D1, D2]` or `[]`
ParseResult parseDimNames(AsmParser &parser,
                          llvm::SmallVectorImpl<StringAttr> &names);
void printDimNames(AsmPrinter &printer, llvm::ArrayRef<StringAttr> names);
/// `[I1 tl, O fh]` or `[]`
ParseResult
parsePortAllocations(AsmParser &parser,
                     llvm::SmallVectorImpl<::zigzag::PortAllocation> &allocs);
void printPortAllocations(AsmPrinter &printer,
                          llvm::ArrayRef<::zigzag::PortAllocation> allocs);
/// `(, force_double_buffering = true)? (, mem_type = "dram")?
/// (, auto_cost_extraction = true)?` in any order; defaults (false, "sram",
/// false) are not printed.
ParseResult parseMemoryOptions(AsmParser &parser, bool &forceDoubleBuffering,
                               std::string &memType, bool &autoCostExtraction);
void printMemoryOptions(AsmPrinter &printer, bool forceDoubleBuffering,
                        llvm::StringRef memType, bool autoCostExtraction);

/// Prints a finite double in the shortest decimal form that parses back to
/// the same value, always as an MLIR float literal (with a dot): 0.04,
/// 416.16, 700.0, 1.0e-05. Non-finite values use MLIR's own form.
void printShortestFloat(AsmPrinter &printer, const llvm::APFloat &value);

/// `true` or `false`.
inline FailureOr<bool> parseBoolKeyword(AsmParser &parser) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  llvm::StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  if (keyword == "true" || keyword == "false")
    return keyword == "true";
  return parser.emitError(loc)
         << "expected 'true' or 'false', got '" << keyword << "'";
}
} // namespace zigzag

template <> struct FieldParser<::zigzag::MemOperand> {
  static FailureOr<::zigzag::MemOperand> parse(AsmParser &parser) {
    return zigzag::detail::parseModelKeyword(parser, ::zigzag::parseMemOperand,
                                             "operand", "I1, I2, O");
  }
};

template <> struct FieldParser<::zigzag::Direction> {
  static FailureOr<::zigzag::Direction> parse(AsmParser &parser) {
    return zigzag::detail::parseModelKeyword(parser, ::zigzag::parseDirection,
                                             "direction", "fh, tl, fl, th");
  }
};

template <> struct FieldParser<::zigzag::PortType> {
  static FailureOr<::zigzag::PortType> parse(AsmParser &parser) {
    return zigzag::detail::parseModelKeyword(parser, ::zigzag::parsePortType,
                                             "port type",
                                             "read, write, read_write");
  }
};

} // namespace mlir

#endif // ZIGZAG_DIALECT_ZIGZAG_IR_ZIGZAGHARDWARETYPES_H
