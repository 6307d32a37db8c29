"""Quantities in news text: how many of what, and how sure the source is about it.

Reports that agree on a fact agree on its numbers; reports that differ often differ only in a
number or in how it is hedged ("about 4,000" against "up to 6,500"). :func:`find_quantities`
reads every counted or measured quantity of a text into a :class:`Quantity` with character
spans into the text given; :func:`same_measure` and :func:`values_agree` say whether two of them
count the same kind of thing and give compatible values. Everything here is rules over
structure and general English: no model, no gazetteer.

What a quantity is made of:

value      digits with thousands separators (``11,000``, ``11 000``), decimals, a minus sign
           (``-25 degrees``), number words (``five``, ``Seventeen``, ``two hundred and fifty``,
           ``a dozen``), a scale word (``1.5 million``, ``$1.5m``, ``2.3bn``) and ``and a
           half``; ranges (``18-60``, ``10,000 to 12,000``, ``between 10,000 and 12,000``,
           ``50 or 60``; not ``rose from 10 to 12``) give ``low`` and ``high`` and their
           midpoint as ``value`` (a score keeps its two sides, as written, in ``low`` and
           ``high``); vague amounts (``hundreds of``, ``several thousands of``, ``tens of
           thousands of``) give their order of magnitude as ``value`` and ``low``, and ten times
           it as ``high``. The lone word ``one`` is not read (mostly a pronoun: "one of them"),
           nor is ``zero``.
unit       what is counted or measured: a percent sign or word, a currency (``$`` -> ``USD``), a
           measure unit (canonical plural US spelling: ``kilometres``, ``km`` and the
           ``1,500-kilometer`` compound all give ``kilometers``), or else the head noun of the
           noun phrase after the number (``11,000 North Korean infantrymen`` -> ``infantrymen``;
           ``about 1,800 of its members`` -> ``members``; ``two of the port's five terminals``
           -> ``terminals``; ``six dead`` -> ``dead``). A number without a noun takes its unit
           from the sentence (``the number of evacuees ... at about 4,000`` -> ``evacuees``) or,
           after ``their number`` / ``the figure``, from the last count with a unit in the
           sentences before; ``unit_span`` then lies outside the quantity's own span.
           Proper-noun units keep their case (``North Koreans``).
qualifier  ``exact``, ``about``, ``up_to``, ``at_least``, ``fewer_than`` (words just before the
           number), ``could_rise_to`` (a modal and a verb of growth: ``could rise to as many as
           15,000``, whose ``qualifier_text`` keeps ``as many as``), ``expected`` (a verb of
           plan or forecast in the clause: ``Kyiv expects five units``; counts, money and
           percentages only, and only when no word before the number says more), ``range`` and
           ``vague``. ``over`` before a duration is a preposition, not a qualifier ("a pay rise
           over two years"), unless ``for`` or a verb of lasting comes before it.
kind       ``count``, ``measure`` (distance, area, volume, weight, duration, temperature),
           ``money``, ``percent``, ``age`` (``aged 18-60``, ``55-year-old``, ``Name, 67,``) and
           ``score`` (``a 2-1 win``).
extras     ``each`` and ``total`` for a composition (``five units of 3,000 people each``: the
           second quantity has ``each=True`` and ``total=15000``, with the product in
           ``total_note``); ``alternative`` for a converted figure in brackets (``9 kilometers
           (more than 5 miles)`` is one quantity whose ``alternative`` is 5 miles, at_least; a
           bracketed figure without a qualifier of its own takes the outer one).

Not quantities: dates and year ranges (``Nov. 4``, ``October 27-28``, ``2022``, ``1943-44``; a
lone number from 1800 to 2100 is a year after ``in``/``since``/``by`` and the like, or when no
plural noun follows it), clock times (``6 a.m.``, ``9:05``, ``20.22 BST``), reading times
(``4 min read``), phone numbers, URLs, ids (seven digits or more without separators, or a
leading zero), ordinals (``first``, ``89th``), decades (``1990s``, ``’90s``), labels and model
names (``MiG-29``, ``G7``, ``Terminal 3``, ``iPhone 5c``, ``No. 5``), capitalised number words
inside a sentence (``Group of Seven``), fractions (``two thirds``), ratios (``24/7``), numbered
list items (``3. The ...``), reference marks (``(5)``, ``(5, 6, 7)``), hyphenated compounds
that are names (``father-of-five``) and spans of time before ``ago``.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from newsfuse.dedup.facts import (
    _SCALES,  # the number-word tables of the facts reader, shared so both read numbers alike
    _SHORT_SCALES,
    _TENS,
    _UNITS,
    FUNCTION_WORDS,
    MONTHS_DAYS,
    split_sentences,
)
from newsfuse.extract.textmeta import READ_TIME
from newsfuse.stories.dates import find_date_mentions

KINDS = ("count", "measure", "money", "percent", "age", "score")
QUALIFIERS = tuple(
    "exact about up_to at_least fewer_than expected could_rise_to range vague".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One counted or measured quantity of a text (see the module docstring).

    ``start``/``end`` span the whole phrase (qualifier, number and unit as written, and a
    bracketed alternative); ``value_span``, ``unit_span`` and ``qualifier_span`` are spans of
    the same text, each ``(start, end)``.
    """

    start: int
    end: int
    text: str
    value: float
    value_text: str
    value_span: tuple[int, int]
    kind: str = "count"
    unit: str | None = None
    unit_text: str | None = None
    unit_span: tuple[int, int] | None = None
    qualifier: str = "exact"
    qualifier_text: str = ""
    qualifier_span: tuple[int, int] | None = None
    low: float | None = None
    high: float | None = None
    each: bool = False
    total: float | None = None
    total_note: str | None = None
    alternative: Quantity | None = field(default=None, repr=False)


# ---------------------------------------------------------------------------------------------
# Word tables (general English)
# ---------------------------------------------------------------------------------------------

