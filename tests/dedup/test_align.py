"""The rewrite check on long texts: memory bounded per pair, the same answer as in one block."""

from __future__ import annotations

import random
import tracemalloc

import numpy as np
import pytest

from newsfuse.dedup import align
from newsfuse.dedup.align import RewriteChecker

WORDS = (  # noqa: SIM905  (a sentence reads better than a list of words)
    "the council said on monday that the bridge would reopen after repairs costing millions "
    "and residents welcomed the news while critics asked why it took so long"
).split()


def page(sentences: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(
        " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(sentences)
    )


def test_two_long_pages_are_compared_in_bounded_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # two pages of reader comments once made one pair allocate ~13 GB (a dense (8n x 8m)
    # product, 60 MB for these two); in blocks of rows it stays within the block size
    monkeypatch.setattr(align, "MATRIX_BYTES", 2**20)
    a, b = page(300, 1), page(400, 2)
    checker = RewriteChecker().fit([a, b])
    tracemalloc.start()
    try:
        checker.check(a, b)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"peak {peak / 2**20:.0f} MiB"


def test_blocks_of_rows_give_the_one_block_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    a = (
        "The council voted on Monday to reopen the Harbour Bridge. Repairs cost 4 million "
        "euros, the mayor said. Residents had waited two years for the work. Critics asked "
        "why it took so long. The bridge carries 20,000 cars a day."
    )
    b = (
        "On Monday the council decided to reopen the Harbour Bridge. The mayor said the "
        "repairs cost 4 million euros. Residents waited two years for the work. Critics "
        "wondered why it took so long. Each day 20,000 cars cross the bridge."
    )
    whole = RewriteChecker().fit([a, b]).check(a, b)
    monkeypatch.setattr(align, "MATRIX_BYTES", 1)  # one row of a at a time
    rows = RewriteChecker().fit([a, b]).check(a, b)
    assert whole is not None and rows is not None
    pairs = [(s.a_start, s.a_end, s.b_start, s.b_end) for s in whole.aligned]
    assert [(s.a_start, s.a_end, s.b_start, s.b_end) for s in rows.aligned] == pairs
    for x, y in ((rows.score, whole.score), (rows.facts, whole.facts), (rows.order, whole.order)):
        assert np.isclose(x, y, rtol=0, atol=1e-12)  # sums over other blocks: the last bits
    assert np.isclose(whole.coverage_a, 1.0)
