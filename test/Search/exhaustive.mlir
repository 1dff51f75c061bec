// engine=exhaustive on a small module without a mapping file: every layer is
// searched over the full temporal space and proven optimal, never worse than
// LOMA (whose cost zigzag.search records), the same for any thread count;
// bad options are errors.
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive" | FileCheck %s
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive threads=1" --mlir-disable-threading --zigzag-report="file=%t.1.json table=false" -o /dev/null
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive threads=2" --zigzag-report="file=%t.2.json table=false" -o /dev/null
// RUN: grep -v seconds %t.1.json > %t.1.txt
// RUN: grep -v seconds %t.2.json > %t.2.txt
// RUN: diff %t.1.txt %t.2.txt
// RUN: FileCheck %s --check-prefix=JSON < %t.1.json
// A node budget too small to finish: the best mapping so far and the gap.
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive budget-nodes=10" | FileCheck %s --check-prefix=BUDGET
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=salsa" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ENGINE
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive budget-seconds=-1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SECONDS

// CHECK-LABEL: func.func @layers
// CHECK: linalg.matmul
// CHECK-SAME: zigzag.search = #zigzag.search<engine = "exhaustive", evaluated = {{[0-9]+}}, seconds = {{.*}}, optimal = true, gap = 0.000000e+00, nodes = {{[1-9][0-9]*}}, loma_energy = {{.*}}, loma_latency = {{.*}}>
// CHECK: linalg.add
// CHECK-SAME: optimal = true

// JSON:      "search": {
// JSON-NEXT:   "evaluated":
// JSON-NEXT:   "seconds":
// JSON-NEXT:   "engine": "exhaustive",
// JSON:        "optimal": true
// JSON:      "floor": {
// JSON-NEXT:   "energy_pJ":
// JSON-NEXT:   "mac_energy_pJ": 1310.72,
// JSON:      "total": {
// JSON:        "optimal_layers": 2,
// JSON:        "gain_vs_loma": {

// BUDGET: linalg.matmul
// BUDGET-SAME: optimal = false
// BUDGET-SAME: stopped_by = "nodes"

// ENGINE: for the --engine option: Cannot find option named 'salsa'!
// SECONDS: error: budget-seconds must not be negative
func.func @layers(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>, %b: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  %1 = linalg.add ins(%0, %b : tensor<64x16xi32>, tensor<64x16xi32>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %1 : tensor<64x16xi32>
}
