#!/usr/bin/env python3
"""Helper of bench/textdump.sh: whole-page text dumps of the WCXB dev pages, peers on the HTML,
and dechrome's JSON turned into ID.txt.

    textdump.py unpack GZ_DIR HTML_DIR            # ID.html.gz -> ID.html (once; skipped when complete)
    textdump.py dump DUMPER HTML_DIR OUT_DIR       # DUMPER: html-text | resiliparse | inscriptis
    textdump.py peer PEER HTML_DIR OUT_DIR         # PEER: justext | trafilatura (prints pages/s)
    textdump.py json2txt JSON_DIR TXT_DIR          # dechrome --format json -> ID.txt + ID.json (title...)
    textdump.py size DIR                           # total bytes of DIR/*.txt
    textdump.py timed DIR -- CMD...                # runs CMD; prints MB/s of DIR/*.txt per CPU second

A page a dumper or peer fails on gets an empty ID.txt (scored as empty).
"""
import gzip
import json
import sys
import time
from pathlib import Path


def read_html(p: Path) -> str:
    return p.read_bytes().decode("utf-8", errors="replace")


def unpack(gz_dir: Path, html_dir: Path):
    srcs = sorted(gz_dir.glob("*.html.gz"))
    html_dir.mkdir(parents=True, exist_ok=True)
    if len(list(html_dir.glob("*.html"))) >= len(srcs):
        return
    for s in srcs:
        dst = html_dir / s.name[:-3]
        if not dst.exists():
            tmp = dst.with_suffix(".tmp")
            tmp.write_bytes(gzip.decompress(s.read_bytes()))
            tmp.rename(dst)


def dumper(name):
    if name == "html-text":
        import html_text

        return lambda h: html_text.extract_text(h, guess_layout=True)
    if name == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text

        return lambda h: extract_plain_text(h, main_content=False)
    if name == "inscriptis":
        from inscriptis import get_text

        return get_text
    raise SystemExit(f"unknown dumper {name}")


def peer(name):
    if name == "justext":
        import justext

        stop = justext.get_stoplist("English")

        def run(h):
            paras = justext.justext(h.encode("utf-8"), stop)
            return "\n\n".join(p.text for p in paras if not p.is_boilerplate)

        return run
    if name == "trafilatura":
        import trafilatura

        return lambda h: trafilatura.extract(h) or ""
    raise SystemExit(f"unknown peer {name}")


def convert(fn, html_dir: Path, out_dir: Path, label: str):
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = sorted(html_dir.glob("*.html"))
    spent, size = 0.0, 0
    for p in pages:
        h = read_html(p)
        t0 = time.perf_counter()
        try:
            text = fn(h) or ""
        except Exception:  # a page a tool fails on is scored as empty
            text = ""
        spent += time.perf_counter() - t0
        size += len(h.encode("utf-8"))
        (out_dir / (p.name[: -len(".html")] + ".txt")).write_text(text, encoding="utf-8")
    rate = len(pages) / spent if spent else 0.0
    (out_dir.parent / f"{out_dir.name}.run.json").write_text(json.dumps({"pages_per_s": rate, "seconds": spent}))
    print(f"{label}: {len(pages)} pages, {rate:.1f} pages/s", file=sys.stderr)


def json2txt(json_dir: Path, txt_dir: Path):
    txt_dir.mkdir(parents=True, exist_ok=True)
    for f in json_dir.rglob("*.json"):
        pid = f.name
        for suffix in (".json", ".txt"):
            if pid.endswith(suffix):
                pid = pid[: -len(suffix)]
        try:
            obj = json.loads(f.read_text(encoding="utf-8"))
            text = obj.get("text") or ""
        except (OSError, ValueError, AttributeError):
            continue
        (txt_dir / f"{pid}.txt").write_text(text, encoding="utf-8")
        meta = {
            "title": obj.get("title"),
            "author": ", ".join(obj.get("authors") or []) or None,
            "date": obj.get("date"),
        }
        (txt_dir / f"{pid}.json").write_text(json.dumps(meta), encoding="utf-8")


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd = argv[1]
    if cmd == "unpack":
        unpack(Path(argv[2]), Path(argv[3]))
    elif cmd == "dump":
        convert(dumper(argv[2]), Path(argv[3]), Path(argv[4]), argv[2])
    elif cmd == "peer":
        convert(peer(argv[2]), Path(argv[3]), Path(argv[4]), argv[2])
    elif cmd == "json2txt":
        json2txt(Path(argv[2]), Path(argv[3]))
    elif cmd == "timed":
        import resource
        import subprocess

        size = sum(p.stat().st_size for p in Path(argv[2]).glob("*.txt"))
        t0 = time.perf_counter()
        subprocess.run(argv[4:], stderr=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - t0
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = ru.ru_utime + ru.ru_stime
        # CPU time, not wall time: on a shared machine the wall clock measures the neighbours.
        print(f"{size / 1e6 / cpu:.1f} MB/s per CPU second ({size / 1e6:.1f} MB, {cpu:.1f} s CPU, {wall:.1f} s wall)")
    elif cmd == "size":
        print(sum(p.stat().st_size for p in Path(argv[2]).glob("*.txt")))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
