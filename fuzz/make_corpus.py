#!/usr/bin/env python3
"""Writes the committed seed corpus fuzz/corpus/<target>/ (small: a few files per target).

Run from anywhere: python3 fuzz/make_corpus.py. Inputs come from fixtures/seeds/ and rules/
plus a few pages, WARC files and JSON lines written here. Deterministic (fixed gzip mtime).
"""
import base64
import gzip
import json
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def write(target: str, name: str, data) -> None:
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def excerpt(text: str, limit: int) -> str:
    """The first lines of `text` up to about `limit` bytes, cut at a line end."""
    out, size = [], 0
    for line in text.splitlines(keepends=True):
        n = len(line.encode("utf-8"))
        if size + n > limit and out:
            break
        out.append(line)
        size += n
    return "".join(out)


SEEDS = sorted(os.listdir(os.path.join(ROOT, "fixtures", "seeds")))
SEED_TEXT = {
    s: open(os.path.join(ROOT, "fixtures", "seeds", s), encoding="utf-8").read()
    for s in SEEDS
    if s.endswith(".txt")
}

EN_ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves new bridge | The Daily Example</title>
<meta property="og:title" content="Council approves new bridge">
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://news.example.com/2024/03/bridge">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Council approves new bridge","datePublished":"2024-03-12T08:00:00Z","author":{"@type":"Person","name":"Jane Doe"},"articleBody":"The city council voted on Tuesday to build a new bridge."}</script>
<style>.ad{display:none}</style></head>
<body><header class="site-header"><nav class="menu"><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="ticker">Breaking News: markets open higher</div></header>
<main><article class="post entry-content">
<p class="category"><a href="/local">Local</a></p>
<h1>Council approves new bridge</h1>
<p class="byline">By <a rel="author" href="/jane">Jane Doe</a> &middot; <time datetime="2024-03-12T08:00:00Z">12 March 2024</time></p>
<p>The city council voted on Tuesday to build a new bridge over the river, ending a debate that lasted more than ten years and split the town into two camps.</p>
<div class="ad" hidden>Advertisement</div>
<h2>What happens next</h2>
<p>Work is expected to start next spring. The mayor said the project would be paid for by a mix of state grants and a local bond, and that tolls were not being considered.</p>
<ul><li>Design: 2024</li><li>Construction: 2025&ndash;2027</li></ul>
<blockquote>&ldquo;This is a good day for everyone who crosses the river,&rdquo; she said.</blockquote>
<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2025</td><td>$40m</td></tr></table>
<div class="share-buttons">Share on Facebook Share on Twitter</div>
<p>Read also: <a href="/other">Another headline elsewhere</a></p>
</article>
<aside id="sidebar" class="related-posts"><h3>Related</h3><ul><li><a href="/a">A</a></li><li><a href="/b">B</a></li></ul></aside>
<section id="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form></section></main>
<footer class="site-footer">&copy; 2024 The Daily Example. All rights reserved.<iframe src="/x"></iframe></footer>
</body></html>
"""

AR_BODY = """<h1>عنوان المقال هنا</h1>
<p class="byline">كتب: أحمد علي - الثلاثاء 12 مارس 2024</p>
<p>هذه فقرة طويلة من نص المقال تتحدث عن موضوع مهم وتشرح التفاصيل الكاملة للقارئ بوضوح تام ودقة كبيرة.</p>
<p>اقرأ أيضاً: <a href="/x">عنوان خبر آخر</a></p>
<p>فقرة ثانية من نص المقال تكمل الحديث عن الموضوع وتضيف معلومات جديدة مفيدة للقارئ الكريم في هذا السياق.</p>
<div class="share">شارك على فيسبوك</div>
<div class="comments">أضف تعليقك</div>"""


def ar_page(meta: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>{meta}<title>عنوان المقال هنا - موقع الأخبار</title></head>
<body><nav><a href="/">الرئيسية</a> | <a href="/news">أخبار</a></nav><div class="breaking">عاجل</div>
<div class="article-body">{AR_BODY}</div><footer>جميع الحقوق محفوظة</footer></body></html>
"""


