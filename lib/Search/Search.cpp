//===- Search.cpp - Best mapping of one layer (ZigZag's search) -----------===//

#include "zigzag/Search/Search.h"

#include "zigzag/Model/MappingValidity.h"
#include "zigzag/Model/SpatialUnrolling.h"
#include "zigzag/Search/Loma.h"
#include "zigzag/Search/Parallel.h"
#include "zigzag/Search/SearchReuse.h"
#include "zigzag/Search/SpatialMappingGenerator.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

namespace zigzag {

const char *toString(SearchCriterion criterion) {
  switch (criterion) {
  case SearchCriterion::Latency:
    return "latency";
  case SearchCriterion::Energy:
    return "energy";
  case SearchCriterion::EDP:
    return "edp";
  }
  return "?";
}

std::optional<SearchCriterion> parseSearchCriterion(std::string_view text) {
  for (SearchCriterion c : {SearchCriterion::Latency, SearchCriterion::Energy,
                            SearchCriterion::EDP})
    if (text == toString(c))
      return c;
  return std::nullopt;
}

/// Whether `a` then `b` is lower than `otherA` then `otherB`, `a` being
/// equal to `otherA` within `relTolerance` (exactly for 0).
static bool lowerFirst(double a, double b, double otherA, double otherB,
                       bool breakTies, double relTolerance) {
  bool equal = relTolerance > 0
                   ? std::abs(a - otherA) <=
                         relTolerance * std::max(std::abs(a), std::abs(otherA))
                   : a == otherA;
  if (!equal)
    return a < otherA;
  return breakTies && b < otherB;
}

bool isBetter(double energy, double latency, double otherEnergy,
              double otherLatency, SearchCriterion criterion, TieBreak tieBreak,
              double relTolerance) {
  bool breakTies = tieBreak == TieBreak::OtherMetric;
  switch (criterion) {
  case SearchCriterion::Latency:
    return lowerFirst(latency, energy, otherLatency, otherEnergy, breakTies,
                      relTolerance);
  case SearchCriterion::Energy:
    return lowerFirst(energy, latency, otherEnergy, otherLatency, breakTies,
                      relTolerance);
  case SearchCriterion::EDP:
    return energy * latency < otherEnergy * otherLatency;
  }
  return false;
}

bool inputsShareI1(const Workload &w, const MappingSpecEntry &entry) {
  auto linkOf = [&](MemOperand op) {
    const WorkloadOperand &operand = w.operand(op);
    return operand.present ? entry.linkFor(operand.name) : std::nullopt;
  };
  return linkOf(MemOperand::I1) == MemOperand::I1 &&
         linkOf(MemOperand::I2) == MemOperand::I1 &&
         linkOf(MemOperand::O) == MemOperand::O;
}

bool applyMemoryOperandLinks(Workload &w, const MappingSpecEntry &entry) {
  constexpr unsigned kUnset = kNumMemOperands;
  std::array<unsigned, kNumMemOperands> target;
  target.fill(kUnset);
  std::array<bool, kNumMemOperands> taken = {};
  if (inputsShareI1(w, entry)) {
    // DeFiNES keeps the first input (in operand order) on I1, the second
    // goes to I2.
    bool first = true;
    for (MemOperand op : w.operandOrder) {
      if (op == MemOperand::O)
        continue;
      target[static_cast<unsigned>(op)] =
          static_cast<unsigned>(first ? MemOperand::I1 : MemOperand::I2);
      first = false;
    }
    target[static_cast<unsigned>(MemOperand::O)] =
        static_cast<unsigned>(MemOperand::O);
    taken.fill(true);
  } else {
    for (MemOperand op : kAllMemOperands) {
      const WorkloadOperand &operand = w.operand(op);
      if (!operand.present)
        continue;
      std::optional<MemOperand> link = entry.linkFor(operand.name);
      if (!link || taken[static_cast<unsigned>(*link)])
        return false;
      target[static_cast<unsigned>(op)] = static_cast<unsigned>(*link);
      taken[static_cast<unsigned>(*link)] = true;
    }
  }
  // Absent operands take the remaining slots in order.
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    if (target[o] == kUnset)
      for (unsigned slot = 0; slot < kNumMemOperands; ++slot)
        if (!taken[slot]) {
          target[o] = slot;
          taken[slot] = true;
          break;
        }
  std::array<WorkloadOperand, kNumMemOperands> operands = w.operands;
  for (unsigned o = 0; o < kNumMemOperands; ++o)
    w.operands[target[o]] = std::move(operands[o]);
  for (MemOperand &op : w.operandOrder)
    op = static_cast<MemOperand>(target[static_cast<unsigned>(op)]);
  return true;
}

namespace {
/// The criterion and its tie rule.
struct Criterion {
  SearchCriterion criterion;
  /// DeFiNES's MinimalEnergyStage: energy only, no latency tie-break.
  bool energyOnly;
};
} // namespace

/// ZigZag's reduce stages: strictly better replaces, so the first of equal
/// mappings stays.
static bool isBetter(const Cost &a, const Cost &b, Criterion c) {
  bool energyOnly = c.energyOnly && c.criterion == SearchCriterion::Energy;
  return isBetter(a, b, c.criterion,
                  energyOnly ? TieBreak::None : TieBreak::OtherMetric);
}

using LevelEnds = std::array<std::vector<unsigned>, kNumMemOperands>;

namespace {
/// A mapping found by a worker, with its position in enumeration order.
struct Found {
  bool valid = false;
  uint64_t index = 0;
  std::unique_ptr<Cost> cost = std::make_unique<Cost>();
  std::vector<LoopFactor> ordering;
  LevelEnds ends;
};

/// Per-thread evaluation state: its own cost model and allocator.
struct Worker {
  Worker(const Workload &w, const Hardware &hw, const CostModelOptions &cmo,
         TemporalMappingType type)
      : model(w, hw, cmo), allocator(w, hw, type, cmo.flavor) {}

