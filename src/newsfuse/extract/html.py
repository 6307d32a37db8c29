"""Main text and metadata from an HTML page.

The cascade (``Settings.extractor == "auto"``), each stage only used when the previous one
gives nothing usable; ``HtmlExtraction.extractor`` names the stage that produced the text:

1. ``trafilatura``: trafilatura with comments off and tables kept (its own internal comparison
   with readability/jusText included). Its XML body gives paragraphs and headings. A second,
   fast precision-focused trafilatura run votes on the paragraphs: those it does not confirm
   are dropped (``trafilatura+precision``), unless that would drop more than half the text.
   A first heading that repeats the title is dropped (the title has its own field).
   Dropped paragraphs are listed in ``removed`` with the reason.
2. ``jsonld``: the page's JSON-LD ``articleBody`` when trafilatura finds nothing.
3. ``readability``: readability-lxml's main block.
4. ``justext``: jusText paragraphs, with the stoplist of the page's language.
5. ``plain``: all visible text of the page.

A page the cascade cannot take in bounded time (more than ``CASCADE_MAX_CHARS`` characters or
``CASCADE_MAX_ELEMENTS`` elements, or one the HTML parser gives up on part-way, such as
elements nested deeper than libxml2's limit of 256) is read by the linear-time path of
:mod:`newsfuse.extract.linear` instead (``extractor == "linear"``, with a warning saying why),
whatever ``Settings.extractor`` asks for. Fragments (a feed entry's text, one ``<p>``) are
parsed as the body of a document.

Metadata: the page's own declarations (JSON-LD, OpenGraph/meta tags, canonical link,
``<html lang>``; see :mod:`newsfuse.extract.htmlmeta`) come first; then light fallbacks
(``<title>`` without the site suffix, a byline element). The publication date is the declared
one (with time of day when given), else htmldate's (original date; fast search, then the
extensive one when the fast one finds nothing). trafilatura's own metadata extraction is not
run in the cascade: it costs more than the text extraction itself (see benchmarks/extraction.py).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from newsfuse.config import DEFAULT_SETTINGS, Settings
from newsfuse.errors import ExtractionError, NoArticleError
from newsfuse.extract.dates import choose_published, is_early_utc, normalize_date, reconcile_utc
from newsfuse.extract.htmlmeta import PageMeta, byline, head_meta, page_meta, title_fallback
from newsfuse.records import Removed

__all__ = ["HtmlExtraction", "extract_html", "linear_extraction"]

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HTML_BLOCKS = _HEADING_TAGS | {"p", "li", "pre", "blockquote", "td", "th", "dd", "dt", "figcaption"}

# quiet the third-party loggers: a failed page is reported through ExtractionError / extractor
for _name in ("trafilatura", "htmldate", "readability", "readability.readability", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

Block = tuple[str, bool]  # (paragraph text, is heading)


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    """The article found in one HTML page.

    ``text`` holds paragraphs separated by one blank line; ``headings`` the indexes (in
    ``text.split("\\n\\n")``) of paragraphs that are headings in the page. ``published`` is ISO
    8601 ("YYYY-MM-DD", or with time and offset when the page gives them). ``extractor`` names
    the cascade stage that produced ``text`` ("linear" for a page too big or too deep for the
    cascade, read by :mod:`newsfuse.extract.linear`; ``warnings`` then says why).
    """

    text: str
    title: str | None
    author: str | None
    published: str | None
    outlet: str | None
    url: str | None
    language: str | None
    extractor: str
    headings: tuple[int, ...] = ()
    removed: tuple[Removed, ...] = ()
    warnings: tuple[str, ...] = ()


# --- text of blocks --------------------------------------------------------------------------


_SPACED = _HTML_BLOCKS | {"lb", "br", "item", "row", "cell", "list", "quote", "head", "div"}


def _inline_text(el: etree._Element) -> str:
    """Whitespace-normalised text of an element; line breaks and nested blocks become spaces.

    Walks the subtree with an explicit stack (no recursion, whatever the nesting depth)."""
    parts: list[str] = []
    # items: an element to open, or a string to emit (a separator or a tail) when reached
    stack: list[etree._Element | str] = [el]
    root = True
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if not root and not isinstance(item.tag, str):  # comments, processing instructions
            if item.tail:
                parts.append(item.tail)
            continue
        spaced = not root and item.tag in _SPACED
        after = (" " if spaced else "") + (item.tail or "" if not root else "")
        root = False
        if spaced:
            parts.append(" ")
        if item.text and isinstance(item.tag, str):
            parts.append(item.text)
        if after:
            stack.append(after)
        stack.extend(reversed(list(item)))
    return _WS.sub(" ", "".join(parts)).strip()


def _blocks_from_xml(body: etree._Element) -> list[Block]:
    """Paragraphs of a trafilatura XML body (<head>, <p>, <list>/<item>, <table>, <quote> ...)."""
    blocks: list[Block] = []

    def add(el: etree._Element, heading: bool = False) -> None:
        text = _inline_text(el)
        if text:
            blocks.append((text, heading))

    for el in body:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == "head":
            add(el, True)
        elif tag == "list":
            items = [c for c in el if c.tag == "item"]
            if not items:
                add(el)
            for item in items:
                add(item)
        elif tag == "table":
            rows = list(el.iter("row"))
            if not rows:
                add(el)
            for row in rows:
                cells = [_inline_text(c) for c in row.iter("cell")]
                text = " | ".join(c for c in cells if c)
                if text:
                    blocks.append((text, False))
        elif tag == "graphic":
            continue
        else:
            add(el)
    return blocks


def _blocks_from_html(root: HtmlElement) -> list[Block]:
    """Paragraph-level blocks of an HTML fragment (outermost p/h1-h6/li/pre/... elements).

    One walk from the top that does not enter a block once found (linear in the tree)."""
    blocks: list[Block] = []
    stack = [root]
    while stack:
        el = stack.pop()
        if el.tag in _HTML_BLOCKS:
            text = _inline_text(el)
            if text:
                blocks.append((text, el.tag in _HEADING_TAGS))
            continue
        stack.extend(c for c in reversed(el) if isinstance(c.tag, str))
    if not blocks:
        text = _inline_text(root)
        if text:
            blocks.append((text, False))
    return blocks


def _join(blocks: Iterable[Block], removed: list[Removed]) -> tuple[str, tuple[int, ...]]:
    """The text (blocks separated by a blank line) and headings; a block that repeats the one
    right before it is dropped and listed in ``removed``."""
    texts: list[str] = []
    headings: list[int] = []
    for text, heading in blocks:
        if texts and texts[-1] == text:
            removed.append(Removed(text, "repeated paragraph (same as the one before)"))
            continue
        if heading:
            headings.append(len(texts))
        texts.append(text)
    return "\n\n".join(texts), tuple(headings)


# --- extractors ------------------------------------------------------------------------------


# Pages beyond these limits go to the linear-time path (newsfuse.extract.linear): the time
# of the cascade grows faster than the page (trafilatura's XPath over many thousand
# paragraphs, its comparison with readability), and even where it is linear it runs at about
# 0.3 MB of text a second. The largest of the 431 Scrapinghub and WCXB pages has 1.6 MB and
# 4,975 elements.
CASCADE_MAX_CHARS = 5_000_000
CASCADE_MAX_ELEMENTS = 25_000

_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DOCTYPE = re.compile(r"\s*<\s?!\s?doctype\b", re.I)


def _repair(html: str) -> str:
    """What libxml2 cannot take: control characters (lxml refuses them in a string), a
    doctype holding a slash (it can make libxml2 drop the document), a self-closing
    ``<html/>``. Each repair is one linear scan."""
    html = _INVALID_XML_CHARS.sub("", html)
    m = _DOCTYPE.match(html)
    if m:
        end = html.find(">", m.end(), m.end() + 2048)
        if end > 0 and "/" in html[m.end() : end]:
            html = html[: m.start()] + html[end + 1 :]
    start = html.find("<html", 0, 4096)
    if start >= 0:
        end = html.find(">", start, start + 4096)
        if end > 0 and html[end - 1] == "/":
            html = html[: end - 1].rstrip() + html[end:]
    return html


def _parser(encoding: str | None = None) -> lxml.html.HTMLParser:
    # a new parser for every page: its error log is the page's own
    return lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        remove_comments=True,
        remove_pis=True,
        encoding=encoding,
    )


def _parse(html: str) -> tuple[HtmlElement, str | None]:
    """The page as a whole document (a fragment, one ``<p>`` or bare text, gets its ``<html>``
    and ``<body>``), and why the page must take the linear path instead of the cascade
    (None when it need not): the parser gave up part-way (nesting deeper than libxml2's limit
    of 256, a text node over 10 MB), or the page has too many elements."""
    html = _repair(html)
    parser = _parser()
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except ValueError:  # a string with an XML encoding declaration: parse its UTF-8 bytes
        parser = _parser("utf-8")
        try:
            tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
        except etree.ParserError as exc:
            raise ExtractionError(f"the HTML cannot be parsed: {exc}") from exc
    except etree.ParserError as exc:  # "Document is empty": only comments or declarations
        raise ExtractionError(f"the HTML cannot be parsed: {exc}") from exc
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:
        message = fatal[0].message.split(", use XML_PARSE_HUGE")[0]
        return tree, f"the HTML parser stopped part-way through the page ({message})"
    elements = int(tree.xpath("count(//*)"))
    if elements > CASCADE_MAX_ELEMENTS:
        return tree, (
            f"the page has {elements:,} elements, more than the extraction cascade takes "
            f"({CASCADE_MAX_ELEMENTS:,})"
        )
    return tree, None


def _drop_invisible(tree: HtmlElement) -> None:
    """Remove scripts (except JSON-LD), styles, SVG, templates and comments, in place.

    Every text extractor drops these anyway; removing them once makes each later tree copy
    and pass cheaper. JSON-LD stays. (htmldate reads the original page, not this tree.)
    """
    for el in list(tree.iter("script", "style", "noscript", "svg", "template", etree.Comment)):
        if el.tag == "script" and (el.get("type") or "").strip().lower() == "application/ld+json":
            continue
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail text (the words after the element)


def _run_trafilatura(
    tree: HtmlElement, url: str | None, *, with_metadata: bool
) -> tuple[list[Block], object | None]:
    """trafilatura with comments off and tables kept; gives blocks and its Document or None."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            with_metadata=with_metadata,
            date_extraction_params={"extensive_search": True, "original_date": True},
        )
    except Exception:  # malformed trees can break trafilatura internals
        return [], None
    if doc is None:
        return [], None
    body = getattr(doc, "body", None)
    blocks = _blocks_from_xml(body) if body is not None else []
    return blocks, doc


