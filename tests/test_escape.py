"""newsfuse.escape on any text: Markdown that renders as exactly the text (no element but the
paragraph or the table cell, in CommonMark and with GitHub's tables and strikethrough), terminal
text without a control character, JSON that parses back to the value, links only for http(s).
"""

from __future__ import annotations

import json
import re

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt  # rich's own Markdown parser (a dependency of rich)

from newsfuse.escape import CONTROL, http_url, json_text, markdown, terminal, terminal_line

MD = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
# Markdown's own characters, HTML, entities, schemes and controls, mixed with letters
PIECES = st.sampled_from(
    [
        "<", ">", "&", "&amp;", "&#106;", "&lt;", "[", "]", "(", ")", "!", "|", "`", "*", "_",
        "~", "#", "+", "-", "=", "1.", "2)", "\\", ":", "javascript:", "data:", "vbscript:",
        "<script>", "</p>", "<img src=x onerror=alert(1)>", "[a](javascript:x)", "https://x.org",
        "www.x.org", "a@b.org", "\x1b]0;t\x07", "\x9b", "\r", "\n", "\t", " ", "  ", "word",
        "ÿ", "東京", "“", "'", '"', "---", "***", "> ", "    ", "<!--", "-->", "&#x3c;",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES | st.text(max_size=5), max_size=25).map("".join)


def expected(text: str) -> str:
    """What the rendered Markdown must read: white space collapsed, controls as escapes."""
    return terminal_line(" ".join(text.split()))


def rendered(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html, create_parent="div")


@settings(max_examples=400)
@given(TEXTS)
def test_markdown_renders_as_exactly_the_text(text: str) -> None:
    doc = rendered(MD.render(markdown(text)))
    want = expected(text)
    if not want:
        assert not doc.text_content().strip()
        return
    assert [el.tag for el in doc] == ["p"], (text, MD.render(markdown(text)))
    assert not doc[0].getchildren()  # no link, image, emphasis, code, HTML
    assert doc[0].text_content() == want


@settings(max_examples=300)
@given(st.lists(TEXTS, min_size=3, max_size=3))
def test_markdown_table_cells_hold_exactly_their_text(cells: list[str]) -> None:
    row = "| " + " | ".join(markdown(c) for c in cells) + " |"
    doc = rendered(MD.render("| a | b | c |\n|---|---|---|\n" + row + "\n"))
    tds = doc.xpath("//tbody/tr/td")
    if not tds:  # an all-empty row may be dropped; nothing else may
        assert all(not expected(c) for c in cells)
        return
    assert [td.text_content() for td in tds] == [expected(c) for c in cells]
    assert not [el for td in tds for el in td.iter() if el is not td]


@given(TEXTS)
def test_markdown_never_carries_html_schemes_or_controls(text: str) -> None:
    out = markdown(text)
    assert "<" not in out and ">" not in out and "\n" not in out
    assert not re.search(r"(?i)(javascript|vbscript|data)\s*:", out)
    assert not CONTROL.search(out)


@given(st.text())
def test_terminal_text_has_no_control_character_but_newline_and_tab(text: str) -> None:
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", terminal(text))
    assert not CONTROL.search(terminal_line(text))
    if not CONTROL.search(text):
        assert terminal_line(text) == text


@given(st.recursive(st.text() | st.integers() | st.none(), lambda c: st.lists(c, max_size=3)))
def test_json_text_parses_back_and_has_no_raw_control(value: object) -> None:
    out = json_text(value, indent=2)
    assert json.loads(out) == value
    assert not CONTROL.search(out.replace("\n", ""))


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=c#d", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
        ("ftp://x.org/f", False),
        ("//x.org/a", False),
        ("/a/b", False),
        ("https://", False),
        ("https://x.org/\x1b[2J", False),
        ("https://x.org/a b", False),
        ("http://[::1", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_urls_may_be_links(url: object, ok: bool) -> None:
    assert http_url(url) == (url if ok else None)
