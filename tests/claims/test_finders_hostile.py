"""Hostile and random text through every claim finder: no exception, spans inside the text and
in order, figures within their bounds, dates on the calendar.

The texts mix what breaks readers of numbers and dates: digits and separators (``10.03.2026``,
``1,2,3``, ``$ 169.000.00``), digits of other scripts, exponents and ``nan``, runs of number
words, quotation marks and dashes, month and weekday names, relative dates, very long tokens;
and publication dates at both ends of the calendar. ``max_examples`` is bounded so that the
file runs in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsfuse.claims.entities import find_mentions
from newsfuse.claims.numbers import find_numbers
from newsfuse.claims.quantities import find_quantities
from newsfuse.claims.quotes import find_attributions
from newsfuse.claims.stance import LABELS, RELATIONS, sentence_relation, stance
from newsfuse.claims.timex import find_times
from newsfuse.dedup.facts import fact_overlap, facts
from newsfuse.stories.dates import find_date_mentions
from newsfuse.text import MAX_FIGURE, numbers, split_sentences

DAY = dt.date(2026, 3, 12)

# The pieces hostile and unlucky texts are made of.
TOKENS = [
    # digits, separators, things that look like numbers and are not
    "10.03.2026", "192.168.1.1", "$ 169.000.00", "1.2.3.4.5", "1,2,3", "1e400", "nan", "inf",
    "-inf", "0x1F", "1_000", "4,000", "11 000", "6,500", "2.5", "1.5m", "$2bn", "€3.2 billion",
    "5%", "12 percent", "-25", "007", "24/7", "9:05", "6 a.m.", "2-1", "18-60", "10 to 12",
    "１２３", "٣", "۱۲", "४२", "𝟏𝟐", "²", "①", "፩", "1٣", "3.", ".5", ",", ".", "...", "…",
    # number words
    "three", "hundred", "and", "thousand", "million", "billion", "trillion", "dozen", "a",
    "twenty-five", "one", "zero", "tens of thousands of", "hundreds of", "several",
    # dates and times
    "March", "Nov.", "May", "Monday", "Tuesday's", "2024", "1999", "9999", "0000", "31",
    "32", "the 1990s", "Q3", "yesterday", "tomorrow", "tonight", "last week", "next year",
    "ago", "days", "weeks", "months", "years", "later", "earlier", "before", "the day before",
    "early", "late", "mid-", "this", "winter", "fourth quarter", "2024-02-30", "2024-13-45",
    # quotes, dashes, speakers
    '"', "“", "”", "‘", "’", "'", "«", "»", "„", "—", "–", "-", "(", ")", ":", ";",
    "said", "says", "told", "according to", "he", "she", "Mr", "Dr.", "Gen.", "U.S.",
    "Maria Kovacs", "the minister", "Reuters", "Valmora", "denied", "not", "people", "troops",
    "km", "dollars", "killed", "protesters",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ", ", ". ", "-", "", "\u00a0", "\t"]


def _joined(parts: list[tuple[str, str]]) -> str:
    return "".join(tok + sep for tok, sep in parts)


def _long_token() -> st.SearchStrategy[str]:
    """A token repeated many times: digits, number words, dotted digits, quote marks."""
    unit = st.sampled_from(
        ["9", "1.", "1,", "hundred ", "three hundred and ", "million ", "“", '" ', "— ", "٣"]
    )
    return st.builds(lambda u, n: u * n, unit, st.integers(1, 3000))


TEXTS = st.one_of(
    st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS)), max_size=60).map(
        _joined
    ),
    st.text(max_size=200),
    st.text(alphabet="0123456789.,- $%٣１e", max_size=80),
    st.builds(
        lambda a, long, b: f"{a} {long} {b}",
        st.sampled_from(["Officials said", "About", "“We", "It rose", "On"]),
        _long_token(),
        st.sampled_from(["people were killed.", "days ago.", "” he said.", "", "percent."]),
    ),
)
PUBLISHED = st.one_of(
    st.none(),
    st.sampled_from([dt.date.min, dt.date.max, dt.date(1, 1, 7), dt.date(9999, 12, 25)]),
    st.dates(),
)
RUNS = settings(max_examples=60)
# the reproducers of issue 12, written small: a dotted date, a run of "hundred", a run of
# "three hundred and" that overflowed a float, 5,000 digits, a figure past a float
HOSTILE = [
    "Die Polizei meldete am 10.03.2026 einen Streik, sagte ein Sprecher.",
    "A sign read " + "hundred " * 2200,
    "three hundred and " * 154,
    "It cost $" + "9" * 5000 + " in all.",
    "They paid $" + "9" * 400 + " million, 1e400 or nan or 0x1F or 1_000 or １２３ or ٣.",
    "99999999999999999999 days ago and 9999999999 days later the 9999 quarter began.",
]


def _examples(test):  # type: ignore[no-untyped-def]
    for text in HOSTILE:
        test = example(text)(test)
    return test


def _pair_examples(test):  # type: ignore[no-untyped-def]
    for text in HOSTILE:
        test = example(text, "Officials said 12 people died on 10.03.2026. " + text)(test)
    return test


def _dated_examples(test):  # type: ignore[no-untyped-def]
    for text in HOSTILE:
        test = example(text, dt.date.max)(test)
    for day in (dt.date.min, dt.date.max):
        text = "Yesterday, tomorrow, next week, on Monday, last month, next year, this weekend"
        test = example(text + ", two days later and the day before, late December.", day)(test)
    return test


def _inside(text: str, start: int, end: int) -> bool:
    return 0 <= start <= end <= len(text)


def _bounded(value: float | None) -> bool:
    return value is None or (math.isfinite(value) and abs(value) <= MAX_FIGURE)


@RUNS
@given(TEXTS)
@_examples
def test_sentences_are_ordered_spans_of_the_text(text: str) -> None:
    spans = split_sentences(text)
    end = 0
    for a, b in spans:
        assert end <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        end = b


@RUNS
@given(TEXTS, TEXTS)
@_pair_examples
def test_facts_read_bounded_figures(a: str, b: str) -> None:
    for key in numbers(a):
        plain = key.rstrip("%")
        assert len(plain) <= 40 and plain.replace(".", "", 1).isdigit(), key
        assert float(plain) <= MAX_FIGURE
    overlap = fact_overlap(facts(a), facts(b))
    assert 0.0 <= overlap["survival"] <= 1.0  # type: ignore[operator]


@RUNS
@given(TEXTS)
@_examples
def test_numbers_and_quantities_are_bounded_spans_in_order(text: str) -> None:
    found = find_numbers(text)
    assert [n.start for n in found] == sorted(n.start for n in found)
    for n in found:
        assert _inside(text, n.start, n.end) and text[n.start : n.end] == n.text
        assert all(_bounded(v) for v in (n.value, n.low, n.high))
    quantities = find_quantities(text)
    assert [q.start for q in quantities] == sorted(q.start for q in quantities)
    for q in quantities:
        assert _inside(text, q.start, q.end) and text[q.start : q.end] == q.text
        assert _inside(text, *q.value_span)
        for span in (q.unit_span, q.qualifier_span):
            assert span is None or _inside(text, *span)
        assert all(_bounded(v) for v in (q.value, q.low, q.high))
        assert q.total is None or math.isfinite(q.total)


@RUNS
@given(TEXTS, PUBLISHED)
@_dated_examples
def test_times_are_ordered_spans_with_calendar_values(text: str, published: dt.date | None) -> None:
    found = find_times(text, published)
    end = 0
    for t in found:
        assert end <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text
        end = t.end
        days = t.days()  # a value that is not on the calendar gives None, never an error
        assert days is None or days[0] <= days[1]
    for d in find_date_mentions(text, published):
        assert _inside(text, d.start, d.end)


@RUNS
@given(TEXTS)
@_examples
def test_names_and_attributions_are_spans_of_the_text(text: str) -> None:
    mentions = find_mentions(text)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for m in mentions:
        assert _inside(text, m.start, m.end) and text[m.start : m.end] == m.text
        assert m.role_span is None or _inside(text, *m.role_span)
    for a in find_attributions(text):
        assert _inside(text, *a.content)
        for span in (a.source, a.cue, a.medium_span, a.clause, *a.paragraphs, *a.pieces):
            assert span is None or _inside(text, *span)


@RUNS
@given(TEXTS, TEXTS)
@_pair_examples
def test_stance_and_relation_always_answer(claim: str, body: str) -> None:
    assert stance(claim, body).label in LABELS
    assert sentence_relation(claim, body).label in RELATIONS


# One long line of one pattern, each of which took time growing with the square of its length
# (30 s to 2 min for these; a long page of comments or a page with no sentence ends is like
# them): the finders must stay linear. The bound is loose, for a busy machine.
LONG_LINES: list[tuple[str, Callable[[str], object], str]] = [
    ("weekdays", lambda t: find_date_mentions(t, DAY), "Monday Tuesday Friday " * 2500),
    ("reported speech", find_attributions, "He said that she told them that " * 2500),
    ("months and seasons", lambda t: find_times(t, DAY), "in November and the winter, " * 2500),
    ("figures", find_quantities, "4,000 and 12 and 1.5 and " * 2000),
]


@pytest.mark.parametrize(("name", "finder", "text"), LONG_LINES, ids=[c[0] for c in LONG_LINES])
def test_finders_take_linear_time_on_one_long_line(
    name: str, finder: Callable[[str], object], text: str
) -> None:
    start = time.perf_counter()
    finder(text)
    assert time.perf_counter() - start < 15, name
