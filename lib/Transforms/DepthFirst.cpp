//===- DepthFirst.cpp - --zigzag-depth-first ------------------------------===//
//
// Translates each function's linalg ops into the plain depth-first model
// (Search/DepthFirst.h), evaluates one schedule or searches tile sizes x
// overlap modes, and writes the result back as attributes.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Search/DepthFirst.h"
#include "zigzag/Analysis/CostAnalysis.h"
#include "zigzag/Analysis/MappingConversion.h"
#include "zigzag/Analysis/WorkloadAnalysis.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Import/MappingYAML.h"
#include "zigzag/Transforms/Passes.h"

#include "PassUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <atomic>
#include <chrono>
#include <thread>

namespace mlir {
namespace zigzag {
#define GEN_PASS_DEF_DEPTHFIRST
#include "zigzag/Transforms/Passes.h.inc"
} // namespace zigzag
} // namespace mlir

using namespace mlir;
using namespace mlir::zigzag;
using ::zigzag::MemOperand;

namespace {

/// A function's layers as the depth-first model sees them.
struct Network {
  func::FuncOp func;
  SmallVector<linalg::LinalgOp> ops;
  std::vector<LinalgWorkload> layers;
  ::zigzag::DfNetwork net;
};

/// The result position (output tensor dim) indexed by loop `loop` alone in
/// `map`, or -1.
int resultOfLoop(AffineMap map, unsigned loop) {
  for (unsigned r = 0; r < map.getNumResults(); ++r)
    if (auto dim = dyn_cast<AffineDimExpr>(map.getResult(r)))
      if (dim.getPosition() == loop)
        return static_cast<int>(r);
  return -1;
}

/// The tensor dim of an input operand whose index uses `loop`, or -1.
int inputDimOfLoop(AffineMap map, unsigned loop) {
  for (unsigned r = 0; r < map.getNumResults(); ++r)
    if (map.getResult(r).isFunctionOfDim(loop))
      return static_cast<int>(r);
  return -1;
}

/// Where a layer's input comes from: `value` before the data movement ops
/// between them, whether X / Y (tensor dims `dimX`, `dimY`) are padded on
/// the way, and why the consumer cannot be tiled with the producer ("" if
/// it can).
struct InputSource {
  Value value;
  bool paddedX = false, paddedY = false;
  std::string whyNotFused;
};

/// Follows `value` back through tensor.pad and tensor.cast (they keep the
/// dims), and reshapes and slices (they do not: no fusion across them).
InputSource traceInput(Value value, int dimX, int dimY) {
  InputSource src;
  while (Operation *def = value.getDefiningOp()) {
    if (auto pad = dyn_cast<tensor::PadOp>(def)) {
      for (auto [d, lo, hi] :
           llvm::enumerate(pad.getStaticLow(), pad.getStaticHigh())) {
        if (lo == 0 && hi == 0)
          continue;
        if (static_cast<int>(d) == dimX)
          src.paddedX = true;
        else if (static_cast<int>(d) == dimY)
          src.paddedY = true;
        else if (src.whyNotFused.empty())
          src.whyNotFused = "it is padded along a dim other than X and Y";
      }
    } else if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(def)) {
      if (src.whyNotFused.empty())
        src.whyNotFused = "it is reshaped by " +
                          def->getName().getStringRef().str() + " on the way";
    } else if (isa<tensor::ExtractSliceOp>(def)) {
      if (src.whyNotFused.empty())
        src.whyNotFused = "it is sliced on the way";
    } else if (!isa<tensor::CastOp>(def)) {
      break;
    }
    value = def->getOperand(0);
  }
  src.value = value;
  return src;
}

/// The items of `stacks=cut-after:L1,L2,...` (trimmed), or nullopt for the
/// other forms of the option.
std::optional<SmallVector<StringRef>> givenCuts(StringRef stacks) {
  if (!stacks.consume_front("cut-after:"))
    return std::nullopt;
  SmallVector<StringRef> items;
  stacks.split(items, ',');
  for (StringRef &item : items)
    item = item.trim();
  return items;
}

class DepthFirstPass
    : public mlir::zigzag::impl::DepthFirstBase<DepthFirstPass> {
public:
  using DepthFirstBase::DepthFirstBase;

  LogicalResult buildNetwork(Network &network,
                             const ::zigzag::MappingSpec *spec);
  LogicalResult parseOptions(::zigzag::DfOptions &opts);
  LogicalResult resolveGivenCuts(const Network &network,
                                 std::vector<unsigned> &cuts);
  void runOnOperation() override;

private:
  /// zigzag-compat as in force: flavor=defines implies it.
  bool compat = false;
};

