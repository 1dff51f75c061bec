//===- WorkloadToLinalg.cpp - ZigZag workload YAML -> linalg --------------===//
//
// One layer becomes one linalg op on tensors (linalg.matmul,
// linalg.batch_matmul, linalg.add or linalg.mul when the layer is exactly
// that op with ZigZag's loop order, else linalg.generic), with:
//   - one loop per loop dim, in loop_dims order; a size-1 loop that indexes
//     no operand directly is dropped (linalg could not infer its extent);
//   - operands indexed as in the equation: a loop dim by its loop, a related
//     dim by its relation (ix = 2*ox + 1*fx -> d4 * 2 + d6); a relation that
//     loses a dropped size-1 loop is listed in zigzag.unit_term_dims;
//   - integer element types of the operand precisions (i8 for 0 bits); the
//     output holds O_final bits, the payload extends/truncates to it;
//   - producers chained by operand_source; constant operands and network
//     inputs are function arguments (DeFiNES's input node, layer -1, is one
//     argument shaped as declared in `defines_input_node`);
//   - DeFiNES's back-propagated OX/OY instead of the declared ones, and its
//     operand_source_dimension_mapping to line up producer and consumer dims;
//   - zigzag.* attributes (layer name and id, operator type, loop names,
//     precision, operand roles and order, operand sources, DeFiNES's
//     dimension mapping).
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/WorkloadToLinalg.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Model/Workload.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::zigzag;
using ::zigzag::DimRelationSpec;
using ::zigzag::EquationOperandSpec;
using ::zigzag::InputNodeSpec;
using ::zigzag::PrDimSpec;
using ::zigzag::SourceDimMappingSpec;
using ::zigzag::WorkloadLayerSpec;

namespace {
/// How one operand of a layer is indexed and how big its tensor is.
struct OperandLayout {
  SmallVector<std::string> dims; // index names in tensor-dim order
  SmallVector<AffineExpr> exprs; // index expression per tensor dim
  /// Extent of the tensor the layer's producer (or the caller) provides,
  /// and the zero padding that the layer adds around it.
  SmallVector<int64_t> extents, padLow, padHigh;
  /// Per tensor dim: its relation named size-1 loops that the op leaves out.
  SmallVector<bool> unitTermsDropped;

  bool isPadded() const {
    return llvm::any_of(padLow, [](int64_t p) { return p != 0; }) ||
           llvm::any_of(padHigh, [](int64_t p) { return p != 0; });
  }
  /// Moves tensor dim perm[i] to position i.
  void permute(ArrayRef<unsigned> perm) {
    auto apply = [&](auto &vec) {
      auto old = vec;
      for (unsigned i = 0; i < perm.size(); ++i)
        vec[i] = old[perm[i]];
    };
    apply(dims);
    apply(exprs);
    apply(extents);
    apply(padLow);
    apply(padHigh);
    apply(unitTermsDropped);
  }
  /// The tensor dims whose relation lost size-1 loops.
  SmallVector<int64_t> unitTermDims() const {
    SmallVector<int64_t> result;
    for (auto [d, dropped] : llvm::enumerate(unitTermsDropped))
      if (dropped)
        result.push_back(d);
    return result;
  }
};

/// What a built layer exposes to its consumers.
struct LayerOutput {
  Value value;
  SmallVector<std::string> dims;
};
} // namespace

