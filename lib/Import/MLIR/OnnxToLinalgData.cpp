//===- OnnxToLinalgData.cpp - shapes and data movement
//----------------------===//
//
// Reshapes, Transpose, Concat, constants, Pad, Slice, Split, Gather and
// the forwarding and opaque ops.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/InterleavedRange.h"

using namespace mlir;
using namespace mlir::zigzag;

namespace mlir::zigzag::onnx {

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

LogicalResult OnnxImporter::importReshapeLike() {
  // Flatten, Reshape, Squeeze, Unsqueeze: the output type (from the file or
  // shape inference) fixes the result; only the element count must match.
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  if (xType.getNumElements() != outType->getNumElements() ||
      xType.getElementType() != outType->getElementType())
    return nodeError() << "cannot reshape " << xType << " into " << *outType;
  return setOutput(0, createReshape(*x, *outType));
}

LogicalResult OnnxImporter::importTranspose() {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  int64_t rank = outType->getRank();
  SmallVector<int64_t> reversed;
  for (int64_t d = rank - 1; d >= 0; --d)
    reversed.push_back(d);
  FailureOr<SmallVector<int64_t>> perm = getIntsAttr("perm", reversed);
  if (failed(perm))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  if (!isPermutationVector(*perm) || int64_t(perm->size()) != rank ||
      xType.getRank() != rank)
    return nodeError() << "perm is not a permutation of the input's "
                       << xType.getRank() << " and the output's " << rank
                       << " dims";
  if (failed(checkOutputType(*outType,
                             applyPermutation(xType.getShape(), *perm),
                             xType.getElementType())))
    return failure();
  auto transpose = linalg::TransposeOp::create(builder, loc, *x,
                                               createEmpty(*outType), *perm);
  annotate(transpose, {""});
  return setOutput(0, transpose->getResult(0));
}

LogicalResult OnnxImporter::importConcat() {
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(outType))
    return failure();
  FailureOr<int64_t> axis = getIntAttr("axis", 0);
  if (failed(axis))
    return failure();
  int64_t rank = outType->getRank();
  if (*axis < -rank || *axis >= rank)
    return nodeError() << "axis " << *axis << " is out of range for rank "
                       << rank;
  if (node->inputs.empty())
    return nodeError() << "needs at least one input";
  int64_t dim = *axis < 0 ? *axis + rank : *axis;
  SmallVector<Value> inputs;
  SmallVector<int64_t> expected;
  for (unsigned i = 0; i < node->inputs.size(); ++i) {
    FailureOr<Value> input = getInput(i);
    if (failed(input))
      return failure();
    auto type = cast<RankedTensorType>(input->getType());
    // (No empty inputs: getStaticType rejects them.)
    bool fits = type.getRank() == rank &&
                type.getElementType() == outType->getElementType();
    for (int64_t d = 0; fits && d < rank; ++d)
      fits = d == dim || inputs.empty() || type.getDimSize(d) == expected[d];
    if (!fits)
      return nodeError() << "input #" << i << " " << type
                         << " does not fit the others along axis " << dim;
    if (inputs.empty()) {
      expected.assign(type.getShape().begin(), type.getShape().end());
    } else {
      std::optional<int64_t> sum =
          llvm::checkedAdd(expected[dim], type.getDimSize(dim));
      if (!sum)
        return nodeError() << "the concatenated extent overflows int64";
      expected[dim] = *sum;
    }
    inputs.push_back(*input);
  }
  if (failed(checkOutputType(*outType, expected, outType->getElementType())))
    return failure();
  if (inputs.size() == 1)
    return setOutput(0, inputs.front());
  auto concat = tensor::ConcatOp::create(
      builder, loc, *outType, builder.getI64IntegerAttr(dim), inputs);
  annotate(concat, {""});
  return setOutput(0, concat.getResult());
}

