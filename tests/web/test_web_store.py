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


def _many_wordings(cid: str, n: int, story: str = "s1") -> ClaimCluster:
    """A claim of ``n`` wordings: article k of each, speakers alternating, one unnamed."""
    speakers = ["Anna Berg", "Tom Lund", None]
    return ClaimCluster.from_dict(
        {
            "id": cid,
            "story": story,
            "kind": "quantity",
            "status": "corroborated",
            "text": "about 40",
            "sources": [f"{k}.txt" for k in range(n)],
            "families": 2,
            "family_ids": ["f1", "f2"],
            "variants": [
                {
                    "id": f"{cid}v{k}",
                    "kind": "quantity",
                    "article": f"art{k % 5}",
                    "source": f"{k % 5}.txt",
                    "span": [k, k + 8],
                    "text": f"about 40 ({k})",
                    "speaker": speakers[k % 3],
                }
                for k in range(n)
            ],
        }
    )


def test_a_story_page_reads_the_head_of_each_claim_not_every_wording(tmp_path: Path) -> None:
    from newsfuse.store.schema import HEAD_VARIANTS

    with Store(tmp_path / "s.db") as store:
        store.replace_claims([_many_wordings("c1", 40), _many_wordings("c2", 3)], [])
        total, heads = store.story_claims("s1", heads=True)
        _, full = store.story_claims("s1")
    assert total == 2 and [h["id"] for h in heads] == [c["id"] for c in full]
    for head, record in zip(heads, full, strict=True):
        n = len(record["variants"])
        assert head["variants_total"] == n
        assert head["variants"] == record["variants"][:HEAD_VARIANTS]
        assert {k: v for k, v in head.items() if k not in ("variants", "variants_total")} == {
            k: v for k, v in record.items() if k != "variants"
        }
    assert len(heads[0]["variants"]) == HEAD_VARIANTS < 40


def test_the_voices_of_a_claim_are_its_distinct_articles_and_speakers_in_order(
    tmp_path: Path,
) -> None:
    claim = _many_wordings("c1", 40)
    expected = list(dict.fromkeys((v.article, v.speaker) for v in claim.variants))
    with Store(tmp_path / "s.db") as store:
        store.replace_claims([claim, _many_wordings("c2", 2)], [])
        voices = store.claim_voices(["c1", "c2", "unknown"])
    assert voices["c1"] == expected and len(expected) == 15  # 5 articles x 3 speakers
    assert voices["c2"] == [("art0", "Anna Berg"), ("art1", "Tom Lund")]
    assert "unknown" not in voices


def test_a_store_of_the_last_schema_gets_the_heads_of_its_claims_when_opened(
    tmp_path: Path,
) -> None:
    import json

    from newsfuse.store import MIGRATIONS
    from newsfuse.store.schema import claim_head, migrate

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, str(path), MIGRATIONS[:-1])  # a store written before heads
    records = [_many_wordings("c1", 30).to_dict(), _many_wordings("c2", 1).to_dict()]
    for seq, r in enumerate(records):
        conn.execute(
            "INSERT INTO claim_clusters (id, story, kind, status, families, seq, record) "
            "VALUES (?, 's1', 'quantity', 'corroborated', 2, ?, ?)",
            (r["id"], seq, json.dumps(r)),
        )
    conn.close()
    with Store(path) as store:
        _, heads = store.story_claims("s1", heads=True)
        stored = [
            json.loads(row[0])
            for row in store._conn.execute("SELECT head FROM claim_clusters ORDER BY seq")
        ]
    expected = [claim_head(r) for r in records]
    assert heads == expected == stored
    # the same keys in the same order as the writers give them
    assert [list(h) for h in stored] == [list(h) for h in expected]


def test_a_claim_row_counts_every_wording_and_links_them_all_from_its_head(
    tmp_path: Path,
) -> None:
    from newsfuse.web.markup import MAX_WORDINGS, claim_rows

    with Store(tmp_path / "s.db") as store:
        store.replace_claims([_many_wordings("c1", 40)], [])
        _, (head,) = store.story_claims("s1", heads=True)
    html = str(claim_rows([{**head, "reported_by": []}]))
    assert "<summary>40 wordings</summary>" in html
    assert '<a href="/claims/c1">all 40 wordings</a>' in html
    assert html.count("?hl=") == MAX_WORDINGS


def test_a_search_takes_its_results_summaries_from_the_desk_not_from_their_texts(
    tmp_path: Path, monkeypatch
) -> None:
    # a search's rows are described from the summaries the desk keeps in memory: the store's
    # article_summaries reads every matched text to count its characters
    from newsfuse.web import views
    from newsfuse.web.desk import Desk

    path = tmp_path / "s.db"
    with Store(path) as writer:
        a = _put(writer, "The harbour crane collapsed on Tuesday.", "Crane collapse")
    desk = Desk(path)
    try:
        desk.overview()

        def no_text(*_args: object, **_kw: object) -> None:
            raise AssertionError("the search read the articles' texts")

        monkeypatch.setattr(Store, "article_summaries", no_text)
        found = views.search(desk, q="crane")
        assert [r["id"] for r in found["results"]] == [a]
        assert found["results"][0]["title"] == "Crane collapse" and found["results"][0]["chars"]
    finally:
        desk.close()
