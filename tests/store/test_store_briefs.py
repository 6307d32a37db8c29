"""Briefs in the store: replaced whole each run, read back in order, found by id or prefix,
and a store of the previous schema is migrated without losing its claims."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from newsfuse.records import Brief, BriefSentence, Citation, ClaimCluster
from newsfuse.store import MIGRATIONS, Store
from newsfuse.store.schema import migrate


def _brief(story: str, text: str) -> Brief:
    cite = Citation("a1", "a.txt", 0, len(text), "f1", verbatim=True)
    return Brief(story, f"label {story}", BriefSentence(text, (cite,)), families=1)


def test_briefs_are_replaced_whole_and_read_in_order(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        first = [_brief("b2", "Two"), _brief("a1", "One")]
        store.replace_briefs(first, None)
        assert store.briefs() == first  # the order given, not the ids'
        assert store.counts()["briefs"] == 2
        store.replace_briefs([_brief("c3", "Three")])
        assert [b.story for b in store.briefs()] == ["c3"]


def test_a_brief_is_found_by_id_or_a_unique_prefix(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.replace_briefs([_brief("abc1", "x"), _brief("abc2", "y"), _brief("abc", "z")])
        assert store.brief("abc1").headline.text == "x"
        assert store.brief("abc").headline.text == "z"  # an exact id wins over the prefix
        store.replace_briefs([_brief("abc1", "x"), _brief("abc2", "y")])
        assert store.brief("abc") is None  # two stories start with it
        assert store.brief("abc2").headline.text == "y"
        assert store.brief("a_c") is None and store.brief("%") is None  # no LIKE wildcards


def test_a_version_4_store_is_migrated_and_keeps_its_claims(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, str(path), MIGRATIONS[:4])
    cluster = ClaimCluster("k1", "s1", "quote", "single_source", "We stay", (), ("a.txt",), ("f1",))
    conn.execute(  # a claim cluster written by the previous version
        "INSERT INTO claim_clusters (id, story, kind, status, families, seq, record) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        ("k1", "s1", "quote", "single_source", 1, 0, json.dumps(cluster.to_dict())),
    )
    conn.close()
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == 4
    Store(path).close()  # opening migrates
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) >= 5
    with Store(path) as store:
        assert store.claim_clusters() == [cluster]
        assert store.briefs() == []
