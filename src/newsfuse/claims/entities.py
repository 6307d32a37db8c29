"""Named entities of one text: people, organisations and places, with the roles written around them.

Claims are checked by who made them, so the cross-checker needs the names of a text and what
kind of thing each one is, without a knowledge base or a statistical model. This module reads
them from the structure of English news prose; :mod:`newsfuse.claims.aliases` then merges the
variants of one name across articles.

:func:`find_mentions` builds on the capitalised-name reading of :mod:`newsfuse.text`
(its token pattern, word lists and :func:`~newsfuse.text.name_key`):

runs      a name is a run of capitalised tokens inside one sentence; ``of``/``for``/``on``/
          ``and``/``the`` join two runs only into an organisation or place name (``Ministry of
          Defense``, ``National Security and Defense Council``, ``Group of Seven``), and name
          particles join people's names (``von der``, ``al``); a possessive ``'s`` ends a run
          and is left out of the name (``Ukraine's Defense Minister`` gives ``Ukraine``).
roles     leading titles are cut off the name and kept as its role (``Defense Minister Rustem
          Umerov`` is ``Rustem Umerov``, role ``Defense Minister``), with up to three modifier
          words before them (``union chair``, ``regional Governor``); an appositive role before
          (``the relief agency's spokeswoman, Mira Castellan``) or after the name (``Andrii
          Kovalenko, head of ... Council,``) is read too.
filters   the first word of a sentence, of a quote or after a colon is a name only when it opens
          a run of capitalised words or the text confirms it elsewhere (the same word inside a
          sentence, or the surname of a person named there); months, weekdays, titles alone and
          function words never are; names in short headings count only when the body has them.
kinds     a role or a speech verb (``Umerov said``) makes a person; an organisation head word
          (``Ministry``, ``Union``, ``Times`` ...) or an all-capitals acronym an organisation; a
          place head (``Oblast``, ``Valley``, ``Dam`` ...), a lowercase place word after the name
          (``Kursk region``), ``city of X``, ``in X``/``near X``, ``X-based`` or a dateline a
          place. Cues are strong or weak; the mentions of one name in a text share the kind
          their cues vote for, and a bare surname of a person in the text is that person.
          ``other`` is left when nothing tells.

The word lists are in :mod:`newsfuse.claims.entity_words` and the reading of runs and roles in
:mod:`newsfuse.claims.entity_runs`; this module gives the names their kind, drops those the text
does not confirm, keys them for comparison (:func:`translit_key`, :func:`mention_key`) and
re-exports the word lists and :func:`~newsfuse.claims.entity_runs.is_acronym` that callers
import from here.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from newsfuse.claims.entity_runs import (
    APOS_S,
    CAMEL,
    Tok,
    appositive_before,
    is_acronym,
    name_runs,
    org_or_place_name,
    role_after,
    role_before,
    split_role,
    tokenize,
)
from newsfuse.claims.entity_words import (
    COMPASS,
    CORPORATE_SUFFIXES,
    ORG_HEADS,
    PARTICLES,
    PLACE_HEADS,
    PLACE_MODIFIERS,
    PLACE_OF,
    PLACE_PREPS,
    ROLE_NOUNS,
    SPEECH_ADVERBS,
    SPEECH_VERBS,
    VARIANT_HEADS,
)
from newsfuse.claims.speech_words import PARTY_STATE_WORD
from newsfuse.text import (
    COMMON_INITIAL,
    FUNCTION_WORDS,
    LOWER_PREFIX,
    MONTHS_DAYS,
    name_key,
    split_sentences,
)

KINDS = ("person", "organisation", "place", "other")


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One name in a text: ``text[start:end]`` is the name as written, without titles or ``'s``.

    ``kind`` is ``person``, ``organisation``, ``place`` or ``other``; ``role`` is the title or
    role written before or after the name (``Defense Minister``, ``head of ...``) and
    ``role_span`` its ``(start, end)`` in the text, both ``None`` when there is none.
    """

    start: int
    end: int
    text: str
    kind: str
    role: str | None = None
    role_span: tuple[int, int] | None = None


_SENTENCE_END_CHARS = ".!?…\"'”’»)"

# Strong cues outweigh weak ones when the mentions of one name vote for their kind.
STRONG = 3
WEAK = 1


# ---------------------------------------------------------------------------------------------
# Mentions
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    toks: list[Tok]
    sentence: int
    votes: dict[str, int]
    role_span: tuple[int, int] | None = None
    heading: bool = False
    needs_confirming: bool = False

    def vote(self, kind: str, weight: int) -> None:
        self.votes[kind] = self.votes.get(kind, 0) + weight