LogicalResult OnnxImporter::importConstant() {
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(outType))
    return failure();
  const OnnxTensor *tensor = getConstantTensor(node->outputs[0]);
  if (!tensor)
    return nodeError() << "only dense constants with data are supported";
  ArrayRef<char> raw(tensor->rawData.data(), tensor->rawData.size());
  FailureOr<DenseElementsAttr> attr = getDenseAttr(*tensor, *outType);
  if (failed(attr))
    return nodeError() << "the constant's data does not match " << *outType;
  auto op = arith::ConstantOp::create(builder, loc, *attr);
  op->setAttr(ZigZagDialect::kLayerNameAttrName,
              builder.getStringAttr(layerName));
  return setOutput(0, op);
}

LogicalResult OnnxImporter::importShape() {
  if (!hasInput(0))
    return nodeError() << "input #0 is missing";
  FailureOr<RankedTensorType> inType = getStaticType(node->inputs[0], loc);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(inType) || failed(outType))
    return failure();
  FailureOr<int64_t> start = getIntAttr("start", 0);
  FailureOr<int64_t> end = getIntAttr("end", inType->getRank());
  if (failed(start) || failed(end))
    return failure();
  int64_t rank = inType->getRank();
  auto clampIndex = [&](int64_t i) {
    return std::clamp<int64_t>(i < 0 ? i + rank : i, 0, rank);
  };
  SmallVector<int64_t> dims(inType->getShape().begin() + clampIndex(*start),
                            inType->getShape().begin() +
                                std::max(clampIndex(*start), clampIndex(*end)));
  if (outType->getRank() != 1 || outType->getDimSize(0) != int64_t(dims.size()))
    return nodeError() << "the output type " << *outType << " does not hold "
                       << dims.size() << " dims";
  auto op = arith::ConstantOp::create(
      builder, loc, DenseIntElementsAttr::get(*outType, dims));
  op->setAttr(ZigZagDialect::kLayerNameAttrName,
              builder.getStringAttr(layerName));
  return setOutput(0, op);
}

LogicalResult OnnxImporter::importPad() {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  FailureOr<std::string> mode = getStringAttr("mode", "constant");
  if (failed(mode))
    return failure();
  if (*mode != "constant")
    return nodeError() << "only mode \"constant\" is supported, got \"" << *mode
                       << "\"";
  auto xType = cast<RankedTensorType>(x->getType());
  int64_t rank = xType.getRank();
  std::vector<int64_t> pads;
  double padValue = 0;
  // The dims the pads apply to (opset 18's axes input); all by default.
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < rank; ++d)
    axes.push_back(d);
  if (graph.opsetVersion < 11) {
    FailureOr<SmallVector<int64_t>> attr = getIntsAttr("pads", {});
    FailureOr<double> value = getFloatAttr("value", 0.0);
    if (failed(attr) || failed(value))
      return failure();
    pads.assign(attr->begin(), attr->end());
    padValue = *value;
  } else {
    FailureOr<std::vector<int64_t>> data = getConstantInts(1, "pads");
    if (failed(data))
      return failure();
    pads = *data;
    if (hasInput(2)) {
      const OnnxTensor *valueTensor = getConstantTensor(node->inputs[2]);
      std::optional<std::vector<double>> value;
      if (valueTensor)
        value = valueTensor->getFloatValues();
      if (!value || value->size() != 1)
        return nodeError() << "constant_value must be a scalar constant";
      padValue = value->front();
    }
    if (hasInput(3)) {
      FailureOr<std::vector<int64_t>> axesData = getConstantInts(3, "axes");
      if (failed(axesData))
        return failure();
      FailureOr<SmallVector<int64_t>> normalized =
          normalizeAxes(*axesData, rank);
      if (failed(normalized))
        return failure();
      axes = *normalized;
    }
  }
  int64_t numAxes = axes.size();
  if (int64_t(pads.size()) != 2 * numAxes)
    return nodeError() << "pads must hold " << 2 * numAxes << " values";
  // Negative pads crop (ONNX): the input is cut first, then padded.
  SmallVector<int64_t> cropLow(rank, 0), cropHigh(rank, 0), padLow(rank, 0),
      padHigh(rank, 0), expected(xType.getShape());
  for (auto [index, d] : llvm::enumerate(axes)) {
    int64_t low = pads[index], high = pads[index + numAxes];
    std::optional<int64_t> size = llvm::checkedAdd(xType.getDimSize(d), low);
    if (size)
      size = llvm::checkedAdd(*size, high);
    if (!size)
      return nodeError() << "the padded extent of dim #" << d
                         << " overflows int64";
    // Each crop alone must leave something: the pad of the other side
    // cannot fill a dim that was cut away.
    if (*size <= 0 || (low < 0 && xType.getDimSize(d) + low <= 0) ||
        (high < 0 && xType.getDimSize(d) + high <= 0))
      return nodeError() << "pads " << low << " and " << high
                         << " crop all of dim #" << d << " (extent "
                         << xType.getDimSize(d) << ")";
    (low < 0 ? cropLow : padLow)[d] = std::abs(low);
    (high < 0 ? cropHigh : padHigh)[d] = std::abs(high);
    expected[d] = *size;
  }
  if (failed(checkOutputType(*outType, expected, xType.getElementType())))
    return failure();
  Value input = *x;
  if (llvm::any_of(cropLow, [](int64_t c) { return c > 0; }) ||
      llvm::any_of(cropHigh, [](int64_t c) { return c > 0; })) {
    SmallVector<int64_t> sizes, strides(rank, 1);
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(xType.getDimSize(d) - cropLow[d] - cropHigh[d]);
    Operation *crop = createStridedSlice(input, cropLow, sizes, strides);
    crop->setAttr(ZigZagDialect::kLayerNameAttrName,
                  builder.getStringAttr(layerName));
    input = crop->getResult(0);
  }
  Type elementType = outType->getElementType();
  Attribute value =
      isa<FloatType>(elementType)
          ? Attribute(builder.getFloatAttr(elementType, padValue))
          : Attribute(builder.getIntegerAttr(elementType, int64_t(padValue)));
  return setOutput(0, createPad(input, padLow, padHigh, value));
}

