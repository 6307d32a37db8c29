"""Benchmark: wall time and peak memory of ``newsfuse extract`` on hostile pages.

Each input is generated at run time into a temporary folder (nothing is committed as data):

=================  ==========================================================================
case               input
=================  ==========================================================================
paragraphs_100k    100,000 tiny paragraphs (``<p>w1</p>...``, about 1 MB; as
                   ``../shared/repro/R8_1M_paragraphs.html``)
paragraphs_300k    300,000 tiny paragraphs (about 3 MB)
paragraphs_1m      1,000,000 tiny paragraphs (about 11 MB)
article_50mb       50 MB of ordinary article markup: head with metadata, navigation,
                   sections of distinct paragraphs with links, figures, asides, a footer
nested_100k        100,000 nested ``<div>`` elements around one paragraph
text_line_30mb     30 MB of plain text prose on one single line
=================  ==========================================================================

Every case runs ``newsfuse extract --json --max-bytes 128MiB FILE`` in a child process (so the
per-document size limit does not refuse the input before extraction is measured), or with
``--mode extract`` a child that calls ``extract_document`` alone (no ingest, no worker
processes, no budget: the cost of extraction itself). The child's wall time and peak resident
memory (``os.wait4``'s rusage: the largest of the child and the processes it waited for) are
recorded, with its exit code and what came out (the extractor that produced the text and its
length, or the failure message). A child still running after ``--timeout`` seconds is killed
and shown as such.

Usage::

    python benchmarks/hostile.py                          # every case
    python benchmarks/hostile.py --cases nested_100k,text_line_30mb --timeout 120
    python benchmarks/hostile.py --json before.json --no-save   # keep a run to compare with
    python benchmarks/hostile.py --before before.json     # add its figures to the table
    python benchmarks/hostile.py --mode extract           # extraction alone, no pipeline

To measure another checkout of the code (e.g. before a change), put its ``src`` first on
``PYTHONPATH``: the child process imports newsfuse from there.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

MiB = 1024 * 1024
MAX_BYTES = 128 * MiB

# --- inputs ----------------------------------------------------------------------------------

_WORDS = """
    the harbour authority said on monday that northern breakwater had been damaged by storm
    ferries would use southern berths until repairs were done engineers from coastal agency
    inspected structure at first light and found gap of about twelve metres in outer wall
    director told reporters inspection inner could take two more days operator timetable
    stay same for now although crossings delayed up to an hour while vessels smaller side
""".split()  # noqa: SIM905 - a word list reads better as text


def _sentences(n: int, seed: int = 7) -> list[str]:
    """``n`` distinct ordinary sentences (seeded, so every run writes the same inputs)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = rng.choices(_WORDS, k=rng.randint(12, 28))
        out.append(f"{words[0].capitalize()} {' '.join(words[1:])} ({i}).")
    return out


def paragraphs(n: int) -> bytes:
    """``n`` tiny paragraphs in one article element."""
    body = "".join(f"<p>w{i}</p>" for i in range(n))
    return f"<html><body><article>{body}</article></body></html>".encode()


def article_page(size: int) -> bytes:
    """About ``size`` bytes of ordinary article markup: every paragraph distinct."""
    sentences = _sentences(500)
    head = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Storm damages the northern breakwater | Harbour Gazette</title>"
        "<meta property='og:title' content='Storm damages the northern breakwater'>"
        "<meta property='article:published_time' content='2025-02-14T07:45:00+00:00'>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
        "\"headline\": \"Storm damages the northern breakwater\", "
        "\"author\": {\"name\": \"Jonas Ekdahl\"}}</script>"
        "<style>body { font-family: serif }</style></head><body>"
        "<header><nav><ul>"
        + "".join(f"<li><a href='/section/{i}'>Section {i}</a></li>" for i in range(20))
        + "</ul></nav></header><main><article><h1>Storm damages the northern breakwater</h1>"
        "<p class='byline'>By Jonas Ekdahl</p>"
    )
    tail = "</article></main><footer><p>© Harbour Gazette</p></footer></body></html>"
    parts = [head]
    total = len(head) + len(tail)
    i = 0
    while total < size:
        section = [f"<section><h2>Part {i}</h2>"]
        for k in range(20):
            a, b = sentences[(i * 20 + k) % 500], sentences[(i * 7 + k * 3 + 1) % 500]
            section.append(f"<p>{a} <a href='/story/{i}-{k}'>{b}</a> Paragraph {i}.{k}.</p>")
        section.append(
            f"<figure><img src='/img/{i}.jpg' alt=''><figcaption>Photo {i}</figcaption></figure>"
            f"<aside><ul><li><a href='/related/{i}'>Related story {i}</a></li></ul></aside>"
            "</section>"
        )
        chunk = "".join(section)
        parts.append(chunk)
        total += len(chunk)
        i += 1
    parts.append(tail)
    return "".join(parts).encode()


def nested(depth: int) -> bytes:
    """One paragraph inside ``depth`` nested div elements."""
    text = "<p>" + " ".join(_sentences(5)) + "</p>"
    return ("<html><body>" + "<div>" * depth + text + "</div>" * depth + "</body></html>").encode()


def text_line(size: int) -> bytes:
    """About ``size`` bytes of prose on one line (no line break anywhere)."""
    sentences = _sentences(2000)
    out: list[str] = []
    total = 0
    i = 0
    while total < size:
        s = sentences[i % len(sentences)]
        out.append(s)
        total += len(s) + 1
        i += 1
    return " ".join(out).encode()


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "paragraphs_100k": ("html", lambda: paragraphs(100_000)),
    "paragraphs_300k": ("html", lambda: paragraphs(300_000)),
    "paragraphs_1m": ("html", lambda: paragraphs(1_000_000)),
    "article_50mb": ("html", lambda: article_page(50 * 1000 * 1000)),
    "nested_100k": ("html", lambda: nested(100_000)),
    "text_line_30mb": ("txt", lambda: text_line(30 * 1000 * 1000)),
}

