//===- DepthFirstPass.cpp - --zigzag-depth-first --------------------------===//
//
// Translates each function's linalg ops into the plain depth-first model
// (Search/DepthFirst.h) and the pass options into a search space, runs
// searchDepthFirst (Search/DepthFirstSearch.h: one schedule, or tile sizes x
// overlap modes x stack formations), and writes the result back as
// attributes.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Analysis/CostAnalysis.h"
#include "zigzag/Analysis/MappingConversion.h"
#include "zigzag/Analysis/WorkloadAnalysis.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Import/MappingYAML.h"
#include "zigzag/Search/DepthFirstSearch.h"
#include "zigzag/Transforms/Passes.h"

#include "PassUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

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
} // namespace

/// The result position (output tensor dim) indexed by loop `loop` alone in
/// `map`, or -1.
static int resultOfLoop(AffineMap map, unsigned loop) {
  for (unsigned r = 0; r < map.getNumResults(); ++r)
    if (auto dim = dyn_cast<AffineDimExpr>(map.getResult(r)))
      if (dim.getPosition() == loop)
        return static_cast<int>(r);
  return -1;
}

/// The tensor dim of an input operand whose index uses `loop`, or -1.
static int inputDimOfLoop(AffineMap map, unsigned loop) {
  for (unsigned r = 0; r < map.getNumResults(); ++r)
    if (map.getResult(r).isFunctionOfDim(loop))
      return static_cast<int>(r);
  return -1;
}

namespace {
/// Where a layer's input comes from: `value` before the data movement ops
/// between them, whether X / Y (tensor dims `dimX`, `dimY`) are padded on
/// the way, and why the consumer cannot be tiled with the producer ("" if
/// it can).
struct InputSource {
  Value value;
  bool paddedX = false, paddedY = false;
  std::string whyNotFused;
};
} // namespace

