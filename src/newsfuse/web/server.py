"""Running the web app: uvicorn on 127.0.0.1 by default, one process, worker threads for the
page handlers (each with its own store connection)."""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path

from newsfuse.config import DEFAULT_SETTINGS, Settings
from newsfuse.web.app import LOOPBACK_NAMES, MAX_BODY, create_app


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


def serve(
    store_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    ingest_token: str | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    max_body: int = MAX_BODY,
    log_level: str = "warning",
) -> None:
    """Serve the store at ``store_path`` until interrupted (Ctrl-C stops it cleanly)."""
    import uvicorn

    hosts = LOOPBACK_NAMES | {host} if is_loopback(host) else None
    app = create_app(
        store_path,
        ingest_token=ingest_token,
        settings=settings,
        max_body=max_body,
        allowed_hosts=frozenset(hosts) if hosts else None,
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=log_level in ("info", "debug", "trace"),
        server_header=False,
        proxy_headers=False,
    )


__all__ = ["is_loopback", "new_token", "serve"]
