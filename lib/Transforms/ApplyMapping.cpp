//===- ApplyMapping.cpp - zigzag.mapping -> accelerator loop nest ---------===//
//
// Rewrites each linalg op carrying a #zigzag.mapping into the loop nest the
// mapping describes (docs/Rewrite.md):
//   * the temporal loops, outermost first, as scf.for loops of `factor`
//     iterations over tiles of their loop dim;
//   * the spatially unrolled loops as an innermost scf.forall, one induction
//     variable per (array dim, loop) pair, mapped to #zigzag.array_dim;
//   * at each memory-level boundary of each operand, a copy of the operand
//     tile into a buffer in that memory's space (#zigzag.memory_space), and for
//     the output the copy back.
//
// Index decomposition of a loop dim of size N with spatial unrolling S and
// temporal loops f1 (innermost), f2, ... (f1 * f2 * ... = ceil(N / S)):
//   i = s + S * (t1 + f1 * (t2 + f2 * (...)))
// so the temporal loop at position p steps over tiles of S * (product of the
// inner factors of the same dim). Tiles past N are clipped with affine.min;
// as the product is ceil(N / S), every temporal iteration is non-empty and
// only spatial lanes of the last tile idle.
//
// A loop of dynamic size (modelled at its `zigzag.assumed_dims` size) runs
// over the runtime size instead (docs/DynamicShapes.md): its root extent comes
// from the operands' shapes and each of its loops runs ceil(extent / step)
// times, clipping the last tile, so the nest is correct for any size.
//
// Ops of depth-first stacks (zigzag.depth_first) are planned and rewritten by
// ApplyDepthFirst.cpp, which nests each op's tile with the builder here.
//
//===----------------------------------------------------------------------===//

#include "MappingNest.h"

#include "zigzag/Analysis/WorkloadAnalysis.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Model/MappingValidity.h"
#include "zigzag/Transforms/Passes.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Iterators.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"

namespace mlir {
namespace zigzag {
#define GEN_PASS_DEF_APPLYMAPPING
#include "zigzag/Transforms/Passes.h.inc"
} // namespace zigzag
} // namespace mlir

using namespace mlir;
using namespace mlir::zigzag;
using namespace mlir::zigzag::nest;
using ::zigzag::MemOperand;

static constexpr StringLiteral kLoopAttrName = "zigzag.loop";
static constexpr StringLiteral kLevelAttrName = "zigzag.level";

/// Splits an affine-linear `expr` over `numDims` loops into coefficients and
/// a constant; fails for mod, floordiv, ceildiv and products of loops.
static bool decomposeLinear(AffineExpr expr, unsigned numDims,
                            IndexExpr &result) {
  bool linear = expr.isPureAffine();
  expr.walk([&](AffineExpr e) {
    if (e.getKind() == AffineExprKind::Mod ||
        e.getKind() == AffineExprKind::FloorDiv ||
        e.getKind() == AffineExprKind::CeilDiv ||
        e.getKind() == AffineExprKind::SymbolId)
      linear = false;
  });
  if (!linear)
    return false;
  MLIRContext *ctx = expr.getContext();
  auto evaluate = [&](int hot) -> std::optional<int64_t> {
    SmallVector<AffineExpr> values;
    for (unsigned d = 0; d < numDims; ++d)
      values.push_back(getAffineConstantExpr(int(d) == hot ? 1 : 0, ctx));
    AffineExpr folded =
        simplifyAffineExpr(expr.replaceDims(values), numDims, 0);
    if (auto constant = dyn_cast<AffineConstantExpr>(folded))
      return constant.getValue();
    return std::nullopt;
  };
  std::optional<int64_t> constant = evaluate(-1);
  if (!constant)
    return false;
  result.constant = *constant;
  result.coefs.assign(numDims, 0);
  for (unsigned d = 0; d < numDims; ++d) {
    std::optional<int64_t> value = evaluate(d);
    if (!value)
      return false;
    result.coefs[d] = *value - *constant;
  }
  return true;
}

static std::string listNames(ArrayRef<std::string> names) {
  std::string s;
  for (const std::string &name : names)
    s += (s.empty() ? "" : ", ") + name;
  return s;
}

