// RUN: zigzag-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{spatial unrolling of loop 'K' over D1 must be positive, got 0}}
func.func @zero_unroll() attributes {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 0]}, temporal = [], levels = {}>} {
  return
}

// -----

// expected-error @+1 {{array dim 'D1' is listed twice in the spatial mapping}}
func.func @dim_twice() attributes {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 2], D2 = [C 2], D1 = [OX 2]}, temporal = [], levels = {}>} {
  return
}

// -----

// expected-error @+1 {{temporal loop 'OX' must have a positive size, got -2}}
func.func @negative_loop() attributes {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [OX -2], levels = {}>} {
  return
}

// -----

// expected-error @+1 {{unknown memory operand 'W' in levels (expected I1, I2 or O)}}
func.func @bad_operand() attributes {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [K 4], levels = {W = [dram 1]}>} {
  return
}

// -----

// expected-error @+1 {{memory operand 'O' is listed twice in levels}}
func.func @operand_twice() attributes {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [K 4], levels = {O = [dram 1], I1 = [dram 1], O = [dram 1]}>} {
  return
}

// -----

// expected-error @+1 {{cut points of O must not decrease: 'dram' ends at 1 below 'sram' at 2}}
func.func @decreasing_cuts() attributes {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [K 4, C 2], levels = {O = [reg 0, sram 2, dram 1]}>} {
  return
}

// -----

// expected-error @+1 {{the top memory level of I1 ('dram') must end at the number of temporal loops (2), got 1}}
func.func @top_not_all() attributes {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [K 4, C 2], levels = {I1 = [sram 1, dram 1]}>} {
  return
}

// -----

// expected-error @+1 {{expected '='}}
func.func @syntax() attributes {zigzag.mapping = #zigzag.mapping<spatial = {D1 [K 2]}, temporal = [], levels = {}>} {
  return
}
