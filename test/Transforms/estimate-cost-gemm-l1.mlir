// The worked example of cost-model.md §4.10: ZigZag's gemm_layer on gemm_l1
// with the mapping ZigZag's search picks (lpf-limit 3).
// REQUIRES: zigzag-reference
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/gemm_l1.yaml" --zigzag-estimate-cost="zigzag-compat=true" | FileCheck %s

// CHECK-LABEL: func.func @gemm_l1
// CHECK: zigzag.cost = #zigzag.cost<energy = 511349.7{{[56][0-9]*}}, mac_energy = 83886.0{{[78][0-9]*}}, latency = 8.191000e+03, ideal = 4.096000e+03, ideal_temporal = 4.096000e+03, stall = 4.094000e+03, onload = 0.000000e+00, offload = 1.000000e+00, spatial_utilization = 1.000000e+00>
func.func @gemm_l1(%i: tensor<128x128xi8>, %w: tensor<128x128xi8>,
                   %o: tensor<128x128xi32>) -> tensor<128x128xi32> {
  %0 = linalg.matmul {
      zigzag.layer_name = "gemm",
      zigzag.loop_names = ["D0", "D1", "D2"],
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 32, o_final = 8>,
      zigzag.mapping = #zigzag.mapping<
          spatial = {D1 = [D0 8], D2 = [D2 8], D3 = [D1 8]},
          temporal = [D1 16, D2 16, D0 16],
          levels = {I1 = [l1 3], I2 = [l1 3], O = [reg_O 0, l1 3]}>}
      ins(%i, %w : tensor<128x128xi8>, tensor<128x128xi8>)
      outs(%o : tensor<128x128xi32>) -> tensor<128x128xi32>
  return %0 : tensor<128x128xi32>
}

