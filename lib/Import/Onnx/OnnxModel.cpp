//===- OnnxModel.cpp - ONNX models as plain C++ ---------------------------===//
//
// The only code of the project that talks to the ONNX and protobuf
// libraries. It is compiled with exceptions: every entry point catches
// whatever they throw and returns an OnnxError instead. ONNX shape inference
// runs in a child process, as it can crash on malformed models. No MLIR or
// LLVM headers here.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/OnnxModel.h"

#include "onnx/defs/parser.h"
#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <sstream>
#include <unordered_set>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace zigzag;

//===----------------------------------------------------------------------===//
// Conversion from the protobuf classes
//===----------------------------------------------------------------------===//

static OnnxTensorType convertType(const ::onnx::TypeProto &type) {
  OnnxTensorType result;
  if (!type.has_tensor_type())
    return result;
  const ::onnx::TypeProto_Tensor &tensor = type.tensor_type();
  result.elementType = static_cast<OnnxDataType>(tensor.elem_type());
  if (!tensor.has_shape())
    return result;
  result.hasShape = true;
  for (const ::onnx::TensorShapeProto_Dimension &dim : tensor.shape().dim()) {
    if (dim.has_dim_value() && dim.dim_value() >= 0) {
      result.dims.push_back(dim.dim_value());
      result.dimParams.emplace_back();
    } else {
      result.dims.push_back(kOnnxDynamicDim);
      result.dimParams.push_back(dim.has_dim_param() ? dim.dim_param() : "");
    }
  }
  return result;
}

/// Appends `value` to `out` as `width` little-endian bytes.
template <typename T> static void appendBytes(std::vector<char> &out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.insert(out.end(), bytes, bytes + sizeof(T));
}

/// Fills `tensor` from a TensorProto; errors describe inconsistent data.
static std::optional<OnnxError> convertTensor(const ::onnx::TensorProto &proto,
                                              OnnxTensor &tensor) {
  tensor.name = proto.name();
  tensor.elementType = static_cast<OnnxDataType>(proto.data_type());
  int64_t product = 1;
  for (int64_t dim : proto.dims()) {
    if (dim < 0)
      return OnnxError{"tensor '" + proto.name() + "' has a negative dim"};
    // getNumElements() and the data size checks below multiply the dims.
    if (__builtin_mul_overflow(product, dim, &product))
      return OnnxError{"tensor '" + proto.name() +
                       "' has more elements than int64 can count"};
    tensor.dims.push_back(dim);
  }
  if (proto.data_location() == ::onnx::TensorProto_DataLocation_EXTERNAL) {
    tensor.isExternal = true;
    return std::nullopt;
  }
  int64_t numElements = tensor.getNumElements();
  size_t width = getByteWidth(tensor.elementType);
  auto sizeError = [&](size_t have, const char *unit) {
    std::ostringstream os;
    os << "tensor '" << proto.name() << "' of type "
       << toString(tensor.elementType) << " has " << have << " " << unit
       << " of data, expected " << numElements << " elements";
    return OnnxError{os.str()};
  };
  if (width == 0)
    return std::nullopt; // strings and unknown types: keep the shape only
  if (!proto.raw_data().empty()) {
    const std::string &raw = proto.raw_data();
    if (raw.size() % width != 0 ||
        raw.size() / width != static_cast<size_t>(numElements))
      return sizeError(raw.size(), "bytes");
    tensor.rawData.assign(raw.begin(), raw.end());
    tensor.hasData = true;
    return std::nullopt;
  }
  std::vector<char> &out = tensor.rawData;
  auto check = [&](int count) -> std::optional<OnnxError> {
    if (count != numElements)
      return sizeError(count, "values");
    return std::nullopt;
  };
  std::optional<OnnxError> error;
  switch (tensor.elementType) {
  case OnnxDataType::Float:
    if (proto.float_data_size() == 0)
      break;
    if ((error = check(proto.float_data_size())))
      return error;
    for (float v : proto.float_data())
      appendBytes(out, v);
    break;
  case OnnxDataType::Complex64:
    if (proto.float_data_size() == 0)
      break;
    if ((error = check(proto.float_data_size() / 2)))
      return error;
    for (float v : proto.float_data())
      appendBytes(out, v);
    break;
  case OnnxDataType::Double:
    if (proto.double_data_size() == 0)
      break;
    if ((error = check(proto.double_data_size())))
      return error;
    for (double v : proto.double_data())
      appendBytes(out, v);
    break;
  case OnnxDataType::Complex128:
    if (proto.double_data_size() == 0)
      break;
    if ((error = check(proto.double_data_size() / 2)))
      return error;
    for (double v : proto.double_data())
      appendBytes(out, v);
    break;
  case OnnxDataType::Int64:
    if (proto.int64_data_size() == 0)
      break;
    if ((error = check(proto.int64_data_size())))
      return error;
    for (int64_t v : proto.int64_data())
      appendBytes(out, v);
    break;
  case OnnxDataType::UInt32:
  case OnnxDataType::UInt64:
    if (proto.uint64_data_size() == 0)
      break;
    if ((error = check(proto.uint64_data_size())))
      return error;
    for (uint64_t v : proto.uint64_data()) {
      if (tensor.elementType == OnnxDataType::UInt32)
        appendBytes(out, static_cast<uint32_t>(v));
      else
        appendBytes(out, v);
    }
    break;
  case OnnxDataType::Int32:
  case OnnxDataType::Int16:
  case OnnxDataType::Int8:
  case OnnxDataType::UInt16:
  case OnnxDataType::UInt8:
  case OnnxDataType::Bool:
  case OnnxDataType::Float16:
  case OnnxDataType::BFloat16:
    // Narrow types (and the bits of 16-bit floats) live in int32_data.
    if (proto.int32_data_size() == 0)
      break;
    if ((error = check(proto.int32_data_size())))
      return error;
    for (int32_t v : proto.int32_data()) {
      switch (width) {
      case 1:
        appendBytes(out, static_cast<uint8_t>(v));
        break;
      case 2:
        appendBytes(out, static_cast<uint16_t>(v));
        break;
      default:
        appendBytes(out, v);
        break;
      }
    }
    break;
  default:
    break;
  }
  tensor.hasData = !out.empty() || numElements == 0;
  return std::nullopt;
}

