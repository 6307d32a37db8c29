"""The characters of one text that matches have claimed already.

Finders run many patterns over a text and keep a match only where no earlier one lies ("Nov. 4,
2024" is a date, so its "4" is no figure). Asking each new match against every match kept
takes time that grows with the square of the matches, which a text of a few thousand dates or
figures on one line makes minutes. :class:`Taken` marks the claimed characters instead: each
test and each claim costs the length of the match, whatever the number of matches.
"""

from __future__ import annotations

from collections.abc import Iterable


class Taken:
    """Claimed characters of a text of ``length`` characters (one byte each).

    ``take(start, end)`` claims ``[start, end)``; ``free(start, end)`` says whether none of
    ``[start, end)`` is claimed (an empty range is free). Ranges are clipped to the text.
    """

    __slots__ = ("_mask",)

    def __init__(self, length: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._mask = bytearray(max(0, length))
        for start, end in spans:
            self.take(start, end)

    def _clip(self, start: int, end: int) -> tuple[int, int]:
        n = len(self._mask)
        return min(max(start, 0), n), min(max(end, 0), n)

    def take(self, start: int, end: int) -> None:
        start, end = self._clip(start, end)
        if start < end:
            self._mask[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        start, end = self._clip(start, end)
        return start >= end or self._mask.find(1, start, end) < 0

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some character of ``[start, end)`` is claimed."""
        return not self.free(start, end)


__all__ = ["Taken"]
