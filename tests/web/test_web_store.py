"""The store's reads for the web app: the full-text index and the claim wordings by article
stay in step with what the pipeline writes (triggers), search queries can never be an FTS5
syntax error, and data_version tells a reader that another connection wrote."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.records import Article, ClaimCluster, RawDocument
from newsfuse.store import Store
from newsfuse.store.browse import fts_query


def _put(store: Store, text: str, title: str, source: str = "a.txt") -> str:
    doc = RawDocument(source=source, data=text.encode(), kind="text")
    store.put(
        doc,
        Article(id=doc.id, source=source, kind="text", text=text, title=title),
        extractor_version="t",
    )
    return doc.id


def test_the_fts_index_follows_the_articles(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        a = _put(store, "The harbour crane collapsed on Tuesday.", "Crane collapse")
        b = _put(store, "Farmers blocked the ring road with tractors.", "Tractor protest", "b.txt")
        assert [r["id"] for r in store.search_articles("crane")[1]] == [a]
        assert store.search_article_ids("tractors") == [b]
        assert store.search_articles("Tractor protest")[0] == 1  # the title is indexed
        # re-extraction (an upsert) replaces the indexed text
        doc = RawDocument(
            source="a.txt", data=b"The harbour crane collapsed on Tuesday.", kind="text"
        )
        store.put(
            doc,
            Article(
                id=a,
                source="a.txt",
                kind="text",
                text="Dockers rescued the crane driver.",
                title="Rescue",
            ),
            extractor_version="t2",
        )
        assert store.search_article_ids("collapsed") == []
        assert store.search_article_ids("rescued") == [a]
        total, rows = store.search_articles("crane driver")
        assert total == 1 and "\ue000" in rows[0]["snippet"]


def test_claim_wordings_by_article_follow_the_clusters(tmp_path: Path) -> None:
    def cluster(cid: str, article: str, start: int, status: str = "corroborated") -> ClaimCluster:
        return ClaimCluster.from_dict(
            {
                "id": cid,
                "story": "s1",
                "kind": "quantity",
                "status": status,
                "text": "about 40",
                "sources": ["a.txt"],
                "families": 1,
                "family_ids": ["f"],
                "variants": [
                    {
                        "id": cid + "v",
                        "kind": "quantity",
                        "article": article,
                        "source": "a.txt",
                        "span": [start, start + 8],
                        "text": "about 40",
                    }
                ],
            }
        )

    with Store(tmp_path / "s.db") as store:
        store.replace_claims([cluster("c1", "art1", 0), cluster("c2", "art2", 5)], [])
        assert [(r["cluster"], r["start"], r["end"]) for r in store.article_claims("art1")] == [
            ("c1", 0, 8)
        ]
        store.replace_claims([cluster("c3", "art1", 10, "conflicting")], [])  # a later run
        rows = store.article_claims("art1")
        assert [(r["cluster"], r["status"], r["start"]) for r in rows] == [
            ("c3", "conflicting", 10)
        ]
        assert store.article_claims("art2") == []


@given(st.text(max_size=200))
def test_any_search_text_is_a_valid_fts_query(text: str) -> None:
    query = fts_query(text)
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    conn.execute("INSERT INTO t VALUES ('some words here')")
    if query is not None:
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()
    conn.close()


def test_data_version_changes_when_another_connection_writes(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as reader, Store(tmp_path / "s.db") as writer:
        before = reader.data_version()
        assert reader.data_version() == before
        _put(writer, "Some text.", "T")
        assert reader.data_version() != before


def test_an_expensive_overview_is_rebuilt_in_the_background_while_the_store_is_written(
    tmp_path: Path,
) -> None:
    import time

    from newsfuse.web.desk import Desk

    path = tmp_path / "s.db"
    with Store(path) as writer:
        _put(writer, "First text.", "One")
        desk = Desk(path)
        first = desk.overview()
        assert first.counts["articles"] == 1
        _put(writer, "Second text.", "Two", "b.txt")
        assert desk.overview().counts["articles"] == 2  # cheap to build: rebuilt at once
        desk.overview().cost = 60.0  # as if it took a minute (a large store)
        _put(writer, "Third text.", "Three", "c.txt")
        stale = desk.overview()
        assert stale.counts["articles"] == 2  # the request is not held by the rebuild
        deadline = time.monotonic() + 10
        while desk.overview().counts["articles"] != 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert desk.overview().counts["articles"] == 3
        desk.close()


def test_an_article_page_reads_the_raw_bytes_only_to_place_removed_lines(tmp_path: Path) -> None:
    from newsfuse.records import Removed

    html = b"<html><body><nav>Menu</nav><p>The crane collapsed.</p></body></html>"
    text = b"Share this\nThe crane collapsed.\n"
    with Store(tmp_path / "s.db") as store:
        page = RawDocument(source="a.html", data=html, kind="html")
        store.put(
            page,
            Article(
                id=page.id, source="a.html", kind="html", text="The crane collapsed.",
                removed=(Removed("Menu", "navigation"),),
            ),
            extractor_version="t",
        )  # fmt: skip
        plain = RawDocument(source="b.txt", data=text, kind="text")
        store.put(
            plain,
            Article(
                id=plain.id, source="b.txt", kind="text", text="The crane collapsed.",
                removed=(Removed("Share this", "share line", line=0),), title="Crane",
            ),
            extractor_version="t",
        )  # fmt: skip
        got = store.page_article(page.id)
        assert got is not None and got[1] == len(html) and got[0].raw == b""
        assert got[0].removed == (Removed("Menu", "navigation"),)
        got = store.page_article(plain.id)
        assert got is not None and got[1] == len(text) and got[0].raw == text
        assert store.page_article("nosuch") is None
        copies = store.copy_texts([page.id, plain.id, "nosuch"])
        assert set(copies) == {page.id, plain.id}
        assert copies[plain.id].text == "The crane collapsed." and copies[plain.id].title == "Crane"


def test_the_desk_gives_article_summaries_as_the_store_does(demo_store: Path) -> None:
    from newsfuse.web.desk import Desk

    desk = Desk(demo_store)
    try:
        with Store(demo_store) as store:
            ids = [*sorted(store.article_summaries())[::2], "nosuch"]
            expected = store.article_summaries(ids)
        got = desk.article_summaries(ids)
        assert list(got.items()) == list(expected.items())  # the same, in the same order
        got[ids[0]]["title"] = "changed"  # a copy: the overview is not touched
        assert desk.article_summaries(ids[:1])[ids[0]] == expected[ids[0]]
    finally:
        desk.close()
