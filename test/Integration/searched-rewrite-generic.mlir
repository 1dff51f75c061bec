// A linalg.generic whose sizes divide nothing on the arrays: searched on the
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
// TPU-DAG: memory_space = #zigzag.memory_space<"{{rf_128B|rf_2B|sram_2MB}}">
// EYERISS-DAG: scf.forall
// EYERISS-DAG: memory_space = #zigzag.memory_space<"{{rf_64B_A|rf_64B_W|rf_16B|sram_8KB|sram_64KB|sram_1M}}">

// CHECK: Unranked Memref base@ = {{.*}} sizes = [5, 7]
// CHECK: [-3,   0,   3,   -1,   -5,   5,   1]
// CHECK: [7,   0,   7,   7,   7,   7,   7]
// CHECK: [17,   0,   11,   15,   19,   9,   13]
// CHECK: [13,   21,   22,   16,   10,   25,   19]
// CHECK: [23,   21,   26,   24,   22,   27,   25]

func.func private @printMemrefF32(tensor<*xf32>)

#a = affine_map<(i, j, k) -> (i, k)>
#b = affine_map<(i, j, k) -> (k, j)>
#o = affine_map<(i, j, k) -> (i, j)>
func.func @compute(%a: tensor<5x6xf32>, %b: tensor<6x7xf32>, %o: tensor<5x7xf32>) -> tensor<5x7xf32> {
  %r = linalg.generic {indexing_maps = [#a, #b, #o], iterator_types = ["parallel", "parallel", "reduction"],
      zigzag.loop_names = ["I", "J", "K"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%a, %b : tensor<5x6xf32>, tensor<6x7xf32>) outs(%o : tensor<5x7xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i32
    %if = arith.sitofp %ii : i32 to f32
    %p = arith.mulf %x, %y : f32
    %t = arith.addf %p, %if : f32
    %s = arith.addf %acc, %t : f32
    linalg.yield %s : f32
  } -> tensor<5x7xf32>
  return %r : tensor<5x7xf32>
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
  %in0 = tensor.expand_shape %in0_f [[0, 1]] output_shape [5, 6] : tensor<30xf32> into tensor<5x6xf32>
  %in1_e = tensor.empty() : tensor<42xf32>
  %in1_d = tensor.cast %in1_e : tensor<42xf32> to tensor<?xf32>
  %in1_s = arith.constant 1 : index
  %in1_p = func.call @pattern(%in1_d, %in1_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %in1_f = tensor.cast %in1_p : tensor<?xf32> to tensor<42xf32>
  %in1 = tensor.expand_shape %in1_f [[0, 1]] output_shape [6, 7] : tensor<42xf32> into tensor<6x7xf32>
  %out_e = tensor.empty() : tensor<35xf32>
  %out_d = tensor.cast %out_e : tensor<35xf32> to tensor<?xf32>
  %out_s = arith.constant 2 : index
  %out_p = func.call @pattern(%out_d, %out_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %out_f = tensor.cast %out_p : tensor<?xf32> to tensor<35xf32>
  %out = tensor.expand_shape %out_f [[0, 1]] output_shape [5, 7] : tensor<35xf32> into tensor<5x7xf32>
  %r = func.call @compute(%in0, %in1, %out) : (tensor<5x6xf32>, tensor<6x7xf32>, tensor<5x7xf32>) -> tensor<5x7xf32>
  %u = tensor.cast %r : tensor<5x7xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
