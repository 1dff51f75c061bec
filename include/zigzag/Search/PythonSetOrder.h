//===- PythonSetOrder.h - ZigZag's set iteration orders ---------*- C++ -*-===//
//
// ZigZag keeps layer dims and array dims in Python sets in a few places where
// the iteration order decides results: the order in which spatial mapping
// candidates are generated (and so which ones survive the ranking on ties)
// and which unrolling check_and_reduce drops. Its LayerDim/OADimension hash is
// SHA-512(pickle(name)) XOR SHA-512(pickle(class)), so the orders are
// deterministic; this file reproduces them by emulating CPython 3.11's set
// table (probing, resizing) on those hashes.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_PYTHONSETORDER_H
#define ZIGZAG_SEARCH_PYTHONSETORDER_H

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zigzag {

/// The ZigZag class whose hash a name gets.
enum class PythonSetKind : uint8_t { LayerDim, OADimension };

/// SHA-512 of `data` (FIPS 180-4).
std::array<uint8_t, 64> sha512(std::string_view data);

/// Python's hash() of a ZigZag LayerDim / OADimension named `name`.
uint64_t zigzagPythonHash(std::string_view name, PythonSetKind kind);

/// The iteration order of a Python set built by adding `names` in the given
/// order (duplicates are added once): a permutation of indices into `names`
/// (first occurrences only). LayerDim names are upper-cased first, as ZigZag
/// does.
std::vector<unsigned> pythonSetOrder(const std::vector<std::string> &names,
                                     PythonSetKind kind);

} // namespace zigzag

#endif // ZIGZAG_SEARCH_PYTHONSETORDER_H
