"""Recognisers for metadata printed in scraped text."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.extract import textmeta as tm


def test_dates_in_common_shapes() -> None:
    cases = {
        "5 November, 2024 Tuesday": date(2024, 11, 5),
        "Friday, November 8, 2024": date(2024, 11, 8),
        "Nov. 8 2024": date(2024, 11, 8),
        "2024-11-08T10:00": date(2024, 11, 8),
        "08.11.2024, 23:06": date(2024, 11, 8),
        "11/20/2019 01:14 PM": date(2019, 11, 20),
        "20/11/2019": date(2019, 11, 20),
    }
    for text, want in cases.items():
        hits = tm.find_dates(text)
        assert hits and hits[0].value == want, text


def test_no_date_without_a_year_or_in_prose_numbers() -> None:
    assert tm.find_dates("on Nov. 5 the minister said") == []
    assert tm.find_dates("31.02.2024") == []  # not a calendar day


def test_times() -> None:
    assert tm.find_time("8:50 AM") == (8, 50)
    assert tm.find_time("8:50 p.m.") == (20, 50)
    assert tm.find_time("12:05 am") == (0, 5)
    assert tm.find_time("18:39") == (18, 39)
    assert tm.find_time("no time here") is None


def test_bylines() -> None:
    assert tm.parse_byline("By Jane Roe") == ("Jane Roe", None)
    assert tm.parse_byline("by The Example Post news desk March 3, 2026 9:05 AM 4 min read") == (
        "The Example Post news desk",
        "The Example Post",
    )
    assert tm.parse_byline("Posted by site_admin on March 12, 2026") == ("site_admin", None)
    assert tm.parse_byline("by the way this is not a byline") is None


def test_credits_and_datelines() -> None:
    assert tm.parse_credit("Credit: Example Wire") == "Example Wire"
    assert tm.parse_credit("This article was originally published by The Example Post.") == "The Example Post"
    assert tm.parse_credit("Credit card fees rose again this year.") is None
    assert tm.dateline_agency("OSTBY, Norland (CPA) — The council said") == "CPA"
    assert tm.dateline_agency("The council (CPA) said") is None
    assert tm.trailing_agency("— Example Wire") == "Example Wire"


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)), st.sampled_from(["%d %B %Y", "%B %d, %Y", "%Y-%m-%d", "%d.%m.%Y", "%b. %d %Y"]))
def test_date_round_trip(d: date, fmt: str) -> None:
    hits = tm.find_dates(f"Published {d.strftime(fmt)} by the desk")
    assert [h.value for h in hits] == [d]


@given(st.text(max_size=200))
def test_recognisers_never_crash(text: str) -> None:
    tm.find_dates(text)
    tm.find_time(text)
    tm.parse_byline(text)
    tm.parse_credit(text)
    tm.dateline_agency(text)
