"""The story clusterer's records, and how its state is written to and read from JSON.

:class:`~newsfuse.stories.cluster.StoryClusterer` holds the algorithm; this module holds what it
works on and what it keeps between runs:

- :class:`Item`, the unit clustered (an article, or one passage of a live blog), with
  :func:`items_of` and :func:`story_id` (the content-derived id of a story first seen with an
  item);
- :class:`Assignment` and :class:`Update`, what the clusterer reports;
- :class:`Member`, :class:`Cluster` and :class:`Pending`, the mutable per-story and per-batch
  state (members, centroid, days, family evidence); :class:`Cluster` also does the centroid
  arithmetic (adding and removing members' vectors, trimming, the similarities);
- the serialised form: :data:`STATE_FORMAT` and each story's JSON-serialisable dict
  (:meth:`Cluster.to_state` / :meth:`Cluster.from_state`), which
  :meth:`StoryClusterer.to_state <newsfuse.stories.cluster.StoryClusterer.to_state>` wraps with
  the parameters, the document frequencies and the aliases of merged-away ids.

The public names are re-exported by :mod:`newsfuse.stories.cluster` and :mod:`newsfuse.stories`;
:class:`Member`, :class:`Cluster` and :class:`Pending` are internal to the clusterer.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsfuse.records import Article, content_id

STATE_FORMAT = "newsfuse.stories/1"


@dataclass(frozen=True, slots=True)
class Item:
    """One unit to cluster: an article (``passage`` None) or one passage of a live blog."""

    article: Article
    passage: int | None
    text: str
    title: str | None

    @property
    def key(self) -> str:
        return self.article.id if self.passage is None else f"{self.article.id}#{self.passage}"


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
    """What the last :meth:`StoryClusterer.partial_fit` changed: stories created, stories that
    gained members, and merges (``old id -> surviving id``)."""

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    merged: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Member:
    """One member of a story: an item, its similarity when it joined, and what the label needs."""

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
            round(self.score, 6),
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
    its members' days and the centroid weight each source family carries."""

    id: str
    seq: int
    centroid: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0
    dense: np.ndarray | None = None
    members: dict[str, Member] = field(default_factory=dict)  # item key -> member
    surface: dict[str, str] = field(default_factory=dict)
    days: list[int] = field(default_factory=list)  # the members' days, sorted
    evidence: dict[str, float] = field(default_factory=dict)  # family -> centroid weight

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

    # --- serialisation -----------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """The story as a JSON-serialisable dict (see :meth:`from_state`)."""
        return {
            "id": self.id,
            "seq": self.seq,
            "centroid": {f: round(v, 6) for f, v in self.centroid.items()},
            "dense": None if self.dense is None else [round(float(x), 6) for x in self.dense],
            "surface": {f: s for f, s in self.surface.items() if f in self.centroid},
            "members": [[k, *m.to_list()] for k, m in self.members.items()],
        }

    @classmethod
    def from_state(cls, d: Mapping[str, Any]) -> Cluster:
        """A story restored from :meth:`to_state`'s dict (after a JSON round trip)."""
        c = cls(d["id"], int(d["seq"]))
        c.centroid = {str(f): float(v) for f, v in d["centroid"].items()}
        c.norm2 = sum(v * v for v in c.centroid.values())
        c.dense = None if d["dense"] is None else np.asarray(d["dense"], dtype=np.float64)
        c.surface = dict(d["surface"])
        for row in d["members"]:
            c.members[str(row[0])] = Member.from_list(row[1:])
        c.refresh()
        return c


def sparse_dot(vec: Mapping[str, float], centroid: Mapping[str, float]) -> float:
    """The dot product of two sparse vectors (iterating over the shorter)."""
    if len(vec) > len(centroid):
        vec, centroid = centroid, vec
    get = centroid.get
    return sum(w * get(f, 0.0) for f, w in vec.items())


@dataclass(slots=True)
class Pending:
    """An item of the current batch, with what the batch needs to know about it."""

    item: Item
    key: str
    day: int | None
    family: str
    vec: dict[str, float]
    surface: dict[str, str]
    dense: np.ndarray | None
    headline: str
    real_title: bool


__all__ = [
    "STATE_FORMAT",
    "Assignment",
    "Cluster",
    "Item",
    "Member",
    "Pending",
    "Update",
    "items_of",
    "sparse_dot",
    "story_id",
]
