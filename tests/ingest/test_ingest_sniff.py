"""Format sniffing and the small helpers (sizes, charsets, metadata)."""

from __future__ import annotations

import pytest

from newsfuse.ingest.meta import as_text, collect_meta, language_code
from newsfuse.ingest.sniff import (
    binary_signature,
    charset_from_content_type,
    declared_charset,
    format_from_name,
    looks_like_html,
    sniff_format,
    strip_gz,
)
from newsfuse.ingest.sources import is_glob, is_url, skipped_by_name
from newsfuse.ingest.streams import human_limit, human_size


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><html><body>x</body></html>",
        b"\xef\xbb\xbf  <html lang='en'>",
        b"<?xml version='1.0'?>\n<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN'><html>",
        b"<!-- saved page -->\n<head><title>x</title></head>",
        b"<p>One.</p>",
        b"Scraped by tool v1\n<div><p>a</p><p>b</p><br></div>",
    ],
)
def test_html_heads(head: bytes) -> None:
    assert looks_like_html(head)


@pytest.mark.parametrize(
    "head",
    [
        b"Profits rose <5% while costs fell >3%.",
        b"Storm hits coast\n\nThe storm <b>was</b> strong.",  # one stray tag is not a page
        b"x < y and y > z",
    ],
)
def test_prose_is_not_html(head: bytes) -> None:
    assert not looks_like_html(head)


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.txt", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        ("a", b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed"),
        ("a", b'<?xml version="1.0"?><?xml-stylesheet href="x"?><rdf:RDF xmlns:rdf="x">', "feed"),
        ("a", b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>', "feed"),
        ("a", b'{"text": "x"}\n{"text": "y"}\n', "jsonl"),
        ("a", b'{"text": "' + b"x" * 100, "jsonl"),  # first line longer than the head
        (
            "a.jsonl",
            b"not json at all\n",
            "jsonl",
        ),  # the name promises JSONL: lines fail one by one
        ("a.json", b'{\n  "pretty": true\n}\n', "text"),
        ("a.xml", b'<?xml version="1.0"?><urlset></urlset>', "xml"),
        ("a.html", b"Only prose here.", "text"),
        ("a.txt", b"<html><body>x", "html"),
    ],
)
def test_sniff_format(name: str, head: bytes, expected: str) -> None:
    assert sniff_format(name, head) == expected


def test_format_from_name() -> None:
    assert format_from_name("x/page.HTM") == "html"
    assert format_from_name("x.jsonl.gz") == "jsonl"
    assert format_from_name("crawl.warc.gz") == "warc"
    assert format_from_name("feed.atom") == "feed"
    assert format_from_name("notes") == "text"
    assert format_from_name("data.csv") is None
    assert strip_gz("a.html.gz") == ("a.html", True)
    assert strip_gz("a.html") == ("a.html", False)


def test_binary_signature() -> None:
    assert binary_signature(b"\x89PNG\r\n\x1a\n....") == "PNG image"
    assert binary_signature(b"\x00\x00\x00\x18ftypmp42") == "MP4/MOV video"
    assert binary_signature(b"<html>") is None


def test_charsets() -> None:
    assert declared_charset(b'<meta charset="Windows-1252">') == "windows-1252"
    assert (
        declared_charset(b"<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>")
        == "koi8-r"
    )
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><rss>') == "iso-8859-1"
    assert declared_charset(b"<p>" + b" " * 5000 + b'<meta charset="utf-8">') is None  # past 4 KB
    assert charset_from_content_type('text/html; charset="UTF-8"') == "utf-8"
    assert charset_from_content_type("text/html") is None


def test_sizes() -> None:
    assert human_size(52_400_000) == "52.4 MB"
    assert human_size(2_000) == "2.0 kB"
    assert human_size(17) == "17 bytes"
    assert human_limit(32 * 1024 * 1024) == "32 MiB"
    assert human_limit(64 * 1024) == "64 KiB"
    assert human_limit(1000) == "1000 bytes"


def test_meta_helpers() -> None:
    assert as_text("  a \n b ") == "a b"
    assert as_text(True) is None
    assert as_text(1_700_000_000_000, "published") == "2023-11-14T22:13:20Z"  # milliseconds
    assert language_code("pt_BR") == "pt"
    assert language_code("English") is None
    assert collect_meta({"headline": "H", "lang": "english", "byline": "By X"}) == {
        "title": "H",
        "author": "By X",
    }


def test_source_helpers() -> None:
    assert is_url("HTTPS://x") and not is_url("ftp://x") and not is_url("http.txt")
    assert is_glob("a/**/*.html") and is_glob("a[0-9].txt") and not is_glob("plain.txt")
    assert skipped_by_name("x/.hidden.txt") and skipped_by_name("logo.PNG")
    assert skipped_by_name("a.tar") and not skipped_by_name("a.jsonl.gz")
    assert not skipped_by_name("page.html")


def test_html_after_many_comments_is_sniffed_in_linear_time() -> None:
    import time

    comments = b"".join(b"<!-- banner %d -->\n" % i for i in range(30))
    start = time.perf_counter()
    assert looks_like_html(comments + b"<html><body><p>x</p></body></html>")
    assert not looks_like_html(comments + b"<rss version='2.0'>")  # 2**30 ways before
    assert not looks_like_html(b"<!-- never closed " + comments + b"plain words")
    assert time.perf_counter() - start < 0.1
