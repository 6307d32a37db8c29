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

    @classmethod
    def of(cls, source: str, stage: str, exc: BaseException) -> Failure:
        """The failure of ``source`` at ``stage`` from an exception: a NewsfuseError says
        what went wrong in its message; anything else is named as unexpected (a bug or a
        library crash on this input). The reason is capped: an exception may quote a huge
        token of the input."""
        from newsfuse.errors import NewsfuseError

        if isinstance(exc, NewsfuseError):
            reason = exc.message
        elif isinstance(exc, RecursionError):
            reason = "unexpected RecursionError: the input is nested too deeply"
        elif isinstance(exc, MemoryError):
            reason = "unexpected MemoryError: the input needs more memory than is available"
        else:
            reason = f"unexpected {type(exc).__name__}: {exc}"
        if len(reason) > FAILURE_REASON_CHARS:
            reason = reason[: FAILURE_REASON_CHARS - 1] + "…"
        return cls(source, stage, reason)


FAILURE_REASON_CHARS = 400  # a failure's reason is cut to this length


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


CLAIM_KINDS = ("quantity", "quote", "event", "statement")
CLAIM_STATUSES = ("corroborated", "single_source", "conflicting", "differing_estimates")
#: how sure a claim's speaker is (``Claim.attribution``), surest first
ATTRIBUTIONS = ("named", "resolved", "inherited", "unresolved")


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an entity is named: ``[start, end)`` of an article's clean text, as written."""

    article: str  # article id
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, with every way the articles write it.

    ``name`` is the fullest common form, ``aliases`` every distinct written form (spelling
    and transliteration variants, surname-only mentions, acronyms and expansions, "region" /
    "oblast" variants), ``roles`` the titles and roles the texts give it, ``mentions`` where
    it is named. ``id`` is derived from the name and kind, so it is the same in every run."""

    id: str
    name: str
    kind: str  # person, organisation, place, other
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "mentions": [[m.article, m.start, m.end, m.text] for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            id=d["id"],
            name=d["name"],
            kind=d.get("kind", "other"),
            aliases=tuple(d.get("aliases", ())),
            roles=tuple(d.get("roles", ())),
            mentions=tuple(Mention(a, int(s), int(e), t) for a, s, e, t in d.get("mentions", ())),
        )


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable claim as one article words it: a figure, a quote, a dated event or an
    attributed statement.

    ``[start, end)`` is the wording in the article's clean text (the quoted words of a quote,
    the figure with its qualifier and unit, the sentence of an event, the reported clause of a
    statement); ``context`` the span of the sentence around it. ``speaker`` is who the article
    says made the claim (an entity's name after alias merging, or the source as written when no
    entity matched), ``date`` when it happened or was said, resolved to ``YYYY-MM-DD``,
    ``YYYY-MM``, ``YYYY`` or a range ``first/last``, with ``date_text`` the expression as
    written. ``family`` is the independent source family the article (or its live-blog
    passage) belongs to (within a claim cluster: the independent source the claim counts as,
    see :mod:`newsfuse.claims.compare`).

    ``speaker_text`` is the speaker phrase as the article writes it ("he", "the minister",
    "Defence Minister Rustem Umerov") and ``attribution`` how sure the speaker is: ``named``
    (the phrase names the speaker), ``resolved`` (a pronoun or a role resolved to a name
    elsewhere in the text), ``inherited`` (the speaker of an earlier paragraph) or
    ``unresolved`` (the finder could not tell); None when the claim has no speaker. Only a
    ``named`` speaker may found a conflict."""

    id: str
    kind: str  # one of CLAIM_KINDS
    article: str  # article id
    source: str  # the article's source, as given
    start: int
    end: int
    text: str
    context: tuple[int, int] | None = None
    passage: int | None = None
    speaker: str | None = None
    speaker_id: str | None = None  # the speaker's entity id, when one matched
    role: str | None = None
    cue: str | None = None
    medium: str | None = None
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    date: str | None = None
    date_text: str | None = None
    entities: tuple[str, ...] = ()  # ids of the entities the claim names
    family: str | None = None
    speaker_text: str | None = None
    attribution: str | None = None  # one of ATTRIBUTIONS, None without a speaker

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "article": self.article,
            "source": self.source,
            "span": [self.start, self.end],
            "text": self.text,
            "context": list(self.context) if self.context else None,
            "passage": self.passage,
            "family": self.family,
        }
        for key in ("speaker", "speaker_id", "role", "cue", "medium", "value", "unit"):
            d[key] = getattr(self, key)
        for key in ("qualifier", "date", "date_text"):
            d[key] = getattr(self, key)
        d["entities"] = list(self.entities)
        d["speaker_text"] = self.speaker_text
        d["attribution"] = self.attribution
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        context = d.get("context")
        return cls(
            id=d["id"],
            kind=d["kind"],
            article=d["article"],
            source=d["source"],
            start=int(d["span"][0]),
            end=int(d["span"][1]),
            text=d["text"],
            context=(int(context[0]), int(context[1])) if context else None,
            passage=d.get("passage"),
            speaker=d.get("speaker"),
            speaker_id=d.get("speaker_id"),
            role=d.get("role"),
            cue=d.get("cue"),
            medium=d.get("medium"),
            value=d.get("value"),
            unit=d.get("unit"),
            qualifier=d.get("qualifier"),
            date=d.get("date"),
            date_text=d.get("date_text"),
            entities=tuple(d.get("entities", ())),
            family=d.get("family"),
            speaker_text=d.get("speaker_text"),
            attribution=d.get("attribution"),
        )


