// A matmul with a dynamic batch and its twin with a static batch of 8
// (dynamic-shapes.mlir).
func.func @twins(%i: tensor<?x32xi8>, %w: tensor<32x16xi8>, %o: tensor<?x16xi32>,
                 %si: tensor<8x32xi8>, %so: tensor<8x16xi32>) -> (tensor<?x16xi32>, tensor<8x16xi32>) {
  %0 = linalg.matmul {zigzag.layer_name = "mm_dynamic", zigzag.loop_names = ["B", "N", "K"]} ins(%i, %w : tensor<?x32xi8>, tensor<32x16xi8>) outs(%o : tensor<?x16xi32>) -> tensor<?x16xi32>
  %1 = linalg.matmul {zigzag.layer_name = "mm_static", zigzag.loop_names = ["B", "N", "K"]} ins(%si, %w : tensor<8x32xi8>, tensor<32x16xi8>) outs(%so : tensor<8x16xi32>) -> tensor<8x16xi32>
  return %0, %1 : tensor<?x16xi32>, tensor<8x16xi32>
}
