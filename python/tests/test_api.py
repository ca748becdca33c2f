"""The Python surface: one cleaner shared by threads, options, errors, pickling."""

from __future__ import annotations

import pickle
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import dechrome
from conftest import HTML_FIXTURES, SEEDS, STORY

PAGES = [p.read_bytes() for p in SEEDS + HTML_FIXTURES]


def test_threads_share_one_cleaner():
    c = dechrome.Cleaner()
    want = [c.clean(p) for p in PAGES]
    work = PAGES * 6
    with ThreadPoolExecutor(max_workers=4) as ex:
        got = list(ex.map(c.clean, work))
    assert got == want * 6


def test_threads_share_the_default_cleaner():
    barrier = threading.Barrier(4)
    seen = []

    def first_use():
        barrier.wait()
        seen.append(dechrome.default_cleaner())

    threads = [threading.Thread(target=first_use) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(c is seen[0] for c in seen)


def test_clean_many_from_threads_at_once():
    c = dechrome.Cleaner()
    want = [c.clean(p) for p in PAGES]
    with ThreadPoolExecutor(max_workers=3) as ex:
        results = list(ex.map(lambda n: c.clean_many(PAGES, threads=n), [1, 2, 3]))
    assert all(r == want for r in results)


def test_clean_many_keeps_order_and_urls():
    docs = [(f"<html><body><h1>Story {i}</h1>{STORY}</body></html>", f"https://x.test/{i}")
            for i in range(2500)]  # more than one internal chunk
    out = dechrome.clean_many(docs, threads=2)
    assert [o["url"] for o in out] == [u for _, u in docs]
    assert [o["title"] for o in out] == [f"Story {i}" for i in range(2500)]


def test_explain_adds_removed_and_sources():
    c = dechrome.Cleaner(explain=True)
    out = c.clean(SEEDS[1].read_bytes())
    assert out["removed"] and all({"rule", "text"} <= set(r) for r in out["removed"])
    assert "removed" not in dechrome.clean(SEEDS[1].read_bytes())


def test_rules_dir_adds_a_pack(tmp_path):
    marker = "The gardening corner returns on Monday"
    page = f"<html><body><article><h1>Plan approved</h1>{STORY}<p>{marker}</p>{STORY}</article></body></html>"
    assert marker in dechrome.clean(page)["text"]
    (tmp_path / "promo.toml").write_text(
        '[pack]\nid = "promo"\nscope = "global"\n\n'
        f'[[rule]]\nid = "newsletter"\nkind = "line"\nphrases = ["{marker}"]\n'
    )
    c = dechrome.Cleaner(rules_dir=tmp_path, explain=True)
    out = c.clean(page)
    assert marker not in out["text"]
    assert any(r["rule"] == "promo/newsletter" for r in out["removed"])
    assert out["rules_hash"] == c.rules_hash != dechrome.default_cleaner().rules_hash


def test_bad_pack_is_a_rule_error(tmp_path):
    (tmp_path / "bad.toml").write_text('[pack]\nid = "bad"\nscope = "global"\n\n[[rule]]\nid = 3\n')
    with pytest.raises(dechrome.RuleError) as e:
        dechrome.Cleaner(rules_dir=tmp_path)
    assert e.value.file.endswith("bad.toml") and e.value.line == 6
    assert e.value.status == "error"


def test_missing_rules_dir_is_an_error(tmp_path):
    with pytest.raises(dechrome.Error):
        dechrome.Cleaner(rules_dir=tmp_path / "nowhere")


def test_pickle_rebuilds_the_same_cleaner():
    c = dechrome.Cleaner(lang="ar", explain=True, site_rules=False, timeout_ms=1234, max_nodes=99_999)
    c2 = pickle.loads(pickle.dumps(c))
    assert c2.options == c.options and c2.rules_hash == c.rules_hash
    assert c2.clean(PAGES[0]) == c.clean(PAGES[0])


def test_default_limits_and_options():
    c = dechrome.Cleaner()
    limits = {k: c.options[k] for k in dechrome.DEFAULT_LIMITS}
    assert limits == dechrome.DEFAULT_LIMITS
    assert dechrome.DEFAULT_LIMITS["max_bytes"] == 64 * 1024 * 1024
    assert dechrome.Cleaner(lang="auto").options["lang"] is None


def test_error_hierarchy():
    for cls in (dechrome.RuleError, dechrome.TooLarge, dechrome.Timeout, dechrome.InputError,
                dechrome.IoError, dechrome.InternalError, dechrome.DomLimit):
        assert issubclass(cls, dechrome.Error) and issubclass(cls, Exception)
    assert issubclass(dechrome.TooManyNodes, dechrome.DomLimit)
    assert issubclass(dechrome.TooDeep, dechrome.DomLimit)
    assert dechrome.Error.__module__ == "dechrome"


def test_charset_and_content_type_decide_the_encoding():
    text = "<html><body><h1>Café crème</h1>" + STORY + "</body></html>"
    data = text.encode("windows-1252")
    assert dechrome.clean(data, charset="windows-1252")["encoding"] == "windows-1252"
    out = dechrome.clean(data, content_type="text/html; charset=windows-1252")
    assert out["encoding"] == "windows-1252" and out["title"] == "Café crème"


def test_input_kind_forces_text_or_html():
    page = "<p>Breaking</p>\n\nA title for the story\n\n" + STORY
    as_text = dechrome.clean(page, input="text")
    assert "<p>" in as_text["text"]
    assert "<p>" not in dechrome.clean(page, input="html")["text"]


def test_version():
    assert dechrome.__version__ == dechrome.clean(STORY)["dechrome_version"]


@pytest.mark.parametrize("how", ["clean", "render", "clean_many"])
def test_the_gil_is_released_while_rust_works(how):
    """A Python thread keeps running while another is inside dechrome. With the GIL held for the
    whole call the spinning thread would be stopped for all of it but one switch interval; with the
    GIL released it runs through the Rust work and stops only while the result is turned into
    Python objects (a share of the call that grows with the number of blocks), so the test asks for
    a fifth of the call, not for the longest pause."""
    import sys
    import time

    c = dechrome.Cleaner()
    page = HTML_FIXTURES[0].read_bytes()
    body = page.split(b"<body", 1)[1]
    big = b"<html><body" + body * 60
    if how == "clean":
        call = lambda: c.clean(big)  # noqa: E731
    elif how == "render":
        call = lambda: c.render(big, format="text")  # noqa: E731
    else:
        call = lambda: c.clean_many([page] * 120, threads=1)  # noqa: E731
    span = []
    done = threading.Event()

    def work():
        # Calls until the span is long enough to judge on any machine; between two calls the
        # other thread may take the GIL for one switch interval even when Rust holds it.
        t = time.perf_counter()
        while time.perf_counter() - t < 40 * sys.getswitchinterval():
            call()
        span.append((t, time.perf_counter()))
        done.set()

    stamps = []
    worker = threading.Thread(target=work)
    worker.start()
    while not done.is_set():
        stamps.append(time.perf_counter())
    worker.join()
    start, end = span[0]
    inside = [s for s in stamps if start <= s <= end]
    gaps = [b - a for a, b in zip([start] + inside, inside + [end])]
    call_time = end - start
    running = sum(g for g in gaps if g < 0.001)
    assert running > call_time / 5, (running, call_time, max(gaps))


RELATIVE_PAGE = (
    '<html lang="en"><body><article><h1>Harbour terminal opens a year late</h1>'
    '<div class="meta">3 days ago</div>'
    "<p>The harbour authority said on Monday that the new container terminal would open next "
    "year, after a delay of almost two years caused by the storms of last winter.</p>"
    "<p>Shipping lines had planned to move part of their traffic to the terminal this spring, "
    "and several of them now say they will keep using the older quays.</p></article></body></html>"
)


def test_fetched_reads_relative_dates():
    c = dechrome.Cleaner()
    assert c.clean(RELATIVE_PAGE, fetched="2024-01-01T00:00:00Z")["date"] == "2023-12-29"
    assert c.clean(RELATIVE_PAGE)["date"] is None
    assert dechrome.clean(RELATIVE_PAGE, fetched="2024-01-01")["date"] == "2023-12-29"
    with pytest.raises(ValueError, match="fetched"):
        c.clean(RELATIVE_PAGE, fetched="last week")
