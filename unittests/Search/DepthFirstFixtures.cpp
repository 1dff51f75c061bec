//===- DepthFirstFixtures.cpp - Depth-first test networks -----------------===//

#include "DepthFirstFixtures.h"

#include "../Model/CostModelFixtures.h"

namespace zigzag {
namespace testing {

DfNetwork convChain(int64_t cIn, int64_t k, int64_t ox, int64_t oy,
                    unsigned depth) {
  DfNetwork net;
  net.inputs.push_back({"input", cIn, 8});
  for (unsigned l = 0; l < depth; ++l) {
    int64_t grow = 2 * (depth - 1 - l);
    DfLayer layer;
    layer.workload =
        convWorkload(k, l == 0 ? cIn : k, oy + grow, ox + grow, 3, 3, 1);
    layer.workload.name = std::string(1, static_cast<char>('a' + l));
    const Workload &w = layer.workload;
    layer.xLoop = w.findLoop("OX");
    layer.yLoop = w.findLoop("OY");
    DfInput in;
    in.operand = MemOperand::I1;
    in.x = {0, 1, layer.xLoop};
    in.y = {1, 1, layer.yLoop};
    in.producer = static_cast<int>(l) - 1; // -1 = network input 0
    layer.inputs.push_back(in);
    net.layers.push_back(std::move(layer));
  }
  return net;
}

} // namespace testing
} // namespace zigzag
