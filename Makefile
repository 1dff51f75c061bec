# Thin wrapper around CMake/Ninja. `make check` and `make demo` work on a fresh
# Debian machine: they install missing packages first (scripts/setup.sh).
BUILD_DIR ?= build
BUILD_TYPE ?= Release
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

.PHONY: all setup configure build check check-matrix demo bench docs asan asan-all clean

all: build

setup:
	@bash scripts/setup.sh

$(BUILD_DIR)/build.ninja:
	cmake -G Ninja -S . -B $(BUILD_DIR) \
	  -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
	  -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
	  -DLLVM_USE_LINKER=lld $(CMAKE_FLAGS)

configure: setup $(BUILD_DIR)/build.ninja

build: configure
	ninja -C $(BUILD_DIR) -j $(JOBS)

# Every lit test (incl. plugin and integration tests) and every unit test.
check: build
	ninja -C $(BUILD_DIR) -j $(JOBS) check-zigzag

# The model x hardware matrix (docs/Matrix.md); MATRIX_DEPTH_FIRST=0 skips the
# depth-first search on every hardware.
check-matrix: build
	@bash scripts/check-matrix.sh $(BUILD_DIR)

demo: build
	@bash scripts/demo.sh $(BUILD_DIR)

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
