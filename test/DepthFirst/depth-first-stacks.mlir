// Given stack cuts: stacks=cut-after:L1,L2,... where each item is a layer name
// (zigzag.layer_name, as the report shows it) or a 0-based index in
// topological order; the same list on every chunk: 'mid' by name, 2 by index.
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4 mode=fully-cached stacks=cut-after:mid,2" | FileCheck %s

// Malformed lists are option errors.
// RUN: not zigzag-opt %s -split-input-file \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4 stacks=cut-after:" 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not zigzag-opt %s -split-input-file \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4 stacks=cut-after:mid,,2" 2>&1 | FileCheck %s --check-prefix=HOLE
// RUN: not zigzag-opt %s -split-input-file \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4 stacks=fused" 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// EMPTY: error: stacks=cut-after: needs a comma-separated list of layer names or indices
// HOLE: error: stacks=cut-after:mid,,2 needs a comma-separated list of layer names or indices
// UNKNOWN: error: unknown stacks 'fused' (expected auto, one, layer-by-layer or cut-after:L1,L2,...)

// A chain of four 3x3 convs cut after 'mid' (index 1) and index 2 ('third').
// CHECK: module attributes
// CHECK-SAME: zigzag.depth_first_result = #zigzag.depth_first_result<{{.*}}stacks = [
// CHECK-SAME: layers = ["first", "mid"], {{.*}}output = [12, 12]
// CHECK-SAME: layers = ["third"], {{.*}}output = [10, 10]
// CHECK-SAME: layers = ["last"], {{.*}}output = [8, 8]
// CHECK-LABEL: func.func @chain
// CHECK: linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, {{.*}}>, zigzag.layer_name = "first"}
// CHECK: linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, {{.*}}>, zigzag.layer_name = "mid"}
// CHECK: linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 1, {{.*}}>, zigzag.layer_name = "third"}
// CHECK: linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 2, {{.*}}>, zigzag.layer_name = "last"}
func.func @chain(%in: tensor<1x4x16x16xi8>, %w1: tensor<8x4x3x3xi8>,
                 %w2: tensor<8x8x3x3xi8>, %w3: tensor<8x8x3x3xi8>,
                 %w4: tensor<8x8x3x3xi8>) -> tensor<1x8x8x8xi8> {
  %z1 = tensor.empty() : tensor<1x8x14x14xi8>
  %a = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "first"}
         ins(%in, %w1 : tensor<1x4x16x16xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x14x14xi8>) -> tensor<1x8x14x14xi8>
  %z2 = tensor.empty() : tensor<1x8x12x12xi8>
  %b = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "mid"}
         ins(%a, %w2 : tensor<1x8x14x14xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x12x12xi8>) -> tensor<1x8x12x12xi8>
  %z3 = tensor.empty() : tensor<1x8x10x10xi8>
  %c = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "third"}
         ins(%b, %w3 : tensor<1x8x12x12xi8>, tensor<8x8x3x3xi8>)
         outs(%z3 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %z4 = tensor.empty() : tensor<1x8x8x8xi8>
  %d = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "last"}
         ins(%c, %w4 : tensor<1x8x10x10xi8>, tensor<8x8x3x3xi8>)
         outs(%z4 : tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xi8>
  return %d : tensor<1x8x8x8xi8>
}

// -----

