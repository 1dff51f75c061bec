// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | FileCheck %s
// RUN: zigzag-opt %s --zigzag-apply-mapping --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | FileCheck %s
// RUN: zigzag-opt %s --zigzag-apply-mapping=stage-buffers=false %bufferize %lower_to_llvm | %run_main | FileCheck %s
// RUN: zigzag-opt %s %bufferize --zigzag-apply-mapping --zigzag-strip-memory-spaces %lower_to_llvm | %run_main | FileCheck %s
// Untransformed and rewritten programs print the same numbers.
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-apply-mapping --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.mapped
// RUN: diff %t.plain %t.mapped
// RUN: zigzag-opt %s %bufferize --zigzag-apply-mapping --zigzag-strip-memory-spaces %lower_to_llvm | %run_main | grep -v "base@" > %t.memref
// RUN: diff %t.plain %t.memref

// Loops unrolled over two array dims whose size the lanes do not divide (as
// the search maps MobileNetV2's depthwise layers on tpu_like: G = 576 over
// 16 x 32 lanes): the last tile is partial and its lanes past the loop's end
// idle.
//  - depthwise_conv_2d_nhwc_hwc: the channels (d3 = 6) over D1 x D2 = 2 x 2
//    lanes, 2 tiles (4, then 2 channels), and OX (d2 = 5) over D3 = 2.
//  - matmul: the reduction d2 = 5 over D1 x D2 = 2 x 2 lanes (tiles of 4
//    and 1), and d0 = 7 over D3 x D4 = 2 x 2 (tiles of 4 and 3).
// Expected values: O + op(I, W) with the inputs of @pattern.
// CHECK: Unranked Memref base@ = {{.*}} sizes = [1, 3, 5, 6]
// CHECK-NEXT{LITERAL}: [[[[10, 13, 18, 11, -22, -11],
// CHECK-NEXT{LITERAL}: [4, 5, -6, -1, 6, 1],
// CHECK-NEXT{LITERAL}: [12, 4, 5, -6, -1, 6],
// CHECK-NEXT{LITERAL}: [-22, -11, -19, 10, 13, 18],
// CHECK-NEXT{LITERAL}: [0, -19, -1, -16, -1, -5]],
// CHECK:               [-2, 5, 7, 18, 3, 11]]]]
// CHECK: Unranked Memref base@ = {{.*}} sizes = [7, 3]
// CHECK-NEXT{LITERAL}: [[7, -16, 3],
// CHECK-NEXT{LITERAL}: [1, 8, -13],
// CHECK-NEXT{LITERAL}: [-5, -17, 13],
// CHECK-NEXT{LITERAL}: [3, 7, -17],
// CHECK-NEXT{LITERAL}: [4, 3, 2],
// CHECK-NEXT{LITERAL}: [-9, 13, 7],
// CHECK-NEXT{LITERAL}: [-1, 2, 5]]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @depthwise(%i: tensor<1x7x11x6xf32>, %w: tensor<3x3x6xf32>, %o: tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32> {
  %r = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d3 2], D2 = [d3 2], D3 = [d2 2]},
                                       temporal = [d4 3, d5 3, d2 3, d3 2, d1 3],
                                       levels = {I1 = [rf 2, dram 5], I2 = [rf 2, dram 5], O = [rf 2, sram 4, dram 5]}>}
      ins(%i, %w : tensor<1x7x11x6xf32>, tensor<3x3x6xf32>) outs(%o : tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32>
  return %r : tensor<1x3x5x6xf32>
}

func.func @matmul(%a: tensor<7x5xf32>, %b: tensor<5x3xf32>, %c: tensor<7x3xf32>) -> tensor<7x3xf32> {
  %r = linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d2 2], D2 = [d2 2], D3 = [d0 2], D4 = [d0 2]},
                                                    temporal = [d2 2, d1 3, d0 2],
                                                    levels = {I1 = [rf 1, dram 3], I2 = [rf 0, dram 3], O = [rf 1, dram 3]}>}
      ins(%a, %b : tensor<7x5xf32>, tensor<5x3xf32>) outs(%c : tensor<7x3xf32>) -> tensor<7x3xf32>
  return %r : tensor<7x3xf32>
}

