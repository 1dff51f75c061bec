//===- Explore.cpp - Evaluate designs, Pareto front, result files ---------===//

#include "zigzag/Explore/Explore.h"
#include "zigzag/Search/Exhaustive.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <map>
#include <mutex>

using namespace llvm;

namespace zigzag {
namespace explore {

SearchOptions defaultSearchOptions() {
  SearchOptions options;
  options.criterion = SearchCriterion::Latency;
  options.lpfLimit = 6;
  options.temporalType = TemporalMappingType::Uneven;
  options.spatialCandidates = 3;
  options.mixedSpatial = false;
  options.missingArrayDimsUnrolled = false;
  options.threads = 1;
  options.zigzagCompat = false;
  options.costModel.zigzagCompat = false;
  return options;
}

/// Everything of a layer the search looks at (not its name or id): equal
/// keys give equal search results.
static std::string shapeKey(const Workload &w) {
  std::string key;
  raw_string_ostream os(key);
  os << w.opName << "|" << w.operatorType << "|";
  for (unsigned l = 0; l < w.numLoops(); ++l)
    os << w.loopNames[l] << "=" << w.loopSizes[l] << (w.reduction[l] ? "r" : "")
       << ",";
  for (MemOperand op : w.operandOrder)
    os << toString(op) << ",";
  for (const WorkloadOperand &o : w.operands) {
    os << "|" << o.name << o.present << o.constant << "p" << o.precision << "/"
       << o.finalPrecision << ":";
    for (Relevance r : o.relevance)
      os << toString(r) << ",";
    for (const PrDim &pr : o.prDims) {
      os << pr.name << "[" << pr.extent << "]";
      for (auto [loop, coef] : pr.terms)
        os << loop << "*" << coef << "+";
    }
    for (unsigned l : o.loopsWithDroppedUnitTerms)
      os << "d" << l;
  }
  return key;
}

LayerSet makeLayerSet(std::vector<Workload> layers) {
  LayerSet set;
  std::map<std::string, unsigned> first;
  for (unsigned k = 0; k < layers.size(); ++k)
    set.unique.push_back(first.emplace(shapeKey(layers[k]), k).first->second);
  set.layers = std::move(layers);
  return set;
}

LayerReuse makeLayerReuse(const LayerSet &layers) {
  LayerReuse reuse;
  for (const Workload &layer : layers.layers)
    reuse.push_back(std::make_unique<SearchReuse>(layer));
  return reuse;
}

/// `search` with layer `k`'s shared work, if any.
static SearchOptions withReuse(const SearchOptions &search,
                               const LayerReuse *reuse, unsigned k) {
  SearchOptions options = search;
  options.reuse = reuse ? (*reuse)[k].get() : nullptr;
  return options;
}

/// The search of layer `k` on `design`.
static SearchResult searchOn(const Design &design, const LayerSet &layers,
                             unsigned k, const ExploreOptions &options,
                             const SearchOptions &search,
                             const LayerReuse *reuse) {
  return options.exhaustive
             ? searchLayerExhaustive(layers.layers[k], design.hw, nullptr,
                                     search, ExhaustiveOptions())
             : searchLayer(layers.layers[k], design.hw, nullptr,
                           withReuse(search, reuse, k));
}

static std::string failureReason(const LayerSet &layers, unsigned k,
                                 const SearchResult &result) {
  return result.error.empty()
             ? "layer '" + layers.layers[k].name + "': no valid mapping"
             : result.error;
}

Point evaluateDesign(const Design &design, const LayerSet &layers,
                     const ExploreOptions &options,
                     std::atomic<unsigned> *infeasibleHint,
                     const LayerReuse *reuse) {
  Point point;
  point.id = design.id;
  point.area = design.area;
  unsigned n = layers.layers.size();
  std::vector<std::optional<Cost>> costs(n);
  auto remember = [&](unsigned k) {
    if (infeasibleHint)
      infeasibleHint->store(k, std::memory_order_relaxed);
  };

  // Designs of a space tend to fail on the same layer, often late in the
  // workload: that layer is searched first. The reason must stay the one of
  // the first failing layer in workload order, so when it fails the layers
  // before it are only checked for a mapping, which LOMA answers with the
  // first valid ordering it meets, instead of searched for the best one. A
  // layer without any mapping is searched to its end in both modes and fails
  // with the same error. Only for LOMA: the exhaustive engine's orderings
  // differ.
  unsigned hint = infeasibleHint && !options.exhaustive
                      ? infeasibleHint->load(std::memory_order_relaxed)
                      : n;
  if (hint < n && layers.unique[hint] == hint) {
    SearchResult result =
        searchOn(design, layers, hint, options, options.search, reuse);
    if (result.found) {
      costs[hint] = result.cost;
    } else {
      SearchOptions check = options.search;
      check.feasibilityOnly = true;
      check.tieTolerance = 0;
      point.reason = failureReason(layers, hint, result);
      for (unsigned k = 0; k < hint; ++k) {
        if (layers.unique[k] != k)
          continue;
        SearchResult earlier = searchLayer(layers.layers[k], design.hw, nullptr,
                                           withReuse(check, reuse, k));
        if (!earlier.found) {
          point.reason = failureReason(layers, k, earlier);
          remember(k);
          break;
        }
      }
      return point;
    }
  }

  for (unsigned k = 0; k < n; ++k) {
    if (layers.unique[k] != k || costs[k])
      continue;
    SearchResult result =
        searchOn(design, layers, k, options, options.search, reuse);
    if (!result.found) {
      point.reason = failureReason(layers, k, result);
      remember(k);
      return point;
    }
    costs[k] = result.cost;
  }
  // Summed as the report sums: layer by layer in workload order.
  for (unsigned k = 0; k < n; ++k) {
    const Cost &c = *costs[layers.unique[k]];
    point.energy += c.energy;
    point.latency += c.latency;
  }
  point.feasible = true;
  point.edp = point.energy * point.latency;
  return point;
}

std::vector<Point>
evaluateDesigns(const std::vector<const Design *> &designs,
                const LayerSet &layers, const ExploreOptions &options,
                const std::function<void(const Point &)> &done,
                SearchReuse::Stats *reuseStats) {
  std::vector<Point> points(designs.size());
  LayerReuse reuse;
  if (options.reuse && !options.exhaustive)
    reuse = makeLayerReuse(layers);
  const LayerReuse *shared = reuse.empty() ? nullptr : &reuse;
  auto finish = [&] {
    if (!reuseStats)
      return;
    *reuseStats = SearchReuse::Stats();
    for (const std::unique_ptr<SearchReuse> &layer : reuse) {
      SearchReuse::Stats s = layer->stats();
      reuseStats->spatialHits += s.spatialHits;
      reuseStats->spatialMisses += s.spatialMisses;
      reuseStats->orderingHits += s.orderingHits;
      reuseStats->orderingMisses += s.orderingMisses;
    }
  };
  std::mutex mutex;
  // Which layer failed last: a speed hint only, any value gives the same
  // points.
  std::atomic<unsigned> infeasibleHint{
      static_cast<unsigned>(layers.layers.size())};
  auto run = [&](unsigned i) {
    points[i] =
        evaluateDesign(*designs[i], layers, options, &infeasibleHint, shared);
    if (done) {
      std::lock_guard<std::mutex> lock(mutex);
      done(points[i]);
    }
  };
  unsigned threads = options.threads
                         ? options.threads
                         : llvm::hardware_concurrency().compute_thread_count();
  if (threads <= 1 || designs.size() <= 1) {
    for (unsigned i = 0; i < designs.size(); ++i)
      run(i);
    finish();
    return points;
  }
  // Each point depends on its design only: any schedule gives the same.
  DefaultThreadPool pool(llvm::hardware_concurrency(threads));
  for (unsigned i = 0; i < designs.size(); ++i)
    pool.async([&run, i] { run(i); });
  pool.wait();
  finish();
  return points;
}

bool dominates(const Point &a, const Point &b) {
  return a.energy <= b.energy && a.latency <= b.latency && a.area <= b.area &&
         (a.energy < b.energy || a.latency < b.latency || a.area < b.area);
}

void markPareto(std::vector<Point> &points) {
  // Sorted by energy, only earlier (no worse in energy) points can dominate.
  std::vector<unsigned> order;
  for (unsigned i = 0; i < points.size(); ++i) {
    points[i].pareto = false;
    if (points[i].feasible)
      order.push_back(i);
  }
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return points[a].energy < points[b].energy;
  });
  for (unsigned k = 0; k < order.size(); ++k) {
    const Point &p = points[order[k]];
    bool dominated = false;
    for (unsigned j = 0; j < order.size() && !dominated; ++j) {
      if (points[order[j]].energy > p.energy)
        break;
      dominated = j != k && dominates(points[order[j]], p);
    }
    points[order[k]].pareto = !dominated;
  }
}

