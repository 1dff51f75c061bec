//===- SearchMapping.cpp - --zigzag-search-mapping ------------------------===//
//
// Finds the best spatial and temporal mapping of every linalg op on the
// module's accelerator (ZigZag's spatial generation + LOMA) and writes
// zigzag.mapping, zigzag.cost and zigzag.search on it.
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
#include "zigzag/Search/Parallel.h"
#include "zigzag/Search/Search.h"
#include "zigzag/Transforms/Passes.h"

#include "MaestroSupport.h"
#include "PassUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <chrono>

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
};
} // namespace

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
    opts.missingArrayDimsUnrolled =
        spatialMissingDims == SpatialMissingDims::Unroll1;
    opts.zigzagCompat = zigzagCompat;
    opts.costModel.zigzagCompat = zigzagCompat;
    return success();
  }

  /// model=maestro: MAESTRO's dataflow search on each op it models.
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
    for (Operation *op : ops) {
      if (!isMaestroLayerOp(op)) {
        op->emitRemark("not searched: MAESTRO models only "
                       "linalg.conv_2d_nchw_fchw, "
                       "linalg.depthwise_conv_2d_nchw_chw and linalg.matmul");
        continue;
      }
      if (failed(analyzeMaestroOp(op, *hw, ::zigzag::maestro::Options(), obj)))
        return signalPassFailure();
    }
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

    // Searches run in parallel over ops; each is deterministic on its own.
    opts.threads = jobs.size() == 1 ? threads.getValue() : 1;
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
      if (engine == SearchEngine::Exhaustive) {
        ::zigzag::ExhaustiveOptions budget;
        budget.maxNodes = budgetNodes;
        budget.maxSeconds = budgetSeconds;
        job.result = ::zigzag::searchLayerExhaustive(w, job.hw, entry, opts,
                                                     budget, &job.exhaustive);
      } else {
        job.result = ::zigzag::searchLayer(w, job.hw, entry, opts);
      }
      job.seconds = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    };
    // --mlir-disable-threading keeps the ops on this thread too.
    unsigned opThreads = getContext().isMultithreadingEnabled() ? threads : 1;
    ::zigzag::parallelFor(opThreads, jobs.size(),
                          [&](size_t i, unsigned) { search(jobs[i]); });

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
    }
    if (failedAny)
      signalPassFailure();
  }
};
} // namespace
