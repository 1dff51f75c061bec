//===- SpatialUnrolling.h - Spatial unrolling per memory level --*- C++ -*-===//
//
// What ZigZag derives from a converted spatial mapping (the factors of
// convertSpatialFactors in CostModel.h, cost-model.md §4.2):
//  - the unrolling per memory level of an operand (§4.1: which array dims
//    each of its memories serves);
//  - the temporal loop sizes that remain to be scheduled (§5.2.1).
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

/// ZigZag's per-level spatial unrolling SU of operand `op` (§4.1): out[m] for
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

/// The operand whose flattened per-level unrolling LOMA divides the loop
/// sizes by: ZigZag's first input operand in equation order (the first
/// present input of Workload::operandOrder).
MemOperand firstInputOperand(const Workload &w);

/// The temporal size of every loop after the fractional unrolling (§5.2.1):
/// walking the first input operand's per-level unrollings inner to outer,
/// size = ceil(size / factor), and a loop that reaches 1 stops being divided
/// (ZigZag deletes it). out[l] = 1 for loops with nothing left to schedule.
/// `fractionalFactors`: convertSpatialFactors(w, hw, spatial, false).
void temporalLoopSizes(
    const Workload &w, const Hardware &hw,
    const std::vector<std::vector<LoopFactor>> &spatial,
    const std::vector<std::vector<double>> &fractionalFactors,
    std::vector<int64_t> &out);

} // namespace zigzag

#endif // ZIGZAG_MODEL_SPATIALUNROLLING_H
