"""A labelled syndication corpus built from real news: copies, wraps, edits, rewrites.

The generator behind ``benchmarks/dedup_quality.py`` (part b). It reads the articles of
timeline17 (``../shared/data/timeline17``: 9 topics covered by BBC, CNN, Fox News, the Guardian,
Reuters and the Washington Post; research-licensed, so read in place and never copied into the
repo), picks a seeded sample of originals, and derives from each a set of articles whose
relation to the original is known because we made it:

=============  ===================================================  ==========================
kind           what it is                                           gold link
=============  ===================================================  ==========================
exact          whitespace and quote style changed only              exact_copy
wrap           the text inside site boilerplate (menus, newsletter  near_duplicate
               prompt, "more news", cookie notice); some with
               content-farm theme text ("Edit post", "Leave a
               Reply", "Lorem ipsum")
edit           a few words changed or deleted, a short sentence     near_duplicate
               dropped
shuffle        the same sentences in another order                  near_duplicate
truncation     the first 40-70% of the text                         original contains it
page           the text inside a page with as much text again       page contains original
               from a real article of another topic
passage        25-40% of the text inside a page of other real text  shares_passage
rewrite        the rule-based paraphraser of ``_paraphraser.py``,  rewrite_of (rewrite, orig.)
               strength 0.3, 0.6 or 0.9; a fifth of them on a
               content farm's page
rewrite_drop   a rewrite that also drops 20-30% of the sentences    rewrite_of
               (a rewrite keeping 85%+ of the original's 5-grams,
               a text made of quotations, is tried again at
               strength 1 and left out if still that close)
=============  ===================================================  ==========================

Every derived article gets an outlet, a publication time (usually later than the original's,
sometimes missing, sometimes equal) and, often, a provenance cue: a credit naming the
original's outlet (as metadata, as a "Credit: X" / "This article originally appeared on X"
line, or as a "CITY (X) — " dateline), a canonical URL equal to the original's, or the junk
of a wrap. A metadata credit only sets ``Article.credit``; a dateline also sets it (as
extraction does); a credit line sets it half the time (extraction would move the line to
metadata; here it stays in the text). Articles are built as
:class:`newsfuse.records.Article` records directly, one passage covering the text, so
extraction is not part of this benchmark.

The paraphraser (``benchmarks/_paraphraser.py``) is rule based: a hand-written synonym table,
clause reordering ("X said Y." -> "Y, X said.", "after X, Y" -> "Y after X", time and place
phrases fronted or moved back), passive to active voice for regular verbs and back, "BP's
shares" -> "the shares of BP", "A and B" -> "B and A", connective swaps, sentence merge and
split, adverb dropping. Numbers, capitalised names and quoted speech are never touched.

timeline17 has real copies of its own (the same wire story carried twice, rolling updates of
one story): :func:`find_real_duplicates` finds them by exact word 5-gram shingle Jaccard and
containment over the whole collection, and the sampler never puts two related real articles
(10+ shared 5-grams) into one corpus, so unrelated families are unrelated in fact. Sentences
found in five or more articles (comment policies, promo lines: site chrome the extractor
should have removed) are taken out of the real texts first.

Which pairs are gold: the original with each derived article, and derived siblings whose
relation follows from the two derivations (:func:`gold_type`: exact + anything behaves as the
original; near + near -> near_duplicate; a wrap or edit contains a truncation; a page
contains a wrap or edit; a rewrite is a rewrite of every exact or near copy). Other sibling
pairs are "don't care".
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
import tarfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import CACHE_DIR, dataset_dir
from _paraphraser import COMMON_STARTS, Paraphraser, drop_adverbs, replace_words, word_set
from newsfuse.records import Article, Passage, content_id

CACHE_VERSION = 2
"""Bump when the parsing below changes, so a stale cache is rebuilt."""

# --- timeline17 ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """One real timeline17 article: ``key`` is its path inside the archive's root folder."""

    key: str
    topic: str  # bpoil, H1N1, ...
    outlet: str  # folder outlet: bbc, reuters, ...
    date: str  # YYYY-MM-DD, the folder it was filed under
    sentences: tuple[str, ...]

    @property
    def n_words(self) -> int:
        return sum(len(s.split()) for s in self.sentences)


