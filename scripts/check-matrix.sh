#!/usr/bin/env bash
# `make check-matrix`: every model of the zoo (examples/models) and ZigZag's
# workloads x every hardware file of ZigZag and DeFiNES x {matching mapping
# file, none}: import -> search -> estimate -> report -> apply-mapping with
# the sanity checks of test/Utils/run_matrix.py, plus the depth-first search
# on every hardware (MATRIX_DEPTH_FIRST=0 skips it). Prints the grid; exits 1
# on any failure. MATRIX_JOBS=N runs N cases at a time (default: one per core).
# Then every zoo model, scaled down (32 x 32 images, 64 for AlexNet and 75 for
# Inception-ResNet-v2, which need more; 16 tokens for BERT), is searched and
# rewritten on one of four accelerators (in rotation), executed and compared
# with the untransformed program, the depth-first rewrite too (MATRIX_EXEC=0
# skips that part).
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
set +e  # a failing matrix still prints its grid and runs the next part
/usr/bin/python3 "$root/test/Utils/run_matrix.py" \
  --opt "$build/bin/zigzag-opt" --translate "$build/bin/zigzag-translate" \
  --reference "$reference" --workdir "$out/runs" --defines-hardware \
  --jobs "${MATRIX_JOBS:-$(nproc)}" \
  $( [ "${MATRIX_DEPTH_FIRST:-1}" = 0 ] || echo --depth-first ) \
  --workloads resnet18.onnx mobilenetv2.onnx alexnet.onnx resnet18.yaml \
              "$out"/zoo/*.onnx | tee "$out/grid.txt"
status=${PIPESTATUS[0]}
echo "check-matrix: $(( $(date +%s) - start )) s wall"
if [ "${MATRIX_EXEC:-1}" != 0 ]; then
  gen=("$root/examples/models/generate.py" --out "$out/small")
  /usr/bin/python3 "${gen[@]}" --image-size 32 --seq-len 16 vgg16 resnet18 \
    resnet50 mobilenet_v1 mobilenet_v2 mobilenet_v3_small mobilenet_v3_large \
    densenet201 xception se_resnext50_32x4d efficientnet_b0 nasnet_mobile \
    bert_base_layer vit_b16_block >/dev/null
  /usr/bin/python3 "${gen[@]}" --image-size 64 alexnet >/dev/null
  /usr/bin/python3 "${gen[@]}" --image-size 75 inception_resnet_v2 >/dev/null
  start=$(date +%s)
  # Each model on one accelerator, the four in rotation: compiling a
  # rewritten network for the JIT costs minutes, four times as many runs
  # would take hours on two cores.
  exec_on() {
    local hw=$1; shift
    local models=()
    for m in "$@"; do models+=("$out/small/$m.onnx"); done
    /usr/bin/python3 "$root/test/Utils/run_matrix.py" \
      --opt "$build/bin/zigzag-opt" --translate "$build/bin/zigzag-translate" \
      --reference "$reference" --workdir "$out/exec/$hw" \
      --runner "${MLIR_RUNNER:-/usr/lib/llvm-22/bin/mlir-runner}" \
      --jobs "${MATRIX_JOBS:-$(nproc)}" --only-exec --depth-first \
      --hardware "$hw" --workloads "${models[@]}" | tee -a "$out/grid.txt"
    [ "${PIPESTATUS[0]}" = 0 ] || status=1
  }
  exec_on tpu_like resnet18 efficientnet_b0 bert_base_layer mobilenet_v3_small \
    vgg16 xception
  exec_on eyeriss_like alexnet resnet50 nasnet_mobile
  exec_on edge_tpu_like vit_b16_block mobilenet_v1 mobilenet_v2 densenet201
  exec_on defines:TPU_like_DF mobilenet_v3_large se_resnext50_32x4d \
    inception_resnet_v2
  echo "check-matrix (executed): $(( $(date +%s) - start )) s wall"
fi
exit "$status"
