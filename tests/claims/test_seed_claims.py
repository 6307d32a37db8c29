"""Claims on the real seed captures (../shared/seeds): one event, five outlets.

What a reader of these captures needs to see, and what is checked here:

- the Defence Minister's statement to KBS, rendered in two different English translations by
  the Kyiv Independent (000) and Espreso (001), is one quote, corroborated by two families;
- the troop numbers (11,000, 12,000, 10,000, 15,000) are shown side by side with who gave each,
  as differing estimates, not merged and not called a conflict; a count given in other words
  ("five units of 3,000 each", "bring the total to", "could rise to as many as"; "units" and
  "battalions") is one figure with every source that gives it;
- the spelling variants of the same people are one entity (Zelensky / Zelenskyy, Andrii / Andriy
  Kovalenko);
- a quote found only in the rewrite of an absent report (002's analysis quote) is single-source;
- the dates of the events resolve to the right days, also in the captures that carry no date.
"""

from __future__ import annotations

import pytest

from newsfuse import extract_articles
from newsfuse.claims import ClaimReport, find_claims
from newsfuse.claims.compare import FORECASTS
from newsfuse.records import Claim, ClaimCluster

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seeds(seeds_dir) -> tuple[dict[str, str], ClaimReport]:
    articles = list(extract_articles([str(seeds_dir)]))
    ids = {a.source.replace("\\", "/").rsplit("/", 1)[-1][:3]: a.id for a in articles}
    return ids, find_claims(articles)


def clusters(report: ClaimReport, kind: str) -> list[ClaimCluster]:
    return [c for c in report.clusters() if c.kind == kind]


def holding(report: ClaimReport, kind: str, article: str, words: str) -> ClaimCluster:
    for c in clusters(report, kind):
        if any(v.article == article and words in v.text for v in c.variants):
            return c
    raise AssertionError(f"no {kind} of {article} with {words!r}")


def test_one_statement_in_two_translations_is_one_quote(seeds) -> None:
    ids, report = seeds
    c = holding(report, "quote", ids["000"], "We are identifying clashes")
    assert any(
        v.article == ids["001"] and "We are recording contacts" in v.text for v in c.variants
    ), [v.text for v in c.variants]
    assert c.speaker == "Rustem Umerov"
    assert c.status == "corroborated" and c.families >= 2


def test_troop_numbers_are_differing_estimates_with_who_gave_each(seeds) -> None:
    _, report = seeds
    c = next(
        c
        for c in clusters(report, "quantity")
        if {11000.0, 12000.0} <= {e.value for e in c.estimates}
    )
    assert c.status == "differing_estimates", c.reason
    by_value = {e.value: e for e in c.estimates}
    assert {10000.0, 11000.0, 12000.0} <= set(by_value)
    assert "Zelensk" in (by_value[11000.0].speaker or "")
    assert "Intelligence assessments" in (by_value[12000.0].speaker or "")
    assert by_value[12000.0].qualifier == "up_to"
    assert "Pentagon" in (by_value[10000.0].speaker or "")
    assert not [q for q in clusters(report, "quantity") if q.status == "conflicting"]


def test_one_count_in_other_words_is_one_figure_with_every_source(seeds) -> None:
    # 15,000: "bring the total ... to 15,000" and "five units of 3,000 people each" (000),
    # "could increase their number to 15,000" and "five battalions, each of ... about 3,000
    # troops" (001), "five units, each comprising approximately 3,000 soldiers" (002), "could
    # rise to as many as 15,000" (004): one figure, given by all four captures
    # (a forecast whose sentences name none of the entities of the counts' sentences: its own
    # figure, corroborated, not an estimate beside them)
    ids, report = seeds
    (c,) = [
        c
        for c in clusters(report, "quantity")
        if any(v.value == 15000.0 and v.article == ids["004"] for v in c.variants)
    ]
    (total,) = [e for e in c.estimates if e.value == 15000.0]
    assert total.qualifier in FORECASTS  # "could rise to", "expects"
    assert "Umerov" in (total.speaker or "")
    by_article = {v.article: v.source for v in c.variants}
    assert {by_article[ids[k]] for k in ("000", "001", "002", "004")} <= set(total.sources)
    assert total.families >= 4
    # "five units" (000, 002) and "five North Korean battalions" (001): one count
    (units,) = [
        c
        for c in clusters(report, "quantity")
        if any(v.article == ids["001"] and v.text == "five North Korean battalions" for v in c.variants)
    ]
    assert {ids["000"], ids["001"], ids["002"]} <= {v.article for v in units.variants}
    assert units.status == "corroborated" and units.families >= 3


@pytest.mark.parametrize(
    ("variants", "not_with"),
    [
        ({"Zelensky", "Zelenskyy"}, "Zelenska"),
        ({"Andrii Kovalenko", "Andriy Kovalenko"}, "Yermak"),
        ({"Rustem Umerov", "Umerov"}, "Budanov"),
    ],
)
def test_spelling_variants_of_one_person_are_one_entity(seeds, variants, not_with) -> None:
    _, report = seeds
    merged = [e for e in report.entities if variants & set(e.aliases)]
    assert len(merged) == 1, [(e.name, e.aliases) for e in merged]
    assert variants <= {w for a in merged[0].aliases for w in (a, a.split()[-1])}
    assert not any(not_with in a for a in merged[0].aliases)


def test_a_quote_found_only_in_a_rewrite_is_single_source(seeds) -> None:
    ids, report = seeds
    c = holding(report, "quote", ids["002"], "significant shift in European and Asian security")
    assert c.status == "single_source" and c.families == 1
    assert c.speaker == "European Council on Foreign Relations"


def event(report: ClaimReport, article: str, words: str) -> Claim:
    for c in clusters(report, "event"):
        for v in c.variants:
            if v.article == article and words in v.text:
                return v
    raise AssertionError(f"no event of {article} with {words!r}")


@pytest.mark.parametrize(
    ("seed", "words", "date", "written"),
    [
        ("000", "Umerov confirmed on Nov. 5", "2024-11-05", "Nov. 5"),
        ("000", "Zelensky said the day before", "2024-11-04", "the day before"),
        ("000", "claimed on Nov. 4", "2024-11-04", "Nov. 4"),
        ("001", "On Tuesday, November 5", "2024-11-05", "Tuesday, November 5"),
        ("001", "October 27-28", "2024-10-27/2024-10-28", "October 27-28"),
        ("001", "On October 25", "2024-10-25", "October 25"),
        ("003", "said on Nov. 7", "2024-11-07", "Nov. 7"),
        ("004", "earlier in November", "2024-11", "November"),
    ],
)
def test_event_dates_resolve_to_the_right_days(seeds, seed, words, date, written) -> None:
    ids, report = seeds
    v = event(report, ids[seed], words)
    assert v.date == date
    assert written in (v.date_text or "")
