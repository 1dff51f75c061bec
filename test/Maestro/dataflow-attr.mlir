// #zigzag.dataflow: round trip (Sz, Y'/X', Cluster types) and the verifier.
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @roundtrip
// CHECK: zigzag.dataflow = #zigzag.dataflow<[SpatialMap(1, 1) K, TemporalMap(64, 64) C, TemporalMap(Sz(R), Sz(R)) R, TemporalMap(Sz(S), Sz(S)) S, TemporalMap(1, 1) "Y'", TemporalMap(Sz(S), 1) X, Cluster(8, L), SpatialMap(1, 1) C, Cluster(Sz(R), P)]>
func.func @roundtrip(%i: tensor<1x64x10x10xf32>, %w: tensor<8x64x3x3xf32>,
                     %o: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %0 = linalg.conv_2d_nchw_fchw {zigzag.dataflow = #zigzag.dataflow<[
         SpatialMap(1, 1) K, TemporalMap(64, 64) C, TemporalMap(Sz(R), Sz(R)) R,
         TemporalMap(Sz(S), Sz(S)) "S", TemporalMap(1, 1) "Y'",
         TemporalMap(Sz(S), 1) X, Cluster(8, L), SpatialMap(1, 1) C,
         Cluster(Sz(R))]>}
       ins(%i, %w : tensor<1x64x10x10xf32>, tensor<8x64x3x3xf32>)
       outs(%o : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

// expected-error @+1 {{directive 0: size must be positive, got 0}}
#bad = #zigzag.dataflow<[SpatialMap(0, 1) K]>
func.func private @f() attributes {x = #bad}

// -----

// expected-error @+1 {{directive 1: offset 4 is larger than the map size 2 (indices would be skipped)}}
#bad = #zigzag.dataflow<[SpatialMap(1, 1) K, TemporalMap(2, 4) C]>
func.func private @f() attributes {x = #bad}

// -----

// expected-error @+1 {{directive 0: a TemporalMap on R must cover the whole filter, TemporalMap(Sz(R), Sz(R))}}
#bad = #zigzag.dataflow<[TemporalMap(3, 1) R]>
func.func private @f() attributes {x = #bad}

// -----

// expected-error @+1 {{unknown MAESTRO dimension 'Z'}}
#bad = #zigzag.dataflow<[TemporalMap(3, 1) Z]>

// -----

// expected-error @+1 {{unknown directive 'Tile' (TemporalMap, SpatialMap or Cluster)}}
#bad = #zigzag.dataflow<[Tile(3, 1) K]>

// -----

// expected-error @+1 {{cluster type must be P or L, found 'Q'}}
#bad = #zigzag.dataflow<[Cluster(3, Q)]>

// -----

func.func @wrong_dim(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>,
                     %o: tensor<4x2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{zigzag.dataflow: directive SpatialMap(1,1) C names a dimension this op does not have}}
  %0 = linalg.matmul {zigzag.dataflow = #zigzag.dataflow<[SpatialMap(1, 1) C]>}
       ins(%a, %b : tensor<4x8xf32>, tensor<8x2xf32>)
       outs(%o : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @dilated(%i: tensor<1x4x10x10xf32>, %w: tensor<8x4x3x3xf32>,
                   %o: tensor<1x8x6x6xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{zigzag.dataflow: MAESTRO models no dilation; this convolution is dilated}}
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>, zigzag.dataflow = #zigzag.dataflow<[SpatialMap(1, 1) K]>}
       ins(%i, %w : tensor<1x4x10x10xf32>, tensor<8x4x3x3xf32>)
       outs(%o : tensor<1x8x6x6xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

func.func @other_op(%a: tensor<4xf32>, %o: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{zigzag.dataflow is supported on linalg.conv_2d_nchw_fchw, linalg.depthwise_conv_2d_nchw_chw and linalg.matmul, not on 'linalg.copy'}}
  %0 = linalg.copy {zigzag.dataflow = #zigzag.dataflow<[SpatialMap(1, 1) K]>}
       ins(%a : tensor<4xf32>) outs(%o : tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @sz_missing(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>,
                      %o: tensor<4x2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{Sz(R): the op has no such dimension}}
  %0 = linalg.matmul {zigzag.dataflow = #zigzag.dataflow<[SpatialMap(Sz(R), 1) M]>}
       ins(%a, %b : tensor<4x8xf32>, tensor<8x2xf32>)
       outs(%o : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// expected-error @+1 {{'zigzag.dataflow' must be a #zigzag.dataflow attribute, got 3 : i64}}
func.func private @f() attributes {zigzag.dataflow = 3}

// -----

func.func @zero_stride(%i: tensor<1x4x10x10xf32>, %w: tensor<8x4x3x3xf32>,
                       %o: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+1 {{zigzag.dataflow: the convolution needs positive strides and an input at least as large as the filter}}
  %0 = linalg.conv_2d_nchw_fchw {strides = dense<0> : tensor<2xi64>, zigzag.dataflow = #zigzag.dataflow<[SpatialMap(1, 1) K]>}
       ins(%i, %w : tensor<1x4x10x10xf32>, tensor<8x4x3x3xf32>)
       outs(%o : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}
