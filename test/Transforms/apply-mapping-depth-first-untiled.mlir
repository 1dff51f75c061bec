// RUN: zigzag-opt %s -split-input-file --zigzag-apply-mapping | FileCheck %s

// An op without X and Y (the sum of a softmax over a vector) is a stack of
// its own without 'loops' (as --zigzag-depth-first writes it): rewritten
// with its mapping like a single-layer op, without tile loops.

// CHECK-LABEL: func.func @reduction_with_mapping
// CHECK-NOT:   zigzag.df_tile
// CHECK:       scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}} = %{{.+}}) -> (tensor<1xf32>) {
// CHECK:         linalg.generic
// CHECK:       } {zigzag.level = {}, zigzag.loop = "d1"}
// CHECK-NOT:   zigzag.depth_first
// CHECK:       return
func.func @reduction_with_mapping(%x: tensor<1x8xf32>, %init: tensor<1xf32>) -> tensor<1xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<1x8xf32>) outs(%init : tensor<1xf32>)
      attrs = {zigzag.depth_first = #zigzag.depth_first<stack = 3, mode = "fully-recompute", tile = [1, 1],
                                     mapping = #zigzag.mapping<spatial = {}, temporal = [d1 8], levels = {}>>} {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  } -> tensor<1xf32>
  return %r : tensor<1xf32>
}

// -----

// Without a mapping the op stays as it is; only the annotation goes.

// CHECK-LABEL: func.func @reduction_without_mapping
// CHECK-NEXT:    %[[R:.+]] = linalg.generic
// CHECK-NOT:     zigzag.depth_first
// CHECK-SAME:    ins(%{{.+}} : tensor<1x8xf32>) outs(%{{.+}} : tensor<1xf32>) {
// CHECK:         return %[[R]]
func.func @reduction_without_mapping(%x: tensor<1x8xf32>, %init: tensor<1xf32>) -> tensor<1xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<1x8xf32>) outs(%init : tensor<1xf32>)
      attrs = {zigzag.depth_first = #zigzag.depth_first<stack = 3, mode = "fully-recompute", tile = [1, 1]>} {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  } -> tensor<1xf32>
  return %r : tensor<1xf32>
}
