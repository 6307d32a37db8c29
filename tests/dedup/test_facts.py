"""The facts of two texts compared (numbers, names, quotes): the rewrite detector's test.

All example text is invented for these tests."""

from __future__ import annotations

import pytest

from newsfuse.dedup.facts import Facts, fact_overlap, facts


def test_fact_overlap_counts_each_kind() -> None:
    a = Facts(frozenset({"14", "2021"}), frozenset({"varga"}), ("we will rebuild the school",))
    b = Facts(frozenset({"14"}), frozenset({"varga", "brenn"}), ("we will rebuild",))
    o = fact_overlap(a, b)
    assert o["numbers"] == {"shared": 1, "only_a": 1, "only_b": 0}
    assert o["names"] == {"shared": 1, "only_a": 0, "only_b": 1}
    assert o["quotes"] == {"shared": 1, "only_a": 0, "only_b": 0}  # a shorter quote survives
    assert o["conflict"] is False
    assert o["survival"] == pytest.approx(3 / 4)  # both hold 4 facts, 3 of them shared


def test_survival_is_the_share_of_the_smaller_side_found_in_the_other() -> None:
    small = Facts(frozenset({"14"}), frozenset({"varga"}))
    big = Facts(frozenset({"14", "32"}), frozenset({"varga", "brenn", "kestrel"}))
    assert fact_overlap(small, big)["survival"] == 1.0
    assert fact_overlap(big, small)["survival"] == 1.0
    other = Facts(frozenset({"15"}), frozenset({"varga"}))
    assert fact_overlap(other, big)["survival"] == 0.5
    assert fact_overlap(Facts(), big)["survival"] == 1.0


def test_conflicting_numbers_are_flagged() -> None:
    a = facts("Floods killed 14 people in Velar.")
    b = facts("Floods killed 32 people in Velar.")
    o = fact_overlap(a, b)
    assert o["conflict"] is True
    assert o["survival"] == 0.5  # Velar survives, 14 does not
    assert (
        fact_overlap(a, facts("In Velar, floods killed 14 people on Friday."))["conflict"] is False
    )
