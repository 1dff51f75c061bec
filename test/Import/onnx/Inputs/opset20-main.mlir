// Appended to the imported @opset20 (opset20.test): calls it and prints
// every result.
func.func private @printMemrefF32(tensor<*xf32>) attributes {llvm.emit_c_interface}

func.func @main() {
  %pad, %mean, %max, %gelu, %gelutanh = func.call @opset20()
      : () -> (tensor<2x3xf32>, tensor<2x1xf32>, tensor<3xf32>, tensor<4xf32>, tensor<4xf32>)
  %0 = tensor.cast %pad : tensor<2x3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%0) : (tensor<*xf32>) -> ()
  %1 = tensor.cast %mean : tensor<2x1xf32> to tensor<*xf32>
  func.call @printMemrefF32(%1) : (tensor<*xf32>) -> ()
  %2 = tensor.cast %max : tensor<3xf32> to tensor<*xf32>
  func.call @printMemrefF32(%2) : (tensor<*xf32>) -> ()
  %3 = tensor.cast %gelu : tensor<4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%3) : (tensor<*xf32>) -> ()
  %4 = tensor.cast %gelutanh : tensor<4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%4) : (tensor<*xf32>) -> ()
  return
}
