"""`newsfuse watch` against feeds and pages served on 127.0.0.1: new entries reach the store as
full pages, the feed's ETag is honoured, robots.txt is honoured, a slow host does not hold the
others, a dead link is reported and retried, an interrupted poll resumes, and the fetcher keeps
the safety rules of ingest/fetch.py."""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsfuse.cli import main
from newsfuse.config import Settings
from newsfuse.ingest.follow import Disallowed, FollowError, Manners, PoliteFetcher
from newsfuse.store import Store
from newsfuse.watch import Watcher, normalise_link, opml_feeds, parse_every
from watch_helpers import Site, feed_xml, gzipped, html, page_html, start, stop

pytestmark = pytest.mark.network

QUICK = Manners(delay=0.0, retries=0)
TITLES = {
    "a1": "Ostra barriers raised as 1,200 leave Harbour district",
    "a2": "Around 1,500 evacuated in Tallby, relief group says",
    "a3": "Sandbags at the town hall as the Ostra keeps rising",
}


def _site() -> Site:
    site = start(Site())
    site.routes["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: *\nDisallow: /private/\n",
    )
    site.routes["/a1"] = html(page_html("a1", TITLES["a1"], "Tallby Post"))
    site.routes["/a2"] = gzipped(page_html("a2", TITLES["a2"], "Vesterholm Daily"))
    site.routes["/a3"] = html(page_html("a3", TITLES["a3"], "Tallby Post"))
    return site


@pytest.fixture
def site() -> Iterator[Site]:
    s = _site()
    yield s
    stop(s)


def _watcher(tmp_path: Path, feeds: list[str], **kw: object) -> Watcher:
    return Watcher(tmp_path / "s.db", feeds, Settings(), manners=kw.pop("manners", QUICK), **kw)  # type: ignore[arg-type]


def test_new_entries_become_full_articles_and_the_etag_is_honoured(
    tmp_path: Path, site: Site
) -> None:
    items = [("/a1", "Barriers raised"), ("/a2", "1,500 evacuated")]
    site.routes["/feed.xml"] = site.feed_route(lambda: feed_xml(site.base, items))
    watcher = _watcher(tmp_path, [site.base + "/feed.xml"])
    first = watcher.poll()
    assert (first.new, first.fetched, first.stored, first.failures) == (2, 2, 2, [])
    with Store(tmp_path / "s.db") as store:
        articles = {a.url: a for a in store.articles(raw=False)}
        assert set(articles) == {site.base + "/a1", site.base + "/a2"}
        # the full page, not the feed's summary
        a1 = articles[site.base + "/a1"]
        assert "4.2 metres" in a1.text and "A short summary" not in a1.text
        assert "newsletter" not in a1.text  # the page's boilerplate was removed
        assert a1.published.startswith("2026-03-09")
        assert store.counts()["stories"] >= 1 and store.counts()["briefs"] >= 1
        assert {e["state"] for e in store.watch_entries()} == {"stored"}
        assert store.feed_state(site.base + "/feed.xml")["etag"] == '"v1"'
    # the second poll sends the validators and gets 304: no page is fetched again
    second = watcher.poll()
    assert (second.not_modified, second.new, second.fetched) == (1, 0, 0)
    feed_requests = [h for p, h, _ in site.log if p == "/feed.xml"]
    assert feed_requests[-1].get("if-none-match") == '"v1"'
    assert "if-none-match" not in feed_requests[0]
    assert site.requests("/a1") == 1 and site.requests("/a2") == 1
    # a new entry in the feed (new ETag): only it is fetched
    items.append(("/a3", "Sandbags"))
    site.etag = '"v2"'
    third = watcher.poll()
    assert (third.new, third.fetched, third.stored) == (1, 1, 1)
    assert site.requests("/a1") == 1 and site.requests("/a3") == 1
    with Store(tmp_path / "s.db") as store:
        assert store.counts()["articles"] == 3


def test_robots_txt_is_honoured_and_a_dead_link_is_reported_then_retried(
    tmp_path: Path, site: Site
) -> None:
    items = [("/private/memo", "Internal"), ("/dead", "Gone"), ("/a1", "Barriers raised")]
    site.routes["/feed.xml"] = site.feed_route(lambda: feed_xml(site.base, items))
    said: list[str] = []
    watcher = _watcher(tmp_path, [site.base + "/feed.xml"], say=said.append, max_attempts=2)
    report = watcher.poll()
    assert report.disallowed == 1 and report.stored == 1
    assert site.requests("/private/memo") == 0
    assert report.failures == [(site.base + "/dead", "HTTP 404 Not Found")]
    assert any("/dead: HTTP 404 Not Found" in line for line in said)
    with Store(tmp_path / "s.db") as store:
        states = {
            e["link"].rsplit("/", 1)[-1]: (e["state"], e["attempts"]) for e in store.watch_entries()
        }
    assert states == {"memo": ("disallowed", 0), "dead": ("failed", 1), "a1": ("stored", 0)}
    # the feed has not changed (304), but the dead page is tried again, up to max_attempts
    watcher.poll()
    watcher.poll()
    assert site.requests("/dead") == 2
    assert site.requests("/private/memo") == 0 and site.requests("/a1") == 1


