"""Throughput of the claims stage on real articles (Timeline17), step by step.

    python benchmarks/claims.py --articles 300 [--no-save]

Takes the first N distinct Timeline17 articles (as benchmarks/stories.py reads them), finds
copies and stories, then times the claims stage in its steps: the finders per article (names,
quotes and reported speech, time expressions, figures), entity linking across the corpus, and
the comparison within stories. No tool does this comparison, so there is no reference system
to run beside it; the figures are articles per second of one process, to watch for
regressions (the machine is shared: compare runs of the same script, not absolute times).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from _data import DataMissingError, save_results
from newsfuse.claims import find_claims
from newsfuse.claims.aliases import link_entities
from newsfuse.claims.entities import find_mentions
from newsfuse.claims.quantities import find_quantities
from newsfuse.claims.quotes import find_attributions
from newsfuse.claims.timex import find_times
from newsfuse.dedup import find_copies
from newsfuse.stories import group_stories
from stories import timeline17_articles


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def run(n: int) -> dict[str, Any]:
    articles = [a for a, *_ in timeline17_articles()[:n]]
    chars = sum(len(a.text) for a in articles)
    copies, t_copies = _timed(find_copies, articles)
    stories, t_stories = _timed(group_stories, articles, family_of=copies.family_of)
    steps: dict[str, float] = {}
    mentions = {}
    for name, fn in (
        ("names", find_mentions),
        ("quotes", find_attributions),
        ("times", lambda t: find_times(t, None)),
        ("figures", find_quantities),
    ):
        start = time.perf_counter()
        for a in articles:
            out = fn(a.text)
            if name == "names":
                mentions[a.id] = out
        steps[name] = time.perf_counter() - start
    _, steps["entity linking"] = _timed(
        link_entities, mentions, {a.id: a.text for a in articles}
    )
    report, t_claims = _timed(find_claims, articles, copies=copies, stories=stories)
    clusters = report.clusters()
    by_status: dict[str, int] = {}
    for c in clusters:
        by_status[c.status] = by_status.get(c.status, 0) + 1
    return {
        "articles": len(articles),
        "characters": chars,
        "stories": len(stories),
        "largest_story": max(len(s.members) for s in stories),
        "seconds": {
            "copies": t_copies,
            "stories": t_stories,
            "claims stage (all steps)": t_claims,
            **{f"  {k} alone": v for k, v in steps.items()},
        },
        "claims_per_second": len(articles) / t_claims,
        "claims": len(report.claims),
        "clusters": len(clusters),
        "entities": len(report.entities),
        "by_status": by_status,
        "failures": len(report.failures),
    }


def markdown(r: dict[str, Any]) -> str:
    lines = [
        f"# Claims stage throughput: {r['articles']} Timeline17 articles "
        f"({r['characters']:,} characters, {r['stories']} stories, largest {r['largest_story']})",
        "",
        "| step | seconds | articles/s |",
        "|---|---|---|",
    ]
    for step, sec in r["seconds"].items():
        lines.append(f"| {step} | {sec:.1f} | {r['articles'] / sec:.1f} |")
    lines += [
        "",
        f"- {r['claims']:,} claims in {r['clusters']:,} clusters, {r['entities']:,} entities, "
        f"{r['failures']} articles failed",
        "- clusters by status: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(r["by_status"].items())),
        "- the claims stage includes its finders, linking and comparison; the rows below it "
        "time each finder alone over the same articles",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args(argv)
    try:
        result = run(args.articles)
    except DataMissingError as exc:
        print(f"cannot run: {exc}", file=sys.stderr)
        return 2
    md = markdown(result)
    print(md)
    if not args.no_save:
        save_results("claims", result, md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
