//===- Passes.td - zigzag passes ---------------------------*- tablegen -*-===//

#ifndef ZIGZAG_TRANSFORMS_PASSES_TD
#define ZIGZAG_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

// Closed-set options are enums (zigzag/Transforms/PassOptions.h): the option
// parser rejects any other value, with the same message for every option.
// Their values are given here with `llvm::cl::values`, except for the enums
// that list options hold (overlap mode, stack formation), whose parser
// carries them (see EnumTableParser).

def AttachHardware : Pass<"zigzag-attach-hardware", "::mlir::ModuleOp"> {
  let summary = "Set the module's target accelerator (zigzag.accelerator) "
                "from a ZigZag hardware YAML or an MLIR file";
  let description = [{
    Reads the accelerator in `file` and sets it as the `zigzag.accelerator`
    attribute of the module, replacing any previous one. `file` is either a
    ZigZag hardware YAML (the format of ZigZag's `inputs/hardware/*.yaml`,
    see docs/Hardware.md) or, if its name ends in `.mlir`, an MLIR file whose
    top-level module carries `zigzag.accelerator` (e.g. the output of
    `zigzag-translate --import-zigzag-hardware`), or, if it ends in `.m`, a
    MAESTRO hardware file (docs/Maestro.md). A missing file is reported
    at the module, any problem inside the file at its `file:line:col`
    (the importer's messages, docs/Hardware.md); both fail the pass.

    ```
    zigzag-opt net.mlir --zigzag-attach-hardware="file=tpu_like.yaml"
    ```
  }];
  let options = [
    Option<"file", "file", "std::string", /*default=*/"\"\"",
           "ZigZag hardware YAML, or .mlir file with a zigzag.accelerator "
           "module attribute">,
  ];
  let dependentDialects = ["::mlir::zigzag::ZigZagDialect"];
}

def ApplyMapping : Pass<"zigzag-apply-mapping", "::mlir::ModuleOp"> {
  let summary = "Rewrite each op carrying zigzag.mapping into its tiled loop "
                "nest";
  let description = [{
    For every linalg op (tensor or memref form) with a `zigzag.mapping`,
    emits the temporal loops as `scf.for` loops, outermost first, each
    iterating `factor` times over tiles of the loop dim (a dim that appears
    several times becomes nested tiles), and the spatially unrolled loops as
    an innermost `scf.forall` mapped to `#zigzag.array_dim<dim, loop>`. Every
    loop carries `zigzag.loop` (the loop name) and `zigzag.level` (the memory
    level of each operand it belongs to). With `stage-buffers` (default), the
    tile of each operand is copied into a buffer in memory space
    `#zigzag.memory_space<"name">` at each of its memory-level boundaries and the
    output tile is copied back. Partial tiles of non-divisible sizes are
    clipped with `affine.min`, never dropped. Spatially unrolled reduction
    loops accumulate into per-lane partial sums that a `linalg.reduce` merges
    (the array's adder tree). A mapping that does not fit its op is an error
    at the op, which is left unchanged.

    Ops annotated with `zigzag.depth_first` are fused per stack instead: the
    stack output is tiled over its rows (outer `scf.for`, `zigzag.df_tile =
    "y"`) and columns (`"x"`), leftover tile first, and every op of the stack
    computes in each tile the part of its output the tile needs, nested by
    its per-tile `mapping` when it has one. `fully-recompute` recomputes the
    halos; `h-cached-v-recompute` carries the overlap columns across the
    tiles of a row and `fully-cached` also the overlap rows across tile rows,
    in buffers passed through the loops' `iter_args`. See docs/Rewrite.md.
  }];
  let options = [
    Option<"stageBuffers", "stage-buffers", "bool", /*default=*/"true",
           "Copy operand tiles into buffers in each memory level's memory "
           "space at the level boundaries">,
  ];
  let dependentDialects = [
    "::mlir::zigzag::ZigZagDialect", "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
  ];
}

def StripMemorySpaces
    : Pass<"zigzag-strip-memory-spaces", "::mlir::ModuleOp"> {
  let summary = "Rewrite #zigzag.memory_space memory spaces to the default space";
  let description = [{
    Replaces every `#zigzag.memory_space<...>` memory space (memref types anywhere
    in the IR, `memory_space` of `bufferization.alloc_tensor`) by the default
    memory space, so IR produced by `--zigzag-apply-mapping` lowers to LLVM
    and runs on a CPU. Works before or after bufferization. With
    `attributes=true` it also removes every zigzag attribute (the `zigzag.*`
    attributes: hardware, mappings, costs, schedules; function argument and
    result attributes; and `scf.forall` mappings naming array dims, which
    leaves plain parallel foralls), so stock tools without the ZigZag
    dialect, such as Debian's `mlir-opt` and `mlir-runner`, read, lower and
    run the output.
  }];
  let options = [
    Option<"attributes", "attributes", "bool", /*default=*/"false",
           "Also remove the zigzag.* attributes">,
  ];
}

def PrintLoopRelevance
    : Pass<"zigzag-print-loop-relevance", "::mlir::ModuleOp"> {
  let summary = "Print each linalg op's loops and the r/ir/pr loop relevance "
                "of its operands";
  let description = [{
    For every op implementing `linalg::LinalgOp` (pre-order walk of the
    module), prints to stdout its loops with sizes, its reduction loops, and
    for each operand role (I1, I2, O) the DPS operand that plays it, its
    precision, the relevant (r), irrelevant (ir) and partially relevant (pr)
    loops, each pr relation with its extent (e.g.
    `IX = 2*OX + 1*FX (extent 229)`), its size in elements and bits, then
    ZigZag's operand order and the MAC count. A final line gives the number
    of layers and the module's total MACs. Ops that cannot be modelled
    (dynamic shapes, non-affine indexing, ...) get a remark and are skipped.
    The format is described in docs/Workloads.md.
  }];
}

def EstimateCost : Pass<"zigzag-estimate-cost", "::mlir::ModuleOp"> {
  let summary = "Evaluate the cost model on every op carrying zigzag.mapping";
  let description = [{
    For every linalg op with a `zigzag.mapping`, derives its workload from the
    indexing maps, checks the mapping against the op and the module's
    `zigzag.accelerator` (loop names, factors, array dims, memory levels,
    capacities), evaluates ZigZag's loop-relevance cost model and writes the
    result as `zigzag.cost` (energy in pJ, latency in cycles and their terms).
    A mapping that does not fit is an error at the op.
  }];
  let options = [
    Option<"zigzagCompat", "zigzag-compat", "bool", /*default=*/"false",
           "Reproduce ZigZag 3.8.5's numbers including its known modelling "
           "quirks (default false: corrected, physically sensible "
           "behaviour, see docs/CostModel.md)">,
  ];
}

def SearchMapping : Pass<"zigzag-search-mapping", "::mlir::ModuleOp"> {
  let summary = "Find the best spatial and temporal mapping of every linalg op";
  let description = [{
    For every linalg op that can be modelled (static shapes, affine indexing
    maps), searches the spatial mappings (ZigZag's generator: unrolling
    candidates ranked by utilisation, `spatial-candidates` kept) and, per
    spatial mapping, the temporal mappings (LOMA: loop prime factors merged
    down to `lpf-limit`, every distinct loop order, bottom-up memory
    allocation, `uneven` or `even`) on the module's `zigzag.accelerator`,
    and keeps the best for `criterion`. `engine=exhaustive` searches the
    full temporal space instead (docs/Search.md), seeded with LOMA's result
    so it is never worse. Writes `zigzag.mapping`, `zigzag.cost` and
    `zigzag.search` (engine, evaluated mappings, seconds; for the exhaustive
    engine also whether optimality was proven, the gap and LOMA's cost) on
    each op. `mapping-file` reads a ZigZag mapping YAML (entry by layer name,
    then `zigzag.operator_type`, then `default`): fixed spatial mappings,
    hints, memory operand links (DeFiNES's Add layers, both inputs on I1,
    search on the accelerator where I2 follows I1 and get
    `zigzag.inputs_share_i1`) and temporal ordering constraints. An entry
    whose `spatial_mapping` does not fit a layer (a loop the layer lacks,
    such as K and C of a depthwise conv or the d0, d1, ... of hand-written
    linalg, or an unrolling reduced to 1) gets one warning at the op naming
    what was dropped; `mapping-fallback=search` searches the spatial mapping
    of such layers instead (a remark says so). `zigzag-compat=false` (the
    default) uses the corrected cost model and also maps the ops that
    ZigZag costs zero (`zigzag.zero_cost`); `zigzag-compat=true` reproduces
    ZigZag 3.8.5's numbers. Ops are
    searched in parallel (`--mlir-disable-threading` or `threads=1` turns
    it off); results do not depend on the number of threads. Ops that only
    initialise another op's output (`linalg.fill`, a bias broadcast used as
    an init) are not layers and are skipped. An op with a loop of dynamic
    size is searched when `assume-dims=NAME=SIZE,...` sizes each of its
    dynamic loops (the sizes are written on the op as `zigzag.assumed_dims`,
    which later passes model the op with); otherwise it gets a remark and is
    not searched.

    Trade-offs (`zigzag.tradeoffs`, docs/Search.md): with
    `criterion=latency`, the least energy of any mapping the search
    evaluated and what the faster choice costs over it; `tie-tolerance`
    takes the least-energy mapping within that relative latency slack;
    `pareto=true` records each op's energy-latency Pareto front (each point
    with its mapping); `latency-budget=<cycles>` picks per op the front
    point of least network energy whose latencies sum within the budget
    (exact multiple-choice knapsack over the fronts), an error when the
    budget is below the sum of the ops' least latencies.

    `model=maestro` searches under MAESTRO's model instead, on a module
    with MAESTRO hardware (`--zigzag-attach-hardware="file=<hw>.m"`): for
    every convolution, depthwise convolution and matmul, directive-form
    dataflows (the op's own `zigzag.dataflow`, if any, is a candidate) are
    evaluated and the best for `objective` (runtime, energy or edp) is
    written as `zigzag.dataflow`, with MAESTRO's statistics
    (`zigzag.maestro`) and the search record (`zigzag.maestro_search`),
    exactly as `--zigzag-maestro-analysis="search=..."` does
    (docs/Maestro.md). The other options are those of `model=zigzag`.
  }];
  let options = [
    Option<"model", "model", "::mlir::zigzag::SearchModel",
           /*default=*/"::mlir::zigzag::SearchModel::ZigZag",
           "Cost model searched under: zigzag (LRP mappings on "
           "zigzag.accelerator) or maestro (directive-form dataflows on a "
           "MAESTRO hardware file)",
           [{::mlir::zigzag::searchModelValues()}]>,
    Option<"objective", "objective", "::mlir::zigzag::MaestroObjective",
           /*default=*/"::mlir::zigzag::MaestroObjective::None",
           "model=maestro: what to minimise, runtime (default), energy or "
           "edp",
           [{::mlir::zigzag::maestroObjectiveValues()}]>,
    Option<"mappingFile", "mapping-file", "std::string", /*default=*/"",
           "ZigZag mapping YAML (spatial mapping, hints, operand links, "
           "temporal ordering)">,
    Option<"criterion", "criterion", "::zigzag::SearchCriterion",
           /*default=*/"::zigzag::SearchCriterion::Latency",
           "What to minimise: latency (ties: energy), energy (ties: "
           "latency) or edp",
           [{::mlir::zigzag::criterionValues()}]>,
    Option<"engine", "engine", "::mlir::zigzag::SearchEngine",
           /*default=*/"::mlir::zigzag::SearchEngine::Loma",
           "Temporal search engine: loma (ZigZag's) or exhaustive (every "
           "prime factor, loop order and memory allocation, proven optimal "
           "by branch-and-bound within the budget)",
           [{::mlir::zigzag::searchEngineValues()}]>,
    Option<"budgetNodes", "budget-nodes", "uint64_t", /*default=*/"0",
           "engine=exhaustive: partial mappings bounded per op before it "
           "stops and reports the gap (reproducible; 0 = 10 000 000 unless "
           "budget-seconds is set, then no node limit)">,
    Option<"budgetSeconds", "budget-seconds", "double", /*default=*/"0",
           "engine=exhaustive: seconds per op before it stops and reports "
           "the gap (0 = no time limit; not reproducible)">,
    Option<"lpfLimit", "lpf-limit", "unsigned", /*default=*/"6",
           "Loop prime factors LOMA permutes (ZigZag's lpf_limit)">,
    Option<"temporal", "temporal", "::zigzag::TemporalMappingType",
           /*default=*/"::zigzag::TemporalMappingType::Uneven",
           "Memory allocation: uneven (per-operand cuts) or even",
           [{::mlir::zigzag::temporalValues()}]>,
    Option<"spatialCandidates", "spatial-candidates", "unsigned",
           /*default=*/"3", "Spatial mappings kept after ranking">,
    Option<"mixedSpatial", "mixed-spatial", "bool", /*default=*/"false",
           "Also generate mixed spatial unrollings">,
    Option<"imperfect", "imperfect", "bool", /*default=*/"false",
           "LOMA and engine=exhaustive also search imperfect "
           "factorizations: temporal factors that need not divide their "
           "loop (partial last tile)">,
    Option<"spatialMissingDims", "spatial-missing-dims",
           "::mlir::zigzag::SpatialMissingDims",
           /*default=*/"::mlir::zigzag::SpatialMissingDims::Search",
           "Array dims a mapping entry's spatial_mapping leaves out: search "
           "an unrolling (ZigZag; also auto) or unroll-1 (DeFiNES)",
           [{::mlir::zigzag::spatialMissingDimsValues()}]>,
    Option<"threads", "threads", "unsigned", /*default=*/"0",
           "Worker threads for a single op's search (0 = all cores); "
           "threads=1 also searches the ops one after the other; "
           "engine=exhaustive splits every op's search over them and "
           "searches the ops one after the other">,
    Option<"zigzagCompat", "zigzag-compat", "bool", /*default=*/"false",
           "Reproduce ZigZag 3.8.5 including its quirks (default false: "
           "corrected model; also costs the ops ZigZag skips)">,
    Option<"mappingFallback", "mapping-fallback",
           "::mlir::zigzag::MappingFallback",
           /*default=*/"::mlir::zigzag::MappingFallback::Keep",
           "A mapping entry whose spatial_mapping does not fit the layer "
           "(unrollings dropped or reduced to 1): keep what is left and warn, "
           "or search the spatial mapping of that layer (search)",
           [{::mlir::zigzag::mappingFallbackValues()}]>,
    Option<"verbose", "verbose", "bool", /*default=*/"false",
           "Report as remarks what the search changed in the mapping entry">,
    Option<"dataLocality", "data-locality", "::mlir::zigzag::DataLocality",
           /*default=*/"::mlir::zigzag::DataLocality::Auto",
           "ZigZag's inter-layer data locality: a layer whose activations "
           "fit on chip keeps them there and loses the levels above "
           "(auto: on for IMC arrays, as ZigZag's IMC flow; on; off)",
           [{::mlir::zigzag::dataLocalityValues()}]>,
    ListOption<"assumeDims", "assume-dims", "std::string",
           "NAME=SIZE,...: the size to optimise a dynamic loop named NAME "
           "(zigzag.loop_names, else d0, d1, ...) for; written on the op as "
           "zigzag.assumed_dims (docs/DynamicShapes.md)">,
    Option<"tieTolerance", "tie-tolerance", "double", /*default=*/"0",
           "criterion=latency: relative latency slack traded for energy "
           "(the least-energy mapping within (1 + tolerance) x the least "
           "latency found; 0 = plain latency optimum)">,
    Option<"pareto", "pareto", "bool", /*default=*/"false",
           "Also compute each op's energy-latency Pareto front (exact "
           "with engine=exhaustive), written as zigzag.tradeoffs">,
    Option<"paretoMaxPoints", "pareto-max-points", "unsigned",
           /*default=*/"64",
           "pareto: at most this many front points per op (0 = no limit)">,
    Option<"latencyBudget", "latency-budget", "double", /*default=*/"0",
           "Network latency budget (cycles): per op the Pareto front point "
           "of least total energy whose latencies sum within it (implies "
           "pareto; 0 = none)">,
  ];
}

def DepthFirst : Pass<"zigzag-depth-first", "::mlir::ModuleOp"> {
  let summary = "Depth-first (layer-fused) schedule: DeFiNES's cost model and "
                "a search over tile sizes and overlap modes";
  let description = [{
    Cuts the linalg ops of each function into fused stacks (`stacks=auto`:
    DeFiNES's weight-capacity cut; `one`: as few as fusion allows;
    `layer-by-layer`: the single-layer flow; `cut-after:L1,L2,...` given
    cuts; stacks always end where fusion is impossible: global pooling, FC
    layers, reshapes), tiles each
    stack's last output (`tile=X,Y`, leftover tile first) and evaluates the
    schedule with DeFiNES's model (docs/DepthFirst.md): tile sizes
    back-propagated through strides and kernels, overlap recomputed or cached
    (`mode`), per (layer, tile type) the single-layer search on the active
    part of the memory hierarchy, data copies between levels. `search=true`
    evaluates every tile in `tile-x-candidates` x `tile-y-candidates` and
    every mode, in parallel, and keeps the best for `criterion`. Writes
    `zigzag.depth_first` on each op (stack, mode, tile, X/Y loops, the
    mapping of its most frequent tile type) and `zigzag.depth_first_result`
    on the module, which `--zigzag-report` includes. Ops that only
    initialise another op's output (`linalg.fill`, a bias broadcast used as
    an init) are not layers: they are fused with their consumer and not
    costed, as in DeFiNES.
  }];
  let options = [
    ListOption<"tile", "tile", "int64_t",
               "Tile size X,Y over each stack's output (columns, rows)">,
    Option<"mode", "mode", "::zigzag::OverlapMode",
           /*default=*/"::zigzag::OverlapMode::FullyCached",
           "Overlap: fully-recompute, h-cached-v-recompute or fully-cached">,
    Option<"stacks", "stacks", "std::string", /*default=*/"\"auto\"",
           "Fused stacks: auto (DeFiNES's weight-capacity cut), one, "
           "layer-by-layer, or cut-after:L1,L2,... (layer names or 0-based "
           "indices after which a stack ends)">,
    Option<"function", "function", "std::string", /*default=*/"",
           "Function to schedule (default: the one function with linalg "
           "ops)">,
    Option<"search", "search", "bool", /*default=*/"false",
           "Search tile sizes x modes for the criterion">,
    ListOption<"tileXCandidates", "tile-x-candidates", "int64_t",
               "search=true: tile widths (default: powers of two and the "
               "full width)">,
    ListOption<"tileYCandidates", "tile-y-candidates", "int64_t",
               "search=true: tile heights (default: powers of two and the "
               "full height)">,
    ListOption<"modes", "modes", "::zigzag::OverlapMode",
               "search=true: overlap modes to try (default: all three)">,
    ListOption<"stackCandidates", "stack-candidates",
               "::mlir::zigzag::StackFormation",
               "search=true: stack formations to try as well (auto, one, "
               "layer-by-layer; default: `stacks` and layer-by-layer)">,
    Option<"perStack", "per-stack", "bool", /*default=*/"true",
           "search=true: each stack keeps its best tile and mode (energy "
           "and latency add up over stacks); false: one for all stacks, "
           "as DeFiNES's sweeps">,
    Option<"mappingFile", "mapping-file", "std::string", /*default=*/"",
           "ZigZag mapping YAML for the per-tile single-layer searches">,
    Option<"criterion", "criterion", "::zigzag::SearchCriterion",
           /*default=*/"::zigzag::SearchCriterion::Energy",
           "Per-tile mapping and schedule criterion: energy (DeFiNES), "
           "latency or edp",
           [{::mlir::zigzag::criterionValues()}]>,
    Option<"lpfLimit", "lpf-limit", "unsigned", /*default=*/"6",
           "Loop prime factors LOMA permutes">,
    Option<"temporal", "temporal", "::zigzag::TemporalMappingType",
           /*default=*/"::zigzag::TemporalMappingType::Uneven",
           "Memory allocation: uneven or even",
           [{::mlir::zigzag::temporalValues()}]>,
    Option<"spatialCandidates", "spatial-candidates", "unsigned",
           /*default=*/"3", "Spatial mappings kept after ranking">,
    Option<"spatialMissingDims", "spatial-missing-dims",
           "::mlir::zigzag::SpatialMissingDims",
           /*default=*/"::mlir::zigzag::SpatialMissingDims::Auto",
           "Array dims a mapping entry's spatial_mapping leaves out: search, "
           "unroll-1 or auto (unroll-1 with flavor=defines, as DeFiNES, "
           "else search)",
           [{::mlir::zigzag::spatialMissingDimsValues()}]>,
    Option<"threads", "threads", "unsigned", /*default=*/"0",
           "Worker threads (0 = all cores); results do not depend on it">,
    Option<"zigzagCompat", "zigzag-compat", "bool", /*default=*/"false",
           "Reproduce ZigZag's quirks in the single-layer model; "
           "flavor=defines implies it">,
    Option<"flavor", "flavor", "::zigzag::CostModelFlavor",
           /*default=*/"::zigzag::CostModelFlavor::DeFiNES",
           "Single-layer cost model: defines (DeFiNES's vendored ZigZag, "
           "first minimum kept on ties) or zigzag (ZigZag 3.8.5)",
           [{::mlir::zigzag::flavorValues()}]>,
  ];
}

def Report : Pass<"zigzag-report", "::mlir::ModuleOp"> {
  let summary = "Write the JSON cost report and a per-layer table";
  let description = [{
    Evaluates every op carrying `zigzag.mapping` (as `--zigzag-estimate-cost`
    does) and writes the JSON report of docs/Report.md to `file` (`-` =
    stdout): per layer its loops, MACs, energy, latency terms, utilization,
    mapping, energy and access breakdown per memory and operand, and search
    statistics; then network totals. A human-readable table goes to stderr.
  }];
  let options = [
    Option<"file", "file", "std::string", /*default=*/"\"-\"",
           "Where to write the JSON report ('-' = stdout, empty = none)">,
    Option<"table", "table", "bool", /*default=*/"true",
           "Print the per-layer table to stderr">,
    Option<"zigzagCompat", "zigzag-compat", "bool", /*default=*/"false",
           "Cost model mode, as in --zigzag-estimate-cost">,
    Option<"html", "html", "std::string", /*default=*/"",
           "Also write the report as one self-contained HTML page with "
           "charts (docs/HtmlReport.md; empty = none)">,
  ];
}

def MaestroAnalysis : Pass<"zigzag-maestro-analysis", "::mlir::ModuleOp"> {
  let summary = "Evaluate each op's #zigzag.dataflow with MAESTRO's model";
  let description = [{
    For every op carrying `zigzag.dataflow` (e.g. from `zigzag-translate
    --import-maestro`), runs our implementation of MAESTRO's analysis on the
    module's MAESTRO hardware (`--zigzag-attach-hardware="file=<hw>.m"`) and
    writes the statistics as `zigzag.maestro` on the op: `macs`,
    `runtime_cycles`, `throughput`, `utilized_pes`, `energy_xmac` (MAESTRO's
    screen total, in MAC energies), `noc_bw_peak`, `noc_bw_avg`,
    `offchip_bw_req`, `l2_size_req`, `l1_size_req` and, per tensor
    (`input`, `filter`, `output`), `l1_read`, `l1_write`, `l2_read`,
    `l2_write`, `reuse`, `l2_size_req`, `l1_size_req`. `report` writes them
    as JSON (`layers[i].maestro`, '-' = stdout), `table` prints a table to
    stderr. `maestro-compat=true` reproduces MAESTRO's numbers with its
    counting artefacts; `false` corrects the MAC and L1/L2 counts
    (docs/Maestro.md). A dataflow MAESTRO cannot evaluate is an error at the
    op. `search=runtime|energy|edp` first searches directive-form dataflows
    under MAESTRO's model (the op's own dataflow and the same layer's
    dataflows in the `seeds` files are candidates, so the result is never
    worse than any of them) and replaces `zigzag.dataflow` by the best;
    `zigzag.maestro_search` records the objective, the number of candidates
    and the best seed's value.

    ```
    zigzag-translate --import-maestro net.m | zigzag-opt \
      --zigzag-attach-hardware="file=accelerator_1.m" \
      --zigzag-maestro-analysis="report=- table=true"
    ```
  }];
  let options = [
    Option<"maestroCompat", "maestro-compat", "bool", /*default=*/"true",
           "Reproduce MAESTRO's counting artefacts">,
    Option<"report", "report", "std::string", /*default=*/"\"\"",
           "JSON report file ('-' = stdout)">,
    Option<"table", "table", "bool", /*default=*/"false",
           "Print a per-layer table to stderr">,
    Option<"search", "search", "::mlir::zigzag::MaestroObjective",
           /*default=*/"::mlir::zigzag::MaestroObjective::None",
           "Search dataflows for this objective (runtime, energy or edp) "
           "and replace each op's zigzag.dataflow by the best (none: no "
           "search)",
           [{::mlir::zigzag::maestroObjectiveValues()}]>,
    ListOption<"seeds", "seeds", "std::string",
           "MAESTRO network files whose dataflows of the same layer name "
           "are candidates of the search (e.g. the other templates)">,
  ];
  let dependentDialects = ["::mlir::zigzag::ZigZagDialect"];
}