def test_a_dead_feed_is_reported_and_the_other_feeds_go_on(tmp_path: Path, site: Site) -> None:
    site.routes["/feed.xml"] = site.feed_route(lambda: feed_xml(site.base, [("/a1", "x")]))
    site.routes["/notafeed"] = html(b"<html><body><p>hello</p></body></html>")
    feeds = [
        site.base + "/gone.xml",
        site.base + "/notafeed",
        site.base + "/feed.xml",
        str(tmp_path / "missing.xml"),
    ]
    report = _watcher(tmp_path, feeds).poll()
    reasons = dict(report.failures)
    assert reasons[site.base + "/gone.xml"] == "HTTP 404 Not Found"
    assert "feed" in reasons[site.base + "/notafeed"]
    assert "no such file" in reasons[str(tmp_path / "missing.xml")].lower()
    assert report.stored == 1


def test_a_slow_host_does_not_hold_the_others(tmp_path: Path, site: Site) -> None:
    slow = start(Site(delay=0.6))
    try:
        for k in ("s1", "s2", "s3"):
            slow.routes[f"/{k}"] = html(page_html("a1", f"slow {k}", "Slow Times"))
        fast_links = [site.base + f"/a{k}" for k in (1, 2, 3)]
        slow_links = [slow.base + f"/s{k}" for k in (1, 2, 3)]

        async def fetch_all() -> dict[str, float]:
            done: dict[str, float] = {}
            async with PoliteFetcher(Settings(), Manners(per_host=1, delay=0.0, retries=0)) as f:

                async def one(url: str) -> None:
                    await f.get(url)
                    done[url] = time.monotonic()

                await asyncio.gather(*(one(u) for u in slow_links + fast_links))
            return done

        start_time = time.monotonic()
        done = asyncio.run(fetch_all())
        fast = max(done[u] for u in fast_links) - start_time
        slowest = max(done[u] for u in slow_links) - start_time
        # one request at a time to the slow host (robots.txt first): about 2.4 s; the fast
        # host's pages are all in before the slow host has answered its first request
        assert fast < 0.55, fast
        assert slowest > 2.0, slowest
    finally:
        stop(slow)


