//===- OnnxModelTest.cpp - ONNX reader (exception boundary) tests ---------===//

#include "zigzag/Import/OnnxModel.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

using namespace zigzag;

namespace {

/// A conv + relu + gemm graph in protobuf text format: a graph-only weight
/// (dims, no data), constants with data in several encodings, no
/// value_info (shape inference fills it in).
constexpr const char *kModel = R"(
ir_version: 8
opset_import { domain: "" version: 13 }
producer_name: "unit test"
graph {
  name: "net"
  input {
    name: "x"
    type { tensor_type { elem_type: 1 shape {
      dim { dim_param: "batch" } dim { dim_value: 2 }
      dim { dim_value: 5 } dim { dim_value: 5 } } } }
  }
  initializer { name: "w" data_type: 1 dims: [4, 2, 3, 3] }
  initializer { name: "b" data_type: 1 dims: 4 float_data: [1, 2, 3, 4] }
  initializer { name: "shape" data_type: 7 dims: 2 int64_data: [-1, 36] }
  initializer { name: "bits" data_type: 6 dims: 2 raw_data: "\001\000\000\000\376\377\377\377" }
  node { name: "conv" op_type: "Conv" input: ["x", "w", "b"] output: "y"
         attribute { name: "pads" type: INTS ints: [0, 0, 0, 0] }
         attribute { name: "act_size" type: INT i: 4 } }
  node { name: "relu" op_type: "Relu" input: "y" output: "r" }
  node { name: "flat" op_type: "Reshape" input: ["r", "shape"] output: "f" }
  output { name: "f" type { tensor_type { elem_type: 1 } } }
}
)";

std::string assemble(const char *text, OnnxTextSyntax syntax) {
  std::string binary;
  std::optional<OnnxError> error = assembleOnnxModel(text, syntax, binary);
  EXPECT_FALSE(error) << error->message;
  return binary;
}

TEST(OnnxModelTest, ReadsGraphAndInfersShapes) {
  std::string binary = assemble(kModel, OnnxTextSyntax::ProtoText);
  OnnxLoadOptions options;
  options.dimValues = {{"batch", 3}};
  OnnxGraph graph;
  std::optional<OnnxError> error =
      readOnnxModel(binary.data(), binary.size(), options, graph);
  ASSERT_FALSE(error) << error->message;
  EXPECT_EQ(graph.name, "net");
  EXPECT_EQ(graph.opsetVersion, 13);
  EXPECT_EQ(graph.producerName, "unit test");
  EXPECT_TRUE(graph.ranShapeInference);
  ASSERT_EQ(graph.inputs.size(), 1u);
  EXPECT_EQ(graph.inputs[0].type.dims, (std::vector<int64_t>{3, 2, 5, 5}));
  ASSERT_EQ(graph.nodes.size(), 3u);
  EXPECT_EQ(graph.nodes[0].name, "conv");
  const OnnxAttribute *act = graph.nodes[0].findAttribute("act_size");
  ASSERT_TRUE(act);
  EXPECT_EQ(act->kind, OnnxAttribute::Kind::Int);
  EXPECT_EQ(act->intValue, 4);

  // Inferred node outputs, with the bound batch and data propagation
  // through the Reshape's constant shape.
  const OnnxTensorType *y = graph.findType("y");
  ASSERT_TRUE(y);
  EXPECT_TRUE(y->isStatic());
  EXPECT_EQ(y->dims, (std::vector<int64_t>{3, 4, 3, 3}));
  const OnnxTensorType *f = graph.findType("f");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->dims, (std::vector<int64_t>{3, 36}));
  EXPECT_EQ(graph.outputs[0].type.dims, (std::vector<int64_t>{3, 36}));
}

