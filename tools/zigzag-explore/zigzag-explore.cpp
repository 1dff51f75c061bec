//===- zigzag-explore.cpp - Architecture exploration ----------------------===//
//
// zigzag-explore WORKLOAD --space=S.yaml --out=DIR [--criterion=...]
//   [--engine=loma|exhaustive] [--threads=N] [--shard=I/N] [--html=F]
// zigzag-explore --merge --out=DIR [--html=F] SHARD_DIR...
//
// Every design of the space x the workload's layers (docs/Explore.md). The
// workload (.mlir, .onnx or ZigZag .yaml) is imported as the passes import
// it and its layers are the ops --zigzag-search-mapping searches; the
// evaluation itself is plain C++ (lib/Explore).
//
//===----------------------------------------------------------------------===//

#include "zigzag/Analysis/WorkloadAnalysis.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Explore/Explore.h"
#include "zigzag/Import/HardwareYAML.h"
#include "zigzag/Import/OnnxToLinalg.h"
#include "zigzag/Import/WorkloadToLinalg.h"
#include "zigzag/InitZigZag.h"
#include "zigzag/Report/HtmlReport.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <map>
#include <set>

using namespace llvm;
using namespace zigzag::explore;

static cl::list<std::string> inputs(cl::Positional,
                                    cl::desc("WORKLOAD | SHARD_DIR..."));
static cl::opt<std::string> spacePath("space", cl::desc("design space YAML"),
                                      cl::value_desc("S.yaml"));
static cl::opt<std::string> outDir("out", cl::desc("output directory"),
                                   cl::value_desc("DIR"));
static cl::opt<std::string>
    criterionText("criterion",
                  cl::desc("per-layer search criterion: latency (default, "
                           "as --zigzag-search-mapping), energy or edp"),
                  cl::init("latency"));
static cl::opt<std::string> engine("engine",
                                   cl::desc("loma (default) or exhaustive"),
                                   cl::init("loma"));
// --threads=N is read before LLVM's option parser: a library linked in
// registers a global option of that name already.
static unsigned threads = 0;
static cl::opt<std::string> shardText("shard",
                                      cl::desc("evaluate shard I of N (I/N): "
                                               "the designs with id % N == I"),
                                      cl::init("0/1"));
static cl::opt<bool> merge("merge",
                           cl::desc("combine the shard directories given as "
                                    "positional arguments into --out"));
static cl::opt<bool> quiet("quiet", cl::desc("no progress on stderr"));
static cl::opt<bool>
    reuse("reuse",
          cl::desc("share each layer's spatial candidates and LOMA orderings "
                   "between designs (default; =false to measure without)"),
          cl::init(true), cl::Hidden);
static cl::opt<std::string>
    htmlPath("html",
             cl::desc("also write the designs as a self-contained HTML page "
                      "(energy x latency scatter, docs/HtmlReport.md)"),
             cl::value_desc("F"));

static int fail(const Twine &message) {
  WithColor::error(errs(), "zigzag-explore") << message << "\n";
  return 1;
}

/// The layers of the workload file: the ops --zigzag-search-mapping
/// searches, analysed the same way.
static Expected<std::vector<::zigzag::Workload>> loadWorkload(StringRef path) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::zigzag::registerZigZagDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFileOrSTDIN(path);
  if (!buffer)
    return createStringError(buffer.getError(),
                             "cannot read workload '" + path +
                                 "': " + buffer.getError().message());
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), SMLoc());
  mlir::OwningOpRef<mlir::ModuleOp> module;
  if (path.ends_with(".onnx"))
    module = mlir::zigzag::importOnnxModel(sourceMgr, &context,
                                           mlir::zigzag::OnnxImportOptions());
  else if (path.ends_with(".yaml") || path.ends_with(".yml"))
    module = mlir::zigzag::importZigZagWorkload(sourceMgr, &context);
  else
    module = mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
  if (!module)
    return createStringError("cannot import workload '" + path + "'");
  std::vector<::zigzag::Workload> layers;
  module->walk([&](mlir::linalg::LinalgOp op) {
    // The corrected model (the explorer's default) costs every layer op,
    // also those ZigZag leaves out; adapters and output seeds are no layers.
    if (op->hasAttr(mlir::zigzag::ZigZagDialect::kAdapterAttrName) ||
        mlir::zigzag::onlyInitialisesOutputs(op))
      return;
    std::string whyNot;
    mlir::FailureOr<mlir::zigzag::LinalgWorkload> layer =
        mlir::zigzag::analyzeLinalgOp(op, whyNot);
    if (mlir::failed(layer)) {
      op->emitRemark("not searched: ") << whyNot;
      return;
    }
    layers.push_back(std::move(layer->workload));
  });
  if (layers.empty())
    return createStringError("workload '" + path + "' has no layer to map");
  return layers;
}