/// The permutation that puts the consumer's tensor dims (`consumerDims`) in
/// the order of the producer's output dims: perm[i] is the consumer dim
/// holding producer dim i. DeFiNES's dimension mapping decides when it pairs
/// every dim (unmapped dims keep their name); else ZigZag's naming classes
/// (IX/OX, IY/OY, C/K/G). Empty when the dims do not pair up.
static SmallVector<unsigned>
matchProducerDims(ArrayRef<std::string> producerDims,
                  ArrayRef<std::string> consumerDims,
                  const SourceDimMappingSpec *mapping) {
  auto pairUp = [&](auto matches) {
    SmallVector<unsigned> perm;
    SmallVector<bool> used(consumerDims.size(), false);
    for (const std::string &dim : producerDims)
      for (unsigned j = 0; j < consumerDims.size(); ++j)
        if (!used[j] && matches(consumerDims[j], dim)) {
          used[j] = true;
          perm.push_back(j);
          break;
        }
    if (perm.size() != consumerDims.size())
      perm.clear();
    return perm;
  };
  if (producerDims.size() != consumerDims.size())
    return {};
  if (mapping) {
    SmallVector<unsigned> perm =
        pairUp([&](const std::string &consumer, const std::string &producer) {
          const std::string *mapped = mapping->producerDimOf(consumer);
          return (mapped ? *mapped : consumer) == producer;
        });
    if (!perm.empty())
      return perm;
  }
  return pairUp([](StringRef consumer, StringRef producer) {
    return ::zigzag::dimNamingClass(consumer) ==
           ::zigzag::dimNamingClass(producer);
  });
}

namespace {
class WorkloadBuilder {
public:
  WorkloadBuilder(llvm::SourceMgr &sourceMgr, MLIRContext *context)
      : sourceMgr(sourceMgr), context(context), builder(context) {}

  OwningOpRef<ModuleOp> build(ArrayRef<WorkloadLayerSpec> layers,
                              StringRef funcName);

private:
  Location getLoc(llvm::SMLoc loc) const;
  LogicalResult emitLayerError(llvm::SMLoc loc, const WorkloadLayerSpec &layer,
                               const Twine &message) const {
    return emitError(getLoc(loc))
           << "layer " << layer.id << ": " << message.str();
  }

  void addInputNode(const InputNodeSpec &node);
  LogicalResult buildLayer(const WorkloadLayerSpec &declared);
  FailureOr<OperandLayout> getLayout(const WorkloadLayerSpec &layer,
                                     const EquationOperandSpec &operand,
                                     ArrayRef<int> loopPositions);
  Value adaptShape(Value value, ArrayRef<int64_t> shape, Location loc);
  Value createPad(Value value, ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                  Location loc, bool adapter);
  Type getElementType(int64_t bits) {
    return builder.getIntegerType(bits > 0 ? bits : 8);
  }

  llvm::SourceMgr &sourceMgr;
  MLIRContext *context;
  OpBuilder builder;
  func::FuncOp func;
  Block *body = nullptr;
  SmallVector<DictionaryAttr> argAttrs;
  DenseMap<int64_t, LayerOutput> outputs;
  /// Consumers of each layer's output (to find the function's results).
  DenseMap<int64_t, unsigned> consumerCount;
};
} // namespace

Location WorkloadBuilder::getLoc(llvm::SMLoc loc) const {
  unsigned bufferId = sourceMgr.FindBufferContainingLoc(loc);
  if (!bufferId)
    return UnknownLoc::get(context);
  auto [line, column] = sourceMgr.getLineAndColumn(loc, bufferId);
  return FileLineColLoc::get(
      context, sourceMgr.getMemoryBuffer(bufferId)->getBufferIdentifier(), line,
      column);
}

