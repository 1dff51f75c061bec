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
// docs/Onnx.md lists the operators and attributes.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/OnnxToLinalg.h"
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
#include "llvm/Support/InterleavedRange.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <deque>

using namespace mlir;
using namespace mlir::zigzag;
using ::zigzag::OnnxAttribute;
using ::zigzag::OnnxDataType;
using ::zigzag::OnnxGraph;
using ::zigzag::OnnxNode;
using ::zigzag::OnnxTensor;
using ::zigzag::OnnxTensorType;

namespace {

/// ZigZag's loop names of the named ops, in each op's loop order.
constexpr StringLiteral kConvLoops[] = {"B", "K", "OY", "OX", "C", "FY", "FX"};
constexpr StringLiteral kDepthwiseLoops[] = {"B", "OY", "OX", "G", "FY", "FX"};
constexpr StringLiteral kGroupedConvLoops[] = {"B",  "G", "K",  "OY",
                                               "OX", "C", "FY", "FX"};
constexpr StringLiteral kMatmulLoops[] = {"D", "K", "C"};
constexpr StringLiteral kPoolingLoops[] = {"B", "G", "OY", "OX", "FY", "FX"};
/// Elementwise ops on NCHW activations (ZigZag's Add layers use these).
constexpr StringLiteral kActivationLoops[] = {"B", "G", "OY", "OX"};
/// The reductions importReduce lowers.
constexpr StringLiteral kReduceOps[] = {
    "ReduceMean", "ReduceSum", "ReduceMax",       "ReduceMin",
    "ReduceProd", "ReduceL1",  "ReduceSumSquare", "ReduceL2"};

/// Scalar operations of the elementwise ops.
enum class BinaryKind { Add, Sub, Mul, Div, Pow, Max, Min };

/// How the ZigZag attributes of an op created for a node are set.
struct OpRole {
  /// Part of the node this op computes ("bias", "scale", ...); empty for
  /// the op that carries the node's result (or its main computation).
  StringRef part;
  /// A ZigZag layer (Conv/Gemm/MatMul contraction): not zero-cost, with
  /// ZigZag's operand order.
  bool isLayer = false;
  /// The second input holds weights (constant), not activations.
  bool secondInputIsWeight = false;
  /// zigzag.loop_names; empty: none.
  ArrayRef<StringLiteral> loopNames;
  /// zigzag.operands; empty: the defaults.
  ArrayRef<StringLiteral> operands;
};

/// Bits of a node's operands (ZigZag: act_size, weight_size, output_size).
struct NodeBits {
  int64_t act = 8, weight = 8, output = 16;
};

class OnnxImporter {
public:
  OnnxImporter(const OnnxGraph &graph, MLIRContext *context, Location fileLoc,
               const OnnxImportOptions &options)
      : graph(graph), context(context), builder(context), fileLoc(fileLoc),
        options(options), loc(fileLoc) {}

  OwningOpRef<ModuleOp> import(StringRef funcName);

private:
  //===--- Diagnostics ----------------------------------------------------===//
  InFlightDiagnostic nodeError() {
    return emitError(loc) << "node '" << layerName << "' (" << node->opType
                          << "): ";
  }

  //===--- Types, values, constants ---------------------------------------===//
  FailureOr<Type> getElementType(OnnxDataType type, Location at,
                                 StringRef valueName);
  FailureOr<RankedTensorType> getStaticType(const std::string &valueName,
                                            Location at);
  FailureOr<Value> getValue(const std::string &valueName);
  FailureOr<Value> getInput(unsigned index);
  bool hasInput(unsigned index) const {
    return index < node->inputs.size() && !node->inputs[index].empty();
  }
  FailureOr<RankedTensorType> getOutputType(unsigned index) {
    return getStaticType(node->outputs[index], loc);
  }
  LogicalResult setOutput(unsigned index, Value value);
  const OnnxTensor *getConstantTensor(const std::string &valueName);
  bool isProducedByNode(const std::string &valueName) const {
    return producers.count(valueName);
  }
  /// Whether a node or the graph output reads `valueName`.
  bool isUsed(const std::string &valueName) const {
    if (valueName.empty())
      return false;
    return llvm::any_of(graph.nodes,
                        [&](const OnnxNode &other) {
                          return llvm::is_contained(other.inputs, valueName);
                        }) ||
           llvm::any_of(graph.outputs, [&](const auto &output) {
             return output.name == valueName;
           });
  }

  //===--- Attributes -----------------------------------------------------===//
  FailureOr<int64_t> getIntAttr(StringRef name, int64_t defaultValue);
  FailureOr<double> getFloatAttr(StringRef name, double defaultValue);
  FailureOr<SmallVector<int64_t>> getIntsAttr(StringRef name,
                                              ArrayRef<int64_t> defaultValue);
  FailureOr<std::string> getStringAttr(StringRef name, StringRef defaultValue);
  FailureOr<NodeBits> getNodeBits();
  /// The integers of input #index, which must be a constant with data
  /// (Pad's pads, Slice's starts, ...); `what` names it in errors.
  FailureOr<std::vector<int64_t>> getConstantInts(unsigned index,
                                                  StringRef what);
  /// `axes` with negative entries counted from the back, checked against
  /// `rank`; repeated axes are an error.
  FailureOr<SmallVector<int64_t>> normalizeAxes(ArrayRef<int64_t> axes,
                                                int64_t rank);

  //===--- Builders -------------------------------------------------------===//
  Value createScalar(OpBuilder &b, Location at, Type type, double value);
  Value createSplat(RankedTensorType type, Attribute value);
  Value createZeros(RankedTensorType type);
  Value createEmpty(RankedTensorType type) {
    return tensor::EmptyOp::create(builder, loc, type.getShape(),
                                   type.getElementType());
  }
  Attribute getLowest(Type type);
  Value createPad(Value value, ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                  Attribute padValue);
  Value createReshape(Value value, RankedTensorType type);
  Value createBinaryScalar(OpBuilder &b, Location at, BinaryKind kind,
                           Value lhs, Value rhs);
  linalg::GenericOp createElementwise(
      ValueRange inputs, RankedTensorType outType,
      function_ref<Value(OpBuilder &, Location, ValueRange)> body);
  /// A linalg.generic reducing `input` over `axes` (sorted, distinct) into
  /// a tensor without those dims, initialized with `init`. `reduced` are
  /// further inputs of the reduced shape (read once per reduced element);
  /// `combine` gets the input elements (`input`'s first) and the
  /// accumulator and returns the new accumulator.
  linalg::GenericOp createReduction(
      Value input, ValueRange reduced, ArrayRef<int64_t> axes, Attribute init,
      function_ref<Value(OpBuilder &, Location, ValueRange, Value)> combine);
  /// The elements of `input` at offsets + i * strides, i < sizes, per dim:
  /// tensor.extract_slice when every stride is positive, else a
  /// linalg.generic reading backwards. Not annotated.
  Operation *createStridedSlice(Value input, ArrayRef<int64_t> offsets,
                                ArrayRef<int64_t> sizes,
                                ArrayRef<int64_t> strides);
  void annotate(Operation *op, const OpRole &role);

