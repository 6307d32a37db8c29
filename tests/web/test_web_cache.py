"""The page cache of `newsfuse serve`: a page is never older than the store (a run writing
more articles shows at once), cached answers keep the security headers, ETag and 304, the
cache stays within its bytes, and a page made from a stale overview is not kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import CORPUS, STRIKE_STORY, Client, build_store

from newsfuse.web import create_app
from newsfuse.web.app import CSP
from newsfuse.web.cache import Entry, PageCache, cacheable

SECURITY = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def _secured(headers: object) -> bool:
    return all(headers.get(k) == v for k, v in SECURITY.items())  # type: ignore[attr-defined]


def test_pages_follow_the_store_as_a_run_adds_articles(tmp_path: Path) -> None:
    store = build_store(
        tmp_path / "s.db",
        [
            str(CORPUS / "riverlands-today-port-strike.txt"),
            str(CORPUS / "haverlund-courier-port-strike.html"),
        ],
    )
    app = create_app(store)
    app.state.desk.overview()  # as the server does before its first request (lifespan)
    client = Client(app)
    try:
        page = f"/stories/{STRIKE_STORY}"
        first = client.get(page, headers={"accept": "text/html"})
        assert first.status_code == 200 and "2 reports" in first.text
        assert client.get(page + ".json").json()["summary"]["reports"] == 2
        assert client.get("/stories.json").json()["total"] == 1
        assert client.get("/search.json?q=spillway").json()["total"] == 0
        again = client.get(page, headers={"accept": "text/html"})
        assert again.text == first.text and again.headers["etag"] == first.headers["etag"]
        assert app.state.cache.hits >= 1  # the second answer came from the cache
        # another connection (a later `newsfuse run`) writes the store: one more report of
        # the strike, and two new stories
        build_store(store, [str(CORPUS / "wire.jsonl")])
        after = client.get(page, headers={"accept": "text/html"})
        assert after.status_code == 200 and "3 reports" in after.text
        assert after.headers["etag"] != first.headers["etag"]
        assert client.get(page + ".json").json()["summary"]["reports"] == 3
        assert client.get("/stories.json").json()["total"] == 3
        assert client.get("/search.json?q=spillway").json()["total"] == 1
        # the browser's copy of the old page is not confirmed: it gets the new one
        old = client.get(page, headers={"if-none-match": first.headers["etag"]})
        assert old.status_code == 200 and "3 reports" in old.text
    finally:
        client.close()


def test_cached_answers_keep_the_security_headers_and_answer_304(demo_store: Path) -> None:
    app = create_app(demo_store)
    app.state.desk.overview()  # as the server does before its first request (lifespan)
    client = Client(app)
    try:
        for path in (f"/stories/{STRIKE_STORY}", f"/stories/{STRIKE_STORY}.json", "/stories"):
            fresh = client.get(path, headers={"accept": "text/html"})
            cached = client.get(path, headers={"accept": "text/html"})
            assert fresh.status_code == cached.status_code == 200
            assert _secured(fresh.headers) and _secured(cached.headers), path
            assert cached.content == fresh.content
            assert cached.headers["content-type"] == fresh.headers["content-type"]
            assert cached.headers["cache-control"] == "no-cache"
            assert int(cached.headers["content-length"]) == len(cached.content)
            etag = cached.headers["etag"]
            unchanged = client.get(path, headers={"if-none-match": f'"x", {etag}'})
            assert unchanged.status_code == 304 and unchanged.content == b""
            assert unchanged.headers["etag"] == etag and _secured(unchanged.headers)
        assert app.state.cache.hits >= 6
        # errors are never cached, and keep their headers
        for _ in range(2):
            missing = client.get("/stories/nosuchstory.json")
            assert missing.status_code == 404 and _secured(missing.headers)
            assert "etag" not in missing.headers
        # a page for a host other than loopback is refused even when it is cached
        refused = client.get("/stories", headers={"host": "evil.example"})
        assert refused.status_code == 400
        # /status is not cached (its JSON changes with runs and feeds)
        assert "etag" not in client.get("/status.json").headers
    finally:
        client.close()


def test_no_cache_serves_the_same_pages(demo_store: Path) -> None:
    cached, plain = Client(create_app(demo_store)), Client(create_app(demo_store, cache_bytes=0))
    try:
        for path in (f"/stories/{STRIKE_STORY}.json", "/stories.json", "/entities.json"):
            assert cached.get(path).content == plain.get(path).content == plain.get(path).content
    finally:
        cached.close()
        plain.close()


def test_the_cache_stays_within_its_bytes_and_drops_a_past_version() -> None:
    def entry(n: int) -> Entry:
        return Entry(headers=((b"content-type", b"text/html"),), body=b"x" * n, etag=b'"e"')

    cache = PageCache(max_bytes=10_000)
    for k in range(40):
        cache.put(f"/p{k}".encode(), 1, entry(900))
        assert cache.size <= 10_000
    assert 0 < len(cache) < 40
    assert cache.get(b"/p39", 1) is not None and cache.get(b"/p0", 1) is None  # LRU
    cache.put(b"/big", 1, entry(5_000))  # over an eighth of the cache: never kept
    assert cache.get(b"/big", 1) is None
    assert cache.get(b"/p39", 2) is None and len(cache) == 0  # the store changed: all out
    cache.put(b"/p1", 1, entry(10))  # made before the change: not kept
    assert cache.get(b"/p1", 2) is None
    assert cacheable("/stories/abc.json") and cacheable("/articles") and cacheable("/search")
    assert not cacheable("/status") and not cacheable("/static/app.css")
    assert not cacheable("/openapi.json") and not cacheable("/storiesx")


def test_a_page_made_from_a_stale_overview_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = build_store(tmp_path / "s.db", [str(CORPUS / "riverlands-today-port-strike.txt")])
    app = create_app(store)
    client = Client(app)
    desk = app.state.desk
    try:
        assert client.get("/stories.json").json()["total"] == 1
        desk.overview().cost = 60.0  # as if it took a minute: rebuilt in the background
        monkeypatch.setattr(desk, "_rebuild", lambda version: None)  # ... never done here
        build_store(store, [str(CORPUS / "valdora-herald-kessring-dam.html")])
        assert not desk.version()[1]  # the overview in memory is of an older version
        stale = client.get("/stories.json")
        assert stale.status_code == 200 and stale.json()["total"] == 1  # the old overview
        assert len(app.state.cache) == 0  # ... not kept for the new version
    finally:
        client.close()


def test_serve_passes_its_cache_size_and_workers_to_the_server(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from newsfuse.cli import main
    from newsfuse.web import server

    seen: dict[str, object] = {}
    monkeypatch.setattr(server, "serve", lambda path, **kwargs: seen.update(kwargs))
    args = ["serve", "--store", str(demo_store), "--port", "0", "-q"]
    done = CliRunner().invoke(main, [*args, "--cache-mb", "0", "--workers", "2"])
    assert done.exit_code == 0, done.output
    assert seen["cache_bytes"] == 0 and seen["workers"] == 2
    assert CliRunner().invoke(main, args).exit_code == 0
    assert seen["cache_bytes"] == 128 * 1024 * 1024 and seen["workers"] == 1
    app = server._app(
        {"store": str(demo_store), "ingest_token": None, "settings": {}, "max_body": 1024,
         "allowed_hosts": None, "cache_bytes": 12345}
    )  # fmt: skip
    assert app.state.cache.max_bytes == 12345


@pytest.mark.parametrize("threads", [1, 3])
def test_pages_are_made_page_threads_at_a_time(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch, threads: int
) -> None:
    import asyncio
    import threading
    import time

    import httpx

    from newsfuse.web import views

    now, most, lock = 0, 0, threading.Lock()

    def slow_status(desk: object) -> dict[str, object]:
        nonlocal now, most
        with lock:
            now += 1
            most = max(most, now)
        time.sleep(0.05)
        with lock:
            now -= 1
        return {"version": 0, "counts": {}, "last_run": None, "feeds": []}

    monkeypatch.setattr(views, "status", slow_status)
    client = Client(create_app(demo_store, page_threads=threads))
    try:

        async def six() -> list[httpx.Response]:
            return list(
                await asyncio.gather(*(client._client.get("/status.json") for _ in range(6)))
            )

        answers = client._runner.run(six())
        assert all(a.status_code == 200 for a in answers)
        assert most == threads  # never more at once; as many as allowed when asked for
    finally:
        client.close()
    with pytest.raises(ValueError, match="page_threads"):
        create_app(demo_store, page_threads=0)
