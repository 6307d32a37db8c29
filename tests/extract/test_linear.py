"""The linear-time path: extract_linear on any document, the pages and texts that take it by
themselves (too big, too many elements, nested deeper than the parser goes), and the hostile
inputs of issue 12 (a page of a million tiny paragraphs, 50 MB of article markup, 100,000
nested elements, a 30 MB line of text), each within a time bound."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from newsfuse.config import Settings
from newsfuse.errors import ExtractionError
from newsfuse.extract import extract_document, extract_linear
from newsfuse.extract.html import CASCADE_MAX_ELEMENTS, extract_html
from newsfuse.extract.linear import MAX_CHARS, html_paragraphs, text_paragraphs
from newsfuse.extract.text import CLEANER_MAX_LINES
from newsfuse.records import RawDocument

SENTENCE = (
    "The harbour authority said on Monday that the northern breakwater had been damaged by the "
    "storm and that ferries would use the southern berths until repairs were done."
)
NO_LANG = Settings(detect_language=False)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    start = time.perf_counter()
    yield
    took = time.perf_counter() - start
    assert took < seconds, f"took {took:.1f} s, more than {seconds} s"


def html_doc(html: str, **meta: str) -> RawDocument:
    return RawDocument("page.html", html.encode(), "html", meta=dict(meta))


def test_html_pass_keeps_visible_text_as_paragraphs() -> None:
    found = html_paragraphs(
        "<!DOCTYPE html><html><head><title>Storm &amp; sea</title><style>p { x: '<p>' }</style>"
        "<script>if (a < b) { s = '</p><p>hidden'; }</script></head><body><!-- note <p>no</p> -->"
        "<nav><a href='/'>Home</a></nav><p>First <b>bold</b> paragraph, a&nbsp;b.</p>"
        "<div>two<br>three<svg><text>drawn</text></svg></div>x &lt; y<img src='a.png'/>"
        "<p>last</p></body></html>"
    )
    assert found.title == "Storm & sea"
    assert found.paragraphs == ["Home", "First bold paragraph, a b.", "two", "three", "x < y", "last"]
    assert not found.cut


@pytest.mark.parametrize(
    "html",
    ["<!-- never closed <p>text</p>", "<script>var a = '<p>text</p>'", "<p>text <a href='x"],
)
def test_html_pass_unclosed_markup_ends_the_text(html: str) -> None:
    assert "text</p>" not in " ".join(html_paragraphs(html).paragraphs)


def test_text_pass_and_the_character_limit() -> None:
    found = text_paragraphs("  one   two \n\n\tthree\n" + "word " * 50, max_chars=40)
    assert found.paragraphs[:2] == ["one two", "three"]
    assert len("\n\n".join(found.paragraphs)) <= 40
    assert found.cut


def test_extract_linear_on_html_and_text() -> None:
    page = (
        "<html lang='en'><head><title>Breakwater damaged | Gazette</title>"
        "<meta property='article:published_time' content='2025-02-14T07:45:00+00:00'></head>"
        f"<body><p>{SENTENCE}</p><p>{SENTENCE}</p></body></html>"
    )
    a = extract_linear(html_doc(page, outlet="Gazette"), reason="a test")
    assert a.extractor == "linear"
    assert a.text == f"{SENTENCE}\n\n{SENTENCE}"
    assert (a.title, a.published, a.outlet, a.language) == (
        "Breakwater damaged", "2025-02-14T07:45:00+00:00", "Gazette", "en",
    )
    assert a.warnings[0].startswith("a test: read by the linear-time extractor")
    assert [(p.start, p.end) for p in a.passages] == [(0, len(a.text))]

    t = extract_linear(RawDocument("a.txt", f"  {SENTENCE}  \n\n\n Second   line \n".encode(), "text"))
    assert t.text == f"{SENTENCE}\n\nSecond line"
    assert t.warnings == ("read by the linear-time extractor, no boilerplate removed",)


def test_extract_linear_without_text_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="no text") as info:
        extract_linear(html_doc("<html><body><script>x()</script></body></html>"))
    assert info.value.source == "page.html"


def test_a_page_with_too_many_elements_takes_the_linear_path() -> None:
    paragraphs = CASCADE_MAX_ELEMENTS + 10
    html = "<html><body>" + "".join(f"<p>w{i}</p>" for i in range(paragraphs)) + "</body></html>"
    with within(10):
        a = extract_document(html_doc(html), NO_LANG)
    assert a.extractor == "linear"
    assert a.text.count("\n\n") == paragraphs - 1
    assert "elements, more than the extraction cascade takes" in a.warnings[0]


def test_a_page_nested_deeper_than_the_parser_goes_takes_the_linear_path() -> None:
    # libxml2 stops reading a page at 256 levels: the cascade would see an empty page
    html = "<html><body>" + "<div>" * 300 + f"<p>{SENTENCE}</p>" + "</div>" * 300 + "</body></html>"
    a = extract_document(html_doc(html), NO_LANG)
    assert (a.extractor, a.text) == ("linear", SENTENCE)
    assert "the HTML parser stopped part-way" in a.warnings[0]


def test_a_text_of_too_many_lines_takes_the_linear_path() -> None:
    text = "\n".join(f"Line {i} of a very long list." for i in range(CLEANER_MAX_LINES + 1))
    with within(10):
        a = extract_document(RawDocument("long.txt", text.encode(), "text"), NO_LANG)
    assert a.extractor == "linear"
    assert "lines, more than the scraped-text cleaner takes" in a.warnings[0]


# --- the hostile inputs of issue 12 ------------------------------------------------------------


def test_a_million_tiny_paragraphs() -> None:
    html = "<html><body><article>" + "".join(f"<p>w{i}</p>" for i in range(1_000_000)) + "</article></body></html>"
    with within(15):
        a = extract_document(html_doc(html), NO_LANG)
        h = extract_linear(html_doc(html), NO_LANG)
    assert a.extractor == h.extractor == "linear"
    assert a.text.startswith("w0\n\nw1\n\nw2")
    assert len(a.text) <= MAX_CHARS
    assert any("text cut at" in w for w in a.warnings)


def test_fifty_megabytes_of_article_markup() -> None:
    section = "".join(
        f"<section><h2>Part {i}</h2><p>{SENTENCE} <a href='/s/{i}'>More</a></p>"
        f"<figure><img src='/i/{i}.jpg'><figcaption>Photo {i}</figcaption></figure></section>"
        for i in range(100)
    )
    html = (
        "<html><head><title>Breakwater</title><script>var big = 1;</script></head><body><article>"
        + section * (50_000_000 // len(section))
        + "</article></body></html>"
    )
    with within(15):
        a = extract_document(html_doc(html), NO_LANG)
        h = extract_linear(html_doc(html), NO_LANG)
    assert a.extractor == h.extractor == "linear"
    assert a.text.startswith("Part 0\n\n" + SENTENCE + " More")
    assert len(a.text) <= MAX_CHARS and h.text == a.text
    assert (a.title, h.title) == ("Breakwater", "Breakwater")


def test_a_hundred_thousand_nested_elements() -> None:
    html = "<html><body>" + "<div>" * 100_000 + f"<p>{SENTENCE}</p>" + "</div>" * 100_000 + "</body></html>"
    with within(15):
        a = extract_document(html_doc(html), NO_LANG)
        h = extract_html(html)
        f = extract_linear(html_doc(html), NO_LANG)
    assert a.text == h.text == f.text == SENTENCE


def test_a_thirty_megabyte_line_of_text() -> None:
    text = (SENTENCE + " ") * (30_000_000 // (len(SENTENCE) + 1))
    with within(15):
        a = extract_document(RawDocument("line.txt", text.encode(), "text"), NO_LANG)
        f = extract_linear(RawDocument("line.txt", text.encode(), "text"), NO_LANG, text=text)
    assert a.extractor == f.extractor == "linear" and f.text == a.text
    assert a.text.startswith(SENTENCE)
    assert "\n" not in a.text and len(a.text) <= MAX_CHARS
    assert any("text cut at" in w for w in a.warnings)
