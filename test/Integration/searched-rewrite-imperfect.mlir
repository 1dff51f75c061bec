// Imperfect factorization end to end: a matmul (M29 N31 K23) searched on
// eyeriss_like (14 x 12 array) for EDP. Perfect factors only: N = 31 is
// prime, one loop of 31 / 12 -> 3. With imperfect=true N runs as tiles of
// 2, 3, 2 (12 wide) under an outermost loop of ceil(31 / 12) = 3 (factors
// multiplying to 36 > 31: the last tile is partial). Both mappings are
// counted on the tiles and lanes they run (K = 23 over 14 lanes runs
// 14 + 9 in both, N = 31 over 12 lanes 12 + 12 + 7 in the perfect one,
// which pays for its idle lanes too: 437135.5 pJ and 329 cycles where the
// averaged lanes gave 430078.8 and 319): EDP 10 % lower. The
// mapping is rewritten with staging, lowered and executed: the results equal
// the untransformed program's.
// REQUIRES: zigzag-reference
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.plain
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/eyeriss_like.yaml" --zigzag-search-mapping="criterion=edp imperfect=false" 2>/dev/null | FileCheck %s --check-prefix=PERFECT
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%reference/zigzag-inputs/hardware/eyeriss_like.yaml" --zigzag-search-mapping="criterion=edp imperfect=true" 2>/dev/null > %t.searched.mlir
// RUN: FileCheck %s --check-prefix=IMPERFECT < %t.searched.mlir
// RUN: zigzag-opt %t.searched.mlir --zigzag-apply-mapping > %t.eyeriss.mlir
// RUN: FileCheck %s --check-prefix=REWRITE < %t.eyeriss.mlir
// RUN: sed -e 's/^module attributes {zigzag.accelerator = .*} {$/module {/' %t.eyeriss.mlir | zigzag-opt --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v "base@" > %t.eyeriss
// RUN: diff %t.plain %t.eyeriss
// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | FileCheck %s

// PERFECT: zigzag.cost = #zigzag.cost<energy = 437135.5, mac_energy = 1.033850e+04, latency = 328.66666666666663,
// PERFECT-SAME: spatial = {D1 = [K 14], D2 = [N 12]}, temporal = [N 3, K 2, M 29]

// IMPERFECT: zigzag.cost = #zigzag.cost<energy = 432180.5, mac_energy = 1.033850e+04, latency = 298.66666666666663,
// IMPERFECT-SAME: ideal_temporal = 1.860000e+02
// IMPERFECT-SAME: spatial = {D1 = [K 14], D2 = [M 12]}, temporal = [N 2, N 3, K 2, N 2, M 3, N 3]

// The outermost N loop runs 3 tiles of 12 (the last one 7 wide) and each
// inner N loop as many tiles as its parent tile needs.
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
