//===- Mapping.h - Spatial and temporal mapping of a layer ------*- C++ -*-===//
//
// Where each loop of a layer runs: unrolled over array dims (spatial), or
// iterated in time in one loop order whose prefixes are assigned to the
// memory levels of each operand (temporal; "uneven" when operands cut the
// order at different points).
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_MODEL_MAPPING_H
#define ZIGZAG_MODEL_MAPPING_H

#include "zigzag/Model/Hardware.h"

#include <array>
#include <cstdint>
#include <vector>

namespace zigzag {

struct LoopFactor {
  unsigned loop; // index into Workload::loopSizes
  int64_t factor;
  bool operator==(const LoopFactor &o) const {
    return loop == o.loop && factor == o.factor;
  }
};

struct Mapping {
  /// spatial[d]: the loops unrolled over array dim d (several = mixed).
  std::vector<std::vector<LoopFactor>> spatial;
  /// All temporal loops, innermost first.
  std::vector<LoopFactor> temporal;
  /// levelEnds[op][m]: temporal loops [levelEnds[op][m-1], levelEnds[op][m])
  /// belong to memory level m of operand op (innermost level first); the
  /// last entry equals temporal.size(). Empty for operands a layer lacks.
  std::array<std::vector<unsigned>, kNumMemOperands> levelEnds;
};

} // namespace zigzag

#endif // ZIGZAG_MODEL_MAPPING_H
