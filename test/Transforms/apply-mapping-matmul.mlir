// RUN: zigzag-opt %s --split-input-file --zigzag-apply-mapping | FileCheck %s
// RUN: zigzag-opt %s --split-input-file --zigzag-apply-mapping=stage-buffers=false | FileCheck %s --check-prefix=NOSTAGE

// K = 1000 unrolled 32 times over D1: 32 temporal iterations (4 x 8) of
// tiles of 32, the last outer tile holds 1000 - 7 * 128 = 104 elements and
// its last inner tile 8. N = 12 on D2 by 4, 3 iterations.
// Loop order (innermost first) K 4, M 8, K 8, N 3:
//   I1 (A[M, K]) rf holds K 4        -> copied in the body of M 8
//   I2 (B[K, N]) sram holds K 4, M 8 -> copied in the body of K 8
//   O  (C[M, N]) rf holds K 4, M 8, K 8 -> copied in/out in the body of N 3

// CHECK-DAG: #[[$N_OFF:.+]] = affine_map<()[s0] -> (s0 * 4)>
// CHECK-DAG: #[[$K_CLIP:.+]] = affine_map<()[s0] -> (s0 * -128 + 1000, 128)>
// CHECK-DAG: #[[$K_OFF:.+]] = affine_map<()[s0] -> (s0 * 128)>
// CHECK-DAG: #[[$K_INNER:.+]] = affine_map<()[s0, s1] -> (32, s0 - s1 * 32)>
// CHECK-LABEL: func.func @matmul_k1000
// CHECK-SAME: (%[[A:.+]]: tensor<8x1000xf32>, %[[B:.+]]: tensor<1000x12xf32>, %[[C:.+]]: tensor<8x12xf32>)
// CHECK-DAG:   %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG:   %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG:   %[[C3:.+]] = arith.constant 3 : index
// CHECK:       %[[RES:.+]] = scf.for %[[N:.+]] = %[[C0]] to %[[C3]] step %[[C1]] iter_args(%[[CN:.+]] = %[[C]])
// CHECK:         %[[NOFF:.+]] = affine.apply #[[$N_OFF]]()[%[[N]]]
// CHECK:         %[[OTILE:.+]] = tensor.extract_slice %[[CN]][0, %[[NOFF]]] [8, 4] [1, 1] : tensor<8x12xf32> to tensor<8x4xf32>
// CHECK:         %[[ORF:.+]] = bufferization.alloc_tensor() copy(%[[OTILE]]) {memory_space = #zigzag.memory_space<"rf">} : tensor<8x4xf32>
// CHECK:         %[[C8:.+]] = arith.constant 8 : index
// CHECK:         %[[OUTK:.+]] = scf.for %[[KO:.+]] = %{{.+}} to %[[C8]] step %{{.+}} iter_args(%[[O1:.+]] = %[[ORF]]) -> (tensor<8x4xf32>)
// CHECK:           %[[KSIZE:.+]] = affine.min #[[$K_CLIP]]()[%[[KO]]]
// CHECK:           %[[KOFF:.+]] = affine.apply #[[$K_OFF]]()[%[[KO]]]
// CHECK:           %[[BTILE:.+]] = tensor.extract_slice %[[B]][%[[KOFF]], %[[NOFF]]] [%[[KSIZE]], 4] [1, 1] : tensor<1000x12xf32> to tensor<?x4xf32>
// CHECK:           %[[BSRAM:.+]] = bufferization.alloc_tensor() copy(%[[BTILE]]) {memory_space = #zigzag.memory_space<"sram">} : tensor<?x4xf32>
// CHECK:           scf.for %[[M:.+]] = %{{.+}} to %[[C8]] step %{{.+}} iter_args(%[[O2:.+]] = %[[O1]]) -> (tensor<8x4xf32>)
// CHECK:             %[[ATILE:.+]] = tensor.extract_slice %[[A]][%[[M]], %[[KOFF]]] [1, %[[KSIZE]]] [1, 1] : tensor<8x1000xf32> to tensor<1x?xf32>
// CHECK:             %[[ARF:.+]] = bufferization.alloc_tensor() copy(%[[ATILE]]) {memory_space = #zigzag.memory_space<"rf">} : tensor<1x?xf32>
// CHECK:             %[[C4:.+]] = arith.constant 4 : index
// CHECK:             scf.for %[[KI:.+]] = %{{.+}} to %[[C4]] step %{{.+}} iter_args(%[[O3:.+]] = %[[O2]]) -> (tensor<8x4xf32>)
// CHECK:               %[[LANES:.+]] = affine.min #[[$K_INNER]]()[%[[KSIZE]], %[[KI]]]
// CHECK:               %[[OPOINT:.+]] = tensor.extract_slice %[[O3]][%[[M]], 0] [1, 4] [1, 1] : tensor<8x4xf32> to tensor<1x4xf32>
// The 32 K lanes accumulate partial sums, merged by the adder tree.
// CHECK:               %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:               %[[EMPTY:.+]] = tensor.empty() : tensor<32x1x4xf32>
// CHECK:               %[[PARTIAL:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<32x1x4xf32>)
// CHECK:               %[[SUMS:.+]] = scf.forall (%[[KL:.+]], %[[NL:.+]]) in (%[[LANES]], 4) shared_outs(%[[P:.+]] = %[[PARTIAL]])
// CHECK:                 %[[PSLOT:.+]] = tensor.extract_slice %[[P]][%[[KL]], 0, %[[NL]]] [1, 1, 1] [1, 1, 1] : tensor<32x1x4xf32> to tensor<1x1xf32>
// CHECK:                 %[[KIDX:.+]] = affine.apply #{{.+}}()[%[[KL]], %[[KI]]]
// CHECK:                 %[[AX:.+]] = tensor.extract_slice %[[ARF]][0, %[[KIDX]]] [1, 1] [1, 1] : tensor<1x?xf32> to tensor<1x1xf32>
// CHECK:                 %[[BX:.+]] = tensor.extract_slice %[[BSRAM]][%[[KIDX]], %[[NL]]] [1, 1] [1, 1] : tensor<?x4xf32> to tensor<1x1xf32>
// CHECK:                 %[[MAC:.+]] = linalg.matmul {zigzag.loop_names = ["M", "N", "K"]} ins(%[[AX]], %[[BX]] : tensor<1x1xf32>, tensor<1x1xf32>) outs(%[[PSLOT]] : tensor<1x1xf32>)
// CHECK:                 scf.forall.in_parallel
// CHECK-NEXT:              tensor.parallel_insert_slice %[[MAC]] into %[[P]][%[[KL]], 0, %[[NL]]] [1, 1, 1] [1, 1, 1]
// CHECK:               } {mapping = [#zigzag.array_dim<"D1", "K">, #zigzag.array_dim<"D2", "N">], zigzag.level = {I1 = "rf", I2 = "sram", O = "rf"}}
// CHECK:               %[[MERGED:.+]] = linalg.reduce { arith.addf } ins(%[[SUMS]] : tensor<32x1x4xf32>) outs(%[[OPOINT]] : tensor<1x4xf32>) dimensions = [0]
// CHECK:               %[[NEWO:.+]] = tensor.insert_slice %[[MERGED]] into %[[O3]][%[[M]], 0] [1, 4] [1, 1]
// CHECK:               scf.yield %[[NEWO]]
// CHECK:             } {zigzag.level = {I1 = "rf", I2 = "sram", O = "rf"}, zigzag.loop = "K"}
// CHECK:           } {zigzag.level = {I1 = "dram", I2 = "sram", O = "rf"}, zigzag.loop = "M"}
// CHECK:         } {zigzag.level = {I1 = "dram", I2 = "dram", O = "rf"}, zigzag.loop = "K"}
// The output tile goes back from rf to dram.
// CHECK:         %[[BACK:.+]] = tensor.insert_slice %[[OUTK]] into %[[CN]][0, %[[NOFF]]] [8, 4] [1, 1] : tensor<8x4xf32> into tensor<8x12xf32>
// CHECK:         scf.yield %[[BACK]]
// CHECK:       } {zigzag.level = {I1 = "dram", I2 = "dram", O = "dram"}, zigzag.loop = "N"}
// CHECK:       return %[[RES]]
// CHECK-NOT:   zigzag.mapping

