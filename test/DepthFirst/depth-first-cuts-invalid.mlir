// Given cuts must end a stack wherever fusion is impossible; the error is at
// the op that cannot be fused and says why.
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4 stacks=cut-after:0"

// Global pooling reads the whole map: a stack must end before it.
func.func @global_pool(%in: tensor<1x4x12x12xi8>, %w1: tensor<8x4x3x3xi8>,
                       %w2: tensor<8x8x3x3xi8>) -> tensor<1x8x1x1xi8> {
  %z1 = tensor.empty() : tensor<1x8x10x10xi8>
  %a = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "a"}
         ins(%in, %w1 : tensor<1x4x12x12xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %z2 = tensor.empty() : tensor<1x8x8x8xi8>
  %b = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "b"}
         ins(%a, %w2 : tensor<1x8x10x10xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xi8>
  %win = tensor.empty() : tensor<8x8xi8>
  %zp = tensor.empty() : tensor<1x8x1x1xi8>
  // expected-error @+1 {{stacks: 'g' needs the whole output of 'b' (its 1x1 output reads the whole input: global pooling or an FC layer), so a stack must end after 'b' and before it}}
  %g = linalg.pooling_nchw_sum {zigzag.layer_name = "g",
                                dilations = dense<1> : tensor<2xi64>,
                                strides = dense<1> : tensor<2xi64>}
         ins(%b, %win : tensor<1x8x8x8xi8>, tensor<8x8xi8>)
         outs(%zp : tensor<1x8x1x1xi8>) -> tensor<1x8x1x1xi8>
  return %g : tensor<1x8x1x1xi8>
}

// -----

// A reshape between two layers.
func.func @reshape(%in: tensor<1x4x12x12xi8>, %w1: tensor<8x4x3x3xi8>,
                   %w2: tensor<8x8x3x3xi8>) -> tensor<1x8x6x6xi8> {
  %z1 = tensor.empty() : tensor<1x8x10x10xi8>
  %a = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "a"}
         ins(%in, %w1 : tensor<1x4x12x12xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %z2 = tensor.empty() : tensor<1x8x8x8xi8>
  %b = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "b"}
         ins(%a, %w2 : tensor<1x8x10x10xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xi8>
  %f = tensor.collapse_shape %b [[0], [1], [2, 3]] : tensor<1x8x8x8xi8> into tensor<1x8x64xi8>
  %e = tensor.expand_shape %f [[0], [1], [2, 3]] output_shape [1, 8, 8, 8] : tensor<1x8x64xi8> into tensor<1x8x8x8xi8>
  %z3 = tensor.empty() : tensor<1x8x6x6xi8>
  // expected-error @+1 {{stacks: 'c' needs the whole output of 'b' (input I: it is reshaped by tensor.expand_shape on the way), so a stack must end after 'b' and before it}}
  %c = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "c"}
         ins(%e, %w2 : tensor<1x8x8x8xi8>, tensor<8x8x3x3xi8>)
         outs(%z3 : tensor<1x8x6x6xi8>) -> tensor<1x8x6x6xi8>
  return %c : tensor<1x8x6x6xi8>
}

// -----

// An op whose output has no X and Y (a reduction to a vector) is a stack of
// its own.
#id = affine_map<(n, c, y, x) -> (n, c, y, x)>
#vec = affine_map<(n, c, y, x) -> (c)>
func.func @vector(%in: tensor<1x4x12x12xi8>, %w1: tensor<8x4x3x3xi8>,
                  %w2: tensor<8x8x3x3xi8>) -> tensor<8xi8> {
  %z1 = tensor.empty() : tensor<1x8x10x10xi8>
  %a = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "a"}
         ins(%in, %w1 : tensor<1x4x12x12xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %z2 = tensor.empty() : tensor<1x8x8x8xi8>
  %b = linalg.conv_2d_nchw_fchw {zigzag.layer_name = "b"}
         ins(%a, %w2 : tensor<1x8x10x10xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xi8>
  %zs = tensor.empty() : tensor<8xi8>
  // expected-error @+1 {{stacks: 's' has no output X and Y and must be a stack of its own (cut before and after it)}}
  %s = linalg.generic {indexing_maps = [#id, #vec],
                       iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
         ins(%b : tensor<1x8x8x8xi8>) outs(%zs : tensor<8xi8>)
         attrs = {zigzag.layer_name = "s"} {
  ^bb0(%x: i8, %acc: i8):
    %sum = arith.addi %x, %acc : i8
    linalg.yield %sum : i8
  } -> tensor<8xi8>
  return %s : tensor<8xi8>
}
