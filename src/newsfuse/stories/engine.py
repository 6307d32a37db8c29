"""The clusterer's batch steps: one publication day of items joins the stories in memory.

:class:`Engine` holds the *active* state (the stories that can still gain members, the hashed
document frequencies of everything processed so far, the inverted index of the stories) and
processes one batch at a time: every item of one publication day, in canonical order (article
id, passage), or the undated items as the last batch. The steps of a batch (see
:mod:`newsfuse.stories.cluster` for the design and why) are:

0. expiry: stories whose last day is more than ``window_days`` before the batch's day can gain
   nothing more; they leave memory (:meth:`Engine.expire` gives them to the caller to store);
1. the batch's features are added to the document frequencies, then each item is vectorised;
2. single pass, 3. merges, 4. refinement, 5. attachment of lone articles, 6. rescoring;
7. the surface forms of features no longer in a centroid are dropped.

:meth:`Engine.snapshot` writes the active state exactly (each story as bytes, content
addressed so that consecutive checkpoints share the stories that did not change) and
:meth:`Engine.restore` reads it back; a restored engine continues bit for bit as the one that
wrote it.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import heapq
import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsfuse.errors import is_number, require
from newsfuse.records import Story, StoryMember
from newsfuse.stories import label as _label
from newsfuse.stories.represent import ChannelWeights, DocumentFrequencies, vectorize
from newsfuse.stories.state import Cluster, ItemRow, Member, Pending

_MERGE_CANDIDATES = 5  # stories compared with each touched story for merging


@dataclass(frozen=True, slots=True)
class Params:
    """The clusterer's parameters (see :class:`~newsfuse.stories.StoryClusterer` for each)."""

    window_days: float | None = 7.0
    threshold: float = 0.25
    merge_threshold: float = 0.35
    undated_merge_threshold: float = 0.5
    attach_threshold: float = 0.22
    weights: ChannelWeights = field(default_factory=ChannelWeights)
    refine: int = 1
    max_chars: int = 5000
    max_item_features: int = 300
    max_features: int = 300
    index_terms: int = 20
    max_candidates: int = 20
    language: str | None = None
    embedding: bool = False
    embedding_weight: float = 0.5
    n_buckets: int = 2**20

    @classmethod
    def of(cls, owner: str, **values: Any) -> Params:
        """Parameters checked for ``owner`` (errors say "the 'x' parameter of <owner> ...")."""
        p = cls(**values)

        def check(name: str, ok: bool, what: str) -> None:
            require(owner, name, getattr(p, name), ok, what)

        number = is_number
        wd = p.window_days
        check("window_days", wd is None or (number(wd) and wd >= 0), "a number >= 0 or None")
        for name in ("threshold", "merge_threshold", "undated_merge_threshold"):
            v = getattr(p, name)
            check(name, number(v) and 0 <= v <= 1, "in [0, 1]")
        check("attach_threshold", number(p.attach_threshold) and 0 <= p.attach_threshold <= 1,
              "in [0, 1]")  # fmt: skip
        check("refine", isinstance(p.refine, int) and p.refine >= 0, "an int >= 0")
        for name in ("max_chars", "max_item_features", "max_features", "index_terms",
                     "max_candidates"):  # fmt: skip
            v = getattr(p, name)
            check(name, isinstance(v, int) and not isinstance(v, bool) and v >= 1, "an int >= 1")
        ew = p.embedding_weight
        check("embedding_weight", number(ew) and 0 <= ew <= 1, "in [0, 1]")
        check("weights", isinstance(p.weights, ChannelWeights), "a ChannelWeights or None")
        DocumentFrequencies(p.n_buckets)  # checks n_buckets
        return p

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable (the weights as a dict)."""
        d = {name: getattr(self, name) for name in self.__dataclass_fields__}
        d["weights"] = self.weights.as_dict()
        return d

    def feature_digest(self) -> str:
        """What an item's stored form depends on (a change means reading every item again)."""
        return _digest([self.max_chars, self.language, self.embedding])

    def digest(self) -> str:
        """Everything the result depends on (a change means replaying from the start)."""
        return _digest(self.as_dict())


def _digest(value: Any) -> str:
    data = json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.blake2b(data, digest_size=12).hexdigest()


