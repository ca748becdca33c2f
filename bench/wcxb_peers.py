#!/usr/bin/env python3
"""Run the Python peers over a folder of WCXB pages, one process, one thread.

    bench/.venv/bin/python bench/wcxb_peers.py --peer trafilatura|resiliparse IN_DIR OUT_DIR

IN_DIR holds ID.html (UTF-8). All pages are read and decoded first; then each page is extracted
and only the peer call is timed (wall clock and this process's CPU time). OUT_DIR gets ID.txt
(empty when the peer returns nothing or fails), ID.json with title/author/date when the peer gives
them (the shape wcxb_score.py reads) and _run.json with version and timing.

trafilatura runs as `extract(html, output_format="json", with_metadata=True)` (comments off,
default precision/recall balance): the body is its `text`, plus its title/author/date.
resiliparse runs as peers.py does (`extract_plain_text(main_content=True)`); it has no metadata.
"""
import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peers import _pkg_version, make_resiliparse  # noqa: E402


def make_trafilatura():
    import trafilatura

    def run(html):
        out = trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False)
        if not out:
            return "", {}
        d = json.loads(out)
        meta = {k: d[k] for k in ("title", "author", "date") if d.get(k)}
        return d.get("text") or "", meta

    return f"trafilatura {_pkg_version('trafilatura')}", run


def make_resiliparse_meta():
    ver, run = make_resiliparse()
    return ver, lambda html: (run(html), {})


FACTORIES = {"trafilatura": make_trafilatura, "resiliparse": make_resiliparse_meta}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peer", required=True, choices=sorted(FACTORIES))
    ap.add_argument("in_dir", type=Path)
    ap.add_argument("out_dir", type=Path)
    args = ap.parse_args(argv)

    ver, run = FACTORIES[args.peer]()
    pages = sorted((p.name[: -len(".html")], p) for p in args.in_dir.iterdir() if p.name.endswith(".html"))
    if not pages:
        print(f"error: no ID.html pages in {args.in_dir}", file=sys.stderr)
        return 2
    docs = [(pid, p.read_bytes().decode("utf-8", "replace")) for pid, p in pages]
    total_bytes = sum(len(h.encode("utf-8")) for _, h in docs)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    try:
        run(docs[0][1])  # untimed warm-up (imports, lazy init)
    except Exception:  # noqa: BLE001
        pass
    gc.collect()

    wall = cpu = 0.0
    errors = []
    perf, ptime = time.perf_counter, time.process_time
    for pid, html in docs:
        t0, c0 = perf(), ptime()
        try:
            text, meta = run(html)
        except Exception as exc:  # noqa: BLE001 - a peer failing on one page is data, not a crash
            text, meta = "", {}
            errors.append({"id": pid, "error": f"{type(exc).__name__}: {exc}"[:200]})
        wall += perf() - t0
        cpu += ptime() - c0
        (args.out_dir / f"{pid}.txt").write_text(text, encoding="utf-8")
        if meta:
            (args.out_dir / f"{pid}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    n, mb = len(docs), total_bytes / 1e6
    info = {
        "name": args.peer, "version": ver, "pages": n, "html_mb": round(mb, 3),
        "extract_s": round(wall, 4), "docs_per_s": n / wall if wall else None, "mb_per_s": mb / wall if wall else None,
        "cpu_s": round(cpu, 4), "cpu_docs_per_s": n / cpu if cpu else None,
        "errors": len(errors), "error_ids": errors, "threads": 1,
        "timing": "peer call only, pages in memory (python " + sys.version.split()[0] + ")",
    }
    (args.out_dir / "_run.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    print(f"[{args.peer}] {ver}: {n} pages, extract {wall:.2f} s = {info['docs_per_s']:.1f} pages/s "
          f"(CPU {cpu:.2f} s); errors {len(errors)}", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
