"""The web app's access to the store: one Store per worker thread, and an overview of the
stories kept in memory until the store changes.

The overview (every story's summary: dates, size, independent sources, outlets, entities,
claim counts; which stories each article is in; the outlets) is what the story list filters
and sorts. It is rebuilt when SQLite's ``data_version`` says another connection committed a
change (a `newsfuse watch` or a later `newsfuse run` writing the same store), so the pages
follow a growing store without a restart (a large store's overview, while a run writes it, a
few seconds behind: see :meth:`Desk.overview`). Pages of one story or one article read the store
directly (a story page takes its reports' summaries from the overview when it is current).
:meth:`Desk.version` is the store version the page cache (:mod:`newsfuse.web.cache`) is keyed
by; within a request it is asked once and pinned (:meth:`Desk.pinned`).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsfuse.store import Store

ATTENTION = ("conflicting", "differing_estimates")
#: The store version of the request being answered, as (desk, version): see Desk.pinned.
_PINNED: ContextVar[tuple[Desk, int] | None] = ContextVar("newsfuse_store_version", default=None)


@dataclass
class StorySummary:
    """One story as the story list shows it."""

    id: str
    label: str
    headline: str
    first_seen: str | None
    last_seen: str | None
    size: int  # reports (articles and live-blog passages) in the story
    articles: frozenset[str]
    families: int  # independent source families
    outlets: tuple[str, ...]
    entities: tuple[str, ...]
    claims: dict[str, int]  # status -> number of claim clusters
    keywords: tuple[str, ...] = ()
    passages: dict[str, tuple[int, ...]] = field(default_factory=dict)  # live-blog members
    has_brief: bool = False
    search_text: str = field(default="", repr=False)

    @property
    def conflicting(self) -> int:
        return self.claims.get("conflicting", 0)

    @property
    def differing(self) -> int:
        return self.claims.get("differing_estimates", 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "headline": self.headline,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "reports": self.size,
            "articles": len(self.articles),
            "independent_sources": self.families,
            "outlets": list(self.outlets),
            "entities": list(self.entities),
            "keywords": list(self.keywords),
            "claims": dict(self.claims),
            "conflicting": self.conflicting,
            "differing_estimates": self.differing,
            "attention": bool(self.conflicting or self.differing),
            "has_brief": self.has_brief,
        }


@dataclass
class Overview:
    """Everything the story list needs, built in one pass over the store."""

    version: int
    stories: dict[str, StorySummary]
    article_stories: dict[str, list[str]]
    articles: dict[str, dict[str, Any]]  # id -> summary (no text)
    outlets: Counter[str]
    counts: dict[str, int]
    built: float = 0.0  # time.monotonic() when it was built
    cost: float = 0.0  # seconds it took


class Desk:
    """Store access for the web app (see the module docstring). Thread-safe."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        Store(self.path).close()  # create or migrate it now, not on the first request
        self._local = threading.local()
        self._lock = threading.Lock()
        self._overview: Overview | None = None
        self._building = False
        self._entities: tuple[int, list[dict[str, Any]]] | None = None
        # ``data_version`` is per connection: one connection, used under its own lock (never
        # held for longer than the question, so the event loop can ask it too), only asks
        # whether another connection committed since the last question
        self._probe_lock = threading.Lock()
        self._probe = sqlite3.connect(
            f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )

    def store(self) -> Store:
        """This thread's Store (opened on first use)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.path)
            self._local.store = store
        return store

    def _version(self) -> int:
        pinned = _PINNED.get()
        if pinned is not None and pinned[0] is self:
            return pinned[1]
        with self._probe_lock:
            return int(self._probe.execute("PRAGMA data_version").fetchone()[0])

    @contextlib.contextmanager
    def pinned(self, version: int) -> Iterator[None]:
        """Within it (the context of one request, which its worker thread inherits), the
        store's version is taken as ``version`` rather than asked again: one question per
        request, asked by the event loop, instead of one per overview and entity list,
        asked by every worker thread in turn on the one probe connection."""
        token = _PINNED.set((self, version))
        try:
            yield
        finally:
            _PINNED.reset(token)

    def version(self) -> tuple[int, bool]:
        """(the store's version, whether the overview in memory is of that version): the
        version changes whenever any other connection (a `newsfuse run` or `watch`, an
        ingest POST) commits. A question of microseconds, never waiting for an overview
        build: what the page cache (:mod:`newsfuse.web.cache`) asks on every request."""
        version = self._version()
        current = self._overview
        return version, current is not None and current.version == version

    def overview(self) -> Overview:
        """The overview of the store as it is now, rebuilt first if the store changed since
        it was built. While a run writes the store (a commit every article), rebuilding on
        every request of a large store would cost each of them seconds: when the last build
        was expensive and recent (less than 30 times its cost ago), the request gets the
        overview it has and a rebuild starts in the background (once at a time)."""
        version = self._version()
        current = self._overview
        # data_version only grows: an overview made at a later version than this request's
        # (another request saw a later commit) is as good
        if current is not None and current.version >= version:
            return current  # without the lock: the common case, many threads at once
        with self._lock:
            current = self._overview
            if current is not None and current.version >= version:
                return current
            if (
                current is None
                or current.cost < CHEAP
                or (time.monotonic() - current.built > 30 * current.cost)
            ):
                self._overview = _timed_build(self.store(), version)
                return self._overview
            if not self._building:
                self._building = True
                threading.Thread(target=self._rebuild, args=(version,), daemon=True).start()
            return current

    def _rebuild(self, version: int) -> None:
        try:
            with Store(self.path) as store:
                fresh = _timed_build(store, version)
            with self._lock:
                if self._overview is None or self._overview.built < fresh.built:
                    self._overview = fresh
        finally:
            with self._lock:
                self._building = False

    def article_summaries(
        self, ids: Iterable[str], *, copy: bool = True
    ) -> dict[str, dict[str, Any]]:
        """``Store.article_summaries(ids)`` (copies), from the overview when it is of the
        store's version (it holds every article's summary: no query, and no reading of each
        text to count its characters), from the store for the rest. ``copy=False``: the
        overview's own dicts, not to be modified (a story of 1,657 reports: no 1,657 copies
        for the 50 its page shows)."""
        wanted = set(ids)
        ov = self.overview()
        out: dict[str, dict[str, Any]] = {}
        if ov.version >= self._version():
            known = ov.articles
            if copy:
                out = {a: dict(known[a]) for a in wanted if a in known}
            else:
                out = {a: known[a] for a in wanted if a in known}
        missing = wanted - out.keys()
        if missing:
            out.update(self.store().article_summaries(missing))
        return {a: out[a] for a in sorted(out)}  # in id order, as the store gives them

    def entities(self) -> list[dict[str, Any]]:
        """Every entity's summary (``Store.entity_summaries``), the most mentioned first, kept
        until the store changes (a large store has tens of thousands). Do not modify."""
        version = self._version()
        with self._lock:
            if self._entities is None or self._entities[0] < version:
                rows = self.store().entity_summaries()
                rows.sort(key=lambda r: (-int(r["mentions"] or 0), r["name"]))
                self._entities = (version, rows)
            return self._entities[1]

    def close(self) -> None:
        """Close this thread's Store and the probe (other threads' Stores close with them)."""
        store = getattr(self._local, "store", None)
        if store is not None:
            store.close()
            self._local.store = None
        with self._probe_lock:
            self._probe.close()


def _passages(members: Any) -> dict[str, tuple[int, ...]]:
    """article -> the passages of it in the story, for the articles that are in it only by
    some of their passages (a live blog)."""
    whole = {m.article for m in members if m.passage is None}
    out: dict[str, list[int]] = {}
    for m in members:
        if m.passage is not None and m.article not in whole:
            out.setdefault(m.article, []).append(m.passage)
    return {a: tuple(p) for a, p in out.items()}


CHEAP = 0.25  # seconds: an overview this quick to build is rebuilt on the request that needs it


def _timed_build(store: Store, version: int) -> Overview:
    start = time.monotonic()
    ov = build_overview(store, version)
    ov.built = time.monotonic()
    ov.cost = ov.built - start
    return ov


def build_overview(store: Store, version: int) -> Overview:
    """The overview of everything in ``store`` (see the module docstring)."""
    articles = store.article_summaries()
    briefs = store.brief_summaries()
    claims = store.claim_status_counts()
    outlets: Counter[str] = Counter(a["outlet"] for a in articles.values() if a["outlet"])
    stories: dict[str, StorySummary] = {}
    article_stories: dict[str, list[str]] = {}
    for st in store.story_records():
        members = frozenset(m.article for m in st.members)
        for a in members:
            article_stories.setdefault(a, []).append(st.id)
        brief = briefs.get(st.id)
        story_outlets = sorted({o for a in members if (o := (articles.get(a) or {}).get("outlet"))})
        headline = (brief or {}).get("headline") or st.label
        stories[st.id] = StorySummary(
            id=st.id,
            label=st.label,
            headline=headline,
            first_seen=st.first_seen,
            last_seen=st.last_seen,
            size=len(st.members),
            articles=members,
            families=int((brief or {}).get("families") or st.families),
            outlets=tuple(story_outlets),
            entities=tuple(st.entities),
            claims=claims.get(st.id, {}),
            keywords=tuple(st.keywords),
            passages=_passages(st.members),
            has_brief=brief is not None,
            search_text=" ".join([st.label, headline, *st.keywords, *st.entities]).casefold(),
        )
    return Overview(
        version=version,
        stories=stories,
        article_stories=article_stories,
        articles=articles,
        outlets=outlets,
        counts=store.counts(),
    )
