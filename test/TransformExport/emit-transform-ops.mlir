// A strided conv, a depthwise conv and a linalg.generic (offset-free maps,
// linalg.index in the payload, a scalar operand): the library applied by
// stock mlir-opt to the stripped IR tiles each op into loops with the trip
// counts of --zigzag-apply-mapping's nest (which runs its loops 0 to factor).
// RUN: zigzag-opt %s --zigzag-emit-transform="file=%t.lib.mlir" 2>%t.remarks | zigzag-opt --zigzag-strip-memory-spaces=attributes=true > %t.stripped.mlir
// RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
// RUN: FileCheck %s --check-prefix=LIB < %t.lib.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter --canonicalize | FileCheck %s --check-prefix=TILED
// RUN: zigzag-opt %s --zigzag-apply-mapping=stage-buffers=false --canonicalize | FileCheck %s --check-prefix=APPLY
// The same comparison by script, op by op, from the tagged IR (trip counts
// of the temporal loops in order, lanes in total):
// RUN: zigzag-opt %s --zigzag-emit-transform="file=%t.lib.mlir" 2>/dev/null > %t.tagged.mlir
// RUN: zigzag-opt %t.tagged.mlir --zigzag-apply-mapping=stage-buffers=false --canonicalize > %t.applied.mlir
// RUN: mlir-opt %t.stripped.mlir --transform-preload-library="transform-library-paths=%t.lib.mlir" --transform-interpreter --canonicalize > %t.tiled.mlir
// RUN: %python %S/Inputs/trip_counts.py %t.applied.mlir %t.tiled.mlir | FileCheck %s --check-prefix=TRIPS
// TRIPS: conv_strided#0: temporal [3, 3, 3] lanes 24 | library [3, 3, 3] then 24
// TRIPS-NEXT: depthwise#0: temporal [5, 3, 3, 3] lanes 6 | library [5, 3, 3, 3] then 6
// TRIPS-NEXT: generic#0: temporal [2, 3, 3, 5] lanes 3 | library [2, 3, 3, 5] then 3

// Only the conv unrolls reduction loops (C, FX) in space.
// REMARK: emit-transform-ops.mlir:{{[0-9]+}}:8: remark: the transform library does not fully express the mapping: the spatial unrolling of reduction loops (D2:C x2, D2:FX x3) runs as a sequential scf.for
// REMARK-NOT: remark

// LIB: // conv_strided#0: linalg.conv_2d_nchw_fchw loops [1, 4, 3, 3, 2, 3, 3]
// LIB: // NOT EXPRESSED: the spatial unrolling of reduction loops (D2:C x2, D2:FX x3)
// LIB-NEXT: tile_using_for %{{.+}} tile_sizes [0, 0, 0, 0, 1, 0, 1] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
// LIB-NEXT: // spatial D1:K x4: one point per lane
// LIB-NEXT: tile_using_forall %{{.+}} tile_sizes [0, 1, 0, 0, 0, 0, 0]
// LIB: // depthwise#0: linalg.depthwise_conv_2d_nhwc_hwc loops [1, 5, 5, 3, 3, 3]
// LIB: // generic#0: linalg.generic loops [6, 7, 5]

// Conv: OY 3, OX 3, FY 3 (stride 2 kept by the tiled conv), then C 2 and
// FX 3 one by one, K over 4 lanes.
// TILED-LABEL: func.func @conv_strided
// TILED-DAG: %[[C0:.+]] = arith.constant 0 : index
// TILED-DAG: %[[C1:.+]] = arith.constant 1 : index
// TILED-DAG: %[[C2:.+]] = arith.constant 2 : index
// TILED-DAG: %[[C3:.+]] = arith.constant 3 : index
// TILED: scf.for %{{.+}} = %[[C0]] to %[[C3]] step %[[C1]]
// TILED: scf.for %{{.+}} = %[[C0]] to %[[C3]] step %[[C1]]
// TILED: scf.for %{{.+}} = %[[C0]] to %[[C3]] step %[[C1]]
// TILED: scf.for %{{.+}} = %[[C0]] to %[[C2]] step %[[C1]]
// TILED: scf.for %{{.+}} = %[[C0]] to %[[C3]] step %[[C1]]
// TILED: scf.forall (%{{.+}}) in (4)
// TILED: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>, zigzag_op_id = "conv_strided#0"} ins(%{{.+}}, %{{.+}} : tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) outs(%{{.+}} : tensor<1x1x1x1xf32>)
// APPLY-LABEL: func.func @conv_strided
// APPLY: scf.for %{{.+}} = %c0 to %c3 step %c1
// APPLY: scf.for %{{.+}} = %c0 to %c3 step %c1
// APPLY: scf.for %{{.+}} = %c0 to %c3 step %c1
// APPLY: scf.forall (%{{.+}}, %{{.+}}, %{{.+}}) in (4, 2, 3)

