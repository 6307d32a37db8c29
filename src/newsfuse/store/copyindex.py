"""What the copy index (:mod:`newsfuse.dedup.index`) needs of the store: its connection for
reads, one write transaction per batch, and stored articles read by id in batches."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.records import Article

if TYPE_CHECKING:
    from newsfuse.store.sqlite import Store


class CopyIndexMixin:
    """Store methods for the copy index (mixed into :class:`~newsfuse.store.sqlite.Store`)."""

    def copy_connection(self) -> sqlite3.Connection:
        """The store's connection, for the copy index's reads."""
        return self._connection()  # type: ignore[attr-defined]

    def copy_transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction (everything inside commits together or not at all)."""
        return self._write()  # type: ignore[attr-defined]

    def get_articles(self, ids: Sequence[str], *, batch: int = 500) -> dict[str, Article]:
        """The stored articles with these ids (without raw bytes), read ``batch`` at a time;
        ids not stored are left out."""
        from newsfuse.store.sqlite import _ARTICLE_COLUMNS, _article_from_row

        cols = ", ".join(_ARTICLE_COLUMNS)
        out: dict[str, Article] = {}
        ids = list(dict.fromkeys(ids))
        for lo in range(0, len(ids), batch):
            part = ids[lo : lo + batch]
            rows = self._read(  # type: ignore[attr-defined]
                f"SELECT {cols} FROM articles WHERE doc_id IN ({','.join('?' * len(part))})",
                tuple(part),
            )
            for row in rows:
                a = _article_from_row(row)
                out[a.id] = a
        return out

    @classmethod
    def in_memory(cls) -> Store:
        """A store in memory (no file, no WAL, foreign keys not enforced): the scratch store
        behind ``find_copies``, which keeps no articles."""
        from newsfuse.store.schema import migrate
        from newsfuse.store.sqlite import Store

        store = Store.__new__(Store)
        store.path = Path(":memory:")
        store._conn = sqlite3.connect(":memory:", isolation_level=None)
        migrate(store._conn, ":memory:")
        store._closed = False
        return store
