"""Split a page that holds several separate stories (a live blog, a news round-up) into passages.

A live blog strings unrelated stories one after another, often without any marker left in a
scraped capture. Stories differ in vocabulary, above all in their names: the people, places and
organisations of one story rarely appear in the next. The splitter scores every gap between
paragraphs by the lexical cohesion of the text on each side (TextTiling, Hearst 1997), with
capitalised words (names) weighted up, proposes boundaries at deep, low-cohesion gaps (and at
headings when the page has them), and then keeps a boundary only if the two stories it
separates are truly dissimilar as wholes. An ordinary article, whose background sections share
the story's names, stays one passage.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from newsfuse.extract.lang import stopwords
from newsfuse.extract.textmeta import MONTHS
from newsfuse.records import Passage

# weekdays and months say when, not what: every story of a day's live blog has them
_CALENDAR = frozenset(MONTHS) | frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday"]
)
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SplitParams:
    """min_words / min_paras: the smallest passage; min_total_words: shorter pages are one story;
    min_gain / min_gain_per_cut: how much more cohesive the passages must be, together and per
    cut, than the page taken whole; max_sim: neighbouring passages stay apart
    only when the cosine similarity of their (idf-weighted) word vectors is below this;
    max_passages: at most this many passages per page; max_paragraphs: longer pages are
    split only at headings; max_cut_points: at most this many places a cut is tried (every
    other heading, or every third ..., when a page has more); max_elements: a page of more
    paragraphs is compared entry by entry (the runs of paragraphs between those places), not
    paragraph by paragraph. The search is cubic in the number of places and linear in the
    elements compared, so these bound its work."""

    min_words: int = 60
    min_paras: int = 3
    max_sim: float = 0.12
    min_gain: float = 0.3
    min_gain_per_cut: float = 0.12
    min_total_words: int = 200
    max_passages: int = 12
    max_paragraphs: int = 200
    max_cut_points: int = 100
    max_elements: int = 1000


def _matrix(texts: list[str], stops: frozenset[str]) -> sp.csr_matrix:
    """Element x term matrix (sparse): content words (5-letter prefixes), capitalised words
    (names) counted double, weighted by the page's own idf; words in every element weigh
    nothing."""
    counts: list[Counter[str]] = []
    for p in texts:
        v: Counter[str] = Counter()
        for tok in _TOKEN.findall(p):
            low = tok.casefold()
            if low in stops or len(low) < 3 or low in _CALENDAR:
                continue
            v[low[:5]] += 2 if tok[0].isupper() else 1
        counts.append(v)
    df = Counter(w for v in counts for w in v)
    n = len(texts)
    vocab = {w: i for i, w in enumerate(sorted(df))}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, v in enumerate(counts):
        for w, c in v.items():
            rows.append(r)
            cols.append(vocab[w])
            vals.append(c * math.log(n / df[w]))
    return sp.csr_matrix((vals, (rows, cols)), shape=(n, max(len(vocab), 1)))


def _block_cos(gram: np.ndarray, a: int, b: int, c: int) -> float:
    """Cosine similarity of the sum of elements [a, b) and the sum of elements [b, c), from
    their Gram matrix (all of whose entries are >= 0)."""
    dot = float(gram[a:b, b:c].sum())
    na, nb = float(gram[a:b, a:b].sum()), float(gram[b:c, b:c].sum())
    return dot / math.sqrt(na * nb) if na > 0 and nb > 0 else 0.0


def _cohesion_table(gram: np.ndarray, points: list[int]) -> np.ndarray:
    """coh[a, b] for a < b in ``points``: the sum, over elements i in [a, b), of
    cos(v_i, the sum of the other elements in [a, b)), from the elements' Gram matrix: every
    v_i . sum is a difference of prefix sums of a row, so the table costs O(E * P^2) for E
    elements and P points, whatever the vocabulary."""
    e = gram.shape[0]
    coh = np.zeros((e + 1, e + 1))
    diag = np.diag(gram).copy()
    prefix = np.zeros((e, e + 1))
    np.cumsum(gram, axis=1, out=prefix[:, 1:])
    pts = np.asarray(points)
    for ai, a in enumerate(points[:-1]):
        ends = pts[ai + 1 :]
        ends = ends[ends - a >= 2]
        if not len(ends):
            continue
        last = int(ends[-1])
        rows = np.arange(a, last)
        inside = rows[:, None] < ends[None, :]
        # row sums over [a, b): v_i . (v_a + ... + v_{b-1}) for every i and every end b
        rs = np.where(inside, prefix[a:last][:, ends] - prefix[a:last, a][:, None], 0.0)
        sq = diag[a:last][:, None]
        total = rs.sum(axis=0)[None, :]  # |v_a + ... + v_{b-1}|^2
        dots = rs - sq
        norms = np.sqrt(sq) * np.sqrt(np.maximum(total - 2 * rs + sq, 0.0))
        cos = np.divide(dots, norms, out=np.zeros_like(dots), where=inside & (norms > 0))
        coh[a, ends] = cos.sum(axis=0)
    return coh


def split_passages(
    paragraphs: list[str],
    *,
    language: str | None = None,
    headings: tuple[int, ...] = (),
    params: SplitParams = SplitParams(),
) -> list[tuple[int, int, str | None]]:
    """Passages as ``(first_paragraph, end_paragraph_exclusive, title)``; one passage covering
    everything when the page holds one story.

    For k = 2, 3, ... the most cohesive segmentation into k passages is found by dynamic
    programming (the sum, over passages, of how similar each paragraph is to the rest of its
    passage); the largest k whose neighbouring passages are all dissimilar (cosine below
    ``max_sim``), big enough, and clearly more cohesive than the whole page wins.

    A page of more than ``max_paragraphs`` paragraphs is cut only at headings; cuts are tried
    at no more than ``max_cut_points`` places, and on a page of more than ``max_elements``
    paragraphs cohesion is that of the runs of paragraphs between those places (the entries of
    a live blog): the work stays bounded however long the page."""
    n = len(paragraphs)
    if n == 0:
        return []
    whole: list[tuple[int, int, str | None]] = [(0, n, _heading(paragraphs, headings, 0))]
    words = [len(p.split()) for p in paragraphs]
    heading_set = set(headings)
    allowed = sorted(heading_set) if (n > params.max_paragraphs or len(heading_set) >= 2) else None
    if allowed is not None and not allowed:
        return whole
    if allowed is not None:
        # entries under their own headings (an HTML live blog) may be short
        params = replace(
            params, min_words=min(params.min_words, 30), min_paras=2, min_total_words=100
        )
    if n < 2 * params.min_paras or sum(words) < max(2 * params.min_words, params.min_total_words):
        return whole
    cut_points = [h for h in allowed if 0 < h < n] if allowed is not None else list(range(1, n))
    if len(cut_points) > params.max_cut_points:
        cut_points = cut_points[:: math.ceil(len(cut_points) / params.max_cut_points)]
    if n <= params.max_elements:
        starts = list(range(n))
        texts = paragraphs
    else:
        starts = [0, *cut_points]
        texts = ["\n".join(paragraphs[a:b]) for a, b in itertools.pairwise([*starts, n])]
    m = _matrix(texts, stopwords(language))
    gram = (m @ m.T).toarray()
    element = {p: i for i, p in enumerate(starts)}
    element[n] = len(starts)
    coh_e = _cohesion_table(gram, sorted({0, len(starts), *(element[c] for c in cut_points)}))
    cum = np.concatenate([[0], np.cumsum(words)])

    def coh(a: int, b: int) -> float:
        return float(coh_e[element[a], element[b]])

    def ok(a: int, b: int) -> bool:
        return b - a >= params.min_paras and cum[b] - cum[a] >= params.min_words

    # best[k][i]: best score of splitting paragraphs [i, n) into k passages, with the cuts
    best: dict[tuple[int, int], tuple[float, tuple[int, ...]]] = {}

    def solve(i: int, k: int) -> tuple[float, tuple[int, ...]]:
        key = (i, k)
        if key in best:
            return best[key]
        res: tuple[float, tuple[int, ...]]
        if k == 1:
            res = (coh(i, n), ()) if ok(i, n) else (-math.inf, ())
        else:
            res = (-math.inf, ())
            for j in cut_points[bisect.bisect_right(cut_points, i) :]:
                if not ok(i, j):
                    continue
                score, rest = solve(j, k - 1)
                if score == -math.inf:
                    continue
                total = coh(i, j) + score
                if total > res[0]:
                    res = (total, (j, *rest))
        best[key] = res
        return res

    chosen: tuple[int, ...] = ()
    for k in range(2, params.max_passages + 1):
        score, cuts = solve(0, k)
        if score == -math.inf:
            break
        bounds = [element[b] for b in (0, *cuts, n)]
        sims = [_block_cos(gram, *bounds[i : i + 3]) for i in range(len(bounds) - 2)]
        gain = score - coh(0, n)
        if (
            all(s < params.max_sim for s in sims)
            and gain >= params.min_gain
            and gain >= params.min_gain_per_cut * (k - 1)
        ):
            chosen = cuts
    bounds = [0, *chosen, n]
    return [
        (a, b, _heading(paragraphs, headings, a)) for a, b in itertools.pairwise(bounds)
    ]


def _heading(paragraphs: list[str], headings: tuple[int, ...], a: int) -> str | None:
    return paragraphs[a] if a in headings else None


def passages_for(
    text: str,
    *,
    language: str | None = None,
    headings: tuple[int, ...] = (),
    split: bool = True,
    params: SplitParams = SplitParams(),
) -> tuple[Passage, ...]:
    """Character-span passages of a clean text whose paragraphs are separated by blank lines."""
    if not text:
        return ()
    paragraphs = text.split("\n\n")
    starts = []
    pos = 0
    for p in paragraphs:
        starts.append(pos)
        pos += len(p) + 2
    groups = (
        split_passages(paragraphs, language=language, headings=headings, params=params)
        if split
        else [(0, len(paragraphs), None)]
    )
    out = []
    for a, b, title in groups:
        start = starts[a]
        end = starts[b - 1] + len(paragraphs[b - 1])
        out.append(Passage(start, end, title or _label(paragraphs[a:b])))
    return tuple(out)


def _label(paragraphs: list[str]) -> str:
    """A short label for an untitled passage: its first sentence, cut to about 80 characters."""
    first = next((p for p in paragraphs if len(p.split()) >= 5), paragraphs[0])
    sentence = re.split(r"(?<=[.!?])\s+", first.strip(), maxsplit=1)[0]
    if len(sentence) > 80:
        sentence = sentence[:80].rsplit(" ", 1)[0] + "…"
    return sentence
