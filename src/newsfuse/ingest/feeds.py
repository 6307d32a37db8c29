"""RSS and Atom feed files: every entry becomes a document holding the entry's content
(or summary) HTML, with title/author/published/url from the entry and the feed title as outlet.
"""

from __future__ import annotations

import codecs
import io
import re
import time
import warnings
from collections.abc import Iterator
from typing import Any

from newsfuse.errors import MalformedInputError
from newsfuse.ingest.decode import normalize_charset, wide_charset
from newsfuse.ingest.meta import as_text, language_code
from newsfuse.ingest.sniff import looks_like_html
from newsfuse.records import Failure, RawDocument

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def _iso(parsed: Any) -> str | None:
    """A feedparser time tuple (UTC) as ISO 8601, or None."""
    if not parsed:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    except (TypeError, ValueError):
        return None


def _content(entry: Any) -> tuple[str, str] | None:
    """(value, kind) of an entry's fullest content, else its summary; None when it has none."""
    best: tuple[str, str] | None = None
    for item in entry.get("content") or ():
        value = item.get("value") or ""
        if value.strip() and (best is None or len(value) > len(best[0])):
            best = (value, str(item.get("type", "text/html")))
    if best is None:
        summary = entry.get("summary") or ""
        if not summary.strip():
            return None
        detail = entry.get("summary_detail") or {}
        best = (summary, str(detail.get("type", "text/html")))
    value, ctype = best
    kind = "html" if ctype in _HTML_TYPES or looks_like_html(value.encode()) else "text"
    return value, kind


