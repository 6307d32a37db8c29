"""Union-find (disjoint sets) over hashable items: how families, entities and claim clusters
are grown from pairwise links.

The root of a merged set is always its smallest item, so the grouping, and anything named
after a root, does not depend on the order the links came in.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Disjoint sets of ``items`` (more may be added), with path halving."""

    __slots__ = ("parent",)

    def __init__(self, items: Iterable[T] = ()) -> None:
        self.parent: dict[T, T] = {i: i for i in items}

    def add(self, item: T) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: T) -> T:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: T, b: T) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = (ra, rb) if _less(ra, rb) else (rb, ra)
            self.parent[high] = low

    def groups(self) -> list[list[T]]:
        """Every set, its items in insertion order, the sets ordered by their first item."""
        out: dict[T, list[T]] = {}
        for item in self.parent:
            out.setdefault(self.find(item), []).append(item)
        return list(out.values())


def _less(a: Any, b: Any) -> bool:
    return bool(a < b)


__all__ = ["UnionFind"]
