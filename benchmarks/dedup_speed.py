"""Near-duplicate search speed and recall: newsfuse vs datasketch and rensa, on one core.

Usage::

    python benchmarks/dedup_speed.py --docs 100000
    python benchmarks/dedup_speed.py --docs 1000000 --datasketch-docs 100000
    python benchmarks/dedup_speed.py --docs 100000 --max-chars 3000 --name dedup_speed_3k
    python benchmarks/dedup_speed.py --docs 20000 --skip-datasketch --skip-rensa

**Corpus.** Generated from the real articles of ``../shared/data/timeline17`` (news from BBC,
CNN, Guardian, Reuters, Washington Post ... about nine stories; PTB-tokenised, one sentence per
line, which is turned back into plain text). Documents come in *families*: an original and
0-19 variants of it. The first originals are the real articles themselves; after those, an
original is a new article of the length of a random real one, its first sentence followed by
sentences drawn at random from all articles of that story (so originals of different families
share almost no text). Variants of the original are exact copies, light word edits (0.5-4% of
the words replaced, deleted or inserted), heavy edits (8-25%), truncations (60-98% of the
sentences kept), sentence shuffles, copies with a boilerplate line added, and mixes (30-70% of
the sentences replaced). That gives many pairs with Jaccard >= 0.8 and many below. Documents
are generated in streamed batches (the members of a batch shuffled), so a run never holds more
than one batch of texts; generation is not timed. ``--max-chars`` cuts every source article
after the sentence that passes that many characters (timeline17 articles average ~6,900
characters, longer than most news; ``--max-chars 3000`` gives ~3,000-character documents).

**Pipelines**, each in its own child process pinned to one CPU (``sched_setaffinity``), with
``OMP/MKL/OPENBLAS/RAYON_NUM_THREADS=1`` (rensa parallelises with rayon, which honours the last):

1. newsfuse: raw text -> ``MinHasher.signatures`` -> ``LSHIndex.add`` per batch, then
   ``LSHIndex.candidate_pairs()`` once at the end. ``LSHIndex.query_many`` of every batch
   right after adding it (the incremental way, which finds the same pairs) is timed too but is
   not part of end to end.
2. datasketch: Python shingles (``re.findall(r"\\w+", text.lower())`` joined k at a time, encoded
   to bytes) -> ``MinHash.bulk`` (default hash, 128 permutations) -> ``MinHashLSH(threshold=0.8,
   num_perm=128)`` (its default banding, 9 x 13) insert, then query each document of the batch.
3. rensa: the same Python shingles (str) -> ``RMinHash.from_token_sets`` (128 permutations) ->
   ``RMinHashLSH(0.8, 128, 16)`` ``insert_many`` + ``query_all`` per batch. rensa needs the
   band count to divide ``num_perm``: 16 bands of 8 rows is the nearest to newsfuse's 17 x 7.

Batches are inserted and then queried, so every system finds pairs within a batch and with
earlier batches. Speeds are documents per CPU-second of the child (``time.process_time``: the
machine may be shared, and a pinned single-threaded process's CPU time is what one core spends);
wall-clock speeds are reported beside them. Memory: ``peak RSS`` is the child's peak RSS
(``VmHWM``, reset through ``/proc/self/clear_refs`` when the timed loop starts) minus the RSS
then; it includes one batch of generated texts. ``index RSS/doc`` is the RSS growth over the run
after ``gc`` and ``malloc_trim``, per document (an upper bound on the index: it includes
allocator slack). ``index traced/doc`` is tracemalloc's count: for newsfuse, of the whole index
reloaded from ``to_bytes`` (band arrays and key list); for datasketch, of a fresh
``MinHashLSH`` holding the last batch (tracemalloc cannot see rensa's Rust allocations).

**Accuracy**, on a sample of whole families (``--sample`` documents): the exact pairs with
Jaccard >= 0.8 of word 5-shingle *sets* among the sample (found through an inverted index of
shingle hashes, then confirmed on the shingle strings with ``exact_jaccard``), and the share of
them each system returns as candidates (recall); candidate pairs per document over the whole
corpus, and the share of candidate pairs inside the sample whose exact Jaccard is below 0.5.
Results go to stdout and ``benchmarks/results/<name>.{json,md}`` (default name ``dedup_speed``,
``_1m`` appended for a 1,000,000-document run).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import math
import os
import platform
import random
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

# One core: set before numpy (and rensa's rayon pool) start any threads.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ[_var] = "1"

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DataMissingError, save_results, unpacked  # noqa: E402
from newsfuse.dedup.fingerprint import MinHasher, exact_jaccard, shingle_hashes  # noqa: E402
from newsfuse.dedup.lsh import LSHIndex  # noqa: E402

K = 5
NUM_PERM = 128
THRESHOLD = 0.8
SEED = 1
RENSA_BANDS = 16
_WORD = re.compile(r"\w+")
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "``": '"', "''": '"'}
_BOILERPLATE = [
    "Copyright 2011 Reuters. All rights reserved.",
    "Follow us on Twitter and Facebook for the latest news.",
    "This article was amended on the date shown to correct an error.",
    "Share this story with your friends by email.",
    "Sign up for our daily newsletter to get the top stories.",
]
VARIANTS = (
    ("copy", 0.15),
    ("light edit", 0.30),
    ("heavy edit", 0.10),
    ("truncation", 0.15),
    ("shuffle", 0.05),
    ("boilerplate", 0.10),
    ("mix", 0.15),
)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- corpus --------------------------------------------------------------------------------


def _detok(line: str) -> str:
    for a, b in _PTB.items():
        line = line.replace(a, b)
    return re.sub(r" ([.,;:!?%)\]])|([(\[]) | (n't|'s|'re|'ve|'ll|'d)\b", r"\1\2\3", line)


def timeline17_articles(max_chars: int | None = None) -> list[tuple[str, list[str]]]:
    """(story, sentences) of every non-empty timeline17 article, cut after ``max_chars``."""
    root = unpacked("timeline17", "timeline17.tar.xz")
    out = []
    for path in sorted(root.glob("**/InputDocs/*/*.txt")):
        story = path.parts[-4].split("_")[0]
        lines = path.read_text("utf-8", "replace").splitlines()
        sents = [_detok(x.strip()) for x in lines if x.strip()]
        if max_chars is not None:
            size, cut = 0, len(sents)
            for i, s in enumerate(sents):
                size += len(s) + 1
                if size >= max_chars:
                    cut = i + 1
                    break
            sents = sents[:cut]
        if sents:
            out.append((story, sents))
    return out


@dataclass(slots=True)
class Batch:
    start: int  # global index of the first document
    texts: list[str]
    kinds: list[str]  # "original" or the variant name


class Corpus:
    """Deterministic stream of generated documents (see the module docstring)."""

    def __init__(
        self,
        articles: list[tuple[str, list[str]]],
        n_docs: int,
        batch: int,
        sample_rate: float,
        seed: int = 0,
    ) -> None:
        self.articles = articles
        self.n_docs = n_docs
        self.batch = batch
        self.seed = seed
        self.sample_rate = sample_rate  # share of families kept for the accuracy sample
        pools: dict[str, list[str]] = {}
        for story, sents in articles:
            pools.setdefault(story, []).extend(sents)
        self.pools = pools
        self.vocab = sorted({w for _s, sents in articles[:300] for x in sents for w in x.split()})

    def batches(self) -> Iterator[tuple[Batch, list[int]]]:
        """Batches of documents and the global indexes of the sampled documents in each."""
        rng = random.Random(self.seed)
        order = list(range(len(self.articles)))
        rng.shuffle(order)
        next_real = 0
        carry: list[tuple[str, str, bool]] = []
        done = 0
        names = [v for v, _w in VARIANTS]
        weights = [w for _v, w in VARIANTS]
        while done < self.n_docs:
            items = carry
            carry = []
            size = min(self.batch, self.n_docs - done)
            while len(items) < size:
                if next_real < len(order):
                    story, sents = self.articles[order[next_real]]
                    next_real += 1
                else:
                    story, model = self.articles[rng.randrange(len(self.articles))]
                    pool = self.pools[story]
                    sents = model[:1] + [pool[rng.randrange(len(pool))] for _ in model[1:]]
                sampled = rng.random() < self.sample_rate
                items.append((" ".join(sents), "original", sampled))
                for _ in range(self._family_size(rng) - 1):
                    kind = rng.choices(names, weights)[0]
                    items.append((self._variant(rng, kind, sents, story), kind, sampled))
            carry = items[size:]
            items = items[:size]
            rng.shuffle(items)
            texts = [t for t, _k, _s in items]
            kinds = [k for _t, k, _s in items]
            picked = [done + i for i, (_t, _k, s) in enumerate(items) if s]
            yield Batch(done, texts, kinds), picked
            done += size

    @staticmethod
    def _family_size(rng: random.Random) -> int:
        u = rng.random()
        if u < 0.45:
            return 1
        if u < 0.65:
            return 2
        if u < 0.80:
            return rng.randint(3, 4)
        if u < 0.93:
            return rng.randint(5, 8)
        return rng.randint(9, 20)

    def _variant(self, rng: random.Random, kind: str, sents: list[str], story: str) -> str:
        pool = self.pools[story]
        if kind == "copy":
            return " ".join(sents)
        if kind in ("light edit", "heavy edit"):
            rate = rng.uniform(0.005, 0.04) if kind == "light edit" else rng.uniform(0.08, 0.25)
            words = " ".join(sents).split()
            for _ in range(max(1, round(rate * len(words)))):
                i = rng.randrange(len(words))
                op = rng.random()
                if op < 0.5:
                    words[i] = rng.choice(self.vocab)
                elif op < 0.75 and len(words) > 1:
                    del words[i]
                else:
                    words.insert(i, rng.choice(self.vocab))
            return " ".join(words)
        if kind == "truncation":
            keep = max(1, math.ceil(len(sents) * rng.uniform(0.6, 0.98)))
            return " ".join(sents[:keep])
        if kind == "shuffle":
            out = list(sents)
            rng.shuffle(out)
            return " ".join(out)
        if kind == "boilerplate":
            line = rng.choice(_BOILERPLATE)
            return " ".join([*sents, line] if rng.random() < 0.5 else [line, *sents])
        # mix: replace part of the sentences with sentences of other articles of the story
        out = list(sents)
        for i in rng.sample(range(len(out)), max(1, round(len(out) * rng.uniform(0.3, 0.7)))):
            out[i] = pool[rng.randrange(len(pool))]
        return " ".join(out)


# --- the pipelines (run in a child process) ------------------------------------------------


def py_shingles(text: str, k: int = K) -> list[str]:
    """Word k-shingles as strings, the same shingles as newsfuse's hashes."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return [" ".join(words)] if words else []
    return list(map(" ".join, zip(*(words[i:] for i in range(k)), strict=False)))


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _reset_peak() -> bool:
    """Reset the process's peak RSS to its current RSS (Linux >= 4.0); False if not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def _peak_rss() -> int:
    """Peak RSS of this process (VmHWM; ru_maxrss would carry the parent's peak over exec)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _trimmed_rss() -> int:
    """RSS after a garbage collection and after giving free heap pages back to the OS."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return _rss()


class Timer:
    """Wall and CPU seconds per stage (CPU time is what one core spends, whatever else runs on
    the machine; the process is pinned to one CPU and single-threaded)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._t = (0.0, 0.0)

    def start(self) -> None:
        self._t = (time.perf_counter(), time.process_time())

    def stop(self, stage: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.wall[stage] = self.wall.get(stage, 0.0) + wall - self._t[0]
        self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu - self._t[1]
        self._t = (wall, cpu)


def run_child(args: argparse.Namespace) -> dict[str, Any]:
    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpus[-1]})
    system = args.child
    n_docs = (
        args.docs if system != "datasketch" else min(args.docs, args.datasketch_docs or args.docs)
    )
    corpus = Corpus(
        timeline17_articles(args.max_chars),
        n_docs,
        args.batch,
        min(1.0, args.sample / args.docs),
        args.seed,
    )
    sample: set[int] = set()
    timer = Timer()
    sample_pairs: set[tuple[int, int]] = set()
    total_pairs = 0
    baseline_rss = _trimmed_rss()
    peak_reset = _reset_peak()
    last: Any = None  # the last batch's sketches, for the index memory measurement
    if system == "newsfuse":
        hasher = MinHasher(num_perm=NUM_PERM, k=K, seed=SEED)
        index = LSHIndex(threshold=THRESHOLD, num_perm=NUM_PERM)
        hasher.signatures(["warm up: lookup tables and powers"])
        query_hits = 0
        for batch, picked in corpus.batches():
            sample.update(picked)
            timer.start()
            sigs = hasher.signatures(batch.texts)
            timer.stop("signatures")
            index.add(range(batch.start, batch.start + len(batch.texts)), sigs)
            timer.stop("lsh add")
            qi, di = index.query_indexes(sigs)
            timer.stop("lsh query_many (not in e2e)")
            query_hits += int(np.count_nonzero(qi + batch.start != di))
            del batch, sigs, qi, di
            _progress(system, index.__len__())
        timer.start()
        pairs = index.candidate_pairs()
        timer.stop("candidate pairs")
        total_pairs = len(pairs)
        keep = np.isin(pairs[:, 0], list(sample)) & np.isin(pairs[:, 1], list(sample))
        sample_pairs = {(int(a), int(b)) for a, b in pairs[keep]}
        del pairs, keep
        end_rss = _trimmed_rss()
        blob = index.to_bytes()
        bands = f"{index.bands} x {index.rows}"
        extra = {
            "index array bytes/doc": index.nbytes / n_docs,
            "oversized buckets": len(index.oversized),
            "query_many pairs (directed, self excluded)": query_hits,
        }
        del index
        tracemalloc.start()
        reloaded = LSHIndex.from_bytes(blob)
        extra["index traced bytes/doc"] = tracemalloc.get_traced_memory()[0] / n_docs
        extra["index traced on"] = f"all {len(reloaded):,} docs (index reloaded from to_bytes)"
        tracemalloc.stop()
        e2e = ["signatures", "lsh add", "candidate pairs"]
        lsh_stages = ["lsh add", "candidate pairs"]
    elif system == "datasketch":
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        for batch, picked in corpus.batches():
            sample.update(picked)
            timer.start()
            sh = [[s.encode("utf-8") for s in py_shingles(t)] for t in batch.texts]
            timer.stop("shingles")
            mhs = MinHash.bulk(sh, num_perm=NUM_PERM)
            timer.stop("minhash")
            for i, m in enumerate(mhs):
                lsh.insert(batch.start + i, m, check_duplication=False)
            timer.stop("lsh insert")
            results = [lsh.query(m) for m in mhs]
            timer.stop("lsh query")
            total_pairs += _collect(batch.start, results, sample, sample_pairs)
            last = (batch.start, mhs)
            del batch, sh, results
            _progress(system, last[0] + len(mhs))
        end_rss = _trimmed_rss()
        bands = f"{lsh.b} x {lsh.r}"
        del lsh
        tracemalloc.start()
        fresh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        for i, m in enumerate(last[1]):
            fresh.insert(last[0] + i, m, check_duplication=False)
        extra = {
            "index traced bytes/doc": tracemalloc.get_traced_memory()[0] / len(last[1]),
            "index traced on": f"a fresh index of the last batch ({len(last[1]):,} docs)",
        }
        tracemalloc.stop()
        e2e = ["shingles", "minhash", "lsh insert", "lsh query"]
        lsh_stages = ["lsh insert", "lsh query"]
    else:
        from rensa import RMinHash, RMinHashLSH

        lsh = RMinHashLSH(THRESHOLD, NUM_PERM, RENSA_BANDS)
        for batch, picked in corpus.batches():
            sample.update(picked)
            timer.start()
            sh = [py_shingles(t) for t in batch.texts]
            timer.stop("shingles")
            mhs = RMinHash.from_token_sets(sh, NUM_PERM, SEED)
            timer.stop("minhash")
            lsh.insert_many(mhs, batch.start)
            timer.stop("lsh insert")
            results = lsh.query_all(mhs)
            timer.stop("lsh query")
            total_pairs += _collect(batch.start, results, sample, sample_pairs)
            done = batch.start + len(mhs)
            del batch, sh, mhs, results
            _progress(system, done)
        end_rss = _trimmed_rss()
        bands = f"{RENSA_BANDS} x {NUM_PERM // RENSA_BANDS}"
        extra = {}
        e2e = ["shingles", "minhash", "lsh insert", "lsh query"]
        lsh_stages = ["lsh insert", "lsh query"]
    return {
        "system": system,
        "docs": n_docs,
        "bands x rows": bands,
        "wall": timer.wall,
        "cpu": timer.cpu,
        "e2e stages": e2e,
        "lsh stages": lsh_stages,
        "candidate pairs": total_pairs,
        "sample pairs": sorted(sample_pairs),
        "peak RSS MiB": (_peak_rss() - baseline_rss) / 2**20,
        "peak reset": peak_reset,
        "index RSS bytes/doc": (end_rss - baseline_rss) / n_docs,
        **extra,
    }


