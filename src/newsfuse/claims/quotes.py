"""Quotes, reported speech and their speakers: who said what, with which verb, through what.

:func:`find_attributions` reads a text into :class:`Attribution` records, each with character
spans into the text given:

- **direct** quotes: words inside quotation marks in any common style (straight ``"..."`` and
  ``'...'``, curly “...” and ‘...’, guillemets « » and ‹ ›, „...“, a closing mark used as an
  opening one), including quotes that run over several paragraphs (English convention: the
  paragraph ends without a closing mark and the next one opens with an opening mark). An
  unbalanced mark never swallows the rest of the article: an unclosed quote stops at the end of
  its paragraph. Apostrophes (``Russia’s``, ``don’t``, ``students’``) are told from single
  quotes by the letters around them;
- **indirect** attributions (reported speech): "X said (that) ...", "X confirmed on Nov. 4
  that ...", "..., X said.", "..., said X.", "According to X, ..." and "..., according to X.";
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
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsfuse.claims.attribution import (
    ADVERBS,
    AUXILIARIES,
    DETERMINERS,
    PRONOUNS,
    TAIL_ONLY_CUES,
    SpeakerResolver,
    find_medium,
    has_title,
    is_cue,
    mentions_from_people,
    name_like,
    name_mentions,
    takes_bare_clause,
    tokens,
    wordset,
)
from newsfuse.dedup.facts import split_sentences

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

    ``kind`` is "direct", "indirect" or "mixed". ``content`` spans the quoted words without the
    marks (a quote over several paragraphs spans from its first to its last word, with
    ``paragraphs`` giving one span per paragraph) or the reported clause. ``clause`` is the
    reported clause around a mixed quote. ``source`` is the speaker phrase as written (it may
    lie in an earlier paragraph when the quote inherits its speaker), ``speaker`` the resolved
    name, ``role`` the title or role the source phrase gives. ``medium`` is the channel as
    written. ``short`` flags a quote of one or two words (scare quotes). ``closed`` is False for
    a quote whose closing mark is missing.
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
    inherited: bool = field(default=False, compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "content": list(self.content),
            "content_text": self.content_text,
            "source": list(self.source) if self.source else None,
            "source_text": self.source_text,
            "speaker": self.speaker,
            "role": self.role,
            "cue": list(self.cue) if self.cue else None,
            "cue_text": self.cue_text,
            "medium": self.medium,
            "paragraphs": [list(p) for p in self.paragraphs],
            "clause": list(self.clause) if self.clause else None,
            "short": self.short,
            "closed": self.closed,
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


def _mark_roles(text: str, i: int, lo: int, hi: int) -> tuple[bool, bool]:
    """Whether the mark at ``i`` (in paragraph ``lo:hi``) can open and can close a quote."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    prev_word = prev.isalnum()
    next_word = nxt.isalnum()
    if _FAMILY[text[i]] == "s" and prev_word and next_word:
        return False, False  # an apostrophe: don’t, Russia’s
    can_open = (prev in _OPEN_BEFORE or _MARKS.match(prev) is not None) and not nxt.isspace()
    can_close = not prev.isspace() and not next_word
    if i == lo:
        can_open, can_close = not nxt.isspace(), False
    return can_open, can_close


