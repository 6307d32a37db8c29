"""Property tests: whatever HTML-ish or text-ish input comes in, extraction and text cleaning
give an article or a NewsfuseError (never another exception), passages lie within the text
and in order, and every removed line is a real line of the input.

Each test runs a fixed number of derandomized examples (NEWSFUSE_FUZZ_EXAMPLES raises it for a
longer session by hand), so the file runs in a few seconds and every CI run tries the same
inputs.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.extract import extract_document, extract_linear
from newsfuse.extract.html import extract_html
from newsfuse.extract.linear import html_paragraphs, text_paragraphs
from newsfuse.extract.liveblog import passages_for
from newsfuse.extract.text import SiteProfile, clean_text
from newsfuse.records import Article, Passage, RawDocument

EXAMPLES = int(os.environ.get("NEWSFUSE_FUZZ_EXAMPLES", "0"))


def examples(n: int) -> settings:
    return settings(
        max_examples=EXAMPLES or n,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


NO_LANG = Settings(detect_language=False)
WORDS = st.sampled_from(
    """the harbour council said on Monday that ferries would use the southern berths until
    repairs were done Dockworkers strike 2,800 workers 12:05 3 hours ago By Jane Roe Credit:
    Example Wire Subscribe Share Read more: © Photo: (Jane Roe / Agency) www.example.org
    jane@example.org {{ headline }} client/title.list_title 14 February, 2025 — AP
    VALDORA (NPA) — “We will not,” he said. LIVE: Updated""".split()  # noqa: SIM905 - reads as text
)
LINE = st.one_of(
    st.lists(WORDS, min_size=1, max_size=40).map(" ".join),
    st.text(max_size=60),
    st.sampled_from(["", " ", "\t", "...", "•", "* * *", "Related:", "ADVERTISEMENT"]),
)
TEXT = st.lists(LINE, max_size=40).map("\n".join)
TAG = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<h2>", "</h2>", "<br>", "<li>", "<ul>",
        "</ul>", "<table><tr><td>", "</td></tr></table>", "<!--", "-->", "<script>", "</script>",
        "<style>", "</style>", "<svg>", "</svg>", "<html>", "<body>", "</body>", "<head>",
        "<title>", "</title>", "<article>", "</article>", "<nav>", "</nav>", "&amp;", "&#0;",
        "&nbsp;", "<", ">", "<!DOCTYPE html>", "<?xml version='1.0'?>", "<a href='x'>", "</a>",
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H"}</script>',
        "<meta property='article:published_time' content='2025-02-14T07:45:00Z'>",
        "<img src='a.png'/>", "<p class='byline'>By Jane Roe</p>", "\x00", "\x0b",
    ]
)  # fmt: skip
HTML = st.lists(st.one_of(TAG, LINE), max_size=50).map("".join)


def check_passages(text: str, passages: tuple[Passage, ...]) -> None:
    """Passages lie within the text, in order, without overlap."""
    end = 0
    for p in passages:
        assert end <= p.start < p.end <= len(text), (p, len(text))
        end = p.end


def check_article(article: Article, given_text: str | None = None) -> None:
    assert article.text.strip()
    assert "\n\n\n" not in article.text
    check_passages(article.text, article.passages)
    if article.kind == "text" and given_text is not None:
        lines = given_text.splitlines()
        for r in article.removed:
            assert r.line is not None and lines[r.line].strip() == r.text, r


@examples(40)
@given(HTML)
def test_html_gives_an_article_or_a_newsfuse_error(html: str) -> None:
    doc = RawDocument("page.html", html.encode("utf-8", "surrogatepass"), "html")
    try:
        article = extract_document(doc, NO_LANG, text=html)
    except NewsfuseError as exc:
        assert exc.message and exc.source == "page.html"
        return
    check_article(article)


@examples(40)
@given(HTML)
def test_extract_html_gives_text_or_a_newsfuse_error(html: str) -> None:
    try:
        result = extract_html(html)
    except NewsfuseError as exc:
        assert exc.message
        return
    assert result.text.strip()
    paragraphs = result.text.split("\n\n")
    assert all(0 <= i < len(paragraphs) for i in result.headings)


@examples(60)
@given(TEXT, st.booleans())
def test_text_gives_an_article_or_a_newsfuse_error(text: str, with_profile: bool) -> None:
    doc = RawDocument("page.txt", text.encode("utf-8", "surrogatepass"), "text")
    profile = SiteProfile(min_docs=2).fit([text, text.upper(), text]) if with_profile else None
    try:
        article = extract_document(doc, NO_LANG, text=text, profile=profile)
    except NewsfuseError as exc:
        assert exc.message and exc.source == "page.txt"
        return
    check_article(article, text)


@examples(80)
@given(TEXT)
def test_clean_text_keeps_and_removes_real_lines(text: str) -> None:
    result = clean_text(text)
    lines = text.splitlines()
    for r in result.removed:
        assert r.line is not None and lines[r.line].strip() == r.text, r
    kept = result.text.split("\n\n") if result.text else []
    assert kept == [lines[i].strip() for i in result.kept_lines]
    assert list(result.kept_lines) == sorted(result.kept_lines)
    assert not set(result.kept_lines) & {r.line for r in result.removed}
    assert all(0 <= i < len(kept) for i in result.headings)


@examples(80)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=30).map(" ".join), max_size=30), st.booleans())
def test_passages_lie_within_the_text_in_order(paragraphs: list[str], split: bool) -> None:
    text = "\n\n".join(paragraphs)
    passages = passages_for(text, language="en", split=split)
    check_passages(text, passages)
    if text:
        assert passages[0].start == 0 and passages[-1].end == len(text)


@examples(150)
@given(st.one_of(HTML, TEXT), st.integers(min_value=1, max_value=400))
def test_the_linear_pass_is_bounded_and_normalised(data: str, limit: int) -> None:
    for found in (html_paragraphs(data, limit), text_paragraphs(data, limit)):
        text = "\n\n".join(found.paragraphs)
        assert len(text) <= limit
        for p in found.paragraphs:
            assert p and p == " ".join(p.split())


@examples(60)
@given(st.one_of(HTML, TEXT), st.sampled_from(["html", "text"]))
def test_extract_linear_gives_an_article_or_a_newsfuse_error(data: str, kind: str) -> None:
    doc = RawDocument(f"doc.{kind}", data.encode("utf-8", "surrogatepass"), kind)
    try:
        article = extract_linear(doc, NO_LANG, text=data)
    except NewsfuseError as exc:
        assert exc.message and exc.source == doc.source
        return
    assert article.extractor == "linear" and article.warnings
    check_article(article)
