//===- MaestroImport.cpp - MAESTRO .m files into MLIR ---------------------===//
//
// `zigzag-translate --import-maestro` and the MAESTRO hardware files of
// `--zigzag-attach-hardware`. The plain C++ readers (Import/MaestroDFSL)
// report line:column; here they become MLIR diagnostics at file:line:col.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/MaestroImport.h"
#include "zigzag/Analysis/HardwareConversion.h"
#include "zigzag/Dialect/ZigZag/IR/MaestroLayer.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.h"
#include "zigzag/Import/MaestroDFSL.h"
#include "zigzag/Model/Hardware.h"
#include "zigzag/Search/MaestroSearch.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mlir::zigzag;
namespace ms = ::zigzag::maestro;

static constexpr StringLiteral kConvLoops[] = {"B", "K",  "OY", "OX",
                                               "C", "FY", "FX"};
static constexpr StringLiteral kDepthwiseLoops[] = {"B", "OY", "OX",
                                                    "G", "FY", "FX"};
static constexpr StringLiteral kMatmulLoops[] = {"D", "K", "C"};
static constexpr StringLiteral kOperandNames[] = {"I1", "I2", "O"};

/// One layer's op on fresh function arguments; returns its result.
static Value buildLayer(OpBuilder &b, Location loc, func::FuncOp func,
                        const ms::Layer &layer) {
  MLIRContext *context = b.getContext();
  Type f32 = b.getF32Type();
  auto size = [&](ms::Dim d, int64_t dflt) -> int64_t {
    std::optional<int> v = layer.size(d);
    return v ? *v : dflt;
  };
  auto stride = [&](ms::Dim in, ms::Dim out) -> int64_t {
    for (const ms::LayerDim &d : layer.dims)
      if (d.dim == in || d.dim == out)
        return d.stride;
    return 1;
  };
  auto addArg = [&](RankedTensorType type) {
    // The function type is set from the block once every layer is built.
    return func.getBody().front().addArgument(type, loc);
  };
  auto zeros = [&](RankedTensorType type) -> Value {
    return arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::get(type, b.getZeroAttr(f32)));
  };
  Operation *op;
  ArrayRef<StringLiteral> loops;
  if (layer.type == ms::LayerType::GEMM) {
    int64_t m = size(ms::Dim::M, 1), n = size(ms::Dim::N, 1),
            k = size(ms::Dim::K, 1);
    Value a = addArg(RankedTensorType::get({m, k}, f32));
    Value bm = addArg(RankedTensorType::get({k, n}, f32));
    auto outType = RankedTensorType::get({m, n}, f32);
    op = linalg::MatmulOp::create(b, loc, TypeRange{outType}, ValueRange{a, bm},
                                  ValueRange{zeros(outType)});
    loops = kMatmulLoops;
  } else {
    int64_t batch = size(ms::Dim::N, 1), c = size(ms::Dim::C, 1),
            r = size(ms::Dim::R, 1), s = size(ms::Dim::S, 1);
    int64_t sy = stride(ms::Dim::Y, ms::Dim::OY),
            sx = stride(ms::Dim::X, ms::Dim::OX);
    // MAESTRO's Y/X are input extents; Y'/X' output ones.
    int64_t y = layer.size(ms::Dim::Y) ? size(ms::Dim::Y, 1)
                                       : (size(ms::Dim::OY, 1) - 1) * sy + r;
    int64_t x = layer.size(ms::Dim::X) ? size(ms::Dim::X, 1)
                                       : (size(ms::Dim::OX, 1) - 1) * sx + s;
    int64_t oy = (y - r) / sy + 1, ox = (x - s) / sx + 1;
    auto vec = [&](int64_t a0, int64_t a1) {
      return DenseIntElementsAttr::get(
          RankedTensorType::get({2}, b.getI64Type()),
          ArrayRef<int64_t>{a0, a1});
    };
    SmallVector<NamedAttribute> attrs{b.getNamedAttr("strides", vec(sy, sx)),
                                      b.getNamedAttr("dilations", vec(1, 1))};
    Value input = addArg(RankedTensorType::get({batch, c, y, x}, f32));
    if (layer.type == ms::LayerType::DSConv) {
      Value w = addArg(RankedTensorType::get({c, r, s}, f32));
      auto outType = RankedTensorType::get({batch, c, oy, ox}, f32);
      op = linalg::DepthwiseConv2DNchwChwOp::create(
          b, loc, TypeRange{outType}, ValueRange{input, w},
          ValueRange{zeros(outType)}, attrs);
      loops = kDepthwiseLoops;
    } else {
      int64_t k = size(ms::Dim::K, 1);
      Value w = addArg(RankedTensorType::get({k, c, r, s}, f32));
      auto outType = RankedTensorType::get({batch, k, oy, ox}, f32);
      op = linalg::Conv2DNchwFchwOp::create(b, loc, TypeRange{outType},
                                            ValueRange{input, w},
                                            ValueRange{zeros(outType)}, attrs);
      loops = kConvLoops;
    }
  }
  op->setAttr(ZigZagDialect::kLayerNameAttrName, b.getStringAttr(layer.name));
  op->setAttr(ZigZagDialect::kLoopNamesAttrName,
              b.getStrArrayAttr(llvm::to_vector_of<StringRef>(loops)));
  op->setAttr(ZigZagDialect::kOperandsAttrName,
              b.getStrArrayAttr(llvm::to_vector_of<StringRef>(kOperandNames)));
  op->setAttr(ZigZagDialect::kDataflowAttrName,
              getDataflowAttr(context, layer.dataflow));
  // MAESTRO counts elements, whatever their type: one 8-bit word each, as
  // in the MAESTRO-style accelerator's memories.
  op->setAttr(ZigZagDialect::kPrecisionAttrName,
              PrecisionAttr::get(context, 8, 8, 8, 8));
  return op->getResult(0);
}

