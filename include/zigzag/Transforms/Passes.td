//===- Passes.td - zigzag passes ---------------------------*- tablegen -*-===//

#ifndef ZIGZAG_TRANSFORMS_PASSES_TD
#define ZIGZAG_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

#endif // ZIGZAG_TRANSFORMS_PASSES_TD