WORDPRESS = """<!DOCTYPE html><html lang="fr-FR"><head><meta charset="UTF-8">
<meta name="generator" content="WordPress 6.4">
<title>Le titre de l&#8217;article &#8211; Mon blog</title></head>
<body class="post-template-default single single-post"><div id="page" class="site">
<div class="entry-meta"><span class="posted-on">Publié le <time class="entry-date published" datetime="2024-01-05">5 janvier 2024</time></span><span class="byline"> par Marie</span></div>
<div class="entry-content"><p>Ceci est le premier paragraphe de l&#8217;article, assez long pour être de la prose avec des mots et de la ponctuation.</p>
<div class="sharedaddy sd-sharing-enabled">Partager&nbsp;: Twitter Facebook</div>
<div id="jp-relatedposts" class="jp-relatedposts">Articles similaires</div></div>
<nav class="navigation post-navigation">Article précédent</nav>
<div id="comments" class="comments-area"><div id="respond"><h3 id="reply-title">Laisser un commentaire</h3></div></div>
</div></body></html>
"""

ODD = (
    "<html><body>"
    + "<div>" * 300
    + "deep text"
    + "</div>" * 300
    + "<p>unclosed <b><i>mis</b>nested</i><table><p>in table<td>cell</table>"
    + "<svg><foreignObject><p>svg</p></foreignObject></svg><math><mi>x</mi></math>"
    + "<template><p>tmpl</p></template><noscript><p>noscript</p></noscript>"
    + "<p a=1 a=2 b c='3'>dup attrs</p><!-- comment --><![CDATA[x]]>&#0;&#x110000;&amp&lt"
    + "<select><option>o<plaintext><p>plain</p>"
)


def html_corpus() -> None:
    t = "html_bytes"
    write(t, "en_article.html", EN_ARTICLE)
    write(t, "ar_utf8_meta.html", ar_page('<meta charset="utf-8">'))
    # windows-1256 without any declaration: detection (and the .sa TLD hint) must find it.
    write(t, "ar_1256_nodecl.html", ar_page("").encode("cp1256"))
    # windows-1256 with an http-equiv declaration.
    write(
        t,
        "ar_1256_meta.html",
        ar_page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">').encode("cp1256"),
    )
    # UTF-16 with a BOM (little and big endian); the meta lies.
    write(t, "ar_utf16le_bom.html", b"\xff\xfe" + ar_page('<meta charset="iso-8859-1">').encode("utf-16-le"))
    write(t, "en_utf16be_bom.html", b"\xfe\xff" + EN_ARTICLE[:1500].encode("utf-16-be"))
    write(t, "ar_iso8859_6.html", ar_page('<meta charset="iso-8859-6">').encode("iso-8859-6", errors="replace"))
    write(t, "wordpress_fr.html", WORDPRESS)
    write(t, "odd_markup.html", ODD)
    # Text with a mode byte in front: 0x02 = forced text, no charset hint.
    write(t, "text_mode.txt", b"\x02" + excerpt(SEED_TEXT[SEEDS[1]], 1500).encode())
    # Mode 0x05 = forced HTML, utf-8 hint; the bytes are latin-1 (the hint lies).
    write(t, "latin1_forced_html.html", b"\x05" + WORDPRESS.encode("latin-1", errors="replace"))


def text_corpus() -> None:
    t = "text"
    for s in SEEDS[:2]:
        write(t, s, SEED_TEXT[s])
    for s in SEEDS[2:]:
        write(t, s.replace(".txt", "_head.txt"), excerpt(SEED_TEXT[s], 2500))
    write(
        t,
        "en_short.txt",
        "Breaking News\n\nA title for the story\n\nBy Jane Doe | 12 March 2024\n\n"
        "The body of the story is a long paragraph that readers came for, with enough words to be prose.\n\n"
        "Read also\nAnother headline elsewhere\n\nShare on Facebook\n\nLeave a Reply\n",
    )
    write(t, "mixed_controls.txt", "\ufeff\u200fعاجل\r\n\t\u0640\u064b\r\n\x00\x0b\u2028line\u2029\n\n" * 3)


def rules_corpus() -> None:
    t = "rules"
    os.makedirs(os.path.join(OUT, t), exist_ok=True)
    for dirpath, _, files in os.walk(os.path.join(ROOT, "rules")):
        for f in sorted(files):
            if f.endswith(".toml"):
                rel = os.path.relpath(os.path.join(dirpath, f), os.path.join(ROOT, "rules"))
                shutil.copyfile(os.path.join(dirpath, f), os.path.join(OUT, t, rel.replace("/", "_")))
    write(
        t,
        "site_small.toml",
        """[pack]
id = "example-site"
scope = "site"
hosts = ["example.com"]

[html]
strip = ["div.share", ".related", "#sidebar", "aside", "footer > *"]
keep = [".byline"]
title = "meta[property='og:title']@content"
author = ".byline a"
date = "time@datetime"
body = "article"

[[rule]]
id = "share"
kind = "line"
match = "starts-with"
max_words = 6
phrases = ["Share on"]

[[rule]]
id = "read-also"
kind = "line"
patterns = ["(?i)^read (also|more)\\\\b"]

[[rule]]
id = "byline"
kind = "meta"
zone = "lead"
extract = ["^By (?P<author>[A-Z][a-z]+ [A-Z][a-z]+)"]

[[test]]
name = "share row"
input = "A title for the story\\n\\nThe body of the story is a long paragraph that readers came for.\\n\\nShare on Facebook"
url = "https://example.com/a"
must_not_contain = ["Share on"]
""",
    )


