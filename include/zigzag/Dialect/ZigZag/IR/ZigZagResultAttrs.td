//===- ZigZagResultAttrs.td - results the passes write -----*- tablegen -*-===//
//
// What the search and depth-first passes record on ops and modules:
// `zigzag.search`, `zigzag.tiling`, `zigzag.depth_first` and
// `zigzag.depth_first_result`.
// The dialect's attribute verifier makes these names hold exactly these
// kinds, so the passes that read them (the report, the rewrites) use the
// typed accessors and never meet a missing or mistyped field.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_RESULT_ATTRS_TD
#define ZIGZAG_RESULT_ATTRS_TD

// A double that may be absent (omitted from the text when it is).
def ZigZag_OptionalF64
    : OptionalParameter<"std::optional<::llvm::APFloat>",
                        "an optional double"> {
  let comparator = "::mlir::zigzag::equalOptionalF64($_lhs, $_rhs)";
  let parser = "::mlir::zigzag::parseOptionalF64($_parser)";
  let printer = "$_printer << *$_self";
}

// `true` or `false`.
def ZigZag_Bool : AttrParameter<"bool", "a boolean"> {
  let parser = "::mlir::zigzag::parseBoolKeyword($_parser)";
  let printer = "$_printer << ($_self ? \"true\" : \"false\")";
}

// Arrays in square brackets, so that they can stand among other
// `key = value` pairs of a struct(params) format.
class ZigZag_ListParameter<string element, string desc>
    : ArrayRefParameter<element, desc> {
  let parser = "::mlir::zigzag::parseBracketedList<" # element # ">($_parser)";
  let printer = "::mlir::zigzag::printBracketedList($_printer, $_self)";
}
class ZigZag_OptionalListParameter<string element, string desc>
    : OptionalArrayRefParameter<element, desc> {
  let parser = "::mlir::zigzag::parseBracketedList<" # element # ">($_parser)";
  let printer = "::mlir::zigzag::printBracketedList($_printer, $_self)";
}

// A nested attribute printed with its `#zigzag.<name>` prefix, as inside the
// lists (ODS would print a parameter of a known kind without it; both parse).
class ZigZag_NestedAttrParameter<string attr, string desc>
    : AttrParameter<attr, desc> {
  let printer = "$_printer.printAttribute($_self)";
}
class ZigZag_OptionalNestedAttrParameter<string attr, string desc>
    : OptionalParameter<attr, desc> {
  let printer = "$_printer.printAttribute($_self)";
}

// A string that may be empty (then omitted from the text).
class ZigZag_OptionalString<string desc> : StringRefParameter<desc, "\"\"">;

//===----------------------------------------------------------------------===//
// zigzag.search
//===----------------------------------------------------------------------===//

