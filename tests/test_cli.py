"""The command line, end to end: ``newsfuse run`` and ``newsfuse extract`` on the demo corpus
and on bad inputs, exit codes, help, stdin, gzip, and one run of the installed console script.

Most tests call the click command in-process with ``CliRunner`` (fast); one runs the real
``newsfuse`` executable in a subprocess.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import logging
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
N_DEMO = 15  # 12 files, one of them (wire.jsonl) holding 3 documents
JSON_KEYS = {
    "source", "text", "title", "author", "published", "outlet", "credit", "language",
    "removed", "passages",
}  # fmt: skip

ARTICLE = (
    "Harbour plan approved after long debate\n\n"
    "The regional council approved the harbour plan on Tuesday after a debate that lasted "
    "well into the evening, officials said, adding that work would begin next spring.\n\n"
    "Supporters of the plan said it would bring jobs and lower costs for residents, while "
    "opponents warned that the budget had been drawn up in a hurry.\n\n"
    "The council will publish the full text of the decision on Friday, a spokeswoman said, "
    "and residents will have six weeks to comment on it.\n"
)
HTML = (
    "<html><head><title>Harbour plan approved</title></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><article><h1>Harbour plan approved</h1>"
    + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:])
    + "</article><footer>Copyright 2026 Harbour Times</footer></body></html>"
)


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """``-v`` configures the root logger with the runner's stderr; undo it after each test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def invoke(
    *args: str, input: bytes | str | None = None, env: dict[str, str] | None = None
) -> Result:
    return CliRunner().invoke(main, list(args), input=input, env=env)


def json_lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def warc(pages: int) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(pages):
        body = HTML.replace("Harbour plan", f"Harbour plan {i}").encode()
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                f"http://example.org/{i}",
                "response",
                payload=io.BytesIO(body),
                length=len(body),  # with a length warcio spools nothing to a temporary file
                http_headers=headers,
            )
        )
    return buf.getvalue()


# -- help, version, usage errors ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["run", "extract", "copies", "stories", "claims"]),
        (["copies"], ["--json", "--pair", "--max-bytes"]),
        (["claims"], ["--json", "--status", "--kind", "--window-days"]),
        (["stories"], ["--json", "--window-days"]),
        (["run"], ["--out", "--store", "--max-bytes", "-v, --verbose"]),
        (["extract"], ["--json", "--max-bytes", "-v, --verbose"]),
    ],
)
def test_help_on_every_command(args: list[str], expected: list[str]) -> None:
    for flag in ("--help", "-h"):
        result = invoke(*args, flag)
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.stdout
        for text in expected:
            assert text in result.stdout


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and "newsfuse" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["extract"],  # no inputs
        ["run", "x.txt"],  # no --out
        ["extract", "--max-bytes", "0", "x.txt"],
        ["extract", "--max-bytes", "lots", "x.txt"],
        ["extract", "--extractor", "magic", "x.txt"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr and "Error:" in result.stderr


def test_bad_environment_setting_is_a_usage_error() -> None:
    result = invoke("extract", "x.txt", env={"NEWSFUSE_MAX_BYTES": "lots"})
    assert result.exit_code == 2
    assert "NEWSFUSE_MAX_BYTES" in result.stderr


# -- extract -----------------------------------------------------------------------------


def test_extract_json_on_the_demo_corpus() -> None:
    result = invoke("extract", "--json", str(CORPUS))
    assert result.exit_code == 0, result.stderr
    rows = json_lines(result)
    assert len(rows) == N_DEMO
    for d in rows:
        assert set(d) >= JSON_KEYS, d["source"]
        text = d["text"]
        assert text and text == text.strip()
        assert "\n\n\n" not in text
        assert all("\n" not in p for p in text.split("\n\n")), "paragraphs split by blank lines"
        assert all(set(r) >= {"text", "reason"} and r["reason"] for r in d["removed"])
        spans = [(p["start"], p["end"]) for p in d["passages"]]
        assert spans and spans[0][0] == 0 and spans[-1][1] == len(text)
        assert all(s < e for s, e in spans)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        assert all("title" in p for p in d["passages"])
    by_name = {Path(d["source"]).name: d for d in rows}
    assert len(by_name["eastwind-reports-live-march-12.txt"]["passages"]) > 1, "a live blog"
    herald = by_name["valdora-herald-kessring-dam.html"]
    assert len(herald["passages"]) == 1
    assert herald["outlet"] == "Valdora Herald" and herald["language"] == "en"
    assert herald["published"].startswith("2026-03-12")
    assert by_name["wire.jsonl#1"]["author"] == "Oskar Lindahl"
    assert any(d["removed"] for d in rows)


def test_extract_source_is_the_input_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "news" / "a.txt", ARTICLE)
    monkeypatch.chdir(tmp_path)
    rows = json_lines(invoke("extract", "--json", "news/a.txt", "./news/a.txt"))
    assert [d["source"] for d in rows] == ["news/a.txt", "./news/a.txt"]


