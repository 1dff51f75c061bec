//===- OnnxToLinalg.cpp - ONNX models -> linalg ---------------------------===//
//
// Reads the model through ZigZagOnnxModel (the exception boundary around
// the ONNX library) and builds one func.func on tensors:
//   - graph inputs, then initializers without data (graph-only files,
//     external data) are function arguments in order of first use;
//     initializers and Constant nodes with data are arith.constant;
//   - Conv, Gemm and MatMul (ZigZag's layers) become named linalg
//     contractions carrying ZigZag's loop names, operand roles and order,
//     and precisions; every other op is marked `zigzag.zero_cost`, as ZigZag
//     does not evaluate it;
//   - nodes whose outputs are only read as compile-time data (shape inputs
//     of Reshape, Clip bounds, ...) are not imported: the value types from
//     the file or ONNX shape inference give the shapes.
// This file holds the values, attributes, builders and the driver; the
// operators live in OnnxToLinalg{Contractions,Elementwise,Data}.cpp.
// docs/Onnx.md lists the operators and attributes.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/OnnxToLinalg.h"
#include "OnnxImporter.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Import/OnnxModel.h"
#include "zigzag/Import/Precision.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mlir::zigzag;
using namespace mlir::zigzag::onnx;

namespace mlir::zigzag::onnx {

//===----------------------------------------------------------------------===//
// Types, values and attributes
//===----------------------------------------------------------------------===//

FailureOr<Type> OnnxImporter::getElementType(OnnxDataType type, Location at,
                                             StringRef valueName) {
  switch (type) {
  case OnnxDataType::Float:
    return Type(builder.getF32Type());
  case OnnxDataType::Double:
    return Type(builder.getF64Type());
  case OnnxDataType::Float16:
    return Type(builder.getF16Type());
  case OnnxDataType::BFloat16:
    return Type(builder.getBF16Type());
  case OnnxDataType::Bool:
    return Type(builder.getI1Type());
  case OnnxDataType::Int8:
  case OnnxDataType::UInt8:
    return Type(builder.getI8Type());
  case OnnxDataType::Int16:
  case OnnxDataType::UInt16:
    return Type(builder.getI16Type());
  case OnnxDataType::Int32:
  case OnnxDataType::UInt32:
    return Type(builder.getI32Type());
  case OnnxDataType::Int64:
  case OnnxDataType::UInt64:
    return Type(builder.getI64Type());
  default:
    return emitError(at) << "value '" << valueName << "' has element type "
                         << ::zigzag::toString(type)
                         << ", which has no tensor element type in MLIR";
  }
}

FailureOr<RankedTensorType>
OnnxImporter::getStaticType(const std::string &valueName, Location at) {
  const OnnxTensorType *type = graph.findType(valueName);
  if (!type || !type->hasShape)
    return emitError(at) << "the shape of value '" << valueName
                         << "' is unknown (neither the file nor ONNX shape "
                            "inference gives it)";
  for (auto [index, dim] : llvm::enumerate(type->dims)) {
    if (dim != ::zigzag::kOnnxDynamicDim)
      continue;
    const std::string &param = type->dimParams[index];
    InFlightDiagnostic diag = emitError(at)
                              << "value '" << valueName << "' has a dynamic "
                              << "dim #" << index;
    if (!param.empty())
      diag << " ('" << param << "'); give it a size with --onnx-dim=" << param
           << "=<size>";
    else
      diag << "; static shapes are required";
    return diag;
  }
  // Every op built from a value multiplies, pads and windows its extents:
  // an empty tensor or one whose element count overflows int64 is an error
  // here, not wrong IR later.
  int64_t numElements = 1;
  for (auto [index, dim] : llvm::enumerate(type->dims)) {
    if (dim == 0)
      return emitError(at) << "value '" << valueName
                           << "' has extent 0 in dim #" << index
                           << "; empty tensors are not supported";
    std::optional<int64_t> product = llvm::checkedMul(numElements, dim);
    if (!product)
      return emitError(at) << "value '" << valueName
                           << "' has more elements than int64 can count";
    numElements = *product;
  }
  FailureOr<Type> elementType =
      getElementType(type->elementType, at, valueName);
  if (failed(elementType))
    return failure();
  return RankedTensorType::get(type->dims, *elementType);
}

FailureOr<DenseElementsAttr> getDenseAttr(const OnnxTensor &tensor,
                                          RankedTensorType type) {
  if (tensor.getNumElements() != type.getNumElements())
    return failure();
  // i1 is packed differently in MLIR.
  if (type.getElementType().isInteger(1)) {
    if (int64_t(tensor.rawData.size()) != type.getNumElements())
      return failure();
    SmallVector<bool> bools;
    for (char c : tensor.rawData)
      bools.push_back(c != 0);
    return DenseElementsAttr::get(type, bools);
  }
  ArrayRef<char> raw(tensor.rawData.data(), tensor.rawData.size());
  bool detectedSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, raw, detectedSplat))
    return failure();
  return DenseElementsAttr::getFromRawBuffer(type, raw);
}