// NOSTAGE-LABEL: func.func @matmul_k1000
// NOSTAGE-NOT:     alloc_tensor
// NOSTAGE:         scf.for {{.+}} {
// NOSTAGE:           scf.for {{.+}} {
// NOSTAGE:             scf.for {{.+}} {
// NOSTAGE:               scf.for {{.+}} {
// NOSTAGE:                 scf.forall
// NOSTAGE-NOT:     alloc_tensor
// NOSTAGE:       } {zigzag.level = {I1 = "dram", I2 = "dram", O = "dram"}, zigzag.loop = "N"}
func.func @matmul_k1000(%a: tensor<8x1000xf32>, %b: tensor<1000x12xf32>, %c: tensor<8x12xf32>) -> tensor<8x12xf32> {
  %r = linalg.matmul {zigzag.loop_names = ["M", "N", "K"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 32], D2 = [N 4]},
                                       temporal = [K 4, M 8, K 8, N 3],
                                       levels = {I1 = [rf 1, dram 4], I2 = [sram 2, dram 4], O = [rf 3, dram 4]}>}
      ins(%a, %b : tensor<8x1000xf32>, tensor<1000x12xf32>) outs(%c : tensor<8x12xf32>) -> tensor<8x12xf32>
  return %r : tensor<8x12xf32>
}

