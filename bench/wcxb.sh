#!/usr/bin/env bash
# dechrome vs peer extractors on the WCXB development split (1,497 pages, 7 page types).
#
#   bash bench/wcxb.sh            # writes bench/out/wcxb/results.md and prints it
#   bash bench/wcxb.sh --pages    # the same, then dechrome's lowest-F1 pages per type (bench/out/wcxb/worst.md)
#
# Steps: (a) gunzip the pages once to $WCXB_HTML (shared, read-only; made in a .partial folder
#            and renamed, reused when it holds all pages);
#        (b) cargo build --release (dechrome);
#        (c) dechrome clean DIR --format json --no-site-rules --threads 1, whole process timed,
#            JSON -> ID.txt + ID.json (bench/wcxb_report.py dechrome);
#        (d) peers, each only when its cached outputs are missing or incomplete (or RERUN_PEERS=1):
#            rs-trafilatura and dom_smoothie (bench/peers-rs, a separate crate), trafilatura and
#            resiliparse (bench/wcxb_peers.py in bench/.venv), Readability.js (bench/readability_js.mjs,
#            jsdom); all single-threaded under `nice -n 10`;
#        (e) one wcxb_score.py call over all outputs -> markdown table (bench/wcxb_report.py table).
# A peer that is missing or fails is reported in the notes, never fatal.
#
# Environment knobs:
#   SKIP_BUILD=1        do not run cargo for dechrome (use whatever binary exists)
#   DECHROME_BIN=PATH   dechrome binary (default target/release/dechrome)
#   WCXB_CACHE=DIR      where the peers' outputs are read and written (default bench/out/wcxb);
#                       point it at another worktree's bench/out/wcxb to reuse its peer runs
#   RERUN_PEERS=1       run the peers again even when their cached outputs are complete
#   PEERS=a,b           peers to run/score (default rs-trafilatura,dom_smoothie,trafilatura,readability_js,resiliparse)
#   SKIP_PEERS=1        never run a peer; score whatever complete outputs the cache has
#   READABILITY_SHARDS=N  run Readability.js (~1 CPU s a page) as N single-thread processes side by
#                       side (default 1); per-page times are summed, so its pages/s stays a one-thread figure
#   WCXB_HTML=DIR       decompressed pages (default /tmp/wcxb-html)
#   WCXB_DEV=DIR        the split (default /work/shared/bench/wcxb-dev); SCORE_PY=PATH the scorer
#                       (default wcxb_score.py next to it)
#   WORST=N             with --pages: pages listed per type (default 12)
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WCXB_DEV="${WCXB_DEV:-/work/shared/bench/wcxb-dev}"
SCORE_PY="${SCORE_PY:-$(dirname "$WCXB_DEV")/wcxb_score.py}"
WCXB_HTML="${WCXB_HTML:-/tmp/wcxb-html}"
OUT="$BENCH/out/wcxb"
CACHE="${WCXB_CACHE:-$OUT}"
DECHROME_BIN="${DECHROME_BIN:-$ROOT/target/release/dechrome}"
PEERS="${PEERS:-rs-trafilatura,dom_smoothie,trafilatura,readability_js,resiliparse}"
VENV_PY="$BENCH/.venv/bin/python"
NODE_MODULES="$BENCH/.cache/readability-js"
PEERS_RS="$BENCH/peers-rs"
PY=python3
SHOW_PAGES=0
for a in "$@"; do
    case "$a" in
        --pages) SHOW_PAGES=1 ;;
        -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
        *) echo "unknown argument: $a" >&2; exit 2 ;;
    esac
done

mkdir -p "$OUT" "$CACHE"
NOTES="$OUT/notes.txt"
: > "$NOTES"
note() { echo "NOTE: $*" >&2; echo "$*" >> "$NOTES"; }
step() { echo; echo "=== $*" >&2; }

