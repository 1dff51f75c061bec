//===- ReferenceResultsTest.cpp - ZigZag's reference runs, re-evaluated ---===//
//
// Walks every result file of $ZIGZAG_REFERENCE_DIR/zigzag/ (README.md there):
// imports its hardware, workload and mapping files with the project's
// importers, derives each layer's workload from its imported linalg op,
// evaluates the spatial and temporal mapping ZigZag chose for it, and
// compares every term the file records (energy and latency with their terms,
// word accesses, per-level energies, unit counts, double buffering, transfer
// cycles, per-port stall/slack) and the network totals. A new reference file
// is picked up without code changes.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Analysis/WorkloadAnalysis.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Import/HardwareYAML.h"
#include "zigzag/Import/MappingYAML.h"
#include "zigzag/Import/WorkloadToLinalg.h"
#include "zigzag/Model/CostModel.h"
#include "zigzag/Search/Search.h"

#include "../Model/CostModelFixtures.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using namespace zigzag;
namespace json = llvm::json;

namespace {

constexpr double kRelativeTolerance = 1e-6;

void expectNear(double actual, std::optional<double> expected,
                const std::string &what) {
  if (!expected) {
    ADD_FAILURE() << what << ": not recorded in the reference file";
    return;
  }
  double reference = *expected;
  double tolerance = kRelativeTolerance * std::max(1.0, std::abs(reference));
  EXPECT_NEAR(actual, reference, tolerance) << what;
}

/// `object[key]` as an object; an empty one (and a failure) if absent.
const json::Object &member(const json::Object &object, llvm::StringRef key) {
  static const json::Object empty;
  if (const json::Object *found = object.getObject(key))
    return *found;
  ADD_FAILURE() << "reference file: no object '" << key.str() << "'";
  return empty;
}

/// Keys of `object` in sorted order (json::Object does not keep file order).
std::vector<std::string> sortedKeys(const json::Object &object) {
  std::vector<std::string> keys;
  for (const auto &entry : object)
    keys.push_back(entry.first.str());
  std::sort(keys.begin(), keys.end());
  return keys;
}

/// The reference files, sorted by name.
std::vector<std::string> listReferenceFiles(const std::string &dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (llvm::sys::path::extension(it->path()) == ".json")
      files.push_back(it->path());
  std::sort(files.begin(), files.end());
  return files;
}

/// "zigzag/inputs/hardware/x.yaml" (ZigZag's repository layout) ->
/// "<dir>/zigzag-inputs/hardware/x.yaml".
std::string resolveInput(const std::string &dir, llvm::StringRef recorded) {
  llvm::StringRef relative = recorded;
  if (relative.consume_front("zigzag/inputs/"))
    return dir + "/zigzag-inputs/" + relative.str();
  return dir + "/" + relative.str();
}

std::optional<Direction> directionFromZigZagName(llvm::StringRef name) {
  if (name == "rd_out_to_low")
    return Direction::ToLow;
  if (name == "wr_in_by_low")
    return Direction::FromLow;
  if (name == "rd_out_to_high")
    return Direction::ToHigh;
  if (name == "wr_in_by_high")
    return Direction::FromHigh;
  return std::nullopt;
}

/// The workload's memory operand named `layerOperand` (after the links).
std::optional<MemOperand> findOperand(const Workload &w,
                                      llvm::StringRef layerOperand) {
  for (MemOperand op : kAllMemOperands)
    if (w.operand(op).present && w.operand(op).name == layerOperand)
      return op;
  return std::nullopt;
}

/// A loop factor `[name, size]` of the reference file.
void appendLoop(const json::Value &entry, const Workload &w,
                std::vector<LoopFactor> &out) {
  const json::Array *pair = entry.getAsArray();
  std::optional<llvm::StringRef> name =
      pair && pair->size() == 2 ? (*pair)[0].getAsString() : std::nullopt;
  std::optional<double> size =
      pair && pair->size() == 2 ? (*pair)[1].getAsNumber() : std::nullopt;
  if (!name || !size || *size != std::floor(*size)) {
    ADD_FAILURE() << "bad loop entry " << llvm::formatv("{0}", entry).str();
    return;
  }
  int loop = w.findLoop(name->str());
  if (loop < 0) {
    ADD_FAILURE() << "the imported layer has no loop " << name->str();
    return;
  }
  out.push_back({static_cast<unsigned>(loop), static_cast<int64_t>(*size)});
}

/// ZigZag's chosen mapping: `spatial_mapping` per array dim, and per layer
/// operand its `temporal_mapping` levels (innermost first), whose loops
/// concatenated give the one loop order all operands share.
Mapping mappingOf(const json::Object &layer, const Workload &w,
                  const Hardware &hw) {
  Mapping m;
  m.spatial.resize(hw.array.sizes.size());
  const json::Object &spatial = member(layer, "spatial_mapping");
  for (const std::string &dimName : sortedKeys(spatial)) {
    std::optional<unsigned> dim = hw.array.findDim(dimName);
    const json::Array *loops = spatial.getArray(dimName);
    if (!dim || !loops) {
      ADD_FAILURE() << "spatial_mapping: bad array dim " << dimName;
      continue;
    }
    for (const json::Value &entry : *loops)
      appendLoop(entry, w, m.spatial[*dim]);
  }

  const json::Object &temporal = member(layer, "temporal_mapping");
  bool haveOrder = false;
  for (const std::string &layerOperand : sortedKeys(temporal)) {
    std::optional<MemOperand> op = findOperand(w, layerOperand);
    const json::Array *levels = temporal.getArray(layerOperand);
    if (!op || !levels) {
      ADD_FAILURE() << "temporal_mapping: bad operand " << layerOperand;
      continue;
    }
    std::vector<LoopFactor> order;
    std::vector<unsigned> &ends = m.levelEnds[static_cast<unsigned>(*op)];
    for (const json::Value &level : *levels) {
      const json::Object *object = level.getAsObject();
      const json::Array *loops = object ? object->getArray("loops") : nullptr;
      if (!loops) {
        ADD_FAILURE() << "temporal_mapping of " << layerOperand
                      << ": a level without loops";
        continue;
      }
      for (const json::Value &entry : *loops)
        appendLoop(entry, w, order);
      ends.push_back(order.size());
    }
    if (!haveOrder) {
      m.temporal = std::move(order);
      haveOrder = true;
    } else {
      EXPECT_TRUE(order == m.temporal)
          << "the temporal loops of " << layerOperand
          << " are not in the same order as the other operands'";
    }
  }
  return m;
}

/// The imported workload as ZigZag parsed it: loop sizes, precisions, MACs.
void compareWorkload(const json::Object &layer, const Workload &w) {
  const json::Object &sizes = member(layer, "loop_sizes");
  EXPECT_EQ(w.numLoops(), sizes.size()) << "number of loops";
  for (const std::string &name : sortedKeys(sizes)) {
    int loop = w.findLoop(name);
    if (loop < 0) {
      ADD_FAILURE() << "the imported layer has no loop " << name;
      continue;
    }
    expectNear(w.loopSizes[loop], sizes.getNumber(name), "loop size " + name);
  }
  const json::Object &precisions = member(layer, "operand_precision");
  for (const std::string &name : sortedKeys(precisions)) {
    bool isFinal = name == "O_final";
    std::optional<MemOperand> op =
        findOperand(w, isFinal ? llvm::StringRef("O") : llvm::StringRef(name));
    if (!op) {
      ADD_FAILURE() << "the imported layer has no operand " << name;
      continue;
    }
    const WorkloadOperand &operand = w.operand(*op);
    expectNear(isFinal ? operand.finalPrecision : operand.precision,
               precisions.getNumber(name), "precision of " + name);
  }
  expectNear(w.macs(), layer.getNumber("macs"), "MACs");
}

/// Evaluates ZigZag's mapping of `layer` into `c` (setting `evaluated`) and
/// compares every recorded term.
void compareLayer(const json::Object &layer, const Workload &w,
                  const Hardware &hw, Cost &c, bool &evaluated) {
  compareWorkload(layer, w);
  Mapping m = mappingOf(layer, w, hw);
  CostModel model(w, hw);
  ASSERT_EQ(model.setupError(), "");
  ASSERT_EQ(model.check(m), "");
  model.evaluate(m, c);
  evaluated = true;

  expectNear(c.energy, layer.getNumber("energy_pJ"), "energy");
  expectNear(c.latency, layer.getNumber("latency_cycles"), "latency");
  expectNear(c.macEnergy, layer.getNumber("mac_energy_pJ"), "MAC energy");
  expectNear(c.memEnergy, layer.getNumber("mem_energy_pJ"), "memory energy");
  expectNear(c.latency0, layer.getNumber("latency_total0"), "latency_total0");
  expectNear(c.latency1, layer.getNumber("latency_total1"), "latency_total1");
  expectNear(c.idealCycle, layer.getNumber("ideal_cycle"), "ideal cycle");
  expectNear(c.idealTemporalCycle, layer.getNumber("ideal_temporal_cycle"),
             "ideal temporal cycle");
  expectNear(c.stallSlack, layer.getNumber("stall_slack_comb"), "SS_comb");
  expectNear(c.onload, layer.getNumber("data_onloading_cycles"), "onloading");
  expectNear(c.offload, layer.getNumber("data_offloading_cycles"),
             "offloading");
  expectNear(c.spatialUtilization, layer.getNumber("spatial_utilization"),
             "spatial utilization");

  const json::Object &details = member(layer, "details");
  const json::Object &accessCounts = member(layer, "access_counts");
  const json::Object &memoryNames = member(layer, "memory_names_per_operand");
  const json::Object &energies = member(layer, "energy_breakdown");
  const json::Object &macStationary =
      member(details, "mac_level_data_stationary_cycle");
  const json::Object &doubleBuffered = member(details, "double_buffer_true");
  const json::Object &unitCounts = member(details, "unit_count");
  const json::Object &realCycles =
      member(details, "real_data_trans_cycle_int_mapping");
  const json::Object &allowedCycles =
      member(details, "allowed_mem_update_cycle");
  for (const std::string &layerOperand : sortedKeys(accessCounts)) {
    std::optional<MemOperand> op = findOperand(w, layerOperand);
    const json::Array *names = memoryNames.getArray(layerOperand);
    const json::Array *dbFlags = doubleBuffered.getArray(layerOperand);
    const json::Array *units = unitCounts.getArray(layerOperand);
    if (!op || !names || !dbFlags || !units) {
      ADD_FAILURE() << "access_counts: operand " << layerOperand
                    << " unknown or without memory names/details";
      continue;
    }
    const OperandCost &oc = c.operand(*op);
    ASSERT_EQ(oc.numLevels, names->size()) << layerOperand;
    // details lists the MAC level first, then the memory levels.
    ASSERT_EQ(dbFlags->size(), oc.numLevels + 1) << layerOperand;
    ASSERT_EQ(units->size(), oc.numLevels + 1) << layerOperand;
    expectNear(oc.macStationaryCycles, macStationary.getNumber(layerOperand),
               layerOperand + " MAC-level stationary cycles");
    const json::Object &operandAccesses = member(accessCounts, layerOperand);
    const json::Object &operandEnergies = member(energies, layerOperand);
    const json::Object &operandReal = member(realCycles, layerOperand);
    const json::Object &operandAllowed = member(allowedCycles, layerOperand);
    for (unsigned lv = 0; lv < oc.numLevels; ++lv) {
      std::string mem = (*names)[lv].getAsString().value_or("").str();
      std::string where = layerOperand + "@" + mem;
      const OperandLevelCost &lc = oc.levels[lv];
      EXPECT_EQ(hw.memories[lc.memory].name, mem) << layerOperand;
      expectNear(lc.energy, operandEnergies.getNumber(mem), where + " energy");
      expectNear(lc.unitCount, (*units)[lv + 1].getAsNumber(),
                 where + " unit count");
      EXPECT_EQ(std::optional<bool>(lc.doubleBuffered),
                (*dbFlags)[lv + 1].getAsBoolean())
          << where << " double buffered";
      const json::Object &levelAccesses = member(operandAccesses, mem);
      const json::Object &levelReal = member(operandReal, mem);
      const json::Object &levelAllowed = member(operandAllowed, mem);
      for (const std::string &dirName : sortedKeys(levelAccesses)) {
        std::optional<Direction> dir = directionFromZigZagName(dirName);
        if (!dir) {
          ADD_FAILURE() << where << ": unknown direction " << dirName;
          continue;
        }
        unsigned d = static_cast<unsigned>(*dir);
        std::string what = where + " " + dirName;
        expectNear(lc.accesses[d], levelAccesses.getNumber(dirName),
                   what + " accesses");
        expectNear(lc.realCycles[d], levelReal.getNumber(dirName),
                   what + " real transfer cycles");
        expectNear(lc.allowedCycles[d], levelAllowed.getNumber(dirName),
                   what + " allowed transfer cycles");
      }
    }
  }
  const json::Object &stallSlack = member(details, "stall_slack_per_port");
  for (const std::string &mem : sortedKeys(stallSlack)) {
    const json::Object &ports = member(stallSlack, mem);
    for (const std::string &port : sortedKeys(ports)) {
      const PortCost *cost = zigzag::testing::findPortCost(c, hw, mem, port);
      if (!cost) {
        ADD_FAILURE() << "the hardware has no port " << mem << "." << port;
        continue;
      }
      expectNear(cost->stallSlack, ports.getNumber(port),
                 mem + "." + port + " stall/slack");
    }
  }
}

/// The imported network: one func of linalg ops, kept with its context.
struct ImportedWorkload {
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  llvm::StringMap<mlir::linalg::LinalgOp> layers; // by zigzag.layer_name
};

/// Imports the workload file at `path`; false with the diagnostics in
/// `error` on failure.
bool importWorkload(const std::string &path, ImportedWorkload &out,
                    std::string &error) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    error = "cannot read " + path + ": " + buffer.getError().message();
    return false;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  llvm::raw_string_ostream os(error);
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &out.context, os);
  out.module = mlir::zigzag::importZigZagWorkload(sourceMgr, &out.context);
  if (!out.module)
    return false;
  bool unique = true;
  out.module->walk([&](mlir::linalg::LinalgOp op) {
    auto name = op->getAttrOfType<mlir::StringAttr>(
        mlir::zigzag::ZigZagDialect::kLayerNameAttrName);
    if (name && !out.layers.try_emplace(name.getValue(), op).second) {
      os << path << ": two linalg ops named " << name.getValue() << "\n";
      unique = false;
    }
  });
  return unique;
}

