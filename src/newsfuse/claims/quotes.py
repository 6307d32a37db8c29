"""Quotes, reported speech and their speakers: who said what, with which verb, through what.

:func:`find_attributions` reads a text into :class:`Attribution` records, each with character
spans into the text given:

- **direct** quotes: words inside quotation marks in any common style (straight ``"..."`` and
  ``'...'``, curly “...” and ‘...’, guillemets « » and ‹ ›, „...“, a closing mark used as an
  opening one), including quotes that run over several paragraphs (English convention: the
  paragraph ends without a closing mark and the next one opens with an opening mark). An
  unbalanced mark never swallows the rest of the article: an unclosed quote stops at the end of
  its paragraph. Apostrophes (``Russia’s``, ``don’t``, ``students’``) are told from single
  quotes by the letters around them. A straight ``'`` (the one key for both) opens a quote only
  where an opening mark can stand: after white space, an opening bracket, a dash or another
  mark, before a letter, a digit or a currency sign, and not as the start of a contraction or
  an elided word (``I 'm``, ``IT 'S``, ``'em``, ``rock 'n' roll``) or of a decade (``the
  '90s``, ``'03``); it closes only after a letter or punctuation and before white space or
  punctuation. A straight ``'`` quote left open at the end of its paragraph (and not carried
  over to the next one) is taken for an apostrophe: the paragraph is read again without it.
  Two straight marks ``''`` (older newswire for ``"``) are one double mark;
- **indirect** attributions (reported speech, read by :mod:`newsfuse.claims.reported`):
  "X said (that) ...", "X confirmed on Nov. 4 that ...", "..., X said.", "..., said X, a ...",
  "According to X, ...", "..., according to X.", verbs coordinated with or following the main
  one ("X disputes the figure and says ...", "..., adding that ..."), relative and subordinate
  clauses ("X, who said ...", "after Y announced that ..."), "As reported by X, ...", figures
  put at a number ("X put the number of Y at N") and contents the attribution interrupts
  ("The plan, officials said, was dropped": ``pieces``);
- **stance**: a stance taken towards something, whose object is attributed ("X endorsed Y",
  "X called for a recount", "X declined to comment"), as attribution corpora (PARC, PolNeAR)
  count it; the claims layer takes no statement from it and its speaker is no speaker a later
  pronoun stands for;
- **mixed**: a partial quote inside reported speech (``described the clashes as "small-scale"``);
  ``clause`` then holds the reported clause around it.

Speakers: the source phrase as written (``source``) is resolved to a named ``speaker`` by
:class:`~newsfuse.claims.attribution.SpeakerResolver`: a name keeps its name with titles
stripped (its ``role`` kept apart), a surname is expanded to the full name met before, a pronoun
goes to the last named speaker, a role noun ("the minister", "the union") to the last speaker or
name whose role or name holds that noun. A quote paragraph with no cue takes the speaker of the
quote just before it (the second paragraph of a statement).

Quotes of one or two words ("every camp") are flagged ``short``: scare quotes, which a claim
table may ignore. Nested quotes (a quote inside a quote) are part of the outer quote.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from newsfuse.claims.attribution import (
    SpeakerResolver,
    find_medium,
    is_cue,
    mentions_from_people,
    name_mentions,
    wordset,
)
from newsfuse.claims.reported import (
    WRITTEN_THINGS,
    Draft,
    SpanIndex,
    clause_start,
    cue_tokens,
    find_indirect,
    main_subject,
    parse_lead,
    parse_tail,
    strip_span,
    subject_for,
)
from newsfuse.text import MONTHS_DAYS, split_sentences

__all__ = ["Attribution", "Quote", "find_attributions", "find_quotes"]

Span = tuple[int, int]

# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quote:
    """Words between quotation marks: one piece per paragraph the quote runs over.

    ``pieces`` are the spans of the quoted words (marks and surrounding white space excluded;
    a comma or colon before the closing mark is left out too). ``closed`` is False when the
    closing mark is missing and the quote was stopped at the end of its paragraph.
    ``marks`` are the spans of the opening and (when there is one) closing mark.
    """

    pieces: tuple[Span, ...]
    closed: bool
    marks: tuple[Span, ...]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def text(self, source: str) -> str:
        return "\n\n".join(source[s:e] for s, e in self.pieces)


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attributed statement: what was said (content), by whom (source), how (cue).

    ``kind`` is "direct", "indirect", "mixed" or "stance". ``content`` spans the quoted words without the
    marks (a quote over several paragraphs spans from its first to its last word, with
    ``paragraphs`` giving one span per paragraph) or the reported clause. ``clause`` is the
    reported clause around a mixed quote. ``source`` is the speaker phrase as written (it may
    lie in an earlier paragraph when the quote inherits its speaker), ``speaker`` the resolved
    name, ``role`` the title or role the source phrase gives. ``medium`` is the channel as
    written. ``short`` flags a quote of one or two words (scare quotes). ``closed`` is False for
    a quote whose closing mark is missing. ``pieces`` are the parts of a reported clause that
    the attribution interrupts ("The plan, officials said, was dropped"): ``content`` spans
    them all and ``content_text`` joins them. ``speaker_status`` says how certain the speaker
    is (None without a source): "named" (the source names it), "resolved" (a pronoun or title
    resolved to the one person it can stand for), "role" (an honest unnamed source: "officials",
    "the statement"; ``speaker`` is None), "unresolved" (nobody or several fit, or the source
    is no name: ``speaker`` is None and :attr:`unresolved` is True). Only "named" and
    "resolved" speakers are certain enough to build a conflict on.
    """

    kind: str
    content: Span
    content_text: str
    source: Span | None = None
    source_text: str | None = None
    speaker: str | None = None
    role: str | None = None
    cue: Span | None = None
    cue_text: str | None = None
    medium: str | None = None
    medium_span: Span | None = None
    paragraphs: tuple[Span, ...] = ()
    clause: Span | None = None
    short: bool = False
    closed: bool = True
    pieces: tuple[Span, ...] = ()
    inherited: bool = field(default=False, compare=False)
    speaker_status: str | None = None

    @property
    def unresolved(self) -> bool:
        """Whether the attribution names a source whose speaker is not certain (a pronoun or
        title with nobody or several to stand for, a phrase that is no name): never compare
        statements by it."""
        return self.speaker_status == "unresolved"

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "content": list(self.content),
            "content_text": self.content_text,
            "source": list(self.source) if self.source else None,
            "source_text": self.source_text,
            "speaker": self.speaker,
            "role": self.role,
            "speaker_status": self.speaker_status,
            "cue": list(self.cue) if self.cue else None,
            "cue_text": self.cue_text,
            "medium": self.medium,
            "paragraphs": [list(p) for p in self.paragraphs],
            "clause": list(self.clause) if self.clause else None,
            "short": self.short,
            "closed": self.closed,
            "pieces": [list(p) for p in self.pieces],
        }


