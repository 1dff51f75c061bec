// A depth-first stack of three named convs: 5x5 stride 1, 3x3 stride 2,
// 1x1 stride 1 (the stack output, 8 columns by 7 rows). The RUN lines of
// ../depth-first-*.mlir replace MODE and TILE, and drop the per-tile
// mappings (lines ending in "// MAP") for the variant without them.

// The printed result, computed independently (plain nested loops in Python):
// CHECK: [2714,  -12383,  839,  -2475,  -2442,  -844,  223,  -4772]
// CHECK: [12527,  -1798,  -5719,  8745,  -654,  -4988,  9479,  3023]
// CHECK: [-437,  -11929,  884,  -4456,  3652,  -5463,  4867,  7447]
// CHECK: [5073,  -744,  4673,  3445,  -1994,  -7917,  12375,  999]
// CHECK: [-10626,  -2062,  5967,  17110,  -4352,  -14362,  1123,  10974]
// CHECK: [-1433,  -3422,  -4159,  -272,  -3952,  -7588,  -911,  -3694]
// CHECK: [-181,  -3360,  9692,  3921,  -13530,  10998,  9337,  -5572]
// CHECK: [10572,  -14403,  2710,  -3911,  3631,  4486,  4436,  -4384]
// CHECK: [10655,  -854,  3959,  5589,  5246,  -11543,  12530,  -46]
// CHECK: [4148,  -3296,  -2064,  -14025,  2999,  -8137,  4508,  5213]
// CHECK: [-2296,  690,  1905,  -950,  -5033,  -15451,  19059,  1125]
// CHECK: [-8556,  -3282,  15650,  9048,  -7724,  -12180,  137,  11932]
// CHECK: [-12632,  -18217,  7545,  4149,  5165,  -8170,  1596,  -230]
// CHECK: [-8337,  -4255,  15272,  9326,  -22056,  17593,  9621,  -9210]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @compute(%i: tensor<1x2x19x21xf32>, %w1: tensor<3x2x5x5xf32>, %w2: tensor<4x3x3x3xf32>,
                   %w3: tensor<2x4x1x1xf32>) -> tensor<1x2x7x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x3x15x17xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x3x15x17xf32>) -> tensor<1x3x15x17xf32>
  %c1 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "MODE", tile = [TILE], loops = [3, 2]
        , mapping = #zigzag.mapping<spatial = {D1 = [K 3], D2 = [C 2]}, temporal = [FX 5, OX 2, FY 5, OY 2], levels = {I1 = [rf 1, dram 4], I2 = [rf 2, dram 4], O = [rf 2, dram 4]}> // MAP
      >}
      ins(%i, %w1 : tensor<1x2x19x21xf32>, tensor<3x2x5x5xf32>) outs(%o1 : tensor<1x3x15x17xf32>) -> tensor<1x3x15x17xf32>
  %e2 = tensor.empty() : tensor<1x4x7x8xf32>
  %o2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x4x7x8xf32>) -> tensor<1x4x7x8xf32>
  %c2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "MODE", tile = [TILE], loops = [3, 2]
        , mapping = #zigzag.mapping<spatial = {D1 = [OX 2]}, temporal = [C 3, FX 3, FY 3, K 4, OY 3, OX 2], levels = {I1 = [sram 3, dram 6], I2 = [rf 1, dram 6], O = [rf 3, dram 6]}> // MAP
      >}
      ins(%c1, %w2 : tensor<1x3x15x17xf32>, tensor<4x3x3x3xf32>) outs(%o2 : tensor<1x4x7x8xf32>) -> tensor<1x4x7x8xf32>
  %e3 = tensor.empty() : tensor<1x2x7x8xf32>
  %o3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<1x2x7x8xf32>) -> tensor<1x2x7x8xf32>
  %c3 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "MODE", tile = [TILE], loops = [3, 2]
        , mapping = #zigzag.mapping<spatial = {D1 = [K 2], D2 = [C 4]}, temporal = [OX 3, OY 2], levels = {I1 = [rf 0, dram 2], I2 = [rf 2], O = [rf 1, dram 2]}> // MAP
      >}
      ins(%c2, %w3 : tensor<1x4x7x8xf32>, tensor<2x4x1x1xf32>) outs(%o3 : tensor<1x2x7x8xf32>) -> tensor<1x2x7x8xf32>
  return %c3 : tensor<1x2x7x8xf32>
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
  %n0 = arith.constant 798 : index
  %n1 = arith.constant 150 : index
  %n2 = arith.constant 108 : index
  %n3 = arith.constant 8 : index
  %f0 = func.call @filled(%n0, %c0) : (index, index) -> tensor<?xf32>
  %f1 = func.call @filled(%n1, %c1) : (index, index) -> tensor<?xf32>
  %f2 = func.call @filled(%n2, %c2) : (index, index) -> tensor<?xf32>
  %f3 = func.call @filled(%n3, %c3) : (index, index) -> tensor<?xf32>
  %s0 = tensor.cast %f0 : tensor<?xf32> to tensor<798xf32>
  %s1 = tensor.cast %f1 : tensor<?xf32> to tensor<150xf32>
  %s2 = tensor.cast %f2 : tensor<?xf32> to tensor<108xf32>
  %s3 = tensor.cast %f3 : tensor<?xf32> to tensor<8xf32>
  %i = tensor.expand_shape %s0 [[0, 1, 2, 3]] output_shape [1, 2, 19, 21] : tensor<798xf32> into tensor<1x2x19x21xf32>
  %w1 = tensor.expand_shape %s1 [[0, 1, 2, 3]] output_shape [3, 2, 5, 5] : tensor<150xf32> into tensor<3x2x5x5xf32>
  %w2 = tensor.expand_shape %s2 [[0, 1, 2, 3]] output_shape [4, 3, 3, 3] : tensor<108xf32> into tensor<4x3x3x3xf32>
  %w3 = tensor.expand_shape %s3 [[0, 1, 2, 3]] output_shape [2, 4, 1, 1] : tensor<8xf32> into tensor<2x4x1x1xf32>
  %r = func.call @compute(%i, %w1, %w2, %w3)
      : (tensor<1x2x19x21xf32>, tensor<3x2x5x5xf32>, tensor<4x3x3x3xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x7x8xf32>
  %u = tensor.cast %r : tensor<1x2x7x8xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
