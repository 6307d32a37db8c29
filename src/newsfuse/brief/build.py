"""The brief of a story: a cited, extractive account an analyst can paste into a report.

Sections, each sentence taken word for word from one source (its verbatim citation) and citing
the spans of every other independent source family that says the same thing:

- **headline**: the title of the story's most central original report;
- **lead**: a few sentences chosen by maximal marginal relevance (MMR) over the sentences of
  the independent sources: relevance rewards sentences that many independent families
  support (coverage) and that are central to the story, the redundancy term keeps each new
  sentence from repeating one already chosen;
- **corroborated facts**: the claim clusters that two or more independent families report,
  each as its best wording, citing one span per family (so the count shown is the number of
  independent families);
- **differing figures**: per claim cluster with differing estimates (or conflicting figures),
  a table of figure, who said it, and where it is reported;
- **single-source claims**: what one family alone reports, most central first;
- **quotes**: every quote with each of its wordings (translations, trims) and who uses which;
- **timeline**: the dated events of the story, merged across sources
  (:func:`newsfuse.brief.timeline.build_timeline`);
- **sources**: every report, its outlet and date, its family, whether it is the original,
  its flags (content-farm copy, machine rewrite) and its copy links.

One definition of a good citation: every citation is built as the span it will be written as,
and kept only when :func:`newsfuse.brief.faithful.check_citation` (the very function the
faithfulness check runs) accepts it; a sentence left without a verbatim citation is dropped,
and a last pass reads the whole brief through :func:`newsfuse.brief.faithful.traced` before
it is returned. So every brief passes the check by construction, and the check that still
runs on the result can fail only through a bug.

A story always gets its brief. What cannot be read is left out at the smallest scale: a
sentence whose support cannot be read is cited by fewer spans or dropped; a sentence, a claim
cluster, a report or a section whose reading raises is left out and recorded in
:attr:`BriefBuilder.failures`. When the brief of a story cannot be built at all, the story gets
its **minimal brief**: a cited headline (the title of a report, else the opening words of one)
and its sources, the other sections empty; the reason is recorded too. Only a story none of
whose reports is among the articles gets no brief (recorded as a failure).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from newsfuse.brief.faithful import check_citation, cited_text, content_words, normalise, traced
from newsfuse.brief.units import (
    Unit,
    independent_count,
    member_units,
    representatives,
    restricted,
    story_members,
    trim_dateline,
)
from newsfuse.errors import require_fraction, require_int
from newsfuse.records import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    Claim,
    ClaimCluster,
    Failure,
    Family,
    FigureRow,
    FigureTable,
    QuoteGroup,
    SourceEntry,
    Story,
    TimelineEntry,
)
from newsfuse.text import read_digits

if TYPE_CHECKING:
    from newsfuse.claims import ClaimReport, StoryClaims
    from newsfuse.dedup import CopyReport

#: how many sentences the lead has
LEAD_SIZE = 4
#: MMR's trade-off: relevance weighs this much, redundancy the rest
MMR_LAMBDA = 0.7
#: lead candidates: the most central sentences, this many (each is compared with every sentence)
LEAD_CANDIDATES = 80
#: caps of the long sections (the JSON holds the same: a brief is for reading)
MAX_FACTS = 40
MAX_SINGLE = 25
MAX_QUOTES = 20
#: events this many days or more before the story's first report are background
BACKGROUND_DAYS = 7
#: a headline cut from the opening words of a report (none has a title) is at most this long
HEADLINE_CHARS = 160

_T = TypeVar("_T")
_D = TypeVar("_D")


class BriefBuilder:
    """Builds the brief of each story. Parameters in the constructor, as in scikit-learn.

    Parameters
    ----------
    lead_size: sentences in the lead (>= 1).
    mmr_lambda: MMR's weight of relevance against redundancy, in [0, 1].
    max_facts, max_single, max_quotes: caps of the long sections (>= 0).
    background_days: events this many days or more before the story are background (>= 0).
    """

    def __init__(
        self,
        *,
        lead_size: int = LEAD_SIZE,
        mmr_lambda: float = MMR_LAMBDA,
        max_facts: int = MAX_FACTS,
        max_single: int = MAX_SINGLE,
        max_quotes: int = MAX_QUOTES,
        background_days: int = BACKGROUND_DAYS,
    ) -> None:
        self.lead_size = require_int("BriefBuilder", "lead_size", lead_size, least=1)
        self.mmr_lambda = require_fraction("BriefBuilder", "mmr_lambda", mmr_lambda)
        self.max_facts = require_int("BriefBuilder", "max_facts", max_facts, least=0)
        self.max_single = require_int("BriefBuilder", "max_single", max_single, least=0)
        self.max_quotes = require_int("BriefBuilder", "max_quotes", max_quotes, least=0)
        self.background_days = require_int(
            "BriefBuilder", "background_days", background_days, least=0
        )
        self._similarity: Any = None
        #: what was left out while building, one :class:`~newsfuse.records.Failure` (stage
        #: "brief") per story, report, section or sentence that could not be read; reset by
        #: :meth:`build_all`, added to by :meth:`build`
        self.failures: list[Failure] = []

    # -- the corpus ------------------------------------------------------------------------

    def build_all(
        self,
        articles: Sequence[Article],
        *,
        copies: CopyReport | None = None,
        stories: Sequence[Story] | None = None,
        claims: ClaimReport | None = None,
    ) -> list[Brief]:
        """The brief of every story of ``articles`` (copies, stories and claims are computed
        when not given), largest stories first. A story whose brief cannot be built gets its
        minimal brief (:meth:`minimal`), and the others theirs; what was left out, and why, is
        in :attr:`failures` afterwards."""
        from newsfuse.claims import find_claims
        from newsfuse.dedup import find_copies

        self.failures = []
        articles = list(articles)
        if copies is None:
            copies = find_copies(articles)
        if claims is None:
            claims = find_claims(articles, copies=copies, stories=stories)
        by_id = {a.id: a for a in articles}
        briefs = []
        for sc in claims.stories:
            brief = self._build_or_minimal(sc, by_id, copies)
            if brief is not None:
                briefs.append(brief)
        return briefs

    def brief_of(
        self, story_claims: StoryClaims, articles: Mapping[str, Article], copies: CopyReport
    ) -> Brief | None:
        """The brief of one story as :meth:`build_all` makes it (its minimal brief when
        building it raises; None, recorded in :attr:`failures`, when even that fails)."""
        return self._build_or_minimal(story_claims, articles, copies)

    def _build_or_minimal(
        self, story_claims: StoryClaims, articles: Mapping[str, Article], copies: CopyReport
    ) -> Brief | None:
        """The brief of one story; its minimal brief when building it raises; None (recorded)
        when even that cannot be made."""
        story = story_claims.story
        where = f"story {story.id}"
        try:
            return self.build(story_claims, articles, copies)
        except Exception as exc:  # one story must not cost the others their brief
            reason = _unexpected(exc)
        try:
            brief = self.minimal(story, articles, copies)
        except Exception as exc:  # recorded; the other stories go on
            self.failures.append(
                Failure(where, "brief", f"no brief: {reason}; then {_unexpected(exc)}")
            )
            return None
        if brief is None:
            why = "none of its reports is among the articles"
            self.failures.append(Failure(where, "brief", f"no brief: {reason}; {why}"))
        else:
            why = f"only its minimal brief (headline and sources) was written: {reason}"
            self.failures.append(Failure(where, "brief", why))
        return brief

    # -- one story -------------------------------------------------------------------------

    def build(
        self, story_claims: StoryClaims, articles: Mapping[str, Article], copies: CopyReport
    ) -> Brief:
        """The brief of one story. A report, claim cluster, sentence or section that cannot be
        read is left out and recorded in :attr:`failures` (sources whose copy links cannot be
        read are listed without them); what is left is read through the faithfulness check's
        own function, so the brief passes the check. Raises only when the families of the
        story's reports cannot be read or none of them has words to cite (:meth:`build_all`
        then writes the minimal brief)."""
        story = story_claims.story
        guard = _Guard(self.failures, story.id)
        families = {f.id: f for f in copies.families}
        reps = representatives(story_members(story), articles, copies.family_of, families)
        units = [
            u
            for a, p, fam in reps
            for u in guard.run(f"the sentences of {a.source}", [], member_units, a, p, fam)
        ]
        central = guard.run(
            "the centrality of its sentences", np.zeros(len(units)), _centrality, units
        )
        lead = guard.run("the lead", [], self._lead, units, central, articles, guard)
        used = {normalise(s.text) for s in lead}
        clusters = story_claims.clusters
        facts = guard.run("the facts", [], _facts, clusters, articles, families, used, guard)
        facts = facts[: self.max_facts]
        used |= {normalise(s.text) for s in facts}
        figures = guard.run("the figures", [], _figures, clusters, articles, families, guard)
        single = guard.run(
            "the single-source claims",
            [],
            _single,
            clusters,
            articles,
            families,
            used,
            units,
            central,
            guard,
        )[: self.max_single]
        quotes = guard.run("the quotes", [], _quotes, clusters, articles, families, guard)
        timeline = guard.run(
            "the timeline",
            [],
            _timeline_of,
            reps,
            background_days=self.background_days,
            failures=guard.failures,
        )
        headline = guard.run("the headline", None, _headline, reps, units, central, lead, articles)
        headline = headline or _plain_headline(reps, articles)
        if headline is None:
            raise ValueError("no report of the story has words to cite")
        sources = guard.run(
            "the copy links of its sources", None, _sources, story, articles, copies, families
        )
        brief = Brief(
            story=story.id,
            label=story.label,
            headline=headline,
            lead=tuple(lead),
            facts=tuple(facts),
            figures=tuple(figures),
            single=tuple(single),
            quotes=tuple(quotes[: self.max_quotes]),
            timeline=tuple(timeline),
            sources=tuple(sources if sources is not None else _bare_sources(story, articles)),
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            families=independent_count(story, articles, copies.family_of),
        )
        return _traced_brief(brief, articles, reps)

    def minimal(
        self, story: Story, articles: Mapping[str, Article], copies: CopyReport
    ) -> Brief | None:
        """The minimal brief of ``story``: a cited headline (the title of one of its reports,
        else the opening words of one) and its sources, every other section empty; None when
        none of its reports is among ``articles``. The sources lose their copy links and
        flags when those cannot be read."""
        guard = _Guard(self.failures, story.id)
        families = {f.id: f for f in copies.families}
        members = story_members(story)
        own = [(articles[a], p, a) for a, p in members if a in articles]
        reps = guard.run(
            "the families of its reports",
            own,
            representatives,
            members,
            articles,
            copies.family_of,
            families,
        )
        headline = _plain_headline(reps, articles)
        if headline is None:
            return None
        sources = guard.run(
            "the copy links of its sources", None, _sources, story, articles, copies, families
        )
        return Brief(
            story=story.id,
            label=story.label,
            headline=headline,
            sources=tuple(sources if sources is not None else _bare_sources(story, articles)),
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            families=independent_count(story, articles, copies.family_of),
        )

    def _sim(self, units: Sequence[Unit]) -> Any:
        from newsfuse.dedup.similarity import SentenceSimilarity

        sim = SentenceSimilarity()
        if units:
            sim.fit([u.text for u in units])
        return sim

    def _lead(
        self,
        units: list[Unit],
        central: np.ndarray,
        articles: Mapping[str, Article],
        guard: _Guard,
    ) -> list[BriefSentence]:
        """MMR over the most central sentences: relevance is coverage (independent families
        whose sentences paraphrase it) times centrality, with a mild preference for the first
        sentences of a report (news puts the essentials first). A candidate whose figures
        cannot be read is left out. Each other family is cited by its most similar sentence
        that the check accepts as support."""
        if not units:
            return []
        similarity = self._sim(units)
        order, figures = [], []
        for i in np.argsort(-central, kind="stable")[:LEAD_CANDIDATES]:
            u = units[i]
            found = guard.run(
                f"the sentence {u.start}:{u.end} of {u.article.source}", None, _figures_of, u.text
            )
            if found is not None:
                order.append(int(i))
                figures.append(found)
        if not order:
            return []
        cands = [units[i] for i in order]
        sims = similarity.matrix([u.text for u in cands], [u.text for u in units])
        # independent sources: a family, with the reports of one outlet counted once
        source = [_source_of(u) for u in units]
        n_fam = len(set(source))
        threshold = similarity.threshold
        support: list[dict[str, list[tuple[float, int]]]] = []
        for row, i in zip(sims, order, strict=True):
            by_family: dict[str, list[tuple[float, int]]] = {}
            for j in np.nonzero(row >= threshold)[0]:
                # a sentence another report has word for word is no second report of it
                if source[j] != source[i] and not _same_words(units[j], units[i]):
                    by_family.setdefault(source[j], []).append((float(row[j]), int(j)))
            support.append(by_family)
        relevance = np.array(
            [
                (1 + len(s)) / (1 + n_fam) * central[i] / (1 + 0.15 * units[i].position)
                for s, i in zip(support, order, strict=True)
            ]
        )
        if relevance.max() > 0:
            relevance = relevance / relevance.max()
        pair = similarity.matrix([u.text for u in cands], [u.text for u in cands])
        # two sentences giving the same figure tell the same fact, however worded
        for a, fa in enumerate(figures):
            for b in range(a + 1, len(figures)):
                if fa & figures[b]:
                    pair[a, b] = pair[b, a] = 1.0
        chosen: list[int] = []
        while len(chosen) < min(self.lead_size, len(cands)):
            redundancy = pair[:, chosen].max(axis=1) if chosen else np.zeros(len(cands))
            score = self.mmr_lambda * relevance - (1 - self.mmr_lambda) * redundancy
            score[chosen] = -np.inf
            score[redundancy >= threshold] = -np.inf  # it repeats a sentence of the lead
            k = int(np.argmax(score))
            if not np.isfinite(score[k]):
                break
            chosen.append(k)
        lead = []
        for k in chosen:  # in the order MMR chose them: the most relevant first
            u = cands[k]
            cites = [u.citation(verbatim=True)]
            best_first = sorted(support[k].values(), key=lambda matches: -max(matches)[0])
            for matches in best_first:  # each family's most similar span the check accepts
                for _, at in sorted(matches, key=lambda sj: (-sj[0], sj[1])):
                    c = units[at].citation(verbatim=False)
                    if check_citation(u.text, c, articles) is None:
                        cites.append(c)
                        break
            sentence = traced(BriefSentence(u.text, tuple(cites)), articles)
            if sentence is not None:
                lead.append(sentence)
        return lead


def _source_of(u: Unit) -> str:
    """The independent source a sentence counts as: its outlet when the report names one
    (two reports of one outlet are one source), else its family."""
    from newsfuse.claims.compare import outlet_key
    from newsfuse.claims.crosscheck import outlet_of

    key = outlet_key(outlet_of(u.article))
    return f"outlet:{key}" if key is not None else u.family


def _same_words(a: Unit, b: Unit) -> bool:
    """Two sentences with the same words (case and punctuation aside)."""
    return re.findall(r"\w+", a.text.casefold()) == re.findall(r"\w+", b.text.casefold())


def _figures_of(text: str) -> set[str]:
    """The figures of a sentence that identify a fact: numbers of 10 or more that are not
    years ("4,000", "6,500"; not "2026"), read by :func:`newsfuse.text.read_digits`
    (so neither a dotted date or version such as "10.03.2026" nor a figure too long or too
    large to be one)."""
    out = set()
    for w in content_words(text):
        value = read_digits(w)
        if value is not None and value >= 10 and not (1900 <= value <= 2100 and value % 1 == 0):
            out.add(w)
    return out


def build_briefs(
    articles: Iterable[Article],
    *,
    copies: CopyReport | None = None,
    stories: Sequence[Story] | None = None,
    claims: ClaimReport | None = None,
    builder: BriefBuilder | None = None,
) -> list[Brief]:
    """The brief of every story of ``articles`` (see :class:`BriefBuilder`; pass a
    ``builder`` to read its :attr:`~BriefBuilder.failures` afterwards)."""
    return (builder or BriefBuilder()).build_all(
        list(articles), copies=copies, stories=stories, claims=claims
    )


def corpus_timeline(
    articles: Sequence[Article],
    *,
    copies: CopyReport | None = None,
    stories: Sequence[Story] | None = None,
    query: str | None = None,
    max_dates: int | None = None,
    per_date: int | None = None,
) -> list[TimelineEntry] | None:
    """The timeline of a corpus (``newsfuse timeline``): of every article, or with ``query``
    of the stories about one of its words (None when there is none): a story whose label or
    keywords name it, or half of whose reports mention it. One report per
    independent family is read (its original when known: copies add nothing); a live-blog
    passage is read alone, the rest of the blog blanked."""
    from newsfuse.dedup import find_copies

    articles = list(articles)
    if copies is None:
        copies = find_copies(articles)
    by_id = {a.id: a for a in articles}
    members: list[tuple[str, int | None]] = [(a.id, None) for a in articles]
    if query and query.split():
        words = "|".join(re.escape(w) for w in query.split())
        pattern = re.compile(rf"\b(?:{words})", re.IGNORECASE)
        if stories is None:
            from newsfuse.stories import group_stories

            stories = group_stories(articles, family_of=copies.family_of)
        members = []
        for story in stories:
            own = [(m.article, m.passage) for m in story.members if m.article in by_id]
            named = pattern.search(" ".join([story.label, *story.keywords]))
            mentions = sum(bool(pattern.search(restricted(by_id[a], p).text)) for a, p in own)
            if named or mentions * 2 >= max(len(own), 1):  # the story is about it
                members += own
        if not members:
            return None
    families = {f.id: f for f in copies.families}
    reps = representatives(members, by_id, copies.family_of, families)
    return _timeline_of(reps, query=query, max_dates=max_dates, per_date=per_date)


def _timeline_of(
    reps: Sequence[tuple[Article, int | None, str]], **options: Any
) -> list[TimelineEntry]:
    """The timeline of one representative report per family (``options`` go to
    :func:`~newsfuse.brief.timeline.build_timeline`); a live-blog passage is read alone, the
    rest of the blog blanked, and a blog two of whose passages are chosen is read whole."""
    from newsfuse.brief.timeline import build_timeline

    chosen: dict[str, Article] = {}
    for a, p, _fam in reps:
        chosen[a.id] = a if a.id in chosen else restricted(a, p)
    family = _source_families(reps)
    return build_timeline(
        list(chosen.values()), family_of=lambda aid: family.get(aid, aid), **options
    )


def _source_families(reps: Sequence[tuple[Article, int | None, str]]) -> dict[str, str]:
    """Article id -> the family it counts as for corroboration: its own, except that the
    reports of one outlet count as one source (the smallest family id among them)."""
    from newsfuse.claims.compare import outlet_key
    from newsfuse.claims.crosscheck import outlet_of

    first: dict[str, str] = {}
    for a, _p, fam in reps:
        key = outlet_key(outlet_of(a))
        if key is not None:
            first[key] = min(first.get(key, fam), fam)
    out = {}
    for a, _p, fam in reps:
        key = outlet_key(outlet_of(a))
        out[a.id] = first[key] if key is not None else fam
    return out


# ---------------------------------------------------------------------------------------------
# Sections from claim clusters
# ---------------------------------------------------------------------------------------------


def _centrality(units: Sequence[Unit]) -> np.ndarray:
    """The cosine of each sentence's TF-IDF vector with the story's centroid."""
    if not units:
        return np.zeros(0)
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [u.text for u in units]
        )
    except ValueError:  # only stop words
        return np.zeros(len(units))
    centroid = np.asarray(x.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    return np.asarray(x @ (centroid / norm)).ravel() if norm else np.zeros(len(units))


def _preferred(
    variants: Iterable[Claim], articles: Mapping[str, Article], families: Mapping[str, Family]
) -> list[Claim]:
    """Variants best first: from a family's original, earliest published, first in the text."""

    def key(v: Claim) -> tuple[bool, str, str, int]:
        fam = families.get(v.family or "")
        original = fam is not None and fam.original == v.article
        a = articles.get(v.article)
        return (not original, (a.published if a else None) or "9999", v.article, v.start)

    return sorted((v for v in variants if v.article in articles), key=key)


