//===- zigzag-translate.cpp - imports into MLIR ---------------------------===//

#include "zigzag/InitZigZag.h"

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  mlir::zigzag::registerZigZagTranslations();
  return mlir::failed(mlir::mlirTranslateMain(
      argc, argv, "zigzag-translate: ZigZag and ONNX inputs into MLIR\n"));
}
