#!/usr/bin/env bash
# Foreign benchmark: pages and gold that this project does not have, in several languages, taken
# from other projects' test suites in package registries. dechrome runs with generic rules only
# (--no-site-rules); trafilatura and resiliparse run on the same pages; score.py scores all.
#
#   bash bench/foreign.sh        # from anywhere; writes bench/out/foreign.md and prints it
#
# Steps: (a) download the pinned packages into bench/.cache/ (git-ignored; sha256-checked) and
#            unpack their test data;
#        (b) bench/foreign_prepare.py -> bench/out/foreign/data/{ground-truth.json,html/ID.html,pages.json}
#            (the shape `score.py scrapinghub --data DIR` reads);
#        (c) cargo build --release into $CARGO_TARGET_DIR (default /tmp/tgt-foreign);
#        (d) dechrome clean ... --threads 1 --no-site-rules, JSON -> ID.txt;
#        (e) peers (bench/peers.py in bench/.venv);
#        (f) score.py + bench/foreign_report.py -> bench/out/foreign.md.
# Everything runs under `nice -n 10` (shared machine). A failing step or system is a note, not fatal.
#
# Knobs: SKIP_BUILD=1, DECHROME_BIN=PATH, CARGO_TARGET_DIR=DIR, PEERS=a,b (default
#        trafilatura,resiliparse; peers.py also knows trafilatura_fast, readability_lxml),
#        SKIP_PEERS=1 (score existing peer outputs), SCORE_PY=PATH, BOOTSTRAP=N (default 200).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
CACHE="$BENCH/.cache"
OUT="$BENCH/out/foreign"
DATA="$OUT/data"
REPORT="$BENCH/out/foreign.md"
SCORE_PY="${SCORE_PY:-}"
if [[ -z "$SCORE_PY" ]]; then
    for c in "$ROOT/../shared/bench/score.py" /work/shared/bench/score.py; do
        [[ -f "$c" ]] && { SCORE_PY="$(cd "$(dirname "$c")" && pwd)/score.py"; break; }
    done
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/tgt-foreign}"
DECHROME_BIN="${DECHROME_BIN:-$CARGO_TARGET_DIR/release/dechrome}"
PEERS="${PEERS:-trafilatura,resiliparse}"
BOOTSTRAP="${BOOTSTRAP:-200}"
PY=python3
VENV_PY="$BENCH/.venv/bin/python"
NICE=(nice -n 10)

mkdir -p "$CACHE/dl" "$OUT"
NOTES="$OUT/notes.txt"
: > "$NOTES"
note() { echo "NOTE: $*" >&2; echo "$*" >> "$NOTES"; }
step() { echo; echo "=== $*" >&2; }
[[ -f "$SCORE_PY" ]] || { echo "error: score.py not found (set SCORE_PY)" >&2; exit 2; }

# ---------------------------------------------------------------- (a) sources
# name version registry sha256 (of the file as the registry serves it) path-to-unpack
SOURCES=(
    "readabilityrs 0.1.4 crates 7c42603b08707aa2d44baa0ff2ec8fb89d66fbce4bc8eb5eec894009b6d18159 tests/test-pages"
    "newspaper4k 0.9.6 pypi a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e tests/data"
)
step "(a) sources -> $CACHE"
for s in "${SOURCES[@]}"; do
    read -r name ver reg sha sub <<< "$s"
    dir="$CACHE/$name-$ver"
    if [[ -f "$dir/.unpacked" ]]; then
        echo "$name $ver: cached" >&2
        continue
    fi
    if [[ "$reg" == crates ]]; then
        file="$CACHE/dl/$name-$ver.crate"
        if [[ ! -f "$file" ]]; then
            if curl -fsSL --retry 2 -o "$file.part" "https://static.crates.io/crates/$name/$name-$ver.crate"; then
                mv -f "$file.part" "$file"
            else
                rm -f "$file.part"
            fi
        fi
    else
        file="$CACHE/dl/$name-$ver.tar.gz"
        if [[ ! -f "$file" ]]; then
            "${NICE[@]}" "$PY" -m pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
                -d "$CACHE/dl" "$name==$ver" >&2 || true
        fi
    fi
    if [[ ! -f "$file" ]]; then
        note "$name $ver: download failed; its pages are left out"
        continue
    fi
    got="$(sha256sum "$file" | cut -d' ' -f1)"
    if [[ "$got" != "$sha" ]]; then
        note "$name $ver: sha256 $got, expected $sha; file removed, its pages are left out"
        rm -f "$file"
        continue
    fi
    rm -rf "$dir"
    tar -xzf "$file" -C "$CACHE" "$name-$ver/$sub" "$name-$ver/LICENSE" \
        && touch "$dir/.unpacked" || note "$name $ver: unpacking failed"
