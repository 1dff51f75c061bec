// Constraints that do not resolve, conflict or admit no mapping: an error at
// the op naming the constraint, non-zero exit, no crash (both engines); bad
// attributes are rejected by the verifier.
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping -o /dev/null
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive budget-nodes=5000" -o /dev/null
// The errors make the tool exit non-zero:
// RUN: not zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping -o /dev/null 2>&1 | FileCheck %s --check-prefix=EXIT
// EXIT: error: layer 'matmul_0': constraint 'spatial unrolling K=8 on D1' conflicts with the array

func.func @too_wide(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{layer 'matmul_0': constraint 'spatial unrolling K=8 on D1' conflicts with the array: spatial unrolling K=8 exceeds array dim D1=4}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<spatial = {D1 = {K = 8}}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @capacity(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{satisfies constraint 'tile K=16 at reg_O'}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<tiles = {reg_O = {K = 16}}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @not_dividing(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{layer 'matmul_0': constraint 'tile C=12 at sram' conflicts with the layer: 12 does not divide loop C=32}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<tiles = {sram = {C = 12}}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @utilization(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{layer 'matmul_0': no spatial mapping satisfies constraint 'spatial unrolling C=2 on D1'}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<spatial = {D1 = {C = 2}}, min_utilization = 0.75>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @no_ordering(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // K outermost, but all of K in reg_O, which holds one output.
  // expected-error @+1 {{satisfies constraint 'loop K at reg_O'}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<outermost = ["K"], loop_levels = {K = "reg_O"}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @unknown_loop(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{layer 'matmul_0': constraints of mapping entry 'zigzag.constraints': unknown loop 'Q' (the layer's loops: D, K, C)}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<loop_levels = {Q = "sram"}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @unknown_memory(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{unknown memory 'l2' (accelerator 'array4x4' has reg_O, sram, dram)}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<pin = {W = "l2"}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @unknown_operand(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{unknown operand 'X' (the layer's operands: I, W, O)}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<keep_out = {X = "sram"}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @not_held(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{memory 'reg_O' does not hold operand 'W'}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<pin = {W = "reg_O"}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @top_memory(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{operand 'O' cannot be kept out of 'dram', its top memory}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<keep_out = {O = "dram"}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @bad_factor(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'spatial': the unrolling of "K" at "D1" must be a positive integer, got 0}}
  %0 = linalg.matmul {zigzag.constraints = #zigzag.constraints<spatial = {D1 = {K = 0}}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @bad_utilization(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'min_utilization' must be in [0, 1], got 1.5}}
  %0 = linalg.matmul {zigzag.constraints = #zigzag.constraints<min_utilization = 1.5>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @bad_kind(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{'zigzag.constraints' must be a #zigzag.constraints attribute, got "K"}}
  %0 = linalg.matmul {zigzag.constraints = "K"} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
