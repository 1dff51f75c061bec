//===- Search.h - Best mapping of one layer (ZigZag's search) ---*- C++ -*-===//
//
// searchLayer runs ZigZag's mapping search for one layer on one accelerator:
// spatial candidates (SpatialMappingGenerator), for each the LOMA orderings
// (Loma) cut into memory levels (MemoryAllocator) and evaluated with the
// cost model, keeping the best by the criterion. Deterministic for any
// thread count: among equally good mappings the first in enumeration order
// (spatial candidates in ranking order, orderings in LOMA order) wins, as in
// ZigZag's reduce stages.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_SEARCH_H
#define ZIGZAG_SEARCH_SEARCH_H

#include "zigzag/Model/CostModel.h"
#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/Workload.h"
#include "zigzag/Search/MappingSpec.h"
#include "zigzag/Search/MemoryAllocator.h"
#include "zigzag/Search/SpatialMappingGenerator.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zigzag {

class SearchReuse;

enum class SearchCriterion : uint8_t {
  Latency, // latency (ZigZag latency_total2), ties -> lower energy (default)
  Energy,  // energy, ties -> lower latency
  EDP,     // energy * latency
};
const char *toString(SearchCriterion criterion); // "latency", "energy", "edp"
std::optional<SearchCriterion> parseSearchCriterion(std::string_view text);

/// How a tie on the criterion's own metric is decided.
enum class TieBreak : uint8_t {
  OtherMetric, // energy ties go to lower latency, latency ties to lower energy
  None,        // DeFiNES's energy-only stage: no second metric
};

/// Relative difference up to which two depth-first totals are one value:
/// they are sums of the same terms in different orders (per stack, per tile
/// type), so equal schedules may differ in the last bits. Single-layer
/// costs come from one formula each and are compared exactly (tolerance 0),
/// as ZigZag does.
constexpr double kDepthFirstSumTolerance = 1e-9;

/// Whether (energy, latency) beats (otherEnergy, otherLatency) by
/// `criterion`. The one rule of every search (single-layer, exhaustive,
/// depth-first): the criterion's metric (latency, energy) is lower, or, when
/// the two are equal (exactly, or within `relTolerance` of the larger
/// magnitude), the other metric is lower (`tieBreak`); EDP compares the
/// products exactly. Candidates equal on both are not better: searches
/// replace their best only with a better candidate, so the first of equal
/// candidates in enumeration order wins, whatever the thread count.
bool isBetter(double energy, double latency, double otherEnergy,
              double otherLatency, SearchCriterion criterion,
              TieBreak tieBreak = TieBreak::OtherMetric,
              double relTolerance = 0);

/// isBetter on two costs with `energy` and `latency` members (Cost, a
/// depth-first result or stack).
template <typename T>
bool isBetter(const T &a, const T &b, SearchCriterion criterion,
              TieBreak tieBreak = TieBreak::OtherMetric,
              double relTolerance = 0) {
  return isBetter(a.energy, a.latency, b.energy, b.latency, criterion, tieBreak,
                  relTolerance);
}

struct SearchOptions {
  SearchCriterion criterion = SearchCriterion::Latency;
  /// Maximum number of loop prime factors LOMA permutes (raised to the
  /// number of temporal loops when smaller).
  unsigned lpfLimit = 6;
  TemporalMappingType temporalType = TemporalMappingType::Uneven;
  /// Spatial mappings kept after ranking.
  unsigned spatialCandidates = 3;
  /// Also generate mixed spatial unrollings (several loops per array dim).
  bool mixedSpatial = false;
  /// LOMA also searches imperfect factorizations: each loop's temporal
  /// iterations padded to a few nearby sizes with small prime factors
  /// (imperfectTemporalSizes), the partial last tile counted exactly
  /// (docs/Search.md, "Imperfect factorization"). The perfect orderings are
  /// searched first and kept, so the result is never worse.
  bool imperfect = false;
  /// An array dim that the entry's spatial_mapping leaves out is not used
  /// (unroll 1), as in DeFiNES; false (ZigZag) searches an unrolling for it.
  /// Entries without a spatial_mapping are searched either way.
  bool missingArrayDimsUnrolled = false;
  /// Worker threads (0 = all hardware threads). Results do not depend on it.
  unsigned threads = 1;
  /// ZigZag 3.8.5 behaviour including its quirks (passed to the cost model;
  /// in the search: #70 inner memories, ["*", "*"] ordering marker).
  bool zigzagCompat = true;
  /// Further cost model options (its zigzagCompat is overridden by ours).
  CostModelOptions costModel;
  /// criterion=latency: relative latency slack traded for energy. The result
  /// is the least-energy mapping (ties: lower latency) among those whose
  /// latency is at most (1 + tieTolerance) times the least latency the
  /// engine finds; 0 keeps the plain latency optimum. Order-independent (a
  /// second search with criterion=energy under that latency cap), unlike a
  /// pairwise "equal within tolerance" rule, which is not transitive.
  double tieTolerance = 0;
  /// Only mappings with latency <= maxLatency are candidates (infinity: all).
  /// The latency cap of tieTolerance and of the Pareto front (Pareto.h).
  double maxLatency = std::numeric_limits<double>::infinity();
  /// Stops at the first valid mapping (not the best): `found` then tells
  /// only whether the layer has a mapping. Without one the search runs to
  /// its end and fails with the same error as a full search. Orderings are
  /// evaluated one by one on the calling thread.
  bool feasibilityOnly = false;
  /// Spatial candidates and LOMA orderings shared with searches of the same
  /// layer on other accelerators (SearchReuse.h); used only when it was made
  /// for the searched layer and there is no mapping entry. Null: none.
  const SearchReuse *reuse = nullptr;
};

