"""The sentences a brief is made of: one story's members split into sentences with their spans
and their independent family.

A story member is an article or one passage of a live blog. Of the members of one source
family (copies and rewrites of one report) only the family's representative gives sentences:
the family's original when it is in the story, else its earliest member. Copies add no
corroboration, so they add no candidate sentence either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from newsfuse.records import Article, Citation, Family, Story
from newsfuse.text import split_sentences

#: sentences shorter (in words) are not brief material (bylines, captions, "Read more")
MIN_WORDS = 6
#: nor longer ones (a paragraph the splitter could not cut)
MAX_WORDS = 90

# "BRENNICK, Estmark (NPA) — ", "KYIV (Reuters) - ", "WASHINGTON — "
_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{1,40}?)?\s*+(?:\([^()\n]{1,30}\)\s*+)?[—–-]{1,2}\s+"
)
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of a story member: ``[start, end)`` of the article's clean text."""

    article: Article
    passage: int | None
    start: int
    end: int
    family: str
    position: int  # its rank among the member's sentences (0: the first)

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]

    def citation(self, *, verbatim: bool) -> Citation:
        return Citation(
            article=self.article.id,
            source=self.article.source,
            start=self.start,
            end=self.end,
            family=self.family,
            verbatim=verbatim,
        )


def trim_dateline(text: str, start: int, end: int) -> int:
    """The start of the sentence ``text[start:end]`` without a leading dateline."""
    m = _DATELINE.match(text, start, end)
    if m and len(_WORDS.findall(text, m.end(), end)) >= MIN_WORDS:
        return m.end()
    return start


def member_units(article: Article, passage: int | None, family: str) -> list[Unit]:
    """The brief-worthy sentences of one member (the passage's alone for a live blog)."""
    lo, hi = 0, len(article.text)
    if passage is not None and 0 <= passage < len(article.passages):
        lo, hi = article.passages[passage].start, article.passages[passage].end
    units: list[Unit] = []
    for s, e in split_sentences(article.text):
        if s < lo or e > hi:
            continue
        s = trim_dateline(article.text, s, e)
        n = len(_WORDS.findall(article.text, s, e))
        if MIN_WORDS <= n <= MAX_WORDS and any(c.islower() for c in article.text[s:e]):
            units.append(Unit(article, passage, s, e, family, len(units)))
    return units


def representatives(
    members: Iterable[tuple[str, int | None]],
    articles: Mapping[str, Article],
    family_of: Callable[[str, int | None], str],
    families: Mapping[str, Family],
) -> list[tuple[Article, int | None, str]]:
    """One ``(article, passage, family)`` per independent family among ``members`` (article
    id, passage index or None): the family's original when it is a member, else its earliest
    member; earliest first."""
    by_family: dict[str, list[tuple[Article, int | None]]] = {}
    for article_id, passage in members:
        a = articles.get(article_id)
        if a is not None:
            by_family.setdefault(family_of(a.id, passage), []).append((a, passage))
    out = []
    for fam, found in by_family.items():
        original = families[fam].original if fam in families else None
        found.sort(key=lambda ap: (ap[0].id != original, ap[0].published or "9999", ap[0].id))
        out.append((found[0][0], found[0][1], fam))
    out.sort(key=lambda x: (x[0].published or "9999", x[0].id))
    return out


def story_members(story: Story) -> list[tuple[str, int | None]]:
    return [(m.article, m.passage) for m in story.members]


def independent_count(
    story: Story, articles: Mapping[str, Article], family_of: Callable[..., str]
) -> int:
    """How many independent sources the story's reports come from: their source families,
    with the families of one outlet counted once (two reports of one outlet are one source,
    as the claims count them); at most ``story.families``."""
    from newsfuse.claims.compare import outlet_key
    from newsfuse.claims.crosscheck import outlet_of
    from newsfuse.unionfind import UnionFind

    groups: UnionFind[str] = UnionFind()
    for article_id, passage in story_members(story):
        family = "family:" + family_of(article_id, passage)
        groups.add(family)
        article = articles.get(article_id)
        key = outlet_key(outlet_of(article)) if article is not None else None
        if key is not None:
            groups.add("outlet:" + key)
            groups.union(family, "outlet:" + key)
    found = sum(any(x.startswith("family:") for x in group) for group in groups.groups())
    return min(story.families, found) if story.families else found


def restricted(article: Article, passage: int | None) -> Article:
    """``article`` with every character outside the passage blanked (newlines kept), so the
    spans of what is found in it still index the original clean text."""
    if passage is None or not 0 <= passage < len(article.passages):
        return article
    p = article.passages[passage]
    text = article.text
    outside = re.compile(r"[^\n]")
    blanked = (
        outside.sub(" ", text[: p.start]) + text[p.start : p.end] + outside.sub(" ", text[p.end :])
    )
    return replace(article, text=blanked)


__all__ = [
    "MAX_WORDS",
    "MIN_WORDS",
    "Unit",
    "independent_count",
    "member_units",
    "representatives",
    "restricted",
    "story_members",
    "trim_dateline",
]
