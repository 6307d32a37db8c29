"""The inbox: files of documents that newsfuse itself fetched or was given (`newsfuse watch`,
`newsfuse run --follow-links`, `POST /articles` of `newsfuse serve`), beside the store, that
the pipeline then reads like any input.

The pipeline takes its inputs as paths and URLs; a page fetched by the watcher (with its
feed's title and date) or a text posted to the API becomes one line of a JSONL file here
(``{"html": ..., "url": ..., "title": ..., "published": ...}``), and the file is the input of
the run. Its articles keep the URL of the page in ``url``; their ``source`` names the inbox
file and the line. The files stay as the record of what was fetched or posted (the store keeps
the same bytes); deleting them loses nothing the store needs.

Names are chosen by newsfuse only (a time stamp, a content id): nothing from a feed, a page or
a request reaches a file path.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsfuse.errors import OutputError


def inbox_dir(store_path: str | os.PathLike[str]) -> Path:
    """The inbox of the store at ``store_path``: ``<store>.inbox/`` beside it."""
    path = Path(store_path)
    return path.with_name(path.name + ".inbox")


def stamp() -> str:
    """A UTC time stamp for a file name: ``20260312T101502123Z``."""
    now = datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}Z"


def write_inbox(
    store_path: str | os.PathLike[str], name: str, rows: Iterable[Mapping[str, Any]]
) -> Path:
    """Write ``rows`` as one JSONL file ``<inbox>/<name>.jsonl``, atomically (a killed write
    leaves no half file); ``name`` must be newsfuse's own (letters, digits, ``-``, ``_``).
    Raises OutputError naming the path and the cause when it cannot be written."""
    if not name or not all(c.isascii() and (c.isalnum() or c in "-_") for c in name):
        raise ValueError(
            f"the 'name' parameter of write_inbox must be a plain file name, got {name!r}"
        )
    folder = inbox_dir(store_path)
    target = folder / f"{name}.jsonl"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".jsonl")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                for row in rows:
                    clean = {k: v for k, v in row.items() if v is not None}
                    f.write(json.dumps(clean, ensure_ascii=False) + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise OutputError(
            f"cannot write the inbox file: {exc.strerror or exc}", source=str(target)
        ) from exc
    return target


__all__ = ["inbox_dir", "stamp", "write_inbox"]
