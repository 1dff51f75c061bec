// RUN: zigzag-opt %s -split-input-file --zigzag-print-loop-relevance -o /dev/null | FileCheck %s

// The window tensor is an input the payload never reads: 0 bits, like the
// W operand of ZigZag's pooling layers.
// CHECK-LABEL: layer "pooling_nchw_max_0" linalg.pooling_nchw_max
// CHECK-NEXT:    loops: d0=1 d1=64 d2=56 d3=56 d4=3 d5=3
// CHECK-NEXT:    reduction: d4 d5
// CHECK-NEXT:    I1 = input 0: tensor<1x64x113x113xf32>, 32 b, constant
// CHECK-NEXT:      r: d0 d1
// CHECK-NEXT:      ir: -
// CHECK-NEXT:      pr: d2 d3 d4 d5
// CHECK-NEXT:        dim2 = 2*d2 + 1*d4 (extent 113)
// CHECK-NEXT:        dim3 = 2*d3 + 1*d5 (extent 113)
// CHECK-NEXT:      size: 817216 elements, 26150912 bits
// CHECK-NEXT:    I2 = input 1: tensor<3x3xf32>, 0 b, constant
// CHECK-NEXT:      r: d4 d5
// CHECK-NEXT:      ir: d0 d1 d2 d3
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 9 elements, 0 bits
// CHECK-NEXT:    O = init 0: tensor<1x64x56x56xf32>, 32 b, final 32 b
// CHECK-NEXT:      r: d0 d1 d2 d3
// CHECK-NEXT:      ir: d4 d5
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 200704 elements, 6422528 bits, final 6422528 bits
// CHECK-NEXT:    order: O I1 I2
// CHECK-NEXT:    macs: 1806336
func.func @max_pool(%i: tensor<1x64x113x113xf32>, %w: tensor<3x3xf32>, %o: tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32> {
  %r = linalg.pooling_nchw_max {strides = dense<2> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
    ins(%i, %w : tensor<1x64x113x113xf32>, tensor<3x3xf32>) outs(%o : tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  return %r : tensor<1x64x56x56xf32>
}

// -----

// Global average pooling as a sum over a 7x7 window, NHWC.
// CHECK-LABEL: layer "pooling_nhwc_sum_0" linalg.pooling_nhwc_sum
// CHECK-NEXT:    loops: d0=1 d1=1 d2=1 d3=512 d4=7 d5=7
// CHECK-NEXT:    reduction: d4 d5
// CHECK-NEXT:    I1 = input 0: tensor<1x7x7x512xi8>, 8 b, constant
// CHECK-NEXT:      r: d0 d3
// CHECK-NEXT:      ir: -
// CHECK-NEXT:      pr: d1 d2 d4 d5
// CHECK-NEXT:        dim1 = 1*d1 + 1*d4 (extent 7)
// CHECK-NEXT:        dim2 = 1*d2 + 1*d5 (extent 7)
// CHECK-NEXT:      size: 25088 elements, 200704 bits
// CHECK-NEXT:    I2 = input 1: tensor<7x7xi8>, 0 b, constant
// CHECK:         macs: 25088
func.func @global_avg(%i: tensor<1x7x7x512xi8>, %w: tensor<7x7xi8>, %o: tensor<1x1x1x512xi32>) -> tensor<1x1x1x512xi32> {
  %r = linalg.pooling_nhwc_sum {strides = dense<1> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
    ins(%i, %w : tensor<1x7x7x512xi8>, tensor<7x7xi8>) outs(%o : tensor<1x1x1x512xi32>) -> tensor<1x1x1x512xi32>
  return %r : tensor<1x1x1x512xi32>
}