def _sentence_span(v: Claim, articles: Mapping[str, Article]) -> tuple[int, int]:
    a = articles[v.article]
    s, e = v.context or (v.start, v.end)
    return trim_dateline(a.text, s, e), e


def _cite(
    v: Claim, articles: Mapping[str, Article], *, verbatim: bool, quote: bool = False
) -> Citation:
    s, e = (v.start, v.end) if quote else _sentence_span(v, articles)
    return Citation(v.article, v.source, s, e, v.family, verbatim=verbatim)


def _worded(
    ordered: Sequence[Claim], articles: Mapping[str, Article], *, quote: bool = False
) -> tuple[Claim, str, Citation] | None:
    """The first of ``ordered`` whose span can be cited as the words of a sentence: the
    variant, the words at its span (the sentence's text) and its verbatim citation."""
    for v in ordered:
        c = _cite(v, articles, verbatim=True, quote=quote)
        text = cited_text(c, articles)
        if text is not None and text.strip() and check_citation(text, c, articles) is None:
            return v, text, c
    return None


def _cited_sentence(
    cluster: ClaimCluster,
    variants: Sequence[Claim],
    articles: Mapping[str, Article],
    families: Mapping[str, Family],
) -> BriefSentence | None:
    """The best wording of ``variants`` (a claim's sentence), citing one supporting span per
    other independent family (each as the check reads it)."""
    worded = _worded(_preferred(variants, articles, families), articles)
    if worded is None:
        return None
    best, text, first = worded
    cites = [first]
    seen = {best.family or best.article}
    for v in _preferred(variants, articles, families):
        fam = v.family or v.article
        if fam in seen:
            continue
        c = _cite(v, articles, verbatim=False)
        if check_citation(text, c, articles) is None:
            cites.append(c)
            seen.add(fam)
    return BriefSentence(text, tuple(cites), claim=cluster.id, date=cluster.date)


