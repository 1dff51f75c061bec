//===- WorkloadToLinalg.h - ZigZag workload YAML -> linalg ------*- C++ -*-===//
//
// Builds one func.func of linalg ops on tensors from a ZigZag workload file
// (`zigzag-translate --import-zigzag-workload`). docs/Workloads.md describes
// the IR it produces (tensor shapes, padding, adapters between layers whose
// shapes disagree, element types, attributes).
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_IMPORT_WORKLOADTOLINALG_H
#define ZIGZAG_IMPORT_WORKLOADTOLINALG_H

#include "zigzag/Import/WorkloadYAML.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mlir {
namespace zigzag {

/// A module holding `func.func @<funcName>` built from validated layer specs
/// whose locations point into `sourceMgr`; null after a located error.
OwningOpRef<ModuleOp>
buildWorkloadModule(ArrayRef<::zigzag::WorkloadLayerSpec> layers,
                    llvm::SourceMgr &sourceMgr, MLIRContext *context,
                    StringRef funcName);

/// Parses the main buffer of `sourceMgr` as a workload YAML and builds its
/// module; parse errors are reported as MLIR diagnostics at the YAML node.
OwningOpRef<ModuleOp> importZigZagWorkload(llvm::SourceMgr &sourceMgr,
                                           MLIRContext *context);

/// Registers `--import-zigzag-workload` with mlir-translate.
void registerImportZigZagWorkloadTranslation();

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_IMPORT_WORKLOADTOLINALG_H
