// A depth-first stack with a branch, generic ops and a stride-2 1x1 conv:
//   p1 = 3x3 conv as a linalg.generic            1x4x15x17
//   p2 = 5x5 conv of p1                          1x4x11x13
//   p3 = p2 + the centre of p1 (linalg.generic)  1x4x11x13  (p1 has two consumers)
//   p4 = 1x1 conv of p3 with stride 2            1x3x6x7    (stack output)
// p4 reads every other row and column of p3, so the others are never
// computed. The RUN lines of ../depth-first-*.mlir replace MODE and TILE, and
// drop the per-tile mappings (lines ending in "// MAP").

#conv_in = affine_map<(b, k, y, x, c, fy, fx) -> (b, c, y + fy, x + fx)>
#conv_w = affine_map<(b, k, y, x, c, fy, fx) -> (k, c, fy, fx)>
#conv_out = affine_map<(b, k, y, x, c, fy, fx) -> (b, k, y, x)>
#id = affine_map<(b, k, y, x) -> (b, k, y, x)>
#centre = affine_map<(b, k, y, x) -> (b, k, y + 2, x + 2)>

// The printed result, computed independently (plain nested loops in Python):
// CHECK: [-12610,  -144,  3541,  5387,  -9850,  310,  -9542]
// CHECK: [13232,  1651,  -1757,  -4876,  -11525,  -11438,  -8977]
// CHECK: [2790,  -1128,  -6489,  7910,  16462,  -3405,  5710]
// CHECK: [-9344,  -466,  3132,  -2019,  -7335,  -5154,  -7697]
// CHECK: [11037,  -4530,  -8855,  3671,  6315,  3371,  -6981]
// CHECK: [-5146,  1818,  3365,  -490,  -8246,  -2862,  2961]
// CHECK: [-14497,  -6244,  -2550,  4457,  12456,  22058,  1795]
// CHECK: [-23785,  -10122,  5212,  12778,  -18260,  -4680,  -5639]
// CHECK: [15248,  -12152,  -10051,  1807,  11455,  19250,  19672]
// CHECK: [-6779,  284,  11594,  1284,  -5449,  -9035,  13057]
// CHECK: [11713,  6986,  -16010,  -2196,  15428,  2569,  -17448]
// CHECK: [-11549,  -1122,  -6578,  4204,  -3969,  20278,  10110]
// CHECK: [4149,  3832,  9882,  -4656,  -10631,  -2244,  -4574]
// CHECK: [15439,  15340,  -5218,  -11403,  18352,  -1294,  19973]
// CHECK: [-15236,  14565,  1276,  5136,  -16156,  -10956,  882]
// CHECK: [9250,  -4294,  -19041,  932,  4451,  17767,  -1956]
// CHECK: [3796,  11095,  16924,  -4230,  -13959,  11371,  25767]
// CHECK: [-241,  5908,  -3554,  -6400,  7734,  -9893,  -19767]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @compute(%i: tensor<1x2x17x19xf32>, %w1: tensor<4x2x3x3xf32>, %w2: tensor<4x4x5x5xf32>,
                   %w4: tensor<3x4x1x1xf32>) -> tensor<1x3x6x7xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x4x15x17xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x4x15x17xf32>) -> tensor<1x4x15x17xf32>
  %p1 = linalg.generic {indexing_maps = [#conv_in, #conv_w, #conv_out],
      iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%i, %w1 : tensor<1x2x17x19xf32>, tensor<4x2x3x3xf32>) outs(%o1 : tensor<1x4x15x17xf32>)
      attrs = {zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
               zigzag.depth_first = #zigzag.depth_first<stack = 3, mode = "MODE", tile = [TILE], loops = [3, 2]
                 , mapping = #zigzag.mapping<spatial = {D1 = [K 4], D2 = [FX 3]}, temporal = [C 2, FY 3, OX 4, OY 3], levels = {I1 = [rf 2, dram 4], I2 = [rf 2, dram 4], O = [rf 2, dram 4]}> // MAP
               >} {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x4x15x17xf32>
  %e2 = tensor.empty() : tensor<1x4x11x13xf32>
  %o2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x4x11x13xf32>) -> tensor<1x4x11x13xf32>
  %p2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.depth_first = #zigzag.depth_first<stack = 3, mode = "MODE", tile = [TILE], loops = [3, 2]
        , mapping = #zigzag.mapping<spatial = {D1 = [C 4], D2 = [OX 2]}, temporal = [FX 5, FY 5, K 4, OX 2], levels = {I1 = [rf 1, dram 4], I2 = [rf 3, dram 4], O = [rf 3, dram 4]}> // MAP
      >}
      ins(%p1, %w2 : tensor<1x4x15x17xf32>, tensor<4x4x5x5xf32>) outs(%o2 : tensor<1x4x11x13xf32>) -> tensor<1x4x11x13xf32>
  %e3 = tensor.empty() : tensor<1x4x11x13xf32>
  %p3 = linalg.generic {indexing_maps = [#id, #centre, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%p2, %p1 : tensor<1x4x11x13xf32>, tensor<1x4x15x17xf32>) outs(%e3 : tensor<1x4x11x13xf32>)
      attrs = {zigzag.loop_names = ["B", "K", "OY", "OX"],
               zigzag.depth_first = #zigzag.depth_first<stack = 3, mode = "MODE", tile = [TILE], loops = [3, 2]
                 , mapping = #zigzag.mapping<spatial = {D1 = [K 2]}, temporal = [K 2, OX 3, OY 2], levels = {I1 = [rf 1, dram 3], O = [rf 1, dram 3]}> // MAP
               >} {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x4x11x13xf32>
  %e4 = tensor.empty() : tensor<1x3x6x7xf32>
  %o4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<1x3x6x7xf32>) -> tensor<1x3x6x7xf32>
  %p4 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.depth_first = #zigzag.depth_first<stack = 3, mode = "MODE", tile = [TILE], loops = [3, 2]
        , mapping = #zigzag.mapping<spatial = {D1 = [K 3], D2 = [C 2]}, temporal = [C 2, OX 2], levels = {I1 = [rf 1, dram 2], I2 = [rf 2], O = [rf 2]}> // MAP
      >}
      ins(%p3, %w4 : tensor<1x4x11x13xf32>, tensor<3x4x1x1xf32>) outs(%o4 : tensor<1x3x6x7xf32>) -> tensor<1x3x6x7xf32>
  return %p4 : tensor<1x3x6x7xf32>
}

