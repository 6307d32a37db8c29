"""Attribution clauses: the subject and reporting verb of a clause, and the clause around a quote.

The pieces the readers of quotations (:mod:`newsfuse.claims.quotes`) and of reported speech
(:mod:`newsfuse.claims.reported`) share. They read general English structure only (the word
lists of :mod:`newsfuse.claims.speech_words`), never names from a corpus:

- :class:`Draft` is an attribution being read: its content, source, cue and medium spans and
  the rule that found it;
- :class:`SpanIndex` holds the quote extents the readers test every word against (whether a
  position is inside a quote, whether a range overlaps one), one bisection per test;
  :func:`inside` and :func:`overlaps` take it or a plain list;
- :func:`clause_start` skips an introductory phrase ("On Tuesday, ..."), :func:`cue_tokens`
  gives the reporting verbs of a range outside quotes, :func:`subject_for` the subject noun
  phrase before one (checked by :func:`valid_subject`, trimmed by :func:`trim_subject`);
- :func:`parse_lead` reads the attribution clause before a quotation ("He stated," / "X told
  Y:" / "According to X,") and :func:`parse_tail` the one after it (", Umerov said." /
  ", said X, who ..." / "he added").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from newsfuse.claims.attribution import find_medium, has_title, name_like
from newsfuse.claims.speech_tokens import cue_word_tokens, word_tokens
from newsfuse.claims.speech_words import (
    ADVERBS,
    AUXILIARIES,
    DETERMINERS,
    DOCUMENT_NOUNS,
    NAME_STOP_BUT_THE,
    NOUN_LIKE_CUES,
    PARTY_STATE,
    PRONOUNS,
    SPEECH_WORDS,
    TAIL_ONLY_CUES,
    is_cue,
    wordset,
)

if TYPE_CHECKING:
    from newsfuse.claims.quotes import Quote

Span = tuple[int, int]

INTRO_WORDS = wordset("""in on at during speaking after while although though as when asked writing before
    since despite following earlier later meanwhile however still yet by for with from under
    at""")
_BAD_SUBJECT_START = wordset("""and but or which that who whom whose where when while if because so as than then there
    it's to of in on at for with by from until now since after before""")
# A speaker after the verb: a capitalised word or a determiner, then a comma or the end
_INVERTED = re.compile(r"\s+(?:[A-Z][\w.’'-]*|the|a|an|some|many|one|two|several)\b")
_PUBLISHED = wordset("released published conducted taken compiled issued commissioned")
_HONORIFICS = wordset("mr mrs ms dr")  # "Mr. Kaplan, a screenwriter,": a name
_POLLED = wordset("surveyed polled interviewed questioned sampled contacted")
_NOT_A_PLAIN_NOUN = (
    DETERMINERS
    | PRONOUNS
    | ADVERBS
    | AUXILIARIES
    | wordset("""to of in on at for with by from about as that than into after before over
    under against up out off down his her their its our my your him them us me""")
)
_INNER_STOP = wordset("""after because when while since although though if unless until before
    met put gave made took went came kept held left ran saw sent won lost led""")
# Linear: the source never starts with white space (read by "\s++" alone), what may come
# before "according" is bounded, and a cut is tried only where a run of white space starts.
ACCORDING_FRONT = re.compile(
    r"(?:^|,\s*|^(?:but|and|yet|so)\s+)according to\s++([^,]+?),\s*", re.IGNORECASE
)
ACCORDING_TAIL = re.compile(
    r"[,”’\"']{0,8}\s{0,8}\baccording to\s++(.+?)[.!?]?[”’\"']?$", re.IGNORECASE
)
_SRC_CUT = re.compile(r"(?<!\s)\s+(?:published|released|issued|on|in|at|who|which|citing)\b|,")

