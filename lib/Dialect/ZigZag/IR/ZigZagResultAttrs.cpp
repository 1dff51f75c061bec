//===- ZigZagResultAttrs.cpp - results the passes write -------------------===//
//
// Verifiers of `#zigzag.search`, `#zigzag.tiling`, `#zigzag.depth_first` and
// `#zigzag.depth_first_result` with its parts. They hold what the readers
// rely on (fields present together, (x, y) pairs, known overlap modes,
// costs that are numbers >= 0), so a hand-written result is rejected where
// it is written instead of misleading the report or a rewrite.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Search/DepthFirst.h"

#include <cmath>

using namespace mlir;
using namespace mlir::zigzag;

using EmitErrorFn = function_ref<InFlightDiagnostic()>;

/// Costs, times and statistics are finite and >= 0 (-0.0 included).
static LogicalResult checkNumber(EmitErrorFn emitError, StringRef name,
                                 const llvm::APFloat &value) {
  double v = value.convertToDouble();
  if (v >= 0 && std::isfinite(v))
    return success();
  return emitError() << "'" << name << "' must be a finite number >= 0, got "
                     << v;
}

static LogicalResult checkNumber(EmitErrorFn emitError, StringRef name,
                                 const std::optional<llvm::APFloat> &value) {
  return value ? checkNumber(emitError, name, *value) : success();
}

static LogicalResult checkCount(EmitErrorFn emitError, StringRef name,
                                int64_t value) {
  if (value >= 0)
    return success();
  return emitError() << "'" << name << "' must be >= 0, got " << value;
}

/// An (x, y) pair; with `positive`, both > 0, else both >= 0.
static LogicalResult checkPair(EmitErrorFn emitError, StringRef name,
                               ArrayRef<int64_t> pair, bool positive) {
  int64_t least = positive ? 1 : 0;
  if (pair.size() == 2 && pair[0] >= least && pair[1] >= least)
    return success();
  InFlightDiagnostic diag = emitError();
  diag << "'" << name << "' must be [x, y] with sizes "
       << (positive ? "> 0" : ">= 0") << ", got [";
  llvm::interleaveComma(pair, diag);
  return diag << "]";
}

static LogicalResult checkMode(EmitErrorFn emitError, StringRef mode) {
  if (::zigzag::parseOverlapMode(mode))
    return success();
  return emitError() << "unknown overlap mode \"" << mode
                     << "\"; expected \"fully-recompute\", "
                        "\"h-cached-v-recompute\" or \"fully-cached\"";
}

static LogicalResult checkNonEmpty(EmitErrorFn emitError, StringRef name,
                                   StringRef value) {
  if (!value.empty())
    return success();
  return emitError() << "'" << name << "' must not be empty";
}

LogicalResult
SearchStatsAttr::verify(EmitErrorFn emitError, StringRef engine,
                        int64_t evaluated, llvm::APFloat seconds,
                        BoolAttr optimal, std::optional<llvm::APFloat> gap,
                        std::optional<int64_t> nodes, StringRef stoppedBy,
                        std::optional<llvm::APFloat> lomaEnergy,
                        std::optional<llvm::APFloat> lomaLatency) {
  if (failed(checkNonEmpty(emitError, "engine", engine)) ||
      failed(checkCount(emitError, "evaluated", evaluated)) ||
      failed(checkNumber(emitError, "seconds", seconds)) ||
      failed(checkNumber(emitError, "gap", gap)) ||
      failed(checkCount(emitError, "nodes", nodes.value_or(0))) ||
      failed(checkNumber(emitError, "loma_energy", lomaEnergy)) ||
      failed(checkNumber(emitError, "loma_latency", lomaLatency)))
    return failure();
  // The exhaustive engine records these three together.
  if (bool(optimal) != gap.has_value() || gap.has_value() != nodes.has_value())
    return emitError() << "'optimal', 'gap' and 'nodes' go together (the "
                          "exhaustive engine's statistics)";
  if (!stoppedBy.empty() && stoppedBy != "nodes" && stoppedBy != "seconds")
    return emitError()
           << "'stopped_by' must be \"nodes\" or \"seconds\", got \""
           << stoppedBy << "\"";
  if (lomaEnergy.has_value() != lomaLatency.has_value())
    return emitError() << "'loma_energy' and 'loma_latency' go together";
  return success();
}