LogicalResult OnnxImporter::importSlice() {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  int64_t rank = xType.getRank();
  std::vector<int64_t> starts, ends, axesList, steps;
  auto read = [&](unsigned index, StringRef name, std::vector<int64_t> &out) {
    if (graph.opsetVersion < 10) {
      FailureOr<SmallVector<int64_t>> attr = getIntsAttr(name, {});
      if (failed(attr))
        return failure();
      out.assign(attr->begin(), attr->end());
      return success();
    }
    FailureOr<std::vector<int64_t>> data = getConstantInts(index, name);
    if (failed(data))
      return failure();
    out = *data;
    return success();
  };
  if (failed(read(1, "starts", starts)) || failed(read(2, "ends", ends)))
    return failure();
  bool hasAxes = graph.opsetVersion < 10
                     ? node->findAttribute("axes") != nullptr
                     : hasInput(3);
  if (hasAxes && failed(read(3, "axes", axesList)))
    return failure();
  if (!hasAxes)
    for (size_t i = 0; i < starts.size(); ++i)
      axesList.push_back(i);
  if (graph.opsetVersion >= 10 && hasInput(4)) {
    if (failed(read(4, "steps", steps)))
      return failure();
  } else {
    steps.assign(starts.size(), 1);
  }
  if (ends.size() != starts.size() || axesList.size() != starts.size() ||
      steps.size() != starts.size())
    return nodeError() << "starts, ends, axes and steps must have the same "
                          "length";
  FailureOr<SmallVector<int64_t>> axes = normalizeAxes(axesList, rank);
  if (failed(axes))
    return failure();
  SmallVector<int64_t> offsets(rank, 0), sizes(xType.getShape()),
      strides(rank, 1);
  for (auto [index, d] : llvm::enumerate(*axes)) {
    int64_t dim = xType.getDimSize(d), step = steps[index];
    int64_t start = starts[index], end = ends[index];
    if (step == 0)
      return nodeError() << "the step of axis " << d << " is 0";
    // ONNX: negative indices count from the back, then clamp to the dim
    // (no overflow: dim > 0 is added to negative values only).
    if (start < 0)
      start += dim;
    if (end < 0)
      end += dim;
    int64_t count;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
      count = end > start ? (end - start - 1) / step + 1 : 0;
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
      int64_t magnitude = step == std::numeric_limits<int64_t>::min()
                              ? std::numeric_limits<int64_t>::max()
                              : -step;
      count = start > end ? (start - end - 1) / magnitude + 1 : 0;
    }
    if (count == 0)
      return nodeError() << "the slice of axis " << d
                         << " is empty; empty tensors are not supported";
    offsets[d] = start;
    sizes[d] = count;
    // A single element needs no stride (and a huge one none either).
    strides[d] = count == 1 ? 1 : step;
  }
  if (failed(checkOutputType(*outType, sizes, xType.getElementType())))
    return failure();
  Operation *slice = createStridedSlice(*x, offsets, sizes, strides);
  annotate(slice, {""});
  return setOutput(0, slice->getResult(0));
}

