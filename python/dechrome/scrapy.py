"""A Scrapy item pipeline that cleans the page an item carries and adds the article fields.

Enable it in the project's settings::

    ITEM_PIPELINES = {"dechrome.scrapy.DechromePipeline": 300}

and yield items that carry the page, e.g. ``{"url": response.url, "body": response.body}`` or
``{"response": response}`` with ``DECHROME_SOURCE_FIELD = "response"`` (a Response gives its
body, URL and Content-Type header).

Settings (all optional):

``DECHROME_SOURCE_FIELD`` (``"body"``)
    The item field holding the page: bytes, str, or a Scrapy ``Response``.
``DECHROME_URL_FIELD`` (``"url"``)
    The item field holding the page URL (used when the source is not a Response).
``DECHROME_FIELDS`` (title, authors, date, site_name, category, language, page_type, paywalled,
description, text)
    The article fields copied into the item (any field of ``Cleaner.clean``'s dict).
``DECHROME_FIELD_PREFIX`` (``""``)
    Prepended to every field name written into the item.
``DECHROME_KEEP_SOURCE`` (``False``)
    Keep the source field in the item (by default it is removed: pages are big).
``DECHROME_DROP_PAGE_TYPES`` (``[]``)
    Page types to drop (``DropItem``), e.g. ``["listing", "collection"]``.
``DECHROME_DROP_EMPTY`` (``False``)
    Drop items whose cleaned text is empty.
``DECHROME_ON_ERROR`` (``"drop"``)
    ``"drop"`` drops an item whose page could not be cleaned; ``"keep"`` keeps it with a
    ``dechrome_error`` field (the message) instead of the article fields.
``DECHROME_RULES_DIR``, ``DECHROME_SITE_RULES`` (``True``), ``DECHROME_LANG``,
``DECHROME_EXPLAIN``, ``DECHROME_MAX_BYTES``, ``DECHROME_MAX_NODES``, ``DECHROME_MAX_DEPTH``,
``DECHROME_TIMEOUT_MS``
    The ``Cleaner`` options.

Items may be dicts or any type ``itemadapter`` supports; a ``scrapy.Item`` must declare the
fields the pipeline writes.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from . import Cleaner, Error

DEFAULT_FIELDS = (
    "title",
    "authors",
    "date",
    "site_name",
    "category",
    "language",
    "page_type",
    "paywalled",
    "description",
    "text",
)


def _as_list(value: Any) -> list[str]:
    """A Scrapy list setting: a list, or a comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


class DechromePipeline:
    """Cleans ``item[source_field]`` with dechrome and writes the article fields into the item."""

    def __init__(
        self,
        cleaner: Optional[Cleaner] = None,
        source_field: str = "body",
        url_field: str = "url",
        fields: Iterable[str] = DEFAULT_FIELDS,
        prefix: str = "",
        keep_source: bool = False,
        drop_page_types: Iterable[str] = (),
        drop_empty: bool = False,
        on_error: str = "drop",
        stats: Any = None,
    ) -> None:
        if on_error not in ("drop", "keep"):
            raise ValueError(f'DECHROME_ON_ERROR must be "drop" or "keep", not {on_error!r}')
        self.cleaner = cleaner if cleaner is not None else Cleaner()
        self.source_field = source_field
        self.url_field = url_field
        self.fields = list(fields)
        self.prefix = prefix
        self.keep_source = keep_source
        self.drop_page_types = {t.strip().lower() for t in drop_page_types}
        self.drop_empty = drop_empty
        self.on_error = on_error
        self.stats = stats

    @classmethod
    def from_settings(cls, settings: Any, stats: Any = None) -> "DechromePipeline":
        """Builds the pipeline (and its cleaner) from Scrapy settings."""

        def opt_int(name: str) -> Optional[int]:
            v = settings.get(name)
            return None if v is None or v == "" else int(v)

        cleaner = Cleaner(
            rules_dir=settings.get("DECHROME_RULES_DIR") or None,
            site_rules=settings.getbool("DECHROME_SITE_RULES", True),
            lang=settings.get("DECHROME_LANG") or None,
            explain=settings.getbool("DECHROME_EXPLAIN", False),
            max_bytes=opt_int("DECHROME_MAX_BYTES"),
            max_nodes=opt_int("DECHROME_MAX_NODES"),
            max_depth=opt_int("DECHROME_MAX_DEPTH"),
            timeout_ms=opt_int("DECHROME_TIMEOUT_MS"),
        )
        fields = settings.get("DECHROME_FIELDS")
        return cls(
            cleaner=cleaner,
            source_field=settings.get("DECHROME_SOURCE_FIELD", "body"),
            url_field=settings.get("DECHROME_URL_FIELD", "url"),
            fields=DEFAULT_FIELDS if fields is None else _as_list(fields),
            prefix=settings.get("DECHROME_FIELD_PREFIX", ""),
            keep_source=settings.getbool("DECHROME_KEEP_SOURCE", False),
            drop_page_types=_as_list(settings.get("DECHROME_DROP_PAGE_TYPES")),
            drop_empty=settings.getbool("DECHROME_DROP_EMPTY", False),
            on_error=settings.get("DECHROME_ON_ERROR", "drop"),
            stats=stats,
        )

    @classmethod
    def from_crawler(cls, crawler: Any) -> "DechromePipeline":
        """Scrapy's entry point."""
        return cls.from_settings(crawler.settings, getattr(crawler, "stats", None))

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"dechrome/{key}")

    def _source(self, adapter: Any) -> tuple[Any, Optional[str], Optional[str]]:
        """(body, url, content_type) of the item's page."""
        value = adapter.get(self.source_field)
        if value is None:
            raise KeyError(self.source_field)
        if hasattr(value, "body") and hasattr(value, "url"):  # a Scrapy Response
            headers = getattr(value, "headers", None) or {}
            ctype = headers.get(b"Content-Type") if hasattr(headers, "get") else None
            if isinstance(ctype, bytes):
                ctype = ctype.decode("latin-1")
            return value.body, value.url, ctype
        url = adapter.get(self.url_field) if self.url_field else None
        return value, url, None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Cleans the item's page and adds the fields; raises ``DropItem`` per the settings."""
        from itemadapter import ItemAdapter
        from scrapy.exceptions import DropItem

        adapter = ItemAdapter(item)
        try:
            body, url, ctype = self._source(adapter)
        except KeyError:
            self._inc("no_source")
            raise DropItem(f"dechrome: the item has no {self.source_field!r} field")
        try:
            article = self.cleaner.clean(body, url=url, content_type=ctype)
        except (Error, TypeError) as e:
            self._inc(f"error/{getattr(e, 'status', 'error')}")
            if self.on_error == "drop":
                raise DropItem(f"dechrome: {e}") from e
            adapter[self.prefix + "dechrome_error"] = str(e)
            if not self.keep_source:
                del adapter[self.source_field]
            return item
        page_type = article.get("page_type")
        if page_type in self.drop_page_types:
            self._inc(f"dropped/{page_type}")
            raise DropItem(f"dechrome: page type {page_type}")
        if self.drop_empty and not article.get("text"):
            self._inc("dropped/empty")
            raise DropItem("dechrome: no content")
        for f in self.fields:
            adapter[self.prefix + f] = article.get(f)
        if not self.keep_source:
            del adapter[self.source_field]
        self._inc("cleaned")
        return item