// Element n (row-major) of a tensor filled by @pattern: ((5 * n + seed) mod 7) - 3.
func.func @pattern(%t: tensor<?xf32>, %seed: index) -> tensor<?xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(n) -> (n)>], iterator_types = ["parallel"]}
      outs(%t : tensor<?xf32>) {
  ^bb0(%o: f32):
    %n = linalg.index 0 : index
    %c5 = arith.constant 5 : index
    %c7 = arith.constant 7 : index
    %n5 = arith.muli %n, %c5 : index
    %s = arith.addi %n5, %seed : index
    %m = arith.remui %s, %c7 : index
    %mi = arith.index_cast %m : index to i32
    %three = arith.constant 3 : i32
    %v = arith.subi %mi, %three : i32
    %f = arith.sitofp %v : i32 to f32
    linalg.yield %f : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

func.func @filled(%n: index, %seed: index) -> tensor<?xf32> {
  %e = tensor.empty(%n) : tensor<?xf32>
  %p = func.call @pattern(%e, %seed) : (tensor<?xf32>, index) -> tensor<?xf32>
  return %p : tensor<?xf32>
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %n0 = arith.constant 462 : index
  %n1 = arith.constant 54 : index
  %n2 = arith.constant 90 : index
  %i_d = func.call @filled(%n0, %c0) : (index, index) -> tensor<?xf32>
  %i_f = tensor.cast %i_d : tensor<?xf32> to tensor<462xf32>
  %i = tensor.expand_shape %i_f [[0, 1, 2, 3]] output_shape [1, 7, 11, 6] : tensor<462xf32> into tensor<1x7x11x6xf32>
  %w_d = func.call @filled(%n1, %c1) : (index, index) -> tensor<?xf32>
  %w_f = tensor.cast %w_d : tensor<?xf32> to tensor<54xf32>
  %w = tensor.expand_shape %w_f [[0, 1, 2]] output_shape [3, 3, 6] : tensor<54xf32> into tensor<3x3x6xf32>
  %o_d = func.call @filled(%n2, %c2) : (index, index) -> tensor<?xf32>
  %o_f = tensor.cast %o_d : tensor<?xf32> to tensor<90xf32>
  %o = tensor.expand_shape %o_f [[0, 1, 2, 3]] output_shape [1, 3, 5, 6] : tensor<90xf32> into tensor<1x3x5x6xf32>
  %r = func.call @depthwise(%i, %w, %o) : (tensor<1x7x11x6xf32>, tensor<3x3x6xf32>, tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32>
  %ru = tensor.cast %r : tensor<1x3x5x6xf32> to tensor<*xf32>
  func.call @printMemrefF32(%ru) : (tensor<*xf32>) -> ()

  %m35 = arith.constant 35 : index
  %m15 = arith.constant 15 : index
  %m21 = arith.constant 21 : index
  %a_d = func.call @filled(%m35, %c0) : (index, index) -> tensor<?xf32>
  %a_f = tensor.cast %a_d : tensor<?xf32> to tensor<35xf32>
  %a = tensor.expand_shape %a_f [[0, 1]] output_shape [7, 5] : tensor<35xf32> into tensor<7x5xf32>
  %b_d = func.call @filled(%m15, %c1) : (index, index) -> tensor<?xf32>
  %b_f = tensor.cast %b_d : tensor<?xf32> to tensor<15xf32>
  %b = tensor.expand_shape %b_f [[0, 1]] output_shape [5, 3] : tensor<15xf32> into tensor<5x3xf32>
  %c_d = func.call @filled(%m21, %c2) : (index, index) -> tensor<?xf32>
  %c_f = tensor.cast %c_d : tensor<?xf32> to tensor<21xf32>
  %c = tensor.expand_shape %c_f [[0, 1]] output_shape [7, 3] : tensor<21xf32> into tensor<7x3xf32>
  %m = func.call @matmul(%a, %b, %c) : (tensor<7x5xf32>, tensor<5x3xf32>, tensor<7x3xf32>) -> tensor<7x3xf32>
  %mu = tensor.cast %m : tensor<7x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%mu) : (tensor<*xf32>) -> ()
  return
}
