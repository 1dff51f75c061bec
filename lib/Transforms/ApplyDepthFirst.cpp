//===- ApplyDepthFirst.cpp - zigzag.depth_first stacks -> fused tiles -----===//
//
// Rewrites each depth-first stack (the linalg ops sharing a `stack` id in
// their `zigzag.depth_first` annotation, docs/Rewrite.md) into one loop nest
// over the tiles of the stack output's rows (y, outer) and columns (x,
// inner). In each tile every op of the stack computes the part of its output
// that the tile needs, from the parts its producers computed in the same
// tile; the leftover (partial) tile comes first in each dim, as in DeFiNES.
//
// Along one dim, an op's needed range [lo, hi) follows from its consumers'
// computed ranges [n, hi): a consumer loop range [a, b) reads producer
// indices [coef * a + low, coef * (b - 1) + high + 1) (its Reach). Without
// caching an op computes all of [lo, hi) (n = lo): the halo is recomputed.
// With caching along the dim, it computes only [max(lo, hi of the previous
// tile), hi) and takes the rest from a buffer carried across the tiles:
//   * columns (h-cached-v-recompute, fully-cached): the last W_x computed
//     columns of the tile row's rows, carried through the x loop;
//   * rows (fully-cached): the last W_y computed rows for the whole width
//     of the op's output, in two halves: tile row i reads the half tile
//     row i - 1 filled and fills the other.
// The buffers are updated in place (insert_slice into the loops' iter_args),
// so one-shot bufferization gives each one allocation.
// W is the largest overlap between consecutive tiles, found by evaluating
// the same recurrences on every tile at plan time (all sizes are static).
//
// A tensor.pad between two stack ops is folded into the edge: the producer
// needs the padded indices its consumer reads, shifted by the low padding
// and clamped to its feature map, and each consumer pads the producer's
// tile itself. An op whose result is also used after the stack computes
// its whole feature map over the tiles, inserted into a result carried
// through the loops.
//
//===----------------------------------------------------------------------===//

#include "MappingNest.h"

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <array>

using namespace mlir;
using namespace mlir::zigzag;
using namespace mlir::zigzag::nest;

static constexpr StringLiteral kTileAttrName = "zigzag.df_tile";
static constexpr StringLiteral kStackAttrName = "zigzag.df_stack";
static constexpr StringLiteral kModeAttrName = "zigzag.df_mode";
static constexpr StringLiteral kCacheAttrName = "zigzag.df_cache";
static constexpr StringLiteral kComputedAttrName = "zigzag.df_computed";
static constexpr StringLiteral kErrorPrefix =
    "cannot apply 'zigzag.depth_first': ";

/// Index of the width (columns) and height (rows) dims in per-dim arrays.
static constexpr unsigned kX = 0, kY = 1;
static constexpr const char *kDimName[2] = {"x", "y"};
static constexpr const char *kDimWord[2] = {"columns", "rows"};

namespace {
enum class Mode { FullyRecompute, HCachedVRecompute, FullyCached };
} // namespace

/// The mode of a verified #zigzag.depth_first (the verifier rejects others).
static Mode parseMode(StringRef name) {
  return llvm::StringSwitch<Mode>(name)
      .Case("fully-recompute", Mode::FullyRecompute)
      .Case("h-cached-v-recompute", Mode::HCachedVRecompute)
      .Default(Mode::FullyCached);
}

namespace {
/// A consumer loop range [a, b) along one dim reads the indices
/// [coef * a + low, coef * (b - 1) + high + 1) of its operand. When the
/// operand is a tensor.pad of the producer, the producer's indices are
/// those shifted by `shift` (minus the low padding) and clamped to
/// [0, size): the padding itself is never computed.
struct Reach {
  int64_t coef = 1;
  int64_t low = 0;
  int64_t high = 0;
  int64_t shift = 0;
  int64_t size = -1; // no clamp when negative

  /// First operand index read by a range starting at `a`.
  int64_t first(int64_t a) const { return coef * a + low; }
  /// One past the last operand index read by a range ending at `b`.
  int64_t last(int64_t b) const { return coef * (b - 1) + high + 1; }
  /// The producer index of operand index `i`.
  int64_t toProducer(int64_t i) const {
    i += shift;
    return size < 0 ? i : std::clamp<int64_t>(i, 0, size);
  }
};

/// A stack op's result read by another op of the stack.
struct StackUse {
  unsigned consumer; // index in StackPlan::ops
  std::array<Reach, 2> reach;
};

/// An op's range along one dim in one tile: it needs [lo, hi) and computes
/// [n, hi).
struct TileRange {
  int64_t lo, n, hi;
};
} // namespace

namespace mlir {
namespace zigzag {
namespace nest {

struct StackOp {
  Plan nest;
  std::array<unsigned, 2> loop;   // loops indexing the output width, height
  std::array<unsigned, 2> outDim; // output tensor dims they index
  SmallVector<int64_t> outShape;
  SmallVector<StackUse> uses;
  /// Per input operand: the index of the stack op producing it, or -1.
  SmallVector<int> producer;
  /// Per operand with a producer: the tensor.pad between the two (null:
  /// the producer's result is read directly) and how it is read along X
  /// and Y.
  SmallVector<tensor::PadOp> pad;
  SmallVector<std::array<Reach, 2>> reach;
  /// Overlap kept between tiles per dim (0: nothing cached).
  std::array<int64_t, 2> cache = {0, 0};
  /// Rows of the column cache: the most rows one tile computes.
  int64_t cacheRows = 0;
  /// Columns and rows computed over all tiles (with recomputed halos).
  std::array<int64_t, 2> computed = {0, 0};
  /// The result is also used after the stack: the first tile starts and the
  /// last tile ends at the feature map's borders, and what each tile
  /// computes is also written into the whole result, carried across tiles.
  bool escapes = false;
};

struct StackPlan {
  int64_t id;
  Mode mode;
  StringAttr modeName;
  std::array<int64_t, 2> tile, extent, numTiles, leftover;
  std::array<bool, 2> cachedDim = {false, false};
  SmallVector<StackOp, 0> ops; // block order; the last one is the output
  /// tensor.pad ops between stack ops: each consumer pads its own tile.
  SmallVector<tensor::PadOp> pads;
  /// Annotated tensor.pad ops left as they are (e.g. padding the stack's
  /// input): they lose the annotation with the stack.
  SmallVector<Operation *> annotatedPads;
  /// A stack of one op without 'loops', and the nest of its mapping, if
  /// any: no tiles.
  Operation *untiledOp = nullptr;
  std::optional<Plan> untiled;
};

void StackPlanDeleter::operator()(StackPlan *plan) const { delete plan; }

} // namespace nest
} // namespace zigzag
} // namespace mlir