// Depthwise: d1 5, d2 ceil(5 / 2) = 3 tiles of 2 (the last 1), d5 3, d4 3,
// lanes d2 over the tile, d3 over 3.
// TILED-LABEL: func.func @depthwise
// TILED-DAG: %[[C0:.+]] = arith.constant 0 : index
// TILED-DAG: %[[C1:.+]] = arith.constant 1 : index
// TILED-DAG: %[[C2:.+]] = arith.constant 2 : index
// TILED-DAG: %[[C3:.+]] = arith.constant 3 : index
// TILED-DAG: %[[C5:.+]] = arith.constant 5 : index
// TILED: scf.for %{{.+}} = %[[C0]] to %[[C5]] step %[[C1]]
// TILED: scf.for %[[OW:.+]] = %[[C0]] to %[[C5]] step %[[C2]]
// TILED: %[[OWS:.+]] = affine.min #{{.+}}(%[[OW]])
// TILED: scf.for %{{.+}} = %[[C0]] to %[[C3]] step %[[C1]]
// TILED: scf.for %{{.+}} = %[[C0]] to %[[C3]] step %[[C1]]
// TILED: scf.forall (%{{.+}}, %{{.+}}) in (%[[OWS]], 3)
// APPLY-LABEL: func.func @depthwise
// APPLY: scf.for %{{.+}} = %c0 to %c5 step %c1
// APPLY: scf.for %{{.+}} = %c0 to %c3 step %c1
// APPLY: scf.for %{{.+}} = %c0 to %c3 step %c1
// APPLY: scf.for %{{.+}} = %c0 to %c3 step %c1
// APPLY: scf.forall (%{{.+}}, %{{.+}}) in (3, %{{.+}})

// Generic: I ceil(6 / 3) = 2, J ceil(7 / 3) = 3 (the last tile 1), I 3, K 5,
// J lanes over the tile.
// TILED-LABEL: func.func @generic
// TILED-DAG: %[[C0:.+]] = arith.constant 0 : index
// TILED-DAG: %[[C1:.+]] = arith.constant 1 : index
// TILED-DAG: %[[C3:.+]] = arith.constant 3 : index
// TILED-DAG: %[[C5:.+]] = arith.constant 5 : index
// TILED-DAG: %[[C6:.+]] = arith.constant 6 : index
// TILED-DAG: %[[C7:.+]] = arith.constant 7 : index
// TILED: scf.for %[[IO:.+]] = %[[C0]] to %[[C6]] step %[[C3]]
// TILED: scf.for %[[J:.+]] = %[[C0]] to %[[C7]] step %[[C3]]
// TILED: %[[JS:.+]] = affine.min #{{.+}}(%[[J]])
// TILED: scf.for %[[II:.+]] = %[[C0]] to %[[C3]] step %[[C1]]
// TILED: scf.for %{{.+}} = %[[C0]] to %[[C5]] step %[[C1]]
// TILED: scf.forall (%{{.+}}) in (%[[JS]])
// linalg.index 0 became the absolute row, outer tile + inner row.
// TILED: %[[ROW:.+]] = affine.apply #{{.+}}(%[[IO]])[%[[II]]]
// TILED-NEXT: arith.index_cast %[[ROW]]
// APPLY-LABEL: func.func @generic
// APPLY: scf.for %{{.+}} = %c0 to %c2 step %c1
// APPLY: scf.for %{{.+}} = %c0 to %c3 step %c1
// APPLY: scf.for %{{.+}} = %c0 to %c3 step %c1
// APPLY: scf.for %{{.+}} = %c0 to %c5 step %c1
// APPLY: scf.forall (%{{.+}}) in (%{{.+}})

#a = affine_map<(i, j, k) -> (i, k)>
#b = affine_map<(i, j, k) -> (k, j)>
#s = affine_map<(i, j, k) -> ()>
#o = affine_map<(i, j, k) -> (i, j)>
func.func @conv_strided(%i: tensor<1x2x7x7xf32>, %w: tensor<4x2x3x3xf32>, %o: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.loop_names = ["B", "K", "OY", "OX", "C", "FY", "FX"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [K 4], D2 = [C 2, FX 3]},
                                       temporal = [FY 3, OX 3, OY 3],
                                       levels = {I1 = [rf 1, sram 2, dram 3], I2 = [rf 0, dram 3], O = [rf 1, dram 3]}>}
      ins(%i, %w : tensor<1x2x7x7xf32>, tensor<4x2x3x3xf32>) outs(%o : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %r : tensor<1x4x3x3xf32>
}
func.func @depthwise(%i: tensor<1x11x11x3xf32>, %w: tensor<3x3x3xf32>, %o: tensor<1x5x5x3xf32>) -> tensor<1x5x5x3xf32> {
  %r = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [d3 3], D2 = [d2 2]},
                                       temporal = [d4 3, d5 3, d2 3, d1 5],
                                       levels = {I1 = [rf 2, dram 4], I2 = [rf 4, dram 4], O = [rf 2, sram 3, dram 4]}>}
      ins(%i, %w : tensor<1x11x11x3xf32>, tensor<3x3x3xf32>) outs(%o : tensor<1x5x5x3xf32>) -> tensor<1x5x5x3xf32>
  return %r : tensor<1x5x5x3xf32>
}
func.func @generic(%a: tensor<6x5xf32>, %b: tensor<5x7xf32>, %s: tensor<f32>, %o: tensor<6x7xf32>) -> tensor<6x7xf32> {
  %r = linalg.generic {indexing_maps = [#a, #b, #s, #o], iterator_types = ["parallel", "parallel", "reduction"],
      zigzag.loop_names = ["I", "J", "K"], zigzag.operands = ["I2", "I1", "-", "O"],
      zigzag.mapping = #zigzag.mapping<spatial = {D1 = [J 3]}, temporal = [K 5, I 3, J 3, I 2],
                                       levels = {I1 = [rf 1, dram 4], I2 = [rf 2, dram 4], O = [rf 1, dram 4]}>}
      ins(%a, %b, %s : tensor<6x5xf32>, tensor<5x7xf32>, tensor<f32>) outs(%o : tensor<6x7xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32, %acc: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i32
    %if = arith.sitofp %ii : i32 to f32
    %p = arith.mulf %x, %y : f32
    %q = arith.mulf %p, %z : f32
    %t = arith.addf %q, %if : f32
    %sum = arith.addf %acc, %t : f32
    linalg.yield %sum : f32
  } -> tensor<6x7xf32>
  return %r : tensor<6x7xf32>
}
