"""The copy-detection cascade: candidate pairs from indexes, then verification, cheapest first.

=================  =========================================  ===================================
stage              candidates from                            link when
=================  =========================================  ===================================
exact copy         a dict keyed by the normalised text hash   the words are the same
near-duplicate     MinHash + LSH over word 5-shingles, and    each text's words are mostly (80%)
                   the sampled-shingle index below            inside the other
containment        an inverted index of sampled word          most (80%) of one text is inside
                   5-shingles (every shingle whose hash is    the other, which has much more
                   0 mod 4, so both texts sample the same
                   ones; boilerplate shingles found in very
                   many texts are dropped)
shared passage     the same index                             a passage of a live blog, or 40+
                                                              words, shared but neither text
                                                              holds the other
rewrite            TF-IDF nearest neighbours (each text's     the sentences of the shorter text
                   top terms only, so the product stays       align with sentences of the other
                   sparse) of articles and of live-blog       (lexical + fact similarity) and
                   passages                                   its numbers, names and quotes
                                                              survive (see :mod:`.align`)
=================  =========================================  ===================================

No pair is compared unless an index proposed it, so the work grows near-linearly with the
corpus. Every link carries its evidence: shared spans with character offsets in both articles,
aligned sentence pairs, and the facts checked. Provenance (which member of a family is the
original, and why) is decided afterwards in :mod:`.provenance`.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsfuse.dedup.spans import (
    Overlap,
    Tokens,
    normalized_hash,
    shared_spans,
    tokenize,
    word_jaccard,
)
from newsfuse.errors import require_fraction, require_int
from newsfuse.records import Article, Failure, Family, Link, Span

SAMPLE = 4  # a shingle is indexed when its hash is 0 mod SAMPLE
MAX_POSTING = 200  # a sampled shingle in more texts than this is boilerplate, not evidence
MIN_SAMPLED = 3  # sampled shingles two texts must share to be compared (~ 12 shared words)
NARRATION_RUN = 8  # the shortest run of shared narration that counts towards shares_passage
PASSAGE_RUN = 20  # and a shared passage has at least one unbroken run this long
SITE_BOILER = 3  # a shingle in this many texts of one site, and in
SITE_SHARE = 0.5  # at least this share of the site's texts (or always in the first or last
EDGE = 0.2  # fifth of the text: menus, cookie notices, footers), is the site's boilerplate
VERBATIM = 0.7  # a copy keeps at least this share of its sentences word for word; a rewrite not


@dataclass
class _Doc:
    """One article as the detector sees it: its words, and which passage each word is in."""

    index: int
    article: Article
    tokens: Tokens
    passage_of_word: np.ndarray  # passage index per word (all 0 for an ordinary article)
    quoted: np.ndarray  # True for words inside quotation marks
    _sentences: list[tuple[str, ...]] | None = None
    boiler_keys: set[int] = field(default_factory=set)  # site-boilerplate shingle hashes
    _boiler: np.ndarray | None = None

    def boiler(self, k: int) -> np.ndarray:
        """True for words inside a site-boilerplate shingle."""
        if self._boiler is None:
            from newsfuse.dedup.fingerprint import shingles_with_tokens

            mask = np.zeros(len(self.tokens), dtype=bool)
            if self.boiler_keys and len(self.tokens):
                hashes, first = shingles_with_tokens(self.article.text, k)
                hit = np.isin(hashes.view(np.int64), np.fromiter(self.boiler_keys, dtype=np.int64))
                for t in first[hit].tolist():
                    mask[t : t + k] = True
            self._boiler = mask
        return self._boiler

    @property
    def sentences(self) -> list[tuple[str, ...]]:
        """The words of each sentence of 4+ words (case-folded), to tell verbatim copies
        (most sentences unchanged) from rewrites (most sentences changed)."""
        if self._sentences is None:
            from newsfuse.text import split_sentences

            text = self.article.text
            keys = (
                tuple(w.casefold() for w in _WORDS.findall(text[s:e]))
                for s, e in split_sentences(text)
            )
            self._sentences = [k for k in keys if len(k) >= 4]
        return self._sentences

    @property
    def n_passages(self) -> int:
        return len(self.article.passages) or 1


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
    neighbours    rewrite candidates per text (TF-IDF nearest neighbours)
    min_cosine    the least TF-IDF cosine for a rewrite candidate
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
        """Link the articles (each distinct id once) and group them into source families.

        One article never takes the stage down: an article whose reading raises is left out
        of the detection (it stays its own family) and a pair whose check raises is not
        linked; each is in the report's ``failures`` with the reason."""
        from newsfuse.dedup.provenance import Evidence, build_families, orient, point_to_originals

        unique: dict[str, Article] = {}
        for a in articles:
            unique.setdefault(a.id, a)
        failures: list[Failure] = []
        arts: list[Article] = []
        docs: list[_Doc] = []
        for a in unique.values():
            try:
                docs.append(_doc(len(docs), a))
            except Exception as exc:  # one odd text must not stop the corpus
                failures.append(Failure.of(a.source, "copies", exc))
                continue
            arts.append(a)
        links: dict[tuple[int, int], Link] = {}

        for i, j in self._exact_pairs(arts):
            links[(i, j)] = self._exact_link(docs[i], docs[j])
        shingles = self._shingles(docs)
        overlap_pairs, boiler = self._overlap_candidates(docs, shingles)
        overlap_pairs |= self._lsh_candidates(docs, shingles)
        for d in docs:
            d.boiler_keys = boiler
        provisional: set[tuple[int, int]] = set()
        for i, j in sorted(overlap_pairs):
            if (i, j) in links:
                continue
            try:
                ov = shared_spans(docs[i].tokens, docs[j].tokens, min_words=self.min_words)
                link = self._overlap_link(docs[i], docs[j], ov)
                if link is not None and self._reworded(docs[i], docs[j], link):
                    provisional.add((i, j))
            except Exception as exc:  # one odd pair must not stop the corpus
                failures.append(Failure.of(_pair(docs[i], docs[j]), "copies", exc))
                continue
            if link is not None:
                links[(i, j)] = link
        for (i, j), link in self._rewrite_links(docs, links, provisional, failures).items():
            links[(i, j)] = link
        evidence = Evidence(arts)
        failures += evidence.failures
        oriented = [orient(lk, unique, evidence) for lk in links.values()]
        oriented.sort(key=lambda lk: (lk.a, lk.b, lk.type))
        families = build_families(arts, oriented, evidence)
        final_links, families = point_to_originals(oriented, families)
        return CopyReport(list(unique.values()), final_links, families, failures)

    # -- exact copies ---------------------------------------------------------------------

    @staticmethod
    def _exact_pairs(arts: list[Article]) -> list[tuple[int, int]]:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, a in enumerate(arts):
            if a.text.strip():
                groups[normalized_hash(a.text)].append(i)
        return [p for g in groups.values() for p in itertools.combinations(g, 2)]

    @staticmethod
    def _exact_link(a: _Doc, b: _Doc) -> Link:
        span = Span(0, len(a.article.text), 0, len(b.article.text))
        return Link(
            a.article.id,
            b.article.id,
            "exact_copy",
            1.0,
            spans=(span,),
            detector="normalised text hash",
        )

    # -- candidates for shared text --------------------------------------------------------

    def _shingles(self, docs: list[_Doc]) -> tuple[np.ndarray, np.ndarray]:
        """Every text's word shingle hashes, once, for both candidate indexes."""
        from newsfuse.dedup.fingerprint import shingle_hashes

        return shingle_hashes([d.article.text for d in docs], k=self.min_words)

    def _overlap_candidates(
        self, docs: list[_Doc], shingles: tuple[np.ndarray, np.ndarray]
    ) -> tuple[set[tuple[int, int]], set[int]]:
        """Pairs of texts sharing at least MIN_SAMPLED sampled shingles, and the site
        boilerplate: sampled shingles found in at least SITE_BOILER texts of one site, and in
        most (SITE_SHARE) of its texts or always near the top or bottom of the text (menus,
        cookie notices, footers, a paragraph a site pastes under every story); a wire story
        a site ran twice is not boilerplate.

        The index is built with numpy over every text's shingle hashes at once: keep the
        sampled ones (hash mod SAMPLE == 0, so two texts sample the same shingles), one entry
        per (shingle, text), sorted by shingle; each run of equal shingles lists the texts that
        share it, and pairs that co-occur in MIN_SAMPLED runs are candidates."""
        if len(docs) < 2:
            return set(), set()
        hashes, offsets = shingles
        sizes_per_doc = np.diff(offsets)
        owner = np.repeat(np.arange(len(docs), dtype=np.int64), sizes_per_doc)
        position = (np.arange(len(hashes)) - offsets[owner]) / np.maximum(sizes_per_doc[owner], 1)
        edge = (position < EDGE) | (position > 1 - EDGE)
        keep = hashes % np.uint64(SAMPLE) == 0
        entries, first = np.unique(
            np.stack([hashes[keep].view(np.int64), owner[keep]], axis=1), axis=0, return_index=True
        )
        if len(entries) < 2:
            return set(), set()
        at_edge = edge[keep][first]
        keys, members = entries[:, 0], entries[:, 1]
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        sizes = np.diff(np.append(starts, len(keys)))
        site = [_site(d.article) for d in docs]
        site_size: dict[str, int] = defaultdict(int)
        for x in site:
            if x:
                site_size[x] += 1
        counts: dict[tuple[int, int], int] = defaultdict(int)
        boiler: set[int] = set()
        for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
            if size < 2:
                continue
            group = members[start : start + size].tolist()
            sites = [site[m] for m in group if site[m]]
            for x in set(sites):
                n = sites.count(x)
                edges = sum(
                    1
                    for m, e in zip(group, at_edge[start : start + size].tolist(), strict=True)
                    if e and site[m] == x
                )
                if n >= SITE_BOILER and (n >= SITE_SHARE * site_size[x] or edges == n):
                    boiler.add(int(keys[start]))
                    break
            if size > MAX_POSTING:
                continue
            for pair in itertools.combinations(group, 2):
                counts[pair] += 1
        return {p for p, c in counts.items() if c >= MIN_SAMPLED}, boiler

    def _lsh_candidates(
        self, docs: list[_Doc], shingles: tuple[np.ndarray, np.ndarray]
    ) -> set[tuple[int, int]]:
        """Near-duplicate candidates from MinHash + LSH over the word 5-shingles."""
        from newsfuse.dedup.fingerprint import MinHasher
        from newsfuse.dedup.lsh import LSHIndex

        if len(docs) < 2:
            return set()
        hasher = MinHasher(num_perm=self.num_perm, k=self.min_words, seed=self.seed)
        sigs = hasher.signatures_from_hashes(*shingles)
        # equal weights: the shared-shingle index already finds the pairs LSH would miss
        index = LSHIndex(threshold=self.lsh_threshold, num_perm=self.num_perm, weights=(0.5, 0.5))
        index.add(list(range(len(docs))), sigs)
        return {(int(i), int(j)) for i, j in index.candidate_pairs()}

    # -- verification of shared text --------------------------------------------------------

    def _overlap_link(self, a: _Doc, b: _Doc, ov: Overlap) -> Link | None:
        ida, idb = a.article.id, b.article.id
        facts = {
            "coverage_a": round(ov.coverage_a, 4),
            "coverage_b": round(ov.coverage_b, 4),
            "shared_words": ov.shared_words,
        }
        if ov.min_coverage >= self.near or word_jaccard(a.tokens, b.tokens) >= self.near:
            return Link(
                ida,
                idb,
                "near_duplicate",
                ov.min_coverage,
                spans=ov.spans,
                facts=facts,
                detector="shared word runs",
            )
        multi = a.n_passages > 1 or b.n_passages > 1
        if not multi and ov.max_coverage >= self.contain:
            if ov.coverage_b >= ov.coverage_a:  # b is inside a: "a contains b"
                return Link(
                    ida,
                    idb,
                    "contains",
                    ov.coverage_b,
                    spans=ov.spans,
                    facts=facts,
                    detector="shared word runs",
                )
            flipped = tuple(Span(s.b_start, s.b_end, s.a_start, s.a_end) for s in ov.spans)
            facts = {**facts, "coverage_a": facts["coverage_b"], "coverage_b": facts["coverage_a"]}
            return Link(
                idb,
                ida,
                "contains",
                ov.coverage_a,
                spans=flipped,
                facts=facts,
                detector="shared word runs",
            )
        pa, cover_a = _best_passage(a, ov, side=0)
        pb, cover_b = _best_passage(b, ov, side=1)
        passage_hit = (a.n_passages > 1 and cover_a >= self.passage_cover) or (
            b.n_passages > 1 and cover_b >= self.passage_cover
        )
        narration = _narration_shared(a, ov, self.min_words)
        longest = max(n for _, _, n in ov.runs) if ov.runs else 0
        facts["shared_narration_words"] = narration
        if passage_hit or (narration >= self.share_words and longest >= PASSAGE_RUN):
            score = max(
                cover_a if a.n_passages > 1 else ov.coverage_a,
                cover_b if b.n_passages > 1 else ov.coverage_b,
            )
            return Link(
                ida,
                idb,
                "shares_passage",
                score,
                spans=ov.spans,
                facts=facts,
                a_passage=pa if a.n_passages > 1 else None,
                b_passage=pb if b.n_passages > 1 else None,
                detector="shared word runs",
            )
        return None

    @staticmethod
    def _reworded(a: _Doc, b: _Doc, link: Link) -> bool:
        """A near-duplicate or containment whose shared text is mostly reworded sentences
        (fewer than half of the smaller side's sentences are unchanged) may be a rewrite:
        the rewrite check decides, and the overlap link stands if it says no."""
        if link.type == "near_duplicate":
            small, big = (a, b) if len(a.sentences) <= len(b.sentences) else (b, a)
        elif link.type == "contains":
            big, small = (a, b) if link.a == a.article.id else (b, a)
        elif link.type == "shares_passage" and link.a_passage is None and link.b_passage is None:
            small, big = (a, b) if len(a.sentences) <= len(b.sentences) else (b, a)
        else:
            return False
        return verbatim_share(small, big) < VERBATIM

    # -- rewrites -----------------------------------------------------------------------------

    def _rewrite_links(
        self,
        docs: list[_Doc],
        links: dict[tuple[int, int], Link],
        provisional: set[tuple[int, int]],
        failures: list[Failure],
    ) -> dict[tuple[int, int], Link]:
        from newsfuse.dedup.align import RewriteChecker, rewrite_candidates

        units: list[tuple[int, int | None, str, int]] = []  # (doc, passage, text, offset)
        whole: dict[int, int] = {}  # doc index -> its whole-article unit
        for d in docs:
            whole[d.index] = len(units)
            units.append((d.index, None, d.article.text, 0))
            if d.n_passages > 1:
                for p, ps in enumerate(d.article.passages):
                    units.append((d.index, p, d.article.text[ps.start : ps.end], ps.start))
        checker = RewriteChecker(coverage=self.rewrite_coverage, facts=self.rewrite_facts)
        checker.fit([u[2] for u in units])
        found: dict[tuple[int, int], Link] = {}
        candidates = rewrite_candidates(
            [u[2] for u in units], neighbours=self.neighbours, min_cosine=self.min_cosine
        )
        candidates += [(whole[i], whole[j]) for i, j in sorted(provisional)]
        for ui, uj in candidates:
            (di, pi, ti, oi), (dj, pj, tj, oj) = units[ui], units[uj]
            if di == dj:
                continue
            key = (min(di, dj), max(di, dj))
            existing = links.get(key) or found.get(key)
            if (
                existing is not None
                and key not in provisional
                and (existing.type != "shares_passage" or existing.score >= 0.5)
            ):
                continue  # verbatim text already explains the pair
            if (pi is None) != (pj is None) and (docs[di].n_passages > 1) == (
                docs[dj].n_passages > 1
            ):
                continue  # a whole article against a passage: only across a live blog
            try:
                result = checker.check(ti, tj)
            except Exception as exc:  # one odd pair must not stop the corpus
                failures.append(Failure.of(_pair(docs[di], docs[dj]), "copies", exc))
                continue
            if result is None:
                continue
            if di > dj:
                di, dj, pi, pj, oi, oj = dj, di, pj, pi, oj, oi
                result = result.swapped()
            link = result.link(docs[di].article.id, docs[dj].article.id, oi, oj, pi, pj)
            if existing is not None and existing.spans:
                link = Link(
                    link.a,
                    link.b,
                    link.type,
                    link.score,
                    spans=existing.spans,
                    aligned=link.aligned,
                    a_passage=link.a_passage,
                    b_passage=link.b_passage,
                    facts={**existing.facts, **link.facts},
                    detector=link.detector,
                )
            prior = found.get(key)
            if prior is None or link.score > prior.score:
                found[key] = link
        return found


