"""Sentences: :func:`split_sentences` cuts a clean article text into sentence spans of the
original text (abbreviations, initials, decimals, quotes that end a sentence and ellipses
handled); a run with no boundary is cut at :data:`MAX_SENTENCE_CHARS`.
"""

from __future__ import annotations

import re

from newsfuse.text.words import FUNCTION_WORDS

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


__all__ = ["MAX_SENTENCE_CHARS", "split_sentences"]
