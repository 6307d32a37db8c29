"""A banded LSH index over MinHash signatures, kept in compact numpy arrays.

Each signature of ``num_perm`` values is cut into ``bands`` bands of ``rows`` values; two
documents become candidates when they agree on all the rows of at least one band, which
happens with probability ``1 - (1 - J**rows)**bands`` for Jaccard similarity ``J`` (the
"S-curve"). :func:`lsh_params` picks ``(bands, rows)`` for a threshold by integrating that curve
the way datasketch's ``MinHashLSH`` does, with weights that favour recall (see there).

Storage is sized for millions of documents: each band of each document is one 64-bit hash of
its rows, and the index is a few *runs* per band, each a sorted uint64 key array with an int32
array of document indexes beside it (12 bytes per document and band; no Python object per
key). Every :meth:`LSHIndex.add` sorts its batch into a new run and merges runs of similar size
(as an LSM tree does), so a document is re-merged about log2(n / batch) times and there are
never more than about that many runs to search. Whole-index work (:meth:`LSHIndex.candidate_pairs`,
:meth:`LSHIndex.to_bytes`) first merges everything into one run.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newsfuse.dedup.fingerprint import EMPTY_VALUE
from newsfuse.errors import ConfigError, require_fraction, require_int

__all__ = ["DEFAULT_WEIGHTS", "Bucket", "LSHIndex", "lsh_params"]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]

DEFAULT_WEIGHTS = (0.02, 0.98)
"""Default (false positive, false negative) weights of :func:`lsh_params`.