_FACT_KINDS = ("statement", "event", "quantity")


def _facts(
    clusters: Sequence[ClaimCluster],
    articles: Mapping[str, Article],
    families: Mapping[str, Family],
    used: set[str],
    guard: _Guard,
) -> list[BriefSentence]:
    """Corroborated claims, most families first; one sentence per wording."""
    out: dict[str, BriefSentence] = {}
    for c in clusters:
        if c.status != "corroborated" or c.kind not in _FACT_KINDS:
            continue
        s = guard.run(f"claim {c.id}", None, _cited_sentence, c, c.variants, articles, families)
        if s is None or s.families < 2:
            continue
        key = normalise(s.text)
        if key in used:
            continue
        if key not in out or s.families > out[key].families:
            out[key] = s
    return sorted(out.values(), key=lambda s: -s.families)


def _single(
    clusters: Sequence[ClaimCluster],
    articles: Mapping[str, Article],
    families: Mapping[str, Family],
    used: set[str],
    units: Sequence[Unit],
    central: np.ndarray,
    guard: _Guard,
) -> list[BriefSentence]:
    """What one family alone reports (statements, events, figures), most central first."""
    centrality = {(u.article.id, u.start): float(c) for u, c in zip(units, central, strict=True)}
    out: dict[str, tuple[float, BriefSentence]] = {}
    for c in clusters:
        if c.status != "single_source" or c.kind not in _FACT_KINDS:
            continue
        worded = guard.run(
            f"claim {c.id}", None, _worded, _preferred(c.variants, articles, families), articles
        )
        if worded is None:
            continue
        v, text, cite = worded
        key = normalise(text)
        if key in used or key in out or len(text.split()) < 5:
            continue
        sentence = BriefSentence(text, (cite,), claim=c.id, date=c.date)
        out[key] = (centrality.get((v.article, cite.start), 0.0), sentence)
    return [s for _, s in sorted(out.values(), key=lambda x: -x[0])]


