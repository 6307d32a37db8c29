"""Who is speaking: source phrases, names, media and speaker resolution.

The helpers behind :mod:`newsfuse.claims.quotes`. They read general English structure only (the
word lists of :mod:`newsfuse.claims.speech_words`: speech verbs, titles, determiners), never
names from a corpus:

- :func:`parse_source` splits a source phrase as written into the name it holds and the role or
  title around it ("Ukraine's Defense Minister Rustem Umerov" -> "Rustem Umerov", "Defense
  Minister"), or says it is a pronoun ("he") or a role noun phrase ("the head of the Ministry");
- :func:`name_mentions` is a small finder of capitalised names (people and organisations) with
  the title words that precede them, used when the caller gives no person spans;
- :func:`find_medium` reads the channel of a statement ("in an interview with KBS", "on
  Telegram", "at a press conference in Budapest", "told reporters");
- :class:`SpeakerResolver` walks the attributions of a text in order and resolves pronouns to
  the last named speaker and role nouns ("the minister", "the union") to the last speaker or
  name whose role or name holds that noun; a surname alone is expanded to the full name met
  earlier ("Umerov" -> "Rustem Umerov").

The word lists and the token readers (:mod:`newsfuse.claims.speech_tokens`) that callers import
from here (:func:`is_cue`, :func:`tokens`, :func:`word_tokens`, :func:`cue_word_tokens`,
:func:`may_hold_cue`, :data:`TOKEN`, :func:`wordset` ...) are re-exported.

Speed: the resolver walks back from a position through sorted mentions and speakers, so
resolving costs the distance to the speaker found, not the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from newsfuse.claims.speech_tokens import TOKEN as TOKEN
from newsfuse.claims.speech_tokens import cue_word_tokens as cue_word_tokens
from newsfuse.claims.speech_tokens import may_hold_cue as may_hold_cue
from newsfuse.claims.speech_tokens import tokens
from newsfuse.claims.speech_tokens import word_tokens as word_tokens
from newsfuse.claims.speech_words import (
    DETERMINERS,
    DOCUMENT_NOUNS,
    ORG_WORDS,
    PARTY_STATE,
    PARTY_STATE_WORD,
    PEOPLE_NOUNS,
    PERSON_PRONOUNS,
    PRONOUNS,
    TITLE_WORDS,
    is_cue,
)
from newsfuse.claims.speech_words import GEO_FIRST as _GEO_FIRST
from newsfuse.claims.speech_words import NAME_STOP as _NAME_STOP
from newsfuse.claims.speech_words import NAME_STOP_BUT_THE as _NAME_STOP_BUT_THE
from newsfuse.claims.speech_words import NATIONALITY as _NATIONALITY
from newsfuse.claims.speech_words import wordset as wordset


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or (tok[:1].isdigit() and False)


def _possessive(tok: str) -> bool:
    return tok.endswith(("’s", "'s", "’S", "'S"))


def _strip_possessive(tok: str) -> str:
    return tok[:-2] if _possessive(tok) else tok


# ---------------------------------------------------------------------------------------------
# Source phrases
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceParse:
    """What a source phrase holds: ``kind`` is "name", "pronoun", "role" or "other"."""

    kind: str
    name: str | None = None
    role: str | None = None
    keys: tuple[str, ...] = ()  # content words of a role noun phrase ("minister", "union")
    head: str = ""  # the head noun of a role phrase ("head" in "the head of the Ministry")


def _role_text(words: list[str]) -> str | None:
    """A role from the words before a name: drop determiners, possessors and nationalities."""
    i = 0
    while i < len(words) and (
        words[i].lower() in DETERMINERS
        or _possessive(words[i])
        or (_NATIONALITY.match(words[i]) and i + 1 < len(words))
    ):
        i += 1
    role = " ".join(words[i:]).strip(" ,")
    return role or None


def parse_source(source: str) -> SourceParse:
    """Split a source phrase into name and role, or classify it as pronoun or role phrase."""
    text = source.strip(" ,;:")
    if not text:
        return SourceParse("other")
    low = text.lower()
    if low in PRONOUNS:
        return SourceParse("pronoun")
    # Apposition: "Name, role ..." or "the role ..., Name".
    if "," in text:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if any(p.split()[0].lower() in {"and", "or"} for p in parts[1:]):
            return SourceParse("other")  # a list: "assessments from A, B, and C"
        first, last = parse_source(parts[0]), parse_source(parts[-1])
        if first.kind == "name" and len(parts) > 1:
            appositive = ", ".join(parts[1:])
            if appositive.split()[0].endswith("ing"):
                appositive = ""  # "X, citing Y, wrote": no role
            return SourceParse("name", first.name, first.role or appositive or None)
        if last.kind == "name":
            return SourceParse("name", last.name, last.role or parts[0])
        return first
    words = text.split()
    # The last title word followed by capitalised words: role + name.
    title_at = -1
    for i, w in enumerate(words[:-1]):
        if w.lower().strip(",") in TITLE_WORDS and all(_is_cap(x) for x in words[i + 1 :]):
            title_at = i
    if title_at >= 0:
        name = " ".join(words[title_at + 1 :])
        return SourceParse("name", name, _role_text(words[: title_at + 1]))
    # "President of Ukraine Volodymyr Zelenskyy": a title, "of" a place, then the name.
    for i, w in enumerate(words[:-4]):
        if w.lower() in TITLE_WORDS and words[i + 1] == "of":
            rest = words[i + 2 :]
            if len(rest) >= 3 and all(_is_cap(x) for x in rest):
                return SourceParse("name", " ".join(rest[-2:]), " ".join(words[: len(words) - 2]))
    body = words[1:] if words[0].lower() in DETERMINERS else words
    if body and body[-1].lower() in TITLE_WORDS:
        keys = tuple(w.lower() for w in body if not _possessive(w) and not _NATIONALITY.match(w))
        return SourceParse(
            "role", None, _role_text(words), keys or (body[-1].lower(),), body[-1].lower()
        )
    joiners = {"of", "and", "the", "for", "on"}
    if body and _is_cap(body[-1]) and all(_is_cap(w) or w.lower() in joiners for w in body):
        return SourceParse("name", " ".join(body), None)
    if body and not _is_cap(body[0]) and words[0].lower() in DETERMINERS | {"a", "an"}:
        keys = tuple(
            _strip_possessive(w).lower().strip(",.")
            for w in body
            if w.lower() not in _NAME_STOP and w.lower() not in {"head", "of"}
        )
        head = " ".join(body).split(" of ")[0].split()[-1].lower()
        return SourceParse(
            "role", None, " ".join(body), keys or (body[0].lower(),), _strip_possessive(head)
        )
    return SourceParse("other")


def name_like(phrase: str) -> bool:
    """Whether ``phrase`` reads as a name: capitalised words (and joiners) after a determiner."""
    words = phrase.split()
    if words and words[0].lower() in DETERMINERS:
        words = words[1:]
    if not words or words[0].lower().strip(".,") in _NAME_STOP:
        return False
    return all(_is_cap(w) or w in _JOINERS for w in words)


def has_title(phrase: str) -> bool:
    """Whether one of the first words of ``phrase`` is a title or role noun."""
    return any(_strip_possessive(w).lower().strip(",") in TITLE_WORDS for w in phrase.split()[:5])


# ---------------------------------------------------------------------------------------------
# Name mentions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A capitalised name in the text with the role words written before it."""

    start: int
    end: int
    name: str
    role: str | None
    person: bool


