// A temporal_ordering entry on a loop that has no temporal iteration left
// (D0 of a 1-row matmul, like the bias add after a Gemm under ZigZag's
// gemm_l1_l3 mapping file) can never be placed. When no ordering satisfies
// the constraints, the search tries again without such entries (a note with
// verbose=true) instead of failing.
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="mapping-file=%S/Inputs/ordering-d0.yaml verbose=true" 2>%t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=NOTE < %t.err

// NOTE: remark: temporal_ordering: searched without its entries on loops that have no temporal iterations left
// CHECK-LABEL: func.func @one_row
// The free array dim D2 unrolls D1 too, so D1 (like D0) has nothing left
// in time: only D2's entry remains.
// CHECK: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [D1 4], D2 = [D1 4]}, temporal = [D2 2, D2 2, D2 2, D2 2, D2 2]
func.func @one_row(%i: tensor<1x32xi8>, %w: tensor<32x16xi8>, %o: tensor<1x16xi32>) -> tensor<1x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D0", "D1", "D2"]} ins(%i, %w : tensor<1x32xi8>, tensor<32x16xi8>) outs(%o : tensor<1x16xi32>) -> tensor<1x16xi32>
  return %0 : tensor<1x16xi32>
}
