// Trade-offs between energy and latency (zigzag.tradeoffs): what the latency
// choice costs in energy, the tie tolerance, per-op Pareto fronts and the
// least network energy under a latency budget.
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive" | FileCheck %s --check-prefix=LATENCY
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive tie-tolerance=0.1" | FileCheck %s --check-prefix=TOLERANCE
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive pareto=true" --zigzag-report="file=%t.pareto.json table=false" | FileCheck %s --check-prefix=PARETO
// RUN: %check_pareto %t.pareto.json | FileCheck %s --check-prefix=CHECKED
// RUN: FileCheck %s --check-prefix=PARETO-JSON < %t.pareto.json
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive latency-budget=5750" --zigzag-report="file=%t.budget.json table=false" | FileCheck %s --check-prefix=BUDGET
// RUN: %check_pareto %t.budget.json | FileCheck %s --check-prefix=CHECKED
// RUN: FileCheck %s --check-prefix=BUDGET-JSON < %t.budget.json
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="engine=exhaustive latency-budget=100" -o /dev/null 2>&1 | FileCheck %s --check-prefix=TOO-TIGHT
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="tie-tolerance=-1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="criterion=energy tie-tolerance=0.1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=CRITERION

func.func @layers(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>, %b: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  %1 = linalg.add ins(%0, %b : tensor<64x16xi32>, tensor<64x16xi32>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %1 : tensor<64x16xi32>
}

// criterion=latency: the matmul's fastest mapping (4168 cycles) costs
// 1.215 uJ more than the cheapest mapping the search evaluated (0.625 uJ at
// 4239 cycles); the add has no trade-off.
// LATENCY: linalg.matmul
// LATENCY-SAME: zigzag.cost = #zigzag.cost<energy = 1839761.9199999999, mac_energy = 1.310720e+03, latency = 4.168000e+03
// LATENCY-SAME: zigzag.tradeoffs = #zigzag.tradeoffs<least_energy_pJ = 624761.91999999993, energy_cost_of_latency_pJ = 1.215000e+06>}
// LATENCY: linalg.add
// LATENCY-SAME: zigzag.tradeoffs = #zigzag.tradeoffs<least_energy_pJ = 1109521.9199999999, energy_cost_of_latency_pJ = 0.000000e+00>}

// A 10 % latency slack takes the cheapest mapping (4239 cycles is 1.7 %
// slower than 4168).
// TOLERANCE: linalg.matmul
// TOLERANCE-SAME: zigzag.cost = #zigzag.cost<energy = 624761.91999999993, mac_energy = 1.310720e+03, latency = 4.239000e+03
// TOLERANCE-SAME: zigzag.tradeoffs = #zigzag.tradeoffs<least_energy_pJ = 624761.91999999993, energy_cost_of_latency_pJ = 0.000000e+00, tie_tolerance = 1.000000e-01>}

// The matmul's exact front: four points by increasing latency, each with its
// mapping; the op keeps its latency-optimal mapping.
// PARETO: linalg.matmul
// PARETO-SAME: zigzag.cost = #zigzag.cost<energy = 1839761.9199999999, mac_energy = 1.310720e+03, latency = 4.168000e+03
// PARETO-SAME: pareto = [#zigzag.pareto_point<energy_pJ = 1839761.9199999999, latency_cycles = 4.168000e+03, mapping = #zigzag.mapping<{{[^>]*}}>>, #zigzag.pareto_point<energy_pJ = 1164761.9199999999, latency_cycles = 4.176000e+03, mapping = #zigzag.mapping<{{[^>]*}}>>, #zigzag.pareto_point<energy_pJ = 804761.91999999993, latency_cycles = 4.207000e+03, mapping = #zigzag.mapping<{{[^>]*}}>>, #zigzag.pareto_point<energy_pJ = 624761.91999999993, latency_cycles = 4.239000e+03, mapping = #zigzag.mapping<{{[^>]*}}>>], pareto_exact = true>}
// PARETO: linalg.add
// PARETO-SAME: pareto = [#zigzag.pareto_point<energy_pJ = 1109521.9199999999, latency_cycles = 1.537000e+03, mapping = #zigzag.mapping<{{[^>]*}}>>], pareto_exact = true>}

// CHECKED: checked 2 fronts, 5 points: 0 problems

// PARETO-JSON:      "tradeoffs": {
// PARETO-JSON-NEXT:   "least_energy_pJ": 624761.91999999993,
// PARETO-JSON-NEXT:   "energy_cost_of_latency_pJ": 1215000,
// PARETO-JSON-NEXT:   "pareto_exact": true
// PARETO-JSON-NEXT: },
// PARETO-JSON-NEXT: "pareto": [
// PARETO-JSON-NEXT:  {
// PARETO-JSON-NEXT:   "energy_pJ": 1839761.9199999999,
// PARETO-JSON-NEXT:   "latency_cycles": 4168,
// PARETO-JSON-NEXT:   "mapping": "#zigzag.mapping<spatial = {D1 = [d0 4], D2 = [d1 4]}, temporal = [

// A budget of 5750 cycles (the least network latency is 4168 + 1537 = 5705)
// lets the matmul take its 4207-cycle point: 1.035 uJ less than the
// latency optimum, 39 cycles slower.
// BUDGET: linalg.matmul
// BUDGET-SAME: zigzag.cost = #zigzag.cost<energy = 804761.91999999993, mac_energy = 1.310720e+03, latency = 4.207000e+03
// BUDGET-SAME: pareto_exact = true, pareto_choice = 2, latency_budget = 5.750000e+03>}
// BUDGET: linalg.add
// BUDGET-SAME: pareto_exact = true, pareto_choice = 0, latency_budget = 5.750000e+03>}
// BUDGET-JSON:      "latency_budget": {
// BUDGET-JSON-NEXT:   "budget_cycles": 5750,
// BUDGET-JSON-NEXT:   "energy_pJ": 1914283.8399999999,
// BUDGET-JSON-NEXT:   "latency_cycles": 5744
// BUDGET-JSON-NEXT: },

// TOO-TIGHT: error: latency-budget=1.000000e+02 cycles is below the least network latency, 5.705000e+03 cycles (the sum of each op's fastest front point)
// NEGATIVE: error: tie-tolerance must be a finite number >= 0
// CRITERION: error: tie-tolerance applies to criterion=latency
