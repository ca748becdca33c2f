#!/usr/bin/env bash
# Side-by-side benchmark: dechrome vs peer extractors on the ScrapingHub article benchmark.
#
#   bash bench/run.sh            # from anywhere; writes bench/out/results.md and prints it
#
# Steps: (a) decompress the 181 pages into bench/out/pages/ID.html (once);
#        (b) cargo build --release (+ the parse_only and parse_vs_clean examples);
#        (c) dechrome clean ... --threads 1 and --threads 2, timed, JSON -> ID.txt; each 1-thread
#            run alternates with a run of the html5ever parse-only baseline
#            (target/release/examples/parse_only), if present;
#        (d) the same-process ratio (target/release/examples/parse_vs_clean);
#        (e) peers (bench/peers.py in bench/.venv, made by bench/setup.sh if missing);
#        (f) score.py on every output dir, markdown table -> bench/out/results.md.
# A step or system that is missing or fails is reported in the table's notes, never fatal.
#
# Environment knobs:
#   SKIP_BUILD=1          do not run cargo (use whatever binaries exist)
#   DECHROME_BIN=PATH     dechrome binary (default target/release/dechrome)
#   PARSE_ONLY_BIN=PATH   parse-only baseline (default target/release/examples/parse_only)
#   PARSE_VS_CLEAN_BIN=PATH  same-process ratio (default target/release/examples/parse_vs_clean)
#   PEERS=a,b             peers for peers.py (default: all it knows)
#   SKIP_PEERS=1          do not re-run peers; score their existing outputs in bench/out/
#   RUNS=N                timed dechrome runs per thread count, fastest kept (default 1)
#   PEER_REPEAT=N         extract passes per peer, fastest kept (default 1)
#   PEER_INPUT=bytes      hand peers raw bytes instead of UTF-8-decoded str (default str)
#   SCRAPINGHUB=DIR       benchmark dir (default /work/shared/bench/scrapinghub)
#   SCORE_PY=PATH         scorer (default /work/shared/bench/score.py)
#   STREAM=1              afterwards, also run bench/stream.sh (dechrome jsonl on ~300 MB -> bench/out/stream.md)
#   MEM_OUT=DIR           the 1-thread runs are also timed writing their JSON to DIR on a memory file
#                         system (default /dev/shm/dechrome-bench when /dev/shm is writable; MEM_OUT=none
#                         skips them): file creation on a disk varies from run to run, and the
#                         parse-only baseline writes nothing
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
OUT="$BENCH/out"
SCRAPINGHUB="${SCRAPINGHUB:-/work/shared/bench/scrapinghub}"
HTML_GZ="$SCRAPINGHUB/html"
SCORE_PY="${SCORE_PY:-/work/shared/bench/score.py}"
DECHROME_BIN="${DECHROME_BIN:-$ROOT/target/release/dechrome}"
PARSE_ONLY_BIN="${PARSE_ONLY_BIN:-$ROOT/target/release/examples/parse_only}"
PARSE_VS_CLEAN_BIN="${PARSE_VS_CLEAN_BIN:-$ROOT/target/release/examples/parse_vs_clean}"
RUNS="${RUNS:-1}"
if [[ -z "${MEM_OUT:-}" && -d /dev/shm && -w /dev/shm ]]; then
    MEM_OUT=/dev/shm/dechrome-bench
fi
[[ "${MEM_OUT:-}" == none ]] && MEM_OUT=""
PEER_REPEAT="${PEER_REPEAT:-1}"
PY=python3
VENV_PY="$BENCH/.venv/bin/python"
PAGES="$OUT/pages"
TIMING="$OUT/timing"
NOTES="$OUT/notes.txt"

