// Debian's mlir-opt loads the dialect (and with it the passes) from the plugin.
// UNSUPPORTED: asan
// RUN: mlir-opt %s --load-dialect-plugin=%zigzag_libs/ZigZagPlugin%shlibext --load-pass-plugin=%zigzag_libs/ZigZagPlugin%shlibext | FileCheck %s
// RUN: not mlir-opt %s 2>&1 | FileCheck %s --check-prefix=NOPLUGIN

// CHECK: zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>
// NOPLUGIN: attribute created with unregistered dialect
func.func @f() attributes {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} {
  return
}
