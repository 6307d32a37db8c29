"""The dates a text mentions, resolved to calendar days, months or years: the event's time.

Two reports of similar events (two earthquakes, two rehab stays) share vocabulary but not their
dates, so the dates a text mentions are among the best features for telling events apart. This
module finds them without a model:

* full dates with a year ("5 November 2024", "Nov. 8, 2024", "2024-11-08"): always resolved;
* a month and day without a year ("Nov. 4", "12 March"): the year that puts the day closest to
  the publication date ("Nov. 4" in a March 2026 article is 2025-11-04, "March 16" in a
  13 March 2026 article is 2026-03-16);
* a month and year ("June 2012"), a month alone after "in", "since", "until", "last", "early" and
  similar words ("in November": the nearest November), a year alone ("in 2008");
* weekdays ("on Tuesday"): the last such day on or before publication, or the next one on or
  after it when the sentence speaks of the future ("will", "next", "due to");
* "today", "tonight", "yesterday", "tomorrow".

Everything that needs an anchor is dropped when the publication date is unknown. Each mention
gives features at several grains, ``d:YYYY-MM-DD``, ``md:MM-DD``, ``m:YYYY-MM`` and ``y:YYYY``
(weighted 1, 0.5, 0.5 and 0.25 by :func:`date_features`), so "in November 2024" and "Nov. 5"
still share a feature, and "Nov. 5" in an undated text still matches a dated one.
The spans found are returned too, so the caller can keep their digits out of the number
features.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from newsfuse.extract.textmeta import MONTHS, find_dates
from newsfuse.taken import Taken

_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_MON_CAP = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
# "Nov. 4", "March 16" (a day after a capitalised month, no year after it)
_MONTH_DAY = re.compile(
    rf"\b(?P<mon>{_MON_CAP})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d)(?![\d:.,]\d)"
)
# "12 March", "4th of November"
_DAY_MONTH = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON_CAP})\b\.?(?!,?\s*(?:19|20)\d\d)"
)
# "June 2012", "in November, 2024"
_MONTH_YEAR = re.compile(rf"\b(?P<mon>{_MON_CAP})\.?,?\s+(?P<year>(?:19|20)\d\d)\b")
# "in November", "since March", "early June", "mid-May"
_MONTH_ALONE = re.compile(
    rf"\b(?i:in|since|until|till|by|during|last|next|this|early|late|mid-?|end\s+of|beginning\s+of)\s+(?P<mon>{_MON_CAP})\b(?![\s.]+[0-3]?\d\b)",
)
# "in 2008", "since 1990", "the 2010 season": a lone four-digit year
_YEAR = re.compile(r"(?<![\d,.$€£-])\b(?P<year>(?:19|20)\d\d)\b(?![\d,.%]\d|\s*(?:%|percent))")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_RELATIVE = re.compile(r"\b(?P<rel>today|tonight|yesterday|tomorrow)\b", re.I)
_FUTURE = re.compile(
    r"\b(?:will|shall|next|due\s+to|set\s+to|expected\s+to|plans?\s+to|going\s+to|scheduled)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?\n]")
_SENTENCE_REACH = 300


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in a text: ``[start, end)`` in the text, its value and its grain
    (``"day"``, ``"month"``, ``"year"``, or ``"monthday"`` for a day whose year is unknown);
    ``value`` holds the first day of a month or year (and the year 2000 for a month-day)."""

    start: int
    end: int
    value: dt.date
    grain: str


_LAST_DAY = dt.date.max.toordinal()


def days_after(day: dt.date, days: int) -> dt.date | None:
    """``day`` moved by ``days`` (negative: back), or None when that leaves the calendar
    (before 1 January of year 1 or after 31 December 9999): a text may put any number
    before "days ago", and a publication date may be 9999-12-31; neither makes a date."""
    n = day.toordinal() + days
    return dt.date.fromordinal(n) if 1 <= n <= _LAST_DAY else None


