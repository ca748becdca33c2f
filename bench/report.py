#!/usr/bin/env python3
"""Build the README table from bench/out (called by bench/run.sh).

    python3 bench/report.py bench/out   > bench/out/results.md

Reads OUT/scores.json (score.py --json), OUT/<system>/_run.json (timings from peers.py and
dechrome_json2txt.py), OUT/timing/*.json (timecmd.py), OUT/parse_only.stdout and OUT/notes.txt.
"""
import json
import platform
import re
import sys
from pathlib import Path

SAME_PROCESS = re.compile(r"same process, (\d+) pages, best of (\d+): parse ([\d.]+) s, clean ([\d.]+) s, clean/parse ([\d.]+)")
PARSED = re.compile(r"parsed\s+(\d+)\s+files?,\s*(\d+)\s+bytes\s+in\s+([\d.eE+-]+)\s*s")


def load_json(p: Path):
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def best_timing(out: Path, prefix: str):
    runs = [t for t in (load_json(p) for p in sorted((out / "timing").glob(f"{prefix}_*.json"))) if t]
    runs = [t for t in runs if t.get("rc") == 0] or [t for t in runs if t.get("wall_s", 0) > 0.5]  # failed but did work
    return min(runs, key=lambda t: t["wall_s"]) if runs else None


def rate(x, digits=None):
    if x is None:
        return "–"
    if digits is not None:
        return f"{x:.{digits}f}"
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}"