struct SearchResult {
  bool found = false;
  Mapping mapping; // the best mapping (valid when found)
  Cost cost;       // its cost
  /// (spatial, temporal) mappings evaluated by the cost model.
  uint64_t evaluated = 0;
  /// Orderings whose memory allocation failed (not evaluated).
  uint64_t skipped = 0;
  /// Spatial mappings searched.
  unsigned spatialMappings = 0;
  /// The entry linked both inputs to I1 (inputsShareI1): the mapping is on
  /// shareI1ChainWithI2(hw), with the second input relinked to I2.
  bool sharedI1 = false;
  /// What the search adjusted or dropped in the user's mapping entry.
  std::vector<std::string> notes;
  /// Why nothing was found: "layer '<name>': <reason>".
  std::string error;
  /// The least energy of any candidate mapping the search evaluated (LOMA:
  /// every allocated ordering; exhaustive: also its complete mappings);
  /// what the latency choice is compared with (energyCostOfLatency).
  double leastEnergy = std::numeric_limits<double>::infinity();
  /// Energy of the result minus leastEnergy (>= 0): what minimising latency
  /// costs in energy over the cheapest mapping found.
  double energyCostOfLatency() const { return cost.energy - leastEnergy; }
};

/// The spatial-mapping generator's options for a search with `options`.
SpatialGeneratorOptions spatialGeneratorOptions(const SearchOptions &options);

/// Finds the best mapping of `w` on `hw`. `entry` is the layer's mapping
/// file entry (MappingSpec::lookup) or null for a free search: every array
/// dim open with every loop hinted, no ordering constraints, operand roles
/// as in `w`. The entry's memory_operand_links are applied when every
/// operand of `w` is named in them (imported ZigZag layers: I, W, O). When
/// they link both inputs to I1 (inputsShareI1), the search runs on
/// shareI1ChainWithI2(hw) and sets SearchResult::sharedI1.
SearchResult searchLayer(const Workload &w, const Hardware &hw,
                         const MappingSpecEntry *entry,
                         const SearchOptions &options);

/// Runs `search` as options.tieTolerance asks (criterion=latency,
/// tolerance > 0): first for the least latency L (tolerance 0), then with
/// criterion=energy and maxLatency = (1 + tolerance) L; otherwise once. The
/// one implementation of the tolerance for every engine; `evaluated`,
/// `skipped` and `leastEnergy` cover both searches.
SearchResult searchWithTieTolerance(
    const SearchOptions &options,
    const std::function<SearchResult(const SearchOptions &)> &search);

/// Re-assigns the operand roles of `w` by `entry`'s memory_operand_links
/// when each present operand's name is linked (else leaves `w` unchanged and
/// returns false). When both inputs are linked to I1 (inputsShareI1), the
/// input that comes first in w.operandOrder gets I1 and the other I2, as
/// DeFiNES relinks its second operand.
bool applyMemoryOperandLinks(Workload &w, const MappingSpecEntry &entry);

/// True when `entry` links both inputs of `w` (by name) to I1 and its output
/// to O, as DeFiNES's Add layers do ({O: O, X: I1, Y: I1}).
bool inputsShareI1(const Workload &w, const MappingSpecEntry &entry);

/// The unrollings of `entry`'s spatial_mapping (factor > 1) that do not
/// survive on layer `w`: the layer has no such loop (a depthwise conv under
/// `K`/`C` unrolling, hand-written linalg with loops d0, d1, ...), or the
/// sanitising (loop size, array dim, bandwidth, capacity) reduced them to 1.
/// One text per unrolling, e.g. "K 32 on D1 (the layer has no loop K)".
/// Empty when the entry has no spatial_mapping, everything fits, or no
/// spatial mapping exists at all (the search reports that).
std::vector<std::string> droppedSpatialUnrollings(const Workload &w,
                                                  const Hardware &hw,
                                                  const MappingSpecEntry &entry,
                                                  const SearchOptions &options);

/// `entry` with its spatial_mapping and hints removed, so that the search
/// chooses the whole spatial mapping (mapping-fallback=search); operand
/// links and temporal_ordering are kept.
MappingSpecEntry withSearchedSpatialMapping(const MappingSpecEntry &entry);

} // namespace zigzag

#endif // ZIGZAG_SEARCH_SEARCH_H