FailureOr<Plan> nest::planRewrite(Operation *rawOp, Attribute rawMapping,
                                  const PlanOptions &options) {
  auto fail = [&]() { return rawOp->emitError(options.errorPrefix); };
  MappingAttr mapping;
  if (rawMapping) {
    mapping = dyn_cast<MappingAttr>(rawMapping);
    if (!mapping)
      return fail() << "the attribute must be a #zigzag.mapping, got "
                    << rawMapping;
  }
  if (!isa<TilingInterface>(rawOp))
    return fail() << "the op does not implement TilingInterface";
  auto op = dyn_cast<linalg::LinalgOp>(rawOp);
  if (!op)
    return fail() << "only linalg ops are supported";
  if (!op.hasPureTensorSemantics() && !op.hasPureBufferSemantics())
    return fail() << "the op mixes tensor and buffer operands";
  if (op.getNumDpsInits() != 1)
    return fail() << "the op has " << op.getNumDpsInits()
                  << " inits; only ops with one output are supported";

  Plan plan;
  plan.op = op;
  plan.tensors = op.hasPureTensorSemantics();
  plan.init = op.getDpsInitOperand(0)->getOperandNumber();
  plan.loopSizes = op.getStaticLoopRanges();
  if (llvm::any_of(plan.loopSizes, ShapedType::isDynamic) &&
      (!options.dynamicLoops || !mapping))
    return fail() << "dynamic shapes are not supported";
  unsigned numLoops = plan.loopSizes.size();
  plan.adaptive.assign(numLoops, false);
  for (unsigned dim : options.adaptiveDims)
    plan.adaptive[dim] = true;
  // A mapping searched for an assumed size must still cover any runtime
  // size: each loop of the dim runs ceil(extent / step) times and clips its
  // last tile, as for depth-first tiles.
  for (unsigned dim = 0; dim < numLoops; ++dim)
    if (ShapedType::isDynamic(plan.loopSizes[dim]))
      plan.adaptive[dim] = true;

  // Index expressions of every operand, to slice tiles.
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    SmallVector<IndexExpr> exprs;
    for (AffineExpr expr : map.getResults()) {
      IndexExpr index;
      if (!decomposeLinear(expr, numLoops, index))
        return fail() << "the indexing map of operand #"
                      << operand.getOperandNumber()
                      << " is not affine-linear in the loops: "
                      << AffineMapAttr::get(map);
      exprs.push_back(std::move(index));
    }
    plan.access.push_back(std::move(exprs));
  }
  // Slices start at the constant offsets of the maps, so the clones drop
  // them.
  bool hasOffsets = llvm::any_of(plan.access, [](ArrayRef<IndexExpr> exprs) {
    return llvm::any_of(exprs, [](const IndexExpr &e) { return e.constant; });
  });
  if (hasOffsets) {
    if (!isa<linalg::GenericOp>(rawOp))
      return fail() << "an indexing map has a constant offset, which only "
                       "linalg.generic ops can drop on their tiles";
    SmallVector<AffineMap> maps;
    for (OpOperand &operand : op->getOpOperands()) {
      AffineMap map = op.getMatchingIndexingMap(&operand);
      SmallVector<AffineExpr> results;
      for (auto [expr, index] : llvm::zip_equal(
               map.getResults(), plan.access[operand.getOperandNumber()]))
        results.push_back(
            simplifyAffineExpr(expr - index.constant, numLoops, 0));
      maps.push_back(AffineMap::get(numLoops, 0, results, op->getContext()));
    }
    plan.tileMaps = Builder(op->getContext()).getAffineMapArrayAttr(maps);
  }
  if (!mapping) {
    plan.stages.resize(1);
    return plan;
  }

  std::string whyNot;
  FailureOr<LinalgWorkload> workload = analyzeLinalgOp(op, whyNot);
  if (failed(workload))
    return fail() << whyNot;
  const ::zigzag::Workload &w = workload->workload;
  if (workload->operand(MemOperand::O)->getOperandNumber() != plan.init)
    return fail() << "the output O must be the op's init";

  auto findLoop = [&](StringAttr name) -> FailureOr<unsigned> {
    int loop = w.findLoop(name.str());
    if (loop < 0)
      return fail() << "the mapping names loop '" << name.getValue()
                    << "', which the op does not have (its loops: "
                    << listNames(w.loopNames) << ")";
    return static_cast<unsigned>(loop);
  };

  // Spatial unrolling: one forall lane per (array dim, loop) pair.
  MLIRContext *ctx = op->getContext();
  SmallVector<int64_t> spatial(numLoops, 1), lanesOfDim(numLoops, 0);
  for (const SpatialUnrolling &u : mapping.getSpatial()) {
    FailureOr<unsigned> loop = findLoop(u.loop);
    if (failed(loop))
      return failure();
    spatial[*loop] *= u.factor;
    ++lanesOfDim[*loop];
    plan.lanes.push_back(
        {ArrayDimAttr::get(ctx, u.arrayDim.getValue(), u.loop.getValue()),
         *loop, u.factor, 1, false, w.reduction[*loop]});
  }
  for (LanePlan &lane : plan.lanes) {
    lane.soleLaneOfDim = lanesOfDim[lane.dim] == 1;
    for (const LanePlan &later :
         ArrayRef(plan.lanes).drop_front(&lane - plan.lanes.data() + 1))
      if (later.dim == lane.dim)
        lane.stride *= later.factor;
  }

  // Temporal loops, innermost first: steps grow with the inner factors.
  SmallVector<int64_t> temporalProduct(numLoops, 1), outermost(numLoops, 0);
  SmallVector<bool> hasTemporal(numLoops, false);
  for (const TemporalLoop &l : mapping.getTemporal()) {
    FailureOr<unsigned> loop = findLoop(l.loop);
    if (failed(loop))
      return failure();
    plan.temporal.push_back(
        {l.loop, *loop, l.size, spatial[*loop] * temporalProduct[*loop], {}});
    temporalProduct[*loop] *= l.size;
    outermost[*loop] = l.size;
    hasTemporal[*loop] = true;
  }
  for (unsigned l = 0; l < numLoops; ++l) {
    int64_t size = w.loopSizes[l];
    if (plan.adaptive[l]) {
      // A dynamic loop may be smaller than its unrolling at run time too:
      // the guarded lanes below idle past its end.
      if (spatial[l] > size && !ShapedType::isDynamic(plan.loopSizes[l]))
        return fail() << "loop '" << w.loopNames[l] << "' of size " << size
                      << " is unrolled " << spatial[l] << " times in space";
      // Its tile size varies per depth-first tile: a partial tile leaves
      // the lanes past its end idle.
      for (LanePlan &lane : plan.lanes)
        if (lane.dim == l && lanesOfDim[l] > 1)
          lane.guarded = true;
      // Its outermost loop runs as often as each tile needs: add one when
      // the mapping has none, so a tile wider than the unrolling is covered.
      if (!hasTemporal[l])
        plan.temporal.push_back(
            {StringAttr::get(ctx, w.loopNames[l]), l, 1, spatial[l], {}});
      continue;
    }
    if (std::string problem = ::zigzag::checkLoopCoverage(
            w, l, spatial[l], temporalProduct[l], outermost[l]);
        !problem.empty())
      return fail() << problem;
    // Imperfect factorization (factors multiplying to more than
    // ceil(size / spatial)): a partial tile may hold fewer inner tiles than
    // the inner loop's factor, so every loop of the dim runs as often as its
    // tile needs, and the lanes past a partial tile's end idle.
    if (temporalProduct[l] > ::zigzag::temporalIterations(size, spatial[l])) {
      plan.adaptive[l] = true;
      for (LanePlan &lane : plan.lanes)
        if (lane.dim == l && lanesOfDim[l] > 1)
          lane.guarded = true;
      continue;
    }
    // The last tile of a loop unrolled over several array dims is partial:
    // the lanes past its end idle.
    for (LanePlan &lane : plan.lanes)
      if (lane.dim == l && lanesOfDim[l] > 1 && size % spatial[l] != 0)
        lane.guarded = true;
  }

  // Memory levels per operand, innermost first.
  unsigned numTemporal = plan.temporal.size();
  struct OperandLevels {
    OpOperand *operand;
    SmallVector<LevelCut> cuts;
    /// Where each level's tile is copied in: the cut, moved up over the
    /// loops irrelevant to the operand right above it (their iterations
    /// reuse the same tile; ZigZag's stationary merge-down, docs/CostModel.md
    /// "Temporal post-processing"), so copies happen exactly as often as the
    /// cost model counts.
    SmallVector<unsigned> stageAt;
  };
  SmallVector<OperandLevels> levels;
  for (MemOperand role : ::zigzag::kAllMemOperands) {
    StringRef roleName = ::zigzag::toString(role);
    SmallVector<LevelCut> cuts = mapping.getLevelsOf(roleName);
    if (cuts.empty())
      continue;
    OpOperand *operand = workload->operand(role);
    if (!operand)
      return fail() << "the mapping gives memory levels for " << roleName
                    << ", which the op does not have";
    ArrayRef<IndexExpr> access = plan.access[operand->getOperandNumber()];
    auto isRelevant = [&](unsigned dim) {
      return llvm::any_of(access,
                          [&](const IndexExpr &e) { return e.coefs[dim]; });
    };
    OperandLevels entry{operand, std::move(cuts), {}};
    for (const LevelCut &cut : entry.cuts) {
      unsigned pos = cut.end;
      while (pos < numTemporal && !isRelevant(plan.temporal[pos].dim))
        ++pos;
      entry.stageAt.push_back(pos);
    }
    levels.push_back(std::move(entry));
  }
  auto levelDict = [&](function_ref<StringAttr(const OperandLevels &)> pick) {
    SmallVector<NamedAttribute> entries;
    for (const OperandLevels &entry : levels)
      entries.emplace_back(entry.cuts.front().operand, pick(entry));
    return DictionaryAttr::get(ctx, entries);
  };
  for (auto [pos, loop] : llvm::enumerate(plan.temporal))
    loop.levels = levelDict([&, pos = pos](const OperandLevels &entry) {
      for (auto [cut, stageAt] : llvm::zip_equal(entry.cuts, entry.stageAt))
        if (pos < stageAt)
          return cut.memory;
      return entry.cuts.back().memory;
    });
  plan.laneLevels = levelDict(
      [](const OperandLevels &entry) { return entry.cuts.front().memory; });

  // Every level but the top (the operand itself) gets its tile copied in.
  plan.stages.resize(numTemporal + 1);
  if (options.stageBuffers) {
    for (const OperandLevels &entry : levels)
      for (int m = static_cast<int>(entry.cuts.size()) - 2; m >= 0; --m)
        plan.stages[entry.stageAt[m]].push_back(
            {entry.operand->getOperandNumber(),
             MemorySpaceAttr::get(ctx, entry.cuts[m].memory.getValue())});
  }

  // Lanes that unroll a reduction loop each accumulate a partial result;
  // the op's combiner merges them (the array's adder tree).
  for (LanePlan &lane : llvm::reverse(plan.lanes)) {
    if (!lane.reduction)
      continue;
    lane.slotStride = plan.numSlots;
    plan.numSlots *= lane.factor;
  }
  if (plan.numSlots > 1) {
    SmallVector<Operation *> combiners;
    SmallVector<BlockArgument> outputArgs(op.getRegionOutputArgs());
    StringRef loop = llvm::find_if(plan.lanes, [](const LanePlan &lane) {
                       return lane.reduction;
                     })->mapping.getLoop();
    if (!matchReduction(outputArgs, 0, combiners) || combiners.size() != 1)
      return fail() << "reduction loop '" << loop
                    << "' is unrolled in space, but the op's payload has no "
                       "single combining op to merge the partial results";
    plan.combiner = combiners.front();
    std::optional<TypedAttr> neutral = arith::getNeutralElement(plan.combiner);
    if (!neutral)
      return fail() << "reduction loop '" << loop
                    << "' is unrolled in space, but the combining op '"
                    << plan.combiner->getName()
                    << "' has no neutral element to start partial results";
    plan.neutral = *neutral;
  }
  return plan;
}