def _figures(
    clusters: Sequence[ClaimCluster],
    articles: Mapping[str, Article],
    families: Mapping[str, Family],
    guard: _Guard,
) -> list[FigureTable]:
    """One table per cluster whose sources give different figures (or a different wording of
    the same statement): each figure, who said it, where it is reported."""
    tables = []
    for c in clusters:
        if c.status not in ("differing_estimates", "conflicting"):
            continue
        table = guard.run(f"claim {c.id}", None, _figure_table, c, articles, families)
        if table is not None:
            tables.append(table)
    return tables


def _figure_table(
    c: ClaimCluster, articles: Mapping[str, Article], families: Mapping[str, Family]
) -> FigureTable | None:
    rows: list[FigureRow] = []
    if len(c.estimates) > 1:
        by_id = {v.id: v for v in c.variants}
        for est in c.estimates:
            variants = [by_id[i] for i in est.claims if i in by_id]
            s = _cited_sentence(c, variants, articles, families)
            if s is not None:
                rows.append(FigureRow(est.figure(), est.speaker, s))
    else:  # conflicting wordings: one row per family's wording
        seen: set[str] = set()
        for v in _preferred(c.variants, articles, families):
            fam = v.family or v.article
            if fam in seen:
                continue
            seen.add(fam)
            s = _cited_sentence(c, [v], articles, families)
            if s is not None:
                rows.append(FigureRow(v.text, v.speaker, s))
    if len(rows) < 2:
        return None
    subject = c.unit or (c.kind if c.kind != "quantity" else "figure")
    return FigureTable(c.id, subject, tuple(rows), c.status)


