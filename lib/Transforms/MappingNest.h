//===- MappingNest.h - Loop nest of one mapped op (private) -----*- C++ -*-===//
//
// The pieces of `--zigzag-apply-mapping` shared by the per-op rewrite
// (ApplyMapping.cpp) and the depth-first stack rewrite (ApplyDepthFirst.cpp):
// the plan of one op's loop nest, checked before any IR changes, and the
// builder that emits it over a box of the op's iteration domain.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_LIB_TRANSFORMS_MAPPINGNEST_H
#define ZIGZAG_LIB_TRANSFORMS_MAPPINGNEST_H

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

#include <memory>

namespace mlir {
namespace zigzag {
namespace nest {

/// One scf.for of the nest.
struct TemporalLoopPlan {
  StringAttr name;
  unsigned dim;   // linalg loop it tiles
  int64_t factor; // trip count
  int64_t step;   // extent of one iteration's tile along `dim`
  DictionaryAttr levels;
};

/// One induction variable of the spatial scf.forall.
struct LanePlan {
  ArrayDimAttr mapping;
  unsigned dim;
  int64_t factor;
  /// Weight of this lane in the dim's spatial index (later-listed unrollings
  /// of the same loop are less significant).
  int64_t stride;
  /// The only unrolling of its dim: its bound is clipped to the tile, so
  /// partial tiles spawn no idle lanes.
  bool soleLaneOfDim;
  bool reduction;
  /// One of several unrollings of a dim whose size they do not divide: in
  /// the last, partial tile the lanes past the dim's end get an empty point.
  bool guarded = false;
  /// Weight in the linear index of the partial-sum slot (reduction lanes).
  int64_t slotStride = 0;
};

/// A tensor dim of an operand indexed by const + sum coefs[l] * loop_l.
struct IndexExpr {
  SmallVector<int64_t> coefs;
  int64_t constant = 0;
};

struct StagePlan {
  unsigned operand; // operand number
  MemorySpaceAttr memory;
};

/// Everything the rewrite needs, checked before any IR is changed.
struct Plan {
  linalg::LinalgOp op;
  bool tensors = false;
  SmallVector<int64_t> loopSizes;
  /// Loops whose extent in the root box is only known per tile (depth-first
  /// rows and columns): their loops run ceil(extent / step) times.
  SmallVector<bool> adaptive;
  SmallVector<TemporalLoopPlan> temporal; // innermost first
  SmallVector<LanePlan> lanes;
  DictionaryAttr laneLevels;
  SmallVector<SmallVector<IndexExpr>> access; // per operand, per tensor dim
  /// Indexing maps of the clones on tiles when the op's maps have constant
  /// offsets (the slices start there); null otherwise.
  ArrayAttr tileMaps;
  /// stages[q]: staging copies in the body of the temporal loop at position
  /// q (q == temporal.size(): before the nest), outer memory first.
  SmallVector<SmallVector<StagePlan>> stages;
  unsigned init = 0;    // operand number of the output
  int64_t numSlots = 1; // partial-sum slots: product of reduction lanes
  Operation *combiner = nullptr;
  TypedAttr neutral;
};

struct PlanOptions {
  bool stageBuffers = true;
  /// Start of every diagnostic.
  StringRef errorPrefix = "cannot apply 'zigzag.mapping': ";
  /// See Plan::adaptive. Their temporal factors are not checked against the
  /// op's sizes; a loop unrolled over several array dims may not be one.
  ArrayRef<unsigned> adaptiveDims = {};
  /// Loops of dynamic size (their modelled size in `zigzag.assumed_dims`)
  /// become adaptive over the runtime size from the operands' shapes, so the
  /// nest covers any size; when false they are an error.
  bool dynamicLoops = false;
};

/// Checks `mapping` against `op` and derives the loop nest; emits an error at
/// the op and fails if it does not fit. A null `mapping` plans the op as one
/// point over the whole root box (no loops).
FailureOr<Plan> planRewrite(Operation *op, Attribute mapping,
                            const PlanOptions &options);

/// The tile sizes of `plan` per tiling level (`#zigzag.tiling`): one level
/// per temporal loop, outermost first, tiling its dim by the loop's step,
/// then the spatially unrolled reduction dims and the spatially unrolled
/// parallel dims, each a spatial level of size 1 (when there are any).
/// `--zigzag-emit-transform` emits one tile op per level.
TilingAttr tilingOf(const Plan &plan);

/// An operand value and the absolute offsets of its element 0 in the full
/// operand.
struct Container {
  Value value;
  SmallVector<OpFoldResult> origin;
};

/// A box of the iteration domain: offset and size per loop.
struct Tile {
  SmallVector<OpFoldResult> offsets;
  SmallVector<OpFoldResult> sizes;
  /// A lane point whose size along a guarded dim may be 0 (then every
  /// operand box touching that dim is empty too).
  bool mayBeEmpty = false;
};

/// Emits the nest of `plan` over `root` (its whole iteration domain when
/// null) at the insertion point of `b`, reading operand `i` from
/// `containers[i]` (the op's own operands when empty). Returns the new value
/// of the output container (tensor form) or null.
Value buildNest(Plan &plan, OpBuilder &b, const Tile *root = nullptr,
                ArrayRef<Container> containers = {});

/// The absolute box of operand `number` that the loops of `tile` touch.
void operandBox(const Plan &plan, OpBuilder &b, Location loc, unsigned number,
                const Tile &tile, SmallVectorImpl<OpFoldResult> &offsets,
                SmallVectorImpl<OpFoldResult> &sizes);

/// Replaces the planned op by its nest (and cleans up the index
/// computations).
void rewriteOp(Plan &plan, RewriterBase &rewriter);

/// Folds duplicated index computations and drops unused ones in `created`
/// (ops the rewrite emitted), leaving the rest of the IR as it is.
void cleanUp(RewriterBase &rewriter, ArrayRef<Operation *> created);

/// A depth-first stack, checked and ready to rewrite (ApplyDepthFirst.cpp).
struct StackPlan;
struct StackPlanDeleter {
  void operator()(StackPlan *plan) const;
};
using StackPlanPtr = std::unique_ptr<StackPlan, StackPlanDeleter>;

/// Checks the ops annotated with stack `id` (in block order) and plans their
/// fused tile loops; emits located errors and fails if they do not fit.
FailureOr<StackPlanPtr> planStack(int64_t id, ArrayRef<Operation *> ops,
                                  bool stageBuffers);

/// Replaces the stack by its tile loops.
void rewriteStack(StackPlan &plan, RewriterBase &rewriter);

} // namespace nest
} // namespace zigzag
} // namespace mlir

#endif // ZIGZAG_LIB_TRANSFORMS_MAPPINGNEST_H
