//===- OnnxToLinalgContractions.cpp - Conv, Gemm, MatMul
//--------------------===//
//
// ZigZag's layers: Conv and ConvTranspose (with the window arithmetic
// that pooling shares), Gemm and MatMul, as named linalg contractions.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::zigzag;

namespace mlir::zigzag::onnx {

//===----------------------------------------------------------------------===//
// Conv, ConvTranspose, pooling windows
//===----------------------------------------------------------------------===//

/// a * b + c, or nullopt if it overflows int64 (attributes and extents come
/// from the file and may be anything).
static std::optional<int64_t> mulAdd(int64_t a, int64_t b, int64_t c) {
  std::optional<int64_t> product = llvm::checkedMul(a, b);
  return product ? llvm::checkedAdd(*product, c) : std::nullopt;
}

FailureOr<OnnxImporter::WindowParams>
OnnxImporter::getWindowParams(ArrayRef<int64_t> inputSpatial,
                              ArrayRef<int64_t> kernel) {
  size_t rank = inputSpatial.size();
  WindowParams params;
  params.kernel.assign(kernel.begin(), kernel.end());
  SmallVector<int64_t> ones(rank, 1), zeros(2 * rank, 0);
  FailureOr<SmallVector<int64_t>> strides = getIntsAttr("strides", ones);
  FailureOr<SmallVector<int64_t>> dilations = getIntsAttr("dilations", ones);
  FailureOr<SmallVector<int64_t>> pads = getIntsAttr("pads", zeros);
  FailureOr<std::string> autoPad = getStringAttr("auto_pad", "NOTSET");
  if (failed(strides) || failed(dilations) || failed(pads) || failed(autoPad))
    return failure();
  if (strides->size() != rank || dilations->size() != rank ||
      pads->size() != 2 * rank || kernel.size() != rank)
    return nodeError() << "kernel_shape, strides, dilations and pads must "
                          "have one entry per spatial dim ("
                       << rank << ", pads " << 2 * rank << ")";
  for (unsigned d = 0; d < rank; ++d)
    if ((*strides)[d] < 1 || (*dilations)[d] < 1 || kernel[d] < 1 ||
        (*pads)[d] < 0 || (*pads)[d + rank] < 0)
      return nodeError() << "kernel sizes, strides and dilations must be "
                            "positive and pads non-negative";
  params.strides = *strides;
  params.dilations = *dilations;
  params.padLow.assign(pads->begin(), pads->begin() + rank);
  params.padHigh.assign(pads->begin() + rank, pads->end());
  if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
    for (unsigned d = 0; d < rank; ++d) {
      int64_t stride = params.strides[d];
      int64_t out = inputSpatial[d] / stride + (inputSpatial[d] % stride != 0);
      std::optional<int64_t> span =
          mulAdd(kernel[d] - 1, params.dilations[d], 1);
      std::optional<int64_t> covered =
          span ? mulAdd(out - 1, stride, *span) : std::nullopt;
      if (!covered)
        return nodeError() << "the window of spatial dim " << d
                           << " is too large (its extent overflows int64)";
      int64_t total = std::max<int64_t>(0, *covered - inputSpatial[d]);
      int64_t small = total / 2;
      params.padLow[d] = *autoPad == "SAME_UPPER" ? small : total - small;
      params.padHigh[d] = total - params.padLow[d];
    }
  } else if (*autoPad == "VALID") {
    std::fill(params.padLow.begin(), params.padLow.end(), 0);
    std::fill(params.padHigh.begin(), params.padHigh.end(), 0);
  } else if (*autoPad != "NOTSET") {
    return nodeError() << "unknown auto_pad '" << *autoPad << "'";
  }
  return params;
}

