//===- OnnxToLinalgElementwise.cpp - elementwise, pooling, norms
//------------===//
//
// Elementwise operators (numpy broadcasting), activations, pooling,
// BatchNormalization, LRN, Softmax, the reductions and LayerNormalization.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::zigzag;

namespace mlir::zigzag::onnx {

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

ArrayRef<StringLiteral> getElementwiseLoops(RankedTensorType type) {
  return type.getRank() == 4 ? ArrayRef<StringLiteral>(kActivationLoops)
                             : ArrayRef<StringLiteral>();
}

LogicalResult OnnxImporter::importBinary(BinaryKind kind) {
  FailureOr<Value> lhs = getInput(0), rhs = getInput(1);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(lhs) || failed(rhs) || failed(outType))
    return failure();
  Type elementType = outType->getElementType();
  if (getElementTypeOrSelf(lhs->getType()) != elementType ||
      getElementTypeOrSelf(rhs->getType()) != elementType)
    return nodeError() << "operands of different element types are not "
                          "supported";
  if (kind == BinaryKind::Pow && !isa<FloatType>(elementType))
    return nodeError() << "only floating-point Pow is supported";
  if (failed(checkBroadcastOutput({*lhs, *rhs}, *outType)))
    return failure();
  bool secondIsWeight = !isProducedByNode(node->inputs[1]) &&
                        !llvm::any_of(graph.inputs, [&](const auto &input) {
                          return input.name == node->inputs[1];
                        });
  Operation *op = nullptr;
  if (lhs->getType() == *outType && rhs->getType() == *outType) {
    SmallVector<Value, 2> inputs = {*lhs, *rhs};
    SmallVector<Value, 1> inits = {createEmpty(*outType)};
    SmallVector<Type, 1> results = {*outType};
    switch (kind) {
    case BinaryKind::Add:
      op = linalg::AddOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Sub:
      op = linalg::SubOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Mul:
      op = linalg::MulOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Div:
      op = linalg::DivOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Pow:
      op = linalg::PowFOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Max:
      op = linalg::MaxOp::create(builder, loc, results, inputs, inits);
      break;
    case BinaryKind::Min:
      op = linalg::MinOp::create(builder, loc, results, inputs, inits);
      break;
    }
  } else {
    op = createElementwise({*lhs, *rhs}, *outType,
                           [&](OpBuilder &b, Location at, ValueRange args) {
                             return createBinaryScalar(b, at, kind, args[0],
                                                       args[1]);
                           });
  }
  annotate(op, {"", false, secondIsWeight, getElementwiseLoops(*outType)});
  return setOutput(0, op->getResult(0));
}

LogicalResult OnnxImporter::importVariadic(BinaryKind kind) {
  if (node->inputs.size() == 2)
    return importBinary(kind);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(outType))
    return failure();
  if (node->inputs.empty())
    return nodeError() << "needs at least one input";
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < node->inputs.size(); ++i) {
    FailureOr<Value> input = getInput(i);
    if (failed(input))
      return failure();
    if (getElementTypeOrSelf(input->getType()) != outType->getElementType())
      return nodeError() << "operands of different element types are not "
                            "supported";
    inputs.push_back(*input);
  }
  if (failed(checkBroadcastOutput(inputs, *outType)))
    return failure();
  Value acc = inputs.front();
  if (inputs.size() == 1)
    return setOutput(0, acc);
  // Sum/Max/Min of n inputs: a chain of n - 1 binary ops.
  for (unsigned i = 1; i < inputs.size(); ++i) {
    linalg::GenericOp op = createElementwise(
        {acc, inputs[i]}, *outType,
        [&](OpBuilder &b, Location at, ValueRange args) {
          return createBinaryScalar(b, at, kind, args[0], args[1]);
        });
    std::string part = i + 1 == inputs.size() ? "" : std::to_string(i);
    annotate(op, {part, false, false, getElementwiseLoops(*outType)});
    acc = op.getResult(0);
  }
  return setOutput(0, acc);
}

