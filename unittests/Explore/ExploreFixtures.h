//===- ExploreFixtures.h - Design spaces for the explore tests -*- C++ -*-===//
//
// Design spaces written inline and parsed from a string, shared by the
// explore unit tests and bench/ExploreBench.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_UNITTESTS_EXPLORE_EXPLOREFIXTURES_H
#define ZIGZAG_UNITTESTS_EXPLORE_EXPLOREFIXTURES_H

#include "zigzag/Explore/DesignSpace.h"

#include <optional>
#include <string>

namespace zigzag {
namespace testing {

/// Parses `text` as the design space `space.yaml`; on failure returns
/// nullopt and the diagnostics in `errors` (when given).
std::optional<explore::DesignSpace>
parseSpaceText(const std::string &text, std::string *errors = nullptr);

/// The case study's shape (docs/Explore.md: 16x16 array, 2 B / 32 B / 128 B
/// registers per operand, 8 KB / 32 KB L1 in three sharings, 0.5 MB / 2 MB
/// L2, both bypassable, DRAM) with fixed costs instead of the CACTI table,
/// so it needs no reference data.
extern const char *const kCaseStudyShapedSpace;

} // namespace testing
} // namespace zigzag

#endif // ZIGZAG_UNITTESTS_EXPLORE_EXPLOREFIXTURES_H
