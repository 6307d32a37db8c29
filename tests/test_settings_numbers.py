"""Settings refuse numbers that are no number to compute with (NaN, infinities), from the
constructor and from NEWSFUSE_* variables: ``NEWSFUSE_STORY_WINDOW_DAYS=inf`` passed and then
made the story grouper refuse its window, so a run wrote no story at all."""

from __future__ import annotations

import pytest

from newsfuse.config import Settings
from newsfuse.errors import ConfigError


@pytest.mark.parametrize("field", ["fetch_timeout", "story_window_days", "doc_seconds"])
@pytest.mark.parametrize("value", [float("inf"), float("nan"), float("-inf")])
def test_non_finite_numbers_are_refused(field: str, value: float) -> None:
    with pytest.raises(ConfigError, match=f"'{field}' parameter of Settings must be a positive"):
        Settings(**{field: value})


def test_non_finite_numbers_from_the_environment_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSFUSE_STORY_WINDOW_DAYS", "inf")
    with pytest.raises(ConfigError, match="story_window_days"):
        Settings.resolve()
    monkeypatch.setenv("NEWSFUSE_STORY_WINDOW_DAYS", "1e400")
    with pytest.raises(ConfigError, match="story_window_days"):
        Settings.resolve()
    monkeypatch.setenv("NEWSFUSE_STORY_WINDOW_DAYS", "3.5")
    assert Settings.resolve().story_window_days == 3.5
