// Dynamic loops are searched at the size assume-dims gives them; the size
// is recorded on the op (zigzag.assumed_dims). Ops with a dynamic loop left
// unsized, or an assumed size that does not fit the op, get a remark and are
// not searched; bad assume-dims entries are errors.
// RUN: zigzag-opt %s -split-input-file -verify-diagnostics --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="assume-dims=B=8" | FileCheck %s
// RUN: not zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="assume-dims=Q=1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="assume-dims=B=0" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONPOS
// RUN: not zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="assume-dims=B" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: not zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="assume-dims=B=x" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SYNTAX
// Estimate and report cost the assumed size, and say so: a dynamic batch
// assumed 8 costs what a static batch of 8 costs.
// RUN: zigzag-opt %S/Inputs/dynamic-batch.mlir --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="assume-dims=B=8" --zigzag-estimate-cost --zigzag-report="file=%t.json" -o /dev/null 2> %t.table
// RUN: FileCheck %s --check-prefix=TABLE < %t.table
// RUN: FileCheck %s --check-prefix=JSON < %t.json

// UNKNOWN: error: assume-dims names loop 'Q', which no searched op has
// NONPOS: error: assume-dims gives loop 'B' size 0; sizes must be positive
// SYNTAX: error: assume-dims entry '{{B|B=x}}' must be NAME=SIZE (a loop name and an integer)

// TABLE: mm_dynamic [[MACS:[0-9]+]] [[ENERGY:[0-9.]+]] [[LATENCY:[0-9.]+]]
// TABLE: mm_static [[MACS]] [[ENERGY]] [[LATENCY]]
// TABLE: note: mm_dynamic has dynamic loops, costed at the assumed B=8
// TABLE-NOT: note:
// JSON: "name": "mm_dynamic"
// JSON: "assumed_dims": {
// JSON-NEXT: "B": 8
// JSON: "name": "mm_static"
// JSON-NOT: "assumed_dims"

// CHECK-LABEL: func.func @dynamic_batch
// CHECK: linalg.matmul {zigzag.assumed_dims = {B = 8 : i64}, zigzag.cost = {{.+}}, zigzag.mapping = #zigzag.mapping<
// The tile sizes are written for the dynamic op too (its loops run over the
// runtime size with these steps).
// CHECK-SAME: zigzag.tiling = #zigzag.tiling<levels = 
func.func @dynamic_batch(%i: tensor<?x32xi8>, %w: tensor<32x16xi8>, %o: tensor<?x16xi32>) -> tensor<?x16xi32> {
  %0 = linalg.matmul {zigzag.loop_names = ["B", "N", "K"]} ins(%i, %w : tensor<?x32xi8>, tensor<32x16xi8>) outs(%o : tensor<?x16xi32>) -> tensor<?x16xi32>
  return %0 : tensor<?x16xi32>
}

// -----

// A dynamic loop assume-dims does not name stays unsearched; a static loop
// of the name assume-dims gives keeps its size.
// CHECK-LABEL: func.func @unnamed_dynamic
// CHECK: linalg.matmul ins
// CHECK: linalg.matmul {zigzag.cost = {{.+}}, zigzag.loop_names = ["B", "N", "K"], zigzag.mapping =
func.func @unnamed_dynamic(%i: tensor<?x32xi8>, %w: tensor<32x16xi8>, %o: tensor<?x16xi32>,
                           %si: tensor<4x32xi8>, %so: tensor<4x16xi32>) -> (tensor<?x16xi32>, tensor<4x16xi32>) {
  // expected-remark @+1 {{not searched: loop 'd0' has a dynamic size; give it one to optimise for with --zigzag-search-mapping="assume-dims=d0=<size>"}}
  %0 = linalg.matmul ins(%i, %w : tensor<?x32xi8>, tensor<32x16xi8>) outs(%o : tensor<?x16xi32>) -> tensor<?x16xi32>
  %1 = linalg.matmul {zigzag.loop_names = ["B", "N", "K"]} ins(%si, %w : tensor<4x32xi8>, tensor<32x16xi8>) outs(%so : tensor<4x16xi32>) -> tensor<4x16xi32>
  return %0, %1 : tensor<?x16xi32>, tensor<4x16xi32>
}

// -----

// An assumed size must be for a dynamic loop of the op.
func.func @static_assumed(%i: tensor<4x32xi8>, %w: tensor<32x16xi8>, %o: tensor<4x16xi32>) -> tensor<4x16xi32> {
  // expected-remark @+1 {{not searched: 'zigzag.assumed_dims' sizes loop 'N', which is static (size 16)}}
  %0 = linalg.matmul {zigzag.loop_names = ["B", "N", "K"], zigzag.assumed_dims = {N = 4}} ins(%i, %w : tensor<4x32xi8>, tensor<32x16xi8>) outs(%o : tensor<4x16xi32>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}

// -----

func.func @unknown_assumed(%i: tensor<?x32xi8>, %w: tensor<32x16xi8>, %o: tensor<?x16xi32>) -> tensor<?x16xi32> {
  // expected-remark @+1 {{not searched: 'zigzag.assumed_dims' names loop 'Q', which the op does not have (its loops: B, N, K)}}
  %0 = linalg.matmul {zigzag.loop_names = ["B", "N", "K"], zigzag.assumed_dims = {Q = 4}} ins(%i, %w : tensor<?x32xi8>, tensor<32x16xi8>) outs(%o : tensor<?x16xi32>) -> tensor<?x16xi32>
  return %0 : tensor<?x16xi32>
}

// -----

func.func @non_positive(%i: tensor<?x32xi8>, %w: tensor<32x16xi8>, %o: tensor<?x16xi32>) -> tensor<?x16xi32> {
  // expected-error @+1 {{'zigzag.assumed_dims' must give loop 'B' a positive integer size, got 0 : i64}}
  %0 = linalg.matmul {zigzag.loop_names = ["B", "N", "K"], zigzag.assumed_dims = {B = 0}} ins(%i, %w : tensor<?x32xi8>, tensor<32x16xi8>) outs(%o : tensor<?x16xi32>) -> tensor<?x16xi32>
  return %0 : tensor<?x16xi32>
}