_DET_OR_PRONOUN = DETERMINERS | PRONOUNS
_SUBJECT_PRONOUNS = wordset("he she they we i")
_AFTER_PRONOUN = wordset("all both himself herself themselves and or too alone")
# Words that start no source phrase after a verb ("said another official" does)
_NOT_A_SOURCE_START = (
    ADVERBS
    | AUXILIARIES
    | wordset("""that in on at to of for with by from
    after before when while as because if and but or so then there not no during about than
    last next yesterday today tonight earlier later recently afterward afterwards repeatedly
    again also""")
)
# Words that open a clause before its subject, without a comma ("Then Trump wondered ...")
_OPENERS = wordset("but and yet so also then now still instead finally indeed thus hence")
# Asides between commas in a subject ("Sanders, meanwhile, hopes")
ASIDES = wordset("meanwhile however too though also instead moreover still indeed") | {
    "for his part",
    "for her part",
    "for their part",
    "in turn",
    "for example",
    "for instance",
    "in particular",
}
_BEFORE_A_NOUN = DETERMINERS | wordset("of for in on with by from about and or")
_DET_OR_OF = DETERMINERS | {"of"}


@dataclass(slots=True)
class Draft:
    """An attribution being read: its ``kind`` ("direct" or "indirect") and spans, mutable
    while the readers fill in its source, speaker and quote."""

    kind: str
    content: Span
    pieces: tuple[Span, ...] = ()
    clause: Span | None = None
    source: Span | None = None
    cue: Span | None = None
    medium: Span | None = None
    quote: Quote | None = None
    parent: Draft | None = None
    speaker: str | None = None
    role: str | None = None
    status: str | None = None  # how certain the speaker is (see attribution.Resolved)
    used: bool = False
    joint: int | None = None  # where a coordinated attribution starts (', and said')
    antecedent: Span | None = None  # what a relative source ("who") refers to
    rule: str = ""  # which pattern found it (for error analysis)


def strip_span(text: str, s: int, e: int, chars: str = " \t\n\u00a0,;:.") -> Span:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    if e < len(text) and text[e] == "." and e >= 3 and text[e - 2] == "." and text[e - 1].isupper():
        e += 1  # keep the final dot of an initialism: "U.N."
    return s, e


class SpanIndex(Sequence[Span]):
    """Spans (kept in the order given) indexed for the tests the clause reader repeats for
    every word: whether a position lies inside a span, whether a range overlaps one. The starts
    are sorted, with the running maximum of the ends, so each test is one bisection (the spans
    may overlap)."""

    __slots__ = ("_ends", "_floor", "_reach", "_spans", "_starts")

    def __init__(self, spans: Iterable[Span]) -> None:
        self._spans = list(spans)
        ordered = sorted(self._spans)
        self._starts = [a for a, _ in ordered]
        self._reach: list[int] = []
        for _, b in ordered:
            self._reach.append(max(b, self._reach[-1]) if self._reach else b)
        self._ends = sorted(b for _, b in self._spans)
        # the smallest end of the spans from each (sorted) one on
        self._floor = [b for _, b in ordered]
        for k in range(len(self._floor) - 2, -1, -1):
            self._floor[k] = min(self._floor[k], self._floor[k + 1])

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, i: int) -> Span: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Span]: ...

    def __getitem__(self, i: int | slice) -> Span | Sequence[Span]:
        return self._spans[i]

    def __iter__(self) -> Iterator[Span]:
        return iter(self._spans)

    def inside(self, pos: int) -> bool:
        """Whether some span ``(a, b)`` has ``a < pos < b``."""
        k = bisect_left(self._starts, pos)
        return k > 0 and self._reach[k - 1] > pos

    def overlaps(self, s: int, e: int) -> bool:
        """Whether some span ``(a, b)`` has ``a < e and s < b``."""
        k = bisect_left(self._starts, e)
        return k > 0 and self._reach[k - 1] > s

    def contains(self, s: int, e: int) -> bool:
        """Whether some span ``(a, b)`` has ``s <= a and b <= e``."""
        k = bisect_left(self._starts, s)
        return k < len(self._floor) and self._floor[k] <= e

    def last_end(self, pos: int, default: int) -> int:
        """The largest end ``<= pos``, else ``default``."""
        k = bisect_right(self._ends, pos)
        return self._ends[k - 1] if k else default

    def next_start(self, pos: int, default: int) -> int:
        """The smallest start ``>= pos``, else ``default``."""
        k = bisect_left(self._starts, pos)
        return self._starts[k] if k < len(self._starts) else default


