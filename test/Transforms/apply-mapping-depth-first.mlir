// RUN: zigzag-opt %s -split-input-file --zigzag-apply-mapping | FileCheck %s

// Depth-first stacks (docs/Rewrite.md, "Depth-first stacks"): a 3x3 conv
// (9x9 output) feeding a 3x3 stride-2 conv (4x4 output), tiles of 3 columns
// by 2 rows. Columns: leftover tile [0, 1) first, then [1, 4). Rows [0, 2),
// [2, 4). The stride-2 conv reads producer columns [2 x0, 2 x1 + 1).

// Fully recompute: the producer computes 5 rows by 3 or 7 columns per tile,
// 10 x 10 = 100 elements for its 81.

// CHECK-DAG: #[[$X0:.+]] = affine_map<()[s0] -> (0, s0 * 3 - 2)>
// CHECK-DAG: #[[$TWICE:.+]] = affine_map<()[s0] -> (s0 * 2)>
// CHECK-DAG: #[[$ROW0:.+]] = affine_map<()[s0] -> (s0 * 4)>
// CHECK-LABEL: func.func @recompute
// CHECK-SAME: (%[[I:.+]]: tensor<1x1x11x11xf32>, %[[W1:.+]]: tensor<1x1x3x3xf32>, %[[W2:.+]]: tensor<1x1x3x3xf32>, %[[O1:.+]]: tensor<1x1x9x9xf32>, %[[O2:.+]]: tensor<1x1x4x4xf32>)
// CHECK-NOT:   zigzag.df_cache
// CHECK:       %[[C2:.+]] = arith.constant 2 : index
// CHECK:       %[[ROWS:.+]] = scf.for %[[TY:.+]] = %{{.+}} to %[[C2]] step %{{.+}} iter_args(%[[OUT:.+]] = %[[O2]]) -> (tensor<1x1x4x4xf32>) {
// CHECK:         %[[COLS:.+]] = scf.for %[[TX:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[OUT2:.+]] = %[[OUT]]) -> (tensor<1x1x4x4xf32>) {
// CHECK:           %[[X0:.+]] = affine.max #[[$X0]]()[%[[TX]]]
// CHECK:           %[[PY0:.+]] = affine.apply #[[$ROW0]]()[%[[TY]]]
// CHECK:           %[[PX0:.+]] = affine.apply #[[$TWICE]]()[%[[X0]]]
// CHECK:           %[[PINIT:.+]] = tensor.extract_slice %[[O1]][0, 0, %[[PY0]], %[[PX0]]] [1, 1, 5, %{{.+}}] [1, 1, 1, 1] : tensor<1x1x9x9xf32> to tensor<1x1x5x?xf32>
// CHECK:           %[[IN:.+]] = tensor.extract_slice %[[I]][0, 0, %[[PY0]], %[[PX0]]] [1, 1, 7, %{{.+}}] [1, 1, 1, 1] : tensor<1x1x11x11xf32> to tensor<1x1x7x?xf32>
// CHECK:           %[[P:.+]] = linalg.conv_2d_nchw_fchw {{.+}} ins(%[[IN]], %[[W1]] : tensor<1x1x7x?xf32>, tensor<1x1x3x3xf32>) outs(%[[PINIT]] : tensor<1x1x5x?xf32>)
// CHECK:           %[[Y0:.+]] = affine.apply #[[$TWICE]]()[%[[TY]]]
// CHECK:           %[[OT:.+]] = tensor.extract_slice %[[OUT2]][0, 0, %[[Y0]], %[[X0]]] [1, 1, 2, %[[W:.+]]] [1, 1, 1, 1] : tensor<1x1x4x4xf32> to tensor<1x1x2x?xf32>
// CHECK:           %[[PT:.+]] = tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 1, 5, %{{.+}}] [1, 1, 1, 1]
// CHECK:           %[[R:.+]] = linalg.conv_2d_nchw_fchw {{.+}} ins(%[[PT]], %[[W2]] : tensor<1x1x5x?xf32>, tensor<1x1x3x3xf32>) outs(%[[OT]] : tensor<1x1x2x?xf32>)
// CHECK:           %[[NEW:.+]] = tensor.insert_slice %[[R]] into %[[OUT2]][0, 0, %[[Y0]], %[[X0]]] [1, 1, 2, %[[W]]] [1, 1, 1, 1]
// CHECK:           scf.yield %[[NEW]] : tensor<1x1x4x4xf32>
// CHECK:         } {zigzag.df_mode = "fully-recompute", zigzag.df_stack = 0 : i64, zigzag.df_tile = "x"}
// CHECK:         scf.yield %[[COLS]] : tensor<1x1x4x4xf32>
// CHECK:       } {zigzag.df_computed = array<i64: 100, 16>, zigzag.df_mode = "fully-recompute", zigzag.df_stack = 0 : i64, zigzag.df_tile = "y"}
// CHECK:       return %[[ROWS]]
func.func @recompute(%i: tensor<1x1x11x11xf32>, %w1: tensor<1x1x3x3xf32>, %w2: tensor<1x1x3x3xf32>,
                     %o1: tensor<1x1x9x9xf32>, %o2: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %p = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [3, 2], loops = [3, 2]>}
      ins(%i, %w1 : tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [3, 2], loops = [3, 2]>}
      ins(%p, %w2 : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %r : tensor<1x1x4x4xf32>
}

