"""Main-text extraction benchmark: newsfuse vs trafilatura, readability-lxml and jusText.

Usage::

    python benchmarks/extraction.py                      # all sets, all systems
    python benchmarks/extraction.py --sets scrapinghub --limit 40
    python benchmarks/extraction.py --systems newsfuse,trafilatura

Sets (read from ``../shared/data``, see benchmarks/_data.py):

* ``scrapinghub`` — Scrapinghub article-extraction-benchmark. Metric implemented exactly as the
  benchmark repository's ``evaluate.py``: tokens are ``\\w+`` matches (Unicode, case kept);
  word 4-gram shingles are counted as a multiset; per document TP/FP/FN are the multiset
  intersection and differences, normalised by their sum (so long texts do not weigh more);
  precision and recall are averaged over documents and F1 is computed from the two averages.
  (The dataset README words this as a micro-sum; the repository code normalises per document;
  we follow the code, which produced the published table. The plain micro-summed F1 is also
  written to the JSON results as ``f1_micro``.)
* ``trafilatura`` — trafilatura's evaluation corpus: every "with" snippet found in the output is
  a TP (missing: FN), every "without" snippet found is an FP (absent: TN); counts summed over
  documents; matching is substring matching after collapsing whitespace.
* ``wcxb`` — WCXB article pages (dev split): lowercase ``\\w+`` tokens, Counter intersection,
  precision/recall/F1 per page, macro-averaged over pages.

pages/s is measured over the extraction calls only: the pages are loaded before timing and
each system is warmed up on one page first (so one-off imports are not counted), and
dateparser, which htmldate calls for newsfuse's date search on some pages, is made to build
its locale tables once before timing (about 4 s, once per process; a long run amortises it,
a 250-page run would count it as 30% of its time).
A metadata table (title/author/date/site name exact-match accuracy after normalisation) for
newsfuse and trafilatura is printed for the trafilatura and wcxb sets.
Results go to stdout and to ``benchmarks/results/extraction.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from statistics import mean
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import LOADERS, DataMissingError, Page, f1, save_results
from newsfuse.errors import NewsfuseError

warnings.filterwarnings("ignore")

_WORD = re.compile(r"\w+", re.UNICODE)
_WS = re.compile(r"\s+")


# --- systems -------------------------------------------------------------------------------


def _newsfuse(page: Page) -> str:
    from newsfuse.extract.html import extract_html

    try:
        return extract_html(page.html, url=page.url).text
    except NewsfuseError:
        return ""


def _trafilatura(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, url=page.url) or ""


def _html_to_text(fragment: str) -> str:
    import lxml.html

    try:
        tree = lxml.html.fromstring(fragment)
    except Exception:
        return ""
    blocks = []
    for el in tree.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td"):
        text = _WS.sub(" ", el.text_content()).strip()
        if text:
            blocks.append(text)
    return "\n\n".join(blocks) if blocks else _WS.sub(" ", tree.text_content()).strip()


def _readability(page: Page) -> str:
    from readability import Document

    try:
        return _html_to_text(Document(page.html).summary(html_partial=True))
    except Exception:
        return ""


def _justext(page: Page) -> str:
    import justext

    try:
        paras = justext.justext(page.html.encode("utf-8"), justext.get_stoplist("English"))
    except Exception:
        return ""
    return "\n\n".join(p.text for p in paras if not p.is_boilerplate)


SYSTEMS: dict[str, Callable[[Page], str]] = {
    "newsfuse": _newsfuse,
    "trafilatura": _trafilatura,
    "readability": _readability,
    "justext": _justext,
}


# --- metrics -------------------------------------------------------------------------------


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def shingle_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Raw TP/FP/FN of word-4-gram shingle multisets (scrapinghub benchmark)."""
    t, p = _shingles(true), _shingles(pred)
    tp = sum((t & p).values())
    return float(tp), float(sum(p.values()) - tp), float(sum(t.values()) - tp)