@dataclass(frozen=True, slots=True)
class Estimate:
    """One figure among the differing figures of a claim cluster: its value, who gave it,
    when, and which articles (and how many independent families) report it."""

    value: float
    unit: str | None
    qualifier: str | None
    speaker: str | None
    date: str | None
    text: str  # a representative wording
    sources: tuple[str, ...]
    families: int
    claims: tuple[str, ...]  # claim ids

    def figure(self) -> str:
        """The figure as a reader says it: "about 4,000 people", "could rise to 9,000"."""
        v = f"{int(self.value):,}" if float(self.value).is_integer() else f"{self.value:,}"
        q = "" if self.qualifier in (None, "exact") else self.qualifier.replace("_", " ") + " "
        return f"{q}{v}" + (f" {self.unit}" if self.unit else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "speaker": self.speaker,
            "date": self.date,
            "text": self.text,
            "sources": list(self.sources),
            "families": self.families,
            "status": "corroborated" if self.families > 1 else "single_source",
            "claims": list(self.claims),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Estimate:
        return cls(
            value=float(d["value"]),
            unit=d.get("unit"),
            qualifier=d.get("qualifier"),
            speaker=d.get("speaker"),
            date=d.get("date"),
            text=d.get("text", ""),
            sources=tuple(d.get("sources", ())),
            families=int(d.get("families", 0)),
            claims=tuple(d.get("claims", ())),
        )


@dataclass(frozen=True, slots=True)
class ClaimCluster:
    """The claims of one story that state the same fact, across outlets, and what the
    comparison found.

    ``status``: ``corroborated`` (two or more independent source families), ``single_source``
    (one family: copies and rewrites of one report add no corroboration), ``conflicting``
    (outlets give different figures or contradicting wordings for the same statement by the
    same source) or ``differing_estimates`` (different sources give different figures for the
    same thing; ``estimates`` holds them side by side). ``families`` counts independent
    sources (families, with the articles of one outlet, and wordings that only repeat a
    sentence another article has word for word, counted once); ``reason`` says why the status
    was given; ``conflict`` names the two claims (ids, of ``variants``) a conflict rests on,
    each with its speaker as written and its cue: the evidence."""

    id: str
    story: str
    kind: str
    status: str
    text: str
    variants: tuple[Claim, ...]
    sources: tuple[str, ...]
    family_ids: tuple[str, ...]
    speaker: str | None = None
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    date: str | None = None
    estimates: tuple[Estimate, ...] = ()
    reason: str = ""
    conflict: tuple[str, ...] = ()

    @property
    def families(self) -> int:
        return len(self.family_ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "story": self.story,
            "kind": self.kind,
            "status": self.status,
            "text": self.text,
            "speaker": self.speaker,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "date": self.date,
            "sources": list(self.sources),
            "families": self.families,
            "family_ids": list(self.family_ids),
            "reason": self.reason,
            "estimates": [e.to_dict() for e in self.estimates],
            "variants": [v.to_dict() for v in self.variants],
            "conflict": list(self.conflict),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClaimCluster:
        return cls(
            id=d["id"],
            story=d["story"],
            kind=d["kind"],
            status=d["status"],
            text=d["text"],
            variants=tuple(Claim.from_dict(v) for v in d.get("variants", ())),
            sources=tuple(d.get("sources", ())),
            family_ids=tuple(d.get("family_ids", ())),
            speaker=d.get("speaker"),
            value=d.get("value"),
            unit=d.get("unit"),
            qualifier=d.get("qualifier"),
            date=d.get("date"),
            estimates=tuple(Estimate.from_dict(e) for e in d.get("estimates", ())),
            reason=d.get("reason", ""),
            conflict=tuple(d.get("conflict", ())),
        )


BRIEF_SCHEMA_VERSION = "1.0"  # the version of the brief's JSON form (docs: README, "The brief")
CITATION_FIELDS = ("text", "title")


@dataclass(frozen=True, slots=True)
class Citation:
    """A span of one source that a brief sentence is taken from or is supported by:
    ``[start, end)`` of the article's clean text (of its title when ``field`` is "title").

    ``verbatim`` marks the span whose words the sentence repeats; the other citations are the
    spans of independent sources that say the same thing in their own words."""

    article: str  # article id
    source: str  # the article's source, as given
    start: int
    end: int
    family: str | None = None  # the independent source family of the article
    field: str = "text"  # one of CITATION_FIELDS
    verbatim: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "article": self.article,
            "span": [self.start, self.end],
            "family": self.family,
            "field": self.field,
            "verbatim": self.verbatim,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Citation:
        return cls(
            article=d["article"],
            source=d["source"],
            start=int(d["span"][0]),
            end=int(d["span"][1]),
            family=d.get("family"),
            field=d.get("field", "text"),
            verbatim=bool(d.get("verbatim", False)),
        )


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """One sentence of a brief or a timeline: its words, taken from a source, and the spans of
    every independent source that supports it. ``claim`` is the claim cluster it states, when
    it states one; ``date`` the day (``YYYY-MM-DD``), month or range (``first/last``) it is
    about, when known."""

    text: str
    citations: tuple[Citation, ...]
    claim: str | None = None
    date: str | None = None

    @property
    def families(self) -> int:
        """How many independent source families support the sentence."""
        return len({c.family or c.article for c in self.citations})

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.source for c in self.citations))

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "families": self.families,
            "claim": self.claim,
            "date": self.date,
            "citations": [c.to_dict() for c in self.citations],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BriefSentence:
        return cls(
            text=d["text"],
            citations=tuple(Citation.from_dict(c) for c in d.get("citations", ())),
            claim=d.get("claim"),
            date=d.get("date"),
        )


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One date of a timeline and what happened on it, merged across sources. ``date`` is a
    day (``YYYY-MM-DD``), a month (``YYYY-MM``) or a range (``first/last``); ``background``
    marks events that happened well before the story (reported as background)."""

    date: str
    sentences: tuple[BriefSentence, ...]
    background: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "background": self.background,
            "sentences": [s.to_dict() for s in self.sentences],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TimelineEntry:
        return cls(
            date=d["date"],
            sentences=tuple(BriefSentence.from_dict(s) for s in d.get("sentences", ())),
            background=bool(d.get("background", False)),
        )


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One figure of a differing-figures table: the figure as a reader says it ("about 4,000
    people"), who said it, and where it is reported (``sentence`` holds a wording and the
    citations of every report of it)."""

    figure: str
    speaker: str | None
    sentence: BriefSentence

    def to_dict(self) -> dict[str, Any]:
        return {"figure": self.figure, "speaker": self.speaker, **self.sentence.to_dict()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FigureRow:
        return cls(d["figure"], d.get("speaker"), BriefSentence.from_dict(d))


@dataclass(frozen=True, slots=True)
class FigureTable:
    """The differing figures given for one thing (a claim cluster): ``subject`` names what is
    counted ("people evacuated"), ``rows`` the figures side by side."""

    claim: str  # claim cluster id
    subject: str
    rows: tuple[FigureRow, ...]
    status: str = "differing_estimates"  # or "conflicting"

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "subject": self.subject,
            "status": self.status,
            "rows": [r.to_dict() for r in self.rows],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FigureTable:
        return cls(
            claim=d["claim"],
            subject=d["subject"],
            rows=tuple(FigureRow.from_dict(r) for r in d.get("rows", ())),
            status=d.get("status", "differing_estimates"),
        )


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One quote and every wording of it found (translations, trims), with its speaker."""

    claim: str  # claim cluster id
    speaker: str | None
    wordings: tuple[BriefSentence, ...]
    status: str = "single_source"

    @property
    def families(self) -> int:
        return len({c.family or c.article for w in self.wordings for c in w.citations})

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "speaker": self.speaker,
            "status": self.status,
            "families": self.families,
            "wordings": [w.to_dict() for w in self.wordings],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> QuoteGroup:
        return cls(
            claim=d["claim"],
            speaker=d.get("speaker"),
            wordings=tuple(BriefSentence.from_dict(w) for w in d.get("wordings", ())),
            status=d.get("status", "single_source"),
        )


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One report of a story in the brief's list of sources: which outlet, when, which
    independent family it belongs to, whether it is that family's original, its flags
    (content-farm copy, machine rewrite) and its copy links (``(type, other source, score)``,
    read "this <type> other")."""

    article: str
    source: str
    title: str | None
    outlet: str | None
    published: str | None
    family: str | None
    original: bool = False
    credited: str | None = None
    flags: tuple[str, ...] = ()
    links: tuple[tuple[str, str, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "source": self.source,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "family": self.family,
            "original": self.original,
            "credited": self.credited,
            "flags": list(self.flags),
            "links": [{"type": t, "other": o, "score": round(sc, 4)} for t, o, sc in self.links],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceEntry:
        return cls(
            article=d["article"],
            source=d["source"],
            title=d.get("title"),
            outlet=d.get("outlet"),
            published=d.get("published"),
            family=d.get("family"),
            original=bool(d.get("original", False)),
            credited=d.get("credited"),
            flags=tuple(d.get("flags", ())),
            links=tuple((x["type"], x["other"], float(x["score"])) for x in d.get("links", ())),
        )


@dataclass(frozen=True, slots=True)
class Brief:
    """The cited account of one story: a headline, a lead, the corroborated facts, the
    differing figures side by side, what one source alone says, the quotes with every
    wording, the timeline, and the sources with their copy links. Every sentence is taken from
    a source and cites every independent source that supports it."""

    story: str  # story id
    label: str
    headline: BriefSentence
    lead: tuple[BriefSentence, ...] = ()
    facts: tuple[BriefSentence, ...] = ()
    figures: tuple[FigureTable, ...] = ()
    single: tuple[BriefSentence, ...] = ()
    quotes: tuple[QuoteGroup, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    sources: tuple[SourceEntry, ...] = ()
    first_seen: str | None = None
    last_seen: str | None = None
    families: int = 0  # independent source families in the story

    def sentences(self) -> list[BriefSentence]:
        """Every cited sentence of the brief, in reading order (what the faithfulness check
        reads)."""
        out = [self.headline, *self.lead, *self.facts]
        out += [r.sentence for t in self.figures for r in t.rows]
        out += [*self.single, *(w for q in self.quotes for w in q.wordings)]
        out += [s for e in self.timeline for s in e.sentences]
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": f"newsfuse.brief/{BRIEF_SCHEMA_VERSION}",
            "story": self.story,
            "label": self.label,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "families": self.families,
            "headline": self.headline.to_dict(),
            "lead": [s.to_dict() for s in self.lead],
            "facts": [s.to_dict() for s in self.facts],
            "figures": [t.to_dict() for t in self.figures],
            "single_source": [s.to_dict() for s in self.single],
            "quotes": [q.to_dict() for q in self.quotes],
            "timeline": [e.to_dict() for e in self.timeline],
            "sources": [s.to_dict() for s in self.sources],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Brief:
        return cls(
            story=d["story"],
            label=d.get("label", ""),
            headline=BriefSentence.from_dict(d["headline"]),
            lead=tuple(BriefSentence.from_dict(s) for s in d.get("lead", ())),
            facts=tuple(BriefSentence.from_dict(s) for s in d.get("facts", ())),
            figures=tuple(FigureTable.from_dict(t) for t in d.get("figures", ())),
            single=tuple(BriefSentence.from_dict(s) for s in d.get("single_source", ())),
            quotes=tuple(QuoteGroup.from_dict(q) for q in d.get("quotes", ())),
            timeline=tuple(TimelineEntry.from_dict(e) for e in d.get("timeline", ())),
            sources=tuple(SourceEntry.from_dict(s) for s in d.get("sources", ())),
            first_seen=d.get("first_seen"),
            last_seen=d.get("last_seen"),
            families=int(d.get("families", 0)),
        )


__all__ = [
    "ATTRIBUTIONS",
    "BRIEF_SCHEMA_VERSION",
    "CITATION_FIELDS",
    "CLAIM_KINDS",
    "CLAIM_STATUSES",
    "LINK_TYPES",
    "AlignedSentence",
    "Article",
    "Brief",
    "BriefSentence",
    "Citation",
    "Claim",
    "ClaimCluster",
    "Entity",
    "Estimate",
    "Failure",
    "Family",
    "FigureRow",
    "FigureTable",
    "Link",
    "Mention",
    "Passage",
    "QuoteGroup",
    "RawDocument",
    "Removed",
    "SourceEntry",
    "Span",
    "Story",
    "StoryMember",
    "TimelineEntry",
    "content_id",
]
