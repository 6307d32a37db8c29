"""The public Python API."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsfuse

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def test_extract_articles_from_a_directory() -> None:
    arts = list(newsfuse.extract_articles([str(CORPUS)]))
    assert len(arts) == 15
    assert all(isinstance(a, newsfuse.Article) and a.text for a in arts)


def test_extract_articles_errors(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert list(newsfuse.extract_articles([str(tmp_path)])) == []
    with pytest.raises(newsfuse.NewsfuseError, match="empty"):
        list(newsfuse.extract_articles([str(tmp_path)], errors="raise"))
    with pytest.raises(ValueError, match="'errors' parameter"):
        list(newsfuse.extract_articles([], errors="ignore"))


def test_run_writes_outputs_and_store(tmp_path: Path) -> None:
    report = newsfuse.run([str(CORPUS)], tmp_path / "out")
    assert report.exit_code == 0 and len(report.articles) == 15
    assert (tmp_path / "out" / "newsfuse.db").is_file()
    assert (tmp_path / "out" / "report.json").is_file()


def test_clean_text() -> None:
    r = newsfuse.clean_text("Menu\nSubscribe\n" + "The council agreed on Monday to rebuild the old bridge over the river before winter. " * 3)
    assert r.text.startswith("The council agreed")
    assert {x.text for x in r.removed} >= {"Subscribe"}
