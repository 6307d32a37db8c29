"""Names: the capitalised words of a sentence that may be names, and their comparison key.

Capitalised words inside a sentence, and sequences of them, are read token by token
(``George W. Bush`` gives ``george`` and ``bush``, so a later ``Bush`` alone still matches);
the first word of a sentence or of a quote counts only when the same word is capitalised
inside some sentence of the text, or when it opens a sequence of capitalised words and is no
common word (``Vladimir Putin said``). Left out: function words, titles (``President``,
``Gen.``, ``Mr``), months and weekdays, single initials. Keys (:func:`name_key`) are
case-folded, stripped of accents, possessive ``'s`` and non-letters, and every run of one
repeated letter is collapsed, which merges common transliteration variants
(``Zelenskyy``/``Zelensky``, ``Gaddafi``/``Gadafi``); ``U.S.`` becomes ``us``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newsfuse.text.words import COMMON_INITIAL, FUNCTION_WORDS, MONTHS_DAYS, TITLES

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


def name_candidates(sentence: str) -> tuple[list[str], list[str]]:
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


def names_of(sentences: list[str]) -> frozenset[str]:
    """The name keys of a text given as its sentences (longer than one letter); a name-like
    first word counts only when the same word is a name inside some sentence."""
    inner: list[str] = []
    initial: list[str] = []
    for s in sentences:
        i, f = name_candidates(s)
        inner.extend(i)
        initial.extend(f)
    known = {name_key(t) for t in inner}
    keys = known | {name_key(t) for t in initial if name_key(t) in known}
    return frozenset(k for k in keys if len(k) > 1)


__all__ = ["CAP_TOKEN", "LOWER_PREFIX", "OPENING", "name_candidates", "name_key", "names_of"]
