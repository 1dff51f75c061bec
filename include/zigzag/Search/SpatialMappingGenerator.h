//===- SpatialMappingGenerator.h - Spatial mapping candidates ---*- C++ -*-===//
//
// ZigZag's spatial mapping generation (docs/Search.md, "What the search
// does"): start from the user's spatial_mapping (sanitised as ZigZag's
// check_and_reduce does), fill the array
// dims it leaves open with every divisor unrolling of the hinted loops
// (optionally mixed unrollings), keep the valid combinations, rank them by
// utilisation then loop diversity, keep the best few and shrink them to the
// capacity of the innermost memories. Bandwidth and capacity limits use
// ZigZag's "inner memories" (in-degree 0 in its memory graph; with
// zigzagCompat = false, every operand's innermost memory, fixing #70).
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_SPATIALMAPPINGGENERATOR_H
#define ZIGZAG_SEARCH_SPATIALMAPPINGGENERATOR_H

#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/Workload.h"
#include "zigzag/Search/MappingSpec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zigzag {

/// A spatial mapping as in Mapping::spatial: per array dim (hardware order)
/// the loops unrolled on it, in insertion order.
using SpatialMapping = std::vector<std::vector<LoopFactor>>;

struct SpatialGeneratorOptions {
  /// How many ranked candidates to keep (ZigZag's
  /// nb_spatial_mappings_generated).
  unsigned maxCandidates = 3;
  /// Also generate mixed unrollings (several loops on one array dim), as
  /// ZigZag's enable_mix_spatial_mapping.
  bool mixedUnrolling = false;
  /// Inner memories as ZigZag (in-degree 0 in its memory graph, issue #70);
  /// false: the innermost memory of every operand.
  bool zigzagCompat = true;
  /// Array dims the entry's spatial_mapping leaves out get unroll 1 instead
  /// of a search (DeFiNES); no effect on entries without a spatial_mapping.
  bool missingDimsUnrolled = false;
  /// Imperfect factorization: besides ZigZag's ranking (by array units
  /// used, which counts a loop of 28 unrolled 12 times as 12 busy lanes),
  /// also keep the best `maxCandidates` by the lanes really busy on average
  /// (28 / ceil(28 / 12) = 9.33), appended after ZigZag's candidates.
  bool imperfect = false;
};

class SpatialMappingGenerator {
public:
  /// `entry` may be null (no mapping file entry: every array dim is open and
  /// every loop is hinted). `w` and `hw` must outlive the generator.
  SpatialMappingGenerator(const Workload &w, const Hardware &hw,
                          const MappingSpecEntry *entry,
                          SpatialGeneratorOptions options = {});

  /// Fills `out` with the candidates, best ranked first. Returns "" or why no
  /// spatial mapping exists (unknown array dim in the entry, no valid
  /// combination, a memory too small for one element).
  std::string generate(std::vector<SpatialMapping> &out);

  /// max_u[arrayDim][loop] = min(loop size, array dim size), capped by the
  /// bandwidth of the inner memories (valid after generate()).
  const std::vector<std::vector<int64_t>> &maxUnrolling() const {
    return maxUnroll;
  }
  /// Every (memory, operand) pair whose bandwidth and capacity limit the
  /// unrolling: memory index and operand, hardware order.
  std::vector<std::pair<unsigned, MemOperand>> innerMemoryOperands() const;
  /// Notes on what the sanitising changed (dropped or clipped unrollings),
  /// for users; ZigZag logs the same as warnings.
  const std::vector<std::string> &notes() const { return warnings; }
  /// Number of valid combinations ranked by the last generate().
  uint64_t numRanked() const { return ranked; }

private:
  /// One array dim's unrollings while generating: (loop, factor) pairs in
  /// insertion order.
  using DimUnrolling = std::vector<LoopFactor>;

  std::string buildTemplate(std::vector<int> &templateDims,
                            std::vector<DimUnrolling> &templ);
  void checkAndReduce(const std::vector<int> &templateDims,
                      std::vector<DimUnrolling> &templ);
  std::vector<std::vector<unsigned>> hintOrder() const;
  std::vector<DimUnrolling>
  singleDimCandidates(unsigned dim, const std::vector<unsigned> &hints) const;
  bool isValid(const std::vector<DimUnrolling> &mapping) const;
  std::string limitToCapacity(std::vector<DimUnrolling> &mapping) const;
  bool isIrrelevant(MemOperand op, unsigned loop) const;

  const Workload &w;
  const Hardware &hw;
  const MappingSpecEntry *entry;
  SpatialGeneratorOptions options;
  std::vector<std::vector<int64_t>> maxUnroll;
  std::vector<std::string> warnings;
  uint64_t ranked = 0;
};

/// Index of the loop of `w` named `name`, ignoring case (ZigZag upper-cases
/// loop names); -1 if none.
int findLoopIgnoreCase(const Workload &w, const std::string &name);

} // namespace zigzag

#endif // ZIGZAG_SEARCH_SPATIALMAPPINGGENERATOR_H
