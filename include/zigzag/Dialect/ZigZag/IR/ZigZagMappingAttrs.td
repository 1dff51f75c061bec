//===- ZigZagMappingAttrs.td - mapping and cost attributes -*- tablegen -*-===//

#ifndef ZIGZAG_MAPPING_ATTRS_TD
#define ZIGZAG_MAPPING_ATTRS_TD

include "mlir/Dialect/SCF/IR/DeviceMappingInterface.td"

def ZigZag_MappingAttr : ZigZag_Attr<"Mapping", "mapping"> {
  let summary = "Spatial and temporal mapping of a linalg op on an accelerator";
  let description = [{
    Where each loop of the op runs. `spatial` lists, per array dim, the loops
    unrolled over it with their factors (several loops on one dim = mixed
    unrolling). `temporal` is the one temporal loop order, innermost first.
    `levels` gives, per memory operand (`I1`, `I2`, `O`), its memory levels
    innermost first, each with its cut point: memory level `m` holds the
    temporal loops from the previous level's cut point up to (excluding) its
    own. Operands that cut the order at different points give an uneven
    mapping. Loops are named by the op's loop names (`zigzag.loop_names`, else
    `d0`, `d1`, ...); memories by the accelerator's memory names.

    ```mlir
    #zigzag.mapping<spatial = {D1 = [K 32], D2 = [C 32]},
                    temporal = [C 2, FY 3, FX 3, OY 56, OX 56, K 2],
                    levels = {I1 = [sram_2MB 6, dram 6],
                              I2 = [rf_128B 6, dram 6],
                              O = [rf_2B 3, sram_2MB 6, dram 6]}>
    ```
  }];
  let parameters = (ins
    OptionalArrayRefParameter<"::mlir::zigzag::SpatialUnrolling">:$spatial,
    OptionalArrayRefParameter<"::mlir::zigzag::TemporalLoop">:$temporal,
    OptionalArrayRefParameter<"::mlir::zigzag::LevelCut">:$levels);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The cut points of `operand` ("I1", "I2" or "O"), innermost first.
    ::llvm::SmallVector<LevelCut> getLevelsOf(::llvm::StringRef operand) const;
  }];
}

// A dictionary or array parameter that may be left out of the text.
class ZigZag_OptionalDictParameter<string desc>
    : OptionalParameter<"::mlir::DictionaryAttr", desc> {
  let printer = "$_printer.printAttribute($_self)";
}
class ZigZag_OptionalArrayParameter<string desc>
    : OptionalParameter<"::mlir::ArrayAttr", desc> {
  let printer = "$_printer.printAttribute($_self)";
}

