"""Timeline summarisation benchmark on Timeline17: :func:`newsfuse.brief.build_timeline`.

Usage::

    python benchmarks/timeline.py [--topics bpoil,H1N1] [--limit N] [--set key=value ...]
                                  [--check-tilse] [--no-save]

Data: ``../shared/data/timeline17`` (read in place): for each topic folder (``bpoil_bbc``, ...)
the input articles (:func:`_syndication.load_timeline17`, detokenised), its gold timelines and
keywords (:func:`_tls.load_gold`). Our copy has 12 folders and 12 timelines: the Syria, Libya
and Iraq topics of the full T17 (7 timelines) are held back, so the published figures are not
on the same timelines.

Setting (news-tls, Gholipour Ghalandari & Ifrim 2020, ``experiments/evaluate.py``): for each
gold timeline, the system gets the articles of its folder published between the first and the
last gold date (news-tls restricts the collection to that span, ``time_span_extension=0``
for T17) and keeps only dates in that span (``between``); it is told the gold number of dates
(``max_dates``) and the gold average number of sentences a date, rounded (``per_date``), with
the folder's keywords as ``query``. Each article is its own source family (one outlet a folder).
In this copy ``keywords.json`` holds the folder's topic name ("bpoil", "H1N1", "MJ",
"Finan"), not the original query words; those are passed as they are.

Measures (:mod:`_tls`, a reimplementation of tilse's, checked against tilse with
``--check-tilse``): date F1, ROUGE-1/-2 F1 in concat, agreement and align+ m:1 ("AR-1",
"AR-2") variants, macro-averaged over timelines as news-tls does. Baseline in the same run:
the ``max_dates`` days on which most articles were published (in the span), each summarised by
the first ``per_date`` lead sentences of its articles (first sentence of each article in key
order). Published reference on the full T17 (19 timelines): DATEWISE AR-1 0.120, AR-2 0.035,
date F1 0.544. Parameters were tuned on the five bpoil folders only (see the results' notes).

Results: stdout and ``benchmarks/results/timeline.{json,md}``.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import sys
import time
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DataMissingError, save_results
from _syndication import SourceArticle, load_timeline17
from _tls import GoldTimeline, Timeline, evaluate, load_gold, macro_average, tokenize
from newsfuse.brief.timeline import DEFAULT_PARAMS, TimelineParams, build_timeline
from newsfuse.records import Article, content_id

PUBLISHED = {"AR-1": 0.120, "AR-2": 0.035, "date F1": 0.544}
NOTES = [
    "",
    "Notes: parameters were tuned on the five bpoil folders only (query boost vs filter, lead "
    "sentences dated by publication, dates after publication kept or not, MMR weight). The "
    "keywords of our copy are folder names ('bpoil', 'Finan', 'MJ'), so news-tls's keyword "
    "filter (query_mode=filter) leaves most dates empty: AR-1 0.046, date F1 0.311 on the 12 "
    "timelines; the default boosts sentences that mention a keyword instead. Predicted "
    "sentences are PTB-tokenised before scoring, like the gold ones. Span restriction as "
    "news-tls: articles published and dates within the gold timeline's first..last date.",
]
MEASURES = ("concat-1", "concat-2", "agreement-1", "agreement-2", "align-1", "align-2", "date")


def folder_articles(rows: list[SourceArticle]) -> dict[str, list[Article]]:
    """The articles of each folder (``topic_outlet``) as Article records, in key order."""
    out: dict[str, list[Article]] = collections.defaultdict(list)
    for r in rows:
        text = "\n".join(r.sentences)
        out[f"{r.topic}_{r.outlet}"].append(
            Article(
                id=content_id(f"{r.key}\n{text}".encode()),
                source=r.key,
                kind="text",
                text=text,
                published=r.date,
            )
        )
    return out


def in_span(articles: list[Article], gold: GoldTimeline) -> list[Article]:
    first, last = gold.first.isoformat(), gold.last.isoformat()
    return [a for a in articles if a.published and first <= a.published[:10] <= last]


def system(articles: list[Article], gold: GoldTimeline, params: TimelineParams) -> Timeline:
    entries = build_timeline(
        articles,
        query=list(gold.keywords),
        max_dates=len(gold.dates),
        per_date=gold.per_date,
        between=(gold.first.isoformat(), gold.last.isoformat()),
        params=params,
    )
    return {dt.date.fromisoformat(e.date): [tokenize(s.text) for s in e.sentences] for e in entries}


def baseline(articles: list[Article], gold: GoldTimeline) -> Timeline:
    """The most-published days, each with the lead sentences of its articles."""
    by_day: dict[str, list[Article]] = collections.defaultdict(list)
    for a in articles:
        by_day[(a.published or "")[:10]].append(a)
    days = sorted(by_day, key=lambda d: (-len(by_day[d]), d))[: len(gold.dates)]
    out: Timeline = {}
    for d in days:
        leads = [a.text.split("\n", 1)[0] for a in sorted(by_day[d], key=lambda a: a.source)]
        out[dt.date.fromisoformat(d)] = [tokenize(s) for s in leads[: gold.per_date]]
    return out


def parse_params(items: list[str]) -> TimelineParams:
    types = {f.name: type(getattr(DEFAULT_PARAMS, f.name)) for f in fields(TimelineParams)}
    changes: dict[str, Any] = {}
    for item in items:
        key, _, value = item.partition("=")
        if key not in types:
            raise SystemExit(f"unknown parameter {key!r}; known: {', '.join(types)}")
        kind = types[key]
        changes[key] = value.lower() in ("1", "true", "yes") if kind is bool else kind(value)
    return replace(DEFAULT_PARAMS, **changes)


def run(
    topics: list[str] | None, limit: int | None, params: TimelineParams
) -> tuple[dict[str, Any], list[tuple[Timeline, Timeline]]]:
    golds = [g for g in load_gold() if not topics or any(g.folder.startswith(t) for t in topics)]
    golds = golds[:limit] if limit else golds
    by_folder = folder_articles(load_timeline17())
    rows, pairs = [], []
    for g in golds:
        articles = in_span(by_folder[g.folder], g)
        start = time.perf_counter()
        pred = system(articles, g, params)
        seconds = time.perf_counter() - start
        base = baseline(articles, g)
        pairs.append((pred, g.dates))
        rows.append(
            {
                "folder": g.folder,
                "timeline": g.name,
                "articles": len(articles),
                "gold_dates": len(g.dates),
                "per_date": g.per_date,
                "predicted_dates": len(pred),
                "seconds": round(seconds, 2),
                "system": evaluate(pred, g.dates),
                "baseline": evaluate(base, g.dates),
            }
        )
    results = {
        "timelines": len(rows),
        "params": {f.name: getattr(params, f.name) for f in fields(TimelineParams)},
        "average": {
            "system": macro_average([r["system"] for r in rows]),
            "baseline": macro_average([r["baseline"] for r in rows]),
        },
        "published_datewise_full_t17": PUBLISHED,
        "rows": rows,
    }
    return results, pairs


def _f(scores: dict[str, dict[str, float]], key: str) -> str:
    return f"{scores[key]['f_score']:.3f}"


def render(results: dict[str, Any], topics: list[str] | None) -> str:
    head = "| AR-1 | AR-2 | date F1 | concat-1 | concat-2 | agree-1 | agree-2 |"
    keys = ("align-1", "align-2", "date", "concat-1", "concat-2", "agreement-1", "agreement-2")
    lines = [
        f"Timeline17, {results['timelines']} timelines"
        + (f" (folders starting {', '.join(topics)})" if topics else " (every folder of our copy)")
        + "; F1 of ROUGE (tilse reimpl, align+ m:1 = AR) and of dates, macro-averaged.",
        "Our copy lacks the Syria, Libya and Iraq topics (7 of the 19 timelines of the full T17).",
        "",
        "| system " + head,
        "|---" * 8 + "|",
    ]
    for name in ("system", "baseline"):
        avg = results["average"][name]
        label = "newsfuse" if name == "system" else "baseline (most-published days, leads)"
        lines.append(f"| {label} | " + " | ".join(_f(avg, k) for k in keys) + " |")
    p = results["published_datewise_full_t17"]
    lines.append(
        f"| DATEWISE, published (full T17) | {p['AR-1']:.3f} | {p['AR-2']:.3f} | "
        f"{p['date F1']:.3f} | | | | |"
    )
    lines += ["", "| folder | articles | dates | K | s " + head, "|---" * 12 + "|"]
    for r in results["rows"]:
        lines.append(
            f"| {r['folder']} | {r['articles']} | {r['gold_dates']} | {r['per_date']} | "
            f"{r['seconds']:.1f} | " + " | ".join(_f(r["system"], k) for k in keys) + " |"
        )
    params = ", ".join(f"{k}={v}" for k, v in results["params"].items())
    lines += ["", f"Parameters: {params}.", *NOTES]
    if "tilse_check" in results:
        check = results["tilse_check"]
        lines.append(
            f"Measures checked against tilse 0.2.1 (reimpl) on the {check['timelines']} "
            f"predicted timelines: {len(check['differences'])} differences above 1e-9."
        )
        lines += [f"- {d}" for d in check["differences"][:20]]
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topics", default=None, help="folder prefixes, comma-separated")
    parser.add_argument("--limit", type=int, default=None, help="only the first N timelines")
    parser.add_argument("--set", action="append", default=[], help="TimelineParams key=value")
    parser.add_argument("--check-tilse", action="store_true", help="compare with tilse's figures")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument(
        "--no-semeval",
        action="store_true",
        help="skip the SemEval-2015 Task 4 timelines (benchmarks/semeval_timeline.py)",
    )
    args = parser.parse_args(argv)
    topics = [t for t in args.topics.split(",") if t] if args.topics else None
    params = parse_params(args.set)
    try:
        results, pairs = run(topics, args.limit, params)
    except DataMissingError as exc:
        print(f"cannot run: {exc}", file=sys.stderr)
        return 2
    if args.check_tilse:
        from _tls import check_against_tilse

        diffs = check_against_tilse(pairs)
        results["tilse_check"] = {"timelines": len(pairs), "differences": diffs}
    md = render(results, topics)
    print(md)
    if not args.no_save and not topics and not args.limit and not args.set:
        save_results("timeline", results, md)
    if not args.no_semeval:  # the entity-timeline task, scored in its own script and results
        import semeval_timeline

        semeval_timeline.main(["--no-save"] if args.no_save else [])
    return 0


if __name__ == "__main__":
    sys.exit(main())
