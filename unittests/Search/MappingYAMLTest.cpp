//===- MappingYAMLTest.cpp - ZigZag mapping YAML reader -------------------===//

#include "zigzag/Import/MappingYAML.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

using namespace zigzag;

namespace {

std::string referenceDir() {
  const char *dir = std::getenv("ZIGZAG_REFERENCE_DIR");
  return dir ? dir : "";
}

MappingSpec parse(llvm::StringRef text) {
  llvm::Expected<MappingSpec> spec = parseMappingYAML(text, "test.yaml");
  if (!spec) {
    ADD_FAILURE() << llvm::toString(spec.takeError());
    return {};
  }
  return std::move(*spec);
}

std::string parseError(llvm::StringRef text) {
  llvm::Expected<MappingSpec> spec = parseMappingYAML(text, "bad.yaml");
  if (spec) {
    ADD_FAILURE() << "expected an error";
    return "";
  }
  return llvm::toString(spec.takeError());
}

TEST(MappingYAMLTest, ParsesEveryKey) {
  MappingSpec spec = parse(R"(
- name: default
  spatial_mapping:
    D1:
      - K, 32
    D2:
      - C, 2
      - FX, 3
  spatial_mapping_hint:
    D3: [K, OX]
  memory_operand_links:
    O: O
    W: I1
    I: I2
  temporal_ordering:
    - [OX, 112]  # innermost
    - [K, "*"]
    - ["*", "*"]
    - [C, 2]
- name: Add
)");
  ASSERT_EQ(spec.entries.size(), 2u);
  const MappingSpecEntry &e = spec.entries[0];
  EXPECT_EQ(e.name, "default");
  ASSERT_TRUE(e.hasSpatialMapping);
  ASSERT_EQ(e.spatialMapping.size(), 2u);
  EXPECT_EQ(e.spatialMapping[1].arrayDim, "D2");
  ASSERT_EQ(e.spatialMapping[1].unrollings.size(), 2u);
  EXPECT_EQ(e.spatialMapping[1].unrollings[1].loop, "FX");
  EXPECT_EQ(e.spatialMapping[1].unrollings[1].factor, 3);
  ASSERT_EQ(e.spatialMappingHint.size(), 1u);
  EXPECT_EQ(e.spatialMappingHint[0].loops,
            (std::vector<std::string>{"K", "OX"}));
  EXPECT_EQ(e.linkFor("W"), MemOperand::I1);
  EXPECT_EQ(e.linkFor("I"), MemOperand::I2);
  EXPECT_FALSE(e.linkFor("X").has_value());
  ASSERT_EQ(e.temporalOrdering.size(), 4u);
  EXPECT_EQ(e.temporalOrdering[0].size, 112);
  EXPECT_FALSE(e.temporalOrdering[1].size.has_value());
  EXPECT_TRUE(e.temporalOrdering[2].isOuterMarker());
  // Defaults of an entry with a name only.
  const MappingSpecEntry &add = spec.entries[1];
  EXPECT_FALSE(add.hasSpatialMapping);
  EXPECT_EQ(add.linkFor("W"), MemOperand::I2);
  EXPECT_EQ(add.linkFor("I"), MemOperand::I1);
  EXPECT_EQ(add.linkFor("O"), MemOperand::O);
}

TEST(MappingYAMLTest, EntryLookupByNameThenTypeThenDefault) {
  MappingSpec spec = parse(R"(
- name: default
- name: Add
- name: layer7
)");
  EXPECT_EQ(spec.lookup("layer7", "Add")->name, "layer7");
  EXPECT_EQ(spec.lookup("layer8", "Add")->name, "Add");
  EXPECT_EQ(spec.lookup("layer8", "Conv")->name, "default");
  EXPECT_EQ(parse("- name: Conv\n").lookup("x", "Gemm"), nullptr);
}

TEST(MappingYAMLTest, BadInputGivesLocatedErrors) {
  EXPECT_EQ(parseError("- name: default\n  spatial_mapping:\n    D1:\n"
                       "      - K 32\n")
                .substr(0, 55),
            "bad.yaml:4:9: error: expected '<loop>, <factor>' (e.g. ");
  std::string unknown = parseError("- name: default\n  spatial_map: {}\n");
  EXPECT_NE(unknown.find("bad.yaml:2:3: error: unknown key 'spatial_map'"),
            std::string::npos)
      << unknown;
  std::string link =
      parseError("- name: a\n  memory_operand_links: {O: O, W: I3, I: I1}\n");
  EXPECT_NE(link.find("bad.yaml:2:35: error: unknown memory operand 'I3'"),
            std::string::npos)
      << link;
  std::string size =
      parseError("- name: a\n  temporal_ordering:\n    - [K, four]\n");
  EXPECT_NE(size.find("bad.yaml:3:11: error: the size of a temporal_ordering "
                      "entry (an integer or \"*\") must be an integer"),
            std::string::npos)
      << size;
  std::string noName = parseError("- spatial_mapping: {}\n");
  EXPECT_NE(noName.find("bad.yaml:1:3: error: mapping entry without a 'name'"),
            std::string::npos)
      << noName;
  std::string notList = parseError("name: default\n");
  EXPECT_NE(notList.find("bad.yaml:1:1: error: a mapping file must be a list"),
            std::string::npos)
      << notList;
  std::string syntax = parseError("- name: [default\n");
  EXPECT_NE(syntax.find("bad.yaml:"), std::string::npos) << syntax;
  EXPECT_NE(syntax.find("error:"), std::string::npos) << syntax;
  std::string zero =
      parseError("- name: a\n  spatial_mapping: {D1: [\"K, 0\"]}\n");
  EXPECT_NE(zero.find("unrolling factor must be at least 1"), std::string::npos)
      << zero;
  // The source line and a caret follow the message.
  EXPECT_NE(unknown.find("  spatial_map: {}\n  ^"), std::string::npos)
      << unknown;
}

TEST(MappingYAMLTest, MissingFileIsAnError) {
  llvm::Expected<MappingSpec> spec =
      readMappingYAMLFile("/nonexistent/mapping.yaml");
  ASSERT_FALSE(spec);
  EXPECT_NE(llvm::toString(spec.takeError()).find("cannot read mapping file"),
            std::string::npos);
}

TEST(MappingYAMLTest, ReadsEveryReferenceMappingFile) {
  std::filesystem::path dir =
      std::filesystem::path(referenceDir()) / "zigzag-inputs" / "mapping";
  if (referenceDir().empty() || !std::filesystem::is_directory(dir))
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  unsigned files = 0;
  for (const auto &file : std::filesystem::directory_iterator(dir)) {
    if (file.path().extension() != ".yaml")
      continue;
    ++files;
    llvm::Expected<MappingSpec> spec =
        readMappingYAMLFile(file.path().string());
    ASSERT_TRUE(static_cast<bool>(spec)) << llvm::toString(spec.takeError());
    EXPECT_NE(spec->lookup("", "")->name, "") << file.path();
    EXPECT_EQ(spec->lookup("", "")->name, "default") << file.path();
  }
  EXPECT_GE(files, 13u);

  llvm::Expected<MappingSpec> tpu =
      readMappingYAMLFile((dir / "tpu_like.yaml").string());
  ASSERT_TRUE(static_cast<bool>(tpu));
  ASSERT_EQ(tpu->entries.size(), 4u);
  const MappingSpecEntry *layer0 =
      tpu->lookup("example_name_of_layer0", "Conv");
  ASSERT_EQ(layer0->temporalOrdering.size(), 5u);
  EXPECT_EQ(layer0->temporalOrdering[4].loop, "K");
  EXPECT_EQ(layer0->temporalOrdering[4].size, 2);
  EXPECT_EQ(tpu->lookup("x", "Pooling")->spatialMapping[0].unrollings[0].loop,
            "G");

  llvm::Expected<MappingSpec> gemm =
      readMappingYAMLFile((dir / "gemm_l1.yaml").string());
  ASSERT_TRUE(static_cast<bool>(gemm));
  const MappingSpecEntry &entry = gemm->entries[0];
  ASSERT_EQ(entry.temporalOrdering.size(), 3u);
  EXPECT_EQ(entry.temporalOrdering[2].loop, "D0");
  EXPECT_FALSE(entry.temporalOrdering[2].size.has_value());
  EXPECT_EQ(entry.spatialMapping[2].unrollings[0].loop, "D1");

  llvm::Expected<MappingSpec> mixed =
      readMappingYAMLFile((dir / "tpu_like_mixed.yaml").string());
  ASSERT_TRUE(static_cast<bool>(mixed));
  ASSERT_EQ(mixed->entries[0].spatialMappingHint.size(), 4u);
  EXPECT_EQ(mixed->entries[0].spatialMappingHint[3].loops,
            (std::vector<std::string>{"OX", "OY"}));
}

TEST(MappingYAMLTest, AcceptsBothInputsOnI1) {
  // DeFiNES's Add layers; the search relinks the second input to I2.
  MappingSpec spec =
      parse("- name: Add\n  memory_operand_links: {O: O, W: I1, I: I1}\n");
  ASSERT_EQ(spec.entries.size(), 1u);
  EXPECT_EQ(spec.entries[0].linkFor("W"), MemOperand::I1);
  EXPECT_EQ(spec.entries[0].linkFor("I"), MemOperand::I1);
  EXPECT_EQ(spec.entries[0].linkFor("O"), MemOperand::O);
}

TEST(MappingYAMLTest, RejectsOtherSharedMemoryOperands) {
  std::string twice =
      parseError("- name: a\n  memory_operand_links: {O: O, W: I2, I: I2}\n");
  EXPECT_NE(twice.find("bad.yaml:2:42: error: memory operand 'I2' is linked "
                       "twice (only two inputs may share I1, as in DeFiNES's "
                       "Add layers)"),
            std::string::npos)
      << twice;
  std::string output =
      parseError("- name: a\n  memory_operand_links: {O: O, W: O, I: I1}\n");
  EXPECT_NE(output.find("bad.yaml:2:35: error: memory operand 'O' is linked "
                        "twice"),
            std::string::npos)
      << output;
  std::string three =
      parseError("- name: a\n  memory_operand_links: {W: I1, I: I1, O: I1}\n");
  EXPECT_NE(three.find("bad.yaml:2:43: error: memory operand 'I1' is linked "
                       "three times"),
            std::string::npos)
      << three;
  std::string withOutput =
      parseError("- name: a\n  memory_operand_links: {O: I1, W: I1, I: I2}\n");
  EXPECT_NE(withOutput.find("bad.yaml:2:36: error: memory operand 'I1' is "
                            "linked twice"),
            std::string::npos)
      << withOutput;
}

TEST(MappingYAMLTest, ReadsEveryDeFiNESMappingFile) {
  std::filesystem::path dir =
      std::filesystem::path(referenceDir()) / "defines-inputs" / "mapping";
  if (referenceDir().empty() || !std::filesystem::is_directory(dir))
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  unsigned files = 0;
  for (const auto &file : std::filesystem::directory_iterator(dir)) {
    if (file.path().extension() != ".yaml")
      continue;
    ++files;
    llvm::Expected<MappingSpec> spec =
        readMappingYAMLFile(file.path().string());
    ASSERT_TRUE(static_cast<bool>(spec)) << llvm::toString(spec.takeError());
    EXPECT_EQ(spec->entries.front().name, "default") << file.path();
  }
  EXPECT_EQ(files, 25u);

  llvm::Expected<MappingSpec> meta =
      readMappingYAMLFile((dir / "Meta_prototype__resnet18.yaml").string());
  ASSERT_TRUE(static_cast<bool>(meta)) << llvm::toString(meta.takeError());
  // Layer 4 is an Add: both inputs on I1.
  const MappingSpecEntry *add = meta->lookup("Layer4", "Add");
  ASSERT_TRUE(add);
  EXPECT_EQ(add->name, "Layer4");
  EXPECT_EQ(add->linkFor("W"), MemOperand::I1);
  EXPECT_EQ(add->linkFor("I"), MemOperand::I1);
  // Layer 1 (pooling) leaves D2 out: DeFiNES does not use it.
  const MappingSpecEntry *pool = meta->lookup("Layer1", "Pooling");
  ASSERT_TRUE(pool && pool->hasSpatialMapping);
  ASSERT_EQ(pool->spatialMapping.size(), 3u);
  EXPECT_EQ(pool->spatialMapping[0].arrayDim, "D1");
  EXPECT_EQ(pool->spatialMapping[1].arrayDim, "D3");
  EXPECT_EQ(pool->spatialMapping[2].arrayDim, "D4");
  EXPECT_EQ(pool->spatialMapping[0].unrollings[0].loop, "G");
  EXPECT_EQ(pool->spatialMapping[0].unrollings[0].factor, 32);
}

} // namespace
