"""What `newsfuse watch` keeps in the store: each feed's validators for conditional GET and
its last poll, and each entry's link with the state of the page behind it.

A mixin of :class:`newsfuse.store.Store` (it uses the store's ``_read`` and ``_write``).
Entry states: ``new`` (seen in a feed, page not fetched yet), ``fetched`` (the page is in an
inbox file, not yet through the pipeline), ``stored`` (its article is in the store),
``failed`` (the last attempt failed; tried again up to a limit), ``disallowed`` (robots.txt
forbids it; never fetched).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

ENTRY_STATES = ("new", "fetched", "stored", "failed", "disallowed")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WatchStateMixin:
    """The watch state of a Store (see the module docstring)."""

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError  # pragma: no cover - Store provides it

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # pragma: no cover - Store provides it

    def feed_state(self, url: str) -> dict[str, Any] | None:
        """What is known of feed ``url``: title, etag, last_modified, checked, status,
        entries; None for a feed never polled."""
        rows = self._read("SELECT * FROM watch_feeds WHERE url = ?", (url,))
        return rows[0] if rows else None

    def watch_feeds(self) -> list[dict[str, Any]]:
        """Every feed polled, by URL."""
        return self._read("SELECT * FROM watch_feeds ORDER BY url")

    def save_feed_state(
        self,
        url: str,
        *,
        status: str,
        title: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        entries: int | None = None,
        keep_validators: bool = False,
    ) -> None:
        """Record a poll of feed ``url``. With ``keep_validators`` (a 304, an error) the
        stored ETag and Last-Modified stay as they were."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT title, etag, last_modified, entries FROM watch_feeds WHERE url = ?", (url,)
            ).fetchone()
            old = row or (None, None, None, 0)
            if keep_validators:
                etag, last_modified = old[1], old[2]
            conn.execute(
                "INSERT OR REPLACE INTO watch_feeds (url, title, etag, last_modified, checked, "
                "status, entries) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    url,
                    title or old[0],
                    etag,
                    last_modified,
                    _now(),
                    status,
                    old[3] if entries is None else entries,
                ),
            )

    def add_watch_entries(
        self, feed: str, entries: Iterable[tuple[str, str | None, str | None]]
    ) -> list[str]:
        """Record the entries ``(link, title, published)`` of ``feed``; give the links not
        seen before (in the order given). A link already known keeps its state."""
        new: list[str] = []
        now = _now()
        with self._write() as conn:
            for link, title, published in entries:
                cur = conn.execute(
                    "INSERT INTO watch_entries (link, feed, title, published, state, seen, "
                    "updated) VALUES (?, ?, ?, ?, 'new', ?, ?) ON CONFLICT (link) DO NOTHING",
                    (link, feed, title, published, now, now),
                )
                if cur.rowcount:
                    new.append(link)
        return new

    def set_watch_entry(
        self,
        link: str,
        state: str,
        *,
        error: str | None = None,
        doc_id: str | None = None,
        inbox: str | None = None,
        attempt: bool = False,
    ) -> None:
        """Set the state of entry ``link`` (one of ENTRY_STATES); ``attempt`` counts a fetch.
        ``doc_id`` and ``inbox`` are kept when not given."""
        if state not in ENTRY_STATES:
            raise ValueError(f"the 'state' parameter must be one of {ENTRY_STATES}, got {state!r}")
        with self._write() as conn:
            conn.execute(
                "UPDATE watch_entries SET state = ?, error = ?, doc_id = coalesce(?, doc_id), "
                "inbox = coalesce(?, inbox), attempts = attempts + ?, updated = ? WHERE link = ?",
                (state, error, doc_id, inbox, 1 if attempt else 0, _now(), link),
            )

    def watch_entries(
        self, *, state: str | None = None, links: Iterable[str] | None = None
    ) -> list[dict[str, Any]]:
        """The recorded entries (of one state, or of these links), oldest first."""
        if links is not None:
            wanted = list(dict.fromkeys(links))
            return [r for part in _parts(wanted) for r in self._entries_in(part)]
        if state is None:
            return self._read("SELECT * FROM watch_entries ORDER BY seen, link")
        return self._read(
            "SELECT * FROM watch_entries WHERE state = ? ORDER BY seen, link", (state,)
        )

    def _entries_in(self, links: list[str]) -> list[dict[str, Any]]:
        marks = ", ".join("?" for _ in links)
        return self._read(f"SELECT * FROM watch_entries WHERE link IN ({marks})", tuple(links))


def _parts(items: list[str], size: int = 400) -> Iterator[list[str]]:
    for k in range(0, len(items), size):
        yield items[k : k + size]


__all__ = ["ENTRY_STATES", "WatchStateMixin"]
