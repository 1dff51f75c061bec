//===- WorkloadYAMLTest.cpp - ZigZag workload YAML reader tests -----------===//

#include "zigzag/Import/WorkloadYAML.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cstdlib>

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

/// A DeFiNES network in its converted form: an input node, a conv that DeFiNES
/// widens (back-propagated OX/OY), a pooling layer, and an Add of both.
constexpr llvm::StringLiteral kDefinesNet = R"(
- id: 0
  operator_type: Conv
  equation: O[b][k][oy][ox]+=W[k][c][fy][fx]*I[b][c][ix][iy]
  dimension_relations: [ix=1*ox+1*fx, iy=1*oy+1*fy]
  loop_dims: [B, K, C, OY, OX, FY, FX]
  loop_sizes: [1, 8, 3, 10, 12, 3, 3]
  operand_precision: {O: 16, O_final: 8, W: 8, I: 8}
  operand_source: {W: 0, I: -1}
  defines_operand_source_dimension_mapping:
    I: {IX: OX, IY: OY, C: K}
  defines_core_allocation: 1
  defines_backpropagated_OX_OY: [14, 11]
  defines_input_node:
    id: -1
    equation: input
    loop_dims: [B, K, OY, OX]
    loop_sizes: [1, 3, 12, 14]
    precision: 8
    core_allocation: 1
    memory_operand_links: {O: I1}
    backpropagated_OX_OY: [16, 13]
- id: 1
  operator_type: Pooling
  equation: O[b][g][oy][ox]+=W[fx][fy]*I[b][g][ix][iy]
  dimension_relations: [ix=1*ox+1*fx, iy=1*oy+1*fy]
  loop_dims: [B, G, OY, OX, FX, FY]
  loop_sizes: [1, 8, 9, 12, 3, 3]
  operand_precision: {O: 16, O_final: 8, W: 0, I: 8}
  operand_source: {W: 1, I: 0}
  defines_operand_source_dimension_mapping:
    I: {IX: OX, IY: OY, G: K}
- id: 2
  operator_type: Add
  equation: O[b][g][oy][ox]=W[b][g][oy][ox]+I[b][g][oy][ox]
  loop_dims: [B, G, OY, OX]
  loop_sizes: [1, 8, 9, 12]
  operand_precision: {O: 16, O_final: 8, W: 8, I: 8}
  operand_source: {W: 0, I: 1}
  defines_operand_source_dimension_mapping:
    W: {OX: OX, OY: OY, G: G}
    I: {OX: OX, OY: OY, G: G}
  defines_operand_names: {W: X, I: Y}
)";