LogicalResult OnnxImporter::importUnary(StringRef opType) {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  Type elementType = outType->getElementType();
  bool isFloat = isa<FloatType>(elementType);
  if (x->getType() != *outType)
    return nodeError() << "input " << x->getType() << " and output " << *outType
                       << " differ";
  // Named linalg ops where they exist (floating point).
  if (isFloat) {
    Operation *named = nullptr;
    auto create = [&](auto tag) {
      named = decltype(tag)::create(builder, loc, TypeRange{*outType},
                                    ValueRange{*x},
                                    ValueRange{createEmpty(*outType)});
    };
    if (opType == "Exp")
      create(linalg::ExpOp());
    else if (opType == "Log")
      create(linalg::LogOp());
    else if (opType == "Abs")
      create(linalg::AbsOp());
    else if (opType == "Ceil")
      create(linalg::CeilOp());
    else if (opType == "Floor")
      create(linalg::FloorOp());
    else if (opType == "Neg")
      create(linalg::NegFOp());
    else if (opType == "Reciprocal")
      create(linalg::ReciprocalOp());
    else if (opType == "Sqrt")
      create(linalg::SqrtOp());
    else if (opType == "Tanh")
      create(linalg::TanhOp());
    else if (opType == "Erf")
      create(linalg::ErfOp());
    if (named) {
      annotate(named, {"", false, false, getElementwiseLoops(*outType)});
      return setOutput(0, named->getResult(0));
    }
  }

  FailureOr<double> alpha =
      getFloatAttr("alpha", opType == "LeakyRelu"     ? 0.01
                            : opType == "HardSigmoid" ? 0.2
                            : opType == "Selu" ? 1.67326319217681884765625
                                               : 1.0);
  FailureOr<double> beta = getFloatAttr("beta", 0.5);
  FailureOr<double> gamma = getFloatAttr("gamma", 1.05070102214813232421875);
  if (failed(alpha) || failed(beta) || failed(gamma))
    return failure();
  // Gelu (opset 20): the exact form or the tanh approximation.
  std::string approximate = "none";
  if (opType == "Gelu") {
    FailureOr<std::string> attr = getStringAttr("approximate", "none");
    if (failed(attr))
      return failure();
    if (*attr != "none" && *attr != "tanh")
      return nodeError() << "approximate must be \"none\" or \"tanh\", got \""
                         << *attr << "\"";
    approximate = *attr;
  }
  bool floatOnly = opType != "Relu" && opType != "Neg" && opType != "Abs";
  if (floatOnly && !isFloat)
    return nodeError() << "only floating-point " << opType << " is supported";
  auto body = [&](OpBuilder &b, Location at, ValueRange args) -> Value {
    Value v = args[0];
    auto cst = [&](double value) {
      return createScalar(b, at, elementType, value);
    };
    auto mul = [&](Value l, Value r) {
      return createBinaryScalar(b, at, BinaryKind::Mul, l, r);
    };
    auto add = [&](Value l, Value r) {
      return createBinaryScalar(b, at, BinaryKind::Add, l, r);
    };
    auto clamp01 = [&](Value value) {
      return createBinaryScalar(
          b, at, BinaryKind::Min,
          createBinaryScalar(b, at, BinaryKind::Max, value, cst(0)), cst(1));
    };
    auto positive = [&]() -> Value {
      return arith::CmpFOp::create(b, at, arith::CmpFPredicate::OGT, v, cst(0));
    };
    auto expm1Scaled = [&](double scale) {
      Value e = math::ExpOp::create(b, at, v);
      return mul(cst(scale),
                 createBinaryScalar(b, at, BinaryKind::Sub, e, cst(1)));
    };
    if (opType == "Relu")
      return createBinaryScalar(b, at, BinaryKind::Max, v, cst(0));
    if (opType == "Neg")
      return createBinaryScalar(b, at, BinaryKind::Sub, cst(0), v);
    if (opType == "Abs")
      return math::AbsIOp::create(b, at, v);
    if (opType == "LeakyRelu")
      return arith::SelectOp::create(b, at, positive(), v, mul(cst(*alpha), v));
    if (opType == "Sigmoid") {
      Value e = math::ExpOp::create(
          b, at, createBinaryScalar(b, at, BinaryKind::Sub, cst(0), v));
      return createBinaryScalar(b, at, BinaryKind::Div, cst(1), add(cst(1), e));
    }
    if (opType == "HardSigmoid")
      return clamp01(add(mul(cst(*alpha), v), cst(*beta)));
    if (opType == "HardSwish")
      return mul(v, clamp01(add(mul(cst(1.0 / 6), v), cst(0.5))));
    if (opType == "Elu")
      return arith::SelectOp::create(b, at, positive(), v, expm1Scaled(*alpha));
    if (opType == "Selu")
      return mul(cst(*gamma), arith::SelectOp::create(b, at, positive(), v,
                                                      expm1Scaled(*alpha)));
    if (opType == "Softplus")
      return math::Log1pOp::create(b, at, math::ExpOp::create(b, at, v));
    if (opType == "Softsign")
      return createBinaryScalar(b, at, BinaryKind::Div, v,
                                add(cst(1), math::AbsFOp::create(b, at, v)));
    if (opType == "Sin")
      return math::SinOp::create(b, at, v);
    if (opType == "Cos")
      return math::CosOp::create(b, at, v);
    if (opType == "Round")
      return math::RoundEvenOp::create(b, at, v);
    if (opType == "Gelu") {
      // x/2 * (1 + erf(x / sqrt 2)), or with tanh(sqrt(2/pi) (x + 0.044715
      // x^3)) in place of the erf.
      Value inner;
      if (approximate == "tanh") {
        Value cube = mul(v, mul(v, v));
        inner = math::TanhOp::create(
            b, at,
            mul(cst(std::sqrt(2.0 / M_PI)), add(v, mul(cst(0.044715), cube))));
      } else {
        inner = math::ErfOp::create(b, at, mul(v, cst(M_SQRT1_2)));
      }
      return mul(mul(cst(0.5), v), add(cst(1), inner));
    }
    assert(opType == "Mish" && "unhandled unary op");
    // x * tanh(softplus(x))
    Value softplus =
        math::Log1pOp::create(b, at, math::ExpOp::create(b, at, v));
    return mul(v, math::TanhOp::create(b, at, softplus));
  };
  linalg::GenericOp op = createElementwise({*x}, *outType, body);
  annotate(op, {"", false, false, getElementwiseLoops(*outType)});
  return setOutput(0, op.getResult(0));
}

