// RUN: zigzag-opt %s -split-input-file | zigzag-opt -split-input-file | FileCheck %s

// The statistics of the LOMA engine: no exhaustive fields.
// CHECK-LABEL: func.func @loma
// CHECK-SAME: zigzag.search = #zigzag.search<engine = "loma", evaluated = 720, seconds = 1.250000e-02>
func.func @loma() attributes {zigzag.search = #zigzag.search<engine = "loma", evaluated = 720, seconds = 0.0125>} {
  return
}

// -----

// The exhaustive engine, stopped by its node budget; fields in any order.
// CHECK-LABEL: func.func @exhaustive
// CHECK-SAME: zigzag.search = #zigzag.search<engine = "exhaustive", evaluated = 1230, seconds = 2.000000e+00, optimal = false, gap = 2.500000e-01, nodes = 5120, stopped_by = "nodes", loma_energy = 1.000000e+06, loma_latency = 4.096000e+03>
func.func @exhaustive() attributes {zigzag.search = #zigzag.search<nodes = 5120, engine = "exhaustive", evaluated = 1230, seconds = 2.0, optimal = false, gap = 0.25, stopped_by = "nodes", loma_energy = 1.0e6, loma_latency = 4096.0>} {
  return
}

// -----

// A hand-written stack annotation for --zigzag-apply-mapping: no costs.
// CHECK-LABEL: func.func @annotation
// CHECK-SAME: zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [4, 2], loops = [3, 2]>
func.func @annotation() attributes {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [4, 2], loops = [3, 2]>} {
  return
}

// -----

// As --zigzag-depth-first writes it: an op without x and y loops (no
// `loops`), its per-tile mapping and its share of the cost.
// CHECK-LABEL: func.func @scheduled
// CHECK-SAME: zigzag.depth_first = #zigzag.depth_first<stack = 2, mode = "h-cached-v-recompute", tile = [1, 1], mapping = #zigzag.mapping<spatial = {D1 = [K 8]}, temporal = [C 4], levels = {O = [reg 0, dram 1]}>, energy_pJ = 1.234500e+02, latency_defines_cycles = 6.400000e+01>
func.func @scheduled() attributes {zigzag.depth_first = #zigzag.depth_first<stack = 2, mode = "h-cached-v-recompute", tile = [1, 1], mapping = #zigzag.mapping<spatial = {D1 = [K 8]}, temporal = [C 4], levels = {O = [reg 0, dram 1]}>, energy_pJ = 123.45, latency_defines_cycles = 64.0>} {
  return
}

// -----

