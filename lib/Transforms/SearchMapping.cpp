//===- SearchMapping.cpp - --zigzag-search-mapping ------------------------===//
//
// Finds the best spatial and temporal mapping of every linalg op on the
// module's accelerator (ZigZag's spatial generation + LOMA) and writes
// zigzag.mapping, zigzag.cost, zigzag.search and zigzag.tiling on it.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Analysis/CostAnalysis.h"
#include "zigzag/Analysis/MappingConversion.h"
#include "zigzag/Dialect/ZigZag/IR/MaestroLayer.h"
#include "zigzag/Dialect/ZigZag/IR/WorkloadAttrs.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Import/MaestroImport.h"
#include "zigzag/Import/MappingYAML.h"
#include "zigzag/Model/DataLocality.h"
#include "zigzag/Search/Exhaustive.h"
#include "zigzag/Search/LayerSignature.h"
#include "zigzag/Search/MaestroSearch.h"
#include "zigzag/Search/MappingConstraints.h"
#include "zigzag/Search/Parallel.h"
#include "zigzag/Search/Pareto.h"
#include "zigzag/Search/Search.h"
#include "zigzag/Transforms/Passes.h"

#include "MaestroSupport.h"
#include "MappingNest.h"
#include "PassUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/ADT/StringSet.h"

#include <chrono>
#include <cmath>
#include <map>
#include <tuple>

namespace mlir {
namespace zigzag {
#define GEN_PASS_DEF_SEARCHMAPPING
#include "zigzag/Transforms/Passes.h.inc"
} // namespace zigzag
} // namespace mlir

using namespace mlir;
using namespace mlir::zigzag;
using ::zigzag::MemOperand;

namespace {

/// One op to search, with everything the (thread-safe) search needs.
struct SearchJob {
  linalg::LinalgOp op;
  LinalgWorkload layer;
  const ::zigzag::MappingSpecEntry *entry = nullptr;
  /// The entry with the op's zigzag.constraints added (entry points to it).
  std::unique_ptr<::zigzag::MappingSpecEntry> constrainedEntry;
  /// The accelerator this op is searched on (pruned by data locality).
  ::zigzag::Hardware hw;
  ::zigzag::SearchResult result;
  ::zigzag::ExhaustiveStats exhaustive;
  double seconds = 0;
  /// The entry's spatial unrollings that do not fit the layer.
  std::vector<std::string> droppedSpatial;
  /// The job whose search result this one reuses (itself if searched).
  size_t searchedAs = 0;
  /// pareto=true: the op's energy-latency front.
  ::zigzag::ParetoFront front;
  /// latency-budget: the front point chosen (index into front.points).
  std::optional<unsigned> choice;
};

/// What makes two jobs one search: the layer's signature, its mapping entry
/// and the data-locality tops its accelerator was pruned to (the pass's
/// options and module accelerator are common to all).
using SearchKey = std::tuple<std::string, const ::zigzag::MappingSpecEntry *,
                             std::optional<::zigzag::OperandTops>>;
} // namespace

/// Writes the tile sizes per level of the op's new mapping (zigzag.tiling,
/// docs/TransformExport.md) for pipelines that tile by sizes. A mapping the
/// rewrite cannot apply gets none and a remark saying why: it still holds
/// for the cost model.
static void writeTiling(linalg::LinalgOp op) {
  std::string why;
  FailureOr<nest::Plan> plan = failure();
  {
    ScopedDiagnosticHandler capture(op->getContext(), [&](Diagnostic &diag) {
      why = diag.str();
      return success();
    });
    nest::PlanOptions options;
    options.stageBuffers = false;
    options.errorPrefix = "";
    // Sizes for dynamic loops come from the mapping, as in the rewrite.
    options.dynamicLoops = true;
    plan = nest::planRewrite(op, op->getAttr(ZigZagDialect::kMappingAttrName),
                             options);
  }
  if (failed(plan)) {
    op->removeAttr(ZigZagDialect::kTilingAttrName);
    op->emitRemark("no 'zigzag.tiling': ") << why;
    return;
  }
  op->setAttr(ZigZagDialect::kTilingAttrName, nest::tilingOf(*plan));
}