# ---------------------------------------------------------------------------------------------
# Quotation marks
# ---------------------------------------------------------------------------------------------

_FAMILY = {
    '"': "d",
    "“": "d",
    "”": "d",
    "„": "d",
    "‟": "d",
    "'": "s",
    "‘": "s",
    "’": "s",
    "‚": "s",
    "‛": "s",
    "«": "g",
    "»": "g",
    "‹": "h",
    "›": "h",
    "''": "d",  # two straight single marks written for a double one
}
_PREFERS_OPEN = frozenset("“„‟‘‚‛")
_GUILLEMETS = {"«": "»", "»": "«", "‹": "›", "›": "‹"}
_MARKS = re.compile("[\"“”„‟'‘’‚‛«»‹›]")
_OPEN_BEFORE = frozenset(" \t\n([{—–-/:;…\u00a0")


@dataclass(slots=True)
class _Open:
    char: str
    pos: int
    pieces: list[Span]
    marks: list[Span]
    start: int


# What a straight apostrophe starts when it is not an opening mark: a contraction or elided
# word written after a space ("I 'm", "IT 'S", "you 're", "'em", "'n'") or a year ("'90s",
# "'03"), followed by anything but a letter, a digit or a hyphen.
_STRAIGHT_ELISION = re.compile(r"'(?:[msdtn]|re|ve|ll|em|\d\ds?)(?![\w-]|\.\w)", re.IGNORECASE)
_RNR = frozenset({"'n'", "'N'"})


