// End to end: --zigzag-depth-first chooses the stack, tiles and per-tile
// mappings of a conv chain (5x5, 3x3 stride 2, 1x1; output 8 columns x 7
// rows) on tpu_like, --zigzag-apply-mapping rewrites the fused stack, and the
// program prints the same values as the unfused one (which prints the values
// checked in Inputs/depth-first-chain.mlir, computed independently).

// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.ref
// RUN: FileCheck %S/Inputs/depth-first-chain.mlir < %t.ref

// DEFINE: %{df} = zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-depth-first="function=compute stacks=one
// DEFINE: %{run} = --zigzag-apply-mapping --zigzag-strip-memory-spaces=attributes=true %bufferize %lower_to_llvm | %run_main | grep -v 'base@'

// The annotations the rewrite follows: one stack, leftover tiles first.
// RUN: %{df} tile=3,2 mode=fully-cached" | FileCheck %s --check-prefix=ATTR
// ATTR-LABEL: func.func @compute
// ATTR: linalg.fill
// ATTR-NOT: zigzag.depth_first
// ATTR: linalg.conv_2d_nchw_fchw {{.*}}zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [3, 2], loops = [3, 2], mapping = #zigzag.mapping<
// ATTR: linalg.conv_2d_nchw_fchw {{.*}}zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "{{[^"]*}}", tile = [3, 2]
// ATTR: linalg.conv_2d_nchw_fchw {{.*}}zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "{{[^"]*}}", tile = [3, 2]
// ATTR-LABEL: func.func @filled
// ATTR-NOT: zigzag.depth_first

// After a single-layer search: the schedule replaces the ops' own mappings,
// and the report's total is the schedule's (3 layers, 44746 MACs).
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%zigzag_src/examples/tpu_like.yaml" --zigzag-search-mapping --zigzag-depth-first="function=compute tile=3,2" --zigzag-report="file=%t.json table=false" | FileCheck %s --check-prefix=SEARCHED
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// SEARCHED-NOT: zigzag.mapping =
// SEARCHED-NOT: zigzag.cost =
// JSON: "layers": []
// JSON: "total": {
// JSON: "macs": 44746,
// JSON-NEXT: "layers": 3,

// Each mode, tiles that do not divide the 8x7 map (leftover column and row
// first) and tiles that do:
// RUN: %{df} tile=3,2 mode=fully-recompute" %{run} > %t.r32
// RUN: diff %t.ref %t.r32
// RUN: %{df} tile=3,2 mode=h-cached-v-recompute" %{run} > %t.h32
// RUN: diff %t.ref %t.h32
// RUN: %{df} tile=3,2 mode=fully-cached" %{run} > %t.c32
// RUN: diff %t.ref %t.c32
// RUN: %{df} tile=4,7 mode=h-cached-v-recompute" %{run} > %t.h47
// RUN: diff %t.ref %t.h47
// RUN: %{df} tile=1,3 mode=fully-cached" %{run} > %t.c13
// RUN: diff %t.ref %t.c13
// The schedule the search picks for energy, whatever it is:
// RUN: %{df} search=true tile-x-candidates=2,3,8 tile-y-candidates=2,7" %{run} > %t.s
// RUN: diff %t.ref %t.s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @compute(%i: tensor<1x2x19x21xf32>, %w1: tensor<3x2x5x5xf32>, %w2: tensor<4x3x3x3xf32>,
                   %w3: tensor<2x4x1x1xf32>) -> tensor<1x2x7x8xf32> {
  // The convs are costed as int8 with 16-bit partial sums (tpu_like's
  // registers); the program itself computes in f32.
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x3x15x17xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x3x15x17xf32>) -> tensor<1x3x15x17xf32>
  %c1 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"]}
      ins(%i, %w1 : tensor<1x2x19x21xf32>, tensor<3x2x5x5xf32>) outs(%o1 : tensor<1x3x15x17xf32>) -> tensor<1x3x15x17xf32>
  %e2 = tensor.empty() : tensor<1x4x7x8xf32>
  %o2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x4x7x8xf32>) -> tensor<1x4x7x8xf32>
  %c2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"]}
      ins(%c1, %w2 : tensor<1x3x15x17xf32>, tensor<4x3x3x3xf32>) outs(%o2 : tensor<1x4x7x8xf32>) -> tensor<1x4x7x8xf32>
  %e3 = tensor.empty() : tensor<1x2x7x8xf32>
  %o3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<1x2x7x8xf32>) -> tensor<1x2x7x8xf32>
  %c3 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.precision = #zigzag.precision<i1 = 8, i2 = 8, o = 16, o_final = 8>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"]}
      ins(%c2, %w3 : tensor<1x4x7x8xf32>, tensor<2x4x1x1xf32>) outs(%o3 : tensor<1x2x7x8xf32>) -> tensor<1x2x7x8xf32>
  return %c3 : tensor<1x2x7x8xf32>
}

