"""The banded LSH index: banding choice, candidates against exact Jaccard, incremental use,
degenerate buckets, persistence and parameter checks."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from newsfuse.dedup.fingerprint import EMPTY_VALUE, MinHasher, exact_jaccard
from newsfuse.dedup.lsh import DEFAULT_WEIGHTS, Bucket, LSHIndex, lsh_params
from newsfuse.errors import ConfigError


def _corpus(seed: int = 0) -> list[str]:
    """Unrelated texts, each with 0-3 near copies (a few words changed) and some looser ones."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(5000)]
    texts = []
    for _ in range(40):
        words = [rng.choice(vocab) for _ in range(rng.randint(200, 400))]
        texts.append(" ".join(words))
        for _ in range(rng.randint(0, 3)):
            edited = list(words)
            for _ in range(rng.choice([1, 2, 3, 30])):
                edited[rng.randrange(len(edited))] = f"x{rng.randrange(10**6)}"
            texts.append(" ".join(edited))
    rng.shuffle(texts)
    return texts


Corpus = tuple[list[str], np.ndarray, dict[tuple[int, int], float]]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    texts = _corpus()
    sigs = MinHasher(seed=1).signatures(texts)
    exact = {
        (i, j): exact_jaccard(texts[i], texts[j])
        for i, j in itertools.combinations(range(len(texts)), 2)
    }
    return texts, sigs, exact


def test_lsh_params_follow_datasketch_and_favour_recall() -> None:
    assert lsh_params(0.8, 128, 0.5, 0.5) == (9, 13)  # datasketch's MinHashLSH choice
    assert lsh_params(0.5, 128, 0.5, 0.5) == (25, 5)
    assert lsh_params(0.9, 256, 0.5, 0.5) == (9, 28)
    assert lsh_params(0.8, 128) == (17, 7)
    assert DEFAULT_WEIGHTS == (0.02, 0.98)
    bands, rows = lsh_params(0.8, 128)
    assert 1 - (1 - 0.8**rows) ** bands >= 0.98  # chance that a pair at J = 0.8 is found
    assert LSHIndex().bands == 17 and LSHIndex(params=(4, 8)).rows == 8


def test_finds_every_pair_at_j_0_9_and_no_unrelated_pair(corpus: Corpus) -> None:
    texts, sigs, exact = corpus
    index = LSHIndex(threshold=0.8, num_perm=128)
    index.add(list(range(len(texts))), sigs)
    found = {(int(i), int(j)) for i, j in index.candidate_pairs()}
    close = {p for p, j in exact.items() if j >= 0.9}
    unrelated = {p for p, j in exact.items() if j < 0.1}
    assert len(close) >= 20
    assert close <= found
    assert not found & unrelated
    assert len(index) == len(texts)


def test_candidate_pairs_are_sorted_unique_and_ordered(corpus: Corpus) -> None:
    _texts, sigs, _exact = corpus
    index = LSHIndex()
    index.add(list(range(len(sigs))), sigs)
    pairs = index.candidate_pairs()
    assert pairs.dtype == np.int64 and pairs.shape[1] == 2
    assert (pairs[:, 0] < pairs[:, 1]).all()
    codes = pairs[:, 0] * len(sigs) + pairs[:, 1]
    assert (np.diff(codes) > 0).all()


def test_incremental_use_gives_the_same_pairs(corpus: Corpus) -> None:
    _texts, sigs, _exact = corpus
    whole = LSHIndex()
    whole.add([f"d{i}" for i in range(len(sigs))], sigs)
    expected = {tuple(p) for p in whole.candidate_pairs().tolist()}

    index = LSHIndex()
    queried: set[tuple[int, int]] = set()
    cuts = [0, 7, 20, 21, 50, len(sigs)]
    for a, b in itertools.pairwise(cuts):
        before = index.query_many(sigs[a:b])  # against the earlier batches only
        index.add([f"d{i}" for i in range(a, b)], sigs[a:b])
        after = index.query_many(sigs[a:b])  # earlier batches and this one
        for i, (old, new) in enumerate(zip(before, after, strict=True)):
            q = a + i
            assert set(old) <= set(new)
            assert f"d{q}" in new
            queried |= {(int(k[1:]), q) for k in new if int(k[1:]) < q}
    assert queried == expected
    assert {tuple(p) for p in index.candidate_pairs().tolist()} == expected
    assert index.keys == whole.keys


