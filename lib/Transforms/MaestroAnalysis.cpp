//===- MaestroAnalysis.cpp - --zigzag-maestro-analysis --------------------===//
//
// Translates each op's #zigzag.dataflow into a MAESTRO layer, runs the plain
// C++ analysis (Model/Maestro) and writes the statistics back as attributes,
// a JSON report and a table.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Dialect/ZigZag/IR/MaestroLayer.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Import/MaestroDFSL.h"
#include "zigzag/Import/MaestroImport.h"
#include "zigzag/Model/Maestro.h"
#include "zigzag/Search/MaestroSearch.h"
#include "zigzag/Transforms/Passes.h"

#include "MaestroSupport.h"

#include <map>

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"

namespace mlir {
namespace zigzag {
#define GEN_PASS_DEF_MAESTROANALYSIS
#include "zigzag/Transforms/Passes.h.inc"
} // namespace zigzag
} // namespace mlir

using namespace mlir;
using namespace mlir::zigzag;
namespace ms = ::zigzag::maestro;

/// The search record of an op (--zigzag-maestro-analysis="search=...").
static constexpr llvm::StringLiteral kSearchAttrName = "zigzag.maestro_search";

/// The fixed key names of the issue's report format.
static DictionaryAttr statsToAttr(Builder &b, const ms::Stats &s) {
  auto i64 = [&](int64_t v) { return b.getI64IntegerAttr(v); };
  auto f64 = [&](double v) { return b.getF64FloatAttr(v); };
  SmallVector<NamedAttribute> tensors;
  for (unsigned t = 0; t < ms::kNumTensors; ++t) {
    const ms::TensorStats &ts = s.tensors[t];
    tensors.push_back(b.getNamedAttr(
        ms::tensorName(t),
        b.getDictionaryAttr(
            {b.getNamedAttr("l1_read", i64(ts.l1Read)),
             b.getNamedAttr("l1_write", i64(ts.l1Write)),
             b.getNamedAttr("l2_read", i64(ts.l2Read)),
             b.getNamedAttr("l2_write", i64(ts.l2Write)),
             b.getNamedAttr("reuse", f64(ts.reuse)),
             b.getNamedAttr("l2_size_req", i64(ts.l2SizeReq)),
             b.getNamedAttr("l1_size_req", i64(ts.l1SizeReq))})));
  }
  return b.getDictionaryAttr({
      b.getNamedAttr("macs", i64(s.macs)),
      b.getNamedAttr("runtime_cycles", i64(s.runtimeCycles)),
      b.getNamedAttr("throughput", f64(s.throughput)),
      b.getNamedAttr("utilized_pes", f64(s.utilizedPEs)),
      b.getNamedAttr("energy_xmac", f64(s.energyXMac)),
      b.getNamedAttr("noc_bw_peak", i64(s.nocBwPeak)),
      b.getNamedAttr("noc_bw_avg", f64(s.nocBwAvg)),
      b.getNamedAttr("offchip_bw_req", i64(s.offchipBwReq)),
      b.getNamedAttr("l2_size_req", i64(s.l2SizeReq)),
      b.getNamedAttr("l1_size_req", i64(s.l1SizeReq)),
      b.getNamedAttr("tensors", b.getDictionaryAttr(tensors)),
  });
}

static void writeStats(llvm::json::OStream &j, const ms::Stats &s) {
  j.object([&] {
    j.attribute("macs", s.macs);
    j.attribute("runtime_cycles", s.runtimeCycles);
    j.attribute("throughput", s.throughput);
    j.attribute("utilized_pes", s.utilizedPEs);
    j.attribute("energy_xmac", s.energyXMac);
    j.attribute("noc_bw_peak", s.nocBwPeak);
    j.attribute("noc_bw_avg", s.nocBwAvg);
    j.attribute("offchip_bw_req", s.offchipBwReq);
    j.attribute("l2_size_req", s.l2SizeReq);
    j.attribute("l1_size_req", s.l1SizeReq);
    j.attributeObject("tensors", [&] {
      for (unsigned t = 0; t < ms::kNumTensors; ++t) {
        const ms::TensorStats &ts = s.tensors[t];
        j.attributeObject(ms::tensorName(t), [&] {
          j.attribute("l1_read", ts.l1Read);
          j.attribute("l1_write", ts.l1Write);
          j.attribute("l2_read", ts.l2Read);
          j.attribute("l2_write", ts.l2Write);
          j.attribute("reuse", ts.reuse);
          j.attribute("l2_size_req", ts.l2SizeReq);
          j.attribute("l1_size_req", ts.l1SizeReq);
        });
      }
    });
  });
}

static StringRef objectiveName(ms::Objective objective) {
  switch (objective) {
  case ms::Objective::Runtime:
    return "runtime";
  case ms::Objective::Energy:
    return "energy";
  case ms::Objective::EDP:
    return "edp";
  }
  llvm_unreachable("unknown objective");
}

