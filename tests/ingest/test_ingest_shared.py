"""Real saved news pages from ../shared/data: every one must ingest as HTML and decode cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.ingest import decode_bytes, iter_documents
from newsfuse.records import Failure, RawDocument

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SETS = {
    "scrapinghub-article-extraction-benchmark/html": 181,
    "wcxb-articles/dev/html": 250,
}

pytestmark = pytest.mark.shared


@pytest.mark.parametrize(("folder", "count"), sorted(SETS.items()))
def test_saved_pages_ingest_and_decode(folder: str, count: int) -> None:
    root = SHARED / folder
    if not root.is_dir():
        pytest.skip(f"shared evaluation data not present: {root}")
    records = list(iter_documents([str(root)]))
    failures = [r for r in records if isinstance(r, Failure)]
    assert not failures, failures[:5]
    docs = [r for r in records if isinstance(r, RawDocument)]
    assert len(docs) == count
    assert all(d.kind == "html" for d in docs)
    for doc in docs:
        text = decode_bytes(doc.data, source=doc.source, declared=doc.encoding, kind=doc.kind)
        raw_replacements = doc.data.count("\ufffd".encode())  # some pages hold U+FFFD themselves
        assert text.count("\ufffd") == raw_replacements, doc.source
        assert "<" in text
