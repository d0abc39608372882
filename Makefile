# The two commands of the README. Both install what is missing, configure, build incrementally, then run.
#   make run    builds and starts the GUI on its built-in emulator
#   make test   builds and runs the whole test suite through ctest
#   make bench  builds the bench preset (release flags) and runs every benchmark: one table, also build/bench/bench.json
# PRESET picks a CMakePresets.json preset: dev (default), ci (warnings are errors; the default when CI is set), asan.
PRESET ?= $(if $(CI),ci,dev)

.PHONY: run test bench build deps configure package clean

run: build
	./build/$(PRESET)/ui/identity-explorer

test: build
	ctest --preset $(PRESET)

build: configure
	cmake --build --preset $(PRESET)

configure: deps
	@test -f build/$(PRESET)/CMakeCache.txt || cmake --preset $(PRESET)

deps:
	@installer/install-deps.sh

# Not part of `make test` (the suite runs the benchmarks at a tiny size only); figures, never timed assertions.
bench: deps
	@test -f build/bench/CMakeCache.txt || cmake --preset bench
	cmake --build --preset bench
	tests/bench/run-bench.sh build/bench/tests/bench build/bench

package: deps
	@test -f build/release/CMakeCache.txt || cmake --preset release
	cmake --build --preset release --target package
	@ls -1 build/release/*.deb build/release/*.tar.gz build/release/*.exe build/release/*.zip build/release/*.dmg 2>/dev/null | sed 's|^|Package: |' || true

clean:
	rm -rf build
