#!/usr/bin/env bash
# `cargo check` of one large generated crate with all its features (the default), with the
# first three and with the first one only (one feature per top-level resource), its
# dependencies built beforehand and incremental compilation off. Prints a table; BENCHMARKS.md
# says how to read it.
#
#   bash benches/features.sh
#
# Environment: SPEC (default tests/specs/real/launchdarkly.yaml), RUNS (timed runs of each
# build, default 3), WORK (scratch folder, default target/measure-features).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
spec=$(realpath "${SPEC:-$root/tests/specs/real/launchdarkly.yaml}")
runs=${RUNS:-3}
work=${WORK:-$root/target/measure-features}
export CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$work/target
[[ -f $spec ]] || { echo "error: no spec at $spec (set SPEC)" >&2; exit 1; }

rm -rf "$work/sdk"
mkdir -p "$work"
cargo run --quiet --release --locked -p openapi-rust-sdk -- generate "$spec" --out "$work/sdk" >"$work/generate.log" 2>&1
printf '\n[workspace]\n' >>"$work/sdk/Cargo.toml"
cp "$root/Cargo.lock" "$work/sdk/Cargo.lock"
cd "$work/sdk"

# The features of the crate, in the order Cargo.toml declares them (that of the resources).
mapfile -t features < <(sed -n '/^\[features\]/,$p' Cargo.toml | grep -v '^default\|^ \|^\]\|^\[' | cut -d ' ' -f 1)
(( ${#features[@]} >= 3 )) || { echo "error: fewer than 3 features in $spec" >&2; exit 1; }

# The median of the numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The median wall time in seconds of `cargo check "$@"` after touching src/lib.rs, after an
# untimed run that builds the dependencies.
check() {
    cargo check --offline --quiet "$@" >"$work/last.log" 2>&1 || {
        cat "$work/last.log" >&2
        echo "error: cargo check $* fails" >&2
        exit 1
    }
    for _ in $(seq "$runs"); do
        touch src/lib.rs
        local start end
        start=$(date +%s%N)
        cargo check --offline --quiet "$@"
        end=$(date +%s%N)
        echo "$(((end - start) / 1000000))"
    done | median | awk '{ printf "%.2f", $1 / 1000 }'
}

three=$(IFS=,; echo "${features[*]:0:3}")
echo "| features | cargo check (s) |"
echo "|---|---|"
echo "| all ${#features[@]} (default) | $(check) |"
echo "| 3: \`$three\` | $(check --no-default-features --features "$three") |"
echo "| 1: \`${features[0]}\` | $(check --no-default-features --features "${features[0]}") |"
