"""``Dechrome``: a datatrove extractor step, a drop-in for datatrove's ``Trafilatura``.

::

    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from dechrome.datatrove import Dechrome

    pipeline = [WarcReader("crawl/"), Dechrome(), JsonlWriter("out/")]

It puts the cleaned text into ``document.text`` and the article's metadata into
``document.metadata``. dechrome never hangs (every budget is a typed error), so unlike
``Trafilatura`` it runs in the worker itself, with no sandbox process; ``timeout`` becomes the
cleaner's per-document time budget.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.extractors.base import BaseExtractor
from datatrove.utils.typeshelper import StatHints

from . import Cleaner, Error

DEFAULT_METADATA = (
    "title",
    "authors",
    "date",
    "site_name",
    "category",
    "language",
    "page_type",
    "paywalled",
    "description",
)

FORMATS = ("text", "markdown", "html", "json", "jsonl")


class Dechrome(BaseExtractor):
    """Cleans each document's HTML with dechrome.

    Args:
        output_format: what goes into ``document.text``: "text" (the body, blocks joined by a
            blank line), "markdown" (title, byline and body), "html" (sanitized article HTML),
            "json"/"jsonl" (the whole article).
        metadata_fields: the article fields added to ``document.metadata``. A field whose name
            is already in the metadata (the reader's ``date`` is the crawl date) is stored as
            ``dechrome_<field>`` instead.
        drop_empty: drop documents with no content left (as ``Trafilatura`` does); with False
            they are kept with an empty text.
        drop_page_types: page types to drop, e.g. ("listing", "collection").
        timeout: per-document time budget in seconds (``Trafilatura``'s argument); None or 0
            for none.
        rules_dir, site_rules, lang: the ``Cleaner`` options.
        favour_precision, deduplicate: accepted so that ``Trafilatura(...)`` arguments carry
            over; dechrome has a single mode, so they change nothing.
    """

    name = "🧽 Dechrome"
    _requires_dependencies: list[str] = []

    def __init__(
        self,
        output_format: str = "text",
        metadata_fields: Iterable[str] = DEFAULT_METADATA,
        drop_empty: bool = True,
        drop_page_types: Iterable[str] = (),
        timeout: Optional[float] = 1,
        rules_dir: Optional[str] = None,
        site_rules: bool = True,
        lang: Optional[str] = None,
        favour_precision: bool = True,
        include_images: bool = False,
        deduplicate: bool = True,
    ) -> None:
        super().__init__(timeout if timeout is not None else 0)
        if output_format not in FORMATS:
            raise ValueError(f"output_format must be one of {FORMATS}, not {output_format!r}")
        if include_images:
            raise NotImplementedError("include_images")
        self.output_format = output_format
        self.metadata_fields = list(metadata_fields)
        self.drop_empty = drop_empty
        self.drop_page_types = {t.strip().lower() for t in drop_page_types}
        self.rules_dir = rules_dir
        self.site_rules = site_rules
        self.lang = lang
        self._cleaner: Optional[Cleaner] = None

    @property
    def cleaner(self) -> Cleaner:
        """The cleaner, built on first use (in the worker process, not when pickled)."""
        if self._cleaner is None:
            self._cleaner = Cleaner(
                rules_dir=self.rules_dir,
                site_rules=self.site_rules,
                lang=self.lang,
                timeout_ms=int(self.timeout * 1000) if self.timeout else 0,
            )
        return self._cleaner

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_cleaner"] = None
        return state

    def _clean(self, html: str, url: Optional[str]) -> tuple[dict[str, Any], str]:
        if self.output_format == "text":
            article = self.cleaner.clean(html, url=url)
            return article, article["text"]
        article, rendered = self.cleaner.clean_and_render(html, self.output_format, url=url)
        return article, rendered.rstrip("\n")

    def extract(self, text: str) -> str:
        """The cleaned text of one HTML page, in ``output_format``."""
        return self._clean(text, None)[1]

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Cleans each document; drops the ones with no content or an unwanted page type."""
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                try:
                    article, text = self._clean(doc.text, doc.metadata.get("url"))
                except Error as e:
                    self.stat_update(getattr(e, "status", "error"))
                    continue
            self.stat_update("extracted")
            page_type = article.get("page_type")
            if page_type in self.drop_page_types:
                self.stat_update(f"dropped_{page_type}")
                continue
            if self.drop_empty and not article.get("text"):
                self.stat_update(StatHints.dropped)
                continue
            doc.text = text
            for f in self.metadata_fields:
                key = f"dechrome_{f}" if f in doc.metadata else f
                doc.metadata[key] = article.get(f)
            self.stat_update(StatHints.forwarded)
            self.update_doc_stats(doc)
            yield doc
