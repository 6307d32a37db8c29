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
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BUFF_SIZE, DecompressingBufferedReader

from newsfuse.errors import InputError, InputTooLargeError, MalformedInputError
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


# Record and HTTP headers are read line by line by warcio, which grows a line by copying
# it (16 MiB took a second, 64 MiB a quarter of a minute) and keeps every header line.
MAX_HEADER_LINE = 1024 * 1024
MAX_HEADER_LINES = 4096


class _BoundedReader(DecompressingBufferedReader):
    """warcio's buffered reader with its line reads bounded: headers are read with
    ``readline`` and payloads with ``read``, so the lines read since the last ``read`` are
    headers (and blank lines between records); too long a line or too many of them make the
    WARC malformed instead of filling the memory."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._lines = 0

    def read(self, length: int | None = None) -> bytes:
        self._lines = 0
        return bytes(super().read(length))

    def readline(self, length: int | None = None) -> bytes:
        cap = MAX_HEADER_LINE + 1 if not length or length < 0 else min(length, MAX_HEADER_LINE + 1)
        parts: list[bytes] = []
        size = 0
        while size < cap:  # warcio's readline(n) may stop short of n without a newline
            piece = bytes(super().readline(cap - size))
            parts.append(piece)
            size += len(piece)
            if not piece or piece.endswith(b"\n"):
                break
        line = b"".join(parts)
        self._lines += 1
        if len(line) > MAX_HEADER_LINE and not line.endswith(b"\n"):
            raise MalformedInputError(
                f"malformed WARC: a header line longer than {MAX_HEADER_LINE // 1024 // 1024} MiB"
            )
        if self._lines > MAX_HEADER_LINES:
            raise MalformedInputError(f"malformed WARC: more than {MAX_HEADER_LINES} header lines")
        return line


class _Archive(ArchiveIterator):
    """ArchiveIterator reading through a _BoundedReader."""

    def __init__(self, fileobj: Any):
        super().__init__(fileobj)
        self.reader: Any = _BoundedReader(self.fh, block_size=BUFF_SIZE)


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
    code = str(record.http_headers.get_statuscode() or "")
    # ASCII digits only ("²00".isdigit() is True and int() refuses it), three of them
    return int(code) if len(code) == 3 and code.isascii() and code.isdigit() else None


def read_warc(
    stream: BinaryIO,
    source: str,
    limit: int,
    *,
    skipping: Callable[[bool], None] | None = None,
) -> Iterator[RawDocument | Failure]:
    """The documents of an uncompressed WARC stream, then a Failure if it breaks off.

    ``limit`` caps each record's payload (a bigger one is a Failure for that record);
    ``skipping`` (GunzipStream.skipping for a .warc.gz) is told while the rest of such a
    record is read only to be thrown away.
    """
    counter = CountingStream(stream)
    number = 0
    try:
        archive = _Archive(counter)
        for record in archive:
            if skipping:
                skipping(False)
            if record.rec_type not in DOCUMENT_RECORDS:
                continue
            number += 1
            where = f"{source}#{number}"
            try:
                doc = _document(record, where, limit)
            except MalformedInputError:
                raise  # the file breaks off inside this record: nothing after it can be read
            except InputError as exc:
                if skipping and isinstance(exc, InputTooLargeError):
                    skipping(True)  # warcio reads the rest of the record to reach the next
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
    except InputError as exc:  # a compression bomb in a .warc.gz
        yield Failure(source, exc.stage, f"{exc.message}, after record {number}")
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
