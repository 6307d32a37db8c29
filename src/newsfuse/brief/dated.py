"""The dated sentences of a set of articles: which sentence speaks of which day or month.

The first step of the timeline (:mod:`newsfuse.brief.timeline`). Each article is read once:
its sentences (:func:`newsfuse.text.split_sentences`) and its time expressions
(:func:`newsfuse.claims.timex.find_times`, resolved against the publication day). A sentence is
dated by the first time expression in it that names a calendar day, a range of days or a month
(``grain`` "day" or "month") and that can stand for when something happened:

- durations, sets, weeks, years and unresolved values are skipped ("for four years", "every
  week", "last week", "in 2009"): too coarse or not a point in time;
- expressions with a bounding modifier are skipped ("until Friday", "by March 4", "since
  Monday", "before Tuesday"): they bound a state, they do not date an event;
- a date after the article's publication day is a plan or a forecast, not an event, and is
  skipped unless the caller keeps them (``future=True``);
- in the day-only setting of timeline summarisation (``day_only=True``) months and ranges are
  skipped, since the standard metrics compare days.

Optionally (``lead`` > 0), the first ``lead`` sentences of an article that have no time
expression of their own are dated by the publication day and the ``pub_days - 1`` days before
it: the news-tls "PM" collector (Gholipour Ghalandari & Ifrim 2020), since a news article's lead
tells what happened that day or the day before. These carry ``explicit=False`` and do not count
as mentions of their date.

An article without a publication date still gets its absolute dates; its month-days without
a year ("Nov. 4", resolved as ``XXXX-11-04``) take the year that puts them nearest to the median
publication day of the other articles (the articles of one story are close in time).

Leading datelines are trimmed ("BRENNICK, Estmark (NPA) — ", "LONDON (Reuters) - "), so the
span ``[start, end)`` of a :class:`DatedSentence` is still a verbatim slice of the clean text.
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from newsfuse.claims.extract import publication_day
from newsfuse.claims.timex import TimeExpression, find_times, month_day_around
from newsfuse.records import Article, Failure
from newsfuse.stories.dates import days_after
from newsfuse.text import numbers, split_sentences

_BOUNDING = frozenset({"until", "by", "since", "before", "after"})
_DATELINE = re.compile(
    r"[A-Z][A-Z'.\-]+(?:[ ,]+[A-Z][\w'.\-]*){0,4},?\s*(?:\([^()\n]{1,40}\)\s*)?[—–-]{1,2}\s+"
)
_WORD = re.compile(r"\w+")
MIN_WORDS = 5  # fewer words than this outside the date: a caption, a timestamp, a heading
MAX_WORDS = 80  # more: a run-on paragraph the splitter could not cut


@dataclass(frozen=True, slots=True)
class DatedSentence:
    """A sentence of article number ``article`` (an index into the input), its span
    ``[start, end)`` of the clean text, and the days it speaks of: ``first``..``last`` (equal for
    one day), ``grain`` "day" or "month". ``explicit`` is False for a lead sentence dated by its
    publication day; ``numbers`` holds the figures of the sentence outside its time
    expressions (what merging checks for a contradiction)."""

    article: int
    start: int
    end: int
    text: str
    first: dt.date
    last: dt.date
    grain: str
    explicit: bool
    numbers: frozenset[str]

    @property
    def key(self) -> str:
        """The date as the timeline writes it: ``YYYY-MM-DD``, ``YYYY-MM`` or ``first/last``."""
        if self.grain == "month":
            return f"{self.first.year:04d}-{self.first.month:02d}"
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()}/{self.last.isoformat()}"


def _yearless(e: TimeExpression, near: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The days of a month-day without a year ("XXXX-11-04", an article with no publication
    date) in the year that puts it nearest to ``near``, within half a year; else None."""
    m = re.fullmatch(r"XXXX-(\d\d)-(\d\d)(?:T.*)?", e.value or "")
    if m is None or near is None:
        return None
    options = month_day_around(int(m[1]), int(m[2]), near.year)
    if not options:
        return None
    first = min(options, key=lambda d: (abs((d - near).days), d))
    if abs((first - near).days) > 183:
        return None
    last = first
    if e.last and (m2 := re.fullmatch(r"XXXX-(\d\d)-(\d\d)", e.last)):
        try:
            last = dt.date(first.year, int(m2[1]), int(m2[2]))
        except ValueError:
            return None
    return (first, last) if last >= first else None


def _event_days(
    e: TimeExpression, day_only: bool, near: dt.date | None = None
) -> tuple[dt.date, dt.date, str] | None:
    """The days an expression dates an event on, and its grain; None when it does not.
    ``near`` gives the year of a month-day whose article has no publication date."""
    if e.type not in ("DATE", "TIME") or e.modifier in _BOUNDING:
        return None
    days = e.days() or _yearless(e, near)
    if days is None:
        return None
    first, last = days
    if e.grain == "day":
        if first == last:
            return first, last, "day"
        if day_only or (last - first).days > 31:
            return None
        return first, last, "day"
    if e.grain == "month" and not day_only:
        if e.value is None or not re.fullmatch(r"\d{4}-\d\d", e.value):
            return None  # "early August" reads as a month too, but a range value is not one
        month_last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return first.replace(day=1), month_last, "month"
    return None


