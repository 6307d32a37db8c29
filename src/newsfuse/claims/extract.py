"""Reading one article into claims: figures, quotes, reported statements and dated events.

Each finder works on the article's clean text alone and returns spans into it:
:mod:`~newsfuse.claims.entities` (names and their kinds and roles),
:mod:`~newsfuse.claims.quotes` (direct and reported speech with speakers, cues and media),
:mod:`~newsfuse.claims.timex` (time expressions resolved against the publication date) and
:mod:`~newsfuse.claims.quantities` (figures with units and qualifiers). This module runs them
(:func:`read_article`) and, once the entities of every article are linked, turns what they
found into :class:`~newsfuse.records.Claim` records (:func:`claims_of`):

- a direct quote becomes a ``quote`` claim (scare quotes of one or two words do not);
- reported speech becomes a ``statement`` claim with its speaker;
- a figure becomes a ``quantity`` claim, attributed to the speaker of the attribution it sits
  in (the quote, the reported clause, or the sentence of an "according to X");
- a sentence with a resolved date becomes an ``event`` claim dated by it.

A claim's date is the date the sentence around it gives; else the article's publication day
(then ``date_text`` is None, marking a date that was not written but assumed).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from newsfuse.claims.entities import EntityMention, find_mentions
from newsfuse.claims.quantities import Quantity, find_quantities
from newsfuse.claims.quotes import Attribution, find_attributions
from newsfuse.claims.timex import TimeExpression, find_times
from newsfuse.records import Article, Claim, Failure, content_id
from newsfuse.stories.dates import parse_published
from newsfuse.text import FUNCTION_WORDS, name_key, split_sentences

#: figures of these kinds are not claims to compare (an age range, a match score)
_SKIP_KINDS = frozenset({"age", "score"})

EntityOf = Callable[[str, int, int], Any]  # (article id, start, end) -> entity or None
FindEntity = Callable[[str], Any]  # name -> entity or None


@dataclass(slots=True)
class Reading:
    """What the finders read from one article (spans index ``article.text``)."""

    article: Article
    anchor: dt.date | None
    sentences: list[tuple[int, int]]
    mentions: list[EntityMention]
    attributions: list[Attribution]
    times: list[TimeExpression]
    quantities: list[Quantity]
    _starts: list[int] = field(default_factory=list, repr=False)

    def sentence_at(self, pos: int) -> tuple[int, int] | None:
        """The sentence span holding character ``pos``."""
        if not self._starts:
            self._starts = [s for s, _ in self.sentences]
        k = bisect.bisect_right(self._starts, pos) - 1
        if k >= 0 and self.sentences[k][0] <= pos < self.sentences[k][1]:
            return self.sentences[k]
        return None

    def context_of(self, start: int, end: int) -> tuple[int, int] | None:
        """The sentences that hold ``[start, end)`` (a quote may run over several)."""
        first = self.sentence_at(start)
        last = self.sentence_at(max(start, end - 1))
        if first is None or last is None:
            return first or last
        return first[0], max(last[1], end)

    def passage_at(self, pos: int) -> int | None:
        passages = self.article.passages
        if len(passages) <= 1:
            return None
        for k, p in enumerate(passages):
            if p.start <= pos < p.end:
                return k
        return None


def publication_day(article: Article) -> dt.date | None:
    """The calendar day an article was published (the local day its date gives)."""
    return parse_published(article.published)


def read_article(article: Article, anchor: dt.date | None = None) -> Reading:
    """Run every finder over ``article``; ``anchor`` (default: its publication day) resolves
    relative dates ("on Tuesday", "the day before")."""
    anchor = anchor or publication_day(article)
    return Reading(article, anchor, *read_text(article.text, anchor))


def _register() -> None:
    from newsfuse.records import Entity, Mention
    from newsfuse.store.codec import register

    register(EntityMention, Attribution, TimeExpression, Quantity, Entity, Mention)


_register()

Findings = tuple[
    list[tuple[int, int]],
    list[EntityMention],
    list[Attribution],
    list[TimeExpression],
    list[Quantity],
]


def findings_version() -> str:
    """What stored finder results must have been read with (newsfuse's code)."""
    from newsfuse.store.codec import code_version

    return code_version()


def read_text(text: str, anchor: dt.date | None) -> Findings:
    """What every finder reads in ``text`` (the per-document part of :func:`read_article`,
    which a worker process can run on the text alone): sentences, names, attributions, time
    expressions (resolved against ``anchor``) and comparable figures."""
    mentions = find_mentions(text)
    people = [(m.start, m.end) for m in mentions if m.kind == "person"]
    return (
        split_sentences(text),
        mentions,
        find_attributions(text, people=people),
        find_times(text, anchor),
        [q for q in find_quantities(text) if _comparable(q)],
    )


def read_task(source: str, text: str, anchor: dt.date | None) -> Findings | Failure:
    """:func:`read_text` as one guarded per-document task: a finder that raises on this text
    gives the article's Failure (with the reason), never an exception."""
    try:
        return read_text(text, anchor)
    except Exception as exc:  # one odd page must not stop the corpus
        return Failure.of(source, "claims", exc)


#: what the finders read of a text whose whole reading overran its budget (a page of
#: thousands of reader comments after the article): its beginning, where the article is
PREFIX_CHARS = 60_000


def read_prefix_task(
    source: str, text: str, anchor: dt.date | None, overrun: str = ""
) -> Findings | Failure:
    """The fallback of :func:`read_task`: the finders over the first :data:`PREFIX_CHARS`
    characters of the text, cut at a paragraph or sentence end (spans still index the whole
    text)."""
    cut = len(text)
    if cut > PREFIX_CHARS:
        cut = max(text.rfind("\n", 0, PREFIX_CHARS), text.rfind(". ", 0, PREFIX_CHARS) + 1)
        cut = cut if cut > PREFIX_CHARS // 2 else PREFIX_CHARS
    return read_task(source, text[:cut], anchor)


def _comparable(q: Quantity) -> bool:
    return q.kind not in _SKIP_KINDS and q.value is not None


def claim_id(article: str, kind: str, start: int, end: int) -> str:
    return content_id(f"{article}:{kind}:{start}:{end}".encode())


def _date_value(t: TimeExpression) -> str | None:
    """A claim date from a time expression: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or a range
    ``first/last`` of days (a part of day, a week or a season become their days)."""
    days = t.days() if t.type in ("DATE", "TIME") else None
    if days is None:
        return None
    first, last = days
    if first == last:
        return first.isoformat()
    if first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]:
        if first.month == last.month and first.year == last.year:
            return first.isoformat()[:7]
        if (first.month, last.month, first.year) == (1, 12, last.year):
            return str(first.year)
    return f"{first.isoformat()}/{last.isoformat()}"


