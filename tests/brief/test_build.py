"""The briefs of the demo corpus, checked against its answer key (examples/truth.json): every
sentence traced to the spans it cites, corroboration counted in independent families, the
differing figures side by side with who said each, the quotes with their wordings, copies
never standing in for their original, and the sources with their flags and links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsfuse
from newsfuse.brief.build import BriefBuilder, build_briefs
from newsfuse.brief.faithful import check_brief, normalise, supports, traced_share
from newsfuse.claims import find_claims
from newsfuse.dedup import find_copies
from newsfuse.errors import ConfigError
from newsfuse.records import Article, Brief

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TRUTH = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
COPIES_OF_WIRE = ("newsmill24-kessring-dam-copy.txt", "globe-ticker-kessring-dam-rewrite.txt")


@pytest.fixture(scope="module")
def demo() -> tuple[list[Article], list[Brief], object, object]:
    articles = list(newsfuse.extract_articles([str(EXAMPLES / "corpus")]))
    copies = find_copies(articles)
    claims = find_claims(articles, copies=copies)
    briefs = build_briefs(articles, copies=copies, claims=claims)
    return articles, briefs, copies, claims


def _name(source: str) -> str:
    return source.rsplit("/", 1)[-1]


def _brief_of(briefs: list[Brief], story: str) -> Brief:
    """The brief whose sources best match the answer key's members of ``story``."""
    members = set(TRUTH["stories"][story]["members"])
    return max(briefs, key=lambda b: len(members & {_name(s.source) for s in b.sources}))


def test_every_sentence_of_every_brief_is_traced(demo) -> None:
    articles, briefs, _, _ = demo
    by_id = {a.id: a for a in articles}
    assert len(briefs) == len(demo[3].stories)
    for b in briefs:
        assert check_brief(b, by_id) == [], b.story
    traced, total = traced_share(briefs, by_id)
    assert traced == total > 50


def _supports_text(text: str, article: Article, claim: object) -> bool:
    from newsfuse.brief.units import trim_dateline

    s, e = claim.context or (claim.start, claim.end)  # type: ignore[attr-defined]
    span = article.text[trim_dateline(article.text, s, e) : e]
    return normalise(span) == normalise(text) or supports(text, span)


def test_corroboration_counts_are_independent_families(demo) -> None:
    articles, briefs, _, claims = demo
    by_id = {a.id: a for a in articles}
    clusters = {c.id: c for c in claims.clusters()}
    checked = exact = 0
    for b in briefs:
        for s in b.sentences():
            families = [c.family or c.article for c in s.citations]
            assert len(families) == len(set(families)), s.text  # a copy never cites twice
        for s in b.facts:
            # the count is the number of independent families of the claim whose own words
            # support the sentence (a family the claims stage grouped in by mistake, whose
            # sentence says something else, is not counted)
            cluster = clusters[s.claim]
            assert cluster.status == "corroborated"
            supporting = {
                v.family for v in cluster.variants if _supports_text(s.text, by_id[v.article], v)
            }
            assert s.families == len(supporting) >= 2, s.text
            assert {c.family for c in s.citations} == supporting
            exact += s.families == cluster.families
            checked += 1
    assert checked >= 10
    assert exact >= 0.8 * checked


def test_copies_never_stand_in_for_their_original(demo) -> None:
    _, briefs, _, _ = demo
    for b in briefs:
        for s in [*b.lead, *b.facts, *b.single]:
            verbatim = [c for c in s.citations if c.verbatim]
            assert not any(_name(c.source) in COPIES_OF_WIRE for c in verbatim), s.text


def test_the_differing_figures_are_side_by_side_with_who_said_each(demo) -> None:
    _, briefs, _, _ = demo
    rows = [
        r
        for r in TRUTH["claims"]["expected_table"]["rows"]
        if r["status"] in ("differing_estimates", "conflicting")
    ]
    assert rows
    for row in rows:
        brief = _brief_of(briefs, row["story"])
        tables = [t for t in brief.figures if t.status == row["status"]]
        want = {(f"{e['value']:,}", e["speaker"]) for e in row["estimates"]}
        found = {
            (v, who)
            for t in tables
            for r in t.rows
            for v in [w for w, _ in want if w in r.figure]
            for who in (r.speaker or "").split("; ")
        }
        assert want <= found, (row["story"], found)
        for t in tables:
            for r in t.rows:  # each figure cites where it is reported, in those words
                value = next(w for w in r.figure.split() if w[0].isdigit())
                assert value in r.sentence.text, (r.figure, r.sentence.text)


def test_quotes_keep_every_wording_and_count_families(demo) -> None:
    _, briefs, _, _ = demo
    rows = [r for r in TRUTH["claims"]["expected_table"]["rows"] if r["kind"] == "quote"]
    for row in rows:
        brief = _brief_of(briefs, row["story"])
        groups = [q for q in brief.quotes if q.speaker == row["speaker"]]
        assert groups, row
        sources = set(row["sources"])
        best = max(
            groups, key=lambda q: len(sources & {_name(s) for w in q.wordings for s in w.sources})
        )
        assert best.families == row["families"], row
        if row["status"] == "corroborated":  # two translations: two wordings
            assert len(best.wordings) >= 2


