// RUN: zigzag-opt %s -split-input-file | zigzag-opt -split-input-file | FileCheck %s

// An uneven mapping with a mixed spatial unrolling on D2 and a memory name
// that is not a bare identifier.
// CHECK-LABEL: func.func @uneven
// CHECK-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 32], D2 = [C 16, FX 2]}, temporal = [C 2, FY 3, FX 3, OY 56, OX 56, K 2], levels = {I1 = [sram_2MB 6, dram 6], I2 = [rf_128B 6, dram 6], O = [rf_2B 3, sram_2MB 6, "off-chip dram" 6]}>
func.func @uneven() attributes {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 32], D2 = [C 16, FX 2]}, temporal = [C 2, FY 3, FX 3, OY 56, OX 56, K 2], levels = {I1 = [sram_2MB 6, dram 6], I2 = [rf_128B 6, dram 6], O = [rf_2B 3, sram_2MB 6, "off-chip dram" 6]}>} {
  return
}

// -----

// Nothing unrolled in time: every level holds no temporal loop.
// CHECK-LABEL: func.func @all_spatial
// An array dim without unrolling (D2) is the same as an absent one.
// CHECK-SAME: #zigzag.mapping<spatial = {D1 = [d0 8]}, temporal = [], levels = {O = [reg 0, l1 0]}>
func.func @all_spatial() attributes {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d0 8], D2 = []}, temporal = [], levels = {O = [reg 0, l1 0]}>} {
  return
}

// -----

// CHECK-LABEL: func.func @cost
// CHECK-SAME: zigzag.cost = #zigzag.cost<energy = 511349.76000000001, mac_energy = 83886.080000000002, latency = 8.191000e+03, ideal = 4.096000e+03, ideal_temporal = 4.096000e+03, stall = 4.094000e+03, onload = 0.000000e+00, offload = 1.000000e+00, spatial_utilization = 1.000000e+00>
func.func @cost() attributes {zigzag.cost = #zigzag.cost<energy = 511349.76, mac_energy = 83886.08, latency = 8191.0, ideal = 4096.0, ideal_temporal = 4096.0, stall = 4094.0, onload = 0.0, offload = 1.0, spatial_utilization = 1.0>} {
  return
}
