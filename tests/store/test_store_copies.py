"""Store: copy links and source families, and the migration that added them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.store.test_store_basic import make

from newsfuse.records import AlignedSentence, Family, Link, Span
from newsfuse.store import MIGRATIONS, Store
from newsfuse.store.schema import migrate


def _two_articles(store: Store):
    d1, a1 = make(b"<p>one</p>", "one.html")
    d2, a2 = make(b"<p>two</p>", "two.html")
    store.put(d1, a1, extractor_version="1")
    store.put(d2, a2, extractor_version="1")
    return a1, a2


def test_links_and_families_round_trip_and_replace_whole(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        a1, a2 = _two_articles(store)
        link = Link(
            a1.id,
            a2.id,
            "rewrite_of",
            0.875,
            spans=(Span(0, 5, 1, 6),),
            aligned=(AlignedSentence(0, 10, 0, 12, 0.9),),
            a_passage=2,
            facts={"coverage_a": 0.8},
            detector="sentence alignment",
        )
        fam = Family(
            f"f{a2.id}", (a1.id, a2.id), a2.id, ("x credits y",), "Y", {"machine-rewrite": (a1.id,)}
        )
        store.replace_copies([link], [fam], run_id=None)
        assert store.links() == [link]
        assert store.links()[0].facts == {"coverage_a": 0.8}
        assert store.families() == [fam]
        assert store.families()[0].flags == {"machine-rewrite": (a1.id,)}
        store.replace_copies([], [])
        assert store.links() == [] and store.families() == []
        assert store.counts()["articles"] == 2, "replacing links never touches articles"


def test_a_version_1_store_is_migrated_and_keeps_its_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, str(path), MIGRATIONS[:1])
    conn.close()
    with Store(path) as store:
        _two_articles(store)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA user_version = 1")
    # back to version 1: drop what every later migration made (tables, with their indexes
    # and triggers; virtual tables first)
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    migrate(fresh, ":memory:", MIGRATIONS[:1])
    v1 = {r[0] for r in fresh.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    fresh.close()
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    later = [(n, sql or "") for n, sql in rows if n not in v1 and not n.startswith("sqlite_")]
    for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
        conn.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')  # v1 has none
    for name, _sql in sorted(later, key=lambda x: "VIRTUAL" not in x[1].upper()):
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone():
            conn.execute(f'DROP TABLE "{name}"')
    conn.close()
    with Store(path) as store:
        assert store.counts()["articles"] == 2
        assert store.links() == []
