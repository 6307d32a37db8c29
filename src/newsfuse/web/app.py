"""The ASGI app of `newsfuse serve`: FastAPI routes over a store, Jinja2 pages, JSON twins.

``create_app(store_path)`` builds it. Every page has a JSON twin: ``/stories`` and
``/stories.json`` (or ``/stories?format=json``) give the same data; the ``.json`` routes are
the REST API, described at ``/openapi.json``. ``POST /articles`` ingests a text, an HTML page or
a URL when the app was given an ingest token (:mod:`newsfuse.web.ingest`).

Safety (the app reads text written by strangers and listens on a port):

- errors are JSON ``{"error": {"status", "message"}}`` (an HTML page for a browser asking for
  a page), never a traceback: unknown ids 404, bad parameters 422, a body over the limit 413,
  no or a wrong token 401/403, the store busy with another run 409, the store unreadable 503;
- every response carries a Content-Security-Policy that allows nothing from another origin
  (our own CSS and JS only, no inline script, no frames, no form posts elsewhere), with
  ``nosniff`` and ``no-referrer``; the pages load no CDN asset and work offline;
- bound to a loopback address, the app answers only requests whose Host is a loopback name
  (a web page elsewhere cannot reach it through DNS rebinding);
- request bodies are capped (``max_body``) before any handler reads them;
- nothing from a request reaches a file path: ids are looked up in SQL with parameters,
  static files come from the package, inbox files are named by newsfuse.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsfuse import __version__
from newsfuse.config import DEFAULT_SETTINGS, Settings
from newsfuse.errors import StoreError
from newsfuse.escape import json_text
from newsfuse.web.cache import DEFAULT_CACHE_BYTES, CachedPages, PageCache
from newsfuse.web.desk import Desk
from newsfuse.web.views import NotFound

log = logging.getLogger("newsfuse.web")

#: The largest request body accepted (POST /articles), unless create_app is told otherwise.
MAX_BODY = 4 * 1024 * 1024
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class JSON(Response):
    """JSON with every control character escaped (:func:`newsfuse.escape.json_text`)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json_text(content).encode("utf-8")


class Page(NamedTuple):
    """What a page handler returns: its data (the JSON twin), its template, and what else
    the template needs (the marked-up pieces): a dict, or a function giving it, called only
    when the page is shown as HTML (the JSON twin does without)."""

    template: str
    data: dict[str, Any]
    extra: dict[str, Any] | Callable[[], dict[str, Any]] = {}  # noqa: RUF012 - never mutated

    def extras(self) -> dict[str, Any]:
        return self.extra() if callable(self.extra) else self.extra


class Pages:
    """How many pages this server process is making or has waiting (``waiting``).

    With several server processes on one port (``serve(workers=N)``), each keeps the
    connections it accepted, and a browser or a client keeps its connections alive: one
    process can hold most of them and queue their pages while the other has little to do (on
    the 10k store, 16 connections at a time: one process at 93% of a core, the other at 37%,
    half the requests a second). So a process with more than ``shed_at`` pages waiting answers
    with ``Connection: close`` (:class:`Guard`): the client opens a new connection, which the
    process that is free to accept takes."""

    def __init__(self) -> None:
        self.waiting = 0


