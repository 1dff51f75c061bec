//===- StripMemorySpaces.cpp - #zigzag.memory_space -> default memory space
//-----===//
//
// The buffers staged by --zigzag-apply-mapping live in accelerator memory
// spaces (#zigzag.memory_space<"name">) that no CPU lowering knows. This pass
// moves them to the default memory space so the program lowers to LLVM.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir {
namespace zigzag {
#define GEN_PASS_DEF_STRIPMEMORYSPACES
#include "zigzag/Transforms/Passes.h.inc"
} // namespace zigzag
} // namespace mlir

using namespace mlir;
using namespace mlir::zigzag;

namespace {

struct StripMemorySpacesPass
    : public mlir::zigzag::impl::StripMemorySpacesBase<StripMemorySpacesPass> {
  using StripMemorySpacesBase::StripMemorySpacesBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    AttrTypeReplacer replacer;
    replacer.addReplacement([](MemRefType type) -> std::optional<Type> {
      if (!isa_and_nonnull<MemorySpaceAttr>(type.getMemorySpace()))
        return std::nullopt;
      return MemRefType::get(type.getShape(), type.getElementType(),
                             type.getLayout());
    });
    replacer.addReplacement([](UnrankedMemRefType type) -> std::optional<Type> {
      if (!isa_and_nonnull<MemorySpaceAttr>(type.getMemorySpace()))
        return std::nullopt;
      return UnrankedMemRefType::get(type.getElementType(), Attribute());
    });
    // Types of results, block arguments and type attributes (function types).
    replacer.recursivelyReplaceElementsIn(module, /*replaceAttrs=*/true,
                                          /*replaceLocs=*/false,
                                          /*replaceTypes=*/true);
    // Tensor-level staging buffers carry the space as an attribute.
    module.walk([](bufferization::AllocTensorOp alloc) {
      if (isa_and_nonnull<MemorySpaceAttr>(alloc.getMemorySpaceAttr()))
        alloc.removeMemorySpaceAttr();
    });
    if (!attributes)
      return;
    module->walk([&](Operation *op) {
      SmallVector<StringAttr> names;
      for (NamedAttribute attr : op->getDiscardableAttrs())
        if (attr.getName().getValue().starts_with("zigzag."))
          names.push_back(attr.getName());
      for (StringAttr name : names)
        op->removeDiscardableAttr(name);
    });
  }
};

} // namespace
