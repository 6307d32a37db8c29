"""http(s) URLs against a local ThreadingHTTPServer on 127.0.0.1."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from ingest_helpers import PAGE

from newsfuse.config import Settings
from newsfuse.errors import FetchError
from newsfuse.ingest import iter_documents
from newsfuse.ingest.fetch import MAX_REDIRECTS, fetch
from newsfuse.records import Failure, RawDocument

pytestmark = pytest.mark.network

RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
    b"<item><title>A</title><link>http://x/a</link><description>&lt;p&gt;One&lt;/p&gt;</description></item>"
    b"<item><title>B</title><link>http://x/b</link><description>&lt;p&gt;Two&lt;/p&gt;</description></item>"
    b"</channel></rss>"
)
BIG = 64 * 1024


# raw responses after "HTTP/1.1 200 OK\r\nConnection: close\r\n"
HOSTILE = {
    "/short": b"Content-Length: 5000\r\n\r\n" + PAGE,
    "/short-chunked": b"Transfer-Encoding: chunked\r\n\r\n400\r\n" + PAGE[:100],
    "/long-header": b"X-Big: " + b"a" * 70_000 + b"\r\nContent-Length: 2\r\n\r\nok",
    "/many-headers": b"X-A: b\r\n" * 150 + b"Content-Length: 2\r\n\r\nok",
    "/superscript-length": b"Content-Length: \xb2\r\n\r\n" + PAGE,
    "/huge-length": b"Content-Length: " + b"9" * 5000 + b"\r\n\r\n" + PAGE,
}
BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024))  # 64 MiB of NUL bytes in 64 kB
ENCODED = {
    "/deflate": ("deflate", zlib.compress(PAGE)),
    "/raw-deflate": ("deflate", zlib.compress(PAGE, wbits=-15)),
    "/gzip-bomb": ("gzip", BOMB),
    "/deflate-bomb": ("deflate", zlib.compress(b"\0" * (64 * 1024 * 1024))),
    "/brotli": ("br", b"\x1b\x03\x00"),
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def send(self, body: bytes, ctype: str, status: int = 200, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def drip(self, piece: bytes) -> None:
        try:
            for _ in range(50):
                self.wfile.write(piece)
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:  # the client gave up, as it should
            pass

    def do_GET(self) -> None:
        path = self.path
        if path == "/page.html":
            self.send(PAGE, "text/html; charset=utf-8")
        elif path == "/text":
            self.send("Café news in latin-1.".encode("latin-1"), "text/plain; charset=ISO-8859-1")
        elif path == "/noext":
            self.send(PAGE, "application/octet-stream")
        elif path == "/agent":
            self.send(self.headers.get("User-Agent", "").encode() or b"none", "text/plain")
        elif path == "/gz":
            self.send(gzip.compress(PAGE), "text/html", Content_Encoding="gzip")
        elif path == "/feed":
            self.send(RSS, "application/rss+xml")
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/page.html" if left == 0 else f"/redirect/{left - 1}"
            self.send(b"", "text/plain", 302, Location=target)
        elif path == "/loop":
            self.send(b"", "text/plain", 302, Location="/loop")
        elif path == "/slow":
            time.sleep(1.0)
            self.send(PAGE, "text/html")
        elif path == "/big":
            self.send(b"<p>" + b"x" * BIG, "text/html")
        elif path == "/big-chunked":  # no Content-Length: the limit is found while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.close_connection = True
            try:
                for _ in range(8):
                    self.wfile.write(b"y" * (BIG // 4))
            except OSError:  # the client hung up at its limit, as it should
                pass
        elif path == "/boom":
            self.send(b"oops", "text/plain", 500)
        elif path in HOSTILE:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n" + HOSTILE[path])
        elif path == "/drip":  # a byte now and then: each read is quick, the whole is not
            self.send_response(200)
            self.send_header("Content-Length", "400")
            self.end_headers()
            self.drip(b"x" * 8)
        elif path == "/drip-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self.drip(b"X-Slow: yes\r\n")
        elif path.startswith("/to/"):
            self.send(b"", "text/plain", 302, Location=path[len("/to/") :])
        elif path == "/no-location":
            self.send(b"", "text/plain", 302)
        elif path in ENCODED:
            encoding, body = ENCODED[path]
            self.send(body, "text/html", Content_Encoding=encoding)
        elif path == "/cut-gzip":
            self.send(gzip.compress(PAGE)[:-30], "text/html", Content_Encoding="gzip")
        else:
            self.send(b"not here", "text/plain", 404)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def fetch_all(url: str, **settings: object) -> list[RawDocument | Failure]:
    return list(iter_documents([url], Settings(**settings)))  # type: ignore[arg-type]


def one(url: str, **settings: object) -> RawDocument | Failure:
    records = fetch_all(url, **settings)
    assert len(records) == 1, records
    return records[0]


def test_html_page(base: str) -> None:
    doc = one(f"{base}/page.html")
    assert isinstance(doc, RawDocument)
    assert (doc.source, doc.url, doc.kind, doc.encoding, doc.data) == (
        f"{base}/page.html",
        f"{base}/page.html",
        "html",
        "utf-8",
        PAGE,
    )


def test_text_page_with_charset(base: str) -> None:
    doc = one(f"{base}/text")
    assert isinstance(doc, RawDocument)
    assert (doc.kind, doc.encoding) == ("text", "iso-8859-1")


def test_kind_sniffed_when_content_type_says_nothing(base: str) -> None:
    doc = one(f"{base}/noext")
    assert isinstance(doc, RawDocument) and doc.kind == "html"


def test_user_agent_is_sent(base: str) -> None:
    doc = one(f"{base}/agent", user_agent="newsfuse-test/1")
    assert isinstance(doc, RawDocument) and doc.data == b"newsfuse-test/1"


def test_gzip_content_encoding(base: str) -> None:
    doc = one(f"{base}/gz")
    assert isinstance(doc, RawDocument) and doc.data == PAGE


def test_feed_url_yields_entries(base: str) -> None:
    records = fetch_all(f"{base}/feed")
    assert [(r.source, r.url) for r in records if isinstance(r, RawDocument)] == [
        (f"{base}/feed#1", "http://x/a"),
        (f"{base}/feed#2", "http://x/b"),
    ]


def test_redirect_gives_final_url(base: str) -> None:
    doc = one(f"{base}/redirect/2")
    assert isinstance(doc, RawDocument)
    assert doc.source == f"{base}/redirect/2" and doc.url == f"{base}/page.html"


def test_too_many_redirects(base: str) -> None:
    failure = one(f"{base}/redirect/{MAX_REDIRECTS + 1}")
    assert isinstance(failure, Failure) and failure.stage == "fetch"
    assert "too many redirects" in failure.reason


def test_redirect_loop(base: str) -> None:
    failure = one(f"{base}/loop")
    assert isinstance(failure, Failure) and "redirect" in failure.reason


@pytest.mark.parametrize(
    ("path", "reason"), [("/missing", "HTTP 404 Not Found"), ("/boom", "HTTP 500")]
)
def test_http_errors(base: str, path: str, reason: str) -> None:
    failure = one(f"{base}{path}")
    assert isinstance(failure, Failure)
    assert (failure.source, failure.stage) == (f"{base}{path}", "fetch")
    assert failure.reason.startswith(reason)


def test_timeout(base: str) -> None:
    failure = one(f"{base}/slow", fetch_timeout=0.2)
    assert isinstance(failure, Failure) and failure.stage == "fetch"
    assert "timed out after 0.2 s" in failure.reason


def test_body_too_large_by_content_length(base: str) -> None:
    failure = one(f"{base}/big", max_bytes=BIG // 2)
    assert isinstance(failure, Failure) and failure.stage == "fetch"
    assert failure.reason == "too large: 65.5 kB > limit 32 KiB (raise --max-bytes)"


def test_body_too_large_while_reading(base: str) -> None:
    failure = one(f"{base}/big-chunked", max_bytes=BIG // 2)
    assert isinstance(failure, Failure) and failure.stage == "fetch"
    assert failure.reason == "too large: body exceeds limit 32 KiB (raise --max-bytes)"


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    failure = one(f"http://127.0.0.1:{port}/x")
    assert isinstance(failure, Failure) and failure.stage == "fetch"
    assert failure.reason == "cannot fetch: connection refused"


def test_dns_failure() -> None:
    failure = one("http://no-such-host.invalid/x", fetch_timeout=2)
    assert isinstance(failure, Failure) and failure.stage == "fetch"
    assert "DNS lookup failed" in failure.reason or "cannot fetch" in failure.reason


def test_batch_goes_on_after_a_bad_url(base: str) -> None:
    records = list(iter_documents([f"{base}/missing", f"{base}/page.html"]))
    assert [type(r) for r in records] == [Failure, RawDocument]


def test_the_timeout_bounds_the_whole_request(base: str) -> None:
    for path in ("/drip", "/drip-headers"):  # 5 s of 8-byte pieces, each within the timeout
        start = time.perf_counter()
        failure = one(f"{base}{path}", fetch_timeout=0.4)
        assert time.perf_counter() - start < 1.0
        assert isinstance(failure, Failure) and failure.stage == "fetch"
        assert failure.reason.endswith("timed out after 0.4 s"), failure.reason


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (
            "/short",
            "truncated body: 158 bytes of the 5.0 kB announced (the connection closed early)",
        ),
        ("/short-chunked", "cannot read the body: truncated body: the connection closed"),
        ("/cut-gzip", "bad gzip Content-Encoding: the compressed body is cut short"),
        ("/long-header", "cannot fetch: a header line longer than 64 KiB"),
        ("/many-headers", "cannot fetch: got more than 100 headers"),
        ("/huge-length", "too large: body exceeds limit 32 MiB (raise --max-bytes)"),
        ("/brotli", "unsupported Content-Encoding 'br'"),
        ("/no-location", "HTTP 302 redirect without a Location header"),
    ],
)
def test_malformed_responses_are_failures(base: str, path: str, reason: str) -> None:
    failure = one(f"{base}{path}")
    assert isinstance(failure, Failure) and failure.stage == "fetch", failure
    assert failure.reason.startswith(reason), failure.reason


def test_a_length_that_is_not_a_number_is_ignored(base: str) -> None:
    doc = one(f"{base}/superscript-length")
    assert isinstance(doc, RawDocument) and doc.data == PAGE


@pytest.mark.parametrize("path", ["/deflate", "/raw-deflate"])
def test_deflate_content_encoding(base: str, path: str) -> None:
    doc = one(f"{base}{path}")
    assert isinstance(doc, RawDocument) and doc.data == PAGE


@pytest.mark.parametrize("path", ["/gzip-bomb", "/deflate-bomb"])
def test_compression_bombs_stop_at_the_limit(base: str, path: str) -> None:
    start = time.perf_counter()
    failure = one(f"{base}{path}", max_bytes=1024 * 1024)
    assert time.perf_counter() - start < 0.5
    assert isinstance(failure, Failure) and failure.stage == "fetch"
    assert failure.reason == "too large: decompressed body exceeds limit 1 MiB (raise --max-bytes)"


@pytest.mark.parametrize(
    "target",
    ["ftp://127.0.0.1:9/x", "file:///etc/passwd", "data:text/html,<p>x</p>", "gopher://x/"],
)
def test_redirects_to_other_schemes_are_refused(base: str, target: str) -> None:
    failure = one(f"{base}/to/{target}")
    assert isinstance(failure, Failure) and failure.stage == "fetch"
    scheme = target.split(":", 1)[0]
    assert failure.reason == (
        f"redirected to {target}: only http and https URLs are fetched, not {scheme}: URLs"
    )


@pytest.mark.parametrize("url", ["ftp://127.0.0.1:9/x", "file:///etc/passwd", "FILE://x/y"])
def test_other_schemes_are_refused(url: str) -> None:
    failure = one(url)
    assert isinstance(failure, Failure) and failure.stage == "fetch"
    scheme = url.split(":", 1)[0].lower()
    assert failure.reason == f"only http and https URLs are fetched, not {scheme}: URLs"
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url, Settings())


def test_the_timeout_bounds_a_slow_name_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.5)  # a resolver that takes its time
        return real(*args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    start = time.perf_counter()
    failure = one("http://news.example:8080/x", fetch_timeout=0.3)
    assert time.perf_counter() - start < 1.0
    assert isinstance(failure, Failure) and failure.reason == "cannot fetch: timed out after 0.3 s"
