#!/usr/bin/env python3
"""Helpers of bench/wcxb.sh.

    wcxb_report.py dechrome JSON_DIR OUT_DIR --pages N --timing T.json --version V
        dechrome's `--format json` files -> OUT_DIR/ID.txt (`text`) and ID.json
        ({title, author, date, page_type}, the shape wcxb_score.py reads) + _run.json (speed).
    wcxb_report.py merge DIR
        DIR/_run.shard-*.json (one per process of a sharded peer run) -> DIR/_run.json: pages,
        seconds, CPU seconds and errors added up (each shard timed its own pages one by one on one
        thread, so the sum is a one-thread figure).
    wcxb_report.py table --score-py S --out results.md DIR [DIR ...]
        one wcxb_score.py call over all DIRs, its raw output to results.md's folder (scores.txt),
        then the markdown table (F1, P, R, pages F1<0.5, F1 per page type, pages/s) and a second
        table (snippets, metadata, empty outputs, page-type agreement, speed detail).
"""
import argparse
import datetime
import json
import subprocess
import sys
from pathlib import Path

TYPES = ["article", "forum", "product", "collection", "listing", "documentation", "service"]
TYPE_HEAD = ["article", "forum", "product", "collection", "listing", "docs", "service"]


def convert_dechrome(args):
    src, dst = Path(args.json_dir), Path(args.out_dir)
    dst.mkdir(parents=True, exist_ok=True)
    for old in dst.iterdir():
        old.unlink()
    n = bad = 0
    for p in sorted(src.rglob("*.json")):
        pid = p.name[: -len(".json")]
        for suffix in (".html", ".htm"):
            pid = pid[: -len(suffix)] if pid.endswith(suffix) else pid
        try:
            obj = json.loads(p.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            bad += 1
            continue
        (dst / f"{pid}.txt").write_text(obj.get("text") or "", encoding="utf-8")
        meta = {"title": obj.get("title"), "author": ", ".join(obj.get("authors") or []) or None,
                "date": obj.get("date"), "page_type": obj.get("page_type")}
        (dst / f"{pid}.json").write_text(json.dumps({k: v for k, v in meta.items() if v}, ensure_ascii=False),
                                         encoding="utf-8")
        n += 1
    t = json.loads(Path(args.timing).read_text(encoding="utf-8"))
    cpu = t["user_s"] + t["sys_s"]
    info = {"name": "dechrome", "version": args.version, "pages": args.pages, "outputs": n, "bad_json": bad,
            "extract_s": t["wall_s"], "docs_per_s": args.pages / t["wall_s"], "cpu_s": cpu,
            "cpu_docs_per_s": args.pages / cpu if cpu else None, "max_rss_kb": t.get("max_rss_kb"),
            "threads": 1, "timing": "whole `dechrome clean` process (start-up, reading, JSON writing)"}
    (dst / "_run.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    print(f"dechrome: {n} outputs ({bad} unreadable) -> {dst}", file=sys.stderr)
    return 0


def merge_runs(args):
    d = Path(args.dir)
    parts = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(d.glob("_run.shard-*.json"))]
    if not parts:
        print(f"no _run.shard-*.json in {d}", file=sys.stderr)
        return 1
    info = dict(parts[0])
    info.pop("shard", None)
    for k in ("pages", "html_mb", "extract_s", "cpu_s", "errors"):
        info[k] = sum(p.get(k) or 0 for p in parts)
    info["error_ids"] = [e for p in parts for e in p.get("error_ids") or []]
    info["docs_per_s"] = info["pages"] / info["extract_s"] if info["extract_s"] else None
    info["mb_per_s"] = info["html_mb"] / info["extract_s"] if info["extract_s"] else None
    info["cpu_docs_per_s"] = info["pages"] / info["cpu_s"] if info["cpu_s"] else None
    info["shards"] = len(parts)
    info["timing"] = (info.get("timing") or "") + f"; {len(parts)} single-thread processes, per-page times summed"
    (d / "_run.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    for f in d.glob("_run.shard-*.json"):
        f.unlink()
    return 0


def parse_scores(text, n_dirs):
    """The per-folder lines of wcxb_score.py's output, in the order the folders were given."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("system"))
    rows = []
    for ln in lines[start + 1:]:
        if ln.startswith(" ") or not ln.strip():
            continue
        left, types, meta = ln.split("|")
        nums = left.split()[-6:]
        rows.append({"F1": float(nums[0]), "P": float(nums[1]), "R": float(nums[2]), "with": float(nums[3]),
                     "without": float(nums[4]), "fails": int(nums[5]),
                     "types": [float(x) for x in types.split()], "meta": [float(x) for x in meta.split()]})
    if len(rows) != n_dirs:
        raise SystemExit(f"wcxb_score.py printed {len(rows)} rows for {n_dirs} folders")
    return rows


def load_gold(score_py):
    data = Path(score_py).resolve().parent / "wcxb-dev" / "ground-truth"
    gold = {}
    for f in sorted(data.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        pt = (d.get("_internal") or {}).get("page_type") or {}
        pt = pt.get("primary", "article") if isinstance(pt, dict) else (pt or "article")
        body = ((d.get("ground_truth") or {}).get("main_content") or "").strip()
        gold[f.stem] = ("collection" if pt == "category" else pt, bool(body))
    return gold


def extras(d, gold):
    """Empty outputs where the gold has a body, and page-type agreement when ID.json has page_type."""
    empty = typed = agree = 0
    for pid, (ptype, has_body) in gold.items():
        f = d / f"{pid}.txt"
        if has_body and (not f.exists() or not f.read_text(encoding="utf-8", errors="replace").strip()):
            empty += 1
        m = d / f"{pid}.json"
        if m.exists():
            got = (json.loads(m.read_text(encoding="utf-8")).get("page_type") or "").lower()
            if got:
                typed += 1
                agree += got == ptype or (got, ptype) == ("docs", "documentation")
    return empty, (agree / len(gold) if typed else None)


def fmt_rate(x, digits=None):
    if x is None:
        return "–"
    if digits is None:
        digits = 0 if x >= 10 else 1 if x >= 1 else 2
    return f"{x:,.{digits}f}"


def table(args):
    dirs = [Path(d) for d in args.dirs]
    proc = subprocess.run([sys.executable, args.score_py, *map(str, dirs)], capture_output=True, text=True)
    out_md = Path(args.out)
    (out_md.parent / "scores.txt").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        return proc.returncode
    rows = parse_scores(proc.stdout, len(dirs))
    gold = load_gold(args.score_py)
    runs = []
    for d in dirs:
        f = d / "_run.json"
        runs.append(json.loads(f.read_text(encoding="utf-8")) if f.exists() else {})

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    md = [f"WCXB development split ({len(gold)} pages), `bench/wcxb.sh`, {now}. "
          "Word-level F1/P/R of `\\w+` tokens averaged per page (`wcxb_score.py`); F1 per page type; "
          "pages/s = pages per CPU second on one thread (see the second table for wall clock).", "",
          "| system | F1 | P | R | pages F1<0.5 | " + " | ".join(TYPE_HEAD) + " | pages/s |",
          "|---|" + "---|" * (4 + len(TYPE_HEAD) + 1)]
    for d, r, run in zip(dirs, rows, runs):
        name = run.get("version") or d.name
        md.append(f"| {name} | {r['F1']:.3f} | {r['P']:.3f} | {r['R']:.3f} | {r['fails']} | "
                  + " | ".join(f"{x:.3f}" for x in r["types"]) + f" | {fmt_rate(run.get('cpu_docs_per_s'))} |")
    md += ["", "| system | with | without | title | author | date | empty (gold has body) | page type agrees "
           "| pages/s wall | CPU s | errors | timed |", "|---|" + "---|" * 11]
    for d, r, run in zip(dirs, rows, runs):
        empty, agree = extras(d, gold)
        name = run.get("version") or d.name
        has_meta = any(f.name != "_run.json" for f in d.glob("*.json"))
        meta = " | ".join(f"{x:.3f}" if has_meta else "–" for x in r["meta"])
        md.append(f"| {name} | {r['with']:.3f} | {r['without']:.3f} | " + meta
                  + f" | {empty} | {fmt_rate(None if agree is None else 100 * agree, 1)}{'' if agree is None else ' %'}"
                  + f" | {fmt_rate(run.get('docs_per_s'))} | {fmt_rate(run.get('cpu_s'), 1)} | {run.get('errors', 0)}"
                  + f" | {run.get('timing', '–')} |")
    md += ["", "with / without: share of the gold's must-have / must-not-have snippets found in the output. "
           "title/author/date: exact-match rates (wcxb_score.py). Wall-clock pages/s depends on what else "
           "runs on the 2 shared cores; CPU pages/s much less so."]
    text = "\n".join(md) + "\n"
    out_md.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("dechrome")
    c.add_argument("json_dir")
    c.add_argument("out_dir")
    c.add_argument("--pages", type=int, required=True)
    c.add_argument("--timing", required=True)
    c.add_argument("--version", default="dechrome")
    m = sub.add_parser("merge")
    m.add_argument("dir")
    t = sub.add_parser("table")
    t.add_argument("--score-py", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("dirs", nargs="+")
    args = ap.parse_args(argv)
    return {"dechrome": convert_dechrome, "merge": merge_runs, "table": table}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
