"""Cleaning of already-scraped plain text: one block per line, menus and junk included.

trafilatura needs the DOM; a scraper's text dump has lost it. This cleaner works from the
structure that survives in the lines themselves, never from known strings:

1. every line gets features: length, stop-word density (jusText's lists for the page's
   language), sentence punctuation, link/e-mail/time-stamp/date shapes, template-token and
   locale-code shapes, street-address shapes, photo-credit shapes, truncation marks, how often
   it repeats in the page (and, with a :class:`SiteProfile`, across pages of the same site);
2. hard junk is marked with a reason (time stamps, template tokens, addresses, captions,
   repeated short lines, UI-vocabulary lines, label lines, feed items after a time stamp);
3. the remaining lines form *zones* between junk separators; the zone with most body text is
   the article, other zones stay only if they hold body-like text on the article's topic and
   do not follow a time stamp (feeds, comments);
4. lines before the body are read for metadata (outlet, title, byline, date/time) and dropped;
   trailing teasers (a headline and a short dek at the end of a zone) are dropped; a paragraph
   repeated in the page is kept once; credit lines become metadata.

Every dropped line is returned as a :class:`~newsfuse.records.Removed` with its reason.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsfuse.extract import textmeta as tm
from newsfuse.extract.lang import detect_language, stopwords
from newsfuse.records import Removed

_WORD = re.compile(r"\w+", re.UNICODE)
_LETTER_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|info|io|co|uk|de|fr|ru|ua)(?:/\S*)?\b", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
# identifier-like tokens with no spaces: "client/title.list_title", "{{ headline }}", "%(name)s"
_TEMPLATE = re.compile(
    r"^(?:[A-Za-z_][\w-]*(?:[./:][A-Za-z_][\w-]*)+|\{\{.*\}\}|\{%.*%\}|%\(?\w+\)?s|\$\{\w+\}|\[object \w+\]|undefined|null|NaN)$"
)
# locale switchers: "en_USEnglish", "de_DE Deutsch", "fr-FR"
_LOCALE = re.compile(r"^(?:[a-z]{2}[_-][A-Z]{2}\s*[^\W\d_]*\s*){1,6}$")
_STREET = re.compile(
    r"^\d{1,6}\s+(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?(?:[A-Z][\w'-]*\.?\s+){0,4}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Way|Ct|Court|Pl|Place|Sq|Square|Pkwy|Parkway|Hwy|Highway|Terrace|Ter)\.?(?:,.*)?$"
)
_CITY_ZIP = re.compile(r"^[A-Z][\w .'-]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?$|^[A-Z][\w .'-]+\s+\d{5}$|^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")
_PHONE = re.compile(r"^(?:tel|phone|fax)?[:.\s]*\+?[\d\s().-]{7,20}$", re.I)
# image credits: "(Jane Roe / Example Agency)", "Photo: X", "(Photo by X/Getty Images)", "© X"
_PHOTO_CREDIT = re.compile(
    r"\((?:[^()]{2,80}?\s/\s[^()]{2,60}|(?:photo|image|picture|foto|credit)[^()]{0,80})\)\s*\.?\s*$"
    r"|^(?:photo|image|picture|foto|illustration)s?\s*(?:credit\s*)?(?:by|:)\s"
    r"|©|\b(?:photo|image)\s*(?:by|:)\s*[A-Z][^.]{0,60}$",
    re.I,
)
# "Sponsored: ...", "Read more: ...", "Related: ...": a UI label, a colon, a link text
_PROMO = re.compile(
    r"^(?:sponsored|advertisement|promoted|read (?:more|also)|see also|related|also read|"
    r"watch|listen|more|recommended|partner content)\s*:\s+\S",
    re.I,
)
_BULLET = re.compile(r"^(?:[•·▪►▸◦‣∙*]|-\s|–\s|—\s|\d{1,2}[.)]\s)")
_ELLIPSIS_END = re.compile(r"[^\W\d_](?:…|\.\.\.)\s*$")
_SENTENCE_END = re.compile(r"""[.!?…。！？]["'”’»)\]」』]*\s*$|[.!?]\s*["'”’»]\s*$""")
# scripts written without spaces between words: Chinese and Japanese
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_QUOTE_CHARS = "\"'“”‘’«»„"

# Vocabulary of site chrome (calls to action, navigation). Used only together with shape
# (short lines) so a body sentence that mentions "news" or "share" is never dropped for it.
_UI_WORDS = frozenset(
    ["subscribe", "subscribed", "subscription", "subscriptions", "unsubscribe", "newsletter", "newsletters", "signup", "sign", "login", "logout", "log", "register", "registration", "account", "password", "email", "e-mail", "inbox", "required", "indicates", "successfully", "successfuly", "confirmation", "confirm", "cookie", "cookies", "consent", "accept", "reject", "preferences", "privacy", "policy", "terms", "conditions", "copyright", "reserved", "rights", "advertisement", "advert", "advertising", "ad", "ads", "sponsored", "promoted", "share", "shares", "shared", "tweet", "facebook", "twitter", "whatsapp", "telegram", "linkedin", "pinterest", "reddit", "instagram", "youtube", "print", "comment", "comments", "reply", "replies", "menu", "search", "skip", "navigation", "toggle", "close", "open", "home", "homepage", "back", "top", "next", "previous", "prev", "continue", "reading", "read", "more", "related", "tags", "tag", "topics", "topic", "categories", "category", "follow", "download", "app", "apps", "listen", "audio", "ai", "assistance", "generated", "podcast", "video", "videos", "watch", "play", "loading", "load", "click", "tap", "here", "feed", "editors", "picks", "trending", "popular", "latest", "viewed", "most", "jump", "contact", "about", "careers", "advertise", "donate", "support", "membership", "premium", "paywall", "free", "trial", "social", "section", "sections", "page", "pages", "edit", "post", "posts", "author", "authors", "archive", "archives", "rss", "sitemap", "content", "language", "languages", "english"]
)
_SHORT = 8  # words: at or below this a line is "short"
# How similar (idf-weighted cosine) a block must be to the article kept so far to join it:
# under a time stamp, after a run of junk, right next to the article, or further away.
_NEED_STAMP, _NEED_FAR, _NEED_CHAINED, _NEED_APART = 0.2, 0.2, 0.06, 0.12


@dataclass(slots=True)
class _Line:
    idx: int
    text: str
    key: str
    words: list[str]
    n: int
    stop: float
    ends: bool
    ui: float
    junk: str | None = None
    role: str = ""  # "body", "short", "title", "meta", "heading"
    zone_sim: float = 0.0  # similarity of the line's block to the article (1 in the main block)
    in_main: bool = False


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


def line_key(text: str) -> str:
    """The comparison key of a line: case-folded letters and digits, single-spaced."""
    t = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(t))


