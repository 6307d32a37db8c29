"""A multimap from 64-bit keys to document numbers, kept as a few sorted numpy runs.

The copy index keeps three of these (sampled word shingles, MinHash LSH bands, fact bands):
each entry is ``(key, document number)``. New entries form a new sorted run; a run is merged
with the run before it when that one is at most ``FANOUT`` times bigger, so an entry is
rewritten about ``log_FANOUT(n / batch)`` times and a lookup searches that many runs (as in an
LSM tree). Removed documents are not taken out of the runs at once: the caller passes which
document numbers are alive, and a merge drops the dead entries.

Memory: 12 bytes per entry (uint64 key, uint32 document). The runs are saved and loaded by
:class:`newsfuse.dedup.index.CopyIndex` as rows of the store (``copy_runs``), each run one row,
so that a run changes only the rows of the runs it merged.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

FANOUT = 4


class Run:
    """One sorted run: keys ascending, documents ascending within a key. ``rid`` is the run's
    row id in the store (None until saved)."""

    __slots__ = ("docs", "keys", "rid")

    def __init__(self, keys: U64, docs: U32, rid: int | None = None) -> None:
        self.keys = keys
        self.docs = docs
        self.rid = rid

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def of(cls, keys: U64, docs: U32) -> Run:
        order = np.lexsort((docs, keys))
        return cls(np.ascontiguousarray(keys[order]), np.ascontiguousarray(docs[order]))

    def to_bytes(self) -> tuple[bytes, bytes]:
        return self.keys.tobytes(), self.docs.tobytes()

    @classmethod
    def from_bytes(cls, keys: bytes, docs: bytes, rid: int) -> Run:
        return cls(np.frombuffer(keys, dtype=np.uint64), np.frombuffer(docs, dtype=np.uint32), rid)


class Postings:
    """Key -> document numbers (see the module docstring)."""

    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.dropped: list[int] = []  # store rows of runs merged away, to delete

    @property
    def nbytes(self) -> int:
        return sum(r.keys.nbytes + r.docs.nbytes for r in self.runs)

    def __len__(self) -> int:
        return sum(len(r) for r in self.runs)

    def add(self, keys: U64, docs: U32, alive: Bools) -> None:
        """Add entries (repeated (key, document) pairs are kept once), then merge runs."""
        if not len(keys):
            return
        run = Run.of(np.asarray(keys, np.uint64), np.asarray(docs, np.uint32))
        same = np.zeros(len(run), dtype=bool)
        same[1:] = (run.keys[1:] == run.keys[:-1]) & (run.docs[1:] == run.docs[:-1])
        if same.any():
            run = Run(run.keys[~same], run.docs[~same])
        self.runs.append(run)
        # the last FANOUT runs merge when the oldest of them is not much bigger than the
        # newest (equal batches: FANOUT runs of one size make one run of the next size)
        while len(self.runs) >= FANOUT and len(self.runs[-FANOUT]) <= 2 * len(self.runs[-1]):
            tail = self.runs[-FANOUT:]
            del self.runs[-FANOUT:]
            self.runs.append(self._merge(tail, alive))

    def compact(self, alive: Bools) -> None:
        """Merge every run into one (dropping dead entries)."""
        if len(self.runs) > 1 or (self.runs and not alive[self.runs[0].docs].all()):
            runs, self.runs = self.runs, []
            self.runs.append(self._merge(runs, alive))

    def _merge(self, runs: list[Run], alive: Bools) -> Run:
        self.dropped += [r.rid for r in runs if r.rid is not None]
        keys = np.concatenate([r.keys for r in runs])
        docs = np.concatenate([r.docs for r in runs])
        keep = alive[docs]
        return Run.of(keys[keep], docs[keep])

    def lookup(self, keys: U64, alive: Bools) -> tuple[I64, U32]:
        """``(index into keys, document)`` of every live entry of each key."""
        keys = np.asarray(keys, np.uint64)
        order = np.argsort(keys, kind="stable")  # sorted needles: each search starts where
        keys = keys[order]  # the one before ended
        qs: list[I64] = []
        ds: list[U32] = []
        for run in self.runs:
            lo = np.searchsorted(run.keys, keys, side="left")
            hi = np.searchsorted(run.keys, keys, side="right")
            counts = hi - lo
            if not counts.any():
                continue
            pos = _ranges(lo, counts)
            q = np.repeat(order.astype(np.int64), counts)
            d = run.docs[pos]
            live = alive[d]
            qs.append(q[live])
            ds.append(d[live])
        if not qs:
            return np.zeros(0, np.int64), np.zeros(0, np.uint32)
        return np.concatenate(qs), np.concatenate(ds)

    def counts(self, keys: U64, alive: Bools) -> I64:
        """How many live documents each key has."""
        q, _ = self.lookup(keys, alive)
        return np.bincount(q, minlength=len(keys)).astype(np.int64)

    def keys_of(self, docs: U32) -> Iterator[tuple[U64, U32]]:
        """The entries of the given documents, run by run (a scan: for removals)."""
        wanted = np.asarray(docs, np.uint32)
        for run in self.runs:
            hit = np.isin(run.docs, wanted)
            if hit.any():
                yield run.keys[hit], run.docs[hit]


def _ranges(starts: I64, counts: I64) -> I64:
    """Concatenation of ``arange(s, s + c)`` for each start and count."""
    ends = np.cumsum(counts)
    total = int(ends[-1]) if len(ends) else 0
    return np.arange(total, dtype=np.int64) + np.repeat(starts - (ends - counts), counts)