# ---------------------------------------------------------------- (a) pages
step "(a) pages -> $WCXB_HTML"
n_gz=$(find "$WCXB_DEV/html" -maxdepth 1 -name '*.html.gz' | wc -l)
[[ "$n_gz" -gt 0 ]] || { echo "no pages in $WCXB_DEV/html" >&2; exit 1; }
count_html() { find "$1" -maxdepth 1 -name '*.html' 2>/dev/null | wc -l; }
if [[ "$(count_html "$WCXB_HTML")" -ne "$n_gz" ]]; then
    if [[ -d "$WCXB_HTML" ]]; then
        echo "$WCXB_HTML is incomplete: not touching it (someone may be making it); waiting up to 5 min" >&2
        for _ in $(seq 60); do
            sleep 5
            [[ "$(count_html "$WCXB_HTML")" -eq "$n_gz" ]] && break
        done
        [[ "$(count_html "$WCXB_HTML")" -eq "$n_gz" ]] || { echo "$WCXB_HTML still incomplete; remove it or set WCXB_HTML=" >&2; exit 1; }
    else
        tmp="$WCXB_HTML.partial.$$"
        rm -rf "$tmp"; mkdir -p "$tmp"
        for gz in "$WCXB_DEV/html"/*.html.gz; do
            gzip -dc "$gz" > "$tmp/$(basename "$gz" .gz)"
        done
        # Another run may have won the race: keep theirs.
        mv -T "$tmp" "$WCXB_HTML" 2>/dev/null || rm -rf "$tmp"
    fi
fi
N_PAGES=$(count_html "$WCXB_HTML")
echo "$N_PAGES pages, $(du -sm "$WCXB_HTML" | cut -f1) MB" >&2

# ---------------------------------------------------------------- (b) build
step "(b) cargo build --release"
if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
    echo "SKIP_BUILD=1: not building" >&2
elif ! (cd "$ROOT" && nice -n 10 cargo build --release); then
    note "cargo build --release failed: dechrome results are from an older binary or missing"
fi

# ---------------------------------------------------------------- (c) dechrome
step "(c) dechrome"
SYSTEMS=()
rm -rf "$OUT/dechrome" "$OUT/dechrome_json"
if [[ -x "$DECHROME_BIN" ]]; then
    dversion="$("$DECHROME_BIN" --version 2>/dev/null | head -1 || true)"
    rev="$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || true)"
    if [[ -n "$rev" ]]; then
        (cd "$ROOT" && git diff --quiet HEAD -- src rules 2>/dev/null) || rev="$rev+dirty"
    fi
    [[ "$DECHROME_BIN" == "$ROOT/target/release/dechrome" ]] || rev="$DECHROME_BIN"
    label="${dversion:-dechrome}${rev:+ ($rev)}"
    if nice -n 10 "$PY" "$BENCH/timecmd.py" "$OUT/dechrome_timing.json" -- \
        "$DECHROME_BIN" clean "$WCXB_HTML" -o "$OUT/dechrome_json" --format json --no-site-rules --threads 1 \
        > "$OUT/dechrome.log" 2>&1; then :; else
        note "dechrome exited non-zero; see bench/out/wcxb/dechrome.log: $(grep -v '^timecmd:' "$OUT/dechrome.log" | tail -1 || true)"
    fi
    tail -2 "$OUT/dechrome.log" >&2
    if [[ -d "$OUT/dechrome_json" ]] && "$PY" "$BENCH/wcxb_report.py" dechrome "$OUT/dechrome_json" "$OUT/dechrome" \
        --pages "$N_PAGES" --timing "$OUT/dechrome_timing.json" --version "$label"; then
        SYSTEMS+=("$OUT/dechrome")
    else
        note "dechrome produced no usable output"
    fi
else
    note "dechrome binary not found at $DECHROME_BIN: dechrome skipped"
fi

# ---------------------------------------------------------------- (d) peers
step "(d) peers (cache: $CACHE)"
complete() {  # a peer's cached outputs: _run.json and one ID.txt per page
    [[ -f "$1/_run.json" ]] && [[ "$(find "$1" -maxdepth 1 -name '*.txt' | wc -l)" -eq "$N_PAGES" ]]
}
peers_rs_bin() {
    local bin="$PEERS_RS/target/release/peers-rs"
    if [[ ! -x "$bin" || "$PEERS_RS/src/main.rs" -nt "$bin" || "$PEERS_RS/Cargo.toml" -nt "$bin" ]]; then
        (cd "$PEERS_RS" && nice -n 10 cargo build --release >&2) || return 1
    fi
    echo "$bin"
}
run_peer() {  # run_peer NAME OUT_DIR
    local name="$1" dst="$2" bin
    case "$name" in
        rs-trafilatura|dom_smoothie)
            bin="$(peers_rs_bin)" || { note "bench/peers-rs did not build: $name skipped"; return 1; }
            nice -n 10 "$bin" --system "$name" "$WCXB_HTML" "$dst" ;;
        trafilatura|resiliparse)
            if [[ ! -x "$VENV_PY" ]]; then
                bash "$BENCH/setup.sh" >&2 || { note "bench/setup.sh failed: $name skipped"; return 1; }
            fi
            nice -n 10 "$VENV_PY" "$BENCH/wcxb_peers.py" --peer "$name" "$WCXB_HTML" "$dst" ;;
        readability_js)
            command -v node >/dev/null || { note "node not found: readability_js skipped"; return 1; }
            if [[ ! -d "$NODE_MODULES/node_modules/@mozilla/readability" || ! -d "$NODE_MODULES/node_modules/jsdom" ]]; then
                mkdir -p "$NODE_MODULES"
                [[ -f "$NODE_MODULES/package.json" ]] || echo '{"private": true}' > "$NODE_MODULES/package.json"
                (cd "$NODE_MODULES" && npm install --no-audit --no-fund jsdom@27.4.0 @mozilla/readability@0.6.0 >&2) \
                    || { note "npm install jsdom @mozilla/readability failed: readability_js skipped"; return 1; }
            fi
            local shards="${READABILITY_SHARDS:-1}" k pids=() ok=1
            if [[ "$shards" -le 1 ]]; then
                nice -n 10 node --max-old-space-size=4096 "$BENCH/readability_js.mjs" --modules "$NODE_MODULES" "$WCXB_HTML" "$dst"
                return
            fi
            for ((k = 0; k < shards; k++)); do
                nice -n 10 node --max-old-space-size=4096 "$BENCH/readability_js.mjs" --modules "$NODE_MODULES" \
                    --shard "$k/$shards" "$WCXB_HTML" "$dst" &
                pids+=($!)
            done
            for k in "${pids[@]}"; do wait "$k" || ok=0; done
            [[ $ok == 1 ]] && "$PY" "$BENCH/wcxb_report.py" merge "$dst" ;;
        *) note "unknown peer $name (known: rs-trafilatura dom_smoothie trafilatura readability_js resiliparse)"; return 1 ;;
    esac
}
IFS=, read -r -a PEER_NAMES <<< "$PEERS"
for p in "${PEER_NAMES[@]}"; do
    dst="$CACHE/$p"
    if [[ "${SKIP_PEERS:-0}" != 1 ]] && { [[ "${RERUN_PEERS:-0}" == 1 ]] || ! complete "$dst"; }; then
        echo "--- $p" >&2
        # Written to a side folder and renamed, so readers of the cache never see a half-made run.
        tmp="$dst.partial.$$"
        rm -rf "$tmp"
        if run_peer "$p" "$tmp" && complete "$tmp"; then
            rm -rf "$dst.old.$$"
            [[ -d "$dst" ]] && mv "$dst" "$dst.old.$$"
            mv "$tmp" "$dst"
            rm -rf "$dst.old.$$"
        else
            note "peer $p failed or wrote incomplete output (kept the previous cache, if any)"
            rm -rf "$tmp"
        fi
    elif complete "$dst"; then
        echo "--- $p: cached ($(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$dst/_run.json" | head -1))" >&2
    fi
    if complete "$dst"; then SYSTEMS+=("$dst"); else note "peer $p: no complete output in $dst: not scored"; fi
done

# ---------------------------------------------------------------- (e) score + table
step "(e) score"
((${#SYSTEMS[@]})) || { note "nothing to score"; exit 1; }
"$PY" "$BENCH/wcxb_report.py" table --score-py "$SCORE_PY" --out "$OUT/results.md" "${SYSTEMS[@]}"
if [[ -s "$NOTES" ]]; then
    { echo; echo "Notes from this run:"; sed 's/^/- /' "$NOTES"; } | tee -a "$OUT/results.md"
fi
echo "wrote $OUT/results.md (raw scorer output: $OUT/scores.txt)" >&2

if [[ $SHOW_PAGES == 1 && -d "$OUT/dechrome" ]]; then
    step "(f) dechrome's lowest pages per type"
    peer_dirs=()
    for s in "${SYSTEMS[@]}"; do [[ "$s" == "$OUT/dechrome" ]] || peer_dirs+=(--peer "$s"); done
    "$PY" "$BENCH/wcxb_worst.py" "$OUT/dechrome" "${peer_dirs[@]}" --dev "$WCXB_DEV" --per-type "${WORST:-12}" \
        | tee "$OUT/worst.md"
fi
