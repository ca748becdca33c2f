#!/usr/bin/env bash
# Metadata bench: title / author / date exact match on WCXB dev (site packs off), dechrome side by
# side with trafilatura, htmldate (find_date fast and extensive) and newspaper4k, with pages/s.
#
#   bench/meta.sh            # peers' outputs are cached under bench/out/meta/ (delete to re-run)
#   PEERS=0 bench/meta.sh    # dechrome only (cached peers still shown)
#
# Needs the WCXB dev split (WCXB_BENCH, default ../shared/bench beside the repo). Pages are
# decompressed once into WCXB_HTML (default /tmp/wcxb-html). Peers live in bench/.venv-meta.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
WCXB_BENCH="${WCXB_BENCH:-$( (cd "$ROOT/../shared/bench" 2>/dev/null && pwd) || (cd "$ROOT/../../shared/bench" && pwd) )}"
export WCXB_BENCH
HTML="${WCXB_HTML:-/tmp/wcxb-html}"
OUT="$HERE/out/meta"
VENV="$HERE/.venv-meta"
mkdir -p "$OUT"

n=$(ls "$WCXB_BENCH/wcxb-dev/html" | wc -l)
if [[ ! -d "$HTML" || $(ls "$HTML" | wc -l) -ne $n ]]; then
    echo "== decompressing $n pages into $HTML"
    mkdir -p "$HTML"
    for f in "$WCXB_BENCH"/wcxb-dev/html/*.html.gz; do
        b=$(basename "$f" .gz)
        [[ -s "$HTML/$b" ]] || gunzip -c "$f" > "$HTML/$b"
    done
fi

if [[ "${PEERS:-1}" != 0 ]]; then
    if [[ ! -x "$VENV/bin/python" ]]; then
        python3 -m venv "$VENV"
        P=("$VENV/bin/pip" -q --disable-pip-version-check install)
        # One by one: their lxml extras clash when resolved together.
        "${P[@]}" "trafilatura==2.3.1"; "${P[@]}" "htmldate==1.11.0"; "${P[@]}" "newspaper4k==0.9.6"
    fi
    for p in trafilatura htmldate-fast htmldate-extensive newspaper4k; do
        nice -n 10 "$VENV/bin/python" "$HERE/meta_bench.py" peer "$p" "$HTML" "$OUT/$p"
    done
fi

BIN="$ROOT/target/release/dechrome"
[[ -x "$BIN" ]] || (cd "$ROOT" && cargo build --release)
rm -rf "$OUT/dechrome-json"
start=$(date +%s.%N)
nice -n 10 "$BIN" clean "$HTML" -o "$OUT/dechrome-json" --format json --no-site-rules -j 1 -q ${EXPLAIN:+--explain}
end=$(date +%s.%N)
python3 "$HERE/meta_bench.py" dechrome "$OUT/dechrome-json" "$OUT/dechrome" "$(echo "$end - $start" | bc)"
dirs=("$OUT/dechrome")
for p in trafilatura htmldate-fast htmldate-extensive newspaper4k; do
    [[ -f "$OUT/$p/_run.json" ]] && dirs+=("$OUT/$p")
done
python3 "$HERE/meta_bench.py" score "${dirs[@]}"
