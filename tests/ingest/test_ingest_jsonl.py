"""JSONL: one document per line, data = the content field alone, metadata hints, bad lines."""

from __future__ import annotations

import base64
import gzip
import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_helpers import docs, fails, run

from newsfuse.ingest import decode_bytes
from newsfuse.records import Failure, RawDocument, content_id


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_text_and_html_lines_with_metadata(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "feed.jsonl",
        [
            json.dumps(
                {
                    "text": "Storm hits coast.",
                    "url": "https://a.example/storm",
                    "title": "Storm",
                    "author": ["Ann Lee", "Bo Kim"],
                    "published": "2024-03-01",
                    "outlet": "Coast Times",
                    "language": "en-GB",
                    "credit": "Reuters",
                    "extra": 3,
                }
            ),
            "",
            json.dumps({"html": "<p>Floods</p>", "date": "2024-03-02", "site": "Daily"}),
        ],
    )
    first, second = run([path])
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.source == f"{path}#1" and second.source == f"{path}#3"  # blank line 2 skipped
    assert (first.kind, first.data, first.url) == (
        "text",
        b"Storm hits coast.",
        "https://a.example/storm",
    )
    assert first.meta == {
        "title": "Storm",
        "author": "Ann Lee, Bo Kim",
        "published": "2024-03-01",
        "outlet": "Coast Times",
        "language": "en",
        "credit": "Reuters",
    }
    assert (second.kind, second.data) == ("html", b"<p>Floods</p>")
    assert second.meta == {"published": "2024-03-02", "outlet": "Daily"}


def test_id_does_not_change_with_metadata(tmp_path: Path) -> None:
    a = write_lines(tmp_path / "a.jsonl", [json.dumps({"text": "Same words.", "title": "A"})])
    b = write_lines(tmp_path / "b.jsonl", [json.dumps({"title": "B", "text": "Same words."})])
    [da], [db] = run([a]), run([b])
    assert isinstance(da, RawDocument) and isinstance(db, RawDocument)
    assert da.id == db.id == content_id(b"Same words.")


@pytest.mark.parametrize(
    ("field", "kind"),
    [("content", "text"), ("body", "text"), ("raw_html", "html")],
)
def test_alternative_content_fields(tmp_path: Path, field: str, kind: str) -> None:
    value = "<p>x</p>" if kind == "html" else "Plain words."
    path = write_lines(tmp_path / "x.ndjson", [json.dumps({field: value})])
    [doc] = run([path])
    assert isinstance(doc, RawDocument) and doc.kind == kind


def test_content_field_holding_html_is_sniffed(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "x.jsonl", [json.dumps({"content": "<div><p>Hi</p></div>"})])
    assert run([path])[0].kind == "html"  # type: ignore[union-attr]


def test_source_mapping_and_epoch_date(tmp_path: Path) -> None:
    line = {"text": "t", "source": {"id": "x", "name": "Wire"}, "published": 1700000000}
    [doc] = run([write_lines(tmp_path / "x.jsonl", [json.dumps(line)])])
    assert isinstance(doc, RawDocument)
    assert doc.meta == {"outlet": "Wire", "published": "2023-11-14T22:13:20Z"}


def test_bad_lines_are_failures_and_good_lines_survive(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "mixed.jsonl",
        [
            json.dumps({"text": "one"}),
            '{"text": "two" "oops": 1}',
            json.dumps({"title": "no content"}),
            "[1, 2]",
            json.dumps({"text": "   "}),
            json.dumps({"text": ["not", "a", "string"]}),
            json.dumps({"text": "seven"}),
        ],
    )
    records = run([path])
    assert [r.data for r in docs(records)] == [b"one", b"seven"]
    reasons = {f.source.rsplit("#", 1)[1]: f.reason for f in fails(records)}
    assert reasons == {
        "2": "invalid JSON: Expecting ',' delimiter at column 16",
        "3": "line has neither 'text' nor 'html' (nor content/body)",
        "4": "line is a JSON array, not an object",
        "5": "empty 'text' field",
        "6": "the 'text' field must be a string, got list",
    }


def test_first_line_broken_still_read_as_jsonl(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "x.jsonl", ["{broken", json.dumps({"text": "ok"})])
    records = run([path])
    assert [type(r) for r in records] == [Failure, RawDocument]


