"""Quoted passages: the text between straight, curly, single or guillemet quotes, of at least
three words, as written (:func:`quotes`); :func:`quote_words` is the case-folded form they are
compared on.
"""

from __future__ import annotations

import re

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


def quote_words(quote: str) -> str:
    """The case-folded words of a quotation, one space apart (for comparing quotations)."""
    return " ".join(_QUOTE_WORD.findall(quote.casefold().replace("’", "'")))


__all__ = ["quote_words", "quotes"]