# The prolog of an XML document: what may come before its root element.
PROLOG_LIMIT = 1024 * 1024
_SPACE = re.compile(rb"\s+")
_ROOT = re.compile(rb"<[A-Za-z_:]")
_NAME = rb"[A-Za-z_:][-\w.:]*"
_LITERAL = rb"(\"[^\"]*\"|'[^']*')"
_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+("
    + _NAME
    + rb")(?:\s+(?:PUBLIC\s+"
    + _LITERAL
    + rb"\s*"
    + _LITERAL
    + rb"|SYSTEM\s*"
    + _LITERAL
    + rb"))?\s*",
    re.IGNORECASE,
)
_SUBSET_TOKEN = re.compile(rb"[\"'\]]|<!--|<\?")
_ENCODING = re.compile(rb"""\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")
# Python's SAX attribute lookup (used by feedparser) is linear per attribute, so an element
# with n attributes costs n**2: 50,000 of them in a 540 KB file took 105 s. Any "=" counts.
MAX_ATTRIBUTES = 1000
_CROWDED_TAG = re.compile(rb"<[A-Za-z_:][^<>=]*+(?:=[^<>=]*+){%d}" % MAX_ATTRIBUTES)
_SAFE_LITERAL = re.compile(rb"""["'][-\w .:/#?=+,;()'!*@$%]*["']""")


def _skip_space(data: bytes, pos: int, limit: int) -> int:
    space = _SPACE.match(data, pos, limit)
    return space.end() if space else pos


def _prolog_error(what: str, source: str) -> MalformedInputError:
    return MalformedInputError(f"malformed feed: {what} before the root element", source=source)


def _subset_end(data: bytes, pos: int, limit: int, source: str) -> int:
    """Where the DOCTYPE whose internal subset starts at ``data[pos]`` ("[") ends (after ">").
    Literals, comments and processing instructions in the subset may hold "]" and ">"."""
    pos += 1
    while True:
        token = _SUBSET_TOKEN.search(data, pos, limit)
        if token is None:
            raise _prolog_error("an unterminated DOCTYPE", source)
        word = token.group()
        if word == b"]":
            close = _skip_space(data, token.end(), limit)
            if data[close : close + 1] != b">":
                raise _prolog_error("a DOCTYPE not closed after its internal subset", source)
            return close + 1
        closer = {b'"': b'"', b"'": b"'", b"<!--": b"-->", b"<?": b"?>"}[word]
        end = data.find(closer, token.end(), limit)
        if end < 0:
            raise _prolog_error("an unterminated DOCTYPE", source)
        pos = end + len(closer)


def safe_prolog(data: bytes, source: str, *, encoding: bytes | None = None) -> bytes:
    """``data`` with its prolog rebuilt from the parts a feed reader needs: the XML declaration
    (version and encoding) and the document type name and public identifier.

    The internal subset of the DOCTYPE is the only place XML entities can be declared; it is
    dropped, with comments and processing instructions, before any parser sees the document.
    So no entity can expand (billion laughs, quadratic blowup) or read a file or URL (XXE) in
    feedparser's XML parser or in the lenient parser it falls back to, which expands declared
    entities without any limit. A prolog that cannot be read in its first PROLOG_LIMIT bytes
    raises MalformedInputError. ``data`` must be in an ASCII-compatible encoding;
    ``encoding`` replaces the one the XML declaration names (for a document re-encoded).
    """
    limit = min(len(data), PROLOG_LIMIT)
    pos = 3 if data.startswith(codecs.BOM_UTF8) else 0
    declaration = doctype = b""
    while True:
        pos = _skip_space(data, pos, limit)
        if _ROOT.match(data, pos, limit):
            break
        if data.startswith(b"<?", pos):
            end = data.find(b"?>", pos, limit)
            if end < 0:
                raise _prolog_error("an unterminated processing instruction", source)
            if data.startswith(b"<?xml", pos) and not declaration:
                found = _ENCODING.search(data, pos, end)
                named = encoding or (found.group(1) if found else None)
                codec = normalize_charset(named.decode("ascii")) if named else None
                if codec is None or codec.startswith(("utf-16", "utf-32")):
                    named = None  # unknown, no charset, or wide in 8-bit bytes: let it be found
                declaration = b'<?xml version="1.0"%s?>\n' % (
                    b' encoding="%s"' % named if named else b""
                )
            pos = end + 2
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos, limit)
            if end < 0:
                raise _prolog_error("an unterminated comment", source)
            pos = end + 3
        elif data[pos : pos + 9].upper() == b"<!DOCTYPE":
            head = _DOCTYPE.match(data, pos, limit)
            if head is None:
                raise _prolog_error("an unreadable DOCTYPE", source)
            ids = [i for i in head.groups()[1:] if i is not None]
            if all(_SAFE_LITERAL.fullmatch(i) for i in ids):
                kind = b" PUBLIC" if len(ids) == 2 else b" SYSTEM" if ids else b""
                doctype = b"<!DOCTYPE %s%s>\n" % (head.group(1), b" ".join([kind, *ids]))
            else:
                doctype = b"<!DOCTYPE %s>\n" % head.group(1)
            pos = head.end()
            if data[pos : pos + 1] == b"[":
                pos = _subset_end(data, pos, limit, source)
            elif data[pos : pos + 1] == b">":
                pos += 1
            else:
                raise _prolog_error("an unreadable DOCTYPE", source)
        elif pos >= limit:
            raise _prolog_error(f"no root element in the first {PROLOG_LIMIT // 1024} KiB", source)
        else:
            raise _prolog_error("text or markup other than comments and declarations", source)
    return data[: 3 if data.startswith(codecs.BOM_UTF8) else 0] + declaration + doctype + data[pos:]


def parse_feed(data: bytes, source: str) -> Any:
    """feedparser's result for ``data``; MalformedInputError when it is broken and has no
    entries, or when its prolog cannot be made safe (see :func:`safe_prolog`)."""
    import feedparser

    wide = wide_charset(data[:4096])
    if wide is None:
        data = safe_prolog(data, source)
    else:  # UTF-16/32: the prolog is read in UTF-8
        text = data.decode(wide, "replace").lstrip("\ufeff")
        data = safe_prolog(text.encode("utf-8"), source, encoding=b"utf-8")
    if _CROWDED_TAG.search(data):
        raise MalformedInputError(
            f"malformed feed: an element with more than {MAX_ATTRIBUTES} attributes",
            source=source,
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # feedparser warns about its own deprecated accessors
        try:
            parsed = feedparser.parse(
                io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False
            )
        except Exception as exc:  # a bug of the parser on hostile input must not stop the batch
            detail = " ".join(str(exc).split())[:200]
            raise MalformedInputError(
                f"malformed feed: the feed parser failed ({type(exc).__name__}: {detail})",
                source=source,
            ) from None
    if not parsed.entries:
        if parsed.get("bozo"):
            raise MalformedInputError(
                f"malformed feed: {parsed.get('bozo_exception', 'not well-formed XML')}",
                source=source,
            )
        raise MalformedInputError("feed has no entries", source=source)
    return parsed


def read_feed(data: bytes, source: str) -> Iterator[RawDocument | Failure]:
    """The entries of an RSS/Atom document as RawDocuments ``feed.xml#N`` (or Failures)."""
    try:
        parsed = parse_feed(data, source)
    except MalformedInputError as exc:
        yield Failure(source, exc.stage, exc.message)
        return
    feed = parsed.feed
    outlet = as_text(feed.get("title"))
    language = language_code(as_text(feed.get("language")))
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#{number}"
        content = _content(entry)
        if content is None:
            missing = MalformedInputError("feed entry has no content or summary", source=where)
            yield Failure(where, missing.stage, missing.message)
            continue
        value, kind = content
        meta = {
            "title": as_text(entry.get("title")),
            "author": as_text(entry.get("author")),
            "published": _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
            or as_text(entry.get("published") or entry.get("updated")),
            "outlet": outlet,
            "language": language_code(as_text((entry.get("content") or [{}])[0].get("language")))
            or language,
        }
        yield RawDocument(
            source=where,
            data=value.encode("utf-8", "replace"),
            kind=kind,
            url=as_text(entry.get("link")),
            encoding="utf-8",
            meta={k: v for k, v in meta.items() if v},
        )


__all__ = ["MAX_ATTRIBUTES", "PROLOG_LIMIT", "parse_feed", "read_feed", "safe_prolog"]
