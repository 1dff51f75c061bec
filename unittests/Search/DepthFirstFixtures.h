//===- DepthFirstFixtures.h - Depth-first test networks ---------*- C++ -*-===//
//
// Small depth-first networks shared by the unit tests and the benchmarks.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_UNITTESTS_SEARCH_DEPTHFIRSTFIXTURES_H
#define ZIGZAG_UNITTESTS_SEARCH_DEPTHFIRSTFIXTURES_H

#include "zigzag/Search/DepthFirst.h"

namespace zigzag {
namespace testing {

/// conv(cIn -> k) followed by `depth` - 1 convs (k -> k), all 3x3 stride 1,
/// the last producing an `ox` x `oy` output; the first reads network input
/// 0. Layers are named a, b, c, ...
DfNetwork convChain(int64_t cIn, int64_t k, int64_t ox, int64_t oy,
                    unsigned depth = 2);

} // namespace testing
} // namespace zigzag

#endif // ZIGZAG_UNITTESTS_SEARCH_DEPTHFIRSTFIXTURES_H