TEST_F(WorkloadYAMLTest, ReadsTheDeFiNESKeys) {
  auto layers = parse(kDefinesNet);
  ASSERT_TRUE(layers) << error;
  ASSERT_EQ(layers->size(), 3u);
  const WorkloadLayerSpec &conv = (*layers)[0];
  ASSERT_TRUE(conv.inputNode);
  const InputNodeSpec &input = *conv.inputNode;
  EXPECT_EQ(input.id, -1);
  EXPECT_EQ(input.loopDims, (std::vector<std::string>{"B", "K", "OY", "OX"}));
  EXPECT_EQ(input.loopSizes, (std::vector<int64_t>{1, 3, 12, 14}));
  EXPECT_EQ(input.effectiveLoopSizes(), (std::vector<int64_t>{1, 3, 13, 16}));
  EXPECT_EQ(input.precision, 8);
  EXPECT_EQ(input.coreAllocation, 1);
  EXPECT_EQ(input.memoryOperandLinks,
            (std::vector<std::pair<std::string, std::string>>{{"O", "I1"}}));
  // The declared sizes stay; DeFiNES's are the effective ones.
  EXPECT_EQ(conv.loopSizes, (std::vector<int64_t>{1, 8, 3, 10, 12, 3, 3}));
  EXPECT_EQ(conv.backpropagatedOXOY, std::make_pair(int64_t(14), int64_t(11)));
  EXPECT_EQ(conv.effectiveLoopSizes(),
            (std::vector<int64_t>{1, 8, 3, 11, 14, 3, 3}));
  EXPECT_EQ(conv.coreAllocation, 1);
  const SourceDimMappingSpec *convInput = conv.sourceDimMappingOf("I");
  ASSERT_TRUE(convInput);
  EXPECT_EQ(convInput->dims, (std::vector<std::pair<std::string, std::string>>{
                                 {"IX", "OX"}, {"IY", "OY"}, {"C", "K"}}));
  ASSERT_TRUE(convInput->producerDimOf("C"));
  EXPECT_EQ(*convInput->producerDimOf("C"), "K");
  EXPECT_EQ(convInput->producerDimOf("B"), nullptr);
  EXPECT_EQ(conv.sourceDimMappingOf("W"), nullptr);

  const WorkloadLayerSpec &pool = (*layers)[1];
  EXPECT_FALSE(pool.inputNode);
  EXPECT_FALSE(pool.backpropagatedOXOY);
  EXPECT_EQ(pool.effectiveLoopSizes(), pool.loopSizes);

  const WorkloadLayerSpec &add = (*layers)[2];
  EXPECT_EQ(add.definesOperandNames,
            (std::vector<std::pair<std::string, std::string>>{{"W", "X"},
                                                              {"I", "Y"}}));
  // DeFiNES writes G: G for W although layer 0's output is O[b][k][oy][ox]:
  // the channel dim it means is K.
  EXPECT_EQ(*add.sourceDimMappingOf("W")->producerDimOf("G"), "K");
  EXPECT_EQ(*add.sourceDimMappingOf("I")->producerDimOf("G"), "G");
}

TEST_F(WorkloadYAMLTest, ReportsLocatedDeFiNESErrors) {
  auto expectError = [&](llvm::StringRef from, llvm::StringRef to,
                         llvm::StringRef expected) {
    std::string text = kDefinesNet.str();
    size_t at = text.find(from.str());
    ASSERT_NE(at, std::string::npos) << from.str();
    text.replace(at, from.size(), to.str());
    EXPECT_FALSE(parse(text)) << to.str();
    EXPECT_NE(error.find(expected.str()), std::string::npos)
        << "expected: " << expected.str() << "\ngot: " << error;
  };
  expectError("I: {IX: OX, IY: OY, G: K}", "I: {IX: OX, IY: OY, G: Q}",
              "test.yaml:32:25: error: layer 1: 'I' maps 'G' to 'Q', which is "
              "not a dim of layer 0's output (B, K, OY, OX)");
  expectError("I: {IX: OX, IY: OY, C: K}", "I: {IX: OX, IY: OY, G: K}",
              "test.yaml:11:25: error: layer 0: 'G' is not an index of 'I' "
              "(B, C, IX, IY) but maps to the input node's 'K' of size 3 "
              "(only a size-1 dim may be left out)");
  expectError("I: {IX: OX, IY: OY, C: K}", "I: {IX: OX, IY: OX}",
              "test.yaml:11:17: error: 'IX' and 'IY' both map to the "
              "producer's 'OX'");
  expectError("I: {IX: OX, IY: OY, C: K}", "W: {K: K}",
              "test.yaml:11:5: error: layer 0: dimension mapping of 'W', a "
              "constant operand (its operand_source is the layer itself): it "
              "has no producer");
  expectError("I: {IX: OX, IY: OY, C: K}", "Q: {K: K}",
              "test.yaml:11:5: error: layer 0: dimension mapping of 'Q', "
              "which is not an input of the equation");
  expectError("defines_backpropagated_OX_OY: [14, 11]",
              "defines_backpropagated_OX_OY: [14]",
              "test.yaml:13:34: error: 'defines_backpropagated_OX_OY' must be "
              "[OX, OY], got 1 entries");
  expectError("defines_backpropagated_OX_OY: [14, 11]",
              "defines_backpropagated_OX_OY: [14, 0]",
              "test.yaml:13:38: error: 'defines_backpropagated_OX_OY' sizes "
              "must be at least 1");
  expectError("    id: -1", "    id: 0",
              "test.yaml:15:9: error: DeFiNES's input node is layer -1, got 0");
  expectError("    equation: input", "    equation: O[b]=I[b]",
              "test.yaml:16:15: error: the input node's equation must be "
              "'input', got 'O[b]=I[b]'");
  expectError("    loop_sizes: [1, 3, 12, 14]", "    loop_sizes: [1, 3, 12]",
              "test.yaml:18:5: error: the input node's 'loop_sizes' has 3 "
              "entries but its 'loop_dims' has 4");
  expectError("    loop_dims: [B, K, OY, OX]", "    loop_dims: [B, K, Y, X]",
              "test.yaml:22:5: error: 'backpropagated_OX_OY' needs loop dims "
              "OX and OY, but the input node has B, K, Y, X");
  expectError("    memory_operand_links: {O: I1}",
              "    memory_operand_links: {I: I1}",
              "test.yaml:21:28: error: the input node has only the operand "
              "'O', got 'I'");
  expectError("    precision: 8", "    bits: 8",
              "test.yaml:19:5: error: unknown key 'bits' in "
              "'defines_input_node'");
  expectError("defines_operand_names: {W: X, I: Y}",
              "defines_operand_names: {W: X, Q: Y}",
              "test.yaml:43:33: error: layer 2: defines_operand_names renames "
              "'Q', which is not an input of the equation");
  // A second layer repeating the input node must agree with the first.
  expectError("  operand_source: {W: 1, I: 0}\n",
              "  operand_source: {W: 1, I: 0}\n"
              "  defines_input_node: {id: -1, loop_dims: [B, K, OY, OX], "
              "loop_sizes: [1, 3, 12, 15], precision: 8}\n",
              "test.yaml:31:3: error: layer 1: this defines_input_node differs "
              "from the one given with layer 0 (there is one network input)");
}