_JOINERS = frozenset({"of", "and", "the", "for", "on", "de", "van", "von", "al", "bin", "der"})


def name_mentions(text: str) -> list[Mention]:
    """Capitalised name runs of ``text`` (people and organisations), titles split off."""
    toks = tokens(text)
    out: list[Mention] = []
    # Where a run may start: a capitalised token that is not a stop word.
    starts = [k for k, t in enumerate(toks) if t[2][0].isupper() and t[2].lower() not in _NAME_STOP]
    j = 0
    for i in starts:
        if i < j:
            continue  # inside the run before
        j = i + 1
        while j < len(toks):
            t = toks[j][2]
            gap = text[toks[j - 1][1] : toks[j][0]]
            if gap not in (" ", "\u00a0") or _possessive(toks[j - 1][2]):
                break
            prev = toks[j - 1][2]
            if prev.endswith(".") and len(prev) > 3 and prev.lower() not in TITLE_WORDS:
                break  # a full stop ends the run: "... Council. Kovalenko"
            joins = (
                t in _JOINERS
                and j + 1 < len(toks)
                and _is_cap(toks[j + 1][2])
                and toks[j + 1][2].lower().rstrip(".") not in _NAME_STOP
            )
            if (_is_cap(t) and t.lower() not in _NAME_STOP_BUT_THE) or joins:
                j += 1
            else:
                break
        out.extend(_split_run(text, toks, i, j))
    return out


