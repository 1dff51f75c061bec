// User constraints (#zigzag.constraints on the op), each honoured by LOMA and
// by the exhaustive engine: the chosen zigzag.mapping satisfies it.
// RUN: zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="criterion=energy" | FileCheck %s
// RUN: zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="criterion=energy engine=exhaustive budget-nodes=20000" | FileCheck %s

// The free search unrolls K and C; fixed C=2 on D1, K forbidden on D2.
// CHECK-LABEL: func.func @spatial
// CHECK: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [C 2], D2 = [D 4]}
func.func @spatial(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<spatial = {D1 = {C = 2}}, forbid_spatial = {D2 = ["K"]}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (b) every temporal K loop at dram, for I1, I2 and O.
// CHECK-LABEL: func.func @loop_level
func.func @loop_level(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<loop_levels = {K = "dram"}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (b) C outermost, D innermost.
// CHECK-LABEL: func.func @order
func.func @order(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<outermost = ["C"], innermost = ["D"]>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (c) C covered 8 times at or below sram.
// CHECK-LABEL: func.func @tile
func.func @tile(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<tiles = {sram = {C = 8}}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (d) the input held whole in sram, the weights kept out of it.
// CHECK-LABEL: func.func @operands
func.func @operands(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<pin = {I = ["sram"]}, keep_out = {W = "sram"}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// Free search, for comparison.
// CHECK-LABEL: func.func @free
func.func @free(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"]} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