mkdir -p "$OUT" "$TIMING"
: > "$NOTES"
rm -f "$TIMING"/*.json "$OUT/parse_only.stdout"
note() { echo "NOTE: $*" >&2; echo "$*" >> "$NOTES"; }
step() { echo; echo "=== $*" >&2; }

# ---------------------------------------------------------------- (a) pages
step "(a) pages -> $PAGES"
n_gz=$(find "$HTML_GZ" -maxdepth 1 -name '*.html.gz' | wc -l)
n_html=$(find "$PAGES" -maxdepth 1 -name '*.html' 2>/dev/null | wc -l || true)
if [[ "$n_html" -ne "$n_gz" ]]; then
    rm -rf "$PAGES"; mkdir -p "$PAGES"
    for gz in "$HTML_GZ"/*.html.gz; do
        base="$(basename "$gz" .gz)"
        gzip -dc "$gz" > "$PAGES/$base"
    done
fi
n_html=$(find "$PAGES" -maxdepth 1 -name '*.html' | wc -l)
echo "$n_html pages, $(find "$PAGES" -maxdepth 1 -name '*.html' -printf '%s\n' | awk '{s+=$1} END {print s}') bytes" >&2

# ---------------------------------------------------------------- (b) build
step "(b) cargo build --release"
if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
    echo "SKIP_BUILD=1: not building" >&2
elif ! command -v cargo >/dev/null; then
    note "cargo not found: build skipped"
else
    if ! (cd "$ROOT" && cargo build --release); then
        note "cargo build --release failed: dechrome results are from an older binary or missing"
    fi
    for ex in parse_only parse_vs_clean; do
        if [[ -f "$ROOT/examples/$ex.rs" ]]; then
            if ! (cd "$ROOT" && cargo build --release --example "$ex"); then
                note "cargo build --release --example $ex failed"
            fi
        fi
    done
fi

# The parse-only baseline runs right after each 1-thread dechrome run, so that both see the same
# machine state (on a shared VM the speed drifts by 10-20 % within minutes).
parse_only_run() {
    [[ -x "$PARSE_ONLY_BIN" ]] || return 0
    "$PY" "$BENCH/timecmd.py" "$TIMING/parse_only_$1.json" -- "$PARSE_ONLY_BIN" "$PAGES" \
        >> "$OUT/parse_only.stdout" 2>&1 || note "parse_only failed (run $1); see bench/out/parse_only.stdout"
}

# ---------------------------------------------------------------- (c) dechrome
step "(c) dechrome"
SYSTEMS=()
rm -rf "$OUT/dechrome" "$OUT/dechrome_json" "$OUT/dechrome_json_t2"
if [[ -x "$DECHROME_BIN" ]]; then
    dversion="$("$DECHROME_BIN" --version 2>/dev/null | head -1 || true)"
    dversion="${dversion:-dechrome}"
    ok1=0
    for ((i = 1; i <= RUNS; i++)); do
        parse_only_run "$i"
        rm -rf "$OUT/dechrome_json"
        if "$PY" "$BENCH/timecmd.py" "$TIMING/dechrome_t1_$i.json" -- \
            "$DECHROME_BIN" clean "$PAGES" -o "$OUT/dechrome_json" --format json --threads 1 --no-site-rules \
            > "$OUT/dechrome_t1.log" 2>&1; then
            ok1=1
        else
            note "dechrome --threads 1 failed (run $i); see bench/out/dechrome_t1.log: $(grep -v '^timecmd:' "$OUT/dechrome_t1.log" | tail -1 || true)"
        fi
        if [[ -n "${MEM_OUT:-}" ]]; then
            rm -rf "$MEM_OUT"
            "$PY" "$BENCH/timecmd.py" "$TIMING/dechrome_t1mem_$i.json" -- \
                "$DECHROME_BIN" clean "$PAGES" -o "$MEM_OUT" --format json --threads 1 --no-site-rules \
                > "$OUT/dechrome_t1mem.log" 2>&1 || note "dechrome --threads 1 -o $MEM_OUT failed (run $i); see bench/out/dechrome_t1mem.log"
        fi
    done
    [[ -n "${MEM_OUT:-}" ]] && rm -rf "$MEM_OUT"
    if [[ $ok1 == 1 ]] || [[ -e "$OUT/dechrome_json" ]]; then
        if "$PY" "$BENCH/dechrome_json2txt.py" "$OUT/dechrome_json" "$OUT/dechrome" \
            --timing "$TIMING"/dechrome_t1_*.json --version "$dversion" --pages-dir "$PAGES" --threads 1; then
            SYSTEMS+=("$OUT/dechrome")
        else
            note "dechrome JSON -> txt conversion failed"
        fi
    fi
    for ((i = 1; i <= RUNS; i++)); do
        rm -rf "$OUT/dechrome_json_t2"
        "$PY" "$BENCH/timecmd.py" "$TIMING/dechrome_t2_$i.json" -- \
            "$DECHROME_BIN" clean "$PAGES" -o "$OUT/dechrome_json_t2" --format json --threads 2 --no-site-rules \
            > "$OUT/dechrome_t2.log" 2>&1 || note "dechrome --threads 2 failed (run $i); see bench/out/dechrome_t2.log: $(grep -v '^timecmd:' "$OUT/dechrome_t2.log" | tail -1 || true)"
    done
    # The 2-thread run must give the same text as the 1-thread run.
    if [[ -e "$OUT/dechrome_json_t2" && -d "$OUT/dechrome" ]]; then
        "$PY" "$BENCH/dechrome_json2txt.py" "$OUT/dechrome_json_t2" "$OUT/dechrome_t2_txt" >/dev/null || true
        if ! diff -rq -x '_run.json' "$OUT/dechrome" "$OUT/dechrome_t2_txt" >/dev/null 2>&1; then
            note "dechrome --threads 2 text differs from --threads 1 (diff -r bench/out/dechrome bench/out/dechrome_t2_txt)"
        fi
    fi
else
    note "dechrome binary not found at $DECHROME_BIN: dechrome skipped"
fi

# ---------------------------------------------------------------- (d) parse-only baseline
step "(d) html5ever parse-only baseline"
if [[ -x "$PARSE_ONLY_BIN" ]]; then
    # Timed in step (c), alternating with dechrome's 1-thread runs; run here only if (c) did not.
    if [[ ! -s "$OUT/parse_only.stdout" ]]; then
        for ((i = 1; i <= RUNS; i++)); do parse_only_run "$i"; done
    fi
    cat "$OUT/parse_only.stdout" >&2
else
    note "parse-only baseline not found at $PARSE_ONLY_BIN (examples/parse_only not built yet): skipped"
fi
rm -f "$OUT/parse_vs_clean.stdout"
if [[ -x "$PARSE_VS_CLEAN_BIN" ]]; then
    RUNS="$(( RUNS > 3 ? RUNS : 3 ))" "$PARSE_VS_CLEAN_BIN" "$PAGES" > "$OUT/parse_vs_clean.stdout" 2>&1 \
        || note "parse_vs_clean failed; see bench/out/parse_vs_clean.stdout"
    cat "$OUT/parse_vs_clean.stdout" >&2
else
    note "same-process ratio not found at $PARSE_VS_CLEAN_BIN (examples/parse_vs_clean not built yet): skipped"
fi

# ---------------------------------------------------------------- (e) peers
step "(e) peers"
PEER_NAMES=(trafilatura trafilatura_fast resiliparse readability_lxml)
if [[ -n "${PEERS:-}" ]]; then IFS=, read -r -a PEER_NAMES <<< "$PEERS"; fi
if [[ "${SKIP_PEERS:-0}" != 1 ]]; then
    if [[ ! -x "$VENV_PY" ]]; then
        echo "no bench/.venv: running bench/setup.sh" >&2
        bash "$BENCH/setup.sh" || note "bench/setup.sh failed"
    fi
    if [[ -x "$VENV_PY" ]]; then
        # Remove stale outputs first so a peer that is skipped now does not score old files.
        for p in "${PEER_NAMES[@]}"; do rm -rf "${OUT:?}/$p"; done
        "$VENV_PY" "$BENCH/peers.py" --html-dir "$HTML_GZ" --out "$OUT" \
            --peers "$(IFS=,; echo "${PEER_NAMES[*]}")" --repeat "$PEER_REPEAT" --input "${PEER_INPUT:-str}" \
            || note "peers.py exited non-zero"
    else
        note "no Python venv for peers: all peers skipped"
    fi
fi
for p in "${PEER_NAMES[@]}"; do
    if [[ -f "$OUT/$p/_run.json" ]]; then
        SYSTEMS+=("$OUT/$p")
    else
        note "peer $p: no output (not installed or failed): skipped"
    fi
done

# ---------------------------------------------------------------- (f) score + table
step "(f) score"
if ((${#SYSTEMS[@]} == 0)); then
    note "nothing to score"
    exit 1
fi
"$PY" "$SCORE_PY" scrapinghub "${SYSTEMS[@]}" --json "$OUT/scores.json" | tee "$OUT/scores.txt"
echo
"$PY" "$BENCH/report.py" "$OUT" | tee "$OUT/results.md.tmp"
mv "$OUT/results.md.tmp" "$OUT/results.md"
echo "wrote $OUT/results.md" >&2

if [[ "${STREAM:-0}" == 1 ]]; then
    step "(g) jsonl stream (bench/stream.sh)"
    DECHROME_BIN="$DECHROME_BIN" SCRAPINGHUB="$SCRAPINGHUB" bash "$BENCH/stream.sh" || note "bench/stream.sh failed"
fi
