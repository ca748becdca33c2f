"""dechrome: strip site chrome from scraped web pages and get the clean article with its metadata.

>>> import dechrome
>>> article = dechrome.clean(open("page.html", "rb").read(), url="https://example.com/a")
>>> article["title"], article["text"]

``Cleaner`` compiles the rule packs once and is safe to share across threads; ``clean``,
``clean_text`` and ``clean_many`` here use a default cleaner built on first use. Every failure
raises a ``dechrome.Error`` subclass that names its cause. The Scrapy item pipeline is
``dechrome.scrapy.DechromePipeline``; the datatrove extractor is ``dechrome.datatrove.Dechrome``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

from ._dechrome import (
    DEFAULT_LIMITS,
    Cleaner,
    DomLimit,
    Error,
    InputError,
    InternalError,
    IoError,
    RuleError,
    Timeout,
    TooDeep,
    TooLarge,
    TooManyNodes,
    __version__,
)

if TYPE_CHECKING:
    from ._dechrome import Article

__all__ = [
    "DEFAULT_LIMITS",
    "Cleaner",
    "DomLimit",
    "Error",
    "InputError",
    "InternalError",
    "IoError",
    "RuleError",
    "Timeout",
    "TooDeep",
    "TooLarge",
    "TooManyNodes",
    "__version__",
    "clean",
    "clean_many",
    "clean_text",
    "default_cleaner",
]

_default: Optional[Cleaner] = None
_default_lock = threading.Lock()


def default_cleaner() -> Cleaner:
    """The cleaner behind the module-level functions: built-in packs, default options."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Cleaner()
    return _default


def clean(
    html: Union[bytes, bytearray, str],
    url: Optional[str] = None,
    charset: Optional[str] = None,
    content_type: Optional[str] = None,
    input: str = "auto",
    fetched: Optional[str] = None,
) -> "Article":
    """Cleans one page with the default cleaner; see ``Cleaner.clean``."""
    return default_cleaner().clean(
        html,
        url=url,
        charset=charset,
        content_type=content_type,
        input=input,
        fetched=fetched,
    )


def clean_text(text: Union[str, bytes], url: Optional[str] = None) -> "Article":
    """Cleans scraped plain text with the default cleaner; see ``Cleaner.clean_text``."""
    return default_cleaner().clean_text(text, url=url)


def clean_many(
    docs: Iterable[Any],
    threads: Optional[int] = None,
    input: str = "auto",
    errors: str = "raise",
) -> list[Any]:
    """Cleans many pages on Rust threads with the default cleaner; see ``Cleaner.clean_many``."""
    return default_cleaner().clean_many(docs, threads=threads, input=input, errors=errors)