TEST_F(WorkloadYAMLTest, ReadsTheDeFiNESWorkloads) {
  const char *dir = std::getenv("ZIGZAG_REFERENCE_DIR");
  std::string workloads =
      dir ? std::string(dir) + "/defines-inputs/workload/" : "";
  if (workloads.empty() || !llvm::sys::fs::is_directory(workloads))
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  // Per file: layers, MACs with the declared sizes and with DeFiNES's.
  struct Expected {
    const char *file;
    size_t layers;
    int64_t declaredMacs, effectiveMacs;
  };
  for (const Expected &expected :
       {Expected{"fsrcnn", 8, 8362594208, 8362594208},
        Expected{"dmcnnvd", 20, 276042714624, 278813332224},
        Expected{"mccnn", 4, 52278792192, 52278792192},
        Expected{"mobilenetv1", 29, 1891288512, 1891288512},
        Expected{"resnet18", 28, 9353143424, 9353143424}}) {
    SCOPED_TRACE(expected.file);
    auto buffer =
        llvm::MemoryBuffer::getFile(workloads + expected.file + ".yaml");
    ASSERT_TRUE(static_cast<bool>(buffer));
    unsigned id =
        sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
    error.clear();
    auto layers = parseWorkloadYAML(sourceMgr, id);
    ASSERT_TRUE(layers) << error;
    EXPECT_EQ(layers->size(), expected.layers);
    int64_t declared = 0, effective = 0;
    unsigned inputNodes = 0;
    for (const WorkloadLayerSpec &layer : *layers) {
      int64_t d = 1, e = 1;
      for (int64_t size : layer.loopSizes)
        d *= size;
      for (int64_t size : layer.effectiveLoopSizes())
        e *= size;
      declared += d;
      effective += e;
      inputNodes += layer.inputNode.has_value();
    }
    EXPECT_EQ(declared, expected.declaredMacs);
    EXPECT_EQ(effective, expected.effectiveMacs);
    EXPECT_EQ(inputNodes, 1u);
  }
}

} // namespace
