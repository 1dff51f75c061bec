// RUN: zigzag-opt %s -split-input-file --zigzag-print-loop-relevance -verify-diagnostics -o /dev/null | FileCheck %s

// Ops that cannot be modelled get a remark and are skipped.

// CHECK: total: 0 layers, 0 MACs, 1 op not modelled
func.func @dynamic(%a: tensor<?x64xf32>, %b: tensor<64x32xf32>, %c: tensor<?x32xf32>) -> tensor<?x32xf32> {
  // expected-remark @+1 {{zigzag: op not modelled: loop 'd0' has a dynamic size; give it one to optimise for with --zigzag-search-mapping="assume-dims=d0=<size>"}}
  %r = linalg.matmul ins(%a, %b : tensor<?x64xf32>, tensor<64x32xf32>) outs(%c : tensor<?x32xf32>) -> tensor<?x32xf32>
  return %r : tensor<?x32xf32>
}

// -----

// CHECK: total: 0 layers, 0 MACs, 1 op not modelled
#div = affine_map<(d0) -> (d0 floordiv 2)>
#id = affine_map<(d0) -> (d0)>
func.func @floordiv(%x: tensor<4xf32>, %o: tensor<8xf32>) -> tensor<8xf32> {
  // expected-remark @+1 {{zigzag: op not modelled: indexing map of operand #0 is not affine-linear in the loops: d0 floordiv 2}}
  %r = linalg.generic {indexing_maps = [#div, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%o : tensor<8xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// Three tensor inputs: the defaults do not say which are I1 and I2.
// CHECK: total: 1 layers, 16 MACs, 1 op not modelled
#id = affine_map<(d0) -> (d0)>
func.func @three_inputs(%x: tensor<16xf32>, %y: tensor<16xf32>, %z: tensor<16xf32>, %o: tensor<16xf32>) -> (tensor<16xf32>, tensor<16xf32>) {
  // expected-remark @+1 {{zigzag: op not modelled: op has more than two non-scalar inputs; set 'zigzag.operands' to say which ones are I1 and I2}}
  %r = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %y, %z : tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) outs(%o : tensor<16xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32, %d: f32):
    %s = arith.addf %a, %b : f32
    %t = arith.addf %s, %c : f32
    linalg.yield %t : f32
  } -> tensor<16xf32>
  // With roles, the third input is ignored.
  %s = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %y, %z : tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) outs(%o : tensor<16xf32>)
      attrs = {zigzag.operands = ["I1", "-", "I2", "O"]} {
  ^bb0(%a: f32, %b: f32, %c: f32, %d: f32):
    %s = arith.addf %a, %b : f32
    %t = arith.addf %s, %c : f32
    linalg.yield %t : f32
  } -> tensor<16xf32>
  return %r, %s : tensor<16xf32>, tensor<16xf32>
}
