// The worked example of cost-model.md §4.11: gemm_layer on gemm_l1_l3 (HEAD
// yaml): everything is tiled in l1, l3 holds no loop.
// REQUIRES: zigzag-reference
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/gemm_l1_l3.yaml" --zigzag-estimate-cost="zigzag-compat=true" | FileCheck %s

// CHECK-LABEL: func.func @gemm_l1_l3
// CHECK: zigzag.cost = #zigzag.cost<energy = 19860090.8{{[78][0-9]*}}, mac_energy = 83886.0{{[78][0-9]*}}, latency = 8.194000e+03, ideal = 4.096000e+03, ideal_temporal = 4.096000e+03, stall = 4.094000e+03, onload = 2.000000e+00, offload = 2.000000e+00, spatial_utilization = 1.000000e+00>
func.func @gemm_l1_l3(%i: tensor<128x128xi8>, %w: tensor<128x128xi8>,
                      %o: tensor<128x128xi32>) -> tensor<128x128xi32> {
  %0 = linalg.matmul {
      zigzag.layer_name = "gemm",
      zigzag.loop_names = ["D0", "D1", "D2"],
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 32, o_final = 8>,
      zigzag.mapping = #zigzag.mapping<
          spatial = {D1 = [D0 8], D2 = [D2 8], D3 = [D1 8]},
          temporal = [D1 4, D2 4, D0 4, D2 4, D1 4, D0 4],
          levels = {I1 = [l1 6, l3 6], I2 = [l1 6, l3 6],
                    O = [reg_O 0, l1 6, l3 6]}>}
      ins(%i, %w : tensor<128x128xi8>, tensor<128x128xi8>)
      outs(%o : tensor<128x128xi32>) -> tensor<128x128xi32>
  return %0 : tensor<128x128xi32>
}