FailureOr<MaestroOpResult> mlir::zigzag::analyzeMaestroOp(
    Operation *op, const ms::Hardware &hw, const ms::Options &options,
    std::optional<ms::Objective> objective,
    const std::vector<std::vector<ms::Directive>> &seeds,
    const ms::DataflowConstraints *constraints) {
  MLIRContext *ctx = op->getContext();
  Builder b(ctx);
  Attribute raw = op->getAttr(ZigZagDialect::kDataflowAttrName);
  auto dataflow = dyn_cast_or_null<DataflowAttr>(raw);
  if (raw && !dataflow)
    return op->emitError() << "zigzag.dataflow must be a #zigzag.dataflow";
  // Without a dataflow (only when searching) the layer's shape is all the
  // search needs.
  if (!dataflow && !objective)
    return op->emitError() << "no zigzag.dataflow to analyse";
  FailureOr<ms::Layer> layer =
      maestroLayerFromOp(op, dataflow ? dataflow : getDataflowAttr(ctx, {}));
  if (failed(layer))
    return failure();
  std::string error;
  MaestroOpResult analyzed{layer->name, op->getName().getStringRef().str(), {}};
  if (dataflow) {
    std::optional<ms::Stats> stats =
        ms::analyzeLayer(*layer, hw, options, error);
    if (!stats)
      return op->emitError() << "MAESTRO analysis: " << error;
    analyzed.stats = *stats;
  }
  if (objective) {
    std::vector<std::vector<ms::Directive>> candidates;
    if (dataflow)
      candidates.push_back(layer->dataflow);
    candidates.insert(candidates.end(), seeds.begin(), seeds.end());
    // The best seed, for the record (seeds MAESTRO rejects are skipped, and
    // so are those the constraints exclude, with a remark saying why).
    ms::Layer probe = *layer;
    for (auto [index, flow] : llvm::enumerate(candidates)) {
      probe.dataflow = flow;
      std::string why;
      int violated = constraints
                         ? ms::violatedConstraint(probe, hw, *constraints, why)
                         : -1;
      if (violated != -1) {
        InFlightDiagnostic remark = op->emitRemark();
        remark << (dataflow && index == 0
                       ? std::string("the op's dataflow")
                       : "seed dataflow " +
                             std::to_string(index - (dataflow ? 1 : 0)))
               << " is not a candidate: ";
        if (violated == ms::kInexpressible)
          remark << "the constraints cannot be checked on it (" << why << ")";
        else
          remark << "it breaks constraint '"
                 << constraints->checker->description(violated) << "'";
        continue;
      }
      if (auto s = ms::analyzeLayer(probe, hw, options, error)) {
        double v = ms::objectiveValue(*s, *objective);
        analyzed.seedBest =
            analyzed.seedBest ? std::min(*analyzed.seedBest, v) : v;
      }
    }
    std::string whyNone;
    std::optional<ms::SearchResult> best = ms::searchDataflow(
        *layer, hw, options, *objective, candidates, constraints, &whyNone);
    if (!best && constraints)
      return op->emitError()
             << "layer '" << constraints->workload->name << "': " << whyNone;
    if (!best)
      return op->emitError() << "MAESTRO dataflow search: " << whyNone;
    analyzed.stats = best->stats;
    analyzed.evaluated = best->evaluated;
    analyzed.value = ms::objectiveValue(best->stats, *objective);
    op->setAttr(ZigZagDialect::kDataflowAttrName,
                getDataflowAttr(ctx, best->dataflow));
    for (const ms::Directive &d : best->dataflow)
      analyzed.dataflow += (analyzed.dataflow.empty() ? "" : "; ") + d.str();
    SmallVector<NamedAttribute> record = {
        b.getNamedAttr("objective", b.getStringAttr(objectiveName(*objective))),
        b.getNamedAttr("evaluated", b.getI64IntegerAttr(best->evaluated))};
    if (constraints)
      record.push_back(
          b.getNamedAttr("excluded", b.getI64IntegerAttr(best->excluded)));
    if (analyzed.seedBest)
      record.push_back(
          b.getNamedAttr("seed_best", b.getF64FloatAttr(*analyzed.seedBest)));
    record.push_back(
        b.getNamedAttr("value", b.getF64FloatAttr(analyzed.value)));
    record.push_back(
        b.getNamedAttr("from_seed", b.getBoolAttr(best->seed >= 0)));
    op->setAttr(kSearchAttrName, b.getDictionaryAttr(record));
  }
  op->setAttr(ZigZagDialect::kMaestroAttrName, statsToAttr(b, analyzed.stats));
  return analyzed;
}

