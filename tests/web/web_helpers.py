"""Helpers of the web tests: the demo corpus and its story ids, building a store, and an
in-process client for the app (httpx over its ASGI transport, on one event loop, with a
synchronous face: starlette's TestClient warns on this httpx version)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from newsfuse.config import Settings
from newsfuse.pipeline import Pipeline
from newsfuse.store import Store

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"
DAM_STORY = "711bca0991262f03"  # the Kessring Dam story of the demo corpus (differing figures)
STRIKE_STORY = "14775c9e2d4ab990"  # the dockworkers' strike (a conflicting claim)


def build_store(path: Path, inputs: list[str]) -> Path:
    """``inputs`` through the whole pipeline into a new store at ``path``."""
    with Store(path) as store:
        Pipeline(Settings()).run(inputs, store=store)
    return path


class Client:
    """``Client(app).get("/stories.json")``: requests go straight to the ASGI app."""

    def __init__(self, app: Any, base_url: str = "http://127.0.0.1") -> None:
        self._runner = asyncio.Runner()
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url=base_url
        )

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._runner.run(self._client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def close(self) -> None:
        self._runner.run(self._client.aclose())
        self._runner.close()
