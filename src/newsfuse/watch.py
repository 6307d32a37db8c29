"""`newsfuse watch`: follow feeds, fetch the full page behind every new entry, and run the
pipeline over them into the store, poll after poll.

One poll (:meth:`Watcher.poll`):

1. the feeds are read: URLs with a conditional GET (the ETag and Last-Modified of the last
   answer are kept in the store; a 304 means nothing new), files from disk; an OPML list
   (a file or a URL) stands for the feeds it names;
2. each entry's link is recorded in the store; links seen before are never fetched again once
   their page is stored (a failed one is tried again at the next polls, ``max_attempts`` in
   all; one robots.txt forbids is never fetched);
3. the new pages are fetched concurrently by :class:`~newsfuse.ingest.follow.PoliteFetcher`
   (robots.txt, per-host limits and delays, retries with backoff, a deadline and a size limit
   on each); a dead feed or page is reported with its reason and the rest goes on;
4. the fetched pages (with the entry's title, date and author) are written to an inbox file
   beside the store (:mod:`newsfuse.inbox`) and the pipeline runs over it: extraction,
   copies, stories, claims and briefs update (``Pipeline.run``, under the store's run lock).

State lives in the store, so Ctrl-C (or a kill) loses nothing: pages fetched but not yet
through the pipeline are in the inbox, their entries marked ``fetched``, and the next poll
runs them first; entries not fetched yet are still ``new``.
"""

from __future__ import annotations

import asyncio
import calendar
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from newsfuse.config import Settings
from newsfuse.errors import InputError, StoreError, UnfaithfulBriefError
from newsfuse.inbox import stamp, write_inbox
from newsfuse.ingest.decode import decode_bytes
from newsfuse.ingest.feeds import parse_feed
from newsfuse.ingest.follow import Disallowed, FollowError, Manners, Page, PoliteFetcher
from newsfuse.ingest.meta import as_text
from newsfuse.ingest.sniff import charset_from_content_type
from newsfuse.records import content_id

_OPML = re.compile(rb"<opml\b", re.IGNORECASE)
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)
SNIFF_BYTES = 64 * 1024

Say = Callable[[str], None]  # one line for the user (stderr)


@dataclass
class PollReport:
    """What one poll did."""

    feeds: int = 0
    not_modified: int = 0
    entries: int = 0  # entries read from the feeds
    new: int = 0  # entries never seen before
    fetched: int = 0
    stored: int = 0  # entries whose article is now in the store
    disallowed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (feed or link, reason)
    run: Any = None  # the pipeline's RunReport, when it ran

    def summary(self) -> str:
        return (
            f"{self.feeds} feeds ({self.not_modified} unchanged), {self.entries} entries, "
            f"{self.new} new, {self.fetched} pages fetched, {self.stored} stored, "
            f"{self.disallowed} disallowed by robots.txt, {len(self.failures)} failed"
        )


@dataclass(frozen=True, slots=True)
class Entry:
    link: str
    title: str | None
    published: str | None
    author: str | None


def normalise_link(link: str, base: str | None = None) -> str | None:
    """An entry's link made absolute (against the feed's URL), without its fragment; None
    when it is not an http(s) URL."""
    link = link.strip()
    if base:
        link = urljoin(base, link)
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


def read_entries(data: bytes, source: str) -> tuple[str | None, list[Entry]]:
    """(feed title, entries with an http(s) link) of an RSS/Atom document; InputError when it
    is not a feed."""
    parsed = parse_feed(data, source)
    base = source if source.startswith(("http://", "https://")) else None
    out: list[Entry] = []
    for entry in parsed.entries:
        link = normalise_link(as_text(entry.get("link")) or "", base)
        if link is None:
            continue
        stamp_ = entry.get("published_parsed") or entry.get("updated_parsed")
        published = None
        if stamp_:
            try:
                published = _iso(calendar.timegm(stamp_))
            except (TypeError, ValueError, OverflowError):
                published = None
        out.append(
            Entry(link, as_text(entry.get("title")), published, as_text(entry.get("author")))
        )
    return as_text(parsed.feed.get("title")), out