LogicalResult DepthFirstPass::parseOptions(::zigzag::DfOptions &opts) {
  Location loc = getOperation().getLoc();
  ::zigzag::SearchOptions &s = opts.search;
  s.criterion = criterion;
  s.temporalType = temporal;
  if (lpfLimit == 0 || spatialCandidates == 0)
    return emitError(loc, "lpf-limit and spatial-candidates must be positive");
  s.lpfLimit = lpfLimit;
  s.spatialCandidates = spatialCandidates;
  s.costModel.flavor = flavor;
  // DeFiNES's model is ZigZag's quirks plus its own, so flavor=defines
  // implies zigzag-compat; only an explicit contradiction is an error.
  bool defines = s.costModel.flavor == ::zigzag::CostModelFlavor::DeFiNES;
  if (defines && zigzagCompat.hasValue() && !zigzagCompat)
    return emitError(loc, "flavor=defines needs zigzag-compat=true");
  s.zigzagCompat = zigzagCompat || defines;
  compat = s.zigzagCompat;
  s.costModel.zigzagCompat = s.zigzagCompat;
  // DeFiNES applies a spatial mapping as given: a dim it leaves out is 1.
  s.missingArrayDimsUnrolled =
      spatialMissingDims == mlir::zigzag::SpatialMissingDims::Auto
          ? s.costModel.flavor == ::zigzag::CostModelFlavor::DeFiNES
          : spatialMissingDims == mlir::zigzag::SpatialMissingDims::Unroll1;
  opts.threads = threads;
  if (std::optional<SmallVector<StringRef>> items = givenCuts(stacks)) {
    if (llvm::any_of(*items, [](StringRef item) { return item.empty(); }))
      return emitError(loc, "stacks=")
             << stacks
             << " needs a comma-separated list of layer names or indices";
  } else if (stacks != "auto" && stacks != "one" &&
             stacks != "layer-by-layer") {
    return emitError(loc, "unknown stacks '")
           << stacks
           << "' (expected auto, one, layer-by-layer or cut-after:L1,L2,...)";
  }
  if (!search && tile.size() != 2)
    return emitError(loc, "tile=X,Y needs two sizes (got ")
           << tile.size() << ")";
  for (int64_t t : tile)
    if (t < 1)
      return emitError(loc, "tile sizes must be positive");
  for (int64_t t : tileXCandidates)
    if (t < 1)
      return emitError(loc, "tile-x-candidates must be positive");
  for (int64_t t : tileYCandidates)
    if (t < 1)
      return emitError(loc, "tile-y-candidates must be positive");
  return success();
}

/// Resolves `stacks=cut-after:...` against the network's layers and checks
/// the cuts, reporting at the op concerned.
LogicalResult DepthFirstPass::resolveGivenCuts(const Network &network,
                                               std::vector<unsigned> &cuts) {
  std::optional<SmallVector<StringRef>> items = givenCuts(stacks);
  if (!items)
    return success();
  const ::zigzag::DfNetwork &net = network.net;
  for (StringRef item : *items) {
    std::optional<unsigned> layer = ::zigzag::findDfLayer(net, item);
    if (!layer)
      return network.func->emitError("stacks: no layer '")
             << item << "' to cut after (expected a layer name or an index "
             << "below " << net.layers.size() << ")";
    cuts.push_back(*layer);
  }
  if (std::optional<::zigzag::DfCutError> bad =
          ::zigzag::verifyStackCuts(net, cuts))
    return network
               .ops[bad->layer >= 0 ? static_cast<unsigned>(bad->layer)
                                    : cuts[bad->position]]
               ->emitError("stacks: ")
           << bad->message;
  return success();
}

