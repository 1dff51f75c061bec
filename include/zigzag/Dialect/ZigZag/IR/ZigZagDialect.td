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
    /// Search statistics of an op: {evaluated = N : i64, seconds = s : f64}.
    static constexpr ::llvm::StringLiteral kSearchAttrName = "zigzag.search";
    // Workload attributes (docs/Workloads.md).
    static constexpr ::llvm::StringLiteral kOperandOrderAttrName = "zigzag.operand_order";
    static constexpr ::llvm::StringLiteral kOperatorTypeAttrName = "zigzag.operator_type";
    static constexpr ::llvm::StringLiteral kLayerIdAttrName = "zigzag.layer_id";
    static constexpr ::llvm::StringLiteral kAdapterAttrName = "zigzag.adapter";
    static constexpr ::llvm::StringLiteral kNetworkInputAttrName = "zigzag.network_input";
    /// Unit attr: ZigZag does not evaluate this op (ONNX ops other than
    /// Conv/Gemm/MatMul); cost passes cost it zero with zigzag-compat.
    static constexpr ::llvm::StringLiteral kZeroCostAttrName = "zigzag.zero_cost";

    void registerAttributes();
  }];
}

#endif // ZIGZAG_DIALECT_TD