# Measure units: the canonical name (plural, US spelling) and the ways it is written.
_MEASURE_TABLE = """
kilometers: km kms kilometer kilometers kilometre kilometres | meters: m meter meters metre metres
centimeters: cm centimeter centimeters centimetre centimetres | miles: mile miles mi
millimeters: mm millimeter millimeters millimetre millimetres | feet: foot feet ft
inches: inch inches | yards: yard yards | hectares: hectare hectares ha | acres: acre acres
liters: liter liters litre litres | gallons: gallon gallons | barrels: barrel barrels
kilograms: kg kgs kilogram kilograms kilogramme kilogrammes kilo kilos
grams: gram grams gramme grammes | tonnes: t tonne tonnes | tons: ton tons
pounds: lb lbs pound pounds | ounces: ounce ounces oz | degrees: degree degrees
seconds: second seconds secs | minutes: minute minutes min mins | hours: hour hours hr hrs
days: day days | weeks: week weeks | months: month months | years: year years yr yrs
decades: decade decades | centuries: century centuries | megawatts: megawatt megawatts mw
mph: mph
"""
_MEASURES = {
    form: canon.strip()
    for entry in _MEASURE_TABLE.replace("\n", " | ").split(" | ")
    if ":" in entry
    for canon, forms in [entry.split(":")]
    for form in forms.split()
}
_DURATIONS = frozenset("seconds minutes hours days weeks months years decades centuries".split())  # noqa: SIM905
# Abbreviations that count as units only when written right after the digits ("10km").
_ATTACHED_ONLY = frozenset({"m", "mi", "ha", "min", "mw", "t"})

_CURRENCY_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH",
                     "₽": "RUB"}  # fmt: skip
_CURRENCY_CODES = frozenset("USD EUR GBP UAH RUB JPY CNY CHF".split())  # noqa: SIM905
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY",
    "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB", "hryvnia": "UAH",
    "hryvnias": "UAH", "hryvnias'": "UAH", "yuan": "CNY",
}  # fmt: skip

# Nouns that are plural without an -s, and adjectives used as nouns after a number.
_PLURAL_WORDS = frozenset(
    "people personnel police staff children men women folk cattle livestock crew infantry".split()  # noqa: SIM905
)
_NOMINAL_ADJECTIVES = frozenset("dead injured wounded killed missing".split())  # noqa: SIM905
_COMPOUND_PERSONNEL = frozenset("military medical security rescue emergency".split())  # noqa: SIM905
# Words after a number that the noun phrase may start with but that are not its head.
# Adverbs that may open a sentence right before a number ("Exactly 30 people ...").
_ADVERBS = frozenset("exactly precisely barely fully nearly roughly almost just only".split())  # noqa: SIM905
_NP_SKIP = frozenset("more other additional extra new further fewer".split())  # noqa: SIM905
_IRREGULAR_VERBS = frozenset(
    """left fled went came took made got gave died ran fell rose stood held lost met saw sent
    spent fought said told remain remained live lived work worked stay stayed""".split()  # noqa: SIM905
)

_QUALIFIER_WORDS: list[tuple[str, str]] = [
    ("up_to", r"up\s+to|as\s+many\s+as|as\s+much\s+as|a\s+maximum\s+of|at\s+most|no\s+more\s+than"),
    (
        "at_least",
        r"at\s+least|no\s+(?:fewer|less)\s+than|(?:well\s+|just\s+)?(?:more\s+than|over\s+and\s+above"
        r"|over|upwards\s+of|in\s+excess\s+of|above)|a\s+minimum\s+of|exceeding",
    ),
    ("fewer_than", r"(?:just\s+|well\s+)?(?:fewer\s+than|less\s+than|under|below)"),
    (
        "about",
        r"about|around|roughly|some|approximately|approx\.|nearly|almost|close\s+to|an\s+estimated"
        r"|estimated|circa|more\s+or\s+less|an\s+average\s+of|on\s+average",
    ),
]
_QUALIFIER = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _QUALIFIER_WORDS)
    + r")\s+(?:an?\s+)?$",
    re.IGNORECASE,
)
_COULD_RISE = re.compile(
    r"(?<![\w-])(?P<verb>(?:could|may|might|would|will|(?:is|are)\s+(?:expected|set|likely|projected"
    r"|forecast)\s+to)\s+(?:(?!give\b)\w+\s+)?(?:(?:rise|increase|grow|climb|swell|jump|soar|go\s+up|balloon)"
    r"(?:\s+(?!to\b)[\w’']+){0,3}\s+to|reach|hit|top|exceed|surpass))\s+$",
    re.IGNORECASE,
)
_EXPECTED = re.compile(
    r"\b(?:expects?|expected|expectation|expecting|plans?\s+to|planned|planning\s+to|set\s+to"
    r"|will|would|could|(?-i:may|might)|forecasts?|projected|projections?)\b",
    re.IGNORECASE,
)
_EXPECTED_AFTER = re.compile(
    r"\s+(?:are|is|were|was)\s+(?:expected|set|planned|projected|due)\s+to\b", re.IGNORECASE
)
# A determiner before the number makes it a known amount, not the object of a plan ("will cut
# a quarter of its 430,000 staff").
_DETERMINER_BEFORE = re.compile(r"\b(?:the|its|their|his|her|our|these|those|this|all)\s+$", re.I)
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]“”\"—–]|\b(?:that|which|who|whom|whose|after|before|when|while|because|although"
    r"|though|if|unless|since|until|but|where)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|never|no|nobody|none)\b|n[’']t\b", re.IGNORECASE)
