// User constraints (#zigzag.constraints on the op) under the MAESTRO dataflow
// search: a constraint holds for a dataflow when it holds for the mapping the
// dataflow lowers to (--zigzag-maestro-to-mapping, on the MAESTRO-style
// accelerator: l1 holds the innermost cluster level's loops, l2 those of the
// levels above). Each chosen dataflow is checked, and its lowering shows
// the constraint holds; the free searches show it binds.
// RUN: zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/pe16.m" --zigzag-search-mapping="model=maestro objective=runtime" --zigzag-maestro-to-mapping | FileCheck %s --check-prefix=RT
// RUN: zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/pe16.m" --zigzag-search-mapping="model=maestro objective=energy" --zigzag-maestro-to-mapping | FileCheck %s --check-prefix=EN

// The free search, for comparison (no constraint, no `excluded` count):
// runtime: D 16 spatial, K 8 and C 4 iterated in l1 (the innermost cluster
// level), C 8 and K 2 in l2, K outermost; energy: D 64 in l2.
// RT-LABEL: func.func @mm_free
// RT: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(8, 8) N, SpatialMap(4, 4) M, TemporalMap(4, 4) K, Cluster(1, P), TemporalMap(8, 8) N, TemporalMap(4, 4) M, SpatialMap(1, 1) K]>
// RT-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, from_seed = false
// RT-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [D 16]}, temporal = [D 4, K 8, C 4, C 8, K 2], levels = {I1 = [l1 3, l2 5, dram 5], I2 = [l1 3, l2 5, dram 5], O = [l1 3, l2 5, dram 5]}>
// EN-LABEL: func.func @mm_free
// EN: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(1, 1) M, SpatialMap(8, 8) N, TemporalMap(32, 32) K, Cluster(1, P), TemporalMap(1, 1) M, TemporalMap(8, 8) N, SpatialMap(1, 1) K]>
// EN-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, from_seed = false
// EN-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 2]}, temporal = [K 8, C 32, D 64], levels = {I1 = [l1 2, l2 3, dram 3], I2 = [l1 2, l2 3, dram 3], O = [l1 2, l2 3, dram 3]}>
func.func @mm_free(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"]} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (a) K (MAESTRO's N) unrolled exactly 4 times.
// RT-LABEL: func.func @spatial
// RT: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(8, 8) M, SpatialMap(4, 4) N, TemporalMap(16, 16) K, Cluster(4, P), TemporalMap(8, 8) M, TemporalMap(4, 4) N, SpatialMap(1, 1) K]>
// RT-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, excluded = 885 : i64
// RT-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 4, C 4]}, temporal = [K 4, D 8, C 4, C 2, D 8], levels = {I1 = [l1 3, l2 5, dram 5], I2 = [l1 3, l2 5, dram 5], O = [l1 3, l2 5, dram 5]}>
func.func @spatial(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<spatial = {D1 = {K = 4}}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (a) D (MAESTRO's M) never unrolled.
// RT-LABEL: func.func @forbid_spatial
// RT: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(8, 8) M, SpatialMap(1, 1) N, TemporalMap(16, 16) K, Cluster(1, P), TemporalMap(8, 8) M, TemporalMap(1, 1) N, SpatialMap(1, 1) K]>
// RT-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, excluded = 450 : i64
// RT-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 16]}, temporal = [D 8, C 16, C 2, D 8], levels = {I1 = [l1 2, l2 4, dram 4], I2 = [l1 2, l2 4, dram 4], O = [l1 2, l2 4, dram 4]}>
func.func @forbid_spatial(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<forbid_spatial = {D1 = ["D"]}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (b) every temporal K loop in l2 (a level above the innermost one): K is
// all spatial here.
// RT-LABEL: func.func @loop_level
// RT: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(8, 8) M, SpatialMap(1, 1) N, TemporalMap(16, 16) K, Cluster(1, P), TemporalMap(8, 8) M, TemporalMap(1, 1) N, SpatialMap(1, 1) K]>
// RT-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, excluded = 800 : i64
// RT-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 16]}, temporal = [D 8, C 16, C 2, D 8], levels = {I1 = [l1 2, l2 4, dram 4], I2 = [l1 2, l2 4, dram 4], O = [l1 2, l2 4, dram 4]}>
func.func @loop_level(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<loop_levels = {K = "l2"}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (b) C the outermost loop.
// RT-LABEL: func.func @outermost
// RT: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(16, 16) N, SpatialMap(4, 4) M, TemporalMap(4, 4) K, Cluster(1, P), TemporalMap(16, 16) N, TemporalMap(4, 4) M, SpatialMap(1, 1) K]>
// RT-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, excluded = 968 : i64
// RT-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [D 16]}, temporal = [D 4, K 16, C 4, C 8], levels = {I1 = [l1 3, l2 4, dram 4], I2 = [l1 3, l2 4, dram 4], O = [l1 3, l2 4, dram 4]}>
func.func @outermost(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<outermost = ["C"]>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (b) K innermost, then D.
// RT-LABEL: func.func @innermost
// RT: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(4, 4) M, SpatialMap(2, 2) N, TemporalMap(16, 16) K, Cluster(2, P), TemporalMap(4, 4) M, TemporalMap(2, 2) N, SpatialMap(1, 1) K]>
// RT-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, excluded = 680 : i64
// RT-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 8, C 2]}, temporal = [K 2, D 4, C 8, C 2, D 16], levels = {I1 = [l1 3, l2 5, dram 5], I2 = [l1 3, l2 5, dram 5], O = [l1 3, l2 5, dram 5]}>
func.func @innermost(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<innermost = ["K", "D"]>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (c) K covered 4 times at or below l1: K 4 in the innermost level.
// RT-LABEL: func.func @tile
// RT: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(4, 4) N, SpatialMap(4, 4) M, TemporalMap(4, 4) K, Cluster(1, P), TemporalMap(4, 4) N, TemporalMap(4, 4) M, SpatialMap(1, 1) K]>
// RT-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, excluded = 855 : i64
// RT-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [D 16]}, temporal = [D 4, K 4, C 4, C 8, K 4], levels = {I1 = [l1 3, l2 5, dram 5], I2 = [l1 3, l2 5, dram 5], O = [l1 3, l2 5, dram 5]}>
func.func @tile(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<tiles = {l1 = {K = 4}}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (d) l1 keeps no tile of I of its own: the innermost level does not
// iterate.
// RT-LABEL: func.func @keep_out
// RT: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(1, 1) N, SpatialMap(1, 1) M, TemporalMap(1, 1) K, Cluster(1, P), TemporalMap(1, 1) N, TemporalMap(1, 1) M, SpatialMap(1, 1) K]>
// RT-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, excluded = 990 : i64
// RT-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [D 16]}, temporal = [C 32, D 4, K 16], levels = {I1 = [l1 0, l2 3, dram 3], I2 = [l1 0, l2 3, dram 3], O = [l1 0, l2 3, dram 3]}>
func.func @keep_out(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<keep_out = {I = ["l1"]}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (d) the outputs held whole in l1: no D or K loop above it.
// EN-LABEL: func.func @pin
// EN: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(16, 16) N, SpatialMap(16, 16) M, TemporalMap(32, 32) K, Cluster(1, P), TemporalMap(16, 16) N, TemporalMap(16, 16) M, SpatialMap(1, 1) K]>
// EN-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, excluded = 968 : i64
// EN-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [D 4]}, temporal = [D 16, K 16, C 32], levels = {I1 = [l1 3, l2 3, dram 3], I2 = [l1 3, l2 3, dram 3], O = [l1 3, l2 3, dram 3]}>
func.func @pin(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<pin = {O = ["l1"]}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// (d) the inputs held whole in l1: no D or C loop above it; all of C
// (MAESTRO's K) iterates within one cluster.
// RT-LABEL: func.func @pin_input
// RT: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(2, 2) N, SpatialMap(4, 4) M, TemporalMap(32, 32) K, Cluster(1, P), TemporalMap(2, 2) N, TemporalMap(4, 4) M, SpatialMap(1, 1) K]>
// RT-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, excluded = 970 : i64
// RT-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [D 16]}, temporal = [D 4, K 2, C 32, K 8], levels = {I1 = [l1 3, l2 4, dram 4], I2 = [l1 3, l2 4, dram 4], O = [l1 3, l2 4, dram 4]}>
func.func @pin_input(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.constraints = #zigzag.constraints<pin = {I = ["l1"]}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
// -----

func.func @conv_free(%i: tensor<1x32x18x18xi8>, %w: tensor<32x32x3x3xi8>, %o: tensor<1x32x16x16xi32>) -> tensor<1x32x16x16xi32> {
  %0 = linalg.conv_2d_nchw_fchw {zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"]} ins(%i, %w : tensor<1x32x18x18xi8>, tensor<32x32x3x3xi8>) outs(%o : tensor<1x32x16x16xi32>) -> tensor<1x32x16x16xi32>
  return %0 : tensor<1x32x16x16xi32>
}

// -----

// (e) at least half of the PEs busy.
// EN-LABEL: func.func @min_utilization
// EN: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(16, 16) K, TemporalMap(16, 16) C, TemporalMap(3, 1) Y, SpatialMap(3, 1) X, TemporalMap(3, 3) R, TemporalMap(3, 3) S]>
// EN-SAME: zigzag.maestro_search = {evaluated = {{[0-9]+}} : i64, excluded = 16 : i64
// EN-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [OX 16]}, temporal = [FX 3, FY 3, C 16, K 16, OY 16, C 2, K 2], levels = {I1 = [l1 7, l2 7, dram 7], I2 = [l1 7, l2 7, dram 7], O = [l1 7, l2 7, dram 7]}>
func.func @min_utilization(%i: tensor<1x32x18x18xi8>, %w: tensor<32x32x3x3xi8>, %o: tensor<1x32x16x16xi32>) -> tensor<1x32x16x16xi32> {
  %0 = linalg.conv_2d_nchw_fchw {zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"], zigzag.constraints = #zigzag.constraints<min_utilization = 0.5>} ins(%i, %w : tensor<1x32x18x18xi8>, tensor<32x32x3x3xi8>) outs(%o : tensor<1x32x16x16xi32>) -> tensor<1x32x16x16xi32>
  return %0 : tensor<1x32x16x16xi32>
}
