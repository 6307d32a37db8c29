"""Running the web app: uvicorn on 127.0.0.1 by default, one process, worker threads for the
page handlers (each with its own store connection)."""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os
import secrets
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from newsfuse.config import DEFAULT_SETTINGS, Settings
from newsfuse.web.app import LOOPBACK_NAMES, MAX_BODY, create_app
from newsfuse.web.cache import DEFAULT_CACHE_BYTES


def new_token() -> str:
    """A fresh ingest token (32 random URL-safe characters)."""
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) only listens on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


#: pages waiting in one server process past which its answers close their connections, when
#: several processes share the port (:class:`newsfuse.web.app.Pages`)
SHED_AT = 6

_CONFIG = "NEWSFUSE_SERVE_CONFIG"  # how the parent hands the app's settings to its workers


def serve(
    store_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    ingest_token: str | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    max_body: int = MAX_BODY,
    log_level: str = "warning",
    workers: int = 1,
    cache_bytes: int = DEFAULT_CACHE_BYTES,
) -> None:
    """Serve the store at ``store_path`` until interrupted (Ctrl-C stops it cleanly).

    ``workers`` > 1 runs that many server processes on the one port (uvicorn's workers):
    page handlers are Python, so one process uses one core; each worker has its own store
    connections, its own overview of the store and its own page cache of at most
    ``cache_bytes`` (:mod:`newsfuse.web.cache`; 0: no cache)."""
    import uvicorn

    hosts = LOOPBACK_NAMES | {host} if is_loopback(host) else None
    config: dict[str, Any] = {
        "store": str(Path(store_path).resolve()),
        "ingest_token": ingest_token,
        "settings": dataclasses.asdict(settings),
        "max_body": max_body,
        "allowed_hosts": sorted(hosts) if hosts else None,
        "cache_bytes": cache_bytes,
        # several processes on one port: a busy one sheds its keep-alive connections
        "shed_at": SHED_AT if workers > 1 else None,
    }
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "access_log": log_level in ("info", "debug", "trace"),
        "server_header": False,
        "proxy_headers": False,
    }
    if workers > 1:
        os.environ[_CONFIG] = json.dumps(config)
        uvicorn.run("newsfuse.web.server:app_from_env", factory=True, workers=workers, **common)
    else:
        uvicorn.run(_app(config), **common)


def _app(config: dict[str, Any]) -> FastAPI:
    hosts = config["allowed_hosts"]
    return create_app(
        str(config["store"]),
        ingest_token=config["ingest_token"],
        settings=Settings(**config["settings"]),
        max_body=int(config["max_body"]),
        allowed_hosts=frozenset(hosts) if hosts else None,
        cache_bytes=int(config.get("cache_bytes", DEFAULT_CACHE_BYTES)),
        shed_at=config.get("shed_at"),
    )


def app_from_env() -> FastAPI:
    """The app of one worker process, from the parent's configuration (``serve(workers=N)``)."""
    config: dict[str, Any] = json.loads(os.environ[_CONFIG])
    return _app(config)


__all__ = ["app_from_env", "is_loopback", "new_token", "serve"]
