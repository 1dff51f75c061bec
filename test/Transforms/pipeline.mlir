// --zigzag-pipeline: attach the hardware, search, estimate, report and
// rewrite in one go.
// RUN: zigzag-opt %s --zigzag-pipeline="hardware=%S/../Search/Inputs/array4x4.yaml report=%t.json" 2>%t.table | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: FileCheck %s --check-prefix=TABLE < %t.table
// RUN: zigzag-opt %s --zigzag-pipeline="hardware=%S/../Search/Inputs/array4x4.yaml apply=false" 2>/dev/null | FileCheck %s --check-prefix=NOAPPLY
// RUN: not zigzag-opt %s --zigzag-pipeline="report=%t.none.json" 2>&1 | FileCheck %s --check-prefix=NOHW

// The matmul became its loop nest: temporal scf.for loops around an
// scf.forall over the 4x4 array.
// CHECK-LABEL: func.func @mm
// CHECK: scf.for
// CHECK: scf.forall (%{{.*}}, %{{.*}}) in (4, 4)
// CHECK: mapping = [#zigzag.array_dim<"D1", "{{d[0-2]}}">, #zigzag.array_dim<"D2", "{{d[0-2]}}">]
// CHECK-NOT: linalg.matmul {{.*}}zigzag.mapping

// JSON: "accelerator": "array4x4",
// JSON: "name": "mm",
// JSON: "macs": 32768,
// TABLE: mm 32768
// NOAPPLY: linalg.matmul {{.*}}zigzag.cost = #zigzag.cost<{{.*}}zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d{{[0-2]}} 4], D2 = [d{{[0-2]}} 4]}
// NOHW: error: {{.*}}file
func.func @mm(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.layer_name = "mm"} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