def test_extract_human_output_and_verbose_detail(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", HTML)
    empty = write(tmp_path / "empty.txt", b"")
    quiet = invoke("extract", str(page), str(empty))
    assert quiet.exit_code == 1
    assert "title: Harbour plan approved" in quiet.stdout
    assert f"source: {page}" in quiet.stdout
    assert "The regional council approved the harbour plan" in quiet.stdout
    assert "removed (" not in quiet.stdout
    assert f"{empty}: empty file" in quiet.stderr and "[ingest]" not in quiet.stderr
    verbose = invoke("extract", "-v", str(page), str(empty))
    assert "removed (" in verbose.stdout
    assert f"{empty}: empty file [ingest]" in verbose.stderr
    silent = invoke("extract", "-q", str(page), str(empty))
    assert silent.exit_code == 1 and silent.stderr == ""


def test_extract_many_inputs_in_order_and_gzip_transparently(tmp_path: Path) -> None:
    plain = write(tmp_path / "page.html", HTML)
    gz = write(tmp_path / "page2.html.gz", gzip.compress(HTML.replace("harbour", "port").encode()))
    text = write(tmp_path / "a.txt", ARTICLE)
    result = invoke("extract", "--json", str(text), str(gz), str(plain))
    assert result.exit_code == 0, result.stderr
    rows = json_lines(result)
    assert [d["source"] for d in rows] == [str(text), str(gz), str(plain)]
    assert rows[1]["text"] == rows[2]["text"].replace("harbour", "port")
    assert "Home" not in rows[2]["text"] and "Copyright" not in rows[2]["text"]


def test_extract_reads_stdin() -> None:
    result = invoke("extract", "--json", "-", input=ARTICLE.encode())
    assert result.exit_code == 0, result.stderr
    (row,) = json_lines(result)
    assert row["source"] == "-"
    assert "The regional council approved the harbour plan" in row["text"]


@pytest.mark.parametrize("command", ["extract", "run"])
def test_empty_directory_is_nothing_processed(tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = ["--out", str(tmp_path / "out")] if command == "run" else []
    result = invoke(command, str(empty), *out)
    assert result.exit_code == 3
    assert f"newsfuse: no documents found in {empty}" in result.stderr


# -- bad inputs: a clear message naming the input, and the batch goes on ---------------


BAD_CASES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\n \t\n", "empty file"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4, "binary content"),
    "noise.dat": (bytes(range(256)) * 16, "binary content"),
    "page.html.gz": (gzip.compress(HTML.encode())[:60], "truncated gzip"),
    "tags.html": (b"<<<>>><div><span></div></</p><<script>x", "no article text"),
}


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_is_named_and_the_batch_goes_on(tmp_path: Path, name: str) -> None:
    data, message = BAD_CASES[name]
    bad = write(tmp_path / name, data)
    good = write(tmp_path / "good.txt", ARTICLE)
    result = invoke("extract", "--json", str(bad), str(good))
    # a page read fine that holds no article is named, but is not a failed input
    assert result.exit_code == (0 if message == "no article text" else 1), result.output
    assert f"newsfuse: {bad}: " in result.stderr and message in result.stderr
    assert [d["source"] for d in json_lines(result)] == [str(good)]
    alone = invoke("extract", str(bad))
    assert alone.exit_code == 3 and message in alone.stderr


def test_missing_file_and_unmatched_glob(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", ARTICLE)
    missing, glob = str(tmp_path / "nothere.txt"), str(tmp_path / "*.nomatch")
    result = invoke("extract", missing, str(good), glob)
    assert result.exit_code == 1
    assert f"{missing}: no such file" in result.stderr
    assert f"{glob}: no files match" in result.stderr


def test_too_large_page_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as f:  # 50 MB of HTML-ish text in one write
        f.write(b"<html><body><p>" + b"word " * (10 * 1024 * 1024) + b"</p></body></html>")
    try:
        good = write(tmp_path / "good.txt", ARTICLE)
        result = invoke("extract", "--max-bytes", "1000000", str(big), str(good))
        assert result.exit_code == 1
        assert f"{big}: too large" in result.stderr
        assert "--max-bytes" in result.stderr
        env = invoke("extract", str(big), env={"NEWSFUSE_MAX_BYTES": "1000000"})
        assert env.exit_code == 3 and "too large" in env.stderr
    finally:
        big.unlink()


def test_legacy_encodings_extract_correctly(tmp_path: Path) -> None:
    french = (
        "Les cafés de Zürich ferment plus tôt\n\n"
        "Les propriétaires de cafés ont protesté mardi contre la nouvelle règle, qui les oblige "
        "à fermer à vingt-deux heures. « C’est une décision absurde », a déclaré l’un d’eux.\n\n"
        "La municipalité a répondu que la règle serait réexaminée après l’été, selon un "
        "porte-parole, et que les terrasses resteraient ouvertes jusqu’à minuit.\n"
    )
    russian = (
        "Городской совет утвердил бюджет\n\n"
        "Городской совет утвердил новый бюджет во вторник, выделив больше денег на общественный "
        "транспорт и школы. Чиновники заявили, что план вступит в силу в следующем году.\n\n"
        "Мэр сказал, что решение стало шагом вперёд для жителей, и поблагодарил депутатов за "
        "работу над долгими переговорами о бюджете.\n"
    )
    fr = write(tmp_path / "fr.txt", french.encode("cp1252"))
    ru = write(tmp_path / "ru.txt", russian.encode("cp1251"))
    result = invoke("extract", "--json", str(fr), str(ru))
    assert result.exit_code == 0, result.stderr
    got_fr, got_ru = json_lines(result)
    assert "« C’est une décision absurde », a déclaré l’un d’eux." in got_fr["text"]
    assert "jusqu’à minuit" in got_fr["text"]
    assert got_fr["language"] == "fr"
    assert "Мэр сказал, что решение стало шагом вперёд для жителей" in got_ru["text"]
    assert got_ru["language"] == "ru"


def test_invalid_utf8_bytes_do_not_garble_the_text(tmp_path: Path) -> None:
    text = ARTICLE.replace("regional council", "Zürich council").replace(
        "jobs", "jobs — and cafés —"
    )
    data = (
        text.encode("utf-8").replace(b"Tuesday", b"Tues\xffday").replace(b"Friday", b"Fri\xc3day")
    )
    page = write(tmp_path / "broken.txt", data)
    result = invoke("extract", "--json", str(page))
    assert result.exit_code == 0, result.stderr
    (row,) = json_lines(result)
    assert "The Zürich council approved the harbour plan" in row["text"]
    assert "jobs — and cafés —" in row["text"]


def test_malformed_html_is_still_extracted(tmp_path: Path) -> None:
    page = write(
        tmp_path / "broken.html",
        "<html><body><div class=story><p>Unclosed <b>tags <i>everywhere: the council voted on "
        "the harbour budget today, with nearly all members present for the long debate."
        "<p>Another paragraph about the harbour budget vote, which went on into the evening "
        "and ended late <span>with a narrow majority</div></td></table>",
    )
    result = invoke("extract", "--json", str(page))
    assert result.exit_code == 0, result.stderr
    (row,) = json_lines(result)
    assert "the council voted on the harbour budget today" in row["text"]
    assert "ended late with a narrow majority" in row["text"]


def test_truncated_warc_keeps_the_complete_records(tmp_path: Path) -> None:
    data = warc(3)
    whole = write(tmp_path / "crawl.warc.gz", data)
    cut = write(tmp_path / "cut.warc.gz", data[: int(len(data) * 0.8)])
    ok = invoke("extract", "--json", str(whole))
    assert ok.exit_code == 0 and len(json_lines(ok)) == 3
    result = invoke("extract", "--json", str(cut))
    assert result.exit_code == 1
    assert [d["source"] for d in json_lines(result)] == [f"{cut}#1", f"{cut}#2"]
    assert f"{cut}: truncated WARC" in result.stderr


def test_invalid_jsonl_lines_are_reported_and_the_others_extracted(tmp_path: Path) -> None:
    good = {"text": ARTICLE, "title": "Harbour plan approved", "outlet": "Harbour Times"}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"text": 5}),
        json.dumps(good | {"title": "Again", "text": ARTICLE.replace("harbour", "port")}),
    ]
    feed = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    result = invoke("extract", "--json", str(feed))
    assert result.exit_code == 1
    rows = json_lines(result)
    assert [d["source"] for d in rows] == [f"{feed}#1", f"{feed}#4"]
    assert rows[0]["outlet"] == "Harbour Times" and rows[1]["title"] == "Again"
    assert f"{feed}#2: invalid JSON" in result.stderr
    assert f"{feed}#3: the 'text' field must be a string" in result.stderr