class _Headings:
    """Whether a sentence's line is a short line without a final full stop: a heading, kicker
    or dateline header. Lines are found by bisecting the newline positions and judged once
    each, so a text written as one long line costs no more than one with many."""

    __slots__ = ("_judged", "_newlines", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self._judged: dict[tuple[int, int], bool] = {}

    def __call__(self, start: int, end: int) -> bool:
        before = bisect_left(self._newlines, start)
        line_start = self._newlines[before - 1] + 1 if before else 0
        after = bisect_left(self._newlines, end)
        line_end = self._newlines[after] if after < len(self._newlines) else len(self._text)
        bounds = (line_start, line_end)
        if bounds not in self._judged:
            line = self._text[line_start:line_end].strip()
            self._judged[bounds] = bool(line) and (
                len(line.split(None, 12)) <= 12
                and (line[-1] not in _SENTENCE_END_CHARS or line[-1] == ":")
            )
        return self._judged[bounds]


def key_tokens(toks: Sequence[str]) -> tuple[str, ...]:
    """The comparison key of a name given as its words (see :func:`name_tokens_key`)."""
    out: list[str] = []
    for w in toks:
        if not w or (w.lower() in FUNCTION_WORDS | PARTICLES and not w.isupper()):
            continue  # "of", "de"; but "US" is no "us"
        k = translit_key(w)
        if len(k) > 1 or any(c.isdigit() for c in w):
            out.append(k or w.lower())
    while len(out) > 1 and (out[-1] in VARIANT_HEADS or out[-1] in _CORPORATE_KEYS):
        out.pop()
    return tuple(out)


@lru_cache(maxsize=65536)
def translit_key(word: str) -> str:
    """The key of one name word that also merges transliteration variants.

    On top of :func:`~newsfuse.text.name_key` (case, accents, possessive and doubled
    letters): ``y`` is read as ``i`` and a final ``ij`` as ``i``, so ``Zelenskyy``,
    ``Zelenskiy`` and ``Zelensky``; ``Andrii``, ``Andriy`` and ``Andrij``; ``Yuriy``, ``Yury``
    and ``Yuri`` get one key each. Digits are kept (``G7``).
    """
    base = name_key(word)
    digits = "".join(c for c in word if c.isdigit())
    k = base.replace("y", "i")
    k = re.sub(r"ij$", "i", k)
    k = re.sub(r"(.)\1+", r"\1", k)
    return k + digits


_CORPORATE_KEYS = frozenset(translit_key(w) for w in CORPORATE_SUFFIXES)
_WORD = re.compile(r"[^\W_][\w’'.-]*[^\W_.]|[^\W_]")


def mention_key(name: str) -> tuple[str, ...]:
    """The comparison key of a name as written (``"Kursk Oblast"`` -> ``("kursk",)``).

    Words are keyed with :func:`translit_key`; function words, particles and single letters
    (initials) are left out, and place words that vary between outlets (``oblast``,
    ``region``, ``province``, ``district`` ...) at the end are dropped. Lowercase words are
    kept only when they are a place word (``Velna valley``).
    """
    words = []
    for m in _WORD.finditer(APOS_S.sub("", name)):
        w = APOS_S.sub("", m.group(0))
        lower_name = LOWER_PREFIX.match(w) or CAMEL.match(w)  # al-Assad, iPhone
        if w[0].islower() and w.lower() not in PLACE_HEADS and not lower_name:
            continue
        if len(w.rstrip(".")) == 1 and not w.isdigit():
            continue
        words.append(w)
    return key_tokens(words)


def find_mentions(text: str) -> list[EntityMention]:
    """The names in ``text`` with their kind and role, in text order (see the module docstring)."""
    drafts: list[_Draft] = []
    is_heading = _Headings(text)
    for s_index, (s_start, s_end) in enumerate(split_sentences(text)):
        heading = is_heading(s_start, s_end)
        toks = tokenize(text, s_start, s_end)
        index = {id(t): i for i, t in enumerate(toks)}
        for run in name_runs(text, toks):
            for draft in _drafts_of_run(text, toks, index, run, s_end):
                draft.sentence = s_index
                draft.heading = heading
                drafts.append(draft)
    _add_dateline(text, drafts)
    drafts = _confirm(drafts)
    return _finish(text, drafts)


def _drafts_of_run(
    text: str, toks: list[Tok], index: dict[int, int], run: list[Tok], s_end: int
) -> list[_Draft]:
    # leading function words and common sentence openers are no part of a name
    while run and (
        (run[0].low in FUNCTION_WORDS and not is_acronym(run[0].text))
        or run[0].low in MONTHS_DAYS
        or (
            run[0].initial
            and run[0].low in COMMON_INITIAL
            and run[0].low not in ROLE_NOUNS
            and len(run) > 1
        )
    ):
        run = run[1:]
    while run and not run[-1].cap:
        run = run[:-1]
    if not run:
        return []
    role_toks, name, obj = split_role(run)
    out: list[_Draft] = []
    for t in role_toks:
        if is_acronym(t.text) and t.low not in ROLE_NOUNS:  # "NATO Secretary General"
            d = _Draft(t.start, t.end, [t], 0, {})
            d.vote("organisation", STRONG)
            out.append(d)
    if obj:
        out.append(_Draft(obj[0].start, obj[-1].end, obj, 0, {}))
    if not name or all(t.low in ROLE_NOUNS for t in name):
        return out
    if len(name) == 1 and (len(name[0].low) < 2 and not is_acronym(name[0].text)):
        return out
    if len(name) == 1 and PARTY_STATE_WORD.match(name[0].text):
        return out  # "Paul Ryan, R-Wis., said": a party and state label, no name
    first_i = index[id(name[0])]
    last = name[-1]
    if not role_toks and _adjective(text, name, toks, index[id(last)]):
        return out
    end = last.end - (2 if last.possessive else 0)
    d = _Draft(name[0].start, end, list(name), 0, {})
    # sentence-initial single word: only when the text confirms it
    if name[0].initial and len(name) == 1 and not role_toks:
        # "Ukraine's Defense Minister ...": a possessive before a name is a name itself
        nxt = toks[first_i + 1] if first_i + 1 < len(toks) else None
        d.needs_confirming = not (
            (last.possessive and nxt is not None and nxt.cap and last.low not in COMMON_INITIAL)
            or is_acronym(last.text)
        )
    _kind_cues(text, toks, first_i, index[id(last)], d, s_end)
    # roles
    if role_toks:
        first_role = role_before(text, toks, index[id(role_toks[0])], has_title=True)
        r0 = toks[first_role].start if first_role is not None else role_toks[0].start
        d.role_span = (r0, role_toks[-1].end)
    elif not org_or_place_name(name):
        before = role_before(text, toks, first_i, has_title=False)
        if before is not None:
            d.role_span = (toks[before].start, toks[first_i - 1].end)
        else:
            d.role_span = appositive_before(text, toks, first_i, index[id(last)])
            if d.role_span is None and not last.possessive:
                d.role_span = role_after(text, last.end, s_end)
    if d.role_span is not None:
        d.vote("person", STRONG)
        d.needs_confirming = False
    out.append(d)
    return out


def _head_before_connector(name: Sequence[Tok]) -> bool:
    """``Ministry of Defense``, ``Council on Foreign Relations``, ``Center for ...``."""
    return any(a.low in ORG_HEADS and b.low in ("of", "on", "for") for a, b in pairwise(name))


_DEMONYM = re.compile(r"(?:ian|ean|ish|ese|ern|ic)$")


def _adjective(text: str, name: Sequence[Tok], toks: list[Tok], last: int) -> bool:
    """``Russian troops``, ``North Korean soldiers``: a demonym or direction used as adjective."""
    caps = [t for t in name if t.cap]
    if not _DEMONYM.search(caps[-1].low) or caps[-1].possessive:
        return False
    if any(not (_DEMONYM.search(t.low) or t.low in COMPASS) for t in caps[:-1]):
        return False
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    return (
        nxt is not None
        and not nxt.cap
        and nxt.low not in SPEECH_VERBS
        and nxt.low not in SPEECH_ADVERBS
        and bool(re.fullmatch(r"[ \u00a0]", text[caps[-1].end : nxt.start]))
    )


def _kind_cues(text: str, toks: list[Tok], first: int, last: int, d: _Draft, s_end: int) -> None:
    name = d.toks
    caps = [t for t in name if t.cap]
    head = caps[-1].low
    acronym = len(name) == 1 and is_acronym(name[0].text) and "." not in name[0].text
    if head in ORG_HEADS or _head_before_connector(name) or acronym:
        d.vote("organisation", STRONG)
    elif (head in PLACE_HEADS and len(caps) > 1) or "-based" in name[-1].text.lower():
        d.vote("place", STRONG)
    # a lowercase place word right after: "the Kursk (border) region"
    j = last + 1
    if j < len(toks) and toks[j].low in PLACE_MODIFIERS and not toks[j].cap:
        j += 1
    if (
        not name[-1].possessive
        and j < len(toks)
        and not toks[j].cap
        and toks[j].low in PLACE_HEADS
        and re.fullmatch(r"[ \u00a0]", text[toks[j - 1].end : toks[j].start])
        and head not in ORG_HEADS
    ):
        d.vote("place", STRONG)
        d.end = toks[j].end
    before = toks[first - 1] if first > 0 else None
    before2 = toks[first - 2] if first > 1 else None
    if before is not None and not before.cap:
        if before.low == "of" and before2 is not None and before2.low in PLACE_OF:
            d.vote("place", STRONG)
        elif before.low in PLACE_OF and before2 is not None and before2.low in ("regional", "the"):
            d.vote("place", STRONG)  # "the regional capital Brennick"
        elif before.low in PLACE_PREPS or (
            before.low == "the" and before2 is not None and before2.low in PLACE_PREPS
        ):
            d.vote("place", WEAK)
    # speech verbs make a person, unless an article stands before the name ("the Pentagon said")
    if before is not None and before.low == "the":
        return
    if head in ORG_HEADS or (len(name) == 1 and is_acronym(name[0].text)):
        return
    k = last + 1
    if k < len(toks) and toks[k].low in SPEECH_ADVERBS:
        k += 1
    if k < len(toks) and toks[k].low in SPEECH_VERBS and not name[-1].possessive:
        d.vote("person", WEAK)
    elif before is not None and before.low in SPEECH_VERBS and before.low != "told":
        d.vote("person", WEAK)  # ', said Gawkowski'


def _add_dateline(text: str, drafts: list[_Draft]) -> None:
    """``BRENNICK, Estmark (NPA) —``: the capitalised words of a dateline are places."""
    m = re.match(
        r"\s*([A-Z][A-Z .'-]+[A-Z]),(?:[ \u00a0]+([A-Z](?:[\w .'-]*?[\w.'-])??))?[ \u00a0]*+(?:\(|[—–-])",
        text,
    )
    if m is None:
        return
    for d in drafts:
        if d.start == m.start(1) or (m.group(2) and d.start == m.start(2)):
            d.vote("place", STRONG)
            d.needs_confirming = False


def _surname_like(d: _Draft) -> bool:
    caps = [t for t in d.toks if t.cap]
    return (
        len(caps) > 1
        and caps[-1].low not in ORG_HEADS
        and caps[-1].low not in PLACE_HEADS
        and caps[0].low not in COMPASS
    )


def _confirm(drafts: list[_Draft]) -> list[_Draft]:
    """Drop sentence-initial words and heading names that the body does not confirm."""
    full: set[tuple[str, ...]] = set()
    surnames: set[str] = set()
    heading_free: set[str] = set()
    for d in drafts:
        if d.needs_confirming or d.heading:
            continue
        key = tuple(name_key(t.text) for t in d.toks if t.cap)
        full.add(key)
        heading_free.update(key)
        if _surname_like(d):
            surnames.add(key[-1])
    kept = []
    for d in drafts:
        key = tuple(name_key(t.text) for t in d.toks if t.cap)
        if d.needs_confirming and key not in full and not (len(key) == 1 and key[0] in surnames):
            continue
        if d.heading and not all(k in heading_free for k in key):
            continue
        kept.append(d)
    return kept


def _finish(text: str, drafts: list[_Draft]) -> list[EntityMention]:
    """Give the mentions of one name one kind, and bare surnames their person's kind."""
    votes: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)
    keys = []
    for d in drafts:
        key = mention_key(text[d.start : d.end])
        keys.append(key)
        for kind, w in d.votes.items():
            votes[key][kind] = votes[key].get(kind, 0) + w
    person_surnames = {
        k[-1]
        for d, k in zip(drafts, keys, strict=True)
        if len(k) > 1 and _surname_like(d) and _best(votes[k]) == "person"
    }
    out: list[EntityMention] = []
    for d, key in zip(drafts, keys, strict=True):
        kind = _best(votes[key])
        if kind == "other" and len(key) == 1 and key[0] in person_surnames:
            kind = "person"
        role = text[d.role_span[0] : d.role_span[1]] if d.role_span else None
        out.append(EntityMention(d.start, d.end, text[d.start : d.end], kind, role, d.role_span))
    out.sort(key=lambda m: (m.start, m.end))
    return _dedupe(out)


def _best(votes: dict[str, int]) -> str:
    if not votes:
        return "other"
    order = {k: i for i, k in enumerate(KINDS)}
    return max(votes, key=lambda k: (votes[k], -order[k]))


def _dedupe(mentions: list[EntityMention]) -> list[EntityMention]:
    out: list[EntityMention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


_ALIASES_API = ("Entity", "EntityIndex", "affiliation", "article_documents", "link_entities")


def __getattr__(name: str) -> Any:
    # the cross-document half lives in newsfuse.claims.aliases (which imports this module);
    # its public names are reachable from here too
    if name in _ALIASES_API:
        from newsfuse.claims import aliases

        return getattr(aliases, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "KINDS",
    "ORG_HEADS",
    "PLACE_HEADS",
    "ROLE_NOUNS",
    "SPEECH_VERBS",
    "VARIANT_HEADS",
    "EntityMention",
    "find_mentions",
    "is_acronym",
    "mention_key",
    "translit_key",
]