namespace {
/// A staging copy to undo (copy back, free) after the inner loops.
struct Staged {
  unsigned operand;
  Container parent;
  SmallVector<OpFoldResult> offsets; // in the parent
  SmallVector<OpFoldResult> sizes;
  Value parentSlice; // memref form: subview of the parent
  Value buffer;
};

class NestBuilder {
public:
  NestBuilder(Plan &plan, OpBuilder &b) : plan(plan), b(b) {
    loc = plan.op.getLoc();
  }

  /// Emits the nest over `root` (the whole iteration domain when null),
  /// reading the operands from `containers` (the op's own operands when
  /// empty); returns the new output container (tensor form) or null.
  Value build(const Tile *root, ArrayRef<Container> containers) {
    SmallVector<Container> ownOperands;
    if (containers.empty()) {
      for (OpOperand &operand : plan.op->getOpOperands()) {
        unsigned rank = plan.access[operand.getOperandNumber()].size();
        ownOperands.push_back({operand.get(), SmallVector<OpFoldResult>(
                                                  rank, b.getIndexAttr(0))});
      }
      containers = ownOperands;
    }
    Tile full;
    if (!root) {
      // Dynamic loops run over the runtime sizes of the operands.
      SmallVector<Range> ranges;
      if (llvm::any_of(plan.loopSizes, ShapedType::isDynamic))
        ranges = plan.op.createLoopRanges(b, loc);
      for (auto [dim, size] : llvm::enumerate(plan.loopSizes)) {
        full.offsets.push_back(b.getIndexAttr(0));
        full.sizes.push_back(ShapedType::isDynamic(size)
                                 ? ranges[dim].size
                                 : OpFoldResult(b.getIndexAttr(size)));
      }
      root = &full;
    }
    return emitLevel(plan.temporal.size(), *root,
                     SmallVector<Container>(containers));
  }

private:
  /// `expr` over symbols s0, s1, ... bound to `operands`.
  OpFoldResult apply(AffineExpr expr, ArrayRef<OpFoldResult> operands) {
    AffineMap map = AffineMap::get(0, operands.size(), expr);
    return affine::makeComposedFoldedAffineApply(b, loc, map, operands);
  }

