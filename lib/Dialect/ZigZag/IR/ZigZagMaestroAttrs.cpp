//===- ZigZagMaestroAttrs.cpp - #zigzag.dataflow
//---------------------------===//

#include "zigzag/Dialect/ZigZag/IR/MaestroLayer.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

using namespace mlir;
using namespace mlir::zigzag;
namespace ms = ::zigzag::maestro;

static ParseResult parseDim(AsmParser &parser, ms::Dim &dim) {
  SMLoc loc = parser.getCurrentLocation();
  std::string name;
  if (failed(parser.parseOptionalString(&name))) {
    StringRef kw;
    if (parser.parseKeyword(&kw))
      return failure();
    name = kw.str();
  }
  std::optional<ms::Dim> d = ms::parseDim(name);
  if (!d)
    return parser.emitError(loc)
           << "unknown MAESTRO dimension '" << name
           << "' (N, K, C, R, S, Y, X, \"Y'\", \"X'\", M)";
  dim = *d;
  return success();
}

static void printDim(AsmPrinter &printer, ms::Dim dim) {
  if (dim == ms::Dim::OY || dim == ms::Dim::OX)
    printer << '"' << ms::dimName(dim) << '"';
  else
    printer << ms::dimName(dim);
}

/// An integer or Sz(D).
static ParseResult parseSize(AsmParser &parser, int64_t &value,
                             std::optional<ms::Dim> &of) {
  if (succeeded(parser.parseOptionalKeyword("Sz"))) {
    ms::Dim d;
    if (parser.parseLParen() || parseDim(parser, d) || parser.parseRParen())
      return failure();
    of = d;
    value = 0;
    return success();
  }
  of.reset();
  return parser.parseInteger(value);
}

static void printSize(AsmPrinter &printer, int64_t value,
                      std::optional<ms::Dim> of) {
  if (of) {
    printer << "Sz(";
    printDim(printer, *of);
    printer << ")";
  } else {
    printer << value;
  }
}

Attribute DataflowAttr::parse(AsmParser &parser, Type) {
  SmallVector<DataflowDirective> directives;
  if (parser.parseLess())
    return {};
  auto parseOne = [&]() -> ParseResult {
    SMLoc loc = parser.getCurrentLocation();
    StringRef kw;
    if (parser.parseKeyword(&kw))
      return failure();
    DataflowDirective d{ms::DirectiveKind::TemporalMap,
                        0,
                        std::nullopt,
                        0,
                        std::nullopt,
                        ms::Dim::K,
                        false};
    if (kw == "Cluster") {
      d.kind = ms::DirectiveKind::Cluster;
      if (parser.parseLParen() || parseSize(parser, d.size, d.sizeOf))
        return failure();
      if (succeeded(parser.parseOptionalComma())) {
        StringRef type;
        SMLoc typeLoc = parser.getCurrentLocation();
        if (parser.parseKeyword(&type))
          return failure();
        if (type != "P" && type != "L")
          return parser.emitError(typeLoc)
                 << "cluster type must be P or L, found '" << type << "'";
        d.logical = type == "L";
      }
      if (parser.parseRParen())
        return failure();
      directives.push_back(d);
      return success();
    }
    if (kw == "TemporalMap")
      d.kind = ms::DirectiveKind::TemporalMap;
    else if (kw == "SpatialMap")
      d.kind = ms::DirectiveKind::SpatialMap;
    else
      return parser.emitError(loc) << "unknown directive '" << kw
                                   << "' (TemporalMap, SpatialMap or Cluster)";
    if (parser.parseLParen() || parseSize(parser, d.size, d.sizeOf) ||
        parser.parseComma() || parseSize(parser, d.offset, d.offsetOf) ||
        parser.parseRParen() || parseDim(parser, d.dim))
      return failure();
    directives.push_back(d);
    return success();
  };
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, parseOne) ||
      parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(parser.getNameLoc()); },
                    parser.getContext(),
                    ArrayRef<DataflowDirective>(directives));
}

void DataflowAttr::print(AsmPrinter &printer) const {
  printer << "<[";
  llvm::interleaveComma(
      getDirectives(), printer, [&](const DataflowDirective &d) {
        if (d.kind == ms::DirectiveKind::Cluster) {
          printer << "Cluster(";
          printSize(printer, d.size, d.sizeOf);
          printer << ", " << (d.logical ? "L" : "P") << ")";
          return;
        }
        printer << (d.kind == ms::DirectiveKind::TemporalMap ? "TemporalMap("
                                                             : "SpatialMap(");
        printSize(printer, d.size, d.sizeOf);
        printer << ", ";
        printSize(printer, d.offset, d.offsetOf);
        printer << ") ";
        printDim(printer, d.dim);
      });
  printer << "]>";
}