_TITLE_BEFORE = TITLE_WORDS | {"regional", "union"}


def _split_run(text: str, toks: list[tuple[int, int, str]], i: int, j: int) -> list[Mention]:
    run = toks[i:j]
    while run and run[-1][2] in _JOINERS:
        run = run[:-1]
    if not run:
        return []
    words = [t[2] for t in run]
    lower = [w.lower().rstrip(",") for w in words]
    title_at = -1
    for k in range(len(lower) - 1):
        if lower[k] in TITLE_WORDS:
            title_at = k
    role: str | None = None
    if title_at >= 0:
        role = _role_text(words[: title_at + 1])
        run = run[title_at + 1 :]
    else:
        # A lowercase title just before the run ("regional governor Yury Dravenko").
        window = text[max(0, run[0][0] - 40) : run[0][0]]
        last = window.rsplit(None, 1)[-1:]  # the last word of the window, if any
        if last and last[0].lower().strip(",") in _TITLE_BEFORE:
            before = window.split()
            k = len(before)
            while k > 0 and before[k - 1].lower().strip(",") in _TITLE_BEFORE:
                k -= 1
            role = " ".join(before[k:])
    if not run:
        return []
    s, e = run[0][0], run[-1][1]
    if _possessive(run[-1][2]):
        e -= 2
    elif text[e - 1] == "." and not re.search(r"(?:^|\.)[A-Z]\.$", text[s:e]):
        e -= 1  # a sentence's full stop, not an initialism's
    name = text[s:e]
    if role is None:
        role = _appositive_role(text, s, e)
    names = [w.lower() for w in name.split()]
    person = (
        (title_at >= 0 or role is not None or len(names) >= 2)
        and ORG_WORDS.isdisjoint(names)
        and names[0] not in _GEO_FIRST
        and not name.isupper()
        and "of" not in names
        and "and" not in names
    )
    return [Mention(s, e, name, role, person)]


_APPOSITIVE_BEFORE = re.compile(
    r"(?:^|[,.;:—]\s*+)((?:the|a|an|its|his|her)?\s*+(?:[^,.;:]*?[^,.;:\s])??)\s*+,\s*+$"
)
_APPOSITIVE_AFTER = re.compile(r"\s*,\s*((?:the|a|an)?\s*[^,.;:]*)")


