"""newsfuse.unionfind: sets grown from pairwise links, independent of link order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.unionfind import UnionFind


def test_groups_and_roots() -> None:
    uf: UnionFind[str] = UnionFind(["c", "a", "b", "d"])
    uf.union("c", "b")
    uf.union("d", "b")
    uf.add("e")
    assert uf.find("d") == "b"  # the smallest item is the root
    assert uf.groups() == [["c", "b", "d"], ["a"], ["e"]]


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=30), st.randoms())
def test_link_order_does_not_change_the_sets_or_roots(links, rnd) -> None:
    def sets(order):
        uf: UnionFind[int] = UnionFind(range(10))
        for a, b in order:
            uf.union(a, b)
        return sorted(sorted(g) for g in uf.groups()), [uf.find(i) for i in range(10)]

    shuffled = list(links)
    rnd.shuffle(shuffled)
    assert sets(links) == sets(shuffled)
