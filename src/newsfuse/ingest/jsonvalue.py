"""JSON from strangers: one value parsed with its nesting depth and its numbers bounded.

``json.loads`` recurses once per nested array or object, so a line of a few thousand ``[``
raises RecursionError (and a few hundred are enough to break any code that walks the result
recursively); an integer of more than 4,300 digits raises a bare ValueError. Here the depth is
measured on the text first, in linear time and without recursion, and a value nested deeper
than MAX_DEPTH is refused with a MalformedInputError, like any other broken line.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from newsfuse.errors import MalformedInputError

#: Arrays and objects inside one another deeper than this are refused. News records nest a
#: few levels (an author object in a list, JSON-LD in a field); 64 leaves room for any of them.
MAX_DEPTH = 64
# A JSON string (or the rest of the text after an unclosed quote): each match consumes what
# it matched, so the scan is linear whatever the quotes and backslashes.
_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# Python refuses int() of more digits than this (sys.get_int_max_str_digits()).
_MAX_INT_DIGITS = 4300


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in the JSON ``text`` (brackets inside strings do not
    count), in linear time and without recursion. On invalid JSON, the most a parser can
    reach before it stops."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def too_deep(text: str) -> int | None:
    """The nesting depth of the JSON ``text`` when it is over MAX_DEPTH, else None (at the
    cost of two ``str.count`` for the usual text with few brackets)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = nesting_depth(text)
    return depth if depth > MAX_DEPTH else None


def _int(digits: str) -> int | float:
    # beyond Python's limit a number is no metadata anyone wrote: keep its size as a float
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else float(digits)


def _constant(name: str) -> None:
    return None  # NaN, Infinity and -Infinity are not JSON: read as null


def load_json(text: str, *, source: str) -> Any:
    """The JSON value in ``text``; MalformedInputError (naming ``source``) when it is not
    JSON or nests deeper than MAX_DEPTH. Never RecursionError, never a bare ValueError."""
    depth = too_deep(text)
    if depth is not None:
        raise MalformedInputError(
            f"nested too deeply: arrays and objects {depth} levels deep "
            f"(at most {MAX_DEPTH} are read)",
            source=source,
        )
    try:
        # strict=False: a raw tab or control character inside a string (JSON says escape it)
        # is read as it is; decoding removes control characters from the text later
        return json.loads(text, parse_int=_int, parse_constant=_constant, strict=False)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(
            f"invalid JSON: {exc.msg} at column {exc.colno}", source=source
        ) from None
    except (RecursionError, ValueError) as exc:  # defence in depth: the checks above miss it
        raise MalformedInputError(f"invalid JSON: {exc}", source=source) from None


__all__ = ["MAX_DEPTH", "load_json", "nesting_depth", "too_deep"]
