"""Compact, safe storage of derived records: frozen dataclasses of plain values as zlib JSON.

What the per-document steps find in an article (the claim finders' mentions, attributions,
time expressions and figures) is kept in the store so that later runs reuse it instead of
reading the text again. Records are written as JSON with their class named, and read back
only into the classes registered here: a store file is never a way to run code (no pickle).
Lists come back as tuples, since the records use tuples throughout (and must stay hashable).
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from typing import Any

_CLASSES: dict[str, type] = {}


def register(*classes: type) -> None:
    """Allow these frozen dataclasses in stored records (by class name)."""
    for cls in classes:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} is not a dataclass")
        _CLASSES[cls.__name__] = cls


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _CLASSES.get(name) is not type(value):
            raise TypeError(f"{name} is not registered for storage")
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@": name, **fields}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store a {type(value).__name__}")


def _rich(value: Any) -> Any:
    if isinstance(value, dict):
        name = value.get("@")
        cls = _CLASSES.get(name) if isinstance(name, str) else None
        if cls is None:
            raise ValueError(f"stored record of unknown class {name!r}")
        kwargs = {k: _rich(v) for k, v in value.items() if k != "@"}
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in kwargs.items() if k in known})
    if isinstance(value, list):
        return tuple(_rich(v) for v in value)
    return value


def dumps(value: Any) -> bytes:
    """``value`` (registered dataclasses, lists, tuples, plain values) as zlib-compressed JSON."""
    return zlib.compress(json.dumps(_plain(value), separators=(",", ":")).encode("utf-8"), 6)


def loads(data: bytes) -> Any:
    """What :func:`dumps` wrote (lists as tuples). Raises ValueError on anything else."""
    try:
        return _rich(json.loads(zlib.decompress(data)))
    except (zlib.error, json.JSONDecodeError, TypeError, UnicodeDecodeError) as exc:
        raise ValueError(f"not a stored record: {exc}") from exc


def code_version() -> str:
    """A digest of newsfuse's own source files: a derived record made by other code (the
    finders' results, a story's claims and brief) is made again, never reused."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        import hashlib
        from pathlib import Path

        root = Path(__file__).resolve().parents[1]
        h = hashlib.sha1()
        for path in sorted(root.rglob("*.py")):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
        _CODE_VERSION = h.hexdigest()[:16]
    return _CODE_VERSION


_CODE_VERSION: str | None = None

__all__ = ["code_version", "dumps", "loads", "register"]