  //===--- Operators ------------------------------------------------------===//
  LogicalResult importNode();
  LogicalResult importConv();
  LogicalResult importConvTranspose();
  LogicalResult importGemm();
  LogicalResult importMatMul();
  LogicalResult importBinary(BinaryKind kind);
  LogicalResult importVariadic(BinaryKind kind);
  LogicalResult importUnary(StringRef opType);
  LogicalResult importClip();
  LogicalResult importPRelu();
  LogicalResult importPool(bool isMax);
  LogicalResult importGlobalPool(bool isMax);
  LogicalResult importBatchNorm();
  LogicalResult importLRN();
  LogicalResult importSoftmax(bool isLog);
  LogicalResult importReduce(StringRef opType);
  LogicalResult importLayerNorm();
  LogicalResult importReshapeLike();
  LogicalResult importTranspose();
  LogicalResult importConcat();
  LogicalResult importConstant();
  LogicalResult importShape();
  LogicalResult importPad();
  LogicalResult importSlice();
  LogicalResult importSplit();
  LogicalResult importGather();
  LogicalResult importIdentity();
  LogicalResult importOpaque();

  /// The spatial parameters of a Conv/Pool node on `rank` spatial dims.
  struct WindowParams {
    SmallVector<int64_t> kernel, strides, dilations, padLow, padHigh;
  };
  FailureOr<WindowParams> getWindowParams(ArrayRef<int64_t> inputSpatial,
                                          ArrayRef<int64_t> kernel);
  /// The output extents of the windows of `params` over `inputSpatial`;
  /// adds high padding so that the last window is complete (ceil mode).
  FailureOr<SmallVector<int64_t>>
  getWindowOutput(WindowParams &params, ArrayRef<int64_t> inputSpatial,
                  bool ceilMode);
  /// Checks the declared output type against the type the operator
  /// computes from its inputs and attributes, before any IR reads it.
  LogicalResult checkOutputType(RankedTensorType outType,
                                ArrayRef<int64_t> shape, Type elementType);
  /// Checks that `inputs` broadcast (numpy rules) to exactly `outType`'s
  /// shape, as createElementwise expects.
  LogicalResult checkBroadcastOutput(ValueRange inputs,
                                     RankedTensorType outType);

  const OnnxGraph &graph;
  MLIRContext *context;
  OpBuilder builder;
  Location fileLoc;
  const OnnxImportOptions &options;

  func::FuncOp func;
  Block *body = nullptr;
  SmallVector<DictionaryAttr> argAttrs;
  llvm::StringMap<Value> values;
  llvm::StringMap<const OnnxNode *> producers;
  llvm::StringMap<const OnnxTensor *> initializers;
  /// Tensors of Constant nodes given as value_float(s)/value_int(s).
  std::deque<OnnxTensor> syntheticTensors;
  llvm::StringMap<const OnnxTensor *> constantTensors;

  // The node being imported.
  const OnnxNode *node = nullptr;
  unsigned nodeIndex = 0;
  std::string layerName;
  Location loc;
  NodeBits bits;
};

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

/// The data of `tensor` as an attribute of `type` (the declared type of the
/// value, which value_info may give differently from the tensor's dims).
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

/// The map reading an operand of `shape` broadcast (numpy rules: aligned
/// right, size-1 dims repeat) over loops of `outShape`.
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

//===----------------------------------------------------------------------===//
// Conv, ConvTranspose, pooling windows
//===----------------------------------------------------------------------===//

/// a * b + c, or nullopt if it overflows int64 (attributes and extents come
/// from the file and may be anything).
std::optional<int64_t> mulAdd(int64_t a, int64_t b, int64_t c) {
  std::optional<int64_t> product = llvm::checkedMul(a, b);
  return product ? llvm::checkedAdd(*product, c) : std::nullopt;
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
    FailureOr<Value> bias = getInput(2);
    if (failed(bias))
      return failure();
    auto biasType = cast<RankedTensorType>(bias->getType());
    if (biasType.getRank() != 1 || biasType.getDimSize(0) != filters)
      return nodeError() << "the bias must have one value per filter, got "
                         << biasType;
    // The bias indexes the channel dim (1) of the output.
    SmallVector<int64_t> biasShape(outType->getRank(), 1);
    biasShape[1] = filters;
    Value biasND =
        createReshape(*bias, RankedTensorType::get(biasShape, elementType));
    linalg::GenericOp add = createElementwise(
        {result, biasND}, *outType,
        [&](OpBuilder &b, Location at, ValueRange args) {
          return createBinaryScalar(b, at, BinaryKind::Add, args[0], args[1]);
        });
    annotate(add, {"bias", false, true,
                   rank == 4 ? ArrayRef<StringLiteral>(kActivationLoops)
                             : ArrayRef<StringLiteral>()});
    result = add.getResult(0);
  }
  return setOutput(0, result);
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
    FailureOr<Value> bias = getInput(2);
    if (failed(bias))
      return failure();
    if (bias->getType() != RankedTensorType::get({filters}, elementType))
      return nodeError() << "the bias must have one value per filter, got "
                         << bias->getType();
    Value biasND = createReshape(
        *bias, RankedTensorType::get({1, filters, 1, 1}, elementType));
    linalg::GenericOp add = createElementwise(
        {result, biasND}, *outType,
        [&](OpBuilder &b, Location at, ValueRange args) {
          return createBinaryScalar(b, at, BinaryKind::Add, args[0], args[1]);
        });
    annotate(add, {"bias", false, true, kActivationLoops});
    result = add.getResult(0);
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

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// Loop names for an elementwise op on `type`: ZigZag's for NCHW tensors.
ArrayRef<StringLiteral> getElementwiseLoops(RankedTensorType type) {
  return type.getRank() == 4 ? ArrayRef<StringLiteral>(kActivationLoops)
                             : ArrayRef<StringLiteral>();
}

LogicalResult OnnxImporter::importBinary(BinaryKind kind) {
  FailureOr<Value> lhs = getInput(0), rhs = getInput(1);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(lhs) || failed(rhs) || failed(outType))
    return failure();
  Type elementType = outType->getElementType();
  if (getElementTypeOrSelf(lhs->getType()) != elementType ||
      getElementTypeOrSelf(rhs->getType()) != elementType)
    return nodeError() << "operands of different element types are not "
                          "supported";
  if (kind == BinaryKind::Pow && !isa<FloatType>(elementType))
    return nodeError() << "only floating-point Pow is supported";
  if (failed(checkBroadcastOutput({*lhs, *rhs}, *outType)))
    return failure();
  bool secondIsWeight = !isProducedByNode(node->inputs[1]) &&
                        !llvm::any_of(graph.inputs, [&](const auto &input) {
                          return input.name == node->inputs[1];
                        });
  Operation *op = nullptr;
  if (lhs->getType() == *outType && rhs->getType() == *outType) {
    SmallVector<Value, 2> inputs = {*lhs, *rhs};
    SmallVector<Value, 1> inits = {createEmpty(*outType)};
    SmallVector<Type, 1> results = {*outType};
    switch (kind) {
    case BinaryKind::Add:
      op = linalg::AddOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Sub:
      op = linalg::SubOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Mul:
      op = linalg::MulOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Div:
      op = linalg::DivOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Pow:
      op = linalg::PowFOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Max:
      op = linalg::MaxOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Min:
      op = linalg::MinOp::create(builder, loc, results, inputs, inits);
      break;
    }
  } else {
    op = createElementwise({*lhs, *rhs}, *outType,
                           [&](OpBuilder &b, Location at, ValueRange args) {
                             return createBinaryScalar(b, at, kind, args[0],
                                                       args[1]);
                           });
  }
  annotate(op, {"", false, secondIsWeight, getElementwiseLoops(*outType)});
  return setOutput(0, op->getResult(0));
}