def _span_days(t: TimeExpression) -> int | None:
    days = t.days() if t.type in ("DATE", "TIME") else None
    return None if days is None else (days[1] - days[0]).days + 1


class _Speakers:
    """Resolve who an attribution names to an entity of the linked index.

    The source as written may hold several names ("Kyrylo Budanov, head of Ukraine's
    Military Intelligence"): the first person named is the speaker, else the one organisation;
    a source naming several organisations or places ("assessments from the U.S., South Korea
    and Ukraine") stays as written. A pronoun or role noun ("he", "the minister") was resolved
    by the quote finder to a name, which is looked up."""

    def __init__(self, reading: Reading, entity_of: EntityOf | None, find: FindEntity | None):
        self.reading = reading
        self.entity_of = entity_of
        self.find = find

    def __call__(self, att: Attribution) -> tuple[str | None, str | None]:
        entity = None
        written = att.source_text or None
        if att.speaker_status in {"resolved", "role", "unresolved"}:
            return self._not_named(att, written)
        if written and written[:1].islower() and self.find is not None and att.speaker:
            # "he", "the minister", "the head of the ministry": the finder resolved it
            entity = self.find(att.speaker)
        if entity is None and self.entity_of is not None and att.source is not None:
            inside = [
                m
                for m in self.reading.mentions
                if att.source[0] <= m.start and m.end <= att.source[1]
            ]
            people = [m for m in inside if m.kind == "person"]
            if people:
                person = _the_speaker(people, att.speaker)
                entity = self.entity_of(self.reading.article.id, person.start, person.end)
            elif len(inside) == 1:
                entity = self.entity_of(self.reading.article.id, inside[0].start, inside[0].end)
            elif len(inside) > 1:
                return written, None
        if entity is None and self.find is not None and att.speaker:
            entity = self.find(att.speaker)
        if entity is None and written and att.source is not None:
            entity = self._named_before(written, att.source[0])
        if entity is not None:
            return entity.name, entity.id
        return (att.speaker or tidy_source(written)), None

    def _not_named(self, att: Attribution, written: str | None) -> tuple[str | None, str | None]:
        """The speaker of a phrase that names nobody itself ("he", "the House speaker", "the
        statement"): the name the quote finder resolved it to, never a name inside the phrase
        ("House", "Republican"); an honest unnamed role as written; an unresolved title phrase
        as written ("the minister"), an unresolved pronoun or non-name ("Republican") as no
        one (``Attribution.unresolved`` says so)."""
        if att.speaker_status == "resolved" and att.speaker:
            entity = self.find(att.speaker) if self.find is not None else None
            return (entity.name, entity.id) if entity is not None else (att.speaker, None)
        if att.speaker_status == "role" and written and att.source is not None:
            entity = self._named_before(written, att.source[0])
            return (entity.name, entity.id) if entity is not None else (tidy_source(written), None)
        if written and written[:1].islower() and len(written.split()) > 1:
            return tidy_source(written), None
        return None, None

    def _named_before(self, written: str, pos: int) -> Any:
        """ "the port authority": the last name before ``pos`` that ends with those words
        ("Haverlund Port Authority")."""
        m = _DEFINITE.match(written)
        if m is None or self.entity_of is None:
            return None
        tail = m.group(1).casefold().split()
        for mention in reversed(self.reading.mentions):
            if mention.start >= pos or mention.kind == "place":
                continue
            words = mention.text.casefold().split()
            if len(words) > len(tail) and words[-len(tail) :] == tail:
                return self.entity_of(self.reading.article.id, mention.start, mention.end)
        return None