// Element n (row-major) of a tensor filled by @filled:
// ((3 * n * n + 7 * n + seed) mod 211 mod 11) - 5 (shifts of the
// feature maps change it, so misplaced tiles show).
func.func @filled(%size: index, %seed: index) -> tensor<?xf32> {
  %e = tensor.empty(%size) : tensor<?xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n) -> (n)>], iterator_types = ["parallel"]}
      outs(%e : tensor<?xf32>) {
  ^bb0(%o: f32):
    %n = linalg.index 0 : index
    %c7 = arith.constant 7 : index
    %c11 = arith.constant 11 : index
    %c3 = arith.constant 3 : index
    %n3 = arith.muli %n, %c3 : index
    %n3p7 = arith.addi %n3, %c7 : index
    %q = arith.muli %n, %n3p7 : index
    %s = arith.addi %q, %seed : index
    %c211 = arith.constant 211 : index
    %r211 = arith.remui %s, %c211 : index
    %m = arith.remui %r211, %c11 : index
    %mi = arith.index_cast %m : index to i32
    %five = arith.constant 5 : i32
    %v = arith.subi %mi, %five : i32
    %f = arith.sitofp %v : i32 to f32
    linalg.yield %f : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n0 = arith.constant 798 : index
  %n1 = arith.constant 150 : index
  %n2 = arith.constant 108 : index
  %n3 = arith.constant 8 : index
  %f0 = func.call @filled(%n0, %c0) : (index, index) -> tensor<?xf32>
  %f1 = func.call @filled(%n1, %c1) : (index, index) -> tensor<?xf32>
  %f2 = func.call @filled(%n2, %c2) : (index, index) -> tensor<?xf32>
  %f3 = func.call @filled(%n3, %c3) : (index, index) -> tensor<?xf32>
  %s0 = tensor.cast %f0 : tensor<?xf32> to tensor<798xf32>
  %s1 = tensor.cast %f1 : tensor<?xf32> to tensor<150xf32>
  %s2 = tensor.cast %f2 : tensor<?xf32> to tensor<108xf32>
  %s3 = tensor.cast %f3 : tensor<?xf32> to tensor<8xf32>
  %i = tensor.expand_shape %s0 [[0, 1, 2, 3]] output_shape [1, 2, 19, 21] : tensor<798xf32> into tensor<1x2x19x21xf32>
  %w1 = tensor.expand_shape %s1 [[0, 1, 2, 3]] output_shape [3, 2, 5, 5] : tensor<150xf32> into tensor<3x2x5x5xf32>
  %w2 = tensor.expand_shape %s2 [[0, 1, 2, 3]] output_shape [4, 3, 3, 3] : tensor<108xf32> into tensor<4x3x3x3xf32>
  %w3 = tensor.expand_shape %s3 [[0, 1, 2, 3]] output_shape [2, 4, 1, 1] : tensor<8xf32> into tensor<2x4x1x1xf32>
  %r = func.call @compute(%i, %w1, %w2, %w3)
      : (tensor<1x2x19x21xf32>, tensor<3x2x5x5xf32>, tensor<4x3x3x3xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x7x8xf32>
  %u = tensor.cast %r : tensor<1x2x7x8xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
