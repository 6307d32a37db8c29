"""The article's blocks: which runs of lines between junk belong to the article.

The lines that the shape rules leave form blocks between junk separators. The block with
most prose (favouring the one that speaks of the title) is the article; it grows block by
block while the next block is on its topic (stricter after a time stamp or a run of junk),
loses off-topic lines at its edges, and teasers (a truncated excerpt, or a headline and a
short summary closing the article) are cut off.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from newsfuse.extract.lines import (
    ELLIPSIS_END,
    Line,
    content_words,
    has_quote,
    is_bodylike,
    is_titlelike,
    line_key,
)

# How similar (idf-weighted cosine) a block must be to the article kept so far to join it:
# under a time stamp, after a run of junk, right next to the article, or further away.
_NEED_STAMP, _NEED_FAR, _NEED_CHAINED, _NEED_APART = 0.2, 0.2, 0.06, 0.12


def select_zones(lines: list[Line], meta: dict[str, str]) -> None:
    """Keep the article's zone and the zones on its topic; drop the others."""
    zones: list[list[Line]] = []
    cur: list[Line] = []
    after_stamp: list[bool] = []
    gap_before: list[int] = []  # junk lines between a zone and the one before it
    prev_stamp = False
    gap = 0
    for x in lines:
        if x.junk is None:
            if not cur:
                after_stamp.append(prev_stamp)
                gap_before.append(gap)
            cur.append(x)
            gap = 0
        else:
            if cur:
                zones.append(cur)
                cur = []
            gap += 1
            prev_stamp = x.role != "meta" and x.junk.startswith(("time stamp", "date line", "feed"))
            continue
        prev_stamp = False
    if cur:
        zones.append(cur)
    if not zones:
        return
    title_words = {w[:7] for w in line_key(meta.get("title", "")).split() if len(w) > 2}

    def title_overlap(z: list[Line]) -> float:
        if not title_words:
            return 0.0
        zw = {w for x in z for w in content_words(x, frozenset())}
        return len(title_words & zw) / len(title_words)

    # the article: most prose, favouring the zone that speaks of what the title says
    body_words = [sum(x.n for x in z if is_bodylike(x)) * (1 + 2 * title_overlap(z)) for z in zones]
    main = max(range(len(zones)), key=lambda k: body_words[k])
    if body_words[main] == 0:
        # no prose at all: keep the largest zone as it is (a short notice or a list page)
        main = max(range(len(zones)), key=lambda k: sum(x.n for x in zones[k]))

    sw: frozenset[str] = frozenset()
    idf_doc = Counter(w for z in zones for x in z for w in set(content_words(x, sw)))
    vocab = _Vocab(idf_doc)
    vocab.add(w for x in zones[main] for w in content_words(x, sw))
    if "title" in meta:
        vocab.add(w for w in line_key(meta["title"]).split() if len(w) > 2)
    for x in zones[main]:
        x.in_main, x.zone_sim = True, 1.0
    _peel_edges(zones[main], vocab)
    # Grow the article outwards from its main zone, one zone at a time, comparing each block
    # with everything kept so far: the entries of a listicle each join the chain, while a
    # block past a run of junk (footer, newsletter box, related stories) must be clearly on
    # the topic, and prose hanging under a time stamp below the article is a comment or feed.
    for order in (range(main + 1, len(zones)), range(main - 1, -1, -1)):
        chained = True
        for k in order:
            z = zones[k]
            gap = gap_before[k] if k > main else gap_before[k + 1]
            if k > main and after_stamp[k] and not after_stamp[main]:
                for x in z:
                    x.junk = "comment or feed entry below the article (follows a time stamp)"
                chained = False
                continue
            prose = [x for x in z if is_bodylike(x)]
            sim = vocab.similarity(Counter(w for x in z for w in content_words(x, sw)))
            for x in z:
                x.zone_sim = sim
            big = sum(x.n for x in prose) >= 80
            if after_stamp[k]:
                need = _NEED_STAMP
            elif gap >= 3 and not big:
                need = _NEED_FAR
            elif chained:
                need = _NEED_CHAINED
            else:
                need = _NEED_APART
            if prose and sim >= need:
                vocab.add(w for x in z for w in content_words(x, sw))
                continue
            chained = False
            reason = (
                "outside the article (no prose)"
                if not prose
                else f"feed or comment entry (follows a time stamp; similarity {sim:.2f})"
                if after_stamp[k]
                else f"outside the article (off-topic block, similarity {sim:.2f})"
            )
            for x in z:
                x.junk = reason


