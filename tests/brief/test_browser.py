"""The HTML brief in a real headless browser (Debian's chromium; CI installs it in .ci/run):
the page the browser builds has every section and citation markers, nothing it loads breaks
the page's Content-Security-Policy, and a screenshot of the seed brief is kept as a test
artifact (``test-artifacts/`` at the repository root, or ``$NEWSFUSE_ARTIFACTS``).

Skipped, with the reason, when no chromium is installed."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import lxml.html
import pytest

# the hand-made brief of the unit tests (tests/brief is on sys.path: rootdir-relative imports)
from test_brief_html import EVIL, TEXTS, sample_brief

import newsfuse
from newsfuse.brief.html import render_html

REPO = Path(__file__).resolve().parents[2]
HEADINGS = [
    "Lead",
    "Corroborated facts",
    "Differing figures",
    "Single-source claims",
    "Quotes",
    "Timeline",
    "Sources",
]
WINDOW = (1280, 10000)  # tall enough for the whole seed brief, Sources included
TIMEOUT = 60  # seconds for each browser run
CSP_REFUSED = "Content Security Policy"  # in chromium's console log when a script is refused


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("no chromium on PATH (CI installs Debian's chromium in .ci/run)")
    return exe


def browse(page: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Open ``page`` in headless chromium with ``args``; a fresh profile, no network."""
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    cmd = [
        chromium(),
        "--headless",
        "--no-sandbox",  # CI runs as root, where chromium's sandbox cannot start
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={profile}",
        *args,
        page.resolve().as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def rendered_dom(page: Path, tmp: Path) -> tuple[lxml.html.HtmlElement, str]:
    """The DOM chromium built from ``page`` (after scripts ran), and its console log."""
    done = browse(page, tmp, "--dump-dom")
    return lxml.html.document_fromstring(done.stdout), done.stderr


def check_brief_dom(doc: lxml.html.HtmlElement) -> None:
    """Every section under its heading, in order, and citation markers linking to sources."""
    assert [" ".join(h.text_content().split()) for h in doc.xpath("//h2")] == HEADINGS
    marks = doc.xpath("//a[@class='cite']")
    assert marks, "no citation marker in the rendered page"
    for m in marks:
        assert doc.xpath(f"//tr[@id='{m.get('href')[1:]}']"), m.get("href")


def png_size_and_rows(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct pixel rows of an 8-bit RGB(A) PNG (a blank
    page has one or two; a page of text has hundreds). No imaging library needed: rows are
    compared in their filtered form, and identical rows filter to identical bytes."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat, width, height, channels = 8, [], 0, 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), f"unexpected PNG format {depth=} {color=}"
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(idat))
    stride = 1 + width * channels
    rows = {raw[k : k + stride] for k in range(0, stride * height, stride)}
    return width, height, len(rows)


def screenshot(page: Path, tmp: Path, name: str) -> Path:
    """A screenshot of ``page`` kept in the artifacts folder; its path is printed."""
    folder = Path(os.environ.get("NEWSFUSE_ARTIFACTS") or REPO / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / name
    shot.unlink(missing_ok=True)
    browse(page, tmp, f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}")
    assert shot.is_file(), f"chromium wrote no screenshot to {shot}"
    width, height, rows = png_size_and_rows(shot)
    assert (width, height) == WINDOW
    assert rows >= 200, f"the screenshot {shot} looks blank ({rows} distinct rows)"
    print(f"screenshot: {shot}")
    return shot


def test_png_check_tells_a_blank_image(tmp_path: Path) -> None:
    """The blank-page check itself: a white PNG has a single distinct row."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = b"".join(b"\x00" + b"\xff" * 30 for _ in range(20))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 10, 20, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    (tmp_path / "blank.png").write_bytes(png)
    assert png_size_and_rows(tmp_path / "blank.png") == (10, 20, 1)


def test_a_hand_made_brief_renders_in_chromium(tmp_path: Path) -> None:
    page = tmp_path / "brief.html"
    page.write_text(render_html(sample_brief(), TEXTS), encoding="utf-8")
    doc, log = rendered_dom(page, tmp_path)
    check_brief_dom(doc)
    assert CSP_REFUSED not in log  # the page's own script is allowed
    (single,) = doc.xpath("//section[@id='single']/ul/li/span[@class='t']")
    assert single.text.startswith(EVIL)  # a <script> in a source stays text
    assert len(doc.xpath("//script")) == 1
    screenshot(page, tmp_path, "brief-sample.png")


def test_a_script_slipped_into_the_page_is_refused(tmp_path: Path) -> None:
    """Defence in depth: were escaping ever to fail, the page's policy still blocks the
    script."""
    html = render_html(sample_brief(), TEXTS)
    evil = "<script>document.body.setAttribute('data-pwned','1')</script>"
    page = tmp_path / "brief.html"
    page.write_text(html.replace("</main>", evil + "</main>"), encoding="utf-8")
    doc, log = rendered_dom(page, tmp_path)
    assert not doc.xpath("//body[@data-pwned]")
    assert CSP_REFUSED in log


@pytest.mark.shared
def test_the_seed_brief_renders_in_chromium(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = newsfuse.run([str(seeds_dir)], out_dir=out)
    assert report.briefs, "the seeds gave no brief"
    main = max(report.briefs, key=lambda b: (len(b.sources), b.story))
    page = out / "stories" / f"{main.story}.html"
    doc, log = rendered_dom(page, tmp_path)
    check_brief_dom(doc)
    assert CSP_REFUSED not in log
    assert len(doc.xpath("//section[@id='sources']//tbody/tr")) == len(main.sources)
    index, _ = rendered_dom(out / "index.html", tmp_path)
    hrefs = index.xpath("//tbody//a/@href")
    assert sorted(hrefs) == sorted(f"stories/{b.story}.html" for b in report.briefs)
    screenshot(page, tmp_path, "brief-seeds.png")
