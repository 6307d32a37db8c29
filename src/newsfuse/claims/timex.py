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
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from newsfuse.extract.textmeta import MONTHS, find_dates

GRAINS = ("day", "week", "month", "quarter", "season", "year", "decade", "none")
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
        cuts = [first, first.replace(day=11), first.replace(day=21), last + dt.timedelta(days=1)]
    else:
        y = first.year
        cuts = [first, dt.date(y, 5, 1), dt.date(y, 9, 1), last + dt.timedelta(days=1)]
    i = ("early", "mid", "late").index(modifier)
    return cuts[i], cuts[i + 1] - dt.timedelta(days=1)


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


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
    except ValueError:
        return None
    return None


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


# ----------------------------------------------------------------------------------------------
# Word lists (general English) and regex atoms

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_MON_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a couple of": 2, "a dozen": 12, "half a": 0.5, "a half": 0.5,
}  # fmt: skip
_VAGUE_NUMS = ("a few", "few", "several", "many", "some", "a number of", "numerous", "dozens of")
_NUM = (
    r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|"
    + "|".join(sorted((re.escape(w) for w in (*_NUM_WORDS, *_VAGUE_NUMS)), key=len, reverse=True))
    + r")(?:\s+and\s+a\s+half)?"
)
_UNIT = r"(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ies)|quarter)s?"
_UNIT_CODE = {
    "second": "TS",
    "minute": "TM",
    "hour": "TH",
    "day": "D",
    "week": "W",
    "month": "M",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "quarter": "Q",
}
_POD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_CLOCK = (
    r"(?:(?P<h>[0-2]?\d)(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>(?i:[ap]))\.?\s?(?i:m)\b\.?|(?P<h2>[0-2]?\d):(?P<mi2>[0-5]\d)\b"
    r"|(?P<noon>(?i:noon|midday|midnight))|(?P<h3>[0-2]\d)(?P<mi3>[0-5]\d)(?=\s*(?:UTC|GMT)\b))(?:\s*(?P<tz>UTC|GMT)\b)?"
)
# words that may stand capitalised before a weekday or a month without making it a name
_FUNCTION = {
    "on", "by", "until", "till", "since", "from", "before", "after", "last", "next", "this",
    "early", "late", "every", "each", "and", "or", "but", "through", "in", "of", "during",
    "between", "to", "the", "that", "as", "at", "for", "coming", "past", "previous", "mid",
    "later", "earlier", "so", "then", "when", "while", "around", "about", "also",
}  # fmt: skip
_DAY_NAME_WORDS = {
    "black", "good", "ash", "super", "cyber", "holy", "easter", "palm", "maundy", "bloody",
    "shrove", "giving", "blue", "green", "small", "spy", "fat",
}  # fmt: skip
_ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr",
    "mrs", "ms", "dr", "st", "gen", "lt", "col", "sen", "rep", "gov", "prof", "jr", "sr", "no",
    "vs", "inc", "corp", "co", "ltd", "p.m", "a.m", "etc", "approx", "fig", "mt", "ft",
}  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|would|should|['’]ll|due|set\s+to|expected|scheduled|planned|plans?\s+to|planning|"
    r"going\s+to|(?:is|are)\s+to|to\s+be|upcoming|coming|next|invit\w*|intends?|aims?\s+to|forecast|deadline|"
    r"(?:may|might)(?!\s+have))\b",
    re.I,
)
_UNTIL = re.compile(r"\b(?:until|till|through|by)\s+(?:(?:late|early)\s+)?(?:on\s+)?$", re.I)
_PAST = re.compile(r"\b(?:was|were|had|did)\b", re.I)
_PAST_VERB = re.compile(r"\b(?:was|were|had|did|said|told|took|began|met|saw|\w{3,}ed)\b", re.I)
_CLAUSE_BREAK = re.compile(
    r"[;:—–,]|\b(?:that|but|while|although|because|whereas)\b", re.I
)  # clause boundaries for the future test


# ----------------------------------------------------------------------------------------------
# Candidates: what a rule found, before resolution


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    type: str = "DATE"
    priority: int = 5  # lower wins among candidates of equal length


@dataclass(slots=True)
class _Ctx:
    text: str
    published: dt.date | None
    sentences: list[int]  # sentence start offsets
    found: list[TimeExpression]


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _num(word: str) -> float | None:
    w = word.lower()
    if w.endswith(" and a half"):
        base = _num(w[: -len(" and a half")])
        return None if base is None else base + 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    if w in _NUM_WORDS:
        return float(_NUM_WORDS[w])
    if m := re.fullmatch(r"(\w+)-(\w+)", w):
        return float(_NUM_WORDS.get(m[1], 0) + _NUM_WORDS.get(m[2], 0))
    return None  # vague ("several")


