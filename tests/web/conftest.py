"""Fixtures of the web tests: one demo store (examples/corpus through the whole pipeline),
built once per session, and the app over it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # web_helpers

from web_helpers import CORPUS, Client, build_store

from newsfuse.web import create_app


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus in a store, built once (read-only for the tests that share it)."""
    return build_store(tmp_path_factory.mktemp("demo") / "newsfuse.db", [str(CORPUS)])


@pytest.fixture(scope="module")
def client(demo_store: Path) -> Iterator[Client]:
    c = Client(create_app(demo_store))
    yield c
    c.close()
