// RUN: zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/../../Import/hardware/Inputs/tiny.yaml" --zigzag-report="file=-" -o /dev/null 2> %t.table | FileCheck %s
// RUN: FileCheck %s --check-prefix=TABLE < %t.table

// --zigzag-report reads a hand-written #zigzag.depth_first_result through its
// typed accessors: the JSON has its fields (keys sorted by name) and the
// totals add it; the table lists its stack and both totals.
// CHECK:      "depth_first": {
// CHECK-NEXT:  "copy_energy_pJ": 10,
// CHECK-NEXT:  "copy_latency_cycles": 2,
// CHECK-NEXT:  "energy_pJ": 1000,
// CHECK-NEXT:  "function": "net",
// CHECK-NEXT:  "latency_cycles": 500,
// CHECK-NEXT:  "latency_defines_cycles": 450,
// CHECK-NEXT:  "layer_by_layer": {
// CHECK-NEXT:   "energy_pJ": 2000,
// CHECK-NEXT:   "latency_cycles": 600,
// CHECK-NEXT:   "latency_defines_cycles": 550
// CHECK-NEXT:  },
// CHECK-NEXT:  "layers": 1,
// CHECK-NEXT:  "mac_energy_pJ": 200,
// CHECK-NEXT:  "macs": 4096,
// CHECK-NEXT:  "mode": "fully-cached",
// CHECK-NEXT:  "schedules": 27,
// CHECK-NEXT:  "searches": 12,
// CHECK-NEXT:  "seconds": 0.5,
// CHECK-NEXT:  "stacks": [
// CHECK-NEXT:   {
// CHECK-NEXT:    "copy_energy_pJ": 10,
// CHECK-NEXT:    "copy_latency_cycles": 2,
// CHECK-NEXT:    "energy_pJ": 1000,
// CHECK-NEXT:    "latency_defines_cycles": 450,
// CHECK-NEXT:    "layers": [
// CHECK-NEXT:     "a"
// CHECK-NEXT:    ],
// CHECK-NEXT:    "mac_energy_pJ": 200,
// CHECK-NEXT:    "mode": "fully-cached",
// CHECK-NEXT:    "output": [
// CHECK-NEXT:     8,
// CHECK-NEXT:     8
// CHECK-NEXT:    ],
// CHECK-NEXT:    "tile": [
// CHECK-NEXT:     4,
// CHECK-NEXT:     4
// CHECK-NEXT:    ],
// CHECK-NEXT:    "tile_types": [
// CHECK-NEXT:     {
// CHECK-NEXT:      "count": 4,
// CHECK-NEXT:      "energy_pJ": 250,
// CHECK-NEXT:      "h_cache_make": "dram",
// CHECK-NEXT:      "h_cache_use": "",
// CHECK-NEXT:      "latency_defines_cycles": 112.5,
// CHECK-NEXT:      "layers": [
// CHECK-NEXT:       {
// CHECK-NEXT:        "copy_energy_pJ": 1,
// CHECK-NEXT:        "copy_latency_cycles": 0.5,
// CHECK-NEXT:        "name": "input:x",
// CHECK-NEXT:        "tile": [
// CHECK:             "top": {
// CHECK-NEXT:         "I1": "dram"
// CHECK-NEXT:        }
// CHECK-NEXT:       },
// CHECK-NEXT:       {
// CHECK-NEXT:        "copy_energy_pJ": 0,
// CHECK-NEXT:        "copy_latency_cycles": 0,
// CHECK-NEXT:        "energy_pJ": 100,
// CHECK-NEXT:        "latency_cycles": 60,
// CHECK-NEXT:        "latency_defines_cycles": 55,
// CHECK-NEXT:        "mac_energy_pJ": 50,
// CHECK-NEXT:        "name": "a",
// CHECK:             "top": {
// CHECK-NEXT:         "I1": "dram",
// CHECK-NEXT:         "I2": "dram",
// CHECK-NEXT:         "O": "rf_O"
// CHECK-NEXT:        }
// CHECK-NEXT:       }
// CHECK-NEXT:      ],
// CHECK-NEXT:      "tile": [
// CHECK:           "v_cache_make": "",
// CHECK-NEXT:      "v_cache_use": "",
// CHECK-NEXT:      "weights_from_top": true
// CHECK-NEXT:     }
// CHECK-NEXT:    ],
// CHECK-NEXT:    "weight_memory": "dram"
// CHECK-NEXT:   }
// CHECK-NEXT:  ],
// CHECK-NEXT:  "stacks_from": "auto",
// CHECK-NEXT:  "tile": [
// CHECK-NEXT:   4,
// CHECK-NEXT:   4
// CHECK-NEXT:  ]
// CHECK-NEXT: },
// CHECK-NEXT: "total": {
// CHECK-NEXT:  "energy_pJ": 1000,
// CHECK-NEXT:  "mac_energy_pJ": 200,
// CHECK-NEXT:  "latency_cycles": 500,
// CHECK-NEXT:  "latency_defines_cycles": 450,
// CHECK-NEXT:  "macs": 4096,
// CHECK-NEXT:  "layers": 1,
// CHECK-NEXT:  "search_seconds": 0.5,

