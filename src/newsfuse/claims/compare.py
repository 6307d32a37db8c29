"""Cross-source comparison: the claims of one story that state the same fact, and their status.

The claims of a story (read from each article by :mod:`newsfuse.claims.extract`) are lined up
across outlets, one kind at a time, and every group gets a status:

quotes      Two quotes are the same statement when they are attributed to the same speaker
            (or to spellings of one name) and their words overlap enough to be two renderings
            of one statement (two translations of one sentence share far fewer words than the
            same words copied, so the bar for the same speaker is low:
            :attr:`ClaimComparer.same_speaker_threshold`, and each quote pairs with at most
            its best match in the other article), or, whoever the speaker, when they are
            paraphrases (:attr:`ClaimComparer.quote_threshold`; :data:`UNKNOWN_SPEAKER` when a
            speaker is unknown). ``conflicting``: the same words of :data:`MISATTRIBUTION_WORDS`
            or more given to two unlike speakers, or two families rendering one speaker in
            contradicting ways (the ``contradicts`` the caller passes).
statements  Reported speech ("X said that ...") groups like quotes, with a higher bar; the
            same clause given to two speakers is no conflict (reported clauses are generic).
events      Sentences that date an event group when their dates overlap and their words or
            named entities agree.
quantities  First the same figure: equal values (within rounding and qualifiers) of the same
            kind of thing in similar contexts. Then the figures that measure the same thing at
            the same time (same unit, similar context, values within a factor of
            :attr:`ClaimComparer.max_ratio`, compatible dates: two dates written in the
            sentences must be the same day; a date that is only the article's publication day
            may differ by one day) are put side by side. Different figures from the same source
            (the same speaker, or a person speaking for the same organisation) for the same
            time are ``conflicting`` (only between speakers named where they speak; see
            :func:`_same_source_clash`); different figures from different sources are
            ``differing_estimates``, and only on evidence the reason names: two wordings by
            two speakers, each named or resolved, for one and the same day (a day apart only
            when a sentence sets its figure against another count: "well above the official
            count"), neither given as a change or a running total ("up from 91", "bringing
            the total to 215"), nor in a sentence with a modal verb unless marked a forecast
            (see :func:`_estimates_of_one_thing`). A forecast ("could rise to 9,000") never
            conflicts with a count, an article that gives both figures reconciles them (a
            toll that rose; one speaker's two figures, a range's two ends, are then each a
            cluster of their own), and a part and its whole ("two of the port's five
            terminals") are never compared.

A group's support is counted in independent source families: every claim carries the family
of its article (or live-blog passage), so a copy or a rewrite of a report adds no
corroboration. A group is ``corroborated`` with two or more families, else ``single_source``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from newsfuse.dedup.similarity import SentenceSimilarity
from newsfuse.errors import is_number, require, require_fraction
from newsfuse.records import Claim, ClaimCluster, Estimate, content_id
from newsfuse.text import FUNCTION_WORDS, MONTHS_DAYS, name_key
from newsfuse.unionfind import UnionFind

#: paraphrase probability two quotes need when a speaker is unknown (else chains of alike
#: phrases, "I'm going to ...", join across a story)
UNKNOWN_SPEAKER = 0.8
#: the same words given to two unlike speakers are a conflict only for a quote this long
#: (short phrases, "I will change everything", are said by many)
MISATTRIBUTION_WORDS = 8
#: qualifiers of a figure that is a forecast, not a count: never in conflict with a count
FORECASTS = frozenset({"expected", "could_rise_to"})
#: qualifiers under which two different values may still be the same figure
_LOOSE = frozenset({"about", "up_to", "at_least", "fewer_than", "vague", "range"})
_STATUS_ORDER = {"conflicting": 0, "differing_estimates": 1, "corroborated": 2, "single_source": 3}
_KIND_ORDER = {"quantity": 0, "quote": 1, "statement": 2, "event": 3}

SameMeasure = Callable[[Claim, Claim], bool]


@dataclass(frozen=True, slots=True)
class _Pairs:
    """The scores of the pairs of a list of texts that reach a floor on at least one score:
    the paraphrase probability, a lexical score (mean of the word and character TF-IDF
    cosines) and the word cosine, as float32 values of a sparse (CSR) structure without the
    diagonal. A pair below every floor counts as 0 on every score; the floors are the lowest
    thresholds the comparer applies, so no decision changes, and a story's claims are compared
    in memory that grows with its similar pairs, never as dense n x n matrices."""

    n: int
    indptr: np.ndarray
    indices: np.ndarray  # columns, ascending within each row
    prob: np.ndarray
    lexical: np.ndarray
    word: np.ndarray

    def row_blocks(self, size: int | None = None) -> Iterator[tuple[int, np.ndarray]]:
        """The kept pairs in blocks of whole rows of about ``size`` pairs (:data:`PAIR_ROWS` by
        default; a row longer than that is a block alone), in order: (the position of the
        block's first pair, the row of each of its pairs, as int32)."""
        size = size or PAIR_ROWS
        lo = 0
        while lo < self.n:
            limit = int(self.indptr[lo]) + size
            hi = int(np.searchsorted(self.indptr, limit, side="right")) - 1
            hi = min(self.n, max(hi, lo + 1))
            rows = np.repeat(np.arange(lo, hi, dtype=np.int32), np.diff(self.indptr[lo : hi + 1]))
            yield int(self.indptr[lo]), rows
            lo = hi

    def row(self, i: int) -> range:
        return range(int(self.indptr[i]), int(self.indptr[i + 1]))

    def find(self, i: int, j: int) -> int:
        """The position of pair (i, j) in the value arrays, or -1 when it is below the floors."""
        lo, hi = int(self.indptr[i]), int(self.indptr[i + 1])
        k = lo + int(np.searchsorted(self.indices[lo:hi], j))
        return k if k < hi and int(self.indices[k]) == j else -1

    def value(self, scores: np.ndarray, i: int, j: int) -> float:
        k = self.find(i, j)
        return float(scores[k]) if k >= 0 else 0.0

    def upper(self) -> Iterator[tuple[int, int, int]]:
        """The kept pairs (i, j, position) with i < j, in row-major order, one at a time (a
        story of 1,600 reports keeps millions of pairs: as a list of tuples, gigabytes)."""
        for i in range(self.n):
            lo, hi = int(self.indptr[i]), int(self.indptr[i + 1])
            row = self.indices[lo:hi]
            first = int(np.searchsorted(row, i, side="right"))  # columns ascend in a row
            for k, j in enumerate(row[first:].tolist(), lo + first):
                yield i, j, k


class _NearPairs:
    """The pairs (i < j) of a story's figures whose sentences' word score reaches
    ``threshold``, as compact arrays (i and j as int32, the score as float32: 12 bytes a
    pair, a story of 1,600 reports has tens of millions). What the figure grouping reads of
    them, with the bigger and the smaller of their two values, block by block
    (:data:`PAIR_BLOCK` pairs as Python tuples at a time), never every pair at once."""

    def __init__(self, pairs: _Pairs, values: Sequence[float], threshold: float) -> None:
        ii, kk = [], []
        for start, rows in pairs.row_blocks():
            end = start + len(rows)
            cols = pairs.indices[start:end]
            keep = np.flatnonzero((cols > rows) & (pairs.word[start:end] >= threshold))
            ii.append(rows[keep])
            kk.append(start + keep)
        self.pairs = pairs
        self.threshold = threshold
        self.values = values
        self.vals = np.asarray(values, dtype=np.float64)
        keep = np.concatenate(kk) if kk else np.zeros(0, dtype=np.int64)
        self.i = np.concatenate(ii) if ii else np.zeros(0, dtype=np.int32)
        self.j = pairs.indices[keep].astype(np.int32)
        self.word = pairs.word[keep]
        del keep

    def _bounds(self, part: np.ndarray | slice) -> tuple[np.ndarray, np.ndarray]:
        vi, vj = self.vals[self.i[part]], self.vals[self.j[part]]
        return np.maximum(vi, vj), np.minimum(vi, vj)

    def _tuples(self, at: np.ndarray) -> Iterator[tuple[int, int, float, float, float]]:
        for lo in range(0, len(at), PAIR_BLOCK):
            part = at[lo : lo + PAIR_BLOCK]
            big, small = self._bounds(part)
            yield from zip(
                self.i[part].tolist(),
                self.j[part].tolist(),
                big.tolist(),
                small.tolist(),
                self.word[part].tolist(),
                strict=True,
            )

    def alike(self) -> np.ndarray:
        """The positions of the pairs whose two values are within 3% (of the bigger)."""
        out = []
        for lo in range(0, len(self.i), PAIR_ROWS):
            big, small = self._bounds(slice(lo, lo + PAIR_ROWS))
            out.append(lo + np.flatnonzero(~(big - small > 0.03 * big)))
        return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)

    def in_order(self) -> Iterator[tuple[int, int, float, float, float]]:
        """Every pair (i, j, bigger, smaller, word score) in row-major order."""
        return self._tuples(np.arange(len(self.i)))

    def closest_first(
        self, *, alike: bool = False
    ) -> Iterator[tuple[int, int, float, float, float]]:
        """The pairs by word score, highest first (then by i, j); ``alike``: only those whose
        values are within 3% (the others can never be one figure)."""
        at = self.alike() if alike else np.arange(len(self.i))
        order = np.lexsort((self.j[at], self.i[at], -self.word[at]))
        return self._tuples(at[order])

    def words(self) -> _FigureWords:
        """The word score of each pair, as the figure grouping looks it up."""
        return _FigureWords(self)


