"""newsfuse at the volume of a news stream: `newsfuse run` at 10k and 100k articles, and
incremental runs that add 1,000 new articles to stores of 10k and 100k.

    python benchmarks/scale.py [--sizes 10000,100000] [--increments 10000,100000] [--jobs N]
                               [--backend local|dask] [--workers N] [--no-save]
    python benchmarks/scale.py --sizes 1000 --backends local,dask:2,dask:1

``--backend dask --workers N`` runs every `newsfuse run` on a local Dask cluster of N workers
(results in scale_dask_wN.*, not scale.*). ``--backends`` compares backends on the same
corpora instead (``local``, ``dask:N`` for a local cluster of N workers): per backend the wall
and CPU seconds, articles/s per stage, the peak memory of the client process and of the whole
process tree (workers included), the ratio to the first backend and whether the store equals
the first backend's (results in scale_dask.*).

Corpora (benchmarks/_scale_corpus.py, written once to benchmarks/.cache/scale/): real
Timeline17 news with generated copies, near-duplicates, rewrites, passages and distractors at
the syndication generator's rates, repeated in later, ciphered rounds to reach the size.

For each size: `newsfuse run corpus.jsonl --out DIR -q` as a user types it, timed by its own
report (wall seconds per stage: report.json "seconds"), with the CPU seconds of the whole
process tree, its peak resident memory (sampled every 0.2 s over the command and its worker
processes) and the store's bytes per article. Articles/s per stage and end to end.

Incremental: the first N articles are run, then the next 1,000 (the newest) are added in a
second run; the time of that second run is compared with adding the same 1,000 to an empty
store (the issue's bar: at most 1.5 times), and the store after the two runs is compared with
one run over the N + 1,000 (links, families, stories, claims, briefs: must be equal).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import _scale_corpus
from _data import proc_cpu, process_tree, save_results, tree_rss

CORPUS_PARAMS = {"size": 1000, "distractors": 400, "seed": 0}


def corpus(total: int) -> Path:
    return _scale_corpus.write(
        _scale_corpus.SCALE_DIR / f"stream-{total}.jsonl", total, **CORPUS_PARAMS
    )


def slice_corpus(src: Path, start: int, stop: int, dest: Path) -> Path:
    with src.open(encoding="utf-8") as f, dest.open("w", encoding="utf-8") as out:
        for k, line in enumerate(f):
            if k >= stop:
                break
            if k >= start:
                out.write(line)
    return dest


def tree_cpu(root: int, seen: dict[int, float]) -> None:
    """Note in ``seen`` the CPU seconds so far of every process of the tree under ``root``
    (the sum of ``seen`` over a run is its CPU time, less what processes that ended between
    two samples did since the last one). The worker processes' children are reaped by
    processes that are never waited for (forkservers), so the rusage of the children misses
    them."""
    for pid, fields in process_tree(root).items():
        seen[pid] = max(seen.get(pid, 0.0), proc_cpu(pid, fields))


def proc_rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


#: the `newsfuse run` options of the backend, set by --backend/--workers
BACKEND_ARGS: list[str] = []


def newsfuse_run(
    inputs: list[Path], out: Path, jobs: int | None, backend: list[str] | None = None
) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "newsfuse.cli", "run", *map(str, inputs), "--out", str(out), "-q"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    cmd += BACKEND_ARGS if backend is None else backend
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]
    client_cpu = [0.0]
    cpu_seen: dict[int, float] = {}

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            peak[1] = max(peak[1], proc_rss(proc.pid))
            client_cpu[0] = max(client_cpu[0], proc_cpu(proc.pid))
            tree_cpu(proc.pid, cpu_seen)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.monotonic() - start
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    db = out / "newsfuse.db"
    size = sum(p.stat().st_size for p in out.glob("newsfuse.db*") if p.is_file())
    articles = report["counts"].get("articles", 0)
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {
        "exit_code": proc.returncode,
        "wall_s": round(wall, 1),
        "cpu_s": round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 1),
        "peak_rss_gib": round(peak[0] / 2**30, 2),
        "peak_client_rss_gib": round(peak[1] / 2**30, 2),
        "client_cpu_s": round(client_cpu[0], 1),  # the `newsfuse run` process alone
        "tree_cpu_s": round(sum(cpu_seen.values()), 1),  # every process, sampled
        "articles_in_run": articles,
        "articles_stored": stored,
        "stage_seconds": report.get("seconds", {}),
        "store_bytes_per_article": round(size / max(stored, 1)),
        "stderr_tail": err.strip().splitlines()[-3:],
    }


def snapshot(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    q = {
        "links": "SELECT a, b, type, round(score, 6), a_passage, b_passage FROM links ORDER BY 1,2,3,5,6",
        "families": "SELECT id, members, original FROM families ORDER BY id",
        "stories": "SELECT id, record FROM stories ORDER BY id",
        "claims": "SELECT id, story, status, families FROM claim_clusters ORDER BY id",
        "briefs": "SELECT story, record FROM briefs ORDER BY story",
    }
    try:
        return {k: conn.execute(sql).fetchall() for k, sql in q.items()}
    finally:
        conn.close()


def full_runs(sizes: list[int], jobs: int | None, work: Path) -> list[dict[str, Any]]:
    out = []
    for n in sizes:
        src = corpus(n)
        r = newsfuse_run([src], work / f"full-{n}", jobs)
        r["size"] = n
        r["articles_per_s"] = round(n / r["wall_s"], 1)
        r["stage_articles_per_s"] = {
            k: round(n / v, 1) if v else None for k, v in r["stage_seconds"].items()
        }
        print(json.dumps(r), file=sys.stderr)
        out.append(r)
    return out


def increments(sizes: list[int], jobs: int | None, work: Path) -> list[dict[str, Any]]:
    out = []
    for n in sizes:
        src = corpus(n + 1000)
        old = slice_corpus(src, 0, n, work / f"old-{n}.jsonl")
        new = slice_corpus(src, n, n + 1000, work / f"new-{n}.jsonl")
        base = newsfuse_run([old], work / f"inc-{n}", jobs)
        added = newsfuse_run([new], work / f"inc-{n}", jobs)
        empty = newsfuse_run([new], work / f"empty-{n}", jobs)
        newsfuse_run([old, new], work / f"one-{n}", jobs)
        equal = snapshot(work / f"inc-{n}" / "newsfuse.db") == snapshot(
            work / f"one-{n}" / "newsfuse.db"
        )
        r = {
            "store": n,
            "base_wall_s": base["wall_s"],
            "add_1000_wall_s": added["wall_s"],
            "add_1000_to_empty_wall_s": empty["wall_s"],
            "ratio": round(added["wall_s"] / empty["wall_s"], 2),
            "add_stage_seconds": added["stage_seconds"],
            "empty_stage_seconds": empty["stage_seconds"],
            "peak_rss_gib": added["peak_rss_gib"],
            "equal_to_one_run": equal,
        }
        print(json.dumps(r), file=sys.stderr)
        out.append(r)
    return out


def backend_args(spec: str) -> list[str]:
    """`local` or `dask:N` as `newsfuse run` options."""
    name, _, workers = spec.partition(":")
    if name == "local":
        return ["--backend", "local"]
    if name == "dask" and workers.isdigit():
        return ["--backend", "dask", "--workers", workers]
    raise SystemExit(f"scale.py: a backend is 'local' or 'dask:N', got {spec!r}")


def backend_runs(
    sizes: list[int], specs: list[str], jobs: int | None, work: Path
) -> list[dict[str, Any]]:
    """Each corpus run by each backend into its own store; the stores compared with the
    first backend's."""
    out = []
    for n in sizes:
        src = corpus(n)
        first: dict[str, Any] | None = None
        for k, spec in enumerate(specs):  # a backend may be given twice (noise)
            dest = work / f"{k}-{spec.replace(':', '-')}-{n}"
            r = newsfuse_run([src], dest, jobs, backend_args(spec))
            r.update(size=n, backend=spec, load_after=round(os.getloadavg()[0], 1))
            r["articles_per_s"] = round(n / r["wall_s"], 2)
            r["stage_articles_per_s"] = {
                k: round(n / v, 1) if v else None for k, v in r["stage_seconds"].items()
            }
            state = snapshot(dest / "newsfuse.db")
            if first is None:
                first = {"wall_s": r["wall_s"], "state": state}
            r["wall_ratio_to_first"] = round(r["wall_s"] / first["wall_s"], 2)
            r["store_equal_to_first"] = state == first["state"]
            print(json.dumps(r), file=sys.stderr)
            out.append(r)
    return out