/// Start and end of tile `t` along a dim of `extent` cut in tiles of `tile`,
/// the leftover tile first.
static std::pair<int64_t, int64_t> tileBounds(int64_t t, int64_t tile,
                                              int64_t leftover) {
  return {t == 0 ? 0 : leftover + (t - 1) * tile, leftover + t * tile};
}

/// The ranges of every op along dim `d` in tile `t` (`previous`: those of
/// tile t - 1, empty for t = 0). Mirrors StackEmitter::emitRanges.
static SmallVector<TileRange> evaluateRanges(const StackPlan &plan, unsigned d,
                                             int64_t t,
                                             ArrayRef<TileRange> previous) {
  unsigned numOps = plan.ops.size();
  SmallVector<TileRange> ranges(numOps);
  auto [t0, t1] = tileBounds(t, plan.tile[d], plan.leftover[d]);
  ranges[numOps - 1] = {t0, t0, t1};
  for (int p = numOps - 2; p >= 0; --p) {
    TileRange &r = ranges[p];
    r.lo = std::numeric_limits<int64_t>::max();
    r.hi = std::numeric_limits<int64_t>::min();
    for (const StackUse &use : plan.ops[p].uses) {
      const Reach &reach = use.reach[d];
      const TileRange &c = ranges[use.consumer];
      r.lo = std::min(r.lo, reach.toProducer(reach.first(c.n)));
      r.hi = std::max(r.hi, reach.toProducer(reach.last(c.hi)));
    }
    if (plan.ops[p].escapes) {
      const StackOp &op = plan.ops[p];
      if (t == 0)
        r.lo = 0;
      if (t + 1 == plan.numTiles[d])
        r.hi = op.outShape[op.outDim[d]];
    }
    r.n = r.lo;
    if (plan.cachedDim[d] && !previous.empty())
      r.n = std::max(r.lo, previous[p].hi);
  }
  return ranges;
}

/// Reach of `index` (a consumer operand dim) along the consumer's loop
/// `loop`, with `other` (the consumer's other tiled loop) not involved and
/// every other loop over its full range; fails if the index does not grow
/// with `loop`.
static std::optional<Reach> getReach(const IndexExpr &index, unsigned loop,
                                     unsigned other,
                                     ArrayRef<int64_t> loopSizes) {
  if (index.coefs[loop] <= 0 || index.coefs[other] != 0)
    return std::nullopt;
  Reach reach{index.coefs[loop], index.constant, index.constant};
  for (auto [l, c] : llvm::enumerate(index.coefs)) {
    if (l == loop || c == 0)
      continue;
    (c < 0 ? reach.low : reach.high) += c * (loopSizes[l] - 1);
  }
  return reach;
}

static std::string printIndex(const IndexExpr &index, MLIRContext *ctx) {
  AffineExpr expr = getAffineConstantExpr(index.constant, ctx);
  for (auto [l, c] : llvm::enumerate(index.coefs))
    expr = expr + getAffineDimExpr(l, ctx) * c;
  std::string s;
  llvm::raw_string_ostream os(s);
  os << expr;
  return s;
}

/// Reads one op's annotation and plans its per-tile nest.
static FailureOr<StackOp> planStackOp(Operation *op, DepthFirstAttr annotation,
                                      bool stageBuffers) {
  auto fail = [&]() { return op->emitError(kErrorPrefix); };
  if (!isa<TilingInterface>(op))
    return fail() << "the op does not implement TilingInterface";
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp)
    return fail() << "only linalg ops can be fused";
  if (!linalgOp.hasPureTensorSemantics())
    return fail() << "stacks are fused on tensors; this op has buffer "
                     "operands";
  if (linalgOp.getNumDpsInits() != 1)
    return fail() << "the op has " << linalgOp.getNumDpsInits()
                  << " inits; only ops with one output can be fused";

  StackOp stackOp;
  ArrayRef<int64_t> loops = annotation.getLoops();
  unsigned numLoops = linalgOp.getNumLoops();
  // The verifier makes `loops` absent or an (x, y) pair.
  if (loops.empty())
    return fail() << "'loops' must be [X, Y], the loops indexing the "
                     "output's width and height, got nothing";
  AffineMap outMap =
      linalgOp.getMatchingIndexingMap(linalgOp.getDpsInitOperand(0));
  if (!outMap.isProjectedPermutation())
    return fail() << "the output's indexing map " << AffineMapAttr::get(outMap)
                  << " is not a projected permutation";
  SmallVector<utils::IteratorType> iterators = linalgOp.getIteratorTypesArray();
  for (unsigned d : {kX, kY}) {
    int64_t loop = loops[d];
    if (loop < 0 || loop >= numLoops)
      return fail() << "'loops' names loop " << loop << " for " << kDimName[d]
                    << ", but the op has " << numLoops << " loops";
    std::optional<unsigned> dim =
        outMap.getResultPosition(getAffineDimExpr(loop, op->getContext()));
    if (!dim || iterators[loop] != utils::IteratorType::parallel)
      return fail() << "'loops' names loop " << loop << " for " << kDimName[d]
                    << ", but it does not index a dim of the output";
    stackOp.loop[d] = loop;
    stackOp.outDim[d] = *dim;
  }
  if (stackOp.loop[kX] == stackOp.loop[kY])
    return fail() << "'loops' names loop " << stackOp.loop[kX]
                  << " for both x and y";

  Attribute mapping = annotation.getMapping();
  PlanOptions options;
  options.stageBuffers = stageBuffers;
  options.errorPrefix = "cannot apply the per-tile 'mapping' of "
                        "'zigzag.depth_first': ";
  stackOp.outShape = llvm::to_vector(
      cast<ShapedType>(linalgOp.getDpsInits()[0].getType()).getShape());
  SmallVector<unsigned> adaptive = {stackOp.loop[kX], stackOp.loop[kY]};
  options.adaptiveDims = adaptive;
  FailureOr<Plan> nestPlan = planRewrite(op, mapping, options);
  if (failed(nestPlan))
    return failure();
  stackOp.nest = std::move(*nestPlan);
  stackOp.producer.assign(op->getNumOperands(), -1);
  stackOp.pad.assign(op->getNumOperands(), nullptr);
  stackOp.reach.resize(op->getNumOperands());
  return stackOp;
}

