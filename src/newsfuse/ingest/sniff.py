"""Format detection: what an input is, from its name and (above all) its first bytes.

Content wins over the extension: a ``.txt`` file holding HTML is HTML, a ``.html`` file
holding plain prose is text, a file without extension holding JSON lines is JSONL.
"""

from __future__ import annotations

import posixpath
import re

from newsfuse.errors import MalformedInputError
from newsfuse.ingest.jsonvalue import load_json, too_deep

# Formats a blob can have. "html" and "text" are single documents; the others are containers.
HTML, TEXT, JSONL, WARC, FEED, XML = "html", "text", "jsonl", "warc", "feed", "xml"

# (magic bytes, offset, description) of common non-text files.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"WEBP", 8, "WebP image"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"\x00\x00\x01\x00", 0, "ICO image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "ZIP archive (or an Office document)"),
    (b"PK\x05\x06", 0, "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "old Microsoft Office document"),
    (b"\x1f\x8b", 0, "gzip data"),
    (b"BZh", 0, "bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd data"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"ustar", 257, "tar archive"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"MZ\x90\x00", 0, "Windows executable"),
    (b"\xca\xfe\xba\xbe", 0, "Java class file"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"\x00asm", 0, "WebAssembly module"),
    (b"ftyp", 4, "MP4/MOV video"),
    (b"ID3", 0, "MP3 audio"),
    (b"OggS", 0, "Ogg media"),
    (b"fLaC", 0, "FLAC audio"),
    (b"\x1aE\xdf\xa3", 0, "Matroska/WebM video"),
    (b"wOFF", 0, "WOFF font"),
    (b"wOF2", 0, "WOFF2 font"),
)

_TEXT_EXT = {".txt", ".text", ".md", ".markdown", ".rst", ""}
_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"}
_JSONL_EXT = {".jsonl", ".ndjson", ".jsonlines"}
_WARC_EXT = {".warc", ".arc"}
_FEED_EXT = {".rss", ".atom", ".xml", ".rdf"}

# A comment ends at its first "-->" (atomic): a lazy ".*?" free to reach a later "-->" made
# n comments match in 2**n ways before a failure (20 comment lines: 0.9 s; 30: 15 minutes).
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?>.*?-->)\s*)*+<(?:!doctype\s+html|html|head|body|meta|title"
    rb"|article|div|p|section|main|header|nav|span|h[1-6]|table|ul|ol|br|link|script|style|font|center)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<(?:!doctype\s+html|html[\s>]|body[\s>]|head>)", re.IGNORECASE)
