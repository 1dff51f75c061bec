#!/usr/bin/env bash
# `make e2e`: a real network from ONNX to native code through the searched
# loop nests (docs/EndToEnd.md). ResNet-18 from the model zoo, scaled down to
# 32 x 32 images so it runs in seconds, is imported, searched on a TPU-like
# accelerator and rewritten two ways: by --zigzag-apply-mapping, and by the
# transform-dialect library --zigzag-emit-transform writes, applied with stock
# mlir-opt. Both are bufferized, lowered to LLVM and run natively with
# mlir-runner against the untransformed program; the outputs must agree.
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${ZIGZAG_E2E_DIR:-$(mktemp -d)}
mkdir -p "$out"
llvm=/usr/lib/llvm-22
hw="$root/examples/tpu_like.yaml"
# Debian's python3 has python3-onnx; a python3 earlier on PATH may not.
python=/usr/bin/python3
step() { echo "== $*"; }
run() { printf '$'; printf ' %q' "$@"; echo; "$@"; }

step "1. the model: ResNet-18, 32 x 32 input (graph only, examples/models)"
run "$python" "$root/examples/models/generate.py" --out "$out" --image-size 32 resnet18
step "2. import ONNX -> linalg on tensors"
run "$build/bin/zigzag-translate" --import-onnx "$out/resnet18.onnx" -o "$out/resnet18.mlir"
step "3a. search a mapping per layer and rewrite into its loop nests; stock MLIR out"
run "$build/bin/zigzag-opt" "$out/resnet18.mlir" \
  --zigzag-attach-hardware="file=$hw" --zigzag-search-mapping \
  --zigzag-apply-mapping --zigzag-strip-memory-spaces=attributes=true \
  -o "$out/rewritten.mlir"
step "3b. or: search, export the tiling as a transform library, apply it with stock mlir-opt"
run "$build/bin/zigzag-opt" "$out/resnet18.mlir" \
  --zigzag-attach-hardware="file=$hw" --zigzag-search-mapping \
  --zigzag-emit-transform="file=$out/tiling.transform.mlir" \
  --zigzag-strip-memory-spaces=attributes=true -o "$out/tagged.mlir" \
  2> "$out/remarks.txt"
echo "   $(grep -c 'remark:' "$out/remarks.txt" || true) remarks on what upstream ops cannot express: $out/remarks.txt"
run "$llvm/bin/mlir-opt" "$out/tagged.mlir" \
  --transform-preload-library="transform-library-paths=$out/tiling.transform.mlir" \
  --transform-interpreter -o "$out/tiled.mlir"
echo "   $(grep -c 'scf.forall' "$out/rewritten.mlir") scf.forall nests after 3a," \
  "$(grep -c 'scf.for ' "$out/tiled.mlir") scf.for loops after 3b"
step "4. bufferize, lower to LLVM, run natively with mlir-runner; compare with the untransformed program"
run "$python" "$root/test/Utils/exec_compare.py" --opt "$build/bin/zigzag-opt" \
  --translate "$build/bin/zigzag-translate" --runner "$llvm/bin/mlir-runner" \
  --runner-libs "$llvm/lib" --model "$out/resnet18.onnx" --workdir "$out/exec" \
  --compare "$out/rewritten.mlir" "$out/tiled.mlir"
step "done: $out"
