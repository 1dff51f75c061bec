// RUN: zigzag-opt %s --split-input-file --verify-diagnostics --zigzag-apply-mapping
// A mapping that does not fit its op is an error located at the op; no op of
// the module is rewritten then.
// RUN: not zigzag-opt %s --split-input-file --zigzag-apply-mapping 2>&1 | FileCheck %s --check-prefix=LOC
// RUN: not zigzag-opt %s --split-input-file --zigzag-apply-mapping --mlir-print-ir-after-failure 2>&1 | FileCheck %s --check-prefix=UNCHANGED

// LOC: apply-mapping-invalid.mlir:[[# @LINE + 4]]:8: error: cannot apply 'zigzag.mapping': the temporal loops of 'M' multiply to 3, expected 8 (size 8 / spatial 1, rounded up)
// LOC-NOT: scf.for
func.func @factors_do_not_multiply(%a: tensor<8x4xf32>, %b: tensor<4x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{cannot apply 'zigzag.mapping': the temporal loops of 'M' multiply to 3, expected 8 (size 8 / spatial 1, rounded up)}}
  %r = linalg.matmul {zigzag.loop_names = ["M", "N", "K"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [N 4]}, temporal = [K 4, M 3], levels = {O = [rf 1, dram 2]}>}
      ins(%a, %b : tensor<8x4xf32>, tensor<4x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

func.func @loop_not_covered(%a: tensor<8x4xf32>, %b: tensor<4x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{the temporal loops of 'd0' multiply to 1, expected 8 (size 8 / spatial 1, rounded up)}}
  %r = linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d1 4]}, temporal = [d2 4], levels = {}>}
      ins(%a, %b : tensor<8x4xf32>, tensor<4x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

func.func @unknown_loop(%a: tensor<8x4xf32>, %b: tensor<4x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{cannot apply 'zigzag.mapping': the mapping names loop 'OX', which the op does not have (its loops: M, N, K)}}
  %r = linalg.matmul {zigzag.loop_names = ["M", "N", "K"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [OX 4]}, temporal = [K 4, M 8], levels = {}>}
      ins(%a, %b : tensor<8x4xf32>, tensor<4x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

func.func @over_unrolled(%a: tensor<8x4xf32>, %b: tensor<4x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{loop 'd1' of size 4 is unrolled 8 times in space}}
  %r = linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d1 8]}, temporal = [d2 4, d0 8], levels = {}>}
      ins(%a, %b : tensor<8x4xf32>, tensor<4x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// A dynamic loop needs the size its mapping was chosen for.
func.func @dynamic_shape(%a: tensor<?x4xf32>, %b: tensor<4x4xf32>, %c: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{cannot apply 'zigzag.mapping': loop 'd0' has a dynamic size; give it one to optimise for with --zigzag-search-mapping="assume-dims=d0=<size>"}}
  %r = linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [d0 8, d1 4, d2 4], levels = {}>}
      ins(%a, %b : tensor<?x4xf32>, tensor<4x4xf32>) outs(%c : tensor<?x4xf32>) -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

func.func @no_tiling_interface(%a: f32, %b: f32) -> f32 {
  // expected-error @+1 {{cannot apply 'zigzag.mapping': the op does not implement TilingInterface}}
  %r = arith.addf %a, %b {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [], levels = {}>} : f32
  return %r : f32
}

// -----

func.func @not_a_mapping(%a: tensor<8x4xf32>, %b: tensor<4x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{cannot apply 'zigzag.mapping': the attribute must be a #zigzag.mapping, got "K 4"}}
  %r = linalg.matmul {zigzag.mapping = "K 4"}
      ins(%a, %b : tensor<8x4xf32>, tensor<4x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>
func.func @levels_of_missing_operand(%a: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{cannot apply 'zigzag.mapping': the mapping gives memory levels for I2, which the op does not have}}
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"],
      zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [d0 4, d1 4], levels = {I2 = [rf 1, dram 2]}>}
      ins(%a : tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  } -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

#in = affine_map<(i, k) -> (i, k)>
#out = affine_map<(i, k) -> (i)>
func.func @reduction_without_neutral_element(%a: tensor<4x6xf32>, %c: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{reduction loop 'd1' is unrolled in space, but the combining op 'arith.subf' has no neutral element to start partial results}}
  %r = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "reduction"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d1 2]}, temporal = [d1 3, d0 4], levels = {}>}
      ins(%a : tensor<4x6xf32>) outs(%c : tensor<4xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.subf %acc, %x : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// The valid op is not rewritten either when another op of the module fails.
// UNCHANGED-LABEL: func.func @one_valid_one_invalid
// UNCHANGED-NEXT:    linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [d0 8, d1 4, d2 4], levels = {}>}
// UNCHANGED-NEXT:    linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [d0 8, d1 4, d2 2], levels = {}>}
// UNCHANGED-NEXT:    return
func.func @one_valid_one_invalid(%a: tensor<8x4xf32>, %b: tensor<4x4xf32>, %c: tensor<8x4xf32>) -> (tensor<8x4xf32>, tensor<8x4xf32>) {
  %ok = linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [d0 8, d1 4, d2 4], levels = {}>}
      ins(%a, %b : tensor<8x4xf32>, tensor<4x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  // expected-error @+1 {{the temporal loops of 'd2' multiply to 2, expected 4}}
  %bad = linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [d0 8, d1 4, d2 2], levels = {}>}
      ins(%a, %b : tensor<8x4xf32>, tensor<4x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %ok, %bad : tensor<8x4xf32>, tensor<8x4xf32>
}
