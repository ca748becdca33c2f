#!/usr/bin/env python3
"""Run peer article extractors over the ScrapingHub benchmark pages, one process, one thread.

Usage (from the repo root, with the venv made by bench/setup.sh):

    bench/.venv/bin/python bench/peers.py [--html-dir DIR] [--out DIR] [--peers a,b,...] [--repeat N]

For each peer this writes OUT/<peer>/ID.txt (the body text; empty file when the peer returns
nothing or fails) and OUT/<peer>/_run.json (version and timings; score.py --markdown reads it).
It also writes OUT/peers.json with all peers' timings.

Input: a directory of ID.html.gz (the benchmark as shipped) or ID.html files.

Timing, per peer, sequentially, single-threaded:
  * extract: time.perf_counter around the peer call + writing ID.txt only, summed over pages.
    The pages are read and decompressed before this loop, so no I/O or gunzip is in it.
  * e2e: a second, separate pass per page of read file -> gunzip -> decode UTF-8 -> extract ->
    write, timed as a whole (outputs overwritten with the same text). Only with --e2e (default on).
  --input str (default) hands each peer the page decoded as UTF-8 (the pages are UTF-8); --input
  bytes hands raw bytes, so the peer's own charset detection is timed too (readability-lxml is
  then ~40 % slower; trafilatura about the same).
  One untimed warm-up call per peer on the first page comes first (imports, lazy init, caches).
  With --repeat N the extract pass runs N times and the fastest is reported.
MB/s is MB (10^6 bytes) of uncompressed HTML per second.
"""

import argparse
import gc
import gzip
import json
import os
import re
import sys
import time
import traceback
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# Keep every library single-threaded (none of these peers should spawn threads, but be sure).
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

HERE = Path(__file__).resolve().parent
DEFAULT_HTML = Path("/work/shared/bench/scrapinghub/html")
DEFAULT_OUT = HERE / "out"
ALL_PEERS = ("trafilatura", "trafilatura_fast", "resiliparse", "readability_lxml")


# ---------------------------------------------------------------------------
# peers: each factory returns (version string, callable html_str -> text str)


def _pkg_version(name):
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def make_trafilatura(fast):
    import trafilatura

    def run(html):
        return trafilatura.extract(html, include_comments=False, fast=fast) or ""

    return f"trafilatura {_pkg_version('trafilatura')}" + (" (fast)" if fast else ""), run


def make_resiliparse():
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    def run(html):
        if isinstance(html, bytes):  # --input bytes: resiliparse's own charset detection
            html = bytes_to_str(html, detect_encoding(html))
        return extract_plain_text(html, main_content=True) or ""

    return f"resiliparse {_pkg_version('resiliparse')}", run


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption dd div dl dt figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul "
    "summary details".split()
)
_HSPACE = re.compile(r"[^\S\n]+")


def make_readability():
    import lxml.html
    from readability import Document

    def run(html):
        summary = Document(html).summary(html_partial=True)
        if not summary or not summary.strip():
            return ""
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
        # Block elements become line breaks so words of adjacent blocks are not glued together.
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
                el.text = "\n" + (el.text or "")
                el.tail = "\n" + (el.tail or "")
        lines = (_HSPACE.sub(" ", ln).strip() for ln in root.text_content().split("\n"))
        return "\n".join(ln for ln in lines if ln)

    return f"readability-lxml {_pkg_version('readability-lxml')}", run


FACTORIES = {
    "trafilatura": lambda: make_trafilatura(False),
    "trafilatura_fast": lambda: make_trafilatura(True),
    "resiliparse": make_resiliparse,
    "readability_lxml": make_readability,
}


# ---------------------------------------------------------------------------
# input


def list_pages(html_dir: Path):
    """[(id, path)] sorted by id, for ID.html.gz or ID.html files."""
    pages = {}
    for p in html_dir.iterdir():
        name = p.name
        if name.endswith(".html.gz"):
            pages.setdefault(name[: -len(".html.gz")], p)
        elif name.endswith(".html"):
            pages[name[: -len(".html")]] = p  # prefer already-decompressed
    return sorted(pages.items())


def read_page(path: Path, as_bytes: bool = False):
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return data if as_bytes else data.decode("utf-8", "replace")


# ---------------------------------------------------------------------------
# running


def extract_pass(run, docs, out_dir: Path):
    """Extract + write every page; returns (seconds, errors, error_ids)."""
    total = 0.0
    errors = []
    perf = time.perf_counter
    for pid, html in docs:
        t0 = perf()
        try:
            text = run(html)
        except Exception:  # noqa: BLE001 - a peer failing on one page is data, not a crash
            text = ""
            errors.append(pid)
        (out_dir / f"{pid}.txt").write_text(text, encoding="utf-8")
        total += perf() - t0
    return total, errors


