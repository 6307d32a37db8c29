"""Text from inputs made safe for where newsfuse shows it: the terminal, Markdown and JSON.

Everything an input can set (article text, titles, outlets, authors, sources and file names,
URLs, JSONL fields, failure reasons quoting them) is untrusted. Printed raw it could drive
the terminal (an escape sequence that sets the window title or clears the screen), inject
markup into a Markdown brief (``<script>``, a ``javascript:`` link) or break a table. So
every writer passes it through one of these first:

- :func:`terminal` and :func:`terminal_line`: C0 and C1 control characters (and DEL) shown
  as visible escapes (``\\x1b``), so nothing reaches the terminal as a control sequence;
  :func:`terminal` keeps newlines and tabs for multi-line text, :func:`terminal_line` escapes
  them too (one field, one line);
- :func:`markdown`: one line of inline Markdown that shows exactly the text: HTML escaped,
  Markdown punctuation backslash-escaped (no link, image, code span or emphasis can start,
  no table cell can end), the ``javascript:``, ``vbscript:`` and ``data:`` schemes broken;
- :func:`json_text`: ``json.dumps`` that also escapes C1 controls and DEL (``json.dumps``
  with ``ensure_ascii=False`` leaves them raw), so JSON on a terminal is safe too;
- :func:`http_url`: a URL that may become a link (http or https only), else None.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

#: C0 controls, DEL and C1 controls: what a terminal may read as (part of) a control sequence.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LAYOUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # keeps \t and \n
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(m: re.Match[str]) -> str:
    c = m.group()
    return _NAMED.get(c) or f"\\x{ord(c):02x}"


def terminal(text: object) -> str:
    """``text`` with every control character but newline and tab shown as an escape
    (``\\x1b``, ``\\r``): multi-line text for the terminal."""
    return _CONTROL_BUT_LAYOUT.sub(_visible, str(text))


def terminal_line(text: object) -> str:
    """``text`` with every control character, newline and tab included, shown as an escape:
    one field on one line of the terminal (a newline in a title cannot forge another line)."""
    return CONTROL.sub(_visible, str(text))


# Markdown: characters that can start a link, an image, a code span, emphasis,
# strikethrough, an HTML tag or an entity, or end a table cell. Escaped with a backslash;
# "_" only where it could open or close emphasis (not inside a word: snake_case_names).
_MD_PUNCT = re.compile(r"([\\`*\[\]|~])")
_MD_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")
# at the start of a line: a heading, a list item, a setext underline, a thematic break
_MD_BLOCK_START = re.compile(r"^(#|\+|-|=|\d+(?=[.)]))")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# schemes that run or embed content when a renderer makes a link of them
_BAD_SCHEME = re.compile(r"(?i)(javascript|vbscript|data)(\s*):")


def markdown(text: object) -> str:
    """``text`` as inline Markdown on one line that renders as exactly the text: white
    space collapsed, controls shown as escapes, HTML escaped (``<`` ``>`` and entity-like
    ``&``), ``\\ ` * _ [ ] | ~`` backslash-escaped (no link, image, code span, emphasis or
    table cell break), a leading ``#`` ``+`` ``-`` ``=`` or ``1.`` escaped (no heading or
    list), and ``javascript:`` / ``vbscript:`` / ``data:`` written ``javascript\\:`` (which
    renders as the same text but is never a scheme)."""
    s = terminal_line(" ".join(str(text).split()))
    s = _MD_PUNCT.sub(r"\\\1", s)
    s = _MD_UNDERSCORES.sub(lambda m: "\\_" * len(m.group()), s)
    s = _MD_ENTITY.sub("&amp;", s).replace("<", "&lt;").replace(">", "&gt;")
    s = _BAD_SCHEME.sub(r"\1\2\\:", s)
    m = _MD_BLOCK_START.match(s)
    if m:
        if m.group(1)[0].isdigit():  # "1." or "1)": escape the dot or bracket
            end = m.end()
            s = s[:end] + "\\" + s[end:]
        else:
            s = "\\" + s
    return s


def _escape_c1(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def json_text(value: Any, *, indent: int | None = None) -> str:
    """``json.dumps(value, ensure_ascii=False)`` with DEL, C1 controls and the line and
    paragraph separators escaped as ``\\u`` sequences too: still valid JSON with the same
    value, and nothing in it is a control character. (Those characters can only occur inside
    JSON strings, where ``\\u`` escapes mean the same.)"""
    return _JSON_RAW.sub(_escape_c1, json.dumps(value, ensure_ascii=False, indent=indent))


def http_url(url: object) -> str | None:
    """``url`` when it may be a link (an absolute http or https URL with a host, no white
    space or control characters), else None: ``javascript:``, ``data:``, ``file:``,
    relative and malformed URLs are never links."""
    if not isinstance(url, str) or not url or CONTROL.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


__all__ = ["CONTROL", "http_url", "json_text", "markdown", "terminal", "terminal_line"]
