"""Readers that turn inputs (files, directories, globs, stdin, URLs; text, HTML, JSONL, WARC,
feeds, and gzip-compressed versions of each) into RawDocument records.

The public surface is two functions::

    iter_documents(inputs, settings, stdin=None)  -> RawDocument | Failure, one by one
    decode_bytes(data, source=..., declared=None, kind="text") -> str

Bad inputs never stop a batch: each becomes a Failure(source, stage, reason) and reading
goes on with the next input.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO
from urllib.parse import urlsplit

from newsfuse.config import DEFAULT_SETTINGS, Settings
from newsfuse.errors import ConfigError, FetchError, InputError
from newsfuse.ingest.decode import decode_bytes
from newsfuse.ingest.fetch import fetch, refused_scheme, url_scheme
from newsfuse.ingest.reader import failure, read_blob
from newsfuse.ingest.sources import Blob, expand_glob, is_glob, is_url, stat_path, stdin_blob
from newsfuse.records import Failure, RawDocument


def input_blobs(
    value: str, settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[Blob | InputError]:
    """The byte sources one input names, not read yet (a URL is fetched), or the errors."""
    if value == "-":
        yield stdin_blob(stdin)
    elif is_url(value):
        try:
            got = fetch(value, settings)
        except InputError as exc:
            yield exc
            return
        body = got.body
        yield Blob(
            source=value,
            name=urlsplit(got.url).path,
            open=lambda: io.BytesIO(body),
            size=len(body),
            url=got.url,
            content_type=got.content_type,
        )
    elif url_scheme(value) and not _exists(value):  # ftp://, file://, ...: never fetched
        yield FetchError(refused_scheme(url_scheme(value) or ""), source=value)
    elif is_glob(value) and not _exists(value):
        yield from expand_glob(value)
    else:
        yield from stat_path(value, explicit=True)


def _exists(path: str) -> bool:
    import os

    return os.path.lexists(path)


def iter_documents(
    inputs: Iterable[str],
    settings: Settings = DEFAULT_SETTINGS,
    *,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | Failure]:
    """Every document in ``inputs``, in order, as RawDocument; every problem as a Failure.

    ``inputs`` are what the user typed: file or directory paths, glob patterns (``**``
    recursive), ``-`` for standard input (``stdin`` or sys.stdin.buffer) and http(s) URLs
    (``ftp://``, ``file://`` and other URLs are failures: only http and https are fetched).
    Containers (JSONL, WARC, RSS/Atom) give one document per line/record/entry, with a
    ``#N`` fragment on ``source``. Lazy: nothing is read before it is asked for.
    Raises ConfigError only when ``inputs`` is a single string instead of a list of them.
    """
    if isinstance(inputs, str | bytes):
        raise ConfigError(
            "the 'inputs' parameter of iter_documents must be a list of paths, globs or URLs, "
            f"got the string {inputs!r}"
        )
    for value in inputs:
        for blob in input_blobs(value, settings, stdin):
            if isinstance(blob, InputError):
                yield failure(blob, value)
            else:
                yield from read_blob(blob, settings)


__all__ = ["decode_bytes", "input_blobs", "iter_documents"]
