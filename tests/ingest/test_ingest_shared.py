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


REPRO = Path(__file__).resolve().parents[2] / ".." / "shared" / "repro"


def repro(name: str) -> Path:
    path = REPRO / name
    if not path.is_file():
        pytest.skip(f"the shared reproducers are not there ({path} is missing)")
    return path


@pytest.mark.parametrize(
    ("name", "depth"), [("R3_deep_author.jsonl", 401), ("R4_deep_first_line.jsonl", 100_001)]
)
def test_repro_deep_json_line_is_a_failure_and_the_batch_goes_on(
    tmp_path: Path, name: str, depth: int
) -> None:
    path = repro(name)
    after = tmp_path / "after.jsonl"
    after.write_text('{"text": "The port stayed closed on Monday."}\n')
    records = list(iter_documents([str(path), str(after)]))
    assert [type(r) for r in records] == [Failure, RawDocument]
    assert records[0].source == f"{path}#1"
    assert records[0].reason == (  # type: ignore[union-attr]
        f"nested too deeply: arrays and objects {depth} levels deep (at most 64 are read)"
    )


def test_repro_utf16_without_bom_and_terminal_escapes() -> None:
    utf16, ansi = repro("R10_utf16le_nobom.txt"), repro("R11_ansi.txt")
    records = list(iter_documents([str(utf16), str(ansi)]))
    assert all(isinstance(r, RawDocument) for r in records), records
    texts = [decode_bytes(r.data, source=r.source, kind=r.kind) for r in docs_of(records)]
    assert texts[0].startswith("Le président a déclaré")
    assert texts[1].startswith("Port strike  day three\n")
    assert not any(ch < " " and ch not in "\t\n" for ch in "".join(texts))


def docs_of(records: list[RawDocument | Failure]) -> list[RawDocument]:
    return [r for r in records if isinstance(r, RawDocument)]
