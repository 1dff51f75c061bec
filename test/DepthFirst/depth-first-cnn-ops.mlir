// The ops of real CNNs inside depth-first stacks (stacks=one: as few stacks
// as fusion allows): padding, pooling, bias/activation generics and residual
// adds fuse, their windows and strides shaping the tiles of the layers before
// them; global pooling, FC layers and reshapes end a stack. Per tile type the
// result lists each layer's own tile extent (`name = ..., tile = ...`).
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=7,7 mode=fully-recompute stacks=one" | FileCheck %s
// Whole feature maps: the padded input of 'b' is 16x16, but 'a' computes its
// 14x14 output only (the rest of b's window is padding).
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=14,14 mode=fully-recompute stacks=one" | FileCheck %s --check-prefix=WHOLE

// conv -> pad -> conv: one stack. b's 7x7 tile needs a 9x9 window of the
// padded map, 'a' computes 9x9 and reads 11x11 of the input.
// CHECK-LABEL: zigzag.depth_first_result =
// CHECK-SAME: stacks = [#zigzag.df_stack<layers = ["a", "b"]
// CHECK-SAME: name = "input:arg0", tile = [11, 11]
// CHECK-SAME: name = "a", tile = [9, 9]
// CHECK-SAME: name = "b", tile = [7, 7]
// WHOLE-LABEL: zigzag.depth_first_result =
// WHOLE-SAME: name = "input:arg0", tile = [16, 16]
// WHOLE-SAME: name = "a", tile = [14, 14]
// WHOLE-SAME: name = "b", tile = [14, 14]
func.func @conv_pad_conv(%in: tensor<1x4x16x16xi8>, %w1: tensor<8x4x3x3xi8>,
                         %w2: tensor<8x8x3x3xi8>) -> tensor<1x8x14x14xi8> {
  %z1 = tensor.empty() : tensor<1x8x14x14xi8>
  %a = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "a"}
         ins(%in, %w1 : tensor<1x4x16x16xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x14x14xi8>) -> tensor<1x8x14x14xi8>
  %c0 = arith.constant 0 : i8
  %p = tensor.pad %a low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %c0 : i8
  } : tensor<1x8x14x14xi8> to tensor<1x8x16x16xi8>
  %z2 = tensor.empty() : tensor<1x8x14x14xi8>
  %b = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "b"}
         ins(%p, %w2 : tensor<1x8x16x16xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x14x14xi8>) -> tensor<1x8x14x14xi8>
  return %b : tensor<1x8x14x14xi8>
}

// -----

// conv -> 2x2/2 max pool -> conv: b's 7x7 tile needs 9x9 pooled pixels, the
// pool's window and stride 18x18 of a's output (2*8+2), 'a' reads 20x20.
// CHECK-LABEL: zigzag.depth_first_result =
// CHECK-SAME: stacks = [#zigzag.df_stack<layers = ["a", "pool", "b"]
// CHECK-SAME: name = "input:arg0", tile = [20, 20]
// CHECK-SAME: name = "a", tile = [18, 18]
// CHECK-SAME: name = "pool", tile = [9, 9]
// CHECK-SAME: name = "b", tile = [7, 7]
// WHOLE-LABEL: zigzag.depth_first_result =
// WHOLE-SAME: name = "a", tile = [32, 32]
// WHOLE-SAME: name = "pool", tile = [16, 16]
// WHOLE-SAME: name = "b", tile = [14, 14]
func.func @conv_maxpool_conv(%in: tensor<1x4x34x34xi8>, %w1: tensor<8x4x3x3xi8>,
                             %w2: tensor<8x8x3x3xi8>) -> tensor<1x8x14x14xi8> {
  %z1 = tensor.empty() : tensor<1x8x32x32xi8>
  %a = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "a"}
         ins(%in, %w1 : tensor<1x4x34x34xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x32x32xi8>) -> tensor<1x8x32x32xi8>
  %win = tensor.empty() : tensor<2x2xi8>
  %zp = tensor.empty() : tensor<1x8x16x16xi8>
  %pool = linalg.pooling_nchw_max {zigzag.layer_name = "pool",
                                   dilations = dense<1> : tensor<2xi64>,
                                   strides = dense<2> : tensor<2xi64>}
         ins(%a, %win : tensor<1x8x32x32xi8>, tensor<2x2xi8>)
         outs(%zp : tensor<1x8x16x16xi8>) -> tensor<1x8x16x16xi8>
  %z2 = tensor.empty() : tensor<1x8x14x14xi8>
  %b = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "b"}
         ins(%pool, %w2 : tensor<1x8x16x16xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x14x14xi8>) -> tensor<1x8x14x14xi8>
  return %b : tensor<1x8x14x14xi8>
}

// -----

