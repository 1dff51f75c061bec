// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=3,4 mode=fully-cached stacks=one criterion=energy" \
// RUN:   --zigzag-report="file=%t.json table=false" | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: %check_depth_first %t.json --counts 1,1,1,1,1,1 | FileCheck %s --check-prefix=COUNTS

// Two 3x3 convs fused into one stack, tiled 3x4 over the 8x8 output: the
// leftover column (8 % 3 = 2) comes first; 3 x 2 tiles, each its own type
// (first / middle / last column x first / last row).
// COUNTS: ok tile types: 1,1,1,1,1,1
// CHECK: module attributes {{{.*}}zigzag.depth_first_result = #zigzag.depth_first_result<function = "chain", stacks_from = "{{[^"]*}}", mode = "fully-cached", tile = [3, 4], energy_pJ =
// CHECK-LABEL: func.func @chain
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-SAME: zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [3, 4], loops = [3, 2], mapping = #zigzag.mapping<{{.*}}>, energy_pJ = {{.*}}, latency_defines_cycles = {{.*}}>
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-SAME: zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [3, 4], loops = [3, 2], mapping = #zigzag.mapping<{{.*}}>{{.*}}>

// JSON: "depth_first": {
// JSON: "layer_by_layer": {
// JSON: "stacks": [
// JSON: "output": [
// JSON-NEXT: 8,
// JSON-NEXT: 8
// JSON: "tile_types": [
// JSON: "total": {
// JSON: "latency_defines_cycles":
module {
  func.func @chain(%in: tensor<1x4x12x12xi8>, %w1: tensor<8x4x3x3xi8>,
                   %w2: tensor<8x8x3x3xi8>) -> tensor<1x8x8x8xi8> {
    %z1 = tensor.empty() : tensor<1x8x10x10xi8>
    %a = linalg.conv_2d_nchw_fchw ins(%in, %w1 : tensor<1x4x12x12xi8>, tensor<8x4x3x3xi8>)
           outs(%z1 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
    %z2 = tensor.empty() : tensor<1x8x8x8xi8>
    %b = linalg.conv_2d_nchw_fchw ins(%a, %w2 : tensor<1x8x10x10xi8>, tensor<8x8x3x3xi8>)
           outs(%z2 : tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xi8>
    return %b : tensor<1x8x8x8xi8>
  }
}