_PTB = (
    ("\\/", "/"),
    ("\\*", "*"),
    ("-LRB-", "("),
    ("-RRB-", ")"),
    ("-LSB-", "["),
    ("-RSB-", "]"),
    ("-LCB-", "{"),
    ("-RCB-", "}"),
    ("``", "“"),
    ("''", "”"),
)
_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}”]|n't\b|'(?:s|re|ve|ll|d|m)\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{“$#]) ")


def detokenize(line: str) -> str:
    """Undo timeline17's PTB tokenisation: ``"BP 's shares -LRB- 7 % -RRB-"`` ->
    ``"BP's shares (7%)"``, with typographic double quotes."""
    for a, b in _PTB:
        line = line.replace(a, b)
    line = _NO_SPACE_BEFORE.sub(r"\1", line.strip())
    line = _NO_SPACE_AFTER.sub(r"\1", line)
    return re.sub(r"\s+", " ", line).strip()


def _parse_member(name: str, data: bytes) -> SourceArticle | None:
    parts = name.split("/")
    # Timeline17/<topic>_<outlet>/InputDocs/<date>/<n>.htm.txt
    if len(parts) != 5 or parts[2] != "InputDocs" or not parts[4].endswith(".txt"):
        return None
    topic, _, outlet = parts[1].partition("_")
    lines = data.decode("utf-8", "replace").splitlines()
    sentences = tuple(s for s in (detokenize(x) for x in lines) if s)
    if not sentences:
        return None
    return SourceArticle("/".join(parts[1:]), topic, outlet, parts[3], sentences)


def load_timeline17() -> list[SourceArticle]:
    """Every non-empty article of timeline17, parsed and detokenised, sorted by key.

    The archive is read in place; the parsed articles are cached in
    ``benchmarks/.cache/timeline17/articles.v<N>.json.gz`` (git-ignored) for later runs.
    """
    cache = CACHE_DIR / "timeline17" / f"articles.v{CACHE_VERSION}.json.gz"
    if cache.is_file():
        rows = json.loads(gzip.decompress(cache.read_bytes()))
        return [SourceArticle(r[0], r[1], r[2], r[3], tuple(r[4])) for r in rows]
    out: list[SourceArticle] = []
    with tarfile.open(dataset_dir("timeline17") / "timeline17.tar.xz", "r:xz") as tar:
        for member in tar:
            if not member.isfile():
                continue
            fh = tar.extractfile(member)
            if fh is None:
                continue
            art = _parse_member(member.name, fh.read())
            if art is not None:
                out.append(art)
    out.sort(key=lambda a: a.key)
    cache.parent.mkdir(parents=True, exist_ok=True)
    rows = [[a.key, a.topic, a.outlet, a.date, list(a.sentences)] for a in out]
    cache.write_bytes(gzip.compress(json.dumps(rows).encode("utf-8")))
    return out


# --- real duplicates inside timeline17 ----------------------------------------------------

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = 5) -> set[int]:
    """The set of hashed lowercase word ``k``-grams of ``text`` (the whole text when shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i : i + k])) for i in range(len(words) - k + 1)}


@dataclass(frozen=True, slots=True)
class RealPair:
    """Two real articles that share text: how many 5-gram shingles, their Jaccard, and the
    share of the smaller article's shingles found in the other (containment)."""

    a: str
    b: str
    shared: int
    jaccard: float
    containment: float

    @property
    def kind(self) -> str:
        if self.jaccard >= 0.9:
            return "exact"
        if self.jaccard >= 0.5:
            return "near_duplicate"
        if self.containment >= 0.5:
            return "contains"
        return "shares_passage"


def find_real_duplicates(
    articles: Sequence[SourceArticle], *, min_shared: int = 10, max_df: int = 50
) -> list[RealPair]:
    """Pairs of real articles sharing at least ``min_shared`` word 5-grams, by exact count.

    Shingles in more than ``max_df`` articles (stock phrases: "the gulf of mexico oil") are
    not used to find pairs, but they are counted in every Jaccard and containment reported.
    """
    sets = [shingles(" ".join(a.sentences)) for a in articles]
    keys: list[int] = []
    docs: list[int] = []
    for i, s in enumerate(sets):
        keys.extend(s)
        docs.extend([i] * len(s))
    if not keys:
        return []
    k = np.array(keys, dtype=np.int64)
    d = np.array(docs, dtype=np.int64)
    order = np.lexsort((d, k))
    k, d = k[order], d[order]
    bounds = np.flatnonzero(np.diff(k)) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [len(k)]))
    n = len(articles)
    pair_codes: list[np.ndarray] = []
    for s, e in zip(starts, ends, strict=True):
        size = e - s
        if size < 2 or size > max_df:
            continue
        group = d[s:e]
        ii, jj = np.triu_indices(size, 1)
        pair_codes.append(group[ii] * n + group[jj])
    if not pair_codes:
        return []
    codes, counts = np.unique(np.concatenate(pair_codes), return_counts=True)
    out: list[RealPair] = []
    for code in codes[counts >= min_shared]:
        i, j = divmod(int(code), n)
        shared = len(sets[i] & sets[j])
        union = len(sets[i] | sets[j])
        small = min(len(sets[i]), len(sets[j]))
        out.append(
            RealPair(articles[i].key, articles[j].key, shared, shared / union, shared / small)
        )
    return out


# --- outlets, sites and their boilerplate -------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutletInfo:
    """A timeline17 outlet: display name, domain, the names credits give it, and the "(X)"
    of an agency-style dateline when it uses one."""

    name: str
    domain: str
    aliases: tuple[str, ...]
    dateline: str | None = None


SOURCE_OUTLETS = {
    "bbc": OutletInfo("BBC News", "www.bbc.co.uk", ("BBC News", "BBC"), "BBC"),
    "reuters": OutletInfo("Reuters", "www.reuters.com", ("Reuters",), "Reuters"),
    "cnn": OutletInfo("CNN", "edition.cnn.com", ("CNN",), "CNN"),
    "foxnews": OutletInfo("Fox News", "www.foxnews.com", ("Fox News", "FoxNews.com")),
    "guardian": OutletInfo("The Guardian", "www.theguardian.com", ("The Guardian", "Guardian")),
    "washingtonpost": OutletInfo(
        "The Washington Post", "www.washingtonpost.com", ("The Washington Post", "Washington Post")
    ),
}

