//===- HardwareImport.cpp - Hardware files -> #zigzag.accelerator ---------===//

#include "zigzag/Import/HardwareImport.h"
#include "zigzag/Analysis/HardwareConversion.h"
#include "zigzag/Import/HardwareYAML.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <mutex>

using namespace mlir;
using namespace mlir::zigzag;

namespace {
/// Collects the diagnostics a SourceMgr reports while it lives, then emits
/// them on an MLIRContext (warnings only if `showWarnings`). Emitting is
/// deferred until the SourceMgr's own handler is back: MLIR's
/// SourceMgrDiagnosticHandler may print through the same SourceMgr
/// (zigzag-translate's), which would otherwise call us again.
class SourceMgrToMLIRDiagnostics {
public:
  SourceMgrToMLIRDiagnostics(llvm::SourceMgr &sourceMgr, MLIRContext *context,
                             bool showWarnings)
      : sourceMgr(sourceMgr), context(context), showWarnings(showWarnings),
        oldHandler(sourceMgr.getDiagHandler()),
        oldContext(sourceMgr.getDiagContext()) {
    sourceMgr.setDiagHandler(
        [](const llvm::SMDiagnostic &diag, void *self) {
          static_cast<SourceMgrToMLIRDiagnostics *>(self)
              ->diagnostics.push_back(diag);
        },
        this);
  }
  ~SourceMgrToMLIRDiagnostics() {
    sourceMgr.setDiagHandler(oldHandler, oldContext);
    for (const llvm::SMDiagnostic &diag : diagnostics)
      if (showWarnings || diag.getKind() != llvm::SourceMgr::DK_Warning)
        emit(diag);
  }

private:
  void emit(const llvm::SMDiagnostic &diag) {
    // SMDiagnostic columns are 0-based, MLIR's are 1-based.
    Location loc = FileLineColLoc::get(
        context, diag.getFilename(), diag.getLineNo(), diag.getColumnNo() + 1);
    switch (diag.getKind()) {
    case llvm::SourceMgr::DK_Error:
      emitError(loc) << diag.getMessage();
      break;
    case llvm::SourceMgr::DK_Warning:
      emitWarning(loc) << diag.getMessage();
      break;
    case llvm::SourceMgr::DK_Remark:
    case llvm::SourceMgr::DK_Note:
      emitRemark(loc) << diag.getMessage();
      break;
    }
  }

  llvm::SourceMgr &sourceMgr;
  MLIRContext *context;
  bool showWarnings;
  llvm::SourceMgr::DiagHandlerTy oldHandler;
  void *oldContext;
  std::vector<llvm::SMDiagnostic> diagnostics;
};
} // namespace

/// Whether hardware file `path` is read for the first time in this process.
/// Its warnings (a duplicated key, ...) are shown only then: the same file is
/// read again for every chunk of -split-input-file, for nested modules and
/// by every pass that names it, and one warning per file is enough.
static bool isFirstRead(StringRef path) {
  static std::mutex mutex;
  static llvm::StringSet<> readFiles;
  SmallString<256> realPath;
  if (llvm::sys::fs::real_path(path, realPath))
    realPath = path;
  std::lock_guard<std::mutex> lock(mutex);
  return readFiles.insert(realPath).second;
}

static FailureOr<AcceleratorAttr> importYAML(llvm::SourceMgr &sourceMgr,
                                             unsigned bufferId,
                                             MLIRContext *context,
                                             bool showWarnings) {
  context->getOrLoadDialect<ZigZagDialect>();
  std::optional<::zigzag::Hardware> hw;
  {
    SourceMgrToMLIRDiagnostics routeDiagnostics(sourceMgr, context,
                                                showWarnings);
    hw = ::zigzag::parseHardwareYAML(sourceMgr, bufferId);
  }
  if (!hw)
    return failure();
  StringRef file = sourceMgr.getMemoryBuffer(bufferId)->getBufferIdentifier();
  return convertHardware(context, *hw, [&] {
    return emitError(FileLineColLoc::get(context, file, 1, 1));
  });
}

FailureOr<AcceleratorAttr>
mlir::zigzag::importHardwareYAML(llvm::SourceMgr &sourceMgr, unsigned bufferId,
                                 MLIRContext *context) {
  return importYAML(sourceMgr, bufferId, context, /*showWarnings=*/true);
}

FailureOr<AcceleratorAttr>
mlir::zigzag::readAcceleratorFile(StringRef path, MLIRContext *context,
                                  Location loc) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return emitError(loc) << "cannot open hardware file '" << path
                          << "': " << buffer.getError().message();
  llvm::SourceMgr sourceMgr;
  unsigned bufferId =
      sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  if (llvm::sys::path::extension(path) != ".mlir")
    return importYAML(sourceMgr, bufferId, context, isFirstRead(path));

  context->getOrLoadDialect<ZigZagDialect>();
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(context));
  if (!module)
    return failure();
  Attribute attr = (*module)->getAttr(ZigZagDialect::kAcceleratorAttrName);
  // A wrong kind of attribute was rejected when the module was verified.
  if (auto accelerator = dyn_cast_or_null<AcceleratorAttr>(attr))
    return accelerator;
  return emitError(module->getLoc())
         << "the top-level module of '" << path << "' has no '"
         << ZigZagDialect::kAcceleratorAttrName
         << "' attribute; expected `module attributes {"
         << ZigZagDialect::kAcceleratorAttrName
         << " = #zigzag.accelerator<...>} {...}`";
}

void mlir::zigzag::registerImportZigZagHardwareTranslation() {
  TranslateToMLIRRegistration importHardware(
      "import-zigzag-hardware",
      "ZigZag hardware YAML -> module with a zigzag.accelerator attribute",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        unsigned bufferId = sourceMgr.getMainFileID();
        FailureOr<AcceleratorAttr> accelerator =
            importHardwareYAML(sourceMgr, bufferId, context);
        if (failed(accelerator))
          return {};
        StringRef file =
            sourceMgr.getMemoryBuffer(bufferId)->getBufferIdentifier();
        OwningOpRef<ModuleOp> module =
            ModuleOp::create(FileLineColLoc::get(context, file, 1, 1));
        (*module)->setAttr(ZigZagDialect::kAcceleratorAttrName, *accelerator);
        return module;
      },
      [](DialectRegistry &registry) { registry.insert<ZigZagDialect>(); });
}