@dataclass(slots=True)
class SiteProfile:
    """Lines learned as boilerplate of one site from several of its pages (``fit``).

    A short non-sentence line (a menu, a label, a prompt) counts when it appears in at least
    ``min_docs`` pages. A sentence or a long line must also be in at least ``min_share`` of
    five or more pages: a site-wide disclaimer is learned, a wire paragraph that a few
    outlets copied is not."""

    min_docs: int = 3
    min_share: float = 0.8
    docs: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def fit(self, texts: Iterable[str]) -> SiteProfile:
        for text in texts:
            self.docs += 1
            self.counts.update({line_key(x) for x in text.splitlines() if x.strip()})
        return self

    def is_boilerplate(self, key: str, n_words: int, sentence: bool = False) -> int:
        """How many pages share the line, or 0 when it is not boilerplate. Short non-sentence
        lines (menus, labels, prompts) need ``min_docs`` pages; sentences and long lines must
        also be in ``min_share`` of five or more pages, so a wire story's paragraph that three
        outlets copied is not mistaken for boilerplate."""
        c = self.counts.get(key, 0)
        if not key or c < self.min_docs:
            return 0
        if n_words <= 12 and not sentence:
            return c
        if self.docs >= 5 and c >= self.min_share * self.docs:
            return c
        return 0


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
) -> tuple[list[_Line], dict[str, str], str | None, str | None]:
    """Run the rules over the lines of ``text``: (lines with their findings, metadata, credit,
    language)."""
    raw_lines = text.splitlines()
    if language is None:
        language = _body_language(raw_lines)
    stops = stopwords(language)
    lines = [_features(i, s.strip(), stops) for i, s in enumerate(raw_lines) if s.strip()]
    if not lines:
        return lines, {}, None, language
    _mark_hard_junk(lines, profile)
    meta = _header(lines, title_hint)
    _truncated_teasers(lines)
    _mark_lists(lines)
    _short_labels(lines)
    _select_zones(lines, meta)
    _trim_teasers(lines)
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