_TAG = re.compile(
    rb"</?(?:p|div|br|a|span|b|i|em|strong|li|ul|ol|h[1-6]|img|table|tr|td|article|section)\b[^<>]*>",
    re.IGNORECASE,
)
# The document element of a feed, matched where the prolog ends (see _prolog_end): the prolog
# itself is skipped by a scan, since a pattern for "any number of comments, processing
# instructions and DOCTYPEs" let ".*?" reach a later "-->" and tried 2**n ways per n comments.
_FEED_ROOT = re.compile(
    rb"<(?:rss\b|rdf:RDF\b|(?:\w+:)?feed\b[^>]*http://www\.w3\.org/2005/Atom)", re.IGNORECASE
)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
#: Sniffing reads at most this many bytes of a document (what it looks for is at its start).
SNIFF_BYTES = 64 * 1024
_XML_DECL = re.compile(rb"^\s*<\?xml\b", re.IGNORECASE)
# Each try stops at the next "<" and each run of white space is read one way only: linear.
_META_CHARSET = re.compile(
    rb"""<meta[^<>]+?charset\s*+=\s*+(?:["']\s*+)?([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


def binary_signature(head: bytes) -> str | None:
    """What a non-text file looks like (``"PNG image"``), from its first bytes; None if unknown."""
    for magic, offset, what in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return what
    return None


def strip_gz(name: str) -> tuple[str, bool]:
    """``("page.html", True)`` for ``"page.html.gz"``; the name unchanged and False otherwise."""
    lower = name.lower()
    for ext in (".gz", ".gzip", ".tgz"):
        if lower.endswith(ext) and ext != ".tgz":
            return name[: -len(ext)], True
    return name, False


def extension(name: str) -> str:
    """The lower-case last suffix of a file name or URL path (``""`` when there is none)."""
    base = posixpath.basename(name.split("?", 1)[0].split("#", 1)[0])
    ext = posixpath.splitext(base)[1].lower()
    return ext if len(ext) > 1 else ""


def format_from_name(name: str) -> str | None:
    """The format an extension promises (after removing ``.gz``), or None if it says nothing."""
    ext = extension(strip_gz(name)[0])
    if ext in _HTML_EXT:
        return HTML
    if ext in _JSONL_EXT:
        return JSONL
    if ext in _WARC_EXT:
        return WARC
    if ext in _FEED_EXT:
        return FEED
    if ext in _TEXT_EXT:
        return TEXT
    return None


def looks_like_html(head: bytes) -> bool:
    """True when the start of a document is HTML markup rather than prose."""
    head = head[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head) or _HTML_ANYWHERE.search(head[:4096]):
        return True
    return len(_TAG.findall(head[:8192])) >= 4


def looks_like_feed(head: bytes) -> bool:
    """True when the document element is ``<rss>``, ``<rdf:RDF>`` or an Atom ``<feed>`` (in the
    first :data:`SNIFF_BYTES`)."""
    head = head[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")
    start = _prolog_end(head)
    return start >= 0 and _FEED_ROOT.match(head, start) is not None


_SPACE = frozenset(b" \t\n\r\f\v")


def _prolog_end(head: bytes) -> int:
    """Where the first element of an XML document starts in ``head``: past white space, the XML
    declaration, comments, processing instructions and DOCTYPEs (without an internal subset),
    in any order; -1 when one of them is not closed in ``head``. One scan, left to right."""
    i, n = 0, len(head)
    while True:
        while i < n and head[i] in _SPACE:
            i += 1
        if head.startswith(b"<!--", i):
            close = head.find(b"-->", i + 4)
            step = 3
        elif head.startswith(b"<?", i):
            close = head.find(b"?>", i + 2)
            step = 2
        elif _DOCTYPE.match(head, i):
            close = head.find(b">", i + 9)
            step = 1
        else:
            return i
        if close < 0:
            return -1
        i = close + step


def looks_like_jsonl(head: bytes) -> bool:
    """True when the first non-blank line is a JSON object (or, cut by the head, opens like one)."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text.startswith(b"{"):
        return False
    first, newline, _ = text.partition(b"\n")
    opens_like_object = re.match(rb'\{\s*"', first) is not None
    line = first.decode("utf-8", "replace")
    if too_deep(line) is not None:
        return opens_like_object  # not parsed: the JSONL reader reports the line
    try:
        return isinstance(load_json(line, source=""), dict)
    except MalformedInputError:
        # A first line longer than the head has no newline yet: judge by how it opens.
        return not newline and opens_like_object


def looks_like_warc(head: bytes) -> bool:
    """True for the (decompressed) start of a WARC file."""
    return head.startswith((b"WARC/1.", b"WARC/0."))


def sniff_format(name: str, head: bytes, content_type: str | None = None) -> str:
    """The format of a blob: "warc", "feed", "jsonl", "html", "xml" or "text".

    ``name`` is the file name or URL path (used only as a tie-breaker), ``head`` the first
    (decompressed) bytes, ``content_type`` the HTTP media type when the blob came from a URL.
    """
    by_name = format_from_name(name)
    if looks_like_warc(head):
        return WARC
    if looks_like_feed(head):
        return FEED
    if looks_like_jsonl(head):
        return JSONL
    if looks_like_html(head):
        return HTML
    if by_name in (JSONL, WARC):
        # The name promises a container: parse it as one, so broken parts are reported as such.
        return by_name
    ctype = media_type(content_type)
    if _XML_DECL.match(head.lstrip(b"\xef\xbb\xbf")) or (
        by_name == FEED and head.lstrip().startswith(b"<")
    ):
        return XML
    if ctype in ("text/html", "application/xhtml+xml") and head.lstrip().startswith(b"<"):
        return HTML
    return TEXT


def declared_charset(head: bytes) -> str | None:
    """The charset a document declares in its first 4 KB (<meta charset>, http-equiv, <?xml?>)."""
    window = head[:4096]
    m = _XML_ENCODING.match(window) or _META_CHARSET.search(window)
    return m.group(1).decode("ascii").lower() if m else None


def charset_from_content_type(value: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header value, lower-cased, or None."""
    if not value:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", value, re.IGNORECASE)
    return m.group(1).lower() if m else None


def media_type(value: str | None) -> str:
    """The bare media type of a Content-Type header value (``"text/html"``), lower-cased."""
    return (value or "").split(";", 1)[0].strip().lower()


__all__ = [
    "FEED",
    "HTML",
    "JSONL",
    "SNIFF_BYTES",
    "TEXT",
    "WARC",
    "XML",
    "binary_signature",
    "charset_from_content_type",
    "declared_charset",
    "extension",
    "format_from_name",
    "looks_like_feed",
    "looks_like_html",
    "looks_like_jsonl",
    "looks_like_warc",
    "media_type",
    "sniff_format",
    "strip_gz",
]
