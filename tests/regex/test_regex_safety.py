"""Every regular expression newsfuse applies to text runs in linear time (issue 13).

Everything newsfuse reads comes from strangers, and the matcher of :mod:`re` backtracks: a
pattern that can read the same text in many ways (``(a|a)*``, ``\\s*\\s*``, ``.*?`` reaching a
later delimiter), or that is tried again at every position of a long run and reads to its end
each time (``\\s+x`` over a million spaces), takes quadratic or exponential time on a page built
for it, or on an unlucky one (a run of dots, twenty comment lines).

The patterns are found, not listed (``regex_patterns``): every compiled pattern a module holds
and every ``re.<function>(...)`` call in the source. For each, ``regex_adversary`` builds
attacks from the parsed pattern (each repeated sub-pattern pumped, then a near miss; many near
matches; long runs of each character it cares about), and the pattern is timed the way the code
uses it: ``finditer`` over the whole text, or ``match``/``fullmatch`` for a pattern the code
only ever matches at a position.

1. Every attack at SCREEN characters, stopped at a deadline: an exponential pattern ends here.
2. The slowest few again at N and 4 N characters: more than MS_PER_KB milliseconds per kilobyte
   at 4 N fails, and so does a time that grows more than GROWTH times from N to 4 N (linear
   grows 4 times, quadratic 16). The message names the pattern, the attack and the times.

A pattern the code applies only to a piece of what it reads (the 40 characters before a sentence
end; a page up to its last ">") is listed in AS_USED with the code that cuts the piece, and timed
on that piece of each attack; the test checks the code still cuts it there.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.regex.regex_adversary import Recipe, parse, recipes, seconds
from tests.regex.regex_patterns import Found, all_patterns

import newsfuse

SCREEN = 2_000  # characters of the first pass over every attack
N = 16_000  # the growth check times the slowest attacks at N and 4 N characters
MS_PER_KB = 3.0  # what a pattern may take per kilobyte of attack (the slowest linear one: ~1)
FLOOR = 0.010  # seconds any run may take (timer and scheduler noise on a shared machine)
GROWTH = 10.0  # from N to 4 N characters: linear 4 times, quadratic 16
SLOWEST = 3  # attacks timed again at N and 4 N

#: Values for the local names of patterns built at run time, keyed by file and pattern source.
SAMPLES: dict[tuple[str, str], dict[str, object]] = {
    # the words of a user's query, each escaped
    ("newsfuse/brief/build.py", 'rf"\\b(?:{words})"'): {"words": "harbour|wall|storm"},
    ("newsfuse/brief/timeline.py", 'rf"(?<!\\w){words}"'): {"words": "harbour\\s+wall"},
    # the author a page declares (escaped), against the printed byline
    (
        "newsfuse/extract/html.py",
        'rf"{re.escape(declared_author)}\\s*(?:,|and|&)\\s*[A-Z][\\w .\'-]+"',
    ): {"declared_author": "Jane Doe"},
    # the closing tag of each skipped element (all of them are in linear._CLOSERS too)
    ("newsfuse/extract/linear.py", 'rf"</{name}(?![A-Za-z0-9:-])"'): {"name": "script"},
}

Cut = Callable[[str | bytes], str | bytes]


def first(n: int) -> Cut:
    return lambda text: text[:n]


def up_to_last(mark: str) -> Cut:
    return lambda text: text[: text.rfind(mark) + 1]  # type: ignore[arg-type]


#: Patterns the code applies only to a piece of the text: how the piece is cut, the file, and
#: the lines of code that cut it (each must still be there, and be the only uses of the name).
#: Keys: ``module.NAME``, or ``(file, pattern)`` for a call.
AS_USED: dict[str | tuple[str, str | bytes], tuple[Cut, str, tuple[str, ...]]] = {
    "newsfuse.text.sentences._WORD_BEFORE": (
        first(41),
        "newsfuse/text/sentences.py",
        ("_WORD_BEFORE.search(text, max(start, m.start() - 40), m.start() + 1)",),
    ),
    "newsfuse.text.sentences._DOTTED": (
        first(42),  # the word _WORD_BEFORE found (41 characters at most) and a dot
        "newsfuse/text/sentences.py",
        ('_DOTTED.search(word + ".")',),
    ),
    "newsfuse.claims.numbers._CAP_WORD_BEFORE": (
        first(30),
        "newsfuse/claims/numbers.py",
        ("_CAP_WORD_BEFORE.search(text, max(0, start - 30), start)",),
    ),
    "newsfuse.claims.attribution._APPOSITIVE_BEFORE": (
        first(120),
        "newsfuse/claims/attribution.py",
        ("window = max(0, s - 120)", "_APPOSITIVE_BEFORE.search(text, window, s)"),
    ),
    ("newsfuse/claims/timex.py", r"([\w.]+)$"): (
        first(12),
        "newsfuse/claims/timex.py",
        ('re.search(r"([\\w.]+)$", text[max(0, m.start() - 12) : m.start()])',),
    ),
    ("newsfuse/claims/timex_rules.py", r"(?:[.!?:\n][\"'”’)]?\s*|^\s*)$"): (
        first(3),
        "newsfuse/claims/timex_rules.py",
        ("before = text[max(0, pos - 3) : pos]",),
    ),
    "newsfuse.extract.linear._MARKUP": (
        # every tag it starts to read has its ">" (a "<" with none after it read on to the end)
        up_to_last(">"),
        "newsfuse/extract/linear.py",
        ('limit = html.rfind(">") + 1', "_MARKUP.search(html, pos, limit)"),
    ),
}

FOUND, DYNAMIC = all_patterns(SAMPLES)
SRC = Path(newsfuse.__file__).resolve().parent.parent


def _id(item: tuple[Found, str]) -> str:
    return item[0].where


def _limit(size: int) -> float:
    """The time a pattern may take over ``size`` characters."""
    return max(MS_PER_KB * size / 1000 / 1000, FLOOR)


def _best(found: Found, how: str, text: str | bytes, tries: int = 3) -> float:
    """The least of ``tries`` times (the machine is shared), stopping at the first fast one."""
    best = math.inf
    for _ in range(tries):
        best = min(best, seconds(found.pattern, text, _limit(len(text)) * 2, how))
        if best < FLOOR:
            break
    return best


def _show(recipe: Recipe) -> str:
    return f"{recipe.head[:40]!r} + {recipe.block[:40]!r} * n + {recipe.tail[:40]!r}"


def _failure(found: Found, how: str) -> str | None:
    """Why ``found`` is not linear on its attacks, or None."""
    as_bytes = isinstance(found.pattern.pattern, bytes)
    cut = AS_USED[found.key][0] if found.key in AS_USED else (lambda text: text)
    name = f"{found.where} ({how})"
    timed: list[tuple[float, Recipe]] = []
    for recipe in recipes(found.pattern):
        text = cut(recipe.build(SCREEN, as_bytes))
        took = seconds(found.pattern, text, _limit(len(text)) * 2, how)
        if took > _limit(len(text)):
            took = _best(found, how, text)
        if took > _limit(len(text)):
            return (
                f"{name} took {'over ' if took == math.inf else ''}"
                f"{min(took, _limit(len(text)) * 2) * 1000:.0f} ms on {len(text)} characters "
                f"of {_show(recipe)}: {found.pattern.pattern!r}"
            )
        timed.append((took, recipe))
    if len(cut("x" * 4 * N)) < 4 * N:
        return None  # a bounded piece: what it takes at its size is all it can take
    timed.sort(key=lambda t: -t[0])
    for _, recipe in timed[:SLOWEST]:
        small, big = cut(recipe.build(N, as_bytes)), cut(recipe.build(4 * N, as_bytes))
        t_big = _best(found, how, big)
        if t_big > _limit(len(big)):
            return (
                f"{name} took {min(t_big, _limit(len(big)) * 2) * 1000:.0f} ms on {len(big)} "
                f"characters (more than {MS_PER_KB} ms/KB) of {_show(recipe)}: "
                f"{found.pattern.pattern!r}"
            )
        if t_big >= FLOOR:
            t_small = _best(found, how, small)
            if t_big > GROWTH * t_small:
                return (
                    f"{name} grows {t_big / t_small:.0f} times from {len(small)} to {len(big)} "
                    f"characters of {_show(recipe)} ({t_small * 1000:.1f} -> "
                    f"{t_big * 1000:.1f} ms): {found.pattern.pattern!r}"
                )
    return None


@pytest.mark.parametrize("item", FOUND, ids=_id)
def test_pattern_runs_in_linear_time(item: tuple[Found, str]) -> None:
    found, how = item
    failure = _failure(found, how)
    assert failure is None, failure


def test_the_adversary_finds_what_it_must() -> None:
    """The check fails the textbook cases, and the patterns of issue 13 as they were."""
    for bad, how in [
        (r"(a|a)*b", "scan"),  # exponential
        (r"(?:<!--.*?-->\s*)*<rss", "match"),  # the feed root before: exponential
        (r"(?:\.{3}|…|[.!?])+[\"'”’»›)\]]*(?=\s)", "scan"),  # the sentence end before
        (r"\s+$", "scan"),  # quadratic: tried from every space of a run
        (r"\w+\s*\w+!", "match"),  # quadratic: two repeats read the same word
        (r"\s+[|\-–—:·»]\s+", "scan"),  # a title separator before
        (r"^\s*[:.]?\s*(?:am|pm)?\s*$", "match"),  # three ways to read each space: cubic
    ]:
        pattern = re.compile(bad)
        assert _failure(Found(bad, pattern), how) is not None, bad
    for good, how in [
        (r"(?<!\s)\s+$", "scan"),
        (r"\w++\s*+\w+!", "match"),
        (r"(?<![ab])[ab]+c", "scan"),
    ]:
        assert _failure(Found(good, re.compile(good)), how) is None, good


def test_the_patterns_are_found() -> None:
    """The collection finds the patterns of every kind of definition (so a new one is tested)."""
    where = {f.where for f, _ in FOUND}
    assert len(FOUND) > 300
    assert "newsfuse.ingest.sniff._FEED_ROOT" in where  # module level
    assert "newsfuse.text.quoted._QUOTE_PATTERNS[0]" in where  # inside a tuple
    assert any(w.startswith("newsfuse.extract.linear._CLOSERS[") for w in where)  # in a dict
    assert any(w.startswith("newsfuse/claims/timex_rules.py:") for w in where)  # in a function
    modes = {f.where: how for f, how in FOUND}
    assert modes["newsfuse.text.sentences._NEXT_START"] == "match"  # only ever .match()ed
    assert modes["newsfuse.text.sentences._SENT_END"] == "scan"
    for found, _ in FOUND:
        parse(found.pattern)  # the parser the attacks are built from reads every pattern


def test_every_pattern_built_at_run_time_has_sample_values() -> None:
    """A pattern built from local values (a query, an author) cannot be found by reading the
    source: it is tested with the values SAMPLES gives, so a new one must be added there."""
    keys = {(d.where.split(":")[0], d.source) for d in DYNAMIC}
    missing = sorted(f"{file}: {source}" for file, source in keys - set(SAMPLES))
    assert not missing, "add sample values to SAMPLES for:\n" + "\n".join(missing)
    assert not set(SAMPLES) - keys, f"SAMPLES for patterns that are gone: {set(SAMPLES) - keys}"


@pytest.mark.parametrize("key", list(AS_USED), ids=str)
def test_the_code_still_cuts_the_piece(key: str | tuple[str, str | bytes]) -> None:
    """Each pattern of AS_USED exists, and the code that cuts its piece is still there and is
    the only way the pattern is used."""
    assert key in {f.key for f, _ in FOUND}, f"AS_USED names a pattern that is gone: {key}"
    _, file, lines = AS_USED[key]
    text = (SRC / file).read_text(encoding="utf-8")
    for line in lines:
        assert line in text, f"{file} no longer has {line!r}: is the piece still bounded?"
    if isinstance(key, str):
        name = key.rpartition(".")[2]
        uses = sum(
            len(re.findall(rf"\b{re.escape(name)}\.\w+\(", p.read_text(encoding="utf-8")))
            for p in (SRC / "newsfuse").rglob("*.py")
        )
        assert uses == sum(text.count(line) for line in lines if f"{name}." in line), (
            f"{key} is used somewhere else too: add that use to AS_USED or make it linear"
        )