def score_scrapinghub(golds: list[Page], preds: list[str]) -> dict[str, float]:
    """P/R/F1 as the benchmark's evaluate.py computes them, plus the micro-summed F1."""
    precs, recs = [], []
    stp = sfp = sfn = 0.0
    for page, pred in zip(golds, preds, strict=True):
        tp, fp, fn = shingle_counts(page.gold.get("articleBody", ""), pred)
        stp, sfp, sfn = stp + tp, sfp + fp, sfn + fn
        s = tp + fp + fn
        if s:
            tp, fp, fn = tp / s, fp / s, fn / s
        if fp == fn == 0:
            precs.append(1.0)
            recs.append(1.0)
            continue
        if tp + fp > 0:
            precs.append(tp / (tp + fp))
        if tp + fn > 0:
            recs.append(tp / (tp + fn))
    p, r = mean(precs), mean(recs)
    mp, mr = stp / max(stp + sfp, 1e-9), stp / max(stp + sfn, 1e-9)
    return {
        "precision": p,
        "recall": r,
        "f1": f1(p, r),
        "f1_micro": f1(mp, mr),
    }


def _norm_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def score_trafilatura(golds: list[Page], preds: list[str]) -> dict[str, float]:
    """with/without snippet counts summed over documents (trafilatura's evaluation)."""
    tp = fp = tn = fn = 0
    for page, pred in zip(golds, preds, strict=True):
        out = _norm_ws(pred)
        for snip in page.gold.get("with", []):
            if _norm_ws(snip) in out:
                tp += 1
            else:
                fn += 1
        for snip in page.gold.get("without", []):
            if _norm_ws(snip) in out:
                fp += 1
            else:
                tn += 1
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {
        "precision": p,
        "recall": r,
        "f1": f1(p, r),
        "accuracy": (tp + tn) / max(tp + tn + fp + fn, 1),
    }


def bow_prf(true: str, pred: str) -> tuple[float, float, float]:
    """Word bag-of-words precision, recall, F1 of one page (WCXB)."""
    t = Counter(_WORD.findall(true.lower()))
    p = Counter(_WORD.findall(pred.lower()))
    common = sum((t & p).values())
    if not t and not p:
        return 1.0, 1.0, 1.0
    prec = common / sum(p.values()) if p else 0.0
    rec = common / sum(t.values()) if t else 0.0
    return prec, rec, f1(prec, rec)


def score_wcxb(golds: list[Page], preds: list[str]) -> dict[str, float]:
    """Macro-averaged word bag-of-words P/R/F1 over pages."""
    rows = [
        bow_prf(page.gold.get("main_content") or "", pred)
        for page, pred in zip(golds, preds, strict=True)
    ]
    return {
        "precision": mean(r[0] for r in rows),
        "recall": mean(r[1] for r in rows),
        "f1": mean(r[2] for r in rows),
    }


SCORERS = {"scrapinghub": score_scrapinghub, "trafilatura": score_trafilatura, "wcxb": score_wcxb}


def per_page_f1(set_name: str, page: Page, pred: str) -> float:
    """A per-page F1 for diagnostics (--dump)."""
    if set_name == "scrapinghub":
        tp, fp, fn = shingle_counts(page.gold.get("articleBody", ""), pred)
        return 2 * tp / max(2 * tp + fp + fn, 1e-9)
    if set_name == "wcxb":
        return bow_prf(page.gold.get("main_content") or "", pred)[2]
    return score_trafilatura([page], [pred])["f1"]


# --- metadata ------------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w]+", re.UNICODE)


def _norm_meta(value: Any) -> str:
    if not value:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return _PUNCT.sub(" ", str(value).casefold()).strip()


def _meta_match(field: str, gold: Any, got: Any) -> bool:
    g, o = _norm_meta(gold), _norm_meta(got)
    if field == "date":
        return bool(got) and str(got)[:10] == str(gold)[:10]
    if field == "author":
        # authors: every gold name token set must be found in the output (order/separators free)
        return bool(o) and set(g.split()) <= set(o.split())
    return bool(o) and g == o


def _newsfuse_meta(page: Page) -> dict[str, Any]:
    from newsfuse.extract.html import extract_html

    try:
        ex = extract_html(page.html, url=page.url)
    except NewsfuseError:
        return {}
    return {"title": ex.title, "author": ex.author, "date": ex.published, "sitename": ex.outlet}


def _trafilatura_meta(page: Page) -> dict[str, Any]:
    import trafilatura

    meta = trafilatura.extract_metadata(page.html, default_url=page.url)
    if meta is None:
        return {}
    return {"title": meta.title, "author": meta.author, "date": meta.date, "sitename": meta.sitename}


META_FIELDS = {
    "trafilatura": {"title": "title", "author": "author", "date": "date", "sitename": "sitename"},
    "wcxb": {"title": "title", "author": "author", "date": "publish_date"},
}


