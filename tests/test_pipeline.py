"""End-to-end tests of :class:`newsfuse.pipeline.Pipeline`: the demo corpus into a store and an
output directory, idempotent re-runs, resuming an interrupted run, failure accounting, and
that a later failing batch never damages what is already stored."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from newsfuse.backends import LocalBackend
from newsfuse.config import Settings
from newsfuse.pipeline import Pipeline, RunReport
from newsfuse.records import Article
from newsfuse.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
N_DEMO = 15  # 12 files, one of them (wire.jsonl) holding 3 documents


def _demo_sources(root: Path) -> set[str]:
    files = sorted(p for p in root.iterdir() if p.suffix in (".html", ".txt"))
    return {str(p) for p in files} | {f"{root / 'wire.jsonl'}#{i}" for i in (1, 2, 3)}


def _article_text(topic: str) -> str:
    """A plain-text news article about ``topic`` that the cleaner keeps whole."""
    return (
        f"{topic.capitalize()} plan approved after long debate\n\n"
        f"The regional council approved the {topic} plan on Tuesday after a debate that lasted "
        "well into the evening, officials said, adding that work would begin next spring.\n\n"
        f"Supporters of the {topic} plan said it would bring jobs and lower costs for residents, "
        "while opponents warned that the budget had been drawn up in a hurry.\n\n"
        f"The council will publish the full text of the {topic} decision on Friday, a "
        "spokeswoman said, and residents will have six weeks to comment on it.\n"
    )


def _snapshot(store: Store) -> dict[str, tuple[bytes, str, dict[str, Any]]]:
    """Every stored article: its raw bytes, its text and its full JSON form."""
    return {a.id: (a.raw, a.text, a.to_dict()) for a in store.articles()}


@pytest.fixture(scope="module")
def demo_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[RunReport, Path, dict[str, Article]]:
    """One uninterrupted run of the demo corpus: the report, the output dir, the articles."""
    out = tmp_path_factory.mktemp("demo")
    with Store(out / "newsfuse.db") as store:
        report = Pipeline().run([str(CORPUS)], store=store, out_dir=out)
        articles = {a.id: a for a in store.articles()}
    return report, out, articles


# -- the demo corpus, end to end ---------------------------------------------------------


def test_demo_corpus_gives_one_article_per_document(demo_run: Any) -> None:
    report, _, articles = demo_run
    assert report.status == "completed"
    assert report.exit_code == 0
    assert report.failures == []
    assert report.counts["documents"] == N_DEMO
    assert report.counts["extracted"] == N_DEMO
    assert report.counts["articles"] == N_DEMO
    assert {a.source for a in report.articles} == _demo_sources(CORPUS)
    assert len(articles) == N_DEMO
    for a in report.articles:
        assert a.text.strip(), a.source
        assert a.passages and a.passages[0].start == 0 and a.passages[-1].end == len(a.text)


def test_demo_outputs_are_written(demo_run: Any) -> None:
    _, out, articles = demo_run
    for art_id, a in articles.items():
        d = json.loads((out / "articles" / f"{art_id}.json").read_text(encoding="utf-8"))
        assert d["id"] == art_id and d["source"] == a.source and d["text"] == a.text
        txt = (out / "articles" / f"{art_id}.txt").read_text(encoding="utf-8")
        assert txt.endswith(a.text + "\n")
        assert f"source: {a.source}" in txt
    assert not list((out / "articles").glob("*.tmp")), "atomic writes leave no temp files"
    rep = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert rep["status"] == "completed"
    assert rep["counts"]["documents"] == N_DEMO
    assert {a["id"] for a in rep["articles"]} == set(articles)
    assert {a["source"] for a in rep["articles"]} == _demo_sources(CORPUS)
    md = (out / "report.md").read_text(encoding="utf-8")
    assert f"documents: {N_DEMO} (extracted {N_DEMO}, already stored 0)" in md
    for art_id in articles:
        assert f"| {art_id} |" in md
    assert "Failed inputs" not in md


def test_demo_live_blogs_have_several_passages(demo_run: Any) -> None:
    _, _, articles = demo_run
    by_name = {Path(a.source).name: a for a in articles.values()}
    for name in ("eastwind-reports-live-march-12.txt", "estmark-ledger-live-march-13.html"):
        assert len(by_name[name].passages) > 1, name
    assert len(by_name["valdora-herald-kessring-dam.html"].passages) == 1


# -- idempotent re-runs ------------------------------------------------------------------


def test_rerun_on_same_input_is_idempotent(tmp_path: Path, demo_run: Any) -> None:
    _, _, first_articles = demo_run
    with Store(tmp_path / "s.db") as store:
        first = Pipeline().run([str(CORPUS)], store=store, out_dir=tmp_path / "out")
        rows = store.counts()
        before = _snapshot(store)
        second = Pipeline().run([str(CORPUS)], store=store, out_dir=tmp_path / "out")
        after_rows = store.counts()
        runs = store.runs()
        assert _snapshot(store) == before
    assert [a.id for a in second.articles] == [a.id for a in first.articles]
    assert set(before) == set(first_articles), "ids are derived from content, not the store"
    assert second.counts["reused"] == N_DEMO
    assert second.counts.get("extracted", 0) == 0
    assert second.counts["articles"] == N_DEMO
    for key in ("documents", "articles", "sources"):
        assert after_rows[key] == rows[key], f"no duplicate {key} rows"
    assert [r["status"] for r in runs] == ["completed", "completed"]
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert f"(extracted 0, already stored {N_DEMO})" in md


def test_same_content_under_two_paths_is_one_article_with_two_sources(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_article_text("harbour"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(_article_text("harbour"), encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        report = Pipeline().run([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], store=store)
        assert report.counts["documents"] == 2
        assert report.counts["extracted"] == 1 and report.counts["reused"] == 1
        assert len(report.articles) == 1
        assert store.sources(report.articles[0].id) == [
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.txt"),
        ]


def _site(tmp_path: Path) -> Path:
    """Three plain-text pages of one site (one directory) sharing a masthead line."""
    site = tmp_path / "site"
    site.mkdir()
    for i, topic in enumerate(("harbour", "orchard", "library")):
        text = _article_text(topic).replace("\n\n", "\n\nNorthern Valley Weekly\n\n", 1)
        (site / f"p{i}.txt").write_text(text, encoding="utf-8")
    return site


def _profiles_seen(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, int]]:
    """Record, for every extracted page, how many pages and masthead lines its site profile
    had learned from: (source, profile.docs, count of the most repeated line, which is the
    masthead: every other line names the page's own topic)."""
    import newsfuse.pipeline as pipeline_module

    seen: list[tuple[str, int, int]] = []
    real = pipeline_module.extract_document

    def spy(doc: Any, settings: Any, *, profile: Any = None, text: Any = None) -> Article:
        assert profile is not None
        seen.append((doc.source, profile.docs, max(profile.counts.values())))
        return real(doc, settings, profile=profile, text=text)

    monkeypatch.setattr(pipeline_module, "extract_document", spy)
    return seen


def test_reusing_a_pipeline_does_not_learn_the_same_pages_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path)
    seen = _profiles_seen(monkeypatch)
    pipeline = Pipeline(backend=LocalBackend(0))  # in this process, where the spy is
    first = [r.to_dict() for _, r in pipeline.extract([str(site)]) if isinstance(r, Article)]
    second = [r.to_dict() for _, r in pipeline.extract([str(site)]) if isinstance(r, Article)]
    assert len(first) == 3
    assert second == first
    assert [(docs, masthead) for _, docs, masthead in seen] == [(3, 3)] * 6