// TABLE:      depth-first: 1 stacks, fully-cached, tile 4x4
// TABLE-NEXT: stack  layers                           mode                  tile       types        energy [pJ]    latency_df [cc]
// TABLE-NEXT: 0      a                                fully-cached          4x4            1            1000.00              450.0
// TABLE-NEXT: depth-first total                        1000.00              450.0
// TABLE-NEXT: layer-by-layer total                     2000.00              550.0
module attributes {zigzag.depth_first_result = #zigzag.depth_first_result<
    function = "net", stacks_from = "auto", mode = "fully-cached", tile = [4, 4],
    energy_pJ = 1000.0, latency_cycles = 500.0, latency_defines_cycles = 450.0,
    mac_energy_pJ = 200.0, copy_energy_pJ = 10.0, copy_latency_cycles = 2.0,
    layers = 1, macs = 4096, schedules = 27, searches = 12, seconds = 0.5,
    layer_by_layer = #zigzag.layer_by_layer<energy_pJ = 2000.0, latency_cycles = 600.0, latency_defines_cycles = 550.0>,
    stacks = [#zigzag.df_stack<layers = ["a"], mode = "fully-cached", tile = [4, 4], output = [8, 8],
        weight_memory = "dram", energy_pJ = 1000.0, mac_energy_pJ = 200.0, copy_energy_pJ = 10.0,
        latency_defines_cycles = 450.0, copy_latency_cycles = 2.0,
        tile_types = [#zigzag.df_tile_type<tile = [4, 4], count = 4, weights_from_top = true,
            h_cache_make = "dram", energy_pJ = 250.0, latency_defines_cycles = 112.5,
            layers = [#zigzag.df_layer_tile<name = "input:x", tile = [6, 6], copy_energy_pJ = 1.0, copy_latency_cycles = 0.5, top_I1 = "dram">,
                      #zigzag.df_layer_tile<name = "a", tile = [4, 4], copy_energy_pJ = 0.0, copy_latency_cycles = 0.0,
                          top_I1 = "dram", top_I2 = "dram", top_O = "rf_O", energy_pJ = 100.0, mac_energy_pJ = 50.0,
                          latency_cycles = 60.0, latency_defines_cycles = 55.0>]>]>]>} {
}

// -----

// An infeasible layer-by-layer reference: the table says why.
// TABLE:      depth-first: 1 stacks, mode and tile per stack
// TABLE:      0      fc                               fully-recompute       1x1            0               1.00                1.0
// TABLE-NEXT: depth-first total                           1.00                1.0
// TABLE-NEXT: layer-by-layer: infeasible (layer 'fc': W fits no memory)
// CHECK:       "layer_by_layer": {
// CHECK-NEXT:   "infeasible": "layer 'fc': W fits no memory"
// CHECK-NEXT:  },
module attributes {zigzag.depth_first_result = #zigzag.depth_first_result<
    function = "net", stacks_from = "layer-by-layer",
    energy_pJ = 1.0, latency_cycles = 1.0, latency_defines_cycles = 1.0,
    mac_energy_pJ = 1.0, copy_energy_pJ = 0.0, copy_latency_cycles = 0.0,
    layers = 1, macs = 1, schedules = 1, searches = 1, seconds = 0.0,
    layer_by_layer = #zigzag.layer_by_layer<infeasible = "layer 'fc': W fits no memory">,
    stacks = [#zigzag.df_stack<layers = ["fc"], mode = "fully-recompute", tile = [1, 1], output = [1, 1],
        energy_pJ = 1.0, mac_energy_pJ = 1.0, copy_energy_pJ = 0.0, latency_defines_cycles = 1.0,
        copy_latency_cycles = 0.0, tile_types = []>]>} {
}
