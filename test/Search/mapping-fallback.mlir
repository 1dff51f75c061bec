// A mapping entry written for layers with loops K and C (D1: K 4, D2: C 4)
// applied to layers it does not fit: hand-written linalg whose loops are
// d0, d1, d2, a matmul whose K is 1, a depthwise conv (no K, no C). The
// unrollings are dropped; by default each such layer gets one warning at the
// op naming what was dropped, and runs at 1/16 of the array (K = 1: 1/4).
// mapping-fallback=search lets the search choose those layers' spatial
// mappings instead (a remark says so): every one then uses the whole array.
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="mapping-file=%S/Inputs/kc-unrolling.yaml" | FileCheck %s --check-prefix=KEEP
// RUN: zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="mapping-file=%S/Inputs/kc-unrolling.yaml mapping-fallback=search" 2>%t.stderr | FileCheck %s --check-prefix=SEARCH
// RUN: FileCheck %s --check-prefix=REMARK < %t.stderr
// The exhaustive engine and the pipeline take the option too:
// RUN: zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive budget-nodes=5000 mapping-file=%S/Inputs/kc-unrolling.yaml mapping-fallback=search" 2>/dev/null | FileCheck %s --check-prefix=EXHAUSTIVE
// RUN: zigzag-opt %s -split-input-file --zigzag-pipeline="hardware=%S/Inputs/array4x4.yaml mapping-file=%S/Inputs/kc-unrolling.yaml mapping-fallback=search apply=false" -o /dev/null 2>&1 | FileCheck %s --check-prefix=PIPELINE
// RUN: not zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="mapping-fallback=guess" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: for the --mapping-fallback option: Cannot find option named 'guess'!

// KEEP-LABEL: func.func @unnamed
// KEEP: spatial_utilization = 6.250000e-02
// KEEP-SAME: zigzag.mapping = #zigzag.mapping<spatial = {}
// SEARCH-LABEL: func.func @unnamed
// SEARCH: spatial_utilization = 1.000000e+00
// SEARCH-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d{{[0-2]}} 4], D2 = [d{{[0-2]}} 4]}
// REMARK: remark: layer 'matmul_0': the spatial_mapping of mapping entry 'default' does not fit: K 4 on D1 (the layer has no loop K), C 4 on D2 (the layer has no loop C); searched its spatial mapping instead
func.func @unnamed(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  // expected-warning @below {{layer 'matmul_0': the spatial_mapping of mapping entry 'default' does not fit: K 4 on D1 (the layer has no loop K), C 4 on D2 (the layer has no loop C) dropped (mapping-fallback=search searches the spatial mapping of such layers)}}
  %0 = linalg.matmul ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// The same matmul with ZigZag's loop names fits: no warning, full array.
// KEEP-LABEL: func.func @named
// KEEP: spatial_utilization = 1.000000e+00
// KEEP-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 4], D2 = [C 4]}
// SEARCH-LABEL: func.func @named
// SEARCH: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 4], D2 = [C 4]}
func.func @named(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"]} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}

// -----

// K = 1: its unrolling is reduced to 1, C 4 stays.
// KEEP-LABEL: func.func @k1
// KEEP: spatial_utilization = 2.500000e-01
// SEARCH-LABEL: func.func @k1
// SEARCH: spatial_utilization = 1.000000e+00
// REMARK: remark: layer 'matmul_0': the spatial_mapping of mapping entry 'default' does not fit: K 4 on D1 (loop K has size 1); searched its spatial mapping instead
func.func @k1(%i: tensor<64x32xi8>, %w: tensor<32x1xi8>, %o: tensor<64x1xi32>) -> tensor<64x1xi32> {
  // expected-warning @below {{layer 'matmul_0': the spatial_mapping of mapping entry 'default' does not fit: K 4 on D1 (loop K has size 1) dropped}}
  %0 = linalg.matmul {zigzag.loop_names = ["D", "K", "C"]} ins(%i, %w : tensor<64x32xi8>, tensor<32x1xi8>) outs(%o : tensor<64x1xi32>) -> tensor<64x1xi32>
  return %0 : tensor<64x1xi32>
}

// -----

// A depthwise conv under K/C unrolling (MobileNet's depthwise layers under
// tpu_like's mapping file): G and OX take the array instead.
// KEEP-LABEL: func.func @depthwise
// KEEP: latency = 1.569790e+05
// KEEP-SAME: spatial_utilization = 6.250000e-02
// SEARCH-LABEL: func.func @depthwise
// SEARCH: latency = 1.105900e+04
// SEARCH-SAME: spatial_utilization = 1.000000e+00
// SEARCH-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [G 4], D2 = [OX 4]}
// EXHAUSTIVE-LABEL: func.func @depthwise
// EXHAUSTIVE: spatial_utilization = 1.000000e+00
// EXHAUSTIVE-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [G 4], D2 = [OX 4]}
// PIPELINE: remark: layer 'depthwise_conv_2d_nhwc_hwc_0': {{.*}}; searched its spatial mapping instead
// PIPELINE: depthwise_conv_2d_nhwc_hwc_0 73728 {{[0-9.]+}} 11059.0 100.0% D1:G×4 D2:OX×4
// REMARK: remark: layer 'depthwise_conv_2d_nhwc_hwc_0': the spatial_mapping of mapping entry 'default' does not fit: K 4 on D1 (the layer has no loop K), C 4 on D2 (the layer has no loop C); searched its spatial mapping instead
func.func @depthwise(%i: tensor<1x18x18x32xi8>, %w: tensor<3x3x32xi8>, %o: tensor<1x16x16x32xi32>) -> tensor<1x16x16x32xi32> {
  // expected-warning @below {{layer 'depthwise_conv_2d_nhwc_hwc_0': the spatial_mapping of mapping entry 'default' does not fit: K 4 on D1 (the layer has no loop K), C 4 on D2 (the layer has no loop C) dropped}}
  %0 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, zigzag.loop_names = ["B", "OY", "OX", "G", "FY", "FX"]} ins(%i, %w : tensor<1x18x18x32xi8>, tensor<3x3x32xi8>) outs(%o : tensor<1x16x16x32xi32>) -> tensor<1x16x16x32xi32>
  return %0 : tensor<1x16x16x32xi32>
}
