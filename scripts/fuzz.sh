#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each (default 600), two at a time, then
# minimises each corpus in fuzz/corpus/ and prints per target the executions, the time and any
# crash. Needs the nightly toolchain; installs cargo-fuzz when missing. Not part of the suite:
# the suite replays the committed corpora (fuzz/harness/tests/replay.rs).
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz/libfuzzer"

seconds=${1:-600}
shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/../../target/fuzz}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list --fuzz-dir .)
fi
cargo +nightly fuzz build --fuzz-dir . -s none -a >/dev/null
logs=$(mktemp -d)
run() {
    local target=$1
    cargo +nightly fuzz run --fuzz-dir . -s none -a "$target" "../corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 >"$logs/$target.log" 2>&1 || true
    cargo +nightly fuzz cmin --fuzz-dir . -s none -a "$target" "../corpus/$target" >/dev/null 2>&1 || true
}
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    run "${targets[i]}" &
    if [ $((i + 1)) -lt ${#targets[@]} ]; then run "${targets[i + 1]}" & fi
    wait
done
printf '%-20s %14s %8s %s\n' target executions seconds crashes
for target in "${targets[@]}"; do
    log="$logs/$target.log"
    done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
    runs=$(echo "$done_line" | awk '{print $2}')
    secs=$(echo "$done_line" | awk '{print $5}')
    crashes=$(grep -cE 'panicked at|deadly signal|ERROR: libFuzzer' "$log" || true)
    printf '%-20s %14s %8s %s\n' "$target" "${runs:-?}" "${secs:-?}" "$crashes"
    if [ "$crashes" != 0 ]; then grep -E 'panicked at|Test unit written' "$log" | head -3; fi
done