def _marks(text: str, lo: int, hi: int, off: set[int]) -> list[tuple[int, str]]:
    """The quotation marks of paragraph ``lo:hi`` as (position, mark), but for the straight
    ``'`` at the positions in ``off``. Two straight ``'`` in a row are one double mark ``''``;
    in a run of three, the single mark is the inner one: last where the run opens, first
    where it closes (after a word or punctuation)."""
    out: list[tuple[int, str]] = []
    found = [m.start() for m in _MARKS.finditer(text, lo, hi) if m.start() not in off]
    k = 0
    while k < len(found):
        i = found[k]
        run = 1
        while text[i] == "'" and k + run < len(found) and found[k + run] == i + run:
            if text[i + run] != "'":
                break
            run += 1
        if run == 1:
            out.append((i, text[i]))
        else:
            closing = i > lo and not text[i - 1].isspace()
            single = run % 2 == 1
            if single and closing:
                out.append((i, "'"))
            first = i + 1 if single and closing else i
            out.extend((j, "''") for j in range(first, first + run - (run % 2), 2))
            if single and not closing:
                out.append((i + run - 1, "'"))
        k += run
    return out


def _mark_roles(text: str, i: int, lo: int, hi: int, ch: str) -> tuple[bool, bool]:
    """Whether the mark ``ch`` at ``i`` (in paragraph ``lo:hi``) can open and can close a
    quote."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + len(ch)] if i + len(ch) < hi else " "
    prev_word = prev.isalnum()
    next_word = nxt.isalnum()
    if _FAMILY[ch] == "s" and prev_word and next_word:
        return False, False  # an apostrophe: don’t, Russia’s
    if ch == "'":
        return _straight_roles(text, i, lo, hi, prev, nxt)
    can_open = (prev in _OPEN_BEFORE or _MARKS.match(prev) is not None) and not nxt.isspace()
    can_close = not prev.isspace() and not next_word
    if ch == "''" and prev.isspace() and not next_word and not can_open:
        can_close = True  # standing alone: "... coalitions, '' said Mr. X"
    if i == lo:
        can_open, can_close = not nxt.isspace(), False
    if ch == "''" and _elided(text, i, lo, hi, ch):
        can_open = False
    return can_open, can_close


def _elided(text: str, i: int, lo: int, hi: int, ch: str) -> bool:
    """Whether the straight ``'`` at ``i`` starts an elision or a year ("I 'm", "the '90s",
    both marks of "rock 'n' roll"), or the double ``''`` ends with one ("''em", "''90s", but
    not "''27 companies")."""
    if ch == "''":
        elision = _STRAIGHT_ELISION.match(text, i + 1, hi)
        return elision is not None and not elision.group()[1:].isdigit()
    if ch != "'":
        return False
    return bool(_STRAIGHT_ELISION.match(text, i, hi)) or text[max(lo, i - 2) : i + 1] in _RNR


def _straight_roles(text: str, i: int, lo: int, hi: int, prev: str, nxt: str) -> tuple[bool, bool]:
    """:func:`_mark_roles` for a straight ``'``, which is also the apostrophe: it opens only
    before a letter, a digit, a currency sign or an ellipsis, never as the start of an elision,
    and closes only after a letter, a digit or punctuation, before white space or punctuation."""
    if _elided(text, i, lo, hi, "'"):
        return False, False
    starts_word = nxt.isalnum() or nxt in "$£€¥#@" or text.startswith(("…", "..."), i + 1, hi)
    after_opening = i == lo or prev in _OPEN_BEFORE or _MARKS.match(prev) is not None
    can_open = after_opening and starts_word
    can_close = i > lo and not prev.isspace() and not nxt.isalnum()
    return can_open, can_close


def _weak_close(text: str, i: int, hi: int, ch: str) -> bool:
    """A single mark after an ``s`` and before a lowercase word: likely a plural possessive."""
    if ch not in "’'" or i == 0 or text[i - 1] not in "sS":
        return False
    rest = text[i + 1 : min(hi, i + 4)]
    return len(rest) >= 2 and rest[0] == " " and rest[1].islower()


def _paragraphs(text: str) -> list[Span]:
    """Non-blank lines, stripped of surrounding white space."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def find_quotes(text: str) -> list[Quote]:
    """The top-level quotes of ``text`` in order (nested quotes stay inside their quote)."""
    quotes: list[Quote] = []
    paras = _paragraphs(text)
    carry: _Open | None = None
    for n, (lo, hi) in enumerate(paras):
        nxt_family = _continuation(text, *paras[n + 1]) if n + 1 < len(paras) else None
        off: set[int] = set()
        while True:
            start = None if carry is None else _copy(carry)
            found, stack = _read_paragraph(text, lo, hi, start, off)
            top = stack[0] if stack else None
            carried = top is not None and nxt_family == _FAMILY[top.char]
            if top is None or top.char != "'" or top.pos < lo or carried:
                break
            # A straight ' left open in its own paragraph: an apostrophe, not a quote.
            off.add(top.pos)
        quotes.extend(found)
        carry = None
        if top is not None:
            top.pieces.append((top.start, hi))
            if carried:
                carry = top
            else:
                quotes.append(_finish(text, top, None, closed=False, mark=None))
    return [q for q in quotes if q.pieces]