FailureOr<Value> OnnxImporter::getValue(const std::string &valueName) {
  if (Value value = values.lookup(valueName))
    return value;
  const OnnxTensor *init = initializers.lookup(valueName);
  if (!init) {
    if (isProducedByNode(valueName))
      return emitError(loc) << "value '" << valueName
                            << "' is used before the node producing it "
                               "(the graph is not topologically sorted)";
    return emitError(loc) << "value '" << valueName
                          << "' is neither a graph input, an initializer "
                             "nor a node output";
  }
  Location valueLoc = NameLoc::get(builder.getStringAttr(valueName), fileLoc);
  FailureOr<RankedTensorType> type = getStaticType(valueName, valueLoc);
  if (failed(type))
    return failure();
  Value value;
  if (init->hasData) {
    // Weights with data are constants.
    FailureOr<DenseElementsAttr> attr = getDenseAttr(*init, *type);
    if (failed(attr))
      return emitError(valueLoc) << "initializer '" << valueName
                                 << "' has data of an unexpected size";
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(body);
    value = arith::ConstantOp::create(builder, valueLoc, *attr);
  } else {
    // Graph-only files and external data: the weights are arguments.
    value = body->addArgument(*type, valueLoc);
    argAttrs.push_back(builder.getDictionaryAttr(builder.getNamedAttr(
        "zigzag.onnx_name", builder.getStringAttr(valueName))));
  }
  values[valueName] = value;
  return value;
}

FailureOr<Value> OnnxImporter::getInput(unsigned index) {
  if (!hasInput(index))
    return nodeError() << "input #" << index << " is missing";
  return getValue(node->inputs[index]);
}

LogicalResult OnnxImporter::setOutput(unsigned index, Value value) {
  const std::string &name = node->outputs[index];
  FailureOr<RankedTensorType> type = getOutputType(index);
  if (failed(type))
    return failure();
  if (value.getType() != *type)
    return nodeError() << "output '" << name << "' is computed as "
                       << value.getType() << " but the model says " << *type;
  values[name] = value;
  return success();
}

const OnnxTensor *
OnnxImporter::getConstantTensor(const std::string &valueName) {
  if (const OnnxTensor *tensor = constantTensors.lookup(valueName))
    return tensor;
  if (const OnnxTensor *init = initializers.lookup(valueName))
    return init->hasData ? init : nullptr;
  const OnnxNode *producer = producers.lookup(valueName);
  if (!producer || producer->opType != "Constant" || !producer->domain.empty())
    return nullptr;
  const OnnxTensor *result = nullptr;
  for (const OnnxAttribute &attr : producer->attributes) {
    if (attr.name == "value" && attr.tensor) {
      result = attr.tensor->hasData ? attr.tensor.get() : nullptr;
      break;
    }
    auto makeTensor = [&](OnnxDataType type, std::vector<int64_t> dims,
                          auto values) {
      OnnxTensor &tensor = syntheticTensors.emplace_back();
      tensor.name = valueName;
      tensor.elementType = type;
      tensor.dims = std::move(dims);
      tensor.hasData = true;
      for (auto v : values) {
        const char *bytes = reinterpret_cast<const char *>(&v);
        tensor.rawData.insert(tensor.rawData.end(), bytes, bytes + sizeof(v));
      }
      return &tensor;
    };
    if (attr.name == "value_float")
      result = makeTensor(OnnxDataType::Float, {},
                          std::vector<float>{float(attr.floatValue)});
    else if (attr.name == "value_int")
      result = makeTensor(OnnxDataType::Int64, {},
                          std::vector<int64_t>{attr.intValue});
    else if (attr.name == "value_floats")
      result = makeTensor(
          OnnxDataType::Float, {int64_t(attr.floats.size())},
          std::vector<float>(attr.floats.begin(), attr.floats.end()));
    else if (attr.name == "value_ints")
      result = makeTensor(OnnxDataType::Int64, {int64_t(attr.ints.size())},
                          attr.ints);
    if (result)
      break;
  }
  if (result)
    constantTensors[valueName] = result;
  return result;
}

FailureOr<int64_t> OnnxImporter::getIntAttr(StringRef name,
                                            int64_t defaultValue) {
  const OnnxAttribute *attr = node->findAttribute(name.str());
  if (!attr)
    return defaultValue;
  if (attr->kind != OnnxAttribute::Kind::Int)
    return nodeError() << "attribute '" << name << "' must be an integer";
  return attr->intValue;
}

