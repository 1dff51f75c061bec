//===- HardwareImport.h - Hardware files -> #zigzag.accelerator -*- C++ -*-===//
//
// The MLIR side of the hardware import, shared by
// `zigzag-translate --import-zigzag-hardware` and `--zigzag-attach-hardware`:
// ZigZag hardware YAML (or an MLIR file holding the attribute) to a verified
// #zigzag.accelerator, with every problem reported as an MLIR diagnostic at
// `file:line:col`.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_IMPORT_HARDWAREIMPORT_H
#define ZIGZAG_IMPORT_HARDWAREIMPORT_H

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

#include "mlir/IR/Location.h"
#include "llvm/Support/SourceMgr.h"

namespace mlir {
namespace zigzag {

/// Imports the ZigZag hardware YAML in buffer `bufferId` of `sourceMgr`. The
/// YAML reader's errors and warnings are emitted on `context` at their
/// file:line:col.
FailureOr<AcceleratorAttr> importHardwareYAML(llvm::SourceMgr &sourceMgr,
                                              unsigned bufferId,
                                              MLIRContext *context);

/// Reads the accelerator in `path`: an MLIR file (`.mlir`) whose top-level
/// module carries `zigzag.accelerator`, or else a ZigZag hardware YAML. A file
/// that cannot be read is reported at `loc`. The warnings of a YAML file are
/// shown the first time the process reads it only. Parsing an MLIR file loads
/// the dialects it uses; the attribute itself needs only builtin and zigzag.
FailureOr<AcceleratorAttr>
readAcceleratorFile(llvm::StringRef path, MLIRContext *context, Location loc);

/// Registers `--import-zigzag-hardware` with zigzag-translate: a hardware
/// YAML to `module attributes {zigzag.accelerator = ...} {}`.
void registerImportZigZagHardwareTranslation();

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_IMPORT_HARDWAREIMPORT_H
