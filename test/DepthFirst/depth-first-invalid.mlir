// RUN: zigzag-opt %s -split-input-file -verify-diagnostics \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=9,4 mode=fully-cached"
// RUN: not zigzag-opt %s -split-input-file \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4 mode=cached" 2>&1 | FileCheck %s --check-prefix=MODE
// RUN: not zigzag-opt %s -split-input-file \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="mode=fully-cached" 2>&1 | FileCheck %s --check-prefix=TILE

// RUN: not zigzag-opt %s -split-input-file \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4 stacks=one" 2>&1 | FileCheck %s --check-prefix=OUTPUTS

// RUN: not zigzag-opt %s -split-input-file \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4 flavor=old" 2>&1 | FileCheck %s --check-prefix=FLAVOR
// RUN: not zigzag-opt %s -split-input-file \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4 zigzag-compat=false" 2>&1 | FileCheck %s --check-prefix=FLAVOR-COMPAT

// RUN: not zigzag-opt %s \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4 function=missing" 2>&1 | FileCheck %s --check-prefix=FUNCTION
// RUN: not zigzag-opt %s \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4" 2>&1 | FileCheck %s --check-prefix=FUNCTIONS

// RUN: not zigzag-opt %s -split-input-file \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="search=true stack-candidates=auto,two" 2>&1 | FileCheck %s --check-prefix=FORMATIONS

// RUN: not zigzag-opt %s -split-input-file \
// RUN:   --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" \
// RUN:   --zigzag-depth-first="tile=4,4 spatial-missing-dims=all" 2>&1 | FileCheck %s --check-prefix=MISSING-DIMS

// MISSING-DIMS: for the --spatial-missing-dims option: Cannot find option named 'all'!
// FORMATIONS: for the --stack-candidates option: Cannot find option named 'two'!
// FUNCTION: error: no function 'missing' to schedule depth-first
// FUNCTIONS: depth-first-invalid.mlir:[[#]]:1: error: several functions have linalg ops (@too_large, @dynamic, @two_outputs); name the one to schedule with function=NAME
// FLAVOR: for the --flavor option: Cannot find option named 'old'!
// FLAVOR-COMPAT: error: flavor=defines needs zigzag-compat=true
// MODE: for the --mode option: Cannot find option named 'cached'!
// TILE: error: tile=X,Y needs two sizes (got 0)
// OUTPUTS: depth-first-invalid.mlir:[[#@LINE+34]]:8: error: depth-first schedule failed: the stack of layers conv_2d_nchw_fchw_0 .. conv_2d_nchw_fchw_1 has 2 outputs; a depth-first stack needs exactly one

// A tile wider than every stack's output (one stack per layer here: 8x8 and
// 6x6; a stack output smaller than the tile alone would be one tile).
func.func @too_large(%in: tensor<1x4x10x10xi8>, %w1: tensor<8x4x3x3xi8>,
                     %w2: tensor<8x8x3x3xi8>) -> tensor<1x8x6x6xi8> {
  %z1 = tensor.empty() : tensor<1x8x8x8xi8>
  // expected-error @+1 {{depth-first schedule failed: tile 9x4 is larger than the output feature map 8x8 of layer 'conv_2d_nchw_fchw_0'}}
  %a = linalg.conv_2d_nchw_fchw ins(%in, %w1 : tensor<1x4x10x10xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xi8>
  %z2 = tensor.empty() : tensor<1x8x6x6xi8>
  %b = linalg.conv_2d_nchw_fchw ins(%a, %w2 : tensor<1x8x8x8xi8>, tensor<8x8x3x3xi8>)
         outs(%z2 : tensor<1x8x6x6xi8>) -> tensor<1x8x6x6xi8>
  return %b : tensor<1x8x6x6xi8>
}

// -----

// Dynamic shapes cannot be scheduled.
func.func @dynamic(%in: tensor<1x4x?x12xi8>, %w1: tensor<8x4x3x3xi8>,
                   %z1: tensor<1x8x?x10xi8>) -> tensor<1x8x?x10xi8> {
  // expected-error @+1 {{cannot schedule depth-first}}
  %a = linalg.conv_2d_nchw_fchw ins(%in, %w1 : tensor<1x4x?x12xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x?x10xi8>) -> tensor<1x8x?x10xi8>
  return %a : tensor<1x8x?x10xi8>
}

// -----

// Two outputs: fine as separate stacks (stacks=auto on tpu_like, whose
// weights fit no memory below DRAM), an error when fused (stacks=one).
func.func @two_outputs(%in: tensor<1x4x12x12xi8>, %w1: tensor<8x4x3x3xi8>,
                       %w2: tensor<8x4x3x3xi8>) -> (tensor<1x8x10x10xi8>, tensor<1x8x10x10xi8>) {
  %z1 = tensor.empty() : tensor<1x8x10x10xi8>
  %a = linalg.conv_2d_nchw_fchw ins(%in, %w1 : tensor<1x4x12x12xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  %b = linalg.conv_2d_nchw_fchw ins(%in, %w2 : tensor<1x4x12x12xi8>, tensor<8x4x3x3xi8>)
         outs(%z1 : tensor<1x8x10x10xi8>) -> tensor<1x8x10x10xi8>
  return %a, %b : tensor<1x8x10x10xi8>, tensor<1x8x10x10xi8>
}
