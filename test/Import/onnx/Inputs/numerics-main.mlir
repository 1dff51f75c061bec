// Appended to the imported @numerics (numerics.test): calls it and prints
// every result.
func.func private @printMemrefF32(tensor<*xf32>) attributes {llvm.emit_c_interface}

func.func @main() {
  %convt, %convt2, %avgpool, %maxpool, %lrn, %softmax, %bn, %gemm, %matmul, %grouped, %depthwise = func.call @numerics()
      : () -> (tensor<1x1x4x4xf32>, tensor<1x3x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>, tensor<1x3x1x2xf32>, tensor<2x3xf32>,
               tensor<1x2x1x2xf32>, tensor<2x3xf32>, tensor<2x2x2x1xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>)
  %0 = tensor.cast %convt : tensor<1x1x4x4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%0) : (tensor<*xf32>) -> ()
  %1 = tensor.cast %convt2 : tensor<1x3x3x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%1) : (tensor<*xf32>) -> ()
  %2 = tensor.cast %avgpool : tensor<1x1x2x2xf32> to tensor<*xf32>
  func.call @printMemrefF32(%2) : (tensor<*xf32>) -> ()
  %3 = tensor.cast %maxpool : tensor<1x1x3x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%3) : (tensor<*xf32>) -> ()
  %4 = tensor.cast %lrn : tensor<1x3x1x2xf32> to tensor<*xf32>
  func.call @printMemrefF32(%4) : (tensor<*xf32>) -> ()
  %5 = tensor.cast %softmax : tensor<2x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%5) : (tensor<*xf32>) -> ()
  %6 = tensor.cast %bn : tensor<1x2x1x2xf32> to tensor<*xf32>
  func.call @printMemrefF32(%6) : (tensor<*xf32>) -> ()
  %7 = tensor.cast %gemm : tensor<2x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%7) : (tensor<*xf32>) -> ()
  %8 = tensor.cast %matmul : tensor<2x2x2x1xf32> to tensor<*xf32>
  func.call @printMemrefF32(%8) : (tensor<*xf32>) -> ()
  %9 = tensor.cast %grouped : tensor<1x2x2x2xf32> to tensor<*xf32>
  func.call @printMemrefF32(%9) : (tensor<*xf32>) -> ()
  %10 = tensor.cast %depthwise : tensor<1x2x2x2xf32> to tensor<*xf32>
  func.call @printMemrefF32(%10) : (tensor<*xf32>) -> ()
  return
}
