#!/usr/bin/env bash
# Plain-text dumps of whole pages: dechrome --input text against the dump itself and against
# jusText and trafilatura on the HTML of the same pages (WCXB dev split, 1,497 pages).
#
#   bash bench/textdump.sh          # prints the table; writes bench/out/textdump/results.md
#
# Steps: (a) bench/.venv-text with html-text, inscriptis, resiliparse, jusText, trafilatura (PyPI;
#            once);
#        (b) the HTML decompressed to /tmp/wcxb-html (once; shared, read-only afterwards);
#        (c) whole-page dumps: html-text extract_text(html, guess_layout=True), inscriptis
#            get_text(html) and resiliparse extract_plain_text(html, main_content=False)
#            -> bench/out/textdump/<dumper>/ID.txt;
#        (d) dechrome clean --input text --no-site-rules on each dump folder (one thread; MB of
#            dump text per CPU second of the process), JSON -> ID.txt (+ ID.json: title...);
#        (e) jusText and trafilatura on the HTML (kept in bench/out/textdump/peer-*/ once made);
#        (f) wcxb_score.py over all of them in one table.
# Knobs: SKIP_BUILD=1, REDUMP=1 (make the dumps again), REPEER=1 (run the peers again),
#        WCXB=DIR (default /work/shared/bench/wcxb-dev), HTML_DIR (default /tmp/wcxb-html).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
OUT="$BENCH/out/textdump"
WCXB="${WCXB:-/work/shared/bench/wcxb-dev}"
HTML_DIR="${HTML_DIR:-/tmp/wcxb-html}"
SCORE="${SCORE:-$(dirname "$WCXB")/wcxb_score.py}"
VENV="$BENCH/.venv-text"
BIN="${DECHROME_BIN:-$ROOT/target/release/dechrome}"
DUMPERS=(html-text inscriptis resiliparse)
mkdir -p "$OUT"

[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
if ! "$VENV/bin/python" -c "import html_text, inscriptis, resiliparse, justext, trafilatura" 2>/dev/null; then
    nice -n 10 "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        "html-text==0.7.1" "inscriptis==2.7.6" "resiliparse>=2,<3" "justext==3.0.2" "trafilatura==2.3.1"
fi
PY="$VENV/bin/python"
HELP="$BENCH/textdump.py"

if [[ -z "${SKIP_BUILD:-}" ]]; then
    (cd "$ROOT" && nice -n 10 cargo build --release -q)
fi

nice -n 10 "$PY" "$HELP" unpack "$WCXB/html" "$HTML_DIR"

for d in "${DUMPERS[@]}"; do
    if [[ -n "${REDUMP:-}" || ! -d "$OUT/$d" ]]; then
        rm -rf "$OUT/$d"
        nice -n 10 "$PY" "$HELP" dump "$d" "$HTML_DIR" "$OUT/$d"
    fi
done

declare -A RATE
for d in "${DUMPERS[@]}"; do
    rm -rf "$OUT/dechrome-$d.json" "$OUT/dechrome-$d"
    RATE[$d]=$(nice -n 10 "$PY" "$HELP" timed "$OUT/$d" -- "$BIN" clean --input text --no-site-rules \
        --format json --threads 1 "$OUT/$d" -o "$OUT/dechrome-$d.json")
    "$PY" "$HELP" json2txt "$OUT/dechrome-$d.json" "$OUT/dechrome-$d"
done

for p in justext trafilatura; do
    if [[ -n "${REPEER:-}" || ! -d "$OUT/peer-$p" ]]; then
        rm -rf "$OUT/peer-$p"
        nice -n 10 "$PY" "$HELP" peer "$p" "$HTML_DIR" "$OUT/peer-$p"
    fi
done

dirs=()
for d in "${DUMPERS[@]}"; do dirs+=("$OUT/$d" "$OUT/dechrome-$d"); done
dirs+=("$OUT/peer-justext" "$OUT/peer-trafilatura")
{
    echo "# $(date -u +%Y-%m-%d) dechrome $(git -C "$ROOT" rev-parse --short HEAD)"
    python3 "$SCORE" "${dirs[@]}"
    for d in "${DUMPERS[@]}"; do
        echo "dechrome --input text on $d dumps, one thread, whole process: ${RATE[$d]}"
    done
} | tee "$OUT/results.md"
