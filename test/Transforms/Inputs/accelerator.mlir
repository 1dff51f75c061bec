// An accelerator kept as MLIR (as zigzag-translate --import-zigzag-hardware
// writes it), read by --zigzag-attach-hardware.
module attributes {zigzag.accelerator = #zigzag.accelerator<"from_mlir",
    array = <dims = [D1 = 16], unit_energy = 0.25, unit_area = 1.0>,
    memories = [
      <"rf", size = 64, r_cost = 0.1, w_cost = 0.1, area = 0.0, latency = 1,
       operands = [O], served_dims = [],
       ports = [<"rw", read_write, bandwidth_min = 16, bandwidth_max = 16, allocations = [O tl, O fl, O fh, O th]>]>,
      <"dram", size = 1000000, r_cost = 100.0, w_cost = 100.0, area = 0.0, latency = 1,
       operands = [I1, I2, O], served_dims = [D1],
       ports = [<"rw", read_write, bandwidth_min = 64, bandwidth_max = 64,
                 allocations = [I1 tl, I2 tl, O fh, O tl, O fl, O th]>]>]>} {
}