_WORDS = re.compile(r"\w+")


def _pair(a: _Doc, b: _Doc) -> str:
    """How a failed pair is named in a Failure: both sources."""
    return f"{a.article.source} + {b.article.source}"


def verbatim_share(x: _Doc, y: _Doc) -> float:
    """The share of x's sentences that are word for word in y (1.0 when x has none)."""
    if not x.sentences:
        return 1.0
    ys = set(y.sentences)
    return sum(1 for k in x.sentences if k in ys) / len(x.sentences)


# a quotation runs to the next opening mark at most (each opening mark read 1500 characters on)
_QUOTED = re.compile(
    r'“[^”“\n]{1,1500}”|"[^"\n]{1,1500}"|«[^»«\n]{1,1500}»|‘[^’‘\n]{1,1500}’(?!\w)'
)


def _doc(i: int, a: Article) -> _Doc:
    tokens = tokenize(a.text)
    starts = np.asarray(tokens.starts, dtype=np.int64)
    passage_of = np.zeros(len(tokens), dtype=np.int32)
    if len(a.passages) > 1 and len(tokens):
        bounds = np.asarray([p.start for p in a.passages[1:]])
        passage_of = np.searchsorted(bounds, starts, side="right").astype(np.int32)
    quoted = np.zeros(len(tokens), dtype=bool)
    for m in _QUOTED.finditer(a.text):
        quoted[np.searchsorted(starts, m.start()) : np.searchsorted(starts, m.end())] = True
    return _Doc(i, a, tokens, passage_of, quoted)


