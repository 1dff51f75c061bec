//===- Workload.cpp - One layer as a loop nest ----------------------------===//

#include "zigzag/Model/Workload.h"

#include <algorithm>
#include <numeric>

namespace zigzag {

const char *toString(Relevance rel) {
  switch (rel) {
  case Relevance::Irrelevant:
    return "ir";
  case Relevance::Relevant:
    return "r";
  case Relevance::Partial:
    return "pr";
  }
  return "?";
}

int64_t Workload::macs() const {
  int64_t n = 1;
  for (int64_t s : loopSizes)
    n *= s;
  return n;
}

int Workload::findLoop(const std::string &name) const {
  for (unsigned i = 0; i < loopNames.size(); ++i)
    if (loopNames[i] == name)
      return static_cast<int>(i);
  return -1;
}

int64_t uniqueExtent(int64_t sa, int64_t A, int64_t sb, int64_t B) {
  int64_t g = std::gcd(sa, sb);
  return A * B - std::max<int64_t>(0, B - sa / g) * (A - sb / g);
}

} // namespace zigzag
