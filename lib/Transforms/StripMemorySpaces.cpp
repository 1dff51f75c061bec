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
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

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
    if (failed(stripAttributes(module)))
      signalPassFailure();
  }

  /// Removes every zigzag attribute: the `zigzag.*` discardable attributes,
  /// func argument/result attributes, and the forall mappings naming array
  /// dims (a forall without a mapping is plain parallel iteration). Errors on
  /// an op whose own (inherent) attribute still needs the dialect.
  static LogicalResult stripAttributes(ModuleOp module) {
    auto isZigZag = [](Attribute attr) {
      return attr && isa<ZigZagDialect>(attr.getDialect());
    };
    auto holdsZigZag = [&](Attribute attr) {
      bool found = false;
      attr.walk([&](Attribute inner) {
        if (isZigZag(inner))
          found = true;
      });
      return found;
    };
    auto stripDictionary = [&](DictionaryAttr dict) {
      SmallVector<NamedAttribute> kept;
      for (NamedAttribute named : dict)
        if (!named.getName().getValue().starts_with("zigzag.") &&
            !holdsZigZag(named.getValue()))
          kept.push_back(named);
      return DictionaryAttr::get(dict.getContext(), kept);
    };
    WalkResult result = module->walk([&](Operation *op) {
      SmallVector<StringAttr> names;
      for (NamedAttribute attr : op->getDiscardableAttrs())
        if (attr.getName().getValue().starts_with("zigzag.") ||
            holdsZigZag(attr.getValue()))
          names.push_back(attr.getName());
      for (StringAttr name : names)
        op->removeDiscardableAttr(name);
      if (auto forall = dyn_cast<scf::ForallOp>(op))
        if (std::optional<ArrayAttr> mapping = forall.getMapping())
          if (holdsZigZag(*mapping))
            forall.setMappingAttr(nullptr);
      if (auto function = dyn_cast<FunctionOpInterface>(op)) {
        for (unsigned i = 0, e = function.getNumArguments(); i < e; ++i)
          if (DictionaryAttr attrs = function.getArgAttrDict(i))
            function.setArgAttrs(i, stripDictionary(attrs));
        for (unsigned i = 0, e = function.getNumResults(); i < e; ++i)
          if (DictionaryAttr attrs = function.getResultAttrDict(i))
            function.setResultAttrs(i, stripDictionary(attrs));
      }
      for (NamedAttribute attr : op->getAttrs())
        if (holdsZigZag(attr.getValue())) {
          op->emitOpError("attribute '")
              << attr.getName().getValue()
              << "' needs the zigzag dialect and cannot be stripped";
          return WalkResult::interrupt();
        }
      return WalkResult::advance();
    });
    return failure(result.wasInterrupted());
  }
};
} // namespace
