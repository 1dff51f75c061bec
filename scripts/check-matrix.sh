#!/usr/bin/env bash
# `make check-matrix`: every model of the zoo (examples/models) and ZigZag's
# workloads x every hardware file of ZigZag and DeFiNES x {matching mapping
# file, none}: import -> search -> estimate -> report -> apply-mapping with
# the sanity checks of test/Utils/run_matrix.py, plus the depth-first search
# on every hardware (MATRIX_DEPTH_FIRST=0 skips it). Prints the grid; exits 1
# on any failure. MATRIX_JOBS=N runs N cases at a time (default: one per core).
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
reference=${ZIGZAG_REFERENCE_DIR:-$root/../shared/reference}
out=$build/matrix
if [ ! -d "$reference/zigzag-inputs" ]; then
  echo "check-matrix: no reference inputs at $reference" >&2
  exit 1
fi
rm -rf "$out" && mkdir -p "$out/zoo"
/usr/bin/python3 "$root/examples/models/generate.py" --out "$out/zoo" >/dev/null
start=$(date +%s)
/usr/bin/python3 "$root/test/Utils/run_matrix.py" \
  --opt "$build/bin/zigzag-opt" --translate "$build/bin/zigzag-translate" \
  --reference "$reference" --workdir "$out/runs" --defines-hardware \
  --jobs "${MATRIX_JOBS:-$(nproc)}" \
  $( [ "${MATRIX_DEPTH_FIRST:-1}" = 0 ] || echo --depth-first ) \
  --workloads resnet18.onnx mobilenetv2.onnx alexnet.onnx resnet18.yaml \
              "$out"/zoo/*.onnx | tee "$out/grid.txt"
status=${PIPESTATUS[0]}
echo "check-matrix: $(( $(date +%s) - start )) s wall"
exit "$status"
