"""Rewrites: the same sentences paraphrased, with the facts kept.

Two texts are a rewrite pair when the sentences of the shorter one align, one by one, with
sentences of the other by lexical and semantic similarity (:class:`~newsfuse.dedup.similarity.
SentenceSimilarity`), AND the facts of the aligned sentences survive: the same numbers, names and
quotes (:func:`~newsfuse.dedup.similarity.facts`). The second condition is what keeps two
independent reports of one event apart: they share the topic, the names and often the numbers,
but not sentence after sentence; and a sentence pair that looks alike but gives different
numbers is not aligned at all.

Candidates come from :func:`rewrite_candidates`: TF-IDF nearest neighbours where each text keeps
only its highest-weighted terms, so the sparse product stays sparse and the cost grows
near-linearly with the corpus.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from newsfuse.errors import require_fraction
from newsfuse.records import AlignedSentence, Link

TOP_TERMS = 40  # terms kept per text for the candidate search
CHUNK = 2048  # rows of the sparse product computed at a time
FACT_CACHE = 100_000  # sentences whose facts are kept between pairs
LONGER_SHARE = 0.7  # the longer text must have coverage * LONGER_SHARE of its sentences aligned
MAX_SENTENCES = 600  # a text is judged on its first this many sentences (a page of comments)
MATRIX_BYTES = 32 * 1024 * 1024  # the sentence similarity is computed in rows of this size


def rewrite_candidates(
    texts: Sequence[str], *, neighbours: int = 10, min_cosine: float = 0.2
) -> list[tuple[int, int]]:
    """Pairs (i < j) of texts that are each other's TF-IDF nearest neighbours."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    if len(texts) < 2:
        return []
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1, dtype=np.float32)
    try:
        x = vec.fit_transform(texts).tocsr()
    except ValueError:  # every text is empty or stop words only
        return []
    x = normalize(_top_terms(x, TOP_TERMS))
    xt = x.T.tocsr()
    pairs: set[tuple[int, int]] = set()
    for lo in range(0, x.shape[0], CHUNK):
        sims = (x[lo : lo + CHUNK] @ xt).tocsr()
        for r in range(sims.shape[0]):
            i = lo + r
            row = sims.indices[sims.indptr[r] : sims.indptr[r + 1]]
            vals = sims.data[sims.indptr[r] : sims.indptr[r + 1]]
            keep = (vals >= min_cosine) & (row != i)
            row, vals = row[keep], vals[keep]
            if len(row) > neighbours:
                top = np.argpartition(-vals, neighbours)[:neighbours]
                row = row[top]
            for j in row:
                pairs.add((min(i, int(j)), max(i, int(j))))
    return sorted(pairs)


def _top_terms(x: Any, k: int) -> Any:
    """Keep each row's k largest entries (a copy; the matrix is CSR)."""
    x = x.copy()
    for r in range(x.shape[0]):
        a, b = x.indptr[r], x.indptr[r + 1]
        if b - a > k:
            row = x.data[a:b]
            cut = np.partition(row, b - a - k)[b - a - k]
            row[row < cut] = 0
    x.eliminate_zeros()
    return x