/// Follows `value` back through tensor.pad and tensor.cast (they keep the
/// dims), and reshapes and slices (they do not: no fusion across them).
static InputSource traceInput(Value value, int dimX, int dimY) {
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
static std::optional<SmallVector<StringRef>> givenCuts(StringRef stacks) {
  if (!stacks.consume_front("cut-after:"))
    return std::nullopt;
  SmallVector<StringRef> items;
  stacks.split(items, ',');
  for (StringRef &item : items)
    item = item.trim();
  return items;
}

namespace {
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
} // namespace

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
    ::zigzag::DfSearchSpace space;
    space.formations = std::move(bases);
    space.search = search;
    if (!search) {
      space.mode = mode;
      space.tileX = tile[0];
      space.tileY = tile[1];
    }
    space.tileXCandidates.assign(tileXCandidates.begin(),
                                 tileXCandidates.end());
    space.tileYCandidates.assign(tileYCandidates.begin(),
                                 tileYCandidates.end());
    space.modes.assign(modes.begin(), modes.end());
    space.perStack = perStack;
    ::zigzag::DfSearchResult found =
        ::zigzag::searchDepthFirst(net, *hw, space, opts);
    if (!found.ok) {
      // At the op the error is about, when it is about one.
      Operation *at = found.errorLayer >= 0
                          ? network.ops[found.errorLayer].getOperation()
                          : network.func.getOperation();
      at->emitError("depth-first schedule failed: ") << found.error;
      return signalPassFailure();
    }
    const std::vector<::zigzag::DfSchedule> &schedules = found.schedules;
    const ::zigzag::DfResult &best = found.best;
    const std::vector<unsigned> &stackChoice = found.stackChoice;
    unsigned chosenFormation = found.formation;
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
    double seconds = found.seconds;
    // The layer-by-layer reference: infeasible when a layer fits nowhere.
    double lblEnergy = found.layerByLayer.energy,
           lblLatency = found.layerByLayer.latency,
           lblLatency1 = found.layerByLayer.latency1;
    const std::string &lblInfeasible = found.layerByLayer.infeasible;

    // Per-op attributes and the module result.
    auto memName = [&](int m) -> StringRef {
      return m < 0 ? StringRef() : StringRef(hw->memories[m].name);
    };
    std::vector<double> layerEnergy(net.layers.size(), 0),
        layerLatency(net.layers.size(), 0);
    SmallVector<DepthFirstStackAttr> stackAttrs;
    double latency2 = 0;
    for (unsigned si = 0; si < best.stacks.size(); ++si) {
      const ::zigzag::DfStack &stack = best.stacks[si];
      SmallVector<DepthFirstTileTypeAttr> typeAttrs;
      // The most frequent tile type per layer gives the op's mapping.
      std::vector<std::pair<uint64_t, const ::zigzag::DfLayerTile *>>
          mostFrequent(net.layers.size(), {0, nullptr});
      for (const ::zigzag::DfTileType &t : stack.tileTypes) {
        SmallVector<DepthFirstLayerTileAttr> layerAttrs;
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
          auto top = [&](MemOperand op) {
            return memName(lt.top[static_cast<unsigned>(op)]);
          };
          std::optional<APFloat> energy, macEnergy, latency, latency1;
          if (lt.search) {
            energy = APFloat(lt.search->cost.energy);
            macEnergy = APFloat(lt.search->cost.macEnergy);
            latency = APFloat(lt.search->cost.latency);
            latency1 = APFloat(lt.search->cost.latency1);
          }
          layerAttrs.push_back(DepthFirstLayerTileAttr::get(
              ctx, name, {lt.tileX, lt.tileY}, APFloat(lt.copyEnergy),
              APFloat(lt.copyLatency), top(MemOperand::I1), top(MemOperand::I2),
              top(MemOperand::O), energy, macEnergy, latency, latency1));
        }
        typeAttrs.push_back(DepthFirstTileTypeAttr::get(
            ctx, {t.tileX, t.tileY}, static_cast<int64_t>(t.count),
            t.weightsFromTop, memName(t.hCacheMake), memName(t.hCacheUse),
            memName(t.vCacheMake), memName(t.vCacheUse), APFloat(t.energy),
            APFloat(t.latency), layerAttrs));
      }
      SmallVector<StringAttr> names;
      for (unsigned l : stack.layers)
        names.push_back(b.getStringAttr(net.layers[l].workload.name));
      stackAttrs.push_back(DepthFirstStackAttr::get(
          ctx, names, ::zigzag::toString(stackMode(si)), stackTile(si),
          {stack.outputX, stack.outputY}, memName(stack.weightMemory),
          APFloat(stack.energy), APFloat(stack.macEnergy),
          APFloat(stack.copyEnergy), APFloat(stack.latency),
          APFloat(stack.copyLatency), typeAttrs));
      for (unsigned l : stack.layers) {
        const ::zigzag::DfLayer &layer = net.layers[l];
        // An op without X and Y is one whole tile: no loops to tile.
        SmallVector<int64_t, 2> loops;
        if (layer.spatial)
          loops = {static_cast<int64_t>(layer.xLoop),
                   static_cast<int64_t>(layer.yLoop)};
        MappingAttr mapping;
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
          mapping = convertMapping(ctx, lt->search->mapping, tw, sub);
        }
        // The schedule replaces a single-layer mapping the op may carry.
        for (StringRef stale :
             {ZigZagDialect::kMappingAttrName, ZigZagDialect::kCostAttrName,
              ZigZagDialect::kSearchAttrName,
              ZigZagDialect::kTradeoffsAttrName})
          network.ops[l]->removeAttr(stale);
        network.ops[l]->setAttr(
            ZigZagDialect::kDepthFirstAttrName,
            DepthFirstAttr::get(ctx, si, ::zigzag::toString(stackMode(si)),
                                stackTile(si), loops, mapping,
                                APFloat(layerEnergy[l]),
                                APFloat(layerLatency[l])));
      }
    }
    int64_t macs = 0;
    for (const ::zigzag::DfLayer &layer : net.layers)
      macs += layer.workload.macs();
    // One mode and tile for every stack, else each stack says its own.
    StringRef mode;
    SmallVector<int64_t, 2> tile;
    if (uniform) {
      mode = ::zigzag::toString(chosen.mode);
      tile = {chosen.tileX, chosen.tileY};
    }
    LayerByLayerAttr layerByLayer =
        lblInfeasible.empty()
            ? LayerByLayerAttr::get(ctx, APFloat(lblEnergy),
                                    APFloat(lblLatency), APFloat(lblLatency1),
                                    /*infeasible=*/"")
            : LayerByLayerAttr::get(ctx, std::nullopt, std::nullopt,
                                    std::nullopt, lblInfeasible);
    module->setAttr(ZigZagDialect::kDepthFirstResultAttrName,
                    DepthFirstResultAttr::get(
                        ctx, network.func.getName(),
                        formations[chosenFormation], mode, tile,
                        APFloat(best.energy), APFloat(latency2),
                        APFloat(best.latency), APFloat(best.macEnergy),
                        APFloat(best.copyEnergy), APFloat(best.copyLatency),
                        static_cast<int64_t>(net.layers.size()), macs,
                        static_cast<int64_t>(schedules.size()),
                        static_cast<int64_t>(found.searches), APFloat(seconds),
                        layerByLayer, stackAttrs));
  }
}
