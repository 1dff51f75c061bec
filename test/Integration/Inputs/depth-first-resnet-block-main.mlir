// Appended to the imported model (../depth-first-resnet-block.test): calls it with
// small-integer inputs and prints its result.

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
  %e0 = tensor.empty() : tensor<3072xf32>
  %d0 = tensor.cast %e0 : tensor<3072xf32> to tensor<?xf32>
  %k0 = arith.constant 0 : index
  %m0 = arith.constant 11 : index
  %f0 = func.call @filled(%d0, %k0, %m0) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s0 = tensor.cast %f0 : tensor<?xf32> to tensor<3072xf32>
  %in0 = tensor.expand_shape %s0 [[0, 1, 2, 3]] output_shape [1, 3, 32, 32] : tensor<3072xf32> into tensor<1x3x32x32xf32>
  %e1 = tensor.empty() : tensor<108xf32>
  %d1 = tensor.cast %e1 : tensor<108xf32> to tensor<?xf32>
  %k1 = arith.constant 1 : index
  %m1 = arith.constant 3 : index
  %f1 = func.call @filled(%d1, %k1, %m1) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s1 = tensor.cast %f1 : tensor<?xf32> to tensor<108xf32>
  %in1 = tensor.expand_shape %s1 [[0, 1, 2, 3]] output_shape [4, 3, 3, 3] : tensor<108xf32> into tensor<4x3x3x3xf32>
  %e2 = tensor.empty() : tensor<4xf32>
  %d2 = tensor.cast %e2 : tensor<4xf32> to tensor<?xf32>
  %k2 = arith.constant 2 : index
  %m2 = arith.constant 3 : index
  %f2 = func.call @filled(%d2, %k2, %m2) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s2 = tensor.cast %f2 : tensor<?xf32> to tensor<4xf32>
  %in2 = tensor.expand_shape %s2 [[0]] output_shape [4] : tensor<4xf32> into tensor<4xf32>
  %e3 = tensor.empty() : tensor<144xf32>
  %d3 = tensor.cast %e3 : tensor<144xf32> to tensor<?xf32>
  %k3 = arith.constant 3 : index
  %m3 = arith.constant 3 : index
  %f3 = func.call @filled(%d3, %k3, %m3) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s3 = tensor.cast %f3 : tensor<?xf32> to tensor<144xf32>
  %in3 = tensor.expand_shape %s3 [[0, 1, 2, 3]] output_shape [4, 4, 3, 3] : tensor<144xf32> into tensor<4x4x3x3xf32>
  %e4 = tensor.empty() : tensor<4xf32>
  %d4 = tensor.cast %e4 : tensor<4xf32> to tensor<?xf32>
  %k4 = arith.constant 4 : index
  %m4 = arith.constant 3 : index
  %f4 = func.call @filled(%d4, %k4, %m4) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s4 = tensor.cast %f4 : tensor<?xf32> to tensor<4xf32>
  %in4 = tensor.expand_shape %s4 [[0]] output_shape [4] : tensor<4xf32> into tensor<4xf32>
  %e5 = tensor.empty() : tensor<144xf32>
  %d5 = tensor.cast %e5 : tensor<144xf32> to tensor<?xf32>
  %k5 = arith.constant 5 : index
  %m5 = arith.constant 3 : index
  %f5 = func.call @filled(%d5, %k5, %m5) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s5 = tensor.cast %f5 : tensor<?xf32> to tensor<144xf32>
  %in5 = tensor.expand_shape %s5 [[0, 1, 2, 3]] output_shape [4, 4, 3, 3] : tensor<144xf32> into tensor<4x4x3x3xf32>
  %e6 = tensor.empty() : tensor<4xf32>
  %d6 = tensor.cast %e6 : tensor<4xf32> to tensor<?xf32>
  %k6 = arith.constant 6 : index
  %m6 = arith.constant 3 : index
  %f6 = func.call @filled(%d6, %k6, %m6) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s6 = tensor.cast %f6 : tensor<?xf32> to tensor<4xf32>
  %in6 = tensor.expand_shape %s6 [[0]] output_shape [4] : tensor<4xf32> into tensor<4xf32>
  %e7 = tensor.empty() : tensor<288xf32>
  %d7 = tensor.cast %e7 : tensor<288xf32> to tensor<?xf32>
  %k7 = arith.constant 7 : index
  %m7 = arith.constant 3 : index
  %f7 = func.call @filled(%d7, %k7, %m7) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s7 = tensor.cast %f7 : tensor<?xf32> to tensor<288xf32>
  %in7 = tensor.expand_shape %s7 [[0, 1, 2, 3]] output_shape [8, 4, 3, 3] : tensor<288xf32> into tensor<8x4x3x3xf32>
  %e8 = tensor.empty() : tensor<576xf32>
  %d8 = tensor.cast %e8 : tensor<576xf32> to tensor<?xf32>
  %k8 = arith.constant 8 : index
  %m8 = arith.constant 3 : index
  %f8 = func.call @filled(%d8, %k8, %m8) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s8 = tensor.cast %f8 : tensor<?xf32> to tensor<576xf32>
  %in8 = tensor.expand_shape %s8 [[0, 1, 2, 3]] output_shape [8, 8, 3, 3] : tensor<576xf32> into tensor<8x8x3x3xf32>
  %e9 = tensor.empty() : tensor<32xf32>
  %d9 = tensor.cast %e9 : tensor<32xf32> to tensor<?xf32>
  %k9 = arith.constant 9 : index
  %m9 = arith.constant 3 : index
  %f9 = func.call @filled(%d9, %k9, %m9) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s9 = tensor.cast %f9 : tensor<?xf32> to tensor<32xf32>
  %in9 = tensor.expand_shape %s9 [[0, 1, 2, 3]] output_shape [8, 4, 1, 1] : tensor<32xf32> into tensor<8x4x1x1xf32>
  %r0 = func.call @resnet_block(%in0, %in1, %in2, %in3, %in4, %in5, %in6, %in7, %in8, %in9)
      : (tensor<1x3x32x32xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<8x4x3x3xf32>, tensor<8x8x3x3xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x4x4xf32>
  %c0 = tensor.cast %r0 : tensor<1x8x4x4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%c0) : (tensor<*xf32>) -> ()
  return
}
