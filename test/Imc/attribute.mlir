// The IMC macro in the hardware attributes: it round-trips, and the IMC rules
// (zigzag::verifyImc) run in the accelerator's verifier.
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @analog
// CHECK-SAME: imc = <"analog", input_precision = [8, 8], bit_serial_precision = 2, adc_resolution = 8>
func.func @analog() attributes {test.a = #zigzag.operational_array<dims = [D1 = 128, D2 = 128], unit_energy = 0.0, unit_area = 0.0, imc = <"analog", input_precision = [8, 8], bit_serial_precision = 2, adc_resolution = 8>>} { return }

// A digital macro prints without its (zero) ADC resolution.
// CHECK-LABEL: func.func @digital
// CHECK-SAME: imc = <"digital", input_precision = [8, 8], bit_serial_precision = 1>>
func.func @digital() attributes {test.a = #zigzag.operational_array<dims = [D1 = 128, D2 = 128], unit_energy = 0.0, unit_area = 0.0, imc = <"digital", input_precision = [8, 8], bit_serial_precision = 1, adc_resolution = 0>>} { return }

// -----

// expected-error @+1 {{unknown in-memory-computing type 'optical'; expected "analog" or "digital"}}
func.func @bad_type() attributes {test.a = #zigzag.imc<"optical", input_precision = [8, 8], bit_serial_precision = 1>} { return }

// -----

// expected-error @+1 {{in-memory-computing array: no memory is named 'cells'; an in-memory-computing array stores its weights (I2) in a memory called 'cells' with served_dimensions: []}}
module attributes {zigzag.accelerator = #zigzag.accelerator<"no_cells",
  array = <dims = [D1 = 4, D2 = 4], unit_energy = 0.0, unit_area = 0.0, imc = <"analog", input_precision = [4, 4], bit_serial_precision = 2, adc_resolution = 4>>,
  memories = [<"dram", size = 1000000, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [I1, I2, O], served_dims = [D1, D2],
    ports = [<"rw", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [I1 tl, I2 tl, O fl, O th]>]>]>} {
}

// -----

// expected-error @+2 {{in-memory-computing array: a digital macro has no ADC; adc_resolution must be 0 (or absent), got 4}}
// expected-error @+1 {{in-memory-computing array: bit_serial_precision (8) exceeds the activation precision (4); at most all activation bits are applied per cycle}}
module attributes {zigzag.accelerator = #zigzag.accelerator<"bad_digital",
  array = <dims = [D1 = 4, D2 = 4], unit_energy = 0.0, unit_area = 0.0, imc = <"digital", input_precision = [4, 4], bit_serial_precision = 8, adc_resolution = 4>>,
  memories = [<"cells", size = 4, r_cost = 0.0, w_cost = 0.1, area = 0.0, latency = 0, operands = [I2], served_dims = [],
    ports = [<"rw", read_write, bandwidth_min = 4, bandwidth_max = 4, allocations = [I2 tl, I2 fh]>]>,
    <"dram", size = 1000000, r_cost = 1.0, w_cost = 1.0, area = 0.0, latency = 1, operands = [I1, I2, O], served_dims = [D1, D2],
    ports = [<"rw", read_write, bandwidth_min = 8, bandwidth_max = 8, allocations = [I1 tl, I2 tl, O fl, O th]>]>]>} {
}
