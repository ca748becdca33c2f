"""Type stubs of the compiled core (``dechrome._dechrome``); import ``dechrome`` instead."""

import os
from typing import Any, Iterable, Literal, Optional, TypedDict, Union

__version__: str

class _Limits(TypedDict):
    max_bytes: int
    max_nodes: int
    max_depth: int
    timeout_ms: int

DEFAULT_LIMITS: _Limits
"""The library's default budgets (what ``None`` means in ``Cleaner``'s budget options)."""

Document = Union[bytes, bytearray, str]
InputKind = Literal["auto", "html", "text"]
Format = Literal["json", "jsonl", "text", "markdown", "html"]

class Block(TypedDict):
    kind: Literal["heading", "paragraph", "list_item", "quote", "caption", "table"]
    text: str

class Removed(TypedDict):
    rule: str
    text: str

class _ArticleBase(TypedDict):
    title: Optional[str]
    authors: list[str]
    date: Optional[str]
    site_name: Optional[str]
    category: Optional[str]
    language: Optional[str]
    highlights: list[str]
    paywalled: bool
    url: Optional[str]
    encoding: Optional[str]
    description: Optional[str]
    page_type: Literal[
        "article", "forum", "product", "collection", "listing", "documentation", "service"
    ]
    text: str
    blocks: list[Block]
    dechrome_version: str
    rules_hash: str

class Article(_ArticleBase, total=False):
    """The cleaned article: the CLI's JSON, field for field."""

    removed: list[Removed]  # explain=True only
    sources: dict[str, str]  # explain=True only

class Error(Exception):
    """Base class of every dechrome error."""

    status: Literal["too_large", "timeout", "error"]

class RuleError(Error):
    file: str
    line: Optional[int]
    column: Optional[int]

class TooLarge(Error):
    """Over the byte budget (``size``, ``limit``), or, in the subclasses, the DOM budget."""

    size: int
    limit: int

class DomLimit(TooLarge): ...
class TooManyNodes(DomLimit): ...
class TooDeep(DomLimit): ...

class Timeout(Error):
    budget_ms: int

class InputError(Error): ...

class IoError(Error):
    path: Optional[str]

class InternalError(Error):
    """dechrome panicked on this input; the panic was caught and the cleaner is still usable."""

class Cleaner:
    """Cleans pages: rules compiled once, safe to share across threads, picklable."""

    def __init__(
        self,
        rules_dir: Optional[Union[str, os.PathLike[str]]] = None,
        site_rules: bool = True,
        lang: Optional[str] = None,
        explain: bool = False,
        max_bytes: Optional[int] = None,
        max_nodes: Optional[int] = None,
        max_depth: Optional[int] = None,
        timeout_ms: Optional[int] = None,
    ) -> None: ...
    def clean(
        self,
        html: Document,
        url: Optional[str] = None,
        charset: Optional[str] = None,
        content_type: Optional[str] = None,
        input: InputKind = "auto",
        fetched: Optional[str] = None,
    ) -> Article:
        """Cleans one page (bytes in any encoding, or str) into the CLI's JSON as a dict."""
    def clean_text(self, text: Union[str, bytes], url: Optional[str] = None) -> Article:
        """Cleans plain text scraped with the chrome still in it."""
    def clean_many(
        self,
        docs: Iterable[Union[Document, tuple[Document, Optional[str]]]],
        threads: Optional[int] = None,
        input: InputKind = "auto",
        errors: Literal["raise", "return"] = "raise",
    ) -> list[Any]:
        """Cleans many pages on Rust threads, in order; items are documents or (document, url).

        With errors="return" a failed document's place holds its ``Error`` instance."""
    def render(
        self,
        html: Document,
        format: Format = "markdown",
        url: Optional[str] = None,
        charset: Optional[str] = None,
        content_type: Optional[str] = None,
        input: InputKind = "auto",
        fetched: Optional[str] = None,
    ) -> str:
        """Cleans one page and renders it like the CLI's --format."""
    def clean_and_render(
        self,
        html: Document,
        format: Format = "markdown",
        url: Optional[str] = None,
        charset: Optional[str] = None,
        content_type: Optional[str] = None,
        input: InputKind = "auto",
        fetched: Optional[str] = None,
    ) -> tuple[Article, str]:
        """clean() and render() from one cleaning."""
    @property
    def rules_hash(self) -> str: ...
    @property
    def options(self) -> dict[str, Any]: ...
