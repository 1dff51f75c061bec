//===- WorkloadAnalysis.cpp - linalg op -> zigzag::Workload ---------------===//
//
// Relevance of loop d for an operand with indexing map m:
//   - r  if some result of m is an affine function of d alone (d, c*d + k);
//   - pr if d only appears in results that combine several loops
//        (e.g. d2 * 2 + d5); each such result becomes a PrDim;
//   - ir if no result of m depends on d.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Analysis/WorkloadAnalysis.h"
#include "zigzag/Dialect/ZigZag/IR/WorkloadAttrs.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::zigzag;
using ::zigzag::MemOperand;
using ::zigzag::PrDim;
using ::zigzag::Relevance;
using ::zigzag::Workload;
using ::zigzag::WorkloadOperand;

/// `expr` as sum_d coefs[d] * d + constant; false if it is not such a sum.
static bool decomposeLinear(AffineExpr expr, int64_t scale,
                            SmallVectorImpl<int64_t> &coefs,
                            int64_t &constant) {
  switch (expr.getKind()) {
  case AffineExprKind::DimId:
    coefs[cast<AffineDimExpr>(expr).getPosition()] += scale;
    return true;
  case AffineExprKind::Constant:
    constant += scale * cast<AffineConstantExpr>(expr).getValue();
    return true;
  case AffineExprKind::Add: {
    auto bin = cast<AffineBinaryOpExpr>(expr);
    return decomposeLinear(bin.getLHS(), scale, coefs, constant) &&
           decomposeLinear(bin.getRHS(), scale, coefs, constant);
  }
  case AffineExprKind::Mul: {
    auto bin = cast<AffineBinaryOpExpr>(expr);
    if (auto rhs = dyn_cast<AffineConstantExpr>(bin.getRHS()))
      return decomposeLinear(bin.getLHS(), scale * rhs.getValue(), coefs,
                             constant);
    if (auto lhs = dyn_cast<AffineConstantExpr>(bin.getLHS()))
      return decomposeLinear(bin.getRHS(), scale * lhs.getValue(), coefs,
                             constant);
    return false;
  }
  default: // mod, floordiv, ceildiv, symbols
    return false;
  }
}

/// The loops of a linear expression in the order they appear in it.
static void collectDimsInOrder(AffineExpr expr,
                               SmallVectorImpl<unsigned> &dims) {
  expr.walk([&](AffineExpr sub) {
    if (auto dim = dyn_cast<AffineDimExpr>(sub))
      if (!llvm::is_contained(dims, dim.getPosition()))
        dims.push_back(dim.getPosition());
  });
}

/// Bits of one element of `type` (or of `type` itself if it is a scalar).
static std::optional<int64_t> getElementBits(Type type) {
  Type element = getElementTypeOrSelf(type);
  if (element.isIntOrFloat())
    return element.getIntOrFloatBitWidth();
  if (isa<IndexType>(element))
    return IndexType::kInternalStorageBitWidth;
  if (auto complex = dyn_cast<ComplexType>(element))
    if (complex.getElementType().isIntOrFloat())
      return 2 * complex.getElementType().getIntOrFloatBitWidth();
  return std::nullopt;
}

/// Extent of dim `dim` of `value` before any zero padding: a tensor.pad that
/// the importer did not insert as shape glue (`zigzag.adapter`) pads, so its
/// source extent is the real one (ZigZag's pr_total of a padded layer).
static int64_t getUnpaddedExtent(Value value, unsigned dim, int64_t extent) {
  auto pad = value.getDefiningOp<tensor::PadOp>();
  if (!pad || pad->hasAttr(ZigZagDialect::kAdapterAttrName))
    return extent;
  int64_t source = pad.getSourceType().getDimSize(dim);
  return ShapedType::isDynamic(source) ? extent : source;
}

