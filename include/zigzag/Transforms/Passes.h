//===- Passes.h - zigzag passes ---------------------------------*- C++ -*-===//
//
// Kept light on purpose: the dialects a pass needs are included by the .cpp
// that defines it, not here; the enums of the closed-set options come from
// PassOptions.h (plain C++ headers only).
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_TRANSFORMS_PASSES_H
#define ZIGZAG_TRANSFORMS_PASSES_H

#include "zigzag/Transforms/PassOptions.h"

#include "mlir/Pass/Pass.h"

namespace mlir {
namespace zigzag {

#define GEN_PASS_DECL
#include "zigzag/Transforms/Passes.h.inc"

/// --zigzag-pipeline: attach, search, estimate, report, apply.
void registerZigZagPipeline();

#define GEN_PASS_REGISTRATION
#include "zigzag/Transforms/Passes.h.inc"

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_TRANSFORMS_PASSES_H