FailureOr<double> OnnxImporter::getFloatAttr(StringRef name,
                                             double defaultValue) {
  const OnnxAttribute *attr = node->findAttribute(name.str());
  if (!attr)
    return defaultValue;
  if (attr->kind == OnnxAttribute::Kind::Int)
    return double(attr->intValue);
  if (attr->kind != OnnxAttribute::Kind::Float)
    return nodeError() << "attribute '" << name << "' must be a float";
  return attr->floatValue;
}

FailureOr<SmallVector<int64_t>>
OnnxImporter::getIntsAttr(StringRef name, ArrayRef<int64_t> defaultValue) {
  const OnnxAttribute *attr = node->findAttribute(name.str());
  if (!attr)
    return SmallVector<int64_t>(defaultValue);
  if (attr->kind != OnnxAttribute::Kind::Ints)
    return nodeError() << "attribute '" << name
                       << "' must be a list of integers";
  return SmallVector<int64_t>(attr->ints.begin(), attr->ints.end());
}

FailureOr<std::string> OnnxImporter::getStringAttr(StringRef name,
                                                   StringRef defaultValue) {
  const OnnxAttribute *attr = node->findAttribute(name.str());
  if (!attr)
    return defaultValue.str();
  if (attr->kind != OnnxAttribute::Kind::String)
    return nodeError() << "attribute '" << name << "' must be a string";
  return attr->stringValue;
}

FailureOr<NodeBits> OnnxImporter::getNodeBits() {
  NodeBits result;
  result.act = options.actBits.value_or(8);
  result.weight = options.weightBits.value_or(8);
  FailureOr<int64_t> act = getIntAttr("act_size", result.act);
  FailureOr<int64_t> weight = getIntAttr("weight_size", result.weight);
  if (failed(act) || failed(weight))
    return failure();
  result.act = *act;
  result.weight = *weight;
  // ZigZag: partial sums default to twice the activation bits.
  FailureOr<int64_t> output =
      getIntAttr("output_size", options.outputBits.value_or(2 * result.act));
  if (failed(output))
    return failure();
  result.output = *output;
  for (auto [name, value] : {std::pair<StringRef, int64_t>{"act_size", *act},
                             {"weight_size", *weight},
                             {"output_size", *output}})
    if (value <= 0 || value > ::zigzag::kMaxPrecisionBits)
      return nodeError() << "precision '" << name << "' = " << value
                         << " bits is out of range (1.."
                         << ::zigzag::kMaxPrecisionBits << ")";
  return result;
}

FailureOr<std::vector<int64_t>> OnnxImporter::getConstantInts(unsigned index,
                                                              StringRef what) {
  const OnnxTensor *tensor =
      hasInput(index) ? getConstantTensor(node->inputs[index]) : nullptr;
  std::optional<std::vector<int64_t>> data;
  if (tensor)
    data = tensor->getIntValues();
  if (!data)
    return nodeError() << what << " must be a constant with data";
  return *data;
}

