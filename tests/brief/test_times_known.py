"""The brief's timeline reads each text's dates once: within ``times_known`` it takes the time
expressions the claim finders found for a text and its publication day, and a run passes
them, so the brief never runs the time finder again on a dated article's text (the passage
of a live blog, a text of its own, is read again)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import newsfuse.brief.dated as dated
from newsfuse.brief.dated import dated_sentences, times_known
from newsfuse.claims.timex import find_times
from newsfuse.config import Settings
from newsfuse.pipeline import Pipeline
from newsfuse.records import Article, Passage
from newsfuse.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
TEXT = (
    "The Kessring dam opened its spillways on March 3, 2026, the water board said.\n\n"
    "Engineers had warned on February 27 that the reservoir was close to its limit."
)
DAY = dt.date(2026, 3, 4)


def _article() -> Article:
    return Article(
        id="0123456789abcdef",
        source="dam.txt",
        kind="text",
        text=TEXT,
        published=DAY.isoformat(),
        passages=(Passage(0, len(TEXT)),),
    )


def test_the_given_time_expressions_are_used_for_that_text_and_day() -> None:
    a = _article()
    own = dated_sentences([a])
    assert len(own) == 2
    with times_known([(TEXT, DAY, find_times(TEXT, DAY))]):
        assert dated_sentences([a]) == own
    with times_known([(TEXT, DAY, [])]):  # what is given is what is used
        assert dated_sentences([a]) == []
    with times_known([(TEXT, DAY - dt.timedelta(days=1), [])]):  # another day: found again
        assert dated_sentences([a]) == own
    assert dated_sentences([a]) == own  # forgotten after the block


def test_a_run_does_not_find_the_dates_of_a_dated_article_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []

    def counted(text: str, published: Any = None) -> Any:
        calls.append((text, published))
        return find_times(text, published)

    monkeypatch.setattr(dated, "find_times", counted)
    with Store(tmp_path / "s.db") as store:
        report = Pipeline(Settings(jobs=1)).run([str(CORPUS)], store=store)
        whole = {a.text for a in store.articles(raw=False) if a.published}
    assert any(b.timeline for b in report.briefs)
    # a dated article's text is not read again (a live blog's passage, cut from it, is)
    assert calls and not [t for t, day in calls if day is not None and t in whole]