def _witness_text(tree: HtmlElement, url: str | None) -> str:
    """The plain text of trafilatura's fast precision-focused extraction ("" on failure)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, fast=True, favor_precision=True, include_comments=False, include_tables=True
        )
    except Exception:  # malformed trees can break trafilatura internals
        return ""
    text = getattr(doc, "text", None) if doc is not None else None
    return text if isinstance(text, str) else ""


def _run_readability(html: str) -> list[Block]:
    import lxml.html
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
        root = lxml.html.fromstring(summary)
    except Exception:
        return []
    return _blocks_from_html(root)


_JUSTEXT_LANGS = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "cs": "Czech",
    "sv": "Swedish",
    "da": "Danish",
    "fi": "Finnish",
    "tr": "Turkish",
    "hu": "Hungarian",
    "ro": "Romanian",
    "el": "Greek",
}


def _run_justext(html: str, language: str | None) -> list[Block]:
    import justext

    stoplist = justext.get_stoplist(_JUSTEXT_LANGS.get(language or "en", "English"))
    try:
        paragraphs = justext.justext(html.encode("utf-8", "replace"), stoplist)
    except Exception:
        return []
    return [(p.text.strip(), bool(p.heading)) for p in paragraphs if not p.is_boilerplate and p.text.strip()]


_BLOCKISH = _HTML_BLOCKS | {
    "div", "section", "article", "aside", "nav", "header", "footer", "main", "ul", "ol", "dl",
    "table", "tr", "form", "br", "hr", "figure", "address",
}
_INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")


def _run_plain(tree: HtmlElement) -> list[Block]:
    """All visible text of the page, one block per line of the rendered layout."""
    from copy import deepcopy

    root = deepcopy(tree)
    for el in list(root.iter(*_INVISIBLE)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter(*_BLOCKISH):
        el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    lines = (_WS.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return [(line, False) for line in lines if line]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


#: the words of a declared article body (JSON-LD ``articleBody``) that make it the text when
#: the extracted blocks hold less than DECLARED_SHARE of them
DECLARED_WORDS = 80
DECLARED_SHARE = 0.25


def _declared_body_larger(blocks: list[Block], body: str) -> bool:
    """Whether the declared article body should replace the extracted blocks: none were
    found, or they hold less than a quarter of the words of a body of 80 words or more."""
    if not blocks:
        return True
    declared = len(_words(body))
    found = sum(len(_words(text)) for text, _ in blocks)
    return declared >= DECLARED_WORDS and found < DECLARED_SHARE * declared


def _jsonld_blocks(body: str) -> list[Block]:
    return [(line, False) for line in (_WS.sub(" ", t).strip() for t in re.split(r"\n+", body)) if line]


def _trigrams(text: str) -> set[tuple[str, str, str]]:
    w = _words(text)
    return set(zip(w, w[1:], w[2:], strict=False))


def _supported(text: str, grams: set[tuple[str, str, str]], threshold: float = 0.5) -> bool | None:
    """Whether at least ``threshold`` of the paragraph's word trigrams occur in ``grams``.

    None for paragraphs too short to judge (fewer than 3 words): they are kept.
    """
    w = _words(text)
    if len(w) < 3:
        return None
    hits = sum(g in grams for g in zip(w, w[1:], w[2:], strict=False))
    return hits / (len(w) - 2) >= threshold


def _vote(blocks: list[Block], witness: str, removed: list[Removed]) -> tuple[list[Block], bool]:
    """Keep the paragraphs of ``blocks`` that the second extraction ``witness`` confirms.

    A paragraph is dropped when the witness text (trafilatura in precision mode) does not hold
    most of it. The vote is skipped (blocks kept whole) when the witness is empty or when it
    would drop more than half of the text: then the two extractions disagree about where the
    article is, not about its edges. Gives the kept blocks and whether anything was dropped.
    """
    grams = _trigrams(witness)
    if not grams:
        return blocks, False
    verdicts = [_supported(t, grams) for t, _ in blocks]
    kept = [b for b, ok in zip(blocks, verdicts, strict=True) if ok is not False]
    total = sum(len(t) for t, _ in blocks)
    if len(kept) == len(blocks) or sum(len(t) for t, _ in kept) < 0.5 * total:
        return blocks, False
    removed.extend(
        Removed(t, "not confirmed by trafilatura in precision mode")
        for (t, _), ok in zip(blocks, verdicts, strict=True)
        if ok is False
    )
    return kept, True


def _strip_title(blocks: list[Block], title: str | None, removed: list[Removed]) -> list[Block]:
    """Drop a first heading that repeats the article title (the title has its own field)."""
    if len(blocks) < 2 or not blocks[0][1]:
        return blocks
    head = " ".join(_words(blocks[0][0]))
    if title is None or not head or head not in " ".join(_words(title)):
        return blocks
    removed.append(Removed(blocks[0][0], "title repeated as the first heading"))
    return blocks[1:]


# the heading of a list of other pages, left at the article's end once the list is gone
_LEADIN = re.compile(
    r"(?:you\s++(?:may|might|will)\s++also\s++(?:like|enjoy|be\s++interested\s++in)"
    r"|(?:more\s++)?related(?:\s++(?:stories|articles|posts|content|news|coverage|reading))?"
    r"|(?:read|see)\s++(?:more|also|next)|also\s++read|recommended(?:\s++for\s++you)?"
    r"|more\s++(?:stories|news|articles|to\s++read|from\s++[\w.&'’-][\w .&'’-]{0,39}+)"
    r"|(?:popular|trending|most\s++read)(?:\s++(?:now|stories|articles|posts))?"
    r"|don[’']t\s++miss)\s*+[.…:!]*+",
    re.I,
)


def _strip_trailing_leadin(blocks: list[Block], removed: list[Removed]) -> list[Block]:
    """Drop a last block that only announces other pages ("You may also like...", "Related
    stories", "More from Reuters:"): the list it heads was removed, the heading was not."""
    while len(blocks) > 1 and len(blocks[-1][0]) <= 80 and _LEADIN.fullmatch(blocks[-1][0].strip()):
        removed.append(Removed(blocks[-1][0], "heading of a list of other pages (article end)"))
        blocks = blocks[:-1]
    return blocks


def _auto(
    tree: HtmlElement, html: str, url: str | None, pm: PageMeta, removed: list[Removed]
) -> tuple[list[Block], str, object | None]:
    """The cascade: gives blocks, the extractor name and trafilatura's Document (or None)."""
    blocks, doc = _run_trafilatura(tree, url, with_metadata=False)
    name = "trafilatura"
    if blocks:
        blocks, voted = _vote(blocks, _witness_text(tree, url), removed)
        if voted:
            name = "trafilatura+precision"
        blocks = _strip_title(blocks, pm.title or title_fallback(tree), removed)
        blocks = _strip_trailing_leadin(blocks, removed)
    if pm.article_body and _declared_body_larger(blocks, pm.article_body):
        # the page's text is drawn by a script from data trafilatura does not read (a photo
        # caption was all it found on a real SCMP page): the body the page declares
        for text, _ in blocks:
            removed.append(Removed(text, "page text replaced by the declared article body"))
        blocks, name = _jsonld_blocks(pm.article_body), "jsonld"
    if not blocks:
        blocks, name = _run_readability(html), "readability"
    if not blocks:
        blocks, name = _run_justext(html, pm.language), "justext"
    if not blocks:
        blocks, name = _run_plain(tree), "plain"
    return blocks, name, doc


_RUBRIC = re.compile(
    r"^(?:live|breaking(?: news)?|update[ds]?|exclusive|watch|video|opinion|analysis|explainer)"
    r"\s*[:|–—-]\s+(?=\S)",
    re.I,
)


def strip_rubric(title: str | None) -> str | None:
    """"LIVE: X" / "Breaking News | X" -> "X": a rubric label is not part of the headline."""
    if not title:
        return title
    return _RUBRIC.sub("", title, count=1) or title


def extract_html(
    html: str, *, url: str | None = None, settings: Settings = DEFAULT_SETTINGS
) -> HtmlExtraction:
    """Extract the main text and metadata of one decoded HTML page.

    Needs the page as text and optionally its URL (used for relative links and as the URL
    when the page declares no canonical one). ``settings.extractor`` forces one extractor
    ("trafilatura", "readability", "justext", "text" = all visible text) or, with "auto",
    runs the cascade described in the module docstring.
    Raises ExtractionError when the page holds no main text at all.
    """
    if not isinstance(html, str):
        raise ExtractionError(f"extract_html needs decoded text, got {type(html).__name__}", source=url)
    if not html.strip():
        raise ExtractionError("the HTML page is empty", source=url)
    if len(html) > CASCADE_MAX_CHARS:
        return linear_extraction(
            html,
            url=url,
            reason=f"the page has {len(html):,} characters, more than the extraction cascade "
            f"takes ({CASCADE_MAX_CHARS:,})",
        )
    try:
        tree, too_big = _parse(html)
    except ExtractionError as exc:
        raise ExtractionError(exc.message, source=url) from exc
    if too_big is not None:
        return linear_extraction(html, url=url, reason=too_big)
    try:
        pm = page_meta(tree)
    except Exception:  # metadata must never stop text extraction
        pm = PageMeta()

    # a pruning failure only costs speed: the extractors clean the tree again
    with contextlib.suppress(Exception):
        _drop_invisible(tree)
    mode = settings.extractor
    doc: object | None = None
    removed: list[Removed] = []
    if mode == "auto":
        blocks, name, doc = _auto(tree, html, url, pm, removed)
    elif mode == "trafilatura":
        blocks, doc = _run_trafilatura(tree, url, with_metadata=True)
        name = "trafilatura"
    elif mode == "readability":
        blocks, name = _run_readability(html), "readability"
    elif mode == "justext":
        blocks, name = _run_justext(html, pm.language), "justext"
    else:  # "text"
        blocks, name = _run_plain(tree), "plain"

    text, headings = _join(blocks, removed)
    if not text.strip():
        raise NoArticleError(
            f"no main text found in the HTML page (extractor {mode!r} gave nothing)", source=url
        )

    def tmeta(attr: str) -> str | None:
        value = getattr(doc, attr, None) if doc is not None else None
        return value if isinstance(value, str) and value.strip() else None

    published = choose_published(pm.published, tmeta("date"))
    if published is None:
        published = normalize_date(_htmldate(html, url))
    elif is_early_utc(published):
        published = reconcile_utc(published, normalize_date(_htmldate(html, url)))

    declared_author = pm.author or tmeta("author")
    visible_author = byline(tree)
    # the printed byline wins when it names the declared author and co-authors ("A and B")
    if (
        declared_author
        and visible_author
        and re.fullmatch(rf"{re.escape(declared_author)}\s*(?:,|and|&)\s*[A-Z][\w .'-]+", visible_author)
        and not re.search(r",\s*[A-Z][a-z]+$", visible_author)
    ):
        declared_author = visible_author
    return HtmlExtraction(
        text=text,
        title=strip_rubric(pm.title or tmeta("title") or title_fallback(tree)),
        author=declared_author or visible_author,
        published=published,
        outlet=pm.outlet or tmeta("sitename"),
        url=pm.url or url or tmeta("url"),
        language=pm.language,
        extractor=name,
        headings=headings,
        removed=tuple(removed),
    )


def linear_extraction(
    html: str, *, url: str | None = None, reason: str | None = None, max_chars: int | None = None
) -> HtmlExtraction:
    """The page read by the linear-time path of :mod:`newsfuse.extract.linear` (at most
    ``max_chars`` characters of text, its MAX_CHARS by default), with the metadata its
    ``<head>`` declares; ``reason`` says why (it starts the first warning). Raises
    ExtractionError when the page holds no text."""
    from newsfuse.extract.linear import MAX_CHARS, html_paragraphs, linear_warning

    limit = MAX_CHARS if max_chars is None else max_chars
    found = html_paragraphs(html, limit)
    text = "\n\n".join(found.paragraphs)
    if not text:
        why = f" ({reason})" if reason else ""
        raise NoArticleError(f"no text found in the HTML page{why}", source=url)
    pm, head_title = head_meta(html)
    warnings = [linear_warning(reason)]
    if found.cut:
        warnings.append(f"text cut at {limit:,} characters (the linear extractor's limit)")
    return HtmlExtraction(
        text=text,
        title=strip_rubric(pm.title or head_title or found.title),
        author=pm.author,
        published=normalize_date(pm.published),
        outlet=pm.outlet,
        url=pm.url or url,
        language=pm.language,
        extractor="linear",
        warnings=tuple(warnings),
    )


def _htmldate(html: str, url: str | None) -> str | None:
    """htmldate's publication date (original, not updated): fast search, extensive if none
    (a 1 January found only by the extensive search is a year, and no date).

    Runs on the page as given: htmldate also reads dates in scripts, which the extraction
    tree no longer has (see _drop_invisible).
    """
    from htmldate import find_date
    from htmldate.utils import load_html

    try:
        page = load_html(html)
    except Exception:
        return None
    if page is None:
        return None
    for extensive in (False, True):
        try:
            found = find_date(page, url=url, original_date=True, extensive_search=extensive)
        except Exception:
            found = None
        if found and extensive and str(found).endswith("-01-01"):
            # the extensive search's last resorts (a copyright line, a lone year) give a year
            # as its 1 January: no day of publication (on the MediaCloud, WCXB and trafilatura
            # pages, none of the 62 such dates was the page's date)
            return None
        if found:
            return str(found)
    return None