// conv -> bias generic -> ReLU generic -> conv, the two generics marked
// zero-cost as the ONNX importer marks them: they fuse (same X/Y as their
// input) and, as in the single-layer flow with zigzag-compat, cost nothing.
// CHECK-LABEL: zigzag.depth_first_result =
// CHECK-SAME: stacks = [#zigzag.df_stack<layers = ["a", "bias", "relu", "b"]
// CHECK-SAME: name = "a", tile = [9, 9]
// CHECK-SAME: name = "bias", tile = [9, 9]
// CHECK-SAME: name = "relu", tile = [9, 9]
// CHECK-SAME: name = "b", tile = [7, 7]
// WHOLE-LABEL: zigzag.depth_first_result =
// WHOLE-SAME: name = "a", tile = [16, 16]
// WHOLE-SAME: name = "relu", tile = [16, 16]
// CHECK: linalg.conv_2d_nchw_fchw {zigzag.depth_first = #zigzag.depth_first<stack = 0, {{.*}}>, zigzag.layer_name = "a"}
// CHECK: linalg.generic
// CHECK-SAME: zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [7, 7], loops = [3, 2], energy_pJ = 0.000000e+00, latency_defines_cycles = 0.000000e+00>, zigzag.layer_name = "bias"
// CHECK: linalg.generic
// CHECK-SAME: zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [7, 7], loops = [3, 2], energy_pJ = 0.000000e+00, latency_defines_cycles = 0.000000e+00>, zigzag.layer_name = "relu"
#id = affine_map<(n, c, y, x) -> (n, c, y, x)>
#chan = affine_map<(n, c, y, x) -> (c)>
func.func @conv_bias_relu_conv(%in: tensor<1x4x18x18xi8>, %w1: tensor<8x4x3x3xi8>,
                               %bias: tensor<8xi8>,
                               %w2: tensor<8x8x3x3xi8>) -> tensor<1x8x14x14xi8> {
  %z1 = tensor.empty() : tensor<1x8x16x16xi8>
  %a = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "a"}
         ins(%in, %w1 : tensor<1x4x18x18xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x16x16xi8>) -> tensor<1x8x16x16xi8>
  %e1 = tensor.empty() : tensor<1x8x16x16xi8>
  %biased = linalg.generic {indexing_maps = [#id, #chan, #id],
                            iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%a, %bias : tensor<1x8x16x16xi8>, tensor<8xi8>)
         outs(%e1 : tensor<1x8x16x16xi8>)
         attrs = {zigzag.layer_name = "bias", zigzag.zero_cost} {
  ^bb0(%x: i8, %bv: i8, %o: i8):
    %s = arith.addi %x, %bv : i8
    linalg.yield %s : i8
  } -> tensor<1x8x16x16xi8>
  %e2 = tensor.empty() : tensor<1x8x16x16xi8>
  %relu = linalg.generic {indexing_maps = [#id, #id],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%biased : tensor<1x8x16x16xi8>) outs(%e2 : tensor<1x8x16x16xi8>)
         attrs = {zigzag.layer_name = "relu", zigzag.zero_cost} {
  ^bb0(%x: i8, %o: i8):
    %c0 = arith.constant 0 : i8
    %m = arith.maxsi %x, %c0 : i8
    linalg.yield %m : i8
  } -> tensor<1x8x16x16xi8>
  %z2 = tensor.empty() : tensor<1x8x14x14xi8>
  %b = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "b"}
         ins(%relu, %w2 : tensor<1x8x16x16xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x14x14xi8>) -> tensor<1x8x14x14xi8>
  return %b : tensor<1x8x14x14xi8>
}

// -----

// A residual block: stem 's', branch 'l' (padded, same size), add, tail 't'.
// t's 7x7 tile needs 9x9 of the sum; 'l' computes 9x9 and needs 11x11 of
// 's', which is more than the add needs: 's' computes 11x11.
// CHECK-LABEL: zigzag.depth_first_result =
// CHECK-SAME: stacks = [#zigzag.df_stack<layers = ["s", "l", "add", "t"]
// CHECK-SAME: name = "input:arg0", tile = [13, 13]
// CHECK-SAME: name = "s", tile = [11, 11]
// CHECK-SAME: name = "l", tile = [9, 9]
// CHECK-SAME: name = "add", tile = [9, 9]
// CHECK-SAME: name = "t", tile = [7, 7]
// WHOLE-LABEL: zigzag.depth_first_result =
// WHOLE-SAME: name = "s", tile = [16, 16]
// WHOLE-SAME: name = "l", tile = [16, 16]
func.func @residual(%in: tensor<1x4x18x18xi8>, %w1: tensor<8x4x3x3xi8>,
                    %wl: tensor<8x8x3x3xi8>,
                    %w2: tensor<8x8x3x3xi8>) -> tensor<1x8x14x14xi8> {
  %z1 = tensor.empty() : tensor<1x8x16x16xi8>
  %s = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "s"}
         ins(%in, %w1 : tensor<1x4x18x18xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x16x16xi8>) -> tensor<1x8x16x16xi8>
  %c0 = arith.constant 0 : i8
  %p = tensor.pad %s low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %m: index):
    tensor.yield %c0 : i8
  } : tensor<1x8x16x16xi8> to tensor<1x8x18x18xi8>
  %zl = tensor.empty() : tensor<1x8x16x16xi8>
  %l = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "l"}
         ins(%p, %wl : tensor<1x8x18x18xi8>, tensor<8x8x3x3xi8>)
         outs(%zl : tensor<1x8x16x16xi8>) -> tensor<1x8x16x16xi8>
  %za = tensor.empty() : tensor<1x8x16x16xi8>
  %sum = linalg.add {zigzag.layer_name = "add"}
         ins(%l, %s : tensor<1x8x16x16xi8>, tensor<1x8x16x16xi8>)
         outs(%za : tensor<1x8x16x16xi8>) -> tensor<1x8x16x16xi8>
  %z2 = tensor.empty() : tensor<1x8x14x14xi8>
  %t = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "t"}
         ins(%sum, %w2 : tensor<1x8x16x16xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x14x14xi8>) -> tensor<1x8x14x14xi8>
  return %t : tensor<1x8x14x14xi8>
}

