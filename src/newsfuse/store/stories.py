"""What the story index keeps in the store: items, checkpoints of the clusterer, story records.

A mixin of :class:`newsfuse.store.Store` (it uses the store's ``_read`` and ``_write``); the
algorithm is in :mod:`newsfuse.stories` (:class:`~newsfuse.stories.StoryIndex`), which
calls :meth:`StoryTablesMixin.story_ledger` to read and write these tables in one transaction
per update. Tables (schema migration 10):

``story_items``
    one row per item (an article, or one passage of a live blog): its day, family, the id of
    the story it would start (``own_id``, so a merged-away story id resolves to the story that
    holds its first item), its fingerprint, its story, and ``data``: its features, zlib JSON
    (or, when ``failed`` says why they could not be read, the item itself, to try again).
``story_checkpoints``, ``story_blobs``, ``story_checkpoint_blobs``
    the clusterer's active state at the end of recent days: per day the document frequencies
    and the list of its stories, each story's bytes kept once by content hash (consecutive
    checkpoints share the stories that did not change).
``stories``
    the story records (``record``: JSON of ``Story.to_dict()``), with ``last_day`` (the last
    dated member's day, so an update reads only the stories that can still change) and
    ``digest`` (to tell whether an update changed a story).
``story_meta``
    the format and parameters the items and checkpoints were made with.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from newsfuse.records import Article, Story

_ITEM = "key, article, pidx, day, fingerprint, family, failed"
_BLOCK = 400  # parameters per IN (...) query


def _meta(row: Sequence[Any]) -> tuple[Any, ...]:
    """(key, article, passage, day, fingerprint, family, failed) from a row of ``_ITEM``."""
    key, article, pidx, day, fp, family, failed = row[:7]
    return (key, article, None if pidx < 0 else pidx, day, fp, family, failed)


class StoryTablesMixin:
    """The story tables of a Store (see the module docstring)."""

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError  # pragma: no cover - Store provides it

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # pragma: no cover - Store provides it

    @contextmanager
    def story_ledger(self, run_id: int | None = None) -> Iterator[StoryLedger]:
        """The story tables for one update, in one write transaction (all or nothing)."""
        with self._write() as conn:
            yield StoryLedger(self, conn, run_id)

    # -- reads (no transaction) -------------------------------------------------------------

    def story_of_item(self, key: str) -> str | None:
        """The story holding item ``key`` (``article`` or ``article#passage``), or None."""
        rows = self._read("SELECT story FROM story_items WHERE key = ?", (key,))
        return rows[0]["story"] if rows else None

    def story_resolve(self, story_id: str) -> str | None:
        """The stored story ``story_id`` now goes by: itself, or, for an id merged away, the
        story that holds the item it was first seen with; None when neither is stored."""
        if self._read("SELECT 1 FROM stories WHERE id = ?", (story_id,)):
            return story_id
        rows = self._read(
            "SELECT s.id FROM story_items i JOIN stories s ON s.id = i.story WHERE i.own_id = ?",
            (story_id,),
        )
        return rows[0]["id"] if rows else None

    def story_table_bytes(self) -> dict[str, int]:
        """Bytes of what the story index keeps: item features, checkpoints (document
        frequencies and story states) and story records, as stored (compressed) payloads."""
        q = {
            "items": "SELECT coalesce(sum(length(data)), 0) AS n FROM story_items",
            "item_rows": "SELECT coalesce(sum(length(key) + length(article) + length(own_id) "
            "+ length(fingerprint) + length(family) + coalesce(length(story), 0) + 16), 0) AS n "
            "FROM story_items",
            "checkpoint_df": "SELECT coalesce(sum(length(df)), 0) AS n FROM story_checkpoints",
            "checkpoint_stories": "SELECT coalesce(sum(length(data)), 0) AS n FROM story_blobs",
            "checkpoint_lists": "SELECT coalesce(sum(length(meta)), 0) AS n FROM story_checkpoints",
            "records": "SELECT coalesce(sum(length(record)), 0) AS n FROM stories",
        }
        return {name: int(self._read(sql)[0]["n"]) for name, sql in q.items()}


class StoryLedger:
    """The story tables inside one write transaction (the ledger the story index replays
    against; see :class:`newsfuse.stories.replay.Ledger`). Items are returned as tuples
    ``(key, article, passage, day, fingerprint, family, failed)``."""

    def __init__(self, store: Any, conn: sqlite3.Connection, run_id: int | None):
        self.store = store
        self.conn = conn
        self.run_id = run_id

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    # --- meta ------------------------------------------------------------------------------

    def meta(self) -> dict[str, Any] | None:
        rows = self._all("SELECT meta FROM story_meta WHERE id = 1")
        return dict(json.loads(rows[0][0])) if rows else None

    def set_meta(self, meta: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO story_meta (id, meta) VALUES (1, ?)",
            (json.dumps(meta, sort_keys=True),),
        )

    # --- items -----------------------------------------------------------------------------

    def items_of_articles(self, articles: Iterable[str]) -> list[tuple[Any, ...]]:
        wanted = sorted(set(articles))
        out = []
        for k in range(0, len(wanted), _BLOCK):
            part = wanted[k : k + _BLOCK]
            marks = ", ".join("?" for _ in part)
            out += [
                _meta(r)
                for r in self._all(
                    f"SELECT {_ITEM} FROM story_items WHERE article IN ({marks}) "
                    "ORDER BY article, pidx",
                    part,
                )
            ]
        return out

    def all_items(self) -> Iterator[tuple[Any, ...]]:
        after = ""
        while True:
            rows = self._all(
                f"SELECT {_ITEM} FROM story_items WHERE key > ? ORDER BY key LIMIT 5000", (after,)
            )
            yield from (_meta(r) for r in rows)
            if len(rows) < 5000:
                return
            after = rows[-1][0]

    def failed_items(self) -> list[tuple[tuple[Any, ...], bytes]]:
        rows = self._all(f"SELECT {_ITEM}, data FROM story_items WHERE failed IS NOT NULL")
        return [(_meta(r), bytes(r[7])) for r in rows]

    def put_items(self, items: Sequence[Sequence[Any]]) -> None:
        """Write items ``(key, article, passage, day, own_id, fingerprint, family, data,
        failed)``; an item written again keeps its story until the update assigns one."""
        self.conn.executemany(
            "INSERT INTO story_items (key, article, pidx, day, own_id, fingerprint, family, "
            "data, failed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
            "article = excluded.article, pidx = excluded.pidx, day = excluded.day, "
            "own_id = excluded.own_id, fingerprint = excluded.fingerprint, "
            "family = excluded.family, data = excluded.data, failed = excluded.failed",
            [
                (key, art, -1 if p is None else p, day, own, fp, fam, data, failed)
                for key, art, p, day, own, fp, fam, data, failed in items
            ],
        )

    def set_families(self, changes: Sequence[tuple[str, str]]) -> None:
        self.conn.executemany(
            "UPDATE story_items SET family = ? WHERE key = ?", [(f, k) for k, f in changes]
        )

    def delete_items(self, keys: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM story_items WHERE key = ?", [(k,) for k in keys])

    def clear(self) -> None:
        for table in ("story_items", "story_checkpoints", "story_checkpoint_blobs", "story_blobs"):
            self.conn.execute(f"DELETE FROM {table}")

    def days_after(self, day: int | None) -> list[int]:
        if day is None:
            rows = self._all(
                "SELECT DISTINCT day FROM story_items WHERE day IS NOT NULL AND failed IS NULL "
                "ORDER BY day"
            )
        else:
            rows = self._all(
                "SELECT DISTINCT day FROM story_items WHERE day > ? AND failed IS NULL ORDER BY day",
                (day,),
            )
        return [int(r[0]) for r in rows]

    def last_days(self, k: int) -> list[int]:
        if k <= 0:
            return []
        rows = self._all(
            "SELECT DISTINCT day FROM story_items WHERE day IS NOT NULL AND failed IS NULL "
            "ORDER BY day DESC LIMIT ?",
            (k,),
        )
        return sorted(int(r[0]) for r in rows)

    def read_day(self, day: int | None) -> list[tuple[tuple[Any, ...], bytes]]:
        where = "day IS NULL" if day is None else "day = ?"
        rows = self._all(
            f"SELECT {_ITEM}, data FROM story_items WHERE {where} AND failed IS NULL "
            "ORDER BY article, pidx",
            () if day is None else (day,),
        )
        return [(_meta(r), bytes(r[7])) for r in rows]

    # --- checkpoints -----------------------------------------------------------------------

    def checkpoint_days(self) -> list[int]:
        return [int(r[0]) for r in self._all("SELECT day FROM story_checkpoints ORDER BY day")]

    def load_checkpoint(self, day: int) -> tuple[dict[str, Any], bytes, dict[str, bytes]]:
        ((meta, df),) = self._all("SELECT meta, df FROM story_checkpoints WHERE day = ?", (day,))
        blobs = {
            h: bytes(data)
            for h, data in self._all(
                "SELECT b.hash, b.data FROM story_checkpoint_blobs r "
                "JOIN story_blobs b ON b.hash = r.hash WHERE r.day = ?",
                (day,),
            )
        }
        return json.loads(meta), bytes(df), blobs

    def save_checkpoint(self, day: int, snap: Any) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO story_blobs (hash, data) VALUES (?, ?)", list(snap.blobs.items())
        )
        self.conn.execute(
            "INSERT OR REPLACE INTO story_checkpoints (day, meta, df) VALUES (?, ?, ?)",
            (day, json.dumps(snap.meta, separators=(",", ":")), snap.df),
        )
        self.conn.execute("DELETE FROM story_checkpoint_blobs WHERE day = ?", (day,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO story_checkpoint_blobs (day, hash) VALUES (?, ?)",
            [(day, h) for _cid, h in snap.meta["clusters"]],
        )

    def drop_checkpoints(self, days: Iterable[int]) -> None:
        for day in list(days):
            self.conn.execute("DELETE FROM story_checkpoints WHERE day = ?", (day,))
            self.conn.execute("DELETE FROM story_checkpoint_blobs WHERE day = ?", (day,))

    def collect_garbage(self) -> None:
        self.conn.execute(
            "DELETE FROM story_blobs WHERE hash NOT IN (SELECT hash FROM story_checkpoint_blobs)"
        )

    # --- records ---------------------------------------------------------------------------

    def record_digests(self, since: float | None) -> dict[str, str | None]:
        if since is None:
            rows = self._all("SELECT id, digest FROM stories")
        else:
            rows = self._all(
                "SELECT id, digest FROM stories WHERE last_day IS NULL OR last_day >= ?", (since,)
            )
        return {r[0]: r[1] for r in rows}

    def record(self, sid: str) -> Story | None:
        rows = self._all("SELECT record FROM stories WHERE id = ?", (sid,))
        return Story.from_dict(json.loads(rows[0][0])) if rows else None

    def put_record(self, emitted: Any, digest: str) -> None:
        st: Story = emitted.story
        self.conn.execute(
            "INSERT INTO stories (id, label, first_seen, last_seen, record, run_id, last_day, "
            "digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "label = excluded.label, first_seen = excluded.first_seen, "
            "last_seen = excluded.last_seen, record = excluded.record, run_id = excluded.run_id, "
            "last_day = excluded.last_day, digest = excluded.digest",
            (
                st.id,
                st.label,
                st.first_seen,
                st.last_seen,
                json.dumps(st.to_dict(), ensure_ascii=False),
                self.run_id,
                emitted.last_day,
                digest,
            ),
        )
        self.conn.executemany(
            "UPDATE story_items SET story = ? WHERE key = ? AND story IS NOT ?",
            [(st.id, key, st.id) for key in emitted.keys],
        )

    def delete_record(self, sid: str) -> None:
        self.conn.execute("DELETE FROM stories WHERE id = ?", (sid,))

    def story_of_own(self, own_id: str) -> str | None:
        rows = self._all("SELECT story FROM story_items WHERE own_id = ? LIMIT 1", (own_id,))
        return rows[0][0] if rows else None

    def has_records(self) -> bool:
        return bool(self._all("SELECT 1 FROM stories LIMIT 1"))

    def source_articles(self) -> Iterator[Article]:
        return self.store.articles(raw=False)

    # --- reads of the API ------------------------------------------------------------------

    def story_of(self, key: str) -> str | None:
        rows = self._all("SELECT story FROM story_items WHERE key = ?", (key,))
        return rows[0][0] if rows else None


__all__ = ["StoryLedger", "StoryTablesMixin"]
