// Mappings that do not fit the op or the accelerator.
// REQUIRES: zigzag-reference
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/gemm_l1.yaml" --zigzag-estimate-cost

func.func @factors(%i: tensor<128x128xi8>, %w: tensor<128x128xi8>, %o: tensor<128x128xi32>) -> tensor<128x128xi32> {
  // expected-error @+1 {{the temporal loops of 'D1' multiply to 8, expected 16 (size 128 / spatial 8, rounded up)}}
  %0 = linalg.matmul {zigzag.loop_names = ["D0", "D1", "D2"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [D0 8], D2 = [D2 8], D3 = [D1 8]}, temporal = [D1 8, D2 16, D0 16], levels = {I1 = [l1 3], I2 = [l1 3], O = [reg_O 0, l1 3]}>}
      ins(%i, %w : tensor<128x128xi8>, tensor<128x128xi8>) outs(%o : tensor<128x128xi32>) -> tensor<128x128xi32>
  return %0 : tensor<128x128xi32>
}

// -----

func.func @unknown_loop(%i: tensor<128x128xi8>, %w: tensor<128x128xi8>, %o: tensor<128x128xi32>) -> tensor<128x128xi32> {
  // expected-error @+1 {{mapping names loop 'K', which layer 'matmul_0' does not have (its loops: D0, D1, D2)}}
  %0 = linalg.matmul {zigzag.loop_names = ["D0", "D1", "D2"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 8]}, temporal = [], levels = {}>}
      ins(%i, %w : tensor<128x128xi8>, tensor<128x128xi8>) outs(%o : tensor<128x128xi32>) -> tensor<128x128xi32>
  return %0 : tensor<128x128xi32>
}

// -----

func.func @over_unrolled(%i: tensor<128x128xi8>, %w: tensor<128x128xi8>, %o: tensor<128x128xi32>) -> tensor<128x128xi32> {
  // expected-error @+1 {{spatial unrolling over D1 is 16, more than its size 8}}
  %0 = linalg.matmul {zigzag.loop_names = ["D0", "D1", "D2"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [D0 16]}, temporal = [D0 8, D1 128, D2 128], levels = {I1 = [l1 3], I2 = [l1 3], O = [reg_O 0, l1 3]}>}
      ins(%i, %w : tensor<128x128xi8>, tensor<128x128xi8>) outs(%o : tensor<128x128xi32>) -> tensor<128x128xi32>
  return %0 : tensor<128x128xi32>
}

// -----

func.func @unknown_array_dim(%i: tensor<128x128xi8>, %w: tensor<128x128xi8>, %o: tensor<128x128xi32>) -> tensor<128x128xi32> {
  // expected-error @+1 {{mapping unrolls over array dim 'D7', which accelerator 'gemm_l1' does not have}}
  %0 = linalg.matmul {zigzag.loop_names = ["D0", "D1", "D2"],
      zigzag.mapping = #zigzag.mapping<spatial = {D7 = [D0 2]}, temporal = [], levels = {}>}
      ins(%i, %w : tensor<128x128xi8>, tensor<128x128xi8>) outs(%o : tensor<128x128xi32>) -> tensor<128x128xi32>
  return %0 : tensor<128x128xi32>
}

// -----

func.func @wrong_memories(%i: tensor<128x128xi8>, %w: tensor<128x128xi8>, %o: tensor<128x128xi32>) -> tensor<128x128xi32> {
  // expected-error @+1 {{the levels of O must name its memories innermost first: reg_O, l1}}
  %0 = linalg.matmul {zigzag.loop_names = ["D0", "D1", "D2"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [D0 8], D2 = [D2 8], D3 = [D1 8]}, temporal = [D1 16, D2 16, D0 16], levels = {I1 = [l1 3], I2 = [l1 3], O = [l1 3]}>}
      ins(%i, %w : tensor<128x128xi8>, tensor<128x128xi8>) outs(%o : tensor<128x128xi32>) -> tensor<128x128xi32>
  return %0 : tensor<128x128xi32>
}

// -----

// reg_O holds 32 bits per instance: a 16x16 output tile does not fit.
func.func @overflow(%i: tensor<128x128xi8>, %w: tensor<128x128xi8>, %o: tensor<128x128xi32>) -> tensor<128x128xi32> {
  // expected-error @+1 {{mapping of layer 'matmul_0' does not fit 'gemm_l1': }}
  %0 = linalg.matmul {zigzag.loop_names = ["D0", "D1", "D2"],
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 32, o_final = 8>,
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [D0 8], D2 = [D2 8], D3 = [D1 8]}, temporal = [D1 16, D0 16, D2 16], levels = {I1 = [l1 3], I2 = [l1 3], O = [reg_O 2, l1 3]}>}
      ins(%i, %w : tensor<128x128xi8>, tensor<128x128xi8>) outs(%o : tensor<128x128xi32>) -> tensor<128x128xi32>
  return %0 : tensor<128x128xi32>
}