FailureOr<SmallVector<int64_t>>
OnnxImporter::getWindowOutput(WindowParams &params,
                              ArrayRef<int64_t> inputSpatial, bool ceilMode) {
  SmallVector<int64_t> result;
  for (unsigned d = 0; d < inputSpatial.size(); ++d) {
    std::optional<int64_t> span =
        mulAdd(params.kernel[d] - 1, params.dilations[d], 1);
    std::optional<int64_t> padded =
        llvm::checkedAdd(inputSpatial[d], params.padLow[d]);
    if (padded)
      padded = llvm::checkedAdd(*padded, params.padHigh[d]);
    if (!span || !padded)
      return nodeError() << "the window or the padded input of spatial dim "
                         << d << " is too large (its extent overflows int64)";
    if (*padded < *span)
      return nodeError() << "the window (" << *span << ") is larger than the "
                         << "padded input (" << *padded << ") in spatial dim "
                         << d;
    int64_t steps = *padded - *span, stride = params.strides[d];
    int64_t extent = steps / stride + 1;
    // Ceil mode: a last, partial window if it starts inside the input or
    // the low padding (no overflow: in + padLow <= padded).
    std::optional<int64_t> lastStart = llvm::checkedMul(extent, stride);
    if (ceilMode && steps % stride != 0 && lastStart &&
        *lastStart < inputSpatial[d] + params.padLow[d])
      ++extent;
    // Pad so that the last window is complete.
    std::optional<int64_t> needed = mulAdd(extent - 1, stride, *span);
    if (!needed)
      return nodeError() << "the windows of spatial dim " << d
                         << " are too large (their extent overflows int64)";
    if (*needed > *padded)
      params.padHigh[d] += *needed - *padded;
    result.push_back(extent);
  }
  return result;
}