/// Compares every layer and the totals of the reference file at `path`.
void compareReferenceFile(const std::string &dir, const std::string &path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(static_cast<bool>(buffer)) << buffer.getError().message();
  llvm::Expected<json::Value> parsed = json::parse((*buffer)->getBuffer());
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  const json::Object *root = parsed->getAsObject();
  ASSERT_TRUE(root) << "not a JSON object";

  std::optional<llvm::StringRef> hardwareFile = root->getString("hardware");
  std::optional<llvm::StringRef> workloadFile = root->getString("workload");
  ASSERT_TRUE(hardwareFile && workloadFile)
      << "'hardware' or 'workload' missing";
  llvm::Expected<Hardware> hw =
      readHardwareYAMLFile(resolveInput(dir, *hardwareFile));
  ASSERT_TRUE(static_cast<bool>(hw)) << llvm::toString(hw.takeError());
  ImportedWorkload network;
  std::string error;
  ASSERT_TRUE(importWorkload(resolveInput(dir, *workloadFile), network, error))
      << error;
  std::optional<MappingSpec> spec;
  if (std::optional<llvm::StringRef> mappingFile = root->getString("mapping")) {
    llvm::Expected<MappingSpec> read =
        readMappingYAMLFile(resolveInput(dir, *mappingFile));
    ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
    spec = std::move(*read);
  }

  const json::Array *layers = root->getArray("layers");
  ASSERT_TRUE(layers && !layers->empty()) << "no layers";
  double energy = 0, macEnergy = 0, memEnergy = 0, latency = 0;
  for (const json::Value &value : *layers) {
    const json::Object *layer = value.getAsObject();
    ASSERT_TRUE(layer) << "a layer is not an object";
    std::string name = layer->getString("name").value_or("").str();
    std::string type = layer->getString("operator_type").value_or("").str();
    SCOPED_TRACE("layer " + name + " (" + type + ")");
    auto op = network.layers.find(name);
    ASSERT_TRUE(op != network.layers.end())
        << "the imported workload has no layer " << name;
    std::string whyNot;
    mlir::FailureOr<mlir::zigzag::LinalgWorkload> analyzed =
        mlir::zigzag::analyzeLinalgOp(op->second, whyNot);
    ASSERT_TRUE(mlir::succeeded(analyzed)) << whyNot;
    Workload w = analyzed->workload;

    // The layer's own links override those of its mapping file entry.
    MappingSpecEntry entry;
    if (spec)
      if (const MappingSpecEntry *found = spec->lookup(name, type))
        entry = *found;
    if (const json::Object *links = layer->getObject("memory_operand_links")) {
      entry.memoryOperandLinks.clear();
      for (const std::string &layerOperand : sortedKeys(*links)) {
        std::optional<MemOperand> memOperand =
            parseMemOperand(links->getString(layerOperand).value_or("").str());
        ASSERT_TRUE(memOperand) << "bad memory operand for " << layerOperand;
        entry.memoryOperandLinks.push_back({layerOperand, *memOperand});
      }
    }
    ASSERT_TRUE(applyMemoryOperandLinks(w, entry))
        << "memory_operand_links do not name each operand once";

    Cost c;
    bool evaluated = false;
    compareLayer(*layer, w, *hw, c, evaluated);
    // Totals only mean something when every layer was evaluated.
    ASSERT_TRUE(evaluated) << "layer " << name << " was not evaluated";
    energy += c.energy;
    macEnergy += c.macEnergy;
    memEnergy += c.memEnergy;
    latency += c.latency;
  }
  const json::Object &total = member(*root, "total");
  expectNear(energy, total.getNumber("energy_pJ"), "network energy");
  expectNear(macEnergy, total.getNumber("mac_energy_pJ"), "network MAC energy");
  expectNear(memEnergy, total.getNumber("mem_energy_pJ"),
             "network memory energy");
  expectNear(latency, total.getNumber("latency_cycles"), "network latency");
  expectNear(layers->size(), total.getNumber("num_layers"), "layer count");
}

TEST(ReferenceResultsTest, EveryLayerOfEveryReferenceFile) {
  const char *root = std::getenv("ZIGZAG_REFERENCE_DIR");
  if (!root || !*root)
    GTEST_SKIP() << "ZIGZAG_REFERENCE_DIR is not set";
  std::string dir = root;
  if (!llvm::sys::fs::is_directory(dir + "/zigzag"))
    GTEST_SKIP() << dir << "/zigzag does not exist";
  std::vector<std::string> files = listReferenceFiles(dir + "/zigzag");
  ASSERT_FALSE(files.empty()) << "no *.json in " << dir << "/zigzag";
  for (const std::string &file : files) {
    SCOPED_TRACE(file);
    compareReferenceFile(dir, file);
  }
}

} // namespace