def _quotes(
    clusters: Sequence[ClaimCluster],
    articles: Mapping[str, Article],
    families: Mapping[str, Family],
    guard: _Guard,
) -> list[QuoteGroup]:
    """Every quote, each wording of it citing the reports that use that wording, the quotes
    that most families carry first."""
    groups = []
    for c in clusters:
        if c.kind == "quote":
            group = guard.run(f"claim {c.id}", None, _quote_group, c, articles, families)
            if group is not None:
                groups.append(group)
    groups.sort(key=lambda g: -g.families)
    return groups


def _quote_group(
    c: ClaimCluster, articles: Mapping[str, Article], families: Mapping[str, Family]
) -> QuoteGroup | None:
    """The wordings of one quote. A wording is the words at a report's span; a report whose
    span holds the same quote with other marks between its paragraphs (the claims group them
    by the quoted words alone) is cited as supporting that wording, not as holding it."""
    wordings: dict[str, list[Claim]] = {}
    for v in _preferred(c.variants, articles, families):
        wordings.setdefault(normalise(v.text), []).append(v)
    sentences = []
    for variants in wordings.values():
        worded = _worded(variants, articles, quote=True)
        if worded is None:
            continue
        first, text, cite = worded
        cites = [cite]
        seen = {first.family or first.article}
        for v in variants:
            if (v.family or v.article) in seen:
                continue
            for verbatim in (True, False):
                other = _cite(v, articles, verbatim=verbatim, quote=True)
                if check_citation(text, other, articles) is None:
                    cites.append(other)
                    seen.add(v.family or v.article)
                    break
        sentences.append(BriefSentence(text, tuple(cites), claim=c.id, date=c.date))
    if not sentences:
        return None
    sentences.sort(key=lambda s: -s.families)
    return QuoteGroup(c.id, c.speaker, tuple(sentences), c.status)