def metadata_table(set_name: str, pages: list[Page]) -> dict[str, dict[str, float]]:
    """Exact-match accuracy per metadata field over pages where the gold value is present."""
    fields = META_FIELDS.get(set_name)
    if not fields:
        return {}
    out: dict[str, dict[str, float]] = {}
    for system, fn in (("newsfuse", _newsfuse_meta), ("trafilatura", _trafilatura_meta)):
        hits: Counter[str] = Counter()
        totals: Counter[str] = Counter()
        for page in pages:
            got = fn(page)
            for ours, theirs in fields.items():
                gold = page.gold.get(theirs)
                if not gold:
                    continue
                totals[ours] += 1
                hits[ours] += _meta_match(ours, gold, got.get(ours))
        out[system] = {f: hits[f] / totals[f] for f in totals} | {
            f"n_{f}": float(totals[f]) for f in totals
        }
    return out


# --- main ----------------------------------------------------------------------------------


def _warm_dateparser() -> None:
    """Let dateparser build its per-locale tables (a one-off cost of seconds per process)."""
    from htmldate.extractors import get_external_parser

    get_external_parser().get_date_data("a string in no language at all, 12 Xyz")


def run(sets: list[str], systems: list[str], limit: int | None, dump: Path | None) -> dict[str, Any]:
    """Run every system on every set; give {set: {system: metrics}} plus metadata tables."""
    results: dict[str, Any] = {"extraction": {}, "metadata": {}}
    if "newsfuse" in systems:
        _warm_dateparser()
    for set_name in sets:
        try:
            pages = list(LOADERS[set_name](limit))
        except DataMissingError as exc:
            print(f"skipping {set_name}: {exc}", file=sys.stderr)
            continue
        results["extraction"][set_name] = {}
        for system in systems:
            fn = SYSTEMS[system]
            if pages:
                fn(pages[0])  # warm-up: module imports and caches are not page work
            start = time.perf_counter()
            preds = [fn(page) for page in pages]
            elapsed = time.perf_counter() - start
            metrics = SCORERS[set_name](pages, preds)
            metrics["pages_per_s"] = len(pages) / elapsed if elapsed else 0.0
            metrics["pages"] = len(pages)
            results["extraction"][set_name][system] = metrics
            print(
                f"{set_name:<12} {system:<12} P={metrics['precision']:.3f} "
                f"R={metrics['recall']:.3f} F1={metrics['f1']:.3f} "
                f"{metrics['pages_per_s']:.1f} pages/s",
                file=sys.stderr,
            )
            if dump is not None:
                dump.mkdir(parents=True, exist_ok=True)
                rows = [
                    {"id": p.id, "url": p.url, "f1": per_page_f1(set_name, p, t), "text": t}
                    for p, t in zip(pages, preds, strict=True)
                ]
                (dump / f"{set_name}.{system}.json").write_text(
                    json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8"
                )
        if set_name in META_FIELDS:
            results["metadata"][set_name] = metadata_table(set_name, pages)
    return results


def to_markdown(results: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    lines = ["| set | system | precision | recall | F1 | pages/s |", "|---|---|---|---|---|---|"]
    for set_name, by_system in results["extraction"].items():
        for system, m in by_system.items():
            lines.append(
                f"| {set_name} | {system} | {m['precision']:.3f} | {m['recall']:.3f} | "
                f"**{m['f1']:.3f}** | {m['pages_per_s']:.1f} |"
            )
    if results["metadata"]:
        lines += ["", "| set | system | field | accuracy | n |", "|---|---|---|---|---|"]
        for set_name, by_system in results["metadata"].items():
            for system, m in by_system.items():
                for f, v in m.items():
                    if not f.startswith("n_"):
                        lines.append(f"| {set_name} | {system} | {f} | {v:.3f} | {int(m['n_' + f])} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="scrapinghub,trafilatura,wcxb")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--limit", type=int, default=None, help="pages per set (quick run)")
    parser.add_argument("--dump", type=Path, default=None, help="write per-page outputs here")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/results")
    args = parser.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    systems = [s for s in args.systems.split(",") if s]
    for s in sets:
        if s not in LOADERS:
            parser.error(f"unknown set {s!r}; choose from {', '.join(LOADERS)}")
    for s in systems:
        if s not in SYSTEMS:
            parser.error(f"unknown system {s!r}; choose from {', '.join(SYSTEMS)}")
    results = run(sets, systems, args.limit, args.dump)
    md = to_markdown(results)
    print(md)
    if not args.no_save:
        save_results("extraction", results, md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