FailureOr<StackPlanPtr> nest::planStack(int64_t id,
                                        ArrayRef<Operation *> annotated,
                                        bool stageBuffers) {
  StackPlanPtr plan(new StackPlan);
  plan->id = id;
  auto fail = [&](Operation *op) { return op->emitError(kErrorPrefix); };

  // A tensor.pad is never a stack op of its own, annotated or not: between
  // two stack ops each consumer pads the producer's tile it reads (below);
  // elsewhere it is left as it is.
  SmallVector<Operation *> ops;
  for (Operation *op : annotated)
    (isa<tensor::PadOp>(op) ? plan->annotatedPads : ops).push_back(op);
  if (ops.empty()) {
    fail(annotated.front()) << "stack " << id << " has no op but tensor.pad";
    return failure();
  }
  Operation *first = ops.front();

  // Annotations: stack-wide mode and tile, per-op loops and mapping.
  DenseI64ArrayAttr firstTile;
  bool failedAny = false;
  for (Operation *op : ops) {
    // The verifier checked the mode's name and the tile's positive sizes.
    auto annotation =
        op->getAttrOfType<DepthFirstAttr>(ZigZagDialect::kDepthFirstAttrName);
    auto modeName = StringAttr::get(op->getContext(), annotation.getMode());
    auto tile = DenseI64ArrayAttr::get(op->getContext(), annotation.getTile());
    if (op == first) {
      plan->mode = parseMode(modeName.getValue());
      plan->modeName = modeName;
      firstTile = tile;
    } else if (modeName != plan->modeName || tile != firstTile) {
      InFlightDiagnostic diag = fail(op);
      if (modeName != plan->modeName)
        diag << "its mode " << modeName << " differs from the mode "
             << plan->modeName << " of stack " << id;
      else
        diag << "its tile " << tile << " differs from the tile " << firstTile
             << " of stack " << id;
      diag.attachNote(first->getLoc()) << "first op of stack " << id;
      return failure();
    }
    if (op->getBlock() != first->getBlock()) {
      fail(op) << "it is not in the block of the first op of stack " << id;
      return failure();
    }
    if (ops.size() == 1 && annotation.getLoops().empty()) {
      // An op without X and Y (e.g. a reduction to a vector) is a stack of
      // its own: one tile, rewritten like an op with a single-layer mapping
      // (or left as it is without one).
      plan->untiledOp = op;
      Attribute mapping = annotation.getMapping();
      if (!mapping)
        return plan;
      PlanOptions options;
      options.stageBuffers = stageBuffers;
      options.errorPrefix = "cannot apply the 'mapping' of "
                            "'zigzag.depth_first': ";
      FailureOr<Plan> untiled = planRewrite(op, mapping, options);
      if (failed(untiled))
        return failure();
      plan->untiled = std::move(*untiled);
      return plan;
    }
    FailureOr<StackOp> stackOp = planStackOp(op, annotation, stageBuffers);
    if (failed(stackOp)) {
      failedAny = true;
      continue;
    }
    plan->ops.push_back(std::move(*stackOp));
  }
  if (failedAny)
    return failure();

  // Edges: every stack op but the output feeds inputs of later stack ops
  // only, directly or through a tensor.pad.
  DenseMap<Operation *, unsigned> indexOf;
  for (auto [i, op] : llvm::enumerate(ops))
    indexOf[op] = i;
  // The pad between a stack op and a user of its result, if the pad feeds
  // the stack.
  auto padInStack = [&](Operation *user) -> tensor::PadOp {
    auto pad = dyn_cast<tensor::PadOp>(user);
    if (!pad)
      return nullptr;
    for (Operation *padUser : pad->getUsers())
      if (indexOf.contains(padUser))
        return pad;
    return nullptr;
  };
  // An op between two stack ops that is not a pad (a reshape, a slice...):
  // the first one on a path from `op` to a later stack op, if any.
  auto unfusable = [&](Operation *op) -> Operation * {
    SmallVector<std::pair<Operation *, Operation *>> work; // (op, first hop)
    DenseSet<Operation *> seen;
    for (Operation *user : op->getUsers())
      work.push_back({user, user});
    while (!work.empty()) {
      auto [at, hop] = work.pop_back_val();
      if (!seen.insert(at).second || at->getBlock() != op->getBlock())
        continue;
      if (indexOf.contains(at))
        return hop;
      for (Operation *user : at->getUsers())
        work.push_back({user, hop});
    }
    return nullptr;
  };
  Operation *output = nullptr;
  for (auto [p, op] : llvm::enumerate(ops)) {
    bool usedInStack = false;
    for (OpOperand &use : op->getResult(0).getUses())
      usedInStack |=
          indexOf.contains(use.getOwner()) || padInStack(use.getOwner());
    if (usedInStack)
      continue;
    if (Operation *between = unfusable(op)) {
      InFlightDiagnostic diag = fail(between);
      diag << "'" << between->getName() << "' between ops of stack " << id
           << " cannot be fused (only tensor.pad can)";
      diag.attachNote(op->getLoc()) << "its input comes from this op";
      return failure();
    }
    if (output) {
      InFlightDiagnostic diag = fail(op);
      diag << "stack " << id
           << " has more than one output: neither this op nor the one noted "
              "is used by another op of the stack";
      diag.attachNote(output->getLoc()) << "other output of stack " << id;
      return failure();
    }
    output = op;
  }
  if (!output || output != ops.back()) {
    if (!output)
      output = ops.back();
    fail(output) << "the output of stack " << id
                 << " must come after the other ops of the stack";
    return failure();
  }
  for (auto [p, op] : llvm::enumerate(ops)) {
    StackOp &producer = plan->ops[p];
    // The uses of the result by stack ops, each with the pad in between.
    SmallVector<std::pair<OpOperand *, tensor::PadOp>> uses;
    for (OpOperand &use : op->getResult(0).getUses()) {
      Operation *user = use.getOwner();
      if (indexOf.contains(user)) {
        uses.push_back({&use, nullptr});
        continue;
      }
      tensor::PadOp pad = padInStack(user);
      if (!pad) {
        if (op == output)
          continue;
        // Materialized by the tile loops, which replace the stack output.
        Operation *after = output->getBlock()->findAncestorOpInBlock(*user);
        if (!after || after->isBeforeInBlock(output)) {
          InFlightDiagnostic diag = fail(op);
          diag << "its result is also used outside stack " << id << " by '"
               << user->getName()
               << "' before the stack's output; the fused stack "
                  "materializes it only there";
          diag.attachNote(user->getLoc()) << "used here";
          return failure();
        }
        producer.escapes = true;
        continue;
      }
      if (pad->getBlock() != first->getBlock() || !pad.getLow().empty() ||
          !pad.getHigh().empty() || !pad.getConstantPaddingValue()) {
        fail(pad) << "it pads the result of an op of stack " << id
                  << " for another one, which needs static padding with a "
                     "constant value in the stack's block";
        return failure();
      }
      for (OpOperand &padUse : pad->getUses()) {
        if (!indexOf.contains(padUse.getOwner())) {
          InFlightDiagnostic diag = fail(pad);
          diag << "it pads the result of an op of stack " << id
               << " and is also used outside the stack by '"
               << padUse.getOwner()->getName()
               << "'; the fused stack never materializes it whole";
          diag.attachNote(padUse.getOwner()->getLoc()) << "used here";
          return failure();
        }
        uses.push_back({&padUse, pad});
      }
      if (!llvm::is_contained(plan->pads, pad))
        plan->pads.push_back(pad);
    }
    for (auto [usePtr, pad] : uses) {
      OpOperand &use = *usePtr;
      Operation *user = use.getOwner();
      unsigned c = indexOf.lookup(user);
      StackOp &consumer = plan->ops[c];
      if (c <= p) {
        fail(user) << "it uses the result of a later op of stack " << id;
        return failure();
      }
      unsigned number = use.getOperandNumber();
      if (number == consumer.nest.init) {
        fail(user) << "its init is produced by another op of stack " << id
                   << "; only inputs can be fused";
        return failure();
      }
      consumer.producer[number] = p;
      consumer.pad[number] = pad;
      // How the consumer's tiles read the producer's width and height.
      StackUse edge{c, {}};
      ArrayRef<IndexExpr> access = consumer.nest.access[number];
      for (auto [dim, index] : llvm::enumerate(access)) {
        for (unsigned d : {kX, kY}) {
          if (dim != producer.outDim[d])
            continue;
          std::optional<Reach> reach =
              getReach(index, consumer.loop[d], consumer.loop[1 - d],
                       consumer.nest.loopSizes);
          if (reach && pad) {
            reach->shift = -pad.getStaticLow()[dim];
            reach->size = producer.outShape[dim];
          }
          if (!reach) {
            fail(user) << "operand #" << number << " reads the " << kDimWord[d]
                       << " of its producer with "
                       << printIndex(index, user->getContext())
                       << ", which does not grow with loop d"
                       << consumer.loop[d]
                       << " alone; the producer cannot be fused";
            return failure();
          }
          edge.reach[d] = *reach;
          consumer.reach[number][d] = *reach;
        }
        if (dim != producer.outDim[kX] && dim != producer.outDim[kY] &&
            (index.coefs[consumer.loop[kX]] != 0 ||
             index.coefs[consumer.loop[kY]] != 0)) {
          fail(user) << "operand #" << number << " reads dim " << dim
                     << " of its producer with "
                     << printIndex(index, user->getContext())
                     << ", which depends on the tiled loops; the producer "
                        "cannot be fused";
          return failure();
        }
      }
      producer.uses.push_back(edge);
    }
  }

  // The tile grid over the stack output.
  StackOp &out = plan->ops.back();
  for (unsigned d : {kX, kY}) {
    plan->tile[d] = firstTile[d];
    plan->extent[d] = out.outShape[out.outDim[d]];
  }
  if (plan->tile[kX] > plan->extent[kX] || plan->tile[kY] > plan->extent[kY]) {
    fail(output) << "tile " << plan->tile[kX] << "x" << plan->tile[kY]
                 << " (x by y) is larger than the stack output's feature map "
                 << plan->extent[kX] << "x" << plan->extent[kY];
    return failure();
  }
  for (unsigned d : {kX, kY}) {
    plan->numTiles[d] = llvm::divideCeil(plan->extent[d], plan->tile[d]);
    plan->leftover[d] =
        plan->extent[d] - (plan->numTiles[d] - 1) * plan->tile[d];
  }
  plan->cachedDim[kX] = plan->mode != Mode::FullyRecompute;
  plan->cachedDim[kY] = plan->mode == Mode::FullyCached;

  // Walk every tile: ranges stay in bounds and advance, and the overlap
  // between consecutive tiles sizes the caches.
  for (unsigned d : {kX, kY}) {
    SmallVector<TileRange> previous;
    for (int64_t t = 0; t < plan->numTiles[d]; ++t) {
      SmallVector<TileRange> ranges = evaluateRanges(*plan, d, t, previous);
      for (auto [p, r] : llvm::enumerate(ranges)) {
        StackOp &op = plan->ops[p];
        int64_t size = op.outShape[op.outDim[d]];
        // Clamped to a padded producer, the last tiles may need no new
        // elements.
        bool advances = previous.empty() ||
                        (r.lo >= previous[p].lo && r.hi >= previous[p].hi);
        for (const StackUse &use : op.uses) {
          const Reach &reach = use.reach[d];
          const TileRange &c = ranges[use.consumer];
          int64_t first = reach.first(c.n), last = reach.last(c.hi);
          if (first > last) {
            // Only an empty consumer range of a kernel smaller than its
            // stride reads backwards.
            fail(ops[use.consumer])
                << "tile " << t << " along " << kDimName[d]
                << " computes none of its " << kDimWord[d]
                << " but would read [" << first << ", " << last
                << ") of its producer; the producer cannot be fused";
            return failure();
          }
          if (reach.size < 0 || c.n == c.hi ||
              (first + reach.shift < size && last + reach.shift > 0))
            continue;
          fail(ops[use.consumer])
              << "tile " << t << " along " << kDimName[d]
              << " reads only the padding of its producer's " << kDimWord[d]
              << "; the padded producer cannot be fused";
          return failure();
        }
        if (r.lo < 0 || r.hi > size || r.lo > r.hi || !advances) {
          fail(ops[p]) << "its " << kDimWord[d] << " needed by tile " << t
                       << " along " << kDimName[d] << " ([" << r.lo << ", "
                       << r.hi << ") of " << size
                       << ") do not follow the tiles; it cannot be fused";
          return failure();
        }
        if (op.escapes && !previous.empty() && r.lo > previous[p].hi) {
          fail(ops[p]) << "its result is used after stack " << id
                       << ", but tile " << t << " along " << kDimName[d]
                       << " needs its " << kDimWord[d] << " from " << r.lo
                       << " and tile " << t - 1 << " up to " << previous[p].hi
                       << ": the tiles do not compute the whole result";
          return failure();
        }
        if (!previous.empty() && plan->cachedDim[d])
          op.cache[d] = std::max(op.cache[d], previous[p].hi - r.lo);
        if (d == kY)
          op.cacheRows = std::max(op.cacheRows, r.hi - r.n);
        op.computed[d] += r.hi - r.n;
      }
      previous = std::move(ranges);
    }
  }
  return plan;
}