FailureOr<OperandLayout>
WorkloadBuilder::getLayout(const WorkloadLayerSpec &layer,
                           const EquationOperandSpec &operand,
                           ArrayRef<int> loopPositions) {
  OperandLayout layout;
  for (auto [dim, dimLoc] : llvm::zip(operand.dims, operand.dimLocs)) {
    layout.dims.push_back(dim);
    int loop = layer.findLoop(dim);
    if (loop >= 0) {
      // Loops that index an operand directly are never dropped.
      layout.exprs.push_back(builder.getAffineDimExpr(loopPositions[loop]));
      layout.extents.push_back(layer.loopSizes[loop]);
      layout.padLow.push_back(0);
      layout.padHigh.push_back(0);
      layout.unitTermsDropped.push_back(false);
      continue;
    }
    const DimRelationSpec *relation = layer.findRelation(dim);
    AffineExpr expr = builder.getAffineConstantExpr(0);
    SmallVector<int64_t> coefs, sizes;
    int64_t span = 1;
    std::string spanText;
    bool dropped = false;
    for (const auto &[loopName, coef] : relation->terms) {
      int termLoop = layer.findLoop(loopName);
      int64_t size = layer.loopSizes[termLoop];
      if (loopPositions[termLoop] >= 0)
        expr = expr + builder.getAffineDimExpr(loopPositions[termLoop]) * coef;
      else
        dropped = true;
      coefs.push_back(coef);
      sizes.push_back(size);
      span += coef * (size - 1);
      spanText += std::to_string(coef) + "*(" + std::to_string(size) + "-1) + ";
    }
    // ZigZag's unique() counts the indices the loops reach; the tensor must
    // also cover the largest one (span), which is more when taps skip rows.
    int64_t unique =
        ::zigzag::uniqueExtent(coefs.data(), sizes.data(), coefs.size());
    const PrDimSpec *pr = layer.findPrDim(dim);
    int64_t low = pr ? pr->padLow : 0, high = pr ? pr->padHigh : 0;
    int64_t extent;
    if (pr && pr->size) {
      extent = *pr->size;
      if (extent + low + high < span)
        return emitLayerError(
            pr->sizeLoc, layer,
            "pr_loop_sizes gives " + dim + " = " + Twine(extent) +
                ", which with padding " + Twine(low) + " + " + Twine(high) +
                " covers fewer than the " + Twine(span) +
                " indices its relation reaches (" + spanText + "1)");
    } else if (low + high > 0) {
      // ZigZag: the real extent is unique() minus the padding.
      extent = unique - low - high;
      if (extent < 1)
        return emitLayerError(pr->paddingLoc, layer,
                              "padding " + Twine(low) + " + " + Twine(high) +
                                  " of " + dim + " leaves no data (its " +
                                  "relation reaches " + Twine(unique) +
                                  " indices)");
      high += std::max<int64_t>(0, span - unique);
    } else {
      extent = span;
    }
    layout.exprs.push_back(expr);
    layout.extents.push_back(extent);
    layout.padLow.push_back(low);
    layout.padHigh.push_back(high);
    layout.unitTermsDropped.push_back(dropped);
  }
  return layout;
}

Value WorkloadBuilder::createPad(Value value, ArrayRef<int64_t> low,
                                 ArrayRef<int64_t> high, Location loc,
                                 bool adapter) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (auto [size, lo, hi] : llvm::zip(type.getShape(), low, high))
    shape.push_back(size + lo + hi);
  Value zero = arith::ConstantOp::create(
      builder, loc, builder.getIntegerAttr(type.getElementType(), 0));
  auto pad = tensor::PadOp::create(
      builder, loc, RankedTensorType::get(shape, type.getElementType()), value,
      getAsIndexOpFoldResult(context, low),
      getAsIndexOpFoldResult(context, high), zero);
  if (adapter)
    pad->setAttr(ZigZagDialect::kAdapterAttrName, builder.getUnitAttr());
  return pad;
}

