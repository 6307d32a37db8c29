"""Publication-date benchmark on htmldate's MediaCloud 2020 pages: newsfuse vs htmldate.

Usage::

    python benchmarks/pubdates.py [--limit N]

Metric (htmldate's evaluation): compare at day granularity; a correct date is a TP, a wrong one
an FP, no output an FN. Precision = TP/(TP+FP), recall = TP/(TP+FN), accuracy = TP/pages.
htmldate runs as ``find_date(html, url=url, original_date=True)`` with ``extensive_search``
on ("extensive") and off ("fast"). The 5 pages whose gold date is missing (NaN in the JSON)
are left out, so the scores are over 195 pages. Results: stdout and ``benchmarks/results/pubdates.{json,md}``.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DataMissingError, Page, f1, mediacloud_pages, save_results
from newsfuse.errors import NewsfuseError

warnings.filterwarnings("ignore")


def _newsfuse(page: Page) -> str | None:
    from newsfuse.extract.html import extract_html

    try:
        return extract_html(page.html, url=page.url).published
    except NewsfuseError:
        return None


def _htmldate(extensive: bool) -> Callable[[Page], str | None]:
    def run(page: Page) -> str | None:
        from htmldate import find_date

        try:
            return find_date(
                page.html, url=page.url, original_date=True, extensive_search=extensive
            )
        except Exception:
            return None

    return run


SYSTEMS: dict[str, Callable[[Page], str | None]] = {
    "newsfuse": _newsfuse,
    "htmldate-extensive": _htmldate(True),
    "htmldate-fast": _htmldate(False),
}


def score(pages: list[Page], preds: list[str | None]) -> dict[str, float]:
    """Day-level TP/FP/FN counts into precision, recall, accuracy and F1."""
    tp = fp = fn = 0
    for page, pred in zip(pages, preds, strict=True):
        if not pred:
            fn += 1
        elif pred[:10] == page.gold["date"][:10]:
            tp += 1
        else:
            fp += 1
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {
        "precision": p,
        "recall": r,
        "accuracy": tp / max(len(pages), 1),
        "f1": f1(p, r),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    try:
        pages = [p for p in mediacloud_pages(args.limit) if isinstance(p.gold.get("date"), str)]
    except DataMissingError as exc:
        print(f"cannot run: {exc}", file=sys.stderr)
        return 2
    results: dict[str, dict[str, float]] = {}
    for name, fn in SYSTEMS.items():
        if pages:
            fn(pages[0])  # warm-up: one-off imports are not page work
        start = time.perf_counter()
        preds = [fn(p) for p in pages]
        elapsed = time.perf_counter() - start
        results[name] = score(pages, preds) | {
            "pages": len(pages),
            "pages_per_s": len(pages) / elapsed if elapsed else 0.0,
        }
    lines = [
        "| system | precision | recall | accuracy | F1 | pages/s |",
        "|---|---|---|---|---|---|",
    ]
    for name, m in results.items():
        lines.append(
            f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | **{m['accuracy']:.3f}** | "
            f"{m['f1']:.3f} | {m['pages_per_s']:.1f} |"
        )
    md = "\n".join(lines) + "\n"
    print(md)
    if not args.no_save:
        save_results("pubdates", results, md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
