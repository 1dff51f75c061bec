//===- Workload.cpp - One layer as a loop nest ----------------------------===//

#include "zigzag/Model/Workload.h"

#include <algorithm>
#include <bitset>
#include <cstdlib>
#include <numeric>
#include <vector>

namespace zigzag {

/// Terms of one pr dim handled without allocation (more are bounded).
static constexpr unsigned kMaxTerms = 8;

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

std::vector<LoopClass> classifyLoops(const Workload &w, MemOperand op) {
  const WorkloadOperand &wo = w.operand(op);
  std::vector<LoopClass> cls(w.numLoops(), LoopClass::None);
  if (op != MemOperand::O && !wo.present)
    return cls;
  bool hasPr = !wo.prDims.empty();
  std::vector<bool> inPrDim(w.numLoops(), false);
  for (const PrDim &dim : wo.prDims)
    for (const auto &term : dim.terms)
      if (term.first < w.numLoops())
        inPrDim[term.first] = true;
  for (unsigned l = 0; l < w.numLoops(); ++l) {
    Relevance rel =
        l < wo.relevance.size() ? wo.relevance[l] : Relevance::Irrelevant;
    bool unit = w.loopSizes[l] == 1;
    if (inPrDim[l])
      cls[l] = LoopClass::PR;
    else if (rel == Relevance::Relevant)
      cls[l] = (unit && !hasPr) ? LoopClass::None : LoopClass::R;
    else if (rel == Relevance::Irrelevant)
      cls[l] = unit ? LoopClass::None : LoopClass::IR;
  }
  return cls;
}

std::array<std::vector<LoopClass>, kNumMemOperands>
classifyLoops(const Workload &w) {
  std::array<std::vector<LoopClass>, kNumMemOperands> out;
  for (MemOperand op : kAllMemOperands)
    out[static_cast<unsigned>(op)] = classifyLoops(w, op);
  return out;
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

int64_t Workload::operandElements(MemOperand op) const {
  return operandTileElements(*this, op, loopSizes.data());
}

int64_t uniqueExtent(int64_t sa, int64_t A, int64_t sb, int64_t B) {
  int64_t g = std::gcd(sa, sb);
  if (g == 0) // both coefficients 0: a single index
    return 1;
  return A * B - std::max<int64_t>(0, B - sa / g) * (A - sb / g);
}

int64_t uniqueExtentExact(int64_t sa, int64_t A, int64_t sb, int64_t B) {
  int64_t g = std::gcd(sa, sb);
  if (g == 0)
    return 1;
  // Each pair (a, b) ~ (a + sb/g, b - sa/g) inside the ranges is one
  // duplicate; ZigZag's formula forgets to clamp A - sb/g at 0.
  return A * B -
         std::max<int64_t>(0, B - sa / g) * std::max<int64_t>(0, A - sb / g);
}

/// Exact count of sum_t coefs[t] * x_t for spans up to kMaxSpan, by a
/// fixed-size bitset of reachable sums (no allocation).
static constexpr int64_t kMaxSpan = 4096;
static constexpr unsigned kWords = kMaxSpan / 64;

static int64_t countSumsExactly(const int64_t *coefs, const int64_t *sizes,
                                unsigned numTerms, int64_t span) {
  uint64_t reach[kWords] = {1}, next[kWords];
  unsigned words = static_cast<unsigned>((span + 63) / 64);
  for (unsigned t = 0; t < numTerms; ++t) {
    std::fill(next, next + words, 0);
    for (int64_t x = 0; x < sizes[t]; ++x) {
      int64_t shift = coefs[t] * x;
      unsigned wordShift = static_cast<unsigned>(shift / 64);
      unsigned bitShift = static_cast<unsigned>(shift % 64);
      for (unsigned w = words; w-- > wordShift;) {
        unsigned src = w - wordShift;
        uint64_t v = reach[src] << bitShift;
        if (bitShift && src > 0)
          v |= reach[src - 1] >> (64 - bitShift);
        next[w] |= v;
      }
    }
    std::copy(next, next + words, reach);
  }
  int64_t count = 0;
  for (unsigned w = 0; w < words; ++w)
    count += static_cast<int64_t>(std::bitset<64>(reach[w]).count());
  return count;
}

int64_t uniqueExtent(const int64_t *coefs, const int64_t *sizes,
                     unsigned numTerms) {
  if (numTerms == 2)
    return uniqueExtent(std::abs(coefs[0]), sizes[0], std::abs(coefs[1]),
                        sizes[1]);
  // Terms that take a single value only shift the index: skip them.
  int64_t span = 1, combinations = 1;
  unsigned varying = 0;
  for (unsigned t = 0; t < numTerms; ++t) {
    if (coefs[t] == 0 || sizes[t] <= 1)
      continue;
    span += std::abs(coefs[t]) * (sizes[t] - 1);
    combinations *= sizes[t];
    ++varying;
  }
  if (varying <= 1)
    return combinations;
  if (varying > kMaxTerms || span > kMaxSpan)
    return std::min(span, combinations);
  int64_t c[kMaxTerms], s[kMaxTerms];
  unsigned n = 0;
  for (unsigned t = 0; t < numTerms; ++t) {
    if (coefs[t] == 0 || sizes[t] <= 1)
      continue;
    c[n] = std::abs(coefs[t]);
    s[n++] = sizes[t];
  }
  return countSumsExactly(c, s, n, span);
}

int64_t prDimTileExtent(const PrDim &dim, const int64_t *sizes) {
  int64_t extent;
  if (dim.terms.size() <= kMaxTerms) {
    int64_t coefs[kMaxTerms];
    for (unsigned t = 0; t < dim.terms.size(); ++t)
      coefs[t] = dim.terms[t].second;
    extent = uniqueExtent(coefs, sizes, dim.terms.size());
  } else {
    // Too many terms for the fixed buffers: the span bounds the count.
    int64_t span = 1, combinations = 1;
    for (unsigned t = 0; t < dim.terms.size(); ++t) {
      span += std::abs(dim.terms[t].second) * (sizes[t] - 1);
      combinations *= sizes[t];
    }
    extent = std::min(span, combinations);
  }
  return dim.extent > 0 ? std::min(extent, dim.extent) : extent;
}

template <typename SizeT>
static SizeT tileElements(const Workload &w, MemOperand op,
                          const SizeT *tileSizes) {
  const WorkloadOperand &operand = w.operand(op);
  SizeT elements = 1;
  for (unsigned l = 0; l < w.numLoops(); ++l)
    if (operand.relevance[l] == Relevance::Relevant)
      elements *= tileSizes[l];
  for (const PrDim &dim : operand.prDims) {
    int64_t sizes[8];
    std::vector<int64_t> many;
    int64_t *termSizes = sizes;
    if (dim.terms.size() > 8) {
      many.resize(dim.terms.size());
      termSizes = many.data();
    }
    // ZigZag truncates fractional sizes before computing a pr extent.
    for (unsigned t = 0; t < dim.terms.size(); ++t)
      termSizes[t] = static_cast<int64_t>(tileSizes[dim.terms[t].first]);
    elements *= prDimTileExtent(dim, termSizes);
  }
  return elements;
}

int64_t operandTileElements(const Workload &w, MemOperand op,
                            const int64_t *tileSizes) {
  return tileElements(w, op, tileSizes);
}

double operandTileElements(const Workload &w, MemOperand op,
                           const double *tileSizes) {
  return tileElements(w, op, tileSizes);
}

} // namespace zigzag
