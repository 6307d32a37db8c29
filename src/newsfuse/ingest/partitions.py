"""The inputs cut into partitions that workers read themselves (the Dask backend).

The client lists the inputs (paths, directories, globs: names and sizes only, from
``os.stat``) and describes them as partitions; a worker opens the files of a partition and
reads its documents exactly as :func:`~newsfuse.ingest.iter_documents` would, in the same
order, with the same sources, failures and limits. The client never holds their content.

- :class:`FilesPart`: a few whole files (pages, text files, WARC, feeds, ``.gz`` of any),
  read by :func:`~newsfuse.ingest.reader.read_blob`; files are grouped up to
  :data:`GROUP_FILES` or :data:`GROUP_BYTES`.
- :class:`LinesPart`: a byte range of an uncompressed JSONL file larger than
  :data:`RANGE_BYTES`. The range owns the lines that *start* inside it, so ranges cut
  anywhere and still read every line once. A line's number (``file.jsonl#N``) is one more
  than the newlines before it: the newlines of each range are counted first
  (:func:`count_newlines`, one small task per range) and each range is given those before
  it (:func:`line_bases`). Whether a file can be cut is decided by every range from the
  file's first bytes, as the reader decides its format: a file that is not plain UTF-8 JSONL
  (gzip, UTF-16, binary, not JSONL at all) is read whole by its first range, and its other
  ranges give nothing.

What a worker cannot read is read by the client as before (:class:`ClientItems`): standard
input, named pipes and fetched URLs. The paths of a partition must be readable by the
workers: always so on a ``LocalCluster``; on a remote cluster, only when the inputs are on a
filesystem shared by the client and the workers under the same paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.ingest import input_blobs, sniff
from newsfuse.ingest.decode import bom_charset, check_not_binary, wide_charset
from newsfuse.ingest.jsonl import line_item
from newsfuse.ingest.reader import blob_format, failure, read_blob
from newsfuse.ingest.sources import Blob
from newsfuse.ingest.streams import CHUNK, GZIP_MAGIC, HEAD_SIZE, read_exactly
from newsfuse.records import Failure, RawDocument

#: an uncompressed JSONL file larger than this is cut into ranges of about this size
RANGE_BYTES = 512 * 1024
#: whole files per partition at most ...
GROUP_FILES = 32
#: ... and bytes of them (by their size on disk)
GROUP_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class FileRef:
    """One file as listed by the client: its source and name for the records, its size."""

    source: str
    name: str
    size: int

    def blob(self) -> Blob:
        path = self.name
        return Blob(source=self.source, name=path, open=lambda: open(path, "rb"), size=self.size)


@dataclass(frozen=True, slots=True)
class FilesPart:
    """Whole files, read one after the other."""

    files: tuple[FileRef, ...]


@dataclass(frozen=True, slots=True)
class LinesPart:
    """The lines of a JSONL file that start in ``[start, end)``; range ``index`` of ``count``."""

    file: FileRef
    start: int
    end: int
    index: int
    count: int


@dataclass(frozen=True, slots=True)
class ClientItems:
    """Documents and failures read (or found) by the client: stdin, pipes, URLs, listing
    errors. ``items`` is lazy: it reads as it is iterated."""

    items: Iterable[RawDocument | Failure]


Part = FilesPart | LinesPart


def plan(
    inputs: Iterable[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[Part | ClientItems]:
    """The partitions of ``inputs`` in input order, lazily (a directory is listed as it is
    walked): the regular files as partitions, everything else as the client's items."""
    group: list[FileRef] = []
    size = 0
    for value in inputs:
        for blob in input_blobs(value, settings, stdin):
            ref = _file_ref(blob)
            if ref is None or _splits(ref):
                if group:
                    yield FilesPart(tuple(group))
                    group, size = [], 0
                if ref is not None:
                    yield from file_ranges(ref)
                elif isinstance(blob, InputError):
                    yield ClientItems((failure(blob, value),))
                else:
                    yield ClientItems(read_blob(blob, settings))
                continue
            group.append(ref)
            size += ref.size
            if len(group) >= GROUP_FILES or size >= GROUP_BYTES:
                yield FilesPart(tuple(group))
                group, size = [], 0
    if group:
        yield FilesPart(tuple(group))


def _file_ref(blob: Blob | InputError) -> FileRef | None:
    """The file a worker can open for ``blob``; None for a stream, a URL or an error."""
    if isinstance(blob, InputError) or blob.size is None or blob.url is not None:
        return None
    if blob.source == "-" or blob.source != blob.name:
        return None
    return FileRef(blob.source, blob.name, blob.size)


