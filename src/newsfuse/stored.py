"""What the corpus stages of a run read back from the store: the copy links and families of
some articles (:func:`copies_of`, :class:`StoreFamilies`), the texts of the stored articles
(:class:`StoredTexts`), the stored claims and briefs of the stories, and the digest of what a
story's claims and brief are made from (:func:`story_digest`). Used by
:mod:`newsfuse.pipeline`."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from newsfuse.records import Article, Brief, Story

if TYPE_CHECKING:
    from newsfuse.claims import ClaimReport
    from newsfuse.dedup import CopyReport


def story_digest(
    story: Story, articles: Mapping[str, Article], copies: Any, anchors: Mapping[str, Any]
) -> str:
    """A digest of everything a story's claims and brief are made from, in two parts
    ``claims:brief``. The claims part: newsfuse's code, the story record, its members'
    articles (text and metadata), anchor days and the family of each member (claims take
    nothing else from the copies). The brief part adds the members' copy links and their
    families' records (originals, flags). Equal digests, equal results; an equal claims part,
    equal claims."""
    members = sorted({m.article for m in story.members})
    families = sorted({copies.family_of(m.article, m.passage) for m in story.members})
    family = {f.id: f for f in copies.families}
    from newsfuse.store.codec import code_version

    claims: list[Any] = [code_version(), story.to_dict()]
    brief: list[Any] = []
    for aid in members:
        a = articles.get(aid)
        claims.append(a.to_dict() if a is not None else aid)
        claims.append(str(anchors.get(aid)))
        brief += sorted(
            (lk.a, lk.b, lk.type, round(lk.score, 6), lk.a_passage, lk.b_passage)
            for lk in copies.links_of(aid)
        )
    claims += sorted(
        (m.article, m.passage, copies.family_of(m.article, m.passage)) for m in story.members
    )
    brief += [family[f].to_dict() if f in family else f for f in families]

    def sha(parts: list[Any]) -> str:
        blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha1(blob.encode("utf-8")).hexdigest()

    return f"{sha(claims)}:{sha(claims + brief)}"


def claims_part(digest: str | None) -> str | None:
    """The claims part of a story digest (see :func:`story_digest`); None for none."""
    return digest.partition(":")[0] if digest else None


def stored_claims(store: Any, stories: Sequence[Story]) -> ClaimReport:
    """The claims of ``stories`` as the store holds them, with the corpus entities."""
    from newsfuse.claims import ClaimReport, StoryClaims
    from newsfuse.store import codec

    by_story: dict[str, list[Any]] = defaultdict(list)
    for c in store.claim_clusters():
        by_story[c.story].append(c)
    ids: dict[str, tuple[str, ...]] = {}
    for sid, data in store.story_entities():
        ids[sid] = tuple(e.id for e in codec.loads(data))
    return ClaimReport(
        [StoryClaims(st, by_story.get(st.id, []), ids.get(st.id, ())) for st in stories],
        store.entities(),
    )


def ordered_briefs(briefs: Sequence[Brief], stories: Sequence[Story]) -> list[Brief]:
    """The briefs in the order of the stories (largest first), for the index page."""
    order = {st.id: k for k, st in enumerate(stories)}
    return sorted((b for b in briefs if b.story in order), key=lambda b: order[b.story])


def link_order(lk: Any) -> tuple[Any, ...]:
    """The order of the store's links (``Store.links``), on which a passage's family rests."""
    ap = -1 if lk.a_passage is None else lk.a_passage
    bp = -1 if lk.b_passage is None else lk.b_passage
    return (lk.a, lk.b, lk.type, ap, bp)


def copies_of(store: Any, ids: Iterable[str]) -> CopyReport:
    """The copy links and families of the articles ``ids`` as the store holds them, with the
    articles themselves and the other ends of their links: what the claims and brief of the
    stories holding them read (``family_of`` and ``links_of`` answer for these articles as
    over the whole store)."""
    from newsfuse.dedup import CopyReport

    ids = set(ids)
    links = sorted(store.links_of(ids), key=link_order)
    ends = ids | {x for lk in links for x in (lk.a, lk.b)}
    arts = store.get_articles(sorted(ends))
    return CopyReport([arts[i] for i in sorted(arts)], links, store.families_of(ends))


class StoreFamilies:
    """``family_of(article id, passage)`` over the store's copy links and families, read per
    article as asked (what :class:`~newsfuse.dedup.CopyReport` answers over all of them):
    the family of an article, or of a passage it shares with another article."""

    def __init__(self, store: Any, cache: int = 20000) -> None:
        self.store = store
        self.cache: dict[str, Any] = {}
        self.size = cache

    def _of(self, article_id: str) -> Any:
        got = self.cache.get(article_id)
        if got is None:
            if len(self.cache) >= self.size:
                self.cache.clear()
            got = copies_families(self.store, article_id)
            self.cache[article_id] = got
        return got

    def __call__(self, article_id: str, passage: int | None = None) -> str:
        family, passages = self._of(article_id)
        if passage is not None and passage in passages:
            return str(passages[passage])
        return str(family)


def copies_families(store: Any, article_id: str) -> tuple[str, dict[int, str]]:
    """(the family of an article, the family of each of its passages that another article
    shares), as :class:`~newsfuse.dedup.CopyReport` derives them."""
    from newsfuse.dedup import CopyReport

    links = sorted(store.links_of([article_id]), key=link_order)
    passage_links = [
        lk for lk in links if (lk.a == article_id and lk.a_passage is not None)
        or (lk.b == article_id and lk.b_passage is not None)
    ]  # fmt: skip
    ends = {article_id} | {x for lk in passage_links for x in (lk.a, lk.b)}
    copies = CopyReport([], passage_links, store.families_of(ends))
    passages = {
        p: copies.family_of(article_id, p)
        for lk in passage_links
        for p in ((lk.a_passage if lk.a == article_id else lk.b_passage),)
        if p is not None
    }
    return copies.family_of(article_id), passages


class StoredTexts(Mapping[str, str]):
    """The texts of the stored articles by id, read from the store when asked (the briefs
    written by a run quote the articles they cite)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._cache: dict[str, str] = {}

    def __getitem__(self, article_id: str) -> str:
        if article_id not in self._cache:
            if len(self._cache) > 5000:
                self._cache.clear()
            got = self.store.get_articles([article_id])
            if article_id not in got:
                raise KeyError(article_id)
            self._cache[article_id] = got[article_id].text
        return self._cache[article_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.store.article_ids())

    def __len__(self) -> int:
        return len(self.store.article_ids())


__all__ = [
    "StoreFamilies",
    "StoredTexts",
    "claims_part",
    "copies_families",
    "copies_of",
    "link_order",
    "ordered_briefs",
    "stored_claims",
    "story_digest",
]
