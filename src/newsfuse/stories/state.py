"""The story clusterer's records, and how items and stories are written to bytes and read back.

:mod:`newsfuse.stories.engine` holds the batch steps; this module holds what they work on and
what is kept between runs:

- :class:`Item`, the unit clustered (an article, or one passage of a live blog), with
  :func:`items_of` and :func:`story_id` (the content-derived id of a story first seen with an
  item);
- :class:`ItemRow`, an item as the clusterer keeps it: its features (read once, see
  :func:`read_item`), day, family and what a story member shows; :func:`encode_item` /
  :func:`decode_item` give its compact stored form (zlib of JSON, about 2-3 KB);
- :class:`Assignment` and :class:`Update`, what the clusterer reports;
- :class:`Member`, :class:`Cluster` and :class:`Pending`, the mutable per-story and per-batch
  state (members, centroid, days, family evidence, index keys); :class:`Cluster` also does the
  centroid arithmetic (adding and removing members' vectors, trimming, the similarities);
- the serialised form of a story (:meth:`Cluster.to_bytes` / :meth:`Cluster.from_bytes`).
  It is *exact*: every float is written with ``repr`` (which reads back bit for bit) and
  every ordered mapping keeps its order, so a clusterer restored from a checkpoint continues
  exactly as the one that wrote it. That is what makes the result independent of how the
  articles were batched.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import mul
from typing import Any

import numpy as np

from newsfuse.records import Article, content_id
from newsfuse.stories import label as _label
from newsfuse.stories.dates import parse_published
from newsfuse.stories.represent import Features, extract_features

#: The format of :meth:`StoryClusterer.to_state <newsfuse.stories.StoryClusterer.to_state>`.
STATE_FORMAT = "newsfuse.stories/2"


@dataclass(frozen=True, slots=True)
class Item:
    """One unit to cluster: an article (``passage`` None) or one passage of a live blog."""

    article: Article
    passage: int | None
    text: str
    title: str | None

    @property
    def key(self) -> str:
        return item_key(self.article.id, self.passage)


def item_key(article_id: str, passage: int | None) -> str:
    """The key of an item: the article id, or ``<article id>#<passage>`` for a passage."""
    return article_id if passage is None else f"{article_id}#{passage}"


def items_of(article: Article) -> list[Item]:
    """The items of an article: one per passage for a live blog (several passages), else the
    whole article with its title."""
    if len(article.passages) > 1:
        return [
            Item(article, i, article.text[p.start : p.end], p.title)
            for i, p in enumerate(article.passages)
        ]
    return [Item(article, None, article.text, article.title)]


def story_id(article_id: str, passage: int | None) -> str:
    """The id of a story first seen with this item (stable across runs)."""
    return content_id(f"story:{article_id}:{'' if passage is None else passage}".encode())


def item_day(item: Item) -> int | None:
    """The publication day of an item as a proleptic ordinal, or None when undated."""
    day = parse_published(item.article.published)
    return day.toordinal() if day else None


def fingerprint(item: Item) -> str:
    """A digest of everything an item's stored form is made from (text, title, date, language,
    source): an item given again with the same fingerprint needs nothing recomputed."""
    a = item.article
    parts = [a.id, str(item.passage), a.source, a.published or "", a.language or ""]
    parts += [item.title or "", item.text]
    return hashlib.blake2b(
        "\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16
    ).hexdigest()


@dataclass(slots=True)
class ItemRow:
    """An item as the clusterer keeps it between runs: its raw features (computed once, see
    :func:`read_item`), its day and family, and what its story member shows."""

    key: str
    article: str
    source: str
    passage: int | None
    published: str | None
    day: int | None
    family: str
    features: Features
    headline: str
    real_title: bool
    dense: np.ndarray | None = None

    @property
    def own_id(self) -> str:
        """The id of the story this item starts when it starts one."""
        return story_id(self.article, self.passage)