def _the_speaker(people: list[EntityMention], speaker: str | None) -> EntityMention:
    """Of the people named in a source phrase, the one the quote finder took for the speaker
    ("Riley spokesman Todd Stacy" is Todd Stacy, not Riley; a surname alone matches its
    full name), else the first one ("Kyrylo Budanov, head of ...")."""
    last = (speaker or "").casefold().split()[-1:]
    for m in people:
        if last and m.text.casefold().split()[-1:] == last:
            return m
    return people[0]


#: where a source phrase as written may have picked up what comes before the source: a
#: dash, a colon, or a comma after up to three words of which none but the first is
#: capitalised ("* April 28 - The Coast Guard", "Up to now, BP"; not a list of names)
_SOURCE_BREAK = re.compile(r"^.*(?:\s[-–—]+\s|:\s)|^\w+(?:\s+[a-z]\w*){0,2},\s")
#: words a source phrase starts with: a determiner or a quantifier of a group
_SOURCE_START = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "some", "many", "most", "several"}
    | {"few", "other", "others", "another", "his", "her", "its", "their", "our", "one", "two"}
)


def tidy_source(written: str | None) -> str | None:
    """A source phrase as written, shown as the speaker when no entity matched, without the
    words a phrase finder took in before the source ("per day the company" is "the company",
    "4:41 PM BP" is "BP", "* April 28 - The Coast Guard" is "The Coast Guard"); None when no
    source is left to show ("even as thousands more barrels", "Mexico: 20"). A phrase that
    starts with a determiner or a capitalised name word is kept as it is."""
    from newsfuse.claims.speech_words import DOCUMENT_NOUNS, PEOPLE_NOUNS

    if not written:
        return None
    text = _SOURCE_BREAK.sub("", written.strip()).strip(" *\t")
    words = text.split()
    for k, w in enumerate(words):
        bare = w.strip(".,;:()[]'\"`’")
        if not bare or any(c.isdigit() for c in bare) or bare in ("AM", "PM", "GMT", "BST"):
            continue
        if bare.casefold() in _SOURCE_START or (
            bare[:1].isupper() and bare.casefold() not in FUNCTION_WORDS
        ):
            rest = " ".join(words[k:])
            return rest if any(c.isalpha() for c in rest) else None
    last = words[-1].casefold().strip(".,") if words else ""
    if last in PEOPLE_NOUNS or last in DOCUMENT_NOUNS:  # "analysts", "local officials"
        return text
    return None


