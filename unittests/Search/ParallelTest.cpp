//===- ParallelTest.cpp - The searches' parallel-for ----------------------===//

#include "zigzag/Search/Parallel.h"

#include "gtest/gtest.h"

#include <atomic>
#include <vector>

using namespace zigzag;

namespace {

TEST(ParallelTest, ThreadCount) {
  EXPECT_EQ(resolveThreadCount(3), 3u);
  EXPECT_GE(resolveThreadCount(0), 1u);
}

// Every item runs once, on a worker below min(threads, n).
TEST(ParallelTest, EveryItemOnce) {
  for (unsigned threads : {1u, 2u, 4u, 0u})
    for (size_t n : {size_t(0), size_t(1), size_t(3), size_t(1000)}) {
      std::vector<std::atomic<int>> runs(n);
      std::atomic<bool> workerInRange{true};
      unsigned limit = std::min<size_t>(resolveThreadCount(threads), n);
      parallelFor(threads, n, [&](size_t i, unsigned worker) {
        ++runs[i];
        if (worker >= limit)
          workerInRange = false;
      });
      for (size_t i = 0; i < n; ++i)
        EXPECT_EQ(runs[i], 1) << "item " << i << ", threads " << threads;
      EXPECT_TRUE(workerInRange);
    }
}

// One worker runs the items in order on the calling thread.
TEST(ParallelTest, OneThreadIsSerialInOrder) {
  std::vector<size_t> order;
  parallelFor(1, 5, [&](size_t i, unsigned worker) {
    EXPECT_EQ(worker, 0u);
    order.push_back(i);
  });
  EXPECT_EQ(order, (std::vector<size_t>{0, 1, 2, 3, 4}));
}

} // namespace
