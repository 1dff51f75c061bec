//===- SearchReuse.h - Search work shared by accelerators ------*- C++ -*-===//
//
// Before searchLayer evaluates a single mapping it computes two things that
// depend on the layer and on few facts of the accelerator: the spatial
// candidates (the PE array and the capacity and bandwidth of the memories
// innermost for each operand) and, per candidate, the LOMA orderings (the
// temporal sizes the candidate leaves, the LPF limit). zigzag-explore
// searches one layer on thousands of designs that share those facts; a
// SearchReuse made for that layer computes each once and hands it to every
// search that passes it in SearchOptions::reuse. Thread-safe. A search gives
// the same result with or without it: entries are keyed by everything their
// computation reads, and searches with a mapping entry (constraints, links,
// user orderings) or an IMC array do not use it.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_SEARCHREUSE_H
#define ZIGZAG_SEARCH_SEARCHREUSE_H

#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/Workload.h"
#include "zigzag/Search/SpatialMappingGenerator.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace zigzag {

class SearchReuse {
public:
  /// Shares the work of searches of `layer` (the very object passed to
  /// searchLayer; it must outlive this).
  explicit SearchReuse(const Workload &layer) : workload(&layer) {}

  const Workload &layer() const { return *workload; }

  /// What SpatialMappingGenerator::generate returns for the layer on `hw`.
  struct SpatialCandidates {
    std::string error;
    std::vector<SpatialMapping> mappings;
    std::vector<std::string> notes;
  };
  /// The spatial candidates of the layer on `hw` with `options` (generated
  /// on the first request for these hardware facts). Failed generations
  /// are not kept: their messages may name the accelerator.
  std::shared_ptr<const SpatialCandidates>
  spatialCandidates(const Hardware &hw,
                    const SpatialGeneratorOptions &options) const;

  /// Every LOMA ordering of `temporalSizes` (no ordering constraints),
  /// `n` loop factors each, one after the other, in Loma::forEachOrdering's
  /// order; or why LOMA has none. Null when there are too many orderings
  /// to hold (the search then enumerates them itself).
  struct Orderings {
    std::string error;
    unsigned n = 0;
    std::vector<LoopFactor> loops;
    uint64_t count() const { return n ? loops.size() / n : 0; }
  };
  std::shared_ptr<const Orderings>
  orderings(const std::vector<int64_t> &temporalSizes, unsigned lpfLimit) const;

  /// Requests answered from the store / computed, since construction.
  struct Stats {
    uint64_t spatialHits = 0, spatialMisses = 0;
    uint64_t orderingHits = 0, orderingMisses = 0;
  };
  Stats stats() const;

private:
  const Workload *workload;
  mutable std::mutex mutex;
  mutable std::map<std::string, std::shared_ptr<const SpatialCandidates>>
      spatial;
  mutable std::map<std::pair<std::vector<int64_t>, unsigned>,
                   std::shared_ptr<const Orderings>>
      loma;
  mutable std::atomic<uint64_t> spatialHits{0}, spatialMisses{0},
      orderingHits{0}, orderingMisses{0};
};

} // namespace zigzag

#endif // ZIGZAG_SEARCH_SEARCHREUSE_H
