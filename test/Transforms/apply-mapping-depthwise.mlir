// RUN: zigzag-opt %s --zigzag-apply-mapping | FileCheck %s

// Depthwise conv, stride 2, default loop names (d0 n, d1 oy, d2 ox, d3 c,
// d4 fy, d5 fx). OX = 5 unrolled twice over D2: 3 temporal tiles of 2, 2, 1
// (affine.min), whose lanes are the tile size (no idle lane). Only parallel
// loops are unrolled: the lanes update the output directly, no partial sums.
// I2 (weights) rf cut sits at the top: copied once before the nest, whole
// (no slice).

// CHECK-DAG: #[[$OX_CLIP:.+]] = affine_map<()[s0] -> (s0 * -2 + 5, 2)>
// CHECK-DAG: #[[$IX_SIZE:.+]] = affine_map<()[s0] -> (s0 * 2 + 1)>
// CHECK-LABEL: func.func @depthwise
// CHECK-SAME: (%[[I:.+]]: tensor<1x11x11x3xf32>, %[[W:.+]]: tensor<3x3x3xf32>, %[[O:.+]]: tensor<1x5x5x3xf32>)
// CHECK-NOT:   tensor.extract_slice %[[W]]
// CHECK:       %[[WRF:.+]] = bufferization.alloc_tensor() copy(%[[W]]) {memory_space = #zigzag.memory_space<"rf">} : tensor<3x3x3xf32>
// CHECK:       %[[C5:.+]] = arith.constant 5 : index
// CHECK:       scf.for %[[OY:.+]] = %{{.+}} to %[[C5]] step
// CHECK:         %[[OROW:.+]] = tensor.extract_slice %{{.+}}[0, %[[OY]], 0, 0] [1, 1, 5, 3] [1, 1, 1, 1]
// CHECK:         %[[OSRAM:.+]] = bufferization.alloc_tensor() copy(%[[OROW]]) {memory_space = #zigzag.memory_space<"sram">} : tensor<1x1x5x3xf32>
// CHECK:         %[[C3:.+]] = arith.constant 3 : index
// CHECK:         scf.for %[[OXT:.+]] = %{{.+}} to %[[C3]] step %{{.+}} iter_args(%[[O1:.+]] = %[[OSRAM]])
// CHECK:           %[[OXS:.+]] = affine.min #[[$OX_CLIP]]()[%[[OXT]]]
// CHECK:           %[[IXS:.+]] = affine.apply #[[$IX_SIZE]]()[%[[OXS]]]
// CHECK:           %[[IWIN:.+]] = tensor.extract_slice %[[I]][0, %{{.+}}, %{{.+}}, 0] [1, 3, %[[IXS]], 3] [1, 1, 1, 1] : tensor<1x11x11x3xf32> to tensor<1x3x?x3xf32>
// CHECK:           %[[IRF:.+]] = bufferization.alloc_tensor() copy(%[[IWIN]]) {memory_space = #zigzag.memory_space<"rf">} : tensor<1x3x?x3xf32>
// CHECK:           %[[OT:.+]] = tensor.extract_slice %[[O1]][0, 0, %{{.+}}, 0] [1, 1, %[[OXS]], 3] [1, 1, 1, 1]
// CHECK:           %[[ORF:.+]] = bufferization.alloc_tensor() copy(%[[OT]]) {memory_space = #zigzag.memory_space<"rf">} : tensor<1x1x?x3xf32>
// CHECK:           scf.for %[[FX:.+]] = %{{.+}} to %[[C3]] step %{{.+}} iter_args(%{{.+}} = %[[ORF]])
// CHECK:             scf.for %[[FY:.+]] = %{{.+}} to %[[C3]] step %{{.+}} iter_args(%[[O3:.+]] = %{{.+}})
// CHECK:               scf.forall (%[[CL:.+]], %[[OXL:.+]]) in (3, %[[OXS]]) shared_outs(%[[OS:.+]] = %[[O3]])
// CHECK:                 %[[OP:.+]] = tensor.extract_slice %[[OS]][0, 0, %[[OXL]], %[[CL]]] [1, 1, 1, 1]
// CHECK:                 %[[IXL:.+]] = affine.apply #{{.+}}()[%[[FX]], %[[OXL]]]
// CHECK:                 %[[IP:.+]] = tensor.extract_slice %[[IRF]][0, %[[FY]], %[[IXL]], %[[CL]]] [1, 1, 1, 1]
// CHECK:                 %[[WP:.+]] = tensor.extract_slice %[[WRF]][%[[FY]], %[[FX]], %[[CL]]] [1, 1, 1]
// CHECK:                 %[[R:.+]] = linalg.depthwise_conv_2d_nhwc_hwc {{.+}} ins(%[[IP]], %[[WP]] : tensor<1x1x1x1xf32>, tensor<1x1x1xf32>) outs(%[[OP]] : tensor<1x1x1x1xf32>)
// CHECK:                 tensor.parallel_insert_slice %[[R]] into %[[OS]][0, 0, %[[OXL]], %[[CL]]] [1, 1, 1, 1]
// CHECK:               } {mapping = [#zigzag.array_dim<"D1", "d3">, #zigzag.array_dim<"D2", "d2">], zigzag.level = {I1 = "rf", I2 = "rf", O = "rf"}}
// CHECK:             } {zigzag.level = {I1 = "rf", I2 = "rf", O = "rf"}, zigzag.loop = "d4"}
// CHECK:           } {zigzag.level = {I1 = "rf", I2 = "rf", O = "rf"}, zigzag.loop = "d5"}
// CHECK:         } {zigzag.level = {I1 = "dram", I2 = "rf", O = "sram"}, zigzag.loop = "d2"}
// CHECK:       } {zigzag.level = {I1 = "dram", I2 = "rf", O = "dram"}, zigzag.loop = "d1"}
// CHECK-NOT:   linalg.reduce
func.func @depthwise(%i: tensor<1x11x11x3xf32>, %w: tensor<3x3x3xf32>, %o: tensor<1x5x5x3xf32>) -> tensor<1x5x5x3xf32> {
  %r = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d3 3], D2 = [d2 2]},
                                       temporal = [d4 3, d5 3, d2 3, d1 5],
                                       levels = {I1 = [rf 2, dram 4], I2 = [rf 4, dram 4], O = [rf 2, sram 3, dram 4]}>}
      ins(%i, %w : tensor<1x11x11x3xf32>, tensor<3x3x3xf32>) outs(%o : tensor<1x5x5x3xf32>) -> tensor<1x5x5x3xf32>
  return %r : tensor<1x5x5x3xf32>
}
