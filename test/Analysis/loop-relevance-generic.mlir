// RUN: zigzag-opt %s -split-input-file --zigzag-print-loop-relevance -o /dev/null | FileCheck %s

// A conv as a generic with ZigZag's loop order and names (what the workload
// importer produces), precisions from the module, operand order O W I.
// CHECK-LABEL: layer "conv" linalg.generic
// CHECK-NEXT:    loops: B=1 K=8 C=4 OY=5 OX=5 FY=3 FX=3
// CHECK-NEXT:    reduction: C FY FX
// CHECK-NEXT:    I1 = input 0: tensor<1x4x11x11xi8>, 4 b, constant
// CHECK-NEXT:      r: B C
// CHECK-NEXT:      ir: K
// CHECK-NEXT:      pr: OY OX FY FX
// CHECK-NEXT:        IY = 2*OY + 1*FY (extent 11)
// CHECK-NEXT:        IX = 2*OX + 1*FX (extent 11)
// CHECK-NEXT:      size: 484 elements, 1936 bits
// CHECK-NEXT:    I2 = input 1: tensor<8x4x3x3xi8>, 2 b, constant
// CHECK-NEXT:      r: K C FY FX
// CHECK-NEXT:      ir: B OY OX
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 288 elements, 576 bits
// CHECK-NEXT:    O = init 0: tensor<1x8x5x5xi8>, 16 b, final 8 b
// CHECK-NEXT:      r: B K OY OX
// CHECK-NEXT:      ir: C FY FX
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 200 elements, 3200 bits, final 1600 bits
// CHECK-NEXT:    order: O I2 I1
// CHECK-NEXT:    macs: 7200
#mi = affine_map<(b, k, c, oy, ox, fy, fx) -> (b, c, oy * 2 + fy, ox * 2 + fx)>
#mw = affine_map<(b, k, c, oy, ox, fy, fx) -> (k, c, fy, fx)>
#mo = affine_map<(b, k, c, oy, ox, fy, fx) -> (b, k, oy, ox)>
module attributes {zigzag.precision = #zigzag.precision<i1 = 4, i2 = 2, o = 16, o_final = 8>} {
  func.func @conv(%i: tensor<1x4x11x11xi8>, %w: tensor<8x4x3x3xi8>, %o: tensor<1x8x5x5xi8>) -> tensor<1x8x5x5xi8> {
    %r = linalg.generic {indexing_maps = [#mi, #mw, #mo],
                         iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction", "reduction"]}
        ins(%i, %w : tensor<1x4x11x11xi8>, tensor<8x4x3x3xi8>) outs(%o : tensor<1x8x5x5xi8>)
        attrs = {zigzag.layer_name = "conv", zigzag.loop_names = ["B", "K", "C", "OY", "OX", "FY", "FX"],
                 zigzag.operand_order = ["O", "I2", "I1"]} {
    ^bb0(%a: i8, %b: i8, %c: i8):
      %m = arith.muli %a, %b : i8
      %s = arith.addi %c, %m : i8
      linalg.yield %s : i8
    } -> tensor<1x8x5x5xi8>
    return %r : tensor<1x8x5x5xi8>
  }
}

// -----

// zigzag.operands swaps the inputs' roles; the op's own precision wins over
// the function's.
// CHECK-LABEL: layer "swapped" linalg.matmul
// CHECK-NEXT:    loops: M=16 N=8 K=4
// CHECK-NEXT:    reduction: K
// CHECK-NEXT:    I1 = input 1: tensor<4x8xi8>, 3 b, constant
// CHECK-NEXT:      r: N K
// CHECK-NEXT:      ir: M
// CHECK:         I2 = input 0: tensor<16x4xi8>, 5 b, constant
// CHECK-NEXT:      r: M K
// CHECK-NEXT:      ir: N
// CHECK:         O = init 0: tensor<16x8xi32>, 24 b, final 12 b
// CHECK:         order: O I2 I1
func.func @swapped(%a: tensor<16x4xi8>, %b: tensor<4x8xi8>, %c: tensor<16x8xi32>) -> tensor<16x8xi32>
    attributes {zigzag.precision = #zigzag.precision<i1 = 1, i2 = 1, o = 1, o_final = 1>} {
  %r = linalg.matmul {zigzag.layer_name = "swapped", zigzag.loop_names = ["M", "N", "K"],
                      zigzag.operands = ["I2", "I1", "O"], zigzag.operand_order = ["O", "I2", "I1"],
                      zigzag.precision = #zigzag.precision<i1 = 3, i2 = 5, o = 24, o_final = 12>}
    ins(%a, %b : tensor<16x4xi8>, tensor<4x8xi8>) outs(%c : tensor<16x8xi32>) -> tensor<16x8xi32>
  return %r : tensor<16x8xi32>
}

// -----

// More than two terms and constant offsets in one index: one pr dim with
// three terms (26 of its 28 indices are reachable); an offset alone
// ("d1 + 1") keeps its loop relevant.
// CHECK-LABEL: layer "generic_0" linalg.generic
// CHECK-NEXT:    loops: d0=4 d1=5 d2=3
// CHECK-NEXT:    reduction: d2
// CHECK-NEXT:    I1 = input 0: tensor<30x6xf32>, 32 b, constant
// CHECK-NEXT:      r: d1
// CHECK-NEXT:      ir: -
// CHECK-NEXT:      pr: d0 d2
// CHECK-NEXT:        dim0 = 3*d0 + 5*d2 + 2*d1 (extent 26)
// CHECK-NEXT:      size: 130 elements, 4160 bits
// CHECK-NEXT:    I2 = input 1: tensor<3xf32>, 32 b, constant
// CHECK-NEXT:      r: d2
// CHECK-NEXT:      ir: d0 d1
#three = affine_map<(d0, d1, d2) -> (d0 * 3 + d2 * 5 + d1 * 2, d1 + 1)>
#tap = affine_map<(d0, d1, d2) -> (d2)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @three_terms(%x: tensor<30x6xf32>, %y: tensor<3xf32>, %o: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %r = linalg.generic {indexing_maps = [#three, #tap, #out], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %y : tensor<30x6xf32>, tensor<3xf32>) outs(%o : tensor<4x5xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// -----

// A strided single-loop index (2*d0) is relevant, not partially relevant.
// CHECK-LABEL: layer "generic_0" linalg.generic
// CHECK:         I1 = input 0: tensor<15xf32>, 32 b, constant
// CHECK-NEXT:      r: d0
// CHECK-NEXT:      ir: -
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 8 elements, 256 bits
#strided = affine_map<(d0) -> (d0 * 2)>
#id1 = affine_map<(d0) -> (d0)>
func.func @strided(%x: tensor<15xf32>, %o: tensor<8xf32>) -> tensor<8xf32> {
  %r = linalg.generic {indexing_maps = [#strided, #id1], iterator_types = ["parallel"]}
      ins(%x : tensor<15xf32>) outs(%o : tensor<8xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// DeFiNES's 1x1 conv I[b][c][iy][ix] with iy = oy + fy, ix = 2*ox + fx and
// FY = FX = 1, as the workload importer builds it: the size-1 loops are left
// out, so OY and OX index I alone (relevant); zigzag.unit_term_dims names
// those dims so that the DeFiNES flavour keeps them partially relevant.
// CHECK-LABEL: layer "pointwise" linalg.generic
// CHECK:         I1 = input 0: tensor<1x4x5x9xi8>, 8 b
// CHECK-NEXT:      r: B C OY OX
// CHECK-NEXT:      ir: K
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size-1 terms left out (pr for DeFiNES): OY OX
// CHECK-NEXT:      size: 100 elements, 800 bits
// CHECK:         I2 = input 1: tensor<8x4xi8>, 8 b
// CHECK-NEXT:      r: K C
// CHECK-NEXT:      ir: B OY OX
// CHECK-NEXT:      pr: -
// CHECK-NEXT:      size: 32 elements, 256 bits
#pi = affine_map<(b, k, c, oy, ox) -> (b, c, oy, ox * 2)>
#pw = affine_map<(b, k, c, oy, ox) -> (k, c)>
#po = affine_map<(b, k, c, oy, ox) -> (b, k, oy, ox)>
func.func @pointwise(%i: tensor<1x4x5x9xi8>, %w: tensor<8x4xi8>, %o: tensor<1x8x5x5xi8>) -> tensor<1x8x5x5xi8> {
  %r = linalg.generic {indexing_maps = [#pi, #pw, #po],
                       iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel"]}
      ins(%i, %w : tensor<1x4x5x9xi8>, tensor<8x4xi8>) outs(%o : tensor<1x8x5x5xi8>)
      attrs = {zigzag.layer_name = "pointwise", zigzag.loop_names = ["B", "K", "C", "OY", "OX"],
               zigzag.unit_term_dims = [[2, 3], [], []]} {
  ^bb0(%a: i8, %b: i8, %c: i8):
    %m = arith.muli %a, %b : i8
    %s = arith.addi %c, %m : i8
    linalg.yield %s : i8
  } -> tensor<1x8x5x5xi8>
  return %r : tensor<1x8x5x5xi8>
}