@dataclass(frozen=True, slots=True)
class RewriteResult:
    """The alignment of two texts found to be rewrites of each other (offsets in each text)."""

    aligned: tuple[AlignedSentence, ...]
    coverage_a: float  # share of a's sentences aligned
    coverage_b: float
    facts: float  # share of the aligned sentences' numbers, names and quotes that survive
    order: float  # share of consecutive aligned pairs that keep their order
    score: float

    def swapped(self) -> RewriteResult:
        return replace(
            self,
            aligned=tuple(
                AlignedSentence(s.b_start, s.b_end, s.a_start, s.a_end, s.score)
                for s in self.aligned
            ),
            coverage_a=self.coverage_b,
            coverage_b=self.coverage_a,
        )

    def link(
        self,
        a: str,
        b: str,
        offset_a: int,
        offset_b: int,
        passage_a: int | None,
        passage_b: int | None,
    ) -> Link:
        aligned = tuple(
            AlignedSentence(
                s.a_start + offset_a,
                s.a_end + offset_a,
                s.b_start + offset_b,
                s.b_end + offset_b,
                s.score,
            )
            for s in self.aligned
        )
        return Link(
            a,
            b,
            "rewrite_of",
            self.score,
            aligned=aligned,
            a_passage=passage_a,
            b_passage=passage_b,
            detector="sentence alignment",
            facts={
                "coverage_a": round(self.coverage_a, 4),
                "coverage_b": round(self.coverage_b, 4),
                "facts_kept": round(self.facts, 4),
                "order_kept": round(self.order, 4),
                "sentences_aligned": len(self.aligned),
            },
        )