def backends_markdown(runs: list[dict[str, Any]], command: str) -> str:
    stages = list(runs[0]["stage_seconds"]) if runs else []
    lines = [
        "# newsfuse on Dask beside the local backend",
        "",
        f"Command: `{command}` (on {os.cpu_count()} cores; load average at the start "
        f"{LOAD_AT_START}). Each backend runs `newsfuse run corpus.jsonl --out DIR -q` into its "
        "own store; wall seconds include starting the workers (and the Dask cluster). Peak "
        "memory and CPU are sampled every 0.2 s: the client process (the `newsfuse "
        "run` process: reading, decoding, the store, the corpus stages; with a local Dask "
        "cluster also its scheduler and nannies), and the whole process tree (workers, their "
        "guarded processes).",
        "",
        "| articles | backend | wall s | tree CPU s | client CPU s | articles/s | ratio to first | "
        "peak client GiB | "
        "peak tree GiB | store equal to first | "
        + " | ".join(f"{s} s" for s in stages)
        + " | load after |",
        "|---" * (11 + len(stages)) + "|",
    ]
    for r in runs:
        lines.append(
            f"| {r['size']} | {r['backend']} | {r['wall_s']} | {r['tree_cpu_s']} | "
            f"{r['client_cpu_s']} | "
            f"{r['articles_per_s']} | {r['wall_ratio_to_first']} | {r['peak_client_rss_gib']} | "
            f"{r['peak_rss_gib']} | {r['store_equal_to_first']} | "
            + " | ".join(str(round(r["stage_seconds"].get(s, 0), 1)) for s in stages)
            + f" | {r['load_after']} |"
        )
    return "\n".join(lines) + "\n"


