"""``newsfuse run`` with articles full of tokens that broke readers of figures and dates
(issue 12): every stage completes for every article, every story gets its brief, and the demo
corpus keeps its copy links and claims.

Before: one dotted date (``10.03.2026``) cost every story its brief, a run of number words cost
the whole store its links, claims and briefs, and a publication date of 9999-12-31 cost it its
stories. The reproducers R1, R2 and R9 of ``../shared/repro`` are run too (marked shared); the
small texts here are written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsfuse.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
REPRO = Path(__file__).resolve().parents[1].parent / "shared" / "repro"

STRIKE = (
    "Dockworkers in the port of Valmora stayed on strike on Tuesday, the union said, "
    "and officials said talks with the port authority would resume on Friday.\n\n"
)
OWN = {
    "dotted.txt": STRIKE
    + "Die Polizei meldete am 10.03.2026 einen Streik im Hafen, sagte ein Sprecher. The "
    "server at 192.168.1.1 ran version 1.2.3.4.5 and listed $ 169.000.00 and 1,2,3.\n",
    "hundreds.txt": STRIKE + "A protester held a sign reading " + "hundred " * 2200 + "\n",
    "overflow.txt": STRIKE + "three hundred and " * 154 + "\n",
    "digits.txt": STRIKE
    + f"The file number {'9' * 5000} was read out, then 1e400, nan, inf, 0x1F and 1_000, "
    "１２３ workers, ٣ ships and 99999999999999999999 days ago.\n",
    "edges.jsonl": "".join(
        json.dumps(
            {
                "title": f"Port strike goes on ({published})",
                "published": published,
                "text": STRIKE + "Yesterday the union met again; tomorrow, next week and next "
                f"year more talks are planned, two days later a vote, late December a deal "
                f"(published {published}).",
            }
        )
        + "\n"
        for published in ("9999-12-31", "0001-01-01")
    ),
}


def run(tmp: Path, *inputs: Path) -> dict[str, Any]:
    out = tmp / "out"
    result = CliRunner().invoke(main, ["run", *map(str, inputs), str(CORPUS), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    report["out"] = out
    return report


def links(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(lk["a"], lk["b"], lk["type"]) for lk in report["links"]}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run(tmp_path_factory.mktemp("demo"))


def check(report: dict[str, Any], demo: dict[str, Any], n_inputs: int) -> None:
    assert report["failures"] == [] and report["status"] == "completed"
    counts = report["counts"]
    assert counts["articles"] == demo["counts"]["articles"] + n_inputs
    assert counts["briefs"] == counts["stories"] == len(report["stories"]) > 0
    for story in report["stories"]:
        assert (report["out"] / "stories" / f"{story['id']}.md").is_file()
    assert links(report) >= links(demo) and links(demo)
    assert counts["claims"] >= demo["counts"]["claims"] > 0


def test_our_hostile_figures_and_dates_take_no_stage_down(
    tmp_path: Path, demo: dict[str, Any]
) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, text in OWN.items():
        (folder / name).write_text(text, encoding="utf-8")
    check(run(tmp_path, folder), demo, n_inputs=len(OWN) + 1)  # edges.jsonl holds two


@pytest.mark.shared
@pytest.mark.parametrize("name", ["R1_dotted_number.txt", "R2_hundreds.txt", "R9_overflow.txt"])
def test_reproducers_take_no_stage_down(tmp_path: Path, demo: dict[str, Any], name: str) -> None:
    path = REPRO / name
    if not path.is_file():
        pytest.skip(f"the reproducers are not there ({path} is missing)")
    check(run(tmp_path, path), demo, n_inputs=1)