def ZigZag_ConstraintsAttr : ZigZag_Attr<"Constraints", "constraints"> {
  let summary = "User constraints on the mapping the search chooses for an op";
  let description = [{
    Put on a linalg op as `zigzag.constraints`; `--zigzag-search-mapping`
    (both engines) returns only mappings that satisfy every constraint, in
    addition to those of the op's mapping file entry. Every key is optional:

    - `spatial`: fixed unrollings, array dim -> {loop = factor}.
    - `forbid_spatial`: array dim -> loops never unrolled on it.
    - `loop_levels`: loop -> memory that holds all its temporal iterations.
    - `outermost` / `innermost`: the outermost (innermost) temporal loops,
      from the outside (inside) in.
    - `tiles`: memory -> {loop = size}: the loop's extent at or below the
      memory (spatial unrolling times its temporal factors up to the
      memory's level).
    - `pin`: operand -> memories that hold it whole (loaded once).
    - `keep_out`: operand -> memories that keep no tile of it of their own.
    - `min_utilization`: least spatial utilisation, in [0, 1].

    Names are checked against the op and the accelerator by the search.

    ```mlir
    #zigzag.constraints<spatial = {D1 = {K = 16}},
                        forbid_spatial = {D2 = ["C"]},
                        loop_levels = {K = "sram"}, outermost = ["K"],
                        tiles = {sram = {C = 32}}, pin = {W = ["sram"]},
                        keep_out = {I = ["rf"]}, min_utilization = 0.5>
    ```
  }];
  let parameters = (ins
    ZigZag_OptionalDictParameter<"fixed spatial unrollings">:$spatial,
    ZigZag_OptionalDictParameter<"forbidden spatial unrollings">:$forbid_spatial,
    ZigZag_OptionalDictParameter<"loops pinned to a memory">:$loop_levels,
    ZigZag_OptionalArrayParameter<"outermost temporal loops">:$outermost,
    ZigZag_OptionalArrayParameter<"innermost temporal loops">:$innermost,
    ZigZag_OptionalDictParameter<"tile sizes per memory">:$tiles,
    ZigZag_OptionalDictParameter<"operands held whole">:$pin,
    ZigZag_OptionalDictParameter<"operands kept out">:$keep_out,
    OptionalParameter<"::mlir::FloatAttr", "least utilisation">:$min_utilization);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

// A double stored as APFloat (hashable, prints in MLIR's float syntax).
def ZigZag_F64 : AttrParameter<"::llvm::APFloat", "a double"> {
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
}

def ZigZag_CostAttr : ZigZag_Attr<"Cost", "cost"> {
  let summary = "Cost of a mapped op: energy (pJ), latency (cycles) and terms";
  let description = [{
    Written by `--zigzag-estimate-cost` and `--zigzag-search-mapping`.
    `latency` is ZigZag's `latency_total2` = `ideal_temporal + stall + onload
    + offload`; `energy` = `mac_energy` + memory energy.

    ```mlir
    #zigzag.cost<energy = 511349.76, mac_energy = 83886.08, latency = 8191.0,
                 ideal = 4096.0, ideal_temporal = 4096.0, stall = 4094.0,
                 onload = 0.0, offload = 1.0, spatial_utilization = 1.0>
    ```
  }];
  let parameters = (ins ZigZag_F64:$energy, ZigZag_F64:$mac_energy,
                        ZigZag_F64:$latency, ZigZag_F64:$ideal,
                        ZigZag_F64:$ideal_temporal, ZigZag_F64:$stall,
                        ZigZag_F64:$onload, ZigZag_F64:$offload,
                        ZigZag_F64:$spatial_utilization);
  let assemblyFormat = "`<` struct(params) `>`";
}

//===----------------------------------------------------------------------===//
// Attributes of the rewritten IR (--zigzag-apply-mapping, docs/Rewrite.md)
//===----------------------------------------------------------------------===//

def ZigZag_ArrayDimAttr : ZigZag_Attr<"ArrayDim", "array_dim",
    [DeclareAttrInterfaceMethods<DeviceMappingAttrInterface>]> {
  let summary = "An operational-array dim that an scf.forall is unrolled over";
  let description = [{
    Maps one induction variable of the `scf.forall` produced by
    `--zigzag-apply-mapping` to array dim `dim`, on which it unrolls loop
    `loop` of the op. An array dim unrolling several loops (mixed spatial
    mapping) gives one induction variable per loop, all on the same `dim`.

    ```mlir
    scf.forall (%k, %c) in (32, 16) { ... }
      {mapping = [#zigzag.array_dim<"D1", "K">, #zigzag.array_dim<"D2", "C">]}
    ```
  }];
  let parameters = (ins StringRefParameter<"array dim name">:$dim,
                        StringRefParameter<"loop name">:$loop);
  let assemblyFormat = "`<` $dim `,` $loop `>`";
}

def ZigZag_MemorySpaceAttr : ZigZag_Attr<"MemorySpace", "memory_space"> {
  let summary = "Memory space of an accelerator memory";
  let description = [{
    The memory space of the buffers that `--zigzag-apply-mapping` stages
    operand tiles into: the accelerator memory named `name`.
    `--zigzag-strip-memory-spaces` rewrites it to the default memory space so
    the program lowers to LLVM and runs on a CPU.

    ```mlir
    memref<16x8xf32, #zigzag.memory_space<"sram_2MB">>
    ```
  }];
  let parameters = (ins StringRefParameter<"memory name">:$name);
  let assemblyFormat = "`<` $name `>`";
}

#endif // ZIGZAG_MAPPING_ATTRS_TD