/// What a run directory was produced from; runs that differ cannot resume
/// into or merge with each other.
struct RunInfo {
  std::string space, workload, criterion, engine;
  unsigned shard = 0, shards = 1;
  unsigned designs = 0;
  std::string fingerprint() const {
    return space + "|" + workload + "|" + criterion + "|" + engine + "|" +
           std::to_string(designs);
  }
};

static std::string pathIn(StringRef dir, StringRef file) {
  SmallString<256> path(dir);
  sys::path::append(path, file);
  return std::string(path);
}

static Error writeRunInfo(StringRef dir, const RunInfo &info) {
  std::error_code ec;
  raw_fd_ostream os(pathIn(dir, "run.json"), ec);
  if (ec)
    return createStringError(ec, "cannot write run.json: " + ec.message());
  json::OStream j(os, 1);
  j.object([&] {
    j.attribute("space", info.space);
    j.attribute("workload", info.workload);
    j.attribute("criterion", info.criterion);
    j.attribute("engine", info.engine);
    j.attribute("shard", static_cast<int64_t>(info.shard));
    j.attribute("shards", static_cast<int64_t>(info.shards));
    j.attribute("designs", static_cast<int64_t>(info.designs));
  });
  os << "\n";
  return Error::success();
}

static Expected<RunInfo> readRunInfo(StringRef dir) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(pathIn(dir, "run.json"));
  if (!buffer)
    return createStringError(buffer.getError(),
                             "'" + dir +
                                 "' holds no run.json (not a "
                                 "zigzag-explore output directory)");
  Expected<json::Value> value = json::parse((*buffer)->getBuffer());
  if (!value)
    return value.takeError();
  const json::Object *o = value->getAsObject();
  RunInfo info;
  auto str = [&](StringRef key) {
    std::optional<StringRef> s = o ? o->getString(key) : std::nullopt;
    return s ? s->str() : std::string();
  };
  auto num = [&](StringRef key) {
    std::optional<int64_t> n = o ? o->getInteger(key) : std::nullopt;
    return n ? static_cast<unsigned>(*n) : 0u;
  };
  info.space = str("space");
  info.workload = str("workload");
  info.criterion = str("criterion");
  info.engine = str("engine");
  info.shard = num("shard");
  info.shards = num("shards");
  info.designs = num("designs");
  if (!info.shards)
    return createStringError("'" + dir + "/run.json' is malformed");
  return info;
}

/// The results log of `dir`: every complete line, in file order. A line cut
/// by an interruption is dropped (and the log rewritten without it).
static Expected<std::vector<Point>> readLog(StringRef dir, bool repair) {
  std::string path = pathIn(dir, "results.jsonl");
  std::vector<Point> points;
  if (!sys::fs::exists(path))
    return points;
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer = MemoryBuffer::getFile(path);
  if (!buffer)
    return createStringError(buffer.getError(), "cannot read " + path);
  SmallVector<StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n', -1, false);
  bool dropped = false;
  for (StringRef line : lines) {
    Expected<Point> p = pointFromJSONLine(line);
    if (!p) {
      consumeError(p.takeError());
      dropped = true;
      continue;
    }
    points.push_back(*p);
  }
  if (dropped && repair) {
    std::error_code ec;
    raw_fd_ostream os(path, ec);
    if (ec)
      return createStringError(ec, "cannot rewrite " + path);
    for (const Point &p : points)
      os << pointToJSONLine(p) << "\n";
  }
  return points;
}

