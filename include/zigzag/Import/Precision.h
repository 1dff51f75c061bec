//===- Precision.h - Operand precisions the importers accept ----*- C++ -*-===//
//
// Every importer checks operand precisions against one range: MLIR integer
// element types carry them (a workload operand of p bits is an ip tensor),
// and widths far beyond any accelerator's only come from broken files (a
// 2^31-bit type crashes the IR builder; 10^8 bits prints IR that MLIR cannot
// read back).
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_IMPORT_PRECISION_H
#define ZIGZAG_IMPORT_PRECISION_H

#include <cstdint>

namespace zigzag {

/// Widest operand precision, in bits, of an imported workload or model.
constexpr int64_t kMaxPrecisionBits = 1024;

} // namespace zigzag

#endif // ZIGZAG_IMPORT_PRECISION_H
