//===- CostModelFixtures.h - Accelerators, layers and mappings --*- C++ -*-===//
//
// The worked examples of the cost-model tests built directly in C++: the
// gemm_l1, gemm_l1_l3 (HEAD costs) and tpu_like accelerators, ZigZag's gemm,
// conv, pooling and add layers, mappings written with loop names, and the
// lookup of a port's cost.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_UNITTESTS_MODEL_COSTMODELFIXTURES_H
#define ZIGZAG_UNITTESTS_MODEL_COSTMODELFIXTURES_H

#include "zigzag/Model/CostModel.h"
#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/Workload.h"

#include <string>
#include <utility>
#include <vector>

namespace zigzag {
namespace testing {

Hardware gemmL1Hardware();
Hardware gemmL1L3Hardware();
Hardware tpuLikeHardware();

/// O[d0][d1] += I[d0][d2] * W[d2][d1], 128^3, I/W 8 b, O 32 b, final 8 b.
/// I is I1, W is I2; layer-operand order O, I, W.
Workload gemmWorkload();

/// ZigZag's yaml conv O[b][k][oy][ox] += W[k][c][fy][fx] * I[b][c][iy][ix]
/// with ix = stride*ox + fx, no padding; loops B K C OY OX FY FX; W is I2,
/// I is I1; layer-operand order O, W, I. Precisions W/I 8, O 16, final 8.
Workload convWorkload(int64_t k, int64_t c, int64_t oy, int64_t ox, int64_t fy,
                      int64_t fx, int64_t stride);
/// O[b][g][oy][ox] += W[fx][fy] * I[b][g][iy][ix] (W precision 0); loops
/// B G OY OX FX FY.
Workload poolingWorkload(int64_t g, int64_t oy, int64_t ox, int64_t fx,
                         int64_t fy, int64_t stride);
/// O[b][g][oy][ox] = W[b][g][oy][ox] + I[b][g][oy][ox]; loops B G OY OX.
Workload addWorkload(int64_t g, int64_t oy, int64_t ox);

/// Loop factors by loop name: {"K", 32}.
using NamedFactor = std::pair<std::string, int64_t>;
/// A mapping: spatial per array dim, the temporal order innermost first,
/// and per operand the number of temporal loops of each memory level.
Mapping makeMapping(const Workload &w,
                    const std::vector<std::vector<NamedFactor>> &spatial,
                    const std::vector<NamedFactor> &temporal,
                    const std::vector<unsigned> &loopsI1,
                    const std::vector<unsigned> &loopsI2,
                    const std::vector<unsigned> &loopsO);

/// The cost of port `port` of memory `memory` in `c`; null if none.
const PortCost *findPortCost(const Cost &c, const Hardware &hw,
                             const std::string &memory,
                             const std::string &port);

/// Whether some loop's temporal factors multiply to more than its
/// temporal iterations (an imperfect factorization).
bool isImperfect(const Workload &w, const Mapping &m);

} // namespace testing
} // namespace zigzag

#endif // ZIGZAG_UNITTESTS_MODEL_COSTMODELFIXTURES_H
