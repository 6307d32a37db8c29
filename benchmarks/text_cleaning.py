"""Benchmark: cleaning already-scraped plain text (menus, footers and all) down to the article.

Each page of the Scrapinghub article-extraction benchmark and of the WCXB dev articles is
rendered to text the way a naive scraper does (``render.render_naive``: all visible text,
one block per line). The text is then scored against the page's gold main text three ways:

- ``uncleaned text``: the rendered text as is (recall ceiling, precision floor);
- ``jusText (lines)``: each rendered line wrapped in ``<p>...</p>`` and classified by jusText
  with the stop list of the page language (``<html lang>``, else detected, else English);
- ``newsfuse``: ``newsfuse.extract.text.clean_text(text).text`` (the language is identified by newsfuse).

Metric (the WCXB definition, applied to both sets): lowercase, ``\\w+`` tokens, bag-of-words
precision / recall / F1 from the Counter intersection, per page, macro-averaged over pages.
(The Scrapinghub README's own metric is micro-averaged 4-gram shingles; our numbers are not
comparable with its table.)

Titles: ``clean_text`` returns the title separately from ``.text`` and we score ``.text``.
A ``newsfuse (+title)`` row (title + "\\n" + text) is added only for sets whose gold main
text includes the title on most pages: measured at run time as the share of pages whose
gold title occurs at the start of the gold text. Scrapinghub's ``articleBody`` never has it;
in WCXB dev it is 5 of 250 pages (15 contain it anywhere), so neither set gets the row unless
``--title-row always``.

Speed: ``pages/s`` of the uncleaned row is the rendering speed; the other rows time only
their own cleaning step on the rendered text.

Usage::

    python benchmarks/text_cleaning.py                       # both sets, all pages
    python benchmarks/text_cleaning.py --sets wcxb-dev --limit 50 --worst 10
    python benchmarks/text_cleaning.py --json out.json --dump-dir /tmp/tc-dump
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render import render_naive

REPO_ROOT = Path(__file__).resolve().parents[1]
TARGET_F1 = 0.90
SETS = ("scrapinghub", "wcxb-dev")

# -- data -------------------------------------------------------------------------------------


def shared_data_dir() -> Path:
    """``$NEWSFUSE_SHARED/data`` when set, else ``<repo>/../shared/data`` (may not exist)."""
    env = os.environ.get("NEWSFUSE_SHARED")
    base = Path(env) if env else REPO_ROOT / ".." / "shared"
    return (base / "data").resolve()


class DataMissing(FileNotFoundError):
    """A dataset of the benchmark is not in the shared data directory."""


@dataclass(slots=True)
class Page:
    """One evaluation page: its HTML, the gold main text and optional gold title/snippets."""

    set: str
    id: str
    html: str
    gold: str
    url: str | None = None
    title: str | None = None
    with_snippets: list[str] = field(default_factory=list)
    without_snippets: list[str] = field(default_factory=list)


def _read_html(path: Path) -> str:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def scrapinghub_pages(data_dir: Path, limit: int | None = None) -> Iterator[Page]:
    """Pages of ``scrapinghub-article-extraction-benchmark``; gold is ``articleBody``."""
    root = data_dir / "scrapinghub-article-extraction-benchmark"
    truth_path = root / "ground-truth.json"
    if not truth_path.is_file():
        raise DataMissing(f"scrapinghub: {truth_path} not found")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    for i, key in enumerate(sorted(truth)):
        if limit is not None and i >= limit:
            break
        rec = truth[key]
        html = _read_html(root / "html" / f"{key}.html.gz")
        yield Page("scrapinghub", key, html, rec.get("articleBody") or "", rec.get("url"))


def wcxb_pages(data_dir: Path, limit: int | None = None) -> Iterator[Page]:
    """Pages of ``wcxb-articles/dev``; gold is ``ground_truth.main_content``."""
    root = data_dir / "wcxb-articles" / "dev"
    if not (root / "ground-truth").is_dir():
        raise DataMissing(f"wcxb-dev: {root / 'ground-truth'} not found")
    for i, gt_path in enumerate(sorted((root / "ground-truth").glob("*.json"))):
        if limit is not None and i >= limit:
            break
        rec = json.loads(gt_path.read_text(encoding="utf-8"))
        gt = rec.get("ground_truth") or {}
        yield Page(
            "wcxb-dev",
            gt_path.stem,
            _read_html(root / "html" / f"{gt_path.stem}.html.gz"),
            gt.get("main_content") or "",
            rec.get("url"),
            gt.get("title"),
            list(gt.get("with") or []),
            list(gt.get("without") or []),
        )


LOADERS: dict[str, Callable[[Path, int | None], Iterator[Page]]] = {
    "scrapinghub": scrapinghub_pages,
    "wcxb-dev": wcxb_pages,
}

# -- metric -----------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Lowercased ``\\w+`` tokens of ``text``."""
    return _TOKEN.findall(text.lower()) if text else []


