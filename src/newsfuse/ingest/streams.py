"""Byte-stream helpers shared by the readers: bounded reads, peeking, gzip with a size cap.

Nothing here reads more than it is asked to: a 50 MB page with a 1 MB limit costs at most
1 MB + 1 byte of memory, and a gzip bomb is stopped as soon as its output passes the limit.
"""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from typing import BinaryIO, Protocol

from newsfuse.errors import InputTooLargeError, MalformedInputError

MiB = 1024 * 1024
KiB = 1024
HEAD_SIZE = 64 * KiB
CHUNK = 256 * KiB
GZIP_MAGIC = b"\x1f\x8b"
#: decompressed / compressed size of skipped gzip data that makes a bomb (text: 3 to 15)
MAX_RATIO = 100
#: skipped bytes judged by their ratio only past this much (a first block may compress well)
SKIP_GRACE = 1024 * 1024


class Readable(Protocol):
    """Anything with ``read(n) -> bytes`` (files, GzipFile, sockets' makefile, BytesIO)."""

    def read(self, size: int = ..., /) -> bytes: ...


def human_size(n: int) -> str:
    """``n`` bytes as a short decimal size: ``"52.4 MB"``, ``"12.0 kB"``, ``"17 bytes"``."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def human_limit(n: int) -> str:
    """A limit the way a user set it: ``"32 MiB"``, ``"64 KiB"`` or ``"1000 bytes"``."""
    if n % MiB == 0:
        return f"{n // MiB} MiB"
    if n % KiB == 0:
        return f"{n // KiB} KiB"
    return f"{n} bytes"


def too_large(
    source: str, limit: int, size: int | None = None, what: str = ""
) -> InputTooLargeError:
    """The error for an input over ``limit`` bytes; ``size`` when it is known (a file size)."""
    got = human_size(size) if size is not None else f"{what or 'content'} exceeds"
    sep = " >" if size is not None else ""
    return InputTooLargeError(
        f"too large: {got}{sep} limit {human_limit(limit)} (raise --max-bytes)", source=source
    )


def read_exactly(stream: Readable, n: int) -> bytes:
    """Up to ``n`` bytes from ``stream``, looping over short reads; fewer only at end of stream."""
    parts: list[bytes] = []
    remaining = n
    while remaining > 0:
        chunk = stream.read(min(remaining, CHUNK))
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def read_limited(stream: Readable, limit: int, *, source: str, what: str = "") -> bytes:
    """All of ``stream``, or InputTooLargeError as soon as more than ``limit`` bytes arrive.

    Gzip streams raise MalformedInputError("truncated gzip stream") / ("corrupt gzip ...").
    """
    try:
        data = read_exactly(stream, limit + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise gzip_error(exc, source) from exc
    if len(data) > limit:
        raise too_large(source, limit, what=what)
    return data


def gzip_error(exc: BaseException, source: str) -> MalformedInputError:
    """A MalformedInputError naming what went wrong in a gzip stream."""
    if isinstance(exc, EOFError):
        return MalformedInputError(
            "truncated gzip stream (the file ends before the compressed data does)", source=source
        )
    return MalformedInputError(f"corrupt gzip stream: {exc}", source=source)


def gunzip_head(data: bytes, n: int = HEAD_SIZE) -> bytes:
    """The first (up to ``n``) decompressed bytes of the gzip data ``data`` starts with.

    Needs only a prefix of the compressed stream; gives b"" when that prefix is not gzip.
    """
    d = zlib.decompressobj(wbits=31)
    try:
        return d.decompress(data, n)
    except zlib.error:
        return b""


class PrefixedStream(io.RawIOBase):
    """A read-only stream that serves ``head`` (bytes already read) and then the rest of ``rest``.

    Lets a reader peek at the start of a non-seekable stream (stdin, a socket) and still hand
    the whole stream to a parser.
    """

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = memoryview(head)
        self._pos = 0
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        out = memoryview(buffer)
        if self._pos < len(self._head):
            n = min(len(out), len(self._head) - self._pos)
            out[:n] = self._head[self._pos : self._pos + n]
            self._pos += n
            return n
        data = self._rest.read(len(out))
        if not data:
            return 0
        out[: len(data)] = data
        return len(data)


def peek(stream: BinaryIO, n: int = HEAD_SIZE) -> tuple[bytes, BinaryIO]:
    """Read the first ``n`` bytes of ``stream``; give them and a stream that starts over."""
    head = read_exactly(stream, n)
    return head, io.BufferedReader(PrefixedStream(head, stream), buffer_size=HEAD_SIZE)


class GunzipStream(io.RawIOBase):
    """Decompresses a gzip stream (several members allowed) as it is read.

    Unlike gzip.GzipFile it does not throw away what it decoded when the input breaks off:
    it ends the stream there and sets ``truncated``, so a reader can keep the records before
    the break and report the break once. Corrupt data raises MalformedInputError.

    A reader that throws away what it reads (the rest of a JSONL line or WARC record over the
    limit) says so with :meth:`skipping`: data skipped that comes out more than MAX_RATIO
    times bigger than it went in is a compression bomb, and InputTooLargeError stops the file
    there. Text compresses 3 to 15 times; a 6 MB .jsonl.gz holding one 6 GB line is 1,000
    times, and skipping it no longer means decompressing 6 GB (a minute) to reach the next
    line. What is read to be kept is never judged by its ratio: a file of many identical
    lines is read to its end.
    """

    def __init__(self, raw: BinaryIO, source: str):
        self._raw = raw
        self._source = source
        self._z = zlib.decompressobj(wbits=31)
        self._pending = b""
        self.truncated = False
        self._done = False
        self.consumed = 0  # compressed bytes read
        self.produced = 0  # decompressed bytes made
        self._skip_from: tuple[int, int] | None = None

    def readable(self) -> bool:
        return True

    def skipping(self, on: bool) -> None:
        """Whether what is read from now on is thrown away (see the class docstring)."""
        self._skip_from = (self.consumed, self.produced) if on else None

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        out = memoryview(buffer)
        while not self._pending and not self._done:
            self._fill(len(out))
        n = min(len(out), len(self._pending))
        out[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _read_raw(self) -> bytes:
        data = self._raw.read(CHUNK)
        self.consumed += len(data)
        return data

    def _fill(self, want: int) -> None:
        if self._z.eof:
            rest = self._z.unused_data
            if not rest:
                rest = self._read_raw()
                if not rest:
                    self._done = True
                    return
            if not rest.strip(b"\x00"):  # zero padding after the last member
                self._done = True
                return
            self._z = zlib.decompressobj(wbits=31)
            data = rest
        else:
            data = self._z.unconsumed_tail or self._read_raw()
            if not data:
                self.truncated = True
                self._done = True
                return
        try:
            self._pending = self._z.decompress(data, max(want, CHUNK))
        except zlib.error as exc:
            raise MalformedInputError(f"corrupt gzip stream: {exc}", source=self._source) from None
        self.produced += len(self._pending)
        if self._skip_from is not None:
            went_in = self.consumed - self._skip_from[0]
            came_out = self.produced - self._skip_from[1]
            if came_out > SKIP_GRACE and came_out > MAX_RATIO * max(went_in, 1):
                raise InputTooLargeError(
                    f"too large: a compression bomb (what is skipped past the limit comes out "
                    f"more than {MAX_RATIO} times bigger than the compressed data; the rest of "
                    "the file is not read)",
                    source=self._source,
                )


class TranscodedStream(io.RawIOBase):
    """Serves a stream of text in ``codec`` (UTF-16 or UTF-32) as UTF-8, as it is read, so
    that line-based readers (JSONL) can split it on b"\\n". Bad units become U+FFFD."""

    def __init__(self, raw: Readable, codec: str):
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(codec)("replace")
        self._pending = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        out = memoryview(buffer)
        while not self._pending and not self._done:
            data = self._raw.read(CHUNK)
            self._done = not data
            self._pending = self._decoder.decode(data, final=self._done).encode("utf-8")
        n = min(len(out), len(self._pending))
        out[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


class CountingStream(io.RawIOBase):
    """Wraps a stream and counts the bytes read through it (to find what a parser left over)."""

    def __init__(self, inner: BinaryIO):
        self._inner = inner
        self.count = 0
        self.first = b""  # the first bytes read (up to 4)
        self.tail = b""  # the last 4 bytes read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        n = len(data)
        memoryview(buffer)[:n] = data
        if self.count < 4:
            self.first = (self.first + data)[:4]
        self.count += n
        if n:
            self.tail = (self.tail + data)[-4:]
        return n


__all__ = [
    "GZIP_MAGIC",
    "HEAD_SIZE",
    "MAX_RATIO",
    "SKIP_GRACE",
    "CountingStream",
    "GunzipStream",
    "PrefixedStream",
    "TranscodedStream",
    "gunzip_head",
    "gzip_error",
    "human_limit",
    "human_size",
    "peek",
    "read_exactly",
    "read_limited",
    "too_large",
]
