"""Nothing an input holds reaches the terminal raw: control characters from article text,
titles, outlets, file names, URLs and failure reasons are printed as visible escapes
(``\\x1b``), rich markup in them is printed literally, and JSON output stays valid JSON with
the control characters escaped.

The inputs here carry the sequences a hostile page would use: OSC "set window title"
(``ESC ] 0 ; ... BEL``), CSI "clear screen" (``ESC [ 2 J``), the 8-bit CSI (U+009B), a
carriage return that would overwrite the line, and rich markup (``[bold red]x[/]``). Ingest
removes control characters from text and metadata, so through the command line they come in
file names (the source of every article and failure); the printers are also tested on
records that hold them in every field, since the guarantee must not depend on ingest.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.console import Console

from newsfuse import cli, show
from newsfuse.cli import main
from newsfuse.escape import json_text, terminal, terminal_line

REPRO = Path(__file__).resolve().parents[1].parent / "shared" / "repro"
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J\x9b2J\rX"
MARKUP = "[bold red]loud[/]"
NAME_MARKUP = "[bold red]loud"  # in a file name: no slash
# control characters other than newline and tab: none may be printed
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

SENTENCES = (
    "The regional council approved the harbour plan {hostile} on Tuesday after a debate that "
    "lasted well into the evening, officials said. Supporters of the plan said it would bring "
    'jobs and lower costs for residents. "We will build it this year," said Mayor Ana '
    "Vell. The council will publish the full text of the decision on Friday, a spokeswoman "
    "said. Councillor number {i} voted for the plan."
)


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def clean(text: str) -> None:
    found = RAW.search(text)
    assert found is None, (found.group() if found else "", text[:2000])


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("terminal")
    rows = [
        {
            "text": SENTENCES.format(hostile=f"{ESCAPES} {MARKUP}", i=i),
            "title": f"Harbour plan {MARKUP} {ESCAPES}",
            "outlet": f"Outlet {i} {MARKUP}{ESCAPES}",
            "author": f"Jo {ESCAPES}",
            "url": f"https://example.org/{i}\x1b[2J",
            "published": f"2026-03-1{i}",
        }
        for i in range(3)
    ]
    name = f"wire{ESCAPES}{NAME_MARKUP}.jsonl"
    (root / name).write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (root / f"empty{ESCAPES}.txt").write_text("")  # a failure whose source holds escapes
    return root


VISIBLE = "\\x1b]0;PWNED\\x07\\x1b[2J\\x9b2J\\rX"  # ESCAPES as printed


def test_extract_prints_control_characters_as_escapes(hostile_dir: Path) -> None:
    result = invoke("extract", "-v", str(hostile_dir))
    assert result.exit_code == 1, result.output
    clean(result.stdout)
    clean(result.stderr)
    assert f"source: {hostile_dir}/wire{VISIBLE}{NAME_MARKUP}.jsonl#1" in result.stdout
    assert f"title: Harbour plan {MARKUP}" in result.stdout
    assert f"empty{VISIBLE}.txt: empty file" in result.stderr


def test_human_extract_output_escapes_every_field() -> None:
    from newsfuse.records import Article, Passage, Removed

    first = f"First {ESCAPES} passage."
    text = f"{first}\n\nSecond\tpassage {MARKUP}."
    a = Article(
        id="0123456789abcdef", source=f"s{ESCAPES}", kind="text", text=text,
        title=f"T{ESCAPES}\nforged: line", author=f"A{ESCAPES}", outlet=f"O{ESCAPES}",
        published="2026-03-10", credit=f"C{ESCAPES}", language="en", url=f"https://x/{ESCAPES}",
        removed=(Removed(text=f"R{ESCAPES}", reason=f"why{ESCAPES}", line=3),),
        passages=(Passage(0, len(first), f"P{ESCAPES}"), Passage(len(first) + 2, len(text))),
    )  # fmt: skip
    printed = cli._human(a, show_removed=True)
    clean(printed)
    for field in (
        "source: s",
        "title: T",
        "author: A",
        "outlet: O",
        "credit: C",
        "url: https://x/",
    ):
        assert f"{field}{VISIBLE}" in printed, field
    assert "\\nforged: line" in printed  # one field, one line
    assert f"[passage 1: P{VISIBLE}]" in printed and f"First {VISIBLE} passage." in printed
    assert f"Second\tpassage {MARKUP}." in printed  # the text's tab and newlines stay
    assert f"line 4: [why{VISIBLE}] R{VISIBLE}" in printed


def test_extract_json_escapes_control_characters_and_stays_json(hostile_dir: Path) -> None:
    result = invoke("extract", "--json", str(hostile_dir))
    clean(result.stdout)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    assert all(
        r["source"].endswith(f"wire{ESCAPES}{NAME_MARKUP}.jsonl#{i}") for i, r in enumerate(rows, 1)
    )
    assert all(r["title"].startswith(f"Harbour plan {MARKUP}") for r in rows)


@pytest.fixture()
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables 1,000 columns wide: no cell is folded, so a value reads as one string."""
    import sys

    monkeypatch.setattr(
        cli, "_stdout_console", lambda: Console(file=sys.stdout, highlight=False, width=1000)
    )


@pytest.mark.parametrize("command", ["copies", "stories", "claims", "timeline"])
def test_tables_print_inputs_literally(hostile_dir: Path, command: str, wide: None) -> None:
    result = invoke(command, str(hostile_dir))
    assert result.exit_code == 1, result.output  # the empty file failed
    clean(result.stdout)
    clean(result.stderr)
    out = result.stdout
    assert f"wire{VISIBLE}{NAME_MARKUP}.jsonl" in out, out  # the sources, escaped
    assert MARKUP in out, out  # titles, labels, text: literally