LogicalResult OnnxImporter::importConv() {
  FailureOr<Value> x = getInput(0), w = getInput(1);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(w) || failed(outType))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  auto wType = cast<RankedTensorType>(w->getType());
  int64_t rank = xType.getRank();
  if (!isa<FloatType>(xType.getElementType()))
    return nodeError() << "only floating-point convolutions are supported";
  if (rank != 3 && rank != 4)
    return nodeError() << "only 1-D and 2-D convolutions are supported (the "
                          "input has rank "
                       << rank << ")";
  if (wType.getRank() != rank)
    return nodeError() << "the input " << xType << " and the weights " << wType
                       << " must have the same rank";
  if (wType.getElementType() != xType.getElementType())
    return nodeError() << "the input " << xType << " and the weights " << wType
                       << " must have the same element type";
  FailureOr<int64_t> group = getIntAttr("group", 1);
  if (failed(group))
    return failure();
  int64_t channels = xType.getDimSize(1), filters = wType.getDimSize(0);
  // Divides instead of multiplying: `group` may be any int64.
  if (*group < 1 || channels % *group || filters % *group ||
      channels / *group != wType.getDimSize(1))
    return nodeError() << "group " << *group << " does not divide " << channels
                       << " input channels and " << filters << " filters of "
                       << wType.getDimSize(1) << " channels each";
  SmallVector<int64_t> kernel(wType.getShape().drop_front(2));
  FailureOr<SmallVector<int64_t>> kernelAttr =
      getIntsAttr("kernel_shape", kernel);
  if (failed(kernelAttr))
    return failure();
  if (*kernelAttr != kernel)
    return nodeError() << "kernel_shape does not match the weights' shape "
                       << wType;
  FailureOr<WindowParams> params =
      getWindowParams(xType.getShape().drop_front(2), kernel);
  if (failed(params))
    return failure();
  FailureOr<SmallVector<int64_t>> outSpatial = getWindowOutput(
      *params, xType.getShape().drop_front(2), /*ceilMode=*/false);
  if (failed(outSpatial))
    return failure();
  SmallVector<int64_t> expected = {xType.getDimSize(0), filters};
  expected.append(*outSpatial);
  if (failed(checkOutputType(*outType, expected, xType.getElementType())))
    return failure();

  // A 1-D conv is a 2-D conv of height 1.
  auto with1 = [](ArrayRef<int64_t> shape) {
    SmallVector<int64_t> result(shape.take_front(2));
    result.push_back(1);
    result.append(shape.begin() + 2, shape.end());
    return result;
  };
  Type elementType = xType.getElementType();
  Value input = *x, weights = *w;
  RankedTensorType convOutType = *outType;
  if (rank == 3) {
    input = createReshape(
        input, RankedTensorType::get(with1(xType.getShape()), elementType));
    weights = createReshape(
        weights, RankedTensorType::get(with1(wType.getShape()), elementType));
    convOutType =
        RankedTensorType::get(with1(outType->getShape()), elementType);
    params->kernel.insert(params->kernel.begin(), 1);
    params->strides.insert(params->strides.begin(), 1);
    params->dilations.insert(params->dilations.begin(), 1);
    params->padLow.insert(params->padLow.begin(), 0);
    params->padHigh.insert(params->padHigh.begin(), 0);
  }
  ArrayRef<int64_t> inShape =
      cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> wShape =
      cast<RankedTensorType>(weights.getType()).getShape();
  ArrayRef<int64_t> outShape = convOutType.getShape();
  Attribute zero = builder.getZeroAttr(elementType);
  auto attrs = [&]() {
    auto vec = [&](ArrayRef<int64_t> values) {
      return DenseIntElementsAttr::get(
          RankedTensorType::get({2}, builder.getI64Type()), values);
    };
    return SmallVector<NamedAttribute>{
        builder.getNamedAttr("strides", vec(params->strides)),
        builder.getNamedAttr("dilations", vec(params->dilations))};
  };

  int64_t g = *group;
  Operation *conv;
  Value result;
  StringLiteral layerOperands[] = {"I1", "I2", "O"};
  if (g == 1) {
    input = createPad(input, {0, 0, params->padLow[0], params->padLow[1]},
                      {0, 0, params->padHigh[0], params->padHigh[1]}, zero);
    conv = linalg::Conv2DNchwFchwOp::create(
        builder, loc, TypeRange{convOutType}, ValueRange{input, weights},
        ValueRange{createZeros(convOutType)}, attrs());
    annotate(conv, {"", true, true, kConvLoops, layerOperands});
    result = conv->getResult(0);
  } else if (g == channels && g == filters) {
    // Depthwise: ZigZag's G = channels, K = C = 1.
    weights = createReshape(
        weights,
        RankedTensorType::get({wShape[0], wShape[2], wShape[3]}, elementType));
    input = createPad(input, {0, 0, params->padLow[0], params->padLow[1]},
                      {0, 0, params->padHigh[0], params->padHigh[1]}, zero);
    conv = linalg::DepthwiseConv2DNchwChwOp::create(
        builder, loc, TypeRange{convOutType}, ValueRange{input, weights},
        ValueRange{createZeros(convOutType)}, attrs());
    annotate(conv, {"", true, true, kDepthwiseLoops, layerOperands});
    result = conv->getResult(0);
  } else {
    // Grouped: split channels into (G, C/G), filters into (G, K/G); the
    // padding comes last so the conv reads it directly.
    input = createReshape(input,
                          RankedTensorType::get({inShape[0], g, inShape[1] / g,
                                                 inShape[2], inShape[3]},
                                                elementType));
    weights = createReshape(
        weights,
        RankedTensorType::get(
            {g, wShape[0] / g, wShape[1], wShape[2], wShape[3]}, elementType));
    input = createPad(input, {0, 0, 0, params->padLow[0], params->padLow[1]},
                      {0, 0, 0, params->padHigh[0], params->padHigh[1]}, zero);
    auto groupedOut = RankedTensorType::get(
        {outShape[0], g, outShape[1] / g, outShape[2], outShape[3]},
        elementType);
    conv = linalg::Conv2DNgchwGfchwOp::create(
        builder, loc, TypeRange{groupedOut}, ValueRange{input, weights},
        ValueRange{createZeros(groupedOut)}, attrs());
    annotate(conv, {"", true, true, kGroupedConvLoops, layerOperands});
    result = createReshape(conv->getResult(0), convOutType);
  }
  result = createReshape(result, *outType);

  if (hasInput(2)) {
    FailureOr<Value> biased =
        addFilterBias(result, *outType, filters,
                      rank == 4 ? ArrayRef<StringLiteral>(kActivationLoops)
                                : ArrayRef<StringLiteral>());
    if (failed(biased))
      return failure();
    result = *biased;
  }
  return setOutput(0, result);
}