def _weak_close(text: str, i: int, hi: int) -> bool:
    """A single mark after an ``s`` and before a lowercase word: likely a plural possessive."""
    if text[i] not in "’'" or i == 0 or text[i - 1] not in "sS":
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
        stack: list[_Open] = []
        if carry is not None:
            stack.append(carry)
            carry = None
        marks = [m.start() for m in _MARKS.finditer(text, lo, hi)]
        for k, i in enumerate(marks):
            ch = text[i]
            fam = _FAMILY[ch]
            can_open, can_close = _mark_roles(text, i, lo, hi)
            if stack and stack[0].pos < lo and i == lo and _FAMILY[stack[0].char] == fam:
                # The continuation mark of a quote running over paragraphs, or (straight
                # quotes only) a closing mark pushed to the start of the next paragraph.
                rest = [j for j in marks[k + 1 :] if text[j] == ch]
                if ch == '"' and rest and len(rest) % 2 == 0:
                    top = stack.pop()
                    quotes.append(_finish(text, top, None, closed=True, mark=(i, i + 1)))
                    continue
                stack[0].start = i + 1
                stack[0].marks.append((i, i + 1))
                continue
            match = next((s for s in reversed(stack) if _FAMILY[s.char] == fam), None)
            if ch in _GUILLEMETS:
                closes = match is not None and _GUILLEMETS[match.char] == ch
                can_open, can_close = not closes, closes
            elif ch in _PREFERS_OPEN and match is None:
                can_close = False
            if match is not None and can_close and not _weak_close(text, i, hi):
                while stack and stack[-1] is not match:
                    stack.pop()  # an unclosed inner quote ends with its outer one
                stack.pop()
                if not stack:
                    quotes.append(_finish(text, match, i, closed=True, mark=(i, i + 1)))
                continue
            if match is not None and can_close and _weak_close(text, i, hi):
                later = [
                    j
                    for j in marks[k + 1 :]
                    if _FAMILY[text[j]] == fam and _mark_roles(text, j, lo, hi)[1]
                ]
                if not later:
                    while stack and stack[-1] is not match:
                        stack.pop()
                    stack.pop()
                    if not stack:
                        quotes.append(_finish(text, match, i, closed=True, mark=(i, i + 1)))
                continue
            if can_open:
                stack.append(_Open(ch, i, [], [(i, i + 1)], i + 1))
        if stack:
            top = stack[0]
            top.pieces.append((top.start, hi))
            nxt = paras[n + 1] if n + 1 < len(paras) else None
            if nxt is not None and _FAMILY.get(text[nxt[0]]) == _FAMILY[top.char]:
                carry = top
            else:
                quotes.append(_finish(text, top, None, closed=False, mark=None))
    return [q for q in quotes if q.pieces]


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

_INTRO_WORDS = wordset("""in on at during speaking after while although though as when asked writing before
    since despite following earlier later meanwhile however still yet by for with from under
    at""")
_BAD_SUBJECT_START = wordset("""and but or which that who whom whose where when while if because so as than then there
    it's to of in on at for with by from until now since after before""")
_CLAUSE_STOP = wordset("on in at to during for with by from about of this so")
_FIGURE_QUALIFIERS = wordset("about over under around some nearly almost roughly")
_NUMBER_START = re.compile(
    r"\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|a)\b",
    re.I,
)
_ADJUNCT = re.compile(
    r"\s*(?:,\s*)?(?:(?:on|last|this|next|late|early|earlier|later)\s+(?:[A-Z][a-z]+\.?|\d+)"
    r"(?:\s+\d+)?(?:\s+(?:morning|afternoon|evening|night))?|the day before|yesterday|today|"
    r"earlier|later|previously|again|recently|also|publicly|in (?:an?|the|his|her|its|their)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:interview|address|statement|speech|post|briefing)"
    r"(?:\s+(?:with|to|on)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)?|on (?:Telegram|Twitter|"
    r"Facebook|X|social media|television|TV|radio)|to (?:reporters|journalists))\b,?",
)
_ACCORDING_FRONT = re.compile(r"(?:^|,\s*)according to\s+([^,]+?),\s*", re.IGNORECASE)
_ACCORDING_TAIL = re.compile(r"[,”’\"']*\s*\baccording to\s+(.+?)[.!?]?[”’\"']?$", re.IGNORECASE)
_SRC_CUT = re.compile(r"\s+(?:published|released|issued|on|in|at|who|which|citing)\b|,")


@dataclass(slots=True)
class _Draft:
    kind: str
    content: Span
    pieces: tuple[Span, ...] = ()
    clause: Span | None = None
    source: Span | None = None
    cue: Span | None = None
    medium: Span | None = None
    quote: Quote | None = None
    parent: _Draft | None = None
    speaker: str | None = None
    role: str | None = None
    used: bool = False


