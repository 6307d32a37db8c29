"""A bounded load test of `newsfuse serve` on 127.0.0.1: latency per endpoint, zero errors.

    python benchmarks/serve_load.py --build-store          # once: the 10k-article store
    python benchmarks/serve_load.py [--requests 2000] [--concurrency 16]

Two stores are served, one after the other, each by a real `newsfuse serve` process bound to
127.0.0.1 on a free port:

- ``demo``: `newsfuse run examples/corpus` into a fresh store (a few seconds);
- ``10k``: a syndication corpus of about 10,000 articles made by the generator of
  ``benchmarks/_syndication.py`` from Timeline17 (``../shared/data/timeline17``; originals with
  their exact copies, wraps, edits, truncations, rewrites, and stand-alone articles), written
  as one JSONL file and run through `newsfuse run` once (``--build-store``; it takes a while),
  kept in ``benchmarks/.cache/serve_load/`` (never committed).

For each store, ``--requests`` requests (default 2,000) are sent ``--concurrency`` at a time
(default 16) by httpx over a fixed, seeded mix of endpoints: the story list (plain, sorted,
filtered), story pages, article pages, search, entities, and their JSON twins. Ids are drawn
from the store beforehand. Every response must be 200; anything else (or a transport error)
is an error. The table gives p50 and p95 latency per endpoint, measured by the client
(connection reuse on, as a browser does). The issue's target: p95 under 100 ms for story and
article pages on the 10k store. Results go to ``benchmarks/results/serve_load.{json,md}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from _data import CACHE_DIR, REPO_ROOT, save_results

WORK = CACHE_DIR / "serve_load"
BIG_STORE = WORK / "big" / "newsfuse.db"
BIG_CORPUS = WORK / "syndication10k.jsonl"


# -- the stores ------------------------------------------------------------------------------


def write_big_corpus(path: Path, total: int, size: int, distractors: int, seed: int) -> int:
    """``total`` articles as JSONL (text and metadata of each): the generated syndication
    corpus, topped up with the Timeline17 articles it did not use (real articles, with their
    own real copies and rolling updates), in a seeded order."""
    from _syndication import SyndicationCorpus, detokenize, load_timeline17

    pool = load_timeline17()
    corpus = SyndicationCorpus(size=size, distractors=distractors, seed=seed).build(pool)
    rows = [
        {
            "text": a.text,
            "title": a.title,
            "outlet": a.outlet,
            "published": a.published,
            "credit": a.credit,
            "url": a.url,
        }
        for a in corpus.articles
    ]
    used = {m.source for m in corpus.members.values()}
    rest = [a for a in pool if a.key not in used]
    random.Random(seed).shuffle(rest)
    for a in rest[: max(0, total - len(rows))]:
        text = "\n\n".join(detokenize(s) for s in a.sentences)
        rows.append({"text": text, "outlet": a.outlet, "published": a.date})
    random.Random(seed).shuffle(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows[:total]:
            f.write(json.dumps({k: v for k, v in row.items() if v}, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return min(total, len(rows))


def build_big_store(total: int, size: int, distractors: int, seed: int, jobs: int | None) -> None:
    n = write_big_corpus(BIG_CORPUS, total, size, distractors, seed)
    print(f"serve_load: {n} articles written to {BIG_CORPUS}", file=sys.stderr)
    cmd = [sys.executable, "-m", "newsfuse.cli", "run", str(BIG_CORPUS), "--out",
           str(BIG_STORE.parent), "-q"]  # fmt: skip
    if jobs:
        cmd += ["--jobs", str(jobs)]
    start = time.monotonic()
    proc = subprocess.run(cmd, check=False)
    print(
        f"serve_load: newsfuse run exited {proc.returncode} after {time.monotonic() - start:.0f} s",
        file=sys.stderr,
    )


def build_demo_store(path: Path) -> None:
    if path.exists():
        return
    cmd = [sys.executable, "-m", "newsfuse.cli", "run", str(REPO_ROOT / "examples" / "corpus"),
           "--out", str(path.parent), "-q"]  # fmt: skip
    subprocess.run(cmd, check=False)


# -- the load ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsfuse.cli",
            "serve",
            "--store",
            str(store),
            "--port",
            str(port),
            "--workers",
            str(workers),
            "-q",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 300  # opening a store migrates it first (FTS index)
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(  # noqa: B904 - the server's own message says why
                    f"newsfuse serve exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                )
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("newsfuse serve did not start in 300 s")


def plan(store: Path, n: int, seed: int) -> list[tuple[str, str]]:
    """(endpoint label, URL path) for ``n`` requests, drawn with a fixed seed from the ids and
    words of the store."""
    from newsfuse.store import Store

    with Store(store) as st:
        stories = [b.story for b in st.briefs()] or [s.id for s in st.stories()]
        articles = list(st.article_summaries())
        entities = [e["id"] for e in st.entity_summaries() if e["mentions"]]
        outlets = sorted({a["outlet"] for a in st.article_summaries().values() if a["outlet"]})
        labels = [s.label for s in st.stories()]
    words = sorted({w for label in labels for w in label.split() if w.isalpha() and len(w) > 5})
    rng = random.Random(seed)
    mix = [
        ("GET /stories", 10, lambda: "/stories"),
        ("GET /stories?sort,filter", 8, lambda: rng.choice([
            "/stories?sort=size", "/stories?sort=sources&page=2", "/stories?sort=attention",
            f"/stories?outlet={rng.choice(outlets)}" if outlets else "/stories",
            f"/stories?q={rng.choice(words)}" if words else "/stories",
        ])),
        ("GET /stories/{id}", 22, lambda: f"/stories/{rng.choice(stories)}"),
        ("GET /articles/{id}", 22, lambda: f"/articles/{rng.choice(articles)}"),
        ("GET /search?q=", 10, lambda: f"/search?q={rng.choice(words) if words else 'news'}"),
        ("GET /entities", 4, lambda: "/entities"),
        ("GET /entities/{id}", 6, lambda: f"/entities/{rng.choice(entities)}"),
        ("GET /stories/{id}.json", 9, lambda: f"/stories/{rng.choice(stories)}.json"),
        ("GET /articles/{id}.json", 9, lambda: f"/articles/{rng.choice(articles)}.json"),
    ]  # fmt: skip
    labels_, weights = [m[0] for m in mix], [m[1] for m in mix]
    makers = {m[0]: m[2] for m in mix}
    out = []
    for _ in range(n):
        label = rng.choices(labels_, weights)[0]
        out.append((label, makers[label]()))
    return out


async def load(base: str, requests: list[tuple[str, str]], concurrency: int) -> dict[str, Any]:
    import httpx

    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60.0) as client:
        # warm-up, not counted: the first request of each kind builds the server's overview
        warm = time.perf_counter()
        for label in dict.fromkeys(label for label, _ in requests):
            path = next(p for lab, p in requests if lab == label)
            await client.get(path)
        warm_seconds = time.perf_counter() - warm

        async def one(label: str, path: str) -> None:
            async with sem:
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    await r.aread()
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} {path}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__} {path}")
                timings[label].append((time.perf_counter() - t) * 1000)

        start = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(one(lab, p) for lab, p in requests)), timeout=1800)
        wall = time.perf_counter() - start
    rows = {}
    for label, ms in sorted(timings.items()):
        ms.sort()
        rows[label] = {
            "n": len(ms),
            "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1),
            "max_ms": round(ms[-1], 1),
        }
    return {
        "requests": len(requests),
        "concurrency": concurrency,
        "errors": len(errors),
        "error_samples": errors[:10],
        "wall_seconds": round(wall, 1),
        "requests_per_second": round(len(requests) / wall, 1),
        "warmup_seconds": round(warm_seconds, 2),
        "endpoints": rows,
    }


def measure(
    name: str, store: Path, n: int, concurrency: int, seed: int, workers: int
) -> dict[str, Any]:
    requests = plan(store, n, seed)
    load_before = os.getloadavg()[0]
    proc, base = start_server(store, workers)
    try:
        result = asyncio.run(load(base, requests, concurrency))
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as conn:
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "stories", "claim_clusters", "entities")
        }
    result["store"] = {"name": name, **counts}
    result["workers"] = workers
    result["load_average"] = round(max(load_before, os.getloadavg()[0]), 2)
    print(
        f"serve_load: {name}: {result['errors']} errors, {result['requests_per_second']} req/s",
        file=sys.stderr,
    )
    return result


def markdown(results: list[dict[str, Any]], command: str) -> str:
    lines = [
        "# newsfuse serve under load",
        "",
        f"`{command}`: {results[0]['requests'] if results else 0} requests per store, "
        f"{results[0]['concurrency'] if results else 0} at a time (then a quarter as many one at "
        "a time: the server's own time, without the queue), httpx on 127.0.0.1 against one "
        f"`newsfuse serve --workers {results[0]['workers'] if results else 2}` (uvicorn) on the "
        "2-core machine the other "
        "engineers share. Latency as the client measured it. Target: p95 under 100 ms for story "
        "and article pages on the 10k store.",
        "",
    ]
    for r in results:
        st = r["store"]
        lines += [
            f"## {st['name']} ({r['requests']} requests, {r['concurrency']} at a time): "
            f"{st['articles']:,} articles, {st['stories']:,} stories, "
            f"{st['claim_clusters']:,} claims, {st['entities']:,} entities",
            "",
            f"{r['errors']} errors; {r['requests_per_second']} requests/s; wall {r['wall_seconds']} s; "
            f"machine load average {r['load_average']} on 2 cores "
            f"(warm-up, not counted: {r['warmup_seconds']} s).",
            "",
            "| endpoint | requests | p50 ms | p95 ms | max ms |",
            "|---|---:|---:|---:|---:|",
        ]
        for label, row in r["endpoints"].items():
            lines.append(
                f"| `{label}` | {row['n']} | {row['p50_ms']} | {row['p95_ms']} | {row['max_ms']} |"
            )
        lines.append("")
    return "\n".join(lines)


def _completed(store: Path) -> bool:
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT status FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    return bool(row and row[0] == "completed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-store", action="store_true", help="build the 10k store")
    parser.add_argument("--articles", type=int, default=10_000, help="articles of the big store")
    parser.add_argument("--size", type=int, default=1400, help="generated families in it")
    parser.add_argument("--distractors", type=int, default=90)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="newsfuse serve --workers")
    parser.add_argument("--no-save", action="store_true", help="print, do not write results/")
    args = parser.parse_args()
    if args.build_store:
        build_big_store(args.articles, args.size, args.distractors, args.seed, args.jobs)
        return
    demo = WORK / "demo" / "newsfuse.db"
    build_demo_store(demo)
    stores = [("demo", demo)]
    if BIG_STORE.is_file() and _completed(BIG_STORE):
        stores.append(("10k", BIG_STORE))
    else:
        print(
            f"serve_load: no completed 10k store at {BIG_STORE}; build it with --build-store",
            file=sys.stderr,
        )
    results = [
        measure(name, path, args.requests, args.concurrency, args.seed, args.workers)
        for name, path in stores
    ]
    # the same mix one request at a time: the time the server takes for a request, without
    # the queue that 16 at a time on 2 shared cores builds (Little's law: 16 / throughput)
    results += [
        measure(f"{name}, one at a time", path, args.requests // 4, 1, args.seed, args.workers)
        for name, path in stores
    ]
    command = (
        "python benchmarks/serve_load.py"
        + (f" --requests {args.requests}" if args.requests != 2000 else "")
        + (f" --concurrency {args.concurrency}" if args.concurrency != 16 else "")
        + (f" --workers {args.workers}" if args.workers != 2 else "")
    )
    text = markdown(results, command)
    print(text)
    if not args.no_save:
        save_results("serve_load", {"command": command, "results": results}, text)


if __name__ == "__main__":
    main()
