// User constraints (#zigzag.constraints on the op), each honoured by LOMA and
// by the exhaustive engine: the chosen zigzag.mapping satisfies it.
// RUN: zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="criterion=energy" | FileCheck %s
// RUN: zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="criterion=energy engine=exhaustive budget-nodes=20000" | FileCheck %s

// The free search (@free below) unrolls K on D1 and D on D2; fixed C=2 on
// D1, K forbidden on D2.
// CHECK-LABEL: func.func @spatial
// CHECK: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [C 2], D2 = [D 4]}
func.func @spatial(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<spatial = {D1 = {C = 2}}, forbid_spatial = {D2 = ["K"]}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (b) every temporal K loop at dram, for I1, I2 and O: the cuts in sram
// (which the free search puts above all loops) come below the first K.
// CHECK-LABEL: func.func @loop_level
// CHECK: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 4], D2 = [D 4]}, temporal = [C 4, C 8, D 4, D 4, K 2, K 2], levels = {I1 = [sram 4, dram 6], I2 = [sram 4, dram 6], O = [reg_O 2, sram 4, dram 6]}>
func.func @loop_level(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<loop_levels = {K = "dram"}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (b) C outermost, D innermost.
// CHECK-LABEL: func.func @order
// CHECK: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 4], D2 = [C 4]}, temporal = [D 4, D 16, K 2, K 2, C 2, C 4], levels = {I1 = [sram 6, dram 6], I2 = [sram 6, dram 6], O = [reg_O 0, sram 6, dram 6]}>
func.func @order(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<outermost = ["C"], innermost = ["D"]>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (c) C covered 8 times at or below sram: the C 4 above the sram cut.
// CHECK-LABEL: func.func @tile
// CHECK: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 4], D2 = [D 4]}, temporal = [C 8, K 2, K 2, D 4, D 4, C 4], levels = {I1 = [sram 5, dram 6], I2 = [sram 5, dram 6], O = [reg_O 1, sram 5, dram 6]}>
func.func @tile(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<tiles = {sram = {C = 8}}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (d) the input held whole in sram (no D or C loop above it), the weights
// kept out of it (an empty sram level for I2).
// CHECK-LABEL: func.func @operands
// CHECK: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 4], D2 = [C 4]}, temporal = [D 4, D 16, K 2, K 2, C 2, C 4], levels = {I1 = [sram 6, dram 6], I2 = [sram 0, dram 6], O = [reg_O 0, sram 6, dram 6]}>
func.func @operands(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<pin = {I = ["sram"]}, keep_out = {W = "sram"}>} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// Free search, for comparison.
// CHECK-LABEL: func.func @free
// CHECK: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 4], D2 = [D 4]}, temporal = [C {{.*}}], levels = {I1 = [sram {{[0-9]+}}, dram {{[0-9]+}}], I2 = [sram {{[1-9]}}
func.func @free(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"]} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