FailureOr<SmallVector<DenseI64ArrayAttr>>
mlir::zigzag::parseTileLevels(AsmParser &parser) {
  SmallVector<DenseI64ArrayAttr> levels;
  if (parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square, [&]() -> ParseResult {
            FailureOr<SmallVector<int64_t>> sizes =
                parseBracketedList<int64_t>(parser);
            if (failed(sizes))
              return failure();
            levels.push_back(
                DenseI64ArrayAttr::get(parser.getContext(), *sizes));
            return success();
          }))
    return failure();
  return levels;
}

void mlir::zigzag::printTileLevels(AsmPrinter &printer,
                                   ArrayRef<DenseI64ArrayAttr> levels) {
  printer << '[';
  llvm::interleaveComma(levels, printer, [&](DenseI64ArrayAttr level) {
    printBracketedList(printer, level.asArrayRef());
  });
  printer << ']';
}

LogicalResult TilingAttr::verify(EmitErrorFn emitError,
                                 ArrayRef<DenseI64ArrayAttr> levels,
                                 ArrayRef<int64_t> spatial) {
  for (auto [index, level] : llvm::enumerate(levels)) {
    if (!level)
      return emitError() << "level " << index << " has no tile sizes";
    if (level.size() != levels.front().size())
      return emitError() << "level " << index << " has " << level.size()
                         << " tile sizes, level 0 has " << levels.front().size()
                         << "; every level has one per loop";
    for (int64_t size : level.asArrayRef())
      if (size < 0)
        return emitError() << "tile sizes must be >= 0 (0: not tiled), got "
                           << size << " in level " << index;
  }
  for (auto [i, level] : llvm::enumerate(spatial)) {
    if (level < 0 || level >= static_cast<int64_t>(levels.size()))
      return emitError() << "'spatial' names level " << level
                         << ", but there are " << levels.size() << " levels";
    if (i && level <= spatial[i - 1])
      return emitError() << "'spatial' must be strictly ascending";
  }
  return success();
}

LogicalResult
DepthFirstAttr::verify(EmitErrorFn emitError, int64_t stack, StringRef mode,
                       ArrayRef<int64_t> tile, ArrayRef<int64_t> loops,
                       MappingAttr mapping,
                       std::optional<llvm::APFloat> energyPJ,
                       std::optional<llvm::APFloat> latencyDefinesCycles) {
  if (failed(checkCount(emitError, "stack", stack)) ||
      failed(checkMode(emitError, mode)) ||
      failed(checkPair(emitError, "tile", tile, /*positive=*/true)) ||
      (!loops.empty() &&
       failed(checkPair(emitError, "loops", loops, /*positive=*/false))) ||
      failed(checkNumber(emitError, "energy_pJ", energyPJ)) ||
      failed(checkNumber(emitError, "latency_defines_cycles",
                         latencyDefinesCycles)))
    return failure();
  return success();
}

LogicalResult DepthFirstLayerTileAttr::verify(
    EmitErrorFn emitError, StringRef name, ArrayRef<int64_t> tile,
    llvm::APFloat copyEnergyPJ, llvm::APFloat copyLatencyCycles,
    StringRef topI1, StringRef topI2, StringRef topO,
    std::optional<llvm::APFloat> energyPJ,
    std::optional<llvm::APFloat> macEnergyPJ,
    std::optional<llvm::APFloat> latencyCycles,
    std::optional<llvm::APFloat> latencyDefinesCycles) {
  if (failed(checkNonEmpty(emitError, "name", name)) ||
      failed(checkPair(emitError, "tile", tile, /*positive=*/false)) ||
      failed(checkNumber(emitError, "copy_energy_pJ", copyEnergyPJ)) ||
      failed(
          checkNumber(emitError, "copy_latency_cycles", copyLatencyCycles)) ||
      failed(checkNumber(emitError, "energy_pJ", energyPJ)) ||
      failed(checkNumber(emitError, "mac_energy_pJ", macEnergyPJ)) ||
      failed(checkNumber(emitError, "latency_cycles", latencyCycles)) ||
      failed(checkNumber(emitError, "latency_defines_cycles",
                         latencyDefinesCycles)))
    return failure();
  // A computed layer has its whole single-tile cost, a copied input none.
  unsigned costs = energyPJ.has_value() + macEnergyPJ.has_value() +
                   latencyCycles.has_value() + latencyDefinesCycles.has_value();
  if (costs != 0 && costs != 4)
    return emitError() << "'energy_pJ', 'mac_energy_pJ', 'latency_cycles' and "
                          "'latency_defines_cycles' go together";
  return success();
}