def test_a_page_given_twice_counts_once_for_site_boilerplate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path)
    seen = _profiles_seen(monkeypatch)
    results = list(Pipeline(backend=LocalBackend(0)).extract([str(site), str(site / "p0.txt")]))
    assert len(results) == 4
    assert [(docs, masthead) for _, docs, masthead in seen] == [(3, 3)] * 4


# -- interrupted runs --------------------------------------------------------------------


def test_interrupted_run_is_marked_and_the_next_run_resumes(tmp_path: Path, demo_run: Any) -> None:
    _, _, uninterrupted = demo_run
    stop_after = 5

    def progress(source: str, done: int) -> None:
        if done == stop_after:
            raise KeyboardInterrupt

    with Store(tmp_path / "s.db") as store:
        with pytest.raises(KeyboardInterrupt):
            Pipeline(progress=progress).run([str(CORPUS)], store=store)
        runs = store.runs()
        assert [r["status"] for r in runs] == ["interrupted"]
        assert runs[0]["finished"] is not None
        assert store.counts()["articles"] == stop_after, "each article is committed on its own"

        report = Pipeline().run([str(CORPUS)], store=store, out_dir=tmp_path / "out")
        assert [r["status"] for r in store.runs()] == ["interrupted", "completed"]
        resumed = {a.id: a for a in store.articles()}
    assert report.counts["reused"] == stop_after
    assert report.counts["extracted"] == N_DEMO - stop_after
    assert len(report.articles) == N_DEMO
    assert set(resumed) == set(uninterrupted)
    for art_id, a in resumed.items():
        assert a.to_dict() == uninterrupted[art_id].to_dict(), a.source
    written = {p.stem for p in (tmp_path / "out" / "articles").glob("*.json")}
    assert written == set(uninterrupted)


