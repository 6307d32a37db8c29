"""Render HTML to plain text the way a naive scraper does: all visible text, one block per line.

This is the input side of the text-cleaning benchmark: menus, footers, share buttons,
newsletter boxes and cookie banners all stay in the output, because the point is to measure
how well newsfuse cleans such text afterwards.

Rules:
- dropped with their content: script, style, noscript, template, svg, math, head (so title),
  iframe, object, embed, canvas, comments and processing instructions, and hidden elements
  (``hidden`` attribute, ``aria-hidden="true"``, inline ``display:none`` or
  ``visibility:hidden``);
- every block-level element (p, div, li, h1-h6, td, article, nav, footer, ...) starts and ends
  a line, and so does ``<br>``; ``<pre>`` keeps its own line breaks;
- inline elements join their neighbours; at the edge of a non-formatting inline element
  (a, button, label ...; span counts as formatting) a space is put between two word characters, so
  ``<a>Home</a><a>World</a>`` gives "Home World" but ``<b>W</b>ord`` stays "Word";
- whitespace is collapsed to single spaces, lines are stripped, empty lines dropped.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

DROPPED = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "head",
        "iframe",
        "object",
        "embed",
        "canvas",
    ]
)

BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "article",
        "section",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "legend",
        "address",
        "hr",
        "details",
        "summary",
        "body",
        "html",
        "center",
        "menu",
        "dialog",
        "option",
        "optgroup",
        "select",
        "textarea",
        "frameset",
        "frame",
        "noframes",
        "hgroup",
        "search",
    ]
)

# Inline elements that usually sit inside a word or sentence: joined without a separator.
FORMATTING = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "s",
        "strike",
        "del",
        "ins",
        "mark",
        "small",
        "sub",
        "sup",
        "abbr",
        "acronym",
        "code",
        "kbd",
        "samp",
        "var",
        "cite",
        "q",
        "dfn",
        "time",
        "font",
        "bdi",
        "bdo",
        "tt",
        "big",
        "nobr",
        "wbr",
        "span",
        "data",
        "ruby",
        "rb",
        "rt",
        "rp",
    ]
)

_HIDDEN_STYLE = re.compile(r"(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def _is_hidden(el: etree._Element) -> bool:
    attrib = el.attrib
    if "hidden" in attrib:
        return True
    if attrib.get("aria-hidden", "").strip().lower() == "true":
        return True
    style = attrib.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


class _Lines:
    """Accumulates inline text pieces and turns them into lines at block boundaries."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pieces: list[str] = []
        self.separate = False  # an inline-element boundary was passed since the last piece

    def add(self, text: str | None) -> None:
        if not text:
            return
        if self.separate and self.pieces:
            last = self.pieces[-1]
            if last and _word_char(last[-1]) and _word_char(text[0]):
                self.pieces.append(" ")
        self.separate = False
        self.pieces.append(text)

    def boundary(self) -> None:
        self.separate = True

    def flush(self) -> None:
        if self.pieces:
            line = _SPACE.sub(" ", "".join(self.pieces)).strip()
            if line:
                self.lines.append(line)
            self.pieces = []
        self.separate = False

    def add_pre(self, text: str) -> None:
        """Add preformatted text: each of its lines becomes a line."""
        parts = text.split("\n")
        for i, part in enumerate(parts):
            self.add(part)
            if i < len(parts) - 1:
                self.flush()


def _parse(html: str) -> etree._Element | None:
    html = _XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        return None
    # huge_tree: without it libxml2 silently drops everything nested deeper than 256 levels.
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=False, huge_tree=True)
    try:
        return lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def render_naive(html: str) -> str:
    """Render ``html`` (a whole page or a fragment) to its visible text, one block per line.

    Gives the lines joined with "\\n" (no empty lines, no trailing newline); "" when the page
    has no visible text or cannot be parsed at all.
    """
    root = _parse(html)
    if root is None:
        return ""
    out = _Lines()
    # An explicit stack instead of recursion: real pages nest deeper than Python's limit.
    stack: list[tuple[etree._Element, bool]] = [(root, True)]
    pre_depth = 0
    while stack:
        el, entering = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else None
        name = tag.lower() if tag else None
        if not entering:
            if name in BLOCKS:
                out.flush()
            elif name not in FORMATTING:
                out.boundary()
            if name == "pre":
                pre_depth -= 1
            _add(out, el.tail, pre_depth)
            continue
        if name is None or name in DROPPED or _is_hidden(el):
            _add(out, el.tail, pre_depth)  # comments, PIs, dropped and hidden elements
            continue
        if name == "br":
            out.flush()
            _add(out, el.tail, pre_depth)
            continue
        if name in BLOCKS:
            out.flush()
        elif name not in FORMATTING:
            out.boundary()
        if name == "pre":
            pre_depth += 1
        _add(out, el.text, pre_depth)
        stack.append((el, False))
        stack.extend((child, True) for child in reversed(el))
    out.flush()
    return "\n".join(out.lines)


def _add(out: _Lines, text: str | None, pre_depth: int) -> None:
    if not text:
        return
    if pre_depth > 0:
        out.add_pre(text)
    else:
        out.add(text)


__all__ = ["BLOCKS", "DROPPED", "render_naive"]
