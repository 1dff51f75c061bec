#!/usr/bin/env bash
# `make bench`: the numbers of docs/performance.md. Runs every Google
# Benchmark binary of the build (cost model evaluations, one layer's
# searches), then times whole-network searches of ResNet-18
# (examples/resnet18.yaml) on tpu_like (examples/tpu_like.yaml,
# examples/mapping.yaml) with zigzag-opt: LOMA, and the exhaustive engine
# for energy (proven optimal) and for latency under node budgets.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for bench in "$build"/bench/zigzag-*-bench; do
  echo "== $bench"
  "$bench" --benchmark_min_time=1 --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true
done

"$build/bin/zigzag-translate" --import-zigzag-workload examples/resnet18.yaml \
  -o "$out/resnet18.mlir"
# Prints wall seconds, then the report's summary (search seconds summed over
# the layers, layers proven optimal, totals).
search() {
  local label=$1 options=$2
  local start end
  start=$(date +%s%N)
  "$build/bin/zigzag-opt" "$out/resnet18.mlir" \
    --zigzag-attach-hardware="file=examples/tpu_like.yaml" \
    --zigzag-search-mapping="mapping-file=examples/mapping.yaml $options" \
    --zigzag-report="file=$out/report.json table=false" -o /dev/null
  end=$(date +%s%N)
  python3 - "$label" "$(( (end - start) / 1000000 ))" "$out/report.json" <<'PY'
import json, sys
label, ms, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
total = json.load(open(path))["total"]
line = (f"{label:44s} {ms / 1000:7.2f} s wall, search {total['search_seconds']:7.2f} s, "
        f"energy {total['energy_pJ']:.6g} pJ, latency {total['latency_cycles']:.0f} cc")
if "gain_vs_loma" in total:
    gain = total["gain_vs_loma"]
    line += (f", optimal {total['optimal_layers']}/{total['layers']}, gain vs LOMA "
             f"energy {100 * gain['energy']:.2f}% latency {100 * gain['latency']:.2f}%")
print(line)
PY
}
echo "== ResNet-18 on tpu_like, whole network (zigzag-opt)"
search "LOMA, latency" ""
search "LOMA, energy" "criterion=energy"
search "exhaustive, energy" "engine=exhaustive criterion=energy"
search "exhaustive, edp" "engine=exhaustive criterion=edp"
search "exhaustive, latency, budget-nodes=200000" "engine=exhaustive budget-nodes=200000"
search "exhaustive, latency, budget-nodes=2000000" "engine=exhaustive budget-nodes=2000000"

# DeFiNES's case-study sweep (docs/performance.md): FSRCNN on
# Meta_prototype_DF, 3 modes x 6 widths x 6 heights, when ../shared is here.
defines=../shared/reference/defines-inputs
if [ -d "$defines" ]; then
  echo "== FSRCNN on Meta_prototype_DF, 108 depth-first schedules (zigzag-opt)"
  "$build/bin/zigzag-translate" --import-zigzag-workload "$defines/workload/fsrcnn.yaml" \
    -o "$out/fsrcnn.mlir"
  /usr/bin/time -f "%e s wall, %U s user" "$build/bin/zigzag-opt" "$out/fsrcnn.mlir" \
    --zigzag-attach-hardware="file=$defines/hardware/Meta_prototype_DF.yaml" \
    --zigzag-depth-first="search=true tile-x-candidates=1,4,16,60,240,960 tile-y-candidates=1,4,18,72,270,540 mapping-file=$defines/mapping/Meta_prototype__fsrcnn.yaml" \
    --zigzag-report="file=$out/sweep.json table=false" -o /dev/null
  python3 - "$out/sweep.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
df, total = report["depth_first"], report["total"]
print(f"best: tile {df['tile'][0]}x{df['tile'][1]} {df['mode']}, energy "
      f"{total['energy_pJ'] / 1e9:.4f} mJ, DeFiNES latency "
      f"{total['latency_defines_cycles'] / 1e6:.3f} Mcc; {df['schedules']} schedules, "
      f"{df['searches']} single-layer searches, {df['seconds']:.2f} s in the pass")
PY
fi

# ZigZag's IMC flow (docs/Imc.md): ResNet-18 on its 128x128 analog and digital
# macros, when ../shared is here (ZigZag itself: 290-500 s per run).
imc=../shared/reference/zigzag-imc/inputs
if [ -d "$imc" ]; then
  echo "== ResNet-18 on ZigZag's IMC macros, whole network (zigzag-opt, zigzag-compat)"
  "$build/bin/zigzag-translate" --import-zigzag-workload ../shared/reference/zigzag-inputs/workload/resnet18.yaml \
    -o "$out/resnet18-zz.mlir"
  for macro in aimc dimc; do
    start=$(date +%s%N)
    "$build/bin/zigzag-opt" "$out/resnet18-zz.mlir" \
      --zigzag-attach-hardware="file=$imc/hardware/$macro.yaml" \
      --zigzag-search-mapping="zigzag-compat=true mapping-file=$imc/mapping/default_imc.yaml" \
      --zigzag-report="zigzag-compat=true file=$out/imc.json table=false" -o /dev/null
    end=$(date +%s%N)
    python3 - "$macro" "$(( (end - start) / 1000000 ))" "$out/imc.json" <<'PY'
import json, sys
label, ms, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
total = json.load(open(path))["total"]
print(f"LOMA, latency, {label:33s} {ms / 1000:7.2f} s wall, search {total['search_seconds']:7.2f} s, "
      f"energy {total['energy_pJ']:.6g} pJ, latency {total['latency_cycles']:.0f} cc, "
      f"tclk {total['tclk_ns']:.5f} ns, area {total['area_mm2']:.4f} mm2")
PY
  done
fi
