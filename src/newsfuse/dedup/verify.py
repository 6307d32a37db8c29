"""Verifying one candidate pair: a function of the two articles alone.

Whatever proposed a pair (the exact hash, the LSH bands, the shared-shingle postings, the fact
bands), whether and how it is linked depends only on the two articles, so the links of a set
of articles do not depend on the order or the batches they came in (see
:mod:`newsfuse.dedup.index`):

1. the same normalised words: ``exact_copy``;
2. the shared runs of ``min_words`` identical words (:func:`~newsfuse.dedup.spans.shared_spans`),
   without the runs that are chrome (a run that lies within the first or the last fifth, at
   least :data:`EDGE_WORDS` words, of both texts: menus, cookie notices, footers, theme text);
   chrome words count on neither side, so chrome neither makes nor enlarges a link:
   ``near_duplicate``, ``contains`` or ``shares_passage``; between two pages of one site, a run
   that is the site's template (on TEMPLATE or more of its pages, counted by the index) is not
   narration either;
3. a rewrite check (:class:`~newsfuse.dedup.align.RewriteChecker`, its word weights fitted on
   the two texts' own sentences) of the unit pairs (whole articles, live-blog passages) that the
   fact rule proposed, and of the whole pair when its shared text is mostly reworded
   sentences; a rewrite found replaces a weaker overlap link.

Symmetric links (``exact_copy``, ``near_duplicate``, ``shares_passage``) name as ``a`` the
article first in the canonical order (publication day, then id; undated last).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsfuse.dedup.spans import Overlap, Tokens, shared_spans, tokenize, word_jaccard
from newsfuse.records import Article, Failure, Link, Span

if TYPE_CHECKING:
    from newsfuse.dedup.align import RewriteChecker
    from newsfuse.dedup.detect import CopyDetector

NARRATION_RUN = 8  # the shortest run of shared narration that counts towards shares_passage
PASSAGE_RUN = 20  # and a shared passage has at least one unbroken run this long
EDGE = 0.2  # a same-site run within this share of the words at the top or bottom of both
EDGE_WORDS = 40  # texts (at least this many words) is the site's chrome
VERBATIM = 0.7  # a copy keeps at least this share of its sentences word for word; a rewrite not
UNDATED = 1 << 30  # the day of an undated article, in the canonical order

_WORDS = re.compile(r"\w+")
# a quotation runs to the next opening mark at most (each opening mark read 1500 characters on)
_QUOTED = re.compile(
    r'“[^”“\n]{1,1500}”|"[^"\n]{1,1500}"|«[^»«\n]{1,1500}»|‘[^’‘\n]{1,1500}’(?!\w)'
)


@dataclass
class Doc:
    """One article as the verifier sees it: its words, which passage each word is in, which
    words are quoted; ``day`` and ``site`` as the index keeps them."""

    article: Article
    tokens: Tokens
    passage_of_word: np.ndarray  # passage index per word (all 0 for an ordinary article)
    quoted: np.ndarray  # True for words inside quotation marks
    day: int
    site: str | None
    _sentences: list[tuple[str, ...]] | None = None
    # per token: a sampled shingle starts here / it is on TEMPLATE pages of the site (set by
    # the index, which counts them)
    template: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def order(self) -> tuple[int, str]:
        """The canonical order: publication day, then id (undated last)."""
        return (self.day, self.article.id)

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

    def unit(self, u: int) -> tuple[int | None, str, int]:
        """(passage, text, offset) of unit ``u``: 0 the whole text, p + 1 passage p."""
        if u == 0:
            return None, self.article.text, 0
        ps = self.article.passages[u - 1]
        return u - 1, self.article.text[ps.start : ps.end], ps.start


def make_doc(a: Article, day: int, site: str | None) -> Doc:
    tokens = tokenize(a.text)
    starts = np.asarray(tokens.starts, dtype=np.int64)
    passage_of = np.zeros(len(tokens), dtype=np.int32)
    if len(a.passages) > 1 and len(tokens):
        bounds = np.asarray([p.start for p in a.passages[1:]])
        passage_of = np.searchsorted(bounds, starts, side="right").astype(np.int32)
    quoted = np.zeros(len(tokens), dtype=bool)
    for m in _QUOTED.finditer(a.text):
        quoted[np.searchsorted(starts, m.start()) : np.searchsorted(starts, m.end())] = True
    return Doc(a, tokens, passage_of, quoted, day, site)


def site_of(a: Article) -> str | None:
    """The site a page comes from, for chrome: its outlet, else its URL's host."""
    if a.outlet:
        return a.outlet.casefold()
    if a.url:
        from urllib.parse import urlsplit

        return (urlsplit(a.url).hostname or "").removeprefix("www.") or None
    return None


