// A matmul and a conv whose batch is dynamic, searched on the project's
// TPU-like example for an assumed batch (assume-dims), rewritten, lowered
// and executed for batch 1 and 3 (and 9 for the matmul): the rewritten
// program prints what the untransformed one prints, whichever batch the
// search assumed.
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-search-mapping="assume-dims=B=1" 2> %t.remarks > %t.searched1.mlir
// RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
// RUN: FileCheck %s --check-prefix=SEARCHED < %t.searched1.mlir
// RUN: zigzag-opt %t.searched1.mlir --zigzag-apply-mapping > %t.mapped1.mlir
// RUN: FileCheck %s --check-prefix=IR < %t.mapped1.mlir
// RUN: sed -e 's/^module attributes {zigzag.accelerator = .*} {$/module {/' %t.mapped1.mlir | zigzag-opt --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.mapped1
// RUN: diff %t.plain %t.mapped1
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-search-mapping="assume-dims=B=4" --zigzag-apply-mapping 2>/dev/null | sed -e 's/^module attributes {zigzag.accelerator = .*} {$/module {/' | zigzag-opt --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.mapped4
// RUN: diff %t.plain %t.mapped4
// The same searched mappings as a transform library, applied by stock
// mlir-opt: tile_using_for tiles the dynamic batch too.
// RUN: zigzag-opt %t.searched1.mlir --zigzag-emit-transform="file=%t.lib.mlir" --zigzag-strip-memory-spaces=attributes=true > %t.stripped.mlir
// RUN: FileCheck %s --check-prefix=LIB < %t.lib.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter > %t.tiled.mlir
// RUN: FileCheck %s --check-prefix=TILED < %t.tiled.mlir
// RUN: mlir-opt %t.tiled.mlir %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.tiled
// RUN: diff %t.plain %t.tiled
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | FileCheck %s

// The search recorded the sizes it assumed on each op; @pattern's dynamic
// loop d0 has no assumed size, so it is not searched (a remark says why).
// REMARK: remark: not searched: loop 'd0' has a dynamic size; give it one to optimise for with --zigzag-search-mapping="assume-dims=d0=<size>"
// SEARCHED-LABEL: func.func @matmul
// SEARCHED: linalg.matmul {zigzag.assumed_dims = {B = 1 : i64}, zigzag.cost = {{.+}}, zigzag.mapping =
// SEARCHED-LABEL: func.func @conv
// SEARCHED: linalg.conv_2d_nhwc_hwcf {{.+}}zigzag.assumed_dims = {B = 1 : i64}{{.+}}zigzag.mapping =

// Searched for batch 1, the mappings have no batch loop; the rewrite adds
// an outermost one over the runtime batch (tensor.dim).
// IR-LABEL: func.func @matmul
// IR: %[[ROWS:.+]] = tensor.dim %arg0, %c0
// IR: scf.for %{{.+}} = %c0{{.*}} to %[[ROWS]] step %c1
// IR-SAME: -> (tensor<?x5xf32>)
// IR-LABEL: func.func @conv
// IR: %[[BATCH:.+]] = tensor.dim %arg0, %c0
// IR: scf.for %{{.+}} = %c0{{.*}} to %[[BATCH]] step %c1
// IR-SAME: -> (tensor<?x5x5x4xf32>)

// LIB: // matmul#0: linalg.matmul loops [?, 5, 6]
// LIB: // temporal B x1 (step 1) over the dynamic size
// LIB-NEXT: transform.structured.tile_using_for %{{.+}} tile_sizes [1, 0, 0]
// LIB: // conv#0: linalg.conv_2d_nhwc_hwcf loops [?, 5, 5, 4, 3, 3, 2]
// LIB: // temporal B x1 (step 1) over the dynamic size
// LIB-NEXT: transform.structured.tile_using_for %{{.+}} tile_sizes [1, 0, 0, 0, 0, 0, 0]
// TILED-LABEL: func.func @matmul
// TILED: %[[ROWS:.+]] = tensor.dim %arg0, %c0
// TILED: scf.for %{{.+}} = %c0{{.*}} to %[[ROWS]] step %c1

// CHECK: sizes = [1, 5]
// CHECK-NEXT{LITERAL}: [[0,   -18,   6,   16,   5]]
// CHECK: sizes = [3, 5]
// CHECK: sizes = [9, 5]
// CHECK: sizes = [1, 5, 5, 4]
// CHECK: sizes = [3, 5, 5, 4]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @matmul(%a: tensor<?x6xf32>, %b: tensor<6x5xf32>, %c: tensor<?x5xf32>) -> tensor<?x5xf32> {
  %r = linalg.matmul {zigzag.loop_names = ["B", "N", "K"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%a, %b : tensor<?x6xf32>, tensor<6x5xf32>) outs(%c : tensor<?x5xf32>) -> tensor<?x5xf32>
  return %r : tensor<?x5xf32>
}

