"""Time expressions: found, spanned and resolved to calendar values.

Unit tests on hand-written sentences for each shape the finder handles; a data-driven test over
every date phrase of the demo answer key (examples/truth.json, claims.relative_dates and
claims.absolute_dates); and the dates of the events in the seed captures (marked shared).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import newsfuse
from newsfuse.claims import timex
from newsfuse.claims.timex import TimeExpression, find_times, value_days
from newsfuse.claims.timex_rules import find_candidates, select_candidates
from newsfuse.records import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TRUTH: dict[str, Any] = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
D = dt.date

THU = D(2024, 11, 7)  # a Thursday


def one(
    text: str, published: dt.date | str | None = THU, phrase: str | None = None
) -> TimeExpression:
    """The single expression of ``text`` (or the one overlapping ``phrase``)."""
    found = find_times(text, published)
    if phrase is not None:
        s = text.index(phrase)
        found = [e for e in found if e.start < s + len(phrase) and s < e.end]
    assert len(found) == 1, found
    return found[0]


def day(e: TimeExpression) -> dt.date:
    days = e.days()
    assert days is not None and days[0] == days[1], e
    return days[0]


# ---------------------------------------------------------------------------------------------
# weekdays


def test_weekday_is_the_last_one_on_or_before_publication() -> None:
    e = one("The minister said on Tuesday that talks had failed.")
    assert (e.text, e.value, e.grain, e.anchor, e.type) == (
        "Tuesday",
        "2024-11-05",
        "day",
        "publication",
        "DATE",
    )
    assert day(one("He spoke on Thursday.")) == THU  # the publication day itself


@pytest.mark.parametrize(
    "sentence",
    [
        "The museum will reopen to the public on Saturday.",
        "The vote is due to take place on Saturday.",
        "The society is collecting donations until Saturday.",
        "He said a decision would be taken on Saturday after an inspection.",
        "The ministry has invited both sides to talks on Saturday.",
        "On Saturday, the union will decide whether to go on.",
    ],
)
def test_weekday_in_a_future_clause_is_the_coming_one(sentence: str) -> None:
    assert day(one(sentence, phrase="Saturday")) == D(2024, 11, 9)


def test_weekday_after_until_in_a_past_sentence_is_the_last_one() -> None:
    e = one(
        "Two people were treated for hypothermia after refusing to leave until late on Wednesday night."
    )
    assert (e.value, e.type, e.modifier) == ("2024-11-06TNI", "TIME", "late")


def test_future_marker_of_another_clause_does_not_move_a_past_weekday() -> None:
    assert day(one("Umerov said on Tuesday that more troops will arrive.", phrase="Tuesday")) == D(
        2024, 11, 5
    )


def test_weekday_with_part_of_day_is_a_time() -> None:
    e = one("The order was issued on Wednesday evening.")
    assert (e.text, e.value, e.type, day(e)) == (
        "Wednesday evening",
        "2024-11-06TEV",
        "TIME",
        D(2024, 11, 6),
    )
    assert one("Thursday morning, engineers began.").value == "2024-11-07TMO"


def test_clock_time_joins_its_day() -> None:
    e = one("Dockworkers walked off the job at 6 a.m. on Monday.")
    assert (e.text, e.value, e.type, day(e)) == (
        "6 a.m. on Monday",
        "2024-11-04T06:00",
        "TIME",
        D(2024, 11, 4),
    )


def test_preposition_is_kept_as_modifier_not_span() -> None:
    e = one("The level had fallen by Monday night.")
    assert (e.text, e.modifier, e.value) == ("Monday night", "by", "2024-11-04TNI")
    assert one("It stays open until Saturday.").modifier == "until"


def test_possessive_weekday_is_a_date() -> None:
    e = one("Tuesday's vote was close.")
    assert (e.text, e.value) == ("Tuesday's", "2024-11-05")


@pytest.mark.parametrize(
    "text",
    [
        "The Sunday Times reported it first.",
        "Shops opened early for Black Friday sales.",
        "Streets would be busy with the Thursday market.",
        "Troops may deploy soon.",  # "may" the verb; "soon" is found, not a month
        "The March was led by students.",
    ],
)
def test_words_that_are_not_dates(text: str) -> None:
    found = find_times(text, THU)
    assert all(e.grain not in ("day", "month") for e in found), found


def test_last_and_next_weekday() -> None:
    assert one("He arrived last Thursday.").value == "2024-10-31"
    assert one("He arrives next Thursday.").value == "2024-11-14"


# ---------------------------------------------------------------------------------------------
# month-days, months, ranges, years


def test_month_day_without_year_is_the_latest_before_publication() -> None:
    e = one("The dam passed its last inspection on Nov. 4.", D(2026, 3, 13))
    assert (e.text, e.value, e.anchor) == ("Nov. 4", "2025-11-04", "publication")


def test_month_day_in_a_future_clause_or_fixed_by_its_weekday() -> None:
    pub = D(2026, 3, 13)
    assert one("The strike is extended until Monday, March 16.", pub).value == "2026-03-16"
    assert one("The board will meet on March 20.", pub).value == "2026-03-20"
    # the weekday says which year, whatever the tense
    assert one("The strike was extended to Monday, March 16.", pub).value == "2026-03-16"


def test_weekday_and_date_are_one_expression() -> None:
    e = one("On Tuesday, November 5, the minister confirmed the clash.")
    assert (e.text, e.value) == ("Tuesday, November 5", "2024-11-05")
    e = one("On Monday, 9 March, dockworkers walked out.", D(2026, 3, 10))
    assert (e.text, e.value) == ("Monday, 9 March", "2026-03-09")


def test_day_ranges() -> None:
    e = one("Talks were held on October 27-28 in Brussels.")
    assert (e.text, e.value, e.last, e.days()) == (
        "October 27-28",
        "2024-10-27",
        "2024-10-28",
        (D(2024, 10, 27), D(2024, 10, 28)),
    )
    e = one("The visit on 3–4 March 2026 went well.")
    assert (e.value, e.last, e.anchor) == ("2026-03-03", "2026-03-04", "absolute")


def test_year_range() -> None:
    e = one("The famine of 1943-44 killed millions.")
    assert (e.text, e.value, e.last, e.grain) == ("1943-44", "1943", "1944", "year")
    assert e.days() == (D(1943, 1, 1), D(1944, 12, 31))


@pytest.mark.parametrize(
    ("text", "value", "phrase"),
    [
        ("12 March, 2026", "2026-03-12", "12 March, 2026"),
        ("It was 2026-03-12 then.", "2026-03-12", "2026-03-12"),
        (
            "by Meridian news desk March 13, 2026 9:05 AM 4 min read",
            "2026-03-13T09:05",
            "March 13, 2026 9:05 AM",
        ),
        ("Friday, November 8, 2024", "2024-11-08", "Friday, November 8, 2024"),
        ("in November 2006", "2006-11", "November 2006"),
        ("built in 1971", "1971", "1971"),
        ("in the 1990s", "199", "the 1990s"),
        ("the first quarter of 2009", "2009-Q1", "the first quarter of 2009"),
        ("in the summer of 2019", "2019-SU", "the summer of 2019"),
    ],
)
def test_absolute_dates(text: str, value: str, phrase: str) -> None:
    e = one(text, None)
    assert (e.text, e.value, e.anchor) == (phrase, value, "absolute")


def test_months_alone_and_with_modifiers() -> None:
    e = one("Kovalenko reported the first clash earlier in November.", D(2024, 11, 20))
    assert (e.text, e.value, e.grain, e.modifier) == (
        "earlier in November",
        "2024-11",
        "month",
        "earlier in",
    )
    e = one("Ukraine launched an offensive in early August.")
    assert (e.text, e.value, e.modifier) == ("early August", "2024-08", "early")
    assert e.days() == (D(2024, 8, 1), D(2024, 8, 10))  # the first third of the month
    assert one("The inspection took place in November.", D(2026, 3, 12)).value == "2025-11"
    assert one("Elections will be held in May.", D(2026, 3, 12)).value == "2026-05"


def test_may_and_march_need_a_date_context() -> None:
    assert find_times("North Korea may deploy troops.", THU) == []
    assert one("Elections are due in May.").value == "2025-05"
    assert one("It happened on May 5.").value == "2024-05-05"


# ---------------------------------------------------------------------------------------------
# relative to publication or to an earlier date


@pytest.mark.parametrize(
    ("text", "value", "grain"),
    [
        ("yesterday", "2024-11-06", "day"),
        ("today", "2024-11-07", "day"),
        ("tomorrow", "2024-11-08", "day"),
        ("last week", "2024-W44", "week"),
        ("this week", "2024-W45", "week"),
        ("next month", "2024-12", "month"),
        ("this year", "2024", "year"),
        ("last year", "2023", "year"),
        ("two days ago", "2024-11-05", "day"),
        ("three months ago", "2024-08", "month"),
        ("earlier this month", "2024-11", "month"),
        ("later this year", "2024", "year"),
        ("the third quarter", "2024-Q3", "quarter"),
    ],
)
def test_relative_to_publication(text: str, value: str, grain: str) -> None:
    e = one(f"It happened {text}.")
    assert (e.text, e.value, e.grain, e.anchor) == (text, value, grain, "publication")


def test_relative_needs_a_publication_date() -> None:
    for text in ("It happened yesterday.", "He spoke on Tuesday.", "It rose last week."):
        e = one(text, None)
        assert (e.value, e.anchor, e.days()) == (None, "none", None)
    assert one("Inspected on Nov. 4.", None).value == "XXXX-11-04"
    assert one("Inspected in November.", None).value == "XXXX-11"


@pytest.mark.parametrize("phrase", ["the day before", "the previous day", "a day earlier"])
def test_day_before_is_relative_to_the_last_date_given(phrase: str) -> None:
    text = f"Umerov confirmed the clash on Nov. 5. Zelensky said {phrase} that troops had arrived."
    e = one(text, D(2024, 11, 8), phrase=phrase)
    assert (e.value, e.anchor) == ("2024-11-04", "previous")
    e = one(text, None, phrase=phrase)  # undated: still the day before, of an unknown year
    assert (e.value, e.anchor, e.days()) == ("XXXX-11-04", "previous", None)


def test_day_before_without_a_recent_date_is_relative_to_publication() -> None:
    text = "The inspection was on Nov. 4. It found nothing. Nobody spoke. The order came the day before."
    e = one(text, D(2026, 3, 12), phrase="the day before")
    assert (e.value, e.anchor) == ("2026-03-11", "publication")


def test_later_forms() -> None:
    text = "The talks began on March 3. Two days later they broke down."
    assert one(text, D(2026, 3, 12), phrase="Two days later").value == "2026-03-05"
    e = one(
        "The visit was a success. Barely a week later, it has turned into a row.", D(2026, 3, 12)
    )
    assert (e.text, e.value, e.anchor, e.days()) == ("Barely a week later", None, "none", None)


def test_day_before_an_event_is_not_resolved() -> None:
    text = "It rained on March 3. Protesters gathered the day before the vote."
    assert [e.text for e in find_times(text, D(2026, 3, 12))] == ["March 3"]


# ---------------------------------------------------------------------------------------------
# durations, sets, times, references


def test_durations_and_sets() -> None:
    e = one("He served for four years.")
    assert (e.text, e.value, e.type, e.days()) == ("four years", "P4Y", "DURATION", None)
    assert one("a 72-hour strike").value == "PT72H"
    assert one("the 55-year-old dam").value == "P55Y"
    assert one("over the past five days").value == "P5D"
    assert one("nearly five months").modifier == "about"
    e = one("The report is published every week.")
    assert (e.text, e.value, e.type) == ("every week", "P1W", "SET")
    assert one("twice a day").value == "P1D"


def test_clock_time_alone_and_present_ref() -> None:
    e = one("The session opened at 18:00 UTC.")
    assert (e.value, e.type) == ("2024-11-07T18:00Z", "TIME")
    e = one("Troops are now in Kursk.")
    assert (e.value, e.days()) == ("PRESENT_REF", None)


def test_value_days() -> None:
    assert value_days("2024-W45") == (D(2024, 11, 4), D(2024, 11, 10))
    assert value_days("2024-W45-WE") == (D(2024, 11, 9), D(2024, 11, 10))
    assert value_days("2024-Q4") == (D(2024, 10, 1), D(2024, 12, 31))
    assert value_days("2024-WI") == (D(2024, 12, 1), D(2025, 2, 28))
    assert value_days("2024-02") == (D(2024, 2, 1), D(2024, 2, 29))
    assert value_days("XXXX-11-04") is None
    assert value_days("PRESENT_REF") is None


def test_published_forms_and_bad_arguments() -> None:
    text = "He spoke on Tuesday."
    values = {
        one(text, p).value
        for p in (THU, dt.datetime(2024, 11, 7, 18, 39), "2024-11-07T18:39:00+01:00")
    }
    assert values == {"2024-11-05"}
    with pytest.raises(TypeError, match="the 'published' parameter of find_times"):
        find_times(text, 20241107)  # type: ignore[arg-type]


def test_spans_point_into_the_text() -> None:
    text = "On Tuesday, November 5, he said that on Nov. 4 and in early August, 2,000 troops came."
    for e in find_times(text, THU):
        assert text[e.start : e.end] == e.text
    assert "2,000" not in {e.text for e in find_times(text, THU)}
    assert "2000" not in {e.text for e in find_times("He counted 2000 troops.", THU)}


# ---------------------------------------------------------------------------------------------
# the demo corpus answer key


@cache
def demo_articles() -> dict[str, Article]:
    arts = newsfuse.extract_articles(sorted(str(p) for p in (EXAMPLES / "corpus").iterdir()))
    return {a.source.split("/")[-1]: a for a in arts}


def _locate(text: str, phrase: str) -> list[tuple[int, int]]:
    pat = r"\s+".join(re.escape(w) for w in phrase.split())
    spans = [(m.start(), m.end()) for m in re.finditer(pat, text)]
    assert spans, f"{phrase!r} not in the text"
    return spans


def _inside(found: list[TimeExpression], s: int, e: int) -> list[TimeExpression]:
    return [x for x in found if x.start < e and s < x.end and x.type != "DURATION"]


def _expected_days(resolves_to: str | list[str]) -> tuple[dt.date, dt.date]:
    if isinstance(resolves_to, str):
        return D.fromisoformat(resolves_to), D.fromisoformat(resolves_to)
    return D.fromisoformat(resolves_to[0]), D.fromisoformat(resolves_to[-1])


RELATIVE = TRUTH["claims"]["relative_dates"]


@pytest.mark.parametrize("entry", RELATIVE, ids=[f"{r['source']}:{r['phrase']}" for r in RELATIVE])
def test_demo_relative_dates(entry: dict[str, Any]) -> None:
    art = demo_articles()[entry["source"]]
    found = find_times(art.text, dt.datetime.fromisoformat(entry["anchor"]))
    for s, e in _locate(art.text, entry["phrase"]):
        hits = _inside(found, s, e)
        assert len(hits) == 1, (entry["phrase"], hits)
        hit = hits[0]
        if entry["resolves_to"] is None:
            assert hit.value is None and hit.days() is None
        elif "this month" in entry["phrase"]:
            assert hit.value == entry["anchor"][:7]  # a month value is what the text says
        else:
            assert hit.days() == _expected_days(entry["resolves_to"]), hit


ABSOLUTE = [(r, src) for r in TRUTH["claims"]["absolute_dates"] for src in r["sources"]]


@pytest.mark.parametrize("entry,source", ABSOLUTE, ids=[f"{s}:{r['phrase']}" for r, s in ABSOLUTE])
def test_demo_absolute_dates(entry: dict[str, Any], source: str) -> None:
    art = demo_articles()[source]
    found = find_times(art.text, art.published)
    month = re.fullmatch(r"\d{4}-\d\d", str(entry["resolves_to"]))
    first, last = (D(1, 1, 1),) * 2 if month else _expected_days(entry["resolves_to"])
    for s, e in _locate(art.text, entry["phrase"]):
        hits = _inside(found, s, e)
        assert len(hits) == 1, (entry["phrase"], hits)
        hit = hits[0]
        if art.published is None:
            # an undated text: the month and day without a year (TIMEX3 XXXX)
            assert hit.value == f"XXXX-{first:%m-%d}", hit
            assert hit.last == (f"XXXX-{last:%m-%d}" if last != first else None)
        elif month:
            assert (hit.value, hit.grain) == (entry["resolves_to"], "month")
        else:
            assert hit.days() == (first, last), hit


# ---------------------------------------------------------------------------------------------
# the seed captures (../shared)


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Article]:
    arts = newsfuse.extract_articles(sorted(str(p) for p in seeds_dir.iterdir()))
    return {Path(a.source).name[:3]: a for a in arts}


SEED_ANCHOR = D(2024, 11, 5)  # the story's date, for the seeds that carry none


def _seed_hit(art: Article, phrase: str, part: str, nth: int = 0) -> TimeExpression:
    found = find_times(art.text, art.published or SEED_ANCHOR)
    s, e = _locate(art.text, phrase)[nth]
    s += art.text[s:e].index(part)
    hits = _inside(found, s, s + len(part))
    assert len(hits) == 1, hits
    return hits[0]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("seed", "phrase", "part", "first", "last", "grain"),
    [
        ("000", "confirmed on Nov. 5", "Nov. 5", "2024-11-05", None, "day"),
        ("000", "said the day before", "the day before", "2024-11-04", None, "day"),
        ("000", "also claimed on Nov. 4", "Nov. 4", "2024-11-04", None, "day"),
        ("000", "offensive in early August", "early August", "2024-08-01", "2024-08-10", "month"),
        ("001", "On Tuesday, November 5", "Tuesday, November 5", "2024-11-05", None, "day"),
        ("001", "October 27-28", "October 27-28", "2024-10-27", "2024-10-28", "day"),
        ("001", "On October 4", "October 4", "2024-10-04", None, "day"),
        ("001", "warned on October 8", "October 8", "2024-10-08", None, "day"),
        ("002", "announced on Tuesday", "Tuesday", "2024-11-05", None, "day"),
        ("003", "said on Nov. 7", "Nov. 7", "2024-11-07", None, "day"),
        ("003", "confirmed on Nov. 5", "Nov. 5", "2024-11-05", None, "day"),
        ("004", "earlier in November", "earlier in November", "2024-11-01", "2024-11-30", "month"),
        ("004", "In a video address on Tuesday", "Tuesday", "2024-11-05", None, "day"),
    ],
)
def test_seed_dates(
    seeds: dict[str, Article],
    seed: str,
    phrase: str,
    part: str,
    first: str,
    last: str | None,
    grain: str,
) -> None:
    hit = _seed_hit(seeds[seed], phrase, part)
    assert hit.text == part
    assert hit.grain == grain
    assert hit.days() == (D.fromisoformat(first), D.fromisoformat(last or first))


@pytest.mark.shared
def test_seed_day_before_follows_the_date_of_the_previous_sentence(
    seeds: dict[str, Article],
) -> None:
    hit = _seed_hit(seeds["000"], "said the day before", "the day before")
    assert (hit.value, hit.anchor) == ("2024-11-04", "previous")
    # without any anchor, "Nov. 5" has no year, and neither has the day before it
    undated = [e for e in find_times(seeds["000"].text, None) if e.text == "the day before"]
    assert [e.value for e in undated] == ["XXXX-11-04"]


@pytest.mark.shared
def test_seed_month_value(seeds: dict[str, Article]) -> None:
    hit = _seed_hit(seeds["004"], "earlier in November", "earlier in November")
    assert (hit.value, hit.modifier) == ("2024-11", "earlier in")


# ---------------------------------------------------------------------------------------------
# shapes met in the MEANTIME benchmark (general English, not its strings)


def test_weekday_after_a_capitalised_place_is_a_date() -> None:
    assert one("Shares fell in Europe and Asia Monday, with fears rising.").value == "2024-11-04"


@pytest.mark.parametrize(
    "text",
    [
        "the now-cancelled deal",
        "the soon-to-open terminal",
        "A second aircraft landed.",
        "about a quarter of its dealers",
    ],
)
def test_not_time_expressions(text: str) -> None:
    assert find_times(text, THU) == []


def test_more_shapes() -> None:
    assert one("almost two and a half years").value == "P2.5Y"
    assert one("At 0800 UTC, the bank acted.").value == "2024-11-07T08:00Z"
    assert one("franchises end after October of next year").value == "2025-10"
    assert one("Our third-quarter results were strong.").value == "2024-Q3"
    # the nearest quarter of that number: the coming one in August, last year's in January
    assert one("closures during the fourth quarter", D(2006, 8, 19)).value == "2006-Q4"
    assert one("results for the fourth quarter", D(2007, 1, 18)).value == "2006-Q4"
    # a month-day a few days after publication, in a sentence with no past verb
    assert one("The automaker has a June 1 deadline.", D(2009, 5, 28)).value == "2009-06-01"
    assert one("The plant closed on June 1.", D(2009, 5, 28)).value == "2008-06-01"
    assert one("It is to be held on October 12.", D(2005, 10, 4)).value == "2005-10-12"
    assert one("plans announced in January", D(2006, 8, 19)).value == "2006-01"


def test_could_looks_ahead_like_may() -> None:
    # a Tuesday text: "more rain could fall on Thursday" is this week's Thursday, not last
    # week's (the timeline dated the forecast five days before publication)
    text = "Forecasters warned that more rain could fall on Thursday, raising the risk of floods."
    assert one(text, D(2026, 3, 10)).value == "2026-03-12"
    assert one("He could not attend on Thursday.", D(2026, 3, 10)).value == "2026-03-05"
    assert one("Police said he could have fled on Thursday.", D(2026, 3, 10)).value == "2026-03-05"


def test_a_month_day_takes_the_year_its_sentence_opens_with() -> None:
    # a 2020 report: "In 2005, ... on July 10" was put on 10 July 2019 in its timeline
    text = "In 2005, Hurricane Dennis made landfall near Navarre Beach, Florida, on July 10."
    assert one(text, D(2020, 7, 9), phrase="July 10").value == "2005-07-10"
    text = "The storm hit on July 3. In 2005, a storm hit on July 10."
    assert [t.value for t in find_times(text, D(2020, 7, 9))] == [
        "2020-07-03",
        "2005",
        "2005-07-10",
    ]


def test_a_numeric_date_read_both_ways_takes_the_reading_near_publication() -> None:
    # "Senin (4/5/2020)" in an Indonesian text of Monday 4 May 2020: the 4th of May, not the
    # 5th of April; month first when that reading is the near one or neither is
    assert one("Senin (4/5/2020) siswa belajar.", D(2020, 5, 4)).value == "2020-05-04"
    assert one("On 4/5/2020 the board met.", D(2020, 4, 7)).value == "2020-04-05"
    assert one("On 4/5/2020 the board met.", D(2021, 1, 1)).value == "2020-04-05"
    assert one("On 4/5/2020 the board met.").value == "2020-04-05"


def test_a_period_a_past_act_set_to_start_in_the_coming_days_is_ahead() -> None:
    # a July 9 text: the lockdown ordered (past tense) runs from the next day, not a year ago
    text = "The collector ordered a lockdown from July 10 to July 16 in the entire district."
    values = [t.value for t in find_times(text, D(2020, 7, 9))]
    assert values == ["2020-07-10", "2020-07-16"]
    # the past tense still sends a day the sentence says happened a year back
    assert one("The plant closed on June 1.", D(2009, 5, 28)).value == "2008-06-01"
    assert one("The plant returned to normal on June 1.", D(2009, 5, 28)).value == "2008-06-01"


# ---------------------------------------------------------------------------------------------
# the rules on their own (newsfuse.claims.timex_rules) and the public surface


def test_rules_keep_the_longest_candidate_and_join_a_clock_to_its_day() -> None:
    text = "Polls opened at 6 a.m. on Tuesday, Nov. 5, 2024, and closed the day before."
    found = find_candidates(text)
    assert {(text[c.start : c.end], c.kind) for c in found} >= {
        ("Tuesday, Nov. 5, 2024", "abs_day"),
        ("Tuesday, Nov. 5, 2024", "monthday"),
        ("2024", "year"),
        ("6 a.m.", "clock"),
        ("Tuesday", "weekday"),
    }
    chosen = select_candidates(found, text)
    assert [(text[c.start : c.end], c.kind, c.type) for c in chosen] == [
        ("6 a.m. on Tuesday, Nov. 5, 2024", "clock_day", "TIME"),
        ("the day before", "previous", "DATE"),
    ]
    # of two candidates with the same span, the lower priority wins: the month-day rule,
    # which also reads the weekday, over the shared full-date recogniser
    assert [c.kind for c in select_candidates(find_candidates("Nov. 4, 2024"), "Nov. 4, 2024")] == [
        "monthday"
    ]


def test_public_names_stay_in_timex() -> None:
    assert sorted(timex.__all__) == [
        "ANCHORS",
        "GRAINS",
        "TYPES",
        "TimeExpression",
        "find_times",
        "month_day_around",
        "value_days",
    ]
    assert all(hasattr(timex, name) for name in timex.__all__)


def test_month_day_around_skips_days_a_year_lacks() -> None:
    assert timex.month_day_around(2, 29, 2025) == [dt.date(2024, 2, 29)]
    assert [d.year for d in timex.month_day_around(11, 4, 2024)] == [2023, 2024, 2025]


# --- the ends of the calendar (issue 12) --------------------------------------------------------


RELATIVE = (
    "Yesterday and tomorrow, on Monday, last week, next week, last month, next month, "
    "next year, this weekend, two days later, the day before, late December and next winter."
)


@pytest.mark.parametrize("published", [dt.date.max, dt.date.min, dt.date(1, 1, 3)])
def test_a_date_off_the_calendar_is_unresolved_never_an_error(published: dt.date) -> None:
    found = find_times(RELATIVE, published)
    assert [t.text for t in found][:2] == ["Yesterday", "tomorrow"]
    for t in found:
        days = t.days()
        assert days is None or dt.date.min <= days[0] <= days[1] <= dt.date.max
    by_text = {t.text: t.value for t in found}
    if published == dt.date.max:
        assert by_text["Yesterday"] == "9999-12-30"
        assert by_text["tomorrow"] is None and by_text["next year"] is None
    if published == dt.date.min:
        assert by_text["tomorrow"] == "0001-01-02"
        assert by_text["Yesterday"] is None and by_text["last month"] is None


def test_a_shift_of_any_size_is_unresolved_past_the_calendar() -> None:
    for text in (
        "It began 99999999999999999999 days ago.",
        "It began 9999999999 days ago.",
        "It began 5000 years ago.",
        "It ended 3000000 days later.",
    ):
        (t,) = find_times(text, "2024-03-10")
        assert t.value is None, text
    (t,) = find_times("It began 1000 days ago.", "2024-03-10")
    assert t.value == "2021-06-14"


def test_the_last_month_of_the_calendar_has_its_days() -> None:
    assert value_days("9999-12") == (dt.date(9999, 12, 1), dt.date(9999, 12, 31))
    late = TimeExpression(0, 13, "late December", "9999-12", grain="month", modifier="late")
    assert late.days() == (dt.date(9999, 12, 21), dt.date(9999, 12, 31))
    assert value_days("0000") is None and value_days("2024-02-30") is None
