"""The packaged line classifier: it loads, matches its feature list, and respects the
findings it may not overrule."""

from __future__ import annotations

import numpy as np

from newsfuse.extract import linemodel
from newsfuse.extract import text as t


def test_model_ships_and_loads() -> None:
    model = linemodel.load()
    assert model is not None, "line_model.json is missing from the package"
    assert len(model.trees) > 10


def test_features_have_one_row_per_line_and_stay_finite() -> None:
    lines, _meta, _credit, _lang = t._analyse(
        "Menu\nHome\nA first paragraph of prose that says what happened in the town on Monday.\n12:30\n",
        None,
        None,
        None,
    )
    x = linemodel.features(lines)
    assert x.shape == (len(lines), len(linemodel.FEATURES))
    assert np.isfinite(x).all()
    p = linemodel.load().predict_proba(x)  # type: ignore[union-attr]
    assert ((p >= 0) & (p <= 1)).all()


def test_tree_ensemble_sums_log_odds() -> None:
    # one stump: feature 0 <= 0.5 -> -2, else +2, on top of a prior of 0
    spec = {
        "features": list(linemodel.FEATURES),
        "init": 0.0,
        "learning_rate": 1.0,
        "trees": [{"feature": [0, -2, -2], "threshold": [0.5, 0, 0], "left": [1, -1, -1], "right": [2, -1, -1], "value": [0, -2.0, 2.0]}],
    }
    m = linemodel.TreeEnsemble(spec)
    x = np.zeros((2, len(linemodel.FEATURES)))
    x[1, 0] = 1.0
    p = m.predict_proba(x)
    assert np.allclose(p, [1 / (1 + np.exp(2)), 1 / (1 + np.exp(-2))])


def test_model_cannot_restore_hard_findings() -> None:
    text = "\n".join(
        [
            "The council met on Monday and agreed to rebuild the bridge over the river before the winter comes.",
            "site/label.block_title",
            "The council met on Monday and agreed to rebuild the bridge over the river before the winter comes.",
            "The works will cost about two million and will close the road for three months, the mayor said.",
        ]
    )
    r = t.clean_text(text)
    reasons = [x.reason for x in r.removed]
    assert any(x.startswith("template token") for x in reasons)
    assert any(x.startswith("repeated paragraph") for x in reasons)