/// Rewrites zigzag.operands / zigzag.operand_order after the mapping file's
/// memory_operand_links moved roles, so later passes see the same roles.
static void recordRoles(linalg::LinalgOp op, const LinalgWorkload &before,
                        const ::zigzag::Workload &after) {
  MLIRContext *ctx = op->getContext();
  SmallVector<Attribute> roles(op->getNumOperands(),
                               StringAttr::get(ctx, kIgnoredOperandRole));
  for (MemOperand oldRole : ::zigzag::kAllMemOperands) {
    OpOperand *operand = before.operand(oldRole);
    if (!operand)
      continue;
    const std::string &name = before.workload.operand(oldRole).name;
    for (MemOperand newRole : ::zigzag::kAllMemOperands)
      if (after.operand(newRole).present && after.operand(newRole).name == name)
        roles[operand->getOperandNumber()] =
            StringAttr::get(ctx, ::zigzag::toString(newRole));
  }
  op->setAttr(ZigZagDialect::kOperandsAttrName, ArrayAttr::get(ctx, roles));
  SmallVector<Attribute> order;
  for (MemOperand role : after.operandOrder)
    order.push_back(StringAttr::get(ctx, ::zigzag::toString(role)));
  op->setAttr(ZigZagDialect::kOperandOrderAttrName, ArrayAttr::get(ctx, order));
}

/// The mapping file's entry for `layer`, if any.
static const ::zigzag::MappingSpecEntry *
lookupEntry(const std::optional<::zigzag::MappingSpec> &spec,
            linalg::LinalgOp op, const LinalgWorkload &layer) {
  if (!spec)
    return nullptr;
  auto opType =
      op->getAttrOfType<StringAttr>(ZigZagDialect::kOperatorTypeAttrName);
  return spec->lookup(layer.workload.name,
                      opType ? opType.getValue() : StringRef());
}

/// The layers among `nodes` whose results `op` reads, through the ops in
/// between that are no layer (pads, reshapes, ops ZigZag does not simulate,
/// whose edges ZigZag also redirects), in operand order.
static SmallVector<unsigned>
producerLayers(Operation *op, const DenseMap<Operation *, unsigned> &nodes) {
  SmallVector<unsigned> producers;
  SmallVector<Value> worklist;
  DenseSet<Operation *> seen;
  auto pushInputs = [&](Operation *o) {
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(o)) {
      for (OpOperand *in : linalgOp.getDpsInputOperands())
        worklist.push_back(in->get());
      return;
    }
    for (Value v : o->getOperands())
      worklist.push_back(v);
  };
  pushInputs(op);
  std::reverse(worklist.begin(), worklist.end());
  while (!worklist.empty()) {
    Operation *def = worklist.pop_back_val().getDefiningOp();
    if (!def || !seen.insert(def).second)
      continue;
    auto it = nodes.find(def);
    if (it != nodes.end()) {
      if (!llvm::is_contained(producers, it->second))
        producers.push_back(it->second);
      continue;
    }
    size_t before = worklist.size();
    pushInputs(def);
    std::reverse(worklist.begin() + before, worklist.end());
  }
  return producers;
}

/// ZigZag's inter-layer data locality over the layers `ops` (in IR order, a
/// topological order): the top memory of each operand per op.
static DenseMap<Operation *, ::zigzag::OperandTops>
dataLocalityTops(ArrayRef<linalg::LinalgOp> ops,
                 const std::optional<::zigzag::MappingSpec> &spec,
                 const ::zigzag::Hardware &hw) {
  DenseMap<Operation *, unsigned> index;
  std::vector<::zigzag::LocalityLayer> layers;
  SmallVector<Operation *> layerOps;
  for (linalg::LinalgOp op : ops) {
    std::string whyNot;
    FailureOr<LinalgWorkload> layer = analyzeLinalgOp(op, whyNot);
    if (failed(layer))
      continue;
    ::zigzag::Workload w = layer->workload;
    if (const ::zigzag::MappingSpecEntry *entry = lookupEntry(spec, op, *layer))
      (void)::zigzag::applyMemoryOperandLinks(w, *entry);
    index[op] = layers.size();
    layers.push_back(::zigzag::describeLocalityLayer(w));
    layerOps.push_back(op);
  }
  for (unsigned i = 0; i < layerOps.size(); ++i)
    for (unsigned p : producerLayers(layerOps[i], index)) {
      layers[i].preds.push_back(p);
      layers[p].succs.push_back(i);
    }
  std::vector<::zigzag::OperandTops> tops =
      ::zigzag::searchDataLocality(hw, layers);
  DenseMap<Operation *, ::zigzag::OperandTops> result;
  for (unsigned i = 0; i < layerOps.size(); ++i)
    result[layerOps[i]] = tops[i];
  return result;
}