LogicalResult DataflowAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   ArrayRef<DataflowDirective> directives) {
  for (auto [i, d] : llvm::enumerate(directives)) {
    if (!d.sizeOf && d.size <= 0)
      return emitError() << "directive " << i << ": size must be positive, got "
                         << d.size;
    if (d.kind == ms::DirectiveKind::Cluster)
      continue;
    if (!d.offsetOf && d.offset <= 0)
      return emitError() << "directive " << i
                         << ": offset must be positive, got " << d.offset;
    if (!d.sizeOf && !d.offsetOf && d.offset > d.size)
      return emitError() << "directive " << i << ": offset " << d.offset
                         << " is larger than the map size " << d.size
                         << " (indices would be skipped)";
    bool filterDim = d.dim == ms::Dim::R || d.dim == ms::Dim::S;
    if (filterDim && d.kind == ms::DirectiveKind::TemporalMap &&
        (d.size != d.offset || d.sizeOf != d.offsetOf))
      return emitError() << "directive " << i << ": a TemporalMap on "
                         << ms::dimName(d.dim)
                         << " must cover the whole filter, TemporalMap(Sz("
                         << ms::dimName(d.dim) << "), Sz(" << ms::dimName(d.dim)
                         << "))";
  }
  return success();
}

FailureOr<std::vector<ms::Directive>>
DataflowAttr::resolve(ArrayRef<std::optional<int64_t>> sizes,
                      function_ref<InFlightDiagnostic()> emitError) const {
  std::vector<ms::Directive> out;
  auto value = [&](int64_t v, std::optional<ms::Dim> of) -> FailureOr<int64_t> {
    if (!of)
      return v;
    if (!sizes[static_cast<unsigned>(*of)]) {
      emitError() << "Sz(" << ms::dimName(*of)
                  << "): the op has no such dimension";
      return failure();
    }
    return *sizes[static_cast<unsigned>(*of)];
  };
  for (const DataflowDirective &d : getDirectives()) {
    ms::Directive r;
    r.kind = d.kind;
    r.dim = d.dim;
    r.logical = d.logical;
    FailureOr<int64_t> size = value(d.size, d.sizeOf);
    if (failed(size))
      return failure();
    r.size = static_cast<int>(*size);
    if (d.kind != ms::DirectiveKind::Cluster) {
      FailureOr<int64_t> ofs = value(d.offset, d.offsetOf);
      if (failed(ofs))
        return failure();
      r.offset = static_cast<int>(*ofs);
    } else {
      r.offset = 0;
    }
    out.push_back(r);
  }
  return out;
}

/// The strides attribute of a convolution ([1, 1] when absent).
static std::optional<std::pair<int64_t, int64_t>> getPair(Operation *op,
                                                          StringRef name) {
  auto attr = op->getAttrOfType<DenseIntElementsAttr>(name);
  if (!attr)
    return std::make_pair<int64_t, int64_t>(1, 1);
  auto values = llvm::to_vector(attr.getValues<int64_t>());
  if (values.size() != 2)
    return std::nullopt;
  return std::make_pair(values[0], values[1]);
}

