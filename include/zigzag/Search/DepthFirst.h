//===- DepthFirst.h - Depth-first (layer-fused) scheduling ------*- C++ -*-===//
//
// DeFiNES's depth-first cost model (docs/DepthFirst.md, "The model"): a
// network is cut into
// fused stacks; each stack's last output is computed tile by tile (leftover
// tile first, raster order), every layer of the stack computing the part of
// its output the tile needs (tile sizes back-propagated through strides and
// kernels). Overlapping data is recomputed or cached (three modes). Per unique
// (layer, tile type) the single-layer search runs on the part of the memory
// hierarchy chosen for that tile (lowest level that fits, per operand), and
// the data copies between levels are costed separately. Plain C++, no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_DEPTHFIRST_H
#define ZIGZAG_SEARCH_DEPTHFIRST_H

#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Workload.h"
#include "zigzag/Search/MappingSpec.h"
#include "zigzag/Search/Search.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zigzag {

/// How the overlap (halo) between neighbouring tiles is handled.
enum class OverlapMode : uint8_t {
  FullyRecompute,    // DeFiNES mode 1: (H, V) caching = (F, F)
  HCachedVRecompute, // mode 2: columns cached, rows recomputed
  FullyCached,       // mode 3: columns and rows (full FM width) cached
};
/// "fully-recompute", "h-cached-v-recompute", "fully-cached".
const char *toString(OverlapMode mode);
std::optional<OverlapMode> parseOverlapMode(std::string_view text);

/// How one tensor dim of a layer's input follows its producer's output X or
/// Y: either the consumer's own X/Y loop indexes it alone (`prDim` = -1, e.g.
/// a 1x1 conv) or it is a partially relevant dim (ix = stride*ox + fx).
struct DfSpatialDim {
  int prDim = -1;        // index into the operand's Workload prDims, or -1
  int64_t stride = 1;    // coefficient of the consumer's X/Y loop in it
  unsigned producerLoop; // producer loop writing this dim (layers only)
  /// Border padding between the producer's output and this input (a
  /// tensor.pad): a tile never needs more than the producer's whole output,
  /// the rest of its window is padding.
  bool padded = false;
};

/// A non-constant input of a layer.
struct DfInput {
  /// The Workload operand slot (before memory operand links) it is.
  MemOperand operand = MemOperand::I1;
  /// Producer: an index into DfNetwork::layers, or -(k + 1) for network
  /// input k.
  int producer = -1;
  DfSpatialDim x, y;
  /// False when any tile of the consumer needs the producer's whole output
  /// (global pooling, an FC layer, a reshape in between): the producer must
  /// end a stack before the consumer, `x` and `y` are unused and
  /// `whyNotFused` says why.
  bool fused = true;
  std::string whyNotFused;
};

struct DfLayer {
  Workload workload; // whole feature map
  /// The mapping file entry for this layer (spatial mapping, links), or null.
  const MappingSpecEntry *entry = nullptr;
  unsigned xLoop = 0, yLoop = 0; // loops of the output's X (width), Y
  std::vector<DfInput> inputs;
  /// Costs nothing, as the single-layer flow's ZigZag compatibility counts
  /// it (bias, activation, pooling, residual add of an ONNX import): no
  /// search, no copies, no weights; its output stays where its first input
  /// is. Its window still shapes the tiles of the layers before it.
  bool zeroCost = false;
  /// False for an op whose output has no X and Y (a reduction to a vector):
  /// a stack of its own, one tile, costed as the single-layer flow costs it;
  /// `xLoop`, `yLoop` are unused and its inputs are not fused.
  bool spatial = true;
};

/// A network input (DeFiNES's input node): held in the top memory level.
struct DfNetworkInput {
  std::string name;
  int64_t elementsPerPixel = 1; // product of its non-X/Y dims
  int64_t precision = 8;
  /// Its X and Y extents (0 = unknown): bound the tile of a padded input.
  int64_t width = 0, height = 0;
};

struct DfNetwork {
  std::vector<DfLayer> layers; // topological order
  std::vector<DfNetworkInput> inputs;
};

struct DfSchedule {
  /// Tile over each stack's output, clamped to it (a smaller output is one
  /// tile, as in DeFiNES); larger than every stack's output is an error.
  int64_t tileX = 1, tileY = 1;
  OverlapMode mode = OverlapMode::FullyCached;
  /// Layer indices after which a stack ends, used with autoStacks = false
  /// (empty = one stack); must pass verifyStackCuts.
  std::vector<unsigned> stackCuts;
  /// DeFiNES's cut: atomic units by branch counting, then a greedy cut when
  /// the stack's weights exceed the W level just below the top.
  bool autoStacks = true;
  /// Every layer alone on the whole memory hierarchy, reading its inputs from
  /// and writing its output to the top memory: the single-layer flow, with
  /// no copies and no tiling (tile, mode and cuts are ignored).
  bool layerByLayer = false;
};

struct DfOptions {
  SearchOptions search; // per (layer, tile type) single-layer search
  /// Worker threads over tile types and schedules (0 = all cores).
  unsigned threads = 0;
};