LogicalResult DepthFirstPass::buildNetwork(Network &network,
                                           const ::zigzag::MappingSpec *spec) {
  func::FuncOp func = network.func;
  DenseMap<Operation *, unsigned> layerOf;
  DenseMap<Value, int> inputOf; // network input value -> index
  bool anyMarked = false;
  for (BlockArgument arg : func.getArguments())
    if (func.getArgAttr(arg.getArgNumber(),
                        ZigZagDialect::kNetworkInputAttrName))
      anyMarked = true;

  for (linalg::LinalgOp op : network.ops) {
    std::string whyNot;
    FailureOr<LinalgWorkload> lw = analyzeLinalgOp(op, whyNot);
    if (failed(lw))
      return op->emitError("cannot schedule depth-first: ") << whyNot;
    ::zigzag::DfLayer layer;
    layer.workload = lw->workload;
    if (spec) {
      auto opType =
          op->getAttrOfType<StringAttr>(ZigZagDialect::kOperatorTypeAttrName);
      layer.entry = spec->lookup(layer.workload.name,
                                 opType ? opType.getValue() : StringRef());
    }
    const ::zigzag::Workload &w = layer.workload;
    // Output X/Y: the loops named OX/OY, else the last two output dims.
    int x = w.findLoop("OX"), y = w.findLoop("OY");
    AffineMap outMap = op.getMatchingIndexingMap(lw->operand(MemOperand::O));
    if (x < 0 || y < 0) {
      unsigned rank = outMap.getNumResults();
      auto dimAt = [&](unsigned r) {
        auto d = dyn_cast<AffineDimExpr>(outMap.getResult(r));
        return d ? static_cast<int>(d.getPosition()) : -1;
      };
      if (rank >= 2) {
        x = dimAt(rank - 1);
        y = dimAt(rank - 2);
      }
    }
    // Without X and Y (a reduction to a vector) the op is not tiled: a
    // stack of its own.
    if (x < 0 || y < 0 || x == y || resultOfLoop(outMap, x) < 0 ||
        resultOfLoop(outMap, y) < 0) {
      layer.spatial = false;
      x = y = 0;
    }
    layer.xLoop = x;
    layer.yLoop = y;
    layer.zeroCost = compat && op->hasAttr(ZigZagDialect::kZeroCostAttrName);
    for (MemOperand role : {MemOperand::I1, MemOperand::I2}) {
      OpOperand *operand = lw->operand(role);
      ::zigzag::WorkloadOperand &wo = layer.workload.operand(role);
      if (!operand || !wo.present)
        continue;
      // A pooling window only gives the loop sizes: no data to schedule.
      if (!op.payloadUsesValueFromOperand(operand))
        continue;
      AffineMap map = op.getMatchingIndexingMap(operand);
      int dimX = inputDimOfLoop(map, x), dimY = inputDimOfLoop(map, y);
      InputSource src = traceInput(operand->get(), dimX, dimY);
      // Without a zigzag.network_input marker, a function argument in the
      // I1 role is the network input (weights are I2).
      if (wo.constant && role == MemOperand::I1 && !anyMarked &&
          isa<BlockArgument>(src.value))
        wo.constant = false;
      if (wo.constant)
        continue;
      ::zigzag::DfInput in;
      in.operand = role;
      Value value = src.value;
      Operation *def = value.getDefiningOp();
      bool fromLayer = def && layerOf.count(def);
      if (!layer.spatial)
        in.whyNotFused = "the output has no X and Y";
      else if (dimX < 0 || dimY < 0 || dimX == dimY)
        in.whyNotFused = "input " + wo.name +
                         " is not indexed by the output's X and Y loops";
      else if (!src.whyNotFused.empty())
        in.whyNotFused = "input " + wo.name + ": " + src.whyNotFused;
      else if (w.loopSizes[x] == 1 && w.loopSizes[y] == 1 &&
               cast<ShapedType>(operand->get().getType()).getDimSize(dimX) *
                       cast<ShapedType>(operand->get().getType())
                           .getDimSize(dimY) >
                   1)
        in.whyNotFused = "its 1x1 output reads the whole input: global pooling "
                         "or an FC layer";
      in.fused = in.whyNotFused.empty();
      auto spatialDim = [&](int dim, unsigned loop,
                            ::zigzag::DfSpatialDim &out) -> LogicalResult {
        if (isa<AffineDimExpr>(map.getResult(dim)))
          return success();
        for (unsigned p = 0; p < wo.prDims.size(); ++p)
          for (const auto &[l, c] : wo.prDims[p].terms)
            if (l == loop) {
              out.prDim = static_cast<int>(p);
              out.stride = c;
              return success();
            }
        return op->emitError("cannot schedule depth-first: input ")
               << wo.name << " dim " << dim << " is not a sum of loops";
      };
      if (in.fused) {
        if (failed(spatialDim(dimX, x, in.x)) ||
            failed(spatialDim(dimY, y, in.y)))
          return failure();
        in.x.padded = src.paddedX;
        in.y.padded = src.paddedY;
      }
      if (fromLayer) {
        unsigned p = layerOf[def];
        in.producer = static_cast<int>(p);
        const ::zigzag::DfLayer &pl = network.net.layers[p];
        in.x.producerLoop = pl.xLoop;
        in.y.producerLoop = pl.yLoop;
        if (in.fused && !pl.spatial) {
          in.fused = false;
          in.whyNotFused = "its producer has no X and Y";
        }
        if (in.fused) {
          linalg::LinalgOp producer = network.ops[p];
          AffineMap pMap =
              producer.getMatchingIndexingMap(producer.getDpsInitOperand(0));
          auto loopAt = [&](int r) {
            auto d = dyn_cast<AffineDimExpr>(pMap.getResult(r));
            return d ? static_cast<int>(d.getPosition()) : -1;
          };
          int px = loopAt(dimX), py = loopAt(dimY);
          // The consumer's X/Y must be the producer's (no transpose).
          if (px != static_cast<int>(pl.xLoop) ||
              py != static_cast<int>(pl.yLoop)) {
            in.fused = false;
            in.whyNotFused = "input " + wo.name +
                             " does not follow the X and Y of its producer";
          }
        }
      } else {
        auto type = dyn_cast<RankedTensorType>(value.getType());
        if (!type || !type.hasStaticShape())
          return op->emitError("cannot schedule depth-first: input ")
                 << wo.name << " is not a static tensor";
        auto [it, inserted] =
            inputOf.try_emplace(value, network.net.inputs.size());
        if (inserted) {
          ::zigzag::DfNetworkInput ni;
          ni.name = wo.name;
          if (auto arg = dyn_cast<BlockArgument>(value))
            ni.name = "arg" + std::to_string(arg.getArgNumber());
          // A reshape may change the rank: X/Y only when it kept them.
          bool keepsDims =
              in.fused &&
              type.getRank() ==
                  cast<ShapedType>(operand->get().getType()).getRank();
          for (int d = 0; d < type.getRank(); ++d)
            if (!keepsDims || (d != dimX && d != dimY))
              ni.elementsPerPixel *= type.getDimSize(d);
          if (keepsDims) {
            ni.width = type.getDimSize(dimX);
            ni.height = type.getDimSize(dimY);
          }
          ni.precision = wo.precision;
          network.net.inputs.push_back(ni);
        }
        in.producer = -it->second - 1;
      }
      layer.inputs.push_back(in);
    }
    layerOf[op] = network.net.layers.size();
    network.net.layers.push_back(std::move(layer));
    network.layers.push_back(std::move(*lw));
  }
  if (std::string err = ::zigzag::verifyDfNetwork(network.net); !err.empty())
    return func.emitError("cannot schedule depth-first: ") << err;
  return success();
}

