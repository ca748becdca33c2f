#!/usr/bin/env bash
# Runs examples/spark/test_spark.py in a virtualenv with the pinned pyspark (Java 17 needed).
#   bash examples/spark/run_test.sh [--binary target/release/dechrome] [--no-cluster] [--keep]
# The virtualenv is target/ci-venv (SPARK_TEST_VENV to change it); made on first use.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${SPARK_TEST_VENV:-$here/../../target/ci-venv}"

if ! command -v java >/dev/null; then
    echo "error: java not found: Spark needs a JDK (17) on PATH" >&2
    exit 1
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
exec "$venv/bin/python" "$here/test_spark.py" "$@"
