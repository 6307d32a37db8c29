"""Bytes to text: the charset cascade used for every document.

Order: byte-order mark -> a declared UTF-16/32 -> UTF-16 without a BOM -> refuse binary
content (magic numbers, control bytes) -> the declared charset (HTTP, WARC) if it decodes
cleanly -> for HTML the <meta charset>/http-equiv/<?xml?> of the first 4 KB -> UTF-8 strict ->
mostly-UTF-8 with a few bad bytes (decoded with U+FFFD) -> charset-normalizer's best guess ->
latin-1 as a last resort.

Then the text is cleaned the same way for every kind of input: "\\n" newlines, no leading
BOM, no control characters and no terminal escape sequences (:func:`clean_controls`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from newsfuse.errors import BinaryInputError
from newsfuse.ingest.sniff import binary_signature, declared_charset

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Web pages that say latin-1/ascii mean windows-1252 (WHATWG encoding standard).
_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "iso-8859-1": "cp1252"}
_SAMPLE = 64 * 1024


# Python text codecs that are no charset of any page: a label naming one is unknown (WHATWG
# has no such label; "undefined" raises on any input, "utf-7" turns "+ADw-" into "<").
_NOT_CHARSETS = frozenset(
    ["undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "charmap"]
)


def normalize_charset(name: str | None) -> str | None:
    """The Python codec for a charset label (``"ISO-8859-1"`` -> ``"cp1252"``); None if unknown
    (and for codecs that are no charset: base64, rot13, idna, undefined, utf-7 ...)."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return _ALIASES.get(info.name, info.name)


def bom_charset(data: bytes) -> str | None:
    """The encoding named by a leading byte-order mark, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """The codec ("utf-16-le" or "utf-16-be") of UTF-16 text without a byte-order mark, else None.

    Text in a Latin script has a NUL high byte in nearly every code unit and almost never a
    NUL low byte; the first 4 KB must show that pattern, decode without error (but for a unit
    cut at the end), and read as text: few control characters, mostly letters. Binary data
    with many NUL bytes (int16 arrays, silence in audio, padding) fails one of these.
    """
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8 or binary_signature(data[:512]):
        return None
    half = len(sample) // 2
    low_high = (
        (sample[0::2], sample[1::2], "utf-16-le"),
        (sample[1::2], sample[0::2], "utf-16-be"),
    )
    for low, high, codec in low_high:
        if high.count(0) < 0.6 * half or low.count(0) > 0.01 * half:
            continue
        try:
            text = codecs.getincrementaldecoder(codec)().decode(sample, final=False)
        except UnicodeDecodeError:
            return None
        if _control_ratio(text) > 0.05:
            return None
        visible = [ch for ch in text if not ch.isspace()]
        letters = sum(1 for ch in visible if ch.isalpha())
        return codec if visible and letters >= 0.5 * len(visible) else None
    return None


def wide_charset(head: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding of text that starts with ``head`` (its byte-order mark,
    or UTF-16 recognised without one), else None. Such text is full of NUL bytes: it must be
    decoded before any check for binary content or any sniffing of its format."""
    bom = bom_charset(head)
    if bom:
        return bom if bom != "utf-8" else None
    return utf16_without_bom(head)


_NEWLINES = re.compile("[\r\x0b\x0c\x85]")
# Terminal escape sequences, removed whole so that no "[2J" or "]0;title" is left in the text:
# CSI (ESC [ or 0x9B, parameters, a final byte: colours, cursor moves, clearing the screen);
# OSC, DCS, SOS, PM and APC strings up to their terminator (BEL or ST), such as a window title
# (an unterminated one loses its introducer only); other ESC sequences (ESC c, ESC ( B ...).
_ESCAPE = re.compile(
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]"
    "|(?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x90\x98\x9c-\x9f]{0,4096}(?:\x07|\x1b\\\\|\x9c)"
    "|\x1b[ -/]*[0-~]"
)
_INTRODUCER = re.compile("[\x1b\x90\x98\x9b\x9d-\x9f]")
# What is left after that: C0 and C1 controls but tab and newline (carriage return, vertical
# tab, form feed and NEL become newlines first).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_controls(text: str) -> str:
    """``text`` without terminal escape sequences and control characters (NUL, ESC, DEL,
    C1 ...): tab and newline stay; carriage return, vertical tab, form feed and NEL become
    newlines (make "\\r\\n" one newline first). Every decoded document and every metadata
    value from a container goes through this. Text without controls is returned as it is
    after one scan."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _NEWLINES.sub("\n", _drop_escapes(text)))


def _drop_escapes(text: str) -> str:
    # _ESCAPE.sub would try to match at every character; matching only where an introducer
    # is found costs one fast scan (or none for ASCII text without ESC).
    if text.isascii() and "\x1b" not in text:
        return text
    pieces: list[str] = []
    done = 0
    for start in _INTRODUCER.finditer(text):
        at = start.start()
        found = _ESCAPE.match(text, at) if at >= done else None
        if found:
            pieces.append(text[done:at])
            done = found.end()
    pieces.append(text[done:])
    return "".join(pieces)


def _clean(text: str) -> str:
    text = text.lstrip("\ufeff")  # a BOM, and any BOM doubled by a bad re-encoding
    return clean_controls(text.replace("\r\n", "\n"))


def _try(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        if codec == "cp1252":  # bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252
            return data.decode("latin-1")
        return None


# C0 and C1 control characters other than whitespace and ESC.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))


def _control_ratio(sample: str) -> float:
    if not sample:
        return 0.0
    return len(_CONTROL_CHARS.findall(sample)) / len(sample)


def check_not_binary(data: bytes, source: str) -> None:
    """Raise BinaryInputError when ``data`` starts like a known binary format or is full of
    control bytes (checks the first 64 KB only)."""
    what = binary_signature(data[:512])
    if what:
        raise BinaryInputError(
            f"binary content, not text or HTML (looks like {what})", source=source
        )
    sample = data[:_SAMPLE]
    if not sample:
        return
    nul = sample.count(0)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if nul / len(sample) > 0.01 or controls / len(sample) > 0.05:
        raise BinaryInputError(
            f"binary content, not text or HTML ({controls} control bytes"
            f"{f', {nul} NUL bytes' if nul else ''} in the first {len(sample)} bytes)",
            source=source,
        )


def _mostly_utf8(data: bytes) -> str | None:
    """Text that is UTF-8 but for a few stray bytes, decoded with replacement; else None."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad  # non-ASCII, counted in C
    if good > 0 and bad <= good:
        return text
    return None


