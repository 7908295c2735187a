# coroguard: the two commands the README starts with.
#   make demo   install what is missing, build, lint examples/ and summarise
#   make test   install what is missing, build, run every test through ctest
LLVM       ?= 19
BUILD      ?= build
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=

CONFIGURE = cmake -S . -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
LLVM22_BUILD = $(BUILD)-llvm22
GCC_BUILD = $(BUILD)-gcc

.PHONY: all bootstrap build demo test test-gcc test-llvm22 test-integration bench bench-runtime robustness clean

all: build

bootstrap:
	@scripts/bootstrap --llvm $(LLVM)

# Checks against LLVM $(LLVM), built and tested with clang++-$(LLVM) so the
# runtime's Clang-only annotations are exercised.
build: bootstrap
	@test -f $(BUILD)/build.ninja || $(CONFIGURE) -B $(BUILD) \
	  -DCMAKE_CXX_COMPILER=clang++-$(LLVM) -DCOROGUARD_LLVM_VERSION=$(LLVM) $(CMAKE_ARGS)
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo $(BUILD)

# The runtime with GCC, then everything with Clang; the last lines are the
# main tree's ctest summary.
test: build test-gcc
	@cd $(BUILD) && ctest -j $(JOBS) --output-on-failure

test-gcc: bootstrap
	@test -f $(GCC_BUILD)/build.ninja || $(CONFIGURE) -B $(GCC_BUILD) \
	  -DCMAKE_CXX_COMPILER=g++ -DCOROGUARD_BUILD_CHECKS=OFF \
	  -DCOROGUARD_BUILD_BENCHMARKS=OFF -DCOROGUARD_SKIP_EXAMPLES=ON
	@cmake --build $(GCC_BUILD) -j $(JOBS)
	@cd $(GCC_BUILD) && ctest -j $(JOBS) --output-on-failure -LE tsan

# The checks against LLVM 22: the module, the driver and the lit suites.
test-llvm22:
	@scripts/bootstrap --llvm 22
	@test -f $(LLVM22_BUILD)/build.ninja || $(CONFIGURE) -B $(LLVM22_BUILD) \
	  -DCMAKE_CXX_COMPILER=clang++-22 -DCOROGUARD_LLVM_VERSION=22 \
	  -DCOROGUARD_BUILD_RUNTIME_TESTS=OFF -DCOROGUARD_BUILD_BENCHMARKS=OFF \
	  -DCOROGUARD_SKIP_EXAMPLES=ON
	@cmake --build $(LLVM22_BUILD) -j $(JOBS) --target coroguard CoroGuard coroguard_model_tests
	@cd $(LLVM22_BUILD) && ctest -j $(JOBS) --output-on-failure -L checks

# The integration tests alone (clangd, Neovim, pre-commit, CI/SARIF, CMake
# package); `make test` runs them too.
test-integration: build
	@cd $(BUILD) && ctest -j $(JOBS) --output-on-failure -L integration

# A deeper run of the typed-halfway test than ctest's: more cuts per file.
robustness: build
	@test/robustness/cut_and_lint.py --coroguard $(BUILD)/bin/coroguard --lit-cuts 25 --asio-cuts 10

bench: build
	@bench/lint_overhead.py --coroguard $(BUILD)/bin/coroguard

# The runtime side by side with libcoro and cppcoro (clones them into
# build-compare/src unless COMPARE_ARGS gives --sources); see docs/runtime.md.
COMPARE_ARGS ?=
bench-runtime:
	@bench/compare/compare.py $(COMPARE_ARGS)

clean:
	rm -rf $(BUILD) $(GCC_BUILD) $(LLVM22_BUILD)