def test_an_interrupted_poll_resumes_without_fetching_again(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.routes["/feed.xml"] = site.feed_route(
        lambda: feed_xml(site.base, [("/a1", "x"), ("/a2", "y")])
    )
    watcher = _watcher(tmp_path, [site.base + "/feed.xml"])

    def interrupted(*args: object, **kw: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(watcher, "_run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        watcher.poll()
    with Store(tmp_path / "s.db") as store:
        assert {e["state"] for e in store.watch_entries()} == {"fetched"}
        assert store.counts()["articles"] == 0
    monkeypatch.undo()
    again = _watcher(tmp_path, [site.base + "/feed.xml"]).poll()  # a new process, as after Ctrl-C
    assert again.stored == 2 and again.fetched == 0
    assert site.requests("/a1") == 1 and site.requests("/a2") == 1


def test_an_opml_list_names_the_feeds(tmp_path: Path, site: Site) -> None:
    site.routes["/feed.xml"] = site.feed_route(lambda: feed_xml(site.base, [("/a1", "x")]))
    local = tmp_path / "local.xml"
    local.write_bytes(feed_xml(site.base, [("/a2", "y")], title="Vesterholm Daily"))
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<opml version="2.0"><head><title>&x;</title></head><body>'
        f'<outline text="Post" type="rss" xmlUrl="{site.base}/feed.xml"/>'
        '<outline text="Daily" type="rss" xmlUrl="local.xml"/>'
        '<outline text="bad" xmlUrl="file:///etc/passwd"/></body></opml>'
    )
    assert opml_feeds(opml.read_bytes(), str(opml)) == [
        site.base + "/feed.xml",
        str(tmp_path / "local.xml"),
    ]
    report = _watcher(tmp_path, [str(opml)]).poll()
    assert report.feeds == 2 and report.stored == 2


def test_the_fetcher_keeps_the_safety_rules(site: Site) -> None:
    bomb = gzip.compress(b"<p>" + b"a" * 5_000_000 + b"</p>")
    site.routes["/bomb"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    site.routes["/to-file"] = (302, {"Location": "file:///etc/passwd"}, b"")
    site.routes["/big"] = html(b"x" * 300_000)
    site.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    settings = Settings(max_bytes=200_000, fetch_timeout=5.0)

    async def get(path: str, **kw: object) -> str:
        async with PoliteFetcher(settings, QUICK) as f:
            try:
                await f.get(site.base + path if path.startswith("/") else path, **kw)  # type: ignore[arg-type]
            except FollowError as exc:
                return exc.message
        return "fetched"

    assert "decompressed body" in asyncio.run(get("/bomb")) or "too large" in asyncio.run(
        get("/bomb")
    )
    assert "only http and https" in asyncio.run(get("/to-file"))
    assert asyncio.run(get("/big")).startswith("too large")
    assert "too many redirects" in asyncio.run(get("/loop"))
    assert "only http and https" in asyncio.run(get("ftp://example.org/x"))
    assert asyncio.run(get("/a2")) == "fetched"  # a gzip page within the limit


def test_the_whole_request_has_one_deadline() -> None:
    slow = start(Site(delay=3.0))
    slow.routes["/p"] = html(b"<p>late</p>")
    try:

        async def get() -> tuple[str, float]:
            t = time.monotonic()
            async with PoliteFetcher(
                Settings(fetch_timeout=1.0), Manners(delay=0.0, retries=0, robots=False)
            ) as f:
                try:
                    await f.get(slow.base + "/p")
                except FollowError as exc:
                    return exc.message, time.monotonic() - t
            return "fetched", time.monotonic() - t

        message, seconds = asyncio.run(get())
        assert message == "cannot fetch: timed out after 1 s" and seconds < 2.0
    finally:
        stop(slow)


def test_robots_unreachable_disallows_and_4xx_allows(site: Site) -> None:
    broken = start(Site())
    broken.routes["/robots.txt"] = (503, {}, b"down")
    broken.routes["/p"] = html(b"<p>x</p>")
    site.routes.pop("/robots.txt")  # 404: everything allowed

    async def check(url: str) -> str:
        async with PoliteFetcher(Settings(), QUICK) as f:
            try:
                await f.check_robots(url)
            except Disallowed as exc:
                return exc.message
        return "allowed"

    try:
        assert "cannot be read" in asyncio.run(check(broken.base + "/p"))
        assert asyncio.run(check(site.base + "/private/x")) == "allowed"
    finally:
        stop(broken)


def test_links_and_durations() -> None:
    assert normalise_link("/a#top", "https://Example.org/feed") == "https://example.org/a"
    assert normalise_link("javascript:alert(1)") is None
    assert normalise_link("file:///etc/passwd") is None
    assert parse_every("15m") == 900 and parse_every("1h30m") == 5400 and parse_every("90") == 90
    for bad in ("0", "soon", "15x", ""):
        with pytest.raises(ValueError):
            parse_every(bad)


def test_cli_watch_once_and_run_follow_links(tmp_path: Path, site: Site) -> None:
    site.routes["/feed.xml"] = site.feed_route(
        lambda: feed_xml(site.base, [("/a1", "x"), ("/dead", "y")])
    )
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "watch",
            site.base + "/feed.xml",
            "--store",
            str(tmp_path / "w.db"),
            "--once",
            "--delay",
            "0",
            "--retries",
            "0",
        ],
    )
    assert result.exit_code == 1, result.output  # the dead link: some inputs failed
    assert "/dead: HTTP 404 Not Found" in result.stderr
    assert "1 stored" in result.stderr
    bad = runner.invoke(
        main, ["watch", "x.xml", "--store", str(tmp_path / "w.db"), "--every", "soon"]
    )
    assert bad.exit_code == 2 and "--every" in bad.output
    # run --follow-links: a feed file's entries are fetched as full pages, with the outputs
    feed = tmp_path / "feed.xml"
    feed.write_bytes(feed_xml(site.base, [("/a1", "x"), ("/a3", "z")]))
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(feed), "--out", str(out), "--follow-links", "-q"])
    assert result.exit_code == 0, result.output
    with Store(out / "newsfuse.db") as store:
        texts = [a.text for a in store.articles(raw=False)]
    assert len(texts) == 2 and all("A short summary" not in t for t in texts)
    assert (out / "index.html").is_file()


def test_ctrl_c_while_fetching_keeps_the_pages_that_arrived(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.routes["/feed.xml"] = site.feed_route(
        lambda: feed_xml(site.base, [("/a1", "x"), ("/a2", "y")])
    )
    real_get = PoliteFetcher.get

    async def get(self: PoliteFetcher, url: str, **kw: object) -> object:
        if url.endswith("/a2"):
            await asyncio.sleep(0.5)  # /a1 arrives first
            raise KeyboardInterrupt
        return await real_get(self, url, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(PoliteFetcher, "get", get)
    with pytest.raises(KeyboardInterrupt):
        _watcher(tmp_path, [site.base + "/feed.xml"]).poll()
    with Store(tmp_path / "s.db") as store:
        states = {e["link"].rsplit("/", 1)[-1]: e["state"] for e in store.watch_entries()}
    assert states == {"a1": "fetched", "a2": "new"}
    monkeypatch.undo()
    again = _watcher(tmp_path, [site.base + "/feed.xml"]).poll()
    assert again.stored == 2 and again.fetched == 1
    assert site.requests("/a1") == 1 and site.requests("/a2") == 1