def parse_published(value: str | None) -> dt.date | None:
    """The calendar day of an ISO 8601 publication date (the local day it gives), or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _nearest_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    best: dt.date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((d - anchor).days) < abs((best - anchor).days):
            best = d
    return best


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``[start, end)``, at most 300 characters on either side (a line
    with no sentence end is not read whole for each of its dates)."""
    lo, hi = max(0, start - _SENTENCE_REACH), min(len(text), end + _SENTENCE_REACH)
    left = max((m.end() for m in _SENTENCE_END.finditer(text, lo, start)), default=lo)
    right_m = _SENTENCE_END.search(text, end, hi)
    return text[left : right_m.start() if right_m else hi]


def find_date_mentions(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date ``text`` mentions, resolved against ``published`` where it needs an anchor,
    in order of appearance (overlapping matches: the most precise, earliest pattern wins)."""
    found: list[DateMention] = []
    taken = Taken(len(text))  # the characters of the mentions found
    starts = Taken(len(text))  # the first character of each

    def free(s: int, e: int) -> bool:
        return taken.free(s, e)

    def add(s: int, e: int, value: dt.date, grain: str) -> None:
        found.append(DateMention(s, e, value, grain))
        taken.take(s, e)
        starts.take(s, s + 1)

    for hit in find_dates(text):
        add(hit.start, hit.end, hit.value, "day")
    for m in _MONTH_YEAR.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), dt.date(int(m["year"]), _month(m["mon"]), 1), "month")
    for pat in (_MONTH_DAY, _DAY_MONTH):
        for m in pat.finditer(text):
            if not free(m.start(), m.end()):
                continue
            day = int(m["day"])
            if not 1 <= day <= 31:
                continue
            if published is None:
                # no year to resolve it to: a month-day feature alone (and no number features)
                try:
                    md = dt.date(2000, _month(m["mon"]), day)  # 2000: a leap year
                except ValueError:
                    continue
                add(m.start(), m.end(), md, "monthday")
                continue
            d = _nearest_year(_month(m["mon"]), day, published)
            if d is not None:
                add(m.start(), m.end(), d, "day")
    for m in _YEAR.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), dt.date(int(m["year"]), 1, 1), "year")
    if published is not None:
        for m in _MONTH_ALONE.finditer(text):
            s, e = m.start("mon"), m.end("mon")
            if free(s, e):
                month = _nearest_year(_month(m["mon"]), 1, published.replace(day=1))
                if month is not None:
                    add(s, e, month, "month")
        for m in _WEEKDAY.finditer(text):
            if not free(m.start(), m.end()) or starts.overlaps(m.end(), m.end() + 4):
                continue  # "Monday, March 16": the date that follows says which Monday
            wd = _WEEKDAYS.index(m["wd"].lower())
            if _FUTURE.search(_sentence(text, m.start(), m.end())):
                d = days_after(published, (wd - published.weekday()) % 7)
            else:
                d = days_after(published, -((published.weekday() - wd) % 7))
            if d is not None:  # None: off the calendar (published on 9999-12-31)
                add(m.start(), m.end(), d, "day")
        for m in _RELATIVE.finditer(text):
            if free(m.start(), m.end()):
                rel = m["rel"].lower()
                shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[rel]
                moved = days_after(published, shift)
                if moved is not None:
                    add(m.start(), m.end(), moved, "day")
    found.sort(key=lambda x: x.start)
    return found


def date_features(mentions: list[DateMention]) -> dict[str, float]:
    """Counts of date features: ``d:YYYY-MM-DD`` (1), ``md:MM-DD`` (0.5: matches a text
    whose publication date, and so whose years, are unknown), ``m:YYYY-MM`` (0.5) and
    ``y:YYYY`` (0.25); a day also counts for its month and year, a month for its year."""
    out: defaultdict[str, float] = defaultdict(float)
    for m in mentions:
        v = m.value
        if m.grain in ("day", "monthday"):
            out[f"md:{v.isoformat()[5:]}"] += 0.5
        if m.grain == "monthday":
            continue
        if m.grain == "day":
            out[f"d:{v.isoformat()}"] += 1.0
        if m.grain in ("day", "month"):
            out[f"m:{v.isoformat()[:7]}"] += 0.5
        out[f"y:{v.year}"] += 0.25
    return dict(out)


__all__ = ["DateMention", "date_features", "days_after", "find_date_mentions", "parse_published"]