def _narration_shared(d: _Doc, ov: Overlap, k: int) -> int:
    """Shared words outside quotation marks and site boilerplate, in runs of NARRATION_RUN
    words or more: two independent reports quote the same statement word for word, and two
    pages of one site share its chrome, but neither shares narration."""
    total = 0
    skip = d.quoted | d.boiler(k)
    for i, _j, n in ov.runs:
        if n >= NARRATION_RUN:
            total += int(n - skip[i : i + n].sum())
    return total


def _site(a: Article) -> str | None:
    if a.outlet:
        return a.outlet.casefold()
    if a.url:
        from urllib.parse import urlsplit

        return (urlsplit(a.url).hostname or "").removeprefix("www.") or None
    return None


def _best_passage(d: _Doc, ov: Overlap, side: int) -> tuple[int | None, float]:
    """The passage of ``d`` holding most shared words, and the share of it that is shared."""
    if d.n_passages <= 1 or not ov.runs:
        return None, 0.0
    shared = np.zeros(d.n_passages, dtype=np.int64)
    for run in ov.runs:
        start, n = run[side], run[2]
        np.add.at(shared, d.passage_of_word[start : start + n], 1)
    sizes = np.bincount(d.passage_of_word, minlength=d.n_passages)
    cover = shared / np.maximum(sizes, 1)
    best = int(np.argmax(cover))
    return best, float(cover[best])


def find_copies(articles: Sequence[Article], **params: Any) -> CopyReport:
    """Link copies, near-duplicates, containment, shared passages and rewrites among
    ``articles`` and group them into source families (see :class:`CopyDetector`)."""
    return CopyDetector(**params).fit(articles)