def _continuation(text: str, lo: int, hi: int) -> str | None:
    """The family of the mark that opens paragraph ``lo:hi``, if one does (a quote left open
    at the end of the paragraph before runs on when this family is its own)."""
    first = _marks(text, lo, hi, set())[:1]
    if not first or first[0][0] != lo:
        return None
    ch = first[0][1]
    return None if _elided(text, lo, lo, hi, ch) else _FAMILY[ch]


def _copy(o: _Open) -> _Open:
    return _Open(o.char, o.pos, list(o.pieces), list(o.marks), o.start)


def _read_paragraph(
    text: str, lo: int, hi: int, carry: _Open | None, off: set[int]
) -> tuple[list[Quote], list[_Open]]:
    """The quotes closed in paragraph ``lo:hi`` and the quotes still open at its end (the
    outermost first). ``carry`` is a quote open from the paragraph before; the marks at the
    positions in ``off`` are read as apostrophes."""
    quotes: list[Quote] = []
    stack: list[_Open] = [] if carry is None else [carry]
    marks = _marks(text, lo, hi, off)
    for k, (i, ch) in enumerate(marks):
        fam = _FAMILY[ch]
        can_open, can_close = _mark_roles(text, i, lo, hi, ch)
        continues = i == lo and not _elided(text, i, lo, hi, ch)  # not "'em" opening it
        if stack and stack[0].pos < lo and continues and _FAMILY[stack[0].char] == fam:
            # The continuation mark of a quote running over paragraphs, or (straight
            # quotes only) a closing mark pushed to the start of the next paragraph.
            rest = [j for j, c in marks[k + 1 :] if c == ch]
            if ch in {'"', "''"} and rest and len(rest) % 2 == 0:
                top = stack.pop()
                quotes.append(_finish(text, top, None, closed=True, mark=(i, i + len(ch))))
                continue
            stack[0].start = i + len(ch)
            stack[0].marks.append((i, i + len(ch)))
            continue
        match = next((s for s in reversed(stack) if _FAMILY[s.char] == fam), None)
        if ch in _GUILLEMETS:
            closes = match is not None and _GUILLEMETS[match.char] == ch
            can_open, can_close = not closes, closes
        elif ch in _PREFERS_OPEN and match is None:
            can_close = False
        weak = can_close and _weak_close(text, i, hi, ch)
        if match is not None and can_close and weak:
            later = [
                j
                for j, c in marks[k + 1 :]
                if _FAMILY[c] == fam and _mark_roles(text, j, lo, hi, c)[1]
            ]
            if later:
                continue
        if match is not None and can_close:
            while stack and stack[-1] is not match:
                stack.pop()  # an unclosed inner quote ends with its outer one
            stack.pop()
            if not stack:
                quotes.append(_finish(text, match, i, closed=True, mark=(i, i + len(ch))))
            continue
        if can_open:
            stack.append(_Open(ch, i, [], [(i, i + len(ch))], i + len(ch)))
    return quotes, stack