def overlaps(extents: Sequence[Span], s: int, e: int) -> bool:
    if isinstance(extents, SpanIndex):
        return extents.overlaps(s, e)
    return any(a < e and s < b for a, b in extents)


def valid_subject(text: str, s: int, e: int, extents: Sequence[Span] = ()) -> bool:
    """Whether ``text[s:e]`` reads as the subject noun phrase of a reporting verb."""
    sub = text[s:e]
    if "(" in sub and PARTY_STATE.sub("", sub).count("(") == 0:
        sub = PARTY_STATE.sub("", sub)  # "Sen. Chuck Grassley (R-Iowa)": a label, not a clause
    if not sub.strip() or overlaps(extents, s, e) or "(" in sub or "\n" in sub:
        return False
    words = word_tokens(text, s, e)
    if not words or len(words) > 25:
        return False
    low = [w[2].lower() for w in words]
    at_least = low[0] == "at" and len(low) > 2 and low[1] in {"least", "most"}
    if (low[0] in _BAD_SUBJECT_START or low[0] in ADVERBS) and not at_least:
        return False  # not "At least a dozen members of Congress"
    if low[0] in _SUBJECT_PRONOUNS and len(low) > 1 and low[1] not in _AFTER_PRONOUN:
        return False  # "He wore a hat": a clause, not a subject
    for k, w in enumerate(low):
        # "the Washington Post" is a name; "a lawsuit filed Monday" is read by the -ed test
        verb = w in SPEECH_WORDS and words[k][2][0].islower()
        if (
            verb
            and k
            and w in NOUN_LIKE_CUES
            and (low[k - 1] in _BEFORE_A_NOUN or low[k - 1].endswith(("'s", "’s")))
        ):
            verb = False  # "a report", "director of state", "Trump's call": a noun
        # "who" is a relative pronoun; "WHO" the World Health Organization
        if (
            w in AUXILIARIES
            or verb
            or w in {"that", "which", "said"}
            or (w == "who" and words[k][2] != "WHO")
        ):
            return False
        if k and w in _INNER_STOP:
            return False  # "The council met after the city": a clause, not a subject
        if k and w in _SUBJECT_PRONOUNS and low[k - 1] not in {"and", "or"}:
            return False  # "The city he calls home": a relative clause, not a subject
        passive_by = k + 1 < len(low) and low[k + 1] == "by"
        # "a poll released Sunday": a participle after a document noun modifies it
        modifier = k > 0 and (
            low[k - 1] in DOCUMENT_NOUNS
            or (w in _PUBLISHED and any(x in DOCUMENT_NOUNS for x in low[:k]))
        )  # "a poll from Marquette Law School released Wednesday"
        compound = "-" in w  # "self-described", "long-awaited": an adjective
        participle = w.endswith("ed") and not words[k][2][0].isupper()
        # "registered voters", "retired neurosurgeon": an adjective before a plain noun;
        # "those surveyed", "voters polled": the people a poll asked
        before_noun = (
            k + 1 < len(low)
            and words[k + 1][2][:1].islower()
            and (low[k + 1] not in _NOT_A_PLAIN_NOUN and not low[k + 1].endswith(("ed", "ly")))
        )
        polled = k == len(low) - 1 and k > 0 and w in _POLLED
        if participle and (before_noun or polled):
            participle = False
        if participle and not (passive_by or modifier or compound):
            return False  # a finite verb inside the subject: not a subject
    parts = [p for p in sub.split(",") if p.strip() and p.strip().lower() not in ASIDES]
    if len(parts) > 1:
        list_like = parts[-1].split()[0] in {"and", "or"}
        appositive = (
            name_like(parts[0]) or has_title(parts[0]) or name_like(parts[-1].strip())
        ) and len(parts[0].split()) <= 10
        if not (list_like or appositive):
            return False
        first = parts[0].split()[0].lower().strip(".")
        if first in NAME_STOP_BUT_THE and first not in _HONORIFICS:
            return False  # "Last year, in the wake of ..., X": an introduction, then X
    if low[-1] in DETERMINERS or low[-1] in _BEFORE_A_NOUN:
        return False  # "director of": the subject goes on past the verb
    return len(words) <= 16 or len(parts) > 1


