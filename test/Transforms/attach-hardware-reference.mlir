// ZigZag's tpu_like.yaml attaches; its duplicated `ports:` key is a warning at
// the YAML location (the last value wins).
// REQUIRES: zigzag-reference
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/tpu_like.yaml" 2>&1 | FileCheck %s

// CHECK: tpu_like.yaml:67:5: warning: duplicate key 'ports' in memory 'sram_2MB': as in YAML, the last value (line 74) wins and this one is ignored
// CHECK: module attributes {zigzag.accelerator = #zigzag.accelerator<"tpu_like", array = <dims = [D1 = 32, D2 = 32], unit_energy = 0.04, unit_area = 1.0>,
// CHECK-SAME: <"sram_2MB", size = 16777216, r_cost = 416.16, w_cost = 378.4, area = 0.0, latency = 1, operands = [I1, O], served_dims = [D1, D2], ports = [<"r_port_1", read, bandwidth_min = 64, bandwidth_max = 2048, allocations = [I1 tl, O tl, O th]>, <"w_port_1", write, bandwidth_min = 64, bandwidth_max = 2048, allocations = [I1 fh, O fh, O fl]>]>
module {
}
