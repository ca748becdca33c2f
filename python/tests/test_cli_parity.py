"""The Python API gives exactly the CLI's output: same fields, same values."""

from __future__ import annotations

import pytest

import dechrome
from conftest import HTML_FIXTURES, SEEDS

ALL = SEEDS + HTML_FIXTURES


def test_there_are_five_seeds():
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_clean_equals_cli(path, cli):
    got = dechrome.clean(path.read_bytes())
    want = cli(path)
    assert got == want
    assert list(got) == list(want)  # same fields in the same order


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_options_equal_cli_flags(path, cli):
    c = dechrome.Cleaner(explain=True, site_rules=False)
    got = c.clean(path.read_bytes(), url="https://www.aljazeera.net/news/2024/1/1/story")
    want = cli(
        path,
        "--explain",
        "--no-site-rules",
        "--url",
        "https://www.aljazeera.net/news/2024/1/1/story",
    )
    assert "removed" in got
    assert got == want


@pytest.mark.parametrize("path", SEEDS[:2] + HTML_FIXTURES[1:], ids=lambda p: p.name)
def test_site_rules_follow_the_url(path, cli):
    url = "https://www.aljazeera.net/news/2024/1/1/story"
    assert dechrome.clean(path.read_bytes(), url=url) == cli(path, "--url", url)


@pytest.mark.parametrize("path", SEEDS[:1] + HTML_FIXTURES[:1], ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_lang_equals_cli(path, lang, cli):
    assert dechrome.Cleaner(lang=lang).clean(path.read_bytes()) == cli(path, "--lang", lang)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_render_equals_cli_formats(path, fmt, cli):
    assert dechrome.Cleaner().render(path.read_bytes(), fmt) == cli(path, "--format", fmt, raw=True)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_str_input_equals_utf8_bytes(path):
    data = path.read_bytes()
    assert dechrome.clean(data.decode("utf-8")) == dechrome.clean(data)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_clean_text_equals_cli_text_input(path, cli):
    got = dechrome.clean_text(path.read_text("utf-8"))
    want = cli(path, "--input", "text")
    # The one legitimate difference: text given as str was never decoded from bytes.
    assert got["encoding"] is None and want["encoding"] == "UTF-8"
    got.pop("encoding")
    want.pop("encoding")
    assert got == want


def test_clean_many_equals_clean():
    docs = [p.read_bytes() for p in ALL]
    one_by_one = [dechrome.clean(d) for d in docs]
    assert dechrome.clean_many(docs, threads=1) == one_by_one
    assert dechrome.clean_many(docs, threads=2) == one_by_one
    assert dechrome.clean_many(iter(docs)) == one_by_one


def test_clean_and_render_is_both():
    c = dechrome.Cleaner()
    data = HTML_FIXTURES[0].read_bytes()
    article, md = c.clean_and_render(data, "markdown")
    assert article == c.clean(data)
    assert md == c.render(data, "markdown")
    assert md.startswith("# ")


def test_seed_titles(cli):
    for p in SEEDS:
        title = dechrome.clean(p.read_bytes())["title"]
        assert title and title == cli(p)["title"]
