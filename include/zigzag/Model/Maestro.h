//===- Maestro.h - MAESTRO's data-centric cost model ------------*- C++ -*-===//
//
// MAESTRO (MICRO'19) evaluates one layer under a data-centric dataflow: a
// list of TemporalMap / SpatialMap / Cluster directives. This is our own
// plain C++ implementation of its analysis (cluster levels, implicit
// completion of the directive list, iteration cases init/steady/edge with
// occurrence counts, NoC delay per level, double buffering and the
// per-top-iteration off-chip term), so that its published numbers can be
// reproduced and compared with the LRP model. docs/Maestro.md describes the
// semantics. No MLIR or LLVM dependency.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_MODEL_MAESTRO_H
#define ZIGZAG_MODEL_MAESTRO_H

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zigzag::maestro {

/// MAESTRO's dimension names. Y/X are input rows/columns, OY/OX (spelled
/// Y'/X') output rows/columns; GEMM uses M, N and K.
enum class Dim : uint8_t { N, G, K, C, R, S, Y, X, OY, OX, M };
constexpr unsigned kNumDims = 11;

/// "K", "Y'", ...
std::string_view dimName(Dim dim);
std::optional<Dim> parseDim(std::string_view name);

enum class DirectiveKind : uint8_t { TemporalMap, SpatialMap, Cluster };

/// One directive. For a Cluster, `size` is the number of sub-units and `dim`
/// is unused; `logical` records the (ignored) L/P flag for printing.
struct Directive {
  DirectiveKind kind = DirectiveKind::TemporalMap;
  int size = 1;
  int offset = 1;
  Dim dim = Dim::K;
  bool logical = false;

  bool operator==(const Directive &o) const {
    return kind == o.kind && size == o.size &&
           (kind == DirectiveKind::Cluster
                ? logical == o.logical
                : offset == o.offset && dim == o.dim);
  }
  /// "TemporalMap(64,64) K", "Cluster(64,P)".
  std::string str() const;
};

enum class LayerType : uint8_t { Conv, DSConv, GEMM };

struct LayerDim {
  Dim dim;
  int size;
  /// The `Stride { ... }` entry of this dimension (MAESTRO's outer stride).
  int stride = 1;
};

/// One `Layer { ... }` of a MAESTRO network file, constants and `Sz(D)`
/// already resolved.
struct Layer {
  std::string name;
  LayerType type = LayerType::Conv;
  /// In file order.
  std::vector<LayerDim> dims;
  std::vector<Directive> dataflow;

  std::optional<int> size(Dim d) const {
    for (const LayerDim &ld : dims)
      if (ld.dim == d)
        return ld.size;
    return std::nullopt;
  }
};

/// MAESTRO's five hardware scalars plus the NoC latency and SIMD lanes. Every
/// NoC level gets the same bandwidth and latency, as in MAESTRO.
struct Hardware {
  int numPEs = 1;
  int64_t l1Size = INT32_MAX;
  int64_t l2Size = INT32_MAX;
  int nocBandwidth = INT32_MAX;
  int offchipBandwidth = INT32_MAX;
  /// A transfer of d elements over a NoC level takes
  /// hops * hop latency + ceil(d / bw) - 1 cycles (MAESTRO's HW file sets
  /// the head latency through `NoC_NumHops`).
  int nocHops = 1;
  int nocHopLatency = 1;
  int simdLanes = 1;
};

/// Fixed relative energies of MAESTRO, in units of one MAC.
constexpr double kL1Energy = 1.68;
constexpr double kL2Energy = 18.61;

enum TensorClass : unsigned { Input = 0, Filter = 1, Output = 2 };
constexpr unsigned kNumTensors = 3;
std::string_view tensorName(unsigned t);

struct TensorStats {
  int64_t l1Read = 0, l1Write = 0, l2Read = 0, l2Write = 0;
  int64_t l2SizeReq = 0, l1SizeReq = 0;
  /// L1 read / L1 write.
  double reuse = 0;
};

struct Delays {
  double min = 0, max = 0, avg = 0;
};

/// The screen statistics of one layer (top cluster level).
struct Stats {
  int64_t macs = 0;
  int64_t runtimeCycles = 0;
  double throughput = 0;
  double utilizedPEs = 0;
  /// Sum of all L1/L2 energies plus the MACs, in MAC energies (MAESTRO's
  /// screen "Total energy consumption", never its buggy CSV column).
  double energyXMac = 0;
  int64_t nocBwPeak = 0;
  double nocBwAvg = 0;
  int64_t offchipBwReq = 0;
  int64_t l2SizeReq = 0, l1SizeReq = 0;
  std::array<TensorStats, kNumTensors> tensors;
  Delays ingress, egress, compute;
  double arithmeticIntensity = 0;
  /// Number of cluster levels (explicit Cluster directives + 1).
  unsigned numLevels = 0;
};

struct Options {
  /// true: MAESTRO's numbers, counting artefacts included (the MAC count of
  /// strided layers depends on the mapping; edge-case accounting that can
  /// undercount). false: the MAC count and the L2 counts that edge cases
  /// distort are replaced by exact ones (docs/Maestro.md).
  bool compat = true;
};

/// Analyses one layer. On a dataflow MAESTRO cannot evaluate (no SpatialMap
/// at a level, three SpatialMaps at a level, a directive on a dimension the
/// layer lacks, a division by a zero delay) returns nullopt and sets `error`.
std::optional<Stats> analyzeLayer(const Layer &layer, const Hardware &hw,
                                  const Options &options, std::string &error);

/// One cluster level after MAESTRO's completion (input-centric Y/X,
/// inherited and added directives, stride rescaling): its directives, the
/// number of sub-units it spreads over and its tile (dimension sizes).
struct Level {
  int clusterSize = 1;
  std::vector<Directive> directives;
  std::array<int64_t, kNumDims> tile{};
  std::array<bool, kNumDims> hasDim{};
};

/// The completed levels of `layer`'s dataflow, top first; nullopt and
/// `error` as analyzeLayer.
std::optional<std::vector<Level>>
completeLevels(const Layer &layer, const Hardware &hw, std::string &error);

/// The op loop name of a MAESTRO dimension in a layer of `type` (the
/// importer's loop names: K C FY FX OY OX B of a convolution, G for a
/// depthwise layer's channels, D K C for a matmul's M N K); empty for a
/// dimension without a loop (a depthwise layer's K).
std::string_view loopName(LayerType type, Dim dim);

/// A dataflow as the loops of a mapping on the MAESTRO-style accelerator
/// (one array dim; memories l1 per PE, l2, dram), loops of dimensions
/// without a loop name (loopName) and of one iteration left out.
struct DataflowLoops {
  /// Each level's first SpatialMap: its dimension and the sub-units it
  /// spreads over, top level first.
  std::vector<std::pair<Dim, int64_t>> spatial;
  /// Temporal loops (dimension, iterations), outermost first.
  std::vector<std::pair<Dim, int64_t>> temporal;
  /// The innermost `innermost` of them (the innermost level's loops and one
  /// PE's share of its maps) are kept in l1, the others in l2.
  size_t innermost = 0;
};

/// Lowers `layer`'s dataflow, completed as MAESTRO completes it on `hw`
/// (docs/Maestro.md, "Bridge to mappings"). nullopt with `error` set when
/// MAESTRO cannot complete it; nullopt with `why` set (naming the
/// directive) when a directive has no mapping equivalent.
std::optional<DataflowLoops> lowerDataflow(const Layer &layer,
                                           const Hardware &hw,
                                           std::string &error,
                                           std::string &why);

} // namespace zigzag::maestro

#endif // ZIGZAG_MODEL_MAESTRO_H