def _strip_span(text: str, s: int, e: int, chars: str = " \t\n\u00a0,;:.") -> Span:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    if e < len(text) and text[e] == "." and e >= 3 and text[e - 2] == "." and text[e - 1].isupper():
        e += 1  # keep the final dot of an initialism: "U.N."
    return s, e


def _overlaps(extents: Sequence[Span], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in extents)


def _words(tok: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return [t for t in tok if t[2][0].isalnum()]


def _valid_subject(text: str, s: int, e: int, extents: Sequence[Span] = ()) -> bool:
    """Whether ``text[s:e]`` reads as the subject noun phrase of a reporting verb."""
    sub = text[s:e]
    if not sub.strip() or _overlaps(extents, s, e) or "(" in sub or "\n" in sub:
        return False
    words = _words(tokens(text, s, e))
    if not words or len(words) > 25:
        return False
    low = [w[2].lower() for w in words]
    if low[0] in _BAD_SUBJECT_START or low[0] in ADVERBS:
        return False
    for k, w in enumerate(low):
        if w in AUXILIARIES or is_cue(w) or w in {"that", "which", "said", "who"}:
            return False
        passive_by = k + 1 < len(low) and low[k + 1] == "by"
        if w.endswith("ed") and not words[k][2][0].isupper() and not passive_by:
            return False  # a finite verb inside the subject: not a subject
    parts = [p for p in sub.split(",") if p.strip()]
    if len(parts) > 1:
        list_like = parts[-1].split()[0] in {"and", "or"}
        appositive = (
            name_like(parts[0]) or has_title(parts[0]) or name_like(parts[-1].strip())
        ) and len(parts[0].split()) <= 10
        if not (list_like or appositive):
            return False
    if low[-1] in DETERMINERS:
        return False
    return len(words) <= 12 or len(parts) > 1


def _subject_for(
    text: str, c: int, cues: Sequence[tuple[int, int, str]], extents: Sequence[Span]
) -> tuple[Span, tuple[int, int, str]] | None:
    """The subject and cue of a clause: the first cue with a valid subject before it.

    A relative clause after the subject ("A ministry official, who asked not to be named,
    said") is left out of the subject.
    """
    for cue in cues[:3]:
        end = cue[0]
        rel = re.search(r",\s*(?:who|which)\b", text[c:end])
        if rel is not None:
            if text[c:end].rstrip().endswith(",") and text[c:end].count(",") >= 2:
                end = c + rel.start()
            else:
                continue
        src = _trim_subject(text, c, end)
        if src[1] > src[0] and _valid_subject(text, *src, extents):
            return src, cue
    return None


def _trim_subject(text: str, s: int, e: int) -> Span:
    """Drop adverbs and auxiliaries at the end of a subject span ("Zelensky has previously")."""
    words = _words(tokens(text, s, e))
    while words and (words[-1][2].lower() in ADVERBS or words[-1][2].lower() in AUXILIARIES):
        e = words[-1][0]
        words.pop()
    return _strip_span(text, s, e)


def _clause_start(text: str, s: int, e: int) -> int:
    """Where the main clause of a sentence starts, after an introductory phrase and comma."""
    words = _words(tokens(text, s, e))
    if words and words[0][2].lower() in _INTRO_WORDS:
        comma = text.find(",", s, e)
        if comma != -1:
            s = _strip_span(text, comma + 1, e)[0]
            # "On Tuesday, November 5, X said": a date after the intro is part of it.
            nxt = text.find(",", s, e)
            if nxt != -1 and len(text[s:nxt].split()) <= 3 and re.search(r"\d", text[s:nxt]):
                s = _strip_span(text, nxt + 1, e)[0]
            return s
    if words and words[0][2].lower() in {"but", "and", "yet", "so", "also"}:
        return words[1][0] if len(words) > 1 else s
    return s


def _inside(spans: Sequence[Span], pos: int) -> bool:
    return any(a < pos < b for a, b in spans)


def _cue_tokens(
    text: str, s: int, e: int, extents: Sequence[Span], *, tail: bool = False
) -> list[tuple[int, int, str]]:
    return [
        t
        for t in _words(tokens(text, s, e))
        if is_cue(t[2])
        and t[2][0].islower()
        and (tail or t[2].lower() not in TAIL_ONLY_CUES)
        and not _inside(extents, t[0])
    ]


def _source_after(text: str, s: int, e: int) -> Span | None:
    """The source phrase right after a cue ("said Gawkowski, who ...")."""
    cut = _SRC_CUT.search(text, s, e)
    end = cut.start() if cut else e
    span = _strip_span(text, s, end, " \t\n,;:.!?”’\"'")
    if span[1] <= span[0]:
        return None
    first = text[span[0] : span[1]].split()[0]
    if not (first[0].isupper() or first.lower() in DETERMINERS | PRONOUNS):
        return None
    return span if len(text[span[0] : span[1]].split()) <= 10 else None


def _parse_tail(text: str, s: int, e: int, extents: Sequence[Span]) -> _Draft | None:
    """An attribution clause after a quote: ", Umerov said." / ", said X, who ..." / "he added"."""
    s, e = _strip_span(text, s, e, " \t\n,;:.!?—–-”’\"'")
    if e <= s:
        return None
    words = _words(tokens(text, s, e))
    if not words:
        return None
    m = _ACCORDING_TAIL.match(text, s, e)
    if m:
        src = _source_phrase(text, m.start(1), m.end(1))
        cue = (m.start() + m.group().lower().index("according"), m.start(1) - 1)
        return _Draft("direct", (0, 0), source=src, cue=cue)
    if is_cue(words[0][2]) and words[0][2][0].islower():
        cue = words[0][:2]
        after = _source_after(text, cue[1], e)
        if after is None:
            return None
        medium = find_medium(text, after[1], e)
        return _Draft("direct", (0, 0), source=after, cue=cue, medium=medium)
    cues = _cue_tokens(text, s, e, extents, tail=True)
    if not cues or len(_words(tokens(text, s, cues[0][0]))) > 12:
        return None
    cue = cues[0][:2]
    src = _trim_subject(text, s, cue[0])
    if src[1] <= src[0] or not _valid_subject(text, *src, extents):
        return None
    return _Draft("direct", (0, 0), source=src, cue=cue, medium=find_medium(text, cue[0], e))


def _source_phrase(text: str, s: int, e: int) -> Span:
    cut = _SRC_CUT.search(text, s, e)
    return _strip_span(text, s, cut.start() if cut else e, " \t\n,;:.!?”’\"'")


def _parse_lead(text: str, s: int, e: int, extents: Sequence[Span]) -> _Draft | None:
    """An attribution clause before a quote: "He stated," / "X told Y:" / "According to X,"."""
    lead = text[s:e]
    m = None
    for hit in _ACCORDING_FRONT.finditer(lead):
        m = hit
    if m is not None and m.end() >= len(lead.rstrip()):
        src = _source_phrase(text, s + m.start(1), s + m.end(1))
        cue = (s + m.start() + m.group().lower().index("according"), s + m.start(1) - 1)
        return _Draft("direct", (0, 0), source=src, cue=cue)
    c = _clause_start(text, s, e)
    cues = _cue_tokens(text, c, e, extents)
    medium = find_medium(text, s, e)
    if cues:
        subject = _subject_for(text, c, cues, extents)
        if subject is not None:
            return _Draft("direct", (0, 0), source=subject[0], cue=cues[-1][:2], medium=medium)
        return None
    if text[s:e].rstrip().endswith(":"):
        words = _words(tokens(text, c, e))
        k = 0
        while k < len(words) and (
            words[k][2][0].isupper() or words[k][2].lower() in DETERMINERS | {"of"}
        ):
            k += 1
        if 0 < k < len(words) and _valid_subject(text, c, words[k - 1][1], extents):
            src = _strip_span(text, c, words[k - 1][1])
            return _Draft("direct", (0, 0), source=src, cue=words[k][:2], medium=medium)
    return None


def _indirect(text: str, s: int, e: int, extents: Sequence[Span]) -> _Draft | None:
    """Reported speech in the sentence ``text[s:e]``, or None."""
    if _inside(extents, s) or _MARKS.match(text, s):
        return None
    body_end = _strip_span(text, s, e, " \t\n.!?")[1]
    sent = text[s:body_end]
    # According to X, CLAUSE.
    m = _ACCORDING_FRONT.search(sent)
    if m is not None and (m.start() == 0 or sent[: m.start()].split()[0].lower() in _INTRO_WORDS):
        src = _source_phrase(text, s + m.start(1), s + m.end(1))
        cue = (s + m.start() + m.group().lower().index("according"), s + m.start(1) - 1)
        content = _strip_span(text, s + m.end(), body_end)
        return _Draft("indirect", content, source=src, cue=cue)
    # CLAUSE, according to X.
    t = _ACCORDING_TAIL.search(sent)
    if t is not None and t.start() > 0 and "," in sent[t.start() - 2 : t.start(1)]:
        src = _source_phrase(text, s + t.start(1), s + t.end(1))
        at = s + t.start() + t.group().lower().index("according")
        content = _strip_span(text, s, s + t.start(), " \t\n,;:")
        if len(text[content[0] : content[1]].split()) >= 3:
            return _Draft("indirect", content, source=src, cue=(at, at + len("according to")))
    c = _clause_start(text, s, body_end)
    cues = _cue_tokens(text, c, body_end, extents)
    # X said (that) CLAUSE.
    if cues and _passive(text, cues[0]):
        return None
    found = _subject_for(text, c, cues, extents) if cues else None
    if found is not None:
        src, cue_tok = found
        draft = _after_cue(text, cue_tok, body_end, extents)
        if draft is not None:
            draft.source = src
            if draft.medium is None:
                draft.medium = find_medium(text, s, c) if c > s else None
            return draft
    # CLAUSE, X said. / CLAUSE, said X.
    for comma in (i for i in range(s, body_end) if text[i] == "," and not text[i + 1].isdigit()):
        if _inside(extents, comma) or len(_words(tokens(text, s, comma))) < 3:
            continue
        tail = _parse_tail(text, comma + 1, body_end, extents)
        if tail is None or tail.cue is None or tail.source is None:
            continue
        rest = text[tail.cue[1] : body_end]
        if re.search(r"\bthat\b", rest) or len(rest.split()) > 20 or not _adjunct_rest(rest):
            continue
        if _overlaps(extents, tail.cue[1], body_end):
            continue
        content = _strip_span(text, s, comma, " \t\n,;:.”’\"'")
        return _Draft("indirect", content, source=tail.source, cue=tail.cue, medium=tail.medium)
    return None


_REST_OK = wordset("""on in at to during after before while when as last this earlier later yesterday today
    citing adding according speaking referring via through from late early shortly""")


def _adjunct_rest(rest: str) -> bool:
    """Whether what follows a tail cue is only adjuncts (", Umerov said on Nov. 5 in ...")."""
    words = re.findall(r"[\w’'.-]+|,", rest)
    if not words or words[0] == ",":
        return True
    first = words[0].lower()
    return first in _REST_OK or (first == "the" and len(words) > 1 and words[1] == "day")


def _passive(text: str, cue: tuple[int, int, str]) -> bool:
    """Whether the cue is a passive participle ("it was reported that")."""
    before = text[max(0, cue[0] - 12) : cue[0]].split()
    return bool(before) and before[-1].lower() in {"is", "was", "were", "been", "be", "are"}


def _after_cue(
    text: str, cue: tuple[int, int, str], end: int, extents: Sequence[Span]
) -> _Draft | None:
    """The reported clause after a reporting verb: after "that", or a bare clause."""
    after = _words(tokens(text, cue[1], end))
    for k, w in enumerate(after[:25]):
        if w[2].lower() == "that" and (k == 0 or text[after[k - 1][1]] != "'"):
            if any(is_cue(x[2]) and x[2][0].islower() for x in after[:k]):
                break
            content = _strip_span(text, w[1], end)
            if len(text[content[0] : content[1]].split()) < 3:
                return None
            medium = find_medium(text, cue[1], w[0]) if k else None
            if medium is None and cue[2].lower() in {"told", "tell", "tells"} and k:
                medium = _strip_span(text, cue[0], w[0])
            return _Draft("indirect", content, cue=cue[:2], medium=medium)
    if not takes_bare_clause(cue[2]):
        return None
    pos = cue[1]
    if cue[2].lower() in {"told", "tell", "tells"}:
        return None
    while True:
        m = _ADJUNCT.match(text, pos, end)
        if m is None or m.end() == pos:
            break
        pos = m.end()
    content = _strip_span(text, pos, end)
    if _overlaps(extents, content[0], content[0] + 1) or text[pos : content[0]].strip() == ":":
        return None  # 'X said: "..."' is a direct quote
    words = text[content[0] : content[1]].split()
    figure = (
        len(words) > 1 and words[0].lower() in _FIGURE_QUALIFIERS and _NUMBER_START.match(words[1])
    )  # "said about 1,800 of its members ...": a qualifier, not "talked about"
    if len(words) < 3 or (words[0].lower() in _CLAUSE_STOP | {"it", "so", "more"} and not figure):
        return None
    return _Draft("indirect", content, cue=cue[:2], medium=find_medium(text, cue[1], content[0]))


def _sentence_of(sentences: Sequence[Span], pos: int) -> Span:
    for s, e in sentences:
        if s <= pos < e:
            return s, e
    return pos, pos


def _attribute_quote(
    text: str,
    q: Quote,
    sentences: Sequence[Span],
    extents: Sequence[Span],
    indirect: Sequence[_Draft],
) -> _Draft:
    open_mark = q.marks[0][0]
    for d in indirect:
        if d.content[0] <= q.start and q.end <= d.content[1] + 2:
            d.used = True
            whole = d.content[0] >= open_mark and q.end >= d.content[1] - 2
            return _Draft(
                "direct" if whole else "mixed",
                (q.start, q.end),
                q.pieces,
                clause=None if whole else d.content,
                source=d.source,
                cue=d.cue,
                medium=d.medium,
                quote=q,
            )
    sent = _sentence_of(sentences, open_mark)
    lead_start = max(sent[0], max((b for a, b in extents if b <= open_mark), default=0))
    lead = text[lead_start:open_mark]
    lead_stripped = lead.rstrip()
    close_end = q.marks[-1][1] if q.closed and len(q.marks) > 1 else q.end
    tail_sent = _sentence_of(sentences, max(close_end - 1, q.start))
    next_mark = min((a for a, _ in extents if a >= close_end), default=len(text))
    tail_end = min(tail_sent[1], next_mark)
    tail = None
    if q.closed and text[q.end - 1 : q.end] not in {".", "…"}:
        tail = _parse_tail(text, close_end, tail_end, extents)
    elif q.closed:
        # "…," is trimmed; a quote ending with a full stop may still be followed by "he said".
        rest = text[close_end:tail_end].lstrip()
        if rest[:1].islower():
            tail = _parse_tail(text, close_end, tail_end, extents)
    embedded = bool(lead_stripped) and not lead_stripped.endswith((":", ",", "—"))
    if embedded and is_cue(lead_stripped.split()[-1]):  # 'X said "..."'
        embedded = False
    lead_draft = _parse_lead(text, lead_start, open_mark, extents) if lead_stripped else None
    kind = "mixed" if embedded else "direct"
    if kind == "mixed" and lead_draft is None and tail is None:
        lead_draft = _embedded_lead(text, lead_start, open_mark, extents)
    found = tail or lead_draft
    draft = _Draft(kind, (q.start, q.end), q.pieces, quote=q)
    if found is not None:
        draft.source, draft.cue, draft.medium = found.source, found.cue, found.medium
        if draft.medium is None and lead_draft is not None:
            draft.medium = lead_draft.medium
        if kind == "mixed":
            draft.clause = _strip_span(text, (draft.cue or (lead_start, lead_start))[1], tail_end)
    return draft


def _embedded_lead(text: str, s: int, e: int, extents: Sequence[Span]) -> _Draft | None:
    """The speaker of a partial quote inside a clause: 'X described it as "..."'."""
    c = _clause_start(text, s, e)
    cues = _cue_tokens(text, c, e, extents)
    found = _subject_for(text, c, cues, extents) if cues else None
    if found is None:
        return None
    src, cue = found
    return _Draft("mixed", (0, 0), source=src, cue=cue[:2], medium=find_medium(text, s, e))


def find_attributions(
    text: str, people: Sequence[tuple[int, int]] | None = None
) -> list[Attribution]:
    """The quotes and reported statements of ``text`` with their speakers, in text order.

    ``people`` are optional spans of person names (from an entity finder); when given they are
    the names pronouns and role nouns resolve to, else a small capitalised-name finder is used.
    """
    quotes = find_quotes(text)
    sentences = split_sentences(text)
    extents = [(q.marks[0][0], q.marks[-1][1] if q.closed else q.end) for q in quotes]
    direct_like = [
        x for q, x in zip(quotes, extents, strict=True) if len(text[q.start : q.end].split()) > 2
    ]
    indirect: list[_Draft] = []
    for s, e in sentences:
        d = _indirect(text, s, e, extents)
        if d is None or d.content[1] - d.content[0] < 3:
            continue
        if any(d.content[0] < b and a < d.content[1] for a, b in direct_like) and not any(
            d.content[0] <= a and b <= d.content[1] + 2 for a, b in extents
        ):
            continue
        indirect.append(d)
    drafts: list[_Draft] = []
    for q in quotes:
        drafts.append(_attribute_quote(text, q, sentences, extents, indirect))
    drafts.extend(d for d in indirect if not d.used)
    drafts.sort(key=lambda d: d.content[0])
    paras = _paragraphs(text)
    _inherit(text, drafts, paras)
    mentions = mentions_from_people(text, people) if people is not None else []
    if people is None:
        mentions = name_mentions(text)
    else:
        mentions += [m for m in name_mentions(text) if not m.person]
    resolver = SpeakerResolver(mentions)
    order = sorted(
        drafts, key=lambda d: (d.source or d.content)[0] if not d.parent else d.content[0]
    )
    for d in order:
        if d.parent is not None:
            d.speaker, d.role = d.parent.speaker, d.parent.role
        elif d.source is not None:
            d.speaker, d.role = resolver.resolve(text[d.source[0] : d.source[1]], d.source[0])
    return [_record(text, d) for d in drafts]


def _inherit(text: str, drafts: list[_Draft], paras: Sequence[Span]) -> None:
    """A quote with no cue takes the speaker of the attribution just before it."""
    for k, d in enumerate(drafts):
        if d.source is not None or d.quote is None or k == 0 or d.kind != "direct":
            continue
        prev = drafts[k - 1]
        para = next((i for i, (a, b) in enumerate(paras) if a <= d.content[0] < b), None)
        prev_para = next((i for i, (a, b) in enumerate(paras) if a <= prev.content[0] < b), None)
        if para is None or prev_para is None or para - prev_para > 1 or prev.source is None:
            continue
        d.source, d.parent = prev.source if prev.parent is None else prev.parent.source, prev


def _record(text: str, d: _Draft) -> Attribution:
    content_text = d.quote.text(text) if d.quote else text[d.content[0] : d.content[1]]
    return Attribution(
        kind=d.kind,
        content=d.content,
        content_text=content_text,
        source=d.source,
        source_text=text[d.source[0] : d.source[1]] if d.source else None,
        speaker=d.speaker,
        role=d.role,
        cue=d.cue,
        cue_text=text[d.cue[0] : d.cue[1]] if d.cue else None,
        medium=text[d.medium[0] : d.medium[1]] if d.medium else None,
        medium_span=d.medium,
        paragraphs=d.pieces if len(d.pieces) > 1 else (),
        clause=d.clause,
        short=len(content_text.split()) <= 2,
        closed=d.quote.closed if d.quote is not None else True,
        inherited=d.parent is not None,
    )