  void operandBox(unsigned number, const Tile &tile,
                  SmallVectorImpl<OpFoldResult> &offsets,
                  SmallVectorImpl<OpFoldResult> &sizes) {
    nest::operandBox(plan, b, loc, number, tile, offsets, sizes);
  }

  SmallVector<OpFoldResult> relative(ArrayRef<OpFoldResult> absolute,
                                     ArrayRef<OpFoldResult> origin) {
    AffineExpr s0 = getAffineSymbolExpr(0, b.getContext());
    AffineExpr s1 = getAffineSymbolExpr(1, b.getContext());
    SmallVector<OpFoldResult> result;
    for (auto [abs, org] : llvm::zip_equal(absolute, origin))
      result.push_back(apply(s0 - s1, {abs, org}));
    return result;
  }

  /// extract_slice or subview with unit strides; `type` forces a
  /// rank-reduced result.
  /// Whether the box `offsets`, `sizes` is all of tensor `source`.
  bool isWhole(Value source, ArrayRef<OpFoldResult> offsets,
               ArrayRef<OpFoldResult> sizes) {
    auto type = cast<RankedTensorType>(source.getType());
    for (auto [dim, offset, size] : llvm::enumerate(offsets, sizes)) {
      if (!isZeroInteger(offset))
        return false;
      if (type.isDynamicDim(dim)
              ? !isSameIndex(size, dynamicSize(source, dim))
              : !isConstantIntValue(size, type.getDimSize(dim)))
        return false;
    }
    return true;
  }

  /// The size of dim `dim` of `tensor` as created by the slices, empties and
  /// destination-style ops it comes from; null if unknown.
  static OpFoldResult dynamicSize(Value tensor, unsigned dim) {
    Operation *def = tensor.getDefiningOp();
    if (auto extract = dyn_cast_or_null<tensor::ExtractSliceOp>(def))
      return extract.getDroppedDims().none() ? extract.getMixedSizes()[dim]
                                             : OpFoldResult();
    if (auto empty = dyn_cast_or_null<tensor::EmptyOp>(def))
      return empty.getMixedSizes()[dim];
    if (auto insert = dyn_cast_or_null<tensor::InsertSliceOp>(def))
      return dynamicSize(insert.getDest(), dim);
    if (auto dps = dyn_cast_or_null<DestinationStyleOpInterface>(def))
      return dynamicSize(dps.getTiedOpOperand(cast<OpResult>(tensor))->get(),
                         dim);
    return {};
  }

  /// Same constant, same value, or affine.apply of the same map on the same
  /// indices (the builder does not deduplicate them).
  static bool isSameIndex(OpFoldResult lhs, OpFoldResult rhs) {
    if (!lhs || !rhs)
      return false;
    std::optional<int64_t> l = getConstantIntValue(lhs);
    std::optional<int64_t> r = getConstantIntValue(rhs);
    if (l || r)
      return l == r;
    Value lv = cast<Value>(lhs), rv = cast<Value>(rhs);
    if (lv == rv)
      return true;
    auto la = lv.getDefiningOp<affine::AffineApplyOp>();
    auto ra = rv.getDefiningOp<affine::AffineApplyOp>();
    return la && ra && la.getAffineMap() == ra.getAffineMap() &&
           llvm::all_of_zip(la.getOperands(), ra.getOperands(),
                            [](Value a, Value b) { return isSameIndex(a, b); });
  }

  Value slice(Value source, ArrayRef<OpFoldResult> offsets,
              ArrayRef<OpFoldResult> sizes, Type type = {}) {
    SmallVector<OpFoldResult> strides(offsets.size(), b.getIndexAttr(1));
    if (plan.tensors) {
      // A tile that is its whole container needs no slice.
      if (!type && isWhole(source, offsets, sizes))
        return source;
      if (type)
        return tensor::ExtractSliceOp::create(b, loc,
                                              cast<RankedTensorType>(type),
                                              source, offsets, sizes, strides);
      return tensor::ExtractSliceOp::create(b, loc, source, offsets, sizes,
                                            strides);
    }
    if (type)
      return memref::SubViewOp::create(b, loc, cast<MemRefType>(type), source,
                                       offsets, sizes, strides);
    return memref::SubViewOp::create(b, loc, source, offsets, sizes, strides);
  }

  bool isSliceable(unsigned number) {
    return !plan.access[number].empty() &&
           isa<ShapedType>(plan.op->getOperand(number).getType());
  }

  /// Fresh memref buffer with `sizes`, in `memorySpace` (null: default).
  Value allocBuffer(ArrayRef<OpFoldResult> sizes, Type elementType,
                    Attribute memorySpace) {
    SmallVector<Value> dynamic;
    SmallVector<int64_t> shape;
    dispatchIndexOpFoldResults(sizes, dynamic, shape);
    auto type = MemRefType::get(shape, elementType, MemRefLayoutAttrInterface(),
                                memorySpace);
    return memref::AllocOp::create(b, loc, type, dynamic);
  }

