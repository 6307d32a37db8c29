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

Supporting citations pass :func:`newsfuse.brief.faithful.supports` before they are kept, so
every brief passes the faithfulness check by construction; the check still runs on the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from newsfuse.brief.faithful import content_words, normalise, supports
from newsfuse.brief.units import (
    Unit,
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
    Family,
    FigureRow,
    FigureTable,
    QuoteGroup,
    SourceEntry,
    Story,
    TimelineEntry,
)

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
        when not given), largest stories first."""
        from newsfuse.claims import find_claims
        from newsfuse.dedup import find_copies

        articles = list(articles)
        if copies is None:
            copies = find_copies(articles)
        if claims is None:
            claims = find_claims(articles, copies=copies, stories=stories)
        by_id = {a.id: a for a in articles}
        return [self.build(sc, by_id, copies) for sc in claims.stories]

    # -- one story -------------------------------------------------------------------------

    def build(
        self, story_claims: StoryClaims, articles: Mapping[str, Article], copies: CopyReport
    ) -> Brief:
        story = story_claims.story
        families = {f.id: f for f in copies.families}
        reps = representatives(story_members(story), articles, copies.family_of, families)
        units = [u for a, p, fam in reps for u in member_units(a, p, fam)]
        similarity = self._sim(units)
        central = _centrality(units)
        lead = self._lead(units, central, similarity)
        used = {normalise(s.text) for s in lead}
        clusters = story_claims.clusters
        facts = _facts(clusters, articles, families, used)[: self.max_facts]
        used |= {normalise(s.text) for s in facts}
        figures = _figures(clusters, articles, families)
        single = _single(clusters, articles, families, used, units, central)[: self.max_single]
        quotes = _quotes(clusters, articles, families)[: self.max_quotes]
        timeline = _timeline_of(reps, background_days=self.background_days)
        return Brief(
            story=story.id,
            label=story.label,
            headline=_headline(story, reps, units, central, lead),
            lead=tuple(lead),
            facts=tuple(facts),
            figures=tuple(figures),
            single=tuple(single),
            quotes=tuple(quotes),
            timeline=tuple(timeline),
            sources=tuple(_sources(story, articles, copies, families)),
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            families=story.families,
        )

    def _sim(self, units: Sequence[Unit]) -> Any:
        from newsfuse.dedup.similarity import SentenceSimilarity

        sim = SentenceSimilarity()
        if units:
            sim.fit([u.text for u in units])
        return sim

    def _lead(self, units: list[Unit], central: np.ndarray, similarity: Any) -> list[BriefSentence]:
        """MMR over the most central sentences: relevance is coverage (independent families
        whose sentences paraphrase it) times centrality, with a mild preference for the first
        sentences of a report (news puts the essentials first)."""
        if not units:
            return []
        order = np.argsort(-central, kind="stable")[:LEAD_CANDIDATES]
        cands = [units[i] for i in order]
        sims = similarity.matrix([u.text for u in cands], [u.text for u in units])
        n_fam = len({u.family for u in units})
        threshold = similarity.threshold
        support: list[dict[str, tuple[float, Unit]]] = []
        for row, u in zip(sims, cands, strict=True):
            best: dict[str, tuple[float, Unit]] = {}
            for j in np.nonzero(row >= threshold)[0]:
                v = units[j]
                if v.family != u.family and row[j] > best.get(v.family, (0.0, v))[0]:
                    best[v.family] = (float(row[j]), v)
            support.append(best)
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
        figures = [_figures_of(u.text) for u in cands]
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
            cites += [
                v.citation(verbatim=False)
                for _, v in sorted(support[k].values(), key=lambda sv: -sv[0])
                if supports(u.text, v.text)
            ]
            lead.append(BriefSentence(u.text, tuple(cites)))
        return lead


def _figures_of(text: str) -> set[str]:
    """The figures of a sentence that identify a fact: numbers of 10 or more that are not
    years ("4,000", "6,500"; not "2026")."""
    out = set()
    for w in content_words(text):
        if w[:1].isdigit() and w.replace(".", "").isdigit():
            value = float(w)
            if value >= 10 and not (1900 <= value <= 2100 and value.is_integer()):
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
    """The brief of every story of ``articles`` (see :class:`BriefBuilder`)."""
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
    import re

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
    family = {a.id: fam for a, _p, fam in reps}
    return build_timeline(
        list(chosen.values()), family_of=lambda aid: family.get(aid, aid), **options
    )


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


def _cited_sentence(
    cluster: ClaimCluster,
    variants: Sequence[Claim],
    articles: Mapping[str, Article],
    families: Mapping[str, Family],
) -> BriefSentence | None:
    """The best wording of ``variants`` (a claim's sentence), citing one supporting span per
    other independent family."""
    ordered = _preferred(variants, articles, families)
    if not ordered:
        return None
    best = ordered[0]
    s, e = _sentence_span(best, articles)
    text = articles[best.article].text[s:e]
    cites = [_cite(best, articles, verbatim=True)]
    seen = {best.family or best.article}
    for v in ordered[1:]:
        fam = v.family or v.article
        if fam in seen:
            continue
        c = _cite(v, articles, verbatim=False)
        if supports(text, articles[v.article].text[c.start : c.end]):
            cites.append(c)
            seen.add(fam)
    return BriefSentence(text, tuple(cites), claim=cluster.id, date=cluster.date)


_FACT_KINDS = ("statement", "event", "quantity")


def _facts(
    clusters: Sequence[ClaimCluster],
    articles: Mapping[str, Article],
    families: Mapping[str, Family],
    used: set[str],
) -> list[BriefSentence]:
    """Corroborated claims, most families first; one sentence per wording."""
    out: dict[str, BriefSentence] = {}
    for c in clusters:
        if c.status != "corroborated" or c.kind not in _FACT_KINDS:
            continue
        s = _cited_sentence(c, c.variants, articles, families)
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
) -> list[BriefSentence]:
    """What one family alone reports (statements, events, figures), most central first."""
    centrality = {(u.article.id, u.start): float(c) for u, c in zip(units, central, strict=True)}
    out: dict[str, tuple[float, BriefSentence]] = {}
    for c in clusters:
        if c.status != "single_source" or c.kind not in _FACT_KINDS:
            continue
        best = _preferred(c.variants, articles, families)
        if not best:
            continue
        v = best[0]
        s, e = _sentence_span(v, articles)
        text = articles[v.article].text[s:e]
        key = normalise(text)
        if key in used or key in out or len(text.split()) < 5:
            continue
        sentence = BriefSentence(
            text, (_cite(v, articles, verbatim=True),), claim=c.id, date=c.date
        )
        out[key] = (centrality.get((v.article, s), 0.0), sentence)
    return [s for _, s in sorted(out.values(), key=lambda x: -x[0])]


def _figures(
    clusters: Sequence[ClaimCluster],
    articles: Mapping[str, Article],
    families: Mapping[str, Family],
) -> list[FigureTable]:
    """One table per cluster whose sources give different figures (or a different wording of
    the same statement): each figure, who said it, where it is reported."""
    tables = []
    for c in clusters:
        if c.status not in ("differing_estimates", "conflicting"):
            continue
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
        if len(rows) > 1:
            subject = c.unit or (c.kind if c.kind != "quantity" else "figure")
            tables.append(FigureTable(c.id, subject, tuple(rows), c.status))
    return tables


def _quotes(
    clusters: Sequence[ClaimCluster],
    articles: Mapping[str, Article],
    families: Mapping[str, Family],
) -> list[QuoteGroup]:
    """Every quote, each wording of it citing the reports that use that wording, the quotes
    that most families carry first."""
    groups = []
    for c in clusters:
        if c.kind != "quote":
            continue
        wordings: dict[str, list[Claim]] = {}
        for v in _preferred(c.variants, articles, families):
            wordings.setdefault(normalise(v.text), []).append(v)
        sentences = []
        for variants in wordings.values():
            cites: list[Citation] = []
            seen: set[str] = set()
            for v in variants:
                if (v.family or v.article) not in seen:
                    seen.add(v.family or v.article)
                    cites.append(_cite(v, articles, verbatim=True, quote=True))
            text = articles[variants[0].article].text[variants[0].start : variants[0].end]
            sentences.append(BriefSentence(text, tuple(cites), claim=c.id, date=c.date))
        if sentences:
            sentences.sort(key=lambda s: -s.families)
            groups.append(QuoteGroup(c.id, c.speaker, tuple(sentences), c.status))
    groups.sort(key=lambda g: -g.families)
    return groups


# ---------------------------------------------------------------------------------------------
# Headline and sources
# ---------------------------------------------------------------------------------------------


def _headline(
    story: Story,
    reps: Sequence[tuple[Article, int | None, str]],
    units: Sequence[Unit],
    central: np.ndarray,
    lead: Sequence[BriefSentence],
) -> BriefSentence:
    """The title of the representative report whose sentences are most central (a live-blog
    passage's own title when it has one); the first lead sentence when no report has a title."""
    score: dict[str, float] = {}
    for u, c in zip(units, central, strict=True):
        score[u.article.id] = score.get(u.article.id, 0.0) + float(c)
    best: tuple[float, Citation, str] | None = None
    for article, passage, fam in reps:
        cite = _title_of(article, passage, fam)
        if cite is None:
            continue
        s = score.get(article.id, 0.0)
        if best is None or s > best[0]:
            title = (article.title or "") if cite.field == "title" else article.text
            best = (s, cite, title[cite.start : cite.end])
    if best is not None:
        return BriefSentence(best[2], (best[1],))
    if lead:
        return lead[0]
    return BriefSentence(story.label, ())


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


__all__ = ["BriefBuilder", "build_briefs", "corpus_timeline"]