# --- running ---------------------------------------------------------------------------------


def newsfuse_command() -> list[str]:
    """The ``newsfuse`` command of this interpreter's environment."""
    script = Path(sys.executable).parent / "newsfuse"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from newsfuse.cli import main; sys.exit(main())"]


# --mode extract: the extraction alone, in one process (no ingest, no worker processes, no
# budget), to tell the cost of extraction from that of the pipeline around it
EXTRACT_ONLY = """
import json, sys
from newsfuse.errors import NewsfuseError
from newsfuse.extract import extract_document
from newsfuse.records import RawDocument
path = sys.argv[1]
doc = RawDocument(path, open(path, "rb").read(), "html" if path.endswith(".html") else "text")
try:
    print(json.dumps(extract_document(doc).to_dict()))
except NewsfuseError as exc:
    sys.exit(f"newsfuse: {exc}")
"""


def command(path: Path, mode: str) -> list[str]:
    if mode == "extract":
        return [sys.executable, "-c", EXTRACT_ONLY, str(path)]
    return [*newsfuse_command(), "extract", "--json", "--max-bytes", str(MAX_BYTES), str(path)]


def run_case(path: Path, timeout: float, mode: str = "cli") -> dict[str, Any]:
    """Run ``newsfuse extract`` (or, with ``mode="extract"``, extract_document alone) on one
    file: exit code, wall seconds, peak RSS, outcome. The peak RSS is os.wait4's: the largest
    of the child and of the processes it started and waited for (its workers)."""
    cmd = command(path, mode)
    out_path, err_path = path.with_suffix(".out"), path.with_suffix(".err")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True)
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                killed = True
                break
            time.sleep(0.05)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped by os.wait4 above
    result: dict[str, Any] = {
        "exit": None if killed else code,
        "seconds": round(wall, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # ru_maxrss is in KiB on Linux
        "outcome": f"killed after {timeout:g} s" if killed else _outcome(path, out_path, err_path),
    }
    return result


def _outcome(path: Path, out_path: Path, err_path: Path) -> str:
    """The extractor and text length of the article, else the last line of stderr."""
    with open(out_path, "rb") as f:
        first = f.readline()
    if first.strip():
        art = json.loads(first)
        return f"{art['extractor']}, {len(art['text']):,} chars"
    lines = err_path.read_text("utf-8", "replace").strip().splitlines()
    message = lines[-1] if lines else "(no output)"
    return message.split(f"{path}: ", 1)[-1][:160]


# --- reporting -------------------------------------------------------------------------------


def format_table(rows: list[dict[str, Any]], before: dict[str, dict[str, Any]]) -> str:
    head = "| case | input MB | exit | wall s | peak RSS MB | outcome |"
    if before:
        head = "| case | input MB | before: wall s | before: peak RSS MB | exit | wall s | peak RSS MB | outcome |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        cells = [r["case"], f"{r['input_mb']:.1f}"]
        if before:
            b = before.get(r["case"], {})
            b_wall = b.get("seconds", "-")
            if b and b.get("exit") is None:
                b_wall = f"> {b_wall} (killed)"
            cells += [str(b_wall), str(b.get("peak_rss_mb", "-"))]
        cells += [str(r["exit"]), str(r["seconds"]), str(r["peak_rss_mb"]), r["outcome"]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default=",".join(CASES), help=f"among {', '.join(CASES)}")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per case")
    parser.add_argument(
        "--mode", choices=("cli", "extract"), default="cli",
        help="cli: newsfuse extract --json; extract: extract_document alone, in one process",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    parser.add_argument("--before", type=Path, default=None, help="a --json file to compare with")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/results/")
    args = parser.parse_args(argv)
    names = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in names if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose among {', '.join(CASES)}")
    before: dict[str, dict[str, Any]] = {}
    before_note = ""
    if args.before is not None:
        earlier = json.loads(args.before.read_text("utf-8"))
        before = {r["case"]: r for r in earlier["rows"]}
        before_note = earlier.get("note", "before: the run in " + args.before.name)

    rows = []
    with tempfile.TemporaryDirectory(prefix="newsfuse-hostile-") as tmp:
        for name in names:
            suffix, make = CASES[name]
            path = Path(tmp) / f"{name}.{suffix}"
            data = make()
            path.write_bytes(data)
            del data
            row = {"case": name, "input_mb": round(path.stat().st_size / MiB, 1)}
            row.update(run_case(path, args.timeout, args.mode))
            rows.append(row)
            print(f"{name}: {row}", file=sys.stderr)
    table = format_table(rows, before)
    print(table)
    results: dict[str, Any] = {
        "command": f"python benchmarks/hostile.py --mode {args.mode}",
        "rows": rows,
    }
    if before:
        results["before"] = list(before.values())
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if not args.no_save and names == list(CASES):
        from _data import save_results

        what = "`newsfuse extract --json`" if args.mode == "cli" else "`extract_document` alone"
        note = (
            f"Wall time and peak RSS of {what} on generated hostile inputs (one child process "
            f"per input). Command: `{results['command']}`."
            + (f" {before_note}." if before_note else "")
            + "\n\n"
        )
        name = "hostile" if args.mode == "cli" else "hostile_extract"
        save_results(name, results, note + table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
