"""Cross-source comparison of claims (newsfuse.claims.compare), on claims written by hand."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import pytest
from tests.claims.claim_helpers import INTERFACE_KEYS

from newsfuse.claims.compare import ClaimComparer, date_days, dates_compatible
from newsfuse.errors import ConfigError
from newsfuse.records import Claim, ClaimCluster

_ids = itertools.count()


def claim(kind: str, article: str, text: str, *, family: str | None = None, **kw: object) -> Claim:
    n = next(_ids)
    return Claim(
        id=f"c{n}",
        kind=kind,
        article=article,
        source=f"{article}.txt",
        start=0,
        end=len(text),
        text=text,
        context=(0, len(text)),
        family=family or article,
        **kw,  # type: ignore[arg-type]
    )


def compare(claims: list[Claim], **kw: object) -> list[ClaimCluster]:
    return ClaimComparer().compare("s1", claims, **kw)  # type: ignore[arg-type]


def only(clusters: list[ClaimCluster], kind: str) -> list[ClaimCluster]:
    return [c for c in clusters if c.kind == kind]


# -- quotes -------------------------------------------------------------------------------------


def test_two_translations_of_one_quote_by_the_same_speaker_are_one_claim() -> None:
    a = claim(
        "quote",
        "a",
        "No such understanding exists, and none was discussed",
        speaker="Helena Voss",
        speaker_id="voss",
    )
    b = claim(
        "quote",
        "b",
        "There is no such agreement, and the subject was never even raised",
        speaker="Helena Voss",
        speaker_id="voss",
    )
    (cl,) = only(compare([a, b]), "quote")
    assert cl.status == "corroborated" and cl.families == 2
    assert {v.article for v in cl.variants} == {"a", "b"}
    assert cl.speaker == "Helena Voss"


def test_unrelated_quotes_of_one_speaker_stay_apart() -> None:
    a = claim(
        "quote",
        "a",
        "Nobody asked the people who actually move the boxes whether robots should replace them",
        speaker="Petra Solvang",
        speaker_id="solvang",
    )
    b = claim(
        "quote",
        "b",
        "We have been patient for two years. Patience has run out",
        speaker="Petra Solvang",
        speaker_id="solvang",
    )
    quotes = only(compare([a, b]), "quote")
    assert len(quotes) == 2
    assert {c.status for c in quotes} == {"single_source"}


def test_a_translation_pairs_with_its_best_match_only() -> None:
    # two quotes of one speaker in article a; article b renders only the second
    a1 = claim("quote", "a", "Today the only question is whether people are safe", speaker_id="g")
    a2 = claim(
        "quote",
        "a",
        "We will not leave a single house behind until the last family is safe.",
        speaker_id="g",
    )
    b = claim(
        "quote",
        "b",
        "Not one home will be abandoned until every family is out of danger",
        speaker_id="g",
    )
    clusters = only(compare([a1, a2, b]), "quote")
    joined = [c for c in clusters if len(c.variants) == 2]
    assert len(joined) == 1
    assert {v.id for v in joined[0].variants} == {a2.id, b.id}


def test_a_quote_found_only_in_copies_of_one_report_is_single_source() -> None:
    text = "The structure is holding, but we are not going to gamble with lives"
    a = claim("quote", "wire", text, family="F", speaker_id="g")
    b = claim("quote", "copy", text, family="F", speaker_id="g")
    (cl,) = only(compare([a, b]), "quote")
    assert cl.status == "single_source"
    assert cl.families == 1 and len(cl.sources) == 2
    assert "copies of one source" in cl.reason


def named(who: str, written: str | None = None, how: str = "named") -> dict[str, str]:
    """A speaker as an article attributes it: its name, the phrase as written, how sure."""
    return {
        "speaker": who,
        "speaker_id": who.casefold().replace(" ", "-"),
        "speaker_text": written or who,
        "attribution": how,
        "cue": "said",
    }


def test_the_same_words_given_to_two_speakers_conflict() -> None:
    text = "We will defend every village in the valley until the water is gone"
    a = claim("quote", "a", text, **named("Anna Berg", "Mayor Anna Berg"))
    b = claim("quote", "b", text, **named("Jon Holm", "Jon Holm, the fire chief,"))
    (cl,) = only(compare([a, b]), "quote")
    assert cl.status == "conflicting"
    assert "different speakers" in cl.reason
    # both statements with their attribution as evidence
    assert cl.conflict == (a.id, b.id)
    assert "Mayor Anna Berg" in cl.reason and "Jon Holm, the fire chief," in cl.reason
    assert ClaimCluster.from_dict(cl.to_dict()) == cl


@pytest.mark.parametrize("how", ["resolved", "inherited", "unresolved", None])
def test_no_conflict_rests_on_a_speaker_the_article_does_not_name(how: str | None) -> None:
    # "he said" resolved to Holm, the speaker of an earlier paragraph, an unresolved one: the
    # same words given to Berg and to that speaker are not a misattribution anyone can cite
    text = "We will defend every village in the valley until the water is gone"
    a = claim("quote", "a", text, **named("Anna Berg", "Mayor Anna Berg"))
    b = claim("quote", "b", text, **{**named("Jon Holm", "he"), "attribution": how})
    (cl,) = only(compare([a, b]), "quote")
    assert cl.status == "corroborated" and not cl.conflict


def test_the_same_words_in_copies_of_one_report_are_no_misattribution() -> None:
    text = "We will defend every village in the valley until the water is gone"
    a = claim("quote", "a", text, family="F", **named("Anna Berg"))
    b = claim("quote", "b", text, family="F", **named("Jon Holm"))
    (cl,) = only(compare([a, b]), "quote")
    assert cl.status == "single_source"


def test_a_contradicting_wording_makes_a_conflict() -> None:
    text = "the talks would resume in Valdora on Wednesday"
    a = claim("statement", "a", text, **named("Helena Voss", "Foreign Minister Helena Voss"))
    b = claim("statement", "b", text, **named("Helena Voss", "Voss"))
    (cl,) = only(compare([a, b], contradicts=lambda x, y: True), "statement")
    assert cl.status == "conflicting"
    assert cl.conflict == (a.id, b.id)
    assert "Foreign Minister Helena Voss" in cl.reason
    (cl,) = only(compare([a, b], contradicts=lambda x, y: False), "statement")
    assert cl.status == "corroborated"
    # the same two wordings, one of them given to "the minister" resolved to Voss: no conflict
    c = replace(b, speaker_text="the minister", attribution="resolved")
    (cl,) = only(compare([a, c], contradicts=lambda x, y: True), "statement")
    assert cl.status == "corroborated"


# -- quantities ---------------------------------------------------------------------------------


def figure(
    article: str,
    value: float,
    context: str,
    *,
    speaker: str | None = None,
    qualifier: str = "exact",
    unit: str = "people",
    date: str | None = "2026-03-12",  # the article's day (figures are compared within a day)
    date_text: str | None = None,
    family: str | None = None,
    attribution: str | None = "named",
) -> Claim:
    return claim(
        "quantity",
        article,
        context,
        value=value,
        unit=unit,
        qualifier=qualifier,
        speaker=speaker,
        speaker_id=speaker.casefold() if speaker else None,
        speaker_text=speaker,
        attribution=attribution if speaker else None,
        date=date,
        date_text=date_text,
        family=family,
        entities=("valley",),  # the sentences name one entity
    )


EVAC = "{} people have been evacuated from the valley towns, {} said."


def test_the_same_figure_from_two_families_is_corroborated() -> None:
    a = figure(
        "a", 4000, EVAC.format("About 4,000", "the governor"), speaker="Gov", qualifier="about"
    )
    b = figure(
        "b", 4000, EVAC.format("Some 4,000", "the governor"), speaker="Gov", qualifier="about"
    )
    (cl,) = only(compare([a, b]), "quantity")
    assert cl.status == "corroborated"
    assert cl.value == 4000 and cl.qualifier == "about" and cl.unit == "people"
    assert len(cl.estimates) == 1
    assert cl.estimates[0].figure() == "about 4,000 people"


def test_different_figures_from_different_sources_are_differing_estimates() -> None:
    a = figure("a", 4000, EVAC.format("About 4,000", "the governor"), speaker="Gov")
    b = figure("b", 6500, EVAC.format("Up to 6,500", "the relief agency"), speaker="Relief")
    c = figure(
        "c", 9000, EVAC.format("9,000", "the minister"), speaker="Min", qualifier="could_rise_to"
    )
    (cl,) = only(compare([a, b, c]), "quantity")
    assert cl.status == "differing_estimates"
    assert cl.value is None
    assert sorted(e.figure() for e in cl.estimates)[-1] == "could rise to 9,000 people"
    assert [(e.value, e.speaker) for e in sorted(cl.estimates, key=lambda e: e.value)] == [
        (4000, "Gov"),
        (6500, "Relief"),
        (9000, "Min"),
    ]


STRIKE = "{} workers joined the strike on Monday, March 9, the union said."
ON_MONDAY = {"date": "2026-03-09", "date_text": "Monday, March 9"}


def test_one_source_given_two_figures_for_the_same_time_is_a_conflict() -> None:
    a = figure("a", 1800, STRIKE.format("1,800"), speaker="Union", unit="workers", **ON_MONDAY)
    b = figure("b", 2800, STRIKE.format("2,800"), speaker="Union", unit="workers", **ON_MONDAY)
    (cl,) = only(compare([a, b]), "quantity")
    assert cl.status == "conflicting"
    assert "1,800" in cl.reason and "2,800" in cl.reason
    assert set(cl.conflict) == {a.id, b.id}


@pytest.mark.parametrize(
    "change",
    [
        {"attribution": "resolved"},  # "it said": the union only by resolution
        {"attribution": "unresolved"},
        {"qualifier": "up_to"},  # "up to 2,800": a bound contradicts no count below it
        {"qualifier": "could_rise_to"},  # a forecast
        {"value": 1900.0, "qualifier": "about"},  # "about 1,900": within rounding of 1,800
        {"date": "2026-03-10", "date_text": None},  # dated by its article only, a day later
        {"date": "2026-03-10", "date_text": "Tuesday"},  # another day: a count that grew
        {"family": "a"},  # the same source family (a copy): no second report
        {"date": None, "date_text": None},  # no date at all: no evidence of the same day
    ],
)
def test_anything_weaker_than_two_named_exact_figures_for_one_day_is_no_conflict(
    change: dict[str, object],
) -> None:
    a = figure("a", 1800, STRIKE.format("1,800"), speaker="Union", unit="workers", **ON_MONDAY)
    b = figure("b", 2800, STRIKE.format("2,800"), speaker="Union", unit="workers", **ON_MONDAY)
    for cl in only(compare([a, replace(b, **change)]), "quantity"):  # type: ignore[arg-type]
        assert cl.status != "conflicting" and not cl.conflict


def test_two_undated_figures_of_one_speaker_are_no_conflict() -> None:
    # reports without a publication date (plain text files): the union's two tolls may be
    # of two days, so neither is said to contradict the other
    undated = {"date": None, "date_text": None}
    text = "{} workers joined the strike, the union said."
    a = figure("a", 1800, text.format("1,800"), speaker="Union", unit="workers", **undated)
    b = figure("b", 2800, text.format("2,800"), speaker="Union", unit="workers", **undated)
    for cl in only(compare([a, b]), "quantity"):
        assert cl.status != "conflicting" and not cl.conflict


def test_a_person_speaking_for_an_organisation_is_not_the_same_speaker() -> None:
    # the union's chair and the union, or two health ministers of one government: a conflict
    # needs the same speaker; two of one organisation are no conflict
    ctx = "{} workers joined the strike on Monday, March 9."
    a = figure("a", 1800, ctx.format("1,800"), speaker="Union", unit="workers", **ON_MONDAY)
    b = figure("b", 2800, ctx.format("2,800"), speaker="Chair", unit="workers", **ON_MONDAY)
    (cl,) = only(compare([a, b]), "quantity")
    assert cl.status == "differing_estimates"
    # nor two sources' estimates: one organisation's two figures of a day are an update or
    # two things ("BP says it has been funnelling about 3,000 barrels a day"; "BP spokesman
    # Mark Proegler said ... now capturing 5,000 barrels")
    clusters = only(compare([a, b], speaks_for={"chair": "union"}), "quantity")
    assert {cl.status for cl in clusters} == {"single_source"}
    assert len(clusters) == 2


def test_a_forecast_never_conflicts_with_a_count() -> None:
    a = figure("a", 4000, EVAC.format("About 4,000", "the minister"), speaker="Min")
    b = figure(
        "b",
        9000,
        EVAC.format("Up to 9,000", "the minister"),
        speaker="Min",
        qualifier="could_rise_to",
    )
    # a count now and a forecast of one speaker are two things, neither a conflict
    for cl in only(compare([a, b]), "quantity"):
        assert cl.status != "conflicting"


def test_figures_for_different_written_days_are_not_compared() -> None:
    ctx = "{} ships were waiting at anchor, the port authority said."
    a = figure(
        "a",
        11,
        ctx.format("11"),
        speaker="Port",
        unit="ships",
        date="2026-03-09",
        date_text="by Monday night",
    )
    b = figure(
        "b",
        14,
        ctx.format("14"),
        speaker="Port",
        unit="ships",
        date="2026-03-10",
        date_text="by Tuesday morning",
    )
    clusters = only(compare([a, b]), "quantity")
    assert len(clusters) == 2
    assert {c.status for c in clusters} == {"single_source"}


def test_far_apart_figures_or_other_units_are_different_things() -> None:
    a = figure("a", 11000, "11,000 troops were deployed to the border.", unit="troops", speaker="A")
    b = figure("b", 20, "20 troops were killed at the border.", unit="troops", speaker="B")
    c = figure(
        "c", 12000, "12,000 kilometres of border were deployed.", unit="kilometers", speaker="C"
    )
    assert len(only(compare([a, b, c]), "quantity")) == 3


def test_copies_of_one_figure_are_one_family() -> None:
    a = figure("a", 4000, EVAC.format("About 4,000", "the governor"), family="F")
    b = figure("b", 4000, EVAC.format("About 4,000", "the governor"), family="F")
    (cl,) = only(compare([a, b]), "quantity")
    assert cl.status == "single_source" and cl.families == 1


# -- events -------------------------------------------------------------------------------------


def test_events_on_the_same_day_corroborate_and_other_days_do_not() -> None:
    a = claim(
        "event",
        "a",
        "Inspectors found a crack in the dam spillway on Wednesday.",
        date="2026-03-11",
        date_text="on Wednesday",
        entities=("dam",),
    )
    b = claim(
        "event",
        "b",
        "On Wednesday inspectors found the crack in the spillway of the dam.",
        date="2026-03-11",
        date_text="On Wednesday",
        entities=("dam",),
    )
    c = claim(
        "event",
        "c",
        "Inspectors found a crack in the dam spillway on Tuesday.",
        date="2026-03-10",
        date_text="on Tuesday",
        entities=("dam",),
    )
    events = only(compare([a, b, c]), "event")
    assert sorted(len(e.variants) for e in events) == [1, 2]
    joined = next(e for e in events if len(e.variants) == 2)
    assert joined.status == "corroborated" and joined.date == "2026-03-11"


# -- order, ids, parameters ---------------------------------------------------------------------


def test_clusters_come_most_telling_first_and_ids_are_stable() -> None:
    claims = [
        figure("a", 1800, STRIKE.format("1,800"), speaker="Union", unit="workers", **ON_MONDAY),
        figure("b", 2800, STRIKE.format("2,800"), speaker="Union", unit="workers", **ON_MONDAY),
        claim("quote", "a", "This is about respect and nothing else at all", speaker_id="s"),
    ]
    first = compare(claims)
    assert [c.status for c in first] == ["conflicting", "single_source"]
    assert [c.id for c in compare(list(reversed(claims)))] == [c.id for c in first]
    d = first[0].to_dict()
    assert ClaimCluster.from_dict(d) == first[0]
    assert set(d) >= INTERFACE_KEYS
    assert d["variants"][0]["span"] == [0, len(claims[0].text)]


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("quote_threshold", 1.5),
        ("same_speaker_threshold", -0.1),
        ("max_ratio", 0.5),
        ("context_threshold", "x"),
    ],
)
def test_bad_parameters_are_refused_with_their_name(param: str, value: object) -> None:
    with pytest.raises(ConfigError, match=f"'{param}' parameter of ClaimComparer"):
        ClaimComparer(**{param: value})  # type: ignore[arg-type]


def test_claim_dates() -> None:
    assert date_days("2024-11-05") == ("2024-11-05", "2024-11-05")
    assert date_days("2024-11") == ("2024-11-01", "2024-11-31")
    assert date_days("2024-10-27/2024-10-28") == ("2024-10-27", "2024-10-28")
    assert date_days(None) is None and date_days("XXXX-11-04") is None
    soft = figure("a", 1, "x", date="2026-03-12")
    hard = figure("b", 1, "x", date="2026-03-13", date_text="on Friday")
    hard2 = figure("c", 1, "x", date="2026-03-12", date_text="on Thursday")
    assert dates_compatible(soft, hard)  # a publication day may be a day off
    assert not dates_compatible(hard, hard2)  # two written days must agree
    assert dates_compatible(figure("d", 1, "x"), hard)  # unknown: compatible


def test_an_estimate_names_each_source_once() -> None:
    ctx = "Fewer than 1,100 employees were absent, {} said."
    a = figure("a", 1100, ctx.format("the port authority"), speaker="the port authority")
    b = figure(
        "b", 1100, ctx.format("Haverlund Port Authority"), speaker="Haverlund Port Authority"
    )
    c = figure("c", 1100, ctx.format("the port authority"), speaker="The port authority")
    (cl,) = only(compare([a, b, c]), "quantity")
    assert cl.estimates[0].speaker == "Haverlund Port Authority"


def test_an_article_that_gives_both_figures_reconciles_them() -> None:
    ctx = "The group counted {} deaths so far, Human Rights Watch said."
    a = figure("a", 80, ctx.format("80"), speaker="HRW", unit="deaths")
    b1 = figure("b", 80, ctx.format("80"), speaker="HRW", unit="deaths")
    b2 = figure("b", 36, ctx.format("36"), speaker="HRW", unit="deaths")
    b2 = replace(b2, start=200, end=200 + len(b2.text), context=(200, 200 + len(b2.text)))
    # b gives both (a rising toll): one speaker's two figures are neither a conflict nor two
    # sources' estimates; each figure stands alone
    clusters = only(compare([a, b1, b2]), "quantity")
    assert sorted((c.value, c.status) for c in clusters) == [
        (36, "single_source"),
        (80, "corroborated"),
    ]


def test_one_speakers_range_is_no_differing_estimate() -> None:
    # "the flow ranges from 12,000 barrels to 25,000 barrels per day", said by one official
    ctx = (
        "Teams estimated the flow ranges from 12,000 barrels to 25,000 barrels a day, McNutt said."
    )
    kw = {"speaker": "McNutt", "unit": "barrels"}
    low, high = ctx.index("12,000 barrels"), ctx.index("25,000 barrels")
    wordings = []
    for article in ("a", "b"):
        for value, start in ((12000, low), (25000, high)):
            c = figure(article, value, ctx, **kw)
            wordings.append(replace(c, id=f"{c.id}{article}", start=start, end=start + 14))
    a1, a2, b1, b2 = wordings
    clusters = only(compare([a1, a2, b1, b2]), "quantity")
    assert sorted((c.value, c.status) for c in clusters) == [
        (12000, "corroborated"),
        (25000, "corroborated"),
    ]


def test_alike_phrases_of_unknown_speakers_do_not_chain() -> None:
    a = claim("quote", "a", "I am going to leave the last point to you")
    b = claim("quote", "b", "I am going to step out of the way now")
    c = claim("quote", "c", "I am not going to do it again")
    assert len(only(compare([a, b, c]), "quote")) == 3
    same = claim("quote", "d", "I am going to leave the last point to you")
    joined = [q for q in only(compare([a, same]), "quote") if len(q.variants) == 2]
    assert joined and joined[0].status == "corroborated"


def test_contradicting_wordings_of_unknown_speakers_are_no_conflict() -> None:
    a = claim("statement", "a", "the talks would resume in Valdora on Wednesday")
    b = claim("statement", "b", "the talks would resume in Valdora on Wednesday")
    (cl,) = only(compare([a, b], contradicts=lambda x, y: True), "statement")
    assert cl.status == "corroborated"


def test_spelling_variants_of_a_speaker_are_no_misattribution() -> None:
    text = "We are sending a strong and unequivocal message to everyone in the region"
    a = claim("quote", "a", text, speaker="Essam El Erian", speaker_id="e1")
    b = claim("quote", "b", text, speaker="Essam El-Erian", speaker_id="e2")
    c = claim("quote", "c", text, speaker="EL-ERIAN", speaker_id="e3")
    (cl,) = only(compare([a, b, c]), "quote")
    assert cl.status == "corroborated"


def test_short_or_reported_words_of_two_speakers_are_no_misattribution() -> None:
    short = [
        claim("quote", "a", "I will change everything.", speaker="Anna Berg", speaker_id="b"),
        claim("quote", "b", "I will change everything.", speaker="Jon Holm", speaker_id="h"),
    ]
    assert {c.status for c in only(compare(short), "quote")} == {"corroborated"}
    said = "he will not seek re-election when his term ends next year"
    reported = [
        claim("statement", "a", said, speaker="Anna Berg", speaker_id="b"),
        claim("statement", "b", said, speaker="Jon Holm", speaker_id="h"),
    ]
    assert "conflicting" not in {c.status for c in only(compare(reported), "statement")}


def test_pair_scores_are_the_dense_scores_above_the_floors() -> None:
    import numpy as np

    from newsfuse.claims import compare
    from newsfuse.dedup.similarity import SentenceSimilarity

    texts = [
        "The council will open 12 new shelters in the harbour district.",
        "Twelve new shelters will open in the harbour district, the council said.",
        "The harbour district gets 12 shelters.",
        "Football: the league grows to eighteen clubs next season.",
        "",
    ]
    sim = SentenceSimilarity()
    floors = (0.5, 0.3, 0.12)
    pairs = compare._similarities(sim, texts, floors)
    f = sim.features(texts, texts)
    prob = sim.combine(f).astype(np.float32)
    lexical = ((f[..., 0] + f[..., 1]) / 2.0).astype(np.float32)
    word = f[..., 0].astype(np.float32)
    for i in range(len(texts)):
        for j in range(len(texts)):
            k = pairs.find(i, j)
            kept = i != j and (prob[i, j] >= 0.5 or lexical[i, j] >= 0.3 or word[i, j] >= 0.12)
            assert (k >= 0) == kept, (i, j)
            if kept:
                assert (pairs.prob[k], pairs.lexical[k], pairs.word[k]) == (
                    prob[i, j],
                    lexical[i, j],
                    word[i, j],
                )
    assert [(i, j) for i, j, _ in pairs.upper()] == sorted((i, j) for i, j, _ in pairs.upper())


def test_a_story_of_many_claims_is_compared_in_bounded_memory(monkeypatch) -> None:
    # dense n x n score matrices made memory grow with the square of a story's claims; the
    # kept pairs and one block of rows grow with n (twice the claims: about twice the memory)
    import tracemalloc

    from newsfuse.claims import compare
    from newsfuse.dedup.similarity import SentenceSimilarity

    monkeypatch.setattr(compare, "CHUNK_BYTES", 2**20)
    words = [
        "harbour",
        "shelter",
        "council",
        "river",
        "bridge",
        "school",
        "ferry",
        "market",
        "tower",
        "station",
    ]

    def peak(n: int) -> int:
        texts = [f"The {words[i % 10]} number {i} opened on day {i % 28 + 1}." for i in range(n)]
        sim = SentenceSimilarity()
        tracemalloc.start()
        try:
            compare._similarities(sim, texts, (0.5, 0.8, 0.9))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, big = peak(700), peak(1400)
    assert big < 2.6 * small, f"{small / 2**20:.1f} MiB, then {big / 2**20:.1f} MiB"
    assert big < 48 * 2**20, f"{big / 2**20:.1f} MiB"  # dense matrices: 158 MiB at 1,400


# -- issue 15: who may conflict, what may differ -------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "persons"),
    [
        ("Anna Berg", "Jon Holm", None),
        ("Anna Berg", "Jon Holm", {"anna-berg", "jon-holm"}),
    ],
)
def test_misattribution_between_two_named_people(first, second, persons) -> None:
    text = "We will defend every village in the valley until the water is gone"
    a = claim("quote", "a", text, **named(first))
    b = claim("quote", "b", text, **named(second))
    (cl,) = only(compare([a, b], persons=persons), "quote")
    assert cl.status == "conflicting"


@pytest.mark.parametrize(
    ("first", "second", "persons"),
    [
        ("Valdora Port Plc", "London-based Valdora Port", None),  # one company, two names
        ("Anna Berg", "Berg", None),  # one person, a surname alone is no second person
        ("Anna Berg", "RiverFan", None),  # a commenter's handle
        ("Anna Berg", "Jon Holm", {"anna-berg"}),  # Jon Holm is no person of the index
    ],
)
def test_no_misattribution_unless_two_clearly_different_people(first, second, persons) -> None:
    text = "We will defend every village in the valley until the water is gone"
    a = claim("quote", "a", text, **named(first))
    b = claim("quote", "b", text, **named(second))
    for cl in only(compare([a, b], persons=persons), "quote"):
        assert cl.status != "conflicting"


def test_two_figures_of_one_article_or_one_source_are_no_differing_estimates() -> None:
    ctx = "{} people have been evacuated from the valley towns, the governor said on Monday."
    a1 = figure("a", 4000, ctx.format("4,000"), speaker="Gov")
    a2 = figure("a", 6500, ctx.format("6,500").replace("Monday", "Tuesday"), speaker="Gov")
    assert {c.status for c in only(compare([a1, a2]), "quantity")} == {"single_source"}
    b = figure("b", 6500, ctx.format("6,500"), speaker="Relief", family="a")  # a copy
    assert "differing_estimates" not in {c.status for c in only(compare([a1, b]), "quantity")}
    c = figure("c", 6500, ctx.format("6,500"), speaker="Relief")  # another source
    assert {c.status for c in only(compare([a1, c]), "quantity")} == {"differing_estimates"}


def test_small_counts_are_no_differing_estimates() -> None:
    # "two permits" and "six permits" in two reports are two things, not two estimates
    ctx = "The agency issued {} permits for the valley works on Monday."
    a = figure("a", 2, ctx.format("two"), unit="permits")
    b = figure("b", 6, ctx.format("six"), unit="permits")
    assert "differing_estimates" not in {c.status for c in only(compare([a, b]), "quantity")}
    # nor sums of money, durations or percentages, of which a story holds many of other things
    for unit, x, y in (("USD", 20e9, 40e9), ("years", 20, 28), ("percent", 45, 60)):
        ctx = "BP's total cost of the spill was put at {} {} by analysts on Monday."
        pa, pb = (
            figure("a", x, ctx.format(x, unit), unit=unit),
            figure("b", y, ctx.format(y, unit), unit=unit),
        )
        assert "differing_estimates" not in {c.status for c in only(compare([pa, pb]), "quantity")}
    leak = "The well leaked {} barrels a minute, {} estimated on Monday."
    ta = figure("a", 40, leak.format(40, "the company"), unit="barrels", speaker="Company")
    tb = figure("b", 60, leak.format(60, "scientists"), unit="barrels", speaker="Scientists")
    assert {c.status for c in only(compare([ta, tb]), "quantity")} == {"differing_estimates"}


def test_figures_no_source_gives_are_no_differing_estimates() -> None:
    # "killed 11 people" and "killed 15 people": two reports' own figures, two accidents
    ctx = "The explosion at the refinery killed {} people, the worst accident in years."
    a, b = figure("a", 11, ctx.format(11)), figure("b", 15, ctx.format(15))
    assert "differing_estimates" not in {c.status for c in only(compare([a, b]), "quantity")}
    a = replace(a, speaker="Police", speaker_id="police", attribution="named")
    b = replace(b, speaker="Fire", speaker_id="fire", attribution="named")
    assert {c.status for c in only(compare([a, b]), "quantity")} == {"differing_estimates"}


def test_estimates_never_chain_past_max_ratio() -> None:
    # 1,000 ~ 2,000 ~ 4,000: each near the next, but 4,000 is four times 1,000
    ctx = "{} people have been evacuated from the valley towns, officials said on Monday."
    figs = [figure(k, v, ctx.format(f"{v:,}")) for k, v in (("a", 1000), ("b", 2000), ("c", 4000))]
    for cl in only(compare(figs), "quantity"):
        values = [e.value for e in cl.estimates]
        assert max(values) <= 3 * min(values), values


def test_a_misattribution_is_unclear_when_the_other_speaker_is_named_near() -> None:
    # "Jon Holm, who stood beside Berg, said": the second article names Berg by the quote
    words = "We will defend every village in the valley until the water is gone"
    texts = {
        "a": f"“{words},” Mayor Anna Berg said.",
        "b": f"“{words},” said Jon Holm, beside Berg.",
    }

    def quote(art: str, who: str) -> Claim:
        c = claim("quote", art, words, **named(who))
        return replace(c, start=1, end=1 + len(words), context=(0, len(texts[art])))

    a, b = quote("a", "Anna Berg"), quote("b", "Jon Holm")
    for cl in only(compare([a, b], texts=texts), "quote"):
        assert cl.status != "conflicting"
    texts["b"] = f"“{words},” said Jon Holm, the fire chief."
    a, b = quote("a", "Anna Berg"), quote("b", "Jon Holm")
    (cl,) = only(compare([a, b], texts=texts), "quote")
    assert cl.status == "conflicting"


def test_a_figure_conflict_rests_on_two_sentences_about_one_thing() -> None:
    a = figure("a", 1800, STRIKE.format("1,800"), speaker="Union", unit="workers", **ON_MONDAY)
    other = "The union said 2,800 workers voted by post in its ballot of members last month."
    b = figure("b", 2800, other, speaker="Union", unit="workers", **ON_MONDAY)
    for cl in only(compare([a, b]), "quantity"):
        assert cl.status != "conflicting"


def test_estimates_of_one_thing_name_an_entity_in_common() -> None:
    # "collected 25,000 barrels at the well" (the company) and "leaked 40,000 barrels off the
    # coast" (scientists) name no entity in common: two things, not two estimates
    leak = "The well leaked {} barrels a day, {} estimated on Monday."
    a = replace(
        figure("a", 25000, leak.format("25,000", "the company"), speaker="Co"), entities=("well",)
    )
    b = replace(
        figure("b", 40000, leak.format("40,000", "scientists"), speaker="Sci"), entities=("coast",)
    )
    assert "differing_estimates" not in {c.status for c in only(compare([a, b]), "quantity")}
    b = replace(b, entities=("well", "coast"))
    assert {c.status for c in only(compare([a, b]), "quantity")} == {"differing_estimates"}


# -- differing estimates rest on two wordings of one time ----------------------------------------


def test_a_differing_estimate_names_the_two_wordings_it_rests_on() -> None:
    a = figure("a", 4000, EVAC.format("About 4,000", "the governor"), speaker="Gov")
    b = figure("b", 6500, EVAC.format("Up to 6,500", "the relief agency"), speaker="Relief")
    (cl,) = only(compare([a, b]), "quantity")
    assert cl.status == "differing_estimates"
    assert "for the same time: Gov in " in cl.reason and "Relief in " in cl.reason


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # running totals: a change, a new total, a count that rose
        (
            (203, "Officials announced a further 17 cases, taking the total number to 203."),
            (215, "The health department reported 12 new cases, bringing the total to 215."),
        ),
        (
            (109, "The agency has confirmed 109 cases, up from 91 yesterday, the director said."),
            (95, "The agency reported 95 confirmed cases in the valley, the spokesman said."),
        ),
        (
            (40, "The number of confirmed cases in the valley has doubled to 40, the agency said."),
            (79, "The ministry has confirmed 79 cases in the valley, the minister said."),
        ),
        (
            (80, "The death toll in the valley has risen to 80, the ministry said."),
            (95, "The death toll in the valley stands at 95, the relief agency said."),
        ),
    ],
)
def test_running_counts_are_no_differing_estimates(
    first: tuple[float, str], second: tuple[float, str]
) -> None:
    a = figure("a", first[0], first[1], speaker="Ministry", unit="cases")
    b = figure("b", second[0], second[1], speaker="Agency", unit="cases")
    assert {c.status for c in only(compare([a, b]), "quantity")} == {"single_source"}
    # the same two figures, neither given as a change: two estimates
    plain = "The agency counted {} cases in the valley, {} said."
    a = figure("a", first[0], plain.format(first[0], "the ministry"), speaker="Ministry")
    b = figure("b", second[0], plain.format(second[0], "the agency"), speaker="Agency")
    a, b = replace(a, unit="cases"), replace(b, unit="cases")
    (cl,) = only(compare([a, b]), "quantity")
    assert cl.status == "differing_estimates"


def test_figures_a_day_apart_differ_only_when_one_is_set_against_another_count() -> None:
    gov = figure(
        "a", 4000, EVAC.format("About 4,000", "the governor"), speaker="Gov", date="2026-03-12"
    )
    later = "Up to 6,500 people have left the valley towns, the relief agency said."
    b = figure("b", 6500, later, speaker="Relief", date="2026-03-13")
    # a day apart, dated by their articles: the later figure may be an update
    assert {c.status for c in only(compare([gov, b]), "quantity")} == {"single_source"}
    against = later.replace("said.", "said, well above the official count.")
    b = figure("b", 6500, against, speaker="Relief", date="2026-03-13")
    (cl,) = only(compare([gov, b]), "quantity")
    assert cl.status == "differing_estimates"
    # a month or an unknown date is no day to compare on
    for date in ("2026-03", None):
        c = figure("b", 6500, EVAC.format("Up to 6,500", "the agency"), speaker="Relief", date=date)
        g = replace(gov, date=date)
        assert {x.status for x in only(compare([g, c]), "quantity")} == {"single_source"}


def test_points_are_no_estimates() -> None:
    ctx = "The bonds' spread in the valley widened to {} basis points, {} said."
    a = figure("a", 148, ctx.format("148", "Bloomberg"), speaker="Bloomberg", unit="points")
    b = figure("b", 173, ctx.format("173", "Markit"), speaker="Markit", unit="points")
    assert {c.status for c in only(compare([a, b]), "quantity")} == {"single_source"}


def test_a_figure_in_a_conditional_sentence_is_no_estimate_unless_marked_a_forecast() -> None:
    now = figure("a", 10000, "The cap now captures 10,000 barrels a day, Hayward said.",
                 speaker="Hayward", unit="barrels")  # fmt: skip
    plan = "The two ships will have a capacity of about 20,000 barrels a day, Allen said."
    later = figure("b", 20000, plan, speaker="Allen", unit="barrels", qualifier="about")
    assert {c.status for c in only(compare([now, later]), "quantity")} == {"single_source"}
    forecast = replace(later, qualifier="could_rise_to")
    (cl,) = only(compare([now, forecast]), "quantity")
    assert cl.status == "differing_estimates"
    # "May" the month is no modal verb
    in_may = replace(later, text="In May the two ships captured 20,000 barrels a day, Allen said.")
    (cl,) = only(compare([now, in_may]), "quantity")
    assert cl.status == "differing_estimates"


@pytest.mark.parametrize(
    "earlier",
    [
        "The governor had estimated that {} people have been evacuated from the valley towns.",
        "The governor initially put at {} the people evacuated from the valley towns.",
        "An earlier estimate of {} people evacuated from the valley towns, the governor said.",
    ],
)
def test_a_figure_of_an_earlier_time_is_no_estimate_of_the_day(earlier: str) -> None:
    now = figure("a", 6500, EVAC.format("Up to 6,500", "the relief agency"), speaker="Relief")
    then = figure("b", 4000, earlier.format("4,000"), speaker="Gov")
    assert {c.status for c in only(compare([now, then]), "quantity")} == {"single_source"}
    # the same sentence as of now: two estimates
    plain = figure("b", 4000, EVAC.format("About 4,000", "the governor"), speaker="Gov")
    (cl,) = only(compare([now, plain]), "quantity")
    assert cl.status == "differing_estimates"


def test_a_headline_label_is_no_speaker_to_set_figures_against() -> None:
    now = figure("a", 6500, EVAC.format("Up to 6,500", "the relief agency"), speaker="Relief")
    label = replace(
        figure(
            "b", 4000, "Valley floods: about 4,000 people have left the towns.", speaker="Floods"
        ),
        cue=":",
    )
    assert {c.status for c in only(compare([now, label]), "quantity")} == {"single_source"}


def test_figures_counted_over_different_times_are_different_things() -> None:
    texts = {
        "a": "A cap on the well now captures 10,000 barrels of oil a day, the company said.",
        "b": "The cap captured 27,700 barrels of oil between June 3 and June 6, the agency said.",
        "c": "The cap captured 7,850 barrels of oil in the 12-hour stretch, the agency said.",
        "d": "The cap on the well now captures 16,000 barrels of oil a day, the agency said.",
    }

    def at(art: str, value: float, fig: str, who: str) -> Claim:
        c = figure(art, value, texts[art], speaker=who, unit="barrels")
        start = texts[art].index(fig)
        return replace(c, text=fig, start=start, end=start + len(fig))

    day = at("a", 10000, "10,000 barrels", "Co")
    for other in (at("b", 27700, "27,700 barrels", "Agency"), at("c", 7850, "7,850 barrels", "Ag")):
        found = only(ClaimComparer().compare("s1", [day, other], texts=texts), "quantity")
        assert {c.status for c in found} == {"single_source"}
    rate = at("d", 16000, "16,000 barrels", "Agency")
    (cl,) = only(ClaimComparer().compare("s1", [day, rate], texts=texts), "quantity")
    assert cl.status == "differing_estimates"


def stub_word_similarities(monkeypatch, word: dict[tuple[int, int], float]) -> None:
    """Make the comparer see ``word`` (pairs i < j) as the word similarity of its claims'
    sentences (read at each comparison: a test may change it between two), every other pair
    below the floors."""
    import numpy as np

    from newsfuse.claims import compare as module

    def similarities(_sim, texts, _floors):
        pairs = [(i, j, w) for (i, j), w in word.items()]
        rows = sorted(pairs + [(j, i, w) for i, j, w in pairs])
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount([r for r, _, _ in rows], minlength=len(texts)), out=indptr[1:])
        w = np.array([x for _, _, x in rows], dtype=np.float32)
        cols = np.array([c for _, c, _ in rows], dtype=np.int64)
        return module._Pairs(len(texts), indptr, cols, np.zeros_like(w), w, w)

    monkeypatch.setattr(module, "_similarities", similarities)


def sums_in(texts: dict[str, str], speaker: dict[str, str]) -> list[Claim]:
    """A "$100 million" of each article of ``texts``, spanning those words in its sentence."""
    out = []
    for art, text in texts.items():
        start = text.index("$100 million")
        c = figure(art, 1e8, text, speaker=speaker[art], unit="USD")
        out.append(replace(c, start=start, end=start + len("$100 million"), text="$100 million"))
    return out


def test_one_round_sum_given_for_two_things_is_no_chain(monkeypatch) -> None:
    # "$100 million" to drill a relief well (a, b) and "$100 million" for a fund for idled rig
    # workers (c, d): each pair alike, and one sentence of each alike enough (b, c): single
    # linkage made the four one figure of four sources; the two groups share few words on
    # average, so they are two figures of two sources each
    word = {(0, 1): 0.5, (1, 2): 0.2, (2, 3): 0.5}
    stub_word_similarities(monkeypatch, word)
    texts = [
        "BP will spend $100 million to drill the relief well, the company said.",
        "Drilling the relief well costs $100 million, the company said.",
        "BP will pay $100 million into a fund for idled rig workers, Obama said.",
        "Idled rig workers get a $100 million fund, Obama said.",
    ]
    sums = [
        figure(art, 1e8, text, speaker="BP" if art in "ab" else "Obama", unit="USD")
        for art, text in zip("abcd", texts, strict=True)
    ]
    found = sorted(sorted(v.article for v in c.variants) for c in only(compare(sums), "quantity"))
    assert found == [["a", "b"], ["c", "d"]]
    # alike on average (the bridge as alike as the pairs): one figure of four sources
    word[(1, 2)] = 0.5
    word[(0, 2)] = word[(1, 3)] = word[(0, 3)] = 0.2
    (cl,) = only(compare(sums), "quantity")
    assert cl.status == "corroborated" and cl.families == 4


def test_equal_sums_say_what_they_are_of() -> None:
    # the words beside a sum say what it is of: the two relief-well sums are one figure, the
    # two fund sums another; the sentences alike as a whole (BP, $100 million, said) do not
    # make the four one figure of four sources
    texts = {
        "a": "BP will spend $100 million to drill the relief well, the company said.",
        "b": "Drilling the relief well costs $100 million, the company said on Monday.",
        "c": "BP will pay $100 million into a fund for idled rig workers, Obama said.",
        "d": "Idled rig workers get a $100 million fund from BP, Obama said on Monday.",
    }
    sums = sums_in(texts, {"a": "BP", "b": "BP", "c": "Obama", "d": "Obama"})
    found = compare(sums, texts=texts)
    groups = sorted(sorted(v.article for v in c.variants) for c in only(found, "quantity"))
    assert groups == [["a", "b"], ["c", "d"]]
    # a count of people says what it counts in its unit: the same sentences give one figure
    counts = [replace(c, unit="people") for c in sums]
    (cl,) = only(compare(counts, texts=texts), "quantity")
    assert cl.families == 4


def test_one_value_counted_over_other_times_is_two_figures() -> None:
    # "$100 million a day" to cap the well and "$100 million" to drill the relief well
    texts = {
        "a": "BP says it is spending $100 million a day on the well, the company said.",
        "b": "BP says it is spending $100 million on the well, the company said.",
        "c": "BP says it is spending $100 million on the well, a spokesman said.",
    }
    sums = sums_in(texts, dict.fromkeys(texts, "BP"))
    groups = sorted(
        sorted(v.article for v in c.variants) for c in only(compare(sums, texts=texts), "quantity")
    )
    assert groups == [["a"], ["b", "c"]]


def test_two_groups_found_apart_are_not_checked_again_until_one_grows(monkeypatch) -> None:
    # forty wordings of a sum for one thing, forty for another, one alike pair across each: the
    # two groups are compared once when they are whole, not once for every pair across them
    from newsfuse.claims import compare as module

    n = 40
    word = {(i, j): 0.5 for g in (0, n) for i in range(g, g + n) for j in range(i + 1, g + n)}
    word |= {(k, n + k): 0.3 for k in range(n)}
    stub_word_similarities(monkeypatch, word)
    checks = []
    alike = module._alike_on_average

    def counted(*args):
        checks.append(1)
        return alike(*args)

    monkeypatch.setattr(module, "_alike_on_average", counted)
    sums = [
        figure(f"a{k}", 1e8, f"Report {k} gives $100 million.", speaker=f"S{k}", unit="USD")
        for k in range(2 * n)
    ]
    found = only(compare(sums), "quantity")
    assert sorted(len(c.variants) for c in found) == [n, n]
    assert len(checks) == 2 * (n - 1) + 1  # each join once, the two whole groups once


# --- whom a cluster gives its claim to ---------------------------------------------------------


def _speaking(article: str, speaker: str | None, attribution: str | None, family: str) -> Claim:
    return claim(
        "quantity", article, "30 years", value=30.0, unit="years", family=family,
        speaker=speaker, speaker_text=speaker, attribution=attribution,
    )  # fmt: skip


def test_a_figure_many_reports_repeat_is_no_ones_when_their_speakers_differ() -> None:
    from newsfuse.claims.compare import _cluster_speaker

    # seven copies of one page give it to a description; other families to other people
    copies = [_speaking(f"copy{k}", "a refocused mission", "unresolved", "f0") for k in range(7)]
    others = [
        _speaking("a1", "Gigi Ibrahim", "named", "f1"),
        _speaking("a2", "William Hague", "named", "f2"),
        _speaking("a3", "Mohammed Habib", "named", "f3"),
        _speaking("a4", None, None, "f4"),
    ]
    assert _cluster_speaker(copies + others) is None
    # one family's many copies outvote no one: Hague, said in two families of three, wins
    hague = [*copies, others[1], _speaking("a5", "William Hague", "resolved", "f5")]
    assert _cluster_speaker(hague) == "William Hague"


def test_a_cluster_keeps_the_speaker_its_wordings_agree_on() -> None:
    from newsfuse.claims.compare import _cluster_speaker

    same = [
        _speaking("a1", "Anna Berg", "named", "f1"),
        _speaking("a2", "Anna Berg", "resolved", "f2"),
        _speaking("a3", None, None, "f3"),
    ]
    assert _cluster_speaker(same) == "Anna Berg"
    # a description every speaking family gives is kept; one of several is not
    minister = [
        _speaking("a1", "the minister of antiquities", "unresolved", "f1"),
        _speaking("a2", None, None, "f2"),
    ]
    assert _cluster_speaker(minister) == "the minister of antiquities"
    split = [*minister, _speaking("a3", "Anna Berg", "named", "f3")]
    assert _cluster_speaker(split) is None
    assert _cluster_speaker([_speaking("a1", None, None, "f1")]) is None


def _random_pairs(rng: Any, n: int, density: float) -> tuple[Any, Any, Any]:
    """Random symmetric pairs of ``n`` texts without the diagonal, in row-major order: their
    rows, their columns and the rows' start positions (a CSR structure, as _Pairs holds)."""
    import numpy as np

    keep = rng.random((n, n)) < density
    keep = keep | keep.T
    np.fill_diagonal(keep, False)
    r, c = np.nonzero(keep)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(r, minlength=n), out=indptr[1:])
    return r, c, indptr