FailureOr<SmallVector<int64_t>>
OnnxImporter::normalizeAxes(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> result;
  for (int64_t axis : axes) {
    if (axis < -rank || axis >= rank)
      return nodeError() << "axis " << axis << " is out of range for rank "
                         << rank;
    int64_t normalized = axis < 0 ? axis + rank : axis;
    if (llvm::is_contained(result, normalized))
      return nodeError() << "axis " << normalized << " is given twice";
    result.push_back(normalized);
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Builders
//===----------------------------------------------------------------------===//

Value OnnxImporter::createScalar(OpBuilder &b, Location at, Type type,
                                 double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, at, b.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(
      b, at, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value OnnxImporter::createSplat(RankedTensorType type, Attribute value) {
  return arith::ConstantOp::create(builder, loc,
                                   DenseElementsAttr::get(type, value));
}

Value OnnxImporter::createZeros(RankedTensorType type) {
  return createSplat(type, builder.getZeroAttr(type.getElementType()));
}

Attribute OnnxImporter::getLowest(Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return builder.getFloatAttr(
        floatType,
        APFloat::getInf(floatType.getFloatSemantics(), /*Negative=*/true));
  return builder.getIntegerAttr(
      type, APInt::getSignedMinValue(type.getIntOrFloatBitWidth()));
}

Value OnnxImporter::createPad(Value value, ArrayRef<int64_t> low,
                              ArrayRef<int64_t> high, Attribute padValue) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (auto [size, lo, hi] : llvm::zip(type.getShape(), low, high))
    shape.push_back(size + lo + hi);
  Value scalar =
      arith::ConstantOp::create(builder, loc, cast<TypedAttr>(padValue));
  auto pad = tensor::PadOp::create(
      builder, loc, RankedTensorType::get(shape, type.getElementType()), value,
      getAsIndexOpFoldResult(context, low),
      getAsIndexOpFoldResult(context, high), scalar);
  pad->setAttr(ZigZagDialect::kLayerNameAttrName,
               builder.getStringAttr(layerName));
  return pad;
}

Value OnnxImporter::createReshape(Value value, RankedTensorType type) {
  auto source = cast<RankedTensorType>(value.getType());
  if (source == type)
    return value;
  auto named = [&](Operation *op) {
    op->setAttr(ZigZagDialect::kLayerNameAttrName,
                builder.getStringAttr(layerName));
    return op->getResult(0);
  };
  auto collapse = [&](Value v, RankedTensorType to,
                      ArrayRef<ReassociationIndices> reassociation) {
    return named(
        tensor::CollapseShapeOp::create(builder, loc, to, v, reassociation));
  };
  auto expand = [&](Value v, RankedTensorType to,
                    ArrayRef<ReassociationIndices> reassociation) {
    return named(
        tensor::ExpandShapeOp::create(builder, loc, to, v, reassociation));
  };
  if (type.getRank() == 0)
    return collapse(value, type, {});
  if (source.getRank() == 0)
    return expand(value, type, {});
  if (source.getRank() > type.getRank()) {
    if (auto reassociation = getReassociationIndicesForCollapse(
            source.getShape(), type.getShape()))
      return collapse(value, type, *reassociation);
  } else if (source.getRank() < type.getRank()) {
    if (auto reassociation = getReassociationIndicesForCollapse(
            type.getShape(), source.getShape()))
      return expand(value, type, *reassociation);
  }
  // Neither a pure collapse nor a pure expansion: through a 1-D view.
  auto flatType =
      RankedTensorType::get({source.getNumElements()}, source.getElementType());
  auto all = [](int64_t rank) {
    ReassociationIndices indices;
    for (int64_t d = 0; d < rank; ++d)
      indices.push_back(d);
    return SmallVector<ReassociationIndices>{indices};
  };
  Value flat = source.getRank() == 1
                   ? value
                   : collapse(value, flatType, all(source.getRank()));
  return type.getRank() == 1 ? flat : expand(flat, type, all(type.getRank()));
}

Value OnnxImporter::createBinaryScalar(OpBuilder &b, Location at,
                                       BinaryKind kind, Value lhs, Value rhs) {
  bool isFloat = isa<FloatType>(lhs.getType());
  switch (kind) {
  case BinaryKind::Add:
    return isFloat ? Value(arith::AddFOp::create(b, at, lhs, rhs))
                   : Value(arith::AddIOp::create(b, at, lhs, rhs));
  case BinaryKind::Sub:
    return isFloat ? Value(arith::SubFOp::create(b, at, lhs, rhs))
                   : Value(arith::SubIOp::create(b, at, lhs, rhs));
  case BinaryKind::Mul:
    return isFloat ? Value(arith::MulFOp::create(b, at, lhs, rhs))
                   : Value(arith::MulIOp::create(b, at, lhs, rhs));
  case BinaryKind::Div:
    return isFloat ? Value(arith::DivFOp::create(b, at, lhs, rhs))
                   : Value(arith::DivSIOp::create(b, at, lhs, rhs));
  case BinaryKind::Pow:
    return math::PowFOp::create(b, at, lhs, rhs);
  case BinaryKind::Max:
    return isFloat ? Value(arith::MaximumFOp::create(b, at, lhs, rhs))
                   : Value(arith::MaxSIOp::create(b, at, lhs, rhs));
  case BinaryKind::Min:
    return isFloat ? Value(arith::MinimumFOp::create(b, at, lhs, rhs))
                   : Value(arith::MinSIOp::create(b, at, lhs, rhs));
  }
  llvm_unreachable("unknown binary kind");
}

AffineMap getBroadcastMap(ArrayRef<int64_t> shape, ArrayRef<int64_t> outShape,
                          MLIRContext *context) {
  unsigned offset = outShape.size() - shape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [index, size] : llvm::enumerate(shape)) {
    unsigned loop = index + offset;
    exprs.push_back(size == 1 && outShape[loop] != 1
                        ? getAffineConstantExpr(0, context)
                        : getAffineDimExpr(loop, context));
  }
  return AffineMap::get(outShape.size(), 0, exprs, context);
}

linalg::GenericOp OnnxImporter::createElementwise(
    ValueRange inputs, RankedTensorType outType,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(
        getBroadcastMap(cast<RankedTensorType>(input.getType()).getShape(),
                        outType.getShape(), context));
  maps.push_back(builder.getMultiDimIdentityMap(outType.getRank()));
  SmallVector<utils::IteratorType> iterators(outType.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
      builder, loc, TypeRange{outType}, inputs,
      ValueRange{createEmpty(outType)}, maps, iterators,
      [&](OpBuilder &b, Location at, ValueRange args) {
        linalg::YieldOp::create(b, at, body(b, at, args.drop_back()));
      });
}

linalg::GenericOp OnnxImporter::createReduction(
    Value input, ValueRange reduced, ArrayRef<int64_t> axes, Attribute init,
    function_ref<Value(OpBuilder &, Location, ValueRange, Value)> combine) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> reducedShape;
  SmallVector<AffineExpr> reducedExprs;
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  for (int64_t d = 0; d < rank; ++d) {
    if (llvm::is_contained(axes, d)) {
      iterators[d] = utils::IteratorType::reduction;
      continue;
    }
    reducedShape.push_back(type.getDimSize(d));
    reducedExprs.push_back(builder.getAffineDimExpr(d));
  }
  auto reducedType = RankedTensorType::get(reducedShape, type.getElementType());
  AffineMap reducedMap = AffineMap::get(rank, 0, reducedExprs, context);
  SmallVector<Value> inputs = {input};
  inputs.append(reduced.begin(), reduced.end());
  SmallVector<AffineMap> maps = {builder.getMultiDimIdentityMap(rank)};
  maps.append(reduced.size() + 1, reducedMap);
  return linalg::GenericOp::create(
      builder, loc, TypeRange{reducedType}, inputs,
      ValueRange{createSplat(reducedType, init)}, maps, iterators,
      [&](OpBuilder &b, Location at, ValueRange args) {
        linalg::YieldOp::create(b, at,
                                combine(b, at, args.drop_back(), args.back()));
      });
}

Operation *OnnxImporter::createStridedSlice(Value input,
                                            ArrayRef<int64_t> offsets,
                                            ArrayRef<int64_t> sizes,
                                            ArrayRef<int64_t> strides) {
  auto type = cast<RankedTensorType>(input.getType());
  auto resultType = RankedTensorType::get(sizes, type.getElementType());
  if (llvm::all_of(strides, [](int64_t s) { return s > 0; }))
    return tensor::ExtractSliceOp::create(
        builder, loc, resultType, input,
        getAsIndexOpFoldResult(context, offsets),
        getAsIndexOpFoldResult(context, sizes),
        getAsIndexOpFoldResult(context, strides));
  // tensor.extract_slice has no negative strides: a copy whose input map
  // runs backwards (offset + stride * i) where the stride is negative.
  SmallVector<AffineExpr> exprs;
  for (auto [d, offset, stride] : llvm::enumerate(offsets, strides))
    exprs.push_back(builder.getAffineConstantExpr(offset) +
                    builder.getAffineDimExpr(d) * stride);
  int64_t rank = type.getRank();
  SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, exprs, context),
                                 builder.getMultiDimIdentityMap(rank)};
  return linalg::GenericOp::create(
      builder, loc, TypeRange{resultType}, ValueRange{input},
      ValueRange{createEmpty(resultType)}, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &b, Location at, ValueRange args) {
        linalg::YieldOp::create(b, at, args[0]);
      });
}

