"""WARC / WARC.gz: HTML responses become documents; other records are skipped; breaks reported."""

from __future__ import annotations

import gzip
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
