//===- MaestroSearch.h - dataflow search under MAESTRO's model --*- C++ -*-===//
//
// MAESTRO only evaluates the dataflow it is given. This search enumerates
// directive-form dataflows of a layer (which dimension is spatial at each of
// up to two cluster levels, cluster sizes, tile sizes, orders of the shipped
// templates' families), evaluates each with maestro::analyzeLayer and keeps
// the best for an objective. Seed dataflows (the op's own, other template
// files' dataflows of the same layer) are candidates too, so the result is
// never worse than any of them. Plain C++.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_MAESTROSEARCH_H
#define ZIGZAG_SEARCH_MAESTROSEARCH_H

#include "zigzag/Model/Maestro.h"

#include <optional>
#include <string_view>
#include <vector>

namespace zigzag::maestro {

enum class Objective { Runtime, Energy, EDP };
std::optional<Objective> parseObjective(std::string_view text);

struct SearchResult {
  std::vector<Directive> dataflow;
  Stats stats;
  /// Candidates evaluated (seeds included) and how many MAESTRO could not
  /// evaluate.
  int64_t evaluated = 0, rejected = 0;
  /// Index of the winning seed, or -1 when a generated dataflow won.
  int seed = -1;
};

/// The objective's value (lower is better): runtime, energy, or their product.
double objectiveValue(const Stats &s, Objective objective);

/// Searches dataflows for `layer` (its own dataflow is ignored unless given
/// as a seed). nullopt when no candidate can be evaluated.
std::optional<SearchResult>
searchDataflow(const Layer &layer, const Hardware &hw, const Options &options,
               Objective objective,
               const std::vector<std::vector<Directive>> &seeds);

} // namespace zigzag::maestro

#endif // ZIGZAG_SEARCH_MAESTROSEARCH_H