LogicalResult OnnxImporter::importClip() {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  Type elementType = outType->getElementType();
  if (!isa<FloatType>(elementType))
    return nodeError() << "only floating-point Clip is supported";
  if (x->getType() != *outType)
    return nodeError() << "input " << x->getType() << " and output " << *outType
                       << " differ";
  // Opset >= 11: bounds are (optional) inputs; before: attributes.
  std::optional<double> bounds[2];
  for (unsigned i = 0; i < 2; ++i) {
    if (hasInput(i + 1)) {
      const OnnxTensor *tensor = getConstantTensor(node->inputs[i + 1]);
      std::optional<std::vector<double>> data;
      if (tensor)
        data = tensor->getFloatValues();
      if (!data || data->size() != 1)
        return nodeError() << "the " << (i ? "max" : "min") << " bound '"
                           << node->inputs[i + 1]
                           << "' must be a scalar constant with data";
      bounds[i] = data->front();
    } else if (const OnnxAttribute *attr =
                   node->findAttribute(i ? "max" : "min")) {
      FailureOr<double> value = getFloatAttr(attr->name, 0);
      if (failed(value))
        return failure();
      bounds[i] = *value;
    }
  }
  linalg::GenericOp op = createElementwise(
      {*x}, *outType, [&](OpBuilder &b, Location at, ValueRange args) {
        Value v = args[0];
        if (bounds[0])
          v = createBinaryScalar(b, at, BinaryKind::Max, v,
                                 createScalar(b, at, elementType, *bounds[0]));
        if (bounds[1])
          v = createBinaryScalar(b, at, BinaryKind::Min, v,
                                 createScalar(b, at, elementType, *bounds[1]));
        return v;
      });
  annotate(op, {"", false, false, getElementwiseLoops(*outType)});
  return setOutput(0, op.getResult(0));
}

LogicalResult OnnxImporter::importPRelu() {
  FailureOr<Value> x = getInput(0), slope = getInput(1);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(slope) || failed(outType))
    return failure();
  Type elementType = outType->getElementType();
  if (!isa<FloatType>(elementType))
    return nodeError() << "only floating-point PRelu is supported";
  if (x->getType() != *outType ||
      getElementTypeOrSelf(slope->getType()) != elementType)
    return nodeError() << "the input " << x->getType() << ", the slope "
                       << slope->getType() << " and the output " << *outType
                       << " must have one element type and the input the "
                          "output's shape";
  if (failed(checkBroadcastOutput({*x, *slope}, *outType)))
    return failure();
  linalg::GenericOp op = createElementwise(
      {*x, *slope}, *outType, [&](OpBuilder &b, Location at, ValueRange args) {
        Value positive =
            arith::CmpFOp::create(b, at, arith::CmpFPredicate::OGT, args[0],
                                  createScalar(b, at, elementType, 0));
        Value scaled =
            createBinaryScalar(b, at, BinaryKind::Mul, args[0], args[1]);
        return Value(arith::SelectOp::create(b, at, positive, args[0], scaled));
      });
  annotate(op, {"", false, true, getElementwiseLoops(*outType)});
  return setOutput(0, op.getResult(0));
}

//===----------------------------------------------------------------------===//
// Pooling, normalization, softmax
//===----------------------------------------------------------------------===//

LogicalResult OnnxImporter::checkPoolInput(Value x) {
  auto xType = cast<RankedTensorType>(x.getType());
  if (xType.getRank() != 4 || !isa<FloatType>(xType.getElementType()))
    return nodeError() << "only 2-D floating-point pooling (NCHW) is "
                          "supported";
  return success();
}

