"""Stories: every article and live-blog passage about the same real-world event, grouped.

A story is one event ("first clashes with North Korean troops in Kursk"), not a topic: two
earthquakes in different countries are two stories. Stories are built online: each new article
(or each passage of a live blog) joins the most similar story in its time window or starts a
new one; stories merge when evidence accumulates; ids stay stable across runs and incremental
additions. See :mod:`newsfuse.stories.cluster` for the algorithm,
:mod:`newsfuse.stories.represent` for the features that tell similar events apart and
:mod:`newsfuse.stories.label` for labels, keywords and entities.

One shot::

    from newsfuse.stories import group_stories
    stories = group_stories(articles, family_of=family_of, window_days=7)

Incremental (what ``newsfuse run`` against the store does)::

    clusterer = StoryClusterer.from_state(saved) if saved else StoryClusterer(window_days=7)
    clusterer.partial_fit(new_articles, family_of=family_of)
    saved = clusterer.to_state()            # a JSON-serialisable dict: persist it whole
    clusterer.last_update                   # created / updated story ids, merges old -> new
    clusterer.stories()                     # list[Story], largest first

What to persist between runs: the dict returned by :meth:`StoryClusterer.to_state` (parameters,
the hashed document-frequency table, every story's centroid, days and members, and the aliases
of merged-away ids); nothing else is needed. Re-adding articles already clustered is a no-op.
The store may also keep the :class:`~newsfuse.records.Story` records for queries (rewrite the
ones in ``last_update.created`` / ``updated`` and delete those in ``last_update.merged``, whose
ids then resolve through :meth:`StoryClusterer.resolve`).

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
    "Update",
    "extract_features",
    "group_stories",
    "items_of",
    "load_embedder",
    "story_id",
]
