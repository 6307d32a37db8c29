"""The local web app and REST API over a newsfuse store (`newsfuse serve`).

``create_app(store_path, ingest_token=None)`` gives the ASGI app (FastAPI); ``serve(...)``
runs it with uvicorn, bound to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

from newsfuse.web.app import create_app
from newsfuse.web.server import serve

__all__ = ["create_app", "serve"]
