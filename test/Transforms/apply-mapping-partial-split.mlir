// RUN: zigzag-opt %s --split-input-file --zigzag-apply-mapping | FileCheck %s

// M = 7 unrolled over two array dims, 2 x 2 lanes: 2 temporal tiles of 4
// and 3 rows. In the last tile the lane at index 3 idles: each lane gets the
// row min(i, T - 1) with max(0, min(1, T - i)) rows (i = 2 * D1 + D2, T the
// tile's rows), so its slices are empty and in bounds.
// CHECK-DAG: #[[$TILE:.+]] = affine_map<()[s0] -> (s0 * -4 + 7, 4)>
// CHECK-DAG: #[[$ROW:.+]] = affine_map<()[s0, s1, s2] -> (s2 - 1, s0 + s1 * 2)>
// CHECK-DAG: #[[$ROWS:.+]] = affine_map<()[s0, s1, s2] -> (1, s0 - s1 - s2 * 2)>
// CHECK-DAG: #[[$NONNEG:.+]] = affine_map<()[s0] -> (0, s0)>
// CHECK-LABEL: func.func @split_loop_not_divisible
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             scf.for %[[T:.+]] = %{{.+}} to %[[TWO:.+]] step
// CHECK:           %[[SIZE:.+]] = affine.min #[[$TILE]]()[%[[T]]]
// CHECK:           scf.forall (%[[D1:.+]], %[[D2:.+]]) in (2, 2)
// CHECK:             %[[I:.+]] = affine.min #[[$ROW]]()[%[[D2]], %[[D1]], %[[SIZE]]]
// CHECK:             %[[N:.+]] = affine.min #[[$ROWS]]()[%[[SIZE]], %[[D2]], %[[D1]]]
// CHECK:             %[[E:.+]] = affine.max #[[$NONNEG]]()[%[[N]]]
// CHECK:             tensor.extract_slice %{{.+}}[%{{.+}}, %{{.+}}] [%[[E]], 1] [1, 1] : tensor<7x4xf32> to tensor<?x1xf32>
// CHECK:             linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<?x1xf32>, tensor<1x1xf32>) outs(%{{.+}} : tensor<?x1xf32>)
// CHECK:             tensor.parallel_insert_slice %{{.+}} into %{{.+}}[%{{.+}}, %{{.+}}] [%[[E]], 1] [1, 1]
// CHECK:           } {mapping = [#zigzag.array_dim<"D1", "d0">, #zigzag.array_dim<"D2", "d0">]
func.func @split_loop_not_divisible(%a: tensor<7x4xf32>, %b: tensor<4x4xf32>, %c: tensor<7x4xf32>) -> tensor<7x4xf32> {
  %r = linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d0 2], D2 = [d0 2]}, temporal = [d0 2, d1 4, d2 4], levels = {}>}
      ins(%a, %b : tensor<7x4xf32>, tensor<4x4xf32>) outs(%c : tensor<7x4xf32>) -> tensor<7x4xf32>
  return %r : tensor<7x4xf32>
}

// -----

// A divisible split needs no guard: 8 = 2 x 2 x 2 tiles of 4 rows.
// CHECK-LABEL: func.func @split_loop_divisible
// CHECK:         scf.forall (%{{.+}}, %{{.+}}) in (2, 2)
// CHECK-NOT:       affine.max
// CHECK:           tensor.extract_slice %{{.+}} [1, 1] [1, 1] : tensor<8x4xf32> to tensor<1x1xf32>
func.func @split_loop_divisible(%a: tensor<8x4xf32>, %b: tensor<4x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %r = linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d0 2], D2 = [d0 2]}, temporal = [d0 2, d1 4, d2 4], levels = {}>}
      ins(%a, %b : tensor<8x4xf32>, tensor<4x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}