static json::Value number(double x) { return json::Value(x); }

std::string pointToJSONLine(const Point &p) {
  json::Object o{{"id", static_cast<int64_t>(p.id)}, {"feasible", p.feasible}};
  if (p.feasible) {
    o["energy_pJ"] = number(p.energy);
    o["latency_cycles"] = number(p.latency);
    o["edp"] = number(p.edp);
  } else {
    o["reason"] = p.reason;
  }
  o["area_mm2"] = number(p.area);
  std::string text;
  raw_string_ostream os(text);
  os << json::Value(std::move(o));
  return text;
}

Expected<Point> pointFromJSONLine(StringRef line) {
  Expected<json::Value> value = json::parse(line);
  if (!value)
    return value.takeError();
  const json::Object *o = value->getAsObject();
  Point p;
  std::optional<int64_t> id = o ? o->getInteger("id") : std::nullopt;
  std::optional<bool> feasible = o ? o->getBoolean("feasible") : std::nullopt;
  std::optional<double> area = o ? o->getNumber("area_mm2") : std::nullopt;
  if (!id || !feasible || !area || *id < 0)
    return createStringError("not a result line: " + line);
  p.id = *id;
  p.feasible = *feasible;
  p.area = *area;
  if (p.feasible) {
    std::optional<double> e = o->getNumber("energy_pJ"),
                          l = o->getNumber("latency_cycles"),
                          edp = o->getNumber("edp");
    if (!e || !l || !edp)
      return createStringError("result line without costs: " + line);
    p.energy = *e;
    p.latency = *l;
    p.edp = *edp;
  } else if (std::optional<StringRef> reason = o->getString("reason")) {
    p.reason = reason->str();
  }
  return p;
}