def test_the_best_match_in_each_article_is_found_as_the_pairs_loop_found_it() -> None:
    # _best_in_article (arrays) against the loop it replaces (a dict of claim and article),
    # on random sparse pairs with many ties
    import numpy as np

    from newsfuse.claims import compare
    from newsfuse.claims.compare import _best_in_article, _Pairs

    rng = np.random.default_rng(5)
    for _ in range(40):
        n = int(rng.integers(1, 30))
        r, c, indptr = _random_pairs(rng, n, 0.4)
        score = rng.integers(0, 4, len(r)).astype(np.float32) / 4  # ties
        zeros = np.zeros(len(r), dtype=np.float32)
        pairs = _Pairs(n, indptr, c.astype(np.int64), zeros, zeros, zeros)
        article = [f"a{int(x)}" for x in rng.integers(0, 5, n)]
        best: dict[tuple[int, str], int] = {}
        for i in range(n):
            top: dict[str, tuple[float, int]] = {}
            for k in pairs.row(i):
                j = int(pairs.indices[k])
                if article[j] != article[i]:
                    held = top.get(article[j])
                    if held is None or score[k] > held[0]:
                        top[article[j]] = (float(score[k]), j)
            for art, (_, j) in top.items():
                best[(i, art)] = j
        for rows in (1, 7, compare.PAIR_ROWS):  # blocks of whole rows of about so many pairs
            compare.PAIR_ROWS, saved = rows, compare.PAIR_ROWS
            try:
                found = _best_in_article(pairs, score, article)
            finally:
                compare.PAIR_ROWS = saved
            for k in range(len(r)):
                i, j = int(r[k]), int(c[k])
                assert bool(found[k]) == (best.get((i, article[j])) == j), (i, j)


