//===- MappingConversion.h - #zigzag.mapping <-> zigzag::Mapping -*- C++
//-*-===//

#ifndef ZIGZAG_ANALYSIS_MAPPINGCONVERSION_H
#define ZIGZAG_ANALYSIS_MAPPINGCONVERSION_H

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/Workload.h"

#include "mlir/IR/Diagnostics.h"

namespace mlir {
namespace zigzag {

/// Resolves the loop, array-dim and memory names of `attr` against the layer
/// and the accelerator. Fails with a diagnostic through `emitError` when a
/// name is unknown, the factors of a loop do not multiply to its size
/// (temporal product == ceil(size / spatial product), as ZigZag), an array
/// dim is over-unrolled, or an operand's levels are not its memories.
FailureOr<::zigzag::Mapping>
convertMapping(MappingAttr attr, const ::zigzag::Workload &workload,
               const ::zigzag::Hardware &hw,
               function_ref<InFlightDiagnostic()> emitError);

/// The attribute form of `mapping` for `workload` on `hw`.
MappingAttr convertMapping(MLIRContext *context,
                           const ::zigzag::Mapping &mapping,
                           const ::zigzag::Workload &workload,
                           const ::zigzag::Hardware &hw);

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_ANALYSIS_MAPPINGCONVERSION_H
