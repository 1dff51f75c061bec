// Memref form: the rewrite updates the output buffer in place; staging
// allocates buffers in #zigzag.memory_space and frees them after use.
// RUN: zigzag-opt %s %lower_to_llvm | %run_main | FileCheck %s
// RUN: zigzag-opt %s --zigzag-apply-mapping --zigzag-strip-memory-spaces %lower_to_llvm | %run_main | FileCheck %s
// RUN: zigzag-opt %s --zigzag-apply-mapping=stage-buffers=false %lower_to_llvm | %run_main | FileCheck %s

// C = 1 + A * B with A[i, k] = i * k + i, B[k, j] = k - j.
// CHECK: Unranked Memref base@ = {{.*}} sizes = [8, 10]
// CHECK: [1,   1,   1,   1,   1,   1,   1,   1,   1,   1]
// CHECK: [71,   50,   29,   8,   -13,   -34,   -55,   -76,   -97,   -118]
// CHECK: [141,   99,   57,   15,   -27,   -69,   -111,   -153,   -195,   -237]
// CHECK: [211,   148,   85,   22,   -41,   -104,   -167,   -230,   -293,   -356]
// CHECK: [281,   197,   113,   29,   -55,   -139,   -223,   -307,   -391,   -475]
// CHECK: [351,   246,   141,   36,   -69,   -174,   -279,   -384,   -489,   -594]
// CHECK: [421,   295,   169,   43,   -83,   -209,   -335,   -461,   -587,   -713]
// CHECK: [491,   344,   197,   50,   -97,   -244,   -391,   -538,   -685,   -832]

func.func private @printMemrefF32(memref<*xf32>)
func.func @matmul(%a: memref<8x6xf32>, %b: memref<6x10xf32>, %c: memref<8x10xf32>) {
  linalg.matmul {zigzag.loop_names = ["M", "N", "K"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [N 4], D2 = [K 2]}, temporal = [K 3, M 4, N 3, M 2],
        levels = {I1 = [rf 1, sram 2, dram 4], I2 = [sram 3, dram 4], O = [rf 2, dram 4]}>}
      ins(%a, %b : memref<8x6xf32>, memref<6x10xf32>) outs(%c : memref<8x10xf32>)
  return
}
func.func @main() {
  %a = memref.alloc() : memref<8x6xf32>
  %b = memref.alloc() : memref<6x10xf32>
  %c = memref.alloc() : memref<8x10xf32>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} outs(%a : memref<8x6xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %k = arith.muli %i, %j : index
    %k2 = arith.addi %k, %i : index
    %v = arith.index_cast %k2 : index to i32
    %f = arith.sitofp %v : i32 to f32
    linalg.yield %f : f32
  }
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} outs(%b : memref<6x10xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %k = arith.subi %i, %j : index
    %v = arith.index_cast %k : index to i32
    %f = arith.sitofp %v : i32 to f32
    linalg.yield %f : f32
  }
  %one = arith.constant 1.0 : f32
  linalg.fill ins(%one : f32) outs(%c : memref<8x10xf32>)
  call @matmul(%a, %b, %c) : (memref<8x6xf32>, memref<6x10xf32>, memref<8x10xf32>) -> ()
  %u = memref.cast %c : memref<8x10xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  memref.dealloc %a : memref<8x6xf32>
  memref.dealloc %b : memref<6x10xf32>
  memref.dealloc %c : memref<8x10xf32>
  return
}