/// ZigZag's constant operands are those no layer produces (weights, and the
/// network input in ZigZag's ONNX front end). Follows data movement ops
/// back to a function argument or a constant; function arguments marked
/// `zigzag.network_input` (DeFiNES's input node) are not constant.
static bool isConstantOperand(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (def->hasTrait<OpTrait::ConstantLike>())
      return true;
    if (!isa<tensor::PadOp, tensor::ExtractSliceOp, tensor::CastOp,
             tensor::ExpandShapeOp, tensor::CollapseShapeOp>(def))
      return false;
    value = def->getOperand(0);
  }
  auto arg = cast<BlockArgument>(value);
  auto func = dyn_cast<FunctionOpInterface>(arg.getOwner()->getParentOp());
  if (func && arg.getOwner()->isEntryBlock() &&
      func.getArgAttr(arg.getArgNumber(), ZigZagDialect::kNetworkInputAttrName))
    return false;
  return true;
}

/// "IX" for a pr dim led by loop "OX" (ZigZag's naming), else "dim<k>".
static std::string getPrDimName(const PrDim &dim,
                                ArrayRef<std::string> loopNames,
                                unsigned tensorDim) {
  for (const auto &term : dim.terms) {
    StringRef loop = loopNames[term.first];
    if (loop.size() >= 2 && loop.front() == 'O')
      return ("I" + loop.drop_front()).str();
  }
  return "dim" + std::to_string(tensorDim);
}

/// Fills relevance and pr dims of `operand` from its indexing map.
static LogicalResult analyzeRelevance(linalg::LinalgOp op, OpOperand *opOperand,
                                      const Workload &w,
                                      WorkloadOperand &operand,
                                      std::string &whyNot) {
  AffineMap map = op.getMatchingIndexingMap(opOperand);
  llvm::raw_string_ostream os(whyNot);
  if (map.getNumSymbols() != 0) {
    os << "indexing map of operand #" << opOperand->getOperandNumber()
       << " has symbols: " << map;
    return failure();
  }
  unsigned numLoops = w.numLoops();
  ArrayRef<int64_t> shape;
  if (auto shaped = dyn_cast<ShapedType>(opOperand->get().getType()))
    shape = shaped.getShape();

  operand.relevance.assign(numLoops, Relevance::Irrelevant);
  SmallVector<bool> alone(numLoops, false), compound(numLoops, false);
  for (auto [index, expr] : llvm::enumerate(map.getResults())) {
    SmallVector<int64_t> coefs(numLoops, 0);
    int64_t constant = 0;
    if (!decomposeLinear(expr, 1, coefs, constant)) {
      os << "indexing map of operand #" << opOperand->getOperandNumber()
         << " is not affine-linear in the loops: " << expr;
      return failure();
    }
    SmallVector<unsigned> loops;
    collectDimsInOrder(expr, loops);
    llvm::erase_if(loops, [&](unsigned d) { return coefs[d] == 0; });
    if (loops.empty())
      continue;
    if (loops.size() == 1) {
      alone[loops.front()] = true;
      continue;
    }
    PrDim dim;
    SmallVector<int64_t> termCoefs, termSizes;
    for (unsigned d : loops) {
      compound[d] = true;
      dim.terms.emplace_back(d, coefs[d]);
      termCoefs.push_back(coefs[d]);
      termSizes.push_back(w.loopSizes[d]);
    }
    // pr_total: the touched extent, at most the real (unpadded) extent.
    int64_t unique = ::zigzag::uniqueExtent(termCoefs.data(), termSizes.data(),
                                            loops.size());
    dim.extent = unique;
    // A dynamic tensor dim bounds nothing at compile time.
    if (index < shape.size() && !ShapedType::isDynamic(shape[index]))
      dim.extent = std::min(
          unique, getUnpaddedExtent(opOperand->get(), index, shape[index]));
    dim.name = getPrDimName(dim, w.loopNames, index);
    operand.prDims.push_back(std::move(dim));
  }
  for (unsigned d = 0; d < numLoops; ++d) {
    if (alone[d])
      operand.relevance[d] = Relevance::Relevant;
    else if (compound[d])
      operand.relevance[d] = Relevance::Partial;
  }

  // Dims whose relation lost size-1 loops (zigzag.unit_term_dims): the one
  // loop left is relevant above, partially relevant for DeFiNES.
  auto unitTermDims =
      op->getAttrOfType<ArrayAttr>(ZigZagDialect::kUnitTermDimsAttrName);
  unsigned operandIndex = opOperand->getOperandNumber();
  if (unitTermDims && operandIndex < unitTermDims.size())
    if (auto dims = dyn_cast<ArrayAttr>(unitTermDims[operandIndex]))
      for (Attribute dim : dims) {
        auto index = dyn_cast<IntegerAttr>(dim);
        if (!index || index.getInt() < 0 ||
            index.getInt() >= static_cast<int64_t>(map.getNumResults()))
          continue;
        SmallVector<int64_t> coefs(numLoops, 0);
        int64_t constant = 0;
        auto nonZero = [](int64_t c) { return c != 0; };
        if (!decomposeLinear(map.getResult(index.getInt()), 1, coefs,
                             constant) ||
            llvm::count_if(coefs, nonZero) != 1)
          continue;
        unsigned loop = llvm::find_if(coefs, nonZero) - coefs.begin();
        if (operand.relevance[loop] == Relevance::Relevant &&
            !llvm::is_contained(operand.loopsWithDroppedUnitTerms, loop))
          operand.loopsWithDroppedUnitTerms.push_back(loop);
      }
  return success();
}

