//===- Report.cpp - --zigzag-report ---------------------------------------===//
//
// The JSON report (docs/Report.md) and a human-readable per-layer table.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Analysis/CostAnalysis.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Model/Imc.h"
#include "zigzag/Report/HtmlReport.h"
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
  /// The op's `zigzag.search`, when a search chose its mapping.
  SearchStatsAttr search;
  /// MAESTRO's statistics (`zigzag.maestro`), reported as `maestro`.
  DictionaryAttr maestro;
  /// The op's `zigzag.tradeoffs`, reported as `tradeoffs` and `pareto`.
  TradeoffsAttr tradeoffs;
};
} // namespace

static void writeAttribute(llvm::json::OStream &j, Attribute attr);

static double toDouble(const APFloat &value) { return value.convertToDouble(); }

/// LOMA's cost when the search recorded it (engine=exhaustive).
static std::optional<std::pair<double, double>>
lomaCost(const ReportedLayer &layer) {
  if (!layer.search || !layer.search.getLomaEnergy())
    return std::nullopt;
  // The verifier makes loma_energy and loma_latency present together.
  return std::make_pair(toDouble(*layer.search.getLomaEnergy()),
                        toDouble(*layer.search.getLomaLatency()));
}

/// An in-memory-computing layer: the macro's energy terms and the latency
/// in ns (cycles are bit-serial macro cycles of tclk each).
static void writeImcLayer(llvm::json::OStream &j, const Cost &c,
                          const Hardware &hw) {
  const ::zigzag::ImcEnergy &e = c.imcEnergy;
  j.attributeObject("imc", [&] {
    j.attribute("cycles_per_op", c.cyclesPerOp);
    j.attribute("latency_ns",
                c.latency * ::zigzag::ImcMacro(hw).clockPeriod().total());
    j.attributeObject("mac_energy_breakdown_pJ", [&] {
      j.attribute("local_bl_precharging", e.localBlPrecharging);
      j.attribute("dacs", e.dacs);
      j.attribute("adcs", e.adcs);
      j.attribute("mults", e.mults);
      j.attribute("analog_bl_addition", e.analogBlAddition);
      j.attribute("adders_regular", e.addersRegular);
      j.attribute("adders_pv", e.addersPv);
      j.attribute("accumulators", e.accumulators);
    });
  });
}

/// The macro's totals: area (macro plus one instance per memory) and clock.
static void writeImcTotals(llvm::json::OStream &j, const Hardware &hw,
                           double latency) {
  ::zigzag::ImcMacro macro(hw);
  double tclk = macro.clockPeriod().total();
  j.attribute("area_mm2", ::zigzag::computeArea(hw).total);
  j.attribute("tclk_ns", tclk);
  j.attribute("latency_ns", latency * tclk);
  ::zigzag::ImcArea a = macro.area();
  j.attributeObject("imc_area_breakdown_mm2", [&] {
    j.attribute("cells", a.cells);
    j.attribute("dacs", a.dacs);
    j.attribute("adcs", a.adcs);
    j.attribute("mults", a.mults);
    j.attribute("adders_regular", a.addersRegular);
    j.attribute("adders_pv", a.addersPv);
    j.attribute("accumulators", a.accumulators);
  });
  ::zigzag::ImcDelay d = macro.clockPeriod();
  j.attributeObject("tclk_breakdown_ns", [&] {
    j.attribute("cells", d.cells);
    j.attribute("dacs", d.dacs);
    j.attribute("adcs", d.adcs);
    j.attribute("mults", d.mults);
    j.attribute("adders_regular", d.addersRegular);
    j.attribute("adders_pv", d.addersPv);
    j.attribute("accumulators", d.accumulators);
  });
}