def subject_for(
    text: str, c: int, cues: Sequence[tuple[int, int, str]], extents: Sequence[Span]
) -> tuple[Span, tuple[int, int, str]] | None:
    """The subject and cue of a clause: the first cue with a valid subject before it.

    A relative clause after the subject ("A ministry official, who asked not to be named,
    said") is left out of the subject.
    """
    aside: int | None = None
    for n, cue in enumerate(cues[:3]):
        end = cue[0] if aside is None else aside
        lead = text[c : cue[0]].rstrip()
        later = cues[n + 1][0] if n + 1 < len(cues) else cue[0]
        if (
            aside is None
            and lead.endswith(",")
            and lead.count(",") == 1
            and _INVERTED.match(text, cue[1])
        ):
            return None  # "And Trump, said Sunshine, doesn't forgive": the speaker follows
        if aside is None and lead.endswith(",") and "," in text[cue[0] : later]:
            aside = c + len(lead) - 1
            continue  # "Lind, asked about the ferry, said": a participle in an aside
        rel = re.search(r",\s*(?:who|which|whose)\b", text[c:end])
        if rel is not None:
            if text[c:end].rstrip().endswith(",") and text[c:end].count(",") >= 2:
                end = c + rel.start()
            else:
                continue
        src = trim_subject(text, c, end)
        if src[1] > src[0] and valid_subject(text, *src, extents):
            return src, cue
        # "Officials who spoke with the Post said": a relative clause without commas
        bare = _BARE_RELATIVE.search(text, c, end)
        if bare is not None and len(text[bare.end() : end].split()) <= 12:
            src = trim_subject(text, c, bare.start())
            if 0 < len(text[src[0] : src[1]].split()) <= 6 and valid_subject(text, *src, extents):
                return src, cue
    for cue in cues[:1]:
        head = appositive_head(text, c, cue[0], extents)
        if head is not None:
            return head, cue
    return None


def appositive_head(text: str, c: int, end: int, extents: Sequence[Span]) -> Span | None:
    """The name before an aside that runs to the verb: "Florida delegate John Archer, wearing
    a T-shirt covered in buttons, said", "Pete Seat, a consultant whose firm was retained by
    the party, said". The head is a short noun phrase ending in a capitalised word (a name),
    the first comma of ``text[c:end]``, which ends with a comma."""
    end = trim_subject(text, c, end)[1] + 1  # "The survey, taken in May, also found"
    if not text[c:end].rstrip().endswith(","):
        return None
    comma = text.find(",", c, end)
    head = strip_span(text, c, comma)
    words = text[head[0] : head[1]].split()
    last = words[-1].lower().strip(".") if words else ""
    if not 1 <= len(words) <= 6 or not (words[-1][:1].isupper() or last in DOCUMENT_NOUNS):
        return None
    if not (words[0][:1].isupper() or words[0].lower() in DETERMINERS):
        return None
    if overlaps(extents, head[0], end) or "\n" in text[head[0] : end]:
        return None
    return head if valid_subject(text, *head, extents) else None


# 'Said Comey, "..."': the verb first, then the speaker's name
_INVERTED_LEAD = re.compile(
    r"\s*(Said|Says|Asked|Added|Wrote|Explained|Continued|Stated|Noted|Declared|Replied|"
    r"Tweeted|Warned|Argued)\s+"
    r"((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*?)\s*[,:]\s*$"
)
# "As X put it," / "as he puts it," before a quote or a clause
_PUT_IT = re.compile(
    r"\b[Aa]s\s++([^,]{1,80}?(?:,[^,]{1,80},)?)\s+((?:has\s+|had\s+)?puts?\s+it),?\s*$"
)
_LEAD_BREAK = re.compile(r",\s+|\s(?:and|but|while|when|as|after|before|because)\s+")
_BARE_RELATIVE = re.compile(r"(?<=\w)\s+who\s+(?=[a-z])")


# Adverbs of time between an auxiliary and its verb ("have long criticized", "has since said")
_TIME_ADVERBS = wordset("long since now first always ever")


