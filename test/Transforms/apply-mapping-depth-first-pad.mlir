// RUN: zigzag-opt %s -split-input-file --zigzag-apply-mapping | FileCheck %s

// A tensor.pad between two ops of a depth-first stack (docs/Rewrite.md,
// "Padding between stack ops"): a 3x3 conv (6x6 output) padded by one
// -inf row and column on each side and read by a 3x3 stride-2 max pool
// (3x3 output), tiles of 2 columns by 1 row, leftover column first.
// The pool's columns [a, b) read padded columns [2a, 2b + 1), conv columns
// [2a - 1, 2b) clamped to [0, 6): tile x 0 ([0, 1)) needs conv columns
// [0, 2), tile 1 ([1, 3)) [1, 6); rows [0, 2), [1, 4), [3, 6): the conv
// computes 7 x 8 = 56 elements. Each tile pads the conv's tile by what its
// window reads outside the feature map; no padded tensor is materialized.

// CHECK-LABEL: func.func @pad_pool
// CHECK-SAME: (%[[I:.+]]: tensor<1x1x8x8xf32>, %[[W:.+]]: tensor<1x1x3x3xf32>, %[[O1:.+]]: tensor<1x1x6x6xf32>, %[[WIN:.+]]: tensor<3x3xf32>, %[[O2:.+]]: tensor<1x1x3x3xf32>)
// CHECK:       %[[NINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK-NOT:   tensor.pad
// CHECK:       scf.for
// CHECK:         scf.for
// CHECK:           %[[CI:.+]] = tensor.extract_slice %[[I]]
// CHECK:           %[[C:.+]] = linalg.conv_2d_nchw_fchw {{.+}} ins(%[[CI]], %[[W]] : tensor<1x1x?x?xf32>, tensor<1x1x3x3xf32>) outs(%{{.+}} : tensor<1x1x?x?xf32>)
// CHECK:           %[[CT:.+]] = tensor.extract_slice %[[C]]
// CHECK:           %[[P:.+]] = tensor.pad %[[CT]] low[0, 0, %{{.+}}, %{{.+}}] high[0, 0, %{{.+}}, %{{.+}}] {
// CHECK:             tensor.yield %[[NINF]] : f32
// CHECK:           %[[PT:.+]] = tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 1, 3, %{{.+}}]
// CHECK:           linalg.pooling_nchw_max {{.+}} ins(%[[PT]], %[[WIN]] : tensor<1x1x3x?xf32>, tensor<3x3xf32>)
// CHECK:         } {zigzag.df_mode = "fully-recompute", zigzag.df_stack = 0 : i64, zigzag.df_tile = "x"}
// CHECK:       } {zigzag.df_computed = array<i64: 56, 9>, zigzag.df_mode = "fully-recompute", zigzag.df_stack = 0 : i64, zigzag.df_tile = "y"}
// CHECK-NOT:   tensor.pad
// CHECK:       return
func.func @pad_pool(%i: tensor<1x1x8x8xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x6x6xf32>,
                    %win: tensor<3x3xf32>, %o2: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [2, 1], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %c low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %y: index, %x: index):
    tensor.yield %ninf : f32
  } : tensor<1x1x6x6xf32> to tensor<1x1x8x8xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [2, 1], loops = [3, 2]>}
      ins(%p, %win : tensor<1x1x8x8xf32>, tensor<3x3xf32>) outs(%o2 : tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %r : tensor<1x1x3x3xf32>
}

// -----

// Fully cached, the pads annotated as well (as a stack's ops may be): the
// pad of the stack input stays before the loops, the one between the convs
// is fused. Conv columns and rows are computed once (36 elements) and
// cached: the padded tile of the second conv is built from the cached
// columns and rows plus the new ones, padded with zeros at the borders.

// CHECK-LABEL: func.func @pad_conv
// CHECK-SAME: (%[[I:[^:]+]]: tensor<1x1x6x6xf32>
// CHECK:       %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:       %[[IP:.+]] = tensor.pad %[[I]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK-NOT:   zigzag.depth_first
// CHECK:         tensor.yield %[[ZERO]] : f32
// CHECK:       tensor.empty() {zigzag.df_cache = "columns"} : tensor<1x1x3x2xf32>
// CHECK:       tensor.empty() {zigzag.df_cache = "rows"} : tensor<1x1x4x6xf32>
// CHECK:       scf.for
// CHECK:         scf.for
// CHECK:           tensor.extract_slice %[[IP]]
// CHECK:           linalg.conv_2d_nchw_fchw
// CHECK:           %[[P:.+]] = tensor.pad %{{.+}} low[0, 0, %{{.+}}, %{{.+}}] high[0, 0, %{{.+}}, %{{.+}}] {
// CHECK:             tensor.yield %[[ZERO]] : f32
// CHECK:           %[[PT:.+]] = tensor.extract_slice %[[P]]
// CHECK:           linalg.conv_2d_nchw_fchw ins(%[[PT]], %{{.+}} : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) outs(%{{.+}} : tensor<1x1x2x2xf32>)
// CHECK:       } {zigzag.df_computed = array<i64: 36, 36>, zigzag.df_mode = "fully-cached", zigzag.df_stack = 0 : i64, zigzag.df_tile = "y"}
// CHECK-NOT:   tensor.pad
// CHECK:       return
func.func @pad_conv(%i: tensor<1x1x6x6xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x6x6xf32>,
                    %w2: tensor<1x1x3x3xf32>, %o2: tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32> {
  %zero = arith.constant 0.0 : f32
  %ip = tensor.pad %i low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %y: index, %x: index):
    tensor.yield %zero : f32
  } {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>} : tensor<1x1x6x6xf32> to tensor<1x1x8x8xf32>
  %c = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%ip, %w : tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32>
  %p = tensor.pad %c low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %y: index, %x: index):
    tensor.yield %zero : f32
  } {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>} : tensor<1x1x6x6xf32> to tensor<1x1x8x8xf32>
  %r = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%p, %w2 : tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32>
  return %r : tensor<1x1x6x6xf32>
}
