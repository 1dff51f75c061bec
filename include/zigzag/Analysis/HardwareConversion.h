//===- HardwareConversion.h - #zigzag.accelerator <-> Hardware --*- C++ -*-===//
//
// Converts between the accelerator attribute and the plain model used by the
// cost model and the searches. Memories keep their declaration order; served
// dims are names in the attribute and indices in the model.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_ANALYSIS_HARDWARECONVERSION_H
#define ZIGZAG_ANALYSIS_HARDWARECONVERSION_H

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Model/Hardware.h"

#include "mlir/IR/Diagnostics.h"

namespace mlir {
namespace zigzag {

/// The model of a verified accelerator attribute (every attribute built by
/// the parser or getChecked is; the result passes zigzag::verifyHardware).
::zigzag::Hardware convertHardware(AcceleratorAttr attr);

/// The attribute form of `hw`. Fails with diagnostics through `emitError`
/// when `hw` is inconsistent (zigzag::verifyHardware's messages, or a served
/// dim index out of range).
FailureOr<AcceleratorAttr>
convertHardware(MLIRContext *context, const ::zigzag::Hardware &hw,
                function_ref<InFlightDiagnostic()> emitError);

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_ANALYSIS_HARDWARECONVERSION_H
