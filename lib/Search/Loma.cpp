//===- Loma.cpp - LOMA loop orderings -------------------------------------===//

#include "zigzag/Search/Loma.h"

#include "zigzag/Search/SpatialMappingGenerator.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace zigzag {

/// Prime factors of n, ascending with multiplicity (sympy's factorint order).
static std::vector<int64_t> primeFactors(int64_t n) {
  std::vector<int64_t> out;
  for (int64_t p = 2; p * p <= n; ++p)
    while (n % p == 0) {
      out.push_back(p);
      n /= p;
    }
  if (n > 1)
    out.push_back(n);
  return out;
}

/// Whether n has no prime factor above 5.
static bool isFiveSmooth(int64_t n) {
  for (int64_t p : {2, 3, 5})
    while (n % p == 0)
      n /= p;
  return n == 1;
}

std::vector<std::vector<int64_t>>
imperfectTemporalSizes(const std::vector<int64_t> &temporalSizes) {
  std::vector<std::vector<int64_t>> variants;
  std::vector<int64_t> allFirst = temporalSizes;
  for (unsigned l = 0; l < temporalSizes.size(); ++l) {
    int64_t size = temporalSizes[l];
    if (size < 3)
      continue;
    unsigned found = 0;
    for (int64_t padded = size + 1; padded < 2 * size && found < 2; ++padded) {
      if (!isFiveSmooth(padded) || padded == 5) // 5 itself has one factor
        continue;
      std::vector<int64_t> variant = temporalSizes;
      variant[l] = padded;
      variants.push_back(std::move(variant));
      if (found++ == 0)
        allFirst[l] = padded;
    }
  }
  if (variants.size() > 1)
    variants.push_back(std::move(allFirst));
  return variants;
}

