"""The linear-time fallback: an Article from any document in one streaming pass.

The extraction cascade (:mod:`newsfuse.extract.html`) and the scraped-text cleaner
(:mod:`newsfuse.extract.text`) give cleaner text, but their cost can grow faster than the page
(trafilatura's XPath over a page of many thousand paragraphs, for one). :func:`extract_linear`
is the path newsfuse takes when a page is too big or too deeply nested for the cascade, and the
one a caller can fall back to when the normal extraction of a document overruns its budget
(``Settings.doc_seconds`` / ``doc_memory``):

- HTML: one pass over the markup with ``str.find`` (no tree: no depth limit, no recursion).
  Comments, scripts, styles, templates, SVG and other elements that hold no readable text are
  skipped, tags are dropped, character references decoded, and every block element (p, div,
  li, h1-h6, br, td ...) ends a paragraph; the ``<title>`` is the title.
- plain text: every non-blank line is a paragraph, its whitespace collapsed.

The text keeps at most ``max_chars`` characters (:data:`MAX_CHARS` by default); what lies
beyond is not read, and a warning on the Article says so. Paragraphs are separated by one
blank line, as everywhere in newsfuse. Nothing is removed as boilerplate: the Article's
``extractor`` is ``"linear"`` and its first warning says why this path was taken. Metadata is
what the container gives (JSONL fields, feed entries ...), then what an HTML page's
``<head>`` declares (read from its first 256 KB at most); the language is identified on the
first 20,000 characters; the whole text is one passage.

Time and memory are linear in the size of the document: every character of the input is
looked at a bounded number of times (each search starts where the last one ended, and a search
that fails ends the pass), text is normalised in slices of bounded size, and the kept text is
at most ``max_chars`` characters.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass

from newsfuse.config import DEFAULT_SETTINGS, Settings
from newsfuse.errors import ExtractionError, NoArticleError
from newsfuse.records import Article, Passage, RawDocument

__all__ = [
    "MAX_CHARS",
    "LinearText",
    "extract_linear",
    "html_paragraphs",
    "linear_warning",
    "text_paragraphs",
]

MAX_CHARS = 1_000_000  # characters of text kept by the linear path (a long book chapter)
EXTRACTOR = "linear"

_SLICE = 1 << 16  # characters normalised at a time, so one huge text run never needs a big list
# elements whose content is not readable text (scripts, styles, vector graphics, form widgets)
_SKIPPED = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select", "textarea")
_CLOSERS = {name: re.compile(rf"</{name}(?![A-Za-z0-9:-])", re.I) for name in (*_SKIPPED, "title")}
# elements that begin or end a paragraph of the rendered page
_BLOCKS = frozenset(
    """
    p div br hr li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr td th table thead tbody tfoot caption
    section article aside header footer nav main blockquote pre figure figcaption form fieldset
    address details summary body html head title option center
    """.split()  # noqa: SIM905 - a word list reads better as text
)


@dataclass(frozen=True, slots=True)
class LinearText:
    """What one streaming pass gives: the paragraphs, the title (HTML only) and whether the
    text was cut at the character limit."""

    paragraphs: list[str]
    title: str | None = None
    cut: bool = False


class _Collector:
    """Gathers text pieces into whitespace-normalised paragraphs, up to ``max_chars``.

    Pieces are kept as given until they add up to _SLICE characters, then normalised in one go
    (so a paragraph of many small pieces costs one normalisation, and one huge run of text or
    whitespace never sits in memory whole)."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.paragraphs: list[str] = []
        self.total = 0  # characters kept, separators included
        self.done: list[str] = []  # normalised parts of the paragraph being gathered
        self.done_len = 0
        self.pending: list[str] = []  # pieces as given, after the normalised parts
        self.pending_len = 0
        self.full = False
        self.cut = False  # a paragraph was shortened to fit

    def add(self, piece: str) -> None:
        """Add a piece of text (at most _SLICE characters: see _add_text)."""
        self.pending.append(piece)
        self.pending_len += len(piece)
        if self.pending_len > _SLICE:
            part = _normalise_piece("".join(self.pending))
            self.pending, self.pending_len = [], 0
            self.done.append(part)
            self.done_len += len(part)
            if self.total + self.done_len > self.max_chars + 1:
                self.end_paragraph()

    def end_paragraph(self) -> None:
        if not self.pending and not self.done:
            return
        paragraph = " ".join("".join([*self.done, *self.pending]).split())
        self.done, self.done_len, self.pending, self.pending_len = [], 0, [], 0
        if not paragraph or self.full:
            return
        room = self.max_chars - self.total - (2 if self.paragraphs else 0)
        if len(paragraph) > room:
            self.full = self.cut = True
            paragraph = paragraph[: max(room, 0)]
            if " " in paragraph:
                paragraph = paragraph.rsplit(" ", 1)[0]
        if paragraph:
            self.total += len(paragraph) + (2 if self.paragraphs else 0)
            self.paragraphs.append(paragraph)
        if self.total >= self.max_chars:
            self.full = True


def _add_text(
    out: _Collector, s: str, start: int, end: int, decode: Callable[[str], str] | None = None
) -> None:
    """Add ``s[start:end]`` to ``out`` in slices of at most _SLICE characters, each cut at a
    space where there is one (so no character reference is split), decoded by ``decode``."""
    i = start
    while i < end and not out.full:
        j = min(i + _SLICE, end)
        if j < end:
            k = s.rfind(" ", i, j)
            if k > i:
                j = k
        piece = s[i:j]
        out.add(decode(piece) if decode is not None else piece)
        i = j


