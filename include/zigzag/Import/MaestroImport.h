//===- MaestroImport.h - MAESTRO .m files into MLIR -------------*- C++ -*-===//

#ifndef ZIGZAG_IMPORT_MAESTROIMPORT_H
#define ZIGZAG_IMPORT_MAESTROIMPORT_H

#include "zigzag/Model/Maestro.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
namespace zigzag {

/// A MAESTRO network file -> a func.func of linalg ops on tensors, one per
/// layer (CONV -> linalg.conv_2d_nchw_fchw with its strides, DSCONV ->
/// linalg.depthwise_conv_2d_nchw_chw, GEMM -> linalg.matmul), each with
/// zigzag.layer_name and zigzag.dataflow. Each layer reads its own function
/// arguments (MAESTRO's layers need not chain) and its result is returned.
/// Errors are reported at file:line:col.
OwningOpRef<ModuleOp> importMaestroNetwork(llvm::SourceMgr &sourceMgr,
                                           MLIRContext *context);

/// The module attribute holding MAESTRO's hardware scalars.
inline constexpr llvm::StringLiteral kMaestroHardwareAttrName =
    "zigzag.maestro_hardware";

/// Reads a MAESTRO hardware file and sets, on `module`, zigzag.accelerator
/// (a MAESTRO-style two-level hierarchy: per-PE L1, shared L2, DRAM; energies
/// L1 1.68, L2 18.61, MAC 1 per 8-bit element) and zigzag.maestro_hardware
/// (the scalars, which --zigzag-maestro-analysis reads).
LogicalResult attachMaestroHardware(ModuleOp module, StringRef path);

/// The MAESTRO hardware of `module` (zigzag.maestro_hardware); an error at
/// the module when it is missing or malformed.
FailureOr<::zigzag::maestro::Hardware> getMaestroHardware(ModuleOp module);

/// Registers --import-maestro and --export-maestro (every op with a
/// zigzag.dataflow as a MAESTRO layer; MAESTRO reads the file back).
void registerImportMaestroTranslation();

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_IMPORT_MAESTROIMPORT_H