def e2e_pass(run, pages, out_dir: Path, as_bytes: bool):
    perf = time.perf_counter
    t0 = perf()
    for pid, path in pages:
        html = read_page(path, as_bytes)
        try:
            text = run(html)
        except Exception:  # noqa: BLE001
            text = ""
        (out_dir / f"{pid}.txt").write_text(text, encoding="utf-8")
    return perf() - t0


def run_peer(name, pages, docs, total_bytes, out_root: Path, repeat: int, e2e: bool, as_bytes: bool):
    try:
        ver, run = FACTORIES[name]()
    except Exception as exc:  # ImportError etc.: report, do not stop the other peers
        print(f"[{name}] SKIPPED: cannot load ({type(exc).__name__}: {exc})", flush=True)
        return {"name": name, "skipped": f"{type(exc).__name__}: {exc}"}
    out_dir = out_root / name
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.txt"):
        old.unlink()

    # warm-up (untimed)
    try:
        run(docs[0][1])
    except Exception:  # noqa: BLE001
        pass

    best = None
    errors = []
    for _ in range(max(1, repeat)):
        gc.collect()
        secs, errors = extract_pass(run, docs, out_dir)
        best = secs if best is None else min(best, secs)
    e2e_s = None
    if e2e:
        gc.collect()
        e2e_s = e2e_pass(run, pages, out_dir, as_bytes)

    n = len(docs)
    mb = total_bytes / 1e6
    info = {
        "name": name,
        "version": ver,
        "pages": n,
        "html_mb": round(mb, 3),
        "extract_s": round(best, 4),
        "docs_per_s": n / best if best else None,
        "mb_per_s": mb / best if best else None,
        "e2e_s": round(e2e_s, 4) if e2e_s is not None else None,
        "e2e_docs_per_s": n / e2e_s if e2e_s else None,
        "e2e_mb_per_s": mb / e2e_s if e2e_s else None,
        "errors": len(errors),
        "error_ids": errors,
        "timeouts": 0,
        "repeat": repeat,
        "threads": 1,
        "input": "bytes" if as_bytes else "str",
    }
    (out_dir / "_run.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    e2e_txt = f"; end-to-end {e2e_s:.2f} s = {info['e2e_docs_per_s']:.1f} pages/s" if e2e_s else ""
    print(f"[{name}] {ver}: extract {best:.2f} s = {info['docs_per_s']:.1f} pages/s, "
          f"{info['mb_per_s']:.2f} MB/s{e2e_txt}; errors {len(errors)}", flush=True)
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--html-dir", type=Path, default=DEFAULT_HTML, help=f"pages (default {DEFAULT_HTML})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="writes OUT/<peer>/ID.txt (default bench/out)")
    ap.add_argument("--peers", default=",".join(ALL_PEERS), help=f"comma list from {','.join(ALL_PEERS)}")
    ap.add_argument("--repeat", type=int, default=1, help="extract passes per peer; the fastest is reported")
    ap.add_argument("--input", choices=("str", "bytes"), default="str",
                    help="hand peers UTF-8-decoded str (default) or raw bytes (each peer detects the charset itself)")
    ap.add_argument("--no-e2e", dest="e2e", action="store_false", help="skip the end-to-end (read+gunzip) pass")
    args = ap.parse_args(argv)

    peers = [p.strip() for p in args.peers.split(",") if p.strip()]
    unknown = [p for p in peers if p not in FACTORIES]
    for p in unknown:
        print(f"[{p}] SKIPPED: unknown peer (known: {', '.join(ALL_PEERS)})", file=sys.stderr, flush=True)
    peers = [p for p in peers if p in FACTORIES]
    pages = list_pages(args.html_dir)
    if not pages:
        print(f"error: no .html/.html.gz pages in {args.html_dir}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    as_bytes = args.input == "bytes"
    docs = [(pid, read_page(path, as_bytes)) for pid, path in pages]
    read_s = time.perf_counter() - t0
    total_bytes = sum(len(h) if as_bytes else len(h.encode("utf-8")) for _, h in docs)
    print(f"{len(docs)} pages, {total_bytes / 1e6:.1f} MB HTML; read+decompress {read_s:.2f} s "
          f"(python {sys.version.split()[0]}, single thread, input {args.input})", flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for name in peers:
        try:
            results.append(run_peer(name, pages, docs, total_bytes, args.out, args.repeat, args.e2e, as_bytes))
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            print(f"[{name}] FAILED (see traceback); continuing", flush=True)
            results.append({"name": name, "skipped": "crashed"})
    summary = {"html_dir": str(args.html_dir), "pages": len(docs), "html_mb": total_bytes / 1e6,
               "read_decompress_s": read_s, "peers": results}
    (args.out / "peers.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