def _features(idx: int, text: str, stops: frozenset[str]) -> _Line:
    words = [w.casefold() for w in _WORD.findall(text)]
    n = len(words)
    stop = sum(w in stops for w in words) / n if n else 0.0
    cjk = _CJK.findall(text)
    if len(cjk) > 0.3 * len(text):
        # no spaces between words: count two characters as a word, compare character
        # bigrams, and take the stop-word test as passed (no stop list for these scripts)
        chars = "".join(cjk)
        words = [chars[i : i + 2] for i in range(0, max(len(chars) - 1, 1))]
        n = max(n, len(cjk) // 2)
        stop = max(stop, 0.3)
    ui = sum(w in _UI_WORDS for w in words) / n if n else 0.0
    return _Line(idx, text, line_key(text), words, n, stop, bool(_SENTENCE_END.search(text)), ui)


def _is_bodylike(x: _Line) -> bool:
    """A paragraph that reads like running prose."""
    if x.n >= 25 and x.stop >= 0.25:
        return True
    return x.n >= 8 and x.ends and x.stop >= 0.25


def _is_titlelike(x: _Line) -> bool:
    """A headline shape: 3-30 words, capitalised, not ending like a sentence."""
    if not (3 <= x.n <= 30) or x.ends or x.text.endswith((":", ",", ";")):
        return False
    first = x.text.lstrip(_QUOTE_CHARS + "'‘ ")[:1]
    return first.isupper() or first.isdigit()


# --- hard junk --------------------------------------------------------------------------


def _mark_hard_junk(lines: list[_Line], profile: SiteProfile | None) -> None:
    key_counts = Counter(x.key for x in lines)
    for x in lines:
        t = x.text
        if not x.key:
            x.junk = "no words (symbols or decoration only)"
        elif tm.TIMESTAMP_LINE.match(t) or tm.RELATIVE_STAMP.match(t):
            x.junk = "time stamp (list or feed item)"
        elif _is_date_line(x):
            x.junk = "date line (list or feed item)"
        elif _TEMPLATE.match(t) and not _URL.fullmatch(t):
            x.junk = "template token (unrendered placeholder)"
        elif _LOCALE.match(t):
            x.junk = "language switcher (locale codes)"
        elif _STREET.match(t) or _CITY_ZIP.match(t):
            x.junk = "postal address (theme or footer placeholder)"
        elif (x.n <= 6 and _URL.search(t)) or (x.n <= 12 and _EMAIL.search(t)):
            x.junk = "link or e-mail address"
        elif _PROMO.match(t) and x.n <= 20:
            x.junk = "inline promotion or related link (labelled)"
        elif _PHONE.match(t) and sum(c.isdigit() for c in t) >= 7:
            x.junk = "phone number"
        elif _PHOTO_CREDIT.search(t) and not _has_quote(t):
            x.junk = "image caption or credit"
        elif profile is not None and (c := profile.is_boilerplate(x.key, x.n, x.ends and x.stop >= 0.25)):
            x.junk = f"site boilerplate (same line in {c} pages of this site)"
        elif (
            key_counts[x.key] >= 3 or (key_counts[x.key] == 2 and x.ui >= 0.3)
        ) and x.n <= _SHORT and not _is_bodylike(x):
            x.junk = f"repeated short line ({key_counts[x.key]}x in the page)"
        elif x.n <= _SHORT and x.ui >= 0.5 and not (x.ends and x.stop >= 0.3 and x.n >= 5):
            x.junk = "site navigation or call to action"
        elif x.n <= 3 and t.rstrip().endswith(":"):
            x.junk = "label line (tags, related links)"
        elif x.n <= 6 and re.search(r"\b(?:says|said|wrote|writes|replied|commented)\s*:\s*$", t, re.I):
            x.junk = "comment author line"
        elif x.n <= 3 and t.isupper() and not x.ends:
            x.junk = "section label"
        elif _READ_TIME_ONLY(x):
            x.junk = "reading-time note"
    # an address block: a short label line right above address lines
    for i, x in enumerate(lines):
        if x.junk and x.junk.startswith("postal address") and i > 0:
            prev = lines[i - 1]
            if prev.junk is None and prev.n <= 3 and not prev.ends:
                prev.junk = "postal address (theme or footer placeholder)"


def _READ_TIME_ONLY(x: _Line) -> bool:
    return x.n <= 5 and bool(tm.READ_TIME.search(x.text))


def _has_quote(t: str) -> bool:
    return any(c in t for c in "“”«»\"")


_STAMP_FILLER = frozenset(
    ["at", "on", "posted", "updated", "published", "last", "modified", "am", "pm", "a", "p", "m", "edt", "est", "cet", "cest", "bst", "gmt", "utc", "pst", "pdt", "cst", "cdt", "ago", "today", "yesterday", "st", "nd", "rd", "th", "h", "hrs", "hour", "hours", "min", "mins", "minute", "minutes", "sec", "seconds", "day", "days", "week", "weeks", "month", "months", "year", "years"]
) | frozenset(tm.MONTHS) | frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "fri", "sat", "sun"]
)