/// The HTML page of an exploration: every feasible design as a point of the
/// report's `points` array, its hardware file linked by absolute path so the
/// page works wherever it is written.
static Error writeExploreHtml(StringRef dir, StringRef title,
                              const std::vector<Point> &points) {
  json::Array array;
  for (const Point &p : points) {
    if (!p.feasible)
      continue;
    json::Object point{{"name", "design " + std::to_string(p.id)},
                       {"energy_pJ", p.energy},
                       {"latency_cycles", p.latency},
                       {"area", p.area},
                       {"edp", p.edp},
                       {"pareto", p.pareto}};
    if (!p.hardware.empty()) {
      SmallString<256> path(pathIn(dir, p.hardware));
      sys::fs::make_absolute(path);
      point["hardware"] = std::string(path);
    }
    array.push_back(std::move(point));
  }
  json::Value report =
      json::Object{{"accelerator", title}, {"points", std::move(array)}};
  std::error_code ec;
  raw_fd_ostream os(htmlPath, ec);
  if (ec)
    return createStringError(ec, "cannot write '" + htmlPath +
                                     "': " + ec.message());
  return ::zigzag::writeHtmlReport(report, os);
}

/// Marks the Pareto points, names their hardware YAML (written by `write`)
/// and writes points.json, points.csv and pareto.json; prints the front.
static int finish(StringRef dir, std::vector<Point> &points,
                  const std::function<Error(const Point &, StringRef)> &write) {
  llvm::sort(points,
             [](const Point &a, const Point &b) { return a.id < b.id; });
  markPareto(points);
  if (std::error_code ec = sys::fs::create_directories(pathIn(dir, "hardware")))
    return fail("cannot create " + pathIn(dir, "hardware") + ": " +
                ec.message());
  for (Point &p : points) {
    p.hardware.clear();
    if (!p.pareto)
      continue;
    p.hardware = "hardware/design_" + std::to_string(p.id) + ".yaml";
    if (Error e = write(p, pathIn(dir, p.hardware)))
      return fail(toString(std::move(e)));
  }
  if (Error e = writeResults(dir, points))
    return fail(toString(std::move(e)));
  unsigned feasible = 0, pareto = 0;
  for (const Point &p : points) {
    feasible += p.feasible;
    pareto += p.pareto;
  }
  outs() << formatv("{0} designs, {1} feasible, {2} on the Pareto front "
                    "(energy x latency x area):\n",
                    points.size(), feasible, pareto);
  outs() << format("%6s %18s %16s %12s %14s  %s\n", "id", "energy [pJ]",
                   "latency [cc]", "area [mm2]", "EDP", "memories");
  for (const Point &p : points) {
    if (!p.pareto)
      continue;
    std::string memories;
    if (Expected<::zigzag::Hardware> hw =
            ::zigzag::readHardwareYAMLFile(pathIn(dir, p.hardware))) {
      for (const ::zigzag::Memory &m : hw->memories)
        memories += (memories.empty() ? "" : " ") + m.name;
    } else {
      consumeError(hw.takeError());
    }
    outs() << format("%6u %18.2f %16.1f %12.4f %14.4g  %s\n", p.id, p.energy,
                     p.latency, p.area, p.edp, memories.c_str());
  }
  outs() << "results: " << pathIn(dir, "points.json") << "\n";
  if (!htmlPath.empty()) {
    if (Error e = writeExploreHtml(
            dir, "exploration of " + sys::path::filename(dir).str(), points))
      return fail(toString(std::move(e)));
    outs() << "page: " << htmlPath << "\n";
  }
  return 0;
}

static Error copyFile(StringRef from, StringRef to) {
  if (std::error_code ec = sys::fs::copy_file(from, to))
    return createStringError(ec, "cannot copy '" + from + "' to '" + to +
                                     "': " + ec.message());
  return Error::success();
}