def _finish(text: str, top: _Open, close: int | None, *, closed: bool, mark: Span | None) -> Quote:
    pieces = list(top.pieces)
    if close is not None:
        pieces.append((top.start, close))
    trimmed = []
    for s, e in pieces:
        while s < e and text[s].isspace():
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
            e -= 1
        if e > s:
            trimmed.append((s, e))
    marks = [*top.marks, mark] if mark else list(top.marks)
    return Quote(tuple(trimmed), closed, tuple(marks))


# ---------------------------------------------------------------------------------------------
# Attributions
# ---------------------------------------------------------------------------------------------


class _Spans:
    """Spans of a text (sentences, paragraphs), looked up by position: by bisection when they
    are in order and do not overlap (as :func:`split_sentences` and :func:`_paragraphs` give
    them), else one by one."""

    __slots__ = ("_ordered", "_spans", "_starts")

    def __init__(self, spans: Sequence[Span]) -> None:
        self._spans = list(spans)
        self._starts = [s for s, _ in self._spans]
        self._ordered = all(s <= e for s, e in self._spans) and all(
            a[1] <= b[0] for a, b in zip(self._spans, self._spans[1:], strict=False)
        )

    def index(self, pos: int) -> int | None:
        """The index of the first span ``(s, e)`` with ``s <= pos < e``, else None."""
        if self._ordered:
            k = bisect_right(self._starts, pos) - 1
            return k if k >= 0 and pos < self._spans[k][1] else None
        return next((i for i, (s, e) in enumerate(self._spans) if s <= pos < e), None)

    def of(self, pos: int) -> Span:
        """The first span ``(s, e)`` with ``s <= pos < e``, else ``(pos, pos)``."""
        k = self.index(pos)
        return self._spans[k] if k is not None else (pos, pos)


class _Containing:
    """The reported clauses of a text, for finding the first (in the order given) whose
    content holds a quote: ``content[0] <= start`` and ``end <= content[1] + 2``. The drafts
    are sorted by content start, with the running maximum of the content ends, so the walk
    back from ``start`` stops where no earlier content reaches ``end``."""

    __slots__ = ("_drafts", "_order", "_reach", "_starts")

    def __init__(self, drafts: Sequence[Draft]) -> None:
        self._drafts = list(drafts)
        self._order = sorted(range(len(self._drafts)), key=lambda i: self._drafts[i].content[0])
        self._starts = [self._drafts[i].content[0] for i in self._order]
        self._reach: list[int] = []
        for i in self._order:
            end = self._drafts[i].content[1]
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def first(self, start: int, end: int) -> Draft | None:
        best: int | None = None
        k = bisect_right(self._starts, start) - 1
        while k >= 0 and end <= self._reach[k] + 2:
            i = self._order[k]
            if end <= self._drafts[i].content[1] + 2 and (best is None or i < best):
                best = i
            k -= 1
        return self._drafts[best] if best is not None else None


