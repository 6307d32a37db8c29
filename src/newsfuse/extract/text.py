"""Cleaning of already-scraped plain text: one block per line, menus and junk included.

trafilatura needs the DOM; a scraper's text dump has lost it. This cleaner works from the
structure that survives in the lines themselves, never from known strings:

1. every line gets features: length, stop-word density (jusText's lists for the language of
   the page's prose), sentence punctuation, link/e-mail/time-stamp/date shapes, template-token
   and locale-code shapes, street-address shapes, photo-credit shapes, truncation marks, how
   often it repeats in the page (and, with a :class:`SiteProfile`, across pages of one site);
2. hard junk is marked with a reason (time stamps, template tokens, addresses, captions,
   repeated short lines, UI-vocabulary lines, labels, feed items after a time stamp, link
   lists, truncated teasers);
3. lines before the first run of prose are read for metadata (outlet, title, byline,
   date/time) and dropped;
4. the remaining lines form *blocks* between junk separators; the block with most prose
   (favouring the one that speaks of the title) is the article, which then grows block by
   block while the next block is on its topic (stricter after a time stamp or a run of junk);
   off-topic lines at its edges, a closing headline-and-summary teaser and the second copy of a
   repeated paragraph go; a credit line becomes metadata;
5. the line classifier of :mod:`newsfuse.extract.linemodel` takes the final decision from these
   findings, except for the hard shapes, which stay removed.

Every dropped line is returned as a :class:`~newsfuse.records.Removed` with its reason.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsfuse.extract import textmeta as tm
from newsfuse.extract.blocks import select_zones, trim_teasers, truncated_teasers
from newsfuse.extract.lang import detect_language, stopwords
from newsfuse.extract.lines import (
    BULLET,
    CITY_ZIP,
    EMAIL,
    LETTER_WORD,
    LOCALE,
    PHONE,
    PHOTO_CREDIT,
    PROMO,
    SHORT,
    STREET,
    TEMPLATE,
    URL,
    Line,
    content_words,
    has_quote,
    is_bodylike,
    is_date_line,
    is_read_time,
    is_titlelike,
    line_features,
    line_key,
)
from newsfuse.records import Removed


@dataclass(frozen=True, slots=True)
class TextCleaning:
    """What :func:`clean_text` gives: the kept text and what was dropped, with metadata."""

    text: str  # kept paragraphs separated by "\n\n"
    removed: tuple[Removed, ...]
    title: str | None = None
    author: str | None = None
    published: str | None = None
    outlet: str | None = None
    credit: str | None = None
    language: str | None = None
    headings: tuple[int, ...] = ()  # indexes into text.split("\n\n") of heading lines
    kept_lines: tuple[int, ...] = ()  # input line numbers of the kept paragraphs


@dataclass(slots=True)
class SiteProfile:
    """Lines learned as boilerplate of one site from several of its pages (``fit``).

    A short non-sentence line (a menu, a label, a prompt) counts when it appears in at least
    ``min_docs`` pages. A sentence or a long line must also be in at least ``min_share`` of
    five or more pages: a site-wide disclaimer is learned, a wire paragraph that a few
    outlets copied is not.

    Near-copies count once. Boilerplate is what *different* articles of a site share, so a
    page whose long lines (13 words or more: the article's paragraphs) are at least
    ``copy_share`` inside those of a page learned before (0.8, the share at which the copy
    stage calls one text a near-duplicate of or contained in another) is counted with that
    page, not as one more page of the site: five copies of one article teach nothing about the
    site, and they are linked later by the copy stage, never dropped here. ``docs`` is the
    number of pages learned from, ``counts`` in how many distinct pages (near-copies counted
    once) each line is. And whatever was learned, :func:`clean_text` never lets the profile
    take a page's article body (see ``_profile_verdicts``)."""

    min_docs: int = 3
    min_share: float = 0.8
    copy_share: float = 0.8
    docs: int = 0
    pages: int = 0  # distinct pages learned from (near-copies counted once)
    counts: Counter[str] = field(default_factory=Counter)
    # the distinct pages: every line key of each (near-copies merged into the first one) and
    # the long-line words of its first page; an index of long lines to the pages holding them
    _groups: list[set[str]] = field(default_factory=list, repr=False)
    _mass: list[int] = field(default_factory=list, repr=False)
    _index: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def fit(self, texts: Iterable[str]) -> SiteProfile:
        """Learn from the pages ``texts``. A text too big for the cleaner (see
        :func:`cleaner_refusal`) is read by the linear path, never cleaned with a profile, and
        teaches nothing: it is skipped, in bounded time."""
        for text in texts:
            if cleaner_refusal(text) is not None:
                continue
            self.docs += 1
            keys = {line_key(x) for x in text.splitlines() if x.strip()}
            keys.discard("")
            long = {k: n for k in keys if (n := k.count(" ") + 1) >= _LONG_LINE}
            group = self._copy_of(long)
            if group is None:
                group = len(self._groups)
                self._groups.append(set())
                self._mass.append(sum(long.values()))
                self.pages += 1
            seen = self._groups[group]
            new = keys - seen
            seen |= new
            self.counts.update(new)
            for k in long:
                postings = self._index.setdefault(k, [])
                if group not in postings and len(postings) <= _MAX_POSTINGS:
                    postings.append(group)
        return self

    def for_text(self, text: str) -> SiteProfile:
        """A copy that knows the counts of ``text``'s own lines only: all that cleaning
        ``text`` asks of it, and small enough to send to a worker process with the page (the
        pipeline does; the copy cannot learn more pages)."""
        keys = set() if cleaner_refusal(text) else {line_key(x) for x in text.splitlines() if x.strip()}
        counts = Counter({k: self.counts[k] for k in keys if k in self.counts})
        return dataclasses.replace(self, counts=counts, _groups=[], _mass=[], _index={})

    def _copy_of(self, long: dict[str, int]) -> int | None:
        """The distinct page learned before that a page with these long lines (key -> words)
        is a near-copy of, or None. Lines in more than _MAX_POSTINGS distinct pages are site
        chrome, not evidence of a copy, and are not looked up (which bounds the work)."""
        mass = sum(long.values())
        if not mass:
            return None
        shared: Counter[int] = Counter()
        for k, words in long.items():
            postings = self._index.get(k, ())
            if len(postings) <= _MAX_POSTINGS:
                for g in postings:
                    shared[g] += words
        best = None
        for g, words in shared.items():
            if words >= self.copy_share * min(mass, self._mass[g]) and (
                best is None or words > shared[best]
            ):
                best = g
        return best

    def is_boilerplate(self, key: str, n_words: int, sentence: bool = False) -> int:
        """How many distinct pages share the line, or 0 when it is not boilerplate. Short
        non-sentence lines (menus, labels, prompts) need ``min_docs`` pages; sentences and long
        lines must also be in ``min_share`` of five or more distinct pages, so a wire story's
        paragraph that three outlets copied is not mistaken for boilerplate."""
        c = self.counts.get(key, 0)
        if not key or c < self.min_docs:
            return 0
        if n_words <= 12 and not sentence:
            return c
        if self.pages >= 5 and c >= self.min_share * self.pages:
            return c
        return 0


_LONG_LINE = 13  # words: a line this long is a paragraph of text, not a menu entry or a label
_MAX_POSTINGS = 32


# Plain text beyond these limits is not a scraped page, and goes to the linear-time path
# (newsfuse.extract.linear) in extract_document: the cleaner is linear in the lines and the
# characters, but it takes about 0.3 ms a line (the longest Timeline17 page, 700,000
# characters in 7,213 lines, takes 2 s), and a single line longer than a long chapter is no
# menu, caption or teaser.
CLEANER_MAX_CHARS = 2_000_000
CLEANER_MAX_LINES = 25_000
CLEANER_MAX_LINE = 100_000


def cleaner_refusal(text: str) -> str | None:
    """Why ``text`` is too big for :func:`clean_text` to take in bounded time, or None."""
    if len(text) > CLEANER_MAX_CHARS:
        return (
            f"the text has {len(text):,} characters, more than the scraped-text cleaner takes "
            f"({CLEANER_MAX_CHARS:,})"
        )
    lines = text.count("\n") + 1
    if lines > CLEANER_MAX_LINES:
        return (
            f"the text has {lines:,} lines, more than the scraped-text cleaner takes "
            f"({CLEANER_MAX_LINES:,})"
        )
    longest = max(map(len, text.split("\n")), default=0)
    if longest > CLEANER_MAX_LINE:
        return (
            f"the text has a line of {longest:,} characters, longer than the scraped-text "
            f"cleaner takes ({CLEANER_MAX_LINE:,})"
        )
    return None


def clean_text(
    text: str,
    *,
    language: str | None = None,
    profile: SiteProfile | None = None,
    title_hint: str | None = None,
    use_model: bool = True,
) -> TextCleaning:
    """Clean a scraped plain-text page. ``language`` (ISO 639-1) is detected when not given;
    ``profile`` adds the site's learned boilerplate; ``title_hint`` is a known title (from a
    feed or JSONL metadata) used to find the title line. ``use_model`` lets the line
    classifier (:mod:`newsfuse.extract.linemodel`) take the final keep/drop decision from
    the rules' findings; without it the rules decide alone."""
    lines, meta, credit, language = _analyse(text, language, profile, title_hint)
    if not lines:
        return TextCleaning("", (), language=language)
    if use_model:
        from newsfuse.extract.linemodel import rescore

        rescore(lines)

    kept = [x for x in lines if x.junk is None and x.role not in ("title", "meta")]
    removed = tuple(
        Removed(x.text, x.junk or "", x.idx) for x in lines if x.junk is not None
    )
    headings = tuple(i for i, x in enumerate(kept) if x.role == "heading")
    if credit is None:
        credit = _dateline_credit(kept)
    return TextCleaning(
        text="\n\n".join(x.text for x in kept),
        removed=removed,
        title=meta.get("title"),
        author=meta.get("author"),
        published=meta.get("published"),
        outlet=meta.get("outlet"),
        credit=credit,
        language=language,
        headings=headings,
        kept_lines=tuple(x.idx for x in kept),
    )


def _analyse(
    text: str, language: str | None, profile: SiteProfile | None, title_hint: str | None
) -> tuple[list[Line], dict[str, str], str | None, str | None]:
    """Run the rules over the lines of ``text``: (lines with their findings, metadata, credit,
    language)."""
    raw_lines = text.splitlines()
    if language is None:
        language = _body_language(raw_lines)
    stops = stopwords(language)
    lines = [line_features(i, s.strip(), stops) for i, s in enumerate(raw_lines) if s.strip()]
    if not lines:
        return lines, {}, None, language
    _mark_hard_junk(lines, profile)
    meta = _header(lines, title_hint)
    truncated_teasers(lines)
    _mark_lists(lines)
    _short_labels(lines)
    select_zones(lines, meta)
    trim_teasers(lines)
    credit = _credits(lines)
    _dedupe(lines)
    return lines, meta, credit, language


def _body_language(raw_lines: list[str]) -> str | None:
    """The language of the page's prose: identified on its longest lines, so that a menu or a
    cookie notice in another language does not decide it."""
    long = sorted((s.strip() for s in raw_lines), key=len, reverse=True)[:30]
    sample = "\n".join(x for x in long if len(x.split()) >= 8) or "\n".join(long)
    return detect_language(sample)


# --- features ---------------------------------------------------------------------------


def _profile_verdicts(lines: list[Line], profile: SiteProfile | None) -> dict[int, int]:
    """The lines (index -> pages sharing it) that the site profile may remove from this page.

    A learned profile never takes the article body: boilerplate surrounds an article, it does
    not interrupt it, so a prose line the profile knows is kept when prose the profile does not
    know stands above and below it; and when what the profile knows is half the page's prose
    or more, the page is a copy of pages the profile learned from (its text is what they
    share), and none of the profile's verdicts apply to it."""
    if profile is None:
        return {}
    learned = {
        i: c
        for i, x in enumerate(lines)
        if (c := profile.is_boilerplate(x.key, x.n, x.ends and x.stop >= 0.25))
    }
    if not learned:
        return learned
    prose = [i for i, x in enumerate(lines) if is_bodylike(x)]
    taken = sum(lines[i].n for i in prose if i in learned)
    if taken and 2 * taken >= sum(lines[i].n for i in prose):
        return {}
    own = [i for i in prose if i not in learned]
    if own:
        first, last = own[0], own[-1]
        for i in prose:
            if first < i < last:
                learned.pop(i, None)
    return learned


def _mark_hard_junk(lines: list[Line], profile: SiteProfile | None) -> None:
    key_counts = Counter(x.key for x in lines)
    learned = _profile_verdicts(lines, profile)
    for i, x in enumerate(lines):
        t = x.text
        if not x.key:
            x.junk = "no words (symbols or decoration only)"
        elif tm.TIMESTAMP_LINE.match(t) or tm.RELATIVE_STAMP.match(t):
            x.junk = "time stamp (list or feed item)"
        elif is_date_line(x):
            x.junk = "date line (list or feed item)"
        elif TEMPLATE.match(t) and not URL.fullmatch(t):
            x.junk = "template token (unrendered placeholder)"
        elif LOCALE.match(t):
            x.junk = "language switcher (locale codes)"
        elif STREET.match(t) or CITY_ZIP.match(t):
            x.junk = "postal address (theme or footer placeholder)"
        elif (x.n <= 6 and URL.search(t)) or (x.n <= 12 and EMAIL.search(t)):
            x.junk = "link or e-mail address"
        elif PROMO.match(t) and x.n <= 20:
            x.junk = "inline promotion or related link (labelled)"
        elif PHONE.match(t) and sum(c.isdigit() for c in t) >= 7:
            x.junk = "phone number"
        elif PHOTO_CREDIT.search(t) and not has_quote(t):
            x.junk = "image caption or credit"
        elif c := learned.get(i, 0):
            x.junk = f"site boilerplate (same line in {c} pages of this site)"
        elif (
            key_counts[x.key] >= 3 or (key_counts[x.key] == 2 and x.ui >= 0.3)
        ) and x.n <= SHORT and not is_bodylike(x):
            x.junk = f"repeated short line ({key_counts[x.key]}x in the page)"
        elif x.n <= SHORT and x.ui >= 0.5 and not (x.ends and x.stop >= 0.3 and x.n >= 5):
            x.junk = "site navigation or call to action"
        elif x.n <= 3 and t.rstrip().endswith(":"):
            x.junk = "label line (tags, related links)"
        elif x.n <= 6 and re.search(r"\b(?:says|said|wrote|writes|replied|commented)\s*:\s*$", t, re.I):
            x.junk = "comment author line"
        elif x.n <= 3 and t.isupper() and not x.ends:
            x.junk = "section label"
        elif is_read_time(x):
            x.junk = "reading-time note"
    # an address block: a short label line right above address lines
    for i, x in enumerate(lines):
        if x.junk and x.junk.startswith("postal address") and i > 0:
            prev = lines[i - 1]
            if prev.junk is None and prev.n <= 3 and not prev.ends:
                prev.junk = "postal address (theme or footer placeholder)"


def _mark_lists(lines: list[Line]) -> None:
    """Feed/list structure: items after time stamps, and runs of short title-like items."""
    n = len(lines)
    stamp = [
        bool(x.junk and x.role != "meta" and x.junk.startswith(("time stamp", "date line")))
        for x in lines
    ]
    # A line right after a time stamp (possibly after a one-word label such as a rubric) is a
    # feed item; follow until the next non-junk body paragraph.
    for i in range(n):
        if not stamp[i]:
            continue
        j = i + 1
        steps = 0
        while j < n and steps < 3:
            y = lines[j]
            if stamp[j]:
                break
            if y.junk is None:
                if is_bodylike(y) or (y.ends and y.n >= 12):
                    # prose under a time stamp (a live-blog entry, a comment, an article's
                    # dateline sentence heavy with names): the blocks decide; headlines are short
                    break
                y.junk = "feed or list item after a time stamp"
                steps += 1
                j += 1
                continue
            j += 1
            steps += 1
    # Runs of bullet items or of >= 3 consecutive short title-like lines with no prose
    # between them: link lists ("more news", "most read", menus).
    i = 0
    while i < n:
        j = i
        while j < n and lines[j].junk is None and not lines[j].role and (
            (BULLET.match(lines[j].text) and lines[j].n <= 12)
            or (is_titlelike(lines[j]) and lines[j].n <= 16 and lines[j].stop < 0.5)
            or lines[j].n <= 2
        ):
            j += 1
        if j - i >= 3 and sum(lines[k].n <= 2 for k in range(i, j)) < j - i:
            for k in range(i, j):
                lines[k].junk = "list of links or headlines"
        i = max(j, i + 1)


def _short_labels(lines: list[Line]) -> None:
    """Short non-sentence lines ("Explore further", "Quick Links", "Your name") that do not
    head a paragraph of prose right below them: widget labels, buttons, link texts."""
    for k, x in enumerate(lines):
        if x.junk is not None or x.role or x.n > 4 or x.ends or tm.parse_credit(x.text):
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if nxt is None or nxt.junk is not None or not (is_bodylike(nxt) or nxt.n > 8):
            x.junk = "short label not followed by prose (widget, button, link)"


# --- header and metadata ----------------------------------------------------------------


def _header(lines: list[Line], title_hint: str | None) -> dict[str, str]:
    """Read outlet, title, byline and date/time from the lines before the first body paragraph
    and drop the rest of that header."""
    meta: dict[str, str] = {}
    first_body = _first_body(lines)
    if first_body is None:
        return meta
    head = lines[:first_body]
    hint_key = line_key(title_hint) if title_hint else None

    # title: the line the container's metadata names, else the best headline-shaped line
    title_i = None
    for i, x in enumerate(head):
        if hint_key and x.key == hint_key:
            title_i = i
    if title_i is None:
        # the headline: near the body, headline-sized, and sharing words with the lead
        lead = {w for y in lines[first_body : first_body + 4] for w in content_words(y, frozenset())}
        best = -math.inf
        for i, x in enumerate(head):
            if x.junk is None and is_titlelike(x) and x.n >= 4 and x.ui < 0.5:
                words = set(content_words(x, frozenset()))
                overlap = len(words & lead) / len(words) if words else 0.0
                score = 6 * overlap - 0.15 * (len(head) - i) + (1.0 if 5 <= x.n <= 25 else 0.0)
                if score > best:
                    best, title_i = score, i
    if title_i is not None:
        x = head[title_i]
        meta["title"] = x.text
        x.role = "title"
        x.junk = "title (kept as metadata)"

    # date and time, author and outlet, from every header line (junk included: a date line is
    # junk in a feed but metadata in a header)
    date_val = None
    time_val = None
    for i, x in enumerate(head):
        t = x.text
        by = tm.parse_byline(t)
        if by and "author" not in meta:
            meta["author"] = by[0]
            if by[1]:
                meta.setdefault("outlet", by[1])
            x.role, x.junk = "meta", "byline (kept as metadata)"
        hits = tm.find_dates(t)
        if hits and date_val is None:
            date_val = hits[0].value
            if not (x.junk or "").startswith("byline"):
                x.junk = "date line (kept as metadata)"
            x.role = "meta"
            tv = tm.find_time(t[hits[0].end :]) or tm.find_time(t[: hits[0].start])
            if tv:
                time_val = tv
            elif i + 1 < len(head) and tm.TIMESTAMP_LINE.match(head[i + 1].text):
                time_val = tm.find_time(head[i + 1].text)
                head[i + 1].role, head[i + 1].junk = "meta", "time line (kept as metadata)"
        if (
            "author" not in meta
            and x.junk is None
            and title_i is not None
            and i > title_i
            and _is_person_name(x)
        ):
            meta["author"] = x.text
            x.role, x.junk = "meta", "byline (kept as metadata)"
    if date_val is not None:
        meta["published"] = tm.iso(date_val, time_val)
    # outlet: a short name line near the top, above the title ("Name", "Name. Section",
    # "Name – tagline"); the site's own boilerplate may hold it
    if title_i is not None and "outlet" not in meta:
        for x in head[: min(title_i, 10)]:
            usable = x.junk is None or x.junk.startswith("site boilerplate")
            if not usable or x.ui >= 0.5 or x.ends or not x.text[:1].isupper() or x.n > 10:
                continue
            name = re.split(r"\.\s+|(?<!\s)\s+[|–—-]\s+", x.text, maxsplit=1)[0].strip()
            if 1 <= len(name.split()) <= 4:
                meta["outlet"] = name
                x.role, x.junk = "meta", "outlet name (kept as metadata)"
            break

    # everything else before the body is page chrome, except a heading or a standfirst that
    # leads straight into the body
    # tails[i]: every line from i on is junk, a short label or prose (computed once: the loop
    # below only changes the line it is at, never one ahead of it)
    tails = [True] * (len(head) + 1)
    for i in range(len(head) - 1, -1, -1):
        y = head[i]
        tails[i] = tails[i + 1] and (
            y.junk is not None or (y.text.endswith(":") and y.n <= 10) or is_bodylike(y)
        )
    for i, x in enumerate(head):
        if x.junk is not None:
            continue
        tail = tails[i]
        if tail and (x.text.endswith(":") and x.n <= 10):
            x.role = "heading"
            continue
        if tail and is_bodylike(x):
            continue
        x.junk = "before the article (navigation, labels, teasers)"
    return meta


def _first_body(lines: list[Line]) -> int | None:
    """The first prose line that opens a dense run of prose: it is long or followed closely
    by more prose, and the body words among it and the next eight usable lines reach a
    quarter of the best such run on the page. A stray teaser sentence in a menu does not start
    the body; a short article still does."""
    usable = [i for i, x in enumerate(lines) if x.junk is None]
    candidates = [k for k, i in enumerate(usable) if is_bodylike(lines[i])]
    if not candidates:
        return None

    def mass(k: int) -> int:
        return sum(lines[i].n for i in usable[k : k + 9] if is_bodylike(lines[i]))

    def opens_run(k: int) -> bool:
        nxt = usable[k + 1 : k + 3]
        return lines[usable[k]].n >= 25 or any(is_bodylike(lines[i]) for i in nxt)

    masses = {k: mass(k) for k in candidates}
    best = max(masses.values())
    return next(
        (usable[k] for k in candidates if masses[k] >= 0.25 * best and opens_run(k)),
        usable[max(candidates, key=lambda k: masses[k])],
    )


def _is_person_name(x: Line) -> bool:
    toks = x.text.replace(",", " ").split()
    if not (2 <= len(toks) <= 4) or x.stop > 0 or any(c.isdigit() for c in x.text):
        return False
    return all(t[0].isupper() and LETTER_WORD.fullmatch(t.replace("-", "").replace("'", "")) for t in toks)


# --- zones ------------------------------------------------------------------------------


def _credits(lines: list[Line]) -> str | None:
    credit = None
    # the last kept line, found once: the loop only marks the line it is at, so the lines
    # after it are as they were
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].junk is None), None)
    for i, x in enumerate(lines):
        if x.junk is not None and not x.junk.startswith(("outside", "feed", "list")):
            continue
        if x.n > 14:
            continue
        who = tm.parse_credit(x.text)
        if who is None and x.junk is None:
            who = tm.trailing_agency(x.text) if i == last else None
        if who:
            credit = credit or who
            x.junk, x.role = "credit line (kept as metadata)", "meta"
    return credit