LogicalResult DepthFirstTileTypeAttr::verify(
    EmitErrorFn emitError, ArrayRef<int64_t> tile, int64_t count,
    bool weightsFromTop, StringRef hCacheMake, StringRef hCacheUse,
    StringRef vCacheMake, StringRef vCacheUse, llvm::APFloat energyPJ,
    llvm::APFloat latencyDefinesCycles,
    ArrayRef<DepthFirstLayerTileAttr> layers) {
  if (failed(checkPair(emitError, "tile", tile, /*positive=*/false)) ||
      failed(checkCount(emitError, "count", count)) ||
      failed(checkNumber(emitError, "energy_pJ", energyPJ)) ||
      failed(checkNumber(emitError, "latency_defines_cycles",
                         latencyDefinesCycles)))
    return failure();
  return success();
}

LogicalResult DepthFirstStackAttr::verify(
    EmitErrorFn emitError, ArrayRef<StringAttr> layers, StringRef mode,
    ArrayRef<int64_t> tile, ArrayRef<int64_t> output, StringRef weightMemory,
    llvm::APFloat energyPJ, llvm::APFloat macEnergyPJ,
    llvm::APFloat copyEnergyPJ, llvm::APFloat latencyDefinesCycles,
    llvm::APFloat copyLatencyCycles,
    ArrayRef<DepthFirstTileTypeAttr> tileTypes) {
  if (layers.empty())
    return emitError() << "a stack needs at least one layer";
  if (failed(checkMode(emitError, mode)) ||
      failed(checkPair(emitError, "tile", tile, /*positive=*/false)) ||
      failed(checkPair(emitError, "output", output, /*positive=*/false)) ||
      failed(checkNumber(emitError, "energy_pJ", energyPJ)) ||
      failed(checkNumber(emitError, "mac_energy_pJ", macEnergyPJ)) ||
      failed(checkNumber(emitError, "copy_energy_pJ", copyEnergyPJ)) ||
      failed(checkNumber(emitError, "latency_defines_cycles",
                         latencyDefinesCycles)) ||
      failed(checkNumber(emitError, "copy_latency_cycles", copyLatencyCycles)))
    return failure();
  return success();
}

LogicalResult LayerByLayerAttr::verify(
    EmitErrorFn emitError, std::optional<llvm::APFloat> energyPJ,
    std::optional<llvm::APFloat> latencyCycles,
    std::optional<llvm::APFloat> latencyDefinesCycles, StringRef infeasible) {
  bool any = energyPJ || latencyCycles || latencyDefinesCycles;
  bool all = energyPJ && latencyCycles && latencyDefinesCycles;
  // Either the three totals or why there are none, never a partial sum.
  if (infeasible.empty() ? !all : any)
    return emitError() << "expected either 'energy_pJ', 'latency_cycles' and "
                          "'latency_defines_cycles', or 'infeasible' alone";
  if (failed(checkNumber(emitError, "energy_pJ", energyPJ)) ||
      failed(checkNumber(emitError, "latency_cycles", latencyCycles)) ||
      failed(checkNumber(emitError, "latency_defines_cycles",
                         latencyDefinesCycles)))
    return failure();
  return success();
}

