// A strided depthwise conv and a linalg.generic (linalg.index in the
// payload, a scalar operand) searched on the project's TPU-like example,
// exported as a transform library, stripped to stock MLIR and tiled by
// Debian's mlir-opt with that library: the tiled program prints what the
// untransformed one prints, its loops run as often as those of
// --zigzag-apply-mapping, and the library's tile sizes are the search's
// zigzag.tiling.
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-search-mapping --zigzag-emit-transform="file=%t.lib.mlir" 2>/dev/null > %t.tagged.mlir
// RUN: zigzag-opt %t.tagged.mlir --zigzag-strip-memory-spaces=attributes=true > %t.stripped.mlir
// RUN: FileCheck %s --check-prefix=LIB < %t.lib.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter > %t.tiled.mlir
// RUN: FileCheck %s --check-prefix=TILED < %t.tiled.mlir
// RUN: mlir-opt %t.tiled.mlir %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.tiled
// RUN: diff %t.plain %t.tiled
// RUN: FileCheck %s < %t.tiled
// RUN: %python %S/../TransformExport/Inputs/tiling_vs_library.py %t.tagged.mlir %t.lib.mlir | FileCheck %s --check-prefix=TILING
// RUN: zigzag-opt %t.tagged.mlir --zigzag-apply-mapping=stage-buffers=false --canonicalize > %t.applied.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter --canonicalize > %t.tiled-canonical.mlir
// RUN: %python %S/../TransformExport/Inputs/trip_counts.py %t.applied.mlir %t.tiled-canonical.mlir | FileCheck %s --check-prefix=TRIPS

// LIB: transform.structured.match attributes {zigzag_op_id = "compute#0"}
// LIB: transform.structured.tile_using_for
// LIB: transform.structured.match attributes {zigzag_op_id = "compute#1"}
// LIB: transform.structured.tile_using_for

// Both ops became loop nests around single points.
// TILED-LABEL: func.func @compute
// TILED: scf.for
// TILED: linalg.depthwise_conv_2d_nhwc_hwc {{.*}}zigzag_op_id = "compute#0"{{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x1x1x1xf32>, tensor<1x1x1xf32>)
// TILED: scf.for
// TILED: linalg.generic {{.*}}ins(%{{.+}}, %{{.+}}, %{{.+}} : tensor<1x1xf32>, tensor<1x1xf32>, tensor<f32>) outs(%{{.+}} : tensor<1x1xf32>) attrs = {zigzag_op_id = "compute#1"}

// TILING: compute#0: {{[0-9]+}} levels, spatial [{{.+}}]: equal
// TILING-NEXT: compute#1: {{[0-9]+}} levels, spatial [{{.+}}]: equal
// TRIPS: compute#0: temporal
// TRIPS-NEXT: compute#1: temporal

// The depthwise conv's 1x5x5x3 output (25 rows of 3), then the generic's
// 6x7.
// CHECK-COUNT-25: {{^ *\[*-?[0-9]+, +-?[0-9]+, +-?[0-9]+\]+,? *$}}
// CHECK-COUNT-6: {{^ *\[*(-?[0-9]+, +){6}-?[0-9]+\]+,? *$}}
// CHECK-NOT: [

#a = affine_map<(i, j, k) -> (i, k)>
#b = affine_map<(i, j, k) -> (k, j)>
#s = affine_map<(i, j, k) -> ()>
#o = affine_map<(i, j, k) -> (i, j)>

func.func private @printMemrefF32(tensor<*xf32>)

func.func @compute(%i: tensor<1x11x11x3xf32>, %w: tensor<3x3x3xf32>, %o: tensor<1x5x5x3xf32>,
                   %a: tensor<6x5xf32>, %b: tensor<5x7xf32>, %s: tensor<f32>, %g: tensor<6x7xf32>)
    -> (tensor<1x5x5x3xf32>, tensor<6x7xf32>) {
  %r = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%i, %w : tensor<1x11x11x3xf32>, tensor<3x3x3xf32>) outs(%o : tensor<1x5x5x3xf32>) -> tensor<1x5x5x3xf32>
  %q = linalg.generic {indexing_maps = [#a, #b, #s, #o], iterator_types = ["parallel", "parallel", "reduction"],
      zigzag.loop_names = ["I", "J", "K"], zigzag.operands = ["I2", "I1", "-", "O"],
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%a, %b, %s : tensor<6x5xf32>, tensor<5x7xf32>, tensor<f32>) outs(%g : tensor<6x7xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32, %acc: f32):
    %row = linalg.index 0 : index
    %rowi = arith.index_cast %row : index to i32
    %rowf = arith.sitofp %rowi : i32 to f32
    %p = arith.mulf %x, %y : f32
    %pz = arith.mulf %p, %z : f32
    %t = arith.addf %pz, %rowf : f32
    %sum = arith.addf %acc, %t : f32
    linalg.yield %sum : f32
  } -> tensor<6x7xf32>
  return %r, %q : tensor<1x5x5x3xf32>, tensor<6x7xf32>
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

