"""Names for stories: a headline-like label, keywords and main entities, read off the members.

A story's centroid (the sum of its members' feature vectors) already says what the story is
about: its heaviest word features are the keywords and its heaviest name and place features the
entities. The label is the member headline that best covers the centroid: each headline is
scored by the centroid weight of the distinct words and names it contains, divided by the
square root of its length (so a headline does not win by being long), and real headlines are
preferred to first sentences used as stand-ins. Ties go to the earliest member.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from newsfuse.stories.represent import stem

_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*")
_POSSESSIVE = re.compile(r"[’']s$")
_FIRST_SENTENCE = re.compile(r"^(.{20,}?[.!?])(?:\s|$)", re.S)
MAX_LABEL_CHARS = 140


def headline_of(title: str | None, text: str) -> tuple[str, bool]:
    """A member's headline and whether it is a real title: the title when there is one,
    else the text's first sentence (cut at ``MAX_LABEL_CHARS`` with an ellipsis)."""
    if title and title.strip():
        return " ".join(title.split()), not title.rstrip().endswith("…")
    flat = " ".join(text.split())
    m = _FIRST_SENTENCE.match(flat)
    first = m.group(1) if m else flat
    if len(first) > MAX_LABEL_CHARS:
        first = first[: MAX_LABEL_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return first, False


def headline_score(headline: str, centroid: Mapping[str, float]) -> float:
    """How well ``headline`` covers a story centroid (see the module docstring)."""
    words = {_POSSESSIVE.sub("", w).lower() for w in _WORD.findall(headline)}
    words = {w for w in words if not any(c.isdigit() for c in w)}
    if not words:
        return 0.0
    total = 0.0
    for w in words:
        total += centroid.get(f"w:{stem(w)}", 0.0) + centroid.get(f"n:{w}", 0.0)
    return total / math.sqrt(len(words) + 2)


def choose_label(candidates: Sequence[tuple[str, bool]], centroid: Mapping[str, float]) -> str:
    """The best headline among ``(headline, is_real_title)`` candidates (in member order)."""
    best, best_key = "", (-1, -math.inf)
    for headline, real in candidates:
        if not headline:
            continue
        key = (1 if real else 0, headline_score(headline, centroid))
        if key > best_key:
            best, best_key = headline, key
    return best


def keywords(centroid: Mapping[str, float], k: int = 8) -> tuple[str, ...]:
    """The ``k`` heaviest word features of a centroid, without their prefix."""
    words = sorted(
        ((v, f) for f, v in centroid.items() if f.startswith("w:")), key=lambda x: (-x[0], x[1])
    )
    return tuple(f[2:] for _v, f in words[:k])


def entities(
    centroid: Mapping[str, float], surface: Mapping[str, str], k: int = 8
) -> tuple[str, ...]:
    """The ``k`` heaviest names and places as written, leaving out a name already contained
    in a heavier one ("Kessring" after "Kessring Dam")."""
    ranked = sorted(
        ((v, f) for f, v in centroid.items() if f.startswith(("n:", "p:"))),
        key=lambda x: (-x[0], x[1]),
    )
    out: list[str] = []
    seen: list[str] = []
    for _v, f in ranked:
        key = f[2:]
        if any(key == s or f" {key} " in f" {s} " for s in seen):
            continue
        seen.append(key)
        out.append(surface.get(f, key))
        if len(out) >= k:
            break
    return tuple(out)


__all__ = [
    "MAX_LABEL_CHARS",
    "choose_label",
    "entities",
    "headline_of",
    "headline_score",
    "keywords",
]
