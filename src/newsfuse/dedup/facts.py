"""The facts of a text and how far two texts share them: the checks that tell a rewrite from a
different story.

A rewrite of a report paraphrases its sentences but keeps its facts: the same numbers, the same
names, the same quotes. Two reports on the same topic with different facts are not rewrites of
one another, however alike their wording. This module gives the pieces the rewrite detector
needs for that test:

- :func:`facts` reads the numbers, names and quotes of a text into a :class:`Facts`;
- :func:`fact_overlap` says how many of them two texts share, and how many of the smaller
  side's facts survive in the other.

How each kind is read and normalised (so that the same fact written two ways gets one key) is
the text primitives': numbers by :func:`newsfuse.text.numbers`, names by
:func:`newsfuse.text.names_of` and :func:`newsfuse.text.name_key`, quotes by
:func:`newsfuse.text.quotes` (compared on their case-folded words, a quote surviving when its
words occur as a run in a quote of the other side: a rewrite may quote less).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsfuse.text import names_of, numbers, quote_words, quotes, split_sentences


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
        names=names_of(sentences),
        quotes=quotes(text),
    )


def _quote_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[int, int, int]:
    """(a's quotes found in b, a's quotes not in b, b's quotes not in a): a quote is found when
    its words are a run of words of a quote on the other side."""
    wa = [f" {quote_words(q)} " for q in dict.fromkeys(a)]
    wb = [f" {quote_words(q)} " for q in dict.fromkeys(b)]
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


__all__ = ["Facts", "fact_overlap", "facts"]
