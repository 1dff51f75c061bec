//===- zigzag-opt.cpp - mlir-opt with the zigzag dialect and passes -------===//

#include "zigzag/InitZigZag.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::zigzag::registerAllZigZagPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  // TilingInterface and bufferization models of linalg/tensor live here.
  mlir::registerAllExtensions(registry);
  mlir::zigzag::registerZigZagDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "zigzag-opt: MLIR optimizer with the zigzag dialect\n",
      registry));
}
