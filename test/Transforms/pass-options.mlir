// Closed-set pass options are enums: the option parser rejects any other
// value with one message, naming the option and the value.
// RUN: not zigzag-opt %s --zigzag-search-mapping="temporal=odd" 2>&1 | FileCheck %s --check-prefix=TEMPORAL
// RUN: not zigzag-opt %s --zigzag-depth-first="criterion=speed" 2>&1 | FileCheck %s --check-prefix=DF-CRITERION
// RUN: not zigzag-opt %s --zigzag-depth-first="search=true modes=fully-cached,diagonal" 2>&1 | FileCheck %s --check-prefix=MODES
// RUN: not zigzag-opt %s --zigzag-maestro-analysis="search=latency" 2>&1 | FileCheck %s --check-prefix=MAESTRO-SEARCH
// RUN: not zigzag-opt %s --zigzag-pipeline="temporal=odd" 2>&1 | FileCheck %s --check-prefix=TEMPORAL
// RUN: not zigzag-opt %s --zigzag-pipeline="criterion=speed" 2>&1 | FileCheck %s --check-prefix=PIPE-CRITERION
// RUN: not zigzag-opt %s --zigzag-pipeline="mapping-fallback=guess" 2>&1 | FileCheck %s --check-prefix=PIPE-FALLBACK

// TEMPORAL: for the --temporal option: Cannot find option named 'odd'!
// DF-CRITERION: for the --criterion option: Cannot find option named 'speed'!
// MODES: for the --modes option: Cannot find option named 'diagonal'!
// MAESTRO-SEARCH: for the --search option: Cannot find option named 'latency'!
// PIPE-CRITERION: for the --criterion option: Cannot find option named 'speed'!
// PIPE-FALLBACK: for the --mapping-fallback option: Cannot find option named 'guess'!

// The printed pipeline spells every value (defaults included) and parses
// back to the same pipeline, so reproducers keep the options' meaning. (The
// passes then fail on this empty module: `not`; the pipeline is printed
// before they run.)
// RUN: not zigzag-opt %s --dump-pass-pipeline -o /dev/null \
// RUN:   --pass-pipeline="builtin.module(zigzag-search-mapping{engine=exhaustive criterion=edp data-locality=off temporal=even mapping-fallback=search spatial-missing-dims=unroll-1},zigzag-depth-first{modes=fully-recompute,fully-cached stack-candidates=one,layer-by-layer flavor=zigzag},zigzag-maestro-analysis{search=energy})" \
// RUN:   2> %t.pipeline
// RUN: FileCheck %s --check-prefix=PRINT < %t.pipeline
// RUN: not zigzag-opt %s --dump-pass-pipeline -o /dev/null \
// RUN:   --pass-pipeline="$(sed -n '/^builtin.module(/,/^)/s/^ *//p' %t.pipeline | tr -d '\n')" 2> %t.again
// RUN: diff %t.pipeline %t.again
// RUN: not zigzag-opt %s --dump-pass-pipeline -o /dev/null \
// RUN:   --pass-pipeline="builtin.module(zigzag-search-mapping,zigzag-depth-first,zigzag-maestro-analysis)" \
// RUN:   2>&1 | FileCheck %s --check-prefix=DEFAULTS

// PRINT: zigzag-search-mapping{
// PRINT-SAME: criterion=edp data-locality=off engine=exhaustive
// PRINT-SAME: mapping-fallback=search
// PRINT-SAME: model=zigzag objective=none
// PRINT-SAME: spatial-missing-dims=unroll-1 temporal=even
// PRINT: zigzag-depth-first{criterion=energy flavor=zigzag
// PRINT-SAME: mode=fully-cached modes={fully-recompute,fully-cached}
// PRINT-SAME: spatial-missing-dims=auto stack-candidates={one,layer-by-layer}
// PRINT: zigzag-maestro-analysis{
// PRINT-SAME: search=energy

// DEFAULTS: zigzag-search-mapping{
// DEFAULTS-SAME: criterion=latency data-locality=auto engine=loma
// DEFAULTS-SAME: mapping-fallback=keep
// DEFAULTS-SAME: model=zigzag objective=none
// DEFAULTS-SAME: spatial-missing-dims=search temporal=uneven
// DEFAULTS: zigzag-depth-first{criterion=energy flavor=defines
// DEFAULTS-SAME: mode=fully-cached
// DEFAULTS-SAME: spatial-missing-dims=auto
// DEFAULTS-SAME: temporal=uneven
// DEFAULTS: zigzag-maestro-analysis{
// DEFAULTS-SAME: search=none

func.func @empty() {
  return
}
