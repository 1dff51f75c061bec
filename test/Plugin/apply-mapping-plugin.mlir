// --zigzag-apply-mapping and --zigzag-strip-memory-spaces from Debian's
// mlir-opt with the plugin, on the strided conv of the Transforms test.
// UNSUPPORTED: asan
// RUN: mlir-opt %S/../Transforms/apply-mapping-conv.mlir --load-dialect-plugin=%zigzag_libs/ZigZagPlugin%shlibext --load-pass-plugin=%zigzag_libs/ZigZagPlugin%shlibext --pass-pipeline="builtin.module(zigzag-apply-mapping)" | FileCheck %s
// RUN: mlir-opt %S/../Transforms/apply-mapping-conv.mlir --load-dialect-plugin=%zigzag_libs/ZigZagPlugin%shlibext --load-pass-plugin=%zigzag_libs/ZigZagPlugin%shlibext --pass-pipeline="builtin.module(zigzag-apply-mapping, zigzag-strip-memory-spaces)" | FileCheck %s --check-prefix=STRIP

// CHECK: bufferization.alloc_tensor() copy(%{{.+}}) {memory_space = #zigzag.memory_space<"sram">} : tensor<1x2x3x7xf32>
// CHECK: scf.forall
// CHECK: {mapping = [#zigzag.array_dim<"D1", "K">, #zigzag.array_dim<"D2", "C">, #zigzag.array_dim<"D2", "FX">]

// STRIP-NOT: memory_space
// STRIP: bufferization.alloc_tensor() copy(%{{.+}}) : tensor<1x2x3x7xf32>
// STRIP-NOT: memory_space
