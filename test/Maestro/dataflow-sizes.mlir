// The size-dependent checks of a dataflow are made where it is used (the
// analysis, the bridge, the export), since the tiles of a rewritten op keep
// the attribute: a TemporalMap on R/S must cover the op's whole filter.
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics --zigzag-maestro-analysis
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics --zigzag-maestro-to-mapping

module attributes {zigzag.maestro_hardware = {l1_size = 64 : i64, l2_size = 1024 : i64, noc_bw = 4 : i64, noc_hop_latency = 1 : i64, noc_hops = 1 : i64, num_pes = 8 : i64, offchip_bw = 8 : i64, simd_lanes = 1 : i64}} {
func.func @partial_filter(%i: tensor<1x4x10x10xf32>, %w: tensor<8x4x3x3xf32>,
                          %o: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+1 {{zigzag.dataflow: directive TemporalMap(2,2) S must cover the whole filter (S = 3)}}
  %0 = linalg.conv_2d_nchw_fchw {zigzag.dataflow = #zigzag.dataflow<[SpatialMap(1, 1) K, TemporalMap(2, 2) S]>}
       ins(%i, %w : tensor<1x4x10x10xf32>, tensor<8x4x3x3xf32>)
       outs(%o : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}
}
