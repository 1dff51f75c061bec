//===- MaestroSupport.h - MAESTRO analysis of one op ------------*- C++ -*-===//
//
// The per-op step shared by --zigzag-maestro-analysis and
// --zigzag-search-mapping="model=maestro": analyse (and optionally search)
// an op's dataflow under MAESTRO's model and write the result on the op.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_LIB_TRANSFORMS_MAESTROSUPPORT_H
#define ZIGZAG_LIB_TRANSFORMS_MAESTROSUPPORT_H

#include "zigzag/Model/Maestro.h"
#include "zigzag/Search/MaestroSearch.h"

#include "mlir/IR/Operation.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir {
namespace zigzag {

/// One analysed op, as the report and the table list it.
struct MaestroOpResult {
  std::string name;
  std::string op;
  ::zigzag::maestro::Stats stats;
  /// With a search: candidates evaluated, the best seed's objective value
  /// (none when the op had no dataflow and no seed could be evaluated) and
  /// the result's.
  std::optional<int64_t> evaluated;
  std::optional<double> seedBest;
  double value = 0;
  std::string dataflow;
};

/// Analyses `op` under its `zigzag.dataflow` with MAESTRO's model. With an
/// `objective`, first searches dataflows (the op's own dataflow, if any, and
/// `seeds` are candidates) and replaces `zigzag.dataflow` by the best,
/// recording the search in `zigzag.maestro_search`. With `constraints`, only
/// dataflows they admit are candidates (a seed they exclude gets a remark);
/// none admitted is an error naming the constraint. Writes the statistics
/// as `zigzag.maestro`. Errors are emitted at `op`.
FailureOr<MaestroOpResult> analyzeMaestroOp(
    Operation *op, const ::zigzag::maestro::Hardware &hw,
    const ::zigzag::maestro::Options &options,
    std::optional<::zigzag::maestro::Objective> objective,
    const std::vector<std::vector<::zigzag::maestro::Directive>> &seeds = {},
    const ::zigzag::maestro::DataflowConstraints *constraints = nullptr);

} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_LIB_TRANSFORMS_MAESTROSUPPORT_H