// -----

// H-cached, V-recompute: the producer's last column (3x3 kernel, stride 2:
// overlap 1) is carried across the tiles of a row in a 5-row buffer; past
// the first tile the producer starts at max(lo, previous tile's end), so
// it computes 3 + 6 columns: 9 x 10 = 90 elements.

// CHECK-DAG: #[[$X0:.+]] = affine_map<()[s0] -> (0, s0 * 3 - 2)>
// CHECK-DAG: #[[$LO:.+]] = affine_map<()[s0] -> (s0 * 2)>
// CHECK-DAG: #[[$AFTER:.+]] = affine_map<()[s0, s1] -> (s1 * 6 - 3, s0 * 2)>
// CHECK-LABEL: func.func @h_cached
// CHECK-SAME: (%[[I:.+]]: tensor<1x1x11x11xf32>, %[[W1:.+]]: tensor<1x1x3x3xf32>, %[[W2:.+]]: tensor<1x1x3x3xf32>, %[[O1:.+]]: tensor<1x1x9x9xf32>, %[[O2:.+]]: tensor<1x1x4x4xf32>)
// CHECK:       %[[CACHE:.+]] = tensor.empty() {zigzag.df_cache = "columns"} : tensor<1x1x5x1xf32>
// CHECK-NOT:   zigzag.df_cache
// CHECK:       scf.for %[[TY:.+]] = {{.+}} iter_args(%[[OUT:.+]] = %[[O2]], %[[C:.+]] = %[[CACHE]]) -> (tensor<1x1x4x4xf32>, tensor<1x1x5x1xf32>) {
// CHECK:         scf.for %[[TX:.+]] = {{.+}} iter_args(%[[OUT2:.+]] = %[[OUT]], %[[C2:.+]] = %[[C]]) -> (tensor<1x1x4x4xf32>, tensor<1x1x5x1xf32>) {
// CHECK:           %[[X0:.+]] = affine.max #[[$X0]]()[%[[TX]]]
// CHECK:           %[[FIRST:.+]] = arith.cmpi eq, %[[TX]], %{{.+}} : index
// CHECK:           %[[LO:.+]] = affine.apply #[[$LO]]()[%[[X0]]]
// CHECK:           %[[AFTER:.+]] = affine.max #[[$AFTER]]()[%[[X0]], %[[TX]]]
// CHECK:           %[[N:.+]] = arith.select %[[FIRST]], %[[LO]], %[[AFTER]] : index
// CHECK:           %[[NEWW:.+]] = affine.apply #{{.+}}()[%[[N]], %[[TX]]]
// CHECK:           %[[PINIT:.+]] = tensor.extract_slice %[[O1]][0, 0, %{{.+}}, %[[N]]] [1, 1, 5, %[[NEWW]]]
// CHECK:           %[[IN:.+]] = tensor.extract_slice %[[I]][0, 0, %{{.+}}, %[[N]]] [1, 1, 7, %{{.+}}]
// CHECK:           %[[P:.+]] = linalg.conv_2d_nchw_fchw {{.+}} ins(%[[IN]], %[[W1]] : tensor<1x1x7x?xf32>, tensor<1x1x3x3xf32>) outs(%[[PINIT]] : tensor<1x1x5x?xf32>)
// CHECK:           %[[WIDTH:.+]] = affine.apply
// CHECK:           %[[OLDW:.+]] = affine.apply #{{.+}}()[%[[N]], %[[X0]]]
// CHECK:           %[[T0:.+]] = tensor.empty(%[[WIDTH]]) : tensor<1x1x5x?xf32>
// CHECK:           %[[OLD:.+]] = tensor.extract_slice %[[C2]][0, 0, 0, %{{.+}}] [1, 1, 5, %[[OLDW]]]
// CHECK:           %[[T1:.+]] = tensor.insert_slice %[[OLD]] into %[[T0]][0, 0, 0, 0] [1, 1, 5, %[[OLDW]]]
// CHECK:           %[[T2:.+]] = tensor.insert_slice %[[P]] into %[[T1]][0, 0, 0, %[[OLDW]]] [1, 1, 5, %[[NEWW]]]
// CHECK:           %[[KEEP:.+]] = tensor.extract_slice %[[T2]][0, 0, 0, %{{.+}}] [1, 1, 5, %{{.+}}]
// CHECK:           %[[C3:.+]] = tensor.insert_slice %[[KEEP]] into %[[C2]][0, 0, 0, %{{.+}}] [1, 1, 5, %{{.+}}] [1, 1, 1, 1] : tensor<1x1x5x?xf32> into tensor<1x1x5x1xf32>
// CHECK:           %[[PT:.+]] = tensor.extract_slice %[[T2]][0, 0, 0, 0] [1, 1, 5, %{{.+}}]
// CHECK:           %[[R:.+]] = linalg.conv_2d_nchw_fchw {{.+}} ins(%[[PT]], %[[W2]] : tensor<1x1x5x?xf32>, tensor<1x1x3x3xf32>)
// CHECK:           %[[NEW:.+]] = tensor.insert_slice %[[R]] into %[[OUT2]]
// CHECK:           scf.yield %[[NEW]], %[[C3]] : tensor<1x1x4x4xf32>, tensor<1x1x5x1xf32>
// CHECK:         } {zigzag.df_mode = "h-cached-v-recompute", zigzag.df_stack = 0 : i64, zigzag.df_tile = "x"}
// CHECK:       } {zigzag.df_computed = array<i64: 90, 16>, zigzag.df_mode = "h-cached-v-recompute", zigzag.df_stack = 0 : i64, zigzag.df_tile = "y"}
func.func @h_cached(%i: tensor<1x1x11x11xf32>, %w1: tensor<1x1x3x3xf32>, %w2: tensor<1x1x3x3xf32>,
                    %o1: tensor<1x1x9x9xf32>, %o2: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %p = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "h-cached-v-recompute", tile = [3, 2], loops = [3, 2]>}
      ins(%i, %w1 : tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "h-cached-v-recompute", tile = [3, 2], loops = [3, 2]>}
      ins(%p, %w2 : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %r : tensor<1x1x4x4xf32>
}