# -- failures ----------------------------------------------------------------------------


def _bad_inputs(root: Path) -> list[Path]:
    """Inputs of which nothing can be extracted, each for a different reason."""
    root.mkdir(parents=True, exist_ok=True)
    empty = root / "empty.txt"
    empty.write_bytes(b"")
    binary = root / "image.dat"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    page = gzip.compress(
        b"<html><body><p>" + _article_text("bridge").encode() + b"</p></body></html>"
    )
    truncated = root / "page.html.gz"
    truncated.write_bytes(page[: len(page) // 2])
    jsonl = root / "feed.jsonl"
    jsonl.write_text('not json\n{"text": 5}\n', encoding="utf-8")
    garbage = root / "garbage.html"
    garbage.write_text("<<<>>><div><span></div></</p><<script>x", encoding="utf-8")
    return [empty, binary, truncated, jsonl, garbage]


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path / "bad")
    good = tmp_path / "good.txt"
    good.write_text(_article_text("harbour"), encoding="utf-8")
    inputs = [str(p) for p in bad[:2]] + [str(good)] + [str(p) for p in bad[2:]]
    with Store(tmp_path / "s.db") as store:
        report = Pipeline().run(inputs, store=store, out_dir=tmp_path / "out")
        stored_failures = store.failures(report.run_id)
        run = store.last_run()
    assert [a.source for a in report.articles] == [str(good)]
    assert report.exit_code == 1
    assert report.status == "completed"
    assert run is not None and run["status"] == "completed" and run["counts"]["failed"] == 5
    reasons = {f.source: f.reason for f in report.failures}
    assert "empty" in reasons[str(bad[0])]
    assert "binary" in reasons[str(bad[1])]
    assert "truncated gzip" in reasons[str(bad[2])]
    assert "invalid JSON" in reasons[f"{bad[3]}#1"]
    assert "'text' field" in reasons[f"{bad[3]}#2"]
    # a page read fine that holds no article is reported, not a failed input
    assert [(f.source, f.stage) for f in report.skipped] == [(str(bad[4]), "no-article")]
    assert "no article text" in report.skipped[0].reason
    assert run["counts"]["without_article"] == 1
    assert stored_failures == report.failures + report.skipped  # in input order
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "## Failed inputs" in md and "## Inputs without article text" in md
    for f in report.failures + report.skipped:
        assert f.source in md
    rep = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(rep["failures"]) == 5 and rep["failures"][0]["source"] == str(bad[0])
    assert [f["source"] for f in rep["without_article"]] == [str(bad[4])]


def test_nothing_processable_gives_exit_code_3(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path / "bad")
    with Store(tmp_path / "s.db") as store:
        report = Pipeline().run([str(p) for p in bad], store=store)
    assert report.articles == []
    assert report.exit_code == 3


def test_too_large_input_is_refused_by_the_settings(tmp_path: Path) -> None:
    page = tmp_path / "big.txt"
    page.write_text(_article_text("tunnel") * 20, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text(_article_text("harbour"), encoding="utf-8")
    results = list(Pipeline(Settings(max_bytes=4000)).extract([str(page), str(small)]))
    assert "too large" in results[0][1].reason  # type: ignore[union-attr]
    assert isinstance(results[1][1], Article)


def test_a_failing_batch_leaves_stored_articles_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    with Store(tmp_path / "s.db") as store:
        Pipeline().run([str(corpus)], store=store)
        before = _snapshot(store)
        rows = store.counts()
    originals = {p.name: p.read_bytes() for p in corpus.iterdir()}

    # The same paths now hold damaged content, plus inputs that cannot be read at all, plus
    # a new page on which the extractor crashes.
    for p in corpus.iterdir():
        p.write_bytes(p.read_bytes()[:40] + b"\x00" * 200)
    bad = _bad_inputs(tmp_path / "bad")
    crash = tmp_path / "crash.txt"
    crash.write_text(_article_text("airport"), encoding="utf-8")

    import newsfuse.pipeline as pipeline_module

    def boom(*args: Any, **kwargs: Any) -> Article:
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(pipeline_module, "extract_document", boom)
    with Store(tmp_path / "s.db") as store:
        report = Pipeline(backend=LocalBackend(0)).run(
            [str(corpus), *map(str, bad), str(crash)], store=store
        )
        after = _snapshot(store)
        after_rows = store.counts()
    assert report.articles == [] and report.exit_code == 3
    assert any(f.source == str(crash) and "RuntimeError" in f.reason for f in report.failures)
    assert after == before, "stored articles, raw bytes and texts are unchanged"
    lines = originals["wire.jsonl"].decode("utf-8").splitlines()
    wire_fields = {v for line in lines for v in json.loads(line).values() if isinstance(v, str)}
    for raw, _, d in after.values():
        name = Path(d["source"].split("#", 1)[0]).name
        if name == "wire.jsonl":  # a JSONL document's raw bytes are its text or html field
            assert raw.decode("utf-8") in wire_fields
        else:
            assert raw == originals[name], name
    for key in ("documents", "articles", "sources"):
        assert after_rows[key] == rows[key]


def test_pipeline_checks_its_settings_parameter() -> None:
    with pytest.raises(TypeError, match="'settings' parameter of Pipeline"):
        Pipeline({"max_bytes": 10})  # type: ignore[arg-type]


def test_a_store_error_mid_run_marks_the_run_failed_and_keeps_what_was_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsfuse.pipeline as pipeline_module
    from newsfuse.errors import StoreError

    monkeypatch.setattr(pipeline_module, "BATCH_DOCUMENTS", 3)  # a transaction per 3 documents
    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    with Store(tmp_path / "s.db") as store:
        real_put = store.put_many
        calls = {"n": 0}

        def flaky_put(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls["n"] += 1
            if calls["n"] == 2:
                raise StoreError("database or disk is full", source=str(store.path))
            return real_put(*args, **kwargs)

        store.put_many = flaky_put  # type: ignore[method-assign]
        with pytest.raises(StoreError, match="disk is full"):
            Pipeline().run([str(corpus)], store=store)
        assert store.last_run()["status"] == "failed"  # type: ignore[index]
        assert store.counts()["articles"] == 3  # the first batch, whole; nothing of the second


def test_chunks_let_what_the_workers_did_go_early_and_keep_the_learning_boundaries() -> None:
    """A chunk's leading documents that the workers extracted (and failures) go on early;
    every document still to learn from or extract here stays with the rest of its chunk."""
    from newsfuse.backends.dask_reading import DocRef, Worked
    from newsfuse.pipeline import _chunks
    from newsfuse.records import Failure, RawDocument

    def raw(k: int) -> RawDocument:
        return RawDocument(source=f"t{k}", data=f"text {k}".encode(), kind="text")

    def done(k: int) -> Worked:
        return Worked(DocRef(f"{k:016x}", f"h{k}"), None, "known")

    items: list[Any] = [done(k) for k in range(150)]  # chunk 1: all done by the workers
    items += [done(k) for k in range(150, 230)] + [raw(230)] + [done(k) for k in range(231, 300)]
    items += [Failure(f"f{k}", "ingest", "bad") for k in range(300, 310)]
    got = list(_chunks(iter(items), 100, early=30))
    assert [x for part in got for x in part] == items
    ends, at = [], 0
    for part in got:
        at += len(part)
        ends.append(at)
        if any(isinstance(x, RawDocument) for x in part):
            assert at % 100 == 0  # a part with a document to learn from ends its chunk
        else:
            assert len(part) <= 100
    assert 30 in ends and 300 in ends and 200 in ends
    # the raw document's part starts after the early ones of its chunk and ends at 300
    (mixed,) = [p for p in got if any(isinstance(x, RawDocument) for x in p)]
    assert len(mixed) == 300 - 230 and mixed[0] == items[230]