void OnnxImporter::annotate(Operation *op, const OpRole &role) {
  std::string name = layerName;
  if (!role.part.empty())
    name += ":" + role.part.str();
  op->setAttr(ZigZagDialect::kLayerNameAttrName, builder.getStringAttr(name));
  if (role.part.empty()) {
    op->setAttr(ZigZagDialect::kOperatorTypeAttrName,
                builder.getStringAttr(node->opType));
    op->setAttr(ZigZagDialect::kLayerIdAttrName,
                builder.getI64IntegerAttr(nodeIndex));
  }
  if (!role.loopNames.empty())
    op->setAttr(
        ZigZagDialect::kLoopNamesAttrName,
        builder.getStrArrayAttr(llvm::to_vector_of<StringRef>(role.loopNames)));
  if (!role.operands.empty())
    op->setAttr(
        ZigZagDialect::kOperandsAttrName,
        builder.getStrArrayAttr(llvm::to_vector_of<StringRef>(role.operands)));
  int64_t i2 = role.secondInputIsWeight ? bits.weight : bits.act;
  int64_t psum = bits.act;
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
    if (linalgOp.getNumReductionLoops() > 0)
      psum = bits.output;
  op->setAttr(ZigZagDialect::kPrecisionAttrName,
              PrecisionAttr::get(context, bits.act, i2, psum, bits.act));
  if (role.isLayer) {
    // ZigZag's equations list the output first, then (conv) W, I or
    // (gemm) I, W.
    StringRef first = node->opType == "Conv" ? "I2" : "I1";
    StringRef second = node->opType == "Conv" ? "I1" : "I2";
    op->setAttr(ZigZagDialect::kOperandOrderAttrName,
                builder.getStrArrayAttr({"O", first, second}));
  } else {
    op->setAttr(ZigZagDialect::kZeroCostAttrName, builder.getUnitAttr());
  }
}