namespace {
/// Emits the tile loops of one stack.
class StackEmitter {
public:
  StackEmitter(StackPlan &plan, ArrayRef<Operation *> ops, OpBuilder &b)
      : plan(plan), ops(ops), b(b), loc(ops.back()->getLoc()) {}

  /// Returns the stack output and, per op whose result escapes the stack
  /// (StackOp::escapes), its whole result (null for the others).
  Value emit(SmallVectorImpl<Value> &escaping);

private:
  /// Per-tile ranges of every op along one dim, as index values.
  struct Ranges {
    SmallVector<OpFoldResult> lo, n, hi;
  };

  OpFoldResult apply(AffineExpr expr, ArrayRef<OpFoldResult> operands) {
    AffineMap map = AffineMap::get(0, operands.size(), expr);
    return affine::makeComposedFoldedAffineApply(b, loc, map, operands);
  }
  OpFoldResult minOrMax(bool isMin, OpFoldResult lhs, OpFoldResult rhs) {
    MLIRContext *ctx = b.getContext();
    // Ranges of one tile often differ by a constant: pick without an op.
    AffineMap difference = AffineMap::get(
        0, 2, getAffineSymbolExpr(0, ctx) - getAffineSymbolExpr(1, ctx));
    SmallVector<Value> operands = getValueOrCreateConstantIndexOp(
        b, loc, ArrayRef<OpFoldResult>{lhs, rhs});
    affine::fullyComposeAffineMapAndOperands(&difference, &operands);
    affine::canonicalizeMapAndOperands(&difference, &operands);
    if (difference.isSingleConstant())
      return (difference.getSingleConstantResult() <= 0) == isMin ? lhs : rhs;
    AffineMap map = AffineMap::get(
        0, 2, {getAffineSymbolExpr(0, ctx), getAffineSymbolExpr(1, ctx)}, ctx);
    return isMin ? affine::makeComposedFoldedAffineMin(b, loc, map, {lhs, rhs})
                 : affine::makeComposedFoldedAffineMax(b, loc, map, {lhs, rhs});
  }
  AffineExpr sym(unsigned i) { return getAffineSymbolExpr(i, b.getContext()); }
  /// `condition ? lhs : rhs`, folded for a constant condition.
  OpFoldResult select(Value condition, OpFoldResult lhs, OpFoldResult rhs) {
    if (std::optional<int64_t> c = getConstantIntValue(condition))
      return *c ? lhs : rhs;
    return arith::SelectOp::create(b, loc, condition,
                                   getValueOrCreateConstantIndexOp(b, loc, lhs),
                                   getValueOrCreateConstantIndexOp(b, loc, rhs))
        .getResult();
  }
  /// Reach::first and Reach::last on index values.
  OpFoldResult first(const Reach &r, OpFoldResult a) {
    return apply(sym(0) * r.coef + r.low, {a});
  }
  OpFoldResult last(const Reach &r, OpFoldResult b) {
    return apply(sym(0) * r.coef + (r.high - r.coef + 1), {b});
  }
  /// Reach::toProducer on an index value.
  OpFoldResult toProducer(const Reach &r, OpFoldResult i) {
    OpFoldResult shifted = apply(sym(0) + r.shift, {i});
    if (r.size < 0)
      return shifted;
    return minOrMax(true, minOrMax(false, shifted, b.getIndexAttr(0)),
                    b.getIndexAttr(r.size));
  }