// Element n (row-major) of a tensor filled by @filled:
// ((3 * n * n + 7 * n + seed) mod 211 mod 11) - 5 (shifts of the
// feature maps change it, so misplaced tiles show).
func.func @filled(%size: index, %seed: index) -> tensor<?xf32> {
  %e = tensor.empty(%size) : tensor<?xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n) -> (n)>], iterator_types = ["parallel"]}
      outs(%e : tensor<?xf32>) {
  ^bb0(%o: f32):
    %n = linalg.index 0 : index
    %c7 = arith.constant 7 : index
    %c11 = arith.constant 11 : index
    %c3 = arith.constant 3 : index
    %n3 = arith.muli %n, %c3 : index
    %n3p7 = arith.addi %n3, %c7 : index
    %q = arith.muli %n, %n3p7 : index
    %s = arith.addi %q, %seed : index
    %c211 = arith.constant 211 : index
    %r211 = arith.remui %s, %c211 : index
    %m = arith.remui %r211, %c11 : index
    %mi = arith.index_cast %m : index to i32
    %five = arith.constant 5 : i32
    %v = arith.subi %mi, %five : i32
    %f = arith.sitofp %v : i32 to f32
    linalg.yield %f : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n0 = arith.constant 646 : index
  %n1 = arith.constant 72 : index
  %n2 = arith.constant 400 : index
  %n3 = arith.constant 12 : index
  %f0 = func.call @filled(%n0, %c0) : (index, index) -> tensor<?xf32>
  %f1 = func.call @filled(%n1, %c1) : (index, index) -> tensor<?xf32>
  %f2 = func.call @filled(%n2, %c2) : (index, index) -> tensor<?xf32>
  %f3 = func.call @filled(%n3, %c3) : (index, index) -> tensor<?xf32>
  %s0 = tensor.cast %f0 : tensor<?xf32> to tensor<646xf32>
  %s1 = tensor.cast %f1 : tensor<?xf32> to tensor<72xf32>
  %s2 = tensor.cast %f2 : tensor<?xf32> to tensor<400xf32>
  %s3 = tensor.cast %f3 : tensor<?xf32> to tensor<12xf32>
  %i = tensor.expand_shape %s0 [[0, 1, 2, 3]] output_shape [1, 2, 17, 19] : tensor<646xf32> into tensor<1x2x17x19xf32>
  %w1 = tensor.expand_shape %s1 [[0, 1, 2, 3]] output_shape [4, 2, 3, 3] : tensor<72xf32> into tensor<4x2x3x3xf32>
  %w2 = tensor.expand_shape %s2 [[0, 1, 2, 3]] output_shape [4, 4, 5, 5] : tensor<400xf32> into tensor<4x4x5x5xf32>
  %w4 = tensor.expand_shape %s3 [[0, 1, 2, 3]] output_shape [3, 4, 1, 1] : tensor<12xf32> into tensor<3x4x1x1xf32>
  %r = func.call @compute(%i, %w1, %w2, %w4)
      : (tensor<1x2x17x19xf32>, tensor<4x2x3x3xf32>, tensor<4x4x5x5xf32>, tensor<3x4x1x1xf32>) -> tensor<1x3x6x7xf32>
  %u = tensor.cast %r : tensor<1x3x6x7xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