// -----

// Memref form, default loop names d0 (M) d1 (N) d2 (K), divisible sizes: all
// tile sizes are constants. I2's sram cut sits under d0 2, a loop B does not
// depend on: the copy moves above it, out of the nest (ZigZag's stationarity).

// CHECK-LABEL: func.func @matmul_memref
// CHECK-SAME: (%[[A:.+]]: memref<4x6xf32>, %[[B:.+]]: memref<6x8xf32>, %[[C:.+]]: memref<4x8xf32>)
// CHECK:       %[[BSUB:.+]] = memref.subview %[[B]][0, 0] [6, 8] [1, 1]
// CHECK:       %[[BSRAM:.+]] = memref.alloc() : memref<6x8xf32, #zigzag.memory_space<"sram">>
// CHECK:       memref.copy %[[BSUB]], %[[BSRAM]]
// CHECK:       scf.for %[[M:.+]] = %{{.+}} to %[[C2:.+]] step
// CHECK:         %[[CSUB:.+]] = memref.subview %[[C]][%{{.+}}, 0] [2, 8] [1, 1] : memref<4x8xf32> to memref<2x8xf32, strided<[8, 1], offset: ?>>
// CHECK:         %[[CRF:.+]] = memref.alloc() : memref<2x8xf32, #zigzag.memory_space<"rf">>
// CHECK:         memref.copy %[[CSUB]], %[[CRF]]
// CHECK:         scf.for %[[K:.+]] = %{{.+}} to %{{.+}} step
// CHECK:           scf.forall (%[[ML:.+]], %[[NL:.+]]) in (2, 8) {
// CHECK:             %[[OX:.+]] = memref.subview %[[CRF]][%[[ML]], %[[NL]]] [1, 1] [1, 1]
// CHECK:             linalg.matmul ins(%{{.+}}, %{{.+}} : memref<1x1xf32, {{.+}}>, memref<1x1xf32, {{.+}}#zigzag.memory_space<"sram">>) outs(%[[OX]] : memref<1x1xf32, strided<[8, 1], offset: ?>, #zigzag.memory_space<"rf">>)
// CHECK:           } {mapping = [#zigzag.array_dim<"D1", "d0">, #zigzag.array_dim<"D2", "d1">], zigzag.level = {I2 = "sram", O = "rf"}}
// CHECK:         } {zigzag.level = {I2 = "sram", O = "rf"}, zigzag.loop = "d2"}
// CHECK:         memref.copy %[[CRF]], %[[CSUB]]
// CHECK:         memref.dealloc %[[CRF]]
// CHECK:       } {zigzag.level = {I2 = "sram", O = "dram"}, zigzag.loop = "d0"}
// CHECK:       memref.dealloc %[[BSRAM]]
// CHECK-NEXT:  return
func.func @matmul_memref(%a: memref<4x6xf32>, %b: memref<6x8xf32>, %c: memref<4x8xf32>) {
  linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d0 2], D2 = [d1 8]},
                                                  temporal = [d2 6, d0 2],
                                                  levels = {I2 = [sram 1, dram 2], O = [rf 1, dram 2]}>}
      ins(%a, %b : memref<4x6xf32>, memref<6x8xf32>) outs(%c : memref<4x8xf32>)
  return
}
