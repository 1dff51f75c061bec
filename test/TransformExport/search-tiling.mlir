// --zigzag-search-mapping writes zigzag.tiling, and --zigzag-emit-transform
// emits exactly its tile sizes, one tile op per level: a matmul and a
// strided conv on tensors, and the same matmul in memref form (as it
// arrives after bufferization), which the search, the cost estimate, the
// export, the stock interpreter and the rewrite all take.
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-search-mapping --zigzag-estimate-cost --zigzag-emit-transform="file=%t.lib.mlir" 2>/dev/null > %t.tagged.mlir
// RUN: FileCheck %s --check-prefix=TAGGED < %t.tagged.mlir
// RUN: FileCheck %s --check-prefix=LIB < %t.lib.mlir
// RUN: %python %S/Inputs/tiling_vs_library.py %t.tagged.mlir %t.lib.mlir | FileCheck %s --check-prefix=TILING
// RUN: zigzag-opt %t.tagged.mlir --zigzag-strip-memory-spaces=attributes=true > %t.stripped.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter --canonicalize > %t.tiled.mlir
// RUN: FileCheck %s --check-prefix=TILED < %t.tiled.mlir
// RUN: zigzag-opt %t.tagged.mlir --zigzag-apply-mapping=stage-buffers=false --canonicalize > %t.applied.mlir
// RUN: %python %S/Inputs/trip_counts.py %t.applied.mlir %t.tiled.mlir | FileCheck %s --check-prefix=TRIPS

// TILING: matmul#0: {{[0-9]+}} levels, spatial [{{.+}}]: equal
// TILING-NEXT: conv#0: {{[0-9]+}} levels, spatial [{{.+}}]: equal
// TILING-NEXT: matmul_memref#0: 5 levels, spatial [3, 4]: equal
// TRIPS: matmul#0: temporal
// TRIPS-NEXT: conv#0: temporal
// TRIPS-NEXT: matmul_memref#0: temporal [2, 2, 2] lanes 512 | library [2, 2, 2] then 512

// The memref matmul (M 16, N 8, K 32): M and K fill the array (K's lanes
// run one by one in the library), N in three loops of 2.
// TAGGED-LABEL: func.func @matmul_memref
// TAGGED: linalg.matmul {zigzag.cost = #zigzag.cost<{{.+}}>, zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d0 16], D2 = [d2 32]}, temporal = [d1 2, d1 2, d1 2]{{.*}}>, {{.*}}zigzag.tiling = #zigzag.tiling<levels = {{\[}}[0, 4, 0], [0, 2, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]], spatial = [3, 4]>, {{.*}}zigzag_op_id = "matmul_memref#0"} ins(%{{.+}}, %{{.+}} : memref<16x32xf32>, memref<32x8xf32>) outs(%{{.+}} : memref<16x8xf32>)

// LIB: // matmul_memref#0: linalg.matmul loops [16, 8, 32]
// LIB: tile_using_for %{{.+}} tile_sizes [0, 4, 0]
// LIB-NEXT: // temporal d1 x2 (step 2)
// LIB-NEXT: tile_using_for %{{.+}} tile_sizes [0, 2, 0]
// LIB-NEXT: // temporal d1 x2 (step 1)
// LIB-NEXT: tile_using_for %{{.+}} tile_sizes [0, 1, 0]
// LIB-NEXT: // NOT EXPRESSED: the spatial unrolling of reduction loops (D2:d2 x32)
// LIB-NEXT: tile_using_for %{{.+}} tile_sizes [0, 0, 1]
// LIB-NEXT: // spatial D1:d0 x16: one point per lane
// LIB-NEXT: tile_using_forall %{{.+}} tile_sizes [1, 0, 0]

// Stock mlir-opt tiles the memref op in place: subviews, no tensors.
// TILED-LABEL: func.func @matmul_memref
// TILED-NOT: tensor
// TILED: scf.for %{{.+}} = %c0 to %c8 step %c4
// TILED: scf.for %{{.+}} = %c0 to %c4 step %c2
// TILED: scf.for %{{.+}} = %c0 to %c2 step %c1
// TILED: scf.for %{{.+}} = %c0 to %c32 step %c1
// TILED: scf.forall (%{{.+}}) in (16)
// TILED: linalg.matmul {zigzag_op_id = "matmul_memref#0"} ins(%{{.+}}, %{{.+}} : memref<1x1xf32, strided<[32, 1], offset: ?>>, memref<1x1xf32, strided<[8, 1], offset: ?>>) outs(%{{.+}} : memref<1x1xf32, strided<[8, 1], offset: ?>>)
// TILED-NOT: tensor
// TILED: return

func.func @matmul(%a: tensor<20x70xf32>, %b: tensor<70x12xf32>, %c: tensor<20x12xf32>) -> tensor<20x12xf32> {
  %r = linalg.matmul {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%a, %b : tensor<20x70xf32>, tensor<70x12xf32>) outs(%c : tensor<20x12xf32>) -> tensor<20x12xf32>
  return %r : tensor<20x12xf32>
}
func.func @conv(%i: tensor<1x2x7x8xf32>, %w: tensor<3x2x3x2xf32>, %o: tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%i, %w : tensor<1x2x7x8xf32>, tensor<3x2x3x2xf32>) outs(%o : tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>
  return %r : tensor<1x3x3x4xf32>
}
func.func @matmul_memref(%a: memref<16x32xf32>, %b: memref<32x8xf32>, %c: memref<16x8xf32>) {
  linalg.matmul {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%a, %b : memref<16x32xf32>, memref<32x8xf32>) outs(%c : memref<16x8xf32>)
  return
}