func.func @conv(%i: tensor<?x7x7x2xf32>, %w: tensor<3x3x2x4xf32>, %o: tensor<?x5x5x4xf32>) -> tensor<?x5x5x4xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.loop_names = ["B", "OY", "OX", "K", "FY", "FX", "C"],
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%i, %w : tensor<?x7x7x2xf32>, tensor<3x3x2x4xf32>) outs(%o : tensor<?x5x5x4xf32>) -> tensor<?x5x5x4xf32>
  return %r : tensor<?x5x5x4xf32>
}

// Element n (row-major) of a tensor filled by @pattern: ((5 * n + seed) mod 7) - 3.
func.func @pattern(%t: tensor<?xf32>, %seed: index) -> tensor<?xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(n) -> (n)>], iterator_types = ["parallel"]}
      outs(%t : tensor<?xf32>) {
  ^bb0(%o: f32):
    %n = linalg.index 0 : index
    %c5 = arith.constant 5 : index
    %c7 = arith.constant 7 : index
    %n5 = arith.muli %n, %c5 : index
    %s = arith.addi %n5, %seed : index
    %m = arith.remui %s, %c7 : index
    %mi = arith.index_cast %m : index to i32
    %three = arith.constant 3 : i32
    %v = arith.subi %mi, %three : i32
    %f = arith.sitofp %v : i32 to f32
    linalg.yield %f : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

func.func @filled(%n: index, %seed: index) -> tensor<?xf32> {
  %e = tensor.empty(%n) : tensor<?xf32>
  %p = func.call @pattern(%e, %seed) : (tensor<?xf32>, index) -> tensor<?xf32>
  return %p : tensor<?xf32>
}

func.func @run_matmul(%rows: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c30 = arith.constant 30 : index
  %na = arith.muli %rows, %c6 : index
  %fa = func.call @filled(%na, %c0) : (index, index) -> tensor<?xf32>
  %a = tensor.expand_shape %fa [[0, 1]] output_shape [%rows, 6] : tensor<?xf32> into tensor<?x6xf32>
  %fb = func.call @filled(%c30, %c1) : (index, index) -> tensor<?xf32>
  %fbs = tensor.cast %fb : tensor<?xf32> to tensor<30xf32>
  %b = tensor.expand_shape %fbs [[0, 1]] output_shape [6, 5] : tensor<30xf32> into tensor<6x5xf32>
  %nc = arith.muli %rows, %c5 : index
  %fc = func.call @filled(%nc, %c2) : (index, index) -> tensor<?xf32>
  %c = tensor.expand_shape %fc [[0, 1]] output_shape [%rows, 5] : tensor<?xf32> into tensor<?x5xf32>
  %r = func.call @matmul(%a, %b, %c) : (tensor<?x6xf32>, tensor<6x5xf32>, tensor<?x5xf32>) -> tensor<?x5xf32>
  %u = tensor.cast %r : tensor<?x5xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @run_conv(%batch: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c98 = arith.constant 98 : index
  %c72 = arith.constant 72 : index
  %c100 = arith.constant 100 : index
  %ni = arith.muli %batch, %c98 : index
  %fi = func.call @filled(%ni, %c0) : (index, index) -> tensor<?xf32>
  %i = tensor.expand_shape %fi [[0, 1, 2, 3]] output_shape [%batch, 7, 7, 2] : tensor<?xf32> into tensor<?x7x7x2xf32>
  %fw = func.call @filled(%c72, %c1) : (index, index) -> tensor<?xf32>
  %fws = tensor.cast %fw : tensor<?xf32> to tensor<72xf32>
  %w = tensor.expand_shape %fws [[0, 1, 2, 3]] output_shape [3, 3, 2, 4] : tensor<72xf32> into tensor<3x3x2x4xf32>
  %no = arith.muli %batch, %c100 : index
  %fo = func.call @filled(%no, %c2) : (index, index) -> tensor<?xf32>
  %o = tensor.expand_shape %fo [[0, 1, 2, 3]] output_shape [%batch, 5, 5, 4] : tensor<?xf32> into tensor<?x5x5x4xf32>
  %r = func.call @conv(%i, %w, %o) : (tensor<?x7x7x2xf32>, tensor<3x3x2x4xf32>, tensor<?x5x5x4xf32>) -> tensor<?x5x5x4xf32>
  %u = tensor.cast %r : tensor<?x5x5x4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c9 = arith.constant 9 : index
  func.call @run_matmul(%c1) : (index) -> ()
  func.call @run_matmul(%c3) : (index) -> ()
  func.call @run_matmul(%c9) : (index) -> ()
  func.call @run_conv(%c1) : (index) -> ()
  func.call @run_conv(%c3) : (index) -> ()
  return
}
