// Every hardware attribute prints in its documented form (docs/Hardware.md)
// and print | parse | print is stable.
// RUN: zigzag-opt %s -split-input-file | FileCheck %s
// RUN: zigzag-opt %s -split-input-file > %t.1.mlir
// RUN: zigzag-opt %t.1.mlir -split-input-file > %t.2.mlir
// RUN: diff %t.1.mlir %t.2.mlir

// Reals are MLIR float literals (with a dot) and print in their shortest
// exact form, always with a dot.
// CHECK-LABEL: func.func @operational_array
// CHECK-SAME: test.array = #zigzag.operational_array<dims = [D1 = 32, D2 = 16, D3 = 2], unit_energy = 0.04, unit_area = 1.0>
// CHECK-SAME: test.exponents = #zigzag.operational_array<dims = [D1 = 1], unit_energy = 1.0e-05, unit_area = 2.5e+10>
// CHECK-SAME: test.long = #zigzag.operational_array<dims = [D1 = 1], unit_energy = 0.30000000000000004, unit_area = 700.0>
// CHECK-SAME: test.odd_names = #zigzag.operational_array<dims = ["row dim" = 8, col = 4], unit_energy = 0.3, unit_area = 0.0>
func.func @operational_array() attributes {
    test.array = #zigzag.operational_array<dims = [D1 = 32, D2 = 16, D3 = 2], unit_energy = 0.04, unit_area = 1.0>,
    test.exponents = #zigzag.operational_array<dims = [D1 = 1], unit_energy = 1.0e-05, unit_area = 2.5e+10>,
    test.long = #zigzag.operational_array<dims = [D1 = 1], unit_energy = 0.30000000000000004, unit_area = 700.0>,
    test.odd_names = #zigzag.operational_array<dims = ["row dim" = 8, "col" = 4], unit_energy = 0.3, unit_area = 0.0>} {
  return
}

// -----

// An unused port (no allocations) is legal.
// CHECK-LABEL: func.func @ports
// CHECK-SAME: test.read = #zigzag.port<"r_port_1", read, bandwidth_min = 64, bandwidth_max = 2048, allocations = [I1 tl, O tl, O th]>
// CHECK-SAME: test.rw = #zigzag.port<"rw_port_1", read_write, bandwidth_min = 64, bandwidth_max = 64, allocations = [I1 fh, I1 tl, I2 fh, I2 tl, O fh, O tl, O fl, O th]>
// CHECK-SAME: test.unused = #zigzag.port<"spare", write, bandwidth_min = 1, bandwidth_max = 1, allocations = []>
func.func @ports() attributes {
    test.read = #zigzag.port<"r_port_1", read, bandwidth_min = 64, bandwidth_max = 2048, allocations = [I1 tl, O tl, O th]>,
    test.rw = #zigzag.port<"rw_port_1", read_write, bandwidth_min = 64, bandwidth_max = 64, allocations = [I1 fh, I1 tl, I2 fh, I2 tl, O fh, O tl, O fl, O th]>,
    test.unused = #zigzag.port<"spare", write, bandwidth_min = 1, bandwidth_max = 1, allocations = []>} {
  return
}

// -----

// Optional trailing fields print only when they differ from their defaults;
// ports inside a memory print in the short form; the long form parses too.
// CHECK-LABEL: func.func @memories
// CHECK-SAME: test.defaults = #zigzag.memory<"rf_2B", size = 16, r_cost = 0.021, w_cost = 0.021, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [<"rw", read_write, bandwidth_min = 16, bandwidth_max = 16, allocations = [O tl, O th, O fh, O fl]>]>
// CHECK-SAME: test.everything = #zigzag.memory<"l1", size = 943718, r_cost = 118.0, w_cost = 141.6, area = 2.5, latency = 3, operands = [I1, I2, O], served_dims = [D1, D2, D3], ports = [<"rw_port_1", read_write, bandwidth_min = 64, bandwidth_max = 512, allocations = [I1 tl]>, <"rw_port_4", read_write, bandwidth_min = 64, bandwidth_max = 512, allocations = [I1 fh, I2 fh, O fh, O th]>], force_double_buffering = true, mem_type = "dram", auto_cost_extraction = true>
func.func @memories() attributes {
    test.defaults = #zigzag.memory<"rf_2B", size = 16, r_cost = 0.021, w_cost = 0.021, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [#zigzag.port<"rw", read_write, bandwidth_min = 16, bandwidth_max = 16, allocations = [O tl, O th, O fh, O fl]>], force_double_buffering = false, mem_type = "sram">,
    test.everything = #zigzag.memory<"l1", size = 943718, r_cost = 118.0, w_cost = 141.6, area = 2.5, latency = 3, operands = [I1, I2, O], served_dims = [D1, D2, D3], ports = [<"rw_port_1", read_write, bandwidth_min = 64, bandwidth_max = 512, allocations = [I1 tl]>, <"rw_port_4", read_write, bandwidth_min = 64, bandwidth_max = 512, allocations = [I1 fh, I2 fh, O fh, O th]>], auto_cost_extraction = true, mem_type = "dram", force_double_buffering = true>} {
  return
}

// -----

// The accelerator on a module (the documented example); nested attributes
// print stripped (`<...>` without `#zigzag.memory`).
// CHECK-LABEL: module attributes
// CHECK-SAME: zigzag.accelerator = #zigzag.accelerator<"tiny", array = <dims = [D1 = 4], unit_energy = 1.0, unit_area = 1.0>,
// CHECK-SAME: memories = [<"rf", size = 64, r_cost = 0.1, w_cost = 0.1, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [<"rw", read_write, bandwidth_min = 16, bandwidth_max = 16, allocations = [O tl, O fl, O fh, O th]>]>,
// CHECK-SAME: <"dram", size = 1000000, r_cost = 100.0, w_cost = 100.0, area = 0.0, latency = 1, operands = [I1, I2, O], served_dims = [D1], ports = [<"rw", read_write, bandwidth_min = 64, bandwidth_max = 64, allocations = [I1 tl, I2 tl, O fh, O tl, O fl, O th]>]>]>}
module attributes {zigzag.accelerator = #zigzag.accelerator<"tiny",
    array = #zigzag.operational_array<dims = [D1 = 4], unit_energy = 1.0, unit_area = 1.0>,
    memories = [
      #zigzag.memory<"rf", size = 64, r_cost = 0.1, w_cost = 0.1, area = 0.0, latency = 1,
       operands = [O], served_dims = [],
       ports = [<"rw", read_write, bandwidth_min = 16, bandwidth_max = 16, allocations = [O tl, O fl, O fh, O th]>]>,
      <"dram", size = 1000000, r_cost = 100.0, w_cost = 100.0, area = 0.0, latency = 1,
       operands = [I1, I2, O], served_dims = [D1],
       ports = [<"rw", read_write, bandwidth_min = 64, bandwidth_max = 64,
                 allocations = [I1 tl, I2 tl, O fh, O tl, O fl, O th]>]>]>} {
}

// -----

// Other zigzag.* names are left to their own verifiers.
// CHECK-LABEL: module attributes
// CHECK-SAME: zigzag.layer_name = "conv1"
module attributes {zigzag.layer_name = "conv1"} {
}
