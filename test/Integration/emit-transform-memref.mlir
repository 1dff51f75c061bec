// A matmul in memref form, as a model arrives after bufferization: searched
// on the project's TPU-like example, exported, stripped and tiled by
// Debian's mlir-opt in place (memref.subview, no tensors), and separately
// rewritten by --zigzag-apply-mapping: both programs print what the
// untransformed one prints.
// RUN: zigzag-opt %s %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-search-mapping --zigzag-emit-transform="file=%t.lib.mlir" 2>/dev/null > %t.tagged.mlir
// RUN: FileCheck %s --check-prefix=TAGGED < %t.tagged.mlir
// RUN: zigzag-opt %t.tagged.mlir --zigzag-strip-memory-spaces=attributes=true > %t.stripped.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter > %t.tiled.mlir
// RUN: FileCheck %s --check-prefix=TILED < %t.tiled.mlir
// RUN: mlir-opt %t.tiled.mlir %lower_to_llvm | %run_main | grep -v "base@" > %t.tiled
// RUN: diff %t.plain %t.tiled
// RUN: zigzag-opt %t.tagged.mlir --zigzag-apply-mapping --zigzag-strip-memory-spaces=attributes=true %lower_to_llvm | %run_main | grep -v "base@" > %t.applied
// RUN: diff %t.plain %t.applied
// RUN: FileCheck %s < %t.tiled

// TAGGED: linalg.matmul {zigzag.cost = {{.+}}, zigzag.mapping = {{.+}}, zigzag.tiling = #zigzag.tiling<{{.+}}>, zigzag_op_id = "compute#0"} ins(%{{.+}}, %{{.+}} : memref<20x70xf32>, memref<70x12xf32>) outs(%{{.+}} : memref<20x12xf32>)

// TILED-LABEL: func.func @compute
// TILED-NOT: tensor
// TILED: scf.for
// TILED: linalg.matmul {zigzag_op_id = "compute#0"} ins(%{{.+}}, %{{.+}} : memref<1x1xf32, {{.+}}>, memref<1x1xf32, {{.+}}>) outs(%{{.+}} : memref<1x1xf32, {{.+}}>)
// TILED-LABEL: func.func @fill

// The 20x12 product.
// CHECK-COUNT-20: {{^ *\[*(-?[0-9]+, +){11}-?[0-9]+\]+,? *$}}
// CHECK-NOT: [

func.func private @printMemrefF32(memref<*xf32>)

func.func @compute(%a: memref<20x70xf32>, %b: memref<70x12xf32>, %c: memref<20x12xf32>) {
  linalg.matmul {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%a, %b : memref<20x70xf32>, memref<70x12xf32>) outs(%c : memref<20x12xf32>)
  return
}

// Element (i, j) of a rows x cols buffer: ((5 * (i * cols + j) + seed) mod 7) - 3.
func.func @fill(%m: memref<?x?xf32>, %seed: index) {
  %c1 = arith.constant 1 : index
  %cols = memref.dim %m, %c1 : memref<?x?xf32>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      outs(%m : memref<?x?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %row = arith.muli %i, %cols : index
    %n = arith.addi %row, %j : index
    %c5 = arith.constant 5 : index
    %c7 = arith.constant 7 : index
    %n5 = arith.muli %n, %c5 : index
    %s = arith.addi %n5, %seed : index
    %r = arith.remui %s, %c7 : index
    %ri = arith.index_cast %r : index to i32
    %three = arith.constant 3 : i32
    %v = arith.subi %ri, %three : i32
    %f = arith.sitofp %v : i32 to f32
    linalg.yield %f : f32
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %a = memref.alloc() : memref<20x70xf32>
  %b = memref.alloc() : memref<70x12xf32>
  %c = memref.alloc() : memref<20x12xf32>
  %ad = memref.cast %a : memref<20x70xf32> to memref<?x?xf32>
  %bd = memref.cast %b : memref<70x12xf32> to memref<?x?xf32>
  %cd = memref.cast %c : memref<20x12xf32> to memref<?x?xf32>
  func.call @fill(%ad, %c0) : (memref<?x?xf32>, index) -> ()
  func.call @fill(%bd, %c1) : (memref<?x?xf32>, index) -> ()
  func.call @fill(%cd, %c2) : (memref<?x?xf32>, index) -> ()
  func.call @compute(%a, %b, %c) : (memref<20x70xf32>, memref<70x12xf32>, memref<20x12xf32>) -> ()
  %u = memref.cast %c : memref<20x12xf32> to memref<*xf32>
  func.call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  memref.dealloc %a : memref<20x70xf32>
  memref.dealloc %b : memref<70x12xf32>
  memref.dealloc %c : memref<20x12xf32>
  return
}
