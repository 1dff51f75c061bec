//===- Loma.h - LOMA loop orderings -----------------------------*- C++ -*-===//
//
// ZigZag's LOMA temporal search (docs/Search.md, "What the search does"):
// the temporal loop sizes
// left after spatial unrolling are split into loop prime factors (LPFs), the
// smallest factors of the loop with the most LPFs are merged until at most
// `lpfLimit` remain, and every distinct permutation of the LPF multiset is a
// loop ordering (innermost first), enumerated in the order of Williams'
// loopless multiset permutation algorithm (as ZigZag's multipermute.py) and
// filtered by the positions a temporal_ordering fixes. A temporal_ordering
// that gives every loop with its size is used verbatim instead.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_LOMA_H
#define ZIGZAG_SEARCH_LOMA_H

#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/Workload.h"
#include "zigzag/Search/MappingSpec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zigzag {

/// A temporal_ordering entry resolved against a layer.
struct TemporalOrderingEntry {
  int loop = -1;    // loop index; -1 for the ["*", "*"] outer marker
  int64_t size = 0; // 0 = any size ("*")
};

/// Resolves `spec` (temporal_ordering of a mapping entry) against `w`:
/// entries naming loops the layer lacks are dropped (noted in `notes`). With
/// zigzagCompat the ["*", "*"] marker is dropped too, as ZigZag's
/// remove_invalid_layer_dims does (so later entries count from the innermost
/// loop); without it the marker makes later entries count from the
/// outermost loop.
std::vector<TemporalOrderingEntry>
resolveTemporalOrdering(const Workload &w,
                        const std::vector<TemporalLoopSpec> &spec,
                        bool zigzagCompat, std::vector<std::string> *notes);

/// If `entries` give a size for every entry and the sizes of each loop
/// multiply to its temporal size (loops with temporal size > 1 exactly),
/// fills `ordering` with them (innermost first, size-1 entries kept) and
/// returns true: ZigZag then skips LOMA.
bool completeTemporalOrdering(const std::vector<TemporalOrderingEntry> &entries,
                              const std::vector<int64_t> &temporalSizes,
                              std::vector<LoopFactor> &ordering);

/// A loop fixed at a position of every ordering: position >= 0 counts from
/// the innermost loop, < 0 from the outermost (-1 = outermost).
struct OrderingConstraint {
  int position = 0;
  unsigned loop = 0;
  int64_t size = 0; // 0: any size
};

/// The position constraints of a (not complete) temporal ordering.
std::vector<OrderingConstraint>
orderingConstraints(const std::vector<TemporalOrderingEntry> &entries);

/// Distinct permutations of a multiset of ranks in Williams' prefix-shift
/// order, starting from the non-increasing arrangement; loopless and
/// allocation-free after construction.
class MultisetPermutations {
public:
  /// `ranks` in any order; equal ranks are indistinguishable elements.
  explicit MultisetPermutations(std::vector<unsigned> ranks);
  unsigned size() const { return static_cast<unsigned>(value.size()); }
  /// Writes the current permutation (first element first).
  void current(unsigned *out) const;
  /// Moves to the next permutation; false after the last.
  bool next();

private:
  std::vector<unsigned> value; // per node
  std::vector<int> link;       // next node, -1 at the end
  int head = 0, i = 0, j = 0;
};

/// Number of distinct permutations n! / prod(multiplicity!) of `ranks`,
/// saturated at UINT64_MAX.
uint64_t countMultisetPermutations(const std::vector<unsigned> &ranks);

/// Imperfect factorization: the padded temporal sizes LOMA also searches
/// for a layer with `temporalSizes` per loop. A loop of T >= 3 iterations is
/// padded to the two smallest 5-smooth numbers (prime factors 2, 3, 5) in
/// (T, 2T), which give it small tile factors where T itself has few (37 ->
/// 40 = 2^3 * 5, run as tiles of 2, 2, 2 over 37/8 outer iterations). One
/// variant per (loop, padding) and one with every loop at its first
/// padding, so at most 2 * loops + 1. The cost model counts the outermost
/// factor of a padded loop as its real remainder (remainderAdjustedFactors);
/// `< 2T` keeps that factor >= 2, i.e. no iteration is empty.
std::vector<std::vector<int64_t>>
imperfectTemporalSizes(const std::vector<int64_t> &temporalSizes);

class Loma {
public:
  /// Builds the LPFs of `temporalSizes` (per loop; 1 = nothing to schedule)
  /// with at most max(lpfLimit, #temporal loops) factors and prepares the
  /// orderings under `constraints`. Sized constraints are carved out of the
  /// factors first and never merged. Returns "" or why no ordering exists.
  std::string init(const Workload &w, const std::vector<int64_t> &temporalSizes,
                   unsigned lpfLimit,
                   const std::vector<OrderingConstraint> &constraints);

  /// The LPF multiset, sorted by (loop name, factor).
  const std::vector<LoopFactor> &factors() const { return lpfs; }
  /// Distinct permutations before the constraints filter them.
  uint64_t numPermutations() const { return countMultisetPermutations(ranks); }

  /// Calls `visit(const LoopFactor *ordering, unsigned n)` for every allowed
  /// ordering (innermost first) in ZigZag's order; stops early when `visit`
  /// returns false. Allocation-free.
  template <typename Visit> void forEachOrdering(Visit &&visit) const {
    MultisetPermutations perms(ranks);
    unsigned n = perms.size();
    std::vector<unsigned> order(n);
    std::vector<LoopFactor> loops(n);
    do {
      perms.current(order.data());
      for (unsigned k = 0; k < n; ++k)
        loops[k] = lpfs[order[k]];
      if (satisfiesConstraints(loops.data(), n) && !visit(loops.data(), n))
        return;
    } while (perms.next());
  }

  bool satisfiesConstraints(const LoopFactor *ordering, unsigned n) const;

private:
  std::vector<LoopFactor> lpfs; // sorted by (loop name, factor)
  std::vector<unsigned> ranks;  // per LPF: index of its first equal LPF
  std::vector<OrderingConstraint> constraints;
};

} // namespace zigzag

#endif // ZIGZAG_SEARCH_LOMA_H
