"""The briefs through the CLI: `newsfuse run --out DIR` writes one brief per story and an
index, `newsfuse brief STORY_ID` prints one, `newsfuse timeline` prints the timeline, and a
brief that fails the faithfulness check makes `run` fail loudly."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsfuse.brief.build import BriefBuilder
from newsfuse.cli import main
from newsfuse.records import BriefSentence

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    result = invoke("run", "-q", str(CORPUS), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    return out


def test_run_writes_a_brief_per_story_and_an_index(demo_out: Path) -> None:
    report = json.loads((demo_out / "report.json").read_text(encoding="utf-8"))
    briefs = report["briefs"]
    assert len(briefs) == len(report["stories"]) >= 4
    index = (demo_out / "index.html").read_text(encoding="utf-8")
    texts = {
        a["id"]: json.loads((demo_out / "articles" / f"{a['id']}.json").read_text())["text"]
        for a in report["articles"]
    }
    for b in briefs:
        assert f"stories/{b['story']}.html" in index
        for suffix in ("md", "html", "json"):
            assert (demo_out / "stories" / f"{b['story']}.{suffix}").is_file()
        d = json.loads((demo_out / "stories" / f"{b['story']}.json").read_text(encoding="utf-8"))
        assert d["schema"] == "newsfuse.brief/1.0"
        for s in [*d["lead"], *d["facts"], *d["single_source"]]:
            assert s["text"] and s["citations"]
            for c in s["citations"]:  # spans index the source's clean text
                start, end = c["span"]
                assert 0 <= start < end <= len(texts[c["article"]])
            verbatim = next(c for c in s["citations"] if c["verbatim"])
            assert " ".join(
                texts[verbatim["article"]][slice(*verbatim["span"])].split()
            ) == " ".join(s["text"].split())
    md = (demo_out / "report.md").read_text(encoding="utf-8")
    assert "## Briefs" in md


def test_brief_prints_one_story_in_each_format(demo_out: Path) -> None:
    story = json.loads((demo_out / "report.json").read_text())["briefs"][0]["story"]
    store = str(demo_out / "newsfuse.db")
    md = invoke("brief", story[:6], "--store", store)
    assert md.exit_code == 0, md.stderr
    for heading in (
        "## Lead",
        "## Corroborated facts",
        "## Differing figures",
        "## Quotes",
        "## Single-source claims",
        "## Timeline",
        "## Sources",
    ):
        assert heading in md.stdout
    as_json = invoke("brief", story, "--store", store, "--format", "json")
    assert json.loads(as_json.stdout)["story"] == story
    html = invoke("brief", story, "--store", store, "--format", "html")
    assert html.stdout.lstrip().lower().startswith("<!doctype html")


def test_brief_of_an_unknown_story_lists_the_stories(demo_out: Path, tmp_path: Path) -> None:
    result = invoke("brief", "nosuchstory", "--store", str(demo_out / "newsfuse.db"))
    assert result.exit_code == 2
    assert "is not a story of this store" in result.stderr
    story = json.loads((demo_out / "report.json").read_text())["briefs"][0]["story"]
    assert story in result.stderr
    every = invoke("brief", "", "--store", str(demo_out / "newsfuse.db"))  # every id starts so
    assert every.exit_code == 2 and "matches more than one story" in every.stderr
    missing = invoke("brief", "x", "--store", str(tmp_path / "none.db"))
    assert missing.exit_code == 4 and "no store there" in missing.stderr


def test_timeline_json_in_the_standard_setting() -> None:
    result = invoke("timeline", "--json", str(CORPUS))
    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)
    assert [e["date"] for e in entries] == sorted(e["date"] for e in entries)
    for e in entries:
        for s in e["sentences"]:
            assert s["text"] and s["sources"]
    limited = json.loads(
        invoke("timeline", "--json", "--max-dates", "2", "--per-date", "1", str(CORPUS)).stdout
    )
    assert 1 <= len(limited) <= 2 and all(len(e["sentences"]) == 1 for e in limited)
    strike = json.loads(invoke("timeline", "--json", "--query", "dockworkers", str(CORPUS)).stdout)
    sources = {
        src.rsplit("/", 1)[-1] for e in strike for s in e["sentences"] for src in s["sources"]
    }
    assert sources and not sources & {
        "capital-observer-zarnovia-row.html",
        "valdora-herald-kessring-dam.html",
    }


def test_timeline_table_and_bad_options() -> None:
    table = invoke("timeline", str(CORPUS))
    assert table.exit_code == 0 and "Timeline" in table.stdout and "background" in table.stdout
    bad = invoke("timeline", "--max-dates", "0", str(CORPUS))
    assert bad.exit_code == 2 and "--max-dates" in bad.stderr
    none = invoke("timeline", "--query", "zzzunknownzzz", str(CORPUS))
    assert none.exit_code == 3 and "no story mentions" in none.stderr


def test_run_fails_loudly_on_an_unfaithful_brief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = BriefBuilder.build

    def tampered(self, story_claims, articles, copies):  # type: ignore[no-untyped-def]
        brief = build(self, story_claims, articles, copies)
        if not brief.lead:
            return brief
        first = brief.lead[0]
        forged = BriefSentence(first.text.replace("the", "no"), first.citations)
        return replace(brief, lead=(forged, *brief.lead[1:]))

    monkeypatch.setattr(BriefBuilder, "build", tampered)
    # one job: the stories are made in this process, where the patch is (with more, in
    # worker processes)
    result = invoke("run", "-q", str(CORPUS), "--out", str(tmp_path), "--jobs", "1")
    assert result.exit_code == 5
    assert "FAITHFULNESS CHECK FAILED" in result.stderr
    assert "the cited span holds other words" in result.stderr
    assert (tmp_path / "report.json").is_file()  # the rest of the run is written
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["unfaithful"]
    written = {p.stem for p in (tmp_path / "stories").glob("*.json")}
    assert len(written) == len(report["briefs"]) < len(report["stories"])
