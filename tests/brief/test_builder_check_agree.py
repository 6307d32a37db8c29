"""The brief builder and the faithfulness check read citations the same way, and a story always
gets its brief.

- The builder keeps a citation only when the check's own function accepts it, so no brief it
  writes fails the check: on our own small texts that reproduce each mismatch seen on real news
  (a timeline supporting span whose figures are times and dates; a quote over two paragraphs
  whose inner quotation mark another report lacks), on R7 of ../shared/repro, and over the demo
  corpus, the seed captures and a few hundred Timeline17 articles.
- A story whose sentences cannot be cited still gets a minimal brief (a cited headline and its
  sources); a sentence, report or section whose reading raises is left out and recorded in
  ``BriefBuilder.failures``; a story whose brief raises gets its minimal brief and the others
  theirs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from tests.brief.t17_helpers import timeline17_articles

import newsfuse
from newsfuse.brief import build as build_module
from newsfuse.brief import dated as dated_module
from newsfuse.brief.build import HEADLINE_CHARS, BriefBuilder, build_briefs
from newsfuse.brief.faithful import check_brief, check_sentence, normalise
from newsfuse.brief.timeline import build_timeline
from newsfuse.claims import find_claims
from newsfuse.cli import main
from newsfuse.dedup import find_copies
from newsfuse.records import Article, Brief, Passage

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
R7 = SHARED / "repro" / "R7_unfaithful_2articles.jsonl"
CORPUS = REPO / "examples" / "corpus"


def _article(aid: str, text: str, published: str = "2010-06-10", **meta: str) -> Article:
    return Article(
        aid, f"{aid}.txt", "text", text, published=published, passages=(Passage(0, len(text)),),
        **meta,
    )  # fmt: skip


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _built(articles: list[Article]) -> tuple[list[Brief], BriefBuilder]:
    builder = BriefBuilder()
    return builder.build_all(articles), builder


# A reader's comment quoting a politician, timed and dated, and the radio interview it quotes,
# dated "today" by its publication day: one event of 10 June on the timeline. The comment's
# numbers (1:38, 10 Jun 2010) are all times and dates and the interview's (Radio 4) is no
# figure, so the timeline's merging saw no contradiction; the check's reading of "supports"
# finds four numbers on one side and another on the other, and refuses the span.
COMMENT = (
    "At 1:38 pm on 10 Jun 2010, Boris Johnson said there is something slightly worrying "
    "about the anti-British rhetoric permeating from America."
)
INTERVIEW = (
    '"There is something slightly worrying about the anti-British rhetoric permeating from '
    'America," Boris Johnson told BBC Radio 4 today.'
)


def test_the_timeline_cites_only_spans_the_check_accepts() -> None:
    articles = [_article("comment", COMMENT), _article("radio", INTERVIEW)]
    by_id = {a.id: a for a in articles}
    timeline = build_timeline(articles, family_of=lambda aid: aid)
    sentences = [s for e in timeline for s in e.sentences]
    assert [e.date for e in timeline] == ["2010-06-10"]
    assert sentences and all(check_sentence("st", s, by_id) == [] for s in sentences)
    said = {s.text: s for s in sentences}
    assert [c.article for c in said[COMMENT].citations] == ["comment"]  # the refused span left


def test_run_writes_the_brief_the_timeline_span_broke(tmp_path: Path) -> None:
    lines = [
        {"text": COMMENT, "published": "2010-06-10", "url": "https://a.example/comments/1"},
        {"text": INTERVIEW, "published": "2010-06-10", "url": "https://b.example/radio/2"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    result = _invoke("run", "-q", str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["unfaithful"] == []
    assert len(report["briefs"]) == len(report["stories"]) >= 1
    for b in report["briefs"]:
        assert (tmp_path / "out" / "stories" / f"{b['story']}.md").is_file()


# One quote in two reports: one runs it over two paragraphs (a quotation mark opens the
# second), the other in one. The claims group them as one wording (the quoted words match),
# but the words at the first report's span hold a mark the second's lack: the second cannot
# be cited as holding that wording, only as supporting it.
LEDGER = (
    "The governor of Estmark visited the Kessring dam on Tuesday after days of heavy rain.\n\n"
    'Governor Anna Vell said: "The dam will hold through the winter and we have checked every '
    "single gate twice.\n\n"
    '"Nobody in the valley needs to leave their homes tonight or tomorrow," she said.\n\n'
    "Engineers inspected the spillway and the turbines all afternoon."
)
COURIER = (
    "Heavy rain hit the Kessring valley again on Tuesday as the governor toured the dam.\n\n"
    '"The dam will hold through the winter and we have checked every single gate twice. '
    'Nobody in the valley needs to leave their homes tonight or tomorrow," Governor Anna Vell '
    "told reporters.\n\n"
    "Residents downstream said they were still worried about the spillway."
)


def test_a_quote_over_two_paragraphs_is_cited_as_the_check_reads_it() -> None:
    articles = [
        _article("ledger", LEDGER, "2026-03-10", outlet="Ledger"),
        _article("courier", COURIER, "2026-03-10", outlet="Courier"),
    ]
    by_id = {a.id: a for a in articles}
    briefs, builder = _built(articles)
    assert builder.failures == []
    wordings = [w for b in briefs for q in b.quotes for w in q.wordings if "Nobody" in w.text]
    assert len(wordings) == 1, [w.text for w in wordings]
    (w,) = wordings  # both reports cite it: one holds the words, the other supports them
    assert sorted((c.article, c.verbatim) for c in w.citations) in (
        [("courier", False), ("ledger", True)],
        [("courier", True), ("ledger", False)],
    )
    for b in briefs:
        assert check_brief(b, by_id) == []


@pytest.mark.shared
def test_r7_runs_to_the_end_with_every_brief(tmp_path: Path) -> None:
    if not R7.is_file():
        pytest.skip(f"the reproducers are not there ({R7} is missing)")
    result = _invoke("run", "-q", str(R7), "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["unfaithful"] == []
    assert len(report["briefs"]) == len(report["stories"]) >= 1
    written = {p.stem for p in (tmp_path / "stories").glob("*.md")}
    assert written == {b["story"] for b in report["briefs"]}


# -- a story always gets its brief -------------------------------------------------------------

RUN_ON = "and then the water rose again over the old stone bridge " * 20  # one line, no stop


def test_a_story_with_no_citable_sentence_gets_a_minimal_brief(tmp_path: Path) -> None:
    articles = [_article("runon", RUN_ON.strip())]
    briefs, builder = _built(articles)
    assert builder.failures == []
    (brief,) = briefs
    assert not brief.lead and not brief.facts and not brief.timeline
    headline = brief.headline
    assert headline.text.startswith("and then the water rose") and headline.citations
    assert len(headline.text) <= HEADLINE_CHARS and not headline.text.endswith(" ")
    assert headline.citations[0].verbatim and headline.citations[0].start == 0
    assert [s.article for s in brief.sources] == ["runon"]
    assert check_brief(brief, {"runon": articles[0]}) == []
    src = tmp_path / "runon.txt"
    src.write_text(RUN_ON, encoding="utf-8")
    result = _invoke("run", "-q", str(src), str(CORPUS), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["unfaithful"] == [] and len(report["briefs"]) == len(report["stories"])


def test_a_title_is_the_headline_of_a_minimal_brief() -> None:
    article = _article("t", RUN_ON.strip(), title="Water over the old bridge")
    (brief,) = build_briefs([article])
    assert brief.headline.text == "Water over the old bridge"
    assert brief.headline.citations[0].field == "title"


@pytest.fixture(scope="module")
def demo() -> tuple[list[Article], object, object]:
    articles = list(newsfuse.extract_articles([str(CORPUS)]))
    copies = find_copies(articles)
    return articles, copies, find_claims(articles, copies=copies)


def _names(briefs: list[Brief]) -> dict[str, Brief]:
    return {b.story: b for b in briefs}


def test_a_story_whose_brief_raises_gets_its_minimal_brief(
    demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, copies, claims = demo
    normal = _names(BriefBuilder().build_all(articles, copies=copies, claims=claims))
    victim = max(claims.stories, key=lambda sc: len(sc.story.members)).story
    members = {(m.article, m.passage) for m in victim.members}
    representatives = build_module.representatives

    def broken(found, *args):  # type: ignore[no-untyped-def]
        found = list(found)
        if set(found) == members:
            raise KeyError("a link between two articles that are in no family")
        return representatives(found, *args)

    monkeypatch.setattr(build_module, "representatives", broken)
    builder = BriefBuilder()
    briefs = _names(builder.build_all(articles, copies=copies, claims=claims))
    assert briefs.keys() == normal.keys()  # every story still has its brief
    for story, brief in briefs.items():
        if story != victim.id:
            assert brief == normal[story]
    minimal = briefs[victim.id]
    assert not minimal.lead and not minimal.facts and not minimal.quotes and not minimal.timeline
    assert minimal.headline.citations
    assert check_brief(minimal, {a.id: a for a in articles}) == []
    assert minimal.sources == normal[victim.id].sources  # with their copy links
    (failure,) = [f for f in builder.failures if "minimal brief" in f.reason]
    assert failure.source == f"story {victim.id}" and failure.stage == "brief"
    assert "KeyError" in failure.reason and "no family" in failure.reason
    assert len(builder.failures) == 2  # and the families of its reports, read without copies


def test_sources_whose_copy_links_raise_are_listed_without_them(
    demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, copies, claims = demo
    normal = _names(BriefBuilder().build_all(articles, copies=copies, claims=claims))
    victim = max(normal.values(), key=lambda b: len(b.sources)).story
    sources = build_module._sources

    def broken(story, *args):  # type: ignore[no-untyped-def]
        if story.id == victim:
            raise KeyError("a link between two articles that are in no family")
        return sources(story, *args)

    monkeypatch.setattr(build_module, "_sources", broken)
    builder = BriefBuilder()
    briefs = _names(builder.build_all(articles, copies=copies, claims=claims))
    assert briefs.keys() == normal.keys()
    bare = briefs[victim]
    assert bare.lead == normal[victim].lead and bare.timeline == normal[victim].timeline
    assert [s.article for s in bare.sources] == [s.article for s in normal[victim].sources]
    assert all(s.links == () and s.family is None for s in bare.sources)
    (failure,) = builder.failures
    assert failure.source == f"story {victim}" and "copy links" in failure.reason


def test_a_story_that_cannot_be_briefed_at_all_is_a_failure(
    demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, copies, claims = demo
    victim = claims.stories[0].story.id

    def fails(self, story_claims, *args):  # type: ignore[no-untyped-def]
        if story_claims.story.id == victim:
            raise RuntimeError("boom")
        return build(self, story_claims, *args)

    build = BriefBuilder.build
    monkeypatch.setattr(BriefBuilder, "build", fails)
    monkeypatch.setattr(BriefBuilder, "minimal", lambda *a: (_ for _ in ()).throw(OSError("x")))
    builder = BriefBuilder()
    briefs = builder.build_all(articles, copies=copies, claims=claims)
    assert len(briefs) == len(claims.stories) - 1 and victim not in _names(briefs)
    (failure,) = builder.failures
    assert failure.source == f"story {victim}" and "RuntimeError: boom" in failure.reason
    assert "OSError" in failure.reason


def test_a_story_none_of_whose_reports_is_given_is_a_failure(demo) -> None:
    articles, copies, claims = demo
    victim = claims.stories[0].story
    left_out = {m.article for m in victim.members}
    builder = BriefBuilder()
    kept = [a for a in articles if a.id not in left_out]
    briefs = builder.build_all(kept, copies=copies, claims=claims)
    assert victim.id not in _names(briefs)
    assert any(
        f.source == f"story {victim.id}" and "none of its reports" in f.reason
        for f in builder.failures
    )


def test_a_sentence_whose_figures_raise_is_left_out_not_the_brief(
    demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, copies, claims = demo
    normal = BriefBuilder().build_all(articles, copies=copies, claims=claims)
    victim = next(s for b in normal for s in b.lead)
    figures_of = build_module._figures_of

    def odd(text: str) -> set[str]:
        if text == victim.text:
            raise ValueError("could not convert string to float: '10.03.2026'")
        return figures_of(text)

    monkeypatch.setattr(build_module, "_figures_of", odd)
    builder = BriefBuilder()
    briefs = builder.build_all(articles, copies=copies, claims=claims)
    assert len(briefs) == len(normal)
    assert victim.text not in {s.text for b in briefs for s in b.lead}
    (failure,) = builder.failures
    assert "the sentence" in failure.reason and "left out" in failure.reason
    assert "ValueError" in failure.reason
    by_id = {a.id: a for a in articles}
    assert all(check_brief(b, by_id) == [] for b in briefs)


def test_a_report_whose_dates_raise_leaves_the_timeline_to_the_others(
    demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, copies, claims = demo
    normal = _names(BriefBuilder().build_all(articles, copies=copies, claims=claims))
    story = max(normal.values(), key=lambda b: len({c.article for e in b.timeline for s in e.sentences for c in s.citations}))  # fmt: skip
    cited = [c.article for e in story.timeline for s in e.sentences for c in s.citations]
    victim = next(a for a in articles if a.id == cited[0])
    find_times = dated_module.find_times

    def odd(text, anchor):  # type: ignore[no-untyped-def]
        if text == victim.text:
            raise OverflowError("date value out of range")
        return find_times(text, anchor)

    monkeypatch.setattr(dated_module, "find_times", odd)
    builder = BriefBuilder()
    briefs = _names(builder.build_all(articles, copies=copies, claims=claims))
    assert briefs.keys() == normal.keys()
    after = [
        c.article for e in briefs[story.story].timeline for s in e.sentences for c in s.citations
    ]
    assert victim.id not in after and set(after) & set(cited)
    assert any(
        f.source == victim.source and "dates were left out" in f.reason for f in builder.failures
    )
    with pytest.raises(OverflowError):  # called on its own, the timeline raises as before
        build_timeline([victim])


# -- the property: every sentence the builder writes passes the check --------------------------


def _every_brief_passes(articles: list[Article]) -> tuple[list[Brief], BriefBuilder]:
    copies = find_copies(articles)
    claims = find_claims(articles, copies=copies)
    builder = BriefBuilder()
    briefs = builder.build_all(articles, copies=copies, claims=claims)
    by_id = {a.id: a for a in articles}
    assert len(briefs) == len(claims.stories)
    for b in briefs:
        assert check_brief(b, by_id) == [], b.story
        assert b.headline.citations
        # each sentence's verbatim citation holds its words (the check's own reading)
        for s in b.sentences():
            assert any(c.verbatim for c in s.citations) and normalise(s.text)
    return briefs, builder


def test_builder_and_check_agree_on_the_demo_corpus() -> None:
    briefs, builder = _every_brief_passes(list(newsfuse.extract_articles([str(CORPUS)])))
    assert builder.failures == []
    assert sum(len(b.sentences()) for b in briefs) > 50


@pytest.mark.shared
def test_builder_and_check_agree_on_the_seeds(seeds_dir: Path) -> None:
    briefs, builder = _every_brief_passes(list(newsfuse.extract_articles([str(seeds_dir)])))
    assert builder.failures == []
    assert sum(len(b.sentences()) for b in briefs) >= 40


@pytest.mark.shared
def test_builder_and_check_agree_on_timeline17() -> None:
    articles = timeline17_articles("bpoil_", limit=200)
    assert len(articles) >= 150
    briefs, builder = _every_brief_passes(articles)
    assert builder.failures == []
    supporting = sum(not c.verbatim for b in briefs for s in b.sentences() for c in s.citations)
    assert sum(len(b.sentences()) for b in briefs) > 1000 and supporting > 100
