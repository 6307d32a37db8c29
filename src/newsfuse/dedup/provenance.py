"""Provenance: source families, which member is the original, and why.

A *source family* is a set of articles that derive from one another (exact copies,
near-duplicates, containment, rewrites) or that credit the same origin and are about the same
thing. Later stages count families, not articles: a copy is not a second source. Articles that
only share a passage (a live blog quoting a report) are not merged into one family; instead the
shared passage is attributed to the other article's family (see ``CopyReport.family_of``). A
page that holds an article but is mostly other text (a round-up of several wire stories) keeps
its own family too, or it would chain unrelated wires into one.

Which member is the original is decided from evidence, each piece a reason in the output:

==========================  ==========================================================  ======
evidence                    reading                                                      weight
==========================  ==========================================================  ======
credit line / dateline      "Credit: X", "(X) —", "originally published by X" naming      3
                            another member's outlet: that member is the origin
own dateline                a member whose credit is its own outlet (an agency's wire)    2
canonical link              a member whose canonical URL is on another member's site      2
content-farm markers        "Edit post", theme placeholders, CMS admin bylines: a copy    2
publication time            published later than the other (both known)                   1
containment                 the text that holds the other plus extra text is the copy;    1
                            a truncated text is the copy of the whole one
==========================  ==========================================================  ======

The member with the highest net evidence is the original when it leads by at least one point;
otherwise the original is unknown (None) and the reasons say what was missing. Acronyms of
outlets ("NPA" for "Nordpress Agency") are learned from the corpus: an outlet's own articles
that carry the acronym as their dateline, and "Long Name (ACR)" in any text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from newsfuse.records import Article, Failure, Family, Link
from newsfuse.unionfind import UnionFind

FAMILY_TYPES = ("exact_copy", "near_duplicate", "contains", "rewrite_of")
CONTAINER_SHARE = 0.5  # a page must be at least this much the contained article to join its family
SAME_STORY = 0.6  # word-bag cosine for two articles crediting one origin to be one family
CREDIT_WINDOW_DAYS = 3  # ... and at most this far apart in publication time

_FARM = re.compile(
    r"\b(?:edit (?:post|article|this)|lorem ipsum|leave a (?:reply|comment)"
    r"|proudly powered by|posted in uncategorized|add new post|this post was auto|"
    r"auto[- ]?generated|rewritten by ai)\b",
    re.IGNORECASE,
)
# comment-form field labels, as whole lines ("Your Name", "Email *"): a theme left as shipped
_FARM_LINE = re.compile(
    # white space within the line ("^\s*" from every line start of a run of blank lines read
    # on to its end)
    r"^[^\S\n]*+(?:your )?(?:name|e-?mail|website)[^\S\n]*+(?:\*[^\S\n]*+)?$",
    re.IGNORECASE | re.MULTILINE,
)
_ADMIN_AUTHOR = re.compile(
    r"(?:^|[_\W])(?:admin|administrator|editor|staff|webmaster|bot)(?:$|[_\W])", re.I
)
_ORIGIN = re.compile(
    r"(?:originally (?:appeared|published)(?: (?:on|in|by|at))?|first (?:appeared|published) "
    r"(?:on|in|by)|republished (?:from|with permission (?:of|from))|source:|credit:)[ \t]+"
    r"(?:the[ \t]+)?([A-Z][\w&'’-]*(?:[ \t]+[A-Z][\w&'’-]*){0,4})",
)
_ACRONYM_DEF = re.compile(r"\b((?:[A-Z][\w’'-]+\s+){1,5}[A-Z][\w’'-]+)\s+\(([A-Z]{2,6})\)")

W_CREDIT, W_OWN, W_CANONICAL, W_FARM, W_TIME, W_CONTAIN = 3.0, 2.0, 2.0, 2.0, 1.0, 1.0


# words that do not tell outlets apart: "BBC" credits "BBC News", "Reuters" is "Reuters Wire"
_GENERIC = frozenset(
    [
        "the",
        "news",
        "online",
        "com",
        "co",
        "uk",
        "net",
        "org",
        "digital",
        "wire",
        "service",
        "media",
        "network",
        "group",
        "newswire",
        "press",
        "agency",
        "tv",
        "web",
        "live",
    ]
)


_GENERIC_LONGEST_FIRST = sorted(_GENERIC, key=lambda w: (-len(w), w))  # a fixed order


def _norm(name: str | None) -> str:
    """An outlet's name as a key: letters and digits only, without a leading "the" or
    trailing generic words, so "FoxNews.com", "Fox News" and "FOX NEWS" are one outlet."""
    if not name:
        return ""
    key = re.sub(r"[\W_]", "", name.casefold()).removeprefix("the")
    stripped = True
    while stripped:
        stripped = False
        for word in _GENERIC_LONGEST_FIRST:
            if key.endswith(word) and len(key) - len(word) >= 3:
                key = key[: -len(word)]
                stripped = True
    return key


def _is_acronym(acr: str, name: str) -> bool:
    """``acr`` reads as an acronym of ``name``: its letters in order, the first one first."""
    acr, name = acr.casefold(), re.sub(r"[\W_]", "", name.casefold()).removeprefix("the")
    if len(acr) < 2 or not name or acr[0] != name[0]:
        return False
    pos = 1
    for ch in acr[1:]:
        pos = name.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


@dataclass(frozen=True, slots=True)
class Info:
    """What provenance needs of one article, read once from it (so families can be decided
    again later without the texts): metadata, the credits and content-farm markers found in
    it, the acronym definitions it gives, its length and whether it ends mid-way."""

    id: str
    source: str
    outlet: str | None = None
    credit: str | None = None
    published: str | None = None
    url: str | None = None
    length: int = 0
    ends_early: bool = False
    farm: tuple[str, ...] = ()
    credit_names: tuple[str, ...] = ()  # origins it credits, as written
    own_acronym: tuple[str, str] | None = None  # (acronym key, outlet key): its own dateline
    acronyms: tuple[tuple[str, str], ...] = ()  # ("Long Name (ACR)" in its text) as keys

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["acronyms"] = [list(x) for x in self.acronyms]
        d["own_acronym"] = list(self.own_acronym) if self.own_acronym else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Info:
        return cls(
            **{
                **d,
                "farm": tuple(d.get("farm", ())),
                "credit_names": tuple(d.get("credit_names", ())),
                "own_acronym": tuple(d["own_acronym"]) if d.get("own_acronym") else None,
                "acronyms": tuple((x[0], x[1]) for x in d.get("acronyms", ())),
            }
        )


def info_of(a: Article) -> Info:
    """The provenance reading of ``a`` (raises on a text the markers cannot be read from)."""
    names = [a.credit] if a.credit else []
    for t in [a.text[:600], a.text[-600:]] + [r.text for r in a.removed]:
        names += [m.group(1) for m in _ORIGIN.finditer(t)]
    own = None
    if a.outlet and a.credit and _is_acronym(a.credit, a.outlet):
        own = (_norm(a.credit), _norm(a.outlet))
    defs = []
    for m in _ACRONYM_DEF.finditer(a.text[:5000]):
        long_name, acr = m.group(1), m.group(2)
        if _is_acronym(acr, long_name):
            defs.append((_norm(acr), _norm(long_name)))
    return Info(
        id=a.id,
        source=a.source,
        outlet=a.outlet,
        credit=a.credit,
        published=a.published,
        url=a.url,
        length=len(a.text),
        ends_early=_ends_early(a.text),
        farm=tuple(farm_markers(a)),
        credit_names=tuple(dict.fromkeys(n.strip() for n in names if n and n.strip())),
        own_acronym=own,
        acronyms=tuple(dict.fromkeys(defs)),
    )


def _best(counts: Counter[str] | None) -> str | None:
    """The most frequent value, the smallest on a tie: a function of the counts alone."""
    if not counts:
        return None
    return min((v for v in counts if counts[v] > 0), key=lambda v: (-counts[v], v), default=None)


class OriginCounts:
    """What the corpus teaches about outlet names, as counts (so the same articles give the
    same names and acronyms in whatever order or batches they come): outlet names written
    per outlet key, the long names an acronym stands for (from an outlet's own dateline and
    from "Long Name (ACR)" in a text), and the credit names written per key."""

    KINDS = ("outlet", "own", "def", "name")

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, Counter[str]]] = {
            k: defaultdict(Counter) for k in self.KINDS
        }

    @staticmethod
    def contributions(info: Info) -> list[tuple[str, str, str]]:
        """The (kind, key, value) counts one article adds."""
        out = []
        if info.outlet and _norm(info.outlet):
            out.append(("outlet", _norm(info.outlet), info.outlet))
        if info.own_acronym:
            out.append(("own", *info.own_acronym))
        out += [("def", acr, long) for acr, long in info.acronyms]
        out += [("name", _norm(n), n) for n in info.credit_names if _norm(n)]
        return out

    def add(self, info: Info, sign: int = 1) -> set[str]:
        """Count (``sign`` 1) or uncount (-1) an article; the keys whose counts moved."""
        touched = set()
        for kind, key, value in self.contributions(info):
            c = self.counts[kind][key]
            c[value] += sign
            if c[value] <= 0:
                del c[value]
            if not c:
                del self.counts[kind][key]
            touched.add(key)
        return touched

    def alias(self, key: str) -> str | None:
        """The outlet key an acronym key stands for: an outlet's own dateline first, else a
        definition in a text; the most frequent, the smallest on a tie."""
        return _best(self.counts["own"].get(key)) or _best(self.counts["def"].get(key))


class Origins:
    """Resolves credit names to outlets of the corpus (with acronyms learned from it).

    A function of the set of articles: every choice (an outlet's name, what an acronym
    stands for, how a credited origin is written) is the most frequent, then the smallest."""

    def __init__(
        self, articles: Sequence[Article | Info] = (), *, counts: OriginCounts | None = None
    ):
        if counts is None:
            counts = OriginCounts()
            for a in articles:
                counts.add(a if isinstance(a, Info) else info_of(a))
        self.counts = counts
        self._alias: dict[str, str] = {}

    def key(self, name: str | None) -> str:
        n = _norm(name)
        if not n:
            return n
        k = self._alias.get(n)
        if k is None:
            k = self._alias[n] = self.counts.alias(n) or n
        return k

    def name(self, key: str) -> str:
        """How to write an origin key: the corpus outlet's name, else as most often
        credited (by that key or an acronym of it), else the key."""
        found = _best(self.counts.counts["outlet"].get(key))
        if found:
            return found
        names: Counter[str] = Counter(self.counts.counts["name"].get(key, Counter()))
        for acr in self.counts.counts["own"].keys() | self.counts.counts["def"].keys():
            if acr != key and self.key(acr) == key:
                names.update(self.counts.counts["name"].get(acr, Counter()))
        return _best(names) or key

    def credits(self, a: Info) -> list[str]:
        """Who the article credits (credit field, "originally published by ..."), as keys."""
        found = [self.key(n) for n in a.credit_names]
        own = self.key(a.outlet)
        return [c for c in dict.fromkeys(found) if c and c != own]

    def own_dateline(self, a: Info) -> bool:
        return bool(a.credit and a.outlet and self.key(a.credit) == self.key(a.outlet))


def farm_markers(a: Article) -> list[str]:
    """Content-farm markers in the page: theme placeholders, CMS controls, admin bylines."""
    found = []
    for t in [a.text] + [r.text for r in a.removed]:
        found += [m.group(0) for m in _FARM.finditer(t)]
        found += [m.group(0).strip() for m in _FARM_LINE.finditer(t)]
    if a.author and _ADMIN_AUTHOR.search(a.author):
        found.append(f"byline {a.author!r}")
    return list(dict.fromkeys(found))


def _time(a: Article | Info) -> datetime | None:
    if not a.published:
        return None
    try:
        t = datetime.fromisoformat(a.published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _has_clock(a: Article | Info) -> bool:
    return bool(a.published and "T" in a.published)


def _name(a: Article | Info) -> str:
    return a.outlet or a.source


def _infos(articles: Sequence[Article | Info]) -> tuple[list[Info], list[Failure]]:
    """Each article's :class:`Info` (an Info is kept as it is); an article whose markers
    cannot be read gets one without them, and a Failure."""
    out, failures = [], []
    for a in articles:
        if isinstance(a, Info):
            out.append(a)
            continue
        try:
            out.append(info_of(a))
        except Exception as exc:  # one odd page: no evidence from it, the rest goes on
            failures.append(Failure.of(a.source, "copies", exc))
            out.append(
                Info(a.id, a.source, a.outlet, a.credit, a.published, a.url, len(a.text), False)
            )
    return out, failures


class Evidence:
    """Pairwise evidence that one article derives from another, with the reasons."""

    def __init__(self, articles: Sequence[Article | Info], origins: Origins | None = None):
        infos, self.failures = _infos(articles)
        self.origins = origins if origins is not None else Origins(infos)
        self.info: dict[str, Info] = {i.id: i for i in infos}
        self.farm: dict[str, list[str]] = {i.id: list(i.farm) for i in infos}
        self.credits: dict[str, list[str]] = {i.id: self.origins.credits(i) for i in infos}

    def add(self, info: Info) -> None:
        """Know one more article (its credits resolved with the current origins)."""
        self.info[info.id] = info
        self.farm[info.id] = list(info.farm)
        self.credits[info.id] = self.origins.credits(info)

    def pair(
        self, a: Article | Info, b: Article | Info, link: Link | None
    ) -> tuple[float, list[str]]:
        """Positive: a is derived from b; negative: b from a. With the reasons."""
        a, b = self.info.get(a.id, a), self.info.get(b.id, b)
        ia, ib = _as_info(a), _as_info(b)
        score, reasons = 0.0, []
        ka, kb = self.origins.key(a.outlet), self.origins.key(b.outlet)
        if kb and ka != kb and kb in self.credits.get(a.id, self.origins.credits(ia)):
            score += W_CREDIT
            reasons.append(f"{_name(a)} credits {b.outlet}")
        if ka and ka != kb and ka in self.credits.get(b.id, self.origins.credits(ib)):
            score -= W_CREDIT
            reasons.append(f"{_name(b)} credits {a.outlet}")
        if self.origins.own_dateline(ib) and not self.origins.own_dateline(ia):
            score += W_OWN
            reasons.append(f"{_name(b)} carries its own dateline ({b.credit})")
        elif self.origins.own_dateline(ia) and not self.origins.own_dateline(ib):
            score -= W_OWN
            reasons.append(f"{_name(a)} carries its own dateline ({a.credit})")
        canon = _canonical(a, b)
        if canon:
            score += W_CANONICAL * canon
            derived, orig = (a, b) if canon > 0 else (b, a)
            reasons.append(f"{_name(derived)} gives a canonical link on {_name(orig)}'s site")
        farm_a, farm_b = list(ia.farm), list(ib.farm)
        if farm_a and not farm_b:
            score += W_FARM
            reasons.append(f"{_name(a)} has content-farm markers ({', '.join(farm_a[:3])})")
        elif farm_b and not farm_a:
            score -= W_FARM
            reasons.append(f"{_name(b)} has content-farm markers ({', '.join(farm_b[:3])})")
        ta, tb = _time(a), _time(b)
        if ta and tb:
            same_precision = _has_clock(a) == _has_clock(b)
            if same_precision or ta.date() != tb.date():
                if ta > tb:
                    score += W_TIME
                    reasons.append(
                        f"{_name(a)} was published after {_name(b)} ({a.published} > {b.published})"
                    )
                elif tb > ta:
                    score -= W_TIME
                    reasons.append(
                        f"{_name(b)} was published after {_name(a)} ({b.published} > {a.published})"
                    )
        if link is not None:
            s, r = _text_evidence(ia, ib, link)
            score += s
            reasons += r
        return score, reasons


def _as_info(a: Article | Info) -> Info:
    return a if isinstance(a, Info) else info_of(a)


def _canonical(a: Article | Info, b: Article | Info) -> int:
    """+1 when a's canonical URL is on b's site (and not a's own), -1 for the reverse."""
    if not (a.url and b.url):
        return 0
    ha = (urlsplit(a.url).hostname or "").removeprefix("www.")
    hb = (urlsplit(b.url).hostname or "").removeprefix("www.")
    if a.url != b.url or not ha:
        return 0

    def on_site(x: Article | Info, host: str) -> bool:
        key = _norm(x.outlet).replace(" ", "")
        return bool(key) and key[:6] in host.replace("-", "").replace(".", "")

    if on_site(b, ha) and not on_site(a, ha):
        return 1
    if on_site(a, hb) and not on_site(b, hb):
        return -1
    return 0


def _text_evidence(a: Info, b: Info, link: Link) -> tuple[float, list[str]]:
    """What the texts themselves say: which one holds the other plus extra, or is truncated."""
    facts = link.facts
    ca, cb = facts.get("coverage_a"), facts.get("coverage_b")
    if ca is None or cb is None or link.type not in ("contains", "near_duplicate"):
        return 0.0, []
    # orient the numbers to (a, b) of this call
    if link.a == b.id:
        ca, cb = cb, ca
    if link.type == "contains" and link.spans:
        # "link.a contains link.b": offsets a_* are in the outer text, b_* in the inner one
        outer, inner = by_pair(a, b, link.a)
        if is_truncation(link, outer, inner):
            sign = 1.0 if inner is a else -1.0
            return W_CONTAIN * sign, [f"{_name(inner)} is a truncation of {_name(outer)}"]
        sign = 1.0 if outer is a else -1.0
        return W_CONTAIN * sign, [f"{_name(outer)} holds {_name(inner)}'s text plus other text"]
    if abs(ca - cb) >= 0.08:  # near-duplicate: the one with more text of its own is the copy
        sign = 1.0 if ca < cb else -1.0
        more = a if ca < cb else b
        return 0.5 * sign, [f"{_name(more)} wraps the shared text in more text of its own"]
    return 0.0, []


def by_pair(a: Info, b: Info, first_id: str) -> tuple[Info, Info]:
    """(a, b) ordered so that the article with ``first_id`` comes first."""
    return (a, b) if a.id == first_id else (b, a)


def _ends_early(text: str) -> bool:
    tail = text.rstrip()[-3:]
    return not tail.endswith((".", "!", "?", "”", '"', "’", "'")) or tail.endswith(("...", "…"))


def orient(
    link: Link, by_id: Mapping[str, Article | Info], evidence: Evidence | None = None
) -> Link:
    """Rewrites point from the derived text to its source when the evidence says which."""
    if link.type != "rewrite_of":
        return link
    ev = evidence or Evidence(list(by_id.values()))
    score, reasons = ev.pair(by_id[link.a], by_id[link.b], None)
    facts = dict(link.facts)
    if score < 0:
        link = _swap(link)
    facts["direction"] = "known" if score else "unknown"
    if reasons:
        facts["direction_reasons"] = reasons
    return replace(link, facts=facts)


def _swap(link: Link) -> Link:
    from newsfuse.records import AlignedSentence, Span

    return replace(
        link,
        a=link.b,
        b=link.a,
        a_passage=link.b_passage,
        b_passage=link.a_passage,
        spans=tuple(Span(s.b_start, s.b_end, s.a_start, s.a_end) for s in link.spans),
        aligned=tuple(
            AlignedSentence(s.b_start, s.b_end, s.a_start, s.a_end, s.score) for s in link.aligned
        ),
    )


def merges(lk: Link, by_id: Mapping[str, Article | Info]) -> bool:
    """Whether a link puts its two articles in one family. Links between live-blog passages
    do not (the passage is attributed instead), nor does a page that holds an article but is
    mostly other text: a round-up of two wire stories must not merge the two wires. A
    truncated copy has nothing of its own, so it always joins."""
    if lk.type not in FAMILY_TYPES or lk.a_passage is not None or lk.b_passage is not None:
        return False
    if lk.type != "contains" or lk.facts.get("coverage_a", 1.0) >= CONTAINER_SHARE:
        return True
    return is_truncation(lk, by_id[lk.a], by_id[lk.b])


def is_truncation(lk: Link, outer: Article | Info, inner: Article | Info) -> bool:
    """ "outer contains inner" where inner is outer's beginning, cut off mid-way."""
    if not lk.spans:
        return False
    first = lk.spans[0]
    o, i = _as_info(outer), _as_info(inner)
    return first.a_start < 40 and first.b_start < 40 and i.length < o.length and i.ends_early


def _bag(text: str) -> Counter[str]:
    return Counter(w for w in re.findall(r"[^\W\d_]{4,}", text.casefold()) if w not in _STOP)


_STOP = frozenset(
    [
        "about",
        "after",
        "also",
        "been",
        "before",
        "being",
        "between",
        "could",
        "during",
        "first",
        "from",
        "have",
        "into",
        "last",
        "more",
        "most",
        "other",
        "over",
        "said",
        "says",
        "some",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "until",
        "very",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "year",
        "years",
        "told",
        "according",
        "people",
        "government",
        "officials",
    ]
)


def _near_in_time(a: Article | Info, b: Article | Info) -> bool:
    """Both dated, and within CREDIT_WINDOW_DAYS of each other: without dates, two articles
    crediting one agency on one topic may be reports of two different days."""
    ta, tb = _time(a), _time(b)
    return (
        ta is not None
        and tb is not None
        and abs((ta - tb).total_seconds()) <= CREDIT_WINDOW_DAYS * 86400
    )


def _cosine(x: Counter[str], y: Counter[str]) -> float:
    num = sum(v * y[k] for k, v in x.items() if k in y)
    den = (sum(v * v for v in x.values()) * sum(v * v for v in y.values())) ** 0.5
    return num / den if den else 0.0


def credit_pairs(infos: Sequence[Info], ev: Evidence) -> list[tuple[str, str]]:
    """The pairs the credit rule may join, before their texts are compared: two articles
    crediting one origin, or one crediting it and one of the origin's own, dated at most
    CREDIT_WINDOW_DAYS apart (two of the origin's own articles are never joined by it)."""
    by_credit: dict[str, list[Info]] = defaultdict(list)
    by_outlet: dict[str, list[Info]] = defaultdict(list)
    for a in infos:
        for c in ev.credits[a.id]:
            by_credit[c].append(a)
        if a.outlet:
            by_outlet[ev.origins.key(a.outlet)].append(a)
    pairs: set[tuple[str, str]] = set()
    for origin, group in by_credit.items():
        own = by_outlet.get(origin, [])
        cands = [(x, y) for i, x in enumerate(group) for y in group[i + 1 :]]
        cands += [(x, y) for x in group for y in own if x.id != y.id]
        for x, y in cands:
            if _near_in_time(x, y):
                pairs.add((min(x.id, y.id), max(x.id, y.id)))
    return sorted(pairs)


def link_order(lk: Link) -> tuple[str, str, str, int, int]:
    """The order links are kept in: a function of the links alone."""
    return (
        lk.a,
        lk.b,
        lk.type,
        -1 if lk.a_passage is None else lk.a_passage,
        -1 if lk.b_passage is None else lk.b_passage,
    )


def same_story(text_a: str, text_b: str) -> bool:
    """Whether two texts crediting one origin tell the same story (word-bag cosine)."""
    return _cosine(_bag(text_a), _bag(text_b)) >= SAME_STORY


def build_families(
    articles: Sequence[Article], links: Sequence[Link], evidence: Evidence | None = None
) -> list[Family]:
    """Group the articles into source families and decide each family's original.

    Returns the families with two or more members, plus single articles that credit an
    origin (so the credited origin is recorded) or carry content-farm markers."""
    ev = evidence or Evidence(articles)
    by_id: dict[str, Article | Info] = {a.id: ev.info.get(a.id) or _as_info(a) for a in articles}
    texts = {a.id: a.text for a in articles}
    groups: UnionFind[str] = UnionFind(by_id)
    for lk in links:
        if merges(lk, by_id):
            groups.union(lk.a, lk.b)
    bags: dict[str, Counter[str]] = {}
    for x, y in credit_pairs([ev.info.get(a.id) or _as_info(a) for a in articles], ev):
        if groups.find(x) == groups.find(y):
            continue
        bx = bags.setdefault(x, _bag(texts[x]))
        by = bags.setdefault(y, _bag(texts[y]))
        if _cosine(bx, by) >= SAME_STORY:
            groups.union(x, y)
    members: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        members[groups.find(a.id)].append(a.id)
    ordered = sorted(links, key=link_order)
    pair_links: dict[frozenset[str], Link] = {frozenset((lk.a, lk.b)): lk for lk in ordered}
    families = []
    for ids in members.values():
        fam = family_of(ids, by_id, ev, pair_links)
        if fam is not None:
            families.append(fam)
    families.sort(key=lambda f: (-len(f.members), f.id))
    return families


def family_of(
    ids: Sequence[str],
    by_id: Mapping[str, Article | Info],
    ev: Evidence,
    pair_links: Mapping[frozenset[str], Link],
) -> Family | None:
    """The family record of one connected group of articles (None for a single article that
    credits nothing and has no flag): original, reasons, credited origin, flags."""
    credit_of = ev.credits
    ids = sorted(ids, key=lambda i: (by_id[i].published or "9999", i))
    credited = _common_credit(ids, credit_of, ev)
    flags = _flags(ids, ev)
    if len(ids) == 1:
        if not credited and not flags:
            return None
        reasons = [f"credits {credited}, which is not among the articles"] if credited else []
        return Family(f"f{ids[0]}", tuple(ids), None, tuple(reasons), credited, flags)
    net: dict[str, float] = defaultdict(float)
    why: dict[str, list[str]] = defaultdict(list)
    for i, x in enumerate(ids):
        for y in ids[i + 1 :]:
            s, r = ev.pair(by_id[x], by_id[y], pair_links.get(frozenset((x, y))))
            net[x] -= s
            net[y] += s
            if s > 0:
                why[y] += r
            elif s < 0:
                why[x] += r
    ranked = sorted(ids, key=lambda i: -net[i])
    best = ranked[0]
    outlets_in = {ev.origins.key(by_id[i].outlet) for i in ids}
    if credited and ev.origins.key(credited) not in outlets_in:
        reasons = [f"the members credit {credited}, which is not among the articles"]
        return Family(f"f{min(ids)}", tuple(ids), None, tuple(reasons), credited, flags)
    if net[best] > 0 and net[best] - net[ranked[1]] >= 1.0:
        reasons = list(dict.fromkeys(why[best]))
        flags = _flags(ids, ev, best)
        return Family(f"f{best}", tuple(ids), best, tuple(reasons), credited, flags)
    reasons = [
        "no credit, dateline, canonical link, publication time or text evidence tells "
        "which member came first"
    ]
    return Family(f"f{min(ids)}", tuple(ids), None, tuple(reasons), credited, flags)


def _common_credit(ids: list[str], credit_of: dict[str, list[str]], ev: Evidence) -> str | None:
    counts = Counter(c for i in ids for c in credit_of[i])
    if not counts:
        return None
    # the most credited, then the smallest key: never the order the members came in
    key = min(counts, key=lambda k: (-counts[k], k))
    return ev.origins.name(key)


def _flags(ids: list[str], ev: Evidence, original: str | None = None) -> dict[str, tuple[str, ...]]:
    """content-farm: members that copy another member and carry content-farm markers, or a
    lone article with two or more different markers (one "Edit post" left by a CMS on a real
    outlet's page is not enough). machine-rewrite is set once the rewrites' directions are
    final, in :func:`point_to_originals`."""
    need = 2 if len(ids) == 1 else 1
    farm = [i for i in ids if i != original and len(ev.farm[i]) >= need]
    return {"content-farm": tuple(farm)} if farm else {}


def point_to_originals(
    links: Sequence[Link], families: Sequence[Family]
) -> tuple[list[Link], list[Family]]:
    """Rewrites inside a family point away from the family's original and its verbatim
    copies (exact copies and near-duplicates of it) when one side is among them; then the
    machine-rewrite flags are set from the final directions."""
    original = {m: f.original for f in families if f.original for m in f.members}
    verbatim: dict[str, set[str]] = defaultdict(set)  # original -> it and its verbatim copies
    for f in families:
        if f.original:
            verbatim[f.original].add(f.original)
    for lk in links:
        if lk.type in ("exact_copy", "near_duplicate"):
            for x, y in ((lk.a, lk.b), (lk.b, lk.a)):
                if original.get(x) == x:
                    verbatim[x].add(y)
    out = []
    for lk in links:
        orig = original.get(lk.a)
        if lk.type == "rewrite_of" and orig is not None and lk.a_passage is None:
            group = verbatim[orig]
            if (lk.a in group) != (lk.b in group):
                if lk.a in group:
                    lk = _swap(lk)
                why = "is the family's original" if lk.b == orig else "copies the family's original"
                lk = replace(
                    lk,
                    facts={
                        **lk.facts,
                        "direction": "known",
                        "direction_reasons": [f"the article it rewrites {why}"],
                    },
                )
        out.append(lk)
    by_family: dict[str, list[Link]] = defaultdict(list)
    member_of = {m: f.id for f in families for m in f.members}
    for lk in out:
        # a rewrite between two articles of one family (a rewrite between live-blog passages
        # does not merge, so both sides may be in no family at all)
        fam = member_of.get(lk.a)
        if lk.type == "rewrite_of" and fam is not None and fam == member_of.get(lk.b):
            by_family[fam].append(lk)
    fams = []
    for f in families:
        group = verbatim.get(f.original, set()) if f.original else set()
        machine = _machine_rewrites(by_family.get(f.id, []), group)
        flags = {k: v for k, v in f.flags.items() if k != "machine-rewrite"}
        if machine:
            flags["machine-rewrite"] = machine
        fams.append(replace(f, flags=flags))
    return out, fams


def _machine_rewrites(links: Sequence[Link], originals: set[str]) -> tuple[str, ...]:
    """Members that rewrite the family's original (or a verbatim copy of it) sentence by
    sentence: nearly every sentence aligned, in the same order. Without a known original
    nothing is flagged: which side was rewritten would be a guess."""
    found = []
    for lk in links:
        f = lk.facts
        if (
            lk.b in originals
            and lk.a not in originals
            and f.get("order_kept", 0) >= 0.8
            and min(f.get("coverage_a", 0), f.get("coverage_b", 0)) >= 0.8
        ):
            found.append(lk.a)
    return tuple(dict.fromkeys(found))