static std::string upper(const std::string &name) {
  std::string out = name;
  for (char &c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<TemporalOrderingEntry>
resolveTemporalOrdering(const Workload &w,
                        const std::vector<TemporalLoopSpec> &spec,
                        bool zigzagCompat, std::vector<std::string> *notes) {
  std::vector<TemporalOrderingEntry> out;
  for (const TemporalLoopSpec &loop : spec) {
    if (loop.isOuterMarker()) {
      if (!zigzagCompat)
        out.push_back({-1, 0});
      else if (notes)
        notes->push_back("temporal_ordering: [\"*\", \"*\"] dropped (ZigZag "
                         "removes it with the loops the layer lacks)");
      continue;
    }
    int index = findLoopIgnoreCase(w, loop.loop);
    if (index < 0) {
      if (notes)
        notes->push_back("temporal_ordering: dropped loop " + loop.loop +
                         ", not a loop of the layer");
      continue;
    }
    out.push_back({index, loop.size.value_or(0)});
  }
  return out;
}

bool completeTemporalOrdering(const std::vector<TemporalOrderingEntry> &entries,
                              const std::vector<int64_t> &temporalSizes,
                              std::vector<LoopFactor> &ordering) {
  std::vector<int64_t> product(temporalSizes.size(), 1);
  for (const TemporalOrderingEntry &entry : entries) {
    if (entry.loop < 0 || entry.size == 0)
      return false;
    product[entry.loop] *= entry.size;
  }
  for (unsigned l = 0; l < temporalSizes.size(); ++l)
    if (product[l] != temporalSizes[l])
      return false;
  ordering.clear();
  for (const TemporalOrderingEntry &entry : entries)
    ordering.push_back({static_cast<unsigned>(entry.loop), entry.size});
  return true;
}

std::vector<OrderingConstraint>
orderingConstraints(const std::vector<TemporalOrderingEntry> &entries) {
  std::vector<OrderingConstraint> out;
  bool fromOutermost = false;
  int count = static_cast<int>(entries.size());
  for (int k = 0; k < count; ++k) {
    const TemporalOrderingEntry &entry = entries[k];
    if (entry.loop < 0) {
      fromOutermost = true;
      continue;
    }
    out.push_back({fromOutermost ? k - count : k,
                   static_cast<unsigned>(entry.loop), entry.size});
  }
  return out;
}

MultisetPermutations::MultisetPermutations(std::vector<unsigned> ranks)
    : value(std::move(ranks)) {
  // Williams: a linked list in non-increasing order; i is the second-to-last
  // node, j the last one.
  std::sort(value.begin(), value.end(), std::greater<unsigned>());
  unsigned n = value.size();
  link.resize(n);
  for (unsigned k = 0; k < n; ++k)
    link[k] = k + 1 < n ? static_cast<int>(k + 1) : -1;
  head = 0;
  i = n >= 2 ? static_cast<int>(n) - 2 : 0;
  j = n >= 1 ? static_cast<int>(n) - 1 : 0;
}

void MultisetPermutations::current(unsigned *out) const {
  if (value.empty())
    return;
  for (int node = head; node >= 0; node = link[node])
    *out++ = value[node];
}

bool MultisetPermutations::next() {
  if (value.size() < 2)
    return false;
  if (link[j] < 0 && !(value[j] < value[head]))
    return false;
  int s = (link[j] >= 0 && value[i] >= value[link[j]]) ? j : i;
  int t = link[s];
  link[s] = link[t];
  link[t] = head;
  if (value[t] < value[head])
    i = t;
  j = link[i];
  head = t;
  return true;
}

uint64_t countMultisetPermutations(const std::vector<unsigned> &ranks) {
  // n! / prod(m!) as a product of binomials, saturating.
  std::vector<unsigned> sorted = ranks;
  std::sort(sorted.begin(), sorted.end());
  unsigned __int128 count = 1;
  unsigned placed = 0;
  for (unsigned k = 0; k < sorted.size();) {
    unsigned m = 1;
    while (k + m < sorted.size() && sorted[k + m] == sorted[k])
      ++m;
    // multiply by C(placed + m, m)
    for (unsigned r = 1; r <= m; ++r) {
      count = count * (placed + r) / r;
      if (count > std::numeric_limits<uint64_t>::max())
        return std::numeric_limits<uint64_t>::max();
    }
    placed += m;
    k += m;
  }
  return static_cast<uint64_t>(count);
}

std::string
Loma::init(const Workload &w, const std::vector<int64_t> &temporalSizes,
           unsigned lpfLimit,
           const std::vector<OrderingConstraint> &orderConstraints) {
  lpfs.clear();
  ranks.clear();
  constraints = orderConstraints;

  struct DimFactors {
    unsigned loop;
    std::vector<int64_t> free;  // mergeable, ascending
    std::vector<int64_t> fixed; // sizes a temporal_ordering fixes
    unsigned count() const { return free.size() + fixed.size(); }
  };
  std::vector<DimFactors> dims;
  for (unsigned l = 0; l < temporalSizes.size(); ++l)
    if (temporalSizes[l] > 1)
      dims.push_back({l, primeFactors(temporalSizes[l]), {}});

  if (dims.empty()) {
    // Everything is unrolled: one dummy loop (ZigZag: first layer dim, 1).
    lpfs.push_back({0, 1});
  } else {
    for (const OrderingConstraint &c : constraints) {
      if (c.size == 0)
        continue;
      auto dim =
          std::find_if(dims.begin(), dims.end(),
                       [&](const DimFactors &d) { return d.loop == c.loop; });
      std::string what = "temporal_ordering fixes " + w.loopNames[c.loop] +
                         " " + std::to_string(c.size);
      if (dim == dims.end())
        return what + " but " + w.loopNames[c.loop] +
               " has no temporal iterations left after the spatial unrolling";
      std::vector<int64_t> remaining = dim->free;
      for (int64_t p : primeFactors(c.size)) {
        auto it = std::find(remaining.begin(), remaining.end(), p);
        if (it == remaining.end())
          return what + ", which does not divide its remaining temporal size";
        remaining.erase(it);
      }
      if (c.size > 1) {
        dim->free = remaining;
        dim->fixed.push_back(c.size);
      }
    }
    unsigned total = 0;
    for (const DimFactors &d : dims)
      total += d.count();
    unsigned limit = std::max<unsigned>(lpfLimit, dims.size());
    while (total > limit) {
      // The loop with the most factors (first on ties) merges its two
      // smallest mergeable factors.
      DimFactors *pick = nullptr;
      for (DimFactors &d : dims)
        if (d.free.size() >= 2 && (!pick || d.count() > pick->count()))
          pick = &d;
      if (!pick)
        break;
      int64_t merged = pick->free[0] * pick->free[1];
      pick->free.erase(pick->free.begin(), pick->free.begin() + 2);
      pick->free.insert(
          std::upper_bound(pick->free.begin(), pick->free.end(), merged),
          merged);
      --total;
    }
    for (const DimFactors &d : dims) {
      for (int64_t f : d.free)
        lpfs.push_back({d.loop, f});
      for (int64_t f : d.fixed)
        lpfs.push_back({d.loop, f});
    }
  }

  // ZigZag sorts (LayerDim, factor) tuples: by upper-cased loop name, then
  // factor.
  std::stable_sort(lpfs.begin(), lpfs.end(),
                   [&](const LoopFactor &a, const LoopFactor &b) {
                     std::string na = upper(w.loopNames[a.loop]);
                     std::string nb = upper(w.loopNames[b.loop]);
                     if (na != nb)
                       return na < nb;
                     return a.factor < b.factor;
                   });
  ranks.resize(lpfs.size());
  for (unsigned k = 0; k < lpfs.size(); ++k)
    ranks[k] = (k > 0 && lpfs[k] == lpfs[k - 1]) ? ranks[k - 1] : k;

  int n = static_cast<int>(lpfs.size());
  for (const OrderingConstraint &c : constraints)
    if (c.position >= n || c.position < -n)
      return "temporal_ordering fixes loop " + w.loopNames[c.loop] +
             " at position " + std::to_string(c.position) + " but only " +
             std::to_string(n) + " temporal loops are scheduled";
  return "";
}

bool Loma::satisfiesConstraints(const LoopFactor *ordering, unsigned n) const {
  for (const OrderingConstraint &c : constraints) {
    int index = c.position >= 0 ? c.position : static_cast<int>(n) + c.position;
    if (index < 0 || index >= static_cast<int>(n))
      return false;
    const LoopFactor &loop = ordering[index];
    if (loop.loop != c.loop || (c.size != 0 && loop.factor != c.size))
      return false;
  }
  return true;
}

} // namespace zigzag
