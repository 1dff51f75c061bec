// A transformer block (pre-norm, as ViT: layernorm, single-head attention
// with softmax, residual, layernorm, MLP with GELU, residual) written in
// linalg: every op the search maps (matmuls, the generic reductions and
// elementwise ops, fills) is exported as a transform library, the IR is
// stripped to stock MLIR and tiled by Debian's mlir-opt with that library,
// and the tiled program prints what the untransformed one prints. The
// block's reductions run over one loop each, in ascending order, so tiling
// keeps the float results bit-identical.
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-search-mapping --zigzag-emit-transform="file=%t.lib.mlir" --zigzag-strip-memory-spaces=attributes=true 2>/dev/null > %t.stripped.mlir
// RUN: FileCheck %s --check-prefix=LIB < %t.lib.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter > %t.tiled.mlir
// RUN: FileCheck %s --check-prefix=TILED < %t.tiled.mlir
// RUN: mlir-opt %t.tiled.mlir %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.tiled
// RUN: diff %t.plain %t.tiled
// RUN: FileCheck %s < %t.tiled
// The library's loops have the trip counts of --zigzag-apply-mapping's nest,
// op by op (temporal loops in order, spatial lanes in total):
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-search-mapping --zigzag-emit-transform="file=%t.lib2.mlir" 2>/dev/null > %t.tagged.mlir
// RUN: zigzag-opt %t.tagged.mlir --zigzag-apply-mapping=stage-buffers=false --canonicalize > %t.applied.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter --canonicalize > %t.tiled-canonical.mlir
// RUN: %python %S/../TransformExport/Inputs/trip_counts.py %t.applied.mlir %t.tiled-canonical.mlir | FileCheck %s --check-prefix=TRIPS
// TRIPS-COUNT-21: block#{{[0-9]+}}: temporal
// The search's zigzag.tiling of every op has the library's tile sizes.
// RUN: %python %S/../TransformExport/Inputs/tiling_vs_library.py %t.tagged.mlir %t.lib2.mlir | FileCheck %s --check-prefix=TILING
// TILING-COUNT-21: block#{{[0-9]+}}: {{[0-9]+}} levels, spatial [{{.*}}]: equal
// TILING-NOT: block

// Every matmul of the block is matched and tiled.
// LIB-COUNT-7: // block#{{[0-9]+}}: linalg.matmul
// TILED-LABEL: func.func @block
// TILED-COUNT-7: linalg.matmul {{.*}}zigzag_op_id = "block#{{[0-9]+}}"{{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x1xf32>, tensor<1x1xf32>)

// The block's output (equal to the untransformed program's by the diff).
// CHECK: {{\[\[}}-5.13349, -0.736504, 7.77657, -1.28192, -7.67636, 4.44101, 2.61069, -5.13349],
// CHECK-NEXT: [4.39966, 4.50213, -5.79132, -5.45847, 9.34518, -0.280617, -6.71656, 4.39966],
// CHECK-NEXT: [1.916, 3.57284, -3.48106, -5.4169, 8.70131, -0.407958, -4.88422, 1.916],
// CHECK-NEXT: [-2.22503, -3.32711, 5.64077, 3.02918, -6.99485, -0.625638, 4.50269, -2.22503]]

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
#qk_q = affine_map<(i, j, k) -> (i, k)>
#qk_k = affine_map<(i, j, k) -> (j, k)>
#qk_s = affine_map<(i, j, k) -> (i, j)>

func.func private @printMemrefF32(tensor<*xf32>)

