"""Hostile strings in every field an input can set never become markup, links, control
sequences or paths in what ``newsfuse run`` writes.

One run over a JSONL file (text, title, author, outlet, url, published, credit, language all
hostile, and terminal escapes in its file name) and an HTML page (hostile <title>, meta tags and text); then every file under --out
is read with the reader it is made for: HTML parsed (no script but the page's own, no event
handler, no foreign element, links only to the page itself or to a story page, the same
Content-Security-Policy), Markdown rendered (no HTML from the input, no link but ours, every
table row with the header's number of cells), JSON parsed, text files free of control
characters, every file named by a newsfuse id under --out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt  # rich's own Markdown parser (a dependency of rich)

from newsfuse.brief.html import _CSP, _SCRIPT
from newsfuse.cli import main

# Each payload is a different way out of a text field: HTML tags and event handlers, an
# attribute break, Markdown links and images, a table break, a code span, terminal escape
# sequences (OSC window title, clear screen, C1 CSI), rich markup, dangerous URL schemes.
TAGS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "<a href='javascript:alert(4)'>a</a>",
    "<iframe src=data:text/html,x></iframe>",
]
MARKDOWN = [
    "[click](javascript:alert(5))",
    "![i](vbscript:msgbox(6))",
    "<javascript:alert(7)>",
    "[d](data:text/html;base64,PHNjcmlwdD4=)",
    "| x | y |",
    "`code` *em* _u_",
    "[ref]: javascript:alert(8)",
]
CONTROL = "\x1b]0;PWNED\x07\x1b[2J\x9b31m\x07"
MARKUP = "[bold red]markup[/]"
HOSTILE = " ".join([*TAGS, *MARKDOWN, CONTROL, MARKUP])

SENTENCES = [
    "The regional council approved the harbour plan on Tuesday after a debate that lasted "
    "well into the evening, officials said.",
    "Supporters of the plan said it would bring jobs and lower costs for residents.",
    "Opponents warned that the budget had been drawn up in a hurry and without a vote.",
    "The council will publish the full text of the decision on Friday, a spokeswoman said.",
]


def _jsonl() -> str:
    rows = []
    for i in range(3):
        text = " ".join(SENTENCES[:2]) + f" {HOSTILE} " + " ".join(SENTENCES[2:])
        rows.append(
            {
                "text": text + f" Councillor number {i} voted for the plan.",
                "title": f"Harbour plan approved {HOSTILE}",
                "author": f"Jo Writer {HOSTILE}",
                "outlet": f"Outlet {i} {HOSTILE}",
                "url": f"javascript:alert({i})//{HOSTILE}",
                "published": f"2026-03-1{i}{HOSTILE}",
                "credit": f"NPA {HOSTILE}",
                "language": f"en{HOSTILE}",
            }
        )
    return "\n".join(json.dumps(r) for r in rows) + "\n"


def _page() -> str:
    attr = HOSTILE.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    body_text = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    paras = "".join(f"<p>{s}</p>" for s in SENTENCES)
    return (
        f"<html><head><title>Harbour page {body_text}</title>"
        f'<meta property="og:title" content="Harbour vote {attr}">'
        f'<meta name="author" content="Ann Author {attr}">'
        f'<meta property="og:site_name" content="Site {attr}">'
        f'<meta property="article:published_time" content="2026-03-11T10:00:00Z{attr}">'
        f'<link rel="canonical" href="javascript:alert(9)">'
        f"</head><body><article><h1>Harbour vote {body_text}</h1>{paras}"
        f"<p>Residents said {body_text} and left the meeting hall in the evening.</p>"
        "</article></body></html>"
    )


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "in").mkdir()
    (root / "in" / f"wire{CONTROL}.jsonl").write_text(_jsonl(), encoding="utf-8")
    (root / "in" / "page.html").write_text(_page(), encoding="utf-8")
    result = invoke("run", "-q", str(root / "in"), "--out", str(root / "out"))
    assert result.exit_code in (0, 1), result.output
    return root / "out"


def _files(out: Path, suffix: str) -> list[Path]:
    return sorted(p for p in out.rglob(f"*{suffix}") if p.is_file())


def test_the_hostile_fields_reach_the_outputs(out: Path) -> None:
    """The test is only worth something if the payloads are in the outputs (escaped)."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 4 and report["briefs"]
    fields = [a[k] or "" for a in report["articles"] for k in ("title", "outlet", "author")]
    assert sum(TAGS[0] in f for f in fields) >= 6
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    pages = " ".join(p.read_text(encoding="utf-8") for p in _files(out, ".html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages


def test_every_file_is_named_by_an_id_inside_out(out: Path) -> None:
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() or p.is_symlink()}
    pattern = re.compile(
        r"(articles/[0-9a-f]{16}\.(json|txt)|stories/[0-9a-f]{16}\.(md|html|json)"
        r"|stories/\.newsfuse-briefs|index\.html|report\.(json|md)|newsfuse\.db(-wal|-shm|\.lock)?)"
    )
    assert names and all(pattern.fullmatch(n) for n in names), sorted(names)
    assert sorted(p.name for p in out.parent.iterdir()) == ["in", "out"]


def test_html_outputs_carry_no_markup_from_inputs(out: Path) -> None:
    pages = _files(out, ".html")
    assert len(pages) >= 2  # index.html and at least one story page
    for path in pages:
        page = path.read_text(encoding="utf-8")
        for tag in ("<script>alert", "<img", "<svg", "<iframe", "<a href='javascript"):
            assert tag not in page, (path, tag)
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", page), path
        doc = lxml.html.document_fromstring(page)
        (csp,) = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert csp == _CSP
        scripts = doc.xpath("//script")
        assert [s.text for s in scripts] == [_SCRIPT], path
        assert not doc.xpath("//img | //svg | //iframe | //object | //embed | //form | //base")
        assert not doc.xpath("//link | //*[@src] | //meta[@http-equiv='refresh']")
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            assert not [a for a in el.attrib if a.lower().startswith("on")], (path, el.tag)
        for href in doc.xpath("//@href"):
            assert href.startswith("#") or re.fullmatch(r"stories/[0-9a-f]{16}\.html", href), (
                path,
                href,
            )
        (title,) = doc.xpath("//head/title")  # the hostile <title> stayed inside it, as text
        assert not title.getchildren()


def _table_cells(line: str) -> int:
    """The cells of a Markdown table row: bars that are not backslash-escaped."""
    bars = re.findall(r"(?<!\\)(?:\\\\)*\|", line)
    return len(bars) - 1


def test_markdown_outputs_carry_no_markup_or_links_from_inputs(out: Path) -> None:
    files = [out / "report.md", *_files(out / "stories", ".md")]
    assert len(files) >= 2
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    for path in files:
        text = path.read_text(encoding="utf-8")
        for bad in ("<script", "<img", "<svg", "<iframe", "<a href", "<javascript"):
            assert bad not in text, (path, bad)
        for scheme in ("javascript:", "vbscript:", "data:"):
            assert scheme not in text.lower(), (path, scheme)
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), path
        doc = lxml.html.fragment_fromstring(md.render(text), create_parent="div")
        tags = {el.tag for el in doc.iter() if isinstance(el.tag, str)}
        assert tags <= {
            "div", "h1", "h2", "h3", "p", "ul", "li", "strong", "code", "a", "br",
            "table", "thead", "tbody", "tr", "th", "td",
        }, (path, tags)  # fmt: skip
        assert not doc.xpath("//img | //script | //em | //s | //del")
        for href in doc.xpath("//a/@href"):
            assert re.fullmatch(r"stories/[0-9a-f]{16}\.(md|html|json)", href), (path, href)
        header = None
        for line in text.splitlines():
            if not line.startswith("|"):
                header = None
                continue
            if header is None:
                header = _table_cells(line)
            assert _table_cells(line) == header, (path, line)
        assert MARKUP.replace("[", "\\[").replace("]", "\\]") in text


