"""Names and their roles in one sentence: runs of capitalised tokens and the titles around them.

The reading half of :func:`newsfuse.claims.entities.find_mentions`, which then filters the
names, gives them their kind and keys them. It reads general English structure only (the word
lists of :mod:`newsfuse.claims.entity_words` and the token pattern of
:mod:`newsfuse.text`):

- :func:`tokenize` gives the tokens of a sentence (:class:`Tok`): whether each is capitalised,
  opens the sentence or a quote (or follows a colon or a dash), and ends in a possessive ``'s``;
- :func:`name_runs` gives the runs of capitalised tokens that may make a name:
  ``of``/``for``/``on``/``and``/``the`` join two runs only into an organisation or place name
  (``Ministry of Defense``, ``National Security and Defense Council``), name particles join
  people's names (``von der``, ``al``), and a possessive ``'s`` ends a run;
- :func:`split_role` cuts leading titles off a run and keeps them as its role (``Defense
  Minister Rustem Umerov`` is ``Rustem Umerov``, role ``Defense Minister``);
  :func:`role_before` adds up to three modifier words before a title (``union chair``,
  ``regional Governor``) or finds a lowercase role noun right before a name, and
  :func:`appositive_before` and :func:`role_after` read a role in apposition before the name
  (``the agency's spokeswoman, Name``) or after it (``Name, head of ... Council,``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsfuse.claims.entity_words import (
    DETERMINERS,
    ORG_CONNECTORS,
    ORG_HEADS,
    PARTICLES,
    PLACE_HEADS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    WEAK_TITLES,
)
from newsfuse.text import CAP_TOKEN, FUNCTION_WORDS, LOWER_PREFIX, MONTHS_DAYS, OPENING, TITLES

APOS_S = re.compile(r"['’]s$", re.IGNORECASE)  # a possessive 's at the end of a word
CAMEL = re.compile(r"[a-z][A-Z][a-z]")  # iPhone, eBay
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}|(?:[A-Z]\.){2,}")


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tok:
    """A token of a sentence (:data:`~newsfuse.text.CAP_TOKEN`) with what the readers ask
    of it."""

    start: int
    end: int
    text: str
    low: str  # lowercase, without a possessive 's
    cap: bool  # capitalised (or al-/bin- prefixed before a capital)
    initial: bool  # opens the sentence, a quote or follows a colon
    possessive: bool


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    """The tokens of the sentence ``text[start:end]``."""
    toks: list[Tok] = []
    first = True
    prev_end = start
    for m in CAP_TOKEN.finditer(text, start, end):
        tok = m.group(0)
        if toks and (
            OPENING.search(text, prev_end, m.start())
            or re.search(r"[—–][ \u00a0]*$", text[prev_end : m.start()])
        ):
            first = True
        prev_end = m.end()
        cap = tok[0].isupper() or bool(LOWER_PREFIX.match(tok) or CAMEL.match(tok))
        possessive = bool(APOS_S.search(tok))
        low = APOS_S.sub("", tok).lower().rstrip(".")
        toks.append(Tok(m.start(), m.end(), tok, low, cap, first, possessive))
        first = False
    return toks


def is_acronym(word: str) -> bool:
    """True for an all-capitals acronym: ``NSDC``, ``G7``, ``U.N.`` (not ``BRENNICK``)."""
    return bool(_ACRONYM.fullmatch(word))


def _nameable(t: Tok) -> bool:
    """A capitalised token that may be part of a name (not a month, weekday or function word)."""
    return (
        t.cap
        and t.low not in MONTHS_DAYS
        and (t.low not in FUNCTION_WORDS or is_acronym(t.text))  # "US" is no "us"
    )


def _gap_ok(text: str, a: Tok, b: Tok) -> bool:
    """Whether tokens ``a`` and ``b`` are close enough to sit in one name."""
    gap = text[a.end : b.start]
    if re.fullmatch(r"[ \u00a0]", gap):
        return not a.possessive
    if re.fullmatch(r"\.[ \u00a0]", gap):  # "Mr. Smith", "George W. Bush"
        return len(a.low) == 1 or a.low in TITLES
    if re.fullmatch(r"['’][ \u00a0]", gap):  # plural possessive inside a name: "Workers' Union"
        return a.low.endswith("s")
    return False


# ---------------------------------------------------------------------------------------------
# Runs of capitalised words
# ---------------------------------------------------------------------------------------------


def name_runs(text: str, toks: list[Tok]) -> Iterator[list[Tok]]:
    """Maximal runs of name tokens, with connectors kept only where they belong to a name."""
    i = 0
    n = len(toks)
    while i < n:
        if not _nameable(toks[i]) and not (toks[i].cap and toks[i].low in ROLE_NOUNS):
            i += 1
            continue
        run = [toks[i]]
        j = i + 1
        while j < n:
            prev = run[-1]
            nxt = toks[j]
            if nxt.cap and nxt.low not in MONTHS_DAYS and _gap_ok(text, prev, nxt):
                if nxt.low in FUNCTION_WORDS and not nxt.text[0].isupper():
                    break
                run.append(nxt)
                j += 1
                continue
            joined = _join_connector(text, run, toks, j)
            if joined:
                run.extend(toks[j : j + joined])
                j += joined
                continue
            break
        yield run
        i = j


def _join_connector(text: str, run: list[Tok], toks: list[Tok], j: int) -> int:
    """How many tokens from ``toks[j]`` a connector joins to ``run`` (0 when none)."""
    prev = run[-1]
    first = toks[j]
    if first.cap or not _gap_ok(text, prev, first):
        return 0
    if first.low in PARTICLES and not run[-1].initial:
        after = toks[j + 1] if j + 1 < len(toks) else None
        if after is not None and after.cap and _gap_ok(text, first, after):
            return 1
        return 0
    if first.low not in ORG_CONNECTORS:
        return 0
    k = j + 1
    if first.low == "of" and k < len(toks) and toks[k].low == "the":
        k += 1  # "Ministry of the Interior"
    if k >= len(toks) or not toks[k].cap or not _gap_ok(text, toks[k - 1], toks[k]):
        return 0
    if first.low == "the":
        return 0
    if first.low == "of" and prev.low in ROLE_NOUNS and prev.cap:
        return k - j  # "President of Ukraine ...": the role takes the object (see split_role)
    if first.low in ("of", "for", "on") and prev.low in ORG_HEADS | PLACE_HEADS:
        return k - j
    if first.low == "and" and prev.low not in ORG_HEADS:
        # "Security and Defense Council": joined when the words after "and" end in an
        # organisation head before the run ends.
        m = k
        while m + 1 < len(toks) and toks[m + 1].cap and _gap_ok(text, toks[m], toks[m + 1]):
            m += 1
        if toks[m].low in ORG_HEADS:
            return k - j
    return 0


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------


def org_or_place_name(words: Sequence[Tok]) -> bool:
    """Whether the last capitalised word of ``words`` is the head of an organisation or place."""
    caps = [t for t in words if t.cap]
    return bool(caps) and (caps[-1].low in ORG_HEADS or caps[-1].low in PLACE_HEADS)


def split_role(run: list[Tok]) -> tuple[list[Tok], list[Tok], list[Tok]]:
    """(role tokens, name tokens, object of "Title of X" when no name follows)."""
    caps_idx = [i for i, t in enumerate(run) if t.cap]
    # the last role noun that leaves a name after it
    last = -1
    for i in caps_idx:
        if run[i].low in ROLE_NOUNS:
            last = i
    if last < 0:
        return [], run, []
    named = [t for t in run[last + 1 :] if t.cap]
    if run[last].low in WEAK_TITLES and len(named) < 2 and last == 0:
        return [], run, []  # "General Motors", "Chief Executive" alone
    if (run[-1].low in ORG_HEADS or run[-1].low in PLACE_HEADS) and "of" not in {
        t.low for t in run[last + 1 : last + 2]
    }:
        return [], run, []  # "Defense Ministry", "Justice Department"
    after = run[last + 1 :]
    if after and after[0].low == "of" and run[-1].low in ORG_HEADS | PLACE_HEADS:
        return [], [t for t in after[1:] if t.low != "the"], []  # "High Representative of the EU"
    if after and after[0].low == "of":  # "President of Ukraine Volodymyr Zelenskyy"
        rest = [t for t in after if t.cap]
        keep = 2 if len(rest) >= 3 else (1 if len(rest) == 2 else 0)
        cut = len(run) - keep
        return run[:cut], run[cut:], rest if keep == 0 else []
    return run[: last + 1], after, []


def _word_before(text: str, toks: list[Tok], idx: int) -> Tok | None:
    """The token before ``toks[idx]`` when only one space separates them."""
    if idx <= 0:
        return None
    prev = toks[idx - 1]
    return prev if re.fullmatch(r"[ \u00a0]", text[prev.end : toks[idx].start]) else None


def _modifier(t: Tok) -> bool:
    """A word that may stand before a role noun inside a role ("union", "regional", "Port")."""
    if t.low in FUNCTION_WORDS or t.low in MONTHS_DAYS or t.low in DETERMINERS:
        return False
    if t.cap and t.possessive:
        return False  # "Ukraine's Defense Minister": the possessor is another name
    return t.cap or t.possessive or not re.search(r"(?:ed|ing)$", t.low)


def role_before(text: str, toks: list[Tok], idx: int, has_title: bool) -> int | None:
    """Index of the first token of a role written right before ``toks[idx]`` (None if none).

    With ``has_title`` the role already starts at ``toks[idx]`` (a title in the run) and only
    modifiers are looked for before it; otherwise the word before must be a role noun.
    """
    first = idx
    if not has_title:
        prev = _word_before(text, toks, idx)
        if prev is None or prev.cap or prev.low not in ROLE_NOUNS:
            return None
        first = idx - 1
    for _ in range(3):
        prev = _word_before(text, toks, first)
        if prev is None or not _modifier(prev):
            break
        first -= 1
    return first if first < idx or has_title else None


def _role_in_clause(text: str, toks: list[Tok]) -> tuple[int, int] | None:
    """The role phrase that a clause ending right before ", Name" consists of, as a span.

    ``the governor of the Velna Valley region`` or ``The Zarnovian ambassador``: the last role
    noun, an optional ``of/at/for/in ...`` tail to the end of the clause, and up to three
    modifier words before the role noun.
    """
    for r in range(len(toks) - 1, -1, -1):
        if toks[r].low not in ROLE_NOUNS or toks[r].possessive:
            continue
        tail = toks[r + 1 :]
        if tail and (tail[0].low not in ("of", "at", "for", "in", "with") or len(tail) > 10):
            return None
        first = r
        for _ in range(3):
            prev = _word_before(text, toks, first)
            if prev is None or not _modifier(prev):
                break
            first -= 1
        return toks[first].start, toks[-1].end
    return None


_COMMA_SPACE = re.compile(r",[ \u00a0]+")
_APPOSITIVE_END = re.compile(r",|;|\.(?=\s|$)|\(|\)|[—–]")


def role_after(text: str, end: int, limit: int) -> tuple[int, int] | None:
    """An appositive role after a name: ``, head of ... Council,`` (a span, or None)."""
    m = _COMMA_SPACE.match(text, end, limit)
    if m is None:
        return None
    start = m.end()
    stop = _APPOSITIVE_END.search(text, start, limit)
    stop_at = stop.start() if stop else limit
    toks = tokenize(text, start, stop_at)
    if any(t.low in SPEECH_VERBS for t in toks):
        return None  # "Speaking in Estmarkish, the governor said": a clause, no appositive
    if not toks or len(toks) > 16:
        return None
    i = 1 if toks[0].low in DETERMINERS else 0
    for j in range(i, min(i + 4, len(toks))):
        if toks[j].low in ROLE_NOUNS and not toks[j].possessive:
            if any(not _modifier(t) for t in toks[i:j]):
                return None
            tail = toks[j + 1 :]
            if tail and tail[0].low not in ("of", "at", "for", "in", "with", "to"):
                return None
            return toks[i].start, toks[-1].end
    return None


def appositive_before(text: str, toks: list[Tok], first: int, last: int) -> tuple[int, int] | None:
    """``the governor of the Velna Valley region, Yury Dravenko,``: the role before the comma."""
    if first == 0:
        return None
    prev = toks[first - 1]
    if not re.fullmatch(r",[ \u00a0]+", text[prev.end : toks[first].start]):
        return None
    after = text[toks[last].end : toks[last].end + 2]
    if not (after[:1] in (",", ".", "") or after.startswith(" s")):
        return None
    clause_start = first - 1
    while clause_start > 0:
        gap = text[toks[clause_start - 1].end : toks[clause_start].start]
        if re.search(r"[,;:(“\"‘—–]", gap):
            break
        clause_start -= 1
    return _role_in_clause(text, toks[clause_start:first])
