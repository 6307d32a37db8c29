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
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
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


class Origins:
    """Resolves credit names to outlets of the corpus (with acronyms learned from it)."""

    def __init__(self, articles: Sequence[Article]):
        self.outlets = {_norm(a.outlet): a.outlet for a in articles if a.outlet}
        self.display: dict[str, str] = {}  # key -> the name as first written
        self.alias: dict[str, str] = {}
        for a in articles:
            if a.outlet and a.credit and _is_acronym(a.credit, a.outlet):
                self.alias[_norm(a.credit)] = _norm(a.outlet)
            for m in _ACRONYM_DEF.finditer(a.text[:5000]):
                long_name, acr = m.group(1), m.group(2)
                if _is_acronym(acr, long_name):
                    self.alias.setdefault(_norm(acr), _norm(long_name))

    def key(self, name: str | None) -> str:
        n = _norm(name)
        k = self.alias.get(n, n)
        if name and k:
            self.display.setdefault(k, name.strip())
        return k

    def name(self, key: str) -> str:
        """How to write an origin key: the corpus outlet's name, else as first credited."""
        return self.outlets.get(key) or self.display.get(key) or key

    def credits(self, a: Article) -> list[str]:
        """Who the article credits (credit field, "originally published by ..."), as keys."""
        found = []
        if a.credit:
            found.append(self.key(a.credit))
        texts = [a.text[:600], a.text[-600:]] + [r.text for r in a.removed]
        for t in texts:
            for m in _ORIGIN.finditer(t):
                found.append(self.key(m.group(1)))
        own = self.key(a.outlet)
        return [c for c in dict.fromkeys(found) if c and c != own]

    def own_dateline(self, a: Article) -> bool:
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


