// RUN: zigzag-opt %s --zigzag-apply-mapping | FileCheck %s

// A linalg.generic reading linalg.index, with a scalar input the model
// ignores and swapped roles (zigzag.operands: input 0 is I2, input 1 is I1).
// J = 7 unrolled 3 times: tiles 3, 3, 1. Uneven cuts: I1 (B[K, J]) rf cut 1
// and I2 (A[I, K]) rf cut 2 both sit under loops they do not depend on, so
// their copies move up to the next relevant loop (J 3 and I 2).

// CHECK-DAG: #[[$J_CLIP:.+]] = affine_map<()[s0] -> (s0 * -3 + 7, 3)>
// CHECK-DAG: #[[$I_IDX:.+]] = affine_map<()[s0, s1, s2] -> (s0 + s1 * 3 + s2)>
// CHECK-LABEL: func.func @generic
// CHECK-SAME: (%[[A:.+]]: tensor<6x5xf32>, %[[B:.+]]: tensor<5x7xf32>, %[[S:.+]]: tensor<f32>, %[[O:.+]]: tensor<6x7xf32>)
// CHECK:       scf.for %[[IO:.+]] = %{{.+}} to %[[C2:.+]] step
// CHECK:         %[[AT:.+]] = tensor.extract_slice %[[A]][%{{.+}}, 0] [3, 5] [1, 1]
// CHECK:         %[[ARF:.+]] = bufferization.alloc_tensor() copy(%[[AT]]) {memory_space = #zigzag.memory_space<"rf">} : tensor<3x5xf32>
// CHECK:         scf.for %[[J:.+]] = %{{.+}} to %[[C3:.+]] step
// CHECK:           %[[JS:.+]] = affine.min #[[$J_CLIP]]()[%[[J]]]
// CHECK:           %[[BT:.+]] = tensor.extract_slice %[[B]][0, %{{.+}}] [5, %[[JS]]] [1, 1]
// CHECK:           %[[BRF:.+]] = bufferization.alloc_tensor() copy(%[[BT]]) {memory_space = #zigzag.memory_space<"rf">} : tensor<5x?xf32>
// CHECK:           scf.for %[[II:.+]] = %{{.+}} to %[[C3]] step
// CHECK:             %[[ORF:.+]] = bufferization.alloc_tensor() copy(%{{.+}}) {memory_space = #zigzag.memory_space<"rf">} : tensor<1x?xf32>
// CHECK:             %[[C5:.+]] = arith.constant 5 : index
// CHECK:             scf.for %[[K:.+]] = %{{.+}} to %[[C5]] step
// CHECK:               scf.forall (%[[JL:.+]]) in (%[[JS]])
// CHECK:                 %[[AP:.+]] = tensor.extract_slice %[[ARF]][%[[II]], %[[K]]] [1, 1] [1, 1]
// CHECK:                 %[[BP:.+]] = tensor.extract_slice %[[BRF]][%[[K]], %[[JL]]] [1, 1] [1, 1]
// CHECK:                 linalg.generic {{.+}} ins(%[[AP]], %[[BP]], %[[S]] : tensor<1x1xf32>, tensor<1x1xf32>, tensor<f32>)
// CHECK-SAME:              attrs = {zigzag.loop_names = ["I", "J", "K"], zigzag.operands = ["I2", "I1", "-", "O"]}
// CHECK:                   %[[IDX:.+]] = linalg.index 0 : index
// CHECK:                   affine.apply #[[$I_IDX]]()[%[[II]], %[[IO]], %[[IDX]]]
// CHECK:               } {mapping = [#zigzag.array_dim<"D1", "J">], zigzag.level = {I1 = "rf", I2 = "rf", O = "rf"}}
// CHECK:             } {zigzag.level = {I1 = "rf", I2 = "rf", O = "rf"}, zigzag.loop = "K"}
// CHECK:           } {zigzag.level = {I1 = "rf", I2 = "rf", O = "dram"}, zigzag.loop = "I"}
// CHECK:         } {zigzag.level = {I1 = "dram", I2 = "rf", O = "dram"}, zigzag.loop = "J"}
// CHECK:       } {zigzag.level = {I1 = "dram", I2 = "dram", O = "dram"}, zigzag.loop = "I"}
#a = affine_map<(i, j, k) -> (i, k)>
#b = affine_map<(i, j, k) -> (k, j)>
#s = affine_map<(i, j, k) -> ()>
#o = affine_map<(i, j, k) -> (i, j)>
func.func @generic(%a: tensor<6x5xf32>, %b: tensor<5x7xf32>, %s: tensor<f32>, %o: tensor<6x7xf32>) -> tensor<6x7xf32> {
  %r = linalg.generic {indexing_maps = [#a, #b, #s, #o], iterator_types = ["parallel", "parallel", "reduction"],
      zigzag.loop_names = ["I", "J", "K"], zigzag.operands = ["I2", "I1", "-", "O"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [J 3]}, temporal = [K 5, I 3, J 3, I 2],
                                       levels = {I1 = [rf 1, dram 4], I2 = [rf 2, dram 4], O = [rf 1, dram 4]}>}
      ins(%a, %b, %s : tensor<6x5xf32>, tensor<5x7xf32>, tensor<f32>) outs(%o : tensor<6x7xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32, %acc: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i32
    %if = arith.sitofp %ii : i32 to f32
    %p = arith.mulf %x, %y : f32
    %q = arith.mulf %p, %z : f32
    %t = arith.addf %q, %if : f32
    %sum = arith.addf %acc, %t : f32
    linalg.yield %sum : f32
  } -> tensor<6x7xf32>
  return %r : tensor<6x7xf32>
}
