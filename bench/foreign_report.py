#!/usr/bin/env python3
"""Markdown report for the foreign benchmark (called by bench/foreign.sh).

    python3 bench/foreign_report.py --out bench/out/foreign [--score-py PATH] [--worst N] > bench/out/foreign.md

Reads OUT/scores.json (score.py --json, with per-page counts), OUT/data/pages.json
(foreign_prepare.py), OUT/<system>/_run.json and OUT/notes.txt. Per-language and per-source
figures use score.py's own shingle_summary on the per-page counts of that subset, so each row
is computed exactly like the overall one (mean page precision / recall, F1 of the means).
"""
import argparse
import importlib.util
import json
from collections import defaultdict
from pathlib import Path

SOURCES = {
    "readabilityrs": ("readabilityrs 0.1.4", "crates.io", "Apache-2.0",
                      "Mozilla Readability's test-pages (source.html; gold = text of expected.html)"),
    "newspaper4k": ("newspaper4k 0.9.6", "PyPI sdist", "MIT",
                    "tests/data/html + tests/data/txt (gold = the .txt)"),
}


def load_json(p: Path):
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def page_prf(c):
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    if fp == 0 and fn == 0:
        return 1.0, 1.0, 1.0  # as score.py: identical (or both empty)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--score-py", type=Path, default=Path("/work/shared/bench/score.py"))
    ap.add_argument("--worst", type=int, default=15)
    args = ap.parse_args(argv)

    spec = importlib.util.spec_from_file_location("score", args.score_py)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)

    out = args.out
    scores = load_json(out / "scores.json") or {"results": []}
    meta = load_json(out / "data" / "pages.json") or {"pages": {}, "excluded": {}, "notes": []}
    pages = meta["pages"]
    notes = [ln for ln in (out / "notes.txt").read_text().splitlines() if ln.strip()] if (out / "notes.txt").is_file() else []

    results = sorted(scores["results"], key=lambda r: (r["name"] != "dechrome", -r["f1"]))
    names = [r["name"] for r in results]
    runs = {r["name"]: load_json(out / r["name"] / "_run.json") or {} for r in results}
    per_doc = {r["name"]: r["per_doc"] for r in results}

    def subset(name, ids):
        counts = [(per_doc[name][i]["tp"], per_doc[name][i]["fp"], per_doc[name][i]["fn"]) for i in ids if i in per_doc[name]]
        return score.shingle_summary(counts)

    def cells(ids):
        """One "F1 (P / R)" cell per system over the pages `ids`."""
        out = []
        for x in names:
            s = subset(x, ids)
            out.append(f"{s['f1']:.3f} ({s['precision']:.2f} / {s['recall']:.2f})")
        return out

    w = print
    n = len(pages)
    n_lang = len({p["lang"] for p in pages.values()})
    w(f"## Foreign benchmark: other projects' test pages ({n} pages, {n_lang} languages)")
    w("")
    w("Pages and gold from other projects' test suites, downloaded at run time (bench/.cache/, never committed); "
      "dechrome runs with `--no-site-rules` (generic rules only). Scorer: score.py's shingle metric "
      "(`score.py scrapinghub --data bench/out/foreign/data`).")
    w("")
    w("| source | registry | licence | what | pages |")
    w("|---|---|---|---|---|")
    for key, (pkg, reg, lic, what) in SOURCES.items():
        k = sum(1 for p in pages.values() if p["source"].startswith(key))
        w(f"| {pkg} | {reg} | {lic} | {what} | {k} |")
    w("")
    w("### Overall")
    w("")
    w("| system | F1 | precision | recall | empty / missing | errors |")
    w("|---|---|---|---|---|---|")
    for r in results:
        run = runs[r["name"]]
        ver = run.get("version") or r["name"]
        std = lambda k: f" ± {r[k + '_std']:.3f}" if k + "_std" in r else ""
        w(f"| {ver} | {r['f1']:.3f}{std('f1')} | {r['precision']:.3f}{std('precision')} | {r['recall']:.3f}{std('recall')} "
          f"| {r['empty'] + r['missing']} | {run.get('errors', '') or 0} |")
    w("")

    # per source
    w("### By source")
    w("")
    w("| source | pages | " + " | ".join(f"{x} F1 (P / R)" for x in names) + " |")
    w("|---|---|" + "---|" * len(names))
    for key in SOURCES:
        ids = [i for i, p in pages.items() if p["source"].startswith(key)]
        if not ids:
            continue
        w(f"| {SOURCES[key][0]} | {len(ids)} | " + " | ".join(cells(ids)) + " |")
    w("")

    # per language
    by_lang = defaultdict(list)
    for i, p in pages.items():
        by_lang[p["lang"]].append(i)
    w("### By language")
    w("")
    w("Language from the source's metadata, else detected from the gold text. F1 (precision / recall); "
      "one- or two-page rows are anecdotes, not measurements.")
    w("")
    w("| language | pages | " + " | ".join(names) + " |")
    w("|---|---|" + "---|" * len(names))
    rows = sorted(by_lang.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    non_en = [i for i, p in pages.items() if p["lang"] != "en"]
    for lang, ids in rows + [("**all but en**", non_en)]:
        w(f"| {lang} | {len(ids)} | " + " | ".join(cells(ids)) + " |")
    w("")

    # worst dechrome pages
    if "dechrome" in per_doc:
        w(f"### dechrome: the {args.worst} lowest-F1 pages")
        w("")
        w("Page F1 = harmonic mean of the page's shingle precision and recall (the same counts as above).")
        w("")
        w("| page | lang | dechrome F1 | P | R | " + " | ".join(f"{x} F1" for x in names if x != "dechrome") + " |")
        w("|---|---|---|---|---|" + "---|" * (len(names) - 1))
        ranked = sorted(pages, key=lambda i: (page_prf(per_doc["dechrome"][i])[2], i))
        for i in ranked[: args.worst]:
            p, r, f = page_prf(per_doc["dechrome"][i])
            others = [f"{page_prf(per_doc[x][i])[2]:.2f}" for x in names if x != "dechrome"]
            w(f"| {i} | {pages[i]['lang']} | {f:.2f} | {p:.2f} | {r:.2f} | " + " | ".join(others) + " |")
        w("")

    w("### Notes")
    w("")
    w(f"- Left out: {len(meta['excluded'])} candidate pages "
      f"({'; '.join(sorted({v.split(' (')[0] for v in meta['excluded'].values()}))}), listed in data/pages.json.")
    w("- The gold is another extractor's reviewed output (Readability.js for moz-*, newspaper for np-*), not a "
      "human annotation: it keeps what that extractor keeps (Readability: figure captions, tables; newspaper: "
      "paragraph text only, no headings), so an extractor that resembles the source scores higher on it.")
    w("- score.py tokenises with `\\w+`: Chinese and Japanese text has no spaces, so a token is a whole clause "
      "between punctuation marks and a shingle spans four clauses; Thai and Burmese split at combining vowel "
      "signs. Those rows are coarser than the Latin-script ones.")
    w(f"- Language detection: {meta.get('langid', '?')}.")
    for ln in meta.get("notes", []):
        w(f"- {ln}")
    for ln in notes:
        w(f"- {ln}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
