// RUN: zigzag-opt %s --split-input-file --zigzag-emit-transform="file=%t.lib.mlir" -verify-diagnostics
// RUN: not zigzag-opt %s --split-input-file --zigzag-emit-transform="file=%t.missing/T.mlir" 2>&1 | FileCheck %s --check-prefix=NOFILE

// A mapping that does not fit its op is an error, as for --zigzag-apply-mapping.
func.func @bad_factor(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @below {{cannot apply 'zigzag.mapping'}}
  %r = linalg.matmul {zigzag.loop_names = ["M", "N", "K"],
      zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [K 16, M 8, N 3],
                                       levels = {I1 = [dram 3], I2 = [dram 3], O = [dram 3]}>}
      ins(%a, %b : tensor<8x16xf32>, tensor<16x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Ops of a depth-first stack are tagged, left out of the library, and said so.
func.func @stack(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-remark @below {{not exported to the transform library: ops of depth-first stacks (fused tile loops) are not exported}}
  %r = linalg.matmul {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [4, 4]>}
      ins(%a, %b : tensor<8x16xf32>, tensor<16x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// NOFILE: error: cannot write the transform library: {{.*}}
// NOFILE-NOT: Stack dump
func.func @unwritable(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %r = linalg.matmul {zigzag.loop_names = ["M", "N", "K"],
      zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [K 16, M 8, N 4],
                                       levels = {I1 = [dram 3], I2 = [dram 3], O = [dram 3]}>}
      ins(%a, %b : tensor<8x16xf32>, tensor<16x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}
