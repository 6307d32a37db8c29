"""Fetching http(s) URLs with the standard library, every request under one deadline.

- Only ``http:`` and ``https:`` URLs are fetched, and redirects are followed (at most 5) only
  to them: ``file:``, ``ftp:``, ``data:`` and any other scheme are refused with a message.
- ``Settings.fetch_timeout`` bounds the whole request: the name lookup, connecting, the TLS
  handshake, the headers, every redirect and every read of the body. At the deadline a watchdog
  shuts the connection down, so a server sending a byte now and then cannot hold the batch.
- The body is capped at ``Settings.max_bytes`` as it arrives and again once decompressed
  (gzip or deflate Content-Encoding: a compression bomb stops at the limit); a body shorter than
  its Content-Length, or a compressed body cut short, is a failure, never a document.
- Malformed responses (a header line over 64 KiB, more than 100 headers, a Content-Length that
  is not a number) are failures naming the URL, like any other.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import io
import re
import socket
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsfuse.config import Settings
from newsfuse.errors import FetchError, InputTooLargeError, MalformedInputError
from newsfuse.ingest.streams import (
    CHUNK,
    GunzipStream,
    human_limit,
    human_size,
    read_limited,
)

MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
# What is read of the body of a redirect before following it (it is thrown away).
_REDIRECT_BODY = 64 * 1024
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII digits only: "²" or "١٢" are not a length


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body: ``url`` is the final URL after redirects."""

    url: str
    body: bytes
    content_type: str | None


def url_scheme(value: str) -> str | None:
    """The lower-cased scheme of a ``scheme://...`` value (``"ftp"``), else None."""
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", value)
    return m.group(1).lower() if m else None


def refused_scheme(scheme: str) -> str:
    """Why a URL with ``scheme`` is not fetched."""
    return f"only http and https URLs are fetched, not {scheme}: URLs"


class _Refused(Exception):
    """A redirect to a URL that is not fetched."""


