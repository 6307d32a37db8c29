"""Taken: the claimed characters of a text, tested in time proportional to a match."""

from __future__ import annotations

from newsfuse.taken import Taken


def test_free_and_overlaps_agree_with_the_spans_taken() -> None:
    taken = Taken(20, [(2, 5)])
    taken.take(10, 12)
    assert taken.free(0, 2) and taken.free(5, 10) and taken.free(12, 20)
    assert taken.overlaps(4, 6) and taken.overlaps(11, 30) and taken.overlaps(0, 3)
    assert taken.free(3, 3)  # an empty range


def test_ranges_are_clipped_to_the_text() -> None:
    taken = Taken(5)
    taken.take(-3, 2)
    taken.take(4, 100)
    assert taken.overlaps(0, 1) and taken.overlaps(4, 9) and taken.free(2, 4)
    assert taken.free(50, 60) and Taken(0).free(0, 10)
