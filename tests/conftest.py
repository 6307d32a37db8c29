"""Shared fixtures: where the repository's examples and the ../shared data are; one
hypothesis profile for every property test."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = REPO / "examples"

# Property tests run the same examples on every run, so CI is reproducible.
settings.register_profile("newsfuse", derandomize=True, deadline=None)
settings.load_profile("newsfuse")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed captures are not there ({SEEDS} is missing)")
    return SEEDS


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