LogicalResult OnnxImporter::importPool(bool isMax) {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType) || failed(checkPoolInput(*x)))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  Type elementType = xType.getElementType();
  if (node->outputs.size() > 1 && isUsed(node->outputs[1]))
    return nodeError() << "the Indices output of MaxPool is not supported";
  FailureOr<SmallVector<int64_t>> kernel = getIntsAttr("kernel_shape", {});
  FailureOr<int64_t> ceilMode = getIntAttr("ceil_mode", 0);
  FailureOr<int64_t> countIncludePad = getIntAttr("count_include_pad", 0);
  if (failed(kernel) || failed(ceilMode) || failed(countIncludePad))
    return failure();
  if (kernel->size() != 2)
    return nodeError() << "kernel_shape must have 2 entries";
  ArrayRef<int64_t> inSpatial = xType.getShape().drop_front(2);
  FailureOr<WindowParams> params = getWindowParams(inSpatial, *kernel);
  if (failed(params))
    return failure();
  SmallVector<int64_t> declaredPadHigh = params->padHigh;
  FailureOr<SmallVector<int64_t>> windows =
      getWindowOutput(*params, inSpatial, *ceilMode != 0);
  if (failed(windows))
    return failure();
  SmallVector<int64_t> expected(xType.getShape().take_front(2));
  expected.append(*windows);
  if (failed(checkOutputType(*outType, expected, elementType)))
    return failure();
  ArrayRef<int64_t> outSpatial = *windows;

  Attribute padValue =
      isMax ? getLowest(elementType) : builder.getZeroAttr(elementType);
  Value input =
      createPad(*x, {0, 0, params->padLow[0], params->padLow[1]},
                {0, 0, params->padHigh[0], params->padHigh[1]}, padValue);
  Value window = createEmpty(RankedTensorType::get(*kernel, elementType));
  auto vec = [&](ArrayRef<int64_t> values) {
    return DenseIntElementsAttr::get(
        RankedTensorType::get({2}, builder.getI64Type()), values);
  };
  SmallVector<NamedAttribute> attrs = {
      builder.getNamedAttr("strides", vec(params->strides)),
      builder.getNamedAttr("dilations", vec(params->dilations))};
  Operation *pool;
  if (isMax)
    pool = linalg::PoolingNchwMaxOp::create(
        builder, loc, TypeRange{*outType}, ValueRange{input, window},
        ValueRange{createSplat(*outType, getLowest(elementType))}, attrs);
  else
    pool = linalg::PoolingNchwSumOp::create(
        builder, loc, TypeRange{*outType}, ValueRange{input, window},
        ValueRange{createZeros(*outType)}, attrs);
  bool needsScale = !isMax;
  annotate(pool, {needsScale ? "sum" : "", false, false, kPoolingLoops});
  Value result = pool->getResult(0);
  if (!needsScale)
    return setOutput(0, result);

  // Average: divide by the number of counted window elements per output.
  SmallVector<SmallVector<int64_t>> counts(2);
  for (unsigned d = 0; d < 2; ++d) {
    int64_t lo = *countIncludePad ? -params->padLow[d] : 0;
    int64_t hi = inSpatial[d] + (*countIncludePad ? declaredPadHigh[d] : 0);
    for (int64_t o = 0; o < outSpatial[d]; ++o) {
      int64_t count = 0;
      for (int64_t k = 0; k < (*kernel)[d]; ++k) {
        int64_t pos = o * params->strides[d] - params->padLow[d] +
                      k * params->dilations[d];
        count += pos >= lo && pos < hi;
      }
      counts[d].push_back(count);
    }
  }
  bool uniform = llvm::all_equal(counts[0]) && llvm::all_equal(counts[1]);
  linalg::GenericOp scale;
  if (uniform) {
    double factor =
        1.0 / (double(counts[0].front()) * double(counts[1].front()));
    scale = createElementwise(
        {result}, *outType, [&](OpBuilder &b, Location at, ValueRange args) {
          return createBinaryScalar(b, at, BinaryKind::Mul, args[0],
                                    createScalar(b, at, elementType, factor));
        });
  } else {
    SmallVector<Attribute> divisors;
    for (int64_t cy : counts[0])
      for (int64_t cx : counts[1])
        divisors.push_back(
            builder.getFloatAttr(elementType, double(cy) * double(cx)));
    auto countType = RankedTensorType::get(outSpatial, elementType);
    Value countTensor = arith::ConstantOp::create(
        builder, loc, DenseElementsAttr::get(countType, divisors));
    scale = createElementwise({result, countTensor}, *outType,
                              [&](OpBuilder &b, Location at, ValueRange args) {
                                return createBinaryScalar(
                                    b, at, BinaryKind::Div, args[0], args[1]);
                              });
  }
  annotate(scale, {"", false, false, kActivationLoops});
  return setOutput(0, scale.getResult(0));
}

LogicalResult OnnxImporter::importGlobalPool(bool isMax) {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType) || failed(checkPoolInput(*x)))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  Type elementType = xType.getElementType();
  if (failed(checkOutputType(*outType,
                             {xType.getDimSize(0), xType.getDimSize(1), 1, 1},
                             elementType)))
    return failure();
  ArrayRef<int64_t> spatial = xType.getShape().drop_front(2);
  Value window = createEmpty(RankedTensorType::get(spatial, elementType));
  auto ones = DenseIntElementsAttr::get(
      RankedTensorType::get({2}, builder.getI64Type()),
      ArrayRef<int64_t>{1, 1});
  SmallVector<NamedAttribute> attrs = {builder.getNamedAttr("strides", ones),
                                       builder.getNamedAttr("dilations", ones)};
  Operation *pool;
  if (isMax)
    pool = linalg::PoolingNchwMaxOp::create(
        builder, loc, TypeRange{*outType}, ValueRange{*x, window},
        ValueRange{createSplat(*outType, getLowest(elementType))}, attrs);
  else
    pool = linalg::PoolingNchwSumOp::create(
        builder, loc, TypeRange{*outType}, ValueRange{*x, window},
        ValueRange{createZeros(*outType)}, attrs);
  annotate(pool, {isMax ? "" : "sum", false, false, kPoolingLoops});
  if (isMax)
    return setOutput(0, pool->getResult(0));
  double factor = 1.0 / double(spatial[0] * spatial[1]);
  linalg::GenericOp scale = createElementwise(
      {pool->getResult(0)}, *outType,
      [&](OpBuilder &b, Location at, ValueRange args) {
        return createBinaryScalar(b, at, BinaryKind::Mul, args[0],
                                  createScalar(b, at, elementType, factor));
      });
  annotate(scale, {"", false, false, kActivationLoops});
  return setOutput(0, scale.getResult(0));
}