  /// Copies the tiles staged at position `q` into their memories.
  SmallVector<Staged> stage(unsigned q, const Tile &tile,
                            SmallVectorImpl<Container> &containers) {
    SmallVector<Staged> staged;
    for (const StagePlan &stagePlan : plan.stages[q]) {
      if (!isSliceable(stagePlan.operand))
        continue;
      Container &container = containers[stagePlan.operand];
      Staged s;
      s.operand = stagePlan.operand;
      s.parent = container;
      SmallVector<OpFoldResult> absolute;
      operandBox(stagePlan.operand, tile, absolute, s.sizes);
      s.offsets = relative(absolute, container.origin);
      Value parentSlice = slice(container.value, s.offsets, s.sizes);
      if (plan.tensors) {
        s.buffer = bufferization::AllocTensorOp::create(
            b, loc, parentSlice.getType(), /*dynamic_sizes=*/ValueRange(),
            /*copy=*/parentSlice, /*size_hint=*/Value(), stagePlan.memory);
      } else {
        s.parentSlice = parentSlice;
        s.buffer = allocBuffer(
            s.sizes, cast<MemRefType>(parentSlice.getType()).getElementType(),
            stagePlan.memory);
        memref::CopyOp::create(b, loc, parentSlice, s.buffer);
      }
      container = {s.buffer, std::move(absolute)};
      staged.push_back(std::move(s));
    }
    return staged;
  }

  /// Copies the output back through the levels staged at one position
  /// (innermost first) and frees the buffers; returns the parent output.
  Value unstage(ArrayRef<Staged> staged, Value output) {
    for (const Staged &s : llvm::reverse(staged)) {
      bool isOutput = s.operand == plan.init;
      if (plan.tensors) {
        if (!isOutput)
          continue;
        SmallVector<OpFoldResult> strides(s.offsets.size(), b.getIndexAttr(1));
        output = tensor::InsertSliceOp::create(b, loc, output, s.parent.value,
                                               s.offsets, s.sizes, strides);
        continue;
      }
      if (isOutput)
        memref::CopyOp::create(b, loc, s.buffer, s.parentSlice);
      memref::DeallocOp::create(b, loc, s.buffer);
    }
    return output;
  }

  /// Emits staging at position `q`, then the temporal loop at position q-1
  /// (or the spatial lanes when q == 0) over `tile`. Returns the new value of
  /// the output container (tensor form) or null.
  Value emitLevel(unsigned q, const Tile &tile,
                  SmallVector<Container> containers) {
    SmallVector<Staged> staged = stage(q, tile, containers);
    Value output = q == 0 ? emitSpatial(tile, containers)
                          : emitTemporal(q - 1, tile, containers);
    return unstage(staged, output);
  }

  Value emitTemporal(unsigned pos, const Tile &tile,
                     ArrayRef<Container> containers) {
    const TemporalLoopPlan &loop = plan.temporal[pos];
    unsigned d = loop.dim;
    AffineExpr s0 = getAffineSymbolExpr(0, b.getContext());
    AffineExpr s1 = getAffineSymbolExpr(1, b.getContext());
    // An adaptive loop runs as often as its tile needs (at most `factor`
    // times below an outer loop of the same dim).
    OpFoldResult tripCount = b.getIndexAttr(loop.factor);
    if (plan.adaptive[d])
      tripCount = apply(s0.ceilDiv(loop.step), {tile.sizes[d]});
    Value lb = arith::ConstantIndexOp::create(b, loc, 0);
    Value ub = getValueOrCreateConstantIndexOp(b, loc, tripCount);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    SmallVector<Value> inits;
    if (plan.tensors)
      inits.push_back(containers[plan.init].value);
    auto forOp = scf::ForOp::create(b, loc, lb, ub, one, inits);
    forOp->setAttr(kLoopAttrName, loop.name);
    forOp->setAttr(kLevelAttrName, loop.levels);

    OpBuilder::InsertionGuard guard(b);
    if (plan.tensors)
      b.setInsertionPointToStart(forOp.getBody());
    else
      b.setInsertionPoint(forOp.getBody()->getTerminator());
    Value iv = forOp.getInductionVar();

    // This iteration's tile: offset + iv * step, clipped to the parent tile.
    Tile inner = tile;
    std::optional<int64_t> trips = getConstantIntValue(tripCount);
    if (!trips || *trips > 1) {
      inner.offsets[d] = apply(s0 + s1 * loop.step, {tile.offsets[d], iv});
      std::optional<int64_t> parentSize = getConstantIntValue(tile.sizes[d]);
      // Unit steps are never partial, even over a runtime extent.
      if (loop.step == 1 || (parentSize && *parentSize % loop.step == 0)) {
        inner.sizes[d] = b.getIndexAttr(loop.step);
      } else {
        AffineMap clip =
            AffineMap::get(0, 2,
                           {getAffineConstantExpr(loop.step, b.getContext()),
                            s0 - s1 * loop.step},
                           b.getContext());
        inner.sizes[d] = affine::makeComposedFoldedAffineMin(
            b, loc, clip, {tile.sizes[d], iv});
      }
    }
    SmallVector<Container> innerContainers(containers);
    if (plan.tensors)
      innerContainers[plan.init].value = forOp.getRegionIterArgs().front();
    Value output = emitLevel(pos, inner, innerContainers);
    if (!plan.tensors)
      return {};
    scf::YieldOp::create(b, loc, output);
    return forOp.getResult(0);
  }

