//===- Parallel.h - The searches' one parallel-for --------------*- C++ -*-===//
//
// Every parallel loop of the searches (single-layer LOMA batches, the
// exhaustive engine's subtree tasks, depth-first tile types and schedules)
// runs through parallelFor. It is plain C++ over std::thread, like the rest
// of the core, which links neither MLIR nor LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_PARALLEL_H
#define ZIGZAG_SEARCH_PARALLEL_H

#include <cstddef>
#include <functional>

namespace zigzag {

/// The number of workers a `threads` option asks for: itself, or every
/// hardware thread for 0 (at least 1).
unsigned resolveThreadCount(unsigned threads);

/// Calls `body(item, worker)` once for every item in [0, n) on at most
/// resolveThreadCount(threads) workers, the calling thread being worker 0,
/// and returns when all are done. Items are claimed in increasing order by
/// whichever worker is free; `worker` (below min(workers, n)) indexes
/// per-worker state. The result does not depend on the thread count when
/// `body` writes item i's outcome to slot i and the caller reduces the slots
/// in index order.
void parallelFor(unsigned threads, size_t n,
                 const std::function<void(size_t item, unsigned worker)> &body);

} // namespace zigzag

#endif // ZIGZAG_SEARCH_PARALLEL_H