/// A data copy between memory levels (docs/DepthFirst.md, "Data copies").
struct DfCopy {
  const char *kind = ""; // "stack-input", "output-to-input", "h-cache-read",
                         // "v-cache-read", "to-v-cache", "to-h-cache"
  int64_t bits = 0;
  unsigned fromMemory = 0, toMemory = 0;
  double energy = 0, latency = 0;
};

/// One layer (or a stack input) in one tile type.
struct DfLayerTile {
  int layer = -1; // index into DfNetwork::layers; -(k+1) for input k
  int64_t tileX = 0, tileY = 0; // its output tile
  /// Top memory per memory operand (index into Hardware::memories; -1 =
  /// operand not used).
  int top[kNumMemOperands] = {-1, -1, -1};
  /// Levels of each memory operand's chain kept active (0 = all): the
  /// hierarchy its search ran on is truncateHardware(hw, keep).
  int keep[kNumMemOperands] = {0, 0, 0};
  std::shared_ptr<const SearchResult> search; // null for stack inputs
  std::vector<DfCopy> copies;                 // the copies done before it
  double copyEnergy = 0, copyLatency = 0;
};

struct DfTileType {
  int64_t tileX = 0, tileY = 0;
  bool firstX = false, firstY = false, lastX = false, lastY = false;
  bool weightsFromTop = false;
  uint64_t count = 0;
  int hCacheMake = -1, hCacheUse = -1, vCacheMake = -1, vCacheUse = -1;
  std::vector<DfLayerTile> layers; // stack inputs first, then layers
  double energy = 0, latency = 0;  // one tile of this type
};

struct DfStack {
  std::vector<unsigned> layers; // indices into DfNetwork::layers
  int64_t outputX = 0, outputY = 0;
  int weightMemory = -1; // highest weight level over the tiles
  std::vector<DfTileType> tileTypes;
  double energy = 0, latency = 0, macEnergy = 0;
  double copyEnergy = 0, copyLatency = 0;
};

struct DfResult {
  bool ok = false;
  std::string error;
  /// The layer `error` is about (where a pass reports it), or -1.
  int errorLayer = -1;
  std::vector<DfStack> stacks;
  /// DeFiNES's totals: sum over stacks, layers and tile types of count *
  /// (CME + copies); latency sums latency_total1.
  double energy = 0, latency = 0, macEnergy = 0;
  double copyEnergy = 0, copyLatency = 0;
  uint64_t searches = 0; // single-layer searches run (not from the cache)
};

/// Memo of single-layer searches keyed by (layer, tile, active hierarchy);
/// share one across schedules of the same network and hardware.
class DfSearchCache {
public:
  DfSearchCache();
  ~DfSearchCache();
  /// Single-layer searches run through this cache so far.
  uint64_t searches() const;
  struct Impl;
  std::unique_ptr<Impl> impl;
};

/// `hw` with each memory operand's levels above `keep[op]` (a level count,
/// <= 0 = all) removed, and memories left without operands dropped.
Hardware truncateHardware(const Hardware &hw, const int keep[kNumMemOperands]);

/// DeFiNES's automatic stack cuts: layer indices after which a stack ends,
/// including every cut requiredStackCuts needs.
std::vector<unsigned> autoStackCuts(const DfNetwork &net, const Hardware &hw);

/// The fewest cuts that keep every non-fused input (DfInput::fused) out of
/// its producer's stack: after the producer, or after every layer of the
/// branching unit (DeFiNES's atomic unit) around it when the producer is
/// inside one. Sorted.
std::vector<unsigned> requiredStackCuts(const DfNetwork &net);

/// A layer of `net` by name, or by 0-based index in topological order when
/// `item` is a decimal number (a layer named by digits alone is reachable
/// only by its index); nullopt if there is none.
std::optional<unsigned> findDfLayer(const DfNetwork &net,
                                    std::string_view item);

/// Why a given stack cut list is invalid.
struct DfCutError {
  unsigned position = 0; // index into the cut list of the offending cut
  std::string message;
  /// A missing cut has no position: the layer whose input needs it.
  int layer = -1;
};

/// Checks given stack cuts (layer indices after which a stack ends, in any
/// order): each names a layer other than the last, none is repeated, no
/// layer but a stack's last feeds a later stack (a cut may not split a
/// residual branch across stacks, as only the stack output goes to the top
/// memory), and no non-fused input shares its producer's stack (a missing
/// cut: `layer` is the consumer).
std::optional<DfCutError> verifyStackCuts(const DfNetwork &net,
                                          const std::vector<unsigned> &cuts);

/// Checks the network (one output per stack, inputs naming earlier layers,
/// loops in range); "" if consistent.
std::string verifyDfNetwork(const DfNetwork &net);

/// Evaluates one depth-first schedule. Deterministic for any thread count.
DfResult evaluateDepthFirst(const DfNetwork &net, const Hardware &hw,
                            const DfSchedule &schedule,
                            const DfOptions &options,
                            DfSearchCache *cache = nullptr);

} // namespace zigzag

#endif // ZIGZAG_SEARCH_DEPTHFIRST_H