def test_query_gives_keys_and_skips_empty_documents() -> None:
    hasher = MinHasher(num_perm=64)
    texts = [
        "the same words in a row here",
        "the same words in a row here",
        "",
        "other words entirely, nothing shared",
    ]
    sigs = hasher.signatures(texts)
    index = LSHIndex(threshold=0.5, num_perm=64)
    index.add(["a", "b", "empty", "c"], sigs)
    assert len(index) == 4 and index.key(2) == "empty"
    assert index.query(sigs[0]) == ["a", "b"]
    assert index.query(sigs[2]) == []
    assert index.query_many(sigs) == [["a", "b"], ["a", "b"], [], ["c"]]
    assert index.candidate_pairs().tolist() == [[0, 1]]
    assert index.query(np.full(64, EMPTY_VALUE, np.uint32)) == []
    empty = LSHIndex(num_perm=64)
    empty.add(["e"], sigs[2:3])
    assert empty.candidate_pairs().shape == (0, 2) and empty.query(sigs[0]) == []


def test_oversized_buckets_become_stars_and_are_reported() -> None:
    hasher = MinHasher(num_perm=32)
    sigs = hasher.signatures(
        ["boilerplate footer text that every page carries"] * 30 + ["a lone text"]
    )
    index = LSHIndex(num_perm=32, params=(4, 8), max_bucket=10)
    index.add(list(range(31)), sigs)
    pairs = index.candidate_pairs()
    assert pairs.tolist() == [[0, j] for j in range(1, 30)]  # star on the first member
    assert index.oversized == [Bucket(band, 30, 0) for band in range(4)]
    roomy = LSHIndex(num_perm=32, params=(4, 8), max_bucket=30)
    roomy.add(list(range(31)), sigs)
    assert len(roomy.candidate_pairs()) == 30 * 29 // 2 and roomy.oversized == []


def test_to_bytes_round_trip(corpus: Corpus) -> None:
    _texts, sigs, _exact = corpus
    index = LSHIndex(threshold=0.7, num_perm=128, max_bucket=50)
    index.add([f"k{i}" for i in range(40)], sigs[:40])
    index.add([f"k{i}" for i in range(40, len(sigs))], sigs[40:])
    copy = LSHIndex.from_bytes(index.to_bytes())
    assert (copy.threshold, copy.bands, copy.rows, copy.max_bucket) == (
        index.threshold,
        index.bands,
        index.rows,
        index.max_bucket,
    )
    assert copy.keys == index.keys and len(copy) == len(index)
    assert np.array_equal(copy.candidate_pairs(), index.candidate_pairs())
    assert copy.query_many(sigs[:5]) == index.query_many(sigs[:5])
    ints = LSHIndex()
    ints.add(np.arange(3), sigs[:3])  # numpy integer keys come back as int
    assert LSHIndex.from_bytes(ints.to_bytes()).keys == [0, 1, 2]
    blank = LSHIndex.from_bytes(LSHIndex().to_bytes())
    assert len(blank) == 0 and blank.candidate_pairs().shape == (0, 2)


def test_memory_is_a_few_hundred_bytes_per_document() -> None:
    rng = np.random.default_rng(0)
    sigs = rng.integers(0, 2**32 - 1, size=(5000, 128), dtype=np.uint32)
    index = LSHIndex()
    for start in range(0, 5000, 1000):
        index.add(range(start, start + 1000), sigs[start : start + 1000])
    assert index.nbytes == 5000 * 17 * 12  # one uint64 key and one int32 id per band
    assert len(index._runs) <= 3  # runs of similar size are merged