def _normalise_piece(s: str) -> str:
    """``s`` with its whitespace runs collapsed, keeping one space at an edge that had any."""
    core = " ".join(s.split())
    if not core:
        return " " if s else ""
    return (" " if s[0].isspace() else "") + core + (" " if s[-1].isspace() else "")


# The next piece of markup: a comment's start, a tag (through its ">"), or a declaration or
# processing instruction. Searched only up to the last ">" of the page, where every tag that
# starts has its ">", so no search ever runs on to the end of the page and back.
_MARKUP = re.compile(r"<(?:(!--)|(/?)([A-Za-z][A-Za-z0-9:-]{0,40})[^>]*>|[!?][^>]*>)")
_MARKUP_START = re.compile(r"<[A-Za-z!?/]")


def html_paragraphs(html: str, max_chars: int = MAX_CHARS) -> LinearText:
    """The visible text of an HTML page as paragraphs, in one pass (see the module docstring)."""
    out = _Collector(max_chars)
    title: str | None = None
    n = len(html)
    limit = html.rfind(">") + 1
    unescape = html_lib.unescape
    pos = 0
    while pos < n and not out.full:
        m = _MARKUP.search(html, pos, limit)
        if m is None:  # no more tags: the rest is text, up to an unclosed tag if any
            rest = _MARKUP_START.search(html, pos)
            _add_text(out, html, pos, rest.start() if rest else n, unescape)
            pos = n
            break
        start = m.start()
        if start > pos:
            if start - pos <= _SLICE:
                out.add(unescape(html[pos:start]))
            else:
                _add_text(out, html, pos, start, unescape)
        if m.group(1):  # a comment runs to its "-->", or to the end of the page
            end = html.find("-->", m.end())
            pos = n if end < 0 else end + 3
            continue
        pos = m.end()
        name = m.group(3)
        if name is None:  # a declaration or processing instruction
            continue
        name = name.lower()
        if m.group(2):
            if name in _BLOCKS:
                out.end_paragraph()
        elif name in _CLOSERS and html[pos - 2] != "/":
            close = _CLOSERS[name].search(html, pos)
            stop = n if close is None else close.start()
            if name == "title" and title is None:
                title = " ".join(unescape(html[pos : min(stop, pos + 4096)]).split()) or None
            out.end_paragraph()
            if close is None:
                pos = n
                break
            end = html.find(">", close.end())
            pos = n if end < 0 else end + 1
        elif name in _BLOCKS:
            out.end_paragraph()
    out.end_paragraph()
    return LinearText(out.paragraphs, title, out.cut or (out.full and pos < n))


def text_paragraphs(text: str, max_chars: int = MAX_CHARS) -> LinearText:
    """The non-blank lines of a plain text as whitespace-normalised paragraphs."""
    out = _Collector(max_chars)
    n = len(text)
    pos = 0
    while pos < n and not out.full:
        end = text.find("\n", pos)
        if end < 0:
            end = n
        _add_text(out, text, pos, end)
        out.end_paragraph()
        pos = end + 1
    return LinearText(out.paragraphs, None, out.cut or (out.full and pos < n))


def linear_warning(reason: str | None) -> str:
    """The warning an Article read by the linear path carries: why, and what that means."""
    what = "read by the linear-time extractor, no boilerplate removed"
    return f"{reason}: {what}" if reason else what


def extract_linear(
    doc: RawDocument,
    settings: Settings = DEFAULT_SETTINGS,
    text: str | None = None,
    *,
    reason: str | None = None,
    max_chars: int = MAX_CHARS,
) -> Article:
    """An Article from ``doc`` in time and memory linear in its size (see the module docstring).

    ``text`` is the decoded content when the caller has it; ``reason`` says why this path was
    taken ("extraction took more than 10 s") and starts the Article's first warning.
    Raises :class:`ExtractionError` (naming the source) when the document holds no text.
    """
    from newsfuse.extract import _decode
    from newsfuse.extract.lang import detect_language, normalize_language
    from newsfuse.extract.liveblog import passages_for

    if text is None:
        text = _decode(doc)
    meta = doc.meta
    if doc.kind == "html":
        from newsfuse.extract.html import linear_extraction

        try:
            h = linear_extraction(text, url=doc.url, reason=reason, max_chars=max_chars)
        except ExtractionError as exc:
            raise ExtractionError(exc.message, source=doc.source) from exc
        body, warnings = h.text, list(h.warnings)
        found_title, language = h.title, normalize_language(h.language)
        author, published, outlet = h.author, h.published, h.outlet
        url = h.url
    else:
        found = text_paragraphs(text, max_chars)
        body = "\n\n".join(found.paragraphs)
        if not body:
            raise NoArticleError("no text found in the document (linear extractor)", source=doc.source)
        warnings = [linear_warning(reason)]
        if found.cut:
            warnings.append(f"text cut at {max_chars:,} characters (the linear extractor's limit)")
        found_title = language = author = published = outlet = None
        url = doc.url
    language = normalize_language(meta.get("language")) or language
    if language is None and settings.detect_language:
        language = detect_language(body[:20000])
    title = meta.get("title") or found_title
    passages = passages_for(body, split=False)
    if title:
        passages = (Passage(passages[0].start, passages[0].end, title),)
    return Article(
        id=doc.id,
        source=doc.source,
        kind=doc.kind,
        text=body,
        title=title,
        author=meta.get("author") or author,
        published=meta.get("published") or published,
        outlet=meta.get("outlet") or outlet,
        credit=meta.get("credit"),
        language=language,
        url=url or doc.url,
        extractor=EXTRACTOR,
        passages=passages,
        warnings=tuple(warnings),
        raw=doc.data,
    )