def _unit(word: str) -> str:
    w = word.lower()
    if w.startswith("centur"):
        return "century"
    return w[:-1] if w.endswith("s") else w


def _period(n: float | None, unit: str) -> str:
    code = _UNIT_CODE[unit]
    if n is None:
        qty = "X"
    else:
        if code == "DE":
            n, code = n * 10, "Y"
        elif code == "CE":
            n, code = n * 100, "Y"
        qty = str(int(n)) if float(n).is_integer() else str(n)
    if code.startswith("T"):
        return f"PT{qty}{code[1]}"
    return f"P{qty}{code}"


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z][\w'’.-]*)\W*$", text[max(0, pos - 40) : pos])
    return m.group(1) if m else ""


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos]
    return pos == 0 or bool(re.search(r"(?:[.!?:\n][\"'”’)]?\s*|^\s*)$", before))


def _looks_like_name(text: str, start: int, end: int, *, weekday: bool = False) -> bool:
    """A weekday, month or season inside a proper name: a capitalised word right after it that
    is not a month ("Sunday Times"), or one right before it ("Arab Spring"): for a weekday,
    only the words that make day names ("Black Friday"), since "Asia Monday" is a date."""
    after = re.match(r"[ \t]+([A-Z][a-z]+)", text[end : end + 30])
    if after and not re.fullmatch(_MON, after.group(1)) and after.group(1).lower() not in _FUNCTION:
        return True
    before = re.search(r"([A-Z][a-z]+)[ \t]+$", text[max(0, start - 30) : start])
    if weekday:
        return before is not None and before.group(1).lower() in _DAY_NAME_WORDS
    if before and before.group(1).lower() not in _FUNCTION:
        return not _at_sentence_start(text, before.start(1) + max(0, start - 30))
    return False


