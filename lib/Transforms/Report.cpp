//===- Report.cpp - --zigzag-report ---------------------------------------===//
//
// The JSON report (docs/Report.md) and a human-readable per-layer table.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Analysis/CostAnalysis.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Search/Exhaustive.h"
#include "zigzag/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

namespace mlir {
namespace zigzag {
#define GEN_PASS_DEF_REPORT
#include "zigzag/Transforms/Passes.h.inc"
} // namespace zigzag
} // namespace mlir

using namespace mlir;
using namespace mlir::zigzag;
using ::zigzag::Cost;
using ::zigzag::Direction;
using ::zigzag::Hardware;
using ::zigzag::LoopFactor;
using ::zigzag::MemOperand;

namespace {

struct ReportedLayer {
  std::string opName;
  MappedOpCost mapped;
  /// Search statistics from `zigzag.search` ({evaluated, seconds}), if any.
  int64_t evaluated = 0;
  double seconds = 0;
  /// The whole `zigzag.search` dictionary (engine, optimality, gap, ...).
  DictionaryAttr search;
  /// MAESTRO's statistics (`zigzag.maestro`), reported as `maestro`.
  DictionaryAttr maestro;
};

void writeAttribute(llvm::json::OStream &j, Attribute attr);

/// LOMA's cost when the search recorded it (engine=exhaustive).
std::optional<std::pair<double, double>> lomaCost(const ReportedLayer &layer) {
  if (!layer.search)
    return std::nullopt;
  auto energy = layer.search.getAs<FloatAttr>("loma_energy");
  auto latency = layer.search.getAs<FloatAttr>("loma_latency");
  if (!energy || !latency)
    return std::nullopt;
  return std::make_pair(energy.getValueAsDouble(), latency.getValueAsDouble());
}

void writeLayer(llvm::json::OStream &j, const ReportedLayer &layer,
                const Hardware &accelerator) {
  // The memory indices of DeFiNES's Add layers refer to the accelerator
  // where I2 follows I1.
  std::optional<Hardware> shared;
  if (layer.mapped.inputsShareI1)
    shared = ::zigzag::shareI1ChainWithI2(accelerator);
  const Hardware &hw = shared ? *shared : accelerator;
  const ::zigzag::Workload &w = layer.mapped.layer.workload;
  const ::zigzag::Mapping &m = layer.mapped.mapping;
  const Cost &c = layer.mapped.cost;
  j.object([&] {
    j.attribute("name", w.name);
    j.attribute("op", layer.opName);
    j.attributeObject("loops", [&] {
      for (unsigned l = 0; l < w.numLoops(); ++l)
        j.attribute(w.loopNames[l], w.loopSizes[l]);
    });
    j.attribute("macs", w.macs());
    j.attribute("energy_pJ", c.energy);
    j.attribute("mac_energy_pJ", c.macEnergy);
    j.attribute("mem_energy_pJ", c.memEnergy);
    j.attribute("latency_cycles", c.latency);
    j.attributeObject("latency", [&] {
      j.attribute("ideal", c.idealCycle);
      j.attribute("ideal_temporal", c.idealTemporalCycle);
      j.attribute("stall", c.stallSlack);
      j.attribute("onload", c.onload);
      j.attribute("offload", c.offload);
      j.attribute("total0", c.latency0);
      j.attribute("total1", c.latency1);
    });
    j.attribute("spatial_utilization", c.spatialUtilization);
    auto loopPair = [&](const LoopFactor &f) {
      j.array([&] {
        j.value(w.loopNames[f.loop]);
        j.value(f.factor);
      });
    };
    j.attributeObject("mapping", [&] {
      j.attributeObject("spatial", [&] {
        for (unsigned d = 0; d < m.spatial.size(); ++d)
          if (!m.spatial[d].empty())
            j.attributeArray(hw.array.dimNames[d], [&] {
              for (const LoopFactor &f : m.spatial[d])
                loopPair(f);
            });
      });
      j.attributeObject("temporal", [&] {
        for (MemOperand op : ::zigzag::kAllMemOperands) {
          const std::vector<unsigned> &ends =
              m.levelEnds[static_cast<unsigned>(op)];
          if (!w.operand(op).present || ends.empty())
            continue;
          j.attributeArray(::zigzag::toString(op), [&] {
            unsigned begin = 0;
            for (unsigned end : ends) {
              j.array([&] {
                for (unsigned i = begin; i < end; ++i)
                  loopPair(m.temporal[i]);
              });
              begin = end;
            }
          });
        }
      });
    });
    // Per memory (accelerator order), per operand it holds for this layer:
    // energy and word accesses per direction.
    auto perMemory = [&](StringRef key, auto writeLevel) {
      j.attributeObject(key, [&] {
        for (unsigned mem = 0; mem < hw.memories.size(); ++mem) {
          SmallVector<std::pair<MemOperand, const ::zigzag::OperandLevelCost *>>
              levels;
          for (MemOperand op : ::zigzag::kAllMemOperands) {
            const ::zigzag::OperandCost &oc = c.operand(op);
            for (unsigned l = 0; oc.present && l < oc.numLevels; ++l)
              if (oc.levels[l].memory == mem)
                levels.push_back({op, &oc.levels[l]});
          }
          if (!levels.empty())
            j.attributeObject(hw.memories[mem].name, [&] {
              for (auto [op, level] : levels)
                writeLevel(::zigzag::toString(op), *level);
            });
        }
      });
    };
    perMemory("energy_breakdown",
              [&](const char *op, const ::zigzag::OperandLevelCost &lc) {
                j.attribute(op, lc.energy);
              });
    perMemory("accesses",
              [&](const char *op, const ::zigzag::OperandLevelCost &lc) {
                j.attributeObject(op, [&] {
                  for (unsigned d = 0; d < ::zigzag::kNumDirections; ++d)
                    j.attribute(::zigzag::toString(static_cast<Direction>(d)),
                                lc.accesses[d]);
                });
              });
    j.attributeObject("search", [&] {
      j.attribute("evaluated", layer.evaluated);
      j.attribute("seconds", layer.seconds);
      // Everything else the search recorded (engine, optimal, gap, ...).
      if (layer.search)
        for (NamedAttribute entry : layer.search) {
          StringRef key = entry.getName().getValue();
          if (key == "evaluated" || key == "seconds")
            continue;
          if (auto flag = dyn_cast<BoolAttr>(entry.getValue()))
            j.attribute(key, flag.getValue());
          else if (auto n = dyn_cast<IntegerAttr>(entry.getValue()))
            j.attribute(key, n.getInt());
          else if (auto x = dyn_cast<FloatAttr>(entry.getValue()))
            j.attribute(key, x.getValueAsDouble());
          else if (auto text = dyn_cast<StringAttr>(entry.getValue()))
            j.attribute(key, text.getValue());
        }
    });
    // What no mapping can beat (docs/Report.md).
    ::zigzag::PhysicalFloor floor = ::zigzag::physicalFloor(w, hw);
    j.attributeObject("floor", [&] {
      j.attribute("energy_pJ", floor.energy);
      j.attribute("mac_energy_pJ", floor.macEnergy);
      j.attribute("mem_energy_pJ", floor.memEnergy);
      j.attribute("latency_cycles", floor.cycles);
    });
    if (layer.maestro) {
      j.attributeBegin("maestro");
      writeAttribute(j, layer.maestro);
      j.attributeEnd();
    }
  });
}

std::string spatialText(const ReportedLayer &layer, const Hardware &hw) {
  std::string text;
  const ::zigzag::Mapping &m = layer.mapped.mapping;
  const ::zigzag::Workload &w = layer.mapped.layer.workload;
  for (unsigned d = 0; d < m.spatial.size(); ++d) {
    if (m.spatial[d].empty())
      continue;
    text += (text.empty() ? "" : " ") + hw.array.dimNames[d] + ":";
    // "×" keeps names ending in digits (d0, conv1) apart from the factor.
    for (unsigned e = 0; e < m.spatial[d].size(); ++e)
      text += (e ? "," : "") + w.loopNames[m.spatial[d][e].loop] + "\u00d7" +
              std::to_string(m.spatial[d][e].factor);
  }
  return text;
}

/// Writes an attribute of the depth-first result as JSON.
void writeAttribute(llvm::json::OStream &j, Attribute attr) {
  if (auto dict = dyn_cast<DictionaryAttr>(attr)) {
    j.object([&] {
      for (NamedAttribute named : dict)
        j.attributeBegin(named.getName().getValue()),
            writeAttribute(j, named.getValue()), j.attributeEnd();
    });
  } else if (auto array = dyn_cast<ArrayAttr>(attr)) {
    j.array([&] {
      for (Attribute element : array)
        writeAttribute(j, element);
    });
  } else if (auto ints = dyn_cast<DenseI64ArrayAttr>(attr)) {
    j.array([&] {
      for (int64_t v : ints.asArrayRef())
        j.value(v);
    });
  } else if (auto f = dyn_cast<FloatAttr>(attr)) {
    j.value(f.getValueAsDouble());
  } else if (auto b = dyn_cast<BoolAttr>(attr)) {
    j.value(b.getValue());
  } else if (auto i = dyn_cast<IntegerAttr>(attr)) {
    j.value(i.getInt());
  } else if (auto str = dyn_cast<StringAttr>(attr)) {
    j.value(str.getValue());
  } else {
    std::string text;
    llvm::raw_string_ostream os(text);
    attr.print(os);
    j.value(text);
  }
}

void printTable(llvm::raw_ostream &os, ArrayRef<ReportedLayer> layers,
                const Hardware &hw) {
  // The name column widens to the longest layer name.
  int nameWidth = 28;
  for (const ReportedLayer &layer : layers)
    nameWidth =
        std::max<int>(nameWidth, layer.mapped.layer.workload.name.size());
  os << llvm::format("%-*s %14s %16s %14s %6s  %s\n", nameWidth, "layer",
                     "MACs", "energy [pJ]", "latency [cc]", "util", "spatial");
  double energy = 0, latency = 0;
  int64_t macs = 0;
  for (const ReportedLayer &layer : layers) {
    const Cost &c = layer.mapped.cost;
    const ::zigzag::Workload &w = layer.mapped.layer.workload;
    os << llvm::format("%-*s %14lld %16.2f %14.1f %5.1f%%  %s\n", nameWidth,
                       w.name.c_str(), static_cast<long long>(w.macs()),
                       c.energy, c.latency, 100.0 * c.spatialUtilization,
                       spatialText(layer, hw).c_str());
    energy += c.energy;
    latency += c.latency;
    macs += w.macs();
  }
  os << llvm::format("%-*s %14lld %16.2f %14.1f\n", nameWidth, "total",
                     static_cast<long long>(macs), energy, latency);
}

/// The depth-first summary: per stack, then DF vs LBL.
void printDepthFirst(llvm::raw_ostream &os, DictionaryAttr df) {
  auto num = [](DictionaryAttr d, StringRef key) {
    auto f = d.getAs<FloatAttr>(key);
    return f ? f.getValueAsDouble() : 0.0;
  };
  auto tileText = [](DenseI64ArrayAttr tile) {
    return std::to_string(tile[0]) + "x" + std::to_string(tile[1]);
  };
  auto stacks = df.getAs<ArrayAttr>("stacks");
  if (auto tile = df.getAs<DenseI64ArrayAttr>("tile"))
    os << llvm::format("depth-first: %u stacks, %s, tile %s\n", stacks.size(),
                       df.getAs<StringAttr>("mode").getValue().str().c_str(),
                       tileText(tile).c_str());
  else
    os << llvm::format("depth-first: %u stacks, mode and tile per stack\n",
                       stacks.size());
  auto layersText = [](DictionaryAttr stack) {
    auto names = stack.getAs<ArrayAttr>("layers");
    std::string text = cast<StringAttr>(names[0]).getValue().str();
    if (names.size() > 1)
      text += ".." + cast<StringAttr>(names[names.size() - 1]).getValue().str();
    return text;
  };
  int layersWidth = 32;
  for (Attribute s : stacks)
    layersWidth =
        std::max<int>(layersWidth, layersText(cast<DictionaryAttr>(s)).size());
  os << llvm::format("%-6s %-*s %-21s %-9s %6s %18s %18s\n", "stack",
                     layersWidth, "layers", "mode", "tile", "types",
                     "energy [pJ]", "latency_df [cc]");
  unsigned si = 0;
  for (Attribute s : stacks) {
    auto stack = cast<DictionaryAttr>(s);
    std::string layers = layersText(stack);
    os << llvm::format("%-6u %-*s %-21s %-9s %6u %18.2f %18.1f\n", si++,
                       layersWidth, layers.c_str(),
                       stack.getAs<StringAttr>("mode").getValue().str().c_str(),
                       tileText(stack.getAs<DenseI64ArrayAttr>("tile")).c_str(),
                       stack.getAs<ArrayAttr>("tile_types").size(),
                       num(stack, "energy_pJ"),
                       num(stack, "latency_defines_cycles"));
  }
  auto lbl = df.getAs<DictionaryAttr>("layer_by_layer");
  os << llvm::format("%-29s %18.2f %18.1f\n", "depth-first total",
                     num(df, "energy_pJ"), num(df, "latency_defines_cycles"));
  if (auto infeasible = lbl ? lbl.getAs<StringAttr>("infeasible") : nullptr)
    os << "layer-by-layer: infeasible (" << infeasible.getValue() << ")\n";
  else if (lbl)
    os << llvm::format("%-29s %18.2f %18.1f\n", "layer-by-layer total",
                       num(lbl, "energy_pJ"),
                       num(lbl, "latency_defines_cycles"));
}

struct ReportPass : public mlir::zigzag::impl::ReportBase<ReportPass> {
  using Base::Base;

