"""Property tests: whatever bytes, text, JSON lines or feeds come in, reading and decoding
give documents or failures (never another exception) in bounded time.

Each test runs a fixed number of derandomized examples (40, or NEWSFUSE_FUZZ_EXAMPLES) with a
deadline per example, so the file runs in a few seconds and every CI run tries the same inputs.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.ingest import decode_bytes, iter_documents
from newsfuse.ingest.decode import clean_controls
from newsfuse.ingest.jsonvalue import MAX_DEPTH, load_json, nesting_depth
from newsfuse.records import Failure, RawDocument

# NEWSFUSE_FUZZ_EXAMPLES=2000 runs a longer session by hand (release checks)
FAST = settings(
    max_examples=int(os.environ.get("NEWSFUSE_FUZZ_EXAMPLES", "40")),
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SMALL = Settings(max_bytes=64 * 1024, fetch_timeout=1)
NAMES = ["doc", "a.txt", "a.html", "a.jsonl", "a.warc", "a.rss", "a.xml", "a.atom"]


def read_all(data: bytes, name: str, tmp: Path) -> list[RawDocument | Failure]:
    """Every record for ``data`` as a file called ``name``, and each document decoded."""
    path = tmp / name
    path.write_bytes(data)
    records = list(iter_documents([str(path)], SMALL))
    records += list(iter_documents(["-"], SMALL, stdin=io.BytesIO(data)))
    for record in records:
        assert isinstance(record, RawDocument | Failure), record
        if isinstance(record, RawDocument):
            assert record.kind in ("html", "text")
            try:
                text = decode_bytes(
                    record.data, source=record.source, declared=record.encoding, kind=record.kind
                )
            except NewsfuseError:
                continue
            assert clean_controls(text) == text
        else:
            assert record.reason and record.source
    return records


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FAST
@given(data=st.binary(max_size=2048), name=st.sampled_from(NAMES), gz=st.booleans())
def test_random_bytes(tmp: Path, data: bytes, name: str, gz: bool) -> None:
    read_all(gzip.compress(data) if gz else data, name + (".gz" if gz else ""), tmp)


@FAST
@given(
    text=st.text(max_size=1000),
    codec=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252"]),
    name=st.sampled_from(NAMES),
)
def test_random_text(tmp: Path, text: str, codec: str, name: str) -> None:
    read_all(text.encode(codec, "replace"), name, tmp)


@FAST
@given(
    data=st.binary(max_size=1024),
    declared=st.sampled_from([None, "utf-8", "utf-16", "latin-1", "shift_jis", "bogus", "utf-32"]),
    kind=st.sampled_from(["text", "html"]),
)
def test_decode_random_bytes(data: bytes, declared: str | None, kind: str) -> None:
    try:
        text = decode_bytes(data, source="x", declared=declared, kind=kind)
    except NewsfuseError:
        return
    assert clean_controls(text) == text and "\r" not in text


json_leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_value = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = ["text", "html", "content", "body", "title", "author", "published", "url", "language"]


def depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    return 0


@FAST
@given(
    lines=st.lists(
        st.dictionaries(st.sampled_from(FIELDS), json_value, max_size=5)
        | json_value
        | st.builds(lambda n: "[" * n, st.integers(0, 3 * MAX_DEPTH))
        | st.text(max_size=40),
        max_size=6,
    ),
    deep=st.integers(0, 3000),
)
def test_random_json_lines(tmp: Path, lines: list[Any], deep: int) -> None:
    rendered = [
        line.replace("\n", " ") if isinstance(line, str) else json.dumps(line) for line in lines
    ]
    rendered.append(json.dumps({"text": "x", "author": [[["a"]]] if deep < 60 else "y"}))
    rendered.append('{"text": "deep", "tags": ' + "[" * deep + "]" * deep + "}")
    records = read_all(("\n".join(rendered) + "\n").encode(), "a.jsonl", tmp)
    deep_line = [r for r in records if r.source.endswith(f"#{len(rendered)}")]
    if deep + 1 > MAX_DEPTH:
        assert any(isinstance(r, Failure) and "nested too deeply" in r.reason for r in deep_line)


@FAST
@given(value=json_value)
def test_nesting_depth_is_exact(value: Any) -> None:
    text = json.dumps(value)
    assert nesting_depth(text) == depth(value)
    if depth(value) <= MAX_DEPTH:
        assert load_json(text, source="x") == value


feed_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), max_size=60
) | st.sampled_from(["&a;", "&lol9;", "&amp;", "<![CDATA[<p>x</p>]]>", "<p>x</p>", "]]>", "&#0;"])
doctypes = st.sampled_from(
    [
        "",
        "<!DOCTYPE rss>",
        '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">]>',
        '<!DOCTYPE rss [\n<!ENTITY a SYSTEM "file:///etc/passwd">\n]>',
        '<!DOCTYPE rss [<!ENTITY % p "x"> %p; <!-- ]> --> <?pi ]>?>]>',
        "<!DOCTYPE rss [",
        "<!-- c --><!DOCTYPE rss [<!ENTITY a 'x'>]><!-- d -->",
    ]
)


@FAST
@given(
    doctype=doctypes,
    items=st.lists(st.tuples(feed_text, feed_text, st.booleans()), max_size=4),
    atom=st.booleans(),
    gz=st.booleans(),
)
def test_random_small_feeds(
    tmp: Path, doctype: str, items: list[tuple[str, str, bool]], atom: bool, gz: bool
) -> None:
    def text(value: str, escaped: bool) -> str:
        return escape(value) if escaped else value

    if atom:
        body = "".join(
            f"<entry><title>{text(t, e)}</title><content type='html'>{text(c, e)}</content></entry>"
            for t, c, e in items
        )
        xml = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>{body}</feed>'
    else:
        body = "".join(
            f"<item><title>{text(t, e)}</title><description>{text(c, e)}</description></item>"
            for t, c, e in items
        )
        xml = f'<rss version="2.0"><channel><title>W</title>{body}</channel></rss>'
    data = f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n{xml}'.encode("utf-8", "replace")
    records = read_all(gzip.compress(data) if gz else data, "a.rss" + (".gz" if gz else ""), tmp)
    assert not any(b"root:" in r.data for r in records if isinstance(r, RawDocument))


def _samples() -> dict[str, bytes]:
    from ingest_helpers import PAGE, make_warc

    jsonl = b"".join(
        json.dumps({"text": f"story {i}", "title": "T", "author": ["A", "B"]}).encode() + b"\n"
        for i in range(3)
    )
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        b"<item><title>A</title><description>&lt;p&gt;One&lt;/p&gt;</description></item>"
        b"</channel></rss>"
    )
    return {
        "a.warc.gz": make_warc([("https://a.example/1", PAGE, "text/html")] * 2),
        "a.warc": make_warc([("https://a.example/1", PAGE, "text/html")] * 2, gz=False),
        "a.jsonl": jsonl,
        "a.jsonl.gz": gzip.compress(jsonl),
        "a.rss": rss,
        "a.html.gz": gzip.compress(PAGE),
    }


SAMPLES = _samples()


@FAST
@given(
    name=st.sampled_from(sorted(SAMPLES)),
    edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=6),
    cut=st.none() | st.floats(0, 1),
)
def test_mutated_containers(
    tmp: Path, name: str, edits: list[tuple[float, int]], cut: float | None
) -> None:
    data = bytearray(SAMPLES[name])
    for where, byte in edits:
        data[int(where * len(data))] = byte
    if cut is not None:
        del data[int(cut * len(data)) :]
    read_all(bytes(data), name, tmp)
