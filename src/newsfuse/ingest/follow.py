"""Fetching many pages politely: what `newsfuse watch` and `newsfuse run --follow-links` use
to poll feeds and follow their entries to the full articles.

:class:`PoliteFetcher` is an asynchronous fetcher (httpx) with the safety rules of
:mod:`newsfuse.ingest.fetch` and the manners of a crawler:

- only ``http:`` and ``https:`` URLs, redirects (at most 5) only to them;
- one deadline for the whole request (every redirect, the headers, the body): the fetch
  timeout of the settings;
- the body capped as it arrives (``Settings.max_bytes``) and again once decompressed (gzip and
  deflate only; a compression bomb stops at the limit, :func:`~newsfuse.ingest.fetch.decode_body`);
- conditional GET: ``If-None-Match`` / ``If-Modified-Since`` from the validators given; a 304
  is an answer, not an error;
- robots.txt honoured for the pages it follows (``urllib.robotparser``, fetched once per site
  and kept for an hour): a disallowed URL is never fetched; its ``Crawl-delay`` raises the
  per-host delay (up to 30 s). As RFC 9309 says, a robots.txt that answers 4xx allows
  everything, one that cannot be reached (5xx, no connection) disallows the site for now;
- per host at most ``per_host`` requests at a time and ``delay`` seconds between the starts of
  two, and at most ``total`` requests at a time overall, so a slow host holds only its own
  slots and never the others;
- transient failures (timeouts, refused or reset connections, 429, 5xx) are retried
  ``retries`` times with exponential backoff (``Retry-After`` honoured up to a minute).

Every failure is a :class:`FollowError` whose message names the cause in the words of
``fetch.py`` ("HTTP 404 Not Found", "timed out after 20 s", "too large: ...").
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.ingest.fetch import (
    MAX_REDIRECTS,
    SCHEMES,
    content_length,
    decode_body,
    refused_scheme,
)
from newsfuse.ingest.streams import human_limit, human_size

ROBOTS_TTL = 3600.0  # seconds a site's robots.txt is kept
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
MAX_CRAWL_DELAY = 30.0
MAX_RETRY_AFTER = 60.0


class FollowError(Exception):
    """A fetch that failed: ``message`` says why; ``retry`` whether trying again may help."""

    def __init__(self, message: str, *, retry: bool = False, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.retry = retry
        self.status = status
        self.retry_after: float | None = None


class Disallowed(FollowError):
    """robots.txt forbids the URL (or its site's robots.txt cannot be reached now)."""


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched response: ``url`` after redirects; ``body`` decompressed (empty for a 304)."""

    url: str
    status: int
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Manners:
    """How polite the fetcher is (see the module docstring)."""

    per_host: int = 2
    delay: float = 1.0
    total: int = 8
    retries: int = 2
    backoff: float = 1.0
    robots: bool = True

    def __post_init__(self) -> None:
        for name in ("per_host", "total"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(
                    f"the {name!r} parameter of Manners must be an int >= 1, got {value!r}"
                )
        if not isinstance(self.retries, int) or self.retries < 0:
            raise ValueError(
                f"the 'retries' parameter of Manners must be an int >= 0, got {self.retries!r}"
            )
        for name in ("delay", "backoff"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0 <= value < float("inf"):
                raise ValueError(
                    f"the {name!r} parameter of Manners must be a finite number >= 0, got {value!r}"
                )


@dataclass
class _Host:
    slots: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    delay: float = 0.0


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    blocked: str | None  # why the whole site is disallowed now (robots.txt unreachable)
    fetched: float


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER))
    return None


class PoliteFetcher:
    """An async polite fetcher (see the module docstring). Use ``async with``."""

    def __init__(self, settings: Settings, manners: Manners | None = None) -> None:
        self.settings = settings
        self.manners = manners or Manners()
        self._client: httpx.AsyncClient | None = None
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._total = asyncio.Semaphore(self.manners.total)

    async def __aenter__(self) -> PoliteFetcher:
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(self.settings.fetch_timeout),
            headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=self.manners.total * 2),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- public ------------------------------------------------------------------------

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        robots: bool = True,
    ) -> Page:
        """GET ``url`` politely, retrying transient failures; FollowError (Disallowed when
        robots.txt forbids it) naming the cause otherwise."""
        if urlsplit(url).scheme.lower() not in SCHEMES:
            raise FollowError(refused_scheme(urlsplit(url).scheme.lower() or "scheme-less"))
        if robots and self.manners.robots:
            await self.check_robots(url)
        attempt = 0
        while True:
            try:
                return await self._polite(url, etag, last_modified)
            except FollowError as exc:
                if not exc.retry or attempt >= self.manners.retries:
                    raise
                wait = self.manners.backoff * (2**attempt)
                if exc.retry_after is not None:
                    wait = max(wait, exc.retry_after)
                attempt += 1
                await asyncio.sleep(wait)

    async def check_robots(self, url: str) -> None:
        """Raise Disallowed when the site's robots.txt forbids ``url`` to our user agent."""
        site = _site(url)
        lock = self._robots_locks.setdefault(site, asyncio.Lock())
        async with lock:
            known = self._robots.get(site)
            if known is None or time.monotonic() - known.fetched > ROBOTS_TTL:
                known = await self._load_robots(site)
                self._robots[site] = known
        if known.blocked:
            raise Disallowed(known.blocked)
        if known.parser is not None and not known.parser.can_fetch(self.settings.user_agent, url):
            raise Disallowed(f"robots.txt of {site} disallows it")

    # -- internals ---------------------------------------------------------------------

    async def _load_robots(self, site: str) -> _Robots:
        now = time.monotonic()
        try:
            page = await self._polite(f"{site}/robots.txt", None, None, limit=ROBOTS_MAX_BYTES)
        except FollowError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return _Robots(None, None, now)  # RFC 9309: unavailable, everything allowed
            return _Robots(
                None,
                f"robots.txt of {site} cannot be read ({exc.message}): not fetched for now",
                now,
            )
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(page.body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self.settings.user_agent)
        if delay:
            host = self._host(site)
            host.delay = min(float(delay), MAX_CRAWL_DELAY)
        return _Robots(parser, None, now)

    def _host(self, site: str) -> _Host:
        host = self._hosts.get(site)
        if host is None:
            host = self._hosts[site] = _Host(asyncio.Semaphore(self.manners.per_host))
        return host

    async def _polite(
        self, url: str, etag: str | None, last_modified: str | None, *, limit: int | None = None
    ) -> Page:
        """One attempt under the host's slots and delay and the total slots."""
        host = self._host(_site(url))
        async with host.slots:
            async with host.lock:  # starts on one host are spaced by its delay
                gap = max(self.manners.delay, host.delay)
                now = time.monotonic()
                if host.next_start > now:
                    await asyncio.sleep(host.next_start - now)
                host.next_start = time.monotonic() + gap
            async with self._total:
                return await self._attempt(
                    url, etag, last_modified, limit or self.settings.max_bytes
                )

    async def _attempt(
        self, url: str, etag: str | None, last_modified: str | None, limit: int
    ) -> Page:
        seconds = self.settings.fetch_timeout
        try:
            async with asyncio.timeout(seconds):
                return await self._follow(url, etag, last_modified, limit)
        except TimeoutError:
            raise FollowError(f"cannot fetch: timed out after {seconds:g} s", retry=True) from None
        except httpx.HTTPError as exc:
            raise FollowError(f"cannot fetch: {_cause(exc)}", retry=_transient(exc)) from None

    async def _follow(
        self, url: str, etag: str | None, last_modified: str | None, limit: int
    ) -> Page:
        assert self._client is not None, "use PoliteFetcher with `async with`"
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            async with self._client.stream("GET", current, headers=headers) as response:
                status = response.status_code
                if status in (301, 302, 303, 307, 308):
                    current = _redirect_target(current, response.headers.get("location"))
                    continue
                if status == 304:
                    return Page(current, 304, b"", None, etag, last_modified)
                if status >= 400:
                    reason = response.reason_phrase or ""
                    error = FollowError(
                        f"HTTP {status} {reason}".strip(),
                        retry=status == 429 or status >= 500,
                        status=status,
                    )
                    error.retry_after = _retry_after(response.headers.get("retry-after"))
                    raise error
                body = await _read_limited(response, current, limit)
                return Page(
                    url=str(response.url),
                    status=status,
                    body=body,
                    content_type=response.headers.get("content-type"),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        raise FollowError(f"too many redirects (more than {MAX_REDIRECTS}) or a redirect loop")


def _redirect_target(current: str, location: str | None) -> str:
    if not location:
        raise FollowError("a redirect without a Location header")
    try:
        target = urljoin(current, location.strip())
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        raise FollowError(f"a redirect to a malformed URL ({location[:200]!r})") from None
    if scheme not in SCHEMES:
        raise FollowError(f"redirected to {target[:200]}: {refused_scheme(scheme)}")
    return target


async def _read_limited(response: httpx.Response, url: str, limit: int) -> bytes:
    """The body (at most ``limit`` bytes as sent, and once decompressed)."""
    length = content_length(response.headers)  # type: ignore[arg-type]
    if length is not None and (length < 0 or length > limit):
        shown = f"{human_size(length)} >" if length >= 0 else "body exceeds"
        raise FollowError(f"too large: {shown} limit {human_limit(limit)} (raise --max-bytes)")
    parts, size = [], 0
    async for chunk in response.aiter_raw():
        size += len(chunk)
        if size > limit:
            raise FollowError(
                f"too large: body exceeds limit {human_limit(limit)} (raise --max-bytes)"
            )
        parts.append(chunk)
    if length is not None and size < length:
        raise FollowError(
            f"truncated body: {human_size(size)} of the {human_size(length)} announced "
            "(the connection closed early)"
        )
    try:
        return decode_body(
            b"".join(parts), response.headers.get("content-encoding", ""), url, limit
        )
    except InputError as exc:
        raise FollowError(exc.message) from None


def _transient(exc: httpx.HTTPError) -> bool:
    return isinstance(
        exc,
        httpx.TimeoutException | httpx.ConnectError | httpx.RemoteProtocolError | httpx.ReadError,
    )


def _cause(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        text = str(exc)
        if "refused" in text.lower():
            return "connection refused"
        if "name or service" in text.lower() or "nodename" in text.lower():
            return f"DNS lookup failed ({text[:120]})"
        return " ".join(text.split())[:200] or "cannot connect"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the protocol ({' '.join(str(exc).split())[:160]})"
    return " ".join(str(exc).split())[:200] or type(exc).__name__


__all__ = ["Disallowed", "FollowError", "Manners", "Page", "PoliteFetcher"]