static int runMerge() {
  if (inputs.empty())
    return fail("--merge needs the shard directories");
  std::optional<RunInfo> first;
  std::map<unsigned, std::string> shardDirs; // shard index -> dir
  std::map<unsigned, std::string> pointDir;  // design id -> dir
  std::vector<Point> points;
  for (const std::string &dir : inputs) {
    Expected<RunInfo> info = readRunInfo(dir);
    if (!info)
      return fail(toString(info.takeError()));
    if (!first)
      first = *info;
    if (info->fingerprint() != first->fingerprint() ||
        info->shards != first->shards)
      return fail("'" + dir + "' comes from another run than '" +
                  inputs.front() +
                  "' (space, workload, options or shard "
                  "count differ)");
    if (!shardDirs.emplace(info->shard, dir).second)
      return fail("shard " + Twine(info->shard) + " given twice ('" +
                  shardDirs[info->shard] + "' and '" + dir + "')");
    Expected<std::vector<Point>> log = readLog(dir, /*repair=*/false);
    if (!log)
      return fail(toString(log.takeError()));
    for (Point &p : *log)
      if (pointDir.emplace(p.id, dir).second)
        points.push_back(std::move(p));
  }
  if (shardDirs.size() != first->shards)
    return fail("got " + Twine(shardDirs.size()) + " of " +
                Twine(first->shards) + " shards");
  if (points.size() != first->designs)
    return fail("the shards hold " + Twine(points.size()) + " of " +
                Twine(first->designs) +
                " designs: resume the unfinished shards first");
  if (std::error_code ec = sys::fs::create_directories(outDir))
    return fail("cannot create '" + outDir + "': " + ec.message());
  RunInfo merged = *first;
  merged.shard = 0;
  merged.shards = 1;
  if (Error e = writeRunInfo(outDir, merged))
    return fail(toString(std::move(e)));
  {
    std::error_code ec;
    raw_fd_ostream log(pathIn(outDir, "results.jsonl"), ec);
    if (ec)
      return fail("cannot write results.jsonl: " + ec.message());
    llvm::sort(points,
               [](const Point &a, const Point &b) { return a.id < b.id; });
    for (const Point &p : points)
      log << pointToJSONLine(p) << "\n";
  }
  // A design on the global front is on its shard's front too, so its
  // shard wrote its hardware.
  return finish(outDir, points, [&](const Point &p, StringRef to) {
    return copyFile(pathIn(pointDir[p.id],
                           "hardware/design_" + std::to_string(p.id) + ".yaml"),
                    to);
  });
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  std::vector<const char *> args;
  for (int i = 0; i < argc; ++i) {
    StringRef arg(argv[i]);
    if (i == 0 || !arg.consume_front("--threads")) {
      args.push_back(argv[i]);
      continue;
    }
    if (arg.empty() && i + 1 < argc)
      arg = argv[++i];
    else if (!arg.consume_front("="))
      return fail("unknown argument '" + StringRef(argv[i]) + "'");
    if (arg.getAsInteger(10, threads))
      return fail("--threads must be a number, got '" + arg + "'");
  }
  cl::ParseCommandLineOptions(
      static_cast<int>(args.size()), args.data(),
      "zigzag-explore: architecture x mapping exploration (docs/Explore.md)\n"
      "  --threads=N  designs evaluated at once (default 0 = all cores)\n");
  if (outDir.empty())
    return fail("--out=DIR is required");
  if (merge)
    return runMerge();
  if (inputs.size() != 1)
    return fail("expected one workload file (.mlir, .onnx or ZigZag .yaml)");
  if (spacePath.empty())
    return fail("--space=S.yaml is required");

  ExploreOptions options;
  options.search = defaultSearchOptions();
  std::optional<::zigzag::SearchCriterion> criterion =
      ::zigzag::parseSearchCriterion(criterionText);
  if (!criterion)
    return fail("unknown criterion '" + criterionText +
                "' (expected latency, energy or edp)");
  options.search.criterion = *criterion;
  if (engine != "loma" && engine != "exhaustive")
    return fail("unknown engine '" + engine +
                "' (expected loma or "
                "exhaustive)");
  options.exhaustive = engine == "exhaustive";
  options.threads = threads;
  options.reuse = reuse;
  RunInfo info;
  {
    auto [i, n] = StringRef(shardText).split('/');
    if (i.getAsInteger(10, info.shard) || n.getAsInteger(10, info.shards) ||
        info.shards == 0 || info.shard >= info.shards)
      return fail("--shard must be I/N with 0 <= I < N, got '" + shardText +
                  "'");
  }

  Expected<DesignSpace> space = readDesignSpaceFile(spacePath);
  if (!space) {
    errs() << toString(space.takeError());
    return 1;
  }
  Expected<std::vector<::zigzag::Workload>> workload =
      loadWorkload(inputs.front());
  if (!workload)
    return fail(toString(workload.takeError()));
  LayerSet layers = makeLayerSet(std::move(*workload));
  std::vector<Design> designs = enumerateDesigns(*space);

  SmallString<256> absSpace(spacePath), absWorkload(inputs.front());
  sys::fs::make_absolute(absSpace);
  sys::fs::make_absolute(absWorkload);
  info.space = std::string(absSpace);
  info.workload = std::string(absWorkload);
  info.criterion = criterionText;
  info.engine = engine;
  info.designs = designs.size();

  if (std::error_code ec = sys::fs::create_directories(outDir))
    return fail("cannot create '" + outDir + "': " + ec.message());
  std::vector<Point> points;
  if (sys::fs::exists(pathIn(outDir, "run.json"))) {
    Expected<RunInfo> previous = readRunInfo(outDir);
    if (!previous)
      return fail(toString(previous.takeError()));
    if (previous->fingerprint() != info.fingerprint() ||
        previous->shard != info.shard || previous->shards != info.shards)
      return fail("'" + outDir +
                  "' holds results of another run; use a "
                  "new --out directory");
    Expected<std::vector<Point>> log = readLog(outDir, /*repair=*/true);
    if (!log)
      return fail(toString(log.takeError()));
    points = std::move(*log);
  } else if (Error e = writeRunInfo(outDir, info)) {
    return fail(toString(std::move(e)));
  }

  std::set<unsigned> done;
  for (const Point &p : points)
    done.insert(p.id);
  std::vector<const Design *> todo;
  unsigned inShard = 0;
  for (const Design &d : designs) {
    if (d.id % info.shards != info.shard)
      continue;
    ++inShard;
    if (!done.count(d.id))
      todo.push_back(&d);
  }
  if (!quiet)
    errs() << formatv(
        "zigzag-explore: {0} designs in the space, {1} in "
        "shard {2}/{3}, {4} already done; {5} layers ({6} "
        "distinct)\n",
        designs.size(), inShard, info.shard, info.shards, inShard - todo.size(),
        layers.layers.size(),
        std::set<unsigned>(layers.unique.begin(), layers.unique.end()).size());

  std::error_code ec;
  raw_fd_ostream log(pathIn(outDir, "results.jsonl"), ec, sys::fs::OF_Append);
  if (ec)
    return fail("cannot append to results.jsonl: " + ec.message());
  auto start = std::chrono::steady_clock::now();
  auto lastReport = start;
  unsigned finished = 0;
  ::zigzag::SearchReuse::Stats reuseStats;
  std::vector<Point> fresh = evaluateDesigns(
      todo, layers, options,
      [&](const Point &p) {
        // Appended as it completes: an interrupted run resumes from here.
        log << pointToJSONLine(p) << "\n";
        log.flush();
        ++finished;
        auto now = std::chrono::steady_clock::now();
        if (!quiet && (now - lastReport > std::chrono::seconds(2) ||
                       finished == todo.size())) {
          lastReport = now;
          double seconds = std::chrono::duration<double>(now - start).count();
          errs() << formatv("zigzag-explore: {0}/{1} designs, {2:f1} s, "
                            "{3:f1} designs/s\n",
                            finished, todo.size(), seconds,
                            seconds > 0 ? finished / seconds : 0.0);
        }
      },
      &reuseStats);
  if (!quiet && options.reuse && !options.exhaustive)
    errs() << formatv("zigzag-explore: shared between designs: spatial "
                      "candidates computed {0} times for {1} layer searches, "
                      "LOMA orderings {2} times for {3} spatial candidates\n",
                      reuseStats.spatialMisses,
                      reuseStats.spatialHits + reuseStats.spatialMisses,
                      reuseStats.orderingMisses,
                      reuseStats.orderingHits + reuseStats.orderingMisses);
  for (Point &p : fresh)
    points.push_back(std::move(p));
  return finish(outDir, points, [&](const Point &p, StringRef to) -> Error {
    std::error_code ec;
    raw_fd_ostream os(to, ec);
    if (ec)
      return createStringError(ec, "cannot write '" + to + "'");
    os << toHardwareYAML(designs[p.id].hw);
    return Error::success();
  });
}