func.func @block(%x: tensor<4x8xf32>, %wq: tensor<8x8xf32>, %wk: tensor<8x8xf32>,
                 %wv: tensor<8x8xf32>, %wo: tensor<8x8xf32>, %w1: tensor<8x16xf32>,
                 %w2: tensor<16x8xf32>) -> tensor<4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %eps = arith.constant 1.0e-5 : f32
  %cn = arith.constant 8.0 : f32
  %ninf = arith.constant -3.40282347e+38 : f32
  %scale = arith.constant 0.353553385 : f32
  %gelu_c = arith.constant -1.702 : f32
  // Attention: scores Q K^T, softmax of the scaled scores, times V.
  %ln1_r = tensor.empty() : tensor<4xf32>
  %ln1_rz = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%zero : f32) outs(%ln1_r : tensor<4xf32>) -> tensor<4xf32>
  %ln1_sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%x : tensor<4x8xf32>) outs(%ln1_rz : tensor<4xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %s = arith.addf %acc, %v : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %ln1_sq = linalg.generic {indexing_maps = [#id, #row, #row], iterator_types = ["parallel", "reduction"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%x, %ln1_sum : tensor<4x8xf32>, tensor<4xf32>) outs(%ln1_rz : tensor<4xf32>) {
  ^bb0(%v: f32, %sum: f32, %acc: f32):
    %mean = arith.divf %sum, %cn : f32
    %d = arith.subf %v, %mean : f32
    %d2 = arith.mulf %d, %d : f32
    %s = arith.addf %acc, %d2 : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %ln1_e = tensor.empty() : tensor<4x8xf32>
  %ln1 = linalg.generic {indexing_maps = [#id, #row, #row, #id], iterator_types = ["parallel", "parallel"],
      zigzag.operands = ["I1", "I2", "-", "O"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%x, %ln1_sum, %ln1_sq : tensor<4x8xf32>, tensor<4xf32>, tensor<4xf32>) outs(%ln1_e : tensor<4x8xf32>) {
  ^bb0(%v: f32, %sum: f32, %sq: f32, %o: f32):
    %mean = arith.divf %sum, %cn : f32
    %var = arith.divf %sq, %cn : f32
    %ve = arith.addf %var, %eps : f32
    %sd = math.sqrt %ve : f32
    %d = arith.subf %v, %mean : f32
    %r = arith.divf %d, %sd : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %qq_e = tensor.empty() : tensor<4x8xf32>
  %qq_z = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%zero : f32) outs(%qq_e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %qq = linalg.matmul {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%ln1, %wq : tensor<4x8xf32>, tensor<8x8xf32>) outs(%qq_z : tensor<4x8xf32>) -> tensor<4x8xf32>
  %kk_e = tensor.empty() : tensor<4x8xf32>
  %kk_z = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%zero : f32) outs(%kk_e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %kk = linalg.matmul {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%ln1, %wk : tensor<4x8xf32>, tensor<8x8xf32>) outs(%kk_z : tensor<4x8xf32>) -> tensor<4x8xf32>
  %vv_e = tensor.empty() : tensor<4x8xf32>
  %vv_z = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%zero : f32) outs(%vv_e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %vv = linalg.matmul {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%ln1, %wv : tensor<4x8xf32>, tensor<8x8xf32>) outs(%vv_z : tensor<4x8xf32>) -> tensor<4x8xf32>
  %sc_e = tensor.empty() : tensor<4x4xf32>
  %sc_z = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%zero : f32) outs(%sc_e : tensor<4x4xf32>) -> tensor<4x4xf32>
  %sc = linalg.generic {indexing_maps = [#qk_q, #qk_k, #qk_s], iterator_types = ["parallel", "parallel", "reduction"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%qq, %kk : tensor<4x8xf32>, tensor<4x8xf32>) outs(%sc_z : tensor<4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %p : f32
    linalg.yield %r : f32
  } -> tensor<4x4xf32>
  %m_e = tensor.empty() : tensor<4xf32>
  %m_z = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%ninf : f32) outs(%m_e : tensor<4xf32>) -> tensor<4xf32>
  %mx = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%sc : tensor<4x4xf32>) outs(%m_z : tensor<4xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %r = arith.maximumf %acc, %v : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %ex_e = tensor.empty() : tensor<4x4xf32>
  %ex = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%sc, %mx : tensor<4x4xf32>, tensor<4xf32>) outs(%ex_e : tensor<4x4xf32>) {
  ^bb0(%v: f32, %m: f32, %o: f32):
    %d = arith.subf %v, %m : f32
    %ds = arith.mulf %d, %scale : f32
    %e = math.exp %ds : f32
    linalg.yield %e : f32
  } -> tensor<4x4xf32>
  %sm_z = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%zero : f32) outs(%m_e : tensor<4xf32>) -> tensor<4xf32>
  %sm = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%ex : tensor<4x4xf32>) outs(%sm_z : tensor<4xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %r = arith.addf %acc, %v : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %pr = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%ex, %sm : tensor<4x4xf32>, tensor<4xf32>) outs(%ex_e : tensor<4x4xf32>) {
  ^bb0(%v: f32, %t: f32, %o: f32):
    %r = arith.divf %v, %t : f32
    linalg.yield %r : f32
  } -> tensor<4x4xf32>
  %att_e = tensor.empty() : tensor<4x8xf32>
  %att_z = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%zero : f32) outs(%att_e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %att = linalg.matmul {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%pr, %vv : tensor<4x4xf32>, tensor<4x8xf32>) outs(%att_z : tensor<4x8xf32>) -> tensor<4x8xf32>
  %proj_e = tensor.empty() : tensor<4x8xf32>
  %proj_z = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%zero : f32) outs(%proj_e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %proj = linalg.matmul {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%att, %wo : tensor<4x8xf32>, tensor<8x8xf32>) outs(%proj_z : tensor<4x8xf32>) -> tensor<4x8xf32>
  %r1_e = tensor.empty() : tensor<4x8xf32>
  %r1 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%x, %proj : tensor<4x8xf32>, tensor<4x8xf32>) outs(%r1_e : tensor<4x8xf32>) {
  ^bb0(%lhs: f32, %rhs: f32, %o: f32):
    %s = arith.addf %lhs, %rhs : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  // MLP with GELU (x * sigmoid(1.702 x)).
  %ln2_r = tensor.empty() : tensor<4xf32>
  %ln2_rz = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%zero : f32) outs(%ln2_r : tensor<4xf32>) -> tensor<4xf32>
  %ln2_sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%r1 : tensor<4x8xf32>) outs(%ln2_rz : tensor<4xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %s = arith.addf %acc, %v : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %ln2_sq = linalg.generic {indexing_maps = [#id, #row, #row], iterator_types = ["parallel", "reduction"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%r1, %ln2_sum : tensor<4x8xf32>, tensor<4xf32>) outs(%ln2_rz : tensor<4xf32>) {
  ^bb0(%v: f32, %sum: f32, %acc: f32):
    %mean = arith.divf %sum, %cn : f32
    %d = arith.subf %v, %mean : f32
    %d2 = arith.mulf %d, %d : f32
    %s = arith.addf %acc, %d2 : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %ln2_e = tensor.empty() : tensor<4x8xf32>
  %ln2 = linalg.generic {indexing_maps = [#id, #row, #row, #id], iterator_types = ["parallel", "parallel"],
      zigzag.operands = ["I1", "I2", "-", "O"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%r1, %ln2_sum, %ln2_sq : tensor<4x8xf32>, tensor<4xf32>, tensor<4xf32>) outs(%ln2_e : tensor<4x8xf32>) {
  ^bb0(%v: f32, %sum: f32, %sq: f32, %o: f32):
    %mean = arith.divf %sum, %cn : f32
    %var = arith.divf %sq, %cn : f32
    %ve = arith.addf %var, %eps : f32
    %sd = math.sqrt %ve : f32
    %d = arith.subf %v, %mean : f32
    %r = arith.divf %d, %sd : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %hid_e = tensor.empty() : tensor<4x16xf32>
  %hid_z = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%zero : f32) outs(%hid_e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %hid = linalg.matmul {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%ln2, %w1 : tensor<4x8xf32>, tensor<8x16xf32>) outs(%hid_z : tensor<4x16xf32>) -> tensor<4x16xf32>
  %act_e = tensor.empty() : tensor<4x16xf32>
  %act = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%hid : tensor<4x16xf32>) outs(%act_e : tensor<4x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %nv = arith.mulf %v, %gelu_c : f32
    %e = math.exp %nv : f32
    %d = arith.addf %one, %e : f32
    %r = arith.divf %v, %d : f32
    linalg.yield %r : f32
  } -> tensor<4x16xf32>
  %mlp_e = tensor.empty() : tensor<4x8xf32>
  %mlp_z = linalg.fill {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%zero : f32) outs(%mlp_e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %mlp = linalg.matmul {zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>} ins(%act, %w2 : tensor<4x16xf32>, tensor<16x8xf32>) outs(%mlp_z : tensor<4x8xf32>) -> tensor<4x8xf32>
  %out_e = tensor.empty() : tensor<4x8xf32>
  %out = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%r1, %mlp : tensor<4x8xf32>, tensor<4x8xf32>) outs(%out_e : tensor<4x8xf32>) {
  ^bb0(%lhs: f32, %rhs: f32, %o: f32):
    %s = arith.addf %lhs, %rhs : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  return %out : tensor<4x8xf32>
}

// Element n (row-major) of a tensor filled by @pattern: (((5 * n + seed) mod 7) - 3) / 4.
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
    %quarter = arith.constant 0.25 : f32
    %q = arith.mulf %f, %quarter : f32
    linalg.yield %q : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

func.func @main() {
  %x_e = tensor.empty() : tensor<32xf32>
  %x_d = tensor.cast %x_e : tensor<32xf32> to tensor<?xf32>
  %x_s = arith.constant 0 : index
  %x_p = func.call @pattern(%x_d, %x_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %x_f = tensor.cast %x_p : tensor<?xf32> to tensor<32xf32>
  %x = tensor.expand_shape %x_f [[0, 1]] output_shape [4, 8] : tensor<32xf32> into tensor<4x8xf32>
  %wq_e = tensor.empty() : tensor<64xf32>
  %wq_d = tensor.cast %wq_e : tensor<64xf32> to tensor<?xf32>
  %wq_s = arith.constant 1 : index
  %wq_p = func.call @pattern(%wq_d, %wq_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %wq_f = tensor.cast %wq_p : tensor<?xf32> to tensor<64xf32>
  %wq = tensor.expand_shape %wq_f [[0, 1]] output_shape [8, 8] : tensor<64xf32> into tensor<8x8xf32>
  %wk_e = tensor.empty() : tensor<64xf32>
  %wk_d = tensor.cast %wk_e : tensor<64xf32> to tensor<?xf32>
  %wk_s = arith.constant 2 : index
  %wk_p = func.call @pattern(%wk_d, %wk_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %wk_f = tensor.cast %wk_p : tensor<?xf32> to tensor<64xf32>
  %wk = tensor.expand_shape %wk_f [[0, 1]] output_shape [8, 8] : tensor<64xf32> into tensor<8x8xf32>
  %wv_e = tensor.empty() : tensor<64xf32>
  %wv_d = tensor.cast %wv_e : tensor<64xf32> to tensor<?xf32>
  %wv_s = arith.constant 3 : index
  %wv_p = func.call @pattern(%wv_d, %wv_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %wv_f = tensor.cast %wv_p : tensor<?xf32> to tensor<64xf32>
  %wv = tensor.expand_shape %wv_f [[0, 1]] output_shape [8, 8] : tensor<64xf32> into tensor<8x8xf32>
  %wo_e = tensor.empty() : tensor<64xf32>
  %wo_d = tensor.cast %wo_e : tensor<64xf32> to tensor<?xf32>
  %wo_s = arith.constant 4 : index
  %wo_p = func.call @pattern(%wo_d, %wo_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %wo_f = tensor.cast %wo_p : tensor<?xf32> to tensor<64xf32>
  %wo = tensor.expand_shape %wo_f [[0, 1]] output_shape [8, 8] : tensor<64xf32> into tensor<8x8xf32>
  %w1_e = tensor.empty() : tensor<128xf32>
  %w1_d = tensor.cast %w1_e : tensor<128xf32> to tensor<?xf32>
  %w1_s = arith.constant 5 : index
  %w1_p = func.call @pattern(%w1_d, %w1_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %w1_f = tensor.cast %w1_p : tensor<?xf32> to tensor<128xf32>
  %w1 = tensor.expand_shape %w1_f [[0, 1]] output_shape [8, 16] : tensor<128xf32> into tensor<8x16xf32>
  %w2_e = tensor.empty() : tensor<128xf32>
  %w2_d = tensor.cast %w2_e : tensor<128xf32> to tensor<?xf32>
  %w2_s = arith.constant 6 : index
  %w2_p = func.call @pattern(%w2_d, %w2_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %w2_f = tensor.cast %w2_p : tensor<?xf32> to tensor<128xf32>
  %w2 = tensor.expand_shape %w2_f [[0, 1]] output_shape [16, 8] : tensor<128xf32> into tensor<16x8xf32>
  %r = func.call @block(%x, %wq, %wk, %wv, %wo, %w1, %w2) : (tensor<4x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  %u = tensor.cast %r : tensor<4x8xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
