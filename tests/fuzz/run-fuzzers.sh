#!/usr/bin/env bash
# Builds the libFuzzer targets (CMake preset "fuzz": clang 16 with ASan and UBSan)
# and runs each for the given number of seconds (default 60; a long run is 600 or
# more). New interesting inputs are kept in a work corpus under the build folder,
# never in the seed corpus; a crash leaves its input as
# build/fuzz/fuzz-findings/<target>/crash-* and the script fails.
#
#   tests/fuzz/run-fuzzers.sh [seconds] [target...]   # targets: requestframer strictjson jwt multipart
#
# Needs Debian's clang-16 and libclang-rt-16-dev (clang 14 cannot compile
# libstdc++ 12's std::expected).
set -euo pipefail

seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(requestframer strictjson jwt multipart)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
if ! command -v clang++-16 >/dev/null; then
    echo "clang++-16 is missing: apt-get install clang-16 libclang-rt-16-dev" >&2
    exit 2
fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

build=build/fuzz
status=0
for target in "${targets[@]}"; do
    work=$build/fuzz-corpus/$target
    findings=$build/fuzz-findings/$target
    mkdir -p "$work" "$findings"
    echo "== fuzz_$target for ${seconds}s"
    log=$build/fuzz-findings/$target.log
    if ! "$build/bin/fuzz_$target" "$work" "tests/fuzz/corpus/$target" -max_total_time="$seconds" \
        -rss_limit_mb=1024 -malloc_limit_mb=128 -timeout=2 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$findings/" >"$log" 2>&1; then
        echo "fuzz_$target found a problem: see $log and $findings" >&2
        status=1
    fi
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
    echo "corpus: $(find "$work" -type f | wc -l) inputs in the work corpus"
done
exit $status