def _candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    add = out.append
    data: dict[str, Any]
    n: float | None

    # full dates with a year, from the shared recogniser (numeric forms included)
    for hit in find_dates(text):
        add(_Cand(hit.start, hit.end, "abs_day", {"date": hit.value}, priority=3))

    # month-day (with optional weekday before, range, year, and time after)
    wd_pre = rf"(?:(?P<wd>{_WD}),?\s+(?:the\s+)?)?"
    year_post = rf"(?:,?\s+(?P<year>{_YEAR})\b(?![\d,.]\d))?"
    time_post = rf"(?:,?\s+(?:at\s+)?(?P<clock>{_CLOCK}))?"
    md = re.compile(
        rf"\b{wd_pre}(?P<mon>{_MON})\.?\s+(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?\b(?![\d:]|,\d{{3}}|\.\d)"
        rf"{year_post}{time_post}"
    )
    dm = re.compile(
        rf"(?<![\d,.$£€])\b{wd_pre}(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?\s+(?:of\s+)?(?P<mon>{_MON})\b\.?"
        rf"{year_post}{time_post}"
    )
    for pat in (md, dm):
        for m in pat.finditer(text):
            d1 = int(re.match(r"\d+", m["d1"]).group())  # type: ignore[union-attr]
            d2 = int(re.match(r"\d+", m["d2"]).group()) if m["d2"] else None  # type: ignore[union-attr]
            if not 1 <= d1 <= 31 or (d2 is not None and not d1 < d2 <= 31):
                continue
            mon = m["mon"]
            if (
                mon in ("May", "March", "Mar")
                and not (m["year"] or m["wd"])
                and _prev_word(text, m.start()).lower()
                in ("will", "would", "could", "to", "they", "we", "i", "you")
            ):
                continue
            data = {
                "month": _month(mon),
                "day": d1,
                "day2": d2,
                "year": int(m["year"]) if m["year"] else None,
                "weekday": _WEEKDAYS.index(m["wd"]) if m["wd"] else None,
                "clock": _clock(m) if m["clock"] else None,
            }
            typ = "TIME" if m["clock"] else "DATE"
            add(_Cand(m.start(), m.end(), "monthday", data, typ, priority=2))

    # ISO date with a time
    for m in re.finditer(
        rf"\b(?P<y>{_YEAR})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<hh>[0-2]\d):(?P<mm>[0-5]\d))?(?!\d)",
        text,
    ):
        try:
            d = dt.date(int(m["y"]), int(m["mo"]), int(m["d"]))
        except ValueError:
            continue
        clock = (int(m["hh"]), int(m["mm"]), "") if m["hh"] else None
        add(
            _Cand(
                m.start(),
                m.end(),
                "abs_day",
                {"date": d, "clock": clock},
                "TIME" if clock else "DATE",
                1,
            )
        )

    # month and year: "November 2006", "early June 2012", "mid-2011" is handled with years
    mod_pre = r"(?:(?P<mod>(?i:earlier\s+in|later\s+in|early(?:\s+in)?|mid-?|late(?:\s+in)?|the\s+(?:end|beginning|start|middle)\s+of))\s+)?"
    for m in re.finditer(
        rf"\b{mod_pre}(?P<mon>{_MON})\.?,?\s+(?:of\s+)?(?P<year>{_YEAR})\b(?![\d,.]\d)", text
    ):
        data = {"month": _month(m["mon"]), "year": int(m["year"]), "mod": m["mod"]}
        add(_Cand(m.start(), m.end(), "month", data, priority=2))
    for m in re.finditer(
        rf"\b{mod_pre}(?P<mon>{_MON_FULL})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b", text
    ):
        data = {"month": _month(m["mon"]), "year_rel": m["rel"], "mod": m["mod"]}
        add(_Cand(m.start(), m.end(), "month", data, priority=2))

    # a month alone: "in November", "earlier in November", "last March"
    for m in re.finditer(
        rf"\b(?:(?P<rel>(?i:last|next|this|(?:earlier|later|early|late)\s+(?:this|last|next)))\s+)?{mod_pre}(?P<mon>{_MON_FULL}|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)(?![\w-])(?!\s+\d)",
        text,
    ):
        pw = _prev_word(text, m.start()).lower()
        if m["mon"] in ("May", "March", "August") and not (m["rel"] or m["mod"]) and pw not in (
            "in", "since", "until", "till", "by", "during", "of", "from", "through", "before",
            "after", "between", "and", "to", "or",
        ):  # fmt: skip
            continue
        if _looks_like_name(text, m.start("mon"), m.end("mon")) and not (m["rel"] or m["mod"]):
            continue
        data = {"month": _month(m["mon"]), "rel": m["rel"], "mod": m["mod"]}
        add(_Cand(m.start(), m.end(), "month", data, priority=4))

    # years and year ranges: "2009", "1943-44", "mid-2011", "early 2020"
    for m in re.finditer(
        rf"(?<![\d,.$€£#/-])(?:\b(?P<mod>early|mid-?|late)\s*)?\b(?P<y>{_YEAR})(?:\s*[-–/]\s*(?P<y2>\d\d(?:\d\d)?))?\b"
        r"(?![\d,.%]\d|\s*(?:%|percent|per\s*cent)|-\w)",
        text,
    ):
        follow = re.match(r"\s+([a-z]+)", text[m.end() : m.end() + 20])
        if follow and follow.group(1).endswith("s") and follow.group(1) not in (
            "was", "is", "has", "as", "this", "its", "his", "us", "plus", "thus", "across",
        ):  # fmt: skip
            continue  # "2000 troops": a count
        y = int(m["y"])
        y2 = None
        if m["y2"]:
            y2 = int(m["y2"]) if len(m["y2"]) == 4 else y // 100 * 100 + int(m["y2"])
            if not y < y2 <= y + 30:
                continue
        add(
            _Cand(m.start(), m.end(), "year", {"year": y, "year2": y2, "mod": m["mod"]}, priority=5)
        )

    # decades
    for m in re.finditer(
        r"\b(?:the\s+)?(?:(?P<mod>early|mid-?|late)\s*)?(?:(?P<c>1[6-9]|20)(?P<d>\d)0s|['’](?P<d2>\d)0s|(?<!\d)(?P<d3>[2-9])0s)\b",
        text,
    ):
        dec = (
            f"{m['c']}{m['d']}" if m["c"] else f"19{m['d2'] or m['d3']}"
        )  # two-digit decades: the 1900s
        add(_Cand(m.start(), m.end(), "decade", {"decade": dec, "mod": m["mod"]}, priority=4))

    # quarters
    for m in re.finditer(
        rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+|financial\s+)?quarter"
        rf"(?:\s+of\s+(?:(?P<year>{_YEAR})|(?P<rel>this|last|next)\s+year|the\s+year))?(?:\s+(?P<year2>{_YEAR}))?\b"
        rf"|\bQ(?P<q>[1-4])(?:\s+(?P<year3>{_YEAR}))?\b",
        text,
        re.I,
    ):
        if m["ord"]:
            o = m["ord"].lower()
            q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(o, 4)
            last = o == "last" and not (m["year"] or m["rel"] or m["year2"])
        else:
            q, last = int(m["q"]), False
        year = m["year"] or m["year2"] or m["year3"]
        data = {"q": q, "year": int(year) if year else None, "rel": m["rel"], "last": last}
        add(_Cand(m.start(), m.end(), "quarter", data, priority=3))

    # seasons
    for m in re.finditer(
        rf"\b(?:(?P<rel>this|last|next|early|late|the)\s+)?(?P<s>spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?(?P<year>{_YEAR})\b)?",
        text,
        re.I,
    ):
        s = m["s"].lower()
        rel = (m["rel"] or "").lower()
        after_in = rel == "the" and re.search(r"\bin\s+$", text[max(0, m.start() - 5) : m.start()])
        if s == "fall" and not (
            m["year"] or rel in ("this", "last", "next", "early", "late") or after_in
        ):
            continue  # "fall" the verb
        code = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}[s]
        data = {"season": code, "year": int(m["year"]) if m["year"] else None, "rel": rel}
        add(_Cand(m.start(), m.end(), "season", data, priority=4))

    # today, yesterday, tonight, last night, this morning
    for m in re.finditer(
        r"\b(?:(?P<rel>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
        r"(?:\s+(?P<pod>morning|afternoon|evening|night))?|(?P<this>this|last)\s+(?P<pod2>morning|afternoon|evening|night))\b",
        text,
        re.I,
    ):
        if m["this"] and m["this"].lower() == "last" and m["pod2"].lower() != "night":
            continue
        rel = (m["rel"] or "").lower()
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}.get(rel)
        if shift is None:
            shift = -2 if "yesterday" in rel else 2 if "tomorrow" in rel else 0
        pod = (m["pod"] or m["pod2"] or "").lower()
        if rel == "tonight":
            pod = "night"
        if m["this"] and m["this"].lower() == "last":
            shift = -1
        typ = "TIME" if pod else "DATE"
        add(_Cand(m.start(), m.end(), "rel_day", {"shift": shift, "pod": pod}, typ, priority=3))

    # now, currently; recently; the future
    for m in re.finditer(
        r"\b(?:(?P<present>now|currently|at\s+present|at\s+the\s+moment|nowadays|these\s+days|presently)"
        r"|(?P<past>recently|in\s+the\s+past|formerly|previously)"
        r"|(?P<future>soon|in\s+the\s+(?:near\s+|distant\s+)?future|in\s+the\s+(?:near|long|short)\s+term))\b",
        text,
        re.I,
    ):
        if text[m.end() : m.end() + 1] == "-":
            continue  # "now-cancelled", "soon-to-open"
        ref = "PRESENT_REF" if m["present"] else "PAST_REF" if m["past"] else "FUTURE_REF"
        s = m.start()
        if ref != "PRESENT_REF" and text[s : s + 3].lower() == "in ":
            s += 3  # TIMEX3 leaves the preposition out
        add(_Cand(s, m.end(), "ref", {"ref": ref}, priority=6))

    # this week, last month, next year, earlier this month, later this year, the weekend
    for m in re.finditer(
        r"\b(?:(?P<mod>earlier|later|early|late)\s+)?(?P<rel>this|last|next|coming|past|previous)\s+(?P<unit>week|weekend|month|year|quarter|decade)\b"
        r"|\b(?:the|this|last|next)\s+(?P<we>weekend)\b",
        text,
        re.I,
    ):
        if m["we"]:
            rel = m.group(0).split()[0].lower()
            data = {"rel": "" if rel == "the" else rel, "unit": "weekend", "mod": None}
        else:
            rel = m["rel"].lower()
            if rel in ("past", "previous", "coming") and re.search(
                r"\bthe\s+$", text[max(0, m.start() - 4) : m.start()]
            ):
                # "the past week": a duration
                n = 10 if m["unit"].lower() == "decade" else 1
                u = "year" if n == 10 else m["unit"].lower()
                if u == "weekend":
                    continue
                add(
                    _Cand(
                        m.start() - 4, m.end(), "duration", {"value": _period(n, u)}, "DURATION", 4
                    )
                )
                continue
            data = {"rel": rel, "unit": m["unit"].lower(), "mod": (m["mod"] or "").lower() or None}
        add(_Cand(m.start(), m.end(), "rel_period", data, priority=3))

    # two days ago, a year ago
    for m in re.finditer(rf"\b(?P<n>{_NUM})\s+(?P<unit>{_UNIT})\s+ago\b", text, re.I):
        data = {"n": _num(m["n"]), "unit": _unit(m["unit"])}
        add(_Cand(m.start(), m.end(), "ago", data, priority=3))

    # the day before, the previous day, a day earlier, two days later, the following week
    for m in re.finditer(
        rf"\b(?P<q>barely|nearly|almost|about|some|around|roughly|more\s+than|less\s+than|just|only)?\s*"
        rf"(?:(?P<n>{_NUM})\s+(?P<unit>{_UNIT})\s+(?P<dir>earlier|later|before|after|afterwards|previously)"
        rf"|the\s+(?P<unit2>day|week|month|year)\s+(?P<dir2>before|after|earlier)"
        rf"|the\s+(?P<dir3>previous|next|following|preceding|same)\s+(?P<unit3>day|week|month|year|morning|evening|night))\b",
        text,
        re.I,
    ):
        if m["n"]:
            n, unit, direction = _num(m["n"]), _unit(m["unit"]), m["dir"].lower()
        elif m["unit2"]:
            n, unit, direction = 1.0, m["unit2"].lower(), m["dir2"].lower()
        else:
            n, unit, direction = 1.0, m["unit3"].lower(), m["dir3"].lower()
        if direction in ("before", "after") and re.match(
            r"\s+(?:(?:the|a|an|his|her|its|their|our)\b|[A-Z0-9])", text[m.end() : m.end() + 6]
        ):
            continue  # "the day before the vote": relative to an event, not a date
        back = direction in ("earlier", "before", "previous", "preceding", "previously")
        same = direction == "same"
        pod = ""
        if unit in _POD:
            pod, unit = unit, "day"
        s = (
            m.start("q")
            if m["q"]
            else (m.start("n") if m["n"] else m.end() - len(m.group(0).lstrip()))
        )
        data = {
            "n": 0.0 if same else n,
            "unit": unit,
            "back": back,
            "vague": bool(m["q"]) or n is None,
            "pod": pod,
        }
        add(_Cand(s, m.end(), "previous", data, "TIME" if pod else "DATE", priority=2))

    # durations: "four years", "the past five days", "72-hour", "nearly five months"
    for m in re.finditer(
        rf"\b(?:(?P<pre>the\s+(?:past|last|next|previous|first|following|coming|same)|another|more\s+than|less\s+than|nearly|almost|about|over|up\s+to|at\s+least|some)\s+)?"
        rf"(?P<n>{_NUM})(?:\s+|-)(?:(?:straight|consecutive|more|full|long|trading|business|working)[\s-]+)?(?P<unit>{_UNIT})(?:-long|-old)?\b",
        text,
        re.I,
    ):
        if re.fullmatch(r"an?", m["n"], re.I) and re.search(
            r"\b(?:once|twice|times|per)\s+$", text[max(0, m.start() - 7) : m.start()]
        ):
            add(_Cand(m.start(), m.end(), "set", {"value": _period(1, _unit(m["unit"]))}, "SET", 3))
            continue
        if (
            _unit(m["unit"]) in ("second", "quarter")
            and m["n"].lower() in ("a", "an", "one")
            and not re.search(
                r"\b(?:for|in|within|than|over|the)\s+$", text[max(0, m.start() - 8) : m.start()]
            )
        ):
            continue  # "a second attempt", "about a quarter of them": not durations
        pre = (m["pre"] or "").lower()
        mod = {"more than": "more than", "over": "more than", "less than": "less than",
               "nearly": "about", "almost": "about", "about": "about", "some": "about",
               "up to": "up to", "at least": "at least"}.get(pre)  # fmt: skip
        data = {"value": _period(_num(m["n"]), _unit(m["unit"])), "mod": mod}
        add(_Cand(m.start(), m.end(), "duration", data, "DURATION", priority=4))
    for m in re.finditer(
        r"\b(?P<pre>for|over\s+the|in\s+recent|in(?:\s+just)?|within)\s+(?P<unit>years|months|weeks|days|hours|minutes|decades|centuries)\b",
        text,
        re.I,
    ):
        s = m.start("unit") if m["pre"].lower() in ("for", "in", "within", "in just") else m.start()
        if m["pre"].lower() == "in recent":
            s = m.start() + 3
        data = {"value": _period(None, _unit(m["unit"])), "mod": None}
        add(_Cand(s, m.end(), "duration", data, "DURATION", priority=5))

    # sets: every week, each Monday, daily
    for m in re.finditer(
        rf"\b(?:(?:every|each|per)\s+(?P<unit>day|week|month|year|quarter|morning|evening|night|(?P<wd>{_WD}))"
        rf"|(?P<adv>daily|weekly|monthly|quarterly|yearly|annually|annual|biannual|hourly))\b",
        text,
    ):
        if m["wd"]:
            value = f"XXXX-WXX-{_WEEKDAYS.index(m['wd']) + 1}"
        elif m["adv"]:
            value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M",
                     "hourly": "PT1H", "biannual": "P6M"}.get(m["adv"], "P1Y")  # fmt: skip
        else:
            u = m["unit"]
            value = f"XXXX-XX-XXT{_POD[u]}" if u in _POD else _period(1, u)
        add(_Cand(m.start(), m.end(), "set", {"value": value}, "SET", priority=3))

    # clock times: "6 a.m.", "9:05 AM", "18:00 UTC", "noon"
    for m in re.finditer(rf"(?<![\d:.$£€])\b{_CLOCK}", text, re.I):
        clock = _clock(m)
        if clock is None:
            continue
        add(_Cand(m.start(), m.end(), "clock", {"clock": clock}, "TIME", priority=4))

    # weekdays: "Tuesday", "last Tuesday", "Tuesday's vote", "Wednesday evening", "late on Thursday"
    for m in re.finditer(
        rf"\b(?:(?P<mod>(?i:early|late))\s+(?:on\s+)?)?(?:(?P<rel>(?i:last|next|this|coming|past|previous))\s+)?(?P<wd>{_WD})(?P<poss>['’]s)?"
        rf"(?:\s+(?P<pod>morning|afternoon|evening|night))?\b",
        text,
    ):
        if _looks_like_name(text, m.start("wd"), m.end("wd"), weekday=True) and not m["pod"]:
            continue
        if not m["rel"] and not m["mod"]:
            pw = _prev_word(text, m.start())
            if pw.lower() in ("the", "a", "every", "each") and not m["poss"]:
                continue  # "the Thursday market": a kind of day, not a date
        data = {
            "weekday": _WEEKDAYS.index(m["wd"]),
            "rel": (m["rel"] or "").lower(),
            "pod": (m["pod"] or "").lower(),
            "mod": (m["mod"] or "").lower() or None,
        }
        add(_Cand(m.start(), m.end(), "weekday", data, "TIME" if m["pod"] else "DATE", priority=3))
    return out