namespace {
struct MaestroAnalysisPass
    : public mlir::zigzag::impl::MaestroAnalysisBase<MaestroAnalysisPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (op->hasAttr(ZigZagDialect::kDataflowAttrName))
        ops.push_back(op);
    });
    if (ops.empty()) {
      emitError(module.getLoc())
          << "no op carries zigzag.dataflow (import a MAESTRO network with "
             "zigzag-translate --import-maestro)";
      return signalPassFailure();
    }
    FailureOr<ms::Hardware> hw = getMaestroHardware(module);
    if (failed(hw))
      return signalPassFailure();
    ms::Options options;
    options.compat = maestroCompat;
    std::optional<ms::Objective> objective = toObjective(search);
    // Seed dataflows by layer name and rank among the layers of that name.
    std::map<std::string, std::vector<std::vector<ms::Directive>>> seedFlows;
    for (const std::string &path : seeds) {
      auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
      if (!buffer) {
        emitError(module.getLoc()) << "cannot open seed file '" << path
                                   << "': " << buffer.getError().message();
        return signalPassFailure();
      }
      ms::SourceError err;
      std::optional<ms::Network> net =
          ms::parseNetwork((*buffer)->getBuffer(), err);
      if (!net) {
        emitError(
            FileLineColLoc::get(&getContext(), path, err.line, err.column))
            << err.message;
        return signalPassFailure();
      }
      // A name may repeat in a file: the i-th layer of a name seeds the i-th
      // op of that name.
      std::map<std::string, int> seen;
      for (const ms::ParsedLayer &pl : net->layers)
        seedFlows[pl.layer.name + "#" + std::to_string(seen[pl.layer.name]++)]
            .push_back(pl.layer.dataflow);
    }
    std::map<std::string, int> opsSeen;
    std::vector<MaestroOpResult> layers;
    static const std::vector<std::vector<ms::Directive>> kNoSeeds;
    for (Operation *op : ops) {
      const std::vector<std::vector<ms::Directive>> *opSeeds = &kNoSeeds;
      if (objective) {
        auto name =
            op->getAttrOfType<StringAttr>(ZigZagDialect::kLayerNameAttrName);
        std::string key = (name ? name.str() : std::string()) + "#" +
                          std::to_string(opsSeen[name ? name.str() : ""]++);
        auto it = seedFlows.find(key);
        if (it != seedFlows.end())
          opSeeds = &it->second;
      }
      // The constraints need the op's workload and mapping file, which
      // only the search pass resolves; a search here would ignore them.
      if (objective && op->hasAttr(ZigZagDialect::kConstraintsAttrName)) {
        op->emitError() << "zigzag.constraints are not read by "
                           "--zigzag-maestro-analysis=\"search=...\"; search "
                           "with --zigzag-search-mapping=\"model=maestro\"";
        return signalPassFailure();
      }
      FailureOr<MaestroOpResult> analyzed =
          analyzeMaestroOp(op, *hw, options, objective, *opSeeds);
      if (failed(analyzed))
        return signalPassFailure();
      layers.push_back(std::move(*analyzed));
    }
    if (!report.empty() && failed(writeReport(module, layers)))
      return signalPassFailure();
    if (table)
      printTable(llvm::errs(), layers);
  }

  LogicalResult writeReport(ModuleOp module, ArrayRef<MaestroOpResult> layers) {
    std::string errorMessage;
    std::unique_ptr<llvm::ToolOutputFile> output =
        openOutputFile(report, &errorMessage);
    if (!output)
      return emitError(module.getLoc())
             << "cannot open report file '" << report << "': " << errorMessage;
    {
      llvm::json::OStream j(output->os(), /*IndentSize=*/1);
      int64_t macs = 0, runtime = 0;
      double energy = 0;
      j.object([&] {
        j.attribute("maestro_compat", bool(maestroCompat));
        j.attributeArray("layers", [&] {
          for (const MaestroOpResult &l : layers) {
            j.object([&] {
              j.attribute("name", l.name);
              j.attribute("op", l.op);
              j.attributeBegin("maestro");
              writeStats(j, l.stats);
              j.attributeEnd();
              if (l.evaluated)
                j.attributeObject("search", [&] {
                  j.attribute("evaluated", *l.evaluated);
                  if (l.seedBest)
                    j.attribute("seed_best", *l.seedBest);
                  j.attribute("value", l.value);
                  j.attribute("dataflow", l.dataflow);
                });
            });
            macs += l.stats.macs;
            runtime += l.stats.runtimeCycles;
            energy += l.stats.energyXMac;
          }
        });
        j.attributeObject("total", [&] {
          j.attribute("macs", macs);
          j.attribute("runtime_cycles", runtime);
          j.attribute("energy_xmac", energy);
          j.attribute("layers", static_cast<int64_t>(layers.size()));
        });
      });
    }
    output->os() << "\n";
    output->keep();
    return success();
  }

  static void printTable(llvm::raw_ostream &os,
                         ArrayRef<MaestroOpResult> layers) {
    os << llvm::format("%-16s %14s %12s %9s %8s %16s %8s %10s\n", "layer",
                       "macs", "runtime", "MAC/cyc", "PEs", "energy(xMAC)",
                       "NoC pk", "NoC avg");
    for (const MaestroOpResult &l : layers) {
      const ms::Stats &s = l.stats;
      os << llvm::format(
          "%-16s %14lld %12lld %9.3f %8.2f %16.6g %8lld %10.4f\n",
          l.name.c_str(), static_cast<long long>(s.macs),
          static_cast<long long>(s.runtimeCycles), s.throughput, s.utilizedPEs,
          s.energyXMac, static_cast<long long>(s.nocBwPeak), s.nocBwAvg);
    }
  }
};
} // namespace
