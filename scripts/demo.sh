#!/usr/bin/env bash
# `make demo`: ResNet-18 (examples/resnet18.yaml) on a TPU-like accelerator
# (examples/tpu_like.yaml): import, search the best mapping per layer with
# ZigZag's LOMA, report per layer and in total, then rewrite every layer
# into the loop nest its mapping describes.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
out=${ZIGZAG_DEMO_DIR:-$(mktemp -d)}
mkdir -p "$out"

echo "== hardware: examples/tpu_like.yaml"
"$build/bin/zigzag-translate" --import-zigzag-hardware examples/tpu_like.yaml \
  -o "$out/tpu_like.mlir"
echo "== workload: examples/resnet18.yaml -> linalg ($out/resnet18.mlir)"
"$build/bin/zigzag-translate" --import-zigzag-workload examples/resnet18.yaml \
  -o "$out/resnet18.mlir"
echo "== --zigzag-pipeline: search (LOMA, latency first), cost, report, rewrite"
start=$(date +%s%N)
"$build/bin/zigzag-opt" "$out/resnet18.mlir" \
  --zigzag-pipeline="hardware=examples/tpu_like.yaml mapping-file=examples/mapping.yaml report=$out/report.json" \
  -o "$out/resnet18-rewritten.mlir"
end=$(date +%s%N)
echo "== rewritten: $(grep -c 'scf.for' "$out/resnet18-rewritten.mlir") scf.for loops, $(grep -c 'scf.forall' "$out/resnet18-rewritten.mlir") scf.forall nests"
echo "== done in $(( (end - start) / 1000000 )) ms; loop nests: $out/resnet18-rewritten.mlir, JSON report: $out/report.json"