def trim_dateline(text: str, start: int, end: int) -> int:
    """The start of the sentence ``text[start:end]`` after a leading dateline, if any."""
    m = _DATELINE.match(text, start, end)
    if m is None or len(_WORD.findall(text, m.end(), end)) < MIN_WORDS:
        return start
    return m.end()


def _blank_numbers(text: str, start: int, end: int, times: Sequence[TimeExpression]) -> frozenset:
    """The numbers of ``text[start:end]`` with its time expressions blanked out (the "4" of
    "Nov. 4" is a date, not a figure)."""
    chars = list(text[start:end])
    for e in times:
        a, b = max(e.start, start), min(e.end, end)
        if a < b:
            chars[a - start : b - start] = " " * (b - a)
    return frozenset(numbers("".join(chars)))


#: (text, publication day) -> its time expressions, as the claim finders found them
_KNOWN: dict[tuple[str, dt.date | None], list[TimeExpression]] = {}


@contextlib.contextmanager
def times_known(
    readings: Iterable[tuple[str, dt.date | None, list[TimeExpression]]],
) -> Iterator[None]:
    """Within the block, :func:`dated_sentences` takes the time expressions of these texts
    (text, the publication day they were resolved against, what :func:`find_times` gave) as
    given instead of finding them again: a run reads each text's dates once, in the claim
    finders, and the brief's timeline uses what they found."""
    _KNOWN.update({(text, day): times for text, day, times in readings})
    try:
        yield
    finally:
        _KNOWN.clear()


def dated_sentences(
    articles: Sequence[Article],
    *,
    day_only: bool = False,
    future: bool = False,
    lead: int = 0,
    pub_days: int = 1,
    failures: list[Failure] | None = None,
) -> list[DatedSentence]:
    """Every dated sentence of ``articles``, in input order (see the module docstring).
    With ``failures`` (a list), an article whose dates cannot be read is left out and recorded
    there (stage "brief"); without it, the error is raised."""
    known = sorted(d for a in articles if (d := publication_day(a)) is not None)
    near = known[len(known) // 2] if known else None
    out: list[DatedSentence] = []
    for index, article in enumerate(articles):
        try:
            out += _dated_of(index, [article], near, day_only, future, lead, pub_days)
        except Exception as exc:  # one odd report must not cost the timeline
            if failures is None:
                raise
            reason = f"its dates were left out of the timeline: unexpected {type(exc).__name__}"
            failures.append(Failure(article.source, "brief", f"{reason}: {str(exc)[:200]}"))
    return out


def _dated_of(
    first: int,
    articles: Sequence[Article],
    near: dt.date | None,
    day_only: bool,
    future: bool,
    lead: int,
    pub_days: int,
) -> list[DatedSentence]:
    """The dated sentences of ``articles``, numbered from ``first``."""
    out: list[DatedSentence] = []
    for index, article in enumerate(articles, start=first):
        text = article.text
        anchor = publication_day(article)
        found = _KNOWN.get((text, anchor))
        if found is None:
            found = find_times(text, anchor)
        times = [t for t in found if t.type in ("DATE", "TIME")]
        starts = [t.start for t in times]
        for position, (s0, s1) in enumerate(split_sentences(text)):
            lo = bisect.bisect_left(starts, s0)
            hi = bisect.bisect_left(starts, s1)
            inside = [t for t in times[lo:hi] if t.end <= s1]
            start = trim_dateline(text, s0, s1)
            dating = None
            for t in inside:
                if t.start < start:
                    continue
                dating = _event_days(t, day_only, near)
                if dating is not None:
                    if not future and anchor is not None and dating[0] > anchor:
                        dating = None
                    break
            if dating is None and not inside and position < lead and anchor is not None:
                for back in range(pub_days):
                    day = days_after(anchor, -back)
                    if day is None:  # off the calendar (published on 0001-01-01)
                        break
                    dated = _make(index, text, start, s1, (day, day, "day"), False, inside)
                    if dated is not None:
                        out.append(dated)
                continue
            if dating is not None:
                dated = _make(index, text, start, s1, dating, True, inside)
                if dated is not None:
                    out.append(dated)
    return out


def _make(
    index: int,
    text: str,
    start: int,
    end: int,
    dating: tuple[dt.date, dt.date, str],
    explicit: bool,
    times: Sequence[TimeExpression],
) -> DatedSentence | None:
    words = len(_WORD.findall(text, start, end))
    date_words = sum(len(_WORD.findall(text, t.start, t.end)) for t in times)
    if words - date_words < MIN_WORDS or words > MAX_WORDS:
        return None
    first, last, grain = dating
    return DatedSentence(
        article=index,
        start=start,
        end=end,
        text=text[start:end],
        first=first,
        last=last,
        grain=grain,
        explicit=explicit,
        numbers=_blank_numbers(text, start, end, times),
    )


__all__ = [
    "MAX_WORDS",
    "MIN_WORDS",
    "DatedSentence",
    "dated_sentences",
    "times_known",
    "trim_dateline",
]