CITIES = {
    "bpoil": ("HOUSTON", "NEW ORLEANS", "WASHINGTON", "LONDON"),
    "H1N1": ("GENEVA", "LONDON", "MEXICO CITY", "ATLANTA"),
    "haiti": ("PORT-AU-PRINCE", "SANTO DOMINGO"),
    "EgyptianProtest": ("CAIRO", "ALEXANDRIA"),
    "Finan": ("NEW YORK", "WASHINGTON"),
    "MJ": ("LOS ANGELES", "LONDON"),
}


@dataclass(frozen=True, slots=True)
class Site:
    """A made-up outlet that republishes: its name, domain, whether it is a content farm,
    and the chrome its pages carry."""

    name: str
    domain: str
    farm: bool
    menu: str
    footer: str


SITES = (
    Site(
        "The Valley Courier",
        "www.valleycourier.example",
        False,
        "Home | Local | World | Business | Sports | Opinion | Obituaries",
        "© 2010 The Valley Courier. All rights reserved. Privacy Policy | Terms of Service",
    ),
    Site(
        "Daily Ledger",
        "dailyledger.example",
        False,
        "News Politics Money Life Weather Subscribe",
        "Daily Ledger · Contact us · Advertise with us · Terms of use",
    ),
    Site(
        "Metro Wire Online",
        "metrowire.example",
        False,
        "Top Stories | U.S. | World | Markets | Tech | Video",
        "Metro Wire Online is a member of the Regional News Network. Copyright 2010.",
    ),
    Site(
        "NewsNow Aggregator",
        "newsnow-agg.example",
        False,
        "Latest Popular Categories Sources Sign in",
        "NewsNow Aggregator collects stories from sources across the web.",
    ),
    Site(
        "The Northern Herald",
        "northernherald.example",
        False,
        "Front page · National · International · Economy · Environment · Letters",
        "The Northern Herald, 12 Harbour Street. Registered as a newspaper.",
    ),
    Site(
        "World News 24/7",
        "worldnews247.example",
        True,
        "Home World Trending Viral Contact",
        "Powered by WordPress | Theme: NewsPress Lite by ThemeHunk",
    ),
    Site(
        "TopBuzzDaily",
        "topbuzzdaily.example",
        True,
        "HOME NEWS BUZZ ENTERTAINMENT HEALTH",
        "Copyright © 2010 TopBuzzDaily | Proudly powered by WordPress",
    ),
    Site(
        "Breaking Info Hub",
        "breakinginfohub.example",
        True,
        "Home » News » World",
        "Breaking Info Hub – Your daily source of breaking information",
    ),
)

NEWSLETTER = (
    "Sign up for our daily newsletter to get the top headlines delivered to your inbox.",
    "Get the morning briefing: enter your email address. Subscribe",
    "Never miss a story. Sign up for breaking news alerts.",
)
COOKIES = (
    "We use cookies to improve your experience on our site. By continuing to browse you "
    "agree to our use of cookies. Accept",
    "This site uses cookies. Find out more about how we use them in our cookie policy. OK",
)
MORE_NEWS = (
    "City council approves new budget for road repairs",
    "High school team wins state championship",
    "Weather: storms expected across the region this weekend",
    "Five things to do in town this week",
    "Local bakery celebrates 50 years in business",
    "Traffic delays expected as bridge work begins",
    "Opinion: Why our libraries matter",
    "Stocks close mixed as investors weigh earnings",
    "Recipe of the week: summer vegetable pasta",
    "Police seek witnesses after downtown collision",
)
FARM_MARKERS = (
    "Edit post",
    "Posted by admin",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Your Name",
    "Your Email",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua.",
    "Related Posts",
    "Share this: Facebook Twitter WhatsApp Pinterest",
)


# --- the labelled corpus ------------------------------------------------------------------

DERIVED_KINDS = (
    "exact",
    "wrap",
    "edit",
    "shuffle",
    "truncation",
    "page",
    "passage",
    "rewrite",
    "rewrite_drop",
)
KINDS = ("original", "distractor", *DERIVED_KINDS)
CUES = ("later", "credit", "canonical", "junk", "containment")
DONT_CARE = "dont_care"

# how each kind relates to the original's text, for the gold table of sibling pairs
_CATEGORY = {
    "original": "E",
    "exact": "E",
    "wrap": "N",
    "edit": "N",
    "shuffle": "N",
    "truncation": "T",
    "page": "P",
    "passage": "S",
    "rewrite": "R",
    "rewrite_drop": "R",
}
# (category of x, category of y) -> (type, which one is "a"): "x" or "y"
_PAIR_RULES: dict[tuple[str, str], tuple[str, str]] = {
    ("E", "E"): ("exact_copy", "x"),
    ("E", "N"): ("near_duplicate", "x"),
    ("E", "T"): ("contains", "x"),
    ("E", "P"): ("contains", "y"),
    ("E", "S"): ("shares_passage", "x"),
    ("E", "R"): ("rewrite_of", "y"),
    ("N", "N"): ("near_duplicate", "x"),
    ("N", "T"): ("contains", "x"),  # not for shuffles: see gold_type
    ("N", "P"): ("contains", "y"),  # not for shuffles
    ("N", "R"): ("rewrite_of", "y"),
}


