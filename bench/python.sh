#!/usr/bin/env bash
# Pages/s from Python on the 181 ScrapingHub pages: dechrome's clean() loop, clean_many with 1 and
# 2 threads, and trafilatura, in one process on the same pages (bench/python_bench.py).
#
#   bash bench/python.sh [python_bench.py options]     # writes bench/out/python.md and prints it
#
# The venv is bench/.venv-python (git-ignored), made on first use; the package is built from
# ./python by pip (maturin, release profile), reusing target/ for the compiled dependencies.
# Environment: ROUNDS (default 5), TRAF_ROUNDS (default 1), SCRAPINGHUB (default
# /work/shared/bench/scrapinghub), SKIP_INSTALL=1 to keep the installed build.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
VENV="$BENCH/.venv-python"
SCRAPINGHUB="${SCRAPINGHUB:-/work/shared/bench/scrapinghub}"

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip install --quiet --disable-pip-version-check)
if [ "${SKIP_INSTALL:-0}" != 1 ]; then
    "${PIP[@]}" "trafilatura==2.3.1" lxml_html_clean  # justext (trafilatura) needs lxml.html.clean
    CARGO_TARGET_DIR="$ROOT/target" nice -n 10 "${PIP[@]}" --force-reinstall --no-deps "$ROOT/python"
fi
exec nice -n 10 "$VENV/bin/python" "$BENCH/python_bench.py" \
    --pages "$SCRAPINGHUB/html" --rounds "${ROUNDS:-5}" --traf-rounds "${TRAF_ROUNDS:-1}" \
    --out "$BENCH/out/python.md" "$@"