def _progress(system: str, done: int) -> None:
    if done % 100000 < 10000 or done < 10000:
        log(f"  {system} {done:,} docs")


def _collect(
    start: int, results: list[Any], sample: set[int], sample_pairs: set[tuple[int, int]]
) -> int:
    """Count the new pairs of a batch's query results; keep those inside the sample."""
    total = 0
    for i, found in enumerate(results):
        q = start + i
        for d in found:
            d = int(d)
            if d < q:  # pairs with earlier documents, and within the batch once
                total += 1
                if q in sample and d in sample:
                    sample_pairs.add((d, q))
    return total


# --- the parent: ground truth, children, report --------------------------------------------


def exact_pairs(texts: list[str], min_j: float) -> dict[tuple[int, int], float]:
    """All pairs of ``texts`` with exact shingle-set Jaccard >= ``min_j``.

    Candidates come from an inverted index of the shingle hashes (shingles in more than 1000
    documents are skipped: no pair at J >= 0.8 shares only those), their hash-set Jaccard is
    computed from shared counts, and pairs within 0.05 of ``min_j`` or above are confirmed on
    the shingle strings.
    """
    hashes, offsets = shingle_hashes(texts, K)
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), np.diff(offsets))
    order = np.lexsort((doc, hashes))
    h, d = hashes[order], doc[order]
    keep = np.ones(len(h), dtype=bool)
    keep[1:] = (h[1:] != h[:-1]) | (d[1:] != d[:-1])
    h, d = h[keep], d[keep]
    set_size = np.bincount(d, minlength=len(texts))
    starts = np.flatnonzero(np.concatenate(([True], h[1:] != h[:-1])))
    sizes = np.diff(np.append(starts, len(h)))
    ok = (sizes >= 2) & (sizes <= 1000)
    left, right = _group_pairs(starts[ok], sizes[ok])
    codes = (d[left].astype(np.uint64) << np.uint64(32)) | d[right].astype(np.uint64)
    codes.sort()
    first = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    uniq, counts = codes[first], np.diff(np.append(first, len(codes)))
    a = (uniq >> np.uint64(32)).astype(np.int64)
    b = (uniq & np.uint64(0xFFFFFFFF)).astype(np.int64)
    jh = counts / (set_size[a] + set_size[b] - counts)
    out = {}
    for i in np.flatnonzero(jh >= min_j - 0.05):
        j = exact_jaccard(texts[a[i]], texts[b[i]], K)
        if j >= min_j:
            out[(int(a[i]), int(b[i]))] = j
    return out


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    ends = np.cumsum(counts)
    total = int(ends[-1]) if len(ends) else 0
    return np.arange(total, dtype=np.int64) + np.repeat(starts - (ends - counts), counts)