  SmallVector<OpFoldResult> emitHighs(unsigned d, OpFoldResult end,
                                      Value isLast);
  Ranges emitRanges(unsigned d, Value iv);
  Value emitTile(Value output, SmallVectorImpl<Value> &columnCaches,
                 SmallVectorImpl<Value> &rowCaches,
                 SmallVectorImpl<Value> &wholes);
  Value assemble(unsigned p, Value computed,
                 SmallVectorImpl<Value> &columnCaches,
                 SmallVectorImpl<Value> &rowCaches);
  Value emptyTensor(const StackOp &op, OpFoldResult width, OpFoldResult height);
  Container padTile(unsigned c, unsigned number, Value producerTile);

  bool cached(unsigned p, unsigned d) const {
    return plan.cachedDim[d] && plan.ops[p].cache[d] > 0;
  }
  /// A box of op `p`'s output: full except X and Y.
  void outputBox(unsigned p, OpFoldResult x0, OpFoldResult width,
                 OpFoldResult y0, OpFoldResult height,
                 SmallVectorImpl<OpFoldResult> &offsets,
                 SmallVectorImpl<OpFoldResult> &sizes) {
    const StackOp &op = plan.ops[p];
    for (int64_t size : op.outShape) {
      offsets.push_back(b.getIndexAttr(0));
      sizes.push_back(b.getIndexAttr(size));
    }
    offsets[op.outDim[kX]] = x0;
    sizes[op.outDim[kX]] = width;
    offsets[op.outDim[kY]] = y0;
    sizes[op.outDim[kY]] = height;
  }
  /// Whether the box is all of `tensor` (static shapes only).
  static bool isWhole(Value tensor, ArrayRef<OpFoldResult> offsets,
                      ArrayRef<OpFoldResult> sizes) {
    ArrayRef<int64_t> shape = cast<ShapedType>(tensor.getType()).getShape();
    for (auto [offset, size, dimSize] : llvm::zip_equal(offsets, sizes, shape))
      if (!isZeroInteger(offset) || !isConstantIntValue(size, dimSize))
        return false;
    return true;
  }
  Value extract(Value source, ArrayRef<OpFoldResult> offsets,
                ArrayRef<OpFoldResult> sizes) {
    if (isWhole(source, offsets, sizes))
      return source;
    SmallVector<OpFoldResult> strides(offsets.size(), b.getIndexAttr(1));
    return tensor::ExtractSliceOp::create(b, loc, source, offsets, sizes,
                                          strides);
  }
  /// Always an op: carried buffers must stay updates of their iter_args.
  Value insert(Value source, Value dest, ArrayRef<OpFoldResult> offsets,
               ArrayRef<OpFoldResult> sizes) {
    SmallVector<OpFoldResult> strides(offsets.size(), b.getIndexAttr(1));
    return tensor::InsertSliceOp::create(b, loc, source, dest, offsets, sizes,
                                         strides);
  }

  StackPlan &plan;
  ArrayRef<Operation *> ops;
  OpBuilder &b;
  Location loc;
  std::array<Ranges, 2> ranges;
  Value rowIndex; // induction variable of the tile-row loop
};
} // namespace

/// hi of every op for a tile ending at `end` (consumers before producers);
/// `isLast` (null: false) whether it is the last tile.
SmallVector<OpFoldResult> StackEmitter::emitHighs(unsigned d, OpFoldResult end,
                                                  Value isLast) {
  unsigned numOps = plan.ops.size();
  SmallVector<OpFoldResult> hi(numOps);
  hi[numOps - 1] = end;
  for (int p = numOps - 2; p >= 0; --p) {
    const StackOp &op = plan.ops[p];
    for (const StackUse &use : op.uses) {
      const Reach &r = use.reach[d];
      OpFoldResult high = toProducer(r, last(r, hi[use.consumer]));
      hi[p] = hi[p] ? minOrMax(false, hi[p], high) : high;
    }
    if (op.escapes && isLast)
      hi[p] = select(isLast, b.getIndexAttr(op.outShape[op.outDim[d]]), hi[p]);
  }
  return hi;
}

