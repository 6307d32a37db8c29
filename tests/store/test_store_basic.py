"""Store: creation, round-trips, idempotency, runs, failures, reopening."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.errors import StoreError
from newsfuse.records import Article, Failure, Passage, RawDocument, Removed
from newsfuse.store import SCHEMA_VERSION, Store


def make(data: bytes, source: str = "a.html", **fields: object) -> tuple[RawDocument, Article]:
    doc = RawDocument(
        source=source, data=data, kind="html", url="https://ex.org/a", meta={"outlet": "Ex"}
    )
    text = fields.pop("text", "First paragraph.\n\nSecond one.")
    assert isinstance(text, str)
    article = Article(
        id=doc.id,
        source=source,
        kind="html",
        text=text,
        title="A title",
        author="Jane Roe",
        published="2024-05-01",
        outlet="Ex",
        language="en",
        url="https://ex.org/a",
        extractor="trafilatura",
        removed=(Removed("Share on X", "share-button", 3), Removed("Menu", "navigation")),
        passages=(Passage(0, len(text), "A title"),),
        warnings=("short text",),
        raw=data,
        **fields,  # type: ignore[arg-type]
    )
    return doc, article


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "store.db") as s:
        yield s


def test_created_on_first_use_with_parents_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "store.db"
    with Store(path) as s:
        assert s.path == path
    assert path.is_file()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_put_then_get_round_trips_everything(store: Store) -> None:
    doc, article = make(b"<html><p>First paragraph.</p></html>")
    store.put(doc, article, extractor_version="x1")
    got = store.get_article(doc.id)
    assert got == article
    assert got is not None and got.raw == doc.data
    assert store.get_article("0" * 16) is None
    assert store.sources(doc.id) == ["a.html"]
    stored_doc = store.get_document(doc.id)
    assert stored_doc == doc


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(min_size=1, max_size=200),
    text=st.text(max_size=200),
    reasons=st.lists(st.tuples(st.text(max_size=20), st.text(max_size=10)), max_size=4),
)
def test_round_trip_property(
    tmp_path: Path, data: bytes, text: str, reasons: list[tuple[str, str]]
) -> None:
    with Store(tmp_path / "prop.db") as s:
        doc = RawDocument(source="p", data=data, kind="text")
        article = Article(
            id=doc.id, source="p", kind="text", text=text,
            removed=tuple(Removed(t, r, i) for i, (t, r) in enumerate(reasons)),
            passages=(Passage(0, len(text)),), raw=data,
        )  # fmt: skip
        s.put(doc, article, extractor_version="v")
        assert s.get_article(doc.id) == article
        assert s.get_article(doc.id).raw == data  # type: ignore[union-attr]


def test_has_article_depends_on_extractor_version_and_put_upserts(store: Store) -> None:
    doc, article = make(b"page one")
    assert not store.has_article(doc.id, "v1")
    store.put(doc, article, extractor_version="v1")
    assert store.has_article(doc.id, "v1")
    assert not store.has_article(doc.id, "v2")
    newer = make(b"page one", text="Better text.")[1]
    store.put(doc, newer, extractor_version="v2")
    assert store.has_article(doc.id, "v2") and not store.has_article(doc.id, "v1")
    got = store.get_article(doc.id)
    assert got is not None and got.text == "Better text."
    assert store.counts()["articles"] == 1


def test_reput_is_a_noop_apart_from_a_new_source(store: Store) -> None:
    doc, article = make(b"same bytes")
    store.put(doc, article, extractor_version="v1")
    before = store.counts()
    store.put(doc, article, extractor_version="v1")
    assert store.counts() == before
    doc2, article2 = make(b"same bytes", source="mirror/a.html")
    store.put(doc2, article2, extractor_version="v1")
    after = store.counts()
    assert after == {**before, "sources": before["sources"] + 1}
    assert store.sources(doc.id) == ["a.html", "mirror/a.html"]
    got = store.get_article(doc.id)
    assert got is not None and got.source == "a.html"  # the first path that delivered it


def test_add_source_links_known_documents_only(store: Store) -> None:
    doc, article = make(b"content")
    store.put(doc, article, extractor_version="v1")
    store.add_source(doc.id, "copy.html")
    store.add_source(doc.id, "copy.html")
    assert store.sources(doc.id) == ["a.html", "copy.html"]
    with pytest.raises(StoreError, match="no document with id 'ffff"):
        store.add_source("ffffffffffffffff", "x.html")


def test_put_refuses_an_article_of_another_document(store: Store) -> None:
    doc, _ = make(b"one")
    _, other = make(b"two")
    with pytest.raises(StoreError, match="does not match the document id"):
        store.put(doc, other, extractor_version="v1")
    assert store.counts()["documents"] == 0


def test_articles_are_ordered_by_id_and_filtered_by_run(store: Store) -> None:
    run1 = store.begin_run(["dir/"], {"extractor": "auto"})
    pairs = [make(f"doc {i}".encode(), source=f"{i}.html") for i in range(5)]
    for doc, article in pairs:
        store.put(doc, article, extractor_version="v1", run_id=run1)
    store.finish_run(run1, "completed", {"articles": 5})
    ids = [a.id for a in store.articles()]
    assert ids == sorted(d.id for d, _ in pairs)
    run2 = store.begin_run(["dir/"], {})
    store.add_source(pairs[2][0].id, "again/2.html", run_id=run2)  # already stored, seen again
    store.add_source(pairs[3][0].id, "3.html", run_id=run2)  # known source, seen in run 2
    assert [a.id for a in store.articles(run_id=run2)] == sorted([pairs[2][0].id, pairs[3][0].id])
    assert len(list(store.articles(run_id=run1))) == 5
    assert list(store.articles(run_id=999)) == []


def test_articles_iterates_in_batches_and_allows_writes_meanwhile(store: Store) -> None:
    pairs = [make(f"doc {i}".encode(), source=f"{i}.html") for i in range(23)]
    for doc, article in pairs:
        store.put(doc, article, extractor_version="v1")
    seen = []
    for article in store.articles(batch=5):
        seen.append(article.id)
        store.add_source(article.id, f"copy/{article.id}")  # a write mid-iteration
    assert seen == sorted(d.id for d, _ in pairs)
    assert store.counts()["sources"] == 46
    assert len(list(store.articles(batch=23))) == 23


def test_runs_and_failures(store: Store) -> None:
    assert store.last_run() is None
    run = store.begin_run(["a.html", "feed.xml"], {"max_bytes": 10, "path": Path("x")})
    last = store.last_run()
    assert last is not None and last["id"] == run and last["status"] == "running"
    assert last["inputs"] == ["a.html", "feed.xml"]
    assert last["settings"] == {"max_bytes": 10, "path": "x"}
    store.record_failure(run, Failure("feed.xml", "ingest", "malformed feed"))
    store.finish_run(run, "failed", {"articles": 0, "failures": 1})
    run2 = store.begin_run([], {})
    store.record_failure(run2, Failure("b.html", "extract", "no text"))
    store.finish_run(run2, "completed", {"failures": 1})
    assert store.failures(run) == [Failure("feed.xml", "ingest", "malformed feed")]
    assert len(store.failures()) == 2
    runs = store.runs()
    assert [r["status"] for r in runs] == ["failed", "completed"]
    assert runs[0]["counts"] == {"articles": 0, "failures": 1}
    assert runs[0]["finished"] is not None
    assert store.counts() == {
        "documents": 0, "articles": 0, "sources": 0, "failures": 2, "runs": 2, "links": 0, "families": 0, "stories": 0,
        "claims": 0, "entities": 0, "briefs": 0,
    }


def test_finish_run_checks_status_and_id(store: Store) -> None:
    run = store.begin_run([], {})
    with pytest.raises(StoreError, match="'status' parameter of finish_run"):
        store.finish_run(run, "done", {})
    with pytest.raises(StoreError, match="no run with id 42"):
        store.finish_run(42, "completed", {})


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    doc, article = make(b"persisted")
    with Store(path) as s:
        run = s.begin_run(["a.html"], {})
        s.put(doc, article, extractor_version="v1", run_id=run)
        s.record_failure(run, Failure("b.html", "extract", "empty"))
        s.finish_run(run, "completed", {"articles": 1})
        counts = s.counts()
    with Store(path) as s:
        assert s.counts() == counts
        assert s.get_article(doc.id) == article
        assert s.has_article(doc.id, "v1")
        assert s.last_run()["status"] == "completed"  # type: ignore[index]
        assert s.failures(run) == [Failure("b.html", "extract", "empty")]


def test_closed_store_refuses_use(tmp_path: Path) -> None:
    s = Store(tmp_path / "s.db")
    s.close()
    s.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        s.counts()