/// maestroLayerFromOp, with the size-dependent checks when `checkSizes`.
static FailureOr<ms::Layer> layerFromOp(Operation *op, DataflowAttr dataflow,
                                        bool checkSizes) {
  StringRef name = op->getName().getStringRef();
  auto shapeOf = [&](unsigned i) -> ArrayRef<int64_t> {
    if (i >= op->getNumOperands())
      return {};
    // A tile of a rewritten op may be dynamically shaped: the verifier only
    // needs the rank.
    auto type = dyn_cast<ShapedType>(op->getOperand(i).getType());
    if (!type || !type.hasRank() || (checkSizes && !type.hasStaticShape()))
      return {};
    return type.getShape();
  };
  ms::Layer layer;
  if (auto layerName =
          op->getAttrOfType<StringAttr>(ZigZagDialect::kLayerNameAttrName))
    layer.name = layerName.str();
  std::array<std::optional<int64_t>, ms::kNumDims> sizes{};
  auto set = [&](ms::Dim d, int64_t v) { sizes[static_cast<unsigned>(d)] = v; };
  int64_t strideY = 1, strideX = 1;
  bool mentionsN = false;
  for (const DataflowDirective &d : dataflow.getDirectives())
    mentionsN |= d.kind != ms::DirectiveKind::Cluster && d.dim == ms::Dim::N;
  if (name == "linalg.conv_2d_nchw_fchw" ||
      name == "linalg.depthwise_conv_2d_nchw_chw") {
    bool depthwise = name == "linalg.depthwise_conv_2d_nchw_chw";
    ArrayRef<int64_t> in = shapeOf(0), w = shapeOf(1);
    if (in.size() != 4 || w.size() != (depthwise ? 3u : 4u))
      return op->emitError("zigzag.dataflow: the MAESTRO analysis needs "
                           "statically shaped convolution operands");
    auto strides = getPair(op, "strides");
    auto dilations = getPair(op, "dilations");
    if (!strides || !dilations || dilations->first != 1 ||
        dilations->second != 1)
      return op->emitError("zigzag.dataflow: MAESTRO models no dilation; "
                           "this convolution is dilated");
    strideY = strides->first;
    strideX = strides->second;
    if (strideY < 1 || strideX < 1 ||
        (checkSizes && (in[2] < (depthwise ? w[1] : w[2]) ||
                        in[3] < (depthwise ? w[2] : w[3]))))
      return op->emitError("zigzag.dataflow: the convolution needs positive "
                           "strides and an input at least as large as the "
                           "filter");
    layer.type = depthwise ? ms::LayerType::DSConv : ms::LayerType::Conv;
    if (in[0] != 1 || mentionsN)
      set(ms::Dim::N, in[0]);
    set(ms::Dim::K, depthwise ? 1 : w[0]);
    set(ms::Dim::C, in[1]);
    set(ms::Dim::R, depthwise ? w[1] : w[2]);
    set(ms::Dim::S, depthwise ? w[2] : w[3]);
    set(ms::Dim::Y, in[2]);
    set(ms::Dim::X, in[3]);
  } else if (name == "linalg.matmul") {
    ArrayRef<int64_t> a = shapeOf(0), b = shapeOf(1);
    if (a.size() != 2 || b.size() != 2)
      return op->emitError("zigzag.dataflow: the MAESTRO analysis needs "
                           "statically shaped matmul operands");
    layer.type = ms::LayerType::GEMM;
    set(ms::Dim::M, a[0]);
    set(ms::Dim::K, a[1]);
    set(ms::Dim::N, b[1]);
  } else {
    return op->emitError()
           << "zigzag.dataflow is supported on linalg.conv_2d_nchw_fchw, "
              "linalg.depthwise_conv_2d_nchw_chw and linalg.matmul, not on '"
           << name << "'";
  }
  static constexpr ms::Dim kOrder[] = {ms::Dim::N, ms::Dim::M, ms::Dim::K,
                                       ms::Dim::C, ms::Dim::R, ms::Dim::S,
                                       ms::Dim::Y, ms::Dim::X};
  for (ms::Dim d : kOrder)
    if (auto v = sizes[static_cast<unsigned>(d)])
      layer.dims.push_back({d, static_cast<int>(*v),
                            d == ms::Dim::Y   ? int(strideY)
                            : d == ms::Dim::X ? int(strideX)
                                              : 1});
  // Sz(Y') / Sz(X') are the output extents.
  std::array<std::optional<int64_t>, ms::kNumDims> szSizes = sizes;
  if (layer.type != ms::LayerType::GEMM) {
    szSizes[static_cast<unsigned>(ms::Dim::OY)] =
        (*sizes[unsigned(ms::Dim::Y)] - *sizes[unsigned(ms::Dim::R)]) /
            strideY +
        1;
    szSizes[static_cast<unsigned>(ms::Dim::OX)] =
        (*sizes[unsigned(ms::Dim::X)] - *sizes[unsigned(ms::Dim::S)]) /
            strideX +
        1;
  }
  FailureOr<std::vector<ms::Directive>> directives =
      dataflow.resolve(szSizes, [&] { return op->emitError(); });
  if (failed(directives))
    return failure();
  for (const ms::Directive &d : *directives) {
    if (d.kind == ms::DirectiveKind::Cluster)
      continue;
    if (!szSizes[static_cast<unsigned>(d.dim)])
      return op->emitError() << "zigzag.dataflow: directive " << d.str()
                             << " names a dimension this op does not have";
    bool filterDim = d.dim == ms::Dim::R || d.dim == ms::Dim::S;
    if (checkSizes && filterDim && d.kind == ms::DirectiveKind::TemporalMap &&
        layer.type != ms::LayerType::GEMM &&
        d.size != *sizes[static_cast<unsigned>(d.dim)])
      return op->emitError()
             << "zigzag.dataflow: directive " << d.str()
             << " must cover the whole filter (" << ms::dimName(d.dim) << " = "
             << *sizes[static_cast<unsigned>(d.dim)] << ")";
  }
  layer.dataflow = std::move(*directives);
  return layer;
}

bool mlir::zigzag::isMaestroLayerOp(Operation *op) {
  StringRef name = op->getName().getStringRef();
  return name == "linalg.conv_2d_nchw_fchw" ||
         name == "linalg.depthwise_conv_2d_nchw_chw" || name == "linalg.matmul";
}

FailureOr<ms::Layer> mlir::zigzag::maestroLayerFromOp(Operation *op,
                                                      DataflowAttr dataflow) {
  return layerFromOp(op, dataflow, /*checkSizes=*/true);
}

LogicalResult mlir::zigzag::verifyDataflowOnOp(Operation *op,
                                               DataflowAttr dataflow) {
  return layerFromOp(op, dataflow, /*checkSizes=*/false);
}

DataflowAttr mlir::zigzag::getDataflowAttr(MLIRContext *context,
                                           ArrayRef<ms::Directive> directives) {
  SmallVector<DataflowDirective> out;
  for (const ms::Directive &d : directives)
    out.push_back({d.kind, d.size, std::nullopt, d.offset, std::nullopt, d.dim,
                   d.logical});
  return DataflowAttr::get(context, out);
}