FailureOr<Value> OnnxImporter::addFilterBias(Value result,
                                             RankedTensorType outType,
                                             int64_t filters,
                                             ArrayRef<StringLiteral> loops) {
  FailureOr<Value> bias = getInput(2);
  if (failed(bias))
    return failure();
  auto biasType = cast<RankedTensorType>(bias->getType());
  Type elementType = outType.getElementType();
  if (biasType.getRank() != 1 || biasType.getDimSize(0) != filters ||
      biasType.getElementType() != elementType)
    return nodeError() << "the bias must have one value per filter, got "
                       << biasType;
  // The bias indexes the channel dim (1) of the output.
  SmallVector<int64_t> biasShape(outType.getRank(), 1);
  biasShape[1] = filters;
  Value biasND =
      createReshape(*bias, RankedTensorType::get(biasShape, elementType));
  linalg::GenericOp add = createElementwise(
      {result, biasND}, outType,
      [&](OpBuilder &b, Location at, ValueRange args) {
        return createBinaryScalar(b, at, BinaryKind::Add, args[0], args[1]);
      });
  annotate(add, {"bias", false, true, loops});
  return add.getResult(0);
}

LogicalResult OnnxImporter::importConvTranspose() {
  // y[n,m,oh,ow] = sum x[n,c,ih,iw] * w[c,m,kh,kw] with oh = ih*s + kh*d -
  // pad: a stride-1 conv over x upsampled by s (zeros in between), padded
  // by d*(k-1) - pad, with the kernel flipped and its channels swapped.
  FailureOr<Value> x = getInput(0), w = getInput(1);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(w) || failed(outType))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  auto wType = cast<RankedTensorType>(w->getType());
  Type elementType = xType.getElementType();
  if (xType.getRank() != 4 || wType.getRank() != 4 ||
      !isa<FloatType>(elementType) || wType.getElementType() != elementType)
    return nodeError() << "only 2-D floating-point ConvTranspose is "
                          "supported (input and weights of rank 4 and one "
                          "element type)";
  FailureOr<int64_t> group = getIntAttr("group", 1);
  if (failed(group))
    return failure();
  if (*group != 1)
    return nodeError() << "ConvTranspose with group " << *group
                       << " is not supported";
  if (node->findAttribute("output_shape"))
    return nodeError() << "ConvTranspose with output_shape is not "
                          "supported; give pads instead";
  FailureOr<std::string> autoPad = getStringAttr("auto_pad", "NOTSET");
  if (failed(autoPad))
    return failure();
  if (*autoPad != "NOTSET" && *autoPad != "VALID")
    return nodeError() << "ConvTranspose with auto_pad " << *autoPad
                       << " is not supported";
  SmallVector<int64_t> kernel(wType.getShape().drop_front(2));
  FailureOr<SmallVector<int64_t>> strides = getIntsAttr("strides", {1, 1});
  FailureOr<SmallVector<int64_t>> dilations = getIntsAttr("dilations", {1, 1});
  FailureOr<SmallVector<int64_t>> pads = getIntsAttr("pads", {0, 0, 0, 0});
  FailureOr<SmallVector<int64_t>> outputPadding =
      getIntsAttr("output_padding", {0, 0});
  if (failed(strides) || failed(dilations) || failed(pads) ||
      failed(outputPadding))
    return failure();
  if (strides->size() != 2 || dilations->size() != 2 || pads->size() != 4 ||
      outputPadding->size() != 2)
    return nodeError() << "strides, dilations, output_padding (2) and pads "
                          "(4) have the wrong number of entries";
  if (*autoPad == "VALID")
    *pads = {0, 0, 0, 0};
  int64_t channels = xType.getDimSize(1), filters = wType.getDimSize(1);
  if (wType.getDimSize(0) != channels)
    return nodeError() << "the weights " << wType << " do not match "
                       << channels << " input channels";
  SmallVector<int64_t> upShape = {xType.getDimSize(0), channels};
  SmallVector<int64_t> expected = {xType.getDimSize(0), filters};
  SmallVector<int64_t> low, high;
  for (unsigned d = 0; d < 2; ++d) {
    int64_t in = xType.getDimSize(2 + d);
    int64_t s = (*strides)[d], dil = (*dilations)[d];
    int64_t padLow = (*pads)[d], padHigh = (*pads)[d + 2];
    int64_t extra = (*outputPadding)[d];
    if (s < 1 || dil < 1 || padLow < 0 || padHigh < 0 || extra < 0)
      return nodeError() << "strides and dilations must be positive, pads "
                            "and output_padding non-negative";
    // The upsampled input, padded by span - pad (+ output_padding), under a
    // stride-1 window of span + 1: every extent is checked for overflow.
    std::optional<int64_t> span = llvm::checkedMul(dil, kernel[d] - 1);
    std::optional<int64_t> up = mulAdd(s, in - 1, 1);
    std::optional<int64_t> highSpan =
        span ? llvm::checkedAdd(*span, extra) : std::nullopt;
    if (!span || !up || !highSpan)
      return nodeError() << "the kernel span or the upsampled input of "
                         << "spatial dim " << d << " overflows int64";
    if (padLow > *span || padHigh > *highSpan)
      return nodeError() << "pads larger than the kernel span are not "
                            "supported";
    std::optional<int64_t> padded = llvm::checkedAdd(*up, *span - padLow);
    if (padded)
      padded = llvm::checkedAdd(*padded, *highSpan - padHigh);
    if (!padded)
      return nodeError() << "the output of spatial dim " << d
                         << " overflows int64";
    upShape.push_back(*up);
    low.push_back(*span - padLow);
    high.push_back(*highSpan - padHigh);
    expected.push_back(*padded - *span);
  }
  if (failed(checkOutputType(*outType, expected, elementType)))
    return failure();
  // Upsample: insert x with stride s into zeros.
  Value up = *x;
  if ((*strides)[0] != 1 || (*strides)[1] != 1) {
    auto upType = RankedTensorType::get(upShape, elementType);
    auto insert = tensor::InsertSliceOp::create(
        builder, loc, *x, createZeros(upType),
        getAsIndexOpFoldResult(context, {0, 0, 0, 0}),
        getAsIndexOpFoldResult(context, xType.getShape()),
        getAsIndexOpFoldResult(context, {1, 1, (*strides)[0], (*strides)[1]}));
    insert->setAttr(ZigZagDialect::kLayerNameAttrName,
                    builder.getStringAttr(layerName));
    up = insert;
  }
  up = createPad(up, {0, 0, low[0], low[1]}, {0, 0, high[0], high[1]},
                 builder.getZeroAttr(elementType));
  // Flipped kernel with input/output channels swapped: [M, C, KH, KW].
  auto flippedType = RankedTensorType::get(
      {filters, channels, kernel[0], kernel[1]}, elementType);
  AffineExpr d0, d1, d2, d3;
  bindDims(context, d0, d1, d2, d3);
  auto flip = linalg::GenericOp::create(
      builder, loc, TypeRange{flippedType}, ValueRange{*w},
      ValueRange{createEmpty(flippedType)},
      ArrayRef<AffineMap>{
          AffineMap::get(4, 0,
                         {d1, d0, -d2 + (kernel[0] - 1), -d3 + (kernel[1] - 1)},
                         context),
          builder.getMultiDimIdentityMap(4)},
      SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
      [](OpBuilder &b, Location at, ValueRange args) {
        linalg::YieldOp::create(b, at, args[0]);
      });
  annotate(flip, {"flip", false, true});
  auto vec = [&](ArrayRef<int64_t> values) {
    return DenseIntElementsAttr::get(
        RankedTensorType::get({2}, builder.getI64Type()), values);
  };
  auto conv = linalg::Conv2DNchwFchwOp::create(
      builder, loc, TypeRange{*outType}, ValueRange{up, flip.getResult(0)},
      ValueRange{createZeros(*outType)},
      {builder.getNamedAttr("strides", vec({1, 1})),
       builder.getNamedAttr("dilations", vec(*dilations))});
  // ZigZag has no ConvTranspose layer: it is zero-cost in compat mode.
  StringLiteral operands[] = {"I1", "I2", "O"};
  annotate(conv, {"", false, true, kConvLoops, operands});
  Value result = conv.getResult(0);
  if (hasInput(2)) {
    FailureOr<Value> biased =
        addFilterBias(result, *outType, filters, kActivationLoops);
    if (failed(biased))
      return failure();
    result = *biased;
  }
  return setOutput(0, result);
}

