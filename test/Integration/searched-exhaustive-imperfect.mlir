// The exhaustive engine over imperfect factorizations, end to end: the
// matmul of searched-rewrite-imperfect.mlir (M29 N31 K23) searched on
// eyeriss_like (14 x 12 array) for EDP with engine=exhaustive
// imperfect=true. Besides the perfect space the branch-and-bound searches
// the padded temporal sizes LOMA searches, where the partial tiles and the
// idle lanes of K = 23 over 14 and N = 31 over 12 are counted as they run
// (docs/CostModel.md, "Spatial remainders"), in the perfect space as in
// the padded ones. M = 29 runs as tiles of 3 under an outermost loop of
// ceil(29 / 3) = 10 and N's 3 iterations as 2 x 2 (factors multiplying to
// 30 > 29 and 4 > 3: the last tiles are partial); the engine proves it
// optimal: EDP 7 % below LOMA imperfect's (its cost is the seed,
// loma_energy / loma_latency), 16 % below the perfect [N 3, K 2, M 29] of
// searched-rewrite-imperfect.mlir. The mapping is rewritten with
// staging (the lanes' last tiles partial), lowered and executed: the
// results equal the untransformed program's.
// REQUIRES: zigzag-reference
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/eyeriss_like.yaml" --zigzag-search-mapping="criterion=edp engine=exhaustive imperfect=true" 2>/dev/null > %t.searched.mlir
// RUN: FileCheck %s --check-prefix=SEARCH < %t.searched.mlir
// RUN: zigzag-opt %t.searched.mlir --zigzag-apply-mapping > %t.eyeriss.mlir
// RUN: FileCheck %s --check-prefix=REWRITE < %t.eyeriss.mlir
// RUN: sed -e 's/^module attributes {zigzag.accelerator = .*} {$/module {/' %t.eyeriss.mlir | zigzag-opt --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.eyeriss
// RUN: diff %t.plain %t.eyeriss
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | FileCheck %s

// SEARCH: zigzag.cost = #zigzag.cost<energy = 435048.5, mac_energy = 1.033850e+04, latency = 276.33333333333337,
// SEARCH-SAME: spatial = {D1 = [K 14], D2 = [N 12]}, temporal = [M 3, N 2, K 2, N 2, M 10]
// SEARCH-SAME: zigzag.search = #zigzag.search<engine = "exhaustive"
// SEARCH-SAME: optimal = true, gap = 0.000000e+00, nodes = {{[0-9]+}}
// SEARCH-SAME: loma_energy = 432180.5, loma_latency = 298.66666666666663

// The outermost M loop runs 10 tiles of 3 (the last one 2 wide); K and N
// run their last iteration on 9 of 14 and 7 of 12 lanes.
// REWRITE-DAG: scf.forall
// REWRITE-DAG: affine.min

// CHECK: Unranked Memref base@ = {{.*}} sizes = [29, 31]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @compute(%a: tensor<29x23xf32>, %b: tensor<23x31xf32>, %c: tensor<29x31xf32>) -> tensor<29x31xf32> {
  %r = linalg.matmul {zigzag.loop_names = ["M", "N", "K"], zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>}
      ins(%a, %b : tensor<29x23xf32>, tensor<23x31xf32>) outs(%c : tensor<29x31xf32>) -> tensor<29x31xf32>
  return %r : tensor<29x31xf32>
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

func.func @main() {
  %in0_e = tensor.empty() : tensor<667xf32>
  %in0_d = tensor.cast %in0_e : tensor<667xf32> to tensor<?xf32>
  %in0_s = arith.constant 0 : index
  %in0_p = func.call @pattern(%in0_d, %in0_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %in0_f = tensor.cast %in0_p : tensor<?xf32> to tensor<667xf32>
  %in0 = tensor.expand_shape %in0_f [[0, 1]] output_shape [29, 23] : tensor<667xf32> into tensor<29x23xf32>
  %in1_e = tensor.empty() : tensor<713xf32>
  %in1_d = tensor.cast %in1_e : tensor<713xf32> to tensor<?xf32>
  %in1_s = arith.constant 1 : index
  %in1_p = func.call @pattern(%in1_d, %in1_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %in1_f = tensor.cast %in1_p : tensor<?xf32> to tensor<713xf32>
  %in1 = tensor.expand_shape %in1_f [[0, 1]] output_shape [23, 31] : tensor<713xf32> into tensor<23x31xf32>
  %out_e = tensor.empty() : tensor<899xf32>
  %out_d = tensor.cast %out_e : tensor<899xf32> to tensor<?xf32>
  %out_s = arith.constant 2 : index
  %out_p = func.call @pattern(%out_d, %out_s) : (tensor<?xf32>, index) -> tensor<?xf32>
  %out_f = tensor.cast %out_p : tensor<?xf32> to tensor<899xf32>
  %out = tensor.expand_shape %out_f [[0, 1]] output_shape [29, 31] : tensor<899xf32> into tensor<29x31xf32>
  %r = func.call @compute(%in0, %in1, %out) : (tensor<29x23xf32>, tensor<23x31xf32>, tensor<29x31xf32>) -> tensor<29x31xf32>
  %u = tensor.cast %r : tensor<29x31xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
