//===- ZigZagAttrs.td - zigzag attributes ------------------*- tablegen -*-===//

#ifndef ZIGZAG_ATTRS_TD
#define ZIGZAG_ATTRS_TD

include "zigzag/Dialect/ZigZag/IR/ZigZagDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

class ZigZag_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<ZigZag_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

//===----------------------------------------------------------------------===//
// Workload attributes
//===----------------------------------------------------------------------===//

def ZigZag_PrecisionAttr : ZigZag_Attr<"Precision", "precision"> {
  let summary = "Operand precisions in bits";
  let description = [{
    Bits of the first input (`i1`), the second input (`i2`), the output's
    partial sums (`o`) and final outputs (`o_final`). On an op or a module it
    overrides the precisions derived from element types.

    ```mlir
    #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>
    ```
  }];
  let parameters = (ins "int64_t":$i1, "int64_t":$i2, "int64_t":$o,
                        "int64_t":$o_final);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Hardware attributes
//===----------------------------------------------------------------------===//

include "zigzag/Dialect/ZigZag/IR/ZigZagMappingAttrs.td"
include "zigzag/Dialect/ZigZag/IR/ZigZagResultAttrs.td"
include "zigzag/Dialect/ZigZag/IR/ZigZagHardwareAttrs.td"
include "zigzag/Dialect/ZigZag/IR/ZigZagMaestroAttrs.td"

#endif // ZIGZAG_ATTRS_TD