@dataclass(frozen=True, slots=True)
class Member:
    """What the generator knows about one article of the corpus.

    ``family`` is the original's id (None for a distractor); ``source`` the timeline17 key
    its text came from; ``cues`` the provenance cues it carries that point at the original
    (see :data:`CUES`); ``credit_form`` how a credit cue is written (meta, line, dateline).
    """

    id: str
    kind: str
    family: str | None
    source: str
    topic: str
    outlet: str
    strength: float | None = None
    content_farm: bool = False
    cues: tuple[str, ...] = ()
    credit_form: str | None = None


@dataclass(frozen=True, slots=True)
class GoldPair:
    """A labelled pair: ``type`` is a link type or ``"dont_care"``; ``contains`` reads
    "a contains b". ``direct`` pairs join an original and one of its derived articles."""

    a: str
    b: str
    type: str
    direct: bool


@dataclass(slots=True)
class Corpus:
    """The generated corpus: articles, what is known about each, and the gold labels."""

    articles: list[Article]
    members: dict[str, Member]
    gold: dict[frozenset[str], GoldPair]
    families: dict[str, tuple[str, ...]]  # original id -> member ids, original first
    decidable: dict[str, bool]  # original id -> can the original be told from the cues
    real_pairs: list[RealPair]
    sentences: dict[str, tuple[str, ...]] = field(default_factory=dict)  # original -> sentences
    stats: dict[str, Any] = field(default_factory=dict)


def gold_type(x: Member, y: Member) -> GoldPair:
    """The gold label of two members of one family (the transitive rules)."""
    cx, cy = _CATEGORY[x.kind], _CATEGORY[y.kind]
    direct = "original" in (x.kind, y.kind)
    rule = _PAIR_RULES.get((cx, cy))
    if rule is None and (cy, cx) in _PAIR_RULES:
        x, y = y, x
        rule = _PAIR_RULES[(cy, cx)]
    if rule is None:
        return GoldPair(x.id, y.id, DONT_CARE, direct)
    kind, a_is = rule
    if kind == "contains" and "N" in (cx, cy) and "shuffle" in (x.kind, y.kind):
        return GoldPair(x.id, y.id, DONT_CARE, direct)
    a, b = (x, y) if a_is == "x" else (y, x)
    return GoldPair(a.id, b.id, kind, direct)


def paragraphs(sentences: Sequence[str], rng: random.Random) -> str:
    """Sentences grouped into paragraphs of one to three, separated by blank lines."""
    out: list[str] = []
    i = 0
    while i < len(sentences):
        n = rng.choice((1, 2, 2, 3))
        out.append(" ".join(sentences[i : i + n]))
        i += n
    return "\n\n".join(out)


def _iso(t: datetime | None) -> str | None:
    return t.isoformat(timespec="minutes") if t else None


def _slug(sentences: Sequence[str]) -> str:
    words = _WORD.findall(" ".join(sentences[:1]).lower())[:6]
    return "-".join(words) or "story"


def exact_variant(text: str, rng: random.Random) -> str:
    """The same text with other quote marks and other whitespace only."""
    out = text.replace("“", '"').replace("”", '"').replace("'", "’")
    choice = rng.randrange(3)
    if choice == 0:
        out = out.replace("\n\n", "\n")
    elif choice == 1:
        out = out.replace(". ", ".  ")
    else:
        out = "\n" + out.replace("\n\n", " \n\n") + "\n"
    if out == text:
        out = text + "\n"
    return out