LogicalResult OnnxImporter::importVariadic(BinaryKind kind) {
  if (node->inputs.size() == 2)
    return importBinary(kind);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(outType))
    return failure();
  if (node->inputs.empty())
    return nodeError() << "needs at least one input";
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < node->inputs.size(); ++i) {
    FailureOr<Value> input = getInput(i);
    if (failed(input))
      return failure();
    if (getElementTypeOrSelf(input->getType()) != outType->getElementType())
      return nodeError() << "operands of different element types are not "
                            "supported";
    inputs.push_back(*input);
  }
  if (failed(checkBroadcastOutput(inputs, *outType)))
    return failure();
  Value acc = inputs.front();
  if (inputs.size() == 1)
    return setOutput(0, acc);
  // Sum/Max/Min of n inputs: a chain of n - 1 binary ops.
  for (unsigned i = 1; i < inputs.size(); ++i) {
    linalg::GenericOp op = createElementwise(
        {acc, inputs[i]}, *outType,
        [&](OpBuilder &b, Location at, ValueRange args) {
          return createBinaryScalar(b, at, kind, args[0], args[1]);
        });
    std::string part = i + 1 == inputs.size() ? "" : std::to_string(i);
    annotate(op, {part, false, false, getElementwiseLoops(*outType)});
    acc = op.getResult(0);
  }
  return setOutput(0, acc);
}

LogicalResult OnnxImporter::importUnary(StringRef opType) {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  Type elementType = outType->getElementType();
  bool isFloat = isa<FloatType>(elementType);
  if (x->getType() != *outType)
    return nodeError() << "input " << x->getType() << " and output " << *outType
                       << " differ";
  // Named linalg ops where they exist (floating point).
  if (isFloat) {
    Operation *named = nullptr;
    auto create = [&](auto tag) {
      named = decltype(tag)::create(builder, loc, TypeRange{*outType},
                                    ValueRange{*x},
                                    ValueRange{createEmpty(*outType)});
    };
    if (opType == "Exp")
      create(linalg::ExpOp());
    else if (opType == "Log")
      create(linalg::LogOp());
    else if (opType == "Abs")
      create(linalg::AbsOp());
    else if (opType == "Ceil")
      create(linalg::CeilOp());
    else if (opType == "Floor")
      create(linalg::FloorOp());
    else if (opType == "Neg")
      create(linalg::NegFOp());
    else if (opType == "Reciprocal")
      create(linalg::ReciprocalOp());
    else if (opType == "Sqrt")
      create(linalg::SqrtOp());
    else if (opType == "Tanh")
      create(linalg::TanhOp());
    else if (opType == "Erf")
      create(linalg::ErfOp());
    if (named) {
      annotate(named, {"", false, false, getElementwiseLoops(*outType)});
      return setOutput(0, named->getResult(0));
    }
  }

  FailureOr<double> alpha =
      getFloatAttr("alpha", opType == "LeakyRelu"     ? 0.01
                            : opType == "HardSigmoid" ? 0.2
                            : opType == "Selu" ? 1.67326319217681884765625
                                               : 1.0);
  FailureOr<double> beta = getFloatAttr("beta", 0.5);
  FailureOr<double> gamma = getFloatAttr("gamma", 1.05070102214813232421875);
  if (failed(alpha) || failed(beta) || failed(gamma))
    return failure();
  // Gelu (opset 20): the exact form or the tanh approximation.
  std::string approximate = "none";
  if (opType == "Gelu") {
    FailureOr<std::string> attr = getStringAttr("approximate", "none");
    if (failed(attr))
      return failure();
    if (*attr != "none" && *attr != "tanh")
      return nodeError() << "approximate must be \"none\" or \"tanh\", got \""
                         << *attr << "\"";
    approximate = *attr;
  }
  bool floatOnly = opType != "Relu" && opType != "Neg" && opType != "Abs";
  if (floatOnly && !isFloat)
    return nodeError() << "only floating-point " << opType << " is supported";
  auto body = [&](OpBuilder &b, Location at, ValueRange args) -> Value {
    Value v = args[0];
    auto cst = [&](double value) {
      return createScalar(b, at, elementType, value);
    };
    auto mul = [&](Value l, Value r) {
      return createBinaryScalar(b, at, BinaryKind::Mul, l, r);
    };
    auto add = [&](Value l, Value r) {
      return createBinaryScalar(b, at, BinaryKind::Add, l, r);
    };
    auto clamp01 = [&](Value value) {
      return createBinaryScalar(
          b, at, BinaryKind::Min,
          createBinaryScalar(b, at, BinaryKind::Max, value, cst(0)), cst(1));
    };
    auto positive = [&]() -> Value {
      return arith::CmpFOp::create(b, at, arith::CmpFPredicate::OGT, v, cst(0));
    };
    auto expm1Scaled = [&](double scale) {
      Value e = math::ExpOp::create(b, at, v);
      return mul(cst(scale),
                 createBinaryScalar(b, at, BinaryKind::Sub, e, cst(1)));
    };
    if (opType == "Relu")
      return createBinaryScalar(b, at, BinaryKind::Max, v, cst(0));
    if (opType == "Neg")
      return createBinaryScalar(b, at, BinaryKind::Sub, cst(0), v);
    if (opType == "Abs")
      return math::AbsIOp::create(b, at, v);
    if (opType == "LeakyRelu")
      return arith::SelectOp::create(b, at, positive(), v, mul(cst(*alpha), v));
    if (opType == "Sigmoid") {
      Value e = math::ExpOp::create(
          b, at, createBinaryScalar(b, at, BinaryKind::Sub, cst(0), v));
      return createBinaryScalar(b, at, BinaryKind::Div, cst(1), add(cst(1), e));
    }
    if (opType == "HardSigmoid")
      return clamp01(add(mul(cst(*alpha), v), cst(*beta)));
    if (opType == "HardSwish")
      return mul(v, clamp01(add(mul(cst(1.0 / 6), v), cst(0.5))));
    if (opType == "Elu")
      return arith::SelectOp::create(b, at, positive(), v, expm1Scaled(*alpha));
    if (opType == "Selu")
      return mul(cst(*gamma), arith::SelectOp::create(b, at, positive(), v,
                                                      expm1Scaled(*alpha)));
    if (opType == "Softplus")
      return math::Log1pOp::create(b, at, math::ExpOp::create(b, at, v));
    if (opType == "Softsign")
      return createBinaryScalar(b, at, BinaryKind::Div, v,
                                add(cst(1), math::AbsFOp::create(b, at, v)));
    if (opType == "Sin")
      return math::SinOp::create(b, at, v);
    if (opType == "Cos")
      return math::CosOp::create(b, at, v);
    if (opType == "Round")
      return math::RoundEvenOp::create(b, at, v);
    if (opType == "Gelu") {
      // x/2 * (1 + erf(x / sqrt 2)), or with tanh(sqrt(2/pi) (x + 0.044715
      // x^3)) in place of the erf.
      Value inner;
      if (approximate == "tanh") {
        Value cube = mul(v, mul(v, v));
        inner = math::TanhOp::create(
            b, at,
            mul(cst(std::sqrt(2.0 / M_PI)), add(v, mul(cst(0.044715), cube))));
      } else {
        inner = math::ErfOp::create(b, at, mul(v, cst(M_SQRT1_2)));
      }
      return mul(mul(cst(0.5), v), add(cst(1), inner));
    }
    assert(opType == "Mish" && "unhandled unary op");
    // x * tanh(softplus(x))
    Value softplus =
        math::Log1pOp::create(b, at, math::ExpOp::create(b, at, v));
    return mul(v, math::TanhOp::create(b, at, softplus));
  };
  linalg::GenericOp op = createElementwise({*x}, *outType, body);
  annotate(op, {"", false, false, getElementwiseLoops(*outType)});
  return setOutput(0, op.getResult(0));
}

