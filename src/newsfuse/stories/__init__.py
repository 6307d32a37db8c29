"""Stories: every article and live-blog passage about the same real-world event, grouped.

A story is one event ("first clashes with North Korean troops in Kursk"), not a topic: two
earthquakes in different countries are two stories. Items (articles, and the passages of live
blogs) are processed one publication day at a time in a canonical order, so the stories are a
function of the *set* of articles: whatever the batches, the result is that of one pass over
everything (ids included). See :mod:`newsfuse.stories.cluster` for the design,
:mod:`newsfuse.stories.engine` for the batch steps, :mod:`newsfuse.stories.replay` for how an
update resumes from a checkpoint, :mod:`newsfuse.stories.represent` for the features that
tell similar events apart and :mod:`newsfuse.stories.label` for labels, keywords and entities.

One shot::

    from newsfuse.stories import group_stories
    stories = group_stories(articles, family_of=family_of, window_days=7)

Kept in the store, updated incrementally (what ``newsfuse run`` does)::

    index = StoryIndex(store, window_days=7)
    delta = index.update(new_or_changed, family_of=copies.family_of, removed_ids=gone)
    delta.created, delta.changed, delta.merged, delta.removed   # what changed
    index.stories()                                              # list[Story], largest first

In memory (a JSON-serialisable state)::

    clusterer = StoryClusterer.from_state(saved) if saved else StoryClusterer(window_days=7)
    clusterer.partial_fit(new_articles, family_of=family_of)
    saved = clusterer.to_state()
    clusterer.last_update                   # created / updated story ids, merges old -> new
    clusterer.stories()                     # list[Story], largest first

Re-adding articles already clustered is a no-op. A merged-away story id resolves to the story
holding the item it was started by (``resolve``).

For the CLI: ``newsfuse stories INPUT... [--window-days N] [--threshold X] --json`` is
``{"stories": [s.to_dict() for s in group_stories(articles, ...)]}``; every member has
``article``, ``source``, ``passage`` (the passage index of a live-blog passage, else None) and
``score``.
"""

from newsfuse.embed import INSTALL_HINT, MissingDependencyError, load_embedder
from newsfuse.stories.cluster import (
    STATE_FORMAT,
    Assignment,
    Item,
    StoryClusterer,
    Update,
    group_stories,
    items_of,
    story_id,
)
from newsfuse.stories.index import StoryIndex
from newsfuse.stories.replay import StoryDelta
from newsfuse.stories.represent import ChannelWeights, DocumentFrequencies, extract_features

__all__ = [
    "INSTALL_HINT",
    "STATE_FORMAT",
    "Assignment",
    "ChannelWeights",
    "DocumentFrequencies",
    "Item",
    "MissingDependencyError",
    "StoryClusterer",
    "StoryDelta",
    "StoryIndex",
    "Update",
    "extract_features",
    "group_stories",
    "items_of",
    "load_embedder",
    "story_id",
]
