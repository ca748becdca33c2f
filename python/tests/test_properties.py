"""Property test: random bytes and text through the whole Python API never crash the
interpreter; each call gives a dict of the documented shape or a dechrome.Error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dechrome

CLEANER = dechrome.Cleaner(timeout_ms=2000)
FIELDS = list(dechrome.clean("x"))

markup = st.lists(
    st.sampled_from(
        ["<p>", "</p>", "<div class=share>", "</div>", "<h1>", "</h1>", "<script>", "<table><tr><td>",
         "<meta charset=utf-16>", "<!--", "-->", "\x00", "\ufeff", "اقرأ أيضا", "Read also",
         "The council approved the plan after a long debate. ", "\n\n", "<br>", "&amp;", "&#0;"]
    ),
    max_size=60,
).map("".join)


def check(out):
    assert list(out) == FIELDS
    assert isinstance(out["text"], str)
    assert all(b["text"] for b in out["blocks"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), url=st.none() | st.text(max_size=40),
       charset=st.none() | st.sampled_from(["utf-8", "windows-1256", "utf-16le", "bogus", ""]),
       kind=st.sampled_from(["auto", "html", "text"]))
def test_random_bytes(data, url, charset, kind):
    try:
        check(CLEANER.clean(data, url=url, charset=charset, input=kind))
    except dechrome.Error:
        pass


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=2000) | markup)
def test_random_text(text):
    try:
        check(CLEANER.clean(text))
        check(CLEANER.clean_text(text))
        CLEANER.render(text, "html")
    except dechrome.Error:
        pass


@settings(max_examples=30, deadline=None)
@given(docs=st.lists(st.binary(max_size=1024) | markup, max_size=20))
def test_random_batches(docs):
    out = CLEANER.clean_many(docs, threads=2, errors="return")
    assert len(out) == len(docs)
    for o in out:
        if not isinstance(o, dechrome.Error):
            check(o)
