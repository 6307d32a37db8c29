"""Time expressions in news text, found and resolved to calendar values (TIMEX3 style).

A claim is checkable only when we know *when* it happened: "the minister said on Tuesday" means
a different day in a Thursday article than in a Monday one, and "the day before" means the day
before the last date the text gave. :func:`find_times` finds the time expressions of a text and
normalises each to a TIMEX3 value, keeping the original wording and its character span:

* absolute dates: "12 March, 2026", "March 13, 2026 9:05 AM", "2026-03-12", "October 27-28",
  "1943-44", "June 2012", "the 1990s", "the first quarter of 2009";
* dates resolved against the publication date: "on Tuesday" (the last Tuesday on or before
  publication, or the next one when the clause speaks of the future: "will", "is due to",
  "until Saturday"), "Nov. 4" without a year (the latest such day before publication, the next
  one in a future clause or when a weekday says which year: "Monday, March 16"), "in November",
  "earlier in November", "yesterday", "last week", "next month", "this year", "two days ago",
  "earlier this month", "Thursday morning", "at 6 a.m. on Monday";
* dates resolved against an earlier date of the text: "the day before", "the previous day",
  "a day earlier", "two days later" (the last day-precise date of the same or the previous
  sentence; the publication date for the backward forms when there is none);
* durations ("for four years" -> ``P4Y``, "72-hour" -> ``PT72H``) and sets ("every week").

Rules read the shape of the text and general English only (month and weekday names, a few
function words); no names of people, places or outlets. A text without a publication date
still gets its absolute dates, and ``XXXX-11-04`` for "Nov. 4" (the TIMEX3 convention); the
expressions that need the publication date get the value None.

The patterns that find the spans are in :mod:`newsfuse.claims.timex_rules`; this module
holds the public records and resolves each span against the publication date or an earlier
date of the text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from newsfuse.claims.timex_rules import (
    PARTS_OF_DAY,
    Candidate,
    find_candidates,
    select_candidates,
)
from newsfuse.stories.dates import days_after

GRAINS = ("day", "week", "month", "quarter", "season", "year", "decade", "none")
#: The tense of an expression's clause is read at most this many characters around it (a line
#: with no sentence end is not read whole for each of its dates)
REACH = 400
ANCHORS = ("absolute", "publication", "previous", "none")
TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression: ``[start, end)`` in the text, its wording and its TIMEX3 value.

    ``value`` is a TIMEX3 value ("2024-11-05", "2024-11", "2024", "2024-W45", "2024-Q3",
    "2024-SU", "199" for the 1990s, "2024-11-05TEV" for an evening, "2026-03-09T06:00",
    "XXXX-11-04" for a day of an unknown year, "P4Y" for a duration, "PRESENT_REF"), or None
    when the expression was found but cannot be resolved ("barely a week later", "on Tuesday"
    in an undated text). ``last`` is the last value of a range ("October 27-28": value
    "2024-10-27", last "2024-10-28"). ``grain`` is one of :data:`GRAINS`; ``anchor`` says what
    the value was resolved against (:data:`ANCHORS`); ``modifier`` holds a qualifier as
    written, normalised ("early", "mid", "late", "earlier in", "later in", "until", "by",
    "since", "before", "after", "about", "more than", ...); ``type`` is one of :data:`TYPES`.
    """

    start: int
    end: int
    text: str
    value: str | None
    last: str | None = None
    grain: str = "none"
    anchor: str = "none"
    modifier: str | None = None
    type: str = "DATE"

    def days(self) -> tuple[dt.date, dt.date] | None:
        """The first and last calendar day the expression covers, or None (unresolved, a
        duration or a set, or a value that is not on the calendar such as PRESENT_REF)."""
        if self.value is None or self.type in ("DURATION", "SET"):
            return None
        first = value_days(self.value)
        if first is None:
            return None
        if self.last is not None:
            end = value_days(self.last)
            if end is not None and end[1] >= first[0]:
                return first[0], end[1]
        if self.modifier in ("early", "mid", "late") and self.grain in ("month", "year"):
            return _part(first, self.modifier)
        return first