@pytest.mark.network
def test_unreachable_url_is_reported(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on: bind, read the number, close
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/story.html"
    good = write(tmp_path / "good.txt", ARTICLE)
    result = invoke("extract", "--timeout", "2", url, str(good))
    assert result.exit_code == 1
    assert f"newsfuse: {url}: cannot fetch" in result.stderr
    assert "harbour plan" in result.stdout


# -- run -----------------------------------------------------------------------------------


def test_run_demo_corpus_writes_articles_report_and_store(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("run", str(CORPUS), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"{N_DEMO} articles ({N_DEMO} extracted, 0 already stored), 0 failed" in result.stderr
    assert result.stdout == ""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    ids = {a["id"] for a in report["articles"]}
    assert len(ids) == N_DEMO and report["status"] == "completed"
    assert report["store"] == str(out / "newsfuse.db")
    for art_id in ids:
        d = json.loads((out / "articles" / f"{art_id}.json").read_text(encoding="utf-8"))
        assert set(d) >= JSON_KEYS and d["id"] == art_id
        assert (
            (out / "articles" / f"{art_id}.txt")
            .read_text(encoding="utf-8")
            .endswith(d["text"] + "\n")
        )
    md = (out / "report.md").read_text(encoding="utf-8")
    assert all(f"| {art_id} |" in md for art_id in ids)
    with sqlite3.connect(out / "newsfuse.db") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == N_DEMO
        stored_links = db.execute("SELECT count(*) FROM links").fetchone()[0]
    # the copies stage: links and families in the report and the store
    assert {lk["type"] for lk in report["links"]} == {"exact_copy", "rewrite_of"}
    assert stored_links == len(report["links"]) == report["counts"]["links"]
    (family,) = [f for f in report["families"] if len(f["members"]) > 1]
    assert family["original"].endswith("wire.jsonl#1")
    assert "## Copies" in md and "## Source families" in md

    again = invoke("run", str(CORPUS), "--out", str(out))
    assert again.exit_code == 0, again.stderr
    assert f"{N_DEMO} articles (0 extracted, {N_DEMO} already stored)" in again.stderr
    report2 = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in report2["articles"]} == ids
    assert report2["counts"]["reused"] == N_DEMO
    with sqlite3.connect(out / "newsfuse.db") as db:
        counts = [
            db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "articles", "sources")
        ]
        statuses = [r[0] for r in db.execute("SELECT status FROM runs ORDER BY id")]
    assert counts == [N_DEMO, N_DEMO, N_DEMO]
    assert statuses == ["completed", "completed"]


# -- copies ------------------------------------------------------------------------------


def test_copies_json_interface_on_the_demo_corpus() -> None:
    result = invoke("copies", "--json", str(CORPUS))
    assert result.exit_code == 0, result.stderr
    d = json.loads(result.stdout)
    assert len(d["articles"]) == N_DEMO
    assert {"id", "source", "outlet", "published"} <= d["articles"][0].keys()
    sources = {a["source"] for a in d["articles"]}
    for lk in d["links"]:
        assert {"a", "b", "type", "score", "evidence"} <= lk.keys()
        assert lk["a"] in sources and lk["b"] in sources
    rewrite = next(lk for lk in d["links"] if lk["type"] == "rewrite_of" and lk["b"].endswith("#1"))
    assert rewrite["a"].endswith("globe-ticker-kessring-dam-rewrite.txt")
    assert rewrite["evidence"]["aligned"][0].keys() >= {"a_start", "a_end", "b_start", "b_end", "score"}
    (family,) = [f for f in d["families"] if len(f["members"]) > 1]
    assert set(family["flags"]) == {"content-farm", "machine-rewrite"}
    assert family["original"].endswith("wire.jsonl#1") and family["reasons"]


def test_copies_table_and_pair_view() -> None:
    table = invoke("copies", str(CORPUS))
    assert table.exit_code == 0, table.stderr
    assert "rewrite_of" in table.stdout and "Source families" in table.stdout
    assert "15 articles, 13 independent sources." in table.stdout
    pair = invoke("copies", str(CORPUS), "--pair", "globe-ticker-kessring-dam-rewrite.txt", "wire.jsonl#1")
    assert pair.exit_code == 0, pair.stderr
    assert "Some 4,000 residents" in pair.stdout and "About 4,000 people" in pair.stdout
    none = invoke("copies", str(CORPUS), "--pair", "wire.jsonl#2", "wire.jsonl#3")
    assert none.exit_code == 0 and "No link between" in none.stdout
    bad = invoke("copies", str(CORPUS), "--pair", "nothing.txt", "wire.jsonl#3")
    assert bad.exit_code == 2 and "names no article" in bad.stderr


def test_copies_bad_input_is_reported_and_the_rest_linked(tmp_path: Path) -> None:
    bad = write(tmp_path / "noise.dat", bytes(range(256)) * 16)
    a = write(tmp_path / "a.txt", ARTICLE)
    b = write(tmp_path / "b.txt", "Home | News\n\n" + ARTICLE + "\nShare this article\n")
    result = invoke("copies", "--json", str(bad), str(a), str(b))
    assert result.exit_code == 1
    assert f"newsfuse: {bad}: " in result.stderr and "binary content" in result.stderr
    (lk,) = json.loads(result.stdout)["links"]
    assert {lk["a"], lk["b"]} == {str(a), str(b)}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke("copies", str(empty)).exit_code == 3


# -- stories -----------------------------------------------------------------------------


def _truth() -> dict[str, Any]:
    return json.loads((CORPUS.parent / "truth.json").read_text(encoding="utf-8"))


def test_stories_json_interface_recovers_the_demo_stories() -> None:
    result = invoke("stories", "--json", str(CORPUS))
    assert result.exit_code == 0, result.stderr
    stories = json.loads(result.stdout)["stories"]
    for st in stories:
        assert {"id", "label", "first_seen", "last_seen", "families", "members"} <= st.keys()
        for m in st["members"]:
            assert {"source", "passage", "score"} <= m.keys()
    found = {frozenset(m["source"].split("corpus/", 1)[1] for m in st["members"]) for st in stories}
    for name, story in _truth()["stories"].items():
        assert frozenset(story["members"]) in found, name
    dam = next(st for st in stories if any(m["source"].endswith("wire.jsonl#1") for m in st["members"]))
    assert dam["families"] == 7, "the wire's copy and rewrite are one source with it"
    blog = [m for st in stories for m in st["members"] if m["source"].endswith("eastwind-reports-live-march-12.txt")]
    assert sorted(m["passage"] for m in blog) == [0, 1, 2, 3]


def test_stories_table_and_bad_window() -> None:
    table = invoke("stories", str(CORPUS))
    assert table.exit_code == 0, table.stderr
    assert "Haverlund" in table.stdout and "independent" in table.stdout
    bad = invoke("stories", str(CORPUS), "--window-days", "0")
    assert bad.exit_code == 2 and "story_window_days" in bad.stderr


def test_run_adds_new_articles_to_the_stories_of_earlier_runs(tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    for name in ("wire.jsonl", "riverlands-today-port-strike.txt"):
        shutil.copy(CORPUS / name, first / name)
    out = tmp_path / "out"
    assert invoke("run", str(first), "--out", str(out)).exit_code == 0
    before = json.loads((out / "report.json").read_text(encoding="utf-8"))["stories"]
    strike = next(st for st in before if any(m["source"].endswith("wire.jsonl#2") for m in st["members"]))
    result = invoke("run", str(CORPUS), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    after = json.loads((out / "report.json").read_text(encoding="utf-8"))["stories"]
    # the story's id is that of its first report in (day, article id) order, which may be one
    # that arrived with the second run (the earlier id then resolves to it)
    same = next(st for st in after if any(m["source"].endswith("wire.jsonl#2") for m in st["members"]))
    sources = {m["source"].rsplit("/", 1)[1] for m in same["members"]}
    assert {"wire.jsonl#2", "riverlands-today-port-strike.txt", "haverlund-courier-port-strike.html"} <= sources
    assert {m["source"] for m in strike["members"]} <= {m["source"] for m in same["members"]}
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Stories" in md and same["id"] in md
    with sqlite3.connect(out / "newsfuse.db") as db:
        assert db.execute("SELECT count(*) FROM stories").fetchone()[0] == len(after)


def test_run_with_store_elsewhere_and_stdin(tmp_path: Path) -> None:
    out, store = tmp_path / "out", tmp_path / "db" / "news.db"
    result = invoke("run", "-", "--out", str(out), "--store", str(store), input=ARTICLE.encode())
    assert result.exit_code == 0, result.stderr
    assert store.is_file() and not (out / "newsfuse.db").exists()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [a["source"] for a in report["articles"]] == ["-"]


def test_run_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "in" / "good.txt", ARTICLE)
    empty = write(tmp_path / "in" / "empty.txt", b"")
    cut = write(tmp_path / "in" / "page.html.gz", gzip.compress(HTML.encode())[:60])
    out = tmp_path / "out"
    result = invoke("run", str(tmp_path / "in"), "--out", str(out))
    assert result.exit_code == 1, result.stderr
    assert f"newsfuse: {empty}: empty file" in result.stderr
    assert f"newsfuse: {cut}: truncated gzip" in result.stderr
    assert "1 articles (1 extracted, 0 already stored), 2 failed inputs" in result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [a["source"] for a in report["articles"]] == [str(good)]
    assert {f["source"] for f in report["failures"]} == {str(empty), str(cut)}
    assert "## Failed inputs" in (out / "report.md").read_text(encoding="utf-8")

    nothing = invoke("run", str(empty), "--out", str(tmp_path / "out2"))
    assert nothing.exit_code == 3


def test_run_with_unusable_store_exits_4(tmp_path: Path) -> None:
    not_db = write(tmp_path / "notes.db", b"this is not an SQLite database, just some text\n" * 100)
    good = write(tmp_path / "good.txt", ARTICLE)
    result = invoke("run", str(good), "--out", str(tmp_path / "out"), "--store", str(not_db))
    assert result.exit_code == 4
    assert str(not_db) in result.stderr and "not an SQLite database" in result.stderr


def test_run_interrupted_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsfuse.pipeline import Pipeline

    def interrupted(self: Pipeline, *args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Pipeline, "run", interrupted)
    good = write(tmp_path / "good.txt", ARTICLE)
    result = invoke("run", str(good), "--out", str(tmp_path / "out"))
    assert result.exit_code == 130
    assert "interrupted" in result.stderr and "run again to resume" in result.stderr


# -- the installed console script ------------------------------------------------------


def test_installed_console_script(tmp_path: Path) -> None:
    exe = shutil.which(
        "newsfuse",
        path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )
    if exe is None:
        pytest.skip("the newsfuse console script is not installed (pip install -e .)")
    good = write(tmp_path / "good.txt", ARTICLE)
    empty = write(tmp_path / "empty.txt", b"")
    proc = subprocess.run(
        [exe, "extract", "--json", str(good), str(empty), "-"],
        input=HTML.encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [d["source"] for d in rows] == [str(good), "-"]
    assert f"newsfuse: {empty}: empty file" in proc.stderr.decode("utf-8")
