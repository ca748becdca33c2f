#!/usr/bin/env python3
"""Build the "foreign" gold set from other projects' test suites (called by bench/foreign.sh).

    python3 bench/foreign_prepare.py --cache bench/.cache --out bench/out/foreign/data [--score-py PATH]

Sources (downloaded and unpacked into --cache by foreign.sh; never committed):

  moz-*  readabilityrs 0.1.4 (crates.io, Apache-2.0): tests/test-pages/NAME/{source.html,
         expected.html, expected-metadata.json}, Mozilla Readability's test pages. Gold text =
         the visible text of expected.html (score.py's html_to_text: block elements -> newlines).
         The synthetic unit-test pages (Lorem ipsum, a few KB: base-url, replace-brs, rtl-1..4 ...)
         are left out: source.html under MIN_SOURCE_BYTES, Lorem-ipsum gold, or gold under MIN_GOLD_CHARS.
  np-*   newspaper4k 0.9.6 (PyPI sdist, MIT): tests/data/html/NAME.html + tests/data/txt/NAME.txt
         (+ metadata/NAME.json). Gold text = the .txt as shipped.

Every page is checked against its gold: the share of gold 4-token shingles that occur anywhere in
the page's own visible text ("coverage"). A page under MIN_COVERAGE is left out (stale gold, or gold
that is not in the HTML at all); so is a page whose HTML is byte-identical to one already taken.

Language: the source's metadata (Readability's `lang`, newspaper's `language` or its test-suite
language table) when present, else detected from the gold text (script ranges for Arabic, Hebrew,
CJK, Thai, Myanmar...; py3langid for the rest when it is importable, "und" otherwise). Both values
are kept in pages.json; a disagreement is listed under notes.

Output (--out): ground-truth.json ({ID: {"articleBody", "url"}}, the shape score.py reads with
`score.py scrapinghub --data DIR`), html/ID.html (bytes as shipped), pages.json (per page: source,
name, lang, lang_meta, lang_detected, coverage, bytes) and excluded.json.
"""
import argparse
import hashlib
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

MOZ_DIR = "readabilityrs-0.1.4/tests/test-pages"
NP_DIR = "newspaper4k-0.9.6/tests/data"
MIN_SOURCE_BYTES = 5000
MIN_GOLD_CHARS = 200
MIN_COVERAGE = 0.6

# newspaper4k's tests/conftest.py (language_article_fixture) states these; some have no metadata json.
NP_LANG = {
    "thai_article": "th", "arabic_article": "ar", "spanish_article": "es", "chinese_article": "zh",
    "japanese_article": "ja", "japanese_article2": "ja", "chinese_article_001": "zh",
    "chinese_article_002": "zh", "latvian_article": "lv", "burmese_article": "my",
}