def _attribute_quote(
    text: str,
    q: Quote,
    sentences: _Spans,
    extents: SpanIndex,
    indirect: _Containing,
) -> Draft:
    open_mark = q.marks[0][0]
    d = indirect.first(q.start, q.end)
    if d is not None:
        d.used = True
        whole = d.content[0] >= open_mark and q.end >= d.content[1] - 2
        return Draft(
            "direct" if whole else "mixed",
            (q.start, q.end),
            q.pieces,
            clause=None if whole else d.content,
            source=d.source,
            cue=d.cue,
            medium=d.medium,
            quote=q,
        )
    sent = sentences.of(open_mark)
    lead_start = max(sent[0], extents.last_end(open_mark, 0))
    lead = text[lead_start:open_mark]
    lead_stripped = lead.rstrip()
    close_end = q.marks[-1][1] if q.closed and len(q.marks) > 1 else q.end
    tail_sent = sentences.of(max(close_end - 1, q.start))
    next_mark = extents.next_start(close_end, len(text))
    tail_end = min(tail_sent[1], next_mark)
    tail = None
    if q.closed and text[q.end - 1 : q.end] not in {".", "…"}:
        tail = parse_tail(text, close_end, tail_end, extents)
    elif q.closed:
        # "…," is trimmed; a quote ending with a full stop may still be followed by "he said".
        rest = text[close_end:tail_end].lstrip()
        if rest[:1].islower():
            tail = parse_tail(text, close_end, tail_end, extents)
    embedded = bool(lead_stripped) and not lead_stripped.endswith((":", ",", "—"))
    if embedded and is_cue(lead_stripped.split()[-1]):  # 'X said "..."'
        embedded = False
    lead_draft = parse_lead(text, lead_start, open_mark, extents) if lead_stripped else None
    kind = "mixed" if embedded else "direct"
    if kind == "mixed" and lead_draft is None and tail is None:
        lead_draft = _embedded_lead(text, lead_start, open_mark, extents)
    if kind == "direct" and tail is None and lead_draft is None and q.closed:
        tail = _next_sentence_tail(text, close_end, tail_sent[1], sentences, extents)
    if tail is None and lead_draft is None and lead_stripped:
        lead_draft = _participle_lead(text, sent[0], open_mark, extents)
    found = tail or lead_draft
    draft = Draft(kind, (q.start, q.end), q.pieces, quote=q)
    if found is not None:
        draft.source, draft.cue, draft.medium = found.source, found.cue, found.medium
        if draft.medium is None and lead_draft is not None:
            draft.medium = lead_draft.medium
        if kind == "mixed":
            draft.clause = strip_span(text, (draft.cue or (lead_start, lead_start))[1], tail_end)
    return draft


# 'a sign reading, "..."', 'a statement saying "..."': what is written says it
_WRITTEN_LEAD = re.compile(
    r"\b((?:an?|the|his|her|their|its)\s++(?:[\w’'-]+\s++){0,2}?)([\w-]+)\s++([a-z]+ing)"
    r"\s*+[,:]?\s*+$"
)
_PARTICIPLE_LEAD = re.compile(r",\s*+([a-z]+ing)\s*+[,:]?\s*+$")


def _participle_lead(text: str, s: int, e: int, extents: SpanIndex) -> Draft | None:
    """'X lobbied to suspend the rights, saying, "..."': the subject of the clause before the
    participle speaks."""
    w = _WRITTEN_LEAD.search(text, s, e)
    if w is not None and w.group(2).lower() in WRITTEN_THINGS and is_cue(w.group(3)):
        return Draft("direct", (0, 0), source=(w.start(1), w.end(2)), cue=(w.start(3), w.end(3)))
    m = _PARTICIPLE_LEAD.search(text, s, e)
    if m is None or not is_cue(m.group(1)):
        return None
    c = clause_start(text, s, e)
    src = main_subject(text, c, m.start(), extents)
    if src is None:
        return None
    return Draft("direct", (0, 0), source=src, cue=(m.start(1), m.end(1)))


def _next_sentence_tail(
    text: str, close_end: int, sent_end: int, sentences: _Spans, extents: SpanIndex
) -> Draft | None:
    """The attribution of a quote that ends its sentence, read from a short sentence right
    after it in the same paragraph: '“Who are they?” Trump asked.', '“Too forced?” He
    tweeted.' (the sentence splitter cuts after a question mark before a capital)."""
    if text[close_end:sent_end].strip(" \t\u00a0.") or sent_end >= len(text):
        return None
    start = close_end
    while start < len(text) and text[start] in " \t\u00a0":
        start += 1
    if start >= len(text) or not text[start].isupper() or extents.inside(start):
        return None
    nxt = sentences.of(start)
    if nxt[0] != start or "\n" in text[close_end:start]:
        return None
    end = min(nxt[1], extents.next_start(start, len(text)))
    words = text[start:end].split()
    if not 2 <= len(words) <= 10:
        return None
    tail = parse_tail(text, start, end, extents)
    if tail is None or tail.source is None or tail.cue is None:
        return None
    rest = text[max(tail.source[1], tail.cue[1]) : end].strip(" .!?").split()
    told = text[tail.cue[0] : tail.cue[1]].lower() in {"told", "tells", "asked"}
    if rest and not (
        rest[0].lower() in _TAIL_ADJUNCT or (told and rest[0][:1].isupper() and len(rest) <= 3)
    ):
        return None  # '“No.” Trump said the deal was off': a statement of its own
    return tail