static std::optional<OnnxError>
convertAttribute(const ::onnx::AttributeProto &proto, OnnxAttribute &attr) {
  using Proto = ::onnx::AttributeProto;
  attr.name = proto.name();
  Proto::AttributeType type = proto.type();
  // Old files leave `type` unset: deduce it from the field that is set.
  if (type == Proto::UNDEFINED) {
    if (proto.has_f())
      type = Proto::FLOAT;
    else if (proto.has_i())
      type = Proto::INT;
    else if (proto.has_s())
      type = Proto::STRING;
    else if (proto.has_t())
      type = Proto::TENSOR;
    else if (proto.floats_size())
      type = Proto::FLOATS;
    else if (proto.ints_size())
      type = Proto::INTS;
    else if (proto.strings_size())
      type = Proto::STRINGS;
  }
  switch (type) {
  case Proto::FLOAT:
    attr.kind = OnnxAttribute::Kind::Float;
    attr.floatValue = proto.f();
    break;
  case Proto::INT:
    attr.kind = OnnxAttribute::Kind::Int;
    attr.intValue = proto.i();
    break;
  case Proto::STRING:
    attr.kind = OnnxAttribute::Kind::String;
    attr.stringValue = proto.s();
    break;
  case Proto::FLOATS:
    attr.kind = OnnxAttribute::Kind::Floats;
    attr.floats.assign(proto.floats().begin(), proto.floats().end());
    break;
  case Proto::INTS:
    attr.kind = OnnxAttribute::Kind::Ints;
    attr.ints.assign(proto.ints().begin(), proto.ints().end());
    break;
  case Proto::STRINGS:
    attr.kind = OnnxAttribute::Kind::Strings;
    attr.strings.assign(proto.strings().begin(), proto.strings().end());
    break;
  case Proto::TENSOR: {
    attr.kind = OnnxAttribute::Kind::Tensor;
    attr.tensor = std::make_shared<OnnxTensor>();
    if (std::optional<OnnxError> error = convertTensor(proto.t(), *attr.tensor))
      return OnnxError{"attribute '" + proto.name() + "': " + error->message};
    break;
  }
  default:
    attr.kind = OnnxAttribute::Kind::Other;
    attr.otherKind = Proto::AttributeType_Name(type);
    break;
  }
  return std::nullopt;
}

