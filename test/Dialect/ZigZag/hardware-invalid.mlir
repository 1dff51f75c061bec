// Each verifier message of the hardware attributes (zigzag::verifyHardware
// and its parts) and the syntax errors of their keywords.
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{the operational array has no dimensions; declare at least one (e.g. dimensions: [D1] with sizes: [16])}}
func.func @no_dims() attributes {test.a = #zigzag.operational_array<dims = [], unit_energy = 1.0, unit_area = 1.0>} { return }

// -----

// expected-error @+1 {{array dimension 'D1' is declared twice; dimension names must be unique}}
func.func @duplicate_dim() attributes {test.a = #zigzag.operational_array<dims = [D1 = 4, D1 = 4], unit_energy = 1.0, unit_area = 1.0>} { return }

// -----

// expected-error @+1 {{array dimension 'D2' has size 0; sizes must be positive}}
func.func @zero_dim() attributes {test.a = #zigzag.operational_array<dims = [D1 = 4, D2 = 0], unit_energy = 1.0, unit_area = 1.0>} { return }

// -----

// expected-error @+1 {{unit_energy must be a finite non-negative number, got -1}}
func.func @negative_energy() attributes {test.a = #zigzag.operational_array<dims = [D1 = 4], unit_energy = -1.0, unit_area = 1.0>} { return }

// -----

// expected-error @+1 {{port 'p': bandwidth_min must be positive (bits/cycle), got 0}}
func.func @zero_bandwidth() attributes {test.p = #zigzag.port<"p", read, bandwidth_min = 0, bandwidth_max = 8, allocations = [I1 tl]>} { return }

// -----

// A zero maximum is also below the minimum: both are reported.
// expected-error @+2 {{port 'p': bandwidth_max must be positive (bits/cycle), got 0}}
// expected-error @+1 {{port 'p': bandwidth_min (8) is larger than bandwidth_max (0)}}
func.func @zero_max_bandwidth() attributes {test.p = #zigzag.port<"p", read, bandwidth_min = 8, bandwidth_max = 0, allocations = [I1 tl]>} { return }

// -----

// expected-error @+1 {{port 'p': bandwidth_min (64) is larger than bandwidth_max (8); bandwidth_min is the access granularity and cannot exceed the port width}}
func.func @min_above_max() attributes {test.p = #zigzag.port<"p", read, bandwidth_min = 64, bandwidth_max = 8, allocations = [I1 tl]>} { return }

// -----

// expected-error @+1 {{port 'p': a read port cannot carry 'I1, fh' (data written into the memory); make the port 'write' or 'read_write', or move the allocation to a write port}}
func.func @read_port_writes() attributes {test.p = #zigzag.port<"p", read, bandwidth_min = 8, bandwidth_max = 8, allocations = [I1 tl, I1 fh]>} { return }

// -----

// expected-error @+1 {{port 'p': a write port cannot carry 'O, th' (data read out of the memory); make the port 'read' or 'read_write', or move the allocation to a read port}}
func.func @write_port_reads() attributes {test.p = #zigzag.port<"p", write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O fl, O th]>} { return }

// -----

// expected-error @+1 {{port 'p': allocation 'O, fl' is listed twice; remove the duplicate}}
func.func @duplicate_allocation() attributes {test.p = #zigzag.port<"p", write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O fl, O fl]>} { return }

// -----

// expected-error @+1 {{memory 'm': size must be positive (bits), got 0}}
func.func @zero_size() attributes {test.m = #zigzag.memory<"m", size = 0, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [<"p", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O tl]>]>} { return }

// -----

// expected-error @+1 {{memory 'm': w_cost must be a finite non-negative number, got -2}}
func.func @negative_cost() attributes {test.m = #zigzag.memory<"m", size = 8, r_cost = 1.0, w_cost = -2.0, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [<"p", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O tl]>]>} { return }

// -----

// expected-error @+1 {{memory 'm': latency must be non-negative (cycles), got -1}}
func.func @negative_latency() attributes {test.m = #zigzag.memory<"m", size = 8, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = -1, operands = [O], served_dims = [], ports = [<"p", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O tl]>]>} { return }

// -----

// expected-error @+1 {{memory 'm': lists operand 'O' twice; remove the duplicate}}
func.func @duplicate_operand() attributes {test.m = #zigzag.memory<"m", size = 8, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [O, O], served_dims = [], ports = [<"p", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O tl]>]>} { return }

// -----

// expected-error @+1 {{memory 'm': mem_type must be 'sram' or 'dram', got 'flash'}}
func.func @bad_mem_type() attributes {test.m = #zigzag.memory<"m", size = 8, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [<"p", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O tl]>], mem_type = "flash">} { return }

// -----

// expected-error @+1 {{memory 'm', port 'p': another port of this memory has the same name; port names must be unique within a memory}}
func.func @duplicate_port() attributes {test.m = #zigzag.memory<"m", size = 8, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [<"p", read, bandwidth_min = 8, bandwidth_max = 8, allocations = [O tl]>, <"p", write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O fh]>]>} { return }

// -----

// expected-error @+1 {{memory 'm', port 'p': allocates operand 'I2', which the memory does not serve; add 'I2' to the memory's operands or remove the allocation}}
func.func @unserved_operand() attributes {test.m = #zigzag.memory<"m", size = 8, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [<"p", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O tl, I2 tl]>]>} { return }

// -----

// expected-error @+1 {{memory 'dram' serves unknown dimension 'D3'; the operational array has D1, D2}}
module attributes {zigzag.accelerator = #zigzag.accelerator<"a", array = <dims = [D1 = 4, D2 = 4], unit_energy = 1.0, unit_area = 1.0>, memories = [<"dram", size = 64, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [I1, I2, O], served_dims = [D1, D3], ports = [<"rw", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [I1 tl, I2 tl, O fl, O tl]>]>]>} {
}

// -----

// expected-error @+1 {{memory 'dram': lists served dimension 'D1' twice; remove the duplicate}}
module attributes {zigzag.accelerator = #zigzag.accelerator<"a", array = <dims = [D1 = 4, D2 = 4], unit_energy = 1.0, unit_area = 1.0>, memories = [<"dram", size = 64, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [I1, I2, O], served_dims = [D1, D1], ports = [<"rw", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [I1 tl, I2 tl, O fl, O tl]>]>]>} {
}

// -----

// expected-error @+1 {{memory 'dram': another memory (#1 in declaration order) has the same name; memory names must be unique}}
module attributes {zigzag.accelerator = #zigzag.accelerator<"a", array = <dims = [D1 = 4], unit_energy = 1.0, unit_area = 1.0>, memories = [<"dram", size = 64, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [<"rw", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O tl]>]>, <"dram", size = 64, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [I1, I2, O], served_dims = [D1], ports = [<"rw", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [I1 tl, I2 tl, O fl, O tl]>]>]>} {
}

// -----

// expected-error @+1 {{operand 'I2' is not held by any memory; add it to the operands of at least one memory (usually the outermost one, e.g. DRAM)}}
module attributes {zigzag.accelerator = #zigzag.accelerator<"a", array = <dims = [D1 = 4], unit_energy = 1.0, unit_area = 1.0>, memories = [<"dram", size = 64, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [I1, O], served_dims = [D1], ports = [<"rw", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [I1 tl, O fl, O tl]>]>]>} {
}

// -----

// expected-error @+1 {{'zigzag.accelerator' must be a #zigzag.accelerator attribute (e.g. from zigzag-translate --import-zigzag-hardware), got "tpu_like"}}
module attributes {zigzag.accelerator = "tpu_like"} {
}

// -----

// expected-error @+1 {{unknown operand 'I3'; expected one of I1, I2, O}}
func.func @bad_operand() attributes {test.p = #zigzag.port<"p", read, bandwidth_min = 8, bandwidth_max = 8, allocations = [I3 tl]>} { return }

// -----

// expected-error @+1 {{unknown direction 'xx'; expected one of fh, tl, fl, th}}
func.func @bad_direction() attributes {test.p = #zigzag.port<"p", read, bandwidth_min = 8, bandwidth_max = 8, allocations = [I1 xx]>} { return }

// -----

// expected-error @+2 {{unknown port type 'rw'; expected one of read, write, read_write}}
// expected-error @+1 {{failed to parse ZigZag_PortAttr parameter 'port_type'}}
func.func @bad_port_type() attributes {test.p = #zigzag.port<"p", rw, bandwidth_min = 8, bandwidth_max = 8, allocations = []>} { return }

// -----

// expected-error @+1 {{expected 'true' or 'false', got 'yes'}}
func.func @bad_flag() attributes {test.m = #zigzag.memory<"m", size = 8, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [<"p", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O tl]>], force_double_buffering = yes>} { return }

// -----

// expected-error @+1 {{unknown memory field 'double_buffering'; expected force_double_buffering, mem_type or auto_cost_extraction}}
func.func @unknown_field() attributes {test.m = #zigzag.memory<"m", size = 8, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [O], served_dims = [], ports = [<"p", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [O tl]>], double_buffering = true>} { return }