def _is_date_line(x: _Line) -> bool:
    """A line that is only a date and/or time with filler words: "2024, Friday", "6 December",
    "November 19, 2019 at 6:58 am", "Posted 2 days ago at 08:12 am", "13.11.2019, 23:06"."""
    if x.n > 10 or x.n == 0:
        return False
    has_date = bool(tm.find_dates(x.text)) or bool(tm.TIME_RE.search(x.text))
    rest = [w for w in x.words if not w.isdigit() and w not in _STAMP_FILLER]
    if rest:
        return False
    return has_date or (any(w.isdigit() for w in x.words) and any(
        w in _STAMP_FILLER and w not in ("at", "on") for w in x.words
    ))


def _mark_lists(lines: list[_Line]) -> None:
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
                if _is_bodylike(y):
                    break  # prose under a time stamp: a live-blog entry or a comment; zones decide
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
            (_BULLET.match(lines[j].text) and lines[j].n <= 12)
            or (_is_titlelike(lines[j]) and lines[j].n <= 16 and lines[j].stop < 0.5)
            or lines[j].n <= 2
        ):
            j += 1
        if j - i >= 3 and sum(lines[k].n <= 2 for k in range(i, j)) < j - i:
            for k in range(i, j):
                lines[k].junk = "list of links or headlines"
        i = max(j, i + 1)


def _short_labels(lines: list[_Line]) -> None:
    """Short non-sentence lines ("Explore further", "Quick Links", "Your name") that do not
    head a paragraph of prose: widget labels, buttons, link texts."""
    usable = [x for x in lines if x.junk is None]
    for k, x in enumerate(usable):
        if x.role or x.n > 4 or x.ends or tm.parse_credit(x.text):
            continue
        nxt = usable[k + 1] if k + 1 < len(usable) else None
        if nxt is None or not (_is_bodylike(nxt) or nxt.n > 8):
            x.junk = "short label not followed by prose (widget, button, link)"