  /// Writes the JSON report to `file` ('-' = stdout).
  LogicalResult writeJson(ModuleOp module, ArrayRef<ReportedLayer> layers,
                          const Hardware &hw) {
    std::string errorMessage;
    std::unique_ptr<llvm::ToolOutputFile> output =
        openOutputFile(file, &errorMessage);
    if (!output) {
      mlir::emitError(module.getLoc(), "cannot open report file '")
          << file << "': " << errorMessage;
      return failure();
    }
    {
      llvm::json::OStream j(output->os(), /*IndentSize=*/1);
      double energy = 0, latency = 0, macEnergy = 0, seconds = 0;
      int64_t macs = 0, evaluated = 0, scheduledLayers = 0;
      double floorEnergy = 0, floorCycles = 0;
      double lomaEnergy = 0, lomaLatency = 0;
      bool allLoma = !layers.empty();
      int64_t optimal = 0;
      j.object([&] {
        j.attribute("accelerator", hw.name);
        j.attributeArray("layers", [&] {
          for (const ReportedLayer &layer : layers) {
            writeLayer(j, layer, hw);
            energy += layer.mapped.cost.energy;
            macEnergy += layer.mapped.cost.macEnergy;
            latency += layer.mapped.cost.latency;
            macs += layer.mapped.layer.workload.macs();
            evaluated += layer.evaluated;
            seconds += layer.seconds;
            ::zigzag::PhysicalFloor floor =
                ::zigzag::physicalFloor(layer.mapped.layer.workload, hw);
            floorEnergy += floor.energy;
            floorCycles += floor.cycles;
            if (auto loma = lomaCost(layer)) {
              lomaEnergy += loma->first;
              lomaLatency += loma->second;
            } else {
              allLoma = false;
            }
            if (layer.search)
              if (auto proven = layer.search.getAs<BoolAttr>("optimal"))
                optimal += proven.getValue();
          }
        });
        // A depth-first schedule (--zigzag-depth-first) adds its stacks and
        // DeFiNES's latency metric; its ops carry no zigzag.mapping.
        auto depthFirst = module->getAttrOfType<DictionaryAttr>(
            ZigZagDialect::kDepthFirstResultAttrName);
        double latencyDefines = 0;
        if (depthFirst) {
          j.attributeBegin("depth_first");
          writeAttribute(j, depthFirst);
          j.attributeEnd();
          auto get = [&](StringRef key) {
            auto f = depthFirst.getAs<FloatAttr>(key);
            return f ? f.getValueAsDouble() : 0.0;
          };
          energy += get("energy_pJ");
          macEnergy += get("mac_energy_pJ");
          latency += get("latency_cycles");
          latencyDefines = get("latency_defines_cycles");
          if (auto n = depthFirst.getAs<IntegerAttr>("macs"))
            macs += n.getInt();
          if (auto n = depthFirst.getAs<IntegerAttr>("layers"))
            scheduledLayers += n.getInt();
          if (auto s = depthFirst.getAs<FloatAttr>("seconds"))
            seconds += s.getValueAsDouble();
        }
        j.attributeObject("total", [&] {
          j.attribute("energy_pJ", energy);
          j.attribute("mac_energy_pJ", macEnergy);
          j.attribute("latency_cycles", latency);
          if (depthFirst)
            j.attribute("latency_defines_cycles", latencyDefines);
          j.attribute("macs", macs);
          j.attribute("layers",
                      static_cast<int64_t>(layers.size()) + scheduledLayers);
          j.attribute("search_seconds", seconds);
          j.attribute("evaluated", evaluated);
          j.attribute("optimal_layers", optimal);
          j.attributeObject("floor", [&] {
            j.attribute("energy_pJ", floorEnergy);
            j.attribute("latency_cycles", floorCycles);
          });
          // Relative reduction against ZigZag's LOMA, when every layer's
          // search recorded LOMA's cost (engine=exhaustive).
          if (allLoma)
            j.attributeObject("gain_vs_loma", [&] {
              j.attribute("loma_energy_pJ", lomaEnergy);
              j.attribute("loma_latency_cycles", lomaLatency);
              j.attribute("energy", 1 - energy / lomaEnergy);
              j.attribute("latency", 1 - latency / lomaLatency);
              j.attribute("edp",
                          1 - energy * latency / (lomaEnergy * lomaLatency));
            });
          // Silicon area: every memory instance and MAC unit (docs/Report.md).
          ::zigzag::AreaBreakdown area = ::zigzag::computeArea(hw);
          j.attribute("area_mm2", area.total);
          j.attributeObject("area_breakdown", [&] {
            auto entry = [&](StringRef name, int64_t instances, double each) {
              j.attributeObject(name, [&] {
                j.attribute("instances", instances);
                j.attribute("per_instance_mm2", each);
                j.attribute("mm2", each * static_cast<double>(instances));
              });
            };
            for (const ::zigzag::MemoryArea &m : area.memories)
              entry(hw.memories[m.memory].name, m.instances, m.perInstance);
            entry("mac_array", hw.array.numUnits(), hw.array.unitArea);
          });
        });
      });
    }
    output->os() << "\n";
    output->keep();
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> mapped;
    module.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(ZigZagDialect::kMappingAttrName))
        mapped.push_back(op);
    });
    FailureOr<::zigzag::Hardware> hw = getModuleHardware(module);
    if (failed(hw))
      return signalPassFailure();
    ::zigzag::CostModelOptions opts;
    opts.zigzagCompat = zigzagCompat;

    std::vector<ReportedLayer> layers;
    for (linalg::LinalgOp op : mapped) {
      FailureOr<MappedOpCost> result = evaluateMappedOp(op, *hw, opts);
      if (failed(result))
        return signalPassFailure();
      ReportedLayer layer{op->getName().getStringRef().str(),
                          std::move(*result)};
      if (auto stats = op->getAttrOfType<DictionaryAttr>(
              ZigZagDialect::kSearchAttrName)) {
        if (auto n = stats.getAs<IntegerAttr>("evaluated"))
          layer.evaluated = n.getInt();
        if (auto s = stats.getAs<FloatAttr>("seconds"))
          layer.seconds = s.getValueAsDouble();
        layer.search = stats;
      }
      layer.maestro =
          op->getAttrOfType<DictionaryAttr>(ZigZagDialect::kMaestroAttrName);
      layers.push_back(std::move(layer));
    }

    if (!file.empty() && failed(writeJson(module, layers, *hw)))
      return signalPassFailure();
    auto df = module->getAttrOfType<DictionaryAttr>(
        ZigZagDialect::kDepthFirstResultAttrName);
    // A depth-first schedule alone has no single-layer mappings to list.
    if (table && (!layers.empty() || !df))
      printTable(llvm::errs(), layers, *hw);
    if (table && df)
      printDepthFirst(llvm::errs(), df);
  }
};
} // namespace