/// Mirrors evaluateRanges on the tile index `t`.
StackEmitter::Ranges StackEmitter::emitRanges(unsigned d, Value iv) {
  // A single tile starts at 0: fold the ranges to constants.
  OpFoldResult t = iv;
  if (plan.numTiles[d] == 1)
    t = b.getIndexAttr(0);
  int64_t tile = plan.tile[d], leftover = plan.leftover[d];
  unsigned numOps = plan.ops.size();
  Ranges r;
  r.lo.resize(numOps);
  r.n.resize(numOps);
  OpFoldResult end = apply(sym(0) * tile + leftover, {t});
  bool anyCached = false, anyEscapes = false;
  for (unsigned p = 0; p + 1 < numOps; ++p) {
    anyCached |= cached(p, d);
    anyEscapes |= plan.ops[p].escapes;
  }
  Value isLast;
  if (anyEscapes)
    isLast = plan.numTiles[d] == 1
                 ? arith::ConstantIntOp::create(b, loc, 1, 1).getResult()
                 : arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, iv,
                                         arith::ConstantIndexOp::create(
                                             b, loc, plan.numTiles[d] - 1))
                       .getResult();
  r.hi = emitHighs(d, end, isLast);
  OpFoldResult start =
      leftover == tile
          ? apply(sym(0) * tile, {t})
          : affine::makeComposedFoldedAffineMax(
                b, loc,
                AffineMap::get(0, 1,
                               {getAffineConstantExpr(0, b.getContext()),
                                sym(0) * tile - (tile - leftover)},
                               b.getContext()),
                {t});
  r.lo[numOps - 1] = r.n[numOps - 1] = start;

  SmallVector<OpFoldResult> previousHi;
  Value isFirst;
  if (anyCached || anyEscapes) {
    if (anyCached)
      previousHi = emitHighs(d, apply(sym(0) - tile, {end}), nullptr);
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    isFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, iv, zero);
  }
  for (int p = numOps - 2; p >= 0; --p) {
    for (const StackUse &use : plan.ops[p].uses) {
      const Reach &reach = use.reach[d];
      OpFoldResult low = toProducer(reach, first(reach, r.n[use.consumer]));
      r.lo[p] = r.lo[p] ? minOrMax(true, r.lo[p], low) : low;
    }
    if (plan.ops[p].escapes)
      r.lo[p] = select(isFirst, b.getIndexAttr(0), r.lo[p]);
    r.n[p] = r.lo[p];
    if (!cached(p, d))
      continue;
    // Past the first tile, what the previous tile computed is cached.
    Value lo = getValueOrCreateConstantIndexOp(b, loc, r.lo[p]);
    Value after = getValueOrCreateConstantIndexOp(
        b, loc, minOrMax(false, r.lo[p], previousHi[p]));
    r.n[p] = arith::SelectOp::create(b, loc, isFirst, lo, after).getResult();
  }
  return r;
}

Value StackEmitter::emptyTensor(const StackOp &op, OpFoldResult width,
                                OpFoldResult height) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t size : op.outShape)
    sizes.push_back(b.getIndexAttr(size));
  sizes[op.outDim[kX]] = width;
  sizes[op.outDim[kY]] = height;
  Type elementType =
      cast<ShapedType>(op.nest.op->getResult(0).getType()).getElementType();
  return tensor::EmptyOp::create(b, loc, sizes, elementType);
}

/// The tile of producer `p` its consumers read: the part computed now, plus
/// the cached columns and rows; updates the caches.
Value StackEmitter::assemble(unsigned p, Value computed,
                             SmallVectorImpl<Value> &columnCaches,
                             SmallVectorImpl<Value> &rowCaches) {
  bool byColumns = cached(p, kX), byRows = cached(p, kY);
  if (!byColumns && !byRows)
    return computed;
  const Ranges &x = ranges[kX], &y = ranges[kY];
  OpFoldResult zero = b.getIndexAttr(0);
  AffineExpr s0 = sym(0), s1 = sym(1);
  auto diff = [&](OpFoldResult a, OpFoldResult c) {
    return apply(s0 - s1, {a, c});
  };
  int64_t wx = plan.ops[p].cache[kX], wy = plan.ops[p].cache[kY];
  OpFoldResult width = diff(x.hi[p], x.lo[p]);
  OpFoldResult height = diff(y.hi[p], y.lo[p]);
  OpFoldResult cachedWidth = diff(x.n[p], x.lo[p]);
  OpFoldResult cachedHeight = diff(y.n[p], y.lo[p]);
  OpFoldResult newWidth = diff(x.hi[p], x.n[p]);
  OpFoldResult newHeight = diff(y.hi[p], y.n[p]);
  Value tile = emptyTensor(plan.ops[p], width, height);

  SmallVector<OpFoldResult> offsets, sizes;
  if (byRows) {
    // Rows [lo, n) of every column, cached by the previous tile row in the
    // frame [hi_prev - W_y, hi_prev) (hi_prev = n) of its half.
    outputBox(p, x.lo[p], width,
              apply((s1 + 1) % 2 * wy + wy - s0, {cachedHeight, rowIndex}),
              cachedHeight, offsets, sizes);
    Value rows = extract(rowCaches[p], offsets, sizes);
    offsets.clear();
    sizes.clear();
    outputBox(p, zero, width, zero, cachedHeight, offsets, sizes);
    tile = insert(rows, tile, offsets, sizes);
    offsets.clear();
    sizes.clear();
  }
  if (byColumns) {
    // Columns [lo, n) of the new rows, cached by the previous tile in the
    // frame [hi_prev - W_x, hi_prev) with hi_prev = n.
    outputBox(p, apply(wx - s0, {cachedWidth}), cachedWidth, zero, newHeight,
              offsets, sizes);
    Value columns = extract(columnCaches[p], offsets, sizes);
    offsets.clear();
    sizes.clear();
    outputBox(p, zero, cachedWidth, cachedHeight, newHeight, offsets, sizes);
    tile = insert(columns, tile, offsets, sizes);
    offsets.clear();
    sizes.clear();
  }
  outputBox(p, cachedWidth, newWidth, cachedHeight, newHeight, offsets, sizes);
  tile = insert(computed, tile, offsets, sizes);
  offsets.clear();
  sizes.clear();

  if (byColumns) {
    // Keep the last W_x columns of the new rows for the next tile.
    OpFoldResult from = minOrMax(false, x.lo[p], apply(s0 - wx, {x.hi[p]}));
    OpFoldResult count = diff(x.hi[p], from);
    outputBox(p, diff(from, x.lo[p]), count, cachedHeight, newHeight, offsets,
              sizes);
    Value columns = extract(tile, offsets, sizes);
    offsets.clear();
    sizes.clear();
    outputBox(p, apply(s0 - s1 + wx, {from, x.hi[p]}), count, zero, newHeight,
              offsets, sizes);
    columnCaches[p] = insert(columns, columnCaches[p], offsets, sizes);
    offsets.clear();
    sizes.clear();
  }
  if (byRows) {
    // Keep the last W_y rows of this tile's columns for the next tile row.
    OpFoldResult from = minOrMax(false, y.lo[p], apply(s0 - wy, {y.hi[p]}));
    OpFoldResult count = diff(y.hi[p], from);
    outputBox(p, zero, width, diff(from, y.lo[p]), count, offsets, sizes);
    Value rows = extract(tile, offsets, sizes);
    offsets.clear();
    sizes.clear();
    outputBox(p, x.lo[p], width,
              apply(sym(2) % 2 * wy + s0 - s1 + wy, {from, y.hi[p], rowIndex}),
              count, offsets, sizes);
    rowCaches[p] = insert(rows, rowCaches[p], offsets, sizes);
  }
  return tile;
}