# --- header and metadata ----------------------------------------------------------------


def _header(lines: list[_Line], title_hint: str | None) -> dict[str, str]:
    """Read outlet, title, byline and date/time from the lines before the first body paragraph
    and drop the rest of that header."""
    meta: dict[str, str] = {}
    first_body = _first_body(lines)
    if first_body is None:
        return meta
    head = lines[:first_body]
    hint_key = line_key(title_hint) if title_hint else None

    # title: the hinted line, else the longest headline-shaped line of the header, preferring
    # the last such line before the body
    title_i = None
    for i, x in enumerate(head):
        if hint_key and x.key == hint_key:
            title_i = i
    if title_i is None:
        # the headline: near the body, headline-sized, and sharing words with the lead
        lead = {w for y in lines[first_body : first_body + 4] for w in _content_words(y, frozenset())}
        best = -math.inf
        for i, x in enumerate(head):
            if x.junk is None and _is_titlelike(x) and x.n >= 4 and x.ui < 0.5:
                words = set(_content_words(x, frozenset()))
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
            x.role = "meta"
            x.junk = x.junk if x.role == "meta" and x.junk and x.junk.startswith("byline") else "date line (kept as metadata)"
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
            name = re.split(r"\.\s+|\s+[|–—-]\s+", x.text, maxsplit=1)[0].strip()
            if 1 <= len(name.split()) <= 4:
                meta["outlet"] = name
                x.role, x.junk = "meta", "outlet name (kept as metadata)"
            break

    # everything else before the body is page chrome, except a heading or a standfirst that
    # leads straight into the body
    for i, x in enumerate(head):
        if x.junk is not None:
            continue
        tail = all(
            y.junk is not None or (y.text.endswith(":") and y.n <= 10) or _is_bodylike(y)
            for y in head[i:]
        )
        if tail and (x.text.endswith(":") and x.n <= 10):
            x.role = "heading"
            continue
        if tail and _is_bodylike(x):
            continue
        x.junk = "before the article (navigation, labels, teasers)"
    return meta


def _first_body(lines: list[_Line]) -> int | None:
    """The first prose line that opens a dense run of prose: it is long or followed closely
    by more prose, and the body words among it and the next eight usable lines reach a
    quarter of the best such run on the page. A stray teaser sentence in a menu does not start
    the body; a short article still does."""
    usable = [i for i, x in enumerate(lines) if x.junk is None]
    candidates = [k for k, i in enumerate(usable) if _is_bodylike(lines[i])]
    if not candidates:
        return None

    def mass(k: int) -> int:
        return sum(lines[i].n for i in usable[k : k + 9] if _is_bodylike(lines[i]))

    def opens_run(k: int) -> bool:
        nxt = usable[k + 1 : k + 3]
        return lines[usable[k]].n >= 25 or any(_is_bodylike(lines[i]) for i in nxt)

    masses = {k: mass(k) for k in candidates}
    best = max(masses.values())
    return next(
        (usable[k] for k in candidates if masses[k] >= 0.25 * best and opens_run(k)),
        usable[max(candidates, key=lambda k: masses[k])],
    )


def _is_person_name(x: _Line) -> bool:
    toks = x.text.replace(",", " ").split()
    if not (2 <= len(toks) <= 4) or x.stop > 0 or any(c.isdigit() for c in x.text):
        return False
    return all(t[0].isupper() and _LETTER_WORD.fullmatch(t.replace("-", "").replace("'", "")) for t in toks)


# --- zones ------------------------------------------------------------------------------


def _content_words(x: _Line, stops: set[str] | frozenset[str]) -> Iterable[str]:
    return (w[:7] for w in x.words if len(w) > 2 and w not in stops and not w.isdigit())


