// RUN: zigzag-opt %s %bufferize %lower_to_llvm | %run_main | FileCheck %s
// RUN: zigzag-opt %s --zigzag-apply-mapping --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | FileCheck %s

// A linalg.generic whose input map has constant offsets (a crop at row 2,
// column 1): its tiles are sliced at the offset and the tile's op drops it
// (docs/Rewrite.md, "Errors"). Element (y, x) of the input is 10 y + x.
// CHECK: [21,   22,   23,   24]
// CHECK: [31,   32,   33,   34]
// CHECK: [41,   42,   43,   44]

func.func private @printMemrefF32(tensor<*xf32>)
func.func @main() {
  %e = tensor.empty() : tensor<6x7xf32>
  %in = linalg.generic {indexing_maps = [affine_map<(y, x) -> (y, x)>], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<6x7xf32>) {
  ^bb0(%o: f32):
    %y = linalg.index 0 : index
    %x = linalg.index 1 : index
    %c10 = arith.constant 10 : index
    %y10 = arith.muli %y, %c10 : index
    %s = arith.addi %y10, %x : index
    %i = arith.index_cast %s : index to i32
    %f = arith.sitofp %i : i32 to f32
    linalg.yield %f : f32
  } -> tensor<6x7xf32>
  %o = tensor.empty() : tensor<3x4xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(y, x) -> (y + 2, x + 1)>, affine_map<(y, x) -> (y, x)>], iterator_types = ["parallel", "parallel"]}
      ins(%in : tensor<6x7xf32>) outs(%o : tensor<3x4xf32>)
      attrs = {zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d1 2]}, temporal = [d1 2, d0 3], levels = {I1 = [rf 1, dram 2], O = [rf 1, dram 2]}>} {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  } -> tensor<3x4xf32>
  %u = tensor.cast %r : tensor<3x4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
