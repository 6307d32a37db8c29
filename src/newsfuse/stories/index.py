"""Stories kept in the SQLite store and updated incrementally: what ``newsfuse run`` uses.

:class:`StoryIndex` is :class:`~newsfuse.stories.StoryClusterer` with its items, checkpoints
and story records in the store (:mod:`newsfuse.store.stories`) instead of memory, and one
write transaction per update (a killed update leaves the store as it was)::

    index = StoryIndex(store, window_days=settings.story_window_days)
    delta = index.update(new_or_changed_articles, family_of=copies.family_of,
                         removed_ids=removed, run_id=run_id)
    delta.touched                  # stories whose claims and brief need recomputing
    delta.merged, delta.removed    # stories gone (their claims and briefs go too)
    index.stories()                # every stored story, largest first

The stories equal those of one :func:`~newsfuse.stories.group_stories` over every article the
index holds, whatever the batches (see :mod:`newsfuse.stories.cluster`). Memory holds the
stories of the recent window and the document frequencies; a run costs the days it replays.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsfuse.errors import require
from newsfuse.records import Article, Story
from newsfuse.stories.engine import Params
from newsfuse.stories.replay import (
    DEFAULT_CHECKPOINTS,
    Embedder,
    FamilyOf,
    StoryDelta,
    update,
)
from newsfuse.stories.represent import ChannelWeights
from newsfuse.stories.state import item_key


class StoryIndex:
    """The stories of a :class:`newsfuse.store.Store`, updated incrementally.

    Parameters are those of :class:`~newsfuse.stories.StoryClusterer` (``window_days``,
    ``threshold`` ... ``checkpoints``). Changing one makes the next update replay every stored
    item from the start (the features are kept unless ``max_chars``, ``language`` or the
    embedder change, in which case every stored article is read again from the store)."""

    def __init__(
        self,
        store: Any,
        *,
        weights: ChannelWeights | None = None,
        embedder: Embedder | None = None,
        checkpoints: int = DEFAULT_CHECKPOINTS,
        **params: Any,
    ) -> None:
        require(
            "StoryIndex",
            "checkpoints",
            checkpoints,
            isinstance(checkpoints, int) and not isinstance(checkpoints, bool) and checkpoints >= 0,
            "an int >= 0",
        )
        self.store = store
        self.embedder = embedder
        self.checkpoints = checkpoints
        self.params = Params.of(
            "StoryIndex",
            weights=weights or ChannelWeights(),
            embedding=embedder is not None,
            **params,
        )

    def update(
        self,
        articles: Iterable[Article],
        family_of: FamilyOf | None = None,
        removed_ids: Iterable[str] = (),
        *,
        families_changed: Iterable[str] | None = None,
        run_id: int | None = None,
    ) -> StoryDelta:
        """Add or change ``articles`` (an article given again with the same text, date and
        family costs nothing), take out the articles of ``removed_ids``, and give what changed.

        ``family_of``: a mapping from article id to family id (only the articles it names and
        the ones given are checked), or a function of (article id, passage index) such as
        ``CopyReport.family_of``, which is then asked for every stored item, unless
        ``families_changed`` names the articles whose family may have changed. Writes the
        items, checkpoints and changed story records in one transaction; items whose features
        cannot be read are in ``delta.failures`` and tried again by the next update."""
        with self.store.story_ledger(run_id) as ledger:
            delta, _engine = update(
                ledger,
                self.params,
                articles,
                family_of=family_of,
                removed_ids=removed_ids,
                families_changed=families_changed,
                checkpoints=self.checkpoints,
                embedder=self.embedder,
            )
        return delta

    def stories(self) -> list[Story]:
        """Every stored story, largest first (then by first publication date and id), as
        :func:`~newsfuse.stories.group_stories` orders them."""
        out = list(self.store.story_records())
        out.sort(key=lambda s: (-len(s.members), s.first_seen or "~", s.id))
        return out

    def resolve(self, story_id: str) -> str | None:
        """The stored story ``story_id`` goes by: itself, or for an id merged away the story
        holding the item it was started by; None when unknown."""
        resolved: str | None = self.store.story_resolve(story_id)
        return resolved

    def story(self, story_id: str) -> Story | None:
        """One stored story by id (a merged-away id resolves)."""
        sid = self.resolve(story_id)
        return None if sid is None else self.store.story(sid)

    def story_of(self, article_id: str, passage: int | None = None) -> str | None:
        """The story holding an article (or a passage of a live blog), or None."""
        found: str | None = self.store.story_of_item(item_key(article_id, passage))
        return found

    def sizes(self) -> dict[str, int]:
        """Bytes the index keeps in the store, by part (see ``Store.story_table_bytes``)."""
        return dict(self.store.story_table_bytes())


__all__ = ["StoryDelta", "StoryIndex"]
