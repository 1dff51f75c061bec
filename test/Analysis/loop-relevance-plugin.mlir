// The pass also runs in Debian's mlir-opt through the plugin (flags are
// parsed before plugins load, so it goes in --pass-pipeline).
// UNSUPPORTED: asan
// RUN: mlir-opt %s --load-dialect-plugin=%zigzag_libs/ZigZagPlugin%shlibext --load-pass-plugin=%zigzag_libs/ZigZagPlugin%shlibext \
// RUN:   --pass-pipeline="builtin.module(zigzag-print-loop-relevance)" -o /dev/null | FileCheck %s

// CHECK:      layer "mm" linalg.matmul
// CHECK-NEXT:   loops: M=8 N=4 K=2
// CHECK-NEXT:   reduction: K
// CHECK:        order: O I1 I2
// CHECK-NEXT:   macs: 64
// CHECK-NEXT: total: 1 layers, 64 MACs
func.func @mm(%a: tensor<8x2xf32>, %b: tensor<2x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %r = linalg.matmul {zigzag.layer_name = "mm", zigzag.loop_names = ["M", "N", "K"],
                      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 32, o_final = 8>}
    ins(%a, %b : tensor<8x2xf32>, tensor<2x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}
