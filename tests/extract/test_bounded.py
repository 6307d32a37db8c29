"""Extraction's work stays near-linear in the page, whatever its shape: no step rescans the
page for every line or block (each test below took minutes or hours before), no recursion on
the parse tree or on JSON-LD, and no guessed values from what a page declares."""

from __future__ import annotations

import string
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import cycle
from typing import Any

import pytest
from lxml import etree

from newsfuse.config import Settings
from newsfuse.extract.blocks import select_zones, trim_teasers
from newsfuse.extract.dates import normalize_date
from newsfuse.extract.html import _blocks_from_html, _inline_text, extract_html
from newsfuse.extract.htmlmeta import _walk_jsonld, jsonld_objects, page_meta
from newsfuse.extract.lang import stopwords
from newsfuse.extract.lines import Line, line_features
from newsfuse.extract.liveblog import split_passages
from newsfuse.extract.text import _credits, _header

STOPS = stopwords("en")
PROSE = (
    "The council said on Monday that the new harbour wall would be finished in the spring, and "
    "that the ferries would keep to their timetable while the work went on."
)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    start = time.perf_counter()
    yield
    took = time.perf_counter() - start
    assert took < seconds, f"took {took:.1f} s, more than {seconds} s"


def lines_of(texts: list[str]) -> list[Line]:
    return [line_features(i, t, STOPS) for i, t in enumerate(texts)]


def words(seed: int, n: int) -> list[str]:
    """``n`` distinct made-up words, distinct in their first five letters (the splitter and the
    block rules compare word prefixes)."""
    letters = string.ascii_lowercase

    def spell(i: int) -> str:
        return "".join(letters[i // 26**k % 26] for k in (3, 2, 1, 0))

    return [spell(i) + letters[seed] + "ova" for i in range(n)]


# --- the live-blog splitter ------------------------------------------------------------------


def blog(entries_per_story: int) -> tuple[list[str], tuple[int, ...]]:
    """Three stories, each a run of entries (a heading and a paragraph) in its own words."""
    paragraphs: list[str] = []
    headings: list[int] = []
    for story in range(3):
        vocab = cycle(words(story, 40))
        for _ in range(entries_per_story):
            headings.append(len(paragraphs))
            paragraphs.append(f"Update {next(vocab)} {next(vocab)}")
            paragraphs.append(" ".join(next(vocab) for _ in range(30)) + ".")
    return paragraphs, tuple(headings)


def test_a_live_blog_of_many_entries_is_split_in_bounded_time() -> None:
    paragraphs, headings = blog(300)  # 1,800 paragraphs, 900 headings: hours before
    with within(8):
        passages = split_passages(paragraphs, language="en", headings=headings)
    assert len(passages) == 3
    for (_, end, _), true_end in zip(passages, (600, 1200), strict=False):
        assert abs(end - true_end) <= 20  # cuts are tried at every 9th heading here


def test_a_live_blog_of_sixty_thousand_entries() -> None:
    paragraphs, headings = blog(20_000)
    with within(15):
        passages = split_passages(paragraphs, language="en", headings=headings)
    assert len(passages) == 3


# --- the scraped-text cleaner ----------------------------------------------------------------


def test_many_blocks_are_compared_with_the_article_in_linear_time() -> None:
    # 10,000 one-line blocks between navigation lines, each on the topic (so it joins the
    # article) with words of its own (so the article's vocabulary keeps growing)
    own = words(1, 50_000)
    texts: list[str] = []
    for i in range(10_000):
        texts += ["Subscribe", PROSE + " " + " ".join(own[5 * i : 5 * i + 5]) + "."]
    lines = lines_of(texts)
    for x in lines[::2]:
        x.junk = "site navigation or call to action"
    with within(8):
        select_zones(lines, {})
    assert all(x.junk is None for x in lines[1::2])


def test_many_headlines_are_checked_for_teasers_in_linear_time() -> None:
    texts = ["Harbour Wall Finished Ahead Of Time" if i % 2 else PROSE for i in range(20_000)]
    lines = lines_of(texts)
    with within(5):
        trim_teasers(lines)


def test_a_long_header_is_read_in_linear_time() -> None:
    lines = lines_of([f"Section {i}:" for i in range(20_000)] + [PROSE] * 3)
    with within(5):
        _header(lines, None)
    assert all(x.role == "heading" for x in lines[:-3])


def test_credit_lines_are_looked_for_in_linear_time() -> None:
    lines = lines_of([f"Short line {i}" for i in range(40_000)] + ["12:05"] * 40_000)
    for x in lines[40_000:]:
        x.junk = "time stamp (list or feed item)"
    with within(5):
        assert _credits(lines) is None


# --- recursion --------------------------------------------------------------------------------


def test_deep_trees_are_read_without_recursion() -> None:
    # deeper than Python's recursion limit (the parser itself stops at 256 levels: a page
    # nested deeper takes the linear path)
    root = etree.Element("div")
    el = root
    for _ in range(3_000):
        el = etree.SubElement(el, "span")
    el.text = "deep words"
    el.tail = " and a tail"
    assert _inline_text(root) == "deep words and a tail"
    assert _blocks_from_html(root) == [("deep words and a tail", False)]


def test_deep_json_ld_is_skipped_not_a_crash() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    html = (
        f"<html><head><script type='application/ld+json'>{deep}</script>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Wall done\"}"
        f"</script></head><body><article><p>{PROSE}</p><p>{PROSE} Again.</p></article></body></html>"
    )
    tree = etree.fromstring(html, etree.HTMLParser())
    assert [o["headline"] for o in jsonld_objects(tree)] == ["Wall done"]
    assert page_meta(tree).title == "Wall done"
    assert extract_html(html).title == "Wall done"
    nested: list[Any] = [{"@type": "Person", "name": "deepest"}]
    for _ in range(20_000):
        nested = [nested]
    found: list[dict[str, Any]] = []
    _walk_jsonld(nested, found)
    assert found == [{"@type": "Person", "name": "deepest"}]


# --- values a page declares --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["10:10", "10:10 AM", "March 2024", "2024", "2024-03", "2024-W10", "Tuesday", "1" * 101],
)
def test_a_date_is_never_guessed_from_a_partial_or_huge_value(value: str) -> None:
    assert normalize_date(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12 March 2024", "2024-03-12"),
        ("Wed, 12 Mar 2025 10:00:00 GMT", "2025-03-12T10:00:00+00:00"),
        ("20240312", "2024-03-12"),
    ],
)
def test_full_dates_still_read(value: str, expected: str) -> None:
    assert normalize_date(value) == expected


def test_a_paragraph_repeated_right_after_itself_is_listed_as_removed() -> None:
    html = f"<html><body><article><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE} Later.</p></article></body></html>"
    result = extract_html(html, settings=Settings(extractor="text"))
    assert result.text.count(PROSE) == 2
    assert [r.reason for r in result.removed if r.text == PROSE] == [
        "repeated paragraph (same as the one before)"
    ]