// Cuts at the boundaries of a residual block fuse the whole block (branches
// and join) into one stack with a single output.
// CHECK: module attributes
// CHECK-SAME: zigzag.depth_first_result = #zigzag.depth_first_result<{{.*}}stacks = [
// CHECK-SAME: layers = ["stem", "mid"]
// CHECK-SAME: layers = ["fork"]
// CHECK-SAME: layers = ["left", "right", "join", "tail"]
// CHECK-LABEL: func.func @residual_block
// CHECK: zigzag.depth_first = #zigzag.depth_first<stack = 0, {{.*}}>, zigzag.layer_name = "stem"
// CHECK: zigzag.depth_first = #zigzag.depth_first<stack = 0, {{.*}}>, zigzag.layer_name = "mid"
// CHECK: zigzag.depth_first = #zigzag.depth_first<stack = 1, {{.*}}>, zigzag.layer_name = "fork"
// CHECK: zigzag.depth_first = #zigzag.depth_first<stack = 2, {{.*}}>, zigzag.layer_name = "left"
// CHECK: zigzag.depth_first = #zigzag.depth_first<stack = 2, {{.*}}>, zigzag.layer_name = "right"
// CHECK: linalg.add {zigzag.depth_first = #zigzag.depth_first<stack = 2, {{.*}}>, zigzag.layer_name = "join"}
// CHECK: zigzag.depth_first = #zigzag.depth_first<stack = 2, {{.*}}>, zigzag.layer_name = "tail"
func.func @residual_block(%in: tensor<1x4x18x18xi8>, %w0: tensor<8x4x3x3xi8>,
                          %w1: tensor<8x8x3x3xi8>, %w2: tensor<8x8x3x3xi8>,
                          %wl: tensor<8x8x3x3xi8>, %wr: tensor<8x8x3x3xi8>,
                          %wt: tensor<8x8x3x3xi8>) -> tensor<1x8x8x8xi8> {
  %z0 = tensor.empty() : tensor<1x8x16x16xi8>
  %s = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "stem"}
         ins(%in, %w0 : tensor<1x4x18x18xi8>, tensor<8x4x3x3xi8>)
         outs(%z0 : tensor<1x8x16x16xi8>) -> tensor<1x8x16x16xi8>
  %z1 = tensor.empty() : tensor<1x8x14x14xi8>
  %m = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "mid"}
         ins(%s, %w1 : tensor<1x8x16x16xi8>, tensor<8x8x3x3xi8>)
         outs(%z1 : tensor<1x8x14x14xi8>) -> tensor<1x8x14x14xi8>
  %z2 = tensor.empty() : tensor<1x8x12x12xi8>
  %f = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "fork"}
         ins(%m, %w2 : tensor<1x8x14x14xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x12x12xi8>) -> tensor<1x8x12x12xi8>
  %z3 = tensor.empty() : tensor<1x8x10x10xi8>
  %l = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "left"}
         ins(%f, %wl : tensor<1x8x12x12xi8>, tensor<8x8x3x3xi8>)
         outs(%z3 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %r = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "right"}
         ins(%f, %wr : tensor<1x8x12x12xi8>, tensor<8x8x3x3xi8>)
         outs(%z3 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %j = linalg.add {zigzag.layer_name = "join"}
         ins(%l, %r : tensor<1x8x10x10xi8>, tensor<1x8x10x10xi8>)
         outs(%z3 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %z4 = tensor.empty() : tensor<1x8x8x8xi8>
  %t = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "tail"}
         ins(%j, %wt : tensor<1x8x10x10xi8>, tensor<8x8x3x3xi8>)
         outs(%z4 : tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xi8>
  return %t : tensor<1x8x8x8xi8>
}

// -----

// A cut inside a residual block: 'stem' would end up inside the first stack
// while 'right', in the next one, reads it.
func.func @split_branch(%in: tensor<1x4x14x14xi8>, %w0: tensor<8x4x3x3xi8>,
                        %wl: tensor<8x8x3x3xi8>, %wr: tensor<8x8x3x3xi8>,
                        %wt: tensor<8x8x3x3xi8>) -> tensor<1x8x8x8xi8> {
  %z0 = tensor.empty() : tensor<1x8x12x12xi8>
  %s = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "stem"}
         ins(%in, %w0 : tensor<1x4x14x14xi8>, tensor<8x4x3x3xi8>)
         outs(%z0 : tensor<1x8x12x12xi8>) -> tensor<1x8x12x12xi8>
  %z1 = tensor.empty() : tensor<1x8x10x10xi8>
  // expected-error @+1 {{stacks: the cut after 'mid' splits a branch: 'stem' is inside the stack it ends but 'right' after it reads its output (only a stack's last layer can feed later stacks)}}
  %l = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "mid"}
         ins(%s, %wl : tensor<1x8x12x12xi8>, tensor<8x8x3x3xi8>)
         outs(%z1 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %r = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "right"}
         ins(%s, %wr : tensor<1x8x12x12xi8>, tensor<8x8x3x3xi8>)
         outs(%z1 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %j = linalg.add {zigzag.layer_name = "join"}
         ins(%l, %r : tensor<1x8x10x10xi8>, tensor<1x8x10x10xi8>)
         outs(%z1 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %z2 = tensor.empty() : tensor<1x8x8x8xi8>
  %t = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "tail"}
         ins(%j, %wt : tensor<1x8x10x10xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xi8>
  return %t : tensor<1x8x8x8xi8>
}

// -----

// No layer named 'mid'.
// expected-error @+1 {{stacks: no layer 'mid' to cut after (expected a layer name or an index below 2)}}
func.func @unknown_layer(%in: tensor<1x4x12x12xi8>, %w1: tensor<8x4x3x3xi8>,
                         %w2: tensor<8x8x3x3xi8>) -> tensor<1x8x8x8xi8> {
  %z1 = tensor.empty() : tensor<1x8x10x10xi8>
  %a = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "first"}
         ins(%in, %w1 : tensor<1x4x12x12xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %z2 = tensor.empty() : tensor<1x8x8x8xi8>
  %b = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "last"}
         ins(%a, %w2 : tensor<1x8x10x10xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xi8>
  return %b : tensor<1x8x8x8xi8>
}

// -----

// Index 2 is the last layer: a cut after it ends no stack.
func.func @cut_after_last(%in: tensor<1x4x14x14xi8>, %w1: tensor<8x4x3x3xi8>,
                          %w2: tensor<8x8x3x3xi8>, %w3: tensor<8x8x3x3xi8>)
    -> tensor<1x8x8x8xi8> {
  %z1 = tensor.empty() : tensor<1x8x12x12xi8>
  %a = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "first"}
         ins(%in, %w1 : tensor<1x4x14x14xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x12x12xi8>) -> tensor<1x8x12x12xi8>
  %z2 = tensor.empty() : tensor<1x8x10x10xi8>
  %b = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "mid"}
         ins(%a, %w2 : tensor<1x8x12x12xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %z3 = tensor.empty() : tensor<1x8x8x8xi8>
  // expected-error @+1 {{stacks: a cut after the last layer 'last' ends no stack}}
  %c = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "last"}
         ins(%b, %w3 : tensor<1x8x10x10xi8>, tensor<8x8x3x3xi8>)
         outs(%z3 : tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xi8>
  return %c : tensor<1x8x8x8xi8>
}

