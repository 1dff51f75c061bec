//===- CostModelFixtures.cpp - Accelerators, layers and mappings ----------===//

#include "CostModelFixtures.h"

#include "zigzag/Model/SpatialUnrolling.h"

#include <cstdlib>

namespace zigzag {
namespace testing {

namespace {

/// "O:tl" -> (O, ToLow).
PortAllocation alloc(const std::string &text) {
  size_t colon = text.find(':');
  return {*parseMemOperand(text.substr(0, colon)),
          *parseDirection(text.substr(colon + 1))};
}

Port port(const std::string &name, PortType type, int64_t bwMin, int64_t bwMax,
          const std::vector<std::string> &allocations) {
  Port p;
  p.name = name;
  p.type = type;
  p.bandwidthMin = bwMin;
  p.bandwidthMax = bwMax;
  for (const std::string &a : allocations)
    p.allocations.push_back(alloc(a));
  return p;
}

Memory memory(const std::string &name, int64_t sizeBits, double readCost,
              double writeCost, std::vector<MemOperand> operands,
              std::vector<Port> ports, std::vector<unsigned> servedDims) {
  Memory m;
  m.name = name;
  m.sizeBits = sizeBits;
  m.readCost = readCost;
  m.writeCost = writeCost;
  m.latency = 1;
  m.operands = std::move(operands);
  m.ports = std::move(ports);
  m.servedDims = std::move(servedDims);
  return m;
}

constexpr MemOperand I1 = MemOperand::I1, I2 = MemOperand::I2,
                     O = MemOperand::O;
constexpr PortType R = PortType::Read, W = PortType::Write,
                   RW = PortType::ReadWrite;

Hardware gemmArray(const std::string &name) {
  Hardware hw;
  hw.name = name;
  hw.array.dimNames = {"D1", "D2", "D3"};
  hw.array.sizes = {8, 8, 8};
  hw.array.unitEnergy = 0.04;
  hw.array.unitArea = 1;
  return hw;
}

/// Loop relevance of one operand from the loop names of its tensor.
std::vector<Relevance> relevance(const Workload &w,
                                 const std::vector<std::string> &relevant,
                                 const std::vector<std::string> &partial = {}) {
  std::vector<Relevance> rel(w.numLoops(), Relevance::Irrelevant);
  for (const std::string &name : relevant)
    rel[w.findLoop(name)] = Relevance::Relevant;
  for (const std::string &name : partial)
    rel[w.findLoop(name)] = Relevance::Partial;
  return rel;
}

PrDim prDim(const Workload &w, const std::string &name, const std::string &out,
            int64_t stride, const std::string &filter) {
  PrDim d;
  d.name = name;
  unsigned o = w.findLoop(out), f = w.findLoop(filter);
  d.terms = {{o, stride}, {f, 1}};
  // No padding: the extent is the unique index count of the whole layer.
  d.extent = uniqueExtent(stride, w.loopSizes[o], 1, w.loopSizes[f]);
  return d;
}

Workload makeLayer(const std::string &name,
                   const std::vector<std::pair<std::string, int64_t>> &loops) {
  Workload w;
  w.name = name;
  for (const auto &[loop, size] : loops) {
    w.loopNames.push_back(loop);
    w.loopSizes.push_back(size);
    w.reduction.push_back(false);
  }
  return w;
}

void setOperand(WorkloadOperand &op, const std::string &name, int64_t precision,
                std::vector<Relevance> rel) {
  op.name = name;
  op.present = true;
  op.precision = precision;
  op.finalPrecision = precision;
  op.relevance = std::move(rel);
}

} // namespace

Hardware gemmL1Hardware() {
  Hardware hw = gemmArray("gemm_l1");
  hw.memories = {memory("reg_O", 32, 0.02, 0.02, {O},
                        {port("w_port_1", W, 32, 32, {"O:fh"}),
                         port("r_port_1", R, 32, 32, {"O:tl"}),
                         port("w_port_2", W, 32, 32, {"O:fl"}),
                         port("r_port_2", R, 32, 32, {"O:th"})},
                        {1}),
                 memory("l1", 4194304, 22.9, 52.01, {I1, I2, O},
                        {port("rw_port_1", RW, 64, 512, {"I1:tl"}),
                         port("rw_port_2", RW, 64, 512, {"I2:tl"}),
                         port("rw_port_3", RW, 64, 2048, {"O:tl", "O:fl"})},
                        {0, 1, 2})};
  return hw;
}

Hardware gemmL1L3Hardware() {
  Hardware hw = gemmArray("gemm_l1_l3");
  hw.memories = {memory("reg_O", 32, 3, 4, {O},
                        {port("r_port_1", R, 32, 32, {"O:tl"}),
                         port("r_port_2", R, 32, 32, {"O:th"}),
                         port("w_port_1", W, 32, 32, {"O:fh"}),
                         port("w_port_2", W, 32, 32, {"O:fl"})},
                        {1}),
                 memory("l1", 943718, 118, 141.6, {I1, I2, O},
                        {port("rw_port_1", RW, 64, 512, {"I1:tl"}),
                         port("rw_port_2", RW, 64, 512, {"I2:tl"}),
                         port("rw_port_3", RW, 64, 2048, {"O:tl", "O:fl"}),
                         port("rw_port_4", RW, 64, 512,
                              {"I1:fh", "I2:fh", "O:fh", "O:th"})},
                        {0, 1, 2}),
                 memory("l3", 10000000000, 16000, 24000, {I1, I2, O},
                        {port("rw_port_1", RW, 512, 512,
                              {"I1:fh", "I1:tl", "I2:fh", "I2:tl", "O:fh",
                               "O:tl", "O:fl", "O:th"})},
                        {0, 1, 2})};
  hw.memories[1].forceDoubleBuffering = true;
  return hw;
}

Hardware tpuLikeHardware() {
  Hardware hw;
  hw.name = "tpu_like";
  hw.array.dimNames = {"D1", "D2"};
  hw.array.sizes = {32, 32};
  hw.array.unitEnergy = 0.04;
  hw.array.unitArea = 1;
  hw.memories = {
      memory("rf_128B", 1024, 0.095, 0.095, {I2},
             {port("r_port_1", R, 8, 8, {"I2:tl"}),
              port("w_port_1", W, 8, 8, {"I2:fh"})},
             {}),
      memory("rf_2B", 16, 0.021, 0.021, {O},
             {port("r_port_1", R, 16, 16, {"O:tl"}),
              port("r_port_2", R, 16, 16, {"O:th"}),
              port("w_port_1", W, 16, 16, {"O:fh"}),
              port("w_port_2", W, 16, 16, {"O:fl"})},
             {}),
      memory("sram_2MB", 16777216, 416.16, 378.4, {I1, O},
             {port("r_port_1", R, 64, 2048, {"I1:tl", "O:tl", "O:th"}),
              port("w_port_1", W, 64, 2048, {"I1:fh", "O:fh", "O:fl"})},
             {0, 1}),
      memory("dram", 10000000000, 700, 750, {I1, I2, O},
             {port("rw_port_1", RW, 64, 64,
                   {"I1:fh", "I1:tl", "I2:fh", "I2:tl", "O:fh", "O:tl", "O:fl",
                    "O:th"})},
             {0, 1})};
  return hw;
}

Workload gemmWorkload() {
  Workload w = makeLayer("Layer0", {{"D0", 128}, {"D1", 128}, {"D2", 128}});
  w.opName = "linalg.matmul";
  w.reduction = {false, false, true};
  setOperand(w.operand(O), "O", 32, relevance(w, {"D0", "D1"}));
  w.operand(O).finalPrecision = 8;
  setOperand(w.operand(I1), "I", 8, relevance(w, {"D0", "D2"}));
  setOperand(w.operand(I2), "W", 8, relevance(w, {"D2", "D1"}));
  w.operand(I1).constant = w.operand(I2).constant = true;
  w.operandOrder = {O, I1, I2};
  return w;
}

Workload convWorkload(int64_t k, int64_t c, int64_t oy, int64_t ox, int64_t fy,
                      int64_t fx, int64_t stride) {
  Workload w = makeLayer("conv", {{"B", 1},
                                  {"K", k},
                                  {"C", c},
                                  {"OY", oy},
                                  {"OX", ox},
                                  {"FY", fy},
                                  {"FX", fx}});
  w.opName = "linalg.conv_2d_nchw_fchw";
  w.reduction = {false, false, true, false, false, true, true};
  setOperand(w.operand(O), "O", 16, relevance(w, {"B", "K", "OY", "OX"}));
  w.operand(O).finalPrecision = 8;
  setOperand(w.operand(I2), "W", 8, relevance(w, {"K", "C", "FY", "FX"}));
  w.operand(I2).constant = true;
  setOperand(w.operand(I1), "I", 8,
             relevance(w, {"B", "C"}, {"OX", "FX", "OY", "FY"}));
  w.operand(I1).prDims = {prDim(w, "IX", "OX", stride, "FX"),
                          prDim(w, "IY", "OY", stride, "FY")};
  w.operandOrder = {O, I2, I1};
  return w;
}

Workload poolingWorkload(int64_t g, int64_t oy, int64_t ox, int64_t fx,
                         int64_t fy, int64_t stride) {
  Workload w = makeLayer(
      "pool",
      {{"B", 1}, {"G", g}, {"OY", oy}, {"OX", ox}, {"FX", fx}, {"FY", fy}});
  w.opName = "linalg.pooling_nchw_max";
  setOperand(w.operand(O), "O", 16, relevance(w, {"B", "G", "OY", "OX"}));
  w.operand(O).finalPrecision = 8;
  setOperand(w.operand(I2), "W", 0, relevance(w, {"FX", "FY"}));
  w.operand(I2).constant = true;
  setOperand(w.operand(I1), "I", 8,
             relevance(w, {"B", "G"}, {"OX", "FX", "OY", "FY"}));
  w.operand(I1).prDims = {prDim(w, "IX", "OX", stride, "FX"),
                          prDim(w, "IY", "OY", stride, "FY")};
  w.operandOrder = {O, I2, I1};
  return w;
}

Workload addWorkload(int64_t g, int64_t oy, int64_t ox) {
  Workload w = makeLayer("add", {{"B", 1}, {"G", g}, {"OY", oy}, {"OX", ox}});
  w.opName = "linalg.add";
  std::vector<std::string> all = {"B", "G", "OY", "OX"};
  setOperand(w.operand(O), "O", 16, relevance(w, all));
  w.operand(O).finalPrecision = 8;
  setOperand(w.operand(I2), "W", 8, relevance(w, all));
  setOperand(w.operand(I1), "I", 8, relevance(w, all));
  w.operandOrder = {O, I2, I1};
  return w;
}

Mapping makeMapping(const Workload &w,
                    const std::vector<std::vector<NamedFactor>> &spatial,
                    const std::vector<NamedFactor> &temporal,
                    const std::vector<unsigned> &loopsI1,
                    const std::vector<unsigned> &loopsI2,
                    const std::vector<unsigned> &loopsO) {
  auto factor = [&](const NamedFactor &nf) {
    int loop = w.findLoop(nf.first);
    if (loop < 0)
      std::abort();
    return LoopFactor{static_cast<unsigned>(loop), nf.second};
  };
  Mapping m;
  for (const auto &dim : spatial) {
    m.spatial.emplace_back();
    for (const NamedFactor &nf : dim)
      m.spatial.back().push_back(factor(nf));
  }
  for (const NamedFactor &nf : temporal)
    m.temporal.push_back(factor(nf));
  auto ends = [](const std::vector<unsigned> &counts) {
    std::vector<unsigned> out;
    unsigned sum = 0;
    for (unsigned c : counts)
      out.push_back(sum += c);
    return out;
  };
  m.levelEnds[static_cast<unsigned>(I1)] = ends(loopsI1);
  m.levelEnds[static_cast<unsigned>(I2)] = ends(loopsI2);
  m.levelEnds[static_cast<unsigned>(O)] = ends(loopsO);
  return m;
}

const PortCost *findPortCost(const Cost &c, const Hardware &hw,
                             const std::string &memory,
                             const std::string &port) {
  for (unsigned p = 0; p < c.numPorts; ++p) {
    const Memory &mem = hw.memories[c.ports[p].memory];
    if (mem.name == memory && mem.ports[c.ports[p].port].name == port)
      return &c.ports[p];
  }
  return nullptr;
}

bool isImperfect(const Workload &w, const Mapping &m) {
  std::vector<int64_t> sizes, product(w.numLoops(), 1);
  temporalLoopSizes(w, m.spatial, sizes);
  for (const LoopFactor &lf : m.temporal)
    product[lf.loop] *= lf.factor;
  for (unsigned l = 0; l < w.numLoops(); ++l)
    if (product[l] > sizes[l])
      return true;
  return false;
}

} // namespace testing
} // namespace zigzag