/// Parses the `assume-dims` entries "NAME=SIZE" into (name, size) pairs.
static LogicalResult
parseAssumedDims(ModuleOp module, ArrayRef<std::string> entries,
                 SmallVectorImpl<std::pair<std::string, int64_t>> &sizes) {
  for (StringRef entry : entries) {
    auto [name, value] = entry.split('=');
    name = name.trim();
    int64_t size = 0;
    if (name.empty() || value.trim().getAsInteger(10, size))
      return mlir::emitError(module.getLoc())
             << "assume-dims entry '" << entry
             << "' must be NAME=SIZE (a loop name and an integer)";
    if (size <= 0)
      return mlir::emitError(module.getLoc())
             << "assume-dims gives loop '" << name << "' size " << size
             << "; sizes must be positive";
    sizes.emplace_back(name.str(), size);
  }
  return success();
}

/// Writes the assumed sizes of each op's dynamic loops as
/// `zigzag.assumed_dims` (entries already there and not overridden stay), so
/// the search and every later pass model the op with them. Fails on a name
/// that is no loop of any op: a typo would otherwise leave ops unsearched
/// without a word.
static LogicalResult
assumeDynamicSizes(ModuleOp module, ArrayRef<linalg::LinalgOp> ops,
                   ArrayRef<std::pair<std::string, int64_t>> sizes) {
  if (sizes.empty())
    return success();
  llvm::StringSet<> known;
  MLIRContext *ctx = module.getContext();
  for (linalg::LinalgOp op : ops) {
    SmallVector<std::string> names = getLoopNames(op);
    known.insert_range(names);
    NamedAttrList assumed;
    if (auto old = op->getAttrOfType<DictionaryAttr>(
            ZigZagDialect::kAssumedDimsAttrName))
      assumed.append(old.getValue());
    bool changed = false;
    for (auto [loop, size] : llvm::enumerate(op.getStaticLoopRanges())) {
      if (!ShapedType::isDynamic(size))
        continue;
      for (const auto &[name, value] : sizes)
        if (name == names[loop]) {
          assumed.set(name, IntegerAttr::get(IntegerType::get(ctx, 64), value));
          changed = true;
        }
    }
    if (changed)
      op->setAttr(ZigZagDialect::kAssumedDimsAttrName,
                  assumed.getDictionary(ctx));
  }
  for (const auto &[name, value] : sizes)
    if (!known.contains(name))
      return mlir::emitError(module.getLoc())
             << "assume-dims names loop '" << name
             << "', which no searched op has";
  return success();
}

/// The names of a string or a list of strings (verified by the attribute).
static std::vector<std::string> namesOf(Attribute value) {
  std::vector<std::string> names;
  if (auto name = dyn_cast<StringAttr>(value))
    names.push_back(name.str());
  else if (auto list = dyn_cast<ArrayAttr>(value))
    for (Attribute a : list)
      names.push_back(cast<StringAttr>(a).str());
  return names;
}

/// The constraints of a #zigzag.constraints attribute (its verifier checked
/// the shapes; the search checks the names).
static ::zigzag::MappingConstraints toConstraints(ConstraintsAttr attr) {
  ::zigzag::MappingConstraints c;
  if (DictionaryAttr spatial = attr.getSpatial())
    for (NamedAttribute dim : spatial)
      for (NamedAttribute loop : cast<DictionaryAttr>(dim.getValue()))
        c.spatial.push_back({dim.getName().str(), loop.getName().str(),
                             cast<IntegerAttr>(loop.getValue()).getInt(), false,
                             ""});
  if (DictionaryAttr forbid = attr.getForbidSpatial())
    for (NamedAttribute dim : forbid)
      for (const std::string &loop : namesOf(dim.getValue()))
        c.spatial.push_back({dim.getName().str(), loop, 1, true, ""});
  if (DictionaryAttr levels = attr.getLoopLevels())
    for (NamedAttribute loop : levels)
      c.loopLevels.push_back(
          {loop.getName().str(), cast<StringAttr>(loop.getValue()).str(), ""});
  for (auto [list, outer] : {std::pair{attr.getOutermost(), true},
                             std::pair{attr.getInnermost(), false}})
    if (list)
      c.positions.push_back({namesOf(list), outer, ""});
  if (DictionaryAttr tiles = attr.getTiles())
    for (NamedAttribute memory : tiles)
      for (NamedAttribute loop : cast<DictionaryAttr>(memory.getValue()))
        c.tiles.push_back({loop.getName().str(), memory.getName().str(),
                           cast<IntegerAttr>(loop.getValue()).getInt(), ""});
  for (auto [dict, keptOut] :
       {std::pair{attr.getPin(), false}, std::pair{attr.getKeepOut(), true}})
    if (dict)
      for (NamedAttribute operand : dict)
        for (const std::string &memory : namesOf(operand.getValue()))
          c.operandMemories.push_back(
              {operand.getName().str(), memory, keptOut, ""});
  if (FloatAttr minimum = attr.getMinUtilization())
    c.minUtilization = minimum.getValueAsDouble();
  return c;
}

