// RUN: zigzag-opt %s -split-input-file -verify-diagnostics

func.func @loop_names_count(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.loop_names' has 2 names but the op has 3 loops}}
  %r = linalg.matmul {zigzag.loop_names = ["M", "N"]} ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @loop_names_twice(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.loop_names' names loop "M" twice}}
  %r = linalg.matmul {zigzag.loop_names = ["M", "N", "M"]} ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @loop_names_type(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.loop_names' must hold non-empty strings, got 3 : i64}}
  %r = linalg.matmul {zigzag.loop_names = ["M", "N", 3]} ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @operands_count(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.operands' has 2 entries but the op has 3 DPS operands (inputs, then inits)}}
  %r = linalg.matmul {zigzag.operands = ["I1", "O"]} ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @operands_unknown_role(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.operands' entry #1 must be one of "I1", "I2", "O" or "-", got "W"}}
  %r = linalg.matmul {zigzag.operands = ["I1", "W", "O"]} ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @operands_twice(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.operands' gives role I1 to DPS operands #0 and #1}}
  %r = linalg.matmul {zigzag.operands = ["I1", "I1", "O"]} ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @output_on_input(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.operands' gives role O to DPS operand #0, which is an input (O must be an init)}}
  %r = linalg.matmul {zigzag.operands = ["O", "I1", "I2"]} ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @no_output(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.operands' must give role O to one init}}
  %r = linalg.matmul {zigzag.operands = ["I1", "I2", "-"]} ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @operands_not_dps() {
  // expected-error @+1 {{'func.return' op op is not destination-style: its operands have no roles}}
  return {zigzag.operands = ["O"]}
}

// -----

func.func @order_missing_role(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.operand_order' does not list I2, which an operand of the op plays}}
  %r = linalg.matmul {zigzag.operand_order = ["O", "I1"]} ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @order_absent_role(%a: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'linalg.exp' op 'zigzag.operand_order' lists I2, which no operand of the op plays}}
  %r = linalg.exp {zigzag.operand_order = ["O", "I2", "I1"]} ins(%a : tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @order_twice(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.operand_order' lists O twice}}
  %r = linalg.matmul {zigzag.operand_order = ["O", "O", "I1"]} ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

// expected-error @+1 {{'func.func' op 'zigzag.layer_name' must be a non-empty string}}
func.func @empty_name() attributes {zigzag.layer_name = ""} {
  return
}

// -----

// expected-error @+1 {{'func.func' op 'zigzag.layer_id' must be an integer}}
func.func @layer_id() attributes {zigzag.layer_id = "3"} {
  return
}

// -----

// expected-error @+1 {{'func.func' op 'zigzag.precision' must be a #zigzag.precision attribute}}
func.func @precision_type() attributes {zigzag.precision = 8} {
  return
}

// -----

// expected-error @+1 {{'func.func' op 'zigzag.network_input' is a function argument attribute, not an op attribute}}
func.func @network_input_on_op() attributes {zigzag.network_input} {
  return
}

// -----

func.func @adapter(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tensor.cast' op 'zigzag.adapter' must be a unit attribute}}
  %r = tensor.cast %a {zigzag.adapter = 1} : tensor<4xf32> to tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

func.func @operand_sources_count(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>, %c: tensor<4x4xi8>) -> tensor<4x4xi8> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.operand_sources' has 1 entries but the op has 2 inputs}}
  %r = linalg.matmul {zigzag.operand_sources = [-1]} ins(%a, %b : tensor<4x4xi8>, tensor<4x4xi8>) outs(%c : tensor<4x4xi8>) -> tensor<4x4xi8>
  return %r : tensor<4x4xi8>
}

// -----

func.func @operand_sources_type(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>, %c: tensor<4x4xi8>) -> tensor<4x4xi8> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.operand_sources' must be an array of integers (producer layer ids), got "0"}}
  %r = linalg.matmul {zigzag.operand_sources = [-1, "0"]} ins(%a, %b : tensor<4x4xi8>, tensor<4x4xi8>) outs(%c : tensor<4x4xi8>) -> tensor<4x4xi8>
  return %r : tensor<4x4xi8>
}

// -----

func.func @source_dims_type(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>, %c: tensor<4x4xi8>) -> tensor<4x4xi8> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.source_dims' must be an array of dictionaries of strings, got {C = 3 : i64}}}
  %r = linalg.matmul {zigzag.source_dims = [{C = 3}, {}]} ins(%a, %b : tensor<4x4xi8>, tensor<4x4xi8>) outs(%c : tensor<4x4xi8>) -> tensor<4x4xi8>
  return %r : tensor<4x4xi8>
}

// -----

func.func @unit_term_dims_count(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>, %c: tensor<4x4xi8>) -> tensor<4x4xi8> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.unit_term_dims' has 2 entries but the op has 3 operands}}
  %r = linalg.matmul {zigzag.unit_term_dims = [[1], []]} ins(%a, %b : tensor<4x4xi8>, tensor<4x4xi8>) outs(%c : tensor<4x4xi8>) -> tensor<4x4xi8>
  return %r : tensor<4x4xi8>
}

// -----

func.func @unit_term_dims_type(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>, %c: tensor<4x4xi8>) -> tensor<4x4xi8> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.unit_term_dims' must be an array of arrays of tensor-dim indices, got ["IX"]}}
  %r = linalg.matmul {zigzag.unit_term_dims = [["IX"], [], []]} ins(%a, %b : tensor<4x4xi8>, tensor<4x4xi8>) outs(%c : tensor<4x4xi8>) -> tensor<4x4xi8>
  return %r : tensor<4x4xi8>
}

// -----

func.func @unit_term_dims_rank(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>, %c: tensor<4x4xi8>) -> tensor<4x4xi8> {
  // expected-error @+1 {{'linalg.matmul' op 'zigzag.unit_term_dims' names dim 2 of operand #1, which has rank 2}}
  %r = linalg.matmul {zigzag.unit_term_dims = [[], [2], []]} ins(%a, %b : tensor<4x4xi8>, tensor<4x4xi8>) outs(%c : tensor<4x4xi8>) -> tensor<4x4xi8>
  return %r : tensor<4x4xi8>
}

// -----

func.func @inputs_share_i1(%a: tensor<4xi8>, %b: tensor<4xi8>, %c: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'linalg.add' op 'zigzag.inputs_share_i1' must be a unit attribute}}
  %r = linalg.add {zigzag.inputs_share_i1 = true} ins(%a, %b : tensor<4xi8>, tensor<4xi8>) outs(%c : tensor<4xi8>) -> tensor<4xi8>
  return %r : tensor<4xi8>
}
