"""One blob -> its documents: size check, gzip, format sniffing, then the right reader."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import BinaryIO

from newsfuse.config import Settings
from newsfuse.errors import EmptyInputError, InputError, MalformedInputError
from newsfuse.ingest import sniff
from newsfuse.ingest.decode import (
    bom_charset,
    check_not_binary,
    decode_bytes,
    normalize_charset,
    wide_charset,
)
from newsfuse.ingest.feeds import read_feed
from newsfuse.ingest.jsonl import read_jsonl
from newsfuse.ingest.sources import Blob
from newsfuse.ingest.streams import (
    CHUNK,
    GZIP_MAGIC,
    GunzipStream,
    TranscodedStream,
    gunzip_head,
    peek,
    read_limited,
    too_large,
)
from newsfuse.ingest.warc import read_warc
from newsfuse.records import Failure, RawDocument

# Containers are streamed record by record: the limit applies to each record, not the file.
STREAMED = (sniff.JSONL, sniff.WARC)
_TRUNCATED = "truncated gzip stream (the file ends before the compressed data does)"


def failure(exc: InputError, source: str) -> Failure:
    """The Failure record for an error raised while reading ``source``."""
    return Failure(exc.source or source, exc.stage, exc.message)


def blob_format(blob: Blob, head: bytes, gzipped: bool) -> str:
    """The format of a blob from its (decompressed) head, name and Content-Type."""
    name = sniff.strip_gz(blob.name)[0] if gzipped else blob.name
    found = sniff.sniff_format(name, head, blob.content_type)
    ctype = sniff.media_type(blob.content_type)
    if found in (sniff.TEXT, sniff.XML) and ctype in ("text/html", "application/xhtml+xml"):
        return sniff.HTML  # the server says HTML: believe it for prose-looking pages too
    return found


def read_blob(blob: Blob, settings: Settings) -> Iterator[RawDocument | Failure]:
    """Every document in ``blob`` (one for a page, many for JSONL/WARC/feeds) or Failures."""
    limit = settings.max_bytes
    if blob.size is not None:
        if blob.size == 0:
            yield failure(EmptyInputError("empty file", source=blob.source), blob.source)
            return
        if blob.size > limit and sniff.format_from_name(blob.name) not in STREAMED:
            err = too_large(blob.source, limit, blob.size)
            yield failure(err, blob.source)
            return
    try:
        raw = blob.open()
    except OSError as exc:
        reason = (
            "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        )
        yield failure(InputError(f"cannot open: {reason}", source=blob.source), blob.source)
        return
    try:
        with raw:
            yield from _read_stream(blob, raw, limit)
    except InputError as exc:
        yield failure(exc, blob.source)
    except OSError as exc:
        yield failure(InputError(f"read error: {exc.strerror or exc}"), blob.source)


def _read_stream(blob: Blob, raw: BinaryIO, limit: int) -> Iterator[RawDocument | Failure]:
    head_raw, stream = peek(raw)
    gzipped = head_raw.startswith(GZIP_MAGIC)
    head = gunzip_head(head_raw) if gzipped else head_raw
    if not head_raw.strip():
        raise EmptyInputError(
            "empty file" if blob.size is not None else "empty input", source=blob.source
        )
    # UTF-16/32 text is full of NUL bytes: sniff it as UTF-8, never refuse it as binary
    wide = wide_charset(head)
    text_head = _as_utf8(head, wide) if wide else head
    fmt = blob_format(blob, text_head, gzipped)
    gz = GunzipStream(stream, blob.source) if gzipped else None
    body: BinaryIO = io.BufferedReader(gz, CHUNK) if gz else stream
    checked = wide is not None or bom_charset(head) is not None
    if fmt in STREAMED:
        if wide:
            body = io.BufferedReader(TranscodedStream(body, wide), CHUNK)
        elif fmt == sniff.JSONL and head and not checked:
            check_not_binary(head, blob.source)
        reader = read_jsonl if fmt == sniff.JSONL else read_warc
        last: RawDocument | Failure | None = None
        for last in reader(body, blob.source, limit, skipping=gz.skipping if gz else None):
            yield last
        if gz and gz.truncated and not (isinstance(last, Failure) and "truncated" in last.reason):
            broken = MalformedInputError(f"{_TRUNCATED}, after the documents above")
            yield failure(broken, blob.source)
        return
    if head and not checked:
        check_not_binary(head, blob.source)
    what = "decompressed content" if gzipped else "content"
    data = read_limited(body, limit, source=blob.source, what=what)
    if gz and gz.truncated:
        raise MalformedInputError(_TRUNCATED, source=blob.source)
    if not data.strip():
        raise EmptyInputError(
            "empty file" if blob.size is not None else "empty input", source=blob.source
        )
    if fmt == sniff.FEED:
        yield from read_feed(data, blob.source)
        return
    if fmt == sniff.XML:
        raise MalformedInputError(
            "XML document that is not an RSS or Atom feed", source=blob.source
        )
    yield single_document(blob, data, fmt)


def _as_utf8(head: bytes, codec: str) -> bytes:
    """The start of a text in ``codec`` re-encoded as UTF-8 (a unit cut at the end dropped)."""
    return codecs.getincrementaldecoder(codec)("replace").decode(head).encode("utf-8")


def single_document(blob: Blob, data: bytes, kind: str) -> RawDocument:
    """A page or a text file as one RawDocument, after checking it decodes to some text."""
    declared = sniff.charset_from_content_type(blob.content_type)
    if declared is None and kind == sniff.HTML:
        declared = sniff.declared_charset(data)
        if (normalize_charset(declared) or "").startswith(("utf-16", "utf-32")) and not (
            wide_charset(data[:4096])
        ):
            declared = None  # a page in 8-bit bytes saying UTF-16 is wrong (WHATWG)
    if declared is None:
        declared = bom_charset(data)
    text = decode_bytes(data, source=blob.source, declared=declared, kind=kind)
    if not text.strip():
        raise EmptyInputError("empty file (only whitespace)", source=blob.source)
    return RawDocument(source=blob.source, data=data, kind=kind, url=blob.url, encoding=declared)


__all__ = ["STREAMED", "blob_format", "failure", "read_blob", "single_document"]