def _appositive_role(text: str, s: int, e: int) -> str | None:
    """A role in apposition: "the governor of X, Name" or "Name, head of X,"."""
    stop = min(len(text), e + 120)
    k = e
    while k < stop and text[k].isspace():
        k += 1
    # _APPOSITIVE_AFTER opens with a comma after white space
    after = _APPOSITIVE_AFTER.match(text, e, stop) if k < stop and text[k] == "," else None
    if after is not None and text[after.end() : after.end() + 1] in {",", "."}:
        words = after.group(1).split()
        if (
            0 < len(words) <= 14
            and any(w.lower() in TITLE_WORDS for w in words[:4])
            and (words[0].lower() in DETERMINERS or words[0].lower() in TITLE_WORDS)
            and not any(is_cue(w) for w in words)
        ):
            return after.group(1).strip()
    window = max(0, s - 120)
    k = s - 1
    while k >= window and text[k].isspace():
        k -= 1
    if k < window or text[k] != ",":
        return None  # _APPOSITIVE_BEFORE ends with a comma and white space: no match
    before = _APPOSITIVE_BEFORE.search(text, window, s)
    if before is not None:
        words = before.group(1).split()
        if 0 < len(words) <= 14 and any(w.lower().strip("’'s") in TITLE_WORDS for w in words[:4]):
            return before.group(1).strip()
    return None


def mentions_from_people(text: str, people: Sequence[tuple[int, int]]) -> list[Mention]:
    """Person mentions from caller-given spans, with the title words written before them."""
    out = []
    for s, e in people:
        name = text[s:e]
        words = name.split()
        lower = [w.lower() for w in words]
        title_at = max((k for k, w in enumerate(lower[:-1]) if w in TITLE_WORDS), default=-1)
        if title_at >= 0:
            skip = len(" ".join(words[: title_at + 1])) + 1
            out.append(Mention(s + skip, e, " ".join(words[title_at + 1 :]), None, True))
            continue
        before = text[max(0, s - 40) : s].split()
        k = len(before)
        while k > 0 and (before[k - 1].lower() in TITLE_WORDS or _is_cap(before[k - 1])):
            k -= 1
        out.append(Mention(s, e, name, _role_text(before[k:]), True))
    return out


# ---------------------------------------------------------------------------------------------
# Medium
# ---------------------------------------------------------------------------------------------

# The phrases of MEDIUM end at a non-space, where _NP_END looks at what follows (white space
# then the end of the text included): a phrase that could end anywhere in a run of white space
# tried every split of it.
_NP_END = (
    r"(?=\s+on\s+(?:[A-Z]|\d)|\s+(?:after|before|when|while|as|that|who|which|where|"
    r"speaking|adding|citing|saying)\b|\s*[,;:“”\"()—]|\.(?:\s|$)|\s*$)"
)
MEDIUM = re.compile(
    r"\b(?i:in|during)\s+(?:an?|the|his|her|its|their)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:interview|address|statement|speech|post|briefing|broadcast|op-ed|letter|tweet|message|"
    r"conversation|podcast|appearance|remarks|comments|press conference|news conference|"
    r"press release|video|column|article|report|email|call|session|debate|hearing|"
    r"testimony|declaration|communiqué|note)s?\b(?:\s+(?:with|to|on|for|at|in|before)\s++.*?\S)?"
    + _NP_END
    + r"|\b(?i:at)\s+(?:an?|the|his|her|its|their)\s+(?:[\w-]+\s+){0,4}?(?:press conference|"
    r"news conference|briefing|rally|summit|meeting|event|hearing|forum|session|ceremony|"
    r"debate|conference|town hall|gathering|congress)\b(?:\s++.*?\S)?"
    + _NP_END
    + r"|\bon\s+(?:Telegram|Twitter|X|Facebook|Instagram|TikTok|YouTube|LinkedIn|Truth Social|"
    r"social media|(?:state\s+|national\s+|public\s+)?(?:television|TV|radio)|"
    r"(?:his|her|its|their)\s+(?:website|blog|channel|account|page|show))\b"
    r"|\b(?:(?i:speaking)\s+)?to\s+(?:reporters|journalists|the press|the media|deputies|"
    r"lawmakers|parliament|supporters|the crowd|students|voters|(?:the\s+)?[A-Z][\w.]*"
    r"(?:\s+[A-Z][\w.]*)*)"
    r"(?:\s+(?:in|at)\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
    r"|\btold\s++.*?\S" + _NP_END,
)