def test_jsonl_detected_without_extension(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "dump", [json.dumps({"text": "a"}), json.dumps({"text": "b"})])
    assert [r.source for r in run([path])] == [f"{path}#1", f"{path}#2"]


def test_gzipped_jsonl(tmp_path: Path) -> None:
    data = "\n".join(json.dumps({"text": f"n{i}"}) for i in range(3)).encode()
    (tmp_path / "x.jsonl.gz").write_bytes(gzip.compress(data))
    assert [r.data for r in docs(run([tmp_path / "x.jsonl.gz"]))] == [b"n0", b"n1", b"n2"]


def test_truncated_gzipped_jsonl_keeps_lines_before_the_break(tmp_path: Path) -> None:
    data = "\n".join(json.dumps({"text": f"line {i} " + "x" * 50}) for i in range(2000)).encode()
    packed = gzip.compress(data)
    (tmp_path / "x.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    records = run([tmp_path / "x.jsonl.gz"])
    assert len(docs(records)) > 10
    last = records[-1]
    assert isinstance(last, Failure) and "truncated gzip stream" in last.reason


def test_line_over_the_limit(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "x.jsonl",
        [
            json.dumps({"text": "short"}),
            json.dumps({"text": "y" * 5000}),
            json.dumps({"text": "z"}),
        ],
    )
    records = run([path], max_bytes=1024)
    assert [type(r).__name__ for r in records] == ["RawDocument", "Failure", "RawDocument"]
    assert records[1].source.endswith("#2")
    assert records[1].reason == "too large: line exceeds limit 1 KiB (raise --max-bytes)"  # type: ignore[union-attr]


def test_big_jsonl_file_is_streamed_not_refused(tmp_path: Path) -> None:
    lines = [json.dumps({"text": f"article {i} " + "w" * 100}) for i in range(40)]
    path = write_lines(tmp_path / "big.jsonl", lines)
    assert path.stat().st_size > 4096
    assert len(docs(run([path], max_bytes=1024))) == 40


def test_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "w.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "a"}\r\n{"text": "b"}\r\n')
    assert [r.data for r in docs(run([path]))] == [b"a", b"b"]


def test_latin1_encoded_line(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_bytes('{"text": "Le président a déclaré"}\n'.encode("latin-1"))
    [doc] = run([path])
    assert isinstance(doc, RawDocument) and doc.data == "Le président a déclaré".encode()


json_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(json_text, min_size=1, max_size=5), title=st.text(max_size=20))
def test_jsonl_round_trip(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], title: str
) -> None:
    path = tmp_path_factory.mktemp("rt") / "x.jsonl"
    path.write_text(
        "\n".join(json.dumps({"text": t, "title": title}, ensure_ascii=False) for t in texts),
        encoding="utf-8",
    )
    records = run([path])
    assert [r.data.decode("utf-8") for r in docs(records)] == texts
    assert not fails(records)


def deep(levels: int, inner: str = '"x"') -> str:
    return "[" * levels + inner + "]" * levels


@pytest.mark.parametrize("levels", [65, 400, 100_000])
def test_line_nested_too_deeply_is_a_failure_and_the_batch_goes_on(
    tmp_path: Path, levels: int
) -> None:
    path = write_lines(
        tmp_path / "x.jsonl",
        [
            '{"text": "first"}',
            f'{{"text": "deep", "author": {deep(levels)}}}',
            f'{{"text": "deep", "tags": {deep(levels)}, "x": 1',  # cut: never closed
            '{"text": "last"}',
        ],
    )
    records = run([path])
    assert [type(r).__name__ for r in records] == [
        "RawDocument",
        "Failure",
        "Failure",
        "RawDocument",
    ]
    for failure, number in zip(fails(records), (2, 3), strict=True):
        assert failure.source == f"{path}#{number}"
        assert failure.reason == (
            f"nested too deeply: arrays and objects {levels + 1} levels deep (at most 64 are read)"
        )