/// Crops (centred extract_slice) and zero-pads (centred tensor.pad) `value`
/// to `shape`, through a 1-D view when the ranks differ. Every op created
/// is marked `zigzag.adapter`: its data counts as real for the analysis.
Value WorkloadBuilder::adaptShape(Value value, ArrayRef<int64_t> shape,
                                  Location loc) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape)
    return value;
  Type elementType = type.getElementType();
  UnitAttr unit = builder.getUnitAttr();
  SmallVector<int64_t> target(shape);
  bool reshape = type.getRank() != static_cast<int64_t>(shape.size());
  if (reshape) {
    SmallVector<ReassociationIndices> all(1);
    for (int64_t d = 0; d < type.getRank(); ++d)
      all.front().push_back(d);
    auto flat = tensor::CollapseShapeOp::create(
        builder, loc,
        RankedTensorType::get({type.getNumElements()}, elementType), value,
        all);
    flat->setAttr(ZigZagDialect::kAdapterAttrName, unit);
    value = flat;
    target = {ShapedType::getNumElements(shape)};
  }
  ArrayRef<int64_t> current =
      cast<RankedTensorType>(value.getType()).getShape();
  SmallVector<int64_t> sizes, offsets, low, high;
  for (auto [have, want] : llvm::zip(current, target)) {
    sizes.push_back(std::min(have, want));
    offsets.push_back((have - sizes.back()) / 2);
    low.push_back((want - sizes.back()) / 2);
    high.push_back(want - sizes.back() - low.back());
  }
  if (ArrayRef<int64_t>(sizes) != current) {
    auto slice = tensor::ExtractSliceOp::create(
        builder, loc, RankedTensorType::get(sizes, elementType), value,
        getAsIndexOpFoldResult(context, offsets),
        getAsIndexOpFoldResult(context, sizes),
        getAsIndexOpFoldResult(context, SmallVector<int64_t>(sizes.size(), 1)));
    slice->setAttr(ZigZagDialect::kAdapterAttrName, unit);
    value = slice;
  }
  if (ArrayRef<int64_t>(sizes) != ArrayRef<int64_t>(target))
    value = createPad(value, low, high, loc, /*adapter=*/true);
  if (reshape) {
    SmallVector<ReassociationIndices> all(1);
    for (unsigned d = 0; d < shape.size(); ++d)
      all.front().push_back(d);
    auto expanded = tensor::ExpandShapeOp::create(
        builder, loc, RankedTensorType::get(shape, elementType), value, all);
    expanded->setAttr(ZigZagDialect::kAdapterAttrName, unit);
    value = expanded;
  }
  return value;
}

void WorkloadBuilder::addInputNode(const InputNodeSpec &node) {
  // DeFiNES's layer -1: one argument in its O[B][K][OY][OX] layout.
  auto type = RankedTensorType::get(node.effectiveLoopSizes(),
                                    getElementType(node.precision));
  Value value = body->addArgument(type, getLoc(node.loc));
  NamedAttrList attrs;
  attrs.set(ZigZagDialect::kNetworkInputAttrName, builder.getUnitAttr());
  attrs.set(ZigZagDialect::kLayerIdAttrName,
            builder.getI64IntegerAttr(node.id));
  argAttrs.push_back(attrs.getDictionary(context));
  outputs[node.id] = {value, SmallVector<std::string>(node.loopDims.begin(),
                                                      node.loopDims.end())};
}

