"""Inputs built to crash, hang or exhaust a cleaner (the kinds of tests/hostile.rs, scaled down):
each gives a result or raises a dechrome.Error subclass naming the budget; nothing crashes."""

from __future__ import annotations

import random

import pytest

import dechrome
from conftest import STORY


def rand_bytes(n: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


@pytest.fixture(scope="module")
def cleaner():
    return dechrome.Cleaner()


def test_deep_nesting_is_too_deep(cleaner):
    page = b"<html><body>" + b"<div>" * 200_000 + b"deep text" + b"</div>" * 200_000
    with pytest.raises(dechrome.TooDeep) as e:
        cleaner.clean(page)
    assert isinstance(e.value, dechrome.DomLimit)
    assert isinstance(e.value, dechrome.TooLarge)
    assert e.value.status == "too_large"
    assert "nested" in str(e.value)


def test_many_nodes_is_too_many_nodes():
    c = dechrome.Cleaner(max_nodes=10_000)
    with pytest.raises(dechrome.TooManyNodes) as e:
        c.clean(b"<html><body>" + b"<p>a line" * 20_000)
    assert "DOM nodes" in str(e.value) and e.value.status == "too_large"


def test_bytes_over_the_budget_are_too_large():
    c = dechrome.Cleaner(max_bytes=1 << 20)
    with pytest.raises(dechrome.TooLarge) as e:
        c.clean(b"word " * (1 << 19))
    assert (e.value.size, e.value.limit) == (5 << 19, 1 << 20)
    assert not isinstance(e.value, dechrome.DomLimit)


def test_time_budget_is_a_timeout():
    page = b"<html><body><div" + b"".join(b' a%d="v"' % i for i in range(300_000)) + b">x</div>"
    c = dechrome.Cleaner(timeout_ms=1)
    with pytest.raises(dechrome.Timeout) as e:
        c.clean(page + STORY.encode())
    assert e.value.budget_ms == 1 and e.value.status == "timeout"
    assert "time budget" in str(e.value)


@pytest.mark.parametrize(
    "name,page",
    [
        ("random", rand_bytes(1 << 20)),
        ("nul", b"\0" * (256 << 10)),
        ("bad-utf8", b"<html><head><meta charset=utf-8></head><body><p>caf\xe9 \xff\xfe \xc3\x28 "
         + STORY.encode()),
        ("lying-charset", b"<html><head><meta charset=windows-1252></head><body><p>"
         + "قالت الحكومة إن الخطة ستبدأ في الربيع المقبل. ".encode() * 20 + b"</p>"),
        ("utf16", b"\xff\xfe" + f"<html><body>{STORY}</body></html>".encode("utf-16-le")),
        ("empty", b""),
        ("only-chrome", b"<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav>"
         b"<div class=share>Share on Facebook</div><footer>Copyright 2024</footer></body></html>"),
        ("table-soup", b"<html><body>" + b"<table><tr><td>cell<td><table><tr><td>x</tr>" * 2_000),
        ("unclosed-inline", b"<html><body>" + b"<b><i>" * 5_000 + STORY.encode()),
        ("big-script", b"<html><body><script>" + b"var a = '<p>not text</p>';\n" * 40_000
         + b"</script>" + STORY.encode()),
        ("lone-surrogate-str", "<p>\ud800 broken</p>" + STORY),
    ],
)
def test_hostile_input_gives_a_result_or_a_typed_error(cleaner, name, page):
    try:
        out = cleaner.clean(page)
    except dechrome.Error as e:
        assert e.status in ("too_large", "timeout", "error")
        return
    assert isinstance(out["text"], str) and isinstance(out["blocks"], list)
    if name == "big-script":
        assert "not text" not in out["text"]
    if name in ("utf16", "bad-utf8", "unclosed-inline"):
        assert "council approved the plan" in out["text"]


def test_good_page_after_hostile_ones(cleaner):
    page = (
        f"<html><head><title>Plan approved</title></head><body><article><h1>Plan approved</h1>"
        f"{STORY}{STORY}</article></body></html>"
    )
    assert cleaner.clean(page)["title"] == "Plan approved"


def test_clean_many_returns_errors_in_place():
    c = dechrome.Cleaner(max_bytes=1000)
    docs = [STORY, b"x" * 5000, "<div>" * 10 + STORY]
    out = c.clean_many(docs, threads=2, errors="return")
    assert isinstance(out[1], dechrome.TooLarge) and out[1].limit == 1000
    assert "council" in out[0]["text"] and "council" in out[2]["text"]
    with pytest.raises(dechrome.TooLarge):
        c.clean_many(docs, threads=2)


def test_a_panic_becomes_an_exception():
    from dechrome import _dechrome

    for _ in range(3):
        with pytest.raises(dechrome.InternalError, match="test panic"):
            _dechrome._test_panic()
    assert dechrome.clean(STORY)["text"]  # the interpreter and the default cleaner live on


@pytest.mark.parametrize("bad", [None, 12, 1.5, ["<p>x</p>"], object()])
def test_wrong_types_are_type_errors(cleaner, bad):
    with pytest.raises(TypeError):
        cleaner.clean(bad)
    with pytest.raises(TypeError):
        cleaner.clean_many([b"<p>x</p>", bad])


def test_bad_option_values_are_value_errors(cleaner):
    with pytest.raises(ValueError):
        cleaner.clean(STORY, input="pdf")
    with pytest.raises(ValueError):
        cleaner.render(STORY, "docx")
    with pytest.raises(ValueError):
        cleaner.clean_many([STORY], threads=0)
    with pytest.raises(ValueError):
        cleaner.clean_many([STORY], errors="ignore")
