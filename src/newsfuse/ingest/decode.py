"""Bytes to text: the charset cascade used for every document.

Order: refuse binary content (magic numbers) -> byte-order mark -> the declared charset (HTTP,
WARC) if it decodes cleanly -> for HTML the <meta charset>/http-equiv/<?xml?> of the first
4 KB -> refuse content full of control bytes -> UTF-8 strict -> mostly-UTF-8 with a few bad
bytes (decoded with U+FFFD) -> charset-normalizer's best guess -> latin-1 as a last resort.
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


def normalize_charset(name: str | None) -> str | None:
    """The Python codec for a charset label (``"ISO-8859-1"`` -> ``"cp1252"``); None if unknown."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return _ALIASES.get(codec, codec)


def bom_charset(data: bytes) -> str | None:
    """The encoding named by a leading byte-order mark, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM, recognised by NUL bytes on every other position."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    for zeros, codec in ((odd.count(0), "utf-16-le"), (even.count(0), "utf-16-be")):
        if zeros > 0.6 * half:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _clean(text: str) -> str:
    text = text.lstrip("\ufeff")  # a BOM, and any BOM doubled by a bad re-encoding
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    good = sum(1 for ch in text if ord(ch) > 127) - bad
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
        if western is not None and _latin_score(western) >= _latin_score(text):
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
    text16 = _utf16_without_bom(data)
    if text16 is not None and _control_ratio(text16[:_SAMPLE]) <= 0.05:
        return _clean(text16)
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


__all__ = ["bom_charset", "check_not_binary", "decode_bytes", "normalize_charset"]