LogicalResult OnnxImporter::importClip() {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  Type elementType = outType->getElementType();
  if (!isa<FloatType>(elementType))
    return nodeError() << "only floating-point Clip is supported";
  if (x->getType() != *outType)
    return nodeError() << "input " << x->getType() << " and output " << *outType
                       << " differ";
  // Opset >= 11: bounds are (optional) inputs; before: attributes.
  std::optional<double> bounds[2];
  for (unsigned i = 0; i < 2; ++i) {
    if (hasInput(i + 1)) {
      const OnnxTensor *tensor = getConstantTensor(node->inputs[i + 1]);
      std::optional<std::vector<double>> data;
      if (tensor)
        data = tensor->getFloatValues();
      if (!data || data->size() != 1)
        return nodeError() << "the " << (i ? "max" : "min") << " bound '"
                           << node->inputs[i + 1]
                           << "' must be a scalar constant with data";
      bounds[i] = data->front();
    } else if (const OnnxAttribute *attr =
                   node->findAttribute(i ? "max" : "min")) {
      FailureOr<double> value = getFloatAttr(attr->name, 0);
      if (failed(value))
        return failure();
      bounds[i] = *value;
    }
  }
  linalg::GenericOp op = createElementwise(
      {*x}, *outType, [&](OpBuilder &b, Location at, ValueRange args) {
        Value v = args[0];
        if (bounds[0])
          v = createBinaryScalar(b, at, BinaryKind::Max, v,
                                 createScalar(b, at, elementType, *bounds[0]));
        if (bounds[1])
          v = createBinaryScalar(b, at, BinaryKind::Min, v,
                                 createScalar(b, at, elementType, *bounds[1]));
        return v;
      });
  annotate(op, {"", false, false, getElementwiseLoops(*outType)});
  return setOutput(0, op.getResult(0));
}

LogicalResult OnnxImporter::importPRelu() {
  FailureOr<Value> x = getInput(0), slope = getInput(1);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(slope) || failed(outType))
    return failure();
  Type elementType = outType->getElementType();
  if (!isa<FloatType>(elementType))
    return nodeError() << "only floating-point PRelu is supported";
  if (x->getType() != *outType ||
      getElementTypeOrSelf(slope->getType()) != elementType)
    return nodeError() << "the input " << x->getType() << ", the slope "
                       << slope->getType() << " and the output " << *outType
                       << " must have one element type and the input the "
                          "output's shape";
  if (failed(checkBroadcastOutput({*x, *slope}, *outType)))
    return failure();
  linalg::GenericOp op = createElementwise(
      {*x, *slope}, *outType, [&](OpBuilder &b, Location at, ValueRange args) {
        Value positive =
            arith::CmpFOp::create(b, at, arith::CmpFPredicate::OGT, args[0],
                                  createScalar(b, at, elementType, 0));
        Value scaled =
            createBinaryScalar(b, at, BinaryKind::Mul, args[0], args[1]);
        return Value(arith::SelectOp::create(b, at, positive, args[0], scaled));
      });
  annotate(op, {"", false, true, getElementwiseLoops(*outType)});
  return setOutput(0, op.getResult(0));
}

//===----------------------------------------------------------------------===//
// Pooling, normalization, softmax
//===----------------------------------------------------------------------===//

LogicalResult OnnxImporter::importPool(bool isMax) {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  Type elementType = xType.getElementType();
  if (xType.getRank() != 4 || !isa<FloatType>(elementType))
    return nodeError() << "only 2-D floating-point pooling (NCHW) is "
                          "supported";
  if (node->outputs.size() > 1 && isUsed(node->outputs[1]))
    return nodeError() << "the Indices output of MaxPool is not supported";
  FailureOr<SmallVector<int64_t>> kernel = getIntsAttr("kernel_shape", {});
  FailureOr<int64_t> ceilMode = getIntAttr("ceil_mode", 0);
  FailureOr<int64_t> countIncludePad = getIntAttr("count_include_pad", 0);
  if (failed(kernel) || failed(ceilMode) || failed(countIncludePad))
    return failure();
  if (kernel->size() != 2)
    return nodeError() << "kernel_shape must have 2 entries";
  ArrayRef<int64_t> inSpatial = xType.getShape().drop_front(2);
  FailureOr<WindowParams> params = getWindowParams(inSpatial, *kernel);
  if (failed(params))
    return failure();
  SmallVector<int64_t> declaredPadHigh = params->padHigh;
  FailureOr<SmallVector<int64_t>> windows =
      getWindowOutput(*params, inSpatial, *ceilMode != 0);
  if (failed(windows))
    return failure();
  SmallVector<int64_t> expected(xType.getShape().take_front(2));
  expected.append(*windows);
  if (failed(checkOutputType(*outType, expected, elementType)))
    return failure();
  ArrayRef<int64_t> outSpatial = *windows;

  Attribute padValue =
      isMax ? getLowest(elementType) : builder.getZeroAttr(elementType);
  Value input =
      createPad(*x, {0, 0, params->padLow[0], params->padLow[1]},
                {0, 0, params->padHigh[0], params->padHigh[1]}, padValue);
  Value window = createEmpty(RankedTensorType::get(*kernel, elementType));
  auto vec = [&](ArrayRef<int64_t> values) {
    return DenseIntElementsAttr::get(
        RankedTensorType::get({2}, builder.getI64Type()), values);
  };
  SmallVector<NamedAttribute> attrs = {
      builder.getNamedAttr("strides", vec(params->strides)),
      builder.getNamedAttr("dilations", vec(params->dilations))};
  Operation *pool;
  if (isMax)
    pool = linalg::PoolingNchwMaxOp::create(
        builder, loc, TypeRange{*outType}, ValueRange{input, window},
        ValueRange{createSplat(*outType, getLowest(elementType))}, attrs);
  else
    pool = linalg::PoolingNchwSumOp::create(
        builder, loc, TypeRange{*outType}, ValueRange{input, window},
        ValueRange{createZeros(*outType)}, attrs);
  bool needsScale = !isMax;
  annotate(pool, {needsScale ? "sum" : "", false, false, kPoolingLoops});
  Value result = pool->getResult(0);
  if (!needsScale)
    return setOutput(0, result);

  // Average: divide by the number of counted window elements per output.
  SmallVector<SmallVector<int64_t>> counts(2);
  for (unsigned d = 0; d < 2; ++d) {
    int64_t lo = *countIncludePad ? -params->padLow[d] : 0;
    int64_t hi = inSpatial[d] + (*countIncludePad ? declaredPadHigh[d] : 0);
    for (int64_t o = 0; o < outSpatial[d]; ++o) {
      int64_t count = 0;
      for (int64_t k = 0; k < (*kernel)[d]; ++k) {
        int64_t pos = o * params->strides[d] - params->padLow[d] +
                      k * params->dilations[d];
        count += pos >= lo && pos < hi;
      }
      counts[d].push_back(count);
    }
  }
  bool uniform = llvm::all_equal(counts[0]) && llvm::all_equal(counts[1]);
  linalg::GenericOp scale;
  if (uniform) {
    double factor =
        1.0 / (double(counts[0].front()) * double(counts[1].front()));
    scale = createElementwise(
        {result}, *outType, [&](OpBuilder &b, Location at, ValueRange args) {
          return createBinaryScalar(b, at, BinaryKind::Mul, args[0],
                                    createScalar(b, at, elementType, factor));
        });
  } else {
    SmallVector<Attribute> divisors;
    for (int64_t cy : counts[0])
      for (int64_t cx : counts[1])
        divisors.push_back(
            builder.getFloatAttr(elementType, double(cy) * double(cx)));
    auto countType = RankedTensorType::get(outSpatial, elementType);
    Value countTensor = arith::ConstantOp::create(
        builder, loc, DenseElementsAttr::get(countType, divisors));
    scale = createElementwise({result, countTensor}, *outType,
                              [&](OpBuilder &b, Location at, ValueRange args) {
                                return createBinaryScalar(
                                    b, at, BinaryKind::Div, args[0], args[1]);
                              });
  }
  annotate(scale, {"", false, false, kActivationLoops});
  return setOutput(0, scale.getResult(0));
}