@pytest.mark.parametrize("command", ["copies", "stories", "claims", "timeline"])
def test_json_of_every_command_escapes_control_characters(hostile_dir: Path, command: str) -> None:
    result = invoke(command, "--json", str(hostile_dir))
    clean(result.stdout)
    json.loads(result.stdout)


def test_copies_pair_view_prints_inputs_literally(hostile_dir: Path, wide: None) -> None:
    result = invoke("copies", str(hostile_dir), "--pair", "jsonl#1", "jsonl#2")
    assert result.exit_code == 1, result.output
    clean(result.stdout)
    assert f"wire{VISIBLE}{NAME_MARKUP}.jsonl#2" in result.stdout, result.stdout
    assert MARKUP in result.stdout, result.stdout
    none = invoke("copies", str(hostile_dir), "--pair", f"{NAME_MARKUP}.jsonl#1", "jsonl#1")
    clean(none.stdout)
    assert f"No link between {NAME_MARKUP}.jsonl#1 and jsonl#1." in none.stdout


def test_run_summary_failures_and_brief_listing(hostile_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / f"out{ESCAPES}"
    result = invoke("run", str(hostile_dir), "--out", str(out))
    assert result.exit_code == 1, result.output
    clean(result.stderr)
    assert f"empty{VISIBLE}.txt: empty file" in result.stderr
    assert f"out{VISIBLE}/index.html" in result.stderr
    listing = invoke("brief", "nothing", "--store", str(out / "newsfuse.db"))
    assert listing.exit_code == 2
    clean(listing.stderr)
    assert f"Harbour plan {MARKUP}" in listing.stderr
    story = re.search(r"^  ([0-9a-f]{16})  ", listing.stderr, re.M)
    assert story
    for fmt in ("markdown", "html", "json"):
        printed = invoke(
            "brief", story.group(1), "--store", str(out / "newsfuse.db"), "--format", fmt
        )
        assert printed.exit_code == 0, printed.output
        clean(printed.stdout)


def test_rich_tables_on_a_terminal_emit_only_their_own_styles(hostile_dir: Path) -> None:
    """On a colour terminal rich writes its own SGR sequences (ESC [ ... m); those are the
    only escape sequences in the output."""
    from newsfuse.claims import find_claims
    from newsfuse.dedup import find_copies
    from newsfuse.pipeline import Pipeline
    from newsfuse.records import Failure
    from newsfuse.stories import group_stories

    articles = [  # control characters in every field, as an older store might hold them
        replace(a, title=a.title + ESCAPES, outlet=f"{a.outlet}{ESCAPES}", text=a.text + ESCAPES)
        for _d, a in Pipeline().extract([str(hostile_dir)])
        if a is not None and not isinstance(a, Failure)
    ]
    copies = find_copies(articles)
    stories = group_stories(articles, family_of=copies.family_of)
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, color_system="truecolor", width=1000)
    show.copies_tables(console, copies)
    show.pair_table(console, copies, copies.links[0].a, copies.links[0].b)
    show.stories_table(console, stories)
    show.claims_tables(console, find_claims(articles, copies=copies, stories=stories))
    show.say(console, f"No link between {MARKUP} and {ESCAPES}.")
    printed = buf.getvalue()
    assert "\x1b[" in printed  # rich did style the output
    without_styles = re.sub(r"\x1b\[[0-9;]*m", "", printed)
    clean(without_styles)
    assert f"Harbour plan {MARKUP} X\\x1b]0;PWNED\\x07" in without_styles, without_styles
    assert f"wire{VISIBLE}{NAME_MARKUP}.jsonl#1" in without_styles


def test_the_progress_display_shows_names_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    buf = io.StringIO()
    monkeypatch.setattr(
        cli, "_stderr_console", lambda: Console(file=buf, force_terminal=True, width=200)
    )
    with cli._progress(True, "newsfuse run") as update:
        update(f"page{ESCAPES}{MARKUP}", 1)
    printed = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", buf.getvalue())  # rich's own cursor moves
    assert "\x1b" not in printed and "\x9b" not in printed and "\x07" not in printed
    assert "\\x1b]0;PWNED" in printed and MARKUP in printed


def test_log_lines_show_control_characters_as_escapes() -> None:
    record = logging.LogRecord("lib", logging.WARNING, __file__, 1, "bad %s", (ESCAPES,), None)
    line = cli._TerminalFormatter("%(message)s").format(record)
    assert line == "bad \\x1b]0;PWNED\\x07\\x1b[2J\\x9b2J\\rX"


def test_escape_helpers() -> None:
    assert terminal("a\tb\nc\x1b[2J\r\x00\x7f\x85") == "a\tb\nc\\x1b[2J\\r\\x00\\x7f\\x85"
    assert terminal_line("a\tb\nc") == "a\\tb\\nc"
    assert terminal("Zürich — “quoted” 東京") == "Zürich — “quoted” 東京"
    text = json_text({"t": "a\x1b\x9b\x7f\u2028b"})
    assert text == '{"t": "a\\u001b\\u009b\\u007f\\u2028b"}'
    assert json.loads(text) == {"t": "a\x1b\x9b\x7f\u2028b"}


@pytest.mark.shared
def test_r11_escape_sequences_are_not_printed_raw() -> None:
    r11 = REPRO / "R11_ansi.txt"
    if not r11.is_file():
        pytest.skip(f"the reproducers are not there ({r11} is missing)")
    result = invoke("extract", str(r11))
    assert result.exit_code == 0, result.output
    clean(result.stdout)
    assert "Port strike" in result.stdout and "Dockworkers" in result.stdout
