// A matmul (M20 N12 K70) searched on the project's TPU-like example, its
// mapping exported as a transform library, stripped to stock MLIR and tiled
// by Debian's mlir-opt with that library: the tiled program prints what the
// untransformed one prints.
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-search-mapping --zigzag-emit-transform="file=%t.lib.mlir" --zigzag-strip-memory-spaces=attributes=true 2>/dev/null > %t.stripped.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter > %t.tiled.mlir
// RUN: FileCheck %s --check-prefix=TILED < %t.tiled.mlir
// RUN: mlir-opt %t.tiled.mlir %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.tiled
// RUN: diff %t.plain %t.tiled
// RUN: FileCheck %s < %t.tiled

// The matmul became a loop nest around 1x1x1 matmuls.
// TILED-LABEL: func.func @compute
// TILED: scf.for
// TILED: linalg.matmul {{.*}}zigzag_op_id = "compute#0"{{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x1xf32>, tensor<1x1xf32>)

// CHECK: [{{.+}}]
// CHECK-COUNT-19: [{{.+}}]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @compute(%a: tensor<20x70xf32>, %b: tensor<70x12xf32>, %c: tensor<20x12xf32>) -> tensor<20x12xf32> {
  %r = linalg.matmul {zigzag.loop_names = ["M", "N", "K"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%a, %b : tensor<20x70xf32>, tensor<70x12xf32>) outs(%c : tensor<20x12xf32>) -> tensor<20x12xf32>
  return %r : tensor<20x12xf32>
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
  %in0_e = tensor.empty() : tensor<1400xf32>
  %in0_d = tensor.cast %in0_e : tensor<1400xf32> to tensor<?xf32>
  %in0_s = arith.constant 0 : index
  %in0_p = func.call @pattern(%in0_d, %in0_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %in0_f = tensor.cast %in0_p : tensor<?xf32> to tensor<1400xf32>
  %in0 = tensor.expand_shape %in0_f [[0, 1]] output_shape [20, 70] : tensor<1400xf32> into tensor<20x70xf32>
  %in1_e = tensor.empty() : tensor<840xf32>
  %in1_d = tensor.cast %in1_e : tensor<840xf32> to tensor<?xf32>
  %in1_s = arith.constant 1 : index
  %in1_p = func.call @pattern(%in1_d, %in1_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %in1_f = tensor.cast %in1_p : tensor<?xf32> to tensor<840xf32>
  %in1 = tensor.expand_shape %in1_f [[0, 1]] output_shape [70, 12] : tensor<840xf32> into tensor<70x12xf32>
  %out_e = tensor.empty() : tensor<240xf32>
  %out_d = tensor.cast %out_e : tensor<240xf32> to tensor<?xf32>
  %out_s = arith.constant 2 : index
  %out_p = func.call @pattern(%out_d, %out_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %out_f = tensor.cast %out_p : tensor<?xf32> to tensor<240xf32>
  %out = tensor.expand_shape %out_f [[0, 1]] output_shape [20, 12] : tensor<240xf32> into tensor<20x12xf32>
  %r = func.call @compute(%in0, %in1, %out) : (tensor<20x70xf32>, tensor<70x12xf32>, tensor<20x12xf32>) -> tensor<20x12xf32>
  %u = tensor.cast %r : tensor<20x12xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