# Between a verb of plan and its number: a preposition there means the number is not its object
# ("would be allowed back into the three towns"), unless the number follows "to" ("will bring
# the total to 15,000").
_PREPOSITION = re.compile(
    r"\b(?:in|into|at|on|from|by|with|for|over|under|through|across|near|inside|outside)\b", re.I
)
# What may stand between "the number of X" and the number that gives its value.
_LINK_BEFORE = re.compile(
    r"(?:\b(?:at|to|reached|reach|reaches|is|was|were|are|be|been|of|hit|hits|topped|tops"
    r"|exceeded|passed|stood|stands|totals?|totalled|totaled|totaling|totalling)|[,:—–])\s*$",
    re.IGNORECASE,
)
# Words after which "about" introduces a topic, not an estimate.
_ABOUT_TOPIC = re.compile(
    r"\b(?:questions?|concerns?|worr(?:y|ied|ies)|talk(?:s|ed|ing)?|know|knew|learn(?:ed|t)?|hear|"
    r"heard|ask(?:ed)?|care[sd]?|wr(?:i|o)te|writing|think|thought|spoke|speak(?:ing)?|story|"
    r"stories|news|details|information|debate[sd]?|complain(?:ed|ts?)?|argu(?:e|ed|ing))\s+$",
    re.IGNORECASE,
)
_PREPOSITIONAL = frozenset("around over under about above below".split())  # noqa: SIM905
_OVER_DURATION_OK = frozenset("for after in of lasted lasting took take takes taking since".split())  # noqa: SIM905
_CHANGE_VERB = re.compile(
    r"\b(?:rose|rise[sn]?|rising|increased?|increasing|fell|fall(?:en|s)?|falling|dropped|drop"
    r"|grew|grow[sn]?|climbed|jumped|declined|decreased|cut|raised|reduced|lowered|went|revised"
    r"|changed|up|down)\s+(?:\w+\s+){0,2}from\s+$",
    re.IGNORECASE,
)
_SPORT = re.compile(
    r"\b(?:win|wins|won|victory|defeat|defeated|beat|beats|lost|loss|draw|drew|lead|score|scored"
    r"|scores|goals?|match|game|final)\b",
    re.IGNORECASE,
)
_CONTEXT_OF = re.compile(
    r"\b(?:number|numbers|total|tally|count|figure)\s+of\s+(?:(?:the|its|their|his|her|our|these"
    r"|those)\s+)?",
    re.IGNORECASE,
)
_CONTEXT_PRONOUN = re.compile(
    r"\b(?:their|its|the|this|that)\s+(?:[a-z]+\s+)?(?:number|figure|total|count|tally)\b(?!\s+of\b)",
    re.IGNORECASE,
)
_DEATH_TOLL = re.compile(r"\bdeath\s+toll\b", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------
# Finding the numbers
# ---------------------------------------------------------------------------------------------

_CUR = r"(?P<cur>(?:US\$|[$€£¥₴₽]|USD|EUR|GBP|UAH|RUB|JPY|CNY|CHF)[ \u00a0]?)"
_DIGIT_CORE = re.compile(
    rf"(?<![\w.,/#$€£¥]){_CUR}?"
    r"(?P<num>\d{1,3}(?:(?:,|[ \u00a0\u202f\u2009])\d{3})+(?:\.\d+)?(?![\d])|\d+(?:\.\d+)?(?![\d]))"
    r"(?:(?P<half>\s+and\s+(?:a\s+)?half)\b)?"
    rf"(?:[\s-]*(?P<scale>{'|'.join(_SCALES)})\b|\s?(?P<short>bn|mn|mln|tn)\b"
    r"|(?<=\d)(?P<cs>[kmb])\b(?(cur)|(?!)))?"
)
_SHORT = {**_SHORT_SCALES, "tn": 10**12}
_NUMBER_WORDS = {**_UNITS, **_TENS, "hundred": 100, "dozen": 12, **_SCALES}
_WORD_TOKEN = re.compile(
    r"\b(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_WORD_JOIN = re.compile(r"\s+and\s+|[\s-]+", re.IGNORECASE)
_HALF = re.compile(r"\s+and\s+(?:a\s+)?half\b", re.IGNORECASE)
_A_BEFORE = re.compile(r"\ban?\s+$", re.I)
_VAGUE = re.compile(
    r"\b(?:(?P<pre>several|a\s+few|a\s+couple\s+of|many)\s+)?(?:(?P<plural>tens|hundreds|thousands"
    r"|millions|billions|dozens)(?:\s+of\s+(?P<plural2>thousands|millions|billions)(?:\s+of\b)?"
    r"|\s+of\b)"
    r"|(?P<sing>hundred|thousand|million|billion)(?P<s>s)?\b(?:\s+of\b)?)",
    re.IGNORECASE,
)
_VAGUE_MAGNITUDE = {
    "tens": 10, "hundreds": 100, "thousands": 1000, "millions": 10**6, "billions": 10**9,
    "dozens": 12, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
}  # fmt: skip
_FRACTION_AFTER = re.compile(
    r"[\s-]+(?:halves|thirds?|quarters?|fifths?|sixths?|eighths?|tenths?)\b", re.I
)
_TIME = re.compile(
    r"(?<![\d:])\d{1,2}(?::\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\b\.?)?|(?:[.:]\d{2})?\s*[ap]\.?\s?m\b\.?"
    r"|\s*o['’]clock\b|\s+in\s+the\s+(?:morning|afternoon|evening)\b"
    r"|[.:]\d{2}\s*(?:GMT|BST|UTC|CET|CEST|EET|EEST|EST|EDT|CST|CDT|PST|PDT|ET|PT)\b)",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]\d{2,4}){1,4}"
    r"|\(\d{2,4}\)[\s.-]?\d{3,4}[\s.-]?\d{3,4}"
    r"|\b\d{3}[.-]\d{3}[.-]\d{4}\b"
    r"|\b\d{3,4}\s\d{3}\s\d{4}\b)"
)
_AGO = re.compile(r"\s+\w+\s+ago\b", re.IGNORECASE)
_LABEL_BEFORE = re.compile(r"(?:\b(?:No|Nos|Art|Sec|Vol|Ch|Fig|pp?)\.?\s*|#\s*)$")
_CAP_WORD_BEFORE = re.compile(r"(?<![.!?:;]\s)\b([A-Za-z]*[A-Z][A-Za-z]*)\s$")
_REFERENCE_LIST = re.compile(r"[(\[]\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})+\s*[)\]]")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+\.(?:com|org|net|html?|php)\S*", re.IGNORECASE)
_YEAR_TAIL = re.compile(r"[-–](?:\d{2}|\d{4})\b")
_DATE_RANGE_TAIL = re.compile(r"\s?[-–]\s?[0-3]?\d\b")
_SENTENCE_OPENING = "\"“‘'(:—–"