  /// The op on the single iteration point `point`, reading the inputs from
  /// `containers` and accumulating into `outputInit`.
  Value emitPoint(const Tile &point, ArrayRef<Container> containers,
                  Value outputInit) {
    SmallVector<Value> operands;
    for (OpOperand &operand : plan.op->getOpOperands()) {
      unsigned number = operand.getOperandNumber();
      if (number == plan.init) {
        operands.push_back(outputInit);
        continue;
      }
      if (!isSliceable(number)) {
        operands.push_back(containers[number].value);
        continue;
      }
      SmallVector<OpFoldResult> offsets, sizes;
      operandBox(number, point, offsets, sizes);
      operands.push_back(slice(containers[number].value,
                               relative(offsets, containers[number].origin),
                               sizes));
    }
    SmallVector<Type> resultTypes;
    if (plan.tensors)
      resultTypes.push_back(outputInit.getType());
    Operation *tiled = mlir::clone(b, plan.op, resultTypes, operands);
    // The clone must not be rewritten again, and its cost is the whole op's.
    tiled->removeAttr(ZigZagDialect::kMappingAttrName);
    tiled->removeAttr(ZigZagDialect::kCostAttrName);
    tiled->removeAttr(ZigZagDialect::kDepthFirstAttrName);
    // The tile has its own sizes: the assumed full size no longer applies.
    tiled->removeAttr(ZigZagDialect::kAssumedDimsAttrName);
    if (plan.tileMaps)
      cast<linalg::GenericOp>(tiled).setIndexingMapsAttr(plan.tileMaps);
    if (plan.op.hasIndexSemantics())
      linalg::offsetIndices(b, cast<linalg::LinalgOp>(tiled), point.offsets);
    return plan.tensors ? tiled->getResult(0) : Value();
  }

  /// The iteration point of a lane: the tile's offset plus the lane index.
  /// Along a guarded dim whose tile may be narrower than its lanes, a lane
  /// at index i of a tile of size T gets size max(0, min(1, T - i)) at offset
  /// min(i, T - 1): the idle lanes touch nothing and stay in bounds.
  Tile lanePoint(const Tile &tile, ValueRange ivs) {
    Tile point;
    point.offsets = tile.offsets;
    point.sizes.assign(tile.sizes.size(), b.getIndexAttr(1));
    MLIRContext *ctx = b.getContext();
    AffineExpr s0 = getAffineSymbolExpr(0, ctx);
    AffineExpr s1 = getAffineSymbolExpr(1, ctx);
    SmallVector<OpFoldResult> index(tile.sizes.size(), b.getIndexAttr(0));
    SmallVector<int64_t> lanesOf(tile.sizes.size(), 1);
    SmallVector<bool> guarded(tile.sizes.size(), false);
    for (auto [lane, iv] : llvm::zip_equal(plan.lanes, ivs)) {
      index[lane.dim] = apply(s0 + s1 * lane.stride, {index[lane.dim], iv});
      lanesOf[lane.dim] *= lane.factor;
      guarded[lane.dim] = guarded[lane.dim] || lane.guarded;
    }
    for (unsigned d = 0; d < tile.sizes.size(); ++d) {
      if (lanesOf[d] == 1)
        continue;
      std::optional<int64_t> size = getConstantIntValue(tile.sizes[d]);
      if (!guarded[d] || (size && *size >= lanesOf[d])) {
        point.offsets[d] = apply(s0 + s1, {tile.offsets[d], index[d]});
        continue;
      }
      AffineMap last = AffineMap::get(0, 2, {s0, s1 - 1}, ctx);
      OpFoldResult clamped = affine::makeComposedFoldedAffineMin(
          b, loc, last, {index[d], tile.sizes[d]});
      point.offsets[d] = apply(s0 + s1, {tile.offsets[d], clamped});
      OpFoldResult upToOne = affine::makeComposedFoldedAffineMin(
          b, loc,
          AffineMap::get(0, 2, {getAffineConstantExpr(1, ctx), s1 - s0}, ctx),
          {index[d], tile.sizes[d]});
      point.sizes[d] = affine::makeComposedFoldedAffineMax(
          b, loc,
          AffineMap::get(0, 1, {getAffineConstantExpr(0, ctx), s0}, ctx),
          {upToOne});
      point.mayBeEmpty = true;
    }
    return point;
  }

  /// The spatial lanes over the innermost tile (one point each), or the single
  /// point when nothing is unrolled.
  Value emitSpatial(const Tile &tile, ArrayRef<Container> containers) {
    const Container &out = containers[plan.init];
    unsigned outRank = plan.access[plan.init].size();
    SmallVector<OpFoldResult> ones(outRank, b.getIndexAttr(1));
    SmallVector<OpFoldResult> strides(outRank, b.getIndexAttr(1));

    if (plan.lanes.empty()) {
      SmallVector<OpFoldResult> offsets, sizes;
      operandBox(plan.init, tile, offsets, sizes);
      SmallVector<OpFoldResult> rel = relative(offsets, out.origin);
      Value result = emitPoint(tile, containers, slice(out.value, rel, sizes));
      if (!plan.tensors)
        return {};
      if (isWhole(out.value, rel, sizes))
        return result;
      return tensor::InsertSliceOp::create(b, loc, result, out.value, rel,
                                           sizes, strides);
    }

    SmallVector<OpFoldResult> bounds;
    SmallVector<Attribute> mapping;
    for (const LanePlan &lane : plan.lanes) {
      mapping.push_back(lane.mapping);
      // The innermost tile of a dim is at most its spatial unrolling: a sole
      // lane covers it exactly, so partial tiles leave no lane idle.
      bounds.push_back(lane.soleLaneOfDim ? tile.sizes[lane.dim]
                                          : b.getIndexAttr(lane.factor));
    }
    ArrayAttr mappingAttr = b.getArrayAttr(mapping);

    if (plan.numSlots == 1)
      return emitDisjointLanes(tile, containers, bounds, mappingAttr);
    return emitReducingLanes(tile, containers, bounds, mappingAttr);
  }

