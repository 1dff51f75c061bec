//===- OnnxImporter.h - ONNX -> linalg, shared by its files ------*- C++
//-*-===//
//
// The importer's state and per-operator entry points, private to
// lib/Import/MLIR: OnnxToLinalg.cpp holds the values, attributes, builders
// and the driver; OnnxToLinalg{Contractions,Elementwise,Data}.cpp the
// operators of each family.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_LIB_IMPORT_MLIR_ONNXIMPORTER_H
#define ZIGZAG_LIB_IMPORT_MLIR_ONNXIMPORTER_H

#include "zigzag/Import/OnnxModel.h"
#include "zigzag/Import/OnnxToLinalg.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"

#include <deque>

namespace mlir::zigzag::onnx {

using ::zigzag::OnnxAttribute;
using ::zigzag::OnnxDataType;
using ::zigzag::OnnxGraph;
using ::zigzag::OnnxNode;
using ::zigzag::OnnxTensor;
using ::zigzag::OnnxTensorType;

/// ZigZag's loop names of the named ops, in each op's loop order.
inline constexpr StringLiteral kConvLoops[] = {"B", "K",  "OY", "OX",
                                               "C", "FY", "FX"};
inline constexpr StringLiteral kDepthwiseLoops[] = {"B", "OY", "OX",
                                                    "G", "FY", "FX"};
inline constexpr StringLiteral kGroupedConvLoops[] = {"B",  "G", "K",  "OY",
                                                      "OX", "C", "FY", "FX"};
inline constexpr StringLiteral kMatmulLoops[] = {"D", "K", "C"};
inline constexpr StringLiteral kPoolingLoops[] = {"B",  "G",  "OY",
                                                  "OX", "FY", "FX"};
/// Elementwise ops on NCHW activations (ZigZag's Add layers use these).
inline constexpr StringLiteral kActivationLoops[] = {"B", "G", "OY", "OX"};
/// The reductions importReduce lowers.
inline constexpr StringLiteral kReduceOps[] = {
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
  /// Imports the current node.
  using Handler = LogicalResult (*)(OnnxImporter &);
  /// The operator table, the one place that lists the operators the importer
  /// lowers: the handler of `node`'s operator, or null for the others (other
  /// domains, unknown operators), which are unsupported and imported opaque
  /// only with --onnx-allow-unsupported.
  static Handler findHandler(const OnnxNode &node);
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
  /// `result` (N, filters, ...) plus input 2, one bias per filter, as the
  /// annotated elementwise op of a Conv or ConvTranspose.
  FailureOr<Value> addFilterBias(Value result, RankedTensorType outType,
                                 int64_t filters,
                                 ArrayRef<StringLiteral> loops);
  /// A pooling node's input must be a 4-D (NCHW) floating-point tensor.
  LogicalResult checkPoolInput(Value x);
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

/// The data of `tensor` as an attribute of `type` (the declared type of the
/// value, which value_info may give differently from the tensor's dims).
FailureOr<DenseElementsAttr> getDenseAttr(const OnnxTensor &tensor,
                                          RankedTensorType type);

/// The map reading an operand of `shape` broadcast (numpy rules: aligned
/// right, size-1 dims repeat) over loops of `outShape`.
AffineMap getBroadcastMap(ArrayRef<int64_t> shape, ArrayRef<int64_t> outShape,
                          MLIRContext *context);

/// Loop names for an elementwise op on `type`: ZigZag's for NCHW tensors.
ArrayRef<StringLiteral> getElementwiseLoops(RankedTensorType type);

} // namespace mlir::zigzag::onnx

#endif // ZIGZAG_LIB_IMPORT_MLIR_ONNXIMPORTER_H
