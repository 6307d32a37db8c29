"""Errors raised by newsfuse.

Every error carries the input it concerns (``source``) and the stage that failed, so a
batch can report "which file, which step, what went wrong" and go on with the rest::

    NewsfuseError                 base of everything newsfuse raises on purpose
    ├── ConfigError               a setting or parameter has an invalid value (also a ValueError)
    ├── InputError                one input cannot be read as a document
    │   ├── EmptyInputError       nothing in it (0 bytes, or only whitespace)
    │   ├── BinaryInputError      not text: an image, an archive, random bytes
    │   ├── InputTooLargeError    bigger than Settings.max_bytes
    │   ├── MalformedInputError   broken JSONL / WARC / feed / gzip structure
    │   └── FetchError            an http(s) URL could not be fetched (unreachable, timeout, status)
    ├── ExtractionError           a document was read but no article could be extracted from it
    │   └── NoArticleError        it holds no article text at all (a caption, a teaser list,
    │                             a credit line): reported, not a failure of the run
    ├── UnfaithfulBriefError      a brief sentence cannot be traced to the spans it cites
    ├── StoreError                the SQLite store cannot be opened or written
    └── OutputError               a file of the output directory cannot be written (or a name
                                  that is not a newsfuse id was asked for)
"""

from __future__ import annotations


class NewsfuseError(Exception):
    """Base class. ``source`` is the input as the user gave it, ``stage`` the failing step."""

    stage = "newsfuse"

    def __init__(self, message: str, *, source: str | None = None, stage: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        if stage is not None:
            self.stage = stage

    def __str__(self) -> str:
        if self.source:
            return f"{self.source}: {self.message}"
        return self.message


class UnfaithfulBriefError(NewsfuseError):
    """A brief failed the faithfulness check; ``problems`` lists what could not be traced."""

    stage = "brief"

    def __init__(self, message: str, *, problems: tuple[object, ...] = (), source: str | None = None):
        super().__init__(message, source=source)
        self.problems = problems


class ConfigError(NewsfuseError, ValueError):
    stage = "config"


class InputError(NewsfuseError):
    stage = "ingest"


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class InputTooLargeError(InputError):
    pass


class MalformedInputError(InputError):
    pass


class FetchError(InputError):
    stage = "fetch"


class ExtractionError(NewsfuseError):
    stage = "extract"


class NoArticleError(ExtractionError):
    """The document was read, and everything in it is something other than article text
    (every line was boilerplate, a caption, a list of teasers): a normal outcome in a crawl,
    reported with the reason (stage ``no-article``), never counted as a failed input."""

    stage = "no-article"


class StoreError(NewsfuseError):
    stage = "store"


class OutputError(NewsfuseError):
    """The output directory cannot be used: a file of it cannot be written (full disk,
    read-only or unwritable folder, a file where a folder must be), or a file name was asked
    for that is not built from a newsfuse id. ``source`` is the path."""

    stage = "output"


__all__ = [
    "BinaryInputError",
    "ConfigError",
    "EmptyInputError",
    "ExtractionError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "MalformedInputError",
    "NewsfuseError",
    "NoArticleError",
    "OutputError",
    "StoreError",
    "UnfaithfulBriefError",
]


def is_number(value: object) -> bool:
    """A real int or float (not a bool), finite."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value == value  # not NaN
        and value not in (float("inf"), float("-inf"))
    )


def require(owner: str, name: str, value: object, ok: bool, what: str) -> None:
    """Refuse a bad constructor parameter, scikit-learn style: ``the 'name' parameter of
    Owner must be <what>, got <value>``, as a :class:`ConfigError`."""
    if not ok:
        raise ConfigError(f"the '{name}' parameter of {owner} must be {what}, got {value!r}")


def require_fraction(
    owner: str, name: str, value: object, *, low_open: bool = False, high_open: bool = False
) -> float:
    """A number in [0, 1] (ends open as asked), returned as a float; else ConfigError."""
    ok = is_number(value)
    if ok:
        v = float(value)  # type: ignore[arg-type]  # checked by is_number
        ok = (v > 0 if low_open else v >= 0) and (v < 1 if high_open else v <= 1)
    what = f"a number in {'(' if low_open else '['}0, 1{')' if high_open else ']'}"
    require(owner, name, value, ok, what)
    return float(value)  # type: ignore[arg-type]  # checked above


def require_int(owner: str, name: str, value: object, *, least: int) -> int:
    """An int (not a bool) >= ``least``; else ConfigError."""
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= least
    require(owner, name, value, ok, f"an int >= {least}")
    return int(value)  # type: ignore[call-overload]  # checked above
