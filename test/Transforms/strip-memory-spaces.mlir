// RUN: zigzag-opt %s --split-input-file --allow-unregistered-dialect --zigzag-strip-memory-spaces | FileCheck %s
// RUN: zigzag-opt %s --split-input-file --allow-unregistered-dialect --zigzag-strip-memory-spaces=attributes=true | FileCheck %s --check-prefix=ATTRS

// Buffers: memref types of results, block arguments and function signatures.
// CHECK-LABEL: func.func @buffers
// CHECK-SAME: (%[[ARG:[^:]+]]: memref<4xf32>, %{{[^:]+}}: memref<4xf32, 1>, %{{[^:]+}}: index) -> memref<2xf32, strided<[1], offset: ?>>
// CHECK:       %[[ALLOC:.+]] = memref.alloc() : memref<4xf32>
// CHECK:       memref.copy %[[ARG]], %[[ALLOC]] : memref<4xf32> to memref<4xf32>
// CHECK:       memref.subview %[[ALLOC]][%{{.+}}] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1], offset: ?>>
// CHECK-NOT:   zigzag.memory_space
func.func @buffers(%a: memref<4xf32, #zigzag.memory_space<"dram">>, %keep: memref<4xf32, 1>, %i: index)
    -> memref<2xf32, strided<[1], offset: ?>, #zigzag.memory_space<"sram">> {
  %s = memref.alloc() : memref<4xf32, #zigzag.memory_space<"sram">>
  memref.copy %a, %s : memref<4xf32, #zigzag.memory_space<"dram">> to memref<4xf32, #zigzag.memory_space<"sram">>
  %v = memref.subview %s[%i] [2] [1] : memref<4xf32, #zigzag.memory_space<"sram">> to memref<2xf32, strided<[1], offset: ?>, #zigzag.memory_space<"sram">>
  return %v : memref<2xf32, strided<[1], offset: ?>, #zigzag.memory_space<"sram">>
}

// -----

// Tensors: the staging allocations of --zigzag-apply-mapping.
// CHECK-LABEL: func.func @tensors
// CHECK:       bufferization.alloc_tensor() copy(%{{.+}}) : tensor<4xf32>
// CHECK:       bufferization.alloc_tensor() {memory_space = 1 : i64} : tensor<4xf32>
func.func @tensors(%t: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %s = bufferization.alloc_tensor() copy(%t) {memory_space = #zigzag.memory_space<"rf">} : tensor<4xf32>
  %u = bufferization.alloc_tensor() {memory_space = 1 : i64} : tensor<4xf32>
  return %s, %u : tensor<4xf32>, tensor<4xf32>
}

// -----

// attributes=true also drops the zigzag.* attributes, which tools without the
// dialect cannot parse; other attributes stay.
// CHECK-LABEL: func.func @annotated
// CHECK: linalg.matmul {other = 1 : i64, zigzag.mapping = #zigzag.mapping
// ATTRS: module {
// ATTRS-LABEL: func.func @annotated
// ATTRS: linalg.matmul {other = 1 : i64}
// ATTRS-NOT: zigzag
module attributes {zigzag.accelerator_name = "demo"} {
func.func @annotated(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %r = linalg.matmul {other = 1 : i64, zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [D0 4, D1 4, D2 4], levels = {I1 = [dram 3], I2 = [dram 3], O = [dram 3]}>}
      ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}
}

// -----

// attributes=true: argument and result attributes, attributes whose value
// holds a zigzag attribute under another name, and forall mappings naming
// array dims go too; a forall without a mapping is plain parallel iteration.
// ATTRS-LABEL: func.func @nested
// ATTRS-SAME: (%{{.+}}: tensor<4xf32> {other.keep = 2 : i64}) -> (tensor<4xf32> {other.res = 3 : i64})
// ATTRS: scf.forall (%{{.+}}) in (4) shared_outs
// ATTRS: "other.op"() {kept = [1, 2]} : () -> ()
// ATTRS: }{{$}}
// ATTRS-NOT: zigzag
func.func @nested(%t: tensor<4xf32> {zigzag.operand = "I1", other.keep = 2 : i64})
    -> (tensor<4xf32> {other.res = 3 : i64, zigzag.result = #zigzag.memory_space<"dram">}) {
  %r = scf.forall (%i) in (4) shared_outs(%o = %t) -> (tensor<4xf32>) {
    "other.op"() {kept = [1, 2], other.space = [#zigzag.memory_space<"rf">]} : () -> ()
    scf.forall.in_parallel {
    }
  } {mapping = [#zigzag.array_dim<"D1", "K">]}
  return %r : tensor<4xf32>
}
