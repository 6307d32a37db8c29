"""One line of scraped text and the shapes the cleaner recognises in it.

A :class:`Line` carries what the rules need to judge a line on its own: its words, length,
stop-word density, sentence punctuation and share of site-chrome vocabulary; the predicates
and patterns below say what shape it has (prose, headline, time stamp, date, link, address,
template token, caption, promotion ...). :mod:`newsfuse.extract.text` and
:mod:`newsfuse.extract.blocks` apply them to a whole page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from newsfuse.extract import textmeta as tm

WORD = re.compile(r"\w+", re.UNICODE)
LETTER_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|info|io|co|uk|de|fr|ru|ua)(?:/\S*)?\b", re.I)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
# identifier-like tokens with no spaces: "client/title.list_title", "{{ headline }}", "%(name)s"
TEMPLATE = re.compile(
    r"^(?:[A-Za-z_][\w-]*(?:[./:][A-Za-z_][\w-]*)+|\{\{.*\}\}|\{%.*%\}|%\(?\w+\)?s|\$\{\w+\}|\[object \w+\]|undefined|null|NaN)$"
)
# locale switchers: "en_USEnglish", "de_DE Deutsch", "fr-FR"
# white space read one way only ("\s*x*\s*" split a run of spaces in quadratic ways)
LOCALE = re.compile(r"^(?:[a-z]{2}[_-][A-Z]{2}\s*+(?:[^\W\d_]+\s*+)?){1,6}$")
STREET = re.compile(
    r"^\d{1,6}\s+(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?(?:[A-Z][\w'-]*\.?\s+){0,4}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Way|Ct|Court|Pl|Place|Sq|Square|Pkwy|Parkway|Hwy|Highway|Terrace|Ter)\.?(?:,.*)?$"
)
# "[\w .'-]+\s+" split a run of spaces in quadratic ways: the name ends with a non-space
CITY_ZIP = re.compile(r"^[A-Z][\w .'-]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?$|^[A-Z](?:[\w .'-]*[\w.'-]\s+| \s+)\d{5}$|^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")
PHONE = re.compile(r"^(?:tel|phone|fax)?[:.\s]*\+?[\d\s().-]{7,20}$", re.I)
# image credits: "(Jane Roe / Example Agency)", "Photo: X", "(Photo by X/Getty Images)", "© X"
PHOTO_CREDIT = re.compile(
    r"\((?:[^()]{2,80}?\s/\s[^()]{2,60}|(?:photo|image|picture|foto|credit)[^()]{0,80})\)\s*+(?:\.\s*+)?$"
    r"|^(?:photo|image|picture|foto|illustration)s?\s*(?:credit\s*)?(?:by|:)\s"
    r"|©|\b(?:photo|image)\s*(?:by|:)\s*[A-Z][^.]{0,60}$",
    re.I,
)
# "Sponsored: ...", "Read more: ...", "Related: ...": a UI label, a colon, a link text
PROMO = re.compile(
    r"^(?:sponsored|advertisement|promoted|read more|see also|related|"
    r"watch|listen|more|recommended|partner content)\s*:\s+\S",
    re.I,
)
BULLET = re.compile(r"^(?:[•·▪►▸◦‣∙*]|-\s|–\s|—\s|\d{1,2}[.)]\s)")
ELLIPSIS_END = re.compile(r"[^\W\d_](?:…|\.\.\.)\s*$")
SENTENCE_END = re.compile(r"""[.!?…。！？]["'”’»)\]」』]*\s*$|[.!?]\s*["'”’»]\s*$""")
# scripts written without spaces between words: Chinese and Japanese
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
QUOTE_CHARS = "\"'“”‘’«»„"

# Vocabulary of site chrome (calls to action, navigation). Used only together with shape
# (short lines) so a body sentence that mentions "news" or "share" is never dropped for it.
UI_WORDS = frozenset(
    """
    subscribe subscribed subscription subscriptions unsubscribe newsletter newsletters
    signup sign login logout log register registration account password email e-mail inbox
    required successfully confirmation confirm cookie cookies consent accept reject
    preferences privacy policy terms conditions copyright reserved rights advertisement
    advert advertising ad ads sponsored promoted share shares shared tweet facebook twitter
    whatsapp telegram linkedin pinterest reddit instagram youtube print comment comments
    reply replies menu search skip navigation toggle close open home homepage back top next
    previous prev continue reading read more related tags tag topics topic categories
    category follow download app apps listen audio ai generated podcast video videos watch
    play loading load click tap here feed trending popular viewed most jump contact about
    careers advertise donate support membership premium paywall free trial social section
    sections page pages edit post posts author authors archive archives rss sitemap content
    language languages
    """.split()  # noqa: SIM905 - a word list reads better as text
)
SHORT = 8  # words: at or below this a line is "short"


@dataclass(slots=True)
class Line:
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



def line_key(text: str) -> str:
    """The comparison key of a line: case-folded letters and digits, single-spaced."""
    t = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(WORD.findall(t))



def line_features(idx: int, text: str, stops: frozenset[str]) -> Line:
    words = [w.casefold() for w in WORD.findall(text)]
    n = len(words)
    stop = sum(w in stops for w in words) / n if n else 0.0
    cjk = CJK.findall(text)
    if len(cjk) > 0.3 * len(text):
        # no spaces between words: count two characters as a word, compare character
        # bigrams, and take the stop-word test as passed (no stop list for these scripts)
        chars = "".join(cjk)
        words = [chars[i : i + 2] for i in range(0, max(len(chars) - 1, 1))]
        n = max(n, len(cjk) // 2)
        stop = max(stop, 0.3)
    ui = sum(w in UI_WORDS for w in words) / n if n else 0.0
    return Line(idx, text, line_key(text), words, n, stop, bool(SENTENCE_END.search(text)), ui)


def is_bodylike(x: Line) -> bool:
    """A paragraph that reads like running prose."""
    if x.n >= 25 and x.stop >= 0.25:
        return True
    return x.n >= 8 and x.ends and x.stop >= 0.25


def is_titlelike(x: Line) -> bool:
    """A headline shape: 3-30 words, capitalised, not ending like a sentence."""
    if not (3 <= x.n <= 30) or x.ends or x.text.endswith((":", ",", ";")):
        return False
    first = x.text.lstrip(QUOTE_CHARS + "'‘ ")[:1]
    return first.isupper() or first.isdigit()


# --- hard junk --------------------------------------------------------------------------



def is_read_time(x: Line) -> bool:
    return x.n <= 5 and bool(tm.READ_TIME.search(x.text))


def has_quote(t: str) -> bool:
    return any(c in t for c in "“”«»\"")


STAMP_FILLER = frozenset(
    ["at", "on", "posted", "updated", "published", "last", "modified", "am", "pm", "a", "p", "m", "edt", "est", "cet", "cest", "bst", "gmt", "utc", "pst", "pdt", "cst", "cdt", "ago", "today", "yesterday", "st", "nd", "rd", "th", "h", "hrs", "hour", "hours", "min", "mins", "minute", "minutes", "sec", "seconds", "day", "days", "week", "weeks", "month", "months", "year", "years"]
) | frozenset(tm.MONTHS) | frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "fri", "sat", "sun"]
)


def is_date_line(x: Line) -> bool:
    """A line that is only a date and/or time with filler words: "2024, Friday", "6 December",
    "November 19, 2019 at 6:58 am", "Posted 2 days ago at 08:12 am", "13.11.2019, 23:06"."""
    if x.n > 10 or x.n == 0:
        return False
    has_date = bool(tm.find_dates(x.text)) or bool(tm.TIME_RE.search(x.text))
    rest = [w for w in x.words if not w.isdigit() and w not in STAMP_FILLER]
    if rest:
        return False
    return has_date or (any(w.isdigit() for w in x.words) and any(
        w in STAMP_FILLER and w not in ("at", "on") for w in x.words
    ))



def content_words(x: Line, stops: set[str] | frozenset[str]) -> Iterable[str]:
    return (w[:7] for w in x.words if len(w) > 2 and w not in stops and not w.isdigit())
