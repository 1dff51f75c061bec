// RUN: zigzag-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{precisions must be non-negative (i1, i2) and positive (o, o_final), got i1 = 8, i2 = 8, o = 0, o_final = 8}}
func.func @zero_psum() attributes {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 0, o_final = 8>} {
  return
}
