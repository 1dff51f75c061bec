//===- InitZigZag.h - register everything zigzag provides -------*- C++ -*-===//

#ifndef ZIGZAG_INITZIGZAG_H
#define ZIGZAG_INITZIGZAG_H

namespace mlir {
class DialectRegistry;
namespace zigzag {

/// The zigzag dialect and the dialects its passes create ops of.
void registerZigZagDialects(DialectRegistry &registry);
/// Every zigzag pass (idempotent).
void registerAllZigZagPasses();
/// The zigzag-translate translations (imports).
void registerZigZagTranslations();

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_INITZIGZAG_H