def read_item(item: Item, family: str, *, max_chars: int, language: str | None) -> ItemRow:
    """Read an item's features (from its first ``max_chars`` characters, cut at a space) and
    the headline its story member shows. May raise on an odd text: the caller records it."""
    day = parse_published(item.article.published)
    text = item.text
    if len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars)
        text = text[: cut if cut > 0 else max_chars]
    feats = extract_features(
        text, title=item.title, published=day, language=item.article.language or language
    )
    headline, real = _label.headline_of(item.title, item.text)
    return ItemRow(
        key=item.key,
        article=item.article.id,
        source=item.article.source,
        passage=item.passage,
        published=item.article.published,
        day=day.toordinal() if day else None,
        family=family,
        features=feats,
        headline=headline,
        real_title=real,
    )


def _dumps(value: Any) -> bytes:
    return zlib.compress(
        json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6
    )


def _loads(data: bytes) -> Any:
    return json.loads(zlib.decompress(data).decode("utf-8"))


def encode_item(row: ItemRow) -> bytes:
    """The stored form of an item (its family, key and day are kept beside it, not in it):
    the feature names and counts in their order, the surface forms, the member fields and
    the dense vector when there is one."""
    counts = row.features.counts
    return _dumps(
        {
            "k": "\n".join(counts),
            "v": list(counts.values()),
            "s": row.features.surface,
            "src": row.source,
            "pub": row.published,
            "h": row.headline,
            "r": row.real_title,
            "e": None if row.dense is None else [float(x) for x in row.dense],
        }
    )


def decode_item(
    data: bytes, *, key: str, article: str, passage: int | None, day: int | None, family: str
) -> ItemRow:
    """An item from :func:`encode_item`'s bytes and the fields kept beside them."""
    d = _loads(data)
    names = d["k"].split("\n") if d["k"] else []
    counts = dict(zip(names, (float(v) for v in d["v"]), strict=True))
    return ItemRow(
        key=key,
        article=article,
        source=d["src"],
        passage=passage,
        published=d["pub"],
        day=day,
        family=family,
        features=Features(counts, dict(d["s"])),
        headline=d["h"],
        real_title=bool(d["r"]),
        dense=None if d["e"] is None else np.asarray(d["e"], dtype=np.float64),
    )


def encode_failed(item: Item) -> bytes:
    """What is kept of an item whose features could not be read, to try it again later."""
    a = item.article
    return _dumps(
        {
            "id": a.id,
            "source": a.source,
            "published": a.published,
            "language": a.language,
            "passage": item.passage,
            "title": item.title,
            "text": item.text,
        }
    )