def find_medium(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the first medium phrase in ``text[start:end]`` (as written), or None."""
    m = MEDIUM.search(text, start, end)
    if m is None:
        return None
    s, e = m.start(), m.end()
    while e > s and text[e - 1] in " ,.;:":
        e -= 1
    return (s, e) if e > s else None


# ---------------------------------------------------------------------------------------------
# Speaker resolution
# ---------------------------------------------------------------------------------------------


#: How far back (in characters) a pronoun or role noun looks for the name it stands for.
LOOKBACK = 10_000


def _stem(word: str) -> str:
    return _strip_possessive(word).lower().strip(",.’'")[:5]


@dataclass(slots=True)
class _Known:
    position: int
    name: str
    role: str | None
    person: bool
    until: int = -1  # where the statement of a speaker ends


class SpeakerResolver:
    """Resolves source phrases to named speakers, in text order.

    Fed the name mentions of the text; :meth:`resolve` is called for each attribution in
    order of position and remembers the speakers it found.

    The candidates of a position (the speakers resolved before it and the mentions that end
    before it, in text order; at one position speakers before mentions) are walked backwards
    from the position, so a resolution costs the distance to the speaker it finds, not the
    length of the text: mentions and speakers are kept sorted by position and found by
    bisection, surnames and the words of names and roles are indexed once. A pronoun or a role
    noun looks back :data:`LOOKBACK` characters at most, so one that names nobody (a text of
    quotes and no names) costs that much, not the length of the text before it.
    """

    def __init__(
        self,
        mentions: Sequence[Mention],
        sentences: Sequence[tuple[int, int]] = (),
        quotes: Sequence[tuple[int, int]] = (),
        text: str = "",
    ) -> None:
        self._text = text
        self._sentences = sorted(sentences)
        self._sentence_starts = [s for s, _ in self._sentences]
        self._quotes = sorted(quotes)
        self._quote_starts = [a for a, _ in self._quotes]
        self._mentions = sorted(mentions, key=lambda m: m.start)
        self._mention_starts = [m.start for m in self._mentions]
        self._mention_known = [_Known(m.start, m.name, m.role, m.person) for m in self._mentions]
        # Fuller person names by their last word (lowercase), in text order: surname expansion.
        self._by_surname: dict[str, list[Mention]] = {}
        # The first role written with each name.
        self._first_role: dict[str, str] = {}
        for m in self._mentions:
            if " " in m.name and m.person:
                self._by_surname.setdefault(m.name.lower().split()[-1], []).append(m)
            if m.role and m.name not in self._first_role:
                self._first_role[m.name] = m.role
        self._person_suffixes: set[str] | None = None  # every ending of a person's name
        self._stems: dict[tuple[str, str | None], frozenset[str]] = {}
        # Speakers sorted by position (ties in the order they were found).
        self._speakers: list[_Known] = []
        self._speaker_positions: list[int] = []

    def _full_name(self, name: str, position: int) -> str:
        """A lone surname expanded to the fuller name met before (else after) it."""
        if " " in name:
            return name
        pool = self._by_surname.get(name.lower())
        if not pool:
            return name
        # The nearest before (or at) the position, else the last one after it; at one start,
        # the first listed.
        starts = [m.start for m in pool]
        before = bisect_right(starts, position)
        at = starts[before - 1] if before else starts[-1]
        return pool[bisect_left(starts, at)].name

    def _ends_with_person(self, word: str) -> bool:
        """Whether the name of some person mention ends with ``word``."""
        if self._person_suffixes is None:
            self._person_suffixes = {
                m.name[i:] for m in self._mentions if m.person for i in range(len(m.name) + 1)
            }
        return word in self._person_suffixes

    def _stem_set(self, k: _Known) -> frozenset[str]:
        """The stems of the words of a candidate's name and role."""
        key = (k.name, k.role)
        stems = self._stems.get(key)
        if stems is None:
            stems = frozenset(_stem(w) for w in (k.name + " " + (k.role or "")).split())
            self._stems[key] = stems
        return stems

    def _backwards(self, position: int) -> Iterator[_Known]:
        """The candidates of ``position`` from the last to the first."""
        si = bisect_left(self._speaker_positions, position) - 1
        mi = bisect_right(self._mention_starts, position) - 1
        speakers, known = self._speakers, self._mention_known
        first = position - LOOKBACK
        while mi >= 0 or si >= 0:
            at_mention = known[mi].position if mi >= 0 else -1
            at_speaker = speakers[si].position if si >= 0 else -1
            if at_mention < first and at_speaker < first:
                return
            if mi >= 0 and at_mention >= at_speaker:
                k = known[mi]
                mi -= 1
                if self._mentions[mi + 1].end <= position:
                    yield k
            else:
                yield speakers[si]
                si -= 1

    def _said_backwards(self, position: int) -> Iterator[_Known]:
        """The speakers resolved before ``position``, last first (within :data:`LOOKBACK`)."""
        si = bisect_left(self._speaker_positions, position) - 1
        first = position - LOOKBACK
        while si >= 0 and self._speakers[si].position >= first:
            yield self._speakers[si]
            si -= 1

    def _window(self, anchor: int, pronoun: str = "") -> int:
        """Where the sentence before the one holding ``anchor`` starts (the text start when
        no sentences were given): a pronoun looks no further back, but for a sentence whose
        subject is the same pronoun and that names nobody ("Speaking on Monday, he repeated
        the call."), which passes the look back on to the sentence before it (three at most)."""
        if not self._sentence_starts:
            return 0
        k = bisect_right(self._sentence_starts, anchor) - 1
        k = max(0, k - 1)
        for _ in range(3):
            if k == 0 or not pronoun or not self._text:
                break
            s, e = self._sentences[k]
            if not self._chains(s, e, pronoun):
                break
            k -= 1
        return self._sentence_starts[k]

    def _chains(self, s: int, e: int, pronoun: str) -> bool:
        """Whether the sentence ``s:e`` holds ``pronoun`` outside quotes and names no person."""
        lo = bisect_left(self._mention_starts, s)
        hi = bisect_left(self._mention_starts, e)
        if any(self._mentions[i].person for i in range(lo, hi)):
            return False
        words = _PRONOUN_WORD.finditer(self._text, s, e)
        return any(m.group().lower() == pronoun and not self._quoted(m.start()) for m in words)

    def _quoted(self, pos: int) -> bool:
        """Whether ``pos`` lies inside a quotation (a name quoted is nobody's antecedent)."""
        k = bisect_right(self._quote_starts, pos) - 1
        return k >= 0 and pos < self._quotes[k][1]

    def _pronoun(self, word: str, position: int, anchor: int) -> tuple[_Known | None, bool]:
        """The antecedent of a pronoun source: a compatible speaker whose statement reaches the
        sentence before the attribution or the sentence itself, else the one person named there
        (outside quotes), when no other speaker was named before. ``(None, True)`` when it is
        ambiguous, ``(None, False)`` when nobody fits."""
        start = self._window(anchor, word)
        person = word in PERSON_PRONOUNS
        plural = word in {"they", "we"}
        for k in self._said_backwards(position):
            if k.until < start:
                break
            if (person and k.person) or (word == "it" and not k.person) or plural:
                return k, False
        if not person:
            return None, False
        names: list[_Known] = []
        for k in self._backwards(position):
            if k.position < start:
                break
            if k.person and not self._quoted(k.position) and all(n.name != k.name for n in names):
                names.append(k)
        if len(names) != 1:
            return None, len(names) > 1
        earlier = next((k for k in self._said_backwards(start) if k.person), None)
        if earlier is not None and earlier.name != names[0].name:
            return None, True  # "she" after another person named: the earlier speaker or him
        return names[0], False

    def _role(self, parse: SourceParse, phrase: str, position: int) -> tuple[_Known | None, bool]:
        """The named person or organisation a role noun phrase stands for: for a title ("the
        minister", "the House speaker", "the presumptive Republican nominee"), the one person
        named before with that title (all the words of the phrase preferred; two different
        people with the title and none with all its words: ambiguous); for an organisation noun
        ("the union"), the last name or role holding its words. ``(None, True)`` when
        ambiguous."""
        keys = {_stem(k) for k in parse.keys if k}
        head = parse.keys[-1] if parse.keys else ""
        if head.endswith("s") and not head.endswith(("ss", "us", "is")):
            return None, False  # a plural role ("the ministers") names no single speaker
        if not keys:
            return None, False
        if parse.head in TITLE_WORDS:
            full: dict[str, _Known] = {}
            titled: dict[str, _Known] = {}
            title = _stem(parse.head)
            for k in self._backwards(position):
                if not k.person:
                    continue
                name = self._full_name(k.name, k.position)
                if not self._modifiers_fit(phrase, k):
                    continue
                if keys <= self._stem_set(k):
                    full.setdefault(name, k)
                elif title in self._role_stems(k):
                    titled.setdefault(name, k)
            if full:
                return (next(iter(full.values())), False) if len(full) == 1 else (None, True)
            if len(titled) == 1:
                return next(iter(titled.values())), False
            return None, len(titled) > 1
        want_org = parse.head in ORG_WORDS
        for k in self._backwards(position):
            if want_org and k.person:
                continue
            if keys <= self._stem_set(k):
                return k, False
        return None, False

    def _modifiers_fit(self, phrase: str, k: _Known) -> bool:
        """Whether the words of a title phrase that the candidate's name and role lack are only
        ones that do not tell people apart ("the House speaker" for "Speaker Paul Ryan"; not
        "the South Korean defense minister" for "Defense Minister Rustem Umerov")."""
        stems = self._stem_set(k)
        for word in phrase.split():
            low = _strip_possessive(word).lower().strip(",.")
            if _stem(word) in stems or low in _SOFT_MODIFIERS:
                continue
            if word[:1].isupper() or low in _GEO_FIRST:
                return False
        return True

    def _role_stems(self, k: _Known) -> frozenset[str]:
        return frozenset(_stem(w) for w in (k.role or "").split())

    def resolve(
        self,
        source: str,
        position: int,
        anchor: int | None = None,
        until: int | None = None,
        *,
        speaks: bool = True,
    ) -> Resolved:
        """The speaker of the source phrase ``source`` found at ``position``: ``anchor`` is
        where its attribution starts (a pronoun looks back from the sentence before it),
        ``until`` where the statement ends (a later pronoun may continue it). With ``speaks``
        False (a stance: "X welcomed the news") the speaker found is not remembered as one
        who spoke."""
        anchor = position if anchor is None else min(anchor, position)
        parse = parse_source(clean_source(source))
        speaker: str | None = None
        role = parse.role
        person = False
        status = "unresolved"
        if parse.kind == "name" and parse.name and valid_name(parse.name):
            speaker = self._full_name(parse.name, position)
            lowered = {w.lower() for w in speaker.split()}
            person = not (lowered & ORG_WORDS) and speaker.split()[0].lower() not in _GEO_FIRST
            person = person and self._ends_with_person(speaker.split()[-1])
            if role is None:
                role = self._first_role.get(speaker)
            status = "named"
        elif parse.kind == "name" and parse.name and parse.name.lower() in _GROUP_NOUNS:
            status = "role"  # "Officials said": a group, unnamed
        elif parse.kind == "other" and (by := _BY_NAME.search(source)) is not None:
            # "Analysis published by the European Council on Foreign Relations"
            speaker, status = by.group(1), "named"
        elif parse.kind == "other" and len(source.split()) > 1:
            status = "role"  # "Intelligence assessments from the U.S. and Ukraine": as written
        elif parse.kind == "pronoun":
            found, _ambiguous = self._pronoun(source.strip().lower(), position, anchor)
            if found is not None:
                speaker, person, role, status = found.name, found.person, found.role, "resolved"
        elif parse.kind == "role":
            best, ambiguous = self._role(parse, clean_source(source), position)
            if best is not None:
                speaker, person, status = best.name, best.person, "resolved"
            elif not ambiguous and not _DEFINITE_SINGLE.match(source.strip()):
                status = "role"  # an honest unnamed source: "officials", "a Ukrainian official"
            elif not ambiguous and parse.head not in TITLE_WORDS:
                status = "role"  # "the statement", "the airline": unnamed, not a person to find
        if speaker is not None and speaks:
            at = bisect_right(self._speaker_positions, position)
            end = position if until is None else max(until, position)
            self._speakers.insert(at, _Known(position, speaker, role, person, end))
            self._speaker_positions.insert(at, position)
        return Resolved(speaker, role, status)


class Resolved(NamedTuple):
    """A resolved source: ``speaker`` (a name, or None), ``role`` as written, and ``status``:
    "named" (the source names the speaker), "resolved" (a pronoun or role noun resolved to the
    one person or organisation it can stand for), "role" (an honest unnamed source: "officials",
    "the statement", "a Ukrainian official"), "unresolved" (a pronoun or title whose person is
    not certain: nobody or several fit, or a source that is no name: "Republican", "R-Wis.").
    Only "named" and "resolved" speakers are certain enough to compare statements by."""

    speaker: str | None
    role: str | None
    status: str


# "the minister", "the House speaker": one definite person, to be found or left unresolved
_DEFINITE_SINGLE = re.compile(r"(?i)^(?:the|this|that|his|her|its|their)\s")

_PRONOUN_WORD = re.compile(r"\b(?:he|she|they|it|we|i|you)\b", re.IGNORECASE)

# The one organisation a document phrase is by: "a report published by the Kessring Institute"
_BY_NAME = re.compile(
    r"\b(?:by|from)\s+(?:the\s+)?((?:[A-Z][\w.’'-]*)(?:\s+(?:of|on|for|the|[A-Z][\w.’'-]*))*"
    r"(?<=[\w.]))\s*$"
)

# Words of a title phrase that do not tell two holders of the title apart.
_SOFT_MODIFIERS = wordset("""house senate white republican democratic democrat gop presumptive
    top senior chief current new the a an of""")

# Nouns of groups and documents that speak unnamed ("Officials said", "Sources say").
_GROUP_NOUNS = PEOPLE_NOUNS | DOCUMENT_NOUNS | wordset("statement statements source")

# Capitalised words that are never a speaker on their own: a chamber, a party adjective, a
# generic noun ("the House speaker" is not "House"; "the Republican nominee" is not "Republican").
_NOT_A_SPEAKER = wordset("""house senate congress chamber republican democratic democrat
    conservative liberal independent libertarian progressive gop federal national state
    white statement report sources source officials official government administration""")


def clean_source(source: str) -> str:
    """A source phrase without the party and state labels written after a name ("Paul Ryan,
    R-Wis." and "Paul Ryan (R-Wis.)" are "Paul Ryan")."""
    text = PARTY_STATE.sub("", source)
    parts = [p for p in text.split(",")]
    kept = [p for p in parts if not PARTY_STATE_WORD.match(p.strip())]
    return ",".join(kept).strip(" ,") if len(kept) < len(parts) else text


def valid_name(name: str) -> bool:
    """Whether ``name`` can be a speaker: not a fragment, a state or party label, a party
    adjective or a generic noun on its own."""
    words = name.split()
    if not words or len(name.strip(" .,")) < 2 or PARTY_STATE_WORD.match(name.strip()):
        return False
    if len(words) == 1 and words[0].lower().strip(".,’'") in _NOT_A_SPEAKER:
        return False
    return any(c.isalpha() for c in name)