class _FigureWords:
    """``get((i, j), default)``: the word score of pair (i < j) when it reaches the threshold,
    else ``default``. The pairs whose values are within 3% (those of one figure's groups) are
    in a dict; any other pair is found in the sparse scores."""

    def __init__(self, near: _NearPairs) -> None:
        self.near = near
        at = near.alike()
        self.alike: dict[tuple[int, int], float] = {}
        for lo in range(0, len(at), PAIR_BLOCK):
            part = at[lo : lo + PAIR_BLOCK]
            self.alike.update(
                zip(
                    zip(near.i[part].tolist(), near.j[part].tolist(), strict=True),
                    near.word[part].tolist(),
                    strict=True,
                )
            )

    def get(self, key: tuple[int, int], default: float = 0.0) -> float:
        found = self.alike.get(key)
        if found is not None:
            return found
        i, j = key
        vi, vj = self.near.values[i], self.near.values[j]
        big, small = max(vi, vj), min(vi, vj)
        if not big - small > 0.03 * big:  # within 3%: in the dict when near
            return default
        k = self.near.pairs.find(i, j)
        if k < 0 or not self.near.pairs.word[k] >= self.near.threshold:
            return default
        return float(self.near.pairs.word[k])


#: pairs turned into Python tuples at a time (bounds the memory of a story's figure pairs)
PAIR_BLOCK = 65536
#: pairs of the sparse scores read as arrays at a time (whole rows)
PAIR_ROWS = 1 << 20


def _best_in_article(pairs: _Pairs, score: np.ndarray, article: Sequence[str]) -> np.ndarray:
    """For each kept pair (i, j) of another article: whether j is i's best match in j's
    article by ``score`` (the lowest j on a tie), as booleans by pair position. Arrays, not a
    dict of (claim, article): a story of 1,600 reports has millions of such matches; made a
    block of whole rows at a time (a row's matches are its own)."""
    out = np.zeros(len(pairs.indices), dtype=bool)
    number: dict[str, int] = {}
    art = np.array([number.setdefault(a, len(number)) for a in article], dtype=np.int64)
    for start, rows in pairs.row_blocks():
        cols = pairs.indices[start : start + len(rows)]
        other = np.flatnonzero(art[cols] != art[rows])
        if not len(other):
            continue
        r, a, c = rows[other], art[cols[other]], cols[other]
        best = -score[start + other].astype(np.float64)
        order = np.lexsort((c, best, a, r))  # by r, a, best score, first j
        r, a = r[order], a[order]
        starts = np.ones(len(order), dtype=bool)
        starts[1:] = (r[1:] != r[:-1]) | (a[1:] != a[:-1])
        out[start + other[order[starts]]] = True
    return out


#: bytes of pair features computed at once (bounds the transient memory, whatever the story)
CHUNK_BYTES = 32 * 1024 * 1024