def _time(a: Article) -> datetime | None:
    if not a.published:
        return None
    try:
        t = datetime.fromisoformat(a.published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _has_clock(a: Article) -> bool:
    return bool(a.published and "T" in a.published)


def _name(a: Article) -> str:
    return a.outlet or a.source


class Evidence:
    """Pairwise evidence that one article derives from another, with the reasons."""

    def __init__(self, articles: Sequence[Article]):
        self.origins = Origins(articles)
        self.failures: list[Failure] = []  # articles whose markers could not be read
        self.farm: dict[str, list[str]] = {}
        self.credits: dict[str, list[str]] = {}
        for a in articles:
            try:
                farm, credits = farm_markers(a), self.origins.credits(a)
            except Exception as exc:  # one odd page: no evidence from it, the rest goes on
                self.failures.append(Failure.of(a.source, "copies", exc))
                farm, credits = [], []
            self.farm[a.id], self.credits[a.id] = farm, credits

    def pair(self, a: Article, b: Article, link: Link | None) -> tuple[float, list[str]]:
        """Positive: a is derived from b; negative: b from a. With the reasons."""
        score, reasons = 0.0, []
        ka, kb = self.origins.key(a.outlet), self.origins.key(b.outlet)
        if kb and ka != kb and kb in self.credits[a.id]:
            score += W_CREDIT
            reasons.append(f"{_name(a)} credits {b.outlet}")
        if ka and ka != kb and ka in self.credits[b.id]:
            score -= W_CREDIT
            reasons.append(f"{_name(b)} credits {a.outlet}")
        if self.origins.own_dateline(b) and not self.origins.own_dateline(a):
            score += W_OWN
            reasons.append(f"{_name(b)} carries its own dateline ({b.credit})")
        elif self.origins.own_dateline(a) and not self.origins.own_dateline(b):
            score -= W_OWN
            reasons.append(f"{_name(a)} carries its own dateline ({a.credit})")
        canon = _canonical(a, b)
        if canon:
            score += W_CANONICAL * canon
            derived, orig = (a, b) if canon > 0 else (b, a)
            reasons.append(f"{_name(derived)} gives a canonical link on {_name(orig)}'s site")
        if self.farm[a.id] and not self.farm[b.id]:
            score += W_FARM
            reasons.append(
                f"{_name(a)} has content-farm markers ({', '.join(self.farm[a.id][:3])})"
            )
        elif self.farm[b.id] and not self.farm[a.id]:
            score -= W_FARM
            reasons.append(
                f"{_name(b)} has content-farm markers ({', '.join(self.farm[b.id][:3])})"
            )
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
            s, r = _text_evidence(a, b, link)
            score += s
            reasons += r
        return score, reasons


def _canonical(a: Article, b: Article) -> int:
    """+1 when a's canonical URL is on b's site (and not a's own), -1 for the reverse."""
    if not (a.url and b.url):
        return 0
    ha = (urlsplit(a.url).hostname or "").removeprefix("www.")
    hb = (urlsplit(b.url).hostname or "").removeprefix("www.")
    if a.url != b.url or not ha:
        return 0

    def on_site(x: Article, host: str) -> bool:
        key = _norm(x.outlet).replace(" ", "")
        return bool(key) and key[:6] in host.replace("-", "").replace(".", "")

    if on_site(b, ha) and not on_site(a, ha):
        return 1
    if on_site(a, hb) and not on_site(b, hb):
        return -1
    return 0


def _text_evidence(a: Article, b: Article, link: Link) -> tuple[float, list[str]]:
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


def by_pair(a: Article, b: Article, first_id: str) -> tuple[Article, Article]:
    """(a, b) ordered so that the article with ``first_id`` comes first."""
    return (a, b) if a.id == first_id else (b, a)


def _ends_early(a: Article) -> bool:
    tail = a.text.rstrip()[-3:]
    return not tail.endswith((".", "!", "?", "”", '"', "’", "'")) or tail.endswith(("...", "…"))


def orient(link: Link, by_id: dict[str, Article], evidence: Evidence | None = None) -> Link:
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


def merges(lk: Link, by_id: dict[str, Article]) -> bool:
    """Whether a link puts its two articles in one family. Links between live-blog passages
    do not (the passage is attributed instead), nor does a page that holds an article but is
    mostly other text: a round-up of two wire stories must not merge the two wires. A
    truncated copy has nothing of its own, so it always joins."""
    if lk.type not in FAMILY_TYPES or lk.a_passage is not None or lk.b_passage is not None:
        return False
    if lk.type != "contains" or lk.facts.get("coverage_a", 1.0) >= CONTAINER_SHARE:
        return True
    return is_truncation(lk, by_id[lk.a], by_id[lk.b])


def is_truncation(lk: Link, outer: Article, inner: Article) -> bool:
    """ "outer contains inner" where inner is outer's beginning, cut off mid-way."""
    if not lk.spans:
        return False
    first = lk.spans[0]
    return (
        first.a_start < 40
        and first.b_start < 40
        and len(inner.text) < len(outer.text)
        and _ends_early(inner)
    )


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


def _near_in_time(a: Article, b: Article) -> bool:
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


def build_families(
    articles: Sequence[Article], links: Sequence[Link], evidence: Evidence | None = None
) -> list[Family]:
    """Group the articles into source families and decide each family's original.

    Returns the families with two or more members, plus single articles that credit an
    origin (so the credited origin is recorded) or carry content-farm markers."""
    by_id = {a.id: a for a in articles}
    ev = evidence or Evidence(articles)
    groups: UnionFind[str] = UnionFind(by_id)
    for lk in links:
        if merges(lk, by_id):
            groups.union(lk.a, lk.b)
    credit_of = ev.credits
    by_credit: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        for c in credit_of[a.id]:
            by_credit[c].append(a.id)
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        if a.outlet:
            by_outlet[ev.origins.key(a.outlet)].append(a.id)
    bags: dict[str, Counter[str]] = {}
    for origin, ids in by_credit.items():
        # an article crediting an origin joins the origin's own article on the same story, or
        # another article crediting it on the same story; two of the origin's own articles
        # are never joined by this rule
        own = by_outlet.get(origin, [])
        pairs = [(x, y) for i, x in enumerate(ids) for y in ids[i + 1 :]] + [
            (x, y) for x in ids for y in own if x != y
        ]
        for x, y in pairs:
            if groups.find(x) == groups.find(y) or not _near_in_time(by_id[x], by_id[y]):
                continue
            bx = bags.setdefault(x, _bag(by_id[x].text))
            by = bags.setdefault(y, _bag(by_id[y].text))
            if _cosine(bx, by) >= SAME_STORY:
                groups.union(x, y)
    members: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        members[groups.find(a.id)].append(a.id)
    pair_links: dict[frozenset[str], Link] = {frozenset((lk.a, lk.b)): lk for lk in links}
    families = []
    for ids in members.values():
        fam = _family(ids, by_id, ev, pair_links, credit_of)
        if fam is not None:
            families.append(fam)
    families.sort(key=lambda f: (-len(f.members), f.id))
    return families


def _family(
    ids: list[str],
    by_id: dict[str, Article],
    ev: Evidence,
    pair_links: dict[frozenset[str], Link],
    credit_of: dict[str, list[str]],
) -> Family | None:
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
    key, _ = counts.most_common(1)[0]
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
