// A small network for the explorer's tests: a conv twice (one shape, searched
// once per design), a matmul and an elementwise add.
func.func @net(%x: tensor<1x8x10x10xi8>, %w: tensor<16x8x3x3xi8>,
               %y: tensor<1x16x8x8xi32>, %a: tensor<64x32xi8>,
               %b: tensor<32x16xi8>, %c: tensor<64x16xi32>)
    -> (tensor<1x16x8x8xi32>, tensor<1x16x8x8xi32>, tensor<64x16xi32>) {
  %0 = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "conv_a"}
         ins(%x, %w : tensor<1x8x10x10xi8>, tensor<16x8x3x3xi8>)
         outs(%y : tensor<1x16x8x8xi32>) -> tensor<1x16x8x8xi32>
  %1 = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "conv_b"}
         ins(%x, %w : tensor<1x8x10x10xi8>, tensor<16x8x3x3xi8>)
         outs(%y : tensor<1x16x8x8xi32>) -> tensor<1x16x8x8xi32>
  %2 = linalg.matmul ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>)
         outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  %3 = linalg.add ins(%2, %c : tensor<64x16xi32>, tensor<64x16xi32>)
         outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0, %1, %3 : tensor<1x16x8x8xi32>, tensor<1x16x8x8xi32>, tensor<64x16xi32>
}