// -----

// Fully cached: also the last producer row is kept for the whole width (9
// columns) across tile rows, in two halves of one row: tile row i reads the
// half row i - 1 wrote ((i + 1) mod 2) and writes half i mod 2. Nothing is
// computed twice: 81 elements.

// CHECK-DAG: #[[$Y0:.+]] = affine_map<()[s0] -> (s0 * 4)>
// CHECK-DAG: #[[$YAFTER:.+]] = affine_map<()[s0] -> (s0 * 4 + 1)>
// CHECK-DAG: #[[$HALF:.+]] = affine_map<()[s0] -> (s0 mod 2)>
// CHECK-LABEL: func.func @fully_cached
// CHECK-SAME: (%{{.+}}: tensor<1x1x11x11xf32>, %{{.+}}: tensor<1x1x3x3xf32>, %{{.+}}: tensor<1x1x3x3xf32>, %{{.+}}: tensor<1x1x9x9xf32>, %[[O2:.+]]: tensor<1x1x4x4xf32>)
// CHECK:       %[[COLCACHE:.+]] = tensor.empty() {zigzag.df_cache = "columns"} : tensor<1x1x5x1xf32>
// CHECK:       %[[ROWCACHE:.+]] = tensor.empty() {zigzag.df_cache = "rows"} : tensor<1x1x2x9xf32>
// CHECK:       scf.for %[[TY:.+]] = {{.+}} iter_args(%[[OUT:.+]] = %[[O2]], %[[C:.+]] = %[[COLCACHE]], %[[R:.+]] = %[[ROWCACHE]]) -> (tensor<1x1x4x4xf32>, tensor<1x1x5x1xf32>, tensor<1x1x2x9xf32>) {
// CHECK:         %[[AFTER:.+]] = affine.apply #[[$YAFTER]]()[%[[TY]]]
// CHECK:         %[[FIRST:.+]] = arith.cmpi eq, %[[TY]], %{{.+}} : index
// CHECK:         %[[LO:.+]] = affine.apply #[[$Y0]]()[%[[TY]]]
// CHECK:         %[[NY:.+]] = arith.select %[[FIRST]], %[[LO]], %[[AFTER]] : index
// CHECK:         scf.for %[[TX:.+]] = {{.+}} iter_args(%[[OUT2:.+]] = %[[OUT]], %[[C2:.+]] = %[[C]], %[[R2:.+]] = %[[R]])
// CHECK:           %[[P:.+]] = linalg.conv_2d_nchw_fchw {{.+}} outs(%{{.+}} : tensor<1x1x?x?xf32>)
// CHECK:           %[[T0:.+]] = tensor.empty(%{{.+}}) : tensor<1x1x5x?xf32>
// CHECK:           %[[OLDROWS:.+]] = tensor.extract_slice %[[R2]]
// CHECK:           %[[T1:.+]] = tensor.insert_slice %[[OLDROWS]] into %[[T0]][0, 0, 0, 0]
// CHECK:           %[[OLDCOLS:.+]] = tensor.extract_slice %[[C2]]
// CHECK:           %[[T2:.+]] = tensor.insert_slice %[[OLDCOLS]] into %[[T1]]
// CHECK:           %[[T3:.+]] = tensor.insert_slice %[[P]] into %[[T2]]
// CHECK:           %[[C3:.+]] = tensor.insert_slice %{{.+}} into %[[C2]]
// CHECK:           %[[LASTROW:.+]] = tensor.extract_slice %[[T3]][0, 0, 4, 0] [1, 1, 1, %{{.+}}]
// CHECK:           %[[HALF:.+]] = affine.apply #[[$HALF]]()[%[[TY]]]
// CHECK:           %[[R3:.+]] = tensor.insert_slice %[[LASTROW]] into %[[R2]][0, 0, %[[HALF]], %{{.+}}] [1, 1, 1, %{{.+}}] [1, 1, 1, 1] : tensor<1x1x1x?xf32> into tensor<1x1x2x9xf32>
// CHECK:           linalg.conv_2d_nchw_fchw
// CHECK:           scf.yield %{{.+}}, %[[C3]], %[[R3]]
// CHECK:         } {zigzag.df_mode = "fully-cached", zigzag.df_stack = 0 : i64, zigzag.df_tile = "x"}
// CHECK:       } {zigzag.df_computed = array<i64: 81, 16>, zigzag.df_mode = "fully-cached", zigzag.df_stack = 0 : i64, zigzag.df_tile = "y"}
func.func @fully_cached(%i: tensor<1x1x11x11xf32>, %w1: tensor<1x1x3x3xf32>, %w2: tensor<1x1x3x3xf32>,
                        %o1: tensor<1x1x9x9xf32>, %o2: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %p = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [3, 2], loops = [3, 2]>}
      ins(%i, %w1 : tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-cached", tile = [3, 2], loops = [3, 2]>}
      ins(%p, %w2 : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %r : tensor<1x1x4x4xf32>
}

// -----

// A per-tile mapping: the producer's tile is nested like a mapped op. Its
// width varies per tile, so its OX loop (step 4, the OX unrolling; added
// because the mapping has no temporal OX loop) runs ceil(width / 4) times and
// its OY loop (9) as many times as the tile has rows. Ops that only carry
// zigzag.mapping keep today's rewrite; ops with neither are left alone.

// CHECK-DAG: #[[$TRIPS:.+]] = affine_map<()[s0, s1] -> ((s0 * 6 - s1 * 2 + 3) ceildiv 4)>
// CHECK-LABEL: func.func @mapped
// CHECK:       scf.for %[[TY:[^ ]+]] =
// CHECK:         %[[Y0:.+]] = affine.max
// CHECK:         scf.for %[[TX:[^ ]+]] =
// CHECK:           %[[X0:.+]] = affine.max
// CHECK:           %[[ROWS:.+]] = affine.apply #{{.+}}()[%[[TY]], %[[Y0]]]
// CHECK:           %[[TRIPS:.+]] = affine.apply #[[$TRIPS]]()[%[[TX]], %[[X0]]]
// CHECK:           scf.for %{{.+}} = %{{.+}} to %[[TRIPS]] step
// CHECK:             scf.for %{{.+}} = %{{.+}} to %[[ROWS]] step
// CHECK:               scf.forall (%{{.+}}) in (%{{.+}})
// CHECK:               } {mapping = [#zigzag.array_dim<"D1", "OX">], zigzag.level = {I1 = "rf", O = "rf"}}
// CHECK:             } {zigzag.level = {I1 = "dram", O = "dram"}, zigzag.loop = "OY"}
// CHECK:           } {zigzag.level = {I1 = "dram", O = "dram"}, zigzag.loop = "OX"}
// CHECK:           linalg.conv_2d_nchw_fchw {{.+}} strides = dense<2>
// CHECK:         } {zigzag.df_mode = "fully-recompute", zigzag.df_stack = 0 : i64, zigzag.df_tile = "x"}
// CHECK:       } {zigzag.df_computed = array<i64: 100, 16>
// CHECK:       scf.for
// CHECK:       } {zigzag.level = {O = "rf"}, zigzag.loop = "d0"}
// CHECK:       linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<4x4xf32>, tensor<4x4xf32>) outs(%{{.+}} : tensor<4x4xf32>)
// CHECK-NOT:   zigzag.depth_first
func.func @mapped(%i: tensor<1x1x11x11xf32>, %w1: tensor<1x1x3x3xf32>, %w2: tensor<1x1x3x3xf32>,
                  %o1: tensor<1x1x9x9xf32>, %o2: tensor<1x1x4x4xf32>, %a: tensor<4x4xf32>,
                  %m: tensor<4x4xf32>) -> (tensor<1x1x4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) {
  %p = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [3, 3], loops = [3, 2],
                            mapping = #zigzag.mapping<spatial = {D1 = [OX 4]}, temporal = [FX 3, FY 3, OY 9],
                                                      levels = {I1 = [rf 2, dram 3], O = [rf 2, dram 3]}>>}
      ins(%i, %w1 : tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "fully-recompute", tile = [3, 3], loops = [3, 2]>}
      ins(%p, %w2 : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  %mm = linalg.matmul {zigzag.mapping = #zigzag.mapping<spatial = {}, temporal = [d0 4, d1 4, d2 4], levels = {O = [rf 1, dram 3]}>}
      ins(%a, %a : tensor<4x4xf32>, tensor<4x4xf32>) outs(%m : tensor<4x4xf32>) -> tensor<4x4xf32>
  %plain = linalg.matmul ins(%a, %a : tensor<4x4xf32>, tensor<4x4xf32>) outs(%m : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r, %mm, %plain : tensor<1x1x4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>
}

// -----

// Two stacks, the second reading the first's output: each becomes its own
// tile loops, in program order. A one-tile stack (tile = feature map) runs
// its loops once, at offset 0.

// CHECK-LABEL: func.func @two_stacks
// CHECK:       %[[FIRST:[0-9]+]]:3 = scf.for
// CHECK:       } {zigzag.df_computed = array<i64: 81, 49>, zigzag.df_mode = "fully-cached", zigzag.df_stack = 1 : i64, zigzag.df_tile = "y"}
// CHECK:       %[[SECOND:.+]] = scf.for
// CHECK:         scf.for
// CHECK:           linalg.conv_2d_nchw_fchw {{.+}} ins(%[[FIRST]]#0, %{{.+}} : tensor<1x1x7x7xf32>, tensor<1x1x3x3xf32>)
// CHECK:       } {zigzag.df_computed = array<i64: 25>, zigzag.df_mode = "fully-recompute", zigzag.df_stack = 2 : i64, zigzag.df_tile = "y"}
// CHECK:       return %[[SECOND]]
func.func @two_stacks(%i: tensor<1x1x11x11xf32>, %w: tensor<1x1x3x3xf32>, %o1: tensor<1x1x9x9xf32>,
                      %o2: tensor<1x1x7x7xf32>, %o3: tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32> {
  %a = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 1, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%i, %w : tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) outs(%o1 : tensor<1x1x9x9xf32>) -> tensor<1x1x9x9xf32>
  %b = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 1, mode = "fully-cached", tile = [2, 2], loops = [3, 2]>}
      ins(%a, %w : tensor<1x1x9x9xf32>, tensor<1x1x3x3xf32>) outs(%o2 : tensor<1x1x7x7xf32>) -> tensor<1x1x7x7xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      zigzag.depth_first = #zigzag.depth_first<stack = 2, mode = "fully-recompute", tile = [5, 5], loops = [3, 2]>}
      ins(%b, %w : tensor<1x1x7x7xf32>, tensor<1x1x3x3xf32>) outs(%o3 : tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32>
  return %c : tensor<1x1x5x5xf32>
}