  CostModel model;
  MemoryAllocator allocator;
  std::unique_ptr<Cost> cost = std::make_unique<Cost>();
  LevelEnds ends;
  Found best;
  uint64_t evaluated = 0, skipped = 0;
  double maxLatency = std::numeric_limits<double>::infinity();
  double leastEnergy = std::numeric_limits<double>::infinity();
  bool haveFailure = false;
  uint64_t failureIndex = 0;
  AllocationFailure failure;
  /// The user's constraints on temporal mappings (null if none) and the
  /// spatial mapping being searched; the first ordering they reject.
  const ConstraintChecker *checker = nullptr;
  const SpatialMapping *spatial = nullptr;
  int rejectedBy = -1;
  uint64_t rejectedIndex = 0;

  void evaluate(const LoopFactor *ordering, unsigned n, uint64_t index,
                Criterion criterion) {
    AllocationFailure why;
    if (allocator.allocate(ordering, n, ends, &why) != AllocationStatus::Ok) {
      ++skipped;
      if (!haveFailure || index < failureIndex) {
        haveFailure = true;
        failureIndex = index;
        failure = why;
      }
      return;
    }
    const unsigned *levelEnds[kNumMemOperands];
    for (unsigned o = 0; o < kNumMemOperands; ++o)
      levelEnds[o] = ends[o].empty() ? nullptr : ends[o].data();
    if (checker) {
      // The allocation fills each level as far as it fits; cuts that a
      // constraint wants lower are lowered first.
      unsigned *mutableEnds[kNumMemOperands];
      for (unsigned o = 0; o < kNumMemOperands; ++o)
        mutableEnds[o] = ends[o].empty() ? nullptr : ends[o].data();
      checker->lowerCuts(*spatial, ordering, n, mutableEnds);
      int broken = checker->violated(*spatial, ordering, n, levelEnds);
      if (broken >= 0) {
        ++skipped;
        if (rejectedBy < 0 || index < rejectedIndex) {
          rejectedBy = broken;
          rejectedIndex = index;
        }
        return;
      }
    }
    // A mapping whose model inputs equal an earlier one's under this
    // spatial mapping costs the same: that one was compared already (the
    // first of equal mappings stays the best), so it is counted only.
    if (!model.evaluateTemporalIfNew(ordering, n, levelEnds, *cost)) {
      ++evaluated;
      return;
    }
    ++evaluated;
    if (cost->latency > maxLatency)
      return;
    leastEnergy = std::min(leastEnergy, cost->energy);
    if (best.valid && !isBetter(*cost, *best.cost, criterion))
      return;
    best.valid = true;
    best.index = index;
    std::swap(best.cost, cost);
    best.ordering.assign(ordering, ordering + n);
    best.ends = ends;
  }
};
} // namespace

/// Takes `candidate` into `into` if it is better, or equally good and
/// earlier in enumeration order.
static void mergeFound(Found &into, Found &candidate, Criterion criterion) {
  if (!candidate.valid)
    return;
  bool take = !into.valid || isBetter(*candidate.cost, *into.cost, criterion) ||
              (!isBetter(*into.cost, *candidate.cost, criterion) &&
               candidate.index < into.index);
  if (!take)
    return;
  into.valid = true;
  into.index = candidate.index;
  std::swap(into.cost, candidate.cost);
  into.ordering = candidate.ordering;
  into.ends = candidate.ends;
}

/// What the search relies on in a workload: positive loop sizes, one
/// relevance per loop for each present operand, pr terms naming loops.
static std::string checkWorkload(const Workload &w) {
  if (w.numLoops() == 0)
    return "the layer has no loops";
  if (w.loopNames.size() != w.numLoops())
    return "the layer has " + std::to_string(w.loopNames.size()) +
           " loop names for " + std::to_string(w.numLoops()) + " loops";
  for (unsigned l = 0; l < w.numLoops(); ++l)
    if (w.loopSizes[l] < 1)
      return "loop " + w.loopNames[l] + " has size " +
             std::to_string(w.loopSizes[l]);
  for (MemOperand op : kAllMemOperands) {
    const WorkloadOperand &operand = w.operand(op);
    if (!operand.present)
      continue;
    if (operand.relevance.size() != w.numLoops())
      return std::string("operand ") + toString(op) + " has " +
             std::to_string(operand.relevance.size()) +
             " loop relevances for " + std::to_string(w.numLoops()) + " loops";
    for (const PrDim &dim : operand.prDims)
      for (const auto &term : dim.terms)
        if (term.first >= w.numLoops())
          return std::string("operand ") + toString(op) + " dim " + dim.name +
                 " refers to loop #" + std::to_string(term.first);
  }
  if (!w.operand(MemOperand::O).present)
    return "the layer has no output operand";
  return "";
}

/// Orderings evaluated per parallel round.
constexpr unsigned kBatchSize = 4096;
/// Below this many orderings a round runs on the calling thread only.
constexpr unsigned kMinParallelBatch = 64;

static SearchResult searchLayerOn(const Workload &original, const Hardware &hw,
                                  const MappingSpecEntry *entry,
                                  const SearchOptions &options) {
  SearchResult result;
  Workload w = original;
  if (entry)
    applyMemoryOperandLinks(w, *entry);
  std::string layerName = !w.name.empty() ? w.name : w.opName;
  auto fail = [&](const std::string &reason) {
    result.found = false;
    result.error = "layer '" + layerName + "': " + reason;
    return std::move(result);
  };

  if (std::string problem = checkWorkload(w); !problem.empty())
    return fail(problem);

  CostModelOptions costOptions = options.costModel;
  costOptions.zigzagCompat = options.zigzagCompat;
  const Criterion criterion{options.criterion,
                            costOptions.flavor == CostModelFlavor::DeFiNES};
  unsigned numThreads = resolveThreadCount(options.threads);

  std::vector<std::unique_ptr<Worker>> workers;
  workers.push_back(
      std::make_unique<Worker>(w, hw, costOptions, options.temporalType));
  if (!workers[0]->model.setupError().empty())
    return fail(workers[0]->model.setupError());
  if (!workers[0]->allocator.setupError().empty())
    return fail(workers[0]->allocator.setupError());
  for (unsigned t = 1; t < numThreads; ++t)
    workers.push_back(
        std::make_unique<Worker>(w, hw, costOptions, options.temporalType));
  for (std::unique_ptr<Worker> &worker : workers)
    worker->maxLatency = options.maxLatency;

  std::optional<ConstraintChecker> checker;
  if (entry && !entry->constraints.empty()) {
    checker.emplace(entry->constraints, w, hw);
    if (!checker->error().empty())
      return fail("constraints of mapping entry '" + entry->name +
                  "': " + checker->error());
    if (std::string conflict = checker->conflict(); !conflict.empty())
      return fail(conflict);
  }

  // Work shared with searches of this layer on other accelerators: only for
  // a free search of the layer it was made for (SearchReuse.h).
  const SearchReuse *reuse = options.reuse && !entry && !hw.array.imc &&
                                     &options.reuse->layer() == &original
                                 ? options.reuse
                                 : nullptr;
  std::vector<SpatialMapping> spatialMappings;
  std::string spatialError;
  if (reuse) {
    std::shared_ptr<const SearchReuse::SpatialCandidates> candidates =
        reuse->spatialCandidates(hw, spatialGeneratorOptions(options));
    spatialMappings = candidates->mappings;
    spatialError = candidates->error;
    result.notes = candidates->notes;
  } else {
    SpatialMappingGenerator generator(w, hw, entry,
                                      spatialGeneratorOptions(options));
    spatialError = generator.generate(spatialMappings);
    result.notes = generator.notes();
  }
  // The capacity limit may shrink a candidate after the generator's filter.
  if (spatialError.empty() && checker)
    spatialError = checker->filterSpatial(spatialMappings);
  if (!spatialError.empty())
    return fail(spatialError);
  int rejectedBy = -1;

  std::vector<TemporalOrderingEntry> orderingEntries;
  if (entry)
    orderingEntries = resolveTemporalOrdering(
        w, entry->temporalOrdering, options.zigzagCompat, &result.notes);
  std::vector<OrderingConstraint> constraints =
      orderingConstraints(orderingEntries);

  Found best;
  unsigned bestSpatial = 0;
  std::string firstError;
  std::vector<int64_t> temporalSizes;
  std::vector<LoopFactor> batch;
  std::vector<LoopFactor> fixedOrdering;

  // LOMA's orderings of `sizes` under `active`, evaluated in parallel
  // batches; orderings are numbered from `nextIndex` on (ties go to the
  // earlier one). Returns "" or why LOMA has no ordering.
  auto runLoma = [&](const std::vector<int64_t> &sizes,
                     const std::vector<OrderingConstraint> &active,
                     uint64_t &nextIndex) -> std::string {
    std::shared_ptr<const SearchReuse::Orderings> shared =
        reuse && active.empty() ? reuse->orderings(sizes, options.lpfLimit)
                                : nullptr;
    Loma loma;
    if (shared) {
      if (!shared->error.empty())
        return shared->error;
    } else if (std::string error =
                   loma.init(w, sizes, options.lpfLimit, active);
               !error.empty()) {
      return error;
    }
    unsigned n = shared ? shared->n : loma.factors().size();
    unsigned inBatch = 0;
    // The batch being evaluated: copied from the enumeration, or a slice of
    // the shared orderings.
    const LoopFactor *base = nullptr;
    if (!shared) {
      batch.resize(static_cast<size_t>(kBatchSize) * n);
      base = batch.data();
    }
    auto runBatch = [&] {
      uint64_t first = nextIndex - inBatch;
      unsigned parts = inBatch < kMinParallelBatch
                           ? 1
                           : std::min<unsigned>(workers.size(), inBatch);
      parallelFor(parts, parts, [&](size_t part, unsigned) {
        unsigned begin = static_cast<unsigned>(static_cast<uint64_t>(inBatch) *
                                               part / parts);
        unsigned end = static_cast<unsigned>(static_cast<uint64_t>(inBatch) *
                                             (part + 1) / parts);
        for (unsigned k = begin; k < end; ++k)
          workers[part]->evaluate(base + static_cast<size_t>(k) * n, n,
                                  first + k, criterion);
      });
      inBatch = 0;
    };
    if (shared) {
      // The same orderings in the same order and batches as below.
      uint64_t count = shared->count();
      const LoopFactor *loops = shared->loops.data();
      if (options.feasibilityOnly) {
        for (uint64_t k = 0; k < count; ++k) {
          workers[0]->evaluate(loops + k * n, n, nextIndex++, criterion);
          if (workers[0]->best.valid)
            break;
        }
        return "";
      }
      for (uint64_t k = 0; k < count;) {
        inBatch =
            static_cast<unsigned>(std::min<uint64_t>(kBatchSize, count - k));
        base = loops + k * n;
        k += inBatch;
        nextIndex += inBatch;
        runBatch();
      }
      return "";
    }
    if (options.feasibilityOnly) {
      // One valid mapping answers the question: no batches to overshoot it.
      loma.forEachOrdering([&](const LoopFactor *ordering, unsigned size) {
        workers[0]->evaluate(ordering, size, nextIndex++, criterion);
        return !workers[0]->best.valid;
      });
      return "";
    }
    loma.forEachOrdering([&](const LoopFactor *ordering, unsigned size) {
      std::copy(ordering, ordering + size,
                batch.begin() + static_cast<size_t>(inBatch) * n);
      ++inBatch;
      ++nextIndex;
      if (inBatch == kBatchSize)
        runBatch();
      return true;
    });
    if (inBatch > 0)
      runBatch();
    return "";
  };

  for (unsigned s = 0; s < spatialMappings.size(); ++s) {
    const SpatialMapping &spatial = spatialMappings[s];
    ++result.spatialMappings;
    std::vector<std::vector<double>> fractional = convertSpatialFactors(
        w, hw, spatial, /*integer=*/false, costOptions.flavor);
    temporalLoopSizes(w, spatial, temporalSizes);
    for (std::unique_ptr<Worker> &worker : workers) {
      worker->allocator.setSpatial(spatial, fractional);
      worker->model.setSpatial(spatial);
      worker->best.valid = false;
      worker->haveFailure = false;
      worker->checker =
          checker && checker->constrainsTemporal() ? &*checker : nullptr;
      worker->spatial = &spatial;
      worker->rejectedBy = -1;
    }
    uint64_t evaluatedBefore = 0, skippedBefore = 0;
    for (const std::unique_ptr<Worker> &worker : workers) {
      evaluatedBefore += worker->evaluated;
      skippedBefore += worker->skipped;
    }

    std::string spatialMappingError;
    if (completeTemporalOrdering(orderingEntries, temporalSizes,
                                 fixedOrdering)) {
      // A complete user ordering is allocated as is (ZigZag skips LOMA).
      workers[0]->evaluate(fixedOrdering.data(), fixedOrdering.size(), 0,
                           criterion);
    } else {
      // An entry on a loop this spatial mapping leaves no temporal iteration
      // of (a size-1 loop, e.g. D0 of a bias add under a gemm file) can
      // never be placed: when no ordering satisfies the constraints, they
      // are searched again without such entries.
      std::vector<TemporalOrderingEntry> placeable;
      for (const TemporalOrderingEntry &e : orderingEntries)
        if (e.loop < 0 || temporalSizes[e.loop] > 1)
          placeable.push_back(e);
      std::vector<OrderingConstraint> relaxed;
      if (placeable.size() != orderingEntries.size())
        relaxed = orderingConstraints(placeable);
      for (const std::vector<OrderingConstraint> *active :
           {&constraints, &relaxed}) {
        if (active == &relaxed) {
          if (placeable.size() == orderingEntries.size())
            break;
          const char *note = "temporal_ordering: searched without its "
                             "entries on loops that have no temporal "
                             "iterations left";
          if (std::find(result.notes.begin(), result.notes.end(), note) ==
              result.notes.end())
            result.notes.push_back(note);
        }
        uint64_t nextIndex = 0;
        spatialMappingError = runLoma(temporalSizes, *active, nextIndex);
        if (spatialMappingError.empty()) {
          if (nextIndex == 0)
            spatialMappingError =
                "no loop ordering satisfies the temporal_ordering constraints";
          else {
            // Imperfect factorization: padded sizes after the perfect
            // ones, so that on ties the perfect ordering (earlier index)
            // stays the best and the result is never worse.
            if (options.imperfect)
              for (const std::vector<int64_t> &padded :
                   imperfectTemporalSizes(temporalSizes))
                (void)runLoma(padded, *active, nextIndex);
            break;
          }
        }
      }
    }

    Found spatialBest;
    const Worker *failed = nullptr;
    for (std::unique_ptr<Worker> &worker : workers) {
      mergeFound(spatialBest, worker->best, criterion);
      if (worker->haveFailure &&
          (!failed || worker->failureIndex < failed->failureIndex))
        failed = worker.get();
    }
    uint64_t evaluatedAfter = 0, skippedAfter = 0;
    for (const std::unique_ptr<Worker> &worker : workers) {
      evaluatedAfter += worker->evaluated;
      skippedAfter += worker->skipped;
    }
    result.evaluated += evaluatedAfter - evaluatedBefore;
    for (const std::unique_ptr<Worker> &worker : workers)
      result.leastEnergy = std::min(result.leastEnergy, worker->leastEnergy);
    result.skipped += skippedAfter - skippedBefore;
    const Worker *rejecting = nullptr;
    for (const std::unique_ptr<Worker> &worker : workers)
      if (worker->rejectedBy >= 0 &&
          (!rejecting || worker->rejectedIndex < rejecting->rejectedIndex))
        rejecting = worker.get();
    if (rejecting && rejectedBy < 0)
      rejectedBy = rejecting->rejectedBy;
    if (!spatialBest.valid && spatialMappingError.empty() && failed)
      spatialMappingError = workers[0]->allocator.describe(failed->failure);
    if (!spatialMappingError.empty() && firstError.empty())
      firstError = spatialMappingError;
    if (spatialBest.valid &&
        (!best.valid || isBetter(*spatialBest.cost, *best.cost, criterion))) {
      std::swap(best.cost, spatialBest.cost);
      best.valid = true;
      best.ordering = std::move(spatialBest.ordering);
      best.ends = std::move(spatialBest.ends);
      bestSpatial = s;
    }
    if (best.valid && options.feasibilityOnly)
      break;
  }

  // Orderings the constraints rejected: name the first such constraint.
  if (!best.valid && rejectedBy >= 0)
    return fail("no valid mapping (no loop ordering and memory allocation "
                "the search tried satisfies constraint '" +
                checker->description(rejectedBy) + "')");
  if (!best.valid)
    return fail("no valid mapping (" + firstError + ")");
  result.mapping.spatial = spatialMappings[bestSpatial];
  result.mapping.temporal = std::move(best.ordering);
  // A padded (imperfect) ordering runs ceil(T / P) outer iterations of each
  // padded loop; the cost does not change (the model counts the remainder).
  temporalLoopSizes(w, result.mapping.spatial, temporalSizes);
  normalizeImperfectFactors(
      result.mapping.temporal.data(),
      static_cast<unsigned>(result.mapping.temporal.size()),
      temporalSizes.data(), static_cast<unsigned>(temporalSizes.size()));
  result.mapping.levelEnds = std::move(best.ends);
  // The allocation follows the rule every other pass applies
  // (MappingValidity.h); this guards the emitted mapping against any that
  // another pass would reject (e.g. a transfer without a port).
  if (std::string problem = workers[0]->model.check(result.mapping);
      !problem.empty())
    return fail("the best mapping breaks the mapping rule: " + problem);
  result.found = true;
  result.cost = *best.cost;
  return result;
}

SpatialGeneratorOptions spatialGeneratorOptions(const SearchOptions &options) {
  SpatialGeneratorOptions spatial;
  spatial.maxCandidates = options.spatialCandidates;
  spatial.mixedUnrolling = options.mixedSpatial;
  spatial.zigzagCompat = options.zigzagCompat;
  spatial.missingDimsUnrolled = options.missingArrayDimsUnrolled;
  spatial.imperfect = options.imperfect;
  return spatial;
}

std::vector<std::string>
droppedSpatialUnrollings(const Workload &original, const Hardware &hw,
                         const MappingSpecEntry &entry,
                         const SearchOptions &options) {
  std::vector<std::string> dropped;
  if (!entry.hasSpatialMapping)
    return dropped;
  Workload w = original;
  applyMemoryOperandLinks(w, entry);
  const Hardware &target =
      inputsShareI1(original, entry) ? shareI1ChainWithI2(hw) : hw;
  // What survives is what the generator keeps on the array dims the entry
  // fixes; those dims are the same in every candidate.
  SpatialMappingGenerator generator(w, target, &entry,
                                    spatialGeneratorOptions(options));
  std::vector<SpatialMapping> candidates;
  if (!generator.generate(candidates).empty() || candidates.empty())
    return dropped;
  const SpatialMapping &kept = candidates.front();
  for (const ArrayDimUnrollSpec &dim : entry.spatialMapping) {
    std::optional<unsigned> d = target.array.findDim(dim.arrayDim);
    if (!d || *d >= kept.size())
      continue;
    for (const SpatialUnrollSpec &unroll : dim.unrollings) {
      if (unroll.factor <= 1)
        continue;
      std::string what = unroll.loop + " " + std::to_string(unroll.factor) +
                         " on " + dim.arrayDim;
      int loop = findLoopIgnoreCase(w, unroll.loop);
      if (loop < 0) {
        dropped.push_back(what + " (the layer has no loop " + unroll.loop +
                          ")");
        continue;
      }
      bool survives = std::any_of(
          kept[*d].begin(), kept[*d].end(), [&](const LoopFactor &lf) {
            return lf.loop == static_cast<unsigned>(loop) && lf.factor > 1;
          });
      if (survives)
        continue;
      if (w.loopSizes[loop] == 1)
        dropped.push_back(what + " (loop " + unroll.loop + " has size 1)");
      else
        dropped.push_back(what + " (reduced to 1 by the array, bandwidth "
                                 "or capacity limits)");
    }
  }
  return dropped;
}

MappingSpecEntry withSearchedSpatialMapping(const MappingSpecEntry &entry) {
  MappingSpecEntry searched = entry;
  searched.hasSpatialMapping = false;
  searched.spatialMapping.clear();
  // Hints name the loops of the layers the entry was written for.
  searched.spatialMappingHint.clear();
  return searched;
}

SearchResult searchWithTieTolerance(
    const SearchOptions &options,
    const std::function<SearchResult(const SearchOptions &)> &search) {
  SearchOptions exact = options;
  exact.tieTolerance = 0;
  SearchResult fastest = search(exact);
  if (options.criterion != SearchCriterion::Latency ||
      options.tieTolerance <= 0 || !fastest.found)
    return fastest;
  SearchOptions cheapest = exact;
  cheapest.criterion = SearchCriterion::Energy;
  cheapest.maxLatency = std::min(
      options.maxLatency, fastest.cost.latency * (1 + options.tieTolerance));
  SearchResult result = search(cheapest);
  // The fastest mapping is under the cap, so the capped search finds one.
  if (!result.found)
    return fastest;
  result.evaluated += fastest.evaluated;
  result.skipped += fastest.skipped;
  result.leastEnergy = std::min(result.leastEnergy, fastest.leastEnergy);
  return result;
}

SearchResult searchLayer(const Workload &w, const Hardware &hw,
                         const MappingSpecEntry *entry,
                         const SearchOptions &options) {
  if (options.tieTolerance > 0)
    return searchWithTieTolerance(options, [&](const SearchOptions &o) {
      return searchLayer(w, hw, entry, o);
    });
  if (!entry || !inputsShareI1(w, *entry))
    return searchLayerOn(w, hw, entry, options);
  SearchResult result =
      searchLayerOn(w, shareI1ChainWithI2(hw), entry, options);
  result.sharedI1 = true;
  return result;
}

} // namespace zigzag