/// The padded tile consumer `c` reads as operand `number`: the part of the
/// padded producer its computed ranges read, built from the producer's
/// tile and the padding at the feature-map borders.
Container StackEmitter::padTile(unsigned c, unsigned number,
                                Value producerTile) {
  const StackOp &op = plan.ops[c];
  unsigned q = op.producer[number];
  const StackOp &producer = plan.ops[q];
  tensor::PadOp pad = op.pad[number];
  SmallVector<OpFoldResult> offsets, sizes, low, high;
  Container container;
  for (auto [dim, size] : llvm::enumerate(producer.outShape)) {
    offsets.push_back(b.getIndexAttr(0));
    sizes.push_back(b.getIndexAttr(size));
    low.push_back(b.getIndexAttr(pad.getStaticLow()[dim]));
    high.push_back(b.getIndexAttr(pad.getStaticHigh()[dim]));
    container.origin.push_back(b.getIndexAttr(0));
  }
  AffineExpr s0 = sym(0), s1 = sym(1), s2 = sym(2);
  for (unsigned d : {kX, kY}) {
    unsigned dim = producer.outDim[d];
    const Reach &reach = op.reach[number][d];
    // The consumer reads [u, v) of the padded tensor, i.e. [u', v') of the
    // producer (u' = u + shift), of which [cu, cv) lies in the feature map;
    // the rest is low padding (before 0) and high padding (past its size).
    OpFoldResult u = first(reach, ranges[d].n[c]);
    OpFoldResult v = last(reach, ranges[d].hi[c]);
    OpFoldResult cu = toProducer(reach, u), cv = toProducer(reach, v);
    OpFoldResult width = apply(s0 - s1, {v, u});
    OpFoldResult before =
        minOrMax(false, b.getIndexAttr(0),
                 minOrMax(true, apply(-s0 - reach.shift, {u}), width));
    offsets[dim] = apply(s0 - s1, {cu, ranges[d].lo[q]});
    sizes[dim] = apply(s0 - s1, {cv, cu});
    low[dim] = before;
    high[dim] = apply(s0 - s1 - (s2 - sym(3)), {width, before, cv, cu});
    container.origin[dim] = u;
  }
  Value slice = extract(producerTile, offsets, sizes);
  // The padding value may be a constant inside the pad's region, which the
  // rewrite erases.
  Value value = pad.getConstantPaddingValue();
  if (pad->isProperAncestor(value.getDefiningOp()))
    value = b.clone(*value.getDefiningOp())->getResult(0);
  container.value =
      tensor::PadOp::create(b, loc, Type(), slice, low, high, value);
  return container;
}

/// One tile: every op of the stack on the part of its output the tile needs
/// and has not computed before. Returns the updated stack output.
Value StackEmitter::emitTile(Value output, SmallVectorImpl<Value> &columnCaches,
                             SmallVectorImpl<Value> &rowCaches,
                             SmallVectorImpl<Value> &wholes) {
  unsigned numOps = plan.ops.size();
  SmallVector<Value> tiles(numOps);
  const Ranges &x = ranges[kX], &y = ranges[kY];
  AffineExpr s0 = sym(0), s1 = sym(1);
  for (unsigned p = 0; p < numOps; ++p) {
    StackOp &op = plan.ops[p];
    bool isOutput = p + 1 == numOps;
    Tile box;
    for (int64_t size : op.nest.loopSizes) {
      box.offsets.push_back(b.getIndexAttr(0));
      box.sizes.push_back(b.getIndexAttr(size));
    }
    box.offsets[op.loop[kX]] = x.n[p];
    box.sizes[op.loop[kX]] = apply(s0 - s1, {x.hi[p], x.n[p]});
    box.offsets[op.loop[kY]] = y.n[p];
    box.sizes[op.loop[kY]] = apply(s0 - s1, {y.hi[p], y.n[p]});

    SmallVector<Container> containers;
    SmallVector<OpFoldResult> initOffsets, initSizes;
    for (OpOperand &operand : op.nest.op->getOpOperands()) {
      unsigned number = operand.getOperandNumber();
      unsigned rank = op.nest.access[number].size();
      Container container{operand.get(),
                          SmallVector<OpFoldResult>(rank, b.getIndexAttr(0))};
      if (int q = op.producer[number]; q >= 0 && op.pad[number]) {
        container = padTile(p, number, tiles[q]);
      } else if (q >= 0) {
        const StackOp &producer = plan.ops[q];
        container.value = tiles[q];
        container.origin[producer.outDim[kX]] = x.lo[q];
        container.origin[producer.outDim[kY]] = y.lo[q];
      } else if (number == op.nest.init) {
        operandBox(op.nest, b, loc, number, box, initOffsets, initSizes);
        container.value =
            extract(isOutput ? output : operand.get(), initOffsets, initSizes);
        container.origin = initOffsets;
      }
      containers.push_back(std::move(container));
    }
    Value computed = buildNest(op.nest, b, &box, containers);
    if (op.escapes)
      wholes[p] = insert(computed, wholes[p], initOffsets, initSizes);
    if (isOutput)
      return insert(computed, output, initOffsets, initSizes);
    tiles[p] = assemble(p, computed, columnCaches, rowCaches);
  }
  llvm_unreachable("a stack ends with its output");
}