// -----

// 'mid' is index 2: the same cut twice.
func.func @duplicate_cut(%in: tensor<1x4x16x16xi8>, %w1: tensor<8x4x3x3xi8>,
                         %w2: tensor<8x8x3x3xi8>, %w3: tensor<8x8x3x3xi8>,
                         %w4: tensor<8x8x3x3xi8>) -> tensor<1x8x8x8xi8> {
  %z1 = tensor.empty() : tensor<1x8x14x14xi8>
  %a = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "first"}
         ins(%in, %w1 : tensor<1x4x16x16xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x14x14xi8>) -> tensor<1x8x14x14xi8>
  %z2 = tensor.empty() : tensor<1x8x12x12xi8>
  %b = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "second"}
         ins(%a, %w2 : tensor<1x8x14x14xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x12x12xi8>) -> tensor<1x8x12x12xi8>
  %z3 = tensor.empty() : tensor<1x8x10x10xi8>
  // expected-error @+1 {{stacks: the cut after 'mid' is given twice}}
  %c = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "mid"}
         ins(%b, %w3 : tensor<1x8x12x12xi8>, tensor<8x8x3x3xi8>)
         outs(%z3 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %z4 = tensor.empty() : tensor<1x8x8x8xi8>
  %d = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "last"}
         ins(%c, %w4 : tensor<1x8x10x10xi8>, tensor<8x8x3x3xi8>)
         outs(%z4 : tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xi8>
  return %d : tensor<1x8x8x8xi8>
}