def decode_failed(data: bytes) -> Item:
    """The item :func:`encode_failed` kept (an Article holding just that item's text)."""
    from newsfuse.records import Passage

    d = _loads(data)
    article = Article(
        id=d["id"],
        source=d["source"],
        kind="text",
        text=d["text"],
        title=d["title"] if d["passage"] is None else None,
        published=d["published"],
        language=d["language"],
        passages=(Passage(0, len(d["text"]), d["title"] if d["passage"] is not None else None),),
    )
    return Item(article, d["passage"], d["text"], d["title"])


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an item goes: its story id (None: no story is similar enough) and similarity."""

    article: str
    source: str
    passage: int | None
    story: str | None
    score: float


@dataclass(frozen=True, slots=True)
class Update:
    """What the last :meth:`StoryClusterer.partial_fit` changed: stories created, stories whose
    record changed (members, scores, label, families), and stories merged away
    (``old id -> the story that now holds its first item``)."""

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    merged: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Member:
    """One member of a story: an item, its similarity to the story, and what the label needs."""

    article: str
    source: str
    passage: int | None
    score: float
    published: str | None
    day: int | None
    family: str
    headline: str
    real_title: bool
    weight: float  # 1.0, or 0.0 for a member whose family was already in the story

    def to_list(self) -> list[Any]:
        return [
            self.article,
            self.source,
            self.passage,
            self.score,
            self.published,
            self.day,
            self.family,
            self.headline,
            self.real_title,
            self.weight,
        ]

    @classmethod
    def from_list(cls, v: Sequence[Any]) -> Member:
        return cls(
            str(v[0]), str(v[1]), v[2], float(v[3]), v[4], v[5], str(v[6]), str(v[7]),
            bool(v[8]), float(v[9]),
        )  # fmt: skip


@dataclass(slots=True)
class Cluster:
    """One story as the clusterer keeps it: the sum of its members' vectors (``centroid``, and
    ``dense`` with an embedder), its members by item key, the surface forms of its features,
    its members' days, the centroid weight each source family carries, and the features it
    is indexed under (``keys``: the heaviest features of each member as it joined, and of
    the centroid after a merge)."""

    id: str
    seq: int
    centroid: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0
    dense: np.ndarray | None = None
    members: dict[str, Member] = field(default_factory=dict)  # item key -> member
    surface: dict[str, str] = field(default_factory=dict)
    days: list[int] = field(default_factory=list)  # the members' days, sorted
    evidence: dict[str, float] = field(default_factory=dict)  # family -> centroid weight
    keys: set[str] = field(default_factory=set)

    @property
    def first_day(self) -> int | None:
        return self.days[0] if self.days else None

    @property
    def last_day(self) -> int | None:
        return self.days[-1] if self.days else None

    def refresh(self) -> None:
        """Recompute the sorted days and the families' weights from the members."""
        self.days = sorted(m.day for m in self.members.values() if m.day is not None)
        self.evidence = {}
        for m in self.members.values():
            self.evidence[m.family] = self.evidence.get(m.family, 0.0) + m.weight

    def near(self, day: int, window: float) -> bool:
        """Whether a member's day lies within ``window`` days of ``day``."""
        i = bisect.bisect_left(self.days, day - window)
        return i < len(self.days) and self.days[i] <= day + window

    # --- centroid arithmetic -----------------------------------------------------------------
    # The similarity of two things is the cosine of their sparse vectors, mixed with the cosine
    # of their dense (embedding) vectors at ``embedding_weight`` when both have one.

    def similarity(
        self, vec: Mapping[str, float], dense: np.ndarray | None, embedding_weight: float
    ) -> float:
        """The similarity of an item's vectors to this story's centroid."""
        sparse = 0.0 if self.norm2 <= 0 else sparse_dot(vec, self.centroid) / math.sqrt(self.norm2)
        if dense is None or self.dense is None:
            return sparse
        n = float(np.linalg.norm(self.dense))
        dn = float(dense @ self.dense) / n if n > 0 else 0.0
        return (1 - embedding_weight) * sparse + embedding_weight * dn

    def similarity_without(
        self,
        vec: Mapping[str, float],
        dense: np.ndarray | None,
        weight: float,
        embedding_weight: float,
    ) -> float:
        """The similarity of a member's vectors (counted with ``weight``) to this story counted
        without it (-1 for a story of one)."""
        if len(self.members) <= 1:
            return -1.0
        dot = sparse_dot(vec, self.centroid)
        rest_dot = dot - weight
        rest_norm2 = self.norm2 - 2 * weight * dot + weight * weight
        sparse = rest_dot / math.sqrt(rest_norm2) if rest_norm2 > 1e-12 else 0.0
        if dense is None or self.dense is None:
            return sparse
        rest = self.dense - weight * dense
        n = float(np.linalg.norm(rest))
        dn = float(dense @ rest) / n if n > 0 else 0.0
        return (1 - embedding_weight) * sparse + embedding_weight * dn

    def centroid_similarity(self, other: Cluster, embedding_weight: float) -> float:
        """The similarity of this story's centroid to ``other``'s."""
        if self.norm2 <= 0 or other.norm2 <= 0:
            return 0.0
        sparse = sparse_dot(self.centroid, other.centroid) / math.sqrt(self.norm2 * other.norm2)
        if self.dense is None or other.dense is None:
            return sparse
        na, nb = float(np.linalg.norm(self.dense)), float(np.linalg.norm(other.dense))
        dn = float(self.dense @ other.dense) / (na * nb) if na > 0 and nb > 0 else 0.0
        return (1 - embedding_weight) * sparse + embedding_weight * dn

    def add_vector(self, vec: Mapping[str, float], dense: Any, w: float, max_features: int) -> None:
        """Add ``w`` times an item's vectors to the centroid (negative ``w``: take them out),
        keeping the squared norm up to date; trimmed to ``max_features`` when it grows past
        half as many again."""
        if w == 0:
            return
        dot = sparse_dot(vec, self.centroid)
        cen = self.centroid
        for f, v in vec.items():
            cen[f] = cen.get(f, 0.0) + w * v
        self.norm2 += 2 * w * dot + w * w * sum(v * v for v in vec.values())
        if dense is not None:
            self.dense = w * dense if self.dense is None else self.dense + w * dense
        self.trim(max_features)

    def add_centroid(self, other: Cluster) -> None:
        """Add another story's centroid (and dense sum) to this one's (no trimming)."""
        for f, v in other.centroid.items():
            self.centroid[f] = self.centroid.get(f, 0.0) + v
        self.norm2 = sum(v * v for v in self.centroid.values())
        if other.dense is not None:
            self.dense = other.dense if self.dense is None else self.dense + other.dense

    def trim(self, max_features: int) -> None:
        """Keep the ``max_features`` heaviest features of the centroid once it holds more than
        half as many again (ties broken by feature, so the result is deterministic)."""
        if len(self.centroid) > max_features * 3 // 2:
            keep = sorted(self.centroid.items(), key=lambda x: (-abs(x[1]), x[0]))[:max_features]
            self.centroid = dict(keep)
            self.norm2 = sum(v * v for _f, v in keep)

    def prune_surface(self) -> None:
        """Forget the surface forms of features no longer in the centroid (done at the end of
        every batch, so the state kept between batches is the state in memory)."""
        if len(self.surface) > len(self.centroid) or any(
            f not in self.centroid for f in self.surface
        ):
            self.surface = {f: s for f, s in self.surface.items() if f in self.centroid}

    # --- serialisation (exact) ---------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The story, exactly (see the module docstring), as zlib-compressed JSON."""
        return _dumps(
            {
                "id": self.id,
                "seq": self.seq,
                "f": "\n".join(self.centroid),
                "v": list(self.centroid.values()),
                "n2": self.norm2,
                "dense": None if self.dense is None else [float(x) for x in self.dense],
                "surface": self.surface,
                "members": [[k, *m.to_list()] for k, m in self.members.items()],
                "keys": sorted(self.keys),
            }
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Cluster:
        """A story restored from :meth:`to_bytes`, identical to the one written."""
        d = _loads(data)
        c = cls(str(d["id"]), int(d["seq"]))
        names = d["f"].split("\n") if d["f"] else []
        c.centroid = dict(zip(names, (float(v) for v in d["v"]), strict=True))
        c.norm2 = float(d["n2"])
        c.dense = None if d["dense"] is None else np.asarray(d["dense"], dtype=np.float64)
        c.surface = dict(d["surface"])
        for row in d["members"]:
            c.members[str(row[0])] = Member.from_list(row[1:])
        c.keys = set(d["keys"])
        c.refresh()
        return c


def sparse_dot(vec: Mapping[str, float], centroid: Mapping[str, float]) -> float:
    """The dot product of two sparse vectors (iterating over the shorter)."""
    if len(vec) > len(centroid):
        vec, centroid = centroid, vec
    return sum(map(mul, vec.values(), map(centroid.get, vec, repeat(0.0))))


@dataclass(slots=True)
class Pending:
    """An item of the current batch with its vector (weighted with the document frequencies
    of everything processed up to and including its day)."""

    row: ItemRow
    vec: dict[str, float]
    top: list[str]  # its heaviest features (``index_terms`` of them), heaviest first

    @property
    def key(self) -> str:
        return self.row.key

    @property
    def day(self) -> int | None:
        return self.row.day

    @property
    def family(self) -> str:
        return self.row.family

    @property
    def dense(self) -> np.ndarray | None:
        return self.row.dense


__all__ = [
    "STATE_FORMAT",
    "Assignment",
    "Cluster",
    "Item",
    "ItemRow",
    "Member",
    "Pending",
    "Update",
    "decode_failed",
    "decode_item",
    "encode_failed",
    "encode_item",
    "fingerprint",
    "item_day",
    "item_key",
    "items_of",
    "read_item",
    "sparse_dot",
    "story_id",
]