LogicalResult OnnxImporter::importGlobalPool(bool isMax) {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  Type elementType = xType.getElementType();
  if (xType.getRank() != 4 || !isa<FloatType>(elementType))
    return nodeError() << "only 2-D floating-point pooling (NCHW) is "
                          "supported";
  if (failed(checkOutputType(*outType,
                             {xType.getDimSize(0), xType.getDimSize(1), 1, 1},
                             elementType)))
    return failure();
  ArrayRef<int64_t> spatial = xType.getShape().drop_front(2);
  Value window = createEmpty(RankedTensorType::get(spatial, elementType));
  auto ones = DenseIntElementsAttr::get(
      RankedTensorType::get({2}, builder.getI64Type()),
      ArrayRef<int64_t>{1, 1});
  SmallVector<NamedAttribute> attrs = {builder.getNamedAttr("strides", ones),
                                       builder.getNamedAttr("dilations", ones)};
  Operation *pool;
  if (isMax)
    pool = linalg::PoolingNchwMaxOp::create(
        builder, loc, TypeRange{*outType}, ValueRange{*x, window},
        ValueRange{createSplat(*outType, getLowest(elementType))}, attrs);
  else
    pool = linalg::PoolingNchwSumOp::create(
        builder, loc, TypeRange{*outType}, ValueRange{*x, window},
        ValueRange{createZeros(*outType)}, attrs);
  annotate(pool, {isMax ? "" : "sum", false, false, kPoolingLoops});
  if (isMax)
    return setOutput(0, pool->getResult(0));
  double factor = 1.0 / double(spatial[0] * spatial[1]);
  linalg::GenericOp scale = createElementwise(
      {pool->getResult(0)}, *outType,
      [&](OpBuilder &b, Location at, ValueRange args) {
        return createBinaryScalar(b, at, BinaryKind::Mul, args[0],
                                  createScalar(b, at, elementType, factor));
      });
  annotate(scale, {"", false, false, kActivationLoops});
  return setOutput(0, scale.getResult(0));
}

LogicalResult OnnxImporter::importBatchNorm() {
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(outType))
    return failure();
  FailureOr<int64_t> training = getIntAttr("training_mode", 0);
  FailureOr<double> epsilon = getFloatAttr("epsilon", 1e-5);
  if (failed(training) || failed(epsilon))
    return failure();
  if (*training)
    return nodeError() << "training mode is not supported (inference only)";
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < 5; ++i) {
    FailureOr<Value> input = getInput(i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  Type elementType = outType->getElementType();
  if (!isa<FloatType>(elementType) || outType->getRank() < 2 ||
      inputs[0].getType() != *outType)
    return nodeError() << "needs a floating-point input of rank >= 2 and an "
                          "output of the same type";
  int64_t channels = outType->getDimSize(1);
  for (unsigned i = 1; i < 5; ++i) {
    auto type = cast<RankedTensorType>(inputs[i].getType());
    if (type != RankedTensorType::get({channels}, elementType))
      return nodeError() << "input #" << i << " must have one value per "
                         << "channel (" << channels << "), got " << type;
  }
  // Parameters index the channel dim (loop 1).
  unsigned rank = outType->getRank();
  SmallVector<AffineMap> maps = {builder.getMultiDimIdentityMap(rank)};
  for (unsigned i = 1; i < 5; ++i)
    maps.push_back(AffineMap::get(rank, 0, builder.getAffineDimExpr(1)));
  maps.push_back(builder.getMultiDimIdentityMap(rank));
  double eps = *epsilon;
  auto op = linalg::GenericOp::create(
      builder, loc, TypeRange{*outType}, inputs,
      ValueRange{createEmpty(*outType)}, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &b, Location at, ValueRange args) {
        // (x - mean) * scale / sqrt(var + eps) + bias
        Value centered =
            createBinaryScalar(b, at, BinaryKind::Sub, args[0], args[3]);
        Value stddev = math::SqrtOp::create(
            b, at,
            createBinaryScalar(b, at, BinaryKind::Add, args[4],
                               createScalar(b, at, elementType, eps)));
        Value normalized = createBinaryScalar(
            b, at, BinaryKind::Div,
            createBinaryScalar(b, at, BinaryKind::Mul, centered, args[1]),
            stddev);
        linalg::YieldOp::create(
            b, at,
            createBinaryScalar(b, at, BinaryKind::Add, normalized, args[2]));
      });
  // X is I1, the scale I2; bias, mean and variance are not modelled.
  StringLiteral operands[] = {"I1", "I2", "-", "-", "-", "O"};
  annotate(op, {"", false, true, getElementwiseLoops(*outType), operands});
  return setOutput(0, op.getResult(0));
}