def test_queries_match_brute_force_band_comparison() -> None:
    rng = np.random.default_rng(1)
    sigs = rng.integers(0, 2**32 - 1, size=(3000, 32), dtype=np.uint32)
    sigs[1000:1100, :8] = sigs[:100, :8]  # band 0 shared with documents 0-99
    sigs[2000:2050, 24:] = sigs[0, 24:]  # band 3 shared by 50 documents and document 0
    index = LSHIndex(num_perm=32, params=(4, 8))
    for start in (0, 700, 1500, 2900):  # runs of several sizes
        stop = {0: 700, 700: 1500, 1500: 2900, 2900: 3000}[start]
        index.add(range(start, stop), sigs[start:stop])
    queries = np.concatenate(
        (sigs[:120], sigs[2000:2010], rng.integers(0, 2**32 - 1, (20, 32), dtype=np.uint32))
    )
    bands = index.band_keys(sigs)
    expected = [
        sorted(set(np.flatnonzero((bands == bk[None, :]).any(axis=1)).tolist()))
        for bk in index.band_keys(queries)
    ]
    assert index.query_many(queries) == expected
    assert sum(map(len, expected)) > len(queries)
    assert index.nbytes > 3000 * 4 * 12  # the query directories


def test_candidate_pairs_match_brute_force_band_comparison() -> None:
    rng = np.random.default_rng(2)
    sigs = rng.integers(0, 2**32 - 1, size=(2000, 32), dtype=np.uint32)
    sigs[100:110] = sigs[0]  # identical in every band: one member set, met in all bands
    sigs[200:230, :16] = sigs[1, :16]  # 31 documents share bands 0 and 1 ...
    sigs[200:215, 16:24] = sigs[2, 16:24]  # ... and overlapping sets share band 2
    sigs[210:260, 24:] = sigs[3, 24:]  # and band 3 (a bucket over max_bucket)
    sigs[300:305, :8] = sigs[4, :8]  # two other sets of six in bands 0 and 1
    sigs[400:405, 8:16] = sigs[5, 8:16]
    index = LSHIndex(num_perm=32, params=(4, 8), max_bucket=40)
    index.add(range(1000), sigs[:1000])
    index.add(range(1000, 2000), sigs[1000:])
    buckets: dict[tuple[int, int], list[int]] = {}
    for doc, row in enumerate(index.band_keys(sigs).tolist()):
        for band, key in enumerate(row):
            buckets.setdefault((band, key), []).append(doc)
    expected = set()
    for members in buckets.values():
        if len(members) > 40:
            expected |= {(members[0], m) for m in members[1:]}
        else:
            expected |= set(itertools.combinations(members, 2))
    assert {tuple(p) for p in index.candidate_pairs().tolist()} == expected
    assert index.oversized == [Bucket(3, 51, 3)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": 0.0}, "'threshold' parameter of LSHIndex must be a number in \\(0, 1\\)"),
        ({"threshold": 1.2}, "'threshold' parameter of LSHIndex"),
        ({"num_perm": 1}, "'num_perm' parameter of LSHIndex"),
        ({"weights": (0.0, 0.0)}, "'weights' parameter of LSHIndex"),
        ({"weights": (0.5,)}, "'weights' parameter of LSHIndex"),
        ({"params": (20, 7)}, "'params' parameter of LSHIndex"),
        ({"params": (0, 7)}, "'params' parameter of LSHIndex"),
        ({"max_bucket": 1}, "'max_bucket' parameter of LSHIndex"),
    ],
)
def test_index_parameters_are_checked(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        LSHIndex(**kwargs)  # type: ignore[arg-type]


def test_inputs_are_checked() -> None:
    index = LSHIndex(num_perm=64)
    with pytest.raises(ConfigError, match=r"shape \(n, 64\)"):
        index.add(["a"], np.zeros((1, 128), np.uint32))
    with pytest.raises(ConfigError, match="2 keys for 1 signatures"):
        index.add(["a", "b"], np.zeros((1, 64), np.uint32))
    with pytest.raises(ConfigError, match="'threshold' parameter of lsh_params"):
        lsh_params(1.0, 128)
    with pytest.raises(ConfigError, match="'false_negative_weight' parameter of lsh_params"):
        lsh_params(0.5, 128, 0.5, 2.0)
