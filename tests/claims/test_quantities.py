"""Quantities: values, units, qualifiers, compositions and what is not a quantity.

The short example sentences are invented for these tests; the demo corpus is ours; the seed
captures are read from ../shared (tests marked ``shared``)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsfuse
from newsfuse.claims.quantities import (
    KINDS,
    QUALIFIERS,
    Quantity,
    find_quantities,
    same_measure,
    values_agree,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def one(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def brief(text: str) -> list[tuple[str, float, str | None, str]]:
    return [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities(text)]


# --- values ------------------------------------------------------------------------------------


def test_values_come_from_the_number_finder() -> None:
    q = one("They counted two hundred and fifty people.")
    assert (q.value, q.value_text, q.unit) == (250, "two hundred and fifty", "people")


@pytest.mark.parametrize(
    ("text", "value", "kind", "unit"),
    [
        ("It lists for nearly $ 700,000 now.", 700_000, "money", "USD"),
        ("It spent $ 1.6 bn on it.", 1_600_000_000, "money", "USD"),
        ("It cost USD 5 million.", 5_000_000, "money", "USD"),
        ("Lows reached -25 degrees.", -25, "measure", "degrees"),
        ("A 22-month old boy was found.", 22, "age", "months"),
    ],
)
def test_money_signs_and_ages_written_loosely(
    text: str, value: float, kind: str, unit: str
) -> None:
    q = one(text)
    assert (q.value, q.kind, q.unit) == (value, kind, unit)


def test_value_text_and_spans_point_into_the_text() -> None:
    text = "Officials said about 1,800 of its members joined."
    q = one(text)
    assert (q.text, q.value_text, q.unit_text, q.qualifier_text) == (
        "about 1,800 of its members",
        "1,800",
        "of its members",
        "about",
    )
    assert text[q.start : q.end] == q.text
    assert text[q.value_span[0] : q.value_span[1]] == q.value_text
    assert q.unit_span is not None and text[q.unit_span[0] : q.unit_span[1]] == q.unit_text
    assert q.qualifier_span is not None
    assert text[q.qualifier_span[0] : q.qualifier_span[1]] == "about"


@given(st.integers(min_value=1000, max_value=10**9))
def test_digits_with_separators_round_trip(n: int) -> None:
    for written in (f"{n:,}", f"{n:,}".replace(",", " ")):
        text = f"The agency counted {written} people."
        q = one(text)
        assert (q.value, q.unit, q.value_text) == (n, "people", written)
        assert text[q.start : q.end] == q.text


def test_ranges_give_low_and_high() -> None:
    for text in (
        "Between 10,000 and 12,000 troops were sent.",
        "Some 10,000 to 12,000 troops were sent.",
        "The army sent 10,000-12,000 troops.",
    ):
        q = one(text)
        assert (q.low, q.high, q.value, q.qualifier, q.unit) == (
            10000,
            12000,
            11000,
            "range",
            "troops",
        ), text
    q = one("Talks covered 10 to 12 million people.")
    assert (q.low, q.high) == (10_000_000, 12_000_000)


def test_vague_amounts() -> None:
    cases: list[tuple[str, int, str | None]] = [
        ("Hundreds of people gathered.", 100, "people"),
        ("Tens of thousands of people gathered.", 10_000, "people"),
        ("Several thousands of troops were sent.", 1000, "troops"),
        ("Several hundred strikers gathered.", 100, "strikers"),
        ("He was paid tens of thousands for a speech.", 10_000, None),
    ]
    for text, low, unit in cases:
        q = one(text)
        assert (q.qualifier, q.low, q.value, q.high, q.unit) == ("vague", low, low, low * 10, unit)


# --- units and kinds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "unit", "unit_text"),
    [
        ("They sent 11,000 troops.", "count", "troops", "troops"),
        ("It sent up to 12,000 Lorvian combat troops.", "count", "troops", "Lorvian combat troops"),
        ("It trains 11,000 Lorvian infantrymen.", "count", "infantrymen", "Lorvian infantrymen"),
        ("It killed six Lorvian military personnel.", "count", "military personnel", None),
        ("It has 14 cargo ships waiting.", "count", "ships", "cargo ships"),
        ("It drove 6.7 million Lorvians abroad.", "count", "Lorvians", "Lorvians"),
        ("It leaves a 1,500-kilometer front line.", "measure", "kilometers", "kilometer"),
        ("It lies about 60 kilometres away.", "measure", "kilometers", "kilometres"),
        ("It holds 240 million cubic metres of water.", "measure", "cubic meters", None),
        ("A 72-hour strike began.", "measure", "hours", "hour"),
        ("The bag weighs 5kg.", "measure", "kilograms", "kg"),
        ("It grew 9 percent.", "percent", "percent", "percent"),
        ("It grew 9 per cent.", "percent", "percent", "per cent"),
        ("It grew 9%.", "percent", "percent", "%"),
        ("It cost $3.5 billion in aid.", "money", "USD", "$"),
        ("It cost 2 million euros.", "money", "EUR", "euros"),
        ("It cost €2 million.", "money", "EUR", "€"),
        ("Men aged 18-60 may not leave.", "age", "years", None),
        ("The 55-year-old dam held.", "age", "years", None),
        ("Ada Lund, 67, spent the night there.", "age", "years", None),
    ],
)
def test_units_and_kinds(text: str, kind: str, unit: str, unit_text: str | None) -> None:
    q = one(text)
    assert (q.kind, q.unit) == (kind, unit)
    if unit_text is not None:
        assert q.unit_text == unit_text


def test_adjectives_used_as_nouns_count_the_dead_and_injured() -> None:
    assert brief("An attack left six dead and 23 injured, officials said.") == [
        ("six dead", 6, "dead", "exact"),
        ("23 injured", 23, "injured", "exact"),
    ]


def test_a_score_is_no_range() -> None:
    q = one("The home side took a 2-1 win on Thursday.")
    assert (q.kind, q.value_text, q.low, q.high) == ("score", "2-1", 2, 1)
    assert one("Scores were 3-1 after the match.").kind == "score"
    # an age range stays an age range even when a sports word is near
    assert one("Men aged 18-60 may not leave the lead team.").kind == "age"


def test_unit_from_the_number_of_phrase() -> None:
    q = one("The number of people forced from their homes has reached about 4,000.")
    assert (q.unit, q.unit_text, q.qualifier) == ("people", "people", "about")
    q = one("The agency put the number of absent workers at fewer than 1,100.")
    assert (q.unit, q.unit_text, q.qualifier) == ("workers", "absent workers", "fewer_than")
    # the unit lies outside the quantity's own span
    assert q.unit_span is not None and q.unit_span[1] <= q.start


def test_unit_from_a_pronoun_refers_to_the_last_count() -> None:
    text = "It plans to send 3,000 troops. This could increase their number to 15,000 soon."
    last = find_quantities(text)[-1]
    assert (last.value, last.unit, last.qualifier) == (15000, "troops", "could_rise_to")


def test_the_number_of_phrase_does_not_reach_across_an_unlinked_number() -> None:
    text = "It put the number of absent workers at 1,100 and said two were open."
    assert [q.unit for q in find_quantities(text)] == ["workers", None]


def test_of_phrase_with_a_number_gives_the_unit() -> None:
    two, five = find_quantities("It said two of the port’s five piers were open.")
    assert (two.unit, two.unit_text, five.unit) == ("piers", "of the port’s five piers", "piers")


def test_death_toll() -> None:
    assert one("The death toll rose to 45.").unit == "dead"


# --- qualifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier", "qualifier_text"),
    [
        ("About 4,000 people left.", "about", "About"),
        ("Some 4,000 residents left.", "about", "Some"),
        ("Roughly 80% agreed.", "about", "Roughly"),
        ("It hosts close to 1 million refugees.", "about", "close to"),
        ("It is nearly 100 kilometers away.", "about", "nearly"),
        ("An estimated 300 people left.", "about", "An estimated"),
        ("Up to 6,500 people left.", "up_to", "Up to"),
        ("As many as 15,000 troops came.", "up_to", "As many as"),
        ("At least 10,000 soldiers came.", "at_least", "At least"),
        ("It received over 500 applications.", "at_least", "over"),
        ("It received more than 500 applications.", "at_least", "more than"),
        ("It received upwards of 500 applications.", "at_least", "upwards of"),
        ("It said fewer than 1,100 employees came.", "fewer_than", "fewer than"),
        ("It said under 5 children came.", "fewer_than", "under"),
        ("It said no more than 20 people came.", "up_to", "no more than"),
        ("The total could rise to 9,000.", "could_rise_to", "could rise to"),
        ("The total could reach 9,000.", "could_rise_to", "could reach"),
        ("The total could rise to as many as 15,000.", "could_rise_to", "could rise to as many as"),
        ("Kyiv expects five units to arrive.", "expected", "expects"),
        ("The army plans to deploy five battalions.", "expected", "plans to"),
        ("5,000 troops are expected to arrive.", "expected", "are expected to"),
        ("They counted 11,000 troops.", "exact", ""),
    ],
)
def test_qualifiers(text: str, qualifier: str, qualifier_text: str) -> None:
    q = one(text)
    assert (q.qualifier, q.qualifier_text) == (qualifier, qualifier_text)


def test_about_after_a_topic_word_is_a_preposition() -> None:
    assert one("It raises questions about two key promises.").qualifier == "exact"
    assert one("He said about 30 people came.").qualifier == "about"


def test_qualifier_before_an_article() -> None:
    assert one("Over a 1000 troops were killed.").qualifier == "at_least"


def test_a_preposition_before_an_age_compound_is_no_qualifier() -> None:
    assert one("He put it around 23-year-old Ada's neck.").qualifier == "exact"
    assert one("A nearly 100-year-old dam broke.").qualifier == "about"


def test_a_number_with_a_determiner_or_a_modal_after_it_is_not_expected() -> None:
    assert one("The firm will cut a quarter of its 430,000 staff.").qualifier == "exact"
    assert one("These 14 million people will not join.").qualifier == "exact"


def test_either_or_is_a_range() -> None:
    q = one("I called 50 or 60 doctors.")
    assert (q.low, q.high, q.unit) == (50, 60, "doctors")
    q = one("It will make five to six million units.")
    assert (q.low, q.high, q.unit) == (5_000_000, 6_000_000, "units")


def test_strong_compound_counts_the_noun_after_it() -> None:
    q = one("A 3,000-strong force arrived.")
    assert (q.value, q.unit, q.kind) == (3000, "force", "count")


def test_age_of() -> None:
    q = one("People under the age of 65 are covered.")
    assert (q.kind, q.value) == ("age", 65)


def test_could_rise_to_is_part_of_the_phrase() -> None:
    assert (
        one("The number of evacuees could rise to 9,000 by Friday.").text == "could rise to 9,000"
    )


def test_over_before_a_duration_is_a_preposition_unless_it_measures_the_duration() -> None:
    assert one("They want a pay rise over two years.").qualifier == "exact"
    assert one("The war has gone on for over two years.").qualifier == "at_least"


def test_expected_needs_the_number_to_be_the_object_of_the_plan() -> None:
    # a preposition between the modal and the number, or a negation, means no plan for it
    assert one("No one would be allowed back into the three towns.").qualifier == "exact"
    assert one("The museum will open after 20 repairs.").qualifier == "exact"
    # a measure is not planned: the front line is 1,500 km long whatever is expected
    kinds = {
        q.kind: q.qualifier
        for q in find_quantities("Kyiv expects five units along the 1,500-kilometer line.")
    }
    assert kinds == {"count": "expected", "measure": "exact"}


# --- compositions and alternatives -------------------------------------------------------------


def test_units_of_n_each_give_a_total() -> None:
    units, each = find_quantities("Kyiv expects five units of 3,000 people each to arrive.")
    assert (units.value, units.unit, units.each, units.total) == (5, "units", False, None)
    assert (each.value, each.unit, each.each, each.total) == (3000, "people", True, 15000)
    assert each.text == "3,000 people each"
    assert each.total_note is not None and "×" in each.total_note


def test_each_of_which_gives_a_total() -> None:
    text = "It will send five battalions, each of which will consist of about 3,000 troops."
    battalions, troops = find_quantities(text)
    assert (battalions.value, battalions.unit) == (5, "battalions")
    assert (troops.value, troops.qualifier, troops.each, troops.total) == (
        3000,
        "about",
        True,
        15000,
    )


def test_bracketed_conversion_is_an_alternative_not_a_second_quantity() -> None:
    q = one("Gains of up to 9 kilometers (more than 5 miles) were made.")
    assert (q.value, q.unit, q.qualifier) == (9, "kilometers", "up_to")
    assert q.text == "up to 9 kilometers (more than 5 miles)"
    assert q.alternative is not None
    assert (q.alternative.value, q.alternative.unit, q.alternative.qualifier) == (
        5,
        "miles",
        "at_least",
    )
    # a bracketed figure without a qualifier of its own takes the outer one
    q = one("It lies nearly 100 kilometers (62 miles) east.")
    assert q.alternative is not None and q.alternative.qualifier == "about"


# --- not quantities ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The talks began on October 27-28.",
        "Cranes stood idle at Terminal 3 on Monday.",
        "Fat raises the risk (5, 6, 7, 8).",
        "Fat raises the risk (5).",
        "It would give rise to new firms.",
    ],
)
def test_not_quantities(text: str) -> None:
    # what is no number at all is tested in test_numbers.py; a bare number in brackets is
    # a number but no quantity (a reference mark)
    assert find_quantities(text) == [], [q.text for q in find_quantities(text)]


def test_a_day_count_compound_is_a_measure_of_days() -> None:
    q = one("The war nears its 1,000-day mark.")
    assert (q.kind, q.unit, q.value) == ("measure", "days", 1000)


# --- comparing ---------------------------------------------------------------------------------


def test_same_measure_uses_general_synonyms() -> None:
    def q(text: str) -> Quantity:
        return one(text)

    assert same_measure(q("They sent 300 troops."), q("They sent 300 soldiers."))
    assert same_measure(q("It killed six military personnel."), q("They sent 300 troops."))
    assert same_measure(q("About 4,000 people left."), q("Some 4,000 residents left."))
    assert same_measure(q("About 1,800 of its members left."), q("About 2,800 workers left."))
    assert same_measure(q("It is 12 km away."), q("It is 12 kilometres away."))
    assert same_measure(q("It grew 9%."), q("It grew 9 percent."))
    assert not same_measure(q("They sent 300 troops."), q("About 4,000 people left."))
    assert not same_measure(q("It is 12 km away."), q("It is 12 miles away."))
    assert not same_measure(q("It is 12 km away."), q("They sent 12 ships."))


def test_same_measure_counts_the_people_an_event_touches_as_one_measure() -> None:
    found = [
        one(text)
        for text in (
            "About 4,000 people left.",
            "Some 4,000 residents left.",
            "About 4,000 evacuees left.",
            "About 4,000 persons left.",
            "About 4,000 civilians left.",
            "About 4,000 villagers left.",
            "The flood left 4,000 displaced.",
        )
    ]
    assert found[-1].unit == "displaced"
    assert all(same_measure(a, b) for a in found for b in found)


def test_the_population_of_a_place_is_another_measure() -> None:
    inhabitants = one("The town has about 3,000 inhabitants.")
    population = one("The city has a population of 200,000.")
    town = one("It is a market town of about 3,000 people.")
    city = one("Troops entered a city of about 7 million.")
    assert (population.unit, population.unit_text) == ("population", "population")
    assert (town.unit, town.unit_text) == ("inhabitants", "people")
    assert (city.unit, city.unit_text) == ("population", "city")
    sizes = [inhabitants, population, town, city]
    assert all(same_measure(a, b) for a in sizes for b in sizes)
    affected = [
        one("About 4,000 residents were evacuated."),
        one("About 4,000 evacuees left."),
        one("Floods killed 300 people."),
        one("The attack left 300 dead."),
        one("It left 300 displaced."),
    ]
    assert not any(same_measure(a, b) for a in sizes for b in affected)
    # a town that counts people it moved is no size of a place
    assert one("The town of Ardel moved 300 people.").unit == "people"


def test_values_agree_given_qualifiers_and_rounding() -> None:
    def q(text: str) -> Quantity:
        return one(text)

    assert values_agree(q("About 4,000 people left."), q("Some 4,000 residents left."))
    assert values_agree(q("About 4,000 people left."), q("They counted 4,000 people."))
    assert values_agree(q("Up to 12,000 troops came."), q("They counted 12,000 troops."))
    assert values_agree(q("They counted 4,000 people."), q("They counted 4,012 people."))
    assert values_agree(q("Between 10,000 and 12,000 troops came."), q("They sent 11,000 troops."))
    assert not values_agree(q("They sent 11,000 troops."), q("They sent 12,000 troops."))
    assert not values_agree(q("About 4,000 people left."), q("Up to 6,500 people left."))
    assert not values_agree(q("About 1,800 people left."), q("About 2,800 people left."))
    assert not values_agree(q("Up to 12,000 troops came."), q("At least 10,000 troops came."))
    assert not values_agree(q("Fewer than 1,100 people came."), q("About 1,800 people came."))


# --- the demo corpus ---------------------------------------------------------------------------


@cache
def demo_texts() -> dict[str, str]:
    articles = newsfuse.extract_articles([str(EXAMPLES / "corpus")])
    return {Path(a.source).name: a.text for a in articles}


_QUALIFIER_OF = {"about": "about", "up to": "up_to", "could rise to": "could_rise_to"}
_QUALIFIER_OF |= {"fewer than": "fewer_than", "percent": "exact"}


def _expected_qualifier(listed: str, phrase: str) -> str:
    if listed.startswith("exact"):
        return "exact"
    if phrase.lower().startswith("some "):
        return "about"
    return _QUALIFIER_OF[listed]


def _number_in(phrase: str) -> float:
    m = re.search(r"\d[\d,]*", phrase)
    if m:
        return float(m.group(0).replace(",", ""))
    return {"Seventeen": 17.0}[phrase.split()[0]]


def test_demo_corpus_numbers_of_the_answer_key() -> None:
    truth: dict[str, Any] = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
    texts = demo_texts()
    checked = 0
    for number in truth["claims"]["numbers"]:
        for source, phrase in number["texts"].items():
            text = texts[source]
            at = text.find(phrase)
            assert at >= 0, (source, phrase)
            inside = [
                q
                for q in find_quantities(text)
                if at <= q.value_span[0] and q.value_span[1] <= at + len(phrase)
            ]
            assert len(inside) == 1, (source, phrase, [q.text for q in inside])
            q = inside[0]
            assert q.value == _number_in(phrase), (source, phrase, q)
            assert q.qualifier == _expected_qualifier(number["qualifier"], phrase), (source, q)
            if number["qualifier"] == "percent":
                assert q.kind == "percent"
            checked += 1
    assert checked == 29


def test_demo_corpus_units_of_the_evacuation_figures() -> None:
    texts = demo_texts()
    by_text = {
        (source, q.text): q.unit for source, text in texts.items() for q in find_quantities(text)
    }
    assert by_text[("eastwind-reports-live-march-12.txt", "about 4,000")] == "people"
    assert by_text[("eastwind-reports-live-march-12.txt", "up to 6,500")] == "people"
    assert by_text[("haverlund-courier-dam-relief.html", "about 4,000")] == "evacuees"
    assert by_text[("meridian-independent-dam-forecast.txt", "could rise to 9,000")] == "people"
    assert by_text[("wire.jsonl#2", "fewer than 1,100")] == "workers"
    assert by_text[("wire.jsonl#2", "14 cargo ships")] == "ships"


def test_demo_corpus_evacuees_and_inhabitants_are_different_measures() -> None:
    texts = demo_texts()
    found = {(source, q.text): q for source, text in texts.items() for q in find_quantities(text)}
    evacuees = found[("haverlund-courier-dam-relief.html", "about 4,000")]
    residents = found[("globe-ticker-kessring-dam-rewrite.txt", "Some 4,000 residents")]
    inhabitants = found[("estmark-ledger-live-march-13.html", "about 3,000 inhabitants")]
    town = found[("meridian-independent-dam-forecast.txt", "about 3,000 people")]
    assert same_measure(evacuees, residents) and values_agree(evacuees, residents)
    assert same_measure(inhabitants, town)
    assert not same_measure(inhabitants, evacuees) and not same_measure(town, residents)


def test_demo_corpus_quantities_are_well_formed() -> None:
    for source, text in demo_texts().items():
        for q in find_quantities(text):
            assert text[q.start : q.end] == q.text, source
            assert q.start <= q.value_span[0] < q.value_span[1] <= q.end, (source, q.text)
            assert q.kind in KINDS and q.qualifier in QUALIFIERS, (source, q)


def test_demo_corpus_has_no_dates_times_or_labels_as_quantities() -> None:
    for source, text in demo_texts().items():
        for q in find_quantities(text):
            assert not re.fullmatch(r"(?:19|20)\d\d", q.value_text), (source, q.text)
            assert "Terminal" not in text[max(0, q.start - 9) : q.start], (source, q.text)
            assert q.value_text not in ("3-4", "2-1") or q.kind == "score", (source, q.text)


# --- the seeds ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, str]:
    articles = newsfuse.extract_articles(sorted(str(p) for p in seeds_dir.iterdir()))
    return {Path(a.source).name[:3]: a.text for a in articles}


def _find(text: str, phrase: str) -> Quantity:
    """The quantity whose value lies inside the first occurrence of ``phrase``."""
    at = text.find(phrase)
    assert at >= 0, phrase
    inside = [
        q
        for q in find_quantities(text)
        if at <= q.value_span[0] and q.value_span[1] <= at + len(phrase)
    ]
    assert len(inside) == 1, (phrase, [q.text for q in inside])
    return inside[0]


SEED_CASES = [
    ("000", "11,000 troops", 11000, "troops", "exact"),
    ("000", "five units", 5, "units", "expected"),
    ("000", "1,500-kilometer front line", 1500, "kilometers", "exact"),
    ("000", "war to 15,000", 15000, "North Koreans", "expected"),
    ("000", "over 500 applications", 500, "applications", "at_least"),
    ("000", "30 countries", 30, "countries", "exact"),
    ("000", "6.7 million Ukrainians", 6_700_000, "Ukrainians", "exact"),
    ("000", "Around 90%", 90, "percent", "about"),
    ("000", "$3.5 billion", 3_500_000_000, "USD", "about"),
    ("000", "close to 1 million Ukrainian refugees", 1_000_000, "refugees", "about"),
    ("000", "Several thousands of DPRK troops", 1000, "troops", "vague"),
    ("001", "about 3,000 troops", 3000, "troops", "about"),
    ("001", "up to 10,000 people", 10000, "people", "up_to"),
    ("001", "20 soldiers", 20, "soldiers", "exact"),
    ("001", "six North Korean military personnel", 6, "military personnel", "exact"),
    ("001", "10,000 North Korean soldiers", 10000, "soldiers", "expected"),
    ("001", "11,000 North Korean infantrymen", 11000, "infantrymen", "exact"),
    ("001", "2,600 soldiers", 2600, "soldiers", "exact"),
    ("001", "their number to 15,000", 15000, "troops", "could_rise_to"),
    ("002", "up to 12,000 North Korean combat troops", 12000, "troops", "up_to"),
    ("002", "at least 10,000 North Korean soldiers", 10000, "soldiers", "at_least"),
    ("002", "six dead", 6, "dead", "exact"),
    ("002", "23 injured", 23, "injured", "exact"),
    ("003", "11,000 North Korean soldiers", 11000, "soldiers", "exact"),
    ("004", "as many as 15,000", 15000, "troops", "could_rise_to"),
]


@pytest.mark.shared
@pytest.mark.parametrize(("seed", "phrase", "value", "unit", "qualifier"), SEED_CASES)
def test_seed_quantities(
    seeds: dict[str, str], seed: str, phrase: str, value: float, unit: str, qualifier: str
) -> None:
    q = _find(seeds[seed], phrase)
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier), q


@pytest.mark.shared
def test_seed_compositions_and_alternatives(seeds: dict[str, str]) -> None:
    each = _find(seeds["000"], "3,000 people each")
    assert (each.each, each.total, each.unit) == (True, 15000, "people")
    each = _find(seeds["001"], "about 3,000 troops")
    assert (each.each, each.total) == (True, 15000)
    each = _find(seeds["002"], "approximately 3,000 soldiers")
    assert (each.each, each.total, each.qualifier) == (True, 15000, "about")
    q = _find(seeds["002"], "up to 9 kilometers")
    assert q.alternative is not None
    assert (q.alternative.value, q.alternative.unit, q.alternative.qualifier) == (
        5,
        "miles",
        "at_least",
    )
    q = _find(seeds["000"], "nearly 100 kilometers")
    assert q.alternative is not None and (q.alternative.value, q.alternative.unit) == (62, "miles")
    # the bracketed figures are not quantities of their own
    for seed in ("000", "002"):
        assert "miles" not in [q.unit for q in find_quantities(seeds[seed])]


@pytest.mark.shared
def test_seed_non_quantities(seeds: dict[str, str]) -> None:
    texts = [q.value_text for q in find_quantities(seeds["000"])]
    for absent in ("5", "4", "2022", "1943", "44", "29", "7"):
        assert absent not in texts, absent
    q = _find(seeds["000"], "aged 18-60")
    assert (q.kind, q.low, q.high) == ("age", 18, 60)
    q = _find(seeds["002"], "1,000-day mark")
    assert (q.kind, q.unit) == ("measure", "days")
    texts = [q.value_text for q in find_quantities(seeds["001"])]
    for absent in ("27-28", "28", "23", "25", "17", "4", "8", "5"):
        assert absent not in texts, absent


@pytest.mark.shared
def test_seed_troop_figures_compare(seeds: dict[str, str]) -> None:
    eleven = _find(seeds["000"], "11,000 troops")
    infantry = _find(seeds["001"], "11,000 North Korean infantrymen")
    up_to_12 = _find(seeds["002"], "up to 12,000 North Korean combat troops")
    at_least_10 = _find(seeds["002"], "at least 10,000 North Korean soldiers")
    assert same_measure(eleven, up_to_12) and same_measure(eleven, at_least_10)
    assert values_agree(eleven, _find(seeds["003"], "11,000 North Korean soldiers"))
    assert not values_agree(eleven, up_to_12)
    assert not values_agree(up_to_12, at_least_10)
    assert not same_measure(eleven, infantry) or values_agree(eleven, infantry)
