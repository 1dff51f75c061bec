#!/usr/bin/env bash
# `make explore-demo`: the ZigZag paper's architecture case study
# (examples/explore/case-study.yaml) explored on ResNet-18
# (examples/resnet18.yaml) and MobileNetV2 (the model zoo's ONNX graph),
# printing each Pareto front (docs/Explore.md). ZIGZAG_EXPLORE_DIR keeps the
# results (default: a temporary directory); a rerun into it resumes.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
out=${ZIGZAG_EXPLORE_DIR:-$(mktemp -d)}
mkdir -p "$out"
space=examples/explore/case-study.yaml
if [ ! -f "../shared/reference/cacti/sram_table.json" ]; then
  echo "explore-demo: the case study's CACTI table ../shared/reference/cacti/sram_table.json is missing" >&2
  exit 1
fi
/usr/bin/python3 examples/models/generate.py --out "$out" mobilenet_v2 > /dev/null
for workload in examples/resnet18.yaml "$out/mobilenet_v2.onnx"; do
  name=$(basename "${workload%.*}")
  echo "== $name on $space"
  start=$(date +%s%N)
  "$build/bin/zigzag-explore" "$workload" --space="$space" --out="$out/$name" \
    ${ZIGZAG_EXPLORE_ARGS:-}
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  designs=$(grep -c '"id":' "$out/$name/points.json")
  # Designs per second of this run's wall time (a resumed run counts the
  # designs it found done as well).
  rate=$(awk -v d="$designs" -v ms="$ms" 'BEGIN { printf "%.1f", d * 1000 / (ms > 0 ? ms : 1) }')
  echo "== $name: $designs designs in $ms ms ($rate designs/s); points: $out/$name/points.csv"
done
