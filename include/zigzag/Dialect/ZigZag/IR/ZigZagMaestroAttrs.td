//===- ZigZagMaestroAttrs.td - MAESTRO dataflow attribute --*- tablegen -*-===//

#ifndef ZIGZAG_MAESTRO_ATTRS_TD
#define ZIGZAG_MAESTRO_ATTRS_TD

def ZigZag_DataflowAttr : ZigZag_Attr<"Dataflow", "dataflow"> {
  let summary = "A MAESTRO data-centric dataflow (directive list) of an op";
  let description = [{
    MAESTRO's directives, outermost first: `TemporalMap(size, offset) D`,
    `SpatialMap(size, offset) D` and `Cluster(n, P|L)`. Sizes and offsets are
    integers or `Sz(D)`, the full size of dimension `D` of the op. Dimensions
    use MAESTRO's names: `N K C R S Y X` and `"Y'"`/`"X'"` (output rows and
    columns, quoted) for convolutions, `M N K` for matrix products.
    `--zigzag-maestro-analysis` evaluates it (docs/Maestro.md).

    ```mlir
    #zigzag.dataflow<[SpatialMap(1, 1) K, TemporalMap(64, 64) C,
                      TemporalMap(Sz(R), Sz(R)) R, TemporalMap(Sz(S), Sz(S)) S,
                      TemporalMap(Sz(R), 1) Y, TemporalMap(Sz(S), 1) X,
                      Cluster(64, P), SpatialMap(1, 1) C]>
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"::mlir::zigzag::DataflowDirective">:$directives);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The directives with Sz(D) resolved against `sizes` (indexed by
    /// ::zigzag::maestro::Dim); fails naming a Sz(D) of a dimension
    /// `sizes` lacks.
    ::mlir::FailureOr<std::vector<::zigzag::maestro::Directive>>
    resolve(::llvm::ArrayRef<std::optional<int64_t>> sizes,
            ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError) const;
  }];
}

#endif // ZIGZAG_MAESTRO_ATTRS_TD
