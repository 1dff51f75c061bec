// RUN: zigzag-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// `zigzag.zero_cost` (set by --import-onnx on ops ZigZag does not evaluate)
// is a unit attribute.

// CHECK-LABEL: func.func @relu
// CHECK: linalg.max {zigzag.zero_cost}
func.func @relu(%a: tensor<4xf32>, %z: tensor<4xf32>, %o: tensor<4xf32>) -> tensor<4xf32> {
  %r = linalg.max {zigzag.zero_cost} ins(%a, %z : tensor<4xf32>, tensor<4xf32>) outs(%o : tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

func.func @not_unit(%a: tensor<4xf32>, %z: tensor<4xf32>, %o: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'zigzag.zero_cost' must be a unit attribute}}
  %r = linalg.max {zigzag.zero_cost = true} ins(%a, %z : tensor<4xf32>, tensor<4xf32>) outs(%o : tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
