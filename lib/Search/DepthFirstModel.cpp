//===- DepthFirst.cpp - Depth-first (layer-fused) scheduling --------------===//
//
// Implements DeFiNES's model as docs/DepthFirst.md, "The model", gives it,
// from the stacks to the totals. Three DeFiNES
// bugs are not reproduced (docs/DepthFirst.md): a cut after the first layer
// is honoured, the V-cache read compares against the tile's own V-cache
// level, and multi-hop copies advance their timeline on every hop.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/DepthFirst.h"
#include "zigzag/Search/Parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <tuple>

namespace zigzag {

const char *toString(OverlapMode mode) {
  switch (mode) {
  case OverlapMode::FullyRecompute:
    return "fully-recompute";
  case OverlapMode::HCachedVRecompute:
    return "h-cached-v-recompute";
  case OverlapMode::FullyCached:
    return "fully-cached";
  }
  return "?";
}

std::optional<OverlapMode> parseOverlapMode(std::string_view text) {
  for (OverlapMode m :
       {OverlapMode::FullyRecompute, OverlapMode::HCachedVRecompute,
        OverlapMode::FullyCached})
    if (text == toString(m))
      return m;
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Search memo
//===----------------------------------------------------------------------===//

/// (layer, tile x, tile y, kept levels of I1, I2, O).
using SearchKey = std::tuple<unsigned, int64_t, int64_t, int, int, int>;
namespace {
struct SearchSlot {
  std::once_flag once;
  std::shared_ptr<const SearchResult> result;
};
} // namespace

struct DfSearchCache::Impl {
  std::mutex mutex;
  std::map<SearchKey, std::shared_ptr<SearchSlot>> slots;
  std::atomic<uint64_t> searches{0};
};

DfSearchCache::DfSearchCache() : impl(std::make_unique<Impl>()) {}
DfSearchCache::~DfSearchCache() = default;
uint64_t DfSearchCache::searches() const { return impl->searches.load(); }

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
static int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// The output X / Y extent of `layer` (1 for a non-spatial layer).
static int64_t extentX(const DfLayer &layer) {
  return layer.spatial ? layer.workload.loopSizes[layer.xLoop] : 1;
}
static int64_t extentY(const DfLayer &layer) {
  return layer.spatial ? layer.workload.loopSizes[layer.yLoop] : 1;
}

/// Level of memory `mem` in the chain of `op`, or -1.
static int levelOf(const Hardware &hw, MemOperand op, unsigned mem) {
  std::vector<unsigned> chain = hw.hierarchy(op);
  for (unsigned l = 0; l < chain.size(); ++l)
    if (chain[l] == mem)
      return static_cast<int>(l);
  return -1;
}

/// The weight (constant input) operand of `w`, if any.
static std::optional<MemOperand> weightOperand(const Workload &w) {
  for (MemOperand op : {MemOperand::I1, MemOperand::I2})
    if (w.operand(op).present && w.operand(op).constant)
      return op;
  return std::nullopt;
}

/// The weight operand of `layer`; none for a zero-cost layer, whose
/// constants (a bias) the single-layer flow does not count either.
static std::optional<MemOperand> weightOperand(const DfLayer &layer) {
  if (layer.zeroCost)
    return std::nullopt;
  return weightOperand(layer.workload);
}

/// Bits of `layer`'s weights (0 without).
static int64_t weightBits(const DfLayer &layer) {
  std::optional<MemOperand> op = weightOperand(layer);
  const Workload &w = layer.workload;
  return op ? w.operandElements(*op) * w.operand(*op).precision : 0;
}

/// The memory operand holding weights: the link of the first of `layers`
/// with weights (its mapping entry's, else its own role); I2 without any.
static MemOperand weightMemOperand(const DfNetwork &net,
                                   const std::vector<unsigned> &layers) {
  for (unsigned l : layers) {
    const DfLayer &layer = net.layers[l];
    std::optional<MemOperand> op = weightOperand(layer);
    if (!op)
      continue;
    if (layer.entry)
      if (std::optional<MemOperand> link =
              layer.entry->linkFor(layer.workload.operand(*op).name))
        return *link;
    return *op;
  }
  return MemOperand::I2;
}

/// Level in `chain` of the lowest memory that holds `bits` (plus
/// `sharedBits` if it is memory `sharedMem`) and is not unrolled; the top
/// level if none.
static int lowestFitting(const Hardware &hw, const std::vector<unsigned> &chain,
                         int64_t bits, int sharedMem = -1,
                         int64_t sharedBits = 0) {
  for (unsigned l = 0; l < chain.size(); ++l) {
    int64_t need =
        bits + (static_cast<int>(chain[l]) == sharedMem ? sharedBits : 0);
    if (hw.memories[chain[l]].sizeBits >= need && hw.unrollCount(chain[l]) == 1)
      return static_cast<int>(l);
  }
  return static_cast<int>(chain.size()) - 1;
}

Hardware truncateHardware(const Hardware &hw, const int keep[kNumMemOperands]) {
  Hardware out = hw;
  for (MemOperand op : kAllMemOperands) {
    int k = keep[static_cast<unsigned>(op)];
    if (k <= 0)
      continue;
    std::vector<unsigned> chain = hw.hierarchy(op);
    for (unsigned l = k; l < chain.size(); ++l) {
      Memory &mem = out.memories[chain[l]];
      mem.operands.erase(
          std::remove(mem.operands.begin(), mem.operands.end(), op),
          mem.operands.end());
      for (Port &port : mem.ports)
        port.allocations.erase(std::remove_if(port.allocations.begin(),
                                              port.allocations.end(),
                                              [&](const PortAllocation &a) {
                                                return a.operand == op;
                                              }),
                               port.allocations.end());
    }
  }
  out.memories.erase(
      std::remove_if(out.memories.begin(), out.memories.end(),
                     [](const Memory &m) { return m.operands.empty(); }),
      out.memories.end());
  return out;
}

namespace {
/// One hop's port use: memory, port index, busy interval.
struct PortUse {
  unsigned memory, port;
  int64_t start, end;
};
} // namespace

/// Costs a copy of `bits` from (srcOp at memory src) to (dstOp at memory dst)
/// along DeFiNES's path (up to the lowest memory shared by both operands,
/// then down). Appends its port uses; "" or an error.
static std::string costCopy(const Hardware &hw, int64_t bits, MemOperand srcOp,
                            unsigned src, MemOperand dstOp, unsigned dst,
                            DfCopy &copy, std::vector<PortUse> &uses) {
  copy.bits = bits;
  copy.fromMemory = src;
  copy.toMemory = dst;
  copy.energy = 0;
  copy.latency = 0;
  if (src == dst || bits <= 0)
    return "";
  int srcLv = levelOf(hw, srcOp, src), dstLv = levelOf(hw, dstOp, dst);
  if (srcLv < 0 || dstLv < 0)
    return "copy between memories that do not hold the operands";
  MemOperand srcOp2 = srcOp, dstOp2 = dstOp;
  int srcLv2 = srcLv, dstLv2 = dstLv;
  int shared = -1;
  if (srcOp != dstOp) {
    for (unsigned m = 0; m < hw.memories.size(); ++m) {
      int ls = levelOf(hw, srcOp, m), ld = levelOf(hw, dstOp, m);
      if (ls >= srcLv && ld >= dstLv) {
        shared = static_cast<int>(m);
        break;
      }
    }
    if (shared < 0)
      return "no memory above both " + hw.memories[src].name + " and " +
             hw.memories[dst].name + " holds both operands";
    if (static_cast<unsigned>(shared) == src) {
      srcOp2 = dstOp;
      srcLv2 = levelOf(hw, dstOp, src);
    } else if (static_cast<unsigned>(shared) == dst) {
      dstOp2 = srcOp;
      dstLv2 = levelOf(hw, srcOp, dst);
    }
  }
  // The chain of (memory, operand, direction in, direction out).
  struct Step {
    unsigned mem;
    MemOperand inOp, outOp;
    Direction in, out;
  };
  std::vector<Step> steps;
  std::vector<unsigned> srcChain = hw.hierarchy(srcOp2),
                        dstChain = hw.hierarchy(dstOp2);
  if (srcOp2 != dstOp2) {
    int top = levelOf(hw, srcOp, shared), topDst = levelOf(hw, dstOp, shared);
    steps.push_back({src, srcOp, srcOp, Direction::FromLow, Direction::ToHigh});
    for (int l = srcLv + 1; l < top; ++l)
      steps.push_back(
          {srcChain[l], srcOp, srcOp, Direction::FromLow, Direction::ToHigh});
    steps.push_back({static_cast<unsigned>(shared), srcOp, dstOp,
                     Direction::FromLow, Direction::ToLow});
    for (int l = topDst - 1; l > dstLv; --l)
      steps.push_back(
          {dstChain[l], dstOp, dstOp, Direction::FromHigh, Direction::ToLow});
    steps.push_back({dst, dstOp, dstOp, Direction::FromHigh, Direction::ToLow});
  } else if (srcLv2 < dstLv2) {
    for (int l = srcLv2; l <= dstLv2; ++l)
      steps.push_back(
          {srcChain[l], srcOp2, srcOp2, Direction::FromLow, Direction::ToHigh});
  } else {
    for (int l = srcLv2; l >= dstLv2; --l)
      steps.push_back(
          {srcChain[l], srcOp2, srcOp2, Direction::FromHigh, Direction::ToLow});
  }
  int64_t timeline = 0;
  for (unsigned s = 0; s + 1 < steps.size(); ++s) {
    const Memory &sendMem = hw.memories[steps[s].mem];
    const Memory &recvMem = hw.memories[steps[s + 1].mem];
    const Port *out = sendMem.portFor(steps[s].outOp, steps[s].out);
    const Port *in = recvMem.portFor(steps[s + 1].inOp, steps[s + 1].in);
    if (!out || !in)
      return std::string("no port of ") + (out ? recvMem.name : sendMem.name) +
             " carries the copy " + toString(srcOp) + "@" + sendMem.name +
             " -> " + toString(dstOp) + "@" + recvMem.name;
    copy.energy += static_cast<double>(ceilDiv(bits, out->bandwidthMin)) *
                       (static_cast<double>(out->bandwidthMin) /
                        static_cast<double>(out->bandwidthMax)) *
                       sendMem.readCost +
                   static_cast<double>(ceilDiv(bits, in->bandwidthMin)) *
                       (static_cast<double>(in->bandwidthMin) /
                        static_cast<double>(in->bandwidthMax)) *
                       recvMem.writeCost;
    int64_t cycles = std::max(ceilDiv(bits, out->bandwidthMax),
                              ceilDiv(bits, in->bandwidthMax));
    uses.push_back({steps[s].mem,
                    static_cast<unsigned>(out - sendMem.ports.data()), timeline,
                    timeline + cycles});
    uses.push_back({steps[s + 1].mem,
                    static_cast<unsigned>(in - recvMem.ports.data()), timeline,
                    timeline + cycles});
    // DeFiNES advances only when the receiving port is new (a bug): every hop
    // starts when the previous one ends.
    timeline += cycles;
  }
  copy.latency = static_cast<double>(timeline);
  return "";
}

/// DataCopyLayer latency: per port, the end of its busy intervals pushed out
/// by their total length; the maximum over ports.
static double copyGroupLatency(std::vector<PortUse> uses) {
  std::sort(uses.begin(), uses.end(), [](const PortUse &a, const PortUse &b) {
    return std::tie(a.memory, a.port) < std::tie(b.memory, b.port);
  });
  int64_t latency = 0;
  for (size_t i = 0; i < uses.size();) {
    size_t j = i;
    int64_t minStart = uses[i].start, maxEnd = 0, busy = 0;
    while (j < uses.size() && uses[j].memory == uses[i].memory &&
           uses[j].port == uses[i].port) {
      minStart = std::min(minStart, uses[j].start);
      maxEnd = std::max(maxEnd, uses[j].end);
      busy += uses[j].end - uses[j].start;
      ++j;
    }
    int64_t portLatency =
        j - i == 1 ? uses[i].end : std::max(maxEnd, minStart + busy);
    latency = std::max(latency, portLatency);
    i = j;
  }
  return static_cast<double>(latency);
}

//===----------------------------------------------------------------------===//
// One stack
//===----------------------------------------------------------------------===//

namespace {
/// A node of a stack: a stack input (network input or a layer of an earlier
/// stack, held in the top memory) or a layer of the stack.
struct StackNode {
  bool isInput = false;
  int layer = -1; // DfNetwork layer, or -(k+1) for network input k
  int64_t elementsPerPixel = 1, precision = 8; // stack inputs
  /// Stack inputs read whole by a non-fused input: at least these bits.
  int64_t wholeBits = 0;
  /// Whole output X/Y extents (0 = unknown): bound padded inputs' tiles.
  int64_t fullX = 0, fullY = 0;
  /// Layers: the output goes to the top memory (the stack output, or read
  /// by a zero-cost layer that passes it on there).
  bool toTop = false;
  std::vector<unsigned> producers; // stack node per DfInput (layers)
  std::vector<unsigned> uniqueProducers;
  std::vector<unsigned> consumers;
};

/// Tile sizes and overlaps of one back-propagation.
struct Sizes {
  std::vector<Workload> tile;                 // layers: the tile's workload
  std::vector<int64_t> outX, outY;            // per node
  std::vector<std::vector<int64_t>> ovX, ovY; // per layer node per input
  std::vector<int64_t> cacheX, cacheY; // per node: output cols/rows to cache
};

struct CachingInfo {
  int hMake = -1, vMake = -1, weight = -1;
  std::vector<int64_t> colsWrite, rowsWrite;            // per node
  std::vector<std::vector<int64_t>> colsRead, rowsRead; // per node per input
};

class StackEvaluator {
public:
  StackEvaluator(const DfNetwork &net, const Hardware &hw,
                 const DfSchedule &schedule, const DfOptions &options,
                 DfSearchCache &cache, const std::vector<unsigned> &layers)
      : net(net), hw(hw), schedule(schedule), options(options), cache(cache),
        stackLayers(layers) {}

  std::string run(DfStack &out);
  /// The layer run()'s error is about, or -1.
  int failedLayer = -1;

private:
  const DfNetwork &net;
  const Hardware &hw;
  const DfSchedule &schedule;
  const DfOptions &options;
  DfSearchCache &cache;
  std::vector<unsigned> stackLayers;
  std::vector<StackNode> nodes;
  unsigned outputNode = 0;
  MemOperand actOp = MemOperand::I1, weightOp = MemOperand::I2;
  bool hCaching = false, vCaching = false;
  std::vector<Workload> full; // per node (layers): whole-FM workload

  const DfLayer &layerOf(unsigned node) const {
    return net.layers[nodes[node].layer];
  }
  std::string build();
  int64_t dimExtent(const Workload &w, const DfInput &in,
                    const DfSpatialDim &dim, unsigned loop) const;
  Sizes backpropagate(int64_t tx, int64_t ty, bool useH, bool makeH, bool useV,
                      bool makeV) const;
  int64_t inputBits(const Sizes &s, unsigned node) const;
  int64_t outputBits(const Sizes &s, unsigned node) const;
  int64_t largestAlive(const Sizes &s,
                       const std::vector<int64_t> *permanent) const;
  CachingInfo determineCaching(int64_t tx, int64_t ty, bool firstX,
                               bool firstY) const;
  std::string runTileType(DfTileType &type,
                          const std::vector<int64_t> &colsWrite,
                          const std::vector<int64_t> &rowsWrite,
                          const std::vector<std::vector<int64_t>> &colsRead,
                          const std::vector<std::vector<int64_t>> &rowsRead,
                          int weightMl, int &failedAt);
  std::shared_ptr<const SearchResult> search(unsigned node, const Sizes &s,
                                             const int keep[kNumMemOperands]);
};
} // namespace

std::string StackEvaluator::build() {
  std::map<int, unsigned> nodeOfSource; // layer or input id -> node
  auto addInput = [&](int source, const DfInput &in, const DfLayer &consumer) {
    auto it = nodeOfSource.find(source);
    if (it != nodeOfSource.end())
      return it->second;
    StackNode node;
    node.isInput = true;
    node.layer = source;
    if (source < 0) {
      const DfNetworkInput &ni = net.inputs[-source - 1];
      node.elementsPerPixel = ni.elementsPerPixel;
      node.precision = ni.precision;
      node.fullX = ni.width;
      node.fullY = ni.height;
    } else {
      const DfLayer &p = net.layers[source];
      const Workload &pw = p.workload;
      int64_t pixels = extentX(p) * extentY(p);
      node.elementsPerPixel =
          std::max<int64_t>(1, pw.operandElements(MemOperand::O) / pixels);
      node.precision = consumer.workload.operand(in.operand).precision;
      node.fullX = extentX(p);
      node.fullY = extentY(p);
    }
    nodes.push_back(node);
    nodeOfSource[source] = nodes.size() - 1;
    return static_cast<unsigned>(nodes.size() - 1);
  };
  std::vector<bool> inStack(net.layers.size(), false);
  for (unsigned l : stackLayers)
    inStack[l] = true;
  // Stack inputs first, in order of first use.
  for (unsigned l : stackLayers)
    for (const DfInput &in : net.layers[l].inputs) {
      if (in.producer >= 0 && inStack[in.producer]) {
        failedLayer = static_cast<int>(l);
        if (!in.fused)
          return "layer '" + net.layers[l].workload.name +
                 "' needs the whole output of '" +
                 net.layers[in.producer].workload.name + "' (" +
                 in.whyNotFused + "); they cannot share a stack";
        continue;
      }
      unsigned node = addInput(in.producer, in, net.layers[l]);
      // A consumer that is not tiled with the stack reads its input whole.
      if (!in.fused) {
        const Workload &cw = net.layers[l].workload;
        nodes[node].wholeBits = std::max(nodes[node].wholeBits,
                                         cw.operandElements(in.operand) *
                                             cw.operand(in.operand).precision);
      }
    }
  for (unsigned l : stackLayers) {
    StackNode node;
    node.layer = static_cast<int>(l);
    const DfLayer &layer = net.layers[l];
    failedLayer = static_cast<int>(l);
    if (!layer.spatial)
      return "layer '" + layer.workload.name +
             "' has no output X and Y and cannot be fused with other layers";
    node.fullX = extentX(layer);
    node.fullY = extentY(layer);
    for (const DfInput &in : net.layers[l].inputs)
      node.producers.push_back(nodeOfSource.at(in.producer));
    for (unsigned p : node.producers)
      if (std::find(node.uniqueProducers.begin(), node.uniqueProducers.end(),
                    p) == node.uniqueProducers.end())
        node.uniqueProducers.push_back(p);
    nodes.push_back(node);
    nodeOfSource[static_cast<int>(l)] = nodes.size() - 1;
  }
  for (unsigned n = 0; n < nodes.size(); ++n)
    for (unsigned p : nodes[n].uniqueProducers)
      nodes[p].consumers.push_back(n);
  failedLayer = -1;
  int outputs = 0;
  for (unsigned n = 0; n < nodes.size(); ++n)
    if (!nodes[n].isInput && nodes[n].consumers.empty()) {
      // An output before the last one is the surprise.
      if (outputs++ == 0)
        failedLayer = nodes[n].layer;
      outputNode = n;
    }
  if (outputs != 1)
    return "the stack of layers " +
           net.layers[stackLayers.front()].workload.name + " .. " +
           net.layers[stackLayers.back()].workload.name + " has " +
           std::to_string(outputs) +
           " outputs; a depth-first stack needs exactly one";
  failedLayer = -1;
  // A zero-cost layer's output stays with its first input, so the layer
  // producing that input writes it where the zero-cost output must go.
  // Consumers come after their producers: reverse order sees them first.
  nodes[outputNode].toTop = true;
  for (unsigned n = nodes.size(); n-- > 0;)
    if (!nodes[n].isInput && layerOf(n).zeroCost && nodes[n].toTop &&
        !nodes[n].uniqueProducers.empty() &&
        !nodes[nodes[n].uniqueProducers.front()].isInput)
      nodes[nodes[n].uniqueProducers.front()].toTop = true;

  // Memory operands of the activations and weights (DeFiNES: the links of
  // the stack's layers; the default links otherwise).
  const DfLayer &outLayer = layerOf(outputNode);
  const Workload &ow = outLayer.workload;
  if (!outLayer.inputs.empty()) {
    const WorkloadOperand &a = ow.operand(outLayer.inputs.front().operand);
    if (outLayer.entry)
      if (std::optional<MemOperand> link = outLayer.entry->linkFor(a.name))
        actOp = *link;
  }
  weightOp = weightMemOperand(net, stackLayers);
  full.resize(nodes.size());
  for (unsigned n = 0; n < nodes.size(); ++n)
    if (!nodes[n].isInput)
      full[n] = layerOf(n).workload;
  hCaching = schedule.mode != OverlapMode::FullyRecompute;
  vCaching = schedule.mode == OverlapMode::FullyCached;
  return "";
}

int64_t StackEvaluator::dimExtent(const Workload &w, const DfInput &in,
                                  const DfSpatialDim &dim,
                                  unsigned loop) const {
  if (dim.prDim < 0)
    return w.loopSizes[loop];
  const PrDim &pr = w.operand(in.operand).prDims[dim.prDim];
  int64_t coefs[8], sizes[8];
  unsigned n = 0;
  for (const auto &[l, c] : pr.terms) {
    if (n == 8)
      break;
    coefs[n] = c;
    sizes[n] = w.loopSizes[l];
    ++n;
  }
  return uniqueExtent(coefs, sizes, n);
}

Sizes StackEvaluator::backpropagate(int64_t tx, int64_t ty, bool useH,
                                    bool makeH, bool useV, bool makeV) const {
  Sizes s;
  unsigned n = nodes.size();
  s.tile.resize(n);
  s.outX.assign(n, 0);
  s.outY.assign(n, 0);
  s.ovX.resize(n);
  s.ovY.resize(n);
  s.cacheX.assign(n, 0);
  s.cacheY.assign(n, 0);
  // Per producer node: (cached overlap, lag) of each consumer input.
  std::vector<std::vector<std::pair<int64_t, int64_t>>> recX(n), recY(n);
  s.outX[outputNode] = tx;
  s.outY[outputNode] = ty;
  auto lagOf = [](const std::vector<std::pair<int64_t, int64_t>> &rec) {
    int64_t lag = 0;
    for (unsigned i = 0; i < rec.size(); ++i)
      lag = i == 0 ? rec[i].second : std::max(lag, rec[i].second);
    return lag;
  };
  // Consumers come after their producers: reverse order sees every consumer
  // of a node before the node itself.
  for (unsigned node = n; node-- > 0;) {
    if (nodes[node].isInput)
      continue;
    const DfLayer &layer = layerOf(node);
    Workload &w = s.tile[node];
    w = layer.workload;
    if (s.outX[node] > 0)
      w.loopSizes[layer.xLoop] = s.outX[node];
    if (s.outY[node] > 0)
      w.loopSizes[layer.yLoop] = s.outY[node];
    s.outX[node] = w.loopSizes[layer.xLoop];
    s.outY[node] = w.loopSizes[layer.yLoop];
    int64_t lagH = lagOf(recX[node]), lagV = lagOf(recY[node]);
    s.ovX[node].assign(layer.inputs.size(), 0);
    s.ovY[node].assign(layer.inputs.size(), 0);
    for (unsigned k = 0; k < layer.inputs.size(); ++k) {
      const DfInput &in = layer.inputs[k];
      // Read whole whatever the tile (a stack input, see build()).
      if (!in.fused)
        continue;
      unsigned p = nodes[node].producers[k];
      int64_t ix = dimExtent(w, in, in.x, layer.xLoop);
      int64_t iy = dimExtent(w, in, in.y, layer.yLoop);
      // Past the producer's borders the window reads padding.
      if (in.x.padded && nodes[p].fullX > 0)
        ix = std::min(ix, nodes[p].fullX);
      if (in.y.padded && nodes[p].fullY > 0)
        iy = std::min(iy, nodes[p].fullY);
      int64_t sx = in.x.prDim < 0 ? 1 : in.x.stride;
      int64_t sy = in.y.prDim < 0 ? 1 : in.y.stride;
      int64_t ox = s.outX[node], oy = s.outY[node];
      int64_t ovx = std::max<int64_t>(0, ix - ox * sx);
      int64_t ovy = std::max<int64_t>(0, iy - oy * sy);
      int64_t newLagH = sx * lagH - floorDiv(ix - ox * sx + sx - 1, 2) + ovx;
      int64_t newLagV = sy * lagV - floorDiv(iy - oy * sy + sy - 1, 2) + ovy;
      s.ovX[node][k] = ovx;
      s.ovY[node][k] = ovy;
      if (useH)
        ix -= ovx;
      if (useV)
        iy -= ovy;
      s.outX[p] = std::max(s.outX[p], ix);
      s.outY[p] = std::max(s.outY[p], iy);
      recX[p].push_back({makeH ? ovx : 0, newLagH});
      recY[p].push_back({makeV ? ovy : 0, newLagV});
    }
  }
  // A stack input read whole by a non-fused consumer: at least its whole
  // map (its bits are wholeBits in any case).
  for (unsigned node = 0; node < n; ++node)
    if (nodes[node].isInput && nodes[node].wholeBits > 0) {
      s.outX[node] = std::max(s.outX[node], nodes[node].fullX);
      s.outY[node] = std::max(s.outY[node], nodes[node].fullY);
    }
  auto toCache = [](const std::vector<std::pair<int64_t, int64_t>> &rec) {
    if (rec.empty())
      return int64_t(0);
    int64_t lag = rec[0].second, leftmost = rec[0].second - rec[0].first;
    for (const auto &[ov, l] : rec) {
      lag = std::max(lag, l);
      leftmost = std::min(leftmost, l - ov);
    }
    return lag - leftmost;
  };
  for (unsigned node = 0; node < n; ++node) {
    s.cacheX[node] = makeH ? toCache(recX[node]) : 0;
    s.cacheY[node] = makeV ? toCache(recY[node]) : 0;
  }
  return s;
}

int64_t StackEvaluator::inputBits(const Sizes &s, unsigned node) const {
  if (nodes[node].isInput)
    return 0;
  const DfLayer &layer = layerOf(node);
  const Workload &w = s.tile[node];
  int64_t bits = 0;
  bool seen[kNumMemOperands] = {};
  for (const DfInput &in : layer.inputs) {
    if (seen[static_cast<unsigned>(in.operand)])
      continue;
    seen[static_cast<unsigned>(in.operand)] = true;
    bits += operandTileElements(w, in.operand, w.loopSizes.data()) *
            w.operand(in.operand).precision;
  }
  return bits;
}

int64_t StackEvaluator::outputBits(const Sizes &s, unsigned node) const {
  if (nodes[node].isInput)
    return std::max(nodes[node].wholeBits, nodes[node].elementsPerPixel *
                                               s.outX[node] * s.outY[node] *
                                               nodes[node].precision);
  const Workload &w = s.tile[node];
  return operandTileElements(w, MemOperand::O, w.loopSizes.data()) *
         w.operand(MemOperand::O).finalPrecision;
}

int64_t
StackEvaluator::largestAlive(const Sizes &s,
                             const std::vector<int64_t> *permanent) const {
  int64_t current = 0, peak = 0;
  auto add = [&](int64_t v) {
    current += v;
    peak = std::max(peak, current);
  };
  std::vector<int64_t> size(nodes.size(), 0);
  std::vector<unsigned> remaining(nodes.size(), 0);
  for (unsigned n = 0; n < nodes.size(); ++n)
    remaining[n] = nodes[n].consumers.size();
  for (unsigned n = 0; n < nodes.size(); ++n) {
    int64_t si = inputBits(s, n);
    for (unsigned p : nodes[n].uniqueProducers)
      add(-size[p]);
    add(si);
    int64_t so = outputBits(s, n);
    add(so);
    add(-si);
    for (unsigned p : nodes[n].uniqueProducers)
      add(size[p]);
    for (unsigned p : nodes[n].uniqueProducers)
      if (--remaining[p] == 0) {
        add(-size[p]);
        // DeFiNES adds the consumer's own permanent data here.
        if (permanent)
          add((*permanent)[n]);
      }
    size[n] = so;
  }
  return peak;
}

CachingInfo StackEvaluator::determineCaching(int64_t tx, int64_t ty,
                                             bool firstX, bool firstY) const {
  CachingInfo info;
  Sizes s = backpropagate(tx, ty, !firstX, true, !firstY, true);
  Sizes a = backpropagate(tx, ty, !firstX && hCaching, true,
                          !firstY && vCaching, true);
  int64_t alive = largestAlive(a, nullptr);
  unsigned n = nodes.size();
  // Cached input bits per (layer, input), H, V and their overlap.
  int64_t hIn = 0, vIn = 0, overlapIn = 0;
  std::vector<int64_t> hOut(n, 0);
  for (unsigned node = 0; node < n; ++node) {
    if (nodes[node].isInput) {
      hOut[node] = nodes[node].elementsPerPixel * s.outY[node] *
                   s.cacheX[node] * nodes[node].precision;
      continue;
    }
    const DfLayer &layer = layerOf(node);
    const Workload &w = s.tile[node];
    int64_t oElems = operandTileElements(w, MemOperand::O, w.loopSizes.data());
    hOut[node] = oElems / s.outX[node] * s.cacheX[node] *
                 w.operand(MemOperand::O).finalPrecision;
    for (unsigned k = 0; k < layer.inputs.size(); ++k) {
      const DfInput &in = layer.inputs[k];
      int64_t prec = w.operand(in.operand).precision;
      int64_t elems = operandTileElements(w, in.operand, w.loopSizes.data());
      int64_t hTile = dimExtent(w, in, in.x, layer.xLoop);
      int64_t vTile = dimExtent(w, in, in.y, layer.yLoop);
      if (in.x.prDim >= 0)
        hIn += elems / hTile * s.ovX[node][k] * prec;
      if (in.y.prDim >= 0) {
        int64_t hTotal = dimExtent(full[node], in, in.x, layer.xLoop);
        vIn += elems / hTile * hTotal / vTile * s.ovY[node][k] * prec;
      }
      if (in.x.prDim >= 0 && in.y.prDim >= 0)
        overlapIn +=
            elems / hTile * s.ovX[node][k] / vTile * s.ovY[node][k] * prec;
    }
  }
  std::vector<unsigned> oChain = hw.hierarchy(MemOperand::O);
  auto eligible = [&](unsigned m, int64_t need) {
    const Memory &mem = hw.memories[m];
    return mem.sizeBits >= need && mem.serves(actOp) && hw.unrollCount(m) == 1;
  };
  // Levels reserved for the feature maps (the weights must leave them room).
  std::vector<unsigned> reserved;
  for (unsigned m : oChain) {
    reserved.push_back(m);
    if (eligible(m, alive))
      break;
  }
  int64_t peakH = alive, peak = alive;
  if (hCaching) {
    if (firstX)
      peak = largestAlive(a, &hOut);
    else
      peak = alive + hIn;
    peakH = peak;
    for (unsigned m : oChain)
      if (eligible(m, peak)) {
        info.hMake = static_cast<int>(m);
        break;
      }
    if (vCaching) {
      peak += vIn;
      for (unsigned m : oChain) {
        int64_t need = peak;
        if (static_cast<int>(m) == info.hMake)
          need -= overlapIn;
        if (eligible(m, need)) {
          info.vMake = static_cast<int>(m);
          break;
        }
      }
    }
  }
  int64_t weights = 0;
  bool anyWeights = false;
  for (unsigned node = 0; node < n; ++node)
    if (!nodes[node].isInput && weightOperand(layerOf(node))) {
      anyWeights = true;
      weights += weightBits(layerOf(node));
    }
  if (anyWeights) {
    std::vector<unsigned> wChain = hw.hierarchy(weightOp);
    for (unsigned m : wChain) {
      info.weight = static_cast<int>(m);
      int64_t need = weights;
      if (std::find(reserved.begin(), reserved.end(), m) != reserved.end())
        need = weights + alive;
      if (static_cast<int>(m) == info.hMake)
        need = weights + peakH;
      if (static_cast<int>(m) == info.vMake)
        need = weights + peak;
      if (static_cast<int>(m) == info.hMake &&
          static_cast<int>(m) == info.vMake)
        need = weights + peak - overlapIn;
      if (hw.memories[m].sizeBits >= need)
        break;
    }
  }
  info.colsWrite.assign(n, 0);
  info.rowsWrite.assign(n, 0);
  info.colsRead.resize(n);
  info.rowsRead.resize(n);
  for (unsigned node = 0; node < n; ++node) {
    info.colsWrite[node] =
        firstX ? s.cacheX[node] : std::min(s.cacheX[node], s.outX[node]);
    info.rowsWrite[node] =
        firstY ? s.cacheY[node] : std::min(s.cacheY[node], s.outY[node]);
    info.colsRead[node].assign(s.ovX[node].size(), 0);
    info.rowsRead[node].assign(s.ovY[node].size(), 0);
    if (!firstX)
      info.colsRead[node] = s.ovX[node];
    if (!firstY)
      info.rowsRead[node] = s.ovY[node];
  }
  return info;
}

std::shared_ptr<const SearchResult>
StackEvaluator::search(unsigned node, const Sizes &s,
                       const int keep[kNumMemOperands]) {
  const DfLayer &layer = layerOf(node);
  SearchKey key{static_cast<unsigned>(nodes[node].layer),
                s.outX[node],
                s.outY[node],
                keep[0],
                keep[1],
                keep[2]};
  std::shared_ptr<SearchSlot> slot;
  {
    std::lock_guard<std::mutex> lock(cache.impl->mutex);
    std::shared_ptr<SearchSlot> &entry = cache.impl->slots[key];
    if (!entry)
      entry = std::make_shared<SearchSlot>();
    slot = entry;
  }
  std::call_once(slot->once, [&] {
    Hardware sub = truncateHardware(hw, keep);
    SearchOptions opts = options.search;
    opts.threads = 1; // parallel over tile types and schedules instead
    slot->result = std::make_shared<SearchResult>(
        searchLayer(s.tile[node], sub, layer.entry, opts));
    cache.impl->searches.fetch_add(1, std::memory_order_relaxed);
  });
  return slot->result;
}

std::string
StackEvaluator::runTileType(DfTileType &type,
                            const std::vector<int64_t> &colsWrite,
                            const std::vector<int64_t> &rowsWrite,
                            const std::vector<std::vector<int64_t>> &colsRead,
                            const std::vector<std::vector<int64_t>> &rowsRead,
                            int weightMl, int &failedAt) {
  Sizes s = backpropagate(type.tileX, type.tileY, type.hCacheUse >= 0,
                          type.hCacheMake >= 0, type.vCacheUse >= 0, false);
  unsigned n = nodes.size();
  std::vector<unsigned> actChain = hw.hierarchy(actOp);
  std::vector<unsigned> oChain = hw.hierarchy(MemOperand::O);
  unsigned inputMl = actChain.back();
  std::vector<int> storedMl(n, -1);
  std::vector<int64_t> storedBits(n, 0);
  struct Pending {
    const char *kind;
    int64_t bits;
    MemOperand srcOp, dstOp;
    unsigned src, dst;
  };
  // Costs `copies` into `lt` (energy, the copies, their merged latency).
  auto costCopies = [&](const std::vector<Pending> &copies,
                        DfLayerTile &lt) -> std::string {
    std::vector<PortUse> uses;
    for (const Pending &p : copies) {
      DfCopy copy;
      copy.kind = p.kind;
      if (std::string err =
              costCopy(hw, p.bits, p.srcOp, p.src, p.dstOp, p.dst, copy, uses);
          !err.empty())
        return err;
      lt.copyEnergy += copy.energy;
      lt.copies.push_back(copy);
    }
    lt.copyLatency = copyGroupLatency(uses);
    return "";
  };
  std::vector<Pending> pending;
  type.layers.clear();
  for (unsigned node = 0; node < n; ++node) {
    // Errors below are about this node's layer (a stack input: none).
    failedAt = nodes[node].isInput ? -1 : nodes[node].layer;
    DfLayerTile lt;
    lt.layer = nodes[node].layer;
    lt.tileX = s.outX[node];
    lt.tileY = s.outY[node];
    std::vector<Pending> before = pending;
    pending.clear();
    if (nodes[node].isInput) {
      int64_t bits = outputBits(s, node);
      unsigned top = actChain[lowestFitting(hw, actChain, bits)];
      // Zero-cost consumers read it where it is (the single-layer flow does
      // not move it for them); a costed consumer copies it from there.
      if (std::all_of(nodes[node].consumers.begin(),
                      nodes[node].consumers.end(),
                      [&](unsigned c) { return layerOf(c).zeroCost; }))
        top = inputMl;
      before.push_back({"stack-input", bits, actOp, actOp, inputMl, top});
      storedMl[node] = static_cast<int>(top);
      storedBits[node] = bits;
      lt.top[static_cast<unsigned>(actOp)] = static_cast<int>(top);
      if (std::string err = costCopies(before, lt); !err.empty())
        return err;
      type.layers.push_back(std::move(lt));
      continue;
    }
    const DfLayer &layer = layerOf(node);
    const Workload &w = s.tile[node];
    bool isOutput = nodes[node].toTop;
    int64_t inBits = inputBits(s, node);
    int64_t outBits = outputBits(s, node);
    if (layer.zeroCost) {
      // No search and no copies of its own (the previous layer's cache
      // writes still happen); its output stays with its first input, or
      // in the top memory when it is passed on there.
      if (std::string err = costCopies(before, lt); !err.empty())
        return err;
      const std::vector<unsigned> &ps = nodes[node].uniqueProducers;
      storedMl[node] = isOutput || ps.empty() ? static_cast<int>(oChain.back())
                                              : storedMl[ps.front()];
      storedBits[node] = outBits;
      lt.top[static_cast<unsigned>(MemOperand::O)] = storedMl[node];
      type.layers.push_back(std::move(lt));
      continue;
    }
    std::vector<unsigned> wChain = hw.hierarchy(weightOp);
    int extraO = 0, extraI = 0;
    for (;;) {
      std::vector<Pending> copies = before;
      int iLevel = lowestFitting(hw, actChain, inBits);
      // The stack output goes to the top; others share with the input.
      int oLevel = isOutput ? static_cast<int>(oChain.size()) - 1
                            : lowestFitting(hw, oChain, outBits,
                                            actChain[iLevel], inBits);
      iLevel = std::min<int>(iLevel + extraI, actChain.size() - 1);
      oLevel = std::min<int>(oLevel + extraO, oChain.size() - 1);
      unsigned iTop = actChain[iLevel], oTop = oChain[oLevel];
      // Inputs not where this layer reads them.
      for (unsigned k = 0; k < layer.inputs.size(); ++k) {
        unsigned p = nodes[node].producers[k];
        unsigned stored = static_cast<unsigned>(storedMl[p]);
        bool copy;
        if (nodes[p].isInput) {
          copy = true;
          for (int l = 0; l <= iLevel; ++l)
            if (actChain[l] == stored)
              copy = false;
        } else {
          copy = stored != iTop;
        }
        // DeFiNES copies from the O side; a stack input may sit in a memory
        // that holds activations only.
        MemOperand from =
            hw.memories[stored].serves(MemOperand::O) ? MemOperand::O : actOp;
        if (copy)
          copies.push_back(
              {"output-to-input", storedBits[p], from, actOp, stored, iTop});
      }
      if (type.hCacheUse >= 0 && static_cast<unsigned>(type.hCacheUse) != iTop)
        for (unsigned k = 0; k < layer.inputs.size(); ++k) {
          const DfInput &in = layer.inputs[k];
          int64_t ix = dimExtent(w, in, in.x, layer.xLoop);
          int64_t elems =
              operandTileElements(w, in.operand, w.loopSizes.data());
          int64_t bits = (ix > 0 ? elems / ix : 0) * colsRead[node][k] *
                         w.operand(MemOperand::O).finalPrecision;
          if (bits > 0)
            copies.push_back({"h-cache-read", bits, actOp, actOp,
                              static_cast<unsigned>(type.hCacheUse), iTop});
        }
      if (type.vCacheUse >= 0 && static_cast<unsigned>(type.vCacheUse) != iTop)
        for (unsigned k = 0; k < layer.inputs.size(); ++k) {
          const DfInput &in = layer.inputs[k];
          int64_t ix = dimExtent(w, in, in.x, layer.xLoop);
          int64_t iy = dimExtent(w, in, in.y, layer.yLoop);
          int64_t columns = ix;
          if (type.hCacheUse >= 0)
            columns -= colsRead[node][k];
          int64_t elems =
              operandTileElements(w, in.operand, w.loopSizes.data());
          int64_t bits = (ix > 0 && iy > 0 ? elems / ix / iy : 0) * columns *
                         rowsRead[node][k] *
                         w.operand(MemOperand::O).finalPrecision;
          if (bits > 0)
            copies.push_back({"v-cache-read", bits, actOp, actOp,
                              static_cast<unsigned>(type.vCacheUse), iTop});
        }
      // The active part of the hierarchy.
      int keep[kNumMemOperands] = {0, 0, 0};
      keep[static_cast<unsigned>(actOp)] = iLevel + 1;
      if (!isOutput)
        keep[static_cast<unsigned>(MemOperand::O)] = oLevel + 1;
      int wLevel = -1;
      if (!type.weightsFromTop && weightOperand(layer) && weightMl >= 0) {
        for (unsigned l = 0; l < wChain.size(); ++l)
          if (static_cast<int>(wChain[l]) == weightMl)
            wLevel = static_cast<int>(l);
        if (wLevel >= 0 && weightOp != actOp)
          keep[static_cast<unsigned>(weightOp)] = wLevel + 1;
      }
      std::shared_ptr<const SearchResult> result = search(node, s, keep);
      if (!result->found) {
        bool canRaise =
            iLevel + 1 < static_cast<int>(actChain.size()) ||
            (!isOutput && oLevel + 1 < static_cast<int>(oChain.size()));
        if (!canRaise)
          return result->error;
        if (extraO == extraI)
          ++extraO;
        else if (extraO > extraI) {
          ++extraI;
          --extraO;
        } else
          ++extraO;
        continue;
      }
      lt.search = result;
      std::copy(keep, keep + kNumMemOperands, lt.keep);
      lt.top[static_cast<unsigned>(actOp)] = static_cast<int>(iTop);
      lt.top[static_cast<unsigned>(MemOperand::O)] = static_cast<int>(oTop);
      lt.top[static_cast<unsigned>(weightOp)] =
          keep[static_cast<unsigned>(weightOp)] > 0
              ? static_cast<int>(wChain[wLevel])
              : static_cast<int>(wChain.back());
      if (std::string err = costCopies(copies, lt); !err.empty())
        return "layer '" + layer.workload.name + "': " + err;
      storedMl[node] = static_cast<int>(oTop);
      storedBits[node] = outBits;
      // Overlap to keep for the next tiles: rows first (they include the
      // corner), then the remaining columns.
      const Workload &tw = s.tile[node];
      int64_t oPrec = tw.operand(MemOperand::O).finalPrecision;
      int64_t rowsDone = -1;
      if (type.vCacheMake >= 0 &&
          static_cast<unsigned>(type.vCacheMake) != oTop &&
          !nodes[node].consumers.empty()) {
        int64_t bits = tw.operandElements(MemOperand::O) /
                       tw.loopSizes[layer.yLoop] * rowsWrite[node] * oPrec;
        rowsDone = rowsWrite[node];
        if (bits > 0)
          pending.push_back({"to-v-cache", bits, MemOperand::O, MemOperand::O,
                             oTop, static_cast<unsigned>(type.vCacheMake)});
      }
      if (type.hCacheMake >= 0 &&
          static_cast<unsigned>(type.hCacheMake) != oTop &&
          !nodes[node].consumers.empty()) {
        int64_t rows =
            tw.loopSizes[layer.yLoop] - std::max<int64_t>(rowsDone, 0);
        int64_t bits = tw.operandElements(MemOperand::O) /
                       tw.loopSizes[layer.yLoop] / tw.loopSizes[layer.xLoop] *
                       rows * colsWrite[node] * oPrec;
        if (bits > 0)
          pending.push_back({"to-h-cache", bits, MemOperand::O, MemOperand::O,
                             oTop, static_cast<unsigned>(type.hCacheMake)});
      }
      break;
    }
    type.layers.push_back(std::move(lt));
  }
  type.energy = 0;
  type.latency = 0;
  for (const DfLayerTile &lt : type.layers) {
    type.energy += lt.copyEnergy;
    type.latency += lt.copyLatency;
    if (lt.search) {
      type.energy += lt.search->cost.energy;
      type.latency += lt.search->cost.latency1;
    }
  }
  return "";
}

/// Is memory a at or above memory b in `chain`?
static bool higherOrEqual(const std::vector<unsigned> &chain, int a, int b) {
  int la = -1, lb = -1;
  for (unsigned l = 0; l < chain.size(); ++l) {
    if (static_cast<int>(chain[l]) == a)
      la = static_cast<int>(l);
    if (static_cast<int>(chain[l]) == b)
      lb = static_cast<int>(l);
  }
  return la >= lb;
}

std::string StackEvaluator::run(DfStack &out) {
  if (std::string err = build(); !err.empty())
    return err;
  out.layers = stackLayers;
  const DfLayer &outLayer = layerOf(outputNode);
  int64_t totalX = outLayer.workload.loopSizes[outLayer.xLoop];
  int64_t totalY = outLayer.workload.loopSizes[outLayer.yLoop];
  out.outputX = totalX;
  out.outputY = totalY;
  if (schedule.tileX < 1 || schedule.tileY < 1)
    return "tile sizes must be positive";
  // A stack output narrower than the tile is one tile column (DeFiNES: its
  // leftover tile is the whole map); evaluateDepthFirst rejects tiles larger
  // than every stack's output.
  int64_t tileX = std::min(schedule.tileX, totalX);
  int64_t tileY = std::min(schedule.tileY, totalY);
  int64_t leftX = totalX % tileX == 0 ? tileX : totalX % tileX;
  int64_t leftY = totalY % tileY == 0 ? tileY : totalY % tileY;
  int64_t nx = ceilDiv(totalX, tileX), ny = ceilDiv(totalY, tileY);
  std::vector<unsigned> oChain = hw.hierarchy(MemOperand::O);
  std::vector<unsigned> wChain = hw.hierarchy(weightOp);

  // Caching decisions of the (up to 4) tile classes.
  std::map<std::tuple<bool, bool>, CachingInfo> infos;
  for (bool fx : {true, false})
    for (bool fy : {true, false}) {
      if ((!fx && nx == 1) || (!fy && ny == 1))
        continue;
      infos[{fx, fy}] =
          determineCaching(fx ? leftX : tileX, fy ? leftY : tileY, fx, fy);
    }
  // Consistency over the tiles: a tile writes its H cache where its right
  // neighbour needs it; V cache and weights at the highest level of all.
  int highestV = -1, highestW = -1;
  for (auto &[key, info] : infos) {
    if (info.vMake >= 0 &&
        (highestV < 0 || !higherOrEqual(oChain, highestV, info.vMake)))
      highestV = info.vMake;
    if (info.weight >= 0 &&
        (highestW < 0 || !higherOrEqual(wChain, highestW, info.weight)))
      highestW = info.weight;
  }
  out.weightMemory = highestW;
  auto hMakeOf = [&](bool fx, bool fy, bool lastX) {
    if (!hCaching || lastX)
      return -1;
    int make = infos.at({fx, fy}).hMake;
    // The right neighbour is never a first column.
    int next = infos.at({false, fy}).hMake;
    if (next >= 0 && (make < 0 || !higherOrEqual(oChain, make, next)))
      make = next;
    return make;
  };

  // Tile types by their full key, with counts, in first-seen order.
  using TypeKey = std::tuple<int64_t, int64_t, bool, int, int, int, int, bool,
                             bool, bool, bool>;
  std::map<TypeKey, unsigned> typeIndex;
  std::vector<DfTileType> types;
  for (int64_t iy = 0; iy < ny; ++iy) {
    bool fy = iy == 0, ly = iy == ny - 1;
    for (int64_t ixx = 0; ixx < nx; ++ixx) {
      bool fx = ixx == 0, lx = ixx == nx - 1;
      DfTileType t;
      t.tileX = fx ? leftX : tileX;
      t.tileY = fy ? leftY : tileY;
      t.firstX = hCaching && fx;
      t.lastX = hCaching && lx;
      t.firstY = vCaching && fy;
      t.lastY = vCaching && ly;
      t.weightsFromTop = iy == 0 && ixx == 0;
      t.hCacheMake = hMakeOf(fx, fy, lx);
      // A tile reads the columns its left neighbour made.
      t.hCacheUse = fx ? -1 : hMakeOf(ixx == 1, fy, false);
      t.vCacheMake = vCaching && !ly ? highestV : -1;
      t.vCacheUse = vCaching && !fy ? highestV : -1;
      TypeKey key{t.tileX,     t.tileY,      t.weightsFromTop, t.hCacheMake,
                  t.hCacheUse, t.vCacheMake, t.vCacheUse,      t.firstX,
                  t.lastX,     t.firstY,     t.lastY};
      auto [it, inserted] = typeIndex.try_emplace(key, types.size());
      if (inserted) {
        t.count = 0;
        types.push_back(t);
      }
      ++types[it->second].count;
    }
  }
  // Cost each tile type (in parallel; each is independent).
  std::vector<std::string> errors(types.size());
  std::vector<int> errorLayers(types.size(), -1);
  parallelFor(options.threads, types.size(), [&](size_t i, unsigned) {
    DfTileType &t = types[i];
    std::vector<int64_t> colsWrite, rowsWrite;
    std::vector<std::vector<int64_t>> colsRead, rowsRead;
    // The caching class of this tile: first column/row or not.
    bool classX = hCaching ? t.firstX : true;
    bool classY = vCaching ? t.firstY : true;
    const CachingInfo &info = infos.at({classX, classY});
    unsigned n = nodes.size();
    colsWrite.assign(n, 0);
    rowsWrite.assign(n, 0);
    colsRead.resize(n);
    rowsRead.resize(n);
    for (unsigned node = 0; node < n; ++node) {
      colsRead[node].assign(info.colsRead[node].size(), 0);
      rowsRead[node].assign(info.rowsRead[node].size(), 0);
      if (hCaching && !t.lastX)
        colsWrite[node] = info.colsWrite[node];
      if (vCaching && !t.lastY)
        rowsWrite[node] = info.rowsWrite[node];
      if (hCaching)
        colsRead[node] = info.colsRead[node];
      if (vCaching)
        rowsRead[node] = info.rowsRead[node];
    }
    errors[i] = runTileType(t, colsWrite, rowsWrite, colsRead, rowsRead,
                            highestW, errorLayers[i]);
  });
  for (unsigned i = 0; i < errors.size(); ++i)
    if (!errors[i].empty()) {
      failedLayer = errorLayers[i];
      return errors[i];
    }

  for (const DfTileType &t : types) {
    out.energy += t.count * t.energy;
    out.latency += t.count * t.latency;
    for (const DfLayerTile &lt : t.layers) {
      out.copyEnergy += t.count * lt.copyEnergy;
      out.copyLatency += t.count * lt.copyLatency;
      if (lt.search)
        out.macEnergy += t.count * lt.search->cost.macEnergy;
    }
  }
  out.tileTypes = std::move(types);
  return "";
}

//===----------------------------------------------------------------------===//
// Network
//===----------------------------------------------------------------------===//

std::string verifyDfNetwork(const DfNetwork &net) {
  if (net.layers.empty())
    return "the network has no layers";
  for (unsigned l = 0; l < net.layers.size(); ++l) {
    const DfLayer &layer = net.layers[l];
    const Workload &w = layer.workload;
    std::string name = "layer '" + w.name + "'";
    if (layer.xLoop >= w.numLoops() || layer.yLoop >= w.numLoops())
      return name + ": its X/Y loops are out of range";
    for (const DfInput &in : layer.inputs) {
      if (in.producer >= static_cast<int>(l))
        return name + ": an input is produced by a later layer";
      if (in.producer < 0 &&
          -in.producer - 1 >= static_cast<int>(net.inputs.size()))
        return name + ": an input names an unknown network input";
      const WorkloadOperand &operand = w.operand(in.operand);
      if (!operand.present || operand.constant)
        return name + ": a feature-map input is not a non-constant operand";
      for (const DfSpatialDim *dim : {&in.x, &in.y})
        if (dim->prDim >= static_cast<int>(operand.prDims.size()))
          return name + ": an input dim refers to an unknown pr dim";
      if (in.producer >= 0) {
        const DfLayer &p = net.layers[in.producer];
        if (in.x.producerLoop >= p.workload.numLoops() ||
            in.y.producerLoop >= p.workload.numLoops())
          return name + ": a producer loop is out of range";
      }
    }
  }
  return "";
}

/// DeFiNES's atomic units: consecutive layers, closed whenever the count of
/// open branches returns to one (a residual block is one unit).
static std::vector<std::vector<unsigned>> atomicUnits(const DfNetwork &net) {
  unsigned n = net.layers.size();
  std::vector<std::vector<int>> producers(n);
  std::vector<unsigned> outDegree(n, 0);
  for (unsigned l = 0; l < n; ++l) {
    for (const DfInput &in : net.layers[l].inputs)
      if (std::find(producers[l].begin(), producers[l].end(), in.producer) ==
          producers[l].end())
        producers[l].push_back(in.producer);
    for (int p : producers[l])
      if (p >= 0)
        ++outDegree[p];
  }
  // Atomic units: close one whenever the open-branch count returns to 1.
  std::vector<std::vector<unsigned>> units(1);
  int branches = 1;
  for (unsigned l = 0; l < n; ++l) {
    branches -= static_cast<int>(producers[l].size()) - 1;
    units.back().push_back(l);
    if (branches == 1)
      units.emplace_back();
    branches += static_cast<int>(outDegree[l]) - 1;
  }
  if (units.back().empty())
    units.pop_back();
  return units;
}

std::vector<unsigned> requiredStackCuts(const DfNetwork &net) {
  std::vector<std::vector<unsigned>> units = atomicUnits(net);
  std::vector<unsigned> unitOf(net.layers.size());
  for (unsigned u = 0; u < units.size(); ++u)
    for (unsigned l : units[u])
      unitOf[l] = u;
  std::vector<unsigned> cuts;
  for (unsigned l = 0; l < net.layers.size(); ++l)
    for (const DfInput &in : net.layers[l].inputs) {
      if (in.fused || in.producer < 0)
        continue;
      const std::vector<unsigned> &unit = units[unitOf[in.producer]];
      // Only a stack's last layer feeds later stacks: inside a branching
      // unit that is only sure when every layer of it is a stack.
      if (unit.back() == static_cast<unsigned>(in.producer) &&
          unitOf[l] != unitOf[in.producer])
        cuts.push_back(in.producer);
      else
        cuts.insert(cuts.end(), unit.begin(), unit.end());
    }
  // A layer without X and Y is a stack of its own.
  for (unsigned l = 0; l < net.layers.size(); ++l)
    if (!net.layers[l].spatial) {
      if (l > 0)
        cuts.push_back(l - 1);
      cuts.push_back(l);
    }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  while (!cuts.empty() && cuts.back() + 1 >= net.layers.size())
    cuts.pop_back();
  return cuts;
}

std::vector<unsigned> autoStackCuts(const DfNetwork &net, const Hardware &hw) {
  unsigned n = net.layers.size();
  std::vector<std::vector<unsigned>> units = atomicUnits(net);
  std::vector<unsigned> required = requiredStackCuts(net);
  std::vector<unsigned> all(n);
  for (unsigned l = 0; l < n; ++l)
    all[l] = l;
  MemOperand weightOp = weightMemOperand(net, all);
  std::vector<unsigned> wChain = hw.hierarchy(weightOp);
  int64_t capacity =
      wChain.size() >= 2 ? hw.memories[wChain[wChain.size() - 2]].sizeBits : 0;
  std::vector<unsigned> cuts;
  int64_t running = 0;
  int lastLayer = -1;
  for (const std::vector<unsigned> &unit : units) {
    int64_t bits = 0;
    for (unsigned l : unit)
      bits += weightBits(net.layers[l]);
    bool cutBefore =
        lastLayer >= 0 && std::binary_search(required.begin(), required.end(),
                                             static_cast<unsigned>(lastLayer));
    if (cutBefore &&
        (cuts.empty() || cuts.back() != static_cast<unsigned>(lastLayer))) {
      // Fusion is impossible here: start afresh.
      cuts.push_back(lastLayer);
      running = 0;
    }
    if (bits > capacity) {
      if (lastLayer >= 0 &&
          (cuts.empty() || cuts.back() != static_cast<unsigned>(lastLayer)))
        cuts.push_back(lastLayer);
      for (unsigned l : unit)
        cuts.push_back(l);
      running = 0;
    } else if (running + bits > capacity) {
      if (lastLayer >= 0)
        cuts.push_back(lastLayer);
      running = bits;
    } else {
      running += bits;
    }
    lastLayer = static_cast<int>(unit.back());
  }
  // Required cuts inside a unit (a non-fused input within a branch).
  cuts.insert(cuts.end(), required.begin(), required.end());
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  // A cut after the last layer ends nothing.
  while (!cuts.empty() && cuts.back() + 1 >= n)
    cuts.pop_back();
  return cuts;
}

std::optional<unsigned> findDfLayer(const DfNetwork &net,
                                    std::string_view item) {
  bool decimal = !item.empty() &&
                 item.find_first_not_of("0123456789") == std::string_view::npos;
  if (decimal) {
    uint64_t index = 0;
    for (char c : item) {
      index = index * 10 + (c - '0');
      if (index >= net.layers.size())
        return std::nullopt;
    }
    return static_cast<unsigned>(index);
  }
  for (unsigned l = 0; l < net.layers.size(); ++l)
    if (net.layers[l].workload.name == item)
      return l;
  return std::nullopt;
}

std::optional<DfCutError> verifyStackCuts(const DfNetwork &net,
                                          const std::vector<unsigned> &cuts) {
  unsigned n = net.layers.size();
  auto name = [&](unsigned l) {
    return "'" + net.layers[l].workload.name + "'";
  };
  std::vector<int> position(n, -1); // in `cuts`, per layer cut after
  for (unsigned i = 0; i < cuts.size(); ++i) {
    unsigned l = cuts[i];
    if (l >= n)
      return DfCutError{i, "no layer " + std::to_string(l) +
                               " to cut after (the network has " +
                               std::to_string(n) + " layers)"};
    if (l + 1 == n)
      return DfCutError{i, "a cut after the last layer " + name(l) +
                               " ends no stack"};
    if (position[l] >= 0)
      return DfCutError{i, "the cut after " + name(l) + " is given twice"};
    position[l] = static_cast<int>(i);
  }
  // Only a stack's last layer writes its output to the top memory, where
  // later stacks read it: no other layer of a stack may feed a later stack.
  std::vector<unsigned> lastConsumer(n, 0);
  for (unsigned l = 0; l < n; ++l)
    for (const DfInput &in : net.layers[l].inputs)
      if (in.producer >= 0)
        lastConsumer[in.producer] = std::max(lastConsumer[in.producer], l);
  std::vector<unsigned> stackEnd(n);
  for (unsigned l = n, end = n - 1; l-- > 0;) {
    if (position[l] >= 0)
      end = l;
    stackEnd[l] = end;
  }
  for (unsigned l = 0; l < n; ++l)
    if (!net.layers[l].spatial &&
        (stackEnd[l] != l || (l > 0 && stackEnd[l - 1] != l - 1))) {
      DfCutError e;
      e.layer = static_cast<int>(l);
      e.message = name(l) +
                  " has no output X and Y and must be a stack of its own "
                  "(cut before and after it)";
      return e;
    }
  for (unsigned l = 0; l < n; ++l)
    for (const DfInput &in : net.layers[l].inputs)
      if (!in.fused && in.producer >= 0 && stackEnd[in.producer] >= l) {
        DfCutError e;
        e.layer = static_cast<int>(l);
        e.message = name(l) + " needs the whole output of " +
                    name(in.producer) + " (" + in.whyNotFused +
                    "), so a stack must end after " + name(in.producer) +
                    " and before it";
        return e;
      }
  for (unsigned l = 0; l < n; ++l)
    if (stackEnd[l] != l && lastConsumer[l] > stackEnd[l])
      return DfCutError{
          static_cast<unsigned>(position[stackEnd[l]]),
          "the cut after " + name(stackEnd[l]) +
              " splits a branch: " + name(l) +
              " is inside the stack it ends but " + name(lastConsumer[l]) +
              " after it reads its output (only a stack's last layer can "
              "feed later stacks)"};
  return std::nullopt;
}

/// Layer `l` as the single-layer flow costs it: a stack of its own, one
/// tile, searched on the whole hierarchy (inputs from and output to the top
/// memories), no copies; a zero-cost layer costs nothing. "" or an error.
static std::string singleLayerStack(const DfNetwork &net, const Hardware &hw,
                                    const DfOptions &options,
                                    DfSearchCache &memo, unsigned l,
                                    DfStack &stack) {
  {
    const DfLayer &layer = net.layers[l];
    const Workload &w = layer.workload;
    stack.layers = {l};
    stack.outputX = extentX(layer);
    stack.outputY = extentY(layer);
    DfTileType type;
    type.tileX = stack.outputX;
    type.tileY = stack.outputY;
    type.weightsFromTop = true;
    type.count = 1;
    DfLayerTile lt;
    lt.layer = static_cast<int>(l);
    lt.tileX = type.tileX;
    lt.tileY = type.tileY;
    for (MemOperand op : kAllMemOperands)
      if (!hw.hierarchy(op).empty())
        lt.top[static_cast<unsigned>(op)] =
            static_cast<int>(hw.hierarchy(op).back());
    if (!layer.zeroCost) {
      // Keys with every level kept are this schedule's alone: a stack's
      // tile always keeps a bounded activation chain.
      SearchKey key{l, type.tileX, type.tileY, 0, 0, 0};
      std::shared_ptr<SearchSlot> slot;
      {
        std::lock_guard<std::mutex> lock(memo.impl->mutex);
        std::shared_ptr<SearchSlot> &entry = memo.impl->slots[key];
        if (!entry)
          entry = std::make_shared<SearchSlot>();
        slot = entry;
      }
      std::call_once(slot->once, [&] {
        SearchOptions opts = options.search;
        opts.threads = 1;
        slot->result = std::make_shared<SearchResult>(
            searchLayer(w, hw, layer.entry, opts));
        memo.impl->searches.fetch_add(1, std::memory_order_relaxed);
      });
      if (!slot->result->found)
        return slot->result->error;
      lt.search = slot->result;
      type.energy = lt.search->cost.energy;
      type.latency = lt.search->cost.latency1;
      stack.macEnergy = lt.search->cost.macEnergy;
    }
    type.layers.push_back(std::move(lt));
    stack.energy = type.energy;
    stack.latency = type.latency;
    stack.tileTypes.push_back(std::move(type));
  }
  return "";
}

/// The single-layer flow as a schedule: every layer a singleLayerStack.
static DfResult evaluateLayerByLayer(const DfNetwork &net, const Hardware &hw,
                                     const DfOptions &options,
                                     DfSearchCache &memo,
                                     uint64_t searchesBefore) {
  DfResult result;
  for (unsigned l = 0; l < net.layers.size(); ++l) {
    DfStack stack;
    if (std::string err = singleLayerStack(net, hw, options, memo, l, stack);
        !err.empty()) {
      result.error = err;
      result.errorLayer = static_cast<int>(l);
      return result;
    }
    result.energy += stack.energy;
    result.latency += stack.latency;
    result.macEnergy += stack.macEnergy;
    result.stacks.push_back(std::move(stack));
  }
  result.searches = memo.impl->searches.load() - searchesBefore;
  result.ok = true;
  return result;
}

DfResult evaluateDepthFirst(const DfNetwork &net, const Hardware &hw,
                            const DfSchedule &schedule,
                            const DfOptions &options, DfSearchCache *cache) {
  DfResult result;
  if (std::string err = verifyDfNetwork(net); !err.empty()) {
    result.error = err;
    return result;
  }
  DfSearchCache localCache;
  DfSearchCache &memo = cache ? *cache : localCache;
  uint64_t searchesBefore = memo.impl->searches.load();
  if (schedule.layerByLayer)
    return evaluateLayerByLayer(net, hw, options, memo, searchesBefore);
  if (!schedule.autoStacks)
    if (std::optional<DfCutError> bad =
            verifyStackCuts(net, schedule.stackCuts)) {
      result.error = bad->message;
      result.errorLayer =
          bad->layer >= 0 ? bad->layer
                          : static_cast<int>(schedule.stackCuts[bad->position]);
      return result;
    }
  std::vector<unsigned> cuts =
      schedule.autoStacks ? autoStackCuts(net, hw) : schedule.stackCuts;
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::vector<unsigned>> stacks(1);
  for (unsigned l = 0; l < net.layers.size(); ++l) {
    stacks.back().push_back(l);
    if (std::binary_search(cuts.begin(), cuts.end(), l) &&
        l + 1 < net.layers.size())
      stacks.emplace_back();
  }
  // Each stack is tiled over its last layer's output, clamped to it; a tile
  // larger than every stack's output is a mistake.
  const DfLayer *widest = nullptr, *tallest = nullptr;
  for (const std::vector<unsigned> &layers : stacks) {
    const DfLayer &last = net.layers[layers.back()];
    if (!widest || extentX(last) > extentX(*widest))
      widest = &last;
    if (!tallest || extentY(last) > extentY(*tallest))
      tallest = &last;
  }
  const DfLayer *tooSmall = nullptr;
  if (schedule.tileX > extentX(*widest))
    tooSmall = widest;
  else if (schedule.tileY > extentY(*tallest))
    tooSmall = tallest;
  if (tooSmall) {
    const Workload &w = tooSmall->workload;
    result.error = "tile " + std::to_string(schedule.tileX) + "x" +
                   std::to_string(schedule.tileY) +
                   " is larger than the output feature map " +
                   std::to_string(extentX(*tooSmall)) + "x" +
                   std::to_string(extentY(*tooSmall)) + " of layer '" + w.name +
                   "'";
    result.errorLayer = static_cast<int>(tooSmall - net.layers.data());
    return result;
  }
  for (const std::vector<unsigned> &layers : stacks) {
    DfStack stack;
    StackEvaluator evaluator(net, hw, schedule, options, memo, layers);
    std::string err =
        layers.size() == 1 && !net.layers[layers.front()].spatial
            ? singleLayerStack(net, hw, options, memo, layers.front(), stack)
            : evaluator.run(stack);
    if (!err.empty()) {
      result.error = err;
      result.errorLayer =
          layers.size() == 1 && !net.layers[layers.front()].spatial
              ? static_cast<int>(layers.front())
              : evaluator.failedLayer;
      return result;
    }
    result.energy += stack.energy;
    result.latency += stack.latency;
    result.macEnergy += stack.macEnergy;
    result.copyEnergy += stack.copyEnergy;
    result.copyLatency += stack.copyLatency;
    result.stacks.push_back(std::move(stack));
  }
  result.searches = memo.impl->searches.load() - searchesBefore;
  result.ok = true;
  return result;
}

} // namespace zigzag