// -----

// Global pooling (its window is the whole map) and an FC layer behind a
// reshape cannot be tiled with what comes before them: three stacks, each
// reading the whole output of the one before. The conv's 14x14 map is tiled
// 7x7 (4 tiles), the FC's 10x1 output 7 wide (the 3-wide leftover first).
// CHECK-LABEL: zigzag.depth_first_result =
// CHECK-SAME: stacks = [#zigzag.df_stack<layers = ["a"]
// CHECK-SAME: count = 1
// CHECK-SAME: name = "a", tile = [7, 7]
// CHECK-SAME: count = 3
// CHECK-SAME: name = "a", tile = [7, 7]
// CHECK-SAME: layers = ["gpool"]
// CHECK-SAME: name = "a", tile = [14, 14]
// CHECK-SAME: name = "gpool", tile = [1, 1]
// CHECK-SAME: layers = ["fc"]
// CHECK-SAME: name = "gpool", tile = [1, 1]
// CHECK-SAME: name = "fc", tile = [3, 1]
// CHECK-SAME: name = "fc", tile = [7, 1]
// CHECK-LABEL: func.func @global_pool_fc
// CHECK: zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "{{[^"]*}}", tile = [7, 7]{{.*}}>, zigzag.layer_name = "a"
// CHECK: zigzag.depth_first = #zigzag.depth_first<stack = 1, mode = "{{[^"]*}}", tile = [1, 1]{{.*}}>, zigzag.layer_name = "gpool"
// CHECK: zigzag.depth_first = #zigzag.depth_first<stack = 2, mode = "{{[^"]*}}", tile = [7, 1]{{.*}}>, zigzag.layer_name = "fc"
// WHOLE-LABEL: zigzag.depth_first_result =
// WHOLE-SAME: layers = ["a"]
// WHOLE-SAME: layers = ["gpool"]
// WHOLE-SAME: layers = ["fc"]
func.func @global_pool_fc(%in: tensor<1x4x16x16xi8>, %w1: tensor<8x4x3x3xi8>,
                          %wfc: tensor<8x10xi8>) -> tensor<1x10xi8> {
  %z1 = tensor.empty() : tensor<1x8x14x14xi8>
  %a = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "a"}
         ins(%in, %w1 : tensor<1x4x16x16xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x14x14xi8>) -> tensor<1x8x14x14xi8>
  %win = tensor.empty() : tensor<14x14xi8>
  %zp = tensor.empty() : tensor<1x8x1x1xi8>
  %g = linalg.pooling_nchw_sum {zigzag.layer_name = "gpool",
                                dilations = dense<1> : tensor<2xi64>,
                                strides = dense<1> : tensor<2xi64>}
         ins(%a, %win : tensor<1x8x14x14xi8>, tensor<14x14xi8>)
         outs(%zp : tensor<1x8x1x1xi8>) -> tensor<1x8x1x1xi8>
  %flat = tensor.collapse_shape %g [[0], [1, 2, 3]] : tensor<1x8x1x1xi8> into tensor<1x8xi8>
  %zf = tensor.empty() : tensor<1x10xi8>
  %fc = linalg.matmul {zigzag.layer_name = "fc"}
         ins(%flat, %wfc : tensor<1x8xi8>, tensor<8x10xi8>)
         outs(%zf : tensor<1x10xi8>) -> tensor<1x10xi8>
  return %fc : tensor<1x10xi8>
}