# Latin-script codecs charset-normalizer may rank above cp1252 on short texts (normalised names).
_LATIN_FAMILY = frozenset(
    [
        "cp1250",
        "cp1254",
        "cp1257",
        "iso8859-2",
        "iso8859-3",
        "iso8859-4",
        "iso8859-9",
        "iso8859-10",
        "iso8859-13",
        "iso8859-14",
        "iso8859-15",
        "iso8859-16",
    ]
)
# DOS and Mac code pages: never seen on news sites; cp1252 is the better reading.
_RARE = frozenset(
    [
        "cp437",
        "cp850",
        "cp852",
        "cp858",
        "cp775",
        "cp1006",
        "hp-roman8",
        "mac-roman",
        "mac-iceland",
        "mac-turkish",
        "mac-latin2",
        "mac-croatian",
        "mac-romanian",
    ]
)


def _latin_score(text: str) -> int:
    """How plausible a Latin-script decoding is: non-ASCII letters inside words count +1;
    letters standing alone and symbols other than punctuation or currency count -1."""
    score = 0
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            continue
        if ch.isalpha():
            inside = (i > 0 and text[i - 1].isalpha()) or (i < last and text[i + 1].isalpha())
            score += 1 if inside else -1
        else:
            cat = unicodedata.category(ch)
            if cat[0] not in "PZ" and cat != "Sc":
                score -= 1
    return score


def _guess(data: bytes) -> str | None:
    """charset-normalizer's best guess, kept honest for Western text.

    On short texts it often ranks cp1250 or a Mac code page above windows-1252 for plain
    French or German; among Latin-script guesses windows-1252 wins unless the guess decodes
    to strictly more letters (Polish in cp1250 does, French in cp1250 does not).
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 512 * 1024]).best()
    if best is None:
        return None
    guess = normalize_charset(best.encoding) or "cp1252"
    text = _try(data, guess)
    if text is None:
        return None
    if guess in _RARE:
        return _try(data, "cp1252")
    if guess in _LATIN_FAMILY:
        western = _try(data, "cp1252")
        # judged on the start: a Python loop over 30 MB took 8 s, twice per document
        if western is not None and _latin_score(western[:_SAMPLE]) >= _latin_score(text[:_SAMPLE]):
            return western
    return text


def decode_bytes(
    data: bytes, *, source: str, declared: str | None = None, kind: str = "text"
) -> str:
    """Decode one document's bytes to text with "\\n" newlines and no leading BOM.

    ``source`` names the input in errors; ``declared`` is a charset from HTTP/WARC headers
    (used when it decodes cleanly); ``kind="html"`` also honours <meta charset> in the first
    4 KB. Raises BinaryInputError for images, archives, PDFs and other non-text bytes.
    """
    bom = bom_charset(data)
    if bom:
        return _clean(data[len(codecs.BOM_UTF8) if bom == "utf-8" else 0 :].decode(bom, "replace"))
    wide = normalize_charset(declared)
    if wide and wide.startswith(
        ("utf-16", "utf-32")
    ):  # has NUL bytes: decode before the binary check
        text = _try(data, wide)
        if text is not None and _control_ratio(text[:_SAMPLE]) <= 0.05:
            return _clean(text)
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        text = data.decode(utf16, "replace")
        if _control_ratio(text[:_SAMPLE]) <= 0.05:
            return _clean(text)
    check_not_binary(data, source)
    candidates = [normalize_charset(declared)]
    if kind == "html":
        candidates.append(normalize_charset(declared_charset(data)))
    candidates.append("utf-8")
    for codec in candidates:
        if codec and codec.startswith(("utf-16", "utf-32")):
            continue  # a <meta> saying UTF-16 on a page without NUL bytes is wrong (WHATWG)
        text = _try(data, codec)
        if text is not None:
            break
    else:
        text = _mostly_utf8(data) or _guess(data) or data.decode("latin-1")
    if _control_ratio(text[:_SAMPLE]) > 0.05:
        raise BinaryInputError(
            "binary content, not text or HTML (too many unprintable characters)", source=source
        )
    return _clean(text)


__all__ = [
    "bom_charset",
    "check_not_binary",
    "clean_controls",
    "decode_bytes",
    "normalize_charset",
    "utf16_without_bom",
    "wide_charset",
]
