"""How a story clusterer sees a text: weighted features that separate events, not only topics.

Two reports of the same kind of event (two earthquakes, two strikes) share most of their words;
what tells them apart is *who*, *where*, *how many* and *when*. A text is therefore described by
five channels of sparse features, each weighted for the corpus and normalised on its own, so
that a long text's words cannot drown its names and dates:

=========  ===========================================================================
channel    features
=========  ===========================================================================
words      content words, lowercased, light plural stripping (``w:evacuation``)
names      capitalised sequences ("Kessring Dam", "Rustem Umerov") and, at half weight,
           their words (``n:kessring dam``, ``n:umerov``): names without an NER model
places     names after "in", "at", "near", "from" ..., and the dateline's city
           (``p:kursk oblast``)
numbers    quantities of two digits or more, with million / percent kept (``#:4000``,
           ``#:61m``), excluding the digits of dates and clock times
dates      the dates the text mentions, resolved against the publication date
           (``d:2024-11-05``, ``m:2024-11``, ``y:2024``; see :mod:`newsfuse.stories.dates`)
time       the publication day and the two days either side, on a triangular kernel
           (``t:2026-03-12`` 1, the day before and after 0.5, two days off 0.25): reports
           published close together are a little more alike; undated texts have none.
           Off by default (weight 0): the time window already keeps stories apart in time,
           and on the demo corpus the extra same-day similarity pulled a live blog's sports
           item into the day's main story
=========  ===========================================================================

The title, when there is one, counts twice. Term counts are dampened (1 + ln tf) and weighted
by an inverse document frequency learned from the stream itself: :class:`DocumentFrequencies`
is a hashed table of running counts (a fixed 2^20 buckets by default, so memory and saved
state stay bounded however large the vocabulary grows), updated before each batch is
vectorised. Feature strings stay readable in the vectors, so story keywords and entities can
be read off a story's centroid.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from newsfuse.errors import ConfigError
from newsfuse.extract.lang import stopwords
from newsfuse.extract.textmeta import MONTHS, TIME_RE
from newsfuse.stories.dates import date_features, days_after, find_date_mentions

CHANNELS = ("words", "names", "places", "numbers", "dates", "time")

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CALENDAR = (
    frozenset(MONTHS)
    | frozenset(_WEEKDAY_NAMES)
    | frozenset(["today", "yesterday", "tomorrow", "tonight", "week", "month", "year"])
)
_TOKEN = re.compile(r"\w+(?:[’'\-.&]\w+)*")
_POSSESSIVE = re.compile(r"[’']s$|[’']$")
_CONNECTORS = frozenset(
    ["of", "de", "del", "della", "la", "le", "du", "da", "van", "von", "der", "al", "bin", "el"]
)
_HONORIFICS = frozenset(
    ["mr", "mrs", "ms", "dr", "sir", "gen", "col", "lt", "sgt", "prof", "rev", "st"]
)
# words that open a capitalised run without being part of the name ("The", "In", "But")
_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "but",
        "and",
        "or",
        "nor",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "as",
        "after",
        "before",
        "when",
        "while",
        "if",
        "for",
        "with",
        "by",
        "from",
        "to",
        "of",
        "since",
        "during",
        "despite",
        "although",
        "though",
        "meanwhile",
        "however",
        "also",
        "so",
        "then",
        "there",
        "here",
        "according",
        "earlier",
        "later",
        "last",
        "next",
        "what",
        "who",
        "whom",
        "whose",
        "where",
        "why",
        "how",
        "all",
        "some",
        "many",
        "most",
        "both",
        "each",
        "every",
        "no",
        "not",
        "one",
        "our",
        "my",
        "your",
        "us",
        "them",
        "said",
        "says",
        "say",
        "yes",
        "such",
        "other",
        "another",
        "than",
        "until",
        "unlike",
        "among",
        "between",
        "about",
    ]
)
_PLACE_PREPS = frozenset(
    ["in", "at", "near", "outside", "across", "into", "from", "towards", "toward"]
)
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])")
_MULTIPLIER = re.compile(
    r"^\s*(?:-\s*)?(million|billion|trillion|bn|m|percent|per\s+cent|%)\b|^\s*%"
)
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-ZÀ-Þ][A-ZÀ-Þ .'\-]{1,40}?)(?:,\s*(?P<region>[A-ZÀ-Þ][\w .'\-]{1,40}?))?\s*+(?:\([^)]{1,20}\)\s*+)?[—–\-]{1,2}\s"
)


@dataclass(frozen=True, slots=True)
class ChannelWeights:
    """The share of each channel in a text's vector (they need not sum to 1: the vector is
    normalised after weighting). A channel a text does not have simply drops out."""

    words: float = 0.45
    names: float = 0.25
    places: float = 0.1
    numbers: float = 0.2
    dates: float = 0.2
    time: float = 0.0

    def __post_init__(self) -> None:
        for name in CHANNELS:
            value = getattr(self, name)
            if not isinstance(value, int | float) or value < 0 or math.isnan(value):
                raise ConfigError(
                    f"the '{name}' parameter of ChannelWeights must be a number >= 0, got {value!r}"
                )
        if not any(getattr(self, name) > 0 for name in CHANNELS):
            raise ConfigError("ChannelWeights needs at least one channel with a weight above 0")

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in CHANNELS}


@dataclass(frozen=True, slots=True)
class Features:
    """The raw features of one text before weighting: counts by feature (``w:``, ``n:``,
    ``p:``, ``#:``, ``d:``/``m:``/``y:`` prefixes) and the surface form of each name and
    place as the text wrote it (for display)."""

    counts: dict[str, float]
    surface: dict[str, str] = field(default_factory=dict)


_CHANNEL_BY_CHAR = {
    "w": "words",
    "t": "time",
    "n": "names",
    "p": "places",
    "#": "numbers",
    "d": "dates",
    "m": "dates",
    "y": "dates",
}


def channel_of(feature: str) -> str:
    """The channel a feature string belongs to (by its prefix)."""
    return _CHANNEL_BY_CHAR.get(feature[:1], "words")


def stem(word: str) -> str:
    """Harman's S-stemmer: plural forms to the singular, nothing more (stays readable)."""
    if len(word) > 4 and word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith(("shes", "ches", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("us", "ss", "is")):
        return word[:-1]
    return word


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def _numbers(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for m in _NUMBER.finditer(text):
        whole, frac = m.group(1).replace(",", ""), m.group(2)
        if not frac and len(whole) < 2:
            continue  # one digit: "3 people", "2-1" are everywhere
        value = whole.lstrip("0") or "0"
        if frac and frac.strip("0"):
            value += "." + frac.rstrip("0")
        mult = _MULTIPLIER.match(text[m.end() : m.end() + 12])
        if mult:
            word = (mult.group(1) or "%").lower()
            value += {"billion": "bn", "bn": "bn", "trillion": "tn", "million": "m", "m": "m"}.get(
                word, "%"
            )
        out[f"#:{value}"] += 1
    return out


def extract_features(
    text: str,
    *,
    title: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
) -> Features:
    """The raw features of ``text`` (and ``title``, counted twice), dates resolved against
    ``published``; stop words of ``language`` (English when unknown) are left out."""
    stops = stopwords(language)
    surface: dict[str, str] = {}
    mid_caps: set[str] = set()
    counts = _text_features(text, published, stops, surface, mid_caps, names=True)
    if title:
        # A headline in Title Case capitalises every word: take only its words then.
        words = [t for t in _TOKEN.findall(title) if t.lower() not in stops and t.isalpha()]
        title_case = len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.7
        title_counts = _text_features(
            title, published, stops, surface, mid_caps, names=not title_case
        )
        for k, v in title_counts.items():
            counts[k] += 2 * v
    if published is not None:
        for shift, weight in ((0, 1.0), (-1, 0.5), (1, 0.5), (-2, 0.25), (2, 0.25)):
            day = days_after(published, shift)
            if day is not None:  # None: off the calendar (published on 9999-12-31)
                counts[f"t:{day.isoformat()}"] += weight
    return Features(dict(counts), surface)


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    digit: bool  # holds a digit
    cap: bool  # starts with a capital letter
    at_start: bool  # opens a sentence or a line


_DIGIT = re.compile(r"\d")
_OPENING_PUNCT = frozenset('.!?:;"“”‘’([|•—–')


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    prev_end = -1
    for m in _TOKEN.finditer(text):
        start, tok = m.start(), m.group()
        if prev_end < 0:
            at_start = True
        else:
            gap = text[prev_end:start]
            stripped = gap.rstrip()
            at_start = "\n" in gap or (bool(stripped) and stripped[-1] in _OPENING_PUNCT)
        digit = _DIGIT.search(tok) is not None
        out.append(_Tok(start, m.end(), tok, digit, not digit and tok[0].isupper(), at_start))
        prev_end = m.end()
    return out


def _text_features(
    text: str,
    published: dt.date | None,
    stops: frozenset[str],
    surface: dict[str, str],
    mid_caps: set[str],
    *,
    names: bool,
) -> defaultdict[str, float]:
    """Features of one text; ``mid_caps`` gathers the words seen capitalised inside a
    sentence (names rather than sentence openers), shared between a body and its title."""
    counts: defaultdict[str, float] = defaultdict(float)
    mentions = find_date_mentions(text, published)
    counts.update(date_features(mentions))  # the first update: nothing to add to yet
    times = [(m.start(), m.end()) for m in TIME_RE.finditer(text)]
    for k, n in _numbers(_blank(text, [(m.start, m.end) for m in mentions] + times)).items():
        counts[k] += n

    tokens = _tokens(text)
    mid_caps.update(_POSSESSIVE.sub("", t.text).lower() for t in tokens if t.cap and not t.at_start)
    for t in tokens:
        if t.digit:
            continue
        low = t.text.lower()
        if "’" in low or "'" in low:
            low = _POSSESSIVE.sub("", low)
        if len(low) < 3 or low in stops or low in _CALENDAR:
            continue
        counts["w:" + stem(low)] += 1

    if names:
        for phrase, is_place in _name_runs(text, tokens, mid_caps):
            key = " ".join(w.lower() for w in phrase)
            prefix = "p" if is_place else "n"
            counts[f"{prefix}:{key}"] += 1
            surface.setdefault(f"{prefix}:{key}", " ".join(phrase))
            if len(phrase) > 1:
                for w in phrase:
                    lw = w.lower()
                    if lw not in _CONNECTORS and len(lw) > 1:
                        counts[f"n:{lw}"] += 0.5
                        surface.setdefault(f"n:{lw}", w)
        dl = _DATELINE.match(text)
        if dl:
            for part in (dl.group("city"), dl.group("region")):
                if part:
                    name = part.strip().title() if part.isupper() else part.strip()
                    counts[f"p:{name.lower()}"] += 1
                    surface.setdefault(f"p:{name.lower()}", name)
    return counts


def _is_opener(word: str) -> bool:
    low = word.lower().rstrip(".")
    return low in _OPENERS or low in _HONORIFICS or low in _CALENDAR


def _name_runs(
    text: str, tokens: list[_Tok], mid_caps: set[str]
) -> Iterable[tuple[list[str], bool]]:
    """Runs of capitalised tokens (with connectors such as "of" inside): (words, is_place)."""
    i, n = 0, len(tokens)
    while i < n:
        if not tokens[i].cap:
            i += 1
            continue
        j = i + 1
        while j < n and not _POSSESSIVE.search(tokens[j - 1].text):
            if not _joined(text, tokens[j - 1], tokens[j]):
                break
            if tokens[j].cap:
                j += 1
                continue
            if (
                tokens[j].text.lower() in _CONNECTORS
                and j + 1 < n
                and tokens[j + 1].cap
                and _joined(text, tokens[j], tokens[j + 1])
            ):
                j += 2
                continue
            break
        words = [_POSSESSIVE.sub("", tokens[k].text) for k in range(i, j)]
        first = i
        # drop openers ("The", "In", "Mr") and calendar words at either end
        while words and _is_opener(words[0]):
            words.pop(0)
            first += 1
        while words and (words[-1].lower() in _CALENDAR or words[-1].lower() in _CONNECTORS):
            words.pop()
        words = [w for w in words if w.lower().rstrip(".") not in _CALENDAR]
        if words and not (
            len(words) == 1
            and first == i
            and tokens[i].at_start
            and words[0].lower() not in mid_caps
        ):
            words = [w.title() if w.isupper() and len(w) > 4 else w for w in words[:5]]
            is_place = (
                i > 0
                and tokens[i - 1].text.lower() in _PLACE_PREPS
                and _joined(text, tokens[i - 1], tokens[i])
            )
            yield words, is_place
        i = j


def _joined(text: str, a: _Tok, b: _Tok) -> bool:
    """Only spaces (no punctuation, no line break) between two tokens."""
    gap = text[a.end : b.start]
    return not gap.strip() and "\n" not in gap


class DocumentFrequencies:
    """Running document frequencies in a hashed table: how many of the texts seen so far hold
    each feature. ``n_buckets`` (a power of two) bounds memory; features are hashed with CRC-32,
    so the table is the same in every process and can be saved and restored."""

    def __init__(self, n_buckets: int = 2**20) -> None:
        if not isinstance(n_buckets, int) or n_buckets < 2 or n_buckets & (n_buckets - 1):
            raise ConfigError(
                "the 'n_buckets' parameter of DocumentFrequencies must be a power of two >= 2, "
                f"got {n_buckets!r}"
            )
        self.n_buckets = n_buckets
        self.n_docs = 0
        self.counts = np.zeros(n_buckets, dtype=np.uint32)

    def _index(self, features: Iterable[str]) -> np.ndarray:
        mask = self.n_buckets - 1
        return np.fromiter((zlib.crc32(f.encode("utf-8")) & mask for f in features), dtype=np.int64)

    def add(self, documents: Iterable[Iterable[str]]) -> None:
        """Count each document's distinct features once."""
        idx: list[np.ndarray] = []
        for feats in documents:
            idx.append(np.unique(self._index(set(feats))))
            self.n_docs += 1
        if idx:
            np.add.at(self.counts, np.concatenate(idx), 1)

    def idf(self, features: list[str]) -> np.ndarray:
        """Smoothed inverse document frequencies, ln((N + 1) / (df + 1)) + 1."""
        df = self.counts[self._index(features)].astype(np.float64)
        return np.log((self.n_docs + 1.0) / (df + 1.0)) + 1.0

    def to_state(self) -> dict[str, Any]:
        data = zlib.compress(self.counts.astype("<u4").tobytes(), 6)
        return {
            "n_buckets": self.n_buckets,
            "n_docs": self.n_docs,
            "counts": base64.b64encode(data).decode("ascii"),
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> DocumentFrequencies:
        table = cls(int(state["n_buckets"]))
        table.n_docs = int(state["n_docs"])
        raw = zlib.decompress(base64.b64decode(state["counts"]))
        table.counts = np.frombuffer(raw, dtype="<u4").astype(np.uint32).copy()
        if table.counts.shape[0] != table.n_buckets:
            raise ValueError("the saved document frequencies do not match their table size")
        return table


def vectorize(
    features: Features,
    df: DocumentFrequencies,
    weights: ChannelWeights,
    max_features: int | None = None,
) -> dict[str, float]:
    """The unit-length vector of a text: per channel, (1 + ln tf) x idf normalised to unit
    length and scaled by the square root of the channel's weight; then only the
    ``max_features`` heaviest features are kept (all when None) and the whole is normalised."""
    share = weights.as_dict()
    keys = [k for k in features.counts if share[channel_of(k)] > 0]
    if not keys:
        return {}
    idf = df.idf(keys)
    raw: dict[str, float] = {}
    sq: dict[str, float] = dict.fromkeys(CHANNELS, 0.0)
    for k, w in zip(keys, idf, strict=True):
        c = features.counts[k]
        v = (1.0 + math.log(c) if c >= 1 else c) * float(w)
        raw[k] = v
        sq[channel_of(k)] += v * v
    scale = {
        ch: math.sqrt(getattr(weights, ch)) / math.sqrt(s) if s > 0 else 0.0 for ch, s in sq.items()
    }
    vec = {k: v * scale[channel_of(k)] for k, v in raw.items()}
    if max_features is not None and len(vec) > max_features:
        vec = dict(sorted(vec.items(), key=lambda x: (-x[1], x[0]))[:max_features])
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm > 0 else {}


__all__ = [
    "CHANNELS",
    "ChannelWeights",
    "DocumentFrequencies",
    "Features",
    "channel_of",
    "extract_features",
    "vectorize",
]
