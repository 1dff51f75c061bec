# Thin wrapper around CMake/Ninja. `make check` and `make demo` work on a fresh
# Debian machine: they install missing packages first (scripts/setup.sh).
BUILD_DIR ?= build
BUILD_TYPE ?= Release
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

.PHONY: all setup configure build check check-lit check-unit demo bench docs asan clean

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

demo: build
	@bash scripts/demo.sh $(BUILD_DIR)

bench: build
	ninja -C $(BUILD_DIR) zigzag-bench
	@bash bench/run.sh $(BUILD_DIR)

docs: build
	ninja -C $(BUILD_DIR) zigzag-doc

# Sanitizer build (ASan + UBSan) in its own build directory.
asan:
	$(MAKE) check BUILD_DIR=build-asan BUILD_TYPE=RelWithDebInfo \
	  CMAKE_FLAGS="-DZIGZAG_ENABLE_SANITIZERS=ON -DZIGZAG_BUILD_BENCHMARKS=OFF"

clean:
	rm -rf $(BUILD_DIR) build-asan
