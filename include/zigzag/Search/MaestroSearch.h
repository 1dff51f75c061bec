//===- MaestroSearch.h - dataflow search under MAESTRO's model --*- C++ -*-===//
//
// MAESTRO only evaluates the dataflow it is given. This search enumerates
// directive-form dataflows of a layer (which dimension is spatial at each of
// up to two cluster levels, cluster sizes, tile sizes, orders of the shipped
// templates' families), evaluates each with maestro::analyzeLayer and keeps
// the best for an objective. Seed dataflows (the op's own, other template
// files' dataflows of the same layer) are candidates too, so the result is
// never worse than any of them. With the user's mapping constraints
// (MappingConstraints.h), only dataflows whose lowering to a mapping on the
// MAESTRO-style accelerator satisfies them are candidates. Plain C++.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_MAESTROSEARCH_H
#define ZIGZAG_SEARCH_MAESTROSEARCH_H

#include "zigzag/Model/Maestro.h"
#include "zigzag/Search/MappingConstraints.h"

#include <array>

#include <optional>
#include <string>
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
  /// Candidates the constraints excluded (counted in `evaluated`).
  int64_t excluded = 0;
};

/// MAESTRO's hardware as the accelerator its dataflows lower to (the bridge
/// to mappings and the constraints use it): one array dim D1 of num_pes MAC
/// units, a per-PE memory l1, a shared l2 and a dram; elements are 8 bits.
::zigzag::Hardware mappingAccelerator(const Hardware &hw,
                                      const std::string &name);

/// The user's constraints on a layer's dataflows. A dataflow satisfies them
/// when its lowering (lowerDataflow, a mapping on the MAESTRO-style
/// accelerator: l1 holds the innermost cluster level's loops, l2 those of
/// the levels above, dram none) satisfies `checker`.
struct DataflowConstraints {
  /// Resolved against `workload` and the MAESTRO-style `accelerator`.
  const ConstraintChecker *checker = nullptr;
  const ::zigzag::Workload *workload = nullptr;
  const ::zigzag::Hardware *accelerator = nullptr;
  /// The workload loop of each MAESTRO dimension (-1: the layer has none).
  std::array<int, kNumDims> loopOf;
};

/// Index of the first constraint (ConstraintChecker::description) that
/// `layer`'s dataflow breaks, -1 if none. kInexpressible when the dataflow
/// has no mapping equivalent or cannot be completed, with `why` naming the
/// directive.
constexpr int kInexpressible = -2;

/// A constraint of `c` that has no meaning for a MAESTRO dataflow on the
/// MAESTRO-style `accelerator` (a loop pinned to a memory that never holds
/// loops: a top memory such as dram), as an error naming it; "" if none.
std::string inapplicableConstraint(const MappingConstraints &c,
                                   const ::zigzag::Hardware &accelerator);
int violatedConstraint(const Layer &layer, const Hardware &hw,
                       const DataflowConstraints &constraints,
                       std::string &why);

/// The objective's value (lower is better): runtime, energy, or their product.
double objectiveValue(const Stats &s, Objective objective);

/// Searches dataflows for `layer` (its own dataflow is ignored unless given
/// as a seed), among those `constraints` (if any) admit. nullopt when no
/// candidate can be evaluated; `whyNone` (if given) then says why, naming
/// the constraint that excluded the most candidates.
std::optional<SearchResult>
searchDataflow(const Layer &layer, const Hardware &hw, const Options &options,
               Objective objective,
               const std::vector<std::vector<Directive>> &seeds,
               const DataflowConstraints *constraints = nullptr,
               std::string *whyNone = nullptr);

} // namespace zigzag::maestro

#endif // ZIGZAG_SEARCH_MAESTROSEARCH_H