LogicalResult OnnxImporter::importLRN() {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  FailureOr<int64_t> size = getIntAttr("size", 0);
  FailureOr<double> alpha = getFloatAttr("alpha", 1e-4),
                    beta = getFloatAttr("beta", 0.75),
                    bias = getFloatAttr("bias", 1.0);
  if (failed(size) || failed(alpha) || failed(beta) || failed(bias))
    return failure();
  Type elementType = outType->getElementType();
  if (*size < 1 || outType->getRank() != 4 || !isa<FloatType>(elementType) ||
      x->getType() != *outType)
    return nodeError() << "needs a floating-point NCHW input and size >= 1";
  // The channels are padded by size - 1.
  if (!llvm::checkedAdd(outType->getDimSize(1), *size - 1))
    return nodeError() << "size " << *size << " is too large";
  // square -> zero-pad channels -> window sum over channels -> normalize.
  linalg::GenericOp square = createElementwise(
      {*x}, *outType, [&](OpBuilder &b, Location at, ValueRange args) {
        return createBinaryScalar(b, at, BinaryKind::Mul, args[0], args[0]);
      });
  annotate(square, {"square", false, false, kActivationLoops});
  int64_t before = (*size - 1) / 2, after = *size - 1 - before;
  Value padded = createPad(square.getResult(0), {0, before, 0, 0},
                           {0, after, 0, 0}, builder.getZeroAttr(elementType));
  // The window operand (never read, as in linalg's pooling ops) gives the
  // window loop its extent.
  Value window = createEmpty(RankedTensorType::get({*size}, elementType));
  AffineExpr n, c, h, w, k;
  bindDims(context, n, c, h, w, k);
  auto sum = linalg::GenericOp::create(
      builder, loc, TypeRange{*outType}, ValueRange{padded, window},
      ValueRange{createZeros(*outType)},
      ArrayRef<AffineMap>{AffineMap::get(5, 0, {n, c + k, h, w}, context),
                          AffineMap::get(5, 0, {k}, context),
                          AffineMap::get(5, 0, {n, c, h, w}, context)},
      ArrayRef<utils::IteratorType>{
          utils::IteratorType::parallel, utils::IteratorType::parallel,
          utils::IteratorType::parallel, utils::IteratorType::parallel,
          utils::IteratorType::reduction},
      [&](OpBuilder &b, Location at, ValueRange args) {
        linalg::YieldOp::create(
            b, at,
            createBinaryScalar(b, at, BinaryKind::Add, args[2], args[0]));
      });
  StringLiteral sumLoops[] = {"B", "G", "OY", "OX", "FC"};
  annotate(sum, {"sum", false, false, sumLoops});
  double scale = *alpha / double(*size), betaValue = *beta, biasValue = *bias;
  linalg::GenericOp normalize = createElementwise(
      {*x, sum.getResult(0)}, *outType,
      [&](OpBuilder &b, Location at, ValueRange args) {
        auto cst = [&](double v) {
          return createScalar(b, at, elementType, v);
        };
        Value base = createBinaryScalar(
            b, at, BinaryKind::Add, cst(biasValue),
            createBinaryScalar(b, at, BinaryKind::Mul, cst(scale), args[1]));
        Value denominator = math::PowFOp::create(b, at, base, cst(betaValue));
        return createBinaryScalar(b, at, BinaryKind::Div, args[0], denominator);
      });
  annotate(normalize, {"", false, false, kActivationLoops});
  return setOutput(0, normalize.getResult(0));
}

LogicalResult OnnxImporter::importSoftmax(bool isLog) {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  Type elementType = outType->getElementType();
  int64_t rank = outType->getRank();
  if (!isa<FloatType>(elementType) || rank == 0 || x->getType() != *outType)
    return nodeError() << "needs a floating-point input of rank >= 1";
  bool coerce2D = graph.opsetVersion < 13;
  FailureOr<int64_t> axis = getIntAttr("axis", coerce2D ? 1 : -1);
  if (failed(axis))
    return failure();
  if (*axis < -rank || *axis >= rank)
    return nodeError() << "axis " << *axis << " is out of range for rank "
                       << rank;
  int64_t a = *axis < 0 ? *axis + rank : *axis;
  // Before opset 13 the input is seen as 2-D: [d0*..*d(a-1), da*..*dn].
  Value input = *x;
  RankedTensorType type = *outType;
  if (coerce2D && a != rank - 1) {
    int64_t rows = 1, cols = 1;
    for (int64_t d = 0; d < rank; ++d)
      (d < a ? rows : cols) *= outType->getDimSize(d);
    type = RankedTensorType::get({rows, cols}, elementType);
    input = createReshape(input, type);
    a = 1;
  }
  rank = type.getRank();
  SmallVector<AffineExpr> reducedExprs;
  for (int64_t d = 0; d < rank; ++d)
    if (d != a)
      reducedExprs.push_back(builder.getAffineDimExpr(d));
  AffineMap identity = builder.getMultiDimIdentityMap(rank);
  AffineMap reducedMap = AffineMap::get(rank, 0, reducedExprs, context);
  auto reduce = [&](Value in, Attribute init, BinaryKind kind) {
    return createReduction(
        in, {}, {a}, init,
        [&](OpBuilder &b, Location at, ValueRange args, Value acc) {
          return createBinaryScalar(b, at, kind, acc, args[0]);
        });
  };
  auto parallel =
      [&](ValueRange ins, ArrayRef<AffineMap> inMaps,
          function_ref<Value(OpBuilder &, Location, ValueRange)> fn) {
        SmallVector<AffineMap> maps(inMaps);
        maps.push_back(identity);
        return linalg::GenericOp::create(
            builder, loc, TypeRange{type}, ins, ValueRange{createEmpty(type)},
            maps,
            SmallVector<utils::IteratorType>(rank,
                                             utils::IteratorType::parallel),
            [&](OpBuilder &b, Location at, ValueRange args) {
              linalg::YieldOp::create(b, at, fn(b, at, args));
            });
      };
  linalg::GenericOp max =
      reduce(input, getLowest(elementType), BinaryKind::Max);
  annotate(max, {"max"});
  linalg::GenericOp exp = parallel(
      {input, max.getResult(0)}, {identity, reducedMap},
      [&](OpBuilder &b, Location at, ValueRange args) -> Value {
        return math::ExpOp::create(
            b, at,
            createBinaryScalar(b, at, BinaryKind::Sub, args[0], args[1]));
      });
  annotate(exp, {"exp"});
  linalg::GenericOp sum = reduce(
      exp.getResult(0), builder.getZeroAttr(elementType), BinaryKind::Add);
  annotate(sum, {"sum"});
  linalg::GenericOp result;
  if (isLog)
    result = parallel(
        {input, max.getResult(0), sum.getResult(0)},
        {identity, reducedMap, reducedMap},
        [&](OpBuilder &b, Location at, ValueRange args) {
          Value shifted =
              createBinaryScalar(b, at, BinaryKind::Sub, args[0], args[1]);
          return createBinaryScalar(b, at, BinaryKind::Sub, shifted,
                                    math::LogOp::create(b, at, args[2]));
        });
  else
    result = parallel(
        {exp.getResult(0), sum.getResult(0)}, {identity, reducedMap},
        [&](OpBuilder &b, Location at, ValueRange args) {
          return createBinaryScalar(b, at, BinaryKind::Div, args[0], args[1]);
        });
  annotate(result, {""});
  return setOutput(0, createReshape(result.getResult(0), *outType));
}

