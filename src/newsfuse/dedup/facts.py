"""Sentences and the facts in them: the checks that tell a rewrite from a different story.

A rewrite of a report paraphrases its sentences but keeps its facts: the same numbers, the same
names, the same quotes. Two reports on the same topic with different facts are not rewrites of
one another, however alike their wording. This module gives the pieces the rewrite detector
needs for that test:

- :func:`split_sentences` cuts a clean article text into sentence spans of the original text
  (abbreviations, initials, decimals, quotes that end a sentence and ellipses handled);
- :func:`facts` reads the numbers, names and quotes of a text into a :class:`Facts`;
- :func:`fact_overlap` says how many of them two texts share, and how many of the smaller
  side's facts survive in the other.

Normalisation rules (so that the same fact written two ways gets one key):

numbers   digits with thousands separators (``11,000``, ``11 000``, ``11 000``) and words
          (``five``, ``twenty-five``, ``two hundred``) become plain decimals (``11000``, ``5``,
          ``25``, ``200``); a scale word multiplies (``1.5 million`` and ``$1.5m`` -> ``1500000``,
          ``2.3bn`` -> ``2300000000``); a percentage keeps a ``%`` (``5 percent``, ``5 per cent``,
          ``5%`` -> ``5%``); ordinal suffixes and a trailing ``s`` go (``21st`` -> ``21``, ``1990s``
          -> ``1990``); a compound like ``1,000-day`` gives ``1000``. Years are kept: the year of
          an event is a fact a rewrite keeps. The lone word ``one`` is not read as a number (it is
          mostly a pronoun: "one of the ..."), but ``one million`` and ``twenty-one`` are.
          Read with bounds (:func:`read_digits`, :func:`read_number_words`): a dotted date or
          version (``10.03.2026``, ``192.168.1.1``), a bad grouping (``1,2,3``), a run of
          number words that is no number (``hundred hundred``, ``five six``), and a figure of
          more than :data:`MAX_FIGURE_DIGITS` digits or above :data:`MAX_FIGURE` are not read.
names     capitalised words inside a sentence, and sequences of them, are read token by token
          (``George W. Bush`` gives ``george`` and ``bush``, so a later ``Bush`` alone still
          matches); the first word of a sentence or of a quote counts only when the same word is
          capitalised inside some sentence of the text, or when it opens a sequence of
          capitalised words and is no common word (``Vladimir Putin said``). Left out: function
          words, titles (``President``, ``Gen.``, ``Mr``), months and weekdays, single initials.
          Keys are case-folded, stripped of accents, possessive ``'s`` and non-letters, and every
          run of one repeated letter is collapsed, which merges common transliteration variants
          (``Zelenskyy``/``Zelensky``, ``Gaddafi``/``Gadafi``); ``U.S.`` becomes ``us``.
quotes    text between straight, curly, single or guillemet quotes, of at least three words, as
          written; they are compared on their case-folded words, a quote surviving when its
          words occur as a run in a quote of the other side (a rewrite may quote less).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

# ---------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------

# Function words (lowercase). Used for content words and to reject capitalised non-names.
FUNCTION_WORDS = frozenset(
    """a about above across after afterwards again against all almost alone along already also
    although always am among an and another any anyone anything anywhere are around as at be
    became because become been before being below beside besides between both but by can cannot
    could did do does doing done down during each either else enough even ever every everyone
    everything few for from further had has have having he her here hers herself him himself his
    how however i if in indeed into is it its itself just last least less many may me meanwhile
    might mine more moreover most mostly much must my myself neither never nevertheless next no
    nobody none nor not nothing now of off often on once only onto or other others otherwise our
    ours ourselves out over own per perhaps quite rather same several she should since so some
    somehow someone something sometimes still such than that the their theirs them themselves
    then there thereby therefore these they this those though through throughout thus to
    together too toward towards under until up upon us very via was we well were what whatever
    when whence whenever where whereas wherever whether which while who whoever whole whom whose
    why will with within without would yet you your yours yourself yourselves said says say
    saying told tells also its it's he's she's that's there's i'm we're they're don't didn't
    doesn't won't can't isn't wasn't aren't weren't hasn't haven't hadn't""".split()  # noqa: SIM905 - a word list reads better as text
)

# Capitalised words that open news sentences and are not names (besides function words).
COMMON_INITIAL = frozenset(
    """police officials authorities analysts investors shares stocks prices sales earnings
    prosecutors investigators witnesses residents experts critics officers troops soldiers
    lawmakers voters workers doctors scientists researchers reporters sources
    earlier later today yesterday tomorrow tonight overall separately instead still
    according asked speaking writing despite following last next first second third under
    some many most several both few all another other each every such
    government company spokesman spokeswoman spokesperson president minister""".split()  # noqa: SIM905 - a word list reads better as text
)

TITLES = frozenset(
    """mr mrs ms miss dr prof professor sir dame lord lady gen general col colonel maj major
    capt captain lt lieutenant sgt sergeant adm admiral cmdr commander sen senator rep
    representative gov governor pres president vice prime minister secretary chancellor judge
    justice chief king queen prince princess pope rev reverend saint st mayor ambassador
    chairman chairwoman chair ceo director officer deputy""".split()  # noqa: SIM905 - a word list reads better as text
)

MONTHS_DAYS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday mon tue tues wed thu thur thurs fri sat sun""".split()  # noqa: SIM905 - a word list reads better as text
)

