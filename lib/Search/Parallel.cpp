//===- Parallel.cpp - The searches' one parallel-for ----------------------===//

#include "zigzag/Search/Parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace zigzag {

unsigned resolveThreadCount(unsigned threads) {
  if (threads != 0)
    return threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

void parallelFor(
    unsigned threads, size_t n,
    const std::function<void(size_t item, unsigned worker)> &body) {
  if (n == 0)
    return;
  unsigned workers =
      static_cast<unsigned>(std::min<size_t>(resolveThreadCount(threads), n));
  if (workers == 1) {
    for (size_t i = 0; i < n; ++i)
      body(i, 0);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&](unsigned worker) {
    for (size_t i; (i = next.fetch_add(1)) < n;)
      body(i, worker);
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (unsigned w = 1; w < workers; ++w)
    pool.emplace_back(work, w);
  work(0);
  for (std::thread &thread : pool)
    thread.join();
}

} // namespace zigzag
