// The report's area: every memory times its instance count (a per-PE
// register of a 4x4 array counts 16 times) plus every MAC unit, the last
// keys of the report's total.
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/area4x4.yaml" --zigzag-search-mapping --zigzag-report="file=- table=false" -o /dev/null | FileCheck %s
// CHECK:      "area_mm2": 3.5,
// CHECK-NEXT: "area_breakdown": {
// CHECK-NEXT:   "reg_O": {
// CHECK-NEXT:     "instances": 16,
// CHECK-NEXT:     "per_instance_mm2": 0.0625,
// CHECK-NEXT:     "mm2": 1
// CHECK-NEXT:   },
// CHECK-NEXT:   "sram": {
// CHECK-NEXT:     "instances": 1,
// CHECK-NEXT:     "per_instance_mm2": 0.5,
// CHECK-NEXT:     "mm2": 0.5
// CHECK-NEXT:   },
// CHECK-NEXT:   "dram": {
// CHECK-NEXT:     "instances": 1,
// CHECK-NEXT:     "per_instance_mm2": 0,
// CHECK-NEXT:     "mm2": 0
// CHECK-NEXT:   },
// CHECK-NEXT:   "mac_array": {
// CHECK-NEXT:     "instances": 16,
// CHECK-NEXT:     "per_instance_mm2": 0.125,
// CHECK-NEXT:     "mm2": 2
// CHECK-NEXT:   }
// CHECK-NEXT: }
// CHECK-NEXT: }
// CHECK-NEXT: }
func.func @mm(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