# ---------------------------------------------------------------------------------------------
# Headline and sources
# ---------------------------------------------------------------------------------------------


def _headline(
    reps: Sequence[tuple[Article, int | None, str]],
    units: Sequence[Unit],
    central: np.ndarray,
    lead: Sequence[BriefSentence],
    articles: Mapping[str, Article],
) -> BriefSentence | None:
    """The title of the representative report whose sentences are most central (a live-blog
    passage's own title when it has one); the first lead sentence when no report has a title;
    else the opening words of a report (:func:`_plain_headline`)."""
    score: dict[str, float] = {}
    for u, c in zip(units, central, strict=True):
        score[u.article.id] = score.get(u.article.id, 0.0) + float(c)
    best: tuple[float, BriefSentence] | None = None
    for article, passage, fam in reps:
        title = _cited(_title_of(article, passage, fam), articles)
        if title is None:
            continue
        s = score.get(article.id, 0.0)
        if best is None or s > best[0]:
            best = (s, title)
    if best is not None:
        return best[1]
    if lead:
        return lead[0]
    return _plain_headline(reps, articles)


def _plain_headline(
    reps: Sequence[tuple[Article, int | None, str]], articles: Mapping[str, Article]
) -> BriefSentence | None:
    """The headline of a minimal brief: the title of the earliest report that has one, else
    the opening words of the earliest report that has words (its first line, cut at a word
    before :data:`HEADLINE_CHARS`); None when no report has any."""
    for article, passage, fam in reps:
        title = _cited(_title_of(article, passage, fam), articles)
        if title is not None:
            return title
    for article, passage, fam in reps:
        opening = _cited(_opening(article, passage, fam), articles)
        if opening is not None:
            return opening
    return None