// A module result with one stack of two layers, one tile type that copies a
// network input and computes both layers, one mode and tile for the whole
// schedule, and the layer-by-layer reference.
// CHECK-LABEL: module attributes
// CHECK-SAME: zigzag.depth_first_result = #zigzag.depth_first_result<function = "net", stacks_from = "auto", mode = "fully-cached", tile = [4, 4], energy_pJ = 1.000000e+03, latency_cycles = 5.000000e+02, latency_defines_cycles = 4.500000e+02, mac_energy_pJ = 2.000000e+02, copy_energy_pJ = 1.000000e+01, copy_latency_cycles = 2.000000e+00, layers = 2, macs = 4096, schedules = 27, searches = 12, seconds = 5.000000e-01,
// CHECK-SAME: layer_by_layer = #zigzag.layer_by_layer<energy_pJ = 2.000000e+03, latency_cycles = 6.000000e+02, latency_defines_cycles = 5.500000e+02>,
// CHECK-SAME: stacks = [#zigzag.df_stack<layers = ["a", "b"], mode = "fully-cached", tile = [4, 4], output = [8, 8], weight_memory = "sram", energy_pJ = 1.000000e+03, mac_energy_pJ = 2.000000e+02, copy_energy_pJ = 1.000000e+01, latency_defines_cycles = 4.500000e+02, copy_latency_cycles = 2.000000e+00,
// CHECK-SAME: tile_types = [#zigzag.df_tile_type<tile = [4, 4], count = 4, weights_from_top = true, h_cache_make = "sram", v_cache_use = "sram", energy_pJ = 2.500000e+02, latency_defines_cycles = 1.125000e+02,
// CHECK-SAME: layers = [#zigzag.df_layer_tile<name = "input:x", tile = [6, 6], copy_energy_pJ = 1.000000e+00, copy_latency_cycles = 5.000000e-01, top_I1 = "dram">, #zigzag.df_layer_tile<name = "a", tile = [5, 5], copy_energy_pJ = 0.000000e+00, copy_latency_cycles = 0.000000e+00, top_I1 = "sram", top_I2 = "dram", top_O = "sram", energy_pJ = 1.000000e+02, mac_energy_pJ = 5.000000e+01, latency_cycles = 6.000000e+01, latency_defines_cycles = 5.500000e+01>]>]>]>
module attributes {zigzag.depth_first_result = #zigzag.depth_first_result<
    function = "net", stacks_from = "auto", mode = "fully-cached", tile = [4, 4],
    energy_pJ = 1000.0, latency_cycles = 500.0, latency_defines_cycles = 450.0,
    mac_energy_pJ = 200.0, copy_energy_pJ = 10.0, copy_latency_cycles = 2.0,
    layers = 2, macs = 4096, schedules = 27, searches = 12, seconds = 0.5,
    layer_by_layer = #zigzag.layer_by_layer<energy_pJ = 2000.0, latency_cycles = 600.0, latency_defines_cycles = 550.0>,
    stacks = [#zigzag.df_stack<layers = ["a", "b"], mode = "fully-cached", tile = [4, 4], output = [8, 8],
        weight_memory = "sram", energy_pJ = 1000.0, mac_energy_pJ = 200.0, copy_energy_pJ = 10.0,
        latency_defines_cycles = 450.0, copy_latency_cycles = 2.0,
        tile_types = [#zigzag.df_tile_type<tile = [4, 4], count = 4, weights_from_top = true,
            h_cache_make = "sram", v_cache_use = "sram", energy_pJ = 250.0, latency_defines_cycles = 112.5,
            layers = [#zigzag.df_layer_tile<name = "input:x", tile = [6, 6], copy_energy_pJ = 1.0, copy_latency_cycles = 0.5, top_I1 = "dram">,
                      #zigzag.df_layer_tile<name = "a", tile = [5, 5], copy_energy_pJ = 0.0, copy_latency_cycles = 0.0,
                          top_I1 = "sram", top_I2 = "dram", top_O = "sram", energy_pJ = 100.0, mac_energy_pJ = 50.0,
                          latency_cycles = 60.0, latency_defines_cycles = 55.0>]>]>]>} {
}

// -----

// A layer that fits nowhere: the reference is infeasible, with the reason;
// mode and tile per stack (none at the top).
// CHECK-LABEL: module attributes
// CHECK-SAME: zigzag.depth_first_result = #zigzag.depth_first_result<function = "net", stacks_from = "layer-by-layer", energy_pJ
// CHECK-SAME: layer_by_layer = #zigzag.layer_by_layer<infeasible = "layer 'fc': \22W\22 fits no memory">, stacks = [#zigzag.df_stack<layers = ["fc"], mode = "fully-recompute", tile = [1, 1], output = [1, 1], energy_pJ
// CHECK-SAME: tile_types = []>]>
module attributes {zigzag.depth_first_result = #zigzag.depth_first_result<
    function = "net", stacks_from = "layer-by-layer",
    energy_pJ = 1.0, latency_cycles = 1.0, latency_defines_cycles = 1.0,
    mac_energy_pJ = 1.0, copy_energy_pJ = 0.0, copy_latency_cycles = 0.0,
    layers = 1, macs = 1, schedules = 1, searches = 1, seconds = 0.0,
    layer_by_layer = #zigzag.layer_by_layer<infeasible = "layer 'fc': \"W\" fits no memory">,
    stacks = [#zigzag.df_stack<layers = ["fc"], mode = "fully-recompute", tile = [1, 1], output = [1, 1],
        energy_pJ = 1.0, mac_energy_pJ = 1.0, copy_energy_pJ = 0.0, latency_defines_cycles = 1.0,
        copy_latency_cycles = 0.0, tile_types = []>]>} {
}

