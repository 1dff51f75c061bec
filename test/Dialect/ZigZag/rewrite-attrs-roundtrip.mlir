// RUN: zigzag-opt %s | FileCheck %s
// RUN: zigzag-opt %s | zigzag-opt | FileCheck %s

// The attributes of the IR that --zigzag-apply-mapping produces.
// CHECK-LABEL: func.func @forall_on_array_dims
// CHECK: } {mapping = [#zigzag.array_dim<"D1", "K">, #zigzag.array_dim<"D2", "C">, #zigzag.array_dim<"D2", "FX">]}
func.func @forall_on_array_dims() {
  scf.forall (%k, %c, %fx) in (32, 16, 2) {
  } {mapping = [#zigzag.array_dim<"D1", "K">, #zigzag.array_dim<"D2", "C">, #zigzag.array_dim<"D2", "FX">]}
  return
}

// CHECK-LABEL: func.func @memory_space
// CHECK-SAME: memref<16x8xf32, #zigzag.memory_space<"sram_2MB">>
// CHECK: memref.alloc() : memref<4xi8, #zigzag.memory_space<"rf_128B">>
func.func @memory_space(%m: memref<16x8xf32, #zigzag.memory_space<"sram_2MB">>) {
  %a = memref.alloc() : memref<4xi8, #zigzag.memory_space<"rf_128B">>
  return
}