//===----------------------------------------------------------------------===//
// Gemm, MatMul
//===----------------------------------------------------------------------===//

LogicalResult OnnxImporter::importGemm() {
  FailureOr<Value> a = getInput(0), b = getInput(1);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(a) || failed(b) || failed(outType))
    return failure();
  auto aType = cast<RankedTensorType>(a->getType());
  auto bType = cast<RankedTensorType>(b->getType());
  Type elementType = outType->getElementType();
  if (aType.getRank() != 2 || bType.getRank() != 2 || outType->getRank() != 2)
    return nodeError() << "Gemm needs 2-D operands, got " << aType << " and "
                       << bType;
  FailureOr<int64_t> transA = getIntAttr("transA", 0),
                     transB = getIntAttr("transB", 0);
  FailureOr<double> alpha = getFloatAttr("alpha", 1.0),
                    beta = getFloatAttr("beta", 1.0);
  if (failed(transA) || failed(transB) || failed(alpha) || failed(beta))
    return failure();
  int64_t m = *transA ? aType.getDimSize(1) : aType.getDimSize(0);
  int64_t k = *transA ? aType.getDimSize(0) : aType.getDimSize(1);
  int64_t kB = *transB ? bType.getDimSize(1) : bType.getDimSize(0);
  int64_t n = *transB ? bType.getDimSize(0) : bType.getDimSize(1);
  if (k != kB || outType->getDimSize(0) != m || outType->getDimSize(1) != n)
    return nodeError() << "shapes " << aType << " x " << bType
                       << (*transA ? " (transA)" : "")
                       << (*transB ? " (transB)" : "") << " do not give "
                       << *outType;

  // ZigZag: W is constant unless both inputs come from other nodes.
  bool weightIsConstant =
      !(isProducedByNode(node->inputs[0]) && isProducedByNode(node->inputs[1]));
  auto matmul = linalg::MatmulOp::create(builder, loc, TypeRange{*outType},
                                         ValueRange{*a, *b},
                                         ValueRange{createZeros(*outType)});
  if (*transA || *transB) {
    // Loops (d0, d1, d2) = (D, K, C); transposed operands swap their maps.
    AffineExpr d0, d1, d2;
    bindDims(context, d0, d1, d2);
    matmul.setIndexingMapsAttr(builder.getAffineMapArrayAttr(
        {AffineMap::get(3, 0,
                        *transA ? ArrayRef<AffineExpr>{d2, d0}
                                : ArrayRef<AffineExpr>{d0, d2},
                        context),
         AffineMap::get(3, 0,
                        *transB ? ArrayRef<AffineExpr>{d1, d2}
                                : ArrayRef<AffineExpr>{d2, d1},
                        context),
         AffineMap::get(3, 0, {d0, d1}, context)}));
  }
  StringLiteral operands[] = {"I1", "I2", "O"};
  annotate(matmul, {"", true, weightIsConstant, kMatmulLoops, operands});
  Value result = matmul.getResult(0);

  if (*alpha != 1.0) {
    linalg::GenericOp scale = createElementwise(
        {result}, *outType, [&](OpBuilder &bb, Location at, ValueRange args) {
          return createBinaryScalar(bb, at, BinaryKind::Mul, args[0],
                                    createScalar(bb, at, elementType, *alpha));
        });
    annotate(scale, {"alpha"});
    result = scale.getResult(0);
  }
  if (hasInput(2) && *beta != 0.0) {
    FailureOr<Value> c = getInput(2);
    if (failed(c))
      return failure();
    auto cType = cast<RankedTensorType>(c->getType());
    if (cType.getRank() > 2 ||
        llvm::any_of(llvm::enumerate(cType.getShape()), [&](auto dim) {
          int64_t out = outType->getDimSize(dim.index() + 2 - cType.getRank());
          return dim.value() != 1 && dim.value() != out;
        }))
      return nodeError() << "C " << cType << " does not broadcast to "
                         << *outType;
    double betaValue = *beta;
    linalg::GenericOp add = createElementwise(
        {result, *c}, *outType,
        [&](OpBuilder &bb, Location at, ValueRange args) {
          Value bias = args[1];
          if (betaValue != 1.0)
            bias = createBinaryScalar(
                bb, at, BinaryKind::Mul, bias,
                createScalar(bb, at, elementType, betaValue));
          return createBinaryScalar(bb, at, BinaryKind::Add, args[0], bias);
        });
    annotate(add, {"bias", false, true});
    result = add.getResult(0);
  }
  return setOutput(0, result);
}