def word_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words (precision, recall, F1) of ``predicted`` against ``gold``.

    Both empty: (1, 1, 1). Gold empty but not the prediction, or prediction empty: (0, 0, 0).
    """
    pred, ref = Counter(tokens(predicted)), Counter(tokens(gold))
    if not ref:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 0.0, 0.0)
    if not pred:
        return (0.0, 0.0, 0.0)
    overlap = sum((pred & ref).values())
    p, r = overlap / sum(pred.values()), overlap / sum(ref.values())
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def snippet_rate(text: str, snippets: list[str]) -> float | None:
    """Share of ``snippets`` found (case-insensitively) in ``text``; None without snippets."""
    if not snippets:
        return None
    low = " ".join(text.lower().split())
    return sum(" ".join(s.lower().split()) in low for s in snippets) / len(snippets)


def title_leads_gold(page: Page) -> bool:
    """Whether the gold title is the start of the gold main text (whitespace-insensitive)."""
    if not page.title:
        return False
    norm = " ".join(tokens(page.title))
    return bool(norm) and " ".join(tokens(page.gold[: len(page.title) * 3])).startswith(norm)


# -- language ---------------------------------------------------------------------------------

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3})\b", re.IGNORECASE)


def page_language(html: str, rendered: str) -> str:
    """ISO 639-1 code: ``<html lang>``, else detected from the rendered text, else ``en``."""
    m = _HTML_LANG.search(html[:20000])
    if m:
        return m.group(1).lower()
    try:
        from newsfuse.extract.lang import detect_language
    except ImportError:
        return "en"
    return detect_language(rendered) or "en"


def _stoplist(language: str) -> frozenset[str]:
    import justext

    try:
        from newsfuse.extract.lang import stopwords
    except ImportError:
        return frozenset(w.lower() for w in justext.get_stoplist("English"))
    return stopwords(language)


# -- systems ----------------------------------------------------------------------------------


def justext_lines(text: str, language: str) -> str:
    """jusText over the rendered lines: each line one ``<p>``; kept paragraphs joined by
    blank lines."""
    import justext

    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return ""
    doc = (
        "<html><body>" + "".join(f"<p>{html_lib.escape(ln)}</p>" for ln in lines) + "</body></html>"
    )
    paragraphs = justext.justext(doc.encode("utf-8"), _stoplist(language), encoding="utf-8")
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def load_cleaner() -> tuple[Callable[..., Any] | None, str]:
    """``newsfuse.extract.text.clean_text`` and "", or None and why it is unavailable."""
    try:
        from newsfuse.extract.text import clean_text
    except Exception as exc:  # ImportError, or an error inside a module being written
        return None, f"{type(exc).__name__}: {exc}"
    return clean_text, ""


# -- running ----------------------------------------------------------------------------------

ROW_UNCLEANED = "uncleaned text"
ROW_JUSTEXT = "jusText (lines)"
ROW_NEWSFUSE = "newsfuse"
ROW_NEWSFUSE_TITLE = "newsfuse (+title)"


@dataclass(slots=True)
class PageResult:
    """Scores of one page: per row (precision, recall, F1) and the seconds spent."""

    id: str
    url: str | None
    language: str
    lines: int
    scores: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    snippets: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    error: str | None = None


def run_set(
    name: str,
    pages: Iterator[Page],
    cleaner: Callable[..., Any] | None,
    *,
    title_row: str = "auto",
    dump_dir: Path | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Render, clean and score every page of one set; give the summary (see ``--json``)."""
    results: list[PageResult] = []
    title_leads = 0
    golds: list[Page] = []
    outputs: list[dict[str, str]] = []
    for page in pages:
        t0 = time.perf_counter()
        rendered = render_naive(page.html)
        t_render = time.perf_counter() - t0
        lang = page_language(page.html, rendered)
        res = PageResult(page.id, page.url, lang, rendered.count("\n") + 1 if rendered else 0)
        out: dict[str, str] = {ROW_UNCLEANED: rendered}
        res.seconds[ROW_UNCLEANED] = t_render

        t0 = time.perf_counter()
        out[ROW_JUSTEXT] = justext_lines(rendered, lang)
        res.seconds[ROW_JUSTEXT] = time.perf_counter() - t0

        removed: list[Any] = []
        if cleaner is not None:
            t0 = time.perf_counter()
            try:
                # newsfuse gets the text alone, as in the pipeline: it identifies the language
                # itself (the page's <html lang> is an HTML hint a text scraper has lost, and it
                # is wrong on some pages, e.g. an English article on a German edition).
                cleaned = cleaner(rendered)
                out[ROW_NEWSFUSE] = cleaned.text
                out[ROW_NEWSFUSE_TITLE] = (
                    f"{cleaned.title}\n{cleaned.text}" if cleaned.title else cleaned.text
                )
                removed = list(cleaned.removed)
            except Exception as exc:  # one bad page is recorded, not fatal
                res.error = f"{type(exc).__name__}: {exc}"
                out[ROW_NEWSFUSE] = out[ROW_NEWSFUSE_TITLE] = ""
            res.seconds[ROW_NEWSFUSE] = res.seconds[ROW_NEWSFUSE_TITLE] = time.perf_counter() - t0
        for row, text in out.items():
            res.scores[row] = word_prf(text, page.gold)
            res.snippets[row] = (
                snippet_rate(text, page.with_snippets),
                snippet_rate(text, page.without_snippets),
            )
        title_leads += title_leads_gold(page)
        results.append(res)
        golds.append(page)
        outputs.append(out)
        if dump_dir is not None:
            _dump(dump_dir / name, page, out, removed, res)
        if progress and len(results) % 25 == 0:
            print(f"  {name}: {len(results)} pages", file=sys.stderr)

    n = len(results)
    share = title_leads / n if n else 0.0
    rows = [ROW_UNCLEANED, ROW_JUSTEXT]
    if cleaner is not None:
        rows.append(ROW_NEWSFUSE)
        if title_row == "always" or (title_row == "auto" and share >= 0.5):
            rows.append(ROW_NEWSFUSE_TITLE)
    summary: dict[str, Any] = {
        "set": name,
        "pages": n,
        "title_leads_gold_share": round(share, 4),
        "newsfuse_errors": sum(r.error is not None for r in results),
        "rows": {row: _aggregate(results, row) for row in rows},
        "per_page": [
            {
                "id": r.id,
                "url": r.url,
                "language": r.language,
                "lines": r.lines,
                "error": r.error,
                **{
                    row: {"p": s[0], "r": s[1], "f1": s[2]}
                    for row, s in r.scores.items()
                    if row in rows
                },
            }
            for r in results
        ],
    }
    return summary