def pair_name(a: Doc, b: Doc) -> str:
    """How a failed pair is named in a Failure: both sources."""
    return f"{a.article.source} + {b.article.source}"


def verbatim_share(x: Doc, y: Doc) -> float:
    """The share of x's sentences that are word for word in y (1.0 when x has none)."""
    if not x.sentences:
        return 1.0
    ys = set(y.sentences)
    return sum(1 for k in x.sentences if k in ys) / len(x.sentences)


# --- chrome ---------------------------------------------------------------------------------


def without_chrome(ov: Overlap, a: Doc, b: Doc) -> tuple[Overlap, np.ndarray, np.ndarray]:
    """The overlap of two pages without the runs that are chrome: within the top or the
    bottom edge (either) of both texts (menus, cookie notices, newsletter boxes, footers, the theme
    text many sites share), with coverages over the words that are not chrome; and the
    chrome masks of both texts' words. A copied article reaches past the edges, so its run is
    kept."""
    na, nb = len(a.tokens), len(b.tokens)
    chrome_a, chrome_b = np.zeros(na, dtype=bool), np.zeros(nb, dtype=bool)
    if not ov.runs:
        return ov, chrome_a, chrome_b
    za, zb = max(EDGE * na, EDGE_WORDS), max(EDGE * nb, EDGE_WORDS)
    kept = []
    for i, j, n in ov.runs:
        edge_a = i + n <= za or i >= na - za
        edge_b = j + n <= zb or j >= nb - zb
        if edge_a and edge_b:
            chrome_a[i : i + n] = True
            chrome_b[j : j + n] = True
        else:
            kept.append((i, j, n))
    if len(kept) == len(ov.runs):
        return ov, chrome_a, chrome_b
    return _overlap_of(kept, a.tokens, b.tokens, chrome_a, chrome_b), chrome_a, chrome_b


def _overlap_of(
    runs: list[tuple[int, int, int]], ta: Tokens, tb: Tokens, skip_a: np.ndarray, skip_b: np.ndarray
) -> Overlap:
    from newsfuse.dedup.spans import _covered, _merge

    if not runs:
        return Overlap((), 0.0, 0.0, 0, ())
    size_a = max(1, len(ta) - int(skip_a.sum()))
    size_b = max(1, len(tb) - int(skip_b.sum()))
    shared_a = sum(n for _, _, n in runs)
    covered_b = _covered([(j, j + n) for _, j, n in runs])
    return Overlap(
        spans=tuple(_merge(runs, ta, tb)),
        coverage_a=min(1.0, shared_a / size_a),
        coverage_b=min(1.0, covered_b / size_b),
        shared_words=shared_a,
        runs=tuple(runs),
    )


# --- the overlap link ----------------------------------------------------------------------


def overlap_link(det: CopyDetector, a: Doc, b: Doc, ov: Overlap, chrome: np.ndarray) -> Link | None:
    """The link two texts' shared runs make, if any (``a`` before ``b`` canonically)."""
    ida, idb = a.id, b.id
    facts = {
        "coverage_a": round(ov.coverage_a, 4),
        "coverage_b": round(ov.coverage_b, 4),
        "shared_words": ov.shared_words,
    }
    if not ov.runs:
        return None
    if ov.min_coverage >= det.near or (
        not chrome.any() and word_jaccard(a.tokens, b.tokens) >= det.near
    ):
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
    if not multi and ov.max_coverage >= det.contain:
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
    passage_hit = (a.n_passages > 1 and cover_a >= det.passage_cover) or (
        b.n_passages > 1 and cover_b >= det.passage_cover
    )
    narration = _narration_shared(a, ov, a.site is not None and a.site == b.site, det.min_words)
    longest = max(n for _, _, n in ov.runs)
    facts["shared_narration_words"] = narration
    if passage_hit or (narration >= det.share_words and longest >= PASSAGE_RUN):
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