LogicalResult OnnxImporter::checkOutputType(RankedTensorType outType,
                                            ArrayRef<int64_t> shape,
                                            Type elementType) {
  auto expected = RankedTensorType::get(shape, elementType);
  if (outType == expected)
    return success();
  return nodeError() << "the output is declared as " << outType
                     << " but the operator gives " << expected;
}

LogicalResult OnnxImporter::checkBroadcastOutput(ValueRange inputs,
                                                 RankedTensorType outType) {
  SmallVector<int64_t> shape;
  for (Value input : inputs) {
    auto type = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(shape, type.getShape(), next))
      return nodeError() << "the inputs do not broadcast: "
                         << RankedTensorType::get(shape,
                                                  outType.getElementType())
                         << " and " << type;
    shape = std::move(next);
  }
  return checkOutputType(outType, shape, outType.getElementType());
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

/// Indices of the inputs of `node` that are runtime data; the others are
/// read at import time (shapes, bounds) or ignored.
static SmallVector<unsigned> getDataInputs(const OnnxNode &node) {
  SmallVector<unsigned> result;
  StringRef op = node.opType;
  bool firstOnly =
      node.domain.empty() &&
      (llvm::is_contained({"Reshape", "Squeeze", "Unsqueeze", "Clip", "Dropout",
                           "Pad", "Flatten", "Slice", "Split", "Gather"},
                          op) ||
       llvm::is_contained(kReduceOps, op));
  bool none =
      node.domain.empty() && llvm::is_contained({"Shape", "Constant"}, op);
  for (unsigned i = 0; i < node.inputs.size(); ++i)
    if (!node.inputs[i].empty() && !none && (!firstOnly || i == 0))
      result.push_back(i);
  return result;
}

OnnxImporter::Handler OnnxImporter::findHandler(const OnnxNode &node) {
  if (!node.domain.empty())
    return nullptr;
  static const llvm::StringMap<Handler> table = [] {
    llvm::StringMap<Handler> t;
    auto add = [&](StringRef name, Handler handler) {
      bool inserted = t.try_emplace(name, handler).second;
      assert(inserted && "operator listed twice");
      (void)inserted;
    };
    add("Conv", [](OnnxImporter &i) { return i.importConv(); });
    add("ConvTranspose",
        [](OnnxImporter &i) { return i.importConvTranspose(); });
    add("Gemm", [](OnnxImporter &i) { return i.importGemm(); });
    add("MatMul", [](OnnxImporter &i) { return i.importMatMul(); });
    add("Add", [](OnnxImporter &i) { return i.importBinary(BinaryKind::Add); });
    add("Sub", [](OnnxImporter &i) { return i.importBinary(BinaryKind::Sub); });
    add("Mul", [](OnnxImporter &i) { return i.importBinary(BinaryKind::Mul); });
    add("Div", [](OnnxImporter &i) { return i.importBinary(BinaryKind::Div); });
    add("Pow", [](OnnxImporter &i) { return i.importBinary(BinaryKind::Pow); });
    add("Sum",
        [](OnnxImporter &i) { return i.importVariadic(BinaryKind::Add); });
    add("Max",
        [](OnnxImporter &i) { return i.importVariadic(BinaryKind::Max); });
    add("Min",
        [](OnnxImporter &i) { return i.importVariadic(BinaryKind::Min); });
    for (StringRef unary :
         {"Relu", "LeakyRelu",  "Sigmoid",  "HardSigmoid", "HardSwish",
          "Tanh", "Exp",        "Log",      "Sqrt",        "Abs",
          "Neg",  "Reciprocal", "Floor",    "Ceil",        "Erf",
          "Elu",  "Selu",       "Softplus", "Softsign",    "Sin",
          "Cos",  "Round",      "Mish",     "Gelu"})
      add(unary, [](OnnxImporter &i) { return i.importUnary(i.node->opType); });
    add("Clip", [](OnnxImporter &i) { return i.importClip(); });
    add("PRelu", [](OnnxImporter &i) { return i.importPRelu(); });
    add("MaxPool",
        [](OnnxImporter &i) { return i.importPool(/*isMax=*/true); });
    add("AveragePool",
        [](OnnxImporter &i) { return i.importPool(/*isMax=*/false); });
    add("GlobalAveragePool",
        [](OnnxImporter &i) { return i.importGlobalPool(/*isMax=*/false); });
    add("GlobalMaxPool",
        [](OnnxImporter &i) { return i.importGlobalPool(/*isMax=*/true); });
    add("BatchNormalization",
        [](OnnxImporter &i) { return i.importBatchNorm(); });
    add("LRN", [](OnnxImporter &i) { return i.importLRN(); });
    add("Softmax",
        [](OnnxImporter &i) { return i.importSoftmax(/*isLog=*/false); });
    add("LogSoftmax",
        [](OnnxImporter &i) { return i.importSoftmax(/*isLog=*/true); });
    for (StringRef reduce : kReduceOps)
      add(reduce,
          [](OnnxImporter &i) { return i.importReduce(i.node->opType); });
    add("LayerNormalization",
        [](OnnxImporter &i) { return i.importLayerNorm(); });
    for (StringRef reshape : {"Flatten", "Reshape", "Squeeze", "Unsqueeze"})
      add(reshape, [](OnnxImporter &i) { return i.importReshapeLike(); });
    add("Transpose", [](OnnxImporter &i) { return i.importTranspose(); });
    add("Concat", [](OnnxImporter &i) { return i.importConcat(); });
    add("Constant", [](OnnxImporter &i) { return i.importConstant(); });
    add("Shape", [](OnnxImporter &i) { return i.importShape(); });
    add("Pad", [](OnnxImporter &i) { return i.importPad(); });
    add("Slice", [](OnnxImporter &i) { return i.importSlice(); });
    add("Split", [](OnnxImporter &i) { return i.importSplit(); });
    add("Gather", [](OnnxImporter &i) { return i.importGather(); });
    for (StringRef identity : {"Identity", "Dropout"})
      add(identity, [](OnnxImporter &i) { return i.importIdentity(); });
    return t;
  }();
  return table.lookup(node.opType);
}

