"""Fixtures of the web tests: one demo store (examples/corpus through the whole pipeline),
built once per session, and the app over it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # client.py

from client import Client

from newsfuse.config import Settings
from newsfuse.pipeline import Pipeline
from newsfuse.store import Store
from newsfuse.web import create_app

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"
DAM_STORY = "711bca0991262f03"  # the Kessring Dam story of the demo corpus (differing figures)
STRIKE_STORY = "14775c9e2d4ab990"  # the dockworkers' strike (a conflicting claim)


def build_store(path: Path, inputs: list[str]) -> Path:
    with Store(path) as store:
        Pipeline(Settings()).run(inputs, store=store)
    return path


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus in a store, built once (read-only for the tests that share it)."""
    return build_store(tmp_path_factory.mktemp("demo") / "newsfuse.db", [str(CORPUS)])


@pytest.fixture(scope="module")
def client(demo_store: Path) -> Iterator[Client]:
    c = Client(create_app(demo_store))
    yield c
    c.close()
