"""The `claims` command and the claims stage of `newsfuse run`, through the CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from newsfuse.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_claims_json_filtered_by_status() -> None:
    result = invoke("claims", "--json", "--status", "conflicting", str(CORPUS))
    assert result.exit_code == 0, result.stderr
    d = json.loads(result.stdout)
    claims = [c for st in d["stories"] for c in st["claims"]]
    assert claims and {c["status"] for c in claims} == {"conflicting"}
    strike = next(c for c in claims if c["kind"] == "quantity")
    assert {e["value"] for e in strike["estimates"]} >= {1800.0, 2800.0}
    for v in strike["variants"]:
        assert v["source"].startswith(str(CORPUS)) and len(v["span"]) == 2
    names = {e["name"] for e in d["entities"]}
    assert "Yuriy Dravenko" in names


def test_claims_table_by_kind_and_an_empty_filter() -> None:
    table = invoke("claims", "--kind", "quote", str(CORPUS))
    assert table.exit_code == 0, table.stderr
    assert "corroborated" in table.stdout and "Helena Voss" in table.stdout
    assert "differing_estimates" not in table.stdout
    # a corpus with no conflict prints that, and succeeds
    one = invoke("claims", "--status", "conflicting", str(CORPUS / "wire.jsonl"))
    assert one.exit_code == 0, one.stderr
    assert "No claims with that status." in one.stdout


def test_claims_refuses_an_unknown_status() -> None:
    bad = invoke("claims", "--status", "maybe", str(CORPUS))
    assert bad.exit_code == 2 and "maybe" in bad.stderr


def test_run_keeps_claims_in_the_store_and_the_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("run", str(CORPUS), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    statuses = {c["status"] for st in report["claims"]["stories"] for c in st["claims"]}
    assert statuses == {"corroborated", "single_source", "conflicting", "differing_estimates"}
    assert report["counts"]["claims"] == sum(
        len(st["claims"]) for st in report["claims"]["stories"]
    )
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Claims" in md and "differing_estimates" in md
    with sqlite3.connect(out / "newsfuse.db") as db:
        n = db.execute("SELECT count(*) FROM claim_clusters").fetchone()[0]
        assert n == report["counts"]["claims"]
        assert db.execute("SELECT count(*) FROM entities").fetchone()[0] > 10


def test_a_second_run_adds_the_rest_and_the_conflict_appears(tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(CORPUS / "wire.jsonl", first / "wire.jsonl")
    out = tmp_path / "out"
    assert invoke("run", str(first), "--out", str(out)).exit_code == 0
    with sqlite3.connect(out / "newsfuse.db") as db:
        assert not db.execute(
            "SELECT 1 FROM claim_clusters WHERE status = 'conflicting'"
        ).fetchall()
    assert invoke("run", str(CORPUS), "--out", str(out)).exit_code == 0
    with sqlite3.connect(out / "newsfuse.db") as db:
        assert db.execute("SELECT 1 FROM claim_clusters WHERE status = 'conflicting'").fetchall()


def test_an_article_that_breaks_a_finder_is_recorded_and_the_rest_go_on(
    tmp_path: Path, monkeypatch
) -> None:
    from newsfuse.backends import LocalBackend
    from newsfuse.claims import extract
    from newsfuse.pipeline import Pipeline
    from newsfuse.store import Store

    real = extract.find_quantities

    def flaky(text):
        if "summoned the Zarnovian ambassador" in text:  # wire.jsonl#3
            raise RuntimeError("finder bug")
        return real(text)

    monkeypatch.setattr(extract, "find_quantities", flaky)
    with Store(tmp_path / "out" / "newsfuse.db") as store:  # in this process, where the spy is
        report = Pipeline(backend=LocalBackend(0)).run(
            [str(CORPUS)], store=store, out_dir=tmp_path / "out"
        )
    assert report.status == "completed"
    failed = [f for f in report.failures if f.stage == "claims"]
    assert [f.source.rsplit("/", 1)[-1] for f in failed] == ["wire.jsonl#3"]
    assert "finder bug" in failed[0].reason
    assert report.claims is not None and report.counts["claims"] > 0
    assert report.exit_code == 1


def test_a_failing_claims_stage_keeps_the_run_and_the_earlier_claims(
    tmp_path: Path, monkeypatch
) -> None:
    import newsfuse
    from newsfuse.claims import crosscheck
    from newsfuse.store import Store

    out = tmp_path / "out"
    newsfuse.run([str(CORPUS / "wire.jsonl")], out_dir=out)
    with Store(out / "newsfuse.db") as store:
        before = store.claim_clusters()
    assert before

    def boom(*args, **kwargs):
        raise RuntimeError("comparison bug")

    monkeypatch.setattr(crosscheck, "needed_readings", boom)
    report = newsfuse.run([str(CORPUS)], out_dir=out)
    # the stage failed as a whole: recorded, and the store keeps what it had
    assert report.status == "completed" and report.claims is not None
    assert any(f.stage == "claims" and "comparison bug" in f.reason for f in report.failures)
    with Store(out / "newsfuse.db") as store:
        assert store.claim_clusters() == before
        assert store.counts()["articles"] == 15
    monkeypatch.undo()  # the next run makes what the failed one could not
    again = newsfuse.run([str(CORPUS)], out_dir=out)
    assert again.exit_code == 0 and len(again.briefs) == len(again.stories)
    assert len(again.claims.clusters()) > len(before)
