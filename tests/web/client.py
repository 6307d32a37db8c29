"""An in-process client for the web app: httpx over its ASGI transport, on one event loop,
with a synchronous face (starlette's TestClient warns on this httpx version)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx


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
