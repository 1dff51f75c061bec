//===- OnnxModel.h - ONNX models as plain C++ -------------------*- C++ -*-===//
//
// A plain description of an ONNX model's main graph (nodes, op types,
// attributes, value types, initializers with or without data), read with
// Debian's ONNX library and ONNX shape inference.
//
// The ONNX and protobuf libraries report errors by throwing; LLVM and MLIR
// are built without exceptions. The functions below are implemented in the
// library ZigZagOnnxModel, the only code compiled with exceptions, and catch
// everything: errors come back as an OnnxError, nothing throws across this
// header. ONNX shape inference, which crashes on some malformed models, runs
// in a child process. It includes neither ONNX, protobuf, LLVM nor MLIR
// headers.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_IMPORT_ONNXMODEL_H
#define ZIGZAG_IMPORT_ONNXMODEL_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace zigzag {

/// Element types, numbered as ONNX's TensorProto::DataType.
enum class OnnxDataType : int32_t {
  Undefined = 0,
  Float = 1,
  UInt8 = 2,
  Int8 = 3,
  UInt16 = 4,
  Int16 = 5,
  Int32 = 6,
  Int64 = 7,
  String = 8,
  Bool = 9,
  Float16 = 10,
  Double = 11,
  UInt32 = 12,
  UInt64 = 13,
  Complex64 = 14,
  Complex128 = 15,
  BFloat16 = 16,
};

/// ONNX's name of `type` ("float", "int64", ...), "type<N>" if unknown.
std::string toString(OnnxDataType type);

/// Bytes per element in OnnxTensor::rawData (bool: 1); 0 for types whose
/// data is not kept (strings, unknown types).
size_t getByteWidth(OnnxDataType type);

/// Extent of a dim without a known value.
constexpr int64_t kOnnxDynamicDim = -1;

/// The type of a value: element type and, if known, its shape.
struct OnnxTensorType {
  OnnxDataType elementType = OnnxDataType::Undefined;
  /// False when not even the rank is known.
  bool hasShape = false;
  /// Extents; kOnnxDynamicDim where the file gives no value.
  std::vector<int64_t> dims;
  /// Symbolic name of each dim ("batch", "N"), empty when it has a value or
  /// is anonymous.
  std::vector<std::string> dimParams;

  bool isStatic() const;
};

/// An initializer, or the tensor of a `Constant` node / tensor attribute.
struct OnnxTensor {
  std::string name;
  OnnxDataType elementType = OnnxDataType::Undefined;
  std::vector<int64_t> dims;
  /// False for graph-only files (shape but no values) and external data.
  bool hasData = false;
  /// The data lives in an external file (never loaded).
  bool isExternal = false;
  /// Elements in row-major order, little-endian, getByteWidth() bytes each.
  std::vector<char> rawData;

  int64_t getNumElements() const;
  /// The elements converted to int64 / double; nullopt without data or
  /// for non-numeric types.
  std::optional<std::vector<int64_t>> getIntValues() const;
  std::optional<std::vector<double>> getFloatValues() const;
};

/// A node attribute.
struct OnnxAttribute {
  enum class Kind { Float, Int, String, Tensor, Floats, Ints, Strings, Other };
  std::string name;
  Kind kind = Kind::Other;
  double floatValue = 0;
  int64_t intValue = 0;
  std::string stringValue;
  std::vector<double> floats;
  std::vector<int64_t> ints;
  std::vector<std::string> strings;
  std::shared_ptr<OnnxTensor> tensor; // Kind::Tensor
  /// ONNX's type name for Kind::Other ("GRAPH", "SPARSE_TENSOR", ...).
  std::string otherKind;
};

/// A node of the main graph.
struct OnnxNode {
  std::string name; // may be empty in the file
  std::string opType;
  std::string domain; // "" for the default ONNX domain
  /// Value names; an empty name is an omitted optional input/output.
  std::vector<std::string> inputs, outputs;
  std::vector<OnnxAttribute> attributes;

  const OnnxAttribute *findAttribute(const std::string &attrName) const;
};

/// A named value with its type (graph inputs and outputs).
struct OnnxValueInfo {
  std::string name;
  OnnxTensorType type;
};

/// The main graph of a model.
struct OnnxGraph {
  std::string name;
  std::string producerName, producerVersion;
  int64_t irVersion = 0;
  /// Opset version of the default domain (ai.onnx); 0 if not imported.
  int64_t opsetVersion = 0;
  /// Graph inputs that are not initializers, in file order.
  std::vector<OnnxValueInfo> inputs;
  std::vector<OnnxValueInfo> outputs;
  std::vector<OnnxTensor> initializers;
  /// In file order (ONNX requires a topological order).
  std::vector<OnnxNode> nodes;
  /// Type of every value the file or shape inference describes: graph
  /// inputs and outputs, value_info, initializers, inferred node outputs.
  std::unordered_map<std::string, OnnxTensorType> valueTypes;
  /// Whether ONNX shape inference ran (some node output had no type).
  bool ranShapeInference = false;

  const OnnxTensor *findInitializer(const std::string &valueName) const;
  const OnnxTensorType *findType(const std::string &valueName) const;
};

/// How to read a model.
struct OnnxLoadOptions {
  /// Run ONNX shape inference (with data propagation) when some node
  /// output has no type in the file.
  bool inferShapes = true;
  /// Values for symbolic dims of the graph inputs (e.g. {"batch", 1}),
  /// applied before shape inference.
  std::vector<std::pair<std::string, int64_t>> dimValues;
};

/// Why reading or writing a model failed.
struct OnnxError {
  std::string message;
};

/// Parses a serialized ModelProto. Never throws.
std::optional<OnnxError> readOnnxModel(const void *data, size_t size,
                                       const OnnxLoadOptions &options,
                                       OnnxGraph &graph);

/// Syntaxes a text model can be written in.
enum class OnnxTextSyntax {
  /// ONNX's textual syntax (onnx/defs/parser.h):
  /// `<ir_version: 8, opset_import: ["" : 17]> g (float[1,3] x) => (...)
  /// { y = Relu(x) }`.
  OnnxText,
  /// The protobuf text format of ModelProto (`graph { node { ... } }`).
  ProtoText,
};

/// Parses a text model and serializes it as a binary ModelProto into
/// `binary`. Never throws.
std::optional<OnnxError> assembleOnnxModel(const std::string &text,
                                           OnnxTextSyntax syntax,
                                           std::string &binary);

} // namespace zigzag

#endif // ZIGZAG_IMPORT_ONNXMODEL_H