LogicalResult OnnxImporter::importBatchNorm() {
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(outType))
    return failure();
  FailureOr<int64_t> training = getIntAttr("training_mode", 0);
  FailureOr<double> epsilon = getFloatAttr("epsilon", 1e-5);
  if (failed(training) || failed(epsilon))
    return failure();
  if (*training)
    return nodeError() << "training mode is not supported (inference only)";
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < 5; ++i) {
    FailureOr<Value> input = getInput(i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  Type elementType = outType->getElementType();
  if (!isa<FloatType>(elementType) || outType->getRank() < 2 ||
      inputs[0].getType() != *outType)
    return nodeError() << "needs a floating-point input of rank >= 2 and an "
                          "output of the same type";
  int64_t channels = outType->getDimSize(1);
  for (unsigned i = 1; i < 5; ++i) {
    auto type = cast<RankedTensorType>(inputs[i].getType());
    if (type != RankedTensorType::get({channels}, elementType))
      return nodeError() << "input #" << i << " must have one value per "
                         << "channel (" << channels << "), got " << type;
  }
  // Parameters index the channel dim (loop 1).
  unsigned rank = outType->getRank();
  SmallVector<AffineMap> maps = {builder.getMultiDimIdentityMap(rank)};
  for (unsigned i = 1; i < 5; ++i)
    maps.push_back(AffineMap::get(rank, 0, builder.getAffineDimExpr(1)));
  maps.push_back(builder.getMultiDimIdentityMap(rank));
  double eps = *epsilon;
  auto op = linalg::GenericOp::create(
      builder, loc, TypeRange{*outType}, inputs,
      ValueRange{createEmpty(*outType)}, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &b, Location at, ValueRange args) {
        // (x - mean) * scale / sqrt(var + eps) + bias
        Value centered =
            createBinaryScalar(b, at, BinaryKind::Sub, args[0], args[3]);
        Value stddev = math::SqrtOp::create(
            b, at,
            createBinaryScalar(b, at, BinaryKind::Add, args[4],
                               createScalar(b, at, elementType, eps)));
        Value normalized = createBinaryScalar(
            b, at, BinaryKind::Div,
            createBinaryScalar(b, at, BinaryKind::Mul, centered, args[1]),
            stddev);
        linalg::YieldOp::create(
            b, at,
            createBinaryScalar(b, at, BinaryKind::Add, normalized, args[2]));
      });
  // X is I1, the scale I2; bias, mean and variance are not modelled.
  StringLiteral operands[] = {"I1", "I2", "-", "-", "-", "O"};
  annotate(op, {"", false, true, getElementwiseLoops(*outType), operands});
  return setOutput(0, op.getResult(0));
}

