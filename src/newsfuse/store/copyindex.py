"""What the copy index (:mod:`newsfuse.dedup.index`) needs of the store: its connection for
reads, one write transaction per batch, and stored articles read by id in batches; and what an
incremental run reads of the indexes (articles not indexed yet, the families and links of some
articles) without loading every stored article."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.records import Article, Family

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

    def unindexed(self, index: str) -> list[str]:
        """The ids of the stored articles the ``index`` ("copies" or "stories") does not hold
        yet (a run killed before it indexed them, a store from before the index existed)."""
        held = {
            "copies": "SELECT 1 FROM copy_docs x WHERE x.doc_id = a.doc_id",
            "stories": "SELECT 1 FROM story_items x WHERE x.article = a.doc_id",
        }[index]
        rows = self._read(  # type: ignore[attr-defined]
            f"SELECT a.doc_id FROM articles a WHERE NOT EXISTS ({held}) ORDER BY a.doc_id"
        )
        return [r["doc_id"] for r in rows]

    def published_dates(self) -> dict[str, str | None]:
        """Every stored article's publication date (ISO text or None), by id."""
        rows = self._read("SELECT doc_id, published FROM articles")  # type: ignore[attr-defined]
        return {r["doc_id"]: r["published"] for r in rows}

    def article_ids(self) -> list[str]:
        """Every stored article id, in order."""
        rows = self._read("SELECT doc_id FROM articles ORDER BY doc_id")  # type: ignore[attr-defined]
        return [r["doc_id"] for r in rows]

    def families_of(self, ids: Iterable[str], *, batch: int = 400) -> list[Family]:
        """The stored source families holding any of the articles ``ids``, by id."""
        from newsfuse.store.sqlite import family_from_row

        wanted = sorted(set(ids))
        out: dict[str, Family] = {}
        for lo in range(0, len(wanted), batch):
            part = tuple(wanted[lo : lo + batch])
            rows = self._read(  # type: ignore[attr-defined]
                "SELECT f.id, f.members, f.original, f.credited, f.reasons, f.flags "
                "FROM families f WHERE f.id IN (SELECT family FROM family_members "
                f"WHERE article IN ({','.join('?' * len(part))}))",
                part,
            )
            for r in rows:
                out[r["id"]] = family_from_row(r)
        return [out[k] for k in sorted(out)]

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
