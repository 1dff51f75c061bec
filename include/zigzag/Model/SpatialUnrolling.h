//===- SpatialUnrolling.h - Spatial unrolling per memory level --*- C++ -*-===//
//
// What ZigZag derives from a converted spatial mapping (the factors of
// convertSpatialFactors in CostModel.h):
//  - the unrolling per memory level of an operand (which array dims each of
//    its memories serves);
//  - the temporal loop sizes that remain to be scheduled.
// Shared by the cost model and the mapping search so both see the same
// numbers. Plain C++, no MLIR/LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_MODEL_SPATIALUNROLLING_H
#define ZIGZAG_MODEL_SPATIALUNROLLING_H

#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/Workload.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zigzag {

/// A spatial unrolling attached to a memory level of one operand.
struct LevelFactor {
  unsigned loop;
  double factor;
};

/// ZigZag's per-level spatial unrolling SU of operand `op`
/// (docs/CostModel.md, "Notation"): out[m] for
/// memory level m of `op` (innermost first) holds the unrollings of the array
/// dims memory m serves that no lower level of `op` served; out[M] (M = number
/// of levels) those of array dims no memory of `op` serves. Factors of one
/// loop within a level are multiplied (first-seen order); array dims without
/// unrolling are skipped.
/// `factors` has the shape of `spatial` (convertSpatialFactors' result, the
/// fractional or the integer variant).
void operandLevelUnrolling(const Hardware &hw, MemOperand op,
                           const std::vector<std::vector<LoopFactor>> &spatial,
                           const std::vector<std::vector<double>> &factors,
                           std::vector<std::vector<LevelFactor>> &out);

/// The temporal size of every loop under `spatial`: ceil(size / product of
/// its integer spatial factors), the coverage rule of MappingValidity.h.
/// ZigZag walks the fractional per-level unrolling of the first input
/// instead, which agrees except for a loop unrolled over several array dims
/// with a non-divisible size, where ZigZag's walk can schedule more
/// iterations than the loop has (7 over 2 x 2 lanes: 3 instead of 2).
void temporalLoopSizes(const Workload &w,
                       const std::vector<std::vector<LoopFactor>> &spatial,
                       std::vector<int64_t> &out);

} // namespace zigzag

#endif // ZIGZAG_MODEL_SPATIALUNROLLING_H