  /// Lanes writing disjoint output points: they update the output directly.
  Value emitDisjointLanes(const Tile &tile, ArrayRef<Container> containers,
                          ArrayRef<OpFoldResult> bounds, ArrayAttr mapping) {
    const Container &out = containers[plan.init];
    SmallVector<Value> outputs;
    if (plan.tensors)
      outputs.push_back(out.value);
    auto forall =
        scf::ForallOp::create(b, loc, bounds, outputs, mapping, nullptr);
    forall->setAttr(kLevelAttrName, plan.laneLevels);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(forall.getTerminator());

    Tile point = lanePoint(tile, forall.getInductionVars());
    SmallVector<Container> laneContainers(containers);
    if (plan.tensors)
      laneContainers[plan.init].value = forall.getRegionIterArgs().front();
    const Container &laneOut = laneContainers[plan.init];
    SmallVector<OpFoldResult> offsets, sizes;
    operandBox(plan.init, point, offsets, sizes);
    SmallVector<OpFoldResult> rel = relative(offsets, laneOut.origin);
    Value result =
        emitPoint(point, laneContainers, slice(laneOut.value, rel, sizes));
    if (!plan.tensors)
      return {};
    b.setInsertionPointToEnd(forall.getTerminator().getBody());
    SmallVector<OpFoldResult> strides(rel.size(), b.getIndexAttr(1));
    tensor::ParallelInsertSliceOp::create(b, loc, result, laneOut.value, rel,
                                          sizes, strides);
    return forall.getResult(0);
  }

  /// Lanes that unroll reduction loops: each accumulates into its own slot of
  /// a partial-result buffer, then a linalg.reduce with the op's combiner
  /// merges the slots into the output tile.
  Value emitReducingLanes(const Tile &tile, ArrayRef<Container> containers,
                          ArrayRef<OpFoldResult> bounds, ArrayAttr mapping) {
    const Container &out = containers[plan.init];
    auto outType = cast<ShapedType>(out.value.getType());
    Type elementType = outType.getElementType();
    unsigned outRank = plan.access[plan.init].size();

    SmallVector<OpFoldResult> tileOffsets, tileSizes;
    operandBox(plan.init, tile, tileOffsets, tileSizes);
    SmallVector<OpFoldResult> tileRel = relative(tileOffsets, out.origin);
    Value outTile = slice(out.value, tileRel, tileSizes);

    SmallVector<OpFoldResult> partialSizes = {b.getIndexAttr(plan.numSlots)};
    llvm::append_range(partialSizes, tileSizes);
    Value neutral = arith::ConstantOp::create(b, loc, plan.neutral);
    Value partial;
    if (plan.tensors) {
      Value empty = tensor::EmptyOp::create(b, loc, partialSizes, elementType);
      partial = linalg::FillOp::create(b, loc, neutral, empty).getResult(0);
    } else {
      partial = allocBuffer(partialSizes, elementType, Attribute());
      linalg::FillOp::create(b, loc, neutral, partial);
    }

    SmallVector<Value> outputs;
    if (plan.tensors)
      outputs.push_back(partial);
    auto forall =
        scf::ForallOp::create(b, loc, bounds, outputs, mapping, nullptr);
    forall->setAttr(kLevelAttrName, plan.laneLevels);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(forall.getTerminator());
      SmallVector<Value> ivs = forall.getInductionVars();
      Tile point = lanePoint(tile, ivs);

      // The lane's slot: linear index over the reduction lanes.
      AffineExpr slotExpr = getAffineConstantExpr(0, b.getContext());
      SmallVector<OpFoldResult> slotOperands;
      for (auto [lane, iv] : llvm::zip_equal(plan.lanes, ivs)) {
        if (!lane.reduction)
          continue;
        slotExpr = slotExpr +
                   getAffineSymbolExpr(slotOperands.size(), b.getContext()) *
                       lane.slotStride;
        slotOperands.push_back(iv);
      }
      Value laneBuffer =
          plan.tensors ? forall.getRegionIterArgs().front() : partial;
      SmallVector<OpFoldResult> pointOffsets, pointSizes;
      operandBox(plan.init, point, pointOffsets, pointSizes);
      SmallVector<OpFoldResult> offsets = {apply(slotExpr, slotOperands)};
      llvm::append_range(offsets, relative(pointOffsets, tileOffsets));
      // One element per lane, or none for an idle lane of a guarded dim.
      SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1)};
      llvm::append_range(sizes, pointSizes);
      SmallVector<OpFoldResult> strides(outRank + 1, b.getIndexAttr(1));
      SmallVector<int64_t> laneShape;
      for (OpFoldResult size : pointSizes)
        laneShape.push_back(
            getConstantIntValue(size).value_or(ShapedType::kDynamic));
      Type laneType;
      if (plan.tensors)
        laneType = RankedTensorType::get(laneShape, elementType);
      else
        laneType = memref::SubViewOp::inferRankReducedResultType(
            laneShape, cast<MemRefType>(partial.getType()), offsets, sizes,
            strides);
      Value laneInit = slice(laneBuffer, offsets, sizes, laneType);
      Value result = emitPoint(point, containers, laneInit);
      if (plan.tensors) {
        b.setInsertionPointToEnd(forall.getTerminator().getBody());
        tensor::ParallelInsertSliceOp::create(b, loc, result, laneBuffer,
                                              offsets, sizes, strides);
      }
    }

    // The adder tree: out = combine(out, partial[0], partial[1], ...).
    Value outputArg = plan.op.getRegionOutputArgs().front();
    Value partials = plan.tensors ? forall.getResult(0) : partial;
    auto reduce = linalg::ReduceOp::create(
        b, loc, ValueRange{partials}, ValueRange{outTile}, ArrayRef<int64_t>{0},
        [&](OpBuilder &nb, Location l, ValueRange args) {
          IRMapping map;
          for (Value operand : plan.combiner->getOperands())
            map.map(operand, operand == outputArg ? args[1] : args[0]);
          Operation *combined = nb.clone(*plan.combiner, map);
          linalg::YieldOp::create(nb, l, combined->getResult(0));
        });
    if (!plan.tensors) {
      memref::DeallocOp::create(b, loc, partial);
      return {};
    }
    Value merged = reduce->getResult(0);
    SmallVector<OpFoldResult> strides(outRank, b.getIndexAttr(1));
    return tensor::InsertSliceOp::create(b, loc, merged, out.value, tileRel,
                                         tileSizes, strides);
  }

  Plan &plan;
  OpBuilder &b;
  Location loc = UnknownLoc();
};
} // namespace

