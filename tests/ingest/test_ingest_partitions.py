"""Partitions (issue 17): the inputs cut into pieces that a worker reads alone give, read one
after the other, exactly what iter_documents gives (documents, sources with line numbers,
failures, limits), while the client only lists the files."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from tests.ingest.ingest_helpers import PAGE, make_warc

from newsfuse.config import Settings
from newsfuse.ingest import iter_documents
from newsfuse.ingest import partitions as parts
from newsfuse.records import Failure, RawDocument


def _read_all(inputs: list[str], settings: Settings) -> list[RawDocument | Failure]:
    """Every partition read as a worker would, in order (the line bases counted first)."""
    planned = list(parts.plan(inputs, settings))
    bases: dict[str, list[int]] = {}
    for p in planned:
        if isinstance(p, parts.LinesPart) and p.index == 0:
            counts = [
                parts.count_newlines(p.file.name, q.start, q.end) for q in parts.file_ranges(p.file)
            ]
            bases[p.file.source] = parts.line_bases(*counts)
    out: list[RawDocument | Failure] = []
    for p in planned:
        if isinstance(p, parts.ClientItems):
            out += list(p.items)
        else:
            base = bases.get(p.file.source) if isinstance(p, parts.LinesPart) else None
            out += list(parts.read_part(p, settings, base))
    return out


def _jsonl_lines(rng: random.Random, n: int) -> list[str]:
    """JSONL lines of every kind a reader meets: pages, texts, blank lines, bad JSON, lines
    over the limit, lines of one long word."""
    out = [json.dumps({"html": "<p>first</p>"})]  # a first line that says JSONL
    for i in range(n):
        r = rng.random()
        if r < 0.05:
            out.append("")
        elif r < 0.1:
            out.append("{not json")
        elif r < 0.14:
            out.append(json.dumps({"text": "word " * rng.randint(60, 400)}))  # some over the limit
        elif r < 0.5:
            out.append(json.dumps({"text": f"Report {i}. " + "z" * rng.randint(1, 150)}))
        else:
            body = "y" * rng.randint(1, 150)
            out.append(
                json.dumps({"html": f"<p>doc {i} {body}</p>", "url": f"https://a.example/{i}"})
            )
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_jsonl_file_cut_anywhere_reads_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    monkeypatch.setattr(parts, "RANGE_BYTES", rng.choice([300, 1000, 2500]))
    lines = _jsonl_lines(rng, 400)
    path = tmp_path / "feed.jsonl"
    ending = rng.choice(["\n", ""])  # the last line with or without its newline
    path.write_text("\ufeff" + "\n".join(lines) + ending, encoding="utf-8")
    settings = Settings(max_bytes=700)
    planned = list(parts.plan([str(path)], settings))
    assert len(planned) > 10 and all(isinstance(p, parts.LinesPart) for p in planned)
    want = list(iter_documents([str(path)], settings))
    got = _read_all([str(path)], settings)
    assert got == want
    assert any(isinstance(x, Failure) and "too large" in x.reason for x in want)
    assert any(isinstance(x, Failure) and "JSON" in x.reason for x in want)


def test_files_that_cannot_be_cut_are_read_whole_by_their_first_range(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parts, "RANGE_BYTES", 500)
    rows = "".join(json.dumps({"html": f"<p>page {i}</p>"}) + "\n" for i in range(100))
    utf16 = tmp_path / "wide.jsonl"
    utf16.write_bytes(rows.encode("utf-16"))
    prose = tmp_path / "prose.jsonl"  # named JSONL, holds prose: one text document
    prose.write_text("The council met on Monday. " * 100, encoding="utf-8")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\x7fELF" + bytes(range(256)) * 10)
    zipped = tmp_path / "z.jsonl.gz"
    zipped.write_bytes(gzip.compress(rows.encode()))
    inputs = [str(p) for p in (utf16, prose, binary, zipped)]
    settings = Settings()
    want = list(iter_documents(inputs, settings))
    assert len([x for x in want if isinstance(x, RawDocument)]) >= 200
    assert _read_all(inputs, settings) == want


def test_a_directory_of_pages_texts_and_warcs_reads_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parts, "GROUP_FILES", 3)
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for i in range(7):
        (root / f"p{i}.html").write_bytes(PAGE.replace(b"Flood", f"Flood {i}".encode()))
    (root / "sub" / "note.txt").write_text("The dam held.\nIt rained all week.\n")
    (root / "sub" / "empty.txt").write_text("")
    (root / "sub" / "crawl.warc.gz").write_bytes(
        make_warc([(f"https://b.example/{i}", PAGE, "text/html") for i in range(3)])
    )
    (root / "broken.warc").write_bytes(
        make_warc([("https://c.example/", PAGE, "text/html")], gz=False)[:-40]
    )
    (root / "link").symlink_to(root / "missing")
    inputs = [str(root), str(root / "p1.html"), str(tmp_path / "nothing-here")]
    settings = Settings()
    planned = list(parts.plan(inputs, settings))
    assert sum(isinstance(p, parts.FilesPart) for p in planned) >= 4
    want = list(iter_documents(inputs, settings))
    assert len(want) > 12
    assert _read_all(inputs, settings) == want


def test_stdin_is_read_by_the_client() -> None:
    import io

    settings = Settings()
    stdin = io.BytesIO(json.dumps({"html": "<p>from a pipe</p>"}).encode() + b"\n")
    (planned,) = list(parts.plan(["-"], settings, stdin))
    assert isinstance(planned, parts.ClientItems)
    (doc,) = list(planned.items)
    assert isinstance(doc, RawDocument) and doc.source == "-#1"
