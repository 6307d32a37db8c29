"""The records that flow through the pipeline.

All records are frozen dataclasses with slots. Ids are derived from content (never from a
path or a counter), so re-runs, resumed runs and parallel workers agree on them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

ID_LENGTH = 16


def content_id(data: bytes) -> str:
    """The id of a piece of content: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:ID_LENGTH]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as it arrived, before extraction.

    ``source`` is the input as the user gave it (a path, a URL, ``-`` for stdin), with a
    ``#fragment`` for documents inside a container (``feed.jsonl#3`` is line 3,
    ``crawl.warc.gz#2`` the second response record, ``feed.xml#1`` the first entry).
    ``data`` holds the raw bytes of this document alone. ``kind`` is ``"html"`` or ``"text"``.
    ``meta`` holds metadata the container gave (JSONL fields, WARC headers, feed entries):
    keys among title, author, published, outlet, language, credit; these are hints that the
    extractor prefers to what it finds in the content.
    """

    source: str
    data: bytes = field(repr=False)
    kind: str
    url: str | None = None
    encoding: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return content_id(self.data)


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of the input that the cleaner dropped, and why (for auditing)."""

    text: str
    reason: str
    line: int | None = None  # 0-based line number in the input, for plain text


@dataclass(frozen=True, slots=True)
class Passage:
    """A character span ``[start, end)`` of an article's clean text holding one story.

    An ordinary article has one passage covering the whole text; a live blog has several.
    """

    start: int
    end: int
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """An extracted article: clean text, metadata, what was removed, and its passages."""

    id: str
    source: str
    kind: str
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date or date-time
    outlet: str | None = None
    credit: str | None = None  # the origin the text credits (a news agency, another outlet)
    language: str | None = None  # ISO 639-1
    url: str | None = None  # canonical URL when known
    extractor: str = ""  # which extractor of the cascade produced ``text``
    removed: tuple[Removed, ...] = ()
    passages: tuple[Passage, ...] = ()
    warnings: tuple[str, ...] = ()
    raw: bytes = field(default=b"", repr=False, compare=False)

    def metadata(self) -> list[tuple[str, str]]:
        """The metadata that is known, as (field, value) pairs in display order."""
        pairs = (
            ("source", self.source),
            ("title", self.title),
            ("outlet", self.outlet),
            ("author", self.author),
            ("published", self.published),
            ("credit", self.credit),
            ("language", self.language),
            ("url", self.url),
            ("extractor", self.extractor),
        )
        return [(k, v) for k, v in pairs if v]

    def passage_texts(self) -> list[str]:
        return [self.text[p.start : p.end] for p in self.passages]

    def to_dict(self, *, include_raw: bool = False) -> dict[str, Any]:
        """The JSON form (``newsfuse extract --json`` prints one of these per line)."""
        d = {
            "id": self.id,
            "source": self.source,
            "kind": self.kind,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "outlet": self.outlet,
            "credit": self.credit,
            "language": self.language,
            "url": self.url,
            "extractor": self.extractor,
            "text": self.text,
            "passages": [asdict(p) for p in self.passages],
            "removed": [{"text": r.text, "reason": r.reason, "line": r.line} for r in self.removed],
            "warnings": list(self.warnings),
        }
        if include_raw:
            d["raw"] = self.raw.decode("utf-8", "replace")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], *, raw: bytes = b"") -> Article:
        return cls(
            id=d["id"],
            source=d["source"],
            kind=d.get("kind", "text"),
            text=d["text"],
            title=d.get("title"),
            author=d.get("author"),
            published=d.get("published"),
            outlet=d.get("outlet"),
            credit=d.get("credit"),
            language=d.get("language"),
            url=d.get("url"),
            extractor=d.get("extractor", ""),
            removed=tuple(
                Removed(r["text"], r["reason"], r.get("line")) for r in d.get("removed", ())
            ),
            passages=tuple(
                Passage(p["start"], p["end"], p.get("title")) for p in d.get("passages", ())
            ),
            warnings=tuple(d.get("warnings", ())),
            raw=raw,
        )


@dataclass(frozen=True, slots=True)
class Failure:
    """One input that could not be processed: which, at which stage, and why."""

    source: str
    stage: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: [{self.stage}] {self.reason}"


__all__ = ["Article", "Failure", "Passage", "RawDocument", "Removed", "content_id"]
