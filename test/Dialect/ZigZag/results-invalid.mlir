// RUN: zigzag-opt %s -split-input-file -verify-diagnostics
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics --zigzag-report

// A hand-written result of the wrong kind is a verifier error where it is
// written; --zigzag-report never sees it.
// expected-error @+1 {{'zigzag.depth_first_result' must be a #zigzag.depth_first_result attribute, got {energy_pJ = 1.000000e+00 : f64}}}
module attributes {zigzag.depth_first_result = {energy_pJ = 1.0 : f64}} {
}

// -----

// expected-error @+1 {{'zigzag.search' must be a #zigzag.search attribute, got {evaluated = 3 : i64, seconds = 1.000000e-01 : f64}}}
func.func @search_dictionary() attributes {zigzag.search = {evaluated = 3 : i64, seconds = 0.1 : f64}} {
  return
}

// -----

// expected-error @+1 {{'zigzag.depth_first' must be a #zigzag.depth_first attribute, got "fused"}}
func.func @depth_first_string() attributes {zigzag.depth_first = "fused"} {
  return
}

// -----

// expected-error @+1 {{'optimal', 'gap' and 'nodes' go together (the exhaustive engine's statistics)}}
func.func @search_partial() attributes {zigzag.search = #zigzag.search<engine = "exhaustive", evaluated = 3, seconds = 0.1, optimal = true>} {
  return
}

// -----

// expected-error @+1 {{'stopped_by' must be "nodes" or "seconds", got "time"}}
func.func @search_stopped_by() attributes {zigzag.search = #zigzag.search<engine = "exhaustive", evaluated = 3, seconds = 0.1, optimal = false, gap = 0.5, nodes = 9, stopped_by = "time">} {
  return
}

// -----

// expected-error @+1 {{'loma_energy' and 'loma_latency' go together}}
func.func @search_loma() attributes {zigzag.search = #zigzag.search<engine = "loma", evaluated = 3, seconds = 0.1, loma_energy = 1.0>} {
  return
}

// -----

// expected-error @+1 {{'evaluated' must be >= 0, got -3}}
func.func @search_negative() attributes {zigzag.search = #zigzag.search<engine = "loma", evaluated = -3, seconds = 0.1>} {
  return
}

// -----

// expected-error @+1 {{'seconds' must be a finite number >= 0, got -1}}
func.func @search_negative_seconds() attributes {zigzag.search = #zigzag.search<engine = "loma", evaluated = 3, seconds = -1.0>} {
  return
}

// -----

// expected-error @+1 {{struct is missing required parameter: engine}}
func.func @search_no_engine() attributes {zigzag.search = #zigzag.search<evaluated = 3, seconds = 0.1>} {
  return
}

// -----

// expected-error @+1 {{unknown overlap mode "diagonal"; expected "fully-recompute", "h-cached-v-recompute" or "fully-cached"}}
func.func @unknown_mode() attributes {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "diagonal", tile = [2, 2], loops = [3, 2]>} {
  return
}

// -----

// expected-error @+1 {{struct is missing required parameter: mode}}
func.func @missing_mode() attributes {zigzag.depth_first = #zigzag.depth_first<stack = 0, tile = [2, 2], loops = [3, 2]>} {
  return
}

// -----

// expected-error @+1 {{'tile' must be [x, y] with sizes > 0, got [0, 2]}}
func.func @zero_tile() attributes {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [0, 2], loops = [3, 2]>} {
  return
}

// -----

// expected-error @+1 {{'loops' must be [x, y] with sizes >= 0, got [3]}}
func.func @one_loop() attributes {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3]>} {
  return
}

// -----

// expected-error @+1 {{'energy_pJ' must be a finite number >= 0, got -5}}
func.func @negative_energy() attributes {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], energy_pJ = -5.0>} {
  return
}

// -----

// expected-error @+1 {{'stack' must be >= 0, got -1}}
func.func @negative_stack() attributes {zigzag.depth_first = #zigzag.depth_first<stack = -1, mode = "fully-cached", tile = [2, 2]>} {
  return
}

// -----

