"""Tokens of a text for the attribution readers: the words, punctuation and reporting verbs of a range.

The clause readers of :mod:`newsfuse.claims.speech_clauses`, :mod:`newsfuse.claims.reported`
and :mod:`newsfuse.claims.attribution` ask for the tokens of thousands of ranges of one text, so
:func:`tokens` (and :func:`word_tokens`, :func:`cue_word_tokens`) slice them from an index of
the whole text, kept for the last text seen, giving exactly what scanning the range with
:data:`TOKEN` would; :func:`may_hold_cue` tells from the same index that no reporting verb (see
:mod:`newsfuse.claims.speech_words`) can be read in a range, so most clauses of an article are
passed over without being read.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import product

from newsfuse.claims.speech_words import CUE_WORDS

TOKEN = re.compile(r"[^\W_](?:[\w.’'-]*[^\W_])?(?:(?<=s)[’'](?!\w))?\.?|[^\w\s]", re.UNICODE)


Token = tuple[int, int, str]
_WORD_CHAR = re.compile(r"\w")


def _scan(text: str, start: int, end: int) -> list[Token]:
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, start, end)]


def _is_word(t: Token) -> bool:
    return t[2][0].isalnum()


def _is_cue_word(t: Token) -> bool:
    return t[2][0].isalnum() and t[2][0].islower() and t[2].lower() in CUE_WORDS


# The layers of a token index: every token, the words, the lowercase reporting verbs.
_LAYERS = (lambda t: True, _is_word, _is_cue_word)


@dataclass(frozen=True, slots=True)
class _TokenIndex:
    """The tokens of a whole text by layer (:data:`_LAYERS`), each with its starts for
    bisection, and the ends of all tokens; ``cut`` keeps the rescans of tokens cut by the end
    of a range."""

    text: str
    ends: list[int]
    layers: tuple[tuple[list[Token], list[int]], ...]
    cut: dict[tuple[int, int], list[Token]]
    cue_heads: list[int]  # starts of the words a reporting verb form begins (see may_hold_cue)

    def last_cut(self, start: int, end: int) -> list[Token]:
        """The tokens of ``text[start:end]`` where ``start`` is a token start."""
        found = self.cut.get((start, end))
        if found is None:
            found = self.cut[(start, end)] = _scan(self.text, start, end)
        return found


_last_index: _TokenIndex | None = None


def _token_index(text: str) -> _TokenIndex:
    """The token index of ``text``, kept for the last text seen (the readers of one article
    ask for the tokens of thousands of its ranges)."""
    global _last_index
    index = _last_index
    if index is None or (index.text is not text and index.text != text):
        toks = _scan(text, 0, len(text))
        words = [t for t in toks if t[2][0].isalnum()]  # _is_word
        lower = [t for t in words if t[2][0].islower()]
        cues = [t for t in lower if t[2].lower() in CUE_WORDS]  # _is_cue_word
        layers = tuple((kept, [t[0] for t in kept]) for kept in (toks, words, cues))
        heads = [
            t[0]
            for t in lower
            if (t[2][:_CUE_HEAD] in _CUE_HEADS or not t[2].isascii()) and _has_cue_prefix(t[2])
        ]
        index = _TokenIndex(text, [t[1] for t in toks], layers, {}, heads)
        _last_index = index
    return index


def _layer(text: str, start: int, end: int | None, layer: int) -> list[Token]:
    r"""The tokens of ``text[start:end]`` (as ``TOKEN.finditer(text, start, end)`` gives them)
    kept by ``_LAYERS[layer]``.

    They are sliced from the tokens of the whole text: the tokens of a range are those of the
    whole text that lie inside it, but for a last token that runs over its end ("said." for a
    range ending before the full stop), which is scanned again. When the range starts inside a
    token, or ends after an apostrophe followed by a letter (whose ``(?!\w)`` would see the
    end of the range), the range is scanned.
    """
    n = len(text)
    end = n if end is None else end
    if 0 <= start <= end <= n:
        index = _last_index
        if index is None or (index.text is not text and index.text != text):
            index = _token_index(text)
        starts, ends = index.layers[0][1], index.ends
        i = bisect_left(starts, start)
        inside = i > 0 and ends[i - 1] > start
        lookahead = 0 < end < n and text[end - 1] in "’'" and _WORD_CHAR.match(text, end)
        if not inside and not lookahead:
            j = bisect_left(starts, end, i)
            toks, at = index.layers[layer]
            lo = bisect_left(at, start) if layer else i
            if j > i and ends[j - 1] > end:
                cut = starts[j - 1]
                keep = _LAYERS[layer]
                last = [t for t in index.last_cut(cut, end) if keep(t)]
                return toks[lo : bisect_left(at, cut, lo)] + last
            return toks[lo : bisect_left(at, end, lo) if layer else j]
    keep = _LAYERS[layer]
    return [t for t in _scan(text, start, end) if keep(t)]


_CUE_HEAD = min(len(f) for f in CUE_WORDS)
_CUE_PREFIXES = frozenset(f[:k] for f in CUE_WORDS for k in range(1, len(f) + 1))
# The first letters of the forms in every case (a word that begins otherwise begins no form).
_CUE_HEADS = frozenset(
    "".join(p) for f in CUE_WORDS for p in product(*((c, c.upper()) for c in f[:_CUE_HEAD]))
)
_CUE_LONGEST = max(len(f) for f in CUE_WORDS)


def _has_cue_prefix(word: str) -> bool:
    """Whether some beginning of ``word`` is a reporting verb form (in any case)."""
    if not word.isascii():
        return any(word[:k].lower() in CUE_WORDS for k in range(1, len(word) + 1))
    low = word.lower()  # as long as the word: its beginnings are the beginnings' lowercase
    for k in range(_CUE_HEAD, min(len(low), _CUE_LONGEST) + 1):
        if low[:k] in CUE_WORDS:
            return True
        if low[:k] not in _CUE_PREFIXES:
            return False  # no form begins so
    return False


def may_hold_cue(text: str, start: int, end: int) -> bool:
    """False when no reporting verb can be read in ``text[start:end]``.

    Precisely: when this is False, :func:`cue_word_tokens` is empty for every range ``a:b``
    with ``start <= a <= b <= end`` where ``a`` is not inside a token of the whole text and
    ``b`` does not follow an apostrophe that a word character follows. The tokens of such a
    range are tokens of the whole text, or the beginning of one cut by ``b``; each starts at
    the start of a word of the whole text, and none of the words starting in
    ``start:end`` begins with a reporting verb form. (True is returned, to be safe, when
    ``start`` is inside a token or ``end`` follows such an apostrophe.)
    """
    if not 0 <= start <= end <= len(text):
        return True
    index = _token_index(text)
    i = bisect_left(index.layers[0][1], start)
    if i > 0 and index.ends[i - 1] > start:
        return True
    if 0 < end < len(text) and text[end - 1] in "’'" and _WORD_CHAR.match(text, end):
        return True
    k = bisect_left(index.cue_heads, start)
    return k < len(index.cue_heads) and index.cue_heads[k] < end


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The word and punctuation tokens of ``text[start:end]`` as ``(start, end, token)``."""
    return _layer(text, start, end, 0)


def word_tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]`` that start with a letter or digit."""
    return _layer(text, start, end, 1)


def cue_word_tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The lowercase reporting verbs (:func:`is_cue`) among the tokens of ``text[start:end]``."""
    return _layer(text, start, end, 2)
