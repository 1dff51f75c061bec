// The worked example of cost-model.md §4.13: one 3x3 conv (K64 C64 OY/OX 56,
// stride 1, no padding: 58x58 input) on tpu_like with ZigZag's mapping: pr
// loops, psum precision, the shared SRAM, negative on-loading (reproduced in
// zigzag-compat mode).
// REQUIRES: zigzag-reference
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/tpu_like.yaml" --zigzag-estimate-cost="zigzag-compat=true" | FileCheck %s
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/tpu_like.yaml" --zigzag-report="zigzag-compat=true file=-" -o /dev/null 2>%t.table | FileCheck %s --check-prefix=JSON
// RUN: FileCheck %s --check-prefix=TABLE < %t.table

// CHECK-LABEL: func.func @conv
// CHECK: zigzag.cost = #zigzag.cost<energy = 68294568.73{{[0-9]*}}, mac_energy = 4624220.1{{[0-9]*}}, latency = 1.137390e+05, ideal = 1.128960e+05, ideal_temporal = 1.128960e+05, stall = 0.000000e+00, onload = 8.410000e+02, offload = 2.000000e+00, spatial_utilization = 1.000000e+00>

// JSON:      "accelerator": "tpu_like",
// JSON:      "name": "conv3x3",
// JSON-NEXT: "op": "linalg.conv_2d_nchw_fchw",
// JSON-NEXT: "loops": {
// JSON-NEXT:   "B": 1,
// JSON-NEXT:   "K": 64,
// JSON-NEXT:   "OY": 56,
// JSON-NEXT:   "OX": 56,
// JSON-NEXT:   "C": 64,
// JSON-NEXT:   "FY": 3,
// JSON-NEXT:   "FX": 3
// JSON-NEXT: },
// JSON-NEXT: "macs": 115605504,
// JSON-NEXT: "energy_pJ": 68294568.73
// JSON:      "latency_cycles": 113739,
// JSON:      "spatial": {
// JSON-NEXT:   "D1": [
// JSON-NEXT:     [
// JSON-NEXT:       "K",
// JSON-NEXT:       32
// JSON:      "energy_breakdown": {
// JSON-NEXT:   "rf_128B": {
// JSON-NEXT:     "I2": 10986024.96
// JSON-NEXT:   },
// JSON-NEXT:   "rf_2B": {
// JSON-NEXT:     "O": 4990304.25
// JSON:        "sram_2MB": {
// JSON-NEXT:     "I1": 6191084.32
// JSON-NEXT:     "O": 622935.04
// JSON:        "dram": {
// JSON-NEXT:     "I1": 18838400,
// JSON-NEXT:     "I2": 3225600,
// JSON-NEXT:     "O": 18816000
// JSON:      "accesses": {
// JSON:        "rf_2B": {
// JSON-NEXT:     "O": {
// JSON-NEXT:       "fh": 0,
// JSON-NEXT:       "tl": 115605504,
// JSON-NEXT:       "fl": 115605504,
// JSON-NEXT:       "th": 6422528
// JSON:      "total": {
// JSON-NEXT:   "energy_pJ": 68294568.73
// JSON:        "latency_cycles": 113739,
// JSON-NEXT:   "macs": 115605504,
// JSON-NEXT:   "layers": 1,

// TABLE: layer MACs energy [pJ] latency [cc] util  spatial
// TABLE-NEXT: conv3x3 115605504 68294568.74 113739.0 100.0%  D1:K×32 D2:C×32
// TABLE-NEXT: total 115605504 68294568.74 113739.0
func.func @conv(%i: tensor<1x64x58x58xi8>, %w: tensor<64x64x3x3xi8>,
                %o: tensor<1x64x56x56xi32>) -> tensor<1x64x56x56xi32> {
  %0 = linalg.conv_2d_nchw_fchw {
      zigzag.layer_name = "conv3x3",
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.operand_order = ["O", "I2", "I1"],
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>,
      zigzag.mapping = #zigzag.mapping<
          spatial = {D1 = [K 32], D2 = [C 32]},
          temporal = [C 2, FY 3, FX 3, OY 56, OX 56, K 2],
          levels = {I1 = [sram_2MB 6, dram 6], I2 = [rf_128B 6, dram 6],
                    O = [rf_2B 3, sram_2MB 6, dram 6]}>}
      ins(%i, %w : tensor<1x64x58x58xi8>, tensor<64x64x3x3xi8>)
      outs(%o : tensor<1x64x56x56xi32>) -> tensor<1x64x56x56xi32>
  return %0 : tensor<1x64x56x56xi32>
}
