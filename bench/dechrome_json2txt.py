#!/usr/bin/env python3
"""Turn dechrome's `--format json` output into ID.txt files for score.py.

    python3 bench/dechrome_json2txt.py JSON_DIR TXT_DIR [--timing T.json ...] [--version V] [--pages-dir D]

JSON_DIR holds one JSON object per page (ID.json, or ID.html.json; searched recursively);
the body is the object's `text` field (or `article.text`). If JSON_DIR is a file instead,
it is read as JSON Lines with a path-like field (`source`, `path`, `file`, `input` or `id`).
A page whose JSON is missing, unreadable or has no text gets no ID.txt (score.py scores it
as empty). With --timing, TXT_DIR/_run.json gets version and speed (score.py --markdown reads it).
"""
import argparse
import json
import sys
from pathlib import Path


def page_id(name: str) -> str:
    for suffix in (".json", ".gz", ".html", ".htm"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def body(obj):
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("text"), str):
        return obj["text"]
    inner = obj.get("article")
    if isinstance(inner, dict) and isinstance(inner.get("text"), str):
        return inner["text"]
    return None


def load(src: Path):
    """Yield (id, text or None, problem or None)."""
    if src.is_dir():
        for p in sorted(src.rglob("*.json")):
            if p.name.startswith("_"):
                continue
            try:
                obj = json.loads(p.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                yield page_id(p.name), None, f"bad JSON: {exc}"
                continue
            t = body(obj)
            yield page_id(p.name), t, None if t is not None else "no `text` field"
    else:
        for n, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield f"line{n}", None, f"bad JSON: {exc}"
                continue
            key = next((obj.get(k) for k in ("source", "path", "file", "input", "id") if isinstance(obj.get(k), str)), None)
            if key is None:
                yield f"line{n}", None, "no path-like field"
                continue
            t = body(obj)
            yield page_id(Path(key).name), t, None if t is not None else "no `text` field"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json_src", type=Path)
    ap.add_argument("txt_dir", type=Path)
    ap.add_argument("--timing", type=Path, nargs="+", action="extend", default=[], help="timecmd.py JSON(s); the fastest is used")
    ap.add_argument("--version", default="dechrome")
    ap.add_argument("--pages-dir", type=Path, help="the input .html dir, for page count and MB")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)

    if not args.json_src.exists():
        print(f"error: no dechrome output at {args.json_src}", file=sys.stderr)
        return 2
    args.txt_dir.mkdir(parents=True, exist_ok=True)
    for old in args.txt_dir.glob("*.txt"):
        old.unlink()
    ok, problems = 0, []
    for pid, text, problem in load(args.json_src):
        if text is None:
            problems.append(f"{pid}: {problem}")
            continue
        (args.txt_dir / f"{pid}.txt").write_text(text, encoding="utf-8")
        ok += 1
    print(f"dechrome json -> txt: {ok} pages written to {args.txt_dir}; {len(problems)} problems")
    for p in problems[:10]:
        print(f"  {p}")

    if args.timing:
        timings = [json.loads(t.read_text()) for t in args.timing if t.is_file()]
        timings = [t for t in timings if t.get("rc") == 0] or timings  # a failed run still has a wall time
        if timings:
            best = min(timings, key=lambda t: t["wall_s"])
            pages = sorted(args.pages_dir.glob("*.html")) if args.pages_dir else []
            n = len(pages) or ok
            mb = sum(p.stat().st_size for p in pages) / 1e6 if pages else None
            wall = best["wall_s"]
            info = {"name": "dechrome", "version": args.version, "pages": n, "html_mb": mb,
                    "extract_s": round(wall, 4), "docs_per_s": n / wall, "mb_per_s": mb / wall if mb else None,
                    "e2e_s": round(wall, 4), "e2e_docs_per_s": n / wall, "e2e_mb_per_s": mb / wall if mb else None,
                    "max_rss_kb": best.get("max_rss_kb"), "rc": best.get("rc"), "user_s": best.get("user_s"), "sys_s": best.get("sys_s"),
                    "errors": len(problems), "timeouts": 0, "threads": args.threads, "runs": len(timings),
                    "timing": "whole process wall clock: start-up, reading ID.html, parsing, extraction, writing JSON"}
            (args.txt_dir / "_run.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
