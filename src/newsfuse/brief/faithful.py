"""The faithfulness check: every sentence of a brief must be traceable to the spans it cites.

A brief is extractive: each sentence repeats the words of one source span (its *verbatim*
citation) and cites the spans of the other independent sources that say the same thing. The
check reads the brief against the clean texts of the articles and reports a
:class:`Problem` for

- a sentence with no citation, or with no verbatim citation;
- a citation of an unknown article, of an unknown field, or with a span outside the text;
- a verbatim citation whose span does not hold the sentence's words (white space and the style
  of quotation marks aside, :func:`holds`);
- a supporting citation whose span does not share the sentence's substance
  (:func:`supports`).

One definition serves the check and the brief builder: :func:`check_citation` says whether one
citation can stand for a sentence, reading the span from the article exactly as it will be
written; :func:`check_sentence` reports what it refuses, and :func:`traced` (what the builder
writes) keeps what it accepts and drops a sentence left without a verbatim citation. So a
problem here means a bug or a brief edited by hand, and ``newsfuse run`` fails loudly on it
(:class:`~newsfuse.errors.UnfaithfulBriefError`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from newsfuse.records import CITATION_FIELDS, Article, Brief, BriefSentence, Citation
from newsfuse.stories.represent import stem

#: a supporting span shares at least this many content words with the sentence ...
SUPPORT_MIN_WORDS = 2
#: ... and they cover at least this share of the content words of the shorter of the two
SUPPORT_MIN_SHARE = 0.2

_WORD = re.compile(r"[^\W_]+(?:[’'.,-][^\W_]+)*")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»‹›"} | {c: "'" for c in "‘’‚‛`´"})
_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as into onto over under about
    after before than then that this these those it its it's is are was were be been being has
    have had do does did will would shall should can could may might must not no nor so such
    he she they we you i him her them us me his hers their our your my who whom whose which what
    when where why how all any each some more most other there here also just only very said
    says say told according""".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class Problem:
    """A brief sentence (or one of its citations) that cannot be traced."""

    story: str
    sentence: str
    reason: str
    citation: Citation | None = None

    def __str__(self) -> str:
        where = (
            f" [{self.citation.source} {self.citation.start}:{self.citation.end}]"
            if self.citation
            else ""
        )
        text = self.sentence if len(self.sentence) <= 80 else self.sentence[:79] + "…"
        return f"story {self.story}: {text!r}{where}: {self.reason}"


def normalise(text: str) -> str:
    """The words of ``text`` as compared by the check: NFKC, one style of quotation marks,
    white space collapsed, surrounding quotation marks and spaces dropped."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split()).strip(" \"'")


def content_words(text: str) -> set[str]:
    """The stemmed content words and the numbers of ``text`` (digits without separators)."""
    out: set[str] = set()
    for m in _WORD.finditer(normalise(text).casefold()):
        w = m.group()
        if w[0].isdigit():
            out.add(w.replace(",", "").rstrip("."))
        elif w not in _STOP and len(w) > 1:
            out.add(stem(w))
    return out


def supports(sentence: str, span: str) -> bool:
    """Whether ``span`` says (part of) what ``sentence`` says: they share at least
    :data:`SUPPORT_MIN_WORDS` content words covering :data:`SUPPORT_MIN_SHARE` of the shorter
    one's, and every number of the sentence that the span's numbers could contradict is there
    (a span giving other figures and none of the sentence's does not support it)."""
    a, b = content_words(sentence), content_words(span)
    if not a or not b:
        return False
    common = a & b
    if len(common) < min(SUPPORT_MIN_WORDS, len(a), len(b)):
        return False
    if len(common) / min(len(a), len(b)) < SUPPORT_MIN_SHARE:
        return False
    numbers_a = {w for w in a if w[0].isdigit()}
    numbers_b = {w for w in b if w[0].isdigit()}
    return not (numbers_a and numbers_b and not numbers_a & numbers_b)


def cited_text(citation: Citation, articles: Mapping[str, Article]) -> str | None:
    """The words a citation points at, or None when the article or field is unknown or the
    span is outside it."""
    article = articles.get(citation.article)
    if article is None or citation.field not in CITATION_FIELDS:
        return None
    whole = article.text if citation.field == "text" else (article.title or "")
    if not 0 <= citation.start < citation.end <= len(whole):
        return None
    return whole[citation.start : citation.end]


def holds(sentence: str, span: str) -> bool:
    """Whether ``span`` holds the words of ``sentence`` (white space and the style of quotation
    marks aside): what a verbatim citation must point at."""
    return normalise(span) == normalise(sentence)


def check_citation(
    sentence: str, citation: Citation, articles: Mapping[str, Article]
) -> str | None:
    """Why ``citation`` cannot stand for ``sentence``, or None when it can: the one definition
    of a good citation, read by the check and by the brief builder before it keeps one. A
    verbatim citation's span must hold the sentence's words (:func:`holds`), a supporting
    one's must support it (:func:`supports`), both read from the article's text (or title)
    at the cited offsets."""
    words = cited_text(citation, articles)
    if words is None:
        if citation.article not in articles:
            return "cites an unknown article"
        if citation.field not in CITATION_FIELDS:
            return f"cites an unknown field {citation.field!r}"
        return "span outside the cited text"
    if citation.verbatim:
        return None if holds(sentence, words) else "the cited span holds other words"
    return None if supports(sentence, words) else "the cited span does not support it"


def check_sentence(
    story: str, sentence: BriefSentence, articles: Mapping[str, Article]
) -> list[Problem]:
    """The problems of one sentence (empty when it is traceable)."""
    problems: list[Problem] = []
    if not sentence.citations:
        return [Problem(story, sentence.text, "no citation")]
    if not any(c.verbatim for c in sentence.citations):
        problems.append(Problem(story, sentence.text, "no citation holds the sentence's words"))
    for c in sentence.citations:
        reason = check_citation(sentence.text, c, articles)
        if reason is not None:
            problems.append(Problem(story, sentence.text, reason, c))
    return problems


def traced(sentence: BriefSentence, articles: Mapping[str, Article]) -> BriefSentence | None:
    """``sentence`` with only the citations that pass :func:`check_citation`, or None when no
    verbatim one is left: what the brief builder writes, so that every sentence it writes
    passes :func:`check_sentence` by the same reading."""
    kept = tuple(
        c for c in sentence.citations if check_citation(sentence.text, c, articles) is None
    )
    if not any(c.verbatim for c in kept):
        return None
    return sentence if len(kept) == len(sentence.citations) else replace(sentence, citations=kept)


def check_brief(brief: Brief, articles: Mapping[str, Article]) -> list[Problem]:
    """Every problem of ``brief`` read against ``articles`` (article id -> Article)."""
    return [p for s in brief.sentences() for p in check_sentence(brief.story, s, articles)]


def traced_share(briefs: Iterable[Brief], articles: Mapping[str, Article]) -> tuple[int, int]:
    """``(traced, total)``: how many sentences of ``briefs`` pass the check, of how many."""
    traced = total = 0
    for brief in briefs:
        for s in brief.sentences():
            total += 1
            traced += not check_sentence(brief.story, s, articles)
    return traced, total


__all__ = [
    "SUPPORT_MIN_SHARE",
    "SUPPORT_MIN_WORDS",
    "Problem",
    "check_brief",
    "check_citation",
    "check_sentence",
    "cited_text",
    "content_words",
    "holds",
    "normalise",
    "supports",
    "traced",
    "traced_share",
]
