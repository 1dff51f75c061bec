// Appended to the imported model (../depth-first-alexnet-chain.test): calls it with
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
  %e0 = tensor.empty() : tensor<3675xf32>
  %d0 = tensor.cast %e0 : tensor<3675xf32> to tensor<?xf32>
  %k0 = arith.constant 0 : index
  %m0 = arith.constant 11 : index
  %f0 = func.call @filled(%d0, %k0, %m0) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s0 = tensor.cast %f0 : tensor<?xf32> to tensor<3675xf32>
  %in0 = tensor.expand_shape %s0 [[0, 1, 2, 3]] output_shape [1, 3, 35, 35] : tensor<3675xf32> into tensor<1x3x35x35xf32>
  %e1 = tensor.empty() : tensor<450xf32>
  %d1 = tensor.cast %e1 : tensor<450xf32> to tensor<?xf32>
  %k1 = arith.constant 1 : index
  %m1 = arith.constant 3 : index
  %f1 = func.call @filled(%d1, %k1, %m1) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s1 = tensor.cast %f1 : tensor<?xf32> to tensor<450xf32>
  %in1 = tensor.expand_shape %s1 [[0, 1, 2, 3]] output_shape [6, 3, 5, 5] : tensor<450xf32> into tensor<6x3x5x5xf32>
  %e2 = tensor.empty() : tensor<6xf32>
  %d2 = tensor.cast %e2 : tensor<6xf32> to tensor<?xf32>
  %k2 = arith.constant 2 : index
  %m2 = arith.constant 3 : index
  %f2 = func.call @filled(%d2, %k2, %m2) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s2 = tensor.cast %f2 : tensor<?xf32> to tensor<6xf32>
  %in2 = tensor.expand_shape %s2 [[0]] output_shape [6] : tensor<6xf32> into tensor<6xf32>
  %e3 = tensor.empty() : tensor<216xf32>
  %d3 = tensor.cast %e3 : tensor<216xf32> to tensor<?xf32>
  %k3 = arith.constant 3 : index
  %m3 = arith.constant 3 : index
  %f3 = func.call @filled(%d3, %k3, %m3) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s3 = tensor.cast %f3 : tensor<?xf32> to tensor<216xf32>
  %in3 = tensor.expand_shape %s3 [[0, 1, 2, 3]] output_shape [4, 6, 3, 3] : tensor<216xf32> into tensor<4x6x3x3xf32>
  %e4 = tensor.empty() : tensor<4xf32>
  %d4 = tensor.cast %e4 : tensor<4xf32> to tensor<?xf32>
  %k4 = arith.constant 4 : index
  %m4 = arith.constant 3 : index
  %f4 = func.call @filled(%d4, %k4, %m4) : (tensor<?xf32>, index, index) -> tensor<?xf32>
  %s4 = tensor.cast %f4 : tensor<?xf32> to tensor<4xf32>
  %in4 = tensor.expand_shape %s4 [[0]] output_shape [4] : tensor<4xf32> into tensor<4xf32>
  %r0 = func.call @alexnet_chain(%in0, %in1, %in2, %in3, %in4)
      : (tensor<1x3x35x35xf32>, tensor<6x3x5x5xf32>, tensor<6xf32>, tensor<4x6x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  %c0 = tensor.cast %r0 : tensor<1x4x3x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%c0) : (tensor<*xf32>) -> ()
  return
}
