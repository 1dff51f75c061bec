// RUN: zigzag-opt %s -split-input-file --zigzag-apply-mapping -verify-diagnostics
// RUN: not zigzag-opt %s -split-input-file --zigzag-apply-mapping 2>&1 | FileCheck %s --check-prefix=EXIT

// Depth-first stacks that do not fit: a located error, the pass fails and no
// op of the module is rewritten (docs/Rewrite.md, "Depth-first stacks").
// An annotation that is not a #zigzag.depth_first, or one with an unknown
// mode or a tile that is not positive, is a verifier error
// (test/Dialect/ZigZag/results-invalid.mlir).
// EXIT: apply-mapping-depth-first-invalid.mlir:{{[0-9]+}}:{{[0-9]+}}: error: cannot apply 'zigzag.depth_first': tile 8x2 (x by y) is larger than the stack output's feature map 7x7

// The tile is checked against the stack output's feature map (7 x 7), not
// the producers' larger ones.
func.func @tile_too_large(%i: tensor<1x1x11x11xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x9x9xf32>,
                          %o2: tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32> {
  %a = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [8, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  // expected-error @+1 {{cannot apply 'zigzag.depth_first': tile 8x2 (x by y) is larger than the stack output's feature map 7x7}}
  %b = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [8, 2], loops = [3, 2]>}
      ins(%a, %w : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32>
  return %b : tensor<1x1x7x7xf32>
}

// -----

func.func @loops_not_output(%i: tensor<1x1x9x9xf32>, %w: tensor<1x1x3x3xf32>, %o: tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32> {
  // expected-error @+1 {{'loops' names loop 6 for x, but it does not index a dim of the output}}
  %r = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [6, 2]>}
      ins(%i, %w : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o : tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32>
  return %r : tensor<1x1x7x7xf32>
}

// -----

func.func @loops_out_of_range(%i: tensor<1x1x9x9xf32>, %w: tensor<1x1x3x3xf32>, %o: tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32> {
  // expected-error @+1 {{'loops' names loop 9 for y, but the op has 7 loops}}
  %r = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 9]>}
      ins(%i, %w : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o : tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32>
  return %r : tensor<1x1x7x7xf32>
}

// -----

// Only an op alone in its stack may lack 'loops' (no X and Y, e.g. a
// reduction to a vector): it is one tile.
func.func @loops_missing(%i: tensor<1x1x9x9xf32>, %w: tensor<1x1x3x3xf32>, %o: tensor<1x1x7x7xf32>,
                         %o2: tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32> {
  // expected-error @+1 {{'loops' must be [X, Y], the loops indexing the output's width and height, got nothing}}
  %r = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2]>}
      ins(%i, %w : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o : tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32>
  %s = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%r, %w : tensor<1x1x7x7xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32>
  return %s : tensor<1x1x5x5xf32>
}

// -----

func.func @mixed_modes(%i: tensor<1x1x11x11xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x9x9xf32>,
                       %o2: tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32> {
  // expected-note @+1 {{first op of stack 4}}
  %a = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 4, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  // expected-error @+1 {{its mode "fully-recompute" differs from the mode "fully-cached" of stack 4}}
  %b = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 4, mode = "fully-recompute", tile = [2, 2], loops = [3, 2]>}
      ins(%a, %w : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32>
  return %b : tensor<1x1x7x7xf32>
}

// -----

func.func @mixed_tiles(%i: tensor<1x1x11x11xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x9x9xf32>,
                       %o2: tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32> {
  // expected-note @+1 {{first op of stack 0}}
  %a = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  // expected-error @+1 {{its tile array<i64: 3, 2> differs from the tile array<i64: 2, 2> of stack 0}}
  %b = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [3, 2], loops = [3, 2]>}
      ins(%a, %w : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32>
  return %b : tensor<1x1x7x7xf32>
}

// -----

func.func @two_outputs(%i: tensor<1x1x11x11xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x9x9xf32>,
                       %o2: tensor<1x1x9x9xf32>) -> (tensor<1x1x9x9xf32>, tensor<1x1x9x9xf32>) {
  // expected-note @+1 {{other output of stack 0}}
  %a = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  // expected-error @+1 {{stack 0 has more than one output: neither this op nor the one noted is used by another op of the stack}}
  %b = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  return %a, %b : tensor<1x1x9x9xf32>, tensor<1x1x9x9xf32>
}

// -----

// A producer whose result is also used before the stack's output cannot be
// fused: the tile loops, at the output, materialize it only there.
func.func @escaping_producer(%i: tensor<1x1x11x11xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x9x9xf32>,
                             %o2: tensor<1x1x7x7xf32>) -> (tensor<1x1x7x7xf32>, tensor<1x1x9x9xf32>) {
  // expected-error @+1 {{its result is also used outside stack 0 by 'linalg.abs' before the stack's output; the fused stack materializes it only there}}
  %a = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  // expected-note @+1 {{used here}}
  %n = linalg.abs ins(%a : tensor<1x1x9x9xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  %b = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [2, 2], loops = [3, 2]>}
      ins(%a, %w : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32>
  return %b, %n : tensor<1x1x7x7xf32>, tensor<1x1x9x9xf32>
}

// -----

// A producer used after the stack must be computed whole, but a 1x1
// stride-2 consumer skips its odd columns between tiles.
func.func @escaping_gaps(%i: tensor<1x1x9x9xf32>, %w: tensor<1x1x1x1xf32>, %o1: tensor<1x1x9x9xf32>,
                         %o2: tensor<1x1x5x5xf32>) -> (tensor<1x1x5x5xf32>, tensor<1x1x9x9xf32>) {
  // expected-error @+1 {{its result is used after stack 0, but tile 1 along x needs its columns from 2 and tile 0 up to 1: the tiles do not compute the whole result}}
  %a = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [1, 1], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x9x9xf32>, tensor<1x1x1x1xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  %b = linalg.conv_2d_nchw_fchw {strides = dense<2> : tensor<2xi64>, zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [1, 1], loops = [3, 2]>}
      ins(%a, %w : tensor<1x1x9x9xf32>, tensor<1x1x1x1xf32>) outs(%o2 : tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32>
  return %b, %a : tensor<1x1x5x5xf32>, tensor<1x1x9x9xf32>
}

// -----

// The consumer reads its producer transposed: its tiles of columns need
// producer rows, which the producer's row tiles cannot provide.
func.func @transposed_read(%i: tensor<8x8xf32>, %o1: tensor<8x8xf32>, %o2: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %a = linalg.generic {indexing_maps = [affine_map<(y, x) -> (y, x)>, affine_map<(y, x) -> (y, x)>], iterator_types = ["parallel", "parallel"]}
      ins(%i : tensor<8x8xf32>) outs(%o1 : tensor<8x8xf32>)
      attrs = {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [2, 2], loops = [1, 0]>} {
  ^bb0(%v: f32, %u: f32):
    linalg.yield %v : f32
  } -> tensor<8x8xf32>
  // expected-error @+1 {{operand #0 reads the rows of its producer with d1, which does not grow with loop d0 alone; the producer cannot be fused}}
  %b = linalg.generic {indexing_maps = [affine_map<(y, x) -> (x, y)>, affine_map<(y, x) -> (y, x)>], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<8x8xf32>) outs(%o2 : tensor<8x8xf32>)
      attrs = {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [2, 2], loops = [1, 0]>} {
  ^bb0(%v: f32, %u: f32):
    linalg.yield %v : f32
  } -> tensor<8x8xf32>
  return %b : tensor<8x8xf32>
}

// -----

func.func @init_in_stack(%i: tensor<1x1x9x9xf32>, %w: tensor<1x1x1x1xf32>, %o: tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32> {
  %a = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x9x9xf32>, tensor<1x1x1x1xf32>) outs(%o : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  // expected-error @+1 {{its init is produced by another op of stack 0; only inputs can be fused}}
  %b = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x9x9xf32>, tensor<1x1x1x1xf32>) outs(%a : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  return %b : tensor<1x1x9x9xf32>
}

// -----

func.func @not_tileable(%a: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{cannot apply 'zigzag.depth_first': the op does not implement TilingInterface}}
  %r = arith.addf %a, %a {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [2, 2], loops = [1, 0]>} : tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @not_linalg(%a: tensor<4x4xf32>, %d: tensor<2x2x2x2xf32>) -> tensor<2x2x2x2xf32> {
  // expected-error @+1 {{cannot apply 'zigzag.depth_first': only linalg ops can be fused}}
  %r = linalg.pack %a inner_dims_pos = [0, 1] inner_tiles = [2, 2] into %d {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [2, 2], loops = [1, 0]>} : tensor<4x4xf32> -> tensor<2x2x2x2xf32>
  return %r : tensor<2x2x2x2xf32>
}

// -----

// A tensor.pad is only fused between two ops of a stack.
func.func @only_pad(%a: tensor<4x4xf32>, %f: f32) -> tensor<6x6xf32> {
  // expected-error @+1 {{cannot apply 'zigzag.depth_first': stack 0 has no op but tensor.pad}}
  %r = tensor.pad %a low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %f : f32
  } {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [2, 2], loops = [1, 0]>} : tensor<4x4xf32> to tensor<6x6xf32>
  return %r : tensor<6x6xf32>
}

// -----

func.func @buffers(%i: memref<1x1x9x9xf32>, %w: memref<1x1x3x3xf32>, %o: memref<1x1x7x7xf32>) {
  // expected-error @+1 {{stacks are fused on tensors; this op has buffer operands}}
  linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : memref<1x1x9x9xf32>, memref<1x1x3x3xf32>) outs(%o : memref<1x1x7x7xf32>)
  return
}

// -----

// The per-tile mapping is checked like a zigzag.mapping, except for the
// loops over columns and rows (their tile sizes vary): K multiplies to 2,
// not 3.
func.func @bad_tile_mapping(%i: tensor<1x2x9x9xf32>, %w: tensor<3x2x3x3xf32>, %o: tensor<1x3x7x7xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+1 {{cannot apply the per-tile 'mapping' of 'zigzag.depth_first': the temporal loops of 'K' multiply to 2, expected 3 (size 3 / spatial 1, rounded up)}}
  %r = linalg.conv_2d_nchw_fchw {zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2],
        mapping = #zigzag.mapping<spatial = {}, temporal = [K 2, C 2, FY 3, FX 3, OX 2, OY 2], levels = {O = [rf 6]}>>}
      ins(%i, %w : tensor<1x2x9x9xf32>, tensor<3x2x3x3xf32>) outs(%o : tensor<1x3x7x7xf32>) -> tensor<1x3x7x7xf32>
  return %r : tensor<1x3x7x7xf32>
}

// -----

// A valid stack is not rewritten when another stack of the module fails.
func.func @valid(%i: tensor<1x1x9x9xf32>, %w: tensor<1x1x3x3xf32>, %o: tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32> {
  %r = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o : tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32>
  return %r : tensor<1x1x7x7xf32>
}
func.func @invalid(%i: tensor<1x1x9x9xf32>, %w: tensor<1x1x3x3xf32>, %o: tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32> {
  // expected-error @+1 {{tile 9x2 (x by y) is larger than the stack output's feature map 7x7}}
  %r = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 1, mode = "fully-cached", tile = [9, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o : tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32>
  return %r : tensor<1x1x7x7xf32>
}

// -----

// tensor.pad between stack ops: only static, constant padding read by the
// stack alone, and each tile must read some of the producer.
func.func @pad_escapes(%i: tensor<1x1x8x8xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x6x6xf32>,
                       %w2: tensor<1x1x3x3xf32>, %o2: tensor<1x1x6x6xf32>) -> (tensor<1x1x6x6xf32>, tensor<1x1x8x8xf32>) {
  %c = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32>
  %zero = arith.constant 0.0 : f32
  // expected-error @+1 {{cannot apply 'zigzag.depth_first': it pads the result of an op of stack 0 and is also used outside the stack by 'func.return'; the fused stack never materializes it whole}}
  %p = tensor.pad %c low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %y: index, %x: index):
    tensor.yield %zero : f32
  } : tensor<1x1x6x6xf32> to tensor<1x1x8x8xf32>
  %r = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%p, %w2 : tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32>
  // expected-note @+1 {{used here}}
  return %r, %p : tensor<1x1x6x6xf32>, tensor<1x1x8x8xf32>
}

// -----

func.func @pad_not_constant(%i: tensor<1x1x8x8xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x6x6xf32>,
                            %w2: tensor<1x1x3x3xf32>, %o2: tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32> {
  %c = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32>
  // expected-error @+1 {{cannot apply 'zigzag.depth_first': it pads the result of an op of stack 0 for another one, which needs static padding with a constant value in the stack's block}}
  %p = tensor.pad %c low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %y: index, %x: index):
    %yi = arith.index_cast %y : index to i32
    %yf = arith.sitofp %yi : i32 to f32
    tensor.yield %yf : f32
  } : tensor<1x1x6x6xf32> to tensor<1x1x8x8xf32>
  %r = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%p, %w2 : tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32>
  return %r : tensor<1x1x6x6xf32>
}

// -----

// With 3 columns of low padding, the 1x1 conv's first column reads only
// padding: the producer has nothing to compute for it.
func.func @only_padding(%i: tensor<1x1x8x8xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x6x6xf32>,
                        %w2: tensor<1x1x1x1xf32>, %o2: tensor<1x1x6x9xf32>) -> tensor<1x1x6x9xf32> {
  %c = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [1, 1], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32>
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %c low[0, 0, 0, 3] high[0, 0, 0, 0] {
  ^bb0(%a: index, %b: index, %y: index, %x: index):
    tensor.yield %zero : f32
  } : tensor<1x1x6x6xf32> to tensor<1x1x6x9xf32>
  // expected-error @+1 {{cannot apply 'zigzag.depth_first': tile 0 along x reads only the padding of its producer's columns; the padded producer cannot be fused}}
  %r = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [1, 1], loops = [3, 2]>}
      ins(%p, %w2 : tensor<1x1x6x9xf32>, tensor<1x1x1x1xf32>) outs(%o2 : tensor<1x1x6x9xf32>) -> tensor<1x1x6x9xf32>
  return %r : tensor<1x1x6x9xf32>
}

// -----

// A reshape between two stack ops cannot be fused: the error names it.
func.func @reshape_in_stack(%i: tensor<1x1x9x9xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x7x7xf32>,
                            %w2: tensor<1x1x3x3xf32>, %o2: tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32> {
  // expected-note @+1 {{its input comes from this op}}
  %a = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32>
  // expected-error @+1 {{cannot apply 'zigzag.depth_first': 'tensor.collapse_shape' between ops of stack 0 cannot be fused (only tensor.pad can)}}
  %c = tensor.collapse_shape %a [[0, 1], [2], [3]] : tensor<1x1x7x7xf32> into tensor<1x7x7xf32>
  %e = tensor.expand_shape %c [[0, 1], [2], [3]] output_shape [1, 1, 7, 7] : tensor<1x7x7xf32> into tensor<1x1x7x7xf32>
  %b = linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%e, %w2 : tensor<1x1x7x7xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32>
  return %b : tensor<1x1x5x5xf32>
}
