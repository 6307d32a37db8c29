"""JSON Lines: one article per line, ``{"text": ...}`` or ``{"html": ...}`` plus metadata.

Lines are read one at a time (a line longer than Settings.max_bytes is refused without being
held in memory); blank lines are skipped; every bad line becomes its own Failure and the
good lines around it are still yielded.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from newsfuse.errors import InputError, MalformedInputError
from newsfuse.ingest.decode import decode_bytes
from newsfuse.ingest.jsonvalue import load_json
from newsfuse.ingest.meta import as_text, collect_meta
from newsfuse.ingest.sniff import looks_like_html
from newsfuse.ingest.streams import CHUNK, gzip_error, too_large
from newsfuse.records import Failure, RawDocument

# content field -> kind ("sniff": HTML if it looks like HTML), first non-empty wins
CONTENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("html", "html"),
    ("raw_html", "html"),
    ("text", "text"),
    ("content", "sniff"),
    ("body", "sniff"),
    ("maintext", "text"),
)
URL_FIELDS = ("url", "link", "canonical_url", "source_url")


def lines(
    stream: BinaryIO, limit: int, skipping: Callable[[bool], None] | None = None
) -> Iterator[tuple[bytes | None, bool]]:
    """(line, ok) pairs; an over-long line gives (None, False) as soon as it passes the
    limit, and is then skipped to its end in bounded chunks (``skipping`` is told when)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            yield None, False
            if skipping:
                skipping(True)
            while True:
                rest = stream.readline(CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            if skipping:
                skipping(False)
        else:
            yield line, True


def parse_line(line: bytes, source: str) -> RawDocument:
    """One JSONL line -> a RawDocument whose data is the content field alone, UTF-8.

    Raises MalformedInputError naming the JSON error (a value nested too deeply is one) or
    the missing field.
    """
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text = decode_bytes(line, source=source)
    obj: Any = load_json(text, source=source)
    if not isinstance(obj, dict):
        raise MalformedInputError(
            f"line is a JSON {type(obj).__name__.replace('dict', 'object').replace('list', 'array')}, "
            "not an object",
            source=source,
        )
    present = [name for name, _ in CONTENT_FIELDS if name in obj]
    for name, kind in CONTENT_FIELDS:
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise MalformedInputError(
                f"the {name!r} field must be a string, got {type(value).__name__}", source=source
            )
        if not value.strip():
            continue
        data = value.encode("utf-8", "replace")  # lone surrogates -> "?"
        if kind == "sniff":
            kind = "html" if looks_like_html(data) else "text"
        url = next((u for u in (as_text(obj.get(f)) for f in URL_FIELDS) if u), None)
        return RawDocument(
            source=source, data=data, kind=kind, url=url, encoding="utf-8", meta=collect_meta(obj)
        )
    if present:
        raise MalformedInputError(f"empty {present[0]!r} field", source=source)
    raise MalformedInputError(
        "line has neither 'text' nor 'html' (nor content/body)", source=source
    )


def line_item(
    line: bytes | None, number: int, source: str, limit: int
) -> RawDocument | Failure | None:
    """Line ``number`` of a JSONL file as a RawDocument (source ``file.jsonl#N``) or a
    Failure; None for a blank line. ``line`` is None for a line over ``limit``."""
    where = f"{source}#{number}"
    if line is None:
        err = too_large(where, limit, what="line")
        return Failure(where, err.stage, err.message)
    if number == 1:
        line = line.removeprefix(b"\xef\xbb\xbf")
    if not line.strip():
        return None
    try:
        return parse_line(line, where)
    except InputError as exc:
        return Failure(where, exc.stage, exc.message)


def read_jsonl(
    stream: BinaryIO,
    source: str,
    limit: int,
    *,
    skipping: Callable[[bool], None] | None = None,
) -> Iterator[RawDocument | Failure]:
    """Every line of a JSONL stream as a RawDocument (source ``file.jsonl#N``) or a Failure.

    ``skipping`` (GunzipStream.skipping for a .jsonl.gz) is told when the rest of a line over
    the limit is read only to be thrown away."""
    number = 0
    try:
        for number, (line, ok) in enumerate(lines(stream, limit, skipping), start=1):
            item = line_item(line if ok else None, number, source, limit)
            if item is not None:
                yield item
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        broken = gzip_error(exc, source)
        yield Failure(source, broken.stage, f"{broken.message}, after line {number}")


__all__ = ["CONTENT_FIELDS", "line_item", "lines", "parse_line", "read_jsonl"]