LogicalResult OnnxImporter::importMatMul() {
  FailureOr<Value> a = getInput(0), b = getInput(1);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(a) || failed(b) || failed(outType))
    return failure();
  Type elementType = outType->getElementType();
  auto aType = cast<RankedTensorType>(a->getType());
  auto bType = cast<RankedTensorType>(b->getType());
  if (aType.getRank() == 0 || bType.getRank() == 0)
    return nodeError() << "MatMul operands must not be scalars";
  if (aType.getElementType() != elementType ||
      bType.getElementType() != elementType)
    return nodeError() << "operands of different element types are not "
                          "supported";
  bool aIsVector = aType.getRank() == 1, bIsVector = bType.getRank() == 1;
  // 1-D operands are a row (A) or column (B) vector.
  Value lhs = *a, rhs = *b;
  if (aType.getRank() == 1) {
    aType = RankedTensorType::get({1, aType.getDimSize(0)}, elementType);
    lhs = createReshape(lhs, aType);
  }
  if (bType.getRank() == 1) {
    bType = RankedTensorType::get({bType.getDimSize(0), 1}, elementType);
    rhs = createReshape(rhs, bType);
  }
  ArrayRef<int64_t> aShape = aType.getShape(), bShape = bType.getShape();
  int64_t d = aShape[aShape.size() - 2], c = aShape.back();
  int64_t k = bShape.back();
  if (bShape[bShape.size() - 2] != c)
    return nodeError() << "shapes " << aType << " x " << bType
                       << " do not match";
  // Broadcast batch dims.
  size_t batchRank = std::max(aShape.size(), bShape.size()) - 2;
  SmallVector<int64_t> batch(batchRank, 1);
  for (auto shape : {aShape.drop_back(2), bShape.drop_back(2)}) {
    for (auto [index, size] : llvm::enumerate(shape)) {
      int64_t &dim = batch[index + batchRank - shape.size()];
      if (size != 1 && dim != 1 && size != dim)
        return nodeError() << "batch dims of " << aType << " and " << bType
                           << " do not broadcast";
      dim = std::max(dim, size);
    }
  }
  // ONNX drops the dims of 1-D operands from the result.
  SmallVector<int64_t> expected(batch);
  if (!aIsVector)
    expected.push_back(d);
  if (!bIsVector)
    expected.push_back(k);
  if (failed(checkOutputType(*outType, expected, elementType)))
    return failure();
  SmallVector<int64_t> fullOut(batch);
  fullOut.append({d, k});
  auto fullOutType = RankedTensorType::get(fullOut, elementType);

  bool weightIsConstant =
      !(isProducedByNode(node->inputs[0]) && isProducedByNode(node->inputs[1]));
  StringLiteral operands[] = {"I1", "I2", "O"};
  Value init = createZeros(fullOutType);
  Operation *op;
  // ZigZag: B for 3-D operands, B and H for 4-D ones; B0, B1, ... beyond.
  SmallVector<std::string> loopNames;
  if (batchRank == 1)
    loopNames = {"B"};
  else if (batchRank == 2)
    loopNames = {"B", "H"};
  else
    for (unsigned l = 0; l < batchRank; ++l)
      loopNames.push_back("B" + std::to_string(l));
  loopNames.append({"D", "K", "C"});
  if (batchRank == 0) {
    op = linalg::MatmulOp::create(builder, loc, TypeRange{fullOutType},
                                  ValueRange{lhs, rhs}, ValueRange{init});
  } else if (batchRank == 1 && aShape.size() == 3 && bShape.size() == 3 &&
             aShape[0] == bShape[0]) {
    op = linalg::BatchMatmulOp::create(builder, loc, TypeRange{fullOutType},
                                       ValueRange{lhs, rhs}, ValueRange{init});
  } else {
    // Loops: batch dims, D, K, C (ZigZag: B, H for 4-D operands).
    unsigned numLoops = batchRank + 3;
    auto operandMap = [&](ArrayRef<int64_t> shape, unsigned row, unsigned col) {
      SmallVector<AffineExpr> exprs;
      size_t operandBatch = shape.size() - 2;
      for (size_t i = 0; i < operandBatch; ++i) {
        unsigned loop = i + batchRank - operandBatch;
        exprs.push_back(shape[i] == 1 && batch[loop] != 1
                            ? builder.getAffineConstantExpr(0)
                            : builder.getAffineDimExpr(loop));
      }
      exprs.push_back(builder.getAffineDimExpr(row));
      exprs.push_back(builder.getAffineDimExpr(col));
      return AffineMap::get(numLoops, 0, exprs, context);
    };
    unsigned dLoop = batchRank, kLoop = batchRank + 1, cLoop = batchRank + 2;
    SmallVector<AffineMap> maps = {operandMap(aShape, dLoop, cLoop),
                                   operandMap(bShape, cLoop, kLoop)};
    SmallVector<AffineExpr> outExprs;
    for (unsigned l = 0; l < batchRank + 2; ++l)
      outExprs.push_back(builder.getAffineDimExpr(l));
    maps.push_back(AffineMap::get(numLoops, 0, outExprs, context));
    SmallVector<utils::IteratorType> iterators(numLoops,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    bool isFloat = isa<FloatType>(elementType);
    op = linalg::GenericOp::create(
        builder, loc, TypeRange{fullOutType}, ValueRange{lhs, rhs},
        ValueRange{init}, maps, iterators,
        [&](OpBuilder &bb, Location at, ValueRange args) {
          Value product =
              isFloat ? Value(arith::MulFOp::create(bb, at, args[0], args[1]))
                      : Value(arith::MulIOp::create(bb, at, args[0], args[1]));
          Value sum =
              isFloat ? Value(arith::AddFOp::create(bb, at, args[2], product))
                      : Value(arith::AddIOp::create(bb, at, args[2], product));
          linalg::YieldOp::create(bb, at, sum);
        });
  }
  annotate(op, {"", true, weightIsConstant, {}, operands});
  op->setAttr(
      ZigZagDialect::kLoopNamesAttrName,
      builder.getStrArrayAttr(llvm::to_vector_of<StringRef>(loopNames)));
  return setOutput(0, createReshape(op->getResult(0), *outType));
}

} // namespace mlir::zigzag::onnx
