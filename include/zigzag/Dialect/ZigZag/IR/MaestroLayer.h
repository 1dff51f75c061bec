//===- MaestroLayer.h - linalg op <-> MAESTRO layer -------------*- C++ -*-===//

#ifndef ZIGZAG_DIALECT_ZIGZAG_IR_MAESTROLAYER_H
#define ZIGZAG_DIALECT_ZIGZAG_IR_MAESTROLAYER_H

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Model/Maestro.h"

namespace mlir {
namespace zigzag {

/// The op kinds MAESTRO models: linalg.conv_2d_nchw_fchw,
/// linalg.depthwise_conv_2d_nchw_chw and linalg.matmul.
bool isMaestroLayerOp(Operation *op);

/// The MAESTRO layer of `op` (linalg.conv_2d_nchw_fchw -> CONV,
/// linalg.depthwise_conv_2d_nchw_chw -> DSCONV with K = 1, linalg.matmul ->
/// GEMM) under `dataflow`. MAESTRO's Y/X are the input extents, N is kept
/// when it is not 1 or the dataflow names it. Fails with an error at `op`
/// for another op, a dilated convolution, a directive on a dimension the op
/// lacks, or a TemporalMap on R/S that is not the whole filter.
FailureOr<::zigzag::maestro::Layer> maestroLayerFromOp(Operation *op,
                                                       DataflowAttr dataflow);

/// The attribute of resolved directives (integer sizes).
DataflowAttr getDataflowAttr(MLIRContext *context,
                             ArrayRef<::zigzag::maestro::Directive> directives);

/// The checks of maestroLayerFromOp that do not depend on the op's sizes
/// (op kind, dimension names, Sz() names, dilation, strides): what the
/// verifier checks, as a rewritten op's tiles keep the attribute.
LogicalResult verifyDataflowOnOp(Operation *op, DataflowAttr dataflow);

/// The op loop name of a MAESTRO dimension (the importer's loop names: K C
/// FY FX OY OX B of a convolution, G for a depthwise layer's channels, D K C
/// for a matmul's M N K); empty for a dimension without a loop (a depthwise
/// layer's K).
StringRef maestroLoopName(::zigzag::maestro::LayerType type,
                          ::zigzag::maestro::Dim dim);

/// The loop names a mapping of `op` uses: its zigzag.loop_names, or d0,
/// d1, ... in iterator order.
SmallVector<std::string> maestroOpLoopNames(Operation *op);

/// The importer's name (maestroLoopName) of the op loop `loop`, one of
/// `opLoops` (maestroOpLoopNames); empty when it is none of them.
StringRef maestroCanonicalLoopName(Operation *op, ArrayRef<std::string> opLoops,
                                   StringRef loop);

/// The #zigzag.mapping that `layer`'s dataflow (completed as MAESTRO
/// completes it on `hw`) lowers to on the MAESTRO-style accelerator. A null
/// attribute when a directive has no mapping equivalent, with `why` naming
/// it; failure (an error at `op`) when MAESTRO cannot complete the dataflow.
FailureOr<MappingAttr>
mappingFromMaestroLayer(Operation *op, const ::zigzag::maestro::Layer &layer,
                        const ::zigzag::maestro::Hardware &hw,
                        std::string &why);

/// MAESTRO directives whose lowering (mappingFromMaestroLayer) is `mapping`
/// where MAESTRO can express it: each array dim's unrolling its own cluster
/// level, the temporal loops above the innermost memory level as cluster
/// levels of one cluster above the innermost level, those below it in the
/// innermost level. What cannot be kept (uneven operand levels, more than
/// two memory levels, filter loops outside the innermost level, orders of
/// the innermost loops) is appended to `lost`, one entry each.
FailureOr<std::vector<::zigzag::maestro::Directive>>
dataflowFromMapping(Operation *op, const ::zigzag::maestro::Layer &layer,
                    MappingAttr mapping, std::vector<std::string> &lost);

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_DIALECT_ZIGZAG_IR_MAESTROLAYER_H