LogicalResult WorkloadBuilder::buildLayer(const WorkloadLayerSpec &declared) {
  // DeFiNES computes with the back-propagated OX/OY, and so does the IR.
  WorkloadLayerSpec layer = declared;
  layer.loopSizes = declared.effectiveLoopSizes();
  Location fileLoc = getLoc(layer.loc);
  Location loc = NameLoc::get(builder.getStringAttr(layer.name), fileLoc);

  // Loops: all loop dims, minus size-1 loops no operand indexes directly.
  SmallVector<bool> direct(layer.loopDims.size(), false);
  for (const EquationOperandSpec *operand :
       {&layer.output, &layer.inputs[0], &layer.inputs[1]})
    for (const std::string &dim : operand->dims)
      if (int loop = layer.findLoop(dim); loop >= 0)
        direct[loop] = true;
  SmallVector<int> loopPositions;
  SmallVector<std::string> loopNames;
  SmallVector<utils::IteratorType> iterators;
  for (auto [loop, dim] : llvm::enumerate(layer.loopDims)) {
    if (!direct[loop]) {
      loopPositions.push_back(-1);
      continue;
    }
    loopPositions.push_back(loopNames.size());
    loopNames.push_back(dim);
    iterators.push_back(llvm::is_contained(layer.output.dims, dim)
                            ? utils::IteratorType::parallel
                            : utils::IteratorType::reduction);
  }
  unsigned numLoops = loopNames.size();

  // Roles: an input named I is I1 and W is I2 (every ZigZag mapping file
  // links them so); otherwise the textual order decides.
  unsigned firstInput = 0;
  if (layer.inputs[1].name == "I" ||
      (layer.inputs[0].name == "W" && layer.inputs[1].name != "I"))
    firstInput = 1;
  const EquationOperandSpec *inputSpecs[2] = {&layer.inputs[firstInput],
                                              &layer.inputs[1 - firstInput]};
  int64_t inputBits[2];
  int64_t sourceIds[2];
  SmallVector<Value, 2> inputs;
  SmallVector<AffineMap, 3> maps;
  SmallVector<SmallVector<int64_t>, 3> unitTermDims; // per DPS operand
  for (unsigned i = 0; i < 2; ++i) {
    const EquationOperandSpec &spec = *inputSpecs[i];
    inputBits[i] = *layer.precisionOf(spec.name);
    FailureOr<OperandLayout> layout = getLayout(layer, spec, loopPositions);
    if (failed(layout))
      return failure();
    const ::zigzag::OperandSourceSpec *source = layer.sourceOf(spec.name);
    sourceIds[i] = source ? source->layer : -1;
    Value value;
    // A producer is another layer, or the input node when the file has one.
    if (source && source->layer != layer.id && outputs.count(source->layer)) {
      const LayerOutput &producer = outputs.lookup(source->layer);
      // Keep the producer's layout when the dims are the same up to order
      // (DeFiNES writes I[b][c][ix][iy] after O[b][k][oy][ox]).
      SmallVector<unsigned> perm = matchProducerDims(
          producer.dims, layout->dims, layer.sourceDimMappingOf(spec.name));
      if (!perm.empty())
        layout->permute(perm);
      if (layout->dims.empty())
        return emitLayerError(source->loc, layer,
                              "operand '" + spec.name +
                                  "' has no index and cannot take layer " +
                                  Twine(source->layer) + "'s output");
      value = adaptShape(producer.value, layout->extents, getLoc(source->loc));
      ++consumerCount[source->layer];
    } else {
      // Constant operands (weights) and network inputs are arguments.
      auto type =
          RankedTensorType::get(layout->extents, getElementType(inputBits[i]));
      value = body->addArgument(type, getLoc(source ? source->loc : spec.loc));
      NamedAttrList attrs;
      if (!source || source->layer == -1)
        attrs.set(ZigZagDialect::kNetworkInputAttrName, builder.getUnitAttr());
      argAttrs.push_back(attrs.getDictionary(context));
    }
    if (layout->isPadded())
      value = createPad(value, layout->padLow, layout->padHigh, fileLoc,
                        /*adapter=*/false);
    inputs.push_back(value);
    maps.push_back(AffineMap::get(numLoops, 0, layout->exprs, context));
    unitTermDims.push_back(layout->unitTermDims());
  }

  FailureOr<OperandLayout> outLayout =
      getLayout(layer, layer.output, loopPositions);
  if (failed(outLayout))
    return failure();
  int64_t outBits = layer.outputFinalPrecision;
  auto outType = RankedTensorType::get(outLayout->extents,
                                       builder.getIntegerType(outBits));
  bool isMax = layer.operatorType == "Max" || layer.operatorType == "MaxPool";
  APInt initValue = isMax && layer.accumulate
                        ? APInt::getSignedMinValue(outBits)
                        : APInt::getZero(outBits);
  Value init = arith::ConstantOp::create(
      builder, fileLoc, DenseElementsAttr::get(outType, initValue));
  maps.push_back(AffineMap::get(numLoops, 0, outLayout->exprs, context));
  unitTermDims.push_back(outLayout->unitTermDims());

  auto identity = [&](unsigned n) {
    return AffineMap::getMultiDimIdentityMap(n, context);
  };
  auto mapOf = [&](ArrayRef<unsigned> dims) {
    SmallVector<AffineExpr> exprs;
    for (unsigned d : dims)
      exprs.push_back(builder.getAffineDimExpr(d));
    return AffineMap::get(numLoops, 0, exprs, context);
  };
  bool bothInputs = inputBits[0] > 0 && inputBits[1] > 0;
  bool sameTypes = llvm::all_of(inputs, [&](Value v) {
    return getElementTypeOrSelf(v.getType()) == outType.getElementType();
  });
  SmallVector<AffineMap> matmulMaps, batchMatmulMaps;
  if (numLoops == 3)
    matmulMaps = {mapOf({0, 2}), mapOf({2, 1}), mapOf({0, 1})};
  if (numLoops == 4)
    batchMatmulMaps = {mapOf({0, 1, 3}), mapOf({0, 3, 2}), mapOf({0, 1, 2})};
  bool allIdentity = llvm::all_of(
      maps, [&](AffineMap map) { return map == identity(numLoops); });
  bool macLike =
      bothInputs && layer.accumulate && layer.combine == '*' && !isMax;
  bool elementwise =
      bothInputs && !layer.accumulate && allIdentity && sameTypes;

  Operation *op;
  if (macLike && !matmulMaps.empty() &&
      ArrayRef<AffineMap>(maps) == ArrayRef<AffineMap>(matmulMaps)) {
    op = linalg::MatmulOp::create(builder, loc, TypeRange{outType}, inputs,
                                  ValueRange{init});
  } else if (macLike && !batchMatmulMaps.empty() &&
             ArrayRef<AffineMap>(maps) ==
                 ArrayRef<AffineMap>(batchMatmulMaps)) {
    op = linalg::BatchMatmulOp::create(builder, loc, TypeRange{outType}, inputs,
                                       ValueRange{init});
  } else if (elementwise && layer.combine == '+') {
    op = linalg::AddOp::create(builder, loc, TypeRange{outType}, inputs,
                               ValueRange{init});
  } else if (elementwise && layer.combine == '*') {
    op = linalg::MulOp::create(builder, loc, TypeRange{outType}, inputs,
                               ValueRange{init});
  } else {
    auto payload = [&](OpBuilder &b, Location l, ValueRange args) {
      Type accType = outType.getElementType();
      auto toAcc = [&](Value v) -> Value {
        unsigned width = v.getType().getIntOrFloatBitWidth();
        if (width < outBits)
          return arith::ExtSIOp::create(b, l, accType, v);
        if (width > outBits)
          return arith::TruncIOp::create(b, l, accType, v);
        return v;
      };
      // A 0-bit input (a pooling window) only shapes the iteration space.
      SmallVector<Value, 2> used;
      for (unsigned i = 0; i < 2; ++i)
        if (inputBits[i] > 0)
          used.push_back(toAcc(args[i]));
      Value value = used.front();
      if (used.size() == 2)
        value = layer.combine == '*'
                    ? Value(arith::MulIOp::create(b, l, used[0], used[1]))
                    : Value(arith::AddIOp::create(b, l, used[0], used[1]));
      if (layer.accumulate)
        value = isMax ? Value(arith::MaxSIOp::create(b, l, args[2], value))
                      : Value(arith::AddIOp::create(b, l, args[2], value));
      linalg::YieldOp::create(b, l, value);
    };
    op = linalg::GenericOp::create(builder, loc, TypeRange{outType}, inputs,
                                   ValueRange{init}, maps, iterators, payload);
  }

  auto role = [&](const EquationOperandSpec &spec) {
    return builder.getStringAttr(&spec == inputSpecs[0] ? "I1" : "I2");
  };
  op->setAttr(ZigZagDialect::kLayerNameAttrName,
              builder.getStringAttr(layer.name));
  op->setAttr(ZigZagDialect::kLayerIdAttrName,
              builder.getI64IntegerAttr(layer.id));
  op->setAttr(ZigZagDialect::kOperatorTypeAttrName,
              builder.getStringAttr(layer.operatorType));
  op->setAttr(
      ZigZagDialect::kLoopNamesAttrName,
      builder.getStrArrayAttr(llvm::to_vector_of<StringRef>(loopNames)));
  op->setAttr(ZigZagDialect::kPrecisionAttrName,
              PrecisionAttr::get(context, inputBits[0], inputBits[1],
                                 *layer.precisionOf("O"),
                                 layer.outputFinalPrecision));
  op->setAttr(ZigZagDialect::kOperandsAttrName,
              builder.getStrArrayAttr({"I1", "I2", "O"}));
  op->setAttr(
      ZigZagDialect::kOperandOrderAttrName,
      builder.getArrayAttr({builder.getStringAttr("O"), role(layer.inputs[0]),
                            role(layer.inputs[1])}));
  op->setAttr(ZigZagDialect::kOperandSourcesAttrName,
              builder.getI64ArrayAttr(sourceIds));
  if (!layer.sourceDimMappings.empty()) {
    SmallVector<Attribute, 2> perInput;
    for (const EquationOperandSpec *spec : inputSpecs) {
      NamedAttrList dims;
      if (const SourceDimMappingSpec *mapping =
              layer.sourceDimMappingOf(spec->name))
        for (const auto &[consumer, producer] : mapping->dims)
          dims.set(consumer, builder.getStringAttr(producer));
      perInput.push_back(dims.getDictionary(context));
    }
    op->setAttr(ZigZagDialect::kSourceDimsAttrName,
                builder.getArrayAttr(perInput));
  }
  // DeFiNES's cost model keeps such dims partially relevant.
  if (llvm::any_of(unitTermDims,
                   [](const auto &dims) { return !dims.empty(); }))
    op->setAttr(ZigZagDialect::kUnitTermDimsAttrName,
                builder.getArrayAttr(llvm::to_vector(llvm::map_range(
                    unitTermDims, [&](ArrayRef<int64_t> dims) -> Attribute {
                      return builder.getI64ArrayAttr(dims);
                    }))));
  outputs[layer.id] = {op->getResult(0), outLayout->dims};
  return success();
}

