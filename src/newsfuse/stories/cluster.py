"""Online story clustering: each new article, or live-blog passage, joins a story or starts one.

The units clustered are *items*: an ordinary article is one item; a live blog (an article with
several passages) gives one item per passage, so its passages can land in different stories.

How a batch (one :meth:`StoryClusterer.partial_fit` call) is processed:

1. New items are put in a fixed order: by publication day, then article id and passage (items
   without a date come last). Within a batch the result therefore does not depend on the input
   order at all; across batches (incremental runs) it can, a little (see below).
2. The batch's features are added to the running document frequencies, then every item is
   vectorised (:mod:`newsfuse.stories.represent`).
3. Single pass: each item is compared with the stories that share one of its heaviest
   features (an inverted index, bucketed by time) and are *in its time window*: one of the
   story's members was published within ``window_days`` of the item (items or stories
   without dates are not constrained). The similarity is the cosine between the item and the
   story centroid (the sum of its members' vectors). The most similar story at or above
   ``threshold`` gets the item; otherwise the item starts a new story.
4. Merging: stories touched by the batch are compared with their neighbours, centroid to
   centroid. Pairs within the window of each other merge at or above ``merge_threshold`` when
   both are dated, at ``undated_merge_threshold`` (higher) when time cannot corroborate the
   words. The older story (created first) keeps its id and the other id becomes an alias, so
   lookups of the old id still resolve.
5. Refinement (``refine`` passes): each item of the batch is compared again with every
   candidate story, its own counted without it, and moves when another story is more similar
   (and above ``threshold``). This undoes most of what the single pass got wrong because of
   the order in which it saw things: an early article that started its own story joins the
   story formed by later ones.
6. Attachment: an article of the batch still alone in its story joins the most similar story
   if that reaches ``attach_threshold`` (a little below ``threshold``); live-blog passages are
   left alone, since a blog's asides are often the only report of their event.

Ids are content-derived: a story's id is a hash of its first item (article id and passage
index) and never changes afterwards, except that a merged-away id resolves to the surviving
one. Re-adding an item already clustered is a no-op, so re-running on the same files adds
nothing.

Copies: the clusterer takes ``family_of`` (article id -> source family, or a function of
article id and passage index such as the copies stage's ``CopyReport.family_of``). A member
whose family already has a member in the story is recorded but adds nothing to the story's
centroid (a copy is no new evidence), so a pile of copies cannot drag a story towards anything;
``Story.families`` counts the distinct families (an article without a family is its own).

Order dependence across batches: stories of earlier batches are fixed except for new members
and merges, and refinement only moves items of the current batch; so splitting a corpus into
several batches can give a slightly different grouping than one batch (the benchmark measures
how much).

The records the clusterer works on (items, members, per-story state with its centroid
arithmetic) and the serialised form of its state are in :mod:`newsfuse.stories.state`; their
public names are re-exported here.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from newsfuse.errors import ConfigError, is_number, require
from newsfuse.records import Article, Failure, Story, StoryMember
from newsfuse.stories import label as _label
from newsfuse.stories.dates import parse_published
from newsfuse.stories.represent import (
    ChannelWeights,
    DocumentFrequencies,
    extract_features,
    vectorize,
)
from newsfuse.stories.state import (
    STATE_FORMAT,
    Assignment,
    Cluster,
    Item,
    Member,
    Pending,
    Update,
    items_of,
    story_id,
)

_MERGE_CANDIDATES = 5  # stories compared with each touched story for merging
Embedder = Callable[[Sequence[str]], np.ndarray]
# article id -> family id, or a function of (article id, passage index) such as the copies
# stage's ``CopyReport.family_of`` (which knows the family of each live-blog passage)
FamilyOf = Mapping[str, str] | Callable[[str, int | None], str]


def _family_function(family_of: FamilyOf | None) -> Callable[[str, int | None], str]:
    if family_of is None:
        return lambda article, _passage: article
    if callable(family_of):
        return family_of
    mapping = family_of
    return lambda article, _passage: mapping.get(article, article)


class StoryClusterer:
    """Groups articles and live-blog passages into stories, incrementally.

    Parameters (scikit-learn style: set in the constructor, learned state in ``partial_fit``):

    window_days       an item may join a story only if its publication day lies within this
                      many days of the story's first..last day (None: no time limit)
    threshold         the least cosine similarity between an item and a story centroid for
                      the item to join the story
    merge_threshold   the least centroid-to-centroid similarity for two dated stories within
                      the window of each other to merge
    undated_merge_threshold  the same when either story has no dated member (time cannot
                      corroborate the words, so the bar is higher)
    weights           the share of each feature channel (:class:`ChannelWeights`)
    attach_threshold  after refinement, an article of the batch left alone in its story
                      joins the most similar story if at or above this (1.0: never; live-blog
                      passages are never attached)
    refine            reassignment passes over each batch after the single pass (0: none)
    max_chars         features are read from the first this many characters of each item
                      (the lede says what happened; this bounds the cost of long pages)
    max_item_features an item's vector keeps only this many features (the heaviest)
    max_features      a story centroid keeps at most this many features (the heaviest)
    index_terms       the heaviest features of each item that index its story, and that are
                      looked up to find candidate stories for an item
    max_candidates    at most this many candidate stories (ranked by the indexed features
                      they share with the item) are scored exactly per item
    language          stop words for articles whose language is unknown (default English)
    embedder          optional: a function from texts to unit-length dense vectors (see
                      :func:`newsfuse.embed.load_embedder`); its cosine is mixed in
    embedding_weight  the share of the dense cosine in the similarity when ``embedder`` is set
    n_buckets         size of the hashed document-frequency table (a power of two)
    """

    failures: list[Failure]  # items the last batch left out, with the reason

    def __init__(
        self,
        *,
        window_days: float | None = 7.0,
        threshold: float = 0.25,
        merge_threshold: float = 0.35,
        undated_merge_threshold: float = 0.5,
        attach_threshold: float = 0.22,
        weights: ChannelWeights | None = None,
        refine: int = 1,
        max_chars: int = 5000,
        max_item_features: int = 300,
        max_features: int = 300,
        index_terms: int = 20,
        max_candidates: int = 20,
        language: str | None = None,
        embedder: Embedder | None = None,
        embedding_weight: float = 0.5,
        n_buckets: int = 2**20,
    ) -> None:
        def check(name: str, ok: bool, what: str, value: Any) -> None:
            require("StoryClusterer", name, value, ok, what)

        number = is_number

        check(
            "window_days",
            window_days is None or (number(window_days) and window_days >= 0),
            "a number >= 0 or None",
            window_days,
        )
        check("threshold", number(threshold) and 0 <= threshold <= 1, "in [0, 1]", threshold)
        check(
            "merge_threshold",
            number(merge_threshold) and 0 <= merge_threshold <= 1,
            "in [0, 1]",
            merge_threshold,
        )
        check(
            "undated_merge_threshold",
            number(undated_merge_threshold) and 0 <= undated_merge_threshold <= 1,
            "in [0, 1]",
            undated_merge_threshold,
        )
        check(
            "attach_threshold",
            number(attach_threshold) and 0 <= attach_threshold <= 1,
            "in [0, 1]",
            attach_threshold,
        )
        check("refine", isinstance(refine, int) and refine >= 0, "an int >= 0", refine)
        for name, value in (
            ("max_chars", max_chars),
            ("max_item_features", max_item_features),
            ("max_features", max_features),
            ("index_terms", index_terms),
            ("max_candidates", max_candidates),
        ):
            check(name, isinstance(value, int) and value >= 1, "an int >= 1", value)
        check(
            "embedding_weight",
            number(embedding_weight) and 0 <= embedding_weight <= 1,
            "in [0, 1]",
            embedding_weight,
        )
        check(
            "weights",
            weights is None or isinstance(weights, ChannelWeights),
            "a ChannelWeights or None",
            weights,
        )
        self.window_days = window_days
        self.threshold = float(threshold)
        self.merge_threshold = float(merge_threshold)
        self.undated_merge_threshold = float(undated_merge_threshold)
        self.attach_threshold = float(attach_threshold)
        self.weights = weights or ChannelWeights()
        self.refine = refine
        self.max_chars = max_chars
        self.max_item_features = max_item_features
        self.max_features = max_features
        self.index_terms = index_terms
        self.max_candidates = max_candidates
        self.language = language
        self.embedder = embedder
        self.embedding_weight = float(embedding_weight)
        self.df = DocumentFrequencies(n_buckets)
        self._reset_state()

    # --- public API --------------------------------------------------------------------------

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters (JSON-serialisable; the embedder as a flag)."""
        return {
            "window_days": self.window_days,
            "threshold": self.threshold,
            "merge_threshold": self.merge_threshold,
            "undated_merge_threshold": self.undated_merge_threshold,
            "attach_threshold": self.attach_threshold,
            "weights": self.weights.as_dict(),
            "refine": self.refine,
            "max_chars": self.max_chars,
            "max_item_features": self.max_item_features,
            "max_features": self.max_features,
            "index_terms": self.index_terms,
            "max_candidates": self.max_candidates,
            "language": self.language,
            "embedding": self.embedder is not None,
            "embedding_weight": self.embedding_weight,
            "n_buckets": self.df.n_buckets,
        }

    def fit(self, articles: Iterable[Article], family_of: FamilyOf | None = None) -> StoryClusterer:
        """Forget everything learned, then cluster ``articles`` as one batch."""
        self.df = DocumentFrequencies(self.df.n_buckets)
        self._reset_state()
        return self.partial_fit(articles, family_of)

    def partial_fit(
        self, articles: Iterable[Article], family_of: FamilyOf | None = None
    ) -> StoryClusterer:
        """Add a batch of articles to the stories (see the module docstring for the steps).

        ``family_of`` gives source families (the copies stage): a mapping from article id to
        family id, or a function of (article id, passage index) such as
        ``CopyReport.family_of``. A mapping may also name articles clustered earlier, whose
        family is then updated. What changed is in :attr:`last_update`; items that could not
        be read are in :attr:`failures` (left out, and tried again with the next batch)."""
        if family_of is not None and not callable(family_of):
            self._relabel_families(family_of)
        families = _family_function(family_of)
        before = set(self._clusters)
        self.failures = []
        pending = self._prepare(articles, families)
        touched: set[str] = set()
        for p in pending:
            best, score = self._best(p.vec, p.dense, p.day, exclude=None)
            if best is not None and score >= self.threshold:
                self._add(self._clusters[best], p, score)
                touched.add(best)
            else:
                touched.add(self._new_cluster(p))
        merged = self._merge(touched)
        for _ in range(self.refine):
            if not self._refine(pending):
                break
        if self.attach_threshold < self.threshold:
            self._attach_singletons(pending)
        self._rescore(pending)
        live = {self._where[p.key] for p in pending} | {
            self.resolve(old) for old in merged if old in before
        }
        self.last_update = Update(
            created=tuple(sorted(c for c in live if c not in before)),
            updated=tuple(sorted(c for c in live if c in before)),
            merged={old: self.resolve(new) for old, new in merged.items() if old in before},
        )
        return self

    def stories(self) -> list[Story]:
        """The stories, largest first (then by first publication date and id)."""
        out = [self._story(c) for c in self._clusters.values()]
        out.sort(key=lambda s: (-len(s.members), s.first_seen or "~", s.id))
        return out

    def story(self, story_id: str) -> Story | None:
        """One story by id (a merged-away id resolves to the surviving story)."""
        c = self._clusters.get(self.resolve(story_id))
        return self._story(c) if c is not None else None

    def resolve(self, story_id: str) -> str:
        """The id that ``story_id`` now goes by (itself unless it was merged away)."""
        seen = set()
        while story_id in self._aliases and story_id not in seen:
            seen.add(story_id)
            story_id = self._aliases[story_id]
        return story_id

    def story_of(self, article_id: str, passage: int | None = None) -> str | None:
        """The story an item clustered earlier belongs to, or None."""
        key = article_id if passage is None else f"{article_id}#{passage}"
        return self._where.get(key)

    def assign(self, articles: Iterable[Article]) -> list[Assignment]:
        """Where each item of ``articles`` would go, without changing anything: the most
        similar story in its window if at or above ``threshold`` (else ``story`` None). Items
        clustered earlier give their story, with their recorded score."""
        out: list[Assignment] = []
        for article in articles:
            for item in items_of(article):
                known = self._where.get(item.key)
                if known is not None:
                    m = self._clusters[known].members[item.key]
                    out.append(Assignment(article.id, article.source, item.passage, known, m.score))
                    continue
                p = self._pending(
                    item, self._features(item), _family_function(None), self._embed([item])[0]
                )
                best, score = self._best(p.vec, p.dense, p.day, exclude=None)
                ok = best is not None and score >= self.threshold
                out.append(
                    Assignment(
                        article.id,
                        article.source,
                        item.passage,
                        best if ok else None,
                        score if ok else 0.0,
                    )
                )
        return out

    def __len__(self) -> int:
        return len(self._clusters)

    # --- state -------------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """Everything needed to continue incrementally, as a JSON-serialisable dict: the
        parameters, the document frequencies, every story (centroid, members, days) and the
        aliases of merged-away ids. The inverted index is rebuilt on load."""
        clusters = [c.to_state() for c in sorted(self._clusters.values(), key=lambda c: c.seq)]
        return {
            "format": STATE_FORMAT,
            "params": self.get_params(),
            "df": self.df.to_state(),
            "seq": self._seq,
            "clusters": clusters,
            "aliases": dict(self._aliases),
        }

    @classmethod
    def from_state(
        cls, state: Mapping[str, Any], *, embedder: Embedder | None = None
    ) -> StoryClusterer:
        """A clusterer restored from :meth:`to_state`'s dict (after a JSON round trip). Pass
        the same ``embedder`` again when the state was made with one."""
        if state.get("format") != STATE_FORMAT:
            raise ConfigError(
                f"not a story-clusterer state: format {state.get('format')!r}, "
                f"expected {STATE_FORMAT!r}"
            )
        params = dict(state["params"])
        if params.pop("embedding") and embedder is None:
            raise ConfigError(
                "this story state was made with an embedder: pass the same embedder to from_state"
            )
        weights = ChannelWeights(**params.pop("weights"))
        self = cls(weights=weights, embedder=embedder, **params)
        self.df = DocumentFrequencies.from_state(state["df"])
        self._seq = int(state["seq"])
        self._aliases = {str(k): str(v) for k, v in state["aliases"].items()}
        for d in state["clusters"]:
            c = Cluster.from_state(d)
            for key in c.members:
                self._where[key] = c.id
            self._clusters[c.id] = c
            days: list[int | None] = [*sorted(set(c.days))] or [None]
            for day in days:
                self._index(c.id, c.centroid, day)
        return self

    # --- internals ---------------------------------------------------------------------------

    def _reset_state(self) -> None:
        self._clusters: dict[str, Cluster] = {}
        self._aliases: dict[str, str] = {}
        self._where: dict[str, str] = {}  # item key -> story id
        # feature -> time bucket (None: undated) -> stories indexed under it
        self._postings: dict[str, dict[int | None, set[str]]] = {}
        self._seq = 0
        self.last_update = Update()
        self.failures = []

    def _relabel_families(self, families: Mapping[str, str]) -> None:
        if not families:
            return
        for c in self._clusters.values():
            changed = False
            for m in c.members.values():
                if m.article in families and m.family != families[m.article]:
                    m.family = families[m.article]
                    changed = True
            if changed:
                c.refresh()

    def _embed(self, items: Sequence[Item]) -> list[np.ndarray | None]:
        if self.embedder is None or not items:
            return [None] * len(items)
        texts = [f"{it.title or ''}\n{it.text}".strip()[:2000] for it in items]
        vecs = np.asarray(self.embedder(texts), dtype=np.float64)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        vecs = np.divide(vecs, norms, out=np.zeros_like(vecs), where=norms > 0)
        return list(vecs)

    def _features(self, item: Item) -> Any:
        day = parse_published(item.article.published)
        text = item.text
        if len(text) > self.max_chars:
            cut = text.rfind(" ", 0, self.max_chars)
            text = text[: cut if cut > 0 else self.max_chars]
        return extract_features(
            text,
            title=item.title,
            published=day,
            language=item.article.language or self.language,
        )

    def _pending(
        self,
        item: Item,
        feats: Any,
        families: Callable[[str, int | None], str],
        dense: np.ndarray | None,
    ) -> Pending:
        day = parse_published(item.article.published)
        headline, real = _label.headline_of(item.title, item.text)
        return Pending(
            item=item,
            key=item.key,
            day=day.toordinal() if day else None,
            family=families(item.article.id, item.passage),
            vec=vectorize(feats, self.df, self.weights, self.max_item_features),
            surface=feats.surface,
            dense=dense,
            headline=headline,
            real_title=real,
        )

    def _prepare(
        self, articles: Iterable[Article], families: Callable[[str, int | None], str]
    ) -> list[Pending]:
        items: dict[str, Item] = {}
        for article in articles:
            for item in items_of(article):
                if item.key not in self._where:
                    items.setdefault(item.key, item)
        ordered = sorted(
            items.values(),
            key=lambda it: (
                (d.toordinal() if (d := parse_published(it.article.published)) else 10**9),
                it.article.id,
                -1 if it.passage is None else it.passage,
            ),
        )
        # an item whose reading raises is left out of this batch (it is tried again with the
        # next one) and recorded in ``failures``: one odd page never stops the clustering
        read: list[tuple[Item, Any]] = []
        for it in ordered:
            try:
                read.append((it, self._features(it)))
            except Exception as exc:
                self.failures.append(Failure.of(it.article.source, "stories", exc))
        self.df.add(f.counts.keys() for _, f in read)
        dense = self._embed([it for it, _ in read])
        pending = []
        for (it, f), dv in zip(read, dense, strict=True):
            try:
                pending.append(self._pending(it, f, families, dv))
            except Exception as exc:
                self.failures.append(Failure.of(it.article.source, "stories", exc))
        return pending

    def _in_window(self, day: int | None, c: Cluster) -> bool:
        if self.window_days is None or day is None or not c.days:
            return True
        return c.near(day, self.window_days)

    def _bucket(self, day: int | None) -> int | None:
        if day is None:
            return None
        if self.window_days is None:
            return 0
        return day // max(1, math.ceil(self.window_days))

    def _buckets(self, days: tuple[int, int] | None) -> list[int | None] | None:
        """The time buckets to search for items on days ``[lo, hi]``: those within the window,
        and the undated bucket; None: all buckets."""
        if days is None:
            return None
        lo, hi = days
        w = 0 if self.window_days is None else math.ceil(self.window_days)
        first, last = self._bucket(lo - w), self._bucket(hi + w)
        assert first is not None and last is not None
        return [None, *range(first, last + 1)]

    def _top(self, vec: Mapping[str, float], k: int) -> list[str]:
        if len(vec) <= k:
            return list(vec)
        return [f for f, _v in sorted(vec.items(), key=lambda x: (-x[1], x[0]))[:k]]

    def _candidates(
        self, vec: Mapping[str, float], day: int | None, days: tuple[int, int] | None = None
    ) -> list[str]:
        """Stories sharing one of the heaviest features of ``vec`` and within the window of
        ``day`` (the best ``max_candidates`` by shared weight). ``days`` widens the search to
        a range of days (for story-to-story comparisons)."""
        if days is None and day is not None:
            days = (day, day)
        buckets = self._buckets(days)
        hits: dict[str, float] = {}
        for f in self._top(vec, self.index_terms):
            by_bucket = self._postings.get(f)
            if not by_bucket:
                continue
            w = vec[f]
            groups = (
                by_bucket.values()
                if buckets is None
                else [g for b in buckets if (g := by_bucket.get(b)) is not None]
            )
            for group in groups:
                for cid in group:
                    hits[cid] = hits.get(cid, 0.0) + w
        live: dict[str, float] = {}
        for cid, s in hits.items():
            real = self.resolve(cid)
            c = self._clusters.get(real)
            if c is not None and self._in_window(day, c):
                live[real] = max(live.get(real, 0.0), s)
        ranked = sorted(live.items(), key=lambda x: (-x[1], self._clusters[x[0]].seq))
        return [cid for cid, _s in ranked[: self.max_candidates]]

    def _best(
        self,
        vec: Mapping[str, float],
        dense: np.ndarray | None,
        day: int | None,
        exclude: str | None,
    ) -> tuple[str | None, float]:
        best, best_score = None, -1.0
        for cid in self._candidates(vec, day):
            if cid == exclude:
                continue
            s = self._clusters[cid].similarity(vec, dense, self.embedding_weight)
            if s > best_score + 1e-12:
                best, best_score = cid, s
        return best, best_score

    def _index(self, cid: str, vec: Mapping[str, float], day: int | None) -> None:
        bucket = self._bucket(day)
        for f in self._top(vec, self.index_terms):
            self._postings.setdefault(f, {}).setdefault(bucket, set()).add(cid)

    def _new_cluster(self, p: Pending) -> str:
        cid = story_id(p.item.article.id, p.item.passage)
        c = Cluster(cid, self._seq)
        self._seq += 1
        self._clusters[cid] = c
        self._aliases.pop(cid, None)
        self._add(c, p, 1.0)
        return cid

    def _add(self, c: Cluster, p: Pending, score: float) -> None:
        weight = 0.0 if c.evidence.get(p.family, 0.0) > 0 else 1.0
        c.add_vector(p.vec, p.dense, weight, self.max_features)
        pub = p.item.article.published
        c.members[p.key] = Member(
            p.item.article.id,
            p.item.article.source,
            p.item.passage,
            score,
            pub,
            p.day,
            p.family,
            p.headline,
            p.real_title,
            weight,
        )
        c.evidence[p.family] = c.evidence.get(p.family, 0.0) + weight
        for f, s in p.surface.items():
            c.surface.setdefault(f, s)
        if p.day is not None:
            bisect.insort(c.days, p.day)
        self._where[p.key] = c.id
        self._index(c.id, p.vec, p.day)

    def _remove(self, c: Cluster, p: Pending, batch: Mapping[str, Pending]) -> None:
        m = c.members.pop(p.key)
        if m.weight:
            c.add_vector(p.vec, p.dense, -m.weight, self.max_features)
            # another member of the same family from this batch carries its evidence now
            for key, other in c.members.items():
                if other.family == m.family and key in batch:
                    other.weight = 1.0
                    c.add_vector(batch[key].vec, batch[key].dense, 1.0, self.max_features)
                    break
        c.norm2 = max(c.norm2, 0.0)
        c.refresh()
        del self._where[p.key]

    def _windows_overlap(self, a: Cluster, b: Cluster) -> bool:
        if self.window_days is None or None in (a.first_day, a.last_day, b.first_day, b.last_day):
            return True
        assert a.first_day is not None and a.last_day is not None
        assert b.first_day is not None and b.last_day is not None
        return (
            a.first_day - self.window_days <= b.last_day
            and b.first_day - self.window_days <= a.last_day
        )

    def _merge(self, touched: set[str]) -> dict[str, str]:
        """Merge touched stories into similar neighbours until none is left; old id -> new.

        Dated stories whose days lie within the window of each other merge at
        ``merge_threshold``; when either has no dates, time cannot corroborate what the words
        say and the pair needs ``undated_merge_threshold``."""
        merged: dict[str, str] = {}
        queue = sorted({self.resolve(t) for t in touched}, key=lambda t: self._clusters[t].seq)
        while queue:
            cid = queue.pop(0)
            a = self._clusters.get(cid)
            if a is None:
                continue
            best, best_margin = None, 0.0
            span = (a.days[0], a.days[-1]) if a.days else None
            for other in self._candidates(a.centroid, None, span)[:_MERGE_CANDIDATES]:
                if other == cid:
                    continue
                b = self._clusters[other]
                if not self._windows_overlap(a, b):
                    continue
                dated = bool(a.days and b.days)
                need = self.merge_threshold if dated else self.undated_merge_threshold
                margin = a.centroid_similarity(b, self.embedding_weight) - need
                if margin >= 0 and (best is None or margin > best_margin):
                    best, best_margin = other, margin
            if best is None:
                continue
            b = self._clusters[best]
            keep, gone = (a, b) if self._age(a) <= self._age(b) else (b, a)
            self._absorb(keep, gone)
            merged[gone.id] = keep.id
            queue.append(keep.id)
        return merged

    @staticmethod
    def _age(c: Cluster) -> int:
        """Sort key of stories by age: the order they were created in (within a batch, the
        order of their first items' days)."""
        return c.seq

    def _absorb(self, keep: Cluster, gone: Cluster) -> None:
        keep.add_centroid(gone)
        families = {m.family for m in keep.members.values() if m.weight > 0}
        for key, m in gone.members.items():
            if m.family in families:
                m.weight = 0.0
            keep.members[key] = m
            self._where[key] = keep.id
        for f, s in gone.surface.items():
            keep.surface.setdefault(f, s)
        keep.refresh()
        keep.trim(self.max_features)
        del self._clusters[gone.id]
        self._aliases[gone.id] = keep.id
        days: list[int | None] = [*sorted(set(gone.days))] or [None]
        for day in days:
            self._index(keep.id, keep.centroid, day)

    def _refine(self, pending: list[Pending]) -> bool:
        """One reassignment pass over the batch; True when an item moved."""
        moved = False
        batch = {p.key: p for p in pending}
        for p in pending:
            cid = self._where[p.key]
            c = self._clusters[cid]
            m = c.members[p.key]
            own = c.similarity_without(p.vec, p.dense, m.weight, self.embedding_weight)
            best, score = self._best(p.vec, p.dense, p.day, exclude=cid)
            if best is None or score < self.threshold or score <= own + 1e-9:
                continue
            self._remove(c, p, batch)
            target = self._clusters[best]
            self._add(target, p, score)
            moved = True
            if not c.members:
                del self._clusters[cid]
                self._aliases[cid] = best
        return moved

    def _attach_singletons(self, pending: list[Pending]) -> None:
        """Articles of the batch left alone in a story join the most similar story when it
        reaches ``attach_threshold``: an article alone is rarely a story of its own in a news
        stream. Live-blog passages are not attached: a blog's short asides (a museum
        reopening, a match result) are often the only report of their event."""
        batch = {p.key: p for p in pending}
        for p in pending:
            cid = self._where[p.key]
            c = self._clusters[cid]
            if len(c.members) != 1 or p.item.passage is not None:
                continue
            best, score = self._best(p.vec, p.dense, p.day, exclude=cid)
            if best is None or score < self.attach_threshold:
                continue
            self._remove(c, p, batch)
            self._add(self._clusters[best], p, score)
            del self._clusters[cid]
            self._aliases[cid] = best

    def _rescore(self, pending: list[Pending]) -> None:
        for p in pending:
            c = self._clusters[self._where[p.key]]
            c.members[p.key].score = c.similarity(p.vec, p.dense, self.embedding_weight)

    def _story(self, c: Cluster) -> Story:
        members = sorted(
            c.members.values(),
            key=lambda m: (m.day is None, m.day or 0, m.published or "", m.source, m.passage or -1),
        )
        dated = [m for m in members if m.day is not None]
        first = min(dated, key=lambda m: (m.day, m.published or "")) if dated else None
        last = max(dated, key=lambda m: (m.day, m.published or "")) if dated else None
        return Story(
            id=c.id,
            label=_label.choose_label([(m.headline, m.real_title) for m in members], c.centroid),
            keywords=_label.keywords(c.centroid),
            entities=_label.entities(c.centroid, c.surface),
            first_seen=first.published if first else None,
            last_seen=last.published if last else None,
            members=tuple(
                StoryMember(article=m.article, source=m.source, passage=m.passage, score=m.score)
                for m in members
            ),
            families=len({m.family for m in members}),
        )


def group_stories(
    articles: Iterable[Article],
    *,
    family_of: FamilyOf | None = None,
    **params: Any,
) -> list[Story]:
    """One-shot story grouping: ``StoryClusterer(**params).fit(articles, family_of).stories()``."""
    return StoryClusterer(**params).fit(articles, family_of).stories()


__all__ = [
    "STATE_FORMAT",
    "Assignment",
    "Embedder",
    "FamilyOf",
    "Item",
    "StoryClusterer",
    "Update",
    "group_stories",
    "items_of",
    "story_id",
]