// A tensor of `n` elements filled by @pattern with `seed`.
func.func @filled(%n: index, %seed: index) -> tensor<?xf32> {
  %e = tensor.empty(%n) : tensor<?xf32>
  %p = func.call @pattern(%e, %seed) : (tensor<?xf32>, index) -> tensor<?xf32>
  return %p : tensor<?xf32>
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c6 = arith.constant 6 : index
  %c27 = arith.constant 27 : index
  %c30 = arith.constant 30 : index
  %c35 = arith.constant 35 : index
  %c42 = arith.constant 42 : index
  %c75 = arith.constant 75 : index
  %c363 = arith.constant 363 : index
  %i_d = func.call @filled(%c363, %c0) : (index, index) -> tensor<?xf32>
  %i_f = tensor.cast %i_d : tensor<?xf32> to tensor<363xf32>
  %i = tensor.expand_shape %i_f [[0, 1, 2, 3]] output_shape [1, 11, 11, 3] : tensor<363xf32> into tensor<1x11x11x3xf32>
  %w_d = func.call @filled(%c27, %c1) : (index, index) -> tensor<?xf32>
  %w_f = tensor.cast %w_d : tensor<?xf32> to tensor<27xf32>
  %w = tensor.expand_shape %w_f [[0, 1, 2]] output_shape [3, 3, 3] : tensor<27xf32> into tensor<3x3x3xf32>
  %o_d = func.call @filled(%c75, %c2) : (index, index) -> tensor<?xf32>
  %o_f = tensor.cast %o_d : tensor<?xf32> to tensor<75xf32>
  %o = tensor.expand_shape %o_f [[0, 1, 2, 3]] output_shape [1, 5, 5, 3] : tensor<75xf32> into tensor<1x5x5x3xf32>
  %a_d = func.call @filled(%c30, %c3) : (index, index) -> tensor<?xf32>
  %a_f = tensor.cast %a_d : tensor<?xf32> to tensor<30xf32>
  %a = tensor.expand_shape %a_f [[0, 1]] output_shape [6, 5] : tensor<30xf32> into tensor<6x5xf32>
  %b_d = func.call @filled(%c35, %c4) : (index, index) -> tensor<?xf32>
  %b_f = tensor.cast %b_d : tensor<?xf32> to tensor<35xf32>
  %b = tensor.expand_shape %b_f [[0, 1]] output_shape [5, 7] : tensor<35xf32> into tensor<5x7xf32>
  %s = arith.constant dense<2.0> : tensor<f32>
  %g_d = func.call @filled(%c42, %c6) : (index, index) -> tensor<?xf32>
  %g_f = tensor.cast %g_d : tensor<?xf32> to tensor<42xf32>
  %g = tensor.expand_shape %g_f [[0, 1]] output_shape [6, 7] : tensor<42xf32> into tensor<6x7xf32>
  %r, %q = func.call @compute(%i, %w, %o, %a, %b, %s, %g)
      : (tensor<1x11x11x3xf32>, tensor<3x3x3xf32>, tensor<1x5x5x3xf32>, tensor<6x5xf32>, tensor<5x7xf32>, tensor<f32>, tensor<6x7xf32>)
      -> (tensor<1x5x5x3xf32>, tensor<6x7xf32>)
  %ru = tensor.cast %r : tensor<1x5x5x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%ru) : (tensor<*xf32>) -> ()
  %qu = tensor.cast %q : tensor<6x7xf32> to tensor<*xf32>
  func.call @printMemrefF32(%qu) : (tensor<*xf32>) -> ()
  return
}