def _dateline_credit(kept: list[Line]) -> str | None:
    for x in kept[:3]:
        agency = tm.dateline_agency(x.text)
        if agency:
            return agency
    return None


def _dedupe(lines: list[Line]) -> None:
    seen: dict[str, int] = {}
    for x in lines:
        if x.junk is not None or x.n < 5:
            continue
        if x.key in seen:
            x.junk = f"repeated paragraph (same as line {seen[x.key] + 1})"
        else:
            seen[x.key] = x.idx


# --- helpers shared with the HTML path --------------------------------------------------


def drop_junk_paragraphs(
    paragraphs: list[str], *, language: str | None = None, protect: frozenset[int] = frozenset()
) -> tuple[list[int], list[Removed]]:
    """The shape rules alone (no zones, no model) over paragraphs that an HTML extractor
    already chose: drop the short UI lines, time stamps, labels, placeholders and captions it
    let through. Gives the indexes kept and what was removed; ``protect`` are indexes never
    dropped (headings)."""
    stops = stopwords(language)
    lines = [line_features(i, p.strip(), stops) for i, p in enumerate(paragraphs)]
    _mark_hard_junk(lines, None)
    kept: list[int] = []
    removed: list[Removed] = []
    for x in lines:
        if x.junk is None or (x.idx in protect and not x.junk.startswith(("no words", "template"))):
            kept.append(x.idx)
        else:
            removed.append(Removed(x.text, x.junk, None))
    return kept, removed


def dedupe_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[Removed]]:
    """Drop paragraphs repeated inside one page (the second and later copies)."""
    seen: dict[str, int] = {}
    kept: list[str] = []
    removed: list[Removed] = []
    for i, p in enumerate(paragraphs):
        k = line_key(p)
        if k and k in seen and len(k.split()) >= 4:
            removed.append(Removed(p, f"repeated paragraph (same as paragraph {seen[k] + 1})", None))
            continue
        seen.setdefault(k, i)
        kept.append(p)
    return kept, removed


def find_credit(paragraphs: list[str]) -> tuple[str | None, int | None]:
    """The origin an article credits: a credit line near the end ("Credit: X", "Originally
    published by X", "— X"), whose index is returned so it can move to metadata, or an agency
    dateline in the opening paragraphs ("CITY (AGENCY) —", index None: the line stays)."""
    for i in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 4), -1):
        p = paragraphs[i].strip()
        if len(p.split()) > 14:
            continue
        who = tm.parse_credit(p) or (tm.trailing_agency(p) if i == len(paragraphs) - 1 else None)
        if who:
            return who, i
    for p in paragraphs[:3]:
        agency = tm.dateline_agency(p)
        if agency:
            return agency, None
    return None, None
