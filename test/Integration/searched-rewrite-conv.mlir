// A strided conv whose sizes divide nothing on the arrays: searched on the
// tpu_like and eyeriss_like accelerators (8-bit model precisions, f32
// execution), rewritten with staging, lowered and executed: the results equal
// the untransformed program's.
// REQUIRES: zigzag-reference
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/tpu_like.yaml" --zigzag-search-mapping --zigzag-apply-mapping 2>/dev/null > %t.tpu.mlir
// RUN: FileCheck %s --check-prefix=TPU < %t.tpu.mlir
// RUN: sed -e 's/^module attributes {zigzag.accelerator = .*} {$/module {/' %t.tpu.mlir | zigzag-opt --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.tpu
// RUN: diff %t.plain %t.tpu
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/eyeriss_like.yaml" --zigzag-search-mapping --zigzag-apply-mapping 2>/dev/null > %t.eyeriss.mlir
// RUN: FileCheck %s --check-prefix=EYERISS < %t.eyeriss.mlir
// RUN: sed -e 's/^module attributes {zigzag.accelerator = .*} {$/module {/' %t.eyeriss.mlir | zigzag-opt --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.eyeriss
// RUN: diff %t.plain %t.eyeriss
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | FileCheck %s

// The searched mappings were applied: loop nests over the arrays, operand
// tiles staged into the accelerators' memories. (The accelerator attribute
// is dropped before lowering: mlir-runner does not know the zigzag dialect.)
// TPU-DAG: scf.forall
// TPU-DAG: #zigzag.array_dim<"D1"
// TPU-DAG: memory_space = #zigzag.memory_space<"sram_2MB">
// EYERISS-DAG: scf.forall
// EYERISS-DAG: memory_space = #zigzag.memory_space<"{{rf_64B_A|rf_64B_W|rf_16B|sram_8KB|sram_64KB|sram_1M}}">

// CHECK: Unranked Memref base@ = {{.*}} sizes = [1, 3, 3, 4]
// CHECK: [17,   -26,   8,   -21]
// CHECK: [-25,   9,   -20,   0]
// CHECK: [3,   -19,   1,   14]
// CHECK: [6,   16,   -9,   8]
// CHECK: [17,   -8,   9,   -9]
// CHECK: [-7,   10,   -15,   9]
// CHECK: [-12,   9,   -5,   16]
// CHECK: [10,   -11,   17,   3]
// CHECK: [-10,   18,   4,   -17]

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
