"""Adversarial inputs for a regular expression, built from its parsed structure, and a clock.

:func:`recipes` reads a compiled pattern with the parser of :mod:`re` and, for every repeated
sub-pattern (``x*``, ``x+``, ``x{2,}``, lazy or greedy, nested at any depth, inside groups,
alternatives and lookarounds), builds strings that make a backtracking engine work hardest:

- what leads up to the repeat, the repeated token many times, then a near miss (what should
  follow, cut short or replaced by a character nothing expects);
- that block again and again (many attempts that each almost succeed);

and, for the pattern as a whole, long runs of each character it cares about and many copies of a
match and of a near match. Each is a :class:`Recipe`, built at any size (bytes for a bytes
pattern), so the same attack can be timed at two sizes.

:func:`seconds` runs ``pattern.finditer`` over a string to the end (the costliest use: ``search``,
``findall``, ``sub`` and ``split`` do at most as much) and stops it at a deadline: the matcher of
:mod:`re` checks for signals while it backtracks, so an alarm interrupts even an exponential run.
"""

from __future__ import annotations

import math
import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from re import _constants as C
from re import _parser as sre_parse

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}

# Characters tried for character classes: every printable ASCII character and the non-ASCII
# ones news text is full of (typographic quotes and dashes, no-break space, accented letters).
_POOL = (
    "a0 Z9\t\n.,;:!?-_'\"()[]{}<>/\\|@#$%&*+=~^`"
    + "bcxyzABXYZ12345678"
    + "é’‘“”«»‹›„—–…\u00a0\u2009\u202fßÆ€£₹٣"
    + "\r\x00"
)
_CATEGORY = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
}
# What a near miss ends with: what should follow cut short, then a NUL (which no pattern of news
# text wants) or a space (which many do not want at that point).
_MISSES = ("\x00", " ")
_MAX_COUNT = 40  # a fixed count ``x{n}`` larger than this is written out this many times


class Overtime(Exception):
    """Raised in the matcher by the alarm when a run passes its deadline."""


def parse(pattern: re.Pattern[str] | re.Pattern[bytes]) -> sre_parse.SubPattern:
    """The parse tree :mod:`re` compiles ``pattern`` from."""
    return sre_parse.parse(pattern.pattern, pattern.flags)


class _Builder:
    """Example strings for the nodes of one parsed pattern."""

    def __init__(self, flags: int, is_bytes: bool) -> None:
        self.flags = flags
        self.is_bytes = is_bytes
        self.ascii = is_bytes or bool(flags & re.ASCII)
        self._members: dict[int, list[str]] = {}

    # -- characters ---------------------------------------------------------------------------
    def _in_items(self, items: list, ch: str) -> bool:  # type: ignore[type-arg]
        negate = False
        hit = False
        for op, av in items:
            if op is C.NEGATE:
                negate = True
            elif op is C.LITERAL:
                hit = hit or self._same(ch, chr(av))
            elif op is C.RANGE:
                lo, hi = av
                hit = hit or any(lo <= ord(c) <= hi for c in self._cases(ch))
            elif op is C.CATEGORY:
                cat = _CATEGORY.get(av)
                if cat is not None:
                    hit = hit or re.match(cat, ch, re.ASCII if self.ascii else 0) is not None
        return hit != negate

    def _cases(self, ch: str) -> set[str]:
        if self.flags & re.IGNORECASE:
            return {c for c in (ch, ch.lower(), ch.upper()) if len(c) == 1}
        return {ch}

    def _same(self, ch: str, lit: str) -> bool:
        return lit in self._cases(ch)

    def _usable(self, ch: str) -> bool:
        return not self.is_bytes or ord(ch) < 256

    def members(self, op: object, av: object) -> list[str]:
        """Pool characters a one-character node (literal, class, dot) matches, varied first."""
        key = id(av) if op is C.IN else hash((str(op), av))
        if key in self._members:
            return self._members[key]
        if op is C.LITERAL:
            out = [chr(av)]  # type: ignore[arg-type]
        elif op is C.NOT_LITERAL:
            out = [c for c in _POOL if c != chr(av)]  # type: ignore[arg-type]
        elif op is C.ANY:
            out = [c for c in _POOL if c != "\n" or self.flags & re.DOTALL]
        else:
            out = [c for c in _POOL if self._in_items(av, c)]  # type: ignore[arg-type]
            if not out:  # a class of characters the pool lacks: take its first literal or range
                for iop, iav in av:  # type: ignore[attr-defined]
                    if iop is C.LITERAL:
                        out = [chr(iav)]
                        break
                    if iop is C.RANGE:
                        out = [chr(iav[0])]
                        break
        out = [c for c in out if self._usable(c)] or ["a"]
        self._members[key] = _varied(out)
        return self._members[key]

    # -- strings ------------------------------------------------------------------------------
    def example(self, seq: sre_parse.SubPattern | list, v: int = 0, fill: bool = True) -> str:  # type: ignore[type-arg]
        """A string ``seq`` (nearly) matches: alternative and character ``v``; optional parts
        present when ``fill``."""
        return "".join(self._node(op, av, v, fill) for op, av in seq)

    def _node(self, op: object, av: object, v: int, fill: bool) -> str:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            chars = self.members(op, av)
            return chars[v % len(chars)]
        if op is C.BRANCH:
            alts = av[1]  # type: ignore[index]
            return self.example(alts[v % len(alts)], v, fill)
        if op is C.SUBPATTERN:
            return self.example(av[3], v, fill)  # type: ignore[index]
        if op is C.ATOMIC_GROUP:
            return self.example(av, v, fill)  # type: ignore[arg-type]
        if op in _REPEATS:
            lo, hi, body = av  # type: ignore[misc]
            count = min(max(lo, 1 if fill else 0), hi, _MAX_COUNT)
            return self.example(body, v, fill) * count
        if op is C.GROUPREF_EXISTS:
            return self.example(av[1], v, fill)  # type: ignore[index]
        return ""  # anchors, lookarounds and back-references consume nothing here