def _splits(ref: FileRef) -> bool:
    name, gzipped = sniff.strip_gz(ref.name)
    return not gzipped and ref.size > RANGE_BYTES and sniff.format_from_name(name) == sniff.JSONL


def file_ranges(ref: FileRef) -> Iterator[LinesPart]:
    count = -(-ref.size // RANGE_BYTES)
    step = -(-ref.size // count)
    for k in range(count):
        yield LinesPart(ref, k * step, min(ref.size, (k + 1) * step), k, count)


# -- on the workers ------------------------------------------------------------------------


def read_part(
    part: Part, settings: Settings, bases: list[int] | None = None
) -> Iterator[RawDocument | Failure]:
    """The documents of one partition, as :func:`~newsfuse.ingest.iter_documents` gives
    them. ``bases``: for a :class:`LinesPart`, the newlines before each range of its file
    (:func:`line_bases`)."""
    if isinstance(part, FilesPart):
        for ref in part.files:
            yield from read_blob(ref.blob(), settings)
        return
    if not _plain_jsonl(part.file):
        if part.index == 0:
            yield from read_blob(part.file.blob(), settings)
        return
    assert bases is not None, "a range of lines needs the newlines before it"
    yield from _read_lines(part, bases[part.index], settings.max_bytes)


def _plain_jsonl(ref: FileRef) -> bool:
    """Whether the file is JSONL that ``read_blob`` reads line by line from its bytes (not
    gzip, UTF-16/32 or binary): then any range of it can be read alone."""
    try:
        with open(ref.name, "rb") as f:
            head = read_exactly(f, HEAD_SIZE)
    except OSError:
        return False  # the first range reads it whole and says what is wrong
    if head.startswith(GZIP_MAGIC) or not head.strip() or wide_charset(head):
        return False
    if blob_format(ref.blob(), head, False) != sniff.JSONL:
        return False
    if bom_charset(head) is None:
        try:
            check_not_binary(head, ref.source)
        except InputError:
            return False
    return True


def _read_lines(part: LinesPart, before: int, limit: int) -> Iterator[RawDocument | Failure]:
    """The lines that start in the range, read as :func:`~newsfuse.ingest.jsonl.lines`
    reads them (an over-long line is refused as soon as it passes the limit, and skipped)."""
    source = part.file.source
    try:
        with open(part.file.name, "rb") as f:
            start = _line_start(f, part.start)
            if start is None:
                return
            number = before + (start > part.start)
            f.seek(start)
            while f.tell() < part.end:
                line: bytes | None = f.readline(limit + 1)
                if not line:
                    return
                number += 1
                if len(line) > limit and not line.endswith(b"\n"):
                    line = None
                    while True:
                        rest = f.readline(CHUNK)
                        if not rest or rest.endswith(b"\n"):
                            break
                item = line_item(line, number, source, limit)
                if item is not None:
                    yield item
    except OSError as exc:
        yield failure(InputError(f"read error: {exc.strerror or exc}"), source)


def _line_start(f: BinaryIO, at: int) -> int | None:
    """The offset of the first line that starts at or after ``at``; None at the end."""
    if at == 0:
        return 0
    f.seek(at - 1)
    while True:
        piece = f.readline(CHUNK)
        if not piece:
            return None
        if piece.endswith(b"\n"):
            return f.tell()


def count_newlines(path: str, start: int, end: int) -> int:
    """The newlines in bytes ``[start, end)`` of a file (a small task per range)."""
    n = 0
    try:
        with open(path, "rb") as f:
            f.seek(start)
            left = end - start
            while left > 0:
                data = f.read(min(left, CHUNK * 4))
                if not data:
                    break
                n += data.count(b"\n")
                left -= len(data)
    except OSError:
        return 0  # the range's reader reports the error
    return n


def line_bases(*counts: int) -> list[int]:
    """The newlines before each range, from the newlines in each."""
    out, total = [], 0
    for c in counts:
        out.append(total)
        total += c
    return out


__all__ = [
    "GROUP_BYTES",
    "GROUP_FILES",
    "RANGE_BYTES",
    "ClientItems",
    "FileRef",
    "FilesPart",
    "LinesPart",
    "Part",
    "count_newlines",
    "file_ranges",
    "line_bases",
    "plan",
    "read_part",
]
