"""iter_documents over files, directories, globs and stdin; every failure case of a file."""

from __future__ import annotations

import glob
import gzip
import inspect
import io
import json
import os
import sys
import threading
from pathlib import Path

import pytest
from ingest_helpers import PAGE, docs, fails, only_failure, run

from newsfuse.config import Settings
from newsfuse.ingest import decode_bytes, iter_documents
from newsfuse.ingest.sources import glob_paths
from newsfuse.records import Failure, RawDocument


def test_html_file(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(PAGE)
    [doc] = run([tmp_path / "a.html"])
    assert isinstance(doc, RawDocument)
    assert doc.source == str(tmp_path / "a.html")
    assert doc.kind == "html"
    assert doc.data == PAGE
    assert doc.encoding == "utf-8"  # from <meta charset>
    assert doc.meta == {}


@pytest.mark.parametrize("name", ["a.txt", "a.text", "a.md", "README"])
def test_text_files(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("Storm hits coast.\n\nThousands without power.\n")
    [doc] = run([tmp_path / name])
    assert isinstance(doc, RawDocument) and doc.kind == "text"


def test_content_wins_over_extension(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes(PAGE)
    (tmp_path / "prose.html").write_text("Just a sentence of news, no markup at all.\n")
    (tmp_path / "noext").write_bytes(PAGE)
    kinds = {Path(d.source).name: d.kind for d in docs(run(sorted(tmp_path.iterdir())))}
    assert kinds == {"page.txt": "html", "prose.html": "text", "noext": "html"}


def test_html_fragment_is_html(tmp_path: Path) -> None:
    (tmp_path / "frag").write_text("<p>Officials said the bridge would reopen.</p>")
    assert run([tmp_path / "frag"])[0].kind == "html"  # type: ignore[union-attr]


def test_directory_recursive_sorted_skipping_hidden_and_binary_names(chdir_tmp: Path) -> None:
    root = chdir_tmp / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b.html").write_bytes(PAGE)
    (root / "a.txt").write_text("alpha news")
    (root / "sub" / "c.txt").write_text("gamma news")
    (root / ".hidden" / "x.txt").write_text("hidden")
    (root / ".dot.txt").write_text("hidden")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    (root / "pack.zip").write_bytes(b"PK\x03\x04")
    (root / "mod.pyc").write_bytes(b"\x00" * 20)
    records = run(["corpus"])
    assert [r.source for r in records] == ["corpus/a.txt", "corpus/b.html", "corpus/sub/c.txt"]
    assert all(isinstance(r, RawDocument) for r in records)


def test_directory_with_trailing_slash(chdir_tmp: Path) -> None:
    (chdir_tmp / "c").mkdir()
    (chdir_tmp / "c" / "x.txt").write_text("news")
    assert [r.source for r in run(["c/"])] == ["c/x.txt"]


def test_glob_recursive(chdir_tmp: Path) -> None:
    for rel in ["corpus/a.html", "corpus/x/b.html", "corpus/x/y/c.html", "corpus/d.txt"]:
        (chdir_tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (chdir_tmp / rel).write_bytes(PAGE)
    sources = [r.source for r in run(["corpus/**/*.html"])]
    assert sources == ["corpus/a.html", "corpus/x/b.html", "corpus/x/y/c.html"]


def test_glob_matching_nothing(chdir_tmp: Path) -> None:
    failure = only_failure(run(["nothing/*.html"]))
    assert failure.source == "nothing/*.html"
    assert "no files match" in failure.reason


def test_nonexistent_path(tmp_path: Path) -> None:
    failure = only_failure(run([tmp_path / "missing.html"]))
    assert failure.reason == "no such file or directory"
    assert failure.stage == "ingest"


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_bytes(b"  \n\t\r\n ")
    records = run([tmp_path / "zero.txt", tmp_path / "blank.html"])
    assert [type(r) for r in records] == [Failure, Failure]
    assert all("empty file" in r.reason for r in fails(records))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n" + os.urandom(300), "looks like PNG image"),
        (b"\x00" * 300, "binary content"),
        (bytes(range(32)) * 40, "binary content"),
    ],
)
def test_binary_file(tmp_path: Path, data: bytes, expected: str) -> None:
    (tmp_path / "thing.txt").write_bytes(data)
    failure = only_failure(run([tmp_path / "thing.txt"]))
    assert expected in failure.reason
    assert failure.reason.startswith("binary content, not text or HTML")


def test_too_large_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as fh:
        fh.truncate(52_400_000)  # sparse: 52.4 MB without writing them
    opened: list[str] = []
    real_open = open

    def spy(path: object, *args: object, **kwargs: object) -> object:
        opened.append(str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy)
    failure = only_failure(run([big]))
    assert failure.reason == "too large: 52.4 MB > limit 32 MiB (raise --max-bytes)"
    assert str(big) not in opened


def test_small_limit_message(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x" * 2000)
    failure = only_failure(run([tmp_path / "a.txt"], max_bytes=1024))
    assert failure.reason == "too large: 2.0 kB > limit 1 KiB (raise --max-bytes)"


def test_gzip_file_is_decompressed_and_inner_format_detected(tmp_path: Path) -> None:
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "note.txt.gz").write_bytes(gzip.compress(b"Plain news text."))
    records = run([tmp_path / "page.html.gz", tmp_path / "note.txt.gz"])
    assert [(r.kind, r.data) for r in docs(records)] == [
        ("html", PAGE),
        ("text", b"Plain news text."),
    ]


def test_gzip_content_without_gz_extension(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes(gzip.compress(PAGE))
    [doc] = run([tmp_path / "page.html"])
    assert isinstance(doc, RawDocument) and doc.data == PAGE


def test_gz_extension_on_plain_content(tmp_path: Path) -> None:
    (tmp_path / "page.html.gz").write_bytes(PAGE)
    [doc] = run([tmp_path / "page.html.gz"])
    assert isinstance(doc, RawDocument) and doc.kind == "html"


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress(PAGE * 50)
    (tmp_path / "cut.html.gz").write_bytes(data[: len(data) // 2])
    failure = only_failure(run([tmp_path / "cut.html.gz"]))
    assert "truncated gzip stream" in failure.reason


def test_gzip_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    bomb = gzip.compress(b"<p>" + b" " * 30_000_000, compresslevel=9)
    assert len(bomb) < 100_000  # 30 MB of output from under 100 kB
    (tmp_path / "bomb.html.gz").write_bytes(bomb)
    failure = only_failure(run([tmp_path / "bomb.html.gz"], max_bytes=1024 * 1024))
    assert failure.reason == (
        "too large: decompressed content exceeds limit 1 MiB (raise --max-bytes)"
    )


def test_empty_gzip(tmp_path: Path) -> None:
    (tmp_path / "e.txt.gz").write_bytes(gzip.compress(b""))
    assert "empty" in only_failure(run([tmp_path / "e.txt.gz"])).reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files whatever their mode")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("news")
    path.chmod(0)
    try:
        failure = only_failure(run([path]))
    finally:
        path.chmod(0o600)
    assert "permission denied" in failure.reason


def test_permission_denied_reported_by_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same path as above, for runs as root (where chmod 0 does not stop reading).
    path = tmp_path / "secret.txt"
    path.write_text("news")
    real_open = open

    def deny(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", deny)
    failure = only_failure(run([path]))
    assert failure.reason == "cannot open: permission denied"


def test_broken_symlink_in_directory(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "ok.txt").write_text("news")
    (tmp_path / "d" / "gone.txt").symlink_to(tmp_path / "nowhere")
    records = run([tmp_path / "d"])
    assert [type(r).__name__ for r in records] == ["Failure", "RawDocument"]
    assert fails(records)[0].reason == "broken symbolic link"


def test_bad_input_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("good news")
    (tmp_path / "bad.txt").write_bytes(b"\x00" * 10)
    records = run([tmp_path / "missing", tmp_path / "bad.txt", tmp_path / "good.txt"])
    assert [type(r).__name__ for r in records] == ["Failure", "Failure", "RawDocument"]


def test_stdin_html() -> None:
    records = list(iter_documents(["-"], stdin=io.BytesIO(PAGE)))
    assert [(r.source, r.kind) for r in docs(records)] == [("-", "html")]


def test_stdin_jsonl() -> None:
    data = b'{"text": "one"}\n{"html": "<p>two</p>"}\n'
    records = list(iter_documents(["-"], stdin=io.BytesIO(data)))
    assert [(r.source, r.kind, r.data) for r in docs(records)] == [
        ("-#1", "text", b"one"),
        ("-#2", "html", b"<p>two</p>"),
    ]


def test_stdin_empty_and_too_large() -> None:
    [empty] = list(iter_documents(["-"], stdin=io.BytesIO(b"")))
    assert isinstance(empty, Failure) and empty.reason == "empty input"
    [big] = list(iter_documents(["-"], Settings(max_bytes=1024), stdin=io.BytesIO(b"a" * 5000)))
    assert isinstance(big, Failure) and big.reason.startswith("too large: content exceeds")


def test_iter_documents_is_lazy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("first")
    it = iter_documents([str(tmp_path / "a.txt"), str(tmp_path / "never-looked-at")])
    first = next(it)
    assert isinstance(first, RawDocument)  # the second input has not been touched yet


def test_raw_document_id_is_content_hash(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("same")
    (tmp_path / "b.txt").write_text("same")
    a, b = docs(run([tmp_path / "a.txt", tmp_path / "b.txt"]))
    assert a.id == b.id and a.source != b.source


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset><url><loc>http://x</loc></url></urlset>'
    )
    assert "not an RSS or Atom feed" in only_failure(run([tmp_path / "sitemap.xml"])).reason


def test_symlinked_directory_loop_is_walked_once(chdir_tmp: Path) -> None:
    (chdir_tmp / "c" / "sub").mkdir(parents=True)
    (chdir_tmp / "c" / "sub" / "a.txt").write_text("news")
    (chdir_tmp / "c" / "sub" / "loop").symlink_to(chdir_tmp / "c")
    assert [r.source for r in run(["c"])] == ["c/sub/a.txt"]


def test_glob_matching_directories_walks_them(chdir_tmp: Path) -> None:
    for rel in ["c/x/a.txt", "c/y/b.txt", "c/top.txt"]:
        (chdir_tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (chdir_tmp / rel).write_text("news")
    assert [r.source for r in run(["c/*"])] == ["c/top.txt", "c/x/a.txt", "c/y/b.txt"]
    assert [r.source for r in run(["c/**"])] == ["c/top.txt", "c/x/a.txt", "c/y/b.txt"]


def test_existing_path_with_glob_characters_is_taken_literally(chdir_tmp: Path) -> None:
    (chdir_tmp / "report[1].txt").write_text("news")
    assert [r.source for r in run(["report[1].txt"])] == ["report[1].txt"]


def test_a_single_string_is_refused() -> None:
    from newsfuse.errors import ConfigError

    with pytest.raises(ConfigError, match="must be a list"):
        list(iter_documents("corpus/"))  # a str is an Iterable[str]: refused at run time


FRENCH = "Le président a déclaré mardi que la grève des dockers continuerait.\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_files_without_bom_are_read_not_refused(tmp_path: Path, codec: str) -> None:
    (tmp_path / "note.txt").write_bytes(FRENCH.encode(codec))
    (tmp_path / "page").write_bytes(PAGE.decode().encode(codec))
    (tmp_path / "note.txt.gz").write_bytes(gzip.compress(FRENCH.encode(codec)))
    records = run([tmp_path / "note.txt", tmp_path / "page", tmp_path / "note.txt.gz"])
    assert [(type(r).__name__, getattr(r, "kind", None)) for r in records] == [
        ("RawDocument", "text"),
        ("RawDocument", "html"),
        ("RawDocument", "text"),
    ]
    texts = [
        decode_bytes(d.data, source=d.source, declared=d.encoding, kind=d.kind)
        for d in docs(records)
    ]
    assert texts == [FRENCH, PAGE.decode(), FRENCH]


def test_binary_with_nul_bytes_every_other_position_is_still_refused(tmp_path: Path) -> None:
    (tmp_path / "samples.txt").write_bytes(bytes(b for v in os.urandom(3000) for b in (v, 0)))
    failure = only_failure(run([tmp_path / "samples.txt"]))
    assert failure.reason.startswith("binary content, not text or HTML")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_jsonl_is_read_line_by_line(tmp_path: Path, codec: str) -> None:
    lines = '{"text": "Grève au port", "title": "Port"}\r\n{"text": "Deuxième jour"}\r\n'
    (tmp_path / "x.jsonl").write_bytes(lines.encode(codec))
    records = run([tmp_path / "x.jsonl"])
    assert [(r.source[-2:], r.data.decode(), r.meta) for r in docs(records)] == [
        ("#1", "Grève au port", {"title": "Port"}),
        ("#2", "Deuxième jour", {}),
    ]
    assert not fails(records)


def test_control_characters_are_removed_from_every_kind_of_input(tmp_path: Path) -> None:
    from ingest_helpers import make_warc

    dirty = "Port\x00 strike \x1b]0;PWNED\x07\x1b[2Jday\x0cthree"
    clean = "Port strike day\nthree"
    body = ("Dockworkers stayed off the job for a third day. " * 8).strip()
    text = f"{dirty}\n{body}\n"
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.html").write_text(f"<html><body><h1>{dirty}</h1><p>{body}</p></body></html>")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"text": text, "title": dirty, "author": [dirty], "url": "http://x/\x1b[2J"})
        + "\n"
    )
    (tmp_path / "d.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W\x1b[2J</title><item>'
        f"<title>{dirty.replace(chr(0), '')}</title><description>{text}</description>"
        "</item></channel></rss>"
    )
    (tmp_path / "e.warc").write_bytes(
        make_warc([("http://x/e", text.encode(), "text/plain")], gz=False)
    )
    records = run(sorted(tmp_path.iterdir()))
    assert not fails(records), fails(records)
    assert len(records) == 5
    for doc in docs(records):
        decoded = decode_bytes(doc.data, source=doc.source, declared=doc.encoding, kind=doc.kind)
        assert clean in decoded, (doc.source, decoded)
        for value in [*doc.meta.values(), doc.url or ""]:
            assert not any(ch < " " or "\x7f" <= ch <= "\x9f" for ch in value), (doc.source, value)
    jsonl = next(d for d in docs(records) if d.source.endswith("c.jsonl#1"))
    assert jsonl.meta["title"] == "Port strike day three" and jsonl.url == "http://x/"


GLOB_TREE = [
    "corpus/a.txt",
    "corpus/b.html",
    "corpus/.hidden.txt",
    "corpus/.git/x.txt",
    "corpus/x/c.txt",
    "corpus/x/y/d.html",
    "corpus/x/y/z/e.txt",
    "corpus/[odd]/f.txt",
    "other/g.txt",
]


@pytest.mark.parametrize(
    "pattern",
    [
        "corpus/**",
        "corpus/**/*.txt",
        "corpus/**/",
        "corpus/*",
        "corpus/*/*.txt",
        "corpus/x/**/e.txt",
        "corpus/.*",
        "corpus/**/.*",
        "*/a.txt",
        "*/*/**/*.html",
        "corpus/?.txt",
        "corpus/[ab].*",
        "corpus/[[]odd]/*",
        "**/g.txt",
    ],
)
def test_glob_matches_as_the_standard_glob_does(chdir_tmp: Path, pattern: str) -> None:
    for rel in GLOB_TREE:
        (chdir_tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (chdir_tmp / rel).write_text("news")
    assert sorted(set(glob_paths(pattern))) == sorted(glob.glob(pattern, recursive=True))
    absolute = str(chdir_tmp / pattern)
    assert sorted(set(glob_paths(absolute))) == sorted(glob.glob(absolute, recursive=True))


def test_glob_under_a_missing_directory_matches_nothing(chdir_tmp: Path) -> None:
    assert glob.glob("nothing/**", recursive=True) == ["nothing/"]  # glob's answer
    assert list(glob_paths("nothing/**")) == []
    failure = only_failure(run(["nothing/**"]))
    assert failure.reason == "no files match the pattern 'nothing/**'"


@pytest.mark.parametrize("pattern", ["corpus/**", "corpus/**/*.txt", "corpus/*", "corpus/*/**"])
def test_glob_through_symlink_loops_gives_each_file_once(chdir_tmp: Path, pattern: str) -> None:
    (chdir_tmp / "corpus" / "sub").mkdir(parents=True)
    (chdir_tmp / "corpus" / "a.txt").write_text("The port stayed closed on Monday.")
    (chdir_tmp / "corpus" / "sub" / "b.txt").write_text("The strike went on for a second day.")
    (chdir_tmp / "corpus" / "sub" / "up").symlink_to("..")
    (chdir_tmp / "corpus" / "self").symlink_to(".")
    (chdir_tmp / "corpus" / "again.txt").symlink_to("a.txt")
    done: list[list[RawDocument | Failure]] = []
    worker = threading.Thread(target=lambda: done.append(run([pattern])), daemon=True)
    worker.start()
    worker.join(5.0)  # the standard glob never ended on these two links
    assert done, f"{pattern} still expanding after 5 s"
    [records] = done
    assert all(isinstance(r, RawDocument) for r in records), records
    assert sorted(r.data for r in records) == [  # type: ignore[union-attr]
        b"The port stayed closed on Monday.",
        b"The strike went on for a second day.",
    ]


@pytest.mark.parametrize(
    "declaration", ['<meta charset="utf-16">', '<?xml version="1.0" encoding="UTF-16"?>']
)
def test_a_page_in_8_bit_bytes_declaring_utf16_is_not_read_as_utf16(
    tmp_path: Path, declaration: str
) -> None:
    (tmp_path / "p.html").write_bytes(
        f"{declaration}<html><body><p>Café au port</p></body></html>".encode()
    )
    [doc] = run([tmp_path / "p.html"])
    assert isinstance(doc, RawDocument) and doc.encoding is None
    assert "<p>Café au port</p>" in decode_bytes(
        doc.data, source="p", declared=doc.encoding, kind="html"
    )


def test_a_tree_deeper_than_the_recursion_limit_is_walked(chdir_tmp: Path) -> None:
    # A real tree 1,000 levels deep takes seconds to make and breaks shutil.rmtree (pytest's
    # clean-up): lower the recursion limit instead, to 100 frames above this one.
    levels = 150
    path = chdir_tmp / "deep" / "/".join(["d"] * levels)
    path.mkdir(parents=True)
    (path / "bottom.txt").write_text("The news at the bottom.")
    here = len(inspect.stack(0))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(here + 100)
    try:
        results = [run(inputs) for inputs in (["deep"], ["deep/**/*.txt"], ["deep/**"])]
    finally:
        sys.setrecursionlimit(limit)
    for records in results:
        assert [type(r) for r in records] == [RawDocument], records
        assert records[0].data == b"The news at the bottom."  # type: ignore[union-attr]