static Error writeFile(StringRef path,
                       const std::function<void(raw_ostream &)> &write) {
  std::error_code ec;
  raw_fd_ostream os(path, ec);
  if (ec)
    return createStringError(ec,
                             "cannot write '" + path + "': " + ec.message());
  write(os);
  return Error::success();
}

/// One point as written to points.json / pareto.json.
static void writePoint(json::OStream &j, const Point &p) {
  j.object([&] {
    j.attribute("id", static_cast<int64_t>(p.id));
    j.attribute("feasible", p.feasible);
    if (p.feasible) {
      j.attribute("energy_pJ", p.energy);
      j.attribute("latency_cycles", p.latency);
      j.attribute("edp", p.edp);
    } else {
      j.attribute("energy_pJ", nullptr);
      j.attribute("latency_cycles", nullptr);
      j.attribute("edp", nullptr);
      j.attribute("reason", p.reason);
    }
    j.attribute("area_mm2", p.area);
    j.attribute("pareto", p.pareto);
    if (p.hardware.empty())
      j.attribute("hardware", nullptr);
    else
      j.attribute("hardware", p.hardware);
  });
}

Error writeResults(StringRef dir, const std::vector<Point> &points) {
  auto list = [&](StringRef file, bool paretoOnly) {
    SmallString<256> path(dir);
    sys::path::append(path, file);
    return writeFile(path, [&](raw_ostream &os) {
      json::OStream j(os, 1);
      j.object([&] {
        j.attributeArray("points", [&] {
          for (const Point &p : points)
            if (!paretoOnly || p.pareto)
              writePoint(j, p);
        });
      });
      os << "\n";
    });
  };
  if (Error e = list("points.json", false))
    return e;
  if (Error e = list("pareto.json", true))
    return e;
  SmallString<256> csv(dir);
  sys::path::append(csv, "points.csv");
  return writeFile(csv, [&](raw_ostream &os) {
    os << "id,feasible,energy_pJ,latency_cycles,area_mm2,edp,pareto,hardware,"
          "reason\n";
    for (const Point &p : points) {
      os << p.id << "," << (p.feasible ? "true" : "false") << ",";
      if (p.feasible)
        os << formatv("{0:e17},{1:e17},", p.energy, p.latency);
      else
        os << ",,";
      os << formatv("{0:e17},", p.area);
      if (p.feasible)
        os << formatv("{0:e17}", p.edp);
      // Reasons may hold commas and quotes: CSV-quoted.
      std::string reason = p.reason;
      for (size_t pos = 0; (pos = reason.find('"', pos)) != std::string::npos;
           pos += 2)
        reason.insert(pos, "\"");
      os << "," << (p.pareto ? "true" : "false") << "," << p.hardware << ",\""
         << reason << "\"\n";
    }
  });
}

} // namespace explore
} // namespace zigzag
