"""Helpers for the ingest tests: build files in tmp_path and run iter_documents on them."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.config import Settings
from newsfuse.ingest import iter_documents
from newsfuse.records import Failure, RawDocument

PAGE = (
    b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Flood</title></head>"
    b"<body><article><p>The river rose two metres overnight.</p></article></body></html>"
)


def run(inputs: Iterable[str | Path], **settings: object) -> list[RawDocument | Failure]:
    """All records for ``inputs`` (paths are turned into strings)."""
    return list(iter_documents([str(i) for i in inputs], Settings(**settings)))  # type: ignore[arg-type]


def docs(records: list[RawDocument | Failure]) -> list[RawDocument]:
    return [r for r in records if isinstance(r, RawDocument)]


def fails(records: list[RawDocument | Failure]) -> list[Failure]:
    return [r for r in records if isinstance(r, Failure)]


def only_failure(records: list[RawDocument | Failure]) -> Failure:
    assert len(records) == 1, records
    assert isinstance(records[0], Failure), records
    return records[0]


def make_warc(
    records: list[tuple[str, bytes, str]], *, gz: bool = True, extra: bool = True
) -> bytes:
    """A WARC holding a response per (url, payload, content type), with request and
    metadata records between them when ``extra``."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    if extra:
        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for url, payload, ctype in records:
        if extra:
            req = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "request", payload=io.BytesIO(b""), length=0, http_headers=req
                )
            )
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=headers,
            )
        )
        if extra:
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "metadata",
                    payload=io.BytesIO(b"fetchTimeMs: 12\r\n"),
                    length=17,
                    warc_content_type="application/warc-fields",
                )
            )
    return buf.getvalue()
