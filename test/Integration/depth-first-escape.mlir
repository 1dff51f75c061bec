// Depth-first stacks whose intermediate result is used after the stack, and
// spatial unrollings of one loop over two array dims with partial tiles
// (Inputs/depth-first-escape.mlir): rewritten by --zigzag-apply-mapping in
// each mode, with tiles that divide the 7x7 output, that do not, one tile,
// with and without per-tile mappings, the program prints what the unfused
// one prints.

// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/3, 2/' %S/Inputs/depth-first-escape.mlir | zigzag-opt --zigzag-strip-memory-spaces=attributes=true %bufferize %lower_to_llvm | %run_main | grep -v 'base@' > %t.ref
// RUN: FileCheck %s --check-prefix=REF < %t.ref

// The unfused program's results (the stack output, the escaping conv, the
// matmul), computed independently (plain nested loops in Python):
// REF: -38,  47,  -101,  -42,  72,  -123,  -136]
// REF-NEXT: 58,  59,  -58,  -10,  27,  -4,  -14]
// REF-NEXT: 12,  25,  2,  41,  54,  -72,  -65]
// REF-NEXT: -41,  -33,  -61,  5,  50,  2,  -36]
// REF-NEXT: 19,  -6,  -31,  11,  47,  -41,  -21]
// REF-NEXT: 29,  -51,  -76,  -56,  14,  -67,  4]
// REF-NEXT: 57,  94,  -11,  -7,  47,  -79,  -5]
// REF-NEXT: -43,  -7,  -25,  -19,  69,  25,  -34]
// REF-NEXT: -23,  38,  45,  39,  67,  77,  90]
// REF-NEXT: -40,  26,  62,  83,  147,  109,  76]
// REF-NEXT: -10,  17,  -1,  14,  25,  37,  -2]
// REF-NEXT: -35,  9,  -23,  -28,  0,  -29,  -94]
// REF-NEXT: 37,  11,  3,  -37,  16,  -44,  -89]
// REF-NEXT: -16,  -4,  -5,  -20,  49,  -53,  -77]
// REF-NEXT: -31,  -51,  -27,  -21,  -32,  -18,  -55]
// REF-NEXT: 32,  -6,  32,  -29,  -34,  19,  81]
// REF-NEXT: -11,  -10,  0,  4,  -18,  -21,  -37]
// REF-NEXT: -5,  -10,  -48,  -36,  -68,  -3,  -9]
// REF-NEXT: 15,  20,  55,  30,  -9,  16,  28]
// REF-NEXT: 18,  -58,  -6,  -32,  -21,  25,  78]
// REF-NEXT: -22,  31,  70,  41,  21,  33,  29]
// REF-NEXT: 14,  -3,  -8,  8,  -30,  11,  23,  -17,  -9]
// REF-NEXT: 5,  0,  18,  2,  -15,  -12,  -2,  -5,  1]
// REF-NEXT: 12,  -13,  14,  6,  -8,  17,  11,  -16,  -6]
// REF-NEXT: 5,  4,  3,  3,  -7,  5,  3,  3,  -20]
// REF-NEXT: -2,  -1,  -1,  6,  -2,  14,  14,  -8,  4]
// REF-NEXT: 11,  -3,  19,  -13,  -2,  0,  16,  -11,  17]
// REF-NEXT: 1,  -2,  4,  6,  -10,  -8,  7,  -22,  -3]
// REF-NEXT: -14,  17,  -9,  23,  -11,  5,  -1,  -3,  -13]
// REF-NEXT: -2,  -8,  23,  11,  -21,  13,  -15,  -4,  -8]
// REF-NEXT: 7,  25,  -4,  -9,  1,  -27,  -9,  8,  -1]
// REF-NEXT: 4,  4,  -10,  -2,  -10,  -9,  -12,  -21,  -13]
// REF-NEXT: 4,  -7,  13,  10,  13,  6,  19,  27,  -1]
// REF-NEXT: -22,  -9,  7,  17,  23,  25,  19,  25,  10]
// REF-NEXT: -7,  -8,  -4,  1,  5,  5,  21,  17,  8]
// REF-NEXT: -5,  2,  4,  0,  -3,  -13,  7,  -10,  -13]
// REF-NEXT: -5,  6,  -3,  -6,  -16,  -15,  -6,  -17,  -31]
// REF-NEXT: -11,  -2,  22,  12,  4,  9,  -4,  -25,  -17]
// REF-NEXT: -11,  -23,  1,  6,  -4,  15,  8,  -11,  -3]
// REF-NEXT: 1,  2,  1,  -3,  1,  -1]
// REF-NEXT: -1,  -1,  -1,  2,  1,  0]
// REF-NEXT: -1,  -2,  -1,  1,  0,  1]
// REF-NEXT: -1,  -3,  -2,  1,  1,  1]
// REF-NEXT: -2,  3,  3,  0,  -2,  -2]
// REF-NEXT: 1,  -3,  -4,  1,  2,  0]
// REF-NEXT: -1,  -1,  -1,  -1,  1,  1]

