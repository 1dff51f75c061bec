// The constraints of the mapping file's `constraints` key under the MAESTRO
// dataflow search (mapping-file=), as those of the attribute; a constraint
// that has no meaning for a dataflow is an error at the op with its
// position in the file.
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/pe16.m" --zigzag-search-mapping="model=maestro mapping-file=%S/Inputs/constraints.yaml" --zigzag-maestro-to-mapping | FileCheck %s
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/pe16.m" --zigzag-search-mapping="model=maestro mapping-file=%S/Inputs/constraints-bad.yaml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD

// Without the file: D 16 spatial (test/Maestro/constraints.mlir).
// CHECK-LABEL: func.func @mm
// CHECK: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(8, 8) M, SpatialMap(4, 4) N, TemporalMap(16, 16) K, Cluster(4, P), TemporalMap(8, 8) M, TemporalMap(4, 4) N, SpatialMap(1, 1) K]>
// CHECK-SAME: excluded = 885 : i64
// CHECK-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 4, C 4]}, temporal = [K 4, D 8, C 4, C 2, D 8]
func.func @mm(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"]} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
// BAD: [[@LINE-3]]:8: error: layer 'matmul_0': constraint 'loop K at dram ({{.*}}constraints-bad.yaml:3:22)' has no meaning for a MAESTRO dataflow: its loops are in l1 (the innermost cluster level) or l2 (the levels above), never in dram
