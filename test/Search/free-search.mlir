// Any linalg module can be searched without a mapping file: spatial
// candidates come from all loops, operand roles from the op. The result does
// not depend on the number of threads.
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping | FileCheck %s
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="threads=1" --mlir-disable-threading --zigzag-report="file=%t.1.json table=false" -o /dev/null
// RUN: zigzag-opt %s --zigzag-attach-hardware="file=%S/Inputs/array4x4.yaml" --zigzag-search-mapping="threads=2" --zigzag-report="file=%t.2.json table=false" -o /dev/null
// RUN: grep -v seconds %t.1.json > %t.1.txt
// RUN: grep -v seconds %t.2.json > %t.2.txt
// RUN: diff %t.1.txt %t.2.txt

// CHECK-LABEL: func.func @layers
// The matmul: 64x16 outputs over 32 reductions, every loop a candidate.
// CHECK: linalg.matmul
// CHECK-SAME: zigzag.cost = #zigzag.cost<energy = {{[0-9.e+]+}}, mac_energy = 1.310720e+03,
// CHECK-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d{{[0-2]}} 4], D2 = [d{{[0-2]}} 4]}, temporal = [{{.*}}], levels = {I1 = [sram [[N:[0-9]+]], dram [[N]]], I2 = [sram [[N]], dram [[N]]], O = [reg_O {{[0-9]+}}, sram [[N]], dram [[N]]]}>
// CHECK-SAME: zigzag.search = #zigzag.search<engine = "loma", evaluated = {{[1-9][0-9]*}}, seconds = {{.*}}>
// An elementwise add: no reduction loop, so no partial sums.
// CHECK: linalg.add
// CHECK-SAME: zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d{{[01]}} 4], D2 = [d{{[01]}} 4]}, temporal = [{{.*}}], levels = {I1 = [sram [[M:[0-9]+]], dram [[M]]], I2 = [sram [[M]], dram [[M]]], O = [reg_O {{[0-9]+}}, sram [[M]], dram [[M]]]}>
func.func @layers(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>, %o: tensor<64x16xi32>, %b: tensor<64x16xi32>) -> tensor<64x16xi32> {
  %0 = linalg.matmul ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  %1 = linalg.add ins(%0, %b : tensor<64x16xi32>, tensor<64x16xi32>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %1 : tensor<64x16xi32>
}

// A fill that only initialises the matmul's accumulator is not a layer: it is
// not searched (it used to be, and a 32-bit fill could not fit reg_O).
// CHECK-LABEL: func.func @with_init
// CHECK: linalg.fill
// CHECK-NOT: zigzag.mapping
// CHECK-SAME: outs
// CHECK: linalg.matmul
// CHECK-SAME: zigzag.mapping
func.func @with_init(%i: tensor<64x32xi8>, %w: tensor<32x16xi8>) -> tensor<64x16xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<64x16xi32>
  %o = linalg.fill ins(%zero : i32) outs(%e : tensor<64x16xi32>) -> tensor<64x16xi32>
  %0 = linalg.matmul ins(%i, %w : tensor<64x32xi8>, tensor<32x16xi8>) outs(%o : tensor<64x16xi32>) -> tensor<64x16xi32>
  return %0 : tensor<64x16xi32>
}