def _iso(seconds: int) -> str:
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def opml_feeds(data: bytes, source: str) -> list[str]:
    """The feed URLs (``xmlUrl``) an OPML document lists, in order; InputError when it cannot
    be read. No entity is resolved and nothing is fetched while parsing."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"malformed OPML: {exc}", source=source) from None
    urls = []
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if not url:
            continue
        if _is_url(url):
            urls.append(url)
        elif not _is_url(source) and "://" not in url:
            # a feed file named in a local OPML list: a path beside the list
            urls.append(str(Path(source).parent / url))
    return list(dict.fromkeys(urls))


def _kind(data: bytes) -> str:
    head = data[:SNIFF_BYTES]
    if _OPML.search(head):
        return "opml"
    if _FEED.search(head):
        return "feed"
    return "page"


class Watcher:
    """Polls ``feeds`` into the store at ``store_path`` (see the module docstring).

    ``feeds``: URLs and paths of RSS/Atom feeds or OPML lists. ``manners``: the fetcher's
    politeness; ``max_attempts``: fetches of one page before it is given up; ``say``: where
    progress lines go (None: nowhere); ``lock_wait``: seconds a poll waits for another run
    holding the store (then its pages wait for the next poll); ``keep_going``: a brief that
    fails the faithfulness check is reported and the watch goes on (False: it raises
    UnfaithfulBriefError, as `newsfuse run` does)."""

    def __init__(
        self,
        store_path: str | os.PathLike[str],
        feeds: Sequence[str],
        settings: Settings,
        *,
        manners: Manners | None = None,
        max_attempts: int = 3,
        say: Say | None = None,
        lock_wait: float = 60.0,
        keep_going: bool = True,
    ) -> None:
        self.store_path = Path(store_path)
        self.feeds = list(feeds)
        self.settings = settings
        self.manners = manners or Manners()
        self.max_attempts = max_attempts
        self.say = say or (lambda _line: None)
        self.lock_wait = lock_wait
        self.keep_going = keep_going
        self._pipeline: Any = None

    def poll(self, *, extra_inputs: Sequence[str] = (), out_dir: Path | None = None) -> PollReport:
        """One poll (see the module docstring); ``extra_inputs`` go into the same pipeline run
        (``run --follow-links``: the inputs that are not feeds). KeyboardInterrupt leaves the
        state in the store for the next poll."""
        from newsfuse.store import Store

        report = PollReport()
        with Store(self.store_path) as store:
            asyncio.run(self._fetch_all(store, report))
            pending = store.watch_entries(state="fetched")
            inboxes = list(dict.fromkeys(e["inbox"] for e in pending if e["inbox"]))
            inputs = [*extra_inputs, *[i for i in inboxes if Path(i).is_file()]]
            for e in pending:  # an inbox file deleted by hand: fetch that page again
                if not e["inbox"] or not Path(e["inbox"]).is_file():
                    store.set_watch_entry(e["link"], "new")
            if inputs or out_dir is not None:
                report.run = self._run(store, inputs, out_dir, report)
                self._settle(store, pending, report)
        return report

    # -- fetching ------------------------------------------------------------------------

    async def _fetch_all(self, store: Any, report: PollReport) -> None:
        async with PoliteFetcher(self.settings, self.manners) as fetcher:
            feeds = await self._expand(fetcher, report)
            results = await asyncio.gather(
                *(self._poll_feed(fetcher, store, f, d, report) for f, d in feeds)
            )
            entries: dict[str, Entry] = {}
            for found in results:
                for entry in found:
                    entries.setdefault(entry.link, entry)
            # every entry of these feeds not stored yet: new ones, and failed ones with
            # attempts left (also when their feed has not changed since)
            polled = {f for f, _ in feeds}
            todo = [
                r
                for r in [*store.watch_entries(state="new"), *store.watch_entries(state="failed")]
                if (r["feed"] in polled or r["link"] in entries)
                and (r["state"] == "new" or r["attempts"] < self.max_attempts)
            ]
            done: list[tuple[str, dict[str, Any], str]] = []  # (link, inbox row, doc id)
            try:
                await asyncio.gather(
                    *(self._fetch_page(fetcher, store, r, report, done) for r in todo)
                )
            finally:  # interrupted (Ctrl-C) or not, the pages that arrived go to the inbox
                if done:
                    path = write_inbox(
                        self.store_path, f"watch-{stamp()}", [row for _, row, _ in done]
                    )
                    for link, _, doc in done:
                        store.set_watch_entry(link, "fetched", doc_id=doc, inbox=str(path))
                    report.fetched += len(done)

    async def _expand(
        self, fetcher: PoliteFetcher, report: PollReport
    ) -> list[tuple[str, bytes | None]]:
        """(feed, its bytes when already read) for every feed, OPML lists (files, or URLs
        ending in .opml) expanded one level: their feeds join this poll."""
        out: dict[str, bytes | None] = {}
        work = [(feed, True) for feed in self.feeds]
        while work:
            feed, top = work.pop(0)
            data: bytes | None = None
            try:
                if not _is_url(feed):
                    data = _read_file(feed, self.settings.max_bytes)
                elif top and feed.lower().split("?")[0].endswith(".opml"):
                    data = (await fetcher.get(feed, robots=False)).body
                if data is not None and _kind(data) == "opml":
                    if not top:
                        raise InputError(
                            "an OPML list inside an OPML list is not followed", source=feed
                        )
                    work += [(f, False) for f in opml_feeds(data, feed)]
                    continue
            except (FollowError, InputError) as exc:
                report.failures.append((feed, exc.message))
                self.say(f"newsfuse: {feed}: {exc.message}")
                continue
            out.setdefault(feed, data)
        return list(out.items())

    async def _poll_feed(
        self, fetcher: PoliteFetcher, store: Any, feed: str, data: bytes | None, report: PollReport
    ) -> list[Entry]:
        report.feeds += 1
        page: Page | None = None
        if data is None:
            known = store.feed_state(feed) or {}
            try:
                # a feed the user chose is read like a feed reader does; robots.txt is
                # honoured for the pages it links to
                page = await fetcher.get(
                    feed,
                    etag=known.get("etag"),
                    last_modified=known.get("last_modified"),
                    robots=False,
                )
            except FollowError as exc:
                report.failures.append((feed, exc.message))
                store.save_feed_state(feed, status=exc.message, keep_validators=True)
                self.say(f"newsfuse: {feed}: {exc.message}")
                return []
            if page.not_modified:
                report.not_modified += 1
                store.save_feed_state(feed, status="not modified", keep_validators=True)
                return []
            data = page.body
        try:
            title, entries = read_entries(data, feed)
        except InputError as exc:
            report.failures.append((feed, exc.message))
            store.save_feed_state(feed, status=exc.message, keep_validators=True)
            self.say(f"newsfuse: {feed}: {exc.message}")
            return []
        report.entries += len(entries)
        new = store.add_watch_entries(feed, [(e.link, e.title, e.published) for e in entries])
        report.new += len(new)
        store.save_feed_state(
            feed,
            status="ok",
            title=title,
            etag=page.etag if page else None,
            last_modified=page.last_modified if page else None,
            entries=len(entries),
        )
        return entries

    async def _fetch_page(
        self,
        fetcher: PoliteFetcher,
        store: Any,
        row: dict[str, Any],
        report: PollReport,
        done: list[tuple[str, dict[str, Any], str]],
    ) -> None:
        link = row["link"]
        try:
            page = await fetcher.get(link)
            kind, text = self._page_text(page, link)
        except Disallowed as exc:
            report.disallowed += 1
            store.set_watch_entry(link, "disallowed", error=exc.message)
            self.say(f"newsfuse: {link}: not fetched: {exc.message}")
            return
        except (FollowError, InputError) as exc:
            reason = exc.message
            report.failures.append((link, reason))
            store.set_watch_entry(link, "failed", error=reason, attempt=True)
            self.say(f"newsfuse: {link}: {reason}")
            return
        entry = {
            kind: text,
            "url": page.url,
            "title": row.get("title"),
            "published": row.get("published"),
        }
        done.append((link, entry, content_id(text.encode("utf-8", "replace"))))

    def _page_text(self, page: Page, link: str) -> tuple[str, str]:
        """("html" or "text", the page decoded)."""
        ctype = (page.content_type or "").split(";")[0].strip().lower()
        if ctype and not (
            ctype.startswith("text/") or ctype in ("application/xhtml+xml", "application/xml")
        ):
            raise InputError(f"not a web page (Content-Type {ctype[:60]})", source=link)
        if not page.body.strip():
            raise InputError("empty page", source=link)
        kind = "text" if ctype == "text/plain" else "html"
        declared = charset_from_content_type(page.content_type)
        text = decode_bytes(page.body, source=link, declared=declared, kind=kind)
        return kind, text

    # -- the pipeline --------------------------------------------------------------------

    def _run(self, store: Any, inputs: list[str], out_dir: Path | None, report: PollReport) -> Any:
        from newsfuse.pipeline import Pipeline

        if self._pipeline is None:
            self._pipeline = Pipeline(self.settings)
        try:
            return self._pipeline.run(inputs, store=store, out_dir=out_dir, wait=self.lock_wait)
        except UnfaithfulBriefError as exc:  # the articles are stored; those briefs are not
            if not self.keep_going:
                raise
            self.say(f"newsfuse: FAITHFULNESS CHECK FAILED (those briefs were not stored): {exc}")
            report.failures.append(("brief", str(exc)))
            return None
        except StoreError as exc:
            if "in use by another newsfuse run" in str(exc):
                self.say(f"newsfuse: {exc}; the fetched pages wait for the next poll")
                report.failures.append((str(self.store_path), str(exc)))
                return None
            raise

    def _settle(self, store: Any, pending: list[dict[str, Any]], report: PollReport) -> None:
        """Mark the fetched entries whose article is now stored; the others failed (the
        pipeline's reason, when it gave one)."""
        docs = [e["doc_id"] for e in pending if e["doc_id"]]
        stored = set(store.article_summaries(docs)) if docs else set()
        why: dict[str, str] = {}
        run = report.run
        if run is not None:
            for f in run.failures:
                why[f.source] = f.reason
        for e in pending:
            if e["doc_id"] in stored:
                store.set_watch_entry(e["link"], "stored")
                report.stored += 1
            elif run is not None:
                reason = next((r for s, r in why.items() if s.startswith(str(e["inbox"]))), None)
                reason = reason or "the pipeline stored no article for this page"
                store.set_watch_entry(e["link"], "failed", error=reason, attempt=True)
                report.failures.append((e["link"], reason))


def _is_url(value: str) -> bool:
    return value[:8].lower().startswith(("http://", "https://"))


def _read_file(path: str, limit: int) -> bytes:
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise InputError(f"too large: {size} bytes > limit {limit}", source=path)
        with open(path, "rb") as f:
            return f.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=path) from None


