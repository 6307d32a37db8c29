"""Per-document budgets end to end: a page whose extraction overruns its time budget is read
by the linear-time extractor instead (the article says why), and the rest of the batch goes
on; the budgets are set from the command line or the environment."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsfuse.cli import main
from newsfuse.config import Settings

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
NEWSFUSE = [sys.executable, "-m", "newsfuse.cli"]
PARAGRAPH = (
    "<p>The council voted on Monday to reopen the Harbour Bridge after repairs that cost four "
    "million euros, the mayor said, and {i} residents signed the petition.</p>\n"
)


def heavy_page(path: Path, paragraphs: int = 20000) -> Path:
    """An ordinary article page, only long: the full extraction takes seconds, the linear
    path a fraction of that."""
    body = "".join(PARAGRAPH.format(i=i) for i in range(paragraphs))
    path.write_text(
        f"<html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens"
        f"</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    return path


def test_a_page_past_its_time_budget_is_read_by_the_linear_extractor(tmp_path: Path) -> None:
    page = heavy_page(tmp_path / "long.html")
    small = CORPUS / "valdora-herald-kessring-dam.html"
    done = subprocess.run(
        [
            *NEWSFUSE,
            "extract",
            "--json",
            "--jobs",
            "1",
            "--doc-seconds",
            "1.5",
            str(page),
            str(small),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    long, ordinary = (json.loads(x) for x in done.stdout.splitlines())
    assert long["extractor"] == "linear"
    assert "extraction took longer than its budget of 1.5 s" in long["warnings"][0]
    assert long["title"] == "Bridge reopens" and "Harbour Bridge" in long["text"]
    assert ordinary["extractor"] != "linear" and ordinary["title"]


def test_the_budgets_are_options_and_environment_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFUSE_DOC_SECONDS", "3.5")
    monkeypatch.setenv("NEWSFUSE_JOBS", "3")
    s = Settings.resolve()
    assert (s.doc_seconds, s.jobs, s.doc_memory) == (3.5, 3, 2048 * 2**20)
    bad = CliRunner().invoke(main, ["extract", "--doc-seconds", "0", str(CORPUS)])
    assert bad.exit_code == 2 and "--doc-seconds" in bad.output
    bad = CliRunner().invoke(main, ["extract", "--doc-memory", "10", str(CORPUS)])
    assert bad.exit_code == 2 and "--doc-memory" in bad.output
    bad = CliRunner().invoke(main, ["extract", "--jobs", "0", str(CORPUS)])
    assert bad.exit_code == 2 and "--jobs" in bad.output
