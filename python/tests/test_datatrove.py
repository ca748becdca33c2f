"""dechrome.datatrove.Dechrome in a local datatrove pipeline: WARC reader -> dechrome -> JSONL
writer, on a small WARC written at test time with warcio."""

from __future__ import annotations

import gzip
import io
import json
import pickle

import pytest

pytest.importorskip("datatrove")  # the CI venv installs it: a skip here would show in its summary

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter

import dechrome
from dechrome.datatrove import Dechrome
from conftest import HTML_FIXTURES, SEEDS, STORY

ARTICLE = HTML_FIXTURES[0].read_bytes()
ARABIC = (
    "<html lang=ar><head><title>خبر</title></head><body><article><h1>عنوان المقال هنا</h1>"
    + "".join(f"<p>{line}</p>" for line in SEEDS[1].read_text("utf-8").splitlines() if line.strip())
    + "</article></body></html>"
).encode("utf-8")
CHROME_ONLY = (
    b"<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav>"
    b"<div class=share>Share on Facebook</div><footer>Copyright 2024</footer></body></html>"
)
PAGES = [
    ("https://news.example.com/a", ARTICLE),
    ("https://www.example.net/ar/1", ARABIC),
    ("https://news.example.com/empty", CHROME_ONLY),
]


def write_warc(path):
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        for url, body in PAGES:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                       warc_headers_dict={"WARC-Identified-Payload-Type": "text/html"})
            w.write_record(rec)
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(
            "https://news.example.com/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n"),
            http_headers=png, warc_headers_dict={"WARC-Identified-Payload-Type": "image/png"}))


def run_pipeline(tmp_path, step):
    (tmp_path / "warc").mkdir()
    write_warc(tmp_path / "warc" / "crawl.warc.gz")
    LocalPipelineExecutor(
        pipeline=[WarcReader(str(tmp_path / "warc")), step, JsonlWriter(str(tmp_path / "out"))],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    docs = []
    if not (tmp_path / "out").exists():  # nothing was written
        return docs
    for f in sorted((tmp_path / "out").iterdir()):
        with gzip.open(f, "rt", encoding="utf-8") as lines:
            docs.extend(json.loads(line) for line in lines)
    return docs


def test_warc_to_jsonl(tmp_path):
    docs = run_pipeline(tmp_path, Dechrome())
    # The PNG is left out by the reader; the chrome-only page is dropped as empty.
    assert [d["metadata"]["url"] for d in docs] == [u for u, _ in PAGES[:2]]
    for d, (url, body) in zip(docs, PAGES):
        want = dechrome.Cleaner(timeout_ms=1000).clean(body.decode("utf-8"), url=url)
        assert d["text"] == want["text"] and d["text"]
        md = d["metadata"]
        for f in ("title", "authors", "site_name", "category", "language", "page_type",
                  "paywalled", "description"):
            assert md[f] == want[f], f
        # The reader's `date` is the crawl date: the article's date goes beside it.
        assert md["dechrome_date"] == want["date"] and md["date"].startswith("20")
    assert docs[1]["metadata"]["language"] == "ar"


def test_keep_empty_and_markdown(tmp_path):
    docs = run_pipeline(tmp_path, Dechrome(output_format="markdown", drop_empty=False,
                                           metadata_fields=["title"]))
    assert len(docs) == 3
    url, body = PAGES[0]
    want = dechrome.Cleaner().render(body.decode("utf-8"), "markdown", url=url).rstrip("\n")
    assert docs[0]["text"] == want and want.startswith("# ")
    # (datatrove's JSONL writer leaves an empty text out)
    assert docs[2].get("text", "") == "" and "page_type" not in docs[2]["metadata"]
    assert docs[2]["metadata"]["url"] == PAGES[2][0]


def test_drop_page_types(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert len(run_pipeline(tmp_path / "a", Dechrome(drop_page_types=["listing"]))) == 2
    assert run_pipeline(tmp_path / "b", Dechrome(drop_page_types=["article"])) == []


def test_step_alone_and_pickled():
    step = Dechrome(timeout=None)
    docs = [Document(text=(STORY * 3), id="1", metadata={"url": "https://x.test/1"}),
            Document(text="", id="2", metadata={}),
            Document(text="<p>" * 300_000, id="3", metadata={})]
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == ["1"]  # "2" is empty, "3" is over the DOM depth budget
    assert out[0].metadata["page_type"] == "article"
    assert step.cleaner.options["timeout_ms"] == 0
    assert step.extract(STORY) == dechrome.clean(STORY)["text"]
    again = pickle.loads(pickle.dumps(step))
    assert again._cleaner is None and again.extract(STORY) == step.extract(STORY)


def test_bad_options():
    with pytest.raises(ValueError):
        Dechrome(output_format="pdf")
    with pytest.raises(NotImplementedError):
        Dechrome(include_images=True)
