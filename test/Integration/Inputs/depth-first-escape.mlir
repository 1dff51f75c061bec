// A two-conv stack whose first conv's result is also returned (it escapes
// the stack: the tile loops also fill it whole), with per-tile mappings that
// unroll the column and row loops over two array dims (lanes past a partial
// tile stay idle), and a matmul whose M and K loops are unrolled over two
// array dims with sizes 7 and 5 that the unrolling 4 does not divide. The
// RUN lines of ../depth-first-escape.mlir replace MODE and TILE, and drop
// the per-tile mappings (lines ending in "// MAP") for the variant without
// them.

func.func @compute(%i: tensor<1x2x11x11xf32>, %w: tensor<2x2x3x3xf32>, %o: tensor<1x2x9x9xf32>, %w2: tensor<3x2x3x3xf32>, %o2: tensor<1x3x7x7xf32>,
                   %a: tensor<7x5xf32>, %b: tensor<5x6xf32>, %c: tensor<7x6xf32>) -> (tensor<1x3x7x7xf32>, tensor<1x2x9x9xf32>, tensor<7x6xf32>) {
  %c1 = linalg.conv_2d_nchw_fchw {zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "MODE", tile = [TILE], loops = [3, 2]
        , mapping = #zigzag.mapping<spatial = {D1 = [OX 2, OY 2], D2 = [OX 2, C 2]}, temporal = [FY 3, FX 3, K 2], levels = {O = [rf 3]}> // MAP
      >}
      ins(%i, %w : tensor<1x2x11x11xf32>, tensor<2x2x3x3xf32>) outs(%o : tensor<1x2x9x9xf32>) -> tensor<1x2x9x9xf32>
  %r = linalg.conv_2d_nchw_fchw {zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "MODE", tile = [TILE], loops = [3, 2]
        , mapping = #zigzag.mapping<spatial = {D1 = [OY 3], D2 = [OY 2, C 2]}, temporal = [FY 3, FX 3, K 3], levels = {O = [rf 3]}> // MAP
      >}
      ins(%c1, %w2 : tensor<1x2x9x9xf32>, tensor<3x2x3x3xf32>) outs(%o2 : tensor<1x3x7x7xf32>) -> tensor<1x3x7x7xf32>
  %mm = linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d0 2, d2 2], D2 = [d0 2, d2 2]}, temporal = [d0 2, d1 6, d2 2], levels = {}>}
      ins(%a, %b : tensor<7x5xf32>, tensor<5x6xf32>) outs(%c : tensor<7x6xf32>) -> tensor<7x6xf32>
  return %r, %c1, %mm : tensor<1x3x7x7xf32>, tensor<1x2x9x9xf32>, tensor<7x6xf32>
}

func.func private @printMemrefF32(tensor<*xf32>)