/// Whether some node output has no known shape in the file.
static bool needsShapeInference(const ::onnx::GraphProto &graph) {
  std::unordered_set<std::string> known;
  auto addKnown = [&](const ::onnx::ValueInfoProto &info) {
    if (info.type().has_tensor_type() && info.type().tensor_type().has_shape())
      known.insert(info.name());
  };
  for (const auto &info : graph.value_info())
    addKnown(info);
  for (const auto &info : graph.output())
    addKnown(info);
  for (const ::onnx::NodeProto &node : graph.node())
    for (const std::string &output : node.output())
      if (!output.empty() && !known.count(output))
        return true;
  return false;
}

/// Gives the requested values to symbolic dims wherever the graph declares
/// them (inputs, outputs, value_info).
static void bindDimValues(::onnx::GraphProto &graph,
                          const OnnxLoadOptions &options) {
  if (options.dimValues.empty())
    return;
  auto bind = [&](::onnx::ValueInfoProto &info) {
    if (!info.type().has_tensor_type() ||
        !info.type().tensor_type().has_shape())
      return;
    auto *shape = info.mutable_type()->mutable_tensor_type()->mutable_shape();
    for (::onnx::TensorShapeProto_Dimension &dim : *shape->mutable_dim()) {
      if (!dim.has_dim_param())
        continue;
      for (const auto &[param, value] : options.dimValues) {
        if (dim.dim_param() == param) {
          dim.set_dim_value(value);
          break;
        }
      }
    }
  };
  for (::onnx::ValueInfoProto &info : *graph.mutable_input())
    bind(info);
  for (::onnx::ValueInfoProto &info : *graph.mutable_output())
    bind(info);
  for (::onnx::ValueInfoProto &info : *graph.mutable_value_info())
    bind(info);
}

/// Removes trailing whitespace (ONNX's messages end in newlines).
static std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.pop_back();
  return text;
}

static bool writeAll(int fd, const char *data, size_t size) {
  while (size > 0) {
    ssize_t written = ::write(fd, data, size);
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0)
      return false;
    data += written;
    size -= written;
  }
  return true;
}

/// Runs ONNX shape inference (strict, with data propagation) on `model` in
/// a child process. ONNX 1.12's inference functions do not only throw: on
/// some malformed models they crash (e.g. a Conv whose input rank does not
/// match its weights'), and that must not take the importer down. The child
/// sends back the inferred model or the error message.
static std::optional<OnnxError> inferShapesIsolated(::onnx::ModelProto &model) {
  int fds[2];
  if (::pipe(fds) != 0)
    return OnnxError{std::string("cannot run ONNX shape inference: pipe: ") +
                     std::strerror(errno)};
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    int error = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    return OnnxError{std::string("cannot run ONNX shape inference: fork: ") +
                     std::strerror(error)};
  }
  if (pid == 0) {
    // Child: a crash of the ONNX library must end the child quietly, and
    // the parent reports it as one diagnostic. The child inherits the
    // host's crash handlers (LLVM's print "PLEASE submit a bug report" and
    // a stack dump) and stderr (glibc's abort messages): restore the
    // default actions, silence stderr and write no core file.
    ::close(fds[0]);
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS,
                    SIGQUIT, SIGXCPU, SIGXFSZ})
      ::signal(sig, SIG_DFL);
    int devNull = ::open("/dev/null", O_WRONLY);
    if (devNull >= 0) {
      ::dup2(devNull, STDERR_FILENO);
      ::close(devNull);
    }
    struct rlimit noCore = {0, 0};
    ::setrlimit(RLIMIT_CORE, &noCore);
    char status = 'M';
    std::string payload;
    try {
      ::onnx::ShapeInferenceOptions inference{/*check_type=*/false,
                                              /*error_mode=*/1,
                                              /*enable_data_propagation=*/true};
      ::onnx::shape_inference::InferShapes(
          model, ::onnx::OpSchemaRegistry::Instance(), inference);
      if (!model.SerializeToString(&payload)) {
        status = 'E';
        payload = "cannot serialize the inferred model";
      }
    } catch (const std::exception &e) {
      status = 'E';
      payload = e.what();
    } catch (...) {
      status = 'E';
      payload = "unknown exception";
    }
    bool sent = writeAll(fds[1], &status, 1) &&
                writeAll(fds[1], payload.data(), payload.size());
    ::_exit(sent ? 0 : 1);
  }

  ::close(fds[1]);
  std::string reply;
  char buffer[1 << 16];
  while (true) {
    ssize_t count = ::read(fds[0], buffer, sizeof(buffer));
    if (count < 0 && errno == EINTR)
      continue;
    if (count <= 0)
      break;
    reply.append(buffer, count);
  }
  ::close(fds[0]);
  int waitStatus = 0;
  while (::waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(waitStatus))
    return OnnxError{std::string("ONNX shape inference crashed (") +
                     ::strsignal(WTERMSIG(waitStatus)) +
                     "): the model is malformed (e.g. an operand whose rank "
                     "does not fit its operator)"};
  if (!WIFEXITED(waitStatus) || WEXITSTATUS(waitStatus) != 0 || reply.empty())
    return OnnxError{"ONNX shape inference failed (its process exited "
                     "abnormally)"};
  if (reply[0] == 'E')
    return OnnxError{"ONNX shape inference failed: " +
                     trimmed(reply.substr(1))};
  ::onnx::ModelProto inferred;
  if (!inferred.ParseFromArray(reply.data() + 1,
                               static_cast<int>(reply.size() - 1)))
    return OnnxError{"ONNX shape inference returned an unreadable model"};
  model.Swap(&inferred);
  return std::nullopt;
}

