// Depth-first stacks rewritten by --zigzag-apply-mapping in
// fully-cached mode (overlap columns and rows carried, nothing
// computed twice)
// print the same numbers as the unfused program, which prints the values
// checked in the Inputs file (docs/Rewrite.md, "Depth-first stacks").

// Conv chain 5x5 -> 3x3 stride 2 -> 1x1, output 8 columns x 7 rows.
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/3, 2/' %S/Inputs/depth-first-chain.mlir | zigzag-opt %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.chain
// RUN: FileCheck %S/Inputs/depth-first-chain.mlir < %t.chain
// Tiles 3x2: leftover column (2) and row (1) first:
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/3, 2/' %S/Inputs/depth-first-chain.mlir | zigzag-opt --zigzag-apply-mapping --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.chain0
// RUN: diff %t.chain %t.chain0
// The same without per-tile mappings:
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/3, 2/' -e '/\/\/ MAP/d' %S/Inputs/depth-first-chain.mlir | zigzag-opt --zigzag-apply-mapping --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.chain1
// RUN: diff %t.chain %t.chain1
// Tiles 4x1 divide the map; no staging copies:
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/4, 1/' %S/Inputs/depth-first-chain.mlir | zigzag-opt --zigzag-apply-mapping=stage-buffers=false --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.chain2
// RUN: diff %t.chain %t.chain2
// One tile: the whole map:
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/8, 7/' -e '/\/\/ MAP/d' %S/Inputs/depth-first-chain.mlir | zigzag-opt --zigzag-apply-mapping --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.chain3
// RUN: diff %t.chain %t.chain3
// Tiles 1x3: one column per tile, rows 3, 3, 1 (leftover first):
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/1, 3/' %S/Inputs/depth-first-chain.mlir | zigzag-opt --zigzag-apply-mapping --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.chain4
// RUN: diff %t.chain %t.chain4

// Branch: generic 3x3 conv feeding a 5x5 conv and a residual add, then a
// 1x1 stride-2 conv, output 7 columns x 6 rows.
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/3, 4/' %S/Inputs/depth-first-branch.mlir | zigzag-opt %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.branch
// RUN: FileCheck %S/Inputs/depth-first-branch.mlir < %t.branch
// Tiles 3x4: leftover column (1) and row (2) first:
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/3, 4/' %S/Inputs/depth-first-branch.mlir | zigzag-opt --zigzag-apply-mapping --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.branch0
// RUN: diff %t.branch %t.branch0
// The same without per-tile mappings:
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/3, 4/' -e '/\/\/ MAP/d' %S/Inputs/depth-first-branch.mlir | zigzag-opt --zigzag-apply-mapping --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.branch1
// RUN: diff %t.branch %t.branch1
// Tiles 7x2 divide the map:
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/7, 2/' %S/Inputs/depth-first-branch.mlir | zigzag-opt --zigzag-apply-mapping --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.branch2
// RUN: diff %t.branch %t.branch2
// Tiles 2x5: leftover column (1) and row (1) first:
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/2, 5/' -e '/\/\/ MAP/d' %S/Inputs/depth-first-branch.mlir | zigzag-opt --zigzag-apply-mapping --zigzag-strip-memory-spaces %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.branch3
// RUN: diff %t.branch %t.branch3

// Memory spaces stripped after bufferization:
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/3, 4/' %S/Inputs/depth-first-branch.mlir | zigzag-opt --zigzag-apply-mapping %bufferize --zigzag-strip-memory-spaces %lower_to_llvm | %run_main | grep -v 'base@' > %t.branch9
// RUN: diff %t.branch %t.branch9

