"""A small news site served on 127.0.0.1 for the watch tests: a feed with ETag and
Last-Modified, article pages, robots.txt, a dead link, a slow host, and a record of every
request (path, headers, time)."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PARAGRAPHS = {
    "a1": [
        "Flood barriers on the Ostra river were raised on Monday after three days of heavy rain, "
        "the Lindqvist county water board said.",
        "About 1,200 residents of the low-lying Harbour district were told to leave their homes "
        "by nightfall, county governor Elin Marsk told reporters in Tallby.",
        "The water level at the Tallby gauge reached 4.2 metres, the highest reading since the "
        "board began keeping records in 1958, according to the board.",
        "Rail services between Tallby and Vesterholm were suspended until further notice, the "
        "national rail operator said in a statement.",
    ],
    "a2": [
        "Rising water forced the evacuation of around 1,500 people from Tallby's Harbour district "
        "on Monday, the Red Cord relief group said, a higher figure than the county's count.",
        "County governor Elin Marsk said the barriers on the Ostra river would hold, and that "
        "engineers were checking them every two hours through the night.",
        "The Lindqvist county water board said the river at the Tallby gauge stood at 4.2 "
        "metres, a record since 1958.",
        "Schools in the district will stay closed on Tuesday, the municipality announced.",
    ],
    "a3": [
        "Volunteers filled sandbags outside Tallby's town hall late on Monday as the Ostra river "
        "kept rising, the Tallby Post reported from the scene.",
        "Governor Elin Marsk said about 1,200 people had left the Harbour district, while the "
        "Red Cord relief group put the number at around 1,500.",
        "The water board said it expected the river to crest on Wednesday morning.",
    ],
}


def page_html(key: str, title: str, outlet: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[key])
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta property='og:site_name' content='{outlet}'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{paras}</article>"
        "<footer>Subscribe to our newsletter for the latest headlines every morning.</footer>"
        "</body></html>"
    ).encode()


def feed_xml(base: str, items: list[tuple[str, str]], title: str = "Tallby Post") -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{path}</link>"
        "<description>A short summary only.</description>"
        "<pubDate>Mon, 09 Mar 2026 10:00:00 GMT</pubDate></item>"
        for path, t in items
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
        f"<link>{base}/</link><description>news</description>{entries}</channel></rss>"
    ).encode()


@dataclass
class Site:
    """Routes: path -> (status, headers, body) or a callable giving them; ``delay``: seconds
    to wait before answering any request (a slow host)."""

    routes: dict[str, Any] = field(default_factory=dict)
    delay: float = 0.0
    log: list[tuple[str, dict[str, str], float]] = field(default_factory=list)
    etag: str = '"v1"'
    modified: str = formatdate(1_773_050_400, usegmt=True)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def requests(self, path: str) -> int:
        return sum(1 for p, _, _ in self.log if p == path)

    def feed_route(
        self, body: Callable[[], bytes]
    ) -> Callable[[dict[str, str]], tuple[int, dict[str, str], bytes]]:
        """A feed answering 304 to a matching If-None-Match / If-Modified-Since."""

        def route(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
            validators = {"ETag": self.etag, "Last-Modified": self.modified}
            if headers.get("if-none-match") == self.etag:
                return 304, validators, b""
            return 200, {"Content-Type": "application/rss+xml", **validators}, body()

        return route


def start(site: Site) -> Site:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            site.log.append((self.path, headers, time.monotonic()))
            if site.delay:
                time.sleep(site.delay)
            route = site.routes.get(self.path)
            if route is None:
                status, extra, body = 404, {"Content-Type": "text/plain"}, b"not found"
            elif callable(route):
                status, extra, body = route(headers)
            else:
                status, extra, body = route
            self.send_response(status)
            for k, v in extra.items():
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site


def stop(site: Site) -> None:
    """Stop the server and close its socket."""
    assert site.server is not None
    site.server.shutdown()
    site.server.server_close()


def html(body: bytes) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body


def gzipped(body: bytes) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(body)
