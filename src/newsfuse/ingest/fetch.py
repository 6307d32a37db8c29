"""Fetching http(s) URLs with the standard library: timeout, user agent, at most 5 redirects,
a body capped at Settings.max_bytes, gzip Content-Encoding, the final URL after redirects."""

from __future__ import annotations

import gzip
import io
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from newsfuse.config import Settings
from newsfuse.errors import FetchError, InputTooLargeError, MalformedInputError
from newsfuse.ingest.streams import human_limit, human_size, read_exactly, read_limited

MAX_REDIRECTS = 5


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body: ``url`` is the final URL after redirects."""

    url: str
    body: bytes
    content_type: str | None


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = MAX_REDIRECTS


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_Redirects())


def _cause(exc: BaseException, timeout: float) -> str:
    """A short human cause for a network error."""
    reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError | socket.timeout) or "timed out" in str(reason):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return f"DNS lookup failed ({reason.strerror or reason})"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason)


def fetch(url: str, settings: Settings) -> Fetched:
    """GET ``url``; the body (decompressed) and its final URL and Content-Type.

    Raises FetchError (unreachable, timeout, HTTP 4xx/5xx, too many redirects) or
    InputTooLargeError (body over settings.max_bytes) naming the URL and the cause.
    """
    limit = settings.max_bytes
    request = urllib.request.Request(
        url, headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip"}
    )
    try:
        response = _opener().open(request, timeout=settings.fetch_timeout)
    except urllib.error.HTTPError as exc:
        with exc:
            if 300 <= exc.code < 400:
                raise FetchError(
                    f"too many redirects (more than {MAX_REDIRECTS}) or a redirect loop",
                    source=url,
                ) from None
            raise FetchError(f"HTTP {exc.code} {exc.reason}", source=url) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(
            f"cannot fetch: {_cause(exc, settings.fetch_timeout)}", source=url
        ) from None
    with response:
        headers: Message = response.headers
        final = response.geturl()
        length = headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise InputTooLargeError(
                f"too large: {human_size(int(length))} > limit {human_limit(limit)} "
                "(raise --max-bytes)",
                source=url,
                stage="fetch",
            )
        try:
            body = read_exactly(response, limit + 1)
        except (OSError, ValueError) as exc:
            raise FetchError(
                f"cannot read the body: {_cause(exc, settings.fetch_timeout)}", source=url
            ) from None
        if len(body) > limit:
            raise InputTooLargeError(
                f"too large: body exceeds limit {human_limit(limit)} (raise --max-bytes)",
                source=url,
                stage="fetch",
            )
        if headers.get("Content-Encoding", "").lower() in ("gzip", "x-gzip"):
            try:
                body = read_limited(
                    gzip.GzipFile(fileobj=io.BytesIO(body)),
                    limit,
                    source=url,
                    what="decompressed body",
                )
            except MalformedInputError as exc:
                raise FetchError(f"bad gzip Content-Encoding: {exc.message}", source=url) from None
            except InputTooLargeError as exc:
                raise InputTooLargeError(exc.message, source=url, stage="fetch") from None
        return Fetched(url=final, body=body, content_type=headers.get("Content-Type"))


__all__ = ["MAX_REDIRECTS", "Fetched", "fetch"]
