"""Conflict audit: are the `conflicting` and `differing_estimates` clusters of real news right?

    python benchmarks/conflict_audit.py [--articles N] [--sample 150] [--seed 0] [--no-save]
    python benchmarks/conflict_audit.py --list        # also write the listing to read and label

Runs the claims stage through the library on every distinct Timeline17 article (read as
benchmarks/stories.py reads them, with the outlet of their folder): ``find_copies``,
``group_stories``, ``find_claims``, as benchmarks/claims.py does. Copies and stories do not
depend on the claims stage, so they are kept in ``benchmarks/.cache/conflict_audit/`` (keyed by
the articles and the source of the copies, stories and text modules), and so are the finders'
readings of every article (keyed by the source of the finder modules; ``--jobs`` worker
processes make the missing ones): a second run only compares the claims again (~4 minutes).

Every ``conflicting`` cluster, and a documented random sample of the ``differing_estimates``
clusters (``--sample`` of them, ``random.Random(seed).sample`` over their keys sorted; all of
them when there are fewer), is looked up in ``benchmarks/results/conflict_audit_labels.json``:
our own judgement of each cluster (labels of an earlier run say so in ``run``), made by reading it with its evidence (every wording with its
speaker, cue, figure, date and source), ``right`` or ``wrong`` with a one-line reason. A
cluster's key (:func:`cluster_key`) is derived from its kind and the (article, span) of its
wordings, so it is the same in every run that forms the same cluster, whatever story ids the
stories stage gives. Precision is the share of the labelled clusters that are right; clusters
without a label are counted and listed as such (label them, then run again).

``--list`` writes ``benchmarks/.cache/conflict_audit/<name>-listing.md`` (never committed: it
quotes the articles): every ``conflicting`` and ``differing_estimates`` cluster with its
evidence, the judged ones first with their current label, if any.
Results (counts and precision, no article text) go to ``benchmarks/results/conflict_audit.*``.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _data import CACHE_DIR, REPO_ROOT, DataMissingError, save_results
from newsfuse.claims import find_claims
from newsfuse.dedup import find_copies
from newsfuse.records import Article, ClaimCluster
from newsfuse.stories import group_stories
from stories import timeline17_articles

LABELS = Path(__file__).resolve().parent / "results" / "conflict_audit_labels.json"
AUDITED = ("conflicting", "differing_estimates")
_CACHE = CACHE_DIR / "conflict_audit"
_UPSTREAM = ("dedup", "stories", "text")  # the modules copies and stories are computed by


def cluster_key(c: ClaimCluster) -> str:
    """A stable key of a cluster: its kind and the (article, span) of its wordings."""
    parts = sorted(f"{v.article}:{v.start}:{v.end}" for v in c.variants)
    return c.kind[:2] + "-" + hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def _upstream_key(articles: list[Article]) -> str:
    h = hashlib.sha1()
    for a in articles:
        h.update(a.id.encode())
    src = REPO_ROOT / "src" / "newsfuse"
    for folder in _UPSTREAM:
        for path in sorted((src / folder).rglob("*.py")):
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def copies_and_stories(articles: list[Article]) -> tuple[Any, Any]:
    """find_copies and group_stories of ``articles``, from the cache when it holds them."""
    path = _CACHE / f"upstream-{_upstream_key(articles)}.pickle"
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)  # our own cache file
    copies = find_copies(articles)
    stories = group_stories(articles, family_of=copies.family_of)
    _CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump((copies, stories), f)
    return copies, stories


#: the modules the finders' readings of one article depend on (claims/compare.py and
#: crosscheck.py, which turn readings into clusters, are not among them)
_FINDERS = (
    "claims/quotes.py",
    "claims/attribution.py",
    "claims/reported.py",
    "claims/speech_*.py",
    "claims/quantities.py",
    "claims/numbers.py",
    "claims/timex*.py",
    "claims/entit*.py",
    "text*",
    "text/*.py",
)


def findings_of(articles: list[Article], stories: Any, jobs: int) -> dict[Any, Any]:
    """The finders' readings of the articles the stories need (each under the per-document
    budget in ``jobs`` worker processes), from the cache where it holds them (keyed by the
    source of the finder modules; only the readings missing from it are made)."""
    from newsfuse.backends import LocalBackend
    from newsfuse.claims.crosscheck import needed_readings, read_findings, undated_anchors

    h = hashlib.sha1()
    src = REPO_ROOT / "src" / "newsfuse"
    for pattern in _FINDERS:
        for path in sorted(src.glob(pattern)):
            if path.is_file():
                data = path.read_bytes()
                if path.name == "quantities.py":  # what compares figures is not reading
                    data = data.split(b"# Comparing quantities")[0]
                h.update(path.name.encode() + data)
    from newsfuse.claims import extract

    for fn in (extract.read_text, extract.read_task):  # claims_of is not part of a reading
        h.update(inspect.getsource(fn).encode())
    path = _CACHE / f"findings-{h.hexdigest()[:16]}.pickle"
    found: dict[Any, Any] = {}
    if path.exists():
        with path.open("rb") as f:
            found = pickle.load(f)  # our own cache file
    by_id = {a.id: a for a in articles}
    keys = needed_readings(stories, by_id, undated_anchors(stories, by_id))
    missing = [k for k in keys if k not in found]
    if missing:
        failures: list[Any] = []
        with LocalBackend(jobs) as backend:
            found.update(read_findings(missing, by_id, backend, failures))
        for f in failures:
            print(f"left out: {f.source}: {f.reason}", file=sys.stderr)
        _CACHE.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            pickle.dump(found, f)
    return {k: found[k] for k in keys if k in found}


def audited(clusters: list[ClaimCluster], sample: int, seed: int) -> dict[str, list[ClaimCluster]]:
    """The clusters to judge, by status: every conflicting one, a sample of the others."""
    out: dict[str, list[ClaimCluster]] = {}
    for status in AUDITED:
        found = {cluster_key(c): c for c in clusters if c.status == status}
        keys = sorted(found)
        if status != "conflicting" and len(keys) > sample:
            keys = sorted(random.Random(seed).sample(keys, sample))
        out[status] = [found[k] for k in keys]
    return out


def _evidence(c: ClaimCluster, texts: dict[str, str], outlets: dict[str, str]) -> str:
    lines = [
        f"### {cluster_key(c)} · {c.status} · {c.kind} · {c.families} families",
        "",
        f"reason: {c.reason}",
        "",
    ]
    for e in c.estimates:
        lines.append(
            f"- estimate {e.figure()} · {e.speaker or 'unattributed'} · {e.date} · "
            f"{len(e.sources)} reports, {e.families} families"
        )
    for v in c.variants:
        text = texts[v.article]
        s, e = v.context or (v.start, v.end)
        sentence = " ".join(text[s:e].split())
        if len(sentence) > 400:
            sentence = sentence[:400] + "…"
        who = v.speaker or "-"
        extra = [f"speaker={who}"]
        for name in ("role", "cue", "value", "unit", "qualifier", "date", "date_text"):
            value = getattr(v, name)
            if value not in (None, ""):
                extra.append(f"{name}={value}")
        for name in ("speaker_text", "attribution"):
            value = getattr(v, name, None)
            if value not in (None, "", ()):
                extra.append(f"{name}={value}")
        star = "★ " if v.id in c.conflict else ""
        lines.append(
            f"- {star}[{outlets.get(v.article, '?')} {v.source.rsplit('/', 1)[-1]} fam "
            f"{(v.family or '')[:6]}] «{v.text}» ({', '.join(extra)})"
        )
        lines.append(f"  > {sentence}")
    if c.conflict:
        lines.append("- the conflict rests on the wordings marked ★")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=None, help="the first N articles only")
    ap.add_argument("--sample", type=int, default=150)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--list", action="store_true", help="write the listing to read and label")
    ap.add_argument("--name", default="conflict_audit", help="results file name")
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes of the finders")
    args = ap.parse_args(argv)
    try:
        articles = [a for a, *_ in timeline17_articles()]
    except DataMissingError as exc:
        print(f"cannot run: {exc}", file=sys.stderr)
        return 2
    if args.articles:
        articles = articles[: args.articles]
    t0 = time.perf_counter()
    copies, stories = copies_and_stories(articles)
    t1 = time.perf_counter()
    found = findings_of(articles, stories, args.jobs)
    t2 = time.perf_counter()
    report = find_claims(articles, copies=copies, stories=stories, findings=found)
    t3 = time.perf_counter()
    print(
        f"copies and stories {t1 - t0:.0f} s, readings {t2 - t1:.0f} s, claims {t3 - t2:.0f} s",
        file=sys.stderr,
    )
    clusters = report.clusters()
    by_status = Counter(c.status for c in clusters)
    labels: dict[str, dict[str, str]] = (
        json.loads(LABELS.read_text(encoding="utf-8")) if LABELS.exists() else {}
    )
    chosen = audited(clusters, args.sample, args.seed)
    texts = {a.id: a.text for a in articles}
    outlets = {a.id: a.outlet or "?" for a in articles}
    result: dict[str, Any] = {
        "articles": len(articles),
        "stories": len(stories),
        "clusters": len(clusters),
        "by_status": dict(sorted(by_status.items())),
        "sample": args.sample,
        "seed": args.seed,
    }
    md = [
        f"# Conflict audit: {len(articles)} Timeline17 articles, {len(stories)} stories, "
        f"{len(clusters):,} claim clusters",
        "",
        f"Command: `python benchmarks/conflict_audit.py` (sample {args.sample}, seed "
        f"{args.seed}). Labels: `benchmarks/results/conflict_audit_labels.json` (our judgements).",
        "",
        "| status | clusters | judged | labelled | right | wrong | precision |",
        "|---|---|---|---|---|---|---|",
    ]
    listing = []
    for status, judged in chosen.items():
        verdicts = Counter(
            labels.get(cluster_key(c), {}).get("label", "unlabelled") for c in judged
        )
        right, wrong = verdicts["right"], verdicts["wrong"]
        precision = right / (right + wrong) if right + wrong else None
        result[status] = {
            "clusters": by_status.get(status, 0),
            "judged": len(judged),
            "right": right,
            "wrong": wrong,
            "unlabelled": verdicts["unlabelled"],
            "precision": round(precision, 4) if precision is not None else None,
            "keys": [cluster_key(c) for c in judged],
        }
        shown = f"{precision:.3f}" if precision is not None else "-"
        md.append(
            f"| {status} | {by_status.get(status, 0)} | {len(judged)} | {right + wrong} | "
            f"{right} | {wrong} | {shown} |"
        )
        for c in judged:
            label = labels.get(cluster_key(c))
            verdict = f"**{label['label']}**: {label['why']}" if label else "**unlabelled**"
            listing.append(_evidence(c, texts, outlets) + f"\nlabel: {verdict}\n")
        judged_keys = {cluster_key(c) for c in judged}
        for c in sorted(
            (c for c in clusters if c.status == status), key=cluster_key
        ):  # every other cluster of the status too, with its evidence, unjudged
            if cluster_key(c) not in judged_keys:
                listing.append(_evidence(c, texts, outlets) + "\nlabel: (not in the sample)\n")
    md.append("")
    md.append(
        "- clusters by status: " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_status.items()))
    )
    text = "\n".join(md) + "\n"
    print(text)
    if args.list:
        _CACHE.mkdir(parents=True, exist_ok=True)
        out = _CACHE / f"{args.name}-listing.md"
        out.write_text("\n".join(listing), encoding="utf-8")
        print(f"listing: {out}", file=sys.stderr)
    if not args.no_save:
        save_results(args.name, result, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