def _group_pairs(starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (p, q), p < q, of all pairs inside each group [s, s + size)."""
    pos = _ranges(starts, sizes)
    partners = np.repeat(starts + sizes, sizes) - pos - 1
    return np.repeat(pos, partners), _ranges(pos + 1, partners)


def ground_truth(args: argparse.Namespace) -> dict[str, Any]:
    """Generate the corpus once in this process: sample texts, exact pairs, corpus stats."""
    t0 = time.perf_counter()
    corpus = Corpus(
        timeline17_articles(args.max_chars),
        args.docs,
        args.batch,
        min(1.0, args.sample / args.docs),
        args.seed,
    )
    ids: list[int] = []
    texts: list[str] = []
    kinds: dict[str, int] = {}
    chars = 0
    batch_bytes = 0
    for batch, picked in corpus.batches():
        chars += sum(map(len, batch.texts))
        batch_bytes = max(batch_bytes, sum(map(sys.getsizeof, batch.texts)))
        for kind in batch.kinds:
            kinds[kind] = kinds.get(kind, 0) + 1
        for g in picked:
            ids.append(g)
            texts.append(batch.texts[g - batch.start])
    gen_s = time.perf_counter() - t0
    pairs = exact_pairs(texts, THRESHOLD)
    source_chars = sum(len(s) + 1 for _st, sents in corpus.articles for s in sents)
    log(
        f"corpus: {args.docs:,} docs, {chars / args.docs:,.0f} chars/doc, generated in {gen_s:.0f}s; "
        f"sample {len(texts):,} docs, {len(pairs):,} pairs with J >= {THRESHOLD}"
    )
    return {
        "ids": ids,
        "texts": texts,
        "pairs": pairs,
        "chars_per_doc": chars / args.docs,
        "kinds": kinds,
        "generation_s": gen_s,
        "batch_MiB": batch_bytes / 2**20,
        "source_articles": len(corpus.articles),
        "source_MiB": source_chars / 2**20,
    }


def score(child: dict[str, Any], truth: dict[str, Any]) -> dict[str, Any]:
    n = child["docs"]
    pos = {g: i for i, g in enumerate(truth["ids"])}
    relevant = {(a, b) for a, b in truth["pairs"] if truth["ids"][b] < n}
    found = set()
    low = 0
    cands = [(pos[a], pos[b]) for a, b in map(tuple, child["sample pairs"])]
    for a, b in cands:
        key = (min(a, b), max(a, b))
        if key in relevant:
            found.add(key)
        elif exact_jaccard(truth["texts"][key[0]], truth["texts"][key[1]], K) < 0.5:
            low += 1
    cpu, wall = child["cpu"], child["wall"]
    return {
        "recall@J>=0.8": len(found) / len(relevant) if relevant else float("nan"),
        "exact pairs in sample": len(relevant),
        "candidates/doc": child["candidate pairs"] / n,
        "share J<0.5 (sample)": low / len(cands) if cands else 0.0,
        "e2e docs/s": n / sum(cpu[s] for s in child["e2e stages"]),
        "e2e docs/s (wall)": n / sum(wall[s] for s in child["e2e stages"]),
        "lsh docs/s": n / sum(cpu[s] for s in child["lsh stages"]),
        "stage docs/s": {s: n / t for s, t in cpu.items() if t > 0},
    }


def versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "numpy": np.__version__}
    for pkg in ("datasketch", "rensa", "newsfuse"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"Near-duplicate search, raw text to candidate pairs, one core "
        f"({results['cpu']}). Command: `{results['command']}`.",
        "",
        f"Corpus: {results['docs']:,} documents generated from {results['source_articles']:,} "
        f"timeline17 articles ({results['chars_per_doc']:,.0f} characters/document; "
        f"kinds {results['kinds']}); accuracy on a sample of {results['sample_docs']:,} "
        f"documents (whole families) holding {results['exact_pairs']:,} pairs with exact "
        f"Jaccard >= 0.8 (word 5-shingle sets). Versions: {results['versions']}.",
        "",
        "docs/s are per CPU-second of the pinned single-threaded process (the machine is "
        "shared; wall-clock docs/s in brackets). LSH = insert + candidate pairs (newsfuse) or "
        "insert + query (others).",
        "",
        "| system | docs | bands x rows | end-to-end docs/s | LSH docs/s | recall J>=0.8 | "
        "candidates/doc | share J<0.5 | peak RSS MiB | index RSS B/doc | index traced B/doc |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["systems"]:
        traced = r.get("index traced bytes/doc")
        lines.append(
            f"| {r['system']} | {r['docs']:,} | {r['bands x rows']} | {r['e2e docs/s']:,.0f} "
            f"({r['e2e docs/s (wall)']:,.0f}) | "
            f"{r['lsh docs/s']:,.0f} | {r['recall@J>=0.8']:.4f} | {r['candidates/doc']:.2f} | "
            f"{r['share J<0.5 (sample)']:.3f} | {r['peak RSS MiB']:,.0f} | "
            f"{r['index RSS bytes/doc']:,.0f} | {'' if traced is None else f'{traced:,.0f}'} |"
        )
    lines += ["", "Per stage (docs/s):", ""]
    for r in results["systems"]:
        stages = ", ".join(f"{s} {v:,.0f}" for s, v in r["stage docs/s"].items())
        lines.append(f"- {r['system']}: {stages}")
    if results.get("ratios"):
        lines += [
            "",
            "Ratios (newsfuse / other, end to end docs/s): "
            + ", ".join(f"{k} {v:.2f}x" for k, v in results["ratios"].items()),
        ]
    if results.get("notes"):
        lines += ["", *[f"- {n}" for n in results["notes"]]]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--docs", type=int, action="append", help="corpus size (repeatable); default 100000"
    )
    ap.add_argument(
        "--datasketch-docs",
        type=int,
        default=None,
        help="run datasketch on only the first N documents (it is slow)",
    )
    ap.add_argument("--skip-datasketch", action="store_true")
    ap.add_argument("--skip-rensa", action="store_true")
    ap.add_argument("--batch", type=int, default=2000, help="documents per batch")
    ap.add_argument("--sample", type=int, default=5000, help="documents in the accuracy sample")
    ap.add_argument("--max-chars", type=int, default=None, help="cut source articles")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--name", default=None, help="results file name (default dedup_speed)")
    ap.add_argument("--child", choices=["newsfuse", "datasketch", "rensa"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        args.docs = args.docs[0]
        json.dump(run_child(args), sys.stdout)
        return
    try:
        unpacked("timeline17", "timeline17.tar.xz")
    except DataMissingError as exc:
        sys.exit(f"dedup_speed: {exc}")
    for n_docs in args.docs or [100000]:
        run_size(args, n_docs)


def run_size(args: argparse.Namespace, n_docs: int) -> None:
    args.docs = n_docs
    truth = ground_truth(args)
    systems = ["newsfuse"]
    if not args.skip_datasketch:
        systems.append("datasketch")
    if not args.skip_rensa:
        systems.append("rensa")
    rows = []
    for system in systems:
        cmd = [
            sys.executable,
            __file__,
            "--child",
            system,
            "--docs",
            str(n_docs),
            "--batch",
            str(args.batch),
            "--sample",
            str(args.sample),
            "--seed",
            str(args.seed),
        ]
        if args.max_chars:
            cmd += ["--max-chars", str(args.max_chars)]
        if args.datasketch_docs:
            cmd += ["--datasketch-docs", str(args.datasketch_docs)]
        log(f"running {system} on {n_docs:,} docs ...")
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, check=True)
        child = json.loads(proc.stdout)
        child.update(score(child, truth))
        del child["sample pairs"]
        rows.append(child)
        log(
            f"  {system}: {child['e2e docs/s']:,.0f} docs/s end to end, "
            f"recall {child['recall@J>=0.8']:.4f}"
        )
    by = {r["system"]: r for r in rows}
    ratios = {}
    for other in ("datasketch", "rensa"):
        if other in by:
            ratios[other] = by["newsfuse"]["e2e docs/s"] / by[other]["e2e docs/s"]
    notes = []
    if "datasketch" in by and by["datasketch"]["docs"] < n_docs:
        notes.append(
            f"datasketch ran on the first {by['datasketch']['docs']:,} documents only "
            "(--datasketch-docs); its recall is over the sample pairs among those."
        )
    notes.append(
        f"generated texts: at most {truth['batch_MiB']:.1f} MiB per batch of "
        f"{args.batch:,} (in every peak RSS), the source sentences "
        f"{truth['source_MiB']:.1f} MiB; generation took {truth['generation_s']:.0f} s "
        "(not timed in the pipelines)."
    )
    for r in rows:
        if "index traced on" in r:
            notes.append(
                f"{r['system']} index traced bytes/doc: tracemalloc on {r['index traced on']}."
            )
    notes.append(
        "index RSS B/doc: RSS growth over the run after gc and malloc_trim, per document "
        "(includes allocator slack and the run's bookkeeping)."
    )
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.machine(),
    )
    results = {
        "command": " ".join(["python", "benchmarks/dedup_speed.py", *sys.argv[1:]]),
        "cpu": cpu,
        "docs": n_docs,
        "max_chars": args.max_chars,
        "chars_per_doc": truth["chars_per_doc"],
        "kinds": truth["kinds"],
        "source_articles": truth["source_articles"],
        "sample_docs": len(truth["ids"]),
        "exact_pairs": len(truth["pairs"]),
        "versions": versions(),
        "systems": rows,
        "ratios": ratios,
        "notes": notes,
    }
    md = markdown(results)
    print(md)
    name = args.name or "dedup_speed" + ("_1m" if n_docs >= 1_000_000 else "")
    save_results(name, results, md)


if __name__ == "__main__":
    main()