LogicalResult DepthFirstResultAttr::verify(
    EmitErrorFn emitError, StringRef function, StringRef stacksFrom,
    StringRef mode, ArrayRef<int64_t> tile, llvm::APFloat energyPJ,
    llvm::APFloat latencyCycles, llvm::APFloat latencyDefinesCycles,
    llvm::APFloat macEnergyPJ, llvm::APFloat copyEnergyPJ,
    llvm::APFloat copyLatencyCycles, int64_t layers, int64_t macs,
    int64_t schedules, int64_t searches, llvm::APFloat seconds,
    LayerByLayerAttr layerByLayer, ArrayRef<DepthFirstStackAttr> stacks) {
  if (failed(checkNonEmpty(emitError, "function", function)) ||
      failed(checkNonEmpty(emitError, "stacks_from", stacksFrom)))
    return failure();
  // One mode and tile for the whole schedule, or each stack its own.
  if (mode.empty() != tile.empty())
    return emitError() << "'mode' and 'tile' go together";
  if (!mode.empty() &&
      (failed(checkMode(emitError, mode)) ||
       failed(checkPair(emitError, "tile", tile, /*positive=*/false))))
    return failure();
  if (failed(checkNumber(emitError, "energy_pJ", energyPJ)) ||
      failed(checkNumber(emitError, "latency_cycles", latencyCycles)) ||
      failed(checkNumber(emitError, "latency_defines_cycles",
                         latencyDefinesCycles)) ||
      failed(checkNumber(emitError, "mac_energy_pJ", macEnergyPJ)) ||
      failed(checkNumber(emitError, "copy_energy_pJ", copyEnergyPJ)) ||
      failed(
          checkNumber(emitError, "copy_latency_cycles", copyLatencyCycles)) ||
      failed(checkCount(emitError, "layers", layers)) ||
      failed(checkCount(emitError, "macs", macs)) ||
      failed(checkCount(emitError, "schedules", schedules)) ||
      failed(checkCount(emitError, "searches", searches)) ||
      failed(checkNumber(emitError, "seconds", seconds)))
    return failure();
  if (!layerByLayer)
    return emitError() << "'layer_by_layer' is required";
  // Every scheduled layer is in one stack.
  size_t stacked = 0;
  for (DepthFirstStackAttr stack : stacks)
    stacked += stack.getLayers().size();
  if (static_cast<int64_t>(stacked) != layers)
    return emitError() << "the stacks hold " << stacked
                       << " layers, but 'layers' = " << layers;
  return success();
}

LogicalResult ParetoPointAttr::verify(EmitErrorFn emitError,
                                      llvm::APFloat energy,
                                      llvm::APFloat latency, MappingAttr) {
  return success(succeeded(checkNumber(emitError, "energy_pJ", energy)) &&
                 succeeded(checkNumber(emitError, "latency_cycles", latency)));
}

LogicalResult TradeoffsAttr::verify(
    EmitErrorFn emitError, llvm::APFloat leastEnergy, llvm::APFloat cost,
    std::optional<llvm::APFloat> tolerance, ArrayRef<ParetoPointAttr> pareto,
    BoolAttr paretoExact, std::optional<int64_t> paretoChoice,
    std::optional<llvm::APFloat> latencyBudget) {
  if (failed(checkNumber(emitError, "least_energy_pJ", leastEnergy)) ||
      failed(checkNumber(emitError, "energy_cost_of_latency_pJ", cost)) ||
      failed(checkNumber(emitError, "tie_tolerance", tolerance)) ||
      failed(checkNumber(emitError, "latency_budget", latencyBudget)))
    return failure();
  if (pareto.empty() != !paretoExact)
    return emitError() << "'pareto' and 'pareto_exact' go together";
  // The readers rely on a front: by increasing latency, decreasing energy.
  for (size_t k = 1; k < pareto.size(); ++k)
    if (!(pareto[k - 1].getLatencyCycles().convertToDouble() <
              pareto[k].getLatencyCycles().convertToDouble() &&
          pareto[k - 1].getEnergyPJ().convertToDouble() >
              pareto[k].getEnergyPJ().convertToDouble()))
      return emitError() << "'pareto' point " << k
                         << " is not faster-first non-dominated: latency "
                            "must increase and energy decrease";
  if (paretoChoice.has_value() != latencyBudget.has_value())
    return emitError() << "'pareto_choice' and 'latency_budget' go together";
  if (paretoChoice && (*paretoChoice < 0 ||
                       *paretoChoice >= static_cast<int64_t>(pareto.size())))
    return emitError() << "'pareto_choice' " << *paretoChoice
                       << " is not a point of 'pareto' (" << pareto.size()
                       << " points)";
  return success();
}
