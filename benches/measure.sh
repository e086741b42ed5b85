#!/usr/bin/env bash
# Whole-process measurements that `cargo bench` cannot make: generating nexus.json with the
# release build of `cargo xtask codegen` (wall time, CPU time, peak memory), then the
# `cargo check` and debug `cargo build` time of the crate it makes, dependencies already
# built and incremental compilation off. The same for progenitor's CLI when it is installed.
# Prints a table; BENCHMARKS.md says how to read it.
#
#   bash benches/measure.sh
#   bash benches/measure.sh --scale
#
# --scale: the scale table instead: for each of nexus.json, launchdarkly.yaml (the largest
# corpus spec) and the assembled 4 MB-class spec (tests/specs/assembled/), generation (wall,
# CPU, peak memory), the lines of Rust and the types generated, and `cargo check` / debug
# build of the crate (time and peak memory). No progenitor, no calls test.
#
# Environment: SPEC (default tests/specs/oxide/nexus.json), RUNS (generation runs, default 7;
# 5 with --scale), COMPILE_RUNS (default 3; 1 with --scale; 0 with --scale measures generation alone), WORK (scratch folder, default
# target/measure), XTASK (a release xtask binary to measure instead of building one: an older
# commit's, for a before/after), PROGENITOR (path of cargo-progenitor; default: found on
# PATH, else skipped. Install it with `cargo install cargo-progenitor --version 0.15.1
# --locked`, which takes several minutes), SCALE_SPECS (with --scale: the specs, space-separated).
# Needs GNU time at /usr/bin/time: installed with apt-get when missing and run as root.
set -euo pipefail
scale=false
case ${1:-} in
    --scale) scale=true ;;
    "") ;;
    *) echo "usage: bash benches/measure.sh [--scale]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
root=$PWD
spec=$(realpath "${SPEC:-$root/tests/specs/oxide/nexus.json}")
if $scale; then
    runs=${RUNS:-5}
    compile_runs=${COMPILE_RUNS:-1}
else
    runs=${RUNS:-7}
    compile_runs=${COMPILE_RUNS:-3}
fi
work=${WORK:-$root/target/measure}
target_dir=${CARGO_TARGET_DIR:-$root/target}
progenitor=${PROGENITOR:-$(command -v cargo-progenitor || true)}
export CARGO_INCREMENTAL=0

