// --zigzag-attach-hardware sets zigzag.accelerator from a ZigZag YAML or a
// .mlir file, replacing any previous one, and leaves the module body alone.
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/../Import/hardware/Inputs/tiny.yaml" | FileCheck %s --check-prefix=YAML
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/accelerator.mlir" | FileCheck %s --check-prefix=MLIR
// The attached module round-trips:
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/accelerator.mlir" | zigzag-opt | FileCheck %s --check-prefix=MLIR

// Errors: diagnostic and failure.
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/missing.yaml" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not zigzag-opt %s --zigzag-attach-hardware 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/../Import/hardware/Inputs/bad-min-above-max.yaml" 2>&1 | FileCheck %s --check-prefix=BADYAML
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/../Import/hardware/Inputs/bad-syntax.yaml" 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/no-accelerator.mlir" 2>&1 | FileCheck %s --check-prefix=NOATTR

// YAML: module attributes {zigzag.accelerator = #zigzag.accelerator<"tiny", array = <dims = [D1 = 4, D2 = 2], unit_energy = 0.5, unit_area = 1.0>,
// YAML-SAME: memories = [<"rf_O", size = 32,
// YAML-SAME: <"dram", size = 1000000,
// YAML-SAME: zigzag.layer_name = "kept"}
// YAML: func.func @body

// MLIR: module attributes {zigzag.accelerator = #zigzag.accelerator<"from_mlir", array = <dims = [D1 = 16], unit_energy = 0.25, unit_area = 1.0>,
// MLIR-SAME: memories = [<"rf", size = 64, r_cost = 0.1, w_cost = 0.1, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [<"rw", read_write, bandwidth_min = 16, bandwidth_max = 16, allocations = [O tl, O fl, O fh, O th]>]>,
// MLIR-SAME: <"dram", size = 1000000, r_cost = 100.0, w_cost = 100.0, area = 0.0, latency = 1, operands = [I1, I2, O], served_dims = [D1], ports = [<"rw", read_write, bandwidth_min = 64, bandwidth_max = 64, allocations = [I1 tl, I2 tl, O fh, O tl, O fl, O th]>]>]>
// MLIR: func.func @body

// MISSING: attach-hardware.mlir:[[# @LINE + 6]]:1: error: cannot open hardware file '{{.*}}missing.yaml': No such file or directory
// NOFILE: attach-hardware.mlir:[[# @LINE + 5]]:1: error: no hardware file given; use --zigzag-attach-hardware="file=<path>" with a ZigZag hardware YAML or a .mlir file
// BADYAML: bad-min-above-max.yaml:40:24: error: memory 'dram', port 'r_port_1': bandwidth_min (128) is larger than bandwidth_max (64); bandwidth_min is the access granularity and cannot exceed the port width
// SYNTAX: bad-syntax.yaml:39:13: error: Expected , between entries!
// NOATTR: no-accelerator.mlir:2:1: error: the top-level module of '{{.*}}no-accelerator.mlir' has no 'zigzag.accelerator' attribute; expected `module attributes {zigzag.accelerator = #zigzag.accelerator<...>} {...}`

module attributes {zigzag.accelerator = #zigzag.accelerator<"old", array = <dims = [D1 = 1], unit_energy = 1.0, unit_area = 1.0>, memories = [<"m", size = 8, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [I1, I2, O], served_dims = [], ports = [<"rw", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [I1 tl, I2 tl, O fl, O tl]>]>]>, zigzag.layer_name = "kept"} {
  func.func @body() {
    return
  }
}
