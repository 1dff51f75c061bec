//===- SearchTest.cpp - Best mapping of one layer -------------------------===//

#include "zigzag/Search/Search.h"

#include "zigzag/Import/MappingYAML.h"
#include "zigzag/Search/LayerSignature.h"

#include "../Model/CostModelFixtures.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

using namespace zigzag;
using namespace zigzag::testing;

namespace {

std::vector<NamedFactor> named(const Workload &w,
                               const std::vector<LoopFactor> &loops) {
  std::vector<NamedFactor> out;
  for (const LoopFactor &lf : loops)
    out.push_back({w.loopNames[lf.loop], lf.factor});
  return out;
}

MappingSpecEntry gemmEntry() {
  // gemm_l1.yaml / gemm_l1_l3.yaml
  MappingSpecEntry entry;
  entry.name = "default";
  entry.hasSpatialMapping = true;
  entry.spatialMapping = {
      {"D1", {{"D0", 8}}}, {"D2", {{"D2", 8}}}, {"D3", {{"D1", 8}}}};
  entry.temporalOrdering = {
      {"D1", std::nullopt}, {"D2", std::nullopt}, {"D0", std::nullopt}};
  return entry;
}

MappingSpecEntry tpuDefault() {
  MappingSpecEntry entry;
  entry.name = "default";
  entry.hasSpatialMapping = true;
  entry.spatialMapping = {{"D1", {{"K", 32}}}, {"D2", {{"C", 32}}}};
  return entry;
}

// The one comparator: the criterion's metric first, ties to the other
// metric, equal candidates not better (the earlier stays).
TEST(SearchTest, ComparatorTieRule) {
  using C = SearchCriterion;
  // (energy, latency) pairs.
  EXPECT_TRUE(isBetter(1, 9, 2, 1, C::Energy));
  EXPECT_FALSE(isBetter(2, 1, 1, 9, C::Energy));
  EXPECT_TRUE(isBetter(1, 1, 1, 2, C::Energy));  // energy tie -> latency
  EXPECT_FALSE(isBetter(1, 2, 1, 2, C::Energy)); // equal: not better
  EXPECT_FALSE(isBetter(1, 1, 1, 2, C::Energy, TieBreak::None));
  EXPECT_TRUE(isBetter(9, 1, 1, 2, C::Latency));
  EXPECT_TRUE(isBetter(1, 2, 2, 2, C::Latency)); // latency tie -> energy
  EXPECT_FALSE(isBetter(2, 2, 2, 2, C::Latency));
  EXPECT_TRUE(isBetter(2, 3, 1, 7, C::EDP));  // 6 < 7
  EXPECT_FALSE(isBetter(2, 3, 3, 2, C::EDP)); // 6 = 6
  // Exact by default: a last-bit difference decides.
  double e = 1e6, noisy = std::nextafter(e, 2e6);
  EXPECT_TRUE(isBetter(e, 9, noisy, 1, C::Energy));
  // Within the depth-first tolerance it is a tie, decided by latency.
  EXPECT_FALSE(isBetter(e, 9, noisy, 1, C::Energy, TieBreak::OtherMetric,
                        kDepthFirstSumTolerance));
  EXPECT_TRUE(isBetter(noisy, 1, e, 9, C::Energy, TieBreak::OtherMetric,
                       kDepthFirstSumTolerance));
  EXPECT_TRUE(isBetter(e, 9, e * (1 + 1e-8), 1, C::Energy,
                       TieBreak::OtherMetric, kDepthFirstSumTolerance));
}

TEST(SearchTest, GemmL1WithLpfLimit3) {
  // cost-model.md §4.10 / ZigZag test_gemm_l1: one ordering.
  Workload w = gemmWorkload();
  MappingSpecEntry entry = gemmEntry();
  SearchOptions options;
  options.lpfLimit = 3;
  SearchResult r = searchLayer(w, gemmL1Hardware(), &entry, options);
  ASSERT_TRUE(r.found) << r.error;
  EXPECT_DOUBLE_EQ(r.cost.energy, 511349.76);
  EXPECT_DOUBLE_EQ(r.cost.latency, 8191);
  EXPECT_EQ(r.evaluated, 1u);
  EXPECT_EQ(r.spatialMappings, 1u);
  EXPECT_EQ(named(w, r.mapping.temporal),
            (std::vector<NamedFactor>{{"D1", 16}, {"D2", 16}, {"D0", 16}}));
  EXPECT_EQ(r.mapping.levelEnds[static_cast<unsigned>(MemOperand::O)],
            (std::vector<unsigned>{0, 3}));
}

TEST(SearchTest, GemmL1L3) {
  // cost-model.md §4.11 (HEAD costs): 6 orderings, the first of the ties.
  Workload w = gemmWorkload();
  MappingSpecEntry entry = gemmEntry();
  SearchResult r = searchLayer(w, gemmL1L3Hardware(), &entry, SearchOptions());
  ASSERT_TRUE(r.found) << r.error;
  EXPECT_NEAR(r.cost.energy, 19860090.88, 1e-6);
  EXPECT_DOUBLE_EQ(r.cost.latency, 8194);
  EXPECT_EQ(r.evaluated, 6u);
  EXPECT_EQ(
      named(w, r.mapping.temporal),
      (std::vector<NamedFactor>{
          {"D1", 4}, {"D2", 4}, {"D0", 4}, {"D2", 4}, {"D1", 4}, {"D0", 4}}));
}

TEST(SearchTest, ConvOnTpuLike) {
  // cost-model.md §4.13: 720 orderings of K2 C2 OY56 OX56 FY3 FX3.
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  MappingSpecEntry entry = tpuDefault();
  SearchResult r = searchLayer(w, tpuLikeHardware(), &entry, SearchOptions());
  ASSERT_TRUE(r.found) << r.error;
  EXPECT_NEAR(r.cost.energy, 68294568.736, 1e-5);
  EXPECT_DOUBLE_EQ(r.cost.latency, 113739);
  EXPECT_EQ(r.evaluated, 720u);
  EXPECT_EQ(
      named(w, r.mapping.temporal),
      (std::vector<NamedFactor>{
          {"C", 2}, {"FY", 3}, {"FX", 3}, {"OY", 56}, {"OX", 56}, {"K", 2}}));
  EXPECT_EQ(r.mapping.levelEnds[static_cast<unsigned>(MemOperand::O)],
            (std::vector<unsigned>{3, 6, 6}));
  EXPECT_EQ(r.mapping.spatial.size(), 2u);
  // The mapping passes the cost model's own check.
  CostModel model(w, tpuLikeHardware());
  EXPECT_EQ(model.check(r.mapping), "");
}

TEST(SearchTest, ResultsDoNotDependOnThreads) {
  Workload w = convWorkload(128, 64, 28, 28, 3, 3, 2);
  MappingSpecEntry entry = tpuDefault();
  SearchOptions one, three;
  three.threads = 3;
  for (SearchCriterion criterion :
       {SearchCriterion::Latency, SearchCriterion::Energy,
        SearchCriterion::EDP}) {
    one.criterion = three.criterion = criterion;
    one.lpfLimit = three.lpfLimit = 8;
    SearchResult a = searchLayer(w, tpuLikeHardware(), &entry, one);
    SearchResult b = searchLayer(w, tpuLikeHardware(), &entry, three);
    ASSERT_TRUE(a.found && b.found) << a.error << b.error;
    EXPECT_EQ(a.evaluated, b.evaluated);
    EXPECT_EQ(a.cost.energy, b.cost.energy);
    EXPECT_EQ(a.cost.latency, b.cost.latency);
    EXPECT_EQ(a.mapping.temporal, b.mapping.temporal);
    EXPECT_EQ(a.mapping.levelEnds, b.mapping.levelEnds);
  }
}

TEST(SearchTest, CriteriaPickTheirOptimum) {
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  MappingSpecEntry entry = tpuDefault();
  SearchOptions latency, energy, edp;
  energy.criterion = SearchCriterion::Energy;
  edp.criterion = SearchCriterion::EDP;
  SearchResult l = searchLayer(w, tpuLikeHardware(), &entry, latency);
  SearchResult e = searchLayer(w, tpuLikeHardware(), &entry, energy);
  SearchResult p = searchLayer(w, tpuLikeHardware(), &entry, edp);
  ASSERT_TRUE(l.found && e.found && p.found);
  EXPECT_LE(l.cost.latency, e.cost.latency);
  EXPECT_LE(e.cost.energy, l.cost.energy);
  EXPECT_LE(p.cost.energy * p.cost.latency, l.cost.energy * l.cost.latency);
  EXPECT_LE(p.cost.energy * p.cost.latency, e.cost.energy * e.cost.latency);
  EXPECT_EQ(parseSearchCriterion("edp"), SearchCriterion::EDP);
  EXPECT_FALSE(parseSearchCriterion("area").has_value());
}

TEST(SearchTest, FreeSearchWithoutEntry) {
  // No mapping entry: 3 generated spatial mappings, each searched.
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  SearchResult r = searchLayer(w, tpuLikeHardware(), nullptr, SearchOptions());
  ASSERT_TRUE(r.found) << r.error;
  EXPECT_EQ(r.spatialMappings, 3u);
  EXPECT_GT(r.evaluated, 720u);
}

TEST(SearchTest, ErrorsNameTheLayer) {
  Workload w = convWorkload(64, 64, 56, 56, 3, 3, 1);
  w.name = "conv2_1";
  Hardware hw = tpuLikeHardware();
  hw.memories.pop_back(); // no DRAM: sram_2MB must hold everything
  hw.memories[2].sizeBits = 8192;
  MappingSpecEntry entry = tpuDefault();
  SearchResult r = searchLayer(w, hw, &entry, SearchOptions());
  EXPECT_FALSE(r.found);
  EXPECT_EQ(r.error.rfind("layer 'conv2_1': no valid mapping (", 0), 0u)
      << r.error;
  EXPECT_NE(r.error.find("sram_2MB"), std::string::npos) << r.error;
  EXPECT_EQ(r.evaluated, 0u);
  EXPECT_EQ(r.skipped, 720u);

  // An operand without any memory.
  Hardware noW = tpuLikeHardware();
  noW.memories.erase(noW.memories.begin());
  noW.memories.back().operands = {MemOperand::I1, MemOperand::O};
  r = searchLayer(w, noW, &entry, SearchOptions());
  EXPECT_FALSE(r.found);
  EXPECT_EQ(r.error.rfind("layer 'conv2_1': ", 0), 0u) << r.error;

  // A malformed layer.
  Workload bad = w;
  bad.loopSizes[1] = 0;
  r = searchLayer(bad, tpuLikeHardware(), &entry, SearchOptions());
  EXPECT_EQ(r.error, "layer 'conv2_1': loop K has size 0");

  // A temporal ordering no ordering satisfies: K has fewer temporal
  // factors left than the entries placing it.
  entry.temporalOrdering = {{"K", std::nullopt},
                            {"K", std::nullopt},
                            {"K", std::nullopt},
                            {"K", std::nullopt}};
  r = searchLayer(w, tpuLikeHardware(), &entry, SearchOptions());
  EXPECT_FALSE(r.found);
  EXPECT_NE(r.error.find("temporal_ordering"), std::string::npos) << r.error;

  // An entry on a loop with no temporal iteration left (B = 1) cannot be
  // placed either: the search goes on without it and says so.
  entry.temporalOrdering = {{"B", std::nullopt}};
  r = searchLayer(w, tpuLikeHardware(), &entry, SearchOptions());
  EXPECT_TRUE(r.found) << r.error;
  EXPECT_NE(std::find(r.notes.begin(), r.notes.end(),
                      "temporal_ordering: searched without its entries on "
                      "loops that have no temporal iterations left"),
            r.notes.end());
}

TEST(SearchTest, DroppedSpatialUnrollingsAndTheSearchedFallback) {
  MappingSpecEntry entry = tpuDefault(); // D1: K 32, D2: C 32
  Hardware hw = tpuLikeHardware();
  SearchOptions options;
  options.zigzagCompat = false;
  // A conv has K and C: nothing dropped.
  EXPECT_TRUE(droppedSpatialUnrollings(convWorkload(64, 64, 14, 14, 3, 3, 1),
                                       hw, entry, options)
                  .empty());
  // A conv with one output channel: K is reduced to 1.
  EXPECT_EQ(droppedSpatialUnrollings(convWorkload(1, 64, 14, 14, 3, 3, 1), hw,
                                     entry, options),
            std::vector<std::string>{"K 32 on D1 (loop K has size 1)"});
  // A pooling layer (G, OY, OX, FX, FY) has neither.
  Workload pool = poolingWorkload(64, 28, 28, 3, 3, 1);
  std::vector<std::string> dropped =
      droppedSpatialUnrollings(pool, hw, entry, options);
  EXPECT_EQ(dropped,
            (std::vector<std::string>{"K 32 on D1 (the layer has no loop K)",
                                      "C 32 on D2 (the layer has no loop C)"}));
  // Kept, it runs on one PE; searched, on most of the array, faster.
  SearchResult kept = searchLayer(pool, hw, &entry, options);
  MappingSpecEntry searched = withSearchedSpatialMapping(entry);
  EXPECT_FALSE(searched.hasSpatialMapping);
  EXPECT_TRUE(searched.spatialMapping.empty());
  EXPECT_EQ(searched.memoryOperandLinks.size(),
            entry.memoryOperandLinks.size());
  SearchResult fallback = searchLayer(pool, hw, &searched, options);
  ASSERT_TRUE(kept.found && fallback.found);
  EXPECT_DOUBLE_EQ(kept.cost.spatialUtilization, 1.0 / 1024);
  EXPECT_GT(fallback.cost.spatialUtilization, 0.5);
  EXPECT_LT(fallback.cost.latency * 30,
            kept.cost.latency); // 13 476 cc vs 458 786
  // An entry without spatial_mapping drops nothing.
  EXPECT_TRUE(droppedSpatialUnrollings(pool, hw, searched, options).empty());
}

TEST(SearchTest, MemoryOperandLinksSwapRoles) {
  Workload w = gemmWorkload();
  MappingSpecEntry entry = gemmEntry();
  entry.memoryOperandLinks = {
      {"O", MemOperand::O}, {"I", MemOperand::I2}, {"W", MemOperand::I1}};
  Workload linked = w;
  ASSERT_TRUE(applyMemoryOperandLinks(linked, entry));
  EXPECT_EQ(linked.operand(MemOperand::I1).name, "W");
  EXPECT_EQ(linked.operand(MemOperand::I2).name, "I");
  EXPECT_EQ(linked.operandOrder[1], MemOperand::I2); // I stays first input
  entry.memoryOperandLinks = {{"A", MemOperand::I1}};
  Workload unlinked = w;
  EXPECT_FALSE(applyMemoryOperandLinks(unlinked, entry));
  EXPECT_EQ(unlinked.operand(MemOperand::I1).name, "I");
}

//===----------------------------------------------------------------------===//
// DeFiNES conventions: both Add inputs on I1, array dims left out = unroll 1.
//===----------------------------------------------------------------------===//

/// A DeFiNES Add entry: `O = W + I` with W (X) and I (Y) both on I1.
MappingSpecEntry definesAddEntry() {
  MappingSpecEntry entry;
  entry.name = "Layer4";
  entry.hasSpatialMapping = true;
  entry.spatialMapping = {{"D1", {{"G", 32}}}, {"D2", {{"OX", 8}}}};
  entry.memoryOperandLinks = {
      {"O", MemOperand::O}, {"W", MemOperand::I1}, {"I", MemOperand::I1}};
  return entry;
}

TEST(SearchTest, BothInputsOnI1RelinkTheSecondToI2) {
  Workload w = addWorkload(64, 16, 16); // operand order O W I
  MappingSpecEntry entry = definesAddEntry();
  EXPECT_TRUE(inputsShareI1(w, entry));
  Workload linked = w;
  ASSERT_TRUE(applyMemoryOperandLinks(linked, entry));
  // W (DeFiNES's X, first in the equation) keeps I1, I (Y) gets I2.
  EXPECT_EQ(linked.operand(MemOperand::I1).name, "W");
  EXPECT_EQ(linked.operand(MemOperand::I2).name, "I");
  EXPECT_EQ(linked.operandOrder,
            (std::array<MemOperand, kNumMemOperands>{
                MemOperand::O, MemOperand::I1, MemOperand::I2}));
  // The roles depend on names and order only: applying again is a no-op.
  Workload twice = linked;
  ASSERT_TRUE(applyMemoryOperandLinks(twice, entry));
  EXPECT_EQ(twice.operand(MemOperand::I1).name, "W");
  EXPECT_EQ(twice.operandOrder, linked.operandOrder);

  // Only both inputs on I1 with the output on O counts.
  entry.memoryOperandLinks = {
      {"O", MemOperand::O}, {"W", MemOperand::I2}, {"I", MemOperand::I1}};
  EXPECT_FALSE(inputsShareI1(w, entry));
  entry.memoryOperandLinks = {
      {"O", MemOperand::I2}, {"W", MemOperand::I1}, {"I", MemOperand::I1}};
  EXPECT_FALSE(inputsShareI1(w, entry));
  Workload unlinked = w;
  EXPECT_FALSE(applyMemoryOperandLinks(unlinked, entry));
  Workload single = w; // one input only
  single.operand(MemOperand::I2).present = false;
  EXPECT_FALSE(inputsShareI1(single, definesAddEntry()));
}

TEST(SearchTest, BothInputsOnI1SearchWhereI2FollowsI1) {
  Workload w = addWorkload(64, 16, 16);
  MappingSpecEntry entry = definesAddEntry();
  SearchOptions options;
  options.criterion = SearchCriterion::Energy;
  Hardware hw = tpuLikeHardware();
  SearchResult shared = searchLayer(w, hw, &entry, options);
  ASSERT_TRUE(shared.found) << shared.error;
  EXPECT_TRUE(shared.sharedI1);
  // I2 is held by I1's sram_2MB and dram, not by the I2 register.
  Hardware sharedHw = shareI1ChainWithI2(hw);
  auto levelMemories = [](const Cost &cost, const Hardware &on, MemOperand op) {
    std::vector<std::string> names;
    const OperandCost &oc = cost.operand(op);
    for (unsigned l = 0; l < oc.numLevels; ++l)
      names.push_back(on.memories[oc.levels[l].memory].name);
    return names;
  };
  EXPECT_EQ(levelMemories(shared.cost, sharedHw, MemOperand::I2),
            (std::vector<std::string>{"sram_2MB", "dram"}));
  EXPECT_EQ(levelMemories(shared.cost, sharedHw, MemOperand::I1),
            (std::vector<std::string>{"sram_2MB", "dram"}));

  // The same as relinking by hand on the transformed accelerator.
  Workload relinked = w;
  ASSERT_TRUE(applyMemoryOperandLinks(relinked, entry));
  MappingSpecEntry plain = entry;
  plain.memoryOperandLinks = {
      {"O", MemOperand::O}, {"W", MemOperand::I1}, {"I", MemOperand::I2}};
  SearchResult manual =
      searchLayer(relinked, shareI1ChainWithI2(hw), &plain, options);
  ASSERT_TRUE(manual.found) << manual.error;
  EXPECT_FALSE(manual.sharedI1);
  EXPECT_EQ(shared.cost.energy, manual.cost.energy);
  EXPECT_EQ(shared.cost.latency, manual.cost.latency);
  EXPECT_EQ(shared.evaluated, manual.evaluated);
  EXPECT_EQ(shared.mapping.levelEnds, manual.mapping.levelEnds);

  // Without the relink (ZigZag's links) the I2 register is used.
  SearchResult zigzag = searchLayer(w, hw, &plain, options);
  ASSERT_TRUE(zigzag.found) << zigzag.error;
  EXPECT_FALSE(zigzag.sharedI1);
  EXPECT_EQ(levelMemories(zigzag.cost, hw, MemOperand::I2),
            (std::vector<std::string>{"rf_128B", "dram"}));
  EXPECT_NE(zigzag.cost.energy, shared.cost.energy);
}

TEST(SearchTest, MissingArrayDimsUnrolledUseOnlyTheGivenDims) {
  Workload w = convWorkload(64, 64, 28, 28, 3, 3, 1);
  MappingSpecEntry entry = tpuDefault();
  entry.spatialMapping.pop_back(); // only D1: K 32
  SearchOptions options;
  options.criterion = SearchCriterion::Energy;
  Hardware hw = tpuLikeHardware();

  // ZigZag searches an unrolling for D2.
  SearchResult searched = searchLayer(w, hw, &entry, options);
  ASSERT_TRUE(searched.found) << searched.error;
  ASSERT_EQ(searched.mapping.spatial.size(), 2u);
  EXPECT_FALSE(searched.mapping.spatial[1].empty());
  EXPECT_GT(searched.spatialMappings, 1u);

  // DeFiNES does not use it.
  options.missingArrayDimsUnrolled = true;
  SearchResult unrolled = searchLayer(w, hw, &entry, options);
  ASSERT_TRUE(unrolled.found) << unrolled.error;
  EXPECT_EQ(unrolled.spatialMappings, 1u);
  ASSERT_EQ(unrolled.mapping.spatial.size(), 2u);
  EXPECT_EQ(named(w, unrolled.mapping.spatial[0]),
            (std::vector<NamedFactor>{{"K", 32}}));
  EXPECT_TRUE(unrolled.mapping.spatial[1].empty());
  EXPECT_NE(std::find(unrolled.notes.begin(), unrolled.notes.end(),
                      "array dim D2 is not in the spatial mapping: unroll 1"),
            unrolled.notes.end());
  EXPECT_DOUBLE_EQ(unrolled.cost.spatialUtilization, 32.0 / 1024);

  // An entry without spatial_mapping is searched either way.
  MappingSpecEntry open;
  open.name = "default";
  SearchResult free = searchLayer(w, hw, &open, options);
  ASSERT_TRUE(free.found) << free.error;
  EXPECT_FALSE(free.mapping.spatial[0].empty());
  EXPECT_FALSE(free.mapping.spatial[1].empty());
}

//===----------------------------------------------------------------------===//
// ZigZag's reference run: resnet18.yaml on tpu_like with tpu_like.yaml.
//===----------------------------------------------------------------------===//

std::filesystem::path referencePath(const std::string &relative) {
  const char *dir = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!dir)
    return {};
  std::filesystem::path path = std::filesystem::path(dir) / relative;
  return std::filesystem::exists(path) ? path : std::filesystem::path();
}