LogicalResult OnnxImporter::importSplit() {
  FailureOr<Value> x = getInput(0);
  if (failed(x))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  int64_t rank = xType.getRank();
  FailureOr<int64_t> axisAttr = getIntAttr("axis", 0);
  if (failed(axisAttr))
    return failure();
  FailureOr<SmallVector<int64_t>> axis = normalizeAxes({*axisAttr}, rank);
  if (failed(axis))
    return failure();
  int64_t a = axis->front(), dim = xType.getDimSize(a);
  int64_t numOutputs = node->outputs.size();
  std::vector<int64_t> split;
  if (hasInput(1)) {
    FailureOr<std::vector<int64_t>> data = getConstantInts(1, "split");
    if (failed(data))
      return failure();
    split = *data;
  } else if (node->findAttribute("split")) {
    FailureOr<SmallVector<int64_t>> attr = getIntsAttr("split", {});
    if (failed(attr))
      return failure();
    split.assign(attr->begin(), attr->end());
  } else {
    // Equal parts; the last one is smaller when they do not divide the dim
    // (opset 18's num_outputs).
    int64_t chunk = (dim + numOutputs - 1) / numOutputs;
    for (int64_t i = 0; i < numOutputs; ++i)
      split.push_back(std::min(chunk, dim - i * chunk));
  }
  if (int64_t(split.size()) != numOutputs)
    return nodeError() << "split has " << split.size() << " entries for "
                       << numOutputs << " outputs";
  std::optional<int64_t> total = 0;
  for (int64_t size : split)
    if (total)
      total = size > 0 ? llvm::checkedAdd(*total, size) : std::nullopt;
  if (total != dim)
    return nodeError() << "the parts " << llvm::interleaved(split)
                       << " must be positive and add up to the extent " << dim
                       << " of axis " << a;
  SmallVector<int64_t> offsets(rank, 0), sizes(xType.getShape()),
      strides(rank, 1);
  bool first = true;
  for (int64_t i = 0; i < numOutputs; ++i) {
    sizes[a] = split[i];
    if (!node->outputs[i].empty()) {
      FailureOr<RankedTensorType> outType = getOutputType(i);
      if (failed(outType) ||
          failed(checkOutputType(*outType, sizes, xType.getElementType())))
        return failure();
      Operation *slice = createStridedSlice(*x, offsets, sizes, strides);
      // The first part carries the node; the others are its parts.
      std::string part = first ? std::string() : std::to_string(i);
      annotate(slice, {part});
      first = false;
      if (failed(setOutput(i, slice->getResult(0))))
        return failure();
    }
    offsets[a] += split[i];
  }
  return success();
}