def main(argv):
    out = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parent / "out")
    scores = load_json(out / "scores.json") or {"results": []}
    notes = [ln for ln in (out / "notes.txt").read_text().splitlines() if ln.strip()] if (out / "notes.txt").is_file() else []
    pages = sorted((out / "pages").glob("*.html"))
    n_pages = len(pages) or 181
    in_mb = sum(p.stat().st_size for p in pages) / 1e6 if pages else None  # uncompressed HTML, 10^6 bytes
    mbs = lambda wall: f" = {in_mb / wall:.1f} MB/s" if in_mb else ""

    rows = []
    for r in scores["results"]:
        run = load_json(out / r["name"] / "_run.json") or {}
        rows.append((r, run))
    # dechrome first, then peers by F1
    rows.sort(key=lambda rr: (rr[0]["name"] != "dechrome", -rr[0]["f1"]))

    lines = []
    w = lines.append
    w("## ScrapingHub article-extraction benchmark (181 pages, 31.5 MB HTML)")
    w("")
    w("| system | F1 | precision | recall | pages/s (1 thread) | MB/s | pages/s end-to-end | empty |")
    w("|---|---|---|---|---|---|---|---|")
    for r, run in rows:
        name = run.get("version") or r["name"]
        if r["name"] == "dechrome":
            name = f"**{name}**"
        pm = lambda k: f"{r[k]:.3f} ± {r[k + '_std']:.3f}" if k + "_std" in r else f"{r[k]:.3f}"
        speed = rate(run.get("docs_per_s"))
        if r["name"] == "dechrome" and run.get("docs_per_s") is not None:
            speed += " ¹"
        w(f"| {name} | {pm('f1')} | {pm('precision')} | {pm('recall')} | {speed} | {rate(run.get('mb_per_s'))} | "
          f"{rate(run.get('e2e_docs_per_s'))} | {r['empty'] + r['missing']} |")
    w("")

    # dechrome details
    t1 = best_timing(out, "dechrome_t1")
    t1mem = best_timing(out, "dechrome_t1mem")
    t2 = best_timing(out, "dechrome_t2")
    po = best_timing(out, "parse_only")
    po_line = None
    if (out / "parse_only.stdout").is_file():
        found = PARSED.findall((out / "parse_only.stdout").read_text(errors="replace"))
        if found:
            po_line = min(((int(a), int(b), float(c)) for a, b, c in found), key=lambda x: x[2])
    d = []
    if t1:
        if t1.get("rc"):
            d.append(f"- WARNING: dechrome exited with code {t1['rc']}; its timing is of a failed run")
        d.append(f"- dechrome, 1 thread: {t1['wall_s']:.2f} s wall = {n_pages / t1['wall_s']:.1f} pages/s{mbs(t1['wall_s'])}, "
                 f"peak RSS {t1['max_rss_kb'] / 1024:.0f} MiB, CPU {t1['user_s'] + t1['sys_s']:.2f} s")
    if t2:
        d.append(f"- dechrome, 2 threads: {t2['wall_s']:.2f} s wall = **{n_pages / t2['wall_s']:.1f} pages/s**{mbs(t2['wall_s'])}, "
                 f"peak RSS {t2['max_rss_kb'] / 1024:.0f} MiB"
                 + (f", speed-up ×{t1['wall_s'] / t2['wall_s']:.2f} over 1 thread" if t1 else ""))
    if po:
        extra = ""
        if po_line:
            n, b, s = po_line
            extra = f" (its own count: {n} files, {b / 1e6:.1f} MB parsed in {s:.3f} s = {n / s:.0f} pages/s, {b / 1e6 / s:.0f} MB/s)"
        d.append(f"- html5ever parse-only baseline (examples/parse_only, 1 thread): {po['wall_s']:.2f} s wall = "
                 f"{n_pages / po['wall_s']:.0f} pages/s{extra}")
        if t1:
            d.append(f"- **dechrome time / parse-only time = {t1['wall_s'] / po['wall_s']:.2f}** (both whole-process wall clock, "
                     "same input directory; dechrome writes its 181 JSON files to bench/out, on the repository's disk)")
            if t1mem:
                d.append(f"- **= {t1mem['wall_s'] / po['wall_s']:.2f} with the JSON files written to a memory file system** "
                         f"(dechrome {t1mem['wall_s']:.2f} s wall = {n_pages / t1mem['wall_s']:.0f} pages/s; MEM_OUT)")
            if po_line:
                d.append(f"  (dechrome wall / parse_only's internal parse time = {t1['wall_s'] / po_line[2]:.2f}"
                         + (f", {t1mem['wall_s'] / po_line[2]:.2f} with the files in memory" if t1mem else "") + ")")
    sp = out / "parse_vs_clean.stdout"
    if sp.is_file():
        m = SAME_PROCESS.search(sp.read_text(errors="replace"))
        if m:
            d.append(f"- same process, same binary (examples/parse_vs_clean, pages in memory, best of "
                     f"{m.group(2)}, passes alternating): parse {float(m.group(3)):.3f} s, `clean_bytes` + JSON "
                     f"{float(m.group(4)):.3f} s, **clean / parse = {float(m.group(5)):.2f}**")
    if d:
        w("### dechrome speed")
        w("")
        lines.extend(d)
        w("")

    w("### How it was measured")
    w("")
    w("- Score: `score.py scrapinghub` (token 4-gram shingles, per-page means; ± = bootstrap std over pages). "
      "`empty` = pages with no or empty output.")
    w("- Peers (`bench/peers.py`): one Python process, one thread, peers run one after another. pages/s and MB/s "
      "(MB of uncompressed HTML) time only the extraction call + writing ID.txt, on pages already in memory, after "
      "one untimed warm-up call; *end-to-end* adds reading the .html.gz, gunzip and UTF-8 decoding per page.")
    w("- ¹ dechrome: wall clock of the whole `dechrome clean bench/out/pages -o DIR --format json --threads N "
      "--no-site-rules` process (start-up, reading the 181 .html files, parsing, extraction, writing JSON), "
      "so its figure is an end-to-end one; `text` of each ID.json is what is scored.")
    w(f"- Machine: {platform.machine()}, {platform.system()}, Python {platform.python_version()}; "
      "2 cores shared with other work, so timings vary by ~10–20 % between runs.")
    if notes:
        w("")
        w("### Notes from this run")
        w("")
        for n in notes:
            w(f"- {n}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
