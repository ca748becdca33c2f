"""Shared fixtures: the repository root, the release CLI and a helper that runs it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
HTML_FIXTURES = [
    ROOT / "fixtures" / "html" / "bench-article.html",
    ROOT / "fixtures" / "sites" / "aljazeera-article.html",
]
STORY = (
    "<p>The council approved the plan after a long debate that ran late into the night, "
    "and the mayor said work would start in the spring.</p>"
)


def cli_path() -> Path:
    return Path(os.environ.get("DECHROME_BIN", ROOT / "target" / "release" / "dechrome"))


@pytest.fixture(scope="session")
def cli():
    """Runs `dechrome clean FILE ARGS...` and returns its stdout (parsed for JSON formats)."""
    exe = cli_path()
    if not exe.exists():
        pytest.fail(f"{exe} not found: run `cargo build --release` first (or set DECHROME_BIN)")

    def run(path: Path, *args: str, raw: bool = False):
        out = subprocess.run(
            [str(exe), "clean", str(path), *args], capture_output=True, check=True
        ).stdout
        return out.decode("utf-8") if raw else json.loads(out)

    return run
