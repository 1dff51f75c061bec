// --zigzag-maestro-analysis="search=..." does not resolve constraints (they
// need the op's workload and the mapping file of the search pass): an op
// that carries some is an error rather than a search that ignores them.
// Without a search the dataflow is analysed as given.
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/pe16.m" --zigzag-maestro-analysis="search=runtime" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SEARCH
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/pe16.m" --zigzag-maestro-analysis | FileCheck %s --check-prefix=ANALYSE

// SEARCH: constraints-analysis.mlir:[[# @LINE + 4]]:8: error: zigzag.constraints are not read by --zigzag-maestro-analysis="search=..."; search with --zigzag-search-mapping="model=maestro"
// ANALYSE: zigzag.dataflow = #zigzag.dataflow<[TemporalMap(16, 16) N, SpatialMap(8, 8) M, TemporalMap(2, 2) K, Cluster(2, P), TemporalMap(16, 16) N, TemporalMap(8, 8) M, SpatialMap(1, 1) K]>
// ANALYSE-SAME: zigzag.maestro = {
func.func @mm(%a: tensor<64x32xi8>, %b: tensor<32x16xi8>, %c: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"], zigzag.dataflow = #zigzag.dataflow<[TemporalMap(16, 16) N, SpatialMap(8, 8) M, TemporalMap(2, 2) K, Cluster(2, P), TemporalMap(16, 16) N, TemporalMap(8, 8) M, SpatialMap(1, 1) K]>, zigzag.constraints = #zigzag.constraints<spatial = {D1 = {K = 4}}>} ins(%a, %b : tensor<64x32xi8>, tensor<32x16xi8>) outs(%c : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
