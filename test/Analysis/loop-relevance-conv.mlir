// RUN: zigzag-opt %s -split-input-file --zigzag-print-loop-relevance -o /dev/null | FileCheck %s

// conv1 of ResNet-18: stride 2, 7x7, no padding: the input rows that the
// loops reach, 2*(112-1) + (7-1) + 1 = 229, are the pr extent.
// CHECK-LABEL: layer "conv1" linalg.conv_2d_nchw_fchw
// CHECK-NEXT:    loops: B=1 K=64 OY=112 OX=112 C=3 FY=7 FX=7
// CHECK-NEXT:    reduction: C FY FX
// CHECK-NEXT:    I1 = input 0: tensor<1x3x229x229xi8>, 8 b, constant
// CHECK-NEXT:      r: B C
// CHECK-NEXT:      ir: K
// CHECK-NEXT:      pr: OY OX FY FX
// CHECK-NEXT:        IY = 2*OY + 1*FY (extent 229)
// CHECK-NEXT:        IX = 2*OX + 1*FX (extent 229)
// CHECK-NEXT:      size: 157323 elements, 1258584 bits
// CHECK-NEXT:    I2 = input 1: tensor<64x3x7x7xi8>, 8 b, constant
// CHECK-NEXT:      r: K C FY FX
// CHECK-NEXT:      ir: B OY OX
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 9408 elements, 75264 bits
// CHECK-NEXT:    O = init 0: tensor<1x64x112x112xi32>, 32 b, final 32 b
// CHECK-NEXT:      r: B K OY OX
// CHECK-NEXT:      ir: C FY FX
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 802816 elements, 25690112 bits, final 25690112 bits
// CHECK-NEXT:    order: O I1 I2
// CHECK-NEXT:    macs: 118013952
// CHECK-NEXT:  total: 1 layers, 118013952 MACs
func.func @conv1(%i: tensor<1x3x229x229xi8>, %w: tensor<64x3x7x7xi8>, %o: tensor<1x64x112x112xi32>) -> tensor<1x64x112x112xi32> {
  %r = linalg.conv_2d_nchw_fchw {strides = dense<2> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>,
                                 zigzag.layer_name = "conv1", zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"]}
    ins(%i, %w : tensor<1x3x229x229xi8>, tensor<64x3x7x7xi8>) outs(%o : tensor<1x64x112x112xi32>) -> tensor<1x64x112x112xi32>
  return %r : tensor<1x64x112x112xi32>
}

// -----

// The same conv on the real 224x224 image padded by 3 on each side: the pr
// extent is the unpadded 224 (ZigZag's pr_loop_sizes of its ONNX front end).
// CHECK-LABEL: layer "conv_2d_nchw_fchw_0" linalg.conv_2d_nchw_fchw
// CHECK:         I1 = input 0: tensor<1x3x230x230xf32>, 32 b
// CHECK:           pr: d2 d3 d5 d6
// CHECK-NEXT:        dim2 = 2*d2 + 1*d5 (extent 224)
// CHECK-NEXT:        dim3 = 2*d3 + 1*d6 (extent 224)
// CHECK-NEXT:      size: 150528 elements, 4816896 bits
func.func @padded(%img: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %o: tensor<1x64x112x112xf32>) -> tensor<1x64x112x112xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %img low[0, 0, 3, 3] high[0, 0, 3, 3] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x3x224x224xf32> to tensor<1x3x230x230xf32>
  %r = linalg.conv_2d_nchw_fchw {strides = dense<2> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
    ins(%p, %w : tensor<1x3x230x230xf32>, tensor<64x3x7x7xf32>) outs(%o : tensor<1x64x112x112xf32>) -> tensor<1x64x112x112xf32>
  return %r : tensor<1x64x112x112xf32>
}

// -----

// Dilation 2, stride 1, NHWC/HWCF: 3 taps spread over 5 rows; a 56-wide
// output reads (56-1) + 2*(3-1) + 1 = 60 columns.
// CHECK-LABEL: layer "conv_2d_nhwc_hwcf_0" linalg.conv_2d_nhwc_hwcf
// CHECK-NEXT:    loops: d0=1 d1=56 d2=56 d3=32 d4=3 d5=3 d6=16
// CHECK-NEXT:    reduction: d4 d5 d6
// CHECK-NEXT:    I1 = input 0: tensor<1x60x60x16xf32>, 32 b, constant
// CHECK-NEXT:      r: d0 d6
// CHECK-NEXT:      ir: d3
// CHECK-NEXT:      pr: d1 d2 d4 d5
// CHECK-NEXT:        dim1 = 1*d1 + 2*d4 (extent 60)
// CHECK-NEXT:        dim2 = 1*d2 + 2*d5 (extent 60)
// CHECK-NEXT:      size: 57600 elements, 1843200 bits
// CHECK-NEXT:    I2 = input 1: tensor<3x3x16x32xf32>, 32 b, constant
// CHECK-NEXT:      r: d3 d4 d5 d6
// CHECK-NEXT:      ir: d0 d1 d2
// CHECK:         macs: 14450688
func.func @dilated(%i: tensor<1x60x60x16xf32>, %w: tensor<3x3x16x32xf32>, %o: tensor<1x56x56x32xf32>) -> tensor<1x56x56x32xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {strides = dense<1> : tensor<2xi64>, dilations = dense<2> : tensor<2xi64>}
    ins(%i, %w : tensor<1x60x60x16xf32>, tensor<3x3x16x32xf32>) outs(%o : tensor<1x56x56x32xf32>) -> tensor<1x56x56x32xf32>
  return %r : tensor<1x56x56x32xf32>
}