def _aggregate(results: list[PageResult], row: str) -> dict[str, Any]:
    n = len(results)
    if not n:
        return {"f1": None, "p": None, "r": None, "pages_per_s": None}
    secs = sum(r.seconds.get(row, 0.0) for r in results)
    agg: dict[str, Any] = {
        "f1": sum(r.scores[row][2] for r in results) / n,
        "p": sum(r.scores[row][0] for r in results) / n,
        "r": sum(r.scores[row][1] for r in results) / n,
        "pages_per_s": n / secs if secs > 0 else None,
    }
    for i, key in enumerate(("with", "without")):
        rates = [v for r in results if (v := r.snippets[row][i]) is not None]
        agg[key] = sum(rates) / len(rates) if rates else None
    return agg


def _dump(
    folder: Path, page: Page, out: dict[str, str], removed: list[Any], res: PageResult
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    base = folder / page.id
    files = {
        "rendered.txt": out[ROW_UNCLEANED],
        "justext.txt": out[ROW_JUSTEXT],
        "gold.txt": (f"# title: {page.title}\n\n" if page.title else "") + page.gold,
    }
    if ROW_NEWSFUSE in out:
        files["newsfuse.txt"] = (
            out[ROW_NEWSFUSE_TITLE] if res.error is None else f"ERROR {res.error}"
        )
        files["removed.tsv"] = "".join(
            f"{r.line if r.line is not None else ''}\t{r.reason}\t{r.text}\n" for r in removed
        )
    files["scores.json"] = json.dumps(
        {"url": page.url, "language": res.language, "scores": res.scores, "error": res.error},
        indent=1,
    )
    for suffix, text in files.items():
        Path(f"{base}.{suffix}").write_text(text, encoding="utf-8")


# -- reporting --------------------------------------------------------------------------------


def _fmt(v: float | None, digits: int = 3) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def format_table(summary: dict[str, Any]) -> str:
    """The per-set table: one row per system with F1, P, R, snippet rates and pages/s."""
    head = (
        f"== {summary['set']}: {summary['pages']} pages "
        f"(gold starts with the title on {summary['title_leads_gold_share']:.0%}) =="
    )
    lines = [
        head,
        f"{'system':<20} {'F1':>6} {'P':>6} {'R':>6} {'with':>6} {'w/o':>6} {'pages/s':>9}",
    ]
    for row, a in summary["rows"].items():
        lines.append(
            f"{row:<20} {_fmt(a['f1']):>6} {_fmt(a['p']):>6} {_fmt(a['r']):>6} "
            f"{_fmt(a.get('with'), 2):>6} {_fmt(a.get('without'), 2):>6} "
            f"{_fmt(a['pages_per_s'], 1):>9}"
        )
    nf = summary["rows"].get(ROW_NEWSFUSE)
    if nf and nf["f1"] is not None:
        verdict = "met" if nf["f1"] >= TARGET_F1 else "NOT met"
        lines.append(f"target newsfuse F1 >= {TARGET_F1:.2f}: {verdict}")
    if summary["newsfuse_errors"]:
        lines.append(f"newsfuse raised on {summary['newsfuse_errors']} pages (scored as empty)")
    return "\n".join(lines)


def format_worst(summary: dict[str, Any], k: int) -> str:
    """The ``k`` pages where newsfuse's F1 is lowest, with P/R and the uncleaned F1."""
    pages = [p for p in summary["per_page"] if ROW_NEWSFUSE in p]
    pages.sort(key=lambda p: (p[ROW_NEWSFUSE]["f1"], p["id"]))
    lines = [f"-- {summary['set']}: {k} worst pages for newsfuse --"]
    lines.append(f"{'id':<20} {'F1':>6} {'P':>6} {'R':>6} {'raw F1':>7}  url")
    for p in pages[:k]:
        s = p[ROW_NEWSFUSE]
        ident = p["id"] if len(p["id"]) <= 20 else p["id"][:17] + "..."
        lines.append(
            f"{ident:<20} {s['f1']:>6.3f} {s['p']:>6.3f} {s['r']:>6.3f} "
            f"{p[ROW_UNCLEANED]['f1']:>7.3f}  {p['url'] or ''}"
            + (f"  [{p['error']}]" if p["error"] else "")
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sets", default=",".join(SETS), help=f"comma-separated, among {', '.join(SETS)}"
    )
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each set")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    parser.add_argument(
        "--dump-dir", type=Path, default=None,
        help="write per page the rendered lines, jusText and newsfuse output, removed lines, gold",
    )  # fmt: skip
    parser.add_argument("--worst", type=int, default=0, metavar="K", help="list the K worst pages")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/results/")
    parser.add_argument(
        "--title-row", choices=("auto", "always", "never"), default="auto",
        help="add 'newsfuse (+title)': auto = when the gold starts with the title on most pages",
    )  # fmt: skip
    args = parser.parse_args(argv)
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in names if s not in LOADERS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; choose among {', '.join(SETS)}")
    if args.limit is not None and args.limit <= 0:
        parser.error(f"--limit must be a positive number, got {args.limit}")

    cleaner, why = load_cleaner()
    if cleaner is None:
        print(
            "newsfuse.extract.text.clean_text is not available yet "
            f"({why}); the newsfuse rows are skipped.",
            file=sys.stderr,
        )
    data_dir = shared_data_dir()
    summaries = []
    for name in names:
        try:
            pages = LOADERS[name](data_dir, args.limit)
            summary = run_set(
                name, pages, cleaner, title_row=args.title_row, dump_dir=args.dump_dir
            )
        except DataMissing as exc:
            print(f"skipping {name}: {exc} (set NEWSFUSE_SHARED)", file=sys.stderr)
            continue
        summaries.append(summary)
        print(format_table(summary))
        if args.worst and cleaner is not None:
            print(format_worst(summary, args.worst))
        print()
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"sets": summaries}, indent=1), encoding="utf-8")
    if summaries and not args.no_save and args.limit is None:
        from _data import save_results

        save_results("text_cleaning", {"sets": summaries}, results_markdown(summaries))
    return 0 if summaries else 2


def results_markdown(summaries: list[dict[str, Any]]) -> str:
    """The table quoted in notes: precision, recall, F1 and pages/s of every row, per set."""
    out = [
        "Word-level bag-of-words F1 (macro over pages) of each page rendered to plain text the "
        "way a naive scraper does (`benchmarks/render.py`), against the gold main text. "
        "Command: `python benchmarks/text_cleaning.py`.",
        "",
        "| set | system | precision | recall | F1 | pages/s |",
        "|---|---|---|---|---|---|",
    ]
    for s in summaries:
        for name, r in s["rows"].items():
            out.append(
                f"| {s['set']} | {name} | {r['p']:.3f} | {r['r']:.3f} | **{r['f1']:.4f}** | "
                f"{r.get('pages_per_s') or 0.0:.1f} |"
            )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