def load_score_py(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------------------
# language

_SCRIPTS = [  # (name, ranges)
    ("arabic", [(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]),
    ("hebrew", [(0x0590, 0x05FF)]),
    ("thai", [(0x0E00, 0x0E7F)]),
    ("myanmar", [(0x1000, 0x109F)]),
    ("hangul", [(0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)]),
    ("kana", [(0x3040, 0x30FF), (0x31F0, 0x31FF)]),
    ("han", [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)]),
    ("cyrillic", [(0x0400, 0x04FF)]),
    ("devanagari", [(0x0900, 0x097F)]),
    ("bengali", [(0x0980, 0x09FF)]),
    ("greek", [(0x0370, 0x03FF)]),
]


def script_counts(text: str) -> Counter:
    c = Counter()
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        for name, ranges in _SCRIPTS:
            if any(a <= o <= b for a, b in ranges):
                c[name] += 1
                break
        else:
            c["latin" if o < 0x0250 or 0x1E00 <= o <= 0x1EFF else "other"] += 1
    return c


try:  # optional: bench/.venv has it when foreign.sh could install it
    import py3langid as _langid
except Exception:  # noqa: BLE001
    _langid = None


def detect_lang(text: str) -> str:
    c = script_counts(text)
    total = sum(c.values())
    if not total:
        return "und"
    top, n = c.most_common(1)[0]
    if c["kana"] > 0.05 * total:
        return "ja"
    fixed = {"han": "zh", "hangul": "ko", "thai": "th", "myanmar": "my", "hebrew": "he", "greek": "el"}
    if top in fixed and n > 0.3 * total:
        return fixed[top]
    if _langid is not None:
        return _langid.classify(text[:20000])[0]
    return {"arabic": "ar", "cyrillic": "ru", "devanagari": "hi", "bengali": "bn"}.get(top, "und")


def primary(tag):
    if not tag or not isinstance(tag, str):
        return None
    return tag.strip().split("-")[0].split("_")[0].lower() or None


# ---------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, required=True, help="where foreign.sh unpacked the packages")
    ap.add_argument("--out", type=Path, required=True, help="dataset dir to write")
    ap.add_argument("--score-py", type=Path, default=Path("/work/shared/bench/score.py"))
    args = ap.parse_args(argv)

    score = load_score_py(args.score_py)
    html_dir = args.out / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    for old in html_dir.glob("*.html"):
        old.unlink()

    candidates = []  # (id, source, name, html_bytes, gold, url, lang_meta)
    moz = args.cache / MOZ_DIR
    if moz.is_dir():
        for d in sorted(p for p in moz.iterdir() if (p / "source.html").is_file() and (p / "expected.html").is_file()):
            meta = {}
            if (d / "expected-metadata.json").is_file():
                meta = json.loads((d / "expected-metadata.json").read_text(encoding="utf-8"))
            gold = score.html_to_text((d / "expected.html").read_text(encoding="utf-8"))
            candidates.append((f"moz-{d.name}", "readabilityrs-0.1.4 (Mozilla Readability test-pages)", d.name,
                               (d / "source.html").read_bytes(), gold, None, primary(meta.get("lang"))))
    else:
        print(f"warning: {moz} not found: no Mozilla pages", file=sys.stderr)
    npd = args.cache / NP_DIR
    if npd.is_dir():
        for txt in sorted((npd / "txt").glob("*.txt")):
            html = npd / "html" / f"{txt.stem}.html"
            if not html.is_file():
                continue
            meta = {}
            mp = npd / "metadata" / f"{txt.stem}.json"
            if mp.is_file():
                meta = json.loads(mp.read_text(encoding="utf-8"))
            pid = "np-" + re.sub(r"[^A-Za-z0-9_-]", "_", txt.stem)
            candidates.append((pid, "newspaper4k-0.9.6", txt.stem, html.read_bytes(),
                               txt.read_text(encoding="utf-8").strip(), meta.get("url"),
                               NP_LANG.get(txt.stem) or primary(meta.get("language"))))
    else:
        print(f"warning: {npd} not found: no newspaper4k pages", file=sys.stderr)

    gold_out, pages, excluded, notes = {}, {}, {}, []
    seen = {}
    for pid, source, name, raw, gold, url, lang_meta in candidates:
        why = None
        digest = hashlib.sha256(raw).hexdigest()
        page_text = score.html_to_text(raw.decode("utf-8", "replace"))
        tp, fp, fn = score.shingle_counts(gold, page_text)
        coverage = tp / (tp + fn) if tp + fn else 0.0
        if source.startswith("readabilityrs") and len(raw) < MIN_SOURCE_BYTES:
            why = f"synthetic unit test (source.html {len(raw)} bytes < {MIN_SOURCE_BYTES})"
        elif re.search(r"\blorem ipsum\b", gold[:2000], re.I):
            why = "placeholder page (Lorem ipsum gold)"
        elif len(gold) < MIN_GOLD_CHARS:
            why = f"gold too short ({len(gold)} chars < {MIN_GOLD_CHARS})"
        elif digest in seen:
            why = f"HTML identical to {seen[digest]}"
        elif coverage < MIN_COVERAGE:
            why = f"gold not in the page (coverage {coverage:.2f} < {MIN_COVERAGE})"
        if why:
            excluded[pid] = why
            continue
        seen[digest] = pid
        detected = detect_lang(gold)
        lang = lang_meta or detected
        if lang_meta and detected != "und" and lang_meta != detected:
            notes.append(f"{pid}: metadata lang {lang_meta}, detected {detected} (kept {lang})")
        (html_dir / f"{pid}.html").write_bytes(raw)
        gold_out[pid] = {"articleBody": gold, "url": url}
        pages[pid] = {"source": source, "name": name, "lang": lang, "lang_meta": lang_meta,
                      "lang_detected": detected, "coverage": round(coverage, 3), "html_bytes": len(raw),
                      "gold_chars": len(gold)}

    (args.out / "ground-truth.json").write_text(json.dumps(gold_out, ensure_ascii=False, indent=1), encoding="utf-8")
    (args.out / "pages.json").write_text(json.dumps({"pages": pages, "excluded": excluded, "notes": notes,
                                                     "langid": "py3langid" if _langid else "scripts only"},
                                                    ensure_ascii=False, indent=1), encoding="utf-8")
    by_lang = Counter(p["lang"] for p in pages.values())
    by_src = Counter(p["source"].split()[0] for p in pages.values())
    print(f"foreign gold: {len(pages)} pages ({', '.join(f'{k} {v}' for k, v in by_src.most_common())}); "
          f"{len(excluded)} excluded; languages: {', '.join(f'{k} {v}' for k, v in by_lang.most_common())}")
    for n in notes:
        print(f"  note: {n}")
    return 0 if pages else 1


if __name__ == "__main__":
    sys.exit(main())
