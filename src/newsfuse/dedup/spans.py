"""Shared text between two articles: maximal runs of identical words, as character spans.

This is the verification step behind ``exact_copy``, ``near_duplicate``, ``contains`` and
``shares_passage``: the candidate index says "these two may share text", and :func:`shared_spans`
says exactly which text, with character offsets in both articles, so the link carries its
evidence. It is seed-and-extend string matching over word tokens (as in greedy string tiling):
every run of at least ``min_words`` identical (case-folded) words found in both texts, extended
as far as it goes, then runs separated by a few edited words are merged into one span, so a
lightly edited paragraph reads as one shared span with small holes rather than as ten fragments.

The cost is linear in the two texts' lengths (a dict of b's word k-grams, one pass over a's).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from newsfuse.records import Span

_WORD = re.compile(r"\w+")
_MAX_POSITIONS = 8  # a k-gram repeated more often than this in b is not used as a seed
_MERGE_GAP = 4  # runs at most this many words apart (in both texts) merge into one span


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's words (case-folded) with their character offsets in the text."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)


def tokenize(text: str) -> Tokens:
    """The words of ``text`` (runs of word characters, case-folded) and where they are."""
    words, starts, ends = [], [], []
    for m in _WORD.finditer(text):
        words.append(m.group().casefold())
        starts.append(m.start())
        ends.append(m.end())
    return Tokens(tuple(words), tuple(starts), tuple(ends))


def normalized_hash(text: str) -> str:
    """The key of an exact copy: the text's words, case-folded and NFKC-normalised, hashed.

    Whitespace, punctuation, quote and dash styles do not count, so the same article with
    curly instead of straight quotes or re-wrapped lines is still an exact copy."""
    norm = unicodedata.normalize("NFKC", text)
    words = _WORD.findall(norm.casefold())
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Overlap:
    """What two texts share: the spans, and how much of each text they cover (0..1)."""

    spans: tuple[Span, ...]
    coverage_a: float  # share of a's words inside shared runs
    coverage_b: float
    shared_words: int  # words of a inside shared runs
    runs: tuple[tuple[int, int, int], ...]  # (a word index, b word index, length) per run

    @property
    def min_coverage(self) -> float:
        return min(self.coverage_a, self.coverage_b)

    @property
    def max_coverage(self) -> float:
        return max(self.coverage_a, self.coverage_b)


def _runs(a: Tokens, b: Tokens, k: int) -> list[tuple[int, int, int]]:
    """Greedy maximal runs of >= k identical words: (start in a, start in b, length)."""
    wa, wb = a.words, b.words
    if len(wa) < k or len(wb) < k:
        return []
    index: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(wb) - k + 1):
        positions = index.setdefault(wb[j : j + k], [])
        if len(positions) <= _MAX_POSITIONS:
            positions.append(j)
    runs: list[tuple[int, int, int]] = []
    i, na, nb = 0, len(wa), len(wb)
    while i <= na - k:
        found = index.get(wa[i : i + k])
        if not found or len(found) > _MAX_POSITIONS:
            i += 1
            continue
        best_j, best_len = -1, 0
        for j in found:
            n = k
            while i + n < na and j + n < nb and wa[i + n] == wb[j + n]:
                n += 1
            if n > best_len:
                best_j, best_len = j, n
        runs.append((i, best_j, best_len))
        i += best_len
    return runs


def _covered(intervals: list[tuple[int, int]]) -> int:
    total, end = 0, -1
    for s, e in sorted(intervals):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total


def shared_spans(a: str | Tokens, b: str | Tokens, *, min_words: int = 5) -> Overlap:
    """Every run of ``min_words`` or more identical words in both texts, as character spans.

    ``a`` and ``b`` are texts or their :func:`tokenize` output (pass tokens to reuse them
    across many pairs). Coverage counts words, so a copy with its own menu and footer around
    the shared article has coverage 1.0 on the article's side and less on its own side."""
    ta = a if isinstance(a, Tokens) else tokenize(a)
    tb = b if isinstance(b, Tokens) else tokenize(b)
    runs = _runs(ta, tb, min_words)
    if not runs:
        return Overlap((), 0.0, 0.0, 0, ())
    shared_a = sum(n for _, _, n in runs)
    covered_b = _covered([(j, j + n) for _, j, n in runs])
    spans = _merge(runs, ta, tb)
    return Overlap(
        spans=tuple(spans),
        coverage_a=shared_a / len(ta),
        coverage_b=covered_b / len(tb),
        shared_words=shared_a,
        runs=tuple(runs),
    )


def _merge(runs: list[tuple[int, int, int]], ta: Tokens, tb: Tokens) -> list[Span]:
    """Runs that continue each other in both texts after a small gap become one span."""
    merged: list[list[int]] = []  # [a_start, a_end, b_start, b_end] in words
    for i, j, n in runs:
        if merged:
            last = merged[-1]
            gap_a, gap_b = i - last[1], j - last[3]
            if 0 <= gap_a <= _MERGE_GAP and 0 <= gap_b <= _MERGE_GAP:
                last[1], last[3] = i + n, j + n
                continue
        merged.append([i, i + n, j, j + n])
    return [
        Span(ta.starts[s], ta.ends[e - 1], tb.starts[bs], tb.ends[be - 1])
        for s, e, bs, be in merged
    ]


def word_jaccard(a: Tokens, b: Tokens, k: int = 5) -> float:
    """Exact Jaccard similarity of the two texts' word k-shingle sets."""
    sa = {a.words[i : i + k] for i in range(max(1, len(a) - k + 1))} if len(a) else set()
    sb = {b.words[i : i + k] for i in range(max(1, len(b) - k + 1))} if len(b) else set()
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)