// Element n (row-major) of input k: ((3 n n + 7 n + k) mod 211 mod M) - M / 2,
// M = 11 for the first input and 3 for the others (weights and biases).
func.func @filled(%e: tensor<?xf32>, %seed: index, %m: index) -> tensor<?xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(n) -> (n)>], iterator_types = ["parallel"]}
      outs(%e : tensor<?xf32>) {
  ^bb0(%o: f32):
    %n = linalg.index 0 : index
    %c3 = arith.constant 3 : index
    %c7 = arith.constant 7 : index
    %c211 = arith.constant 211 : index
    %n3 = arith.muli %n, %c3 : index
    %n3p7 = arith.addi %n3, %c7 : index
    %q = arith.muli %n, %n3p7 : index
    %s = arith.addi %q, %seed : index
    %r211 = arith.remui %s, %c211 : index
    %v = arith.remui %r211, %m : index
    %c2 = arith.constant 2 : index
    %half = arith.divui %m, %c2 : index
    %vc = arith.subi %v, %half : index
    %vi = arith.index_cast %vc : index to i32
    %f = arith.sitofp %vi : i32 to f32
    linalg.yield %f : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

func.func @main() {
  %e0 = tensor.empty() : tensor<242xf32>
  %d0 = tensor.cast %e0 : tensor<242xf32> to tensor<?xf32>
  %k0 = arith.constant 0 : index
  %m0 = arith.constant 11 : index
  %f0 = func.call @filled(%d0, %k0, %m0) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s0 = tensor.cast %f0 : tensor<?xf32> to tensor<242xf32>
  %in0 = tensor.expand_shape %s0 [[0, 1, 2, 3]] output_shape [1, 2, 11, 11] : tensor<242xf32> into tensor<1x2x11x11xf32>
  %e1 = tensor.empty() : tensor<36xf32>
  %d1 = tensor.cast %e1 : tensor<36xf32> to tensor<?xf32>
  %k1 = arith.constant 1 : index
  %m1 = arith.constant 3 : index
  %f1 = func.call @filled(%d1, %k1, %m1) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s1 = tensor.cast %f1 : tensor<?xf32> to tensor<36xf32>
  %in1 = tensor.expand_shape %s1 [[0, 1, 2, 3]] output_shape [2, 2, 3, 3] : tensor<36xf32> into tensor<2x2x3x3xf32>
  %e2 = tensor.empty() : tensor<162xf32>
  %d2 = tensor.cast %e2 : tensor<162xf32> to tensor<?xf32>
  %k2 = arith.constant 2 : index
  %m2 = arith.constant 3 : index
  %f2 = func.call @filled(%d2, %k2, %m2) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s2 = tensor.cast %f2 : tensor<?xf32> to tensor<162xf32>
  %in2 = tensor.expand_shape %s2 [[0, 1, 2, 3]] output_shape [1, 2, 9, 9] : tensor<162xf32> into tensor<1x2x9x9xf32>
  %e3 = tensor.empty() : tensor<54xf32>
  %d3 = tensor.cast %e3 : tensor<54xf32> to tensor<?xf32>
  %k3 = arith.constant 3 : index
  %m3 = arith.constant 3 : index
  %f3 = func.call @filled(%d3, %k3, %m3) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s3 = tensor.cast %f3 : tensor<?xf32> to tensor<54xf32>
  %in3 = tensor.expand_shape %s3 [[0, 1, 2, 3]] output_shape [3, 2, 3, 3] : tensor<54xf32> into tensor<3x2x3x3xf32>
  %e4 = tensor.empty() : tensor<147xf32>
  %d4 = tensor.cast %e4 : tensor<147xf32> to tensor<?xf32>
  %k4 = arith.constant 4 : index
  %m4 = arith.constant 3 : index
  %f4 = func.call @filled(%d4, %k4, %m4) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s4 = tensor.cast %f4 : tensor<?xf32> to tensor<147xf32>
  %in4 = tensor.expand_shape %s4 [[0, 1, 2, 3]] output_shape [1, 3, 7, 7] : tensor<147xf32> into tensor<1x3x7x7xf32>
  %e5 = tensor.empty() : tensor<35xf32>
  %d5 = tensor.cast %e5 : tensor<35xf32> to tensor<?xf32>
  %k5 = arith.constant 5 : index
  %m5 = arith.constant 3 : index
  %f5 = func.call @filled(%d5, %k5, %m5) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s5 = tensor.cast %f5 : tensor<?xf32> to tensor<35xf32>
  %in5 = tensor.expand_shape %s5 [[0, 1]] output_shape [7, 5] : tensor<35xf32> into tensor<7x5xf32>
  %e6 = tensor.empty() : tensor<30xf32>
  %d6 = tensor.cast %e6 : tensor<30xf32> to tensor<?xf32>
  %k6 = arith.constant 6 : index
  %m6 = arith.constant 3 : index
  %f6 = func.call @filled(%d6, %k6, %m6) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s6 = tensor.cast %f6 : tensor<?xf32> to tensor<30xf32>
  %in6 = tensor.expand_shape %s6 [[0, 1]] output_shape [5, 6] : tensor<30xf32> into tensor<5x6xf32>
  %e7 = tensor.empty() : tensor<42xf32>
  %d7 = tensor.cast %e7 : tensor<42xf32> to tensor<?xf32>
  %k7 = arith.constant 7 : index
  %m7 = arith.constant 3 : index
  %f7 = func.call @filled(%d7, %k7, %m7) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s7 = tensor.cast %f7 : tensor<?xf32> to tensor<42xf32>
  %in7 = tensor.expand_shape %s7 [[0, 1]] output_shape [7, 6] : tensor<42xf32> into tensor<7x6xf32>
  %r0, %r1, %r2 = func.call @compute(%in0, %in1, %in2, %in3, %in4, %in5, %in6, %in7)
      : (tensor<1x2x11x11xf32>, tensor<2x2x3x3xf32>, tensor<1x2x9x9xf32>, tensor<3x2x3x3xf32>, tensor<1x3x7x7xf32>, tensor<7x5xf32>, tensor<5x6xf32>, tensor<7x6xf32>) -> (tensor<1x3x7x7xf32>, tensor<1x2x9x9xf32>, tensor<7x6xf32>)
  %c0 = tensor.cast %r0 : tensor<1x3x7x7xf32> to tensor<*xf32>
  func.call @printMemrefF32(%c0) : (tensor<*xf32>) -> ()
  %c1 = tensor.cast %r1 : tensor<1x2x9x9xf32> to tensor<*xf32>
  func.call @printMemrefF32(%c1) : (tensor<*xf32>) -> ()
  %c2 = tensor.cast %r2 : tensor<7x6xf32> to tensor<*xf32>
  func.call @printMemrefF32(%c2) : (tensor<*xf32>) -> ()
  return
}