def _narration_shared(d: Doc, ov: Overlap, same_site: bool, k: int) -> int:
    """Shared words outside quotation marks, in runs of NARRATION_RUN words or more: two
    independent reports quote the same statement word for word, but do not share narration.
    Between two pages of one site, a run most of whose sampled shingles are on TEMPLATE pages
    of the site is its template (a comment policy, a newsletter box), not narration (the
    edge chrome is gone from ``ov`` already)."""
    total = 0
    for i, _j, n in ov.runs:
        if n < NARRATION_RUN:
            continue
        if same_site and d.template is not None:
            at, tmpl = d.template
            stop = max(i + 1, i + n - k + 1)
            sampled = int(at[i:stop].sum())
            if sampled and 2 * int(tmpl[i:stop].sum()) > sampled:
                continue
        total += int(n - d.quoted[i : i + n].sum())
    return total


def _best_passage(d: Doc, ov: Overlap, side: int) -> tuple[int | None, float]:
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


def reworded(a: Doc, b: Doc, link: Link) -> bool:
    """A near-duplicate or containment whose shared text is mostly reworded sentences
    (fewer than VERBATIM of the smaller side's sentences are unchanged) may be a rewrite:
    the rewrite check decides, and the overlap link stands if it says no."""
    if link.type == "near_duplicate":
        small, big = (a, b) if len(a.sentences) <= len(b.sentences) else (b, a)
    elif link.type == "contains":
        big, small = (a, b) if link.a == a.id else (b, a)
    elif link.type == "shares_passage" and link.a_passage is None and link.b_passage is None:
        small, big = (a, b) if len(a.sentences) <= len(b.sentences) else (b, a)
    else:
        return False
    return verbatim_share(small, big) < VERBATIM


def unit_pair_allowed(a: Doc, b: Doc, ua: int, ub: int) -> bool:
    """Which unit pairs a rewrite check may compare: whole with whole, passage with passage
    across two live blogs, and a whole article with a passage only across one live blog."""
    if (ua == 0) == (ub == 0):
        return True
    return (a.n_passages > 1) != (b.n_passages > 1)


# --- the whole verification ----------------------------------------------------------------


def verify(
    det: CopyDetector,
    checker: RewriteChecker,
    a: Doc,
    b: Doc,
    exact: bool,
    units: Iterable[tuple[int, int]],
    failures: list[Failure],
) -> Link | None:
    """The link of a pair (``a`` before ``b`` canonically), or None. ``exact``: the two
    normalised texts hash the same; ``units``: the unit pairs the fact rule proposed."""
    if exact:
        span = Span(0, len(a.article.text), 0, len(b.article.text))
        return Link(a.id, b.id, "exact_copy", 1.0, spans=(span,), detector="normalised text hash")
    link: Link | None = None
    provisional = False
    try:
        ov = shared_spans(a.tokens, b.tokens, min_words=det.min_words)
        ov, chrome_a, _chrome_b = without_chrome(ov, a, b)
        link = overlap_link(det, a, b, ov, chrome_a)
        provisional = link is not None and reworded(a, b, link)
    except Exception as exc:  # one odd pair must not stop the corpus
        failures.append(Failure.of(pair_name(a, b), "copies", exc))
        return None
    if (
        link is not None
        and not provisional
        and (link.type != "shares_passage" or link.score >= 0.5)
    ):
        return link  # verbatim text explains the pair
    todo = {(ua, ub) for ua, ub in units if unit_pair_allowed(a, b, ua, ub)}
    if provisional:
        todo.add((0, 0))
    best: Link | None = None
    for ua, ub in sorted(todo):
        (pa, ta, oa), (pb, tb, ob) = a.unit(ua), b.unit(ub)
        try:
            result = checker.check_pair(ta, tb)
        except Exception as exc:  # one odd pair must not stop the corpus
            failures.append(Failure.of(pair_name(a, b), "copies", exc))
            continue
        if result is None:
            continue
        found = result.link(a.id, b.id, oa, ob, pa, pb)
        if link is not None and link.spans:
            found = Link(
                found.a,
                found.b,
                found.type,
                found.score,
                spans=link.spans if link.a == a.id else _flip(link.spans),
                aligned=found.aligned,
                a_passage=found.a_passage,
                b_passage=found.b_passage,
                facts={**_facts_as(link, a.id), **found.facts},
                detector=found.detector,
            )
        if best is None or found.score > best.score:
            best = found
    return best or link


def _flip(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    return tuple(Span(s.b_start, s.b_end, s.a_start, s.a_end) for s in spans)


def _facts_as(link: Link, first: str) -> dict[str, object]:
    """The link's facts read with ``first`` as side a."""
    facts = dict(link.facts)
    if link.a != first and "coverage_a" in facts:
        facts["coverage_a"], facts["coverage_b"] = facts["coverage_b"], facts["coverage_a"]
    return facts
