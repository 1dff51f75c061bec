// RUN: zigzag-opt %s -split-input-file --zigzag-print-loop-relevance -o /dev/null | FileCheck %s

// CHECK-LABEL: layer "matmul_0" linalg.matmul
// CHECK-NEXT:    loops: d0=128 d1=32 d2=64
// CHECK-NEXT:    reduction: d2
// CHECK-NEXT:    I1 = input 0: tensor<128x64xi8>, 8 b, constant
// CHECK-NEXT:      r: d0 d2
// CHECK-NEXT:      ir: d1
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 8192 elements, 65536 bits
// CHECK-NEXT:    I2 = input 1: tensor<64x32xi8>, 8 b, constant
// CHECK-NEXT:      r: d1 d2
// CHECK-NEXT:      ir: d0
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 2048 elements, 16384 bits
// CHECK-NEXT:    O = init 0: tensor<128x32xi32>, 32 b, final 32 b
// CHECK-NEXT:      r: d0 d1
// CHECK-NEXT:      ir: d2
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 4096 elements, 131072 bits, final 131072 bits
// CHECK-NEXT:    order: O I1 I2
// CHECK-NEXT:    macs: 262144
// The output comes from another op: not a constant operand.
// CHECK-LABEL: layer "matmul_1" linalg.matmul
// CHECK:         I1 = input 0: tensor<128x32xi32>, 32 b{{$}}
// CHECK:       total: 2 layers, 327680 MACs
func.func @chain(%a: tensor<128x64xi8>, %b: tensor<64x32xi8>, %c: tensor<128x32xi32>,
                 %d: tensor<32x16xi32>, %e: tensor<128x16xi32>) -> tensor<128x16xi32> {
  %0 = linalg.matmul ins(%a, %b : tensor<128x64xi8>, tensor<64x32xi8>) outs(%c : tensor<128x32xi32>) -> tensor<128x32xi32>
  %1 = linalg.matmul ins(%0, %d : tensor<128x32xi32>, tensor<32x16xi32>) outs(%e : tensor<128x16xi32>) -> tensor<128x16xi32>
  return %1 : tensor<128x16xi32>
}

// -----

// A transposed B through user indexing maps: relevance follows the maps.
// CHECK-LABEL: layer "matmul_0" linalg.matmul
// CHECK:         I2 = input 1: tensor<32x64xf32>, 32 b, constant
// CHECK-NEXT:      r: d1 d2
// CHECK-NEXT:      ir: d0
#mA = affine_map<(m, n, k) -> (m, k)>
#mB = affine_map<(m, n, k) -> (n, k)>
#mC = affine_map<(m, n, k) -> (m, n)>
func.func @transposed_b(%a: tensor<128x64xf32>, %b: tensor<32x64xf32>, %c: tensor<128x32xf32>) -> tensor<128x32xf32> {
  %0 = linalg.matmul indexing_maps = [#mA, #mB, #mC]
    ins(%a, %b : tensor<128x64xf32>, tensor<32x64xf32>) outs(%c : tensor<128x32xf32>) -> tensor<128x32xf32>
  return %0 : tensor<128x32xf32>
}

// -----

// CHECK-LABEL: layer "batch_matmul_0" linalg.batch_matmul
// CHECK-NEXT:    loops: d0=4 d1=16 d2=8 d3=32
// CHECK-NEXT:    reduction: d3
// CHECK-NEXT:    I1 = input 0: tensor<4x16x32xf16>, 16 b, constant
// CHECK-NEXT:      r: d0 d1 d3
// CHECK-NEXT:      ir: d2
// CHECK:         I2 = input 1: tensor<4x32x8xf16>, 16 b, constant
// CHECK-NEXT:      r: d0 d2 d3
// CHECK-NEXT:      ir: d1
// CHECK:         O = init 0: tensor<4x16x8xf32>, 32 b, final 32 b
// CHECK-NEXT:      r: d0 d1 d2
// CHECK-NEXT:      ir: d3
// CHECK:         macs: 16384
func.func @batch(%a: tensor<4x16x32xf16>, %b: tensor<4x32x8xf16>, %c: tensor<4x16x8xf32>) -> tensor<4x16x8xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<4x16x32xf16>, tensor<4x32x8xf16>) outs(%c : tensor<4x16x8xf32>) -> tensor<4x16x8xf32>
  return %0 : tensor<4x16x8xf32>
}

// -----

// CHECK-LABEL: layer "matvec_0" linalg.matvec
// CHECK-NEXT:    loops: d0=64 d1=256
// CHECK-NEXT:    reduction: d1
// CHECK-NEXT:    I1 = input 0: tensor<64x256xf32>, 32 b, constant
// CHECK-NEXT:      r: d0 d1
// CHECK-NEXT:      ir: -
// CHECK:         I2 = input 1: tensor<256xf32>, 32 b, constant
// CHECK-NEXT:      r: d1
// CHECK-NEXT:      ir: d0
// CHECK:         O = init 0: tensor<64xf32>, 32 b, final 32 b
// CHECK-NEXT:      r: d0
// CHECK-NEXT:      ir: d1
// CHECK:         macs: 16384
func.func @matvec(%a: tensor<64x256xf32>, %x: tensor<256xf32>, %y: tensor<64xf32>) -> tensor<64xf32> {
  %0 = linalg.matvec ins(%a, %x : tensor<64x256xf32>, tensor<256xf32>) outs(%y : tensor<64xf32>) -> tensor<64xf32>
  return %0 : tensor<64xf32>
}

// -----

// Buffers work as well as tensors.
// CHECK-LABEL: layer "matmul_0" linalg.matmul
// CHECK:         I1 = input 0: memref<8x4xi8>, 8 b, constant
// CHECK:         macs: 96
func.func @on_memrefs(%a: memref<8x4xi8>, %b: memref<4x3xi8>, %c: memref<8x3xi32>) {
  linalg.matmul ins(%a, %b : memref<8x4xi8>, memref<4x3xi8>) outs(%c : memref<8x3xi32>)
  return
}
