"""Numbers: figures written in digits or in words, read with bounds, and their normal form.

:func:`numbers` gives the normalised numbers of a text, so that the same figure written two
ways gets one key: digits with thousands separators (``11,000``, ``11 000``, ``11 000``) and
words (``five``, ``twenty-five``, ``two hundred``) become plain decimals (``11000``, ``5``,
``25``, ``200``); a scale word multiplies (``1.5 million`` and ``$1.5m`` -> ``1500000``,
``2.3bn`` -> ``2300000000``); a percentage keeps a ``%`` (``5 percent``, ``5 per cent``, ``5%``
-> ``5%``); ordinal suffixes and a trailing ``s`` go (``21st`` -> ``21``, ``1990s`` ->
``1990``); a compound like ``1,000-day`` gives ``1000``. Years are kept. The lone word ``one``
is not read as a number (it is mostly a pronoun: "one of the ..."), but ``one million`` and
``twenty-one`` are.

Every figure is read with bounds (:func:`read_digits`, :func:`read_number_words`,
:func:`scaled`): a dotted date or version (``10.03.2026``, ``192.168.1.1``), a bad grouping
(``1,2,3``), a run of number words that is no number (``hundred hundred``, ``five six``), and a
figure of more than :data:`MAX_FIGURE_DIGITS` digits or above :data:`MAX_FIGURE` are not read.
The word tables (:data:`NUMBER_UNITS`, :data:`NUMBER_TENS`, :data:`SCALES`,
:data:`SHORT_SCALES`) are public so that every reader of numbers (here and in
:mod:`newsfuse.claims.numbers`) reads them alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

NUMBER_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "  # noqa: SIM905
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
NUMBER_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())  # noqa: SIM905
    if w != "_"
}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Scale suffixes written on digits ("$1.5m", "2.3bn").
SHORT_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9, "b": 10**9}
_SCALE_WORDS = "|".join(SCALES)
_NUMBER_WORD = "|".join([*NUMBER_UNITS, *NUMBER_TENS, "hundred", *SCALES])

_DIGIT_NUMBER = re.compile(
    r"(?<![\w.,])(?P<cur>[$€£¥]\s?)?"
    # not a piece of a dotted date, a version or a bad grouping (10.03.2026, 1.2.3, 1,2,3)
    r"(?P<num>\d{1,3}(?:(?:,|[ \u00a0\u202f\u2009])\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![.,]?\d)"
    r"(?:st|nd|rd|th|s)?"
    rf"(?:[\s-]*(?P<scale>{_SCALE_WORDS})\b"
    rf"|(?P<short>bn|mn|mln)\b|(?<=\d)(?P<cs>[kmb])\b(?(cur)|(?!)))?"
    r"(?P<pct>\s*(?:%|percent\b|per\s+cent\b|pct\b))?",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(
    rf"\b(?:{_NUMBER_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMBER_WORD}))*\b"
    r"(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?",
    re.IGNORECASE,
)


def _decimal_key(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


#: No figure above this is read (a thousand trillion): every whole figure read stays exact in a
#: float (below 2**53), so equal figures compare equal, and no arithmetic on a figure of the
#: text can grow without bound. News figures stay far below it (world output is about 1e14
#: US dollars a year); a larger one is left unread, as text, never guessed.
MAX_FIGURE = 10**15
#: Nor is a figure written with more digits than this (whole and decimal part together): a
#: run of 5,000 digits is an id, a hash or an attack, and is never converted at all.
MAX_FIGURE_DIGITS = 20

_PLAIN_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_GROUPED_DIGITS = re.compile(r"\d{1,3}(?:[, \u00a0\u202f\u2009]\d{3})+(?:\.\d+)?")
_GROUP_SEPARATORS = re.compile(r"[, \u00a0\u202f\u2009]")


def read_digits(raw: str) -> Decimal | None:
    """The value of a figure written in digits, or None when ``raw`` is no figure to read.

    A figure is digits with at most one decimal point (``1500``, ``1.5``), or groups of three
    digits after thousands separators (``11,000``, ``11 000``, ``1,500.25``); the digits of any
    one script (``١٢٣``, full-width ``１２３``) read as their values. None for anything else:
    a dotted date or a version (``10.03.2026``, ``192.168.1.1``), bad groups (``1,2,3``),
    digits of two scripts in one figure, signs, exponents, ``nan``, ``inf``, ``0x1F``,
    ``1_000``; and for a figure of more than :data:`MAX_FIGURE_DIGITS` digits or above
    :data:`MAX_FIGURE` (checked before any conversion, so the work is bounded by the length
    of ``raw``).
    """
    if len(raw) > 2 * MAX_FIGURE_DIGITS or not raw[:1].isdecimal():
        return None
    if _PLAIN_DIGITS.fullmatch(raw) is None:
        if _GROUPED_DIGITS.fullmatch(raw) is None:
            return None
        raw = _GROUP_SEPARATORS.sub("", raw)
    if len(raw) - ("." in raw) > MAX_FIGURE_DIGITS:
        return None
    if not raw.isascii():
        ascii_digits = _ascii_digits(raw)
        if ascii_digits is None:
            return None
        raw = ascii_digits
    value = Decimal(raw)
    return value if value <= MAX_FIGURE else None


def _ascii_digits(raw: str) -> str | None:
    """``raw`` (decimal digits and a point) in ASCII digits, or None when its digits come from
    more than one script (``1٣``)."""
    zero = None
    out = []
    for c in raw:
        if c == ".":
            out.append(c)
            continue
        value = unicodedata.decimal(c)
        if zero is None:
            zero = ord(c) - value
        elif ord(c) - value != zero:
            return None
        out.append(str(value))
    return "".join(out)


def scaled(value: Decimal, factor: int) -> Decimal | None:
    """``value`` times a scale (``1.5`` and ``million``), or None when that is above
    :data:`MAX_FIGURE` in size."""
    value *= factor
    return value if abs(value) <= MAX_FIGURE else None


_WORD_KIND = {
    **{w: "unit" for w in NUMBER_UNITS},
    **{w: "tens" for w in NUMBER_TENS},
    "hundred": "hundred",
    "dozen": "hundred",
    **{w: "scale" for w in SCALES},
}
_MULTIPLIERS = {"hundred": 100, "dozen": 12}


def read_number_words(words: Sequence[str]) -> int | None:
    """The value of a run of English number words (lowercase, without ``and``: ``["two",
    "hundred", "fifty", "thousand"]`` -> 250000), or None when the run is no well-formed
    number.

    Well formed: a unit after a tens word only from one to nine (``twenty five``), no two
    units, tens or multipliers in a row (``five six``, ``hundred hundred``), ``hundred`` or
    ``dozen`` once a group and after at most two digits' worth (``nineteen hundred``, ``two
    dozen``), and scales in descending order (``two million three hundred thousand``; not
    ``thousand million``). A leading multiplier or scale counts one (``hundred`` -> 100).
    The run is read word by word and given up at the first word out of place, so the work is
    linear in the words and the value stays at most :data:`MAX_FIGURE` (None above it).
    """
    total = group = 0
    multiplied = False  # the current group has its hundred (or dozen) already
    last: str | None = None
    smallest_scale = None
    for w in words:
        kind = _WORD_KIND.get(w)
        if kind == "unit":
            v = NUMBER_UNITS[w]
            if last == "unit" or (last == "tens" and not 1 <= v <= 9):
                return None
            group += v
        elif kind == "tens":
            if last in ("unit", "tens"):
                return None
            group += NUMBER_TENS[w]
        elif kind == "hundred":
            if multiplied or last == "scale" or group >= 100:
                return None
            group = (group or 1) * _MULTIPLIERS[w]
            multiplied = True
        elif kind == "scale":
            factor = SCALES[w]
            if last == "scale" or (smallest_scale is not None and factor >= smallest_scale):
                return None
            total += (group or 1) * factor
            group, multiplied, smallest_scale = 0, False, factor
        else:
            return None
        last = kind
        if total + group > MAX_FIGURE:
            return None
    return None if last is None else total + group


def numbers(text: str) -> list[str]:
    """The normalised numbers of ``text``, in order of appearance (see the module docstring)."""
    found: list[tuple[int, str]] = []
    for m in _DIGIT_NUMBER.finditer(text):
        value = read_digits(m.group("num"))
        if value is not None and m.group("scale"):
            value = scaled(value, SCALES[m.group("scale").lower()])
        elif value is not None and (m.group("short") or m.group("cs")):
            value = scaled(value, SHORT_SCALES[(m.group("short") or m.group("cs")).lower()])
        if value is None:
            continue  # past the bounds of a figure: left unread
        found.append((m.start(), _decimal_key(value) + ("%" if m.group("pct") else "")))
    for m in _WORD_NUMBER.finditer(text):
        body = m.group(0)[: m.start("pct") - m.start()] if m.group("pct") else m.group(0)
        words = [w for w in re.split(r"[\s-]+", body.lower()) if w and w != "and"]
        if words == ["one"] or words == ["zero"] or all(w in SCALES for w in words):
            continue  # "one of them"; a bare "million" is no number ("millions of")
        value_i = read_number_words(words)
        if value_i is not None:
            found.append((m.start(), str(value_i) + ("%" if m.group("pct") else "")))
    return [key for _, key in sorted(found)]


__all__ = [
    "MAX_FIGURE",
    "MAX_FIGURE_DIGITS",
    "NUMBER_TENS",
    "NUMBER_UNITS",
    "SCALES",
    "SHORT_SCALES",
    "numbers",
    "read_digits",
    "read_number_words",
    "scaled",
]
