#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need; idempotent.
set -euo pipefail
packages=(llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools lld-22 lld
          ninja-build cmake g++ make libgtest-dev libbenchmark-dev libonnx-dev
          libprotobuf-dev python3 python3-onnx ccache clang-format-22
          clang-tidy-22
          # The HTML report inlines Vega; its browser test runs chromium
          # headless (docs/HtmlReport.md).
          libjs-vega chromium)
# The libFuzzer build (make fuzz, make fuzz-regress) needs clang and its
# sanitizer/libFuzzer runtimes of the same LLVM version.
if [ "${FUZZ:-0}" = 1 ]; then
  packages+=(clang-22 libclang-rt-22-dev)
fi
# The Slurm test of zigzag-explore (make check-slurm) runs a single-node
# Slurm cluster.
if [ "${SLURM:-0}" = 1 ]; then
  packages+=(slurm-wlm munge)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