@dataclass(frozen=True, slots=True)
class _Core:
    """A number as found, before its unit and qualifier are read."""

    start: int
    end: int
    value: float
    scale: float = 1.0  # the scale word's factor ("12 million": 10**6)
    currency: str | None = None
    cur_span: tuple[int, int] | None = None
    low: float | None = None
    high: float | None = None
    vague: bool = False
    kind: str | None = None  # set for ranges that are scores or ages


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans that hold digits but no quantity: dates, times, reading times, phone numbers."""
    spans: list[tuple[int, int]] = []
    for d in find_date_mentions(text, None):
        if d.grain == "year":
            continue  # years are decided below, with the words around them
        end = d.end
        if d.grain in ("day", "monthday"):
            tail = _DATE_RANGE_TAIL.match(text, end)
            if tail:
                end = tail.end()
        spans.append((d.start, end))
    for pattern in (_TIME, READ_TIME, _PHONE, _URL, _REFERENCE_LIST):
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text))
    return sorted(spans)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _digits_value(raw: str) -> float:
    return float(re.sub(r"[,\s\u00a0\u202f\u2009]", "", raw))


def _is_year(text: str, m: re.Match[str]) -> bool:
    raw = m.group("num")
    if m.group("cur") or m.group("scale") or not re.fullmatch(r"\d{4}", raw):
        return False
    if not 1800 <= int(raw) <= 2100:
        return False
    if re.search(
        r"\b(?:in|since|by|from|until|till|before|after|during|of)\s+$",
        text[max(0, m.start() - 10) : m.start()],
        re.I,
    ):
        return True
    head = _next_words(text, m.end(), 1)
    return not (head and _plural_like(head[0][0]))


def _digit_cores(text: str, blocked: list[tuple[int, int]]) -> list[_Core]:
    cores: list[_Core] = []
    for m in _DIGIT_CORE.finditer(text):
        start, end = m.start(), m.end()
        if _overlaps(blocked, start, end):
            continue
        before = text[max(0, start - 12) : start]
        if re.search(r"[^\W\d_]-$", before) or _LABEL_BEFORE.search(before):
            continue  # MiG-29, COVID-19, No. 5, #3
        after = text[end : end + 12]
        letters = re.match(r"[A-Za-z]+", after)
        if (letters and letters.group(0).lower() not in _MEASURES) or re.match(
            r"/\d|[:.,]?\d", after
        ):
            continue  # 21st, 1990s, 5G, iPhone 5c, 24/7
        if re.match(r"0\d|\d{7}", m.group("num")) and not m.group("cur"):
            continue  # 007, 0922, 510456172418: codes and ids, not amounts
        if re.search(r"\s[’']$", before) and re.fullmatch(r"\d\d", m.group("num")):
            continue  # class of ’17
        line_start = text.rfind("\n", 0, start) + 1
        if not text[line_start:start].strip() and re.match(r"[.)]\s", after):
            continue  # "3. The third reason": a list item
        if _is_year(text, m):
            tail = _YEAR_TAIL.match(text, end)
            if tail:
                blocked.append((end, tail.end()))
                blocked.sort()
            continue
        if _label_before(text, start, m):
            continue
        if _AGO.match(text, end) and not m.group("scale"):
            continue
        value = _digits_value(m.group("num"))
        if re.search(r"(?:^|[\s(])[-−]$", text[max(0, start - 2) : start]) and not m.group("cur"):
            value, start = -value, start - 1  # "-25 degrees"
        scale = 1.0
        if m.group("half"):
            value += 0.5
        if m.group("scale"):
            scale = _SCALES[m.group("scale").lower()]
        elif m.group("short") or m.group("cs"):
            scale = _SHORT[(m.group("short") or m.group("cs")).lower()]
        value *= scale
        currency = cur_span = None
        if m.group("cur"):
            symbol = m.group("cur").strip()
            currency = _CURRENCY_SYMBOLS.get(symbol, symbol)
            cur_span = (m.start("cur"), m.start("cur") + len(symbol))
        cores.append(_Core(start, end, value, scale, currency, cur_span))
    return cores


def _label_before(text: str, start: int, m: re.Match[str]) -> bool:
    """``Terminal 3``, ``Gate 2``: a capitalised word inside a sentence, then a short bare
    number that no plural noun follows."""
    if m.group("cur") or m.group("scale") or not re.fullmatch(r"\d{1,4}(?:\.\d+)?", m.group("num")):
        return False
    cap = _CAP_WORD_BEFORE.search(text, max(0, start - 30), start)
    if cap is None:
        return False
    word = cap.group(1).lower()
    if (
        word in FUNCTION_WORDS
        or word in MONTHS_DAYS
        or word in _ADVERBS
        or _QUALIFIER.search(cap.group(1) + " ")
    ):
        return False
    if re.match(r"[A-Za-z%]", text[m.end() : m.end() + 1]):
        return False  # a unit written on the digits: "40km"
    head = _next_words(text, m.end(), 1)
    return not (head and (_plural_like(head[0][0]) or head[0][0].lower() in _MEASURES))


def _word_cores(
    text: str, blocked: list[tuple[int, int]], starts: set[int], taken: list[tuple[int, int]]
) -> list[_Core]:
    cores: list[_Core] = []
    pos = 0
    while True:
        m = _WORD_TOKEN.search(text, pos)
        if m is None:
            return cores
        tokens = [(m.start(), m.end(), m.group(0).lower())]
        end = m.end()
        while True:
            sep = _WORD_JOIN.match(text, end)
            nxt = _WORD_TOKEN.match(text, sep.end()) if sep else None
            if sep is None or nxt is None:
                break
            word = nxt.group(0).lower()
            if " and " in f" {sep.group(0).lower()} " and tokens[-1][2] not in (
                "hundred",
                *_SCALES,
            ):
                break
            if not _may_follow(tokens[-1][2], word):
                break
            tokens.append((nxt.start(), nxt.end(), word))
            end = nxt.end()
        pos = end
        start = tokens[0][0]
        words = [t[2] for t in tokens]
        if words[0] in ("hundred", "dozen", *_SCALES):
            a = _A_BEFORE.search(text, max(0, start - 4), start)
            if a is None:
                continue  # a bare "million" is no number; "millions of" is a vague amount
            start = a.start()
        first = text[tokens[0][0] : tokens[0][1]]
        if words in (["one"], ["zero"]):
            continue  # "one of them"
        if first[0].isupper() and not _sentence_initial(text, tokens[0][0], starts):
            continue  # Group of Seven, Big Four
        if _overlaps(blocked, start, end) or _overlaps(taken, start, end):
            continue
        if _FRACTION_AFTER.match(text, end) or _AGO.match(text, end):
            continue
        if re.search(r"[^\W\d_]-$", text[max(0, start - 2) : start]):
            continue  # father-of-five
        value = _words_value(words)
        if value is None:
            continue
        half = _HALF.match(text, end)
        if half:
            end = half.end()
            value += 0.5
        cores.append(_Core(start, end, value, scale=_SCALES.get(words[-1], 1)))


def _may_follow(prev: str, cur: str) -> bool:
    if cur in _SCALES:
        return prev not in _SCALES
    if cur in ("hundred", "dozen"):
        return prev in _UNITS
    if cur in _UNITS and _UNITS[cur] < 10:
        return prev in _TENS or prev == "hundred" or prev in _SCALES
    return prev == "hundred" or prev in _SCALES  # teens and tens


def _words_value(words: list[str]) -> float | None:
    total = current = 0
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in ("hundred", "dozen"):
            current = (current or 1) * _NUMBER_WORDS[w]
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0
        else:  # pragma: no cover - the token pattern only lets number words through
            return None
    return float(total + current)


def _vague_cores(text: str, blocked: list[tuple[int, int]]) -> list[_Core]:
    cores: list[_Core] = []
    for m in _VAGUE.finditer(text):
        if m.group("sing") and not m.group("pre"):
            continue  # "11 thousand" is a number; "several thousand(s)" is vague
        if _overlaps(blocked, m.start(), m.end()):
            continue
        word = (m.group("plural") or m.group("sing")).lower()
        magnitude = float(_VAGUE_MAGNITUDE[word])
        if m.group("plural2"):
            magnitude *= _VAGUE_MAGNITUDE[m.group("plural2").lower()]
        cores.append(
            _Core(
                m.start(), m.end(), magnitude, True, low=magnitude, high=magnitude * 10, vague=True
            )
        )
    return cores


def _sentence_initial(text: str, pos: int, starts: set[int]) -> bool:
    if pos in starts:
        return True
    before = text[max(0, pos - 20) : pos].rstrip(" \t")
    if not before and pos > 20:
        return False  # only blanks for 20 characters: not the start of the text
    return not before or before[-1] in "\n" + _SENTENCE_OPENING


def _merge_ranges(text: str, cores: list[_Core]) -> list[_Core]:
    """Join ``18-60``, ``10,000 to 12,000`` and ``between 10,000 and 12,000`` into one core."""
    merged: list[_Core] = []
    i = 0
    while i < len(cores):
        a = cores[i]
        b = cores[i + 1] if i + 1 < len(cores) else None
        if b is None or a.vague or b.vague:
            merged.append(a)
            i += 1
            continue
        between = text[a.end : b.start]
        left = text[max(0, a.start - 40) : a.start]
        dash = re.fullmatch(r"\s*[-–]\s*", between)
        to = re.fullmatch(r"\s+to\s+", between) and not _CHANGE_VERB.search(left)
        andb = re.fullmatch(r"\s+and\s+", between) and re.search(r"\bbetween\s+$", left, re.I)
        orb = re.fullmatch(r"\s+or\s+", between) and a.value < b.value
        if not (dash or to or andb or orb) or (
            a.currency and b.currency and a.currency != b.currency
        ):
            merged.append(a)
            i += 1
            continue
        low, high = a.value, b.value
        if b.scale > 1 and a.scale == 1 and low < 1000:
            low *= b.scale
        kind = None
        if re.search(r"\b(?:aged?|ages)\s+(?:between\s+)?$", left, re.I):
            kind = "age"
        elif dash and "-" in between and low == int(low) and high == int(high) and high < 100:
            sentence_left = text[max(0, a.start - 120) : a.start]
            if _SPORT.search(sentence_left) or _SPORT.search(text, b.end, b.end + 40):
                kind = "score"
        if kind != "score" and low > high:
            merged.append(a)
            i += 1
            continue
        middle = a.value if kind == "score" else (low + high) / 2
        merged.append(
            _Core(a.start, b.end, middle, b.scale, a.currency or b.currency,
                  a.cur_span or b.cur_span, low, high, kind=kind)
        )  # fmt: skip
        i += 2
    return merged


def _find_cores(text: str, starts: set[int]) -> list[_Core]:
    blocked = _blocked_spans(text)
    digits = _digit_cores(text, blocked)
    vague = [v for v in _vague_cores(text, blocked) if not any(_hit(v, d) for d in digits)]
    taken = sorted([(c.start, c.end) for c in digits + vague])
    words = _word_cores(text, blocked, starts, taken)
    cores = sorted(digits + vague + words, key=lambda c: c.start)
    return _merge_ranges(text, cores)


def _hit(a: _Core, b: _Core) -> bool:
    return a.start < b.end and b.start < a.end


# ---------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------

_NP_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def _next_words(text: str, pos: int, limit: int) -> list[tuple[str, int, int]]:
    """Up to ``limit`` words right after ``pos``, separated only by single spaces."""
    words: list[tuple[str, int, int]] = []
    while len(words) < limit:
        m = re.match(r"[ \u00a0]", text[pos : pos + 1])
        if not m:
            break
        w = _NP_WORD.match(text, pos + 1)
        if w is None:
            break
        words.append((w.group(0), w.start(), w.end()))
        pos = w.end()
    return words


def _plural_like(word: str) -> bool:
    low = word.lower().replace("’", "'")
    if low in FUNCTION_WORDS or low in MONTHS_DAYS or low.endswith("'s"):
        return False
    if low in _PLURAL_WORDS or low.endswith("men"):
        return True
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))


def _noun_phrase(text: str, pos: int, *, nominal: bool = True) -> tuple[str, str, int, int] | None:
    """The counted noun phrase starting after ``pos``: ``(unit, unit_text, start, end)``.

    The head is the first plural-looking word within four words (``North Korean combat
    troops``), a known plural (``people``, ``personnel``, ``-men``), or an adjective used as a
    noun right after the number (``six dead``). The phrase ends at a function word, a verb
    form after the first word, punctuation, a number or a date word.
    """
    words = _next_words(text, pos, 5)
    run: list[tuple[str, int, int]] = []
    for word, s, e in words:
        low = word.lower()
        if not run and low in _NP_SKIP:
            continue
        if low in FUNCTION_WORDS or low in MONTHS_DAYS or low in _WORD_TOKEN_SET:
            break
        if (
            run
            and (low.endswith(("ing", "ed")) or low in _IRREGULAR_VERBS)
            and not _plural_like(word)
        ):
            break
        if not run and nominal and low in _NOMINAL_ADJECTIVES:
            return low, word, s, e
        run.append((word, s, e))
        if _plural_like(word):
            head = word
            unit = head.lower()
            first = len(run) - 1
            if head[0].isupper() and not _sentence_initial(text, s, set()):
                while first > 0 and run[first - 1][0][0].isupper():
                    first -= 1
                unit = " ".join(w for w, _, _ in run[first:])
            elif unit == "personnel" and len(run) > 1 and run[-2][0].lower() in _COMPOUND_PERSONNEL:
                unit = f"{run[-2][0].lower()} personnel"
            return unit, text[run[0][1] : e], run[0][1], e
        if len(run) >= 4:
            break
    return None


_WORD_TOKEN_SET = frozenset(_NUMBER_WORDS)

_PERCENT = re.compile(
    r"\s*(?:%|per\s*cent\b|percent\b|pct\b)|\s+(?P<pp>percentage\s+points?)\b", re.I
)
_COMPOUND = re.compile(r"-(?P<u>[A-Za-z]+)(?P<old>[\s-]old\b)?")
_ATTACHED = re.compile(r"(?P<u>[A-Za-z]{1,3})\b")
_MEASURE_AFTER = re.compile(
    r"\s+(?P<dim>(?:square|sq\.?|cubic|nautical)\s+)?(?P<u>[A-Za-z]+)\b(?P<old>\s+old\b)?"
)
_CURRENCY_AFTER = re.compile(r"\s+(?:(?:US|U\.S\.|American|Canadian)\s+)?(?P<u>[A-Za-z]+)\b")
_CURRENCY_CODE_AFTER = re.compile(r"\s+(?P<u>[A-Z]{3})\b")
# "about 1,800 of its members", "two of the port's five terminals"
_OF_PHRASE = re.compile(
    r"\s+of\s+(?:(?:its|the|their|his|her|our|these|those|whom|[\w-]*['’]s)\s+){0,2}"
    r"(?:(?:\d[\d,.]*|" + "|".join(_NUMBER_WORDS) + r")\s+)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Unit:
    kind: str
    unit: str | None = None
    text: str | None = None
    span: tuple[int, int] | None = None
    end: int | None = None  # where the phrase ends, when the unit follows the number


def _read_unit(text: str, core: _Core) -> _Unit:
    end = core.end
    if core.kind in ("score", "age"):
        return _Unit(core.kind, "years" if core.kind == "age" else None)
    p = _PERCENT.match(text, end)
    if p and not core.vague:
        unit = "percentage points" if p.group("pp") else "percent"
        s = p.start() + len(p.group(0)) - len(p.group(0).lstrip())
        return _Unit("percent", unit, text[s : p.end()], (s, p.end()), p.end())
    if core.currency and core.cur_span:
        return _Unit(
            "money", core.currency, text[core.cur_span[0] : core.cur_span[1]], core.cur_span
        )
    c = _COMPOUND.match(text, end)
    if c and not core.vague:
        word = c.group("u").lower()
        span = (c.start("u"), c.end())
        if word in ("year", "month", "week", "day") and c.group("old"):
            return _Unit("age", _MEASURES[word], text[span[0] : span[1]], span, c.end())
        if word in _MEASURES:
            return _Unit("measure", _MEASURES[word], c.group("u"), span, c.end())
        if word == "strong":  # "a 3,000-strong force": the noun after says what is counted
            np = _noun_phrase(text, c.end(), nominal=False)
            words = _next_words(text, c.end(), 1)
            if np is not None:
                return _Unit("count", np[0], np[1], (np[2], np[3]), np[3])
            if words:
                w, s, e = words[0]
                return _Unit("count", w.lower(), w, (s, e), e)
        return _Unit(
            "count", word if word.endswith("s") else word + "s", c.group("u"), span, c.end()
        )
    a = _ATTACHED.match(text, end)
    if a and a.group("u").lower() in _MEASURES and not core.vague:
        return _Unit("measure", _MEASURES[a.group("u").lower()], a.group("u"), a.span(), a.end())
    code = _CURRENCY_CODE_AFTER.match(text, end)
    if code and code.group("u") in _CURRENCY_CODES:
        return _Unit("money", code.group("u"), code.group("u"), code.span("u"), code.end())
    cw = _CURRENCY_AFTER.match(text, end)
    if cw and cw.group("u").lower() in _CURRENCY_WORDS:
        s = cw.start() + len(cw.group(0)) - len(cw.group(0).lstrip())
        return _Unit(
            "money",
            _CURRENCY_WORDS[cw.group("u").lower()],
            text[s : cw.end()],
            (s, cw.end()),
            cw.end(),
        )
    mm = _MEASURE_AFTER.match(text, end)
    if mm and not core.vague:
        word = mm.group("u").lower()
        if word in _MEASURES and word not in _ATTACHED_ONLY:
            canon = _MEASURES[word]
            if canon == "years" and mm.group("old"):
                return _Unit(
                    "age", "years", mm.group(0).strip(), (mm.start("u"), mm.end()), mm.end()
                )
            if mm.group("dim"):
                dim = mm.group("dim").strip().lower().rstrip(".")
                canon = f"{'square' if dim == 'sq' else dim} {canon}"
            s = mm.start("dim") if mm.group("dim") else mm.start("u")
            return _Unit("measure", canon, text[s : mm.end("u")], (s, mm.end("u")), mm.end("u"))
    if not core.vague:
        of = _OF_PHRASE.match(text, end)
        if of:
            np = _noun_phrase(text, of.end() - 1, nominal=False)
            if np:
                s = of.start() + 1
                return _Unit("count", np[0], text[s : np[3]], (s, np[3]), np[3])
    np = _noun_phrase(text, end)
    if np:
        return _Unit("count", np[0], np[1], (np[2], np[3]), np[3])
    return _Unit("count")


# ---------------------------------------------------------------------------------------------
# Qualifiers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Qualifier:
    name: str = "exact"
    text: str = ""
    span: tuple[int, int] | None = None
    adjacent: bool = False  # written right before the number: part of the phrase


def _clause_left(text: str, sentence_start: int, pos: int) -> int:
    start = sentence_start
    for m in _CLAUSE_BREAK.finditer(text, sentence_start, pos):
        start = m.end()
    return start


def _read_qualifier(text: str, core: _Core, unit: _Unit, sentence: tuple[int, int]) -> _Qualifier:
    if core.vague:
        return _Qualifier("vague", text[core.start : core.end], (core.start, core.end), True)
    if core.low is not None and core.kind != "score":
        lead = re.search(
            r"\b(?:between|from)\s+$", text[max(0, core.start - 12) : core.start], re.I
        )
        if lead is None:
            return _Qualifier("range")
        s = core.start - len(lead.group(0))
        return _Qualifier("range", lead.group(0).strip(), (s, s + len(lead.group(0).strip())), True)
    left = text[max(sentence[0], core.start - 80) : core.start]
    offset = core.start - len(left)
    qual = _Qualifier()
    q = _QUALIFIER.search(left)
    if q:
        name = next(n for n, _ in _QUALIFIER_WORDS if q.group(n))
        word = q.group(name)
        if (
            name == "at_least"
            and word.lower() == "over"
            and unit.kind == "measure"
            and unit.unit in _DURATIONS
        ):
            prev = re.search(r"(\w+)\s+$", left[: q.start()])
            if not prev or prev.group(1).lower() not in _OVER_DURATION_OK:
                name = ""  # "a pay rise over two years"
        if word.lower() == "about" and re.search(_ABOUT_TOPIC, left[: q.start()]):
            name = ""  # "questions about two key promises": about as a preposition
        if unit.text and text[core.end : core.end + 1] == "-" and word.lower() in _PREPOSITIONAL:
            name = ""  # "put the garland around 23-year-old Indira's neck"
        if name:
            s, e = offset + q.start(), offset + q.start() + len(word)
            qual = _Qualifier(name, word, (s, e), True)
    head = left[: qual.span[0] - offset] if qual.span else left
    rise = _COULD_RISE.search(head)
    if rise:
        s = offset + rise.start()
        e = qual.span[1] if qual.span else offset + rise.start() + len(rise.group("verb"))
        return _Qualifier("could_rise_to", text[s:e], (s, e), True)
    if qual.name != "exact" or unit.kind not in ("count", "money", "percent"):
        return qual
    clause = _clause_left(text, sentence[0], core.start)
    hits = list(_EXPECTED.finditer(text, clause, core.start))
    if hits and not _NEGATION.search(text, clause, core.start):
        m = hits[-1]
        gap = text[m.end() : core.start]
        planned = not _DETERMINER_BEFORE.search(gap) and (
            not _PREPOSITION.search(gap) or re.search(r"\bto\s+$", gap)
        )
        if planned:
            return _Qualifier("expected", m.group(0), m.span())
    after = _EXPECTED_AFTER.match(text, unit.end or core.end)
    if after:
        s = after.start() + len(after.group(0)) - len(after.group(0).lstrip())
        return _Qualifier("expected", text[s : after.end()], (s, after.end()))
    return qual


# ---------------------------------------------------------------------------------------------
# Putting it together
# ---------------------------------------------------------------------------------------------


def find_quantities(text: str) -> list[Quantity]:
    """Every counted or measured quantity of ``text``, in order of appearance.

    See the module docstring for what is read and what is left out. Spans index ``text``
    unchanged.
    """
    sentences = split_sentences(text)
    sentence_starts = {s for s, _ in sentences}
    bounds = [s for s, _ in sentences]
    found: list[Quantity] = []
    for core in _find_cores(text, sentence_starts):
        i = bisect.bisect_right(bounds, core.start) - 1
        sentence = sentences[i] if i >= 0 else (0, len(text))
        quantity = _build(text, core, sentence)
        if quantity.unit is None and quantity.kind == "count":
            quantity = _context_unit(text, quantity, sentence, sentences[max(0, i - 2) : i], found)
        if quantity.unit is None and _bracketed(text, quantity):
            continue  # "(5)": a reference mark
        found.append(quantity)
    found = _attach_alternatives(text, found)
    return _compose(text, found, sentences)


def _bracketed(text: str, q: Quantity) -> bool:
    before, after = text[q.start - 1 : q.start], text[q.end : q.end + 1]
    return q.start > 0 and bool(before) and bool(after) and before in "([" and after in ")]"


def _build(text: str, core: _Core, sentence: tuple[int, int]) -> Quantity:
    unit = _read_unit(text, core)
    kind = unit.kind
    if kind == "count" and _age_after_name(text, core):
        kind, unit = "age", _Unit("age", "years")
    left_aged = re.search(
        r"\b(?:aged?|age\s+of)\s+$", text[max(0, core.start - 12) : core.start], re.I
    )
    if left_aged and kind == "count":
        kind, unit = "age", _Unit("age", "years")
    qual = _read_qualifier(text, core, unit, sentence)
    start = qual.span[0] if qual.adjacent and qual.span else core.start
    if unit.span and unit.span[0] < start:
        start = unit.span[0]
    end = max(core.end, unit.end or core.end)
    value_start = core.cur_span[1] if core.cur_span else core.start
    while text[value_start : value_start + 1].isspace():
        value_start += 1
    name = qual.name
    if core.kind == "score":
        name = "exact"
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=core.value,
        value_text=text[value_start : core.end],
        value_span=(value_start, core.end),
        kind=core.kind or kind,
        unit=unit.unit,
        unit_text=unit.text,
        unit_span=unit.span,
        qualifier=name,
        qualifier_text=qual.text,
        qualifier_span=qual.span,
        low=core.low,
        high=core.high,
    )


def _age_after_name(text: str, core: _Core) -> bool:
    """``Agnes Holm, 67,``: a small bare number between commas right after a name."""
    if core.low is not None or core.value != int(core.value) or not 0 < core.value < 120:
        return False
    if not re.fullmatch(r"\d{1,3}", text[core.start : core.end]):
        return False
    before = re.search(
        r"\b[A-Z][\w’'-]+\s[A-Z][\w’'-]+,\s$", text[max(0, core.start - 60) : core.start]
    )
    return bool(before) and text[core.end : core.end + 1] == ","


def _context_unit(
    text: str,
    q: Quantity,
    sentence: tuple[int, int],
    previous: Iterable[tuple[int, int]],
    found: list[Quantity],
) -> Quantity:
    """A unit for a number without a noun: "the number of X ... N", or "their number ... N"
    after a count with a unit."""
    left_start = sentence[0]
    before = text[max(left_start, q.value_span[0] - 60) : q.value_span[0]]
    qual = _QUALIFIER.search(before)
    if not _LINK_BEFORE.search(before[: qual.start()] if qual else before):
        return q
    hits = list(_CONTEXT_OF.finditer(text, left_start, q.value_span[0]))
    for m in reversed(hits):
        np = _noun_phrase(text, m.end() - 1, nominal=False)
        if np and np[3] <= q.value_span[0]:
            return replace(q, unit=np[0], unit_text=np[1], unit_span=(np[2], np[3]))
    toll = list(_DEATH_TOLL.finditer(text, left_start, q.value_span[0]))
    if toll:
        return replace(q, unit="dead", unit_text=toll[-1].group(0), unit_span=toll[-1].span())
    if _CONTEXT_PRONOUN.search(text, left_start, q.value_span[0]):
        window = min((s for s, _ in previous), default=sentence[0])
        for prev in reversed(found):
            if prev.start < window:
                break
            if prev.kind == "count" and prev.unit:
                return replace(
                    q, unit=prev.unit, unit_text=prev.unit_text, unit_span=prev.unit_span
                )
    return q


def _attach_alternatives(text: str, found: list[Quantity]) -> list[Quantity]:
    """``9 kilometers (more than 5 miles)``: the bracketed figure becomes the alternative."""
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        q = found[i]
        r = found[i + 1] if i + 1 < len(found) else None
        close = re.compile(r"\s*\)").match(text, r.end) if r else None
        if (
            r is not None
            and close is not None
            and re.fullmatch(r"\s*\(\s*", text[q.end : r.start])
            and r.kind == q.kind
            and q.kind in ("measure", "money")
        ):
            if r.qualifier == "exact":
                r = replace(r, qualifier=q.qualifier)
            end = close.end()
            out.append(replace(q, end=end, text=text[q.start : end], alternative=r))
            i += 2
            continue
        out.append(q)
        i += 1
    return out


_EACH_AFTER = re.compile(r"\s+(?:each|apiece)\b", re.IGNORECASE)


def _compose(text: str, found: list[Quantity], sentences: list[tuple[int, int]]) -> list[Quantity]:
    """``five units of 3,000 people each``: mark the second ``each`` and give the total."""
    bounds = [s for s, _ in sentences]
    out: list[Quantity] = []
    for q in found:
        each_after = _EACH_AFTER.match(text, q.end)
        sentence_start = bounds[bisect.bisect_right(bounds, q.start) - 1] if bounds else 0
        prev = None
        for p in reversed(out):
            if p.start < sentence_start:
                break
            if p.kind == "count" and p.unit and p.low is None:
                prev = p
                break
        each_before = prev is not None and re.search(r"\beach\b", text[prev.end : q.start], re.I)
        if q.kind == "count" and prev is not None and (each_after or each_before):
            end = each_after.end() if each_after else q.end
            note = f"{prev.value_text} {prev.unit_text} × {q.value_text} each"
            q = replace(
                q,
                end=end,
                text=text[q.start : end],
                each=True,
                total=prev.value * q.value,
                total_note=note,
            )
        out.append(q)
    return out


# ---------------------------------------------------------------------------------------------
# Comparing quantities
# ---------------------------------------------------------------------------------------------

_SYNONYMS: dict[str, str] = {}
for _group, _words in {
    "troops": "troop|soldier|military personnel|force|serviceman|infantryman",
    "people": "person|people|resident|civilian|inhabitant|individual",
    "workers": "worker|employee|member|staff",
    "dead": "dead|killed|death|fatality",
    "injured": "injured|wounded|injury",
    "kilometers": "km|kilometer|kilometre",
    "percent": "percent|%",
}.items():
    for _w in _words.split("|"):
        _SYNONYMS[_w] = _group


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _unit_key(unit: str) -> str:
    low = " ".join(unit.lower().split())
    if low in _MEASURES:
        low = _MEASURES[low]
    key = " ".join(_singular(w) for w in low.split())
    return _SYNONYMS.get(key, _SYNONYMS.get(low, key))


def same_measure(a: Quantity, b: Quantity) -> bool:
    """Whether ``a`` and ``b`` count or measure the same kind of thing: the same kind and unit
    nouns equal after normalisation (case, plural, spelling of measure units) and a small table
    of general synonyms (troops = soldiers = military personnel = forces; people = residents =
    persons = civilians; workers = employees = members; km = kilometers = kilometres). A
    quantity without a unit matches nothing."""
    if a.kind != b.kind or a.unit is None or b.unit is None:
        return False
    return _unit_key(a.unit) == _unit_key(b.unit)


def _interval(q: Quantity) -> tuple[float, float]:
    v = q.value
    if q.low is not None and q.high is not None and q.kind != "score":
        return q.low, q.high
    if q.qualifier == "about":
        return v * 0.95, v * 1.05
    if q.qualifier in ("up_to", "could_rise_to", "fewer_than"):
        return v * 0.95, v
    if q.qualifier == "at_least":
        return v, v * 1.05
    return v, v


def _rounds_to(value: float, other: float) -> bool:
    """``value`` is a round figure that ``other`` rounds to (4,000 for 4,012)."""
    if value == 0 or other == 0:
        return False
    digits = len(f"{abs(value):.0f}".rstrip("0")) if value == int(value) else 15
    magnitude = math.floor(math.log10(abs(value)))
    step = 10.0 ** (magnitude - digits + 1)
    return abs(other - value) <= step / 2 and abs(other - value) <= 0.025 * abs(value)


def values_agree(a: Quantity, b: Quantity) -> bool:
    """Whether the values of ``a`` and ``b`` are compatible, given their qualifiers and
    rounding: equal values; a round figure and a value that rounds to it (4,000 and 4,012);
    ``about v`` covering 5% either side, ``up to v`` / ``could rise to v`` / ``fewer than v``
    the 5% below v, ``at least v`` the 5% above; a range or a vague amount its bounds. Two
    hedged figures agree when these intervals meet ("about 4,000" and "4,000" agree; "up to
    12,000" and "12,000" agree; "11,000" and "12,000" do not; "about 4,000" and "up to 6,500"
    do not). Units are not compared: see :func:`same_measure`."""
    if a.value == b.value and a.low == b.low and a.high == b.high:
        return True
    if a.qualifier == "exact" and b.qualifier == "exact" and a.low is None and b.low is None:
        return _rounds_to(a.value, b.value) or _rounds_to(b.value, a.value)
    lo_a, hi_a = _interval(a)
    lo_b, hi_b = _interval(b)
    return lo_a <= hi_b and lo_b <= hi_a


__all__ = ["KINDS", "QUALIFIERS", "Quantity", "find_quantities", "same_measure", "values_agree"]