Value StackEmitter::emit(SmallVectorImpl<Value> &escaping) {
  unsigned numOps = plan.ops.size();
  MLIRContext *ctx = b.getContext();
  auto annotate = [&](scf::ForOp loop, unsigned d) {
    loop->setAttr(kTileAttrName, StringAttr::get(ctx, kDimName[d]));
    loop->setAttr(kStackAttrName, b.getI64IntegerAttr(plan.id));
    loop->setAttr(kModeAttrName, plan.modeName);
  };
  auto cacheTensor = [&](unsigned p, int64_t width, int64_t height,
                         StringRef kind) {
    Value cache =
        emptyTensor(plan.ops[p], b.getIndexAttr(width), b.getIndexAttr(height));
    cache.getDefiningOp()->setAttr(kCacheAttrName, StringAttr::get(ctx, kind));
    return cache;
  };

  // Carried buffers, updated in place: per op, its column cache and its row
  // cache, two halves of W_y rows (tile row i reads the half row i - 1
  // wrote and writes the other).
  SmallVector<unsigned> byColumns, byRows;
  SmallVector<Value> carried = {
      ops.back()->getOperand(plan.ops.back().nest.init)};
  for (unsigned p = 0; p + 1 < numOps; ++p) {
    const StackOp &op = plan.ops[p];
    if (cached(p, kX)) {
      byColumns.push_back(p);
      carried.push_back(cacheTensor(p, op.cache[kX], op.cacheRows, "columns"));
    }
  }
  for (unsigned p = 0; p + 1 < numOps; ++p) {
    const StackOp &op = plan.ops[p];
    if (cached(p, kY)) {
      byRows.push_back(p);
      carried.push_back(
          cacheTensor(p, op.outShape[op.outDim[kX]], 2 * op.cache[kY], "rows"));
    }
  }
  // Whole results of the ops used after the stack, filled tile by tile.
  SmallVector<unsigned> escapes;
  for (unsigned p = 0; p + 1 < numOps; ++p)
    if (plan.ops[p].escapes) {
      escapes.push_back(p);
      carried.push_back(ops[p]->getOperand(plan.ops[p].nest.init));
    }

  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value rowCount = arith::ConstantIndexOp::create(b, loc, plan.numTiles[kY]);
  Value columnCount = arith::ConstantIndexOp::create(b, loc, plan.numTiles[kX]);
  auto rowLoop = scf::ForOp::create(b, loc, zero, rowCount, one, carried);
  annotate(rowLoop, kY);
  // Output elements each op computes in all: its feature map plus the
  // recomputed halos (no more than the map in fully-cached mode).
  SmallVector<int64_t> computed;
  for (const StackOp &op : plan.ops) {
    int64_t elements = op.computed[kX] * op.computed[kY];
    for (auto [dim, size] : llvm::enumerate(op.outShape))
      if (dim != op.outDim[kX] && dim != op.outDim[kY])
        elements *= size;
    computed.push_back(elements);
  }
  rowLoop->setAttr(kComputedAttrName, b.getDenseI64ArrayAttr(computed));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rowLoop.getBody());
  rowIndex = rowLoop.getInductionVar();
  ranges[kY] = emitRanges(kY, rowIndex);
  auto columnLoop = scf::ForOp::create(b, loc, zero, columnCount, one,
                                       rowLoop.getRegionIterArgs());
  annotate(columnLoop, kX);
  scf::YieldOp::create(b, loc, columnLoop.getResults());

  b.setInsertionPointToStart(columnLoop.getBody());
  ValueRange args = columnLoop.getRegionIterArgs();
  ranges[kX] = emitRanges(kX, columnLoop.getInductionVar());
  SmallVector<Value> columnCaches(numOps), rowCaches(numOps);
  for (auto [i, p] : llvm::enumerate(byColumns))
    columnCaches[p] = args[1 + i];
  for (auto [i, p] : llvm::enumerate(byRows))
    rowCaches[p] = args[1 + byColumns.size() + i];
  SmallVector<Value> wholes(numOps);
  unsigned firstWhole = 1 + byColumns.size() + byRows.size();
  for (auto [i, p] : llvm::enumerate(escapes))
    wholes[p] = args[firstWhole + i];
  SmallVector<Value> yields = {
      emitTile(args[0], columnCaches, rowCaches, wholes)};
  for (unsigned p : byColumns)
    yields.push_back(columnCaches[p]);
  for (unsigned p : byRows)
    yields.push_back(rowCaches[p]);
  for (unsigned p : escapes)
    yields.push_back(wholes[p]);
  scf::YieldOp::create(b, loc, yields);
  escaping.assign(numOps, nullptr);
  for (auto [i, p] : llvm::enumerate(escapes))
    escaping[p] = rowLoop.getResult(firstWhole + i);
  return rowLoop.getResult(0);
}

void nest::rewriteStack(StackPlan &plan, RewriterBase &rewriter) {
  if (Operation *op = plan.untiledOp) {
    rewriter.modifyOpInPlace(
        op, [&] { op->removeAttr(ZigZagDialect::kDepthFirstAttrName); });
    if (plan.untiled)
      rewriteOp(*plan.untiled, rewriter);
    return;
  }
  SmallVector<Operation *> ops;
  for (const StackOp &op : plan.ops)
    ops.push_back(op.nest.op);
  Operation *output = ops.back();
  rewriter.setInsertionPoint(output);
  Operation *before = output->getPrevNode();
  SmallVector<Value> escaping;
  Value result = StackEmitter(plan, ops, rewriter).emit(escaping);
  SmallVector<Operation *> created;
  for (Operation *it = before ? before->getNextNode()
                              : &output->getBlock()->front();
       it != output; it = it->getNextNode())
    created.push_back(it);
  rewriter.replaceOp(output, result);
  for (auto [op, whole] : llvm::zip_equal(ops, escaping))
    if (whole)
      rewriter.replaceAllUsesWith(op->getResult(0), whole);
  // Consumers before their producers, the pads in between included.
  SmallVector<Operation *> dead(ArrayRef<Operation *>(ops).drop_back());
  for (tensor::PadOp pad : plan.pads)
    dead.push_back(pad);
  llvm::sort(dead, [](Operation *lhs, Operation *rhs) {
    return rhs->isBeforeInBlock(lhs);
  });
  for (Operation *op : dead)
    rewriter.eraseOp(op);
  for (Operation *op : plan.annotatedPads)
    if (!llvm::is_contained(dead, op))
      rewriter.modifyOpInPlace(
          op, [&] { op->removeAttr(ZigZagDialect::kDepthFirstAttrName); });
  cleanUp(rewriter, created);
}
