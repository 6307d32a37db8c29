"""WARC and WARC.gz: every HTML (or plain-text) response record becomes a RawDocument.

Records are numbered among the response/resource records of the file (``crawl.warc.gz#2`` is
the second), so a number keeps pointing at the same record whether or not others were kept.
Request, metadata, revisit and warcinfo records, non-2xx responses and non-document payloads
(images, scripts, CSS ...) are skipped. A file that breaks off mid-record yields the records
before the break, then one Failure.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from newsfuse.errors import InputError, MalformedInputError
from newsfuse.ingest.decode import clean_controls
from newsfuse.ingest.sniff import (
    binary_signature,
    charset_from_content_type,
    looks_like_html,
    media_type,
)
from newsfuse.ingest.streams import CountingStream, gzip_error, read_exactly, too_large
from newsfuse.records import Failure, RawDocument

DOCUMENT_RECORDS = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)


def _payload_kind(ctype: str, payload: bytes) -> str | None:
    """ "html", "text", or None for payloads that are not documents."""
    if ctype in _HTML_TYPES:
        return "html"
    if ctype in _TEXT_TYPES:
        return "html" if looks_like_html(payload[:65536]) else "text"
    if ctype and not ctype.startswith("text/") and ctype not in ("application/octet-stream",):
        return None
    if binary_signature(payload[:512]):
        return None
    return "html" if looks_like_html(payload[:65536]) else None


def _status(record: Any) -> int | None:
    if record.http_headers is None:
        return None
    code = record.http_headers.get_statuscode()
    return int(code) if code and str(code).isdigit() else None


def read_warc(stream: BinaryIO, source: str, limit: int) -> Iterator[RawDocument | Failure]:
    """The documents of an uncompressed WARC stream, then a Failure if it breaks off.

    ``limit`` caps each record's payload (a bigger one is a Failure for that record).
    """
    counter = CountingStream(stream)
    number = 0
    try:
        archive = ArchiveIterator(counter)
        for record in archive:
            if record.rec_type not in DOCUMENT_RECORDS:
                continue
            number += 1
            where = f"{source}#{number}"
            try:
                doc = _document(record, where, limit)
            except MalformedInputError:
                raise  # the file breaks off inside this record: nothing after it can be read
            except InputError as exc:
                yield Failure(where, exc.stage, exc.message)
                continue
            if doc is not None:
                yield doc
        # warcio stops silently when a file ends inside record headers: look for leftovers.
        while read_exactly(counter, 1 << 20):
            pass
        if counter.count and (counter.tail != b"\r\n\r\n" or counter.count - archive.offset > 4):
            raise MalformedInputError(
                f"truncated WARC: the file breaks off inside the record after record {number}",
                source=source,
            )
    except MalformedInputError as exc:
        yield Failure(source, exc.stage, exc.message)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        broken = gzip_error(exc, source)
        yield Failure(source, broken.stage, f"{broken.message}, after record {number}")
    except Exception as exc:  # warcio raises many kinds (ArchiveLoadFailed, ValueError, ...)
        detail = " ".join(str(exc).split())[:200]
        broken = MalformedInputError(
            f"truncated or malformed WARC after record {number}: {type(exc).__name__}: {detail}"
        )
        yield Failure(source, broken.stage, broken.message)


def _document(record: Any, where: str, limit: int) -> RawDocument | None:
    """One response/resource record -> RawDocument; None when it is not a document."""
    status = _status(record)
    if status is not None and not 200 <= status < 300:
        return None
    if record.http_headers is not None:
        ctype_header = record.http_headers.get_header("Content-Type")
    else:
        ctype_header = record.rec_headers.get_header("Content-Type")
    stream = record.content_stream()
    payload = read_exactly(stream, limit + 1)
    if len(payload) > limit:
        raise too_large(where, limit, what="record payload")
    remaining = getattr(record.raw_stream, "limit", 0)
    if remaining and not record.raw_stream.read(1):  # EOF before the declared Content-Length
        raise MalformedInputError(
            f"truncated WARC: the file breaks off {remaining} bytes before the end of this record",
            source=where,
        )
    kind = _payload_kind(media_type(ctype_header), payload)
    if kind is None:
        return None
    if not payload.strip():
        raise InputError("empty payload", source=where)
    return RawDocument(
        source=where,
        data=payload,
        kind=kind,
        url=clean_controls(record.rec_headers.get_header("WARC-Target-URI") or "").strip() or None,
        encoding=charset_from_content_type(ctype_header),
    )


__all__ = ["DOCUMENT_RECORDS", "read_warc"]