datasketch's even weights put the threshold near the middle of the S-curve: at threshold 0.8
with 128 permutations they give 9 bands of 13 rows, which finds a pair with J = 0.8 only 40% of
the time. A false positive costs one exact comparison later; a false negative is a copy never
found. These weights give 17 bands of 7 rows there, which finds a pair at J = 0.8 with
probability 0.982 (and 0.9986 at J = 0.85), at the price of more candidates below the threshold
(0.12 at J = 0.5, against 0.001): the recall the dedup stage is asked for (0.98 at J >= 0.8).
"""

_MAX_DOCS = 2**31 - 1  # document indexes are int32
_ROW_MULT = np.uint64(0xD1B54A32D192ED03)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S32 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(32)


def lsh_params(
    threshold: float,
    num_perm: int,
    false_positive_weight: float = DEFAULT_WEIGHTS[0],
    false_negative_weight: float = DEFAULT_WEIGHTS[1],
) -> tuple[int, int]:
    """``(bands, rows)`` with ``bands * rows <= num_perm`` minimising the weighted sum of the
    false positive area (the S-curve integrated over ``[0, threshold]``) and the false negative
    area (one minus it over ``[threshold, 1]``), as datasketch's ``_optimal_param`` does; the
    integrals use 64-point Gauss-Legendre quadrature (same choices as datasketch's adaptive
    quadrature on every case we compared)."""
    _check_unit("threshold", threshold, "lsh_params")
    _check_num_perm(num_perm, "lsh_params")
    for name, w in (
        ("false_positive_weight", false_positive_weight),
        ("false_negative_weight", false_negative_weight),
    ):
        require_fraction("lsh_params", name, w)
    if false_positive_weight + false_negative_weight <= 0:
        raise ConfigError("the weights of lsh_params must not both be 0")
    pairs = np.array(
        [(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)],
        dtype=np.float64,
    )
    b, r = pairs[:, :1], pairs[:, 1:]
    nodes, qw = np.polynomial.legendre.leggauss(64)
    t = float(threshold)
    below, w_below = (nodes + 1) / 2 * t, qw / 2 * t
    above, w_above = t + (nodes + 1) / 2 * (1 - t), qw / 2 * (1 - t)
    fp = ((1 - (1 - below**r) ** b) * w_below).sum(axis=1)
    fn = (((1 - above**r) ** b) * w_above).sum(axis=1)
    best = int(np.argmin(fp * false_positive_weight + fn * false_negative_weight))
    return int(pairs[best, 0]), int(pairs[best, 1])


def _check_unit(name: str, value: object, owner: str) -> float:
    return require_fraction(owner, name, value, low_open=True, high_open=True)


def _check_num_perm(num_perm: object, owner: str) -> int:
    return require_int(owner, "num_perm", num_perm, least=2)


@dataclass(frozen=True, slots=True)
class Bucket:
    """A band bucket bigger than ``max_bucket`` seen by :meth:`LSHIndex.candidate_pairs`:
    ``size`` documents agree on band ``band``; ``first`` is the lowest document index among
    them (the one every other member was paired with)."""

    band: int
    size: int
    first: int


class LSHIndex:
    """MinHash LSH over signatures from :class:`newsfuse.dedup.fingerprint.MinHasher`.

    ``threshold`` and ``weights`` (false positive, false negative) choose the banding with
    :func:`lsh_params` unless ``params=(bands, rows)`` is given. ``max_bucket`` bounds the pairs
    that :meth:`candidate_pairs` makes from one band bucket: a bucket of more members is a
    degenerate key (boilerplate shared by many pages, thousands of copies of one wire story)
    whose all-pairs expansion would be quadratic; its members are paired with its first
    member only (a star, so a union-find over the pairs still joins them all) and the bucket
    is listed in :attr:`oversized`. :meth:`query` and :meth:`query_many` are not capped: they
    give every member of a bucket, however big. Signatures of empty documents (all
    :data:`~newsfuse.dedup.fingerprint.EMPTY_VALUE`) take an index and a key but are not put in
    the bands, so they are never candidates.

    Documents are numbered in the order they were added (``0 .. len(index) - 1``);
    :meth:`candidate_pairs` works on those numbers, :meth:`query` gives keys, and
    :meth:`key` / :attr:`keys` map numbers back to keys. Keys are kept as given, in a list, and
    are not checked for repeats. Memory: 12 bytes per band and document plus the key list
    (about 240 bytes per document with the default 17 bands and int keys), and 2-4 bytes per
    band and document more once queried (see ``_Run``); merging runs needs up to twice the band
    arrays for a moment. Not safe to modify from several threads at once.
    """

    def __init__(
        self,
        threshold: float = 0.8,
        num_perm: int = 128,
        weights: tuple[float, float] = DEFAULT_WEIGHTS,
        params: tuple[int, int] | None = None,
        max_bucket: int = 1000,
    ) -> None:
        self.threshold = _check_unit("threshold", threshold, "LSHIndex")
        self.num_perm = _check_num_perm(num_perm, "LSHIndex")
        if (
            not isinstance(weights, tuple | list)
            or len(weights) != 2
            or not all(isinstance(w, int | float) and 0 <= w <= 1 for w in weights)
            or sum(weights) <= 0
        ):
            raise ConfigError(
                "the 'weights' parameter of LSHIndex must be two numbers in [0, 1] "
                f"(false positive, false negative), not both 0, got {weights!r}"
            )
        self.weights = (float(weights[0]), float(weights[1]))
        if params is None:
            bands, rows = lsh_params(self.threshold, num_perm, *self.weights)
        else:
            if (
                not isinstance(params, tuple | list)
                or len(params) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in params)
                or params[0] * params[1] > num_perm
            ):
                raise ConfigError(
                    "the 'params' parameter of LSHIndex must be (bands, rows), positive ints "
                    f"with bands * rows <= num_perm ({num_perm}), got {params!r}"
                )
            bands, rows = int(params[0]), int(params[1])
        self.bands, self.rows = bands, rows
        self.max_bucket = require_int("LSHIndex", "max_bucket", max_bucket, least=2)
        self._keys: list[Any] = []
        self._runs: list[_Run] = []
        self.oversized: list[Bucket] = []
        """The oversized buckets met by the last :meth:`candidate_pairs` call."""

    def __repr__(self) -> str:
        return (
            f"LSHIndex(threshold={self.threshold}, num_perm={self.num_perm}, "
            f"params=({self.bands}, {self.rows}), max_bucket={self.max_bucket}, docs={len(self)})"
        )

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def keys(self) -> list[Any]:
        """The keys in document-number order (a copy)."""
        return list(self._keys)

    def key(self, index: int) -> Any:
        """The key of document number ``index``."""
        return self._keys[index]

    @property
    def nbytes(self) -> int:
        """Bytes held by the band arrays (the key list is not counted)."""
        return sum(run.nbytes for run in self._runs)

    # --- building ------------------------------------------------------------------------

    def band_keys(self, signatures: npt.ArrayLike) -> U64:
        """The ``(n, bands)`` uint64 band hashes of ``(n, num_perm)`` signatures."""
        sigs = self._check_signatures(signatures)
        cols = sigs[:, : self.bands * self.rows].reshape(len(sigs), self.bands, self.rows)
        acc = cols[:, :, 0].astype(np.uint64)
        for j in range(1, self.rows):
            acc *= _ROW_MULT
            acc += cols[:, :, j]
        acc ^= acc >> _S30
        acc *= _M1
        acc ^= acc >> _S27
        acc *= _M2
        acc ^= acc >> _S31
        return acc

    def add(self, keys: Sequence[Any], signatures: npt.ArrayLike) -> None:
        """Add documents: ``keys[i]`` names the document whose signature is row ``i``."""
        sigs = self._check_signatures(signatures)
        if len(keys) != len(sigs):
            raise ConfigError(f"LSHIndex.add got {len(keys)} keys for {len(sigs)} signatures")
        base = len(self._keys)
        if base + len(sigs) > _MAX_DOCS:
            raise ConfigError(f"an LSHIndex holds at most {_MAX_DOCS} documents")
        self._keys.extend(keys)
        rows = np.flatnonzero(~(sigs == EMPTY_VALUE).all(axis=1))
        if not len(rows):
            return
        band_keys = np.ascontiguousarray(self.band_keys(sigs[rows]).T)
        order = np.argsort(band_keys, axis=1, kind="stable")  # equal keys: ids ascending
        ids = (rows + base).astype(np.int32)[order]
        self._runs.append(_Run(np.take_along_axis(band_keys, order, axis=1), ids))
        while len(self._runs) > 1 and self._runs[-2].size <= self._runs[-1].size:
            b = self._runs.pop()
            a = self._runs.pop()
            self._runs.append(_merge(a, b))

    def compact(self) -> None:
        """Merge all runs into one (done by :meth:`candidate_pairs` and :meth:`to_bytes`;
        call it before many single :meth:`query` calls)."""
        while len(self._runs) > 1:
            b = self._runs.pop()
            a = self._runs.pop()
            self._runs.append(_merge(a, b))

    # --- searching -----------------------------------------------------------------------

    def query(self, signature: npt.ArrayLike) -> list[Any]:
        """Keys of the indexed documents sharing a band with ``signature``."""
        sig = np.asarray(signature)
        return self.query_many(sig.reshape(1, -1))[0]

    def query_many(self, signatures: npt.ArrayLike) -> list[list[Any]]:
        """For each signature, the keys of the indexed documents sharing a band with it (in
        document order; a signature that is in the index finds itself)."""
        qi, di = self.query_indexes(signatures)
        n = len(np.asarray(signatures))
        bounds = np.searchsorted(qi, np.arange(n + 1))
        keys = self._keys
        return [[keys[d] for d in di[bounds[i] : bounds[i + 1]].tolist()] for i in range(n)]

    def query_indexes(self, signatures: npt.ArrayLike) -> tuple[I64, I64]:
        """``(query row, document number)`` of every hit of a batch of queries, sorted and
        without repeats: the array form of :meth:`query_many`."""
        sigs = self._check_signatures(signatures)
        live = np.flatnonzero(~(sigs == EMPTY_VALUE).all(axis=1))
        if not len(live) or not self._runs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        q = self.band_keys(sigs[live])
        found_q: list[I64] = []
        found_d: list[I64] = []
        for run in self._runs:
            rows, docs = run.lookup(q)
            found_q.append(live[rows])
            found_d.append(docs)
        if not found_q:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        codes = _unique(
            (np.concatenate(found_q).astype(np.uint64) << _S32)
            | np.concatenate(found_d).astype(np.uint64)
        )
        return (codes >> _S32).astype(np.int64), (codes & np.uint64(0xFFFFFFFF)).astype(np.int64)

    def candidate_pairs(self) -> I64:
        """All pairs of document numbers ``(i, j)``, ``i < j``, that share at least one band:
        an ``(n_pairs, 2)`` int64 array, sorted. Buckets over ``max_bucket`` members give a
        star of pairs (see the class) and are listed in :attr:`oversized`."""
        self.compact()
        self.oversized = []
        if not self._runs:
            return np.zeros((0, 2), dtype=np.int64)
        keys, ids = self._runs[0].keys, self._runs[0].ids
        codes: list[U64] = []
        seen = np.zeros(0, dtype=np.uint64)  # hashes of the member sets expanded so far
        for band in range(self.bands):
            k, d = keys[band], ids[band]
            starts = np.flatnonzero(np.concatenate(([True], k[1:] != k[:-1])))
            sizes = np.diff(np.append(starts, len(k)))
            multi = np.flatnonzero(sizes >= 2)
            for g in multi[sizes[multi] > self.max_bucket]:
                self.oversized.append(Bucket(band, int(sizes[g]), int(d[starts[g]])))
            # Near-identical documents fall in the same bucket in many bands: expand a member
            # set only the first time it is met (members are in ascending order, so a set has
            # one hash; a 64-bit collision would be needed to skip a new one).
            member_hash = _mix(d.astype(np.uint64))
            group_hash = np.add.reduceat(member_hash, starts)[multi] ^ _mix(
                sizes[multi].astype(np.uint64)
            )
            fresh = ~_contains(seen, group_hash)
            multi, group_hash = multi[fresh], group_hash[fresh]
            seen = np.sort(np.concatenate((seen, group_hash)))
            small = multi[sizes[multi] <= self.max_bucket]
            big = multi[sizes[multi] > self.max_bucket]
            left, right = _all_pairs(starts[small], sizes[small])
            if len(big):
                star_l, star_r = _star_pairs(starts[big], sizes[big])
                left, right = np.concatenate((left, star_l)), np.concatenate((right, star_r))
            a, b = d[left].astype(np.uint64), d[right].astype(np.uint64)
            codes.append(_unique((np.minimum(a, b) << _S32) | np.maximum(a, b)))
            if sum(map(len, codes)) > max(3 * len(codes[0]), 1 << 20):
                codes = [_unique(np.concatenate(codes))]  # pairs repeat across bands: fold
        pairs = _unique(np.concatenate(codes)) if codes else np.zeros(0, np.uint64)
        out = np.empty((len(pairs), 2), dtype=np.int64)
        out[:, 0] = pairs >> _S32
        out[:, 1] = pairs & np.uint64(0xFFFFFFFF)
        return out

    # --- persistence ---------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The whole index (parameters, keys, bands) as one ``np.savez`` blob."""
        self.compact()
        meta = {
            "version": 1,
            "threshold": self.threshold,
            "num_perm": self.num_perm,
            "weights": list(self.weights),
            "params": [self.bands, self.rows],
            "max_bucket": self.max_bucket,
        }
        keys, ids = (
            (self._runs[0].keys, self._runs[0].ids)
            if self._runs
            else (np.zeros((self.bands, 0), np.uint64), np.zeros((self.bands, 0), np.int32))
        )
        buf = io.BytesIO()
        np.savez(
            buf,
            meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
            keys=np.frombuffer(json.dumps(self._keys, default=_plain).encode(), dtype=np.uint8),
            band_keys=keys,
            band_ids=ids,
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LSHIndex:
        """The index saved by :meth:`to_bytes` (keys come back as JSON gave them: str or
        int)."""
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            meta = json.loads(z["meta"].tobytes())
            index = cls(
                threshold=meta["threshold"],
                num_perm=meta["num_perm"],
                weights=tuple(meta["weights"]),
                params=tuple(meta["params"]),
                max_bucket=meta["max_bucket"],
            )
            index._keys = json.loads(z["keys"].tobytes())
            if z["band_keys"].shape[1]:
                index._runs = [_Run(z["band_keys"], z["band_ids"])]
        return index

    # --- helpers -------------------------------------------------------------------------

    def _check_signatures(self, signatures: npt.ArrayLike) -> npt.NDArray[np.uint32]:
        sigs = np.asarray(signatures)
        if sigs.ndim != 2 or sigs.shape[1] != self.num_perm:
            raise ConfigError(
                f"LSHIndex(num_perm={self.num_perm}) needs signatures of shape (n, "
                f"{self.num_perm}), got {sigs.shape}"
            )
        return sigs.astype(np.uint32, copy=False)


def _plain(value: object) -> int | str:
    """JSON form of numpy integer keys."""
    if isinstance(value, np.integer):
        return int(value)
    raise TypeError(f"LSHIndex keys must be str or int to be saved, got {type(value).__name__}")


class _Run:
    """One sorted run: per band (row), band keys in ascending order and the document numbers
    beside them (equal keys in ascending document order).

    For queries a *directory* is built on first use: the keys' top ``b`` bits (``2**b`` between
    half the run size and the run size) index the start of their keys, so a lookup is two
    gathers and a scan of one or two keys instead of a binary search whose ~20 dependent steps
    miss the cache on large runs (5x faster on 2,000 queries against 1M documents). It costs 2-4
    bytes per document and band.
    """

    __slots__ = ("_directory", "_shift", "ids", "keys")

    def __init__(self, keys: U64, ids: I32) -> None:
        self.keys = keys
        self.ids = ids
        self._directory: npt.NDArray[np.integer[Any]] | None = None
        self._shift = np.uint64(64)

    @property
    def size(self) -> int:
        return int(self.keys.shape[1])

    @property
    def nbytes(self) -> int:
        extra = 0 if self._directory is None else self._directory.nbytes
        return int(self.keys.nbytes + self.ids.nbytes + extra)

    def _build_directory(self) -> npt.NDArray[np.integer[Any]]:
        bits = max(0, self.size.bit_length() - 1)
        self._shift = np.uint64(64 - bits)
        slots = 1 << bits
        dtype = np.int32 if self.keys.size < 2**31 else np.int64
        directory = np.zeros((len(self.keys), slots + 1), dtype=dtype)
        for band, keys in enumerate(self.keys):
            top = (keys >> self._shift).astype(np.intp) if bits else np.zeros(len(keys), np.intp)
            np.cumsum(np.bincount(top, minlength=slots), out=directory[band, 1:])
            directory[band] += band * self.size  # positions in the flattened keys
        self._directory = directory
        return directory

    def lookup(self, q: U64) -> tuple[I64, I64]:
        """(row of ``q``, document number) for each band key of ``q`` (n, bands) in the run."""
        directory = self._directory if self._directory is not None else self._build_directory()
        n, bands = q.shape
        if self._shift < 64:
            top = (q >> self._shift).astype(np.intp)
        else:
            top = np.zeros(q.shape, dtype=np.intp)
        top += (np.arange(bands, dtype=np.intp) * directory.shape[1])[None, :]
        flat_dir = directory.reshape(-1)
        lo = flat_dir[top].reshape(-1).astype(np.int64)
        counts = flat_dir[top + 1].reshape(-1) - lo
        pos = _ranges(lo, counts)
        match = self.keys.reshape(-1)[pos] == np.repeat(q.reshape(-1), counts)
        rows = np.repeat(np.repeat(np.arange(n, dtype=np.int64), bands), counts)[match]
        return rows, self.ids.reshape(-1)[pos[match]].astype(np.int64)


def _merge(a: _Run, b: _Run) -> _Run:
    """Merge two runs, band by band (so the temporaries are one band's), ``a`` first on equal
    keys (a stable argsort of two sorted runs is one linear timsort merge)."""
    bands, size = a.keys.shape[0], a.size + b.size
    keys = np.empty((bands, size), dtype=np.uint64)
    ids = np.empty((bands, size), dtype=np.int32)
    for band in range(bands):
        band_keys = np.concatenate((a.keys[band], b.keys[band]))
        order = np.argsort(band_keys, kind="stable")
        np.take(band_keys, order, out=keys[band])
        np.take(np.concatenate((a.ids[band], b.ids[band])), order, out=ids[band])
    return _Run(keys, ids)


def _mix(x: U64) -> U64:
    """splitmix64 of each value (a new array)."""
    x = x + _M2
    x ^= x >> _S30
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


def _contains(sorted_values: U64, values: U64) -> npt.NDArray[np.bool_]:
    """Which of ``values`` are in the sorted array ``sorted_values``."""
    if not len(sorted_values):
        return np.zeros(len(values), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    return np.asarray(sorted_values[pos] == values)


def _unique(a: U64) -> U64:
    """Sorted unique values (np.unique is much slower on large uint64 arrays here)."""
    a = np.sort(a)
    if len(a) < 2:
        return a
    keep = np.empty(len(a), dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]


def _ranges(starts: I64, counts: I64) -> I64:
    """Concatenation of ``arange(s, s + c)`` for each start and count."""
    ends = np.cumsum(counts)
    return np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) + np.repeat(
        starts - (ends - counts), counts
    )


def _all_pairs(starts: I64, sizes: I64) -> tuple[I64, I64]:
    """Positions ``(p, q)``, ``p < q``, of all pairs inside each group ``[s, s + size)``."""
    pos = _ranges(starts, sizes)
    partners = np.repeat(starts + sizes, sizes) - pos - 1
    left = np.repeat(pos, partners)
    right = _ranges(pos + 1, partners)
    return left, right


def _star_pairs(starts: I64, sizes: I64) -> tuple[I64, I64]:
    """Positions pairing the first member of each group with each other member."""
    return np.repeat(starts, sizes - 1), _ranges(starts + 1, sizes - 1)
