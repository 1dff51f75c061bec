//===- WorkloadYAMLTest.cpp - ZigZag workload YAML reader tests -----------===//

#include "zigzag/Import/WorkloadYAML.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace zigzag;

namespace {

/// Parses workload texts; `error` receives the first diagnostic, rendered.
class WorkloadYAMLTest : public ::testing::Test {
protected:
  std::optional<std::vector<WorkloadLayerSpec>> parse(llvm::StringRef text) {
    // The source manager keeps every buffer alive for the specs' SMLocs.
    unsigned id = sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(text, "test.yaml"), llvm::SMLoc());
    error.clear();
    sourceMgr.setDiagHandler(
        [](const llvm::SMDiagnostic &diag, void *context) {
          auto *out = static_cast<std::string *>(context);
          if (!out->empty())
            return;
          llvm::raw_string_ostream os(*out);
          diag.print(nullptr, os, /*ShowColors=*/false);
        },
        &error);
    return parseWorkloadYAML(sourceMgr, id);
  }

  llvm::SourceMgr sourceMgr;
  std::string error;
};

constexpr llvm::StringLiteral kConv = R"(
- id: 4
  operator_type: Conv
  equation: O[b][k][oy][ox] += W[k][c][fy][fx] * I[b][c][iy][ix]
  dimension_relations: [ix=2*ox+1*fx, iy = oy + 2 * fy]
  loop_dims: [B, K, C, OY, OX, FY, FX]
  loop_sizes: [1, 64, 3, 112, 112, 7, 7]
  operand_precision: {W: 8, I: 8, O: 16}
  operand_source: {I: -1, W: 4}
  pr_loop_dims: [IX, IY]
  pr_loop_sizes: [224, 224]
  padding: [[3, 3], [2, 4]]
  defines_operand_source_dimension_mapping:
    I: {IX: OX, IY: OY, C: K}
)";

TEST_F(WorkloadYAMLTest, ReadsAConvLayer) {
  auto layers = parse(kConv);
  ASSERT_TRUE(layers) << error;
  ASSERT_EQ(layers->size(), 1u);
  const WorkloadLayerSpec &layer = layers->front();
  EXPECT_EQ(layer.id, 4);
  EXPECT_EQ(layer.name, "Layer4"); // ZigZag's default name
  EXPECT_EQ(layer.operatorType, "Conv");
  EXPECT_TRUE(layer.accumulate);
  EXPECT_EQ(layer.combine, '*');
  EXPECT_EQ(layer.output.dims,
            (std::vector<std::string>{"B", "K", "OY", "OX"}));
  EXPECT_EQ(layer.inputs[0].name, "W");
  EXPECT_EQ(layer.inputs[1].name, "I");
  EXPECT_EQ(layer.inputs[1].dims,
            (std::vector<std::string>{"B", "C", "IY", "IX"}));
  const DimRelationSpec *ix = layer.findRelation("IX");
  ASSERT_TRUE(ix);
  EXPECT_EQ(ix->terms, (std::vector<std::pair<std::string, int64_t>>{
                           {"OX", 2}, {"FX", 1}}));
  const DimRelationSpec *iy = layer.findRelation("IY");
  ASSERT_TRUE(iy);
  EXPECT_EQ(iy->terms, (std::vector<std::pair<std::string, int64_t>>{
                           {"OY", 1}, {"FY", 2}}));
  EXPECT_EQ(layer.findLoop("FX"), 6);
  EXPECT_EQ(layer.precisionOf("O"), 16);
  EXPECT_EQ(layer.outputFinalPrecision, 16); // O_final defaults to O
  ASSERT_TRUE(layer.sourceOf("I"));
  EXPECT_EQ(layer.sourceOf("I")->layer, -1);
  EXPECT_EQ(layer.sourceOf("W")->layer, 4);
  const PrDimSpec *prY = layer.findPrDim("IY");
  ASSERT_TRUE(prY);
  EXPECT_EQ(prY->size, 224);
  EXPECT_EQ(prY->padLow, 2);
  EXPECT_EQ(prY->padHigh, 4);
}

TEST_F(WorkloadYAMLTest, ReadsAnAddLayerAndScalars) {
  auto layers = parse(R"(
- id: 0
  name: residual
  operator_type: Add
  equation: O[k]=W[k]+I[k]
  loop_dims: [k]
  loop_sizes: [16]
  operand_precision: {O: 8, O_final: 4, W: 8, I: 8}
- id: 1
  operator_type: Gemm
  equation: O[k]+=I[k]*W[]
  loop_dims: [K]
  loop_sizes: [16]
  operand_precision: {O: 8, W: 8, I: 8}
  operand_source: {I: 0, W: 1}
)");
  ASSERT_TRUE(layers) << error;
  const WorkloadLayerSpec &add = (*layers)[0];
  EXPECT_EQ(add.name, "residual");
  EXPECT_FALSE(add.accumulate);
  EXPECT_EQ(add.combine, '+');
  EXPECT_EQ(add.loopDims, (std::vector<std::string>{"K"})); // upper-cased
  EXPECT_EQ(add.outputFinalPrecision, 4);
  EXPECT_TRUE((*layers)[1].inputs[1].dims.empty());
}

TEST_F(WorkloadYAMLTest, ReportsLocatedErrors) {
  EXPECT_FALSE(parse(R"(
- id: 0
  operator_type: Gemm
  equation: O[d0][d1]+=I[d0][d2]*W[d2][d1]
  loop_dims: [D0, D1]
  loop_sizes: [4, 4]
  operand_precision: {O: 8, W: 8, I: 8}
)"));
  EXPECT_NE(error.find("test.yaml:4:30: error: layer 0: index 'D2' of operand "
                       "'I' is neither in loop_dims nor defined by a "
                       "dimension relation"),
            std::string::npos)
      << error;

  EXPECT_FALSE(parse(R"(
- id: 0
  operator_type: Conv
  equation: O[k][ox]+=W[k][fx]*I[ix]
  dimension_relations: [ix=2*ox+1*fx]
  loop_dims: [K, OX, FX]
  loop_sizes: [4, 4, 3]
  operand_precision: {O: 8, W: 8, I: 8}
  padding: [[1, 1]]
)"));
  EXPECT_NE(error.find("test.yaml:9:3: error: 'padding' needs 'pr_loop_dims'"),
            std::string::npos)
      << error;

  EXPECT_FALSE(
      parse("- id: 0\n  operator_type: Add\n  equation: O[k]=W[k]+W[k]\n"
            "  loop_dims: [K]\n  loop_sizes: [2]\n"
            "  operand_precision: {O: 8, W: 8}\n"));
  EXPECT_NE(error.find("error: the two input operands are both named 'W'"),
            std::string::npos)
      << error;

  EXPECT_FALSE(parse("[]\n"));
  EXPECT_NE(error.find("error: the workload file has no layers"),
            std::string::npos)
      << error;
}

} // namespace
