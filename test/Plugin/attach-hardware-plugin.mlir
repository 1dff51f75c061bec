// zigzag-attach-hardware through Debian's mlir-opt with the plugin, from a
// ZigZag YAML and from a .mlir file. mlir-opt parses its flags before it
// loads plugins, so plugin passes go in --pass-pipeline.
// UNSUPPORTED: asan
// RUN: mlir-opt %s --load-dialect-plugin=%zigzag_libs/ZigZagPlugin%shlibext --load-pass-plugin=%zigzag_libs/ZigZagPlugin%shlibext --pass-pipeline="builtin.module(zigzag-attach-hardware{file=%S/../Import/hardware/Inputs/tiny.yaml})" | FileCheck %s --check-prefix=YAML
// RUN: mlir-opt %s --load-dialect-plugin=%zigzag_libs/ZigZagPlugin%shlibext --load-pass-plugin=%zigzag_libs/ZigZagPlugin%shlibext --pass-pipeline="builtin.module(zigzag-attach-hardware{file=%S/../Transforms/Inputs/accelerator.mlir})" | FileCheck %s --check-prefix=MLIR
// RUN: not mlir-opt %s --load-dialect-plugin=%zigzag_libs/ZigZagPlugin%shlibext --load-pass-plugin=%zigzag_libs/ZigZagPlugin%shlibext --pass-pipeline="builtin.module(zigzag-attach-hardware{file=%S/../Import/hardware/Inputs/bad-zero-size.yaml})" 2>&1 | FileCheck %s --check-prefix=BAD

// YAML: module attributes {zigzag.accelerator = #zigzag.accelerator<"tiny", array = <dims = [D1 = 4, D2 = 2], unit_energy = 0.5, unit_area = 1.0>, memories = [<"rf_O", size = 32,
// YAML: func.func @f
// MLIR: module attributes {zigzag.accelerator = #zigzag.accelerator<"from_mlir", array = <dims = [D1 = 16], unit_energy = 0.25, unit_area = 1.0>, memories = [<"rf", size = 64,
// BAD: bad-zero-size.yaml:12:11: error: memory 'rf_O': size must be positive (bits), got 0
func.func @f() {
  return
}