# Abbreviations after which a period never ends a sentence (titles, "St. Louis", "vs.").
_NEVER_FINAL = frozenset(
    "mr mrs ms dr prof gen col maj capt lt sgt adm cmdr sen rep gov pres rev st mt vs cf".split()  # noqa: SIM905
)
# ... nor when a number follows ("No. 5", "Nov. 5", "Fig. 2"); otherwise they may end one.
_BEFORE_NUMBER = frozenset(
    "no nos fig jan feb mar apr jun jul aug sep sept oct nov dec approx".split()  # noqa: SIM905
)
# Abbreviations that may also end a sentence ("... of Apple Inc. The company ..."): they end
# one only when the next word is a common sentence opener.
_MAYBE_FINAL = frozenset("inc corp co ltd llc plc jr sr etc bros al".split())  # noqa: SIM905

# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------

_CLOSE_QUOTES = "\"'”’»›“"
# One try per run of end marks, read one way only: "(?:\.{3}|…|[.!?])+" read a run of n dots in
# exponentially many ways and was tried again from every dot of the run (40 dots: 2 s; 100: never).
_SENT_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’»›)\]]*+(?=\s)")
_NEXT_START = re.compile(r"\s+([\"'“‘«‹„(\[]*)(\S)")
_WORD_BEFORE = re.compile(r"([^\W\d_](?:[\w'’.-]*[^\W_])?)\.$")
_DOTTED = re.compile(r"(?:[^\W\d_]\.){2,}$")  # U.S. a.m. U.K.
_LETTERS = re.compile(r"[^\W\d_]+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` character spans of the sentences of ``text``.

    Every line break ends a sentence (clean article text has one paragraph a line or
    paragraphs between blank lines). Inside a line, a sentence ends at ``.``, ``!``, ``?`` or
    an ellipsis (with any closing quotes or brackets after it) that is followed by white space
    and by an opening quote, bracket, capital letter or digit; not after a title or other
    abbreviation (``Gen.``, ``Nov.``, ``No.``), an initial (``George W. Bush``), a dotted
    abbreviation (``U.S.``) unless a common sentence opener follows, nor inside a number
    (``1.5``). A run longer than :data:`MAX_SENTENCE_CHARS` with no boundary is cut into
    pieces of at most that length, at a space where there is one. Spans index ``text``
    unchanged and exclude surrounding white space.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n\r]+", text):
        start = line.start()
        end_of_line = line.end()
        for m in _SENT_END.finditer(text, line.start(), end_of_line):
            nxt = _NEXT_START.match(text, m.end(), end_of_line)
            if nxt is None or not _is_boundary(text, start, m, nxt):
                continue
            _add_span(text, start, m.end(), spans)
            start = m.end()
        _add_span(text, start, end_of_line, spans)
    return spans


def _is_boundary(text: str, start: int, m: re.Match[str], nxt: re.Match[str]) -> bool:
    first = nxt.group(2)
    if not (first.isupper() or first.isdigit() or nxt.group(1)):
        return False
    punct = m.group(0)
    if not punct.startswith(".") or punct.startswith("..."):
        return True  # ! ? and ellipses end a sentence when a capital or quote follows
    w = _WORD_BEFORE.search(text, max(start, m.start() - 40), m.start() + 1)
    if w is None:
        return True
    word = w.group(1)
    low = word.lower()
    if len(punct.rstrip(_CLOSE_QUOTES + ")]")) == 1 and (
        low in _NEVER_FINAL or (low in _BEFORE_NUMBER and first.isdigit())
    ):
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: "George W. Bush", "J. K. Rowling"
    if _DOTTED.search(word + ".") or low in _MAYBE_FINAL:
        following = _LETTERS.match(text, nxt.start(2))
        return bool(following and following.group(0).lower() in _OPENERS)
    return True


