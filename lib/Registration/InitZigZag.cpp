//===- InitZigZag.cpp - register everything zigzag provides ---------------===//

#include "zigzag/InitZigZag.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Import/HardwareImport.h"
#include "zigzag/Import/MaestroImport.h"
#include "zigzag/Import/OnnxToLinalg.h"
#include "zigzag/Import/WorkloadToLinalg.h"
#include "zigzag/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"

using namespace mlir;

void mlir::zigzag::registerZigZagDialects(DialectRegistry &registry) {
  registry.insert<ZigZagDialect>();
}

void mlir::zigzag::registerAllZigZagPasses() {
  registerZigZagPasses();
  registerZigZagPipeline();
}

void mlir::zigzag::registerZigZagTranslations() {
  registerImportZigZagHardwareTranslation();
  registerImportZigZagWorkloadTranslation();
  registerImportOnnxTranslation();
  registerImportMaestroTranslation();
}