def _select_zones(lines: list[_Line], meta: dict[str, str]) -> None:
    """Keep the article's zone and the zones on its topic; drop the others."""
    zones: list[list[_Line]] = []
    cur: list[_Line] = []
    after_stamp: list[bool] = []
    gap_before: list[int] = []  # junk lines between a zone and the one before it
    prev_stamp = False
    gap = 0
    for x in lines:
        if x.junk is None:
            if not cur:
                after_stamp.append(prev_stamp)
                gap_before.append(gap)
            cur.append(x)
            gap = 0
        else:
            if cur:
                zones.append(cur)
                cur = []
            gap += 1
            prev_stamp = x.role != "meta" and x.junk.startswith(("time stamp", "date line", "feed"))
            continue
        prev_stamp = False
    if cur:
        zones.append(cur)
    if not zones:
        return
    title_words = {w[:7] for w in line_key(meta.get("title", "")).split() if len(w) > 2}

    def title_overlap(z: list[_Line]) -> float:
        if not title_words:
            return 0.0
        zw = {w for x in z for w in _content_words(x, frozenset())}
        return len(title_words & zw) / len(title_words)

    # the article: most prose, favouring the zone that speaks of what the title says
    body_words = [sum(x.n for x in z if _is_bodylike(x)) * (1 + 2 * title_overlap(z)) for z in zones]
    main = max(range(len(zones)), key=lambda k: body_words[k])
    if body_words[main] == 0:
        # no prose at all: keep the largest zone as it is (a short notice or a list page)
        main = max(range(len(zones)), key=lambda k: sum(x.n for x in zones[k]))

    sw: frozenset[str] = frozenset()
    vocab = Counter(w for x in zones[main] for w in _content_words(x, sw))
    if "title" in meta:
        vocab.update(w for w in line_key(meta["title"]).split() if len(w) > 2)
    idf_doc = Counter(w for z in zones for x in z for w in set(_content_words(x, sw)))
    for x in zones[main]:
        x.in_main, x.zone_sim = True, 1.0
    _peel_edges(zones[main], vocab, idf_doc)
    # Grow the article outwards from its main zone, one zone at a time, comparing each block
    # with everything kept so far: the entries of a listicle each join the chain, while a
    # block past a run of junk (footer, newsletter box, related stories) must be clearly on
    # the topic, and prose hanging under a time stamp below the article is a comment or feed.
    for order in (range(main + 1, len(zones)), range(main - 1, -1, -1)):
        chained = True
        for k in order:
            z = zones[k]
            gap = gap_before[k] if k > main else gap_before[k + 1]
            if k > main and after_stamp[k] and not after_stamp[main]:
                for x in z:
                    x.junk = "comment or feed entry below the article (follows a time stamp)"
                chained = False
                continue
            prose = [x for x in z if _is_bodylike(x)]
            sim = _similarity(z, vocab, idf_doc)
            for x in z:
                x.zone_sim = sim
            big = sum(x.n for x in prose) >= 80
            if after_stamp[k]:
                need = _NEED_STAMP
            elif gap >= 3 and not big:
                need = _NEED_FAR
            elif chained:
                need = _NEED_CHAINED
            else:
                need = _NEED_APART
            if prose and sim >= need:
                vocab.update(w for x in z for w in _content_words(x, sw))
                continue
            chained = False
            reason = (
                "outside the article (no prose)"
                if not prose
                else f"feed or comment entry (follows a time stamp; similarity {sim:.2f})"
                if after_stamp[k]
                else f"outside the article (off-topic block, similarity {sim:.2f})"
            )
            for x in z:
                x.junk = reason