std::string mlir::zigzag::getLayerName(Operation *op) {
  if (auto name =
          op->getAttrOfType<StringAttr>(ZigZagDialect::kLayerNameAttrName))
    return name.getValue().str();
  Operation *top = op;
  while (Operation *parent = top->getParentOp())
    top = parent;
  unsigned index = 0;
  top->walk<WalkOrder::PreOrder>([&](Operation *other) {
    if (other == op)
      return WalkResult::interrupt();
    if (other->getName() == op->getName())
      ++index;
    return WalkResult::advance();
  });
  StringRef opName = op->getName().getStringRef();
  opName = opName.substr(opName.find('.') + 1);
  return (opName + "_" + Twine(index)).str();
}

SmallVector<std::string> mlir::zigzag::getLoopNames(linalg::LinalgOp op) {
  SmallVector<std::string> names;
  if (auto array =
          op->getAttrOfType<ArrayAttr>(ZigZagDialect::kLoopNamesAttrName)) {
    if (array.size() == op.getNumLoops() &&
        llvm::all_of(array, [](Attribute a) { return isa<StringAttr>(a); })) {
      for (Attribute name : array)
        names.push_back(cast<StringAttr>(name).getValue().str());
      return names;
    }
  }
  for (unsigned d = 0; d < op.getNumLoops(); ++d)
    names.push_back("d" + std::to_string(d));
  return names;
}

PrecisionAttr mlir::zigzag::getPrecisionOverride(Operation *op) {
  for (; op; op = op->getParentOp())
    if (auto precision =
            op->getAttrOfType<PrecisionAttr>(ZigZagDialect::kPrecisionAttrName))
      return precision;
  return {};
}