def _similarities(
    sim: SentenceSimilarity, texts: Sequence[str], floors: tuple[float, float, float]
) -> _Pairs:
    """The pairs of ``texts`` whose probability, lexical or word score reaches its floor in
    ``floors``, computed a block of rows at a time."""
    n = len(texts)
    fp, fl, fw = floors
    parts: list[tuple[np.ndarray, ...]] = []
    if n:
        encoded = sim.encode(texts)
        step = max(1, min(n, CHUNK_BYTES // (n * 12 * 8)))
        for lo in range(0, n, step):
            hi = min(n, lo + step)
            f = sim.features(sim.encode(texts[lo:hi]), encoded)  # not kept in sim's cache
            p = sim.combine(f).astype(np.float32)
            lx = ((f[..., 0] + f[..., 1]) / 2.0).astype(np.float32)
            w = f[..., 0].astype(np.float32)
            keep = (p >= fp) | (lx >= fl) | (w >= fw)
            keep[np.arange(hi - lo), np.arange(lo, hi)] = False  # never a text with itself
            r, c = np.nonzero(keep)  # row-major: columns ascending within each row
            parts.append((r + lo, c, p[r, c], lx[r, c], w[r, c]))

    def joined(k: int, dtype: type) -> np.ndarray:
        return np.concatenate([x[k] for x in parts]).astype(dtype) if parts else np.zeros(0, dtype)

    rows = joined(0, np.int64)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return _Pairs(
        n,
        indptr,
        joined(1, np.int64),
        joined(2, np.float32),
        joined(3, np.float32),
        joined(4, np.float32),
    )


def _lexical_among(sim: SentenceSimilarity, texts: Sequence[str]) -> np.ndarray:
    """The lexical score of every pair of a few texts (one claim cluster), as a dense matrix."""
    f = sim.features(list(texts), list(texts))
    return ((f[..., 0] + f[..., 1]) / 2.0).astype(np.float32)


def _speaker_key(c: Claim) -> str | None:
    if c.speaker_id:
        return c.speaker_id
    if c.speaker:
        return "name:" + re.sub(r"\W+", " ", c.speaker.casefold()).strip()
    return None


def _name_keys(name: str | None) -> set[str]:
    if not name:
        return set()
    words = re.split(r"[^\w]+|_", name)
    return {k for w in words if len(k := name_key(w)) >= 4 and k not in FUNCTION_WORDS}


def _same_name(a: str | None, b: str | None) -> bool:
    """Whether two speakers as named may be one person: they share a name word, spelling
    variants folded ("Essam El Erian" / "Essam El-Erian", "MOUSA" / "Amre Moussa",
    "Ghonim" / "Wael Ghonim")."""
    return bool(_name_keys(a) & _name_keys(b))


def _circle(c: Claim, speaks_for: Mapping[str, str]) -> set[str]:
    """Who a claim's speaker stands for: the speaker, and the organisation it speaks for."""
    key = _speaker_key(c)
    if key is None:
        return set()
    out = {key}
    if c.speaker_id and c.speaker_id in speaks_for:
        out.add(speaks_for[c.speaker_id])
    return out


def date_days(value: str | None) -> tuple[str, str] | None:
    """The first and last day (ISO strings) a claim date covers: ``2024-11-05``,
    ``2024-11`` (the whole month), ``2024`` and ranges ``first/last``; None when unknown."""
    if not value:
        return None
    first, _, last = value.partition("/")
    last = last or first

    def lo(v: str) -> str:
        return v + "-01-01" if len(v) == 4 else v + "-01" if len(v) == 7 else v[:10]

    def hi(v: str) -> str:
        return v + "-12-31" if len(v) == 4 else v + "-31" if len(v) == 7 else v[:10]

    if not re.match(r"\d{4}", first) or not re.match(r"\d{4}", last):
        return None
    return lo(first), hi(last)


def _day_number(iso: str) -> int:
    import datetime as dt

    try:
        return dt.date.fromisoformat(iso).toordinal()
    except ValueError:  # a "-31" month end that does not exist: use the 28th
        return dt.date.fromisoformat(iso[:8] + "28").toordinal()


def dates_compatible(a: Claim, b: Claim, *, soft_days: int = 1) -> bool:
    """Whether two claims can be about the same moment: unknown dates are compatible with
    anything; two dates written in the texts must overlap; a date that is only the article's
    publication day (``date_text`` None) may be ``soft_days`` away."""
    da, db = date_days(a.date), date_days(b.date)
    if da is None or db is None:
        return True
    slack = 0 if (a.date_text and b.date_text) else soft_days
    return _day_number(da[0]) - slack <= _day_number(db[1]) and _day_number(
        db[0]
    ) - slack <= _day_number(da[1])


class ClaimComparer:
    """Group the claims of a story across sources and give each group its status.

    Parameters
    ----------
    quote_threshold:
        paraphrase probability above which two quotes are the same statement whoever the
        speakers (unknown speakers included).
    same_speaker_threshold:
        lexical similarity above which two quotes of the same speaker, each the other's best
        match between their two articles, are the same statement (two translations).
    statement_threshold:
        paraphrase probability for two reported statements of the same speaker.
    event_threshold:
        lexical similarity for two dated sentences with overlapping dates.
    context_threshold:
        word similarity of the sentences around two figures for them to be about the same
        thing.
    max_ratio:
        two different figures are estimates of the same thing only within this factor.
    embedder:
        passed to :class:`~newsfuse.dedup.similarity.SentenceSimilarity` (None or "minilm").
    """

    def __init__(
        self,
        *,
        quote_threshold: float = 0.5,
        same_speaker_threshold: float = 0.18,
        statement_threshold: float = 0.45,
        event_threshold: float = 0.3,
        context_threshold: float = 0.12,
        max_ratio: float = 3.0,
        embedder: str | None = None,
    ) -> None:
        owner = "ClaimComparer"
        for name, value in (
            ("quote_threshold", quote_threshold),
            ("same_speaker_threshold", same_speaker_threshold),
            ("statement_threshold", statement_threshold),
            ("event_threshold", event_threshold),
            ("context_threshold", context_threshold),
        ):
            require_fraction(owner, name, value)
        ok = is_number(max_ratio) and max_ratio >= 1.0
        require(owner, "max_ratio", max_ratio, ok, "a number >= 1")
        self.quote_threshold = float(quote_threshold)
        self.same_speaker_threshold = float(same_speaker_threshold)
        self.statement_threshold = float(statement_threshold)
        self.event_threshold = float(event_threshold)
        self.context_threshold = float(context_threshold)
        self.max_ratio = float(max_ratio)
        self.similarity = SentenceSimilarity(embedder)

    def _floors(self) -> tuple[float, float, float]:
        """The lowest probability, lexical and word thresholds any rule applies: pairs below
        all three are never looked at (see :class:`_Pairs`)."""
        return (
            min(self.quote_threshold, self.statement_threshold, UNKNOWN_SPEAKER, 0.8),
            min(self.same_speaker_threshold, self.event_threshold, 0.8),
            self.context_threshold,
        )

    # -- public -------------------------------------------------------------------------------

    def compare(
        self,
        story: str,
        claims: Sequence[Claim],
        *,
        texts: Mapping[str, str] | None = None,
        speaks_for: Mapping[str, str] | None = None,
        same_measure: SameMeasure | None = None,
        contradicts: Callable[[str, str], bool] | None = None,
        outlets: Mapping[str, str | None] | None = None,
        persons: Collection[str] | None = None,
    ) -> list[ClaimCluster]:
        """The claim clusters of one story, most telling first (conflicts, differing
        estimates, corroborated, single-source).

        ``texts`` maps article ids to clean texts (for the sentences around figures);
        ``speaks_for`` maps a speaker's entity id to the organisation it speaks for;
        ``same_measure`` says whether two figures count the same kind of thing (default: equal
        units); ``contradicts`` whether two aligned wordings contradict each other;
        ``outlets`` maps article ids to their outlet (articles of one outlet are one source);
        ``persons`` are the speaker entity ids that are people (None: a speaker named by two
        or more capitalised words is taken for one).
        Every claim is first given the independent source it counts as
        (:func:`independent_sources`)."""
        claims = independent_sources(claims, texts or {}, outlets or {})
        by_kind: dict[str, list[Claim]] = defaultdict(list)
        for c in claims:
            by_kind[c.kind].append(c)
        speaks_for = speaks_for or {}
        out: list[ClaimCluster] = []
        out += self._attributed(
            story,
            "quote",
            by_kind["quote"],
            (self.quote_threshold, self.same_speaker_threshold),
            speaks_for,
            contradicts,
            persons,
            texts or {},
        )
        # a reported clause is a paraphrase by nature: same speaker and a real paraphrase
        out += self._attributed(
            story,
            "statement",
            by_kind["statement"],
            (0.8, self.statement_threshold),
            speaks_for,
            contradicts,
            persons,
            texts or {},
        )
        out += self._events(story, by_kind["event"])
        out += self._quantities(story, by_kind["quantity"], texts or {}, speaks_for, same_measure)
        out.sort(
            key=lambda cl: (
                _STATUS_ORDER[cl.status],
                _KIND_ORDER[cl.kind],
                -cl.families,
                -len(cl.variants),
                cl.id,
            )
        )
        return out

    # -- quotes and statements ----------------------------------------------------------------

    def _attributed(
        self,
        story: str,
        kind: str,
        claims: list[Claim],
        thresholds: tuple[float, float],
        speaks_for: Mapping[str, str],
        contradicts: Callable[[str, str], bool] | None,
        persons: Collection[str] | None = None,
        articles: Mapping[str, str] | None = None,
    ) -> list[ClaimCluster]:
        """Group quotes or statements; ``thresholds`` are (any speakers, same speaker);
        ``articles`` the clean texts by article id (to see who else is named near a quote)."""
        any_threshold, same_threshold = thresholds
        if not claims:
            return []
        texts = [c.text for c in claims]
        pairs = _similarities(self.similarity, texts, self._floors())
        # the score that decides for two quotes of the same speaker
        same_score = pairs.lexical if kind == "quote" else pairs.prob
        speakers = [_speaker_key(c) for c in claims]
        circles = [_circle(c, speaks_for) for c in claims]
        article = [c.article for c in claims]
        # whether each pair (i, j) is i's best match in j's article by that score (the first
        # on a tie); a pair below the floors is below every threshold, so it is never the
        # match needed
        best = _best_in_article(pairs, same_score, article)
        groups: UnionFind[int] = UnionFind(range(len(claims)))
        misattributed: list[tuple[int, int]] = []
        for i, j, k in pairs.upper():
            if article[i] == article[j]:
                continue
            si, sj = speakers[i], speakers[j]
            if circles[i] & circles[j] or _same_name(claims[i].speaker, claims[j].speaker):
                ok = bool(pairs.prob[k] >= any_threshold) or (
                    bool(best[k])
                    and bool(same_score[k] >= same_threshold)
                    and (back := pairs.find(j, i)) >= 0
                    and bool(best[back])
                )
            elif si is None or sj is None:  # one speaker unknown: near the words
                ok = bool(pairs.prob[k] >= max(any_threshold, UNKNOWN_SPEAKER))
            else:  # two different speakers: only the same words
                ok = bool(pairs.lexical[k] >= 0.8)
                if (
                    ok
                    and kind == "quote"  # a reported clause may be generic
                    and len(claims[i].text.split()) >= MISATTRIBUTION_WORDS
                    and _clearly_different_people(claims[i], claims[j], persons)
                    and not _names_near(claims[i], claims[j].speaker, articles or {})
                    and not _names_near(claims[j], claims[i].speaker, articles or {})
                    and (claims[i].family or claims[i].article)
                    != (claims[j].family or claims[j].article)
                ):
                    misattributed.append((i, j))  # two named, unlike people
            if ok:
                groups.union(i, j)
        out = []
        for members in groups.groups():
            variants = [claims[i] for i in members]
            # the wording closest to all the others (for translations: the middle rendering)
            central = members[0]
            if len(members) > 1:
                lexical = _lexical_among(self.similarity, [texts[i] for i in members])
                central = members[
                    max(
                        range(len(members)),
                        key=lambda x: (float(lexical[x].sum()), len(claims[members[x]].text)),
                    )
                ]
            status, reason = _support_status(variants)
            inside = set(members)
            pair = next(((i, j) for i, j in misattributed if i in inside and j in inside), None)
            conflict: tuple[str, ...] = ()
            if pair is not None:
                a, b = claims[pair[0]], claims[pair[1]]
                status, conflict = "conflicting", (a.id, b.id)
                reason = (
                    f"the same words are attributed to different speakers: {_evidence(a)}; "
                    f"{_evidence(b)}"
                )
            elif contradicts is not None and len(variants) > 1:
                clash = _first_contradiction(variants, contradicts, circles, members)
                if clash:
                    status, reason, conflict = "conflicting", clash[0], clash[1]
            out.append(
                _cluster(
                    story, kind, variants, status, reason, rep=claims[central], conflict=conflict
                )
            )
        return out

    # -- events -------------------------------------------------------------------------------

    def _events(self, story: str, claims: list[Claim]) -> list[ClaimCluster]:
        if not claims:
            return []
        pairs = _similarities(self.similarity, [c.text for c in claims], self._floors())
        groups: UnionFind[int] = UnionFind(range(len(claims)))
        for i, j, k in pairs.upper():
            if pairs.lexical[k] < self.event_threshold:
                continue
            a, b = claims[i], claims[j]
            if a.article == b.article or not _dates_overlap(a.date, b.date):
                continue
            if set(a.entities) & set(b.entities) or pairs.prob[k] >= self.quote_threshold:
                groups.union(i, j)
        out = []
        for members in groups.groups():
            variants = [claims[i] for i in members]
            status, reason = _support_status(variants)
            out.append(_cluster(story, "event", variants, status, reason))
        return out

    # -- quantities ---------------------------------------------------------------------------

    def _quantities(
        self,
        story: str,
        claims: list[Claim],
        texts: Mapping[str, str],
        speaks_for: Mapping[str, str],
        same_measure: SameMeasure | None,
    ) -> list[ClaimCluster]:
        claims = [c for c in claims if c.value is not None]
        if not claims:
            return []
        measure = same_measure or (lambda a, b: a.unit is not None and a.unit == b.unit)
        contexts = [_context_text(c, texts) for c in claims]
        pairs = _similarities(self.similarity, contexts, self._floors())
        n = len(claims)
        values = [abs(c.value or 0.0) for c in claims]
        # the pairs in similar contexts, in row-major order, with their bigger and smaller
        # value: arrays (a story of 1,600 reports has millions), read a block at a time
        near = _NearPairs(pairs, values, self.context_threshold)
        # 1. the same figure, across articles: the closest sentences first, and two groups
        # only when their sentences are alike on average (a round sum such as "$100 million"
        # is given for many things in one story: a chain of alike pairs would make them one)
        figures: UnionFind[int] = UnionFind(range(n))
        same_figure = near.words()
        subjects = _subjects(claims, texts)
        periods = [_period(c, texts) for c in claims]
        held: dict[int, list[int]] = {i: [i] for i in range(n)}
        # two groups found apart stay apart until one of them grows (each check reads every
        # cross pair: without this, the pairs between two big groups would each read them all)
        apart: set[tuple[int, int, int, int]] = set()
        for i, j, big, small, _ in near.closest_first(alike=True):
            if big - small > 0.03 * big:
                continue
            a, b = claims[i], claims[j]
            if a.article == b.article and a.context == b.context:
                continue
            if not ((measure(a, b) and _same_value(a, b)) or _same_count_of_people(a, b)):
                continue
            if periods[i] != periods[j]:  # "$100 million a day" is no "$100 million" to drill
                continue
            ri, rj = figures.find(i), figures.find(j)
            if ri == rj:
                continue
            lo, hi = min(ri, rj), max(ri, rj)
            key = (lo, hi, len(held[lo]), len(held[hi]))
            if key in apart:
                continue
            # "$100 million to drill the relief well" and "a $100m fund for workers": two figures
            if not _of_one_thing(held[lo], held[hi], subjects) or not _alike_on_average(
                held[lo], held[hi], same_figure, FIGURE_LINK
            ):
                apart.add(key)
                continue
            figures.union(i, j)
            root = figures.find(i)
            merged = held.pop(ri) + held.pop(rj)
            held[root] = merged
        fig_members = figures.groups()
        # 2. figures that measure the same thing at the same time
        fig_of = {i: f for f, members in enumerate(fig_members) for i in members}
        things: UnionFind[int] = UnionFind(range(len(fig_members)))
        # a part and its whole ("two of the port's five terminals") are two things
        members_of = [list(m) for m in fig_members]
        # the pairs of wordings each join rests on: the evidence a reader is shown
        witnesses: list[tuple[int, int]] = []
        for i, j, big, small, word in near.in_order():
            if not (small > 0 and big <= self.max_ratio * small):
                continue
            fi, fj = fig_of[i], fig_of[j]
            if fi == fj or things.find(fi) == things.find(fj):
                continue
            a, b = claims[i], claims[j]
            if _same_value(a, b):  # one value, kept apart above: no two estimates
                continue
            if not _estimates_of_one_thing(a, b, word, texts, speaks_for):
                continue
            if (
                "vague" not in (a.qualifier, b.qualifier)
                and measure(a, b)
                and dates_compatible(a, b)
            ):
                ri, rj = things.find(fi), things.find(fj)
                if any(
                    _part_and_whole(claims[x], claims[y], texts)
                    for x in members_of[ri]
                    for y in members_of[rj]
                ):
                    continue
                # never a chain: every figure of the group within max_ratio of every other
                joined = [values[x] for x in members_of[ri] + members_of[rj] if values[x] > 0]
                if joined and max(joined) > self.max_ratio * min(joined):
                    continue
                things.union(fi, fj)
                root = things.find(fi)
                members_of[root] = members_of[ri] + members_of[rj]
                if _speaker_key(a) != _speaker_key(b):
                    witnesses.append((i, j))
        out = []
        for group in things.groups():
            figs = [[claims[i] for i in fig_members[f]] for f in group]
            inside = set(group)
            witness = next(
                ((claims[i], claims[j]) for i, j in witnesses if fig_of[i] in inside), None
            )
            out += self._quantity_cluster(story, figs, speaks_for, texts, witness)
        return out

    def _quantity_cluster(
        self,
        story: str,
        figs: list[list[Claim]],
        speaks_for: Mapping[str, str],
        texts: Mapping[str, str],
        witness: tuple[Claim, Claim] | None = None,
    ) -> list[ClaimCluster]:
        """The cluster of figures that measure one thing (``figs``: each figure's wordings),
        joined on the pairs of wordings in ``witness`` (two speakers) or on one speaker's two
        figures. Joined by one speaker only, with no conflict found (one article gives both
        figures: a range's two ends, a count that grew), they are no different sources'
        figures: each figure is then a cluster of its own."""
        estimates = sorted(
            (_estimate(f) for f in figs), key=lambda e: (-e.families, -len(e.claims), e.value)
        )
        by_claim = {c.id: c for f in figs for c in f}
        variants = sorted(by_claim.values(), key=lambda c: (c.source, c.start))
        if len(estimates) == 1:
            status, reason = _support_status(variants)
            return [_cluster(story, "quantity", variants, status, reason, estimates=estimates)]
        clash = _same_source_clash(figs, speaks_for, texts)
        conflict: tuple[str, ...] = ()
        if clash:
            status, reason, conflict = "conflicting", clash[0], clash[1]
        elif witness is None:
            return [c for f in figs for c in self._quantity_cluster(story, [f], speaks_for, texts)]
        else:
            status = "differing_estimates"
            reason = "different sources give different figures: " + "; ".join(
                f"{_fmt(e.value)} ({e.speaker or 'unattributed'})" for e in estimates
            )
            a, b = sorted(witness, key=lambda c: (c.value or 0.0, c.source))
            reason += f"; for the same time: {_evidence(a)}; {_evidence(b)}"

        return [
            _cluster(
                story, "quantity", variants, status, reason, estimates=estimates, conflict=conflict
            )
        ]


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def _support_status(variants: Sequence[Claim]) -> tuple[str, str]:
    fams = {c.family or c.article for c in variants}
    sources = {c.source for c in variants}
    if len(fams) > 1:
        return "corroborated", f"{len(fams)} independent source families"
    if len(sources) > 1:
        return "single_source", f"{len(sources)} articles, all copies of one source"
    return "single_source", "one article"


def _first_contradiction(
    variants: Sequence[Claim],
    contradicts: Callable[[str, str], bool],
    circles: Sequence[set[str]],
    members: Sequence[int],
) -> tuple[str, tuple[str, str]] | None:
    """Two independent sources rendering one speaker's statement in contradicting ways (a
    changed figure, a negation), each naming that speaker in its attribution: the reason and
    the two claim ids, else None. Wordings whose speaker is unknown, or only resolved from a
    pronoun or a role, are not held to each other."""
    for x, a in enumerate(variants):
        for y in range(x + 1, len(variants)):
            b = variants[y]
            if not circles[members[x]] & circles[members[y]]:
                continue
            if not (_named(a) and _named(b) and _speaker_key(a) == _speaker_key(b)):
                continue
            if (a.family or a.article) != (b.family or b.article) and contradicts(a.text, b.text):
                reason = (
                    f"two sources word one statement in contradicting ways: {_evidence(a)}; "
                    f"{_evidence(b)}"
                )
                return reason, (a.id, b.id)
    return None


def _named(c: Claim) -> bool:
    """Whether the article names the claim's speaker in the attribution itself (not a
    pronoun, a role, an earlier paragraph's speaker, an unresolved or fragmentary name)."""
    return c.attribution == "named" and bool(c.speaker)


def _evidence(c: Claim) -> str:
    """A claim with its attribution as evidence: '"words" (source: "speaker as written" cue)'."""
    who = c.speaker_text or c.speaker or "unattributed"
    how = f" {c.cue}" if c.cue else ""
    words = c.text if len(c.text) <= 90 else c.text[:87] + "..."
    return f"{c.speaker or 'unattributed'} in {c.source} («{words}», attributed by «{who}»{how})"


def _clearly_different_people(a: Claim, b: Claim, persons: Collection[str] | None) -> bool:
    """Whether two claims are given to two people, each named where the words are said, who
    share no word of their names ("BP Plc" and "London-based BP" may be one company; a
    commenter "BluesBerry" is no named person)."""
    if not (_named(a) and _named(b) and a.speaker_id and b.speaker_id):
        return False
    for c in (a, b):
        if persons is not None and c.speaker_id not in persons:
            return False
        words = (c.speaker or "").split()
        if len(words) < 2 or not all(w[:1].isupper() for w in words):
            return False
    wa = {w.casefold().strip(".,") for w in re.split(r"[\s-]+", a.speaker or "")}
    wb = {w.casefold().strip(".,") for w in re.split(r"[\s-]+", b.speaker or "")}
    return not (wa & wb) and not _same_name(a.speaker, b.speaker)


#: characters around a quote in which another speaker's name makes a misattribution unclear
NEAR_CHARS = 300


def _names_near(c: Claim, name: str | None, texts: Mapping[str, str]) -> bool:
    """Whether the article of ``c`` names ``name`` (its last word) near the quote: then the
    other article's speaker may be the same person under a description ("Bart Stupak, a
    Michigan Democrat"), or the quote may be one person's words about another."""
    text = texts.get(c.article)
    if not text or not name:
        return False
    last = name.split()[-1]
    window = text[max(0, c.start - NEAR_CHARS) : c.end + NEAR_CHARS]
    return last in re.findall(r"[\w'’-]+", window)


def _same_count_of_people(a: Claim, b: Claim) -> bool:
    """One count of people given in other words: equal values, each a count of people
    ("15,000 troops", "15,000 North Koreans", "15,000 people"), neither a vague amount."""
    from newsfuse.claims.quantities import counts_people

    return (
        a.value is not None
        and a.value == b.value
        and abs(a.value) >= 100
        and "vague" not in (a.qualifier, b.qualifier)
        and counts_people(a.unit)
        and counts_people(b.unit)
    )


def independent_sources(
    claims: Sequence[Claim], texts: Mapping[str, str], outlets: Mapping[str, str | None]
) -> list[Claim]:
    """The claims with ``family`` set to the independent source each counts as: the articles
    of one outlet are one source (the family of its first article, by family id); and a claim
    whose sentence another article has word for word (at least :data:`SHARED_SENTENCE_WORDS`
    words, case and punctuation aside) counts with that article, once (the smallest family
    among the articles that share the sentence): a shared passage or a republished text is
    no second report. Only the claims of a shared sentence are joined, not their articles."""
    if not claims:
        return []
    family = {c.id: c.family or c.article for c in claims}
    by_outlet: dict[str, str] = {}
    for c in claims:
        key = outlet_key(outlets.get(c.article))
        if key is not None:
            by_outlet[key] = min(by_outlet.get(key, family[c.id]), family[c.id])
    for c in claims:
        key = outlet_key(outlets.get(c.article))
        if key is not None:
            family[c.id] = by_outlet[key]
    by_sentence: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        words = _sentence_words(c, texts)
        if words is not None:
            by_sentence[words].append(c)
    shared: dict[str, str] = {}
    for same in by_sentence.values():
        if len({c.article for c in same}) > 1:
            first = min(family[c.id] for c in same)
            for c in same:
                shared[c.id] = first
    family.update(shared)
    return [c if family[c.id] == c.family else replace(c, family=family[c.id]) for c in claims]


#: a sentence this long that two articles have word for word is copied, not written twice
SHARED_SENTENCE_WORDS = 8


def _sentence_words(c: Claim, texts: Mapping[str, str]) -> str | None:
    text = texts.get(c.article)
    if text is None or c.context is None:
        return None
    words = re.findall(r"\w+", text[c.context[0] : c.context[1]].casefold())
    return " ".join(words) if len(words) >= SHARED_SENTENCE_WORDS else None


def outlet_key(outlet: str | None) -> str | None:
    """An outlet as one key: case, a "www." and a trailing domain aside."""
    if not outlet or not outlet.strip():
        return None
    key = outlet.strip().casefold().removeprefix("www.")
    return re.sub(r"\.(?:com|co\.uk|org|net)$", "", key) or None


def _dates_overlap(a: str | None, b: str | None) -> bool:
    da, db = date_days(a), date_days(b)
    if da is None or db is None:
        return False
    return da[0] <= db[1] and db[0] <= da[1]


def _context_text(c: Claim, texts: Mapping[str, str]) -> str:
    text = texts.get(c.article)
    if text is not None and c.context is not None:
        return text[c.context[0] : c.context[1]]
    return c.text


_PART_OF = re.compile(r"^\W*(?:\w+\W+){0,3}?of\b", re.IGNORECASE)


def _part_and_whole(a: Claim, b: Claim, texts: Mapping[str, str]) -> bool:
    """Whether two figures of one article are a part and its whole: overlapping spans, or
    "N of (the) ... M" between them."""
    if a.article != b.article:
        return False
    if a.start < b.end and b.start < a.end:
        return True
    first, second = (a, b) if a.start < b.start else (b, a)
    text = texts.get(a.article)
    if text is None or second.start - first.end > 40:
        return False
    return bool(_PART_OF.match(text[first.end : second.start] + " "))


def _same_value(a: Claim, b: Claim) -> bool:
    va, vb = a.value, b.value
    if va is None or vb is None:
        return False
    if va == vb:
        return True
    loose = (a.qualifier or "exact") in _LOOSE or (b.qualifier or "exact") in _LOOSE
    # rounding: "about 4,000" and "4,100"; never two exact different counts
    return loose and abs(va - vb) <= 0.03 * max(abs(va), abs(vb))


#: the share of content words two sentences must have in common for their figures to be
#: given for one thing (a figure conflict rests on the two sentences, not on a chain)
CLASH_OVERLAP = 0.1


def _clash(a: Claim, b: Claim, texts: Mapping[str, str]) -> bool:
    """Two figures of one speaker that conflict (see :func:`_same_source_clash`)."""
    return (
        _named(a)
        and _named(b)
        and _speaker_key(a) == _speaker_key(b)
        and _firm(a)
        and _firm(b)
        and _clearly_apart(a, b)
        # an unknown date is compatible with any for grouping, but no evidence of one time
        # (reports without a publication date: two days' tolls of one speaker)
        and date_days(a.date) is not None
        and date_days(b.date) is not None
        and dates_compatible(a, b, soft_days=0)
        and _word_overlap(a, b, texts) >= CLASH_OVERLAP
        and (a.family or a.article) != (b.family or b.article)
    )


#: a content word: three letters or more (no digits)
_WORD = re.compile(r"[^\W\d_]{3,}+")


def _word_overlap(a: Claim, b: Claim, texts: Mapping[str, str]) -> float:
    """The Jaccard overlap of the content words of the sentences of two claims, besides the
    words of their speakers and units (which the two share by construction)."""
    given = {
        w
        for c in (a, b)
        for part in (c.speaker, c.speaker_text, c.unit)
        for w in _WORD.findall((part or "").casefold())
    }

    def words(c: Claim) -> set[str]:
        text = _context_text(c, texts).casefold()
        found = _WORD.findall(text)
        return {w for w in found if w not in FUNCTION_WORDS and w[:5] not in {g[:5] for g in given}}

    wa, wb = words(a), words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _same_source_clash(
    figs: list[list[Claim]], speaks_for: Mapping[str, str], texts: Mapping[str, str]
) -> tuple[str, tuple[str, str]] | None:
    """Two figures, each a count ("about" at most) and more than 10% apart, that one speaker
    (the same person or organisation, not two people of one organisation: two health
    ministers are two speakers), named in both attributions, gives for the same day (the
    dates written in the sentences, else the articles' days, equal), in sentences that share
    at least :data:`CLASH_OVERLAP` of their content words, in two independent sources: the reason and the two claim ids, else None. A figure whose speaker
    is not named where it is said, a bound ("up to", "at least"), a range, a forecast, or a
    figure of another day (a count that grows day by day) is at most a differing estimate."""

    for x, fa in enumerate(figs):
        for fb in figs[x + 1 :]:
            if {c.article for c in fa} & {c.article for c in fb}:
                continue  # one article gives both (a toll that rose, two scopes): no conflict
            for a in fa:
                for b in fb:
                    if not _clash(a, b, texts):
                        continue
                    reason = (
                        f"one speaker gives {_fmt(a.value)} and {_fmt(b.value)} for the same "
                        f"day: {_evidence(a)}; {_evidence(b)}"
                    )
                    return reason, (a.id, b.id)
    return None


#: the word similarity of the sentences of two different figures (which must name an entity
#: in common) to be two estimates of one thing
DIFFERING_CONTEXT = 0.12
#: and the share of their content words, besides speakers and units, they must have in common
DIFFERING_OVERLAP = 0.05


def _estimates_of_one_thing(
    a: Claim,
    b: Claim,
    word: float,
    texts: Mapping[str, str],
    speaks_for: Mapping[str, str] | None = None,
) -> bool:
    """Whether two different figures may be two sources' estimates of one thing: from two
    independent sources (figures of one article, or of one source, are different things or a
    count that changed), said by two speakers who do not speak for one another (a company and
    its spokesman giving two figures on one day give an update or two things, not two
    estimates: ``speaks_for`` maps a speaker's entity id to its organisation), counts or measures of 10 or more ("two permits" and "six permits"
    are rarely one thing; sums of money, durations and percentages, of which a story holds
    many of different things, are never held side by side), each given by a source the
    article names (a figure the article states itself is its own: two unattributed figures in
    two reports were, on real news, mostly two different things: the toll of two accidents),
    in sentences alike in their words and naming the same entity; for one day (a month, a
    range or an unknown date is none; a day apart only for a figure its sentence sets against
    another count), neither a change or a running total, nor in a sentence with a modal verb
    unless marked a forecast. On real news (Timeline17) the figures that failed these were
    counts a day apart (an update), a running total and its increment, a plan or capacity
    beside an amount, and a spread in basis points."""
    if a.article == b.article or (a.family or a.article) == (b.family or b.article):
        return False
    if not (_attributed(a) and _attributed(b)):
        return False
    if _speaker_key(a) == _speaker_key(b):  # one speaker, two figures: a conflict or nothing
        return _clash(a, b, texts)
    if _circle(a, speaks_for or {}) & _circle(b, speaks_for or {}):
        return False  # "BP says 3,000" and "BP spokesman Mark Proegler said 5,000"
    if "range" in (a.qualifier, b.qualifier):  # "eight to 14": its middle is no figure given
        return False
    if not (_estimable(a) and _estimable(b)):
        return False
    if min(abs(a.value or 0.0), abs(b.value or 0.0)) < 10:
        return False
    if not set(a.entities) & set(b.entities) or word < DIFFERING_CONTEXT:
        return False
    if _word_overlap(a, b, texts) < DIFFERING_OVERLAP:
        return False
    if _running_count(a, texts) or _running_count(b, texts):
        return False
    if _conditional(a, texts) or _conditional(b, texts):
        return False
    if _earlier(a, texts) or _earlier(b, texts) or ":" in (a.cue, b.cue):
        return False
    if _period(a, texts) != _period(b, texts):  # 10,000 a day and 27,700 in four days
        return False
    if _one_day(a, b):
        return True
    # a day apart (one dated only by its article): only a figure its own sentence sets against
    # another count ("well above the official count") is an estimate and not an update
    return dates_compatible(a, b, soft_days=1) and (
        _set_against(a, texts) or _set_against(b, texts)
    )


#: the words either side of a sum of money or a percentage that say what it is of
SUBJECT_WORDS = 6
#: a word near more than this share of a story's sums and percentages says what none is of
SUBJECT_SHARE = 0.1


def _unnamed_subject(c: Claim) -> bool:
    """A sum of money or a percentage: its unit does not say what it counts (a round sum such
    as "$100 million" is given in one story for a relief well, a fund and a damages award)."""
    unit = (c.unit or "").strip()
    return _money(unit) or unit.casefold() in ("percent", "%", "per cent")


def _money(unit: str) -> bool:
    """Whether a figure's unit is a currency code (a sum of money: "$" is given as "USD")."""
    return bool(re.fullmatch(r"[A-Z]{3}", unit))


def _subjects(claims: Sequence[Claim], texts: Mapping[str, str]) -> list[frozenset[str]]:
    """For each sum of money or percentage of a story (see :func:`_unnamed_subject`), the words
    that say what it is of: the content words among the :data:`SUBJECT_WORDS` words either side
    of it in its sentence that are near at most :data:`SUBJECT_SHARE` of the story's sums and
    percentages, or at most three ("relief", "well", "fund", "workers"; not "BP", "oil",
    "said"), each as its first five letters ("drill" for "drilling"); an empty set
    for other figures and where no such word is near. Two equal sums whose sets are both
    non-empty and share no word are two figures."""
    near: list[frozenset[str]] = []
    for c in claims:
        text = texts.get(c.article)
        if not _unnamed_subject(c) or text is None:
            near.append(frozenset())
            continue
        lo, hi = c.context if c.context is not None else (c.start, c.end)
        before = _WORD.findall(text[lo : c.start])[-SUBJECT_WORDS:]
        after = _WORD.findall(text[c.end : hi])[:SUBJECT_WORDS]
        near.append(
            frozenset(
                w[:5]
                for w in (x.casefold() for x in before + after)
                if w not in FUNCTION_WORDS and w not in MONTHS_DAYS
            )
        )
    counted = [w for words in near if words for w in words]
    total = sum(1 for words in near if words)
    common = {w for w, k in Counter(counted).items() if k > max(SUBJECT_SHARE * total, 3)}
    return [words - common for words in near]


def _of_one_thing(
    first: Sequence[int], second: Sequence[int], subjects: Sequence[frozenset[str]]
) -> bool:
    """Whether two groups of wordings of one sum or percentage say they are of one thing: at
    least half of their cross pairs that both say what they are of (see :func:`_subjects`)
    share a word (a group, not a pair: a chain of sums that each share a word with the next,
    "a fund for workers", "damages to workers", "damages for the spill", joins nothing)."""
    said = [(x, y) for x in first if subjects[x] for y in second if subjects[y]]
    return 2 * sum(1 for x, y in said if subjects[x] & subjects[y]) >= len(said)


#: the mean word similarity of the sentences of two groups of one figure's wordings for them to
#: be one figure (half the pair threshold: a total given as "five units of 3,000 people each"
#: and "to 15,000" share few words; sums of "$100 million" for a relief well and for a fund
#: for rig workers share fewer)
FIGURE_LINK = 0.06


def _alike_on_average(
    first: Sequence[int],
    second: Sequence[int],
    word: Mapping[tuple[int, int], float] | _FigureWords,
    threshold: float,
) -> bool:
    """Whether the sentences of two groups of wordings are alike on average: the mean word
    similarity of their cross pairs (a pair not in ``word``, keyed (smaller, bigger), is
    unlike: 0) is at least ``threshold`` (average linkage, which no chain of alike pairs
    passes)."""
    total = 0.0
    for x in first:
        for y in second:
            total += word.get((x, y) if x < y else (y, x), 0.0)
    return total >= threshold * len(first) * len(second)


def _one_day(a: Claim, b: Claim) -> bool:
    """Whether two claims are dated to one and the same day (a month, a range or an unknown
    date is no day: two counts of a running toll are compared only when they are of one day)."""
    da, db = date_days(a.date), date_days(b.date)
    return da is not None and da == db and da[0] == da[1]


#: a figure given as a change or a new total: a count that runs, day by day ("up from 91
#: yesterday", "a further 17 people", "taking the total to 203", "widened by 71 points")
_RUNNING = re.compile(
    r"\b(?:up|down|increas\w*+|rise|rising|risen|rose)\s++from\b"
    r"|\b(?:a\s++further|another|additional)\s++\d"
    r"|(?<![\d,.])\d[\d,.]*+\s++(?:new|more|additional|further)\b"
    r"|\b(?:bring|bringing|brings|brought|take|taking|takes|took|push|pushing|pushes|pushed)"
    r"\s++(?:\w++\s++){0,4}?(?:total|tally|toll|number|count)\b"
    r"|\b(?:rose|risen|rises|rising|climbed|climbs|jumped|grew|grown|increased|fell|dropped|"
    r"declined|widened|narrowed|soared|doubled|tripled|halved)\s+(?:by\s+|to\s+)",
    re.IGNORECASE,
)
#: a figure its sentence sets against another count: "well above the official count", "a far
#: higher figure than the government's estimate", "disputed the official toll"
_SET_AGAINST = re.compile(
    r"\b(?:than|above|below|exceed\w*|contradict\w*|disput\w*|contrary\s+to|compared\s+"
    r"(?:with|to)|against|versus)\s+(?:\w+['’]?s?\s+){0,4}?"
    r"(?:count|counts|figure|figures|estimate|estimates|tally|toll|number|numbers|total)\b",
    re.IGNORECASE,
)


#: a modal verb: a figure in a sentence that has one is a plan, a capacity or a condition
#: ("the two ships will have a capacity of about 20,000 barrels a day"), not a count
_MODAL = re.compile(r"\b(?:will|would|could|might|may|shall|should)\b|\b\w+['’]ll\b")


def _conditional(c: Claim, texts: Mapping[str, str]) -> bool:
    """Whether a figure not marked as a forecast stands in a sentence with a modal verb (see
    :data:`_MODAL`; "May" the month is capitalised): a figure marked as a forecast ("could
    rise to 9,000") is shown as one, a figure that is not would read as a count."""
    return c.qualifier not in FORECASTS and bool(_MODAL.search(_context_text(c, texts)))


#: a figure of an earlier time than its sentence's day: "BP had estimated the flow at 5,000
#: barrels", "officials initially put the toll at 40", "an earlier estimate of 1,000"
_EARLIER = re.compile(
    r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?\w+(?:ed|en|said|put|set|told|given|made)\b"
    r"|\b(?:initial(?:ly)?|original(?:ly)?|earlier|previous(?:ly)?|first)\s+(?:\w+\s+)?"
    r"(?:estimate\w*|figure\w*|said|put|report\w*|count\w*|gave|given)\b",
    re.IGNORECASE,
)


def _earlier(c: Claim, texts: Mapping[str, str]) -> bool:
    """Whether a figure's sentence gives it as of an earlier time (see :data:`_EARLIER`):
    it is no estimate of the day its article gives it."""
    return bool(_EARLIER.search(_context_text(c, texts)))


#: the time a figure is counted over, written right after it: a rate ("a day", "per hour",
#: "daily") or a period ("in the 12-hour stretch", "between June 3 and June 6", "in total")
_PERIOD = re.compile(
    r"\b(?:(?:a|an|per|each|every) (day|week|month|year|hour)\b"
    r"|(dai)ly\b|(week)ly\b|(month)ly\b|(year)ly\b|(annual)ly\b"
    r"|(?:in|over|during) (?:the )?(?:past |last )?(?:[\w-]++ )?(?:\w++-)?(hour|day|week|month|year)s?\b"
    r"|(between)\b|(in total|so far|to date|since)\b)"
)
#: the words after a figure that :data:`_PERIOD` reads (brackets left out: a conversion)
PERIOD_WORDS = 7
_BRACKETS = re.compile(r"\([^()]*\)")


def _period(c: Claim, texts: Mapping[str, str]) -> str | None:
    """What a figure is counted over, as the few words after it say (see :data:`_PERIOD`):
    the unit of a rate or a period ("day", "hour" ...), "total" for a total over a span, None
    when nothing is said. Two figures counted over different times measure different things."""
    text = texts.get(c.article)
    if text is None:
        return None
    after = _BRACKETS.sub(" ", text[c.end : c.end + 160]).split(".")[0]
    words = re.findall(r"[\w'’]+(?:-[\w'’]+)*", after)[:PERIOD_WORDS]
    m = _PERIOD.search(" ".join(words).casefold())
    if m is None:
        return None
    found = next(g for g in m.groups() if g is not None)
    return {"dai": "day", "annual": "year", "between": "total", "in total": "total"}.get(
        found, "total" if found in ("so far", "to date", "since") else found
    )


def _running_count(c: Claim, texts: Mapping[str, str]) -> bool:
    """Whether the clause of a figure gives it as a change or a running total (see
    :data:`_RUNNING`): two sources' running counts differ by the hour, not by estimate."""
    return bool(_RUNNING.search(_context_text(c, texts)))


def _set_against(c: Claim, texts: Mapping[str, str]) -> bool:
    """Whether a figure's sentence sets it against another count (see :data:`_SET_AGAINST`)."""
    return bool(_SET_AGAINST.search(_context_text(c, texts)))


_NOT_ESTIMATES = frozenset(
    {"percent", "%", "per cent", "second", "seconds", "minute", "minutes", "hour", "hours"}
    | {"point", "points", "basis point", "basis points", "percentage points", "bps", "pips"}
    | {"day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"}
)


def _attributed(c: Claim) -> bool:
    """A figure said by a speaker the article names or resolves (within what is said; not a
    figure beside an attribution, not an unresolved speaker)."""
    return bool(c.speaker) and c.attribution in ("named", "resolved", "inherited")


def _estimable(c: Claim) -> bool:
    """A count or a measure that sources may estimate differently (people, troops, barrels),
    not a sum of money (a currency code) or a duration or a percentage."""
    unit = (c.unit or "").strip()
    if not unit or _money(unit):
        return False
    return unit.casefold() not in _NOT_ESTIMATES


def _firm(c: Claim) -> bool:
    """A figure stated as a count: exact or "about", not a bound, a range or a forecast."""
    return (c.qualifier or "exact") in ("exact", "about")


def _clearly_apart(a: Claim, b: Claim) -> bool:
    """Two figures no rounding or "about" can make one: more than 10% apart."""
    va, vb = abs(a.value or 0.0), abs(b.value or 0.0)
    return abs(va - vb) > 0.1 * max(va, vb)


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"


def _estimate(claims: list[Claim]) -> Estimate:
    first = _representative(claims)
    speakers: Counter[str] = Counter()
    written: dict[str, str] = {}
    for c in claims:
        if c.speaker:
            key = c.speaker.casefold()
            written.setdefault(key, c.speaker)
            speakers[key] += 1
    qualifiers = Counter(c.qualifier for c in claims if c.qualifier)
    dates = Counter(c.date for c in claims if c.date and c.date_text)
    return Estimate(
        value=float(first.value or 0.0),
        unit=first.unit,
        qualifier=qualifiers.most_common(1)[0][0] if qualifiers else None,
        speaker="; ".join(written[k] for k in _distinct_speakers(speakers)) or None,
        date=dates.most_common(1)[0][0] if dates else first.date,
        text=first.text,
        sources=tuple(sorted({c.source for c in claims})),
        families=len({c.family or c.article for c in claims}),
        claims=tuple(c.id for c in claims),
    )


def _distinct_speakers(speakers: Counter[str]) -> list[str]:
    """Speaker keys, most frequent first, without a "the port authority" that only repeats
    the end of a fuller name also there ("haverlund port authority")."""
    keys = [k for k, _ in speakers.most_common()]

    def bare(k: str) -> str:
        return k.removeprefix("the ").strip()

    return [
        k
        for k in keys
        if not any(o != k and len(o) > len(k) and o.endswith(" " + bare(k)) for o in keys)
    ]


def _representative(claims: Sequence[Claim]) -> Claim:
    """The wording most articles share (ties: the longest, then the first by source)."""
    counts = Counter(c.text.casefold() for c in claims)
    return sorted(claims, key=lambda c: (-counts[c.text.casefold()], -len(c.text), c.source))[0]


def _cluster_speaker(variants: Sequence[Claim]) -> str | None:
    """Who a cluster's wordings give it to, when they agree: the speaker of more than half
    of the independent families whose wordings name one, named or resolved in the article
    (not "he", not a bare description), or the one speaker every such family gives (then
    also a description, "the country's minister of antiquities"); else None (shown as
    unattributed). Copies of one report count once. A figure that two hundred reports
    repeat ("30 years"), seven of them copies of one page that gave it to "a refocused
    mission", is no one's."""
    by_key: dict[str, set[str]] = defaultdict(set)
    attributed: dict[str, set[str]] = defaultdict(set)
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for c in variants:
        key = _speaker_key(c)
        if key is None or not c.speaker:
            continue
        family = c.family or c.article
        by_key[key].add(family)
        written[key][c.speaker] += 1
        if _attributed(c):
            attributed[key].add(family)
    if not by_key:
        return None
    speaking = set().union(*by_key.values())
    if len(by_key) == 1:
        (key,) = by_key
    else:
        ranked = sorted(attributed, key=lambda k: (-len(attributed[k]), k))
        if not ranked or 2 * len(attributed[ranked[0]]) <= len(speaking):
            return None
        key = ranked[0]
    return written[key].most_common(1)[0][0]


def _cluster(
    story: str,
    kind: str,
    variants: Sequence[Claim],
    status: str,
    reason: str,
    *,
    estimates: Sequence[Estimate] = (),
    rep: Claim | None = None,
    conflict: tuple[str, ...] = (),
) -> ClaimCluster:
    variants = sorted(variants, key=lambda c: (c.source, c.start))
    rep = rep or _representative(variants)
    families = tuple(sorted({c.family or c.article for c in variants}))
    dates = Counter(c.date for c in variants if c.date)
    single = len(estimates) <= 1
    key = "|".join(sorted(c.id for c in variants))
    return ClaimCluster(
        id=content_id(f"{story}:{kind}:{key}".encode()),
        story=story,
        kind=kind,
        status=status,
        text=rep.text,
        variants=tuple(variants),
        sources=tuple(sorted({c.source for c in variants})),
        family_ids=families,
        speaker=_cluster_speaker(variants) if single else None,
        value=rep.value if single else None,
        unit=rep.unit,
        qualifier=(estimates[0].qualifier if estimates else rep.qualifier) if single else None,
        date=dates.most_common(1)[0][0] if dates else None,
        estimates=tuple(estimates),
        reason=reason,
        conflict=conflict,
    )


__all__ = [
    "FORECASTS",
    "SHARED_SENTENCE_WORDS",
    "ClaimComparer",
    "date_days",
    "dates_compatible",
    "independent_sources",
    "outlet_key",
]
