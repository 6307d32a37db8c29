"""The copy-detection cascade: candidate pairs from indexes, then verification, cheapest first.

=================  =========================================  ===================================
stage              candidates from                            link when
=================  =========================================  ===================================
exact copy         the hash of the normalised words           the words are the same
near-duplicate     MinHash + LSH over word 5-shingles, and    each text's words are mostly (80%)
                   the sampled-shingle postings below         inside the other
containment        postings of sampled word 5-shingles        most (80%) of one text is inside
                   (hash 0 mod 4, so both texts sample the    the other, which has much more
                   same ones): pairs sharing 3 or more whose
                   posting holds at most 200 articles
shared passage     the same postings                          a passage of a live blog, or 40+
                                                              words of narration, shared but
                                                              neither text holds the other;
                                                              chrome (runs at an edge of both
                                                              texts) and a site's template are
                                                              not shared text
rewrite            the fact rule: two units (articles, live-  the sentences of the shorter text
                   blog passages) sharing a MinHash band of   align with sentences of the other
                   their numbers and names, 3 days apart at   (lexical + fact similarity, word
                   most, sharing half the smaller unit's      weights fitted on the pair) and its
                   facts (4 or more)                          numbers, names and quotes survive
=================  =========================================  ===================================

Every rule is a function of the set of articles, and verification a function of the pair
(:mod:`.verify`), so :class:`CopyDetector` is the store-backed incremental index
(:mod:`.index`) fed with all the articles at once, on a store in memory: the library and an
incremental run over a store give the same links and families. Every link carries its
evidence: shared spans with character offsets in both articles, aligned sentence pairs, and the
facts checked. Provenance (which member of a family is the original, and why) is decided in
:mod:`.provenance`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsfuse.errors import require_fraction, require_int
from newsfuse.records import Article, Failure, Family, Link


@dataclass
class CopyReport:
    """The links between articles and the source families they form.

    ``family_of(article_id)`` names the family of an article; ``family_of(article_id,
    passage)`` that of one passage of a live blog, which is the family of the article it
    shares that passage with, if any (so a live blog that copied one passage is not a second
    source for that passage, and stays independent for its others)."""

    articles: list[Article]
    links: list[Link]
    families: list[Family]
    failures: list[Failure] = field(default_factory=list)  # articles or pairs left out, and why
    _family: dict[str, str] = field(default_factory=dict, repr=False)
    _passage_family: dict[tuple[str, int], str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for fam in self.families:
            for m in fam.members:
                self._family[m] = fam.id
        for link in self.links:
            if link.a_passage is None and link.b_passage is None:
                continue
            for side, other, passage in (
                (link.a, link.b, link.a_passage),
                (link.b, link.a, link.b_passage),
            ):
                if passage is not None:
                    self._passage_family.setdefault((side, passage), self.family_of(other))

    def family_of(self, article_id: str, passage: int | None = None) -> str:
        if passage is not None and (article_id, passage) in self._passage_family:
            return self._passage_family[(article_id, passage)]
        return self._family.get(article_id, article_id)

    def independent(self, article_ids: Iterable[str]) -> int:
        """How many independent source families the given articles come from."""
        return len({self.family_of(a) for a in article_ids})

    def links_of(self, article_id: str) -> list[Link]:
        return [lk for lk in self.links if article_id in (lk.a, lk.b)]

    def to_dict(self) -> dict[str, Any]:
        """The JSON interface: articles, links and families, naming articles by source."""
        src = {a.id: a.source for a in self.articles}
        links = []
        for lk in self.links:
            d = lk.to_dict()
            d["a"], d["b"] = src.get(lk.a, lk.a), src.get(lk.b, lk.b)
            d["a_id"], d["b_id"] = lk.a, lk.b
            links.append(d)
        families = []
        for fam in self.families:
            families.append(
                {
                    "id": fam.id,
                    "members": [src.get(m, m) for m in fam.members],
                    "original": src.get(fam.original, fam.original) if fam.original else None,
                    "credited": fam.credited,
                    "reasons": list(fam.reasons),
                    "flags": sorted(fam.flags),
                    "flagged": {
                        k: [src.get(m, m) for m in v] for k, v in sorted(fam.flags.items())
                    },
                }
            )
        return {
            "articles": [
                {
                    "id": a.id,
                    "source": a.source,
                    "outlet": a.outlet,
                    "published": a.published,
                    "credit": a.credit,
                    "family": self.family_of(a.id),
                }
                for a in self.articles
            ],
            "links": links,
            "families": families,
        }


class CopyDetector:
    """Find copies, near-duplicates, containment, shared passages and rewrites among articles.

    Parameters (all thresholds are shares of words or sentences, in (0, 1]):

    near          both texts have at least this share of their words in shared runs:
                  ``near_duplicate`` (or the exact Jaccard of their 5-shingles is this high)
    contain       one text has at least this share inside the other: ``contains``
    share_words   words of narration (outside quotes, in runs of 8+ words, one of 20+) two
                  whole articles must share for ``shares_passage``: independent reports quote
                  the same statement word for word and reuse a wire's phrases, but do not share
                  whole passages of narration
    passage_cover share of one live-blog passage that must be shared for ``shares_passage``
    min_words     the shortest shared run of identical words that counts (default 5)
    rewrite_*     see :class:`newsfuse.dedup.align.RewriteChecker`
    neighbours    kept for compatibility: rewrite candidates come from the fact rule now (a
    min_cosine    corpus nearest-neighbour search changes with every article), see .index
    """

    def __init__(
        self,
        *,
        near: float = 0.8,
        contain: float = 0.8,
        share_words: int = 40,
        passage_cover: float = 0.5,
        min_words: int = 5,
        neighbours: int = 10,
        min_cosine: float = 0.2,
        rewrite_coverage: float = 0.7,
        rewrite_facts: float = 0.6,
        num_perm: int = 128,
        lsh_threshold: float = 0.5,
        seed: int = 1,
    ) -> None:
        for name, value in (
            ("near", near),
            ("contain", contain),
            ("passage_cover", passage_cover),
            ("min_cosine", min_cosine),
            ("rewrite_coverage", rewrite_coverage),
            ("rewrite_facts", rewrite_facts),
            ("lsh_threshold", lsh_threshold),
        ):
            require_fraction("CopyDetector", name, value, low_open=True)
        for name, ivalue in (
            ("share_words", share_words),
            ("min_words", min_words),
            ("neighbours", neighbours),
            ("num_perm", num_perm),
        ):
            require_int("CopyDetector", name, ivalue, least=1)
        self.near = near
        self.contain = contain
        self.share_words = share_words
        self.passage_cover = passage_cover
        self.min_words = min_words
        self.neighbours = neighbours
        self.min_cosine = min_cosine
        self.rewrite_coverage = rewrite_coverage
        self.rewrite_facts = rewrite_facts
        self.num_perm = num_perm
        self.lsh_threshold = lsh_threshold
        self.seed = seed

    # -- the cascade ----------------------------------------------------------------------

    def fit(self, articles: Sequence[Article]) -> CopyReport:
        """Link the articles (each distinct id once) and group them into source families:
        the copy index (:mod:`newsfuse.dedup.index`) fed with all of them, on a store in
        memory, so the library gives what an incremental run over a store gives.

        One article never takes the stage down: an article whose reading raises is left out
        of the detection (it stays its own family) and a pair whose check raises is not
        linked; each is in the report's ``failures`` with the reason."""
        from newsfuse.dedup.index import CopyIndex
        from newsfuse.store import Store

        unique: dict[str, Article] = {}
        for a in articles:
            unique.setdefault(a.id, a)

        def fetch(ids: Sequence[str]) -> dict[str, Article]:
            return {i: unique[i] for i in ids if i in unique}

        store = Store.in_memory()
        try:
            index = CopyIndex(store, detector=self, fetch=fetch)
            delta = index.update(list(unique.values()))
            links = sorted(store.links(), key=lambda lk: (lk.a, lk.b, lk.type))
            families = sorted(store.families(), key=lambda f: (-len(f.members), f.id))
        finally:
            store.close()
        return CopyReport(list(unique.values()), links, families, delta.failures)


def find_copies(articles: Sequence[Article], **params: Any) -> CopyReport:
    """Link copies, near-duplicates, containment, shared passages and rewrites among
    ``articles`` and group them into source families (see :class:`CopyDetector`)."""
    return CopyDetector(**params).fit(articles)
