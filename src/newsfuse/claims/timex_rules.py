"""Which spans of a text are time expressions, and what each one says before it is resolved.

The rules of :mod:`newsfuse.claims.timex`: :func:`find_candidates` runs every pattern over a
text (full dates from the shared recogniser of :mod:`newsfuse.extract.textmeta`, month-days,
months, years, decades, quarters, seasons, "yesterday", "now", "last week", "two days ago",
"the day before", durations, sets, clock times and weekdays) and returns one
:class:`Candidate` per match: its span, its ``kind`` (which resolver of
:mod:`newsfuse.claims.timex` reads it) and what the pattern read (month, day, year, weekday,
shift, unit, qualifier ...). Candidates overlap; :func:`select_candidates` keeps the longest
that do not and joins a clock time to the day next to it ("6 a.m. on Monday").

Nothing here needs the publication date: the patterns decide what is a time expression, and
:mod:`newsfuse.claims.timex` decides what it means. Rules read the shape of the text and general
English only (month and weekday names, number words, a few function words).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from newsfuse.extract.textmeta import MONTHS, find_dates
from newsfuse.taken import Taken
from newsfuse.text import read_digits

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
# TIMEX3 codes of the parts of a day ("Tuesday evening": "2024-11-05TEV"), shared with timex
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
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


# ----------------------------------------------------------------------------------------------
# Candidates: what a rule found, before resolution


@dataclass(slots=True)
class Candidate:
    """A span a rule found: ``[start, end)``, the rule's ``kind`` (the key of its resolver in
    :mod:`newsfuse.claims.timex`), what the rule read (``data``), the TIMEX3 ``type``, and a
    ``priority`` that settles overlaps between candidates of equal length (lower wins)."""

    start: int
    end: int
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    type: str = "DATE"
    priority: int = 5  # lower wins among candidates of equal length


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _num(word: str) -> float | None:
    w = word.lower()
    if w.endswith(" and a half"):
        base = _num(w[: -len(" and a half")])
        return None if base is None else base + 0.5
    if w[:1].isdecimal():
        value = read_digits(w)  # None past the bounds of a figure: read as vague
        return None if value is None else float(value)
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


#: a numeric date with both readings possible, month first or day first
_BOTH_WAYS = re.compile(r"(?P<a>0?[1-9]|1[0-2])/(?P<b>0?[1-9]|1[0-2])/(?P<y>(?:19|20)\d\d)")


def find_candidates(text: str) -> list[Candidate]:
    """Every match of every pattern in ``text``, overlapping ones included, in rule order."""
    out: list[Candidate] = []
    add = out.append
    data: dict[str, Any]
    n: float | None

    # full dates with a year, from the shared recogniser (numeric forms included)
    for hit in find_dates(text):
        data = {"date": hit.value}
        both = _BOTH_WAYS.fullmatch(text, hit.start, hit.end)
        if both is not None and int(both["a"]) != int(both["b"]) <= 12:
            # "4/5/2020": the 5th of April or the 4th of May (read month first, the day-first
            # reading kept for the publication day to choose)
            data["other"] = dt.date(int(both["y"]), int(both["a"]), int(both["b"]))
            if data["other"] == hit.value:
                data["other"] = dt.date(int(both["y"]), int(both["b"]), int(both["a"]))
        add(Candidate(hit.start, hit.end, "abs_day", data, priority=3))

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
            add(Candidate(m.start(), m.end(), "monthday", data, typ, priority=2))

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
            Candidate(
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
        add(Candidate(m.start(), m.end(), "month", data, priority=2))
    for m in re.finditer(
        rf"\b{mod_pre}(?P<mon>{_MON_FULL})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b", text
    ):
        data = {"month": _month(m["mon"]), "year_rel": m["rel"], "mod": m["mod"]}
        add(Candidate(m.start(), m.end(), "month", data, priority=2))

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
        add(Candidate(m.start(), m.end(), "month", data, priority=4))

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
            Candidate(
                m.start(), m.end(), "year", {"year": y, "year2": y2, "mod": m["mod"]}, priority=5
            )
        )

    # decades
    for m in re.finditer(
        r"\b(?:the\s+)?(?:(?P<mod>early|mid-?|late)\s*)?(?:(?P<c>1[6-9]|20)(?P<d>\d)0s|['’](?P<d2>\d)0s|(?<!\d)(?P<d3>[2-9])0s)\b",
        text,
    ):
        dec = (
            f"{m['c']}{m['d']}" if m["c"] else f"19{m['d2'] or m['d3']}"
        )  # two-digit decades: the 1900s
        add(Candidate(m.start(), m.end(), "decade", {"decade": dec, "mod": m["mod"]}, priority=4))

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
        add(Candidate(m.start(), m.end(), "quarter", data, priority=3))

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
        add(Candidate(m.start(), m.end(), "season", data, priority=4))

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
        add(Candidate(m.start(), m.end(), "rel_day", {"shift": shift, "pod": pod}, typ, priority=3))

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
        add(Candidate(s, m.end(), "ref", {"ref": ref}, priority=6))

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
                    Candidate(
                        m.start() - 4, m.end(), "duration", {"value": _period(n, u)}, "DURATION", 4
                    )
                )
                continue
            data = {"rel": rel, "unit": m["unit"].lower(), "mod": (m["mod"] or "").lower() or None}
        add(Candidate(m.start(), m.end(), "rel_period", data, priority=3))

    # two days ago, a year ago
    for m in re.finditer(rf"\b(?P<n>{_NUM})\s+(?P<unit>{_UNIT})\s+ago\b", text, re.I):
        data = {"n": _num(m["n"]), "unit": _unit(m["unit"])}
        add(Candidate(m.start(), m.end(), "ago", data, priority=3))

    # the day before, the previous day, a day earlier, two days later, the following week
    for m in re.finditer(
        rf"\b(?P<q>barely|nearly|almost|about|some|around|roughly|more\s+than|less\s+than|just|only)?\s*+"
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
        if unit in PARTS_OF_DAY:
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
        add(Candidate(s, m.end(), "previous", data, "TIME" if pod else "DATE", priority=2))

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
            add(
                Candidate(
                    m.start(), m.end(), "set", {"value": _period(1, _unit(m["unit"]))}, "SET", 3
                )
            )
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
        add(Candidate(m.start(), m.end(), "duration", data, "DURATION", priority=4))
    for m in re.finditer(
        r"\b(?P<pre>for|over\s+the|in\s+recent|in(?:\s+just)?|within)\s+(?P<unit>years|months|weeks|days|hours|minutes|decades|centuries)\b",
        text,
        re.I,
    ):
        s = m.start("unit") if m["pre"].lower() in ("for", "in", "within", "in just") else m.start()
        if m["pre"].lower() == "in recent":
            s = m.start() + 3
        data = {"value": _period(None, _unit(m["unit"])), "mod": None}
        add(Candidate(s, m.end(), "duration", data, "DURATION", priority=5))

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
            value = f"XXXX-XX-XXT{PARTS_OF_DAY[u]}" if u in PARTS_OF_DAY else _period(1, u)
        add(Candidate(m.start(), m.end(), "set", {"value": value}, "SET", priority=3))

    # clock times: "6 a.m.", "9:05 AM", "18:00 UTC", "noon"
    for m in re.finditer(rf"(?<![\d:.$£€])\b{_CLOCK}", text, re.I):
        clock = _clock(m)
        if clock is None:
            continue
        add(Candidate(m.start(), m.end(), "clock", {"clock": clock}, "TIME", priority=4))

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
        add(
            Candidate(
                m.start(), m.end(), "weekday", data, "TIME" if m["pod"] else "DATE", priority=3
            )
        )
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


def select_candidates(cands: list[Candidate], text: str) -> list[Candidate]:
    """The longest candidates that do not overlap, then clock times joined to their day."""
    chosen: list[Candidate] = []
    taken = Taken(len(text))
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.priority, c.start)):
        if taken.free(c.start, c.end):
            chosen.append(c)
            taken.take(c.start, c.end)
    chosen.sort(key=lambda c: c.start)
    merged: list[Candidate] = []
    dayish = ("weekday", "monthday", "abs_day", "rel_day")
    for c in chosen:
        if merged:
            p = merged[-1]
            gap = text[p.end : c.start]
            if p.kind == "clock" and c.kind in dayish and re.fullmatch(r"\s+(?:on\s+)?|,\s*", gap):
                merged[-1] = Candidate(
                    p.start, c.end, "clock_day", {"clock": p.data["clock"], "day": c}, "TIME"
                )
                continue
            if p.kind in dayish and c.kind == "clock" and re.fullmatch(r",?\s+(?:at\s+)?", gap):
                merged[-1] = Candidate(
                    p.start, c.end, "clock_day", {"clock": c.data["clock"], "day": p}, "TIME"
                )
                continue
        merged.append(c)
    return merged


__all__ = ["PARTS_OF_DAY", "Candidate", "find_candidates", "select_candidates"]