LogicalResult OnnxImporter::importNode() {
  if (Handler handler = findHandler(*node))
    return handler(*this);
  return importOpaque();
}

OwningOpRef<ModuleOp> OnnxImporter::import(StringRef funcName) {
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  func = func::FuncOp::create(builder, fileLoc, funcName,
                              builder.getFunctionType({}, {}));
  body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);
  loc = fileLoc;

  for (const OnnxTensor &init : graph.initializers)
    initializers[init.name] = &init;
  for (const OnnxNode &n : graph.nodes)
    for (const std::string &output : n.outputs)
      if (!output.empty())
        producers[output] = &n;

  // Graph inputs first, in file order.
  for (const ::zigzag::OnnxValueInfo &input : graph.inputs) {
    Location argLoc = NameLoc::get(builder.getStringAttr(input.name), fileLoc);
    FailureOr<RankedTensorType> type = getStaticType(input.name, argLoc);
    if (failed(type))
      return nullptr;
    values[input.name] = body->addArgument(*type, argLoc);
    argAttrs.push_back(builder.getDictionaryAttr(builder.getNamedAttr(
        "zigzag.onnx_name", builder.getStringAttr(input.name))));
  }

  // Nodes whose outputs reach a graph output through data inputs.
  llvm::StringSet<> live;
  for (const ::zigzag::OnnxValueInfo &output : graph.outputs)
    live.insert(output.name);
  SmallVector<bool> nodeLive(graph.nodes.size(), false);
  for (size_t i = graph.nodes.size(); i-- > 0;) {
    const OnnxNode &n = graph.nodes[i];
    if (llvm::none_of(n.outputs, [&](const std::string &output) {
          return live.contains(output);
        }))
      continue;
    nodeLive[i] = true;
    for (unsigned input : getDataInputs(n))
      live.insert(n.inputs[input]);
  }

  for (auto [index, n] : llvm::enumerate(graph.nodes)) {
    if (!nodeLive[index])
      continue;
    node = &n;
    nodeIndex = index;
    layerName =
        n.name.empty() ? n.opType + "_" + std::to_string(index) : n.name;
    loc = NameLoc::get(builder.getStringAttr(layerName), fileLoc);
    if (!findHandler(n) && !options.allowUnsupported) {
      nodeError() << "unsupported operator "
                  << (n.domain.empty() ? "" : n.domain + ".") << n.opType
                  << " (--onnx-allow-unsupported imports it as an opaque op "
                     "that the cost passes skip)";
      return nullptr;
    }
    FailureOr<NodeBits> nodeBits = getNodeBits();
    if (failed(nodeBits))
      return nullptr;
    bits = *nodeBits;
    if (failed(importNode()))
      return nullptr;
  }

  loc = fileLoc;
  SmallVector<Value> results;
  for (const ::zigzag::OnnxValueInfo &output : graph.outputs) {
    FailureOr<Value> value = getValue(output.name);
    if (failed(value))
      return nullptr;
    results.push_back(*value);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(builder.getFunctionType(body->getArgumentTypes(),
                                               ValueRange(results).getTypes()));
  func.setAllArgAttrs(argAttrs);
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

/// A function name from the file name: "resnet18.onnx" -> "resnet18".
static std::string getFuncName(StringRef bufferName) {
  std::string name = llvm::sys::path::stem(bufferName).str();
  for (char &c : name)
    if (!llvm::isAlnum(c) && c != '_')
      c = '_';
  if (name.empty() || name == "_stdin_" || llvm::isDigit(name.front()))
    name = "onnx" + (name == "_stdin_" ? std::string() : "_" + name);
  return name;
}

} // namespace mlir::zigzag::onnx