_TAIL_ADJUNCT = wordset(
    "on in at to during after before while last this earlier later yesterday today as when "
    "from via with"
)


def _embedded_lead(text: str, s: int, e: int, extents: Sequence[Span]) -> Draft | None:
    """The speaker of a partial quote inside a clause: 'X described it as "..."'."""
    c = clause_start(text, s, e)
    cues = cue_tokens(text, c, e, extents)
    found = subject_for(text, c, cues, extents) if cues else None
    if found is None:
        return None
    src, cue = found
    return Draft("mixed", (0, 0), source=src, cue=cue[:2], medium=find_medium(text, s, e))


def find_attributions(
    text: str, people: Sequence[tuple[int, int]] | None = None
) -> list[Attribution]:
    """The quotes and reported statements of ``text`` with their speakers, in text order.

    ``people`` are optional spans of person names (from an entity finder); when given they are
    the names pronouns and role nouns resolve to, else a small capitalised-name finder is used.
    """
    written = text
    text = _headline_cues(text)  # "Trump Says ...": a title-case verb read as the verb
    quotes = find_quotes(text)
    sentences = split_sentences(text)
    extents = SpanIndex((q.marks[0][0], q.marks[-1][1] if q.closed else q.end) for q in quotes)
    direct_like = SpanIndex(
        x for q, x in zip(quotes, extents, strict=True) if len(text[q.start : q.end].split()) > 2
    )
    indirect: list[Draft] = []
    for d in (d for s, e in sentences for d in find_indirect(text, s, e, extents)):
        if d.content[1] - d.content[0] < 3:
            continue
        if direct_like.overlaps(*d.content) and not extents.contains(
            d.content[0], d.content[1] + 2
        ):
            continue
        indirect.append(d)
    indirect.extend(_colon_drafts(text, extents, indirect))
    drafts: list[Draft] = []
    by_position = _Spans(sentences)
    containing = _Containing(indirect)
    for q in quotes:
        drafts.append(_attribute_quote(text, q, by_position, extents, containing))
    drafts.extend(d for d in indirect if not d.used)
    drafts.sort(key=lambda d: d.content[0])
    paras = _paragraphs(text)
    _inherit(text, drafts, paras)
    text = written
    mentions = mentions_from_people(text, people) if people is not None else []
    if people is None:
        mentions = name_mentions(text)
    else:
        mentions += [m for m in name_mentions(text) if not m.person]
    resolver = SpeakerResolver(mentions, sentences, extents, text)
    order = sorted(
        drafts, key=lambda d: (d.source or d.content)[0] if not d.parent else d.content[0]
    )
    for d in order:
        if d.parent is not None:
            d.speaker, d.role, d.status = d.parent.speaker, d.parent.role, d.parent.status
        elif d.source is not None:
            who = d.antecedent or d.source  # a relative "who" speaks for its antecedent
            anchor = min(d.source[0], d.quote.marks[0][0] if d.quote else d.content[0])
            until = max(d.source[1], d.content[1])
            d.speaker, d.role, d.status = resolver.resolve(
                text[who[0] : who[1]], d.source[0], anchor, until, speaks=d.kind != "stance"
            )
    return [_record(text, d) for d in drafts]


_HEADLINE_WORD = re.compile(r"[A-Z][\w’'-]*|[a-z][\w’'-]{3,}")


def _headline_cues(text: str) -> str:
    """``text`` with the reporting verbs of title-case lines lowercased ("Rubio Says He Will
    Stay" -> "Rubio says He Will Stay"), so the clause readers see them as verbs; every other
    character (and so every position) is kept."""
    out: list[str] | None = None
    for lo, hi in _paragraphs(text):
        line = text[lo:hi]
        words = list(_HEADLINE_WORD.finditer(line))
        if len(words) < 3 or sum(w.group()[0].isupper() for w in words) < 0.7 * len(words):
            continue
        for prev, w in pairwise(words):
            word = w.group()
            if word[0].isupper() and is_cue(word) and prev.group()[0].isupper():
                if out is None:
                    out = list(text)
                out[lo + w.start()] = word[0].lower()
    return text if out is None else "".join(out)


