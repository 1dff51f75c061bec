// A strided conv whose sizes divide nothing on the array, searched on the
// project's TPU-like example, its mapping exported as a transform library,
// stripped to stock MLIR and tiled by Debian's mlir-opt with that library:
// the tiled program prints what the untransformed one prints.
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-search-mapping --zigzag-emit-transform="file=%t.lib.mlir" --zigzag-strip-memory-spaces=attributes=true 2>/dev/null > %t.stripped.mlir
// RUN: FileCheck %s --check-prefix=LIB < %t.lib.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter > %t.tiled.mlir
// RUN: FileCheck %s --check-prefix=TILED < %t.tiled.mlir
// RUN: mlir-opt %t.tiled.mlir %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.tiled
// RUN: diff %t.plain %t.tiled

// LIB: transform.structured.match attributes {zigzag_op_id = "compute#0"}
// LIB: transform.structured.tile_using_for
// TILED-LABEL: func.func @compute
// TILED: scf.for
// TILED: linalg.conv_2d_nchw_fchw {{.*}}strides = dense<2> : tensor<2xi64>, zigzag_op_id = "compute#0"

func.func private @printMemrefF32(tensor<*xf32>)

func.func @compute(%i: tensor<1x2x7x8xf32>, %w: tensor<3x2x3x2xf32>, %o: tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%i, %w : tensor<1x2x7x8xf32>, tensor<3x2x3x2xf32>) outs(%o : tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>
  return %r : tensor<1x3x3x4xf32>
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

func.func @main() {
  %in0_e = tensor.empty() : tensor<112xf32>
  %in0_d = tensor.cast %in0_e : tensor<112xf32> to tensor<?xf32>
  %in0_s = arith.constant 0 : index
  %in0_p = func.call @pattern(%in0_d, %in0_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %in0_f = tensor.cast %in0_p : tensor<?xf32> to tensor<112xf32>
  %in0 = tensor.expand_shape %in0_f [[0, 1, 2, 3]] output_shape [1, 2, 7, 8] : tensor<112xf32> into tensor<1x2x7x8xf32>
  %in1_e = tensor.empty() : tensor<36xf32>
  %in1_d = tensor.cast %in1_e : tensor<36xf32> to tensor<?xf32>
  %in1_s = arith.constant 1 : index
  %in1_p = func.call @pattern(%in1_d, %in1_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %in1_f = tensor.cast %in1_p : tensor<?xf32> to tensor<36xf32>
  %in1 = tensor.expand_shape %in1_f [[0, 1, 2, 3]] output_shape [3, 2, 3, 2] : tensor<36xf32> into tensor<3x2x3x2xf32>
  %out_e = tensor.empty() : tensor<36xf32>
  %out_d = tensor.cast %out_e : tensor<36xf32> to tensor<?xf32>
  %out_s = arith.constant 2 : index
  %out_p = func.call @pattern(%out_d, %out_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %out_f = tensor.cast %out_p : tensor<?xf32> to tensor<36xf32>
  %out = tensor.expand_shape %out_f [[0, 1, 2, 3]] output_shape [1, 3, 3, 4] : tensor<36xf32> into tensor<1x3x3x4xf32>
  %r = func.call @compute(%in0, %in1, %out) : (tensor<1x2x7x8xf32>, tensor<3x2x3x2xf32>, tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>
  %u = tensor.cast %r : tensor<1x3x3x4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