class _Vocab:
    """The article's content words (word -> count) and the idf-weighted norm of that vector,
    kept up to date as words are added: comparing a block with it costs the block's own words,
    not the article's (a page of many small blocks stays linear)."""

    def __init__(self, df: Counter[str]) -> None:
        self.df = df
        self.n_docs = max(df.total(), 1)
        self.counts: Counter[str] = Counter()
        self.sq = 0.0  # squared norm of the weighted vector
        self._weights: dict[str, float] = {}

    def weight(self, w: str) -> float:
        v = self._weights.get(w)
        if v is None:
            v = self._weights[w] = math.log(1 + self.n_docs / (1 + self.df.get(w, 0)))
        return v

    def add(self, words: Iterable[str]) -> None:
        for w in words:
            c = self.counts[w]
            self.sq += (2 * c + 1) * self.weight(w) ** 2
            self.counts[w] = c + 1

    def similarity(self, words: Counter[str], without: Counter[str] | None = None) -> float:
        """Cosine similarity (idf-weighted) of ``words`` to the article, optionally to the
        article without the words of ``without`` (which it holds)."""
        if not words or not self.counts:
            return 0.0
        sq = self.sq
        dot = 0.0
        for w, c in words.items():
            have = self.counts.get(w, 0)
            if without is not None and w in without:
                rest = max(have - without[w], 0)
                sq -= (have * have - rest * rest) * self.weight(w) ** 2
                have = rest
            dot += c * have * self.weight(w) ** 2
        na = math.sqrt(sum((c * self.weight(w)) ** 2 for w, c in words.items()))
        nb = math.sqrt(max(sq, 0.0))
        return dot / (na * nb) if na and nb else 0.0


def _peel_edges(zone: list[Line], vocab: _Vocab) -> None:
    """Drop lines at the top and bottom of the article's zone that share (almost) nothing
    with the rest of it: teaser lists and comment threads glued to the article."""
    if len(zone) < 4:
        return
    kept = list(zone)

    def off_topic(x: Line) -> bool:
        if x.n < 10:
            return False
        own = Counter(content_words(x, frozenset()))
        return vocab.similarity(own, without=own) < 0.04

    while len(kept) > 3 and off_topic(kept[0]):
        kept.pop(0).junk = "outside the article (off-topic line above it)"
    while len(kept) > 3 and off_topic(kept[-1]):
        kept.pop().junk = "outside the article (off-topic line below it)"


def similarity(zone: list[Line], vocab: Counter[str], df: Counter[str]) -> float:
    """Cosine similarity of a zone's content words to the article's, idf-weighted."""
    article = _Vocab(df)
    article.add(vocab.elements())
    return article.similarity(Counter(w for x in zone for w in content_words(x, frozenset())))


# --- teasers, credits, duplicates -------------------------------------------------------


def truncated_teasers(lines: list[Line]) -> None:
    """Related-article teasers: a truncated excerpt (ending in an ellipsis glued to a word)
    with the headline above it."""
    for i, x in enumerate(lines):
        if x.junk is None and ELLIPSIS_END.search(x.text) and not has_quote(x.text[-3:]):
            x.junk = "related-article teaser (truncated excerpt)"
            if i > 0 and lines[i - 1].junk is None and is_titlelike(lines[i - 1]):
                lines[i - 1].junk = "related-article teaser (headline)"


def trim_teasers(lines: list[Line]) -> None:
    """A headline and a one-paragraph summary closing the article: a related-article teaser.

    One pass: the prose above a line (in its block) and whether body prose follows it are
    carried along rather than searched for at every headline."""
    n = len(lines)
    # body_after[k]: some kept line of body prose at k or later (lines are only marked behind
    # the scan, so what lies ahead of it stays as computed here)
    body_after = [False] * (n + 1)
    for k in range(n - 1, -1, -1):
        body_after[k] = body_after[k + 1] or (lines[k].junk is None and is_bodylike(lines[k]))
    # block ends: [headline][one short paragraph] followed by junk or the page end, below an
    # article that is clearly longer than the teaser
    before = 0  # prose words of the article above line i, in the same block
    i = 0
    while i < n:
        if lines[i].junk is None and is_titlelike(lines[i]) and lines[i].role != "heading":
            j = i + 1
            dek = 0
            while j < n and lines[j].junk is None and dek < 1 and lines[j].n <= 30 and not is_titlelike(lines[j]):
                dek += 1
                j += 1
            zone_end = j >= n or lines[j].junk is not None
            dek_words = sum(lines[k].n for k in range(i, j))
            if (
                zone_end
                and dek == 1
                and before >= max(60, 2 * dek_words)
                and not body_after[min(i + 3, n)]
            ):
                for k in range(i, j):
                    lines[k].junk = "related-article teaser (headline and summary)"
                i = j
                before = 0
                continue
        x = lines[i]
        before = before + (x.n if is_bodylike(x) else 0) if x.junk is None else 0
        i += 1
