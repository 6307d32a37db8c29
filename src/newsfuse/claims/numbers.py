"""Numbers in news text: where they are written and what they are worth.

The first step of reading a quantity (:mod:`newsfuse.claims.quantities`) is finding its number,
and most of the work there is telling an amount from the many other things written with digits
or number words. :func:`find_numbers` reads every amount of a text into a :class:`Number` with
its character span; the quantity reader then adds what is counted and how sure the source is.
Everything here is rules over structure and general English: no model, no gazetteer.

What is read:

digits     with thousands separators (``11,000``, ``11 000``), decimals, a minus sign (``-25
           degrees``), a currency sign or code before them (``$`` -> ``USD``, ``EUR 5``), a
           scale word or suffix (``1.5 million``, ``$1.5m``, ``2.3bn``) and ``and a half``;
words      ``five``, ``Seventeen`` (capitalised only where a sentence or quote opens),
           ``two hundred and fifty``, ``twenty-five``, ``a dozen``, ``a million``. The lone
           word ``one`` is not read (mostly a pronoun: "one of them"), nor is ``zero``;
ranges     ``18-60``, ``10,000 to 12,000``, ``between 10,000 and 12,000``, ``50 or 60``, ``10 to
           12 million`` (the scale applies to both); not ``rose from 10 to 12``. ``low`` and
           ``high`` hold the bounds and ``value`` their midpoint. A range after ``aged`` is an
           age (``kind="age"``); a dash between two small whole numbers near a word of sport is
           a score (``kind="score"``, the two sides as written in ``low`` and ``high``, the first
           as ``value``);
vague      ``hundreds of``, ``several thousand``, ``tens of thousands of``, ``dozens of``: the
           order of magnitude as ``value`` and ``low``, ten times it as ``high``, ``vague=True``.

What is not: dates and year ranges (``Nov. 4``, ``October 27-28``, ``2022``, ``1943-44``; a lone
number from 1800 to 2100 is a year after ``in``/``since``/``by`` and the like, or when no plural
noun follows it), clock times (``6 a.m.``, ``9:05``, ``20.22 BST``), reading times (``4 min
read``), phone numbers, URLs, ids (seven digits or more without separators, or a leading zero),
ordinals (``first``, ``89th``), decades (``1990s``, ``’90s``), labels and model names
(``MiG-29``, ``G7``, ``Terminal 3``, ``iPhone 5c``, ``No. 5``), capitalised number words inside a
sentence (``Group of Seven``), fractions (``two thirds``), ratios (``24/7``), numbered list items
(``3. The ...``), reference lists (``(5, 6, 7)``), hyphenated compounds that are names
(``father-of-five``) and spans of time before ``ago``; nor, with the bounds of
:func:`newsfuse.text.read_digits` and :func:`~newsfuse.text.read_number_words`, a
figure of more than 20 digits or above a thousand trillion (scale included), or a run of number
words that is no number (``three hundred and three hundred``). Letters written on the digits make a label
(``5G``) unless they are a measure unit (``10km``): :data:`MEASURE_UNITS` lists the written forms
of the measure units, which the quantity reader maps to their canonical names.

The number-word tables are those of :mod:`newsfuse.text`, so that the rewrite detector and
the claims reader read numbers alike. :func:`next_words`, :func:`plural_like` and
:func:`sentence_initial` are the word tests both this module and the quantity reader use on the
words around a number.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from newsfuse.extract.textmeta import READ_TIME
from newsfuse.stories.dates import find_date_mentions
from newsfuse.taken import Taken
from newsfuse.text import (
    FUNCTION_WORDS,
    MONTHS_DAYS,
    NUMBER_TENS,
    NUMBER_UNITS,
    SCALES,
    SHORT_SCALES,
    read_digits,
    read_number_words,
    scaled,
    split_sentences,
)

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
MEASURE_UNITS = {
    form: canon.strip()
    for entry in _MEASURE_TABLE.replace("\n", " | ").split(" | ")
    if ":" in entry
    for canon, forms in [entry.split(":")]
    for form in forms.split()
}

# Currency signs written before the digits, and the ISO code each stands for.
_CURRENCY_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH",
                     "₽": "RUB"}  # fmt: skip

# Nouns that are plural without an -s.
_PLURAL_WORDS = frozenset(
    "people personnel police staff children men women folk cattle livestock crew infantry".split()  # noqa: SIM905
)

# Words that may stand capitalised right before an amount ("Exactly 30 people ...", "Over
# 30 ...") and so do not make it a label like "Terminal 3": adverbs and the one-word hedges.
_BEFORE_AMOUNT = frozenset(
    """exactly precisely barely fully nearly roughly almost just only about above approximately
    around below circa estimated exceeding over some under""".split()  # noqa: SIM905
)
# A verb of change before "from": "rose from 10 to 12" gives two figures, not a range.
_CHANGE_VERB = re.compile(
    r"\b(?:rose|rise[sn]?|rising|increased?|increasing|fell|fall(?:en|s)?|falling|dropped|drop"
    r"|grew|grow[sn]?|climbed|jumped|declined|decreased|cut|raised|reduced|lowered|went|revised"
    r"|changed|up|down)\s+(?:\w+\s+){0,2}from\s+$",
    re.IGNORECASE,
)
# Words of sport near "2-1" make it a score.
_SPORT = re.compile(
    r"\b(?:win|wins|won|victory|defeat|defeated|beat|beats|lost|loss|draw|drew|lead|score|scored"
    r"|scores|goals?|match|game|final)\b",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# Finding the numbers
# ---------------------------------------------------------------------------------------------

_CUR = r"(?P<cur>(?:US\$|[$€£¥₴₽]|USD|EUR|GBP|UAH|RUB|JPY|CNY|CHF)[ \u00a0]?)"
_DIGIT_CORE = re.compile(
    rf"(?<![\w.,/#$€£¥]){_CUR}?"
    r"(?P<num>\d{1,3}(?:(?:,|[ \u00a0\u202f\u2009])\d{3})+(?:\.\d+)?(?![\d])|\d+(?:\.\d+)?(?![\d]))"
    r"(?:(?P<half>\s+and\s+(?:a\s+)?half)\b)?"
    rf"(?:[\s-]*(?P<scale>{'|'.join(SCALES)})\b|\s?(?P<short>bn|mn|mln|tn)\b"
    r"|(?<=\d)(?P<cs>[kmb])\b(?(cur)|(?!)))?"
)
_SHORT = {**SHORT_SCALES, "tn": 10**12}
NUMBER_WORDS = {**NUMBER_UNITS, **NUMBER_TENS, "hundred": 100, "dozen": 12, **SCALES}
_WORD_TOKEN = re.compile(
    r"\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
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
# a bare domain is read from the start of its word only (from every character of a long word,
# each try read on to its end)
_URL = re.compile(
    r"\b(?:https?://|www\.)\S+|(?<!\S)\S+\.(?:com|org|net|html?|php)\S*", re.IGNORECASE
)
_YEAR_TAIL = re.compile(r"[-–](?:\d{2}|\d{4})\b")
_DATE_RANGE_TAIL = re.compile(r"\s?[-–]\s?[0-3]?\d\b")
_SENTENCE_OPENING = "\"“‘'(:—–"


@dataclass(frozen=True, slots=True)
class Number:
    """One amount of a text (see the module docstring): ``text`` is ``start:end`` of the text
    given, from the currency sign or the ``a`` of "a dozen" to the scale word or "and a half".

    ``value`` is the amount with its scale applied; ``low`` and ``high`` are set for ranges and
    vague amounts; ``kind`` is ``"age"`` or ``"score"`` for ranges read as such, else None.
    """

    start: int
    end: int
    text: str
    value: float
    scale: float = 1.0  # the scale word's factor ("12 million": 10**6)
    currency: str | None = None
    currency_span: tuple[int, int] | None = None
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
    head = next_words(text, m.end(), 1)
    return not (head and plural_like(head[0][0]))


def _digit_cores(text: str, blocked: Taken) -> list[Number]:
    cores: list[Number] = []
    for m in _DIGIT_CORE.finditer(text):
        start, end = m.start(), m.end()
        if blocked.overlaps(start, end):
            continue
        before = text[max(0, start - 12) : start]
        if re.search(r"[^\W\d_]-$", before) or _LABEL_BEFORE.search(before):
            continue  # MiG-29, COVID-19, No. 5, #3
        after = text[end : end + 12]
        letters = re.match(r"[A-Za-z]+", after)
        if (letters and letters.group(0).lower() not in MEASURE_UNITS) or re.match(
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
                blocked.take(end, tail.end())
            continue
        if _label_before(text, start, m):
            continue
        if _AGO.match(text, end) and not m.group("scale"):
            continue
        digits = read_digits(m.group("num"))
        scale = 1
        if m.group("scale"):
            scale = SCALES[m.group("scale").lower()]
        elif m.group("short") or m.group("cs"):
            scale = _SHORT[(m.group("short") or m.group("cs")).lower()]
        if digits is not None and m.group("half"):
            digits += Decimal("0.5")
        amount = None if digits is None else scaled(digits, scale)
        if amount is None:
            continue  # no figure to read, or past the bounds of one: left unread
        value = float(amount)
        if re.search(r"(?:^|[\s(])[-−]$", text[max(0, start - 2) : start]) and not m.group("cur"):
            value, start = -value, start - 1  # "-25 degrees"
        currency = currency_span = None
        if m.group("cur"):
            symbol = m.group("cur").strip()
            currency = _CURRENCY_SYMBOLS.get(symbol, symbol)
            currency_span = (m.start("cur"), m.start("cur") + len(symbol))
        cores.append(Number(start, end, text[start:end], value, scale, currency, currency_span))
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
    if word in FUNCTION_WORDS or word in MONTHS_DAYS or word in _BEFORE_AMOUNT:
        return False
    if re.match(r"[A-Za-z%]", text[m.end() : m.end() + 1]):
        return False  # a unit written on the digits: "40km"
    head = next_words(text, m.end(), 1)
    return not (head and (plural_like(head[0][0]) or head[0][0].lower() in MEASURE_UNITS))


def _word_cores(
    text: str,
    blocked: Taken,
    starts: Collection[int],
    taken: Taken,
) -> list[Number]:
    cores: list[Number] = []
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
                *SCALES,
            ):
                break
            if not _may_follow(tokens[-1][2], word):
                break
            tokens.append((nxt.start(), nxt.end(), word))
            end = nxt.end()
        pos = end
        start = tokens[0][0]
        words = [t[2] for t in tokens]
        if words[0] in ("hundred", "dozen", *SCALES):
            a = _A_BEFORE.search(text, max(0, start - 4), start)
            if a is None:
                continue  # a bare "million" is no number; "millions of" is a vague amount
            start = a.start()
        first = text[tokens[0][0] : tokens[0][1]]
        if words in (["one"], ["zero"]):
            continue  # "one of them"
        if first[0].isupper() and not sentence_initial(text, tokens[0][0], starts):
            continue  # Group of Seven, Big Four
        if blocked.overlaps(start, end) or taken.overlaps(start, end):
            continue
        if _FRACTION_AFTER.match(text, end) or _AGO.match(text, end):
            continue
        if re.search(r"[^\W\d_]-$", text[max(0, start - 2) : start]):
            continue  # father-of-five
        whole = read_number_words(words)
        if whole is None:
            continue  # no well-formed number ("three hundred and three hundred ...")
        value = float(whole)
        half = _HALF.match(text, end)
        if half:
            end = half.end()
            value += 0.5
        cores.append(Number(start, end, text[start:end], value, float(SCALES.get(words[-1], 1))))


def _may_follow(prev: str, cur: str) -> bool:
    if cur in SCALES:
        return prev not in SCALES
    if cur in ("hundred", "dozen"):
        return prev in NUMBER_UNITS
    if cur in NUMBER_UNITS and NUMBER_UNITS[cur] < 10:
        return prev in NUMBER_TENS or prev == "hundred" or prev in SCALES
    return prev == "hundred" or prev in SCALES  # teens and tens


def _vague_cores(text: str, blocked: Taken) -> list[Number]:
    cores: list[Number] = []
    for m in _VAGUE.finditer(text):
        if m.group("sing") and not m.group("pre"):
            continue  # "11 thousand" is a number; "several thousand(s)" is vague
        if blocked.overlaps(m.start(), m.end()):
            continue
        word = (m.group("plural") or m.group("sing")).lower()
        magnitude = float(_VAGUE_MAGNITUDE[word])
        if m.group("plural2"):
            magnitude *= _VAGUE_MAGNITUDE[m.group("plural2").lower()]
        cores.append(
            Number(
                m.start(),
                m.end(),
                m.group(0),
                magnitude,
                low=magnitude,
                high=magnitude * 10,
                vague=True,
            )
        )
    return cores


def sentence_initial(text: str, pos: int, starts: Collection[int]) -> bool:
    """Whether ``pos`` opens a sentence: one of ``starts``, the start of the text or of a
    line, or right after an opening quote, bracket, colon or dash."""
    if pos in starts:
        return True
    before = text[max(0, pos - 20) : pos].rstrip(" \t")
    if not before and pos > 20:
        return False  # only blanks for 20 characters: not the start of the text
    return not before or before[-1] in "\n" + _SENTENCE_OPENING


def _merge_ranges(text: str, cores: list[Number]) -> list[Number]:
    """Join ``18-60``, ``10,000 to 12,000`` and ``between 10,000 and 12,000`` into one core."""
    merged: list[Number] = []
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
            Number(
                a.start,
                b.end,
                text[a.start : b.end],
                middle,
                scale=b.scale,
                currency=a.currency or b.currency,
                currency_span=a.currency_span or b.currency_span,
                low=low,
                high=high,
                kind=kind,
            )
        )
        i += 2
    return merged


def find_numbers(text: str, sentence_starts: Collection[int] | None = None) -> list[Number]:
    """Every amount of ``text``, in order of appearance (see the module docstring).

    ``sentence_starts`` are the offsets where sentences begin (a capitalised number word is read
    only there or after an opening quote or bracket); by default the text is split with
    :func:`newsfuse.text.split_sentences`. Spans index ``text`` unchanged.
    """
    if sentence_starts is None:
        sentence_starts = {s for s, _ in split_sentences(text)}
    starts = frozenset(sentence_starts)
    blocked = Taken(len(text), _blocked_spans(text))
    digits = _digit_cores(text, blocked)
    of_digits = Taken(len(text), ((d.start, d.end) for d in digits))
    vague = [v for v in _vague_cores(text, blocked) if of_digits.free(v.start, v.end)]
    taken = Taken(len(text), ((c.start, c.end) for c in digits + vague))
    words = _word_cores(text, blocked, starts, taken)
    cores = sorted(digits + vague + words, key=lambda c: c.start)
    return _merge_ranges(text, cores)


# ---------------------------------------------------------------------------------------------
# The words around a number
# ---------------------------------------------------------------------------------------------

_NP_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def next_words(text: str, pos: int, limit: int) -> list[tuple[str, int, int]]:
    """Up to ``limit`` words right after ``pos``, separated only by single spaces, each as
    ``(word, start, end)``."""
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


def plural_like(word: str) -> bool:
    """Whether ``word`` looks like a plural noun: a known plural (``people``, ``staff``, any
    ``-men``) or a word of four letters or more in ``-s`` (not ``-ss``, ``-us``, ``-is``), and
    no function word, month, weekday or possessive."""
    low = word.lower().replace("’", "'")
    if low in FUNCTION_WORDS or low in MONTHS_DAYS or low.endswith("'s"):
        return False
    if low in _PLURAL_WORDS or low.endswith("men"):
        return True
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))


__all__ = [
    "MEASURE_UNITS",
    "NUMBER_WORDS",
    "Number",
    "find_numbers",
    "next_words",
    "plural_like",
    "sentence_initial",
]