def _varied(chars: list[str]) -> list[str]:
    """``chars`` reordered so the first few differ in kind (letter, digit, space, other)."""
    kinds: dict[str, list[str]] = {}
    for c in chars:
        kind = "l" if c.isalpha() else "d" if c.isdigit() else "s" if c.isspace() else "o"
        kinds.setdefault(kind, []).append(c)
    heads = [group[0] for group in kinds.values()]
    return heads + [c for c in chars if c not in heads]


def _sites(
    b: _Builder,
    seq: sre_parse.SubPattern | list,
    before: str,
    after: str,  # type: ignore[type-arg]
) -> Iterator[tuple[str, object, str]]:
    """``(what comes before, repeated body, what comes after)`` of every repeat in ``seq``."""
    items = list(seq)
    for i, (op, av) in enumerate(items):
        pre = before + b.example(items[:i])
        post = b.example(items[i + 1 :]) + after
        if op in _REPEATS:
            _lo, hi, body = av
            if hi > 1:
                yield pre, body, post
            yield from _sites(b, body, pre, post)
        elif op is C.BRANCH:
            for alt in av[1]:
                yield from _sites(b, alt, pre, post)
        elif op is C.SUBPATTERN:
            yield from _sites(b, av[3], pre, post)
        elif op is C.ATOMIC_GROUP:
            yield from _sites(b, av, pre, post)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _sites(b, av[1], pre, post)
        elif op is C.GROUPREF_EXISTS:
            yield from _sites(b, av[1], pre, post)
            if av[2] is not None:
                yield from _sites(b, av[2], pre, post)


@dataclass(frozen=True)
class Recipe:
    """An adversarial string of any size: ``head``, then ``block`` repeated, then ``tail``."""

    head: str
    block: str
    tail: str = ""

    def build(self, size: int, as_bytes: bool = False) -> str | bytes:
        """The string, about ``size`` characters long (latin-1 bytes when ``as_bytes``)."""
        room = max(size - len(self.head) - len(self.tail), len(self.block))
        text = self.head + self.block * max(1, math.ceil(room / len(self.block))) + self.tail
        return text.encode("latin-1") if as_bytes else text


def recipes(pattern: re.Pattern[str] | re.Pattern[bytes]) -> list[Recipe]:
    """Distinct adversarial strings for ``pattern``, as recipes of any size."""
    is_bytes = isinstance(pattern.pattern, bytes)
    b = _Builder(pattern.flags, is_bytes)
    tree = parse(pattern)
    out: dict[Recipe, None] = {}
    for pre, body, post in _sites(b, tree, "", ""):
        pumps = {b.example(body, v, fill) for v in range(3) for fill in (True, False)}
        tails = {post[:-1], post[:-1] + "\x00", *_MISSES}
        for pump in sorted(p for p in pumps if p):
            for tail in sorted(tails):
                out[Recipe(pre, pump, tail)] = None  # the repeat pumped, then a near miss
            # many tries that each almost succeed
            out[Recipe("", pre + pump * 16 + post[:-1] + "\x00")] = None
    whole = sorted({b.example(tree, v, fill) for v in range(3) for fill in (True, False)} - {""})
    for w in whole:
        out[Recipe("", w)] = None  # many matches
        out[Recipe("", w[:-1] + "\x00")] = None  # many near matches
        out[Recipe("", w + " ")] = None
    chars = {c for w in whole for c in w} | {c for r in out for c in r.head + r.block + r.tail}
    for c in sorted(chars):
        out[Recipe("", c)] = None  # a long run of one character the pattern cares about
    if is_bytes:
        return [r for r in out if max(r.head + r.block + r.tail) <= "\xff"]
    return list(out)


def _alarm(signum: int, frame: object) -> None:
    raise Overtime


@contextmanager
def deadline(secs: float) -> Iterator[None]:
    """Raise :class:`Overtime` inside the block after ``secs`` seconds of the process's CPU
    time (main thread only): a machine busy with other work does not make a pattern slow."""
    if not hasattr(signal, "setitimer"):
        yield
        return
    old = signal.signal(signal.SIGVTALRM, _alarm)
    signal.setitimer(signal.ITIMER_VIRTUAL, secs)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, old)


def seconds(
    pattern: re.Pattern[str] | re.Pattern[bytes], text: str | bytes, limit: float, how: str = "scan"
) -> float:
    """Time of ``finditer`` over all of ``text`` (``how="scan"``), or of the methods ``how``
    names at its start (``"match"``, ``"fullmatch,match"``); ``math.inf`` past ``limit``
    seconds. CPU seconds of this thread: what the pattern costs, whatever else the machine
    runs at the time."""
    start = time.thread_time()
    try:
        with deadline(limit):
            if how == "scan":
                for _ in pattern.finditer(text):  # type: ignore[arg-type]
                    pass
            else:
                for method in how.split(","):
                    getattr(pattern, method)(text)
    except Overtime:
        return math.inf
    return time.thread_time() - start


__all__ = ["Overtime", "Recipe", "deadline", "parse", "recipes", "seconds"]
