#!/usr/bin/env python3
"""dechrome's lowest-F1 WCXB pages per page type, with a failure kind for each, to find what fails.

    python3 bench/wcxb_worst.py [SYS_DIR] [--peer DIR ...] [--per-type N] [--type T] [--kind K] [--dev DIR]

SYS_DIR (default bench/out/wcxb/dechrome) holds ID.txt (+ ID.json with page_type) as bench/wcxb.sh
writes them; each --peer DIR adds the best peer's F1 on the same page (default: every complete peer
folder next to SYS_DIR, or under $WCXB_CACHE). Scoring is wcxb_score.py's own (imported from next to
the split, --dev).

Kinds, for a page under F1 0.5 (output and gold counted in \\w+ words):
  empty      the output has no words
  too-little precision >= 0.5 but recall < 0.5: a right fragment, most of the content missed
  too-much   recall >= 0.5 but precision < 0.5: the content plus much chrome (often the whole page)
  wrong      precision and recall < 0.5: mostly another part of the page
  no-gold    the gold body is empty (the page has no main content) but the output is not
Prints a summary (kinds per type), then per type the N lowest pages: F1 P R, id, words gold/out,
kind, dechrome's page type when it differs from the gold's, the best peer's F1, URL.
"""
import argparse
import importlib.util
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ["empty", "too-little", "too-much", "wrong", "no-gold"]


def load_scorer(dev: Path):
    path = dev.parent / "wcxb_score.py"
    spec = importlib.util.spec_from_file_location("wcxb_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.DATA = dev
    return mod


def read(d: Path, pid: str):
    f = d / f"{pid}.txt"
    return f.read_text(encoding="utf-8", errors="replace") if f.exists() else ""


def kind(P, R, n_out, n_gold):
    if n_gold == 0:
        return "no-gold"
    if n_out == 0:
        return "empty"
    if P >= 0.5 and R < 0.5:
        return "too-little"
    if R >= 0.5 and P < 0.5:
        return "too-much"
    return "wrong"


def default_peers(sys_dir: Path):
    roots = [sys_dir.parent]
    if os.environ.get("WCXB_CACHE"):
        roots.insert(0, Path(os.environ["WCXB_CACHE"]))
    seen, out = set(), []
    for root in roots:
        for d in sorted(root.iterdir()) if root.is_dir() else []:
            if d.is_dir() and d != sys_dir and (d / "_run.json").exists() and d.name not in seen \
                    and ".partial" not in d.name and ".old" not in d.name:
                seen.add(d.name)
                out.append(d)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sys_dir", nargs="?", type=Path, default=HERE / "out" / "wcxb" / "dechrome")
    ap.add_argument("--peer", action="append", type=Path, help="a peer's output folder (repeatable)")
    ap.add_argument("--per-type", type=int, default=12, help="pages listed per type (default 12)")
    ap.add_argument("--type", help="only this page type")
    ap.add_argument("--kind", choices=KINDS, help="only pages of this failure kind")
    ap.add_argument("--dev", type=Path, default=Path(os.environ.get("WCXB_DEV", "/work/shared/bench/wcxb-dev")))
    args = ap.parse_args(argv)

    sc = load_scorer(args.dev)
    gold = sc.load_gold()
    peers = args.peer if args.peer is not None else default_peers(args.sys_dir)
    rows = []
    for pid, g in gold.items():
        out = read(args.sys_dir, pid)
        P, R, F = sc.word_prf(out, g["text"])
        meta = args.sys_dir / f"{pid}.json"
        ptype = (json.loads(meta.read_text(encoding="utf-8")).get("page_type") if meta.exists() else None) or ""
        best = max(((sc.word_prf(read(p, pid), g["text"])[2], p.name) for p in peers), default=None)
        n_out, n_gold = len(sc.tokens(out)), len(sc.tokens(g["text"]))
        rows.append({"id": pid, "type": g["type"], "url": g["url"], "P": P, "R": R, "F": F, "n_out": n_out,
                     "n_gold": n_gold, "kind": kind(P, R, n_out, n_gold) if F < 0.5 else "", "ptype": ptype, "best": best})

    by_type = defaultdict(list)
    for r in rows:
        by_type[r["type"]].append(r)
    types = [t for t in sc.TYPES if t in by_type and (not args.type or t == args.type)]

    print(f"# {args.sys_dir}: lowest pages per type ({len(rows)} pages; peers: "
          f"{', '.join(p.name for p in peers) or 'none'})\n")
    print("| type | pages | mean F1 | F1<0.5 | " + " | ".join(KINDS) + " | best peer ≥ 0.8 where F1<0.5 |")
    print("|---|" + "---|" * (4 + len(KINDS)))
    for t in types:
        rs = by_type[t]
        fails = [r for r in rs if r["F"] < 0.5]
        c = Counter(r["kind"] for r in fails)
        beaten = sum(1 for r in fails if r["best"] and r["best"][0] >= 0.8)
        print(f"| {t} | {len(rs)} | {sum(r['F'] for r in rs) / len(rs):.3f} | {len(fails)} | "
              + " | ".join(str(c[k]) for k in KINDS) + f" | {beaten} |")
    for t in types:
        rs = sorted(by_type[t], key=lambda r: (r["F"], r["id"]))
        if args.kind:
            rs = [r for r in rs if r["kind"] == args.kind]
        print(f"\n## {t}\n\n```")
        print(f"{'F1':>5} {'P':>5} {'R':>5}  {'id':6} {'gold w':>7} {'out w':>7}  {'kind':10} {'got type':13} "
              f"{'best peer':26} url")
        for r in rs[: args.per_type]:
            got = r["ptype"] if r["ptype"] and r["ptype"] != t else ""
            best = f"{r['best'][0]:.3f} {r['best'][1]}" if r["best"] else ""
            print(f"{r['F']:5.3f} {r['P']:5.3f} {r['R']:5.3f}  {r['id']:6} {r['n_gold']:7d} {r['n_out']:7d}  "
                  f"{r['kind']:10} {got:13} {best:26} {r['url']}")
        print("```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
