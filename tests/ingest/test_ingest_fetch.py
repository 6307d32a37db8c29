"""http(s) URLs against a local ThreadingHTTPServer on 127.0.0.1."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ingest_helpers import PAGE

from newsfuse.config import Settings
from newsfuse.ingest import iter_documents
from newsfuse.ingest.fetch import MAX_REDIRECTS
from newsfuse.records import Failure, RawDocument

pytestmark = pytest.mark.network

RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
    b"<item><title>A</title><link>http://x/a</link><description>&lt;p&gt;One&lt;/p&gt;</description></item>"
    b"<item><title>B</title><link>http://x/b</link><description>&lt;p&gt;Two&lt;/p&gt;</description></item>"
    b"</channel></rss>"
)
BIG = 64 * 1024


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
