//===- AttachHardware.cpp - --zigzag-attach-hardware ----------------------===//
//
// Sets the module's zigzag.accelerator from a hardware file (ZigZag YAML or
// MLIR). Problems inside the file are reported at their file:line:col, a
// missing file at the module.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Import/HardwareImport.h"
#include "zigzag/Import/MaestroImport.h"
#include "zigzag/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Path.h"

namespace mlir {
namespace zigzag {
#define GEN_PASS_DEF_ATTACHHARDWARE
#include "zigzag/Transforms/Passes.h.inc"
} // namespace zigzag
} // namespace mlir

using namespace mlir;
using namespace mlir::zigzag;

namespace {
class AttachHardwarePass
    : public mlir::zigzag::impl::AttachHardwareBase<AttachHardwarePass> {
public:
  using AttachHardwareBase::AttachHardwareBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (file.empty()) {
      emitError(module.getLoc())
          << "no hardware file given; use "
             "--zigzag-attach-hardware=\"file=<path>\" with a ZigZag hardware "
             "YAML or a .mlir file";
      return signalPassFailure();
    }
    // MAESTRO's hardware files (.m) carry their own scalars besides the
    // accelerator they stand for.
    if (llvm::sys::path::extension(file) == ".m") {
      if (failed(attachMaestroHardware(module, file)))
        return signalPassFailure();
      return;
    }
    FailureOr<AcceleratorAttr> accelerator =
        readAcceleratorFile(file, &getContext(), module.getLoc());
    if (failed(accelerator))
      return signalPassFailure();
    module->setAttr(ZigZagDialect::kAcceleratorAttrName, *accelerator);
  }
};
} // namespace