def _cited(cite: Citation | None, articles: Mapping[str, Article]) -> BriefSentence | None:
    """The sentence of the words ``cite`` points at, as the check reads them (None when there
    are none)."""
    text = cited_text(cite, articles) if cite is not None else None
    if cite is None or text is None or not text.strip():
        return None
    return traced(BriefSentence(text, (cite,)), articles)


_LINE = re.compile(r"\S[^\n]*")


def _opening(article: Article, passage: int | None, family: str) -> Citation | None:
    """The opening words of a member: its first non-blank line, cut at a word boundary before
    :data:`HEADLINE_CHARS` characters when longer."""
    lo, hi = 0, len(article.text)
    if passage is not None and 0 <= passage < len(article.passages):
        lo, hi = article.passages[passage].start, article.passages[passage].end
    m = _LINE.search(article.text, lo, hi)
    if m is None:
        return None
    s, e = m.span()
    if e - s > HEADLINE_CHARS:
        cut = article.text.rfind(" ", s, s + HEADLINE_CHARS)
        e = cut if cut > s else s + HEADLINE_CHARS
    e = s + len(article.text[s:e].rstrip())
    return Citation(article.id, article.source, s, e, family, "text", True)


def _title_of(article: Article, passage: int | None, family: str) -> Citation | None:
    """Where the title of a member is: the article's title, or for a live-blog passage the
    passage's own title in the text (a live blog's title names the blog, not the story)."""
    if passage is None:
        if article.title and article.title.strip():
            return Citation(
                article.id, article.source, 0, len(article.title), family, "title", True
            )
        return None
    if passage < len(article.passages):
        p = article.passages[passage]
        if p.title and p.title.strip():
            at = article.text.find(p.title.strip(), p.start, p.end)
            if at >= 0:
                end = at + len(p.title.strip())
                return Citation(article.id, article.source, at, end, family, "text", True)
    return None