class _Deadline:
    """The end of one request. Sockets are watched from their creation; when the time is up,
    a timer thread shuts them down (a blocked connect, handshake or read then returns at once)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._end = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._watched: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        """Seconds left; TimeoutError when none are."""
        left = self._end - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out")
        return left

    def watch(self, sock: socket.socket) -> socket.socket:
        """Shut ``sock``'s connection down at the deadline (through a duplicate descriptor,
        which stays valid when TLS wraps the socket)."""
        twin = socket.fromfd(sock.fileno(), sock.family, sock.type)
        with self._lock:
            self._watched.append(twin)
            if self.expired:
                _shutdown(twin)
        return sock

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for twin in self._watched:
                _shutdown(twin)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for twin in self._watched:
                twin.close()
            self._watched.clear()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # not connected yet, or closed already
        sock.shutdown(socket.SHUT_RDWR)


def _resolve(host: str, port: int, deadline: _Deadline) -> list[Any]:
    """getaddrinfo under the deadline: the system resolver has no timeout of its own that we
    set, so it runs in a helper thread that is left to finish on its own if it is late."""
    box: list[Any] = []

    def lookup() -> None:
        try:
            box.append(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        except OSError as exc:
            box.append(exc)

    helper = threading.Thread(target=lookup, daemon=True)
    helper.start()
    helper.join(deadline.remaining())
    if not box:
        raise TimeoutError("timed out")
    if isinstance(box[0], OSError):
        raise box[0]
    return list(box[0])


class _Watched:
    """Mixin for http.client connections: each socket is created under the deadline (the name
    lookup, the connect), then watched until the deadline."""

    deadline: _Deadline

    def _watched_connection(
        self, address: tuple[str, int], timeout: Any = None, source_address: Any = None
    ) -> socket.socket:
        host, port = address
        error: OSError = OSError(f"no address for {host}")
        for family, kind, proto, _, sockaddr in _resolve(host, port, self.deadline):
            sock = socket.socket(family, kind, proto)
            try:
                left = self.deadline.remaining()
                sock.settimeout(min(timeout, left) if isinstance(timeout, int | float) else left)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return self.deadline.watch(sock)
            except OSError as exc:  # TimeoutError included: try the next address, if any
                error = exc
                sock.close()
        raise error


class _HTTPConnection(_Watched, http.client.HTTPConnection):
    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        self._create_connection = self._watched_connection


class _HTTPSConnection(_Watched, http.client.HTTPSConnection):
    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        self._create_connection = self._watched_connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPConnection, deadline=self._deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(_HTTPSConnection, deadline=self._deadline)
        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined]


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) URLs only, reading little of each redirect's body."""

    max_redirections = MAX_REDIRECTS
    max_repeats = MAX_REDIRECTS

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> Any:
        location = headers.get("location") or headers.get("uri")
        if not location:
            raise _Refused(f"HTTP {code} redirect without a Location header")
        try:
            target = urljoin(req.full_url, location.strip())
            scheme = urlsplit(target).scheme.lower()
        except ValueError:
            raise _Refused(f"a redirect to a malformed URL ({location[:200]!r})") from None
        if scheme not in SCHEMES:
            raise _Refused(f"redirected to {target[:200]}: {refused_scheme(scheme)}")
        fp.read(_REDIRECT_BODY)  # the rest is never read: the connection is closed
        fp.close()
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener with the http(s) handlers only: no file:, ftp: or data: handler at all."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _HTTPHandler(deadline),
        _HTTPSHandler(deadline),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _cause(exc: BaseException, deadline: _Deadline) -> str:
    """A short human cause for a network error."""
    reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if deadline.expired or isinstance(reason, TimeoutError | socket.timeout):
        return f"timed out after {deadline.seconds:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return f"DNS lookup failed ({reason.strerror or reason})"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, http.client.LineTooLong):
        return "a header line longer than 64 KiB"
    if isinstance(reason, http.client.IncompleteRead):
        return f"truncated body: the connection closed {reason.expected} bytes early"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return " ".join(str(reason).split())[:200] or type(reason).__name__


def content_length(headers: Message) -> int | None:
    """The Content-Length a response announces: None when absent or not a plain number,
    ``-1`` when it is a number too big to be real (20 digits or more)."""
    value = (headers.get("Content-Length") or "").strip()
    if not value:
        return None
    if _DIGITS.fullmatch(value):
        return int(value)
    return -1 if value.isascii() and value.isdigit() else None


def fetch(url: str, settings: Settings) -> Fetched:
    """GET ``url`` (http or https); the body (decompressed) and its final URL and Content-Type.

    Raises FetchError (another scheme, unreachable, timeout, HTTP 4xx/5xx, too many redirects,
    a redirect to another scheme, a truncated or undecodable body, a malformed response) or
    InputTooLargeError (body over settings.max_bytes), naming the URL and the cause.
    """
    scheme = url_scheme(url)
    if scheme not in SCHEMES:
        raise FetchError(refused_scheme(scheme or "scheme-less"), source=url)
    deadline = _Deadline(settings.fetch_timeout)
    try:
        return _fetch(url, settings, deadline)
    finally:
        deadline.close()


def _fetch(url: str, settings: Settings, deadline: _Deadline) -> Fetched:
    request = urllib.request.Request(
        url,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
    )
    try:
        response = _opener(deadline).open(request, timeout=settings.fetch_timeout)
    except urllib.error.HTTPError as exc:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            exc.close()  # its body is not read (a redirect's may be closed already)
        if 300 <= exc.code < 400:
            raise FetchError(
                f"too many redirects (more than {MAX_REDIRECTS}) or a redirect loop", source=url
            ) from None
        raise FetchError(f"HTTP {exc.code} {exc.reason}", source=url) from None
    except _Refused as exc:
        raise FetchError(str(exc), source=url) from None
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        raise FetchError(f"cannot fetch: {_cause(exc, deadline)}", source=url) from None
    with response:
        headers: Message = response.headers
        final = response.geturl()
        body = _read_body(response, headers, url, settings.max_bytes, deadline)
        return Fetched(url=final, body=body, content_type=headers.get("Content-Type"))


