"""The line classifier that takes the final keep/drop decision of the scraped-text cleaner.

The rules of :mod:`newsfuse.extract.text` find the structure of a page (header, blocks,
feeds, lists, teasers, repeats). Their findings, together with the shape of each line and of its
neighbours, become the features of a small gradient-boosted tree ensemble that decides whether
the line belongs to the article. The ensemble was trained by ``benchmarks/train_line_model.py``
on the Mozilla Readability test pages (rendered to text the way a naive scraper does, labelled
by the pages' expected article text), which are not among the sets we evaluate on. Its trees
ship in ``line_model.json`` inside the package; inference is a few numpy operations per page.

When the file is missing or unreadable the rules decide alone.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from newsfuse.extract.lines import Line

MODEL_FILE = "line_model.json"

# Groups of the rules' removal reasons, by the start of the reason text.
REASON_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hard", (
        "no words", "time stamp", "date line (list", "template token", "language switcher",
        "postal address", "link or e-mail", "phone number", "image caption", "site boilerplate",
        "repeated short line", "site navigation", "label line", "comment author", "section label",
        "reading-time", "inline promotion",
    )),
    ("header", ("before the article",)),
    ("meta", ("title", "byline", "date line (kept", "time line", "outlet name", "credit line")),
    ("list", ("list of links", "feed or list item")),
    ("zone", ("outside the article", "feed or comment entry", "comment or feed entry")),
    ("teaser", ("related-article teaser",)),
    ("label", ("short label",)),
    ("dup", ("repeated paragraph",)),
)

FEATURES = (
    "log_words", "stop_density", "sentence_end", "ui_words", "titlelike", "bodylike",
    "position", "in_main_block", "block_similarity", "rules_keep",
    *(f"reason_{name}" for name, _ in REASON_GROUPS),
    "window_bodylike", "window_kept", "digit_ratio", "upper_ratio", "has_quote", "bullet",
    "first_person", "before_body", "after_body", "log_repeats", "ends_colon", "has_link",
)

_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[^\W\d_]")
_URLISH = re.compile(r"https?://|www\.|@\w|\.com\b", re.I)


def features(lines: list[Line]) -> np.ndarray:
    """The feature matrix (one row per line, columns as in :data:`FEATURES`)."""
    from newsfuse.extract import lines as t

    n = len(lines)
    body = np.array([t.is_bodylike(x) for x in lines], dtype=float)
    kept = np.array([x.junk is None for x in lines], dtype=float)
    body_idx = [i for i in range(n) if kept[i] and body[i]]
    first_body = body_idx[0] if body_idx else n
    last_body = body_idx[-1] if body_idx else -1
    repeats: dict[str, int] = {}
    for x in lines:
        repeats[x.key] = repeats.get(x.key, 0) + 1
    rows = []
    for i, x in enumerate(lines):
        lo, hi = max(0, i - 3), min(n, i + 4)
        window = hi - lo - 1 or 1
        letters = _UPPER.findall(x.text)
        reason = x.junk or ""
        groups = [float(any(reason.startswith(p) for p in prefixes)) for _, prefixes in REASON_GROUPS]
        rows.append(
            [
                math.log1p(x.n),
                x.stop,
                float(x.ends),
                x.ui,
                float(t.is_titlelike(x)),
                body[i],
                i / n,
                float(x.in_main),
                x.zone_sim,
                kept[i],
                *groups,
                (body[lo:hi].sum() - body[i]) / window,
                (kept[lo:hi].sum() - kept[i]) / window,
                len(_DIGIT.findall(x.text)) / max(len(x.text), 1),
                sum(c.isupper() for c in letters) / max(len(letters), 1),
                float(t.has_quote(x.text)),
                float(bool(t.BULLET.match(x.text))),
                float(any(w in _FIRST_PERSON for w in x.words)),
                float(i < first_body),
                float(i > last_body),
                math.log1p(repeats[x.key] - 1),
                float(x.text.rstrip().endswith(":")),
                float(bool(_URLISH.search(x.text))),
            ]
        )
    return np.array(rows, dtype=float).reshape(n, len(FEATURES))


_FIRST_PERSON = frozenset(["i", "i'm", "i've", "i'd", "me", "my", "mine", "you", "you're", "your", "yours", "we", "our", "us"])


class TreeEnsemble:
    """Gradient-boosted regression trees summed into a log-odds (as trained by scikit-learn's
    GradientBoostingClassifier, exported to plain arrays)."""

    def __init__(self, spec: dict[str, Any]):
        if spec.get("features") != list(FEATURES):
            raise ValueError("the line model was trained on other features; retrain it")
        self.init = float(spec["init"])
        self.rate = float(spec["learning_rate"])
        self.threshold = float(spec.get("threshold", 0.5))
        self.trees = [
            tuple(np.asarray(tree[k]) for k in ("feature", "threshold", "left", "right", "value"))
            for tree in spec["trees"]
        ]

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        x = x.astype(np.float32)  # the trees were grown on float32 features, as scikit-learn does
        raw = np.full(x.shape[0], self.init)
        rows = np.arange(x.shape[0])
        for feature, threshold, left, right, value in self.trees:
            node = np.zeros(x.shape[0], dtype=int)
            while True:
                inner = left[node] >= 0
                if not inner.any():
                    break
                f = feature[node[inner]]
                go_left = x[rows[inner], f] <= threshold[node[inner]]
                node[inner] = np.where(go_left, left[node[inner]], right[node[inner]])
            raw += self.rate * value[node]
        return 1.0 / (1.0 + np.exp(-raw))


@lru_cache(maxsize=1)
def load() -> TreeEnsemble | None:
    """The packaged model, or None when it is absent (the rules then decide alone)."""
    try:
        spec = json.loads(resources.files("newsfuse.extract").joinpath(MODEL_FILE).read_text("utf-8"))
        return TreeEnsemble(spec)
    except (FileNotFoundError, ValueError, KeyError, json.JSONDecodeError):
        return None


# Findings the model may not overrule: the shapes that are never article text (time stamps,
# placeholders, addresses, captions with their credit, navigation and labels, lines repeated
# in the page or across the site), truncated teasers, labels with no prose under them, and
# the second copy of a repeated paragraph. The model decides the rest: which blocks and lines
# of prose belong to the article.
FINAL = (
    *dict(REASON_GROUPS)["hard"],
    "repeated paragraph",
    "related-article teaser",
    "short label",
)


def rescore(lines: list[Line]) -> None:
    """Let the model take the final decision for every line that is not metadata or a heading
    the rules found right above the body; record its reason where it overrules the rules."""
    model = load()
    if model is None or not lines:
        return
    p = model.predict_proba(features(lines))
    for x, prob in zip(lines, p, strict=True):
        if x.role in ("title", "meta", "heading") or (x.junk or "").startswith(FINAL):
            continue
        keep = prob >= model.threshold
        if keep and x.junk is not None:
            x.junk = None
        elif not keep and x.junk is None:
            x.junk = f"line classifier: not article text (p={prob:.2f})"