def MaestroToMapping : Pass<"zigzag-maestro-to-mapping", "::mlir::ModuleOp"> {
  let summary = "Lower each op's #zigzag.dataflow to a #zigzag.mapping";
  let description = [{
    On a module with MAESTRO hardware (`--zigzag-attach-hardware="file=<hw>.m"`),
    translates every op's MAESTRO dataflow, completed as MAESTRO completes
    it, into a `zigzag.mapping` on the MAESTRO-style accelerator: each
    level's first SpatialMap unrolls its loop over the level's sub-units on
    array dim D1, TemporalMaps become temporal loops in directive order
    (outer levels outside), the innermost level's loops stay in `l1`, the
    others in `l2`. `--zigzag-estimate-cost`, `--zigzag-report` and
    `--zigzag-apply-mapping` then work on MAESTRO dataflows. A directive a
    mapping cannot express (a SpatialMap sharing halos between sub-units, a
    second SpatialMap at a level as in row-stationary, an overlapping
    TemporalMap on a non-window dimension) gives a remark naming it and
    leaves the op without mapping (docs/Maestro.md).
  }];
  let dependentDialects = ["::mlir::zigzag::ZigZagDialect"];
}

def EmitTransform : Pass<"zigzag-emit-transform", "::mlir::ModuleOp"> {
  let summary = "Write a transform-dialect library reproducing each op's "
                "mapped tiling";
  let description = [{
    Tags every op carrying a `zigzag.mapping` with a plain string attribute
    `zigzag_op_id = "<func>#<n>"` and writes a transform library whose
    `@__transform_main` matches each op by that attribute and tiles it with
    upstream ops: one `transform.structured.tile_using_for` per temporal
    loop, outermost first, then the spatial unrolling (docs/TransformExport.md).
    Mappings upstream ops cannot express get a comment in the library and a
    remark.
  }];
  let options = [
    Option<"file", "file", "std::string", /*default=*/"\"-\"",
           "Output file of the transform library ('-' = stdout)">,
  ];
}

#endif // ZIGZAG_TRANSFORMS_PASSES_TD