LogicalResult OnnxImporter::importLRN() {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  FailureOr<int64_t> size = getIntAttr("size", 0);
  FailureOr<double> alpha = getFloatAttr("alpha", 1e-4),
                    beta = getFloatAttr("beta", 0.75),
                    bias = getFloatAttr("bias", 1.0);
  if (failed(size) || failed(alpha) || failed(beta) || failed(bias))
    return failure();
  Type elementType = outType->getElementType();
  if (*size < 1 || outType->getRank() != 4 || !isa<FloatType>(elementType) ||
      x->getType() != *outType)
    return nodeError() << "needs a floating-point NCHW input and size >= 1";
  // The channels are padded by size - 1.
  if (!llvm::checkedAdd(outType->getDimSize(1), *size - 1))
    return nodeError() << "size " << *size << " is too large";
  // square -> zero-pad channels -> window sum over channels -> normalize.
  linalg::GenericOp square = createElementwise(
      {*x}, *outType, [&](OpBuilder &b, Location at, ValueRange args) {
        return createBinaryScalar(b, at, BinaryKind::Mul, args[0], args[0]);
      });
  annotate(square, {"square", false, false, kActivationLoops});
  int64_t before = (*size - 1) / 2, after = *size - 1 - before;
  Value padded = createPad(square.getResult(0), {0, before, 0, 0},
                           {0, after, 0, 0}, builder.getZeroAttr(elementType));
  // The window operand (never read, as in linalg's pooling ops) gives the
  // window loop its extent.
  Value window = createEmpty(RankedTensorType::get({*size}, elementType));
  AffineExpr n, c, h, w, k;
  bindDims(context, n, c, h, w, k);
  auto sum = linalg::GenericOp::create(
      builder, loc, TypeRange{*outType}, ValueRange{padded, window},
      ValueRange{createZeros(*outType)},
      ArrayRef<AffineMap>{AffineMap::get(5, 0, {n, c + k, h, w}, context),
                          AffineMap::get(5, 0, {k}, context),
                          AffineMap::get(5, 0, {n, c, h, w}, context)},
      ArrayRef<utils::IteratorType>{
          utils::IteratorType::parallel, utils::IteratorType::parallel,
          utils::IteratorType::parallel, utils::IteratorType::parallel,
          utils::IteratorType::reduction},
      [&](OpBuilder &b, Location at, ValueRange args) {
        linalg::YieldOp::create(
            b, at,
            createBinaryScalar(b, at, BinaryKind::Add, args[2], args[0]));
      });
  StringLiteral sumLoops[] = {"B", "G", "OY", "OX", "FC"};
  annotate(sum, {"sum", false, false, sumLoops});
  double scale = *alpha / double(*size), betaValue = *beta, biasValue = *bias;
  linalg::GenericOp normalize = createElementwise(
      {*x, sum.getResult(0)}, *outType,
      [&](OpBuilder &b, Location at, ValueRange args) {
        auto cst = [&](double v) {
          return createScalar(b, at, elementType, v);
        };
        Value base = createBinaryScalar(
            b, at, BinaryKind::Add, cst(biasValue),
            createBinaryScalar(b, at, BinaryKind::Mul, cst(scale), args[1]));
        Value denominator = math::PowFOp::create(b, at, base, cst(betaValue));
        return createBinaryScalar(b, at, BinaryKind::Div, args[0], denominator);
      });
  annotate(normalize, {"", false, false, kActivationLoops});
  return setOutput(0, normalize.getResult(0));
}

LogicalResult OnnxImporter::importSoftmax(bool isLog) {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  Type elementType = outType->getElementType();
  int64_t rank = outType->getRank();
  if (!isa<FloatType>(elementType) || rank == 0 || x->getType() != *outType)
    return nodeError() << "needs a floating-point input of rank >= 1";
  bool coerce2D = graph.opsetVersion < 13;
  FailureOr<int64_t> axis = getIntAttr("axis", coerce2D ? 1 : -1);
  if (failed(axis))
    return failure();
  if (*axis < -rank || *axis >= rank)
    return nodeError() << "axis " << *axis << " is out of range for rank "
                       << rank;
  int64_t a = *axis < 0 ? *axis + rank : *axis;
  // Before opset 13 the input is seen as 2-D: [d0*..*d(a-1), da*..*dn].
  Value input = *x;
  RankedTensorType type = *outType;
  if (coerce2D && a != rank - 1) {
    int64_t rows = 1, cols = 1;
    for (int64_t d = 0; d < rank; ++d)
      (d < a ? rows : cols) *= outType->getDimSize(d);
    type = RankedTensorType::get({rows, cols}, elementType);
    input = createReshape(input, type);
    a = 1;
  }
  rank = type.getRank();
  SmallVector<AffineExpr> reducedExprs;
  for (int64_t d = 0; d < rank; ++d)
    if (d != a)
      reducedExprs.push_back(builder.getAffineDimExpr(d));
  AffineMap identity = builder.getMultiDimIdentityMap(rank);
  AffineMap reducedMap = AffineMap::get(rank, 0, reducedExprs, context);
  auto reduce = [&](Value in, Attribute init, BinaryKind kind) {
    return createReduction(
        in, {}, {a}, init,
        [&](OpBuilder &b, Location at, ValueRange args, Value acc) {
          return createBinaryScalar(b, at, kind, acc, args[0]);
        });
  };
  auto parallel =
      [&](ValueRange ins, ArrayRef<AffineMap> inMaps,
          function_ref<Value(OpBuilder &, Location, ValueRange)> fn) {
        SmallVector<AffineMap> maps(inMaps);
        maps.push_back(identity);
        return linalg::GenericOp::create(
            builder, loc, TypeRange{type}, ins, ValueRange{createEmpty(type)},
            maps,
            SmallVector<utils::IteratorType>(rank,
                                             utils::IteratorType::parallel),
            [&](OpBuilder &b, Location at, ValueRange args) {
              linalg::YieldOp::create(b, at, fn(b, at, args));
            });
      };
  linalg::GenericOp max =
      reduce(input, getLowest(elementType), BinaryKind::Max);
  annotate(max, {"max"});
  linalg::GenericOp exp = parallel(
      {input, max.getResult(0)}, {identity, reducedMap},
      [&](OpBuilder &b, Location at, ValueRange args) -> Value {
        return math::ExpOp::create(
            b, at,
            createBinaryScalar(b, at, BinaryKind::Sub, args[0], args[1]));
      });
  annotate(exp, {"exp"});
  linalg::GenericOp sum = reduce(
      exp.getResult(0), builder.getZeroAttr(elementType), BinaryKind::Add);
  annotate(sum, {"sum"});
  linalg::GenericOp result;
  if (isLog)
    result = parallel(
        {input, max.getResult(0), sum.getResult(0)},
        {identity, reducedMap, reducedMap},
        [&](OpBuilder &b, Location at, ValueRange args) {
          Value shifted =
              createBinaryScalar(b, at, BinaryKind::Sub, args[0], args[1]);
          return createBinaryScalar(b, at, BinaryKind::Sub, shifted,
                                    math::LogOp::create(b, at, args[2]));
        });
  else
    result = parallel(
        {exp.getResult(0), sum.getResult(0)}, {identity, reducedMap},
        [&](OpBuilder &b, Location at, ValueRange args) {
          return createBinaryScalar(b, at, BinaryKind::Div, args[0], args[1]);
        });
  annotate(result, {""});
  return setOutput(0, createReshape(result.getResult(0), *outType));
}

