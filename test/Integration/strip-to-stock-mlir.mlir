// After --zigzag-strip-memory-spaces=attributes=true the rewritten program is
// stock MLIR: Debian's mlir-opt (no plugin) parses, bufferizes and lowers it,
// and mlir-runner computes what the untransformed program computes. The
// matmul is searched on the project's TPU-like example, so the input carries
// the accelerator, mappings, costs and forall mappings naming array dims.
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-search-mapping --zigzag-apply-mapping 2>/dev/null > %t.mapped.mlir
// RUN: FileCheck %s --check-prefix=MAPPED < %t.mapped.mlir
// RUN: zigzag-opt %t.mapped.mlir --zigzag-strip-memory-spaces=attributes=true > %t.stripped.mlir
// RUN: FileCheck %s --check-prefix=STRIPPED --implicit-check-not=zigzag < %t.stripped.mlir
// RUN: mlir-opt %t.stripped.mlir %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.stock
// RUN: diff %t.plain %t.stock
// RUN: FileCheck %s --input-file=%t.stock

// MAPPED: module attributes {zigzag.accelerator = #zigzag.accelerator
// MAPPED: memory_space = #zigzag.memory_space
// MAPPED: scf.forall
// MAPPED: } {mapping = [#zigzag.array_dim

// STRIPPED: module {
// STRIPPED: func.func @compute
// STRIPPED: bufferization.alloc_tensor
// STRIPPED: scf.forall
// STRIPPED: scf.forall.in_parallel
// STRIPPED-NEXT: tensor.parallel_insert_slice
// STRIPPED-NEXT: }
// STRIPPED-NEXT: }{{$}}

// C + A * B with A = ((5n) mod 7) - 3, B = ((5n + 1) mod 7) - 3, C = ((5n + 2) mod 7) - 3.
// CHECK: [9,   -26,   2,   23,   16]
// CHECK: [12,   -8,   -21,   15,   23]
// CHECK: [-20,   -11,   12,   -21,   2]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @compute(%a: tensor<3x10xf32>, %b: tensor<10x5xf32>, %c: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %r = linalg.matmul {zigzag.loop_names = ["M", "N", "K"],
                      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%a, %b : tensor<3x10xf32>, tensor<10x5xf32>) outs(%c : tensor<3x5xf32>) -> tensor<3x5xf32>
  return %r : tensor<3x5xf32>
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
  %in0_e = tensor.empty() : tensor<30xf32>
  %in0_d = tensor.cast %in0_e : tensor<30xf32> to tensor<?xf32>
  %in0_s = arith.constant 0 : index
  %in0_p = func.call @pattern(%in0_d, %in0_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %in0_f = tensor.cast %in0_p : tensor<?xf32> to tensor<30xf32>
  %in0 = tensor.expand_shape %in0_f [[0, 1]] output_shape [3, 10] : tensor<30xf32> into tensor<3x10xf32>
  %in1_e = tensor.empty() : tensor<50xf32>
  %in1_d = tensor.cast %in1_e : tensor<50xf32> to tensor<?xf32>
  %in1_s = arith.constant 1 : index
  %in1_p = func.call @pattern(%in1_d, %in1_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %in1_f = tensor.cast %in1_p : tensor<?xf32> to tensor<50xf32>
  %in1 = tensor.expand_shape %in1_f [[0, 1]] output_shape [10, 5] : tensor<50xf32> into tensor<10x5xf32>
  %out_e = tensor.empty() : tensor<15xf32>
  %out_d = tensor.cast %out_e : tensor<15xf32> to tensor<?xf32>
  %out_s = arith.constant 2 : index
  %out_p = func.call @pattern(%out_d, %out_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %out_f = tensor.cast %out_p : tensor<?xf32> to tensor<15xf32>
  %out = tensor.expand_shape %out_f [[0, 1]] output_shape [3, 5] : tensor<15xf32> into tensor<3x5xf32>
  %r = func.call @compute(%in0, %in1, %out) : (tensor<3x10xf32>, tensor<10x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  %u = tensor.cast %r : tensor<3x5xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