_OPENERS = FUNCTION_WORDS | {"officials", "police", "analysts", "shares", "earlier", "later"}


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end:
        while start < end and text[start].isspace():
            start += 1
        cut = end
        if end - start > MAX_SENTENCE_CHARS:  # no boundary: cut at a space before the limit
            limit = start + MAX_SENTENCE_CHARS
            space = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit)
            cut = space if space > start else limit
        stop = cut
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if start < stop:
            spans.append((start, stop))
        start = cut


#: A longer run of text with no sentence boundary (a list, a table row, a page of one line) is
#: cut into pieces of at most this many characters, at a space where there is one: every
#: finder reads sentence by sentence, and none of them should read a megabyte as one.
MAX_SENTENCE_CHARS = 2000


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

# The number words and scales, public so that every reader of numbers (here and in
# newsfuse.claims.numbers) reads them alike.
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


# ---------------------------------------------------------------------------------------------
# Reading a figure, bounded
# ---------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

# A word that may be (part of) a name: letters with inner apostrophes, hyphens and dots, or a
# dotted abbreviation ("U.S."). Public: the entity finder reads names with the same tokens.
CAP_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}|[^\W\d_][\w’'.-]*[^\W_.]|[^\W\d_]\.?",
)
_APOS_S = re.compile(r"['’]s$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def name_key(token: str) -> str:
    """The comparison key of one name token (see the module docstring)."""
    token = _APOS_S.sub("", token)
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    letters = "".join(c for c in decomposed if c.isalpha() and not unicodedata.combining(c))
    return re.sub(r"(.)\1+", r"\1", letters)


def _name_candidates(sentence: str) -> tuple[list[str], list[str]]:
    """(names inside the sentence, name-like first words) of one sentence, as raw tokens.

    A first word is the word that opens the sentence or a quote inside it, or follows a
    colon; it is a name when it opens a run of capitalised words and is no common word
    (``Vladimir Putin said``); when it stands alone it is only a candidate, which the rest of
    the text confirms or not.
    """
    inner: list[str] = []
    initial: list[str] = []
    first = True  # the next word opens the sentence or a quote
    prev_end = 0
    for m in CAP_TOKEN.finditer(sentence):
        tok = m.group(0)
        if prev_end and OPENING.search(sentence, prev_end, m.start()):
            first = True
        prev_end = m.end()
        if not tok[0].isupper():
            prefixed = LOWER_PREFIX.match(tok)  # al-Assad, bin-Laden
            if prefixed is None:
                first = False
                continue
            tok = tok[prefixed.end() :]
        low = tok.lower().rstrip(".")
        common = low in FUNCTION_WORDS or low in MONTHS_DAYS or low in TITLES
        single = len(low) == 1
        if first:
            first = False
            if common or single:
                continue
            if _next_is_capital(sentence, m.end()) and low not in COMMON_INITIAL:
                inner.append(tok)
            else:
                initial.append(tok)
        elif not (common or single):
            inner.append(tok)
    return inner, initial


# Between two tokens: the next word opens a quote, a bracket or a clause after a colon.
OPENING = re.compile(r"[“‘«„:;(]|(?:^|\s)[\"']$")
# A lowercase particle joined to a name ("al-Assad", "bin-Laden").
LOWER_PREFIX = re.compile(r"[a-z]{1,3}-(?=[A-Z])")


def _next_is_capital(sentence: str, pos: int) -> bool:
    m = re.match(r"\s+([^\W\d_])", sentence[pos:])
    return bool(m and m.group(1).isupper())


def _names_of(sentences: list[str]) -> frozenset[str]:
    inner: list[str] = []
    initial: list[str] = []
    for s in sentences:
        i, f = _name_candidates(s)
        inner.extend(i)
        initial.extend(f)
    known = {name_key(t) for t in inner}
    keys = known | {name_key(t) for t in initial if name_key(t) in known}
    return frozenset(k for k in keys if len(k) > 1)


# ---------------------------------------------------------------------------------------------
# Quotes
# ---------------------------------------------------------------------------------------------

_QUOTE_PATTERNS = (
    re.compile(r"\"([^\"\n]+)\""),
    re.compile(r"“([^”“\n]+)[”“]"),
    re.compile(r"„([^“”„\n]+)[“”]"),
    # A mark that opens no quotation is matched on its own up to where every later try would
    # fail too (the second branch, no group): each was read to the end of its line again.
    re.compile(r"«(?:\s?([^»\n]+?)\s?»|(?:[^»\n«]|«(?!\n))*+)"),
    re.compile(r"‹(?:\s?([^›\n]+?)\s?›|(?:[^›\n‹]|‹(?!\n))*+)"),
    re.compile(r"(?<![\w’])‘(?:([^’\n]+(?:’\w[^’\n]*)*)’(?!\w)|[^’\n]+(?:’\w[^’\n]*)*+)"),
    re.compile(
        r"(?<![\w'])'(?=\S)(?:([^'\n]+(?:'\w[^'\n]*)*)(?<=\S)'(?!\w)|[^'\n]+(?:'\w[^'\n]*)*+)"
    ),
)
_QUOTE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def quotes(text: str) -> tuple[str, ...]:
    """The quotations of ``text`` of at least three words, in order of appearance."""
    found: list[tuple[int, str]] = []
    for pattern in _QUOTE_PATTERNS:
        for m in pattern.finditer(text):
            if m.group(1) is None:
                continue  # an opening mark with no quotation
            inner = m.group(1).strip().rstrip(",")
            if len(_QUOTE_WORD.findall(inner)) >= 3:
                found.append((m.start(1), inner))
    return tuple(q for _, q in sorted(found))


def _quote_words(quote: str) -> str:
    return " ".join(_QUOTE_WORD.findall(quote.casefold().replace("’", "'")))


# ---------------------------------------------------------------------------------------------
# Facts
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Facts:
    """The numbers, names and quotes of a text, normalised as the module docstring says."""

    numbers: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    quotes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.numbers) + len(self.names) + len(self.quotes)