// -----

// A 1x1 stride-2 conv (B < stride): 28 output columns touch 28 of the 55
// input columns, which is the pr extent (ZigZag's unique()).
// CHECK-LABEL: layer "conv_2d_nchw_fchw_0" linalg.conv_2d_nchw_fchw
// CHECK:           pr: d2 d3 d5 d6
// CHECK-NEXT:        dim2 = 2*d2 + 1*d5 (extent 28)
// CHECK-NEXT:        dim3 = 2*d3 + 1*d6 (extent 28)
// CHECK-NEXT:      size: 50176 elements, 1605632 bits
func.func @downsample(%i: tensor<1x64x55x55xf32>, %w: tensor<128x64x1x1xf32>, %o: tensor<1x128x28x28xf32>) -> tensor<1x128x28x28xf32> {
  %r = linalg.conv_2d_nchw_fchw {strides = dense<2> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
    ins(%i, %w : tensor<1x64x55x55xf32>, tensor<128x64x1x1xf32>) outs(%o : tensor<1x128x28x28xf32>) -> tensor<1x128x28x28xf32>
  return %r : tensor<1x128x28x28xf32>
}

// -----

// CHECK-LABEL: layer "conv_1d_ncw_fcw_0" linalg.conv_1d_ncw_fcw
// CHECK-NEXT:    loops: d0=2 d1=8 d2=30 d3=4 d4=3
// CHECK-NEXT:    reduction: d3 d4
// CHECK-NEXT:    I1 = input 0: tensor<2x4x32xf32>, 32 b, constant
// CHECK-NEXT:      r: d0 d3
// CHECK-NEXT:      ir: d1
// CHECK-NEXT:      pr: d2 d4
// CHECK-NEXT:        dim2 = 1*d2 + 1*d4 (extent 32)
func.func @conv1d(%i: tensor<2x4x32xf32>, %w: tensor<8x4x3xf32>, %o: tensor<2x8x30xf32>) -> tensor<2x8x30xf32> {
  %r = linalg.conv_1d_ncw_fcw {strides = dense<1> : tensor<1xi64>, dilations = dense<1> : tensor<1xi64>}
    ins(%i, %w : tensor<2x4x32xf32>, tensor<8x4x3xf32>) outs(%o : tensor<2x8x30xf32>) -> tensor<2x8x30xf32>
  return %r : tensor<2x8x30xf32>
}

// -----

// CHECK-LABEL: layer "conv_3d_ndhwc_dhwcf_0" linalg.conv_3d_ndhwc_dhwcf
// CHECK-NEXT:    loops: d0=1 d1=6 d2=6 d3=6 d4=8 d5=3 d6=3 d7=3 d8=4
// CHECK-NEXT:    reduction: d5 d6 d7 d8
// CHECK-NEXT:    I1 = input 0: tensor<1x8x8x8x4xf32>, 32 b, constant
// CHECK-NEXT:      r: d0 d8
// CHECK-NEXT:      ir: d4
// CHECK-NEXT:      pr: d1 d2 d3 d5 d6 d7
// CHECK-NEXT:        dim1 = 1*d1 + 1*d5 (extent 8)
// CHECK-NEXT:        dim2 = 1*d2 + 1*d6 (extent 8)
// CHECK-NEXT:        dim3 = 1*d3 + 1*d7 (extent 8)
// CHECK:         macs: 186624
func.func @conv3d(%i: tensor<1x8x8x8x4xf32>, %w: tensor<3x3x3x4x8xf32>, %o: tensor<1x6x6x6x8xf32>) -> tensor<1x6x6x6x8xf32> {
  %r = linalg.conv_3d_ndhwc_dhwcf {strides = dense<1> : tensor<3xi64>, dilations = dense<1> : tensor<3xi64>}
    ins(%i, %w : tensor<1x8x8x8x4xf32>, tensor<3x3x3x4x8xf32>) outs(%o : tensor<1x6x6x6x8xf32>) -> tensor<1x6x6x6x8xf32>
  return %r : tensor<1x6x6x6x8xf32>
}

// -----

// Depthwise: the channel loop is relevant to all three operands, there is
// no output-channel loop that the input ignores.
// CHECK-LABEL: layer "dw" linalg.depthwise_conv_2d_nhwc_hwc
// CHECK-NEXT:    loops: B=1 OY=112 OX=112 G=32 FY=3 FX=3
// CHECK-NEXT:    reduction: FY FX
// CHECK-NEXT:    I1 = input 0: tensor<1x114x114x32xi8>, 8 b, constant
// CHECK-NEXT:      r: B G
// CHECK-NEXT:      ir: -
// CHECK-NEXT:      pr: OY OX FY FX
// CHECK-NEXT:        IY = 1*OY + 1*FY (extent 114)
// CHECK-NEXT:        IX = 1*OX + 1*FX (extent 114)
// CHECK-NEXT:      size: 415872 elements, 3326976 bits
// CHECK-NEXT:    I2 = input 1: tensor<3x3x32xi8>, 8 b, constant
// CHECK-NEXT:      r: G FY FX
// CHECK-NEXT:      ir: B OY OX
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 288 elements, 2304 bits
// CHECK-NEXT:    O = init 0: tensor<1x112x112x32xi32>, 32 b, final 32 b
// CHECK-NEXT:      r: B OY OX G
// CHECK-NEXT:      ir: FY FX
// CHECK:         macs: 3612672
func.func @depthwise(%i: tensor<1x114x114x32xi8>, %w: tensor<3x3x32xi8>, %o: tensor<1x112x112x32xi32>) -> tensor<1x112x112x32xi32> {
  %r = linalg.depthwise_conv_2d_nhwc_hwc {strides = dense<1> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>,
                                          zigzag.layer_name = "dw", zigzag.loop_names = ["B", "OY", "OX", "G", "FY", "FX"]}
    ins(%i, %w : tensor<1x114x114x32xi8>, tensor<3x3x32xi8>) outs(%o : tensor<1x112x112x32xi32>) -> tensor<1x112x112x32xi32>
  return %r : tensor<1x112x112x32xi32>
}

// -----

// Grouped conv: G is relevant to all operands, K irrelevant to the input.
// CHECK-LABEL: layer "conv_2d_ngchw_fgchw_0" linalg.conv_2d_ngchw_fgchw
// CHECK-NEXT:    loops: d0=1 d1=4 d2=16 d3=14 d4=14 d5=8 d6=3 d7=3
// CHECK-NEXT:    reduction: d5 d6 d7
// CHECK-NEXT:    I1 = input 0: tensor<1x4x8x16x16xf32>, 32 b, constant
// CHECK-NEXT:      r: d0 d1 d5
// CHECK-NEXT:      ir: d2
// CHECK-NEXT:      pr: d3 d4 d6 d7
// CHECK:         I2 = input 1: tensor<16x4x8x3x3xf32>, 32 b, constant
// CHECK-NEXT:      r: d1 d2 d5 d6 d7
// CHECK-NEXT:      ir: d0 d3 d4
func.func @grouped(%i: tensor<1x4x8x16x16xf32>, %w: tensor<16x4x8x3x3xf32>, %o: tensor<1x4x16x14x14xf32>) -> tensor<1x4x16x14x14xf32> {
  %r = linalg.conv_2d_ngchw_fgchw {strides = dense<1> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
    ins(%i, %w : tensor<1x4x8x16x16xf32>, tensor<16x4x8x3x3xf32>) outs(%o : tensor<1x4x16x14x14xf32>) -> tensor<1x4x16x14x14xf32>
  return %r : tensor<1x4x16x14x14xf32>
}

// -----

// Quantized conv: the scalar zero points have no role and are ignored.
// CHECK-LABEL: layer "conv_2d_nhwc_hwcf_q_0" linalg.conv_2d_nhwc_hwcf_q
// CHECK:         I1 = input 0: tensor<1x10x10x4xi8>, 8 b, constant
// CHECK:         I2 = input 1: tensor<3x3x4x8xi8>, 8 b, constant
// CHECK:         O = init 0: tensor<1x8x8x8xi32>, 32 b, final 32 b
// CHECK:         ignored: input 2, input 3
// CHECK-NEXT:    order: O I1 I2
func.func @quantized(%i: tensor<1x10x10x4xi8>, %w: tensor<3x3x4x8xi8>, %o: tensor<1x8x8x8xi32>) -> tensor<1x8x8x8xi32> {
  %izp = arith.constant 0 : i32
  %wzp = arith.constant 0 : i32
  %r = linalg.conv_2d_nhwc_hwcf_q {strides = dense<1> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
    ins(%i, %w, %izp, %wzp : tensor<1x10x10x4xi8>, tensor<3x3x4x8xi8>, i32, i32) outs(%o : tensor<1x8x8x8xi32>) -> tensor<1x8x8x8xi32>
  return %r : tensor<1x8x8x8xi32>
}