def _clock(m: re.Match[str]) -> tuple[int, int, str] | None:
    if m["noon"]:
        word = m["noon"].lower()
        h, mi = (0, 0) if word == "midnight" else (12, 0)
    else:
        hs = m["h"] or m["h2"] or m["h3"]
        ms = m["mi"] if m["h"] else m["mi2"] if m["h2"] else m["mi3"]
        h, mi = int(hs), int(ms or 0)
        ap = (m["ap"] or "").lower()
        if ap:
            if not 1 <= h <= 12:
                return None
            h = h % 12 + (12 if ap == "p" else 0)
    if h > 23:
        return None
    return h, mi, "Z" if m["tz"] else ""


def _select(cands: list[_Cand], text: str) -> list[_Cand]:
    """The longest candidates that do not overlap, then clock times joined to their day."""
    chosen: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.priority, c.start)):
        if all(c.end <= o.start or o.end <= c.start for o in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    merged: list[_Cand] = []
    dayish = ("weekday", "monthday", "abs_day", "rel_day")
    for c in chosen:
        if merged:
            p = merged[-1]
            gap = text[p.end : c.start]
            if p.kind == "clock" and c.kind in dayish and re.fullmatch(r"\s+(?:on\s+)?|,\s*", gap):
                merged[-1] = _Cand(
                    p.start, c.end, "clock_day", {"clock": p.data["clock"], "day": c}, "TIME"
                )
                continue
            if p.kind in dayish and c.kind == "clock" and re.fullmatch(r",?\s+(?:at\s+)?", gap):
                merged[-1] = _Cand(
                    p.start, c.end, "clock_day", {"clock": c.data["clock"], "day": p}, "TIME"
                )
                continue
        merged.append(c)
    return merged


# ----------------------------------------------------------------------------------------------
# Resolution


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
    with no past verb, or a future marker after it when it opens the sentence."""
    i = _sentence_of(ctx, start)
    s0 = ctx.sentences[i]
    s1 = ctx.sentences[i + 1] if i + 1 < len(ctx.sentences) else len(ctx.text)
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
        return f"{d.isoformat()}T{_POD[pod]}"
    return d.isoformat()


_Result = tuple[str | None, str | None, str, str, str | None]  # value, last, grain, anchor, mod


def _resolve(c: _Cand, ctx: _Ctx) -> _Result:
    handler = _RESOLVERS[c.kind]
    return handler(c, ctx)


def _r_abs_day(c: _Cand, ctx: _Ctx) -> _Result:
    return _day_value(c.data["date"], clock=c.data.get("clock")), None, "day", "absolute", None


def _pick_year(
    month: int, day: int, ctx: _Ctx, c: _Cand, weekday: int | None
) -> tuple[dt.date | None, dt.date | None]:
    """The year of a month-day without one: the weekday's year when a weekday is given, else
    the latest such day on or before publication, or the next one in a future clause when it
    comes within half a year ("would be used on October 27-28" in a November text is past)."""
    pub = ctx.published
    assert pub is not None
    options = []
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            options.append(dt.date(y, month, day))
        except ValueError:
            continue
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
        # year, unless the sentence is in the past tense
        i = _sentence_of(ctx, c.start)
        if not _PAST_VERB.search(ctx.text, ctx.sentences[i], c.start):
            return min(future), None
    return max(past), None


def _r_monthday(c: _Cand, ctx: _Ctx) -> _Result:
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


def _r_month(c: _Cand, ctx: _Ctx) -> _Result:
    d = c.data
    mod = _norm_mod(d.get("mod"))
    month = d["month"]
    if d.get("year") is not None:
        return f"{d['year']}-{month:02d}", None, "month", "absolute", mod
    pub = ctx.published
    if d.get("year_rel"):
        if pub is None:
            return None, None, "month", "none", mod
        year = pub.year + {"this": 0, "last": -1, "next": 1}[d["year_rel"]]
        return f"{year}-{month:02d}", None, "month", "publication", mod
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
    return f"{year}-{month:02d}", None, "month", "publication", mod


def _r_year(c: _Cand, ctx: _Ctx) -> _Result:
    d = c.data
    last = str(d["year2"]) if d["year2"] else None
    return str(d["year"]), last, "year", "absolute", _norm_mod(d["mod"])


def _r_decade(c: _Cand, ctx: _Ctx) -> _Result:
    return c.data["decade"], None, "decade", "absolute", _norm_mod(c.data["mod"])


def _r_quarter(c: _Cand, ctx: _Ctx) -> _Result:
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
        year = min((pub.year - 1, pub.year), key=lambda y: _distance(pub, value_days(f"{y}-Q{q}")))
    return f"{year}-Q{q}", None, "quarter", "publication", None


def _distance(day: dt.date, span: tuple[dt.date, dt.date] | None) -> int:
    if span is None:
        return 1 << 30
    if span[0] <= day <= span[1]:
        return 0
    return min(abs((span[0] - day).days), abs((span[1] - day).days))


def _r_season(c: _Cand, ctx: _Ctx) -> _Result:
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
    current = value_days(f"{year}-{code}")
    in_it = current is not None and current[0] <= pub <= current[1]
    if d["rel"] == "last" and in_it:
        year -= 1
    elif d["rel"] == "next" or (
        d["rel"] in ("", "the", "this") and not in_it and _speaks_of_future(ctx, c.start, c.end)
    ):
        year += 1
    return f"{year}-{code}", None, "season", "publication", mod


def _r_rel_day(c: _Cand, ctx: _Ctx) -> _Result:
    if ctx.published is None:
        return None, None, "day", "none", None
    d = ctx.published + dt.timedelta(days=c.data["shift"])
    return _day_value(d, c.data["pod"]), None, "day", "publication", None


def _r_ref(c: _Cand, ctx: _Ctx) -> _Result:
    return c.data["ref"], None, "none", "publication", None


def _r_rel_period(c: _Cand, ctx: _Ctx) -> _Result:
    d = c.data
    pub = ctx.published
    unit, rel = d["unit"], d["rel"]
    mod = d.get("mod")
    grain = {"weekend": "week"}.get(unit, unit)
    if pub is None:
        return None, None, grain, "none", mod
    step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "week":
        y, w, _ = (pub + dt.timedelta(weeks=step)).isocalendar()
        return f"{y}-W{w:02d}", None, "week", "publication", mod
    if unit == "weekend":
        if rel in ("", "this") and pub.weekday() >= 5:
            sat = pub - dt.timedelta(days=pub.weekday() - 5)
        elif (
            rel == "next"
            or rel == "coming"
            or (rel in ("", "this") and _speaks_of_future(ctx, c.start, c.end))
        ):
            sat = pub + dt.timedelta(days=(5 - pub.weekday()) % 7 or 7)
        else:
            sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7 or 7)
        y, w, _ = sat.isocalendar()
        return f"{y}-W{w:02d}-WE", None, "week", "publication", mod
    if unit == "month":
        idx = pub.year * 12 + pub.month - 1 + step
        return f"{idx // 12}-{idx % 12 + 1:02d}", None, "month", "publication", mod
    if unit == "quarter":
        idx = pub.year * 4 + (pub.month - 1) // 3 + step
        return f"{idx // 4}-Q{idx % 4 + 1}", None, "quarter", "publication", mod
    if unit == "decade":
        return str(pub.year // 10 + step), None, "decade", "publication", mod
    return str(pub.year + step), None, "year", "publication", mod


def _shift(d: dt.date, n: int, unit: str) -> tuple[str, str] | None:
    """``d`` moved by ``n`` units, as a value at the unit's grain."""
    if unit == "day":
        return (d + dt.timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        y, w, _ = (d + dt.timedelta(weeks=n)).isocalendar()
        return f"{y}-W{w:02d}", "week"
    if unit == "month":
        idx = d.year * 12 + d.month - 1 + n
        return f"{idx // 12}-{idx % 12 + 1:02d}", "month"
    if unit == "year":
        return str(d.year + n), "year"
    if unit == "decade":
        return str((d.year + 10 * n) // 10), "decade"
    return None


def _r_ago(c: _Cand, ctx: _Ctx) -> _Result:
    n, unit = c.data["n"], c.data["unit"]
    grain = unit if unit in GRAINS else "none"
    if ctx.published is None or n is None or not float(n).is_integer():
        return None, None, grain, "none", None
    shifted = _shift(ctx.published, -int(n), unit)
    if shifted is None:
        return None, None, grain, "none", None
    return shifted[0], None, shifted[1], "publication", None


def _r_previous(c: _Cand, ctx: _Ctx) -> _Result:
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
        ref = dt.date.fromisoformat("2001" + base[4:]) + dt.timedelta(
            days=int(d["n"]) * (-1 if d["back"] else 1)
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
        value = f"{value}T{_POD[d['pod']]}"
    return value, None, grain, anchor, None


def _r_duration(c: _Cand, ctx: _Ctx) -> _Result:
    return c.data["value"], None, "none", "none", c.data.get("mod")


def _r_set(c: _Cand, ctx: _Ctx) -> _Result:
    return c.data["value"], None, "none", "none", None


def _r_clock(c: _Cand, ctx: _Ctx) -> _Result:
    if ctx.published is None:
        return None, None, "day", "none", None
    return _day_value(ctx.published, clock=c.data["clock"]), None, "day", "publication", None


def _r_weekday(c: _Cand, ctx: _Ctx) -> _Result:
    d = c.data
    pub = ctx.published
    mod = d.get("mod")
    if pub is None:
        return None, None, "day", "none", mod
    wd, rel = d["weekday"], d["rel"]
    after = (wd - pub.weekday()) % 7
    before = (pub.weekday() - wd) % 7
    if rel == "next" or rel == "coming":
        day = pub + dt.timedelta(days=after or 7)
    elif rel in ("last", "past", "previous"):
        day = pub - dt.timedelta(days=before or 7)
    elif _speaks_of_future(ctx, c.start, c.end):
        day = pub + dt.timedelta(days=after)
    else:
        day = pub - dt.timedelta(days=before)
    return _day_value(day, d["pod"]), None, "day", "publication", mod


def _r_clock_day(c: _Cand, ctx: _Ctx) -> _Result:
    day: _Cand = c.data["day"]
    value, _, grain, anchor, mod = _resolve(day, ctx)
    if value is None or not re.match(r"\d{4}-\d\d-\d\d", value):
        return None, None, grain, anchor, mod
    h, mi, z = c.data["clock"]
    return f"{value[:10]}T{h:02d}:{mi:02d}{z}", None, "day", anchor, mod


_RESOLVERS: dict[str, Callable[[_Cand, _Ctx], _Result]] = {
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
    for c in _select(_candidates(text), text):
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


__all__ = ["ANCHORS", "GRAINS", "TYPES", "TimeExpression", "find_times", "value_days"]
