"""The two patterns of issue 13, on the inputs that stalled them: comment lines at the top of a
page (the feed-root sniffer) and long runs of dots (the sentence end). Each case took seconds
to hours before; the deadlines here are a hundred times what they take now."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsfuse import extract_articles
from newsfuse.dedup.facts import split_sentences
from newsfuse.ingest.sniff import SNIFF_BYTES, looks_like_feed, sniff_format


@contextmanager
def within(seconds: float) -> Iterator[None]:
    start = time.perf_counter()
    yield
    took = time.perf_counter() - start
    assert took < seconds, f"took {took:.2f} s, more than {seconds} s"


def comments(n: int) -> bytes:
    return b"".join(b"<!-- c%d -->\n" % i for i in range(n))


@pytest.mark.parametrize("n", [20, 30, 1000])
def test_comment_lines_before_html_are_sniffed_at_once(n: int) -> None:
    page = comments(n) + b"<html><body>x</body></html>"
    with within(0.1):  # 20 comments: 0.7 s before, 30: minutes
        assert not looks_like_feed(page)
        assert sniff_format("page", page) == "html"


@pytest.mark.parametrize(
    "prolog",
    [
        b"",
        b'<?xml version="1.0" encoding="utf-8"?>\n',
        b'<?xml version="1.0"?>' + comments(30) + b'<?xml-stylesheet href="s.xsl"?>\n',
        b"<!DOCTYPE rss PUBLIC '-//Netscape Communications//DTD RSS 0.91//EN'>\n" + comments(3),
        b"\xef\xbb\xbf  <!---->\n<??>\n",
    ],
)
def test_a_feed_after_any_prolog_is_a_feed(prolog: bytes) -> None:
    with within(0.1):
        assert sniff_format("x", prolog + b'<rss version="2.0"><channel>') == "feed"
        atom = prolog + b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        assert sniff_format("x", atom) == "feed"
        assert sniff_format("x", prolog + b'<rdf:RDF xmlns:rdf="x">') == "feed"


@pytest.mark.parametrize(
    "head",
    [
        comments(30) + b"<html><rss>",  # the document element is <html>
        b"<!-- never closed <rss>" + b"<!-- c -- >" * 100,
        b"<?pi never closed <rss>",
        comments(2) + b"words <!-- c --><rss>",  # text before the root
        b"<!DOCTYPE rss [<!ENTITY e 'x'>]><rss>",  # an internal subset is not skipped
    ],
)
def test_what_is_not_a_feed_root(head: bytes) -> None:
    with within(0.1):
        assert not looks_like_feed(head)


def test_sniffing_reads_a_bounded_head() -> None:
    """A feed root past SNIFF_BYTES of comments is not looked for; a huge head is cut first."""
    pad = comments(SNIFF_BYTES // 10)
    assert not looks_like_feed(pad + b"<rss>")
    assert looks_like_feed(comments(100) + b"<rss>" + pad)
    with within(0.5):
        assert not looks_like_feed(b"<!-- a -->" * 1_000_000 + b"<rss>")


@pytest.mark.parametrize("n", [20, 30])
def test_comment_pages_extract_in_well_under_a_second(tmp_path: Path, n: int) -> None:
    page = tmp_path / f"comments{n}.html"
    page.write_bytes(comments(n) + b"<html><body><p>The council met on Monday.</p></body></html>")
    list(extract_articles([str(page)]))  # warm up: the first extraction loads models
    with within(0.5):  # 20 comments: 1.1 s before, 22: 3.9 s, 30: about an hour
        (article,) = extract_articles([str(page)])
    assert "council met" in article.text  # type: ignore[union-attr]


@pytest.mark.parametrize("mark", [".", "…", "!", "?", ".!?…"])
def test_long_runs_of_end_marks_split_in_linear_time(mark: str) -> None:
    run = mark * (100_000 // len(mark))
    with within(0.5):  # 40 dots: 2 s before, 100 dots: never ended
        split_sentences("It ended" + run + "here")
        split_sentences(("Wait" + mark * 50 + " ") * 2000)


def test_sentence_ends_are_read_as_before() -> None:
    text = "He left... Then it rained!) She said “no.” Mr. Smith came. Really?! Yes … Done"
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == [
        "He left...",
        "Then it rained!)",
        "She said “no.”",
        "Mr. Smith came.",
        "Really?!",
        "Yes …",
        "Done",
    ]