def junk_blocks(site: Site, budget: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """Boilerplate before and after an article: the site's menu and footer and, while the
    word budget lasts, a newsletter prompt, a "more news" list and a cookie notice; content
    farms add theme placeholders ("Edit post", "Leave a Reply", "Lorem ipsum")."""
    before, after = [site.menu], [site.footer]
    used = len(site.menu.split()) + len(site.footer.split())
    extras: list[tuple[str, str]] = [
        ("after", rng.choice(NEWSLETTER)),
        ("after", "More news\n" + "\n".join(rng.sample(MORE_NEWS, rng.randint(3, 5)))),
        (rng.choice(("before", "after")), rng.choice(COOKIES)),
    ]
    if site.farm:  # "Edit post" always, then theme placeholders as the budget allows
        before.append("Edit post")
        used += 2
        markers = [m for m in rng.sample(FARM_MARKERS, len(FARM_MARKERS)) if m != "Edit post"]
        chosen = [m for m in markers if len(m.split()) <= 4][:1]
        for m in markers:
            if m not in chosen and used + len(" ".join([*chosen, m]).split()) <= budget:
                chosen.append(m)
        used += len(" ".join(chosen).split())
        after.insert(-1, "\n".join(chosen))
    rng.shuffle(extras)
    for where, block in extras:
        n = len(block.split())
        if used + n > budget:
            continue
        (before if where == "before" else after).insert(-1 if where == "after" else 1, block)
        used += n
    return before, after


@dataclass(frozen=True, slots=True)
class SyndicationCorpus:
    """Builds a labelled syndication corpus from timeline17 articles.

    ``size`` originals (``min_words`` to ``max_words`` long, six sentences or more and none
    over 100 words, spread over the 12 topic-outlet folders) each get a random set of derived articles (about six on average);
    ``distractors`` more real articles of the same topics stand alone as hard negatives. A
    ``decidable_share`` of the families get at least one provenance cue on every derived
    member; in the others cues are sparse, so the original often cannot be told. Everything
    is drawn from ``random.Random(seed)``.
    """

    size: int = 100
    distractors: int = 100
    seed: int = 0
    min_words: int = 150
    max_words: int = 1500
    decidable_share: float = 0.75

    def __post_init__(self) -> None:
        for name in ("size", "distractors", "min_words", "max_words"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < (1 if name == "size" else 0):
                raise ValueError(
                    f"the {name!r} parameter of SyndicationCorpus must be a "
                    f"{'positive' if name == 'size' else 'non-negative'} int, got {value!r}"
                )
        if self.min_words >= self.max_words:
            raise ValueError(
                "the 'min_words' parameter of SyndicationCorpus must be below 'max_words', "
                f"got {self.min_words!r} >= {self.max_words!r}"
            )
        if not 0 <= self.decidable_share <= 1:
            raise ValueError(
                "the 'decidable_share' parameter of SyndicationCorpus must be in [0, 1], "
                f"got {self.decidable_share!r}"
            )

    def build(self, pool: Sequence[SourceArticle]) -> Corpus:
        """Sample the originals, distractors and filler text from ``pool`` and derive the
        corpus. Raises ValueError when the pool has too few unrelated articles."""
        rng = random.Random(self.seed)
        cleaned, n_boiler, real = prepare_pool(pool)
        related: dict[str, set[str]] = defaultdict(set)
        for p in real:
            related[p.a].add(p.b)
            related[p.b].add(p.a)
        taken: set[str] = set()

        def free(a: SourceArticle) -> bool:
            return a.key not in taken and not (related[a.key] & taken)

        folders: dict[str, list[SourceArticle]] = defaultdict(list)
        for a in cleaned:
            if self.min_words <= a.n_words <= self.max_words and _article_like(a) and _english(a):
                folders[f"{a.topic}_{a.outlet}"].append(a)
        for arts in folders.values():
            rng.shuffle(arts)
        order = sorted(folders)

        def pick(n: int) -> list[SourceArticle]:
            out: list[SourceArticle] = []
            while len(out) < n:
                progress = False
                for f in order:
                    while folders[f] and len(out) < n:
                        a = folders[f].pop()
                        if free(a):
                            out.append(a)
                            taken.add(a.key)
                            progress = True
                            break
                if not progress:
                    raise ValueError(
                        f"timeline17 has only {len(out)} more unrelated articles of "
                        f"{self.min_words}-{self.max_words} words; asked for {n}"
                    )
            return out

        originals = pick(self.size)
        distractors = pick(self.distractors)
        fillers = [a for a in cleaned if a.n_words >= 80 and _english(a) and free(a)]
        rng.shuffle(fillers)
        lower = lowercase_vocabulary(cleaned)
        builder = _Builder(rng, lower, fillers, related, taken)
        for src in originals:
            builder.family(src, planned_decidable=rng.random() < self.decidable_share)
        for src in distractors:
            builder.standalone(src)
        corpus = builder.corpus(real)
        corpus.stats.update(
            {
                "pool_articles": len(pool),
                "chrome_sentences_removed": n_boiler,
                "real_pairs": _real_pair_stats(real, cleaned),
                "originals": len(originals),
                "distractors": len(distractors),
                "fillers_used": builder.fillers_used,
                "rewrites_left_out_too_close": builder.too_close,
            }
        )
        return corpus


def _article_like(a: SourceArticle) -> bool:
    """Six sentences or more, none over 100 words: an article, not an index page or a list
    of teasers run together."""
    return len(a.sentences) >= 6 and max(len(s.split()) for s in a.sentences) <= 100


_FUNCTION_WORDS = word_set("the of and to a in is that for on was with said it as by")


def _english(a: SourceArticle) -> bool:
    """At least 12% of the words are common English function words (a few timeline17 pages
    are BBC foreign-language services with a broken encoding)."""
    words = _WORD.findall(" ".join(a.sentences).lower())
    return bool(words) and sum(w in _FUNCTION_WORDS for w in words) >= 0.12 * len(words)


def prepare_pool(
    pool: Sequence[SourceArticle],
) -> tuple[list[SourceArticle], int, list[RealPair]]:
    """:func:`strip_site_chrome` and :func:`find_real_duplicates` of ``pool`` (about 20 s for
    timeline17), cached in ``benchmarks/.cache/timeline17/`` under a hash of the pool."""
    rows = [[a.key, a.topic, a.outlet, a.date, list(a.sentences)] for a in pool]
    digest = content_id(json.dumps(rows).encode("utf-8"))
    cache = CACHE_DIR / "timeline17" / f"prepared.v{CACHE_VERSION}.{digest}.json.gz"
    if cache.is_file():
        d = json.loads(gzip.decompress(cache.read_bytes()))
        cleaned = [SourceArticle(r[0], r[1], r[2], r[3], tuple(r[4])) for r in d["cleaned"]]
        return cleaned, d["chrome"], [RealPair(*p) for p in d["real"]]
    cleaned, n_chrome = strip_site_chrome(pool)
    real = find_real_duplicates(cleaned)
    d = {
        "cleaned": [[a.key, a.topic, a.outlet, a.date, list(a.sentences)] for a in cleaned],
        "chrome": n_chrome,
        "real": [[p.a, p.b, p.shared, p.jaccard, p.containment] for p in real],
    }
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(gzip.compress(json.dumps(d).encode("utf-8")))
    return cleaned, n_chrome, real


def strip_site_chrome(
    pool: Sequence[SourceArticle], min_docs: int = 5
) -> tuple[list[SourceArticle], int]:
    """The articles without the sentences found in ``min_docs`` or more of them (comment
    policies, "You've selected the U.S. Edition", promo lines): site chrome the extractor
    should have removed, which would otherwise join unrelated families. Gives the number of
    distinct sentences removed."""
    df: dict[str, int] = defaultdict(int)
    for a in pool:
        for s in set(a.sentences):
            df[s] += 1
    chrome = {s for s, n in df.items() if n >= min_docs}
    # chrome glued to the end of a real sentence ("(Reporting by X) An ultra-low latency...")
    long_chrome = sorted((c for c in chrome if len(c) >= 40), key=len, reverse=True)

    def clean(s: str) -> str:
        for c in long_chrome:
            if c in s:
                s = s.replace(c, " ")
        return " ".join(s.split())

    out = []
    for a in pool:
        sents = (clean(s) for s in a.sentences if s not in chrome)
        out.append(SourceArticle(a.key, a.topic, a.outlet, a.date, tuple(s for s in sents if s)))
    return [a for a in out if a.sentences], len(chrome)


def lowercase_vocabulary(pool: Iterable[SourceArticle]) -> frozenset[str]:
    """Words written in lowercase more often than capitalised inside sentences: the words
    that lose their capital when a clause starting with them moves (names keep theirs)."""
    low: dict[str, int] = defaultdict(int)
    cap: dict[str, int] = defaultdict(int)
    for a in pool:
        for s in a.sentences:
            for w in _WORD.findall(s)[1:]:
                if w.islower():
                    low[w] += 1
                elif w[:1].isupper():
                    cap[w.lower()] += 1
    return frozenset(w for w, n in low.items() if n > cap.get(w, 0)) | COMMON_STARTS


def _real_pair_stats(real: Sequence[RealPair], pool: Sequence[SourceArticle]) -> dict[str, Any]:
    by_key = {a.key: a for a in pool}
    counts: dict[str, int] = defaultdict(int)
    for p in real:
        a, b = by_key[p.a], by_key[p.b]
        same = "same outlet" if (a.topic, a.outlet) == (b.topic, b.outlet) else "across outlets"
        counts[f"{p.kind} ({same})"] += 1
    keys = {k for p in real for k in (p.a, p.b)}
    return {
        "pairs": len(real),
        "articles_involved": len(keys),
        "by_kind": dict(sorted(counts.items())),
    }


class _Builder:
    """Makes the articles of a corpus one family at a time (state shared by the families:
    the random stream, the filler pool, what is taken)."""

    def __init__(
        self,
        rng: random.Random,
        lower: frozenset[str],
        fillers: list[SourceArticle],
        related: dict[str, set[str]],
        taken: set[str],
    ) -> None:
        self.rng = rng
        self.lower = lower
        self.fillers = fillers
        self.related = related
        self.taken = taken
        self.articles: list[Article] = []
        self.members: dict[str, Member] = {}
        self.families: dict[str, tuple[str, ...]] = {}
        self.decidable: dict[str, bool] = {}
        self.sentences: dict[str, tuple[str, ...]] = {}
        self.fillers_used = 0
        self.too_close = 0  # rewrites left out: 85%+ of the original's 5-grams survived

    # -- records

    def _add(self, text: str, member: Member, **meta: Any) -> Member | None:
        aid = content_id(text.encode("utf-8"))
        if aid in self.members:
            return None
        member = Member(aid, *(getattr(member, f) for f in _MEMBER_FIELDS[1:]))
        self.articles.append(
            Article(
                id=aid,
                source=meta["source"],
                kind="text",
                text=text,
                outlet=meta["outlet"],
                published=_iso(meta.get("published")),
                credit=meta.get("credit"),
                language="en",
                url=meta.get("url"),
                extractor="synthetic",
                passages=(Passage(0, len(text)),),
            )
        )
        self.members[aid] = member
        return member

    def _real(self, src: SourceArticle, kind: str) -> tuple[Member, str, datetime | None, str]:
        info = SOURCE_OUTLETS[src.outlet]
        text = paragraphs(src.sentences, random.Random(src.key))
        t: datetime | None = None
        if self.rng.random() >= 0.05:
            t = datetime.fromisoformat(src.date) + timedelta(
                hours=self.rng.randint(6, 20), minutes=self.rng.randrange(60)
            )
        url = (
            f"https://{info.domain}/news/{src.date.replace('-', '/')}/"
            f"{_slug(src.sentences)}-{content_id(src.key.encode())[:8]}"
        )
        stub = Member("", kind, None, src.key, src.topic, info.name)
        member = self._add(
            text, stub, source=f"timeline17:{src.key}", outlet=info.name, published=t, url=url
        )
        if member is None:
            raise ValueError(f"timeline17 article {src.key} has the text of another one")
        return member, text, t, url

    def standalone(self, src: SourceArticle) -> None:
        self._real(src, "distractor")

    # -- one family

    def family(self, src: SourceArticle, *, planned_decidable: bool) -> None:
        orig, text, t0, url0 = self._real(src, "original")
        orig = Member(orig.id, "original", orig.id, src.key, src.topic, orig.outlet)
        self.members[orig.id] = orig
        ids = [orig.id]
        for kind, strength, farm in self._plan():
            m = self._derive(src, orig, text, t0, url0, kind, strength, farm, planned_decidable)
            if m is not None:
                ids.append(m.id)
        self.families[orig.id] = tuple(ids)
        self.sentences[orig.id] = src.sentences
        self.decidable[orig.id] = all(self.members[i].cues for i in ids[1:])

    def _plan(self) -> list[tuple[str, float | None, bool]]:
        rng = self.rng
        plan: list[tuple[str, float | None, bool]] = []
        for kind, p in (
            ("exact", 0.6),
            ("wrap", 0.8),
            ("edit", 0.7),
            ("edit", 0.25),
            ("shuffle", 0.5),
            ("truncation", 0.6),
            ("page", 0.5),
            ("passage", 0.4),
        ):
            if rng.random() < p:
                plan.append((kind, None, kind == "wrap" and rng.random() < 0.35))
        for _ in range(rng.choice((1, 1, 2))):
            plan.append(("rewrite", rng.choice((0.3, 0.6, 0.9)), rng.random() < 0.2))
        if rng.random() < 0.5:
            plan.append(("rewrite_drop", 0.6, False))
        return plan

    def _derive(
        self,
        src: SourceArticle,
        orig: Member,
        text: str,
        t0: datetime | None,
        url0: str,
        kind: str,
        strength: float | None,
        farm: bool,
        planned_decidable: bool,
    ) -> Member | None:
        rng = self.rng
        info = SOURCE_OUTLETS[src.outlet]
        site = rng.choice([s for s in SITES if s.farm == farm])
        cues: list[str] = []
        if kind == "wrap" or farm:
            cues.append("junk")
        if kind in ("truncation", "page"):
            cues.append("containment")
        # publication time, credit and canonical URL
        p_later, p_missing, p_credit, p_canon = (
            (0.8, 0.1, 0.35, 0.12) if planned_decidable else (0.45, 0.25, 0.1, 0.04)
        )
        t: datetime | None
        r = rng.random()
        if t0 is None:
            t = (
                None
                if r < 0.3
                else datetime.fromisoformat(src.date) + timedelta(hours=rng.randint(6, 40))
            )
        elif r < p_later:
            t = t0 + timedelta(minutes=rng.randint(20, 48 * 60))
            cues.append("later")
        else:
            t = None if r < p_later + p_missing else t0
        credit_form: str | None = None
        if rng.random() < p_credit:
            forms = ["meta"]
            if kind not in ("exact", "page", "passage"):
                forms += ["line", "dateline"] if info.dateline else ["line"]
            credit_form = rng.choice(forms)
        canonical = rng.random() < p_canon
        if planned_decidable and not cues and credit_form is None and not canonical:
            if t0 is not None:
                t = t0 + timedelta(minutes=rng.randint(20, 48 * 60))
                cues.append("later")
            else:
                credit_form = "meta"
        if credit_form:
            cues.append("credit")
        if canonical:
            cues.append("canonical")
        alias = rng.choice(info.aliases)
        credit = alias if credit_form == "meta" else None

        def credited(body: str) -> str:
            nonlocal credit
            if credit_form == "line":
                line = rng.choice(
                    (f"Credit: {alias}", f"This article originally appeared on {alias}.")
                )
                credit = alias if rng.random() < 0.5 else None
                return f"{body}\n\n{line}"
            if credit_form == "dateline":
                credit = info.dateline
                return f"{rng.choice(CITIES[src.topic])} ({info.dateline}) — {body}"
            return body

        body = self._text(kind, src, text, strength, credited)
        if body is None:
            return None
        if kind == "wrap" or farm:
            before, after = junk_blocks(site, max(12, int(0.12 * src.n_words)), rng)
            body = "\n\n".join([*before, body, *after])
        day = (t or datetime.fromisoformat(src.date)).strftime("%Y/%m/%d")
        url = (
            url0
            if canonical
            else f"https://{site.domain}/{day}/{_slug(src.sentences)}-{len(self.articles)}"
        )
        stub = Member(
            "",
            kind,
            orig.id,
            src.key,
            src.topic,
            site.name,
            strength,
            farm,
            tuple(cues),
            credit_form,
        )
        return self._add(
            body,
            stub,
            source=f"synthetic:{site.domain}/{len(self.articles)}",
            outlet=site.name,
            published=t,
            url=url,
            credit=credit,
        )

    def _text(
        self, kind: str, src: SourceArticle, text: str, strength: float | None, credited: Any
    ) -> str | None:
        """The derived text of ``kind`` (a credit line or dateline applied where it goes)."""
        rng = self.rng
        sents = list(src.sentences)
        if kind == "exact":
            return exact_variant(text, rng)
        if kind == "wrap":
            return credited(text)
        if kind == "edit":
            return credited(paragraphs(light_edit(sents, rng), random.Random(src.key)))
        if kind == "shuffle":
            order = list(range(len(sents)))
            while order == sorted(order) and len(order) > 1:
                rng.shuffle(order)
            return credited(paragraphs([sents[i] for i in order], rng))
        if kind == "truncation":
            goal = rng.uniform(0.4, 0.7) * src.n_words
            cum = [0]
            for sent in sents:
                cum.append(cum[-1] + len(sent.split()))
            # the sentence boundary nearest the goal, leaving at least one sentence out
            cut = min(range(1, len(sents)), key=lambda i: abs(cum[i] - goal))
            body = paragraphs(sents[:cut], random.Random(src.key))
            if rng.random() < 0.3:
                body += rng.choice((" …", "\n\nContinue reading", "\n\nRead the full story"))
            return credited(body)
        if kind == "page":
            filler = self._filler(src.topic, int(src.n_words * rng.uniform(0.9, 1.3)))
            if filler is None:
                return None
            k = rng.randint(0, len(filler))
            return "\n\n".join([*filler[:k], text, *filler[k:]])
        if kind == "passage":
            want = rng.uniform(0.25, 0.4) * src.n_words
            lens = [len(s.split()) for s in sents]
            start = rng.randint(0, len(sents) - 2)
            while start > 0 and sum(lens[start:-1]) < want:
                start -= 1
            n = 1
            while start + n < len(sents) - 1 and sum(lens[start : start + n]) < want:
                n += 1
            block = paragraphs(sents[start : start + n], rng)
            filler = self._filler(
                src.topic, int(sum(lens[start : start + n]) * rng.uniform(1.2, 1.8))
            )
            if filler is None:
                return None
            k = rng.randint(0, len(filler))
            return "\n\n".join([*filler[:k], block, *filler[k:]])
        drop = rng.uniform(0.2, 0.3) if kind == "rewrite_drop" else 0.0
        original = shingles(text)
        for st in (strength or 0.6, 1.0):
            out = paragraphs(Paraphraser(st, drop, self.lower).rewrite(sents, rng), rng)
            if len(original & shingles(out)) <= 0.85 * len(original):
                return credited(out)
        self.too_close += 1  # mostly quotations, which the paraphraser leaves alone
        return None

    def _filler(self, topic: str, words: int) -> list[str] | None:
        """Paragraphs of unrelated real text of another topic, about ``words`` long."""
        out: list[str] = []
        got = 0
        i = 0
        while got < words and i < len(self.fillers):
            a = self.fillers[i]
            if a.topic == topic or a.key in self.taken or self.related[a.key] & self.taken:
                i += 1
                continue
            self.fillers.pop(i)
            self.taken.add(a.key)
            self.fillers_used += 1
            need = words - got
            sents: list[str] = []
            for s in a.sentences:
                if sum(len(x.split()) for x in sents) >= need:
                    break
                sents.append(s)
            out.extend(paragraphs(sents, self.rng).split("\n\n"))
            got += sum(len(x.split()) for x in sents)
        return out if got >= words * 0.8 else None

    # -- the result

    def corpus(self, real: list[RealPair]) -> Corpus:
        gold: dict[frozenset[str], GoldPair] = {}
        for ids in self.families.values():
            for i, x in enumerate(ids):
                for y in ids[i + 1 :]:
                    gold[frozenset((x, y))] = gold_type(self.members[x], self.members[y])
        counts: dict[str, int] = defaultdict(int)
        for m in self.members.values():
            counts[m.kind] += 1
        types: dict[str, int] = defaultdict(int)
        for g in gold.values():
            types[f"{g.type} ({'direct' if g.direct else 'siblings'})"] += 1
        roots = [m for m in self.members.values() if m.kind in ("original", "distractor")]
        same_topic = sum(
            1 for i, a in enumerate(roots) for b in roots[i + 1 :] if a.topic == b.topic
        )
        stats = {
            "articles": len(self.articles),
            "by_kind": dict(counts),
            "gold_pairs": dict(sorted(types.items())),
            "families": len(self.families),
            "decidable_families": sum(self.decidable.values()),
            "same_topic_unrelated_real_pairs": same_topic,
        }
        return Corpus(
            self.articles,
            self.members,
            gold,
            self.families,
            self.decidable,
            real,
            self.sentences,
            stats,
        )


_MEMBER_FIELDS = Member.__slots__


def light_edit(sentences: list[str], rng: random.Random) -> list[str]:
    """A few words changed or deleted (two to five, one per 80 words at most beyond two)
    and, more often than not, one short sentence (never the first, at most 6% of the
    words) dropped."""
    out = list(sentences)
    words = sum(len(s.split()) for s in out)
    changes = rng.randint(2, max(2, min(5, words // 80)))  # a 200-word text gets two
    for _ in range(changes * 10):
        if changes == 0:
            break
        i = rng.randrange(len(out))
        if rng.random() < 0.7:
            new = replace_words(out[i], rng, 1.0, limit=1)
        else:
            new = drop_adverbs(out[i], limit=1)
        if new != out[i]:
            out[i] = new
            changes -= 1
    small = [i for i in range(1, len(out)) if len(out[i].split()) <= 0.06 * words]
    if small and rng.random() < 0.6:
        del out[rng.choice(small)]
    return out