LOAD_AT_START = round(os.getloadavg()[0], 1)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--increments", default="10000,100000")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--backend", choices=["local", "dask"], default="local")
    ap.add_argument("--workers", type=int, default=None, help="with --backend dask")
    ap.add_argument("--backends", default="", help="compare: local,dask:2,dask:1")
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x]
    incs = [int(x) for x in args.increments.split(",") if x]
    work = Path(tempfile.mkdtemp(prefix="newsfuse-scale-"))
    if args.backends:
        runs = backend_runs(sizes, args.backends.split(","), args.jobs, work)
        command = "python benchmarks/scale.py " + shlex.join(sys.argv[1:])
        text = backends_markdown(runs, command)
        print(text)
        if not args.no_save:
            save_results("scale_dask", {"runs": runs, "corpus": CORPUS_PARAMS}, text)
        return
    name = "scale"
    if args.backend == "dask":
        BACKEND_ARGS[:] = ["--backend", "dask"]
        if args.workers:
            BACKEND_ARGS.extend(["--workers", str(args.workers)])
        name = f"scale_dask_w{args.workers or 'cores'}"
    full = full_runs(sizes, args.jobs, work)
    inc = increments(incs, args.jobs, work)
    lines = ["# newsfuse at scale", "", "## `newsfuse run` end to end", ""]
    stages = sorted(
        {k for r in full for k in r["stage_seconds"]},
        key=list(full[0]["stage_seconds"]).index if full else str,
    )
    lines += [
        "| articles | wall s | CPU s | articles/s | peak RSS GiB | store bytes/article | "
        + " | ".join(f"{s} art/s" for s in stages)
        + " |",
        "|---" * (6 + len(stages)) + "|",
    ]
    for r in full:
        per = r["stage_articles_per_s"]
        lines.append(
            f"| {r['size']} | {r['wall_s']} | {r['cpu_s']} | {r['articles_per_s']} | "
            f"{r['peak_rss_gib']} | {r['store_bytes_per_article']} | "
            + " | ".join(str(per.get(s, "")) for s in stages)
            + " |"
        )
    lines += ["", "## Adding 1,000 new articles", "",
              "| store | add to it (s) | add to empty (s) | ratio | peak RSS GiB | equal to one run |",
              "|---|---|---|---|---|---|"]  # fmt: skip
    for r in inc:
        lines.append(
            f"| {r['store']} | {r['add_1000_wall_s']} | {r['add_1000_to_empty_wall_s']} | "
            f"{r['ratio']} | {r['peak_rss_gib']} | {r['equal_to_one_run']} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_save:
        save_results(name, {"full": full, "increments": inc, "corpus": CORPUS_PARAMS}, text)


if __name__ == "__main__":
    main()