/// `job`'s entry with the op's zigzag.constraints added; without a mapping
/// file entry, one that links each operand to its own role (a free search
/// otherwise).
static void addOpConstraints(SearchJob &job) {
  auto attr = job.op->getAttrOfType<ConstraintsAttr>(
      ZigZagDialect::kConstraintsAttrName);
  if (!attr)
    return;
  auto entry = std::make_unique<::zigzag::MappingSpecEntry>();
  if (job.entry) {
    *entry = *job.entry;
  } else {
    entry->name = ZigZagDialect::kConstraintsAttrName.str();
    entry->memoryOperandLinks.clear();
    for (MemOperand op : ::zigzag::kAllMemOperands)
      if (job.layer.workload.operand(op).present)
        entry->memoryOperandLinks.push_back(
            {job.layer.workload.operand(op).name, op});
  }
  entry->constraints.append(toConstraints(attr));
  job.entry = entry.get();
  job.constrainedEntry = std::move(entry);
}

namespace {
struct SearchMappingPass
    : public mlir::zigzag::impl::SearchMappingBase<SearchMappingPass> {
  using Base::Base;

  LogicalResult parseOptions(::zigzag::SearchOptions &opts) {
    opts.criterion = criterion;
    if (budgetSeconds < 0)
      return mlir::emitError(getOperation().getLoc(),
                             "budget-seconds must not be negative");
    opts.temporalType = temporal;
    if (lpfLimit == 0)
      return mlir::emitError(getOperation().getLoc(),
                             "lpf-limit must be positive");
    if (spatialCandidates == 0)
      return mlir::emitError(getOperation().getLoc(),
                             "spatial-candidates must be positive");
    opts.lpfLimit = lpfLimit;
    opts.spatialCandidates = spatialCandidates;
    opts.mixedSpatial = mixedSpatial;
    opts.imperfect = imperfect;
    opts.missingArrayDimsUnrolled =
        spatialMissingDims == SpatialMissingDims::Unroll1;
    opts.zigzagCompat = zigzagCompat;
    opts.costModel.zigzagCompat = zigzagCompat;
    if (!(tieTolerance >= 0 && std::isfinite(tieTolerance)))
      return mlir::emitError(getOperation().getLoc(),
                             "tie-tolerance must be a finite number >= 0");
    if (tieTolerance > 0 && criterion != ::zigzag::SearchCriterion::Latency)
      return mlir::emitError(getOperation().getLoc(),
                             "tie-tolerance applies to criterion=latency");
    opts.tieTolerance = tieTolerance;
    if (!(latencyBudget >= 0 && std::isfinite(latencyBudget)))
      return mlir::emitError(getOperation().getLoc(),
                             "latency-budget must be a finite number of "
                             "cycles >= 0");
    return success();
  }

  /// model=maestro: MAESTRO's dataflow search on each op it models, among
  /// the dataflows the op's constraints (mapping file entry and
  /// zigzag.constraints) admit.
  void runMaestroSearch() {
    ModuleOp module = getOperation();
    ::zigzag::maestro::Objective obj =
        toObjective(objective).value_or(::zigzag::maestro::Objective::Runtime);
    SmallVector<Operation *> ops;
    module.walk([&](linalg::LinalgOp op) {
      if (!op->hasAttr(ZigZagDialect::kAdapterAttrName) &&
          !onlyInitialisesOutputs(op))
        ops.push_back(op);
    });
    if (ops.empty())
      return;
    FailureOr<::zigzag::maestro::Hardware> hw = getMaestroHardware(module);
    if (failed(hw))
      return signalPassFailure();
    FailureOr<std::optional<::zigzag::MappingSpec>> spec =
        readMappingFileOption(module, mappingFile);
    if (failed(spec))
      return signalPassFailure();
    for (Operation *op : ops) {
      if (!isMaestroLayerOp(op)) {
        op->emitRemark("not searched: MAESTRO models only "
                       "linalg.conv_2d_nchw_fchw, "
                       "linalg.depthwise_conv_2d_nchw_chw and linalg.matmul");
        continue;
      }
      if (failed(searchMaestroOp(cast<linalg::LinalgOp>(op), module, *hw, obj,
                                 *spec)))
        return signalPassFailure();
    }
  }

  /// The MAESTRO search of one op, with its constraints resolved against
  /// the module's MAESTRO-style accelerator (the one the bridge to mappings
  /// lowers dataflows onto).
  LogicalResult
  searchMaestroOp(linalg::LinalgOp op, ModuleOp module,
                  const ::zigzag::maestro::Hardware &hw,
                  ::zigzag::maestro::Objective obj,
                  const std::optional<::zigzag::MappingSpec> &spec) {
    namespace ms = ::zigzag::maestro;
    std::string whyNot;
    FailureOr<LinalgWorkload> layer = analyzeLinalgOp(op, whyNot);
    SearchJob job{op, {}};
    if (succeeded(layer)) {
      job.layer = std::move(*layer);
      job.entry = lookupEntry(spec, op, job.layer);
      addOpConstraints(job);
    } else if (op->hasAttr(ZigZagDialect::kConstraintsAttrName)) {
      return op->emitError() << "zigzag.constraints cannot be resolved on "
                                "this op: "
                             << whyNot;
    }
    if (!job.entry || job.entry->constraints.empty())
      return success(succeeded(analyzeMaestroOp(op, hw, ms::Options(), obj)));
    ::zigzag::Workload w = job.layer.workload;
    auto fail = [&](const std::string &reason) {
      op->emitError() << "layer '" << w.name << "': " << reason;
      return failure();
    };
    if (!::zigzag::applyMemoryOperandLinks(w, *job.entry))
      return fail("memory_operand_links of mapping entry '" + job.entry->name +
                  "' do not name each operand of the layer once");
    FailureOr<::zigzag::Hardware> accelerator = getModuleHardware(module);
    if (failed(accelerator))
      return failure();
    ::zigzag::ConstraintChecker checker(job.entry->constraints, w,
                                        *accelerator);
    if (!checker.error().empty())
      return fail("constraints of mapping entry '" + job.entry->name +
                  "': " + checker.error());
    if (std::string conflict = checker.conflict(); !conflict.empty())
      return fail(conflict);
    if (std::string inapplicable =
            ms::inapplicableConstraint(job.entry->constraints, *accelerator);
        !inapplicable.empty())
      return fail(inapplicable);
    ms::DataflowConstraints constraints;
    constraints.checker = &checker;
    constraints.workload = &w;
    constraints.accelerator = &*accelerator;
    // The workload's loops are the op's iterators; the bridge names them as
    // the importer does.
    FailureOr<ms::Layer> maestroLayer =
        maestroLayerFromOp(op, getDataflowAttr(op->getContext(), {}));
    if (failed(maestroLayer))
      return failure();
    ms::LayerType type = maestroLayer->type;
    SmallVector<std::string> opLoops = maestroOpLoopNames(op);
    for (unsigned d = 0; d < ms::kNumDims; ++d) {
      constraints.loopOf[d] = -1;
      StringRef canonical = maestroLoopName(type, static_cast<ms::Dim>(d));
      if (canonical.empty())
        continue;
      for (unsigned i = 0; i < w.numLoops() && i < opLoops.size(); ++i)
        if (maestroCanonicalLoopName(op, opLoops, w.loopNames[i]) == canonical)
          constraints.loopOf[d] = static_cast<int>(i);
    }
    return success(succeeded(
        analyzeMaestroOp(op, hw, ms::Options(), obj, {}, &constraints)));
  }

  bool wantFront() const { return pareto || latencyBudget > 0; }

  /// latency-budget: per op the front point of least network energy whose
  /// latencies sum within the budget (leastEnergyUnderLatency).
  LogicalResult chooseUnderLatencyBudget(std::vector<SearchJob> &jobs) {
    std::vector<std::vector<::zigzag::TradeoffPoint>> fronts;
    for (const SearchJob &job : jobs) {
      if (!job.result.found)
        return success(); // the op's own error is reported below
      fronts.emplace_back();
      for (const ::zigzag::ParetoPoint &p : job.front.points)
        fronts.back().push_back({p.energy, p.latency});
    }
    ::zigzag::BudgetSolution solution =
        ::zigzag::leastEnergyUnderLatency(fronts, latencyBudget);
    if (!solution.feasible)
      return mlir::emitError(getOperation().getLoc())
             << "latency-budget=" << latencyBudget
             << " cycles is below the least network latency, "
             << solution.minLatency
             << " cycles (the sum of each op's fastest front point)";
    for (unsigned i = 0; i < jobs.size(); ++i)
      jobs[i].choice = solution.choice[i];
    return success();
  }

  /// zigzag.tradeoffs: what the op's mapping costs in energy over the
  /// cheapest mapping found, and the front with pareto / latency-budget.
  void writeTradeoffs(const SearchJob &job, const ::zigzag::Workload &w) {
    if (criterion != ::zigzag::SearchCriterion::Latency && !wantFront())
      return;
    MLIRContext *ctx = &getContext();
    double least = job.result.leastEnergy;
    SmallVector<ParetoPointAttr> points;
    for (const ::zigzag::ParetoPoint &p : job.front.points) {
      least = std::min(least, p.energy);
      const ::zigzag::SearchResult &r = p.result;
      MappingAttr mapping = convertMapping(
          ctx, r.mapping, w,
          r.sharedI1 ? ::zigzag::shareI1ChainWithI2(job.hw) : job.hw);
      points.push_back(ParetoPointAttr::get(ctx, APFloat(p.energy),
                                            APFloat(p.latency), mapping));
    }
    if (!std::isfinite(least))
      least = job.result.cost.energy;
    double cost = std::max(0.0, job.result.cost.energy - least);
    std::optional<APFloat> tolerance, budget;
    if (tieTolerance > 0)
      tolerance = APFloat(static_cast<double>(tieTolerance));
    BoolAttr exact;
    if (!points.empty())
      exact = BoolAttr::get(ctx, job.front.exact);
    std::optional<int64_t> choice;
    if (job.choice) {
      choice = *job.choice;
      budget = APFloat(static_cast<double>(latencyBudget));
    }
    job.op->setAttr(ZigZagDialect::kTradeoffsAttrName,
                    TradeoffsAttr::get(ctx, APFloat(least), APFloat(cost),
                                       tolerance, points, exact, choice,
                                       budget));
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (model == SearchModel::Maestro)
      return runMaestroSearch();
    if (objective != MaestroObjective::None) {
      mlir::emitError(module.getLoc(),
                      "objective applies to model=maestro; model=zigzag "
                      "minimises criterion");
      return signalPassFailure();
    }
    ::zigzag::SearchOptions opts;
    if (failed(parseOptions(opts)))
      return signalPassFailure();
    SmallVector<std::pair<std::string, int64_t>> assumedSizes;
    if (failed(parseAssumedDims(module, assumeDims, assumedSizes)))
      return signalPassFailure();

    SmallVector<linalg::LinalgOp> ops;
    module.walk([&](linalg::LinalgOp op) {
      // ZigZag costs only Conv/Gemm/MatMul of an ONNX model; the importer
      // marks the other ops zero-cost, which the compatible mode honours.
      if (op->hasAttr(ZigZagDialect::kAdapterAttrName) ||
          (zigzagCompat && op->hasAttr(ZigZagDialect::kZeroCostAttrName)) ||
          onlyInitialisesOutputs(op))
        return;
      ops.push_back(op);
    });
    if (ops.empty())
      return;
    if (failed(assumeDynamicSizes(module, ops, assumedSizes)))
      return signalPassFailure();
    FailureOr<::zigzag::Hardware> hw = getModuleHardware(module);
    if (failed(hw))
      return signalPassFailure();
    // The network graph of data locality holds the layers the IMC flow
    // skips below.
    SmallVector<linalg::LinalgOp> layerOps(ops);
    // ZigZag's IMC flow skips Pooling and Add layers (no cost, no mapping);
    // a quirk, so only in the compatible mode (docs/Imc.md).
    if (zigzagCompat && hw->array.imc)
      llvm::erase_if(ops, [](linalg::LinalgOp op) {
        auto type =
            op->getAttrOfType<StringAttr>(ZigZagDialect::kOperatorTypeAttrName);
        return type &&
               (type.getValue() == "Pooling" || type.getValue() == "Add");
      });
    if (ops.empty())
      return;

    FailureOr<std::optional<::zigzag::MappingSpec>> spec =
        readMappingFileOption(module, mappingFile);
    if (failed(spec))
      return signalPassFailure();

    bool locality = dataLocality == DataLocality::On ||
                    (dataLocality == DataLocality::Auto && hw->array.imc);
    DenseMap<Operation *, ::zigzag::OperandTops> tops;
    if (locality)
      tops = dataLocalityTops(layerOps, *spec, *hw);

    std::vector<SearchJob> jobs;
    bool failedAny = false;
    for (linalg::LinalgOp op : ops) {
      std::string whyNot;
      FailureOr<LinalgWorkload> layer = analyzeLinalgOp(op, whyNot);
      if (failed(layer)) {
        op->emitRemark("not searched: ") << whyNot;
        continue;
      }
      SearchJob job{op, std::move(*layer)};
      job.entry = lookupEntry(*spec, op, job.layer);
      addOpConstraints(job);
      auto it = tops.find(op);
      job.hw =
          it == tops.end() ? *hw : ::zigzag::pruneAboveTops(*hw, it->second);
      jobs.push_back(std::move(job));
    }

    // Identical layers are searched once (the first in IR order) and the
    // others reuse its result.
    std::map<SearchKey, size_t> firstWithKey;
    std::vector<size_t> searched;
    for (size_t i = 0; i < jobs.size(); ++i) {
      auto it = tops.find(jobs[i].op);
      SearchKey key{
          ::zigzag::layerSignature(jobs[i].layer.workload), jobs[i].entry,
          it == tops.end() ? std::nullopt
                           : std::optional<::zigzag::OperandTops>(it->second)};
      auto [pos, inserted] = firstWithKey.try_emplace(std::move(key), i);
      jobs[i].searchedAs = pos->second;
      if (inserted)
        searched.push_back(i);
    }

    // --mlir-disable-threading keeps the searches on this thread too.
    unsigned opThreads = getContext().isMultithreadingEnabled() ? threads : 1;
    // LOMA searches run in parallel over ops, each on one thread. The
    // exhaustive engine splits each op's search over every thread (its
    // subtrees) and searches the ops one after the other: its ops differ in
    // cost by orders of magnitude, so parallelism over ops would leave the
    // heaviest one on a single thread. Each search is deterministic on its
    // own, whatever the thread count.
    bool splitOps = engine == SearchEngine::Exhaustive || searched.size() == 1;
    opts.threads = splitOps ? opThreads : 1;
    auto search = [&](SearchJob &job) {
      auto start = std::chrono::steady_clock::now();
      ::zigzag::Workload w = job.layer.workload;
      if (job.entry && !::zigzag::applyMemoryOperandLinks(w, *job.entry)) {
        job.result.error =
            "layer '" + w.name + "': memory_operand_links of mapping entry '" +
            job.entry->name + "' do not name each operand of the layer once";
        return;
      }
      // A spatial_mapping written for other layers (loops the layer lacks,
      // unrollings reduced to 1) leaves the array mostly idle; the fallback
      // lets the search choose this layer's spatial mapping instead.
      const ::zigzag::MappingSpecEntry *entry = job.entry;
      ::zigzag::MappingSpecEntry searched;
      if (entry) {
        job.droppedSpatial =
            ::zigzag::droppedSpatialUnrollings(w, job.hw, *entry, opts);
        if (!job.droppedSpatial.empty() &&
            mappingFallback == MappingFallback::Search) {
          searched = ::zigzag::withSearchedSpatialMapping(*entry);
          entry = &searched;
        }
      }
      ::zigzag::ExhaustiveOptions budget;
      budget.maxNodes = budgetNodes;
      budget.maxSeconds = budgetSeconds;
      if (engine == SearchEngine::Exhaustive) {
        job.result = ::zigzag::searchLayerExhaustive(w, job.hw, entry, opts,
                                                     budget, &job.exhaustive);
      } else {
        job.result = ::zigzag::searchLayer(w, job.hw, entry, opts);
      }
      if (job.result.found && wantFront())
        job.front = ::zigzag::paretoFront(
            opts,
            [&](const ::zigzag::SearchOptions &o, bool &proven) {
              if (engine != SearchEngine::Exhaustive) {
                proven = false; // LOMA's subspace only
                return ::zigzag::searchLayer(w, job.hw, entry, o);
              }
              ::zigzag::ExhaustiveStats stats;
              ::zigzag::SearchResult r = ::zigzag::searchLayerExhaustive(
                  w, job.hw, entry, o, budget, &stats);
              proven = stats.optimal || (!r.found && stats.stoppedBy.empty());
              return r;
            },
            paretoMaxPoints);
      job.seconds = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    };
    ::zigzag::parallelFor(
        splitOps ? 1 : opThreads, searched.size(),
        [&](size_t i, unsigned) { search(jobs[searched[i]]); });
    for (SearchJob &job : jobs) {
      if (job.searchedAs == static_cast<size_t>(&job - jobs.data()))
        continue;
      // Same workload, entry and accelerator: the same result, found in no
      // time of its own (the spatial-mapping remarks are per op).
      const SearchJob &first = jobs[job.searchedAs];
      job.result = first.result;
      job.exhaustive = first.exhaustive;
      job.droppedSpatial = first.droppedSpatial;
      job.front = first.front;
      job.seconds = 0;
      // Its error would name the other layer.
      if (!job.result.found)
        search(job);
    }
    if (latencyBudget > 0 && failed(chooseUnderLatencyBudget(jobs)))
      return signalPassFailure();

    MLIRContext *ctx = &getContext();
    for (SearchJob &job : jobs) {
      linalg::LinalgOp op = job.op;
      if (!job.droppedSpatial.empty()) {
        const ::zigzag::Workload &w = job.layer.workload;
        std::string what =
            "layer '" + (w.name.empty() ? w.opName : w.name) +
            "': the spatial_mapping of mapping entry '" + job.entry->name +
            "' does not fit: " + llvm::join(job.droppedSpatial, ", ");
        if (mappingFallback == MappingFallback::Search)
          op->emitRemark() << what << "; searched its spatial mapping instead";
        else
          op->emitWarning() << what
                            << " dropped (mapping-fallback=search searches "
                               "the spatial mapping of such layers)";
      }
      if (verbose)
        for (const std::string &note : job.result.notes)
          op->emitRemark(note);
      if (!job.result.found) {
        op->emitError() << job.result.error;
        failedAny = true;
        continue;
      }
      // latency-budget: the chosen front point is the op's mapping.
      if (job.choice)
        job.result = job.front.points[*job.choice].result;
      ::zigzag::Workload w = job.layer.workload;
      if (job.entry) {
        ::zigzag::applyMemoryOperandLinks(w, *job.entry);
        if (w.operands[0].name != job.layer.workload.operands[0].name ||
            w.operands[1].name != job.layer.workload.operands[1].name ||
            w.operands[2].name != job.layer.workload.operands[2].name)
          recordRoles(op, job.layer, w);
      }
      // DeFiNES's Add layers: the mapping is on the accelerator where I2
      // follows I1, and later passes evaluate it there too.
      if (job.result.sharedI1) {
        op->setAttr(ZigZagDialect::kInputsShareI1AttrName, UnitAttr::get(ctx));
        op->setAttr(ZigZagDialect::kMappingAttrName,
                    convertMapping(ctx, job.result.mapping, w,
                                   ::zigzag::shareI1ChainWithI2(job.hw)));
      } else {
        op->removeAttr(ZigZagDialect::kInputsShareI1AttrName);
        op->setAttr(ZigZagDialect::kMappingAttrName,
                    convertMapping(ctx, job.result.mapping, w, job.hw));
      }
      op->setAttr(ZigZagDialect::kCostAttrName,
                  getCostAttr(ctx, job.result.cost));
      writeTiling(op);
      // With engine=exhaustive: whether optimality was proven, the gap
      // left, and LOMA's cost.
      BoolAttr optimal;
      std::optional<APFloat> gap, lomaEnergy, lomaLatency;
      std::optional<int64_t> nodes;
      StringRef stoppedBy;
      const ::zigzag::ExhaustiveStats &x = job.exhaustive;
      if (engine == SearchEngine::Exhaustive) {
        optimal = BoolAttr::get(ctx, x.optimal);
        gap = APFloat(x.gap);
        nodes = static_cast<int64_t>(x.nodes);
        stoppedBy = x.stoppedBy;
        if (x.lomaFound) {
          lomaEnergy = APFloat(x.lomaEnergy);
          lomaLatency = APFloat(x.lomaLatency);
        }
      }
      op->setAttr(
          ZigZagDialect::kSearchAttrName,
          SearchStatsAttr::get(ctx, toString(engine),
                               static_cast<int64_t>(job.result.evaluated),
                               APFloat(job.seconds), optimal, gap, nodes,
                               stoppedBy, lomaEnergy, lomaLatency));
      writeTradeoffs(job, w);
    }
    if (failedAny)
      signalPassFailure();
  }
};
} // namespace