OwningOpRef<ModuleOp> WorkloadBuilder::build(ArrayRef<WorkloadLayerSpec> layers,
                                             StringRef funcName) {
  Location fileLoc = getLoc(layers.front().loc);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  func = func::FuncOp::create(builder, fileLoc, funcName,
                              builder.getFunctionType({}, {}));
  body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);
  // The parser checked that all layers giving the input node agree.
  for (const WorkloadLayerSpec &layer : layers)
    if (layer.inputNode) {
      addInputNode(*layer.inputNode);
      break;
    }

  // Topological order by operand_source; ties keep the file order.
  SmallVector<const WorkloadLayerSpec *> pending;
  for (const WorkloadLayerSpec &layer : layers)
    pending.push_back(&layer);
  SmallVector<const WorkloadLayerSpec *> order;
  while (!pending.empty()) {
    auto ready = llvm::find_if(pending, [&](const WorkloadLayerSpec *layer) {
      return llvm::all_of(layer->sources, [&](const auto &source) {
        return source.layer == layer->id || source.layer == -1 ||
               outputs.count(source.layer);
      });
    });
    if (ready == pending.end()) {
      emitError(getLoc(pending.front()->loc))
          << "layer " << pending.front()->id
          << ": operand sources form a cycle";
      return nullptr;
    }
    if (failed(buildLayer(**ready)))
      return nullptr;
    order.push_back(*ready);
    pending.erase(ready);
  }

  // Layers no other layer consumes are the function's results.
  SmallVector<Value> results;
  for (const WorkloadLayerSpec *layer : order)
    if (!consumerCount.count(layer->id))
      results.push_back(outputs[layer->id].value);
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(builder.getFunctionType(body->getArgumentTypes(),
                                               ValueRange(results).getTypes()));
  func.setAllArgAttrs(argAttrs);
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