def test_json_outputs_are_valid_and_hold_the_inputs_as_data(out: Path) -> None:
    files = _files(out, ".json")
    assert len(files) >= 6
    for path in files:
        raw = path.read_text(encoding="utf-8")
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", raw.replace("\n", "")), path
        json.loads(raw)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    titles = [a["title"] for a in report["articles"]]
    # the data as it was given (ingest drops the control characters of text and metadata)
    given = f"Harbour plan approved {' '.join([*TAGS, *MARKDOWN])}"
    assert any(t.startswith(given) for t in titles), titles
    sources = {a["source"] for a in report["articles"]}
    assert any(f"wire{CONTROL}.jsonl#" in s for s in sources)  # a file name keeps them


def test_text_outputs_show_control_characters_as_escapes(out: Path) -> None:
    files = _files(out / "articles", ".txt")
    assert len(files) == 4
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), path
    wire = [p.read_text(encoding="utf-8") for p in files]
    assert any("title: Harbour plan approved <script>" in t for t in wire)
    assert any(f"source: {out.parent}/in/wire\\x1b]0;PWNED\\x07" in t for t in wire)
    for t in wire:  # one line per field: a field cannot forge another header line
        head = t.split("\n\n", 1)[0].splitlines()
        assert all(re.match(r"[a-z]+: ", line) for line in head), head
