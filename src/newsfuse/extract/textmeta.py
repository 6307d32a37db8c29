"""Metadata printed inside scraped text: dates and times, bylines, credit lines, agency datelines.

These are recognisers for the *shapes* such lines take in news pages of any outlet ("by NAME",
"5 November, 2024", "8:50 AM", "Credit: X", "CITY (AGENCY) —"), not lists of known strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from newsfuse.taken import Taken

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

DATE_PATTERNS = [
    # 5 November, 2024 / 5 Nov 2024 / Tuesday 5 November 2024
    re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    # November 8, 2024 / Nov. 8 2024 / Friday, November 8, 2024
    re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    # 2024-11-08 (ISO), optionally with a time
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<monn>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    # 08.11.2024 / 8.11.2024 (day first)
    re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<monn>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),
    # 11/08/2024 (month first unless the first number cannot be a month)
    re.compile(r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b"),
]
TIME_RE = re.compile(
    r"(?<![\d:])(?P<h>[0-2]?\d)[:.](?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?(?![\d:])",
    re.I,
)
# A line that is only a clock time ("18:39", "8:50 AM", "6:40 a.m."), the shape of feed timestamps.
TIMESTAMP_LINE = re.compile(
    # each run of white space read one way ("\s*(x)?\s*(y)?\s*$" split a run in cubic ways)
    r"^\s*+(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*+(?:[ap]\.?\s?m\.?\s*+)?|\d{1,2}\s*+[ap]\.?\s?m\.?\s*+)(?:(?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*)\s*+)?$",
    re.I,
)
# "3 hours ago", "5 min ago", "yesterday", "Updated 2h"
RELATIVE_STAMP = re.compile(
    r"^\s*(?:updated\s+)?\d+\s*(?:s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|months?|years?)\s+ago\s*$",
    re.I,
)
READ_TIME = re.compile(r"\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+(?:read|listen)\b", re.I)

BYLINE_RE = re.compile(
    r"^(?:written\s+by|posted\s+by|words\s+by|story\s+by|by|von|par|por|di|door|av|przez|автор[:]?)\s+(?P<name>.+)$",
    re.I,
)
_ORG_SUFFIX = re.compile(
    r"(?<!\s)\s+(?:news\s*desk|desk|staff(?:\s+writers?)?|newsroom|editorial(?:\s+(?:team|board|staff))?|team|reporters?|correspondents?)\s*$",
    re.I,
)

CREDIT_LINE = re.compile(
    r"^\s*(?:credit|source|courtesy(?:\s+of)?|via|originally\s+published\s+(?:by|in|on|at)|first\s+published\s+(?:by|in|on|at)|"
    r"this\s+(?:article|story|report)\s+(?:was\s+)?(?:originally\s+|first\s+)?(?:published|appeared)\s+(?:by|in|on|at))"
    r"\s*+(?:[:\-–—]\s*+)?(?P<who>[^.:]{2,80}?)\s*+(?:\.\s*+)?$",
    re.I,
)
DATELINE_AGENCY = re.compile(
    r"^\s*+[A-ZÀ-Þ][A-ZÀ-Þ .'\-]{1,40}(?:,\s*+(?:[\w.'\-][\w .'\-]{0,39})?)?\s*+\((?P<agency>[A-Z][A-Za-z\-]{1,14})\)\s*+[—–\-]{1,2}\s",
)
TRAILING_AGENCY = re.compile(r"^\s*[—–\-]{1,2}\s*(?P<agency>[A-Z][\w .&\-]{1,30}?)\s*$")


@dataclass(frozen=True, slots=True)
class DateHit:
    start: int
    end: int
    value: date


def find_dates(text: str, *, month_first: bool = True) -> list[DateHit]:
    """Calendar dates written with a year in ``text``, in order of appearance."""
    hits: list[DateHit] = []
    taken = Taken(len(text))  # linear in the dates, however many there are
    for pat in DATE_PATTERNS:
        for m in pat.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            d = _to_date(m, month_first=month_first)
            if d is not None:
                hits.append(DateHit(m.start(), m.end(), d))
                taken.take(m.start(), m.end())
    hits.sort(key=lambda h: h.start)
    return hits


def _to_date(m: re.Match[str], *, month_first: bool) -> date | None:
    g = m.groupdict()
    year = int(g["year"])
    if g.get("mon"):
        month = MONTHS.get(g["mon"].lower().rstrip("."))
        day = int(g["day"])
    elif g.get("monn"):
        month, day = int(g["monn"]), int(g["day"])
    else:
        a, b = int(g["a"]), int(g["b"])
        month, day = (a, b) if (month_first and a <= 12) or b > 12 else (b, a)
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_time(text: str) -> tuple[int, int] | None:
    """The first clock time in ``text`` as (hour, minute) on a 24-hour clock."""
    for m in TIME_RE.finditer(text):
        h, mi = int(m.group("h")), int(m.group("m"))
        ap = (m.group("ap") or "").lower()
        if ap == "p" and h < 12:
            h += 12
        elif ap == "a" and h == 12:
            h = 0
        if h <= 23:
            return h, mi
    return None


def iso(d: date, t: tuple[int, int] | None) -> str:
    if t is None:
        return d.isoformat()
    return datetime(d.year, d.month, d.day, t[0], t[1]).isoformat(timespec="minutes")


def parse_byline(line: str) -> tuple[str, str | None] | None:
    """``"by Jane Roe November 8, 2024 8:50 AM 3 min read"`` -> ("Jane Roe", outlet-or-None).

    The outlet is returned when the byline names an organisation's desk ("by The Daily X news
    desk", "By Y staff")."""
    m = BYLINE_RE.match(line.strip())
    if not m:
        return None
    name = m.group("name")
    cut = len(name)
    for hit in find_dates(name):
        cut = min(cut, hit.start)
    rt = READ_TIME.search(name)
    if rt:
        cut = min(cut, rt.start())
    tm = TIME_RE.search(name)
    if tm:
        cut = min(cut, tm.start())
    name = re.split(r"(?<!\s)\s+[|•·]\s+|(?<!\s)\s+[-–—]\s+", name[:cut])[0]
    name = re.sub(r"(?<!\s)\s+(?:on|at|in|updated|published)\s*$", "", name.strip(" ,;|-–—"), flags=re.I)
    name = name.strip(" ,;|-–—")
    words = name.split()
    username = len(words) == 1 and re.fullmatch(r"[\w.-]{3,40}", name) is not None
    if not words or len(words) > 10 or not (name[0].isupper() or username):
        return None
    outlet = None
    if _ORG_SUFFIX.search(name):
        outlet = _ORG_SUFFIX.sub("", name).strip() or None
    return name, outlet


def parse_credit(line: str) -> str | None:
    """The credited origin of a credit line (``"Credit: Example Wire"`` -> ``"Example Wire"``)."""
    m = CREDIT_LINE.match(line)
    if not m:
        return None
    who = m.group("who").strip(" ,;-–—")
    if not who or len(who.split()) > 8 or not who[0].isupper():
        return None
    return who


def dateline_agency(paragraph: str) -> str | None:
    """``"VALDORA, Estmark (NPA) — ..."`` -> ``"NPA"``."""
    m = DATELINE_AGENCY.match(paragraph)
    return m.group("agency") if m else None


def trailing_agency(line: str) -> str | None:
    """A closing line that is only an agency credit: ``"— Example Wire"``."""
    m = TRAILING_AGENCY.match(line)
    return m.group("agency").strip() if m else None
