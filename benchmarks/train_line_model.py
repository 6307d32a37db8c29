"""Train the line classifier of the scraped-text cleaner (newsfuse.extract.linemodel).

Data (read at training time from ../shared/data, never copied):
- the Mozilla Readability test pages: each source.html is rendered to plain text the way a
  naive scraper does (benchmarks/render.py); a line is labelled "article" when its words appear
  in the page's expected.html text (whole, for short lines; half of its word trigrams, for
  longer ones);
- trafilatura's evaluation pages (weak labels): a rendered line holding one of the page's
  "must contain" snippets is article text, one holding a "must not contain" snippet is not, the
  other lines are left out. The features are the rules' findings and
the shape of each line (newsfuse.extract.linemodel.FEATURES). The evaluation sets of
benchmarks/text_cleaning.py (Scrapinghub, WCXB) are not used here.

    python benchmarks/train_line_model.py            # writes src/newsfuse/extract/line_model.json
    python benchmarks/train_line_model.py --check    # 5-fold cross-validated line accuracy only

Needs scikit-learn (pip install -e '.[bench]'); the package itself only needs numpy to use the
model.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from newsfuse.extract import linemodel  # noqa: E402
from newsfuse.extract import text as t  # noqa: E402
from render import render_naive  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "mozilla-readability-testpages"
CACHE = HERE / ".cache" / "mozilla"
OUT = ROOT / "src" / "newsfuse" / "extract" / linemodel.MODEL_FILE
_TOKEN = re.compile(r"\w+")


def pages() -> list[tuple[str, str, str]]:
    """(name, source html, expected article text) for every test page."""
    if not (CACHE / "test-pages").is_dir():
        archive = DATA / "test-pages.tar.xz"
        if not archive.is_file():
            sys.exit(f"missing {archive}: the shared data is not beside the repository")
        CACHE.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(CACHE, filter="data")
    import lxml.html

    out = []
    for d in sorted((CACHE / "test-pages").iterdir()):
        src, exp = d / "source.html", d / "expected.html"
        if not (src.is_file() and exp.is_file()):
            continue
        gold = lxml.html.fromstring(exp.read_bytes()).text_content()
        out.append((d.name, src.read_text("utf-8", "replace"), gold))
    return out


def label(line: str, gold_norm: str, gold_trigrams: set[tuple[str, ...]]) -> int:
    """1 when the line is article text: a short line must occur in the expected text as a
    whole; a longer one must have at least half of its word trigrams there (the rendering and
    the expected HTML differ in small ways: entities, inline elements, spacing)."""
    words = _TOKEN.findall(line.casefold())
    if len(words) < 6:
        return int(bool(words) and f" {' '.join(words)} " in f" {gold_norm} ")
    grams = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
    return int(sum(g in gold_trigrams for g in grams) >= 0.5 * len(grams))


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text.casefold()))


def trafilatura_lines(limit: int | None) -> tuple[list[np.ndarray], list[np.ndarray]]:
    from _data import trafilatura_eval_pages

    xs, ys = [], []
    for page in trafilatura_eval_pages(limit):
        with_ = [f" {_norm(s)} " for s in page.gold.get("with", []) if _norm(s)]
        without = [f" {_norm(s)} " for s in page.gold.get("without", []) if _norm(s)]
        lines, _meta, _credit, _lang = t._analyse(render_naive(page.html), None, None, None)
        if not lines:
            continue
        feats = linemodel.features(lines)
        keep, labels = [], []
        for i, x in enumerate(lines):
            norm = f" {_norm(x.text)} "
            pos = any(s in norm for s in with_)
            neg = any(s in norm for s in without)
            if pos != neg:
                keep.append(i)
                labels.append(int(pos))
        if keep:
            xs.append(feats[keep])
            ys.append(np.array(labels))
    return xs, ys


def dataset(traf_limit: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, groups = [], [], []
    for k, (_name, html, gold) in enumerate(pages()):
        rendered = render_naive(html)
        lines, _meta, _credit, _lang = t._analyse(rendered, None, None, None)
        if not lines:
            continue
        gold_words = _TOKEN.findall(gold.casefold())
        gold_norm = " ".join(gold_words)
        trigrams = {tuple(gold_words[i : i + 3]) for i in range(len(gold_words) - 2)}
        xs.append(linemodel.features(lines))
        ys.append(np.array([label(x.text, gold_norm, trigrams) for x in lines]))
        groups.append(np.full(len(lines), k))
    if traf_limit != 0:
        txs, tys = trafilatura_lines(traf_limit)
        base = len(xs)
        for j, (tx, ty) in enumerate(zip(txs, tys, strict=True)):
            xs.append(tx)
            ys.append(ty)
            groups.append(np.full(len(ty), base + j))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(groups)


def export(model, threshold: float, sample: np.ndarray) -> dict:  # type: ignore[no-untyped-def]
    trees = []
    for est in model.estimators_[:, 0]:
        tr = est.tree_
        trees.append(
            {
                "feature": tr.feature.tolist(),
                "threshold": tr.threshold.tolist(),
                "left": tr.children_left.tolist(),
                "right": tr.children_right.tolist(),
                "value": tr.value[:, 0, 0].tolist(),
            }
        )
    # the starting log-odds: what the ensemble adds on top of it, subtracted from its output
    trees_sum = sum(est.predict(sample[:1])[0] for est in model.estimators_[:, 0])
    init = float(model.decision_function(sample[:1])[0] - model.learning_rate * trees_sum)
    return {
        "about": "newsfuse line classifier; trained by benchmarks/train_line_model.py on the "
        "Mozilla Readability test pages (Apache-2.0); gradient-boosted trees, log-odds sum",
        "features": list(linemodel.FEATURES),
        "init": init,
        "learning_rate": model.learning_rate,
        "threshold": threshold,
        "trees": trees,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="cross-validate only, write nothing")
    ap.add_argument("--trees", type=int, default=150)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--weighted", action="store_true", help="weigh lines by their words")
    ap.add_argument("--traf-limit", type=int, default=None, help="trafilatura-eval pages to use (0: none)")
    args = ap.parse_args()
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    x, y, groups = dataset(args.traf_limit)
    print(f"{len(set(groups.tolist()))} pages, {len(y)} lines, {y.mean():.1%} article lines")

    def make() -> GradientBoostingClassifier:
        return GradientBoostingClassifier(
            n_estimators=args.trees, max_depth=args.depth, learning_rate=0.1, subsample=0.8, random_state=0
        )

    # Lines are weighed equally in training. Weighing them by their words (what word F1
    # counts) gave a better cross-validated word accuracy but a worse cleaner on the
    # benchmark pages, so it is only reported, with --weighted, not used.
    weight = np.minimum(np.expm1(x[:, linemodel.FEATURES.index("log_words")]), 100) + 1
    if not args.weighted:
        weight = np.ones_like(weight)
    rules = x[:, linemodel.FEATURES.index("rules_keep")]
    print(f"rules alone: line accuracy {np.average(rules == y, weights=weight):.3f}")
    accs = []
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        m = make().fit(x[train], y[train], sample_weight=weight[train])
        accs.append(np.average(m.predict(x[test]) == y[test], weights=weight[test]))
    print(f"model, 5-fold by page: line accuracy {np.mean(accs):.3f} ± {np.std(accs):.3f}")
    if args.check:
        return
    model = make().fit(x, y, sample_weight=weight)
    spec = export(model, 0.5, x)
    # the exported arrays must reproduce scikit-learn's probabilities
    mine = linemodel.TreeEnsemble(spec).predict_proba(x)
    theirs = model.predict_proba(x)[:, 1]
    assert np.allclose(mine, theirs, atol=1e-6), "export does not match scikit-learn"
    OUT.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
