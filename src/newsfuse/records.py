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


LINK_TYPES = ("exact_copy", "near_duplicate", "contains", "rewrite_of", "shares_passage")


@dataclass(frozen=True, slots=True)
class Span:
    """The same text in two articles: ``[a_start, a_end)`` of article a's clean text and
    ``[b_start, b_end)`` of article b's (character offsets)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True, slots=True)
class AlignedSentence:
    """A sentence of article a paired with the sentence of article b that says the same thing
    (character offsets into each clean text), with their similarity in [0, 1]."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float


@dataclass(frozen=True, slots=True)
class Link:
    """A typed, scored edge between two articles: b derives from a or they share text.

    Directed types read "a <type> b": ``contains`` means a's text holds b's; ``rewrite_of``
    means a is a rewrite of b. ``exact_copy``, ``near_duplicate`` and ``shares_passage`` are
    symmetric (a is the article seen first). ``a_passage``/``b_passage`` name the passage index
    when the link holds between passages of live blogs rather than whole articles. ``spans``
    are the shared character spans; ``aligned`` the aligned sentence pairs of a rewrite;
    ``facts`` what was checked to survive (numbers, names, quotes) and how much of it did.
    """

    a: str  # article id
    b: str  # article id
    type: str
    score: float
    spans: tuple[Span, ...] = ()
    aligned: tuple[AlignedSentence, ...] = ()
    a_passage: int | None = None
    b_passage: int | None = None
    facts: dict[str, Any] = field(default_factory=dict, compare=False)
    detector: str = ""  # which stage of the cascade made the link

    def evidence(self) -> dict[str, Any]:
        return {
            "detector": self.detector,
            "spans": [asdict(s) for s in self.spans],
            "aligned": [asdict(s) for s in self.aligned],
            "a_passage": self.a_passage,
            "b_passage": self.b_passage,
            "facts": dict(self.facts),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "type": self.type,
            "score": round(self.score, 4),
            "evidence": self.evidence(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Link:
        ev = d.get("evidence", {})
        return cls(
            a=d["a"],
            b=d["b"],
            type=d["type"],
            score=float(d["score"]),
            spans=tuple(Span(**s) for s in ev.get("spans", ())),
            aligned=tuple(AlignedSentence(**s) for s in ev.get("aligned", ())),
            a_passage=ev.get("a_passage"),
            b_passage=ev.get("b_passage"),
            facts=dict(ev.get("facts", {})),
            detector=ev.get("detector", ""),
        )


@dataclass(frozen=True, slots=True)
class Family:
    """Articles that derive from one another or credit the same origin: one independent source.

    ``original`` is the member judged to be the original (None when it cannot be decided),
    ``reasons`` say why (or why not), ``credited`` is the origin the members credit (an agency
    or outlet, which may not be in the corpus), ``flags`` mark members such as content-farm
    copies and likely machine rewrites: ``{"content-farm": (ids), "machine-rewrite": (ids)}``.
    """

    id: str
    members: tuple[str, ...]  # article ids
    original: str | None = None
    reasons: tuple[str, ...] = ()
    credited: str | None = None
    flags: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "members": list(self.members),
            "original": self.original,
            "reasons": list(self.reasons),
            "credited": self.credited,
            "flags": {k: list(v) for k, v in self.flags.items()},
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Family:
        return cls(
            id=d["id"],
            members=tuple(d["members"]),
            original=d.get("original"),
            reasons=tuple(d.get("reasons", ())),
            credited=d.get("credited"),
            flags={k: tuple(v) for k, v in d.get("flags", {}).items()},
        )


@dataclass(frozen=True, slots=True)
class StoryMember:
    """An article (``passage`` None) or one passage of a live blog, in a story, with its
    similarity to the story."""

    article: str  # article id
    source: str
    passage: int | None
    score: float


@dataclass(frozen=True, slots=True)
class Story:
    """A real-world event: the articles and live-blog passages about it, across outlets and
    days. ``id`` stays stable across runs and incremental additions."""

    id: str
    label: str
    keywords: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    first_seen: str | None = None  # ISO 8601
    last_seen: str | None = None
    members: tuple[StoryMember, ...] = ()
    families: int = 0  # independent source families among the members

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "keywords": list(self.keywords),
            "entities": list(self.entities),
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "families": self.families,
            "members": [
                {
                    "article": m.article,
                    "source": m.source,
                    "passage": m.passage,
                    "score": round(m.score, 4),
                }
                for m in self.members
            ],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Story:
        return cls(
            id=d["id"],
            label=d["label"],
            keywords=tuple(d.get("keywords", ())),
            entities=tuple(d.get("entities", ())),
            first_seen=d.get("first_seen"),
            last_seen=d.get("last_seen"),
            members=tuple(
                StoryMember(m["article"], m["source"], m.get("passage"), float(m["score"]))
                for m in d.get("members", ())
            ),
            families=int(d.get("families", 0)),
        )


__all__ = [
    "LINK_TYPES",
    "AlignedSentence",
    "Article",
    "Failure",
    "Family",
    "Link",
    "Passage",
    "RawDocument",
    "Removed",
    "Span",
    "Story",
    "StoryMember",
    "content_id",
]
