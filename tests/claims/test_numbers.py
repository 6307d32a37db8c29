"""Numbers: digits, words, scales, ranges, vague amounts, and what is not an amount.

The example sentences are invented for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.claims.numbers import (
    MEASURE_UNITS,
    Number,
    find_numbers,
    next_words,
    plural_like,
    sentence_initial,
)


def one(text: str) -> Number:
    found = find_numbers(text)
    assert len(found) == 1, [n.text for n in found]
    return found[0]


def values(text: str) -> list[float]:
    return [n.value for n in find_numbers(text)]


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They counted 11,000 people.", 11000),
        ("They counted 11 000 people.", 11000),
        ("They counted five people.", 5),
        ("Seventeen ships waited.", 17),
        ("It has 1.5 million people.", 1_500_000),
        ("It raised $1.5m last year.", 1_500_000),
        ("Sales reached 2.3bn euros.", 2_300_000_000),
        ("They counted two hundred and fifty people.", 250),
        ("They counted twenty-five people.", 25),
        ("A dozen protesters gathered.", 12),
        ("The war has gone on for two and a half years.", 2.5),
        ("Lows reached -25 degrees.", -25),
    ],
)
def test_values_are_normalised(text: str, value: float) -> None:
    assert one(text).value == value


def test_text_and_spans_point_into_the_text() -> None:
    text = "It lists for nearly $ 700,000 and a dozen more."
    money, dozen = find_numbers(text)
    assert (money.text, money.value, money.currency) == ("$ 700,000", 700_000, "USD")
    assert money.currency_span is not None
    assert text[money.currency_span[0] : money.currency_span[1]] == "$"
    assert (dozen.text, dozen.value) == ("a dozen", 12)
    for n in (money, dozen):
        assert text[n.start : n.end] == n.text


@given(st.integers(min_value=1000, max_value=10**9))
def test_digits_with_separators_round_trip(n: int) -> None:
    for written in (f"{n:,}", f"{n:,}".replace(",", " ")):
        found = one(f"The agency counted {written} people.")
        assert (found.value, found.text) == (n, written)


def test_scale_words_and_suffixes_keep_their_factor() -> None:
    assert (one("It has 12 million people.").scale, one("It cost $2bn.").scale) == (10**6, 10**9)
    assert one("They counted 40 people.").scale == 1


# --- ranges and vague amounts ------------------------------------------------------------------


def test_ranges_give_low_high_and_their_midpoint() -> None:
    for text in (
        "Between 10,000 and 12,000 troops were sent.",
        "Some 10,000 to 12,000 troops were sent.",
        "The army sent 10,000-12,000 troops.",
        "I called 10,000 or 12,000 doctors.",
    ):
        n = one(text)
        assert (n.low, n.high, n.value) == (10000, 12000, 11000), text
    n = one("Talks covered 10 to 12 million people.")
    assert (n.low, n.high) == (10_000_000, 12_000_000)


def test_a_change_from_one_figure_to_another_is_no_range() -> None:
    assert values("The toll rose from 10 to 12 percent.") == [10, 12]
    assert values("I called 60 or 50 doctors.") == [60, 50]


def test_scores_and_age_ranges_are_marked() -> None:
    n = one("The home side took a 2-1 win on Thursday.")
    assert (n.kind, n.text, n.value, n.low, n.high) == ("score", "2-1", 2, 2, 1)
    assert one("Men aged 18-60 may not leave the lead team.").kind == "age"
    assert one("The army sent 18-60 trucks.").kind is None


def test_vague_amounts() -> None:
    cases = [
        ("Hundreds of people gathered.", 100),
        ("Tens of thousands of people gathered.", 10_000),
        ("Several thousands of troops were sent.", 1000),
        ("Several hundred strikers gathered.", 100),
        ("Dozens of ships waited.", 12),
    ]
    for text, low in cases:
        n = one(text)
        assert (n.vague, n.low, n.value, n.high) == (True, low, low, low * 10), text
    assert one("They sent 11 thousand troops.").vague is False


# --- not numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The talks began on Nov. 4.",
        "The talks began on October 27-28.",
        "The talks began on March 3-4.",
        "The talks began in 2022.",
        "The massacre of 1943-44 was discussed.",
        "It was the largest war since World War II.",
        "The strike began at 6 a.m. on Monday.",
        "The bulletin came at 9:05 on Monday.",
        "By the news desk 4 min read",
        "Call +44 20 7946 0958 for details.",
        "Call (555) 123-4567 for details.",
        "Call 555-123-4567 for details.",
        "He came first and she came second.",
        "It was one of the best.",
        "He scored in the 89th minute.",
        "It was popular in the 1990s.",
        "They have not delivered the MiG-29 jets.",
        "The G7 met on Tuesday.",
        "Cranes stood idle at Terminal 3 on Monday.",
        "Ministers of the Group of Seven met.",
        "They met two years ago.",
        "It holds about two thirds of the traffic.",
        "It runs 24/7 now.",
        "The new iPhone 6 and the iPhone 5c sold well.",
        "He listened to News 96.5 all day.",
        "See https://example.org/a/2/b3 for details.",
        "She graduated with the class of ’17 last year.",
        "He was shot at 4 in the morning.",
        "Posted Sunday 20 June 2010 20.22 BST by the desk.",
        "The father-of-five was arrested.",
        "Its account id is 510456172418517.",
        "Fat raises the risk (5, 6, 7, 8).",
        "It would give rise to new firms.",
        "In 2015 includes the parts.",
    ],
)
def test_not_numbers(text: str) -> None:
    assert find_numbers(text) == [], [n.text for n in find_numbers(text)]


def test_a_bare_scale_word_needs_an_article() -> None:
    assert [n.text for n in find_numbers("A million came, then million more.")] == ["A million"]


def test_numbered_list_items_are_not_numbers() -> None:
    assert values("Reasons:\n3. The dam is old.\n4) It rained 20 days.") == [20]


def test_a_year_like_number_before_a_plural_noun_is_a_count() -> None:
    assert values("They sent 2000 soldiers.") == [2000]
    assert values("They sent it in 2000 to them.") == []


def test_a_unit_written_on_the_digits_is_no_label() -> None:
    assert {"km", "kg", "mph"} <= MEASURE_UNITS.keys()
    assert MEASURE_UNITS["kilometres"] == "kilometers"
    assert values("It lies 40km away and weighs 5kg.") == [40, 5]
    assert values("The 5G masts went up.") == []


def test_a_hedge_or_adverb_before_a_bare_number_is_no_label() -> None:
    assert values("Approximately 300 were evacuated.") == [300]
    assert values("Exactly 300 were evacuated.") == [300]
    assert values("Gate 300 was closed.") == []


def test_capitalised_number_words_are_read_only_where_a_sentence_opens() -> None:
    text = "He left. Seventeen stayed."
    assert values(text) == [17]
    assert find_numbers(text, sentence_starts=()) == []  # the offsets given are used
    assert values("They said: “Twelve stayed.”") == [12]


# --- the words around a number -----------------------------------------------------------------


def test_next_words_stop_at_punctuation() -> None:
    text = "It sent 300 combat troops, and more."
    assert next_words(text, text.index("300") + 3, 5) == [("combat", 12, 18), ("troops", 19, 25)]


def test_plural_like() -> None:
    assert all(plural_like(w) for w in ("troops", "people", "infantrymen", "staff"))
    assert not any(plural_like(w) for w in ("bus", "crisis", "its", "Thursday", "Lund’s"))


def test_sentence_initial() -> None:
    text = "It rose. Then (Five came"
    assert sentence_initial(text, 0, ())
    assert sentence_initial(text, text.index("Then"), {text.index("Then")})
    assert sentence_initial(text, text.index("Five"), ())
    assert not sentence_initial(text, text.index("Then"), ())


# --- bounds (issue 12: R1, R2, R9) --------------------------------------------------------------


def test_figures_past_the_bounds_are_left_unread() -> None:
    assert values("It cost $" + "9" * 5000 + " in all, and 12 ships came.") == [12]
    assert values("They paid $" + "9" * 400 + " million.") == []
    assert values("Some 10,000,000,000,000,000,000 people came.") == []
    assert values("They paid $2 trillion, not $5,000 trillion.") == [2e12]
    assert values("It fell to -" + "9" * 30 + " degrees.") == []


def test_runs_of_number_words_that_are_no_number_are_left_unread() -> None:
    assert values("three hundred and " * 154) == []  # R9: a float overflow
    assert values("They counted " + "three hundred and " * 3 + "people.") == []
    assert values("A sign read " + "hundred " * 2200) == []  # R2
    assert values("They counted two hundred and fifty thousand people.") == [250_000]


def test_digits_of_one_script_are_read_and_a_mix_is_not() -> None:
    assert values("They counted ١٢٣ people and １２ ships.") == [123, 12]
    assert values("They counted 1٣ people.") == []
    assert values("Police gave the date as 10.03.2026 and the address as 192.168.1.1.") == []