def _peel_edges(zone: list[_Line], vocab: Counter[str], df: Counter[str]) -> None:
    """Drop lines at the top and bottom of the article's zone that share (almost) nothing
    with the rest of it: teaser lists and comment threads glued to the article."""
    if len(zone) < 4:
        return
    kept = list(zone)

    def off_topic(x: _Line) -> bool:
        rest = vocab.copy()
        rest.subtract(_content_words(x, frozenset()))
        return x.n >= 10 and _similarity([x], +rest, df) < 0.04

    while len(kept) > 3 and off_topic(kept[0]):
        kept.pop(0).junk = "outside the article (off-topic line above it)"
    while len(kept) > 3 and off_topic(kept[-1]):
        kept.pop().junk = "outside the article (off-topic line below it)"


def _similarity(zone: list[_Line], vocab: Counter[str], df: Counter[str]) -> float:
    """Cosine similarity of a zone's content words to the article's, idf-weighted."""
    words = Counter(w for x in zone for w in _content_words(x, frozenset()))
    if not words or not vocab:
        return 0.0
    n_docs = max(df.total(), 1)

    def weight(w: str) -> float:
        return math.log(1 + n_docs / (1 + df.get(w, 0)))

    dot = sum(c * vocab.get(w, 0) * weight(w) ** 2 for w, c in words.items())
    na = math.sqrt(sum((c * weight(w)) ** 2 for w, c in words.items()))
    nb = math.sqrt(sum((c * weight(w)) ** 2 for w, c in vocab.items()))
    return dot / (na * nb) if na and nb else 0.0


# --- teasers, credits, duplicates -------------------------------------------------------


def _truncated_teasers(lines: list[_Line]) -> None:
    """Related-article teasers: a truncated excerpt (ending in an ellipsis glued to a word)
    with the headline above it."""
    for i, x in enumerate(lines):
        if x.junk is None and _ELLIPSIS_END.search(x.text) and not _has_quote(x.text[-3:]):
            x.junk = "related-article teaser (truncated excerpt)"
            if i > 0 and lines[i - 1].junk is None and _is_titlelike(lines[i - 1]):
                lines[i - 1].junk = "related-article teaser (headline)"


def _trim_teasers(lines: list[_Line]) -> None:
    """A headline and a short dek closing the article: a related-article teaser."""
    n = len(lines)
    # zone ends: [headline][dek of <= 2 short paragraphs] followed by junk or the page end
    i = 0
    while i < n:
        if lines[i].junk is None and _is_titlelike(lines[i]) and lines[i].role != "heading":
            j = i + 1
            dek = 0
            while j < n and lines[j].junk is None and dek < 2 and lines[j].n <= 30 and not _is_titlelike(lines[j]):
                dek += 1
                j += 1
            zone_end = j >= n or lines[j].junk is not None
            prev_body = i > 0 and lines[i - 1].junk is None
            if zone_end and prev_body and 1 <= dek <= 2 and _after_body_run(lines, i):
                for k in range(i, j):
                    lines[k].junk = "related-article teaser (headline and summary)"
                i = j
                continue
        i += 1


def _after_body_run(lines: list[_Line], i: int) -> bool:
    """True when what follows position i contains no more body prose (the article is over)."""
    return not any(x.junk is None and _is_bodylike(x) for x in lines[i + 3 :])


def _credits(lines: list[_Line]) -> str | None:
    credit = None
    for x in lines:
        if x.junk is not None and not x.junk.startswith(("outside", "feed", "list")):
            continue
        if x.n > 14:
            continue
        who = tm.parse_credit(x.text)
        if who is None and x.junk is None:
            who = tm.trailing_agency(x.text) if x is _last_kept(lines) else None
        if who:
            credit = credit or who
            x.junk, x.role = "credit line (kept as metadata)", "meta"
    return credit


def _last_kept(lines: list[_Line]) -> _Line | None:
    for x in reversed(lines):
        if x.junk is None:
            return x
    return None


def _dateline_credit(kept: list[_Line]) -> str | None:
    for x in kept[:3]:
        agency = tm.dateline_agency(x.text)
        if agency:
            return agency
    return None


def _dedupe(lines: list[_Line]) -> None:
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
    lines = [_features(i, p.strip(), stops) for i, p in enumerate(paragraphs)]
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
