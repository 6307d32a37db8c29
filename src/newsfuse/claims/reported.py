"""Reported speech: the attributions of "X said (that) ..." and its variants in a sentence.

:func:`find_indirect` reads the attributions of reported speech in one sentence for
:mod:`newsfuse.claims.quotes`, clause by clause (clauses split at semicolons, colons and
dashes): the main "X said (that) ...", "according to X" before, after or inside the clause,
"As X reported, ...", a verb coordinated with the main one or a participle after it that shares
its subject, a reporting verb in a relative or subordinate clause, a figure put at a number ("X
put the number of Y at N") and a cue after its content ("..., the official added"). It reads
general English structure only (the word lists of :mod:`newsfuse.claims.speech_words`), never
names from a corpus.

The clause pieces it builds on (:class:`Draft`, :class:`SpanIndex`, subjects, cues and the
clause before or after a quotation, :func:`parse_lead` and :func:`parse_tail`) are in
:mod:`newsfuse.claims.speech_clauses` and re-exported here. A clause in which no reporting verb
can be read (most clauses of an article, see
:func:`~newsfuse.claims.speech_tokens.may_hold_cue`) is only searched for "according to" and a
figure put at a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from newsfuse.claims.attribution import find_medium
from newsfuse.claims.speech_clauses import (
    ACCORDING_FRONT,
    ACCORDING_TAIL,
    ASIDES,
    INTRO_WORDS,
    Draft,
    Span,
    clause_start,
    cue_tokens,
    inside,
    overlaps,
    parse_tail,
    source_phrase,
    strip_span,
    subject_for,
    trim_subject,
    valid_subject,
)
from newsfuse.claims.speech_clauses import SpanIndex as SpanIndex
from newsfuse.claims.speech_clauses import parse_lead as parse_lead
from newsfuse.claims.speech_tokens import may_hold_cue, tokens, word_tokens
from newsfuse.claims.speech_words import (
    ADVERBS,
    AUXILIARIES,
    COMMON_VERBS,
    CUE_LEMMA,
    DETERMINERS,
    DOCUMENT_NOUNS,
    NEGATIONS,
    NOUN_LIKE_CUES,
    ORG_WORDS,
    PEOPLE_NOUNS,
    PRONOUNS,
    QUANTIFIERS,
    SPEECH_WORDS,
    TAIL_ONLY_CUES,
    TITLE_WORDS,
    is_cue,
    takes_bare_clause,
    takes_object,
    wordset,
)
from newsfuse.text import MONTHS_DAYS

_QUOTE_MARK = re.compile("[\"“”„‟'‘’‚‛«»‹›]")

_CLAUSE_STOP = wordset("on in at to during for with by from about of this so")
_FIGURE_QUALIFIERS = wordset("about over under around some nearly almost roughly")
_NUMBER_START = re.compile(
    r"\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|a|half|two-thirds|three-quarters)\b",
    re.I,
)
_ADJUNCT = re.compile(
    r"\s*(?:,\s*)?(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?:\s+(?:morning|afternoon|evening|night)\b)?|"
    r"(?:on|last|this|next|late|early|earlier|later)\s+(?:[A-Z][a-z]+\.?|\d+)"
    r"(?:\s+\d+)?(?:\s+(?:morning|afternoon|evening|night))?|the day before|yesterday|today|"
    r"earlier|later|previously|again|recently|also|publicly|in (?:an?|the|his|her|its|their)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:interview|address|statement|speech|post|briefing)"
    r"(?:\s+(?:with|to|on)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)?|on (?:Telegram|Twitter|"
    r"Facebook|X|social media|television|TV|radio)|to (?:reporters|journalists))\b,?",
)
_ACCORDING = re.compile(r"according", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r";\s+|:\s++(?=\S)|(?<!\s)\s+[—–]\s+")  # from a run's start only
_BREAK_CHAR = re.compile("[;:—–]")
_COORD = wordset("and but or")
_RELATIVE = wordset("who which")
# Words after which a new subject may start inside a sentence ("..., after Nabisco announced").
_SUBJECT_BOUNDARY = wordset("""and but or that after when because while as since if although though
    before until whether so where than what how why once unless""")
_THAT_IS = frozenset({"that's", "that is", "this is", "that was", "those are"})  # "That's
# according to the filings.": what was just said
_FINDING = wordset("show shows showed shown find finds found")
_BE = wordset("is are was were be been being")
_FIGURE_NOUNS = (
    r"number|figure|total|toll|count|tally|cost|costs|turnout|losses|damage|size|share|"
    r"value|price|estimate|amount"
)
# Linear (issue 13): a phrase ends at a non-space (or before its comma), so a run of white space
# is split one way only; a source or an "of" phrase is at most 200 characters (each try read on
# to the end of the text); "As X reported," is tried only when the text has its comma.
_FIGURE_PUT = re.compile(
    r"\b(put|puts|putting|placed|places|placing)\s+((?:the|its|their|his|her|this|that)\s+"
    r"(?:[\w’'-]+\s+){0,2}?(?:" + _FIGURE_NOUNS + r")\b(?:\s+of\s++[^,;:]{0,199}?[^,;:\s])?\s+at\s+"
    r"(?:[a-z]+\s+){0,3}?(?:\d[\d,.]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"a few|several|a dozen|dozens|hundreds|thousands)\b)(?:[^,;:]*?[^,;:\s])??)"
    r"(?=\s*+(?:[,;:]|$)|\s++(?:and|but|while|after|before|as|because|with|on|in)\b)"
)
_AS_REPORTED = re.compile(
    r"^(?=[^,]*,)(?:[Aa]s|[Ll]ike)\s++(?:(?:was\s+)?(\w+)\s+by\s++([^,]*?(?:[^,\s]|\s(?=,)))"
    r"|([^,]*?[^,\s])\s++"
    r"(?:has\s+|had\s+)?(\w+))(?:\s+(?:on|in|last|earlier)\s+[^,]+)?,\s*"
)
_PASSIVE_THAT = re.compile(
    r"\b(?:it|It)\s+(?:was|is|has been|had been)\s+(\w+)\s+by\s++([^,]{0,199}?(?:[^,\s]|\s(?=,)))"
    r",?\s+that\s+"
)


def find_indirect(text: str, s: int, e: int, extents: Sequence[Span]) -> list[Draft]:
    """The attributions of reported speech in the sentence ``text[s:e]``, in text order.

    The sentence is read clause by clause (clauses split at semicolons, colons and dashes);
    a clause may give several: the main "X said (that) ...", a verb coordinated with it or
    a participle after it that shares its subject ("X disputes the figure and says ...",
    "..., adding that ..."), a reporting verb in a relative or subordinate clause ("X, who
    said ...", "after Y announced ..."), a figure put at a number ("X put the number of Y at
    N") and a cue after its content ("..., the official added").
    """
    body_end = strip_span(text, s, e, " \t\n.!?")[1]
    out: list[Draft] = []
    clauses = _clauses(text, s, body_end, extents)
    for n, (cs, ce) in enumerate(clauses):
        found = _clause_drafts(text, cs, ce, extents)
        if not found and n >= 2:
            aside = _after_dash_aside(text, clauses[n - 2], clauses[n - 1], (cs, ce), extents)
            found = [aside] if aside is not None else []
        out.extend(found)
    return out


def _after_dash_aside(
    text: str, subject: Span, aside: Span, clause: Span, extents: Sequence[Span]
) -> Draft | None:
    """ "The justice -- who has been in a scuffle with him -- said she regretted it": a
    clause that opens with its verb, after an aside between dashes, takes the words before the
    aside as its subject."""
    dashes = (text[subject[1] : aside[0]], text[aside[1] : clause[0]])
    if not all(d.strip() in {"—", "–", "--"} for d in dashes):
        return None
    first = word_tokens(text, *clause)[:1]
    if not first or not is_cue(first[0][2]) or not first[0][2][0].islower():
        return None
    c = clause_start(text, *subject)
    src = trim_subject(text, c, subject[1])
    if src[1] <= src[0] or not valid_subject(text, *src, extents):
        return None
    cue = first[0]
    if not _noun_cue_ok(text, src, cue):
        return None
    draft = _after_cue(text, cue, clause[1], extents)
    if draft is None or (draft.kind == "stance" and not _stance_subject(text, src)):
        return None
    draft.source, draft.rule = src, "dash_aside"
    return draft


def _clauses(text: str, s: int, e: int, extents: Sequence[Span]) -> list[Span]:
    if _BREAK_CHAR.search(text, s, e) is None:  # no _CLAUSE_BREAK: one clause
        return [strip_span(text, s, e, " \t\n")] if e > s else []
    out = []
    pos = s
    for m in _CLAUSE_BREAK.finditer(text, s, e):
        if inside(extents, m.start()):
            continue
        before = word_tokens(text, pos, m.start())
        if m.group().strip() == ":" and before and is_cue(before[-1][2]):
            continue  # 'X said: ...' keeps its content
        if len(before) >= 3:
            out.append((pos, m.start()))
            pos = m.end()
    out.append((pos, e))
    return [strip_span(text, a, b, " \t\n") for a, b in out if b > a]


def _clause_drafts(text: str, s: int, e: int, extents: Sequence[Span]) -> list[Draft]:
    quoted_start = inside(extents, s) or _QUOTE_MARK.match(text, s) is not None
    if not quoted_start:
        front = _according(text, s, e)
        if front is not None:
            return [front]
    # Without a reporting verb or "according to" in the clause, only a figure put at a number
    # can be found: every range the readers below take a reporting verb from starts at the
    # clause start, after a comma and punctuation or at a word, never inside a token, and
    # ends at the clause end or before a stripped apostrophe (see may_hold_cue).
    verbs = may_hold_cue(text, s, e) or _ACCORDING.search(text, s, e) is not None
    c = clause_start(text, s, e) if verbs else s
    drafts: list[Draft] = []
    main = None if quoted_start or not verbs else _main_indirect(text, s, e, extents, c)
    if main is not None:
        drafts.append(main)
    if verbs and c > s and not quoted_start:
        intro = _subordinate_intro(text, s, c, extents)
        if intro is not None:
            drafts.append(intro)
    figure = _figure_put(text, s, e, extents)
    if figure is not None:
        drafts.append(figure)
    poll = _in_poll(text, s, e, extents) if not quoted_start else None
    if poll is not None:
        drafts.append(poll)
    drafts.extend(_nominal(text, s, e, extents))
    if verbs and not quoted_start:
        drafts.extend(_passive_by(text, c, e, extents, drafts))
    if not quoted_start and not any(d.rule == "main" for d in drafts):
        light = _light_verb(text, s, e, extents)
        if light is not None:
            drafts.append(light)
    for cue in cue_tokens(text, c, e, extents, documents=True) if verbs else []:
        if any(d.cue is not None and d.cue[0] <= cue[0] < d.cue[1] for d in drafts):
            continue
        if any(d.source is not None and d.source[0] <= cue[0] < d.source[1] for d in drafts):
            continue
        d = _more(text, c, e, cue, drafts, extents)
        if d is not None:
            drafts.append(d)
    if not drafts and not quoted_start and verbs:
        tail = _tail_indirect(text, s, e, extents)
        if tail is not None:
            drafts.append(tail)
    drafts.sort(key=lambda d: (d.cue or d.content)[0])
    _cut_coordinated(text, drafts)
    # an attribution inside the content of another one is part of what that source said
    # ("X said that Y believes ..."): the outer attribution keeps it
    drafts = [
        d
        for d in drafts
        if d.rule not in {"embedded", "relative", "noun_object"}
        or not any(
            o is not d and o.content[0] <= (d.source or d.content)[0] < o.content[1] for o in drafts
        )
    ]
    return [
        d
        for d in drafts
        if d.kind == "stance" or len(text[d.content[0] : d.content[1]].split()) >= 2
    ]


def _positions(text: str, needle: str, s: int, e: int) -> Iterator[int]:
    """The positions ``i`` in ``range(s, e)`` where ``text[i:].startswith(needle)``."""
    i = text.find(needle, s)
    while i != -1 and i < e:
        yield i
        i = text.find(needle, i + 1)


def _according(text: str, s: int, e: int) -> Draft | None:
    """ "According to X, CLAUSE", "CLAUSE, according to X", "As X reported, CLAUSE"."""
    sent = text[s:e]
    if _ACCORDING.search(sent) is None:
        return _as_reported(text, s, e, sent)  # the three "according to" patterns need it
    m = ACCORDING_FRONT.search(sent)
    if m is not None and (m.start() == 0 or sent[: m.start()].split()[0].lower() in INTRO_WORDS):
        src = source_phrase(text, s + m.start(1), s + m.end(1))
        cue = (s + m.start() + m.group().lower().index("according"), s + m.start(1) - 1)
        content = strip_span(text, s + m.end(), e)
        return Draft("indirect", content, source=src, cue=cue, rule="according")
    t = ACCORDING_TAIL.search(sent)
    if t is not None and t.start() > 0:
        comma = "," in sent[max(0, t.start() - 2) : t.start(1)]
        src = source_phrase(text, s + t.start(1), s + t.end(1))
        at = s + t.start() + t.group().lower().index("according")
        content = strip_span(text, s, s + t.start(), " \t\n,;:")
        that = text[content[0] : content[1]].lower().replace("’", "'") in _THAT_IS
        if that or len(text[content[0] : content[1]].split()) >= (3 if comma else 5):
            return Draft(
                "indirect",
                content,
                source=src,
                cue=(at, at + len("according to")),
                rule="according_tail",
            )
    # ", according to X, " in the middle: the content is the rest of the sentence
    mid = re.search(r",\s*according to\s++([^,]+?),\s*", sent, re.IGNORECASE)
    if mid is not None and len(sent[: mid.start()].split()) >= 2:
        src = source_phrase(text, s + mid.start(1), s + mid.end(1))
        at = s + mid.start() + mid.group().lower().index("according")
        first = strip_span(text, s, s + mid.start())
        second = strip_span(text, s + mid.end(), e)
        if len(text[second[0] : second[1]].split()) >= 2:
            return Draft(
                "indirect",
                (first[0], second[1]),
                rule="according_mid",
                pieces=(first, second),
                source=src,
                cue=(at, at + len("according to")),
            )
    return _as_reported(text, s, e, sent)


def _as_reported(text: str, s: int, e: int, sent: str) -> Draft | None:
    """ "As X reported, CLAUSE", "It was reported by X that CLAUSE"."""
    a = _AS_REPORTED.match(sent)
    if a is not None:
        verb = a.group(1) or a.group(4)
        who = (a.start(2), a.end(2)) if a.group(1) else (a.start(3), a.end(3))
        if is_cue(verb) and verb.islower():
            content = strip_span(text, s + a.end(), e)
            vs = s + (a.start(1) if a.group(1) else a.start(4))
            src = strip_span(text, s + who[0], s + who[1])
            if len(text[content[0] : content[1]].split()) >= 3 and valid_subject(text, *src):
                return Draft(
                    "indirect", content, source=src, cue=(vs, vs + len(verb)), rule="as_reported"
                )
    p = _PASSIVE_THAT.search(sent) if "by" in sent and "that" in sent else None
    if p is not None and is_cue(p.group(1)):
        src = strip_span(text, s + p.start(2), s + p.end(2))
        content = strip_span(text, s + p.end(), e)
        cue = (s + p.start(1), s + p.end(1))
        if valid_subject(text, *src) and len(text[content[0] : content[1]].split()) >= 3:
            return Draft("indirect", content, source=src, cue=cue, rule="passive_that")
    return None


def _main_indirect(
    text: str, s: int, e: int, extents: Sequence[Span], c: int | None = None
) -> Draft | None:
    """ "X said (that) CLAUSE" with the subject at the start of the clause (``c``, where
    :func:`clause_start` puts it unless given)."""
    c = clause_start(text, s, e) if c is None else c
    cues = cue_tokens(text, c, e, extents)
    # "A poll released Saturday found that ...", "The researchers found that ...": a verb of
    # finding or showing, for a document's subject or before "that" and a clause
    found = cue_tokens(text, c, e, extents, documents=True)
    doc = next((t for t in found if t[2].lower() in _FINDING), None)
    if (
        doc is not None
        and doc[2].lower() in _FINDING
        and (not cues or doc[0] < cues[0][0])
        and (
            any(w.lower().strip(",.") in DOCUMENT_NOUNS for w in text[c : doc[0]].split())
            or re.match(r"\s+that\s", text[doc[1] : doc[1] + 6])
        )
    ):
        cues = [doc, *cues]
    if cues and _passive(text, cues[0]):
        return None
    found = subject_for(text, c, cues, extents) if cues else None
    # the subject after an introductory phrase of any kind ("Last year, in the wake of ...,
    # X said"), tried at each comma before the first cue
    intro = bool(cues) and text.find(", ", c, cues[0][0]) != -1
    if found is None and intro:
        # the subject after an introductory phrase of any kind: "In an interview, X said ..."
        for comma in _positions(text, ", ", c, cues[0][0] if cues else c):
            if inside(extents, comma):
                continue
            c2 = strip_span(text, comma + 1, e)[0]
            found = subject_for(text, c2, [x for x in cues if x[0] > c2], extents)
            if found is not None:
                c = c2
                break
    if found is None:
        return None
    src, cue_tok = found
    prior = text[max(0, cue_tok[0] - 12) : cue_tok[0]].split()
    if not _noun_cue_ok(text, src, cue_tok) or (prior and prior[-1].lower() in NEGATIONS):
        return None  # "swing states", "did not say"
    draft = _after_cue(text, cue_tok, e, extents)
    if draft is None or (draft.kind == "stance" and not _stance_subject(text, src)):
        return None
    progressive = bool(prior) and (
        prior[-1].lower() in AUXILIARIES or prior[-1].lower().endswith(("’s", "'s", "’re", "'re"))
    )
    if draft.kind == "stance" and cue_tok[2].lower().endswith("ing") and not progressive:
        return None  # "corporate profits declining": a participle, no stance
    draft.source = src
    draft.rule = "main"
    if draft.medium is None:
        draft.medium = find_medium(text, s, c) if c > s else None
    return draft


_PASSIVE_BY = re.compile(r"\b([a-z]+(?:ed|en|wn))\s++by\s++(?=\S)")


def _passive_by(
    text: str, c: int, e: int, extents: Sequence[Span], drafts: Sequence[Draft]
) -> list[Draft]:
    """ "The bill, opposed by House Republicans, failed", "The move was criticized by
    economists": the agent after "by" takes a stance on the noun phrase that opens the clause
    (a stance: no statement of the agent's)."""
    out: list[Draft] = []
    for m in _PASSIVE_BY.finditer(text, c, e):
        if not is_cue(m.group(1)) or inside(extents, m.start()):
            continue
        if any(d.cue is not None and d.cue[0] <= m.start() < d.cue[1] for d in drafts):
            continue
        before = word_tokens(text, c, m.start(1))
        k = len(before)
        while k and before[k - 1][2].lower() in _SKIPPED_ADVERBS | {"first", "widely"}:
            k -= 1
        if k < 2:
            continue
        if before[k - 1][2].lower() in _BE:
            k -= 1  # "The move was criticized by ..."
        elif text[before[k - 1][1] : m.start(1)].lstrip()[:1] != ",":
            continue  # only the aside ", opposed by X," or the passive "was opposed by X"
        content = strip_span(text, c, before[k - 1][1] if k < len(before) else m.start(1))
        if before[k - 1][2].lower() in _BE:
            content = strip_span(text, c, before[k - 1][0])
        agent = source_phrase(text, m.end(), e)
        words = text[agent[0] : agent[1]].split()
        if not words or not 0 < len(text[content[0] : content[1]].split()) <= 10:
            continue
        plain = words[0][:1].isupper() or words[0].lower() in DETERMINERS | QUANTIFIERS
        if not plain and not _stance_subject(text, agent):
            continue
        if len(words) > 10 or not valid_subject(text, *agent, extents):
            continue
        out.append(
            Draft("stance", content, source=agent, cue=(m.start(1), m.end(1)), rule="passive_by")
        )
    return out


_SUBORDINATORS = wordset("while although though when after before since because whereas")


def _subordinate_intro(text: str, s: int, c: int, extents: Sequence[Span]) -> Draft | None:
    """ "While the president has said he opposes it, ...": a reporting verb in the subordinate
    clause that opens the sentence (:func:`clause_start` skipped it), its content up to the
    comma."""
    words = word_tokens(text, s, c)
    if len(words) < 4 or words[0][2].lower() not in _SUBORDINATORS:
        return None
    comma = text.rfind(",", s, c)
    if comma <= words[1][0] or inside(extents, comma):
        return None
    start = words[1][0]
    if text[start : start + 6].lower().startswith(("asked", "told")):
        return None  # "When asked about it, he said": no clause of its own
    draft = _main_indirect(text, start, comma, extents, start)
    if draft is None or draft.kind == "stance":
        return None
    draft.rule = "intro"
    return draft


def _tail_indirect(text: str, s: int, e: int, extents: Sequence[Span]) -> Draft | None:
    """ "CLAUSE, X said." / "CLAUSE, said X, a ..." / "CLAUSE, X said, CLAUSE."."""
    commas = (i for i in _positions(text, ",", s, e) if not text[i + 1].isdigit())
    according = _ACCORDING.search(text, s, e) is not None
    for comma in commas:
        if inside(extents, comma):
            continue
        if not according and not may_hold_cue(text, comma + 1, e):
            continue  # parse_tail needs a reporting verb or "according to" after the comma
        tail = parse_tail(text, comma + 1, e, extents)
        if tail is None or tail.cue is None or tail.source is None:
            continue
        short = len(word_tokens(text, s, comma)) < 3  # only as the first of two pieces
        cue_word = text[tail.cue[0] : tail.cue[1]]
        if cue_word.endswith("ing") or not _noun_cue_ok(text, tail.source, (*tail.cue, cue_word)):
            continue
        if tail.source[0] < tail.cue[0] and _passive(text, (*tail.cue, cue_word)):
            # "Doctors in Glasgow, Dunoon and Paisley would be allowed to ...": a passive after
            # a comma names no speaker of what comes before it
            continue
        if tail.source[0] > tail.cue[0]:
            src_words = text[tail.source[0] : tail.source[1]].split()
            named = src_words[0][:1].isupper() or src_words[0].lower() in PRONOUNS
            if not named and len(src_words) > 4 and not valid_subject(text, *tail.source, extents):
                continue  # "..., saying the positives would outweigh ...": not a source
        after = max(tail.cue[1], tail.source[1])
        medium = tail.medium
        if tail.source[0] < tail.cue[0] and cue_word.lower() in _TELL:
            # "..., a school spokesman told The Wall Street Journal.": the hearer, then adjuncts
            heard = _TAIL_HEARER.match(text, after, e)
            if heard is not None:
                after, medium = heard.end(), strip_span(text, tail.cue[0], heard.end())
        rest = text[after:e]
        if overlaps(extents, tail.cue[1], e):
            continue
        first = strip_span(text, s, comma, " \t\n,;:.”’\"'")
        source = tail.source
        if tail.source[0] > tail.cue[0] and re.match(r"\s*,\s*(?:an?|the)\s", rest):
            source = strip_span(text, tail.source[0], e)  # "said X, a professor at Y."
            rest = ""
        if re.search(r"\bthat\b", rest) or len(rest.split()) > 30:
            continue
        if short and not rest.lstrip().startswith(","):
            continue
        if _adjunct_rest(rest) and not rest.lstrip().startswith(","):
            return Draft("indirect", first, source=source, cue=tail.cue, medium=medium, rule="tail")
        more = re.match(r"(?>\s*(?:,\s*)?(?:on|in|at|last|this|earlier)\s+[^,]+)?\s*+,\s*", rest)
        if more is None:
            continue
        second = strip_span(text, after + more.end(), e)
        words = word_tokens(text, *second)
        ending = not words or words[0][2].endswith("ing") or words[0][2].lower() in _REST_OK
        if short and (ending or words[0][2].lower() in _RELATIVE):
            continue
        if not words:
            return Draft("indirect", first, source=source, cue=tail.cue, medium=medium, rule="tail")
        if words[0][2].endswith("ing") or words[0][2].lower() in _REST_OR_RELATIVE:
            return Draft("indirect", first, source=source, cue=tail.cue, medium=medium, rule="tail")
        if len(words) < 2:
            continue
        return Draft(
            "indirect",
            (first[0], second[1]),
            rule="tail_pieces",
            pieces=(first, second),
            source=source,
            cue=tail.cue,
            medium=medium,
        )
    return None


_POLL = r"(?:poll|polls|survey|surveys|polling)"
_IN_POLL_FRONT = re.compile(
    r"(?:In|in|According\s+to)\s+((?:an?|the|most|recent|new|several)\s+(?:[\w.’'-]+\s+){0,6}?"
    + _POLL
    + r"\b(?:\s+(?:conducted|released|taken|published|by|of|from|for)\b[^,]{0,80})?)\s*,\s*"
)


# "Lind leads Holm by 8 points in a new Post-ABC poll": one poll, named after "in" and a
# determiner or a possessive inside or at the end of a clause ("in the polls", "in national
# polls" are a standing, not a poll's finding)
_IN_POLL_INNER = re.compile(
    r"(?<=\s)in\s++((?:an?|the|this|[A-Z][\w.’'-]*(?:’s|'s))\s+(?:[\w.’'/&-]+\s+){0,6}?"
    r"(?:poll|survey))\b"
)


def _in_poll(text: str, s: int, e: int, extents: Sequence[Span]) -> Draft | None:
    """A figure given by a poll: "In a new Post-ABC poll, Lind leads Holm 47 to 39", "Lind
    leads Holm 47 to 39 in a new Post-ABC poll"."""
    if "poll" not in text[s:e] and "survey" not in text[s:e]:
        return None
    m = _IN_POLL_FRONT.match(text, s, e)
    if m is None:
        return _in_poll_inner(text, s, e, extents)
    content = strip_span(text, m.end(), e)
    src = (m.start(1), m.end(1))
    if len(text[content[0] : content[1]].split()) < 3 or overlaps(extents, *src):
        return None
    cue = strip_span(text, m.start(), m.start(1), " \t\n,")
    return Draft("indirect", content, source=src, cue=cue, rule="poll")


def _in_poll_inner(text: str, s: int, e: int, extents: Sequence[Span]) -> Draft | None:
    """ "CLAUSE in a poll (...)": the clause before the poll is what the poll gives, with what
    follows its adjuncts ("in the survey, taken July 11-14, ...") left out."""
    m = _IN_POLL_INNER.search(text, s, e)
    if m is None or overlaps(extents, m.start(), m.end()):
        return None
    content = strip_span(text, s, m.start())
    words = word_tokens(text, *content)
    if len(words) < 3 or not any(_looks_finite(w[2], None) for w in words[1:]):
        return None  # "poll workers in the survey": no clause before the poll
    cue = (m.start(), m.start() + 2)
    return Draft("indirect", content, source=(m.start(1), m.end(1)), cue=cue, rule="poll")


# "Lind's claim that ...", "her warning that ...": a possessor, a noun of saying or of stance,
# and the clause it holds
_NOMINAL = re.compile(
    r"\b((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.-]*(?:’s|'s)|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+"
    r"(?:[a-z-]+\s+){0,2}?(claims?|decision|views?|plans?|suggestion|proposal|calls?|argument|"
    r"promises?|criticism|support|attacks?|comments?|remarks?|statements?|assertions?|insistence|"
    r"refusal|pledges?|warnings?|accusations?|endorsement|opposition|praise|denial|vows?|"
    r"demands?|belief|position|stance|allegations?|embrace|push|disclosure|defen[cs]e|rejection|"
    r"condemnation|desire)\s+(that|for|to)\s"
)


def _nominal(text: str, s: int, e: int, extents: Sequence[Span]) -> list[Draft]:
    """Statements named by a noun: "Lind's claim that the pier is safe", "her warning that
    ...", and stances: "his support for the plan", "Holm's call to close the pier", "their
    attacks on the mayor" (kind stance: the words are the writer's, not the speaker's)."""
    out = []
    for m in _NOMINAL.finditer(text, s, e):
        if inside(extents, m.start()):
            continue
        end = text.find(",", m.end(), e)
        content = strip_span(text, m.end(), e if end == -1 else end)
        if len(text[content[0] : content[1]].split()) < 2:
            continue
        src = (m.start(1), m.end(1))
        rule = "noun" if m.group(3) == "that" else "noun_object"
        if rule == "noun_object":
            content = _before_verb(text, content)
        out.append(Draft("stance", content, source=src, cue=(m.start(2), m.end(2)), rule=rule))
    return out


# A verb with a noun that together report or take a stance: "X made clear that ...", "X made
# the case for ...", "X took issue with ...", "X took aim at ..."
_LIGHT_VERB = re.compile(
    r"\b(?:(make|makes|made|making)\s+(?:it\s+)?(?:very\s+|abundantly\s+)?clear(?:\s+that)?"
    r"|(?:make|makes|made|making)\s+(?:a|the|his|her|their|its)\s+case\s+(?:for|that|against)"
    r"|(?:take|takes|took|taking)\s+(?:issue\s+with|aim\s+at))\s"
)


def _light_verb(text: str, s: int, e: int, extents: Sequence[Span]) -> Draft | None:
    """ "Obama made clear that ...", "Díaz made a case for reading ...", "Lind took issue with
    the plan": the subject of the clause says (or takes a stance on) what follows."""
    if not any(w in text[s:e] for w in ("clear", "case", "took", "take")):
        return None
    m = _LIGHT_VERB.search(text, s, e)
    if m is None or inside(extents, m.start()):
        return None
    prior = text[max(s, m.start() - 8) : m.start()].split()
    if prior and prior[-1].lower() in NEGATIONS | {"to"}:
        return None  # "did not make clear", "to make clear"
    subject = main_subject(text, clause_start(text, s, e), m.end(), extents)
    if subject is None or subject[1] > m.start():
        return None
    cue = strip_span(text, m.start(), m.end())
    kind = "stance"
    that = re.search(r"\bthat\s", text[cue[0] : min(e, m.end() + 40)])
    if m.group(1) and that is not None:
        # "made clear (over the weekend) that ...": the clause after "that" is said
        kind = "indirect"
        content = strip_span(text, cue[0] + that.end(), e)
        if text[cue[1] - 4 : cue[1]] == "that":
            cue = strip_span(text, cue[0], cue[1] - 4)
    else:
        content = strip_span(text, m.end(), e)
    if len(text[content[0] : content[1]].split()) < 2:
        return None
    return Draft(kind, content, source=subject, cue=cue, rule="light")


def _figure_put(text: str, s: int, e: int, extents: Sequence[Span]) -> Draft | None:
    """ "X put the number of Y at N": the figure attributed to X."""
    if text.find("put", s, e) == -1 and text.find("plac", s, e) == -1:
        return None  # no verb _FIGURE_PUT starts with
    m = _FIGURE_PUT.search(text, s, e)
    if m is None or inside(extents, m.start()):
        return None
    subject = main_subject(text, clause_start(text, s, e), m.end(1), extents)
    if subject is None:
        return None
    content = strip_span(text, m.start(2), m.end(2))
    return Draft("indirect", content, source=subject, cue=(m.start(1), m.end(1)), rule="figure")


def _prev_word(words: list[tuple[int, int, str]], k: int) -> int:
    """The index of the word before ``words[k]``, skipping adverbs ("and also said")."""
    j = k - 1
    while j >= 0 and words[j][2].lower() in _SKIPPED_ADVERBS:
        j -= 1
    return j


def _more(
    text: str,
    c: int,
    e: int,
    cue: tuple[int, int, str],
    drafts: list[Draft],
    extents: Sequence[Span],
) -> Draft | None:
    """An attribution for a reporting verb past the main one of the clause, or None."""
    toks = tokens(text, c, e)
    k = next((i for i, t in enumerate(toks) if t[0] == cue[0]), None)
    if k is None or k == 0:
        return None
    j = k - 1
    # "who has long opposed", "who had previously endorsed": adverbs and auxiliaries of tense
    while j >= 0 and (toks[j][2].lower() in _SKIPPED_ADVERBS or toks[j][2] in _TENSE_WORDS):
        j -= 1
    if j < 0:
        return None
    prev = toks[j][2].lower()
    if prev in _BE or prev in NEGATIONS or prev == "to":
        return None  # passive, infinitive, negated
    word = cue[2].lower()
    comma = prev == "," or (prev in {"”", '"', "’", "'"} and j > 0 and toks[j - 1][2] == ",")
    shared = prev in _COORD or (word.endswith("ing") and comma)  # ', saying', ',” saying'
    if word.endswith("ing") and not shared:
        return _with_participle(text, c, e, toks, k, cue, extents)
    if shared:
        if prev in _COORD and word.endswith("ing"):
            return None
        before = [d for d in drafts if d.source is not None and d.content[0] < cue[0]]
        source = before[-1].source if before else main_subject(text, c, toks[j][0], extents)
        if source is None:
            return None
        end = e
        draft = _after_cue(text, cue, end, extents)
        if draft is None:
            return None
        draft.source = source
        draft.rule = "shared"
        draft.joint = toks[j - 1][0] if j > 0 and toks[j - 1][2] == "," else toks[j][0]
        return draft
    if prev in _RELATIVE and j > 0:
        end = e
        if toks[j - 1][2] == ",":
            # ", who said ..., VP": the relative clause ends at the next comma after 4 words
            for m in re.finditer(",", text[cue[1] : e]):
                if len(text[cue[1] : cue[1] + m.start()].split()) >= 4:
                    end = cue[1] + m.start()
                    break
        draft = _after_cue(text, cue, end, extents)
        if draft is None:
            return None
        comma = text.find(",", *draft.content)
        if draft.kind == "stance" and toks[j - 1][2] == "," and comma != -1:
            draft.content = strip_span(text, draft.content[0], comma)  # ", who backed X, VP"
        draft.source = toks[j][:2]
        draft.rule = "relative"
        draft.antecedent = _antecedent(
            text, c, toks[j - 1][0] if toks[j - 1][2] == "," else toks[j][0]
        )
        return draft
    # a subject right before the verb, after a boundary word or punctuation
    i = j
    while (
        i >= 0
        and toks[i][2].lower() not in _SUBJECT_BOUNDARY
        and toks[i][2].lower() not in _RELATIVE
        and toks[i][2][0].isalnum()
    ):
        i -= 1
    if i == j:
        return None
    relative = i >= 0 and toks[i][2].lower() in _RELATIVE | {"that", "what"}
    if relative and k + 1 < len(toks) and word in SPEECH_WORDS and word not in NOUN_LIKE_CUES:
        # "a rule which officials said will take effect in May", "what analysts said was a
        # sign", "a finish that he said defied expectations": the verb's clause is the
        # relative clause, whose subject is the word before "which"
        nxt = toks[k + 1][2].lower()
        finite = nxt in AUXILIARIES or nxt in COMMON_VERBS or (nxt.endswith("ed") and len(nxt) > 4)
        if finite or (nxt.endswith("s") and nxt not in _BARE_STOP and len(nxt) > 3):
            src = trim_subject(text, toks[i + 1][0], toks[j][1])
            rest = strip_span(text, cue[1], e)
            if src[1] > src[0] and valid_subject(text, *src, extents) and rest[1] > rest[0]:
                pieces = ((toks[i][0], toks[i][1]), rest)
                return Draft(
                    "indirect",
                    (toks[i][0], rest[1]),
                    pieces=pieces,
                    source=src,
                    cue=cue[:2],
                    rule="relative_said",
                )
    start = toks[i + 1][0]
    src = trim_subject(text, start, toks[j][1])
    if src[1] <= src[0] or len(text[src[0] : src[1]].split()) > 8:
        return None
    if not valid_subject(text, *src, extents):
        return None
    head = text[src[0] : src[1]].split(" of ")[0].split()[-1].lower()
    if word in TAIL_ONLY_CUES and head not in DOCUMENT_NOUNS:
        return None  # "the survey found": a document; "the state he calls home shows": no
    if not _noun_cue_ok(text, src, cue):
        return None
    draft = _after_cue(text, cue, e, extents)
    if draft is None or (draft.kind == "stance" and not _stance_subject(text, src)):
        return None
    draft.source = src
    draft.rule = "embedded"
    if i > 0 and toks[i][2].lower() in {"and", "but"} and toks[i - 1][2] in {",", ";"}:
        draft.joint = toks[i - 1][0]  # ", and other leaders said ...": a statement of its own
    return draft


WRITTEN_THINGS = DOCUMENT_NOUNS | wordset("""sign signs statement statements letter letters
    banner banners ad ads advertisement tweet tweets post posts message messages note notes
    email memo headline headlines shirt shirts t-shirts t-shirt hat hats poster posters
    placard placards petition""")


# "A super PAC supporting Rubio", "voters backing Trump": who backs whom
_ALLEGIANCE = wordset("support back oppose endorse favor favour")
_BACKERS = wordset("""pac pacs group groups voters those supporters delegates donors pastor pastors
    people candidates candidate members leaders lawmakers senators democrats republicans
    conservatives liberals activists organizations unions union committee""")


def _before_verb(text: str, span: Span) -> Span:
    """``span`` up to its first finite verb after the first word: the object of a stance in
    the subject of a clause ("his call to close the pier angered them")."""
    words = word_tokens(text, *span)
    for n in range(1, len(words)):
        nxt = words[n + 1][2] if n + 1 < len(words) else None
        if _looks_finite(words[n][2], nxt):
            return strip_span(text, span[0], words[n][0])
    return span


def _with_participle(
    text: str,
    c: int,
    e: int,
    toks: list[tuple[int, int, str]],
    k: int,
    cue: tuple[int, int, str],
    extents: Sequence[Span],
) -> Draft | None:
    """ "..., with 30 percent of voters saying they ...": the noun phrase after "with" is the
    source of the participle."""
    w = next((i for i in range(k - 1, max(-1, k - 9), -1) if toks[i][2].lower() == "with"), None)
    prev = toks[k - 1][2].lower()
    allegiance = CUE_LEMMA.get(cue[2].lower()) in _ALLEGIANCE and prev in _BACKERS
    if w is None and (prev in WRITTEN_THINGS or allegiance):
        # "a sign reading ...", "a new poll showing ...": what is written says it
        w = k - 1
        while (
            w > 0
            and toks[w - 1][2][0].isalnum()
            and toks[w - 1][2].lower() not in _SUBJECT_BOUNDARY
        ):
            w -= 1
            if toks[w][2].lower() in DETERMINERS:
                break
        w -= 1
    if w is None or w + 1 >= k or any(t[2] in {",", ";", ":"} for t in toks[w + 1 : k]):
        return None
    src = strip_span(text, toks[w + 1][0], toks[k - 1][1])
    if not valid_subject(text, *src, extents):
        return None
    draft = _after_cue(text, cue, e, extents)
    if draft is None:
        return None
    if allegiance:
        # "A PAC supporting Rubio spent $10 million": the object ends before the clause's verb
        draft.content = _before_verb(text, draft.content)
    draft.source = src
    draft.rule = "with"
    return draft


def _antecedent(text: str, c: int, end: int) -> Span | None:
    """The noun phrase a relative pronoun refers to: the capitalised name (or last words)
    right before ``end``."""
    words = word_tokens(text, c, end)
    k = len(words)
    while k > 0 and (words[k - 1][2][0].isupper() or words[k - 1][2].lower() in {"of", "the"}):
        k -= 1
    if k < len(words):
        return strip_span(text, words[k][0], words[-1][1])
    return None


def _determiner_that(words: list[tuple[int, int, str]], k: int) -> bool:
    """Whether "that" at ``words[k]`` is a determiner ("that figure and ..."), not "that" + clause:
    a lowercase noun follows and then the end, a coordinator or another reporting verb."""
    if k + 1 >= len(words):
        return True
    noun = words[k + 1][2]
    if not noun[:1].islower() or noun.lower() in _NOT_A_NOUN:
        return False
    if is_cue(noun) or noun.lower() in AUXILIARIES or noun.lower() in ADVERBS:
        return False
    return k + 2 >= len(words) or words[k + 2][2].lower() in _COORD or is_cue(words[k + 2][2])


def _noun_cue_ok(text: str, src: Span, cue: tuple[int, int, str]) -> bool:
    """A cue that is also a common noun ("states", "report", "points") is a verb only after a
    pronoun, a name or a noun of people or documents ("swing states" is not a cue)."""
    if cue[2].lower() not in NOUN_LIKE_CUES:
        return True
    if cue[2].lower() in _FINDING and any(
        w.lower().strip(",.") in DOCUMENT_NOUNS for w in text[src[0] : src[1]].split()
    ):
        return True  # "A video of the episode shows ...": a document shows
    parts = [p for p in text[src[0] : src[1]].split(",") if p.strip().lower() not in ASIDES]
    words = parts[-1].split() if parts else []
    last = (words or text[src[0] : src[1]].split())[-1]  # "Lind, meanwhile,"
    low = last.lower().strip(",")
    nxt = text[cue[1] : cue[1] + 12].split()[:1]
    if last[:1].isupper() and low not in PRONOUNS:
        # "Clinton states that ...", not "Southern states, ...", "the Bastille Day attack in
        # Nice", "God's orders": a name's noun-like cue is a verb unless a possessive, the end
        # of the clause, a preposition or a coordinator comes next
        after_cue = text[cue[1] : cue[1] + 1]
        possessive = last.endswith(("’s", "'s", "s’", "s'"))
        return not (
            possessive or not nxt or after_cue in ",.;:)" or nxt[0].lower() in _NOT_AFTER_NOUN_CUE
        )
    if low in PRONOUNS or low in DOCUMENT_NOUNS or low in PEOPLE_NOUNS:
        return True
    if (low in _SPEAKING_NOUNS or low[:-1] in _SPEAKING_NOUNS) and nxt:
        # "The candidate claims his worth is ...", "Candidates promise they will ...": a noun
        # of people or bodies, then what opens a clause or an object
        return nxt[0].lower().strip(",") in _CLAUSE_OPENERS
    after = text[cue[1] : cue[1] + 6].split()
    words = text[src[0] : src[1]].split()
    return (
        bool(after) and after[0] == "that" and len(words) <= 3 and words[0].lower() in DETERMINERS
    )


_NOT_AFTER_NOUN_CUE = wordset("in on of at by from for with and or but more than is are was were")
_CLAUSE_OPENERS = wordset("that he she they it we i his her their its the a an to")


def _looks_finite(word: str, nxt: str | None) -> bool:
    """Whether a lowercase ``word`` reads as the finite verb after a subject."""
    low = word.lower()
    if not word[:1].islower():
        return False
    if is_cue(low) or low in AUXILIARIES or low in COMMON_VERBS:
        return True
    if low.endswith("ed") and len(low) > 4:
        return True
    if low.endswith("s") and not low.endswith(("ss", "us", "is", "ics")) and nxt is not None:
        n = nxt.lower()
        return (
            n in DETERMINERS
            or n in {"that", "to", "it", "them", "him", "her"}
            or (nxt[:1].isupper() or nxt[:1].isdigit())
        )
    return False


def main_subject(text: str, c: int, limit: int, extents: Sequence[Span]) -> Span | None:
    """The subject of the clause starting at ``c``: the words before its first finite verb."""
    words = word_tokens(text, c, limit)
    for k in range(1, min(len(words), 14)):
        nxt = words[k + 1][2] if k + 1 < len(words) else None
        if _looks_finite(words[k][2], nxt):
            src = trim_subject(text, c, words[k][0])
            if src[1] > src[0] and valid_subject(text, *src, extents):
                return src
            return None
    return None


def _cut_coordinated(text: str, drafts: list[Draft]) -> None:
    """End a content where a later attribution sharing its subject begins ("and says ...")."""
    for d in drafts:
        for later in drafts:
            if later.joint is not None and d.content[0] < later.joint < d.content[1]:
                d.content = strip_span(text, d.content[0], later.joint, " \t\n,;:.")
                if d.pieces:
                    d.pieces = ()


_REST_OK = wordset("""on in at to during after before while when as last this earlier later yesterday today
    citing adding according speaking referring via through from late early shortly""")

# Unions of the word lists above, built once.
_INTRO_OR_BOUNDARY = INTRO_WORDS | _SUBJECT_BOUNDARY
_REST_OR_RELATIVE = _REST_OK | _RELATIVE
_SKIPPED_ADVERBS = ADVERBS - AUXILIARIES
_NOT_A_NOUN = DETERMINERS | PRONOUNS | QUANTIFIERS
_TENSE_WORDS = wordset("has have had will would could can may might should must long")
_BARE_STOP = _CLAUSE_STOP | {"it", "so", "more"}


def _adjunct_rest(rest: str) -> bool:
    """Whether what follows a tail cue is only adjuncts (", Umerov said on Nov. 5 in ...")."""
    words = re.findall(r"[\w’'.-]+|,", rest)
    if not words or words[0] == ",":
        return True
    first = words[0].lower()
    if first in MONTHS_DAYS and len(words) <= 3:
        return True  # ", Israeli officials said Wednesday."
    if first.endswith("ly") and len(words) == 1:
        return True  # "..., he said dryly."
    return first in _REST_OK or (first == "the" and len(words) > 1 and words[1] == "day")


def _subject_it(words: list[str]) -> bool:
    """Whether a bare clause opens with "it" as its subject ("said it would ..."), not as the
    object of the verb ("said it on Monday"): a finite verb follows."""
    if words[0].lower() not in {"it", "this"}:
        return False
    k = 1  # "said it actively investigated": adverbs before the verb
    while k < len(words) - 1 and words[k].lower() in _SKIPPED_ADVERBS | {"actively", "now"}:
        k += 1
    nxt = words[k].lower().strip(",.;:")
    return (
        nxt in AUXILIARIES
        or nxt in COMMON_VERBS
        or is_cue(nxt)
        or (nxt.endswith(("ed", "es")) and len(nxt) > 3)
        or (nxt.endswith("s") and not nxt.endswith(("ss", "us", "is")) and len(nxt) > 3)
    )


def _passive(text: str, cue: tuple[int, int, str]) -> bool:
    """Whether the cue is a passive participle ("it was reported that")."""
    before = text[max(0, cue[0] - 12) : cue[0]].split()
    if cue[2].lower().endswith("ing"):
        return False  # "are decrying": progressive, not passive
    return bool(before) and before[-1].lower() in {"is", "was", "were", "been", "be", "are"}


def _after_cue(
    text: str, cue: tuple[int, int, str], end: int, extents: Sequence[Span]
) -> Draft | None:
    """The reported clause after a reporting verb: after "that", or a bare clause; the object
    of a verb of stance ("X worried that ...", "X endorsed Y": no statement of X's)."""
    if cue[2].lower() not in SPEECH_WORDS:
        return _stance(text, cue, end, extents)
    after = word_tokens(text, cue[1], end)
    for k, w in enumerate(after[:12]):
        if w[2].lower() == "that" and _determiner_that(after, k):
            break  # "disputes that figure and says ...": a determiner, no clause follows
        if w[2].lower() == "that" and (k == 0 or text[after[k - 1][1]] != "'"):
            if any(is_cue(x[2]) and x[2][0].islower() for x in after[:k]):
                break
            content = strip_span(text, w[1], end)
            if len(text[content[0] : content[1]].split()) < 3:
                return None
            medium = find_medium(text, cue[1], w[0]) if k else None
            if medium is None and cue[2].lower() in {"told", "tell", "tells"} and k:
                medium = strip_span(text, cue[0], w[0])
            return Draft("indirect", content, cue=cue[:2], medium=medium)
    if CUE_LEMMA.get(cue[2].lower()) in _TO_INFINITIVE and re.match(
        r"\s+to\s+[a-z]", text[cue[1] : end]
    ):
        return _stance(text, cue, end, extents)  # "Cruz hopes to win", "she promised to stay"
    if not takes_bare_clause(cue[2]):
        return _stance(text, cue, end, extents) if takes_object(cue[2]) else None
    pos = cue[1]
    if cue[2].lower() in {"told", "tell", "tells"}:
        # "Lind told the Valby Post he would stay": the hearer, then a bare clause
        heard = _HEARER.match(text, pos, end)
        if heard is None:
            return None
        rest = strip_span(text, heard.end(), end)
        words = text[rest[0] : rest[1]].split()
        first = re.split("['’]", words[0].lower())[0] if words else ""
        if len(words) < 3 or not (first in PRONOUNS or first in DETERMINERS):
            return None
        if words[1].lower() in _NOT_AFTER_TOLD_SUBJECT:
            return None
        return Draft("indirect", rest, cue=cue[:2], medium=strip_span(text, cue[0], heard.end()))
    while True:
        m = _ADJUNCT.match(text, pos, end)
        if m is None or m.end() == pos:
            break
        pos = m.end()
    content = strip_span(text, pos, end)
    if overlaps(extents, content[0], content[0] + 1) or text[pos : content[0]].strip() == ":":
        return None  # 'X said: "..."' is a direct quote
    words = text[content[0] : content[1]].split()
    figure = (
        len(words) > 1 and words[0].lower() in _FIGURE_QUALIFIERS and _NUMBER_START.match(words[1])
    ) or (
        len(words) > 2 and words[0].lower() in {"more", "less", "fewer"} and words[1] == "than"
    )  # "said about 1,800 of its members ...", "said more than 1 million ...": a figure
    if len(words) < 3 or (words[0].lower() in _BARE_STOP and not figure and not _subject_it(words)):
        return None
    if words[0].lower() in AUXILIARIES:
        return None  # "The bridge, officials said, would reopen": no clause of its own
    return Draft("indirect", content, cue=cue[:2], medium=find_medium(text, cue[1], content[0]))


# Reporting verbs that also take an infinitive of what the subject means to do
_TO_INFINITIVE = wordset("hope expect promise pledge vow threaten agree")
_NOT_IN_STANCE_SUBJECT = wordset("what who whom which that whether don't doesn't didn't")
# Nouns of those who take a stance (people, bodies, titles, pronouns, documents)
_SPEAKING_NOUNS = (PRONOUNS | PEOPLE_NOUNS | TITLE_WORDS | ORG_WORDS | DOCUMENT_NOUNS) | wordset("""group groups committee campaign party parties voters majority minority percent
    democrats republicans conservatives liberals delegates donors senators governors""")
_NOT_A_NAME_START = (
    DETERMINERS
    | ADVERBS
    | wordset("""indeed still yet but and or so however
    despite although though while when if as since after before meanwhile instead""")
)


def _stance_subject(text: str, src: Span) -> bool:
    """Whether ``src`` is a plain subject for a verb of stance (which, unlike "said", needs no
    clause after it): a short noun phrase before any appositive, not a clause or a number."""
    words = text[src[0] : src[1]].split(",")[0].split()
    if not words or len(words) > 10 or not (words[0][0].isalpha()):
        return False
    if src[0] > 0 and text[src[0] - 1] in "'’":
        return False  # "we 've asked": the end of a contraction
    lows = [w.lower().strip(",.;:") for w in words]
    lows = [w[:-2] if w.endswith(("'s", "’s")) else w for w in lows]
    if any(w in _SPEAKING_NOUNS for w in lows):
        return True
    # a name: a capitalised word that is not the sentence's first word or a function word
    return any(
        w[:1].isupper() and (k or lows[0] not in _NOT_A_NAME_START) for k, w in enumerate(words)
    )
    return not any(w.lower().replace("’", "'") in _NOT_IN_STANCE_SUBJECT for w in words)


# Who is told: a name ("the Valby Post", "CBS News"), reporters, supporters or a few words
# after a determiner, then when ("on Monday", "Wednesday").
_HEARER_WORDS = (
    r"\s+(?:(?:the\s+)?(?:(?:host|anchor|moderator|interviewer|reporter|columnist)\s+)?"
    r"[A-Z][\w.’'-]*(?:\s+(?:of\s+)?[A-Z][\w.’'-]*){0,4}|reporters|journalists|"
    r"supporters|voters|lawmakers|colleagues|donors|me|us|him|her|them|"
    r"(?:the|a|an|his|her|their)\s+(?:[a-z][\w-]*\s+){0,2}?(?:crowd|audience|group|"
    r"newspaper|paper|station|network|committee|panel|gathering|reporter|reporters|meeting))"
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"\s+(?:in\s+an\s+interview|last\s+week|this\s+week|earlier))?"
)
_HEARER = re.compile(_HEARER_WORDS + r"(?=\s)")
# The same after a tail cue ("..., he told a Senate panel Wednesday."), before the sentence's
# end or a comma as well as a space.
_TAIL_HEARER = re.compile(_HEARER_WORDS + r"(?=[\s,.;:!?]|$)")
_TELL = wordset("told tells tell")
_ABOUT = re.compile(r"(?:about|of|out\s+(?:against|for|about|on))\s")
_MONEY = re.compile(r"\d|(?:money|funds|more|nearly|about|over|almost|roughly)$", re.I)
_NOT_AFTER_TOLD_SUBJECT = wordset("to that of about for with")


def _stance(
    text: str, cue: tuple[int, int, str], end: int, extents: Sequence[Span]
) -> Draft | None:
    """The object of a verb of stance, to the end of the clause: "X endorsed [Y]", "X called
    for [a recount]", "X declined [to comment]"."""
    content = strip_span(text, cue[1], end)
    words = text[content[0] : content[1]].split()
    lemma = CUE_LEMMA.get(cue[2].lower())
    if lemma in {"decline", "refuse"} and words[:1] != ["to"]:
        return None  # "profits declined": no stance
    if lemma in {"talk", "speak"}:
        # "X talked about Y", "X spoke out against Y": a stance on Y; "X spoke on Monday": none
        about = _ABOUT.match(text, content[0], content[1])
        if about is None:
            return None
        content = strip_span(text, about.end(), content[1])
        words = text[content[0] : content[1]].split()
    if lemma == "raise" and words and (words[0][:1] in "$£€" or _MONEY.match(words[0])):
        return None  # "raised $3 million": money, no stance
    if not words or overlaps(extents, content[0], content[0] + 1):
        return None  # 'X called: "..."' is a quote
    if words[0].lower() in AUXILIARIES:
        return None  # "What they want is a bridge": the verb heads a clause-subject
    return Draft("stance", content, cue=cue[:2], medium=find_medium(text, cue[1], content[0]))