static std::optional<OnnxError> convertModel(::onnx::ModelProto &model,
                                             const OnnxLoadOptions &options,
                                             OnnxGraph &graph) {
  if (!model.has_graph())
    return OnnxError{"not an ONNX model: the file has no graph"};
  if (model.opset_import_size() == 0)
    return OnnxError{"not an ONNX model (or a truncated one): the file "
                     "imports no operator set"};
  graph.irVersion = model.ir_version();
  graph.producerName = model.producer_name();
  graph.producerVersion = model.producer_version();
  for (const ::onnx::OperatorSetIdProto &opset : model.opset_import())
    if (opset.domain().empty() || opset.domain() == "ai.onnx")
      graph.opsetVersion = opset.version();

  bindDimValues(*model.mutable_graph(), options);
  if (options.inferShapes && needsShapeInference(model.graph())) {
    if (std::optional<OnnxError> error = inferShapesIsolated(model))
      return error;
    graph.ranShapeInference = true;
  }
  // After inference: the model now holds the inferred graph.
  const ::onnx::GraphProto &proto = model.graph();

  graph.name = proto.name();
  std::unordered_set<std::string> initializerNames;
  for (const ::onnx::TensorProto &init : proto.initializer()) {
    OnnxTensor tensor;
    if (std::optional<OnnxError> error = convertTensor(init, tensor))
      return OnnxError{"initializer: " + error->message};
    initializerNames.insert(tensor.name);
    OnnxTensorType type;
    type.elementType = tensor.elementType;
    type.hasShape = true;
    type.dims = tensor.dims;
    type.dimParams.assign(tensor.dims.size(), "");
    graph.valueTypes[tensor.name] = type;
    graph.initializers.push_back(std::move(tensor));
  }
  for (const ::onnx::ValueInfoProto &info : proto.value_info())
    graph.valueTypes[info.name()] = convertType(info.type());
  for (const ::onnx::ValueInfoProto &info : proto.input()) {
    // IR < 4 lists initializers among the inputs too.
    if (initializerNames.count(info.name()))
      continue;
    OnnxValueInfo value{info.name(), convertType(info.type())};
    graph.valueTypes[value.name] = value.type;
    graph.inputs.push_back(std::move(value));
  }
  for (const ::onnx::ValueInfoProto &info : proto.output()) {
    OnnxValueInfo value{info.name(), convertType(info.type())};
    // The declared output type may be less precise than the inferred one.
    auto it = graph.valueTypes.find(value.name);
    if (!value.type.hasShape && it != graph.valueTypes.end())
      value.type = it->second;
    else
      graph.valueTypes[value.name] = value.type;
    graph.outputs.push_back(std::move(value));
  }
  for (const ::onnx::NodeProto &nodeProto : proto.node()) {
    OnnxNode node;
    node.name = nodeProto.name();
    node.opType = nodeProto.op_type();
    node.domain = nodeProto.domain() == "ai.onnx" ? "" : nodeProto.domain();
    node.inputs.assign(nodeProto.input().begin(), nodeProto.input().end());
    node.outputs.assign(nodeProto.output().begin(), nodeProto.output().end());
    for (const ::onnx::AttributeProto &attrProto : nodeProto.attribute()) {
      OnnxAttribute attr;
      if (std::optional<OnnxError> error = convertAttribute(attrProto, attr))
        return OnnxError{"node '" + node.name + "' (" + node.opType +
                         "): " + error->message};
      node.attributes.push_back(std::move(attr));
    }
    graph.nodes.push_back(std::move(node));
  }
  return std::nullopt;
}

