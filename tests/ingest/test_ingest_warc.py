"""WARC / WARC.gz: HTML responses become documents; other records are skipped; breaks reported."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest
from ingest_helpers import PAGE, docs, fails, make_warc, run

from newsfuse.records import Failure, RawDocument

PAGES = [
    ("https://a.example/1", PAGE, "text/html; charset=utf-8"),
    ("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png"),
    ("https://a.example/2", b"<html><body><p>Second story</p></body></html>", "text/html"),
    ("https://a.example/3", b"Plain text report.", "text/plain; charset=iso-8859-1"),
]


@pytest.mark.parametrize(("gz", "name"), [(True, "crawl.warc.gz"), (False, "crawl.warc")])
def test_responses_become_documents(tmp_path: Path, gz: bool, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(make_warc(PAGES, gz=gz))
    records = run([path])
    assert not fails(records)
    got = [(r.source, r.url, r.kind, r.encoding) for r in docs(records)]
    assert got == [
        (f"{path}#1", "https://a.example/1", "html", "utf-8"),
        (f"{path}#3", "https://a.example/2", "html", None),  # #2 is the PNG, skipped
        (f"{path}#4", "https://a.example/3", "text", "iso-8859-1"),
    ]
    assert docs(records)[0].data == PAGE  # the HTTP payload alone


def test_warc_detected_by_content(tmp_path: Path) -> None:
    (tmp_path / "dump.bin.data").write_bytes(make_warc(PAGES[:1], gz=True))
    [doc] = run([tmp_path / "dump.bin.data"])
    assert isinstance(doc, RawDocument) and doc.url == "https://a.example/1"


def test_html_sniffed_when_content_type_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(
        make_warc([("https://b.example/", PAGE, "application/octet-stream")], gz=False)
    )
    [doc] = run([path])
    assert isinstance(doc, RawDocument) and doc.kind == "html"


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_yields_records_before_the_break(tmp_path: Path, gz: bool) -> None:
    pages = [(f"https://a.example/{i}", PAGE * 20, "text/html") for i in range(3)]
    data = make_warc(pages, gz=gz, extra=False)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[: len(data) * 5 // 6])  # inside the third record
    records = run([path])
    assert [type(r) for r in records] == [RawDocument, RawDocument, Failure]
    assert "truncated" in records[-1].reason  # type: ignore[union-attr]
    assert all(r.data == PAGE * 20 for r in docs(records))  # no partial payloads


def test_warc_cut_inside_record_headers(tmp_path: Path) -> None:
    data = make_warc([("https://a.example/1", PAGE, "text/html")] * 2, gz=False, extra=False)
    second = data.index(b"WARC/1", 10)
    (tmp_path / "cut.warc").write_bytes(data[: second + 30])
    records = run([tmp_path / "cut.warc"])
    assert [type(r) for r in records] == [RawDocument, Failure]


def test_garbage_with_warc_extension(tmp_path: Path) -> None:
    (tmp_path / "bad.warc").write_text("this is not a WARC file at all\n")
    records = run([tmp_path / "bad.warc"])
    assert len(records) == 1 and isinstance(records[0], Failure)
    assert "WARC" in records[0].reason


def test_record_over_the_limit(tmp_path: Path) -> None:
    pages = [
        ("https://a.example/big", b"<html><body>" + b"x" * 5000 + b"</body></html>", "text/html"),
        ("https://a.example/small", b"<html><body>small</body></html>", "text/html"),
    ]
    path = tmp_path / "x.warc.gz"
    path.write_bytes(make_warc(pages))
    records = run([path], max_bytes=1024)
    assert [type(r) for r in records] == [Failure, RawDocument]
    assert records[0].source == f"{path}#1"
    assert records[0].reason.startswith("too large: record payload exceeds")  # type: ignore[union-attr]


def test_big_warc_file_is_streamed(tmp_path: Path) -> None:
    pages = [(f"https://a.example/{i}", PAGE, "text/html") for i in range(30)]
    path = tmp_path / "big.warc"
    path.write_bytes(make_warc(pages, gz=False))
    assert path.stat().st_size > 4096
    assert len(docs(run([path], max_bytes=4096))) == 30


def test_gzip_wrapped_whole_warc(tmp_path: Path) -> None:
    # A plain WARC compressed as one gzip member (not per record) is read as well.
    path = tmp_path / "one.warc.gz"
    path.write_bytes(gzip.compress(make_warc(PAGES[:1], gz=False)))
    assert len(docs(run([path]))) == 1


MIB = 1024 * 1024
ZEROS = gzip.compress(b"\0" * MIB, compresslevel=9)  # one member: 1 MiB in about 1 kB


def test_compression_bomb_in_a_warc_gz_stops_soon_after_the_limit(tmp_path: Path) -> None:
    size = 300 * MIB  # 300 members of 1 MiB: 300 kB on disk
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/bomb\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: %d\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    )
    http_head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head %= len(http_head) + size
    path = tmp_path / "bomb.warc.gz"
    good = make_warc([("https://a.example/1", PAGE, "text/html")], extra=False)
    path.write_bytes(good + gzip.compress(head) + ZEROS * 300 + gzip.compress(b"\r\n\r\n") + good)
    start = time.perf_counter()
    records = run([path], max_bytes=MIB)
    assert time.perf_counter() - start < 1.0  # 300 MiB decompressed took seconds
    assert [type(r) for r in records] == [RawDocument, Failure, Failure]
    assert records[1].reason.startswith("too large: record payload exceeds")  # type: ignore[union-attr]
    assert records[2].reason.startswith("too large: a compression bomb")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (
            b"X-Big: " + b"a" * (2 * MIB) + b"\r\n",
            "malformed WARC: a header line longer than 1 MiB",
        ),
        (b"X-A: b\r\n" * 5000, "malformed WARC: more than 4096 header lines"),
    ],
)
def test_huge_record_headers_are_refused(tmp_path: Path, header: bytes, reason: str) -> None:
    good = make_warc([("https://a.example/1", PAGE, "text/html")], gz=False, extra=False)
    bad = b"WARC/1.0\r\nWARC-Type: response\r\n" + header + b"Content-Length: 0\r\n\r\n\r\n\r\n"
    path = tmp_path / "h.warc"
    path.write_bytes(good + bad + good)
    records = run([path])
    assert [type(r) for r in records] == [RawDocument, Failure]
    assert records[1].reason == reason  # type: ignore[union-attr]


@pytest.mark.parametrize("status", ["²00", "9" * 5000, "abc", ""])
def test_a_status_that_is_not_a_number_does_not_stop_the_file(tmp_path: Path, status: str) -> None:
    good = make_warc([("https://a.example/1", PAGE, "text/html")], gz=False, extra=False)
    odd = good.replace(b"HTTP/1.1 200 OK", f"HTTP/1.1 {status} OK".encode())
    odd = odd.replace(  # keep the record's Content-Length right
        b"Content-Length: %d" % (len(good) - good.index(b"HTTP/1.1") - 4),
        b"Content-Length: %d" % (len(odd) - odd.index(b"HTTP/1.1") - 4),
    )
    path = tmp_path / "s.warc"
    path.write_bytes(odd + good)
    records = run([path])
    assert [type(r) for r in records] == [RawDocument, RawDocument], records