/// A function name from the file name: "resnet18.yaml" -> "resnet18".
static std::string getFuncName(StringRef bufferName) {
  std::string name = llvm::sys::path::stem(bufferName).str();
  for (char &c : name)
    if (!llvm::isAlnum(c) && c != '_')
      c = '_';
  if (name.empty() || name == "_stdin_" || llvm::isDigit(name.front()))
    name = "workload" + (name == "_stdin_" ? std::string() : "_" + name);
  return name;
}

OwningOpRef<ModuleOp>
mlir::zigzag::buildWorkloadModule(ArrayRef<WorkloadLayerSpec> layers,
                                  llvm::SourceMgr &sourceMgr,
                                  MLIRContext *context, StringRef funcName) {
  if (layers.empty())
    return nullptr;
  context->loadDialect<arith::ArithDialect, func::FuncDialect,
                       linalg::LinalgDialect, tensor::TensorDialect,
                       ZigZagDialect>();
  WorkloadBuilder builder(sourceMgr, context);
  return builder.build(layers, funcName);
}

OwningOpRef<ModuleOp>
mlir::zigzag::importZigZagWorkload(llvm::SourceMgr &sourceMgr,
                                   MLIRContext *context) {
  // The parser reports through a source manager of its own (same memory, so
  // the same locations) whose messages become MLIR diagnostics: forwarding
  // from the caller's manager would loop, as MLIR prints through it.
  unsigned bufferId = sourceMgr.getMainFileID();
  const llvm::MemoryBuffer *buffer = sourceMgr.getMemoryBuffer(bufferId);
  llvm::SourceMgr yamlSourceMgr;
  unsigned yamlBufferId = yamlSourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(buffer->getMemBufferRef(),
                                       /*RequiresNullTerminator=*/false),
      llvm::SMLoc());
  yamlSourceMgr.setDiagHandler(
      [](const llvm::SMDiagnostic &diag, void *ctx) {
        auto *context = static_cast<MLIRContext *>(ctx);
        Location loc =
            FileLineColLoc::get(context, diag.getFilename(), diag.getLineNo(),
                                diag.getColumnNo() + 1);
        switch (diag.getKind()) {
        case llvm::SourceMgr::DK_Error:
          emitError(loc) << diag.getMessage();
          break;
        case llvm::SourceMgr::DK_Warning:
          emitWarning(loc) << diag.getMessage();
          break;
        default:
          emitRemark(loc) << diag.getMessage();
          break;
        }
      },
      context);
  std::optional<std::vector<WorkloadLayerSpec>> layers =
      ::zigzag::parseWorkloadYAML(yamlSourceMgr, yamlBufferId);
  if (!layers)
    return nullptr;
  return buildWorkloadModule(*layers, sourceMgr, context,
                             getFuncName(buffer->getBufferIdentifier()));
}

void mlir::zigzag::registerImportZigZagWorkloadTranslation() {
  static TranslateToMLIRRegistration registration(
      "import-zigzag-workload",
      "ZigZag workload YAML to a func.func of linalg ops on tensors",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        return importZigZagWorkload(sourceMgr, context);
      },
      [](DialectRegistry &registry) {
        registry.insert<arith::ArithDialect, func::FuncDialect,
                        linalg::LinalgDialect, tensor::TensorDialect,
                        ZigZagDialect>();
      });
}
