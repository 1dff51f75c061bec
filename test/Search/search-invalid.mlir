// A mapping file that does not fit the hardware, constraints that admit no
// loop ordering, and memories too small for any mapping: an error naming the
// layer and the reason, no crash.
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="mapping-file=%S/Inputs/bad-dim.yaml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=DIM
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="mapping-file=%S/Inputs/no-ordering.yaml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ORDER
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/small.yaml" --zigzag-search-mapping -o /dev/null 2>&1 | FileCheck %s --check-prefix=SMALL
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/tiny.yaml" --zigzag-search-mapping -o /dev/null 2>&1 | FileCheck %s --check-prefix=TINY
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="mapping-file=%S/Inputs/missing.yaml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="criterion=speed" -o /dev/null 2>&1 | FileCheck %s --check-prefix=CRITERION

// DIM: [[@LINE+5]]:8: error: layer 'mm': mapping entry 'default': spatial_mapping names array dim 'D7' but accelerator 'array4x4' has D1, D2
// ORDER: [[@LINE+4]]:8: error: layer 'mm': no valid mapping (temporal_ordering fixes d2 7, which does not divide its remaining temporal size)
// SMALL: [[@LINE+3]]:8: error: layer 'mm': no valid mapping (memory 'reg' (256 bits) cannot hold the I1 (I) tile of the levels below (640 bits))
// TINY: [[@LINE+2]]:8: error: layer 'mm': memory 'reg' (8 bits) cannot hold one O element of 32 bits
func.func @mm(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul {zigzag.layer_name = "mm"} ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
// MISSING: error: cannot read mapping file: {{.*}}missing.yaml
// CRITERION: for the --criterion option: Cannot find option named 'speed'!
