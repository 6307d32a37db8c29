"""The Dask workers read the inputs themselves: per-partition ingest and extraction.

With the Dask backend, :meth:`newsfuse.pipeline.Pipeline.run` does not read the files of its
inputs: it lists them and describes them as partitions (:mod:`newsfuse.ingest.partitions`),
and one Dask task per partition (:func:`extract_part`) reads its documents and extracts
them on the worker, each under the per-document budget of the worker's guarded processes
with the same fallback as on the client. The task gives back, in input order:

- a :class:`~newsfuse.records.Failure` of the reader (a bad line, a broken WARC record ...);
- :class:`Worked` for an HTML document: its Article (with the RawDocument, whose bytes the
  store keeps) or its Failure, or, without extracting it, that the store holds it already
  (``known``) or that it came earlier in the partition (``again``);
- the RawDocument itself for plain text. Plain text is cleaned with what the pipeline learns
  of each site's boilerplate from the site's pages in input order
  (:class:`~newsfuse.extract.SiteProfile`, in the client's ``Pipeline``): one partition does
  not see the others' pages of its site, so the client learns and has it extracted as before.

The workers must see the files under the paths the client lists: on a ``LocalCluster`` they
always do; on a remote cluster (``--scheduler``) only when the inputs are on a filesystem
shared under the same paths. Each run asks every worker once for the size of its first file
(:func:`_workers_see`); when one does not see it, the client reads the files as before
(:func:`read_here`) and says so on stderr.

Which documents the store holds is decided on the worker from the ids of the store's
articles, sent once per run (8 bytes an id: :func:`pack_ids`) rather than asked of the
client per document: the content id is known only once the worker has read the document,
and a round trip per partition would stall the workers. The same content twice in one run is
extracted once in a partition; across partitions the client keeps the first result (the
second extraction is wasted work, never a second article).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newsfuse.config import Settings
from newsfuse.ingest.partitions import (
    ClientItems,
    LinesPart,
    Part,
    count_newlines,
    file_ranges,
    line_bases,
)
from newsfuse.records import Article, Failure, RawDocument

#: partitions in flight per worker thread (each about 512 KiB of input)
WINDOW_PER_WORKER = 2
#: times a partition task that raised is run again (a worker that died: the scheduler)
RETRIES = 3


@dataclass(frozen=True, slots=True)
class DocRef:
    """A document the client need not see the bytes of: its content id and source."""

    id: str
    source: str


@dataclass(frozen=True, slots=True)
class Worked:
    """What a worker made of one document: ``state`` "new" (``result`` its Article, with
    ``doc`` the RawDocument, or its Failure, with a DocRef), "known" (the store holds it) or
    "again" (the same content came earlier in the partition)."""

    doc: RawDocument | DocRef
    result: Article | Failure | None
    state: str


def pack_ids(ids: Iterable[str]) -> bytes:
    """Content ids (16 hex digits) as 8 bytes each, sorted; anything else is no content id
    (it matches no document) and is left out."""
    packed = set()
    for i in ids:
        if len(i) == 16:
            with contextlib.suppress(ValueError):
                packed.add(bytes.fromhex(i))
    return b"".join(sorted(packed))


_KNOWN: dict[str, frozenset[bytes]] = {}
_KNOWN_LOCK = threading.Lock()


def _known(key: str, packed: bytes) -> frozenset[bytes]:
    """The ids of ``packed`` as a set, made once per worker and run (``key``)."""
    with _KNOWN_LOCK:
        got = _KNOWN.get(key)
        if got is None:
            _KNOWN.clear()
            got = _KNOWN[key] = frozenset(packed[i : i + 8] for i in range(0, len(packed), 8))
        return got


def extract_part(
    part: Part,
    settings: Settings,
    known_key: str,
    known: bytes,
    seconds: float,
    memory: int,
    bases: list[int] | None = None,
) -> list[RawDocument | Failure | Worked]:
    """A Dask task: read one partition and extract its HTML documents (see the module)."""
    from newsfuse.backends.dask import _guard
    from newsfuse.ingest.partitions import read_part
    from newsfuse.pipeline import extract_fallback, extract_task

    ids = _known(known_key, known)
    out: list[RawDocument | Failure | Worked] = []
    todo: list[tuple[int, RawDocument]] = []
    seen: set[str] = set()
    for item in read_part(part, settings, bases):
        if isinstance(item, Failure) or item.kind == "text":
            out.append(item)
            continue
        doc_id = item.id
        if bytes.fromhex(doc_id) in ids:
            out.append(Worked(DocRef(doc_id, item.source), None, "known"))
        elif doc_id in seen:
            out.append(Worked(DocRef(doc_id, item.source), None, "again"))
        else:
            seen.add(doc_id)
            todo.append((len(out), item))
            out.append(item)  # replaced below
    results = _guard(seconds, memory).map(
        extract_task, ((doc, None, None, settings) for _k, doc in todo), fallback=extract_fallback
    )
    for (k, doc), result in zip(todo, results, strict=True):
        if isinstance(result, Article):
            out[k] = Worked(doc, result, "new")
            continue
        if not isinstance(result, Failure):  # an Overrun: the fallback overran too
            result = Failure(doc.source, "extract", f"extraction {result.reason}")
        out[k] = Worked(DocRef(doc.id, doc.source), result, "new")
    return out


def read_parts(
    backend: Any,
    parts: Iterable[Part | ClientItems],
    settings: Settings,
    known: Iterable[str],
) -> Iterator[RawDocument | Failure | Worked]:
    """Everything ``parts`` hold, in input order: the client's items as they are, each
    partition through :func:`extract_part` on the cluster of ``backend`` (a DaskBackend),
    a window of partitions at a time."""
    import uuid

    client = backend._connect()
    packed = pack_ids(known)
    known_key = uuid.uuid4().hex
    # a task's result, not scattered data: the scheduler makes it again on another worker
    # when the one holding it dies (scattered data would be lost with it)
    known_future = client.submit(_held, packed, pure=False)
    limit = WINDOW_PER_WORKER * backend.worker_threads()
    window: deque[Any] = deque()  # futures and the client's item lists, in order
    bases: dict[str, Any] = {}  # a cut file's source -> the future of its line bases

    def submit(part: Part) -> Any:
        base = None
        if isinstance(part, LinesPart):
            if part.index == 0:
                counts = [
                    client.submit(count_newlines, part.file.name, a, b, pure=False)
                    for a, b in _cuts(part)
                ]
                bases.clear()
                bases[part.file.source] = client.submit(line_bases, *counts, pure=False)
            base = bases[part.file.source]
        return client.submit(
            extract_part,
            part,
            settings,
            known_key,
            known_future,
            backend.seconds,
            backend.memory,
            base,
            pure=False,
            retries=RETRIES,
        )

    def settle(entry: Any) -> Iterable[RawDocument | Failure | Worked]:
        return entry.items if isinstance(entry, ClientItems) else entry.result()

    seeing: list[bool] = []  # whether the workers see the inputs' files (asked once)
    try:
        for part in parts:
            if not isinstance(part, ClientItems) and not seeing:
                seeing.append(backend._cluster is not None or _workers_see(client, part))
                if not seeing[0]:
                    backend.say(
                        "newsfuse: the Dask workers do not see the input files under the same "
                        "paths (no shared filesystem): this client reads them"
                    )
            if not isinstance(part, ClientItems) and not seeing[0]:
                part = ClientItems(read_here(part, settings))
            window.append(part if isinstance(part, ClientItems) else submit(part))
            while len([e for e in window if not isinstance(e, ClientItems)]) >= limit or (
                window and isinstance(window[0], ClientItems)
            ):
                yield from settle(window.popleft())
        while window:
            yield from settle(window.popleft())
    except BaseException:
        for entry in window:
            if not isinstance(entry, ClientItems):
                with contextlib.suppress(Exception):
                    entry.cancel()
        if not isinstance(sys.exc_info()[1], GeneratorExit):
            backend.close()  # Ctrl-C or an error: do not leave the cluster running
        raise
    finally:
        with contextlib.suppress(Exception):
            known_future.release()


def _held(data: bytes) -> bytes:
    return data


def _workers_see(client: Any, part: Part) -> bool:
    """Whether every worker of the cluster finds the first file of ``part`` under its path,
    with its size: on a remote cluster, only when the inputs are on a shared filesystem."""
    ref = part.file if isinstance(part, LinesPart) else part.files[0]
    try:
        seen = client.run(_file_size, ref.name)
    except Exception:  # a worker that cannot answer cannot read either
        return False
    return bool(seen) and all(size == ref.size for size in seen.values())


def _file_size(path: str) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def read_here(part: Part, settings: Settings) -> Iterator[RawDocument | Failure]:
    """The documents of ``part`` read by this process (the workers cannot see its files): a
    file cut into ranges is read whole for its first range."""
    from newsfuse.ingest.reader import read_blob

    if isinstance(part, LinesPart):
        if part.index == 0:
            yield from read_blob(part.file.blob(), settings)
        return
    for ref in part.files:
        yield from read_blob(ref.blob(), settings)


def _cuts(part: LinesPart) -> list[tuple[int, int]]:
    """The byte ranges of every range of ``part``'s file (as :func:`plan` cut them)."""
    return [(p.start, p.end) for p in file_ranges(part.file)]


__all__ = ["DocRef", "Worked", "extract_part", "pack_ids", "read_parts"]
