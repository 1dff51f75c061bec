//===- EmitTransform.cpp - mapping -> transform-dialect library -----------===//
//
// Writes the tiling of each mapped op as a transform-dialect library that
// stock `mlir-opt --transform-interpreter` applies (docs/TransformExport.md):
// pipelines that drive tiling with the transform dialect reuse the searched
// mapping without our rewrite.
//
// The loop nest comes from the same plan `--zigzag-apply-mapping` builds
// (MappingNest.h), so both agree on every temporal loop's dim, step and trip
// count:
//   * each temporal loop, outermost first, is one
//     `transform.structured.tile_using_for` tiling its dim by the loop's step
//     (all other sizes 0), applied to the tiled op of the previous one; the
//     loop order is the order of the tile ops, so no interchange is needed,
//     and tile_using_for's affine.min bounds reproduce the partial tiles;
//   * the spatially unrolled parallel dims are one final
//     `transform.structured.tile_using_forall` with tile size 1 (one point
//     per lane, as the rewrite's scf.forall);
//   * spatially unrolled reduction dims cannot go into an scf.forall without
//     the partial-sum merge the rewrite emits, so they become a sequential
//     tile_using_for of size 1 (same iterations, not parallel), with a comment
//     in the library and a remark.
//
// The tile sizes of these ops are `nest::tilingOf`, which
// `--zigzag-search-mapping` also writes as `zigzag.tiling`, so the attribute
// and the library agree level by level.
//
// Ops are matched by a plain string attribute `zigzag_op_id` the pass adds:
// it has no dialect prefix, so `--zigzag-strip-memory-spaces=attributes=true`
// keeps it and stock tools read it.
//
//===----------------------------------------------------------------------===//

#include "MappingNest.h"

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir {
namespace zigzag {
#define GEN_PASS_DEF_EMITTRANSFORM
#include "zigzag/Transforms/Passes.h.inc"
} // namespace zigzag
} // namespace mlir

using namespace mlir;
using namespace mlir::zigzag;
using namespace mlir::zigzag::nest;

static constexpr StringLiteral kOpIdAttrName = "zigzag_op_id";

/// `[a, b, c]`.
static std::string sizeList(ArrayRef<int64_t> sizes) {
  std::string s = "[";
  for (auto [i, size] : llvm::enumerate(sizes))
    s += (i ? ", " : "") +
         (ShapedType::isDynamic(size) ? "?" : std::to_string(size));
  return s + "]";
}

/// One tile op on `handle` tiling each dim by `sizes` (0 = untiled); returns
/// the name of the tiled op's handle.
static std::string emitTile(llvm::raw_ostream &os, StringRef opName,
                            const std::string &handle, ArrayRef<int64_t> sizes,
                            unsigned &counter) {
  unsigned numLoops = opName == "tile_using_forall"
                          ? 1
                          : llvm::count_if(sizes, [](int64_t s) { return s; });
  std::string tiled = "%t" + std::to_string(counter++);
  os << "    " << tiled << ", %loops" << counter - 1
     << (numLoops > 1 ? ":" + std::to_string(numLoops) : "")
     << " = transform.structured." << opName << " " << handle << " tile_sizes "
     << sizeList(sizes) << " : (!transform.any_op) -> (!transform.any_op";
  for (unsigned i = 0; i < numLoops; ++i)
    os << ", !transform.any_op";
  os << ")\n";
  return tiled;
}

TilingAttr nest::tilingOf(const Plan &plan) {
  MLIRContext *ctx = plan.op->getContext();
  unsigned numLoops = plan.loopSizes.size();
  SmallVector<DenseI64ArrayAttr> levels;
  for (const TemporalLoopPlan &loop : llvm::reverse(plan.temporal)) {
    SmallVector<int64_t> sizes(numLoops, 0);
    sizes[loop.dim] = loop.step;
    levels.push_back(DenseI64ArrayAttr::get(ctx, sizes));
  }
  // Reduction lanes first, so that the parallel lanes are the innermost
  // level: the library distributes that one with tile_using_forall around
  // the point op, and runs the reduction lanes sequentially outside it.
  SmallVector<int64_t> spatial;
  for (bool reduction : {true, false}) {
    SmallVector<int64_t> sizes(numLoops, 0);
    for (const LanePlan &lane : plan.lanes)
      if (lane.reduction == reduction)
        sizes[lane.dim] = 1;
    if (llvm::none_of(sizes, [](int64_t s) { return s; }))
      continue;
    spatial.push_back(levels.size());
    levels.push_back(DenseI64ArrayAttr::get(ctx, sizes));
  }
  return TilingAttr::get(ctx, levels, spatial);
}

/// `D1:K x32, ...`: the unrollings of `plan` over reduction (or parallel)
/// dims.
static std::string laneNames(const Plan &plan, bool reduction) {
  std::string names;
  for (const LanePlan &lane : plan.lanes)
    if (lane.reduction == reduction)
      names += (names.empty() ? "" : ", ") + lane.mapping.getDim().str() + ":" +
               lane.mapping.getLoop().str() + " x" +
               std::to_string(lane.factor);
  return names;
}