def facts(text: str) -> Facts:
    """The facts of ``text`` (a sentence or a whole article)."""
    sentences = [text[a:b] for a, b in split_sentences(text)]
    return Facts(
        numbers=frozenset(numbers(text)),
        names=_names_of(sentences),
        quotes=quotes(text),
    )


def _quote_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[int, int, int]:
    """(a's quotes found in b, a's quotes not in b, b's quotes not in a): a quote is found when
    its words are a run of words of a quote on the other side."""
    wa = [f" {_quote_words(q)} " for q in dict.fromkeys(a)]
    wb = [f" {_quote_words(q)} " for q in dict.fromkeys(b)]
    a_in_b = sum(any(x in y or y in x for y in wb) for x in wa)
    b_in_a = sum(any(y in x or x in y for x in wa) for y in wb)
    shared = min(a_in_b, b_in_a)
    return shared, len(wa) - a_in_b, len(wb) - b_in_a


def fact_overlap(a: Facts, b: Facts) -> dict[str, object]:
    """How far the facts of ``a`` and ``b`` agree.

    Gives, for each kind (``numbers``, ``names``, ``quotes``), a dict with the counts
    ``shared``, ``only_a`` and ``only_b``; then ``survival``: the share of the smaller side's
    facts (all kinds together) that are found on the other side, in [0, 1] (1.0 when the
    smaller side has no facts); and ``conflict``: True when both sides have numbers the other
    lacks (the sign of two different stories, or of a changed figure).
    """
    result: dict[str, object] = {}
    size_a = size_b = shared_total_a = shared_total_b = 0
    for kind in ("numbers", "names"):
        sa: frozenset[str] = getattr(a, kind)
        sb: frozenset[str] = getattr(b, kind)
        shared = len(sa & sb)
        result[kind] = {"shared": shared, "only_a": len(sa - sb), "only_b": len(sb - sa)}
        size_a += len(sa)
        size_b += len(sb)
        shared_total_a += shared
        shared_total_b += shared
    q_shared, q_only_a, q_only_b = _quote_overlap(a.quotes, b.quotes)
    result["quotes"] = {"shared": q_shared, "only_a": q_only_a, "only_b": q_only_b}
    size_a += q_shared + q_only_a
    size_b += q_shared + q_only_b
    shared_total_a += q_shared
    shared_total_b += q_shared
    smaller, found = (size_a, shared_total_a) if size_a <= size_b else (size_b, shared_total_b)
    result["survival"] = found / smaller if smaller else 1.0
    nums = result["numbers"]
    assert isinstance(nums, dict)
    result["conflict"] = nums["only_a"] > 0 and nums["only_b"] > 0
    return result


__all__ = [
    "CAP_TOKEN",
    "COMMON_INITIAL",
    "FUNCTION_WORDS",
    "LOWER_PREFIX",
    "MAX_FIGURE",
    "MAX_FIGURE_DIGITS",
    "MAX_SENTENCE_CHARS",
    "MONTHS_DAYS",
    "NUMBER_TENS",
    "NUMBER_UNITS",
    "OPENING",
    "SCALES",
    "SHORT_SCALES",
    "TITLES",
    "Facts",
    "fact_overlap",
    "facts",
    "name_key",
    "numbers",
    "quotes",
    "read_digits",
    "read_number_words",
    "scaled",
    "split_sentences",
]
