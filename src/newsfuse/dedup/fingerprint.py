"""Word shingles and MinHash signatures, computed for a whole batch of texts at once in numpy.

Near-duplicate search needs, for every article, a small signature whose agreement with another
article's signature estimates the Jaccard similarity of their word k-shingle sets. Turning text
into shingle hashes is the real cost of that (far more than the MinHash itself), so it is done
here without a Python loop over words:

1. **Tokens** are the maximal runs of word characters of the case-folded text, exactly the
   tokens of ``re.findall(r"\\w+", text.lower())``. A batch of texts is joined with a
   separator, encoded as UTF-32 and viewed as a code-point array; one lookup table, built once
   from that same regex over the whole Basic Multilingual Plane, maps each code point to its
   lower-case form, or to 0 when the lower-cased character is not a word character. Code points
   above U+FFFF (rare: emoji, historic scripts) are looked up one by one. The one character
   whose lower-case form is two characters, U+0130 "İ" (``"i̇"``, and the regex splits the
   token after the ``i``), is taken as plain ``"i"`` so offsets stay one to one; that is the
   only place where the tokens differ from the regex's.
2. **Token hashes** come from a prefix sum of ``code point * B**position`` in wrap-around
   uint64 arithmetic: the hash of the token ``[s, e)`` is ``(P[e] - P[s]) * B**-s`` (``B`` is
   odd, so its inverse mod 2**64 exists), mixed with the token length and finalised with
   splitmix64.
3. **Shingle hashes** combine ``k`` consecutive token hashes of one document by Horner's rule
   (``k`` vectorised multiply-adds). A document with fewer than ``k`` tokens has one shingle
   made of all its tokens; an empty document (no word character) has none.
4. **MinHash** by one-permutation hashing with optimal densification (Li, Owen and Zhang 2012;
   Shrivastava 2017): each shingle is hashed once with the seed; the high bits choose one of
   ``num_perm`` bins, the low 32 bits are the value, and each bin keeps its minimum. An empty
   bin takes the value of the first non-empty bin along a seeded random order of the bins fixed
   per bin (the same for every document, so two documents agree on a bin with probability
   equal to their Jaccard similarity). One hash per shingle instead of ``num_perm``.

Everything is deterministic: the shingle hashes do not depend on any seed, and signatures
depend only on ``(num_perm, k, seed)``, so signatures computed in different runs, batches or
processes can be compared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsfuse.errors import ConfigError

__all__ = [
    "EMPTY_VALUE",
    "MinHasher",
    "exact_jaccard",
    "jaccard_estimate",
    "shingle_hashes",
    "shingles_with_tokens",
    "token_spans",
]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
U32 = npt.NDArray[np.uint32]

EMPTY_VALUE = 0xFFFFFFFF
"""The value of every bin of the signature of a document without shingles."""

_WORD = re.compile(r"\w+")
_SEP = " "  # any non-word character: documents are joined with it, so no token crosses them
_CHUNK_CHARS = 1 << 19  # texts are processed in chunks of about this many characters
_TOKEN_BASE = 0x9E3779B97F4A7C15  # odd, so invertible mod 2**64
_TOKEN_INV = pow(_TOKEN_BASE, -1, 1 << 64)
_SHINGLE_MULT = np.uint64(0xD6E8FEB86659FD93)  # odd multiplier of the Horner combination
_LENGTH_MULT = np.uint64(0xC2B2AE3D27D4EB4F)
_SEED_MULT = np.uint64(0x9FB21C651E98DF25)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S32 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(32)


# --- tables --------------------------------------------------------------------------------


def _build_lower_table() -> U32:
    """Lower-cased code point of each BMP code point, 0 where that is not a word character."""
    chars = "".join(map(chr, range(0x10000))).replace("\u0130", "i")
    lowered = chars.lower()  # one character each, now that U+0130 is gone
    table = np.frombuffer(lowered.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
    word = np.zeros(len(lowered), dtype=bool)
    for m in _WORD.finditer(lowered):
        word[m.start() : m.end()] = True
    table[~word] = 0
    return table


_LOWER = _build_lower_table()
_ASTRAL: dict[int, int] = {}  # code point above U+FFFF -> lower-cased word code point or 0


def _astral_value(cp: int) -> int:
    value = _ASTRAL.get(cp)
    if value is None:
        low = chr(cp).lower()
        value = ord(low) if len(low) == 1 and _WORD.fullmatch(low) else 0
        _ASTRAL[cp] = value
    return value


class _Powers:
    """``B**i`` and ``B**-i`` mod 2**64 for ``i < n``, grown on demand and shared (the pair is
    replaced at once, so a reader never sees one table longer than the other)."""

    def __init__(self) -> None:
        self.tables: tuple[U64, U64] = (np.ones(1, np.uint64), np.ones(1, np.uint64))

    def get(self, n: int) -> tuple[U64, U64]:
        tables = self.tables
        if n > len(tables[0]):
            n = max(n, 2 * len(tables[0]))
            grown = []
            for base in (_TOKEN_BASE, _TOKEN_INV):
                steps = np.full(n, base, dtype=np.uint64)
                steps[0] = 1
                grown.append(np.cumprod(steps, dtype=np.uint64))
            tables = self.tables = (grown[0], grown[1])
        return tables


_POWERS = _Powers()


def _splitmix(x: U64) -> U64:
    """The splitmix64 finaliser, in place on ``x`` (a fresh uint64 array), which it returns."""
    x ^= x >> _S30
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


# --- tokens and shingles -------------------------------------------------------------------


class _Tokens:
    """Tokens of a chunk of texts joined by ``_SEP`` (with one before the first text).

    ``starts``/``ends`` are offsets in the joined string, ``hashes`` the token hashes and
    ``doc_offsets`` (length n + 1) the first token of each document.
    """

    __slots__ = ("doc_offsets", "ends", "hashes", "starts", "text_starts")

    def __init__(self, texts: Sequence[str]) -> None:
        joined = _SEP + _SEP.join(texts) + _SEP
        cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        low = _LOWER.take(cps, mode="clip")  # U+FFFF (not a word character) for astral ones
        if len(cps) and int(cps.max()) > 0xFFFF:
            where = np.flatnonzero(cps > 0xFFFF)
            astral, inverse = np.unique(cps[where], return_inverse=True)
            values = np.array([_astral_value(int(c)) for c in astral], dtype=np.uint32)
            low[where] = values[inverse]
        word = low != 0
        edges = np.flatnonzero(word[1:] != word[:-1]) + 1  # first and last char are separators
        self.starts: I64 = edges[0::2]
        self.ends: I64 = edges[1::2]
        n = len(low)
        powers, inverses = _POWERS.get(n)
        prefix = low.astype(np.uint64)
        prefix *= powers[:n]
        np.cumsum(prefix, out=prefix)  # prefix[i] = sum of cp[j] * B**j for j <= i
        h = prefix[self.ends - 1]
        h -= prefix[self.starts - 1]
        h *= inverses[self.starts]
        h ^= (self.ends - self.starts).astype(np.uint64) * _LENGTH_MULT
        self.hashes: U64 = _splitmix(h)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        text_starts = np.empty(len(texts) + 1, dtype=np.int64)
        text_starts[0] = 1
        np.cumsum(lengths + 1, out=text_starts[1:])
        text_starts[1:] += 1
        self.text_starts: I64 = text_starts  # offset of each text in the joined string
        self.doc_offsets: I64 = np.searchsorted(self.starts, text_starts).astype(np.int64)


def _shingles(tokens: _Tokens, k: int) -> tuple[U64, I64, I64]:
    """(shingle hashes, per-document offsets (n + 1), index of each shingle's first token in
    the chunk) of a tokenised chunk."""
    th = tokens.hashes
    t = len(th)
    offs = tokens.doc_offsets
    counts = np.diff(offs)
    padded = np.zeros(t + k - 1, dtype=np.uint64)
    padded[:t] = th
    acc = padded[:t].copy()
    for j in range(1, k):
        acc *= _SHINGLE_MULT
        acc += padded[j : j + t]
    per_doc = np.where(counts >= k, counts - (k - 1), np.minimum(counts, 1))
    sh_offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(per_doc, out=sh_offsets[1:])
    total = int(sh_offsets[-1])
    first = np.arange(total, dtype=np.int64)
    first += np.repeat(offs[:-1] - sh_offsets[:-1], per_doc)
    hashes = acc[first]
    short = np.flatnonzero((counts > 0) & (counts < k))
    if len(short):  # one shingle of all the tokens of a document shorter than k tokens
        n_tok = counts[short]
        start = offs[short]
        h = th[start].copy()
        for j in range(1, k - 1):
            more = j < n_tok
            nxt = th[np.minimum(start + j, t - 1)]
            h = np.where(more, h * _SHINGLE_MULT + nxt, h)
        hashes[sh_offsets[short]] = h
    return hashes, sh_offsets, first


def _check_k(k: object, owner: str) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ConfigError(f"the 'k' parameter of {owner} must be a positive int, got {k!r}")
    return int(k)


def _chunks(texts: Sequence[str]) -> list[tuple[int, int]]:
    """(start, stop) ranges of ``texts`` holding about ``_CHUNK_CHARS`` characters each."""
    out = []
    start = size = 0
    for i, text in enumerate(texts):
        size += len(text) + 1
        if size >= _CHUNK_CHARS:
            out.append((start, i + 1))
            start, size = i + 1, 0
    if start < len(texts) or not out:
        out.append((start, len(texts)))
    return out


def token_spans(text: str) -> tuple[I64, I64]:
    """Character offsets ``(starts, ends)`` of the tokens of ``text`` (the spans of
    ``re.finditer(r"\\w+", text.lower())``, which are offsets into ``text`` itself, since
    lower-casing keeps one character per character here)."""
    tokens = _Tokens([text])
    return tokens.starts - 1, tokens.ends - 1


def shingle_hashes(texts: Sequence[str], k: int = 5) -> tuple[U64, I64]:
    """The word k-shingle hashes of a batch of texts.

    Gives ``(hashes, offsets)``: the shingles of ``texts[i]`` are
    ``hashes[offsets[i]:offsets[i + 1]]`` (uint64, in text order, repeats kept). A text with
    fewer than ``k`` tokens has one shingle of all its tokens; an empty one has none.
    """
    k = _check_k(k, "shingle_hashes")
    parts: list[U64] = []
    offsets = [np.zeros(1, dtype=np.int64)]
    done = 0
    for start, stop in _chunks(texts):
        hashes, offs, _first = _shingles(_Tokens(texts[start:stop]), k)
        parts.append(hashes)
        offsets.append(offs[1:] + done)
        done += len(hashes)
    return np.concatenate(parts), np.concatenate(offsets)


def shingles_with_tokens(text: str, k: int = 5) -> tuple[U64, I64]:
    """The shingle hashes of one text and the index (into :func:`token_spans`) of the token
    each shingle starts at; a shingle covers tokens ``[i, i + k)`` (all of them for a text
    shorter than ``k`` tokens)."""
    k = _check_k(k, "shingles_with_tokens")
    hashes, _offs, first = _shingles(_Tokens([text]), k)
    return hashes, first


def exact_jaccard(text_a: str, text_b: str, k: int = 5) -> float:
    """Exact Jaccard similarity of the two texts' word k-shingle sets, on the shingle strings
    themselves (no hashing), with the regex tokens of the definition; 0.0 when both are
    empty. For checking estimates, not for bulk use."""
    k = _check_k(k, "exact_jaccard")
    a, b = _shingle_set(text_a, k), _shingle_set(text_b, k)
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _shingle_set(text: str, k: int) -> set[str]:
    words = _WORD.findall(text.lower())
    if 0 < len(words) < k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


# --- MinHash -------------------------------------------------------------------------------


class MinHasher:
    """MinHash signatures of word k-shingle sets by one-permutation hashing.

    ``num_perm`` is the signature length (number of bins), ``k`` the shingle size in words and
    ``seed`` fixes the hash and the densification order, so signatures made with the same three
    parameters are comparable across runs. ``signatures(texts)`` gives a
    ``(len(texts), num_perm)`` uint32 array.

    A document without shingles (no word character) gets a signature with every value
    :data:`EMPTY_VALUE` (0xFFFFFFFF): it matches nothing (:func:`jaccard_estimate` gives 0
    against it) and :class:`newsfuse.dedup.lsh.LSHIndex` does not index it.
    """

    def __init__(self, num_perm: int = 128, k: int = 5, seed: int = 1) -> None:
        if (
            isinstance(num_perm, bool)
            or not isinstance(num_perm, int)
            or not 2 <= num_perm <= 65536
        ):
            raise ConfigError(
                f"the 'num_perm' parameter of MinHasher must be an int in [2, 65536], got {num_perm!r}"
            )
        self.k = _check_k(k, "MinHasher")
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**64:
            raise ConfigError(
                f"the 'seed' parameter of MinHasher must be an int in [0, 2**64), got {seed!r}"
            )
        self.num_perm = num_perm
        self.seed = seed
        mix = _splitmix(np.array([seed], dtype=np.uint64) * _SEED_MULT + _M2)
        self._seed_mix = np.uint64(mix[0])
        rng = np.random.default_rng(seed)
        # Row i: the order in which an empty bin i looks for a non-empty bin to copy.
        self._order = rng.permuted(
            np.tile(np.arange(num_perm, dtype=np.int64), (num_perm, 1)), axis=1
        )

    def __repr__(self) -> str:
        return f"MinHasher(num_perm={self.num_perm}, k={self.k}, seed={self.seed})"

    def signatures(self, texts: Sequence[str]) -> U32:
        """The ``(len(texts), num_perm)`` uint32 signatures of a batch of texts."""
        out = np.empty((len(texts), self.num_perm), dtype=np.uint32)
        for start, stop in _chunks(texts):
            hashes, offsets, _first = _shingles(_Tokens(texts[start:stop]), self.k)
            out[start:stop] = self.signatures_from_hashes(hashes, offsets)
        return out

    def signature(self, text: str) -> U32:
        """The ``(num_perm,)`` signature of one text."""
        return self.signatures([text])[0]

    def signatures_from_hashes(self, hashes: U64, offsets: I64) -> U32:
        """Signatures from shingle hashes laid out as :func:`shingle_hashes` gives them."""
        hashes = np.asarray(hashes, dtype=np.uint64)
        offsets = np.asarray(offsets, dtype=np.int64)
        n_docs = len(offsets) - 1
        p = self.num_perm
        h = hashes ^ self._seed_mix
        _splitmix(h)
        flat = h >> _S32
        flat *= np.uint64(p)
        flat >>= _S32  # bin in [0, p): multiply-shift of the high 32 bits
        counts = np.diff(offsets)
        flat += np.repeat(np.arange(n_docs, dtype=np.uint64) * np.uint64(p), counts)
        flat_sig = np.full(n_docs * p, EMPTY_VALUE, dtype=np.uint32)
        # np.minimum.at: ~1 ns per shingle here, against ~60 ns for sorting (bin << 32 | value)
        # and taking the first of each run (numpy 2.4, 800k shingles).
        np.minimum.at(flat_sig, flat.astype(np.intp), h.astype(np.uint32))
        sig = flat_sig.reshape(n_docs, p)
        self._densify(sig, counts)
        return sig

    def _densify(self, sig: U32, counts: I64) -> None:
        """Fill the empty bins of documents that have shingles (optimal densification)."""
        empty = sig == EMPTY_VALUE
        rows, bins = np.nonzero(empty & (counts > 0)[:, None])
        if not len(rows):
            return
        filled = ~empty
        for attempt in range(self.num_perm):
            source = self._order[bins, attempt]
            hit = filled[rows, source]
            if hit.any():
                sig[rows[hit], bins[hit]] = sig[rows[hit], source[hit]]
                rows, bins = rows[~hit], bins[~hit]
                if not len(rows):
                    return


def jaccard_estimate(sig_a: npt.ArrayLike, sig_b: npt.ArrayLike) -> float:
    """The share of positions where two signatures agree: an estimate of the Jaccard
    similarity of the two shingle sets. 0.0 when either is the signature of an empty text."""
    a, b = np.asarray(sig_a), np.asarray(sig_b)
    if a.shape != b.shape or a.ndim != 1:
        raise ConfigError(
            f"jaccard_estimate needs two signatures of the same length, got shapes {a.shape} "
            f"and {b.shape}"
        )
    if (a == EMPTY_VALUE).all() or (b == EMPTY_VALUE).all():
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)
