// Identical layers (same workload, mapping entry and accelerator) are
// searched once per pass run: the second matmul reuses the first one's
// mapping and search record and spends no search time of its own; the third,
// with another shape, is searched. For both engines, and the result is the
// one a search of the layer alone gives.
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" -split-input-file --zigzag-search-mapping="engine=exhaustive" | FileCheck %s --check-prefixes=CHECK,EXH
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" -split-input-file --zigzag-search-mapping="engine=loma" | FileCheck %s --check-prefixes=CHECK,LOMA

// CHECK-LABEL: func.func @layers
// CHECK:       linalg.matmul
// CHECK-SAME:  zigzag.mapping = [[MAP:#zigzag.mapping<[^>]*>]]
// EXH-SAME:    zigzag.search = #zigzag.search<engine = "exhaustive", evaluated = [[EVAL:[0-9]+]], seconds = {{[0-9.e+-]+}}, optimal = true, gap = 0.000000e+00, nodes = [[NODES:[0-9]+]],
// LOMA-SAME:   zigzag.search = #zigzag.search<engine = "loma", evaluated = [[EVAL:[0-9]+]], seconds =
// CHECK:       linalg.matmul
// CHECK-SAME:  zigzag.mapping = [[MAP]]
// EXH-SAME:    zigzag.search = #zigzag.search<engine = "exhaustive", evaluated = [[EVAL]], seconds = 0.000000e+00, optimal = true, gap = 0.000000e+00, nodes = [[NODES]],
// LOMA-SAME:   zigzag.search = #zigzag.search<engine = "loma", evaluated = [[EVAL]], seconds = 0.000000e+00>
// CHECK:       linalg.matmul
// CHECK-NOT:   seconds = 0.000000e+00
// EXH-SAME:    zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d0 4], D2 = [d1 4]}, temporal = [d2 2, d2 16, d1 8, d0 16]
func.func @layers(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>, %w2: tensor<32x32xi8>, %o2: tensor<64x32xi32>) -> (tensor<64x16xi32>, tensor<64x16xi32>, tensor<64x32xi32>) {
  %0 = linalg.matmul ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  %1 = linalg.matmul ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  %2 = linalg.matmul ins(%i, %w2 : tensor<64x32xi8>, tensor<32x32xi8>) outs(%o2 : tensor<64x32xi32>) -> tensor<64x32xi32>
  return %0, %1, %2 : tensor<64x16xi32>, tensor<64x16xi32>, tensor<64x32xi32>
}

// -----

// A layer alone gets the mapping the memo gives the copies above.
// (checked by the first RUN line, split from the module above)
// EXH-LABEL: func.func @alone
// EXH: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d0 4], D2 = [d1 4]}, temporal = [d2 2, d2 16, d0 16, d1 4]
func.func @alone(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %1 = linalg.matmul ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %1 : tensor<64x16xi32>
}
