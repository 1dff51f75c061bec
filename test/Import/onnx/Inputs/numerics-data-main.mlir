// Appended to the imported @numerics_data (numerics-data.test): calls it
// and prints every result.
func.func private @printMemrefF32(tensor<*xf32>) attributes {llvm.emit_c_interface}

func.func @main() {
  %rmean, %rsum, %rmax, %rl2, %slice, %slice2, %padneg, %sa, %sb, %gather, %gather0, %layernorm, %hswish, %erf, %sigmoid, %hsigmoid, %pow, %rprod = func.call @numerics_data()
      : () -> (tensor<2x1xf32>, tensor<3xf32>, tensor<2xf32>, tensor<1x3xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<1x1x3x3xf32>, tensor<2x2xf32>, tensor<2x3xf32>, tensor<3x2xf32>, tensor<4xf32>, tensor<2x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2x3xf32>, tensor<2xf32>)
  %0 = tensor.cast %rmean : tensor<2x1xf32> to tensor<*xf32>
  func.call @printMemrefF32(%0) : (tensor<*xf32>) -> ()
  %1 = tensor.cast %rsum : tensor<3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%1) : (tensor<*xf32>) -> ()
  %2 = tensor.cast %rmax : tensor<2xf32> to tensor<*xf32>
  func.call @printMemrefF32(%2) : (tensor<*xf32>) -> ()
  %3 = tensor.cast %rl2 : tensor<1x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%3) : (tensor<*xf32>) -> ()
  %4 = tensor.cast %slice : tensor<3x2xf32> to tensor<*xf32>
  func.call @printMemrefF32(%4) : (tensor<*xf32>) -> ()
  %5 = tensor.cast %slice2 : tensor<3x2xf32> to tensor<*xf32>
  func.call @printMemrefF32(%5) : (tensor<*xf32>) -> ()
  %6 = tensor.cast %padneg : tensor<1x1x3x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%6) : (tensor<*xf32>) -> ()
  %7 = tensor.cast %sa : tensor<2x2xf32> to tensor<*xf32>
  func.call @printMemrefF32(%7) : (tensor<*xf32>) -> ()
  %8 = tensor.cast %sb : tensor<2x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%8) : (tensor<*xf32>) -> ()
  %9 = tensor.cast %gather : tensor<3x2xf32> to tensor<*xf32>
  func.call @printMemrefF32(%9) : (tensor<*xf32>) -> ()
  %10 = tensor.cast %gather0 : tensor<4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%10) : (tensor<*xf32>) -> ()
  %11 = tensor.cast %layernorm : tensor<2x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%11) : (tensor<*xf32>) -> ()
  %12 = tensor.cast %hswish : tensor<4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%12) : (tensor<*xf32>) -> ()
  %13 = tensor.cast %erf : tensor<4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%13) : (tensor<*xf32>) -> ()
  %14 = tensor.cast %sigmoid : tensor<4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%14) : (tensor<*xf32>) -> ()
  %15 = tensor.cast %hsigmoid : tensor<4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%15) : (tensor<*xf32>) -> ()
  %16 = tensor.cast %pow : tensor<2x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%16) : (tensor<*xf32>) -> ()
  %17 = tensor.cast %rprod : tensor<2xf32> to tensor<*xf32>
  func.call @printMemrefF32(%17) : (tensor<*xf32>) -> ()
  return
}