def _part(span: tuple[dt.date, dt.date], modifier: str) -> tuple[dt.date, dt.date]:
    """The first, middle or last third of a span ("early August": August 1-10)."""
    first, last = span
    if last.year == first.year and last.month == first.month:
        thirds = [
            (first, first.replace(day=10)),
            (first.replace(day=11), first.replace(day=20)),
            (first.replace(day=21), last),
        ]
    else:
        y = first.year
        thirds = [(first, dt.date(y, 4, 30)), (dt.date(y, 5, 1), dt.date(y, 8, 31))]
        thirds.append((dt.date(y, 9, 1), last))
    return thirds[("early", "mid", "late").index(modifier)]


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def month_day_around(month: int, day: int, year: int) -> list[dt.date]:
    """The day ``month``/``day`` in the year before ``year``, in ``year`` and in the year
    after, where it exists (29 February only in leap years)."""
    options = []
    for y in (year - 1, year, year + 1):
        try:
            options.append(dt.date(y, month, day))
        except ValueError:
            continue
    return options


def value_days(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a TIMEX3 date value ("2024-11", "2024-W45", "2024-Q3", "199",
    "2024-11-05TEV"), or None when it is not a calendar value."""
    try:
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?", value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
            return _month_span(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})", value):
            y = int(m[1])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if m := re.fullmatch(r"(\d{3})", value):
            y = int(m[1]) * 10
            return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
        if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
            return monday, monday + dt.timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            y, q = int(m[1]), int(m[2])
            return dt.date(y, 3 * q - 2, 1), _month_span(y, 3 * q)[1]
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            y = int(m[1])
            a, b = _SEASON_MONTHS[m[2]]
            return dt.date(y, a, 1), _month_span(y + (1 if b < a else 0), b)[1]
    except (ValueError, OverflowError):  # not on the calendar: "2024-02-30", "0000", "9999-W53"
        return None
    return None


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)  # ValueError off the calendar
    return first, first.replace(day=calendar.monthrange(year, month)[1])


class _OffCalendar(Exception):
    """A resolved date would leave the calendar (years 1 to 9999): "9999999 days ago", or
    "tomorrow" in a text published on 9999-12-31. The expression is kept, unresolved."""


def _moved(day: dt.date, days: int) -> dt.date:
    moved = days_after(day, days)
    if moved is None:
        raise _OffCalendar
    return moved


def _year(year: int) -> int:
    if not 1 <= year <= 9999:
        raise _OffCalendar
    return year


# ----------------------------------------------------------------------------------------------
# Word lists (general English) for sentences and tense

_ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr",
    "mrs", "ms", "dr", "st", "gen", "lt", "col", "sen", "rep", "gov", "prof", "jr", "sr", "no",
    "vs", "inc", "corp", "co", "ltd", "p.m", "a.m", "etc", "approx", "fig", "mt", "ft",
}  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|would|should|['’]ll|due|set\s+to|expected|scheduled|planned|plans?\s+to|planning|"
    r"going\s+to|(?:is|are)\s+to|to\s+be|upcoming|coming|next|invit\w*|intends?|aims?\s+to|forecast|deadline|"
    r"(?:may|might)(?!\s+have)|could(?!\s+(?:have|not|never)))\b",
    re.I,
)
_UNTIL = re.compile(r"\b(?:until|till|through|by)\s+(?:(?:late|early)\s+)?(?:on\s+)?$", re.I)
_PAST = re.compile(r"\b(?:was|were|had|did)\b", re.I)
_PAST_VERB = re.compile(r"\b(?:was|were|had|did|said|told|took|began|met|saw|\w{3,}ed)\b", re.I)
_CLAUSE_BREAK = re.compile(
    r"[;:—–,]|\b(?:that|but|while|although|because|whereas)\b", re.I
)  # clause boundaries for the future test


# ----------------------------------------------------------------------------------------------
# Resolution


@dataclass(slots=True)
class _Ctx:
    """What the resolvers read: the text, the publication day, the sentence starts, and the
    expressions resolved so far (the anchor of "the day before")."""

    text: str
    published: dt.date | None
    sentences: list[int]  # sentence start offsets
    found: list[TimeExpression]


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if m.group(0).startswith(tuple(".!?")):
            word = re.search(r"([\w.]+)$", text[max(0, m.start() - 12) : m.start()])
            w = word.group(1).lower() if word else ""
            if w in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", w):
                continue  # "Nov. 5", "U.S. troops"
        starts.append(m.end())
    return starts


def _sentence_of(ctx: _Ctx, pos: int) -> int:
    lo, hi = 0, len(ctx.sentences) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if ctx.sentences[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _speaks_of_future(ctx: _Ctx, start: int, end: int) -> bool:
    """Whether the clause around ``[start, end)`` speaks of the future: a future marker in the
    clause before it ("will reopen on Saturday"), "until"/"by" right before it in a clause
    with no past verb, or a future marker after it when it opens the sentence. The sentence
    is read :data:`REACH` characters around the expression at most."""
    i = _sentence_of(ctx, start)
    s0 = max(ctx.sentences[i], start - REACH)
    s1 = min(ctx.sentences[i + 1] if i + 1 < len(ctx.sentences) else len(ctx.text), end + REACH)
    before = ctx.text[s0:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    if _FUTURE.search(clause):
        return True
    if _UNTIL.search(before) and not _PAST.search(ctx.text, s0, s1):
        return True
    if not before.strip() or re.fullmatch(r"\s*\w+\s*", before):
        after = ctx.text[end:s1]
        cut = _CLAUSE_BREAK.search(after[2:])
        rest = after if cut is None else after[: cut.end() + 2]
        rest = after[: max(len(rest), 60)]
        return bool(_FUTURE.search(rest))
    return False


def _previous_day(ctx: _Ctx, start: int) -> dt.date | str | None:
    """The last day-precise date found before ``start`` in the same or the previous sentence
    (an ``XXXX-MM-DD`` string for a month-day of an undated text)."""
    here = _sentence_of(ctx, start)
    for e in reversed(ctx.found):
        if e.end > start:
            continue
        if _sentence_of(ctx, e.start) < here - 1:
            break
        if e.type in ("DATE", "TIME") and e.value and re.match(r"XXXX-\d\d-\d\d$", e.value):
            return e.value if e.value[5:] != "02-29" else None
        if e.type in ("DATE", "TIME") and e.value and re.match(r"\d{4}-\d\d-\d\d", e.value):
            days = e.days()
            if days is not None:
                return days[1] if e.last else days[0]
    return None


def _day_value(d: dt.date, pod: str = "", clock: tuple[int, int, str] | None = None) -> str:
    if clock is not None:
        return f"{d.isoformat()}T{clock[0]:02d}:{clock[1]:02d}{clock[2]}"
    if pod:
        return f"{d.isoformat()}T{PARTS_OF_DAY[pod]}"
    return d.isoformat()


_Result = tuple[str | None, str | None, str, str, str | None]  # value, last, grain, anchor, mod


def _resolve(c: Candidate, ctx: _Ctx) -> _Result:
    handler = _RESOLVERS[c.kind]
    try:
        return handler(c, ctx)
    except _OffCalendar:
        return None, None, "none", "none", None


#: days from publication within which the day-first reading of "4/5/2020" is taken, when it
#: is the nearer of the two
_NUMERIC_NEAR = 7


def _r_abs_day(c: Candidate, ctx: _Ctx) -> _Result:
    day = c.data["date"]
    other = c.data.get("other")
    if other is not None and ctx.published is not None:
        # "Senin (4/5/2020)" in a text of 4 May 2020: the reading in the days around
        # publication, the other a month away
        gap, other_gap = abs((day - ctx.published).days), abs((other - ctx.published).days)
        if other_gap < gap and other_gap <= _NUMERIC_NEAR:
            day = other
    return _day_value(day, clock=c.data.get("clock")), None, "day", "absolute", None


#: a sentence that opens with its year ("In 2005, ..."): the year of its month-days
_YEAR_OPENS = re.compile(r"\W*+(?:In|in)\s++(?P<year>(?:19|20)\d\d)\s*+,")
#: days ahead of publication within which the start of a period set in the past tense ("from
#: July 10") is taken in the coming days rather than a year back
_NEAR_DAYS = 7
_PERIOD_START = re.compile(
    r"\b(?:from|to|starting|beginning|effective|until|till|through)\s++(?:on\s++)?+(?:\w++\s++)?+$",
    re.I,
)


def _pick_year(
    month: int, day: int, ctx: _Ctx, c: Candidate, weekday: int | None
) -> tuple[dt.date | None, dt.date | None]:
    """The year of a month-day without one: the weekday's year when a weekday is given, else
    the latest such day on or before publication, or the next one in a future clause when it
    comes within half a year ("would be used on October 27-28" in a November text is past)."""
    pub = ctx.published
    assert pub is not None
    opens = _YEAR_OPENS.match(ctx.text, ctx.sentences[_sentence_of(ctx, c.start)], c.start)
    if opens is not None:
        # "In 2005, Hurricane Dennis made landfall ... on July 10": the sentence says the year
        try:
            return dt.date(int(opens["year"]), month, day), None
        except ValueError:
            return None, None
    options = month_day_around(month, day, pub.year)
    if not options:
        return None, None
    if weekday is not None:
        fits = [d for d in options if d.weekday() == weekday]
        if fits:
            return min(fits, key=lambda d: abs((d - pub).days)), None
    past = [d for d in options if d <= pub]
    future = [d for d in options if d >= pub]
    if not past or (
        future and (min(future) - pub).days <= 183 and _speaks_of_future(ctx, c.start, c.end)
    ):
        return min(future), None  # a future clause looks ahead half a year at most
    if future and (min(future) - pub).days <= 31 and (pub - max(past)).days > 300:
        # "has a June 1 deadline" in a May 28 text: eleven months back is unlikely without a
        # year, unless the sentence is in the past tense; a period a past act set to start
        # within the week ahead is ahead ("ordered a lockdown from July 10" in a July 9 text)
        i = _sentence_of(ctx, c.start)
        if not _PAST_VERB.search(ctx.text, ctx.sentences[i], c.start) or (
            (min(future) - pub).days <= _NEAR_DAYS
            and _PERIOD_START.search(ctx.text, max(ctx.sentences[i], c.start - 30), c.start)
        ):
            return min(future), None
    return max(past), None


def _r_monthday(c: Candidate, ctx: _Ctx) -> _Result:
    d = c.data
    clock = d["clock"]
    if d["year"] is not None:
        years = [d["year"]]
        anchor = "absolute"
    elif ctx.published is not None:
        first, _ = _pick_year(d["month"], d["day"], ctx, c, d["weekday"])
        if first is None:
            return None, None, "day", "none", None
        years = [first.year]
        anchor = "publication"
    else:
        value = f"XXXX-{d['month']:02d}-{d['day']:02d}"
        last = f"XXXX-{d['month']:02d}-{d['day2']:02d}" if d["day2"] else None
        return value, last, "day", "none", None
    try:
        first = dt.date(years[0], d["month"], d["day"])
        last_d = dt.date(years[0], d["month"], d["day2"]) if d["day2"] else None
    except ValueError:
        return None, None, "day", "none", None
    return (
        _day_value(first, clock=clock),
        last_d.isoformat() if last_d else None,
        "day",
        anchor,
        None,
    )


def _norm_mod(mod: str | None) -> str | None:
    if not mod:
        return None
    m = re.sub(r"\s+", " ", mod.lower()).rstrip("-")
    return {
        "early in": "early",
        "late in": "late",
        "the beginning of": "early",
        "the start of": "early",
        "the middle of": "mid",
        "the end of": "late",
    }.get(m, m)


def _r_month(c: Candidate, ctx: _Ctx) -> _Result:
    d = c.data
    mod = _norm_mod(d.get("mod"))
    month = d["month"]
    if d.get("year") is not None:
        return f"{d['year']}-{month:02d}", None, "month", "absolute", mod
    pub = ctx.published
    if d.get("year_rel"):
        if pub is None:
            return None, None, "month", "none", mod
        year = _year(pub.year + {"this": 0, "last": -1, "next": 1}[d["year_rel"]])
        return f"{year:04d}-{month:02d}", None, "month", "publication", mod
    if pub is None:
        return f"XXXX-{month:02d}", None, "month", "none", mod
    rel = re.sub(r"\s+", " ", (d.get("rel") or "").lower())
    if rel.startswith(("earlier ", "later ", "early ", "late ")):
        mod = mod or rel.split()[0]
        rel = rel.split()[1]
    if rel == "this":
        year = pub.year
    elif rel == "last":
        year = pub.year if month < pub.month else pub.year - 1
    elif rel == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif mod == "earlier in":
        year = pub.year if month <= pub.month else pub.year - 1
    elif month == pub.month:
        year = pub.year
    elif _speaks_of_future(ctx, c.start, c.end):
        year = pub.year if month > pub.month else pub.year + 1
    else:
        year = pub.year if month < pub.month else pub.year - 1
    return f"{_year(year):04d}-{month:02d}", None, "month", "publication", mod


def _r_year(c: Candidate, ctx: _Ctx) -> _Result:
    d = c.data
    last = str(d["year2"]) if d["year2"] else None
    return str(d["year"]), last, "year", "absolute", _norm_mod(d["mod"])


def _r_decade(c: Candidate, ctx: _Ctx) -> _Result:
    return c.data["decade"], None, "decade", "absolute", _norm_mod(c.data["mod"])


def _r_quarter(c: Candidate, ctx: _Ctx) -> _Result:
    d = c.data
    pub = ctx.published
    q = d["q"]
    if d["year"] is not None:
        return f"{d['year']}-Q{q}", None, "quarter", "absolute", None
    if pub is None:
        return None, None, "quarter", "none", None
    cur = (pub.month - 1) // 3 + 1
    if d["last"]:
        year, q = (pub.year, cur - 1) if cur > 1 else (pub.year - 1, 4)
    elif d["rel"]:
        year = pub.year + {"this": 0, "last": -1, "next": 1}[d["rel"].lower()]
    else:  # the nearest quarter of that number (results for "the fourth quarter" in January)
        year = min(
            (pub.year - 1, pub.year), key=lambda y: _distance(pub, value_days(f"{y:04d}-Q{q}"))
        )
    return f"{_year(year):04d}-Q{q}", None, "quarter", "publication", None


def _distance(day: dt.date, span: tuple[dt.date, dt.date] | None) -> int:
    if span is None:
        return 1 << 30
    if span[0] <= day <= span[1]:
        return 0
    return min(abs((span[0] - day).days), abs((span[1] - day).days))


def _r_season(c: Candidate, ctx: _Ctx) -> _Result:
    d = c.data
    code = d["season"]
    mod = d["rel"] if d["rel"] in ("early", "late") else None
    if d["year"] is not None:
        return f"{d['year']}-{code}", None, "season", "absolute", mod
    pub = ctx.published
    if pub is None:
        return f"XXXX-{code}", None, "season", "none", mod
    start_month = _SEASON_MONTHS[code][0]
    # the season of this name that has started on or before publication
    year = pub.year if pub.month >= start_month else pub.year - 1
    if code == "WI" and pub.month <= 2:
        year = pub.year - 1
    current = value_days(f"{year:04d}-{code}")
    in_it = current is not None and current[0] <= pub <= current[1]
    if d["rel"] == "last" and in_it:
        year -= 1
    elif d["rel"] == "next" or (
        d["rel"] in ("", "the", "this") and not in_it and _speaks_of_future(ctx, c.start, c.end)
    ):
        year += 1
    return f"{_year(year):04d}-{code}", None, "season", "publication", mod


def _r_rel_day(c: Candidate, ctx: _Ctx) -> _Result:
    if ctx.published is None:
        return None, None, "day", "none", None
    d = _moved(ctx.published, c.data["shift"])
    return _day_value(d, c.data["pod"]), None, "day", "publication", None


def _r_ref(c: Candidate, ctx: _Ctx) -> _Result:
    return c.data["ref"], None, "none", "publication", None


def _r_rel_period(c: Candidate, ctx: _Ctx) -> _Result:
    d = c.data
    pub = ctx.published
    unit, rel = d["unit"], d["rel"]
    mod = d.get("mod")
    grain = {"weekend": "week"}.get(unit, unit)
    if pub is None:
        return None, None, grain, "none", mod
    step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "week":
        y, w, _ = _moved(pub, 7 * step).isocalendar()
        return f"{y:04d}-W{w:02d}", None, "week", "publication", mod
    if unit == "weekend":
        if rel in ("", "this") and pub.weekday() >= 5:
            sat = _moved(pub, -(pub.weekday() - 5))
        elif (
            rel == "next"
            or rel == "coming"
            or (rel in ("", "this") and _speaks_of_future(ctx, c.start, c.end))
        ):
            sat = _moved(pub, (5 - pub.weekday()) % 7 or 7)
        else:
            sat = _moved(pub, -((pub.weekday() - 5) % 7 or 7))
        y, w, _ = sat.isocalendar()
        return f"{y:04d}-W{w:02d}-WE", None, "week", "publication", mod
    if unit == "month":
        idx = pub.year * 12 + pub.month - 1 + step
        return f"{_year(idx // 12):04d}-{idx % 12 + 1:02d}", None, "month", "publication", mod
    if unit == "quarter":
        idx = pub.year * 4 + (pub.month - 1) // 3 + step
        return f"{_year(idx // 4):04d}-Q{idx % 4 + 1}", None, "quarter", "publication", mod
    if unit == "decade":
        decade = _year(10 * (pub.year // 10 + step)) // 10
        return f"{decade:03d}", None, "decade", "publication", mod
    return f"{_year(pub.year + step):04d}", None, "year", "publication", mod


def _shift(d: dt.date, n: int, unit: str) -> tuple[str, str] | None:
    """``d`` moved by ``n`` units, as a value at the unit's grain."""
    if unit == "day":
        return _moved(d, n).isoformat(), "day"
    if unit == "week":
        y, w, _ = _moved(d, 7 * n).isocalendar()
        return f"{y:04d}-W{w:02d}", "week"
    if unit == "month":
        idx = d.year * 12 + d.month - 1 + n
        return f"{_year(idx // 12):04d}-{idx % 12 + 1:02d}", "month"
    if unit == "year":
        return f"{_year(d.year + n):04d}", "year"
    if unit == "decade":
        return f"{_year(d.year + 10 * n) // 10:03d}", "decade"
    return None


def _r_ago(c: Candidate, ctx: _Ctx) -> _Result:
    n, unit = c.data["n"], c.data["unit"]
    grain = unit if unit in GRAINS else "none"
    if ctx.published is None or n is None or not float(n).is_integer():
        return None, None, grain, "none", None
    shifted = _shift(ctx.published, -int(n), unit)
    if shifted is None:
        return None, None, grain, "none", None
    return shifted[0], None, shifted[1], "publication", None


def _r_previous(c: Candidate, ctx: _Ctx) -> _Result:
    d = c.data
    unit = d["unit"]
    grain = unit if unit in GRAINS else "none"
    mod = "before" if d["back"] and d["n"] else "after" if d["n"] else None
    if d["vague"] or d["n"] is None or not float(d["n"]).is_integer():
        return None, None, grain, "none", mod
    base = _previous_day(ctx, c.start)
    anchor = "previous"
    if isinstance(base, str):  # "XXXX-11-05" of an undated text: shift the month-day alone
        if unit != "day":
            return None, None, grain, "none", mod
        ref = _moved(
            dt.date.fromisoformat("2001" + base[4:]), int(d["n"]) * (-1 if d["back"] else 1)
        )
        return f"XXXX-{ref:%m-%d}", None, "day", anchor, None
    if base is None:
        if not d["back"] or ctx.published is None:
            return None, None, grain, "none", mod
        base, anchor = ctx.published, "publication"
    n = int(d["n"]) * (-1 if d["back"] else 1)
    shifted = _shift(base, n, unit)
    if shifted is None:
        return None, None, grain, "none", mod
    value, grain = shifted
    if d["pod"] and grain == "day":
        value = f"{value}T{PARTS_OF_DAY[d['pod']]}"
    return value, None, grain, anchor, None


def _r_duration(c: Candidate, ctx: _Ctx) -> _Result:
    return c.data["value"], None, "none", "none", c.data.get("mod")


def _r_set(c: Candidate, ctx: _Ctx) -> _Result:
    return c.data["value"], None, "none", "none", None


def _r_clock(c: Candidate, ctx: _Ctx) -> _Result:
    if ctx.published is None:
        return None, None, "day", "none", None
    return _day_value(ctx.published, clock=c.data["clock"]), None, "day", "publication", None


def _r_weekday(c: Candidate, ctx: _Ctx) -> _Result:
    d = c.data
    pub = ctx.published
    mod = d.get("mod")
    if pub is None:
        return None, None, "day", "none", mod
    wd, rel = d["weekday"], d["rel"]
    after = (wd - pub.weekday()) % 7
    before = (pub.weekday() - wd) % 7
    if rel == "next" or rel == "coming":
        day = _moved(pub, after or 7)
    elif rel in ("last", "past", "previous"):
        day = _moved(pub, -(before or 7))
    elif _speaks_of_future(ctx, c.start, c.end):
        day = _moved(pub, after)
    else:
        day = _moved(pub, -before)
    return _day_value(day, d["pod"]), None, "day", "publication", mod


def _r_clock_day(c: Candidate, ctx: _Ctx) -> _Result:
    day: Candidate = c.data["day"]
    value, _, grain, anchor, mod = _resolve(day, ctx)
    if value is None or not re.match(r"\d{4}-\d\d-\d\d", value):
        return None, None, grain, anchor, mod
    h, mi, z = c.data["clock"]
    return f"{value[:10]}T{h:02d}:{mi:02d}{z}", None, "day", anchor, mod


_RESOLVERS: dict[str, Callable[[Candidate, _Ctx], _Result]] = {
    "abs_day": _r_abs_day,
    "monthday": _r_monthday,
    "month": _r_month,
    "year": _r_year,
    "decade": _r_decade,
    "quarter": _r_quarter,
    "season": _r_season,
    "rel_day": _r_rel_day,
    "ref": _r_ref,
    "rel_period": _r_rel_period,
    "ago": _r_ago,
    "previous": _r_previous,
    "duration": _r_duration,
    "set": _r_set,
    "clock": _r_clock,
    "weekday": _r_weekday,
    "clock_day": _r_clock_day,
}

_PREPOSITION_MOD = re.compile(r"\b(until|till|through|by|since|before|after)\s+(?:on\s+)?$", re.I)


def _as_date(published: dt.date | dt.datetime | str | None) -> dt.date | None:
    if published is None:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    if isinstance(published, str):
        try:
            return dt.date.fromisoformat(published.strip()[:10])
        except ValueError:
            return None
    raise TypeError(
        f"the 'published' parameter of find_times must be a date, a datetime, an ISO 8601 "
        f"string or None, got {type(published).__name__}"
    )


def find_times(
    text: str, published: dt.date | dt.datetime | str | None = None
) -> list[TimeExpression]:
    """Every time expression of ``text``, in order, resolved against ``published``.

    ``published`` is the publication date (a date, a datetime, or an ISO 8601 string such as
    :attr:`newsfuse.Article.published`; only its calendar day is used) or None for an undated
    text. Overlapping matches are settled by length (the longest wins), so "On Tuesday,
    November 5" is one expression and "Nov. 4, 2024" is not also "Nov. 4". A preposition
    before an expression ("until Saturday", "by Monday night") is not part of the span but is
    kept as its ``modifier``.
    """
    if not isinstance(text, str):
        raise TypeError(
            f"the 'text' parameter of find_times must be a str, got {type(text).__name__}"
        )
    ctx = _Ctx(text, _as_date(published), _sentence_starts(text), [])
    for c in select_candidates(find_candidates(text), text):
        value, last, grain, anchor, mod = _resolve(c, ctx)
        if mod is None and c.type in ("DATE", "TIME"):
            pm = _PREPOSITION_MOD.search(text[max(0, c.start - 12) : c.start])
            if pm:
                mod = pm.group(1).lower().replace("till", "until")
        ctx.found.append(
            TimeExpression(
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                value=value,
                last=last,
                grain=grain,
                anchor=anchor if value is not None else "none",
                modifier=mod,
                type=c.type,
            )
        )
    return ctx.found


__all__ = [
    "ANCHORS",
    "GRAINS",
    "TYPES",
    "TimeExpression",
    "find_times",
    "month_day_around",
    "value_days",
]
