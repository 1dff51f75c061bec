// RUN: zigzag-opt %s --zigzag-apply-mapping | FileCheck %s

// Strided conv (stride 2), ZigZag loop names. K on D1, C and FX both on D2
// (mixed unrolling: 2 x 3 = 6 PEs), all reduction lanes but K: 6 partial sums
// per output point, merged by linalg.reduce.
// Order (innermost first) FY 3, OX 3, OY 3:
//   I1 (input) rf holds FY -> copied per OX: window 1x2x3x3 at (2*oy, 2*ox)
//              sram holds OX -> copied per OY: rows 1x2x3x7 at 2*oy
//   I2 (weights) rf holds nothing -> copied per FY: 4x2x1x3
//   O rf holds FY -> copied in/out per OX: 1x4x1x1

// CHECK-DAG: #[[$STRIDE:.+]] = affine_map<()[s0] -> (s0 * 2)>
// CHECK-DAG: #[[$SLOT:.+]] = affine_map<()[s0, s1] -> (s0 * 3 + s1)>
// CHECK-LABEL: func.func @conv_strided
// CHECK-SAME: (%[[I:.+]]: tensor<1x2x7x7xf32>, %[[W:.+]]: tensor<4x2x3x3xf32>, %[[O:.+]]: tensor<1x4x3x3xf32>)
// CHECK:       %[[C3:.+]] = arith.constant 3 : index
// CHECK:       scf.for %[[OY:.+]] = %{{.+}} to %[[C3]] step %{{.+}} iter_args(%[[O0:.+]] = %[[O]])
// CHECK:         %[[IY:.+]] = affine.apply #[[$STRIDE]]()[%[[OY]]]
// CHECK:         %[[ROWS:.+]] = tensor.extract_slice %[[I]][0, 0, %[[IY]], 0] [1, 2, 3, 7] [1, 1, 1, 1]
// CHECK:         %[[ISRAM:.+]] = bufferization.alloc_tensor() copy(%[[ROWS]]) {memory_space = #zigzag.memory_space<"sram">} : tensor<1x2x3x7xf32>
// CHECK:         scf.for %[[OX:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[O1:.+]] = %[[O0]])
// CHECK:           %[[IX:.+]] = affine.apply #[[$STRIDE]]()[%[[OX]]]
// CHECK:           %[[WIN:.+]] = tensor.extract_slice %[[ISRAM]][0, 0, 0, %[[IX]]] [1, 2, 3, 3] [1, 1, 1, 1] : tensor<1x2x3x7xf32> to tensor<1x2x3x3xf32>
// CHECK:           %[[IRF:.+]] = bufferization.alloc_tensor() copy(%[[WIN]]) {memory_space = #zigzag.memory_space<"rf">} : tensor<1x2x3x3xf32>
// CHECK:           %[[OTILE:.+]] = tensor.extract_slice %[[O1]][0, 0, %[[OY]], %[[OX]]] [1, 4, 1, 1] [1, 1, 1, 1]
// CHECK:           %[[ORF:.+]] = bufferization.alloc_tensor() copy(%[[OTILE]]) {memory_space = #zigzag.memory_space<"rf">} : tensor<1x4x1x1xf32>
// CHECK:           %[[OUT:.+]] = scf.for %[[FY:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[O2:.+]] = %[[ORF]])
// CHECK:             %[[WROW:.+]] = tensor.extract_slice %[[W]][0, 0, %[[FY]], 0] [4, 2, 1, 3] [1, 1, 1, 1]
// CHECK:             %[[WRF:.+]] = bufferization.alloc_tensor() copy(%[[WROW]]) {memory_space = #zigzag.memory_space<"rf">} : tensor<4x2x1x3xf32>
// CHECK:             %[[EMPTY:.+]] = tensor.empty() : tensor<6x1x4x1x1xf32>
// CHECK:             %[[PARTIAL:.+]] = linalg.fill
// CHECK:             %[[SUMS:.+]] = scf.forall (%[[K:.+]], %[[C:.+]], %[[FX:.+]]) in (4, 2, 3) shared_outs(%[[P:.+]] = %[[PARTIAL]])
// CHECK:               %[[S:.+]] = affine.apply #[[$SLOT]]()[%[[C]], %[[FX]]]
// CHECK:               %[[PS:.+]] = tensor.extract_slice %[[P]][%[[S]], 0, %[[K]], 0, 0] [1, 1, 1, 1, 1]
// CHECK:               %[[IX1:.+]] = tensor.extract_slice %[[IRF]][0, %[[C]], %[[FY]], %[[FX]]] [1, 1, 1, 1]
// CHECK:               %[[WX1:.+]] = tensor.extract_slice %[[WRF]][%[[K]], %[[C]], 0, %[[FX]]] [1, 1, 1, 1]
// CHECK:               %[[MAC:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>, zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"]} ins(%[[IX1]], %[[WX1]] : tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) outs(%[[PS]] : tensor<1x1x1x1xf32>)
// CHECK:               tensor.parallel_insert_slice %[[MAC]] into %[[P]][%[[S]], 0, %[[K]], 0, 0]
// CHECK:             } {mapping = [#zigzag.array_dim<"D1", "K">, #zigzag.array_dim<"D2", "C">, #zigzag.array_dim<"D2", "FX">], zigzag.level = {I1 = "rf", I2 = "rf", O = "rf"}}
// CHECK:             linalg.reduce { arith.addf } ins(%[[SUMS]] : tensor<6x1x4x1x1xf32>) outs(%{{.+}} : tensor<1x4x1x1xf32>) dimensions = [0]
// CHECK:           } {zigzag.level = {I1 = "rf", I2 = "dram", O = "rf"}, zigzag.loop = "FY"}
// CHECK:           tensor.insert_slice %[[OUT]] into %[[O1]][0, 0, %[[OY]], %[[OX]]] [1, 4, 1, 1]
// CHECK:         } {zigzag.level = {I1 = "sram", I2 = "dram", O = "dram"}, zigzag.loop = "OX"}
// CHECK:       } {zigzag.level = {I1 = "dram", I2 = "dram", O = "dram"}, zigzag.loop = "OY"}
func.func @conv_strided(%i: tensor<1x2x7x7xf32>, %w: tensor<4x2x3x3xf32>, %o: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 4], D2 = [C 2, FX 3]},
                                       temporal = [FY 3, OX 3, OY 3],
                                       levels = {I1 = [rf 1, sram 2, dram 3], I2 = [rf 0, dram 3], O = [rf 1, dram 3]}>}
      ins(%i, %w : tensor<1x2x7x7xf32>, tensor<4x2x3x3xf32>) outs(%o : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %r : tensor<1x4x3x3xf32>
}
