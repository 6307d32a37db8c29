"""The briefs of the five seed captures (../shared/seeds): every sentence traced to the spans
it cites, corroboration counted in independent families, and the figures that differ from
outlet to outlet (11,000 here, 12,000 there) side by side with who said each, and the
15,000 expected, which every capture gives in its own words, as one figure."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsfuse
from newsfuse.brief.build import build_briefs
from newsfuse.brief.faithful import check_brief, traced_share
from newsfuse.claims import find_claims
from newsfuse.dedup import find_copies
from newsfuse.records import Brief

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> tuple[dict, list[Brief], object]:
    articles = list(newsfuse.extract_articles([str(seeds_dir)]))
    copies = find_copies(articles)
    claims = find_claims(articles, copies=copies)
    return {a.id: a for a in articles}, build_briefs(articles, copies=copies, claims=claims), claims


def _main(briefs: list[Brief]) -> Brief:
    return max(briefs, key=lambda b: len(b.sources))


def test_every_seed_brief_sentence_is_traced(seeds) -> None:
    by_id, briefs, _ = seeds
    for b in briefs:
        assert check_brief(b, by_id) == []
    traced, total = traced_share(briefs, by_id)
    assert traced == total >= 40


def test_the_troop_figures_are_side_by_side(seeds) -> None:
    _, briefs, _ = seeds
    main = _main(briefs)
    assert len(main.sources) >= 5 and main.families >= 4
    rows = [r for t in main.figures for r in t.rows]
    values = " ".join(r.figure for r in rows)
    for value in ("11,000", "12,000"):
        assert value in values, values
    # the 15,000 expected is a forecast that every capture gives in its own words ("five
    # units of 3,000 each", "could rise to as many as 15,000"): one figure, corroborated
    said = [s.text for s in [*main.lead, *main.facts, *main.single] if "15,000" in s.text]
    assert said or "15,000" in values, values
    assert all(r.speaker for r in rows if "11,000" in r.figure)  # who said it
    assert all(r.sentence.sources for r in rows)  # where it is reported


def test_seed_corroboration_counts_are_families(seeds) -> None:
    _, briefs, claims = seeds
    clusters = {c.id: c for c in claims.clusters()}
    main = _main(briefs)
    assert main.facts
    for s in main.facts:
        fams = {c.family for c in s.citations}
        assert s.families == len(fams) >= 2
        assert fams <= set(clusters[s.claim].family_ids)


def test_a_quote_translated_two_ways_keeps_both_wordings(seeds) -> None:
    _, briefs, _ = seeds
    main = _main(briefs)
    umerov = [q for q in main.quotes if q.speaker and "Umerov" in q.speaker]
    assert any(len(q.wordings) >= 2 and q.families >= 2 for q in umerov)
