// Constraints under the MAESTRO dataflow search that do not resolve,
// conflict, have no meaning for a dataflow or admit no dataflow: an error at
// the op naming the constraint, non-zero exit. A dataflow the op carries
// that breaks a constraint is not a candidate (a remark says why).
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics --zigzag-attach-hardware="file=%S/Inputs/pe16.m" --zigzag-search-mapping="model=maestro" -o /dev/null
// Without -verify-diagnostics the errors are a non-zero exit.
// RUN: not zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/pe16.m" --zigzag-search-mapping="model=maestro" -o /dev/null 2>&1 | FileCheck %s --check-prefix=EXIT
// EXIT: constraints-invalid.mlir:[[# @LINE + 5]]:8: error: layer 'conv_2d_nchw_fchw_0': no MAESTRO dataflow

func.func @no_dataflow(%i: tensor<1x32x18x18xi8>, %w: tensor<32x32x3x3xi8>, %o: tensor<1x32x16x16xi32>) -> tensor<1x32x16x16xi32> {
  // Every candidate keeps a 3 x 3 window of each PE in l1.
  // expected-error @+1 {{layer 'conv_2d_nchw_fchw_0': no MAESTRO dataflow (of the 140 the search tried) satisfies constraint 'operand I kept out of l1'}}
  %0 = linalg.conv_2d_nchw_fchw {zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"], zigzag.constraints = #zigzag.constraints<keep_out = {I = ["l1"]}>} ins(%i, %w : tensor<1x32x18x18xi8>, tensor<32x32x3x3xi8>) outs(%o : tensor<1x32x16x16xi32>) -> tensor<1x32x16x16xi32>
  return %0 : tensor<1x32x16x16xi32>
}

// -----

func.func @at_dram(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{layer 'matmul_0': constraint 'loop K at dram' has no meaning for a MAESTRO dataflow: its loops are in l1 (the innermost cluster level) or l2 (the levels above), never in dram}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<loop_levels = {K = "dram"}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @too_wide(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{layer 'matmul_0': constraint 'spatial unrolling D=32 on D1' conflicts with the array: spatial unrolling D=32 exceeds array dim D1=16}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<spatial = {D1 = {D = 32}}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @none(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // I held whole in l1, but l1 keeping no tile of W of its own (the
  // innermost cluster level does not iterate): D and C would both have to
  // be spread over the 16 PEs.
  // expected-error @+1 {{layer 'matmul_0': no MAESTRO dataflow (of the 1000 the search tried) satisfies constraint 'operand I held whole in l1'}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<pin = {I = ["l1"]}, keep_out = {W = ["l1"]}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @unknown_loop(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{layer 'matmul_0': constraints of mapping entry 'zigzag.constraints': unknown loop 'M' (the layer's loops: D, K, C)}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<outermost = ["M"]>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

func.func @unknown_memory(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-error @+1 {{unknown memory 'sram' (accelerator 'pe16' has l1, l2, dram)}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<tiles = {sram = {C = 8}}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// The op's own dataflow (the free search's best) unrolls no K: not a
// candidate; the search then finds one that does.
func.func @own_dataflow(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-remark @+1 {{the op's dataflow is not a candidate: it breaks constraint 'spatial unrolling K=4 on D1'}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.dataflow = #zigzag.dataflow<[TemporalMap(16, 16) N, SpatialMap(8, 8) M, TemporalMap(2, 2) K, Cluster(2, P), TemporalMap(16, 16) N, TemporalMap(8, 8) M, SpatialMap(1, 1) K]>, zigzag.constraints = #zigzag.constraints<spatial = {D1 = {K = 4}}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