/// Candidate tile sizes: powers of two up to `total`, and `total`.
std::vector<int64_t> defaultTiles(int64_t total) {
  std::vector<int64_t> out;
  for (int64_t t = 1; t < total; t *= 2)
    out.push_back(t);
  out.push_back(total);
  return out;
}

/// Whether (a1, a2) is better than (b1, b2): a1 lower, or a1 equal up to
/// float noise (sums of the same terms in another order) and a2 lower.
bool lexicographicallyBetter(double a1, double a2, double b1, double b2) {
  if (std::abs(a1 - b1) > 1e-9 * std::max(std::abs(a1), std::abs(b1)))
    return a1 < b1;
  return a2 < b2;
}

/// Whether `a` beats `b` for criterion `c` (ties on the first metric go to
/// the other one); for a DfResult or a DfStack.
template <typename T>
bool better(const T &a, const T &b, ::zigzag::SearchCriterion c) {
  switch (c) {
  case ::zigzag::SearchCriterion::Energy:
    return lexicographicallyBetter(a.energy, a.latency, b.energy, b.latency);
  case ::zigzag::SearchCriterion::Latency:
    return lexicographicallyBetter(a.latency, a.energy, b.latency, b.energy);
  case ::zigzag::SearchCriterion::EDP:
    return a.energy * a.latency < b.energy * b.latency;
  }
  return false;
}

