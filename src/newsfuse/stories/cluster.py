"""Online story clustering whose result is a function of the set of articles, not of batches.

The units clustered are *items*: an ordinary article is one item; a live blog (an article with
several passages) gives one item per passage, so its passages can land in different stories.

**The contract.** After any sequence of updates (any split of the articles, in any order,
with articles changed or removed on the way), the stories (ids, members with their scores,
labels, first and last seen, family counts) equal those of one update over the final set.
Three rules make it so:

1. *A canonical order.* Items are processed in an order that is a function of the set: by
   publication day, then article id and passage; one publication day is one batch, and the
   undated items are the last batch. Nothing depends on when an item arrived.
2. *Causal statistics.* The term weights use document frequencies counted over the items
   processed so far in that order (up to and including the batch's day), so the state at the
   end of day D is a function of the items of days <= D alone.
3. *Exact checkpoints.* The state at the end of each recent day is kept exactly (floats as
   ``repr``, orders kept), so resuming from it continues bit for bit as one pass would.

An update therefore finds the earliest day it changes (a new, changed or removed item, or an
item whose source family changed), resumes from the checkpoint just before it and replays the
days after it (:mod:`newsfuse.stories.replay`). For a stream that arrives roughly in time
order that is the newest day or two; an article older than the oldest checkpoint makes the
update replay from the start (correct, slower, logged). Per-item features are read once and
kept (:func:`~newsfuse.stories.state.read_item`, zlib JSON of about 2-3 KB), so a replay never
reads a text again.

**A batch** (one day; :class:`~newsfuse.stories.engine.Engine`):

0. Expiry: a story whose last day is more than ``window_days`` before the batch's day can
   gain nothing any more (no item may join it, and merges only join stories in memory): it
   leaves memory and is written as a final record. Memory holds the stories of the recent
   window, the document-frequency table and the inverted index, whatever the store's size.
1. The batch's features are added to the document frequencies, then every item is vectorised
   (:mod:`newsfuse.stories.represent`).
2. Single pass: each item is compared with the stories that share one of its heaviest features
   (an inverted index) and are *in its time window*: a member was published within
   ``window_days`` of the item (items or stories without dates are not constrained). The
   similarity is the cosine between the item and the story centroid (the sum of its members'
   vectors). The most similar story at or above ``threshold`` gets the item; otherwise the
   item starts a new story.
3. Merging: stories touched by the batch are compared with their neighbours in memory,
   centroid to centroid: at or above ``merge_threshold`` when both are dated, at
   ``undated_merge_threshold`` (higher) when time cannot corroborate the words. The older
   story (created first) keeps its id.
4. Refinement (``refine`` passes): each item of the batch is compared again with every
   candidate story, its own counted without it, and moves when another story is more similar
   (and above ``threshold``); this undoes most of what the single pass got wrong because of
   the order within the day.
5. Attachment: an article of the batch still alone in its story joins the most similar story
   if that reaches ``attach_threshold`` (a little below ``threshold``); live-blog passages are
   left alone, since a blog's asides are often the only report of their event.

Ids are content-derived: a story's id is a hash of the item that started it (article id and
passage index). A story merged away, or emptied when its items moved, is no longer listed;
its id still resolves to the story that now holds the item it started with (so ids resolve
the same way whatever the batching; the list of merges an update reports may differ between
one update and several, the stories do not).

Copies: the clusterer takes ``family_of`` (article id -> source family, or a function of
article id and passage index such as the copies stage's ``CopyReport.family_of``). A member
whose family already has a member in the story is recorded but adds nothing to the story's
centroid (a copy is no new evidence), so a pile of copies cannot drag a story towards anything;
``Story.families`` counts the distinct families (an article without a family is its own).

What changed from one pass over a whole batch (the clusterer before issue 14): the document
frequencies are causal, so the first days of a corpus weigh words with fewer documents behind
them; refinement moves items within their own day only; and merges join only stories still in
memory. The benchmark (``benchmarks/stories.py``) gives the quality before and after.

:class:`StoryClusterer` keeps everything in memory (its state is a JSON-serialisable dict);
:class:`~newsfuse.stories.StoryIndex` keeps the same in the SQLite store and reports what each
update changed. Both run :func:`newsfuse.stories.replay.update`, so their results cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from newsfuse.errors import ConfigError, require
from newsfuse.records import Article, Failure, Story
from newsfuse.stories.engine import Engine, Params
from newsfuse.stories.replay import (
    DEFAULT_CHECKPOINTS,
    Embedder,
    FamilyOf,
    MemoryLedger,
    StoryDelta,
    _embed,
    engine_at,
    family_function,
    final_engine,
    update,
)
from newsfuse.stories.represent import ChannelWeights
from newsfuse.stories.state import (
    STATE_FORMAT,
    Assignment,
    Item,
    Update,
    item_day,
    item_key,
    items_of,
    read_item,
    story_id,
)


class StoryClusterer:
    """Groups articles and live-blog passages into stories, incrementally, in memory.

    Parameters (scikit-learn style: set in the constructor, learned state in ``partial_fit``):

    window_days       an item may join a story only if its publication day lies within this
                      many days of one of the story's members (None: no time limit); a story
                      whose last day is further back than this leaves memory
    threshold         the least cosine similarity between an item and a story centroid for
                      the item to join the story
    merge_threshold   the least centroid-to-centroid similarity for two dated stories to merge
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
                      :func:`newsfuse.embed.load_embedder`); its cosine is mixed in. Each
                      item is embedded on its own, once, so batching cannot change a vector
    embedding_weight  the share of the dense cosine in the similarity when ``embedder`` is set
    n_buckets         size of the hashed document-frequency table (a power of two)
    checkpoints       how many checkpoints to keep (the ends of the newest days with items):
                      an update that changes an older day replays from the start
    """

    failures: list[Failure]  # items the last update left out, with the reason

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
        checkpoints: int = DEFAULT_CHECKPOINTS,
    ) -> None:
        require(
            "StoryClusterer",
            "weights",
            weights,
            weights is None or isinstance(weights, ChannelWeights),
            "a ChannelWeights or None",
        )
        require(
            "StoryClusterer",
            "checkpoints",
            checkpoints,
            isinstance(checkpoints, int) and not isinstance(checkpoints, bool) and checkpoints >= 0,
            "an int >= 0",
        )
        self.window_days = window_days
        self.threshold = threshold
        self.merge_threshold = merge_threshold
        self.undated_merge_threshold = undated_merge_threshold
        self.attach_threshold = attach_threshold
        self.weights = weights or ChannelWeights()
        self.refine = refine
        self.max_chars = max_chars
        self.max_item_features = max_item_features
        self.max_features = max_features
        self.index_terms = index_terms
        self.max_candidates = max_candidates
        self.language = language
        self.embedder = embedder
        self.embedding_weight = embedding_weight
        self.n_buckets = n_buckets
        self.checkpoints = checkpoints
        self._params()  # checks every parameter now
        self._ledger = MemoryLedger()
        self._engine: Engine | None = None
        self.last_update = Update()
        self.last_delta = StoryDelta()
        self.failures = []

    # --- public API --------------------------------------------------------------------------

    def _params(self) -> Params:
        return Params.of(
            "StoryClusterer",
            window_days=self.window_days,
            threshold=self.threshold,
            merge_threshold=self.merge_threshold,
            undated_merge_threshold=self.undated_merge_threshold,
            attach_threshold=self.attach_threshold,
            weights=self.weights,
            refine=self.refine,
            max_chars=self.max_chars,
            max_item_features=self.max_item_features,
            max_features=self.max_features,
            index_terms=self.index_terms,
            max_candidates=self.max_candidates,
            language=self.language,
            embedding=self.embedder is not None,
            embedding_weight=self.embedding_weight,
            n_buckets=self.n_buckets,
        )

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters (JSON-serialisable; the embedder as a flag)."""
        return {**self._params().as_dict(), "checkpoints": self.checkpoints}

    def fit(self, articles: Iterable[Article], family_of: FamilyOf | None = None) -> StoryClusterer:
        """Forget everything learned, then cluster ``articles``."""
        self._ledger = MemoryLedger()
        self._engine = None
        return self.partial_fit(articles, family_of)

    def partial_fit(
        self,
        articles: Iterable[Article],
        family_of: FamilyOf | None = None,
        *,
        removed_ids: Iterable[str] = (),
    ) -> StoryClusterer:
        """Add articles to the set clustered (or change them: an article given again with a
        different text, date or family), and take out the articles of ``removed_ids``; the
        stories are then those of one :meth:`fit` over the whole set.

        ``family_of`` gives source families (the copies stage): a mapping from article id to
        family id (it may name articles given earlier, whose family then changes), or a
        function of (article id, passage index) such as ``CopyReport.family_of``, which is
        asked for every article clustered so far. What changed is in :attr:`last_update`
        (and :attr:`last_delta`); items that could not be read are in :attr:`failures` (left
        out, and tried again with the next update)."""
        delta, engine = update(
            self._ledger,
            self._params(),
            articles,
            family_of=family_of,
            removed_ids=removed_ids,
            checkpoints=self.checkpoints,
            embedder=self.embedder,
        )
        if engine is not None:
            self._engine = engine
        self.last_delta = delta
        self.last_update = Update(created=delta.created, updated=delta.changed, merged=delta.merged)
        self.failures = list(delta.failures)
        return self

    def stories(self) -> list[Story]:
        """The stories, largest first (then by first publication date and id)."""
        out = [s for s, _d, _l in self._ledger.records.values()]
        out.sort(key=lambda s: (-len(s.members), s.first_seen or "~", s.id))
        return out

    def story(self, story_id: str) -> Story | None:
        """One story by id (a merged-away id resolves to the story holding its first item)."""
        return self._ledger.record(self.resolve(story_id))

    def resolve(self, story_id: str) -> str:
        """The id that ``story_id`` now goes by: itself while it is a story, else the story
        that holds the item it was started by (itself when unknown)."""
        if story_id in self._ledger.records:
            return story_id
        holder = self._ledger.story_of_own(story_id)
        return holder if holder is not None and holder in self._ledger.records else story_id

    def story_of(self, article_id: str, passage: int | None = None) -> str | None:
        """The story an item clustered earlier belongs to, or None."""
        return self._ledger.story_of(item_key(article_id, passage))

    def assign(self, articles: Iterable[Article]) -> list[Assignment]:
        """Where each item of ``articles`` would go, without changing anything: the most
        similar story in its window if at or above ``threshold`` (else ``story`` None). Items
        clustered earlier give their story, with their recorded score."""
        out: list[Assignment] = []
        engines: dict[int | None, Engine] = {}
        for article in articles:
            for item in items_of(article):
                known = self.story_of(article.id, item.passage)
                if known is not None:
                    st = self._ledger.record(known)
                    score = next(
                        (m.score for m in st.members if item_key(m.article, m.passage) == item.key),
                        0.0,
                    ) if st else 0.0  # fmt: skip
                    out.append(Assignment(article.id, article.source, item.passage, known, score))
                    continue
                day = item_day(item)
                if day not in engines:
                    engines[day] = self._engine_at(day)
                out.append(self._assign_one(engines[day], item))
        return out

    def __len__(self) -> int:
        return len(self._ledger.records)

    # --- state -------------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """Everything needed to continue, as a JSON-serialisable dict: the parameters, every
        item's features, day and family, the checkpoints of recent days and the story records."""
        return {
            "format": STATE_FORMAT,
            "params": self.get_params(),
            "ledger": self._ledger.to_state(),
        }

    @classmethod
    def from_state(
        cls, state: Mapping[str, Any], *, embedder: Embedder | None = None
    ) -> StoryClusterer:
        """A clusterer restored from :meth:`to_state`'s dict (after a JSON round trip). Pass
        the same ``embedder`` again when the state was made with one. A state written by a
        newsfuse before issue 14 (format ``newsfuse.stories/1``) holds no item features: it
        gives an empty clusterer with its parameters, to which every article is given again."""
        fmt = state.get("format")
        if fmt not in (STATE_FORMAT, "newsfuse.stories/1"):
            raise ConfigError(
                f"not a story-clusterer state: format {fmt!r}, expected {STATE_FORMAT!r}"
            )
        params = dict(state["params"])
        if params.pop("embedding") and embedder is None:
            raise ConfigError(
                "this story state was made with an embedder: pass the same embedder to from_state"
            )
        weights = ChannelWeights(**params.pop("weights"))
        self = cls(weights=weights, embedder=embedder, **params)
        if fmt == STATE_FORMAT:
            self._ledger = MemoryLedger.from_state(state["ledger"])
        return self

    # --- internals ---------------------------------------------------------------------------

    def _final(self) -> Engine:
        if self._engine is None:
            self._engine = final_engine(self._ledger, self._params(), self.embedder)
        return self._engine

    def _engine_at(self, day: int | None) -> Engine:
        """The clusterer as it was at the end of ``day`` (None: at the end, after the undated
        items), made again from the checkpoint before it."""
        if day is None:
            return self._final()
        return engine_at(self._ledger, self._params(), day, self.embedder)

    def _assign_one(self, engine: Engine, item: Item) -> Assignment:
        a = item.article
        row = read_item(
            item, family_function(None)(a.id, item.passage), max_chars=self.max_chars,
            language=self.language,
        )  # fmt: skip
        dense: np.ndarray | None = None
        if self.embedder is not None:
            dense = _embed(self.embedder, [item])[0]
        best, score = engine.best(engine.vector(row), dense, row.day, exclude=None)
        ok = best is not None and score >= self.threshold
        return Assignment(a.id, a.source, item.passage, best if ok else None, score if ok else 0.0)


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