OwningOpRef<ModuleOp>
mlir::zigzag::importMaestroNetwork(llvm::SourceMgr &sourceMgr,
                                   MLIRContext *context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  StringRef fileName = buffer->getBufferIdentifier();
  ms::SourceError error;
  std::optional<ms::Network> network =
      ms::parseNetwork(buffer->getBuffer(), error);
  if (!network) {
    emitError(FileLineColLoc::get(context, fileName, error.line, error.column))
        << error.message;
    return {};
  }
  context->loadDialect<arith::ArithDialect, func::FuncDialect,
                       linalg::LinalgDialect, tensor::TensorDialect,
                       ZigZagDialect>();
  Location fileLoc = FileLineColLoc::get(context, fileName, 1, 1);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  OpBuilder b(context);
  b.setInsertionPointToEnd(module->getBody());
  std::string name = network->name.empty() ? "maestro" : network->name;
  auto func = func::FuncOp::create(b, fileLoc, name, b.getFunctionType({}, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToEnd(entry);
  SmallVector<Value> results;
  for (const ms::ParsedLayer &pl : network->layers) {
    Location loc = FileLineColLoc::get(context, fileName, pl.line, pl.column);
    results.push_back(buildLayer(b, loc, func, pl.layer));
  }
  func::ReturnOp::create(b, fileLoc, results);
  func.setFunctionType(b.getFunctionType(func.getBody().getArgumentTypes(),
                                         ValueRange(results).getTypes()));
  if (failed(verify(*module)))
    return {};
  return module;
}

LogicalResult mlir::zigzag::attachMaestroHardware(ModuleOp module,
                                                  StringRef path) {
  MLIRContext *context = module.getContext();
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return emitError(module.getLoc()) << "cannot open hardware file '" << path
                                      << "': " << buffer.getError().message();
  ms::SourceError error;
  std::optional<ms::Hardware> hw =
      ms::parseHardware((*buffer)->getBuffer(), error);
  if (!hw)
    return emitError(
               FileLineColLoc::get(context, path, error.line, error.column))
           << error.message;
  FailureOr<AcceleratorAttr> accelerator = convertHardware(
      context, ms::mappingAccelerator(*hw, llvm::sys::path::stem(path).str()),
      [&] { return emitError(module.getLoc()); });
  if (failed(accelerator))
    return failure();
  Builder b(context);
  auto i64 = [&](int64_t v) { return b.getI64IntegerAttr(v); };
  module->setAttr(ZigZagDialect::kAcceleratorAttrName, *accelerator);
  module->setAttr(kMaestroHardwareAttrName,
                  b.getDictionaryAttr({
                      b.getNamedAttr("num_pes", i64(hw->numPEs)),
                      b.getNamedAttr("l1_size", i64(hw->l1Size)),
                      b.getNamedAttr("l2_size", i64(hw->l2Size)),
                      b.getNamedAttr("noc_bw", i64(hw->nocBandwidth)),
                      b.getNamedAttr("offchip_bw", i64(hw->offchipBandwidth)),
                      b.getNamedAttr("noc_hops", i64(hw->nocHops)),
                      b.getNamedAttr("noc_hop_latency", i64(hw->nocHopLatency)),
                      b.getNamedAttr("simd_lanes", i64(hw->simdLanes)),
                  }));
  return success();
}

FailureOr<ms::Hardware> mlir::zigzag::getMaestroHardware(ModuleOp module) {
  auto dict = module->getAttrOfType<DictionaryAttr>(kMaestroHardwareAttrName);
  if (!dict)
    return emitError(module.getLoc())
           << "no MAESTRO hardware on the module; attach a MAESTRO hardware "
              "file with --zigzag-attach-hardware=\"file=<hw>.m\"";
  ms::Hardware hw;
  std::pair<StringRef, int64_t *> fields64[] = {{"l1_size", &hw.l1Size},
                                                {"l2_size", &hw.l2Size}};
  std::pair<StringRef, int *> fields[] = {
      {"num_pes", &hw.numPEs},
      {"noc_bw", &hw.nocBandwidth},
      {"offchip_bw", &hw.offchipBandwidth},
      {"noc_hops", &hw.nocHops},
      {"noc_hop_latency", &hw.nocHopLatency},
      {"simd_lanes", &hw.simdLanes}};
  for (auto [key, field] : fields) {
    auto v = dict.getAs<IntegerAttr>(key);
    if (!v || v.getInt() < 0 || v.getInt() > INT32_MAX)
      return emitError(module.getLoc())
             << "'" << kMaestroHardwareAttrName << "' needs a non-negative "
             << "integer '" << key << "'";
    *field = static_cast<int>(v.getInt());
  }
  for (auto [key, field] : fields64) {
    auto v = dict.getAs<IntegerAttr>(key);
    if (!v || v.getInt() < 0)
      return emitError(module.getLoc())
             << "'" << kMaestroHardwareAttrName << "' needs a non-negative "
             << "integer '" << key << "'";
    *field = v.getInt();
  }
  return hw;
}

/// The directives of an op's mapping (dataflowFromMapping). Lowering them
/// back must give the mapping: whatever differs is reported with what
/// MAESTRO could not keep, in one warning at the op.
static FailureOr<std::vector<ms::Directive>>
directivesOfMapping(Operation *op, ms::Layer &layer, MappingAttr mapping) {
  std::vector<std::string> lost;
  FailureOr<std::vector<ms::Directive>> flow =
      dataflowFromMapping(op, layer, mapping, lost);
  if (failed(flow))
    return failure();
  layer.dataflow = *flow;
  // Any machine with enough PEs lowers them alike: the top level unrolls
  // nothing.
  ms::Hardware hw;
  hw.numPEs = 1;
  for (const SpatialUnrolling &su : mapping.getSpatial())
    hw.numPEs *= static_cast<int>(std::max<int64_t>(su.factor, 1));
  hw.l1Size = hw.l2Size = int64_t(1) << 40;
  hw.nocBandwidth = hw.offchipBandwidth = 1;
  std::string why;
  FailureOr<MappingAttr> back = mappingFromMaestroLayer(op, layer, hw, why);
  if (failed(back))
    return failure();
  if (!*back)
    lost.push_back("the directives have no mapping equivalent: " + why);
  // The lowering names loops as the importer does; compare in those names.
  if (*back) {
    SmallVector<std::string> opLoops = maestroOpLoopNames(op);
    auto canonical = [&](StringAttr loop) {
      StringRef name = maestroCanonicalLoopName(op, opLoops, loop.getValue());
      return StringAttr::get(op->getContext(),
                             name.empty() ? loop.getValue() : name);
    };
    SmallVector<SpatialUnrolling> spatial(mapping.getSpatial());
    for (SpatialUnrolling &su : spatial)
      su.loop = canonical(su.loop);
    SmallVector<TemporalLoop> temporal(mapping.getTemporal());
    for (TemporalLoop &t : temporal)
      t.loop = canonical(t.loop);
    mapping = MappingAttr::get(op->getContext(), spatial, temporal,
                               mapping.getLevels());
  }
  // Tiles that do not divide evenly are no loss when the loops come back.
  if (*back == mapping)
    return flow;
  InFlightDiagnostic diag = op->emitWarning()
                            << "zigzag.mapping exported as MAESTRO directives";
  if (!lost.empty())
    diag << " with losses: " << llvm::join(lost, "; ");
  if (*back && *back != mapping)
    diag << "; they map as " << *back;
  return flow;
}

/// Every op with a zigzag.dataflow, or else a zigzag.mapping, as one MAESTRO
/// layer, in program order.
static LogicalResult exportMaestroNetwork(Operation *root,
                                          llvm::raw_ostream &os) {
  ms::Network network;
  root->walk([&](func::FuncOp func) {
    if (network.name.empty())
      network.name = func.getSymName().str();
  });
  bool failedOp = false;
  root->walk([&](Operation *op) {
    auto dataflow =
        op->getAttrOfType<DataflowAttr>(ZigZagDialect::kDataflowAttrName);
    auto mapping =
        op->getAttrOfType<MappingAttr>(ZigZagDialect::kMappingAttrName);
    if (!dataflow && !mapping)
      return;
    if (!dataflow && !isMaestroLayerOp(op)) {
      op->emitWarning() << "not exported: MAESTRO models only "
                           "linalg.conv_2d_nchw_fchw, "
                           "linalg.depthwise_conv_2d_nchw_chw and "
                           "linalg.matmul";
      return;
    }
    FailureOr<ms::Layer> layer = maestroLayerFromOp(
        op, dataflow ? dataflow : getDataflowAttr(op->getContext(), {}));
    if (failed(layer) ||
        (!dataflow && failed(directivesOfMapping(op, *layer, mapping)))) {
      failedOp = true;
      return;
    }
    if (layer->name.empty())
      layer->name = "layer" + std::to_string(network.layers.size());
    ms::ParsedLayer pl;
    pl.layer = std::move(*layer);
    network.layers.push_back(std::move(pl));
  });
  if (failedOp)
    return failure();
  if (network.layers.empty())
    return root->emitError() << "no op carries zigzag.dataflow or "
                                "zigzag.mapping: nothing to export";
  os << ms::printNetwork(network);
  return success();
}

void mlir::zigzag::registerImportMaestroTranslation() {
  static TranslateFromMLIRRegistration exportRegistration(
      "export-maestro",
      "ops with zigzag.dataflow or zigzag.mapping to a MAESTRO network file "
      "(.m)",
      exportMaestroNetwork, [](DialectRegistry &registry) {
        registry.insert<arith::ArithDialect, func::FuncDialect,
                        linalg::LinalgDialect, tensor::TensorDialect,
                        ZigZagDialect>();
      });
  static TranslateToMLIRRegistration registration(
      "import-maestro",
      "MAESTRO network file (.m) to a func.func of linalg ops with "
      "zigzag.dataflow",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        return importMaestroNetwork(sourceMgr, context);
      },
      [](DialectRegistry &registry) {
        registry.insert<arith::ArithDialect, func::FuncDialect,
                        linalg::LinalgDialect, tensor::TensorDialect,
                        ZigZagDialect>();
      });
}