def trim_subject(text: str, s: int, e: int) -> Span:
    """Drop adverbs and auxiliaries at the end of a subject span ("Zelensky has previously")."""
    words = word_tokens(text, s, e)
    while words and (
        words[-1][2].lower() in ADVERBS
        or words[-1][2].lower() in _TIME_ADVERBS
        or (words[-1][2].lower() in AUXILIARIES and not words[-1][2][0].isupper())  # not "May"
        or (words[-1][2].endswith("ly") and words[-1][2].islower() and len(words) > 1)
    ):
        e = words[-1][0]  # "He has openly"
        words.pop()
    return strip_span(text, s, e)


def clause_start(text: str, s: int, e: int) -> int:
    """Where the main clause of a sentence starts, after an introductory phrase and comma."""
    words = word_tokens(text, s, e)
    if words and words[0][2].lower() in INTRO_WORDS:
        comma = text.find(",", s, e)
        if comma != -1:
            s = strip_span(text, comma + 1, e)[0]
            # "On Tuesday, November 5, X said": a date after the intro is part of it.
            nxt = text.find(",", s, e)
            if nxt != -1 and len(text[s:nxt].split()) <= 3 and re.search(r"\d", text[s:nxt]):
                s = strip_span(text, nxt + 1, e)[0]
            return s
    if words and words[0][2].lower() in _OPENERS:
        return words[1][0] if len(words) > 1 else s
    return s


def inside(spans: Sequence[Span], pos: int) -> bool:
    if isinstance(spans, SpanIndex):
        return spans.inside(pos)
    return any(a < pos < b for a, b in spans)


def cue_tokens(
    text: str,
    s: int,
    e: int,
    extents: Sequence[Span],
    *,
    tail: bool = False,
    documents: bool = False,
) -> list[tuple[int, int, str]]:
    """The reporting verbs of ``text[s:e]`` outside quotes. "read", "show" and "find" (whose
    subject may be a document) only with ``tail`` (after a quote) or ``documents``."""
    return [
        t
        for t in cue_word_tokens(text, s, e)
        if (tail or (documents and t[2].lower() != "read") or t[2].lower() not in TAIL_ONLY_CUES)
        and not inside(extents, t[0])
    ]


def _source_after(text: str, s: int, e: int) -> Span | None:
    """The source phrase right after a cue ("said Gawkowski, who ...")."""
    cut = _SRC_CUT.search(text, s, e)
    end = cut.start() if cut else e
    span = strip_span(text, s, end, " \t\n,;:.!?”’\"'")
    if span[1] <= span[0]:
        return None
    first = text[span[0] : span[1]].split()[0]
    plain = first[0].isupper() or first.lower() in _DET_OR_PRONOUN
    if not plain and (not first[0].isalpha() or first.lower() in _NOT_A_SOURCE_START):
        return None  # "said in a statement", "said that ...": no source after the verb
    if text[span[0]].islower() and cut is not None and text[cut.start()] == ",":
        # "said another pilot, Ivo Lind of Valby": the name in apposition is the source too
        name = _APPOSED_NAME.match(text, cut.end(), e)
        if name is not None:
            span = (span[0], name.end(1))
    return span if len(text[span[0] : span[1]].split()) <= 10 else None


_APPOSED_NAME = re.compile(r"\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){1,3})")