namespace {
/// Collects the protobuf text-format parser's errors.
class TextErrorCollector : public google::protobuf::io::ErrorCollector {
public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string &message) override {
    if (!first.empty())
      return;
    std::ostringstream os;
    os << "line " << line + 1 << ", column " << column + 1 << ": " << message;
    first = os.str();
  }
  std::string first;
};
} // namespace

//===----------------------------------------------------------------------===//
// Plain accessors
//===----------------------------------------------------------------------===//

std::string zigzag::toString(OnnxDataType type) {
  switch (type) {
  case OnnxDataType::Undefined:
    return "undefined";
  case OnnxDataType::Float:
    return "float";
  case OnnxDataType::UInt8:
    return "uint8";
  case OnnxDataType::Int8:
    return "int8";
  case OnnxDataType::UInt16:
    return "uint16";
  case OnnxDataType::Int16:
    return "int16";
  case OnnxDataType::Int32:
    return "int32";
  case OnnxDataType::Int64:
    return "int64";
  case OnnxDataType::String:
    return "string";
  case OnnxDataType::Bool:
    return "bool";
  case OnnxDataType::Float16:
    return "float16";
  case OnnxDataType::Double:
    return "double";
  case OnnxDataType::UInt32:
    return "uint32";
  case OnnxDataType::UInt64:
    return "uint64";
  case OnnxDataType::Complex64:
    return "complex64";
  case OnnxDataType::Complex128:
    return "complex128";
  case OnnxDataType::BFloat16:
    return "bfloat16";
  }
  return "type" + std::to_string(static_cast<int32_t>(type));
}

size_t zigzag::getByteWidth(OnnxDataType type) {
  switch (type) {
  case OnnxDataType::Bool:
  case OnnxDataType::UInt8:
  case OnnxDataType::Int8:
    return 1;
  case OnnxDataType::UInt16:
  case OnnxDataType::Int16:
  case OnnxDataType::Float16:
  case OnnxDataType::BFloat16:
    return 2;
  case OnnxDataType::Float:
  case OnnxDataType::Int32:
  case OnnxDataType::UInt32:
    return 4;
  case OnnxDataType::Double:
  case OnnxDataType::Int64:
  case OnnxDataType::UInt64:
  case OnnxDataType::Complex64:
    return 8;
  case OnnxDataType::Complex128:
    return 16;
  default:
    return 0;
  }
}

bool OnnxTensorType::isStatic() const {
  if (!hasShape)
    return false;
  for (int64_t dim : dims)
    if (dim == kOnnxDynamicDim)
      return false;
  return true;
}

int64_t OnnxTensor::getNumElements() const {
  int64_t count = 1;
  for (int64_t dim : dims)
    count *= dim;
  return count;
}

template <typename Result, typename Fn>
static std::optional<std::vector<Result>>
convertValues(const OnnxTensor &tensor, Fn convert) {
  if (!tensor.hasData)
    return std::nullopt;
  std::vector<Result> values;
  int64_t count = tensor.getNumElements();
  size_t width = getByteWidth(tensor.elementType);
  values.reserve(count);
  for (int64_t i = 0; i < count; ++i) {
    std::optional<Result> value = convert(tensor.rawData.data() + i * width);
    if (!value)
      return std::nullopt;
    values.push_back(*value);
  }
  return values;
}