LogicalResult OnnxImporter::importGather() {
  FailureOr<Value> data = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(data) || failed(outType))
    return failure();
  if (!hasInput(1))
    return nodeError() << "input #1 is missing";
  FailureOr<RankedTensorType> indicesType = getStaticType(node->inputs[1], loc);
  FailureOr<std::vector<int64_t>> indices =
      getConstantInts(1, "the indices (only constant indices are supported)");
  FailureOr<int64_t> axisAttr = getIntAttr("axis", 0);
  if (failed(indicesType) || failed(indices) || failed(axisAttr))
    return failure();
  auto dataType = cast<RankedTensorType>(data->getType());
  int64_t rank = dataType.getRank();
  FailureOr<SmallVector<int64_t>> axis = normalizeAxes({*axisAttr}, rank);
  if (failed(axis))
    return failure();
  int64_t a = axis->front(), dim = dataType.getDimSize(a);
  if (int64_t(indices->size()) != indicesType->getNumElements())
    return nodeError() << "the indices hold " << indices->size()
                       << " values for " << *indicesType;
  for (int64_t &index : *indices) {
    if (index < -dim || index >= dim)
      return nodeError() << "index " << index << " is out of range for the "
                         << "extent " << dim << " of axis " << a;
    if (index < 0)
      index += dim;
  }
  SmallVector<int64_t> expected(dataType.getShape().take_front(a));
  expected.append(indicesType->getShape().begin(),
                  indicesType->getShape().end());
  expected.append(dataType.getShape().begin() + a + 1,
                  dataType.getShape().end());
  if (failed(checkOutputType(*outType, expected, dataType.getElementType())))
    return failure();
  // Indices that step evenly through the axis select a strided slice; the
  // indices' shape then only reshapes it.
  int64_t n = indices->size();
  int64_t step = n > 1 ? (*indices)[1] - (*indices)[0] : 1;
  for (int64_t i = 0; i < n; ++i)
    if (step == 0 || (*indices)[i] != (*indices)[0] + i * step)
      return nodeError() << "only indices that step evenly through the axis "
                            "(a slice) are supported";
  SmallVector<int64_t> offsets(rank, 0), sizes(dataType.getShape()),
      strides(rank, 1);
  offsets[a] = indices->front();
  sizes[a] = n;
  strides[a] = step;
  Operation *slice = createStridedSlice(*data, offsets, sizes, strides);
  annotate(slice, {""});
  return setOutput(0, createReshape(slice->getResult(0), *outType));
}

LogicalResult OnnxImporter::importIdentity() {
  // Identity and inference-mode Dropout forward their input.
  FailureOr<Value> x = getInput(0);
  if (failed(x))
    return failure();
  for (unsigned i = 1; i < node->outputs.size(); ++i)
    if (isUsed(node->outputs[i]))
      return nodeError() << "output #" << i << " ('" << node->outputs[i]
                         << "') is not supported";
  return setOutput(0, *x);
}

LogicalResult OnnxImporter::importOpaque() {
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < node->inputs.size(); ++i) {
    if (!hasInput(i))
      continue;
    FailureOr<Value> input = getInput(i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  SmallVector<Type> types;
  SmallVector<unsigned> outputIndices;
  for (unsigned i = 0; i < node->outputs.size(); ++i) {
    if (node->outputs[i].empty())
      continue;
    FailureOr<RankedTensorType> type = getOutputType(i);
    if (failed(type))
      return failure();
    types.push_back(*type);
    outputIndices.push_back(i);
  }
  auto op = UnrealizedConversionCastOp::create(builder, loc, types, inputs);
  std::string opType =
      node->domain.empty() ? node->opType : node->domain + "." + node->opType;
  op->setAttr(ZigZagDialect::kLayerNameAttrName,
              builder.getStringAttr(layerName));
  op->setAttr(ZigZagDialect::kOperatorTypeAttrName,
              builder.getStringAttr(opType));
  op->setAttr(ZigZagDialect::kLayerIdAttrName,
              builder.getI64IntegerAttr(nodeIndex));
  for (auto [result, index] : llvm::zip(op->getResults(), outputIndices))
    if (failed(setOutput(index, result)))
      return failure();
  return success();
}

} // namespace mlir::zigzag::onnx