// DEFINE: %{run} = --zigzag-apply-mapping --zigzag-strip-memory-spaces=attributes=true %bufferize %lower_to_llvm | %run_main | grep -v 'base@'
// RUN: sed -e 's/MODE/fully-recompute/' -e 's/TILE/3, 2/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.fully-recompute-32
// RUN: diff %t.ref %t.fully-recompute-32
// RUN: sed -e 's/MODE/fully-recompute/' -e 's/TILE/1, 1/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.fully-recompute-11
// RUN: diff %t.ref %t.fully-recompute-11
// RUN: sed -e 's/MODE/fully-recompute/' -e 's/TILE/4, 7/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.fully-recompute-47
// RUN: diff %t.ref %t.fully-recompute-47
// RUN: sed -e 's/MODE/fully-recompute/' -e 's/TILE/7, 7/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.fully-recompute-77
// RUN: diff %t.ref %t.fully-recompute-77
// RUN: sed -e 's/MODE/fully-recompute/' -e 's/TILE/3, 2/' -e '/\/\/ MAP/d' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.fully-recompute-nomap
// RUN: diff %t.ref %t.fully-recompute-nomap
// RUN: sed -e 's/MODE/h-cached-v-recompute/' -e 's/TILE/3, 2/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.h-cached-v-recompute-32
// RUN: diff %t.ref %t.h-cached-v-recompute-32
// RUN: sed -e 's/MODE/h-cached-v-recompute/' -e 's/TILE/1, 1/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.h-cached-v-recompute-11
// RUN: diff %t.ref %t.h-cached-v-recompute-11
// RUN: sed -e 's/MODE/h-cached-v-recompute/' -e 's/TILE/4, 7/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.h-cached-v-recompute-47
// RUN: diff %t.ref %t.h-cached-v-recompute-47
// RUN: sed -e 's/MODE/h-cached-v-recompute/' -e 's/TILE/7, 7/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.h-cached-v-recompute-77
// RUN: diff %t.ref %t.h-cached-v-recompute-77
// RUN: sed -e 's/MODE/h-cached-v-recompute/' -e 's/TILE/3, 2/' -e '/\/\/ MAP/d' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.h-cached-v-recompute-nomap
// RUN: diff %t.ref %t.h-cached-v-recompute-nomap
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/3, 2/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.fully-cached-32
// RUN: diff %t.ref %t.fully-cached-32
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/1, 1/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.fully-cached-11
// RUN: diff %t.ref %t.fully-cached-11
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/4, 7/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.fully-cached-47
// RUN: diff %t.ref %t.fully-cached-47
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/7, 7/' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.fully-cached-77
// RUN: diff %t.ref %t.fully-cached-77
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/3, 2/' -e '/\/\/ MAP/d' %S/Inputs/depth-first-escape.mlir | zigzag-opt %{run} > %t.fully-cached-nomap
// RUN: diff %t.ref %t.fully-cached-nomap

// The escaping conv's whole result is carried through both tile loops and
// returned; the stack output is the first result:
// RUN: sed -e 's/MODE/fully-cached/' -e 's/TILE/3, 2/' %S/Inputs/depth-first-escape.mlir | zigzag-opt --zigzag-apply-mapping | FileCheck %s
// CHECK-LABEL: func.func @compute
// CHECK-SAME: %[[O:[^:]+]]: tensor<1x2x9x9xf32>, %{{[^:]+}}: tensor<3x2x3x3xf32>, %[[O2:[^:]+]]: tensor<1x3x7x7xf32>
// CHECK: %[[R:.+]]:4 = scf.for {{.+}} iter_args(%{{.+}} = %[[O2]], %{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}, %{{.+}} = %[[O]]) -> (tensor<1x3x7x7xf32>, tensor<1x2x{{[0-9]+}}x{{[0-9]+}}xf32>, tensor<1x2x{{[0-9]+}}x9xf32>, tensor<1x2x9x9xf32>)
// CHECK: return %[[R]]#0, %[[R]]#3,
