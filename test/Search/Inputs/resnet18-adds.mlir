// ResNet-18's residual Adds at 56x56 and 28x28 (as the ONNX import writes
// them): every mapping moves each element once per level, so most mappings
// tie on energy and the exhaustive engine must prove the latency tie-break.
func.func @adds(%a: tensor<1x64x56x56xf32>, %b: tensor<1x64x56x56xf32>, %o: tensor<1x64x56x56xf32>,
                %c: tensor<1x128x28x28xf32>, %d: tensor<1x128x28x28xf32>, %p: tensor<1x128x28x28xf32>)
    -> (tensor<1x64x56x56xf32>, tensor<1x128x28x28xf32>) {
  %0 = linalg.add {zigzag.layer_id = 6 : i64, zigzag.layer_name = "/layer1/layer1.0/Add", zigzag.loop_names = ["B", "G", "OY", "OX"], zigzag.operator_type = "Add", zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 8, o_final = 8>, zigzag.zero_cost} ins(%a, %b : tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>) outs(%o : tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  %1 = linalg.add {zigzag.layer_id = 17 : i64, zigzag.layer_name = "/layer2/layer2.0/Add", zigzag.loop_names = ["B", "G", "OY", "OX"], zigzag.operator_type = "Add", zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 8, o_final = 8>, zigzag.zero_cost} ins(%c, %d : tensor<1x128x28x28xf32>, tensor<1x128x28x28xf32>) outs(%p : tensor<1x128x28x28xf32>) -> tensor<1x128x28x28xf32>
  return %0, %1 : tensor<1x64x56x56xf32>, tensor<1x128x28x28xf32>
}
