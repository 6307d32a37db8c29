"""RSS and Atom feed files: every entry becomes a document holding the entry's content
(or summary) HTML, with title/author/published/url from the entry and the feed title as outlet.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from typing import Any

from newsfuse.errors import MalformedInputError
from newsfuse.ingest.meta import as_text, language_code
from newsfuse.ingest.sniff import looks_like_html
from newsfuse.records import Failure, RawDocument

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def _iso(parsed: Any) -> str | None:
    """A feedparser time tuple (UTC) as ISO 8601, or None."""
    if not parsed:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    except (TypeError, ValueError):
        return None


def _content(entry: Any) -> tuple[str, str] | None:
    """(value, kind) of an entry's fullest content, else its summary; None when it has none."""
    best: tuple[str, str] | None = None
    for item in entry.get("content") or ():
        value = item.get("value") or ""
        if value.strip() and (best is None or len(value) > len(best[0])):
            best = (value, str(item.get("type", "text/html")))
    if best is None:
        summary = entry.get("summary") or ""
        if not summary.strip():
            return None
        detail = entry.get("summary_detail") or {}
        best = (summary, str(detail.get("type", "text/html")))
    value, ctype = best
    kind = "html" if ctype in _HTML_TYPES or looks_like_html(value.encode()) else "text"
    return value, kind


def parse_feed(data: bytes, source: str) -> Any:
    """feedparser's result for ``data``; MalformedInputError when it is broken and has no entries."""
    import feedparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # feedparser warns about its own deprecated accessors
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise MalformedInputError(
                f"malformed feed: {parsed.get('bozo_exception', 'not well-formed XML')}",
                source=source,
            )
        raise MalformedInputError("feed has no entries", source=source)
    return parsed


def read_feed(data: bytes, source: str) -> Iterator[RawDocument | Failure]:
    """The entries of an RSS/Atom document as RawDocuments ``feed.xml#N`` (or Failures)."""
    try:
        parsed = parse_feed(data, source)
    except MalformedInputError as exc:
        yield Failure(source, exc.stage, exc.message)
        return
    feed = parsed.feed
    outlet = as_text(feed.get("title"))
    language = language_code(as_text(feed.get("language")))
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#{number}"
        content = _content(entry)
        if content is None:
            missing = MalformedInputError("feed entry has no content or summary", source=where)
            yield Failure(where, missing.stage, missing.message)
            continue
        value, kind = content
        meta = {
            "title": as_text(entry.get("title")),
            "author": as_text(entry.get("author")),
            "published": _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
            or as_text(entry.get("published") or entry.get("updated")),
            "outlet": outlet,
            "language": language_code(as_text((entry.get("content") or [{}])[0].get("language")))
            or language,
        }
        yield RawDocument(
            source=where,
            data=value.encode("utf-8", "replace"),
            kind=kind,
            url=as_text(entry.get("link")),
            encoding="utf-8",
            meta={k: v for k, v in meta.items() if v},
        )


__all__ = ["parse_feed", "read_feed"]