def ZigZag_SearchStatsAttr : ZigZag_Attr<"SearchStats", "search"> {
  let summary = "Statistics of the mapping search of one op (`zigzag.search`)";
  let description = [{
    Written by `--zigzag-search-mapping` next to the op's `zigzag.mapping`
    and `zigzag.cost`: the engine (`loma` or `exhaustive`), the number of
    mappings it evaluated and the seconds it took. The exhaustive engine
    adds whether it proved the mapping optimal (`optimal`), the relative
    gap to the best bound it left open (`gap`), the partial mappings it
    bounded (`nodes`), the budget that stopped it early (`stopped_by`:
    `nodes` or `seconds`) and the cost of LOMA's mapping that seeded it
    (`loma_energy`, `loma_latency`). `--zigzag-report` reports all of them.

    ```mlir
    zigzag.search = #zigzag.search<engine = "exhaustive", evaluated = 1230,
                                   seconds = 1.2e-02, optimal = true,
                                   gap = 0.0, nodes = 5120,
                                   loma_energy = 1.0e+06,
                                   loma_latency = 4.0e+03>
    ```
  }];
  let parameters = (ins StringRefParameter<"search engine">:$engine,
                        "int64_t":$evaluated, ZigZag_F64:$seconds,
                        OptionalParameter<"::mlir::BoolAttr">:$optimal,
                        ZigZag_OptionalF64:$gap,
                        OptionalParameter<"std::optional<int64_t>">:$nodes,
                        ZigZag_OptionalString<"budget that stopped the "
                                              "search">:$stopped_by,
                        ZigZag_OptionalF64:$loma_energy,
                        ZigZag_OptionalF64:$loma_latency);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// zigzag.tiling
//===----------------------------------------------------------------------===//

// `[[0, 4, 0], [1, 0, 0]]`: one list of tile sizes per level.
def ZigZag_TileLevelsParameter
    : ArrayRefParameter<"::mlir::DenseI64ArrayAttr", "tile sizes per level"> {
  let parser = "::mlir::zigzag::parseTileLevels($_parser)";
  let printer = "::mlir::zigzag::printTileLevels($_printer, $_self)";
}

def ZigZag_TilingAttr : ZigZag_Attr<"Tiling", "tiling"> {
  let summary = "Tile sizes of an op per tiling level (`zigzag.tiling`)";
  let description = [{
    Written by `--zigzag-search-mapping` next to the op's `zigzag.mapping`,
    for pipelines that tile by tile sizes (in the style of IREE's
    `lowering_config`) instead of reading the mapping: the same loop nest
    as `--zigzag-apply-mapping` and `--zigzag-emit-transform`, as plain
    numbers. Reading it needs nothing of the cost model.

    `levels` holds one list of tile sizes per tiling level, outermost level
    first. Each list has one size per loop of the op, in the op's loop order
    (the iteration domain of its `TilingInterface`); 0 leaves the loop
    untiled at that level. Each level tiles the tile of the level above it,
    so a pipeline reproduces the nest with one tiling per level in order
    (`--zigzag-emit-transform` emits exactly these sizes, one
    `transform.structured.tile_using_for` or `tile_using_forall` per level).
    A size that does not divide the tile leaves a partial last tile.

    `spatial` lists the indices of the levels that the accelerator's array
    unrolls in space (their sizes are 1: one point per processing element).
    The other levels are temporal loops. A spatial level over parallel
    loops only is a parallel distribution (`scf.forall`); one over
    reduction loops needs the partial sums of its lanes combined, which
    `--zigzag-emit-transform` runs as a sequential loop instead.

    For a matmul (loops M, N, K) with temporal loops `[K 4, M 8, K 8, N 3]`
    (innermost first) and spatial unrollings `D1 = [K 32], D2 = [N 4]`:

    ```mlir
    zigzag.tiling = #zigzag.tiling<levels = [[0, 4, 0], [0, 0, 128],
        [1, 0, 0], [0, 0, 32], [0, 0, 1], [0, 1, 0]], spatial = [4, 5]>
    ```

    All lists have the same length (the op's number of loops, checked when
    the attribute is on a linalg op), sizes are >= 0, and `spatial` is
    ascending and names existing levels.
  }];
  let parameters = (ins ZigZag_TileLevelsParameter:$levels,
                        ZigZag_OptionalListParameter<"int64_t",
                            "indices of the spatial levels">:$spatial);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// zigzag.depth_first (per op)
//===----------------------------------------------------------------------===//

def ZigZag_DepthFirstAttr : ZigZag_Attr<"DepthFirst", "depth_first"> {
  let summary = "The depth-first stack an op belongs to (`zigzag.depth_first`)";
  let description = [{
    Written by `--zigzag-depth-first` on each scheduled op, or by hand for
    `--zigzag-apply-mapping`, which fuses the ops of one `stack` into one
    loop nest over output tiles. `mode` is the overlap mode
    (`fully-recompute`, `h-cached-v-recompute` or `fully-cached`) and `tile`
    the stack's output tile (x by y), both the same on every op of a stack.
    `loops` names the op's loops along x and y (absent for an op without
    them, a stack of its own); `mapping` is the op's mapping for its most
    frequent tile; `energy_pJ` and `latency_defines_cycles` its share of the
    schedule's cost.

    ```mlir
    zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached",
                                             tile = [4, 4], loops = [3, 2]>
    ```
  }];
  let parameters = (ins "int64_t":$stack,
                        StringRefParameter<"overlap mode">:$mode,
                        ZigZag_ListParameter<"int64_t", "tile (x, y)">:$tile,
                        ZigZag_OptionalListParameter<"int64_t",
                            "loop indices along x and y">:$loops,
                        ZigZag_OptionalNestedAttrParameter<
                            "::mlir::zigzag::MappingAttr",
                            "mapping of the most frequent tile">:$mapping,
                        ZigZag_OptionalF64:$energy_pJ,
                        ZigZag_OptionalF64:$latency_defines_cycles);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// zigzag.depth_first_result (per module) and its parts
//===----------------------------------------------------------------------===//

def ZigZag_DepthFirstLayerTileAttr
    : ZigZag_Attr<"DepthFirstLayerTile", "df_layer_tile"> {
  let summary = "One layer (or network input) in one tile type of a stack";
  let description = [{
    `name` is the layer's name (`input:NAME` for a network input the stack
    copies in), `tile` its tile (x by y), `copy_energy_pJ` and
    `copy_latency_cycles` the cost of moving its data between memories, and
    `top_I1`, `top_I2`, `top_O` the highest memory each operand uses for it
    (absent: the operand is not kept). A layer the tile computes also has its
    single-tile cost: `energy_pJ`, `mac_energy_pJ`, `latency_cycles` and
    `latency_defines_cycles` (all four or none).
  }];
  let parameters = (ins StringRefParameter<"layer name">:$name,
                        ZigZag_ListParameter<"int64_t", "tile (x, y)">:$tile,
                        ZigZag_F64:$copy_energy_pJ,
                        ZigZag_F64:$copy_latency_cycles,
                        ZigZag_OptionalString<"top memory of I1">:$top_I1,
                        ZigZag_OptionalString<"top memory of I2">:$top_I2,
                        ZigZag_OptionalString<"top memory of O">:$top_O,
                        ZigZag_OptionalF64:$energy_pJ,
                        ZigZag_OptionalF64:$mac_energy_pJ,
                        ZigZag_OptionalF64:$latency_cycles,
                        ZigZag_OptionalF64:$latency_defines_cycles);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def ZigZag_DepthFirstTileTypeAttr
    : ZigZag_Attr<"DepthFirstTileType", "df_tile_type"> {
  let summary = "One tile type of a depth-first stack";
  let description = [{
    Tiles of a stack that cost the same: `count` of them, each `tile` (x by
    y) at the stack output. `weights_from_top` says whether these tiles
    fetch the weights from the top memory; `h_cache_make`/`h_cache_use` and
    `v_cache_make`/`v_cache_use` name the memories that hold the horizontal
    and vertical overlap caches (absent: none). `energy_pJ` and
    `latency_defines_cycles` are the cost of one such tile, `layers` its
    per-layer parts.
  }];
  let parameters = (ins ZigZag_ListParameter<"int64_t", "tile (x, y)">:$tile,
                        "int64_t":$count, ZigZag_Bool:$weights_from_top,
                        ZigZag_OptionalString<"memory">:$h_cache_make,
                        ZigZag_OptionalString<"memory">:$h_cache_use,
                        ZigZag_OptionalString<"memory">:$v_cache_make,
                        ZigZag_OptionalString<"memory">:$v_cache_use,
                        ZigZag_F64:$energy_pJ,
                        ZigZag_F64:$latency_defines_cycles,
                        ZigZag_ListParameter<
                            "::mlir::zigzag::DepthFirstLayerTileAttr",
                            "layers of the tile">:$layers);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def ZigZag_DepthFirstStackAttr : ZigZag_Attr<"DepthFirstStack", "df_stack"> {
  let summary = "One stack of a depth-first schedule";
  let description = [{
    The `layers` fused into the stack (by name, in order), its overlap
    `mode` and `tile`, its `output` feature map (x by y), the memory holding
    its weights (`weight_memory`, absent: none), its cost (`energy_pJ`,
    `mac_energy_pJ`, `copy_energy_pJ`, `latency_defines_cycles`,
    `copy_latency_cycles`) and its `tile_types`.
  }];
  let parameters = (ins ZigZag_ListParameter<"::mlir::StringAttr",
                                             "layer names">:$layers,
                        StringRefParameter<"overlap mode">:$mode,
                        ZigZag_ListParameter<"int64_t", "tile (x, y)">:$tile,
                        ZigZag_ListParameter<"int64_t",
                                             "output (x, y)">:$output,
                        ZigZag_OptionalString<"memory">:$weight_memory,
                        ZigZag_F64:$energy_pJ, ZigZag_F64:$mac_energy_pJ,
                        ZigZag_F64:$copy_energy_pJ,
                        ZigZag_F64:$latency_defines_cycles,
                        ZigZag_F64:$copy_latency_cycles,
                        ZigZag_ListParameter<
                            "::mlir::zigzag::DepthFirstTileTypeAttr",
                            "tile types">:$tile_types);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def ZigZag_LayerByLayerAttr : ZigZag_Attr<"LayerByLayer", "layer_by_layer"> {
  let summary = "The layer-by-layer reference of a depth-first schedule";
  let description = [{
    Every layer alone on the whole memory hierarchy: its total `energy_pJ`,
    `latency_cycles` and `latency_defines_cycles`; or, when a layer fits
    nowhere, only `infeasible` with the reason.

    ```mlir
    #zigzag.layer_by_layer<energy_pJ = 1.5e+06, latency_cycles = 9.0e+03,
                           latency_defines_cycles = 8.5e+03>
    #zigzag.layer_by_layer<infeasible = "layer 'fc': no memory holds W">
    ```
  }];
  let parameters = (ins ZigZag_OptionalF64:$energy_pJ,
                        ZigZag_OptionalF64:$latency_cycles,
                        ZigZag_OptionalF64:$latency_defines_cycles,
                        ZigZag_OptionalString<"reason">:$infeasible);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def ZigZag_DepthFirstResultAttr
    : ZigZag_Attr<"DepthFirstResult", "depth_first_result"> {
  let summary = "The depth-first schedule of a function "
                "(`zigzag.depth_first_result`)";
  let description = [{
    Written by `--zigzag-depth-first` on the module: the scheduled
    `function`, the stack formation the schedule came from (`stacks_from`),
    its `mode` and `tile` when every stack has the same ones, its cost
    (`energy_pJ`, `latency_cycles`, DeFiNES's `latency_defines_cycles`,
    `mac_energy_pJ`, `copy_energy_pJ`, `copy_latency_cycles`), the network
    size (`layers`, `macs`), the search effort (`schedules` evaluated,
    single-layer `searches`, `seconds`), the `layer_by_layer` reference and
    the `stacks`. `--zigzag-report` reports it as `depth_first`.
  }];
  let parameters = (ins StringRefParameter<"function name">:$function,
                        StringRefParameter<"stack formation">:$stacks_from,
                        ZigZag_OptionalString<"overlap mode">:$mode,
                        ZigZag_OptionalListParameter<"int64_t",
                                                     "tile (x, y)">:$tile,
                        ZigZag_F64:$energy_pJ, ZigZag_F64:$latency_cycles,
                        ZigZag_F64:$latency_defines_cycles,
                        ZigZag_F64:$mac_energy_pJ, ZigZag_F64:$copy_energy_pJ,
                        ZigZag_F64:$copy_latency_cycles,
                        "int64_t":$layers, "int64_t":$macs,
                        "int64_t":$schedules, "int64_t":$searches,
                        ZigZag_F64:$seconds,
                        ZigZag_NestedAttrParameter<
                            "::mlir::zigzag::LayerByLayerAttr",
                            "layer-by-layer reference">:$layer_by_layer,
                        ZigZag_ListParameter<
                            "::mlir::zigzag::DepthFirstStackAttr",
                            "stacks">:$stacks);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// zigzag.tradeoffs (per op) and its front points
//===----------------------------------------------------------------------===//

def ZigZag_ParetoPointAttr : ZigZag_Attr<"ParetoPoint", "pareto_point"> {
  let summary = "One point of an op's energy-latency Pareto front";
  let description = [{
    A mapping (`mapping`) on the op's energy-latency Pareto front and its
    cost (`energy_pJ`, `latency_cycles`).
  }];
  let parameters = (ins ZigZag_F64:$energy_pJ, ZigZag_F64:$latency_cycles,
                        ZigZag_NestedAttrParameter<
                            "::mlir::zigzag::MappingAttr",
                            "the point's mapping">:$mapping);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def ZigZag_TradeoffsAttr : ZigZag_Attr<"Tradeoffs", "tradeoffs"> {
  let summary = "What the op's mapping trades between energy and latency "
                "(`zigzag.tradeoffs`)";
  let description = [{
    Written by `--zigzag-search-mapping` with `criterion=latency`, `pareto`
    or `latency-budget`: `least_energy_pJ` is the least energy of any
    mapping the search evaluated (the front's cheapest point with `pareto`)
    and `energy_cost_of_latency_pJ` the op's mapping energy minus it, what
    the choice of a faster mapping costs. `tie_tolerance` is the latency
    slack traded for energy (when not 0). With `pareto=true`, `pareto` is
    the op's energy-latency front by increasing latency, `pareto_exact`
    whether every search behind it was proven optimal; with
    `latency-budget`, `latency_budget` is the network budget (cycles) and
    `pareto_choice` the index of the front point chosen for the op.

    ```mlir
    zigzag.tradeoffs = #zigzag.tradeoffs<least_energy_pJ = 1.0e+06,
        energy_cost_of_latency_pJ = 2.5e+04, pareto = [...],
        pareto_exact = true, pareto_choice = 1, latency_budget = 1.0e+05>
    ```
  }];
  let parameters = (ins ZigZag_F64:$least_energy_pJ,
                        ZigZag_F64:$energy_cost_of_latency_pJ,
                        ZigZag_OptionalF64:$tie_tolerance,
                        ZigZag_OptionalListParameter<
                            "::mlir::zigzag::ParetoPointAttr",
                            "front points">:$pareto,
                        OptionalParameter<"::mlir::BoolAttr">:$pareto_exact,
                        OptionalParameter<"std::optional<int64_t>">:
                            $pareto_choice,
                        ZigZag_OptionalF64:$latency_budget);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // ZIGZAG_RESULT_ATTRS_TD