// -----

// Tile sizes per level, outermost first; spatial names levels 4 and 5.
// CHECK-LABEL: func.func @tiling
// CHECK: linalg.matmul {zigzag.tiling = #zigzag.tiling<levels = {{\[}}[0, 4, 0], [0, 0, 128], [1, 0, 0], [0, 0, 32], [0, 0, 1], [0, 1, 0]], spatial = [4, 5]>}
func.func @tiling(%a: tensor<8x70xf32>, %b: tensor<70x12xf32>, %c: tensor<8x12xf32>) -> tensor<8x12xf32> {
  %r = linalg.matmul {zigzag.tiling = #zigzag.tiling<levels = [[0, 4, 0], [0, 0, 128], [1, 0, 0], [0, 0, 32], [0, 0, 1], [0, 1, 0]], spatial = [4, 5]>}
      ins(%a, %b : tensor<8x70xf32>, tensor<70x12xf32>) outs(%c : tensor<8x12xf32>) -> tensor<8x12xf32>
  return %r : tensor<8x12xf32>
}

// -----

// No spatial level (printed without `spatial`), and an untiled op.
// CHECK-LABEL: func.func @tiling_temporal_only
// CHECK-SAME: zigzag.tiling = #zigzag.tiling<levels = {{\[}}[2, 0]]>
// CHECK-LABEL: func.func @tiling_empty
// CHECK-SAME: zigzag.tiling = #zigzag.tiling<levels = []>
func.func @tiling_temporal_only() attributes {zigzag.tiling = #zigzag.tiling<levels = [[2, 0]], spatial = []>} {
  return
}
func.func @tiling_empty() attributes {zigzag.tiling = #zigzag.tiling<levels = []>} {
  return
}

// -----

// The trade-offs of an op: a two-point front, the second point chosen under
// a latency budget.
// CHECK-LABEL: func.func @tradeoffs
// CHECK-SAME: zigzag.tradeoffs = #zigzag.tradeoffs<least_energy_pJ = 5.000000e+02, energy_cost_of_latency_pJ = 0.000000e+00, pareto = [#zigzag.pareto_point<energy_pJ = 9.000000e+02, latency_cycles = 1.000000e+02, mapping = #zigzag.mapping<spatial = {D1 = [d0 4]}, temporal = [d0 4], levels = {O = [sram 1]}>>, #zigzag.pareto_point<energy_pJ = 5.000000e+02, latency_cycles = 1.200000e+02, mapping = #zigzag.mapping<spatial = {D1 = [d0 4]}, temporal = [d0 4], levels = {O = [dram 1]}>>], pareto_exact = true, pareto_choice = 1, latency_budget = 1.500000e+02>
func.func @tradeoffs() attributes {zigzag.tradeoffs = #zigzag.tradeoffs<latency_budget = 150.0, pareto_choice = 1, least_energy_pJ = 500.0, energy_cost_of_latency_pJ = 0.0, pareto_exact = true, pareto = [#zigzag.pareto_point<energy_pJ = 900.0, latency_cycles = 100.0, mapping = #zigzag.mapping<spatial = {D1 = [d0 4]}, temporal = [d0 4], levels = {O = [sram 1]}>>, #zigzag.pareto_point<energy_pJ = 500.0, latency_cycles = 120.0, mapping = #zigzag.mapping<spatial = {D1 = [d0 4]}, temporal = [d0 4], levels = {O = [dram 1]}>>]>} {
  return
}