def _too_large(
    url: str, limit: int, size: int | None = None, what: str = "body"
) -> InputTooLargeError:
    got = f"{human_size(size)} >" if size is not None else f"{what} exceeds"
    return InputTooLargeError(
        f"too large: {got} limit {human_limit(limit)} (raise --max-bytes)",
        source=url,
        stage="fetch",
    )


def _read_body(response: Any, headers: Message, url: str, limit: int, deadline: _Deadline) -> bytes:
    """The body as sent (at most ``limit`` bytes), then decoded per its Content-Encoding."""
    length = content_length(headers)
    if length is not None and (length < 0 or length > limit):
        raise _too_large(url, limit, None if length < 0 else length)
    encoding = (headers.get("Content-Encoding") or "").strip().lower()
    if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported Content-Encoding {encoding[:40]!r}", source=url)
    parts: list[bytes] = []
    size = 0
    try:
        while size <= limit:
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise FetchError(f"cannot read the body: {_cause(exc, deadline)}", source=url) from None
    if size > limit:
        raise _too_large(url, limit)
    if deadline.expired and (length is None or size < length):
        # the watchdog closed the connection: what arrived is not all there is
        raise FetchError(
            f"cannot read the body: timed out after {deadline.seconds:g} s", source=url
        )
    if length is not None and size < length:
        raise FetchError(
            f"truncated body: {human_size(size)} of the {human_size(length)} announced "
            "(the connection closed early)",
            source=url,
        )
    body = b"".join(parts)
    if encoding in ("gzip", "x-gzip"):
        return _gunzip(body, url, limit)
    if encoding == "deflate":
        return _inflate(body, url, limit)
    return body


def _gunzip(body: bytes, url: str, limit: int) -> bytes:
    stream = GunzipStream(io.BytesIO(body), url)
    try:
        data = read_limited(stream, limit, source=url, what="decompressed body")
    except MalformedInputError as exc:
        raise FetchError(f"bad gzip Content-Encoding: {exc.message}", source=url) from None
    except InputTooLargeError:
        raise _too_large(url, limit, what="decompressed body") from None
    if stream.truncated:
        raise FetchError("bad gzip Content-Encoding: the compressed body is cut short", source=url)
    return data


def _inflate(body: bytes, url: str, limit: int) -> bytes:
    """A deflate body: zlib-wrapped as the standard says, or raw deflate as some servers send."""
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        inflater = zlib.decompressobj(wbits)
        try:
            data = inflater.decompress(body, limit + 1)
        except zlib.error:
            continue
        if len(data) > limit:
            raise _too_large(url, limit, what="decompressed body")
        if not inflater.eof:
            raise FetchError(
                "bad deflate Content-Encoding: the compressed body is cut short", source=url
            )
        return data
    raise FetchError("bad deflate Content-Encoding: not deflate data", source=url)


def decode_body(body: bytes, encoding: str, url: str, limit: int) -> bytes:
    """A body as sent with Content-Encoding ``encoding`` (identity, gzip or deflate), decoded
    with the same bounds as :func:`fetch` (a compression bomb stops at ``limit``; a cut body
    is a FetchError). For other fetchers (``newsfuse.ingest.follow``)."""
    encoding = (encoding or "").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding in ("gzip", "x-gzip"):
        return _gunzip(body, url, limit)
    if encoding == "deflate":
        return _inflate(body, url, limit)
    raise FetchError(f"unsupported Content-Encoding {encoding[:40]!r}", source=url)


__all__ = [
    "MAX_REDIRECTS",
    "SCHEMES",
    "Fetched",
    "content_length",
    "decode_body",
    "fetch",
    "refused_scheme",
    "url_scheme",
]