LogicalResult OnnxImporter::importReduce(StringRef opType) {
  FailureOr<Value> x = getInput(0);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(outType))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  Type elementType = xType.getElementType();
  int64_t rank = xType.getRank();
  bool onIntegers = llvm::is_contained(
      {"ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd"}, opType);
  if (!isa<FloatType>(elementType) && !onIntegers)
    return nodeError() << "only floating-point " << opType << " is supported";
  FailureOr<int64_t> keepDims = getIntAttr("keepdims", 1);
  FailureOr<int64_t> noop = getIntAttr("noop_with_empty_axes", 0);
  if (failed(keepDims) || failed(noop))
    return failure();
  // The axes are an input since opset 13 (ReduceSum) / 18 (the others),
  // an attribute before.
  std::vector<int64_t> axesList;
  if (hasInput(1)) {
    FailureOr<std::vector<int64_t>> data = getConstantInts(1, "axes");
    if (failed(data))
      return failure();
    axesList = *data;
  } else {
    FailureOr<SmallVector<int64_t>> attr = getIntsAttr("axes", {});
    if (failed(attr))
      return failure();
    axesList.assign(attr->begin(), attr->end());
  }
  FailureOr<SmallVector<int64_t>> axes = normalizeAxes(axesList, rank);
  if (failed(axes))
    return failure();
  if (axes->empty()) {
    if (*noop) {
      if (failed(checkOutputType(*outType, xType.getShape(), elementType)))
        return failure();
      return setOutput(0, *x);
    }
    for (int64_t d = 0; d < rank; ++d)
      axes->push_back(d);
  }
  llvm::sort(*axes);
  SmallVector<int64_t> expected;
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (!llvm::is_contained(*axes, d)) {
      expected.push_back(xType.getDimSize(d));
      continue;
    }
    // No overflow: getStaticType checked the element count.
    count *= xType.getDimSize(d);
    if (*keepDims)
      expected.push_back(1);
  }
  if (failed(checkOutputType(*outType, expected, elementType)))
    return failure();

  Attribute init = builder.getZeroAttr(elementType);
  BinaryKind kind = BinaryKind::Add;
  if (opType == "ReduceMax") {
    init = getLowest(elementType);
    kind = BinaryKind::Max;
  } else if (opType == "ReduceMin") {
    if (auto floatType = dyn_cast<FloatType>(elementType))
      init = builder.getFloatAttr(
          floatType, APFloat::getInf(floatType.getFloatSemantics()));
    else
      init = builder.getIntegerAttr(
          elementType,
          APInt::getSignedMaxValue(elementType.getIntOrFloatBitWidth()));
    kind = BinaryKind::Min;
  } else if (opType == "ReduceProd") {
    init = isa<FloatType>(elementType)
               ? Attribute(builder.getFloatAttr(elementType, 1.0))
               : Attribute(builder.getIntegerAttr(elementType, 1));
    kind = BinaryKind::Mul;
  }
  bool square = opType == "ReduceSumSquare" || opType == "ReduceL2";
  bool absolute = opType == "ReduceL1";
  bool hasPost = opType == "ReduceMean" || opType == "ReduceL2";
  linalg::GenericOp reduction = createReduction(
      *x, {}, *axes, init,
      [&](OpBuilder &b, Location at, ValueRange args, Value acc) {
        Value v = args[0];
        if (square)
          v = createBinaryScalar(b, at, BinaryKind::Mul, v, v);
        if (absolute)
          v = math::AbsFOp::create(b, at, v);
        return createBinaryScalar(b, at, kind, acc, v);
      });
  annotate(reduction, {hasPost ? "sum" : ""});
  Value result = reduction.getResult(0);
  if (hasPost) {
    auto reducedType = cast<RankedTensorType>(result.getType());
    linalg::GenericOp post = createElementwise(
        {result}, reducedType,
        [&](OpBuilder &b, Location at, ValueRange args) -> Value {
          if (opType == "ReduceL2")
            return math::SqrtOp::create(b, at, args[0]);
          return createBinaryScalar(
              b, at, BinaryKind::Mul, args[0],
              createScalar(b, at, elementType, 1.0 / double(count)));
        });
    annotate(post, {""});
    result = post.getResult(0);
  }
  return setOutput(0, createReshape(result, *outType));
}