LogicalResult OnnxImporter::importReduce(StringRef opType) {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  Type elementType = xType.getElementType();
  int64_t rank = xType.getRank();
  bool onIntegers = llvm::is_contained(
      {"ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd"}, opType);
  if (!isa<FloatType>(elementType) && !onIntegers)
    return nodeError() << "only floating-point " << opType << " is supported";
  FailureOr<int64_t> keepDims = getIntAttr("keepdims", 1);
  FailureOr<int64_t> noop = getIntAttr("noop_with_empty_axes", 0);
  if (failed(keepDims) || failed(noop))
    return failure();
  // The axes are an input since opset 13 (ReduceSum) / 18 (the others),
  // an attribute before.
  std::vector<int64_t> axesList;
  if (hasInput(1)) {
    FailureOr<std::vector<int64_t>> data = getConstantInts(1, "axes");
    if (failed(data))
      return failure();
    axesList = *data;
  } else {
    FailureOr<SmallVector<int64_t>> attr = getIntsAttr("axes", {});
    if (failed(attr))
      return failure();
    axesList.assign(attr->begin(), attr->end());
  }
  FailureOr<SmallVector<int64_t>> axes = normalizeAxes(axesList, rank);
  if (failed(axes))
    return failure();
  if (axes->empty()) {
    if (*noop) {
      if (failed(checkOutputType(*outType, xType.getShape(), elementType)))
        return failure();
      return setOutput(0, *x);
    }
    for (int64_t d = 0; d < rank; ++d)
      axes->push_back(d);
  }
  llvm::sort(*axes);
  SmallVector<int64_t> expected;
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (!llvm::is_contained(*axes, d)) {
      expected.push_back(xType.getDimSize(d));
      continue;
    }
    // No overflow: getStaticType checked the element count.
    count *= xType.getDimSize(d);
    if (*keepDims)
      expected.push_back(1);
  }
  if (failed(checkOutputType(*outType, expected, elementType)))
    return failure();

  Attribute init = builder.getZeroAttr(elementType);
  BinaryKind kind = BinaryKind::Add;
  if (opType == "ReduceMax") {
    init = getLowest(elementType);
    kind = BinaryKind::Max;
  } else if (opType == "ReduceMin") {
    if (auto floatType = dyn_cast<FloatType>(elementType))
      init = builder.getFloatAttr(
          floatType, APFloat::getInf(floatType.getFloatSemantics()));
    else
      init = builder.getIntegerAttr(
          elementType,
          APInt::getSignedMaxValue(elementType.getIntOrFloatBitWidth()));
    kind = BinaryKind::Min;
  } else if (opType == "ReduceProd") {
    init = isa<FloatType>(elementType)
               ? Attribute(builder.getFloatAttr(elementType, 1.0))
               : Attribute(builder.getIntegerAttr(elementType, 1));
    kind = BinaryKind::Mul;
  }
  bool square = opType == "ReduceSumSquare" || opType == "ReduceL2";
  bool absolute = opType == "ReduceL1";
  bool hasPost = opType == "ReduceMean" || opType == "ReduceL2";
  linalg::GenericOp reduction = createReduction(
      *x, {}, *axes, init,
      [&](OpBuilder &b, Location at, ValueRange args, Value acc) {
        Value v = args[0];
        if (square)
          v = createBinaryScalar(b, at, BinaryKind::Mul, v, v);
        if (absolute)
          v = math::AbsFOp::create(b, at, v);
        return createBinaryScalar(b, at, kind, acc, v);
      });
  annotate(reduction, {hasPost ? "sum" : ""});
  Value result = reduction.getResult(0);
  if (hasPost) {
    auto reducedType = cast<RankedTensorType>(result.getType());
    linalg::GenericOp post = createElementwise(
        {result}, reducedType,
        [&](OpBuilder &b, Location at, ValueRange args) -> Value {
          if (opType == "ReduceL2")
            return math::SqrtOp::create(b, at, args[0]);
          return createBinaryScalar(
              b, at, BinaryKind::Mul, args[0],
              createScalar(b, at, elementType, 1.0 / double(count)));
        });
    annotate(post, {""});
    result = post.getResult(0);
  }
  return setOutput(0, createReshape(result, *outType));
}

LogicalResult OnnxImporter::importLayerNorm() {
  FailureOr<Value> x = getInput(0), scale = getInput(1);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(scale) || failed(outType))
    return failure();
  for (unsigned i = 1; i < node->outputs.size(); ++i)
    if (isUsed(node->outputs[i]))
      return nodeError() << "output #" << i << " ('" << node->outputs[i]
                         << "', the statistics) is not supported";
  Type elementType = outType->getElementType();
  int64_t rank = outType->getRank();
  if (!isa<FloatType>(elementType) || rank == 0 || x->getType() != *outType)
    return nodeError() << "needs a floating-point input of rank >= 1 and an "
                          "output of the same type";
  SmallVector<Value> params = {*scale};
  if (hasInput(2)) {
    FailureOr<Value> bias = getInput(2);
    if (failed(bias))
      return failure();
    params.push_back(*bias);
  }
  for (Value param : params)
    if (getElementTypeOrSelf(param.getType()) != elementType)
      return nodeError() << "the scale and bias must have the input's "
                            "element type";
  SmallVector<Value> operands = {*x};
  operands.append(params);
  if (failed(checkBroadcastOutput(operands, *outType)))
    return failure();
  FailureOr<int64_t> axis = getIntAttr("axis", -1);
  FailureOr<double> epsilon = getFloatAttr("epsilon", 1e-5);
  if (failed(axis) || failed(epsilon))
    return failure();
  FailureOr<SmallVector<int64_t>> first = normalizeAxes({*axis}, rank);
  if (failed(first))
    return failure();
  // Normalizes over the dims from `axis` to the last.
  SmallVector<int64_t> axes;
  int64_t count = 1;
  for (int64_t d = first->front(); d < rank; ++d) {
    axes.push_back(d);
    count *= outType->getDimSize(d);
  }
  double invCount = 1.0 / double(count);
  auto scaled = [&](OpBuilder &b, Location at, Value v) {
    return createBinaryScalar(b, at, BinaryKind::Mul, v,
                              createScalar(b, at, elementType, invCount));
  };
  linalg::GenericOp sum = createReduction(
      *x, {}, axes, builder.getZeroAttr(elementType),
      [&](OpBuilder &b, Location at, ValueRange args, Value acc) {
        return createBinaryScalar(b, at, BinaryKind::Add, acc, args[0]);
      });
  annotate(sum, {"sum"});
  // Two passes (mean, then squared deviations), as the definition reads:
  // E[x^2] - E[x]^2 cancels badly.
  linalg::GenericOp var = createReduction(
      *x, {sum.getResult(0)}, axes, builder.getZeroAttr(elementType),
      [&](OpBuilder &b, Location at, ValueRange args, Value acc) {
        Value d = createBinaryScalar(b, at, BinaryKind::Sub, args[0],
                                     scaled(b, at, args[1]));
        return createBinaryScalar(
            b, at, BinaryKind::Add, acc,
            createBinaryScalar(b, at, BinaryKind::Mul, d, d));
      });
  annotate(var, {"var"});
  SmallVector<AffineExpr> reducedExprs;
  for (int64_t d = 0; d < first->front(); ++d)
    reducedExprs.push_back(builder.getAffineDimExpr(d));
  AffineMap reducedMap = AffineMap::get(rank, 0, reducedExprs, context);
  SmallVector<Value> inputs = {*x, sum.getResult(0), var.getResult(0)};
  SmallVector<AffineMap> maps = {builder.getMultiDimIdentityMap(rank),
                                 reducedMap, reducedMap};
  for (Value param : params) {
    inputs.push_back(param);
    maps.push_back(
        getBroadcastMap(cast<RankedTensorType>(param.getType()).getShape(),
                        outType->getShape(), context));
  }
  maps.push_back(builder.getMultiDimIdentityMap(rank));
  auto norm = linalg::GenericOp::create(
      builder, loc, TypeRange{*outType}, inputs,
      ValueRange{createEmpty(*outType)}, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &b, Location at, ValueRange args) {
        Value centered = createBinaryScalar(b, at, BinaryKind::Sub, args[0],
                                            scaled(b, at, args[1]));
        Value variance =
            createBinaryScalar(b, at, BinaryKind::Add, scaled(b, at, args[2]),
                               createScalar(b, at, elementType, *epsilon));
        Value y = createBinaryScalar(b, at, BinaryKind::Div, centered,
                                     math::SqrtOp::create(b, at, variance));
        y = createBinaryScalar(b, at, BinaryKind::Mul, y, args[3]);
        if (args.size() > 5)
          y = createBinaryScalar(b, at, BinaryKind::Add, y, args[4]);
        linalg::YieldOp::create(b, at, y);
      });
  annotate(norm, {"", false, false, getElementwiseLoops(*outType)});
  return setOutput(0, norm.getResult(0));
}

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

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