OwningOpRef<ModuleOp>
mlir::zigzag::importOnnxModel(llvm::SourceMgr &sourceMgr, MLIRContext *context,
                              const OnnxImportOptions &options) {
  context->loadDialect<arith::ArithDialect, func::FuncDialect,
                       linalg::LinalgDialect, math::MathDialect,
                       tensor::TensorDialect, ZigZagDialect>();
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  StringRef bufferName = buffer->getBufferIdentifier();
  Location fileLoc = FileLineColLoc::get(context, bufferName, 0, 0);

  ::zigzag::OnnxLoadOptions loadOptions;
  loadOptions.dimValues = options.dimValues;
  OnnxGraph graph;
  if (std::optional<::zigzag::OnnxError> error = ::zigzag::readOnnxModel(
          buffer->getBufferStart(), buffer->getBufferSize(), loadOptions,
          graph)) {
    emitError(fileLoc) << "cannot import the ONNX model: " << error->message;
    return nullptr;
  }
  OnnxImporter importer(graph, context, fileLoc, options);
  return importer.import(getFuncName(bufferName));
}

void mlir::zigzag::registerImportOnnxTranslation() {
  // Options live with the registration: only zigzag-translate creates them.
  static llvm::cl::opt<bool> allowUnsupported(
      "onnx-allow-unsupported",
      llvm::cl::desc("--import-onnx: import unsupported operators as opaque "
                     "ops the cost passes skip, instead of failing"),
      llvm::cl::init(false));
  static llvm::cl::opt<unsigned> actSize(
      "onnx-act-size",
      llvm::cl::desc("--import-onnx: activation bits (I, O_final; ZigZag's "
                     "default 8); node attribute act_size overrides it"));
  static llvm::cl::opt<unsigned> weightSize(
      "onnx-weight-size",
      llvm::cl::desc("--import-onnx: weight bits (W; default 8); node "
                     "attribute weight_size overrides it"));
  static llvm::cl::opt<unsigned> outputSize(
      "onnx-output-size",
      llvm::cl::desc("--import-onnx: partial-sum bits (O; default twice the "
                     "activation bits); node attribute output_size "
                     "overrides it"));
  static llvm::cl::list<std::string> dims(
      "onnx-dim",
      llvm::cl::desc("--import-onnx: size of a symbolic graph-input dim, "
                     "name=size (repeatable, comma-separated)"),
      llvm::cl::CommaSeparated);

  static TranslateToMLIRRegistration registration(
      "import-onnx",
      "ONNX model to a func.func of linalg ops on tensors (docs/Onnx.md)",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        OnnxImportOptions options;
        options.allowUnsupported = allowUnsupported;
        auto bitsOption = [&](llvm::cl::opt<unsigned> &opt,
                              std::optional<int64_t> &out) {
          if (opt.getNumOccurrences() == 0)
            return true;
          if (opt == 0 || opt > ::zigzag::kMaxPrecisionBits) {
            emitError(UnknownLoc::get(context))
                << "--" << opt.ArgStr << " must be between 1 and "
                << ::zigzag::kMaxPrecisionBits;
            return false;
          }
          out = opt;
          return true;
        };
        if (!bitsOption(actSize, options.actBits) ||
            !bitsOption(weightSize, options.weightBits) ||
            !bitsOption(outputSize, options.outputBits))
          return nullptr;
        for (const std::string &entry : dims) {
          auto [name, size] = StringRef(entry).split('=');
          int64_t value;
          if (name.empty() || size.getAsInteger(10, value) || value < 0) {
            emitError(UnknownLoc::get(context))
                << "--onnx-dim expects name=size, got '" << entry << "'";
            return nullptr;
          }
          options.dimValues.emplace_back(name.str(), value);
        }
        return importOnnxModel(sourceMgr, context, options);
      },
      [](DialectRegistry &registry) {
        registry.insert<arith::ArithDialect, func::FuncDialect,
                        linalg::LinalgDialect, math::MathDialect,
                        tensor::TensorDialect, ZigZagDialect>();
      });
}