void DepthFirstPass::runOnOperation() {
  ModuleOp module = getOperation();
  MLIRContext *ctx = &getContext();
  ::zigzag::DfOptions opts;
  if (failed(parseOptions(opts)))
    return signalPassFailure();

  SmallVector<Network> networks;
  bool named = false;
  module.walk([&](func::FuncOp func) {
    if (!function.empty() && func.getSymName() != function)
      return;
    named = true;
    Network network;
    network.func = func;
    func.walk([&](linalg::LinalgOp op) {
      if (!op->hasAttr(ZigZagDialect::kAdapterAttrName) &&
          !onlyInitialisesOutputs(op))
        network.ops.push_back(op);
    });
    if (!network.ops.empty())
      networks.push_back(std::move(network));
  });
  if (!function.empty() && !named) {
    emitError(module.getLoc(), "no function '")
        << function << "' to schedule depth-first";
    return signalPassFailure();
  }
  // The module carries one schedule (zigzag.depth_first_result).
  if (networks.size() > 1) {
    InFlightDiagnostic diag =
        networks[1].func.emitError("several functions have linalg ops (");
    llvm::interleaveComma(networks, diag, [&](const Network &n) {
      diag << "@" << func::FuncOp(n.func).getSymName();
    });
    diag << "); name the one to schedule with function=NAME";
    return signalPassFailure();
  }
  if (networks.empty())
    return;
  FailureOr<::zigzag::Hardware> hw = getModuleHardware(module);
  if (failed(hw))
    return signalPassFailure();
  FailureOr<std::optional<::zigzag::MappingSpec>> spec =
      readMappingFileOption(module, mappingFile);
  if (failed(spec))
    return signalPassFailure();

  Builder b(ctx);
  for (Network &network : networks) {
    if (failed(buildNetwork(network, *spec ? &**spec : nullptr)))
      return signalPassFailure();
    const ::zigzag::DfNetwork &net = network.net;
    auto start = std::chrono::steady_clock::now();
    // The stack formations to evaluate: `stacks`, or with search=true every
    // one of `stack-candidates` (default: `stacks` and layer-by-layer, so
    // the search never does worse than the single-layer flow).
    SmallVector<std::string> formations = {stacks};
    if (search && !stackCandidates.empty()) {
      formations.clear();
      for (mlir::zigzag::StackFormation formation : stackCandidates)
        formations.push_back(mlir::zigzag::toString(formation).str());
    } else if (search && stacks != "layer-by-layer")
      formations.push_back("layer-by-layer");
    std::vector<::zigzag::DfSchedule> bases;
    for (const std::string &formation : formations) {
      ::zigzag::DfSchedule base;
      base.autoStacks = formation == "auto";
      base.layerByLayer = formation == "layer-by-layer";
      // As few stacks as fusion allows.
      if (formation == "one")
        base.stackCuts = ::zigzag::requiredStackCuts(net);
      if (formation == stacks &&
          failed(resolveGivenCuts(network, base.stackCuts)))
        return signalPassFailure();
      bases.push_back(std::move(base));
    }
    ::zigzag::DfSearchCache cache;
    std::vector<::zigzag::DfSchedule> schedules;
    // Schedules of formation g: [groupStarts[g], groupStarts[g + 1]).
    std::vector<size_t> groupStarts;
    // Tiles up to the largest output: smaller stack outputs clamp them.
    int64_t w = 1, h = 1;
    for (const ::zigzag::DfLayer &layer : net.layers) {
      if (!layer.spatial)
        continue;
      w = std::max(w, layer.workload.loopSizes[layer.xLoop]);
      h = std::max(h, layer.workload.loopSizes[layer.yLoop]);
    }
    // Layer by layer: whole feature maps, nothing to cache.
    auto wholeMaps = [&](::zigzag::DfSchedule &s) {
      s.tileX = w;
      s.tileY = h;
      s.mode = ::zigzag::OverlapMode::FullyRecompute;
    };
    if (search) {
      std::vector<int64_t> xs(tileXCandidates.begin(), tileXCandidates.end());
      std::vector<int64_t> ys(tileYCandidates.begin(), tileYCandidates.end());
      if (xs.empty())
        xs = defaultTiles(w);
      if (ys.empty())
        ys = defaultTiles(h);
      std::vector<::zigzag::OverlapMode> ms(modes.begin(), modes.end());
      if (ms.empty())
        ms = {::zigzag::OverlapMode::FullyRecompute,
              ::zigzag::OverlapMode::HCachedVRecompute,
              ::zigzag::OverlapMode::FullyCached};
      for (const ::zigzag::DfSchedule &base : bases) {
        groupStarts.push_back(schedules.size());
        // Whole feature maps, no overlap: tiles and modes do not apply.
        if (base.layerByLayer) {
          ::zigzag::DfSchedule s = base;
          wholeMaps(s);
          schedules.push_back(s);
          continue;
        }
        for (::zigzag::OverlapMode m : ms)
          for (int64_t tx : xs)
            for (int64_t ty : ys) {
              ::zigzag::DfSchedule s = base;
              s.mode = m;
              s.tileX = std::min(tx, w);
              s.tileY = std::min(ty, h);
              schedules.push_back(s);
            }
      }
    } else {
      ::zigzag::DfSchedule s = bases.front();
      s.mode = mode;
      s.tileX = tile[0];
      s.tileY = tile[1];
      if (s.layerByLayer)
        wholeMaps(s);
      groupStarts.push_back(0);
      schedules.push_back(s);
    }
    groupStarts.push_back(schedules.size());
    // Schedules in parallel (each serial inside), sharing the search memo.
    std::vector<::zigzag::DfResult> results(schedules.size());
    unsigned workers = threads == 0
                           ? std::max(1u, std::thread::hardware_concurrency())
                           : threads.getValue();
    ::zigzag::DfOptions inner = opts;
    inner.threads = schedules.size() == 1 ? workers : 1;
    std::atomic<unsigned> next{0};
    auto work = [&] {
      for (unsigned i; (i = next.fetch_add(1)) < schedules.size();)
        results[i] =
            ::zigzag::evaluateDepthFirst(net, *hw, schedules[i], inner, &cache);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::min<unsigned>(workers, schedules.size()); ++t)
      pool.emplace_back(work);
    work();
    for (std::thread &t : pool)
      t.join();
    // Per formation: the best schedule, or with per-stack each stack's best
    // (stacks are independent in the model, their feature maps meet in the
    // top memory, so an additive criterion adds up); then the best formation.
    ::zigzag::DfResult best;
    std::vector<unsigned> stackChoice;
    unsigned chosenFormation = 0;
    // The single-layer flow's cost of each layer, when a formation is layer
    // by layer: a one-layer stack of any formation may take it too (it also
    // reads from and writes to the top memory).
    int singleLayer = -1;
    for (unsigned i = 0; i < schedules.size(); ++i)
      if (schedules[i].layerByLayer && results[i].ok)
        singleLayer = static_cast<int>(i);
    for (unsigned g = 0; g + 1 < groupStarts.size(); ++g) {
      int bestIndex = -1;
      for (unsigned i = groupStarts[g]; i < groupStarts[g + 1]; ++i)
        if (results[i].ok &&
            (bestIndex < 0 ||
             better(results[i], results[bestIndex], opts.search.criterion)))
          bestIndex = static_cast<int>(i);
      if (bestIndex < 0)
        continue;
      std::vector<unsigned> choice(results[bestIndex].stacks.size(), bestIndex);
      ::zigzag::DfResult composite = results[bestIndex];
      if (search && perStack &&
          opts.search.criterion != ::zigzag::SearchCriterion::EDP) {
        composite.energy = composite.latency = composite.macEnergy = 0;
        composite.copyEnergy = composite.copyLatency = 0;
        for (unsigned si = 0; si < choice.size(); ++si) {
          for (unsigned i = groupStarts[g]; i < groupStarts[g + 1]; ++i)
            if (results[i].ok &&
                better(results[i].stacks[si], results[choice[si]].stacks[si],
                       opts.search.criterion))
              choice[si] = i;
          const ::zigzag::DfStack *chosen = &results[choice[si]].stacks[si];
          if (singleLayer >= 0 && chosen->layers.size() == 1) {
            const ::zigzag::DfStack &alone =
                results[singleLayer].stacks[chosen->layers.front()];
            if (better(alone, *chosen, opts.search.criterion)) {
              chosen = &alone;
              choice[si] = singleLayer;
            }
          }
          const ::zigzag::DfStack &stack = *chosen;
          composite.stacks[si] = stack;
          composite.energy += stack.energy;
          composite.latency += stack.latency;
          composite.macEnergy += stack.macEnergy;
          composite.copyEnergy += stack.copyEnergy;
          composite.copyLatency += stack.copyLatency;
        }
      }
      if (stackChoice.empty() ||
          better(composite, best, opts.search.criterion)) {
        best = std::move(composite);
        stackChoice = std::move(choice);
        chosenFormation = g;
      }
    }
    if (stackChoice.empty()) {
      // At the op the error is about, when it is about one.
      const ::zigzag::DfResult &failed = results.front();
      Operation *at = failed.errorLayer >= 0
                          ? network.ops[failed.errorLayer].getOperation()
                          : network.func.getOperation();
      at->emitError("depth-first schedule failed: ") << failed.error;
      return signalPassFailure();
    }
    // The schedule of stack `si`, its tile clamped to the stack's output.
    auto stackMode = [&](unsigned si) {
      return schedules[stackChoice[si]].mode;
    };
    auto stackTile = [&](unsigned si) {
      const ::zigzag::DfSchedule &s = schedules[stackChoice[si]];
      return SmallVector<int64_t, 2>{
          std::min(s.tileX, best.stacks[si].outputX),
          std::min(s.tileY, best.stacks[si].outputY)};
    };
    // Schedules alike in mode and tile (e.g. a stack costed as in the
    // single-layer flow next to whole-map tiles) are one choice.
    const ::zigzag::DfSchedule &chosen = schedules[stackChoice.front()];
    bool uniform = llvm::all_of(stackChoice, [&](unsigned i) {
      return schedules[i].mode == chosen.mode &&
             schedules[i].tileX == chosen.tileX &&
             schedules[i].tileY == chosen.tileY;
    });
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();

    // Layer-by-layer reference: each layer alone on the whole hierarchy.
    // A layer the whole hierarchy cannot hold makes it infeasible: no
    // partial sum is reported as its total.
    double lblEnergy = 0, lblLatency = 0, lblLatency1 = 0;
    std::string lblInfeasible;
    for (const ::zigzag::DfLayer &layer : net.layers) {
      if (layer.zeroCost)
        continue;
      ::zigzag::SearchOptions so = opts.search;
      so.threads = 1;
      ::zigzag::SearchResult r =
          ::zigzag::searchLayer(layer.workload, *hw, layer.entry, so);
      if (!r.found) {
        lblInfeasible = r.error;
        break;
      }
      lblEnergy += r.cost.energy;
      lblLatency += r.cost.latency;
      lblLatency1 += r.cost.latency1;
    }

    // Per-op attributes and the module result.
    auto memName = [&](int m) -> Attribute {
      if (m < 0)
        return b.getStringAttr("");
      return b.getStringAttr(hw->memories[m].name);
    };
    std::vector<double> layerEnergy(net.layers.size(), 0),
        layerLatency(net.layers.size(), 0);
    SmallVector<Attribute> stackAttrs;
    double latency2 = 0;
    for (unsigned si = 0; si < best.stacks.size(); ++si) {
      const ::zigzag::DfStack &stack = best.stacks[si];
      SmallVector<Attribute> typeAttrs;
      // The most frequent tile type per layer gives the op's mapping.
      std::vector<std::pair<uint64_t, const ::zigzag::DfLayerTile *>>
          mostFrequent(net.layers.size(), {0, nullptr});
      for (const ::zigzag::DfTileType &t : stack.tileTypes) {
        SmallVector<Attribute> layerAttrs;
        for (const ::zigzag::DfLayerTile &lt : t.layers) {
          double e = lt.copyEnergy, l1 = lt.copyLatency, l2 = lt.copyLatency;
          if (lt.search) {
            e += lt.search->cost.energy;
            l1 += lt.search->cost.latency1;
            l2 += lt.search->cost.latency;
          }
          latency2 += t.count * l2;
          std::string name = lt.layer >= 0
                                 ? net.layers[lt.layer].workload.name
                                 : "input:" + net.inputs[-lt.layer - 1].name;
          if (lt.layer >= 0) {
            layerEnergy[lt.layer] += t.count * e;
            layerLatency[lt.layer] += t.count * l1;
            if (t.count > mostFrequent[lt.layer].first)
              mostFrequent[lt.layer] = {t.count, &lt};
          }
          SmallVector<NamedAttribute> la = {
              b.getNamedAttr("name", b.getStringAttr(name)),
              b.getNamedAttr("tile",
                             b.getDenseI64ArrayAttr({lt.tileX, lt.tileY})),
              b.getNamedAttr("copy_energy_pJ",
                             b.getF64FloatAttr(lt.copyEnergy)),
              b.getNamedAttr("copy_latency_cycles",
                             b.getF64FloatAttr(lt.copyLatency))};
          SmallVector<NamedAttribute> tops;
          for (MemOperand op : ::zigzag::kAllMemOperands)
            if (lt.top[static_cast<unsigned>(op)] >= 0)
              tops.push_back(
                  b.getNamedAttr(::zigzag::toString(op),
                                 memName(lt.top[static_cast<unsigned>(op)])));
          la.push_back(b.getNamedAttr("top", b.getDictionaryAttr(tops)));
          if (lt.search) {
            la.push_back(b.getNamedAttr(
                "energy_pJ", b.getF64FloatAttr(lt.search->cost.energy)));
            la.push_back(b.getNamedAttr(
                "mac_energy_pJ", b.getF64FloatAttr(lt.search->cost.macEnergy)));
            la.push_back(b.getNamedAttr(
                "latency_cycles", b.getF64FloatAttr(lt.search->cost.latency)));
            la.push_back(
                b.getNamedAttr("latency_defines_cycles",
                               b.getF64FloatAttr(lt.search->cost.latency1)));
          }
          layerAttrs.push_back(b.getDictionaryAttr(la));
        }
        typeAttrs.push_back(b.getDictionaryAttr({
            b.getNamedAttr("tile", b.getDenseI64ArrayAttr({t.tileX, t.tileY})),
            b.getNamedAttr("count", b.getI64IntegerAttr(t.count)),
            b.getNamedAttr("weights_from_top", b.getBoolAttr(t.weightsFromTop)),
            b.getNamedAttr("h_cache_make", memName(t.hCacheMake)),
            b.getNamedAttr("h_cache_use", memName(t.hCacheUse)),
            b.getNamedAttr("v_cache_make", memName(t.vCacheMake)),
            b.getNamedAttr("v_cache_use", memName(t.vCacheUse)),
            b.getNamedAttr("energy_pJ", b.getF64FloatAttr(t.energy)),
            b.getNamedAttr("latency_defines_cycles",
                           b.getF64FloatAttr(t.latency)),
            b.getNamedAttr("layers", b.getArrayAttr(layerAttrs)),
        }));
      }
      SmallVector<Attribute> names;
      for (unsigned l : stack.layers)
        names.push_back(b.getStringAttr(net.layers[l].workload.name));
      stackAttrs.push_back(b.getDictionaryAttr({
          b.getNamedAttr("layers", b.getArrayAttr(names)),
          b.getNamedAttr("mode",
                         b.getStringAttr(::zigzag::toString(stackMode(si)))),
          b.getNamedAttr("tile", b.getDenseI64ArrayAttr(stackTile(si))),
          b.getNamedAttr(
              "output", b.getDenseI64ArrayAttr({stack.outputX, stack.outputY})),
          b.getNamedAttr("weight_memory", memName(stack.weightMemory)),
          b.getNamedAttr("energy_pJ", b.getF64FloatAttr(stack.energy)),
          b.getNamedAttr("mac_energy_pJ", b.getF64FloatAttr(stack.macEnergy)),
          b.getNamedAttr("copy_energy_pJ", b.getF64FloatAttr(stack.copyEnergy)),
          b.getNamedAttr("latency_defines_cycles",
                         b.getF64FloatAttr(stack.latency)),
          b.getNamedAttr("copy_latency_cycles",
                         b.getF64FloatAttr(stack.copyLatency)),
          b.getNamedAttr("tile_types", b.getArrayAttr(typeAttrs)),
      }));
      for (unsigned l : stack.layers) {
        const ::zigzag::DfLayer &layer = net.layers[l];
        SmallVector<NamedAttribute> attrs = {
            b.getNamedAttr("stack", b.getI64IntegerAttr(si)),
            b.getNamedAttr("mode",
                           b.getStringAttr(::zigzag::toString(stackMode(si)))),
            b.getNamedAttr("tile", b.getDenseI64ArrayAttr(stackTile(si))),
            b.getNamedAttr("energy_pJ", b.getF64FloatAttr(layerEnergy[l])),
            b.getNamedAttr("latency_defines_cycles",
                           b.getF64FloatAttr(layerLatency[l]))};
        // An op without X and Y is one whole tile: no loops to tile.
        if (layer.spatial)
          attrs.push_back(b.getNamedAttr(
              "loops",
              b.getDenseI64ArrayAttr({static_cast<int64_t>(layer.xLoop),
                                      static_cast<int64_t>(layer.yLoop)})));
        const ::zigzag::DfLayerTile *lt = mostFrequent[l].second;
        if (lt && lt->search) {
          ::zigzag::Workload tw = layer.workload;
          if (layer.spatial) {
            tw.loopSizes[layer.xLoop] = lt->tileX;
            tw.loopSizes[layer.yLoop] = lt->tileY;
          }
          if (layer.entry)
            ::zigzag::applyMemoryOperandLinks(tw, *layer.entry);
          ::zigzag::Hardware sub = ::zigzag::truncateHardware(*hw, lt->keep);
          if (MappingAttr m = convertMapping(ctx, lt->search->mapping, tw, sub))
            attrs.push_back(b.getNamedAttr("mapping", m));
        }
        // The schedule replaces a single-layer mapping the op may carry.
        for (StringRef stale :
             {ZigZagDialect::kMappingAttrName, ZigZagDialect::kCostAttrName,
              ZigZagDialect::kSearchAttrName})
          network.ops[l]->removeAttr(stale);
        network.ops[l]->setAttr(ZigZagDialect::kDepthFirstAttrName,
                                b.getDictionaryAttr(attrs));
      }
    }
    int64_t macs = 0;
    for (const ::zigzag::DfLayer &layer : net.layers)
      macs += layer.workload.macs();
    SmallVector<NamedAttribute> result = {
        b.getNamedAttr("function", b.getStringAttr(network.func.getName())),
        b.getNamedAttr("stacks_from",
                       b.getStringAttr(formations[chosenFormation]))};
    // One mode and tile for every stack, else each stack says its own.
    if (uniform) {
      result.push_back(b.getNamedAttr(
          "mode", b.getStringAttr(::zigzag::toString(chosen.mode))));
      result.push_back(b.getNamedAttr(
          "tile", b.getDenseI64ArrayAttr({chosen.tileX, chosen.tileY})));
    }
    result.append({
        b.getNamedAttr("energy_pJ", b.getF64FloatAttr(best.energy)),
        b.getNamedAttr("latency_cycles", b.getF64FloatAttr(latency2)),
        b.getNamedAttr("latency_defines_cycles",
                       b.getF64FloatAttr(best.latency)),
        b.getNamedAttr("mac_energy_pJ", b.getF64FloatAttr(best.macEnergy)),
        b.getNamedAttr("copy_energy_pJ", b.getF64FloatAttr(best.copyEnergy)),
        b.getNamedAttr("copy_latency_cycles",
                       b.getF64FloatAttr(best.copyLatency)),
        b.getNamedAttr("layers", b.getI64IntegerAttr(net.layers.size())),
        b.getNamedAttr("macs", b.getI64IntegerAttr(macs)),
        b.getNamedAttr("schedules", b.getI64IntegerAttr(schedules.size())),
        b.getNamedAttr("searches", b.getI64IntegerAttr(cache.searches())),
        b.getNamedAttr("seconds", b.getF64FloatAttr(seconds)),
        b.getNamedAttr(
            "layer_by_layer",
            lblInfeasible.empty()
                ? b.getDictionaryAttr({
                      b.getNamedAttr("energy_pJ", b.getF64FloatAttr(lblEnergy)),
                      b.getNamedAttr("latency_cycles",
                                     b.getF64FloatAttr(lblLatency)),
                      b.getNamedAttr("latency_defines_cycles",
                                     b.getF64FloatAttr(lblLatency1)),
                  })
                : b.getDictionaryAttr({b.getNamedAttr(
                      "infeasible", b.getStringAttr(lblInfeasible))})),
        b.getNamedAttr("stacks", b.getArrayAttr(stackAttrs)),
    });
    module->setAttr(ZigZagDialect::kDepthFirstResultAttrName,
                    b.getDictionaryAttr(result));
  }
}

} // namespace