def test_the_sources_show_originals_flags_and_copy_links(demo) -> None:
    _, briefs, _, _ = demo
    dam = _brief_of(briefs, "dam")
    by_name = {_name(s.source): s for s in dam.sources}
    assert set(TRUTH["stories"]["dam"]["members"]) <= set(by_name)
    wire, farm, rewrite = (by_name[n] for n in ("wire.jsonl#1", *COPIES_OF_WIRE))
    assert wire.original and not farm.original and not rewrite.original
    assert wire.family == farm.family == rewrite.family
    assert "content-farm" in farm.flags
    assert any(t == "rewrite_of" and o.endswith("wire.jsonl#1") for t, o, _ in rewrite.links)
    published = [s.published or "9999" for s in dam.sources]
    assert published == sorted(published)


def test_the_lead_covers_independent_sources_without_repeating_itself(demo) -> None:
    _, briefs, _, _ = demo
    dam = _brief_of(briefs, "dam")
    assert 2 <= len(dam.lead) <= BriefBuilder().lead_size
    assert max(s.families for s in dam.lead) >= 2
    texts = [s.text for s in dam.lead]
    assert len(set(texts)) == len(texts)
    assert not {s.text for s in dam.lead} & {s.text for s in dam.facts}


def test_the_timeline_marks_background_events(demo) -> None:
    _, briefs, _, _ = demo
    dam = _brief_of(briefs, "dam")
    by_date = {e.date: e for e in dam.timeline}
    assert by_date["2025-11-04"].background  # the last inspection, months before
    assert not by_date["2026-03-11"].background  # the evacuation order
    assert [e.date for e in dam.timeline] == sorted(e.date for e in dam.timeline)
    assert max(s.families for s in by_date["2025-11-04"].sentences) >= 2


def test_headline_is_a_cited_title(demo) -> None:
    articles, briefs, _, _ = demo
    titles = {a.title for a in articles}
    strike = _brief_of(briefs, "strike")
    assert strike.headline.text in titles
    assert strike.headline.citations[0].field == "title"


def test_the_json_round_trips(demo) -> None:
    _, briefs, _, _ = demo
    for b in briefs:
        d = json.loads(json.dumps(b.to_dict()))
        assert d["schema"] == "newsfuse.brief/1.0"
        assert Brief.from_dict(d).to_dict() == d
        s = d["lead"][0] if d["lead"] else d["headline"]
        assert {"text", "citations"} <= set(s) and {"source", "span"} <= set(s["citations"][0])


def test_builder_parameters_are_checked() -> None:
    with pytest.raises(ConfigError, match="'lead_size' parameter of BriefBuilder"):
        BriefBuilder(lead_size=0)
    with pytest.raises(ConfigError, match="'mmr_lambda'"):
        BriefBuilder(mmr_lambda=1.5)


def test_an_empty_corpus_has_no_brief() -> None:
    assert build_briefs([]) == []


# --- issue 15: the counts shown are of independent reports ------------------------------------

SHELTERS = "The city will open 12 new shelters in the harbour district before the winter, Mayor Anna Berg said on Thursday."


def _article(ident: str, outlet: str, text: str) -> Article:
    from newsfuse.records import Passage

    return Article(
        id=ident,
        source=f"{ident}.txt",
        kind="text",
        text=text,
        published="2026-03-12",
        outlet=outlet,
        passages=(Passage(0, len(text)),),
    )


def _shelter_reports(outlet_b: str, shared: bool) -> list[Article]:
    rest = (
        "Volunteers from the harbour district will staff the shelters every night until March, "
        "and the city will pay for heating, blankets and hot meals at each of the new sites."
    )
    return [
        _article("a", "Harbour Post", f"{SHELTERS}\n\n{rest}"),
        _article(
            "b",
            outlet_b,
            (SHELTERS if shared else "Twelve new shelters for the harbour district will open "
             "before winter, the mayor, Anna Berg, announced on Thursday.")
            + "\n\nThe first shelter will open on Monday in the old ferry hall, with room "
            "for sixty people and hot meals every evening.",
        ),
    ]


@pytest.mark.parametrize(
    ("outlet_b", "shared", "sources"),
    [
        ("Valley Courier", False, 2),  # two outlets, each in its own words
        ("Harbour Post", False, 1),  # one outlet twice
        ("Valley Courier", True, 1),  # a sentence the second report has word for word
    ],
)
def test_a_sentence_counts_independent_reports_only(outlet_b: str, shared: bool, sources: int) -> None:
    articles = _shelter_reports(outlet_b, shared)
    by_id = {a.id: a for a in articles}
    briefs = build_briefs(articles)
    sentences = [
        s for b in briefs for s in b.sentences() if "12 new shelters" in s.text or "Twelve" in s.text
    ]
    assert sentences
    assert max(s.families for s in sentences) == sources
    for b in briefs:
        assert check_brief(b, by_id) == []


@pytest.mark.parametrize(("outlet_b", "sources"), [("Valley Courier", 2), ("Harbour Post", 1)])
def test_a_brief_counts_the_reports_of_one_outlet_as_one_source(outlet_b: str, sources: int) -> None:
    # "2 reports from 2 independent sources" was said of two reports of one outlet: the
    # brief's count, and the run report's, are of sources, as its sentences' and claims' are
    from newsfuse.brief.render import render_markdown
    from newsfuse.report import RunReport, _markdown
    from newsfuse.stories import group_stories

    articles = _shelter_reports(outlet_b, shared=False)
    copies = find_copies(articles)
    stories = group_stories(articles, family_of=copies.family_of)
    (brief,) = build_briefs(articles, copies=copies, stories=stories)
    assert brief.families == sources
    assert f"2 reports from {sources} independent source" in render_markdown(brief)
    report = RunReport(run_id=1, inputs=[], stories=list(stories), briefs=[brief])
    (row,) = [line for line in _markdown(report).splitlines() if line.startswith(f"| {brief.story}")]
    assert f"| 2 | {sources} |" in row
