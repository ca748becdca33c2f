#!/usr/bin/env bash
# Create bench/.venv and install the peer extractors from PyPI (pinned where it matters).
# Safe to re-run: an existing venv is reused, installed pins are skipped by pip.
# A peer that fails to install is reported, not fatal (peers.py skips what it cannot import).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
PY="${PYTHON:-python3}"

if [[ ! -x "$VENV/bin/python" ]]; then
    echo "== creating venv $VENV"
    "$PY" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check --no-input -q)
"${PIP[@]}" install --upgrade pip >/dev/null 2>&1 || echo "note: pip upgrade failed (continuing)"

failed=()

echo "== trafilatura==2.3.1"
if ! "${PIP[@]}" install "trafilatura==2.3.1"; then
    echo "trafilatura 2.3.1 not available; falling back to latest 2.x"
    "${PIP[@]}" install "trafilatura>=2,<3" || failed+=(trafilatura)
fi

echo "== resiliparse + fastwarc (latest)"
"${PIP[@]}" install resiliparse fastwarc || failed+=(resiliparse)

echo "== readability-lxml (optional)"
if ! timeout 300 "${PIP[@]}" install readability-lxml; then
    echo "readability-lxml did not install (optional; skipped)"
    failed+=(readability-lxml)
fi

echo "== installed peer versions"
"$VENV/bin/python" - <<'PY'
from importlib.metadata import version, PackageNotFoundError
for name in ("trafilatura", "resiliparse", "fastwarc", "readability-lxml", "lxml", "lxml_html_clean"):
    try:
        print(f"  {name} {version(name)}")
    except PackageNotFoundError:
        print(f"  {name} (not installed)")
PY

if ((${#failed[@]})); then
    echo "warning: not installed: ${failed[*]}" >&2
fi
echo "setup done: $VENV"