@dataclass(slots=True)
class Snapshot:
    """The active state at the end of a batch: ``meta`` (JSON-serialisable: the story counter
    and each story's id and content hash, oldest first), ``df`` (the document frequencies,
    compressed) and ``blobs``, the stories written since the previous snapshot by hash."""

    meta: dict[str, Any]
    df: bytes
    blobs: dict[str, bytes]


@dataclass(slots=True)
class Emitted:
    """A story as the store keeps it: the record, and what tells whether it changed."""

    story: Story
    families: tuple[str, ...]  # each member's family, in member order
    keys: tuple[str, ...]  # each member's item key, in member order
    last_day: int | None

    @property
    def digest(self) -> str:
        """Of the record with its members' exact scores and families."""
        scores = [m.score.hex() for m in self.story.members]
        return _digest([self.story.to_dict(), scores, list(self.families), self.last_day])


class Engine:
    """The active state of the clusterer and its batch steps (see the module docstring)."""

    def __init__(self, params: Params, embedder: Any = None) -> None:
        self.p = params
        self.embedder = embedder
        self.df = DocumentFrequencies(params.n_buckets)
        self.clusters: dict[str, Cluster] = {}
        self.postings: dict[str, set[str]] = {}  # feature -> stories indexed under it
        self.where: dict[str, str] = {}  # item key -> story id (stories in memory)
        self.seq = 0
        self.failures: list[tuple[ItemRow, Exception]] = []
        self._hashes: dict[str, str] = {}  # story id -> hash of its bytes at the last snapshot
        self._dirty: set[str] = set()  # stories changed since the last snapshot
        self._changed: set[str] = set()  # stories changed by the current batch

    # --- batches ---------------------------------------------------------------------------

    def expire(self, day: int | None) -> list[Cluster]:
        """Take out of memory, and give (oldest first), the stories that can gain nothing
        from day ``day`` on: their last day lies more than ``window_days`` before it."""
        if self.p.window_days is None or day is None:
            return []
        cut = day - self.p.window_days
        gone = [c for c in self.clusters.values() if c.days and c.days[-1] < cut]
        gone.sort(key=lambda c: c.seq)
        for c in gone:
            self._drop(c)
        return gone

    def process(self, day: int | None, rows: Sequence[ItemRow]) -> list[str]:
        """Cluster one batch (``rows``: one day's items, or the undated items, in canonical
        order); give the keys of the items clustered. An item whose vector cannot be made is
        left out and listed in ``failures``."""
        if not rows:
            return []
        self._changed = set()
        self.df.add(r.features.counts.keys() for r in rows)
        pending: list[Pending] = []
        share = self.p.weights
        for r in rows:
            try:
                vec = vectorize(r.features, self.df, share, self.p.max_item_features)
            except Exception as exc:  # one odd item never stops the batch
                self.failures.append((r, exc))
                continue
            pending.append(Pending(r, vec, _top(vec, self.p.index_terms)))
        touched: set[str] = set()
        for p in pending:
            best, score = self.best(p.vec, p.dense, p.day, exclude=None, top=p.top)
            if best is not None and score >= self.p.threshold:
                self._add(self.clusters[best], p, score)
                touched.add(best)
            else:
                touched.add(self._new_cluster(p))
        self._merge(touched)
        for _ in range(self.p.refine):
            if not self._refine(pending):
                break
        if self.p.attach_threshold < self.p.threshold:
            self._attach_singletons(pending)
        self._rescore(pending)
        if self.p.attach_threshold < self.p.threshold:
            self._attach_earlier({p.key for p in pending})
        for cid in self._changed:
            c = self.clusters.get(cid)
            if c is not None:
                c.prune_surface()
        return [p.key for p in pending]

    # --- lookups ---------------------------------------------------------------------------

    def in_window(self, day: int | None, c: Cluster) -> bool:
        if self.p.window_days is None or day is None or not c.days:
            return True
        return c.near(day, self.p.window_days)

    def candidates(
        self, vec: Mapping[str, float], day: int | None, top: Sequence[str] | None = None
    ) -> list[str]:
        """Stories in memory sharing one of the heaviest features of ``vec`` (``top``, when
        known) and within the window of ``day`` (the best ``max_candidates`` by the weight
        they share)."""
        hits: dict[str, float] = {}
        for f in _top(vec, self.p.index_terms) if top is None else top:
            group = self.postings.get(f)
            if not group:
                continue
            w = vec[f]
            for cid in group:
                hits[cid] = hits.get(cid, 0.0) + w
        clusters = self.clusters
        live = [(cid, s) for cid, s in hits.items() if self.in_window(day, clusters[cid])]
        live.sort(key=lambda x: (-x[1], clusters[x[0]].seq))
        return [cid for cid, _s in live[: self.p.max_candidates]]

    def best(
        self,
        vec: Mapping[str, float],
        dense: np.ndarray | None,
        day: int | None,
        exclude: str | None,
        top: Sequence[str] | None = None,
    ) -> tuple[str | None, float]:
        """The most similar candidate story (other than ``exclude``) and its similarity."""
        best, best_score = None, -1.0
        for cid in self.candidates(vec, day, top):
            if cid == exclude:
                continue
            s = self.clusters[cid].similarity(vec, dense, self.p.embedding_weight)
            if s > best_score + 1e-12:
                best, best_score = cid, s
        return best, best_score

    def vector(self, row: ItemRow) -> dict[str, float]:
        """An item's vector with the document frequencies as they are now."""
        return vectorize(row.features, self.df, self.p.weights, self.p.max_item_features)

    # --- records ---------------------------------------------------------------------------

    def emit(self, c: Cluster) -> Emitted:
        """The story record of ``c`` (members by day, then date, source and passage)."""
        members = sorted(
            c.members.items(),
            key=lambda km: (
                km[1].day is None,
                km[1].day or 0,
                km[1].published or "",
                km[1].source,
                -1 if km[1].passage is None else km[1].passage,
            ),
        )
        ms = [m for _k, m in members]
        dated = [m for m in ms if m.day is not None]
        first = min(dated, key=lambda m: (m.day, m.published or "")) if dated else None
        last = max(dated, key=lambda m: (m.day, m.published or "")) if dated else None
        story = Story(
            id=c.id,
            label=_label.choose_label([(m.headline, m.real_title) for m in ms], c.centroid),
            keywords=_label.keywords(c.centroid),
            entities=_label.entities(c.centroid, c.surface),
            first_seen=first.published if first else None,
            last_seen=last.published if last else None,
            members=tuple(
                StoryMember(article=m.article, source=m.source, passage=m.passage, score=m.score)
                for m in ms
            ),
            families=len({m.family for m in ms}),
        )
        return Emitted(
            story, tuple(m.family for m in ms), tuple(k for k, _m in members), c.last_day
        )

    # --- state -----------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The active state, exactly (see :class:`Snapshot`)."""
        blobs: dict[str, bytes] = {}
        for cid, c in self.clusters.items():
            if cid not in self._dirty and cid in self._hashes:
                continue
            data = c.to_bytes()
            h = hashlib.blake2b(data, digest_size=16).hexdigest()
            self._hashes[cid] = h
            blobs[h] = data
        self._dirty.clear()
        order = sorted(self.clusters.values(), key=lambda c: c.seq)
        meta = {"seq": self.seq, "clusters": [[c.id, self._hashes[c.id]] for c in order]}
        return Snapshot(meta, df_to_bytes(self.df), blobs)

    @classmethod
    def restore(
        cls,
        params: Params,
        meta: Mapping[str, Any],
        df: bytes,
        blobs: Mapping[str, bytes],
        embedder: Any = None,
    ) -> Engine:
        """An engine in the state :meth:`snapshot` wrote (``blobs``: every story it names)."""
        self = cls(params, embedder)
        self.df = df_from_bytes(df)
        if self.df.n_buckets != params.n_buckets:
            raise ValueError("the checkpoint's document frequencies do not match n_buckets")
        self.seq = int(meta["seq"])
        for cid, h in meta["clusters"]:
            c = Cluster.from_bytes(blobs[h])
            self.clusters[cid] = c
            self._hashes[cid] = h
            for key in c.members:
                self.where[key] = cid
            for f in c.keys:
                self.postings.setdefault(f, set()).add(cid)
        return self

    # --- internals -------------------------------------------------------------------------

    def _drop(self, c: Cluster) -> None:
        """Take a story out of memory (expired, merged away or emptied)."""
        del self.clusters[c.id]
        for f in c.keys:
            group = self.postings.get(f)
            if group is not None:
                group.discard(c.id)
                if not group:
                    del self.postings[f]
        for key in c.members:
            if self.where.get(key) == c.id:
                del self.where[key]
        self._hashes.pop(c.id, None)
        self._dirty.discard(c.id)
        self._changed.discard(c.id)

    def _touch(self, cid: str) -> None:
        self._dirty.add(cid)
        self._changed.add(cid)

    def _index(self, c: Cluster, features: Iterable[str]) -> None:
        for f in features:
            if f not in c.keys:
                c.keys.add(f)
                self.postings.setdefault(f, set()).add(c.id)

    def _new_cluster(self, p: Pending) -> str:
        cid = p.row.own_id
        c = Cluster(cid, self.seq)
        self.seq += 1
        self.clusters[cid] = c
        self._add(c, p, 1.0)
        return cid

    def _add(self, c: Cluster, p: Pending, score: float) -> None:
        r = p.row
        weight = 0.0 if c.evidence.get(r.family, 0.0) > 0 else 1.0
        c.add_vector(p.vec, r.dense, weight, self.p.max_features)
        c.members[r.key] = Member(
            r.article, r.source, r.passage, score, r.published, r.day, r.family,
            r.headline, r.real_title, weight,
        )  # fmt: skip
        c.evidence[r.family] = c.evidence.get(r.family, 0.0) + weight
        for f, s in r.features.surface.items():
            c.surface.setdefault(f, s)
        if r.day is not None:
            bisect.insort(c.days, r.day)
        self.where[r.key] = c.id
        self._index(c, p.top)
        self._touch(c.id)

    def _remove(self, c: Cluster, p: Pending, batch: Mapping[str, Pending]) -> None:
        m = c.members.pop(p.key)
        mf = self.p.max_features
        if m.weight:
            c.add_vector(p.vec, p.dense, -m.weight, mf)
            # another member of the same family from this batch carries its evidence now
            for key, other in c.members.items():
                if other.family == m.family and key in batch:
                    other.weight = 1.0
                    c.add_vector(batch[key].vec, batch[key].dense, 1.0, mf)
                    break
        c.norm2 = max(c.norm2, 0.0)
        c.refresh()
        del self.where[p.key]
        self._touch(c.id)

    def _merge(self, touched: set[str]) -> None:
        """Merge touched stories into similar neighbours until none is left.

        Every story in memory is within the window of the batch, so any two may merge: at
        ``merge_threshold`` when both have dated members, at ``undated_merge_threshold`` when
        either has none (time cannot corroborate what the words say). The older story (created
        first) keeps its id."""
        queue = sorted(
            (t for t in touched if t in self.clusters), key=lambda t: self.clusters[t].seq
        )
        while queue:
            cid = queue.pop(0)
            a = self.clusters.get(cid)
            if a is None:
                continue
            best, best_margin = None, 0.0
            for other in self.candidates(a.centroid, None)[:_MERGE_CANDIDATES]:
                if other == cid:
                    continue
                b = self.clusters[other]
                dated = bool(a.days and b.days)
                need = self.p.merge_threshold if dated else self.p.undated_merge_threshold
                margin = a.centroid_similarity(b, self.p.embedding_weight) - need
                if margin >= 0 and (best is None or margin > best_margin):
                    best, best_margin = other, margin
            if best is None:
                continue
            b = self.clusters[best]
            keep, gone = (a, b) if a.seq <= b.seq else (b, a)
            self._absorb(keep, gone)
            queue.append(keep.id)

    def _absorb(self, keep: Cluster, gone: Cluster) -> None:
        keep.add_centroid(gone)
        families = {m.family for m in keep.members.values() if m.weight > 0}
        for key, m in gone.members.items():
            if m.family in families:
                m.weight = 0.0
            keep.members[key] = m
        for f, s in gone.surface.items():
            keep.surface.setdefault(f, s)
        keep.refresh()
        keep.trim(self.p.max_features)
        keys = sorted(gone.keys)
        self._drop(gone)
        for key in gone.members:
            self.where[key] = keep.id
        self._index(keep, keys)
        self._index(keep, _top(keep.centroid, self.p.index_terms))
        self._touch(keep.id)

    def _refine(self, pending: list[Pending]) -> bool:
        """One reassignment pass over the batch; True when an item moved."""
        moved = False
        batch = {p.key: p for p in pending}
        ew = self.p.embedding_weight
        for p in pending:
            cid = self.where[p.key]
            c = self.clusters[cid]
            m = c.members[p.key]
            own = c.similarity_without(p.vec, p.dense, m.weight, ew)
            best, score = self.best(p.vec, p.dense, p.day, exclude=cid, top=p.top)
            if best is None or score < self.p.threshold or score <= own + 1e-9:
                continue
            self._remove(c, p, batch)
            self._add(self.clusters[best], p, score)
            moved = True
            if not c.members:
                self._drop(c)
        return moved

    def _attach_singletons(self, pending: list[Pending]) -> None:
        """Articles of the batch left alone in a story join the most similar story when it
        reaches ``attach_threshold``: an article alone is rarely a story of its own in a news
        stream. Live-blog passages are not attached: a blog's short asides (a museum
        reopening, a match result) are often the only report of their event."""
        batch = {p.key: p for p in pending}
        for p in pending:
            cid = self.where[p.key]
            c = self.clusters[cid]
            if len(c.members) != 1 or p.row.passage is not None:
                continue
            best, score = self.best(p.vec, p.dense, p.day, exclude=cid, top=p.top)
            if best is None or score < self.p.attach_threshold:
                continue
            self._remove(c, p, batch)
            self._add(self.clusters[best], p, score)
            self._drop(c)

    def _attach_earlier(self, batch: set[str]) -> None:
        """Articles of earlier days still alone in a story join a story this batch changed
        when it reaches ``attach_threshold`` (what attachment would have done had the batch
        been there on their day). A lone article's story centroid is its own vector."""
        changed = {cid for cid in self._changed if cid in self.clusters}
        if not changed:
            return
        lone = [
            c
            for c in self.clusters.values()
            if len(c.members) == 1
            and next(iter(c.members)) not in batch
            and next(iter(c.members.values())).passage is None
        ]
        lone.sort(key=lambda c: c.seq)
        for c in lone:
            ((key, m),) = c.members.items()
            best, score = self.best(c.centroid, c.dense, m.day, exclude=c.id)
            if best is None or score < self.p.attach_threshold or best not in changed:
                continue
            target = self.clusters[best]
            weight = 0.0 if target.evidence.get(m.family, 0.0) > 0 else 1.0
            target.add_vector(c.centroid, c.dense, weight, self.p.max_features)
            m.score, m.weight = score, weight
            target.members[key] = m
            target.evidence[m.family] = target.evidence.get(m.family, 0.0) + weight
            for f, sf in c.surface.items():
                target.surface.setdefault(f, sf)
            if m.day is not None:
                bisect.insort(target.days, m.day)
            keys = sorted(c.keys)
            self._drop(c)
            self.where[key] = target.id
            self._index(target, keys)
            self._touch(target.id)

    def _rescore(self, pending: list[Pending]) -> None:
        ew = self.p.embedding_weight
        for p in pending:
            cid = self.where[p.key]
            c = self.clusters[cid]
            c.members[p.key].score = c.similarity(p.vec, p.dense, ew)
            self._touch(cid)