class ApiError(Exception):
    """An error with its HTTP status and a message for the user."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _error_body(status: int, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "message": message}}


async def _send_json(send: Send, status: int, message: str) -> None:
    body = json_text(_error_body(status, message)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", CSP.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Pure ASGI middleware: the Host check, the body limit and the security headers."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int,
        hosts: frozenset[str] | None,
        pages: Pages | None = None,
        shed_at: int | None = None,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.hosts = hosts
        self.pages = pages
        self.shed_at = shed_at

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.hosts is not None:
            host = _host_name(headers.get("host", ""))
            if host not in self.hosts:
                await _send_json(
                    send,
                    400,
                    f"this server answers only to {', '.join(sorted(self.hosts))}, "
                    f"not to the host {host[:100]!r}",
                )
                return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            receive = await self._limited(headers, receive, send)  # type: ignore[assignment]
            if receive is None:
                return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                if (
                    self.shed_at is not None
                    and self.pages is not None
                    and self.pages.waiting > self.shed_at
                ):
                    extra.append((b"connection", b"close"))  # see Pages
                message["headers"] = [
                    h for h in message.get("headers", []) if h[0].lower() not in dict(extra)
                ] + extra
            await send(message)

        await self.app(scope, receive, secured)

    async def _limited(
        self, headers: dict[str, str], receive: Receive, send: Send
    ) -> Receive | None:
        """The request body read whole (at most ``max_body`` bytes) and replayed; None when
        it is too large (413 sent) or the client went away."""
        limit = self.max_body
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _send_json(send, 413, _too_large(limit, int(declared)))
            return None
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body = message.get("body", b"")
            size += len(body)
            if size > limit:
                await _send_json(send, 413, _too_large(limit, None))
                return None
            chunks.append(body)
            if not message.get("more_body", False):
                break
        whole = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": whole, "more_body": False}
            return await receive()

        return replay


def _too_large(limit: int, size: int | None) -> str:
    got = f" ({size:,} bytes)" if size is not None else ""
    return f"the request body is too large{got}: the limit is {limit:,} bytes"


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.endswith(".json") or path == "/openapi.json" or request.method != "GET":
        return False
    if request.query_params.get("format") == "json":
        return False
    return "text/html" in request.headers.get("accept", "")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = [str(x) for x in err.get("loc", ())]
        where = loc[0] if loc else "request"
        name = ".".join(loc[1:]) or where
        got = err.get("input")
        shown = "" if got is None or isinstance(got, dict) else f", got {str(got)[:80]!r}"
        what = {"query": "query parameter", "path": "path parameter", "body": "body field"}.get(
            where, where
        )
        parts.append(f"the {name!r} {what}: {err.get('msg', 'is not valid')}{shown}")
    return "; ".join(parts) or "bad request"


def create_app(
    store_path: str | Path,
    *,
    ingest_token: str | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    max_body: int = MAX_BODY,
    allowed_hosts: frozenset[str] | None = LOOPBACK_NAMES,
    ingest_wait: float = 0.0,
    cache_bytes: int = DEFAULT_CACHE_BYTES,
    page_threads: int = 1,
    shed_at: int | None = None,
) -> FastAPI:
    """The web app over the store at ``store_path`` (created or migrated now; StoreError
    when it cannot be used). ``ingest_token``: POST /articles accepts requests carrying it
    (``Authorization: Bearer <token>``); None turns ingest off. ``allowed_hosts``: the Host
    names answered (None: any, for a server bound to another address than loopback).
    ``ingest_wait``: seconds a POST waits for another run holding the store, then 409.
    ``cache_bytes``: the most bytes of pages kept until the store changes
    (:mod:`newsfuse.web.cache`; 0: none). ``page_threads``: pages made at once (each in a
    worker thread; the others wait in order); ingest and static files do not wait for them.
    ``shed_at``: with more pages than this waiting, answers ask the client to close its
    connection (:class:`Pages`; for a server of several processes; None: never)."""
    if page_threads < 1:
        raise ValueError(f"the 'page_threads' parameter must be >= 1, got {page_threads}")
    pages = Pages()
    desk = Desk(store_path)
    cache = PageCache(cache_bytes)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # build the store's overview and entity list before the first request (a 10k-article
        # store: seconds), and compile the templates (a tenth of a second the first page
        # would wait for)
        await anyio.to_thread.run_sync(desk.overview)
        await anyio.to_thread.run_sync(desk.entities)
        for name in env.list_templates(extensions=["html"]):
            env.get_template(name)
        yield

    env = _PageEnvironment(
        loader=PackageLoader("newsfuse.web", "templates"),
        autoescape=select_autoescape(("html", "svg"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates are the package's: no file check on every page
    )
    templates = Jinja2Templates(env=env)
    app = FastAPI(
        title="newsfuse",
        version=__version__,
        description=(
            "A local web app and REST API over a newsfuse store: stories with their cited "
            "briefs, claims, entities, articles, copy links and full-text search. Every page "
            'has a JSON twin (`.json`); errors are JSON `{"error": {"status", "message"}}`.'
        ),
        docs_url=None,  # the interactive docs load scripts from a CDN: not offline, not our CSP
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.desk = desk
    app.state.ingest_token = ingest_token
    app.state.settings = settings
    app.state.ingest_wait = ingest_wait
    app.state.cache = cache
    app.state.pages = pages
    app.mount("/static", StaticFiles(packages=[("newsfuse.web", "static")]), name="static")
    # the page cache inside the Guard: a cached answer gets the Host check and the security
    # headers as a fresh one does
    app.add_middleware(CachedPages, desk=desk, cache=cache)
    app.add_middleware(Guard, max_body=max_body, hosts=allowed_hosts, pages=pages, shed_at=shed_at)

    def error_response(
        request: Request, status: int, message: str, headers: dict[str, str] | None = None
    ) -> Response:
        if _wants_html(request):
            return templates.TemplateResponse(
                request,
                "error.html",
                {"status": status, "message": message, "data": _error_body(status, message)},
                status_code=status,
                headers=headers,
            )
        return JSON(_error_body(status, message), status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page or API endpoint at {request.url.path[:200]!r}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path[:200]!r}"
        return error_response(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _validation_message(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return error_response(request, 503, f"the store cannot be used: {exc}")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.error("error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSON(
            _error_body(
                500, f"internal error ({type(exc).__name__}); the server log has the details"
            ),
            status_code=500,
        )

    limiters: list[anyio.CapacityLimiter] = []  # made in the server's event loop

    async def in_page_thread(work: Callable[[], Response]) -> Response:
        """A page made in a worker thread, at most ``page_threads`` at a time: the rest wait
        their turn in order. Pages are Python work holding the GIL, so more threads at once
        only share one core and make every page late, the short ones behind the long (on the
        10k store, 16 at a time on 2 shared cores: p95 of story pages about 230 ms with a
        thread per request, about 170 ms one at a time per process)."""
        if not limiters:
            limiters.append(anyio.CapacityLimiter(page_threads))
        pages.waiting += 1
        try:
            return await anyio.to_thread.run_sync(work, limiter=limiters[0])
        finally:
            pages.waiting -= 1

    def twin(
        path: str, *, summary: str, tags: list[str | Enum]
    ) -> Callable[[Callable[..., Page]], Callable[..., Page]]:
        """Register a page handler twice: ``path + ".json"`` (the API, in the OpenAPI
        document) and ``path`` (HTML, or JSON with ``?format=json``)."""

        def deco(fn: Callable[..., Page]) -> Callable[..., Page]:
            def json_page(*args: Any, **kwargs: Any) -> Response:
                return JSON(fn(*args, **kwargs).data)

            def html_page(*args: Any, **kwargs: Any) -> Response:
                request: Request = kwargs["request"]
                fmt = request.query_params.get("format", "html")
                if fmt not in ("html", "json"):
                    raise ApiError(
                        422, f"the 'format' query parameter must be html or json, got {fmt[:40]!r}"
                    )
                page = fn(*args, **kwargs)
                if fmt == "json":
                    return JSON(page.data)
                context = {"data": page.data, **page.extras(), "json_url": _json_url(request)}
                return templates.TemplateResponse(request, page.template, context)

            @functools.wraps(fn)
            async def as_json(*args: Any, **kwargs: Any) -> Response:
                return await in_page_thread(functools.partial(json_page, *args, **kwargs))

            @functools.wraps(fn)
            async def as_html(*args: Any, **kwargs: Any) -> Response:
                return await in_page_thread(functools.partial(html_page, *args, **kwargs))

            app.add_api_route(
                path + ".json", as_json, methods=["GET"], summary=summary, tags=tags,
                response_class=JSON, response_model=None,
            )  # fmt: skip
            app.add_api_route(
                path, as_html, methods=["GET"], include_in_schema=False,
                response_class=HTMLResponse, response_model=None,
            )  # fmt: skip
            return fn

        return deco

    from newsfuse.web import ingest, routes

    routes.register(app, twin, desk)
    ingest.register(app, desk)
    return app


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _PageEnvironment(Environment):
    """Jinja2 with ``x.name`` on a plain dict read as ``x["name"]`` at once. Jinja tries the
    attribute first, and on a dict (the pages' data are dicts) that raises and catches an
    AttributeError for every field shown: a third of a story page's rendering. The result is
    the same: only the names of dict's own attributes (``items``, ``get``) are looked up as
    attributes first, as Jinja does."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _json_url(request: Request) -> str:
    """The JSON twin of this page: the same path with ``.json``, the same query."""
    path = request.url.path.rstrip("/") or "/stories"
    query = request.url.query
    return f"{path}.json" + (f"?{query}" if query else "")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


__all__ = ["CSP", "JSON", "LOOPBACK_NAMES", "MAX_BODY", "ApiError", "Page", "create_app"]
