"""The main job on real news: `newsfuse run` over all of Timeline17, as a user types it.

    python benchmarks/timeline17_run.py [--articles N] [--jobs J] [--no-save]

Writes the Timeline17 articles (every distinct article of every topic, the long pages of
reader comments included, detokenised as benchmarks/stories.py reads them, with their outlet
and publication day) to one JSONL file, runs ``newsfuse run`` on it in a fresh store, and
reports what a user would check: the exit code, stories, briefs (every story must get one),
failures by stage with their reasons, and the unfaithful brief sentences, counted again here
by reading every stored brief against the stored articles with the faithfulness check (must
be 0). Peak memory is the largest sum of the resident memory of the run's whole process tree
(the command and its worker processes), sampled every 0.2 s; the issue's bar is 8 GiB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _data import save_results, tree_rss
from stories import timeline17_articles


def write_corpus(path: Path, limit: int | None) -> int:
    arts = timeline17_articles()
    if limit:
        arts = arts[:limit]
    with path.open("w", encoding="utf-8") as f:
        for a, topic, _ in arts:
            row = {"text": a.text, "published": a.published, "outlet": a.outlet, "topic": topic}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(arts)


def unfaithful(store_path: Path) -> tuple[int, int, int]:
    """(briefs, sentences, untraceable sentences) read back from the store."""
    from newsfuse.brief.faithful import check_brief
    from newsfuse.store import Store

    with Store(store_path) as store:
        articles = {a.id: a for a in store.articles(raw=False)}
        briefs = store.briefs()
    sentences = sum(len(b.sentences()) for b in briefs)
    bad = {(p.story, p.sentence) for b in briefs for p in check_brief(b, articles)}
    return len(briefs), sentences, len(bad)


def run(limit: int | None, jobs: int | None) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="newsfuse-t17-"))
    corpus = work / "timeline17.jsonl"
    n = write_corpus(corpus, limit)
    out = work / "out"
    cmd = [sys.executable, "-m", "newsfuse.cli", "run", str(corpus), "--out", str(out), "-q"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.monotonic() - start
    sampler.join()
    import sqlite3

    conn = sqlite3.connect(out / "newsfuse.db")
    try:
        counts = json.loads(conn.execute("SELECT counts FROM runs ORDER BY id DESC").fetchone()[0])
        failures = conn.execute("SELECT source, stage, reason FROM failures").fetchall()
        stories = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    finally:
        conn.close()
    briefs, sentences, bad = unfaithful(out / "newsfuse.db")
    return {
        "inputs": n,
        "command": "newsfuse run timeline17.jsonl --out OUT -q"
        + (f" --jobs {jobs}" if jobs else ""),
        "exit_code": proc.returncode,
        "wall_seconds": round(wall, 1),
        "peak_rss_gib": round(peak[0] / 2**30, 2),
        "articles": counts.get("articles"),
        "stories": stories,
        "briefs": briefs,
        "stories_without_brief": stories - briefs,
        "brief_sentences": sentences,
        "unfaithful_sentences": bad,
        "failures_by_stage": dict(Counter(stage for _, stage, _ in failures)),
        "failures": [{"source": s, "stage": st, "reason": r} for s, st, r in failures],
        "counts": counts,
        "stderr_tail": err.strip().splitlines()[-5:],
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--articles", type=int, default=None, help="only the first N articles")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args()
    r = run(args.articles, args.jobs)
    lines = [
        "# `newsfuse run` on Timeline17",
        "",
        f"Command: `{r['command']}` ({r['inputs']} JSONL lines)",
        "",
        "| exit | articles | stories | briefs | stories without brief | brief sentences | "
        "unfaithful | failures | wall s | peak RSS (GiB, all processes) |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {r['exit_code']} | {r['articles']} | {r['stories']} | {r['briefs']} | "
        f"{r['stories_without_brief']} | {r['brief_sentences']} | {r['unfaithful_sentences']} | "
        f"{sum(r['failures_by_stage'].values())} {r['failures_by_stage']} | {r['wall_seconds']} | "
        f"{r['peak_rss_gib']} |",
        "",
        "Failures:",
        "",
    ]
    lines += [f"- `{f['source']}` [{f['stage']}]: {f['reason']}" for f in r["failures"]] or [
        "- none"
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_save:
        save_results("timeline17_run", r, text)


if __name__ == "__main__":
    main()