// expected-error @+1 {{expected either 'energy_pJ', 'latency_cycles' and 'latency_defines_cycles', or 'infeasible' alone}}
func.func @lbl_both() attributes {zigzag.lbl = #zigzag.layer_by_layer<energy_pJ = 1.0, latency_cycles = 1.0, latency_defines_cycles = 1.0, infeasible = "no">} {
  return
}

// -----

// expected-error @+1 {{expected either 'energy_pJ', 'latency_cycles' and 'latency_defines_cycles', or 'infeasible' alone}}
func.func @lbl_partial() attributes {zigzag.lbl = #zigzag.layer_by_layer<energy_pJ = 1.0>} {
  return
}

// -----

// expected-error @+1 {{a stack needs at least one layer}}
func.func @stack_empty() attributes {zigzag.stack = #zigzag.df_stack<layers = [], mode = "fully-cached", tile = [1, 1], output = [1, 1], energy_pJ = 1.0, mac_energy_pJ = 1.0, copy_energy_pJ = 0.0, latency_defines_cycles = 1.0, copy_latency_cycles = 0.0, tile_types = []>} {
  return
}

// -----

// expected-error @+1 {{'energy_pJ', 'mac_energy_pJ', 'latency_cycles' and 'latency_defines_cycles' go together}}
func.func @layer_tile_partial() attributes {zigzag.tile = #zigzag.df_layer_tile<name = "a", tile = [1, 1], copy_energy_pJ = 0.0, copy_latency_cycles = 0.0, energy_pJ = 1.0>} {
  return
}

// -----

// expected-error @+1 {{'count' must be >= 0, got -4}}
func.func @tile_type_count() attributes {zigzag.type = #zigzag.df_tile_type<tile = [1, 1], count = -4, weights_from_top = false, energy_pJ = 1.0, latency_defines_cycles = 1.0, layers = []>} {
  return
}

// -----

// expected-error @+1 {{'mode' and 'tile' go together}}
module attributes {zigzag.depth_first_result = #zigzag.depth_first_result<function = "net", stacks_from = "auto", mode = "fully-cached", energy_pJ = 1.0, latency_cycles = 1.0, latency_defines_cycles = 1.0, mac_energy_pJ = 1.0, copy_energy_pJ = 0.0, copy_latency_cycles = 0.0, layers = 0, macs = 1, schedules = 1, searches = 1, seconds = 0.0, layer_by_layer = #zigzag.layer_by_layer<infeasible = "no">, stacks = []>} {
}

// -----

// expected-error @+1 {{the stacks hold 1 layers, but 'layers' = 2}}
module attributes {zigzag.depth_first_result = #zigzag.depth_first_result<function = "net", stacks_from = "auto", energy_pJ = 1.0, latency_cycles = 1.0, latency_defines_cycles = 1.0, mac_energy_pJ = 1.0, copy_energy_pJ = 0.0, copy_latency_cycles = 0.0, layers = 2, macs = 1, schedules = 1, searches = 1, seconds = 0.0, layer_by_layer = #zigzag.layer_by_layer<infeasible = "no">, stacks = [#zigzag.df_stack<layers = ["fc"], mode = "fully-recompute", tile = [1, 1], output = [1, 1], energy_pJ = 1.0, mac_energy_pJ = 1.0, copy_energy_pJ = 0.0, latency_defines_cycles = 1.0, copy_latency_cycles = 0.0, tile_types = []>]>} {
}

// -----

// A stack list holds stacks only.
// expected-error @+2 {{invalid kind of attribute specified}}
// expected-error @+1 {{failed to parse ZigZag_DepthFirstResultAttr parameter 'stacks'}}
module attributes {zigzag.depth_first_result = #zigzag.depth_first_result<function = "net", stacks_from = "auto", energy_pJ = 1.0, latency_cycles = 1.0, latency_defines_cycles = 1.0, mac_energy_pJ = 1.0, copy_energy_pJ = 0.0, copy_latency_cycles = 0.0, layers = 0, macs = 1, schedules = 1, searches = 1, seconds = 0.0, layer_by_layer = #zigzag.layer_by_layer<infeasible = "no">, stacks = [#zigzag.layer_by_layer<infeasible = "no">]>} {
}