def test_the_figure_pairs_are_read_as_the_list_of_tuples_read_them() -> None:
    # _NearPairs (arrays read block by block) against the list and dict it replaces, on random
    # sparse pairs with ties and values a few percent apart
    import numpy as np

    from newsfuse.claims import compare
    from newsfuse.claims.compare import _NearPairs, _Pairs

    rng = np.random.default_rng(9)
    for block in (3, compare.PAIR_BLOCK):
        for _ in range(30):
            n = int(rng.integers(1, 25))
            r, c, indptr = _random_pairs(rng, n, 0.5)
            word = (rng.integers(0, 8, len(r)) / 8).astype(np.float32)
            word = np.maximum(word, word[np.lexsort((r, c))])  # symmetric scores
            pairs = _Pairs(n, indptr, c.astype(np.int64), word, word, word)
            values = [float(v) for v in rng.choice([100.0, 102.0, 104.0, 150.0, 0.0], n)]
            old = [
                (i, j, max(values[i], values[j]), min(values[i], values[j]), float(pairs.word[k]))
                for i, j, k in pairs.upper()
                if pairs.word[k] >= 0.25
            ]
            compare.PAIR_BLOCK, saved = block, compare.PAIR_BLOCK
            compare.PAIR_ROWS, saved_rows = block, compare.PAIR_ROWS
            try:
                near = _NearPairs(pairs, values, 0.25)
                assert list(near.in_order()) == old
                by_word = sorted(old, key=lambda p: (-p[4], p[0], p[1]))
                assert list(near.closest_first()) == by_word
                alike = [p for p in by_word if not p[2] - p[3] > 0.03 * p[2]]
                assert list(near.closest_first(alike=True)) == alike
                words, table = near.words(), {(i, j): w for i, j, _, _, w in old}
                for i in range(n):
                    for j in range(i + 1, n):
                        assert words.get((i, j), 0.0) == table.get((i, j), 0.0)
            finally:
                compare.PAIR_BLOCK, compare.PAIR_ROWS = saved, saved_rows
