#!/usr/bin/env bash
# fuzz/run.sh fuzz|regress BUILD_DIR SECONDS TARGET...
#   fuzz:    runs each target for SECONDS (or FUZZ_RUNS inputs, whichever
#            comes first) on its seeds (fuzz/seeds/<target>/)
#            and the inputs it found before (BUILD_DIR/corpus/<target>/, where
#            new ones go); one target after another, one process each.
#   regress: replays every input of fuzz/corpus/<target>/ (crashes found,
#            reproducers) and fuzz/seeds/<target>/ once; fails if any
#            crashes. fuzz/known-crashes/ is not replayed.
# ONNX inputs are kept as text (*.txt: ONNX syntax, *.textproto: protobuf
# text) and assembled with zigzag-onnx-gen into BUILD_DIR first. ONNX seeds
# also get their intermediate value types from ONNX shape inference (Python
# onnx), which the fuzz target needs to build them without forking.
set -euo pipefail
mode=$1 build=$2 seconds=$3
shift 3
root=$(cd "$(dirname "$0")/.." && pwd)
gen="$build/bin/zigzag-onnx-gen"

# Copies the inputs of directory $1 to $2, assembling text ONNX models;
# with $3 = infer, adds the inferred value types where inference succeeds.
stage() {
  local src=$1 dst=$2 infer=${3:-} f base onnx=0
  case "$src" in */onnx) onnx=1 ;; esac
  mkdir -p "$dst"
  [ -d "$src" ] || return 0
  for f in "$src"/*; do
    [ -f "$f" ] || continue
    base=$(basename "$f")
    case "$base" in
    README*) ;;
    *.txt | *.textproto)
      if [ $onnx = 0 ]; then
        cp "$f" "$dst/$base"
        continue
      fi
      "$gen" "$f" -o "$dst/${base%.*}.onnx"
      if [ "$infer" = infer ]; then
        python3 -c 'import onnx, sys
m = onnx.load(sys.argv[1])
onnx.save(onnx.shape_inference.infer_shapes(m, strict_mode=True), sys.argv[1])' \
          "$dst/${base%.*}.onnx" 2>/dev/null || true
      fi ;;
    *) cp "$f" "$dst/$base" ;;
    esac
  done
}

# The targets set their own ASan defaults (fuzz/FuzzMLIR.h); UBSan stops
# at the first error with a stack.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "$@"; do
  bin="$build/bin/zigzag-fuzz-$t"
  dict=()
  [ -f "$root/fuzz/dicts/$t.dict" ] && dict=(-dict="$root/fuzz/dicts/$t.dict")
  case "$mode" in
  fuzz)
    seeds="$build/fuzz-seeds/$t" corpus="$build/corpus/$t"
    rm -rf "$seeds"
    stage "$root/fuzz/seeds/$t" "$seeds" infer
    stage "$root/fuzz/corpus/$t" "$seeds" infer
    mkdir -p "$corpus" "$build/artifacts/$t"
    echo "== fuzz $t for ${seconds}s"
    nice -n 10 "$bin" "${dict[@]}" -max_total_time="$seconds" \
      ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -timeout=25 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$t/" "$corpus" "$seeds" || status=1
    ;;
  regress)
    inputs="$build/fuzz-regress/$t"
    rm -rf "$inputs"
    stage "$root/fuzz/seeds/$t" "$inputs"
    stage "$root/fuzz/corpus/$t" "$inputs"
    files=("$inputs"/*)
    [ -e "${files[0]}" ] || { echo "== regress $t: no inputs"; continue; }
    echo "== regress $t: ${#files[@]} inputs"
    ZIGZAG_FUZZ_ONNX_INFER=1 "$bin" -timeout=25 -rss_limit_mb=4096 "${files[@]}" >"$build/fuzz-regress/$t.log" 2>&1 ||
      { status=1; echo "FAILED: see $build/fuzz-regress/$t.log"; tail -30 "$build/fuzz-regress/$t.log"; }
    ;;
  esac
done
exit $status