def _sources(
    story: Story,
    articles: Mapping[str, Article],
    copies: CopyReport,
    families: Mapping[str, Family],
) -> list[SourceEntry]:
    """Every report of the story (a live blog once), earliest first."""
    source_of = {a.id: a.source for a in copies.articles}
    out: dict[str, SourceEntry] = {}
    for m in story.members:
        a = articles.get(m.article)
        if a is None or a.id in out:
            continue
        fam_id = copies.family_of(a.id, m.passage)
        fam = families.get(fam_id)
        flags = tuple(k for k, ids in (fam.flags.items() if fam else ()) if a.id in ids)
        links = tuple(
            (lk.type if lk.a == a.id else _reverse(lk.type), source_of.get(other, other), lk.score)
            for lk in copies.links_of(a.id)
            for other in ((lk.b if lk.a == a.id else lk.a),)
        )
        out[a.id] = SourceEntry(
            article=a.id,
            source=a.source,
            title=a.title,
            outlet=a.outlet,
            published=a.published,
            family=fam_id,
            original=bool(fam and fam.original == a.id),
            credited=(fam.credited if fam else None) or a.credit,
            flags=flags,
            links=links,
        )
    return sorted(out.values(), key=lambda s: (s.published or "9999", s.source))


def _reverse(link_type: str) -> str:
    """The type of a link read from its other end ("a contains b" is "b contained in a")."""
    return {"contains": "contained_in", "rewrite_of": "rewritten_as"}.get(link_type, link_type)


def _bare_sources(story: Story, articles: Mapping[str, Article]) -> list[SourceEntry]:
    """Every report of the story, earliest first, without family, flags or copy links (the
    sources of a minimal brief whose copy links cannot be read)."""
    out: dict[str, SourceEntry] = {}
    for m in story.members:
        a = articles.get(m.article)
        if a is not None and a.id not in out:
            out[a.id] = SourceEntry(
                a.id, a.source, a.title, a.outlet, a.published, None, credited=a.credit
            )
    return sorted(out.values(), key=lambda s: (s.published or "9999", s.source))


# ---------------------------------------------------------------------------------------------
# What the check reads, and what cannot be read
# ---------------------------------------------------------------------------------------------


def _traced_brief(
    brief: Brief,
    articles: Mapping[str, Article],
    reps: Sequence[tuple[Article, int | None, str]],
) -> Brief:
    """``brief`` as the faithfulness check reads it: every sentence keeps the citations
    :func:`~newsfuse.brief.faithful.traced` keeps, and one left without a verbatim citation
    is dropped (a figure table left with one row, a quote or a date left with no wording go
    too); a headline that cannot be cited gives way to :func:`_plain_headline`. Raises
    ValueError when no report of the story has words to cite."""

    def keep(sentences: Iterable[BriefSentence]) -> tuple[BriefSentence, ...]:
        return tuple(t for s in sentences if (t := traced(s, articles)) is not None)

    headline = traced(brief.headline, articles) or _plain_headline(reps, articles)
    if headline is None:
        raise ValueError("no report of the story has words to cite")
    figures = []
    for table in brief.figures:
        rows = tuple(
            replace(r, sentence=t)
            for r in table.rows
            if (t := traced(r.sentence, articles)) is not None
        )
        if len(rows) > 1:
            figures.append(replace(table, rows=rows))
    return replace(
        brief,
        headline=headline,
        lead=keep(brief.lead),
        facts=keep(brief.facts),
        figures=tuple(figures),
        single=keep(brief.single),
        quotes=tuple(replace(q, wordings=w) for q in brief.quotes if (w := keep(q.wordings))),
        timeline=tuple(replace(e, sentences=s) for e in brief.timeline if (s := keep(e.sentences))),
    )


class _Guard:
    """Runs one step of one story's brief. A step that raises is left out: ``default`` stands
    for its result and a :class:`~newsfuse.records.Failure` (stage "brief") names the story,
    what was left out and why."""

    def __init__(self, failures: list[Failure], story: str) -> None:
        self.failures = failures
        self.story = story

    def run(
        self, what: str, default: _D, fn: Callable[..., _T], *args: Any, **kwargs: Any
    ) -> _T | _D:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # one odd sentence, report or section must not cost the brief
            reason = f"{what} left out: {_unexpected(exc)}"
            self.failures.append(Failure(f"story {self.story}", "brief", reason))
            return default


def _unexpected(exc: BaseException) -> str:
    message = str(exc)
    if len(message) > 200:
        message = message[:199] + "…"
    return f"unexpected {type(exc).__name__}: {message}"


__all__ = ["HEADLINE_CHARS", "BriefBuilder", "build_briefs", "corpus_timeline"]
