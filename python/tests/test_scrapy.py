"""dechrome.scrapy.DechromePipeline on HtmlResponse objects made offline."""

from __future__ import annotations

import pytest

pytest.importorskip("scrapy")  # the CI venv installs it: a skip here would show in its summary

from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

import dechrome
from dechrome.scrapy import DEFAULT_FIELDS, DechromePipeline
from conftest import HTML_FIXTURES, STORY

ARTICLE = HTML_FIXTURES[0].read_bytes()
URL = "https://news.example.com/2024/05/plan-approved"


def response(body: bytes, url: str = URL, content_type: str = "text/html; charset=utf-8"):
    return HtmlResponse(url=url, body=body, headers={"Content-Type": content_type})


def pipeline(**settings) -> DechromePipeline:
    return DechromePipeline.from_crawler(get_crawler(settings_dict=settings))


def test_body_field_gets_the_article_fields():
    resp = response(ARTICLE)
    item = pipeline().process_item({"url": resp.url, "body": resp.body})
    want = dechrome.clean(ARTICLE, url=URL)
    for f in DEFAULT_FIELDS:
        assert item[f] == want[f]
    assert "body" not in item and item["url"] == URL
    assert item["text"] and item["title"]


def test_response_field_uses_its_url_and_content_type():
    body = ("<html><body><article><h1>Café crème</h1>" + STORY * 2 + "</article></body></html>")
    resp = response(body.encode("windows-1252"), content_type="text/html; charset=windows-1252")
    p = pipeline(DECHROME_SOURCE_FIELD="response", DECHROME_FIELDS=["title", "url", "text"],
                 DECHROME_FIELD_PREFIX="clean_", DECHROME_KEEP_SOURCE=True)
    item = p.process_item({"response": resp})
    assert item["clean_title"] == "Café crème"
    assert item["clean_url"] == URL
    assert "council approved" in item["clean_text"]
    assert item["response"] is resp and set(item) == {"response", "clean_title", "clean_url", "clean_text"}


def test_fields_setting_as_comma_string():
    item = pipeline(DECHROME_FIELDS="title, page_type").process_item({"body": ARTICLE})
    assert set(item) == {"title", "page_type"}


def test_drop_page_types():
    assert dechrome.clean(ARTICLE)["page_type"] == "article"
    with pytest.raises(DropItem, match="page type article"):
        pipeline(DECHROME_DROP_PAGE_TYPES=["article"]).process_item({"body": ARTICLE})
    kept = pipeline(DECHROME_DROP_PAGE_TYPES="listing, collection").process_item({"body": ARTICLE})
    assert kept["page_type"] == "article" and kept["title"]


def test_drop_empty_and_errors():
    with pytest.raises(DropItem, match="no content"):
        pipeline(DECHROME_DROP_EMPTY=True).process_item({"body": b""})
    assert pipeline().process_item({"body": b""})["text"] == ""
    big = {"body": ARTICLE}
    with pytest.raises(DropItem, match="too large"):
        pipeline(DECHROME_MAX_BYTES=100).process_item(big)
    kept = pipeline(DECHROME_MAX_BYTES=100, DECHROME_ON_ERROR="keep").process_item({"body": ARTICLE})
    assert "too large" in kept["dechrome_error"] and "title" not in kept
    with pytest.raises(DropItem, match="no 'body' field"):
        pipeline().process_item({"html": ARTICLE})


def test_settings_reach_the_cleaner(tmp_path):
    (tmp_path / "p.toml").write_text('[pack]\nid = "p"\nscope = "global"\n')
    p = pipeline(DECHROME_RULES_DIR=str(tmp_path), DECHROME_LANG="fr", DECHROME_SITE_RULES=False,
                 DECHROME_TIMEOUT_MS="500", DECHROME_MAX_NODES=1234)
    o = p.cleaner.options
    assert (o["rules_dir"], o["lang"], o["site_rules"], o["timeout_ms"], o["max_nodes"]) == (
        str(tmp_path), "fr", False, 500, 1234)
    assert p.process_item({"body": ARTICLE})["language"] == "fr"


def test_stats_are_counted():
    crawler = get_crawler(settings_dict={"DECHROME_DROP_EMPTY": True})
    p = DechromePipeline.from_crawler(crawler)
    p.process_item({"body": ARTICLE})
    with pytest.raises(DropItem):
        p.process_item({"body": b""})
    assert crawler.stats.get_value("dechrome/cleaned") == 1
    assert crawler.stats.get_value("dechrome/dropped/empty") == 1


def test_in_a_crawler_process_settings_object():
    s = Settings({"DECHROME_FIELDS": ["title"]})
    p = DechromePipeline.from_settings(s)
    assert set(p.process_item({"body": ARTICLE})) == {"title"}