/// Writes one tile op per level of `tilingOf(plan)` for the op tagged `id`;
/// returns whether some of the mapping could not be expressed (and says why
/// in `os`).
static bool emitOp(llvm::raw_ostream &os, const Plan &plan, StringRef id,
                   unsigned &counter, std::string &unexpressed) {
  Operation *op = plan.op;
  os << "    // " << id << ": " << op->getName() << " loops "
     << sizeList(plan.loopSizes) << "\n";
  std::string handle = "%op" + std::to_string(counter++);
  // Symbol names may hold quotes; MLIR reads the hex escapes back.
  os << "    " << handle << " = transform.structured.match attributes {"
     << kOpIdAttrName << " = \"";
  llvm::printEscapedString(id, os);
  os << "\"} in %root : (!transform.any_op) -> !transform.any_op\n";
  TilingAttr tiling = tilingOf(plan);
  ArrayRef<DenseI64ArrayAttr> levels = tiling.getLevels();
  unsigned numTemporal = plan.temporal.size();
  for (auto [level, loop] : llvm::zip_equal(levels.take_front(numTemporal),
                                            llvm::reverse(plan.temporal))) {
    os << "    // temporal " << loop.name.getValue() << " x" << loop.factor
       << " (step " << loop.step << ")";
    // tile_using_for runs ceil(size / step) times over a runtime size.
    if (ShapedType::isDynamic(plan.loopSizes[loop.dim]))
      os << " over the dynamic size";
    if (loop.levels)
      os << " at " << loop.levels;
    os << "\n";
    handle =
        emitTile(os, "tile_using_for", handle, level.asArrayRef(), counter);
  }
  // The spatial levels: the reduction one (if any) comes first.
  bool sequential = false;
  for (DenseI64ArrayAttr level : levels.drop_front(numTemporal)) {
    unsigned dim =
        llvm::find_if(level.asArrayRef(), [](int64_t s) { return s; }) -
        level.asArrayRef().begin();
    bool reduction = linalg::LinalgOp(plan.op).getIteratorTypesArray()[dim] ==
                     utils::IteratorType::reduction;
    if (!reduction) {
      os << "    // spatial " << laneNames(plan, false)
         << ": one point per lane\n";
      emitTile(os, "tile_using_forall", handle, level.asArrayRef(), counter);
      continue;
    }
    sequential = true;
    unexpressed = "the spatial unrolling of reduction loops (" +
                  laneNames(plan, true) +
                  ") runs as a sequential scf.for: tile_using_forall cannot "
                  "split a reduction without the rewrite's partial-sum merge";
    os << "    // NOT EXPRESSED: " << unexpressed << "\n";
    handle =
        emitTile(os, "tile_using_for", handle, level.asArrayRef(), counter);
  }
  return sequential;
}

namespace {
struct EmitTransformPass
    : public mlir::zigzag::impl::EmitTransformBase<EmitTransformPass> {
  using EmitTransformBase::EmitTransformBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string library;
    llvm::raw_string_ostream os(library);
    os << "// Generated by --zigzag-emit-transform: the searched tiling of "
          "each mapped op.\n"
       << "module attributes {transform.with_named_sequence} {\n"
       << "  transform.named_sequence @__transform_main(%root: "
          "!transform.any_op {transform.readonly}) {\n";
    PlanOptions options;
    options.stageBuffers = false;
    options.dynamicLoops = true;
    unsigned counter = 0;
    bool failedAny = false;
    Builder b(&getContext());
    module.walk([&](FunctionOpInterface func) {
      unsigned index = 0;
      func.walk([&](Operation *op) {
        if (!op->hasAttr(ZigZagDialect::kMappingAttrName) &&
            !op->hasAttr(ZigZagDialect::kDepthFirstAttrName))
          return;
        std::string id = (func.getName() + "#" + Twine(index++)).str();
        op->setAttr(kOpIdAttrName, b.getStringAttr(id));
        if (op->hasAttr(ZigZagDialect::kDepthFirstAttrName)) {
          std::string why = "ops of depth-first stacks (fused tile loops) "
                            "are not exported";
          os << "    // " << id << ": NOT EXPRESSED: " << why << "\n";
          op->emitRemark("not exported to the transform library: ") << why;
          return;
        }
        FailureOr<Plan> plan = planRewrite(
            op, op->getAttr(ZigZagDialect::kMappingAttrName), options);
        if (failed(plan)) {
          failedAny = true;
          return;
        }
        std::string why;
        if (emitOp(os, *plan, id, counter, why))
          op->emitRemark("the transform library does not fully express the "
                         "mapping: ")
              << why;
      });
    });
    os << "    transform.yield\n  }\n}\n";
    if (failedAny)
      return signalPassFailure();

    std::string errorMessage;
    std::unique_ptr<llvm::ToolOutputFile> output =
        openOutputFile(file, &errorMessage);
    if (!output) {
      module.emitError("cannot write the transform library: ") << errorMessage;
      return signalPassFailure();
    }
    output->os() << library;
    output->keep();
  }
};
} // namespace