TEST(OnnxModelTest, InitializersWithAndWithoutData) {
  std::string binary = assemble(kModel, OnnxTextSyntax::ProtoText);
  OnnxGraph graph;
  ASSERT_FALSE(
      readOnnxModel(binary.data(), binary.size(), OnnxLoadOptions(), graph));
  const OnnxTensor *w = graph.findInitializer("w");
  ASSERT_TRUE(w);
  EXPECT_FALSE(w->hasData);
  EXPECT_EQ(w->getNumElements(), 72);
  EXPECT_FALSE(w->getFloatValues());

  const OnnxTensor *b = graph.findInitializer("b");
  ASSERT_TRUE(b);
  ASSERT_TRUE(b->hasData);
  EXPECT_EQ(b->rawData.size(), 16u);
  EXPECT_EQ(*b->getFloatValues(), (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(*b->getIntValues(), (std::vector<int64_t>{1, 2, 3, 4}));

  const OnnxTensor *shape = graph.findInitializer("shape");
  ASSERT_TRUE(shape);
  EXPECT_EQ(*shape->getIntValues(), (std::vector<int64_t>{-1, 36}));

  const OnnxTensor *bits = graph.findInitializer("bits");
  ASSERT_TRUE(bits);
  EXPECT_EQ(bits->elementType, OnnxDataType::Int32);
  EXPECT_EQ(*bits->getIntValues(), (std::vector<int64_t>{1, -2}));
}

TEST(OnnxModelTest, DynamicDimsStayDynamicWithoutBinding) {
  std::string binary = assemble(kModel, OnnxTextSyntax::ProtoText);
  OnnxGraph graph;
  ASSERT_FALSE(
      readOnnxModel(binary.data(), binary.size(), OnnxLoadOptions(), graph));
  const OnnxTensorType &x = graph.inputs[0].type;
  EXPECT_FALSE(x.isStatic());
  EXPECT_EQ(x.dims[0], kOnnxDynamicDim);
  EXPECT_EQ(x.dimParams[0], "batch");
}

TEST(OnnxModelTest, OnnxTextSyntax) {
  std::string binary = assemble(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1,4] x, float[4] b = {1.0, 2.0, 3.0, 4.0}) => (float[1,4] y) {
      y = Add (x, b)
    })",
                                OnnxTextSyntax::OnnxText);
  OnnxGraph graph;
  ASSERT_FALSE(
      readOnnxModel(binary.data(), binary.size(), OnnxLoadOptions(), graph));
  ASSERT_EQ(graph.inputs.size(), 1u);
  EXPECT_EQ(graph.inputs[0].name, "x");
  ASSERT_EQ(graph.initializers.size(), 1u);
  EXPECT_EQ(*graph.initializers[0].getFloatValues(),
            (std::vector<double>{1, 2, 3, 4}));
  EXPECT_FALSE(graph.ranShapeInference);
}

TEST(OnnxModelTest, TextErrorsAreValues) {
  std::string binary;
  std::optional<OnnxError> error =
      assembleOnnxModel("graph { node {", OnnxTextSyntax::ProtoText, binary);
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("line 1"), std::string::npos) << error->message;
  error = assembleOnnxModel("not a model", OnnxTextSyntax::OnnxText, binary);
  ASSERT_TRUE(error);
}

TEST(OnnxModelTest, InconsistentDataIsAnError) {
  std::string binary = assemble(R"(
    ir_version: 8
    opset_import { domain: "" version: 13 }
    graph {
      initializer { name: "w" data_type: 1 dims: 3 float_data: [1, 2] }
      output { name: "w" type { tensor_type { elem_type: 1 } } }
    })",
                                OnnxTextSyntax::ProtoText);
  OnnxGraph graph;
  std::optional<OnnxError> error =
      readOnnxModel(binary.data(), binary.size(), OnnxLoadOptions(), graph);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message, "initializer: tensor 'w' of type float has 2 "
                            "values of data, expected 3 elements");
}

TEST(OnnxModelTest, ShapeInferenceErrorsAreValues) {
  std::string binary = assemble(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2,3] x, float[4] b) => (float[2,3] y) {
      h = Add (x, b)
      y = Relu (h)
    })",
                                OnnxTextSyntax::OnnxText);
  OnnxGraph graph;
  std::optional<OnnxError> error =
      readOnnxModel(binary.data(), binary.size(), OnnxLoadOptions(), graph);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message.rfind("ONNX shape inference failed: ", 0), 0u)
      << error->message;
}

// No prefix and no single corrupted byte of a model may crash the reader or
// let an exception escape: each read succeeds or returns an error.
TEST(OnnxModelTest, TruncatedAndCorruptedModelsNeverThrow) {
  std::string binary = assemble(kModel, OnnxTextSyntax::ProtoText);
  unsigned failures = 0;
  for (size_t size = 0; size < binary.size(); ++size) {
    OnnxGraph graph;
    if (readOnnxModel(binary.data(), size, OnnxLoadOptions(), graph))
      ++failures;
  }
  // Most prefixes cut a field (and the graph is one field near the start).
  EXPECT_GT(failures, binary.size() * 9 / 10);

  // Inverting a byte of the input's shape drops a dim, which crashes ONNX
  // 1.12's Conv shape inference: that must come back as an error.
  unsigned crashes = 0;
  for (size_t at = 0; at < binary.size(); ++at) {
    std::string corrupted = binary;
    corrupted[at] = static_cast<char>(~corrupted[at]);
    OnnxGraph graph;
    std::optional<OnnxError> error = readOnnxModel(
        corrupted.data(), corrupted.size(), OnnxLoadOptions(), graph);
    if (error && error->message.rfind("ONNX shape inference crashed", 0) == 0)
      ++crashes;
  }
  EXPECT_GT(crashes, 0u);
}

TEST(OnnxModelTest, NonModelsAreErrors) {
  OnnxGraph graph;
  std::optional<OnnxError> error =
      readOnnxModel("", 0, OnnxLoadOptions(), graph);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message, "not an ONNX model: the file has no graph");
  const char *text = "hello, this is not a protobuf";
  error = readOnnxModel(text, std::strlen(text), OnnxLoadOptions(), graph);
  ASSERT_TRUE(error);
}

} // namespace
