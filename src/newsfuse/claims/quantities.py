"""Quantities in news text: how many of what, and how sure the source is about it.

Reports that agree on a fact agree on its numbers; reports that differ often differ only in a
number or in how it is hedged ("about 4,000" against "up to 6,500"). :func:`find_quantities`
reads every counted or measured quantity of a text into a :class:`Quantity` with character
spans into the text given; :func:`same_measure` and :func:`values_agree` say whether two of them
count the same kind of thing and give compatible values. Everything here is rules over
structure and general English: no model, no gazetteer.

The numbers themselves (digits, words, scales, ranges, vague amounts, and what is *not* an
amount: dates, times, phone numbers, ids, labels, ordinals ...) are found by
:func:`newsfuse.claims.numbers.find_numbers`; this module reads what each number counts, how it
is hedged, and how the quantities of a text fit together.

What a quantity is made of:

value      the number as :mod:`newsfuse.claims.numbers` reads it: ``value``, and ``low`` and
           ``high`` for a range (their midpoint as ``value``; a score keeps its two sides, as
           written) or a vague amount (``hundreds of``: its order of magnitude as ``value`` and
           ``low``, ten times it as ``high``).
unit       what is counted or measured: a percent sign or word, a currency (``$`` -> ``USD``), a
           measure unit (canonical plural US spelling: ``kilometres``, ``km`` and the
           ``1,500-kilometer`` compound all give ``kilometers``), or else the head noun of the
           noun phrase after the number (``11,000 North Korean infantrymen`` -> ``infantrymen``;
           ``about 1,800 of its members`` -> ``members``; ``two of the port's five terminals``
           -> ``terminals``; ``six dead`` -> ``dead``). A number without a noun takes its unit
           from the sentence (``the number of evacuees ... at about 4,000`` -> ``evacuees``;
           ``a population of 200,000`` -> ``population``) or, after ``their number`` / ``the
           figure``, from the last count with a unit in the sentences before; ``unit_span``
           then lies outside the quantity's own span.
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

Not quantities: whatever :mod:`newsfuse.claims.numbers` does not read as an amount, and a
bare number in brackets with no unit (a reference mark: ``(5)``).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from newsfuse.claims.numbers import (
    MEASURE_UNITS,
    NUMBER_WORDS,
    Number,
    find_numbers,
    next_words,
    plural_like,
    sentence_initial,
)
from newsfuse.text import FUNCTION_WORDS, MONTHS_DAYS, split_sentences

KINDS = ("count", "measure", "money", "percent", "age", "score")
#: What a number's qualifier, clause and context unit are read from: its sentence, at most this
#: many characters back (a clause of 60 words and more is a list or a run-on line, and reading
#: it whole for each of its numbers would take time quadratic in its length)
REACH = 400
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

# The written forms of measure units are in numbers.MEASURE_UNITS (the number finder needs them
# to tell "10km" from "5G"); these say which units are durations and which abbreviations count
# only when written on the digits.
_DURATIONS = frozenset("seconds minutes hours days weeks months years decades centuries".split())  # noqa: SIM905
# Abbreviations that count as units only when written right after the digits ("10km").
_ATTACHED_ONLY = frozenset({"m", "mi", "ha", "min", "mw", "t"})

_CURRENCY_CODES = frozenset("USD EUR GBP UAH RUB JPY CNY CHF".split())  # noqa: SIM905
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY",
    "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB", "hryvnia": "UAH",
    "hryvnias": "UAH", "hryvnias'": "UAH", "yuan": "CNY",
}  # fmt: skip

# Adjectives used as nouns after a number.
_NOMINAL_ADJECTIVES = frozenset("dead injured wounded killed missing displaced".split())  # noqa: SIM905
_COMPOUND_PERSONNEL = frozenset("military medical security rescue emergency".split())  # noqa: SIM905
# Words after a number that the noun phrase may start with but that are not its head.
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
# "a population of 200,000", "population: 3,000", "a town of 3,000 people": the number counts
# the inhabitants of a place.
_POPULATION_BEFORE = re.compile(
    r"\b(?P<u>populations?)(?:\s+(?:of|is|was|at|(?:stands|stood)\s+at|reached|totals?|totall?ed))?"
    r"[\s:,—–]*$",
    re.IGNORECASE,
)
_PLACE_OF = re.compile(
    r"\b(?P<place>(?:town|city|village|hamlet|country|nation|island|region|province|district"
    r"|county|municipality|community|settlement|suburb|metropolis)(?:es|s)?)\s+of\s+$",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------


def _noun_phrase(text: str, pos: int, *, nominal: bool = True) -> tuple[str, str, int, int] | None:
    """The counted noun phrase starting after ``pos``: ``(unit, unit_text, start, end)``.

    The head is the first plural-looking word within four words (``North Korean combat
    troops``), a known plural (``people``, ``personnel``, ``-men``), or an adjective used as a
    noun right after the number (``six dead``). The phrase ends at a function word, a verb
    form after the first word, punctuation, a number or a date word.
    """
    words = next_words(text, pos, 5)
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
            and not plural_like(word)
        ):
            break
        if not run and nominal and low in _NOMINAL_ADJECTIVES:
            return low, word, s, e
        run.append((word, s, e))
        if plural_like(word):
            head = word
            unit = head.lower()
            first = len(run) - 1
            if head[0].isupper() and not sentence_initial(text, s, set()):
                while first > 0 and run[first - 1][0][0].isupper():
                    first -= 1
                unit = " ".join(w for w, _, _ in run[first:])
            elif unit == "personnel" and len(run) > 1 and run[-2][0].lower() in _COMPOUND_PERSONNEL:
                unit = f"{run[-2][0].lower()} personnel"
            return unit, text[run[0][1] : e], run[0][1], e
        if len(run) >= 4:
            break
    return None


_WORD_TOKEN_SET = frozenset(NUMBER_WORDS)

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
    r"(?:(?:\d[\d,.]*|" + "|".join(NUMBER_WORDS) + r")\s+)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Unit:
    kind: str
    unit: str | None = None
    text: str | None = None
    span: tuple[int, int] | None = None
    end: int | None = None  # where the phrase ends, when the unit follows the number


def _read_unit(text: str, core: Number) -> _Unit:
    end = core.end
    if core.kind in ("score", "age"):
        return _Unit(core.kind, "years" if core.kind == "age" else None)
    p = _PERCENT.match(text, end)
    if p and not core.vague:
        unit = "percentage points" if p.group("pp") else "percent"
        s = p.start() + len(p.group(0)) - len(p.group(0).lstrip())
        return _Unit("percent", unit, text[s : p.end()], (s, p.end()), p.end())
    if core.currency and core.currency_span:
        return _Unit(
            "money",
            core.currency,
            text[core.currency_span[0] : core.currency_span[1]],
            core.currency_span,
        )
    c = _COMPOUND.match(text, end)
    if c and not core.vague:
        word = c.group("u").lower()
        span = (c.start("u"), c.end())
        if word in ("year", "month", "week", "day") and c.group("old"):
            return _Unit("age", MEASURE_UNITS[word], text[span[0] : span[1]], span, c.end())
        if word in MEASURE_UNITS:
            return _Unit("measure", MEASURE_UNITS[word], c.group("u"), span, c.end())
        if word == "strong":  # "a 3,000-strong force": the noun after says what is counted
            np = _noun_phrase(text, c.end(), nominal=False)
            words = next_words(text, c.end(), 1)
            if np is not None:
                return _Unit("count", np[0], np[1], (np[2], np[3]), np[3])
            if words:
                w, s, e = words[0]
                return _Unit("count", w.lower(), w, (s, e), e)
        return _Unit(
            "count", word if word.endswith("s") else word + "s", c.group("u"), span, c.end()
        )
    a = _ATTACHED.match(text, end)
    if a and a.group("u").lower() in MEASURE_UNITS and not core.vague:
        return _Unit(
            "measure", MEASURE_UNITS[a.group("u").lower()], a.group("u"), a.span(), a.end()
        )
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
        if word in MEASURE_UNITS and word not in _ATTACHED_ONLY:
            canon = MEASURE_UNITS[word]
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


def _read_qualifier(text: str, core: Number, unit: _Unit, sentence: tuple[int, int]) -> _Qualifier:
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
            prev = re.search(r"(?<!\w)(\w+)\s+$", left[: q.start()])
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
    for core in find_numbers(text, sentence_starts):
        i = bisect.bisect_right(bounds, core.start) - 1
        s0, s1 = sentences[i] if i >= 0 else (0, len(text))
        sentence = (max(s0, core.start - REACH), s1)  # what is read before the number
        quantity = _build(text, core, sentence)
        if quantity.unit is None and quantity.kind == "count":
            quantity = _context_unit(text, quantity, sentence, sentences[max(0, i - 2) : i], found)
        if quantity.kind == "count":
            quantity = _place_size(text, quantity)
        if quantity.unit is None and _bracketed(text, quantity):
            continue  # "(5)": a reference mark
        found.append(quantity)
    found = _attach_alternatives(text, found)
    return _compose(text, found, sentences)


def _bracketed(text: str, q: Quantity) -> bool:
    before, after = text[q.start - 1 : q.start], text[q.end : q.end + 1]
    return q.start > 0 and bool(before) and bool(after) and before in "([" and after in ")]"


def _build(text: str, core: Number, sentence: tuple[int, int]) -> Quantity:
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
    value_start = core.currency_span[1] if core.currency_span else core.start
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


def _age_after_name(text: str, core: Number) -> bool:
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
    """A unit for a number without a noun: "a population of N", "the number of X ... N", or
    "their number ... N" after a count with a unit."""
    left_start = sentence[0]
    before = text[max(left_start, q.value_span[0] - 60) : q.value_span[0]]
    qual = _QUALIFIER.search(before)
    head = before[: qual.start()] if qual else before
    population = _POPULATION_BEFORE.search(head)
    if population:
        s = q.value_span[0] - len(before) + population.start("u")
        e = s + len(population.group("u"))
        return replace(q, unit="population", unit_text=text[s:e], unit_span=(s, e))
    if not _LINK_BEFORE.search(head):
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


def _place_size(text: str, q: Quantity) -> Quantity:
    """``a town of about 3,000 people``: the size of a place counts its inhabitants, not the
    people an event touched (``unit="inhabitants"``, the noun as written kept in
    ``unit_text``); ``a city of 7 million`` gives ``unit="population"`` and the place noun."""
    place = _PLACE_OF.search(text, max(0, q.start - 40), q.start)
    if place is None:
        return q
    if q.unit is None:
        span = place.span("place")
        return replace(q, unit="population", unit_text=text[span[0] : span[1]], unit_span=span)
    if _unit_key(q.unit) == "people":
        return replace(q, unit="inhabitants")
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
        sentence_start = max(sentence_start, q.start - REACH)
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
    # people affected by an event; the inhabitants of a place (its population) are another
    # measure: "4,000 residents were evacuated" is not "a town of 3,000 inhabitants"
    "people": "person|people|resident|civilian|individual|evacuee|displaced|villager",
    "inhabitants": "inhabitant|population",
    "workers": "worker|employee|member|staff",
    # the formations a force is counted in: "five units" and "five battalions" of one plan
    "units": "unit|battalion|brigade|regiment|detachment|contingent",
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
    if low in MEASURE_UNITS:
        low = MEASURE_UNITS[low]
    key = " ".join(_singular(w) for w in low.split())
    return _SYNONYMS.get(key, _SYNONYMS.get(low, key))


def same_measure(a: Quantity, b: Quantity) -> bool:
    """Whether ``a`` and ``b`` count or measure the same kind of thing: the same kind and unit
    nouns equal after normalisation (case, plural, spelling of measure units) and a small table
    of general synonyms (troops = soldiers = military personnel = forces; units = battalions =
    brigades = regiments: formations of a force; people = persons =
    residents = civilians = evacuees = displaced = villagers = individuals: counts of the people
    an event touches; inhabitants = population: the size of a place, another measure;
    workers = employees = members; km = kilometers = kilometres). A quantity without a unit
    matches nothing."""
    if a.kind != b.kind or a.unit is None or b.unit is None:
        return False
    return _unit_key(a.unit) == _unit_key(b.unit)


def counts_people(unit: str | None) -> bool:
    """Whether a unit counts people of any role: troops, people (residents, civilians ...) or
    a people named by where they come from ("North Koreans", "Americans"). One count given in
    these words ("15,000 troops", "15,000 North Koreans") may be one figure; two different
    values in them are never compared (see :func:`same_measure`)."""
    if not unit:
        return False
    words = unit.split()
    if words[0][:1].isupper() and words[-1].endswith("s") and all(w[:1].isupper() for w in words):
        return True
    return _unit_key(unit) in ("troops", "people")


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


__all__ = [
    "KINDS",
    "QUALIFIERS",
    "REACH",
    "Quantity",
    "counts_people",
    "find_quantities",
    "same_measure",
    "values_agree",
]
