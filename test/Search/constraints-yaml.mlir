// The same constraints from the mapping file's `constraints` key, for both
// engines; names that do not resolve are errors at the op with their
// position in the file.
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="criterion=energy mapping-file=%S/Inputs/constraints.yaml" | FileCheck %s
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="criterion=energy engine=exhaustive budget-nodes=20000 mapping-file=%S/Inputs/constraints.yaml" | FileCheck %s
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="mapping-file=%S/Inputs/constraints-bad.yaml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD

// C=2 on D1, no K on D2, C covered 8 times at or below sram (all of it
// spatial: no C loop below the sram cuts), no W tile in sram.
// CHECK-LABEL: func.func @layer
// CHECK: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [C 2], D2 = [C 4]}, temporal = [D 4, D 16, K 4, K 4, C 2, C 2], levels = {I1 = [sram 4, dram 6], I2 = [sram 0, dram 6], O = [reg_O 0, sram 4, dram 6]}>
func.func @layer(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"]} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
// BAD: [[@LINE-3]]:8: error: layer 'matmul_0': constraints of mapping entry 'default': unknown loop 'Q' (the layer's loops: D, K, C) ({{.*}}constraints-bad.yaml:3:22)
