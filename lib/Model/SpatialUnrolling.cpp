//===- SpatialUnrolling.cpp - Spatial unrolling per memory level ----------===//

#include "zigzag/Model/SpatialUnrolling.h"
#include "zigzag/Model/MappingValidity.h"

#include <algorithm>
#include <cmath>

namespace zigzag {

void operandLevelUnrolling(const Hardware &hw, MemOperand op,
                           const std::vector<std::vector<LoopFactor>> &spatial,
                           const std::vector<std::vector<double>> &factors,
                           std::vector<std::vector<LevelFactor>> &out) {
  std::vector<unsigned> levels = hw.hierarchy(op);
  out.assign(levels.size() + 1, {});
  unsigned numDims = std::min(spatial.size(), factors.size());
  std::vector<bool> consumed(numDims, false);
  auto addDim = [&](unsigned d, std::vector<LevelFactor> &level) {
    consumed[d] = true;
    for (unsigned i = 0; i < spatial[d].size() && i < factors[d].size(); ++i) {
      unsigned loop = spatial[d][i].loop;
      auto it =
          std::find_if(level.begin(), level.end(),
                       [&](const LevelFactor &lf) { return lf.loop == loop; });
      if (it != level.end())
        it->factor *= factors[d][i];
      else
        level.push_back({loop, factors[d][i]});
    }
  };
  // ZigZag only keeps array dims with at least one unrolling.
  for (unsigned m = 0; m < levels.size(); ++m)
    for (unsigned d : hw.memories[levels[m]].servedDims)
      if (d < numDims && !consumed[d] && !spatial[d].empty())
        addDim(d, out[m]);
  for (unsigned d = 0; d < numDims; ++d)
    if (!consumed[d] && !spatial[d].empty())
      addDim(d, out[levels.size()]);
}

void temporalLoopSizes(const Workload &w,
                       const std::vector<std::vector<LoopFactor>> &spatial,
                       std::vector<int64_t> &out) {
  std::vector<int64_t> products = spatialLoopProducts(w, spatial);
  out.resize(w.numLoops());
  for (unsigned l = 0; l < w.numLoops(); ++l)
    out[l] = temporalIterations(w.loopSizes[l], products[l]);
}

} // namespace zigzag