/// Indices of the inputs of `node` that are runtime data; the others are
/// read at import time (shapes, bounds) or ignored.
SmallVector<unsigned> getDataInputs(const OnnxNode &node) {
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

LogicalResult OnnxImporter::importNode() {
  StringRef op = node->opType;
  if (!node->domain.empty())
    return importOpaque();
  if (op == "Conv")
    return importConv();
  if (op == "ConvTranspose")
    return importConvTranspose();
  if (op == "Gemm")
    return importGemm();
  if (op == "MatMul")
    return importMatMul();
  if (op == "Add")
    return importBinary(BinaryKind::Add);
  if (op == "Sub")
    return importBinary(BinaryKind::Sub);
  if (op == "Mul")
    return importBinary(BinaryKind::Mul);
  if (op == "Div")
    return importBinary(BinaryKind::Div);
  if (op == "Pow")
    return importBinary(BinaryKind::Pow);
  if (op == "Sum")
    return importVariadic(BinaryKind::Add);
  if (op == "Max")
    return importVariadic(BinaryKind::Max);
  if (op == "Min")
    return importVariadic(BinaryKind::Min);
  if (llvm::is_contained({"Relu",      "LeakyRelu", "Sigmoid",  "HardSigmoid",
                          "HardSwish", "Tanh",      "Exp",      "Log",
                          "Sqrt",      "Abs",       "Neg",      "Reciprocal",
                          "Floor",     "Ceil",      "Erf",      "Elu",
                          "Selu",      "Softplus",  "Softsign", "Sin",
                          "Cos",       "Round",     "Mish",     "Gelu"},
                         op))
    return importUnary(op);
  if (op == "Clip")
    return importClip();
  if (op == "PRelu")
    return importPRelu();
  if (op == "MaxPool")
    return importPool(/*isMax=*/true);
  if (op == "AveragePool")
    return importPool(/*isMax=*/false);
  if (op == "GlobalAveragePool")
    return importGlobalPool(/*isMax=*/false);
  if (op == "GlobalMaxPool")
    return importGlobalPool(/*isMax=*/true);
  if (op == "BatchNormalization")
    return importBatchNorm();
  if (op == "LRN")
    return importLRN();
  if (op == "Softmax")
    return importSoftmax(/*isLog=*/false);
  if (op == "LogSoftmax")
    return importSoftmax(/*isLog=*/true);
  if (llvm::is_contained(kReduceOps, op))
    return importReduce(op);
  if (op == "LayerNormalization")
    return importLayerNorm();
  if (llvm::is_contained({"Flatten", "Reshape", "Squeeze", "Unsqueeze"}, op))
    return importReshapeLike();
  if (op == "Transpose")
    return importTranspose();
  if (op == "Concat")
    return importConcat();
  if (op == "Constant")
    return importConstant();
  if (op == "Shape")
    return importShape();
  if (op == "Pad")
    return importPad();
  if (op == "Slice")
    return importSlice();
  if (op == "Split")
    return importSplit();
  if (op == "Gather")
    return importGather();
  if (op == "Identity" || op == "Dropout")
    return importIdentity();
  return importOpaque();
}

/// Operators importNode lowers (everything else is opaque).
bool isSupported(const OnnxNode &node) {
  if (!node.domain.empty())
    return false;
  return llvm::is_contained({"Conv",          "ConvTranspose",
                             "Gemm",          "MatMul",
                             "Add",           "Sub",
                             "Mul",           "Div",
                             "Pow",           "Sum",
                             "Max",           "Min",
                             "Relu",          "LeakyRelu",
                             "Sigmoid",       "HardSigmoid",
                             "HardSwish",     "Tanh",
                             "Exp",           "Log",
                             "Sqrt",          "Abs",
                             "Neg",           "Reciprocal",
                             "Floor",         "Ceil",
                             "Erf",           "Elu",
                             "Selu",          "Softplus",
                             "Softsign",      "Sin",
                             "Cos",           "Round",
                             "Mish",          "Clip",
                             "PRelu",         "MaxPool",
                             "AveragePool",   "GlobalAveragePool",
                             "GlobalMaxPool", "BatchNormalization",
                             "LRN",           "Softmax",
                             "LogSoftmax",    "Flatten",
                             "Reshape",       "Squeeze",
                             "Unsqueeze",     "Transpose",
                             "Concat",        "Constant",
                             "Shape",         "Pad",
                             "Identity",      "Dropout",
                             "Slice",         "Split",
                             "Gather",        "LayerNormalization",
                             "Gelu"},
                            StringRef(node.opType)) ||
         llvm::is_contained(kReduceOps, StringRef(node.opType));
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
    if (!isSupported(n) && !options.allowUnsupported) {
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
std::string getFuncName(StringRef bufferName) {
  std::string name = llvm::sys::path::stem(bufferName).str();
  for (char &c : name)
    if (!llvm::isAlnum(c) && c != '_')
      c = '_';
  if (name.empty() || name == "_stdin_" || llvm::isDigit(name.front()))
    name = "onnx" + (name == "_stdin_" ? std::string() : "_" + name);
  return name;
}

} // namespace

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