_DEFINITE = re.compile(r"(?i)the\s+((?:[a-z]+\s+){0,2}[a-z]+)$")

#: speaker phrases that never name anyone themselves
_PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "its"}
    | {"their", "this", "that", "these", "those", "who"}
)


#: a source that says nobody said it: "No one has said ...", "Nobody claimed ...", "None of the
#: doctors said ...", "no official confirmed ..." (attribution corpora count these; a claim
#: table has no speaker to give and nothing that was said)
_NOBODY = re.compile(r"(?i)^\W*+(?:no|nobody|none|neither|nothing|no-one)\b")


def nobody(att: Attribution) -> bool:
    """Whether the source of ``att`` is a negation ("No one", "nobody", "none of them")."""
    return bool(att.source_text and _NOBODY.match(att.source_text))


def attribution_of(att: Attribution, name: str | None) -> str | None:
    """How sure the speaker ``name`` given to ``att`` is (``Claim.attribution``): ``named``
    when the speaker phrase as written names it (the last word of the name in the phrase's
    first run of capitalised words: "Speaker Paul Ryan, R-Wis." for Paul Ryan, "a spokesman for
    London-based BP" for BP; or the last words of the name as a definite
    description: "the union" for the Haverlund Dockworkers' Union; never a pronoun);
    ``resolved`` when a pronoun or a role ("he", "the House speaker") was resolved to it; ``inherited`` for the speaker of an earlier
    paragraph; ``unresolved`` when the quote finder says so (an ``unresolved`` flag, a
    ``speaker_status`` of ``unresolved`` or a ``confidence`` below one half; a status of
    ``role`` is at most ``resolved``), when there is no speaker phrase, or when
    the name begins or ends with a function word (a fragment such as "Obama What" is no name).
    None without a speaker."""
    if not name:
        return None
    if getattr(att, "unresolved", False):
        return "unresolved"
    # the quote finder's own word (Attribution.speaker_status): an unresolved speaker stays
    # so, an unnamed role ("officials") is never named
    finder = getattr(att, "speaker_status", None)
    if finder == "unresolved":
        return "unresolved"
    resolved_by_finder = finder == "role"
    confidence = getattr(att, "confidence", None)
    if isinstance(confidence, int | float) and confidence < 0.5:
        return "unresolved"
    written = (att.source_text or "").strip()
    found = re.findall(r"[^\W\d_][\w'’.-]*", name)
    # an acronym is a name ("WHO": the World Health Organization, not the pronoun "who")
    words = [w if len(w) > 1 and w.isupper() else w.casefold() for w in found]
    if not written or not words or words[0] in FUNCTION_WORDS or words[-1] in FUNCTION_WORDS:
        return "unresolved"
    if att.inherited:
        return "inherited"
    if resolved_by_finder:
        return "resolved"
    if written.casefold() in _PRONOUNS:
        return "resolved"
    if not name[:1].isupper():
        return "resolved"  # "chairman of the committee": a role, not a name
    # the first run of capitalised words of the phrase holds the end of the name ("Speaker
    # Paul Ryan, R-Wis." for Paul Ryan; not "Andy Hopwood, vice president for Strategy and
    # Integration" for "Integration")
    run = re.match(r"\W*(?:(?:the|a|an)\s+)?((?:[A-Z][\w'’.-]*\s*)+)", written)
    if run is not None:
        first = {name_key(w) for w in run.group(1).split()}
        if name_key(words[-1]) in first:
            return "named"
    # or the end of the name as a definite description ("the union": "Dockworkers' Union")
    tail = _DEFINITE.match(written)
    if tail is not None:
        ends = [name_key(w) for w in tail.group(1).split()]
        if [name_key(w) for w in words[-len(ends) :]] == ends:
            return "named"
    return "resolved"