def parse_tail(text: str, s: int, e: int, extents: Sequence[Span]) -> Draft | None:
    """An attribution clause after a quote: ", Umerov said." / ", said X, who ..." / "he added"."""
    s, e = strip_span(text, s, e, " \t\n,;:.!?—–-”’\"'")
    if e <= s:
        return None
    words = word_tokens(text, s, e)
    if not words:
        return None
    m = ACCORDING_TAIL.match(text, s, e)
    if m:
        src = source_phrase(text, m.start(1), m.end(1))
        cue = (m.start() + m.group().lower().index("according"), m.start(1) - 1)
        return Draft("direct", (0, 0), source=src, cue=cue)
    if is_cue(words[0][2]) and words[0][2][0].islower() and not words[0][2].endswith("ing"):
        cue = words[0][:2]
        after = _source_after(text, cue[1], e)
        if after is None:
            return None
        medium = find_medium(text, after[1], e)
        return Draft("direct", (0, 0), source=after, cue=cue, medium=medium)
    cues = cue_tokens(text, s, e, extents, tail=True)
    # "the email said", "the harbour email said": a noun after a determiner or before the
    # verb is no verb
    cues = [
        t
        for n, t in enumerate(cues)
        if not _after_determiner(text, s, t[0])
        and not (n + 1 < len(cues) and not text[t[1] : cues[n + 1][0]].strip())
    ]
    if not cues:
        return None
    if len(word_tokens(text, s, cues[0][0])) > 12:
        head = appositive_head(text, s, cues[0][0], extents)  # '" Kessel, whose ..., said.'
        if head is None:
            return None
        medium = find_medium(text, cues[0][0], e)
        return Draft("direct", (0, 0), source=head, cue=cues[0][:2], medium=medium)
    cue = cues[0][:2]
    src = trim_subject(text, s, cue[0])
    if src[1] <= src[0] or not valid_subject(text, *src, extents):
        comma = text.rfind(",", s, cue[0])  # '..." at the convention, he said.'
        if comma == -1:
            return None
        src = trim_subject(text, comma + 1, cue[0])
        if src[1] <= src[0] or len(text[src[0] : src[1]].split()) > 6:
            return None
        if not valid_subject(text, *src, extents):
            return None
    return Draft("direct", (0, 0), source=src, cue=cue, medium=find_medium(text, cue[0], e))


def _after_determiner(text: str, s: int, pos: int) -> bool:
    """Whether the word before ``pos`` (from ``s`` on) is a determiner."""
    before = text[max(s, pos - 8) : pos].split()
    return bool(before) and before[-1].lower() in DETERMINERS


def source_phrase(text: str, s: int, e: int) -> Span:
    cut = _SRC_CUT.search(text, s, e)
    return strip_span(text, s, cut.start() if cut else e, " \t\n,;:.!?”’\"'")


def parse_lead(text: str, s: int, e: int, extents: Sequence[Span]) -> Draft | None:
    """An attribution clause before a quote: "He stated," / "X told Y:" / "According to X,"."""
    lead = text[s:e]
    m = None
    for hit in ACCORDING_FRONT.finditer(lead):
        m = hit
    if m is not None and m.end() >= len(lead.rstrip()):
        src = source_phrase(text, s + m.start(1), s + m.end(1))
        cue = (s + m.start() + m.group().lower().index("according"), s + m.start(1) - 1)
        return Draft("direct", (0, 0), source=src, cue=cue)
    inverted = _INVERTED_LEAD.match(lead)
    if inverted is not None and is_cue(inverted.group(1)):
        src = (s + inverted.start(2), s + inverted.end(2))
        return Draft("direct", (0, 0), source=src, cue=(s + inverted.start(1), s + inverted.end(1)))
    put = _PUT_IT.search(lead)
    if put is not None:  # 'As Akhil Amar, a professor at Yale, put it, "..."'
        who = source_phrase(text, s + put.start(1), s + put.end(1))  # up to an appositive
        if who[1] > who[0] and valid_subject(text, *who, extents):
            return Draft("direct", (0, 0), source=who, cue=(s + put.start(2), s + put.end(2)))
    c = clause_start(text, s, e)
    cues = cue_tokens(text, c, e, extents)
    medium = find_medium(text, s, e)
    if cues:
        subject = subject_for(text, c, cues, extents)
        # "When asked whether ..., he said, '...'", "a woman asked for a photo and Clinton
        # said, '...'": the subject of the last verb, after a comma or a conjunction
        if subject is None or subject[1] != cues[-1]:
            for m in reversed(list(_LEAD_BREAK.finditer(text, c, cues[-1][0]))):
                nearer = subject_for(text, m.end(), cues[-1:], extents)
                if nearer is not None:
                    subject = nearer
                    break
        if subject is not None:
            return Draft("direct", (0, 0), source=subject[0], cue=cues[-1][:2], medium=medium)
        return None
    if text[s:e].rstrip().endswith(":"):
        words = word_tokens(text, c, e)
        k = 0
        while k < len(words) and (words[k][2][0].isupper() or words[k][2].lower() in _DET_OR_OF):
            k += 1
        if 0 < k < len(words) and valid_subject(text, c, words[k - 1][1], extents):
            src = strip_span(text, c, words[k - 1][1])
            return Draft("direct", (0, 0), source=src, cue=words[k][:2], medium=medium)
    return None
