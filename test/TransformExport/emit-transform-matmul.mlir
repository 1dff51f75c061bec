// The transform library of a mapped matmul: its text, and what applying it
// with the transform interpreter gives, on the tagged IR (zigzag-opt) and on
// the IR stripped of every zigzag attribute (Debian's mlir-opt, no plugin).
// The loops have the trip counts of --zigzag-apply-mapping's nest.
// RUN: zigzag-opt %s --zigzag-emit-transform="file=%t.lib.mlir" -verify-diagnostics -o %t.tagged.mlir
// RUN: FileCheck %s --check-prefix=LIB < %t.lib.mlir
// RUN: FileCheck %s --check-prefix=TAGGED < %t.tagged.mlir
// RUN: zigzag-opt %t.tagged.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter --canonicalize | FileCheck %s --check-prefix=TILED
// RUN: zigzag-opt %t.tagged.mlir --zigzag-strip-memory-spaces=attributes=true > %t.stripped.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter --canonicalize | FileCheck %s --check-prefixes=TILED,STOCK
// RUN: zigzag-opt %s --zigzag-apply-mapping=stage-buffers=false --canonicalize | FileCheck %s --check-prefix=APPLY

// LIB: module attributes {transform.with_named_sequence} {
// LIB-NEXT: transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
// LIB-NEXT: // matmul_k1000#0: linalg.matmul loops [8, 12, 1000]
// LIB-NEXT: %[[OP:.+]] = transform.structured.match attributes {zigzag_op_id = "matmul_k1000#0"} in %root : (!transform.any_op) -> !transform.any_op
// LIB-NEXT: // temporal N x3 (step 4) at {I1 = "dram", I2 = "dram", O = "dram"}
// LIB-NEXT: %[[T1:[^,]+]], %{{.+}} = transform.structured.tile_using_for %[[OP]] tile_sizes [0, 4, 0] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
// LIB-NEXT: // temporal K x8 (step 128) at {I1 = "dram", I2 = "dram", O = "rf"}
// LIB-NEXT: %[[T2:[^,]+]], %{{.+}} = transform.structured.tile_using_for %[[T1]] tile_sizes [0, 0, 128]
// LIB-NEXT: // temporal M x8 (step 1) at {I1 = "dram", I2 = "sram", O = "rf"}
// LIB-NEXT: %[[T3:[^,]+]], %{{.+}} = transform.structured.tile_using_for %[[T2]] tile_sizes [1, 0, 0]
// LIB-NEXT: // temporal K x4 (step 32) at {I1 = "rf", I2 = "sram", O = "rf"}
// LIB-NEXT: %[[T4:[^,]+]], %{{.+}} = transform.structured.tile_using_for %[[T3]] tile_sizes [0, 0, 32]
// LIB-NEXT: // NOT EXPRESSED: the spatial unrolling of reduction loops (D1:K x32) runs as a sequential scf.for
// LIB-NEXT: %[[T5:[^,]+]], %{{.+}} = transform.structured.tile_using_for %[[T4]] tile_sizes [0, 0, 1]
// LIB-NEXT: // spatial D2:N x4: one point per lane
// LIB-NEXT: %{{.+}}, %{{.+}} = transform.structured.tile_using_forall %[[T5]] tile_sizes [0, 1, 0] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
// LIB-NEXT: transform.yield

// TAGGED: linalg.matmul {{.*}}zigzag_op_id = "matmul_k1000#0"

// STOCK-NOT: zigzag.
// Trip counts: N 12 / 4 = 3, K 1000 / 128 = 8 (the last tile 104),
// M 8, K ceil(tile / 32) = 4, the 32 K lanes one by one, 4 N lanes.
// TILED-DAG: #[[$K128:.+]] = affine_map<(d0) -> (-d0 + 1000, 128)>
// TILED-DAG: #[[$K32:.+]] = affine_map<(d0)[s0] -> (-d0 + s0, 32)>
// TILED-LABEL: func.func @matmul_k1000
// TILED-DAG: %[[C0:.+]] = arith.constant 0 : index
// TILED-DAG: %[[C1:.+]] = arith.constant 1 : index
// TILED-DAG: %[[C4:.+]] = arith.constant 4 : index
// TILED-DAG: %[[C8:.+]] = arith.constant 8 : index
// TILED-DAG: %[[C12:.+]] = arith.constant 12 : index
// TILED-DAG: %[[C32:.+]] = arith.constant 32 : index
// TILED-DAG: %[[C128:.+]] = arith.constant 128 : index
// TILED-DAG: %[[C1000:.+]] = arith.constant 1000 : index
// TILED: scf.for %{{.+}} = %[[C0]] to %[[C12]] step %[[C4]]
// TILED: scf.for %[[KO:.+]] = %[[C0]] to %[[C1000]] step %[[C128]]
// TILED: %[[KS:.+]] = affine.min #[[$K128]](%[[KO]])
// TILED: scf.for %{{.+}} = %[[C0]] to %[[C8]] step %[[C1]]
// TILED: scf.for %[[KI:.+]] = %[[C0]] to %[[KS]] step %[[C32]]
// TILED: %[[LANES:.+]] = affine.min #[[$K32]](%[[KI]])[%[[KS]]]
// TILED: scf.for %{{.+}} = %[[C0]] to %[[LANES]] step %[[C1]]
// TILED: scf.forall (%{{.+}}) in (4)
// TILED: linalg.matmul {{.*}}ins(%{{.+}}, %{{.+}} : tensor<1x1xf32>, tensor<1x1xf32>) outs(%{{.+}} : tensor<1x1xf32>)

// The same trip counts in the rewrite's nest (loops 0 to factor).
// APPLY-LABEL: func.func @matmul_k1000
// APPLY: scf.for %{{.+}} = %{{.+}} to %c3 step %c1
// APPLY: scf.for %{{.+}} = %{{.+}} to %c8 step %c1
// APPLY: scf.for %{{.+}} = %{{.+}} to %c8 step %c1
// APPLY: scf.for %{{.+}} = %{{.+}} to %c4 step %c1
// APPLY: %[[LANES:.+]] = affine.min
// APPLY: scf.forall (%{{.+}}, %{{.+}}) in (%[[LANES]], 4)

func.func @matmul_k1000(%a: tensor<8x1000xf32>, %b: tensor<1000x12xf32>, %c: tensor<8x12xf32>) -> tensor<8x12xf32> {
  // expected-remark @below {{the transform library does not fully express the mapping: the spatial unrolling of reduction loops (D1:K x32) runs as a sequential scf.for}}
  %r = linalg.matmul {zigzag.loop_names = ["M", "N", "K"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 32], D2 = [N 4]},
                                       temporal = [K 4, M 8, K 8, N 3],
                                       levels = {I1 = [rf 1, dram 4], I2 = [sram 2, dram 4], O = [rf 3, dram 4]}>}
      ins(%a, %b : tensor<8x1000xf32>, tensor<1000x12xf32>) outs(%c : tensor<8x12xf32>) -> tensor<8x12xf32>
  return %r : tensor<8x12xf32>
}
