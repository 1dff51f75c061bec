// RUN: zigzag-opt %s -verify-diagnostics --zigzag-estimate-cost

// expected-error @+1 {{module has no 'zigzag.accelerator' attribute; attach one with --zigzag-attach-hardware="file=<hardware.yaml>"}}
module {
  func.func @f(%i: tensor<8x8xi8>, %w: tensor<8x8xi8>, %o: tensor<8x8xi32>) -> tensor<8x8xi32> {
    %0 = linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [d0 8, d1 8, d2 8], levels = {O = [dram 3]}>}
        ins(%i, %w : tensor<8x8xi8>, tensor<8x8xi8>) outs(%o : tensor<8x8xi32>) -> tensor<8x8xi32>
    return %0 : tensor<8x8xi32>
  }
}