def claims_of(
    reading: Reading,
    *,
    entity_of: EntityOf | None = None,
    find_entity: FindEntity | None = None,
    family_of: Callable[[str, int | None], str] | None = None,
) -> list[Claim]:
    """The claims of one read article. ``entity_of`` / ``find_entity`` come from the entity
    index linked over the whole corpus; ``family_of(article_id, passage)`` names the source
    family."""
    art = reading.article
    speakers = _Speakers(reading, entity_of, find_entity)
    out: list[Claim] = []

    def make(kind: str, start: int, end: int, text: str, **extra: Any) -> Claim:
        passage = reading.passage_at(start)
        family = family_of(art.id, passage) if family_of else art.id
        context = reading.context_of(start, end)
        date, date_text = extra.pop("date", None), extra.pop("date_text", None)
        if date is None:
            date, date_text = _date_near(reading, start, end)
        ents = extra.pop("entities", None)
        if ents is None:
            ents = _entities_in(reading, context or (start, end), entity_of)
        return Claim(
            id=claim_id(art.id, kind, start, end),
            kind=kind,
            article=art.id,
            source=art.source,
            start=start,
            end=end,
            text=text,
            context=context,
            passage=passage,
            date=date,
            date_text=date_text,
            entities=ents,
            family=family,
            **extra,
        )

    # quotes and statements
    for att in reading.attributions:
        if att.kind == "stance":
            continue  # "X endorsed Y": a stance towards something, no statement to check
        if nobody(att):
            continue  # "no one ever said the harbour was safe": nobody's claim that it is
        if att.kind == "indirect":
            kind = "statement"
        elif _is_scare_quote(att):
            continue
        else:
            kind = "quote"
        name, ident = speakers(att)
        s, e = att.content
        out.append(
            make(
                kind,
                s,
                e,
                att.content_text,
                speaker=name,
                speaker_id=ident,
                role=att.role,
                cue=att.cue_text,
                medium=att.medium,
                speaker_text=att.source_text if name else None,
                attribution=attribution_of(att, name),
            )
        )
    # figures, attributed to the attribution they sit in
    for q in reading.quantities:
        said = _attribution_of(reading, q.start, q.end)
        name, ident = speakers(said) if said is not None else (None, None)
        how = attribution_of(said, name) if said is not None else None
        if (
            how is not None
            and said is not None
            and not (said.content[0] <= q.start and q.end <= said.content[1])
        ):
            how = "unresolved"  # the figure is beside what the speaker said, not in it
        said_by: dict[str, Any] = {
            "speaker": name,
            "speaker_id": ident,
            "role": said.role if said is not None else None,
            "cue": said.cue_text if said is not None else None,
            "speaker_text": said.source_text if said is not None and name else None,
            "attribution": how,
        }
        out.append(
            make(
                "quantity",
                q.start,
                q.end,
                q.text,
                value=float(q.value),
                unit=q.unit,
                qualifier=q.qualifier,
                **said_by,
            )
        )
        group = _group_count(reading, q)
        if group is not None and q.total is not None:
            # "five units of 3,000 people each": the total, 15,000 people, in other words
            out.append(
                make(
                    "quantity",
                    group.start,
                    q.end,
                    art.text[group.start : q.end],
                    value=float(q.total),
                    unit=q.unit,
                    qualifier=_total_qualifier(group, q),
                    **said_by,
                )
            )
    # dated events: one per sentence, dated by its most precise resolved expression
    for sent in reading.sentences:
        best = _event_time(reading, sent)
        if best is None:
            continue
        s, e = sent
        text = art.text[s:e]
        if len(text.split()) < 5:
            continue
        out.append(
            make(
                "event",
                s,
                e,
                text,
                date=_date_value(best),
                date_text=best.text,
            )
        )
    return out