LogicalResult OnnxImporter::importLayerNorm() {
  FailureOr<Value> x = getInput(0), scale = getInput(1);
  FailureOr<RankedTensorType> outType = getOutputType(0);
  if (failed(x) || failed(scale) || failed(outType))
    return failure();
  for (unsigned i = 1; i < node->outputs.size(); ++i)
    if (isUsed(node->outputs[i]))
      return nodeError() << "output #" << i << " ('" << node->outputs[i]
                         << "', the statistics) is not supported";
  Type elementType = outType->getElementType();
  int64_t rank = outType->getRank();
  if (!isa<FloatType>(elementType) || rank == 0 || x->getType() != *outType)
    return nodeError() << "needs a floating-point input of rank >= 1 and an "
                          "output of the same type";
  SmallVector<Value> params = {*scale};
  if (hasInput(2)) {
    FailureOr<Value> bias = getInput(2);
    if (failed(bias))
      return failure();
    params.push_back(*bias);
  }
  for (Value param : params)
    if (getElementTypeOrSelf(param.getType()) != elementType)
      return nodeError() << "the scale and bias must have the input's "
                            "element type";
  SmallVector<Value> operands = {*x};
  operands.append(params);
  if (failed(checkBroadcastOutput(operands, *outType)))
    return failure();
  FailureOr<int64_t> axis = getIntAttr("axis", -1);
  FailureOr<double> epsilon = getFloatAttr("epsilon", 1e-5);
  if (failed(axis) || failed(epsilon))
    return failure();
  FailureOr<SmallVector<int64_t>> first = normalizeAxes({*axis}, rank);
  if (failed(first))
    return failure();
  // Normalizes over the dims from `axis` to the last.
  SmallVector<int64_t> axes;
  int64_t count = 1;
  for (int64_t d = first->front(); d < rank; ++d) {
    axes.push_back(d);
    count *= outType->getDimSize(d);
  }
  double invCount = 1.0 / double(count);
  auto scaled = [&](OpBuilder &b, Location at, Value v) {
    return createBinaryScalar(b, at, BinaryKind::Mul, v,
                              createScalar(b, at, elementType, invCount));
  };
  linalg::GenericOp sum = createReduction(
      *x, {}, axes, builder.getZeroAttr(elementType),
      [&](OpBuilder &b, Location at, ValueRange args, Value acc) {
        return createBinaryScalar(b, at, BinaryKind::Add, acc, args[0]);
      });
  annotate(sum, {"sum"});
  // Two passes (mean, then squared deviations), as the definition reads:
  // E[x^2] - E[x]^2 cancels badly.
  linalg::GenericOp var = createReduction(
      *x, {sum.getResult(0)}, axes, builder.getZeroAttr(elementType),
      [&](OpBuilder &b, Location at, ValueRange args, Value acc) {
        Value d = createBinaryScalar(b, at, BinaryKind::Sub, args[0],
                                     scaled(b, at, args[1]));
        return createBinaryScalar(
            b, at, BinaryKind::Add, acc,
            createBinaryScalar(b, at, BinaryKind::Mul, d, d));
      });
  annotate(var, {"var"});
  SmallVector<AffineExpr> reducedExprs;
  for (int64_t d = 0; d < first->front(); ++d)
    reducedExprs.push_back(builder.getAffineDimExpr(d));
  AffineMap reducedMap = AffineMap::get(rank, 0, reducedExprs, context);
  SmallVector<Value> inputs = {*x, sum.getResult(0), var.getResult(0)};
  SmallVector<AffineMap> maps = {builder.getMultiDimIdentityMap(rank),
                                 reducedMap, reducedMap};
  for (Value param : params) {
    inputs.push_back(param);
    maps.push_back(
        getBroadcastMap(cast<RankedTensorType>(param.getType()).getShape(),
                        outType->getShape(), context));
  }
  maps.push_back(builder.getMultiDimIdentityMap(rank));
  auto norm = linalg::GenericOp::create(
      builder, loc, TypeRange{*outType}, inputs,
      ValueRange{createEmpty(*outType)}, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &b, Location at, ValueRange args) {
        Value centered = createBinaryScalar(b, at, BinaryKind::Sub, args[0],
                                            scaled(b, at, args[1]));
        Value variance =
            createBinaryScalar(b, at, BinaryKind::Add, scaled(b, at, args[2]),
                               createScalar(b, at, elementType, *epsilon));
        Value y = createBinaryScalar(b, at, BinaryKind::Div, centered,
                                     math::SqrtOp::create(b, at, variance));
        y = createBinaryScalar(b, at, BinaryKind::Mul, y, args[3]);
        if (args.size() > 5)
          y = createBinaryScalar(b, at, BinaryKind::Add, y, args[4]);
        linalg::YieldOp::create(b, at, y);
      });
  annotate(norm, {"", false, false, getElementwiseLoops(*outType)});
  return setOutput(0, norm.getResult(0));
}

} // namespace mlir::zigzag::onnx
