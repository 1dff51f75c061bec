// Mappings of ops with a dynamic batch, modelled at an assumed size
// (zigzag.assumed_dims), rewritten into nests whose batch loops run over the
// runtime size: executed at batch sizes below, at and above the assumed
// one, the rewritten program prints what the untransformed one prints.
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-apply-mapping > %t.mapped.mlir
// RUN: FileCheck %s --check-prefix=IR < %t.mapped.mlir
// RUN: zigzag-opt %t.mapped.mlir --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.mapped
// RUN: diff %t.plain %t.mapped
// RUN: zigzag-opt %s --zigzag-apply-mapping=stage-buffers=false %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.unstaged
// RUN: diff %t.plain %t.unstaged
// Memref form: the bounds come from memref.dim.
// RUN: zigzag-opt %s %bufferize --zigzag-apply-mapping --zigzag-strip-memory-spaces %lower_to_llvm | %run_main | grep -v "base@" > %t.memref
// RUN: diff %t.plain %t.memref
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | FileCheck %s

// IR-DAG: #[[CEIL4:map[0-9]*]] = affine_map<()[s0] -> (s0 ceildiv 4)>
// IR-DAG: #[[CLIP4:map[0-9]*]] = affine_map<()[s0, s1] -> (4, s0 - s1 * 4)>
// IR-DAG: #[[CEIL2:map[0-9]*]] = affine_map<()[s0] -> (s0 ceildiv 2)>
// IR-DAG: #[[CLIP2:map[0-9]*]] = affine_map<()[s0, s1] -> (2, s0 - s1 * 2)>
// The matmul's dynamic rows d0 (assumed 8) are unrolled over D1 x D2 = 2 x 2
// lanes below a temporal loop of 2: the loop runs ceil(rows / 4) times,
// its last tile is clipped with affine.min and the lanes past the rows idle.
// IR-LABEL: func.func @matmul
// IR: %[[ROWS:.+]] = tensor.dim %arg0, %c0
// IR: scf.for %{{.+}} = %c0{{.*}} to %c3 step %c1
// IR: scf.for %{{.+}} = %c0{{.*}} to %c6 step %c1
// IR: %[[TRIPS:.+]] = affine.apply #[[CEIL4]]()[%[[ROWS]]]
// IR: scf.for %[[IV:.+]] = %c0{{.*}} to %[[TRIPS]] step %c1
// IR: %[[TILE:.+]] = affine.min #[[CLIP4]]()[%[[ROWS]], %[[IV]]]
// IR: scf.forall (%[[L1:.+]], %[[L2:.+]], %{{.+}}) in (2, 2, %{{.+}})
// Lanes past the tile's end get an empty point.
// IR: affine.min #{{.+}}()[%[[L2]], %[[L1]], %[[TILE]]]
// IR: } {mapping = [#zigzag.array_dim<"D1", "d0">, #zigzag.array_dim<"D2", "d0">, #zigzag.array_dim<"D3", "d1">]
// The conv's dynamic batch B (assumed 4) has a temporal loop of 2 over
// tiles of 2 on the sole D1 lane: ceil(batch / 2) iterations, the last tile
// clipped, the lanes bounded by the tile.
// IR-LABEL: func.func @conv
// IR: %[[BATCH:.+]] = tensor.dim %arg0, %c0
// IR: %[[TRIPS:.+]] = affine.apply #[[CEIL2]]()[%[[BATCH]]]
// IR: scf.for %[[IV:.+]] = %c0{{.*}} to %[[TRIPS]] step %c1
// IR: %[[TILE:.+]] = affine.min #[[CLIP2]]()[%[[BATCH]], %[[IV]]]
// IR: scf.forall ({{.+}}) in (%[[TILE]], 4)

// Batches 1, 3 and 9 of the matmul, then 1 and 3 of the conv.
// CHECK: sizes = [1, 5]
// CHECK-NEXT{LITERAL}: [[0,   -18,   6,   16,   5]]
// CHECK: sizes = [3, 5]
// CHECK: sizes = [9, 5]
// CHECK: sizes = [1, 5, 5, 4]
// CHECK: sizes = [3, 5, 5, 4]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @matmul(%a: tensor<?x6xf32>, %b: tensor<6x5xf32>, %c: tensor<?x5xf32>) -> tensor<?x5xf32> {
  %r = linalg.matmul {zigzag.assumed_dims = {d0 = 8},
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d0 2], D2 = [d0 2], D3 = [d1 2]},
                                       temporal = [d0 2, d2 6, d1 3],
                                       levels = {I1 = [rf 1, dram 3], I2 = [rf 0, dram 3], O = [rf 1, sram 2, dram 3]}>}
      ins(%a, %b : tensor<?x6xf32>, tensor<6x5xf32>) outs(%c : tensor<?x5xf32>) -> tensor<?x5xf32>
  return %r : tensor<?x5xf32>
}

func.func @conv(%i: tensor<?x7x7x2xf32>, %w: tensor<3x3x2x4xf32>, %o: tensor<?x5x5x4xf32>) -> tensor<?x5x5x4xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.loop_names = ["B", "OY", "OX", "K", "FY", "FX", "C"], zigzag.assumed_dims = {B = 4},
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [B 2], D2 = [K 4]},
                                       temporal = [C 2, FX 3, FY 3, OX 5, OY 5, B 2],
                                       levels = {I1 = [rf 2, dram 6], I2 = [rf 3, dram 6], O = [rf 3, sram 5, dram 6]}>}
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
