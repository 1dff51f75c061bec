// A MobileNetV2-like depthwise conv (G = 576 channels, 7x7 outputs, 3x3
// filters; the imported op form) searched on tpu_like: the search unrolls G
// over D1 x D2 = 32 x 16 lanes, which 576 does not divide (tiles of 512 and
// 64; counted as they run, 16 x 32 costs the same and the first one found
// stays). Rewritten with staging, lowered and executed: the results equal
// the untransformed program's.
// REQUIRES: zigzag-reference
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/tpu_like.yaml" --zigzag-search-mapping 2>/dev/null | FileCheck %s --check-prefix=MAPPING
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/tpu_like.yaml" --zigzag-search-mapping --zigzag-apply-mapping 2>/dev/null > %t.tpu.mlir
// RUN: FileCheck %s --check-prefix=NEST < %t.tpu.mlir
// RUN: sed -e 's/^module attributes {zigzag.accelerator = .*} {$/module {/' %t.tpu.mlir | zigzag-opt --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.tpu
// RUN: diff %t.plain %t.tpu
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | FileCheck %s

// MAPPING: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [G 32], D2 = [G 16]}, temporal = [FX 3, FY 3, OY 7, OX 7, G 2]
// NEST: scf.for
// NEST: scf.forall ({{.*}}) in (32, 16)
// NEST: } {mapping = [#zigzag.array_dim<"D1", "G">, #zigzag.array_dim<"D2", "G">]

// Expected values: O + depthwise(I, W) with the inputs of @pattern (first
// and last rows).
// CHECK: Unranked Memref base@ = {{.*}} sizes = [1, 576, 7, 7]
// CHECK-NEXT{LITERAL}: [[[[18, -21, 3, 6, 2, 5, -13],
// CHECK-NEXT{LITERAL}: [0, 3, 6, 2, -16, 22, -17],
// CHECK: [-8, -10, 9, 0, -2, 3, 8]]]]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @compute(%i: tensor<1x576x9x9xf32>, %w: tensor<576x3x3xf32>, %o: tensor<1x576x7x7xf32>) -> tensor<1x576x7x7xf32> {
  %r = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.loop_names = ["B", "OY", "OX", "G", "FY", "FX"],
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%i, %w : tensor<1x576x9x9xf32>, tensor<576x3x3xf32>) outs(%o : tensor<1x576x7x7xf32>) -> tensor<1x576x7x7xf32>
  return %r : tensor<1x576x7x7xf32>
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
  %ni = arith.constant 46656 : index
  %nw = arith.constant 5184 : index
  %no = arith.constant 28224 : index
  %i_d = func.call @filled(%ni, %c0) : (index, index) -> tensor<?xf32>
  %i_f = tensor.cast %i_d : tensor<?xf32> to tensor<46656xf32>
  %i = tensor.expand_shape %i_f [[0, 1, 2, 3]] output_shape [1, 576, 9, 9] : tensor<46656xf32> into tensor<1x576x9x9xf32>
  %w_d = func.call @filled(%nw, %c1) : (index, index) -> tensor<?xf32>
  %w_f = tensor.cast %w_d : tensor<?xf32> to tensor<5184xf32>
  %w = tensor.expand_shape %w_f [[0, 1, 2]] output_shape [576, 3, 3] : tensor<5184xf32> into tensor<576x3x3xf32>
  %o_d = func.call @filled(%no, %c2) : (index, index) -> tensor<?xf32>
  %o_f = tensor.cast %o_d : tensor<?xf32> to tensor<28224xf32>
  %o = tensor.expand_shape %o_f [[0, 1, 2, 3]] output_shape [1, 576, 7, 7] : tensor<28224xf32> into tensor<1x576x7x7xf32>
  %r = func.call @compute(%i, %w, %o) : (tensor<1x576x9x9xf32>, tensor<576x3x3xf32>, tensor<1x576x7x7xf32>) -> tensor<1x576x7x7xf32>
  %u = tensor.cast %r : tensor<1x576x7x7xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