/// resnet18.yaml layer `id` built with the fixtures (loop sizes from the
/// reference file; stride 2 where the yaml has ix = 2*ox + fx).
Workload resnetLayer(const llvm::json::Object &layer) {
  static const std::vector<int> stride2 = {0, 1, 8, 10, 15, 17, 22, 24};
  int id = static_cast<int>(layer.getInteger("id").value_or(-1));
  int64_t stride = std::count(stride2.begin(), stride2.end(), id) ? 2 : 1;
  const llvm::json::Object *loops = layer.getObject("loop_sizes");
  auto size = [&](const char *name) {
    return loops ? loops->getInteger(name).value_or(0) : 0;
  };
  std::string type = layer.getString("operator_type").value_or("").str();
  Workload w;
  if (type == "Add")
    w = addWorkload(size("G"), size("OY"), size("OX"));
  else if (type == "Pooling")
    w = poolingWorkload(size("G"), size("OY"), size("OX"), size("FX"),
                        size("FY"), stride);
  else
    w = convWorkload(size("K"), size("C"), size("OY"), size("OX"), size("FY"),
                     size("FX"), stride);
  w.name = layer.getString("name").value_or("").str();
  w.operatorType = type;
  return w;
}

void checkResnetReference(const char *file, SearchCriterion criterion) {
  std::filesystem::path json = referencePath(std::string("zigzag/") + file);
  std::filesystem::path mappingFile =
      referencePath("zigzag-inputs/mapping/tpu_like.yaml");
  if (json.empty() || mappingFile.empty())
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR not set";
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(json.string());
  ASSERT_TRUE(static_cast<bool>(buffer)) << buffer.getError().message();
  llvm::Expected<llvm::json::Value> parsed =
      llvm::json::parse((*buffer)->getBuffer());
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Object *reference = parsed->getAsObject();
  ASSERT_TRUE(reference && reference->getArray("layers") &&
              reference->getObject("total"));
  llvm::Expected<MappingSpec> spec = readMappingYAMLFile(mappingFile.string());
  ASSERT_TRUE(static_cast<bool>(spec)) << llvm::toString(spec.takeError());

  SearchOptions options;
  options.criterion = criterion;
  options.threads = 2;
  double energy = 0, latency = 0;
  uint64_t evaluated = 0;
  for (const llvm::json::Value &value : *reference->getArray("layers")) {
    const llvm::json::Object &layer = *value.getAsObject();
    Workload w = resnetLayer(layer);
    SCOPED_TRACE(w.name);
    SearchResult r = searchLayer(w, tpuLikeHardware(),
                                 spec->lookup(w.name, w.operatorType), options);
    ASSERT_TRUE(r.found) << r.error;
    EXPECT_EQ(r.evaluated,
              static_cast<uint64_t>(
                  layer.getInteger("cme_evaluations").value_or(-1)));
    double layerEnergy = layer.getNumber("energy_pJ").value_or(NAN);
    double layerLatency = layer.getNumber("latency_cycles").value_or(NAN);
    EXPECT_NEAR(r.cost.energy, layerEnergy, 1e-9 * layerEnergy);
    EXPECT_NEAR(r.cost.latency, layerLatency, 1e-9 * layerLatency);
    // The chosen loops per operand and memory level.
    for (const auto &[key, operandLevels] :
         *layer.getObject("temporal_mapping")) {
      std::string operandName = key.str();
      const llvm::json::Array &levels = *operandLevels.getAsArray();
      MemOperand op = operandName == "O"   ? MemOperand::O
                      : operandName == "W" ? MemOperand::I2
                                           : MemOperand::I1;
      const std::vector<unsigned> &ends =
          r.mapping.levelEnds[static_cast<unsigned>(op)];
      ASSERT_EQ(ends.size(), levels.size());
      unsigned begin = 0;
      for (size_t lv = 0; lv < levels.size(); ++lv) {
        std::vector<NamedFactor> expected;
        for (const llvm::json::Value &loop :
             *levels[lv].getAsObject()->getArray("loops")) {
          const llvm::json::Array &pair = *loop.getAsArray();
          expected.push_back({pair[0].getAsString().value_or("").str(),
                              pair[1].getAsInteger().value_or(0)});
        }
        std::vector<LoopFactor> got(r.mapping.temporal.begin() + begin,
                                    r.mapping.temporal.begin() + ends[lv]);
        EXPECT_EQ(named(w, got), expected) << operandName << " level " << lv;
        begin = ends[lv];
      }
    }
    energy += r.cost.energy;
    latency += r.cost.latency;
    evaluated += r.evaluated;
  }
  const llvm::json::Object &total = *reference->getObject("total");
  EXPECT_NEAR(energy, total.getNumber("energy_pJ").value_or(NAN),
              1e-9 * energy);
  EXPECT_NEAR(latency, total.getNumber("latency_cycles").value_or(NAN),
              1e-9 * latency);
  EXPECT_EQ(evaluated,
            static_cast<uint64_t>(
                reference->getInteger("cme_evaluations").value_or(-1)));
}