def warc_record(kind: str, uri, content_type: str, block: bytes, n: int) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\n"
        "WARC-Date: 2024-01-01T00:00:00Z\r\n"
    )
    if uri:
        head += f"WARC-Target-URI: {uri}\r\n"
    head += f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def http(content_type: str, body: bytes, extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{extra}Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )


def chunked(body: bytes, size: int) -> bytes:
    out = b""
    for i in range(0, len(body), size):
        part = body[i : i + size]
        out += f"{len(part):x};ext=1\r\n".encode() + part + b"\r\n"
    return out + b"0\r\n\r\n"


def warc_corpus() -> None:
    t = "warc"
    small_en = EN_ARTICLE[:1200].encode()
    ar_1256 = ar_page("").encode("cp1256")
    records = [
        warc_record("warcinfo", None, "application/warc-fields", b"software: dechrome-fuzz\r\nformat: WARC 1.0\r\n", 0),
        warc_record("request", "https://news.example.com/a", "application/http; msgtype=request",
                    b"GET /a HTTP/1.1\r\nHost: news.example.com\r\n\r\n", 1),
        warc_record("response", "<https://news.example.com/a>", "application/http; msgtype=response",
                    http("text/html; charset=utf-8", small_en), 2),
        warc_record("response", "https://news.example.sa/b", "application/http; msgtype=response",
                    http("text/html; charset=windows-1256", ar_1256), 3),
        warc_record("response", "https://news.example.com/c", "application/http; msgtype=response",
                    http("text/html", chunked(gz(small_en), 300), "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n"), 4),
        warc_record("response", "https://news.example.com/img.png", "application/http; msgtype=response",
                    http("image/png", b"\x89PNG\r\n\x1a\n\x00\x00"), 5),
        warc_record("metadata", "https://news.example.com/a", "application/warc-fields", b"via: x\r\n", 6),
    ]
    plain = b"".join(records)
    write(t, "plain.warc", plain)
    # One gzip member per record (the usual .warc.gz layout) and one member for all.
    write(t, "members.warc.gz", b"".join(gz(r) for r in records))
    write(t, "whole.warc.gz", gz(plain))
    # WARC/1.1, LF-only line ends, an HTTP response with LF-only headers.
    block = b"HTTP/1.0 404 Not Found\nContent-Type: text/plain\n\nnot here"
    lf = (
        b"WARC/1.1\nWARC-Type: response\nWARC-Target-URI: http://x.test/\n"
        + f"Content-Length: {len(block)}\n\n".encode()
        + block
    )
    write(t, "lf_only.warc", lf + b"\n\n")
    # A record cut short.
    write(t, "truncated.warc", records[2][: len(records[2]) // 2])


def jsonl_corpus() -> None:
    t = "jsonl_record"
    ar_1256 = ar_page("").encode("cp1256")
    lines = {
        "html.json": {"id": 1, "url": "https://news.example.com/a", "html": EN_ARTICLE[:1800]},
        "text.json": {"id": "t", "url": "https://news.example.com/t", "text": excerpt(SEED_TEXT[SEEDS[0]], 1500)},
        "b64_1256.json": {"id": [1, 2], "url": "https://news.example.sa/b", "html_b64": base64.b64encode(ar_1256).decode(), "charset": "windows-1256"},
        "b64_ct.json": {"id": None, "html_b64": base64.b64encode(WORDPRESS.encode("latin-1", errors="replace")).decode(), "content_type": "text/html; charset=ISO-8859-1"},
        "no_field.json": {"id": 5, "url": "x"},
        "bad_b64.json": {"id": 6, "html_b64": "%%%not base64"},
    }
    for name, rec in lines.items():
        write(t, name, json.dumps(rec, ensure_ascii=False))
    write(t, "not_json.txt", '{"id": 1, "html": "<p>unterminated')
    write(t, "array.json", '[1, "html", {"html": "<p>x</p>"}]')


def main() -> None:
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    html_corpus()
    text_corpus()
    rules_corpus()
    warc_corpus()
    jsonl_corpus()


if __name__ == "__main__":
    main()
