// RUN: zigzag-opt %s -split-input-file | zigzag-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @precision
// CHECK: zigzag.precision = #zigzag.precision<i1 = 8, i2 = 0, o = 16, o_final = 8>
func.func @precision() attributes {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 0, o = 16, o_final = 8>} {
  return
}
