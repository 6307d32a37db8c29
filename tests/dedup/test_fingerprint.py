"""Vectorised tokens, shingle hashes and one-permutation MinHash, checked against exact
computation on the strings."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.dedup import fingerprint as fp
from newsfuse.dedup.fingerprint import (
    EMPTY_VALUE,
    MinHasher,
    exact_jaccard,
    jaccard_estimate,
    shingle_hashes,
    shingles_with_tokens,
    token_spans,
)
from newsfuse.errors import ConfigError

WORD = re.compile(r"\w+")


def _regex_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD.finditer(text.lower())]


def _spans(text: str) -> list[tuple[int, int]]:
    starts, ends = token_spans(text)
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _shingle_strings(text: str, k: int) -> list[str]:
    words = WORD.findall(text.lower())
    if 0 < len(words) < k:
        return [" ".join(words)]
    return [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]


def _corpus(seed: int, n: int, words: tuple[int, int] = (150, 400)) -> list[str]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(3000)]
    return [" ".join(rng.choice(vocab) for _ in range(rng.randint(*words))) for _ in range(n)]


def _edit(text: str, rate: float, rng: random.Random) -> str:
    words = text.split()
    for _ in range(max(1, int(rate * len(words)))):
        words[rng.randrange(len(words))] = f"x{rng.randrange(10**6)}"
    return " ".join(words)


# --- tokens --------------------------------------------------------------------------------

# Everything but U+0130, whose lower-case form is two characters (see the module docstring).
unicode_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\u0130"),
    max_size=80,
)


@given(unicode_text)
def test_token_spans_are_the_regex_tokens_of_the_lowercased_text(text: str) -> None:
    assert _spans(text) == _regex_spans(text)


@given(
    st.lists(
        st.sampled_from(
            ["Ab", "_x", "ÉTÉ", "Σ", "٣", "😀", "𝐀", "\u0301", " ", "-", "'", "\n", "ǅ", "ﬁ"]
        ),
        max_size=30,
    )
)
def test_token_spans_on_tricky_characters(parts: list[str]) -> None:
    text = "".join(parts)
    assert _spans(text) == _regex_spans(text)


def test_astral_characters_are_looked_up_one_by_one() -> None:
    assert _spans("a😀b") == [(0, 1), (2, 3)]  # an emoji is not a word character
    assert _spans("x𝐀y 𐐀") == [(0, 3), (4, 5)]  # math bold A and Deseret are


def test_dotted_capital_i_is_taken_as_plain_i() -> None:
    # The regex on "İstanbul".lower() sees "i", a combining dot, then "stanbul".
    assert _spans("İstanbul") == [(0, 8)]
    hashes, _ = shingle_hashes(["İstanbul"], k=1)
    assert hashes.tolist() == shingle_hashes(["istanbul"], k=1)[0].tolist()


def test_spans_are_offsets_into_the_original_text() -> None:
    text = "The PM's Office, Déjà-vu: 3,000 people_here!"
    assert [text[s:e] for s, e in _spans(text)] == [
        "The",
        "PM",
        "s",
        "Office",
        "Déjà",
        "vu",
        "3",
        "000",
        "people_here",
    ]


# --- shingles ------------------------------------------------------------------------------


@given(
    st.lists(
        st.lists(st.sampled_from(["a", "b", "c", "d", "e", "F"]), max_size=14),
        min_size=1,
        max_size=6,
    ),
    st.integers(1, 6),
)
def test_shingle_hashes_identify_the_shingle_strings(docs: list[list[str]], k: int) -> None:
    texts = [" ".join(d) for d in docs]
    hashes, offsets = shingle_hashes(texts, k)
    assert offsets[0] == 0 and offsets[-1] == len(hashes) and len(offsets) == len(texts) + 1
    ids: dict[int, str] = {}
    for i, text in enumerate(texts):
        strings = _shingle_strings(text, k)
        got = hashes[offsets[i] : offsets[i + 1]].tolist()
        assert len(got) == len(strings)
        for h, s in zip(got, strings, strict=True):
            assert ids.setdefault(h, s) == s  # one hash, one string
    assert len(set(ids.values())) == len(ids)


def test_short_and_empty_documents() -> None:
    hashes, offsets = shingle_hashes(["one two", "", "  ,;  ", "a b c d e f"], k=5)
    assert np.diff(offsets).tolist() == [1, 0, 0, 2]
    # a short document's single shingle is all its tokens, whichever k
    assert hashes[0] == shingle_hashes(["One, two!"], k=3)[0][0]


def test_no_shingle_crosses_documents() -> None:
    joined = shingle_hashes(["a b c d e f g"], k=3)[0]
    split = shingle_hashes(["a b c d", "e f g"], k=3)[0]
    assert len(joined) == 5 and len(split) == 3
    assert set(split.tolist()) < set(joined.tolist())


def test_shingles_with_tokens_point_at_their_first_token() -> None:
    text = "Alpha beta, gamma delta epsilon zeta eta."
    hashes, first = shingles_with_tokens(text, k=5)
    starts, ends = token_spans(text)
    assert first.tolist() == [0, 1, 2]
    assert text[starts[first[1]] : ends[first[1] + 4]] == "beta, gamma delta epsilon zeta"
    assert hashes.tolist() == shingle_hashes([text], k=5)[0].tolist()
    short_hashes, short_first = shingles_with_tokens("just three words", k=5)
    assert short_first.tolist() == [0] and len(short_hashes) == 1


def test_batches_split_into_chunks_give_the_same_results(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [*_corpus(3, 30, (0, 60)), "", "x"]
    whole_h, whole_o = shingle_hashes(texts)
    sigs = MinHasher(seed=5).signatures(texts)
    monkeypatch.setattr(fp, "_CHUNK_CHARS", 200)  # many chunks, some of a single text
    h, o = shingle_hashes(texts)
    assert h.tolist() == whole_h.tolist() and o.tolist() == whole_o.tolist()
    assert np.array_equal(MinHasher(seed=5).signatures(texts), sigs)


# --- MinHash -------------------------------------------------------------------------------


def test_batch_and_single_text_signatures_are_identical() -> None:
    texts = _corpus(1, 12, (1, 300))
    hasher = MinHasher(num_perm=64, k=4, seed=9)
    batch = hasher.signatures(texts)
    assert batch.shape == (12, 64) and batch.dtype == np.uint32
    for i, text in enumerate(texts):
        assert np.array_equal(hasher.signature(text), batch[i])


def test_identical_and_disjoint_texts() -> None:
    a, b = _corpus(2, 2)
    hasher = MinHasher()
    sa, sa2, sb = hasher.signatures([a, a, b])
    assert jaccard_estimate(sa, sa2) == 1.0
    assert jaccard_estimate(sa, sb) <= 0.05
    # repeats of a shingle do not count: a set
    assert (
        jaccard_estimate(hasher.signature("a a a a a"), hasher.signature("A a a a a a a a")) == 1.0
    )


def test_light_edits_are_estimated_within_0_1_of_the_exact_jaccard() -> None:
    rng = random.Random(11)
    base = _corpus(4, 60)
    edited = [_edit(t, rng.uniform(0.005, 0.06), rng) for t in base]
    exact = np.array([exact_jaccard(a, b) for a, b in zip(base, edited, strict=True)])
    assert exact.min() > 0.5 and exact.max() < 1.0
    for num_perm, bound in ((256, 0.1), (128, 0.12)):
        hasher = MinHasher(num_perm=num_perm, seed=3)
        sa, sb = hasher.signatures(base), hasher.signatures(edited)
        est = np.array([jaccard_estimate(sa[i], sb[i]) for i in range(len(base))])
        err = est - exact
        assert np.abs(err).max() < bound
        assert abs(err.mean()) < 0.015  # unbiased
        assert np.abs(err).mean() < (0.03 if num_perm == 128 else 0.022)


def test_sparse_documents_are_densified_consistently() -> None:
    hasher = MinHasher(num_perm=128)
    one = hasher.signatures(["only one shingle here", "Only one shingle, here."])
    assert not (one == EMPTY_VALUE).any()
    assert np.array_equal(one[0], one[1])
    assert len(np.unique(one[0])) == 1  # every bin copies the single value
    two = hasher.signature("one two three four five six")  # 2 shingles
    assert set(np.unique(two).tolist()) <= set(
        hasher.signature("one two three four five").tolist()
    ) | set(hasher.signature("two three four five six").tolist())


def test_empty_documents_get_the_empty_signature() -> None:
    hasher = MinHasher(num_perm=32)
    sigs = hasher.signatures(["", "... --- !!!", "words here"])
    assert (sigs[:2] == EMPTY_VALUE).all()
    assert jaccard_estimate(sigs[0], sigs[1]) == 0.0
    assert jaccard_estimate(sigs[0], sigs[2]) == 0.0
    assert hasher.signatures([]).shape == (0, 32)


def test_seed_fixes_the_signatures() -> None:
    text = _corpus(5, 1)[0]
    assert np.array_equal(MinHasher(seed=1).signature(text), MinHasher(seed=1).signature(text))
    assert not np.array_equal(MinHasher(seed=1).signature(text), MinHasher(seed=2).signature(text))


def test_exact_jaccard() -> None:
    assert exact_jaccard("a b c d e f", "A, b c d e f") == 1.0
    assert exact_jaccard("a b c d e f", "a b c d e g") == pytest.approx(1 / 3)
    assert exact_jaccard("a b", "a b", k=5) == 1.0
    assert exact_jaccard("", "...") == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"num_perm": 1}, "'num_perm' parameter of MinHasher"),
        ({"num_perm": 128.0}, "'num_perm' parameter of MinHasher"),
        ({"num_perm": True}, "'num_perm' parameter of MinHasher"),
        ({"k": 0}, "'k' parameter of MinHasher"),
        ({"k": "5"}, "'k' parameter of MinHasher"),
        ({"seed": -1}, "'seed' parameter of MinHasher"),
        ({"seed": 2**64}, "'seed' parameter of MinHasher"),
    ],
)
def test_minhasher_parameters_are_checked(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        MinHasher(**kwargs)  # type: ignore[arg-type]


def test_other_parameter_checks() -> None:
    with pytest.raises(ConfigError, match="'k' parameter of shingle_hashes"):
        shingle_hashes(["a"], k=0)
    with pytest.raises(ConfigError, match="same length"):
        jaccard_estimate(np.zeros(4, np.uint32), np.zeros(5, np.uint32))
