"""The timeline of a set of articles: dated events, in order, merged across sources, cited.

:func:`build_timeline` reads the dated sentences of the articles (:mod:`newsfuse.brief.dated`:
a sentence with a day, a range of days or a month it speaks of), groups them by date, and per
date keeps the distinct events, each told in the words of one source and citing every other
independent source family that reports the same event on that date.

Two settings:

- **The brief's timeline** (``max_dates`` None): every date that has an explicitly dated event
  (day, month or range); per date, the sentences are grouped into events (greedy clustering on
  TF-IDF cosine, most central sentence first); each event is worded by its most central
  sentence; events reported by more families come first; ``per_date`` keeps the first K.
- **Timeline summarisation** (``max_dates`` N, the standard TLS setting of Timeline17): only
  days count; dates are ranked by how many independent families mention them (the DATEWISE
  "mention count" of Gholipour Ghalandari & Ifrim 2020, which they found close to their
  supervised date ranker), and per date ``per_date`` sentences are chosen by centrality (cosine
  to the TF-IDF centroid of the date's candidate sentences) with maximal marginal relevance
  against those already chosen (non-redundancy). Lead sentences without a date may be dated by
  their publication day (news-tls does this; :class:`TimelineParams`). A date whose candidates
  yield no sentence is passed over for the next one.

Merging across sources: a sentence of another family supports a chosen sentence when it is dated
the same, its TF-IDF cosine (English stop words removed, sublinear term frequency) reaches
:attr:`TimelineParams.support`, and their figures do not contradict (each side has a number,
outside the date, that the other lacks: a different count or a different event). Each other
family adds one citation, to its best-matching sentence that the faithfulness check accepts as
support (``verbatim=False``, :func:`newsfuse.brief.faithful.check_citation`); copies within a
family add nothing.

``query`` keywords (a string is split on commas and white space; a sequence gives one phrase
each) select sentences that mention one of them (case-insensitive, at a word start), or boost
them (:attr:`TimelineParams.query_mode`). Everything is deterministic: ties are broken by the
article's position in the input and the sentence's offset.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from newsfuse.brief.dated import DatedSentence, dated_sentences
from newsfuse.brief.faithful import check_citation, traced
from newsfuse.claims.extract import publication_day
from newsfuse.records import Article, BriefSentence, Citation, Failure, TimelineEntry
from newsfuse.stories.dates import days_after


@dataclass(frozen=True, slots=True)
class TimelineParams:
    """The knobs of :func:`build_timeline` (defaults tuned on the bpoil folders of Timeline17,
    see ``benchmarks/timeline.py``).

    ``query_mode`` is "filter" (a sentence must mention a keyword; a date with none is passed
    over) or "boost" (mentioning one multiplies the centrality by ``1 + query_boost``).
    ``date_score`` ranks TLS dates by the number of distinct "families", "articles" or
    "sentences" that mention them. ``lead``/``pub_days``: in the TLS setting, the first
    ``lead`` undated sentences of each article are dated by its publication day and the
    ``pub_days - 1`` days before; ``pub_weight`` adds that much to a day's score for each
    article published on it or the next day. ``future`` keeps (TLS setting) dates after an
    article's publication day; the brief's timeline never keeps them.
    ``mmr`` weighs centrality against redundancy; a candidate more similar than ``redundant``
    to a chosen sentence is skipped. ``event`` is the cosine at which two sentences of a date are
    one event (brief setting); ``support`` the cosine at which another family's sentence
    supports a chosen one."""

    query_mode: str = "boost"
    query_boost: float = 1.0
    date_score: str = "families"
    pub_weight: float = 0.0
    lead: int = 10
    pub_days: int = 1
    future: bool = False
    mmr: float = 0.7
    redundant: float = 0.5
    event: float = 0.35
    support: float = 0.3

    def __post_init__(self) -> None:
        if self.query_mode not in ("filter", "boost"):
            raise ValueError(
                "the 'query_mode' parameter of TimelineParams must be 'filter' or 'boost', "
                f"got {self.query_mode!r}"
            )
        if self.date_score not in ("families", "articles", "sentences"):
            raise ValueError(
                "the 'date_score' parameter of TimelineParams must be 'families', 'articles' "
                f"or 'sentences', got {self.date_score!r}"
            )


DEFAULT_PARAMS = TimelineParams()


def build_timeline(
    articles: Sequence[Article],
    *,
    family_of: Callable[[str], str] | None = None,
    query: str | Sequence[str] | None = None,
    max_dates: int | None = None,
    per_date: int | None = None,
    background_days: int = 7,
    between: tuple[str, str] | None = None,
    params: TimelineParams | None = None,
    failures: list[Failure] | None = None,
) -> list[TimelineEntry]:
    """The timeline of ``articles``: entries sorted by date, each with its events (see the
    module docstring).

    ``family_of`` maps an article id to its independent source family (None: every article is
    its own family). ``query``: keywords the sentences must mention (or that boost them).
    ``max_dates``: keep the N best days (the TLS setting); ``per_date``: at most K sentences a
    date. An entry is ``background`` when its last day is ``background_days`` or more before the
    earliest publication day of the articles. ``between`` (two ISO days, inclusive) keeps only
    dates within that window (news-tls restricts a timeline to the span of the reference one).

    Every citation is read as the faithfulness check reads it
    (:func:`~newsfuse.brief.faithful.check_citation`, against ``articles``): another family
    is cited by its best-matching sentence that the check accepts as support, and a sentence
    whose own span the check refuses is left out. With ``failures`` (a list), an article whose
    dates cannot be read is left out and recorded there; without it, the error is raised.
    """
    _check(max_dates, per_date, background_days, between)
    p = params or DEFAULT_PARAMS
    tls = max_dates is not None
    sentences = dated_sentences(
        articles, day_only=tls, future=p.future and tls, lead=p.lead if tls else 0,
        pub_days=p.pub_days, failures=failures,
    )  # fmt: skip
    if between is not None:
        lo, hi = (dt.date.fromisoformat(d) for d in between)
        sentences = [s for s in sentences if lo <= s.first and s.last <= hi]
    if not sentences:
        return []
    fam = [family_of(a.id) if family_of else a.id for a in articles]
    ctx = _Context(articles, fam, sentences, _keywords(query), p, family_of is not None)
    by_date: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        by_date[s.key].append(i)
    if tls:
        assert max_dates is not None
        chosen = _tls_dates(ctx, by_date, max_dates, per_date or 1)
    else:
        chosen = {}
        for key, members in by_date.items():
            events = _events(ctx, members, per_date)
            if events:
                chosen[key] = events
    earliest = min((d for a in articles if (d := publication_day(a))), default=None)
    entries = []
    for key, events in chosen.items():
        last = sentences[events[0][0]].last
        background = earliest is not None and (earliest - last).days >= background_days
        said = [t for e in events if (t := ctx.sentence(e, key)) is not None]
        if said:
            entries.append(TimelineEntry(key, tuple(said), background))
    entries.sort(key=lambda e: (sentences[by_date[e.date][0]].first, e.date))
    return entries


def _check(
    max_dates: int | None, per_date: int | None, background_days: int, between: object
) -> None:
    for name, value in (("max_dates", max_dates), ("per_date", per_date)):
        if value is not None and (not isinstance(value, int) or value < 1):
            raise ValueError(
                f"the '{name}' parameter of build_timeline must be a positive int or None, "
                f"got {value!r}"
            )
    if not isinstance(background_days, int) or background_days < 0:
        raise ValueError(
            "the 'background_days' parameter of build_timeline must be a non-negative int, "
            f"got {background_days!r}"
        )
    if between is not None:
        ok = isinstance(between, tuple) and len(between) == 2
        try:
            if isinstance(between, tuple):
                ok = ok and all(isinstance(dt.date.fromisoformat(d), dt.date) for d in between)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(
                "the 'between' parameter of build_timeline must be a pair of ISO days "
                f"(first, last), got {between!r}"
            )


def _keywords(query: str | Sequence[str] | None) -> list[re.Pattern[str]]:
    if query is None:
        return []
    phrases = re.split(r"[,\s]+", query) if isinstance(query, str) else list(query)
    out = []
    for phrase in dict.fromkeys(x.strip() for x in phrases):
        if phrase:
            words = r"\s+".join(re.escape(w) for w in phrase.split())
            out.append(re.compile(rf"(?<!\w){words}", re.IGNORECASE))
    return out


# An event: the index of the sentence that words it, then the supporting sentences (one per
# other family), all indices into the dated sentences.
_Event = list[int]


class _Context:
    """What the selection reads: the dated sentences, their TF-IDF rows (L2-normalised), their
    families and whether they mention the query."""

    def __init__(
        self,
        articles: Sequence[Article],
        fam: list[str],
        sentences: list[DatedSentence],
        keywords: list[re.Pattern[str]],
        params: TimelineParams,
        families_known: bool,
    ) -> None:
        self.articles = articles
        self.by_id = {a.id: a for a in articles}
        self.fam = fam
        self.sentences = sentences
        self.params = params
        self.families_known = families_known
        texts = [s.text for s in sentences]
        vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float64)
        try:
            self.x = vectorizer.fit_transform(texts).tocsr()
        except ValueError:  # only stop words: every row is empty
            self.x = TfidfVectorizer(dtype=np.float64).fit_transform(["x"] * len(texts)) * 0.0
        self.has_query = bool(keywords)
        self.on_query = np.array([any(k.search(t) for k in keywords) for t in texts], dtype=bool)

    def family(self, i: int) -> str:
        return self.fam[self.sentences[i].article]

    def order(self, i: int) -> tuple[int, int]:
        s = self.sentences[i]
        return s.article, s.start

    def centrality(self, members: list[int]) -> np.ndarray:
        """Cosine of each member to the centroid of the members, boosted for the query."""
        x = self.x[members]
        centroid = np.asarray(x.sum(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        scores = x @ (centroid / norm) if norm else np.zeros(len(members))
        scores = np.asarray(scores).ravel()
        if self.has_query and self.params.query_mode == "boost":
            scores = scores * (1 + self.params.query_boost * self.on_query[members])
        return scores

    def eligible(self, members: list[int]) -> list[int]:
        if self.has_query and self.params.query_mode == "filter":
            return [i for i in members if self.on_query[i]]
        return members

    def conflict(self, i: int, j: int) -> bool:
        a, b = self.sentences[i].numbers, self.sentences[j].numbers
        return bool(a - b) and bool(b - a)

    def same_words(self, i: int, j: int) -> bool:
        """Two sentences with the same words (case and punctuation aside)."""
        a, b = self.sentences[i].text, self.sentences[j].text
        return re.findall(r"\w+", a.casefold()) == re.findall(r"\w+", b.casefold())

    def supporters(self, head: int, pool: list[int]) -> list[int]:
        """The best-matching sentence of every other family in ``pool`` that says what
        ``head`` says (cosine >= support, no contradicting figures) and that the faithfulness
        check accepts as its support."""
        sims = np.asarray((self.x[pool] @ self.x[head].T).todense()).ravel()
        found: dict[str, list[tuple[float, int]]] = {}
        own = self.family(head)
        for j, sim in zip(pool, sims, strict=True):
            f = self.family(j)
            if f == own or sim < self.params.support or self.conflict(head, j):
                continue
            if self.same_words(head, j):  # copied, not reported again
                continue
            found.setdefault(f, []).append((float(sim), j))
        text = self.sentences[head].text
        out = []
        for matches in found.values():
            for _, j in sorted(matches, key=lambda sj: (-sj[0], sj[1])):
                if check_citation(text, self._cite(j, False), self.by_id) is None:
                    out.append(j)
                    break
        return sorted(out, key=self.order)

    def sentence(self, event: _Event, key: str) -> BriefSentence | None:
        """The sentence of an event with its citations, as the check reads them (None when
        its own span is refused)."""
        citations = [self._cite(event[0], True)]
        citations += [self._cite(j, False) for j in event[1:]]
        said = BriefSentence(self.sentences[event[0]].text, tuple(citations), date=key)
        return traced(said, self.by_id)

    def _cite(self, i: int, verbatim: bool) -> Citation:
        s = self.sentences[i]
        a = self.articles[s.article]
        family = self.fam[s.article] if self.families_known else None
        return Citation(a.id, a.source, s.start, s.end, family=family, verbatim=verbatim)


def _dedup(ctx: _Context, members: list[int]) -> list[int]:
    """One dated sentence per (article, span): a lead sentence dated twice counts once."""
    seen: set[tuple[int, int]] = set()
    out = []
    for i in members:
        k = ctx.order(i)
        if k not in seen:
            seen.add(k)
            out.append(i)
    return out


def _events(ctx: _Context, members: list[int], limit: int | None) -> list[_Event]:
    """The distinct events of one date (brief setting): greedy clustering of its sentences,
    most central first; events reported by more families first."""
    members = _dedup(ctx, members)
    candidates = ctx.eligible(members)
    if not candidates:
        return []
    scores = ctx.centrality(candidates)
    ranked = sorted(range(len(candidates)), key=lambda k: (-scores[k], ctx.order(candidates[k])))
    heads: list[int] = []
    groups: list[list[int]] = []
    for k in ranked:
        i = candidates[k]
        if heads:
            sims = np.asarray((ctx.x[heads] @ ctx.x[i].T).todense()).ravel()
            best = int(np.argmax(sims))
            if sims[best] >= ctx.params.event and not ctx.conflict(heads[best], i):
                groups[best].append(i)
                continue
        heads.append(i)
        groups.append([i])
    events = []
    for rank, (head, group) in enumerate(zip(heads, groups, strict=True)):
        support = ctx.supporters(head, [j for j in members if j != head])
        families = {ctx.family(j) for j in group} | {ctx.family(j) for j in support}
        events.append((-len(families), rank, [head, *support]))
    events.sort(key=lambda e: (e[0], e[1]))
    chosen = [e[2] for e in events]
    return chosen[:limit] if limit is not None else chosen


def _tls_dates(
    ctx: _Context, by_date: dict[str, list[int]], max_dates: int, per_date: int
) -> dict[str, list[_Event]]:
    """The ``max_dates`` best days and their ``per_date`` sentences (the TLS setting)."""
    mentions: dict[str, set[object]] = defaultdict(set)
    for key, members in by_date.items():
        for i in members:
            s = ctx.sentences[i]
            if not s.explicit:
                continue
            if ctx.params.date_score == "families":
                mentions[key].add(ctx.family(i))
            elif ctx.params.date_score == "articles":
                mentions[key].add(s.article)
            else:
                mentions[key].add(i)
    published: dict[str, int] = defaultdict(int)
    if ctx.params.pub_weight:
        for a in ctx.articles:
            day = publication_day(a)
            if day is not None:
                published[day.isoformat()] += 1
                if (before := days_after(day, -1)) is not None:
                    published[before.isoformat()] += 1
    score = {k: len(v) + ctx.params.pub_weight * published[k] for k, v in mentions.items()}
    ranked = sorted(mentions, key=lambda k: (-score[k], k))
    chosen: dict[str, list[_Event]] = {}
    for key in ranked:
        if len(chosen) >= max_dates:
            break
        picked = _summarise(ctx, _dedup(ctx, by_date[key]), per_date)
        if picked:
            chosen[key] = [
                [i, *ctx.supporters(i, [j for j in by_date[key] if j != i])] for i in picked
            ]
    return chosen


def _summarise(ctx: _Context, members: list[int], k: int) -> list[int]:
    """Up to ``k`` sentences of one date: central to the date's candidates and not redundant
    with each other (maximal marginal relevance)."""
    candidates = ctx.eligible(members)
    if not candidates:
        return []
    scores = ctx.centrality(members)
    relevance = dict(zip(members, scores, strict=True))
    remaining = sorted(candidates, key=lambda i: (-relevance[i], ctx.order(i)))
    chosen: list[int] = []
    lam = ctx.params.mmr
    while remaining and len(chosen) < k:
        if chosen:
            sims = np.asarray((ctx.x[remaining] @ ctx.x[chosen].T).todense()).max(axis=1).ravel()
        else:
            sims = np.zeros(len(remaining))
        best, best_score = None, -np.inf
        for pos, i in enumerate(remaining):
            if sims[pos] > ctx.params.redundant:
                continue
            score = lam * relevance[i] - (1 - lam) * sims[pos]
            if score > best_score:
                best, best_score = pos, score
        if best is None:
            break
        chosen.append(remaining.pop(best))
    return chosen


__all__ = ["DEFAULT_PARAMS", "TimelineParams", "build_timeline"]
