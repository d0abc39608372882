#!/usr/bin/env bash
# `make bench`: runs every benchmark in order, each printing its figures and the limit or peer it measures in the
# same run, then prints one table of them all and writes it as JSON. Not part of `make test` (the suite runs this
# script with --tiny only, so that no benchmark rots). Load stays on loopback; every benchmark is bounded in time.
#   tests/bench/run-bench.sh [--tiny] BIN_DIR OUT_DIR
# BIN_DIR holds the benchmark executables (build/bench/tests/bench); OUT_DIR gets bench-rows.jsonl and bench.json.
set -u
tiny=0
if [[ "${1:-}" == "--tiny" ]]; then
    tiny=1
    shift
fi
bin="${1:?usage: run-bench.sh [--tiny] BIN_DIR OUT_DIR}"
out="${2:?usage: run-bench.sh [--tiny] BIN_DIR OUT_DIR}"
mkdir -p "$out"
rows="$out/bench-rows.jsonl"
: > "$rows"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

failed=()
run() {
    local name="$1"
    shift
    echo
    echo "== $name"
    if ! "$bin/$name" "$@" --rows "$rows"; then
        failed+=("$name")
        echo "FAILED: $name"
    fi
}

if (( tiny )); then
    run bench_verify --seconds 0.02 --rounds 1
    run bench_emulator --seconds 0.1 --rounds 1 --connections 4
    run bench_startup --runs 1
    run bench_scan --mb 1 --rounds 1
    run directory_bench --objects 2000 --frames 1
    run bench_directory_emulator --objects 1000
else
    run bench_verify --seconds 1.5 --rounds 3
    run bench_emulator --seconds 2 --rounds 3 --connections 32
    run bench_startup --runs 7
    run bench_scan --mb 100 --rounds 3
    run directory_bench --objects 100000 --frames 10
    run bench_directory_emulator --objects 100000
fi

echo
echo "== table (also $out/bench.json)"
"$bin/bench_table" "$rows" --json "$out/bench.json" || failed+=(bench_table)
if (( ${#failed[@]} )); then
    echo "benchmarks that failed: ${failed[*]}"
    exit 1
fi
