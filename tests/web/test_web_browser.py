"""`newsfuse serve` in a real browser: Playwright drives Debian's chromium (never a browser it
downloads) against the server on 127.0.0.1 over the demo store. A reader opens the story list,
opens a story, sees the differing-figures table, opens a citation (the article with the cited
words marked), toggles the removed boilerplate of an article, and runs a search. Nothing on
the pages breaks the Content-Security-Policy or fails to load. Screenshots are kept in
``test-artifacts/serve/`` (or ``$NEWSFUSE_ARTIFACTS/serve``).

Skipped, with the reason, when chromium or the playwright package is missing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_helpers import DAM_STORY

REPO = Path(__file__).resolve().parents[2]
FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.network


def _artifacts() -> Path:
    base = Path(os.environ.get("NEWSFUSE_ARTIFACTS") or REPO / "test-artifacts")
    out = base / "serve"
    out.mkdir(parents=True, exist_ok=True)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(demo_store: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsfuse.cli",
            "serve",
            "--store",
            str(demo_store),
            "--port",
            str(port),
            "-q",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(
                        f"newsfuse serve exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                    )
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("no chromium on PATH (CI installs Debian's chromium in .ci/run)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    pg.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    pg.problems = problems
    yield pg
    context.close()
    assert problems == [], problems  # no CSP refusal, no missing asset, no script error


def test_story_list_story_figures_and_a_citation(page: Any, server: str) -> None:
    shots = _artifacts()
    page.goto(server + "/stories")
    assert page.title().startswith("Stories")
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == int(page.locator("p.meta").first.inner_text().split()[0]) >= 4
    assert page.locator(".badge.st-differing_estimates").count() >= 1
    page.screenshot(path=str(shots / "01-stories.png"), full_page=True)
    page.locator(f'a[href="/stories/{DAM_STORY}"]').click()
    page.wait_for_url(f"**/stories/{DAM_STORY}")
    assert page.locator("h1").inner_text().startswith("Valley evacuation could reach 9,000")
    page.screenshot(path=str(shots / "02-story.png"))
    figures = page.locator("table.figures.differing_estimates")
    assert figures.count() == 1
    figures.scroll_into_view_if_needed()
    cells = figures.locator("td.fig").all_inner_texts()
    assert "about 4,000 people" in cells and "up to 6,500 people" in cells
    page.screenshot(path=str(shots / "03-differing-figures.png"))
    # the cited words under a sentence open in place; the marker opens them in the article
    first = page.locator("#lead details.ev").first
    first.locator("summary").click()
    assert first.locator("q.words").first.is_visible()
    words = first.locator("q.words").first.inner_text()
    marker = page.locator("#lead a.cite").first
    marker.click()
    page.wait_for_url("**/articles/**")
    mark = page.locator("mark.hl")
    assert mark.count() >= 1 and mark.first.is_visible()
    assert " ".join(words.split())[:40] in " ".join(" ".join(mark.all_inner_texts()).split())
    page.screenshot(path=str(shots / "04-citation-in-article.png"))
    # the sources graph and the claim table are on the story page too
    page.go_back()
    graph = page.locator("figure.graph-box")
    graph.scroll_into_view_if_needed()
    sources = page.locator("table.sources tbody tr").count()
    assert sources >= 5 and page.locator("svg.graph circle").count() == sources
    assert page.locator("svg.graph line.edge").count() >= 1
    graph.screenshot(path=str(shots / "05-sources-graph.png"))


def test_article_boilerplate_toggle_and_search(page: Any, server: str) -> None:
    shots = _artifacts()
    page.goto(server + "/articles/2611e105d83d0cc8")  # NewsMill 24's copy, wrapped in junk
    removed = page.locator("del.removed")
    assert removed.count() > 10
    assert not removed.first.is_visible()
    page.screenshot(path=str(shots / "06-article.png"))
    page.locator("label[for=show-removed]").click()
    assert removed.first.is_visible()
    assert page.get_by_text("Jump to main content").is_visible()
    page.screenshot(path=str(shots / "07-article-removed-shown.png"))
    page.locator("label[for=show-removed]").click()
    assert not removed.first.is_visible()
    page.locator("#copies").scroll_into_view_if_needed()
    assert page.locator("table.side-by-side").count() >= 1
    page.screenshot(path=str(shots / "08-article-copies.png"))
    # a search from the bar at the top of every page
    page.locator("form.quick input[name=q]").fill("spillway crack")
    page.locator("form.quick input[name=q]").press("Enter")
    page.wait_for_url("**/search?q=spillway*")
    results = page.locator("ol.results > li")
    assert results.count() >= 3
    assert page.locator("p.snippet mark").first.inner_text().lower() in ("spillway", "crack")
    page.screenshot(path=str(shots / "09-search.png"), full_page=True)
    # and a filtered story list
    page.goto(server + "/stories?entity=Yury+Dravenko&sort=sources")
    assert page.locator(f'table.stories a[href="/stories/{DAM_STORY}"]').count() == 1
    page.screenshot(path=str(shots / "10-stories-by-entity.png"))