done

# ---------------------------------------------------------------- (b) gold set
step "(b) gold set -> $DATA"
if [[ ! -x "$VENV_PY" ]]; then
    echo "no bench/.venv: running bench/setup.sh" >&2
    "${NICE[@]}" bash "$BENCH/setup.sh" >&2 || note "bench/setup.sh failed"
fi
PREP_PY="$PY"
if [[ -x "$VENV_PY" ]]; then
    PREP_PY="$VENV_PY"
    # py3langid (its model ships in the wheel) labels pages whose source has no language metadata.
    "$VENV_PY" -c 'import py3langid' 2>/dev/null \
        || "${NICE[@]}" "$VENV_PY" -m pip install -q --disable-pip-version-check py3langid >&2 \
        || note "py3langid did not install: pages without metadata are labelled by script only (Latin -> und)"
fi
rm -rf "$DATA"
"${NICE[@]}" "$PREP_PY" "$BENCH/foreign_prepare.py" --cache "$CACHE" --out "$DATA" --score-py "$SCORE_PY" >&2

# ---------------------------------------------------------------- (c) build
step "(c) cargo build --release (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
    echo "SKIP_BUILD=1: not building" >&2
elif ! command -v cargo >/dev/null; then
    note "cargo not found: build skipped"
else
    (cd "$ROOT" && "${NICE[@]}" cargo build --release >&2) || note "cargo build --release failed: dechrome is an older binary or missing"
fi

# ---------------------------------------------------------------- (d) dechrome
step "(d) dechrome"
SYSTEMS=()
rm -rf "$OUT/dechrome" "$OUT/dechrome_json"
if [[ -x "$DECHROME_BIN" ]]; then
    dversion="$("$DECHROME_BIN" --version 2>/dev/null | head -1 || true)"
    "${NICE[@]}" "$PY" "$BENCH/timecmd.py" "$OUT/dechrome_time.json" -- \
        "$DECHROME_BIN" clean "$DATA/html" -o "$OUT/dechrome_json" --format json --no-site-rules --threads 1 -q \
        > "$OUT/dechrome.log" 2>&1 || note "dechrome failed; see bench/out/foreign/dechrome.log: $(tail -1 "$OUT/dechrome.log")"
    if [[ -e "$OUT/dechrome_json" ]] && "$PY" "$BENCH/dechrome_json2txt.py" "$OUT/dechrome_json" "$OUT/dechrome" \
        --timing "$OUT/dechrome_time.json" --version "${dversion:-dechrome}" --pages-dir "$DATA/html" --threads 1 >&2; then
        SYSTEMS+=("$OUT/dechrome")
    else
        note "dechrome produced no output"
    fi
else
    note "dechrome binary not found at $DECHROME_BIN: skipped"
fi

# ---------------------------------------------------------------- (e) peers
step "(e) peers: $PEERS"
IFS=, read -r -a PEER_NAMES <<< "$PEERS"
if [[ "${SKIP_PEERS:-0}" != 1 ]]; then
    if [[ -x "$VENV_PY" ]]; then
        for p in "${PEER_NAMES[@]}"; do rm -rf "${OUT:?}/$p"; done
        "${NICE[@]}" "$VENV_PY" "$BENCH/peers.py" --html-dir "$DATA/html" --out "$OUT" --peers "$PEERS" --no-e2e >&2 \
            || note "peers.py exited non-zero"
    else
        note "no bench/.venv: peers skipped"
    fi
fi
for p in "${PEER_NAMES[@]}"; do
    if [[ -f "$OUT/$p/_run.json" ]]; then SYSTEMS+=("$OUT/$p"); else note "peer $p: no output: skipped"; fi
done

# ---------------------------------------------------------------- (f) score + report
step "(f) score"
((${#SYSTEMS[@]})) || { note "nothing to score"; exit 1; }
"${NICE[@]}" "$PY" "$SCORE_PY" scrapinghub "${SYSTEMS[@]}" --data "$DATA" --bootstrap "$BOOTSTRAP" \
    --json "$OUT/scores.json" > "$OUT/scores.txt"
cat "$OUT/scores.txt" >&2
"$PY" "$BENCH/foreign_report.py" --out "$OUT" --score-py "$SCORE_PY" > "$REPORT.tmp"
mv "$REPORT.tmp" "$REPORT"
cat "$REPORT"
echo "wrote $REPORT" >&2