TEST(SearchTest, Resnet18YamlOnTpuLikeLatency) {
  checkResnetReference("tpu_like__resnet18_yaml__latency.json",
                       SearchCriterion::Latency);
}

TEST(SearchTest, Resnet18YamlOnTpuLikeEnergy) {
  checkResnetReference("tpu_like__resnet18_yaml__energy.json",
                       SearchCriterion::Energy);
}

TEST(LayerSignatureTest, NamesDoNotCountEverythingSearchedDoes) {
  Workload a = convWorkload(64, 64, 56, 56, 3, 3, 1);
  Workload b = a;
  b.name = "other";
  b.layerId = 7;
  EXPECT_EQ(layerSignature(a), layerSignature(b));
  // Whatever the search reads makes a different layer.
  Workload c = a;
  c.loopSizes[c.findLoop("OY")] = 28;
  Workload d = a;
  d.operand(MemOperand::I2).precision = 4;
  Workload e = a;
  e.operand(MemOperand::O).finalPrecision = 16;
  Workload f = convWorkload(64, 64, 56, 56, 3, 3, 2); // stride: projections
  Workload g = a;
  std::swap(g.operandOrder[1], g.operandOrder[2]);
  for (const Workload *other : {&c, &d, &e, &f, &g})
    EXPECT_NE(layerSignature(a), layerSignature(*other));
}

} // namespace
