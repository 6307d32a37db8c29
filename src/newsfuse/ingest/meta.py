"""Metadata hints from containers (JSONL fields, feed entries) -> RawDocument.meta."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from newsfuse.ingest.decode import clean_controls

META_KEYS = ("title", "author", "published", "outlet", "language", "credit")

# meta key -> container field names, first present wins
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline"),
    "published": ("published", "date", "published_at", "publish_date", "pubdate", "date_publish"),
    "outlet": ("outlet", "site", "source_name", "site_name", "source", "domain"),
    "language": ("language", "lang"),
    "credit": ("credit",),
}
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


# Lists and mappings inside one another deeper than this give no metadata (a list of author
# objects is two levels); the bound also keeps the recursion below short whatever the input.
MAX_META_DEPTH = 4


def as_text(value: Any, key: str = "", *, depth: int = 0) -> str | None:
    """A metadata value as a non-empty stripped string without control characters, or None.

    Lists of strings (several authors) are joined with ", "; a mapping with a ``name``
    (``{"source": {"name": "Reuters"}}``) gives that name; numbers under ``published`` are
    Unix timestamps and become ISO 8601 UTC; NaN, infinities and numbers of 2**63 or more
    are no value. Lists and
    mappings nested more than MAX_META_DEPTH levels give None.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        value = " ".join(clean_controls(value).split())
        return value or None
    if isinstance(value, int | float):
        if abs(value) >= 2**63 or not math.isfinite(value):
            return None  # no date, count or name is written with such a number
        if key == "published":
            seconds = value / 1000 if value > 1e11 else value  # milliseconds
            try:
                return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")
            except (OverflowError, OSError, ValueError):
                return None
        return str(value)
    if depth >= MAX_META_DEPTH:
        return None
    if isinstance(value, list | tuple):
        parts = [p for p in (as_text(v, key, depth=depth + 1) for v in value) if p]
        return ", ".join(parts) or None
    if isinstance(value, Mapping):
        return as_text(value.get("name"), key, depth=depth + 1)
    return None


def language_code(value: str | None) -> str | None:
    """The primary language subtag of a tag (``"en-US"`` -> ``"en"``); None if not a tag."""
    if not value:
        return None
    m = _LANG.match(value.strip())
    return m.group(1).lower() if m else None


def collect_meta(record: Mapping[str, Any]) -> dict[str, str]:
    """The metadata hints found in a JSON object or feed entry, keys among META_KEYS."""
    meta: dict[str, str] = {}
    for key, names in FIELD_ALIASES.items():
        for name in names:
            value = as_text(record.get(name), key)
            if value:
                meta[key] = value
                break
    if "language" in meta:
        code = language_code(meta["language"])
        if code:
            meta["language"] = code
        else:
            del meta["language"]
    return meta


__all__ = [
    "FIELD_ALIASES",
    "MAX_META_DEPTH",
    "META_KEYS",
    "as_text",
    "collect_meta",
    "language_code",
]
