//===- zigzag-onnx-gen.cpp - text -> binary ONNX models -------------------===//
//
//   zigzag-onnx-gen model.txt -o model.onnx
//       assembles a model written in ONNX's textual syntax, or, with
//       --syntax=proto (default for .textproto/.pbtxt files), in the
//       protobuf text format of ModelProto;
//   zigzag-onnx-gen --dump model.onnx
//       prints the graph as zigzag-translate --import-onnx reads it (after
//       shape inference): inputs, initializers, nodes with value types.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/OnnxModel.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace zigzag;

namespace {
enum class SyntaxOption { Auto, Onnx, Proto };
} // namespace

static cl::opt<std::string> inputFilename(cl::Positional, cl::desc("<input>"),
                                          cl::init("-"));
static cl::opt<std::string> outputFilename("o", cl::desc("Output file"),
                                           cl::value_desc("filename"),
                                           cl::init("-"));
static cl::opt<bool> dump("dump",
                          cl::desc("Read a binary model and print its graph"));
static cl::opt<SyntaxOption>
    syntax("syntax", cl::desc("Syntax of the text input"),
           cl::values(clEnumValN(SyntaxOption::Auto, "auto",
                                 "proto for .textproto/.pbtxt, else onnx"),
                      clEnumValN(SyntaxOption::Onnx, "onnx",
                                 "ONNX's textual syntax (onnx/defs/parser.h)"),
                      clEnumValN(SyntaxOption::Proto, "proto",
                                 "protobuf text format of onnx.ModelProto")),
           cl::init(SyntaxOption::Auto));

static void printType(raw_ostream &os, const OnnxTensorType &type) {
  os << toString(type.elementType);
  if (!type.hasShape) {
    os << "[?]";
    return;
  }
  os << "[";
  for (size_t i = 0; i < type.dims.size(); ++i) {
    if (i)
      os << ",";
    if (type.dims[i] != kOnnxDynamicDim)
      os << type.dims[i];
    else
      os << (type.dimParams[i].empty() ? "?" : type.dimParams[i]);
  }
  os << "]";
}

static void printValue(raw_ostream &os, const OnnxGraph &graph,
                       const std::string &name) {
  os << name << ": ";
  if (const OnnxTensorType *type = graph.findType(name))
    printType(os, *type);
  else
    os << "unknown";
}

static void printGraph(raw_ostream &os, const OnnxGraph &graph) {
  os << "graph \"" << graph.name << "\" ir " << graph.irVersion << " opset "
     << graph.opsetVersion << " producer \"" << graph.producerName << "\""
     << (graph.ranShapeInference ? " (shapes inferred)" : "") << "\n";
  for (const OnnxValueInfo &input : graph.inputs) {
    os << "input ";
    printValue(os, graph, input.name);
    os << "\n";
  }
  for (const OnnxTensor &init : graph.initializers) {
    os << "initializer " << init.name << ": " << toString(init.elementType)
       << "["
       << join(
              map_range(init.dims, [](int64_t d) { return std::to_string(d); }),
              ",")
       << "] "
       << (init.hasData      ? "data"
           : init.isExternal ? "external"
                             : "no data")
       << "\n";
  }
  for (const OnnxNode &node : graph.nodes) {
    os << "node \"" << node.name << "\" " << node.opType;
    if (!node.domain.empty())
      os << " (" << node.domain << ")";
    os << "\n";
    for (const OnnxAttribute &attr : node.attributes) {
      os << "  attr " << attr.name << " = ";
      switch (attr.kind) {
      case OnnxAttribute::Kind::Int:
        os << attr.intValue;
        break;
      case OnnxAttribute::Kind::Float:
        os << attr.floatValue;
        break;
      case OnnxAttribute::Kind::String:
        os << "\"" << attr.stringValue << "\"";
        break;
      case OnnxAttribute::Kind::Ints:
        os << "["
           << join(map_range(attr.ints,
                             [](int64_t v) { return std::to_string(v); }),
                   ",")
           << "]";
        break;
      case OnnxAttribute::Kind::Floats:
        os << "[" << attr.floats.size() << " floats]";
        break;
      case OnnxAttribute::Kind::Strings:
        os << "[" << attr.strings.size() << " strings]";
        break;
      case OnnxAttribute::Kind::Tensor:
        os << "tensor " << toString(attr.tensor->elementType) << "["
           << attr.tensor->getNumElements() << "]";
        break;
      case OnnxAttribute::Kind::Other:
        os << attr.otherKind;
        break;
      }
      os << "\n";
    }
    for (const std::string &input : node.inputs) {
      os << "  in  ";
      printValue(os, graph, input);
      os << "\n";
    }
    for (const std::string &output : node.outputs) {
      os << "  out ";
      printValue(os, graph, output);
      os << "\n";
    }
  }
  for (const OnnxValueInfo &output : graph.outputs) {
    os << "output ";
    printValue(os, graph, output.name);
    os << "\n";
  }
}

static int fail(const Twine &message) {
  WithColor::error(errs(), "zigzag-onnx-gen") << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv,
                              "ONNX text -> binary model, and model dumps\n");
  ErrorOr<std::unique_ptr<MemoryBuffer>> input =
      MemoryBuffer::getFileOrSTDIN(inputFilename, /*IsText=*/false);
  if (std::error_code ec = input.getError())
    return fail(inputFilename + ": " + ec.message());
  StringRef contents = (*input)->getBuffer();

  std::error_code ec;
  ToolOutputFile output(outputFilename, ec,
                        dump ? sys::fs::OF_Text : sys::fs::OF_None);
  if (ec)
    return fail(outputFilename + ": " + ec.message());

  if (dump) {
    OnnxGraph graph;
    if (std::optional<OnnxError> error = readOnnxModel(
            contents.data(), contents.size(), OnnxLoadOptions(), graph))
      return fail(inputFilename + ": " + error->message);
    printGraph(output.os(), graph);
    output.keep();
    return 0;
  }

  OnnxTextSyntax textSyntax = OnnxTextSyntax::OnnxText;
  StringRef extension = sys::path::extension(inputFilename);
  if (syntax == SyntaxOption::Proto ||
      (syntax == SyntaxOption::Auto &&
       (extension == ".textproto" || extension == ".pbtxt")))
    textSyntax = OnnxTextSyntax::ProtoText;
  std::string binary;
  if (std::optional<OnnxError> error =
          assembleOnnxModel(contents.str(), textSyntax, binary))
    return fail(inputFilename + ": " + error->message);
  output.os() << binary;
  output.keep();
  return 0;
}