void nest::operandBox(const Plan &plan, OpBuilder &b, Location loc,
                      unsigned number, const Tile &tile,
                      SmallVectorImpl<OpFoldResult> &offsets,
                      SmallVectorImpl<OpFoldResult> &sizes) {
  unsigned numLoops = plan.loopSizes.size();
  MLIRContext *ctx = b.getContext();
  SmallVector<OpFoldResult> operands(tile.offsets);
  llvm::append_range(operands, tile.sizes);
  for (const IndexExpr &index : plan.access[number]) {
    AffineExpr low = getAffineConstantExpr(index.constant, ctx);
    AffineExpr size = getAffineConstantExpr(1, ctx);
    for (unsigned l = 0; l < numLoops; ++l) {
      int64_t c = index.coefs[l];
      if (c == 0)
        continue;
      AffineExpr offset = getAffineSymbolExpr(l, ctx);
      AffineExpr extent = getAffineSymbolExpr(numLoops + l, ctx);
      // A negative coefficient reaches its lowest index at the tile's end.
      low = low + (c > 0 ? offset * c : (offset + extent - 1) * c);
      size = size + (extent - 1) * std::abs(c);
    }
    auto apply = [&](AffineExpr expr) {
      return affine::makeComposedFoldedAffineApply(
          b, loc, AffineMap::get(0, operands.size(), expr), operands);
    };
    offsets.push_back(apply(low));
    // An empty extent makes the box empty, not negative (strides > 1).
    if (tile.mayBeEmpty)
      sizes.push_back(affine::makeComposedFoldedAffineMax(
          b, loc,
          AffineMap::get(0, operands.size(),
                         {getAffineConstantExpr(0, ctx), size}, ctx),
          operands));
    else
      sizes.push_back(apply(size));
  }
}

Value nest::buildNest(Plan &plan, OpBuilder &b, const Tile *root,
                      ArrayRef<Container> containers) {
  return NestBuilder(plan, b).build(root, containers);
}

/// The builder recomputes offsets freely: fold duplicates and drop unused
/// index computations in the new ops only, leaving the rest of the IR as is.
void nest::cleanUp(RewriterBase &rewriter, ArrayRef<Operation *> created) {
  // Offsets relative to a staged tile cancel terms; drop the dead operands.
  SmallVector<Operation *> affineOps;
  for (Operation *op : created)
    op->walk([&](Operation *nested) {
      if (isa<affine::AffineApplyOp, affine::AffineMinOp, affine::AffineMaxOp>(
              nested))
        affineOps.push_back(nested);
    });
  MLIRContext *ctx = rewriter.getContext();
  RewritePatternSet patterns(ctx);
  affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
  affine::AffineMinOp::getCanonicalizationPatterns(patterns, ctx);
  affine::AffineMaxOp::getCanonicalizationPatterns(patterns, ctx);
  (void)applyOpPatternsGreedily(affineOps, std::move(patterns));

  DominanceInfo dominance;
  for (Operation *op : created)
    if (op->getNumRegions() != 0)
      eliminateCommonSubExpressions(rewriter, dominance, op);
  for (Operation *op : llvm::reverse(created)) {
    op->walk<WalkOrder::PostOrder, ReverseIterator>([&](Operation *nested) {
      if (nested != op && isOpTriviallyDead(nested))
        rewriter.eraseOp(nested);
    });
    if (isOpTriviallyDead(op))
      rewriter.eraseOp(op);
  }
}

void nest::rewriteOp(Plan &plan, RewriterBase &rewriter) {
  Operation *op = plan.op;
  rewriter.setInsertionPoint(op);
  Operation *before = op->getPrevNode();
  Value output = buildNest(plan, rewriter);
  SmallVector<Operation *> created;
  for (Operation *it = before ? before->getNextNode()
                              : &op->getBlock()->front();
       it != op; it = it->getNextNode())
    created.push_back(it);
  if (plan.tensors)
    rewriter.replaceOp(op, output);
  else
    rewriter.eraseOp(op);
  cleanUp(rewriter, created);
}

namespace {
struct ApplyMappingPass
    : public mlir::zigzag::impl::ApplyMappingBase<ApplyMappingPass> {
  using ApplyMappingBase::ApplyMappingBase;

  void runOnOperation() override {
    // Ops of a depth-first stack are rewritten with their stack only.
    SmallVector<Operation *> mapped;
    llvm::MapVector<int64_t, SmallVector<Operation *>> stacks;
    bool failedAny = false;
    getOperation().walk([&](Operation *op) {
      // The dialect verifier guarantees the attribute's kind.
      if (auto annotation = op->getAttrOfType<DepthFirstAttr>(
              ZigZagDialect::kDepthFirstAttrName)) {
        stacks[annotation.getStack()].push_back(op);
        return;
      }
      if (op->hasAttr(ZigZagDialect::kMappingAttrName))
        mapped.push_back(op);
    });
    // Check every mapping and stack first: on any error the IR stays as it
    // was.
    PlanOptions options;
    options.stageBuffers = stageBuffers;
    options.dynamicLoops = true;
    SmallVector<Plan, 1> plans;
    for (Operation *op : mapped) {
      FailureOr<Plan> plan = planRewrite(
          op, op->getAttr(ZigZagDialect::kMappingAttrName), options);
      if (failed(plan))
        failedAny = true;
      else
        plans.push_back(std::move(*plan));
    }
    SmallVector<StackPlanPtr> stackPlans;
    for (auto &[id, ops] : stacks) {
      FailureOr<StackPlanPtr> plan = planStack(id, ops, stageBuffers);
      if (failed(plan))
        failedAny = true;
      else
        stackPlans.push_back(std::move(*plan));
    }
    if (failedAny)
      return signalPassFailure();

    IRRewriter rewriter(&getContext());
    for (Plan &plan : plans)
      rewriteOp(plan, rewriter);
    for (StackPlanPtr &plan : stackPlans)
      rewriteStack(*plan, rewriter);
  }
};
} // namespace
