#!/usr/bin/env python3
"""Pages per second from Python on the ScrapingHub pages: dechrome's `clean` loop, `clean_many`
with 1 and 2 threads, and trafilatura, in the same process on the same pages.

    python bench/python_bench.py [--pages DIR] [--rounds N] [--traf-rounds N] [--out FILE]

The pages (*.html.gz) are decompressed in memory first; nothing is read from disk while timing.
dechrome gets the raw bytes (it decodes them itself); trafilatura gets the page decoded as UTF-8
(errors replaced; decoding not timed), as in bench/peers.py. Each measure runs --rounds times,
rounds interleaved, and the fastest is kept (the machine is shared). One untimed warm-up pass
over the first pages comes first for each system.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import sys
import time
from pathlib import Path


def load(pages_dir: Path) -> list[bytes]:
    files = sorted(pages_dir.glob("*.html.gz"))
    if not files:
        sys.exit(f"no *.html.gz in {pages_dir}")
    return [gzip.decompress(f.read_bytes()) for f in files]


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the whole process: every thread)."""
    c = time.process_time()
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def thread_cpu() -> dict[str, float]:
    """CPU seconds so far of this process's threads, by thread name (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[str, float] = {}
    for task in Path("/proc/self/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="/work/shared/bench/scrapinghub/html")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--traf-rounds", type=int, default=1)
    ap.add_argument("--out", default=None, help="also write the markdown table here")
    ap.add_argument("--no-trafilatura", action="store_true")
    args = ap.parse_args()

    import dechrome

    pages = load(Path(args.pages))
    texts = [p.decode("utf-8", errors="replace") for p in pages]
    mb = sum(len(p) for p in pages) / 1e6
    n = len(pages)
    cleaner = dechrome.Cleaner(site_rules=False)

    # Untimed warm-up and a sanity check: every page gives an article dict.
    for p in pages[:10]:
        cleaner.clean(p)
    out = cleaner.clean_many(pages, threads=2, errors="return")
    failed = sum(isinstance(o, Exception) for o in out)

    measures = {
        "clean() loop, 1 thread": lambda: [cleaner.clean(p) for p in pages],
        "clean() loop on str (as trafilatura gets)": lambda: [cleaner.clean(t) for t in texts],
        "json.loads(render(jsonl)) loop": lambda: [json.loads(cleaner.render(p, "jsonl")) for p in pages],
        "render(text) loop (no dict)": lambda: [cleaner.render(p, "text") for p in pages],
        "clean_many(threads=1)": lambda: cleaner.clean_many(pages, threads=1),
        "clean_many(threads=2)": lambda: cleaner.clean_many(pages, threads=2),
    }
    best = {k: (float("inf"), 0.0) for k in measures}
    traf_version = None
    if not args.no_trafilatura:
        import trafilatura
        from importlib.metadata import version

        traf_version = version("trafilatura")
        traf = "trafilatura.extract() loop"
        for t in texts[:3]:
            trafilatura.extract(t, include_comments=False)
        best[traf] = (float("inf"), 0.0)

    for r in range(max(args.rounds, args.traf_rounds)):
        if r < args.rounds:
            for k, fn in measures.items():
                best[k] = min(best[k], timed(fn))  # the fastest wall clock, with its CPU
        if traf_version and r < args.traf_rounds:
            best[traf] = min(
                best[traf], timed(lambda: [trafilatura.extract(t, include_comments=False) for t in texts])
            )

    # How clean_many(threads=2) shares its work: CPU seconds by thread over 3 calls (the rayon
    # workers are named dechrome-N). Wall-clock scaling needs free cores; this does not.
    before = thread_cpu() if Path("/proc/self/task").exists() else {}
    for _ in range(3):
        cleaner.clean_many(pages, threads=2)
    after = thread_cpu() if before else {}
    split = {k: v - before.get(k, 0.0) for k, v in after.items() if v - before.get(k, 0.0) > 0.005}

    loop = n / best["clean() loop, 1 thread"][0]
    rows = []
    for k, (s, cpu) in best.items():
        pps = n / s
        rows.append(f"| {k} | {s:.2f} | {cpu:.2f} | {pps:.0f} | {mb / s:.1f} | {pps / loop:.2f}× |")
    one, two = best["clean_many(threads=1)"][0], best["clean_many(threads=2)"][0]
    lines = [
        f"Python benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC: "
        f"{n} ScrapingHub pages ({mb:.1f} MB), dechrome {dechrome.__version__} (site packs off)"
        + (f", trafilatura {traf_version}" if traf_version else "")
        + f", CPython {platform.python_version()}, {os.cpu_count()} cores, "
        f"best of {args.rounds} (trafilatura: {args.traf_rounds}); {failed} page(s) failed.",
        "",
        "| measure | wall s | CPU s | pages/s | MB/s | vs clean() loop |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"clean_many 2 threads / 1 thread: {one / two:.2f}×",
        "clean_many(threads=2) × 3, CPU s by thread: "
        + ", ".join(f"{k} {v:.2f}" for k, v in sorted(split.items())),
    ]
    if traf_version:
        lines.append(
            f"clean() loop / trafilatura: {best[traf][0] / best['clean() loop, 1 thread'][0]:.1f}×"
        )
    lines.append(f"load average at the end: {os.getloadavg()[0]:.1f}")
    report = "\n".join(lines)
    print(report)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