FailureOr<LinalgWorkload> mlir::zigzag::analyzeLinalgOp(linalg::LinalgOp op,
                                                        std::string &whyNot) {
  llvm::raw_string_ostream os(whyNot);
  LinalgWorkload result;
  Workload &w = result.workload;
  SmallVector<std::string> loopNames = getLoopNames(op);
  w.loopNames.assign(loopNames.begin(), loopNames.end());
  // Dynamic loops are modelled with the sizes assumed for them; the verifier
  // made every assumed size a positive integer.
  auto assumed =
      op->getAttrOfType<DictionaryAttr>(ZigZagDialect::kAssumedDimsAttrName);
  SmallVector<int64_t> staticSizes = op.getStaticLoopRanges();
  if (assumed)
    for (NamedAttribute entry : assumed) {
      auto it = llvm::find(loopNames, entry.getName().getValue());
      if (it == loopNames.end()) {
        os << "'" << ZigZagDialect::kAssumedDimsAttrName << "' names loop '"
           << entry.getName().getValue()
           << "', which the op does not have (its loops: "
           << llvm::join(loopNames, ", ") << ")";
        return failure();
      }
      int64_t size = staticSizes[it - loopNames.begin()];
      if (!ShapedType::isDynamic(size)) {
        os << "'" << ZigZagDialect::kAssumedDimsAttrName << "' sizes loop '"
           << entry.getName().getValue() << "', which is static (size " << size
           << ")";
        return failure();
      }
    }
  for (auto [loop, size] : llvm::enumerate(staticSizes)) {
    if (ShapedType::isDynamic(size)) {
      auto value =
          assumed ? assumed.getAs<IntegerAttr>(loopNames[loop]) : IntegerAttr();
      if (!value) {
        os << "loop '" << loopNames[loop]
           << "' has a dynamic size; give it one to optimise for with "
              "--zigzag-search-mapping=\"assume-dims="
           << loopNames[loop] << "=<size>\"";
        return failure();
      }
      size = value.getValue().getSExtValue();
      result.assumedLoops.push_back(loop);
    }
    w.loopSizes.push_back(size);
  }
  for (utils::IteratorType type : op.getIteratorTypesArray())
    w.reduction.push_back(type == utils::IteratorType::reduction);
  w.name = getLayerName(op);
  w.opName = op->getName().getStringRef().str();
  if (auto type =
          op->getAttrOfType<StringAttr>(ZigZagDialect::kOperatorTypeAttrName))
    w.operatorType = type.getValue().str();
  if (auto id = op->getAttrOfType<IntegerAttr>(ZigZagDialect::kLayerIdAttrName))
    w.layerId = id.getInt();

  FailureOr<OperandRoles> roles = getOperandRoles(op, whyNot);
  if (failed(roles))
    return failure();
  FailureOr<std::array<MemOperand, ::zigzag::kNumMemOperands>> order =
      getOperandOrder(op, *roles, whyNot);
  if (failed(order))
    return failure();
  w.operandOrder = *order;

  PrecisionAttr precision = getPrecisionOverride(op);
  unsigned numInputs = op.getNumDpsInputs();
  for (MemOperand role : ::zigzag::kAllMemOperands) {
    WorkloadOperand &operand = w.operand(role);
    operand.name = role == MemOperand::I1   ? "I"
                   : role == MemOperand::I2 ? "W"
                                            : "O";
    operand.present = false;
    operand.precision = operand.finalPrecision = 0;
    operand.relevance.assign(w.numLoops(), Relevance::Irrelevant);
  }
  for (auto [index, role] : llvm::enumerate(*roles)) {
    if (!role)
      continue;
    OpOperand *opOperand = index < numInputs
                               ? op.getDpsInputOperand(index)
                               : op.getDpsInitOperand(index - numInputs);
    result.operands[static_cast<unsigned>(*role)] = opOperand;
    WorkloadOperand &operand = w.operand(*role);
    operand.present = true;
    if (failed(analyzeRelevance(op, opOperand, w, operand, whyNot)))
      return failure();
    std::optional<int64_t> bits = getElementBits(opOperand->get().getType());
    if (!bits) {
      os << "operand #" << opOperand->getOperandNumber()
         << " has an element type without a bit width: "
         << opOperand->get().getType();
      return failure();
    }
    // An input the payload never reads (a pooling window) moves no data.
    if (*role != MemOperand::O && !op.payloadUsesValueFromOperand(opOperand))
      bits = 0;
    operand.precision = operand.finalPrecision = *bits;
    if (precision) {
      if (*role == MemOperand::I1)
        operand.precision = operand.finalPrecision = precision.getI1();
      else if (*role == MemOperand::I2)
        operand.precision = operand.finalPrecision = precision.getI2();
      else {
        operand.precision = precision.getO();
        operand.finalPrecision = precision.getOFinal();
      }
    }
    operand.constant =
        *role != MemOperand::O && isConstantOperand(opOperand->get());
  }
  return result;
}

bool mlir::zigzag::onlyInitialisesOutputs(linalg::LinalgOp op) {
  if (op->getNumResults() == 0 || op->use_empty())
    return false;
  for (OpOperand &use : op->getUses()) {
    auto user = dyn_cast<linalg::LinalgOp>(use.getOwner());
    if (!user || !user.isDpsInit(&use))
      return false;
  }
  return true;
}