// -----

// expected-error @+1 {{'zigzag.tiling' must be a #zigzag.tiling attribute, got [[0, 4, 0]]}}
func.func @tiling_array() attributes {zigzag.tiling = [[0, 4, 0]]} {
  return
}

// -----

// expected-error @+1 {{'zigzag.tradeoffs' must be a #zigzag.tradeoffs attribute, got 1.000000e+00 : f64}}
func.func @tradeoffs_float() attributes {zigzag.tradeoffs = 1.0 : f64} {
  return
}

// -----

// expected-error @+1 {{level 1 has 2 tile sizes, level 0 has 3; every level has one per loop}}
func.func @tiling_ragged() attributes {zigzag.tiling = #zigzag.tiling<levels = [[0, 4, 0], [1, 0]]>} {
  return
}

// -----

// A front is by increasing latency and decreasing energy.
// expected-error @+1 {{'pareto' point 1 is not faster-first non-dominated: latency must increase and energy decrease}}
func.func @dominated_point() attributes {zigzag.tradeoffs = #zigzag.tradeoffs<least_energy_pJ = 500.0, energy_cost_of_latency_pJ = 0.0, pareto_exact = true, pareto = [#zigzag.pareto_point<energy_pJ = 500.0, latency_cycles = 100.0, mapping = #zigzag.mapping<spatial = {D1 = [d0 4]}, temporal = [d0 4], levels = {O = [sram 1]}>>, #zigzag.pareto_point<energy_pJ = 900.0, latency_cycles = 120.0, mapping = #zigzag.mapping<spatial = {D1 = [d0 4]}, temporal = [d0 4], levels = {O = [sram 1]}>>]>} {
  return
}

// -----

// expected-error @+1 {{tile sizes must be >= 0 (0: not tiled), got -1 in level 0}}
func.func @tiling_negative() attributes {zigzag.tiling = #zigzag.tiling<levels = [[0, -1]]>} {
  return
}

// -----

// expected-error @+1 {{'pareto_choice' 2 is not a point of 'pareto' (1 points)}}
func.func @choice_out_of_range() attributes {zigzag.tradeoffs = #zigzag.tradeoffs<least_energy_pJ = 500.0, energy_cost_of_latency_pJ = 0.0, pareto_exact = true, pareto = [#zigzag.pareto_point<energy_pJ = 500.0, latency_cycles = 100.0, mapping = #zigzag.mapping<spatial = {D1 = [d0 4]}, temporal = [d0 4], levels = {O = [sram 1]}>>], pareto_choice = 2, latency_budget = 150.0>} {
  return
}

// -----

// expected-error @+1 {{'spatial' names level 2, but there are 2 levels}}
func.func @tiling_spatial_range() attributes {zigzag.tiling = #zigzag.tiling<levels = [[0, 4], [1, 0]], spatial = [2]>} {
  return
}

// -----

// expected-error @+1 {{'spatial' must be strictly ascending}}
func.func @tiling_spatial_order() attributes {zigzag.tiling = #zigzag.tiling<levels = [[0, 4], [1, 0]], spatial = [1, 0]>} {
  return
}

// -----

// The sizes are in the op's loop order: a matmul has three loops.
func.func @tiling_loops(%a: tensor<8x70xf32>, %b: tensor<70x12xf32>, %c: tensor<8x12xf32>) -> tensor<8x12xf32> {
  // expected-error @+1 {{'zigzag.tiling' has 2 tile sizes per level, but the op has 3 loops}}
  %r = linalg.matmul {zigzag.tiling = #zigzag.tiling<levels = [[0, 4]]>}
      ins(%a, %b : tensor<8x70xf32>, tensor<70x12xf32>) outs(%c : tensor<8x12xf32>) -> tensor<8x12xf32>
  return %r : tensor<8x12xf32>
}

// -----

// expected-error @+1 {{'energy_cost_of_latency_pJ' must be a finite number >= 0, got -1}}
func.func @negative_cost() attributes {zigzag.tradeoffs = #zigzag.tradeoffs<least_energy_pJ = 500.0, energy_cost_of_latency_pJ = -1.0>} {
  return
}