_COLON_LABEL = re.compile(r"([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}):[ \t\u00a0]+(?=\S)")
# Labels that open a line with a colon and are no speaker ("Update:", "Photo:", "Watch:").
_NOT_A_LABEL_SPEAKER = wordset(
    """update updated note editor editor’s editor's photo photos video watch read related source
    sources correction clarification breaking exclusive analysis opinion live advertisement q a
    tags topics share email follow image credit caption warning summary background context
    disclosure transcript full timeline key why what how when where who here also plus
    meanwhile ps p.s. subscribe sign listen reporting edited writing by from to subject date
    sent cc re fwd report news poll chart map graphic audio more see question answer bottom
    line first second third last next day week tl;dr latest contributing paid notice
    leaked wow busted boom big win photograph photographs photographer photography picture
    pictures illustration illustrations images file byline look"""
)


_NAME_LIST = re.compile(r"(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*,\s*){2,}")


def _colon_drafts(text: str, extents: SpanIndex, indirect: Sequence[Draft]) -> list[Draft]:
    """A line opened by a name and a colon: the name's words (a headline "Rubio: I Will Stay",
    a transcript "TAPPER: Do you think ...?")."""
    out = []
    taken = SpanIndex(d.content for d in indirect)
    for lo, hi in _paragraphs(text):
        m = _COLON_LABEL.match(text, lo, hi)
        if m is None or extents.inside(lo) or taken.overlaps(m.start(1), m.end(1)):
            continue
        words = m.group(1).split()
        low = [w.lower().strip(".") for w in words]
        if len(words) > 3 or any(
            w in _NOT_A_LABEL_SPEAKER or w in MONTHS_DAYS or is_cue(w) for w in low
        ):
            continue
        content = strip_span(text, m.end(), hi)
        if len(text[content[0] : content[1]].split()) < 2 or _NAME_LIST.match(text, *content):
            continue  # "Nevada: Adam Khan, Ana Ruiz, ...": a list, not words said
        colon = m.end(1)
        out.append(
            Draft("indirect", content, source=(m.start(1), m.end(1)), cue=(colon, colon + 1))
        )
    return out


def _inherit(text: str, drafts: list[Draft], paras: Sequence[Span]) -> None:
    """A quote with no cue takes the speaker of the attribution just before it."""
    by_position = _Spans(paras)
    for k, d in enumerate(drafts):
        if d.source is not None or d.quote is None or k == 0 or d.kind != "direct":
            continue
        prev = drafts[k - 1]
        para = by_position.index(d.content[0])
        prev_para = by_position.index(prev.content[0])
        if para is None or prev_para is None or para - prev_para > 1 or prev.source is None:
            continue
        d.source, d.parent = prev.source if prev.parent is None else prev.parent.source, prev


def _record(text: str, d: Draft) -> Attribution:
    if d.quote is not None:
        content_text = d.quote.text(text)
    elif d.pieces:
        content_text = " ".join(text[a:b] for a, b in d.pieces)
    else:
        content_text = text[d.content[0] : d.content[1]]
    return Attribution(
        kind=d.kind,
        content=d.content,
        content_text=content_text,
        source=d.source,
        source_text=text[d.source[0] : d.source[1]] if d.source else None,
        speaker=d.speaker,
        role=d.role,
        speaker_status=d.status if d.source is not None else None,
        cue=d.cue,
        cue_text=text[d.cue[0] : d.cue[1]] if d.cue else None,
        medium=text[d.medium[0] : d.medium[1]] if d.medium else None,
        medium_span=d.medium,
        paragraphs=d.pieces if len(d.pieces) > 1 and d.quote is not None else (),
        pieces=d.pieces if len(d.pieces) > 1 and d.quote is None else (),
        clause=d.clause,
        short=len(content_text.split()) <= 2,
        closed=d.quote.closed if d.quote is not None else True,
        inherited=d.parent is not None,
    )