def feed_inputs(inputs: Sequence[str], settings: Settings) -> tuple[list[str], list[str]]:
    """(feeds, other inputs) of what the user typed for `run --follow-links`: a file is a
    feed when it reads as RSS/Atom or OPML; a URL is fetched once to tell (a page stays an
    ordinary input). Directories, globs and ``-`` are ordinary inputs."""
    feeds: list[str] = []
    others: list[str] = []
    urls = [v for v in inputs if _is_url(v)]
    kinds = asyncio.run(_url_kinds(urls, settings)) if urls else {}
    for value in inputs:
        if _is_url(value):
            (feeds if kinds.get(value) in ("feed", "opml") else others).append(value)
        elif os.path.isfile(value):
            try:
                with open(value, "rb") as f:
                    head = f.read(SNIFF_BYTES)
            except OSError:
                others.append(value)
                continue
            (feeds if _kind(head) in ("feed", "opml") else others).append(value)
        else:
            others.append(value)
    return feeds, others


async def _url_kinds(urls: Sequence[str], settings: Settings) -> dict[str, str]:
    async with PoliteFetcher(settings, Manners(delay=0.0, retries=0)) as fetcher:

        async def kind(url: str) -> str:
            try:
                page = await fetcher.get(url, robots=False)
            except FollowError:
                return "page"  # the pipeline fetches it again and reports why it fails
            return _kind(page.body)

        found = await asyncio.gather(*(kind(u) for u in urls))
    return dict(zip(urls, found, strict=True))


def parse_every(text: str) -> float:
    """``15m``, ``90s``, ``1h``, ``1h30m`` or plain seconds -> seconds (at least 1)."""
    value = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        seconds = float(value)
    else:
        parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", value)
        if not parts or not any(parts.groups()):
            raise ValueError(f"expected a duration such as 15m, 90s or 1h, got {text!r}")
        h, m, s = (int(g) if g else 0 for g in parts.groups())
        seconds = h * 3600 + m * 60 + s
    if seconds < 1:
        raise ValueError(f"must be at least 1 second, got {text!r}")
    return seconds


__all__ = [
    "Entry",
    "PollReport",
    "Watcher",
    "feed_inputs",
    "normalise_link",
    "opml_feeds",
    "parse_every",
    "read_entries",
]
