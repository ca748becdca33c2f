#!/usr/bin/env bash
# Builds the fuzz targets once, then runs each for SECONDS, one after another, one job each.
#
#   fuzz/run.sh SECONDS [target...]       (default: every target)
#
# Each target runs under `nice -n 10` with -max_total_time=SECONDS, -timeout=10 (a real hang
# is a finding), -rss_limit_mb=4096. New inputs go to a scratch corpus
# ($FUZZ_SCRATCH/<target>, default /tmp/fuzzcorpus/<target>); the committed seeds in
# fuzz/corpus/<target> are only read, so they stay small. Findings land in
# fuzz/artifacts/<target>/ (crash-*, timeout-*, oom-*, leak-*); after a finding the target is
# restarted for the time left, at most $FUZZ_MAX_FINDINGS (3) findings per target.
#
# One line per target is appended to fuzz/out/summary.tsv; the full libFuzzer output is in
# fuzz/out/<target>.log.
#
# The stable toolchain needs RUSTC_BOOTSTRAP=1 for -Zsanitizer=address (set here).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

ALL_TARGETS=(text html_bytes rules warc jsonl_record)

if [[ $# -lt 1 || ! "$1" =~ ^[0-9]+$ ]]; then
    echo "usage: fuzz/run.sh SECONDS [target...]   (targets: ${ALL_TARGETS[*]})" >&2
    exit 2
fi
seconds="$1"
shift
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do
    [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || { echo "unknown target: $t" >&2; exit 2; }
done

scratch="${FUZZ_SCRATCH:-/tmp/fuzzcorpus}"
max_findings="${FUZZ_MAX_FINDINGS:-3}"
out="$here/out"
mkdir -p "$out"
summary="$out/summary.tsv"

export RUSTC_BOOTSTRAP=1
export RUST_BACKTRACE=1
# cargo-fuzz sets detect_odr_violation=0 for its builds; keep symbolized ASan reports.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_odr_violation=0:symbolize=1}"

# Release with debug assertions and overflow checks, AddressSanitizer (cargo-fuzz default).
echo "== building fuzz targets (cargo fuzz build -O -a)" >&2
nice -n 10 cargo fuzz build -O -a >"$out/build.log" 2>&1 || {
    tail -30 "$out/build.log" >&2
    echo "build failed (log: fuzz/out/build.log)" >&2
    exit 1
}
bindir="$here/target/x86_64-unknown-linux-gnu/release"

# What was fuzzed: HEAD plus whether the work tree differed from it.
src_rev="$(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git -C "$here/.." diff --quiet HEAD -- ../src ../rules ../Cargo.toml 2>/dev/null; then
    src_rev="$src_rev+dirty"
fi


if [[ ! -s "$summary" ]]; then
    printf 'date\ttarget\tseconds\twall_s\truns\texecutions\texec_per_s\tcorpus_units\tcorpus_size\tcov\tft\tcrashes\ttimeouts\tooms\tleaks\tartifacts\tsource\n' >"$summary"
fi

# Last value of FIELD ("cov:", "ft:", "corp:") on libFuzzer's status lines of a log.
status_field() {
    grep -aE '^#[0-9]+' "$1" | grep -aoE "$2 [^ ]+" | tail -1 | cut -d' ' -f2 || true
}

status=0
for t in "${targets[@]}"; do
    bin="$bindir/$t"
    corpus="$scratch/$t"
    artifacts="$here/artifacts/$t"
    log="$out/$t.log"
    mkdir -p "$corpus" "$artifacts"
    : >"$log"
    start=$(date +%s)
    execs=0
    runs=0
    crashes=0 timeouts=0 ooms=0 leaks=0
    found=()
    while :; do
        now=$(date +%s)
        left=$((seconds - (now - start)))
        ((left > 0)) || break
        runs=$((runs + 1))
        run_log="$out/$t.run$runs.log"
        echo "== $t: run $runs, ${left}s" >&2
        set +e
        # Scratch corpus first: libFuzzer writes new units to the first directory only.
        nice -n 10 "$bin" "$corpus" "$here/corpus/$t" \
            -artifact_prefix="$artifacts/" \
            -max_total_time="$left" \
            -timeout=10 \
            -rss_limit_mb=4096 \
            -print_final_stats=1 \
            >"$run_log" 2>&1
        rc=$?
        set -e
        cat "$run_log" >>"$log"
        n=$(grep -aoE '^stat::number_of_executed_units: *[0-9]+' "$run_log" | grep -oE '[0-9]+$' | tail -1 || true)
        if [[ -z "$n" ]]; then
            n=$(grep -aoE '^Done [0-9]+ runs' "$run_log" | grep -oE '[0-9]+' | tail -1 || true)
        fi
        if [[ -z "$n" ]]; then
            n=$(grep -aoE '^#[0-9]+' "$run_log" | tr -d '#' | tail -1 || true)
        fi
        execs=$((execs + ${n:-0}))
        new=$(grep -aoE 'Test unit written to [^ ]+' "$run_log" | awk '{print $5}' || true)
        for a in $new; do
            case "$(basename "$a")" in
                crash-*) crashes=$((crashes + 1)) ;;
                timeout-*) timeouts=$((timeouts + 1)) ;;
                oom-*) ooms=$((ooms + 1)) ;;
                leak-*) leaks=$((leaks + 1)) ;;
            esac
            found+=("${a#"$here/"}")
        done
        rm -f "$run_log"
        if [[ $rc -eq 0 ]]; then
            break
        fi
        status=1
        if [[ -z "$new" ]]; then
            echo "== $t: libFuzzer exited $rc without an artifact; see $log" >&2
            break
        fi
        if ((${#found[@]} >= max_findings)); then
            echo "== $t: $max_findings findings, stopping this target" >&2
            break
        fi
    done
    wall=$(($(date +%s) - start))
    eps=$(awk -v n="$execs" -v s="$wall" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
    corp=$(status_field "$log" "corp:")
    units="${corp%%/*}"
    size="${corp#*/}"
    cov=$(status_field "$log" "cov:")
    ft=$(status_field "$log" "ft:")
    arts="$(IFS=,; echo "${found[*]:-}")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$t" "$seconds" "$wall" "$runs" "$execs" "$eps" \
        "${units:-?}" "${size:-?}" "${cov:-?}" "${ft:-?}" \
        "$crashes" "$timeouts" "$ooms" "$leaks" "${arts:--}" "$src_rev" >>"$summary"
    echo "== $t: ${wall}s, $execs executions ($eps/s), corpus ${corp:-?}, crashes $crashes, timeouts $timeouts, ooms $ooms, leaks $leaks" >&2
done
exit $status
