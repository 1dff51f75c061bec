//===- MaestroLayer.h - linalg op <-> MAESTRO layer -------------*- C++ -*-===//

#ifndef ZIGZAG_DIALECT_ZIGZAG_IR_MAESTROLAYER_H
#define ZIGZAG_DIALECT_ZIGZAG_IR_MAESTROLAYER_H

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Model/Maestro.h"

namespace mlir {
namespace zigzag {

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

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_DIALECT_ZIGZAG_IR_MAESTROLAYER_H