if [[ ! -x /usr/bin/time ]]; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing GNU time (apt-get install -y time)" >&2
        apt-get install -y -qq time >/dev/null 2>&1 ||
            { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    else
        echo "error: /usr/bin/time is missing; install GNU time (apt-get install -y time)" >&2
        exit 1
    fi
fi
[[ -f $spec ]] || { echo "error: no spec at $spec (set SPEC)" >&2; exit 1; }

# The median of the numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# The largest of the numbers on stdin.
largest() { sort -g | tail -n 1; }
load() { cut -d ' ' -f 1 /proc/loadavg; }

# Runs "$@" under GNU time and appends "wall_s cpu_s peak_kib" to $stats; its output goes to
# $work/last.log.
timed() {
    local start end user sys kib
    start=$(date +%s%N)
    /usr/bin/time -f '%U %S %M' -o "$work/time.txt" "$@" >"$work/last.log" 2>&1 || {
        cat "$work/last.log" >&2
        echo "error: failed: $*" >&2
        exit 1
    }
    end=$(date +%s%N)
    read -r user sys kib <"$work/time.txt"
    echo "$(((end - start) / 1000000)) $user $sys $kib" |
        awk '{ printf "%.3f %.3f %d\n", $1 / 1000, $2 + $3, $4 }' >>"$stats"
}

# Sets $result to "wall cpu peak": the medians of the runs in $stats, and the largest peak.
summarize() {
    result="$(cut -d ' ' -f 1 "$stats" | median) $(cut -d ' ' -f 2 "$stats" | median)"
    result="$result $(cut -d ' ' -f 3 "$stats" | largest)"
}

# Generates with "$@" (which writes to $work/$name) $runs times, each into a fresh folder.
measure_generation() {
    local name=$1
    shift
    stats=$work/generate-$name.txt
    : >"$stats"
    for _ in $(seq "$runs"); do
        rm -rf "${work:?}/$name"
        timed "$@"
    done
    summarize
}

# Times `cargo check`, then `cargo build`, of the crate in $work/$1 after touching its
# lib.rs, its dependencies built beforehand by an untimed run of each. Sets $result to
# "check_wall check_cpu check_peak build_wall build_cpu build_peak".
measure_compile() {
    local crate=$work/$1 all="" command
    export CARGO_TARGET_DIR=$work/target-${shared_target:-$1}
    cd "$crate"
    for command in check build; do
        cargo "$command" --quiet >"$work/last.log" 2>&1 || {
            cat "$work/last.log" >&2
            echo "error: cargo $command of $crate fails" >&2
            exit 1
        }
        stats=$work/$command-$1.txt
        : >"$stats"
        for _ in $(seq "$compile_runs"); do
            touch src/lib.rs
            timed cargo "$command" --quiet
        done
        summarize
        all="$all $result"
    done
    cd "$root"
    unset CARGO_TARGET_DIR
    result=$all
}

# Makes the generated crate in $work/$1 a workspace of its own, so that cargo does not look
# for one above it.
standalone() {
    grep -q '^\[workspace\]' "$work/$1/Cargo.toml" || printf '\n[workspace]\n' >>"$work/$1/Cargo.toml"
}

lines() { find "$work/$1/src" -name '*.rs' -exec cat {} + | wc -l; }
# The structs and enums of the crate in $work/$1 (its models).
types() { grep -chE '^pub (struct|enum) ' "$work/$1/src/models.rs"; }

# Our crates compile each endpoint's response decoder where the endpoint is called, not in
# the crate itself: times `cargo build --tests` of a test in $work/$1 that calls every
# endpoint once (the crate's doc examples), the crate itself built. Sets $result to
# "build_wall build_cpu build_peak examples".
measure_calls() {
    local crate=$work/$1
    export CARGO_TARGET_DIR=$work/target-$1
    mkdir -p "$crate/tests"
    cargo run --quiet --locked -p revox-tests --bin doc-examples -- "$spec" nexus >"$crate/tests/calls.rs"
    cd "$crate"
    cargo build --tests --quiet >"$work/last.log" 2>&1 || {
        cat "$work/last.log" >&2
        echo "error: cargo build --tests of $crate fails" >&2
        exit 1
    }
    stats=$work/calls-$1.txt
    : >"$stats"
    for _ in $(seq "$compile_runs"); do
        touch tests/calls.rs
        timed cargo build --tests --quiet
    done
    summarize
    result="$result $(grep -c '^async fn example_' tests/calls.rs)"
    cd "$root"
    unset CARGO_TARGET_DIR
}

# The scale table: for each spec, a generation row and its crate's compile times.
measure_scale() {
    local specs=${SCALE_SPECS:-tests/specs/oxide/nexus.json tests/specs/real/launchdarkly.yaml tests/specs/assembled/launchdarkly-intercom.yaml}
    local path name compiled rows=()
    # One target folder for the three crates: their dependencies are built once.
    shared_target=scale
    for path in $specs; do
        name=$(basename "${path%.*}" | tr -c 'a-z0-9\n' '_')
        echo "measuring $path..." >&2
        measure_generation "$name" "$xtask" codegen --spec "$path" --out "$work/$name" --crate-name "$name"
        read -r gen_wall gen_cpu gen_kib <<<"$result"
        standalone "$name"
        cp "$root/Cargo.lock" "$work/$name/Cargo.lock"
        compiled="-|-|-|-|-|-"
        if ((compile_runs > 0)); then
            measure_compile "$name"
            read -r check_wall check_cpu check_kib build_wall build_cpu build_kib <<<"$result"
            compiled="$check_wall|$check_cpu|$((check_kib / 1024))|$build_wall|$build_cpu|$((build_kib / 1024))"
        fi
        rows+=("$(basename "$path")|$(wc -c <"$path")|$gen_wall|$gen_cpu|$((gen_kib / 1024))|$(lines "$name")|$(types "$name")|$compiled")
    done
    echo "load average after: $(load)" >&2
    echo
    echo "$xtask: medians of $runs generations and of $compile_runs compilations (CARGO_INCREMENTAL=0, dependencies built); peaks are the largest"
    echo
    echo "| spec | bytes | generate wall (s) | generate CPU (s) | generate peak (MiB) | lines of Rust | types | cargo check wall (s) | check CPU (s) | check peak (MiB) | debug build wall (s) | build CPU (s) | build peak (MiB) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for row in "${rows[@]}"; do
        echo "| ${row//|/ | } |"
    done
}

mkdir -p "$work"
echo "load average before: $(load)   ($(nproc) cores; other builds on the machine disturb wall times)" >&2
if [[ -n ${XTASK:-} ]]; then
    xtask=$(realpath "$XTASK")
else
    cargo build --release --locked --quiet -p xtask
    xtask=$target_dir/release/xtask
fi
if $scale; then
    measure_scale
    exit 0
fi

echo "measuring revox-codegen (xtask, release)..." >&2
measure_generation revox "$xtask" codegen --spec "$spec" --out "$work/revox" --crate-name nexus
read -r gen_wall gen_cpu gen_kib <<<"$result"
standalone revox
# The project's lock file pins the generated crate's dependencies to what the workspace has.
cp "$root/Cargo.lock" "$work/revox/Cargo.lock"
measure_compile revox
read -r check_wall _ check_kib build_wall _ build_kib <<<"$result"
rows=("revox-codegen|$gen_wall|$gen_cpu|$((gen_kib / 1024))|$(lines revox)|$check_wall|$((check_kib / 1024))|$build_wall|$((build_kib / 1024))")
measure_calls revox
read -r calls_wall _ calls_kib calls_examples <<<"$result"

if [[ -n $progenitor ]]; then
    echo "measuring progenitor ($progenitor)..." >&2
    measure_generation progenitor "$progenitor" progenitor -i "$spec" -o "$work/progenitor" -n nexus -v 0.1.0
    read -r gen_wall gen_cpu gen_kib <<<"$result"
    standalone progenitor
    measure_compile progenitor
    read -r check_wall _ check_kib build_wall _ build_kib <<<"$result"
    rows+=("progenitor|$gen_wall|$gen_cpu|$((gen_kib / 1024))|$(lines progenitor)|$check_wall|$((check_kib / 1024))|$build_wall|$((build_kib / 1024))")
else
    echo "note: cargo-progenitor not found (set PROGENITOR or install it); its row is left out" >&2
fi

echo "load average after: $(load)" >&2
echo
echo "nexus.json ($(wc -c <"$spec") bytes): medians of $runs generations and of $compile_runs compilations (CARGO_INCREMENTAL=0); peaks are the largest"
echo
echo "| generator | generate wall (s) | generate CPU (s) | generate peak (MiB) | lines of Rust | cargo check (s) | check peak (MiB) | debug build (s) | build peak (MiB) |"
echo "|---|---|---|---|---|---|---|---|---|"
for row in "${rows[@]}"; do
    echo "| ${row//|/ | } |"
done
echo
echo "Debug build of a test calling every endpoint of our crate once ($calls_examples doc examples), the crate built: $calls_wall s, peak $((calls_kib / 1024)) MiB"