def test_first_line_nested_too_deeply_is_sniffed_as_jsonl(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "data", [f'{{"text": "x", "tags": {deep(50_000)}}}', '{"text": "next"}']
    )
    records = run([path])
    assert [type(r).__name__ for r in records] == ["Failure", "RawDocument"]
    assert "nested too deeply" in records[0].reason  # type: ignore[union-attr]
    assert records[0].source == f"{path}#1"


def test_nesting_within_the_limit_is_read_and_deep_metadata_is_no_value(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "x.jsonl",
        [
            f'{{"text": "a", "author": {deep(60, chr(34) + "Ann" + chr(34))}, "title": "T"}}',
            '{"text": "b", "author": [{"name": "Ann Lee"}, ["Bo Kim"]]}',
        ],
    )
    first, second = run([path])
    assert isinstance(first, RawDocument) and first.meta == {"title": "T"}
    assert isinstance(second, RawDocument) and second.meta == {"author": "Ann Lee, Bo Kim"}


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    from newsfuse.ingest.jsonvalue import load_json, nesting_depth

    text = json.dumps({"text": "[" * 500 + '"{' * 300, "list": [[1, ["]"]]]})
    assert nesting_depth(text) == 4
    assert load_json(text, source="s")["list"] == [[1, ["]"]]]
    assert nesting_depth('"\\\\"[[') == 2  # an escaped backslash ends before the quote


def test_numbers_beyond_python_limits_are_read(tmp_path: Path) -> None:
    huge = "9" * 5000
    path = write_lines(
        tmp_path / "x.jsonl",
        [
            f'{{"text": "a", "published": {huge}, "title": {huge}, "n": -{huge}}}',
            '{"text": "b", "published": NaN, "author": Infinity}',
        ],
    )
    first, second = run([path])
    assert isinstance(first, RawDocument) and first.meta == {}
    assert isinstance(second, RawDocument) and second.meta == {}


def test_compressed_line_over_the_limit_is_refused_without_decompressing_it_all(
    tmp_path: Path,
) -> None:
    member = gzip.compress(b"a" * (1024 * 1024), compresslevel=9)  # 1 MiB in about 1 kB
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(
        gzip.compress(b'{"text": "first"}\n{"text": "')
        + member * 300  # a line of 300 MiB
        + gzip.compress(b'"}\n{"text": "after"}\n')
    )
    start = time.perf_counter()
    records = run([path], max_bytes=1024 * 1024)
    assert time.perf_counter() - start < 1.0  # decompressing 300 MiB to skip it took seconds
    assert [type(r).__name__ for r in records] == ["RawDocument", "Failure", "Failure"]
    line, bomb = fails(records)
    assert line.source == f"{path}#2" and line.reason.startswith("too large: line exceeds")
    assert bomb.source == str(path)
    assert bomb.reason == (
        "too large: a compression bomb (what is skipped past the limit comes out more than 100 "
        "times bigger than the compressed data; the rest of the file is not read)"
    )


def test_compressible_but_ordinary_jsonl_gz_is_read_to_the_end(tmp_path: Path) -> None:
    line = json.dumps({"text": "The port stayed closed on Monday, the union said. " * 20})
    path = tmp_path / "many.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join([line] * 3000) + "\n").encode()))
    records = run([path], max_bytes=64 * 1024)  # 3 MB, 1,000 times smaller once compressed
    assert len(docs(records)) == 3000 and not fails(records)


def test_compressed_line_over_the_limit_that_is_no_bomb_is_skipped(tmp_path: Path) -> None:
    blob = base64.b64encode(os.urandom(1536 * 1024)).decode()  # 2 MB, barely compressible
    lines = [json.dumps({"text": "a"}), json.dumps({"text": blob}), json.dumps({"text": "b"})]
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), compresslevel=1))
    records = run([path], max_bytes=256 * 1024)  # 1.75 MB skipped: past the 1 MiB grace
    assert [type(r).__name__ for r in records] == ["RawDocument", "Failure", "RawDocument"]


def test_raw_control_characters_inside_strings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"text": "col1\tcol2 \x1b[2Jcleared", "title": "T\x1b]0;x\x07itle"}\n')
    [doc] = run([path])
    assert isinstance(doc, RawDocument) and doc.meta == {"title": "Title"}
    assert decode_bytes(doc.data, source="x", kind="text") == "col1\tcol2 cleared"