def _is_scare_quote(att: Attribution) -> bool:
    """A quote of one or two words ("every camp", "small-scale"): wording, not a claim."""
    return att.short or len(att.content_text.split()) < 3


def _group_count(reading: Reading, q: Quantity) -> Quantity | None:
    """The count of groups that a figure of "each" member multiplies ("five units" in "five
    units of 3,000 people each"): the count before it in its sentence whose value times the
    figure's is the total the finder read."""
    if not q.each or q.total is None or not q.value:
        return None
    sent = reading.sentence_at(q.start)
    for p in reversed(reading.quantities):
        if p.end > q.start or (sent is not None and p.start < sent[0]):
            continue
        if p.kind == "count" and p.unit and p.value * q.value == q.total:
            return p
    return None


def _total_qualifier(group: Quantity, each: Quantity) -> str | None:
    """The qualifier of a total of groups times members: a forecast if either figure is one,
    else "about" if either is hedged, else exact."""
    quals = {group.qualifier, each.qualifier}
    for q in ("could_rise_to", "expected"):
        if q in quals:
            return q
    return "about" if quals - {None, "exact"} else "exact"


def _attribution_of(reading: Reading, start: int, end: int) -> Attribution | None:
    """The attribution whose content holds the span, else one in the same sentence with a
    named source."""
    for att in reading.attributions:
        if att.kind != "stance" and att.content[0] <= start and end <= att.content[1]:
            return None if nobody(att) else att
    sent = reading.sentence_at(start)
    if sent is None:
        return None
    for att in reading.attributions:
        if att.kind != "stance" and att.source is not None and sent[0] <= att.source[0] < sent[1]:
            return None if nobody(att) else att
    return None


def _times_in(reading: Reading, span: tuple[int, int]) -> list[TimeExpression]:
    return [t for t in reading.times if span[0] <= t.start and t.end <= span[1]]


def _date_near(reading: Reading, start: int, end: int) -> tuple[str | None, str | None]:
    """The date written in the sentence around ``[start, end)``, else the anchor day."""
    sent = reading.sentence_at(start) or (start, end)
    for t in sorted(_times_in(reading, sent), key=lambda t: abs(t.start - start)):
        width = _span_days(t)
        if width is not None and width <= 31:  # a day, a week, a month: not "in 1971"
            return _date_value(t), t.text
    return (reading.anchor.isoformat() if reading.anchor else None), None


def _event_time(reading: Reading, sent: tuple[int, int]) -> TimeExpression | None:
    found = [
        (w, t) for t in _times_in(reading, sent) if (w := _span_days(t)) is not None and w <= 31
    ]
    if not found:
        return None
    return min(found, key=lambda wt: (wt[0], wt[1].start))[1]


def _entities_in(
    reading: Reading, span: tuple[int, int], entity_of: EntityOf | None
) -> tuple[str, ...]:
    if entity_of is None:
        return ()
    ids: list[str] = []
    for m in reading.mentions:
        if span[0] <= m.start and m.end <= span[1]:
            ent = entity_of(reading.article.id, m.start, m.end)
            if ent is not None and ent.id not in ids:
                ids.append(ent.id)
    return tuple(ids)


def quantity_of(reading: Reading, claim: Claim) -> Quantity | None:
    """The finder's figure behind a quantity claim (for unit comparisons); for a total of
    groups times members, the members' figure with the total as its value."""
    for q in reading.quantities:
        if q.start == claim.start and q.end == claim.end:
            return q
    for q in reading.quantities:
        if q.end == claim.end and q.total is not None and claim.value == q.total:
            return replace(q, start=claim.start, value=q.total, each=False, total=None)
    return None


def anchors_for(articles: Sequence[Article], story_days: dict[str, dt.date]) -> dict[str, dt.date]:
    """Each article's anchor: its publication day, else the first day of its story."""
    out: dict[str, dt.date] = {}
    for a in articles:
        day = publication_day(a) or story_days.get(a.id)
        if day is not None:
            out[a.id] = day
    return out


__all__ = [
    "Reading",
    "anchors_for",
    "claim_id",
    "claims_of",
    "publication_day",
    "quantity_of",
    "read_article",
]
