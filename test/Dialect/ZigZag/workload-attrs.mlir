// RUN: zigzag-opt %s | zigzag-opt | FileCheck %s

// The workload attributes of docs/Workloads.md verify and round-trip.
// CHECK-LABEL: func.func @attrs(
// CHECK-SAME: {zigzag.network_input}
// CHECK: linalg.matmul {zigzag.layer_id = 7 : i64, zigzag.layer_name = "fc", zigzag.loop_names = ["D", "K", "C"],
// CHECK-SAME: zigzag.operand_order = ["O", "I2", "I1"], zigzag.operands = ["I2", "I1", "O"], zigzag.operator_type = "Gemm",
// CHECK-SAME: zigzag.precision = #zigzag.precision<i1 = 8, i2 = 4, o = 32, o_final = 8>, zigzag.unit_term_dims = {{\[}}[1], [], []]}
// CHECK: linalg.add {zigzag.inputs_share_i1, zigzag.operand_sources = [-1, 3], zigzag.source_dims = [{C = "K", IX = "OX"}, {}]}
// CHECK: linalg.generic
// CHECK-SAME: zigzag.operands = ["I1", "-", "I2", "O"]
// CHECK: tensor.cast %{{.*}} {zigzag.adapter}
#id = affine_map<(d0) -> (d0)>
func.func @attrs(%a: tensor<4x8xi8> {zigzag.network_input}, %b: tensor<8x2xi8>, %c: tensor<4x2xi32>,
                 %x: tensor<16xf32>, %o: tensor<16xf32>) -> (tensor<4x2xi32>, tensor<16xf32>) {
  %r = linalg.matmul {zigzag.layer_name = "fc", zigzag.layer_id = 7, zigzag.operator_type = "Gemm",
                      zigzag.loop_names = ["D", "K", "C"], zigzag.operands = ["I2", "I1", "O"],
                      zigzag.operand_order = ["O", "I2", "I1"],
                      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 4, o = 32, o_final = 8>,
                      zigzag.unit_term_dims = [[1], [], []]}
    ins(%a, %b : tensor<4x8xi8>, tensor<8x2xi8>) outs(%c : tensor<4x2xi32>) -> tensor<4x2xi32>
  %sum = linalg.add {zigzag.operand_sources = [-1, 3], zigzag.source_dims = [{IX = "OX", C = "K"}, {}],
                     zigzag.inputs_share_i1}
    ins(%x, %x : tensor<16xf32>, tensor<16xf32>) outs(%o : tensor<16xf32>) -> tensor<16xf32>
  %s = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %x, %x : tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) outs(%o : tensor<16xf32>)
      attrs = {zigzag.operands = ["I1", "-", "I2", "O"]} {
  ^bb0(%p: f32, %q: f32, %u: f32, %v: f32):
    linalg.yield %p : f32
  } -> tensor<16xf32>
  %t = tensor.cast %s {zigzag.adapter} : tensor<16xf32> to tensor<16xf32>
  return %r, %t : tensor<4x2xi32>, tensor<16xf32>
}