def _top(vec: Mapping[str, float], k: int) -> list[str]:
    """The ``k`` heaviest features of ``vec`` (ties by feature)."""
    if len(vec) <= k:
        return list(vec)
    return [f for f, _v in heapq.nsmallest(k, vec.items(), key=lambda x: (-x[1], x[0]))]


def df_to_bytes(df: DocumentFrequencies) -> bytes:
    """The document frequencies, exactly, compressed."""
    head = json.dumps({"n_buckets": df.n_buckets, "n_docs": df.n_docs}).encode() + b"\n"
    return head + zlib.compress(df.counts.astype("<u4").tobytes(), 6)


def df_from_bytes(data: bytes) -> DocumentFrequencies:
    head, _, body = data.partition(b"\n")
    info = json.loads(head)
    table = DocumentFrequencies(int(info["n_buckets"]))
    table.n_docs = int(info["n_docs"])
    table.counts = np.frombuffer(zlib.decompress(body), dtype="<u4").astype(np.uint32).copy()
    if table.counts.shape[0] != table.n_buckets:
        raise ValueError("the saved document frequencies do not match their table size")
    return table


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


__all__ = [
    "Emitted",
    "Engine",
    "Params",
    "Snapshot",
    "b64",
    "df_from_bytes",
    "df_to_bytes",
    "unb64",
]
