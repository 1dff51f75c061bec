// RUN: zigzag-opt %s -split-input-file --zigzag-print-loop-relevance -o /dev/null | FileCheck %s

// ZigZag's Add layer: every loop is relevant to every operand.
// CHECK-LABEL: layer "add_0" linalg.add
// CHECK-NEXT:    loops: d0=1 d1=64 d2=56 d3=56
// CHECK-NEXT:    reduction: -
// CHECK-NEXT:    I1 = input 0: tensor<1x64x56x56xi8>, 8 b, constant
// CHECK-NEXT:      r: d0 d1 d2 d3
// CHECK-NEXT:      ir: -
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 200704 elements, 1605632 bits
// CHECK-NEXT:    I2 = input 1: tensor<1x64x56x56xi8>, 8 b, constant
// CHECK-NEXT:      r: d0 d1 d2 d3
// CHECK:         O = init 0: tensor<1x64x56x56xi8>, 8 b, final 8 b
// CHECK-NEXT:      r: d0 d1 d2 d3
// CHECK-NEXT:      ir: -
// CHECK:         macs: 200704
func.func @add(%a: tensor<1x64x56x56xi8>, %b: tensor<1x64x56x56xi8>, %o: tensor<1x64x56x56xi8>) -> tensor<1x64x56x56xi8> {
  %r = linalg.add ins(%a, %b : tensor<1x64x56x56xi8>, tensor<1x64x56x56xi8>) outs(%o : tensor<1x64x56x56xi8>) -> tensor<1x64x56x56xi8>
  return %r : tensor<1x64x56x56xi8>
}

// -----

// One input: I2 is absent and left out of the operand order.
// CHECK-LABEL: layer "exp_0" linalg.exp
// CHECK-NEXT:    loops: d0=16 d1=32
// CHECK-NEXT:    reduction: -
// CHECK-NEXT:    I1 = input 0: tensor<16x32xf32>, 32 b, constant
// CHECK-NEXT:      r: d0 d1
// CHECK-NEXT:      ir: -
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 512 elements, 16384 bits
// CHECK-NEXT:    I2: absent
// CHECK-NEXT:    O = init 0: tensor<16x32xf32>, 32 b, final 32 b
// CHECK:         order: O I1
// CHECK-NEXT:    macs: 512
func.func @unary(%a: tensor<16x32xf32>, %o: tensor<16x32xf32>) -> tensor<16x32xf32> {
  %r = linalg.exp ins(%a : tensor<16x32xf32>) outs(%o : tensor<16x32xf32>) -> tensor<16x32xf32>
  return %r : tensor<16x32xf32>
}

// -----

// Broadcast: the loop the input does not index is irrelevant to it.
// CHECK-LABEL: layer "broadcast_0" linalg.broadcast
// CHECK-NEXT:    loops: d0=16 d1=32
// CHECK-NEXT:    reduction: -
// CHECK-NEXT:    I1 = input 0: tensor<32xf32>, 32 b, constant
// CHECK-NEXT:      r: d1
// CHECK-NEXT:      ir: d0
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 32 elements, 1024 bits
// CHECK-NEXT:    I2: absent
// CHECK:         macs: 512
func.func @broadcast(%a: tensor<32xf32>, %o: tensor<16x32xf32>) -> tensor<16x32xf32> {
  %r = linalg.broadcast ins(%a : tensor<32xf32>) outs(%o : tensor<16x32xf32>) dimensions = [0]
  return %r : tensor<16x32xf32>
}

// -----

// A bias add with a broadcast operand, written as a generic.
// CHECK-LABEL: layer "bias" linalg.generic
// CHECK-NEXT:    loops: N=8 K=64
// CHECK-NEXT:    reduction: -
// CHECK-NEXT:    I1 = input 0: tensor<8x64xf32>, 32 b, constant
// CHECK-NEXT:      r: N K
// CHECK:         I2 = input 1: tensor<64xf32>, 32 b, constant
// CHECK-NEXT:      r: K
// CHECK-NEXT:      ir: N
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 64 elements, 2048 bits
#id = affine_map<(n, k) -> (n, k)>
#bias = affine_map<(n, k) -> (k)>
func.func @bias_add(%x: tensor<8x64xf32>, %b: tensor<64xf32>, %o: tensor<8x64xf32>) -> tensor<8x64xf32> {
  %r = linalg.generic {indexing_maps = [#id, #bias, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %b : tensor<8x64xf32>, tensor<64xf32>) outs(%o : tensor<8x64xf32>)
      attrs = {zigzag.layer_name = "bias", zigzag.loop_names = ["N", "K"]} {
  ^bb0(%a: f32, %c: f32, %out: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  } -> tensor<8x64xf32>
  return %r : tensor<8x64xf32>
}

// -----

// linalg.fill: a scalar input has no loop relevant to it.
// CHECK-LABEL: layer "fill_0" linalg.fill
// CHECK-NEXT:    loops: d0=4 d1=4
// CHECK-NEXT:    reduction: -
// CHECK-NEXT:    I1 = input 0: f32, 32 b, constant
// CHECK-NEXT:      r: -
// CHECK-NEXT:      ir: d0 d1
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 1 elements, 32 bits
func.func @fill(%o: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %r = linalg.fill ins(%zero : f32) outs(%o : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}
