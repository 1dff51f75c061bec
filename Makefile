# Thin wrapper around CMake/Ninja. `make check` and `make demo` work on a fresh
# Debian machine: they install missing packages first (scripts/setup.sh).
BUILD_DIR ?= build
BUILD_TYPE ?= Release
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)
# ccache, where installed, makes rebuilds in fresh clones cheap.
LAUNCHER := $(if $(shell command -v ccache),-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

.PHONY: all setup configure build check check-matrix demo bench docs asan asan-all clean

all: build

setup:
	@bash scripts/setup.sh

$(BUILD_DIR)/build.ninja:
	cmake -G Ninja -S . -B $(BUILD_DIR) \
	  -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
	  -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
	  -DLLVM_USE_LINKER=lld $(LAUNCHER) $(CMAKE_FLAGS)

configure: setup $(BUILD_DIR)/build.ninja

build: configure
	ninja -C $(BUILD_DIR) -j $(JOBS)

# Every lit test (incl. plugin and integration tests) and every unit test,
# then the fuzzers' regression corpus (docs/Fuzzing.md), then the sharded
# explorer on a private Slurm cluster (~20 s; SLURM_CHECK=0 skips it).
check: build
	ninja -C $(BUILD_DIR) -j $(JOBS) check-zigzag
	$(MAKE) fuzz-regress
	@if [ "$${SLURM_CHECK:-1}" != 0 ]; then $(MAKE) check-slurm; fi

# The model x hardware matrix (docs/Matrix.md); MATRIX_DEPTH_FIRST=0 skips the
# depth-first search on every hardware.
check-matrix: build
	@bash scripts/check-matrix.sh $(BUILD_DIR)

demo: build
	@bash scripts/demo.sh $(BUILD_DIR)

# ONNX -> searched loop nests (or a transform-dialect tiling) -> LLVM ->
# native run, compared with the untransformed program (docs/EndToEnd.md).
.PHONY: e2e
e2e: build
	@bash examples/e2e/run.sh $(BUILD_DIR)

bench: build
	ninja -C $(BUILD_DIR) zigzag-bench
	@bash bench/run.sh $(BUILD_DIR)

docs: build
	ninja -C $(BUILD_DIR) zigzag-doc

# Sanitizer job (ASan + UBSan): the plain C++ core (cost model, searches,
# YAML readers) and its unit tests, in build-asan/. `make asan-all` builds and
# tests everything instrumented (slow: every MLIR-facing file too).
ASAN_FLAGS = -DZIGZAG_ENABLE_SANITIZERS=ON -DZIGZAG_BUILD_BENCHMARKS=OFF
asan: setup
	$(MAKE) build-asan/build.ninja BUILD_DIR=build-asan BUILD_TYPE=RelWithDebInfo CMAKE_FLAGS="$(ASAN_FLAGS)"
	ninja -C build-asan -j $(JOBS) ZigZagCoreTests
	ZIGZAG_REFERENCE_DIR=$(abspath ../shared/reference) build-asan/unittests/ZigZagCoreTests

asan-all:
	$(MAKE) check BUILD_DIR=build-asan BUILD_TYPE=RelWithDebInfo CMAKE_FLAGS="$(ASAN_FLAGS)"

clean:
	rm -rf $(BUILD_DIR) build-asan

# Architecture exploration (docs/Explore.md): the ZigZag paper's case-study
# space on ResNet-18 and MobileNetV2, printing each Pareto front.
.PHONY: explore-demo check-slurm
explore-demo: configure
	ninja -C $(BUILD_DIR) -j $(JOBS) zigzag-explore
	@bash scripts/explore-demo.sh $(BUILD_DIR)

# The sharded run on a private single-node Slurm cluster (slurm-wlm, munge)
# equals the single-process run.
check-slurm: configure
	@SLURM=1 bash scripts/setup.sh
	ninja -C $(BUILD_DIR) -j $(JOBS) zigzag-explore
	@bash test/Explore/slurm-test.sh $(BUILD_DIR)

# libFuzzer targets (docs/Fuzzing.md), in build-fuzz/ with clang-22: every
# library instrumented for libFuzzer, ASan and UBSan. `make fuzz` runs each
# target for FUZZ_SECONDS on its seeds (new inputs go to build-fuzz/corpus/);
# `make fuzz-regress` replays the regression corpus once (for `make check`).
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = hardware-yaml mapping-yaml workload-yaml onnx attributes passes
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize=vptr \
  -fno-sanitize-recover=undefined -fno-omit-frame-pointer

.PHONY: fuzz-setup fuzz-build fuzz fuzz-regress

fuzz-setup:
	@FUZZ=1 bash scripts/setup.sh

$(FUZZ_DIR)/build.ninja:
	cmake -G Ninja -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=Release \
	  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
	  -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit -DLLVM_USE_LINKER=lld \
	  -DZIGZAG_ENABLE_FUZZERS=ON -DZIGZAG_BUILD_BENCHMARKS=OFF \
	  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
	  -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only -DNDEBUG" \
	  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SANITIZE)" \
	  -DCMAKE_EXE_LINKER_FLAGS="$(FUZZ_SANITIZE)" \
	  -DCMAKE_SHARED_LINKER_FLAGS="$(FUZZ_SANITIZE)" $(LAUNCHER) $(CMAKE_FLAGS)

fuzz-build: fuzz-setup $(FUZZ_DIR)/build.ninja
	ninja -C $(FUZZ_DIR) -j $(JOBS) zigzag-fuzzers

fuzz: fuzz-build
	@bash fuzz/run.sh fuzz $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-regress: fuzz-build
	@bash fuzz/run.sh regress $(FUZZ_DIR) 0 $(FUZZ_TARGETS)

# clang-format and clang-tidy (.clang-format, .clang-tidy; docs/Architecture.md,
# "Lint"). Needs the compile database of a configured build.
.PHONY: lint
lint: configure
	@bash scripts/lint.sh
