//===- ZigZagDialect.td - zigzag dialect definition --------*- tablegen -*-===//

#ifndef ZIGZAG_DIALECT_TD
#define ZIGZAG_DIALECT_TD

include "mlir/IR/OpBase.td"

def ZigZag_Dialect : Dialect {
  let name = "zigzag";
  let cppNamespace = "::mlir::zigzag";
  let summary = "Accelerator descriptions and mappings for analytical DNN "
                "accelerator cost models (ZigZag)";
  let description = [{
    The `zigzag` dialect attaches hardware descriptions (operational array,
    memory hierarchy with ports, bandwidths and energies) to modules and
    mapping attributes (spatial unrolling, per-operand temporal mapping) to
    `linalg` ops. Analysis passes derive ZigZag's loop relevance from the
    ops' indexing maps and evaluate the LRP cost model; search passes find
    mappings; a rewrite pass materialises them as loop nests.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Names of the discardable attributes the dialect gives meaning to.
    static constexpr ::llvm::StringLiteral kAcceleratorAttrName = "zigzag.accelerator";
    static constexpr ::llvm::StringLiteral kMappingAttrName = "zigzag.mapping";
    static constexpr ::llvm::StringLiteral kCostAttrName = "zigzag.cost";
    static constexpr ::llvm::StringLiteral kPrecisionAttrName = "zigzag.precision";
    static constexpr ::llvm::StringLiteral kOperandsAttrName = "zigzag.operands";
    static constexpr ::llvm::StringLiteral kLoopNamesAttrName = "zigzag.loop_names";
    static constexpr ::llvm::StringLiteral kLayerNameAttrName = "zigzag.layer_name";
    /// Search statistics of an op (#zigzag.search).
    static constexpr ::llvm::StringLiteral kSearchAttrName = "zigzag.search";
    /// Tile sizes per tiling level of an op (#zigzag.tiling).
    static constexpr ::llvm::StringLiteral kTilingAttrName = "zigzag.tiling";
    static constexpr ::llvm::StringLiteral kTradeoffsAttrName = "zigzag.tradeoffs";
    /// User constraints on an op's mapping (#zigzag.constraints).
    static constexpr ::llvm::StringLiteral kConstraintsAttrName = "zigzag.constraints";
    // Workload attributes (docs/Workloads.md).
    static constexpr ::llvm::StringLiteral kOperandOrderAttrName = "zigzag.operand_order";
    static constexpr ::llvm::StringLiteral kOperatorTypeAttrName = "zigzag.operator_type";
    static constexpr ::llvm::StringLiteral kLayerIdAttrName = "zigzag.layer_id";
    static constexpr ::llvm::StringLiteral kAdapterAttrName = "zigzag.adapter";
    static constexpr ::llvm::StringLiteral kNetworkInputAttrName = "zigzag.network_input";
    /// Producer layer id of each DPS input (own id: constant, -1: network
    /// input), and DeFiNES's {consumer dim: producer dim} per DPS input.
    static constexpr ::llvm::StringLiteral kOperandSourcesAttrName = "zigzag.operand_sources";
    static constexpr ::llvm::StringLiteral kSourceDimsAttrName = "zigzag.source_dims";
    /// Per DPS operand (inputs, then inits), the tensor dims whose relation
    /// also named size-1 loops the op leaves out (ix = 1*ox + 1*fx, FX = 1).
    static constexpr ::llvm::StringLiteral kUnitTermDimsAttrName = "zigzag.unit_term_dims";
    /// Unit attr: the op's two inputs share I1's memories (DeFiNES's Add
    /// layers); its mapping is on shareI1ChainWithI2 of the accelerator.
    static constexpr ::llvm::StringLiteral kInputsShareI1AttrName = "zigzag.inputs_share_i1";
    /// {loop name: size}: the size the passes model a dynamic loop with
    /// (written by --zigzag-search-mapping="assume-dims=..."); the rewrite
    /// still covers any runtime size.
    static constexpr ::llvm::StringLiteral kAssumedDimsAttrName = "zigzag.assumed_dims";
    /// Unit attr: ZigZag does not evaluate this op (ONNX ops other than
    /// Conv/Gemm/MatMul); cost passes cost it zero with zigzag-compat.
    static constexpr ::llvm::StringLiteral kZeroCostAttrName = "zigzag.zero_cost";
    /// Depth-first stack membership of an op (#zigzag.depth_first) and the
    /// module's depth-first result (#zigzag.depth_first_result).
    static constexpr ::llvm::StringLiteral kDepthFirstAttrName = "zigzag.depth_first";
    static constexpr ::llvm::StringLiteral kDepthFirstResultAttrName = "zigzag.depth_first_result";

    /// MAESTRO: an op's #zigzag.dataflow and its analysis statistics.
    static constexpr ::llvm::StringLiteral kDataflowAttrName = "zigzag.dataflow";
    static constexpr ::llvm::StringLiteral kMaestroAttrName = "zigzag.maestro";

    void registerAttributes();
  }];
}

#endif // ZIGZAG_DIALECT_TD
