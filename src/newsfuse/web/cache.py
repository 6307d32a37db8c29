"""A cache of whole pages and JSON twins, kept while the store does not change.

The pages of `newsfuse serve` are read-only views of the store, so the same URL gives the same
bytes until some connection commits to the store (a `newsfuse run` or `watch` writing it, an
ingest POST). :class:`PageCache` keeps the responses of successful GETs (status 200, body and
headers) in a bounded LRU (by bytes), keyed by path and query, and stamped with the store's
version (:meth:`newsfuse.web.desk.Desk.version`: SQLite's ``data_version`` of a connection that
never writes, so it changes whenever any other connection commits). A request first asks the
version (microseconds): when it differs from the one the entries were made at, every entry is
dropped, so a page is never older than the store. An entry is only stored when the overview of
the stories in memory was of the version seen before the page was made (a large store's
overview is rebuilt in the background while a run writes it, and a page made from the old one
must not outlive the wait).

Every cached response carries an ``ETag`` (a hash of its body) and ``Cache-Control:
no-cache``: a browser asks again each time, and a request whose ``If-None-Match`` names the
body it would get is answered 304 with no body. The security headers are added by the
:class:`newsfuse.web.app.Guard` around this middleware, to cached answers as to fresh ones.

Only the read-only pages are cached (:data:`CACHED_PREFIXES`); ``/status``, the OpenAPI
document, static files and anything that is not a GET pass through untouched.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from newsfuse.web.desk import Desk

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The pages (and their ``.json`` twins) whose answer depends on the store and the URL alone.
CACHED_PREFIXES = ("/stories", "/articles", "/search", "/entities", "/claims", "/links")
#: Bytes of responses kept by default (per server process).
DEFAULT_CACHE_BYTES = 128 * 1024 * 1024
_HOP = frozenset({b"content-length", b"etag", b"cache-control"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One cached response: its headers (without length, ETag and Cache-Control, which are
    added when it is sent), its body and the body's ETag."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200


class PageCache:
    """A bounded LRU of responses, valid for one store version at a time (thread-safe).

    ``max_bytes``: the most bytes kept (0 turns the cache off); one response larger than an
    eighth of it is never kept (a story with every one of its thousands of claims)."""

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        if max_bytes < 0:
            raise ValueError(f"the 'max_bytes' parameter must be >= 0, got {max_bytes}")
        self.max_bytes = max_bytes
        self._entries: OrderedDict[bytes, Entry] = OrderedDict()
        self._version: int | None = None
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """Bytes held now."""
        return self._bytes

    def get(self, key: bytes, version: int) -> Entry | None:
        """The entry of ``key`` made at store version ``version``, or None (entries of
        another version are all dropped first)."""
        with self._lock:
            self._at(version)
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: bytes, version: int, entry: Entry) -> None:
        """Keep ``entry`` for ``key`` at ``version`` (the oldest used first out when full)."""
        size = entry.size
        if self.max_bytes == 0 or size > self.max_bytes // 8:
            return
        with self._lock:
            self._at(version)
            if self._version != version:
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, out = self._entries.popitem(last=False)
                self._bytes -= out.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _at(self, version: int) -> None:
        # data_version only grows: an older version asking (a request that began before a
        # commit) neither drops the newer entries nor adds to them
        if self._version is None or version > self._version:
            self._entries.clear()
            self._bytes = 0
            self._version = version


def etag_of(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    if if_none_match.strip() == b"*":
        return True
    tags = [t.strip() for t in if_none_match.split(b",")]
    return any(t.removeprefix(b"W/") == etag for t in tags)


def cacheable(path: str) -> bool:
    return any(path == p or path.startswith((p + "/", p + ".")) for p in CACHED_PREFIXES)


class CachedPages:
    """Pure ASGI middleware: answers GETs of the cacheable pages from a :class:`PageCache`
    over ``desk``'s store; adds ``ETag`` and ``Cache-Control: no-cache`` to them and answers
    a matching ``If-None-Match`` with 304 (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, desk: Desk, cache: PageCache) -> None:
        self.app = app
        self.desk = desk
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not cacheable(scope["path"]):
            await self.app(scope, receive, send)
            return
        key = scope["path"].encode("utf-8", "surrogateescape") + b"?" + scope["query_string"]
        if_none_match = next(
            (v for k, v in scope["headers"] if k.lower() == b"if-none-match"), None
        )
        version, fresh = self.desk.version()
        entry = self.cache.get(key, version) if self.cache.max_bytes else None
        if entry is not None:
            await _send_entry(send, entry, if_none_match)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await _finish(start, b"".join(chunks))
            else:  # pragma: no cover - nothing else is sent for an HTTP GET
                await send(message)

        async def _finish(first: Message | None, body: bytes) -> None:
            if first is None:  # pragma: no cover - a body before its start: not ASGI
                return
            if first["status"] != 200:
                await send(first)
                await send({"type": "http.response.body", "body": body})
                return
            headers = tuple(
                (bytes(k), bytes(v)) for k, v in first.get("headers", []) if k.lower() not in _HOP
            )
            made = Entry(headers=headers, body=body, etag=etag_of(body))
            if fresh:
                self.cache.put(key, version, made)
            await _send_entry(send, made, if_none_match)

        with self.desk.pinned(version):
            await self.app(scope, receive, keep)


async def _send_entry(send: Send, entry: Entry, if_none_match: bytes | None) -> None:
    extra = [(b"etag", entry.etag), (b"cache-control", b"no-cache")]
    if if_none_match is not None and _matches(if_none_match, entry.etag):
        await send({"type": "http.response.start", "status": 304, "headers": extra})
        await send({"type": "http.response.body", "body": b""})
        return
    headers = [*entry.headers, (b"content-length", str(len(entry.body)).encode()), *extra]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": entry.body})


__all__ = ["CACHED_PREFIXES", "DEFAULT_CACHE_BYTES", "CachedPages", "PageCache", "cacheable"]
