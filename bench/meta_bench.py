#!/usr/bin/env python3
"""Metadata bench: title / author / date exact match on WCXB dev, dechrome side by side with peers.

    meta_bench.py peer NAME HTML_DIR OUT_DIR      # run one peer, write OUT_DIR/ID.json + _run.json
    meta_bench.py dechrome JSON_DIR OUT_DIR SECS  # dechrome --format json outputs -> OUT_DIR/ID.json
    meta_bench.py score OUT_DIR [OUT_DIR ...]      # one table, the scorer's own comparison

Peers (each given the page's HTML only, no URL, like dechrome): trafilatura (bare_extraction with
metadata), htmldate find_date fast and extensive (original_date=True, as trafilatura calls it),
newspaper4k. Pages/s: the peer's call only, pages already in memory, one process. A peer's output
folder with a complete _run.json is reused (delete it to re-run).
"""
import json
import sys
import time
from pathlib import Path

import os  # noqa: E402

HERE = Path(__file__).resolve().parent
for cand in (Path(os.environ.get("WCXB_BENCH", HERE)), HERE.parents[1] / "shared" / "bench",
             HERE.parents[2] / "shared" / "bench"):
    if (cand / "wcxb_score.py").exists():
        sys.path.insert(0, str(cand))
        break
import wcxb_score  # noqa: E402


def peer_fn(name):
    if name == "trafilatura":
        from trafilatura import bare_extraction

        def f(html):
            d = bare_extraction(html, with_metadata=True)
            if d is None:
                return {}
            d = d if isinstance(d, dict) else d.as_dict()
            return {"title": d.get("title"), "author": d.get("author"), "date": d.get("date")}
        return f
    if name.startswith("htmldate"):
        from htmldate import find_date
        ext = name.endswith("extensive")

        def f(html):
            return {"date": find_date(html, extensive_search=ext, original_date=True)}
        return f
    if name == "newspaper4k":
        import newspaper

        def f(html):
            a = newspaper.Article("http://example.com/", fetch_images=False)
            a.download(input_html=html)
            a.parse()
            d = a.publish_date
            return {"title": a.title, "author": ", ".join(a.authors),
                    "date": d.isoformat() if d else None}
        return f
    raise SystemExit(f"unknown peer {name}")


def run_peer(name, html_dir, out_dir):
    out = Path(out_dir)
    run = out / "_run.json"
    pages = sorted(Path(html_dir).glob("*.html"))
    if run.exists() and json.loads(run.read_text()).get("pages") == len(pages):
        print(f"{name}: cached in {out}")
        return
    out.mkdir(parents=True, exist_ok=True)
    f = peer_fn(name)
    spent = 0.0
    for p in pages:
        html = p.read_text(encoding="utf-8", errors="replace")
        t = time.perf_counter()
        try:
            m = f(html)
        except Exception as e:  # a peer's crash is a miss, not the end of the run
            m = {"error": repr(e)[:200]}
        spent += time.perf_counter() - t
        (out / f"{p.stem}.json").write_text(json.dumps(m, ensure_ascii=False, default=str))
    run.write_text(json.dumps({"pages": len(pages), "seconds": spent}))
    print(f"{name}: {len(pages)} pages, {len(pages) / spent:.1f} pages/s")


def convert_dechrome(json_dir, out_dir, secs):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for p in sorted(Path(json_dir).rglob("*.json")):
        pid = p.name.split(".")[0]
        try:
            a = json.loads(p.read_text(encoding="utf-8"))
        except ValueError:
            continue
        m = {"title": a.get("title"), "author": ", ".join(a.get("authors") or []) or None,
             "date": a.get("date"), "sources": a.get("sources")}
        (out / f"{pid}.json").write_text(json.dumps(m, ensure_ascii=False))
        n += 1
    (out / "_run.json").write_text(json.dumps({"pages": n, "seconds": float(secs)}))


def score(dirs):
    gold = wcxb_score.load_gold()
    keys = ("title", "author", "date")
    print(f"WCXB dev, {len(gold)} pages; gold present: "
          + ", ".join(f"{k} {sum(1 for g in gold.values() if g[k])}" for k in keys))
    print(f"{'system':22s} {'title':>6} {'author':>6} {'date':>6} {'pages/s':>8}")
    for d in map(Path, dirs):
        hit = dict.fromkeys(keys, 0)
        n = dict.fromkeys(keys, 0)
        for pid, g in gold.items():
            f = d / f"{pid}.json"
            m = json.loads(f.read_text(encoding="utf-8")) if f.exists() else {}
            for k in keys:
                if g[k]:
                    n[k] += 1
                    hit[k] += wcxb_score.same_meta(k, m.get(k), g[k])
        run = d / "_run.json"
        speed = ""
        if run.exists():
            r = json.loads(run.read_text())
            speed = f"{r['pages'] / r['seconds']:.1f}" if r.get("seconds") else ""
        cells = " ".join(f"{hit[k] / max(1, n[k]):6.3f}" if d.name.startswith(("dechrome", "trafilatura", "newspaper"))
                         or k == "date" else f"{'-':>6}" for k in keys)
        print(f"{d.name:22s} {cells} {speed:>8}")


def main(argv):
    if len(argv) >= 4 and argv[0] == "peer":
        run_peer(argv[1], argv[2], argv[3])
    elif len(argv) == 4 and argv[0] == "dechrome":
        convert_dechrome(argv[1], argv[2], argv[3])
    elif len(argv) >= 2 and argv[0] == "score":
        score(argv[1:])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
