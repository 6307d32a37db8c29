"""Dates a text mentions, resolved against the publication date."""

from __future__ import annotations

import datetime as dt

from newsfuse.stories.dates import (
    date_features,
    days_after,
    find_date_mentions,
    parse_published,
)

FRIDAY = dt.date(2026, 3, 13)


def resolved(text: str, published: dt.date | None = FRIDAY) -> list[tuple[str, str, str]]:
    return [
        (text[m.start : m.end], m.value.isoformat(), m.grain)
        for m in find_date_mentions(text, published)
    ]


def test_full_dates_need_no_anchor() -> None:
    assert resolved("It opened on 5 November 2024 and on Nov. 8, 2024.", None) == [
        ("5 November 2024", "2024-11-05", "day"),
        ("Nov. 8, 2024", "2024-11-08", "day"),
    ]


def test_a_day_without_year_takes_the_year_nearest_the_publication_date() -> None:
    # "Nov. 4" in a March 2026 article is last November; "March 16" is next Monday
    assert resolved("The crack was found on Nov. 4. Talks resume on March 16.") == [
        ("Nov. 4", "2025-11-04", "day"),
        ("March 16", "2026-03-16", "day"),
    ]


def test_weekdays_look_back_unless_the_sentence_speaks_of_the_future() -> None:
    assert resolved("Dravenko said on Thursday that the dam held.") == [
        ("Thursday", "2026-03-12", "day")
    ]
    assert resolved("The museum will reopen on Saturday.") == [("Saturday", "2026-03-14", "day")]
    # a weekday followed by its date is not counted twice
    assert resolved("The strike runs until Monday, March 16.") == [
        ("March 16", "2026-03-16", "day")
    ]


def test_relative_words_months_and_years() -> None:
    got = resolved("Yesterday the board met. In November it had warned. The dam dates from 1971.")
    assert got == [
        ("Yesterday", "2026-03-12", "day"),
        ("November", "2025-11-01", "month"),
        ("1971", "1971-01-01", "year"),
    ]
    assert resolved("He was convicted in June 2012.") == [("June 2012", "2012-06-01", "month")]


def test_without_a_publication_date_only_month_and_day_features_remain() -> None:
    mentions = find_date_mentions("Umerov confirmed the clashes on Nov. 5 and on Tuesday.", None)
    assert [(m.value.month, m.value.day, m.grain) for m in mentions] == [(11, 5, "monthday")]
    assert date_features(mentions) == {"md:11-05": 0.5}


def test_features_at_several_grains() -> None:
    feats = date_features(find_date_mentions("It happened on March 11, 2026.", None))
    assert feats == {"md:03-11": 0.5, "d:2026-03-11": 1.0, "m:2026-03": 0.5, "y:2026": 0.25}


def test_parse_published() -> None:
    assert parse_published("2026-03-12T14:20:00+01:00") == dt.date(2026, 3, 12)
    assert parse_published("2026-03-12") == dt.date(2026, 3, 12)
    assert parse_published("not a date") is None
    assert parse_published(None) is None


def test_days_after_stays_on_the_calendar() -> None:
    assert days_after(dt.date(2024, 2, 28), 1) == dt.date(2024, 2, 29)
    assert days_after(dt.date.max, 1) is None and days_after(dt.date.min, -1) is None
    assert days_after(dt.date(2024, 1, 1), 10**18) is None


def test_relative_days_off_the_calendar_are_left_out() -> None:
    text = "Yesterday the union met; it meets again tomorrow, officials said on Monday."
    late = {m.value for m in find_date_mentions(text, dt.date.max)}
    assert dt.date(9999, 12, 30) in late and all(d <= dt.date.max for d in late)
    early = {m.value for m in find_date_mentions(text, dt.date.min)}
    assert dt.date(1, 1, 2) in early