template <typename T> static T readAs(const char *bytes) {
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

/// One element as double; nullopt for non-real types.
static std::optional<double> readReal(OnnxDataType type, const char *bytes) {
  switch (type) {
  case OnnxDataType::Float:
    return readAs<float>(bytes);
  case OnnxDataType::Double:
    return readAs<double>(bytes);
  case OnnxDataType::Int8:
    return readAs<int8_t>(bytes);
  case OnnxDataType::UInt8:
  case OnnxDataType::Bool:
    return readAs<uint8_t>(bytes);
  case OnnxDataType::Int16:
    return readAs<int16_t>(bytes);
  case OnnxDataType::UInt16:
    return readAs<uint16_t>(bytes);
  case OnnxDataType::Int32:
    return readAs<int32_t>(bytes);
  case OnnxDataType::UInt32:
    return readAs<uint32_t>(bytes);
  case OnnxDataType::Int64:
    return static_cast<double>(readAs<int64_t>(bytes));
  case OnnxDataType::UInt64:
    return static_cast<double>(readAs<uint64_t>(bytes));
  case OnnxDataType::Float16: {
    // IEEE half -> float.
    uint16_t h = readAs<uint16_t>(bytes);
    uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1f,
             mant = h & 0x3ff;
    uint32_t bits;
    if (exp == 0 && mant == 0) {
      bits = sign;
    } else if (exp == 0) { // subnormal
      int shift = 0;
      while (!(mant & 0x400)) {
        mant <<= 1;
        ++shift;
      }
      bits = sign | ((127 - 15 - shift + 1) << 23) | ((mant & 0x3ff) << 13);
    } else if (exp == 0x1f) {
      bits = sign | 0x7f800000u | (mant << 13);
    } else {
      bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  case OnnxDataType::BFloat16: {
    uint32_t bits = static_cast<uint32_t>(readAs<uint16_t>(bytes)) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  default:
    return std::nullopt;
  }
}

std::optional<std::vector<int64_t>> OnnxTensor::getIntValues() const {
  OnnxDataType type = elementType;
  return convertValues<int64_t>(
      *this, [type](const char *bytes) -> std::optional<int64_t> {
        if (type == OnnxDataType::Int64)
          return readAs<int64_t>(bytes);
        if (type == OnnxDataType::UInt64)
          return static_cast<int64_t>(readAs<uint64_t>(bytes));
        std::optional<double> value = readReal(type, bytes);
        if (!value ||
            *value != static_cast<double>(static_cast<int64_t>(*value)))
          return std::nullopt;
        return static_cast<int64_t>(*value);
      });
}

std::optional<std::vector<double>> OnnxTensor::getFloatValues() const {
  OnnxDataType type = elementType;
  return convertValues<double>(
      *this, [type](const char *bytes) { return readReal(type, bytes); });
}

const OnnxAttribute *
OnnxNode::findAttribute(const std::string &attrName) const {
  for (const OnnxAttribute &attr : attributes)
    if (attr.name == attrName)
      return &attr;
  return nullptr;
}

const OnnxTensor *
OnnxGraph::findInitializer(const std::string &valueName) const {
  for (const OnnxTensor &tensor : initializers)
    if (tensor.name == valueName)
      return &tensor;
  return nullptr;
}

const OnnxTensorType *OnnxGraph::findType(const std::string &valueName) const {
  auto it = valueTypes.find(valueName);
  return it == valueTypes.end() ? nullptr : &it->second;
}

//===----------------------------------------------------------------------===//
// Entry points: nothing may escape them
//===----------------------------------------------------------------------===//

std::optional<OnnxError> zigzag::readOnnxModel(const void *data, size_t size,
                                               const OnnxLoadOptions &options,
                                               OnnxGraph &graph) {
  try {
    if (size > static_cast<size_t>(INT_MAX))
      return OnnxError{"the file is larger than 2 GiB; keep the weights in "
                       "external data files"};
    ::onnx::ModelProto model;
    if (!model.ParseFromArray(data, static_cast<int>(size)))
      return OnnxError{"cannot parse the file as an ONNX model (not a "
                       "ModelProto protobuf, or truncated)"};
    return convertModel(model, options, graph);
  } catch (const std::exception &e) {
    return OnnxError{std::string("ONNX library error: ") + e.what()};
  } catch (...) {
    return OnnxError{"ONNX library error (unknown exception)"};
  }
}

std::optional<OnnxError> zigzag::assembleOnnxModel(const std::string &text,
                                                   OnnxTextSyntax syntax,
                                                   std::string &binary) {
  try {
    ::onnx::ModelProto model;
    if (syntax == OnnxTextSyntax::OnnxText) {
      ::onnx::Common::Status status =
          ::onnx::OnnxParser::Parse(model, text.c_str());
      if (!status.IsOK())
        return OnnxError{status.ErrorMessage()};
    } else {
      google::protobuf::TextFormat::Parser parser;
      TextErrorCollector errors;
      parser.RecordErrorsTo(&errors);
      if (!parser.ParseFromString(text, &model))
        return OnnxError{errors.first.empty() ? "cannot parse the text"
                                              : errors.first};
    }
    if (!model.SerializeToString(&binary))
      return OnnxError{"cannot serialize the model"};
    return std::nullopt;
  } catch (const std::exception &e) {
    return OnnxError{std::string("ONNX library error: ") + e.what()};
  } catch (...) {
    return OnnxError{"ONNX library error (unknown exception)"};
  }
}