static void writeLayer(llvm::json::OStream &j, const ReportedLayer &layer) {
  // The cost's memory indices refer to the hardware it was evaluated on
  // (DeFiNES's Add layers: I2 follows I1; data locality: levels pruned).
  const Hardware &hw = layer.mapped.hardware;
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
    // Loops of dynamic size: every figure is for the size assumed here.
    if (!layer.mapped.layer.assumedLoops.empty())
      j.attributeObject("assumed_dims", [&] {
        for (unsigned l : layer.mapped.layer.assumedLoops)
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
    if (hw.array.imc)
      writeImcLayer(j, c, hw);
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
      SearchStatsAttr s = layer.search;
      j.attribute("evaluated", s ? s.getEvaluated() : int64_t(0));
      j.attribute("seconds", s ? toDouble(s.getSeconds()) : 0.0);
      if (!s)
        return;
      // Everything else the search recorded, by name (docs/Report.md).
      j.attribute("engine", s.getEngine());
      if (std::optional<APFloat> gap = s.getGap())
        j.attribute("gap", toDouble(*gap));
      if (std::optional<APFloat> energy = s.getLomaEnergy())
        j.attribute("loma_energy", toDouble(*energy));
      if (std::optional<APFloat> latency = s.getLomaLatency())
        j.attribute("loma_latency", toDouble(*latency));
      if (std::optional<int64_t> nodes = s.getNodes())
        j.attribute("nodes", *nodes);
      if (BoolAttr optimal = s.getOptimal())
        j.attribute("optimal", optimal.getValue());
      if (!s.getStoppedBy().empty())
        j.attribute("stopped_by", s.getStoppedBy());
    });
    if (TradeoffsAttr t = layer.tradeoffs) {
      j.attributeObject("tradeoffs", [&] {
        j.attribute("least_energy_pJ", toDouble(t.getLeastEnergyPJ()));
        j.attribute("energy_cost_of_latency_pJ",
                    toDouble(t.getEnergyCostOfLatencyPJ()));
        if (std::optional<APFloat> tolerance = t.getTieTolerance())
          j.attribute("tie_tolerance", toDouble(*tolerance));
        if (BoolAttr exact = t.getParetoExact())
          j.attribute("pareto_exact", exact.getValue());
        if (std::optional<int64_t> choice = t.getParetoChoice())
          j.attribute("pareto_choice", *choice);
      });
      // The front by increasing latency; each mapping in its IR form.
      if (!t.getPareto().empty())
        j.attributeArray("pareto", [&] {
          for (ParetoPointAttr p : t.getPareto())
            j.object([&] {
              j.attribute("energy_pJ", toDouble(p.getEnergyPJ()));
              j.attribute("latency_cycles", toDouble(p.getLatencyCycles()));
              std::string text;
              llvm::raw_string_ostream os(text);
              Attribute(p.getMapping()).print(os);
              j.attribute("mapping", text);
            });
        });
    }
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

/// The accelerator, for the HTML report's memory hierarchy and read/write
/// energy split (docs/Report.md, `hardware`).
static void writeHardware(llvm::json::OStream &j, const Hardware &hw) {
  j.attributeObject("hardware", [&] {
    j.attributeObject("array", [&] {
      j.attributeObject("dims", [&] {
        for (unsigned d = 0; d < hw.array.dimNames.size(); ++d)
          j.attribute(hw.array.dimNames[d], hw.array.sizes[d]);
      });
      j.attribute("units", hw.array.numUnits());
      j.attribute("unit_energy_pJ", hw.array.unitEnergy);
      j.attribute("unit_area", hw.array.unitArea);
    });
    j.attributeArray("memories", [&] {
      for (unsigned mem = 0; mem < hw.memories.size(); ++mem) {
        const ::zigzag::Memory &m = hw.memories[mem];
        j.object([&] {
          j.attribute("name", m.name);
          j.attribute("size_bits", m.sizeBits);
          j.attribute("instances", hw.unrollCount(mem));
          j.attribute("read_cost_pJ", m.readCost);
          j.attribute("write_cost_pJ", m.writeCost);
          j.attribute("area", m.area);
          j.attributeArray("operands", [&] {
            for (MemOperand op : m.operands)
              j.value(::zigzag::toString(op));
          });
          j.attributeArray("served_dims", [&] {
            for (unsigned d : m.servedDims)
              j.value(hw.array.dimNames[d]);
          });
          j.attributeArray("ports", [&] {
            for (const ::zigzag::Port &port : m.ports)
              j.object([&] {
                j.attribute("name", port.name);
                j.attribute("type", ::zigzag::toString(port.type));
                j.attribute("bandwidth_min", port.bandwidthMin);
                j.attribute("bandwidth_max", port.bandwidthMax);
                j.attributeArray("allocations", [&] {
                  for (const ::zigzag::PortAllocation &a : port.allocations)
                    j.value(std::string(::zigzag::toString(a.operand)) + "." +
                            ::zigzag::toString(a.direction));
                });
              });
          });
        });
      }
    });
  });
}

static std::string spatialText(const ReportedLayer &layer, const Hardware &hw) {
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

/// The depth-first result as JSON, each object's keys sorted by name.
static llvm::json::Array pairJSON(ArrayRef<int64_t> pair) {
  return llvm::json::Array(pair);
}

static llvm::json::Object toJSON(DepthFirstLayerTileAttr tile) {
  llvm::json::Object top;
  for (auto [name, memory] :
       {std::pair{"I1", tile.getTop_I1()}, std::pair{"I2", tile.getTop_I2()},
        std::pair{"O", tile.getTop_O()}})
    if (!memory.empty())
      top[name] = memory.str();
  llvm::json::Object o{
      {"name", tile.getName().str()},
      {"tile", pairJSON(tile.getTile())},
      {"copy_energy_pJ", toDouble(tile.getCopyEnergyPJ())},
      {"copy_latency_cycles", toDouble(tile.getCopyLatencyCycles())},
      {"top", std::move(top)}};
  // All four or none (the verifier).
  if (tile.getEnergyPJ()) {
    o["energy_pJ"] = toDouble(*tile.getEnergyPJ());
    o["mac_energy_pJ"] = toDouble(*tile.getMacEnergyPJ());
    o["latency_cycles"] = toDouble(*tile.getLatencyCycles());
    o["latency_defines_cycles"] = toDouble(*tile.getLatencyDefinesCycles());
  }
  return o;
}

static llvm::json::Object toJSON(DepthFirstTileTypeAttr type) {
  llvm::json::Array layers;
  for (DepthFirstLayerTileAttr tile : type.getLayers())
    layers.push_back(toJSON(tile));
  return llvm::json::Object{
      {"tile", pairJSON(type.getTile())},
      {"count", type.getCount()},
      {"weights_from_top", type.getWeightsFromTop()},
      {"h_cache_make", type.getHCacheMake().str()},
      {"h_cache_use", type.getHCacheUse().str()},
      {"v_cache_make", type.getVCacheMake().str()},
      {"v_cache_use", type.getVCacheUse().str()},
      {"energy_pJ", toDouble(type.getEnergyPJ())},
      {"latency_defines_cycles", toDouble(type.getLatencyDefinesCycles())},
      {"layers", std::move(layers)}};
}

static llvm::json::Object toJSON(DepthFirstStackAttr stack) {
  llvm::json::Array names, types;
  for (StringAttr name : stack.getLayers())
    names.push_back(name.getValue().str());
  for (DepthFirstTileTypeAttr type : stack.getTileTypes())
    types.push_back(toJSON(type));
  return llvm::json::Object{
      {"layers", std::move(names)},
      {"mode", stack.getMode().str()},
      {"tile", pairJSON(stack.getTile())},
      {"output", pairJSON(stack.getOutput())},
      {"weight_memory", stack.getWeightMemory().str()},
      {"energy_pJ", toDouble(stack.getEnergyPJ())},
      {"mac_energy_pJ", toDouble(stack.getMacEnergyPJ())},
      {"copy_energy_pJ", toDouble(stack.getCopyEnergyPJ())},
      {"latency_defines_cycles", toDouble(stack.getLatencyDefinesCycles())},
      {"copy_latency_cycles", toDouble(stack.getCopyLatencyCycles())},
      {"tile_types", std::move(types)}};
}

static llvm::json::Object toJSON(DepthFirstResultAttr df) {
  LayerByLayerAttr lbl = df.getLayerByLayer();
  llvm::json::Object layerByLayer;
  if (!lbl.getInfeasible().empty()) {
    layerByLayer["infeasible"] = lbl.getInfeasible().str();
  } else {
    layerByLayer["energy_pJ"] = toDouble(*lbl.getEnergyPJ());
    layerByLayer["latency_cycles"] = toDouble(*lbl.getLatencyCycles());
    layerByLayer["latency_defines_cycles"] =
        toDouble(*lbl.getLatencyDefinesCycles());
  }
  llvm::json::Array stacks;
  for (DepthFirstStackAttr stack : df.getStacks())
    stacks.push_back(toJSON(stack));
  llvm::json::Object o{
      {"function", df.getFunction().str()},
      {"stacks_from", df.getStacksFrom().str()},
      {"energy_pJ", toDouble(df.getEnergyPJ())},
      {"latency_cycles", toDouble(df.getLatencyCycles())},
      {"latency_defines_cycles", toDouble(df.getLatencyDefinesCycles())},
      {"mac_energy_pJ", toDouble(df.getMacEnergyPJ())},
      {"copy_energy_pJ", toDouble(df.getCopyEnergyPJ())},
      {"copy_latency_cycles", toDouble(df.getCopyLatencyCycles())},
      {"layers", df.getLayers()},
      {"macs", df.getMacs()},
      {"schedules", df.getSchedules()},
      {"searches", df.getSearches()},
      {"seconds", toDouble(df.getSeconds())},
      {"layer_by_layer", std::move(layerByLayer)},
      {"stacks", std::move(stacks)}};
  if (!df.getMode().empty()) {
    o["mode"] = df.getMode().str();
    o["tile"] = pairJSON(df.getTile());
  }
  return o;
}

/// Writes an attribute (MAESTRO's statistics) as JSON.
static void writeAttribute(llvm::json::OStream &j, Attribute attr) {
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

static void printTable(llvm::raw_ostream &os, ArrayRef<ReportedLayer> layers,
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
  for (const ReportedLayer &layer : layers) {
    const ::zigzag::Workload &w = layer.mapped.layer.workload;
    if (layer.mapped.layer.assumedLoops.empty())
      continue;
    os << "note: " << w.name << " has dynamic loops, costed at the assumed";
    for (unsigned l : layer.mapped.layer.assumedLoops)
      os << " " << w.loopNames[l] << "=" << w.loopSizes[l];
    os << "\n";
  }
}

/// The depth-first summary: per stack, then DF vs LBL.
static void printDepthFirst(llvm::raw_ostream &os, DepthFirstResultAttr df) {
  auto tileText = [](ArrayRef<int64_t> tile) {
    return std::to_string(tile[0]) + "x" + std::to_string(tile[1]);
  };
  ArrayRef<DepthFirstStackAttr> stacks = df.getStacks();
  auto numStacks = static_cast<unsigned>(stacks.size());
  if (!df.getTile().empty())
    os << llvm::format("depth-first: %u stacks, %s, tile %s\n", numStacks,
                       df.getMode().str().c_str(),
                       tileText(df.getTile()).c_str());
  else
    os << llvm::format("depth-first: %u stacks, mode and tile per stack\n",
                       numStacks);
  auto layersText = [](DepthFirstStackAttr stack) {
    ArrayRef<StringAttr> names = stack.getLayers();
    std::string text = names.front().getValue().str();
    if (names.size() > 1)
      text += ".." + names.back().getValue().str();
    return text;
  };
  int layersWidth = 32;
  for (DepthFirstStackAttr stack : stacks)
    layersWidth = std::max<int>(layersWidth, layersText(stack).size());
  os << llvm::format("%-6s %-*s %-21s %-9s %6s %18s %18s\n", "stack",
                     layersWidth, "layers", "mode", "tile", "types",
                     "energy [pJ]", "latency_df [cc]");
  unsigned si = 0;
  for (DepthFirstStackAttr stack : stacks) {
    std::string layers = layersText(stack);
    os << llvm::format("%-6u %-*s %-21s %-9s %6u %18.2f %18.1f\n", si++,
                       layersWidth, layers.c_str(),
                       stack.getMode().str().c_str(),
                       tileText(stack.getTile()).c_str(),
                       static_cast<unsigned>(stack.getTileTypes().size()),
                       toDouble(stack.getEnergyPJ()),
                       toDouble(stack.getLatencyDefinesCycles()));
  }
  LayerByLayerAttr lbl = df.getLayerByLayer();
  os << llvm::format("%-29s %18.2f %18.1f\n", "depth-first total",
                     toDouble(df.getEnergyPJ()),
                     toDouble(df.getLatencyDefinesCycles()));
  if (!lbl.getInfeasible().empty())
    os << "layer-by-layer: infeasible (" << lbl.getInfeasible() << ")\n";
  else
    os << llvm::format("%-29s %18.2f %18.1f\n", "layer-by-layer total",
                       toDouble(*lbl.getEnergyPJ()),
                       toDouble(*lbl.getLatencyDefinesCycles()));
}

namespace {
struct ReportPass : public mlir::zigzag::impl::ReportBase<ReportPass> {
  using Base::Base;

  /// Opens `path` ('-' = stdout) or reports why not at the module.
  std::unique_ptr<llvm::ToolOutputFile> openReport(ModuleOp module,
                                                   StringRef path) {
    std::string errorMessage;
    std::unique_ptr<llvm::ToolOutputFile> output =
        openOutputFile(path, &errorMessage);
    if (!output)
      mlir::emitError(module.getLoc(), "cannot open report file '")
          << path << "': " << errorMessage;
    return output;
  }

  /// Writes the JSON report to `file` ('-' = stdout) and, with `html`, the
  /// HTML page built from the same JSON.
  LogicalResult writeJson(ModuleOp module, ArrayRef<ReportedLayer> layers,
                          const Hardware &hw) {
    std::string report;
    {
      llvm::raw_string_ostream reportOs(report);
      llvm::json::OStream j(reportOs, /*IndentSize=*/1);
      double energy = 0, latency = 0, macEnergy = 0, seconds = 0;
      int64_t macs = 0, evaluated = 0, scheduledLayers = 0;
      double floorEnergy = 0, floorCycles = 0;
      double lomaEnergy = 0, lomaLatency = 0;
      bool allLoma = !layers.empty();
      int64_t optimal = 0;
      // latency-budget: the budget and the chosen points' sums.
      std::optional<double> latencyBudget;
      double budgetEnergy = 0, budgetLatency = 0;
      j.object([&] {
        j.attribute("accelerator", hw.name);
        writeHardware(j, hw);
        j.attributeArray("layers", [&] {
          for (const ReportedLayer &layer : layers) {
            writeLayer(j, layer);
            energy += layer.mapped.cost.energy;
            macEnergy += layer.mapped.cost.macEnergy;
            latency += layer.mapped.cost.latency;
            macs += layer.mapped.layer.workload.macs();
            if (layer.search) {
              evaluated += layer.search.getEvaluated();
              seconds += toDouble(layer.search.getSeconds());
            }
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
            if (layer.search && layer.search.getOptimal())
              optimal += layer.search.getOptimal().getValue();
            if (TradeoffsAttr t = layer.tradeoffs; t && t.getLatencyBudget()) {
              latencyBudget = toDouble(*t.getLatencyBudget());
              ParetoPointAttr chosen = t.getPareto()[*t.getParetoChoice()];
              budgetEnergy += toDouble(chosen.getEnergyPJ());
              budgetLatency += toDouble(chosen.getLatencyCycles());
            }
          }
        });
        // A depth-first schedule (--zigzag-depth-first) adds its stacks and
        // DeFiNES's latency metric; its ops carry no zigzag.mapping.
        auto depthFirst = module->getAttrOfType<DepthFirstResultAttr>(
            ZigZagDialect::kDepthFirstResultAttrName);
        double latencyDefines = 0;
        if (depthFirst) {
          j.attribute("depth_first", toJSON(depthFirst));
          energy += toDouble(depthFirst.getEnergyPJ());
          macEnergy += toDouble(depthFirst.getMacEnergyPJ());
          latency += toDouble(depthFirst.getLatencyCycles());
          latencyDefines = toDouble(depthFirst.getLatencyDefinesCycles());
          macs += depthFirst.getMacs();
          scheduledLayers += depthFirst.getLayers();
          seconds += toDouble(depthFirst.getSeconds());
        }
        j.attributeObject("total", [&] {
          j.attribute("energy_pJ", energy);
          j.attribute("mac_energy_pJ", macEnergy);
          j.attribute("latency_cycles", latency);
          if (depthFirst)
            j.attribute("latency_defines_cycles", latencyDefines);
          if (hw.array.imc)
            writeImcTotals(j, hw, latency);
          j.attribute("macs", macs);
          j.attribute("layers",
                      static_cast<int64_t>(layers.size()) + scheduledLayers);
          j.attribute("search_seconds", seconds);
          j.attribute("evaluated", evaluated);
          j.attribute("optimal_layers", optimal);
          if (latencyBudget)
            j.attributeObject("latency_budget", [&] {
              j.attribute("budget_cycles", *latencyBudget);
              j.attribute("energy_pJ", budgetEnergy);
              j.attribute("latency_cycles", budgetLatency);
            });
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
          if (!hw.array.imc) // an IMC report wrote it with the clock
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
    report += "\n";
    if (!file.empty()) {
      std::unique_ptr<llvm::ToolOutputFile> output = openReport(module, file);
      if (!output)
        return failure();
      output->os() << report;
      output->keep();
    }
    if (html.empty())
      return success();
    llvm::Expected<llvm::json::Value> value = llvm::json::parse(report);
    if (!value) {
      mlir::emitError(module.getLoc(), "cannot read back the JSON report: ")
          << llvm::toString(value.takeError());
      return failure();
    }
    std::unique_ptr<llvm::ToolOutputFile> page = openReport(module, html);
    if (!page)
      return failure();
    if (llvm::Error error = ::zigzag::writeHtmlReport(*value, page->os())) {
      mlir::emitError(module.getLoc(), "cannot write the HTML report: ")
          << llvm::toString(std::move(error));
      return failure();
    }
    page->keep();
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
      layer.search =
          op->getAttrOfType<SearchStatsAttr>(ZigZagDialect::kSearchAttrName);
      layer.maestro =
          op->getAttrOfType<DictionaryAttr>(ZigZagDialect::kMaestroAttrName);
      layer.tradeoffs =
          op->getAttrOfType<TradeoffsAttr>(ZigZagDialect::kTradeoffsAttrName);
      layers.push_back(std::move(layer));
    }

    if ((!file.empty() || !html.empty()) &&
        failed(writeJson(module, layers, *hw)))
      return signalPassFailure();
    auto df = module->getAttrOfType<DepthFirstResultAttr>(
        ZigZagDialect::kDepthFirstResultAttrName);
    // A depth-first schedule alone has no single-layer mappings to list.
    if (table && (!layers.empty() || !df))
      printTable(llvm::errs(), layers, *hw);
    if (table && df)
      printDepthFirst(llvm::errs(), df);
  }
};
} // namespace