class RewriteChecker:
    """Decide whether two texts are rewrites of each other, with the aligned sentences.

    coverage   the least share of the shorter text's sentences that must align (and
               ``LONGER_SHARE`` of that share of the longer text's)
    facts      the least share of the aligned sentences' facts (numbers, names, quotes) that
               must be found in their counterparts
    sentence   the least similarity for two sentences to align
    min_sentences  texts with fewer (content) sentences are not judged
    """

    def __init__(
        self,
        *,
        coverage: float = 0.7,
        facts: float = 0.6,
        sentence: float | None = None,
        min_sentences: int = 3,
        embedder: str | None = None,
    ) -> None:
        from newsfuse.dedup.similarity import SentenceSimilarity

        for name, value in (("coverage", coverage), ("facts", facts)):
            require_fraction("RewriteChecker", name, value, low_open=True)
        self.coverage = coverage
        self.facts = facts
        self.min_sentences = min_sentences
        self.similarity = SentenceSimilarity(embedder=embedder)
        self.sentence = sentence if sentence is not None else float(self.similarity.threshold)
        self._fact_cache: dict[str, Any] = {}
        self._split_cache: dict[str, list[tuple[int, int]]] = {}

    def fit(self, texts: Sequence[str]) -> RewriteChecker:
        """Learn word weights from the corpus the pairs come from."""
        from newsfuse.text import split_sentences

        sentences = [t[s:e] for t in texts for s, e in split_sentences(t)]
        if sentences:
            self.similarity.fit(sentences)
        return self

    def check_pair(self, a: str, b: str) -> RewriteResult | None:
        """:meth:`check` with the word weights fitted on the two texts' own sentences, so the
        answer depends on the pair alone (not on a corpus that changes with every article)."""
        from newsfuse.text import split_sentences

        sentences = [
            t[s:e] for t in (a, b) for s, e in self._sentences(t, split_sentences)[:MAX_SENTENCES]
        ]
        if sentences:
            self.similarity.fit_sparse(sentences)
        return self.check(a, b)

    def _sentences(self, text: str, split: Any) -> list[tuple[int, int]]:
        """The spans of the text's sentences of 4+ words (kept between pairs)."""
        found = self._split_cache.get(text)
        if found is None:
            if len(self._split_cache) > FACT_CACHE // 10:
                self._split_cache.clear()
            found = [s for s in split(text) if len(text[s[0] : s[1]].split()) >= 4]
            self._split_cache[text] = found
        return found

    def _facts(self, sentence: str, extract: Any) -> Any:
        found = self._fact_cache.get(sentence)
        if found is None:
            if len(self._fact_cache) > FACT_CACHE:
                self._fact_cache.clear()
            found = self._fact_cache[sentence] = extract(sentence)
        return found

    def check(self, a: str, b: str) -> RewriteResult | None:
        from newsfuse.dedup.facts import fact_overlap, facts
        from newsfuse.text import split_sentences

        sa, sb = self._sentences(a, split_sentences), self._sentences(b, split_sentences)
        if len(sa) < self.min_sentences or len(sb) < self.min_sentences:
            return None
        sa, sb = sa[:MAX_SENTENCES], sb[:MAX_SENTENCES]
        ta = [a[s:e] for s, e in sa]
        tb = [b[s:e] for s, e in sb]
        best = self._best_matches(ta, tb)
        if best is None:
            return None
        candidates, sim_of = best
        fa, fb = [self._facts(t, facts) for t in ta], [self._facts(t, facts) for t in tb]
        pairs, kept, total = [], 0, 0
        for i, j in sorted(candidates):
            fo = fact_overlap(fa[i], fb[j])
            if fo["conflict"]:
                continue  # alike, but with other numbers: not the same sentence
            shared = sum(fo[k]["shared"] for k in ("numbers", "names", "quotes"))  # type: ignore[index]
            size_a = shared + sum(fo[k]["only_a"] for k in ("numbers", "names", "quotes"))  # type: ignore[index]
            size_b = shared + sum(fo[k]["only_b"] for k in ("numbers", "names", "quotes"))  # type: ignore[index]
            kept += shared
            total += min(size_a, size_b)
            pairs.append((i, j))
        if not pairs:
            return None
        cov_a = len({i for i, _ in pairs}) / len(sa)
        cov_b = len({j for _, j in pairs}) / len(sb)
        short, long_ = (cov_a, cov_b) if len(sa) <= len(sb) else (cov_b, cov_a)
        if short < self.coverage or long_ < self.coverage * LONGER_SHARE:
            return None
        fact_share = min(1.0, kept / total) if total else 1.0
        if fact_share < self.facts:
            return None
        order = _order_kept(pairs)
        mean_sim = float(np.mean([sim_of[p] for p in pairs]))
        aligned = tuple(
            AlignedSentence(sa[i][0], sa[i][1], sb[j][0], sb[j][1], round(sim_of[(i, j)], 4))
            for i, j in pairs
        )
        score = min(1.0, short * mean_sim**0.5)
        return RewriteResult(aligned, cov_a, cov_b, fact_share, order, score)

    def _best_matches(
        self, ta: list[str], tb: list[str]
    ) -> tuple[set[tuple[int, int]], dict[tuple[int, int], float]] | None:
        """Each sentence's best match on the other side when similar enough, as candidate
        pairs (i, j) with their similarity. The similarity is computed a block of ``a``'s
        sentences at a time, so memory stays within about :data:`MATRIX_BYTES` whatever the
        lengths (the features of one pair of sentences take ~100 bytes)."""
        eb = self.similarity.encode(tb)
        m = len(tb)
        rows = max(1, MATRIX_BYTES // (m * 16 * 8))
        col_best = np.full(m, -1.0)
        col_arg = np.zeros(m, dtype=np.int64)
        candidates: set[tuple[int, int]] = set()
        sim_of: dict[tuple[int, int], float] = {}
        for lo in range(0, len(ta), rows):
            part = np.asarray(self.similarity.matrix(ta[lo : lo + rows], eb), dtype=np.float64)
            arg = part.argmax(axis=1)
            val = part[np.arange(len(part)), arg]
            for r in np.flatnonzero(val >= self.sentence).tolist():
                pair = (lo + r, int(arg[r]))
                candidates.add(pair)
                sim_of[pair] = float(val[r])
            top = part.argmax(axis=0)
            top_val = part[top, np.arange(m)]
            better = top_val > col_best
            col_best[better] = top_val[better]
            col_arg[better] = lo + top[better]
        for j in np.flatnonzero(col_best >= self.sentence).tolist():
            pair = (int(col_arg[j]), j)
            candidates.add(pair)
            sim_of[pair] = float(col_best[j])
        return (candidates, sim_of) if candidates else None


def _order_kept(pairs: list[tuple[int, int]]) -> float:
    if len(pairs) < 2:
        return 1.0
    js = [j for _, j in pairs]
    return sum(1 for x, y in itertools.pairwise(js) if y >= x) / (len(js) - 1)
